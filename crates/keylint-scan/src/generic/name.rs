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

/// Segments before `key` that make it a credential (`apiKey`, `secret_key`, `STRIPE_KEY`).
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "access",
    "secret",
    "private",
    "priv",
    "signing",
    "sign",
    "signature",
    "encryption",
    "encrypt",
    "enc",
    "decryption",
    "crypto",
    "cipher",
    "aes",
    "hmac",
    "jwt",
    "master",
    "app",
    "client",
    "server",
    "service",
    "auth",
    "license",
    "licence",
    "admin",
    "session",
    "account",
    "storage",
    "webhook",
    "consumer",
    "subscription",
    "shared",
    "deploy",
    "ssh",
    "root",
    "rsa",
    "pgp",
    "gpg",
    "write",
    "management",
    "mgmt",
    "integration",
    "partner",
    "merchant",
    "secure",
    "security",
    "developer",
    "dev",
    "prod",
    "live",
    "backend",
    "x",
    // Services whose name alone before `key` means their API key.
    "openai",
    "anthropic",
    "claude",
    "gemini",
    "deepseek",
    "groq",
    "mistral",
    "cohere",
    "livekit",
    "stripe",
    "twilio",
    "sendgrid",
    "mailgun",
    "mapbox",
    "algolia",
    "pusher",
    "agora",
    "google",
    "maps",
    "azure",
    "aws",
    "youtube",
    "giphy",
    "tmdb",
    "rapidapi",
    "shopify",
    "paypal",
    "slack",
    "discord",
    "telegram",
    "github",
    "gitlab",
    "huggingface",
    "hf",
    "replicate",
    "elevenlabs",
    "deepgram",
    "assemblyai",
    "pinecone",
    "supabase",
    "cloudinary",
    "datadog",
    "newrelic",
    "mixpanel",
    "onesignal",
    "razorpay",
    "paystack",
    "braintree",
    "plaid",
    "okta",
    "auth0",
    "bing",
    "unsplash",
    "spotify",
    "firebase",
    "fcm",
    "openweather",
    "weather",
    "news",
];

/// Segments before `key` that make it public or not a credential at all.
const KEY_PUBLIC: &[&str] = &["public", "publishable", "pub", "anon", "site"];

/// Segments before `token` that make it something other than a credential.
const TOKEN_NOT_SECRET: &[&str] = &[
    "page",
    "next",
    "prev",
    "continuation",
    "cancel",
    "cancellation",
    "injection",
    "csrf",
    "xsrf",
    "sync",
    "design",
    "lexer",
    "parser",
    "syntax",
    "end",
    "start",
    "eof",
];

/// Segments before `auth` that make it a credential (`basicAuth`, `_auth` alone).
const AUTH_QUALIFIERS: &[&str] = &[
    "basic", "http", "proxy", "npm", "registry", "bearer", "api", "digest", "upstream", "client",
    "server",
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
    "id",
    "ids",
    "url",
    "uri",
    "urls",
    "endpoint",
    "endpoints",
    "domain",
    "host",
    "name",
    "names",
    "type",
    "types",
    "kind",
    "mode",
    "method",
    "provider",
    "providers",
    "field",
    "fields",
    "label",
    "placeholder",
    "hint",
    "hints",
    "help",
    "tooltip",
    "length",
    "len",
    "size",
    "count",
    "min",
    "max",
    "expiry",
    "expires",
    "expiration",
    "expired",
    "exp",
    "ttl",
    "timeout",
    "lifetime",
    "age",
    "path",
    "file",
    "filename",
    "filepath",
    "dir",
    "folder",
    "location",
    "env",
    "var",
    "variable",
    "version",
    "prefix",
    "suffix",
    "regex",
    "regexp",
    "pattern",
    "format",
    "error",
    "errors",
    "message",
    "msg",
    "text",
    "title",
    "subtitle",
    "description",
    "desc",
    "button",
    "btn",
    "icon",
    "color",
    "style",
    "class",
    "classname",
    "route",
    "page",
    "screen",
    "view",
    "controller",
    "service",
    "manager",
    "store",
    "storage",
    "cache",
    "policy",
    "policies",
    "rule",
    "rules",
    "strategy",
    "visible",
    "visibility",
    "enabled",
    "enable",
    "disabled",
    "required",
    "valid",
    "validator",
    "validation",
    "input",
    "form",
    "column",
    "col",
    "table",
    "index",
    "idx",
    "ref",
    "reference",
    "arn",
    "header",
    "param",
    "parameter",
    "source",
    "hash",
    "hashed",
    "digest",
    "algorithm",
    "alg",
    "algo",
    "scheme",
    "exists",
    "changed",
    "reset",
    "confirm",
    "confirmation",
    "repeat",
    "again",
    "retype",
    "verify",
    "reveal",
    "toggle",
    "show",
    "hide",
    "key",
    "keys",
    "request",
    "response",
    "callback",
    "handler",
    "listener",
    "generator",
    "factory",
    "builder",
    "parser",
    "util",
    "utils",
    "helper",
    "interceptor",
    "middleware",
    "guard",
    "module",
    "options",
    "dto",
    "model",
    "entity",
    "schema",
    "state",
    "status",
    "event",
    "action",
    "selector",
    "context",
    "ctx",
    "payload",
    "claims",
    "issuer",
    "audience",
    "scope",
    "scopes",
    "usage",
    "used",
    "created",
    "updated",
    "at",
    "date",
    "time",
    "timestamp",
    "duration",
    "interval",
    "refresh",
    "masked",
    "mask",
    "preview",
    "last",
    "client",
    "holder",
    "mgr",
    "ui",
    "widget",
    "dialog",
    "modal",
    "spec",
    "mock",
    "generated",
    "strength",
    "score",
    "rotation",
    "rotate",
    "set",
    "get",
    "is",
    "has",
    "list",
    "map",
    "lookup",
    "vault",
];

