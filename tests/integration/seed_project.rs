//! Issue 14 end to end: the whole seed-shaped project (`tests/fixtures/seed-project`: a Flutter
//! app, a Node/TS `backend/` with its own `.env` read by `node --env-file=.env`, a second
//! `websocket-server/` with its own `.env`, docker-compose with a `LiveKit` server, `livekit.yaml`
//! and `.env.example`), taken through every command as a new user would: `scan` in each format,
//! `env`, `env --diff`, `keys`, `fix --dry-run`, `fix`, the same commands on the fixed tree, a
//! fresh clone, and the pre-commit hook. The human outputs are snapshots, so a regression in
//! any item of the issue changes one. Keys are synthetic and filled in at run time.

use std::fmt::Write as _;
use std::path::Path;

use crate::support::{
    ALNUM, Run, commit_all, copy_fixture, git_ok, keylint, openai_key, repo, run_bin, synthetic,
    write,
};

/// The placeholders of the fixture and their synthetic values.
fn values() -> Vec<(&'static str, String)> {
    let marker = ["T3Bl", "bkFJ"].concat();
    let groq = format!("gs{}{}", "k_", synthetic(1406, 52, ALNUM));
    vec![
        ("LIVEKIT_KEY", format!("API{}", synthetic(1401, 12, ALNUM))),
        ("LIVEKIT_SECRET", synthetic(1402, 44, ALNUM)),
        (
            "GOOGLE",
            format!("AI{}{}", "za", synthetic(1403, 35, ALNUM)),
        ),
        ("APP_OPENAI", openai_key(1404)),
        // Cut short 6 characters after the fixed marker (item 10).
        (
            "OPENAI_TRUNCATED",
            format!(
                "sk-{}{}{marker}{}",
                "proj-",
                synthetic(1405, 40, ALNUM),
                "wKgp1M"
            ),
        ),
        // `sk-prj-`: a near-miss of `sk-proj-` (item 10).
        (
            "OPENAI_NEAR_MISS",
            format!(
                "sk-{}{}{marker}{}",
                "prj-",
                synthetic(1407, 40, ALNUM),
                synthetic(1408, 40, ALNUM)
            ),
        ),
        (
            "ANTHROPIC",
            format!("sk-ant-{}{}AA", "api03-", synthetic(1409, 93, ALNUM)),
        ),
        (
            "DEEPSEEK",
            format!("sk-{}", synthetic(1410, 32, b"0123456789abcdef")),
        ),
        // A U+200B pasted into the Groq key (items 12, 14).
        (
            "GROQ_PASTED",
            format!("{}\u{200B}{}", &groq[..30], &groq[30..]),
        ),
    ]
}

