use keylint_core::rule::Checksum;

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Whether `secret` carries a valid `checksum`.
pub(crate) fn verify(checksum: Checksum, secret: &str) -> bool {
    match checksum {
        Checksum::GithubCrc32 => github_crc32(secret),
    }
}

/// GitHub tokens: `<prefix>_` + 30 random base62 characters + base62(CRC32(random part)) padded
/// to 6 characters.
fn github_crc32(secret: &str) -> bool {
    let Some((_, body)) = secret.rsplit_once('_') else {
        return false;
    };
    if body.len() != 36 || !body.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let (random, check) = body.split_at(30);
    base62_padded(crc32fast::hash(random.as_bytes()), 6) == check
}

fn base62_padded(mut n: u32, width: usize) -> String {
    let mut digits = Vec::with_capacity(width);
    while n > 0 {
        digits.push(BASE62[(n % 62) as usize]);
        n /= 62;
    }
    while digits.len() < width {
        digits.push(b'0');
    }
    digits.reverse();
    String::from_utf8(digits).expect("base62 digits are ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_checksum_round_trip() {
        let random = "Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud";
        let token = format!(
            "ghp_{random}{}",
            base62_padded(crc32fast::hash(random.as_bytes()), 6)
        );
        assert!(verify(Checksum::GithubCrc32, &token));
        let mut broken = token.clone();
        broken.replace_range(5..6, "Q");
        assert!(!verify(Checksum::GithubCrc32, &broken));
        assert!(!verify(Checksum::GithubCrc32, "ghp_short"));
    }
}
