//! Opt-in live verification: is a found key live? Each provider's own fixed HTTPS host is asked
//! a read-only question with the key (list models, who am I …), and the answer becomes a
//! [`Verification`] on the finding: `live`, `invalid`, or `unknown` with the reason.
//!
//! Nothing here runs unless the user asks (`--verify`, `keylint verify`, `[verify] enabled`).
//! Safety: TLS with certificate verification (rustls), no redirect followed, no proxy from the
//! environment, a timeout per request and a budget per run, a few workers and at most two
//! requests at once per host, each secret asked once per run; a host taken from scanned text
//! (a `LiveKit` server URL) must resolve to public addresses ([`guard`]). No error text of the
//! HTTP library is kept (it may echo a URL that holds a secret). The library never prints.
//!
//! ```
//! use keylint_verify::{providers, provider_for_rule};
//! assert!(providers().len() >= 25);
//! assert_eq!(provider_for_rule("openai-project-key").map(|p| p.name), Some("openai"));
//! ```
#![deny(missing_docs)]

mod aws;
mod flags;
pub mod guard;
mod http;
mod livekit;
mod pace;
mod providers;
mod run;
#[cfg(any(test, feature = "test-endpoints"))]
pub mod standin;
#[cfg(test)]
mod tests;

use std::time::Duration;

pub use flags::{Flags, overall, read_value};
pub use keylint_core::{Verification, VerifyStatus};
pub use providers::{Provider, provider_for_rule, providers};
pub use run::{verify_findings, verify_value};

/// Settings of one verification run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Longest wait for one request (connect, send, answer).
    pub timeout: Duration,
    /// Longest the whole run may take; jobs not started by then are `unknown: budget`.
    pub budget: Duration,
    /// Worker threads (requests in flight at once, over all hosts).
    pub workers: usize,
    /// Provider names not to ask (`[verify] skip`).
    pub skip: Vec<String>,
    /// Allow hosts from scanned text that resolve to private, loopback … addresses, and plain
    /// `http` to them (`--verify-allow-private`, for a `LiveKit` server on the local network).
    pub allow_private: bool,
    /// Test builds only: the base URL (`http://127.0.0.1:PORT`) that stands in for every
    /// provider's fixed host. Absent from release builds.
    #[cfg(any(test, feature = "test-endpoints"))]
    pub endpoint_override: Option<String>,
    /// Test builds only: a CA certificate (DER) trusted instead of the webpki roots, so an HTTPS
    /// stand-in with a certificate made at test time can be verified. Absent from release
    /// builds, whose only roots are the webpki ones.
    #[cfg(any(test, feature = "test-endpoints"))]
    pub test_ca: Option<Vec<u8>>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            timeout: Duration::from_secs(10),
            budget: Duration::from_secs(120),
            workers: 4,
            skip: Vec::new(),
            allow_private: false,
            #[cfg(any(test, feature = "test-endpoints"))]
            endpoint_override: None,
            #[cfg(any(test, feature = "test-endpoints"))]
            test_ca: None,
        }
    }
}

/// The environment variable that, in test builds only, points every provider's fixed host at a
/// stand-in server (`http://127.0.0.1:PORT`). A release build does not contain this name.
#[cfg(any(test, feature = "test-endpoints"))]
pub const TEST_ENDPOINT_VAR: &str = "KEYLINT_TEST_VERIFY_BASE";

/// The environment variable that, in test builds only, names a CA certificate file (DER) to
/// trust instead of the webpki roots (the HTTPS stand-in's). A release build does not contain
/// this name.
#[cfg(any(test, feature = "test-endpoints"))]
pub const TEST_CA_VAR: &str = "KEYLINT_TEST_VERIFY_CA";

impl Options {
    /// The options of `[verify]` with the command line's `timeout` (seconds) and
    /// `allow_private` over it. A provider in `skip` that does not exist is an error naming it.
    pub fn from_config(
        config: &keylint_core::config::VerifyConfig,
        timeout: Option<u64>,
        allow_private: bool,
    ) -> Result<Options, String> {
        let mut skip = Vec::new();
        for name in &config.skip {
            let name = name.get_ref();
            if !providers().iter().any(|p| p.name == name) {
                let known: Vec<&str> = providers().iter().map(|p| p.name).collect();
                return Err(format!(
                    "[verify] skip: no provider `{name}` (one of: {})",
                    known.join(", ")
                ));
            }
            skip.push(name.clone());
        }
        let defaults = Options::default();
        Ok(Options {
            timeout: timeout
                .or(config.timeout)
                .map_or(defaults.timeout, Duration::from_secs),
            skip,
            allow_private,
            ..defaults
        }
        .with_test_endpoints())
    }

