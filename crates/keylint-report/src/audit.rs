//! The closing section of a history audit: where the secrets are, who committed them, and the
//! order in which to clean up.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use keylint_core::Finding;

/// With `--verify`: the live keys first (rotate these now), then how many are invalid or
/// could not be verified. Empty when verification did not run.
pub fn verified_first(findings: &[Finding]) -> String {
    use keylint_core::VerifyStatus;
    if findings.iter().all(|f| f.verification.is_none()) {
        return String::new();
    }
    let mut by_status: BTreeMap<VerifyStatus, Vec<&Finding>> = BTreeMap::new();
    for f in findings {
        if let Some(v) = &f.verification {
            by_status.entry(v.status).or_default().push(f);
        }
    }
    let count = |s| by_status.get(&s).map_or(0, Vec::len);
    let mut out = format!(
        "  verified: {} live, {} invalid, {} unknown\n",
        count(VerifyStatus::Live),
        count(VerifyStatus::Invalid),
        count(VerifyStatus::Unknown)
    );
    if let Some(live) = by_status.get(&VerifyStatus::Live) {
        out.push_str("  live keys, rotate these first:\n");
        for f in live {
            let _ = writeln!(
                out,
                "    {}:{}  {}  {}",
                keylint_core::display::escape_line(&f.location.path),
                f.location.line,
                f.rule_id,
                crate::advice::verified(f).unwrap_or_default()
            );
        }
    }
    out
}

/// Counts by rule, path and author, then the remediation order.
pub fn render(findings: &[Finding]) -> String {
    let mut by_rule: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_path: BTreeMap<&str, usize> = BTreeMap::new();
    let mut by_author: BTreeMap<&str, usize> = BTreeMap::new();
    let mut still_present = 0;
    for f in findings {
        *by_rule.entry(&f.rule_id).or_default() += 1;
        *by_path.entry(&f.location.path).or_default() += 1;
        if let Some(origin) = &f.origin {
            *by_author.entry(&origin.author).or_default() += 1;
            if origin.present_at_head == Some(true) {
                still_present += 1;
            }
        }
    }
    let mut out = String::from("\nAudit summary\n");
    out.push_str(&verified_first(findings));
    for (title, counts) in [
        ("by rule", &by_rule),
        ("by path", &by_path),
        ("by author", &by_author),
    ] {
        let _ = writeln!(out, "  {title}:");
        let mut rows: Vec<(&&str, &usize)> = counts.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        for (name, n) in rows.into_iter().take(10) {
            let _ = writeln!(out, "    {n:>5}  {name}");
        }
    }
    let _ = writeln!(
        out,
        "  {still_present} of {} secret(s) are still in HEAD; the others live only in history.",
        findings.len()
    );
    out.push_str(
        "\nRemediation, in this order:\n\
         \x20 1. Rotate every key listed above now (see `rotate:` on each finding): a secret that\n\
         \x20    reached a pushed commit must be treated as leaked, whatever happens to history.\n\
         \x20 2. Remove the values from the current tree (environment variables, secret manager).\n\
         \x20 3. Rewrite history: `git filter-repo --replace-text expressions.txt` (or --path ... \n\
         \x20    --invert-paths for whole files), then `git push --force --all --tags`.\n\
         \x20 4. Tell collaborators to re-clone (old clones and forks still hold the secrets), and\n\
         \x20    record the accepted leftovers with `keylint baseline create`.\n",
    );
    out
}

/// `keylint verify`: one line per provider asked about a value read from stdin, the value
/// masked: `sk-a…Q4xA: LIVE with anthropic`, or why no provider was asked.
pub fn verify_value(value: &str, results: &[keylint_core::Verification]) -> String {
    let shown = keylint_core::mask(value);
    if results.is_empty() {
        return format!(
            "{shown}: no provider recognises this format (`keylint verify --list` shows the providers; pairs such as AWS or LiveKit are verified by `keylint scan --verify`)\n"
        );
    }
    let mut out = String::new();
    for v in results {
        let status = match v.status {
            keylint_core::VerifyStatus::Live => "LIVE".to_owned(),
            keylint_core::VerifyStatus::Invalid => {
                "invalid (revoked, expired or never valid)".to_owned()
            }
            keylint_core::VerifyStatus::Unknown => v.label(),
        };
        let identity = v
            .identity
            .as_ref()
            .filter(|_| v.is_live())
            .map_or_else(String::new, |i| format!(" ({i})"));
        let _ = writeln!(
            out,
            "{shown}: {status} with {}{identity}  [{}]",
            v.provider, v.docs
        );
    }
    out
}

/// `keylint verify --list`: each provider, the rules it verifies and its documentation.
pub fn providers_list<'a>(rows: impl Iterator<Item = (&'a str, &'a [&'a str], &'a str)>) -> String {
    let mut out = String::new();
    for (name, rules, docs) in rows {
        let _ = writeln!(out, "{name:<13} {}  [{docs}]", rules.join(", "));
    }
    out
}
