//! keylint's `.env` linter: a lossless parser ([`parser`]), a registry of checks ([`checks`]),
//! one module per check (code, docs, check, fix), and a fix loop that applies fixes until the
//! file settles.
//!
//! Libraries never print: [`lint`] returns [`Diagnostic`]s whose messages and snippets are masked;
//! [`fix`] returns the new text and leaves writing to the caller
//! (`keylint_core::file::replace`, the one atomic writer).
//!
//! ```
//! use keylint_dotenv::{lint, Settings, FileContext};
//! let settings = Settings::default();
//! let ctx = FileContext::new("websocket-server/.env");
//! let diags = lint(b"OPENAI_API_KEY = sk-proj-...\n", &ctx, &settings);
//! let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
//! assert!(codes.contains(&"spaces-around-equals"));
//! assert!(codes.contains(&"placeholder-value"));
//! let fixed = keylint_dotenv::fix(b"A = 1", &ctx, &settings, false).unwrap();
//! assert_eq!(fixed.text, "A=1\n");
//! ```
#![deny(missing_docs)]

pub mod checks;
mod context;
pub mod discover;
pub mod keys;
pub mod loader;
pub mod parser;
pub mod provider;
mod switches;
mod write;

use std::collections::HashSet;

pub use context::{Counterpart, Ctx, FileContext, GitState, Settings};
pub use keylint_core::diagnostic::{Applicability, Diagnostic, Edit, Fix};
pub use write::{text_diff, unified_diff};

use keylint_core::allow::AllowMarker;
use parser::{EnvFile, LineKind};

/// Lints one file's bytes.
pub fn lint(bytes: &[u8], ctx: &FileContext, settings: &Settings) -> Vec<Diagnostic> {
    let (text, utf8_error) = parser::decode(bytes);
    let file = EnvFile::parse(&text);
    lint_parsed(&file, utf8_error, ctx, settings)
}

