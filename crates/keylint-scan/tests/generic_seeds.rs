//! The situations of the origin documents (`/work/shared/seeds`, French), replayed through the
//! engine: what the generic detector must report, and what it must leave to others or ignore.

use keylint_scan::{Engine, EngineOptions};

/// The generic detector alone: no provider rule can take a match over.
fn generic_only() -> Engine {
    Engine::new(Vec::new(), EngineOptions::default()).unwrap()
}

fn rules_on_line(engine: &Engine, path: &str, text: &str, line: u32) -> Vec<String> {
    engine
        .scan(path, text.as_bytes())
        .into_iter()
        .filter(|f| f.location.line == line)
        .map(|f| f.rule_id)
        .collect()
}

/// Synthetic, real-looking `LiveKit` credentials: API key `API` + 12 alphanumerics, a
/// 44-character secret.
const APP_CONFIG: &str = "class AppConfig {
  static const String liveKitUrl = 'wss://eloquence.livekit.example.org';
  static const String liveKitApiKey = 'APIq7Lm2Vx9Rt4K';
  static const String liveKitApiSecret = 'Wq5Rx9Lm2Vt7Kp4Zn8Bc6Hd1Jf3GsT0aPw9Vn2KcYb7';
}
";

#[test]
fn flutter_app_config_with_real_looking_keys_is_reported() {
    let generic = generic_only();
    for line in [3, 4] {
        assert_eq!(
            rules_on_line(
                &generic,
                "lib/core/config/app_config.dart",
                APP_CONFIG,
                line
            ),
            ["generic-secret"],
            "line {line}"
        );
        // With every rule, something reports it (a LiveKit rule may take it over).
        assert!(
            !rules_on_line(
                &Engine::builtin(),
                "lib/core/config/app_config.dart",
                APP_CONFIG,
                line
            )
            .is_empty(),
            "line {line}"
        );
    }
    assert!(rules_on_line(&generic, "lib/core/config/app_config.dart", APP_CONFIG, 2).is_empty());
}

#[test]
fn flutter_app_config_with_the_guide_placeholders_is_not() {
    let text = "class AppConfig {
  static const String liveKitApiKey = 'votre_nouvelle_cle_api_livekit';
  static const String liveKitApiSecret = 'votre_nouveau_secret_api_livekit';
}
";
    assert!(
        Engine::builtin()
            .scan("lib/core/config/app_config.dart", text.as_bytes())
            .is_empty()
    );
}

#[test]
fn six_character_env_secret_is_left_to_the_env_linter() {
    // `secret is too short, should be at least 32 characters`: a real problem, but not a
    // leak the generic detector can tell from a word; the .env linter reports it.
    let text = "LIVEKIT_API_KEY=devkey\nLIVEKIT_API_SECRET=secret\n";
    let generic = generic_only();
    assert!(generic.scan("backend/.env", text.as_bytes()).is_empty());
    // The same name with a generated 44-character secret is reported.
    let text = "LIVEKIT_API_SECRET=Wq5Rx9Lm2Vt7Kp4Zn8Bc6Hd1Jf3GsT0aPw9Vn2KcYb7\n";
    assert_eq!(
        rules_on_line(&generic, "backend/.env", text, 1),
        ["generic-secret"]
    );
}

#[test]
fn compose_dev_keys_and_guide_examples_are_not_generic_findings() {
    let compose = "services:
  livekit:
    command: [\"livekit-server\", \"--dev\"]
    environment:
      LIVEKIT_KEYS: \"devkey: secret\"
";
    let livekit_yaml =
        "api_keys:\n  votre_nouvelle_cle_api_livekit: votre_nouveau_secret_api_livekit\n";
    let env_local = "# Clé de chiffrement (CONSERVER ABSOLUMENT)
ENCRYPTION_KEY=your-64-char-hex-key-here
GOOGLE_API_KEY=AIza...
DEEPSEEK_API_KEY=sk-...
OPENAI_API_KEY=votre_nouvelle_cle_ici
";
    let generic = generic_only();
    assert!(
        generic
            .scan("docker-compose.yml", compose.as_bytes())
            .is_empty()
    );
    assert!(
        generic
            .scan("livekit.yaml", livekit_yaml.as_bytes())
            .is_empty()
    );
    assert!(generic.scan(".env.local", env_local.as_bytes()).is_empty());
}

#[test]
fn encryption_key_of_64_hex_characters_is_reported() {
    // `openssl rand -hex 32` output (synthetic), as the guide tells users to store it.
    let text = "ENCRYPTION_KEY=3f9a1c7e5b2d8f4a6c0e9b1d7f3a5c8e2b4d6f0a9c1e3b5d7f2a4c6e8b0d1f3a\n";
    assert_eq!(
        rules_on_line(&generic_only(), ".env.local", text, 1),
        ["generic-secret"]
    );
    assert!(!rules_on_line(&Engine::builtin(), ".env.local", text, 1).is_empty());
}
