//! The loader model and the messy-file generator on the command line, for `.ci/run` (model
//! against the real python-dotenv) and `bench/dotenv/` (what `--fix` changes on 2,000 files):
//!
//! ```text
//! dotenv_model generate SEED COUNT DIR   # DIR/0000.env … (seeded, reproducible)
//! dotenv_model load FILE…                # one JSON line per file: {"file", "vars"}
//! ```

#[path = "../tests/messy/mod.rs"]
mod messy;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("dotenv_model: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    match args {
        [cmd, seed, count, dir] if cmd == "generate" => {
            let seed: u64 = seed.parse().map_err(|e| format!("seed: {e}"))?;
            let count: usize = count.parse().map_err(|e| format!("count: {e}"))?;
            std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
            let mut rng = messy::Rng(seed.max(1));
            for i in 0..count {
                let path = format!("{dir}/{i:04}.env");
                std::fs::write(&path, messy::messy_file(&mut rng))
                    .map_err(|e| format!("{path}: {e}"))?;
            }
            Ok(())
        }
        [cmd, files @ ..] if cmd == "load" => {
            for file in files {
                let bytes = std::fs::read(file).map_err(|e| format!("{file}: {e}"))?;
                let text = String::from_utf8(bytes).map_err(|e| format!("{file}: {e}"))?;
                let vars: serde_json::Map<String, serde_json::Value> =
                    keylint_dotenv::loader::load(&text)
                        .vars
                        .into_iter()
                        .map(|(k, v)| (k, v.map_or(serde_json::Value::Null, Into::into)))
                        .collect();
                println!("{}", serde_json::json!({ "file": file, "vars": vars }));
            }
            Ok(())
        }
        _ => Err("usage: dotenv_model generate SEED COUNT DIR | load FILE…".into()),
    }
}
