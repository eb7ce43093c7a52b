//! Importing a gitleaks config never panics: it fails with an error or its rules build an
//! engine that scans.
#![no_main]

use keylint_core::gitleaks::GitleaksConfig;
use keylint_scan::{Engine, EngineOptions};
use libfuzzer_sys::fuzz_target;

const SAMPLE: &str =
    "aws_secret_access_key = \"abc\"\nAKIA1234567890ABCDEF\nghp_x\npassword=hunter2hunter2\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(config) = GitleaksConfig::from_toml("gitleaks.toml", text, None) else {
        return;
    };
    if !keylint_rules::validate(&config.rules, false).is_empty() {
        return;
    }
    if let Ok(engine) = Engine::new(config.rules.clone(), EngineOptions::default()) {
        let _ = engine.scan("config.env", SAMPLE.as_bytes());
        let _ = engine.scan("gitleaks.toml", text.as_bytes());
    }
});
