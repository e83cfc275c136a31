//! Seeded identifiers: request ids and batch-load task ids are reproducible for a given seed.

use serde::Serialize;

/// SplitMix64: tiny, fast and good enough for identifiers (not for secrets).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Ids {
    state: u64,
}

crate::value_de::lean_reader!(Ids, Snake; state);

impl Ids {
    pub fn seeded(seed: u64) -> Self {
        Ids { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 26 upper-case base32 characters, like the service's `x-amzn-RequestId`.
    pub fn request_id(&mut self) -> String {
        const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        let bits = ((self.next_u64() as u128) << 64) | self.next_u64() as u128;
        (0..26).map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char).collect()
    }

    /// 32 upper-case hex characters, like real batch-load task ids.
    pub fn task_id(&mut self) -> String {
        format!("{:016X}{:016X}", self.next_u64(), self.next_u64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_reproducible_and_well_formed() {
        let (mut a, mut b) = (Ids::seeded(42), Ids::seeded(42));
        let (ra, rb) = (a.request_id(), b.request_id());
        assert_eq!(ra, rb);
        assert_eq!(ra.len(), 26);
        assert!(ra.chars().all(|c| c.is_ascii_uppercase() || ('2'..='7').contains(&c)));
        let t = a.task_id();
        assert_eq!(t.len(), 32);
        assert!(t.chars().all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c)));
        assert_ne!(a.task_id(), t);
    }
}
