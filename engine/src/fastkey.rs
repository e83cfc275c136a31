//! [`FastKey`]: short strings compared as integers. The model table keys its member names and
//! enum values with it (the validator and the WriteRecords fast path), and the record store its
//! last resolved names (`store::Syms`); neither depends on the other for it.

/// A string's length and first 16 bytes packed for fast equality (member names, enum values):
/// two integer compares decide for names of up to 16 bytes, the rest compare the tail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FastKey {
    len: usize,
    head: u128,
}

impl FastKey {
    /// Equal to no key of a string (no string has this length).
    pub const NONE: FastKey = FastKey { len: usize::MAX, head: 0 };

    /// Whether the key encodes its whole string (up to 16 bytes): equal keys, equal strings.
    #[inline]
    pub fn is_exact(self) -> bool {
        self.len <= 16
    }

    #[inline]
    pub fn of(s: &str) -> FastKey {
        let b = s.as_bytes();
        let n = b.len();
        // Overlapping reads: with the length known, (first k bytes, last k bytes) encode any
        // string of up to 2k bytes exactly.
        let head = if let Some(c) = b.first_chunk::<16>() {
            u128::from_le_bytes(*c)
        } else if n >= 8 {
            let lo = u64::from_le_bytes(b[..8].try_into().unwrap_or_default());
            let hi = u64::from_le_bytes(b[n - 8..].try_into().unwrap_or_default());
            (lo as u128) | ((hi as u128) << 64)
        } else if n >= 4 {
            let lo = u32::from_le_bytes(b[..4].try_into().unwrap_or_default());
            let hi = u32::from_le_bytes(b[n - 4..].try_into().unwrap_or_default());
            (lo as u128) | ((hi as u128) << 32)
        } else {
            b.iter().enumerate().fold(0u128, |h, (i, &c)| h | ((c as u128) << (8 * i)))
        };
        FastKey { len: b.len(), head }
    }

    /// Whether `s` (whose key is `self`) equals `other` (whose key is `other_key`).
    #[inline]
    pub fn matches(self, s: &str, other_key: FastKey, other: &str) -> bool {
        self == other_key && (self.len <= 16 || s.as_bytes()[16..] == other.as_bytes()[16..])
    }
}
