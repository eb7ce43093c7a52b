//! Git sources against real repositories built with the git CLI in temp dirs: staged scans
//! (partial staging, `git commit <path>`, `commit -a`, first commit, renames, binaries, merges),
//! ranges, history audits and baselines.

use std::path::Path;

use crate::support::{
    Run, commit_all, finding_rows, git, git_ok, keylint, openai_key, repo, write,
};

fn staged(dir: &Path) -> Run {
    keylint(dir, &["scan", "--staged", "--format", "json"])
}

fn lines_of(run: &Run) -> Vec<(String, u64)> {
    finding_rows(run)
        .into_iter()
        .map(|(path, line, _, _)| (path, line))
        .collect()
}

#[test]
fn first_commit_scans_the_index_not_the_working_tree() {
    let dir = repo();
    let key = openai_key(1);
    write(
        dir.path(),
        "app/.env",
        &format!("PORT=1\nOPENAI_API_KEY={key}\n"),
    );
    git_ok(dir.path(), &["add", "app/.env"]);
    // Working tree changed after staging: the staged version is what gets committed.
    write(dir.path(), "app/.env", "PORT=1\n");
    assert_eq!(lines_of(&staged(dir.path())), [("app/.env".to_owned(), 2)]);
}

#[test]
fn partial_staging_reports_only_staged_added_lines() {
    let dir = repo();
    write(dir.path(), "config.ts", "export const a = 1;\n");
    commit_all(dir.path(), "init");
    let staged_key = openai_key(2);
    let unstaged_key = openai_key(3);
    write(
        dir.path(),
        "config.ts",
        &format!("export const a = 1;\nexport const k = '{staged_key}';\n"),
    );
    git_ok(dir.path(), &["add", "config.ts"]);
    write(
        dir.path(),
        "config.ts",
        &format!(
            "export const a = 1;\nexport const k = '{staged_key}';\nexport const u = '{unstaged_key}';\n"
        ),
    );
    let run = staged(dir.path());
    assert_eq!(run.code, 1);
    assert_eq!(lines_of(&run), [("config.ts".to_owned(), 2)]);
    // Nothing staged: clean, even though the working tree leaks.
    git_ok(dir.path(), &["reset", "-q"]);
    assert_eq!(staged(dir.path()).code, 0);
}

#[test]
fn old_secrets_on_untouched_lines_are_not_reported_again() {
    let dir = repo();
    write(
        dir.path(),
        "a.ts",
        &format!("const k = '{}';\n", openai_key(4)),
    );
    commit_all(dir.path(), "legacy");
    write(
        dir.path(),
        "a.ts",
        &format!("const k = '{}';\nconst x = 1;\n", openai_key(4)),
    );
    git_ok(dir.path(), &["add", "a.ts"]);
    assert_eq!(staged(dir.path()).code, 0, "only line 2 is new");
}

#[test]
fn pure_rename_adds_nothing_and_binary_is_skipped() {
    let dir = repo();
    write(
        dir.path(),
        "old.env",
        &format!("OPENAI_API_KEY={}\n", openai_key(5)),
    );
    commit_all(dir.path(), "init");
    git_ok(dir.path(), &["mv", "old.env", "new.env"]);
    let mut bytes = b"\0\0binary".to_vec();
    bytes.extend(openai_key(6).bytes());
    std::fs::write(dir.path().join("blob.bin"), bytes).unwrap();
    git_ok(dir.path(), &["add", "blob.bin"]);
    assert_eq!(
        staged(dir.path()).code,
        0,
        "{}",
        staged(dir.path()).transcript()
    );
}

#[test]
fn user_git_config_cannot_blind_the_scan() {
    let dir = repo();
    write(
        dir.path(),
        ".gitattributes",
        "*.env binary\n*.ts diff=hide\n",
    );
    git_ok(dir.path(), &["config", "diff.noprefix", "true"]);
    git_ok(dir.path(), &["config", "color.ui", "always"]);
    git_ok(dir.path(), &["config", "diff.hide.textconv", "true"]);
    git_ok(dir.path(), &["config", "diff.external", "false"]);
    write(
        dir.path(),
        "a.env",
        &format!("OPENAI_API_KEY={}\n", openai_key(7)),
    );
    write(
        dir.path(),
        "b.ts",
        &format!("const k = '{}';\n", openai_key(8)),
    );
    git_ok(dir.path(), &["add", "-A"]);
    assert_eq!(
        lines_of(&staged(dir.path())),
        [("a.env".to_owned(), 1), ("b.ts".to_owned(), 1)]
    );
}

