//! Helpers: run the binary, normalise volatile output, make synthetic credentials.

use std::path::Path;
use std::process::{Command as GitCommand, Output};

use assert_cmd::Command;

/// Result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// `exit code`, stdout and stderr in one string, for snapshots.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `keylint args…` in `dir` with colours off.
pub fn keylint(dir: &Path, args: &[&str]) -> Run {
    run_bin("keylint", dir, args, None)
}

/// Runs `keylint args…` in `dir` with `stdin` as standard input.
pub fn keylint_stdin(dir: &Path, args: &[&str], stdin: &str) -> Run {
    run_bin("keylint", dir, args, Some(stdin))
}

/// Runs another binary of this package (`cargo-keylint`).
pub fn run_bin(bin: &str, dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    run_bin_env(bin, dir, args, stdin, &[])
}

/// Runs a binary of this package with extra environment variables.
pub fn run_bin_env(
    bin: &str,
    dir: &Path,
    args: &[&str],
    stdin: Option<&str>,
    env: &[(&str, &str)],
) -> Run {
    let mut cmd = Command::cargo_bin(bin).expect("binary built");
    cmd.envs(env.iter().copied());
    cmd.current_dir(dir)
        .args(args)
        // A hang (libgit2 on a corrupt object) fails the test instead of the whole run.
        .timeout(std::time::Duration::from_secs(120))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_STEP_SUMMARY");
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("binary runs");
    // The timeout above kills the child; say so instead of failing on an odd exit code.
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt as _;
        assert_ne!(
            status.signal(),
            Some(9),
            "`{bin} {}` was killed after 120 s: a hang (libgit2 on a damaged object?)",
            args.join(" ")
        );
    }
    Run {
        code: status.code().unwrap_or(-1),
        stdout: normalise(&String::from_utf8_lossy(&stdout)),
        stderr: normalise(&String::from_utf8_lossy(&stderr)),
    }
}

/// Problems `log` has against the official SARIF 2.1.0 schema (none when it is valid).
pub fn sarif_schema_errors(log: &serde_json::Value) -> Vec<String> {
    static VALIDATOR: std::sync::LazyLock<jsonschema::Validator> = std::sync::LazyLock::new(|| {
        // The official schema's `language` pattern has a stray `]` that a strict regex parser
        // rejects (`…-[a-zA-Z]{2}]?$`); keylint never writes `language`, so repair it here.
        let text =
            include_str!("data/sarif-schema-2.1.0.json").replace("[a-zA-Z]{2}]?$", "[a-zA-Z]{2}$");
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        jsonschema::validator_for(&schema).expect("the schema compiles")
    });
    VALIDATOR
        .iter_errors(log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// `PATH` with the directory of this package's built binaries first, for tools that find
/// keylint on PATH (cargo's subcommand lookup, the GitHub Action's scripts).
pub fn path_with_built_bins() -> std::ffi::OsString {
    let bin = assert_cmd::cargo::cargo_bin("keylint");
    let mut path = std::ffi::OsString::from(bin.parent().expect("target dir"));
    path.push(":");
    path.push(std::env::var_os("PATH").unwrap_or_default());
    path
}

/// Replaces timings so snapshots are stable.
fn normalise(text: &str) -> String {
    let re = regex::Regex::new(r#"in \d+ ms|"duration_ms": \d+"#).unwrap();
    re.replace_all(text, |caps: &regex::Captures<'_>| {
        if caps[0].starts_with("in ") {
            "in [TIME] ms".to_owned()
        } else {
            "\"duration_ms\": 0".to_owned()
        }
    })
    .into_owned()
}

/// A deterministic random-looking string over `alphabet` (synthetic, seeded by `seed`).
pub fn synthetic(seed: u64, len: usize, alphabet: &[u8]) -> String {
    let mut state = seed
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            alphabet[((state >> 33) % alphabet.len() as u64) as usize] as char
        })
        .collect()
}

pub const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A synthetic `sk-proj-` key (right shape, embedded marker).
pub fn openai_key(seed: u64) -> String {
    let marker = ["T3Bl", "bkFJ"].concat();
    format!(
        "sk-{}{}{marker}{}",
        "proj-",
        synthetic(seed, 40, ALNUM),
        synthetic(seed + 1, 40, ALNUM)
    )
}

/// The findings of a `--format json` run as (path, line, rule id, severity).
pub fn finding_rows(run: &Run) -> Vec<(String, u64, String, String)> {
    let doc: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.transcript()));
    doc["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["line"].as_u64().unwrap(),
                f["rule_id"].as_str().unwrap().to_owned(),
                f["severity"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Writes `files` (path, content) under `dir`.
pub fn write_tree(dir: &Path, files: &[(&str, &str)]) {
    for (path, content) in files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, content).unwrap();
    }
}

