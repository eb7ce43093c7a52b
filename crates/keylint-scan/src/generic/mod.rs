//! Generic detection: secret-looking literals assigned to secret-looking names
//! (`apiSecret = '…'`, `password: "…"`, `Authorization: "Bearer …"`), aware of the file's syntax.
//!
//! The engine's keyword pass reports where the name words ([`KEYWORDS`]) occur; [`detect`] looks
//! around each of those spots only, so clean code costs one Aho-Corasick pass. Per hit:
//!
//! 1. [`syntax`] takes the name around the hit, an assignment operator after it and the literal
//!    after that, in the forms the file's [`Language`] writes them (Dart/TS/JS/Python/Kotlin …
//!    assignments, named arguments and map entries; JSON keys; YAML mappings, compose lists and
//!    block scalars; `.env`/shell words; properties/INI; TOML; XML elements and attributes);
//! 2. [`name`] decides whether the name announces a secret, a password or an `Authorization`
//!    header (`keyCode`, `tokenizer`, `passwordField`, `authDomain` do not);
//! 3. [`value`] rejects references, paths, URLs, hashes, identifiers …, and asks
//!    [`crate::randomness`] whether the rest looks generated (character classes, length,
//!    repetition, share of dictionary [`words`]).
//!
//! ```
//! use keylint_core::Language;
//! use keylint_scan::generic::{detect, RULES};
//! let line = b"static const String liveKitApiSecret = 'Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri';";
//! let hit = 31; // where the engine found `secret`
//! let mut out = Vec::new();
//! detect(line, Language::Dart, &[hit], &mut out);
//! assert_eq!(RULES[out[0].rule].id, "generic-secret");
//! assert_eq!(&line[out[0].secret.clone()], b"Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri");
//! ```

use std::ops::Range;

use keylint_core::{Language, Severity};

pub mod name;
pub mod syntax;
pub mod value;
pub mod words;

/// Metadata of a generic detection rule (no regex: the detector is code).
#[derive(Debug, Clone, Copy)]
pub struct GenericRule {
    /// Rule id.
    pub id: &'static str,
    /// Human name.
    pub name: &'static str,
    /// Why it matters.
    pub description: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// Lines that must be reported (`path.ext: line` chooses the file type; Dart otherwise).
    pub examples: &'static [&'static str],
    /// Lines that must not be reported.
    pub negative_examples: &'static [&'static str],
}

/// Index of `generic-secret` in [`RULES`].
pub const SECRET: usize = 0;
/// Index of `generic-password` in [`RULES`].
pub const PASSWORD: usize = 1;
/// Index of `generic-auth-header` in [`RULES`].
pub const AUTH_HEADER: usize = 2;
/// Index of `generic-uuid-secret` in [`RULES`].
pub const UUID: usize = 3;

