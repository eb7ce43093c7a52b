//! The closing section of a history audit: where the secrets are, who committed them, and the
//! order in which to clean up.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use keylint_core::Finding;

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
