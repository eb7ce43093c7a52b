//! THE masker: how a secret is shown ([`mask`]), and how a line around it is shown with every
//! secret, every assigned value and everything not understood hidden ([`mask_spans`],
//! [`value_spans`], [`opaque_spans`]). Every output of keylint (snippets, diffs, messages) masks
//! through these functions, so one rule holds everywhere: no run of 8 characters of a value on a
//! line that held a finding or a `.env` entry is shown without `--show-secrets`.

use std::ops::Range;

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

/// Whether `text` is what [`mask`] makes of a secret: it holds the ellipsis every mask
/// does (a text read back from a report, already masked).
pub fn is_masked(text: &str) -> bool {
    text.contains(ELLIPSIS)
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

/// `text` with, on every line holding one of `secrets`, each copy of them and every
/// [value](value_spans) masked; other lines as they are. For diffs of rewritten sources: the
/// lines that held a secret may hold others no rule detected.
pub fn mask_secret_lines(text: &str, secrets: &[&str]) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let mut spans: Vec<Range<usize>> = secrets
            .iter()
            .filter(|s| !s.is_empty())
            .flat_map(|s| line.match_indices(s).map(|(i, m)| i..i + m.len()))
            .collect();
        if spans.is_empty() {
            out.push_str(line);
            continue;
        }
        let body = line.trim_end_matches(['\n', '\r']);
        spans.extend(value_spans(body));
        spans.retain(|r| r.end <= body.len());
        out.push_str(&mask_spans(body, &spans, &(0..0)).0);
        out.push_str(&line[body.len()..]);
    }
    out
}

/// The values of `text` (a config file) that may be credentials: [values](value_spans) of at
/// least [`MIN_HIDDEN`] characters made of the characters keys are made of (letters, digits,
/// `-_+/=.`) with a digit among them. Patterns, globs, paths and prose are not, so errors about
/// them stay readable.
pub fn credential_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        out.extend(value_spans(line).into_iter().filter_map(|r| {
            let v = &line[r.clone()];
            let token = v
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_+/=.".contains(&b))
                && v.bytes().any(|b| b.is_ascii_digit());
            token.then(|| at + r.start..at + r.end)
        }));
        at += line.len();
    }
    out
}