// ---- git: real repositories in temp dirs (git.rs, hooks.rs) ----------------------------------

/// Runs git in `dir` with a neutral identity, no user config and a fixed date.
pub fn git_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = GitCommand::new("git");
    cmd.current_dir(dir)
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Ada")
        .env("GIT_AUTHOR_EMAIL", "ada@example.org")
        .env("GIT_COMMITTER_NAME", "Ada")
        .env("GIT_COMMITTER_EMAIL", "ada@example.org")
        .env("GIT_AUTHOR_DATE", "2025-01-02T03:04:05Z")
        .env("GIT_COMMITTER_DATE", "2025-01-02T03:04:05Z")
        .env("NO_COLOR", "1")
        .env_remove("KEYLINT_SKIP")
        .env_remove("KEYLINT");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("git runs")
}

pub fn git(dir: &Path, args: &[&str]) -> Output {
    git_env(dir, args, &[])
}

pub fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(out.status.success(), "git {args:?}: {}", said(&out));
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

/// Everything a command printed (git sends a hook's output to stderr).
pub fn said(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git_ok(dir.path(), &["init", "-q", "-b", "main"]);
    dir
}

pub fn write(dir: &Path, path: &str, text: &str) {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
    std::fs::write(full, text).unwrap();
}

pub fn commit_all(dir: &Path, message: &str) {
    git_ok(dir, &["add", "-A"]);
    git_ok(dir, &["commit", "-q", "--no-verify", "-m", message]);
}

/// Copies the fixture directory `tests/fixtures/<fixture>` into `dir`, replacing each
/// `{{NAME}}` placeholder of `values` in every file (secrets are filled in at run time).
pub fn copy_fixture(fixture: &str, dir: &Path, values: &[(&str, &str)]) {
    fn copy(from: &Path, to: &Path, values: &[(&str, &str)]) {
        std::fs::create_dir_all(to).unwrap();
        let mut entries: Vec<_> = std::fs::read_dir(from)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let target = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy(&entry.path(), &target, values);
                continue;
            }
            let mut text = std::fs::read_to_string(entry.path()).unwrap();
            for (name, value) in values {
                text = text.replace(&format!("{{{{{name}}}}}"), value);
            }
            std::fs::write(target, text).unwrap();
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    copy(&root, dir, values);
}

/// Commit ids vary with the test environment's git, timings with the machine: replace them
/// (and the file names of loose objects, which are object ids too).
pub fn stable(text: &str) -> String {
    let loose = regex::Regex::new(r"objects/[0-9a-f]{2}/[0-9a-f]{38}\b").unwrap();
    let commit = regex::Regex::new(r"\b[0-9a-f]{40}\b|\b[0-9a-f]{12}\b").unwrap();
    let time = regex::Regex::new(r"in \d+ ms").unwrap();
    let text = loose.replace_all(text, "objects/[OBJECT]");
    let text = commit.replace_all(&text, "[COMMIT]");
    time.replace_all(&text, "in [TIME] ms").into_owned()
}

/// A repository in the middle of concluding a merge: `feature` committed a secret to `a.ts`,
/// `main` and `feature` conflicted on `c.ts`, which is resolved and staged.
pub fn repo_concluding_a_merge() -> tempfile::TempDir {
    let dir = repo();
    write(dir.path(), "a.ts", "const a = 1;\n");
    commit_all(dir.path(), "init");
    git_ok(dir.path(), &["checkout", "-q", "-b", "feature"]);
    write(
        dir.path(),
        "a.ts",
        &format!("const a = 1;\nconst k = '{}';\n", openai_key(10)),
    );
    write(dir.path(), "c.ts", "const c = 'feature';\n");
    commit_all(dir.path(), "feature leak (already committed)");
    git_ok(dir.path(), &["checkout", "-q", "main"]);
    write(dir.path(), "c.ts", "const c = 'main';\n");
    commit_all(dir.path(), "main change");
    let merge = git(dir.path(), &["merge", "-q", "--no-edit", "feature"]);
    assert!(!merge.status.success(), "c.ts conflicts");
    write(dir.path(), "c.ts", "const c = 'resolved';\n");
    git_ok(dir.path(), &["add", "c.ts"]);
    dir
}

/// Makes a FIFO (named pipe) at `path`, with the system's `mkfifo`.
pub fn mkfifo(path: &Path) {
    let made = GitCommand::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {}", path.display());
}
