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

/// Git state of many files with three `git` runs in all (not three per file): the work tree's
/// root, `git ls-files`, and `git check-ignore --stdin`. Files outside that work tree get none.
pub fn git_states(paths: &[PathBuf]) -> std::collections::HashMap<PathBuf, GitState> {
    use std::io::Write as _;
    let mut out = std::collections::HashMap::new();
    let Some(first) = paths.first() else {
        return out;
    };
    let dir = first
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let git = |args: &[&str]| {
        let mut cmd = Command::new("git");
        cmd.current_dir(dir)
            .args(args)
            .env_remove("GIT_DIR")
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        cmd
    };
    let Some(top) = git(&["rev-parse", "--show-toplevel"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| PathBuf::from(s.trim_end()))
    else {
        return out;
    };
    let Ok(top) = std::fs::canonicalize(top) else {
        return out;
    };
    let relative: Vec<(PathBuf, String)> = paths
        .iter()
        .filter_map(|p| {
            let full = std::fs::canonicalize(p).ok()?;
            let rel = full
                .strip_prefix(&top)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((p.clone(), rel))
        })
        .collect();
    let tracked: std::collections::HashSet<String> = Command::new("git")
        .current_dir(&top)
        .args(["ls-files", "-z"])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()
        .map(|o| {
            o.stdout
                .split(|&b| b == 0)
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .collect()
        })
        .unwrap_or_default();
    let ignored: std::collections::HashSet<String> = (|| {
        let mut child = Command::new("git")
            .current_dir(&top)
            .args(["check-ignore", "--stdin", "-z"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        let mut stdin = child.stdin.take()?;
        let input: Vec<u8> = relative
            .iter()
            .flat_map(|(_, r)| r.bytes().chain([0]))
            .collect();
        std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let o = child.wait_with_output().ok()?;
        Some(
            o.stdout
                .split(|&b| b == 0)
                .map(|s| String::from_utf8_lossy(s).into_owned())
                .collect(),
        )
    })()
    .unwrap_or_default();
    for (path, rel) in relative {
        out.insert(
            path,
            GitState {
                tracked: tracked.contains(&rel),
                ignored: ignored.contains(&rel),
            },
        );
    }
    out
}
