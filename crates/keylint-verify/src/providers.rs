//! The verifiers: one entry per provider, data next to the rule ids it verifies, with the
//! documentation of the endpoint it asks. Every endpoint is read-only and free (list models,
//! who am I, verify token); none changes state.

use crate::http::{Client, Reply, Request};
use crate::{Options, Reason, Verdict};

/// What a verifier gets: the secret and, for pair providers, what was found beside it. No
/// `Debug`: it holds the secret.
#[derive(Clone, Copy)]
pub(crate) struct Creds<'a> {
    /// The secret itself.
    pub secret: &'a str,
    /// Its partner found beside it (AWS access key id, `LiveKit` API key, Twilio key SID).
    pub partner: Option<&'a str>,
    /// A server URL found beside it (`LiveKit`).
    pub url: Option<&'a str>,
}

/// How the secret is sent.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Auth {
    /// `Authorization: Bearer <secret>`.
    Bearer,
    /// `<header>: <prefix><secret>`.
    Header(&'static str, &'static str),
    /// HTTP basic auth with this user name and the secret as password.
    BasicUser(&'static str),
    /// HTTP basic auth with the partner as user name and the secret as password.
    BasicPartner,
    /// In the URL path at `{secret}` (Telegram's only way): the URL is never shown.
    Path,
}

/// A verifier made of data only: one request, statuses that mean live or invalid.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Simple {
    pub method: &'static str,
    pub path: &'static str,
    pub auth: Auth,
    pub headers: &'static [(&'static str, &'static str)],
    pub body: Option<&'static str>,
    pub live: &'static [u16],
    pub invalid: &'static [u16],
    /// The verdict of an answer with a live status: `Live` with what the key reaches, or
    /// `Invalid` when the body says otherwise (Slack answers `ok: false` with status 200).
    pub identity: fn(&Reply) -> Verdict,
}

/// How a provider checks.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Check {
    Simple(Simple),
    Custom(fn(&Ctx<'_>, &Creds<'_>) -> Result<Verdict, Reason>),
}

/// What a custom verifier may use.
pub(crate) struct Ctx<'a> {
    pub client: &'a Client,
    pub options: &'a Options,
    pub host: &'static str,
}

/// One provider's verifier.
#[derive(Debug)]
pub struct Provider {
    /// Short name (`openai`), as `[verify] skip` and reports write it.
    pub name: &'static str,
    /// The provider's documentation of the endpoint asked.
    pub docs: &'static str,
    /// The rule ids whose secrets it verifies.
    pub rules: &'static [&'static str],
    /// Rule ids of the partner it needs beside the secret (found in the same file), if any.
    pub partner_rules: &'static [&'static str],
    /// Prefixes by which `keylint verify` recognises a bare value.
    pub prefixes: &'static [&'static str],
    /// The fixed host asked (empty when the host comes from the scanned text).
    pub host: &'static str,
    pub(crate) check: Check,
}

impl Provider {
    /// Asks the provider about `creds`.
    pub(crate) fn verify(
        &self,
        client: &Client,
        options: &Options,
        creds: &Creds<'_>,
    ) -> Result<Verdict, Reason> {
        if !self.partner_rules.is_empty() && creds.partner.is_none() {
            return Err(Reason::Unsupported("needs its key id found beside it"));
        }
        let ctx = Ctx {
            client,
            options,
            host: self.host,
        };
        match &self.check {
            Check::Simple(simple) => simple_check(&ctx, simple, creds),
            Check::Custom(check) => check(&ctx, creds),
        }
    }
}

fn simple_check(ctx: &Ctx<'_>, s: &Simple, creds: &Creds<'_>) -> Result<Verdict, Reason> {
    let mut url = format!("{}{}", ctx.options.base(ctx.host), s.path);
    let mut headers: Vec<(String, String)> = s
        .headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
        .collect();
    match s.auth {
        Auth::Bearer => headers.push(("Authorization".into(), format!("Bearer {}", creds.secret))),
        Auth::Header(name, prefix) => {
            headers.push((name.into(), format!("{prefix}{}", creds.secret)));
        }
        Auth::BasicUser(user) => headers.push(("Authorization".into(), basic(user, creds.secret))),
        Auth::BasicPartner => headers.push((
            "Authorization".into(),
            basic(creds.partner.unwrap_or_default(), creds.secret),
        )),
        Auth::Path => url = url.replace("{secret}", creds.secret),
    }
    let reply = ctx.client.send(&Request {
        method: s.method,
        url,
        headers,
        body: s.body.map(str::to_owned),
        untrusted_host: false,
    })?;
    judge(&reply, s.live, s.invalid, s.identity)
}