/// The seed project, committed in a fresh git repository; its `.env` files are gitignored.
fn seed_project() -> (tempfile::TempDir, Vec<(&'static str, String)>) {
    let dir = repo();
    let values = values();
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    copy_fixture("seed-project", dir.path(), &pairs);
    write(dir.path(), ".gitignore", ".env\n");
    commit_all(dir.path(), "seed project");
    (dir, values)
}

/// `text` with every secret of the fixture put back as its placeholder, and commit ids out:
/// files and outputs can be pinned whatever the values.
fn placeholders(text: &str, values: &[(&str, String)]) -> String {
    let mut text = text.to_owned();
    for (name, value) in values {
        text = text.replace(value.as_str(), &format!("{{{{{name}}}}}"));
    }
    let commit = regex::Regex::new(r"last commit [0-9a-f]{7,40}").unwrap();
    commit
        .replace_all(&text, "last commit [COMMIT]")
        .into_owned()
}

/// Runs `keylint args…` in `dir`, checks that no secret of the fixture shows, and returns the
/// run with commit ids normalised.
fn run(dir: &Path, values: &[(&str, String)], args: &[&str]) -> Run {
    let run = keylint(dir, args);
    // The LiveKit API key names a pair: `keys` shows it to tell pairs apart (scan masks it).
    for (name, value) in values.iter().filter(|(n, _)| *n != "LIVEKIT_KEY") {
        let middle = &value[6..value.len() - 6];
        assert!(
            !run.stdout.contains(middle) && !run.stderr.contains(middle),
            "{name} shows in clear in `keylint {}`:\n{}",
            args.join(" "),
            run.transcript()
        );
    }
    Run {
        code: run.code,
        stdout: placeholders(&run.stdout, values),
        stderr: placeholders(&run.stderr, values),
    }
}

/// The last line of `text` that is not empty.
fn last_line(text: &str) -> &str {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Items 2, 3, 4, 10, 11, 12, 14, 15 and 9 on the project as found: every report.
#[test]
fn the_seed_project_as_found() {
    let (dir, v) = seed_project();
    let d = dir.path();

    // scan: one report per value, provider names, Flutter client/server split, masking.
    let scan = run(d, &v, &["scan", "."]);
    assert_eq!(scan.code, 1, "{}", scan.transcript());
    assert!(
        last_line(&scan.stdout).starts_with("✗ 9 findings"),
        "{}",
        scan.stdout
    );
    insta::assert_snapshot!("scan_human", scan.stdout);
    let concise = run(d, &v, &["scan", "--format", "concise", "."]);
    assert_eq!(concise.code, 1);
    insta::assert_snapshot!("scan_concise", concise.stdout);
    for format in ["json", "sarif"] {
        let doc = run(d, &v, &["scan", "--format", format, "."]);
        assert_eq!(doc.code, 1, "{}", doc.transcript());
        let doc: serde_json::Value = serde_json::from_str(&doc.stdout).unwrap();
        let found = doc["findings"]
            .as_array()
            .or_else(|| doc["runs"][0]["results"].as_array())
            .map_or(0, Vec::len);
        assert_eq!(found, 9, "{format}: {doc}");
    }

    // env: near-miss prefix, truncation after the marker, one invisible character said once;
    // the app's own OpenAI key is not a mismatch with the backend's (item 9).
    let env = run(d, &v, &["env"]);
    assert_eq!(env.code, 1);
    assert!(!env.stdout.contains("mismatch"), "{}", env.stdout);
    insta::assert_snapshot!("env_human", env.stdout);
    let diff = run(d, &v, &["env", "--diff", "--unsafe-fixes"]);
    assert_eq!(diff.code, 1);
    insta::assert_snapshot!("env_diff", diff.transcript());

    // keys: the LiveKit pair agrees across compose, livekit.yaml and backend/.env; per-service
    // OpenAI keys are no mismatch; nothing fails.
    let keys = run(d, &v, &["keys"]);
    assert_eq!(keys.code, 0, "{}", keys.transcript());
    insta::assert_snapshot!("keys_human", keys.stdout);
}

/// Items 1, 2, 3, 4, 5, 7, 16 and 17: `fix`, then every command again, a fresh clone, the hook.
#[test]
fn the_seed_project_after_fix() {
    let (dir, v) = seed_project();
    let d = dir.path();
    let before = placeholders(&read(d, "backend/src/ai.ts"), &v);

    let dry = run(d, &v, &["fix", "--dry-run", "."]);
    assert_eq!(dry.code, 1, "{}", dry.transcript());
    assert_eq!(placeholders(&read(d, "backend/src/ai.ts"), &v), before);
    assert!(!d.join(".env.client").exists(), "a dry run writes nothing");

    let fix = run(d, &v, &["fix", "--yes", "."]);
    // The app's OpenAI key and livekit.yaml's keys are refused (moved by hand): exit 1.
    assert_eq!(fix.code, 1, "{}", fix.transcript());
    insta::assert_snapshot!("fix_summary", fix.stderr);
    let files = [
        "backend/.env",
        "backend/.env.example",
        "backend/src/ai.ts",
        ".env",
        ".env.client",
        ".env.client.example",
        ".env.example",
        ".gitignore",
        "docker-compose.yml",
        "lib/core/config/app_config.dart",
        "websocket-server/.env",
    ];
    let mut after = String::new();
    for f in files {
        let _ = write!(after, "=== {f}\n{}", placeholders(&read(d, f), &v));
    }
    insta::assert_snapshot!("fix_files", after);

    // Item 1: `node --env-file=.env` run in backend/ loads the moved keys (the python-dotenv
    // loader model reads the file as a loader would).
    let loaded = keylint_dotenv::loader::load(&read(d, "backend/.env")).vars;
    let value = |name: &str| v.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
    for (var, placeholder) in [
        ("ANTHROPIC_API_KEY", "ANTHROPIC"),
        ("DEEPSEEK_API_KEY", "DEEPSEEK"),
        ("LIVEKIT_API_SECRET", "LIVEKIT_SECRET"),
    ] {
        assert!(
            loaded.contains(&(var.to_owned(), value(placeholder))),
            "{var}: {loaded:?}"
        );
    }

    // The fixed tree: scan keeps only what was refused; keys passes (item 7); env still has
    // the damaged keys a fix cannot guess.
    let scan = run(d, &v, &["scan", "--format", "concise", "."]);
    assert_eq!(scan.code, 1);
    insta::assert_snapshot!("fixed_scan_concise", scan.stdout);
    let keys = run(d, &v, &["keys"]);
    assert_eq!(keys.code, 0, "{}", keys.transcript());
    let env = run(d, &v, &["env", "--format", "concise"]);
    assert_eq!(env.code, 1);
    insta::assert_snapshot!("fixed_env_concise", env.stdout);

    hand_fixes_leave_every_command_passing(d, &v);
    clone_hook_and_cargo(d, &v);
}

/// The user moves what `fix` refused by hand and pastes the two damaged `OpenAI` keys again;
/// the invisible character goes with `env --fix --unsafe-fixes`. Then every command passes,
/// `fix` included (item 5), and each last line says so (item 15).
fn hand_fixes_leave_every_command_passing(d: &Path, v: &[(&str, String)]) {
    let value = |name: &str| v.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone());
    let dart = read(d, "lib/core/config/app_config.dart");
    let dart: String = dart
        .lines()
        .filter(|l| !l.contains("openAiApiKey"))
        .flat_map(|l| [l, "\n"])
        .collect();
    write(d, "lib/core/config/app_config.dart", &dart);
    write(d, "livekit.yaml", "port: 7880\nrtc:\n  tcp_port: 7881\n");
    for (file, placeholder, seed) in [
        ("backend/.env", "OPENAI_TRUNCATED", 1420),
        ("websocket-server/.env", "OPENAI_NEAR_MISS", 1421),
    ] {
        let text = read(d, file).replace(&value(placeholder).unwrap(), &openai_key(seed));
        write(d, file, &text);
    }
    let envfix = run(d, v, &["env", "--fix", "--unsafe-fixes"]);
    assert_eq!(envfix.code, 0, "{}", envfix.transcript());
    let again = run(d, v, &["fix", "--yes", "."]);
    assert_eq!(again.code, 0, "item 5: {}", again.transcript());
    for args in [&["scan", "."][..], &["keys"], &["env"]] {
        let r = run(d, v, args);
        assert_eq!(r.code, 0, "{}", r.transcript());
        assert!(
            last_line(&r.stdout).starts_with('✓') || last_line(&r.stdout).contains("passes"),
            "item 15: {}",
            r.transcript()
        );
    }
}

/// A fresh clone of the fixed project (item 7), the hook on a new key (item 17), and
/// `cargo keylint --help` (item 16).
fn clone_hook_and_cargo(d: &Path, v: &[(&str, String)]) {
    // A fresh clone has none of the gitignored env files: keys still passes.
    commit_all(d, "secrets out of the code");
    let clone = tempfile::tempdir().unwrap();
    git_ok(
        clone.path(),
        &["clone", "-q", d.to_str().unwrap(), "checkout"],
    );
    let keys = run(&clone.path().join("checkout"), v, &["keys"]);
    assert_eq!(keys.code, 0, "{}", keys.transcript());

    // The hook blocks a new key and ends with the command that fixes it (item 17).
    let groq = format!("gs{}{}", "k_", synthetic(1430, 52, ALNUM));
    let server = read(d, "websocket-server/server.js");
    write(
        d,
        "websocket-server/server.js",
        &format!("{server}const fallback = \"{groq}\";\n"),
    );
    git_ok(d, &["add", "websocket-server/server.js"]);
    let hook = run(d, v, &["hook", "pre-commit"]);
    assert_eq!(hook.code, 1, "{}", hook.transcript());
    assert!(!hook.stdout.contains(&groq) && !hook.stderr.contains(&groq));
    assert!(
        hook.stdout
            .contains("to fix: keylint fix websocket-server/server.js"),
        "{}",
        hook.transcript()
    );

    // `cargo keylint --help` speaks of `cargo keylint` (item 16).
    let help = run_bin("cargo-keylint", d, &["keylint", "--help"], None);
    assert!(
        help.stdout.contains("Usage: cargo keylint"),
        "{}",
        help.transcript()
    );
}

/// Item 8: the seed's `LIVEKIT_KEYS` traps, each in the project's compose file.
#[test]
fn the_seed_livekit_keys_forms() {
    let (dir, v) = seed_project();
    let d = dir.path();
    let compose = read(d, "docker-compose.yml");
    let line = compose
        .lines()
        .find(|l| l.contains("LIVEKIT_KEYS"))
        .unwrap()
        .to_owned();
    let scan = |files: &[&str]| {
        let args: Vec<&str> = ["scan", "--format", "concise"]
            .iter()
            .chain(files)
            .chain(&[".env.example"])
            .copied()
            .collect();
        run(d, &v, &args).transcript()
    };
    let mut seen = String::new();
    for form in [
        "      LIVEKIT_KEYS: \"devkey: secret\"",
        "      LIVEKIT_KEYS: devkey: secret",
        "      - LIVEKIT_KEYS: \"devkey: secret\"",
        "      - LIVEKIT_KEYS=devkey=secret",
    ] {
        write(d, "docker-compose.yml", &compose.replace(&line, form));
        let _ = write!(
            seen,
            "=== {}\n{}",
            form.trim(),
            scan(&["docker-compose.yml"])
        );
    }
    // Neither `keys` nor `key_file`, and no LIVEKIT_KEYS.
    write(
        d,
        "docker-compose.yml",
        &compose
            .replace(&format!("{line}\n"), "")
            .replace("    environment:\n    ports:", "    ports:"),
    );
    write(d, "livekit.yaml", "port: 7880\n");
    let _ = write!(
        seen,
        "=== no keys\n{}",
        scan(&["docker-compose.yml", "livekit.yaml"])
    );
    insta::assert_snapshot!("livekit_keys_forms", seen);
}