    /// Test builds: takes the stand-in base URL from [`TEST_ENDPOINT_VAR`] and the CA to trust
    /// from [`TEST_CA_VAR`]. Other builds: the options unchanged (there is no override to set).
    #[must_use]
    pub fn with_test_endpoints(self) -> Options {
        #[cfg(any(test, feature = "test-endpoints"))]
        {
            let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
            let mut options = self;
            if let Some(base) = var(TEST_ENDPOINT_VAR) {
                options.endpoint_override = Some(base);
            }
            if let Some(path) = var(TEST_CA_VAR) {
                options.test_ca = std::fs::read(path).ok();
            }
            options
        }
        #[cfg(not(any(test, feature = "test-endpoints")))]
        self
    }

    /// The certificates TLS trusts: the webpki roots, or in test builds the test CA when set.
    #[cfg_attr(not(any(test, feature = "test-endpoints")), allow(clippy::unused_self))]
    fn roots(&self) -> ureq::tls::RootCerts {
        #[cfg(any(test, feature = "test-endpoints"))]
        if let Some(der) = &self.test_ca {
            let cert = ureq::tls::Certificate::from_der(der).to_owned();
            return ureq::tls::RootCerts::Specific(std::sync::Arc::new(vec![cert]));
        }
        ureq::tls::RootCerts::WebPki
    }

    #[cfg_attr(not(any(test, feature = "test-endpoints")), allow(clippy::unused_self))]
    /// The base URL of a provider's fixed `host`: `https://host`, or the test stand-in.
    fn base(&self, host: &str) -> String {
        #[cfg(any(test, feature = "test-endpoints"))]
        if let Some(base) = &self.endpoint_override {
            return base.clone();
        }
        format!("https://{host}")
    }
}

/// Why a verification ended `unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The host did not resolve or refused the connection.
    Offline,
    /// No answer within the timeout.
    Timeout,
    /// The provider said "too many requests" (this run asks that host no more).
    RateLimited,
    /// The provider said "too many requests, ask again after this long" (`Retry-After`): the
    /// run waits once if that fits its budget, else it is [`Reason::RateLimited`].
    RetryAfter(Duration),
    /// No verifier for this rule, or a part it needs is missing (named).
    Unsupported(&'static str),
    /// The host from the scanned text resolves to a non-public address (class named).
    RefusedAddress(&'static str),
    /// A host from scanned text without TLS (allowed only with `--verify-allow-private`).
    NotHttps,
    /// A URL from scanned text that does not parse.
    BadUrl,
    /// The provider answered with a redirect, which is never followed.
    Redirect,
    /// An answer that says neither live nor invalid (status given).
    Unexpected(u16),
    /// The run's total budget was spent before this secret's turn.
    Budget,
    /// The provider is listed in `[verify] skip`.
    Skipped,
    /// TLS failed (certificate not trusted, handshake).
    Tls,
    /// Another transport failure.
    Transport,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Offline => f.write_str("offline"),
            Reason::Timeout => f.write_str("timeout"),
            Reason::RateLimited | Reason::RetryAfter(_) => f.write_str("rate-limited"),
            Reason::Unsupported(what) => write!(f, "unsupported ({what})"),
            Reason::RefusedAddress(class) => write!(f, "refused-address ({class})"),
            Reason::NotHttps => f.write_str("refused-address (not https)"),
            Reason::BadUrl => f.write_str("unsupported (server URL does not parse)"),
            Reason::Redirect => f.write_str("redirect-not-followed"),
            Reason::Unexpected(status) => write!(f, "unexpected-status ({status})"),
            Reason::Budget => f.write_str("budget-spent"),
            Reason::Skipped => f.write_str("skipped ([verify] skip)"),
            Reason::Tls => f.write_str("tls-error"),
            Reason::Transport => f.write_str("transport-error"),
        }
    }
}

/// What a verifier concluded from an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Accepted, with what the key reaches when the answer says so.
    Live(Option<String>),
    /// Rejected.
    Invalid,
}
