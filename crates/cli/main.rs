//! `keylint`: finds API keys before they reach git and checks key configuration.

fn main() -> std::process::ExitCode {
    keylint_cli::main(
        std::env::args_os().collect(),
        keylint_cli::Invocation::Direct,
    )
}
