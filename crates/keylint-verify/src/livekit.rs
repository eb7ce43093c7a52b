//! `LiveKit`: the API key and secret sign a short-lived (60 s) `HS256` access token granting only
//! `roomList`, sent to the server's read-only `RoomService/ListRooms` (Twirp) at the URL found
//! beside them. That URL comes from the scanned text, so it goes through the SSRF guard; the
//! secret itself never leaves the machine, only the token it signed.

use base64::Engine as _;

use crate::http::Request;
use crate::providers::{Creds, Ctx, judge};
use crate::{Reason, Verdict};

/// Lifetime of the token.
const TTL_SECS: u64 = 60;

/// The access token: `header.claims.signature`, base64url without padding.
pub(crate) fn token(key: &str, secret: &str, now: u64) -> String {
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let header = b64(br#"{"alg":"HS256","typ":"JWT"}"#);
    let claims = serde_json::json!({
        "iss": key,
        "sub": "keylint-verify",
        "nbf": now.saturating_sub(10),
        "exp": now + TTL_SECS,
        "video": { "roomList": true },
    });
    let claims = b64(claims.to_string().as_bytes());
    let signing_input = format!("{header}.{claims}");
    let signature = crate::aws::hmac_sha256(secret.as_bytes(), signing_input.as_bytes());
    format!("{signing_input}.{}", b64(&signature))
}

/// The HTTP(S) base of a `LiveKit` server URL as configured (`wss://` → `https://`).
fn http_base(url: &str) -> Option<String> {
    let url = url.trim().trim_end_matches('/');
    let (scheme, rest) = url.split_once("://")?;
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "wss" | "https" => "https",
        "ws" | "http" => "http",
        _ => return None,
    };
    Some(format!("{scheme}://{rest}"))
}

/// Lists rooms: 200 live, 401 invalid.
pub(crate) fn check(ctx: &Ctx<'_>, creds: &Creds<'_>) -> Result<Verdict, Reason> {
    let key = creds
        .partner
        .ok_or(Reason::Unsupported("needs its API key found beside it"))?;
    let url = creds
        .url
        .ok_or(Reason::Unsupported("needs the server URL found beside it"))?;
    let base = http_base(url).ok_or(Reason::BadUrl)?;
    let reply = ctx.client.send(&Request {
        method: "POST",
        url: format!("{base}/twirp/livekit.RoomService/ListRooms"),
        headers: vec![
            ("Content-Type".into(), "application/json".into()),
            (
                "Authorization".into(),
                format!(
                    "Bearer {}",
                    token(key, creds.secret, crate::aws::unix_now())
                ),
            ),
        ],
        body: Some("{}".into()),
        untrusted_host: true,
    })?;
    judge(&reply, &[200], &[401, 403], |_| Verdict::Live(None))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_an_hs256_jwt_with_the_key_as_issuer() {
        let t = token("APIabc", "s3cr3t", 1_000);
        let parts: Vec<&str> = t.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(parts[1])
            .expect("base64url");
        let claims: serde_json::Value = serde_json::from_slice(&claims).expect("json");
        assert_eq!(claims["iss"], "APIabc");
        assert_eq!(claims["exp"], 1_060);
        assert_eq!(claims["video"]["roomList"], true);
        assert!(!t.contains("s3cr3t"));
    }

    #[test]
    fn server_urls_map_to_http() {
        assert_eq!(
            http_base("wss://x.livekit.cloud/").as_deref(),
            Some("https://x.livekit.cloud")
        );
        assert_eq!(
            http_base("ws://localhost:7880").as_deref(),
            Some("http://localhost:7880")
        );
        assert_eq!(http_base("ftp://x"), None);
    }
}
