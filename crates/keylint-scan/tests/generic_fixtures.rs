//! Fixture-driven tests of the generic detector: every file in `tests/fixtures/generic/` is
//! scanned under its own name (so its language comes from its extension).
//!
//! Expectations live in the fixtures: a line holding `expect: <rule> [<rule> …]` must be
//! reported by those generic rules, a line holding `expect-below: <rule>` announces the next
//! line (YAML block scalars), and a `<file>.expected` sidecar (`<line> <rule>` rows) replaces
//! the markers for formats without comments (JSON). Every other line must have no generic
//! finding at all: the fixtures are mostly hard negatives (placeholders, references, minified
//! code, i18n strings, lock-file hashes, UUID ids, paths, URLs).

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use keylint_scan::{Engine, EngineOptions};

type Expected = BTreeSet<(u32, String)>;

fn fixture_dir() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/generic"
    ))
}

/// Fixture files (sidecars excluded), sorted.
fn fixtures() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(fixture_dir())
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_none_or(|e| e != "expected"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = fs::read_to_string(&p).expect("fixture is UTF-8");
            (name, text)
        })
        .collect();
    files.sort();
    assert!(files.len() >= 12, "fixtures missing");
    files
}

fn rules_after(marker: &str, line: &str) -> Vec<String> {
    line.split_once(marker)
        .map(|(_, rest)| {
            rest.split_whitespace()
                .take_while(|w| w.starts_with("generic-"))
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default()
}

fn expected(name: &str, text: &str) -> Expected {
    let sidecar = fixture_dir().join(format!("{name}.expected"));
    if let Ok(rows) = fs::read_to_string(sidecar) {
        return rows
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|l| {
                let (line, rule) = l.split_once(' ').expect("`<line> <rule>`");
                (line.parse().expect("line number"), rule.trim().to_owned())
            })
            .collect();
    }
    let mut out = Expected::new();
    for (i, line) in text.lines().enumerate() {
        let n = u32::try_from(i).unwrap() + 1;
        for rule in rules_after("expect:", line) {
            out.insert((n, rule));
        }
        for rule in rules_after("expect-below:", line) {
            out.insert((n + 1, rule));
        }
    }
    out
}

fn generic_findings(engine: &Engine, name: &str, text: &str) -> Expected {
    engine
        .scan(name, text.as_bytes())
        .into_iter()
        .filter(|f| f.rule_id.starts_with("generic-"))
        .map(|f| (f.location.line, f.rule_id))
        .collect()
}

fn describe(name: &str, text: &str, rows: &Expected) -> Vec<String> {
    rows.iter()
        .map(|(line, rule)| {
            let src = text.lines().nth(*line as usize - 1).unwrap_or("");
            format!("{name}:{line} {rule}: {}", src.trim())
        })
        .collect()
}

/// The detector alone (no provider rules to take overlapping matches): exactly the marked
/// lines, with the marked rules.
#[test]
fn generic_detector_finds_exactly_the_marked_lines() {
    let engine = Engine::new(Vec::new(), EngineOptions::default()).unwrap();
    let mut problems = Vec::new();
    let mut total = 0;
    for (name, text) in fixtures() {
        let want = expected(&name, &text);
        let got = generic_findings(&engine, &name, &text);
        total += want.len();
        let missed: Expected = want.difference(&got).cloned().collect();
        let extra: Expected = got.difference(&want).cloned().collect();
        problems.extend(
            describe(&name, &text, &missed)
                .into_iter()
                .map(|p| format!("MISSED  {p}")),
        );
        problems.extend(
            describe(&name, &text, &extra)
                .into_iter()
                .map(|p| format!("FALSE+  {p}")),
        );
    }
    assert!(total >= 60, "only {total} expectations");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The real engine with every built-in rule: a marked line is reported (by its generic rule,
/// or by a provider rule that overlaps it and wins), and no unmarked line gets a generic
/// finding.
#[test]
fn builtin_engine_reports_marked_lines_and_no_other_generic_finding() {
    let engine = Engine::builtin();
    let mut problems = Vec::new();
    for (name, text) in fixtures() {
        let want = expected(&name, &text);
        let findings = engine.scan(&name, text.as_bytes());
        for (line, rule) in &want {
            if !findings.iter().any(|f| {
                f.location.line == *line
                    && (f.rule_id == *rule || !f.rule_id.starts_with("generic-"))
            }) {
                problems.push(format!("MISSED  {name}:{line} {rule}"));
            }
        }
        for f in findings
            .iter()
            .filter(|f| f.rule_id.starts_with("generic-"))
        {
            if !want.contains(&(f.location.line, f.rule_id.clone())) {
                problems.push(format!(
                    "FALSE+  {name}:{} {}: {}",
                    f.location.line, f.rule_id, f.snippet
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
