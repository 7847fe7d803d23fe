//! What an evaluation is given besides its input: variables, the clock, randomness and limits.

use serde_json::Value;

/// Variables visible to an expression as `$name`: `$states`, workflow variables, and so on.
///
/// Names are given without the leading `$`; one given with it has the `$` removed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bindings {
    vars: Vec<(String, Value)>,
}

impl Bindings {
    /// No variables.
    pub fn new() -> Self {
        Self::default()
    }

    /// Binds `$name` to `value`, replacing an earlier binding of the same name.
    pub fn insert(&mut self, name: impl AsRef<str>, value: Value) {
        let name = name.as_ref().strip_prefix('$').unwrap_or(name.as_ref());
        match self.vars.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.vars.push((name.to_string(), value)),
        }
    }

    /// The same bindings with `$name` bound to `value` (builder form of [`Bindings::insert`]).
    pub fn with(mut self, name: impl AsRef<str>, value: Value) -> Self {
        self.insert(name, value);
        self
    }

    /// The value bound to `$name`, if any.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let name = name.strip_prefix('$').unwrap_or(name);
        self.vars.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Every binding, in the order first inserted.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.vars.iter().map(|(n, v)| (n.as_str(), v))
    }
}

/// Bounds on the work one expression may do. Learners (and fuzzers) type arbitrary expressions:
/// each limit turns a runaway into an error instead of a hang, a crash or an exhausted memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Longest expression accepted, in bytes (AWS's own limit is the definition size).
    pub max_expression_len: usize,
    /// Deepest nesting of brackets and prefix operators in the source text.
    pub max_nesting: usize,
    /// Deepest nesting of evaluation (non-tail recursion of user functions counts ~3 levels a call).
    pub max_depth: usize,
    /// Longest sequence or array an expression may build (`[1..n]`, `$map`, `$range`, ...).
    pub max_sequence_length: usize,
    /// Most calls of user-defined functions (`function($x){...}`) in one evaluation: this bounds
    /// run time without a wall clock, including endless tail recursion.
    pub max_function_calls: u64,
    /// Deepest nesting of arrays and objects in a result, and in an argument of a user function
    /// (values built deeper by recursion would overflow the stack when dropped: WebAssembly's
    /// stack takes about 2,000 levels).
    pub max_value_depth: usize,
    /// Most bytes an evaluation may allocate in all: the work it does, as nearly every step of
    /// the engine builds values (enforced by [`crate::BudgetAllocator`]).
    pub max_bytes_built: u64,
    /// Most bytes an evaluation may hold at once (enforced by [`crate::BudgetAllocator`]).
    pub max_bytes_held: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_expression_len: 64 * 1024,
            max_nesting: 200,
            max_depth: DEFAULT_MAX_DEPTH,
            // A value takes 40 bytes in the engine: a million of them is 40 MB, built in one step
            // the byte limits can only see after it.
            max_sequence_length: 1_000_000,
            max_function_calls: 100_000,
            max_value_depth: 1_000,
            max_bytes_built: 256 << 20,
            max_bytes_held: 96 << 20,
        }
    }
}

/// The evaluation depth the platform's stack can take. Natively the engine grows its stack on the
/// heap; WebAssembly has one fixed stack (1 MiB unless the app links with a larger one).
#[cfg(not(target_arch = "wasm32"))]
const DEFAULT_MAX_DEPTH: usize = 3_000;
#[cfg(target_arch = "wasm32")]
const DEFAULT_MAX_DEPTH: usize = 300;

/// The world an evaluation sees: the time (the interpreter's virtual clock, never the system's),
/// a deterministic source of randomness, and the limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Environment {
    /// "Now" in milliseconds since the Unix epoch: what `$now()` and `$millis()` return.
    pub now_millis: i64,
    /// Randomness for `$random()`, `$uuid()` and `$shuffle()`; it advances with each use.
    pub random: Random,
    /// Bounds on the work one evaluation may do.
    pub limits: Limits,
}

impl Environment {
    /// An environment at `now_millis` whose randomness starts from `seed`, with default limits.
    pub fn new(now_millis: i64, seed: u64) -> Self {
        Environment {
            now_millis,
            random: Random::new(seed),
            limits: Limits::default(),
        }
    }

    /// The same environment with other limits.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

impl Default for Environment {
    /// The Unix epoch, seed 0, default limits.
    fn default() -> Self {
        Environment::new(0, 0)
    }
}

/// A small deterministic random generator (SplitMix64). Its whole state is one `u64`, so a run can
/// be recorded and replayed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Random {
    state: u64,
}

impl Random {
    /// A generator whose sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Random { state: seed }
    }

    /// The current state (pass it to [`Random::new`] to continue the sequence later).
    pub fn state(&self) -> u64 {
        self.state
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`, with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in `0..n` (`n > 0`), without modulo bias worth noticing for the sizes used here.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bindings_strip_dollar_and_replace() {
        let mut b = Bindings::new().with("$states", json!({"input": 1}));
        b.insert("states", json!(2));
        b.insert("x", json!(3));
        assert_eq!(b.get("$states"), Some(&json!(2)));
        assert_eq!(b.iter().count(), 2);
    }

    #[test]
    fn random_is_deterministic_and_in_range() {
        let mut a = Random::new(42);
        let mut b = Random::new(42);
        for _ in 0..1000 {
            let x = a.next_f64();
            assert!((0.0..1.0).contains(&x));
            assert_eq!(x, b.next_f64());
            assert!(a.below(7) < 7);
            b.below(7);
        }
        assert_ne!(Random::new(1).next_u64(), Random::new(2).next_u64());
    }
}
