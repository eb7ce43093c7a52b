//! The fix for a finding, in the language and config format of the file it is in.
//!
//! ```
//! use keylint_report::advice::{env_var_name, fix_for};
//! use keylint_core::Language;
//! assert_eq!(env_var_name("liveKitApiSecret"), "LIVEKIT_API_SECRET");
//! let hint = fix_for(Language::Dart, "FIREBASE_API_KEY", false);
//! assert!(hint.contains("String.fromEnvironment('FIREBASE_API_KEY')"));
//! ```

use std::fmt::Write as _;

use keylint_core::rule::Exposure;
use keylint_core::{Finding, Language};

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

/// The one-line statement of a finding: what was found (masked unless `show_secrets`), or, for a
/// path-only finding, that the file itself is flagged.
pub fn found(finding: &Finding, show_secrets: bool) -> String {
    let mut text = if finding.is_path_only() {
        format!("{}: file flagged by its path", finding.rule_name)
    } else {
        format!(
            "{} found: {}",
            finding.rule_name,
            finding.display_secret(show_secrets)
        )
    };
    if let Some(verified) = verified(finding) {
        text.push_str("; ");
        text.push_str(&verified);
    }
    text
}

/// What `--verify` learnt, in words every format uses: `verified live with openai (login
/// octo)`, `verified invalid with openai (revoked or never valid)`, `not verified: offline`.
/// `None` when verification did not run.
pub fn verified(finding: &Finding) -> Option<String> {
    let v = finding.verification.as_ref()?;
    Some(match (v.status, v.provider.is_empty()) {
        (keylint_core::VerifyStatus::Unknown, _) | (_, true) => {
            format!("not verified: {}", v.reason.as_deref().unwrap_or("unknown"))
        }
        (keylint_core::VerifyStatus::Live, false) => match &v.identity {
            Some(identity) => format!("verified LIVE with {} ({identity})", v.provider),
            None => format!("verified LIVE with {}", v.provider),
        },
        (keylint_core::VerifyStatus::Invalid, false) => format!(
            "verified invalid with {} (revoked, expired or never valid)",
            v.provider
        ),
    })
}

/// The fix for `finding`, for the file it is in: what to do, and when keylint can write it, the
/// line as it should read.
pub fn fix_hint(finding: &Finding) -> String {
    let path = finding.location.path.as_str();
    if finding.is_path_only() {
        return format!(
            "this kind of file does not belong in the repository: `git rm --cached {path}`, list it in .gitignore, and keep it in a secret manager"
        );
    }
    let language = Language::from_path(path);
    let name = suggested_name(finding);
    let server_only = is_server_only(&finding.rule_id);
    let file = file_name(path);
    let mut hint = match language {
        Language::Yaml if is_livekit_config(&file) => format!(
            "livekit.yaml cannot read environment variables: remove the `keys:` entry and give \
             the server its keys through the `LIVEKIT_KEYS` environment variable \
             (`LIVEKIT_KEYS=\"<key>: <secret>\"`, from a secret store or a gitignored env file), \
             or through `key_file: /etc/livekit/keys.yaml` mounted from outside the repository; \
             the backend reads the same pair from `{name}`"
        ),
        Language::Yaml if is_compose(&file) => format!(
            "reference it as `${{{name}}}` and define `{name}` in an env file that is listed in \
             .gitignore (`env_file: .env` on the service, or a `.env` next to the compose file); \
             commit a `.env.example` with `{name}=` instead"
        ),
        Language::Yaml if is_kubernetes(path, &finding.snippet) => format!(
            "do not commit Kubernetes Secrets: create `{name}` from your secret manager \
             (External Secrets, Sealed Secrets, `kubectl create secret generic … \
             --from-env-file`) and reference it with `secretKeyRef`"
        ),
        Language::Dotenv => format!(
            "keep this file out of git: add it to .gitignore (`git rm --cached {file}` if it is \
             already tracked) and commit a `.env.example` with `{name}=` and no value instead"
        ),
        _ => fix_for(language, &name, server_only),
    };
    // A server secret in an app is not rewritten in place: the call moves to the backend.
    let in_app = server_only && language == Language::Dart;
    if let Some(line) = rewritten_line(finding, language, &name).filter(|_| !in_app) {
        let _ = write!(hint, "\nwrite: {line}");
    }
    hint
}

/// Whether the credential a rule flags may only be held by a server (an app or a browser
/// bundle that contains one gives it to every user): the rule's `exposure`.
pub fn is_server_only(rule_id: &str) -> bool {
    keylint_rules::find(rule_id).is_some_and(|r| r.exposure == Some(Exposure::ServerOnly))
}

