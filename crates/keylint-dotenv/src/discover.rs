//! Finding `.env*` files and their `.env.example` counterpart. What git says about them
//! ([`crate::GitState`]) is the caller's to find out (keylint-input reads git without running it).

use std::path::{Path, PathBuf};

use crate::keys::{is_env_file_name, is_example_name};

/// Every env file under `root`. Directories ignored by `.gitignore` are not entered
/// (`node_modules/`), but env files that `.gitignore` ignores are still listed: they are the
/// point of linting. A FIFO, socket or device with an env file's name is listed too, so the
/// reader reports it as not read (never opened: a FIFO would block) instead of skipping it
/// unseen; symbolic links are not followed.
pub fn env_files(root: &Path) -> Result<Vec<PathBuf>, keylint_input::WalkError> {
    let options = keylint_input::ListOptions {
        only_names: &[".env", ".env.*", ".env-*", ".env_*", "*.env"],
        ..keylint_input::ListOptions::default()
    };
    let mut out = keylint_input::list(root, &options)?;
    out.retain(|path| {
        path.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_env_file_name)
    });
    out.sort();
    Ok(out)
}

/// The suffixes that make an env file's template (`.env` → `.env.example`).
const TEMPLATE_SUFFIXES: [&str; 4] = [".example", ".sample", ".template", ".dist"];

/// The template next to an env file (`.env` → `.env.example`, `.env.client` →
/// `.env.client.example` …), or, for a template, the env file it describes (its name without
/// the suffix: `.env.client.example` describes `.env.client`, not `.env`).
pub fn counterpart(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let dir = path.parent().unwrap_or_else(|| Path::new(""));
    if is_example_name(name) {
        let real = TEMPLATE_SUFFIXES
            .iter()
            .find_map(|s| name.strip_suffix(s))
            .filter(|real| *real == ".env" || real.starts_with(".env."))
            .map(|real| dir.join(real))?;
        return real.is_file().then_some(real);
    }
    if name != ".env" && !name.starts_with(".env.") {
        return None;
    }
    TEMPLATE_SUFFIXES
        .iter()
        .map(|s| dir.join(format!("{name}{s}")))
        .find(|p| p.is_file())
}
