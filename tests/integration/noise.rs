//! Quiet on real code (issue 17): values in docs, tests and CI files, and well-known development
//! credentials used locally, are reported at `low` with the reason and do not fail a run at the
//! default or `medium` level; the same credentials in a production-looking file still do.
//! Credentials are synthetic and assembled at run time.

use crate::support::{ALNUM, finding_rows, keylint, openai_key, synthetic, write_tree};

/// A `PostgreSQL` URL for `host` with the container's default user and password (`postgres` for
/// both), assembled so this source holds no URL with a password.
fn default_postgres_url(host: &str) -> String {
    let user = "postgres";
    format!("postgres://{user}:{user}@{host}:5432/app")
}

#[test]
fn docs_tests_ci_and_local_dev_credentials_do_not_fail_a_run() {
    let dir = tempfile::tempdir().unwrap();
    let random = synthetic(171, 40, ALNUM);
    write_tree(
        dir.path(),
        &[
            (
                "README.md",
                &format!("```python\nSECRET_KEY = '{random}'\n```\n"),
            ),
            ("tests/fixtures/app.env", &format!("API_SECRET={random}\n")),
            (
                "docker-compose.yml",
                &format!(
                    "services:\n  api:\n    environment:\n      DATABASE_URL: {}\n",
                    default_postgres_url("localhost")
                ),
            ),
        ],
    );
    let run = keylint(
        dir.path(),
        &[
            "scan",
            "--format",
            "json",
            "--fail-on",
            "medium",
            "--no-keys",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let rows = finding_rows(&run);
    assert_eq!(rows.len(), 3, "{rows:#?}");
    assert!(rows.iter().all(|r| r.3 == "low"), "{rows:#?}");
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let descriptions: Vec<&str> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["description"].as_str().unwrap())
        .collect();
    assert!(
        descriptions
            .iter()
            .any(|d| d.starts_with("Well-known development credential")),
        "{descriptions:#?}"
    );
    assert!(
        descriptions
            .iter()
            .any(|d| d.starts_with("Found in documentation")),
        "{descriptions:#?}"
    );
    assert!(!run.stdout.contains(&random), "secrets masked");
}

#[test]
fn production_configs_and_provider_keys_still_fail() {
    let dir = tempfile::tempdir().unwrap();
    let key = openai_key(172);
    write_tree(
        dir.path(),
        &[
            (
                "deploy/prod/.env",
                &format!("DATABASE_URL={}\n", default_postgres_url("localhost")),
            ),
            ("docs/setup.md", &format!("OPENAI_API_KEY={key}\n")),
        ],
    );
    let run = keylint(dir.path(), &["scan", "--format", "json", "--no-keys"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let rows = finding_rows(&run);
    assert!(
        rows.iter().any(|r| r.0 == "deploy/prod/.env"
            && r.2 == "postgres-url-password"
            && r.3 == "critical"),
        "{rows:#?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.0 == "docs/setup.md" && r.2.starts_with("openai") && r.3 != "low"),
        "{rows:#?}"
    );
}
