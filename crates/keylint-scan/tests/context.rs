//! Where a finding sits and what it holds change how loud it is (issue 17): free-form values in
//! documentation, translations, tests, CI and example files are `low`; well-known development
//! credentials used locally are `low`; provider keys with a distinctive format keep their
//! severity everywhere. Every case goes through the real engine with the built-in rules; the
//! values are synthetic (this directory is excluded from the repository's self-scan).

use keylint_core::{Finding, Severity};
use keylint_scan::Engine;

fn scan(path: &str, text: &str) -> Vec<Finding> {
    Engine::builtin().scan(path, text.as_bytes())
}

/// The single finding of `rule` in `text` scanned as `path`.
fn one(path: &str, text: &str, rule: &str) -> Finding {
    let found = scan(path, text);
    let mut of_rule: Vec<Finding> = found
        .iter()
        .filter(|f| f.rule_id == rule)
        .cloned()
        .collect();
    assert_eq!(of_rule.len(), 1, "{path}: {found:#?}");
    of_rule.remove(0)
}

const RANDOM: &str = "Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri";

#[test]
fn free_form_values_in_docs_tests_ci_i18n_and_examples_are_low_and_say_why() {
    let line = format!("API_SECRET={RANDOM}\n");
    let at_home = one("src/config.env", &line, "generic-secret");
    assert_eq!(at_home.severity, Severity::High);
    assert!(
        !at_home.description.contains("Found in"),
        "{}",
        at_home.description
    );
    for (path, place) in [
        ("docs/setup.env", "documentation"),
        ("tests/fixtures/app.env", "test code or test data"),
        (".github/workflows/ci.env", "a CI definition"),
        ("lib/l10n/app.env", "a translation resource"),
        ("backend/.env.example", "an example or template file"),
    ] {
        let f = one(path, &line, "generic-secret");
        assert_eq!(f.severity, Severity::Low, "{path}");
        assert!(
            f.description.starts_with(&format!("Found in {place}")),
            "{path}: {}",
            f.description
        );
    }
}

#[test]
fn a_translation_module_named_by_its_language_is_a_translation_resource() {
    let module = format!("export default {{\n  apiSecret: \"{RANDOM}\",\n}};\n");
    assert_eq!(
        one("packages/ui/src/settings.ts", &module, "generic-secret").severity,
        Severity::High
    );
    for path in [
        "packages/ui/src/da.ts",
        "apps/web/nb_NO.ts",
        "src/translations.ts",
    ] {
        let f = one(path, &module, "generic-secret");
        assert_eq!(f.severity, Severity::Low, "{path}");
        assert!(
            f.description.starts_with("Found in a translation resource"),
            "{path}"
        );
    }
}

#[test]
fn a_distinctive_provider_key_keeps_its_severity_in_docs_and_tests() {
    let key = format!("sk-proj-{}T3BlbkFJ{}", "A1b2".repeat(10), "C3d4".repeat(10));
    for path in ["README.md", "tests/data/app.env", "src/app.env"] {
        let f = one(
            path,
            &format!("OPENAI_API_KEY={key}\n"),
            "openai-project-key",
        );
        assert!(f.severity >= Severity::High, "{path}: {:?}", f.severity);
    }
}

#[test]
fn a_url_password_is_free_form_and_lowered_in_tests_only() {
    let line = "DATABASE_URL=postgres://app:Kx9mQ2vLp7RtW4@db.acme.io:5432/app\n";
    assert_eq!(
        one("src/.env", line, "postgres-url-password").severity,
        Severity::Critical
    );
    assert_eq!(
        one("test/orm/db.test.ts", line, "postgres-url-password").severity,
        Severity::Low
    );
}

#[test]
fn well_known_dev_credentials_used_locally_are_low() {
    for (path, text, rule) in [
        (
            "docker-compose.yml",
            "      DATABASE_URL: postgres://postgres:postgres@localhost:5432/app\n",
            "postgres-url-password",
        ),
        (
            "compose.yaml",
            "      DATABASE_URL: mysql://root:root@db:3306/app\n",
            "mysql-url-password",
        ),
        (
            "src/queue.ts",
            "const url = 'amqp://guest:guest@127.0.0.1:5672';\n",
            "amqp-url-password",
        ),
    ] {
        let found = scan(path, text);
        let f = found
            .iter()
            .find(|f| f.rule_id == rule)
            .unwrap_or_else(|| panic!("{path}: {found:#?}"));
        assert_eq!(f.severity, Severity::Low, "{path}");
        assert!(
            f.description
                .starts_with("Well-known development credential"),
            "{path}: {}",
            f.description
        );
    }
}