/// `text` with every byte of `spans` replaced by `*` (a multi-byte character by as many), so
/// byte offsets into it stay valid: for a source that error labels point into.
pub fn blank_spans(text: &str, spans: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for r in merge_spans(text, spans) {
        out.push_str(&text[pos..r.start]);
        out.extend(std::iter::repeat_n('*', r.len()));
        pos = r.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Shortest run of characters that is hidden when it is not understood: a mask shows at most
/// four characters on each side, so nothing shorter than this can leak a useful part of a value.
pub const MIN_HIDDEN: usize = 8;

/// Masks a value and keeps its syntax visible: a `key: secret` pair (`LIVEKIT_KEYS`, whose
/// exact `: ` matters) is masked part by part, separator shown (`"devkey: secret"` →
/// `…: …`); anything else is [`mask`]ed whole. Each part shows at most a third of itself, so
/// the pair never shows more than its whole mask would.
pub fn mask_keeping_syntax(text: &str) -> String {
    let pair = text.split_once(':').filter(|(key, rest)| {
        let secret = rest.trim_start_matches([' ', '\t']);
        !key.is_empty()
            && !key.contains(char::is_whitespace)
            && !secret.is_empty()
            && !secret.contains([':', ' ', '\t', '\n', '\r'])
    });
    match pair {
        Some((key, rest)) => {
            let secret = rest.trim_start_matches([' ', '\t']);
            let gap = &rest[..rest.len() - secret.len()];
            format!("{}:{gap}{}", mask(key), mask(secret))
        }
        None => mask(text),
    }
}

/// The masked form of `text` in a one-line display: [`mask_keeping_syntax`] with line breaks
/// shown as `⏎`.
fn mask_one_line(text: &str) -> String {
    let masked = mask_keeping_syntax(text);
    if masked.contains(['\n', '\r']) {
        masked.replace(['\n', '\r'], "⏎")
    } else {
        masked
    }
}

/// The line `line` (a byte range) of `text` as a snippet shows it: every range of `spans`
/// (byte offsets in `text`) that touches it [masked](mask_spans), and, with `values`, when one
/// does, every [value](value_spans) written on it too (a line that holds a secret may hold
/// others nobody understood); with `focus` (offsets in `text`) mapped into the result.
///
/// ```
/// use keylint_core::mask::mask_line;
/// let text = "A=1\nTOKEN=aaaaaaaaaabbbbbbbbbb\n";
/// let (line, focus) = mask_line(text, 4..30, [&(10..30)], &(10..30), false);
/// assert_eq!(line, "TOKEN=aa…bb");
/// assert_eq!(&line[focus], "aa…bb");
/// ```
pub fn mask_line<'a>(
    text: &str,
    line: Range<usize>,
    spans: impl IntoIterator<Item = &'a Range<usize>>,
    focus: &Range<usize>,
    values: bool,
) -> (String, Range<usize>) {
    let (start, end) = (line.start, line.end);
    let mut on_line: Vec<Range<usize>> = spans
        .into_iter()
        .filter(|r| !r.is_empty() && r.start < end && r.end > start)
        .map(|r| r.start.max(start) - start..r.end.min(end) - start)
        .collect();
    if values && !on_line.is_empty() {
        on_line.extend(value_spans(&text[line.clone()]));
    }
    let focus = focus.start.saturating_sub(start)..focus.end.saturating_sub(start);
    mask_spans(&text[line], &on_line, &focus)
}

/// `text` with every byte range of `spans` replaced by its [`mask`] (line breaks inside a mask
/// shown as `⏎`), and `focus` mapped into the result: the whole mask when `focus` starts inside
/// one, else the same characters.
///
/// `spans` may be unsorted, overlap, touch, reach past the end or cut characters: they are
/// clamped, widened to whole characters and merged first (touching spans become one mask, so
/// two masks never show their visible ends side by side).
pub fn mask_spans(
    text: &str,
    spans: &[Range<usize>],
    focus: &Range<usize>,
) -> (String, Range<usize>) {
    let merged = merge_spans(text, spans);
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    // (input offset, output offset) at the start of each unmasked stretch.
    let mut map: Vec<(usize, usize)> = Vec::with_capacity(merged.len() + 1);
    let mut focus_out = None;
    for r in &merged {
        map.push((pos, out.len()));
        out.push_str(&text[pos..r.start]);
        let masked = mask_one_line(&text[r.clone()]);
        if r.start <= focus.start && focus.start < r.end {
            focus_out = Some(out.len()..out.len() + masked.len());
        }
        out.push_str(&masked);
        pos = r.end;
    }
    map.push((pos, out.len()));
    out.push_str(&text[pos..]);
    let focus_out = focus_out.unwrap_or_else(|| {
        let to_out = |x: usize| {
            let x = x.min(text.len());
            map.iter()
                .rev()
                .find(|(i, _)| *i <= x)
                .map_or(0, |(i, o)| o + (x - i))
                .min(out.len())
        };
        let s = to_out(focus.start);
        let e = to_out(focus.end).max(s);
        // A focus ending inside a mask covers it whole.
        let e = merged
            .iter()
            .find(|r| r.start < focus.end && focus.end <= r.end && r.start >= focus.start)
            .map_or(e, |r| {
                let start = to_out(r.start);
                start + mask_one_line(&text[r.clone()]).len()
            })
            .max(s);
        s..e
    });
    let s = focus_out.start.min(out.len());
    let e = focus_out.end.clamp(s, out.len());
    (out, s..e)
}

/// `spans` clamped to `text`, widened to character boundaries, sorted and merged (touching
/// spans too); empty spans dropped.
fn merge_spans(text: &str, spans: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted: Vec<Range<usize>> = spans
        .iter()
        .filter_map(|r| {
            let mut a = r.start.min(text.len());
            let mut b = r.end.min(text.len());
            while !text.is_char_boundary(a) {
                a -= 1;
            }
            while !text.is_char_boundary(b) {
                b += 1;
            }
            (a < b).then_some(a..b)
        })
        .collect();
    sorted.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// Whether `word` reads as a variable or key name (`OPENAI_API_KEY`, `apiKey`, `S3_BUCKET`,
/// `process.env.DB_URL`) rather than a value: such words stay visible in masked lines so
/// messages keep saying which key is concerned.
///
/// Names are words of letters, each part (between `_`, `-`, `.`) optionally ending with up to
/// three digits; letters mix case only as camel-case words. Random tokens (`ghp_Zq8Lx3Rf…`,
/// `AKIAIOSFODNN7EXAMPLE`) mix digits into letters and are not names.
pub fn looks_like_name(word: &str) -> bool {
    if word.is_empty() || word.len() > 64 {
        return false;
    }
    if !word
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return false;
    }
    word.split(['_', '-', '.']).all(is_name_part)
}

fn is_name_part(part: &str) -> bool {
    let letters_end = part
        .bytes()
        .position(|b| b.is_ascii_digit())
        .unwrap_or(part.len());
    let (letters, digits) = part.split_at(letters_end);
    if digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if letters.bytes().all(|b| b.is_ascii_lowercase())
        || letters.bytes().all(|b| b.is_ascii_uppercase())
    {
        return true;
    }
    // camelCase / PascalCase: words start at an uppercase letter that follows a lowercase one
    // or precedes one; after the first, at most half the words of two letters and none of one.
    let b = letters.as_bytes();
    let mut words = Vec::new();
    let mut start = 0;
    for i in 1..b.len() {
        let upper = b[i].is_ascii_uppercase();
        let after_lower = b[i - 1].is_ascii_lowercase();
        let before_lower = b.get(i + 1).is_some_and(u8::is_ascii_lowercase);
        if upper && (after_lower || (before_lower && b[i - 1].is_ascii_uppercase())) {
            words.push(i - start);
            start = i;
        }
    }
    words.push(b.len() - start);
    let rest = &words[1..];
    rest.iter().all(|&n| n >= 2) && rest.iter().filter(|&&n| n == 2).count() * 2 <= rest.len() + 1
}

/// Runs of text that are not understood, to hide on a line that could not be read as
/// `KEY=value` (a syntax error, a comment holding an old assignment, text after a closing
/// quote): every run of at least [`MIN_HIDDEN`] non-space characters that is not a
/// [name](looks_like_name). A run that starts with a name and `=` or `:` (`OLD_KEY=sk-…`) keeps
/// the name and the delimiter visible.
pub fn opaque_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    for word in text.split(|c: char| c.is_whitespace()) {
        let start = i;
        i += word.len()
            + text[start + word.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        let mut from = start;
        let mut rest = word;
        // `#`, `export`: leading punctuation of a comment stays.
        let trimmed = rest.trim_start_matches('#');
        from += rest.len() - trimmed.len();
        rest = trimmed;
        if let Some(d) = rest.find(['=', ':']) {
            if looks_like_name(&rest[..d]) {
                from += d + 1;
                rest = &rest[d + 1..];
            }
        }
        // A word of prose keeps its punctuation (`console…`, `(default),`).
        let word = rest
            .trim_start_matches(['(', '[', '"', '\''])
            .trim_end_matches(['…', '.', ',', ';', ':', '!', '?', ')', ']', '"', '\'']);
        if rest.chars().count() >= MIN_HIDDEN && !looks_like_name(word) {
            out.push(from..from + rest.len());
        }
    }
    out
}

/// Every run of at least [`MIN_HIDDEN`] non-space characters of `text`, names included: for
/// text that can only be part of a value (what follows a closing quote).
pub fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                if text[s..i].chars().count() >= MIN_HIDDEN {
                    out.push(s..i);
                }
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}

