//! A verification run: findings → one job per distinct secret (cache by provider and secret)
//! → a few workers, at most two requests at once per host, a host that is offline, too slow or
//! rate limiting asked no more → a [`Verification`] on every finding.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::Instant;

use keylint_core::{Finding, Verification, VerifyStatus, mask_in};

use crate::http::Client;
use crate::providers::{Creds, Provider, by_prefix, provider_for_rule};
use crate::{Options, Reason, Verdict};

/// Requests in flight at once to one host.
const PER_HOST: usize = 2;

/// One distinct question: a provider and what it is asked about. No `Debug`: it holds the
/// secret.
#[derive(Clone, PartialEq, Eq, Hash)]
pub(crate) struct Job {
    pub provider: &'static str,
    pub secret: String,
    pub partner: Option<String>,
    pub url: Option<String>,
}

impl Job {
    /// The host the job talks to, for per-host limits: the fixed host, or the URL's.
    fn host(&self, provider: &Provider) -> String {
        if provider.host.is_empty() {
            self.url.clone().unwrap_or_default()
        } else {
            provider.host.to_owned()
        }
    }
}

/// Verifies every finding's secret and sets its `verification`. `text_of` gives the text of the
/// file a finding is in, when the caller has it (for the `LiveKit` server URL beside a key pair);
/// findings of the same file and commit provide each other's partners.
pub fn verify_findings(
    findings: &mut [Finding],
    options: &Options,
    text_of: &dyn Fn(&Finding) -> Option<String>,
) {
    let mut jobs: Vec<Job> = Vec::new();
    let mut index_of: HashMap<Job, usize> = HashMap::new();
    let mut wanted: Vec<Result<usize, Verification>> = Vec::with_capacity(findings.len());
    let mut texts: HashMap<String, Option<String>> = HashMap::new();
    for finding in findings.iter() {
        let Some(provider) = provider_for_rule(&finding.rule_id) else {
            wanted.push(Err(unknown(
                "",
                "",
                Reason::Unsupported("no verifier for this rule"),
            )));
            continue;
        };
        if options.skip.iter().any(|s| s == provider.name) {
            wanted.push(Err(unknown(provider.name, provider.docs, Reason::Skipped)));
            continue;
        }
        let partner = partner_of(finding, provider, findings);
        let url = if provider.host.is_empty() {
            texts
                .entry(finding.location.path.clone())
                .or_insert_with(|| text_of(finding))
                .as_deref()
                .and_then(livekit_url)
        } else {
            None
        };
        let job = Job {
            provider: provider.name,
            secret: finding.secret.clone(),
            partner,
            url,
        };
        let index = *index_of.entry(job.clone()).or_insert_with(|| {
            jobs.push(job);
            jobs.len() - 1
        });
        wanted.push(Ok(index));
    }
    let results = run_jobs(&jobs, options);
    for (finding, want) in findings.iter_mut().zip(wanted) {
        finding.verification = Some(match want {
            Ok(index) => results[index].clone(),
            Err(v) => v,
        });
    }
}

/// `keylint verify`: asks every provider whose key format `value` has (the longest matching
/// prefix). Empty when no provider recognises it.
pub fn verify_value(value: &str, options: &Options) -> Vec<Verification> {
    let jobs: Vec<Job> = by_prefix(value)
        .into_iter()
        .filter(|p| !options.skip.iter().any(|s| s == p.name))
        .map(|p| Job {
            provider: p.name,
            secret: value.to_owned(),
            partner: None,
            url: None,
        })
        .collect();
    run_jobs(&jobs, options)
}

