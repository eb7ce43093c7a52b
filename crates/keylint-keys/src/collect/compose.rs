//! docker-compose files: each service's `environment:` (map or list) and `env_file:` (string,
//! list, or `{path, required}`), with `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
//! `${VAR:?error}` and `$VAR` interpolated from the `.env` next to the compose file, as
//! `docker compose` does (`env_file:` entries do not feed interpolation).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use saphyr::MarkedYaml;

use super::yaml;
use crate::model::{Collection, FileRef, FileRefKind, Kind, Reference};
use crate::text::Lines;
use crate::value::Value;

/// One `${…}` or `$VAR` of a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interpolation {
    /// The variable.
    pub var: String,
    /// `:-` / `-` default.
    pub default: Option<String>,
    /// Byte range of the whole `${…}` in the string.
    pub range: Range<usize>,
    /// Byte range of the default in the string.
    pub default_range: Option<Range<usize>>,
}

/// Finds the interpolations of a compose string (`$$` is a literal `$`).
pub fn interpolations(s: &str) -> Vec<Interpolation> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'$') => i += 2,
            Some(b'{') => {
                let Some(close) = s[i..].find('}').map(|c| i + c) else {
                    break;
                };
                let inner = &s[i + 2..close];
                let name_len = inner
                    .bytes()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    .count();
                let rest = &inner[name_len..];
                let (default, skip) = if let Some(d) = rest.strip_prefix(":-") {
                    (Some(d), 2)
                } else if let Some(d) = rest.strip_prefix('-') {
                    (Some(d), 1)
                } else {
                    (None, 0)
                };
                let default_start = i + 2 + name_len + skip;
                out.push(Interpolation {
                    var: inner[..name_len].to_owned(),
                    default: default.map(str::to_owned),
                    range: i..close + 1,
                    default_range: default.map(|d| default_start..default_start + d.len()),
                });
                i = close + 1;
            }
            Some(c) if c.is_ascii_alphabetic() || *c == b'_' => {
                let len = s[i + 1..]
                    .bytes()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    .count();
                out.push(Interpolation {
                    var: s[i + 1..i + 1 + len].to_owned(),
                    default: None,
                    range: i..i + 1 + len,
                    default_range: None,
                });
                i += 1 + len;
            }
            _ => i += 1,
        }
    }
    out
}

/// `s` with its interpolations replaced by the values `lookup` gives or their defaults; `None`
/// when one has neither.
pub fn interpolate(s: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut at = 0;
    for i in interpolations(s) {
        out.push_str(&s[at..i.range.start].replace("$$", "$"));
        out.push_str(&lookup(&i.var).or(i.default)?);
        at = i.range.end;
    }
    out.push_str(&s[at..].replace("$$", "$"));
    Some(out)
}

/// One `environment:` entry: name, value (`None` for a pass-through), value range, name range.
type EnvPair = (String, Option<String>, Range<usize>, Range<usize>);

/// Whether a parsed document is a compose file (a `services:` mapping at the top).
pub fn is_compose(doc: &MarkedYaml<'_>) -> bool {
    yaml::get(doc, "services").is_some_and(yaml::is_mapping)
}

