//! Nothing unread is reported clean: explicit pipes and devices are read (or the run is
//! incomplete), a config outside the repository or home is never applied unseen, and a run
//! that fails never ends on a `✓` line.

use std::path::Path;

use crate::support::{Run, keylint, keylint_stdin, openai_key, write_tree};

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.transcript()))
}

/// The last non-empty line of `text`.
fn last_line(text: &str) -> &str {
    text.lines().rfind(|l| !l.trim().is_empty()).unwrap_or("")
}

/// A failing or incomplete run: no `✓` on its last line, and the last line says why.
fn assert_ends_on_failure(run: &Run, outcome: &str) {
    let last = last_line(&run.stdout);
    assert!(
        !last.contains('✓') && last.contains(outcome),
        "the last line must state the outcome (`{outcome}`):\n{}",
        run.transcript()
    );
}

#[cfg(unix)]
#[test]
fn explicit_pipes_are_read_as_streams() {
    let dir = tempfile::tempdir().unwrap();
    let line = format!("const k = \"{}\";\n", openai_key(21));

    // `… | keylint scan /dev/stdin` (and `<(…)`, which is a /dev/fd pipe just the same).
    let run = keylint_stdin(dir.path(), &["scan", "-f", "json", "/dev/stdin"], &line);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let doc = json(&run);
    assert_eq!(doc["findings"][0]["path"], "/dev/stdin");
    assert_eq!(doc["findings"][0]["rule_id"], "openai-project-key");
    assert_eq!(doc["summary"]["files_scanned"], 1);

    // A FIFO named on the command line.
    let fifo = dir.path().join("pipe");
    crate::support::mkfifo(&fifo);
    let writer = {
        let fifo = fifo.clone();
        let line = line.clone();
        std::thread::spawn(move || std::fs::write(fifo, line))
    };
    let run = keylint(dir.path(), &["scan", "pipe"]);
    writer.join().unwrap().unwrap();
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("╭─[pipe:1:12]"), "{}", run.stdout);
    assert_ends_on_failure(&run, "✗ 1 finding (1 high) in 1 file");
}

#[cfg(unix)]
#[test]
fn an_endless_device_stops_at_the_size_limit_and_is_never_clean() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("ok.ts", "const a = 1;\n")]);
    let run = keylint(
        dir.path(),
        &["scan", "--max-file-size", "4096", "/dev/zero", "ok.ts"],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(!run.stdout.contains('✓'), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "could not read /dev/zero: not a regular file, read as a stream: it goes on past the size limit (4096 bytes)"
        ),
        "{}",
        run.stdout
    );
    assert_ends_on_failure(&run, "✗ scan incomplete: 1 path could not be read");
    assert_eq!(
        last_line(&run.stderr),
        "error: 1 path could not be read; the scan is incomplete (raise --max-file-size to read them whole)"
    );

    let run = keylint(
        dir.path(),
        &["scan", "-f", "json", "--max-file-size", "4096", "/dev/zero"],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(json(&run)["summary"]["errors"][0]["path"], "/dev/zero");
}

