//! The seeds' project as a whole (issue 14): a Flutter app, a Node/TS backend with its own
//! `.env`, a `LiveKit` server in docker-compose with its `livekit.yaml`, a second websocket
//! service with its own `.env`, and a root `.env.example`. Every command runs on it; each test
//! then plants one of the seeds' mistakes. Keys are synthetic and built at run time.

use std::path::Path;

use crate::support::{ALNUM, Run, keylint, openai_key, repo, synthetic, write};

/// The values the fixture holds, to plant variants and to check masking.
struct SeedValues {
    /// The `LiveKit` API secret shared by `backend/.env` and `livekit.yaml`.
    livekit_secret: String,
    /// The backend's `OpenAI` key.
    backend_openai: String,
    /// The websocket server's own `OpenAI` key (another project's key: normal).
    websocket_openai: String,
    /// The `LiveKit` API key (not secret).
    livekit_key: String,
}

fn seed_values() -> SeedValues {
    SeedValues {
        livekit_secret: synthetic(7, 40, ALNUM),
        backend_openai: openai_key(11),
        websocket_openai: openai_key(23),
        livekit_key: format!("API{}", synthetic(3, 12, ALNUM)),
    }
}

/// How the Flutter app's `AppConfig` gets its `OpenAI` key: from `--dart-define` (clean).
const OPENAI_FROM_DEFINE: &str =
    "static const String openAiApiKey = String.fromEnvironment('OPENAI_API_KEY');";

/// The Flutter app's `AppConfig`, with `openai` as its `OpenAI` line.
fn app_config(v: &SeedValues, openai: &str) -> String {
    format!(
        "class AppConfig {{\n  static const String livekitUrl = String.fromEnvironment('LIVEKIT_URL', defaultValue: 'ws://localhost:7880');\n  static const String livekitApiKey = '{}';\n  {openai}\n}}\n",
        v.livekit_key
    )
}

/// Creates the seed-shaped project in a fresh git repository (nothing committed) and returns
/// it with the values it holds.
fn seed_project_for_keys() -> (tempfile::TempDir, SeedValues) {
    let dir = repo();
    let v = seed_values();
    let root = dir.path();
    write(root, ".gitignore", ".env\n*.env\n!.env.example\n");
    write(
        root,
        "pubspec.yaml",
        "name: seed_app\nenvironment:\n  sdk: \">=3.0.0 <4.0.0\"\ndependencies:\n  flutter:\n    sdk: flutter\n  livekit_client: ^2.0.0\n",
    );
    write(
        root,
        "lib/core/config/app_config.dart",
        &app_config(&v, OPENAI_FROM_DEFINE),
    );
    write(
        root,
        "lib/main.dart",
        "import 'core/config/app_config.dart';\n\nvoid main() {\n  print(AppConfig.livekitUrl.isNotEmpty && AppConfig.openAiApiKey.isNotEmpty);\n}\n",
    );
    write(
        root,
        "backend/package.json",
        "{\n  \"name\": \"backend\",\n  \"type\": \"module\",\n  \"scripts\": { \"start\": \"node --env-file=.env dist/index.js\" },\n  \"dependencies\": { \"livekit-server-sdk\": \"^2.0.0\", \"openai\": \"^4.0.0\" }\n}\n",
    );
    write(
        root,
        "backend/src/index.ts",
        "import OpenAI from 'openai';\nimport { AccessToken } from 'livekit-server-sdk';\n\nconst openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });\nexport const token = new AccessToken(process.env.LIVEKIT_API_KEY, process.env.LIVEKIT_API_SECRET);\nexport default openai;\n",
    );
    write(
        root,
        "backend/.env",
        &format!(
            "OPENAI_API_KEY={}\nLIVEKIT_URL=ws://livekit:7880\nLIVEKIT_API_KEY={}\nLIVEKIT_API_SECRET={}\n",
            v.backend_openai, v.livekit_key, v.livekit_secret
        ),
    );
    write(
        root,
        "websocket-server/package.json",
        "{\n  \"name\": \"websocket-server\",\n  \"scripts\": { \"start\": \"node --env-file=.env server.js\" }\n}\n",
    );
    write(
        root,
        "websocket-server/server.ts",
        "const key = process.env.OPENAI_API_KEY;\nconst port = Number(process.env.PORT ?? 8080);\nexport { key, port };\n",
    );
    write(
        root,
        "websocket-server/.env",
        &format!("OPENAI_API_KEY={}\nPORT=8080\n", v.websocket_openai),
    );
    write(
        root,
        "docker-compose.yml",
        "services:\n  livekit:\n    image: livekit/livekit-server:latest\n    command: --config /etc/livekit.yaml\n    volumes:\n      - ./livekit.yaml:/etc/livekit.yaml\n    ports:\n      - \"7880:7880\"\n  backend:\n    build: ./backend\n    env_file:\n      - ./backend/.env\n  websocket:\n    build: ./websocket-server\n    env_file:\n      - ./websocket-server/.env\n",
    );
    write(
        root,
        "livekit.yaml",
        &format!(
            "port: 7880\nrtc:\n  tcp_port: 7881\nkeys:\n  {}: {}\n",
            v.livekit_key, v.livekit_secret
        ),
    );
    write(
        root,
        ".env.example",
        "OPENAI_API_KEY=\nLIVEKIT_URL=ws://localhost:7880\nLIVEKIT_API_KEY=\nLIVEKIT_API_SECRET=\n",
    );
    (dir, v)
}