/// The generic rules, in a fixed order (a [`Candidate`] refers to one by index).
///
/// Severities: a random value under a key/secret/token name is as dangerous as a provider key
/// (high). Passwords are medium: their bar is lower (8 characters), so more of them are local
/// development values (a compose file's database password), and a password alone rarely opens
/// anything without its host and user. A bare UUID under a secret name is low: some services
/// (Heroku, older APIs) use UUIDs as keys, but most UUIDs are identifiers.
pub const RULES: &[GenericRule] = &[
    GenericRule {
        id: "generic-secret",
        name: "Hardcoded secret",
        description: "A random-looking value is assigned to a name that says it is a key, secret, token or credential; anyone who can read the source can use it. Move it to the environment or a secret store and rotate it.",
        severity: Severity::High,
        examples: &[
            "static const String paymentApiSecret = 'Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri';",
            "src/config.ts: const apiKey = \"q7Lm2Vx9Rt4Kp8Wz3Nb6Hc1J\";",
            "app.json: {\"client_secret\": \"Xb7Rq2Lm9Vt4Kp8Wz3Nc6Hd1J\"}",
            "docker-compose.yml:   - LIVEKIT_API_SECRET=Tk3Vq9Lm2Xr7Wp4Zn8Bc6Hd1Jf5Gs0",
            "backend/.env: export SESSION_SIGNING_KEY=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "settings.py: SECRET_KEY = 'r8Kq2Vm7Xt4Lp9Wz3Nb6Hc1Jd5Gf0Sa'",
            "config.toml: token = \"Lm4Qx8Rv2Tk7Wp3Zn9Bc6Hd1Jf5Gs\"",
            "App.config: <add key=\"ApiKey\" value=\"Wq5Rx9Lm2Vt7Kp4Zn8Bc6Hd1Jf3Gs\"/>",
            "Config.kt: const val API_KEY = \"Pz6Lq3Vx8Rt2Km9Wn4Bc7Hd1Jf5Gs\"",
        ],
        negative_examples: &[
            "static const String liveKitApiSecret = 'votre_nouveau_secret_api_livekit';",
            "src/config.ts: const apiKey = process.env.API_KEY;",
            "backend/.env: LIVEKIT_API_SECRET=secret",
            "src/app.min.js: e.apiKey=t.token,a.secret=n",
            "lib/firebase_options.dart: authDomain: 'keylint-demo.firebaseapp.com',",
            "src/i18n/en.json: \"passwordPlaceholder\": \"Enter your password\"",
            "config.yaml: api_secret: ${LIVEKIT_API_SECRET}",
            "settings.py: API_KEY_NAME = \"OPENAI_API_KEY\"",
            "src/keys.ts: const keyboardShortcutKey = 'Kx9mQ2vLp7RtZw4N';",
        ],
    },
    GenericRule {
        id: "generic-password",
        name: "Hardcoded password",
        description: "A password that is not a word or a test value is written in the file; anyone who can read it can log in where it is used. Move it to the environment or a secret store and change it.",
        severity: Severity::Medium,
        examples: &[
            "docker-compose.yml:       POSTGRES_PASSWORD: Hq7!vR2#pLx9",
            "application.properties: spring.datasource.password=Kx9mQ2vL!p7",
            "config.xml: <password>Tz4#qW8!mN2v</password>",
            "deploy.sh: export DB_PASSWORD='Rm5$kP9!xQ2w'",
            "db.py: conn = connect(host=\"db\", password=\"Vb8!nQ3#xL6t\")",
            "lib/login_config.dart: const adminPassword = 'Jw3!kT9#zR5m';",
            "config.yaml: broker_credentials: amqp://app:Gk4!wP8#vZ2q@mq:5672/",
        ],
        negative_examples: &[
            "docker-compose.yml:       POSTGRES_PASSWORD: postgres",
            "src/login.ts: passwordField: 'Zk8!qW3#rT5m',",
            "config.yaml: password: P@ssw0rd123",
            "src/i18n/fr.json: \"password\": \"Mot de passe\"",
            "db.py: password = os.environ[\"DB_PASSWORD\"]",
            "config.yaml: password: !secret db_password",
        ],
    },
    GenericRule {
        id: "generic-auth-header",
        name: "Hardcoded Authorization header",
        description: "A request header carries a fixed bearer token or basic-auth credentials; anyone who can read the source can make those requests. Read the token from the environment at run time and rotate it.",
        severity: Severity::High,
        examples: &[
            "deploy.sh: curl -H \"Authorization: Bearer Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1\" https://api.example.org",
            "src/api.ts: headers: { Authorization: 'Bearer Tk3Vq9Lm2Xr7Wp4Zn8Bc6Hd1' }",
            "client.py: headers = {\"Authorization\": \"Basic ZGVwbG95Okt4OW1RMnZMcDdSdA==\"}",
            "lib/api.dart: 'Authorization': 'Bearer Wq5Rx9Lm2Vt7Kp4Zn8Bc6Hd1',",
            "Client.java: conn.setRequestProperty(\"Authorization\", \"Bearer Pz6Lq3Vx8Rt2Km9Wn4Bc7Hd1\");",
        ],
        negative_examples: &[
            "src/api.ts: headers: { Authorization: `Bearer ${token}` }",
            "client.py: headers = {\"Authorization\": f\"Bearer {token}\"}",
            "deploy.sh: curl -H \"Authorization: Bearer $TOKEN\" https://api.example.org",
            "client.py: headers = {\"Authorization\": \"Basic YWRtaW46cGFzc3dvcmQ=\"}",
        ],
    },
    GenericRule {
        id: "generic-uuid-secret",
        name: "UUID used as a secret",
        description: "A UUID is assigned to a name that says it is a key, token or secret. Some services (Heroku, many older APIs) issue UUID keys; most UUIDs are identifiers, hence the low severity. If it is a credential, move it out of the source and rotate it.",
        severity: Severity::Low,
        examples: &[
            "backend/.env: BILLING_API_KEY=3f2b8c1e-9d4a-4e7b-8a6c-5d1f0e9b2a7c",
            "config.yaml: api_token: 7c9e6679-7425-40de-944b-e07fc1f90ae7",
        ],
        negative_examples: &[
            "config.yaml: client_id: 7c9e6679-7425-40de-944b-e07fc1f90ae7",
            "src/app.ts: const tokenId = '3f2b8c1e-9d4a-4e7b-8a6c-5d1f0e9b2a7c';",
        ],
    },
];

