//! Does a name announce a secret? `liveKitApiSecret`, `API_KEY`, `x-api-key`, `db.password`,
//! `Authorization` do; `keyboard`, `keyCode`, `tokenizer`, `passwordField`, `secretary`,
//! `authDomain`, `apiKeyName`, `publicKey` do not.
//!
//! The name is cut into lowercase segments (`_ - . $`, camelCase and digits separate them); the
//! last segment that is a secret word decides, unless a segment after it says the value is
//! about the secret rather than the secret itself (`…Name`, `…Url`, `…Length`, `…Field`).

/// What a name says its value is; it sets the bar the value must clear.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// An API key, secret, token, credential: a long random value is expected.
    Secret,
    /// A password: shorter values are expected, but not words.
    Password,
    /// An `Authorization` header: `Bearer <token>`, `Basic <base64>`, or a bare token.
    Authorization,
}

/// Segments before `key` that make it a credential (`apiKey`, `secret_key`, `STRIPE_KEY`),
/// among them service names (`openai`, `livekit`, `stripe` …). Sorted: looked up by binary search,
/// like every list here.
const KEY_QUALIFIERS: &[&str] = &[
    "access",
    "account",
    "admin",
    "aes",
    "agora",
    "algolia",
    "anthropic",
    "api",
    "app",
    "assemblyai",
    "auth",
    "auth0",
    "aws",
    "azure",
    "backend",
    "bing",
    "braintree",
    "cipher",
    "claude",
    "client",
    "cloudinary",
    "cohere",
    "consumer",
    "crypto",
    "datadog",
    "decryption",
    "deepgram",
    "deepseek",
    "deploy",
    "dev",
    "developer",
    "discord",
    "elevenlabs",
    "enc",
    "encrypt",
    "encryption",
    "fcm",
    "firebase",
    "gemini",
    "giphy",
    "github",
    "gitlab",
    "google",
    "gpg",
    "groq",
    "hf",
    "hmac",
    "huggingface",
    "integration",
    "jwt",
    "licence",
    "license",
    "live",
    "livekit",
    "mailgun",
    "management",
    "mapbox",
    "maps",
    "master",
    "merchant",
    "mgmt",
    "mistral",
    "mixpanel",
    "newrelic",
    "news",
    "okta",
    "onesignal",
    "openai",
    "openweather",
    "partner",
    "paypal",
    "paystack",
    "pgp",
    "pinecone",
    "plaid",
    "priv",
    "private",
    "prod",
    "pusher",
    "rapidapi",
    "razorpay",
    "replicate",
    "root",
    "rsa",
    "secret",
    "secure",
    "security",
    "sendgrid",
    "server",
    "service",
    "session",
    "shared",
    "shopify",
    "sign",
    "signature",
    "signing",
    "slack",
    "spotify",
    "ssh",
    "storage",
    "stripe",
    "subscription",
    "supabase",
    "telegram",
    "tmdb",
    "twilio",
    "unsplash",
    "weather",
    "webhook",
    "write",
    "x",
    "youtube",
];

/// Segments before `key` that make it public or not a credential at all.
const KEY_PUBLIC: &[&str] = &["anon", "pub", "public", "publishable", "site"];

/// Names (their last segments) of identifiers their provider documents as public: shipped to
/// browsers and apps, or the id half of a pair whose secret has its own name. Mixpanel's project
/// token and Amplitude's API key go into every browser SDK (their secrets are `api_secret` and
/// `secret_key`); a Pusher app key is the public half of key + secret; a Duo integration key
/// (`ikey`) names the application, its secret is the `skey`.
const PUBLIC_IDS: &[&[&str]] = &[
    &["amplitude", "api", "key"],
    &["duo", "integration", "key"],
    &["mixpanel", "project", "token"],
    &["mixpanel", "token"],
    &["pusher", "app", "key"],
];

/// Segments before `token` that make it something other than a credential.
const TOKEN_NOT_SECRET: &[&str] = &[
    "cancel",
    "cancellation",
    "continuation",
    "csrf",
    "design",
    "end",
    "eof",
    "injection",
    "lexer",
    "next",
    "page",
    "parser",
    "prev",
    "start",
    "sync",
    "syntax",
    "xsrf",
];

/// Segments before `auth` that make it a credential (`basicAuth`, `_auth` alone).
const AUTH_QUALIFIERS: &[&str] = &[
    "api", "basic", "bearer", "client", "digest", "http", "npm", "proxy", "registry", "server",
    "upstream",
];

