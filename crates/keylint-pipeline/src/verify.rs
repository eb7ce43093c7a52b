//! `--verify` on `keylint env` and `keylint keys`: the values of the files a command read that
//! the rule catalog recognises as a provider's credential (the engine `keylint scan` runs,
//! without the generic detector) are verified once each (keylint-verify caches by secret), and
//! each result becomes a diagnostic on that value:
//!
//! - `verify/live` (info): the provider accepted the key, with what it reaches when it says;
//! - `verify/invalid` (high): the provider rejected it — revoked, or mis-copied; when the same
//!   line also has a format problem (stray space, invisible character, near-miss prefix,
//!   truncation …), that problem is named as the likely cause;
//! - `verify/unknown` (info, never counted in the exit code): why it could not tell (offline,
//!   timeout, rate limited, unsupported …), so an offline run exits as it would without
//!   `--verify`.
//!
//! `--only-verified` and `--fail-on-verified` select findings of `keylint scan`; they are refused
//! here ([`keylint_verify::Flags::diagnostic_options`]): a revoked key in a `.env` file is itself
//! the problem to report.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use keylint_core::{Diagnostic, Finding, Severity, Verification, VerifyStatus};
use keylint_verify::Options;

/// Code of a key the provider accepted.
pub const LIVE: &str = "verify/live";
/// Code of a key the provider rejected.
pub const INVALID: &str = "verify/invalid";
/// Code of a key whose verification could not tell.
pub const UNKNOWN: &str = "verify/unknown";

/// The verification codes, their severity and summary (SARIF rule descriptions).
pub const CODES: &[(&str, Severity, &str)] = &[
    (
        LIVE,
        Severity::Info,
        "the provider accepted this key (live verification)",
    ),
    (
        INVALID,
        Severity::High,
        "the provider rejected this key: revoked or mis-copied (live verification)",
    ),
    (
        UNKNOWN,
        Severity::Info,
        "live verification could not tell whether this key works",
    ),
];

/// Checks on the same line that change what a loader reads or what the provider receives: when
/// one of them is there, it is the likely cause of a rejection.
const FORMAT_CODES: &[&str] = &[
    "provider-format",
    "invisible-character",
    "spaces-around-equals",
    "unquoted-whitespace",
    "trailing-whitespace",
    "leading-character",
    "incorrect-delimiter",
    "syntax-error",
    "secret-too-short",
];

/// Whether a diagnostic counts toward the exit code: all do but `verify/unknown`, so a run that
/// cannot reach a provider exits as it would without `--verify`.
pub fn counts(diagnostic: &Diagnostic) -> bool {
    diagnostic.code != UNKNOWN
}

/// Verifies the provider credentials found in `files` (on disk; `shown` gives the path as the
/// reports write it, as the other diagnostics of the file have it) and returns one diagnostic
/// per credential. `existing` are the diagnostics already found (their format problems are
/// named as the likely cause of a rejection). Files larger than `max_file_size` or unreadable
/// are left out (the command reports them already).
pub fn diagnose(
    files: &[PathBuf],
    shown: &dyn Fn(&Path) -> String,
    max_file_size: u64,
    existing: &[Diagnostic],
    options: &Options,
) -> Vec<Diagnostic> {
    let engine = keylint_dotenv::provider::engine();
    // The text each finding came from, as it was read once: a second read could fail or see
    // another version of the file than the one scanned.
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut findings: Vec<Finding> = Vec::new();
    for path in files {
        let Ok(bytes) = keylint_core::file::read_regular_at_most(path, max_file_size) else {
            continue;
        };
        let name = shown(path);
        let found: Vec<Finding> = engine
            .scan(&name, &bytes)
            .into_iter()
            .filter(|f| keylint_verify::provider_for_rule(&f.rule_id).is_some())
            .collect();
        if !found.is_empty() {
            texts.insert(name, String::from_utf8_lossy(&bytes).into_owned());
            findings.extend(found);
        }
    }
    let text_of = |f: &Finding| texts.get(&f.location.path).cloned();
    keylint_verify::verify_findings(&mut findings, options, &text_of);
    let mut out: Vec<Diagnostic> = Vec::new();
    for finding in &findings {
        let Some(verification) = &finding.verification else {
            continue;
        };
        let diagnostic = diagnostic(finding, verification, existing);
        // One value matched by two rules (`sk-…`: OpenAI and DeepSeek): the best answer wins.
        match out.iter_mut().find(|d| {
            (d.path.as_str(), d.line, d.column)
                == (diagnostic.path.as_str(), diagnostic.line, diagnostic.column)
        }) {
            Some(seen) if rank(&seen.code) >= rank(&diagnostic.code) => {}
            Some(seen) => *seen = diagnostic,
            None => out.push(diagnostic),
        }
    }
    out
}

