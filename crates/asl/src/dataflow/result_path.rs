//! ResultPath: places a state's result into (a copy of) its raw input.

use crate::error::{names, StepError};
use crate::jsonpath::{Path, Segment};
use serde_json::{Map, Value};
use std::sync::Arc;

/// A state's ResultPath: where the result goes in the input.
#[derive(Debug, Clone, PartialEq)]
pub enum ResultPath {
    /// Write the result at this reference path; `$` (the default) replaces the input.
    Path(Path),
    /// `"ResultPath": null`: drop the result, pass the input on unchanged.
    Discard,
}

impl Default for ResultPath {
    fn default() -> Self {
        ResultPath::Path(Path::parse("$").expect("'$' is a valid path"))
    }
}

impl ResultPath {
    /// Combines the state's raw input with its result, sharing whichever of the two moves on
    /// unchanged (`$` and `null`); a result placed inside the input needs a copy of the input,
    /// which the history and the trace still hold as it was.
    pub fn apply_shared(&self, raw_input: &Arc<Value>, result: Arc<Value>) -> Result<Arc<Value>, StepError> {
        match self {
            ResultPath::Discard => Ok(Arc::clone(raw_input)),
            ResultPath::Path(path) if path.segments().is_empty() => Ok(result),
            ResultPath::Path(_) => self.apply(raw_input, Arc::unwrap_or_clone(result)).map(Arc::new),
        }
    }

    /// Combines the state's raw input with its result.
    pub fn apply(&self, raw_input: &Value, result: Value) -> Result<Value, StepError> {
        let path = match self {
            ResultPath::Discard => return Ok(raw_input.clone()),
            ResultPath::Path(path) => path,
        };
        if path.segments().is_empty() {
            return Ok(result);
        }
        let mut output = raw_input.clone();
        place(&mut output, path.segments(), result).map_err(|()| StepError {
            error: names::RESULT_PATH_MATCH_FAILURE,
            detail: format!(
                "Unable to apply ResultPath '{path}' to input '{}'",
                super::to_json_text(raw_input)
            ),
        })?;
        Ok(output)
    }
}

/// Writes `value` at `segments` below `target`, creating missing objects on the way.
fn place(target: &mut Value, segments: &[Segment], value: Value) -> Result<(), ()> {
    let Some((first, rest)) = segments.split_first() else {
        *target = value;
        return Ok(());
    };
    match first {
        Segment::Field(name) => {
            let Value::Object(map) = target else {
                return Err(());
            };
            // Missing fields on the way are created; an existing field that is
            // not an object cannot hold one (States.ResultPathMatchFailure).
            let slot = map
                .entry(name.clone())
                .or_insert_with(|| Value::Object(Map::new()));
            place(slot, rest, value)
        }
        Segment::Index(index) => {
            let Value::Array(items) = target else {
                return Err(());
            };
            let len = items.len() as i64;
            let i = if *index < 0 { len + index } else { *index };
            let slot = usize::try_from(i).ok().and_then(|i| items.get_mut(i)).ok_or(())?;
            place(slot, rest, value)
        }
        _ => Err(()),
    }
}
