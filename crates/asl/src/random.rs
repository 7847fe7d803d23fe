//! Seeded randomness (SplitMix64) for MathRandom, UUID and retry jitter: the same seed gives the same run.

use std::cell::Cell;

/// A small deterministic random source, shared by everything one execution draws.
#[derive(Debug, Clone)]
pub struct Random {
    state: Cell<u64>,
}

impl Random {
    /// The seed every run uses unless told otherwise.
    pub const DEFAULT_SEED: u64 = 0x5EED_5F11_AB00_0001;

    /// A source that starts from `seed`.
    pub fn new(seed: u64) -> Random {
        Random {
            state: Cell::new(seed),
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&self) -> u64 {
        let next = self.state.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        self.state.set(next);
        let mut z = next;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A float in `[0, 1)`.
    pub fn next_f64(&self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// An integer in `[low, high)`; `low` when the range is empty.
    pub fn range_i64(&self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = (high as i128 - low as i128) as u128;
        (low as i128 + (self.next_u64() as u128 % span) as i128) as i64
    }

    /// A version 4 UUID in its usual text form.
    pub fn uuid_v4(&self) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        let a = (a & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
        let b = (b & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
        format!(
            "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        )
    }
}

impl Default for Random {
    fn default() -> Self {
        Random::new(Random::DEFAULT_SEED)
    }
}

#[cfg(test)]
mod tests {
    use super::Random;

    #[test]
    fn same_seed_same_numbers() {
        let (a, b) = (Random::new(7), Random::new(7));
        assert_eq!((a.next_u64(), a.next_u64()), (b.next_u64(), b.next_u64()));
        assert_ne!(Random::new(8).next_u64(), Random::new(7).next_u64());
    }

    #[test]
    fn ranges_and_uuids_are_well_formed() {
        let random = Random::new(1);
        for _ in 0..1000 {
            let n = random.range_i64(-3, 4);
            assert!((-3..4).contains(&n));
            let f = random.next_f64();
            assert!((0.0..1.0).contains(&f));
        }
        let uuid = random.uuid_v4();
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4");
        assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"));
    }
}
