//! Values written encoded, decoded once before matching (depth 1, bounded), so a key hidden
//! behind an encoding is still found, at the position of its encoded form:
//!
//! - JSON/JavaScript string escapes that spell a key character: `\u0067hp_…`, `\x67hp_…`,
//!   `https:\/\/…`. Only escapes of printable ASCII that cannot end or open a string are
//!   decoded (not `\"`, `\'`, `\\`, `\n`), so the structure of the file stays as it is.
//! - The base64 values of a Kubernetes Secret's `data:` (`password: c2VjcmV0…`) when they
//!   decode to one line of printable text: the key name stays beside the decoded value, so the
//!   provider rules and the generic detector read `password: <the password>`.
//!
//! `Authorization: Basic …`, `.docker/config.json` `auth` and `.npmrc` `_auth` are decoded where
//! they are judged (the generic detector and their rules), not here: their rules want the
//! encoded token. Percent-encoded URL passwords stay encoded too: decoding `%40` before matching
//! would split `user:p%40ss@host` at the wrong `@`.

use keylint_core::Language;
use memchr::memmem;

use crate::generic::value::base64_decode;
use crate::view::{Edit, EditKind};

/// Most escapes decoded in one blob: past it the blob is a generated bundle, and the first ones
/// are the ones a person wrote.
const MAX_ESCAPES: usize = 100_000;

/// Longest base64 value decoded, in bytes (a key or a password, not a certificate).
const MAX_BASE64: usize = 1024;

/// Shortest base64 value decoded, in bytes (`YWRtaW4=` is `admin`).
const MIN_BASE64: usize = 8;

/// The decodable stretches of `content` (at `path`), as edits.
pub(crate) fn edits(content: &[u8], path: &str) -> Vec<Edit> {
    let mut out = escapes(content);
    if Language::from_path(path) == Language::Yaml
        && memmem::find(content, b"kind: Secret").is_some()
    {
        secret_data(content, &mut out);
    }
    out
}

/// A character an escape may stand for and be decoded: one a key can hold and that changes
/// nothing in the file's syntax.
fn is_key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'-' | b'_'
                | b'.'
                | b'+'
                | b'/'
                | b'='
                | b':'
                | b'@'
                | b'~'
                | b'!'
                | b'#'
                | b'$'
                | b'%'
                | b'^'
                | b'&'
                | b'*'
                | b'?'
                | b'|'
                | b','
                | b';'
        )
}

fn hex(digits: &[u8]) -> Option<u8> {
    let text = std::str::from_utf8(digits).ok()?;
    if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u8::try_from(u32::from_str_radix(text, 16).ok()?).ok()
}

/// `\uXXXX`, `\xXX` and `\/` escapes of key characters.
fn escapes(content: &[u8]) -> Vec<Edit> {
    let mut out = Vec::new();
    let mut after = 0;
    for i in memchr::memchr_iter(b'\\', content) {
        if i < after {
            continue;
        }
        let (len, c) = match content.get(i + 1) {
            // `\\` is a backslash: what follows it is text, not an escape.
            Some(b'\\') => {
                after = i + 2;
                continue;
            }
            Some(b'/') => (2, Some(b'/')),
            Some(b'u') => (6, content.get(i + 2..i + 6).and_then(hex)),
            Some(b'x') => (4, content.get(i + 2..i + 4).and_then(hex)),
            _ => continue,
        };
        let Some(c) = c.filter(|c| is_key_char(*c)) else {
            continue;
        };
        out.push(Edit {
            orig: i..i + len,
            replacement: vec![c],
            kind: EditKind::Escape,
        });
        after = i + len;
        if out.len() == MAX_ESCAPES {
            break;
        }
    }
    out
}

/// The base64 values under `data:` in a YAML Kubernetes Secret (`kind: Secret`) that decode
/// to one line of printable text without spaces or quotes.
fn secret_data(content: &[u8], out: &mut Vec<Edit>) {
    let mut data_indent: Option<usize> = None;
    let mut start = 0;
    for line in content.split_inclusive(|b| *b == b'\n') {
        let line_start = start;
        start += line.len();
        let body = line.trim_ascii_end();
        let indent = body.iter().take_while(|b| **b == b' ').count();
        let text = &body[indent..];
        if text.is_empty() || text.starts_with(b"#") {
            continue;
        }
        if data_indent.is_some_and(|d| indent > d) {
            if let Some(edit) = data_entry(text, line_start + indent) {
                out.push(edit);
            }
            continue;
        }
        data_indent = (text == b"data:").then_some(indent);
    }
}

/// `key: <base64>` (the value optionally quoted) at `offset`, decoded.
fn data_entry(text: &[u8], offset: usize) -> Option<Edit> {
    let colon = memchr::memchr(b':', text)?;
    let key = &text[..colon];
    if key.is_empty()
        || !key
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return None;
    }
    let rest = &text[colon + 1..];
    let lead = rest.iter().take_while(|b| **b == b' ').count();
    let mut value = &rest[lead..];
    let mut value_start = offset + colon + 1 + lead;
    if let [q @ (b'"' | b'\''), inner @ .., last] = value {
        if last != q {
            return None;
        }
        value = inner;
        value_start += 1;
    }
    if !(MIN_BASE64..=MAX_BASE64).contains(&value.len()) || value.len() % 4 != 0 {
        return None;
    }
    let decoded = base64_decode(std::str::from_utf8(value).ok()?)?;
    if decoded.is_empty()
        || decoded
            .bytes()
            .any(|b| b == b' ' || b == b'"' || b == b'\'' || b == b'\\')
    {
        return None;
    }
    Some(Edit {
        orig: value_start..value_start + value.len(),
        replacement: decoded.into_bytes(),
        kind: EditKind::Base64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::View;

    fn decoded(text: &str, path: &str) -> String {
        let e = edits(text.as_bytes(), path);
        String::from_utf8(View::apply(text.as_bytes(), e).bytes).unwrap()
    }

    #[test]
    fn decodes_escapes_of_key_characters_only() {
        assert_eq!(
            decoded(r#"t = "\u0067hp_\x41b""#, "a.js"),
            r#"t = "ghp_Ab""#
        );
        assert_eq!(
            decoded(r#"u = "https:\/\/h\/p""#, "a.json"),
            r#"u = "https://h/p""#
        );
        // Quotes, backslashes, newlines and escaped backslashes stay as they are.
        let kept = r#"s = "\u0022 \x27 \\u0041 \n \u00e9 \u{41} \uZZZZ""#;
        assert_eq!(decoded(kept, "a.js"), kept);
    }

    #[test]
    fn decodes_the_data_of_a_kubernetes_secret() {
        let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  labels:\n    app: YWRtaW5hZG1pbg==\ndata:\n  username: YWRtaW4=\n  password: \"V2ludGVyMjAyNCEz\"\n  cert: bXkgY2VydA==\ntype: Opaque\nother: V2ludGVyMjAyNCEz\n";
        let out = decoded(text, "k8s/secret.yaml");
        assert!(out.contains("  username: admin\n  password: \"Winter2024!3\"\n"));
        // A decoded value with a space, and everything outside `data:`, stays encoded.
        assert!(out.contains("cert: bXkgY2VydA=="));
        assert!(out.contains("app: YWRtaW5hZG1pbg=="));
        assert!(out.contains("other: V2ludGVyMjAyNCEz"));
        // Not a Secret, or not YAML: nothing is decoded.
        let config = text.replace("kind: Secret", "kind: ConfigMap");
        assert_eq!(decoded(&config, "k8s/cm.yaml"), config);
        assert_eq!(decoded(text, "k8s/secret.txt"), text);
    }
}
