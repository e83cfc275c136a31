//! Measure values: the types of the service, parsing per type, and the compact stored form.

use serde::Serialize;

use super::intern::{Interner, Sym};
use crate::clock::Nanos;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum MeasureType {
    #[default]
    Double,
    Bigint,
    Varchar,
    Boolean,
    Timestamp,
    Multi,
}

crate::value_de::lean_unit_enum!(MeasureType, Upper; Double, Bigint, Varchar, Boolean, Timestamp, Multi);

impl MeasureType {
    pub fn parse(s: &str) -> Option<MeasureType> {
        Some(match s {
            "DOUBLE" => MeasureType::Double,
            "BIGINT" => MeasureType::Bigint,
            "VARCHAR" => MeasureType::Varchar,
            "BOOLEAN" => MeasureType::Boolean,
            "TIMESTAMP" => MeasureType::Timestamp,
            "MULTI" => MeasureType::Multi,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            MeasureType::Double => "DOUBLE",
            MeasureType::Bigint => "BIGINT",
            MeasureType::Varchar => "VARCHAR",
            MeasureType::Boolean => "BOOLEAN",
            MeasureType::Timestamp => "TIMESTAMP",
            MeasureType::Multi => "MULTI",
        }
    }
}

/// Nanoseconds per unit of a `TimeUnit` value (default MILLISECONDS).
pub fn unit_nanos(unit: Option<&str>) -> i64 {
    match unit {
        Some("SECONDS") => 1_000_000_000,
        Some("MICROSECONDS") => 1_000,
        Some("NANOSECONDS") => 1,
        _ => 1_000_000,
    }
}

/// `Time` + `TimeUnit` → nanoseconds since the epoch; `None` when it is not an integer or
/// overflows the representable range.
pub fn parse_time(time: &str, unit: Option<&str>) -> Option<Nanos> {
    parse_i64(time)?.checked_mul(unit_nanos(unit))
}

/// Powers of ten that f64 holds exactly.
const POW10: [f64; 16] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/// A short plain decimal (`[+-]digits[.digits]`, at most 15 digits in all) read exactly as
/// `str::parse::<f64>` reads it: the digits are an integer below 2^53 and the scale a power of
/// ten that f64 holds exactly, so one correctly rounded division gives the nearest double
/// (Clinger's fast path). None for anything else, which then goes to `float::parse_finite`.
fn plain_decimal(b: &[u8]) -> Option<f64> {
    let (neg, rest) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if rest.len() > 16 {
        return None;
    }
    // One pass: the digits' value, and how many there were when the dot came.
    let (mut m, mut digits, mut dot) = (0u64, 0usize, None);
    for &c in rest {
        let d = c.wrapping_sub(b'0');
        if d <= 9 {
            m = m * 10 + d as u64;
            digits += 1;
        } else if c == b'.' && dot.is_none() && digits > 0 {
            dot = Some(digits);
        } else {
            return None;
        }
    }
    // A dot needs digits on both sides ("5." and ".5" are left to str::parse).
    let scale = match dot {
        Some(at) if at == digits => return None,
        Some(at) => digits - at,
        None => 0,
    };
    if digits == 0 || digits > 15 {
        return None;
    }
    let v = m as f64 / POW10[scale];
    Some(if neg { -v } else { v })
}

/// Eight ASCII digits (the first in the lowest byte) as their value, None if a byte is not a
/// digit (SWAR: each step pairs neighbours, 8 → 4 → 2 → 1 lanes).
#[inline]
fn eight_digits(w: u64) -> Option<u64> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    // Every byte in 0x30..=0x39: its high nibble is 3, and adding 6 keeps it 3.
    if w & (ONES * 0xf0) != ONES * 0x30 || (w.wrapping_add(ONES * 0x06)) & (ONES * 0xf0) != ONES * 0x30 {
        return None;
    }
    let v = w - ONES * 0x30;
    let v = (v.wrapping_mul(10) + (v >> 8)) & 0x00ff_00ff_00ff_00ff;
    let v = (v.wrapping_mul(100) + (v >> 16)) & 0x0000_ffff_0000_ffff;
    Some((v.wrapping_mul(10_000) + (v >> 32)) & 0xffff_ffff)
}

