//! `keylint env`: the seeds' situations as regression tests, fixes on disk (atomic, CRLF and
//! permissions kept, idempotent), output formats and exit codes pinned by snapshots.

use crate::support::{ALNUM, keylint, openai_key, synthetic, write_tree};

/// The seeds' `.env` files, as their teams had them.
fn seeds_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            // 003: stray spaces around `=` in websocket-server/.env, then a truncated copy.
            (
                "websocket-server/.env",
                "PORT=8081\nOPENAI_API_KEY = sk-proj-...\n",
            ),
            // 000/001: French placeholders, a 6-character secret, LIVEKIT_KEYS without the space.
            (
                "backend/.env",
                "LIVEKIT_API_KEY=votre_nouvelle_cle_api_livekit\nLIVEKIT_API_SECRET=secret\nLIVEKIT_KEYS=\"devkey:secret\"\nLIVEKIT_URL=localhost:7880\n",
            ),
            // 002: .env.local with placeholders for ENCRYPTION_KEY and truncated provider keys.
            (
                "web/.env.local",
                "ENCRYPTION_KEY=your-64-char-hex-key-here\nGOOGLE_API_KEY=AIza...\nDEEPSEEK_API_KEY=sk-...\n",
            ),
        ],
    );
    dir
}

#[test]
fn seeds_are_all_caught() {
    let dir = seeds_project();
    let run = keylint(dir.path(), &["env", "--format", "json"]);
    assert_eq!(run.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let has = |path: &str, code: &str, line: u64| {
        doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["path"] == path && d["code"] == code && d["line"] == line)
    };
    assert!(has("websocket-server/.env", "spaces-around-equals", 2));
    assert!(has("websocket-server/.env", "placeholder-value", 2));
    assert!(has("backend/.env", "placeholder-value", 1));
    assert!(has("backend/.env", "secret-too-short", 2));
    assert!(has("backend/.env", "livekit-keys-syntax", 3));
    assert!(has("backend/.env", "provider-format", 4));
    assert!(has("web/.env.local", "placeholder-value", 1));
    assert!(has("web/.env.local", "placeholder-value", 2));
    assert!(has("web/.env.local", "placeholder-value", 3));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn human_report_explains_what_the_server_will_do() {
    let dir = seeds_project();
    let run = keylint(dir.path(), &["env", "backend/.env"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("one of key-file or keys must be provided")
    );
    assert!(
        run.stdout
            .contains("secret is too short, should be at least 32 characters")
    );
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn concise_format_is_one_masked_line_per_problem() {
    let dir = seeds_project();
    let run = keylint(dir.path(), &["env", "--format", "concise", "backend/.env"]);
    assert_eq!(run.code, 1);
    let problems: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("backend/.env:"))
        .collect();
    assert!(problems.len() >= 4, "{}", run.stdout);
    assert!(
        problems
            .iter()
            .any(|l| l.starts_with("backend/.env:2:") && l.contains("secret-too-short"))
    );
    // The 6-character secret and the LIVEKIT_KEYS pair are never printed whole.
    assert!(!run.stdout.contains("devkey:secret"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn config_excludes_apply_to_discovery_not_to_named_files() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("keylint.toml", "[scan]\nexclude = [\"fixtures/**\"]\n"),
            ("fixtures/.env", "A = 1\n"),
            ("app/.env", "B = 2\n"),
        ],
    );
    let run = keylint(dir.path(), &["env", "--format", "concise"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("app/.env:1:"), "{}", run.stdout);
    assert!(!run.stdout.contains("fixtures/"), "{}", run.stdout);
    let named = keylint(dir.path(), &["env", "--format", "concise", "fixtures/.env"]);
    assert!(
        named.stdout.contains("fixtures/.env:1:"),
        "{}",
        named.stdout
    );
}

#[test]
fn machine_formats_like_keylint_scan() {
    let dir = seeds_project();
    let json = keylint(dir.path(), &["env", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let expected = doc["diagnostics"].as_array().unwrap().len();
    let jsonl = keylint(dir.path(), &["env", "--format", "jsonl"]);
    assert_eq!(jsonl.code, 1);
    let rows: Vec<serde_json::Value> = jsonl
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), expected);
    assert!(rows.iter().any(|r| r["code"] == "livekit-keys-syntax"));
    let github = keylint(dir.path(), &["env", "--format", "github"]);
    assert_eq!(github.code, 1);
    assert!(
        github
            .stdout
            .contains("::error file=backend/.env,line=3,col=21"),
        "{}",
        github.stdout
    );
    let junit = keylint(dir.path(), &["env", "--format", "junit"]);
    assert_eq!(junit.code, 1);
    assert!(
        junit.stdout.contains(r#"type="secret-too-short""#),
        "{}",
        junit.stdout
    );
    let sarif = keylint(dir.path(), &["env", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(
        log["runs"][0]["results"].as_array().unwrap().len(),
        expected
    );
    for run in [&jsonl, &github, &junit, &sarif] {
        assert!(!run.stdout.contains("devkey:secret"), "a secret in clear");
    }
}

#[test]
fn fix_writes_safe_fixes_keeps_crlf_and_permissions_and_settles() {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(3);
    let path = dir.path().join(".env");
    std::fs::write(
        &path,
        format!("OPENAI_API_KEY = {key}\r\nLIVEKIT_KEYS=\"devkey:Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge\"\r\nA=1  \r\nb=2"),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let diff = keylint(dir.path(), &["env", "--diff"]);
    assert_eq!(diff.code, 1, "{}", diff.transcript());
    assert!(diff.stdout.contains("+OPENAI_API_KEY="));
    assert!(!diff.stdout.contains(&key), "the diff masks secrets");
    assert_eq!(
        std::fs::read_to_string(&path)
            .unwrap()
            .split('\n')
            .next()
            .unwrap(),
        format!("OPENAI_API_KEY = {key}\r"),
        "--diff writes nothing"
    );
    let run = keylint(dir.path(), &["env", "--fix"]);
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        fixed,
        format!(
            "OPENAI_API_KEY={key}\r\nLIVEKIT_KEYS=\"devkey: Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge\"\r\nA=1\r\nb=2\r\n"
        )
    );
    // The unsafe key rename is left for --unsafe-fixes and still reported.
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("lowercase-key"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let again = keylint(dir.path(), &["env", "--fix", "--unsafe-fixes"]);
    assert_eq!(again.code, 0, "{}", again.transcript());
    assert!(std::fs::read_to_string(&path).unwrap().ends_with("B=2\r\n"));
    let last = keylint(dir.path(), &["env", "--fix", "--unsafe-fixes"]);
    assert_eq!(last.code, 0);
    assert!(
        !last.stdout.contains("fixed"),
        "a second run changes nothing"
    );
}

#[test]
fn check_ignore_and_allow_markers() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[(
            ".env",
            "A = 1\n# keylint:allow needless-quotes\nB=\"x\"\nC = 2 # keylint:allow\n",
        )],
    );
    let only = keylint(dir.path(), &["env", "--check", "SpaceCharacter"]);
    assert_eq!(only.code, 1);
    assert_eq!(only.stdout.matches("spaces-around-equals").count(), 1);
    let ignored = keylint(dir.path(), &["env", "--ignore", "spaces-around-equals"]);
    assert_eq!(ignored.code, 0, "{}", ignored.transcript());
    let typo = keylint(dir.path(), &["env", "--check", "spaces-around-equal"]);
    assert_eq!(typo.code, 2);
    insta::assert_snapshot!(typo.transcript());
}

#[test]
fn unknown_check_in_config_points_at_it() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("keylint.toml", "[env]\nignore = [\"needles-quotes\"]\n"),
            (".env", "A=1\n"),
        ],
    );
    let run = keylint(dir.path(), &["env"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn ignored_env_files_are_still_linted_and_tracked_ones_reported() {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(9);
    write_tree(
        dir.path(),
        &[
            (".gitignore", ".env\nnode_modules/\n"),
            (".env", "PORT=80\n"),
            ("node_modules/pkg/.env", "A = 1\n"),
            ("api/.env", &format!("OPENAI_API_KEY={key}\n")),
            ("api/.env.example", "OPENAI_API_KEY=\nGROQ_API_KEY=\n"),
        ],
    );
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .current_dir(dir.path())
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap()
    };
    if !git(&["init", "-q"]).status.success() {
        return; // no git on this machine
    }
    git(&["add", "-f", "api/.env", "api/.env.example", ".gitignore"]);
    let run = keylint(dir.path(), &["env", "--format", "json"]);
    assert!(!run.stdout.contains(&key));
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let diags = doc["diagnostics"].as_array().unwrap();
    let codes: Vec<(&str, &str)> = diags
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert!(
        codes.contains(&("api/.env", "env-file-committed")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("api/.env.example", "example-drift")),
        "{codes:?}"
    );
    assert!(!codes.iter().any(|(p, _)| p.starts_with("node_modules")));
    assert_eq!(
        doc["summary"]["files_scanned"], 3,
        "the ignored .env is linted too"
    );
}

/// What python-dotenv loads from `text` (the loader model, checked against the real package
/// by `.ci/run`): keys with a value.
fn loads(text: &str) -> Vec<(String, String)> {
    keylint_dotenv::loader::load(text)
        .vars
        .into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// Writes `.env`, runs `keylint env <args>` then `keylint env --fix`, and returns the first
/// run, the codes it reported by line, and the file after the fix.
fn lint_then_fix(text: &str, args: &[&str]) -> (crate::support::Run, Vec<(u64, String)>, String) {
    let dir = tempfile::tempdir().unwrap();
    write_tree(dir.path(), &[(".env", text)]);
    let mut lint_args = vec!["env", "--format", "json"];
    lint_args.extend(args);
    let run = keylint(dir.path(), &lint_args);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let codes = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let fixed = keylint(dir.path(), &["env", "--fix", "--unsafe-fixes", ".env"]);
    assert_ne!(fixed.code, 2, "{}", fixed.transcript());
    let after = std::fs::read_to_string(dir.path().join(".env")).unwrap();
    (run, codes, after)
}

#[test]
fn backslash_quote_inside_single_quotes_does_not_end_the_value() {
    let text = "M='first \\'q\\'\n    rest'\nB=1\n";
    let (_, codes, after) = lint_then_fix(text, &[]);
    // One value over two lines: its second line is no bad key, its indentation is no indent.
    assert!(codes.iter().all(|(line, _)| *line != 2), "{codes:?}");
    assert_eq!(after, text);
    assert_eq!(
        loads(&after),
        pairs(&[("M", "first 'q'\n    rest"), ("B", "1")])
    );
}

#[test]
fn text_after_a_closing_quote_is_a_syntax_error_and_no_fix_glues_it() {
    let text = "A=\"x\"junk\nC=\"y\" z\nD=\"o k\" # note\n";
    let (run, codes, after) = lint_then_fix(text, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(
        codes,
        vec![
            (1, "syntax-error".to_owned()),
            (2, "syntax-error".to_owned())
        ]
    );
    assert_eq!(after, text);
    assert_eq!(loads(&after), pairs(&[("D", "o k")]));
}

#[test]
fn no_fix_adds_a_quote_while_a_quote_is_left_open() {
    let text = "A=\"x\nB=1\nC=a b\n";
    let (_, codes, after) = lint_then_fix(text, &[]);
    assert!(
        codes.contains(&(3, "unquoted-whitespace".to_owned())),
        "{codes:?}"
    );
    // Quoting `C` would pair its quote with the open one on line 1 and lose B and C.
    assert_eq!(after, text);
    assert_eq!(loads(text), pairs(&[("B", "1"), ("C", "a b")]));
    assert_eq!(loads(&after), loads(text));
}

#[test]
fn a_trailing_blank_line_is_an_extra_blank_line() {
    let (_, codes, after) = lint_then_fix("A=1\n\n", &[]);
    assert_eq!(codes, vec![(2, "extra-blank-line".to_owned())]);
    assert_eq!(after, "A=1\n");
}

#[test]
fn unordered_keys_never_asks_to_break_a_substitution() {
    let (run, codes, _) = lint_then_fix(
        "KEY=v\nFOO=${KEY}\n\nB=1\nA=2\n",
        &["--check", "unordered-keys", "--fail-on", "info"],
    );
    assert_eq!(run.code, 1);
    // `FOO` must stay below `KEY` (python-dotenv would load FOO=""); `A` may move.
    assert_eq!(codes, vec![(5, "unordered-keys".to_owned())]);
}

#[test]
fn a_yaml_style_line_gets_one_diagnostic() {
    let (_, codes, after) = lint_then_fix("TZ: UTC\n", &[]);
    assert_eq!(codes, vec![(1, "incorrect-delimiter".to_owned())]);
    assert_eq!(after, "TZ=UTC\n");
}

#[test]
fn a_leading_bom_is_reported_and_removed_without_changing_the_load() {
    let text = "\u{feff}API_URL=x\n";
    let (run, codes, after) = lint_then_fix(text, &[]);
    assert_eq!(run.code, 1);
    assert_eq!(codes, vec![(1, "invisible-character".to_owned())]);
    assert!(run.stdout.contains("BYTE ORDER MARK"), "{}", run.stdout);
    assert_eq!(after, "API_URL=x\n");
    assert_eq!(loads(&after), loads(text));
}

/// `keylint env --format json <args>` on a `.env` holding `text`: exit code and (line, code).
fn lint_codes(text: &str, args: &[&str]) -> (i32, Vec<(u64, String)>) {
    let (run, codes, _) = lint_then_fix(text, args);
    (run.code, codes)
}

#[test]
fn dotenv_linter_check_names_select_what_dotenv_linter_reports() {
    let text = "FOO BAR=x\nR=it's\nS=\"quoted\"\nT=$VAR}\nU=${A:-b}\nQ=\"open\n";
    let line_codes = |name: &str| {
        let (code, codes) = lint_codes(text, &["--check", name, "--fail-on", "info"]);
        assert_ne!(code, 2, "{name}");
        codes.into_iter().map(|(l, _)| l).collect::<Vec<_>>()
    };
    // As dotenv-linter 4.0 reports them (checked with its binary on the same lines).
    assert_eq!(line_codes("IncorrectDelimiter"), [1]);
    assert_eq!(line_codes("QuoteCharacter"), [2, 3, 6]);
    // `${A:-b}` is valid for every loader: keylint leaves it alone, dotenv-linter does not.
    assert_eq!(line_codes("SubstitutionKey"), [4]);
    let (code, _) = lint_codes(text, &["--check", "SchemaViolation"]);
    assert_eq!(code, 0);
}

#[test]
fn dotenv_linter_and_keylint_off_on_comments_are_honoured() {
    let text = "A=x\n# dotenv-linter:off LowercaseKey, UnorderedKey\nb=1\n# dotenv-linter:on LowercaseKey\nc=2\n# keylint:off\nd=3\n# keylint:on lowercase-key\ne=4\n";
    let (_, codes) = lint_codes(text, &["--check", "lowercase-key"]);
    assert_eq!(codes.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [5, 9]);
}

#[test]
fn no_fix_changes_a_loaded_value_even_with_unsafe_fixes() {
    // python-dotenv skips `B: 2`, so B is 1. Turning `:` into `=` (and commenting out the
    // first B as a duplicate) would load 2: both fixes are left out, and still reported.
    let text = "B=1\nB: 2\n";
    let (run, codes, after) = lint_then_fix(text, &[]);
    assert_eq!(run.code, 1);
    assert!(
        codes.contains(&(2, "incorrect-delimiter".to_owned())),
        "{codes:?}"
    );
    assert_eq!(after, text);
    assert_eq!(loads(&after), pairs(&[("B", "1")]));
}

#[test]
fn a_fix_meant_to_change_a_value_does_not_cover_another_fix_of_that_key() {
    // Replacing the no-break space changes PORT on purpose (unsafe); commenting out the first
    // PORT as a duplicate would change it too (`${PORT:-80}` then gives 80), and is left out.
    let text = "PORT=1\nPORT=\"${PORT:-80}x\u{a0}\"\n";
    let (_, codes, after) = lint_then_fix(text, &[]);
    assert!(
        codes.contains(&(2, "duplicated-key".to_owned())),
        "{codes:?}"
    );
    assert_eq!(after, "PORT=1\nPORT=\"${PORT:-80}x \"\n");
    assert_eq!(loads(&after), pairs(&[("PORT", "1x ")]));
}

/// `LIVEKIT_API_KEY=devkey` is `LiveKit`'s own `--dev` key (the seeds run it locally): said to be
/// that, at `low`, not a malformed key at `high`; a key that only looks like it stays an error.
#[test]
fn livekit_development_key_is_low_and_named() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("app/.env", "LIVEKIT_API_KEY=devkey\n"),
            ("other/.env", "LIVEKIT_API_KEY=devkey2\n"),
        ],
    );
    let run = keylint(dir.path(), &["env", "--format", "concise", "app/.env"]);
    assert_eq!(
        (run.code, run.stdout.as_str(), run.stderr.as_str()),
        (
            1,
            "app/.env:1:17: low provider-format: `LIVEKIT_API_KEY` is LiveKit's development key (`livekit-server --dev`): fine on your machine, never in production\n✗ 1 problem (1 low) in 1 env file\n",
            ""
        ),
        "{}",
        run.transcript()
    );
    let run = keylint(dir.path(), &["env", "--format", "concise", "other/.env"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.contains(
            "high provider-format: `LIVEKIT_API_KEY` (`…`) does not start like a LiveKit key"
        ),
        "{}",
        run.transcript()
    );
}

/// A key whose prefix was mistyped (`sk-prj-`) or that was cut a few characters after its fixed
/// marker (`T3BlbkFJ`) is explained as such, by `env` and by `scan` alike (the wrong prefix used
/// to be "163 characters long … extra characters were pasted", the cut key "does not match").
#[test]
fn a_mistyped_prefix_and_a_key_cut_after_its_marker_are_named() {
    let marker = ["T3Bl", "bkFJ"].concat();
    let body = synthetic(14, 74, ALNUM);
    let wrong_prefix = format!("sk-prj-{body}{marker}{}", synthetic(15, 74, ALNUM));
    let cut = format!("sk-proj-{body}{marker}{}", synthetic(16, 5, ALNUM));
    for (value, problem) in [
        (
            &wrong_prefix,
            "does not start like an OpenAI key: the prefix should be `sk-proj-`".to_owned(),
        ),
        (
            &cut,
            format!(
                "ends 5 characters after `{marker}`; an OpenAI key has at least 20 characters after it: the key looks truncated"
            ),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write_tree(
            dir.path(),
            &[(".env", &format!("OPENAI_API_KEY={value}\n"))],
        );
        let message = format!(
            "`OPENAI_API_KEY` (`sk-p…{}`) {problem}",
            &value[value.len() - 4..]
        );
        let env = keylint(dir.path(), &["env", "--format", "concise", ".env"]);
        assert_eq!(env.code, 1);
        assert_eq!(
            env.stdout,
            format!(
                ".env:1:16: high provider-format: {message}\n✗ 1 problem (1 high) in 1 env file\n"
            )
        );
        let scan = keylint(dir.path(), &["scan", ".", "--format", "json"]);
        assert_eq!(scan.code, 1);
        let doc: serde_json::Value = serde_json::from_str(&scan.stdout).unwrap();
        let messages: Vec<&str> = doc["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["code"] == "provider-format")
            .filter_map(|d| d["message"].as_str())
            .collect();
        assert_eq!(messages, [message.as_str()]);
        assert!(!scan.stdout.contains(value.as_str()));
    }
}

/// A template is compared with the env file its name describes: `.env.client.example` (which
/// `keylint fix` writes beside a Flutter app's `.env.client`) with `.env.client`, not with the
/// server's `.env` (issue 14: a fixed seed project reported every client name as missing
/// from `.env`).
#[test]
fn a_client_template_is_compared_with_the_client_env_file() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (".env", "PORT=3000\n"),
            (".env.client", "FIREBASE_PROJECT=demo\n"),
            (".env.client.example", "FIREBASE_PROJECT=\nSENTRY_DSN=\n"),
        ],
    );
    let run = keylint(
        dir.path(),
        &["env", "--format", "concise", "--fail-on", "low"],
    );
    assert_eq!(
        run.stdout,
        ".env.client.example:2:1: low example-drift: `SENTRY_DSN` is missing from `.env.client`\n\
         ✗ 1 problem (1 low) in 3 env files\n",
        "{}",
        run.transcript()
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
}

/// A key with an invisible character pasted into it is one problem, said once: the character.
/// provider-format judges the key as the invisible-character fix leaves it, so it no longer
/// adds "57 characters long … extra characters were pasted: remove what follows the key",
/// which sent the user looking at the end of the line (issue 14, items 12 and 14).
#[test]
fn a_pasted_invisible_character_is_not_also_a_wrong_length() {
    let dir = tempfile::tempdir().unwrap();
    let key = format!("gs{}{}", "k_", synthetic(41, 52, ALNUM));
    let pasted = format!("{}\u{200B}{}", &key[..30], &key[30..]);
    write_tree(dir.path(), &[(".env", &format!("GROQ_API_KEY={pasted}\n"))]);
    let run = keylint(dir.path(), &["env", "--format", "concise"]);
    assert_eq!(
        run.stdout,
        ".env:1:44: high invisible-character: U+200B ZERO WIDTH SPACE in the value of `GROQ_API_KEY` (character 31 of 57)\n\
         ✗ 1 problem (1 high) in 1 env file\n  1 more with `--fix --unsafe-fixes`\n",
        "{}",
        run.transcript()
    );
    // Cut short as well: the length is reported, counted without the invisible character.
    let short = format!("{}\u{200B}{}", &key[..30], &key[30..50]);
    write_tree(dir.path(), &[(".env", &format!("GROQ_API_KEY={short}\n"))]);
    let run = keylint(dir.path(), &["env", "--format", "concise"]);
    assert!(
        run.stdout
            .contains("high provider-format: `GROQ_API_KEY` (`gsk_")
            && run.stdout.contains("is 50 characters long"),
        "{}",
        run.transcript()
    );
}
