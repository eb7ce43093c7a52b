//! What every human renderer hands miette for a snippet (findings, `.env` diagnostics, key
//! problems).

use miette::{MietteSpanContents, SpanContents};

/// What miette reads for a snippet of one line: the whole `text`, named `path`, placed at
/// 0-based `line` and `column` of the file (miette prints them 1-based in the box header).
/// Every human renderer builds its snippets this way.
pub(crate) fn one_line_contents<'a>(
    path: &str,
    text: &'a str,
    line: usize,
    column: usize,
) -> Box<dyn SpanContents<'a> + 'a> {
    Box::new(MietteSpanContents::new_named(
        path.to_owned(),
        text.as_bytes(),
        (0, text.len()).into(),
        line,
        column,
        1,
    ))
}
