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

/// The files GitHub annotations of a run name (`file=`), sorted, each once.
fn annotated_files(run: &crate::support::Run) -> Vec<String> {
    run.stdout
        .lines()
        .filter_map(|line| line.split("file=").nth(1))
        .filter_map(|rest| rest.split(',').next())
        .map(str::to_owned)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// The `uri` of every location of a SARIF log's results (related ones too).
fn sarif_uris(run: &crate::support::Run) -> Vec<String> {
    let log: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.transcript()));
    let mut uris = Vec::new();
    for result in log["runs"][0]["results"].as_array().expect("results") {
        for place in ["locations", "relatedLocations"] {
            for loc in result[place].as_array().into_iter().flatten() {
                let uri = &loc["physicalLocation"]["artifactLocation"]["uri"];
                uris.push(uri.as_str().unwrap_or_default().to_owned());
            }
        }
    }
    uris.sort();
    uris.dedup();
    uris
}

#[test]
fn env_and_keys_show_paths_from_the_current_directory_and_key_paths_where_a_format_needs_them() {
    let dir = two_services();
    let backend = dir.path().join("backend");
    // A short LiveKit secret: a key problem with a place in the other service.
    write(
        dir.path(),
        "websocket-server/.env",
        &format!("OPENAI_API_KEY={}\nLIVEKIT_API_SECRET=short\n", key()),
    );
    // People read paths as given, relative to where they are.
    let run = keylint(
        dir.path(),
        &["env", "backend", "websocket-server", "--format", "concise"],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    for shown in ["backend/.env:1:", "websocket-server/.env:1:"] {
        assert!(run.stdout.contains(shown), "{}", run.transcript());
    }
    let run = keylint(&backend, &["keys", "../websocket-server", "."]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains("[../websocket-server/.env:2:20]"),
        "{}",
        run.transcript()
    );
    // GitHub places annotations from the repository root; SARIF URIs are relative to it.
    let named = [
        (
            &["env", ".", "../websocket-server", "--format", "github"][..],
            &["backend/.env", "websocket-server/.env"][..],
        ),
        (
            &["env", ".", "../websocket-server", "--format", "sarif"],
            &["backend/.env", "websocket-server/.env"],
        ),
        (
            &["keys", "../websocket-server", ".", "--format", "sarif"],
            &["websocket-server/.env"],
        ),
    ];
    for (args, files) in named {
        let run = keylint(&backend, args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.transcript());
        let shown = if args.contains(&"github") {
            annotated_files(&run)
        } else {
            sarif_uris(&run)
        };
        assert_eq!(shown, files, "{args:?}: {}", run.stdout);
    }
}

/// A repository whose service has its own `keylint.toml`: `fixtures/` excluded, `testdata/`
/// allowlisted, each holding a key, and one key in `src/`.
fn service_with_its_own_config() -> tempfile::TempDir {
    let dir = repo();
    let line = format!("const k = '{}';\n", key());
    for path in ["fixtures/k.ts", "testdata/k.ts", "src/a.ts"] {
        write(&dir.path().join("backend"), path, &line);
    }
    write(
        dir.path(),
        "backend/fixtures/.env",
        "PORT = 8080\nOPENAI_API_KEY=short\n",
    );
    write(
        dir.path(),
        "backend/keylint.toml",
        "[scan]\nexclude = [\"fixtures/**\"]\n\n[allowlist]\npaths = [\"testdata/**\"]\n",
    );
    dir
}

#[test]
fn a_config_in_a_subdirectory_matches_its_globs_from_its_own_directory() {
    let dir = service_with_its_own_config();
    let backend = dir.path().join("backend");
    // The same files are left out whether the scan starts at the root or in the service.
    let from_root = fingerprints(dir.path(), &["scan", "backend"]);
    let from_inside = fingerprints(&backend, &["scan", "."]);
    let paths = |found: &[(String, String)]| -> Vec<String> {
        found.iter().map(|(p, _)| p.clone()).collect()
    };
    assert_eq!(paths(&from_root), ["backend/src/a.ts"], "{from_root:?}");
    assert_eq!(paths(&from_inside), ["src/a.ts"], "{from_inside:?}");
    // `env` and `keys` leave out the excluded `.env` the same way.
    for (cwd, root) in [(dir.path(), "backend"), (backend.as_path(), ".")] {
        let run = keylint(cwd, &["env", root, "--format", "concise"]);
        assert_eq!(run.code, 0, "env {root}: {}", run.transcript());
        assert!(!run.stdout.contains("fixtures"), "{}", run.transcript());
        let run = keylint(cwd, &["keys", root, "--format", "json"]);
        assert_eq!(run.code, 0, "keys {root}: {}", run.transcript());
        assert!(!run.stdout.contains("fixtures"), "{}", run.transcript());
    }
}

#[test]
fn overlapping_roots_report_each_file_once_under_the_first_root() {
    let dir = two_services();
    write(
        dir.path(),
        "backend/src/config.ts",
        &format!("export const key = '{}';\n", key()),
    );
    let backend = dir.path().join("backend");
    // `.` and `../backend` are one directory; `backend` holds `backend/src`.
    let from_inside = fingerprints(&backend, &["scan", ".", "../backend"]);
    let from_root = fingerprints(dir.path(), &["scan", "backend", "backend/src"]);
    let paths = |found: &[(String, String)]| -> Vec<String> {
        found.iter().map(|(p, _)| p.clone()).collect()
    };
    assert_eq!(paths(&from_inside), [".env", "src/config.ts"]);
    assert_eq!(paths(&from_root), ["backend/.env", "backend/src/config.ts"]);
    // Diagnostics too, in scan, env and keys.
    for args in [
        &["scan", ".", "../backend", "--format", "concise"][..],
        &["env", ".", "../backend", "--format", "concise"],
    ] {
        let run = keylint(&backend, args);
        let lines: Vec<&str> = run.stdout.lines().filter(|l| l.contains(".env:")).collect();
        let mut once = lines.clone();
        once.dedup();
        assert!(!lines.is_empty(), "{args:?}: {}", run.transcript());
        assert_eq!(lines, once, "{args:?}: {}", run.transcript());
        assert!(
            lines.iter().all(|l| !l.starts_with("../backend/")),
            "the first root is shown: {}",
            run.transcript()
        );
    }
    let run = keylint(&backend, &["keys", ".", "../backend", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let once = keylint(&backend, &["keys", ".", "--format", "json"]);
    let single: serde_json::Value = serde_json::from_str(&once.stdout).expect("JSON");
    assert_eq!(
        doc["summary"],
        single["summary"],
        "{}\n{}",
        run.transcript(),
        once.transcript()
    );
}

#[test]
fn exclude_flags_are_relative_to_the_scanned_directory_wherever_the_scan_starts() {
    let dir = repo();
    let line = format!("const k = '{}';\n", key());
    for path in ["backend/fixtures/k.ts", "backend/src/a.ts"] {
        write(dir.path(), path, &line);
    }
    let backend = dir.path().join("backend");
    let paths = |found: Vec<(String, String)>| -> Vec<String> {
        found.into_iter().map(|(p, _)| p).collect()
    };
    // From inside the service, and scanning it from the root: `fixtures/**` is its fixtures.
    for glob in ["fixtures/**", "./fixtures/**"] {
        let inside = fingerprints(&backend, &["scan", ".", "--exclude", glob]);
        assert_eq!(paths(inside), ["src/a.ts"], "{glob}");
    }
    let from_root = fingerprints(dir.path(), &["scan", "backend", "--exclude", "fixtures/**"]);
    assert_eq!(paths(from_root), ["backend/src/a.ts"]);
    // A scan of the root reads the same glob from the root: nothing there matches it.
    let whole = fingerprints(dir.path(), &["scan", ".", "--exclude", "fixtures/**"]);
    assert_eq!(paths(whole), ["backend/fixtures/k.ts", "backend/src/a.ts"]);
}

#[test]
fn keys_exclude_flags_are_relative_to_each_root() {
    let dir = repo();
    write(
        dir.path(),
        "backend/fixtures/docker-compose.yml",
        "services:\n  api:\n    image: api\n    environment:\n      TOKEN: ${FIXTURE_ONLY_TOKEN}\n",
    );
    let backend = dir.path().join("backend");
    let missing = |cwd: &Path, args: &[&str]| {
        let run = keylint(cwd, &[&["keys", "--format", "json"][..], args].concat());
        run.stdout.contains("FIXTURE_ONLY_TOKEN")
    };
    assert!(
        missing(&backend, &["."]),
        "the fixture is read without --exclude"
    );
    assert!(!missing(&backend, &[".", "--exclude", "fixtures/**"]));
    assert!(!missing(
        dir.path(),
        &["backend", "--exclude", "fixtures/**"]
    ));
    // `scan`'s key check reads the flag the same way.
    let scan = keylint(
        &backend,
        &["scan", ".", "--exclude", "fixtures/**", "-f", "json"],
    );
    assert!(
        !scan.stdout.contains("FIXTURE_ONLY_TOKEN"),
        "{}",
        scan.transcript()
    );
}
