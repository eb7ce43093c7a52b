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

/// Reads one TS/JS file.
pub fn collect(c: &mut Collection, path: &str, text: &str) {
    let lines = Lines::new(text);
    let mut any = false;
    for (re, names) in [
        (&*CONSTANT, 1..2),
        (&*PROPERTY, 1..4),
        (&*ENV_DEFAULT, 1..2),
    ] {
        let values = names.end..names.end + 3;
        for caps in re.captures_iter(text) {
            let Some(name) = names.clone().find_map(|i| caps.get(i)) else {
                continue;
            };
            let Some(value) = values.clone().find_map(|i| caps.get(i)) else {
                continue;
            };
            let line_start = text[..name.start()].rfind('\n').map_or(0, |i| i + 1);
            let before = text[line_start..name.start()].trim_start();
            if before.starts_with("//") || before.starts_with('*') {
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
