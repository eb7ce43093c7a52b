//! Git sources on unusual and damaged repositories, built with the git CLI in temp dirs: shallow
//! clones, a detached HEAD, bare repositories, linked worktrees, corrupt or missing loose
//! objects, damaged pack files and a broken `.git`. The contract: clear messages, the rest of
//! the history still audited, an incomplete audit never reported clean (exit 2 unless a finding
//! already makes it 1), no hang (every run of the binary is killed, and the test failed, after
//! 120 s: see `support::run_bin`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::support::{
    Run, commit_all, git_ok, keylint, openai_key, repo, sarif_schema_errors, stable, write,
};

/// Three commits: a secret in `a.env` (emptied by the second commit), another in `src/b.ts`
/// (added by the second, still at HEAD), then an unrelated change.
fn three_commits() -> tempfile::TempDir {
    let dir = repo();
    write(
        dir.path(),
        "a.env",
        &format!("OPENAI_API_KEY={}\n", openai_key(40)),
    );
    write(dir.path(), "notes.txt", "one\n");
    commit_all(dir.path(), "one");
    write(dir.path(), "a.env", "OPENAI_API_KEY=\n");
    write(
        dir.path(),
        "src/b.ts",
        &format!("const k = '{}';\n", openai_key(41)),
    );
    commit_all(dir.path(), "two");
    write(dir.path(), "notes.txt", "three\n");
    commit_all(dir.path(), "three");
    dir
}

/// Runs `keylint scan args… -f json` and parses the document.
fn json(dir: &Path, args: &[&str]) -> (Run, serde_json::Value) {
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-f", "json"]);
    let run = keylint(dir, &all);
    let doc =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.transcript()));
    (run, doc)
}

/// (path, still present at HEAD) of every finding, sorted.
fn found(doc: &serde_json::Value) -> Vec<(String, bool)> {
    let mut rows: Vec<_> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["present_at_head"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    rows.sort();
    rows
}

/// The summary's errors as `path: reason` lines, commit and object ids replaced.
fn errors(doc: &serde_json::Value) -> String {
    doc["summary"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            stable(&format!(
                "{}: {}\n",
                e["path"].as_str().unwrap(),
                e["reason"].as_str().unwrap()
            ))
        })
        .collect()
}

/// The summary's warnings as `code: message` lines, commit and object ids replaced.
fn warnings(doc: &serde_json::Value) -> String {
    doc["summary"]["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            stable(&format!(
                "{}: {}\n",
                w["code"].as_str().unwrap(),
                w["message"].as_str().unwrap()
            ))
        })
        .collect()
}

fn owned(rows: &[(&str, bool)]) -> Vec<(String, bool)> {
    rows.iter().map(|(p, h)| ((*p).to_owned(), *h)).collect()
}

#[derive(Clone, Copy, Debug)]
enum Damage {
    /// The loose object file is gone.
    Delete,
    /// Only its first 10 bytes are left: libgit2 1.9.7 loops forever inflating that.
    Truncate,
}

/// Damages the loose object that `rev` names in the repository at `dir`; returns its file.
fn damage(dir: &Path, rev: &str, how: Damage) -> PathBuf {
    let oid = git_ok(dir, &["rev-parse", rev]);
    let file = dir.join(".git/objects").join(&oid[..2]).join(&oid[2..]);
    let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{rev} is not loose: {e}"));
    let mut permissions = std::fs::metadata(&file).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)] // a test file in a temp dir
    permissions.set_readonly(false);
    std::fs::set_permissions(&file, permissions).unwrap();
    match how {
        Damage::Delete => std::fs::remove_file(&file).unwrap(),
        Damage::Truncate => std::fs::write(&file, &bytes[..10]).unwrap(),
    }
    file
}

/// `text` with the temp dir `dir` (as given and canonical) replaced by `[TMP]`.
fn without_tmp(text: &str, dir: &Path) -> String {
    let canonical = dir.canonicalize().unwrap();
    text.replace(&canonical.display().to_string(), "[TMP]")
        .replace(&dir.display().to_string(), "[TMP]")
}

/// A `--depth 1` clone of every branch of `src`, in a new temp dir: (that dir, the clone).
fn shallow_clone(src: &Path) -> (tempfile::TempDir, PathBuf) {
    let parent = tempfile::tempdir().unwrap();
    let url = format!("file://{}", src.display());
    git_ok(
        parent.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--no-single-branch",
            &url,
            "clone",
        ],
    );
    let clone = parent.path().join("clone");
    (parent, clone)
}

