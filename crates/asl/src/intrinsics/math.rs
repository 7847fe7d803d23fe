//! The math intrinsics: MathAdd and MathRandom (with Java's seeded generator for the seed argument).

use super::arguments::{Args, Failure};
use crate::random::Random;
use serde_json::Value;

/// `States.MathAdd(a, b)`: both rounded to integers (Java `Math.round`), and
/// the sum must stay a 32-bit integer.
pub fn add(args: &Args<'_>) -> Result<Value, Failure> {
    args.expect_count(2)?;
    let a = args.rounded_int(0)?;
    let b = args.rounded_int(1)?;
    a.checked_add(b).map(Value::from).ok_or_else(|| args.invalid())
}

/// `States.MathRandom(start, end[, seed])`: an integer in `[start, end)`.
///
/// Bounds lose their fraction as in Java's `intValue()`. With a seed, the
/// number is `new java.util.Random(seed).nextInt(end - start) + start`, which
/// AWS returns for every call with that seed (seed 42 over [-5, 5) gives -5);
/// without one it comes from the execution's seeded source.
pub fn random(args: &Args<'_>, random: &Random) -> Result<Value, Failure> {
    args.expect_count_between(2, 3)?;
    let start = args.truncated_int(0)?;
    let end = args.truncated_int(1)?;
    if start >= end {
        return Err(args.invalid());
    }
    let span = i64::from(end) - i64::from(start);
    let seed = match args.values.get(2) {
        Some(Value::Number(n)) => Some(match n.as_i64() {
            Some(i) => i,
            None => n
                .as_f64()
                .map(|f| f.trunc() as i64)
                .ok_or_else(|| args.invalid())?,
        }),
        Some(_) => return Err(args.invalid()),
        None => None,
    };
    let offset = match seed {
        Some(seed) => {
            // Java computes `end - start` in 32 bits; a wider span is refused.
            let bound = i32::try_from(span).map_err(|_| args.invalid())?;
            i64::from(JavaRandom::new(seed).next_int(bound))
        }
        None => random.range_i64(0, span),
    };
    Ok(Value::from(i64::from(start) + offset))
}

/// `java.util.Random`: the 48-bit linear congruential generator.
struct JavaRandom {
    seed: u64,
}

impl JavaRandom {
    const MULTIPLIER: u64 = 0x5_DEEC_E66D;
    const MASK: u64 = (1 << 48) - 1;

    fn new(seed: i64) -> JavaRandom {
        JavaRandom {
            seed: (seed as u64 ^ Self::MULTIPLIER) & Self::MASK,
        }
    }

    fn next(&mut self, bits: u32) -> i32 {
        self.seed = (self.seed.wrapping_mul(Self::MULTIPLIER).wrapping_add(0xB)) & Self::MASK;
        (self.seed >> (48 - bits)) as i32
    }

    /// `nextInt(bound)` for a positive bound, with Java's rejection loop.
    fn next_int(&mut self, bound: i32) -> i32 {
        if bound & bound.wrapping_neg() == bound {
            return ((i64::from(bound) * i64::from(self.next(31))) >> 31) as i32;
        }
        loop {
            let bits = self.next(31);
            let value = bits % bound;
            if bits.wrapping_sub(value).wrapping_add(bound - 1) >= 0 {
                return value;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::JavaRandom;

    #[test]
    fn java_random_matches_the_jdk() {
        // Known JDK outputs: new Random(42).nextInt() and nextInt(10).
        assert_eq!(JavaRandom::new(42).next(32), -1_170_105_035);
        assert_eq!(JavaRandom::new(42).next_int(10), 0);
        let mut r = JavaRandom::new(0);
        assert_eq!(r.next(32), -1_155_484_576);
    }
}
