//! The LiveKit server's keys: `keys:` / `api_keys:` in its config file (or the file named by
//! `key_file:`), and `LIVEKIT_KEYS` strings (`key: secret, key2: secret2`) wherever they are set.

use std::path::Path;

use saphyr::MarkedYaml;

use super::yaml;
use crate::model::{Collection, Definition, FileRef, FileRefKind, Kind, Loc};
use crate::text::Lines;
use crate::value::Value;

/// What the server reads without a key: its own words.
pub const NO_KEY: &str = "one of key-file or keys must be provided";

/// One `key: secret` entry of a `LIVEKIT_KEYS` string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeysEntry {
    /// The API key.
    pub key: String,
    /// The secret, trimmed as YAML trims a plain scalar.
    pub secret: String,
    /// Byte offset of the secret in the string.
    pub offset: usize,
    /// Why the server cannot read this entry, if it cannot.
    pub problem: Option<String>,
}

/// Splits a `LIVEKIT_KEYS` value into its entries (separated by `,` or new lines). LiveKit
/// reads each as YAML `key: secret`: without a space after the colon YAML sees one plain
/// string and the server finds no key.
pub fn parse_keys(value: &str) -> Vec<KeysEntry> {
    let mut out = Vec::new();
    let mut start = 0;
    for part in value.split([',', '\n']) {
        let part_start = start;
        start += part.len() + 1;
        let Some(colon) = part.find(':') else {
            continue;
        };
        let key = part[..colon].trim();
        let after = &part[colon + 1..];
        let secret = after.trim();
        if key.is_empty() || secret.is_empty() {
            continue;
        }
        let lead = after.len() - after.trim_start().len();
        let problem = (lead == 0).then(|| {
            format!("no space after the colon in `LIVEKIT_KEYS`: the server reads `{key}:…` as plain text, finds no key and stops with `{NO_KEY}`")
        });
        out.push(KeysEntry {
            key: key.to_owned(),
            secret: secret.to_owned(),
            offset: part_start + colon + 1 + lead,
            problem,
        });
    }
    out
}

/// Adds the entries of a `LIVEKIT_KEYS` value defined at `loc` (`raw` is the text there).
pub(crate) fn define_keys(
    c: &mut Collection,
    value: &str,
    raw: &str,
    loc: &Loc,
    scope: &str,
    derived: bool,
) {
    for entry in parse_keys(value) {
        let at = if raw == value {
            let before = &value[..entry.offset];
            let newlines = before.matches('\n').count() as u32;
            let column = if newlines == 0 {
                loc.column + before.chars().count() as u32
            } else {
                before.rsplit('\n').next().map_or(0, |s| s.chars().count()) as u32 + 1
            };
            let start = loc.range.start + entry.offset;
            Loc {
                path: loc.path.clone(),
                line: loc.line + newlines,
                column,
                range: start..start + entry.secret.len(),
            }
        } else {
            loc.clone()
        };
        if !derived {
            c.mask(&loc.path, at.range.clone());
        }
        c.definitions.push(Definition {
            name: entry.key.clone(),
            logical: "LIVEKIT_API_SECRET".into(),
            value: Value::new(entry.secret),
            loc: at,
            kind: Kind::LiveKitKeys,
            scope: scope.to_owned(),
            livekit_key: Some(entry.key),
            syntax_problem: entry.problem,
            derived,
        });
    }
}

/// Whether a parsed YAML document looks like a LiveKit server config: `keys:`, `api_keys:` or
/// `key_file:` at the top, in a file named after LiveKit or next to server settings.
pub fn is_config(file_name: &str, doc: &MarkedYaml<'_>) -> bool {
    let has = |k: &str| yaml::get(doc, k).is_some();
    (has("keys") || has("api_keys") || has("key_file"))
        && (file_name.to_ascii_lowercase().contains("livekit")
            || ["port", "rtc", "turn", "redis", "room", "webhook"]
                .iter()
                .any(|k| has(k)))
}

