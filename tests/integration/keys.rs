//! `keylint keys`: the seeds' `LiveKit` setups (backend `.env`, `livekit.yaml`, docker-compose,
//! Flutter `AppConfig`) in agreeing and disagreeing variants, and a Next.js app with
//! `.env.local` / `.env.production`. Each report is pinned by a snapshot of the real binary's
//! stdout, stderr and exit code; no output may hold a secret in clear.

use std::path::PathBuf;

use crate::support::{Run, commit_all, copy_fixture, keylint, repo, write};

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

/// `keylint keys args…` in the fixture `name`. The fixtures have no config of their own: the
/// repository's (which excludes `tests/fixtures/**` from its self-scan) is not theirs.
fn keys(name: &str, args: &[&str]) -> Run {
    let mut all = vec!["keys", "--no-config"];
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
    // SARIF names files from the repository root: a copy outside this repository keeps the
    // fixture's own paths.
    let dir = copied("trailing-space");
    let run = keylint(dir.path(), &["keys", "--format", "sarif"]);
    assert_masked("trailing-space", &run);
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

/// A copy of a fixture in a temporary directory (outside this repository's git and config).
fn copied(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_fixture(&format!("keys/{name}"), dir.path(), &[]);
    dir
}

/// The codes of the `diagnostics` of a JSON document.
fn diagnostic_codes(run: &Run) -> Vec<String> {
    let doc: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.transcript()));
    doc["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| d["code"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn scan_reports_the_mismatch_too() {
    // `--no-config`: this repository's keylint.toml excludes `tests/fixtures/**`.
    let run = keylint(&fixture("one-char-off"), &["scan", "--no-config", "."]);
    assert_masked("one-char-off", &run);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("keys/mismatch (high)"));
    assert!(
        run.stdout
            .contains("`liveKitApiSecret` (dart) = Zq8L…o8Rj: value B: same")
    );
    insta::assert_snapshot!(run.transcript());
    // Without the findings, the mismatch alone fails the run.
    let only_keys = keylint(
        &fixture("one-char-off"),
        &[
            "scan",
            "--no-config",
            "--only",
            "openai-project-key",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(only_keys.code, 1, "{}", only_keys.transcript());
    let codes = diagnostic_codes(&only_keys);
    assert!(codes.contains(&"keys/mismatch".to_owned()), "{codes:?}");
    // --no-keys turns it off, and so does `[keys] in-scan = false`.
    let off = keylint(
        &fixture("one-char-off"),
        &[
            "scan",
            "--no-keys",
            "--only",
            "openai-project-key",
            "--format",
            "json",
            ".",
        ],
    );
    assert!(
        !diagnostic_codes(&off)
            .iter()
            .any(|c| c.starts_with("keys/")),
        "{}",
        off.transcript()
    );
    let dir = copied("one-char-off");
    write(dir.path(), "keylint.toml", "[keys]\nin-scan = false\n");
    let off = keylint(dir.path(), &["scan", "--format", "json", "."]);
    assert!(
        !diagnostic_codes(&off)
            .iter()
            .any(|c| c.starts_with("keys/"))
    );
}

#[test]
fn env_reports_the_mismatch_too() {
    let run = keylint(&fixture("one-char-off"), &["env", "--no-config"]);
    assert_masked("one-char-off", &run);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("keys/mismatch (high)"));
    insta::assert_snapshot!(run.transcript());
    let off = keylint(
        &fixture("one-char-off"),
        &["env", "--no-config", "--ignore", "keys", "--format", "json"],
    );
    assert!(
        !diagnostic_codes(&off)
            .iter()
            .any(|c| c.starts_with("keys/"))
    );
    let one = keylint(
        &fixture("one-char-off"),
        &[
            "env",
            "--no-config",
            "--ignore",
            "keys/client-copy",
            "--format",
            "json",
        ],
    );
    let codes = diagnostic_codes(&one);
    assert!(codes.contains(&"keys/mismatch".to_owned()), "{codes:?}");
    assert!(!codes.contains(&"keys/client-copy".to_owned()), "{codes:?}");
}

