//! The situations of the project's origin documents (`shared/seeds/`), as a project on disk:
//! real-looking (synthetic) keys must be found with the right rule and a fix for the file's
//! language; the seeds' own placeholders must never fail a run.

use crate::support::{ALNUM, finding_rows, keylint, openai_key, synthetic, write_tree};

const HEX: &[u8] = b"0123456789abcdef";

struct Keys {
    livekit_key: String,
    livekit_secret: String,
    openai: String,
    gemini: String,
    deepseek: String,
    groq: String,
    encryption: String,
}

fn keys() -> Keys {
    Keys {
        livekit_key: format!("API{}", synthetic(21, 12, ALNUM)),
        livekit_secret: synthetic(22, 44, ALNUM),
        openai: openai_key(23),
        gemini: format!(
            "AI{}{}",
            "za",
            synthetic(
                24,
                35,
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
            )
        ),
        deepseek: format!("sk-{}", synthetic(25, 32, HEX)),
        groq: format!("gs{}{}", "k_", synthetic(26, 52, ALNUM)),
        encryption: synthetic(27, 64, HEX),
    }
}

fn leaky_app(dir: &std::path::Path, k: &Keys) {
    write_tree(
        dir,
        &[
            (
                "lib/core/config/app_config.dart",
                &format!(
                    "class AppConfig {{\n  static const String liveKitUrl = 'wss://demo.livekit.cloud';\n  static const String liveKitApiKey = '{}';\n  static const String liveKitApiSecret = '{}';\n}}\n",
                    k.livekit_key, k.livekit_secret
                ),
            ),
            (
                "eloquence-backend/.env",
                &format!(
                    "LIVEKIT_API_KEY={}\nLIVEKIT_API_SECRET={}\n",
                    k.livekit_key, k.livekit_secret
                ),
            ),
            (
                "eloquence-backend/livekit.yaml",
                &format!(
                    "port: 7880\nkeys:\n  {}: {}\n",
                    k.livekit_key, k.livekit_secret
                ),
            ),
            (
                "docker-compose.yml",
                &format!(
                    "services:\n  livekit:\n    image: livekit/livekit-server:latest\n    environment:\n      LIVEKIT_KEYS: \"{}: {}\"\n",
                    k.livekit_key, k.livekit_secret
                ),
            ),
            (
                "websocket-server/.env",
                &format!("OPENAI_API_KEY={}\n", k.openai),
            ),
            (
                ".env.local",
                &format!(
                    "ENCRYPTION_KEY={}\nGOOGLE_API_KEY={}\nDEEPSEEK_API_KEY={}\nGROQ_API_KEY={}\n",
                    k.encryption, k.gemini, k.deepseek, k.groq
                ),
            ),
        ],
    );
}

fn findings(dir: &std::path::Path) -> Vec<(String, u64, String, String)> {
    finding_rows(&keylint(
        dir,
        &["scan", "--format", "json", "--fail-on", "info"],
    ))
}

#[test]
fn every_seed_leak_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let k = keys();
    leaky_app(dir.path(), &k);
    let found = findings(dir.path());
    let at = |path: &str, line: u64| {
        found
            .iter()
            .filter(|f| f.0 == path && f.1 == line)
            .map(|f| f.2.as_str())
            .collect::<Vec<_>>()
    };
    let expect = |path: &str, line: u64, needle: &str| {
        let rules = at(path, line);
        assert!(
            rules.iter().any(|r| r.contains(needle)),
            "{path}:{line}: expected a `{needle}` rule, got {rules:?}\nall: {found:#?}"
        );
    };
    expect("lib/core/config/app_config.dart", 3, "livekit");
    expect("lib/core/config/app_config.dart", 4, "livekit");
    expect("eloquence-backend/.env", 1, "livekit");
    expect("eloquence-backend/.env", 2, "livekit");
    expect("eloquence-backend/livekit.yaml", 3, "livekit");
    expect("docker-compose.yml", 5, "livekit");
    expect("websocket-server/.env", 1, "openai");
    expect(".env.local", 1, "");
    expect(".env.local", 2, "google");
    expect(".env.local", 3, "deepseek");
    expect(".env.local", 4, "groq");
    let run = keylint(dir.path(), &["scan"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("String.fromEnvironment"),
        "Dart fix shown:\n{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains(&k.livekit_secret) && !run.stdout.contains(&k.openai),
        "secrets masked"
    );
}

#[test]
fn the_seeds_placeholders_never_fail_a_run() {
    let dir = tempfile::tempdir().unwrap();
    write_tree(
        dir.path(),
        &[
            (
                "lib/core/config/app_config.dart",
                "class AppConfig {\n  static const String liveKitApiKey = 'votre_nouvelle_cle_api_livekit';\n  static const String liveKitApiSecret = 'votre_nouveau_secret_api_livekit';\n}\n",
            ),
            (
                "backend/.env",
                "LIVEKIT_API_KEY=votre_nouvelle_cle_api_livekit\nLIVEKIT_API_SECRET=votre_nouveau_secret_api_livekit\n",
            ),
            (
                "livekit.yaml",
                "api_keys:\n  votre_nouvelle_cle_api_livekit: votre_nouveau_secret_api_livekit\n",
            ),
            (
                "websocket-server/.env",
                "OPENAI_API_KEY=votre_nouvelle_cle_ici\n# OPENAI_API_KEY=sk-proj-... (sans espaces)\n",
            ),
            (
                ".env.local",
                "ENCRYPTION_KEY=your-64-char-hex-key-here\nGOOGLE_API_KEY=AIza...\nDEEPSEEK_API_KEY=sk-...\n",
            ),
            (
                "docs/keys.md",
                "- Gemini : `AIza...` (39 caractères)\n- DeepSeek : `sk-...` (36+ caractères)\n- Groq : `gsk_...` (44+ caractères)\napiKey: 'sk-ant-api03-...',\n",
            ),
            (
                "src/llm.ts",
                "const genAI = new GoogleGenerativeAI(process.env.GOOGLE_API_KEY!)\nconst key = import.meta.env.VITE_GEMINI_KEY;\n",
            ),
        ],
    );
    let found = findings(dir.path());
    let failing: Vec<_> = found
        .iter()
        .filter(|f| f.3 == "high" || f.3 == "critical")
        .collect();
    assert!(
        failing.is_empty(),
        "placeholders reported as failures: {failing:#?}"
    );
    assert_eq!(keylint(dir.path(), &["scan"]).code, 0);
}
