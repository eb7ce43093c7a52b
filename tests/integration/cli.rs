//! CLI behaviour: output formats, exit codes, masking, stdin, subcommands, cargo-keylint.

use crate::support::{
    Run, finding_rows, keylint, keylint_stdin, openai_key, path_with_built_bins, run_bin,
    run_bin_env, write_tree,
};

fn leaky_project() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(7);
    write_tree(
        dir.path(),
        &[
            (
                "websocket-server/.env",
                &format!("PORT=8081\nOPENAI_API_KEY={key}\n"),
            ),
            ("src/clean.ts", "export const answer = 42;\n"),
            (".gitignore", "ignored/\n"),
            ("ignored/.env", &format!("OPENAI_API_KEY={key}\n")),
        ],
    );
    (dir, key)
}

#[test]
fn human_report_masks_the_secret_and_exits_1() {
    let (dir, key) = leaky_project();
    let run = keylint(dir.path(), &["scan", "."]);
    assert_eq!(run.code, 1);
    assert!(
        !run.stdout.contains(&key) && !run.stderr.contains(&key),
        "secret printed in full"
    );
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn json_report_is_a_versioned_document() {
    let (dir, key) = leaky_project();
    let run = keylint(dir.path(), &["scan", "--format", "json"]);
    assert_eq!(run.code, 1);
    assert!(!run.stdout.contains(&key));
    assert_eq!(
        run.stderr, "",
        "stdout carries the document, nothing else is printed"
    );
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    let finding = &doc["findings"][0];
    for field in [
        "rule_id",
        "severity",
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "secret",
        "fingerprint",
    ] {
        assert!(!finding[field].is_null(), "missing {field}");
    }
    assert_eq!(
        finding["path"], "websocket-server/.env",
        "relative to the scan root, gitignored copy skipped"
    );
    assert_eq!(finding["line"], 2);
    assert_eq!(finding["column"], 16);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn show_secrets_is_the_only_way_to_print_one() {
    let (dir, key) = leaky_project();
    let run = keylint(dir.path(), &["scan", "--show-secrets", "--format", "json"]);
    assert!(run.stdout.contains(&key));
    let run = keylint(dir.path(), &["scan", "--show-secrets"]);
    assert!(run.stdout.contains(&key));
}

#[test]
fn output_file_receives_the_document() {
    let (dir, _) = leaky_project();
    let run = keylint(dir.path(), &["scan", "-f", "json", "-o", "report.json"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(doc["summary"]["findings"], 1);
}

#[test]
fn clean_tree_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[("a.ts", "const apiKey = process.env.OPENAI_API_KEY;\n")],
    );
    let run = keylint(dir.path(), &["scan"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn fail_on_and_exit_zero() {
    let (dir, _) = leaky_project();
    assert_eq!(
        keylint(dir.path(), &["scan", "--fail-on", "critical"]).code,
        0
    );
    assert_eq!(keylint(dir.path(), &["scan", "--fail-on", "low"]).code, 1);
    assert_eq!(keylint(dir.path(), &["scan", "--exit-zero"]).code, 0);
    let bad = keylint(dir.path(), &["scan", "--fail-on", "severe"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("unknown severity"), "{}", bad.stderr);
}

#[test]
fn stdin_is_scanned_under_the_given_name() {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(3);
    let run = keylint_stdin(
        dir.path(),
        &[
            "scan",
            "-",
            "--stdin-path",
            "lib/app_config.dart",
            "-f",
            "json",
        ],
        &format!("const k = '{key}';\n"),
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["findings"][0]["path"], "lib/app_config.dart");
    let clean = keylint_stdin(dir.path(), &["scan", "-"], "nothing here\n");
    assert_eq!(clean.code, 0);
}

#[test]
fn cargo_keylint_behaves_like_keylint() {
    let (dir, _) = leaky_project();
    let direct = keylint(dir.path(), &["scan", "-f", "json"]);
    let via_cargo = run_bin(
        "cargo-keylint",
        dir.path(),
        &["keylint", "scan", "-f", "json"],
        None,
    );
    assert_eq!(via_cargo.code, direct.code);
    assert_eq!(via_cargo.stdout, direct.stdout);
}

#[test]
fn rules_lists_the_catalog() {
    let dir = tempfile::tempdir().unwrap();
    let run = keylint(dir.path(), &["rules", "--format", "json"]);
    assert_eq!(run.code, 0);
    let rules: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert!(rules.iter().any(|r| r["id"] == "openai-project-key"));
    assert!(rules.iter().any(|r| r["kind"] == "generic"));
    let human = keylint(dir.path(), &["rules"]);
    assert!(
        human
            .stdout
            .lines()
            .any(|l| l.starts_with("openai-project-key "))
    );
}

#[test]
fn explain_masks_examples_and_suggests_on_typos() {
    let dir = tempfile::tempdir().unwrap();
    let run = keylint(dir.path(), &["explain", "openai-project-key"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("sk-p…"), "{}", run.stdout);
    assert!(
        !run.stdout.contains(&["T3Bl", "bkFJ"].concat()[..]) || run.stdout.contains("pattern:")
    );
    let typo = keylint(dir.path(), &["explain", "openai-projct-key"]);
    assert_eq!(typo.code, 2);
    insta::assert_snapshot!(typo.transcript());
}

#[test]
fn init_writes_a_template_once() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(keylint(dir.path(), &["init"]).code, 0);
    let text = std::fs::read_to_string(dir.path().join("keylint.toml")).unwrap();
    assert!(text.contains("[allowlist]"));
    let again = keylint(dir.path(), &["init"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"));
    // The template is a valid config: scanning with it works.
    assert_eq!(keylint(dir.path(), &["scan"]).code, 0);
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(keylint(dir.path(), &["scan", "--no-such-flag"]).code, 2);
    let help = keylint(dir.path(), &["--help"]);
    assert_eq!(help.code, 0);
    // The first line speaks to the user, not about the crate's modules.
    assert_eq!(
        help.stdout.lines().next(),
        Some("Finds API keys before they reach git, and checks key configuration")
    );
    let missing = keylint(dir.path(), &["scan", "does-not-exist"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("does-not-exist"),
        "{}",
        missing.stderr
    );
}

#[test]
fn inline_allow_suppresses_only_named_rules() {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(11);
    write_tree(
        dir.path(),
        &[
            (
                "a.ts",
                &format!("// keylint:allow openai-project-key\nconst k = '{key}';\n"),
            ),
            (
                "b.ts",
                &format!("const k = '{key}'; // keylint:allow some-other-rule\n"),
            ),
            ("c.py", &format!("k = '{key}'  # keylint:allow\n")),
            // Markers of the tools people migrate from.
            ("d.go", &format!("k := \"{key}\" // gitleaks:allow\n")),
            (
                "e.py",
                &format!("k = '{key}'  # pragma: allowlist secret\n"),
            ),
        ],
    );
    let run = keylint(dir.path(), &["scan", "-f", "json"]);
    let paths: Vec<String> = finding_rows(&run).into_iter().map(|row| row.0).collect();
    assert_eq!(paths, ["b.ts"]);
}

#[test]
fn scan_runs_the_env_value_checks_on_env_files() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "websocket-server/.env",
                "OPENAI_API_KEY = sk-proj-abc\nLIVEKIT_API_SECRET=secret\n",
            ),
            ("src/app.ts", "export const x = 1;\n"),
        ],
    );
    let run = keylint(dir.path(), &["scan", "-f", "json"]);
    assert_eq!(
        run.code,
        1,
        "a truncated OpenAI key is a high problem: {}",
        run.transcript()
    );
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    for code in [
        "spaces-around-equals",
        "provider-format",
        "secret-too-short",
    ] {
        assert!(codes.contains(&code), "{code} missing from {codes:?}");
    }
    // Style-only problems stay in `keylint env`.
    std::fs::write(dir.path().join("websocket-server/.env"), "B=1\nA=2\n\n\n").unwrap();
    let run = keylint(dir.path(), &["scan", "-f", "json"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    // `[env] in-scan = false` turns it off.
    std::fs::write(dir.path().join("keylint.toml"), "[env]\nin-scan = false\n").unwrap();
    std::fs::write(
        dir.path().join("websocket-server/.env"),
        "OPENAI_API_KEY = sk-proj-abc\n",
    )
    .unwrap();
    assert_eq!(keylint(dir.path(), &["scan"]).code, 0);
}

/// A two-member Cargo workspace with keylint configured in `[workspace.metadata.keylint]`: a key
/// in `app/src/lib.rs`, another under the excluded `tools/fixtures/`.
fn cargo_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let lib = format!("pub const KEY: &str = \"{}\";\n", openai_key(11));
    let fixture = format!("OPENAI_API_KEY={}\n", openai_key(12));
    let member = |name: &str| {
        format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n")
    };
    write_tree(
        dir.path(),
        &[
            (
                "Cargo.toml",
                "[workspace]\nmembers = [\"app\", \"tools\"]\nresolver = \"2\"\n\n[workspace.metadata.keylint.scan]\nexclude = [\"tools/fixtures/**\"]\n",
            ),
            ("app/Cargo.toml", &member("app")),
            ("app/src/lib.rs", &lib),
            ("tools/Cargo.toml", &member("tools")),
            ("tools/src/lib.rs", "pub fn nothing() {}\n"),
            ("tools/fixtures/sample.env", &fixture),
        ],
    );
    dir
}

/// `cargo keylint …` through the real `cargo`, which finds `cargo-keylint` on PATH.
fn real_cargo_keylint(dir: &std::path::Path, args: &[&str]) -> Run {
    let out =
        std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .arg("keylint")
            .args(args)
            .current_dir(dir)
            .env("PATH", path_with_built_bins())
            .env("NO_COLOR", "1")
            .env("CARGO_NET_OFFLINE", "true")
            .output()
            .expect("cargo runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn cargo_keylint_through_cargo_scans_the_workspace_root_with_metadata_config() {
    let ws = cargo_workspace();
    // Started deep inside a member: the whole workspace is scanned, paths relative to its root.
    let run = real_cargo_keylint(&ws.path().join("app/src"), &["scan", "-f", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let paths: Vec<String> = finding_rows(&run).into_iter().map(|row| row.0).collect();
    // tools/fixtures is excluded by [workspace.metadata.keylint.scan].
    assert_eq!(paths, ["app/src/lib.rs"]);
    assert!(!run.stdout.contains(&openai_key(11)), "secret printed");

    // An explicit path is taken as given (relative to where cargo was started).
    let run = real_cargo_keylint(&ws.path().join("tools"), &["scan", "src"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
}

/// `cargo-keylint` with `$CARGO` set to something that does not run.
fn cargo_keylint_with_broken_cargo(dir: &std::path::Path, path: &std::ffi::OsStr) -> Run {
    let path = path.to_str().expect("UTF-8 PATH");
    let args = ["keylint", "scan", "-f", "json"];
    let env = [("CARGO", "/nonexistent/cargo"), ("PATH", path)];
    run_bin_env("cargo-keylint", dir, &args, None, &env)
}

#[test]
fn cargo_keylint_falls_back_to_cargo_on_path_when_cargo_env_does_not_run() {
    let ws = cargo_workspace();
    let real = std::path::PathBuf::from(std::env::var_os("CARGO").expect("cargo test sets CARGO"));
    let run = cargo_keylint_with_broken_cargo(
        &ws.path().join("app/src"),
        real.parent().expect("cargo's directory").as_os_str(),
    );
    // The workspace root was found with the `cargo` on PATH: paths are relative to it.
    assert_eq!(run.code, 1, "{}", run.transcript());
    let paths: Vec<String> = finding_rows(&run).into_iter().map(|row| row.0).collect();
    assert_eq!(paths, ["app/src/lib.rs"]);
}

#[test]
fn cargo_keylint_without_a_cargo_to_run_is_an_error() {
    let ws = cargo_workspace();
    let empty = tempfile::tempdir().unwrap();
    let run = cargo_keylint_with_broken_cargo(&ws.path().join("app/src"), empty.path().as_os_str());
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with(
            "error: cannot find the Cargo workspace to scan: neither $CARGO (/nonexistent/cargo: "
        ) && run.stderr.contains(") nor `cargo` on PATH (")
            && run.stderr.ends_with(
                "could be run; run keylint from the workspace root, or name the paths to scan\n"
            ),
        "{}",
        run.stderr
    );
}

#[test]
fn keylint_toml_disagreeing_with_cargo_metadata_is_an_error() {
    let ws = cargo_workspace();
    write_tree(
        ws.path(),
        &[("keylint.toml", "[scan]\nexclude = [\"app/**\"]\n")],
    );
    let run = keylint(ws.path(), &["scan"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("`scan.exclude` is set differently here and in"),
        "{}",
        run.stderr
    );
    // Agreeing on it (or leaving it to Cargo.toml) is fine: both apply.
    write_tree(ws.path(), &[("keylint.toml", "fail-on = \"high\"\n")]);
    let run = keylint(ws.path(), &["scan", "-f", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("app/src/lib.rs"));
    assert!(!run.stdout.contains("tools/fixtures"));
}

/// `--format` takes keylint-report's one `Format`; each command lists only the formats it has,
/// each with that command's own wording (findings for `scan`, problems for `env` …).
#[test]
fn each_command_lists_its_own_formats_in_its_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let formats = |command: &str| {
        // Help wraps at the terminal's width: a fixed one.
        let run = run_bin_env(
            "keylint",
            dir.path(),
            &[command, "--help"],
            None,
            &[("COLUMNS", "100")],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let start = run.stdout.find("Possible values:").unwrap();
        let end = start + run.stdout[start..].find("[default: human]").unwrap();
        format!(
            "{command}:\n          {}",
            run.stdout[start..end].trim_end()
        )
    };
    let all: Vec<String> = ["scan", "env", "keys", "rules"].map(formats).into();
    insta::assert_snapshot!(all.join("\n"));
}