/// The verdict an answer gives: `live` statuses (with the identity read from it), `invalid`
/// statuses, 429 (or `GitHub`'s 403 with no requests left) rate limited, redirects not followed.
pub(crate) fn judge(
    reply: &Reply,
    live: &[u16],
    invalid: &[u16],
    identity: fn(&Reply) -> Verdict,
) -> Result<Verdict, Reason> {
    if reply.status == 429 || reply.header("x-ratelimit-remaining") == Some("0") {
        let wait = reply
            .header("retry-after")
            .and_then(|v| crate::pace::retry_after(v, std::time::SystemTime::now()));
        return Err(wait.map_or(Reason::RateLimited, Reason::RetryAfter));
    }
    if live.contains(&reply.status) {
        return Ok(identity(reply));
    }
    if invalid.contains(&reply.status) {
        return Ok(Verdict::Invalid);
    }
    if (300..400).contains(&reply.status) {
        return Err(Reason::Redirect);
    }
    Err(Reason::Unexpected(reply.status))
}

/// `Basic base64(user:password)`.
pub(crate) fn basic(user: &str, password: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
    )
}

/// A string at `path` in a JSON answer.
fn field(reply: &Reply, path: &[&str]) -> Option<String> {
    let mut v = reply.json();
    for key in path {
        v = v.get(key)?.clone();
    }
    match v {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Nothing to tell beyond "live".
fn no_identity(_: &Reply) -> Verdict {
    Verdict::Live(None)
}

fn github_identity(r: &Reply) -> Verdict {
    let login = field(r, &["login"]).map(|l| format!("login {l}"));
    let scopes = r
        .header("x-oauth-scopes")
        .filter(|s| !s.is_empty())
        .map(|s| format!("scopes {s}"));
    let expiry = r
        .header("github-authentication-token-expiration")
        .map(|e| format!("expires {e}"));
    Verdict::Live(join([login, scopes, expiry]))
}

fn github_app_identity(r: &Reply) -> Verdict {
    let expiry = r
        .header("github-authentication-token-expiration")
        .map(|e| format!("expires {e}"));
    let repos = field(r, &["total_count"]).map(|n| format!("{n} repositories"));
    Verdict::Live(join([repos, expiry, None]))
}

fn gitlab_identity(r: &Reply) -> Verdict {
    let json = r.json();
    let scopes = json.get("scopes").and_then(|s| s.as_array()).map(|s| {
        let names: Vec<&str> = s.iter().filter_map(|v| v.as_str()).collect();
        format!("scopes {}", names.join(", "))
    });
    let expiry = field(r, &["expires_at"]).map(|e| format!("expires {e}"));
    Verdict::Live(join([scopes, expiry, None]))
}

fn slack_identity(r: &Reply) -> Verdict {
    if r.json().get("ok").and_then(serde_json::Value::as_bool) != Some(true) {
        return Verdict::Invalid;
    }
    let team = field(r, &["team"]).map(|t| format!("team {t}"));
    let user = field(r, &["user"]).map(|u| format!("user {u}"));
    Verdict::Live(join([team, user, None]))
}

fn huggingface_identity(r: &Reply) -> Verdict {
    let name = field(r, &["name"]).map(|n| format!("user {n}"));
    let role = field(r, &["auth", "accessToken", "role"]).map(|n| format!("role {n}"));
    Verdict::Live(join([name, role, None]))
}

fn sendgrid_identity(r: &Reply) -> Verdict {
    let n = r
        .json()
        .get("scopes")
        .and_then(|s| s.as_array())
        .map(Vec::len);
    Verdict::Live(n.map(|n| format!("{n} scopes")))
}

fn cloudflare_identity(r: &Reply) -> Verdict {
    let status = field(r, &["result", "status"]);
    if status.as_deref().is_some_and(|s| s != "active") {
        return Verdict::Invalid;
    }
    let expiry = field(r, &["result", "expires_on"]).map(|e| format!("expires {e}"));
    Verdict::Live(expiry)
}

fn stripe_identity(r: &Reply) -> Verdict {
    Verdict::Live((r.status == 403).then(|| "restricted key: no access to the balance".to_owned()))
}

fn named(path: &'static [&'static str], label: &'static str, r: &Reply) -> Option<String> {
    field(r, path).map(|v| format!("{label} {v}"))
}

fn vercel_identity(r: &Reply) -> Verdict {
    Verdict::Live(named(&["user", "username"], "user", r))
}

fn npm_identity(r: &Reply) -> Verdict {
    Verdict::Live(named(&["username"], "user", r))
}

fn discord_identity(r: &Reply) -> Verdict {
    Verdict::Live(named(&["username"], "bot", r))
}

fn telegram_identity(r: &Reply) -> Verdict {
    Verdict::Live(named(&["result", "username"], "bot", r))
}

fn notion_identity(r: &Reply) -> Verdict {
    Verdict::Live(named(&["name"], "integration", r))
}

fn datadog_identity(r: &Reply) -> Verdict {
    if r.json().get("valid").and_then(serde_json::Value::as_bool) == Some(true) {
        Verdict::Live(None)
    } else {
        Verdict::Invalid
    }
}

fn linear_identity(r: &Reply) -> Verdict {
    if r.json().get("errors").is_some() {
        return Verdict::Invalid;
    }
    Verdict::Live(named(&["data", "viewer", "name"], "user", r))
}

fn digitalocean_identity(r: &Reply) -> Verdict {
    Verdict::Live(named(&["account", "status"], "account", r))
}

/// `a; b; c` of the parts present.
fn join<const N: usize>(parts: [Option<String>; N]) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// A `GET` with the secret as a bearer token: 200 live, 401 invalid.
const fn bearer_get(path: &'static str) -> Simple {
    Simple {
        method: "GET",
        path,
        auth: Auth::Bearer,
        headers: &[],
        body: None,
        live: &[200],
        invalid: &[401],
        identity: no_identity,
    }
}

/// A `GET` to Anthropic's API: the key in `x-api-key`, the API version pinned.
const fn anthropic_get(path: &'static str) -> Simple {
    Simple {
        auth: Auth::Header("x-api-key", ""),
        headers: &[("anthropic-version", "2023-06-01")],
        ..bearer_get(path)
    }
}

/// Every verifier, in the order `keylint verify` tries them.
static PROVIDERS: &[Provider] = &[
    Provider {
        name: "openai",
        docs: "https://platform.openai.com/docs/api-reference/models/list",
        rules: &[
            "openai-project-key",
            "openai-service-account-key",
            "openai-legacy-key",
        ],
        partner_rules: &[],
        prefixes: &["sk-proj-", "sk-svcacct-", "sk-None-", "sk-"],
        host: "api.openai.com",
        check: Check::Simple(bearer_get("/v1/models")),
    },
    Provider {
        name: "openai-admin",
        docs: "https://platform.openai.com/docs/api-reference/projects/list",
        rules: &["openai-admin-key"],
        partner_rules: &[],
        prefixes: &["sk-admin-"],
        host: "api.openai.com",
        check: Check::Simple(bearer_get("/v1/organization/projects?limit=1")),
    },
    Provider {
        name: "anthropic",
        docs: "https://docs.anthropic.com/en/api/models-list",
        rules: &["anthropic-api-key"],
        partner_rules: &[],
        prefixes: &["sk-ant-api"],
        host: "api.anthropic.com",
        check: Check::Simple(anthropic_get("/v1/models")),
    },
    Provider {
        name: "anthropic-admin",
        docs: "https://docs.anthropic.com/en/api/admin-api/workspaces/list-workspaces",
        rules: &["anthropic-admin-key"],
        partner_rules: &[],
        prefixes: &["sk-ant-admin01-"],
        host: "api.anthropic.com",
        check: Check::Simple(anthropic_get("/v1/organizations/workspaces?limit=1")),
    },
    Provider {
        name: "gemini",
        docs: "https://ai.google.dev/api/models#method:-models.list",
        rules: &["google-gemini-api-key", "google-api-key"],
        partner_rules: &[],
        prefixes: &["AIza"],
        host: "generativelanguage.googleapis.com",
        check: Check::Simple(Simple {
            auth: Auth::Header("x-goog-api-key", ""),
            invalid: &[400, 401],
            ..bearer_get("/v1beta/models?pageSize=1")
        }),
    },
    Provider {
        name: "groq",
        docs: "https://console.groq.com/docs/api-reference#models-list",
        rules: &["groq-api-key"],
        partner_rules: &[],
        prefixes: &["gsk_"],
        host: "api.groq.com",
        check: Check::Simple(bearer_get("/openai/v1/models")),
    },
    Provider {
        name: "deepseek",
        docs: "https://api-docs.deepseek.com/api/list-models",
        rules: &["deepseek-api-key"],
        partner_rules: &[],
        prefixes: &["sk-"],
        host: "api.deepseek.com",
        check: Check::Simple(bearer_get("/models")),
    },
    Provider {
        name: "mistral",
        docs: "https://docs.mistral.ai/api/#tag/models/operation/list_models_v1_models_get",
        rules: &["mistral-api-key"],
        partner_rules: &[],
        prefixes: &[],
        host: "api.mistral.ai",
        check: Check::Simple(bearer_get("/v1/models")),
    },
    Provider {
        name: "huggingface",
        docs: "https://huggingface.co/docs/hub/api#get-apiwhoami-v2",
        rules: &["huggingface-access-token", "huggingface-org-token"],
        partner_rules: &[],
        prefixes: &["hf_", "api_org_"],
        host: "huggingface.co",
        check: Check::Simple(Simple {
            identity: huggingface_identity,
            ..bearer_get("/api/whoami-v2")
        }),
    },
    Provider {
        name: "livekit",
        docs: "https://docs.livekit.io/reference/server/server-apis/#listrooms",
        rules: &[
            "livekit-api-secret",
            "livekit-keys-env-secret",
            "livekit-yaml-key-secret",
            "livekit-config-keys-secret",
            "livekit-keys-env-additional-secret",
            "livekit-yaml-additional-key-secret",
        ],
        partner_rules: &["livekit-api-key"],
        prefixes: &[],
        host: "",
        check: Check::Custom(crate::livekit::check),
    },
    Provider {
        name: "github",
        docs: "https://docs.github.com/en/rest/users/users#get-the-authenticated-user",
        rules: &[
            "github-pat-classic",
            "github-pat-fine-grained",
            "github-oauth-token",
            "github-app-user-token",
        ],
        partner_rules: &[],
        prefixes: &["ghp_", "github_pat_", "gho_", "ghu_"],
        host: "api.github.com",
        check: Check::Simple(Simple {
            headers: &[
                ("Accept", "application/vnd.github+json"),
                ("X-GitHub-Api-Version", "2022-11-28"),
            ],
            identity: github_identity,
            ..bearer_get("/user")
        }),
    },
    Provider {
        name: "github-app",
        docs: "https://docs.github.com/en/rest/apps/installations#list-repositories-accessible-to-the-app-installation",
        rules: &["github-app-installation-token"],
        partner_rules: &[],
        prefixes: &["ghs_"],
        host: "api.github.com",
        check: Check::Simple(Simple {
            headers: &[
                ("Accept", "application/vnd.github+json"),
                ("X-GitHub-Api-Version", "2022-11-28"),
            ],
            identity: github_app_identity,
            ..bearer_get("/installation/repositories?per_page=1")
        }),
    },
    Provider {
        name: "gitlab",
        docs: "https://docs.gitlab.com/api/personal_access_tokens/#get-details-on-a-personal-access-token",
        rules: &["gitlab-pat"],
        partner_rules: &[],
        prefixes: &["glpat-"],
        host: "gitlab.com",
        check: Check::Simple(Simple {
            auth: Auth::Header("PRIVATE-TOKEN", ""),
            identity: gitlab_identity,
            ..bearer_get("/api/v4/personal_access_tokens/self")
        }),
    },
    Provider {
        name: "slack",
        docs: "https://api.slack.com/methods/auth.test",
        rules: &["slack-bot-token", "slack-user-token", "slack-legacy-token"],
        partner_rules: &[],
        prefixes: &["xoxb-", "xoxp-", "xoxa-", "xoxs-"],
        host: "slack.com",
        check: Check::Simple(Simple {
            method: "POST",
            identity: slack_identity,
            ..bearer_get("/api/auth.test")
        }),
    },
    Provider {
        name: "stripe",
        docs: "https://docs.stripe.com/api/balance/balance_retrieve",
        rules: &[
            "stripe-live-secret-key",
            "stripe-test-secret-key",
            "stripe-live-restricted-key",
            "stripe-test-restricted-key",
        ],
        partner_rules: &[],
        prefixes: &["sk_live_", "sk_test_", "rk_live_", "rk_test_"],
        host: "api.stripe.com",
        check: Check::Simple(Simple {
            live: &[200, 403],
            identity: stripe_identity,
            ..bearer_get("/v1/balance")
        }),
    },
    Provider {
        name: "sendgrid",
        docs: "https://www.twilio.com/docs/sendgrid/api-reference/api-key-permissions/retrieve-a-list-of-scopes-for-which-this-user-has-access",
        rules: &["sendgrid-api-key"],
        partner_rules: &[],
        prefixes: &["SG."],
        host: "api.sendgrid.com",
        check: Check::Simple(Simple {
            invalid: &[401, 403],
            identity: sendgrid_identity,
            ..bearer_get("/v3/scopes")
        }),
    },
    Provider {
        name: "twilio",
        docs: "https://www.twilio.com/docs/iam/api/account#read-multiple-account-resources",
        rules: &["twilio-api-key-secret"],
        partner_rules: &["twilio-api-key-sid"],
        prefixes: &[],
        host: "api.twilio.com",
        check: Check::Simple(Simple {
            auth: Auth::BasicPartner,
            ..bearer_get("/2010-04-01/Accounts.json?PageSize=1")
        }),
    },
    Provider {
        name: "mailgun",
        docs: "https://documentation.mailgun.com/docs/mailgun/api-reference/openapi-final/tag/Domains/",
        rules: &["mailgun-api-key"],
        partner_rules: &[],
        prefixes: &["key-"],
        host: "api.mailgun.net",
        check: Check::Simple(Simple {
            auth: Auth::BasicUser("api"),
            ..bearer_get("/v3/domains?limit=1")
        }),
    },
    Provider {
        name: "aws",
        docs: "https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html",
        rules: &["aws-secret-access-key"],
        partner_rules: &["aws-access-key-id"],
        prefixes: &[],
        host: "sts.amazonaws.com",
        check: Check::Custom(crate::aws::check),
    },
    Provider {
        name: "supabase",
        docs: "https://supabase.com/docs/reference/api/v1-list-all-projects",
        rules: &["supabase-management-token"],
        partner_rules: &[],
        prefixes: &["sbp_"],
        host: "api.supabase.com",
        check: Check::Simple(bearer_get("/v1/projects")),
    },
    Provider {
        name: "vercel",
        docs: "https://vercel.com/docs/rest-api/reference/endpoints/user/get-the-user",
        rules: &["vercel-token"],
        partner_rules: &[],
        prefixes: &[],
        host: "api.vercel.com",
        check: Check::Simple(Simple {
            invalid: &[401, 403],
            identity: vercel_identity,
            ..bearer_get("/v2/user")
        }),
    },
    Provider {
        name: "cloudflare",
        docs: "https://developers.cloudflare.com/api/resources/user/subresources/tokens/methods/verify/",
        rules: &["cloudflare-api-token"],
        partner_rules: &[],
        prefixes: &[],
        host: "api.cloudflare.com",
        check: Check::Simple(Simple {
            invalid: &[400, 401, 403],
            identity: cloudflare_identity,
            ..bearer_get("/client/v4/user/tokens/verify")
        }),
    },
    Provider {
        name: "digitalocean",
        docs: "https://docs.digitalocean.com/reference/api/digitalocean/#tag/Account",
        rules: &["digitalocean-pat", "digitalocean-oauth-token"],
        partner_rules: &[],
        prefixes: &["dop_v1_", "doo_v1_"],
        host: "api.digitalocean.com",
        check: Check::Simple(Simple {
            identity: digitalocean_identity,
            ..bearer_get("/v2/account")
        }),
    },
    Provider {
        name: "npm",
        docs: "https://docs.npmjs.com/cli/commands/npm-whoami",
        rules: &["npm-access-token", "npmrc-auth-token"],
        partner_rules: &[],
        prefixes: &["npm_"],
        host: "registry.npmjs.org",
        check: Check::Simple(Simple {
            identity: npm_identity,
            ..bearer_get("/-/whoami")
        }),
    },
    Provider {
        name: "discord",
        docs: "https://discord.com/developers/docs/resources/user#get-current-user",
        rules: &["discord-bot-token"],
        partner_rules: &[],
        prefixes: &[],
        host: "discord.com",
        check: Check::Simple(Simple {
            auth: Auth::Header("Authorization", "Bot "),
            identity: discord_identity,
            ..bearer_get("/api/v10/users/@me")
        }),
    },
    Provider {
        name: "telegram",
        docs: "https://core.telegram.org/bots/api#getme",
        rules: &["telegram-bot-token"],
        partner_rules: &[],
        prefixes: &[],
        host: "api.telegram.org",
        check: Check::Simple(Simple {
            auth: Auth::Path,
            invalid: &[401, 404],
            identity: telegram_identity,
            ..bearer_get("/bot{secret}/getMe")
        }),
    },
    Provider {
        name: "sentry",
        docs: "https://docs.sentry.io/api/organizations/list-your-organizations/",
        rules: &[
            "sentry-user-token",
            "sentry-org-token",
            "sentry-legacy-auth-token",
        ],
        partner_rules: &[],
        prefixes: &["sntrys_", "sntryu_"],
        host: "sentry.io",
        check: Check::Simple(bearer_get("/api/0/organizations/")),
    },
    Provider {
        name: "datadog",
        docs: "https://docs.datadoghq.com/api/latest/authentication/#validate-api-key",
        rules: &["datadog-api-key"],
        partner_rules: &[],
        prefixes: &[],
        host: "api.datadoghq.com",
        check: Check::Simple(Simple {
            auth: Auth::Header("DD-API-KEY", ""),
            invalid: &[401, 403],
            identity: datadog_identity,
            ..bearer_get("/api/v1/validate")
        }),
    },
    Provider {
        name: "linear",
        docs: "https://linear.app/developers/graphql#authentication",
        rules: &["linear-api-key"],
        partner_rules: &[],
        prefixes: &["lin_api_"],
        host: "api.linear.app",
        check: Check::Simple(Simple {
            method: "POST",
            auth: Auth::Header("Authorization", ""),
            headers: &[("Content-Type", "application/json")],
            body: Some(r#"{"query":"{ viewer { name } }"}"#),
            invalid: &[400, 401],
            identity: linear_identity,
            ..bearer_get("/graphql")
        }),
    },
    Provider {
        name: "notion",
        docs: "https://developers.notion.com/reference/get-self",
        rules: &["notion-integration-token"],
        partner_rules: &[],
        prefixes: &["secret_", "ntn_"],
        host: "api.notion.com",
        check: Check::Simple(Simple {
            headers: &[("Notion-Version", "2022-06-28")],
            identity: notion_identity,
            ..bearer_get("/v1/users/me")
        }),
    },
];

/// Every provider keylint can ask.
pub fn providers() -> &'static [Provider] {
    PROVIDERS
}

/// The provider that verifies secrets of `rule_id`, or that needs them as partner.
pub fn provider_for_rule(rule_id: &str) -> Option<&'static Provider> {
    PROVIDERS.iter().find(|p| p.rules.contains(&rule_id))
}

/// The providers a bare value may belong to: those with the longest matching prefix.
pub(crate) fn by_prefix(value: &str) -> Vec<&'static Provider> {
    let best = PROVIDERS
        .iter()
        .flat_map(|p| p.prefixes.iter())
        .filter(|prefix| value.starts_with(**prefix))
        .map(|prefix| prefix.len())
        .max();
    let Some(best) = best else {
        return Vec::new();
    };
    PROVIDERS
        .iter()
        .filter(|p| {
            p.prefixes
                .iter()
                .any(|prefix| prefix.len() == best && value.starts_with(prefix))
        })
        .collect()
}
