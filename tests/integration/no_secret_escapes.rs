//! No secret escapes: every kind of planted secret (lines `.env` parsers do not understand,
//! commented-out assignments, escaped and invisible-character keys, PEM bodies, URL passwords,
//! two per line), every command, every format, diffs, baselines, `$GITHUB_STEP_SUMMARY`: no
//! output holds a run of 8 characters of a planted value. Values are built at run time.

use std::path::Path;

use assert_cmd::Command;

use crate::support::{ALNUM, Run, keylint, openai_key, repo, synthetic, write_tree};

/// The random part of a synthetic project key (its `sk-proj-` prefix is public).
fn body(key: &str) -> &str {
    key.trim_start_matches("sk-proj-")
}

/// Panics when `output` holds 8 consecutive characters of any of `values`, naming the value.
fn assert_no_window(what: &str, output: &str, values: &[String]) {
    for value in values {
        let chars: Vec<char> = value.chars().collect();
        for w in chars.windows(8) {
            let window: String = w.iter().collect();
            assert!(
                !output.contains(&window),
                "{what}: `{window}` of a planted value is printed:\n{output}"
            );
        }
    }
}

/// stdout and stderr of a run, for [`assert_no_window`].
fn all(run: &Run) -> String {
    format!("{}\n{}", run.stdout, run.stderr)
}

#[test]
fn env_lines_that_do_not_parse_are_masked_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let no_equals = openai_key(11);
    let bare = format!("ghp_{}", synthetic(12, 36, ALNUM));
    let escaped_tail = synthetic(13, 30, ALNUM);
    let swallowed = synthetic(14, 32, ALNUM);
    let env = format!(
        "OPENAI_API_KEY {no_equals}\n{bare}\nAPP_SECRET='2hpCh\\'{escaped_tail}'\nX_TOKEN=\"abc\nDB_PASSWORD=\"{swallowed}\"\n"
    );
    write_tree(dir.path(), &[(".env", &env)]);
    let values = [
        body(&no_equals).to_owned(),
        bare.clone(),
        bare.to_ascii_uppercase(),
        escaped_tail,
        swallowed,
    ];
    for format in [
        "human", "concise", "json", "jsonl", "sarif", "github", "junit",
    ] {
        let run = keylint(dir.path(), &["env", "--format", format]);
        assert_eq!(run.code, 1, "{}", run.transcript());
        assert_no_window(&format!("env --format {format}"), &all(&run), &values);
    }
    for format in ["human", "json", "sarif"] {
        let run = keylint(dir.path(), &["scan", ".", "--format", format]);
        assert_no_window(&format!("scan --format {format}"), &all(&run), &values);
    }
    // The messages stay useful: the key name and the problem are still said.
    let run = keylint(dir.path(), &["env", "--format", "concise"]);
    assert!(
        run.stdout.contains("1:1: high syntax-error"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("2:1: low key-without-value: `ghp_…"),
        "{}",
        run.stdout
    );
    let run = keylint(dir.path(), &["env"]);
    assert!(
        run.stdout.contains(" 1 │ OPENAI_API_KEY sk-p…"),
        "{}",
        run.stdout
    );
}

#[test]
fn commented_out_duplicate_is_masked_in_the_diff() {
    let dir = tempfile::tempdir().unwrap();
    let first = openai_key(21);
    let second = openai_key(22);
    let old = openai_key(23);
    write_tree(
        dir.path(),
        &[(
            ".env",
            &format!("OPENAI_API_KEY={first}\nOPENAI_API_KEY={second}\n# OLD_KEY={old}\n"),
        )],
    );
    let run = keylint(dir.path(), &["env", "--diff", "--unsafe-fixes"]);
    assert!(
        run.stdout.contains("+# OPENAI_API_KEY=sk-p…"),
        "{}",
        run.transcript()
    );
    assert!(run.stdout.contains(" # OLD_KEY=sk-p…"), "{}", run.stdout);
    let values = [body(&first), body(&second), body(&old)].map(str::to_owned);
    assert_no_window("env --diff --unsafe-fixes", &all(&run), &values);
}

