//! The GitHub Action (`action.yml` + `action/scan.sh`): inputs never expanded into scripts, the
//! scan step run as the runner would run it (environment variables in, `$GITHUB_OUTPUT` out).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{openai_key, path_with_built_bins, write_tree};

fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

#[test]
fn action_scripts_never_expand_expressions() {
    let action = std::fs::read_to_string(repo_file("action.yml")).unwrap();
    let mut in_run = false;
    for line in action.lines() {
        let trimmed = line.trim_start();
        if let Some(script) = trimmed.strip_prefix("run:") {
            in_run = script.trim() == "|" || script.trim() == ">";
            assert!(
                !script.contains("${{"),
                "expression inside a script: {line}"
            );
        } else if in_run {
            if !line.starts_with("        ") && !trimmed.is_empty() {
                in_run = false;
            } else {
                assert!(!line.contains("${{"), "expression inside a script: {line}");
            }
        }
    }
    // Every input the steps read is declared.
    for used in action.split("inputs.").skip(1) {
        let name: String = used
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        assert!(
            action.contains(&format!("\n  {name}:\n")),
            "input `{name}` is used but not declared"
        );
    }
}

struct StepRun {
    code: i32,
    stdout: String,
    outputs: String,
    summary: String,
}

/// Runs `action/scan.sh` in `dir` with the inputs as the runner passes them.
fn scan_step(dir: &Path, args: &str, fail_on: &str, sarif: &str) -> StepRun {
    let runner = tempfile::tempdir().unwrap();
    let outputs = runner.path().join("output");
    let summary = runner.path().join("summary.md");
    let out = Command::new("bash")
        .arg(repo_file("action/scan.sh"))
        .current_dir(dir)
        .env("PATH", path_with_built_bins())
        .env("NO_COLOR", "1")
        .env("RUNNER_TEMP", runner.path())
        .env("GITHUB_OUTPUT", &outputs)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("KEYLINT_ARGS", args)
        .env("KEYLINT_FAIL_ON", fail_on)
        .env("KEYLINT_SARIF", sarif)
        .output()
        .unwrap();
    StepRun {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        outputs: std::fs::read_to_string(&outputs).unwrap_or_default(),
        summary: std::fs::read_to_string(&summary).unwrap_or_default(),
    }
}

#[test]
fn scan_step_annotates_counts_writes_sarif_and_fails_by_severity() {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(21);
    write_tree(
        dir.path(),
        &[
            (
                "server/config.ts",
                &format!("export const openai = \"{key}\";\n"),
            ),
            ("vendor/copy.ts", &format!("const k = \"{key}\";\n")),
        ],
    );
    // A hostile input is split into words, never evaluated.
    let step = scan_step(
        dir.path(),
        ". --exclude vendor/** $(touch pwned)",
        "high",
        "keylint.sarif",
    );
    assert!(!dir.path().join("pwned").exists(), "input was evaluated");
    // `$(touch` and `pwned)` are taken as paths that do not exist: an incomplete scan is exit 2.
    assert_eq!(step.code, 2, "{}", step.stdout);

    let step = scan_step(dir.path(), ". --exclude vendor/**", "high", "keylint.sarif");
    assert_eq!(step.code, 1, "{}", step.stdout);
    assert!(step.stdout.contains("::error file=server/config.ts,line=1"));
    assert!(step.outputs.contains("findings=1\n"), "{}", step.outputs);
    assert!(step.outputs.contains("sarif=keylint.sarif\n"));
    assert!(step.summary.contains("server/config.ts"));
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("keylint.sarif")).unwrap())
            .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    for text in [&step.stdout, &step.summary, &step.outputs] {
        assert!(!text.contains(&key), "secret printed");
    }

    // `never`: report, don't fail; no SARIF when the input is empty.
    std::fs::remove_file(dir.path().join("keylint.sarif")).unwrap();
    let step = scan_step(dir.path(), ". --exclude vendor/**", "never", "");
    assert_eq!(step.code, 0);
    assert!(step.outputs.contains("findings=1\n"));
    assert!(!step.outputs.contains("sarif="));
    assert!(!dir.path().join("keylint.sarif").exists());
}