/// Values written on a line of source: the content of every quoted string (its
/// [opaque words](opaque_spans) when it holds spaces, so `"devkey: secret"` keeps its key name)
/// and every unquoted value after `=` or `:`, of at least [`MIN_HIDDEN`] characters and not a
/// [name](looks_like_name). A scan snippet hides them all, so a secret no rule detected (an
/// escaped one, the rest of a value a rule matched only part of) is never shown beside a
/// finding.
pub fn value_spans(line: &str) -> Vec<Range<usize>> {
    let b = line.as_bytes();
    let mut out = Vec::new();
    let mut push = |r: Range<usize>| {
        let s = &line[r.clone()];
        if s.chars().count() >= MIN_HIDDEN && !looks_like_name(s) {
            out.push(r);
        }
    };
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'' | b'`') => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != q {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                let end = j.min(b.len());
                let content = &line[start..end];
                if content.contains(char::is_whitespace) {
                    // Words: `"devkey: Zq8L…"` keeps its key name, hides the secret.
                    for r in opaque_spans(content) {
                        push(start + r.start..start + r.end);
                    }
                } else {
                    push(start..end);
                }
                i = end + 1;
            }
            b'=' | b':' => {
                let mut start = i + 1;
                while start < b.len() && matches!(b[start], b' ' | b'\t' | b'=' | b'>') {
                    start += 1;
                }
                let mut end = start;
                while end < b.len()
                    && !matches!(
                        b[end],
                        b' ' | b'\t' | b',' | b';' | b'"' | b'\'' | b'`' | b')' | b'}' | b']'
                    )
                {
                    end += 1;
                }
                if end > start {
                    push(start..end);
                }
                i = end.max(i + 1);
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_secret_pairs_keep_their_separator() {
        assert_eq!(mask_keeping_syntax("devkey: secret"), "…: …");
        assert_eq!(mask_keeping_syntax("devkey:secret"), "…:…");
        assert_eq!(
            mask_keeping_syntax("APIdevkey12345: Zq8Lx3RfT0aPw9Vn2KcYb7Hj5Ms1Ud4Ge6Qo8Ri"),
            "A…5: Zq8L…o8Ri"
        );
        assert_eq!(mask_keeping_syntax("a b: c"), mask("a b: c"));
        assert_eq!(
            mask_keeping_syntax("sk-proj-0123456789abcdefQ4xA"),
            "sk-p…Q4xA"
        );
    }

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
    fn spans_merge_and_map_the_focus() {
        let text = "a=Zq8Lx3RfT0aPw9Vn b=Hj5Ms1Ud4Ge6Qo8R c=1";
        let a = text.find("Zq8").unwrap();
        let b = text.find("Hj5").unwrap();
        let (line, focus) = mask_spans(text, &[b..b + 16, a..a + 16, a + 2..a + 4], &(b..b + 16));
        assert_eq!(line, "a=Zq…Vn b=Hj…8R c=1");
        assert_eq!(&line[focus], "Hj…8R");
        let c = text.find("c=").unwrap();
        let (line, focus) = mask_spans(text, std::slice::from_ref(&(a..a + 16)), &(c..c + 3));
        assert_eq!(&line[focus], "c=1");
        // Touching spans are one mask; spans past the end or inside a character are clamped.
        let (line, _) = mask_spans("é0123456789abcdef", &[1..9, 9..18, 40..50], &(0..0));
        assert_eq!(line, "é0…ef");
        let (line, _) = mask_spans(
            "x\ny0123456789abcdefghijklmnopqrstu",
            std::slice::from_ref(&(0..36)),
            &(0..1),
        );
        assert!(!line.contains('\n'), "{line}");
    }

    #[test]
    fn names_and_tokens() {
        for name in [
            "OPENAI_API_KEY",
            "apiKey",
            "S3_BUCKET",
            "process.env.DB_URL",
            "OAuthToken",
            "getUserById",
            "database",
        ] {
            assert!(looks_like_name(name), "{name}");
        }
        for token in [
            "ghp_Zq8Lx3RfZq8Lx3Rf",
            "AKIAIOSFODNN7EXAMPLE",
            "sk-proj-A1b2C3d4",
            "ZqLxRfTaPwVn",
            "2hpCh\\'YgCf",
            "",
        ] {
            assert!(!looks_like_name(token), "{token}");
        }
    }

    #[test]
    fn opaque_runs_keep_names() {
        let line = "# OLD_KEY=sk-proj-A1b2C3d4A1b2 OPENAI_API_KEY ghp_Zq8Lx3RfZq8Lx3Rf short";
        let shown: Vec<&str> = opaque_spans(line).into_iter().map(|r| &line[r]).collect();
        assert_eq!(shown, ["sk-proj-A1b2C3d4A1b2", "ghp_Zq8Lx3RfZq8Lx3Rf"]);
    }

    #[test]
    fn values_on_a_source_line() {
        let line = r#"const k = {a: "\u0073k-proj-A1b2C3d4", b: 'x', c: process.env.DB_URL, d=Zq8Lx3RfT0aP};"#;
        let shown: Vec<&str> = value_spans(line).into_iter().map(|r| &line[r]).collect();
        assert_eq!(shown, ["\\u0073k-proj-A1b2C3d4", "Zq8Lx3RfT0aP"]);
    }

    #[test]
    fn lines_holding_a_secret_hide_their_values() {
        let text = "a = 1\nk = 'Zq8Lx3RfT0aPw9Vn'; u = \"\\u0048j5Ms1Ud4Ge6Qo8R\"\r\nc = 'Hj5Ms1Ud4Ge6Qo8R'\n";
        let out = mask_secret_lines(text, &["Zq8Lx3RfT0aPw9Vn"]);
        assert_eq!(
            out,
            "a = 1\nk = 'Zq…Vn'; u = \"\\u…8R\"\r\nc = 'Hj5Ms1Ud4Ge6Qo8R'\n"
        );
    }

    #[test]
    fn credentials_in_a_config_are_blanked_in_place() {
        let text = "fail-on = \"Zq8Lx3RfT0aPw9Vn\"\npattern = '''(?i)key\\s*=\\s*([a-z0-9]{32})'''\npaths = [\"src/generated/**\"]\n";
        let spans = credential_spans(text);
        let shown: Vec<&str> = spans.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(shown, ["Zq8Lx3RfT0aPw9Vn"]);
        let blank = blank_spans(text, &spans);
        assert_eq!(blank.len(), text.len());
        assert!(blank.starts_with("fail-on = \"****************\"\npattern"));
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