/// Installs a pre-commit hook that runs this build of keylint on the staged changes.
fn install_hook(dir: &Path) {
    let bin = assert_cmd::cargo::cargo_bin("keylint");
    let hook = dir.join(".git/hooks/pre-commit");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\nexec '{}' scan --staged --color never\n",
            bin.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn hook_honours_git_index_file_for_commit_paths_and_commit_all() {
    let dir = repo();
    write(dir.path(), "a.ts", "const a = 1;\n");
    write(dir.path(), "b.ts", "const b = 1;\n");
    commit_all(dir.path(), "init");
    install_hook(dir.path());

    // `git commit <path>` builds a temporary index (GIT_INDEX_FILE): the leak in a.ts is only in
    // the working tree, not in .git/index.
    write(
        dir.path(),
        "a.ts",
        &format!("const a = '{}';\n", openai_key(9)),
    );
    let out = git(dir.path(), &["commit", "-q", "-m", "leak", "a.ts"]);
    assert!(!out.status.success(), "commit <path> must be refused");
    // Git sends a hook's output to stderr.
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("a.ts") && said.contains("OpenAI"), "{said}");

    // `git commit -a` stages tracked changes into a temporary index as well.
    let out = git(dir.path(), &["commit", "-q", "-a", "-m", "leak"]);
    assert!(!out.status.success(), "commit -a must be refused");

    // A clean change passes.
    write(dir.path(), "a.ts", "const a = 2;\n");
    let out = git(dir.path(), &["commit", "-q", "-a", "-m", "fine"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn concluding_a_merge_does_not_report_what_the_branch_committed() {
    let dir = crate::support::repo_concluding_a_merge();
    let run = staged(dir.path());
    assert_eq!(
        run.code,
        0,
        "the feature branch's secret was committed there: {}",
        run.transcript()
    );
    // A new secret typed while resolving the conflict is caught.
    write(
        dir.path(),
        "c.ts",
        &format!("const c = '{}';\n", openai_key(11)),
    );
    git_ok(dir.path(), &["add", "c.ts"]);
    assert_eq!(lines_of(&staged(dir.path())), [("c.ts".to_owned(), 1)]);
}

#[test]
fn ranges_report_commit_author_and_date() {
    let dir = repo();
    write(dir.path(), "a.ts", "const a = 1;\n");
    commit_all(dir.path(), "init");
    git_ok(dir.path(), &["tag", "base"]);
    write(
        dir.path(),
        "a.ts",
        &format!("const a = 1;\nconst k = '{}';\n", openai_key(12)),
    );
    commit_all(dir.path(), "leak");
    let run = keylint(dir.path(), &["scan", "--since", "base", "-f", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let f = &doc["findings"][0];
    assert_eq!(f["line"], 2);
    assert_eq!(f["author"], "Ada <ada@example.org>");
    assert_eq!(f["commit"].as_str().unwrap().len(), 40);
    assert!(f["date"].as_str().unwrap().contains('T'));
    assert_eq!(doc["summary"]["commits_scanned"], 1);
    let empty = keylint(dir.path(), &["scan", "--range", "HEAD..HEAD", "-f", "json"]);
    assert_eq!(empty.code, 0);
    let bad = keylint(dir.path(), &["scan", "--since", "no-such-rev"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("no-such-rev"), "{}", bad.stderr);
}

#[test]
fn history_finds_removed_secrets_and_other_branches_once() {
    let dir = repo();
    let removed = openai_key(13);
    let kept = openai_key(14);
    let branch_only = openai_key(15);
    write(dir.path(), "a.env", &format!("OPENAI_API_KEY={removed}\n"));
    write(dir.path(), "b.ts", &format!("const k = '{kept}';\n"));
    commit_all(dir.path(), "leaks");
    write(dir.path(), "a.env", "OPENAI_API_KEY=\n");
    write(
        dir.path(),
        "b.ts",
        &format!("// moved\nconst k = '{kept}';\n"),
    );
    commit_all(dir.path(), "remove one, touch the other");
    git_ok(dir.path(), &["checkout", "-q", "-b", "experiment"]);
    write(
        dir.path(),
        "c.yaml",
        &format!("openai_api_key: {branch_only}\n"),
    );
    commit_all(dir.path(), "branch leak");
    git_ok(dir.path(), &["checkout", "-q", "main"]);

    let run = keylint(dir.path(), &["scan", "--history", "-f", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut rows: Vec<(String, bool)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_owned(),
                f["present_at_head"].as_bool().unwrap(),
            )
        })
        .collect();
    rows.sort();
    assert_eq!(
        rows,
        [
            ("a.env".to_owned(), false),
            ("b.ts".to_owned(), true),
            ("c.yaml".to_owned(), false)
        ],
        "each secret once, attributed to its first commit"
    );
    assert_eq!(doc["summary"]["commits_scanned"], 3);
    // HEAD alone no longer has the removed secret.
    let tree = finding_rows(&keylint(dir.path(), &["scan", "-f", "json"]));
    assert_eq!(
        tree.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(),
        ["b.ts"]
    );
    // The human report ends with the audit summary and remediation order.
    let human = keylint(dir.path(), &["scan", "--history"]);
    assert!(
        human.stdout.contains("Remediation, in this order"),
        "{}",
        human.stdout
    );
    // --branch limits the walk.
    let main_only = keylint(
        dir.path(),
        &["scan", "--history", "--branch", "main", "-f", "json"],
    );
    assert_eq!(finding_rows(&main_only).len(), 2);
}

#[test]
fn baseline_survives_line_moves_but_not_new_secrets() {
    let dir = repo();
    let old = openai_key(16);
    write(dir.path(), "a.ts", &format!("const k = '{old}';\n"));
    let create = keylint(dir.path(), &["baseline", "create"]);
    assert_eq!(create.code, 0, "{}", create.transcript());
    let text = std::fs::read_to_string(dir.path().join("keylint.baseline.json")).unwrap();
    assert!(
        !text.contains(&old),
        "the baseline holds hashes, not secrets"
    );
    assert!(!text.contains("\"line\""), "no line numbers");

    // Moved to another line: still accepted.
    write(
        dir.path(),
        "a.ts",
        &format!("// header\n\nconst k = '{old}';\n"),
    );
    let run = keylint(
        dir.path(),
        &["scan", "--baseline", "keylint.baseline.json", "-f", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    // A new secret on the baselined line: reported; the old entry is now stale.
    write(
        dir.path(),
        "a.ts",
        &format!("// header\n\nconst k = '{}';\n", openai_key(17)),
    );
    let run = keylint(
        dir.path(),
        &["scan", "--baseline", "keylint.baseline.json", "-f", "json"],
    );
    assert_eq!(run.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        doc["summary"]["stale_baseline"].as_array().unwrap().len(),
        1
    );
}

#[test]
fn gitleaks_report_is_accepted_as_a_baseline() {
    let dir = repo();
    let key = openai_key(18);
    write(
        dir.path(),
        "a.ts",
        &format!("const k = '{key}';\nconst j = '{}';\n", openai_key(19)),
    );
    let report = serde_json::json!([
        {"RuleID": "openai-api-key", "File": "a.ts", "StartLine": 1, "Secret": key, "Fingerprint": "a.ts:openai-api-key:1"},
        {"RuleID": "openai-api-key", "File": "a.ts", "StartLine": 2, "Secret": "REDACTED", "Fingerprint": "a.ts:openai-api-key:2"}
    ]);
    std::fs::write(dir.path().join("gitleaks.json"), report.to_string()).unwrap();
    let run = keylint(
        dir.path(),
        &[
            "scan",
            "--baseline",
            "gitleaks.json",
            "--exclude",
            "gitleaks.json",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let bad = keylint(dir.path(), &["scan", "--baseline", "a.ts"]);
    assert_eq!(bad.code, 2);
}

#[test]
fn outside_a_repository_git_modes_are_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = keylint(dir.path(), &["scan", "--staged"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("git repository"), "{}", run.stderr);
}

#[test]
fn config_excludes_apply_to_every_git_mode() {
    let dir = repo();
    let key = openai_key(31);
    write(
        dir.path(),
        "keylint.toml",
        "[scan]\nexclude = [\"fixtures\"]\n",
    );
    write(
        dir.path(),
        "fixtures/sample.ts",
        &format!("const k = \"{key}\";\n"),
    );
    write(dir.path(), "src/app.ts", &format!("const k = \"{key}\";\n"));
    git_ok(dir.path(), &["add", "-A"]);
    let only_src = [("src/app.ts".to_owned(), 1)];
    assert_eq!(lines_of(&staged(dir.path())), only_src);
    commit_all(dir.path(), "add");
    let history = keylint(dir.path(), &["scan", "--history", "--format", "json"]);
    assert_eq!(lines_of(&history), only_src);
    let range = keylint(
        dir.path(),
        &["scan", "--since", "HEAD~0", "--format", "json"],
    );
    assert!(lines_of(&range).is_empty(), "{}", range.transcript());
}
