//! Where passwords hide: credential files and command lines in a realistic project tree. In a
//! credential file the file is the evidence, so even a weak-looking password is reported; the
//! same files reading the value from a variable are clean. Passwords are assembled at run time.

use base64::Engine as _;

use crate::support::{ALNUM, Run, finding_rows, keylint, synthetic, write_tree};

/// A weak, human-made password (what the generic detector deliberately lets through).
/// One expected finding: path, line, rule and severity, as `finding_rows` gives them.
fn row(path: &str, line: u64, rule: &str, severity: &str) -> (String, u64, String, String) {
    (path.to_owned(), line, rule.to_owned(), severity.to_owned())
}

/// One expected finding at severity high.
fn high(path: &str, line: u64, rule: &str) -> (String, u64, String, String) {
    row(path, line, rule, "high")
}

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
    assert_eq!(
        rows,
        vec![
            high("android/key.properties", 1, "android-signing-password"),
            high("android/key.properties", 2, "android-signing-password"),
            high("docker-compose.yml", 4, "command-line-password"),
            high(
                "inventory/group_vars/all.yml",
                2,
                "ansible-connection-password"
            ),
            high("ops/.my.cnf", 3, "mysql-option-file-password"),
            high("ops/.pgpass", 2, "pgpass-password"),
            high("scripts/release.sh", 2, "command-line-token"),
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

/// Realistic `.netrc`, `.dockercfg`, `.ftpconfig`, `IntelliJ`, Jenkins, `mRemoteNG`, Remmina and
/// `PuTTY` files, each holding one of `secrets` (a weak password where the format stores it clear).
fn remote_session_files(secrets: &[&String; 9]) -> Vec<(&'static str, String)> {
    let [
        netrc,
        docker_auth,
        ftp,
        db,
        web,
        jenkins,
        mrng,
        proxy,
        remmina,
    ] = *secrets;
    vec![
        (
            "home/.netrc",
            format!("machine api.heroku.com\n  login ops@acme.io\n  password {netrc}\n"),
        ),
        (
            "home/.dockercfg",
            format!(
                "{{\"registry.acme.io\": {{\"auth\": \"{docker_auth}\", \"email\": \"ci@acme.io\"}}}}\n"
            ),
        ),
        (
            "site/.ftpconfig",
            format!(
                "{{\n  \"protocol\": \"ftp\",\n  \"host\": \"ftp.acme.io\",\n  \"user\": \"webmaster\",\n  \"pass\": \"{ftp}\"\n}}\n"
            ),
        ),
        (
            "app/.idea/dataSources.xml",
            format!(
                "<project version=\"4\">\n  <data-source source=\"LOCAL\" name=\"prod\">\n    <user-name>app</user-name>\n    <password>{db}</password>\n  </data-source>\n</project>\n"
            ),
        ),
        (
            "app/.idea/webServers.xml",
            format!(
                "<project version=\"4\">\n  <fileTransfer host=\"web.acme.io\" accessType=\"FTP\">\n    <option name=\"username\" value=\"deploy\" />\n    <option name=\"password\" value=\"{web}\" />\n  </fileTransfer>\n</project>\n"
            ),
        ),
        (
            "jenkins_home/credentials.xml",
            format!(
                "<com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n  <id>deploy</id>\n  <username>deploy</username>\n  <password>{jenkins}</password>\n</com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>\n"
            ),
        ),
        (
            "tools/confCons.xml",
            format!(
                "<mrng:Connections Name=\"Connections\" ConfVersion=\"2.6\">\n  <Node Name=\"web01\" Type=\"Connection\" Username=\"deploy\" Password=\"{mrng}\" Hostname=\"web01.acme.io\" Protocol=\"SSH2\" />\n</mrng:Connections>\n"
            ),
        ),
        (
            "tools/putty-sessions.reg",
            format!(
                "Windows Registry Editor Version 5.00\n\n[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\prod]\n\"ProxyUsername\"=\"proxy\"\n\"ProxyPassword\"=\"{proxy}\"\n"
            ),
        ),
        (
            "home/prod.remmina",
            format!(
                "[remmina]\nprotocol=RDP\nserver=10.0.0.5\nusername=administrator\npassword={remmina}\n"
            ),
        ),
    ]
}

/// The files of item 2 of issue 12 that had no rule of their own: a weak password in a `.netrc`
/// on its own line, a `.dockercfg`, an editor `.ftpconfig`, `IntelliJ` project files, a Jenkins
/// home, `mRemoteNG` and Remmina connection files and a `PuTTY` registry export.
#[test]
fn weak_passwords_in_editor_ide_and_remote_session_files_are_reported_and_masked() {
    let netrc = weak("hunt", 2); // entropy < 3: the catalog-wide netrc rule drops it
    let docker = weak("Harbor", 5);
    let ftp = weak("Upload", 2018);
    let db = weak("Reports", 9);
    let web = weak("Deploy", 31);
    let jenkins = format!("{{AQAAABAAAAAQ{}=}}", synthetic(7, 44, ALNUM));
    let mrng = synthetic(8, 48, ALNUM);
    let proxy = weak("Proxy", 88);
    let remmina = synthetic(9, 24, ALNUM);
    let docker_auth = base64::engine::general_purpose::STANDARD.encode(format!("ci:{docker}"));
    let secrets = [
        &netrc,
        &docker_auth,
        &ftp,
        &db,
        &web,
        &jenkins,
        &mrng,
        &proxy,
        &remmina,
    ];
    let (run, rows) = scan_files(&remote_session_files(&secrets));

    assert_eq!(
        rows,
        vec![
            high("app/.idea/dataSources.xml", 4, "intellij-saved-password"),
            high("app/.idea/webServers.xml", 4, "intellij-saved-password"),
            high("home/.dockercfg", 1, "dockercfg-auth"),
            high("home/.netrc", 3, "netrc-file-password"),
            high("home/prod.remmina", 5, "remmina-saved-password"),
            high(
                "jenkins_home/credentials.xml",
                4,
                "jenkins-credentials-secret"
            ),
            high("site/.ftpconfig", 5, "ftpconfig-password"),
            high("tools/confCons.xml", 2, "mremoteng-connection-password"),
            high(
                "tools/putty-sessions.reg",
                5,
                "registry-export-saved-password"
            ),
        ]
    );
    assert_masked(&run, secrets);
}

#[test]
fn the_same_remote_session_files_with_placeholders_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "home/.netrc",
                "machine api.heroku.com\n  login you@example.com\n  password changeme\nmachine git.acme.io login ci password ${NETRC_PASSWORD}\n",
            ),
            (
                "home/.dockercfg",
                "{\"registry.acme.io\": {\"auth\": \"\", \"email\": \"ci@acme.io\"}}\n",
            ),
            (
                "site/.ftpconfig",
                "{ \"protocol\": \"ftp\", \"host\": \"ftp.acme.io\", \"user\": \"you\", \"pass\": \"<password>\" }\n",
            ),
            (
                "app/.idea/dataSources.xml",
                "<data-source name=\"prod\">\n  <user-name>app</user-name>\n  <password></password>\n</data-source>\n",
            ),
            (
                "jenkins_home/credentials.xml",
                "<org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>\n  <secret>${SLACK_TOKEN}</secret>\n</org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>\n",
            ),
            (
                "tools/putty-sessions.reg",
                "[HKEY_CURRENT_USER\\Software\\SimonTatham\\PuTTY\\Sessions\\prod]\n\"ProxyPassword\"=\"\"\n",
            ),
        ],
    );

    let run = keylint(dir.path(), &["scan", "."]);

    assert_eq!(run.code, 0, "{}", run.transcript());
}

