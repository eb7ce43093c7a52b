//! Property-style tests on generated files (a small seeded generator, no extra dependency):
//! parse → print is lossless, linting never panics, and fixes settle and are idempotent.

use keylint_dotenv::parser::EnvFile;
use keylint_dotenv::{FileContext, Settings, checks::CHECKS, fix, lint};

mod messy;

use messy::Rng;

const FRAGMENTS: &[&str] = &[
    "KEY",
    "export ",
    "lower",
    "A-B",
    "1X",
    " ",
    "\t",
    "=",
    "==",
    ":",
    "\"",
    "'",
    "`",
    "\\",
    "#",
    " # c",
    "$",
    "${",
    "}",
    "${VAR}",
    "value",
    "sk-proj-...",
    "\u{200b}",
    "\u{a0}",
    "\u{feff}",
    "\u{201c}",
    "é",
    "\r",
    "\n",
    "\r\n",
    "LIVEKIT_KEYS=",
    "devkey:secret",
    "OPENAI_API_KEY=",
    "LIVEKIT_URL=",
    "NEXT_PUBLIC_X_SECRET=",
    "ENCRYPTION_KEY=",
    "",
];

fn generate(rng: &mut Rng) -> String {
    let mut out = String::new();
    if rng.next() % 8 == 0 {
        out.push('\u{feff}');
    }
    let n = rng.next() % 40;
    for _ in 0..n {
        out.push_str(rng.pick(FRAGMENTS));
    }
    out
}

#[test]
fn parse_then_print_is_lossless_on_generated_files() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let text = generate(&mut rng);
        let file = EnvFile::parse(&text);
        assert_eq!(file.print(), text, "{text:?}");
        // Every line's range tiles the text after the BOM.
        let mut at = usize::from(file.bom) * 3;
        for line in &file.lines {
            assert_eq!(line.range.start, at, "{text:?}");
            at = line.range.end;
        }
        assert_eq!(at, text.len(), "{text:?}");
    }
}

#[test]
fn lint_and_fix_never_panic_and_fixes_are_idempotent() {
    let settings = Settings {
        enabled: CHECKS.iter().map(|c| c.code).collect(),
        ..Settings::default()
    };
    let ctx = FileContext::new(".env");
    let mut rng = Rng(42);
    for _ in 0..2_000 {
        let text = generate(&mut rng);
        let _ = lint(text.as_bytes(), &ctx, &settings);
        for unsafe_fixes in [false, true] {
            let once = fix(text.as_bytes(), &ctx, &settings, unsafe_fixes).unwrap();
            let twice = fix(once.text.as_bytes(), &ctx, &settings, unsafe_fixes).unwrap();
            assert_eq!(twice.text, once.text, "input {text:?}");
        }
    }
}

#[test]
fn invalid_utf8_is_a_diagnostic_and_never_fixed() {
    let ctx = FileContext::new(".env");
    let diags = lint(b"A=1\nB=\xff\xfe\n", &ctx, &Settings::default());
    assert!(
        diags
            .iter()
            .any(|d| d.code == "syntax-error" && d.line == 2)
    );
    assert!(fix(b"A = \xff\n", &ctx, &Settings::default(), true).is_none());
}
