//! Loading a `keylint.toml` (custom rules included) never panics: a config either fails with
//! an error or builds an engine that scans.
#![no_main]

use keylint_core::config::Config;
use keylint_scan::{Engine, EngineOptions};
use libfuzzer_sys::fuzz_target;

/// Text the engine built from a config scans: keywords of common rules, an assignment, a URL.
const SAMPLE: &str = "OPENAI_API_KEY=sk-proj-abc\npassword: \"hunter2hunter2\"\nacme_token = 'x'\nhttps://user:pass@example.org\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = Config::from_toml("keylint.toml", text) else {
        return;
    };
    if !keylint_rules::validate(&config.custom_rules, false).is_empty() {
        return;
    }
    // The custom rules alone: the built-in ones are the engine target's, and building an engine
    // of ~300 rules for each input would leave little time for the config.
    let specs = config.custom_rules.clone();
    if let Ok(engine) = Engine::new(specs, EngineOptions::default()) {
        let _ = engine.scan("app/.env", SAMPLE.as_bytes());
        let _ = engine.scan("keylint.toml", text.as_bytes());
    }
});
