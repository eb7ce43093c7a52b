//! The property that keeps fixes honest: on generated messy `.env` files, every key that
//! python-dotenv (the [`loader`] model) loads before `--fix` keeps its value after, and a
//! second run changes nothing. Under `--unsafe-fixes` the only keys allowed to change are those
//! whose line carries an unsafe fix documented to change a name or a value (a rename, an
//! invisible character replaced, a duplicate removed, `KEY` given `=`).

mod messy;

use keylint_dotenv::loader::load;
use keylint_dotenv::{FileContext, Settings, checks::CHECKS, fix, lint};

/// Keys whose line has a fix meant to change a name or a value: what `--fix` /
/// `--unsafe-fixes` may rename or change.
fn unsafe_keys(text: &str, ctx: &FileContext, settings: &Settings) -> Vec<String> {
    let file = keylint_dotenv::parser::EnvFile::parse(text);
    let lines: Vec<u32> = lint(text.as_bytes(), ctx, settings)
        .iter()
        .filter(|d| {
            d.fix.as_ref().is_some_and(|f| {
                keylint_dotenv::checks::changes_value_on_purpose(&d.code, f.applicability)
            })
        })
        .map(|d| d.line)
        .collect();
    file.entries()
        .filter(|(l, _)| {
            lines
                .iter()
                .any(|&n| (l.number..l.number + l.span_lines).contains(&n))
        })
        .flat_map(|e| {
            let k = file.key(e).to_owned();
            [format!("\u{feff}{k}"), k]
        })
        .collect()
}

/// Checks `count` files from `seed`; returns the failures (input, what went wrong).
fn check(seed: u64, count: usize) -> Vec<(String, String)> {
    let settings = Settings {
        enabled: CHECKS.iter().map(|c| c.code).collect(),
        ..Settings::default()
    };
    let ctx = FileContext::new(".env");
    let mut rng = messy::Rng(seed);
    let mut failures = Vec::new();
    for _ in 0..count {
        let text = messy::messy_file(&mut rng);
        let before = load(&text);
        for unsafe_fixes in [false, true] {
            let mut exempt = unsafe_keys(&text, &ctx, &settings);
            if unsafe_fixes {
                // Renames (leading-character, incorrect-delimiter, lowercase-key) may only
                // show once a safe fix of the same line is applied.
                exempt.extend(before.vars.iter().map(|(k, _)| k.clone()).filter(|k| {
                    !(k.starts_with(|c: char| c.is_ascii_uppercase() || c == '_')
                        && k.bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_'))
                }));
            }
            let once = fix(text.as_bytes(), &ctx, &settings, unsafe_fixes).unwrap();
            let after = load(&once.text);
            for (k, v) in &before.vars {
                // A key without `=` (`None`) is not set in the environment.
                if v.is_some() && !exempt.contains(k) && after.get(k) != Some(v) {
                    failures.push((
                        text.clone(),
                        format!(
                            "unsafe={unsafe_fixes}: {k:?} was {v:?}, is {:?} after {:?} → {:?}",
                            after.get(k),
                            once.messages,
                            once.text
                        ),
                    ));
                }
            }
            let twice = fix(once.text.as_bytes(), &ctx, &settings, unsafe_fixes).unwrap();
            if twice.text != once.text {
                failures.push((text.clone(), format!("unsafe={unsafe_fixes}: not settled")));
            }
        }
    }
    failures
}

#[test]
fn fixes_never_change_what_python_dotenv_loads() {
    let failures = check(0x5EED_2026, 500);
    let shown: Vec<String> = failures
        .iter()
        .take(8)
        .map(|(t, why)| format!("{t:?}\n  {why}"))
        .collect();
    assert!(
        failures.is_empty(),
        "{} failures, first ones:\n{}",
        failures.len(),
        shown.join("\n")
    );
}