/// Whole credential files as the tools write them, each with a weak, human-made password (or the
/// tool's encoding of one), for `secrets`: `.pgpass`, `.netrc`, `wp-config.php` (the database
/// password and two salts, one holding `{{` as generated salts do), `FileZilla`'s
/// `sitemanager.xml`, `WinSCP.ini`, Sublime SFTP's `sftp-config.json`, `rclone.conf`, `.s3cfg` and
/// `.boto` (an S3-compatible store's weak secret).
fn whole_credential_files(secrets: &[&String; 11]) -> Vec<(&'static str, String)> {
    let [
        pg,
        netrc,
        wp_db,
        wp_key,
        wp_salt,
        filezilla,
        winscp,
        sftp,
        rclone,
        s3,
        boto,
    ] = *secrets;
    vec![
        (
            "home/.pgpass",
            format!("# hostname:port:database:username:password\nlocalhost:5432:*:postgres:{pg}\n"),
        ),
        (
            "home/.netrc",
            format!("machine ftp.acme.io\nlogin deploy\npassword {netrc}\n"),
        ),
        (
            "site/wp-config.php",
            format!(
                "<?php\n/** The name of the database for WordPress */\ndefine( 'DB_NAME', 'acme_wp' );\ndefine( 'DB_USER', 'wp' );\ndefine( 'DB_PASSWORD', '{wp_db}' );\ndefine( 'DB_HOST', 'localhost' );\ndefine( 'DB_CHARSET', 'utf8mb4' );\n\ndefine( 'AUTH_KEY',         '{wp_key}' );\ndefine( 'NONCE_SALT',       '{wp_salt}' );\n\n$table_prefix = 'wp_';\ndefine( 'WP_DEBUG', false );\nif ( ! defined( 'ABSPATH' ) ) {{\n\tdefine( 'ABSPATH', __DIR__ . '/' );\n}}\nrequire_once ABSPATH . 'wp-settings.php';\n"
            ),
        ),
        (
            "home/.config/filezilla/sitemanager.xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\" ?>\n<FileZilla3 version=\"3.66.0\" platform=\"windows\">\n  <Servers>\n    <Server>\n      <Host>ftp.acme.io</Host>\n      <Port>21</Port>\n      <Protocol>0</Protocol>\n      <User>webmaster</User>\n      <Pass encoding=\"base64\">{filezilla}</Pass>\n      <Logontype>1</Logontype>\n      <Name>acme prod</Name>\n    </Server>\n  </Servers>\n</FileZilla3>\n"
            ),
        ),
        (
            "home/WinSCP.ini",
            format!(
                "[Sessions\\deploy@web.acme.io]\nHostName=web.acme.io\nUserName=deploy\nPassword={winscp}\n\n[Configuration\\Interface]\nRandomSeedFile=%APPDATA%\\winscp.rnd\n"
            ),
        ),
        (
            "site/sftp-config.json",
            format!(
                "{{\n    \"type\": \"sftp\",\n    \"save_before_upload\": true,\n    \"upload_on_save\": false,\n    \"host\": \"web.acme.io\",\n    \"user\": \"deploy\",\n    \"password\": \"{sftp}\",\n    \"remote_path\": \"/var/www/acme/\"\n}}\n"
            ),
        ),
        (
            "home/.config/rclone/rclone.conf",
            format!("[nas]\ntype = sftp\nhost = nas.acme.lan\nuser = backup\npass = {rclone}\n"),
        ),
        (
            "home/.s3cfg",
            format!(
                "[default]\naccess_key = backup\nhost_base = minio.acme.lan:9000\nhost_bucket = minio.acme.lan:9000\nsecret_key = {s3}\nuse_https = False\n"
            ),
        ),
        (
            "home/.boto",
            format!(
                "[Credentials]\naws_access_key_id = backup\naws_secret_access_key = {boto}\n\n[Boto]\nhttps_validate_certificates = True\n"
            ),
        ),
    ]
}

