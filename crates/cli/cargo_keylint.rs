//! `cargo keylint …`: cargo runs `cargo-keylint keylint …`; dropping that extra argument makes it
//! behave exactly like `keylint …`.

fn main() -> std::process::ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "keylint") {
        args.remove(1);
    }
    keylint_cli::main(args, keylint_cli::Invocation::Cargo)
}