#[test]
fn key_with_a_zero_width_space_is_found_by_scan_and_the_hook() {
    let dir = repo();
    let key = openai_key(31);
    let (head, tail) = key.split_at(20);
    write_tree(
        dir.path(),
        &[(
            "src/app.ts",
            &format!("export const key = \"{head}\u{200b}{tail}\";\n"),
        )],
    );
    let run = keylint(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let f = &doc["findings"][0];
    assert_eq!(f["rule_id"], "openai-project-key");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(1), Some(21))
    );
    // 96 characters and the invisible one: the range covers the key as written.
    assert_eq!(f["end_column"].as_u64(), Some(117));
    assert!(
        f["description"]
            .as_str()
            .unwrap()
            .contains("U+200B ZERO WIDTH SPACE"),
        "{f}"
    );
    assert_no_window("scan", &all(&run), &[body(&key).to_owned()]);
    crate::support::git_ok(dir.path(), &["add", "-A"]);
    let run = keylint(dir.path(), &["hook", "pre-commit"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(all(&run).contains("U+200B"), "{}", run.transcript());
}

/// The terminal escape sequences a hostile repository can plant in names and lines: an OSC 52
/// clipboard write, concealed text, a screen clear, and a C1 control sequence introducer.
const ESCAPES: [char; 3] = ['\u{1b}', '\u{7}', '\u{9b}'];

#[test]
fn control_characters_are_escaped_in_every_human_facing_format() {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(41);
    let name = "evil\u{1b}]52;c;SGVsbG8=\u{7}.ts";
    write_tree(
        dir.path(),
        &[
            (
                name,
                &format!("const k = \"{key}\"; // \u{1b}[8mhidden\u{1b}[0m \u{9b}2J\n"),
            ),
            ("d\u{1b}[2Jx/.env", "A = \u{1b}[31mred\n"),
        ],
    );
    let summary = dir.path().join("summary.md");
    for format in ["human", "github", "junit"] {
        let out = Command::cargo_bin("keylint")
            .unwrap()
            .current_dir(dir.path())
            .args(["scan", ".", "--format", format])
            .env("NO_COLOR", "1")
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!text.contains(ESCAPES), "scan --format {format}:\n{text}");
        if format != "junit" {
            assert!(text.contains("\\u{1b}"), "scan --format {format}:\n{text}");
        }
    }
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(!md.contains(ESCAPES), "{md}");
    let run = keylint(dir.path(), &["scan", ".", "--format", "github"]);
    assert!(
        run.stdout
            .contains("file=evil\\u{1b}]52;c;SGVsbG8=\\u{7}.ts"),
        "{}",
        run.stdout
    );
    let run = keylint(
        dir.path(),
        &["fix", "--dry-run", ".", "--env-file", "local.env"],
    );
    assert!(
        run.stdout.contains("+++ b/evil\\u{1b}]52"),
        "{}",
        run.transcript()
    );
    // The diff on stdout and the summary on stderr (it names the files it would rewrite).
    assert!(
        !run.stdout.contains(ESCAPES) && !run.stderr.contains(ESCAPES),
        "fix --dry-run:\n{}",
        run.transcript()
    );
    assert!(run.stderr.contains("evil\\u{1b}]52"), "{}", run.stderr);
    for format in ["human", "concise", "github", "junit"] {
        let run = keylint(dir.path(), &["env", "--format", format]);
        assert!(
            !all(&run).contains(ESCAPES),
            "env --format {format}:\n{}",
            all(&run)
        );
    }
    let run = keylint(dir.path(), &["env", "--diff"]);
    assert!(
        run.stdout.contains("+++ b/d\\u{1b}[2Jx/.env"),
        "{}",
        run.transcript()
    );
    assert!(!all(&run).contains(ESCAPES), "env --diff:\n{}", all(&run));
}

