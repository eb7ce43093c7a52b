//! Well-known development credentials: values published by emulators and local stacks (Azurite's
//! account key, Supabase's local demo JWTs, `LiveKit`'s `devkey: secret`, `MinIO`'s `minioadmin`,
//! `RabbitMQ`'s `guest:guest`, `postgres:postgres@localhost` …). Everybody knows them, so they
//! protect nothing; where they point at the developer's own machine or a compose service they
//! are not a leak, and where they point at a real host they are a weak-credential error.
//!
//! ```
//! use keylint_scan::devcred::{recognise, Use};
//! let line = "DATABASE_URL=postgres://postgres:postgres@localhost:5432/app"; // keylint:allow
//! let dev = recognise("postgres", line, "backend/.env").unwrap();
//! assert_eq!(dev.used, Use::Local);
//! let prod = "DATABASE_URL=postgres://postgres:postgres@db.acme.io:5432/app"; // keylint:allow
//! assert_eq!(recognise("postgres", prod, "backend/.env").unwrap().used, Use::Remote("db.acme.io".into()));
//! assert!(recognise("Kx9mQ2vL!p7", line, "backend/.env").is_none());
//! ```

use crate::generic::value::base64_decode;

/// A value recognised as a well-known development credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevCredential {
    /// What it is, for the finding's message (`Azurite storage emulator's published account key`).
    pub what: &'static str,
    /// Where it is used.
    pub used: Use,
}

/// Where a development credential is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Use {
    /// No host, a loopback or private host, or a compose/Kubernetes service name.
    Local,
    /// A host that looks public (named), or a production-looking file: the credential protects
    /// something real.
    Remote(String),
}

/// CRC-32 and length of the Azurite storage emulator's published account key (documented by
/// Microsoft for `devstoreaccount1`); kept as a checksum so this file holds no key-shaped text.
const AZURITE_KEY: (u32, usize) = (0xb4cb_d586, 88);

/// Default passwords of local database, broker and object-store containers, used with a user
/// of the same name or alone (`POSTGRES_PASSWORD: postgres`).
const DEFAULT_PASSWORDS: &[(&str, &str)] = &[
    (
        "postgres",
        "PostgreSQL container default password `postgres`",
    ),
    ("mysql", "MySQL container default password"),
    ("root", "database container default password `root`"),
    ("password", "default password `password`"),
    ("guest", "RabbitMQ's default `guest:guest` account"),
    ("minioadmin", "MinIO's default `minioadmin` credentials"),
    ("admin", "default `admin` password"),
    ("secret", "default password `secret`"),
    (
        "example",
        "Docker Hub image documentation's `example` password",
    ),
    ("mongo", "MongoDB container example password"),
    ("mongodb", "MongoDB container example password"),
    ("pass", "default password `pass`"),
    ("changeme", "default password `changeme`"),
];

/// A provider's published development credentials: the key pair its local server accepts out
/// of the box (`livekit-server --dev` runs with `devkey: secret`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DevDefault {
    /// The provider, as the `.env` checks name it (`LiveKit`).
    pub provider: &'static str,
    /// The development API key (`devkey`).
    pub key: &'static str,
    /// The secret that goes with it (`secret`).
    pub secret: &'static str,
    /// The command or setup that uses them (`livekit-server --dev`).
    pub source: &'static str,
    /// What the pair is, for a finding's message.
    pub what: &'static str,
}

/// Every provider development default: the one list that the scanner (a dev secret on a line
/// with its key) and the `.env` format check (a variable holding the dev key) read.
pub const DEV_DEFAULTS: &[DevDefault] = &[DevDefault {
    provider: "LiveKit",
    key: "devkey",
    secret: "secret",
    source: "livekit-server --dev",
    what: "LiveKit's development key pair `devkey: secret`",
}];

/// The development default of `provider` whose key is exactly `value`.
///
/// ```
/// use keylint_scan::devcred::dev_default;
/// assert_eq!(dev_default("LiveKit", "devkey").unwrap().source, "livekit-server --dev");
/// assert!(dev_default("LiveKit", "DevKey").is_none());
/// assert!(dev_default("OpenAI", "devkey").is_none());
/// ```
pub fn dev_default(provider: &str, value: &str) -> Option<&'static DevDefault> {
    DEV_DEFAULTS
        .iter()
        .find(|d| d.provider == provider && value == d.key)
}

/// Whether `secret`, found on `line` of the file at `path`, is a well-known development
/// credential, and where it is used.
pub fn recognise(secret: &str, line: &str, path: &str) -> Option<DevCredential> {
    let what = identify(secret, line)?;
    let used = if let Some(host) = host_after(secret, line).filter(|h| !is_local_host(h)) {
        Use::Remote(host.to_owned())
    } else if is_production_path(path) {
        Use::Remote(path.to_owned())
    } else {
        Use::Local
    };
    Some(DevCredential { what, used })
}

