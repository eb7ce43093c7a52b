//! `keylint keys`: the seeds' `LiveKit` setups (backend `.env`, `livekit.yaml`, docker-compose,
//! Flutter `AppConfig`) in agreeing and disagreeing variants, and a Next.js app with
//! `.env.local` / `.env.production`. Each report is pinned by a snapshot of the real binary's
//! stdout, stderr and exit code; no output may hold a secret in clear.

use std::path::PathBuf;

use crate::support::{Run, keylint};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keys")
        .join(name)
}

/// Every value written in the fixture's files (long enough to be a secret) is absent from the
/// output.
fn assert_masked(name: &str, run: &Run) {
    let secrets = [
        "Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8R",
        "Hj5Ms1Ud4Ge6Qo8RiZq8Lx3RfT0aPw9Vn2KcYb7",
        "Pw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8RiZq8Lx3RfT0a",
    ];
    for s in secrets {
        assert!(
            !run.stdout.contains(&s[4..20]),
            "{name}: stdout shows a secret"
        );
        assert!(
            !run.stderr.contains(&s[4..20]),
            "{name}: stderr shows a secret"
        );
    }
}

fn keys(name: &str, args: &[&str]) -> Run {
    let mut all = vec!["keys"];
    all.extend_from_slice(args);
    let run = keylint(&fixture(name), &all);
    assert_masked(name, &run);
    run
}

#[test]
fn agreeing_setup_passes() {
    let run = keys("agree", &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(!run.stdout.contains("mismatch"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn one_character_off_in_the_flutter_app() {
    let run = keys("one-char-off", &[]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("one character differs: character 39"));
    assert!(run.stdout.contains("client-copy"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn trailing_space_in_the_backend_env() {
    let run = keys("trailing-space", &[]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("this one has a trailing space"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn livekit_keys_without_the_space() {
    let run = keys("livekit-keys-no-space", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("one of key-file or keys must be provided")
    );
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn secret_only_in_an_env_file_compose_does_not_interpolate_from() {
    let run = keys("secret-in-one-place", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("compose reads `${…}` values only from .env")
    );
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn nextjs_env_local_wins_over_env_production() {
    let run = keys("nextjs", &[]);
    assert_eq!(
        run.code, 0,
        "overrides are low: they do not fail by default"
    );
    assert!(run.stdout.contains("production: .env.local:3"));
    insta::assert_snapshot!(run.transcript());
    let strict = keys("nextjs", &["--fail-on", "low"]);
    assert_eq!(strict.code, 1);
}

#[test]
fn json_document() {
    let run = keys("one-char-off", &["--format", "json"]);
    assert_eq!(run.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    let mismatch = doc["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["code"] == "mismatch")
        .unwrap();
    let paths: Vec<&str> = mismatch["sites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "livekit.yaml",
            "backend/.env",
            "docker-compose.yml",
            "lib/core/config/app_config.dart"
        ]
    );
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn sarif_log() {
    let run = keys("trailing-space", &["--format", "sarif"]);
    assert_eq!(run.code, 1);
    let log: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "keys/mismatch");
    assert_eq!(result["relatedLocations"].as_array().unwrap().len(), 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn missing_path_is_an_error() {
    let run = keys("agree", &["no/such/dir"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no such file or directory"));
}
