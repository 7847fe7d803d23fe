//! The command line: subcommands and their flags, parsed without ceremony.

/// What the user asked for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    /// Print usage.
    Help,
    /// Run a definition once.
    Run(RunArgs),
    /// Validate a definition.
    Validate {
        /// Definition file or `-`.
        definition: String,
        /// Also apply the Express workflow rules.
        express: bool,
    },
    /// Check a definition against a lesson.
    Check {
        /// Lesson folder.
        lesson: String,
        /// Definition file; the lesson's own solution when absent.
        definition: Option<String>,
    },
    /// Audit lesson folders, tracks or packs.
    LessonsCheck {
        /// Each a track folder, a lesson folder or a pack file.
        sources: Vec<String>,
    },
    /// Make a pack of a track folder.
    LessonsPack {
        /// The track folder.
        track: String,
        /// Where to write the pack.
        output: String,
    },
    /// Write what a definition needs to run on AWS.
    Export(ExportArgs),
}

/// The flags of `sfn-lab export`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ExportArgs {
    /// Definition file or `-`.
    pub definition: String,
    /// A scenario file: the simulated resources and what they do.
    pub scenario: Option<String>,
    /// An input file for the example of how to start an execution.
    pub input: Option<String>,
    /// The state machine's name and the prefix of every other name.
    pub name: Option<String>,
    /// `standard` or `express`.
    pub workflow_type: Option<String>,
    /// `aws-cli`, `cloudformation` or `terraform`.
    pub format: String,
    /// A file, or a folder to write the form's usual file in; standard output when absent.
    pub output: Option<String>,
}

/// The flags of `sfn-lab run`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RunArgs {
    /// Definition file.
    pub definition: String,
    /// Input file or `-`.
    pub input: Option<String>,
    /// Add the data-flow trace to the output.
    pub inspect: bool,
    /// A Step Functions Local mock configuration file.
    pub mocks: Option<String>,
    /// The test case to take from it.
    pub test_case: Option<String>,
    /// The state machine name in the mock configuration.
    pub state_machine: Option<String>,
    /// The execution's name.
    pub execution_name: Option<String>,
    /// The execution's start time (RFC 3339).
    pub start_time: Option<String>,
    /// The seed for MathRandom, UUID, task tokens and jitter.
    pub seed: Option<String>,
    /// A scenario file: services, callbacks, other state machines.
    pub scenario: Option<String>,
    /// A callback script that replaces the scenario's.
    pub callbacks: Option<String>,
    /// Add the services' final state to the output.
    pub services: bool,
    /// Run as an Express workflow.
    pub express: bool,
    /// Add what AWS would bill for the execution.
    pub cost: bool,
}

/// Shown on `--help` and after a usage error.
pub const USAGE: &str = "\
usage:
  sfn-lab run --definition FILE [--input FILE|-] [--inspect] [--services] [--express] [--cost]
              [--scenario FILE] [--callbacks FILE]
              [--mocks FILE --test-case NAME [--state-machine NAME]]
              [--execution-name NAME] [--start-time 2024-01-01T00:00:00Z] [--seed N]
      Run a state machine; prints {status, output, error, cause, events}.
      --inspect adds each state's data flow, --services the simulated services' final state.
      --scenario gives the simulated services, scripted callbacks and other state machines;
      --callbacks a script of SendTaskSuccess/Failure/Heartbeat for .waitForTaskToken tasks;
      --mocks takes task results from a Step Functions Local mock configuration.
      --cost adds what AWS would bill (state transitions, or requests, duration and memory).
      Runs are deterministic: the same name, start time and seed give the same history.
      Exit 0 when it succeeded, 2 when it failed or timed out, 3 when it still waits for a
      callback, 1 when the definition or an input file is invalid.
  sfn-lab validate FILE|- [--express]
      Validate a definition; prints {result, diagnostics}. Exit 0 when OK, 1 otherwise.
  sfn-lab check --lesson DIR [--definition FILE|-]
      Check a definition (default: the lesson's solution) against a lesson's checks.
      Exit 0 when every check passes, 2 otherwise.
  sfn-lab lessons check [DIR|PACK ...]
      Audit lessons (default: lessons/): a track folder with track.json, one lesson folder, or a
      pack file. Checks the files and schema, unique ids, the index, that each solution passes,
      each starter fails and each mistake fails with its message. Every problem at once; exit 0/1.
  sfn-lab lessons pack DIR -o FILE
      Make one self-contained pack file of a track folder, for the page to load.
  sfn-lab export --definition FILE|- --format aws-cli|cloudformation|terraform [--scenario FILE]
                 [--input FILE] [--name NAME] [--type standard|express] [-o FILE|DIR]
      Write what the definition needs to run on AWS Step Functions: the Lambda functions, queues,
      topics, tables, buckets, event buses and state machines it uses (and the scenario declares),
      as stubs that answer as the scenario simulated them, an IAM role allowed exactly what its
      states call, and the state machine: an AWS CLI script (deploy.sh), a CloudFormation
      template (template.json) or a Terraform main.tf. --name (default sfn-lab) names the state
      machine and prefixes every other name; --input goes into the example start-execution.
      Into a folder, -o writes the form's usual file name; without -o, to standard output.";

/// Parses the arguments after the program name.
pub fn parse(args: impl Iterator<Item = String>) -> Result<Command, String> {
    let args: Vec<String> = args.collect();
    let Some((command, rest)) = args.split_first() else {
        return Ok(Command::Help);
    };
    let mut flags = Flags { rest: rest.to_vec() };
    let parsed = match command.as_str() {
        "-h" | "--help" | "help" => return Ok(Command::Help),
        "run" => Command::Run(RunArgs {
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
            scenario: flags.value("--scenario")?,
            callbacks: flags.value("--callbacks")?,
            services: flags.switch("--services"),
            express: flags.switch("--express"),
            cost: flags.switch("--cost"),
        }),
        "validate" => Command::Validate {
            express: flags.switch("--express"),
            definition: flags
                .value("--definition")?
                .or_else(|| flags.positional())
                .ok_or("validate needs a FILE")?,
        },
        "check" => Command::Check {
            lesson: flags.value("--lesson")?.ok_or("check needs --lesson DIR")?,
            definition: flags.value("--definition")?,
        },
        "lessons" => match flags.positional().as_deref() {
            Some("check") => Command::LessonsCheck {
                sources: std::iter::from_fn(|| flags.positional()).collect(),
            },
            Some("pack") => Command::LessonsPack {
                output: flags.value("-o")?.ok_or("lessons pack needs -o FILE")?,
                track: flags.positional().ok_or("lessons pack needs a track folder")?,
            },
            _ => return Err("lessons needs 'check' or 'pack'".into()),
        },
        "export" => Command::Export(ExportArgs {
            definition: flags
                .value("--definition")?
                .ok_or("export needs --definition FILE")?,
            format: flags
                .value("--format")?
                .ok_or("export needs --format aws-cli|cloudformation|terraform")?,
            scenario: flags.value("--scenario")?,
            input: flags.value("--input")?,
            name: flags.value("--name")?,
            workflow_type: flags.value("--type")?,
            output: flags.value("-o")?,
        }),
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