/// Name words (matched ASCII-case-insensitively by the engine's keyword pass) around which the
/// detector looks for an assignment. Short and cheap: `key` also finds `apiKey`, `API_KEY`,
/// `x-api-key`, `secretKey`; `pass` finds `password`, `passwd`, `passphrase`; `auth` finds
/// `Authorization`, `_auth`; `cred` finds `credentials`.
pub const KEYWORDS: &[&str] = &["key", "secret", "token", "pass", "pwd", "auth", "cred"];

/// The severity to report a candidate at: `generic-password` is medium by default (a local
/// dev password such as `Hq7!vR2#` rarely opens anything on its own), but a long random one
/// (16+ characters that `looks_like_key` and are not made of words) is a real credential and is
/// raised to high. A severity set in the config (different from the default) is kept.
pub fn adjusted_severity(rule: usize, secret: &str, configured: Severity) -> Severity {
    let random_enough = secret.chars().count() >= 16
        && crate::randomness::looks_like_key(secret)
        && words::word_share(secret) < 0.3;
    if rule == PASSWORD && configured == RULES[PASSWORD].severity && random_enough {
        configured.max(Severity::High)
    } else {
        configured
    }
}

/// One generic match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Index into [`RULES`].
    pub rule: usize,
    /// Byte range of the secret.
    pub secret: Range<usize>,
    /// Byte range of the whole assignment (name to end of value).
    pub whole: Range<usize>,
}

/// Looks for assignments around each keyword hit (`hits`: byte offsets where a [`KEYWORDS`]
/// entry starts, normally sorted) and appends candidates to `out`.
///
/// Linear in the content: each hit looks at a bounded window, and hits inside a name or value
/// already looked at are skipped. Lock files (npm, yarn, pub, Cargo, Composer, `CocoaPods`,
/// Poetry) are recognised by their header and skipped: their hashes are not secrets.
pub fn detect(content: &[u8], language: Language, hits: &[usize], out: &mut Vec<Candidate>) {
    if hits.is_empty() || is_lock_file(content) {
        return;
    }
    let sorted: Vec<usize>;
    let hits = if hits.is_sorted() {
        hits
    } else {
        sorted = {
            let mut v = hits.to_vec();
            v.sort_unstable();
            v
        };
        &sorted
    };
    let mut cursor = 0;
    for &hit in hits {
        if hit < cursor || hit >= content.len() {
            continue;
        }
        let (found, resume) = syntax::at(content, language, hit);
        cursor = resume.max(hit + 1);
        let Some(assignment) = found else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(&content[assignment.value.clone()]) else {
            continue;
        };
        if let Some((rule, range)) = value::judge(text, assignment.kind) {
            let base = assignment.value.start;
            out.push(Candidate {
                rule,
                secret: base + range.start..base + range.end,
                whole: assignment.name.start..assignment.value.end,
            });
        }
    }
}

/// Lock files announce themselves in their first bytes.
fn is_lock_file(content: &[u8]) -> bool {
    const MARKERS: &[&[u8]] = &[
        b"\"lockfileVersion\"",
        b"yarn lockfile",
        b"__metadata:",
        b"Generated by pub",
        b"@generated by Cargo",
        b"@generated by Poetry",
        b"This file locks the dependencies",
        b"lockfileVersion:",
    ];
    let head = &content[..content.len().min(512)];
    head.starts_with(b"PODS:")
        || MARKERS
            .iter()
            .any(|m| memchr::memmem::find(head, m).is_some())
}