/// The partner beside a secret: for `LiveKit`'s `LIVEKIT_KEYS: "key: secret"` forms, the key on
/// the same line; else the first partner finding of the same file and commit.
fn partner_of(finding: &Finding, provider: &Provider, all: &[Finding]) -> Option<String> {
    if provider.partner_rules.is_empty() {
        return None;
    }
    if provider.name == "livekit" && finding.rule_id != "livekit-api-secret" {
        let before = finding.snippet.get(..finding.snippet_secret.start)?;
        let key = before.trim_end().strip_suffix(':')?;
        let start = key
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || "_.-".contains(c)))
            .map_or(0, |i| i + 1);
        return Some(key[start..].to_owned()).filter(|k| !k.is_empty());
    }
    let commit = |f: &Finding| f.origin.as_ref().map(|o| o.commit.clone());
    all.iter()
        .find(|f| {
            provider.partner_rules.contains(&f.rule_id.as_str())
                && f.location.path == finding.location.path
                && commit(f) == commit(finding)
        })
        .map(|f| f.secret.clone())
}

/// The `LiveKit` server URL written in a file (`LIVEKIT_URL=wss://…`, `livekitUrl: "…"`).
fn livekit_url(text: &str) -> Option<String> {
    static PATTERN: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    PATTERN
        .get_or_init(|| {
            regex::Regex::new(
                r#"(?i)livekit[_-]?(?:server[_-]?|ws[_-]?|host[_-]?)?ur[li]\s*["']?\s*[:=]\s*["']?((?:wss?|https?)://[^\s"'`,;]+)"#,
            )
            .ok()
        })
        .as_ref()?
        .captures(text)
        .map(|c| c[1].to_owned())
}

/// Shared state of the workers.
struct Pool<'a> {
    queue: Mutex<VecDeque<usize>>,
    hosts: Mutex<HashMap<String, HostState>>,
    freed: Condvar,
    results: Mutex<Vec<Option<Verification>>>,
    jobs: &'a [Job],
    deadline: Instant,
}

/// What the run knows of a host.
#[derive(Default)]
struct HostState {
    in_flight: usize,
    /// Set once the host was offline, too slow or rate limiting: asked no more this run.
    down: Option<Reason>,
    /// Set when the host asked to wait (`Retry-After`): no request to it before then.
    not_before: Option<Instant>,
}

impl Pool<'_> {
    /// Waits for a request slot on `host` and for the end of its pause, unless the host is
    /// known to be down.
    fn acquire(&self, host: &str) -> Result<(), Reason> {
        let mut hosts = lock(&self.hosts);
        loop {
            let state = hosts.entry(host.to_owned()).or_default();
            if let Some(down) = state.down {
                return Err(down);
            }
            if let Some(wait) = state
                .not_before
                .and_then(|t| t.checked_duration_since(Instant::now()))
            {
                drop(hosts);
                std::thread::sleep(wait);
                hosts = lock(&self.hosts);
                continue;
            }
            if state.in_flight < PER_HOST {
                state.in_flight += 1;
                return Ok(());
            }
            hosts = self
                .freed
                .wait(hosts)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
    }

    /// Gives the slot back; a host that was offline, too slow or still rate limiting is asked
    /// no more.
    fn release(&self, host: &str, failure: Option<&Reason>) {
        let mut hosts = lock(&self.hosts);
        let state = hosts.entry(host.to_owned()).or_default();
        state.in_flight -= 1;
        if let Some(reason @ (Reason::Offline | Reason::Timeout | Reason::RateLimited)) = failure {
            state.down.get_or_insert(*reason);
        }
        self.freed.notify_all();
    }

    /// Pauses every request to `host` for `wait`.
    fn pause(&self, host: &str, wait: std::time::Duration) {
        let until = Instant::now() + wait;
        let mut hosts = lock(&self.hosts);
        let state = hosts.entry(host.to_owned()).or_default();
        state.not_before = Some(state.not_before.map_or(until, |t| t.max(until)));
    }
}

