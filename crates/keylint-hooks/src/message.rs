//! What a hook says when it blocks: the next steps after a secret was found, the closing words
//! when the check itself could not run, and the notice when it was skipped.

use std::fmt::Write as _;

use keylint_core::Finding;

use crate::Stage;

/// The notice printed when `KEYLINT_SKIP` skipped the check.
#[must_use]
pub fn skipped(stage: Stage) -> &'static str {
    match stage {
        Stage::Commit => {
            "keylint: KEYLINT_SKIP is set: the staged changes were NOT checked for secrets"
        }
        Stage::Push => {
            "keylint: KEYLINT_SKIP is set: the pushed commits were NOT checked for secrets"
        }
    }
}

/// What to do after a blocked commit or push: `failing` of `findings` fail the run.
#[must_use]
pub fn next_steps(stage: Stage, failing: usize, findings: &[Finding]) -> String {
    let plural = if failing == 1 { "" } else { "s" };
    let mut out = String::new();
    match stage {
        Stage::Commit => {
            let _ = writeln!(
                out,
                "\n✗ commit blocked: {failing} secret{plural} in the staged changes (nothing was committed)."
            );
            let _ = writeln!(
                out,
                "  1. fix each one as shown above: the value goes to a gitignored .env or a secret manager"
            );
            let _ = writeln!(
                out,
                "  2. stage the fix (`git add <file>`) and commit again"
            );
        }
        Stage::Push => {
            let mut commits: Vec<&str> = findings
                .iter()
                .filter_map(|f| f.origin.as_ref())
                .map(|o| o.commit.get(..12).unwrap_or(&o.commit))
                .collect();
            commits.sort_unstable();
            commits.dedup();
            let _ = writeln!(
                out,
                "\n✗ push blocked: {failing} secret{plural} in the commits being pushed (nothing was pushed)."
            );
            let _ = writeln!(
                out,
                "  1. rotate each key now (see `rotate this key now` above): it is in your git history"
            );
            let _ = writeln!(
                out,
                "  2. remove it from the unpushed commits ({}): `git rebase -i <oldest of them>^`, edit, \
                 fix the file; or for the last commit only, fix it and `git commit --amend`",
                commits.join(", ")
            );
            let _ = writeln!(out, "  3. push again");
        }
    }
    let _ = writeln!(
        out,
        "  not a secret? add `keylint:allow` in a comment on that line (or the line before)"
    );
    // The one command that fixes it, next to the escape: for the files `fix` rewrites (an
    // env file is where the value belongs; it only has to leave git).
    let mut paths: Vec<&str> = findings
        .iter()
        .map(|f| f.location.path.as_str())
        .filter(|p| !keylint_dotenv::keys::is_env_file_name(p.rsplit('/').next().unwrap_or(p)))
        .collect();
    paths.sort_unstable();
    paths.dedup();
    let quoted: Vec<String> = paths.iter().map(|p| shell_quoted(p)).collect();
    if !quoted.is_empty() {
        let _ = writeln!(
            out,
            "  to fix: keylint fix {} (moves each secret to .env and rewrites the code to read it)",
            quoted.join(" ")
        );
    }
    let _ = writeln!(
        out,
        "  last resort, if you are sure: KEYLINT_SKIP=1 git {} … (pre-commit framework: SKIP=keylint); \
         `git {} --no-verify` skips every hook",
        stage.what(),
        stage.what()
    );
    out
}

/// `path` as a POSIX shell word: as is when it is plain, else single-quoted.
fn shell_quoted(path: &str) -> String {
    if path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+@".contains(c))
    {
        path.to_owned()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

/// The closing words when keylint could not do its job: the hook blocks.
#[must_use]
pub fn blocked_by_error(stage: Stage) -> String {
    format!(
        "\n✗ {what} blocked: keylint could not finish its check (see the error above), and an \
         unchecked {what} could leak a key.\n  fix the problem and retry; last resort, if you are \
         sure: KEYLINT_SKIP=1 git {what} …\n",
        what = stage.what()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_quoted_only_when_the_shell_needs_it() {
        assert_eq!(shell_quoted("lib/app_config.dart"), "lib/app_config.dart");
        assert_eq!(shell_quoted("my app/it's.ts"), r"'my app/it'\''s.ts'");
    }
}
