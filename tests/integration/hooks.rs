//! Native git hooks against real repositories: `keylint hooks install|uninstall|status`, real
//! `git commit` and `git push` through the installed hooks (refused commit leaves the index
//! untouched, `keylint:allow`, partial staging, `git commit <path>`, first commit, foreign hooks,
//! `core.hooksPath`, worktrees, `KEYLINT_SKIP`, keylint failing), `keylint hook pre-commit FILES`
//! as the pre-commit framework calls it, and snapshots of the messages.

use std::path::Path;

use crate::support::{
    ALNUM, commit_all, copy_fixture, git, git_env, git_ok, keylint, openai_key, repo, said, stable,
    synthetic, write,
};

fn install(dir: &Path, args: &[&str]) {
    let mut all = vec!["hooks", "install"];
    all.extend_from_slice(args);
    let run = keylint(dir, &all);
    assert_eq!(run.code, 0, "{}", run.transcript());
}

fn make_executable(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn commits(dir: &Path) -> usize {
    let out = git(dir, &["rev-list", "--count", "HEAD"]);
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

#[test]
fn refused_commit_leaves_the_index_untouched_and_says_how_to_fix_it() {
    let dir = repo();
    write(dir.path(), "README.md", "demo\n");
    commit_all(dir.path(), "init");
    install(dir.path(), &[]);
    let key = openai_key(40);
    write(
        dir.path(),
        "lib/app_config.dart",
        &format!("class AppConfig {{\n  static const String openAiKey = '{key}';\n}}\n"),
    );
    git_ok(dir.path(), &["add", "lib/app_config.dart"]);
    let index_before = git_ok(dir.path(), &["write-tree"]);
    let out = git(dir.path(), &["commit", "-q", "-m", "leak"]);
    assert!(!out.status.success(), "the commit must be refused");
    let text = said(&out);
    assert!(!text.contains(&key), "the secret is masked: {text}");
    for part in [
        "lib/app_config.dart:2:",
        "OpenAI",
        "sk-p…",
        // A server secret in an app: the call moves to the backend, no dart-define.
        "`OPENAI_API_KEY`",
        "move the call to your backend",
        "commit blocked",
        "keylint:allow",
        "KEYLINT_SKIP=1",
        "--no-verify",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
    assert_eq!(git_ok(dir.path(), &["write-tree"]), index_before);
    assert_eq!(commits(dir.path()), 1);

    // Marked as not a secret: allowed.
    write(
        dir.path(),
        "lib/app_config.dart",
        &format!(
            "class AppConfig {{\n  // keylint:allow (documentation sample)\n  static const String openAiKey = '{key}';\n}}\n"
        ),
    );
    git_ok(dir.path(), &["add", "lib/app_config.dart"]);
    let out = git(dir.path(), &["commit", "-q", "-m", "allowed"]);
    assert!(out.status.success(), "{}", said(&out));
}

#[test]
fn first_commit_partial_staging_and_commit_paths() {
    let dir = repo();
    install(dir.path(), &[]);
    // First commit (unborn HEAD) with a leak: refused.
    write(
        dir.path(),
        "app.ts",
        &format!("export const k = '{}';\n", openai_key(41)),
    );
    git_ok(dir.path(), &["add", "app.ts"]);
    assert!(
        !git(dir.path(), &["commit", "-q", "-m", "first"])
            .status
            .success()
    );
    // Partial staging: the staged version is clean, the working tree leaks: allowed.
    write(dir.path(), "app.ts", "export const k = process.env.K;\n");
    git_ok(dir.path(), &["add", "app.ts"]);
    write(
        dir.path(),
        "app.ts",
        &format!(
            "export const k = process.env.K;\nexport const j = '{}';\n",
            openai_key(42)
        ),
    );
    let out = git(dir.path(), &["commit", "-q", "-m", "first"]);
    assert!(out.status.success(), "{}", said(&out));
    // `git commit <path>` commits the working tree version of that path: refused.
    let out = git(dir.path(), &["commit", "-q", "-m", "path", "app.ts"]);
    assert!(!out.status.success(), "commit <path> must be refused");
    assert!(said(&out).contains("app.ts:2:"), "{}", said(&out));
}

#[test]
fn foreign_hook_is_kept_run_first_and_restored() {
    let dir = repo();
    write(dir.path(), "README.md", "demo\n");
    commit_all(dir.path(), "init");
    let hooks = dir.path().join(".git/hooks");
    let foreign =
        "#!/bin/sh\necho foreign hook ran >> \"$(git rev-parse --git-dir)/ran\"\nexit 0\n";
    std::fs::write(hooks.join("pre-commit"), foreign).unwrap();
    make_executable(&hooks.join("pre-commit"));

    install(dir.path(), &[]);
    install(dir.path(), &[]); // idempotent: the foreign hook is not overwritten by ours
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-commit.legacy")).unwrap(),
        foreign
    );
    let status = keylint(dir.path(), &["hooks", "status"]);
    assert!(
        status
            .stdout
            .contains("pre-commit: keylint, runs pre-commit.legacy first"),
        "{}",
        status.stdout
    );

    write(dir.path(), "a.txt", "hello\n");
    git_ok(dir.path(), &["add", "a.txt"]);
    git_ok(dir.path(), &["commit", "-q", "-m", "clean"]);
    assert!(dir.path().join(".git/ran").exists(), "the legacy hook ran");

    // A failing legacy hook still blocks.
    std::fs::write(hooks.join("pre-commit.legacy"), "#!/bin/sh\nexit 3\n").unwrap();
    write(dir.path(), "b.txt", "hello\n");
    git_ok(dir.path(), &["add", "b.txt"]);
    assert!(
        !git(dir.path(), &["commit", "-q", "-m", "x"])
            .status
            .success()
    );
    std::fs::write(hooks.join("pre-commit.legacy"), foreign).unwrap();

    // A foreign hook and an existing .legacy: refuse without --force.
    std::fs::write(hooks.join("pre-push"), "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::write(hooks.join("pre-push.legacy"), "#!/bin/sh\nexit 0\n").unwrap();
    let refused = keylint(dir.path(), &["hooks", "install", "--pre-push"]);
    assert_eq!(refused.code, 2, "{}", refused.transcript());
    assert!(refused.stderr.contains("--force"), "{}", refused.stderr);
    std::fs::remove_file(hooks.join("pre-push.legacy")).unwrap();
    std::fs::remove_file(hooks.join("pre-push")).unwrap();

    let run = keylint(dir.path(), &["hooks", "uninstall"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-commit")).unwrap(),
        foreign
    );
    assert!(!hooks.join("pre-commit.legacy").exists());
}

#[test]
fn core_hooks_path_and_worktrees_are_honoured() {
    let dir = repo();
    write(dir.path(), "README.md", "demo\n");
    commit_all(dir.path(), "init");
    git_ok(dir.path(), &["config", "core.hooksPath", ".githooks"]);
    install(dir.path(), &[]);
    assert!(dir.path().join(".githooks/pre-commit").exists());
    assert!(!dir.path().join(".git/hooks/pre-commit").exists());
    write(
        dir.path(),
        "k.ts",
        &format!("const k = '{}';\n", openai_key(43)),
    );
    git_ok(dir.path(), &["add", "k.ts"]);
    assert!(
        !git(dir.path(), &["commit", "-q", "-m", "leak"])
            .status
            .success()
    );
    git_ok(dir.path(), &["reset", "-q"]);
    std::fs::remove_file(dir.path().join("k.ts")).unwrap();

    // A linked worktree shares the main repository's hooks.
    git_ok(dir.path(), &["config", "--unset", "core.hooksPath"]);
    let linked = tempfile::tempdir().unwrap();
    let wt = linked.path().join("wt");
    git_ok(
        dir.path(),
        &["worktree", "add", "-q", wt.to_str().unwrap(), "-b", "side"],
    );
    install(&wt, &[]);
    assert!(dir.path().join(".git/hooks/pre-commit").exists());
    write(&wt, "k.ts", &format!("const k = '{}';\n", openai_key(44)));
    git_ok(&wt, &["add", "k.ts"]);
    let out = git(&wt, &["commit", "-q", "-m", "leak"]);
    assert!(!out.status.success(), "{}", said(&out));
}

#[test]
fn escape_hatch_and_keylint_failures() {
    let dir = repo();
    write(dir.path(), "README.md", "demo\n");
    commit_all(dir.path(), "init");
    install(dir.path(), &[]);
    write(
        dir.path(),
        "k.ts",
        &format!("const k = '{}';\n", openai_key(45)),
    );
    git_ok(dir.path(), &["add", "k.ts"]);
    let out = git_env(
        dir.path(),
        &["commit", "-q", "-m", "skip"],
        &[("KEYLINT_SKIP", "1")],
    );
    assert!(out.status.success(), "{}", said(&out));
    assert!(said(&out).contains("NOT checked"), "{}", said(&out));

    // keylint cannot do its job (broken config): the commit is blocked, saying why.
    write(dir.path(), "keylint.toml", "fail-on = \"sometimes\"\n");
    write(dir.path(), "b.txt", "fine\n");
    git_ok(dir.path(), &["add", "b.txt"]);
    let out = git(dir.path(), &["commit", "-q", "-m", "broken config"]);
    assert!(!out.status.success());
    let text = said(&out);
    assert!(
        text.contains("keylint could not finish its check") && text.contains("keylint.toml"),
        "{text}"
    );
    std::fs::remove_file(dir.path().join("keylint.toml")).unwrap();

    // keylint is missing: the shim blocks with instructions.
    let hooks = dir.path().join(".git/hooks");
    let script = std::fs::read_to_string(hooks.join("pre-commit")).unwrap();
    let missing = script
        .lines()
        .map(|l| {
            if l.starts_with("KEYLINT_BIN=") {
                "KEYLINT_BIN='/nonexistent/keylint'"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(hooks.join("pre-commit"), missing).unwrap();
    let out = git_env(
        dir.path(),
        &["commit", "-q", "-m", "no keylint"],
        &[("PATH", "/usr/bin:/bin")],
    );
    assert!(!out.status.success());
    assert!(said(&out).contains("not installed"), "{}", said(&out));
}

#[test]
fn hook_pre_commit_reads_only_the_staged_version_of_the_given_files() {
    let dir = repo();
    let old = openai_key(46);
    write(dir.path(), "legacy.ts", &format!("const k = '{old}';\n"));
    commit_all(dir.path(), "legacy");
    write(
        dir.path(),
        "a.ts",
        &format!("const a = '{}';\n", openai_key(47)),
    );
    write(
        dir.path(),
        "b.ts",
        &format!("const b = '{}';\n", openai_key(48)),
    );
    git_ok(dir.path(), &["add", "a.ts", "b.ts"]);
    // The working tree of a.ts changes after staging: the staged version is what counts.
    write(dir.path(), "a.ts", "const a = 1;\n");
    // pre-commit splits files across processes: each sees only its own.
    let a = keylint(dir.path(), &["hook", "pre-commit", "a.ts"]);
    assert_eq!(a.code, 1, "{}", a.transcript());
    assert!(
        a.stdout.contains("a.ts:1:") && !a.stdout.contains("b.ts"),
        "{}",
        a.stdout
    );
    let b = keylint(dir.path(), &["hook", "pre-commit", "b.ts"]);
    assert!(
        b.stdout.contains("b.ts:1:") && !b.stdout.contains("a.ts"),
        "{}",
        b.stdout
    );
    // Without files: every staged file, never the unchanged legacy one.
    let all = keylint(dir.path(), &["hook", "pre-commit"]);
    assert!(
        all.stdout.contains("a.ts")
            && all.stdout.contains("b.ts")
            && !all.stdout.contains("legacy"),
        "{}",
        all.stdout
    );
    // A listed file with no staged change (`pre-commit run --all-files`) is scanned whole.
    let full = keylint(dir.path(), &["hook", "pre-commit", "legacy.ts"]);
    assert_eq!(full.code, 1, "{}", full.transcript());
    // Untracked and nonexistent files are not in the index: nothing to check.
    write(dir.path(), "untracked.ts", &format!("const u = '{old}';\n"));
    let none = keylint(
        dir.path(),
        &["hook", "pre-commit", "untracked.ts", "gone.ts"],
    );
    assert_eq!(none.code, 0, "{}", none.transcript());
    // From a subdirectory, paths are relative to it.
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    let sub = keylint(&dir.path().join("sub"), &["hook", "pre-commit", "../a.ts"]);
    assert_eq!(sub.code, 1, "{}", sub.transcript());
    // Tunables: --exclude and --fail-on.
    let excluded = keylint(
        dir.path(),
        &["hook", "pre-commit", "--exclude", "*.ts", "a.ts"],
    );
    assert_eq!(excluded.code, 0, "{}", excluded.transcript());
}

/// The fixture project (tests/fixtures/hooks/project) with synthetic secrets filled in.
fn fixture_project(dir: &Path) {
    let openai = openai_key(50);
    let livekit = synthetic(51, 40, ALNUM);
    copy_fixture(
        "hooks/project",
        dir,
        &[("OPENAI_KEY", &openai), ("LIVEKIT_SECRET", &livekit)],
    );
}

#[test]
fn pre_commit_message_gives_the_fix_for_each_file() {
    let dir = repo();
    fixture_project(dir.path());
    git_ok(dir.path(), &["add", "-A"]);
    let run = keylint(dir.path(), &["hook", "pre-commit"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn pre_push_refuses_leaking_commits_and_says_rotate_now() {
    let dir = repo();
    let remote = tempfile::tempdir().unwrap();
    git_ok(remote.path(), &["init", "-q", "--bare"]);
    write(dir.path(), "README.md", "demo\n");
    commit_all(dir.path(), "init");
    git_ok(
        dir.path(),
        &["remote", "add", "origin", remote.path().to_str().unwrap()],
    );
    install(dir.path(), &["--pre-push"]);
    let out = git(dir.path(), &["push", "-q", "origin", "main"]);
    assert!(out.status.success(), "{}", said(&out));

    fixture_project(dir.path());
    commit_all(dir.path(), "leaks, committed with --no-verify");
    let out = git(dir.path(), &["push", "-q", "origin", "main"]);
    assert!(!out.status.success(), "the push must be refused");
    let remote_head = git(remote.path(), &["rev-parse", "main"]);
    assert_ne!(
        String::from_utf8_lossy(&remote_head.stdout).trim(),
        git_ok(dir.path(), &["rev-parse", "HEAD"]),
        "nothing was pushed"
    );
    assert!(said(&out).contains("rotate this key now"), "{}", said(&out));

    // As the pre-commit framework calls it, with the range in the environment.
    let mut cmd = assert_cmd::Command::cargo_bin("keylint").unwrap();
    let out = cmd
        .current_dir(dir.path())
        .args(["hook", "pre-push"])
        .env("NO_COLOR", "1")
        .env("PRE_COMMIT_FROM_REF", "HEAD~1")
        .env("PRE_COMMIT_TO_REF", "HEAD")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    insta::assert_snapshot!(stable(&text));

    // A new branch whose commits are all on the remote already: nothing to check.
    git_ok(dir.path(), &["reset", "-q", "--hard", "HEAD~1"]);
    git_ok(dir.path(), &["checkout", "-q", "-b", "topic"]);
    let out = git(dir.path(), &["push", "-q", "origin", "topic"]);
    assert!(out.status.success(), "{}", said(&out));
}
