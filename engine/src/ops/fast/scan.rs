//! The byte cursor of the WriteRecords reader: JSON punctuation, plain strings and small
//! integers, nothing else. It accepts only text that serde_json accepts and reads it the same
//! way; whatever it does not take for granted (an escape, a control byte, a number that is not a
//! small positive integer, a literal) is `None`, and the reader steps aside.

pub(super) struct Scan<'a> {
    text: &'a str,
    i: usize,
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The lanes of `w` that hold a quote, a backslash or a control byte (< 0x20), the bytes that
/// end a run of plain string content, as the high bit of each lane (SWAR byte tests). Lanes
/// above the first flagged one may be flagged falsely; the lowest flagged lane is always right.
#[inline]
fn special(w: u64) -> u64 {
    // Below `n` (n <= 0x80), lane by lane, exact up to the first flagged lane.
    let below = |v: u64, n: u64| v.wrapping_sub(ONES * n) & !v;
    // `^ 2` maps the quote to 0x20 and the control bytes among themselves; nothing else lands
    // below 0x21 (0x20 becomes 0x22). So one compare finds both, a second the backslash.
    (below(w ^ (ONES * 2), 0x21) | below(w ^ (ONES * b'\\' as u64), 1)) & HIGHS
}

/// A member name in quotes followed by its colon (`"Name":`), as masked 8-byte words: a key of a
/// compact body is recognised by three word compares instead of a scan and a lookup.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    words: [u64; 3],
    masks: [u64; 3],
    len: usize,
}

/// The member names of one structure the reader reads (at most 8, each at most 21 bytes).
#[derive(Debug)]
pub(super) struct Keys<const N: usize> {
    names: [&'static str; N],
    patterns: [Pattern; N],
}

impl<const N: usize> Keys<N> {
    pub(super) fn new(names: [&'static str; N]) -> Option<Self> {
        if N > 8 {
            return None;
        }
        let mut patterns = [Pattern { words: [0; 3], masks: [0; 3], len: 0 }; N];
        for (p, name) in patterns.iter_mut().zip(names) {
            let mut bytes = [0u8; 24];
            let quoted = bytes.get_mut(..name.len() + 3)?;
            quoted[0] = b'"';
            quoted[1..=name.len()].copy_from_slice(name.as_bytes());
            quoted[name.len() + 1..].copy_from_slice(b"\":");
            p.len = name.len() + 3;
            for w in 0..3 {
                p.words[w] = u64::from_le_bytes(bytes[w * 8..w * 8 + 8].try_into().unwrap_or_default());
                let lane_bytes = p.len.saturating_sub(w * 8).min(8);
                p.masks[w] = if lane_bytes == 8 { u64::MAX } else { (1u64 << (lane_bytes * 8)) - 1 };
            }
        }
        Some(Keys { names, patterns })
    }

    /// The bit of a key given as text (the slow way, for keys near the end of the body).
    fn bit(&self, key: &str) -> Option<usize> {
        self.names.iter().position(|n| *n == key)
    }
}

impl<'a> Scan<'a> {
    /// A cursor over a body that is UTF-8 (None otherwise: the general path words the error).
    pub(super) fn new(body: &'a [u8]) -> Option<Self> {
        Some(Scan { text: std::str::from_utf8(body).ok()?, i: 0 })
    }

    /// Skips white space (none in the compact bodies SDKs send: the fast paths below never
    /// come here for those).
    #[cold]
    #[inline(never)]
    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.text.as_bytes().get(self.i) {
            self.i += 1;
        }
    }

    /// The next byte after white space.
    #[inline]
    pub(super) fn peek(&mut self) -> Option<u8> {
        match self.text.as_bytes().get(self.i) {
            Some(&c) if c > b' ' => Some(c),
            _ => self.peek_slow(),
        }
    }

    #[cold]
    #[inline(never)]
    fn peek_slow(&mut self) -> Option<u8> {
        self.ws();
        self.text.as_bytes().get(self.i).copied()
    }

    /// Consumes `c` (after white space).
    #[inline]
    pub(super) fn eat(&mut self, c: u8) -> Option<()> {
        (self.peek()? == c).then(|| self.i += 1)
    }

    /// Only white space is left.
    pub(super) fn at_end(&mut self) -> bool {
        self.ws();
        self.i == self.text.len()
    }

    /// A string without escapes, borrowed from the body.
    #[inline]
    pub(super) fn string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        self.string_rest()
    }

