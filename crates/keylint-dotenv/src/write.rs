//! Diffs of fixes, values masked. Writing is the caller's, through `keylint_core::file` (the one
//! atomic writer).

/// A unified diff of `old` → `new` for `path` (`--diff`), with 3 lines of context. Values that
/// may be secrets (and what is not understood) are masked on both sides, so the diff shows what
/// changes around them; control characters are escaped.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let mut diff = text_diff(path, &masked(old), &masked(new));
    // A removed invisible character leaves the two sides looking the same: say what changed.
    diff.push_str(&invisible_removals(path, old, new));
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

/// One `note:` line per invisible character (see the `invisible-character` check) that a
/// rewritten line lost: `note: .env:3: U+200B ZERO WIDTH SPACE removed at column 61`.
fn invisible_removals(path: &str, old: &str, new: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let diff = similar::TextDiff::from_lines(old, new);
    for op in diff.ops() {
        let similar::DiffOp::Replace {
            old_index,
            old_len,
            new_index,
            new_len,
        } = *op
        else {
            continue;
        };
        let old_lines = old.split_inclusive('\n').skip(old_index).take(old_len);
        let new_lines = new.split_inclusive('\n').skip(new_index).take(new_len);
        for (i, (before, after)) in old_lines.zip(new_lines).enumerate() {
            let mut kept = after.chars().peekable();
            for (col, c) in before.chars().enumerate() {
                if kept.peek() == Some(&c) {
                    kept.next();
                    continue;
                }
                if let Some((name, by)) = crate::checks::invisible(c).filter(|_| c != '\r') {
                    let what =
                        by.map_or_else(|| "removed".to_owned(), |by| format!("replaced by `{by}`"));
                    let _ = writeln!(
                        out,
                        "note: {path}:{}: U+{:04X} {name} {what} at column {}",
                        old_index + i + 1,
                        u32::from(c),
                        col + 1
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_removed_invisible_character_is_named() {
        let diff = super::unified_diff(".env", "PORT=80\u{200B}80\n", "PORT=8080\n");
        assert!(
            diff.ends_with("note: .env:1: U+200B ZERO WIDTH SPACE removed at column 8\n"),
            "{diff}"
        );
    }
}
