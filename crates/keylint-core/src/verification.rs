//! What live verification (`--verify`, the `keylint-verify` crate) concluded about a finding's
//! secret. The type lives here, beside [`Finding`](crate::Finding), so every report can show it
//! without depending on the network code.

use serde::{Deserialize, Serialize};

/// The verdict on one secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum VerifyStatus {
    /// The provider accepted the secret: it works today. Ranked first in audits.
    Live,
    /// The provider rejected it: revoked, expired or never valid.
    Invalid,
    /// No answer either way; [`Verification::reason`] says why.
    Unknown,
}

impl VerifyStatus {
    /// `live`, `invalid` or `unknown`, as every report writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            VerifyStatus::Live => "live",
            VerifyStatus::Invalid => "invalid",
            VerifyStatus::Unknown => "unknown",
        }
    }
}

/// The result of verifying a finding's secret with its provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// `live`, `invalid` or `unknown`.
    pub status: VerifyStatus,
    /// Provider asked (`openai`, `github` …); empty when no verifier knows the rule.
    pub provider: String,
    /// Why the status is `unknown` (`offline`, `timeout`, `rate-limited`, `unsupported`,
    /// `refused-address` …); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// What the key reaches, when the provider says so cheaply (account, scopes, expiry).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// The provider's documentation of the endpoint asked.
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub docs: String,
}

impl Verification {
    /// One short line: `live (login octocat)`, `invalid`, `unknown: offline`.
    pub fn label(&self) -> String {
        match (&self.status, &self.reason, &self.identity) {
            (VerifyStatus::Unknown, Some(reason), _) => format!("unknown: {reason}"),
            (status, _, Some(identity)) => format!("{} ({identity})", status.as_str()),
            (status, _, None) => status.as_str().to_owned(),
        }
    }

    /// Whether the provider accepted the secret.
    pub fn is_live(&self) -> bool {
        self.status == VerifyStatus::Live
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_say_the_status_and_why() {
        let mut v = Verification {
            status: VerifyStatus::Unknown,
            provider: "openai".into(),
            reason: Some("offline".into()),
            identity: None,
            docs: String::new(),
        };
        assert_eq!(v.label(), "unknown: offline");
        v.status = VerifyStatus::Live;
        v.reason = None;
        v.identity = Some("org acme".into());
        assert_eq!(v.label(), "live (org acme)");
        assert!(v.is_live());
    }
}