fn identify(secret: &str, line: &str) -> Option<&'static str> {
    if secret.len() == AZURITE_KEY.1 && crc32fast::hash(secret.as_bytes()) == AZURITE_KEY.0 {
        return Some("the Azurite storage emulator's published account key");
    }
    if is_supabase_demo_jwt(secret) {
        return Some("a Supabase local development (`supabase-demo`) key");
    }
    let lower_line = line.to_ascii_lowercase();
    if let Some(dev) = DEV_DEFAULTS
        .iter()
        .find(|d| secret == d.secret && lower_line.contains(d.key))
    {
        return Some(dev.what);
    }
    let lower = secret.to_ascii_lowercase();
    DEFAULT_PASSWORDS
        .iter()
        .find(|(password, _)| lower == *password)
        .map(|(_, what)| *what)
}

/// A JWT whose payload says `"iss": "supabase-demo"`: the keys `supabase start` prints, signed
/// with the local stack's published JWT secret.
fn is_supabase_demo_jwt(secret: &str) -> bool {
    let mut parts = secret.split('.');
    let (Some(header), Some(payload)) = (parts.next(), parts.next()) else {
        return false;
    };
    header.starts_with("eyJ")
        && base64_decode(payload)
            .is_some_and(|json| json.replace(' ', "").contains("\"iss\":\"supabase-demo\""))
}

/// The host right after the secret when it is a URL's password (`…:secret@host:port/…`).
fn host_after<'a>(secret: &str, line: &'a str) -> Option<&'a str> {
    let at = line.find(&format!("{secret}@"))? + secret.len() + 1;
    let rest = &line[at..];
    let end = rest
        .find(|c: char| {
            matches!(
                c,
                '/' | ':' | '?' | '#' | '"' | '\'' | '`' | ' ' | '>' | ',' | ';' | ')'
            )
        })
        .unwrap_or(rest.len());
    Some(&rest[..end]).filter(|h| !h.is_empty())
}

/// Loopback, private, link-local and `.local`/`.internal`/`.test`/`example` hosts, and
/// single-label names (a compose or Kubernetes service: `db`, `postgres`).
fn is_local_host(host: &str) -> bool {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    if !host.contains('.') || host == "::1" {
        return true;
    }
    if let Ok(ip) = host.parse::<std::net::Ipv4Addr>() {
        return ip.is_loopback() || ip.is_private() || ip.is_link_local() || ip.is_unspecified();
    }
    [
        ".local",
        ".localhost",
        ".internal",
        ".test",
        ".example",
        ".svc",
        ".cluster.local",
    ]
    .iter()
    .any(|suffix| host.ends_with(suffix))
        || host.starts_with("localhost")
        || host == "host.docker.internal"
        || host.ends_with("example.com")
        || host.ends_with("example.org")
}

/// `config/production.env`, `deploy/prod/values.yaml`: files that configure a real deployment.
pub(crate) fn is_production_path(path: &str) -> bool {
    path.to_ascii_lowercase()
        .split(['/', '.', '-', '_'])
        .any(|part| part == "prod" || part == "production")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for host in [
            "localhost",
            "127.0.0.1",
            "db",
            "postgres",
            "10.0.0.5",
            "[::1]",
            "host.docker.internal",
            "api.example.com",
        ] {
            assert!(is_local_host(host), "{host}");
        }
        for host in [
            "db.acme.io",
            "8.8.8.8",
            "prod-db.eu-west-1.rds.amazonaws.com",
        ] {
            assert!(!is_local_host(host), "{host}");
        }
    }

    #[test]
    fn url_host_after_the_password() {
        let line = "url: mongodb://root:example@mongo.acme.io:27017/db";
        assert_eq!(host_after("example", line), Some("mongo.acme.io"));
        assert_eq!(host_after("example", "MONGO_PASSWORD=example"), None);
    }

    #[test]
    fn production_paths() {
        assert!(is_production_path("deploy/prod/values.yaml"));
        assert!(is_production_path("config/.env.production"));
        assert!(!is_production_path("products/config.yaml"));
    }

    #[test]
    fn defaults_alone_and_devkey() {
        assert!(
            recognise(
                "minioadmin",
                "MINIO_ROOT_PASSWORD: minioadmin",
                "compose.yaml"
            )
            .is_some()
        );
        assert!(recognise("secret", "LIVEKIT_KEYS: \"devkey: secret\"", "compose.yaml").is_some());
        // Assembled: the repository's self-scan must not see a password here.
        let random = ["Kx9mQ2v", "Lp7Rt"].concat();
        assert!(recognise(&random, &format!("PASSWORD={random}"), ".env").is_none());
    }
}