/// Fails when any value of the fixture shows in clear in `run`'s output.
fn assert_masked(run: &Run, v: &SeedValues) {
    for secret in [&v.livekit_secret, &v.backend_openai, &v.websocket_openai] {
        let middle = &secret[8..24];
        assert!(
            !run.stdout.contains(middle) && !run.stderr.contains(middle),
            "a secret shows in clear:\n{}",
            run.transcript()
        );
    }
}

/// Runs `keylint args…` in `dir` and checks that no secret of the fixture shows.
fn run(dir: &Path, v: &SeedValues, args: &[&str]) -> Run {
    let run = keylint(dir, args);
    assert_masked(&run, v);
    run
}

#[test]
fn every_command_runs_on_the_seed_project() {
    let (dir, v) = seed_project_for_keys();
    let keys = run(dir.path(), &v, &["keys"]);
    assert_eq!(keys.code, 0, "{}", keys.transcript());
    let env = run(dir.path(), &v, &["env"]);
    assert!(env.code == 0 || env.code == 1, "{}", env.transcript());
    let scan = run(dir.path(), &v, &["scan", "."]);
    assert!(scan.code == 0 || scan.code == 1, "{}", scan.transcript());
    let hook = run(dir.path(), &v, &["hook", "pre-commit"]);
    assert_eq!(hook.code, 0, "nothing staged: {}", hook.transcript());
}

