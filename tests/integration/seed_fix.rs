//! `keylint fix` and the diagnoses on one project shaped like the seeds, end to end: a Flutter
//! app (`pubspec.yaml`, keys in `lib/`), a Node/TS `backend/` with its own `.env` (read with
//! `node --env-file=.env` from `backend/`) holding an `OpenAI` and an Anthropic client,
//! docker-compose with a `LiveKit` server and `livekit.yaml`, and a second service,
//! `websocket-server/`, with its own `.env`. Built in a temp git repository at test time; every
//! key is synthetic and assembled at run time.

use std::path::Path;

use crate::support::{ALNUM, commit_all, keylint, openai_key, repo, synthetic, write_tree};

/// The synthetic keys of the seed project.
pub struct SeedKeys {
    /// `sk-proj-…` of the backend's `OpenAI` client.
    pub openai: String,
    /// `sk-ant-api03-…` of the backend's Anthropic client.
    pub anthropic: String,
    /// `LiveKit` API key (`API…`), in the compose file and the app.
    pub livekit_key: String,
    /// `LiveKit` API secret, in `LIVEKIT_KEYS` of the compose file.
    pub livekit_secret: String,
    /// `gsk_…` of the websocket server.
    pub groq: String,
    /// A Google (Firebase web) API key: client-safe, in the app.
    pub google: String,
    /// `sk-proj-…` hardcoded in the app (a server secret that must not ship).
    pub app_openai: String,
}

/// The keys of [`seed_project_for_fix`].
pub fn seed_keys() -> SeedKeys {
    SeedKeys {
        openai: openai_key(140),
        anthropic: format!("sk-ant-api03-{}AA", synthetic(142, 93, ALNUM)),
        livekit_key: format!("API{}", synthetic(143, 12, ALNUM)),
        livekit_secret: synthetic(144, 44, ALNUM),
        groq: format!("gsk_{}", synthetic(145, 52, ALNUM)),
        google: format!("AIza{}", synthetic(146, 35, ALNUM)),
        app_openai: openai_key(147),
    }
}

/// The seed-shaped multi-service project in a fresh git repository, committed.
pub fn seed_project_for_fix() -> (tempfile::TempDir, SeedKeys) {
    let dir = repo();
    let k = seed_keys();
    let files = [
        (
            "pubspec.yaml",
            "name: eloquence\nenvironment:\n  sdk: \">=3.3.0 <4.0.0\"\ndependencies:\n  flutter:\n    sdk: flutter\n  livekit_client: ^2.3.0\n".to_owned(),
        ),
        (
            "lib/core/config/app_config.dart",
            format!(
                "class AppConfig {{\n  static const String liveKitUrl = 'wss://livekit.example.org';\n  static const String firebaseApiKey = '{}';\n  static const String openAiApiKey = '{}';\n}}\n",
                k.google, k.app_openai
            ),
        ),
        (
            "backend/package.json",
            "{\n  \"name\": \"backend\",\n  \"scripts\": { \"start\": \"node --env-file=.env dist/index.js\" }\n}\n".to_owned(),
        ),
        ("backend/.env", "PORT=3000\n".to_owned()),
        (
            "backend/src/ai.ts",
            format!(
                "import OpenAI from \"openai\";\nimport Anthropic from \"@anthropic-ai/sdk\";\n\nexport const openai = new OpenAI({{ apiKey: \"{}\" }});\nexport const anthropic = new Anthropic({{ apiKey: \"{}\" }});\n",
                k.openai, k.anthropic
            ),
        ),
        (
            "docker-compose.yml",
            format!(
                "services:\n  livekit:\n    image: livekit/livekit-server:latest\n    command: --config /etc/livekit.yaml\n    volumes:\n      - ./livekit.yaml:/etc/livekit.yaml\n    environment:\n      LIVEKIT_KEYS: \"{}: {}\"\n  backend:\n    build: ./backend\n    env_file: backend/.env\n",
                k.livekit_key, k.livekit_secret
            ),
        ),
        ("livekit.yaml", "port: 7880\nrtc:\n  tcp_port: 7881\n".to_owned()),
        (
            "websocket-server/package.json",
            "{\n  \"name\": \"websocket-server\",\n  \"scripts\": { \"start\": \"node --env-file=.env server.js\" }\n}\n".to_owned(),
        ),
        ("websocket-server/.env", "WS_PORT=8080\n".to_owned()),
        (
            "websocket-server/server.js",
            format!(
                "const Groq = require(\"groq-sdk\");\nconst groq = new Groq({{ apiKey: \"{}\" }});\nmodule.exports = {{ groq }};\n",
                k.groq
            ),
        ),
        (".gitignore", ".env\n".to_owned()),
    ];
    let files: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    write_tree(dir.path(), &files);
    commit_all(dir.path(), "seed project");
    (dir, k)
}