/// Strict 64-bit integer: optional sign and ASCII digits only.
pub fn parse_i64(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return None;
    }
    if digits.len() <= 18 {
        // Below 10^18: no overflow possible. Eight digits at a time while there are eight.
        let mut n: i64 = 0;
        let mut digits = digits;
        while let Some((chunk, rest)) = digits.split_first_chunk::<8>() {
            n = n * 100_000_000 + eight_digits(u64::from_le_bytes(*chunk))? as i64;
            digits = rest;
        }
        for &c in digits {
            let d = c.wrapping_sub(b'0');
            if d > 9 {
                return None;
            }
            n = n * 10 + d as i64;
        }
        return Some(if neg { -n } else { n });
    }
    // One pass; negatives accumulate downwards so i64::MIN is reachable.
    let mut n: i64 = 0;
    for &c in digits {
        let d = c.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n.checked_mul(10)?;
        n = if neg { n.checked_sub(d as i64)? } else { n.checked_add(d as i64)? };
    }
    Some(n)
}

/// A value as parsed from a request, borrowing its text.
#[derive(Debug, Clone, PartialEq)]
pub enum InValue<'a> {
    Double(f64),
    Bigint(i64),
    Boolean(bool),
    Varchar(&'a str),
    /// Nanoseconds since the epoch.
    Timestamp(i64),
    Multi(Vec<(&'a str, InValue<'a>)>),
}

/// Parses a scalar measure value as its declared type; `None` when it is not a valid value of
/// that type (DOUBLE rejects NaN and infinities; BIGINT is 64-bit; BOOLEAN is true/false in any
/// case; TIMESTAMP is an epoch integer in the record's unit within 1970..2262).
pub fn parse_scalar<'a>(ty: MeasureType, text: &'a str, unit: Option<&str>) -> Option<InValue<'a>> {
    Some(match ty {
        MeasureType::Double => {
            let bytes = text.as_bytes();
            // Rust also reads "inf", "nan" and "infinity": the service cannot store them.
            InValue::Double(match plain_decimal(bytes) {
                Some(v) => v,
                None => crate::float::parse_finite(text)?,
            })
        }
        MeasureType::Bigint => InValue::Bigint(parse_i64(text)?),
        MeasureType::Boolean => {
            if text.eq_ignore_ascii_case("true") {
                InValue::Boolean(true)
            } else if text.eq_ignore_ascii_case("false") {
                InValue::Boolean(false)
            } else {
                return None;
            }
        }
        MeasureType::Varchar => InValue::Varchar(text),
        MeasureType::Timestamp => {
            let ns = parse_i64(text)?.checked_mul(unit_nanos(unit))?;
            if ns < 0 {
                return None;
            }
            InValue::Timestamp(ns)
        }
        MeasureType::Multi => return None,
    })
}

impl InValue<'_> {
    pub fn measure_type(&self) -> MeasureType {
        match self {
            InValue::Double(_) => MeasureType::Double,
            InValue::Bigint(_) => MeasureType::Bigint,
            InValue::Boolean(_) => MeasureType::Boolean,
            InValue::Varchar(_) => MeasureType::Varchar,
            InValue::Timestamp(_) => MeasureType::Timestamp,
            InValue::Multi(_) => MeasureType::Multi,
        }
    }
}

/// The stored form: 16 bytes. VARCHAR text is interned; MULTI values live in a side table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    Double(f64),
    Bigint(i64),
    Boolean(bool),
    Varchar(Sym),
    Timestamp(i64),
    /// A MULTI value: where its attributes are in the store's attribute vector (start, count).
    Multi(u32, u32),
}

/// A value rendered for people and snapshots: type plus text, as the request would carry it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ValueView {
    pub r#type: MeasureType,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub measure_values: Option<Vec<AttributeView>>,
}