#[test]
fn secrets_no_rule_detected_stay_hidden_beside_a_finding() {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(51);
    let escaped = openai_key(52);
    let suffix = synthetic(53, 14, ALNUM);
    write_tree(
        dir.path(),
        &[
            (
                "config.json",
                // `\u0073` is `s`: the second key is written escaped (found decoded).
                &format!(
                    "{{\"openai\": \"{key}\", \"backup\": \"\\u0073{}\"}}\n",
                    &escaped[1..]
                ),
            ),
            (
                "app.py",
                &format!("db_password = \"{}Qz9_{suffix}\"\n", &key[..60]),
            ),
        ],
    );
    let run = keylint(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let values = [body(&key).to_owned(), body(&escaped).to_owned(), suffix];
    assert_no_window("scan --format json", &all(&run), &values);
    let run = keylint(dir.path(), &["scan", "."]);
    assert_no_window("scan", &all(&run), &values);
}

/// A repository holding every kind of secret of issue 11, staged for a commit.
struct Planted {
    dir: tempfile::TempDir,
    /// The parts of the planted values that must never be printed.
    values: Vec<String>,
}

fn planted() -> Planted {
    let dir = repo();
    let k = |seed| openai_key(seed);
    let (env1, env2, env_old, dup1, dup2) = (k(61), k(62), k(63), k(64), k(65));
    let bare = format!("ghp_{}", synthetic(66, 36, ALNUM));
    let escaped_tail = synthetic(67, 30, ALNUM);
    let swallowed = synthetic(68, 32, ALNUM);
    let url_password = synthetic(69, 20, ALNUM);
    let yaml_password = synthetic(70, 20, ALNUM);
    let (ts1, ts2, zw) = (k(71), k(72), k(73));
    let (json_key, json_escaped) = (k(74), k(75));
    let suffix = synthetic(76, 14, ALNUM);
    let b64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let pem_lines: Vec<String> = (0..6).map(|i| synthetic(80 + i, 64, b64)).collect();
    let env = format!(
        "OPENAI_API_KEY {env1}\n{bare}\nAPP_SECRET='2hpCh\\'{escaped_tail}'\nX_TOKEN=\"abc\nDB_PASSWORD=\"{swallowed}\"\n# OLD_KEY={env_old}\nOPENAI_API_KEY={dup1}\nOPENAI_API_KEY={dup2}\nDATABASE_URL=postgres://admin:{url_password}@db.example.com:5432/app\nSECOND_KEY={env2}\n"
    );
    let (zw_head, zw_tail) = zw.split_at(20);
    let pem = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n",
        pem_lines.join("\n")
    );
    write_tree(
        dir.path(),
        &[
            (".env", &env),
            (
                "src/app.ts",
                &format!(
                    "export const a = \"{ts1}\", b = \"{ts2}\";\nexport const c = \"{zw_head}\u{200b}{zw_tail}\";\n"
                ),
            ),
            (
                "src/config.json",
                &format!(
                    "{{\"openai\": \"{json_key}\", \"backup\": \"\\u0073{}\"}}\n",
                    &json_escaped[1..]
                ),
            ),
            (
                "src/db.py",
                &format!("db_password = \"{}Qz9_{suffix}\"\n", &json_key[..60]),
            ),
            (
                "config/db.yaml",
                &format!(
                    "database:\n  url: postgres://admin:{yaml_password}@db.example.com:5432/app\n"
                ),
            ),
            ("certs/server.pem", &pem),
        ],
    );
    crate::support::git_ok(dir.path(), &["add", "-A"]);
    let mut values: Vec<String> = [
        &env1,
        &env2,
        &env_old,
        &dup1,
        &dup2,
        &ts1,
        &ts2,
        &zw,
        &json_key,
        &json_escaped,
    ]
    .iter()
    .map(|v| body(v).to_owned())
    .collect();
    values.extend([
        bare.clone(),
        bare.to_ascii_uppercase(),
        escaped_tail,
        swallowed,
        url_password,
        yaml_password,
        suffix,
    ]);
    values.extend(pem_lines);
    Planted { dir, values }
}

