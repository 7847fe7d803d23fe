//! States.UUID: a version 4 UUID drawn from the execution's seeded random source.

use super::arguments::{Args, Failure};
use crate::random::Random;
use serde_json::Value;

/// `States.UUID()`, which takes no arguments.
pub fn uuid(args: &Args<'_>, random: &Random) -> Result<Value, Failure> {
    args.expect_count(0)?;
    Ok(Value::String(random.uuid_v4()))
}
