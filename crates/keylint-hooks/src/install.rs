//! Native git hooks: install, uninstall and the status of keylint's hooks.
//!
//! The hooks directory is found as git finds it (`core.hooksPath`, else the common git
//! directory's `hooks`, so worktrees and `GIT_DIR` behave as git does), read with libgit2: the
//! repository's config never runs a command. Our files carry a marker line;
//! a foreign hook is moved to `<name>.legacy`, run first by ours, and put back on uninstall.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use miette::{IntoDiagnostic as _, WrapErr as _};

/// The line that marks a hook as keylint's.
const MARKER: &str = "# keylint-hook:";

/// The shims shipped in `hooks/`, installed with the path of this keylint filled in.
const HOOKS: [(&str, &str); 2] = [
    ("pre-commit", include_str!("../../../hooks/pre-commit")),
    ("pre-push", include_str!("../../../hooks/pre-push")),
];

/// Where git runs hooks from, and whether `core.hooksPath` chose it.
#[derive(Debug, Clone)]
pub struct HooksDir {
    /// The directory (absolute).
    pub path: PathBuf,
    /// The `core.hooksPath` value that chose it, when one did.
    pub hooks_path_config: Option<String>,
}

impl HooksDir {
    /// The hooks directory of the repository of the current directory.
    ///
    /// # Errors
    /// Outside a git repository, or when the current directory cannot be read.
    pub fn find() -> miette::Result<HooksDir> {
        let repo = keylint_input::git::open(Path::new(".")).map_err(|e| {
            miette::miette!(help = "run `keylint hooks` inside a git repository", "{e}")
        })?;
        let (path, hooks_path_config) = keylint_input::git::state::hooks_dir(&repo);
        let path = if path.is_absolute() {
            path
        } else {
            std::env::current_dir().into_diagnostic()?.join(path)
        };
        Ok(HooksDir {
            path,
            hooks_path_config,
        })
    }
}

fn is_ours(path: &Path) -> bool {
    std::fs::read_to_string(path)
        .is_ok_and(|text| text.lines().take(3).any(|l| l.starts_with(MARKER)))
}

fn legacy_path(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.legacy"))
}

/// The shim for `name` with `KEYLINT_BIN` set to this executable.
fn script(template: &str) -> String {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|p| p.canonicalize().ok())
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    // Single-quoted for sh: a quote in the path ends the string, so escape it.
    let quoted = exe.replace('\'', r"'\''");
    template.replacen("KEYLINT_BIN=''", &format!("KEYLINT_BIN='{quoted}'"), 1)
}

/// Writes `text` to `path` atomically (temp file in the same directory, then rename), executable.
fn write_executable(path: &Path, text: &str) -> miette::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.keylint-tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    std::fs::write(&tmp, text)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write {}", tmp.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755)).into_diagnostic()?;
    }
    std::fs::rename(&tmp, path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot write {}", path.display()))
}

/// Installs the pre-commit hook (and the pre-push one with `pre_push`) in `dir`; `done` is told
/// each hook's name, file and what happened (in words), as it is written. A foreign hook is
/// kept as `<name>.legacy`; when that file exists already, nothing is touched unless `force`.
///
/// # Errors
/// When a foreign hook and its `.legacy` both exist (without `force`), or a file cannot be
/// written or moved.
pub fn install(
    dir: &HooksDir,
    pre_push: bool,
    force: bool,
    done: &mut dyn FnMut(&str, &Path, &str),
) -> miette::Result<()> {
    std::fs::create_dir_all(&dir.path)
        .into_diagnostic()
        .wrap_err_with(|| format!("cannot create {}", dir.path.display()))?;
    let wanted = HOOKS
        .iter()
        .filter(|(name, _)| *name == "pre-commit" || pre_push);
    // Check every hook before touching any: all or nothing.
    for (name, _) in wanted.clone() {
        let target = dir.path.join(name);
        let legacy = legacy_path(&dir.path, name);
        if target.symlink_metadata().is_ok()
            && !is_ours(&target)
            && legacy.symlink_metadata().is_ok()
            && !force
        {
            return Err(miette::miette!(
                help = "pass --force to replace the existing .legacy file with the current hook",
                "{} is a hook keylint did not write, and {} already exists",
                target.display(),
                legacy.display()
            ));
        }
    }
    for (name, template) in wanted {
        let target = dir.path.join(name);
        let legacy = legacy_path(&dir.path, name);
        let state = if target.symlink_metadata().is_err() {
            "installed"
        } else if is_ours(&target) {
            "up to date"
        } else {
            std::fs::rename(&target, &legacy)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot move {} aside", target.display()))?;
            "installed (the existing hook was kept as .legacy and runs first)"
        };
        write_executable(&target, &script(template))?;
        done(name, &target, state);
    }
    Ok(())
}

/// Removes keylint's hooks from `dir` and puts back the hooks they kept as `.legacy`; `done` is
/// told each hook's name and what happened (in words). Foreign hooks are left alone.
///
/// # Errors
/// When a file cannot be removed or restored.
pub fn uninstall(dir: &HooksDir, done: &mut dyn FnMut(&str, &str)) -> miette::Result<()> {
    for (name, _) in HOOKS {
        let target = dir.path.join(name);
        let legacy = legacy_path(&dir.path, name);
        if !is_ours(&target) {
            if target.symlink_metadata().is_ok() {
                done(name, "not keylint's hook, left alone");
            }
            continue;
        }
        std::fs::remove_file(&target)
            .into_diagnostic()
            .wrap_err_with(|| format!("cannot remove {}", target.display()))?;
        if legacy.symlink_metadata().is_ok() {
            std::fs::rename(&legacy, &target)
                .into_diagnostic()
                .wrap_err_with(|| format!("cannot restore {}", legacy.display()))?;
            done(name, "removed; the previous hook is back");
        } else {
            done(name, "removed");
        }
    }
    Ok(())
}

/// The status report of `dir`: where it is, and whose each hook is.
#[must_use]
pub fn status(dir: &HooksDir) -> String {
    let mut out = format!("hooks directory: {}", dir.path.display());
    if let Some(configured) = &dir.hooks_path_config {
        let _ = write!(out, " (core.hooksPath = {configured})");
    }
    out.push('\n');
    for (name, _) in HOOKS {
        let target = dir.path.join(name);
        let legacy = legacy_path(&dir.path, name);
        let state = if is_ours(&target) {
            "keylint"
        } else if target.symlink_metadata().is_ok() {
            "another hook (not keylint)"
        } else {
            "none"
        };
        let _ = write!(out, "{name}: {state}");
        if legacy.symlink_metadata().is_ok() {
            let _ = write!(out, ", runs {name}.legacy first");
        }
        out.push('\n');
    }
    out
}
