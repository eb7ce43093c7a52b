//! Paths as the user gave them: findings are shown relative to the current directory (the root
//! as given, then the path below it), while fingerprints, baselines and config globs use the
//! key path, relative to the repository root (issue 14 item 13).

use std::path::Path;

use crate::support::{keylint, repo, stable, write};

/// A synthetic `OpenAI` project key, assembled at run time (this source holds none).
fn key() -> String {
    [
        "sk-",
        "proj-",
        "Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri1xYz",
        "T3Bl",
        "bkFJ",
        "Wm4Np7Qs2Tv5Xy8Za1Cd3Fg6Hj9Kl2Mn5Pq8Rs1Tu4",
    ]
    .concat()
}

/// A repository with two services holding the same key, and an app beside them.
fn two_services() -> tempfile::TempDir {
    let dir = repo();
    let line = format!("OPENAI_API_KEY={}\n", key());
    write(dir.path(), "backend/.env", &line);
    write(dir.path(), "websocket-server/.env", &line);
    write(
        dir.path(),
        "app/lib/config.dart",
        &format!("const openAiApiKey = '{}';\n", key()),
    );
    dir
}

/// `keylint scan backend websocket-server --no-keys` with `extra` flags, from `dir`.
fn scan_both_services(dir: &Path, extra: &[&str]) -> crate::support::Run {
    let args = [
        &["scan", "backend", "websocket-server", "--no-keys"][..],
        extra,
    ]
    .concat();
    keylint(dir, &args)
}