/// Runs keylint with `GITHUB_STEP_SUMMARY` pointing at `summary`: exit code, stdout and stderr.
fn keylint_with_summary(dir: &Path, args: &[&str], summary: &Path) -> (Option<i32>, String) {
    let out = Command::cargo_bin("keylint")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env("GITHUB_STEP_SUMMARY", summary)
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .unwrap();
    let text = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

#[test]
fn no_secret_escapes_any_command_in_any_format() {
    let Planted { dir, values } = planted();
    let root = dir.path();
    let summary = root.join("step-summary.md");
    let check = |what: &str, args: &[&str]| {
        let (code, out) = keylint_with_summary(root, args, &summary);
        // A usage error would print nothing worth checking.
        assert!(matches!(code, Some(0 | 1)), "{what}: exit {code:?}\n{out}");
        assert_no_window(what, &out, &values);
    };
    for format in [
        "human",
        "json",
        "jsonl",
        "sarif",
        "github",
        "junit",
        "gitleaks-json",
    ] {
        check(
            &format!("scan --format {format}"),
            &["scan", ".", "--format", format],
        );
    }
    for format in [
        "human", "concise", "json", "jsonl", "sarif", "github", "junit",
    ] {
        check(
            &format!("env --format {format}"),
            &["env", ".", "--format", format],
        );
    }
    check("hook pre-commit", &["hook", "pre-commit"]);
    check(
        "hook pre-commit FILES",
        &["hook", "pre-commit", "src/app.ts", ".env"],
    );
    check("env --diff", &["env", ".", "--diff"]);
    check(
        "env --diff --unsafe-fixes",
        &["env", ".", "--diff", "--unsafe-fixes"],
    );
    for format in ["human", "json"] {
        check(
            &format!("keys --format {format}"),
            &["keys", ".", "--format", format],
        );
    }
    // `.env` is staged (tracked): `fix` refuses it, so the secrets go to another env file.
    check(
        "fix --dry-run",
        &["fix", "--dry-run", "src", "--env-file", "src/.env.local"],
    );
    check(
        "scan --report",
        &[
            "scan",
            ".",
            "--report",
            "sarif=report.sarif",
            "--report",
            "json=report.json",
            "--report",
            "junit=report.xml",
        ],
    );
    check("baseline create", &["baseline", "create"]);
    check(
        "scan --baseline",
        &["scan", ".", "--baseline", "keylint.baseline.json"],
    );
    // What keylint wrote: reports, the baseline, the step summary.
    for written in [
        "report.sarif",
        "report.json",
        "report.xml",
        "keylint.baseline.json",
        "step-summary.md",
    ] {
        let text = std::fs::read_to_string(root.join(written))
            .unwrap_or_else(|e| panic!("{written}: {e}"));
        assert_no_window(written, &text, &values);
    }
    // The findings are there: the test would pass on a tool that printed nothing.
    let run = keylint(root, &["scan", ".", "--format", "json"]);
    let rows = crate::support::finding_rows(&run);
    for path in [
        "src/app.ts",
        "src/config.json",
        "certs/server.pem",
        "config/db.yaml",
    ] {
        assert!(rows.iter().any(|r| r.0 == path), "{path}: {rows:?}");
    }
    let zw_found = rows.iter().filter(|r| r.0 == "src/app.ts").count();
    assert_eq!(zw_found, 3, "{rows:?}");
}

#[test]
fn config_errors_never_show_a_credential() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // A config holding a credential where keylint expected something else.
    let token = synthetic(90, 32, ALNUM);
    write_tree(
        root,
        &[(
            "bad.toml",
            &format!(
                "fail-on = \"{token}\"\n[allowlist]\nstopwords = [\"{}\"]\nunknown = 1\n",
                body(&openai_key(91))
            ),
        )],
    );
    for args in [
        &["--config", "bad.toml", "scan", "."][..],
        &["--config", "bad.toml", "env", "."],
    ] {
        let (code, out) = keylint_with_summary(root, args, &root.join("summary.md"));
        assert_eq!(code, Some(2), "{out}");
        let planted = [token.clone(), body(&openai_key(91)).to_owned()];
        assert_no_window(&format!("{args:?}"), &out, &planted);
    }
}

#[test]
fn words_of_an_unquoted_value_with_spaces_are_masked() {
    let dir = tempfile::tempdir().unwrap();
    let hidden = synthetic(95, 24, ALNUM);
    write_tree(dir.path(), &[(".env", &format!("PORT=8080 {hidden}\n"))]);
    let run = keylint(dir.path(), &["env", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("unquoted-whitespace"), "{}", run.stdout);
    assert_no_window("env", &all(&run), &[hidden]);
}
