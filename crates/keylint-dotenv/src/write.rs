//! Diffs of fixes, values masked. Writing is the caller's, through `keylint_core::file` (the one
//! atomic writer).

/// A unified diff of `old` → `new` for `path` (`--diff`), with 3 lines of context. Values that
/// may be secrets are masked on both sides, so the diff shows what changes around them.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    text_diff(path, &masked(old), &masked(new))
}

/// A unified diff of `old` → `new` for `path`, with 3 lines of context, as given: the caller
/// masks what must not be shown.
pub fn text_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// `text` with every value that may be a secret replaced by its mask.
fn masked(text: &str) -> String {
    let file = crate::parser::EnvFile::parse(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (_, e) in file.entries() {
        let inner = crate::parser::EnvFile::value_inner_range(e);
        let value = file.slice(&inner);
        if crate::keys::should_mask(file.slice(&e.key), value) {
            out.push_str(&text[at..inner.start]);
            out.push_str(&keylint_core::mask(value).replace(['\n', '\r'], "⏎"));
            at = inner.end;
        }
    }
    out.push_str(&text[at..]);
    out
}
