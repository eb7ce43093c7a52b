//! Kubernetes `Secret` (`stringData`, base64 `data`) and `ConfigMap` (`data`) objects, in any
//! YAML file, several documents a file.

use base64::Engine as _;
use saphyr::MarkedYaml;

use super::yaml;
use crate::model::{Collection, Kind};
use crate::text::Lines;

/// Whether a document is a Secret or a ConfigMap.
pub fn is_object(doc: &MarkedYaml<'_>) -> bool {
    matches!(
        yaml::get(doc, "kind").and_then(yaml::scalar),
        Some("Secret" | "ConfigMap")
    )
}

/// Reads one Secret or ConfigMap document.
pub fn collect(c: &mut Collection, path: &str, text: &str, doc: &MarkedYaml<'_>) {
    let lines = Lines::new(text);
    let is_secret = yaml::get(doc, "kind").and_then(yaml::scalar) == Some("Secret");
    let name = yaml::get(doc, "metadata")
        .and_then(|m| yaml::get(m, "name"))
        .and_then(yaml::scalar)
        .unwrap_or("?");
    let scope = format!("{path}#{name}");
    c.texts.insert(path.to_owned(), text.to_owned());
    let kind = if is_secret {
        Kind::KubernetesSecret
    } else {
        Kind::KubernetesConfigMap
    };
    if let Some(map) = yaml::get(doc, "stringData").filter(|_| is_secret) {
        for (key, _, value) in yaml::entries(map) {
            let Some(v) = yaml::scalar(value) else {
                continue;
            };
            let range = yaml::range(&lines, text, value);
            let raw = text[range.clone()].to_owned();
            super::define_var(c, key, v, &raw, lines.loc(path, range), kind, &scope, false);
        }
    }
    let Some(map) = yaml::get(doc, "data") else {
        return;
    };
    for (key, _, value) in yaml::entries(map) {
        let Some(v) = yaml::scalar(value) else {
            continue;
        };
        let range = yaml::range(&lines, text, value);
        let loc = lines.loc(path, range.clone());
        if !is_secret {
            let raw = text[range].to_owned();
            super::define_var(c, key, v, &raw, loc, kind, &scope, false);
            continue;
        }
        // The base64 text is the secret, encoded: never shown either.
        c.mask(path, range);
        let compact: String = v.chars().filter(|ch| !ch.is_whitespace()).collect();
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(compact.as_bytes())
            .map_err(|e| format!("not valid base64 ({e})"))
            .and_then(|bytes| {
                String::from_utf8(bytes).map_err(|_| "base64 of binary data, not text".to_owned())
            });
        match decoded {
            // The decoded text is not in the file: the location is the base64 scalar.
            Ok(text_value) => super::define_var(c, key, &text_value, "", loc, kind, &scope, false),
            Err(why) => super::note(
                c,
                path,
                Some(loc.line),
                format!("`data.{key}` of Secret `{name}` is {why}; it was not compared"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_configmaps() {
        let b64 =
            base64::engine::general_purpose::STANDARD.encode("Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6");
        let text = format!(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: livekit\nstringData:\n  LIVEKIT_API_KEY: devkey\ndata:\n  LIVEKIT_API_SECRET: {b64}\n  BROKEN_TOKEN: '%%%not base64'\n---\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  livekit-api-key: devkey\n  PORT: \"80\"\n"
        );
        let docs = yaml::load(&text).unwrap();
        let mut c = Collection::default();
        for d in &docs {
            assert!(is_object(d));
            collect(&mut c, "k8s/secret.yaml", &text, d);
        }
        let got: Vec<(&str, &str, Kind, u32, usize)> = c
            .definitions
            .iter()
            .map(|d| {
                (
                    d.name.as_str(),
                    d.logical.as_str(),
                    d.kind,
                    d.loc.line,
                    d.value.len(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "LIVEKIT_API_KEY",
                    "LIVEKIT_API_KEY",
                    Kind::KubernetesSecret,
                    6,
                    6
                ),
                (
                    "LIVEKIT_API_SECRET",
                    "LIVEKIT_API_SECRET",
                    Kind::KubernetesSecret,
                    8,
                    34
                ),
                (
                    "livekit-api-key",
                    "LIVEKIT_API_KEY",
                    Kind::KubernetesConfigMap,
                    15,
                    6
                ),
            ]
        );
        assert_eq!(c.notes.len(), 1);
        assert!(c.notes[0].message.contains("BROKEN_TOKEN"), "{:?}", c.notes);
        assert!(c.notes[0].message.contains("not valid base64"));
    }
}
