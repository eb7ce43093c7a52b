//! The LiveKit server's keys: `keys:` / `api_keys:` in its config file (or the file named by
//! `key_file:`), and `LIVEKIT_KEYS` strings (`key: secret, key2: secret2`) wherever they are set.

use std::path::Path;

use saphyr::MarkedYaml;

use super::yaml;
use crate::model::{Collection, Definition, FileRef, FileRefKind, Invalid, Kind, Loc};
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
            // `LIVEKIT_KEYS=devkey=secret`: `=` is not LiveKit's separator.
            if let Some(eq) = part.find('=') {
                let key = part[..eq].trim();
                let after = &part[eq + 1..];
                let secret = after.trim();
                if !key.is_empty() && !secret.is_empty() {
                    out.push(KeysEntry {
                        key: key.to_owned(),
                        secret: secret.to_owned(),
                        offset: part_start + eq + 1 + (after.len() - after.trim_start().len()),
                        problem: Some(format!("`{key}=…` in `LIVEKIT_KEYS`: LiveKit reads `key: secret` (a colon and a space), finds no key and stops with `{NO_KEY}`")),
                    });
                }
            }
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

/// Whether a parsed YAML document is a LiveKit server config (named after LiveKit, with server
/// settings) that gives the server no key: it stops with [`NO_KEY`] unless `LIVEKIT_KEYS`,
/// `--keys`, `--key-file` or `--dev` provide one.
pub fn is_keyless_config(file_name: &str, doc: &MarkedYaml<'_>) -> bool {
    let has = |k: &str| yaml::get(doc, k).is_some();
    file_name.to_ascii_lowercase().contains("livekit")
        && !(has("keys") || has("api_keys") || has("key_file"))
        && ["port", "rtc", "turn", "redis", "room", "webhook"]
            .iter()
            .any(|k| has(k))
}

/// A compose or LiveKit file that is not valid YAML: its program refuses it whole. An unquoted
/// `LIVEKIT_KEYS: devkey: secret` (a second `: ` inside a plain value) gets its own words.
pub fn invalid_yaml(path: &str, text: &str, e: &yaml::YamlError) -> Invalid {
    let lines = Lines::new(text);
    let start = lines.offset(e.line as usize, e.column.saturating_sub(1) as usize);
    let line_text = text
        .lines()
        .nth(e.line.saturating_sub(1) as usize)
        .unwrap_or("");
    let unquoted_keys = line_text
        .trim_start()
        .trim_start_matches("- ")
        .strip_prefix("LIVEKIT_KEYS:")
        .is_some_and(|v| {
            let v = v.trim();
            !v.starts_with(['"', '\'']) && v.contains(": ")
        });
    let program = if path.to_ascii_lowercase().contains("compose") {
        "docker compose refuses to start"
    } else {
        "the LiveKit server refuses to start"
    };
    let (message, help) = if unquoted_keys {
        (
            format!("`LIVEKIT_KEYS: key: secret` is not valid YAML (a second `: ` in a plain value): {program}"),
            "quote the value: `LIVEKIT_KEYS: \"devkey: <secret>\"` (the space after the inner colon stays)".to_owned(),
        )
    } else {
        (
            format!(
                "not valid YAML (line {}, column {}: {}): {program}",
                e.line, e.column, e.message
            ),
            "fix the YAML syntax at this place (`docker compose config` shows the same error)"
                .to_owned(),
        )
    };
    Invalid {
        loc: lines.loc(path, start..start),
        message,
        help,
    }
}

/// What to mask on the line an invalid YAML file fails at: everything after the first colon
/// (the parser stopped there, so the value was never read as one).
pub fn invalid_yaml_mask(text: &str, e: &yaml::YamlError) -> Option<std::ops::Range<usize>> {
    let lines = Lines::new(text);
    let start = lines.offset(e.line as usize, 0);
    let line = text.get(start..)?.lines().next()?;
    let colon = line.find(':')?;
    Some(start + colon + 1..start + line.len())
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