/// Reads a compose document.
#[allow(clippy::many_single_char_names)]
pub fn collect(c: &mut Collection, path: &str, real: &Path, text: &str, doc: &MarkedYaml<'_>) {
    let lines = Lines::new(text);
    let dir = super::parent(path);
    let real_dir = real.parent().unwrap_or(Path::new(""));
    let project_env: BTreeMap<String, String> = std::fs::read(real_dir.join(".env"))
        .map(|bytes| {
            let (t, _) = keylint_dotenv::parser::decode(&bytes);
            super::dotenv::variables(&t).into_iter().collect()
        })
        .unwrap_or_default();
    let lookup = |var: &str| project_env.get(var).cloned();
    c.texts.insert(path.to_owned(), text.to_owned());
    let Some(services) = yaml::get(doc, "services") else {
        return;
    };
    for (service, _, body) in yaml::entries(services) {
        let scope = format!("{path}#{service}");
        if let Some(env_file) = yaml::get(body, "env_file") {
            let at = Place {
                path,
                text,
                lines: &lines,
                dir,
                real_dir,
            };
            env_file_refs(c, &at, env_file, &lookup, &scope);
        }
        let Some(environment) = yaml::get(body, "environment") else {
            continue;
        };
        mapping_items(c, path, text, &lines, service, environment);
        let pairs = environment_pairs(&lines, text, environment);
        let overrides = c.service_environment.entry(scope.clone()).or_default();
        for (key, _, range, key_range) in &pairs {
            let _ = range;
            overrides.insert(key.clone(), lines.loc(path, key_range.clone()));
        }
        for (key, value, range, _) in pairs {
            let loc = lines.loc(path, range.clone());
            let Some(value) = value else {
                // `- VAR` / `VAR:` passes the variable through from the shell (and `.env`).
                c.references.push(Reference {
                    var: key.clone(),
                    default: None,
                    resolved: project_env.contains_key(&key),
                    loc,
                    project_dir: dir.to_owned(),
                    scope: scope.clone(),
                });
                continue;
            };
            let raw = &text[range.clone()];
            let found = interpolations(&value);
            if found.is_empty() {
                super::define_var(
                    c,
                    &key,
                    &value.replace("$$", "$"),
                    raw,
                    loc,
                    Kind::Compose,
                    &scope,
                    false,
                );
                continue;
            }
            for i in &found {
                // Point at the `${…}` in the file when the raw text holds it as is.
                let at = raw
                    .find(&value[i.range.clone()])
                    .map_or(range.clone(), |o| {
                        range.start + o..range.start + o + i.range.len()
                    });
                if let (Some(d), Some(dr)) = (&i.default, &i.default_range) {
                    if !d.is_empty() {
                        if let Some(o) = raw.find(&value[i.range.clone()]) {
                            c.mask(
                                path,
                                range.start + o + (dr.start - i.range.start)
                                    ..range.start + o + (dr.end - i.range.start),
                            );
                        }
                    }
                }
                c.references.push(Reference {
                    var: i.var.clone(),
                    default: i.default.clone().map(Value::new),
                    resolved: project_env.contains_key(&i.var),
                    loc: lines.loc(path, at),
                    project_dir: dir.to_owned(),
                    scope: scope.clone(),
                });
            }
            let whole = found.len() == 1 && found[0].range == (0..value.len());
            if let Some(v) = interpolate(&value, &lookup) {
                // `KEY: ${KEY}` copies the project `.env`: the copy is not a definition of its
                // own, but a string assembled from references (`devkey: ${SECRET}`) is.
                if !whole || names_differ(&key, &found[0].var) {
                    super::define_var(c, &key, &v, raw, loc, Kind::Compose, &scope, true);
                }
            }
        }
    }
}

/// `- LIVEKIT_KEYS: "devkey: secret"`: an `environment:` list item must be one `KEY=value`
/// string; compose refuses a mapping there. Its values are masked like any other.
fn mapping_items(
    c: &mut Collection,
    path: &str,
    text: &str,
    lines: &Lines<'_>,
    service: &str,
    environment: &MarkedYaml<'_>,
) {
    for item in yaml::items(environment) {
        if !yaml::is_mapping(item) {
            continue;
        }
        let range = yaml::range(lines, text, item);
        for (_, _, value) in yaml::entries(item) {
            c.mask(path, yaml::range(lines, text, value));
        }
        c.invalid.push(crate::model::Invalid {
            loc: lines.loc(path, range.start..range.start),
            message: format!("an item of service `{service}`'s `environment:` list is a mapping (`- KEY: value`): compose accepts only `KEY=value` strings there and refuses the file"),
            help: "drop the dash to make `environment:` a mapping (`KEY: value` on every line), or write the item as `- KEY=value` (then `- LIVEKIT_KEYS=devkey: <secret>`)".to_owned(),
        });
    }
}

/// Where a compose file is: its path as shown, its text and lines, its directory as shown and on
/// disk.
struct Place<'a> {
    path: &'a str,
    text: &'a str,
    lines: &'a Lines<'a>,
    dir: &'a str,
    real_dir: &'a Path,
}

/// The `env_file:` entries of a service (a string, a list, or `path:`/`required:` items).
fn env_file_refs(
    c: &mut Collection,
    at: &Place<'_>,
    env_file: &MarkedYaml<'_>,
    lookup: &dyn Fn(&str) -> Option<String>,
    scope: &str,
) {
    let list: Vec<&MarkedYaml<'_>> = if yaml::scalar(env_file).is_some() {
        vec![env_file]
    } else {
        yaml::items(env_file).iter().collect()
    };
    for (order, item) in list.into_iter().enumerate() {
        let (node, required) = match yaml::get(item, "path") {
            Some(p) => (
                p,
                yaml::get(item, "required")
                    .and_then(yaml::scalar)
                    .is_none_or(|r| r != "false"),
            ),
            None => (item, true),
        };
        let Some(target) = yaml::scalar(node) else {
            continue;
        };
        let target = interpolate(target, lookup).unwrap_or_else(|| target.to_owned());
        c.file_refs.push(FileRef {
            kind: FileRefKind::EnvFile,
            target: super::join_display(at.dir, &target),
            required,
            exists: at.real_dir.join(&target).is_file(),
            scope: scope.to_owned(),
            loc: at.lines.loc(at.path, yaml::range(at.lines, at.text, node)),
            order,
        });
    }
}