/// `--verify` on the files a command read: with the command's `flags` and `[verify]` config
/// (nothing when verification is off; an error for flags that select scan findings or an
/// unknown provider in `[verify] skip`), [`add_verified`] with `[scan] max-file-size`.
/// (`keylint env` resolves the options with its settings: `EnvSettings::verify`.)
fn add(
    flags: &keylint_verify::Flags,
    config: &keylint_core::config::Config,
    files: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) -> miette::Result<()> {
    let options = flags.diagnostic_options(&config.verify);
    let Some(options) = options.map_err(|e| miette::miette!("{e}"))? else {
        return Ok(());
    };
    let max_file_size =
        (config.scan.max_file_size).map_or(keylint_input::DEFAULT_MAX_FILE_SIZE, |s| s.0);
    add_verified(&options, max_file_size, files, diagnostics);
    Ok(())
}

/// `--verify` of `keylint env`, its options resolved: the [`diagnose`] diagnostics of `files`
/// (read up to `max_file_size`, paths shown as reports show them) merged into `diagnostics`.
pub fn add_verified(
    options: &Options,
    max_file_size: u64,
    files: &[PathBuf],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let shown = &keylint_report::shown_path;
    let added = diagnose(files, shown, max_file_size, diagnostics, options);
    merge(diagnostics, added);
}

/// `--verify` of `keylint keys` (with its `flags` and `[verify]` config): the verified keys of
/// the files its check reads under `roots`, as problems of `report`.
pub fn add_to_keys(
    flags: &keylint_verify::Flags,
    config: &keylint_core::config::Config,
    keys: &keylint_keys::KeysSettings,
    roots: &[PathBuf],
    report: &mut keylint_keys::Report,
) -> miette::Result<()> {
    let files = keys
        .walked_files(roots)
        .map_err(|e| miette::miette!("{e}"))?;
    let mut diagnostics = Vec::new();
    add(flags, config, &files, &mut diagnostics)?;
    report.problems.extend(as_problems(&diagnostics));
    Ok(())
}

/// The severities of `diagnostics` that count toward the exit code (see [`counts`]).
pub fn counted(diagnostics: &[Diagnostic]) -> impl Iterator<Item = Severity> + '_ {
    diagnostics.iter().filter(|d| counts(d)).map(|d| d.severity)
}

/// The severities of `keylint keys` problems that count toward the exit code (all but
/// `verify/unknown`).
pub fn counted_problems(problems: &[keylint_keys::Problem]) -> impl Iterator<Item = Severity> + '_ {
    problems
        .iter()
        .filter(|p| p.code != UNKNOWN)
        .map(|p| p.severity)
}

/// Live beats invalid beats unknown.
fn rank(code: &str) -> u8 {
    match code {
        LIVE => 2,
        INVALID => 1,
        _ => 0,
    }
}

/// `diagnostics` with `added` placed among them: after the last one of the same file at or
/// before the same line, or after the file's last one, or at the end.
pub fn merge(diagnostics: &mut Vec<Diagnostic>, added: Vec<Diagnostic>) {
    for d in added {
        let same_file = |x: &Diagnostic| x.path == d.path;
        let at = diagnostics
            .iter()
            .rposition(|x| same_file(x) && x.line <= d.line)
            .or_else(|| diagnostics.iter().rposition(same_file))
            .map_or(diagnostics.len(), |i| i + 1);
        diagnostics.insert(at, d);
    }
}

