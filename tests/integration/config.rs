//! Config files: discovery, Cargo.toml metadata, errors that point at the spot, custom rules,
//! allowlists and rule selection.

use crate::support::{finding_rows, keylint, openai_key, synthetic, write_tree};

fn project_with(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("keylint.toml", config),
            (
                "app/.env",
                &format!(
                    "OPENAI_API_KEY={}\nACME_TOKEN=acme_{}\n",
                    openai_key(1),
                    synthetic(2, 32, b"abcdefghijklmnopqrstuvwxyz0123456789")
                ),
            ),
            (
                "fixtures/.env",
                &format!("OPENAI_API_KEY={}\n", openai_key(4)),
            ),
        ],
    );
    dir
}

fn rule_ids(run: &crate::support::Run) -> Vec<String> {
    finding_rows(run)
        .into_iter()
        .map(|(path, _, rule, _)| format!("{rule}@{path}"))
        .collect()
}

#[test]
fn unknown_key_points_at_it() {
    let dir = project_with("[scan]\nexclude = []\nmax-filesize = 10\n");
    let run = keylint(dir.path(), &["scan"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn malformed_toml_is_a_clear_error() {
    let dir = project_with("[scan\nexclude = [\n");
    let run = keylint(dir.path(), &["scan"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn invalid_allowlist_regex_points_at_it() {
    let dir = project_with("[allowlist]\nregexes = [\"ok\", \"(unclosed\"]\n");
    let run = keylint(dir.path(), &["scan"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn unknown_rule_id_suggests_the_right_one() {
    let dir = project_with("[rules]\ndisable = [\"openai-projet-key\"]\n");
    let run = keylint(dir.path(), &["scan"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `openai-project-key`"),
        "{}",
        run.stderr
    );
}

#[test]
fn custom_rule_runs_like_a_builtin() {
    let dir = project_with(
        "[[rule]]\nid = \"acme-token\"\nname = \"ACME token\"\nseverity = \"critical\"\npattern = '''\\b(acme_[a-z0-9]{32})\\b'''\nkeywords = [\"acme_\"]\n",
    );
    let run = keylint(dir.path(), &["scan", "-f", "json"]);
    assert_eq!(run.code, 1);
    let ids = rule_ids(&run);
    assert!(ids.contains(&"acme-token@app/.env".to_owned()), "{ids:?}");
}

#[test]
fn custom_rule_with_invalid_or_enormous_regex_is_rejected() {
    let invalid = project_with(
        "[[rule]]\nid = \"bad\"\nname = \"b\"\nseverity = \"high\"\npattern = '(acme_[a-z'\nkeywords = [\"acme\"]\n",
    );
    let run = keylint(invalid.path(), &["scan"]);
    assert_eq!(run.code, 2);
    insta::assert_snapshot!("invalid_custom_regex", run.transcript());

    let enormous = project_with(
        "[[rule]]\nid = \"huge\"\nname = \"h\"\nseverity = \"high\"\npattern = '(\\w{1000}){1000}'\nkeywords = [\"acme\"]\n",
    );
    let run = keylint(enormous.path(), &["scan"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("size limit"), "{}", run.stderr);
}

#[test]
fn allowlist_paths_and_disabled_rules() {
    let dir = project_with("[allowlist]\npaths = [\"fixtures/**\"]\n");
    assert_eq!(
        rule_ids(&keylint(dir.path(), &["scan", "-f", "json"])),
        ["openai-project-key@app/.env", "generic-secret@app/.env"]
    );
    let dir = project_with("[rules]\ndisable = [\"openai-project-key\"]\n");
    let run = keylint(dir.path(), &["scan", "-f", "json"]);
    assert!(
        !rule_ids(&run)
            .iter()
            .any(|id| id.starts_with("openai-project-key")),
        "{}",
        run.stdout
    );
    let dir = project_with("[scan]\nexclude = [\"fixtures\"]\n");
    assert_eq!(
        rule_ids(&keylint(dir.path(), &["scan", "-f", "json"])),
        ["openai-project-key@app/.env", "generic-secret@app/.env"]
    );
}

#[test]
fn severity_override_and_fail_on_from_config() {
    let dir = project_with(
        "fail-on = \"critical\"\n[rules]\nseverity = { \"openai-project-key\" = \"medium\" }\n",
    );
    let run = keylint(dir.path(), &["scan", "-f", "json"]);
    assert_eq!(run.code, 0, "medium < critical: {}", run.transcript());
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(doc["findings"][0]["severity"], "medium");
    // A flag beats the file.
    assert_eq!(
        keylint(dir.path(), &["scan", "--fail-on", "medium"]).code,
        1
    );
}

#[test]
fn cargo_metadata_config_is_used() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "Cargo.toml",
                "[package]\nname = \"demo\"\nversion = \"0.1.0\"\n\n[package.metadata.keylint]\n[package.metadata.keylint.allowlist]\npaths = [\"fixtures/**\"]\n",
            ),
            (
                "fixtures/.env",
                &format!("OPENAI_API_KEY={}\n", openai_key(9)),
            ),
        ],
    );
    assert_eq!(keylint(dir.path(), &["scan"]).code, 0);
    assert_eq!(keylint(dir.path(), &["scan", "--no-config"]).code, 1);
}

#[test]
fn stopwords_and_regexes_drop_matching_secrets() {
    let key = openai_key(5);
    let tail = &key[key.len() - 6..];
    let dir = project_with(&format!(
        "[allowlist]\nregexes = [\"{tail}$\"]\npaths = [\"fixtures/**\"]\n"
    ));
    let run = keylint(dir.path(), &["scan", "-f", "json"]);
    assert_eq!(
        rule_ids(&run),
        ["openai-project-key@app/.env", "generic-secret@app/.env"],
        "regex is for another key"
    );
}
