//! The `.env` parser is lossless (parse → print gives the text back) and no check or fix
//! panics, whatever the bytes.
#![no_main]

use keylint_dotenv::parser::{EnvFile, decode};
use keylint_dotenv::{FileContext, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (text, _) = decode(data);
    let file = EnvFile::parse(&text);
    assert_eq!(file.print(), text, "parse → print must be lossless");
    let mut settings = Settings::default();
    settings.enabled = keylint_dotenv::checks::CHECKS
        .iter()
        .map(|c| c.code)
        .collect();
    let ctx = FileContext::new("app/.env");
    let _ = keylint_dotenv::lint(data, &ctx, &settings);
    if let Some(fixed) = keylint_dotenv::fix(data, &ctx, &settings, true) {
        let _ = keylint_dotenv::lint(fixed.text.as_bytes(), &ctx, &settings);
    }
});