/// The `environment:` of a service, as a map or a list of `KEY=value`: key, value (none when
/// passed through), the value's range and the key's.
fn environment_pairs(lines: &Lines<'_>, text: &str, environment: &MarkedYaml<'_>) -> Vec<EnvPair> {
    let mut pairs: Vec<EnvPair> = Vec::new();
    for (key, key_node, value) in yaml::entries(environment) {
        let key_range = yaml::range(lines, text, key_node);
        match yaml::scalar(value) {
            Some(v) => pairs.push((
                key.to_owned(),
                Some(v.to_owned()),
                yaml::range(lines, text, value),
                key_range,
            )),
            None => pairs.push((key.to_owned(), None, key_range.clone(), key_range)),
        }
    }
    for item in yaml::items(environment) {
        let Some(s) = yaml::scalar(item) else {
            continue;
        };
        let r = yaml::range(lines, text, item);
        match s.split_once('=') {
            Some((k, v)) => {
                let start = r.start + (text[r.clone()].find('=').map_or(0, |i| i + 1));
                pairs.push((
                    k.trim().to_owned(),
                    Some(v.to_owned()),
                    start..r.end,
                    r.start..r.start + k.len(),
                ));
            }
            None => pairs.push((s.trim().to_owned(), None, r.clone(), r)),
        }
    }
    pairs
}

fn names_differ(a: &str, b: &str) -> bool {
    crate::names::group_key(&crate::names::logical(a))
        != crate::names::group_key(&crate::names::logical(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_forms() {
        let found = interpolations("a ${X} $Y ${Z:-d1} ${W-d2} ${V:?err} $$NOT");
        let vars: Vec<&str> = found.iter().map(|i| i.var.as_str()).collect();
        assert_eq!(vars, ["X", "Y", "Z", "W", "V"]);
        assert_eq!(found[2].default.as_deref(), Some("d1"));
        assert_eq!(found[3].default.as_deref(), Some("d2"));
        let lookup = |v: &str| (v == "X").then(|| "x".to_owned());
        assert_eq!(
            interpolate("${X}:${Z:-d} $$", &lookup).as_deref(),
            Some("x:d $")
        );
        assert_eq!(interpolate("${Y}", &lookup), None);
        assert!(interpolations("${UNCLOSED").is_empty());
    }

    fn run(text: &str, project_env: Option<&str>) -> Collection {
        let dir = tempfile::tempdir().unwrap();
        if let Some(env) = project_env {
            std::fs::write(dir.path().join(".env"), env).unwrap();
        }
        std::fs::create_dir_all(dir.path().join("backend")).unwrap();
        std::fs::write(dir.path().join("backend/.env"), "A=1\n").unwrap();
        let docs = yaml::load(text).unwrap();
        assert!(is_compose(&docs[0]));
        let mut c = Collection::default();
        collect(
            &mut c,
            "docker-compose.yml",
            &dir.path().join("docker-compose.yml"),
            text,
            &docs[0],
        );
        c
    }

    #[test]
    fn maps_lists_env_files_and_references() {
        let text = r#"services:
  livekit:
    environment:
      LIVEKIT_KEYS: "devkey: ${LIVEKIT_API_SECRET}"
  api:
    env_file:
      - ./backend/.env
      - path: ./missing.env
        required: false
    environment:
      - LIVEKIT_API_KEY=devkey
      - LIVEKIT_API_SECRET
      - OTHER_TOKEN=${NOPE:-Zq8Lx3RfT0aPw9Vn}
"#;
        let c = run(text, Some("LIVEKIT_API_SECRET=Hj5Ms1Ud4Ge6Qo8Ri\n"));
        let defs: Vec<(&str, Kind, bool, u32)> = c
            .definitions
            .iter()
            .map(|d| (d.name.as_str(), d.kind, d.derived, d.loc.line))
            .collect();
        assert_eq!(
            defs,
            [
                ("devkey", Kind::LiveKitKeys, true, 4),
                ("LIVEKIT_API_KEY", Kind::Compose, false, 11),
                ("OTHER_TOKEN", Kind::Compose, true, 13),
            ]
        );
        assert_eq!(c.definitions[0].value.len(), 17);
        let refs: Vec<(&str, bool, bool)> = c
            .references
            .iter()
            .map(|r| (r.var.as_str(), r.resolved, r.default.is_some()))
            .collect();
        assert_eq!(
            refs,
            [
                ("LIVEKIT_API_SECRET", true, false),
                ("LIVEKIT_API_SECRET", true, false),
                ("NOPE", false, true)
            ]
        );
        let files: Vec<(&str, bool, bool)> = c
            .file_refs
            .iter()
            .map(|f| (f.target.as_str(), f.exists, f.required))
            .collect();
        assert_eq!(
            files,
            [("backend/.env", true, true), ("missing.env", false, false)]
        );
        assert_eq!(c.references[0].loc.line, 4);
    }

    #[test]
    fn unresolved_reference_without_project_env() {
        let text = "services:\n  livekit:\n    environment:\n      LIVEKIT_KEYS: \"devkey: ${LIVEKIT_API_SECRET}\"\n";
        let c = run(text, None);
        assert!(c.definitions.is_empty());
        assert!(!c.references[0].resolved);
    }
}
