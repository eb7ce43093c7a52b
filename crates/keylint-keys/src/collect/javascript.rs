//! TS/JS constants (`const LIVEKIT_API_SECRET = '…'`), config object properties
//! (`{ apiSecret: '…' }`) and `process.env.X || '…'` / `import.meta.env.X ?? '…'` defaults.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Collection, Kind};
use crate::text::Lines;

const STRING: &str = r#"(?:'([^'\n]*)'|"([^"\n]*)"|`([^`\n$]*)`)"#;

static CONSTANT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*[\w<>\[\]|]+\s*)?=\s*{STRING}"
    ))
    .expect("valid regex")
});

static PROPERTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r#"(?:^|[{{,\s])(?:([A-Za-z_$][\w$]*)|'([A-Za-z_$][\w$-]*)'|"([A-Za-z_$][\w$-]*)")\s*:\s*{STRING}"#))
        .expect("valid regex")
});

static ENV_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:process\.env|import\.meta\.env)\.([A-Za-z_]\w*)\s*(?:\|\||\?\?)\s*{STRING}"
    ))
    .expect("valid regex")
});

/// Words one of which every credential name holds (`*SECRET`, `*_KEY`, `*_TOKEN`,
/// `*PASSWORD`, `*_PASS`, `*_PWD`, `*_SALT`, `LIVEKIT_KEYS`), as names write them: `api_secret`,
/// `apiSecret`, `API_SECRET`. (Few literal patterns keep the search vectorised; an
/// ASCII-case-insensitive automaton was most of the collector's time on a tree of bundles.)
static NAME_WORDS: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    let words = ["secret", "key", "token", "pass", "pwd", "salt"];
    let mut patterns = Vec::new();
    for w in words {
        patterns.push(w.to_owned());
        patterns.push(w.to_ascii_uppercase());
        patterns.push(w[..1].to_ascii_uppercase() + &w[1..]);
    }
    aho_corasick::AhoCorasick::new(patterns).expect("valid patterns")
});

/// Lines longer than this are minified code, not configuration: not read (matching on them
/// costs time in proportion to their length for every match).
const MAX_LINE: usize = 4096;

/// The parts of `text` worth matching: each line that holds one of [`NAME_WORDS`] and the line
/// after it (a value may follow its name on the next line), merged, as byte ranges. A
/// definition's name is on such a line, and snippets show one line, so lines without one
/// matter neither for definitions nor for masking. On a tree of bundles and libraries most
/// lines are skipped before any regex runs.
fn candidate_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    let mut at = 0;
    while let Some(hit) = NAME_WORDS.find(&bytes[at..]) {
        let hit = at + hit.start();
        let start = memchr_back(bytes, hit);
        let line_end = bytes[hit..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| hit + i + 1);
        if line_end - start > MAX_LINE {
            at = line_end;
            if at >= bytes.len() {
                break;
            }
            continue;
        }
        let end = bytes[line_end..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| line_end + i + 1);
        let end = if end - line_end > MAX_LINE {
            line_end
        } else {
            end
        };
        match out.last_mut() {
            Some(last) if last.end >= start => last.end = last.end.max(end),
            _ => out.push(start..end),
        }
        // The rest of this line is in the range already.
        at = line_end;
        if at >= bytes.len() {
            break;
        }
    }
    out
}

/// Start of the line holding byte `at`, with the line break before it (the regexes want a
/// separator before a name).
fn memchr_back(bytes: &[u8], at: usize) -> usize {
    bytes[..at].iter().rposition(|&b| b == b'\n').unwrap_or(0)
}

/// The matches of `re` that start in `range` of `text` (the text before it stays visible to
/// the regex, so positions and word boundaries are the same as over the whole text).
fn captures_in<'t>(
    re: &'t Regex,
    text: &'t str,
    range: std::ops::Range<usize>,
) -> impl Iterator<Item = regex::Captures<'t>> + 't {
    let haystack = &text[..range.end];
    let mut at = range.start;
    std::iter::from_fn(move || {
        if at > haystack.len() {
            return None;
        }
        let caps = re.captures_at(haystack, at)?;
        let all = caps.get(0)?;
        at = all.end().max(all.start() + 1);
        Some(caps)
    })
}

/// Reads one TS/JS file.
pub fn collect(c: &mut Collection, path: &str, text: &str) {
    let ranges = candidate_ranges(text);
    if ranges.is_empty() {
        return;
    }
    let lines = Lines::new(text);
    let mut any = false;
    for (re, names) in [
        (&*CONSTANT, 1..2),
        (&*PROPERTY, 1..4),
        (&*ENV_DEFAULT, 1..2),
    ] {
        let values = names.end..names.end + 3;
        for caps in ranges.iter().flat_map(|r| captures_in(re, text, r.clone())) {
            let Some(name) = names.clone().find_map(|i| caps.get(i)) else {
                continue;
            };
            let Some(value) = values.clone().find_map(|i| caps.get(i)) else {
                continue;
            };
            if super::commented_out(text, name.start()) {
                continue;
            }
            super::define_var(
                c,
                name.as_str(),
                value.as_str(),
                value.as_str(),
                lines.loc(path, value.range()),
                Kind::JavaScript,
                path,
                false,
            );
            any = true;
        }
    }
    if any {
        c.texts.insert(path.to_owned(), text.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_naming_a_credential_are_matched() {
        let text = "import x from 'y';\nconst a = { url: 'wss://x',\n  apiSecret:\n    'Zq8Lx3RfT0aPw9Vn' };\nconst b = 'z';\nexport const API_TOKEN = \"t0k\";";
        let ranges = candidate_ranges(text);
        let parts: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            parts,
            [
                "\n  apiSecret:\n    'Zq8Lx3RfT0aPw9Vn' };\n",
                "\nexport const API_TOKEN = \"t0k\";"
            ]
        );
        let mut c = Collection::default();
        collect(&mut c, "a.ts", text);
        let got: Vec<(&str, u32, u32)> = c
            .definitions
            .iter()
            .map(|d| (d.name.as_str(), d.loc.line, d.loc.column))
            .collect();
        assert_eq!(got, [("API_TOKEN", 6, 27), ("apiSecret", 4, 6)]);
        assert!(candidate_ranges("const a = 1;\n").is_empty());
        let minified = format!("var a={{apiKey:\"x\"}};{}\n", "f();".repeat(MAX_LINE));
        assert!(candidate_ranges(&minified).is_empty());
    }

    #[test]
    fn constants_properties_and_env_defaults() {
        let text = "export const LIVEKIT_API_KEY = 'devkey';\nconst config = { livekitApiSecret: \"Zq8Lx3RfT0aPw9Vn\", url: 'wss://x' };\n// const OLD_SECRET = 'old';\nconst s = process.env.LIVEKIT_API_SECRET || 'Hj5Ms1Ud4Ge6Qo8Ri';\nconst t = `prefix-${x}`;\n"; // keylint:allow (synthetic)
        let mut c = Collection::default();
        collect(&mut c, "web/lib/livekit.ts", text);
        let got: Vec<(&str, &str, u32)> = c
            .definitions
            .iter()
            .map(|d| (d.name.as_str(), d.logical.as_str(), d.loc.line))
            .collect();
        assert_eq!(
            got,
            [
                ("LIVEKIT_API_KEY", "LIVEKIT_API_KEY", 1),
                ("livekitApiSecret", "LIVEKIT_API_SECRET", 2),
                ("LIVEKIT_API_SECRET", "LIVEKIT_API_SECRET", 4),
            ]
        );
    }
}
