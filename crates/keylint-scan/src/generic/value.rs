//! Is a literal assigned to a secret name a secret? Rejects references (`${VAR}`,
//! `process.env.X`), paths, URLs without credentials, hashes, identifiers, env var names,
//! emails, dates and versions, then asks [`crate::randomness`] whether what is left looks
//! generated. `Bearer <token>` / `Basic <base64>` keep only their token; a URL keeps only its
//! password.

use std::ops::Range;

use super::name::NameKind;
use super::{AUTH_HEADER, PASSWORD, SECRET, UUID};
use crate::randomness::{
    MAX_LEN, PASSWORD_MIN, is_weak_password, looks_like_key, looks_like_password,
};

/// A value judged to be a secret: the rule (index into [`super::RULES`]) and the secret's byte
/// range inside the value.
pub type Verdict = (usize, Range<usize>);

/// Judges `value` (the literal's text, without its quotes) assigned to a name of `kind`.
pub fn judge(value: &str, kind: NameKind) -> Option<Verdict> {
    let (start, v) = trim(value);
    // gradle `buildConfigField("String", "API_KEY", "\"…\"")`
    let (start, v) = match v.strip_prefix("\\\"").and_then(|s| s.strip_suffix("\\\"")) {
        Some(inner) => (start + 2, inner),
        None => (start, v),
    };
    // Cheap rejections first: most literals next to a name word are short or are sentences.
    if v.len() < PASSWORD_MIN || v.len() > MAX_LEN || is_reference(v) {
        return None;
    }
    if let Some((scheme, token)) = auth_scheme(v, kind == NameKind::Authorization) {
        let offset = start + (v.len() - token.len());
        return judge_header_token(token, scheme == "basic", offset);
    }
    if v.bytes().any(|b| b.is_ascii_whitespace()) {
        return None;
    }
    if kind == NameKind::Authorization {
        return judge_header_token(v, false, start);
    }
    if let Some(creds) = url_password(v) {
        let pass = &v[creds.clone()];
        return (looks_like_password(pass) && !is_reference(pass))
            .then(|| (PASSWORD, start + creds.start..start + creds.end));
    }
    if is_uuid(v) {
        return Some((UUID, start..start + v.len()));
    }
    if is_not_a_secret(v) {
        return None;
    }
    if let Some(text) = base64_decode(v).filter(|_| v.len() >= 12 && v.len() % 4 == 0) {
        // Base64 of readable text (a k8s secret's `data:`, npm's `_auth`): judge the text.
        // Random keys almost never decode to printable ASCII.
        let ok = match text.split_once(':') {
            Some((user, pass)) if !user.is_empty() && !user.contains(' ') => {
                looks_like_password(pass) || looks_like_key(pass)
            }
            _ => looks_like_password(&text) || looks_like_key(&text),
        };
        let rule = if kind == NameKind::Password {
            PASSWORD
        } else {
            SECRET
        };
        return ok.then(|| (rule, start..start + v.len()));
    }
    let ok = match kind {
        NameKind::Password => looks_like_password(v) || looks_like_key(v),
        NameKind::Secret | NameKind::Authorization => key_charset(v) && looks_like_key(v),
    };
    let rule = if kind == NameKind::Password {
        PASSWORD
    } else {
        SECRET
    };
    ok.then(|| (rule, start..start + v.len()))
}

/// Trims ASCII whitespace; returns the offset of the trimmed text and the text.
fn trim(value: &str) -> (usize, &str) {
    let t = value.trim_start();
    let start = value.len() - t.len();
    (start, t.trim_end())
}

/// `Bearer xyz`, `Basic xyz` anywhere; `Token xyz`, `Bot xyz`, `ApiKey xyz` in an
/// `Authorization` header: the scheme (lowercase) and the token.
fn auth_scheme(v: &str, header: bool) -> Option<(&'static str, &str)> {
    let schemes: &[&'static str] = if header {
        &[
            "bearer", "basic", "token", "bot", "apikey", "api-key", "key", "sso-key",
        ]
    } else {
        &["bearer", "basic"]
    };
    schemes.iter().find_map(|&scheme| {
        let head = v.get(..=scheme.len())?;
        // Compare bytes: `head` may hold a multi-byte character right after the scheme's length.
        (head.as_bytes()[..scheme.len()].eq_ignore_ascii_case(scheme.as_bytes())
            && head.ends_with(' '))
        .then(|| (scheme, v[scheme.len()..].trim_start()))
    })
}