/// Reads a LiveKit config document: its key map and `key_file`.
pub fn collect(c: &mut Collection, path: &str, real: &Path, text: &str, doc: &MarkedYaml<'_>) {
    let lines = Lines::new(text);
    for map_name in ["keys", "api_keys"] {
        if let Some(map) = yaml::get(doc, map_name) {
            key_map(c, path, text, &lines, map);
        }
    }
    if let Some(node) = yaml::get(doc, "key_file") {
        let Some(target) = yaml::scalar(node) else {
            return;
        };
        let display = super::join_display(super::parent(path), target);
        let real_target = real.parent().unwrap_or(Path::new("")).join(target);
        let exists = real_target.is_file();
        c.file_refs.push(FileRef {
            kind: FileRefKind::KeyFile,
            target: display.clone(),
            required: true,
            exists,
            scope: path.to_owned(),
            loc: lines.loc(path, yaml::range(&lines, text, node)),
            order: 0,
        });
        c.texts.insert(path.to_owned(), text.to_owned());
        if exists {
            match std::fs::read_to_string(&real_target) {
                Ok(key_text) => match yaml::load(&key_text) {
                    Ok(docs) => {
                        let key_lines = Lines::new(&key_text);
                        for d in &docs {
                            key_map(c, &display, &key_text, &key_lines, d);
                        }
                    }
                    Err(e) => super::note(
                        c,
                        &display,
                        Some(e.line),
                        format!("not valid YAML ({}); its keys were not read", e.message),
                    ),
                },
                Err(e) => c.errors.push(crate::model::Note {
                    path: display,
                    line: None,
                    message: e.to_string(),
                }),
            }
        }
    }
}

fn key_map(c: &mut Collection, path: &str, text: &str, lines: &Lines<'_>, map: &MarkedYaml<'_>) {
    for (key, _, value) in yaml::entries(map) {
        let Some(secret) = yaml::scalar(value) else {
            continue;
        };
        let range = yaml::range(lines, text, value);
        let loc = lines.loc(path, range.clone());
        c.mask(path, range);
        c.definitions.push(Definition {
            name: key.to_owned(),
            logical: "LIVEKIT_API_SECRET".into(),
            value: Value::new(secret),
            loc,
            kind: Kind::LiveKitConfig,
            scope: path.to_owned(),
            livekit_key: Some(key.to_owned()),
            syntax_problem: None,
            derived: false,
        });
    }
    c.texts.insert(path.to_owned(), text.to_owned());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_strings() {
        let e = parse_keys("devkey: secret, APIabc:Zq8Lx3RfT0aPw9Vn\nthird");
        assert_eq!(e.len(), 2);
        assert_eq!(
            (e[0].key.as_str(), e[0].secret.as_str(), e[0].offset),
            ("devkey", "secret", 8)
        );
        assert!(e[0].problem.is_none());
        assert_eq!(e[1].key, "APIabc");
        assert!(e[1].problem.as_deref().unwrap().contains(NO_KEY));
    }

    #[test]
    fn config_keys_and_key_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keys.yaml"), "k2: Hj5Ms1Ud4Ge6Qo8Ri\n").unwrap();
        let text = "port: 7880\nkeys:\n  devkey: \"Zq8Lx3RfT0aPw9Vn\"\nkey_file: keys.yaml\n";
        let docs = yaml::load(text).unwrap();
        assert!(is_config("livekit.yaml", &docs[0]));
        let mut c = Collection::default();
        collect(
            &mut c,
            "livekit.yaml",
            &dir.path().join("livekit.yaml"),
            text,
            &docs[0],
        );
        let got: Vec<(&str, &str, u32, u32)> = c
            .definitions
            .iter()
            .map(|d| {
                (
                    d.name.as_str(),
                    d.loc.path.as_str(),
                    d.loc.line,
                    d.loc.column,
                )
            })
            .collect();
        assert_eq!(
            got,
            [("devkey", "livekit.yaml", 3, 12), ("k2", "keys.yaml", 1, 5)]
        );
        assert!(c.file_refs[0].exists);
    }

    #[test]
    fn missing_key_file_is_recorded() {
        let text = "keys: {}\nkey_file: /nowhere/keys.yaml\n";
        let docs = yaml::load(text).unwrap();
        let mut c = Collection::default();
        collect(
            &mut c,
            "livekit.yaml",
            Path::new("livekit.yaml"),
            text,
            &docs[0],
        );
        assert!(!c.file_refs[0].exists);
    }
}