/// The provider's conventional environment variable name for the credential a rule flags
/// (the first of the rule's `env`), when the rule declares one.
pub fn provider_env_name(rule_id: &str) -> Option<&'static str> {
    keylint_rules::find(rule_id).and_then(|r| r.env.first().map(String::as_str))
}

/// The lower-cased file name of `path`.
pub fn file_name(path: &str) -> String {
    path.rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase()
}

/// Whether a (lower-cased) file name is a `LiveKit` server config (`livekit*.yaml`, not compose).
pub fn is_livekit_config(file: &str) -> bool {
    file.starts_with("livekit") && !is_compose(file)
}

/// Whether a (lower-cased) file name is a docker-compose file.
pub fn is_compose(file: &str) -> bool {
    file.starts_with("docker-compose")
        || file.starts_with("compose.")
        || file.starts_with("compose-")
}

pub(crate) fn is_kubernetes(path: &str, snippet: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [
        "k8s/",
        "kubernetes/",
        "charts/",
        "helm/",
        "manifests/",
        "kustomize/",
    ]
    .iter()
    .any(|d| lower.contains(d))
        || snippet.contains("kind: Secret")
}

/// The finding's line with the secret replaced by a read of `name`, for the languages where
/// that is the whole fix. `None` when the line holds other secrets or is cut (very long lines).
fn rewritten_line(finding: &Finding, language: Language, name: &str) -> Option<String> {
    let file = file_name(&finding.location.path);
    let read = match language {
        // Decided below, where the code before the literal is known.
        Language::Dart => String::new(),
        Language::JavaScript => format!("process.env.{name}"),
        Language::Python => format!("os.environ[\"{name}\"]"),
        Language::Yaml
            if !is_livekit_config(&file)
                && !is_kubernetes(&finding.location.path, &finding.snippet) =>
        {
            format!("${{{name}}}")
        }
        _ => return None,
    };
    if !finding.snippet_other_secrets.is_empty() || finding.snippet.len() > 200 {
        return None;
    }
    let range = finding.snippet_secret.clone();
    let before = finding.snippet.get(..range.start)?;
    let after = finding.snippet.get(range.end..)?;
    // Code reads the variable instead of a string literal: drop the quotes around the secret.
    // In YAML `${X}` goes where the value was, quotes kept.
    let (before, after) = match (language, before.chars().last(), after.chars().next()) {
        (Language::Dart | Language::JavaScript | Language::Python, Some(open), Some(close))
            if open == close && matches!(open, '\'' | '"' | '`') =>
        {
            (&before[..before.len() - 1], &after[1..])
        }
        (Language::Dart | Language::JavaScript | Language::Python, _, _) => return None,
        _ => (before, after),
    };
    let line = match language {
        Language::Dart => match dart_default_value(before) {
            // `String.fromEnvironment('X', defaultValue: '<key>')`: the default goes.
            Some((comma, _)) => format!("{}{after}", &before[..comma]),
            None => format!("{before}{}{after}", dart_read(before, name)),
        },
        _ => format!("{before}{read}{after}"),
    };
    let line = line.trim().to_owned();
    // Never print a secret: another copy of it on the line would stay in the rewrite.
    (!line.contains(finding.secret.as_str())).then_some(line)
}

/// What replaces a Dart string literal to read `name` at build time, given the code before
/// the literal: `String.fromEnvironment` is only valid as a constant, so `const` is added
/// unless the literal is the value of a `const` declaration (already constant). The one
/// generator for the scan's `write:` line and `keylint fix`.
pub fn dart_read(before: &str, name: &str) -> String {
    if const_declaration(before.trim_end()) {
        format!("String.fromEnvironment('{name}')")
    } else {
        format!("const String.fromEnvironment('{name}')")
    }
}