/// The rows of `keylint keys --format json`: (code, severity, subject).
fn problems(dir: &Path, v: &SeedValues) -> Vec<(String, String, String)> {
    let run = run(dir, v, &["keys", "--format", "json"]);
    let doc: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.transcript()));
    doc["problems"]
        .as_array()
        .unwrap_or_else(|| panic!("no problems array: {}", run.transcript()))
        .iter()
        .map(|p| {
            (
                p["code"].as_str().unwrap_or_default().to_owned(),
                p["severity"].as_str().unwrap_or_default().to_owned(),
                p["subject"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn codes(rows: &[(String, String, String)]) -> Vec<&str> {
    rows.iter().map(|r| r.0.as_str()).collect()
}

/// `v`'s backend `OpenAI` key with its last character changed.
fn one_off(key: &str) -> String {
    let mut k = key[..key.len() - 1].to_owned();
    k.push(if key.ends_with('x') { 'y' } else { 'x' });
    k
}

#[test]
fn dart_camel_case_name_meets_the_env_name() {
    // Item 6: `openAiApiKey` (Dart) is `OPENAI_API_KEY` (env): a copy one character off is a
    // mismatch with the backend's.
    let (dir, v) = seed_project_for_keys();
    let line = format!(
        "static const String openAiApiKey = '{}';",
        one_off(&v.backend_openai)
    );
    write(
        dir.path(),
        "lib/core/config/app_config.dart",
        &app_config(&v, &line),
    );
    let rows = problems(dir.path(), &v);
    assert!(
        rows.iter()
            .any(|r| r.0 == "mismatch" && r.2 == "OPENAI_API_KEY"),
        "{rows:?}"
    );
}

#[test]
fn per_service_openai_keys_are_not_a_mismatch() {
    // Item 9: backend and websocket-server have their own OpenAI key; the app's copy equals
    // the backend's. Nothing shared ties the two services.
    let (dir, v) = seed_project_for_keys();
    let line = format!("static const String openaiApiKey = '{}';", v.backend_openai);
    write(
        dir.path(),
        "lib/core/config/app_config.dart",
        &app_config(&v, &line),
    );
    let rows = problems(dir.path(), &v);
    assert!(!codes(&rows).contains(&"mismatch"), "{rows:?}");
    // One compose service reading both env files ties them: now the values must agree.
    let compose = std::fs::read_to_string(dir.path().join("docker-compose.yml")).unwrap();
    write(
        dir.path(),
        "docker-compose.yml",
        &format!(
            "{compose}  worker:\n    build: ./backend\n    env_file:\n      - ./backend/.env\n      - ./websocket-server/.env\n"
        ),
    );
    let rows = problems(dir.path(), &v);
    assert!(
        rows.iter()
            .any(|r| r.0 == "mismatch" && r.2 == "OPENAI_API_KEY"),
        "{rows:?}"
    );
}

#[test]
fn the_apps_own_openai_key_is_not_a_mismatch_with_a_service() {
    // Item 9, app side: the Flutter app (root package, `lib/`) holds another OpenAI key than
    // the backend's (`backend/.env`, read from `backend/` only). Two credentials, not a
    // mis-copied one: the scan reports the key in the app; `keys` has nothing to compare.
    let (dir, v) = seed_project_for_keys();
    let with_app_key = |key: &str| {
        let line = format!(
            "static const String openAiApiKey = String.fromEnvironment('OPENAI_API_KEY', defaultValue: '{key}');"
        );
        write(
            dir.path(),
            "lib/core/config/app_config.dart",
            &app_config(&v, &line),
        );
        problems(dir.path(), &v)
    };
    let rows = with_app_key(&openai_key(31));
    assert!(!codes(&rows).contains(&"mismatch"), "{rows:?}");
    // The same key one character off is a damaged copy of the backend's: still reported.
    let rows = with_app_key(&one_off(&v.backend_openai));
    assert!(
        rows.iter()
            .any(|r| r.0 == "mismatch" && r.2 == "OPENAI_API_KEY"),
        "{rows:?}"
    );
}

/// The compose file as `keylint fix` leaves it: the `LiveKit` server's keys from the project's
/// environment.
fn compose_with_keys_from_env(dir: &Path) {
    let compose = std::fs::read_to_string(dir.join("docker-compose.yml")).unwrap();
    let compose = compose.replace(
        "    ports:\n",
        "    environment:\n      LIVEKIT_KEYS: \"${LIVEKIT_API_KEY}: ${LIVEKIT_API_SECRET}\"\n    ports:\n",
    );
    write(dir, "docker-compose.yml", &compose);
}

#[test]
fn variables_declared_in_env_example_are_not_missing() {
    // Item 7: a fresh checkout has no root `.env`; `.env.example` declares what compose reads.
    let (dir, v) = seed_project_for_keys();
    compose_with_keys_from_env(dir.path());
    let rows = problems(dir.path(), &v);
    assert!(!codes(&rows).contains(&"missing"), "{rows:?}");
    let keys = run(dir.path(), &v, &["keys"]);
    assert_eq!(keys.code, 0, "{}", keys.transcript());
    // Declared nowhere: said, at medium.
    std::fs::remove_file(dir.path().join(".env.example")).unwrap();
    let rows = problems(dir.path(), &v);
    let missing: Vec<_> = rows.iter().filter(|r| r.0 == "missing").collect();
    assert_eq!(missing.len(), 2, "{rows:?}");
    assert!(missing.iter().all(|r| r.1 == "medium"), "{rows:?}");
    let keys = run(dir.path(), &v, &["keys"]);
    assert!(
        keys.stdout.contains("declared nowhere"),
        "{}",
        keys.transcript()
    );
}

#[test]
fn a_fresh_checkout_without_the_gitignored_env_files_passes() {
    // Item 7, `env_file:` side: a fresh checkout has none of the gitignored service env files.
    // With a template beside one (`backend/.env.example`) that is the normal state: said at
    // low, the run passes. Without a template it stays high (compose cannot start).
    let (dir, v) = seed_project_for_keys();
    compose_with_keys_from_env(dir.path());
    for env in ["backend/.env", "websocket-server/.env"] {
        std::fs::remove_file(dir.path().join(env)).unwrap();
    }
    write(
        dir.path(),
        "backend/.env.example",
        "OPENAI_API_KEY=\nLIVEKIT_URL=\n",
    );
    write(
        dir.path(),
        "websocket-server/.env.example",
        "OPENAI_API_KEY=\nPORT=\n",
    );
    let rows = problems(dir.path(), &v);
    let missing: Vec<_> = rows.iter().filter(|r| r.0 == "missing").collect();
    assert_eq!(missing.len(), 2, "{rows:?}");
    assert!(missing.iter().all(|r| r.1 == "low"), "{rows:?}");
    let keys = run(dir.path(), &v, &["keys"]);
    assert_eq!(keys.code, 0, "{}", keys.transcript());
    assert!(
        keys.stdout
            .contains("`env_file: backend/.env` of service `backend` does not exist yet"),
        "{}",
        keys.transcript()
    );
    std::fs::remove_file(dir.path().join("websocket-server/.env.example")).unwrap();
    let rows = problems(dir.path(), &v);
    assert!(
        rows.contains(&(
            "missing".to_owned(),
            "high".to_owned(),
            "websocket-server/.env".to_owned()
        )),
        "{rows:?}"
    );
}

#[test]
fn variables_set_in_the_process_environment_are_not_missing() {
    // Item 7: in CI the values come from the environment (compose reads the shell's variables).
    let (dir, v) = seed_project_for_keys();
    compose_with_keys_from_env(dir.path());
    std::fs::remove_file(dir.path().join(".env.example")).unwrap();
    let json = |env: &[(&str, &str)]| {
        let run = crate::support::run_bin_env(
            "keylint",
            dir.path(),
            &["keys", "--format", "json"],
            None,
            env,
        );
        assert_masked(&run, &v);
        let doc: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", run.transcript()));
        doc["problems"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter(|p| p["code"] == "missing")
                    .map(|p| p["subject"].as_str().unwrap_or_default().to_owned())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        json(&[]),
        ["LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"],
        "declared nowhere"
    );
    let set = json(&[
        ("LIVEKIT_API_KEY", "from-ci"),
        ("LIVEKIT_API_SECRET", "from-ci"),
    ]);
    assert!(set.is_empty(), "set in the environment: {set:?}");
    let one = json(&[("LIVEKIT_API_KEY", "from-ci")]);
    assert_eq!(one, ["LIVEKIT_API_SECRET"]);
}

/// Replaces the compose file's `ports:` of the `LiveKit` service with `environment`.
fn livekit_environment(dir: &Path, environment: &str) {
    let compose = std::fs::read_to_string(dir.join("docker-compose.yml")).unwrap();
    write(
        dir,
        "docker-compose.yml",
        &compose.replace("    ports:\n", &format!("{environment}    ports:\n")),
    );
}

/// `keys` and `scan` both fail with `code` (an error, not a note under "✓ keys consistent").
fn both_fail_with(dir: &Path, v: &SeedValues, code: &str) {
    let rows = problems(dir, v);
    assert!(
        rows.iter().any(|r| r.0 == code && r.1 == "high"),
        "{rows:?}"
    );
    let keys = run(dir, v, &["keys"]);
    assert_eq!(keys.code, 1, "{}", keys.transcript());
    assert!(
        !keys.stdout.contains("✓ keys consistent"),
        "{}",
        keys.transcript()
    );
    let scan = run(dir, v, &["scan", ".", "--format", "json"]);
    assert_eq!(scan.code, 1, "{}", scan.transcript());
    assert!(
        scan.stdout.contains(&format!("\"keys/{code}\"")),
        "{}",
        scan.transcript()
    );
}

#[test]
fn unquoted_livekit_keys_in_compose_is_an_error() {
    // Item 8: `LIVEKIT_KEYS: devkey: secret` is not YAML: compose refuses to start.
    let (dir, v) = seed_project_for_keys();
    livekit_environment(
        dir.path(),
        &format!(
            "    environment:\n      LIVEKIT_KEYS: devkey: {}\n",
            v.livekit_secret
        ),
    );
    both_fail_with(dir.path(), &v, "config-syntax");
    let keys = run(dir.path(), &v, &["keys"]);
    assert!(
        keys.stdout
            .contains("`LIVEKIT_KEYS: key: secret` is not valid YAML"),
        "{}",
        keys.transcript()
    );
}

#[test]
fn dash_form_livekit_keys_in_compose_is_an_error() {
    // Item 8: `- LIVEKIT_KEYS: "devkey: secret"`: a list item must be a `KEY=value` string.
    let (dir, v) = seed_project_for_keys();
    livekit_environment(
        dir.path(),
        &format!(
            "    environment:\n      - LIVEKIT_KEYS: \"devkey: {}\"\n",
            v.livekit_secret
        ),
    );
    both_fail_with(dir.path(), &v, "config-syntax");
}

#[test]
fn livekit_keys_with_an_equals_sign_is_an_error() {
    // Item 8: `LIVEKIT_KEYS=devkey=secret` defines no key.
    let (dir, v) = seed_project_for_keys();
    livekit_environment(
        dir.path(),
        &format!(
            "    environment:\n      - LIVEKIT_KEYS={}={}\n",
            v.livekit_key, v.livekit_secret
        ),
    );
    both_fail_with(dir.path(), &v, "livekit-keys-syntax");
}

#[test]
fn livekit_config_without_keys_is_an_error() {
    // Item 8: neither `keys` nor `key_file`: "one of key-file or keys must be provided".
    let (dir, v) = seed_project_for_keys();
    write(
        dir.path(),
        "livekit.yaml",
        "port: 7880\nrtc:\n  tcp_port: 7881\n",
    );
    both_fail_with(dir.path(), &v, "no-livekit-key");
    let keys = run(dir.path(), &v, &["keys"]);
    assert!(
        keys.stdout
            .contains("one of key-file or keys must be provided"),
        "{}",
        keys.transcript()
    );
}

#[test]
fn last_line_agrees_with_the_exit_code() {
    // Item 15: no secret, but a configuration problem that fails the run.
    let (dir, v) = seed_project_for_keys();
    write(
        dir.path(),
        "livekit.yaml",
        "port: 7880\nrtc:\n  tcp_port: 7881\nkey_file: livekit-keys.yaml\n",
    );
    write(
        dir.path(),
        "lib/core/config/app_config.dart",
        "class AppConfig {\n  static const String livekitApiKey = String.fromEnvironment('LIVEKIT_API_KEY');\n}\n",
    );
    let scan = run(dir.path(), &v, &["scan", "."]);
    assert_eq!(scan.code, 1, "{}", scan.transcript());
    assert!(
        !scan.stdout.contains("no secrets found"),
        "{}",
        scan.transcript()
    );
    let last = scan.stdout.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("✗ 0 secrets, 1 configuration problem in "),
        "{}",
        scan.transcript()
    );
}

#[test]
fn cargo_keylint_alone_scans_the_workspace() {
    // Item 16: `cargo keylint` runs `cargo keylint scan` of the workspace, from anywhere in it.
    let (dir, v) = seed_project_for_keys();
    write(
        dir.path(),
        "Cargo.toml",
        "[package]\nname = \"seed\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    write(dir.path(), "src/main.rs", "fn main() {}\n");
    let run = crate::support::run_bin(
        "cargo-keylint",
        &dir.path().join("backend"),
        &["keylint"],
        None,
    );
    assert_masked(&run, &v);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("livekit.yaml"), "{}", run.transcript());
    let help = crate::support::run_bin("cargo-keylint", dir.path(), &["keylint", "--help"], None);
    assert_eq!(help.code, 0, "{}", help.transcript());
    assert!(
        help.stdout.contains("Usage: cargo keylint") && !help.stdout.contains("cargo-keylint"),
        "{}",
        help.transcript()
    );
}

#[test]
fn blocked_commit_ends_with_the_fix_command() {
    // Item 17: the block message ends with `keylint fix <path>` next to the skip escape.
    let (dir, v) = seed_project_for_keys();
    write(
        dir.path(),
        "backend/src/config.ts",
        &format!("export const openaiKey = \"{}\";\n", v.backend_openai),
    );
    crate::support::git_ok(dir.path(), &["add", "backend/src/config.ts"]);
    let hook = run(dir.path(), &v, &["hook", "pre-commit"]);
    assert_eq!(hook.code, 1, "{}", hook.transcript());
    let out = format!("{}{}", hook.stdout, hook.stderr);
    let lines: Vec<&str> = out.lines().collect();
    let fix = lines
        .iter()
        .position(|l| l.contains("keylint fix backend/src/config.ts"))
        .unwrap_or_else(|| panic!("no fix command: {}", hook.transcript()));
    assert!(
        lines
            .get(fix + 1)
            .is_some_and(|l| l.contains("KEYLINT_SKIP=1")),
        "{}",
        hook.transcript()
    );
}

/// The seeds' pasted key: a wrong prefix and a zero-width space in `backend/.env`, and the
/// Flutter app holding the key as it should be.
fn pasted_key(dir: &Path, v: &SeedValues) {
    let broken = format!(
        "{}\u{200b}{}",
        v.backend_openai.replacen("sk-proj-", "sk-prj-", 1),
        ""
    );
    let env = std::fs::read_to_string(dir.join("backend/.env")).unwrap();
    write(
        dir,
        "backend/.env",
        &env.replace(&v.backend_openai, &broken),
    );
}

#[test]
fn one_pasted_key_is_one_report_with_its_reasons() {
    // Item 14: the provider format and the invisible character of one value are one report.
    let (dir, v) = seed_project_for_keys();
    pasted_key(dir.path(), &v);
    // The env file named: `.gitignore` keeps it out of a tree scan.
    let scan = run(dir.path(), &v, &["scan", "backend/.env"]);
    assert_eq!(scan.code, 1, "{}", scan.transcript());
    assert_eq!(
        scan.stdout.matches("2 reasons on this line").count(),
        1,
        "{}",
        scan.transcript()
    );
    assert!(
        !scan.stdout.contains("invisible-character (high)"),
        "{}",
        scan.transcript()
    );
    // The machine formats keep one diagnostic per check.
    let json = run(
        dir.path(),
        &v,
        &["scan", "backend/.env", "--format", "json"],
    );
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let on_line_one = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == "backend/.env" && d["line"] == 1)
        .count();
    assert!(on_line_one >= 2, "{}", json.stdout);
}

#[test]
fn concise_scan_is_one_line_per_finding_or_problem() {
    // Item 14: `scan --format concise`, like `env` has.
    let (dir, v) = seed_project_for_keys();
    pasted_key(dir.path(), &v);
    let files = ["backend/.env", "livekit.yaml"];
    let json = run(
        dir.path(),
        &v,
        &["scan", files[0], files[1], "--format", "json"],
    );
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let expected =
        doc["findings"].as_array().unwrap().len() + doc["diagnostics"].as_array().unwrap().len();
    let concise = run(
        dir.path(),
        &v,
        &["scan", files[0], files[1], "--format", "concise"],
    );
    assert_eq!(concise.code, 1, "{}", concise.transcript());
    let row = regex::Regex::new(r"^[^:]+:\d+:\d+: (critical|high|medium|low|info) [a-z/-]+: .+$")
        .unwrap();
    let lines: Vec<&str> = concise.stdout.lines().collect();
    let rows = lines.iter().filter(|l| row.is_match(l)).count();
    assert_eq!(rows, expected, "{}\n{}", concise.transcript(), json.stdout);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("livekit.yaml:5:") && l.contains(" high livekit-")),
        "{}",
        concise.transcript()
    );
    // Nothing but the rows and the closing line.
    assert_eq!(lines.len(), rows + 1, "{}", concise.transcript());
    assert!(lines[rows].starts_with("✗ "), "{}", concise.transcript());
}
