//! Machine formats for CI: SARIF, GitHub annotations and step summary, `JUnit`, gitleaks JSON,
//! and `--report FORMAT=FILE`. Every one masks secrets unless `--show-secrets`.

use crate::support::{Run, keylint, openai_key, sarif_schema_errors, write_tree};

const FORMATS: [&str; 7] = [
    "human",
    "json",
    "jsonl",
    "sarif",
    "github",
    "junit",
    "gitleaks-json",
];

/// A tree with one key in a file whose path needs escaping everywhere (`,` `:` `%` space).
fn awkward_project() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(11);
    write_tree(
        dir.path(),
        &[
            (
                "odd dir/a,b:c%.py",
                &format!("import os\nOPENAI_API_KEY = \"{key}\"\n"),
            ),
            ("src/clean.ts", "export const answer = 42;\n"),
        ],
    );
    (dir, key)
}

fn scan(dir: &std::path::Path, format: &str, extra: &[&str]) -> Run {
    let mut args = vec!["scan", "--only", "openai-project-key", "--format", format];
    args.extend_from_slice(extra);
    args.push(".");
    keylint(dir, &args)
}

fn sarif(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.transcript()))
}

#[test]
fn no_format_prints_the_secret_unless_asked() {
    let (dir, key) = awkward_project();
    for format in FORMATS {
        let run = scan(dir.path(), format, &[]);
        assert_eq!(run.code, 1, "{format}: {}", run.transcript());
        assert!(
            !run.stdout.contains(&key) && !run.stderr.contains(&key),
            "{format} printed the secret: {}",
            run.transcript()
        );
        assert!(!run.stdout.is_empty(), "{format} printed nothing");
        if format != "human" {
            let shown = scan(dir.path(), format, &["--show-secrets"]);
            assert!(
                shown.stdout.contains(&key),
                "{format} ignores --show-secrets"
            );
        }
    }
}

#[test]
fn sarif_has_what_github_code_scanning_needs() {
    let (dir, key) = awkward_project();
    let run = scan(dir.path(), "sarif", &[]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr, "", "stdout carries the document");
    let log = sarif(&run);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run0 = &log["runs"][0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "keylint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    let rules = driver["rules"].as_array().unwrap();
    let result = &run0["results"][0];
    let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
    let rule = &rules[index];
    assert_eq!(rule["id"], result["ruleId"]);
    assert_eq!(result["ruleId"], "openai-project-key");
    for field in ["shortDescription", "fullDescription", "help"] {
        assert!(
            rule[field]["text"].as_str().is_some_and(|t| !t.is_empty()),
            "{field}"
        );
    }
    assert!(rule["help"]["text"].as_str().unwrap().contains("rotate"));
    let score: f64 = rule["properties"]["security-severity"]
        .as_str()
        .expect("security-severity is a string")
        .parse()
        .unwrap();
    assert!((7.0..9.0).contains(&score), "high is 7.0-8.9");
    assert!(rule["properties"]["tags"].as_array().is_some());
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0]["physicalLocation"];
    let uri = location["artifactLocation"]["uri"].as_str().unwrap();
    assert_eq!(
        uri, "odd%20dir/a,b%3Ac%25.py",
        "relative, `/`, percent-encoded"
    );
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let region = &location["region"];
    assert_eq!(region["startLine"], 2);
    assert_eq!(region["endLine"], 2);
    let start = region["startColumn"].as_u64().unwrap();
    let end = region["endColumn"].as_u64().unwrap();
    assert_eq!(
        end - start,
        key.chars().count() as u64,
        "endColumn is one past the secret"
    );
    assert!(
        region["snippet"]["text"]
            .as_str()
            .unwrap()
            .contains("sk-p…")
    );
    assert!(
        !result["partialFingerprints"]["keylint/v1"]
            .as_str()
            .unwrap()
            .is_empty()
    );
    assert!(!run.stdout.contains(&key));
    // The JSON format counts the same columns, inclusive.
    let json: serde_json::Value =
        serde_json::from_str(&scan(dir.path(), "json", &[]).stdout).unwrap();
    assert_eq!(json["findings"][0]["end_column"].as_u64().unwrap() + 1, end);
}

