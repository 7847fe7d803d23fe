//! The command line: subcommands and their flags, parsed without ceremony.

/// What the user asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// Print usage.
    Help,
    /// Run a definition once.
    Run {
        /// Definition file.
        definition: String,
        /// Input file or `-`.
        input: Option<String>,
        /// Add the data-flow trace to the output.
        inspect: bool,
        /// A Step Functions Local mock configuration file.
        mocks: Option<String>,
        /// The test case to take from it.
        test_case: Option<String>,
        /// The state machine name in the mock configuration.
        state_machine: Option<String>,
        /// The execution's name.
        execution_name: Option<String>,
        /// The execution's start time (RFC 3339).
        start_time: Option<String>,
        /// The seed for MathRandom, UUID and jitter.
        seed: Option<String>,
    },
    /// Validate a definition.
    Validate {
        /// Definition file or `-`.
        definition: String,
    },
    /// Check a definition against a lesson.
    Check {
        /// Lesson folder.
        lesson: String,
        /// Definition file; the lesson's own solution when absent.
        definition: Option<String>,
    },
}

/// Shown on `--help` and after a usage error.
pub const USAGE: &str = "\
usage:
  sfn-lab run --definition FILE [--input FILE|-] [--inspect]
              [--mocks FILE --test-case NAME [--state-machine NAME]]
              [--execution-name NAME] [--start-time 2024-01-01T00:00:00Z] [--seed N]
      Run a state machine; prints {status, output, error, cause, events}.
      --inspect adds each state's data flow; --mocks takes task results from a
      Step Functions Local mock configuration. Runs are deterministic: the same
      name, start time and seed give the same history.
      Exit 0 when it succeeded, 2 when it failed, 1 when the definition or input is invalid.
  sfn-lab validate FILE|-
      Validate a definition; prints {result, diagnostics}. Exit 0 when OK, 1 otherwise.
  sfn-lab check --lesson DIR [--definition FILE|-]
      Check a definition (default: the lesson's solution) against a lesson's checks.
      Exit 0 when every check passes, 2 otherwise.";

/// Parses the arguments after the program name.
pub fn parse(args: impl Iterator<Item = String>) -> Result<Command, String> {
    let args: Vec<String> = args.collect();
    let Some((command, rest)) = args.split_first() else {
        return Ok(Command::Help);
    };
    let mut flags = Flags { rest: rest.to_vec() };
    let parsed = match command.as_str() {
        "-h" | "--help" | "help" => return Ok(Command::Help),
        "run" => Command::Run {
            definition: flags
                .value("--definition")?
                .ok_or("run needs --definition FILE")?,
            input: flags.value("--input")?,
            inspect: flags.switch("--inspect"),
            mocks: flags.value("--mocks")?,
            test_case: flags.value("--test-case")?,
            state_machine: flags.value("--state-machine")?,
            execution_name: flags.value("--execution-name")?,
            start_time: flags.value("--start-time")?,
            seed: flags.value("--seed")?,
        },
        "validate" => Command::Validate {
            definition: flags
                .value("--definition")?
                .or_else(|| flags.positional())
                .ok_or("validate needs a FILE")?,
        },
        "check" => Command::Check {
            lesson: flags.value("--lesson")?.ok_or("check needs --lesson DIR")?,
            definition: flags.value("--definition")?,
        },
        other => return Err(format!("unknown command '{other}'")),
    };
    match flags.rest.first() {
        Some(extra) => Err(format!("unexpected argument '{extra}'")),
        None => Ok(parsed),
    }
}

struct Flags {
    rest: Vec<String>,
}

impl Flags {
    fn value(&mut self, name: &str) -> Result<Option<String>, String> {
        let Some(at) = self.rest.iter().position(|a| a == name) else {
            return Ok(None);
        };
        if at + 1 >= self.rest.len() {
            return Err(format!("{name} needs a value"));
        }
        let value = self.rest.remove(at + 1);
        self.rest.remove(at);
        Ok(Some(value))
    }

    fn switch(&mut self, name: &str) -> bool {
        let found = self.rest.iter().position(|a| a == name);
        if let Some(at) = found {
            self.rest.remove(at);
        }
        found.is_some()
    }

    fn positional(&mut self) -> Option<String> {
        let at = self.rest.iter().position(|a| a == "-" || !a.starts_with('-'))?;
        Some(self.rest.remove(at))
    }
}