/// Glued lowercase endings (`apikey`, `DBPASSWORD`, `jsonwebtoken`).
const GLUED: &[(&str, NameKind)] = &[
    ("password", NameKind::Password),
    ("passwd", NameKind::Password),
    ("passphrase", NameKind::Password),
    ("pwd", NameKind::Password),
    ("secret", NameKind::Secret),
    ("token", NameKind::Secret),
    ("credentials", NameKind::Secret),
    ("credential", NameKind::Secret),
    ("apikey", NameKind::Secret),
    ("secretkey", NameKind::Secret),
    ("privatekey", NameKind::Secret),
    ("accesskey", NameKind::Secret),
    ("authkey", NameKind::Secret),
    ("signingkey", NameKind::Secret),
    ("encryptionkey", NameKind::Secret),
    ("masterkey", NameKind::Secret),
    ("clientkey", NameKind::Secret),
    ("serverkey", NameKind::Secret),
    ("licensekey", NameKind::Secret),
    ("sessionkey", NameKind::Secret),
    ("hmackey", NameKind::Secret),
    ("webhookkey", NameKind::Secret),
];

/// Segments after the secret word that make the value something about the secret (its name,
/// its URL, its length, the UI field that asks for it …) rather than the secret.
const NOT_THE_SECRET: &[&str] = &[
    "abi",
    "action",
    "addr",
    "address",
    "again",
    "age",
    "alg",
    "algo",
    "algorithm",
    "amount",
    "arn",
    "at",
    "audience",
    "balance",
    "btn",
    "builder",
    "button",
    "cache",
    "callback",
    "chain",
    "changed",
    "claims",
    "class",
    "classname",
    "client",
    "col",
    "color",
    "column",
    "confirm",
    "confirmation",
    "context",
    "contract",
    "controller",
    "count",
    "created",
    "ctx",
    "date",
    "decimals",
    "desc",
    "description",
    "dialog",
    "digest",
    "dir",
    "disabled",
    "domain",
    "dto",
    "duration",
    "enable",
    "enabled",
    "endpoint",
    "endpoints",
    "entity",
    "env",
    "error",
    "errors",
    "event",
    "exists",
    "exp",
    "expiration",
    "expired",
    "expires",
    "expiry",
    "factory",
    "field",
    "fields",
    "file",
    "filename",
    "filepath",
    "folder",
    "form",
    "format",
    "generated",
    "generator",
    "get",
    "guard",
    "handler",
    "has",
    "hash",
    "hashed",
    "header",
    "help",
    "helper",
    "hide",
    "hint",
    "hints",
    "holder",
    "host",
    "icon",
    "id",
    "ids",
    "idx",
    "index",
    "input",
    "interceptor",
    "interval",
    "is",
    "issuer",
    "key",
    "keys",
    "kind",
    "label",
    "last",
    "len",
    "length",
    "lifetime",
    "list",
    "listener",
    "location",
    "lookup",
    "manager",
    "map",
    "mask",
    "masked",
    "max",
    "message",
    "method",
    "mgr",
    "middleware",
    "min",
    "mock",
    "modal",
    "mode",
    "model",
    "module",
    "msg",
    "name",
    "names",
    "network",
    "options",
    "page",
    "param",
    "parameter",
    "parser",
    "path",
    "pattern",
    "payload",
    "placeholder",
    "policies",
    "policy",
    "prefix",
    "preview",
    "price",
    "provider",
    "providers",
    "ref",
    "reference",
    "refresh",
    "regex",
    "regexp",
    "repeat",
    "request",
    "required",
    "reset",
    "response",
    "retype",
    "reveal",
    "rotate",
    "rotation",
    "route",
    "rule",
    "rules",
    "schema",
    "scheme",
    "scope",
    "scopes",
    "score",
    "screen",
    "selector",
    "service",
    "set",
    "show",
    "size",
    "source",
    "spec",
    "state",
    "status",
    "storage",
    "store",
    "strategy",
    "strength",
    "style",
    "subtitle",
    "suffix",
    "supply",
    "symbol",
    "table",
    "text",
    "time",
    "timeout",
    "timestamp",
    "title",
    "toggle",
    "tooltip",
    "ttl",
    "type",
    "types",
    "ui",
    "updated",
    "uri",
    "url",
    "urls",
    "usage",
    "used",
    "util",
    "utils",
    "valid",
    "validation",
    "validator",
    "var",
    "variable",
    "vault",
    "verify",
    "version",
    "view",
    "visibility",
    "visible",
    "widget",
];

