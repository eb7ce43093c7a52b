//! `keylint report merge`: one report from the JSON reports of several scans, each finding
//! labelled with its report, repeats of one label kept once, unread input never clean, bad
//! input a clear error naming the file (exit 2).

use std::path::Path;

use crate::support::{keylint, keylint_stdin, openai_key, sarif_schema_errors, write_tree};

/// Two "repositories" (`api`, `web`), each scanned to `out/<name>/keylint.json` as a CI matrix
/// job would, plus a clean one; returns the directory holding them.
fn scanned() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, seed) in [("api", 21), ("web", 22)] {
        write_tree(
            &dir.path().join(name),
            &[(".env", &format!("OPENAI_API_KEY={}\n", openai_key(seed)))],
        );
    }
    write_tree(&dir.path().join("docs"), &[("a.md", "nothing here\n")]);
    for name in ["api", "web", "docs"] {
        std::fs::create_dir_all(dir.path().join("out").join(name)).unwrap();
        let report = format!("../out/{name}/keylint.json");
        let run = keylint(
            &dir.path().join(name),
            &["scan", "-f", "json", "-o", &report, "."],
        );
        assert_ne!(run.code, 2, "{}", run.transcript());
    }
    dir
}

fn merge(dir: &Path, args: &[&str]) -> crate::support::Run {
    let mut all = vec!["report", "merge"];
    all.extend_from_slice(args);
    keylint(dir, &all)
}

#[test]
fn two_reports_become_one_labelled_by_their_directories() {
    let dir = scanned();
    let run = merge(
        dir.path(),
        &["out/api/keylint.json", "out/web/keylint.json"],
    );
    assert_eq!(run.code, 1, "findings exit 1 as in scan");
    for seed in [21, 22] {
        assert!(!run.stdout.contains(&openai_key(seed)), "a secret in full");
    }
    insta::assert_snapshot!(run.transcript());
    let clean = merge(dir.path(), &["out/docs/keylint.json"]);
    assert_eq!(clean.code, 0, "{}", clean.transcript());
    let zero = merge(dir.path(), &["--exit-zero", "out/api/keylint.json"]);
    assert_eq!(zero.code, 0);
    let lenient = merge(
        dir.path(),
        &["--fail-on", "critical", "out/api/keylint.json"],
    );
    assert_eq!(lenient.code, 0);
}

#[test]
fn duplicates_of_one_label_are_merged_and_labels_never_join() {
    let dir = scanned();
    let api = "out/api/keylint.json";
    // The same report twice (a retried matrix job), and api's report once more as `web`.
    let run = merge(
        dir.path(),
        &[
            "-f",
            "human",
            "--label",
            "web=copy.json",
            api,
            api,
            "copy.json",
        ],
    );
    assert_eq!(
        run.code,
        2,
        "copy.json does not exist: {}",
        run.transcript()
    );
    assert!(
        run.stderr.contains("cannot read copy.json"),
        "{}",
        run.stderr
    );
    std::fs::copy(dir.path().join(api), dir.path().join("copy.json")).unwrap();
    let labels = ["-l", "api=out/api/keylint.json", "-l", "web=copy.json"];
    let run = merge(
        dir.path(),
        &[&["-f", "human"], &labels[..], &[api, api, "copy.json"]].concat(),
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
    let json = merge(
        dir.path(),
        &["--label", "web=copy.json", api, api, "copy.json"],
    );
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let sources: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["keylint", "web"]);
    assert_eq!(doc["summary"]["merged"]["duplicates"], 1);
    assert_eq!(doc["summary"]["files_scanned"], 3, "summaries add up");
}

#[test]
fn unread_input_survives_the_merge() {
    let dir = scanned();
    let text = std::fs::read_to_string(dir.path().join("out/docs/keylint.json")).unwrap();
    let unread = text.replacen(
        "\"errors\": []",
        "\"errors\": [{\"path\": \"commit 0123abcd\", \"reason\": \"object not found\"}]",
        1,
    );
    assert_ne!(unread, text);
    let run = keylint_stdin(
        dir.path(),
        &["report", "merge", "--label", "docs=-", "-"],
        &unread,
    );
    assert_eq!(run.code, 2, "never clean: {}", run.transcript());
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["summary"]["errors"][0]["path"], "docs: commit 0123abcd");
    assert!(
        run.stderr
            .contains("could not be read; the scan is incomplete"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_malformed_report_is_an_error_naming_it() {
    let dir = scanned();
    let text = std::fs::read_to_string(dir.path().join("out/api/keylint.json")).unwrap();
    // Cut inside the first finding's rule name: what comes before it does not vary from run
    // to run (the summary, with its durations, comes last).
    let cut = text.find("\"rule_name\": \"").unwrap() + "\"rule_name\": \"Str".len();
    std::fs::write(dir.path().join("cut.json"), &text[..cut]).unwrap();
    std::fs::write(
        dir.path().join("v9.json"),
        text.replacen("\"version\": 1", "\"version\": 9", 1),
    )
    .unwrap();
    let run = merge(dir.path(), &["out/web/keylint.json", "cut.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "", "nothing is written from a partial merge");
    insta::assert_snapshot!(run.transcript());
    let run = merge(dir.path(), &["v9.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("v9.json: schema version 9"),
        "{}",
        run.stderr
    );
}

#[test]
fn merged_sarif_is_valid_and_written_with_output() {
    let dir = scanned();
    let run = merge(
        dir.path(),
        &[
            "-f",
            "sarif",
            "-o",
            "org.sarif",
            "out/api/keylint.json",
            "out/web/keylint.json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(run.stdout, "", "the document went to the file");
    let log: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("org.sarif")).unwrap())
            .unwrap();
    let errors = sarif_schema_errors(&log);
    assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
    let results = log["runs"][0]["results"].as_array().unwrap();
    let sources: Vec<&str> = results
        .iter()
        .map(|r| r["properties"]["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["api", "web"]);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        ".env"
    );
}
