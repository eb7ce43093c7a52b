//! Every verifier against the loopback stand-in: live, invalid, rate limited and timed out;
//! the SSRF guard for hosts from scanned text; redirects; offline runs.

use std::time::{Duration, Instant};

use keylint_core::VerifyStatus;

use crate::run::{Job, run_jobs};
use crate::standin::{Answer, StandIn};
use crate::{Options, providers};

/// A synthetic secret for tests, built at run time.
fn secret() -> String {
    format!("test-{}", "Zq8Lx3Rf".repeat(5))
}

/// The partner for pair providers.
fn partner(provider: &str) -> Option<String> {
    match provider {
        "aws" => Some(format!("AKIA{}", "TESTTESTTEST1234")),
        "livekit" => Some("APItestkey0001".into()),
        "twilio" => Some(format!("SK{}", "0123456789abcdef".repeat(2))),
        _ => None,
    }
}

/// What the stand-in answers for a live key and for a dead one, per provider.
fn answers(provider: &str) -> (Answer, Answer) {
    let reply = |status, body: &str| Answer::Reply(status, "", body.to_owned());
    let live = match provider {
        "slack" => reply(200, r#"{"ok":true,"team":"Acme","user":"bot"}"#),
        "datadog" => reply(200, r#"{"valid":true}"#),
        "cloudflare" => reply(200, r#"{"result":{"status":"active"}}"#),
        "linear" => reply(200, r#"{"data":{"viewer":{"name":"Ada"}}}"#),
        "github" => Answer::Reply(
            200,
            "X-OAuth-Scopes: repo, gist\r\n",
            r#"{"login":"octo"}"#.into(),
        ),
        "aws" => reply(
            200,
            "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/ci</Arn></GetCallerIdentityResult>",
        ),
        _ => reply(200, "{}"),
    };
    let dead = match provider {
        "slack" => reply(200, r#"{"ok":false,"error":"invalid_auth"}"#),
        "gemini" | "linear" => reply(400, "{}"),
        "telegram" => reply(404, "{}"),
        "sendgrid" | "vercel" | "aws" | "datadog" => reply(403, "{}"),
        _ => reply(401, "{}"),
    };
    (live, dead)
}

fn options(base: &str) -> Options {
    Options {
        timeout: Duration::from_millis(800),
        workers: 4,
        allow_private: true,
        endpoint_override: Some(base.to_owned()),
        ..Options::default()
    }
}

fn job(provider: &'static str, base: &str) -> Job {
    Job {
        provider,
        secret: secret(),
        partner: partner(provider),
        url: (provider == "livekit").then(|| base.replace("http://", "ws://")),
    }
}

fn verify_one(provider: &'static str, answer: Answer) -> (keylint_core::Verification, StandIn) {
    let server = StandIn::start(move |_| answer.clone());
    let v = run_jobs(&[job(provider, &server.base)], &options(&server.base)).remove(0);
    (v, server)
}

#[test]
fn every_verifier_tells_live_from_invalid_and_says_why_when_unknown() {
    assert!(providers().len() >= 25, "{}", providers().len());
    for p in providers() {
        let (live, dead) = answers(p.name);
        let (v, server) = verify_one(p.name, live);
        assert_eq!(v.status, VerifyStatus::Live, "{}: {v:?}", p.name);
        assert_eq!(v.provider, p.name);
        assert!(v.docs.starts_with("https://"), "{}", p.name);
        let seen = server.requests();
        assert_eq!(seen.len(), 1, "{}: one request", p.name);
        let sent = format!(
            "{} {}\n{}{}",
            seen[0].method, seen[0].path, seen[0].head, seen[0].body
        );
        match p.name {
            // Pair providers sign with the secret; it never travels.
            "aws" | "livekit" => assert!(!sent.contains(&secret()), "{}: {sent}", p.name),
            "mailgun" | "twilio" => assert!(sent.contains("authorization: Basic "), "{sent}"),
            _ => assert!(sent.contains(&secret()), "{}: {sent}", p.name),
        }
        if p.name == "telegram" {
            assert!(
                seen[0].path.contains(&secret()),
                "Telegram takes it in the path only"
            );
        } else {
            assert!(
                !seen[0].path.contains(&secret()),
                "{}: secret in the URL",
                p.name
            );
        }
        let (v, _) = verify_one(p.name, dead);
        assert_eq!(v.status, VerifyStatus::Invalid, "{}: {v:?}", p.name);
        let (v, _) = verify_one(p.name, Answer::Reply(429, "", "{}".into()));
        assert_eq!(v.reason.as_deref(), Some("rate-limited"), "{}", p.name);
        let (v, _) = verify_one(p.name, Answer::Hang(Duration::from_secs(2)));
        assert_eq!(v.reason.as_deref(), Some("timeout"), "{}", p.name);
    }
}

#[test]
fn identities_come_from_the_answer() {
    let (v, _) = verify_one("github", answers("github").0);
    assert_eq!(v.identity.as_deref(), Some("login octo; scopes repo, gist"));
    let (v, _) = verify_one("aws", answers("aws").0);
    assert_eq!(
        v.identity.as_deref(),
        Some("arn arn:aws:iam::123456789012:user/ci")
    );
    let (v, _) = verify_one(
        "github-app",
        Answer::Reply(200, "", r#"{"total_count":3}"#.into()),
    );
    assert_eq!(v.identity.as_deref(), Some("3 repositories"));
    let (v, _) = verify_one("slack", answers("slack").0);
    assert_eq!(v.identity.as_deref(), Some("team Acme; user bot"));
    // An answer that echoes the secret never shows it.
    let echo = Answer::Reply(200, "", format!(r#"{{"username":"{}"}}"#, secret()));
    let (v, _) = verify_one("npm", echo);
    let identity = v.identity.unwrap_or_default();
    assert!(!identity.contains(&secret()), "{identity}");
}

#[test]
fn livekit_sends_a_signed_token_to_list_rooms() {
    let (v, server) = verify_one("livekit", Answer::Reply(200, "", "{}".into()));
    assert_eq!(v.status, VerifyStatus::Live);
    let seen = &server.requests()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.path, "/twirp/livekit.RoomService/ListRooms");
    assert!(
        seen.head.contains("authorization: Bearer ey"),
        "{}",
        seen.head
    );
}

#[test]
fn hosts_from_scanned_text_must_be_public() {
    let server = StandIn::start(|_| Answer::Reply(200, "", "{}".into()));
    let strict = Options {
        allow_private: false,
        ..options(&server.base)
    };
    for (url, want) in [
        ("https://127.0.0.1:7880", "refused-address (loopback)"),
        ("https://localhost:7880", "refused-address (loopback)"),
        ("https://[::1]:7880", "refused-address (loopback)"),
        ("https://10.0.0.8", "refused-address (private)"),
        ("https://172.20.1.1", "refused-address (private)"),
        ("https://192.168.1.10", "refused-address (private)"),
        ("https://[fd12::1]", "refused-address (private)"),
        ("https://169.254.10.10", "refused-address (link-local)"),
        ("https://[fe80::1]", "refused-address (link-local)"),
        (
            "https://169.254.169.254",
            "refused-address (cloud metadata)",
        ),
        (
            "https://[fd00:ec2::254]",
            "refused-address (cloud metadata)",
        ),
        ("https://100.64.1.1", "refused-address (carrier-grade NAT)"),
        ("https://0.0.0.0", "refused-address (unspecified)"),
        ("https://[::ffff:127.0.0.1]", "refused-address (loopback)"),
        (
            "https://[::ffff:169.254.169.254]",
            "refused-address (cloud metadata)",
        ),
        ("https://224.0.0.1", "refused-address (multicast)"),
        (server.base.as_str(), "refused-address (not https)"),
    ] {
        let job = Job {
            url: Some(url.to_owned()),
            ..job("livekit", url)
        };
        let v = run_jobs(&[job], &strict).remove(0);
        assert_eq!(v.reason.as_deref(), Some(want), "{url}");
    }
    assert!(server.requests().is_empty(), "nothing reached the stand-in");
}

#[test]
fn redirects_are_never_followed() {
    let target = StandIn::start(|_| Answer::Reply(200, "", "{}".into()));
    let location: &'static str =
        Box::leak(format!("Location: {}/stolen\r\n", target.base).into_boxed_str());
    let (v, server) = verify_one("openai", Answer::Reply(302, location, String::new()));
    assert_eq!(v.reason.as_deref(), Some("redirect-not-followed"));
    assert_eq!(server.requests().len(), 1);
    assert!(
        target.requests().is_empty(),
        "the redirect target was never asked"
    );
}

#[test]
fn offline_and_slow_hosts_cost_one_timeout_and_each_secret_is_asked_once() {
    // A closed port: connection refused, reported as offline at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port");
    let closed = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    let v = run_jobs(&[job("openai", &closed)], &options(&closed)).remove(0);
    assert_eq!(v.reason.as_deref(), Some("offline"));
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );

    // A host that never answers: twelve secrets, but the host is given up after the first
    // timeouts, so the run takes about one timeout.
    let server = StandIn::start(|_| Answer::Hang(Duration::from_secs(3)));
    let jobs: Vec<Job> = (0..12)
        .map(|i| Job {
            secret: format!("{}{i}", secret()),
            ..job("openai", &server.base)
        })
        .collect();
    let start = Instant::now();
    let results = run_jobs(&jobs, &options(&server.base));
    assert!(
        results
            .iter()
            .all(|v| v.reason.as_deref() == Some("timeout"))
    );
    assert!(
        start.elapsed() < Duration::from_millis(800 + 1500),
        "{:?}",
        start.elapsed()
    );
    assert!(server.requests().len() <= 2, "{}", server.requests().len());
}

#[test]
fn findings_share_one_request_per_secret_and_pairs_meet_in_a_file() {
    use keylint_core::{Finding, Fingerprint, Location, Severity};
    let server = StandIn::start(|_| Answer::Reply(200, "", "{}".into()));
    let finding = |rule: &str, secret: &str, path: &str| Finding {
        source: None,
        rule_id: rule.into(),
        rule_name: rule.into(),
        severity: Severity::High,
        description: String::new(),
        rotate: None,
        location: Location {
            path: path.into(),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            byte_start: 0,
            byte_end: 0,
        },
        secret: secret.into(),
        snippet: String::new(),
        snippet_secret: 0..0,
        snippet_other_secrets: Vec::new(),
        fingerprint: Fingerprint::new(rule, secret, path),
        origin: None,
        verification: None,
    };
    let key = secret();
    let aws_id = partner("aws").unwrap_or_default();
    let mut findings = vec![
        finding("openai-project-key", &key, "a.env"),
        finding("openai-project-key", &key, "b.env"),
        finding("aws-access-key-id", &aws_id, "c.env"),
        finding("aws-secret-access-key", &key, "c.env"),
        finding("aws-secret-access-key", &key, "d.env"),
        finding("some-unknown-rule", &key, "e.env"),
    ];
    crate::verify_findings(&mut findings, &options(&server.base), &|_| None);
    let labels: Vec<String> = findings
        .iter()
        .map(|f| {
            f.verification
                .as_ref()
                .map(keylint_core::Verification::label)
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(
        labels,
        [
            "live",
            "live",
            "unknown: unsupported (no verifier for this rule)",
            "live",
            "unknown: unsupported (needs its key id found beside it)",
            "unknown: unsupported (no verifier for this rule)",
        ]
    );
    assert_eq!(server.requests().len(), 2, "openai once, aws once");
}

#[test]
fn skipped_providers_are_not_asked_and_bare_values_find_their_provider() {
    let server = StandIn::start(|_| Answer::Reply(200, "", "{}".into()));
    let opts = Options {
        skip: vec!["github".into()],
        ..options(&server.base)
    };
    let value = format!("ghp_{}", "A1b2".repeat(9));
    assert!(crate::verify_value(&value, &opts).is_empty());
    let value = format!("sk-ant-api03-{}", "A1b2".repeat(20));
    let found = crate::verify_value(&value, &opts);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].provider.as_str(), found[0].status),
        ("anthropic", VerifyStatus::Live)
    );
    let value = format!("sk-{}", "a1b2".repeat(12));
    let names: Vec<String> = crate::verify_value(&value, &opts)
        .into_iter()
        .map(|v| v.provider)
        .collect();
    assert_eq!(names, ["openai", "deepseek"]);
    let value = format!("sk-ant-admin01-{}", "A1b2".repeat(23));
    let names: Vec<String> = crate::verify_value(&value, &opts)
        .into_iter()
        .map(|v| v.provider)
        .collect();
    assert_eq!(names, ["anthropic-admin"]);
    assert_eq!(server.requests().len(), 4);
}

/// An HTTPS stand-in: a CA made now, and a server certificate it signed for `name`. Returns
/// the server (base `https://localhost:PORT`) and the CA certificate (DER).
fn https_standin(name: &str, answer: Answer) -> (StandIn, Vec<u8>) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    let ca_key = KeyPair::generate().expect("CA key");
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "keylint test CA");
    let ca = ca_params.self_signed(&ca_key).expect("CA certificate");
    let key = KeyPair::generate().expect("server key");
    let cert = CertificateParams::new(vec![name.to_owned()])
        .expect("server params")
        .signed_by(&key, &ca, &ca_key)
        .expect("server certificate");
    // The provider ureq's client uses (ring); its deprecation note is about post-quantum key
    // exchange, which a loopback test server does not need.
    #[allow(deprecated)]
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .expect("server config");
    let config = std::sync::Arc::new(config);
    let server = StandIn::start_over(
        "https://localhost",
        move |tcp| {
            let conn = rustls::ServerConnection::new(std::sync::Arc::clone(&config)).ok()?;
            Some(Box::new(rustls::StreamOwned::new(conn, tcp)))
        },
        move |_| answer.clone(),
    );
    (server, ca.der().to_vec())
}

#[test]
fn https_is_verified_against_the_trusted_ca_and_a_bad_certificate_is_never_live() {
    let live = || Answer::Reply(200, "", "{}".into());
    // A certificate for `localhost` signed by the trusted CA: verified, asked, live.
    let (server, ca) = https_standin("localhost", live());
    let trusting = Options {
        test_ca: Some(ca.clone()),
        ..options(&server.base)
    };
    let v = run_jobs(&[job("openai", &server.base)], &trusting).remove(0);
    assert_eq!(v.status, VerifyStatus::Live, "{v:?}");
    assert_eq!(server.requests().len(), 1);

    // The same server without the test CA (the webpki roots of a release build): untrusted.
    let v = run_jobs(&[job("openai", &server.base)], &options(&server.base)).remove(0);
    assert_eq!(v.label(), "unknown: tls-error");

    // A certificate for another name, signed by the trusted CA: wrong hostname.
    let (wrong, ca) = https_standin("provider.example", live());
    let trusting = Options {
        test_ca: Some(ca),
        ..options(&wrong.base)
    };
    let v = run_jobs(&[job("openai", &wrong.base)], &trusting).remove(0);
    assert_eq!(v.label(), "unknown: tls-error");
    assert!(
        wrong.requests().is_empty() && server.requests().len() == 1,
        "no request is sent over a connection that failed verification"
    );
}

/// A stand-in that answers 429 with `retry` to the first `limited` requests, then 200 after
/// `delay`; it records when each request came.
fn limiting(
    retry: &'static str,
    limited: usize,
    delay: Duration,
) -> (StandIn, std::sync::Arc<std::sync::Mutex<Vec<Instant>>>) {
    let times = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = std::sync::Arc::clone(&times);
    let server = StandIn::start(move |_| {
        let mut log = log.lock().expect("log");
        log.push(Instant::now());
        if log.len() <= limited {
            Answer::Reply(429, retry, "{}".into())
        } else {
            drop(log);
            std::thread::sleep(delay);
            Answer::Reply(200, "", "{}".into())
        }
    });
    (server, times)
}

fn jobs(n: usize, base: &str) -> Vec<Job> {
    (0..n)
        .map(|i| Job {
            secret: format!("{}{i}", secret()),
            ..job("openai", base)
        })
        .collect()
}

#[test]
fn a_429_with_retry_after_pauses_the_host_once_then_asks_again() {
    // Seconds: the limited key is asked again after the pause, and no other request to the
    // host leaves during it (the second worker's first request was already in flight).
    let (server, times) = limiting("Retry-After: 1\r\n", 1, Duration::from_millis(100));
    let opts = Options {
        workers: 2,
        timeout: Duration::from_secs(2),
        ..options(&server.base)
    };
    let start = Instant::now();
    let results = run_jobs(&jobs(3, &server.base), &opts);
    assert!(
        results.iter().all(|v| v.status == VerifyStatus::Live),
        "{results:?}"
    );
    let times = times.lock().expect("log").clone();
    assert_eq!(times.len(), 4, "three keys, one asked twice");
    let during_pause = times
        .iter()
        .filter(|t| t.duration_since(start) < Duration::from_millis(900))
        .count();
    assert_eq!(
        during_pause, 2,
        "only the two first requests before the pause ended"
    );

    // An HTTP date (here in the past: ask again at once).
    let (server, _) = limiting(
        "Retry-After: Sun, 06 Nov 1994 08:49:37 GMT\r\n",
        1,
        Duration::ZERO,
    );
    let v = run_jobs(&jobs(1, &server.base), &options(&server.base)).remove(0);
    assert_eq!(v.status, VerifyStatus::Live, "{v:?}");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn a_429_that_does_not_fit_the_budget_or_repeats_is_rate_limited() {
    let start = Instant::now();
    // A pause longer than the run's budget: not waited for.
    let (server, _) = limiting("Retry-After: 3600\r\n", 1, Duration::ZERO);
    let v = run_jobs(&jobs(1, &server.base), &options(&server.base)).remove(0);
    assert_eq!(v.label(), "unknown: rate-limited");
    assert_eq!(server.requests().len(), 1);
    // Still limited after the one pause: given up, and the host is asked no more.
    let (server, _) = limiting("Retry-After: 0\r\n", 10, Duration::ZERO);
    let opts = Options {
        workers: 1,
        ..options(&server.base)
    };
    let results = run_jobs(&jobs(3, &server.base), &opts);
    assert!(
        results.iter().all(|v| v.label() == "unknown: rate-limited"),
        "{results:?}"
    );
    assert_eq!(server.requests().len(), 2, "one request and one retry");
    // A Retry-After that does not parse: no pause.
    let (server, _) = limiting("Retry-After: soon\r\n", 1, Duration::ZERO);
    let v = run_jobs(&jobs(1, &server.base), &options(&server.base)).remove(0);
    assert_eq!(v.label(), "unknown: rate-limited");
    assert!(
        start.elapsed() < Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
}