/// The token of an `Authorization` header at `offset`: a UUID is reported low, as under a secret
/// name (`Bearer <uuid>` is how the many APIs that issue UUID keys are called, and a header has
/// no identifier to carry); other tokens as [`judge_token`] says.
fn judge_header_token(token: &str, basic: bool, offset: usize) -> Option<Verdict> {
    if !basic && is_uuid(token) {
        return Some((UUID, offset..offset + token.len()));
    }
    judge_token(token, basic).map(|r| (AUTH_HEADER, offset + r.start..offset + r.end))
}

/// A token from an `Authorization` header; `Basic` credentials are decoded and their
/// password judged.
fn judge_token(token: &str, basic: bool) -> Option<Range<usize>> {
    if token.is_empty() || token.bytes().any(|b| b.is_ascii_whitespace()) || is_reference(token) {
        return None;
    }
    if basic {
        if let Some(decoded) = base64_decode(token) {
            let (user, pass) = decoded.split_once(':')?;
            let ok = !user.is_empty()
                && !is_public_user(user)
                && pass.len() >= 6
                && !is_weak_password(pass);
            return ok.then_some(0..token.len());
        }
    }
    (key_charset(token) && !is_uuid(token) && looks_like_key(token)).then_some(0..token.len())
}

/// Users that log in without a secret: their "password" is a convention (an email, the user
/// name again), not a credential.
fn is_public_user(user: &str) -> bool {
    ["anonymous", "guest", "public", "ftp"]
        .iter()
        .any(|u| user.eq_ignore_ascii_case(u))
}

/// Characters keys and tokens are made of (base64, base64url, hex, JWT, `prefix_…`, `id|key`,
/// `:` in a few formats).
fn key_charset(v: &str) -> bool {
    v.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-_+/=.~:!@#%^*?&|$".contains(&b))
}

