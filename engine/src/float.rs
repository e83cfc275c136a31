//! Decimal text to a finite `f64`, as `str::parse::<f64>` reads it: the nearest double, and
//! `None` for text core refuses or reads as infinite or NaN (`inf`, `NaN`, `1e999`).
//!
//! Native builds call core's parser. In wasm, core's parser carries a 10 KB table of powers of
//! five (Eisel–Lemire) that gzip cannot shrink, so the browser's module reads doubles with
//! lexical-parse-float built "compact" (correctly rounded too, without that table): 9 KB of gzip
//! less (docs/benchmarks.md, "Panic locations, doubles and leaner readers"). Its grammar is not
//! core's in every corner, so only text made of the characters of a finite decimal reaches it,
//! and the tests below hold the two to the same answers.

/// The finite double `text` spells, as `str::parse::<f64>` reads it.
pub fn parse_finite(text: &str) -> Option<f64> {
    let v = parse(text)?;
    v.is_finite().then_some(v)
}

#[cfg(not(target_arch = "wasm32"))]
fn parse(text: &str) -> Option<f64> {
    text.parse().ok()
}

#[cfg(target_arch = "wasm32")]
fn parse(text: &str) -> Option<f64> {
    compact(text)
}

/// lexical's reading of `text`, for characters of a finite decimal only: core reads nothing else
/// as a finite number (its other words are `inf`, `infinity` and `nan`).
#[cfg(any(target_arch = "wasm32", test))]
fn compact(text: &str) -> Option<f64> {
    use lexical_parse_float::FromLexical;
    let b = text.as_bytes();
    if !b.iter().all(|c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.' | b'e' | b'E')) {
        return None;
    }
    f64::from_lexical(b).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn core(text: &str) -> Option<u64> {
        text.parse::<f64>().ok().filter(|v| v.is_finite()).map(f64::to_bits)
    }

    fn lexical(text: &str) -> Option<u64> {
        compact(text).filter(|v| v.is_finite()).map(f64::to_bits)
    }

    /// Every text of up to 6 characters from the alphabet of decimals (digits, signs, point,
    /// exponent marks): the same finite doubles, and the same refusals.
    #[test]
    fn reads_every_short_text_as_core_does() {
        const ALPHABET: &[u8] = b"0159+-.eE";
        let mut text = Vec::new();
        let mut checked = 0;
        for len in 0..=6u32 {
            for mut n in 0..ALPHABET.len().pow(len) {
                text.clear();
                for _ in 0..len {
                    text.push(ALPHABET[n % ALPHABET.len()]);
                    n /= ALPHABET.len();
                }
                let t = std::str::from_utf8(&text).unwrap();
                assert_eq!(lexical(t), core(t), "{t:?}");
                checked += 1;
            }
        }
        assert_eq!(checked, (0..=6).map(|l| 9usize.pow(l)).sum::<usize>());
    }

    /// Long mantissas, halfway cases, the ends of the range and their neighbours, and random
    /// decimals of every length and exponent: the same bits as core.
    #[test]
    fn reads_hard_and_random_decimals_as_core_does() {
        let fixed = [
            "0.1",
            "0.3",
            "1e23",
            "8.98846567431158e307",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1e-400",
            "1e400",
            "-0",
            "+0.0",
            "9007199254740993",
            "9007199254740992.5",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "123456789012345678901234567890e-10",
            ".5",
            "5.",
            "-.5e1",
            "5.e-1",
            "0000000000000000000001",
            "1e+0005",
            "7.2057594037927933e16",
            "2.225073858507201136057409796709131975934819546351645648e-308",
        ];
        for t in fixed {
            assert_eq!(lexical(t), core(t), "{t}");
        }
        // A small deterministic generator (xorshift), so a failure names a text that stays put.
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut t = String::new();
        for _ in 0..200_000 {
            t.clear();
            let r = next();
            if r & 1 == 1 {
                t.push('-');
            }
            for _ in 0..(r >> 1) % 25 + 1 {
                t.push(char::from(b'0' + (next() % 10) as u8));
            }
            if r & 2 == 2 {
                t.insert((r as usize >> 8) % t.len().max(1), '.');
            }
            if r & 4 == 4 {
                t.push_str(&format!("e{}", (next() % 700) as i64 - 350));
            }
            assert_eq!(lexical(&t), core(&t), "{t}");
        }
    }

    #[test]
    fn finite_only() {
        for t in ["inf", "-infinity", "NaN", "1e999", "", "1,5", " 1", "0x10", "1_0"] {
            assert_eq!(parse_finite(t), None, "{t}");
        }
        assert_eq!(parse_finite("-2.5e3"), Some(-2500.0));
    }
}
