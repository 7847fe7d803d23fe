//! `sfn-lab`: run, validate, check and export state machines, with the lab's own interpreter.

mod args;
mod commands;
mod output;

use args::Command;
use std::process::ExitCode;

/// Exit code when the definition, an input file or the command line is invalid.
const EXIT_INVALID: u8 = 1;

/// Meters JSONata evaluations, so an expression that builds too much fails its state instead of
/// exhausting the machine's memory; mimalloc underneath, for speed.
#[global_allocator]
static ALLOCATOR: jsonata::BudgetAllocator<mimalloc::MiMalloc> =
    jsonata::BudgetAllocator::wrapping(mimalloc::MiMalloc);

fn main() -> ExitCode {
    let command = match args::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("sfn-lab: {message}\n\n{}", args::USAGE);
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let outcome = match command {
        Command::Help => {
            output::println(args::USAGE);
            Ok(ExitCode::SUCCESS)
        }
        Command::Run(run) => commands::run::execute(run),
        Command::Validate { definition, express } => commands::validate::execute(&definition, express),
        Command::Check { lesson, definition } => commands::check::execute(&lesson, definition.as_deref()),
        Command::LessonsCheck { sources } => commands::lessons::check(&sources),
        Command::LessonsPack { track, output } => commands::lessons::pack(&track, &output),
        Command::Export(export) => commands::export::execute(export),
    };
    outcome.unwrap_or_else(|message| {
        eprintln!("sfn-lab: {message}");
        ExitCode::from(EXIT_INVALID)
    })
}
