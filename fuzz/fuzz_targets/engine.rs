//! The engine with every built-in rule and the generic detector never panics on any bytes,
//! under any of the file kinds it treats differently.
#![no_main]

use std::sync::OnceLock;

use keylint_scan::Engine;
use libfuzzer_sys::fuzz_target;

const PATHS: &[&str] = &[
    ".env",
    "lib/app_config.dart",
    "src/config.ts",
    "config.yaml",
    "settings.json",
    "main.py",
    "app.properties",
    "bundle.min.js.map",
];

fuzz_target!(|data: &[u8]| {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    let engine = ENGINE.get_or_init(Engine::builtin);
    let Some((&first, content)) = data.split_first() else {
        return;
    };
    let path = PATHS[usize::from(first) % PATHS.len()];
    for finding in engine.scan(path, content) {
        assert!(finding.location.byte_start <= finding.location.byte_end);
        assert!(finding.location.byte_end <= content.len());
        let _ = finding.display_secret(false);
    }
});
