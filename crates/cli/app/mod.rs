//! The command-line application shared by `keylint` and `cargo-keylint`:
//! arguments → settings (defaults, config file, flags) → command → exit code.

mod args;
mod commands;
mod env;
mod fix;
mod hooks;
mod keys;
mod outcome;
mod scan;
mod settings;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser as _;

pub use outcome::Outcome;

/// Runs keylint with `args` (program name first) and maps the outcome to the process exit code.
pub fn main(args: Vec<OsString>) -> ExitCode {
    let cli = match args::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = err.print();
            return if err.use_stderr() {
                Outcome::Error.exit_code()
            } else {
                Outcome::Clean.exit_code()
            };
        }
    };
    setup_color(cli.global.color);
    let outcome = match commands::run(&cli) {
        Ok(outcome) => outcome,
        Err(report) => {
            eprintln!("{report:?}");
            Outcome::Error
        }
    };
    outcome.exit_code()
}

fn setup_color(choice: args::ColorChoice) {
    let enabled = match choice {
        args::ColorChoice::Always => true,
        args::ColorChoice::Never => false,
        args::ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::IsTerminal::is_terminal(&std::io::stdout())
        }
    };
    colored::control::set_override(enabled);
    let _ = miette::set_hook(Box::new(move |_| {
        Box::new(
            miette::MietteHandlerOpts::new()
                .color(enabled)
                .unicode(true)
                .width(100)
                .build(),
        )
    }));
}
