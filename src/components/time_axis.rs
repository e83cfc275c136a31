//! A table's ingestion window as a linear time axis (SVG): the memory store window up to "now",
//! the future allowance after it, the magnetic store window running off to the left (it spans up
//! to years), and the table's records plotted where their times fall. Colours come from classes
//! (the page's CSP forbids inline styles).

use timestream_engine::clock::{iso8601_millis, Nanos};
use timestream_engine::IngestionWindow;
use yew::prelude::*;

/// The drawing's width in SVG units (it scales to its box); its viewBox is "0 0 600 84".
const W: f64 = 600.0;
/// Where the axis starts and ends in x (room for the edge labels), written as "24" and "588" in
/// the drawing (a test holds them).
const LEFT: f64 = 24.0;
const RIGHT: f64 = W - 12.0;

/// The time span drawn: the memory window and the future allowance, with a quarter of the
/// memory window before it (where the magnetic window starts, or older records are refused).
pub fn domain(w: &IngestionWindow) -> (Nanos, Nanos) {
    let span = (w.end - w.memory_start).max(1);
    (w.memory_start - span / 4, w.end + span / 20)
}

/// The x of time `t` on an axis over `domain`, clamped to the drawing.
pub fn x_of((from, to): (Nanos, Nanos), t: Nanos) -> f64 {
    let f = (t.saturating_sub(from)) as f64 / (to - from).max(1) as f64;
    LEFT + f.clamp(0.0, 1.0) * (RIGHT - LEFT)
}

/// `HH:MM` of a time (the axis's tick labels; the day is in the text list under the axis).
fn hh_mm(t: Nanos) -> String {
    iso8601_millis(t).get(11..16).unwrap_or_default().to_string()
}

/// `x` with one decimal, as `{:.1}` writes it but rounding halves away from zero: core's float
/// formatting would bring 4 KB of gzip into the wasm for the drawing's coordinates and one notice
/// (docs/benchmarks.md, "One instance each").
pub fn one_decimal(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// The axis of one table: `times` are (a sample of) its record times, `records` how many it has.
pub fn time_axis(w: &IngestionWindow, times: &[Nanos], records: usize) -> Html {
    let d = domain(w);
    let x = |t| x_of(d, t);
    let rect = |class: &'static str, a: f64, b: f64, label: &'static str| {
        html! { <rect class={classes!("seg", class)} x={one_decimal(a)} y="30" width={one_decimal((b - a).max(0.5))} height="14"><title>{ label }</title></rect> }
    };
    let older = times.iter().filter(|&&t| t < d.0).count();
    let dots = times.iter().filter(|&&t| t >= d.0).map(|&t| {
        let class = if t >= w.end {
            "rec out"
        } else if t >= w.memory_start {
            "rec"
        } else if w.magnetic_start.is_some_and(|m| t >= m) {
            "rec magnetic-rec"
        } else {
            "rec out"
        };
        html! { <circle class={class} cx={one_decimal(x(t))} cy="22" r="3.5"><title>{ iso8601_millis(t) }</title></circle> }
    });
    let ticks = (0..=4).map(|i| {
        let t = d.0 + (d.1 - d.0) / 4 * i;
        let anchor = match i {
            0 => "start",
            4 => "end",
            _ => "middle",
        };
        html! { <text class="tick" x={one_decimal(x(t))} y="78" text-anchor={anchor}>{ hh_mm(t) }</text> }
    });
    let magnetic = match w.magnetic_start {
        Some(_) => {
            html! { <>{ rect("magnetic", LEFT, x(w.memory_start), "Magnetic store window (continues to the left)") }<text class="label" x="24" y="58">{ "\u{2190} magnetic" }</text></> }
        }
        None => html! { <text class="label" x="24" y="58">{ "refused (magnetic writes off)" }</text> },
    };
    let summary = format!(
        "Time axis: memory store from {} to now {}, future allowance to {}; {} record{} plotted{}",
        iso8601_millis(w.memory_start),
        iso8601_millis(w.now),
        iso8601_millis(w.end),
        times.len(),
        if times.len() == 1 { "" } else { "s" },
        if records > times.len() { format!(" (a sample of {records})") } else { String::new() },
    );
    html! {
        <svg class="axis" viewBox="0 0 600 84" role="img" aria-label={summary} data-testid="clock-axis">
            { magnetic }
            { rect("memory", x(w.memory_start), x(w.now), "Memory store window") }
            { rect("future", x(w.now), x(w.end), "Future allowance (15 minutes)") }
            <line class="baseline" x1="24" x2="588" y1="44" y2="44" />
            <line class="now" x1={one_decimal(x(w.now))} x2={one_decimal(x(w.now))} y1="6" y2="64" />
            <text class="now-label" x={one_decimal(x(w.now))} y="12" text-anchor="middle" data-testid="clock-axis-now">{ "now" }</text>
            { for dots }
            if older > 0 {
                <text class="label" x="24" y="26">{ format!("+{older} older") }</text>
            }
            { for ticks }
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use timestream_engine::clock::NANOS_PER_MINUTE;

    #[test]
    fn the_axis_is_linear_and_now_sits_before_the_future_allowance() {
        let now = 1_000_000 * NANOS_PER_MINUTE;
        let w = IngestionWindow { now, memory_start: now - 385 * NANOS_PER_MINUTE, magnetic_start: None, end: now + 15 * NANOS_PER_MINUTE };
        let d = domain(&w);
        let (a, n, e) = (x_of(d, w.memory_start), x_of(d, now), x_of(d, w.end));
        assert!(LEFT < a && a < n && n < e && e < RIGHT, "{a} {n} {e}");
        // Linear: 385 minutes of memory window are 385/15 times as wide as the allowance.
        assert!(((n - a) / (e - n) - 385.0 / 15.0).abs() < 1e-6);
        assert_eq!(x_of(d, i64::MIN / 2), LEFT);
        assert_eq!(x_of(d, i64::MAX / 2), RIGHT);
        assert_eq!((one_decimal(LEFT), one_decimal(RIGHT)), ("24.0".to_string(), "588.0".to_string()), "the drawing's literals");
    }

    #[test]
    fn one_decimal_writes_tenths() {
        for (x, text) in [(0.0, "0.0"), (12.34, "12.3"), (12.36, "12.4"), (0.25, "0.3"), (587.99, "588.0"), (4.6, "4.6"), (-0.26, "-0.3"), (-0.04, "0.0")] {
            assert_eq!(one_decimal(x), text, "{x}");
        }
    }
}