crate::value_de::lean_reader!(ValueView, Pascal; r#type = "Type", #[default] value, #[default] measure_values);

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeView {
    pub name: String,
    pub r#type: MeasureType,
    pub value: String,
}

crate::value_de::lean_reader!(AttributeView, Pascal; name, r#type = "Type", value);

pub(crate) fn scalar_text(v: &Value, strings: &Interner) -> String {
    match *v {
        Value::Double(d) => format_double(d),
        Value::Bigint(i) => i.to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Varchar(s) => strings.resolve(s).to_string(),
        Value::Timestamp(t) => t.to_string(),
        Value::Multi(..) => String::new(),
    }
}

pub(crate) fn scalar_type(v: &Value) -> MeasureType {
    match v {
        Value::Double(_) => MeasureType::Double,
        Value::Bigint(_) => MeasureType::Bigint,
        Value::Boolean(_) => MeasureType::Boolean,
        Value::Varchar(_) => MeasureType::Varchar,
        Value::Timestamp(_) => MeasureType::Timestamp,
        Value::Multi(..) => MeasureType::Multi,
    }
}

/// A DOUBLE as text: `3.0` for integral values below 10^15, else the shortest text that reads
/// back as the same double (serde_json's printer: `2.5`, `1e20`, `1.5e-7`). Not `f64`'s
/// `Display`, which would bring core's float printers into the browser build (~8 KB gzip).
fn format_double(d: f64) -> String {
    if d.fract() == 0.0 && d.abs() < 1e15 {
        // Exact below 2^53.
        let sign = if d.is_sign_negative() && d == 0.0 { "-" } else { "" };
        format!("{sign}{}.0", d as i64)
    } else {
        serde_json::Number::from_f64(d).map_or_else(|| "NaN".to_string(), |n| n.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator for the randomised tests.
    fn xorshift(mut seed: u64) -> impl FnMut() -> u64 {
        move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        }
    }

    #[test]
    fn plain_decimals_read_exactly_as_str_parse() {
        let mut next = xorshift(0x9E37_79B9_7F4A_7C15);
        let mut fast = 0;
        let fixed = [
            "0",
            "-0",
            "+0",
            "0.1",
            "0.3",
            "-2.5",
            "123456789012345",
            "1234567890.12345",
            "9007199254740993",
            "0.000000000000001",
            "5.",
            ".5",
            "1e3",
            "1.5e-3",
            "",
            "-",
            "1..2",
            "1.2.3",
            "00.10",
        ];
        let random = (0..20_000).map(|_| {
            let int = next() % 10_000_000;
            let frac_digits = (next() % 9) as usize;
            let frac = next() % 10u64.pow(frac_digits as u32);
            let sign = ["", "-", "+"][(next() % 3) as usize];
            if frac_digits == 0 {
                format!("{sign}{int}")
            } else {
                format!("{sign}{int}.{frac:0frac_digits$}")
            }
        });
        for t in fixed.iter().map(|s| s.to_string()).chain(random) {
            let expected = t.parse::<f64>().ok();
            // Whatever the fast path reads, it reads as str::parse does; the rest it leaves.
            if let Some(v) = plain_decimal(t.as_bytes()) {
                fast += 1;
                assert_eq!(Some(v.to_bits()), expected.map(f64::to_bits), "{t}");
            }
            assert_eq!(
                parse_scalar(MeasureType::Double, &t, None).map(|v| match v {
                    InValue::Double(d) => d.to_bits(),
                    _ => 0,
                }),
                expected.filter(|v| v.is_finite()).map(f64::to_bits),
                "{t}"
            );
        }
        assert!(fast > 19_000, "{fast}");
    }

    #[test]
    fn integers_read_as_str_parse_reads_them() {
        let mut next = xorshift(0x2545_F491_4F6C_DD1D);
        // Every length up to 20 digits, signs, and one byte of each kind put anywhere.
        let odd = [b'/', b':', b'0' - 0x10, b'9' + 0x10, b'a', b' ', b'.', 0xc3];
        for _ in 0..100_000 {
            let len = 1 + (next() % 20) as usize;
            let mut t: Vec<u8> = (0..len).map(|_| b'0' + (next() % 10) as u8).collect();
            if next().is_multiple_of(4) {
                let at = (next() % len as u64) as usize;
                t[at] = odd[(next() % odd.len() as u64) as usize];
            }
            let sign: &[u8] = [&b""[..], b"-", b"+"][(next() % 3) as usize];
            let t = [sign, &t].concat();
            let Ok(t) = String::from_utf8(t) else { continue };
            assert_eq!(parse_i64(&t), t.parse::<i64>().ok(), "{t}");
        }
        for w in [*b"00000000", *b"99999999", *b"12345678", *b"0000000/", *b"0000000:"] {
            assert_eq!(eight_digits(u64::from_le_bytes(w)), std::str::from_utf8(&w).unwrap().parse().ok(), "{w:?}");
        }
    }

    #[test]
    fn integers_are_strict_and_64_bit() {
        for (t, v) in [
            ("0", 0),
            ("+7", 7),
            ("-7", -7),
            ("9223372036854775807", i64::MAX),
            ("-9223372036854775808", i64::MIN),
            ("007", 7),
            ("999999999999999999", 999_999_999_999_999_999),
            ("-1000000000000000000", -1_000_000_000_000_000_000),
        ] {
            assert_eq!(parse_i64(t), Some(v), "{t}");
            assert_eq!(parse_i64(t), t.parse().ok(), "{t}");
        }
        for t in ["", "-", "+", "9223372036854775808", "-9223372036854775809", "1.0", " 1", "1 ", "1e3", "--1", "+-1", "١"] {
            assert_eq!(parse_i64(t), None, "{t}");
        }
    }

    #[test]
    fn doubles_print_shortest_and_read_back_exactly() {
        for (d, want) in
            [(3.0_f64, "3.0"), (-7.0, "-7.0"), (0.0, "0.0"), (-0.0, "-0.0"), (2.5, "2.5"), (-0.125, "-0.125"), (123456789012345.0, "123456789012345.0")]
        {
            assert_eq!(format_double(d), want);
        }
        for d in [1e15, 1e20, 1.5e-7, 0.1 + 0.2, f64::MAX, f64::MIN_POSITIVE, -4.9e-324] {
            let text = format_double(d);
            assert_eq!(text.parse::<f64>().unwrap(), d, "{text}");
        }
    }

    #[test]
    fn parses_each_type_strictly() {
        assert_eq!(parse_scalar(MeasureType::Double, "1.5", None), Some(InValue::Double(1.5)));
        assert_eq!(parse_scalar(MeasureType::Double, "-2e3", None), Some(InValue::Double(-2000.0)));
        for bad in ["NaN", "inf", "Infinity", "1e999", "", "abc", "1,5"] {
            assert_eq!(parse_scalar(MeasureType::Double, bad, None), None, "{bad}");
        }
        assert_eq!(parse_scalar(MeasureType::Bigint, "9223372036854775807", None), Some(InValue::Bigint(i64::MAX)));
        assert_eq!(parse_scalar(MeasureType::Bigint, "9223372036854775808", None), None);
        assert_eq!(parse_scalar(MeasureType::Bigint, "1.0", None), None);
        assert_eq!(parse_scalar(MeasureType::Boolean, "TRUE", None), Some(InValue::Boolean(true)));
        assert_eq!(parse_scalar(MeasureType::Boolean, "yes", None), None);
        assert_eq!(parse_scalar(MeasureType::Timestamp, "5", Some("SECONDS")), Some(InValue::Timestamp(5_000_000_000)));
        assert_eq!(parse_scalar(MeasureType::Timestamp, "-1", None), None);
        assert_eq!(parse_scalar(MeasureType::Timestamp, "9223372036854775807", Some("SECONDS")), None);
    }

    #[test]
    fn time_units_scale_to_nanoseconds() {
        assert_eq!(parse_time("12345", None), Some(12_345_000_000));
        assert_eq!(parse_time("1", Some("SECONDS")), Some(1_000_000_000));
        assert_eq!(parse_time("1", Some("MICROSECONDS")), Some(1_000));
        assert_eq!(parse_time("1", Some("NANOSECONDS")), Some(1));
        assert_eq!(parse_time("12a", None), None);
        assert_eq!(parse_time("99999999999999999", Some("SECONDS")), None);
        assert_eq!(std::mem::size_of::<Value>(), 16);
    }
}
