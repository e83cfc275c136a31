//! Batch load: the buckets of the emulated S3 and the batch-load tasks.

use yew::prelude::*;

use super::PanelProps;

#[function_component(BatchPanel)]
pub fn batch_panel(props: &PanelProps) -> Html {
    let buckets = props.engine.0.borrow().list_buckets();
    html! {
        <section class="batch" aria-labelledby="batch-heading">
            <h2 id="batch-heading">{ "Batch load" }</h2>
            if buckets.is_empty() {
                <p class="placeholder">{ "No S3 buckets yet." }</p>
            } else {
                <ul data-testid="batch-buckets">
                    { for buckets.iter().map(|b| html! { <li class="mono">{ b.name.clone() }</li> }) }
                </ul>
            }
        </section>
    }
}