#[test]
fn a_well_known_dev_credential_on_a_real_host_stays_an_error() {
    let text = "DATABASE_URL=postgres://postgres:postgres@orbit-prod.c8x.eu-west-1.rds.amazonaws.com:5432/app\n";
    let f = one("src/.env", text, "postgres-url-password");
    assert_eq!(f.severity, Severity::Critical);
    assert!(
        f.description
            .contains("used for `orbit-prod.c8x.eu-west-1.rds.amazonaws.com`"),
        "{}",
        f.description
    );
    // A production-looking file counts as a real deployment even without a host.
    let local = "DATABASE_URL=postgres://postgres:postgres@localhost:5432/app\n";
    let prod = one("deploy/prod/.env", local, "postgres-url-password");
    assert_eq!(prod.severity, Severity::Critical);
}

/// base64url without padding.
fn b64url(data: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[test]
fn supabase_local_demo_keys_are_low_other_service_role_keys_are_not() {
    let jwt = |iss: &str| {
        format!(
            "{}.{}.{}",
            b64url(br#"{"alg":"HS256","typ":"JWT"}"#),
            b64url(
                format!(r#"{{"iss":"{iss}","role":"service_role","exp":1983812996}}"#).as_bytes()
            ),
            "Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8RiXyZ"
        )
    };
    let demo = scan(
        "supabase/.env",
        &format!("SUPABASE_SERVICE_ROLE_KEY={}\n", jwt("supabase-demo")),
    );
    assert!(!demo.is_empty());
    for f in &demo {
        assert_eq!(f.severity, Severity::Low, "{f:#?}");
        assert!(
            f.description.contains("Supabase local development"),
            "{}",
            f.description
        );
    }
    let real = scan(
        "supabase/.env",
        &format!("SUPABASE_SERVICE_ROLE_KEY={}\n", jwt("supabase")),
    );
    assert!(
        real.iter().any(|f| f.severity >= Severity::High),
        "{real:#?}"
    );
}

#[test]
fn references_formats_hashes_and_timestamps_are_not_passwords() {
    for (path, text) in [
        // Helm template writing a JAAS config: shell variables in escaped quotes.
        (
            "charts/kafka/templates/job.yaml",
            "    value: \"org.apache.kafka.common.security.plain.PlainLoginModule required username=\\\"$SASL_USERNAME\\\" password=\\\"$SASL_PASSWORD\\\";\"\n",
        ),
        // C building a SigV4 header.
        (
            "lib/http_sigv4.c",
            "  auth_headers = aprintf(\"Authorization: %.*s Credential=%s/%s, Signature=%s\\r\\n\", len, algo, key, scope, sig);\n",
        ),
        // Crypt and bcrypt hashes, an ISO timestamp under a password-ish name.
        (
            "roles/users.yml",
            "    password: \"$6$rounds=656000$Zq8Lx3RfT0aPw9Vn$K2cYb7Hj5Ms1Ud4Ge6Qo8Ri\"\n",
        ),
        (
            "values.yaml",
            "  adminPassword: $2a$10$Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8RiXyZ\n",
        ),
        (
            "lib/models/user.dart",
            "    passwordUpdate: '2020-10-15T06:38:00.000+00:00',\n",
        ),
    ] {
        let found = scan(path, text);
        assert!(found.is_empty(), "{path}: {found:#?}");
    }
}

#[test]
fn a_password_hash_after_a_user_is_not_a_password() {
    let found = scan(
        "values.yaml",
        "  htpasswd: admin:$2y$05$Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8RiXyZ\n",
    );
    assert!(
        found.iter().all(|f| f.rule_id != "generic-password"),
        "{found:#?}"
    );
}

#[test]
fn the_place_is_part_of_the_path_key() {
    let engine = Engine::builtin();
    assert_ne!(
        engine.path_key("src/app.ts"),
        engine.path_key("tests/app.ts")
    );
    assert_ne!(
        engine.path_key("deploy/.env"),
        engine.path_key("deploy/prod/.env")
    );
}

/// A synthetic PEM block of `kind` (`RSA PRIVATE KEY`, `PRIVATE KEY`).
fn pem(kind: &str) -> String {
    let mut body = String::new();
    for i in 0..5 {
        body.push_str(&format!("Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4G{i}").repeat(2));
        body.push('\n');
    }
    format!("-----BEGIN {kind}-----\n{body}-----END {kind}-----\n")
}

#[test]
fn private_keys_in_tests_and_docs_are_listed_at_low_elsewhere_critical() {
    let key = pem("PRIVATE KEY");
    let at_home = one("deploy/tls/server.key", &key, "private-key-pkcs8");
    assert_eq!(at_home.severity, Severity::Critical);
    for path in [
        "tests/certs/server.key",
        "docs/tls.md",
        "config/tls.key.example",
    ] {
        let f = one(path, &key, "private-key-pkcs8");
        assert_eq!(f.severity, Severity::Low, "{path}");
        assert!(
            f.description.starts_with("Private key in "),
            "{}",
            f.description
        );
    }
}

#[test]
fn masked_passwords_in_urls_are_not_reported() {
    let found = scan(
        "cli/recordings/db-introspect.ascii",
        "│ database:             postgres://****@localhost:5432/postgres\n│ url: postgres://app:****@db.acme.io/app\n",
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_docs_example_on_a_made_up_host_is_low_but_says_it_is_a_known_password() {
    let f = one(
        "examples/retail-store/README.md",
        "DB_URL=mongodb+srv://admin:minioadmin@your-cluster.mongodb.net\n",
        "mongodb-url-password",
    );
    assert_eq!(f.severity, Severity::Low);
    assert!(
        f.description.contains("Found in documentation"),
        "{}",
        f.description
    );
    assert!(
        f.description.contains("Well-known development credential"),
        "{}",
        f.description
    );
}

#[test]
fn named_provider_keys_in_docs_and_passwords_in_ci_commands_keep_their_severity() {
    // A LiveKit secret pasted in a troubleshooting note is a leak, not a sample.
    let note = format!("LIVEKIT_API_SECRET={RANDOM}\n");
    let f = one("docs/TROUBLESHOOTING.md", &note, "livekit-api-secret");
    assert!(f.severity >= Severity::High, "{f:#?}");
    // A password on a CI job's command line is the job's real one.
    let ci =
        "deploy:\n  script:\n    - sshpass -p 'Kx9mQ2vLp7RtW4' ssh deploy@10.0.0.5 ./release.sh\n";
    let f = one(".gitlab-ci.yml", ci, "command-line-password");
    assert!(f.severity >= Severity::High, "{f:#?}");
    // The same command in a test script is a fixture.
    let f = one("tests/deploy_test.sh", ci, "command-line-password");
    assert_eq!(f.severity, Severity::Low);
}

/// The Azurite storage emulator's account key, published by Microsoft for `devstoreaccount1`
/// (a well-known development credential, not a secret); in pieces so no line holds it whole.
fn azurite_key() -> String {
    [
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6",
        "IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
    ]
    .concat()
}

#[test]
fn the_azurite_emulator_key_is_a_low_dev_credential_and_a_real_account_key_is_not() {
    let emulated = format!(
        "AZURE_STORAGE=DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;\n",
        azurite_key()
    );
    let found = scan(".env.emulated", &emulated);
    assert!(!found.is_empty());
    for f in &found {
        assert_eq!(f.severity, Severity::Low, "{f:#?}");
        assert!(f.description.contains("Azurite"), "{}", f.description);
    }
    let real = emulated.replace(
        &azurite_key(),
        &format!(
            "{}==",
            "Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri".repeat(3)[..86].to_owned()
        ),
    );
    assert!(
        scan(".env", &real)
            .iter()
            .any(|f| f.severity >= Severity::High),
        "{:#?}",
        scan(".env", &real)
    );
}