/// `(path, fingerprint)` of each finding of a `--format json` run.
fn fingerprints(dir: &Path, args: &[&str]) -> Vec<(String, String)> {
    let run = keylint(dir, &[args, &["--format", "json", "--no-keys"]].concat());
    let doc: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.transcript()));
    doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_owned(),
                f["fingerprint"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The transcript of a run, a SARIF log cut to its results and artifact base (the rule
/// catalog is pinned elsewhere).
fn shown(run: &crate::support::Run, format: &str) -> String {
    let mut run = crate::support::Run {
        code: run.code,
        stdout: run.stdout.replace(&key(), "[KEY]"),
        stderr: run.stderr.replace(&key(), "[KEY]"),
    };
    if format == "sarif" {
        let mut log: serde_json::Value = serde_json::from_str(&run.stdout).expect("SARIF");
        // A result's index into the rule list moves whenever a rule is added: its id stays.
        for result in log["runs"][0]["results"].as_array_mut().expect("results") {
            result.as_object_mut().expect("result").remove("ruleIndex");
        }
        let cut = serde_json::json!({
            "originalUriBaseIds": log["runs"][0]["originalUriBaseIds"],
            "results": log["runs"][0]["results"],
        });
        run.stdout = serde_json::to_string_pretty(&cut).expect("JSON") + "\n";
    }
    stable(&run.transcript())
}

#[test]
fn two_roots_are_shown_as_given_in_human_json_and_sarif() {
    let dir = two_services();
    for format in ["human", "json", "sarif"] {
        let run = scan_both_services(dir.path(), &["--format", format]);
        insta::assert_snapshot!(format!("two_roots_{format}"), shown(&run, format));
    }
}

#[test]
fn a_root_above_the_current_directory_is_shown_from_it() {
    let dir = two_services();
    let backend = dir.path().join("backend");
    for format in ["human", "json", "sarif"] {
        let run = keylint(
            &backend,
            &["scan", "../app", "--no-keys", "--format", format],
        );
        insta::assert_snapshot!(format!("parent_root_{format}"), shown(&run, format));
    }
}

#[test]
fn the_same_secret_in_two_services_has_two_fingerprints() {
    let dir = two_services();
    let found = fingerprints(dir.path(), &["scan", "backend", "websocket-server"]);
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        ["backend/.env", "websocket-server/.env"],
        "{found:?}"
    );
    assert_ne!(found[0].1, found[1].1, "one baseline entry would hide both");

    // A baseline of one service keeps reporting the other.
    let made = keylint(
        dir.path(),
        &["baseline", "create", "backend", "-o", "base.json"],
    );
    assert_eq!(made.code, 0, "{}", made.transcript());
    let run = scan_both_services(dir.path(), &["--baseline", "base.json", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let rows = crate::support::finding_rows(&run);
    assert_eq!(rows.len(), 1, "{}", run.transcript());
    assert_eq!(rows[0].0, "websocket-server/.env");
}

#[test]
fn the_gitleaksignore_at_the_repository_root_applies_wherever_the_scan_starts() {
    let dir = two_services();
    write(
        dir.path(),
        ".gitleaksignore",
        "backend/.env:openai-project-key:1\n",
    );
    // From inside `backend/`: the file is at the repository root, not the scan root.
    let inside = keylint(
        &dir.path().join("backend"),
        &["scan", ".", "--no-keys", "--format", "json"],
    );
    assert_eq!(inside.code, 0, "{}", inside.transcript());
    assert!(crate::support::finding_rows(&inside).is_empty());
    // From the root, naming both services: only the listed one is accepted.
    let both = scan_both_services(dir.path(), &["--format", "json"]);
    assert_eq!(both.code, 1, "{}", both.transcript());
    let rows = crate::support::finding_rows(&both);
    assert_eq!(rows.len(), 1, "{}", both.transcript());
    assert_eq!(rows[0].0, "websocket-server/.env");
}

#[test]
fn a_subdirectory_scanned_from_the_root_or_from_inside_has_one_fingerprint() {
    let dir = two_services();
    let from_root = fingerprints(dir.path(), &["scan", "backend"]);
    let from_inside = fingerprints(&dir.path().join("backend"), &["scan", "."]);
    assert_eq!(from_root.len(), 1, "{from_root:?}");
    assert_eq!(from_root[0].0, "backend/.env");
    assert_eq!(from_inside[0].0, ".env");
    assert_eq!(from_root[0].1, from_inside[0].1);
    assert!(from_root[0].1.contains(":backend/.env:"), "{from_root:?}");
}

/// Written by `keylint baseline create .` before paths had a key and a display form (main at
/// fa13160), for `backend/.env` holding [`key`].
const BASELINE_BEFORE: &str = r#"{
  "version": 2,
  "findings": [
    { "rule_id": "openai-project-key", "path": "backend/.env", "hash": "0a4bd40900057ded" }
  ],
  "diagnostics": [
    { "code": "env-file-committed", "path": "backend/.env", "hash": "dd4b6998441e44a9" }
  ]
}"#;

#[test]
fn a_baseline_made_by_a_scan_of_dot_before_still_matches() {
    let dir = repo();
    write(
        dir.path(),
        "backend/.env",
        &format!("OPENAI_API_KEY={}\n", key()),
    );
    write(dir.path(), "base.json", BASELINE_BEFORE);
    let run = keylint(dir.path(), &["scan", ".", "--baseline", "base.json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("2 finding(s) or problem(s) accepted by the baseline"),
        "{}",
        run.transcript()
    );
    // And from inside the service: the same key path.
    let run = keylint(
        &dir.path().join("backend"),
        &["scan", ".", "--baseline", "../base.json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
}

#[test]
fn config_globs_are_relative_to_the_config_file_wherever_the_scan_starts() {
    let dir = two_services();
    write(
        dir.path(),
        "keylint.toml",
        "[allowlist]\npaths = [\"backend/fixtures/**\"]\n",
    );
    write(
        dir.path(),
        "backend/fixtures/sample.ts",
        &format!("const apiKey = \"{}\";\n", key()),
    );
    let from_root = fingerprints(dir.path(), &["scan", "backend"]);
    let from_inside = fingerprints(&dir.path().join("backend"), &["scan", "."]);
    let from_fixtures = fingerprints(&dir.path().join("backend/fixtures"), &["scan", "."]);
    assert_eq!(from_root.len(), 1, "{from_root:?}");
    assert_eq!(from_root[0].0, "backend/.env");
    assert_eq!(from_inside.len(), 1, "{from_inside:?}");
    assert_eq!(from_inside[0].0, ".env");
    assert!(from_fixtures.is_empty(), "{from_fixtures:?}");
}
