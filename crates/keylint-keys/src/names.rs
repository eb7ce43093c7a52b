//! Names: `liveKitApiSecret` ↔ `LIVEKIT_API_SECRET` ↔ `NEXT_PUBLIC_LIVEKIT_API_SECRET`, which
//! names hold credentials, which env files belong to which mode.

use keylint_dotenv::keys::{DEFAULT_PUBLIC_PREFIXES, DEFAULT_SECRET_KEYS, is_secret_key};

/// `liveKitApiSecret` → `LIVEKIT_API_SECRET`; `LIVEKIT_API_SECRET` stays as it is (the one
/// converter of keylint-core).
pub fn snake_upper(name: &str) -> String {
    keylint_core::names::env_var_name(name)
}

/// The public prefix a bundler needs (`NEXT_PUBLIC_`, `VITE_` …), if `upper` starts with one.
pub fn public_prefix(upper: &str) -> Option<&'static str> {
    DEFAULT_PUBLIC_PREFIXES
        .iter()
        .copied()
        .find(|p| upper.starts_with(p) && upper.len() > p.len())
}

/// The logical name of a variable: upper snake case without a bundler's public prefix.
pub fn logical(name: &str) -> String {
    let upper = snake_upper(name);
    match public_prefix(&upper) {
        Some(p) => upper[p.len()..].to_owned(),
        None => upper,
    }
}

/// What groups names that must hold the same value: the canonical form of keylint-core, so
/// `LIVEKIT_API_KEY`, `liveKitApiKey` and `openAiApiKey` / `OPENAI_API_KEY` meet.
pub fn group_key(logical: &str) -> String {
    keylint_core::names::canonical(logical)
}

/// Whether a name holds a credential worth comparing (`*_SECRET`, `*_KEY`, `*_TOKEN`,
/// `*PASSWORD` …, not `*_KEY_ID` or publishable keys).
pub fn is_credential(logical: &str) -> bool {
    static DEFAULTS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        DEFAULT_SECRET_KEYS
            .iter()
            .map(|s| (*s).to_owned())
            .collect()
    });
    is_secret_key(logical, &DEFAULTS) || logical.ends_with("_API_KEY")
}

/// Whether a name is a server secret (signs tokens, must be long): `*SECRET*`.
pub fn is_server_secret(logical: &str) -> bool {
    logical.contains("SECRET") && public_prefix(logical).is_none()
}

const GENERIC: &[&str] = &[
    "API",
    "KEY",
    "KEYS",
    "SECRET",
    "TOKEN",
    "ACCESS",
    "AUTH",
    "PASSWORD",
    "PASS",
    "PWD",
    "CLIENT",
    "PRIVATE",
    "APP",
    "SIGNING",
    "SECRETS",
    "ENCRYPTION",
    "SESSION",
    "MASTER",
];

/// Whether every word of a name is generic (`API_KEY`, `SECRET_KEY`): such names are only
/// compared inside one directory, since two apps of a repo may well use different ones.
pub fn is_generic(logical: &str) -> bool {
    logical
        .split('_')
        .filter(|w| !w.is_empty())
        .all(|w| GENERIC.contains(&w))
}

/// The mode of an env file (`.env.production.local` → `production`), `None` for `.env`,
/// `.env.local` and files without a mode.
pub fn env_mode(file_name: &str) -> Option<String> {
    let rest = file_name.strip_prefix(".env.")?;
    let rest = rest.strip_suffix(".local").unwrap_or(rest);
    (rest != "local" && !rest.is_empty()).then(|| rest.to_ascii_lowercase())
}

/// Whether an env file is a `.local` layer (`.env.local`, `.env.production.local`).
pub fn is_local_layer(file_name: &str) -> bool {
    file_name.starts_with(".env.")
        && std::path::Path::new(file_name)
            .extension()
            .is_some_and(|e| e == "local")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_and_snake_meet() {
        assert_eq!(snake_upper("liveKitApiSecret"), "LIVEKIT_API_SECRET");
        assert_eq!(snake_upper("livekitApiKey"), "LIVEKIT_API_KEY");
        assert_eq!(snake_upper("LIVEKIT_API_KEY"), "LIVEKIT_API_KEY");
        assert_eq!(snake_upper("openAIKey"), "OPENAI_KEY");
        assert_eq!(
            group_key(&logical("openAiApiKey")),
            group_key(&logical("OPENAI_API_KEY"))
        );
        assert_eq!(
            group_key(&logical("liveKitApiSecret")),
            group_key(&logical("LIVEKIT_API_SECRET"))
        );
        assert_eq!(logical("NEXT_PUBLIC_LIVEKIT_URL"), "LIVEKIT_URL");
        assert_eq!(logical("livekit-api-key"), "LIVEKIT_API_KEY");
    }

    #[test]
    fn credentials_and_generic_names() {
        assert!(is_credential("LIVEKIT_API_SECRET"));
        assert!(is_credential("LIVEKIT_API_KEY"));
        assert!(!is_credential("LIVEKIT_URL"));
        assert!(!is_credential("PORT"));
        assert!(is_generic("API_KEY"));
        assert!(!is_generic("LIVEKIT_API_KEY"));
    }

    #[test]
    fn modes() {
        assert_eq!(
            env_mode(".env.production.local").as_deref(),
            Some("production")
        );
        assert_eq!(env_mode(".env.local"), None);
        assert_eq!(env_mode(".env"), None);
        assert!(is_local_layer(".env.local"));
        assert!(is_local_layer(".env.development.local"));
        assert!(!is_local_layer(".env.production"));
    }
}