/// When the code before a Dart literal is `String.fromEnvironment('X', defaultValue: `, the
/// byte offset of that `,` and `X`: the literal is a fallback of a variable the code already
/// reads, so the fix removes it (from the `,`) and defines `X`.
pub fn dart_default_value(before: &str) -> Option<(usize, String)> {
    let rest = before.trim_end().strip_suffix(':')?.trim_end();
    let rest = rest.strip_suffix("defaultValue")?.trim_end();
    let rest = rest.strip_suffix(',')?;
    let comma = rest.len();
    let rest = rest.trim_end();
    let quote = rest.chars().last().filter(|c| matches!(c, '\'' | '"'))?;
    let inner = &rest[..rest.len() - 1];
    let open = inner.rfind(quote)?;
    let name = &inner[open + 1..];
    let call = inner[..open].trim_end().strip_suffix('(')?.trim_end();
    (call.ends_with("String.fromEnvironment") && keylint_rules::is_env_name(name))
        .then(|| (comma, name.to_owned()))
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// The start of the statement `before` ends in (after the last `;`, `{` or `}`), trimmed.
pub fn statement(before: &str) -> &str {
    let start = before.rfind([';', '{', '}']).map_or(0, |i| i + 1);
    before[start..].trim()
}

/// `[static] const [Type] name =`: a Dart constant declaration, where `String.fromEnvironment`
/// is already constant.
fn const_declaration(before: &str) -> bool {
    let Some(decl) = statement(before).strip_suffix('=') else {
        return false;
    };
    let mut tokens: Vec<&str> = decl.split_whitespace().collect();
    if tokens.first() == Some(&"static") {
        tokens.remove(0);
    }
    tokens.first() == Some(&"const")
        && (2..=3).contains(&tokens.len())
        && tokens[1..].iter().all(|t| {
            t.chars()
                .all(|c| is_ident_char(c) || matches!(c, '<' | '>' | '?'))
        })
}

/// The fix for a credential named `name` found in a file of `language`.
pub fn fix_for(language: Language, name: &str, server_only: bool) -> String {
    let mut hint = match language {
        // A server secret has no place in an app: no build-time define for it.
        Language::Dart if server_only => format!(
            "this key must not ship in the app: move the call to your backend, which reads \
             `{name}` from its own environment, and have it mint short-lived tokens for the app \
             (anyone can extract a key from an app build, `--dart-define` included)"
        ),
        Language::Dart => format!(
            "read it at build time instead: `const String.fromEnvironment('{name}')` with \
             `flutter run --dart-define-from-file=.env.client` (.env.client beside pubspec.yaml, \
             listed in .gitignore, holding client values only), or fetch it from your server at \
             run time"
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
    if server_only && language == Language::JavaScript {
        hint.push_str(
            ". If this code is bundled for a browser or an app, a server secret must not be in \
             it at all: keep it on your backend and have it mint short-lived tokens for the client",
        );
    }
    hint
}

/// An environment variable name for the finding: the provider's conventional name (the rule's
/// `env`) when it declares one, else the identifier the secret is assigned to in the snippet,
/// else one derived from the rule id.
pub fn suggested_name(finding: &Finding) -> String {
    let before = finding
        .snippet
        .get(..finding.snippet_secret.start)
        .unwrap_or("");
    if let Some((_, name)) = dart_default_value(before.trim_end_matches(['\'', '"'])) {
        // The code already reads that variable; the literal was only its fallback.
        return name;
    }
    provider_env_name(&finding.rule_id).map_or_else(|| code_name(finding), str::to_owned)
}

/// The name the code gives the secret: the identifier it is assigned to in the snippet, else
/// one derived from the rule id.
pub fn code_name(finding: &Finding) -> String {
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

/// `liveKitApiSecret` → `LIVEKIT_API_SECRET`; `api-key` → `API_KEY`; `OPENAI_API_KEY`
/// unchanged: the one converter of keylint-core.
pub fn env_var_name(identifier: &str) -> String {
    keylint_core::names::env_var_name(identifier)
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
    fn dart_reads() {
        assert_eq!(
            dart_read("  static const String k =", "X"),
            "String.fromEnvironment('X')"
        );
        assert_eq!(
            dart_read("  final String k =", "X"),
            "const String.fromEnvironment('X')"
        );
        let before = "  static const k = String.fromEnvironment('OPENAI_API_KEY', defaultValue: ";
        let (comma, name) = dart_default_value(before).unwrap();
        assert_eq!(name, "OPENAI_API_KEY");
        assert_eq!(
            &before[..comma],
            "  static const k = String.fromEnvironment('OPENAI_API_KEY'"
        );
        assert_eq!(dart_default_value("  f(defaultValue: "), None);
    }

    #[test]
    fn hints_by_language() {
        assert!(fix_for(Language::JavaScript, "X", false).contains("process.env.X"));
        assert!(fix_for(Language::Yaml, "X", false).contains("${X}"));
        assert!(fix_for(Language::Dotenv, "X", false).contains(".gitignore"));
        assert!(fix_for(Language::Dart, "X", true).contains("mint short-lived tokens"));
    }
}
