//! Fixture-driven tests: one file per check under `tests/fixtures/env/checks/`, an `# ok` section
//! that must produce nothing and an `# error` section that must produce diagnostics. The
//! diagnostics, and the file after `--fix --unsafe-fixes`, are pinned by snapshots.

use std::fmt::Write as _;
use std::path::PathBuf;

use keylint_dotenv::checks::CHECKS;
use keylint_dotenv::parser::EnvFile;
use keylint_dotenv::{Counterpart, Diagnostic, FileContext, GitState, Settings, fix, lint};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/env/checks")
}

fn context(code: &str) -> FileContext {
    let mut ctx = FileContext::new(".env");
    match code {
        "env-file-committed" => {
            ctx.git = Some(GitState {
                tracked: true,
                ignored: false,
            });
        }
        "example-drift" => {
            ctx.path = ".env.example".into();
            ctx.counterpart = Some(Counterpart {
                path: ".env".into(),
                keys: vec![
                    "OPENAI_API_KEY".into(),
                    "PORT".into(),
                    "GROQ_API_KEY".into(),
                ],
            });
        }
        "key-prefix" => ctx.required_prefixes = vec!["APP_".into(), "LIVEKIT_".into()],
        _ => {}
    }
    ctx
}

fn only(code: &'static str) -> Settings {
    Settings {
        enabled: [code].into_iter().collect(),
        ..Settings::default()
    }
}

fn render(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let _ = writeln!(
            out,
            "{}:{}-{} {} {}: {}",
            d.line, d.column, d.end_column, d.severity, d.code, d.message
        );
        let _ = writeln!(out, "  | {}", d.snippet.replace('\r', "\\r"));
        let _ = writeln!(
            out,
            "  | {}{}",
            " ".repeat(d.snippet[..d.snippet_span.start].chars().count()),
            "^".repeat(d.snippet[d.snippet_span.clone()].chars().count().max(1))
        );
        if let Some(help) = &d.help {
            let _ = writeln!(out, "  help: {help}");
        }
        if let Some(fix) = &d.fix {
            let _ = writeln!(
                out,
                "  fix ({}): {}",
                fix.applicability.as_str(),
                fix.message
            );
        }
    }
    out
}

#[test]
fn every_check_has_a_fixture_with_ok_and_error_sections() {
    for check in CHECKS {
        let dir = fixtures();
        let path = [".env", ".env.example"]
            .iter()
            .map(|ext| dir.join(format!("{}{ext}", check.code)))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("no fixture for {}", check.code));
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let error_line = 1 + text
            .lines()
            .position(|l| l == "# error")
            .unwrap_or_else(|| panic!("{}: no `# error` section", check.code))
            as u32;
        let ctx = context(check.code);
        let settings = only(check.code);
        let diags = lint(&bytes, &ctx, &settings);
        for d in &diags {
            assert_eq!(d.code, check.code);
            assert!(
                d.line > error_line,
                "{}: reported in the ok section: {}:{} {}",
                check.code,
                d.line,
                d.column,
                d.message
            );
        }
        assert!(!diags.is_empty(), "{}: nothing reported", check.code);
        // Secrets are masked: no long value of the fixture appears in any output.
        let file = EnvFile::parse(&text);
        for entry in file.entries() {
            let value = file.value(entry);
            if value.len() >= 24
                && !value.contains(' ')
                && !keylint_scan::placeholder::is_placeholder(&value)
            {
                for d in &diags {
                    let all = format!("{} {} {:?}", d.message, d.snippet, d.help);
                    assert!(
                        !all.contains(&value),
                        "{}: value printed: {all}",
                        check.code
                    );
                }
            }
        }
        let mut snapshot = render(&diags);
        if let Some(fixed) = fix(&bytes, &ctx, &settings, true) {
            if fixed.applied > 0 {
                let _ = write!(snapshot, "--- after --fix --unsafe-fixes\n{}", fixed.text);
            }
        }
        insta::with_settings!({ snapshot_suffix => check.code, prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!("check", snapshot);
        });
    }
}

#[test]
fn fixes_settle_and_a_second_run_changes_nothing() {
    let all = Settings {
        enabled: CHECKS.iter().map(|c| c.code).collect(),
        ..Settings::default()
    };
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let ctx = FileContext::new(".env");
        for unsafe_fixes in [false, true] {
            let Some(once) = fix(&bytes, &ctx, &all, unsafe_fixes) else {
                continue;
            };
            let twice = fix(once.text.as_bytes(), &ctx, &all, unsafe_fixes).unwrap();
            assert_eq!(twice.applied, 0, "{}: {:?}", path.display(), twice.messages);
            assert_eq!(twice.text, once.text);
            // Nothing fixable is left but fixes that would change what python-dotenv loads.
            let left = lint(once.text.as_bytes(), &ctx, &all);
            let loaded = keylint_dotenv::loader::load(&once.text);
            for d in left {
                if let Some(f) = d.fix {
                    let changes_load =
                        keylint_dotenv::loader::load(&f.apply_to(&once.text)) != loaded;
                    assert!(
                        changes_load
                            || (!unsafe_fixes
                                && f.applicability == keylint_dotenv::Applicability::Unsafe),
                        "{}: fix left: {} {}",
                        path.display(),
                        d.code,
                        d.message
                    );
                }
            }
        }
    }
}

#[test]
fn without_snippets_only_the_snippets_are_left_out() {
    let text = b"OPENAI_API_KEY = sk-proj-...\nlower=1\nA=1\nA=2\nLIVEKIT_API_SECRET=short\n";
    let all = Settings {
        enabled: CHECKS.iter().map(|c| c.code).collect(),
        ..Settings::default()
    };
    let ctx = FileContext::new(".env");
    let with = lint(text, &ctx, &all);
    let without = lint(
        text,
        &ctx,
        &Settings {
            snippets: false,
            ..all.clone()
        },
    );
    assert!(with.len() >= 5, "{with:?}");
    assert_eq!(with.len(), without.len());
    for (a, b) in with.iter().zip(&without) {
        assert!(!a.snippet.is_empty() && b.snippet.is_empty());
        let mut a = a.clone();
        a.snippet = String::new();
        a.snippet_span = 0..0;
        assert_eq!(&a, b);
    }
}
