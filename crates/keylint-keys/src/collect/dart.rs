//! Dart constants (`static const String livekitApiKey = '…';` in a Flutter `AppConfig`) and
//! `String.fromEnvironment('X', defaultValue: '…')` defaults.

use std::sync::LazyLock;

use regex::Regex;

use crate::model::{Collection, Kind};
use crate::text::Lines;

static CONSTANT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b(?:static\s+)?(?:const|final|var)\s+(?:String\??\s+)?([A-Za-z_]\w*)\s*=\s*(r?)(?:'([^'\n]*)'|"([^"\n]*)")\s*;"#)
        .expect("valid regex")
});

static FROM_ENVIRONMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"String\.fromEnvironment\(\s*['"](\w+)['"]\s*,\s*defaultValue:\s*(r?)(?:'([^'\n]*)'|"([^"\n]*)")"#)
        .expect("valid regex")
});

/// Reads one Dart file.
pub fn collect(c: &mut Collection, path: &str, text: &str) {
    let lines = Lines::new(text);
    let mut any = false;
    for re in [&*CONSTANT, &*FROM_ENVIRONMENT] {
        for caps in re.captures_iter(text) {
            let (Some(name), Some(value)) = (caps.get(1), caps.get(3).or_else(|| caps.get(4)))
            else {
                continue;
            };
            if super::commented_out(text, name.start()) {
                continue;
            }
            let raw_string = caps.get(2).is_some_and(|r| !r.as_str().is_empty());
            // `'$host:7880'` interpolates: not a constant value.
            if !raw_string && value.as_str().contains('$') {
                continue;
            }
            let v = if raw_string {
                value.as_str().to_owned()
            } else {
                value
                    .as_str()
                    .replace("\\'", "'")
                    .replace("\\\"", "\"")
                    .replace("\\\\", "\\")
            };
            super::define_var(
                c,
                name.as_str(),
                &v,
                value.as_str(),
                lines.loc(path, value.range()),
                Kind::Dart,
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
    fn app_config_constants() {
        let text = "class AppConfig {\n  static const String liveKitApiKey = 'devkey';\n  static const String livekitApiSecret = \"Zq8Lx3RfT0aPw9Vn\";\n  static const String liveKitUrl = 'wss://x';\n  // static const String oldApiSecret = 'old';\n  static const String host = '$base:7880';\n  static const apiToken = String.fromEnvironment('API_TOKEN', defaultValue: 'Hj5Ms1Ud4Ge6Qo8Ri');\n}\n"; // keylint:allow (synthetic)
        let mut c = Collection::default();
        collect(&mut c, "lib/core/config/app_config.dart", text);
        let got = crate::collect::rows(&c);
        assert_eq!(
            got,
            [
                ("liveKitApiKey", "LIVEKIT_API_KEY", 2, 40),
                ("livekitApiSecret", "LIVEKIT_API_SECRET", 3, 43),
                ("API_TOKEN", "API_TOKEN", 7, 78),
            ]
        );
    }
}
