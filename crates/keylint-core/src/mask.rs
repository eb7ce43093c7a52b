/// The character placed between the visible ends of a masked secret.
const ELLIPSIS: char = '…';

/// Masks a secret for display: the first and last four characters of a long secret
/// (`sk-p…Q4xA`), fewer for shorter ones, and nothing at all below eight characters.
///
/// The shown part never exceeds a third of the secret, so a mask never gives away enough of a
/// short password to guess it. Works on characters, not bytes, so multi-byte text is safe.
pub fn mask(secret: &str) -> String {
    let n = secret.chars().count();
    let visible = match n {
        0..=7 => 0,
        8..=15 => 1,
        16..=23 => 2,
        _ => 4,
    };
    if visible == 0 {
        return ELLIPSIS.to_string();
    }
    // Byte offsets of the end of the first `visible` characters and of the start of the last.
    let head = secret
        .char_indices()
        .nth(visible)
        .map_or(secret.len(), |(i, _)| i);
    let tail = secret
        .char_indices()
        .nth_back(visible - 1)
        .map_or(0, |(i, _)| i);
    let mut out = String::with_capacity(head + ELLIPSIS.len_utf8() + secret.len() - tail);
    out.push_str(&secret[..head]);
    out.push(ELLIPSIS);
    out.push_str(&secret[tail..]);
    out
}

/// Replaces every occurrence of `secret` inside `text` by its [`mask`].
///
/// Used to show a source line around a finding without showing the secret itself.
pub fn mask_in(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_owned();
    }
    text.replace(secret, &mask(secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_secret_keeps_four_each_side() {
        assert_eq!(mask("sk-proj-0123456789abcdefQ4xA"), "sk-p…Q4xA");
    }

    #[test]
    fn short_secrets_reveal_little_or_nothing() {
        assert_eq!(mask("secret"), "…");
        assert_eq!(mask(""), "…");
        assert_eq!(mask("password"), "p…d");
        assert_eq!(mask("0123456789abcdef"), "01…ef");
    }

    #[test]
    fn multi_byte_characters_are_kept_whole() {
        assert_eq!(mask("éàü€abcdefghijklmnop€üàé"), "éàü€…€üàé");
        assert_eq!(mask("😀bcdefgh😀"), "😀…😀");
    }

    #[test]
    fn never_reveals_more_than_a_third() {
        for n in 0..200 {
            let s: String = "a".repeat(n);
            let shown = mask(&s).chars().filter(|c| *c != ELLIPSIS).count();
            assert!(shown * 3 <= n.max(1), "len {n} shows {shown}");
        }
    }

    #[test]
    fn multibyte_is_safe() {
        let s = "é".repeat(30);
        assert_eq!(mask(&s), "éééé…éééé");
    }

    #[test]
    fn mask_in_replaces_all_occurrences() {
        let secret = "ghp_0123456789abcdefghijABCDEFGHIJ012345";
        let line = format!("a={secret} b={secret}");
        let masked = mask_in(&line, secret);
        assert!(!masked.contains(secret));
        assert_eq!(masked, "a=ghp_…2345 b=ghp_…2345");
    }
}
