//! AWS: STS `GetCallerIdentity`, signed with Signature Version 4 from the access key id (the
//! partner found beside the secret) and the secret access key. Read-only, free, needs no IAM
//! permission; the answer names the account and the caller's ARN.

use hmac::{Hmac, Mac as _};
use sha2::{Digest as _, Sha256};

use crate::http::Request;
use crate::providers::{Creds, Ctx, judge};
use crate::{Reason, Verdict};

const BODY: &str = "Action=GetCallerIdentity&Version=2011-06-15";
const REGION: &str = "us-east-1";
const SERVICE: &str = "sts";

/// HMAC-SHA256 of `data` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Seconds since the Unix epoch, now.
pub(crate) fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `YYYYMMDD'T'HHMMSS'Z'` of `secs` since the epoch (UTC), as `SigV4` dates requests.
fn amz_date(secs: u64) -> String {
    let utc = keylint_input::git::rfc3339(i64::try_from(secs).unwrap_or(0), 0);
    let digits: String = utc
        .chars()
        .take(19)
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect();
    format!("{digits}Z")
}

/// The `Authorization` header of the STS request at `amz_date` for `host`.
fn authorization(key_id: &str, secret: &str, host: &str, amz_date: &str) -> String {
    let date = &amz_date[..8];
    let payload_hash = hex(&Sha256::digest(BODY));
    let signed_headers = "content-type;host;x-amz-date";
    let canonical = format!(
        "POST\n/\n\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:{host}\nx-amz-date:{amz_date}\n\n{signed_headers}\n{payload_hash}"
    );
    let scope = format!("{date}/{REGION}/{SERVICE}/aws4_request");
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical))
    );
    let mut key = hmac_sha256(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    for part in [REGION, SERVICE, "aws4_request"] {
        key = hmac_sha256(&key, part.as_bytes());
    }
    let signature = hex(&hmac_sha256(&key, to_sign.as_bytes()));
    format!(
        "AWS4-HMAC-SHA256 Credential={key_id}/{scope}, SignedHeaders={signed_headers}, Signature={signature}"
    )
}

/// Asks STS who the key pair is: 200 live (with the ARN), 403 invalid.
pub(crate) fn check(ctx: &Ctx<'_>, creds: &Creds<'_>) -> Result<Verdict, Reason> {
    let key_id = creds
        .partner
        .ok_or(Reason::Unsupported("needs its key id found beside it"))?;
    let base = ctx.options.base(ctx.host);
    let host = base
        .split_once("://")
        .map_or(base.as_str(), |(_, rest)| rest)
        .trim_end_matches('/');
    let date = amz_date(unix_now());
    let reply = ctx.client.send(&Request {
        method: "POST",
        url: format!("{base}/"),
        headers: vec![
            (
                "Content-Type".into(),
                "application/x-www-form-urlencoded; charset=utf-8".into(),
            ),
            ("X-Amz-Date".into(), date.clone()),
            (
                "Authorization".into(),
                authorization(key_id, creds.secret, host, &date),
            ),
        ],
        body: Some(BODY.to_owned()),
        untrusted_host: false,
    })?;
    judge(&reply, &[200], &[403], |r| {
        let arn = r
            .body
            .split_once("<Arn>")
            .and_then(|(_, rest)| rest.split_once("</Arn>"))
            .map(|(arn, _)| format!("arn {arn}"));
        Verdict::Live(arn)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_civil() {
        assert_eq!(amz_date(0), "19700101T000000Z");
        assert_eq!(amz_date(1_700_000_000), "20231114T221320Z");
        assert_eq!(amz_date(951_782_400), "20000229T000000Z");
    }

    #[test]
    fn signature_follows_sigv4() {
        // AWS's documented example credentials (synthetic), built at run time.
        let key_id = format!("AKIA{}", "IOSFODNN7EXAMPLE");
        let secret = format!("wJalrXUtnFEMI/K7MDENG+{}", "bPxRfiCYEXAMPLEKEY");
        let header = authorization(&key_id, &secret, "sts.amazonaws.com", "20150830T123600Z");
        assert!(header.starts_with(&format!(
            "AWS4-HMAC-SHA256 Credential={key_id}/20150830/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="
        )));
        let signature = header.rsplit('=').next().unwrap_or_default();
        assert_eq!(signature.len(), 64);
        // The signing key derivation of the SigV4 documentation's worked example.
        let mut key = hmac_sha256(format!("AWS4{secret}").as_bytes(), b"20150830");
        for part in ["us-east-1", "iam", "aws4_request"] {
            key = hmac_sha256(&key, part.as_bytes());
        }
        assert_eq!(
            hex(&key),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
        );
    }
}