/// First segments that make the whole name a question or an action about the secret
/// (`isPasswordVisible`, `forgotPassword`, `onTokenChange`).
const NOT_A_VALUE_PREFIX: &[&str] = &[
    "is", "has", "show", "hide", "toggle", "forgot", "reset", "change", "confirm", "validate",
    "check", "invalid", "wrong", "missing", "enter", "verify", "repeat", "retype", "min", "max",
    "get", "set", "on", "handle", "fetch", "load", "use", "no", "without", "require", "requires",
    "needs", "should", "can", "allow", "enable", "disable",
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
    let segs = split(name);
    if segs.is_empty() || segs.len() > 12 {
        return None;
    }
    if segs.len() > 1 && NOT_A_VALUE_PREFIX.contains(&segs[0].as_str()) {
        return None;
    }
    for i in (0..segs.len()).rev() {
        if let Some(kind) = secret_at(&segs, i) {
            if segs[i + 1..]
                .iter()
                .any(|s| NOT_THE_SECRET.contains(&s.as_str()))
            {
                return None;
            }
            return Some(kind);
        }
    }
    None
}

fn secret_at(segs: &[String], i: usize) -> Option<NameKind> {
    let s = segs[i].as_str();
    let prev = i.checked_sub(1).map(|p| segs[p].as_str());
    match s {
        "secret" | "secrets" | "credential" | "credentials" | "creds" | "cred" => {
            Some(NameKind::Secret)
        }
        "token" => {
            (!prev.is_some_and(|p| TOKEN_NOT_SECRET.contains(&p))).then_some(NameKind::Secret)
        }
        "password" | "passwd" | "pwd" | "passphrase" | "passcode" | "pass" => {
            Some(NameKind::Password)
        }
        "authorization" => Some(NameKind::Authorization),
        "key" => {
            let p = prev?;
            if KEY_PUBLIC.contains(&p) {
                return None;
            }
            KEY_QUALIFIERS.contains(&p).then_some(NameKind::Secret)
        }
        "auth" => match prev {
            None => Some(NameKind::Secret),
            Some(p) => AUTH_QUALIFIERS.contains(&p).then_some(NameKind::Secret),
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

/// Lowercase segments of a name: separators are any non-alphanumeric byte, a lowercase-to-
/// uppercase step, an acronym's end (`APIKey` → `api`, `key`) and digit runs (`key2`).
fn split(name: &str) -> Vec<String> {
    let bytes = name.as_bytes();
    let mut segs = Vec::new();
    let mut start: Option<usize> = None;
    let push = |segs: &mut Vec<String>, from: usize, to: usize| {
        if to > from {
            segs.push(name[from..to].to_ascii_lowercase());
        }
    };
    for (i, &b) in bytes.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            if let Some(s) = start.take() {
                push(&mut segs, s, i);
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
            push(&mut segs, s, i);
            start = Some(i);
        }
    }
    if let Some(s) = start {
        push(&mut segs, s, bytes.len());
    }
    segs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        assert_eq!(
            split("liveKitAPISecret2"),
            ["live", "kit", "api", "secret", "2"]
        );
        assert_eq!(split("x-api-key"), ["x", "api", "key"]);
        assert_eq!(
            split("process.env.API_KEY"),
            ["process", "env", "api", "key"]
        );
        assert_eq!(split("$apiKey"), ["api", "key"]);
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
        ] {
            assert_eq!(classify(name), None, "{name}");
        }
    }
}
