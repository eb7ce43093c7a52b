//! Line wrapping for the miette renderer, done once per distinct text.
//!
//! miette wraps every message and help text with `textwrap` on every render; on a run with
//! thousands of diagnostics that was most of the rendering time, for a few dozen distinct help
//! texts. Here the text is wrapped with the same options miette uses and cached; the handler runs
//! with wrapping off and only re-adds the indents, so the output is the same.

use std::cell::RefCell;
use std::collections::HashMap;

/// Columns miette wraps to: the handler's width (100) minus its 2-column margin.
const WIDTH: usize = 98;

/// Indent of a diagnostic's first line (`  ⚠ `) and of its continuation lines (`  │ `).
pub(crate) const HEADER_INDENT: usize = 4;
/// Indent of a help text (`  help: `), first line and continuation lines alike.
pub(crate) const HELP_INDENT: usize = 8;

thread_local! {
    static CACHE: RefCell<HashMap<(usize, String), String>> = RefCell::new(HashMap::new());
}

/// `text` broken into lines that fit after an indent of `indent` columns, without the indent
/// (the handler adds it). Short single-line ASCII texts are returned as they are.
pub(crate) fn prewrap(text: &str, indent: usize) -> String {
    let fits = text.is_ascii()
        && indent + text.len() <= WIDTH
        && !text.contains('\n')
        && !text.starts_with(' ')
        && !text.ends_with(' ');
    if fits {
        return text.to_owned();
    }
    let key = (indent, text.to_owned());
    if let Some(done) = CACHE.with(|c| c.borrow().get(&key).cloned()) {
        return done;
    }
    let pad = " ".repeat(indent);
    let options = textwrap::Options::new(WIDTH)
        .initial_indent(&pad)
        .subsequent_indent(&pad)
        .break_words(true)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in textwrap::wrap(text, options).iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.strip_prefix(pad.as_str()).unwrap_or(line.trim_start()));
    }
    CACHE.with(|c| c.borrow_mut().insert(key, out.clone()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_unchanged() {
        assert_eq!(
            prewrap("remove the spaces", HELP_INDENT),
            "remove the spaces"
        );
    }

    #[test]
    fn long_text_breaks_within_the_width() {
        let text = "word ".repeat(40);
        let wrapped = prewrap(text.trim_end(), HELP_INDENT);
        assert!(wrapped.lines().count() > 1);
        assert!(wrapped.lines().all(|l| HELP_INDENT + l.len() <= WIDTH));
        assert_eq!(wrapped.split_whitespace().count(), 40);
        // Second call: from the cache, same answer.
        assert_eq!(prewrap(text.trim_end(), HELP_INDENT), wrapped);
    }

    #[test]
    fn explicit_newlines_are_kept() {
        assert_eq!(prewrap("first\nsecond", HELP_INDENT), "first\nsecond");
    }
}
