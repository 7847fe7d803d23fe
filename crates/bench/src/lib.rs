//! Benchmark entry points over the asl interpreter, the same for the native timing binary and
//! for the wasm module that `bench/run.sh` builds (`wasm-bindgen --target nodejs`).
//!
//! A run's summary is JSON text: `{"status", "events", "output", "error", "cause"}`, so that every
//! engine of the benchmark is checked the same way.

use asl::{run, RunOptions, StateMachine};
use serde_json::{json, Value};

/// A parsed state machine, ready to run many times.
pub struct Bench {
    machine: StateMachine,
    options: RunOptions,
}

impl Bench {
    /// Reads a definition; the error lists its problems.
    pub fn new(definition: &str) -> Result<Bench, String> {
        let machine = StateMachine::from_json_text(definition).map_err(|e| format!("{e:?}"))?;
        Ok(Bench {
            machine,
            options: RunOptions::default(),
        })
    }

    /// Runs the machine on a parsed input: its status, history length and output.
    pub fn run_value(&self, input: Value) -> Summary {
        let result = run(&self.machine, input, &self.options);
        Summary {
            status: result.status.as_str(),
            events: result.events.len(),
            output: result.output,
            error: result.error,
            cause: result.cause,
        }
    }

    /// Runs the machine on JSON text and gives the summary as JSON text.
    pub fn run_text(&self, input: &str) -> Result<String, String> {
        let input: Value = serde_json::from_str(input).map_err(|e| format!("input: {e}"))?;
        Ok(self.run_value(input).to_json_text())
    }
}

/// What one run produced, in the shape every driver reports.
#[derive(Debug)]
pub struct Summary {
    /// `SUCCEEDED`, `FAILED`...
    pub status: &'static str,
    /// The number of history events, the final one included.
    pub events: usize,
    /// The output, when it succeeded.
    pub output: Option<Value>,
    /// The error, when it failed.
    pub error: Option<String>,
    /// The cause, when it failed.
    pub cause: Option<String>,
}

impl Summary {
    /// The summary as compact JSON text.
    pub fn to_json_text(&self) -> String {
        json!({
            "status": self.status,
            "events": self.events,
            "output": self.output,
            "error": self.error,
            "cause": self.cause,
        })
        .to_string()
    }
}

/// The wasm module's interface: `new Machine(definition)`, `machine.run(input)` and `run(definition, input)`,
/// all with JSON text in and out.
#[cfg(target_arch = "wasm32")]
mod wasm {
    use wasm_bindgen::prelude::*;

    /// A parsed state machine.
    #[wasm_bindgen]
    pub struct Machine(super::Bench);

    #[wasm_bindgen]
    impl Machine {
        /// Reads a definition (JSON text).
        #[wasm_bindgen(constructor)]
        pub fn new(definition: &str) -> Result<Machine, JsError> {
            super::Bench::new(definition)
                .map(Machine)
                .map_err(|e| JsError::new(&e))
        }

        /// Runs it on JSON text; returns the summary as JSON text.
        pub fn run(&self, input: &str) -> Result<String, JsError> {
            self.0.run_text(input).map_err(|e| JsError::new(&e))
        }
    }

    /// Parses `definition` and runs it on `input` (both JSON text); returns the summary as JSON text.
    #[wasm_bindgen]
    pub fn run(definition: &str, input: &str) -> Result<String, JsError> {
        Machine::new(definition)?.run(input)
    }
}
