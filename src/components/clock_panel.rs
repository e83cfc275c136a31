//! The clock: the engine's current time, system or virtual; set it, advance it, give it back to
//! the system; and each table's ingestion window at that time, as a linear time axis with "now"
//! and the table's records (src/components/time_axis.rs) and as text.

use timestream_engine::clock::{iso8601_millis, Nanos, NANOS_PER_DAY, NANOS_PER_HOUR, NANOS_PER_MILLI, NANOS_PER_MINUTE};
use timestream_engine::ClockMode;
use yew::prelude::*;

use timestream_engine::protocol::{Reply, Request};

use super::PanelProps;
use crate::hooks::use_query;

const STEPS: [(&str, &str, Nanos); 4] = [
    ("+1 min", "Advance 1 minute", NANOS_PER_MINUTE),
    ("+15 min", "Advance 15 minutes", 15 * NANOS_PER_MINUTE),
    ("+1 h", "Advance 1 hour", NANOS_PER_HOUR),
    ("+1 day", "Advance 1 day", NANOS_PER_DAY),
];

/// Epoch milliseconds (digits) or an ISO-8601 date the browser can parse, in nanoseconds.
fn parse_time(text: &str) -> Option<Nanos> {
    let text = text.trim();
    let ms = match text.parse::<i64>() {
        Ok(ms) => ms as f64,
        Err(_) => js_sys::Date::parse(text),
    };
    (ms.is_finite() && ms.abs() < 8.64e15).then(|| ms as Nanos * NANOS_PER_MILLI)
}

#[function_component(ClockPanel)]
pub fn clock_panel(props: &PanelProps) -> Html {
    let input = use_node_ref();
    let error = use_state(|| None::<String>);
    let reply = use_query(&props.client, Some(Request::Clock), props.revision);
    let Some(Reply::Clock { mode, now, windows }) = reply.as_deref() else {
        return html! { <section class="clock" aria-labelledby="clock-heading"><h2 id="clock-heading">{ "Clock" }</h2><p class="placeholder">{ "Asking the engine…" }</p></section> };
    };
    let (mode, now) = (*mode, *now);
    let change = |request: Request| {
        let client = props.client.clone();
        Callback::from(move |_: MouseEvent| client.tell(request.clone()))
    };
    let onset = {
        let (client, input, error) = (props.client.clone(), input.clone(), error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let text = input.get().and_then(|n| js_sys::Reflect::get(&n, &"value".into()).ok()).and_then(|v| v.as_string()).unwrap_or_default();
            match parse_time(&text) {
                Some(t) => {
                    error.set(None);
                    client.tell(Request::SetClock { now: t });
                }
                None => error.set(Some(format!("Not a time: {text:?}. Use ISO-8601 (2024-01-01T00:00:00Z) or epoch milliseconds."))),
            }
        })
    };
    let buttons = STEPS.iter().map(|&(text, label, by)| {
        html! { <button type="button" aria-label={label} onclick={change(Request::AdvanceClock { by })}>{ text }</button> }
    });
    let windows = windows.iter().map(|t| {
        let w = &t.window;
        let mut segs = Vec::new();
        if let Some(m) = w.magnetic_start {
            segs.push(("magnetic", "Magnetic store", m, w.memory_start));
        }
        segs.push(("memory", "Memory store", w.memory_start, w.now));
        segs.push(("future", "Future allowance", w.now, w.end));
        html! {
            <li class="window" data-testid="clock-window">
                <strong>{ format!("{}.{}", t.database, t.table) }</strong>
                { super::time_axis::time_axis(w, &t.times, t.records) }
                <ul class="window-text">
                    { for segs.iter().map(|s| html! { <li><span class={classes!("swatch", s.0)}></span>{ format!("{}: {} to {}", s.1, iso8601_millis(s.2), iso8601_millis(s.3)) }</li> }) }
                    if w.magnetic_start.is_none() { <li>{ "Magnetic store writes disabled: older records are rejected." }</li> }
                </ul>
            </li>
        }
    });
    html! {
        <section class="clock" aria-labelledby="clock-heading">
            <h2 id="clock-heading">{ "Clock" }</h2>
            <p>
                <span data-testid="clock-now" class="mono">{ iso8601_millis(now) }</span>
                <span data-testid="clock-mode">{ if matches!(mode, ClockMode::System) { " (system time)" } else { " (virtual time)" } }</span>
            </p>
            <form class="toolbar" onsubmit={onset}>
                <div class="field">
                    <label for="clock-input">{ "Set virtual time (ISO-8601 or epoch ms)" }</label>
                    <input id="clock-input" ref={input} class="mono" placeholder="2024-01-01T00:00:00Z" />
                </div>
                <button type="submit">{ "Set" }</button>
                { for buttons }
                <button type="button" class="secondary" onclick={change(Request::SystemClock)}>{ "Use system time" }</button>
            </form>
            if let Some(e) = &*error { <p class="diag-rule" role="alert">{ e.clone() }</p> }
            <h3>{ "Ingestion windows" }</h3>
            <p class="hint">{ "Each table's axis is linear in time: the memory store window ends at now, the future allowance (15 minutes) follows, the magnetic store window runs off to the left. Dots are the table's records at their own Time." }</p>
            <ul class="windows">{ for windows }</ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_epoch_milliseconds_or_iso() {
        assert_eq!(parse_time("1704067200000"), Some(1_704_067_200_000 * NANOS_PER_MILLI));
    }
}