/// First segments that make the whole name a question or an action about the secret
/// (`isPasswordVisible`, `forgotPassword`, `onTokenChange`).
const NOT_A_VALUE_PREFIX: &[&str] = &[
    "allow", "can", "change", "check", "confirm", "disable", "enable", "enter", "fetch", "forgot",
    "get", "handle", "has", "hide", "invalid", "is", "load", "max", "min", "missing", "needs",
    "no", "on", "repeat", "require", "requires", "reset", "retype", "set", "should", "show",
    "toggle", "use", "validate", "verify", "without", "wrong",
];

/// Classifies a name; `None` when it does not announce a secret.
///
/// ```
/// use keylint_scan::generic::name::{classify, NameKind};
/// assert_eq!(classify("liveKitApiSecret"), Some(NameKind::Secret));
/// assert_eq!(classify("DB_PASSWORD"), Some(NameKind::Password));
/// assert_eq!(classify("Authorization"), Some(NameKind::Authorization));
/// assert_eq!(classify("keyCode"), None);
/// assert_eq!(classify("authDomain"), None);
/// ```
pub fn classify(name: &str) -> Option<NameKind> {
    let mut lower = [0u8; MAX_NAME_LEN];
    let bytes = name.as_bytes();
    if bytes.is_empty() || bytes.len() > MAX_NAME_LEN {
        return None;
    }
    for (dst, src) in lower.iter_mut().zip(bytes) {
        *dst = src.to_ascii_lowercase();
    }
    let lower = std::str::from_utf8(&lower[..bytes.len()]).ok()?;
    let mut ranges = [(0usize, 0usize); MAX_SEGMENTS];
    let n = split(bytes, &mut ranges)?;
    let mut segs = [""; MAX_SEGMENTS];
    for (seg, &(from, to)) in segs.iter_mut().zip(&ranges[..n]) {
        *seg = &lower[from..to];
    }
    let segs = &segs[..n];
    if segs.len() > 1 && has(NOT_A_VALUE_PREFIX, segs[0]) {
        return None;
    }
    if PUBLIC_IDS.iter().any(|id| segs.ends_with(id)) {
        return None;
    }
    for i in (0..segs.len()).rev() {
        if let Some(kind) = secret_at(segs, i) {
            if segs[i + 1..].iter().any(|s| has(NOT_THE_SECRET, s)) {
                return None;
            }
            return Some(kind);
        }
    }
    None
}

/// Longest name classified.
const MAX_NAME_LEN: usize = 256;

/// Most segments in a classified name.
const MAX_SEGMENTS: usize = 12;

/// Whether sorted `set` holds `s`.
fn has(set: &[&str], s: &str) -> bool {
    set.binary_search(&s).is_ok()
}

fn secret_at(segs: &[&str], i: usize) -> Option<NameKind> {
    let s = segs[i];
    let prev = i.checked_sub(1).map(|p| segs[p]);
    match s {
        "secret" | "secrets" | "credential" | "credentials" | "creds" | "cred" => {
            Some(NameKind::Secret)
        }
        "token" => (!prev.is_some_and(|p| has(TOKEN_NOT_SECRET, p))).then_some(NameKind::Secret),
        "password" | "passwd" | "pwd" | "passphrase" | "passcode" | "pass" => {
            Some(NameKind::Password)
        }
        "authorization" => Some(NameKind::Authorization),
        "key" => {
            let p = prev?;
            (!has(KEY_PUBLIC, p) && has(KEY_QUALIFIERS, p)).then_some(NameKind::Secret)
        }
        "auth" => match prev {
            None => Some(NameKind::Secret),
            Some(p) => has(AUTH_QUALIFIERS, p).then_some(NameKind::Secret),
        },
        _ => glued(s),
    }
}

/// `apikey`, `dbpassword`, `jsonwebtoken`: a segment ending in a secret word.
fn glued(s: &str) -> Option<NameKind> {
    if s.ends_with("keys") || s.ends_with("tokens") || s.ends_with("passwords") {
        return None;
    }
    GLUED
        .iter()
        .find(|(end, _)| s.ends_with(end))
        .map(|&(_, kind)| kind)
}

