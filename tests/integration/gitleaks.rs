//! gitleaks migration: realistic `gitleaks.toml` files (tests/fixtures/gitleaks/) loaded with
//! `--gitleaks-config` or `[extend] gitleaks`, run through the real binary on synthetic
//! credentials; `.gitleaksignore` entries, with and without a commit, in a real git repository.

use std::path::Path;

use crate::support::{
    Run, commit_all, finding_rows, git_ok, keylint, openai_key, repo, synthetic, write, write_tree,
};

const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/gitleaks")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn acme(env: &str, seed: u64) -> String {
    format!("acme_{env}_{}", synthetic(seed, 32, LOWER_ALNUM))
}

/// (path, line, rule) of the findings of a JSON run.
fn rows(run: &Run) -> Vec<String> {
    finding_rows(run)
        .into_iter()
        .map(|(path, line, rule, _)| format!("{path}:{line}:{rule}"))
        .collect()
}

/// Every secret of the tree, to check none is printed in full.
struct Tree {
    dir: tempfile::TempDir,
    secrets: Vec<String>,
}

impl Tree {
    fn assert_masked(&self, run: &Run) {
        for secret in &self.secrets {
            assert!(
                !run.stdout.contains(secret.as_str()) && !run.stderr.contains(secret.as_str()),
                "a secret was printed in full:\n{}",
                run.transcript()
            );
        }
    }
}

/// The tree the `internal.toml` config is run on: each line is either a finding or suppressed
/// by one named part of the config.
fn internal_tree() -> Tree {
    let dir = tempfile::tempdir().unwrap();
    let live = acme("live", 1);
    let commented = acme("live", 2);
    let docs_live = acme("live", 3);
    let testdata = acme("live", 4);
    let sandbox = format!("acme_test_sandbox{}", synthetic(5, 25, LOWER_ALNUM));
    let docs_demo = format!("acme_test_demo{}", synthetic(6, 28, LOWER_ALNUM));
    let src_demo = format!("acme_test_demo{}", synthetic(7, 28, LOWER_ALNUM));
    let helm = synthetic(8, 18, super::support::ALNUM);
    let helm_demo = synthetic(9, 18, super::support::ALNUM);
    let ghs = format!("ghs_{}", synthetic(10, 36, super::support::ALNUM));
    let openai = openai_key(11);
    write_tree(
        dir.path(),
        &[
            ("gitleaks.toml", &fixture("internal.toml")),
            (
                "src/settings.py",
                &format!(
                    "ACME_TOKEN = \"{live}\"\n\
                     ACME_TOKEN = \"acme_test_{}\"  # low entropy: not reported\n\
                     acme_token: {sandbox}\n\
                     ACME_TOKEN={commented}  # example from the README\n",
                    "ab".repeat(16)
                ),
            ),
            (
                "docs/setup.md",
                &format!("acme_token: {docs_demo}\nacme_token: {docs_live}\n"),
            ),
            ("src/demo.py", &format!("acme_token = {src_demo}\n")),
            ("testdata/tokens.txt", &format!("ACME_TOKEN={testdata}\n")),
            (
                "chart/templates/secret.yaml",
                &format!(
                    "password: {{{{ .Values.db.password | default \"{helm}\" }}}}\n\
                     password: {{{{ .Values.demo.password | default \"{helm_demo}\" }}}}\n"
                ),
            ),
            (
                ".github/workflows/ci.yml",
                &format!("env:\n  TOKEN: ${{{{ '{ghs}' }}}}\n"),
            ),
            ("src/openai.ts", &format!("const key = \"{openai}\";\n")),
        ],
    );
    std::fs::write(dir.path().join("certs.p12"), b"\x30\x82\x00\x01binary").unwrap();
    std::fs::create_dir_all(dir.path().join("testdata")).unwrap();
    std::fs::write(dir.path().join("testdata/fixture.pfx"), b"\x30\x82\x00\x00").unwrap();
    Tree {
        dir,
        secrets: vec![
            live, commented, docs_live, testdata, sandbox, docs_demo, src_demo, helm, helm_demo,
            ghs, openai,
        ],
    }
}