#[test]
fn sarif_snapshot() {
    let (dir, _) = awkward_project();
    let run = scan(dir.path(), "sarif", &[]);
    let mut log = sarif(&run);
    log["runs"][0]["tool"]["driver"]["version"] = "[VERSION]".into();
    log["runs"][0]["tool"]["driver"]["semanticVersion"] = "[VERSION]".into();
    insta::assert_json_snapshot!(log);
}

#[test]
fn clean_sarif_still_lists_the_rules() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[("a.txt", "nothing here\n")]);
    let run = keylint(dir.path(), &["scan", "--format", "sarif", "."]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let log = sarif(&run);
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.len() > 50, "every rule is described");
    let mut ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "rule ids are unique");
}

#[test]
fn github_annotations_escape_paths_and_messages() {
    let (dir, key) = awkward_project();
    let run = scan(dir.path(), "github", &[]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains(&key));
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "one annotation and the totals: {}",
        run.stdout
    );
    let annotation = lines[0];
    assert!(
        annotation.starts_with("::error file=odd dir/a%2Cb%3Ac%25.py,line=2,col=19,endLine=2,"),
        "{annotation}"
    );
    let (properties, message) = annotation[2..].split_once("::").unwrap();
    assert!(properties.contains(",title=keylint openai-project-key%3A OpenAI project API key"));
    assert!(
        !message.contains('\n') && message.contains("%0A"),
        "{message}"
    );
    assert!(message.contains("sk-p…"));
    assert_eq!(
        lines[1],
        "::notice title=keylint::1 finding in 2 files scanned (1 high)"
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn github_writes_the_step_summary_when_asked() {
    let (dir, key) = awkward_project();
    let step = tempfile::tempdir().unwrap();
    let summary = step.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let out = assert_cmd::Command::cargo_bin("keylint")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "scan",
            "--only",
            "openai-project-key",
            "--format",
            "github",
            ".",
        ])
        .env("NO_COLOR", "1")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(
        text.starts_with("earlier step\n## keylint\n"),
        "appended: {text}"
    );
    assert!(!text.contains(&key));
    assert!(text.contains("| Rule | Severity | Location | Secret |"));
    assert!(
        text.contains(
            "| OpenAI project API key (openai-project-key) | high | `odd dir/a,b:c%.py:2` | `sk-p…"
        ),
        "{text}"
    );
}

#[test]
fn junit_fails_one_case_per_finding_and_passes_when_clean() {
    let (dir, key) = awkward_project();
    let run = scan(dir.path(), "junit", &[]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains(&key));
    assert!(
        run.stdout
            .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    );
    assert_eq!(run.stdout.matches("<testcase ").count(), 1);
    assert_eq!(run.stdout.matches("<failure ").count(), 1);
    assert!(
        run.stdout
            .contains("<testcase classname=\"odd dir/a,b:c%.py\" name=\"openai-project-key:2\"")
    );
    assert!(
        run.stdout.contains("OPENAI_API_KEY = &quot;sk-p…"),
        "escaped snippet"
    );
    let clean = tempfile::tempdir().unwrap();
    write_tree(clean.path(), &[("a.txt", "nothing\n")]);
    let run = keylint(clean.path(), &["scan", "--format", "junit", "."]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stdout.matches("<testcase ").count(), 1);
    assert!(!run.stdout.contains("<failure"));
    assert!(run.stdout.contains("failures=\"0\""));
}