/// The text of `path` under `dir`.
fn read(dir: &Path, path: &str) -> String {
    std::fs::read_to_string(dir.join(path)).unwrap_or_default()
}

/// `keylint fix --yes .` at the root of the seed project.
fn fixed() -> (tempfile::TempDir, SeedKeys, crate::support::Run) {
    let (dir, k) = seed_project_for_fix();
    let run = keylint(dir.path(), &["fix", "--yes", "."]);
    (dir, k, run)
}

/// Item 1: each secret goes to the `.env` of the package that reads it (`backend/` runs
/// `node --env-file=.env` from `backend/`), and the summary says which file got which variable.
#[test]
fn secrets_go_to_the_env_file_of_their_package() {
    let (dir, k, run) = fixed();
    let backend = read(dir.path(), "backend/.env");
    assert!(
        backend.starts_with("PORT=3000\n")
            && backend.contains(&format!("OPENAI_API_KEY={}\n", k.openai))
            && backend.contains(&format!("ANTHROPIC_API_KEY={}\n", k.anthropic)),
        "{}",
        run.transcript()
    );
    let ws = read(dir.path(), "websocket-server/.env");
    assert_eq!(ws, format!("WS_PORT=8080\nGROQ_API_KEY={}\n", k.groq));
    // The compose file's own directory holds the LiveKit pair, and nothing of the services.
    let root = read(dir.path(), ".env");
    assert_eq!(
        root,
        format!(
            "LIVEKIT_API_KEY={}\nLIVEKIT_API_SECRET={}\n",
            k.livekit_key, k.livekit_secret
        )
    );
    assert!(
        run.stderr.contains("into 4 env files, each the one of the package that reads it:")
            && run
                .stderr
                .contains("  backend/.env ← OPENAI_API_KEY, ANTHROPIC_API_KEY:\n")
            && run
                .stderr
                .contains("  websocket-server/.env ← GROQ_API_KEY:\n")
            && run.stderr.contains("backend/.env: Node reads them at run time once the env file is loaded: `node --env-file=.env …`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(&k.openai) && !run.stderr.contains(&k.groq));
    for example in ["backend/.env.example", "websocket-server/.env.example"] {
        let text = read(dir.path(), example);
        assert!(
            !text.is_empty() && text.lines().all(|l| l.ends_with('=')),
            "{example}: {text}"
        );
    }
}

/// Item 7, the env side: a `.env.example` that `fix` creates also declares the names the env
/// file already held (`PORT`), and `.env.client.example` is compared with `.env.client`: the
/// fixed tree has no example drift.
#[test]
fn the_examples_fix_writes_match_their_env_files() {
    let (dir, _k, run) = fixed();
    assert_eq!(
        read(dir.path(), "backend/.env.example"),
        "PORT=\nOPENAI_API_KEY=\nANTHROPIC_API_KEY=\n",
        "{}",
        run.transcript()
    );
    assert_eq!(
        read(dir.path(), "websocket-server/.env.example"),
        "WS_PORT=\nGROQ_API_KEY=\n"
    );
    let env = keylint(
        dir.path(),
        &["env", "--format", "concise", "--fail-on", "low"],
    );
    assert!(
        !env.stdout.contains("example-drift"),
        "{}",
        env.transcript()
    );
}

/// Item 2: variable names come from the provider (the rule's `env`), so an `OpenAI` and an
/// Anthropic client on `apiKey:` do not collide, and the scan hint, the fix and the rotation
/// text say the same name.
#[test]
fn provider_names_everywhere_and_no_collision() {
    let (dir, _k) = seed_project_for_fix();
    let scan = keylint(dir.path(), &["scan", "backend", "websocket-server"]);
    for (name, rotate) in [
        ("ANTHROPIC_API_KEY", "read it from ANTHROPIC_API_KEY"),
        ("GROQ_API_KEY", "loaded from"),
    ] {
        assert!(
            scan.stdout.contains(&format!("process.env.{name}")) && scan.stdout.contains(rotate),
            "{name}: {}",
            scan.stdout
        );
    }
    assert!(
        !scan.stdout.contains("process.env.API_KEY"),
        "{}",
        scan.stdout
    );
    let run = keylint(dir.path(), &["fix", "--yes", "."]);
    assert_eq!(
        read(dir.path(), "backend/src/ai.ts"),
        "import OpenAI from \"openai\";\nimport Anthropic from \"@anthropic-ai/sdk\";\n\nexport const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });\n",
        "{}",
        run.transcript()
    );
    assert!(
        read(dir.path(), "websocket-server/server.js")
            .contains("new Groq({ apiKey: process.env.GROQ_API_KEY })")
    );
    assert!(!run.stderr.contains("collision") && !run.stderr.contains("rename one"));
}

/// Item 3: the app's client value goes to `.env.client` beside `pubspec.yaml`; its server
/// secret is not moved into anything the app is built with, and both `fix` and `scan` say why.
#[test]
fn flutter_gets_client_values_only() {
    let (dir, k, run) = fixed();
    assert_eq!(
        read(dir.path(), ".env.client"),
        format!("FIREBASE_API_KEY={}\n", k.google)
    );
    for file in [".env.client", ".env", "backend/.env"] {
        assert!(!read(dir.path(), file).contains(&k.app_openai), "{file}");
    }
    assert!(
        run.stderr
            .contains("`flutter run --dart-define-from-file=.env.client`")
            && !run.stderr.contains("--dart-define-from-file=.env`")
            && run.stderr.contains(
                "lib/core/config/app_config.dart:4  OpenAI project API key: this key must not ship in the app: move the call to your backend"
            ),
        "{}",
        run.stderr
    );
    assert!(
        read(dir.path(), ".gitignore")
            .lines()
            .any(|l| l == ".env.client")
    );
    let scan = keylint(dir.path(), &["scan", "lib"]);
    assert_eq!(scan.code, 1, "{}", scan.transcript());
    assert!(
        scan.stdout
            .contains("this key must not ship in the app: move the call to your backend")
            && !scan.stdout.contains("dart-define-from-file")
            && !scan.stdout.contains("write:"),
        "{}",
        scan.stdout
    );
}

/// Item 5: the `LiveKit` API key inside `LIVEKIT_KEYS: "key: secret"` moves with the secret:
/// no "not `key: secret`" refusal, and the exit code says only the app's server secret is left.
#[test]
fn livekit_keys_line_is_one_fix_and_the_exit_code_agrees() {
    let (dir, _k) = seed_project_for_fix();
    let run = keylint(dir.path(), &["fix", "--yes", "docker-compose.yml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(!run.stderr.contains("move it by hand"), "{}", run.stderr);
    assert!(
        read(dir.path(), "docker-compose.yml")
            .contains("LIVEKIT_KEYS: \"${LIVEKIT_API_KEY}: ${LIVEKIT_API_SECRET}\"")
    );
    let (_dir, _k, all) = fixed();
    assert_eq!(all.code, 1, "{}", all.transcript());
    assert!(
        all.stderr.contains("left as it is (1 finding not fixed)"),
        "{}",
        all.stderr
    );
}

/// Item 4: one generator for Dart reads: the scan's `write:` line is valid where it is written
/// (`const` outside a const declaration), and a `defaultValue:` holding a key is removed, the
/// variable the code already reads defined, not moved into a `DEFAULT_VALUE`.
#[test]
fn dart_hints_are_valid_where_written_and_default_values_go() {
    let (dir, k) = seed_project_for_fix();
    let firebase = format!("AIza{}", synthetic(148, 35, ALNUM));
    crate::support::write(
        dir.path(),
        "lib/services/maps.dart",
        &format!(
            "class Maps {{\n  final String key = '{}';\n  static const firebase = String.fromEnvironment('FIREBASE_API_KEY', defaultValue: '{}');\n}}\n",
            k.google, firebase
        ),
    );
    let scan = keylint(dir.path(), &["scan", "lib/services"]);
    assert!(
        scan.stdout
            .contains("write: final String key = const String.fromEnvironment('GOOGLE_API_KEY');")
            && scan
                .stdout
                .contains("const firebase = String.fromEnvironment('FIREBASE_API_KEY');\n")
            && !scan.stdout.contains("DEFAULT_VALUE"),
        "{}",
        scan.stdout
    );
    let run = keylint(dir.path(), &["fix", "--yes", "lib/services"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        read(dir.path(), "lib/services/maps.dart"),
        "class Maps {\n  final String key = const String.fromEnvironment('GOOGLE_API_KEY');\n  static const firebase = String.fromEnvironment('FIREBASE_API_KEY');\n}\n"
    );
    assert_eq!(
        read(dir.path(), ".env.client"),
        format!("GOOGLE_API_KEY={}\nFIREBASE_API_KEY={firebase}\n", k.google)
    );
}

/// Item 11: a `LIVEKIT_KEYS: "key: secret"` value is masked part by part, so the `: ` being
/// diagnosed stays visible (it used to read `"d…t"`), in the human and the JSON output.
#[test]
fn livekit_keys_masks_keep_the_colon_space() {
    let (dir, k) = seed_project_for_fix();
    crate::support::write(
        dir.path(),
        "docker-compose.yml",
        "services:\n  livekit:\n    image: livekit/livekit-server\n    environment:\n      LIVEKIT_KEYS: \"devkey: secret\"\n",
    );
    crate::support::write(
        dir.path(),
        ".env",
        "LIVEKIT_API_KEY=devkey\nLIVEKIT_API_SECRET=secret\n",
    );
    for format in ["human", "json"] {
        let run = keylint(dir.path(), &["keys", "--format", format, "."]);
        let shown = if format == "json" {
            "LIVEKIT_KEYS: \\\"…: …\\\""
        } else {
            "LIVEKIT_KEYS: \"…: …\""
        };
        assert!(
            run.stdout.contains(shown) && !run.stdout.contains("\"d…t"),
            "{format}: {}",
            run.transcript()
        );
        assert!(!run.stdout.contains(&k.livekit_secret));
    }
}

/// Item 12: a fix that removes an invisible character says so in `--diff`: both sides of the
/// line look the same on a terminal.
#[test]
fn diff_names_a_removed_invisible_character() {
    let (dir, _k) = seed_project_for_fix();
    crate::support::write(dir.path(), "backend/.env", "PORT=30\u{200B}00\n");
    let run = keylint(
        dir.path(),
        &["env", "--diff", "--unsafe-fixes", "backend/.env"],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("note: backend/.env:1: U+200B ZERO WIDTH SPACE removed at column 8\n"),
        "{}",
        run.transcript()
    );
}
