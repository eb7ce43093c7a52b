//! `keylint fix` on projects shaped like the seeds (tests/fixtures/fix/project: a Flutter
//! `AppConfig`, a Node websocket server, docker-compose with `LiveKit`), copied into temp git
//! repositories with synthetic secrets: the dry run changes nothing and masks its diff, the real
//! run moves every value into `.env` and leaves sources a second scan finds clean, a second run
//! changes nothing, refusals leave files byte-identical, CRLF stays CRLF.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::support::{
    ALNUM, commit_all, copy_fixture, git, keylint, openai_key, repo, stable, synthetic, write,
};

/// The synthetic secrets of the fixture, by placeholder name.
fn secrets() -> Vec<(&'static str, String)> {
    vec![
        ("OPENAI_KEY", openai_key(70)),
        ("LIVEKIT_SECRET", synthetic(76, 40, ALNUM)),
        (
            "DEEPSEEK_KEY",
            format!("sk-{}", synthetic(77, 32, b"0123456789abcdef")),
        ),
        ("GROQ_KEY", format!("gsk_{}", synthetic(78, 52, ALNUM))),
    ]
}

fn secret(name: &str) -> String {
    secrets().into_iter().find(|(n, _)| *n == name).unwrap().1
}

/// The fix fixture in a fresh repository, committed (so the rotation reminder has a commit).
fn project() -> tempfile::TempDir {
    let dir = repo();
    let values = secrets();
    let values: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
    copy_fixture("fix/project", dir.path(), &values);
    commit_all(dir.path(), "app, server and compose file");
    dir
}

/// Every file under `dir` (but `.git`) and its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if entry.file_name() == ".git" {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap()
}

/// Asserts no output holds any fixture secret.
fn assert_masked(text: &str) {
    for (name, value) in secrets() {
        assert!(!text.contains(&value), "{name} printed in full:\n{text}");
    }
}

/// Short commit ids vary with git's abbreviation: replace them.
fn stable_commits(text: &str) -> String {
    let short = regex::Regex::new(r"last commit [0-9a-f]{7,40}").unwrap();
    short
        .replace_all(&stable(text), "last commit [COMMIT]")
        .into_owned()
}

/// Syntactic sanity of a rewritten line: quotes paired, brackets balanced as much as before.
fn assert_balanced(old: &str, new: &str) {
    let depth = |line: &str| {
        let mut d = [0i32; 3];
        for c in line.chars() {
            match c {
                '(' => d[0] += 1,
                ')' => d[0] -= 1,
                '[' => d[1] += 1,
                ']' => d[1] -= 1,
                '{' => d[2] += 1,
                '}' => d[2] -= 1,
                _ => {}
            }
        }
        d
    };
    let quotes = |line: &str, q: char| line.chars().filter(|c| *c == q).count() % 2;
    for (before, after) in old.lines().zip(new.lines()) {
        if before == after {
            continue;
        }
        assert_eq!(depth(before), depth(after), "{before}\n→ {after}");
        for q in ['\'', '"', '`'] {
            assert_eq!(quotes(after, q), 0, "unpaired {q} in {after}");
        }
    }
}

#[test]
fn dry_run_changes_nothing_and_masks_the_diff() {
    let dir = project();
    let before = tree(dir.path());
    let run = keylint(dir.path(), &["fix", "--dry-run"]);
    // The app's server secrets are left (they must not ship in an app): exit 1.
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(tree(dir.path()), before, "a dry run wrote something");
    assert_masked(&run.transcript());
    insta::assert_snapshot!(stable_commits(&run.transcript()));
}