const INTERNAL_FINDINGS: [&str; 6] = [
    ".github/workflows/ci.yml:2:workflow-inline-token",
    "certs.p12:1:pkcs12-keystore",
    "chart/templates/secret.yaml:1:helm-default-password",
    "docs/setup.md:2:acme-internal-token",
    "src/demo.py:1:acme-internal-token",
    "src/settings.py:1:acme-internal-token",
];

#[test]
fn internal_config_rules_and_allowlists() {
    let tree = internal_tree();
    let run = keylint(
        tree.dir.path(),
        &[
            "scan",
            "--no-config",
            "--gitleaks-config",
            "gitleaks.toml",
            "-f",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    // Reported: a custom token (secretGroup 2 of 2), a path-only rule on a binary file, literal
    // braces in two Go patterns. Suppressed: low entropy, the rule's stopword (old
    // `[rules.allowlist]`), its `regexTarget = "line"` regex (new `[[rules.allowlists]]`), the
    // global path regex (a text file and a .pfx), the global `regexTarget = "match"` regex, the
    // AND allowlist (docs/ and "demo" both). Not loaded: keylint's built-in rules (no
    // useDefault), so the OpenAI key is not reported.
    assert_eq!(rows(&run), INTERNAL_FINDINGS, "{}", run.transcript());
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    tree.assert_masked(&run);

    // The secret is the group secretGroup names, not the whole match.
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let acme = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "src/settings.py")
        .unwrap();
    assert_eq!(acme["column"], 25, "the secret starts after `acme_live_`");
    assert_eq!(acme["rule_name"], "ACME internal service token");
}

#[test]
fn human_report_of_a_path_only_rule() {
    let tree = internal_tree();
    let run = keylint(
        tree.dir.path(),
        &[
            "scan",
            "--no-config",
            "--gitleaks-config",
            "gitleaks.toml",
            "--only",
            "pkcs12-keystore",
        ],
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn gitleaksignore_suppresses_exactly_the_listed_finding() {
    let tree = internal_tree();
    let dir = tree.dir.path();
    let args = [
        "scan",
        "--no-config",
        "--gitleaks-config",
        "gitleaks.toml",
        "-f",
        "json",
    ];
    // At the scan root: picked up without a flag. The same rule on another line of the same
    // file, or in another file, is still reported.
    write(
        dir,
        ".gitleaksignore",
        "# accepted after review\n./src/settings.py:acme-internal-token:1\ncerts.p12:pkcs12-keystore:0\n",
    );
    let run = keylint(dir, &args);
    let expected: Vec<&str> = INTERNAL_FINDINGS
        .iter()
        .copied()
        .filter(|f| !f.starts_with("src/settings.py") && !f.starts_with("certs.p12"))
        .collect();
    assert_eq!(rows(&run), expected, "{}", run.transcript());
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap()["summary"]["baselined"],
        2
    );

    // A wrong line or rule suppresses nothing; `--gitleaks-ignore` names another file.
    std::fs::remove_file(dir.join(".gitleaksignore")).unwrap();
    write(
        dir,
        "leaks.ignore",
        "src/settings.py:acme-internal-token:2\nsrc/demo.py:helm-default-password:1\nnot a fingerprint\n",
    );
    let mut with_flag = args.to_vec();
    with_flag.extend(["--gitleaks-ignore", "leaks.ignore"]);
    let run = keylint(dir, &with_flag);
    assert_eq!(rows(&run), INTERNAL_FINDINGS, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("leaks.ignore: line 3: `not a fingerprint`"),
        "{}",
        run.stderr
    );
}

#[test]
fn use_default_keeps_builtin_rules_via_keylint_toml() {
    let dir = tempfile::tempdir().unwrap();
    let token = acme("live", 21);
    let openai = openai_key(22);
    write_tree(
        dir.path(),
        &[
            // Relative to keylint.toml's directory.
            (
                "keylint.toml",
                "[extend]\ngitleaks = \"security/gitleaks.toml\"\n",
            ),
            ("security/gitleaks.toml", &fixture("use_default.toml")),
            (
                "src/app.ts",
                &format!("const acme = \"{token}\";\nconst openai = \"{openai}\";\n"),
            ),
        ],
    );
    let run = keylint(dir.path(), &["scan", "-f", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(
        rows(&run),
        [
            "src/app.ts:1:acme-internal-token",
            "src/app.ts:2:openai-project-key"
        ]
    );
    insta::assert_snapshot!("use_default_warnings", run.stderr);

    // `keylint rules` lists the imported rule next to the built-in ones.
    let rules = keylint(dir.path(), &["rules"]);
    assert!(
        rules.stdout.contains("acme-internal-token"),
        "{}",
        rules.stdout
    );
    assert!(rules.stdout.contains("openai-project-key"));

    // A missing file is an error pointing at the setting.
    write(
        dir.path(),
        "keylint.toml",
        "[extend]\ngitleaks = \"nope.toml\"\n",
    );
    let run = keylint(dir.path(), &["scan"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("gitleaks config `./nope.toml` not found")
            || run.stderr.contains("nope.toml` not found"),
        "{}",
        run.stderr
    );
}

#[test]
fn untranslatable_regex_names_the_rule() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "gitleaks.toml", &fixture("untranslatable.toml"));
    let run = keylint(
        dir.path(),
        &["scan", "--no-config", "--gitleaks-config", "gitleaks.toml"],
    );
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn unknown_keys_warn_and_the_scan_runs() {
    let dir = tempfile::tempdir().unwrap();
    let token = acme("test", 31);
    write_tree(
        dir.path(),
        &[
            ("gitleaks.toml", &fixture("unknown_keys.toml")),
            ("a.txt", &format!("{token}\n")),
        ],
    );
    let run = keylint(
        dir.path(),
        &[
            "scan",
            "--no-config",
            "--gitleaks-config",
            "gitleaks.toml",
            "-f",
            "json",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(rows(&run), ["a.txt:1:acme-internal-token"]);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn commit_allowlists_and_commit_ignores_in_a_real_repository() {
    let dir = repo();
    let root = dir.path();
    let token = |seed| format!("ACME_TOKEN={}\n", acme("live", seed));
    write(root, "a.py", &token(41));
    commit_all(root, "add a");
    let first = git_ok(root, &["rev-parse", "HEAD"]);
    write(root, "b.py", &token(42));
    write(root, "b2.py", &token(43));
    commit_all(root, "add b");
    let second = git_ok(root, &["rev-parse", "HEAD"]);
    write(root, "c.py", &token(44));
    write(root, "d.py", &token(45));
    commit_all(root, "add c");
    let third = git_ok(root, &["rev-parse", "HEAD"]);
    // Outside the repository's files, so the scanned trees hold only the tokens.
    let config = tempfile::tempdir().unwrap();
    let config_path = config.path().join("gitleaks.toml");
    std::fs::write(
        &config_path,
        format!(
            "[[rules]]\nid = \"acme-internal-token\"\nregex = '''acme_(?:live|test)_([a-z0-9]{{32}})'''\nkeywords = [\"acme_\"]\n\
             [allowlist]\ncommits = [\"{first}\"]\n\
             [[allowlists]]\ncondition = \"AND\"\ncommits = [\"{}\"]\npaths = ['''^b\\.py$''']\n",
            second.to_uppercase()
        ),
    )
    .unwrap();
    std::fs::write(
        config.path().join("ignore"),
        format!("{third}:c.py:acme-internal-token:1\n"),
    )
    .unwrap();
    let config_arg = config_path.to_str().unwrap();
    let ignore_arg = config.path().join("ignore");
    let ignore_arg = ignore_arg.to_str().unwrap();
    let scan = |extra: &[&str]| {
        let mut args = vec![
            "scan",
            "--no-config",
            "--gitleaks-config",
            config_arg,
            "--gitleaks-ignore",
            ignore_arg,
            "-f",
            "json",
        ];
        args.extend(extra);
        keylint(root, &args)
    };
    // History: a.py (allowed commit), b.py (allowed commit AND path) and c.py (ignored in
    // that commit) are dropped; b2.py (same commit, other path) and d.py are reported.
    let run = scan(&["--history"]);
    assert_eq!(
        rows(&run),
        ["b2.py:1:acme-internal-token", "d.py:1:acme-internal-token"],
        "{}",
        run.transcript()
    );
    // The working tree has no commits: only the commit-less criteria apply.
    let run = scan(&[]);
    assert_eq!(
        rows(&run),
        [
            "a.py:1:acme-internal-token",
            "b.py:1:acme-internal-token",
            "b2.py:1:acme-internal-token",
            "c.py:1:acme-internal-token",
            "d.py:1:acme-internal-token",
        ],
        "{}",
        run.transcript()
    );
}
