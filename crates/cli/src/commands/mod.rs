//! The commands, one module each, and their dispatch. A command imports the settings, the
//! output module and the libraries, never another command.

mod env;
mod fix;
mod hooks;
mod keys;
mod report;
mod rules;
mod scan;

use crate::args::{BaselineCommand, Cli, Command, ReportCommand};
use crate::outcome::Outcome;

/// Runs the parsed command line.
pub fn run(cli: &Cli) -> miette::Result<Outcome> {
    if matches!(
        cli.command,
        Command::Scan(_) | Command::Fix(_) | Command::Keys(_) | Command::Baseline(_)
    ) {
        keylint_process::prefer_small_pages();
        keylint_process::return_freed_memory_at_once();
    }
    match &cli.command {
        Command::Scan(args) => scan::run(&cli.global, args),
        Command::Env(args) => env::run(&cli.global, args),
        Command::Fix(args) => fix::run(&cli.global, args),
        Command::Keys(args) => keys::run(&cli.global, args),
        Command::Rules(args) => rules::rules(&cli.global, args),
        Command::Explain { rule_id } => rules::explain(&cli.global, rule_id),
        Command::Verify(args) => crate::verify::value(&cli.global, args),
        Command::Init { path, force } => rules::init(path, *force),
        Command::Report(ReportCommand::Merge(args)) => report::merge(args),
        Command::Hooks(command) => hooks::manage(command),
        Command::Hook(command) => hooks::run(&cli.global, command),
        Command::Baseline(BaselineCommand::Create { output, source }) => {
            scan::create_baseline(&cli.global, source, output)
        }
    }
}
