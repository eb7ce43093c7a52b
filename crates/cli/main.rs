//! `keylint`: finds API keys before they reach git and checks key configuration.
#[path = "app/mod.rs"]
mod app;

fn main() -> std::process::ExitCode {
    app::main(std::env::args_os().collect(), app::Invocation::Direct)
}