#[test]
fn shallow_clone_audits_what_it_has_and_names_the_cut() {
    let src = three_commits();
    git_ok(src.path(), &["branch", "-q", "side", "HEAD~2"]);
    let (parent, clone) = shallow_clone(src.path());
    let url = format!("file://{}", src.path().display());

    // What the clone holds is audited; the secret removed before the cut is out of reach.
    let (run, doc) = json(&clone, &["--history", "--branch", "main"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(found(&doc), owned(&[("src/b.ts", true)]));
    assert_eq!(doc["summary"]["commits_scanned"], 1);
    assert_eq!(errors(&doc), "");
    insta::assert_snapshot!("shallow_history_warning", stable(&run.stderr));

    // A revision beyond the cut: a clear error naming it, with the fix.
    let run = keylint(&clone, &["scan", "--since", "HEAD~2"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("shallow_since_beyond_the_cut", stable(&run.transcript()));

    // A base that resolves but is no ancestor within the clone: the range runs into the cut,
    // where what a commit added is unknown. An error, not the whole tree reported as new.
    let run = keylint(&clone, &["scan", "--range", "origin/side..HEAD"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    insta::assert_snapshot!("shallow_range_reaches_the_cut", stable(&run.transcript()));

    // A range inside the fetched history works as usual.
    let deeper = parent.path().join("deeper");
    git_ok(
        parent.path(),
        &["clone", "-q", "--depth", "2", &url, "deeper"],
    );
    let (run, doc) = json(&deeper, &["--since", "HEAD~1"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(doc["summary"]["commits_scanned"], 1);
}

#[test]
fn shallow_clone_warning_is_in_every_machine_format() {
    let src = three_commits();
    let (_parent, clone) = shallow_clone(src.path());
    let cut = git_ok(&clone, &["rev-parse", "HEAD"]);
    let scan = |format: &str| keylint(&clone, &["scan", "--history", "-f", format]);

    // JSON: `summary.warnings`, one line of words naming the cut.
    let (run, doc) = json(&clone, &["--history"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let listed = doc["summary"]["warnings"].as_array().unwrap();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(listed[0]["code"], "shallow-clone");
    let message = listed[0]["message"].as_str().unwrap();
    assert!(
        message.contains(&cut[..12]) && message.contains("git fetch --unshallow"),
        "{message}"
    );
    assert!(!message.contains('\n'), "{message}");
    // People still read it on stderr, as before.
    assert!(
        run.stderr.starts_with("warning: shallow clone: "),
        "{}",
        run.stderr
    );

    // SARIF: a tool execution notification at level warning, in a log that stays valid.
    let sarif = scan("sarif");
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notifications = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notifications.len(), 1, "{notifications:?}");
    assert_eq!(notifications[0]["level"], "warning");
    assert_eq!(notifications[0]["descriptor"]["id"], "shallow-clone");
    assert_eq!(notifications[0]["message"]["text"], message);
    let invalid = sarif_schema_errors(&log);
    assert!(invalid.is_empty(), "invalid SARIF: {invalid:#?}");

    // GitHub: a `::warning` workflow command, before the totals.
    let github = scan("github");
    let lines: Vec<&str> = github.stdout.lines().collect();
    let warning = format!("::warning title=keylint shallow-clone::{message}");
    let at = lines.iter().position(|l| *l == warning);
    assert!(at.is_some(), "{}", github.stdout);
    assert!(lines[at.unwrap() + 1].starts_with("::notice title=keylint::"));
    // And the step summary says it under the totals.
    let step = tempfile::tempdir().unwrap();
    let summary = step.path().join("summary.md");
    let out = assert_cmd::Command::cargo_bin("keylint")
        .unwrap()
        .current_dir(&clone)
        .args(["scan", "--history", "-f", "github"])
        .env("GITHUB_STEP_SUMMARY", &summary)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.contains(&format!("\n> **Warning:** {message}\n")),
        "{text}"
    );

    // A complete history has no warning, and its SARIF log no invocation.
    let (_, doc) = json(src.path(), &["--history"]);
    assert_eq!(doc["summary"]["warnings"], serde_json::json!([]));
    let full = keylint(src.path(), &["scan", "--history", "-f", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&full.stdout).unwrap();
    assert!(log["runs"][0].get("invocations").is_none());
    assert!(
        !keylint(src.path(), &["scan", "--history", "-f", "github"])
            .stdout
            .contains("::warning title=keylint shallow-clone")
    );
}

#[test]
fn detached_head_history_and_staged() {
    let dir = three_commits();
    git_ok(dir.path(), &["checkout", "-q", "--detach", "HEAD~2"]);
    // A commit on the detached HEAD, on no branch.
    write(
        dir.path(),
        "c.yaml",
        &format!("openai_api_key: {}\n", openai_key(42)),
    );
    commit_all(dir.path(), "detached");
    let (run, doc) = json(dir.path(), &["--history"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    // "Still present" is relative to the detached HEAD: commit one's a.env plus c.yaml.
    assert_eq!(
        found(&doc),
        owned(&[("a.env", true), ("c.yaml", true), ("src/b.ts", false)])
    );
    assert_eq!(doc["summary"]["commits_scanned"], 4);

    write(
        dir.path(),
        "d.ts",
        &format!("const d = '{}';\n", openai_key(43)),
    );
    git_ok(dir.path(), &["add", "d.ts"]);
    let (run, doc) = json(dir.path(), &["--staged"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(found(&doc), owned(&[("d.ts", false)]));
}

#[test]
fn bare_repository_history_works_and_staged_is_a_clear_error() {
    let src = three_commits();
    let parent = tempfile::tempdir().unwrap();
    let bare = parent.path().join("bare.git");
    git_ok(
        parent.path(),
        &[
            "clone",
            "-q",
            "--bare",
            &src.path().display().to_string(),
            "bare.git",
        ],
    );
    let expected = owned(&[("a.env", false), ("src/b.ts", true)]);
    let (run, doc) = json(&bare, &["--history"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(found(&doc), expected);
    let (run, doc) = json(parent.path(), &["--history", "bare.git"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(found(&doc), expected);
    let (run, doc) = json(&bare, &["--since", "HEAD~2"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(found(&doc), owned(&[("src/b.ts", false)]));

    let run = keylint(&bare, &["scan", "--staged"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(
        "bare_repository_staged",
        without_tmp(&run.transcript(), parent.path())
    );
}

#[test]
fn linked_worktree_reads_its_own_index_and_sees_every_ref() {
    let dir = three_commits();
    let parent = tempfile::tempdir().unwrap();
    let wt = parent.path().join("wt");
    git_ok(
        dir.path(),
        &[
            "worktree",
            "add",
            "-q",
            &wt.display().to_string(),
            "-b",
            "side",
        ],
    );
    write(
        dir.path(),
        "main.ts",
        &format!("const m = '{}';\n", openai_key(44)),
    );
    git_ok(dir.path(), &["add", "main.ts"]);
    write(&wt, "wt.ts", &format!("const w = '{}';\n", openai_key(45)));
    git_ok(&wt, &["add", "wt.ts"]);

    let (_, doc) = json(&wt, &["--staged"]);
    assert_eq!(found(&doc), owned(&[("wt.ts", false)]));
    let (_, doc) = json(dir.path(), &["--staged"]);
    assert_eq!(found(&doc), owned(&[("main.ts", false)]));

    // A commit made in the main checkout, on `main` only, is audited from the worktree, and
    // "still present at HEAD" is about the worktree's HEAD (`side`).
    git_ok(
        dir.path(),
        &["commit", "-q", "--no-verify", "-m", "main only"],
    );
    let (run, doc) = json(&wt, &["--history"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(
        found(&doc),
        owned(&[("a.env", false), ("main.ts", false), ("src/b.ts", true)])
    );
    assert_eq!(doc["summary"]["commits_scanned"], 4);
}

#[test]
fn unreadable_blob_is_reported_and_the_rest_still_audited() {
    let mut transcript = String::new();
    for how in [Damage::Truncate, Damage::Delete] {
        let dir = three_commits();
        // The blob of commit one's a.env, which holds the removed secret.
        damage(dir.path(), "HEAD~2:a.env", how);
        let (run, doc) = json(dir.path(), &["--history"]);
        assert_eq!(run.code, 1, "{how:?}: {}", run.transcript());
        assert_eq!(found(&doc), owned(&[("src/b.ts", true)]), "{how:?}");
        let _ = write!(transcript, "{how:?} --history:\n{}", errors(&doc));

        // A range reads the same blob as the old side of commit two's diff.
        let (run, doc) = json(dir.path(), &["--since", "HEAD~2"]);
        assert_eq!(run.code, 1, "{how:?}: {}", run.transcript());
        assert_eq!(found(&doc), owned(&[("src/b.ts", false)]), "{how:?}");
        let _ = write!(transcript, "{how:?} --since:\n{}", errors(&doc));
    }
    insta::assert_snapshot!("unreadable_blob", transcript);
}

#[test]
fn unreadable_tree_or_commit_is_reported_and_the_rest_still_audited() {
    let mut transcript = String::new();
    for how in [Damage::Truncate, Damage::Delete] {
        // Commit two's root tree: its files are still reached through commit three's tree.
        let dir = three_commits();
        damage(dir.path(), "HEAD~1^{tree}", how);
        let (run, doc) = json(dir.path(), &["--history"]);
        assert_eq!(run.code, 1, "{how:?}: {}", run.transcript());
        assert_eq!(
            found(&doc),
            owned(&[("a.env", false), ("src/b.ts", true)]),
            "{how:?}"
        );
        let _ = write!(transcript, "{how:?} tree:\n{}", errors(&doc));

        // Commit two: commit one is only reachable through it, so its removed secret is lost,
        // and the audit says so.
        let dir = three_commits();
        damage(dir.path(), "HEAD~1", how);
        let (run, doc) = json(dir.path(), &["--history"]);
        assert_eq!(run.code, 1, "{how:?}: {}", run.transcript());
        assert_eq!(found(&doc), owned(&[("src/b.ts", true)]), "{how:?}");
        assert_eq!(doc["summary"]["commits_scanned"], 1);
        let _ = write!(transcript, "{how:?} commit:\n{}", errors(&doc));
    }
    insta::assert_snapshot!("unreadable_tree_or_commit", transcript);
}

#[test]
fn an_incomplete_audit_without_findings_is_not_clean() {
    let dir = repo();
    write(dir.path(), "a.txt", "nothing here\n");
    write(dir.path(), "b.txt", "nor here\n");
    commit_all(dir.path(), "one");
    damage(dir.path(), "HEAD:b.txt", Damage::Truncate);
    let run = keylint(dir.path(), &["scan", "--history"]);
    assert_eq!(run.code, 2, "the unreadable blob may hide a secret");
    insta::assert_snapshot!("incomplete_audit", stable(&run.transcript()));

    // Nothing readable at all: the branch's only commit is gone.
    damage(dir.path(), "HEAD", Damage::Delete);
    let (run, doc) = json(dir.path(), &["--history"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(doc["summary"]["commits_scanned"], 0);
    assert!(
        errors(&doc).starts_with("refs/heads/main: "),
        "{}",
        errors(&doc)
    );
}

#[test]
fn corrupt_staged_blob_is_an_error_naming_the_file() {
    let dir = three_commits();
    write(dir.path(), "new.ts", "const n = 1;\n");
    git_ok(dir.path(), &["add", "new.ts"]);
    damage(dir.path(), ":new.ts", Damage::Truncate);
    let run = keylint(dir.path(), &["scan", "--staged"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("corrupt_staged_blob", stable(&run.transcript()));
}

#[test]
fn broken_git_directory_is_a_clear_error() {
    // `.git` is a file pointing nowhere (a moved worktree, a half-copied submodule).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".git"),
        "gitdir: /nonexistent/keylint-test\n",
    )
    .unwrap();
    let mut transcript = String::new();
    for mode in ["--staged", "--history"] {
        let run = keylint(dir.path(), &["scan", mode]);
        assert_eq!(run.code, 2, "{mode}");
        let _ = write!(transcript, "{mode}: {}", run.transcript());
    }
    insta::assert_snapshot!("dangling_gitdir", transcript);

    // Garbage in HEAD: no index diff is possible, but every ref can still be audited.
    let dir = three_commits();
    std::fs::write(dir.path().join(".git/HEAD"), "garbage\n").unwrap();
    let run = keylint(dir.path(), &["scan", "--staged"]);
    assert_eq!(run.code, 2);
    let (history, doc) = json(dir.path(), &["--history"]);
    assert_eq!(history.code, 1, "{}", history.transcript());
    assert_eq!(doc["summary"]["commits_scanned"], 3);
    insta::assert_snapshot!(
        "garbage_head",
        format!(
            "--staged: {}--history stderr:\n{}",
            run.transcript(),
            history.stderr
        )
    );
}

/// `three_commits` with two staged changes: a new `src/c.ts` holding a secret, and a line
/// added to `notes.txt`.
fn staged_change() -> tempfile::TempDir {
    let dir = three_commits();
    write(
        dir.path(),
        "src/c.ts",
        &format!("const c = '{}';\n", openai_key(46)),
    );
    write(dir.path(), "notes.txt", "three\nfour\n");
    git_ok(dir.path(), &["add", "-A"]);
    dir
}

#[test]
fn unreadable_head_objects_on_the_staged_paths_make_their_files_scanned_whole() {
    // libgit2 1.9 never returns from reading a truncated loose object: every one of these ran
    // until the hang guard killed it before HEAD's trees were checked.
    let mut transcript = String::new();
    for (what, rev) in [
        ("the tree of src/", "HEAD:src"),
        ("the root tree", "HEAD^{tree}"),
        ("the commit", "HEAD"),
    ] {
        let dir = staged_change();
        damage(dir.path(), rev, Damage::Truncate);
        let (run, doc) = json(dir.path(), &["--staged"]);
        assert_eq!(run.code, 1, "{what}: {}", run.transcript());
        // `src/b.ts` is not staged, but with nothing to compare it with it is scanned whole:
        // its committed secret is reported again rather than anything staged going unseen.
        assert_eq!(
            found(&doc),
            owned(&[("src/b.ts", false), ("src/c.ts", false)]),
            "{what}"
        );
        assert_eq!(errors(&doc), "", "{what}");
        let _ = write!(transcript, "{what}:\n{}", warnings(&doc));

        // The hook says the same and blocks the commit for the staged secret.
        let hook = keylint(dir.path(), &["hook", "pre-commit"]);
        assert_eq!(hook.code, 1, "{what}: {}", hook.transcript());
        assert!(hook.stderr.contains("warning: HEAD"), "{}", hook.stderr);
        assert!(hook.stdout.contains("src/c.ts"), "{}", hook.stdout);
        // The pre-commit framework's form, with the file list.
        let hook = keylint(dir.path(), &["hook", "pre-commit", "src/c.ts", "notes.txt"]);
        assert_eq!(hook.code, 1, "{what}: {}", hook.transcript());
        assert!(!hook.stdout.contains("src/b.ts"), "{}", hook.stdout);
    }
    insta::assert_snapshot!("unreadable_head_staged", transcript);
}

#[test]
fn unreadable_head_tree_off_the_staged_paths_is_never_read() {
    let dir = three_commits();
    write(
        dir.path(),
        "new.ts",
        &format!("const n = '{}';\n", openai_key(47)),
    );
    git_ok(dir.path(), &["add", "new.ts"]);
    damage(dir.path(), "HEAD:src", Damage::Truncate);
    // Nothing under src/ is staged, so its tree is left alone, as `git commit` leaves it.
    let (run, doc) = json(dir.path(), &["--staged"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(found(&doc), owned(&[("new.ts", false)]));
    assert_eq!(warnings(&doc), "");
    assert_eq!(errors(&doc), "");
    assert_eq!(keylint(dir.path(), &["hook", "pre-commit"]).code, 1);
    git_ok(dir.path(), &["rm", "-q", "--cached", "new.ts"]);
    let run = keylint(dir.path(), &["scan", "--staged"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
}

#[test]
fn unreadable_committed_blob_of_a_staged_file_makes_it_scanned_whole() {
    let mut transcript = String::new();
    // A modified file whose HEAD version is damaged: the staged version is scanned whole.
    let dir = three_commits();
    write(
        dir.path(),
        "src/b.ts",
        &format!("const k = '{}';\nconst j = 2;\n", openai_key(41)),
    );
    git_ok(dir.path(), &["add", "src/b.ts"]);
    damage(dir.path(), "HEAD:src/b.ts", Damage::Truncate);
    let (run, doc) = json(dir.path(), &["--staged"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(found(&doc), owned(&[("src/b.ts", false)]));
    let _ = write!(transcript, "modified:\n{}", warnings(&doc));

    // A rename whose old side is damaged: renames are not looked for (that reads the old
    // blob), so the new path counts as added, whole.
    let dir = three_commits();
    git_ok(dir.path(), &["mv", "src/b.ts", "src/d.ts"]);
    std::fs::write(
        dir.path().join("src/d.ts"),
        format!("const k = '{}';\nconst j = 2;\n", openai_key(41)),
    )
    .unwrap();
    git_ok(dir.path(), &["add", "src/d.ts"]);
    let (run, doc) = json(dir.path(), &["--staged"]);
    assert_eq!(run.code, 0, "a rename with a new line adds no secret");
    assert_eq!(warnings(&doc), "");
    damage(dir.path(), "HEAD:src/b.ts", Damage::Truncate);
    let (run, doc) = json(dir.path(), &["--staged"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(found(&doc), owned(&[("src/d.ts", false)]));
    let _ = write!(transcript, "renamed:\n{}", warnings(&doc));

    // The same, the HEAD version in a pack with that object's bytes damaged: libgit2 reads the
    // pack without hanging and says why, and HEAD's trees still read.
    let dir = three_commits();
    git_ok(dir.path(), &["gc", "-q", "--prune=now"]);
    let blob = git_ok(dir.path(), &["rev-parse", "HEAD:src/b.ts"]);
    damage_packed(dir.path(), &blob);
    write(
        dir.path(),
        "src/b.ts",
        &format!("const k = '{}';\nconst j = 2;\n", openai_key(41)),
    );
    git_ok(dir.path(), &["add", "src/b.ts"]);
    let (run, doc) = json(dir.path(), &["--staged"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(found(&doc), owned(&[("src/b.ts", false)]));
    assert_eq!(errors(&doc), "");
    let _ = write!(transcript, "modified, packed:\n{}", warnings(&doc));
    insta::assert_snapshot!("unreadable_committed_blob_staged", transcript);
}

#[test]
fn unreadable_merge_head_when_concluding_a_merge_reports_more_not_less() {
    let mut transcript = String::new();
    for (what, rev) in [("tree", "MERGE_HEAD^{tree}"), ("commit", "MERGE_HEAD")] {
        let dir = crate::support::repo_concluding_a_merge();
        let (run, _) = json(dir.path(), &["--staged"]);
        assert_eq!(run.code, 0, "{}", run.transcript());

        damage(dir.path(), rev, Damage::Truncate);
        // What the feature branch committed cannot be told apart any more: reported again.
        let (run, doc) = json(dir.path(), &["--staged"]);
        assert_eq!(run.code, 1, "{what}: {}", run.transcript());
        assert_eq!(found(&doc), owned(&[("a.ts", false)]), "{what}");
        let _ = write!(transcript, "{what}:\n{}", warnings(&doc));
    }
    insta::assert_snapshot!("unreadable_merge_head", transcript);
}

/// The only pack of the repository at `dir`, made writable.
fn the_pack(dir: &Path) -> PathBuf {
    let pack = std::fs::read_dir(dir.join(".git/objects/pack"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "pack"))
        .expect("git gc wrote a pack");
    let mut permissions = std::fs::metadata(&pack).unwrap().permissions();
    #[allow(clippy::permissions_set_readonly_false)] // a test file in a temp dir
    permissions.set_readonly(false);
    std::fs::set_permissions(&pack, permissions).unwrap();
    pack
}

/// Flips the last bytes of object `oid`'s data in the repository's pack (its zlib checksum).
fn damage_packed(dir: &Path, oid: &str) {
    let pack = the_pack(dir);
    let index = pack.with_extension("idx");
    // `<id> <type> <size> <size in pack> <offset> …`, one line per object.
    let listing = git_ok(dir, &["verify-pack", "-v", &index.display().to_string()]);
    let fields: Vec<usize> = listing
        .lines()
        .find(|l| l.starts_with(oid))
        .unwrap_or_else(|| panic!("{oid} is not in the pack: {listing}"))
        .split_whitespace()
        .skip(3)
        .take(2)
        .map(|f| f.parse().unwrap())
        .collect();
    let end = fields[1] + fields[0];
    let mut bytes = std::fs::read(&pack).unwrap();
    for byte in &mut bytes[end - 2..end] {
        *byte ^= 0xff;
    }
    std::fs::write(&pack, bytes).unwrap();
}

#[derive(Clone, Copy, Debug)]
enum PackDamage {
    /// The pack's index is gone: git and libgit2 then see none of its objects.
    DeleteIndex,
    /// The pack's second half is gone.
    Truncate,
    /// Bytes inside the pack are flipped (its end, which the index records, is left alone).
    Flip,
}

/// `three_commits` packed by `git gc` (no loose object left), then `src/c.ts` staged with a
/// secret (a loose blob), then the pack damaged.
fn damaged_pack(how: PackDamage) -> tempfile::TempDir {
    let dir = three_commits();
    git_ok(dir.path(), &["gc", "-q", "--prune=now"]);
    let count = git_ok(dir.path(), &["count-objects"]);
    assert!(count.starts_with("0 objects"), "{count}");
    write(
        dir.path(),
        "src/c.ts",
        &format!("const c = '{}';\n", openai_key(46)),
    );
    git_ok(dir.path(), &["add", "src/c.ts"]);
    let pack = the_pack(dir.path());
    let mut bytes = std::fs::read(&pack).unwrap();
    match how {
        PackDamage::DeleteIndex => std::fs::remove_file(pack.with_extension("idx")).unwrap(),
        PackDamage::Truncate => {
            bytes.truncate(bytes.len() / 2);
            std::fs::write(&pack, bytes).unwrap();
        }
        PackDamage::Flip => {
            // Every 7th byte after the 12-byte header, up to the 20-byte checksum.
            let end = bytes.len() - 20;
            for byte in bytes[12..end].iter_mut().step_by(7) {
                *byte ^= 0xff;
            }
            std::fs::write(&pack, bytes).unwrap();
        }
    }
    dir
}

#[test]
fn damaged_pack_history_reports_what_it_cannot_read() {
    let mut transcript = String::new();
    for how in [PackDamage::DeleteIndex, PackDamage::Truncate] {
        let dir = damaged_pack(how);
        // Every commit is in the damaged pack: nothing could be audited.
        let (run, doc) = json(dir.path(), &["--history"]);
        assert_eq!(run.code, 2, "{how:?}: {}", run.transcript());
        assert_eq!(doc["summary"]["commits_scanned"], 0);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        let _ = write!(transcript, "{how:?}:\n{}{}", errors(&doc), warnings(&doc));
    }
    insta::assert_snapshot!("damaged_pack_history", transcript);

    // Damage inside the pack is only found object by object: listed, the rest still audited.
    let dir = damaged_pack(PackDamage::Flip);
    let (run, doc) = json(dir.path(), &["--history"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(!errors(&doc).is_empty());
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn damaged_pack_staged_scans_what_it_can_and_lists_the_rest() {
    let mut transcript = String::new();
    for how in [
        PackDamage::DeleteIndex,
        PackDamage::Truncate,
        PackDamage::Flip,
    ] {
        let dir = damaged_pack(how);
        // HEAD cannot be read, so every staged file is scanned whole: the new one (loose) is,
        // the committed ones (in the pack) cannot be and are listed.
        let (run, doc) = json(dir.path(), &["--staged"]);
        assert_eq!(run.code, 1, "{how:?}: {}", run.transcript());
        assert!(
            found(&doc).contains(&("src/c.ts".to_owned(), false)),
            "{how:?}: {}",
            run.transcript()
        );
        assert!(!errors(&doc).is_empty(), "{how:?}: {}", run.transcript());
        assert!(
            warnings(&doc).contains("HEAD's commit"),
            "{how:?}: {}",
            warnings(&doc)
        );
        if !matches!(how, PackDamage::Flip) {
            let _ = write!(transcript, "{how:?}:\n{}{}", errors(&doc), warnings(&doc));
        }
        // Without the secret: an incomplete scan is never clean.
        git_ok(dir.path(), &["rm", "-q", "--cached", "src/c.ts"]);
        let run = keylint(dir.path(), &["scan", "--staged"]);
        assert_eq!(run.code, 2, "{how:?}: {}", run.transcript());
        let hook = keylint(dir.path(), &["hook", "pre-commit"]);
        assert_eq!(hook.code, 2, "{how:?}: {}", hook.transcript());
        assert!(
            hook.stdout.contains("commit blocked"),
            "{}",
            hook.transcript()
        );
    }
    insta::assert_snapshot!("damaged_pack_staged", transcript);
}