/// Runs keylint in `dir` with `HOME` set to `home`.
fn keylint_home(dir: &Path, home: &Path, args: &[&str]) -> Run {
    let out = assert_cmd::Command::cargo_bin("keylint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("GITHUB_STEP_SUMMARY")
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_config_above_the_repository_or_home_is_not_applied() {
    let root = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(root.path()).unwrap();
    // A shared parent (think /tmp) holding a config that accepts everything.
    write_tree(
        &root,
        &[
            ("shared/.keylint.toml", "[allowlist]\npaths = [\"**\"]\n"),
            (
                "shared/project/a.ts",
                &format!("const k = \"{}\";\n", openai_key(22)),
            ),
            ("home/.keep", ""),
        ],
    );
    let project = root.join("shared/project");

    // Not in a repository, not below home: the parent's config is not looked at.
    let run = keylint_home(&project, &root.join("home"), &["scan"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(!run.stderr.contains("config:"), "{}", run.stderr);

    // In a repository: discovery stops at its root.
    std::fs::create_dir(project.join(".git")).unwrap();
    let run = keylint_home(&project, &root, &["scan"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    std::fs::remove_dir(project.join(".git")).unwrap();

    // Below home, the config is applied, and says so with what it accepted.
    let run = keylint_home(&project, &root, &["scan"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        run.stderr,
        "config: ../.keylint.toml (its allowlists accepted every finding of 1 file)\n"
    );
}

#[test]
fn the_config_used_and_what_its_allowlist_accepted_are_shown() {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(23);
    write_tree(
        dir.path(),
        &[
            (
                "keylint.toml",
                &format!("[allowlist]\nregexes = [\"{}\"]\n", &key[..20]),
            ),
            ("a.ts", &format!("const k = \"{key}\";\n")),
        ],
    );
    let run = keylint(dir.path(), &["scan"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        run.stderr,
        "config: keylint.toml (its allowlists accepted 1 finding)\n"
    );
    // Machine formats keep stderr quiet.
    let run = keylint(dir.path(), &["scan", "-f", "json"]);
    assert_eq!(run.stderr, "");
}

#[test]
fn env_problems_that_fail_a_scan_are_its_last_line() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[(".env", "OPENAI_API_KEY = sk-proj-abc\n")]);
    let run = keylint(dir.path(), &["scan"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    // No secret: the summary itself says what fails the run (issue 14 item 15).
    assert!(
        last_line(&run.stdout).starts_with("✗ 0 secrets, 1 configuration problem in 1 file"),
        "{}",
        run.stdout
    );
    // Findings below the threshold do not make the run "pass" when .env problems fail it.
    write_tree(
        dir.path(),
        &[("a.ts", &format!("const k = \"{}\";\n", openai_key(24)))],
    );
    let run = keylint(dir.path(), &["scan", "--fail-on", "high"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(!run.stdout.contains("the run passes"), "{}", run.stdout);
}

#[cfg(target_os = "linux")]
#[test]
fn incomplete_env_and_keys_runs_end_on_the_outcome() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("a.env", "A=1\n")]);
    // /proc/self/mem cannot be read from its start: an unreadable file even for root.
    let run = keylint(dir.path(), &["env", "/proc/self/mem", "a.env"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_ends_on_failure(&run, "✗ incomplete: 1 env file could not be read");
    // What was read is reported, without a ✓: the run as a whole did not pass.
    assert!(
        run.stdout
            .contains("  no problems in the 1 env file read\n"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('✓'), "{}", run.stdout);

    let run = keylint(dir.path(), &["keys", "/proc/self/mem", "a.env"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_ends_on_failure(&run, "✗ incomplete: 1 file could not be read");
}

#[test]
fn history_judges_a_blob_under_every_path_it_appears_under() {
    use crate::support::{commit_all, repo, write};
    let dir = repo();
    let content = format!("const k = \"{}\";\n", openai_key(25));
    // The same blob in an allowlisted fixture (walked first) and in a real file.
    write(
        dir.path(),
        "keylint.toml",
        "[allowlist]\npaths = [\"fixtures/**\"]\n",
    );
    write(dir.path(), "fixtures/a.ts", &content);
    write(dir.path(), "src/a.ts", &content);
    commit_all(dir.path(), "fixture and a real copy");
    let run = keylint(dir.path(), &["scan", "--history", "-f", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let paths: Vec<String> = json(&run)["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paths, ["src/a.ts"]);

    // A baselined copy, and the same blob committed later under another path.
    let dir = repo();
    write(dir.path(), "docs/example.ts", &content);
    commit_all(dir.path(), "documented example");
    let created = keylint(dir.path(), &["baseline", "create", "--history"]);
    assert_eq!(created.code, 0, "{}", created.transcript());
    let run = keylint(
        dir.path(),
        &["scan", "--history", "--baseline", "keylint.baseline.json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    write(dir.path(), "src/client.ts", &content);
    commit_all(dir.path(), "the example, pasted into the client");
    let run = keylint(
        dir.path(),
        &[
            "scan",
            "--history",
            "--baseline",
            "keylint.baseline.json",
            "-f",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    let doc = json(&run);
    assert_eq!(doc["findings"][0]["path"], "src/client.ts");
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1);
    assert_eq!(doc["summary"]["baselined"], 1);
}

/// Files whose findings are all of the kinds a baseline holds: provider keys, generic
/// `password:`/`secret:` values (whose rule ids read like `generic-secret:`), a `.env` problem.
fn baselined_project(dir: &Path) {
    use crate::support::{ALNUM, synthetic};
    write_tree(
        dir,
        &[
            (
                "config.yaml",
                &format!(
                    "db:\n  password: {}\napi_secret: {}\n",
                    synthetic(31, 24, ALNUM),
                    synthetic(32, 32, ALNUM)
                ),
            ),
            (
                "lib/secrets.dart",
                &format!(
                    "const apiKey = '{}';\nconst openai = '{}';\n",
                    synthetic(33, 40, ALNUM),
                    openai_key(34)
                ),
            ),
            (".env", "OPENAI_API_KEY = sk-proj-abc\n"),
        ],
    );
}

#[test]
fn the_baseline_file_never_flags_itself_and_accepts_env_problems() {
    use crate::support::{git_ok, repo};
    let dir = repo();
    baselined_project(dir.path());
    let before = keylint(dir.path(), &["scan", "-f", "json"]);
    assert_eq!(before.code, 1, "{}", before.transcript());
    let accepted = json(&before)["findings"].as_array().unwrap().len()
        + json(&before)["diagnostics"].as_array().unwrap().len();

    let created = keylint(dir.path(), &["baseline", "create"]);
    assert_eq!(created.code, 0, "{}", created.transcript());
    let text = std::fs::read_to_string(dir.path().join("keylint.baseline.json")).unwrap();
    assert!(text.contains("\"version\": 2"), "{text}");

    // Used or not, the baseline is no source of findings; with it, the project is clean.
    for args in [
        &["scan", "--baseline", "keylint.baseline.json"][..],
        &["scan"][..],
    ] {
        let run = keylint(dir.path(), &[args, &["-f", "json"]].concat());
        let doc = json(&run);
        let in_baseline: Vec<&serde_json::Value> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["path"] == "keylint.baseline.json")
            .collect();
        assert!(in_baseline.is_empty(), "{args:?}: {}", run.stdout);
    }
    let run = keylint(dir.path(), &["scan", "--baseline", "keylint.baseline.json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        last_line(&run.stdout).split(" in ").next(),
        Some("✓ no secrets found")
    );
    let run = keylint(
        dir.path(),
        &["scan", "--baseline", "keylint.baseline.json", "-f", "json"],
    );
    assert_eq!(json(&run)["summary"]["baselined"], accepted);

    // `keylint env` honours it too.
    let env = keylint(dir.path(), &["env"]);
    assert_eq!(env.code, 1, "{}", env.transcript());
    let env = keylint(dir.path(), &["env", "--baseline", "keylint.baseline.json"]);
    assert_eq!(env.code, 0, "{}", env.transcript());
    assert!(
        env.stdout
            .contains("  2 problem(s) accepted by the baseline\n✓ no problems in 1 env file\n"),
        "{}",
        env.stdout
    );

    // Committing the baseline passes the hook.
    git_ok(dir.path(), &["add", "keylint.baseline.json"]);
    let hook = keylint(
        dir.path(),
        &["hook", "pre-commit", "--baseline", "keylint.baseline.json"],
    );
    assert_eq!(hook.code, 0, "{}", hook.transcript());

    // A history audit lints no .env file: the baseline's .env entries are not stale there.
    crate::support::commit_all(dir.path(), "baselined project");
    let audit = keylint(
        dir.path(),
        &[
            "scan",
            "--history",
            "--baseline",
            "keylint.baseline.json",
            "-f",
            "json",
        ],
    );
    assert_eq!(audit.code, 0, "{}", audit.transcript());
    assert_eq!(
        json(&audit)["summary"]["stale_baseline"],
        serde_json::json!([])
    );
}

#[test]
fn a_version_1_baseline_is_still_honoured_and_not_flagged_while_in_use() {
    let dir = tempfile::tempdir().unwrap();
    baselined_project(dir.path());
    let created = keylint(dir.path(), &["baseline", "create"]);
    assert_eq!(created.code, 0, "{}", created.transcript());
    let text = std::fs::read_to_string(dir.path().join("keylint.baseline.json")).unwrap();
    // A version 1 baseline (one `rule:path:hash` string per entry) is still honoured, and is
    // not flagged while in use.
    let v2: serde_json::Value = serde_json::from_str(&text).unwrap();
    let v1_entries: Vec<serde_json::Value> = v2["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let fingerprint = [&e["rule_id"], &e["path"], &e["hash"]]
                .map(|v| v.as_str().unwrap().to_owned())
                .join(":");
            serde_json::json!({"fingerprint": fingerprint, "rule_id": e["rule_id"], "path": e["path"]})
        })
        .collect();
    let v1 = serde_json::json!({"version": 1, "findings": v1_entries});
    std::fs::write(
        dir.path().join("old.baseline.json"),
        serde_json::to_string_pretty(&v1).unwrap(),
    )
    .unwrap();
    let run = keylint(
        dir.path(),
        &[
            "scan",
            "--no-keys",
            "--baseline",
            "old.baseline.json",
            "--exclude",
            "keylint.baseline.json",
            "--exclude",
            ".env",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
}

#[test]
fn a_baseline_accepts_key_consistency_problems() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::copy_fixture("keys/one-char-off", dir.path(), &[]);
    let before = keylint(dir.path(), &["scan", "--only", "openai-project-key"]);
    assert_eq!(before.code, 1, "{}", before.transcript());
    assert!(before.stdout.contains("keys/mismatch"), "{}", before.stdout);
    let created = keylint(dir.path(), &["baseline", "create"]);
    assert_eq!(created.code, 0, "{}", created.transcript());
    let run = keylint(
        dir.path(),
        &[
            "scan",
            "--only",
            "openai-project-key",
            "--baseline",
            "keylint.baseline.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let keys = keylint(dir.path(), &["keys"]);
    assert_eq!(keys.code, 1, "{}", keys.transcript());
    let keys = keylint(dir.path(), &["keys", "--baseline", "keylint.baseline.json"]);
    assert_eq!(keys.code, 0, "{}", keys.transcript());
}
