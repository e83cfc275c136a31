//! A labelled `<select>` over every operation of the service.

use timestream_engine::Operation;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct OperationPickerProps {
    pub operation: Operation,
    pub onselect: Callback<Operation>,
}

#[function_component(OperationPicker)]
pub fn operation_picker(props: &OperationPickerProps) -> Html {
    let onchange = {
        let onselect = props.onselect.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(op) = Operation::from_name(&select.value()) {
                onselect.emit(op);
            }
        })
    };
    // `selected` on an <option> stops moving the selection once the user has picked one, so
    // the select's value is set after each render when the operation changes from elsewhere
    // (a paste, a scenario step, a restored session).
    let select = use_node_ref();
    {
        let select = select.clone();
        use_effect_with(props.operation, move |op| {
            if let Some(el) = select.cast::<HtmlSelectElement>() {
                el.set_value(op.name());
            }
        });
    }
    html! {
        <div class="field">
            <label for="operation">{ "Operation" }</label>
            <select ref={select} id="operation" name="operation" {onchange}>
                { for Operation::ALL.iter().map(|op| html! {
                    <option value={op.name()} selected={*op == props.operation}>{ op.name() }</option>
                }) }
            </select>
        </div>
    }
}