/// The provider's name as people know it (`OpenAI`), from the `.env` provider table; else the
/// verifier's short name.
fn provider_name(finding: &Finding, verification: &Verification) -> String {
    keylint_dotenv::provider::PROVIDERS
        .iter()
        .find(|p| p.rules.contains(&finding.rule_id.as_str()))
        .map_or_else(|| verification.provider.clone(), |p| p.name.to_owned())
}

/// The diagnostic of one verified value.
fn diagnostic(finding: &Finding, v: &Verification, existing: &[Diagnostic]) -> Diagnostic {
    let provider = provider_name(finding, v);
    let loc = &finding.location;
    let format_problems: Vec<&str> = existing
        .iter()
        .filter(|d| {
            d.path == loc.path && d.line == loc.line && FORMAT_CODES.contains(&d.code.as_str())
        })
        .map(|d| d.code.as_str())
        .collect();
    let format_note = (!format_problems.is_empty()).then(|| {
        format!(
            "this line also has a format problem (`{}`)",
            format_problems.join("`, `")
        )
    });
    let docs = if v.docs.is_empty() {
        String::new()
    } else {
        format!(" (asked: {})", v.docs)
    };
    let (code, severity, message, help) = match v.status {
        VerifyStatus::Live => (
            LIVE,
            Severity::Info,
            match &v.identity {
                Some(identity) => format!("the key works: {provider} accepted it ({identity})"),
                None => format!("the key works: {provider} accepted it"),
            },
            format_note.map(|note| {
                format!(
                    "{note}: the key itself is live, so fix the line — your app may not read the value {provider} accepted"
                )
            }),
        ),
        VerifyStatus::Invalid => (
            INVALID,
            Severity::High,
            format!("{provider} rejects this key: it is revoked or mis-copied"),
            Some(if let Some(note) = format_note {
                format!("{note}: that is the likely cause — fix it, then verify again{docs}")
            } else {
                let rotate = finding
                    .rotate
                    .as_deref()
                    .map(|r| format!(": {r}"))
                    .unwrap_or_default();
                format!("a well-formed key that fails is usually revoked — rotate it{rotate}{docs}")
            }),
        ),
        VerifyStatus::Unknown => (
            UNKNOWN,
            Severity::Info,
            format!(
                "could not verify this {provider} key: {}",
                v.reason.as_deref().unwrap_or("unknown")
            ),
            None,
        ),
    };
    let mut secrets = finding.snippet_other_secrets.clone();
    secrets.push(finding.snippet_secret.clone());
    let (snippet, snippet_span) =
        keylint_core::mask::mask_spans(&finding.snippet, &secrets, &finding.snippet_secret);
    let width = snippet
        .get(snippet_span.clone())
        .map_or(1, |s| s.chars().count().max(1));
    Diagnostic {
        source: None,
        code: code.to_owned(),
        severity,
        message,
        help,
        path: loc.path.clone(),
        line: loc.line,
        column: loc.column,
        end_column: loc.column + u32::try_from(width - 1).unwrap_or(0),
        snippet,
        snippet_span,
        fix: None,
    }
}

/// The diagnostics of [`diagnose`] as `keylint keys` problems (one place each), for its human,
/// JSON and SARIF reports.
pub fn as_problems(diagnostics: &[Diagnostic]) -> Vec<keylint_keys::Problem> {
    diagnostics
        .iter()
        .filter_map(|d| {
            let code = CODES.iter().find(|(c, _, _)| *c == d.code)?.0;
            Some(keylint_keys::Problem {
                code,
                severity: d.severity,
                subject: d.snippet.clone(),
                message: d.message.clone(),
                help: d.help.clone(),
                sites: vec![keylint_keys::Site {
                    path: d.path.clone(),
                    line: d.line,
                    column: d.column,
                    kind: "verified",
                    name: String::new(),
                    masked: d.snippet.get(d.snippet_span.clone()).map(str::to_owned),
                    label: d.message.clone(),
                    snippet: d.snippet.clone(),
                    snippet_span: d.snippet_span.clone(),
                }],
            })
        })
        .collect()
}
