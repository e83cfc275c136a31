//! Injected time: the system clock by default, or a virtual clock that can be set and advanced.

use serde::{Deserialize, Serialize};

/// Nanoseconds since the Unix epoch.
pub type Nanos = i64;

pub const NANOS_PER_MILLI: i64 = 1_000_000;
pub const NANOS_PER_SECOND: i64 = 1_000_000_000;
pub const NANOS_PER_MINUTE: i64 = 60 * NANOS_PER_SECOND;
pub const NANOS_PER_HOUR: i64 = 60 * NANOS_PER_MINUTE;
pub const NANOS_PER_DAY: i64 = 24 * NANOS_PER_HOUR;

/// A source of wall-clock time in milliseconds since the epoch (e.g. `js_sys::Date::now`).
pub type TimeSource = fn() -> f64;

/// On the wire `{"mode": "system"}` or `{"mode": "virtual", "now": <ns>}`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum ClockMode {
    /// Time comes from the injected time source.
    #[default]
    System,
    /// Time stands still at `now` (ns since epoch) until set or advanced.
    Virtual { now: Nanos },
}

/// Read through a JSON value: serde's reader of an internally tagged enum buffers the object
/// and reads it again, once per format (about 2 KB of gzip in the browser for this small type).
impl<'de> Deserialize<'de> for ClockMode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let v = serde_json::Value::deserialize(d)?;
        match v.get("mode").and_then(serde_json::Value::as_str) {
            Some("system") => Ok(ClockMode::System),
            Some("virtual") => match v.get("now") {
                Some(now) => now
                    .as_i64()
                    .map(|now| ClockMode::Virtual { now })
                    .ok_or_else(|| D::Error::custom(format!("invalid clock time {}, expected an integer of nanoseconds", crate::json_text(now)))),
                None => Err(D::Error::missing_field("now")),
            },
            Some(other) => Err(D::Error::unknown_variant(other, &["system", "virtual"])),
            None => Err(D::Error::missing_field("mode")),
        }
    }
}

#[derive(Clone)]
pub struct Clock {
    pub mode: ClockMode,
    source: TimeSource,
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clock").field("mode", &self.mode).finish()
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn system_millis() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs_f64() * 1000.0).unwrap_or(0.0)
}

#[cfg(target_arch = "wasm32")]
fn system_millis() -> f64 {
    // The engine has no web dependencies: a browser host injects `Date.now` with
    // `Clock::with_source`. Until then time stands at the epoch rather than panicking.
    0.0
}

impl Default for Clock {
    fn default() -> Self {
        Clock { mode: ClockMode::System, source: system_millis }
    }
}

impl Clock {
    pub fn with_source(source: TimeSource) -> Self {
        Clock { mode: ClockMode::System, source }
    }
    pub fn virtual_at(now: Nanos) -> Self {
        Clock { mode: ClockMode::Virtual { now }, source: system_millis }
    }
    pub fn set_source(&mut self, source: TimeSource) {
        self.source = source;
    }
    pub fn now(&self) -> Nanos {
        match self.mode {
            ClockMode::System => ((self.source)() * NANOS_PER_MILLI as f64) as Nanos,
            ClockMode::Virtual { now } => now,
        }
    }
    /// Freezes the clock at `now`.
    pub fn set(&mut self, now: Nanos) {
        self.mode = ClockMode::Virtual { now };
    }
    /// Moves the clock forward (or back, with a negative amount); a system clock becomes virtual.
    pub fn advance(&mut self, by: Nanos) {
        let now = self.now().saturating_add(by);
        self.mode = ClockMode::Virtual { now };
    }
    pub fn use_system(&mut self) {
        self.mode = ClockMode::System;
    }
}

/// Epoch seconds with a millisecond fraction, as the service encodes timestamps in responses.
pub fn epoch_seconds(t: Nanos) -> f64 {
    let millis = t.div_euclid(NANOS_PER_MILLI);
    millis as f64 / 1000.0
}

/// ISO-8601 UTC with milliseconds, as in the service's rejection reasons
/// (`2023-02-13T19:22:45.051Z`).
pub fn iso8601_millis(t: Nanos) -> String {
    let millis = t.div_euclid(NANOS_PER_MILLI);
    let secs = millis.div_euclid(1000);
    let ms = millis.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{ms:03}Z", sod / 3600, (sod % 3600) / 60, sod % 60)
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_iso_and_epoch_seconds() {
        let t = 1_676_316_165_051 * NANOS_PER_MILLI;
        assert_eq!(iso8601_millis(t), "2023-02-13T19:22:45.051Z");
        assert_eq!(epoch_seconds(t), 1_676_316_165.051);
        assert_eq!(iso8601_millis(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso8601_millis(-1), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn virtual_clock_sets_and_advances() {
        let mut c = Clock::virtual_at(1_000);
        assert_eq!(c.now(), 1_000);
        c.advance(500);
        assert_eq!(c.now(), 1_500);
        c.set(7);
        assert_eq!(c.now(), 7);
        c.use_system();
        assert!(c.now() > 1_600_000_000 * NANOS_PER_SECOND);
    }

    /// The wire form as serde's internally tagged enum wrote and read it, read from a JSON
    /// value and from JSON text; what is not a clock mode is refused, naming what is wrong.
    #[test]
    fn clock_modes_read_as_written() {
        for (mode, text) in
            [(ClockMode::System, r#"{"mode":"system"}"#), (ClockMode::Virtual { now: i64::MAX }, r#"{"mode":"virtual","now":9223372036854775807}"#)]
        {
            assert_eq!(serde_json::to_string(&mode).unwrap(), text);
            assert_eq!(serde_json::from_str::<ClockMode>(text).unwrap(), mode);
            assert_eq!(serde_json::from_value::<ClockMode>(serde_json::from_str(text).unwrap()).unwrap(), mode);
        }
        // Other members are ignored, as before.
        assert_eq!(serde_json::from_str::<ClockMode>(r#"{"now":5,"mode":"system","x":1}"#).unwrap(), ClockMode::System);
        for (bad, says) in [
            (r#"{"mode":"solar"}"#, "unknown variant `solar`, expected `system` or `virtual`"),
            (r#"{"mode":"virtual"}"#, "missing field `now`"),
            (r#"{"mode":"virtual","now":1.5}"#, "invalid clock time 1.5"),
            (r#"{"now":1}"#, "missing field `mode`"),
            (r#""system""#, "missing field `mode`"),
        ] {
            let e = serde_json::from_str::<ClockMode>(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
