//! Diffs of fixes, values masked. Writing is the caller's, through `keylint_core::file` (the one
//! atomic writer).

/// A unified diff of `old` → `new` for `path` (`--diff`), with 3 lines of context. Values that
/// may be secrets (and what is not understood) are masked on both sides, so the diff shows what
/// changes around them; control characters are escaped.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let diff = text_diff(path, &masked(old), &masked(new));
    // Control characters of the file name or the lines never reach the terminal raw.
    keylint_core::display::escape(&diff).into_owned()
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

/// `text` with everything a snippet of it would hide masked ([`crate::context::hidden_spans`]):
/// values that may be secrets, and what is not understood (comments, lines that do not parse).
fn masked(text: &str) -> String {
    let file = crate::parser::EnvFile::parse(text);
    let spans = crate::context::hidden_spans(&file);
    keylint_core::mask_spans(text, &spans, &(0..0)).0
}