#[test]
fn fix_moves_every_secret_into_env_and_the_sources_scan_clean() {
    let dir = project();
    let before = tree(dir.path());
    let run = keylint(dir.path(), &["fix", "--yes"]);
    // The app's four server secrets are refused (they must not ship in an app): exit 1.
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(
        run.stderr
            .matches("this key must not ship in the app")
            .count(),
        4,
        "{}",
        run.stderr
    );
    assert_masked(&run.transcript());

    // The values are in .env, exactly; placeholders in .env.example; .env is ignored.
    let env = read(dir.path(), ".env");
    for line in [
        "LIVEKIT_API_KEY=APIdevkey1".to_owned(),
        format!("LIVEKIT_API_SECRET={}", secret("LIVEKIT_SECRET")),
        format!("OPENAI_API_KEY={}", secret("OPENAI_KEY")),
        format!("DEEPSEEK_API_KEY={}", secret("DEEPSEEK_KEY")),
    ] {
        assert!(env.lines().any(|l| l == line), "{line} missing from .env");
    }
    assert_eq!(env.lines().count(), 4, "one line per variable");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.path().join(".env"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let example = read(dir.path(), ".env.example");
    assert!(example.lines().all(|l| l.ends_with('=')), "{example}");
    assert_eq!(example.lines().count(), 4);
    assert!(
        git(dir.path(), &["check-ignore", "-q", ".env"])
            .status
            .success()
    );
    assert!(
        !git(dir.path(), &["check-ignore", "-q", ".env.example"])
            .status
            .success()
    );

    // The sources read the variables, and still look well-formed.
    let mut rewritten = String::new();
    let app = "lib/core/config/app_config.dart";
    assert_eq!(
        read(dir.path(), app).as_bytes(),
        before[app],
        "the app was rewritten"
    );
    for path in ["server/index.ts", "docker-compose.yml"] {
        let old = String::from_utf8(before[path].clone()).unwrap();
        let new = read(dir.path(), path);
        assert_balanced(&old, &new);
        let _ = write!(rewritten, "=== {path}\n{new}");
    }
    assert_masked(&rewritten);
    insta::assert_snapshot!(rewritten);

    // A second scan finds only the app's server secrets; a second fix changes nothing.
    let scan = keylint(dir.path(), &["scan", "--format", "json", "."]);
    let left: Vec<String> = crate::support::finding_rows(&scan)
        .into_iter()
        .map(|(path, ..)| path)
        .collect();
    assert_eq!(
        left, ["lib/core/config/app_config.dart"; 4],
        "{}",
        scan.stdout
    );
    let after = tree(dir.path());
    let again = keylint(dir.path(), &["fix", "--yes"]);
    assert_eq!(again.code, 1, "{}", again.transcript());
    assert!(
        !again.stderr.contains("keylint fix: moved"),
        "{}",
        again.stderr
    );
    assert_eq!(tree(dir.path()), after, "the second run changed files");
}

#[test]
fn refusals_leave_files_byte_identical() {
    let dir = repo();
    let key = openai_key(80);
    let other = openai_key(83);
    write(
        dir.path(),
        "server/ws.ts",
        &format!(
            "const id = 42;\nexport const url = `wss://relay.example.org/?id=${{id}}&key={key}`;\n"
        ),
    );
    write(
        dir.path(),
        "lib/config.dart",
        &format!("class Config {{\n  static const String openAiApiKey = '{other}';\n}}\n"),
    );
    // .env already holds OPENAI_API_KEY with another value: it must not be overwritten.
    let third = openai_key(86);
    write(
        dir.path(),
        "server/openai.ts",
        &format!("export const openaiApiKey = \"{third}\";\n"),
    );
    write(dir.path(), ".gitignore", ".env\n");
    write(dir.path(), ".env", &format!("OPENAI_API_KEY={key}\n"));
    commit_all(dir.path(), "init");
    let before = tree(dir.path());
    let run = keylint(dir.path(), &["fix", "--yes"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(tree(dir.path()), before, "a refused fix wrote something");
    for text in [&run.stdout, &run.stderr] {
        assert!(
            !text.contains(&key) && !text.contains(&other) && !text.contains(&third),
            "{text}"
        );
    }
    assert!(
        run.stderr.contains(
            "server/openai.ts:1  OpenAI project API key: .env already defines `OPENAI_API_KEY`"
        ),
        "{}",
        run.stderr
    );
    insta::assert_snapshot!(run.transcript());
    // A dry run announces the same refusals, in the same words, and writes nothing.
    let dry = keylint(dir.path(), &["fix", "--dry-run"]);
    assert_eq!(dry.code, 1, "{}", dry.transcript());
    assert_eq!(dry.stderr, run.stderr);
    assert_eq!(tree(dir.path()), before, "a dry run wrote something");
}

#[test]
fn crlf_files_keep_crlf_and_an_existing_env_keeps_its_bytes() {
    let dir = repo();
    let key = openai_key(90);
    let existing = "# local settings\r\nPORT=8080";
    write(dir.path(), ".env", existing);
    write(dir.path(), ".gitignore", "node_modules/\n.env\n");
    write(
        dir.path(),
        "src/app_config.ts",
        &format!("export class AppConfig {{\r\n  static openAiApiKey = '{key}';\r\n}}\r\n"),
    );
    let run = keylint(
        dir.path(),
        &["fix", "--yes", "--rule", "openai-project-key"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        read(dir.path(), "src/app_config.ts"),
        "export class AppConfig {\r\n  static openAiApiKey = process.env.OPENAI_API_KEY;\r\n}\r\n"
    );
    assert_eq!(
        read(dir.path(), ".env"),
        format!("{existing}\r\nOPENAI_API_KEY={key}\r\n")
    );
    assert_eq!(read(dir.path(), ".gitignore"), "node_modules/\n.env\n");
    assert!(run.stderr.contains("was never committed"), "{}", run.stderr);
}

#[test]
fn confirmation_tracked_env_and_unknown_rules_are_errors() {
    let dir = repo();
    let key = openai_key(95);
    write(
        dir.path(),
        "index.js",
        &format!("const apiKey = '{key}';\n"),
    );
    write(dir.path(), ".env", "PORT=1\n");
    commit_all(dir.path(), "init");
    let before = tree(dir.path());

    // No terminal and no --yes: refuse before touching anything.
    let run = keylint(dir.path(), &["fix"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("--yes"), "{}", run.stderr);

    // A tracked .env would commit the secret.
    let run = keylint(dir.path(), &["fix", "--yes"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("git rm --cached"), "{}", run.stderr);

    let run = keylint(
        dir.path(),
        &["fix", "--dry-run", "--rule", "openai-projet-key"],
    );
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("did you mean"), "{}", run.stderr);
    assert_eq!(tree(dir.path()), before);
}

#[test]
fn an_example_hidden_by_a_broad_ignore_rule_is_unignored() {
    let dir = repo();
    let key = openai_key(97);
    write(dir.path(), ".gitignore", ".env*\r\n");
    write(
        dir.path(),
        "server.mjs",
        &format!("export const apiKey = `{key}`;\n"),
    );
    let run = keylint(dir.path(), &["fix", "--yes"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        read(dir.path(), "server.mjs"),
        "export const apiKey = process.env.OPENAI_API_KEY;\n"
    );
    assert_eq!(read(dir.path(), ".gitignore"), ".env*\r\n!.env.example\r\n");
    assert!(
        git(dir.path(), &["check-ignore", "-q", ".env"])
            .status
            .success()
    );
    assert!(
        !git(dir.path(), &["check-ignore", "-q", ".env.example"])
            .status
            .success()
    );
    assert_eq!(read(dir.path(), ".env"), format!("OPENAI_API_KEY={key}\n"));
}

/// An OVH consumer key is its own credential: `fix` names its variable `OVH_CONSUMER_KEY`, not
/// the application secret's (the catalog once listed it as an alias of the application secret).
#[test]
fn an_ovh_consumer_key_moves_to_its_own_variable() {
    let dir = repo();
    let key = synthetic(131, 32, ALNUM);
    write(
        dir.path(),
        "server.mjs",
        &format!("export const ovhConsumerKey = '{key}';\n"),
    );
    let run = keylint(dir.path(), &["fix", "--yes"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        read(dir.path(), "server.mjs"),
        "export const ovhConsumerKey = process.env.OVH_CONSUMER_KEY;\n"
    );
    assert_eq!(
        read(dir.path(), ".env"),
        format!("OVH_CONSUMER_KEY={key}\n")
    );
}