#[test]
fn agreeing_setup_has_no_key_problem_in_scan_or_env() {
    let scan = keylint(&fixture("agree"), &["scan", "--format", "json", "."]);
    assert!(
        !diagnostic_codes(&scan)
            .iter()
            .any(|c| c.starts_with("keys/")),
        "{}",
        scan.transcript()
    );
    // The secrets are committed (findings), and the .env checks have their say; the key check
    // adds nothing: its only note (a low duplicated secret) is `keylint keys`' business.
    let env = keylint(
        &fixture("agree"),
        &[
            "env",
            "--ignore",
            "provider-format",
            "--ignore",
            "env-file-committed",
        ],
    );
    assert_eq!(env.code, 0, "{}", env.transcript());
    assert!(!env.stdout.contains("keys/"));
}

#[test]
fn config_excludes_and_allowlisted_paths_are_not_compared() {
    let dir = copied("one-char-off");
    let before = keylint(dir.path(), &["keys"]);
    assert_eq!(before.code, 1);
    for config in [
        "[scan]\nexclude = [\"lib\"]\n",
        "[allowlist]\npaths = [\"lib/**\"]\n",
    ] {
        write(dir.path(), "keylint.toml", config);
        let run = keylint(dir.path(), &["keys"]);
        assert_masked("one-char-off", &run);
        assert_eq!(run.code, 0, "{config}: {}", run.transcript());
        assert!(!run.stdout.contains("app_config.dart"), "{config}");
        assert_eq!(keylint(dir.path(), &["--no-config", "keys"]).code, 1);
    }
    let run = keylint(dir.path(), &["keys", "--exclude", "lib/**", "--no-config"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    // [keys] settings: fail-on, ignore; mistakes point into the file.
    write(
        dir.path(),
        "keylint.toml",
        "[keys]\nignore = [\"mismatch\", \"client-copy\"]\nfail-on = \"low\"\n",
    );
    let run = keylint(dir.path(), &["keys"]);
    assert_eq!(
        run.code,
        1,
        "duplicated-secret is low: {}",
        run.transcript()
    );
    assert!(!run.stdout.contains("mismatch (high)"));
    write(
        dir.path(),
        "keylint.toml",
        "[keys]\nignore = [\"mismatches\"]\n",
    );
    let run = keylint(dir.path(), &["keys"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn scan_reads_the_env_files_gitignore_hides() {
    let dir = repo();
    copy_fixture("keys/one-char-off", dir.path(), &[]);
    // The Flutter app agrees with the server; only the ignored backend .env differs.
    let dart = std::fs::read_to_string(dir.path().join("lib/core/config/app_config.dart")).unwrap();
    write(
        dir.path(),
        "lib/core/config/app_config.dart",
        &dart.replace("o8Rj'", "o8Ri'"),
    );
    let env = std::fs::read_to_string(dir.path().join("backend/.env")).unwrap();
    write(dir.path(), "backend/.env", &env.replace("o8Ri", "o8Rx"));
    write(dir.path(), ".gitignore", ".env\n");
    commit_all(dir.path(), "setup");
    let run = keylint(
        dir.path(),
        &[
            "scan",
            "--only",
            "openai-project-key",
            "--format",
            "json",
            ".",
        ],
    );
    assert_masked("one-char-off", &run);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mismatch = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "keys/mismatch")
        .unwrap_or_else(|| panic!("{}", run.transcript()));
    let message = mismatch["message"].as_str().unwrap();
    assert!(message.contains("- backend/.env:3:20"), "{message}");
    assert_eq!(run.code, 1);
    assert_eq!(
        doc["summary"]["files_scanned"], 4,
        "the walk still skips it"
    );
}