/// Asks once; after a 429 with `Retry-After`, pauses the host and asks once more if the wait
/// and one more request fit the run's remaining budget. Otherwise `rate-limited`.
fn ask_paced(
    pool: &Pool<'_>,
    host: &str,
    ask: impl Fn() -> Result<Verdict, Reason>,
    options: &Options,
) -> Result<Verdict, Reason> {
    match ask() {
        Err(Reason::RetryAfter(wait))
            if Instant::now() + wait + options.timeout <= pool.deadline =>
        {
            pool.pause(host, wait);
            std::thread::sleep(wait);
            match ask() {
                Err(Reason::RetryAfter(_)) => Err(Reason::RateLimited),
                other => other,
            }
        }
        Err(Reason::RetryAfter(_)) => Err(Reason::RateLimited),
        other => other,
    }
}

/// Runs the jobs on `options.workers` threads; a result per job, in order.
pub(crate) fn run_jobs(jobs: &[Job], options: &Options) -> Vec<Verification> {
    if jobs.is_empty() {
        return Vec::new();
    }
    let client = Client::new(options);
    let pool = Pool {
        queue: Mutex::new((0..jobs.len()).collect()),
        hosts: Mutex::new(HashMap::new()),
        freed: Condvar::new(),
        results: Mutex::new(vec![None; jobs.len()]),
        jobs,
        deadline: Instant::now() + options.budget,
    };
    std::thread::scope(|scope| {
        for _ in 0..options.workers.clamp(1, 16).min(jobs.len()) {
            scope.spawn(|| worker(&pool, &client, options));
        }
    });
    let results = pool
        .results
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    results
        .into_iter()
        .zip(jobs)
        .map(|(r, job)| r.unwrap_or_else(|| unknown(job.provider, "", Reason::Budget)))
        .collect()
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn worker(pool: &Pool<'_>, client: &Client, options: &Options) {
    loop {
        let Some(index) = lock(&pool.queue).pop_front() else {
            return;
        };
        let job = &pool.jobs[index];
        let Some(provider) = crate::providers().iter().find(|p| p.name == job.provider) else {
            continue;
        };
        let host = job.host(provider);
        let outcome = if Instant::now() >= pool.deadline {
            Err(Reason::Budget)
        } else {
            pool.acquire(&host).and_then(|()| {
                let creds = Creds {
                    secret: &job.secret,
                    partner: job.partner.as_deref(),
                    url: job.url.as_deref(),
                };
                let outcome = ask_paced(
                    pool,
                    &host,
                    || provider.verify(client, options, &creds),
                    options,
                );
                pool.release(&host, outcome.as_ref().err());
                outcome
            })
        };
        let verification = match outcome {
            Ok(Verdict::Live(identity)) => Verification {
                status: VerifyStatus::Live,
                provider: provider.name.to_owned(),
                reason: None,
                // Whatever an answer echoes, the secret is never shown.
                identity: identity.map(|i| mask_in(&i, &job.secret)),
                docs: provider.docs.to_owned(),
            },
            Ok(Verdict::Invalid) => Verification {
                status: VerifyStatus::Invalid,
                provider: provider.name.to_owned(),
                reason: None,
                identity: None,
                docs: provider.docs.to_owned(),
            },
            Err(reason) => unknown(provider.name, provider.docs, reason),
        };
        lock(&pool.results)[index] = Some(verification);
    }
}

/// An `unknown` verification with its reason.
fn unknown(provider: &str, docs: &str, reason: Reason) -> Verification {
    Verification {
        status: VerifyStatus::Unknown,
        provider: provider.to_owned(),
        reason: Some(reason.to_string()),
        identity: None,
        docs: docs.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn livekit_urls_are_read_from_env_yaml_and_dart() {
        for (text, want) in [
            (
                "LIVEKIT_URL=wss://demo.livekit.cloud\n",
                "wss://demo.livekit.cloud",
            ),
            (
                "livekit_url: \"https://lk.example.com\"\n",
                "https://lk.example.com",
            ),
            (
                "static const livekitUrl = 'ws://127.0.0.1:7880';",
                "ws://127.0.0.1:7880",
            ),
        ] {
            assert_eq!(livekit_url(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(livekit_url("LIVEKIT_URL=${LIVEKIT_URL}"), None);
    }
}
