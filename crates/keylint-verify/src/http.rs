//! The one HTTP client: TLS with certificate verification (rustls, webpki roots), no proxy
//! from the environment, no redirect followed, a timeout on every request, bodies capped. Its
//! errors never carry text from the HTTP library (which may echo a URL holding a secret): they
//! are mapped to a [`Reason`].

use std::net::SocketAddr;
use std::time::Duration;

use ureq::config::Config;
use ureq::tls::{RootCerts, TlsConfig};
use ureq::unversioned::resolver::{ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use crate::Reason;
use crate::guard::{self, Refusal};

/// Largest response body read (identity extraction needs only the start of it).
const BODY_LIMIT: u64 = 64 * 1024;

/// A request to send: everything a verifier decides. No `Debug`: it holds the secret.
#[derive(Default)]
pub struct Request {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// Full URL. May hold the secret (Telegram): it is never shown.
    pub url: String,
    /// Headers, the credential's among them.
    pub headers: Vec<(String, String)>,
    /// Body of a `POST`.
    pub body: Option<String>,
    /// The host came from scanned text: resolve it once and refuse non-public addresses.
    pub untrusted_host: bool,
}

/// What came back.
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Response headers (names lowercase).
    pub headers: Vec<(String, String)>,
    /// The start of the body, as text.
    pub body: String,
}

impl Reply {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (`Null` when it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_default()
    }
}

/// The client: one agent for the providers' fixed hosts, one per request to a host from text.
#[derive(Debug)]
pub struct Client {
    fixed: ureq::Agent,
    timeout: Duration,
    allow_private: bool,
    roots: RootCerts,
}

impl Client {
    /// A client whose requests each take at most `options.timeout`, trusting `options`' roots.
    pub fn new(options: &crate::Options) -> Client {
        let roots = options.roots();
        Client {
            fixed: ureq::Agent::new_with_config(config(options.timeout, &roots)),
            timeout: options.timeout,
            allow_private: options.allow_private,
            roots,
        }
    }

    /// Sends `request`.
    pub fn send(&self, request: &Request) -> Result<Reply, Reason> {
        let agent;
        let agent = if request.untrusted_host {
            let uri: ureq::http::Uri = request.url.parse().map_err(|_| Reason::BadUrl)?;
            let host = uri.host().ok_or(Reason::BadUrl)?;
            let https = uri.scheme_str() == Some("https");
            if !https && !self.allow_private {
                return Err(Reason::NotHttps);
            }
            let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
            let addrs = guard::resolve_checked(host, port, self.timeout, self.allow_private)
                .map_err(|r| match r {
                    Refusal::Unresolved => Reason::Offline,
                    Refusal::Address(class) => Reason::RefusedAddress(class),
                })?;
            agent = ureq::Agent::with_parts(
                config(self.timeout, &self.roots),
                DefaultConnector::default(),
                Checked(addrs),
            );
            &agent
        } else {
            &self.fixed
        };
        let result = if request.method == "POST" {
            let mut builder = agent.post(&request.url);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            builder.send(request.body.as_deref().unwrap_or(""))
        } else {
            let mut builder = agent.get(&request.url);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            builder.call()
        };
        let mut response = result.map_err(|e| reason_of(&e))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .collect();
        let body = response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_string()
            .unwrap_or_default();
        Ok(Reply {
            status,
            headers,
            body,
        })
    }
}

/// The agent settings every request uses; TLS verifies certificates against `roots`.
fn config(timeout: Duration, roots: &RootCerts) -> Config {
    Config::builder()
        .tls_config(TlsConfig::builder().root_certs(roots.clone()).build())
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .https_only(false)
        .user_agent(concat!("keylint/", env!("CARGO_PKG_VERSION"), " (verify)"))
        .build()
}

/// The error's kind, never its text.
fn reason_of(error: &ureq::Error) -> Reason {
    match error {
        ureq::Error::Timeout(_) => Reason::Timeout,
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => Reason::Offline,
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => Reason::Timeout,
            std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionReset
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::NotConnected
            | std::io::ErrorKind::AddrNotAvailable
            | std::io::ErrorKind::NetworkUnreachable
            | std::io::ErrorKind::HostUnreachable
            | std::io::ErrorKind::NetworkDown => Reason::Offline,
            // The TLS stream reports a handshake or certificate failure as invalid data.
            std::io::ErrorKind::InvalidData => Reason::Tls,
            _ => Reason::Transport,
        },
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => Reason::Tls,
        _ => Reason::Transport,
    }
}

/// The addresses the guard checked, handed to the connector as they are: no second lookup.
#[derive(Debug)]
struct Checked(Vec<SocketAddr>);

impl Resolver for Checked {
    fn resolve(
        &self,
        _uri: &ureq::http::Uri,
        _config: &Config,
        _timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let mut out = self.empty();
        for addr in self.0.iter().take(16) {
            out.push(*addr);
        }
        if out.is_empty() {
            return Err(ureq::Error::HostNotFound);
        }
        Ok(out)
    }
}