/// Lints an already parsed file.
pub fn lint_parsed(
    file: &EnvFile,
    utf8_error: Option<u32>,
    ctx: &FileContext,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let c = Ctx {
        file,
        path: &ctx.path,
        settings,
        file_ctx: ctx,
        utf8_error,
        hidden: std::cell::OnceCell::new(),
    };
    let mut out = Vec::new();
    for check in checks::CHECKS {
        if !settings.is_enabled(check) {
            continue;
        }
        let before = out.len();
        (check.run)(&c, &mut out);
        for d in &mut out[before..] {
            if let Some(sev) = settings.severity.get(d.code.as_str()) {
                d.severity = *sev;
            }
            if utf8_error.is_some() {
                // The text is a lossy copy: writing it back would corrupt the file.
                d.fix = None;
            }
        }
    }
    let switches = switches::Switches::of(file);
    out.retain(|d| {
        let line = file
            .lines
            .partition_point(|l| l.number <= d.line)
            .saturating_sub(1);
        !allowed(file, d) && !switches.is_off(line, &d.code)
    });
    if !out.is_empty() {
        // No message, help or fix title ever spells out what the snippet of its line hides.
        let hidden = c.hidden();
        for d in &mut out {
            let Some(line) = file
                .lines
                .partition_point(|l| l.number <= d.line)
                .checked_sub(1)
                .map(|i| &file.lines[i])
            else {
                continue;
            };
            let first = hidden.partition_point(|r| r.end <= line.range.start);
            let on_line: Vec<&str> = hidden[first..]
                .iter()
                .take_while(|r| r.start < line.range.end)
                .map(|r| file.slice(r))
                .filter(|h| h.chars().count() >= keylint_core::mask::MIN_HIDDEN)
                .collect();
            context::scrub(&mut d.message, &on_line);
            if let Some(help) = &mut d.help {
                context::scrub(help, &on_line);
            }
            if let Some(fix) = &mut d.fix {
                context::scrub(&mut fix.message, &on_line);
            }
        }
    }
    out.sort_by(|a, b| {
        (a.line, a.column, &a.code)
            .cmp(&(b.line, b.column, &b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
    out
}

/// Whether a `# keylint:allow [code…]` marker on the line, or on a comment line just above,
/// exempts `d`.
fn allowed(file: &EnvFile, d: &Diagnostic) -> bool {
    // Lines are sorted by number: the candidate is the last one starting at or before `d.line`.
    let Some(idx) = file
        .lines
        .partition_point(|l| l.number <= d.line)
        .checked_sub(1)
        .filter(|&i| d.line < file.lines[i].number + file.lines[i].span_lines)
    else {
        return false;
    };
    let check = |i: usize| {
        let l = &file.lines[i];
        AllowMarker::find(file.slice(&l.range)).is_some_and(|m| m.allows(&d.code))
    };
    check(idx)
        || (idx > 0
            && matches!(file.lines[idx - 1].kind, LineKind::Comment { .. })
            && check(idx - 1))
}

/// What [`fix`] did.
#[derive(Debug, Clone)]
pub struct Fixed {
    /// The new text.
    pub text: String,
    /// Number of fixes applied.
    pub applied: usize,
    /// Messages of the fixes applied, in order.
    pub messages: Vec<String>,
}

/// Applies fixes (safe ones, and unsafe ones when `unsafe_fixes`) until none applies, at most
/// 64 rounds. `None` when the file is not valid UTF-8 (it is never rewritten).
///
/// Two rules keep a fix from changing what a program loads (python-dotenv, the [`loader`] model,
/// is the loader of record):
/// - while a line does not parse, no fix adds, removes or moves a quote: the quotes of the
///   broken line would pair with it;
/// - every key the file sets keeps its value across each fix, except the keys on the lines
///   edited by a fix whose documented purpose is to change a name or a value (a rename;
///   [`checks::changes_value_on_purpose`]), and only across that fix: a fix that would change another key's value
///   (a rename that collides, a `${VAR}` that no longer resolves) is left out and stays reported.
pub fn fix(
    bytes: &[u8],
    ctx: &FileContext,
    settings: &Settings,
    unsafe_fixes: bool,
) -> Option<Fixed> {
    let mut text = std::str::from_utf8(bytes).ok()?.to_owned();
    let mut applied = 0;
    let mut messages = Vec::new();
    let mut seen = HashSet::new();
    for _ in 0..64 {
        let file = EnvFile::parse(&text);
        let diags = lint_parsed(&file, None, ctx, settings);
        let broken = file
            .lines
            .iter()
            .any(|l| matches!(l.kind, LineKind::Invalid { .. }));
        let mut fixes: Vec<(&str, &Fix)> = diags
            .iter()
            .filter_map(|d| Some((d.code.as_str(), d.fix.as_ref()?)))
            .filter(|(_, f)| unsafe_fixes || f.applicability == Applicability::Safe)
            .filter(|(_, f)| !(broken && moves_a_quote(&text, f)))
            .collect();
        fixes.sort_by_key(|(_, f)| (f.start(), f.end()));
        let mut chosen: Vec<(&str, &Fix)> = Vec::new();
        for f in fixes {
            if chosen.last().is_none_or(|last| f.1.start() >= last.1.end()) {
                chosen.push(f);
            }
        }
        // The keys a fix may change: those on the lines it edits, when changing them is its
        // documented purpose (a rename …).
        let may_change = |(code, f): &(&str, &Fix)| {
            if checks::changes_value_on_purpose(code, f.applicability) {
                keys_edited(&file, f)
            } else {
                Vec::new()
            }
        };
        // Each fix is judged against the load of the text before it, with only the keys it
        // edits on purpose exempt; without such a fix in the round, all of them at once first.
        let mut current = loader::load(&text);
        let mut kept: Vec<(&str, &Fix)> = Vec::new();
        let mut out = text.clone();
        let all = apply(&text, chosen.iter().map(|f| f.1));
        if chosen.iter().all(|f| may_change(f).is_empty())
            && keeps_load(&current, &all, &HashSet::new())
        {
            kept = chosen;
            out = all;
        } else {
            for f in chosen {
                let trial = apply(&text, kept.iter().chain([&f]).map(|f| f.1));
                if keeps_load(&current, &trial, &may_change(&f).into_iter().collect()) {
                    kept.push(f);
                    current = loader::load(&trial);
                    out = trial;
                }
            }
        }
        if kept.is_empty() || out == text || !seen.insert(out.clone()) {
            break;
        }
        applied += kept.len();
        messages.extend(kept.iter().map(|f| f.1.message.clone()));
        text = out;
    }
    Some(Fixed {
        text,
        applied,
        messages,
    })
}

/// `text` with the edits of `fixes` (sorted, not overlapping) applied.
fn apply<'f>(text: &str, fixes: impl Iterator<Item = &'f Fix>) -> String {
    let mut edits: Vec<&Edit> = fixes.flat_map(|f| f.edits.iter()).collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    keylint_core::diagnostic::apply_edits(text, edits)
}

/// Whether `fix` inserts, deletes or replaces a quote character.
fn moves_a_quote(text: &str, fix: &Fix) -> bool {
    let quote = |s: &str| s.contains(['"', '\'', '`']);
    fix.edits
        .iter()
        .any(|e| quote(&e.replacement) || text.get(e.range.clone()).is_none_or(quote))
}

/// The keys of the entries whose line `fix` edits.
fn keys_edited(file: &EnvFile, fix: &Fix) -> Vec<String> {
    file.entries()
        .filter(|(l, _)| {
            fix.edits.iter().any(|e| {
                e.range.start < l.range.end
                    && (e.range.end > l.range.start || e.range.start == l.range.start)
            })
        })
        .map(|e| file.key(e).to_owned())
        .collect()
}

/// Whether every key `original` sets (with a value) is set to the same value by `text`,
/// `exempt` keys aside.
fn keeps_load(original: &loader::Loaded, text: &str, exempt: &HashSet<String>) -> bool {
    let after = loader::load(text);
    original
        .vars
        .iter()
        .all(|(k, v)| v.is_none() || exempt.contains(k) || after.get(k) == Some(v))
}
