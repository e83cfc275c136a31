//! The clock: the engine's current time, system or virtual, and a way to advance it.

use timestream_engine::clock::{iso8601_millis, NANOS_PER_MINUTE};
use timestream_engine::ClockMode;
use yew::prelude::*;

use super::PanelProps;

#[function_component(ClockPanel)]
pub fn clock_panel(props: &PanelProps) -> Html {
    let (now, mode) = {
        let e = props.engine.0.borrow();
        (e.now(), e.clock.mode)
    };
    let advance = {
        let (engine, onchange) = (props.engine.clone(), props.onchange.clone());
        Callback::from(move |_| {
            engine.0.borrow_mut().clock.advance(15 * NANOS_PER_MINUTE);
            onchange.emit(());
        })
    };
    html! {
        <section class="clock" aria-labelledby="clock-heading">
            <h2 id="clock-heading">{ "Clock" }</h2>
            <p>
                <span data-testid="clock-now" class="mono">{ iso8601_millis(now) }</span>
                { if matches!(mode, ClockMode::System) { " (system time)" } else { " (virtual time)" } }
            </p>
            <button type="button" onclick={advance}>{ "Advance 15 minutes" }</button>
        </section>
    }
}
