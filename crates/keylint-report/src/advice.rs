//! The fix for a finding, in the language and config format of the file it is in.
//!
//! ```
//! use keylint_report::advice::{env_var_name, fix_for};
//! use keylint_core::Language;
//! assert_eq!(env_var_name("liveKitApiSecret"), "LIVE_KIT_API_SECRET");
//! let hint = fix_for(Language::Dart, "LIVEKIT_API_SECRET", true);
//! assert!(hint.contains("String.fromEnvironment('LIVEKIT_API_SECRET')"));
//! ```

use std::fmt::Write as _;

use keylint_core::{Finding, Language};

/// Rule ids (prefixes) of credentials that only a server may hold: an app or a browser bundle
/// that contains one gives it to every user.
const SERVER_ONLY: &[&str] = &[
    "livekit-api-secret",
    "livekit-keys",
    "openai",
    "anthropic",
    "aws-secret",
    "stripe-secret",
    "stripe-restricted",
    "github",
    "gitlab",
    "supabase-service",
    "supabase-secret",
    "private-key",
    "gcp-service-account",
    "database-url",
    "deepseek",
    "groq",
    "generic-secret",
    "generic-password",
];

/// Everything after the description in a finding's help: the fix for its file, then rotation.
///
/// A finding from a commit (pre-push, `--since`, `--history`) is already in git: it gets
/// "rotate this key now" with the rule's guidance and how to take it out of history. A finding in
/// the working tree or the staged index gets the fix and, when the rule knows it, how to rotate.
pub fn help(finding: &Finding) -> String {
    let mut out = format!("fix: {}", fix_hint(finding));
    let rotate = finding.rotate.as_deref();
    match &finding.origin {
        Some(origin) => {
            let short = origin.commit.get(..12).unwrap_or(&origin.commit);
            let _ = write!(
                out,
                "\nrotate this key now: {}. It is in commit {short}: deleting the line does not \
                 un-leak it.",
                rotate
                    .unwrap_or("revoke it with its provider and issue a new one")
                    .trim_end_matches('.')
            );
            let _ = write!(
                out,
                "\nthen remove it from history: not pushed yet → `git rebase -i {short}^` and edit \
                 that commit (the last commit: fix the file, `git commit --amend`); already \
                 pushed → `git filter-repo --replace-text <file>`, force-push, and have everyone \
                 re-clone"
            );
        }
        None => {
            if let Some(rotate) = rotate {
                let _ = write!(out, "\nrotate: {rotate}");
            }
        }
    }
    out
}

/// The fix for `finding`, for the file it is in.
pub fn fix_hint(finding: &Finding) -> String {
    let language = Language::from_path(&finding.location.path);
    let name = suggested_name(finding);
    let server_only = SERVER_ONLY.iter().any(|p| finding.rule_id.starts_with(p));
    fix_for(language, &name, server_only)
}

/// The fix for a credential named `name` found in a file of `language`.
pub fn fix_for(language: Language, name: &str, server_only: bool) -> String {
    let mut hint = match language {
        Language::Dart => format!(
            "read it at build time instead: `const String.fromEnvironment('{name}')` with \
             `flutter run --dart-define-from-file=env.json` (env.json listed in .gitignore), or \
             fetch it from your server at run time"
        ),
        Language::JavaScript => format!(
            "read it from the environment on the server: `process.env.{name}`, defined in a \
             gitignored `.env`; anything under `NEXT_PUBLIC_`, `VITE_`, `EXPO_PUBLIC_` or \
             `import.meta.env` is shipped to browsers"
        ),
        Language::Yaml => format!(
            "reference it as `${{{name}}}` and define it in an env file listed in .gitignore \
             (docker-compose `env_file:`); for livekit.yaml pass keys with the `LIVEKIT_KEYS` \
             env var or `key_file:`; for Kubernetes create the Secret from a secret manager, \
             never commit it"
        ),
        Language::Dotenv => {
            "keep this file out of git: add it to .gitignore (`git rm --cached` it \
             if it is tracked) and commit a `.env.example` with placeholder values instead"
                .to_owned()
        }
        Language::Python => format!("read it from the environment: `os.environ[\"{name}\"]`"),
        Language::Shell => {
            format!("do not hardcode it: expect `${name}` to be set by the caller or CI secrets")
        }
        Language::Json => format!(
            "move it out of this JSON file into the environment (`{name}`) or a secret manager; \
             if the file must hold it, keep the file out of git"
        ),
        Language::Properties | Language::Toml | Language::Xml => format!(
            "move it to the environment (`{name}`) or a secret manager and reference it from here"
        ),
        Language::OtherCode | Language::Other => {
            format!(
                "load it from the environment (`{name}`) or a secret manager instead of the source"
            )
        }
    };
    if server_only && matches!(language, Language::Dart | Language::JavaScript) {
        hint.push_str(
            ". A server secret must never ship in an app or a browser bundle: keep it on your \
             backend and have it mint short-lived tokens for the client",
        );
    }
    hint
}

/// An environment variable name for the finding: the identifier the secret is assigned to in
/// the snippet when there is one, else one derived from the rule id.
fn suggested_name(finding: &Finding) -> String {
    let before = finding
        .snippet
        .get(..finding.snippet_secret.start)
        .unwrap_or("");
    identifier_before(before).map_or_else(
        || finding.rule_id.replace('-', "_").to_ascii_uppercase(),
        env_var_name,
    )
}

/// The last identifier before an assignment operator in `text` (`apiKey = '` → `apiKey`).
fn identifier_before(text: &str) -> Option<&str> {
    let trimmed =
        text.trim_end_matches(|c: char| c == '"' || c == '\'' || c == '`' || c.is_whitespace());
    let trimmed = trimmed.strip_suffix(['=', ':'])?;
    let trimmed = trimmed.trim_end_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace());
    let start = trimmed
        .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'))
        .map_or(0, |i| i + 1);
    let ident = trimmed[start..].rsplit('.').next()?;
    (!ident.is_empty()
        && ident
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic()))
    .then_some(ident)
}

/// `liveKitApiSecret` → `LIVE_KIT_API_SECRET`; `api-key` → `API_KEY`; `OPENAI_API_KEY` unchanged.
pub fn env_var_name(identifier: &str) -> String {
    let mut out = String::with_capacity(identifier.len() + 4);
    let mut prev_lower = false;
    for c in identifier.chars() {
        if c == '-' || c == '.' || c == '_' {
            if !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            out.push('_');
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        out.push(c.to_ascii_uppercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        assert_eq!(
            identifier_before("  static const String liveKitApiSecret = '"),
            Some("liveKitApiSecret")
        );
        assert_eq!(identifier_before("OPENAI_API_KEY="), Some("OPENAI_API_KEY"));
        assert_eq!(
            identifier_before("  \"client_secret\": \""),
            Some("client_secret")
        );
        assert_eq!(identifier_before("config.apiKey: "), Some("apiKey"));
        assert_eq!(identifier_before("no assignment "), None);
    }

    #[test]
    fn hints_by_language() {
        assert!(fix_for(Language::JavaScript, "X", false).contains("process.env.X"));
        assert!(fix_for(Language::Yaml, "X", false).contains("${X}"));
        assert!(fix_for(Language::Dotenv, "X", false).contains(".gitignore"));
        assert!(fix_for(Language::Dart, "X", true).contains("mint short-lived tokens"));
    }
}
