//! YAML with positions (saphyr's `MarkedYaml`), scalars kept as written (no type resolution:
//! `0012` stays `0012`, as docker compose and LiveKit read it).

use std::ops::Range;

use saphyr::{MarkedYaml, ScalarStyle, YamlData, YamlLoader};
use saphyr_parser::Parser;

use crate::text::Lines;

/// A YAML error: 1-based line and column, and the parser's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What the parser says.
    pub message: String,
}

/// Loads every document of `text`. Anchors are expanded up to saphyr's alias limit, so a
/// "billion laughs" file is an error, not an out-of-memory.
pub fn load(text: &str) -> Result<Vec<MarkedYaml<'_>>, YamlError> {
    let mut loader: YamlLoader<'_, MarkedYaml<'_>> = YamlLoader::default();
    loader.early_parse(false);
    let mut parser = Parser::new_from_str(text);
    let to_error = |e: &saphyr::ScanError| YamlError {
        line: e.marker().line() as u32,
        column: e.marker().col() as u32 + 1,
        message: e.info().to_owned(),
    };
    parser.load(&mut loader, true).map_err(|e| to_error(&e))?;
    if let Some(e) = loader.error() {
        return Err(to_error(e));
    }
    Ok(loader.into_documents())
}

/// The node under a tag (`!!str x`), or the node itself.
fn untag<'n, 'a>(node: &'n MarkedYaml<'a>) -> &'n MarkedYaml<'a> {
    match &node.data {
        YamlData::Tagged(_, inner) => untag(inner),
        _ => node,
    }
}

/// The text of a scalar as the application reads it (quotes removed, escapes resolved), or
/// `None` for collections and nulls (`~`, `null`, nothing).
pub fn scalar<'n>(node: &'n MarkedYaml<'_>) -> Option<&'n str> {
    match &untag(node).data {
        YamlData::Representation(s, style, _) => {
            let null = *style == ScalarStyle::Plain
                && matches!(s.as_ref(), "" | "~" | "null" | "Null" | "NULL");
            (!null).then_some(s.as_ref())
        }
        _ => None,
    }
}

/// Whether the scalar was quoted.
pub fn is_quoted(node: &MarkedYaml<'_>) -> bool {
    matches!(
        &untag(node).data,
        YamlData::Representation(_, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted, _)
    )
}

/// The entries of a mapping with a scalar key: (key, key node, value node).
pub fn entries<'n, 'a>(
    node: &'n MarkedYaml<'a>,
) -> Vec<(&'n str, &'n MarkedYaml<'a>, &'n MarkedYaml<'a>)> {
    match &untag(node).data {
        YamlData::Mapping(map) => map
            .iter()
            .filter_map(|(k, v)| scalar(k).map(|key| (key, k, v)))
            .collect(),
        _ => Vec::new(),
    }
}

/// The items of a sequence.
pub fn items<'n, 'a>(node: &'n MarkedYaml<'a>) -> &'n [MarkedYaml<'a>] {
    match &untag(node).data {
        YamlData::Sequence(items) => items,
        _ => &[],
    }
}

/// The value of `key` in a mapping.
pub fn get<'n, 'a>(node: &'n MarkedYaml<'a>, key: &str) -> Option<&'n MarkedYaml<'a>> {
    entries(node)
        .into_iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, _, v)| v)
}

/// Whether `node` is a mapping.
pub fn is_mapping(node: &MarkedYaml<'_>) -> bool {
    matches!(&untag(node).data, YamlData::Mapping(_))
}

/// Byte range of a node in the text; for a quoted scalar, the text between the quotes.
pub fn range(lines: &Lines<'_>, text: &str, node: &MarkedYaml<'_>) -> Range<usize> {
    let start = lines.offset(node.span.start.line(), node.span.start.col());
    let mut end = lines.offset(node.span.end.line(), node.span.end.col());
    if end < start {
        end = start;
    }
    // A plain scalar's span may run to the next token: keep it to the scalar's own text.
    let raw = &text[start..end];
    let trimmed = raw.trim_end();
    let end = start + trimmed.len();
    if is_quoted(node) && end >= start + 2 {
        let q = &text[start..end];
        if (q.starts_with('"') && q.ends_with('"')) || (q.starts_with('\'') && q.ends_with('\'')) {
            return start + 1..end - 1;
        }
    }
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_stay_as_written_with_positions() {
        let text = "a:\n  b: 0012\n  c: \"x y \"\n  d:\n";
        let docs = load(text).unwrap();
        let lines = Lines::new(text);
        let a = get(&docs[0], "a").unwrap();
        assert_eq!(scalar(get(a, "b").unwrap()), Some("0012"));
        let c = get(a, "c").unwrap();
        assert_eq!(scalar(c), Some("x y "));
        assert_eq!(&text[range(&lines, text, c)], "x y ");
        assert_eq!(scalar(get(a, "d").unwrap()), None);
    }

    #[test]
    fn malformed_yaml_is_an_error_with_a_position() {
        let err = load("a: [1, 2\nb: c\n").unwrap_err();
        assert!(err.line >= 1, "{err:?}");
        assert!(!err.message.is_empty());
        let dup = load("a: 1\na: 2\n").unwrap_err();
        assert!(dup.message.contains("duplicate") || !dup.message.is_empty());
    }

    #[test]
    fn alias_bombs_are_refused() {
        use std::fmt::Write as _;
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            let _ = writeln!(text, "a{i}: &a{i} [{refs}]");
        }
        assert!(load(&text).is_err());
    }
}