    /// The rest of a string whose opening quote was read.
    #[inline]
    fn string_rest(&mut self) -> Option<&'a str> {
        let b = self.text.as_bytes();
        let start = self.i;
        let mut rest = b.get(start..)?;
        // Eight bytes at a time up to the first special byte, then that byte decides.
        while let Some((w, tail)) = rest.split_first_chunk::<8>() {
            let m = special(u64::from_le_bytes(*w));
            if m != 0 {
                return self.string_end(start, b.len() - rest.len() + (m.trailing_zeros() / 8) as usize);
            }
            rest = tail;
        }
        self.string_tail(start, b.len() - rest.len())
    }

    /// The last bytes (fewer than eight) of a body, one at a time.
    #[cold]
    #[inline(never)]
    fn string_tail(&mut self, start: usize, mut i: usize) -> Option<&'a str> {
        while let Some(c) = self.text.as_bytes().get(i) {
            if *c == b'"' || *c == b'\\' || *c < 0x20 {
                return self.string_end(start, i);
            }
            i += 1;
        }
        None
    }

    /// At the byte `i` that ended a string's plain run: the string if it is the closing quote.
    #[inline]
    fn string_end(&mut self, start: usize, i: usize) -> Option<&'a str> {
        (*self.text.as_bytes().get(i)? == b'"').then_some(())?;
        let s = self.text.get(start..i)?;
        self.i = i + 1;
        Some(s)
    }

    /// A non-negative integer of at most 18 digits without a leading zero (so it fits an i64
    /// and reads as serde_json reads it); anything else is None.
    pub(super) fn small_int(&mut self) -> Option<i64> {
        self.peek()?;
        let start = self.i;
        let mut n: i64 = 0;
        while let Some(&c @ b'0'..=b'9') = self.text.as_bytes().get(self.i) {
            // Past 18 digits the number is not taken: stop adding before i64 overflows.
            if self.i - start < 18 {
                n = n * 10 + (c - b'0') as i64;
            }
            self.i += 1;
        }
        let digits = self.i - start;
        let leading_zero = digits > 1 && self.text.as_bytes()[start] == b'0';
        // A fraction or an exponent makes it a float: not taken.
        let float = matches!(self.text.as_bytes().get(self.i), Some(b'.' | b'e' | b'E'));
        ((1..=18).contains(&digits) && !leading_zero && !float).then_some(n)
    }

    /// The key of a member of `keys` and the colon after it, as its bit; tries `hint` first
    /// (members tend to come in the same order in every record). None for any other key:
    /// unknown, or escaped.
    #[inline(always)]
    fn key<const N: usize>(&mut self, keys: &Keys<N>, hint: usize) -> Option<usize> {
        // The compact form `"Key":` as three masked words; anything else (white space, a key
        // near the end of the body, an unknown or escaped key) the slow way.
        // (The cursor is never past the end.)
        if let Some(chunk) = self.text.as_bytes().get(self.i..)?.first_chunk::<24>() {
            let word = |j: usize| chunk.get(j * 8..j * 8 + 8).and_then(|c| c.first_chunk::<8>()).map_or(0, |c| u64::from_le_bytes(*c));
            for k in 0..N {
                let bit = if hint + k < N { hint + k } else { hint + k - N };
                let p = &keys.patterns[bit];
                // Only the words the pattern covers (most keys fit one or two).
                let hit = word(0) & p.masks[0] == p.words[0]
                    && (p.len <= 8 || (word(1) & p.masks[1] == p.words[1] && (p.len <= 16 || word(2) & p.masks[2] == p.words[2])));
                if hit {
                    self.i += p.len;
                    return Some(bit);
                }
            }
        }
        self.key_slow(keys)
    }

    #[cold]
    #[inline(never)]
    fn key_slow<const N: usize>(&mut self, keys: &Keys<N>) -> Option<usize> {
        let bit = keys.bit(self.string()?)?;
        self.eat(b':')?;
        Some(bit)
    }

    /// The members of an object with the names of `keys`: `member(scan, bit)` reads each value.
    /// None for an unknown or repeated key, or when a member of `needed` (bits) is missing.
    #[inline]
    pub(super) fn members<const N: usize>(&mut self, keys: &Keys<N>, needed: u8, mut member: impl FnMut(&mut Self, usize) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        // u32: a shift by the bit needs no masking.
        let mut seen = 0u32;
        if self.eat(b'}').is_none() {
            let mut hint = 0;
            loop {
                let bit = self.key(keys, hint)?;
                if seen & (1 << bit) != 0 {
                    return None;
                }
                seen |= 1 << bit;
                hint = if bit + 1 < N { bit + 1 } else { 0 };
                member(self, bit)?;
                if !self.more(b'}')? {
                    break;
                }
            }
        }
        (seen & needed as u32 == needed as u32).then_some(())
    }

    /// After a member or an item: true past a `,`, false past `close`, None for anything else.
    #[inline]
    fn more(&mut self, close: u8) -> Option<bool> {
        match self.peek()? {
            b',' => {
                self.i += 1;
                Some(true)
            }
            c if c == close => {
                self.i += 1;
                Some(false)
            }
            _ => None,
        }
    }

    /// The items of an array: `item(scan)` reads each. Returns how many there were.
    #[inline]
    pub(super) fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<usize> {
        self.eat(b'[')?;
        if self.eat(b']').is_some() {
            return Some(0);
        }
        let mut n = 0;
        loop {
            item(self)?;
            n += 1;
            if !self.more(b']')? {
                return Some(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_recognised_whatever_their_order_and_the_body_end() {
        let keys = Keys::new(["Name", "Value", "DimensionValueType"]).unwrap();
        fn read<'t>(keys: &Keys<3>, t: &'t str) -> Option<Vec<(usize, &'t str)>> {
            let mut got = Vec::new();
            let r = Scan::new(t.as_bytes()).unwrap().members(keys, 0b011, |s, bit| {
                got.push((bit, s.string()?));
                Some(())
            });
            r.map(|()| got)
        }
        let padding = " ".repeat(30);
        for pad in ["", padding.as_str()] {
            let ok = format!(r#"{{"Value":"v","DimensionValueType":"VARCHAR", "Name" : "n"}}{pad}"#);
            assert_eq!(read(&keys, &ok), Some(vec![(1, "v"), (2, "VARCHAR"), (0, "n")]), "{ok}");
            for bad in [
                r#"{"Name":"n"}"#,
                r#"{"Name":"n","Value":"v","Name":"m"}"#,
                r#"{"Nam":"n","Value":"v"}"#,
                r#"{"Names":"n","Value":"v"}"#,
                r#"{"N\u0061me":"n","Value":"v"}"#,
            ] {
                let bad = format!("{bad}{pad}");
                assert_eq!(read(&keys, &bad), None, "{bad}");
            }
        }
        assert_eq!(Keys::new(["a_name_of_twenty_four_by"]).map(|_| ()), None);
    }

    #[test]
    fn strings_are_borrowed_and_escapes_step_aside() {
        let mut s = Scan::new(br#" "plain text that is long enough" "a\"b" "#).unwrap();
        assert_eq!(s.string(), Some("plain text that is long enough"));
        assert_eq!(s.string(), None);
        for bad in [&b"\"a\x01b\""[..], b"\"unterminated", b"\"\\u0041\"", b"'x'"] {
            assert_eq!(Scan::new(bad).and_then(|mut s| s.string()), None, "{bad:?}");
        }
        assert_eq!(Scan::new("\"é€😀 and more than eight bytes\"".as_bytes()).unwrap().string(), Some("é€😀 and more than eight bytes"));
        assert!(Scan::new(b"\"\xff\"").is_none());
    }

    #[test]
    fn only_small_plain_integers() {
        let read = |t: &str| Scan::new(t.as_bytes()).unwrap().small_int();
        assert_eq!(read("7"), Some(7));
        assert_eq!(read(" 123456789012345678"), Some(123_456_789_012_345_678));
        for t in ["1234567890123456789", "01", "-1", "1.0", "1e3", "", "x", "00"] {
            assert_eq!(read(t), None, "{t}");
        }
    }

    #[test]
    fn special_bytes_are_found_in_any_lane() {
        for lane in 0..8 {
            for c in 0..=255u8 {
                let is_special = c == b'"' || c == b'\\' || c < 0x20;
                for fill in [b'a', b' ', b'!', b'#', 0xc3, 0x80, 0xff, 0x7f] {
                    let mut w = [fill; 8];
                    w[lane] = c;
                    let expect = if is_special { lane as u32 } else { 8 };
                    assert_eq!(special(u64::from_le_bytes(w)).trailing_zeros() / 8, expect, "{lane} {c} {fill}");
                }
            }
        }
    }
}
