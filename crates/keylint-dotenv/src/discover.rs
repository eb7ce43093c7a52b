//! Finding `.env*` files, their `.env.example` counterpart, and what git says about them (via the
//! `git` command; no git library needed for two questions).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::GitState;
use crate::keys::{is_env_file_name, is_example_name};

/// Every env file under `root`. Directories ignored by `.gitignore` are not entered
/// (`node_modules/`), but env files that `.gitignore` ignores are still listed: they are the
/// point of linting.
pub fn env_files(root: &Path) -> Result<Vec<PathBuf>, ignore::Error> {
    let mut overrides = ignore::overrides::OverrideBuilder::new(root);
    for glob in [".env", ".env.*", ".env-*", ".env_*", "*.env"] {
        overrides.add(glob)?;
    }
    let overrides = overrides.build()?;
    let mut out = Vec::new();
    for entry in ignore::WalkBuilder::new(root)
        .hidden(false)
        .overrides(overrides)
        .filter_entry(|e| e.file_name() != ".git")
        .build()
    {
        let entry = entry?;
        let is_file = entry.file_type().is_some_and(|t| t.is_file());
        if is_file && entry.file_name().to_str().is_some_and(is_env_file_name) {
            out.push(entry.into_path());
        }
    }
    out.sort();
    Ok(out)
}

/// The template next to an env file (`.env` → `.env.example`, `.env.sample` …), or, for a
/// template, the env file it describes.
pub fn counterpart(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let dir = path.parent().unwrap_or_else(|| Path::new(""));
    if is_example_name(name) {
        let real = dir.join(".env");
        return (name.starts_with(".env") && real.is_file()).then_some(real);
    }
    if name != ".env" {
        return None;
    }
    [".env.example", ".env.sample", ".env.template", ".env.dist"]
        .iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
}

/// Whether git tracks `path` and whether `.gitignore` ignores it; `None` outside a work tree
/// or without git.
pub fn git_state(path: &Path) -> Option<GitState> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name()?;
    let run = |args: &[&std::ffi::OsStr]| {
        Command::new("git")
            .current_dir(dir)
            .args(args)
            .env_remove("GIT_DIR")
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
    };
    let inside = run(&["rev-parse".as_ref(), "--is-inside-work-tree".as_ref()])?;
    if !inside.status.success() || !inside.stdout.starts_with(b"true") {
        return None;
    }
    let tracked = run(&[
        "ls-files".as_ref(),
        "--error-unmatch".as_ref(),
        "--".as_ref(),
        name,
    ])?
    .status
    .success();
    let ignored = run(&["check-ignore".as_ref(), "-q".as_ref(), "--".as_ref(), name])?
        .status
        .success();
    Some(GitState { tracked, ignored })
}
