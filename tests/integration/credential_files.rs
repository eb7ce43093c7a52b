//! Where passwords hide: credential files and command lines in a realistic project tree. In a
//! credential file the file is the evidence, so even a weak-looking password is reported; the
//! same files reading the value from a variable are clean. Passwords are assembled at run time.

use crate::support::{ALNUM, finding_rows, keylint, synthetic, write_tree};

/// A weak, human-made password (what the generic detector deliberately lets through).
fn weak(word: &str, n: u32) -> String {
    [word, &n.to_string(), "!x"].concat()
}

#[test]
fn weak_passwords_in_credential_files_and_command_lines_are_reported_and_masked() {
    let dir = tempfile::tempdir().unwrap();
    let pg = weak("Winter", 2024);
    let my = weak("Summer", 2019);
    let store = weak("Upload", 77);
    let redis = weak("Cache", 42);
    let ansible = weak("Become", 12);
    let token = synthetic(31, 24, ALNUM);
    write_tree(
        dir.path(),
        &[
            (
                "ops/.pgpass",
                &format!("# reporting replica\ndb.internal:5432:reports:ro:{pg}\n"),
            ),
            (
                "ops/.my.cnf",
                &format!("[client]\nuser=backup\npassword={my}\n"),
            ),
            (
                "android/key.properties",
                &format!(
                    "storePassword={store}\nkeyPassword={store}\nkeyAlias=upload\nstoreFile=../upload.jks\n"
                ),
            ),
            (
                "docker-compose.yml",
                &format!(
                    "services:\n  cache:\n    image: redis:7\n    command: redis-server --requirepass {redis}\n"
                ),
            ),
            (
                "inventory/group_vars/all.yml",
                &format!("ansible_user: deploy\nansible_become_pass: {ansible}\n"),
            ),
            (
                "scripts/release.sh",
                &format!("#!/bin/sh\n./bin/publish --channel stable --token={token}\n"),
            ),
        ],
    );

    let run = keylint(dir.path(), &["scan", ".", "--format", "json"]);

    assert_eq!(run.code, 1, "{}", run.transcript());
    let mut rows = finding_rows(&run);
    rows.sort();
    let row = |path: &str, line: u64, rule: &str| {
        (path.to_owned(), line, rule.to_owned(), "high".to_owned())
    };
    assert_eq!(
        rows,
        vec![
            row("android/key.properties", 1, "android-signing-password"),
            row("android/key.properties", 2, "android-signing-password"),
            row("docker-compose.yml", 4, "command-line-password"),
            row(
                "inventory/group_vars/all.yml",
                2,
                "ansible-connection-password"
            ),
            row("ops/.my.cnf", 3, "mysql-option-file-password"),
            row("ops/.pgpass", 2, "pgpass-password"),
            row("scripts/release.sh", 2, "command-line-token"),
        ]
    );
    for secret in [&pg, &my, &store, &redis, &ansible, &token] {
        assert!(
            !run.stdout.contains(secret.as_str()) && !run.stderr.contains(secret.as_str()),
            "a secret was printed unmasked:\n{}",
            run.transcript()
        );
    }
}

#[test]
fn the_same_files_reading_variables_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            ("ops/.pgpass", "db.internal:5432:reports:ro:${PGPASSWORD}\n"),
            ("ops/.my.cnf", "[client]\nuser=backup\npassword=\n"),
            (
                "android/key.properties",
                "storePassword=${STORE_PASSWORD}\nkeyAlias=upload\n",
            ),
            (
                "docker-compose.yml",
                "services:\n  cache:\n    command: redis-server --requirepass ${REDIS_PASSWORD}\n",
            ),
            (
                "inventory/group_vars/all.yml",
                "ansible_become_pass: \"{{ vault_become_pass }}\"\n",
            ),
            (
                "scripts/release.sh",
                "#!/bin/sh\nmysql -u root -p\"$(cat /run/secrets/db)\" shop\necho \"$REGISTRY_TOKEN\" | docker login -u bot --password-stdin\n./bin/publish --token \"$PUBLISH_TOKEN\"\nsshpass -p %SSH_PASS% ssh deploy@web\n",
            ),
            (
                "README.md",
                "Run `./bin/publish --password Winter2024x` with your own password.\n",
            ),
        ],
    );

    let run = keylint(dir.path(), &["scan", "."]);

    assert_eq!(run.code, 0, "{}", run.transcript());
}

#[test]
fn a_provider_token_in_a_credential_file_is_reported_by_the_provider_rule() {
    let dir = tempfile::tempdir().unwrap();
    let token = format!("{}{}", "ghp_", synthetic(41, 36, ALNUM));
    write_tree(
        dir.path(),
        &[(
            "infra/prod.tfvars",
            &format!("github_token = \"{token}\"\n"),
        )],
    );

    let run = keylint(dir.path(), &["scan", ".", "--format", "json"]);

    let rules: Vec<String> = finding_rows(&run).into_iter().map(|r| r.2).collect();
    assert_eq!(rules, ["github-pat-classic"], "{}", run.transcript());
}