/// References to a value kept elsewhere, and template syntax.
fn is_reference(v: &str) -> bool {
    const MARKERS: &[&str] = &[
        "${",
        "{{",
        "$(",
        "%(",
        "#{",
        "<%",
        "%>",
        "process.env",
        "import.meta",
        "os.environ",
        "getenv",
        "environ[",
        "env(",
        "env[",
        "env.",
        "dotenv",
        "fromenvironment",
        "secrets.",
        "vars.",
        "vault:",
        "ref+",
        "op://",
        "$ansible_vault",
        "keyvault",
        "secretsmanager",
        "aws:kms",
    ];
    let lower = v.to_ascii_lowercase();
    // Every marker holds one of these bytes; most values hold none of them.
    let maybe = lower.bytes().any(|b| b"${%#<>.:[(+/{".contains(&b))
        || ["env", "vault", "secretsmanager"]
            .iter()
            .any(|m| lower.contains(m));
    if maybe && MARKERS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    if is_quoted_variable(v) || has_format_directive(v) {
        return true;
    }
    let first = v.as_bytes()[0];
    // `$VAR`, `!secret x` / `!vault`, YAML aliases `*x`, anchors `&x`, `@Value`, `%VAR%`.
    (first == b'$'
        && v[1..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_'))
        || matches!(first, b'!' | b'*' | b'&')
        || lower.starts_with("env:")
        || (first == b'@'
            && v[1..]
                .find(':')
                .is_some_and(|i| v[1..=i].bytes().all(|b| b.is_ascii_alphabetic())))
        || (first == b'%' && v.ends_with('%'))
        || (first == b'@' && v.ends_with('@'))
}

/// A shell variable inside escaped or plain quotes, as shell embedded in YAML or JSON writes it:
/// `\"$SASL_PASSWORD\";`, `"$TOKEN"`, `'${PASS}'`.
fn is_quoted_variable(v: &str) -> bool {
    let inner = v.trim_start_matches(['\\', '"', '\'']);
    if inner.len() == v.len() {
        return false;
    }
    let Some(name) = inner.strip_prefix('$') else {
        return false;
    };
    let name = name.trim_start_matches('{');
    let end = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    end > 0
        && name[end..]
            .chars()
            .all(|c| matches!(c, '\\' | '"' | '\'' | ';' | '}' | ',' | ')'))
}

/// A printf directive (`%s`, `%d`, `%.*s`, `%-10s`, `%08x`): the value is a format string that
/// builds the secret at run time, not the secret.
fn has_format_directive(v: &str) -> bool {
    let b = v.as_bytes();
    b.iter().enumerate().any(|(i, &c)| {
        // `%2F` is a URL escape, not a directive.
        if c != b'%'
            || b[i + 1..]
                .iter()
                .take(2)
                .filter(|h| h.is_ascii_hexdigit())
                .count()
                == 2
        {
            return false;
        }
        let mut j = i + 1;
        while j < b.len() && b"-+ #0.*123456789".contains(&b[j]) {
            j += 1;
        }
        let decorated = j > i + 1;
        // `%s`, `%d` alone end a word (`%daily`, `%i*` in a password are not directives).
        b.get(j).is_some_and(|conv| b"sdiu".contains(conv))
            && (decorated || b.get(j + 1).is_none_or(|n| b" /,;:'\")]}.\\&=".contains(n)))
    })
}

/// A password hash (crypt `$6$…`, bcrypt `$2b$…`, `$argon2id$…`, `{SSHA}…`), alone or after a
/// user (`.htpasswd`'s `user:$2y$…`): what a server stores instead of the password.
fn is_password_hash(v: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "$1$",
        "$2a$",
        "$2b$",
        "$2y$",
        "$2x$",
        "$5$",
        "$6$",
        "$7$",
        "$y$",
        "$argon2",
        "$pbkdf2",
        "$scrypt$",
        "{ssha}",
        "{sha}",
        "{ssha256}",
        "{ssha512}",
        "{bcrypt}",
        "{crypt}",
        "pbkdf2_sha",
    ];
    let lower = v.to_ascii_lowercase();
    let hash = |h: &str| PREFIXES.iter().any(|p| h.starts_with(p));
    hash(&lower) || lower.split_once(':').is_some_and(|(_, h)| hash(h))
}

/// `2020-10-15`, `2020-10-15T06:38:00.000+00:00`, `2006-01-02T15:04:05Z`: a date or timestamp.
fn is_timestamp(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && b[10..]
            .iter()
            .all(|c| c.is_ascii_digit() || b"T:.+-Z ".contains(c))
}

/// Values that have a shape, and that shape is not a secret.
fn is_not_a_secret(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    is_password_hash(v)
        || is_timestamp(v)
        || is_path(v, &lower)
        || lower.contains("://")
        || lower.starts_with("data:")
        || lower.starts_with("arn:")
        || is_hash_digest(&lower)
        || is_email(v)
        || is_env_name(v)
        || is_dotted_identifier(v)
        || is_code(v)
        || percent_escapes(v) >= 2
        || is_eth_address(v)
        || matches!(
            lower.as_str(),
            "true" | "false" | "null" | "none" | "nil" | "undefined" | "yes" | "no"
        )
}

/// `0x` and 40 hex digits: an Ethereum address (public), not a key.
fn is_eth_address(v: &str) -> bool {
    v.len() == 42
        && (v.starts_with("0x") || v.starts_with("0X"))
        && v[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// `/etc/…`, `./keys/x.pem`, `~/…`, `C:\…`, `keys/service-account.json`.
fn is_path(v: &str, lower: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        ".pem",
        ".key",
        ".p12",
        ".pfx",
        ".jks",
        ".keystore",
        ".json",
        ".crt",
        ".cer",
        ".der",
        ".txt",
        ".env",
        ".yaml",
        ".yml",
        ".gpg",
        ".asc",
        ".pub",
        ".p8",
        ".toml",
        ".xml",
        ".ini",
        ".conf",
        ".properties",
        ".plist",
        ".js",
        ".ts",
        ".dart",
        ".py",
        ".sh",
        ".html",
        ".png",
        ".jpg",
        ".svg",
    ];
    let b = v.as_bytes();
    v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with("../")
        || v.starts_with("~/")
        || v.starts_with("\\\\")
        || (b.len() > 2
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && matches!(b[2], b'\\' | b'/'))
        || EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

/// `sha512-…` (npm integrity), `sha256:…`, `h1:…` (go.sum), `md5:…`, `sha1-…`.
fn is_hash_digest(lower: &str) -> bool {
    [
        "sha1", "sha224", "sha256", "sha384", "sha512", "md5", "h1", "blake2b", "blake3",
    ]
    .iter()
    .any(|alg| {
        lower
            .strip_prefix(alg)
            .is_some_and(|rest| rest.starts_with('-') || rest.starts_with(':'))
    })
}

fn is_email(v: &str) -> bool {
    let Some((user, domain)) = v.split_once('@') else {
        return false;
    };
    !user.is_empty()
        && domain.contains('.')
        && !domain.ends_with('.')
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && domain
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// `OPENAI_API_KEY`, `LIVEKIT_API_SECRET`: the name of an env var, not its value.
fn is_env_name(v: &str) -> bool {
    v.contains('_')
        && v.as_bytes()[0].is_ascii_uppercase()
        && v.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

/// `config.api.key`, `e.token`, `auth.login.password` (i18n keys, property paths).
fn is_dotted_identifier(v: &str) -> bool {
    v.contains('.')
        && v.split('.').all(|part| {
            !part.is_empty()
                && part.as_bytes()[0].is_ascii_alphabetic()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        })
        && crate::generic::words::word_share(v) >= 0.3
}

/// Code rather than a literal: calls, indexing, blocks, markup.
fn is_code(v: &str) -> bool {
    let b = v.as_bytes();
    let call = b.iter().enumerate().any(|(i, &c)| {
        (c == b'(' || c == b'[') && i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
    });
    call || v.contains("=>")
        || v.contains("->")
        || v.contains("::")
        || v.starts_with('{')
        || v.starts_with('<')
}

/// How many `%XX` escapes `v` holds (URL-encoded test strings).
fn percent_escapes(v: &str) -> usize {
    v.as_bytes()
        .windows(3)
        .filter(|w| w[0] == b'%' && w[1].is_ascii_hexdigit() && w[2].is_ascii_hexdigit())
        .count()
}

/// `8-4-4-4-12` hex digits.
fn is_uuid(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| match i {
            8 | 13 | 18 | 23 => c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// `scheme://user:password@host…`: the password's range.
fn url_password(v: &str) -> Option<Range<usize>> {
    let scheme_end = v.find("://")?;
    if !v[..scheme_end]
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    {
        return None;
    }
    let rest_start = scheme_end + 3;
    let rest = &v[rest_start..];
    // The user info ends at the last `@` (passwords may hold `#` or `?`), and holds no `/`.
    let at = rest.rfind('@')?;
    if rest[..at].contains('/') {
        return None;
    }
    let colon = rest[..at].find(':')?;
    let pass = rest_start + colon + 1..rest_start + at;
    (!pass.is_empty()).then_some(pass)
}

/// Standard or URL-safe base64 into text, if it decodes to printable ASCII.
pub(crate) fn base64_decode(s: &str) -> Option<String> {
    let s = s.trim_end_matches('=');
    if s.len() < 4 || s.len() > 1024 {
        return None;
    }
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    let text = String::from_utf8(out).ok()?;
    text.bytes()
        .all(|b| (b' '..=b'~').contains(&b))
        .then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(value: &str, kind: NameKind) -> Option<(usize, &str)> {
        judge(value, kind).map(|(rule, r)| (rule, &value[r]))
    }

    #[test]
    fn keys() {
        let v = "Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri";
        assert_eq!(secret(v, NameKind::Secret), Some((SECRET, v)));
        assert_eq!(
            secret(
                " base64:Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri= ",
                NameKind::Secret
            ),
            Some((SECRET, "base64:Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri="))
        );
    }

    #[test]
    fn auth_headers() {
        assert_eq!(
            secret(
                "Bearer Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4",
                NameKind::Authorization
            ),
            Some((AUTH_HEADER, "Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4"))
        );
        // base64("deploy:Kx9mQ2vLp7Rt")
        assert_eq!(
            secret(
                "Basic ZGVwbG95Okt4OW1RMnZMcDdSdA==",
                NameKind::Authorization
            ),
            Some((AUTH_HEADER, "ZGVwbG95Okt4OW1RMnZMcDdSdA=="))
        );
        // base64("admin:password")
        assert_eq!(
            secret("Basic YWRtaW46cGFzc3dvcmQ=", NameKind::Authorization),
            None
        );
        assert_eq!(secret("Bearer ${token}", NameKind::Authorization), None);
        assert_eq!(secret("Bearer ", NameKind::Authorization), None);
    }

    #[test]
    fn url_credentials() {
        assert_eq!(
            // keylint:allow postgres-url-password
            secret("postgres://app:Kx9mQ2vL!p7@db:5432/app", NameKind::Secret),
            Some((PASSWORD, "Kx9mQ2vL!p7"))
        );
        assert_eq!(
            secret("https://api.example.org/v1/token", NameKind::Secret),
            None
        );
    }

    #[test]
    fn base64_of_a_real_looking_secret_is_kept() {
        // base64 of "deploy:Kx9mQ2vLp7Rt"
        let v = "ZGVwbG95Okt4OW1RMnZMcDdSdA==";
        assert_eq!(secret(v, NameKind::Secret), Some((SECRET, v)));
        assert_eq!(secret(v, NameKind::Password), Some((PASSWORD, v)));
    }

    #[test]
    fn uuids_are_low() {
        assert_eq!(
            judge("3f2b8c1e-9d4a-4e7b-8a6c-5d1f0e9b2a7c", NameKind::Secret).map(|v| v.0),
            Some(UUID)
        );
        let bearer = "Bearer 3f2b8c1e-9d4a-4e7b-8a6c-5d1f0e9b2a7c";
        assert_eq!(
            judge(bearer, NameKind::Authorization),
            Some((UUID, 7..bearer.len()))
        );
        assert_eq!(
            judge(&bearer[7..], NameKind::Authorization).map(|v| v.0),
            Some(UUID)
        );
    }

    #[test]
    fn shapes_that_are_not_secrets() {
        for v in [
            "${LIVEKIT_API_SECRET}",
            "$TOKEN",
            "process.env.API_KEY",
            "/etc/livekit/keys.yaml",
            "./keys/service-account.pem",
            "C:\\secrets\\token.txt",
            "sha512-Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri==",
            "h1:Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri=",
            "OPENAI_API_KEY",
            "ops.team.k8@example.org",
            "!secret wifi_password",
            "ENC(Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri)",
            "t.token",
            "auth.login.password",
            "https://livekit.example.org",
            "@env:AC_PASSWORD",
            "%c3%89t%C3%A9x%20",
            // base64 of "isaacs:not my real password" and "not my real password"
            "aXNhYWNzOm5vdCBteSByZWFsIHBhc3N3b3Jk",
            "bm90IG15IHJlYWwgcGFzc3dvcmQ=",
            // base64 of "password"
            "cGFzc3dvcmQ=",
            // Shell variables in escaped quotes (Helm templates writing a JAAS config).
            "\\\"$SASL_CLIENT_PASSWORD\\\";",
            "\"$TOKEN\"",
            // Format strings.
            "%.*s",
            "Credential=%s/%s/%s, Signature=%s",
            "%-16s",
            // Password hashes and timestamps.
            "$6$rounds=656000$Zq8Lx3RfT0aPw9Vn$K2cYb7Hj5Ms1Ud4Ge6Qo8Ri",
            "$2a$10$Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8RiXyZ",
            "admin:$2y$05$Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8RiXyZ",
            "$argon2id$v=19$m=65536,t=3,p=4$Zq8Lx3RfT0aPw9Vn$K2cYb7Hj5Ms1Ud4",
            "2020-10-15T06:38:00.000+00:00",
            "2006-01-02T15:04:05Z",
        ] {
            assert_eq!(judge(v, NameKind::Secret), None, "{v}");
            assert_eq!(judge(v, NameKind::Password), None, "{v}");
        }
    }

    #[test]
    fn percent_escapes_and_percent_signs_are_not_formats() {
        assert!(!has_format_directive("Kx9m%2FQ2vL%3Dp7Rt"));
        assert!(!has_format_directive("Kx9m%Q2vLp7Rt"));
        assert!(!has_format_directive("Kx9m%daQ2vLp7Rt"));
        assert!(!has_format_directive("CYF~zM0vu%i*"));
        assert!(has_format_directive("Bearer %s"));
        assert!(has_format_directive("%.*s"));
        assert!(
            judge("Kx9mQ2v%Lp7Rt!", NameKind::Password).is_some(),
            "a % in a password is not a format"
        );
    }

    #[test]
    fn decodes_base64() {
        assert_eq!(
            base64_decode("YWRtaW46cGFzc3dvcmQ=").as_deref(),
            Some("admin:password")
        );
        assert_eq!(base64_decode("not base64!"), None);
    }
}
