//! Time in scenarios: durations (`+10m`), instants (ISO-8601 or epoch ms) and the `{{now...}}`
//! placeholders of request strings.

use serde_json::{Map, Value};

use crate::clock::{Nanos, NANOS_PER_DAY, NANOS_PER_HOUR, NANOS_PER_MILLI, NANOS_PER_MINUTE, NANOS_PER_SECOND};

const UNITS: &[(&str, Nanos)] = &[("ms", NANOS_PER_MILLI), ("s", NANOS_PER_SECOND), ("m", NANOS_PER_MINUTE), ("h", NANOS_PER_HOUR), ("d", NANOS_PER_DAY)];

/// Parses a duration: an optional sign then one or more `<integer><unit>` parts with units
/// `ms`, `s`, `m`, `h`, `d` (`+10m`, `-1h30m`, `90s`, `250ms`). Returns nanoseconds.
pub fn parse_duration(text: &str) -> Result<Nanos, String> {
    let t = text.trim();
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => (1, t),
    };
    if rest.is_empty() {
        return Err(format!("\"{text}\" is not a duration (expected e.g. \"+10m\", \"-1h30m\", \"90s\", \"250ms\")"));
    }
    let mut total: Nanos = 0;
    let mut s = rest;
    while !s.is_empty() {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(format!("\"{text}\" is not a duration: expected a number at \"{s}\" (e.g. \"+10m\", \"90s\")"));
        }
        let n: i64 = s[..digits].parse().map_err(|_| format!("\"{text}\": the number {} is too large", &s[..digits]))?;
        s = &s[digits..];
        let unit_len = s.bytes().take_while(u8::is_ascii_alphabetic).count();
        let unit = &s[..unit_len];
        let Some(&(_, scale)) = UNITS.iter().find(|(u, _)| *u == unit) else {
            let hint = if unit.is_empty() { "a unit is missing".to_string() } else { format!("unknown unit \"{unit}\"") };
            return Err(format!("\"{text}\" is not a duration: {hint} (units: ms, s, m, h, d)"));
        };
        s = &s[unit_len..];
        total = n.checked_mul(scale).and_then(|p| total.checked_add(p)).ok_or_else(|| format!("\"{text}\" is too long a duration"))?;
    }
    Ok(sign * total)
}

/// The shortest exact form of a duration with the units of [`parse_duration`] (`+1h30m`, `-250ms`).
pub fn format_duration(d: Nanos) -> String {
    let sign = if d < 0 { '-' } else { '+' };
    let mut rest = d.unsigned_abs();
    if rest == 0 {
        return "+0ms".into();
    }
    let mut out = String::from(sign);
    for &(unit, scale) in UNITS.iter().rev() {
        let scale = scale as u64;
        if rest >= scale {
            out.push_str(&format!("{}{unit}", rest / scale));
            rest %= scale;
        }
    }
    if rest > 0 {
        // Sub-millisecond remainders cannot be written; they only arise from code-built steps.
        out.push_str("0ms");
    }
    out
}

/// Parses an instant: epoch milliseconds (JSON number) or ISO-8601 (`2024-01-01T00:00:00Z`,
/// `2024-01-01T00:00:00.250+02:00`, `2024-01-01`). Returns ns since the epoch.
pub fn parse_instant(v: &Value) -> Result<Nanos, String> {
    match v {
        Value::Number(n) => {
            let ms = n.as_i64().ok_or_else(|| format!("{n} is not a whole number of epoch milliseconds"))?;
            ms.checked_mul(NANOS_PER_MILLI).ok_or_else(|| format!("{ms} ms is out of range"))
        }
        Value::String(s) => parse_iso(s),
        other => Err(format!("expected an ISO-8601 string or epoch milliseconds, got {}", kind(other))),
    }
}

fn parse_iso(s: &str) -> Result<Nanos, String> {
    let bad = || format!("\"{s}\" is not an ISO-8601 instant (expected e.g. \"2024-01-01T00:00:00Z\")");
    let b = s.trim().as_bytes();
    let num = |r: std::ops::Range<usize>| -> Result<i64, String> {
        let part = b.get(r).ok_or_else(bad)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return Err(bad());
        }
        std::str::from_utf8(part).map_err(|_| bad())?.parse::<i64>().map_err(|_| bad())
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return Err(format!("\"{s}\" names a day that does not exist"));
    }
    let mut nanos = days_from_civil(year, month, day) * NANOS_PER_DAY;
    if b.len() == 10 {
        return Ok(nanos);
    }
    if !matches!(b[10], b'T' | b't' | b' ') || b.len() < 19 || b[13] != b':' || b[16] != b':' {
        return Err(bad());
    }
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if h > 23 || mi > 59 || sec > 60 {
        return Err(format!("\"{s}\" has a time of day out of range"));
    }
    nanos += h * NANOS_PER_HOUR + mi * NANOS_PER_MINUTE + sec * NANOS_PER_SECOND;
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 9 {
            return Err(bad());
        }
        let frac = num(i + 1..i + 1 + digits)?;
        nanos += frac * 10i64.pow(9 - digits as u32);
        i += 1 + digits;
    }
    match b.get(i) {
        Some(b'Z' | b'z') if i + 1 == b.len() => Ok(nanos),
        Some(sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let offset = num(i + 1..i + 3)? * NANOS_PER_HOUR + num(i + 4..i + 6)? * NANOS_PER_MINUTE;
            Ok(if *sign == b'+' { nanos - offset } else { nanos + offset })
        }
        _ => Err(format!("\"{s}\" needs a time zone: end it with \"Z\" or an offset like \"+02:00\"")),
    }
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Howard Hinnant's civil-to-days algorithm.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Replaces every `{{now}}`, `{{now±DURATION}}` and `{{now±DURATION:UNIT}}` (UNIT: `ms` default,
/// `s`, `us`, `ns`) in `text` by the epoch count of `now` shifted by the duration. A
/// `{{last.Member}}` stays as written (see [`substitute_with`]).
pub fn substitute_placeholders(text: &str, now: Nanos) -> Result<String, String> {
    substitute_with(text, now, &Last::default())
}