#[test]
fn junit_shows_which_invisible_character_a_path_holds() {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(11);
    write_tree(
        dir.path(),
        &[(
            "conf\u{200b}ig.py",
            &format!("OPENAI_API_KEY = \"{key}\"\n"),
        )],
    );
    let run = scan(dir.path(), "junit", &[]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    // The escape the human output uses, not U+FFFD, which would lose which character it was.
    assert!(
        run.stdout
            .contains(r#"<testcase classname="conf\u{200b}ig.py""#),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains(['\u{fffd}', '\u{200b}']),
        "{}",
        run.stdout
    );
}

#[test]
fn junit_snapshot() {
    let (dir, _) = awkward_project();
    let run = scan(dir.path(), "junit", &[]);
    let time = regex::Regex::new(r#"time="[0-9.]+""#).unwrap();
    insta::assert_snapshot!(time.replace_all(&run.stdout, r#"time="[T]""#));
}

#[test]
fn jsonl_is_one_finding_a_line() {
    let (dir, key) = awkward_project();
    write_tree(
        dir.path(),
        &[(
            "second.env",
            &format!("OPENAI_API_KEY={}\n", openai_key(12)),
        )],
    );
    let run = scan(dir.path(), "jsonl", &[]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains(&key));
    let rows: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{}", run.stdout);
    let json: serde_json::Value =
        serde_json::from_str(&scan(dir.path(), "json", &[]).stdout).unwrap();
    assert_eq!(json["findings"], serde_json::Value::Array(rows));
    let clean = tempfile::tempdir().unwrap();
    write_tree(clean.path(), &[("a.txt", "nothing\n")]);
    assert_eq!(
        keylint(clean.path(), &["scan", "-f", "jsonl", "."]).stdout,
        ""
    );
}

#[test]
fn gitleaks_json_has_the_gitleaks_shape() {
    let (dir, key) = awkward_project();
    let run = scan(dir.path(), "gitleaks-json", &[]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains(&key));
    let leaks: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let leak = &leaks.as_array().unwrap()[0];
    for field in [
        "Description",
        "StartLine",
        "EndLine",
        "StartColumn",
        "EndColumn",
        "Match",
        "Secret",
        "File",
        "SymlinkFile",
        "Commit",
        "Entropy",
        "Author",
        "Email",
        "Date",
        "Message",
        "Tags",
        "RuleID",
        "Fingerprint",
    ] {
        assert!(!leak[field].is_null(), "missing {field}");
    }
    assert_eq!(leak["RuleID"], "openai-project-key");
    assert_eq!(leak["File"], "odd dir/a,b:c%.py");
    assert_eq!(leak["StartLine"], 2);
    assert!(leak["Entropy"].as_f64().unwrap() > 4.0);
    assert_eq!(
        leak["Fingerprint"],
        "odd dir/a,b:c%.py:openai-project-key:2"
    );
    insta::assert_snapshot!(run.stdout);
    let clean = tempfile::tempdir().unwrap();
    write_tree(clean.path(), &[("a.txt", "nothing\n")]);
    assert_eq!(
        keylint(clean.path(), &["scan", "-f", "gitleaks-json", "."]).stdout,
        "[]\n"
    );
}

#[test]
fn reports_write_several_formats_in_one_run() {
    let (dir, key) = awkward_project();
    let out = tempfile::tempdir().unwrap();
    let sarif_path = out.path().join("k.sarif");
    let junit_path = out.path().join("k.xml");
    let run = keylint(
        dir.path(),
        &[
            "scan",
            "--format",
            "json",
            "--report",
            &format!("sarif={}", sarif_path.display()),
            "--report",
            &format!("junit={}", junit_path.display()),
            ".",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["version"], 1, "--format still goes to stdout");
    let sarif_text = std::fs::read_to_string(&sarif_path).unwrap();
    let log: serde_json::Value = serde_json::from_str(&sarif_text).unwrap();
    assert_eq!(log["runs"][0]["results"].as_array().unwrap().len(), 1);
    let junit = std::fs::read_to_string(&junit_path).unwrap();
    assert!(junit.contains("<failure "));
    assert!(!sarif_text.contains(&key) && !junit.contains(&key));

    let bad = keylint(dir.path(), &["scan", "--report", "bogus=x.txt", "."]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown format `bogus`"),
        "{}",
        bad.stderr
    );
    let bad = keylint(dir.path(), &["scan", "--report", "sarif", "."]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("FORMAT=FILE"), "{}", bad.stderr);
}

/// Every SARIF log keylint writes validates against the official SARIF 2.1.0 schema
/// (`data/sarif-schema-2.1.0.json`, the OASIS schema as the `serde-sarif` crate ships it).
/// Diagnostics (key consistency, .env checks) are annotations and failing test cases too.
#[test]
fn github_and_junit_carry_the_diagnostics() {
    // A copy: under this repository, its keylint.toml (`tests/fixtures/**` excluded) applies.
    let copy = tempfile::tempdir().unwrap();
    crate::support::copy_fixture("keys/one-char-off", copy.path(), &[]);
    let keys = copy.path().to_path_buf();
    let args = |format| {
        [
            "scan",
            "--only",
            "openai-project-key",
            "--format",
            format,
            ".",
        ]
    };
    let github = keylint(&keys, &args("github"));
    assert_eq!(github.code, 1);
    assert!(
        github.stdout.contains(
            "::error file=livekit.yaml,line=5,col=11,endColumn=19,title=keylint keys/mismatch (high)::the secret of LiveKit key `devkey` differs"
        ),
        "{}",
        github.stdout
    );
    assert!(github.stdout.contains("configuration problems"));
    let junit = keylint(&keys, &args("junit"));
    assert!(
        junit.stdout.contains(
            r#"<failure message="keys/mismatch (high) at livekit.yaml:5:11" type="keys/mismatch">"#
        ),
        "{}",
        junit.stdout
    );
    for run in [&github, &junit] {
        assert!(!run.stdout.contains("Hj5Ms1Ud4Ge6"), "a secret in clear");
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let (leaky, _) = awkward_project();
    let several = tempfile::tempdir().unwrap();
    write_tree(
        several.path(),
        &[
            ("a.env", &format!("OPENAI_API_KEY={}\n", openai_key(3))),
            (
                "deep/é ü/config.py",
                &format!(
                    "KEY = \"{}\"\nOTHER = \"{}\"\n",
                    openai_key(4),
                    openai_key(5)
                ),
            ),
        ],
    );
    let clean = tempfile::tempdir().unwrap();
    write_tree(clean.path(), &[("a.txt", "nothing\n")]);
    // Key-consistency problems and .env diagnostics are results too, under rules of their own.
    // A copy: under this repository, its keylint.toml (`tests/fixtures/**` excluded) applies.
    let copy = tempfile::tempdir().unwrap();
    crate::support::copy_fixture("keys/one-char-off", copy.path(), &[]);
    let keys = copy.path().to_path_buf();
    for (dir, extra) in [
        (leaky.path(), &["--show-secrets"][..]),
        (leaky.path(), &[][..]),
        (several.path(), &[][..]),
        (clean.path(), &[][..]),
        (keys.as_path(), &[][..]),
    ] {
        let mut args = vec!["scan", "--format", "sarif"];
        args.extend_from_slice(extra);
        args.push(".");
        let run = keylint(dir, &args);
        let errors = sarif_schema_errors(&sarif(&run));
        assert!(errors.is_empty(), "invalid SARIF: {errors:#?}");
    }
    // `keylint env` writes the same SARIF, its checks as rules.
    for dir in [several.path(), keys.as_path()] {
        let errors = sarif_schema_errors(&sarif(&keylint(dir, &["env", "--format", "sarif", "."])));
        assert!(
            errors.is_empty(),
            "invalid SARIF from keylint env: {errors:#?}"
        );
    }
    let log = sarif(&keylint(&keys, &["scan", "--format", "sarif", "."]));
    let run = &log["runs"][0];
    let result = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "keys/mismatch")
        .expect("the mismatch is a SARIF result");
    let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
    assert_eq!(run["tool"]["driver"]["rules"][index]["id"], "keys/mismatch");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "livekit.yaml"
    );
    // The validator does reject a broken log.
    let mut broken = sarif(&keylint(leaky.path(), &["scan", "--format", "sarif", "."]));
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!sarif_schema_errors(&broken).is_empty());
}

/// A file that cannot be read makes the results incomplete: SARIF says so in a tool execution
/// notification (level error, the path as location, `executionSuccessful: false`) beside the
/// warnings, in a log that stays valid. (Rendered directly: tests run as root here, and root
/// reads a chmod 000 file; the CLI's unreadable-file path is `bad_input`'s.)
#[test]
fn unreadable_files_and_warnings_keep_sarif_valid() {
    use keylint_report::{RenderOptions, Skipped, Summary, Warning};
    let summary = Summary {
        errors: vec![Skipped {
            path: "deep/é ü/a.env".into(),
            reason: "permission denied".into(),
        }],
        warnings: vec![Warning {
            code: Warning::SHALLOW_CLONE,
            message: "history cut at abc1234".into(),
        }],
        ..Summary::default()
    };
    let text = keylint_report::sarif::render_with_summary(
        &[],
        &[],
        &[],
        &[],
        &summary,
        &RenderOptions::default(),
    );
    let log: serde_json::Value = serde_json::from_str(&text).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false, "{log:#}");
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert_eq!(notes[1]["level"], "error");
    assert_eq!(notes[1]["descriptor"]["id"], "unreadable");
    let location = &notes[1]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], "deep/%C3%A9%20%C3%BC/a.env");
    let invalid = sarif_schema_errors(&log);
    assert!(invalid.is_empty(), "invalid SARIF: {invalid:#?}");
}