/// Issue 12's leftovers end to end: weak passwords in whole credential files are reported by
/// the file's rule and masked in the output; `.s3cfg` and `.boto` secrets no longer need to look
/// like an AWS key, and a salt holding `{{` is not taken for a template.
#[test]
fn weak_passwords_in_whole_credential_files_are_reported_and_masked() {
    let salt_alphabet =
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#^&*()-_[]<>~+=,.;:/?|";
    let pg = weak("Winter", 7);
    let netrc = weak("Sunny", 24);
    let wp_db = weak("Blog", 2021);
    let wp_key = synthetic(51, 64, salt_alphabet);
    let wp_salt = format!(
        "{}{{{{{}",
        synthetic(52, 20, salt_alphabet),
        synthetic(53, 42, salt_alphabet)
    );
    let filezilla_plain = weak("Upload", 3);
    let filezilla = base64::engine::general_purpose::STANDARD.encode(&filezilla_plain);
    let winscp = format!("A35C{}", synthetic(54, 36, b"0123456789ABCDEF"));
    let sftp = weak("Deploy", 12);
    let rclone = synthetic(
        55,
        32,
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
    );
    let s3 = weak("hunter", 22);
    let boto = weak("Summer", 2024);
    let secrets = [
        &pg, &netrc, &wp_db, &wp_key, &wp_salt, &filezilla, &winscp, &sftp, &rclone, &s3, &boto,
    ];
    let (run, rows) = scan_files(&whole_credential_files(&secrets));

    assert_eq!(
        rows,
        vec![
            row("home/.boto", 3, "boto-config-secret", "critical"),
            row(
                "home/.config/filezilla/sitemanager.xml",
                9,
                "filezilla-saved-password",
                "high"
            ),
            row(
                "home/.config/rclone/rclone.conf",
                5,
                "rclone-config-secret",
                "high"
            ),
            row("home/.netrc", 3, "netrc-file-password", "high"),
            row("home/.pgpass", 2, "pgpass-password", "high"),
            row("home/.s3cfg", 5, "s3cmd-secret-key", "critical"),
            row("home/WinSCP.ini", 4, "winscp-session-password", "high"),
            row("site/sftp-config.json", 7, "sftp-plugin-password", "high"),
            row("site/wp-config.php", 5, "wordpress-db-password", "high"),
            row("site/wp-config.php", 9, "wordpress-auth-salt", "high"),
            row("site/wp-config.php", 10, "wordpress-auth-salt", "high"),
        ]
    );
    assert_masked(&run, secrets.into_iter().chain([&filezilla_plain]));
}

/// Writes `files` into a fresh directory, scans it as JSON and expects findings (exit 1):
/// the run and its finding rows, sorted.
fn scan_files(files: &[(&'static str, String)]) -> (Run, Vec<(String, u64, String, String)>) {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    write_tree(dir.path(), &files);
    let run = keylint(dir.path(), &["scan", ".", "--format", "json"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let mut rows = finding_rows(&run);
    rows.sort();
    (run, rows)
}

/// Fails when one of `secrets` is printed in clear on stdout or stderr.
fn assert_masked<'a>(run: &Run, secrets: impl IntoIterator<Item = &'a String>) {
    for secret in secrets {
        assert!(
            !run.stdout.contains(secret.as_str()) && !run.stderr.contains(secret.as_str()),
            "a secret was printed unmasked:\n{}",
            run.transcript()
        );
    }
}