/// [`substitute_placeholders`] that also replaces `{{last.Member}}` by the string value of the
/// top-level `Member` of the latest response that had one (`{{last.TaskId}}`); with no such
/// response the placeholder stays as written, and the service then judges it.
pub fn substitute_with(text: &str, now: Nanos, last: &Last) -> Result<String, String> {
    if !text.contains("{{") {
        return Ok(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("}}").ok_or_else(|| format!("\"{text}\": a placeholder \"{{{{\" is not closed with \"}}}}\""))?;
        match placeholder_value(after[..close].trim(), now, last)? {
            Some(v) => out.push_str(&v),
            None => out.push_str(&rest[open..open + close + 4]),
        }
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The top-level string members of the responses seen so far, for `{{last.Member}}`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Last(pub Map<String, Value>);

impl Last {
    /// Keeps every top-level string member of a response body.
    pub fn remember(&mut self, body: &Value) {
        for (k, v) in body.as_object().into_iter().flatten() {
            if v.is_string() && k != "__type" && k != "message" {
                self.0.insert(k.clone(), v.clone());
            }
        }
    }
    pub fn get(&self, member: &str) -> Option<&str> {
        self.0.get(member).and_then(Value::as_str)
    }
}

fn placeholder_value(inner: &str, now: Nanos, last: &Last) -> Result<Option<String>, String> {
    if let Some(member) = inner.strip_prefix("last.") {
        if member.is_empty() || !member.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(format!("placeholder \"{{{{{inner}}}}}\": expected a member name such as {{{{last.TaskId}}}}"));
        }
        return Ok(last.get(member).map(str::to_string));
    }
    let unknown =
        || format!("unknown placeholder \"{{{{{inner}}}}}\" (expected {{{{now}}}}, {{{{now-5m}}}}, {{{{now+20m}}}}, {{{{now-1h:s}}}} or {{{{last.TaskId}}}})");
    let (expr, unit) = match inner.split_once(':') {
        Some((e, u)) => (e.trim(), u.trim()),
        None => (inner, "ms"),
    };
    let shift = match expr.strip_prefix("now") {
        Some("") => 0,
        Some(d) if d.starts_with(['+', '-']) => parse_duration(d).map_err(|e| format!("in placeholder \"{{{{{inner}}}}}\": {e}"))?,
        _ => return Err(unknown()),
    };
    let per = match unit {
        "ms" => NANOS_PER_MILLI,
        "s" => NANOS_PER_SECOND,
        "us" => 1_000,
        "ns" => 1,
        other => return Err(format!("placeholder \"{{{{{inner}}}}}\": unknown unit \"{other}\" (ms, s, us, ns)")),
    };
    let t = now.checked_add(shift).ok_or_else(|| format!("placeholder \"{{{{{inner}}}}}\" is out of range"))?;
    Ok(Some(t.div_euclid(per).to_string()))
}

/// Applies [`substitute_placeholders`] to every string of a JSON value (not to member names).
pub(crate) fn substitute_in_value(v: &Value, now: Nanos, last: &Last) -> Result<Value, String> {
    let mut first_error = None;
    let out = map_strings(v, &mut |s| match substitute_with(s, now, last) {
        Ok(x) => x,
        Err(e) => {
            first_error.get_or_insert(e);
            s.to_string()
        }
    });
    first_error.map_or(Ok(out), Err)
}

fn map_strings(v: &Value, f: &mut dyn FnMut(&str) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(f(s)),
        Value::Array(items) => Value::Array(items.iter().map(|i| map_strings(i, f)).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, i)| (k.clone(), map_strings(i, f))).collect()),
        other => other.clone(),
    }
}

/// Checks every placeholder of a request; the error names the member path (`Records[0].Time`).
pub(crate) fn check_placeholders(v: &Value, path: &str) -> Result<(), String> {
    match v {
        Value::String(s) => substitute_placeholders(s, 0).map(|_| ()).map_err(|e| format!("{path}: {e}")),
        Value::Array(items) => items.iter().enumerate().try_for_each(|(i, x)| check_placeholders(x, &format!("{path}[{i}]"))),
        Value::Object(m) => m.iter().try_for_each(|(k, x)| check_placeholders(x, &format!("{path}.{k}"))),
        _ => Ok(()),
    }
}

pub(crate) use crate::wire::kind;