/// Segments of a name as byte ranges: separators are any non-alphanumeric byte, a
/// lowercase-to-uppercase step, an acronym's end (`APIKey` → `API`, `Key`) and digit runs
/// (`key2`). `None` when there are more than [`MAX_SEGMENTS`].
fn split(bytes: &[u8], out: &mut [(usize, usize); MAX_SEGMENTS]) -> Option<usize> {
    let mut n = 0;
    let mut push = |from: usize, to: usize| -> Option<()> {
        if to > from {
            *out.get_mut(n)? = (from, to);
            n += 1;
        }
        Some(())
    };
    let mut start: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            if let Some(s) = start.take() {
                push(s, i)?;
            }
            continue;
        }
        let Some(s) = start else {
            start = Some(i);
            continue;
        };
        let prev = bytes[i - 1];
        let boundary = (prev.is_ascii_lowercase() && b.is_ascii_uppercase())
            || (prev.is_ascii_digit() != b.is_ascii_digit())
            || (prev.is_ascii_uppercase()
                && b.is_ascii_uppercase()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_lowercase));
        if boundary {
            push(s, i)?;
            start = Some(i);
        }
    }
    if let Some(s) = start {
        push(s, bytes.len())?;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_lower(name: &str) -> Vec<String> {
        let mut ranges = [(0, 0); MAX_SEGMENTS];
        let n = split(name.as_bytes(), &mut ranges).unwrap();
        ranges[..n]
            .iter()
            .map(|&(a, b)| name[a..b].to_ascii_lowercase())
            .collect()
    }

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [
            KEY_QUALIFIERS,
            KEY_PUBLIC,
            TOKEN_NOT_SECRET,
            AUTH_QUALIFIERS,
            NOT_THE_SECRET,
            NOT_A_VALUE_PREFIX,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }

    #[test]
    fn splits() {
        assert_eq!(
            split_lower("liveKitAPISecret2"),
            ["live", "kit", "api", "secret", "2"]
        );
        assert_eq!(split_lower("x-api-key"), ["x", "api", "key"]);
        assert_eq!(
            split_lower("process.env.API_KEY"),
            ["process", "env", "api", "key"]
        );
        assert_eq!(split_lower("$apiKey"), ["api", "key"]);
    }

    #[test]
    fn secret_names() {
        for (name, kind) in [
            ("liveKitApiSecret", NameKind::Secret),
            ("LIVEKIT_API_SECRET", NameKind::Secret),
            ("apiKey", NameKind::Secret),
            ("APIKey", NameKind::Secret),
            ("API_KEY_PROD", NameKind::Secret),
            ("API_KEY_OPENAI", NameKind::Secret),
            ("apikey", NameKind::Secret),
            ("x-api-key", NameKind::Secret),
            ("client_secret", NameKind::Secret),
            ("SECRET_KEY_BASE", NameKind::Secret),
            ("accessToken", NameKind::Secret),
            ("GITHUB_TOKEN", NameKind::Secret),
            ("X-Auth-Token", NameKind::Secret),
            ("_auth", NameKind::Secret),
            ("basicAuth", NameKind::Secret),
            ("ENCRYPTION_KEY", NameKind::Secret),
            ("privateKey", NameKind::Secret),
            ("signing_key", NameKind::Secret),
            ("STRIPE_KEY", NameKind::Secret),
            ("credentials", NameKind::Secret),
            ("password", NameKind::Password),
            ("DB_PASS", NameKind::Password),
            ("spring.datasource.password", NameKind::Password),
            ("MYSQLPASSWORD", NameKind::Password),
            ("newPassword", NameKind::Password),
            ("MIXPANEL_API_SECRET", NameKind::Secret),
            ("AMPLITUDE_SECRET_KEY", NameKind::Secret),
            ("DUO_SECRET_KEY", NameKind::Secret),
            ("PUSHER_APP_SECRET", NameKind::Secret),
            ("Authorization", NameKind::Authorization),
            ("Proxy-Authorization", NameKind::Authorization),
        ] {
            assert_eq!(classify(name), Some(kind), "{name}");
        }
    }

    #[test]
    fn not_secret_names() {
        for name in [
            "key",
            "keys",
            "keyboard",
            "keyCode",
            "monkey",
            "tokenizer",
            "tokens",
            "passwordField",
            "passwordPlaceholder",
            "secretary",
            "authDomain",
            "apiKeyName",
            "API_KEY_ENV",
            "publicKey",
            "publishableKey",
            "SUPABASE_ANON_KEY",
            "cacheKey",
            "queryKey",
            "TOKEN_TYPE",
            "tokenUrl",
            "nextPageToken",
            "csrfToken",
            "isPasswordVisible",
            "forgotPassword",
            "secretName",
            "secretKeyRef",
            "bypass",
            "compass",
            "passport",
            "FirebaseAuth",
            "oauth2",
            "keyId",
            "accessKeyId",
            "tokenKey",
            "password_hash",
            "min_password_length",
            "LIVEKIT_KEYS",
            "devkey",
            "NEXT_PUBLIC_MIXPANEL_TOKEN",
            "mixpanelProjectToken",
            "NEXT_PUBLIC_AMPLITUDE_API_KEY",
            "DUO_INTEGRATION_KEY",
            "PUSHER_APP_KEY",
        ] {
            assert_eq!(classify(name), None, "{name}");
        }
    }
}
