//! keylint's command-line application, the library under the two binaries `keylint` and
//! `cargo-keylint` (thin mains that call [`main`]): arguments → settings (defaults, config
//! file, flags) → command → [`Outcome`] → exit code.
//!
//! ```no_run
//! let code = keylint_cli::main(vec!["keylint".into(), "scan".into()], keylint_cli::Invocation::Direct);
//! # let _ = code;
//! ```

mod args;
mod collect;
mod commands;
mod outcome;
mod output;
mod settings;
mod verify;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _};

pub use outcome::Outcome;

/// How the program was started.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invocation {
    /// `keylint …`: paths default to the current directory.
    Direct,
    /// `cargo keylint …`: paths default to the Cargo workspace root, like cargo's own commands.
    Cargo,
}

/// Runs keylint with `args` (program name first) and maps the outcome to the process exit code.
pub fn main(mut args: Vec<OsString>, invocation: Invocation) -> ExitCode {
    // First, before any thread or repository: libgit2's pack mappings, bounded.
    keylint_input::git::bound_pack_memory();
    let mut command = args::Cli::command();
    if invocation == Invocation::Cargo {
        // `cargo keylint` alone scans the workspace, as `cargo clippy` checks it; help and
        // usage say `cargo keylint`, the way it is typed.
        if args.len() == 1 {
            args.push("scan".into());
        }
        command = command.bin_name("cargo keylint");
    }
    let parsed = command.try_get_matches_from(args).and_then(|matches| {
        let cli = args::Cli::from_arg_matches(&matches)?;
        Ok((cli, matches))
    });
    let cli = match parsed {
        Ok((cli, matches)) => {
            if invocation == Invocation::Cargo && !paths_given(&matches) {
                if let Err(why) = enter_workspace_root() {
                    eprintln!("error: {why}");
                    return Outcome::Error.exit_code();
                }
            }
            cli
        }
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

/// Whether the subcommand was given paths on the command line (commands without paths count
/// as given: there is nothing to default).
fn paths_given(matches: &clap::ArgMatches) -> bool {
    let Some((_, sub)) = matches.subcommand() else {
        return true;
    };
    // `baseline create` nests one level deeper.
    let sub = sub.subcommand().map_or(sub, |(_, inner)| inner);
    match sub.try_get_raw("paths") {
        Ok(_) => sub.value_source("paths") == Some(clap::parser::ValueSource::CommandLine),
        Err(_) => true,
    }
}

/// Moves to the root of the Cargo workspace around the current directory (as `cargo locate-project
/// --workspace` finds it), so reports name files relative to it. Outside a Cargo project, stays.
/// The cargo that started us (`$CARGO`) is asked, else `cargo` from `PATH`; when neither runs,
/// the error says so (the scan would otherwise silently cover the wrong tree).
fn enter_workspace_root() -> Result<(), String> {
    let locate = |cargo: &std::ffi::OsStr| {
        std::process::Command::new(cargo)
            .args(["locate-project", "--workspace", "--message-format", "plain"])
            .stderr(std::process::Stdio::null())
            .output()
    };
    let from_env = std::env::var_os("CARGO").filter(|c| !c.is_empty());
    let located = match from_env.as_deref().map(locate) {
        Some(Ok(output)) => output,
        tried => locate("cargo".as_ref()).map_err(|e| {
            let env = match (&from_env, tried) {
                (Some(cargo), Some(Err(why))) => {
                    format!("$CARGO ({}: {why}) nor ", cargo.to_string_lossy())
                }
                _ => "$CARGO (unset) nor ".to_owned(),
            };
            format!(
                "cannot find the Cargo workspace to scan: neither {env}`cargo` on PATH ({e}) could be run; \
                 run keylint from the workspace root, or name the paths to scan"
            )
        })?,
    };
    if !located.status.success() {
        return Ok(());
    }
    let manifest = std::path::PathBuf::from(String::from_utf8_lossy(&located.stdout).trim());
    if let Some(root) = manifest.parent() {
        let _ = std::env::set_current_dir(root);
    }
    Ok(())
}
