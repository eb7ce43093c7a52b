//! Searching a rule's regex only around its keyword hits, with the matches a search of the
//! whole content finds.
//!
//! A rule runs when one of its keywords occurs in the content; its regex then used to search
//! the whole content, and most of that search found nothing (a keyword once in a 1 MB file). When
//! every match of the pattern contains one of the rule's keywords, and either no match is longer
//! than `n` bytes or no match holds a line break (its [`Reach`]), every match starts in
//! `[hit.end − n, hit.start]`, or on the hit's line before it, of some keyword hit, and ends
//! within `n` bytes of its start, or before the end of that line: the engine searches only there
//! ([`Windows`]), and finds the same matches, in the same order, as a search of the whole
//! content:
//!
//! * windows whose starts overlap or touch are merged, so a match never crosses from one window
//!   into the next, and the search in a window goes on from the end of the previous match, as
//!   the whole-content iteration does;
//! * the search sees the content before the window (look-behind, `\b`) and [`LOOK_MARGIN`] bytes
//!   past the farthest end of a match that can start in it (look-ahead): a match starting in the
//!   window has the same context as in the whole content, and a match the cut end would invent
//!   (`$`, `\b` at the cut) would be longer than `n` or hold the line break, which no match
//!   does;
//! * matches found starting past the window are dropped (the next window finds them).
//!
//! Keyword hits are ASCII case-insensitive; Unicode case folding also maps `ſ` (U+017F) onto `s`
//! and the Kelvin sign (U+212A) onto `k`, so a `(?i)` pattern may match a keyword spelled with
//! them that the keyword automaton does not see: content holding either is searched whole
//! ([`folds_onto_ascii`]).

use std::ops::Range;

use regex::bytes::{Captures, Regex};
use regex_syntax::hir::{Class, Hir, HirKind};

/// Bytes past a match that its assertions read (`\b` reads the next character: at most 4 bytes
/// of UTF-8).
const LOOK_MARGIN: usize = 4;

/// Longest fixed text (a literal repeated `{n}` times) the keyword analysis expands.
const MAX_FIXED: usize = 256;

/// Longest match for which windows are worth it: past it a window is most of a file.
const MAX_REACH: usize = 16 << 10;

/// What one search call costs beyond the bytes it reads, counted in bytes when deciding between
/// windows and one search of the whole content.
const CALL_COST: usize = 128;

/// How far the matches of a pattern reach from a keyword hit they hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reach {
    /// The longest match in bytes (when bounded, and short enough for windows to pay).
    pub(crate) bytes: Option<usize>,
    /// Whether no match holds a line break: a match lies on its hit's line.
    pub(crate) one_line: bool,
}

/// How far matches of `pattern` reach, when every match contains one of `keywords` (ASCII
/// case-insensitive, see the module's note on `ſ` and `K`) and matches are bounded in bytes or
/// to a line; `None` otherwise. The pattern is read as [`keylint_rules::compile_pattern`]
/// compiles it.
pub(crate) fn reach(pattern: &str, keywords: &[String]) -> Option<Reach> {
    let keywords: Vec<Vec<u8>> = keywords
        .iter()
        .filter(|k| !k.is_empty())
        .map(|k| k.to_ascii_lowercase().into_bytes())
        .collect();
    if keywords.is_empty() {
        return None;
    }
    let hir = regex_syntax::ParserBuilder::new()
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()?;
    if !contains_keyword(&hir, &keywords) {
        return None;
    }
    let reach = Reach {
        bytes: hir
            .properties()
            .maximum_len()
            .filter(|&n| n > 0 && n <= MAX_REACH),
        one_line: !may_match_newline(&hir),
    };
    (reach.bytes.is_some() || reach.one_line).then_some(reach)
}

/// Whether some match of `hir` may hold a line feed (conservative: `true` when it cannot tell).
fn may_match_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(lit) => lit.0.contains(&b'\n'),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Repetition(r) => r.max != Some(0) && may_match_newline(&r.sub),
        HirKind::Capture(c) => may_match_newline(&c.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(may_match_newline),
    }
}

/// Whether every match of `hir` contains one of `keywords` (lowercase), ASCII
/// case-insensitively. Conservative: `false` when it cannot tell.
fn contains_keyword(hir: &Hir, keywords: &[Vec<u8>]) -> bool {
    match hir.kind() {
        HirKind::Concat(subs) => {
            // Adjacent parts of fixed text form one run a keyword may straddle.
            let mut run = Vec::new();
            for sub in subs {
                if let Some(text) = fixed_text(sub) {
                    run.extend_from_slice(&text);
                    if has_keyword(&run, keywords) {
                        return true;
                    }
                    continue;
                }
                if contains_keyword(sub, keywords) {
                    return true;
                }
                run.clear();
            }
            false
        }
        HirKind::Alternation(subs) => subs.iter().all(|s| contains_keyword(s, keywords)),
        HirKind::Repetition(r) => r.min >= 1 && contains_keyword(&r.sub, keywords),
        HirKind::Capture(c) => contains_keyword(&c.sub, keywords),
        _ => fixed_text(hir).is_some_and(|t| has_keyword(&t, keywords)),
    }
}

fn has_keyword(text: &[u8], keywords: &[Vec<u8>]) -> bool {
    keywords
        .iter()
        .any(|k| memchr::memmem::find(text, k).is_some())
}

/// The text every match of `hir` spells, lowercase, when it is one text up to ASCII case
/// (literals, a letter in both cases, assertions, fixed repeats).
fn fixed_text(hir: &Hir) -> Option<Vec<u8>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(Vec::new()),
        HirKind::Literal(lit) => Some(lit.0.to_ascii_lowercase()),
        HirKind::Class(class) => one_letter(class).map(|b| vec![b]),
        HirKind::Capture(c) => fixed_text(&c.sub),
        HirKind::Repetition(r) if r.max == Some(r.min) => {
            let one = fixed_text(&r.sub)?;
            let n = usize::try_from(r.min).ok()?;
            (one.len().saturating_mul(n) <= MAX_FIXED).then(|| one.repeat(n))
        }
        HirKind::Concat(subs) => {
            let mut text = Vec::new();
            for sub in subs {
                text.extend(fixed_text(sub)?);
            }
            (text.len() <= MAX_FIXED).then_some(text)
        }
        _ => None,
    }
}

/// The one ASCII byte (lowercase) a class matches up to ASCII case: `[x]`, `[Xx]`, and the
/// Unicode `(?i)` classes of `s` and `k`, which also hold `ſ` and `K` (content with those is
/// searched whole, see [`folds_onto_ascii`]).
fn one_letter(class: &Class) -> Option<u8> {
    let mut chars: Vec<u32> = Vec::new();
    let mut push = |start: u32, end: u32| {
        if start == end && !chars.contains(&start) {
            chars.push(start);
            true
        } else {
            start == end
        }
    };
    let single = match class {
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .all(|r| push(u32::from(r.start()), u32::from(r.end()))),
        Class::Unicode(c) => c
            .ranges()
            .iter()
            .all(|r| push(u32::from(r.start()), u32::from(r.end()))),
    };
    if !single {
        return None;
    }
    chars.retain(|&c| c != 0x17F && c != 0x212A);
    let byte = |v: u32| u8::try_from(v).ok().filter(u8::is_ascii);
    match chars.as_slice() {
        [a] => byte(*a).map(|b| b.to_ascii_lowercase()),
        [a, c] => {
            let (x, y) = (byte(*a)?, byte(*c)?);
            (x != y && x.eq_ignore_ascii_case(&y)).then_some(x.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// Whether `content` holds a character Unicode case folding maps onto an ASCII letter (`ſ`,
/// `K`): a `(?i)` pattern may then match a keyword the keyword automaton did not see.
pub(crate) fn folds_onto_ascii(content: &[u8]) -> bool {
    ["\u{17f}", "\u{212a}"]
        .iter()
        .any(|c| memchr::memmem::find(content, c.as_bytes()).is_some())
}

/// One window: where a match may start, and the farthest a match starting there may end.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Window {
    starts: Range<usize>,
    end: usize,
}

/// The windows of a rule in `content`, from its keyword hits (sorted by start) and its
/// [`Reach`]: overlapping and touching windows merged, in order.
fn windows(content: &[u8], hits: &[Range<usize>], reach: Reach) -> Vec<Window> {
    let mut out: Vec<Window> = Vec::new();
    // The line of the previous hit: `start..end`, `end` at its line feed or the content's end.
    let mut line = 0..0;
    let mut searched = 0;
    for hit in hits {
        let mut starts = 0..hit.start + 1;
        let mut end = usize::MAX;
        if let Some(n) = reach.bytes {
            starts.start = hit.end.saturating_sub(n).min(hit.start);
            end = hit.start + n;
        }
        if reach.one_line {
            if hit.start >= line.end {
                // A new line. Each byte is read at most twice: back to the previous line's end
                // (hits are sorted), then forward to this line's end.
                let start = memchr::memrchr(b'\n', &content[searched..hit.start])
                    .map_or(searched, |i| searched + i + 1);
                let stop = memchr::memchr(b'\n', &content[hit.start..])
                    .map_or(content.len(), |i| hit.start + i);
                line = start..stop;
                searched = stop;
            }
            starts.start = starts.start.max(line.start);
            end = end.min(line.end);
        }
        let window = Window { starts, end };
        match out.last_mut() {
            Some(last) if window.starts.start <= last.starts.end => {
                last.starts.end = last.starts.end.max(window.starts.end);
                last.end = last.end.max(window.end);
            }
            _ => out.push(window),
        }
    }
    out
}

/// A rule's search plan in one content: windows around keyword hits.
pub(crate) struct Windows {
    /// Merged windows, in order.
    windows: Vec<Window>,
}

impl Windows {
    /// Windows around `hits` (keyword hits of the rule, sorted by start) for a pattern of
    /// `reach` in `content`, or `None` when one search of the whole content is cheaper.
    pub(crate) fn new(content: &[u8], hits: &[Range<usize>], reach: Reach) -> Option<Windows> {
        let windows = windows(content, hits, reach);
        let read: usize = windows
            .iter()
            .map(|w| w.end.saturating_sub(w.starts.start) + LOOK_MARGIN + CALL_COST)
            .sum();
        (read < content.len()).then_some(Windows { windows })
    }

    /// Bytes the windows let the regex read (without look-around margins).
    #[cfg(feature = "rule-stats")]
    pub(crate) fn bytes(&self) -> usize {
        self.windows
            .iter()
            .map(|w| w.end.saturating_sub(w.starts.start))
            .sum()
    }

    /// The matches of `regex` in `content` that start in a window: those of
    /// `regex.captures_iter(content)`, when the rule's hits and reach hold.
    pub(crate) fn captures<'r, 'h>(
        &'r self,
        regex: &'r Regex,
        content: &'h [u8],
    ) -> impl Iterator<Item = Captures<'h>> + 'r
    where
        'h: 'r,
    {
        let mut window = 0;
        let mut pos = 0;
        std::iter::from_fn(move || {
            while let Some(Window { starts, end }) = self.windows.get(window) {
                let end = end.saturating_add(LOOK_MARGIN).min(content.len());
                pos = pos.max(starts.start);
                if pos < starts.end {
                    if let Some(caps) = regex.captures_at(&content[..end], pos) {
                        let whole = caps.get(0).map_or(pos..pos, |m| m.range());
                        if whole.start < starts.end {
                            // No match is empty (each holds a keyword); never loop on one.
                            pos = whole.end.max(whole.start + 1);
                            return Some(caps);
                        }
                    }
                }
                window += 1;
            }
            None
        })
    }
}

#[cfg(test)]
// One window is a one-element list of ranges here, not a mistaken range of values.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn kw(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn a_required_keyword_and_a_bound_give_a_reach() {
        // An unbounded repeat: no reach.
        assert_eq!(
            reach(
                r"(?i)livekit[_-]?secret\s*[:=]\s*([A-Za-z0-9]{32})",
                &kw(&["livekit"])
            ),
            None
        );
        assert_eq!(
            bytes(r"livekit[_-]?secret[:=]([A-Za-z0-9]{32})", &["LiveKit"]),
            Some(7 + 1 + 6 + 1 + 32)
        );
        // Bytes, not characters: with `(?i)` a `k` (in the keyword or in `[A-Za-z]`) may be the
        // 3-byte Kelvin sign.
        assert_eq!(
            bytes(r"(?i)kit[:=]([A-Za-z0-9]{4})", &["kit"]),
            Some(3 + 2 + 1 + 4 * 3)
        );
        // A Unicode class counts its longest character.
        assert_eq!(bytes(r"tok_(\w{2})", &["tok_"]), Some(4 + 2 * 4));
    }

    fn bytes(pattern: &str, keywords: &[&str]) -> Option<usize> {
        reach(pattern, &kw(keywords)).and_then(|r| r.bytes)
    }

    #[test]
    fn a_pattern_without_line_feeds_stays_on_its_line() {
        let line = |p: &str| reach(p, &kw(&["tok_"])).map(|r| r.one_line);
        assert_eq!(line(r"(?m)^tok_[ \t]*=[ \t]*([^\s]+)$"), Some(true));
        assert_eq!(line(r"tok_[^\n]*=(\w+)"), Some(true));
        assert_eq!(line(r"tok_[ \t]{0,3}=([a-z]{8})"), Some(true));
        // `\s`, `.` with `(?s)`, a literal line feed: unbounded and not one line, no reach.
        assert_eq!(line(r"tok_\s*=(\w+)"), None);
        assert_eq!(line(r"(?s)tok_.*=(\w+)"), None);
        assert_eq!(line(r"tok_\n+(\w+)"), None);
        // Bounded but across lines: a reach in bytes only.
        assert_eq!(line(r"tok_\s{0,3}=([a-z]{8})"), Some(false));
    }

    #[test]
    fn the_keyword_may_straddle_literals_and_case_classes() {
        assert_eq!(
            bytes(r"\bsk-(?i:proj)-([A-Za-z0-9]{48})\b", &["sk-proj-"]),
            Some(8 + 48)
        );
        assert_eq!(
            bytes(r"(?i)\bdeepseek[^\n]{0,4}(x{2})", &["DeepSeek"]),
            Some(6 + 2 + 3 + 4 * 4 + 2)
        );
    }

    #[test]
    fn an_optional_or_alternative_keyword_gives_no_reach() {
        assert_eq!(reach(r"(?:ghp_)?([a-z0-9]{36})", &kw(&["ghp_"])), None);
        assert_eq!(reach(r"(?:ghp_|gho_)([a-z0-9]{36})", &kw(&["ghp_"])), None);
        assert_eq!(
            bytes(r"(?:ghp_|gho_)([a-z0-9]{36})", &["ghp_", "gho_"]),
            Some(4 + 36)
        );
        assert_eq!(reach(r"token=([a-z0-9]{36})", &kw(&["secret"])), None);
        assert_eq!(reach(r"s[kx]-([a-z0-9]{36})", &kw(&["sk-"])), None);
        assert_eq!(bytes(r"s[kK]-([a-z0-9]{36})", &["sk-"]), Some(3 + 36));
        assert_eq!(reach(r"([a-z0-9]{36})", &kw(&[])), None);
        // Far too long for windows to pay, and not bounded to a line.
        assert_eq!(reach(r"tok_([a-z\n]{1,20000})", &kw(&["tok_"])), None);
    }

    #[test]
    fn only_two_non_ascii_characters_fold_onto_ascii_letters() {
        // What `folds_onto_ascii` looks for: no other character outside ASCII is matched by a
        // `(?i)` ASCII letter.
        let letters = Regex::new(r"(?i)^[a-z]$").expect("regex");
        let folding: Vec<char> = (0x80..=0x10_FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| letters.is_match(c.to_string().as_bytes()))
            .collect();
        assert_eq!(folding, ['\u{17f}', '\u{212a}']);
        assert!(folds_onto_ascii("a \u{212a}ey".as_bytes()));
        assert!(!folds_onto_ascii("clé".as_bytes()));
    }

    #[test]
    fn touching_and_overlapping_starts_merge() {
        let text = [b' '; 100];
        let starts = |hits: &[Range<usize>], n| -> Vec<Range<usize>> {
            let reach = Reach {
                bytes: Some(n),
                one_line: false,
            };
            windows(&text, hits, reach)
                .into_iter()
                .map(|w| w.starts)
                .collect()
        };
        assert_eq!(starts(&[10..14, 30..34], 8), [6..11, 26..31]);
        assert_eq!(starts(&[10..14, 15..19], 8), [6..16]);
        assert_eq!(starts(&[10..14, 12..16], 8), [6..13]);
        // A hit at the start of the content.
        assert_eq!(starts(&[0..4], 8), [0..1]);
        // A reach shorter than the hit (a keyword longer than a match cannot be): never before
        // the hit's own start.
        assert_eq!(starts(&[10..20], 4), [10..11]);
    }

    #[test]
    fn a_window_of_a_one_line_pattern_is_its_line() {
        let text = b"ab\ncd tok_ x tok_\n\nef tok_";
        let hits = hits(text, &["tok_"]);
        let line = Reach {
            bytes: None,
            one_line: true,
        };
        let w = |r| -> Vec<(Range<usize>, usize)> {
            windows(text, &hits, r)
                .into_iter()
                .map(|w| (w.starts, w.end))
                .collect()
        };
        assert_eq!(w(line), [(3..14, 17), (19..23, 26)]);
        // A bound in bytes as well: the tighter of the two.
        let both = Reach {
            bytes: Some(5),
            ..line
        };
        assert_eq!(w(both), [(5..7, 11), (12..14, 17), (21..23, 26)]);
    }

    /// Every keyword hit in `content` (ASCII case-insensitive), sorted.
    fn hits(content: &[u8], keywords: &[&str]) -> Vec<Range<usize>> {
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(keywords)
            .expect("automaton");
        let mut hits: Vec<Range<usize>> = ac
            .find_overlapping_iter(content)
            .map(|m| m.range())
            .collect();
        hits.sort_by_key(|h| h.start);
        hits
    }

    /// Windowed matches against the whole-content ones, with the whole-content search forced
    /// into windows (no cost check).
    fn same_matches(pattern: &str, keywords: &[&str], content: &str) -> usize {
        let reach = reach(pattern, &kw(keywords)).expect("reach");
        let regex = Regex::new(pattern).expect("regex");
        let content = content.as_bytes();
        let windows = Windows {
            windows: windows(content, &hits(content, keywords), reach),
        };
        let whole: Vec<_> = regex.captures_iter(content).map(|c| spans(&c)).collect();
        let windowed: Vec<_> = windows
            .captures(&regex, content)
            .map(|c| spans(&c))
            .collect();
        assert_eq!(
            windowed,
            whole,
            "{pattern} in {:?}",
            String::from_utf8_lossy(content)
        );
        whole.len()
    }

    #[test]
    fn windows_find_what_the_whole_content_holds() {
        let tok = r"\btok_([a-z0-9]{8})\b";
        // Hit at the start and at the end of the content.
        assert_eq!(same_matches(tok, &["tok_"], "tok_abcd1234"), 1);
        assert_eq!(same_matches(tok, &["tok_"], "x = tok_abcd1234"), 1);
        // A hit whose match would run past the end of the content.
        assert_eq!(same_matches(tok, &["tok_"], "x = tok_abcd12"), 0);
        // Two matches in one window; overlapping windows.
        assert_eq!(same_matches(tok, &["tok_"], "tok_abcd1234 tok_efgh5678"), 2);
        assert_eq!(
            same_matches(tok, &["tok_"], "tok_tok_abcd1234 tok_efgh5678tok_"),
            0
        );
        assert_eq!(
            same_matches(tok, &["tok_"], "tok_,tok_abcd1234,tok_efgh5678"),
            2
        );
        // `\b` after the cut: the text goes on past the window's last possible match.
        assert_eq!(
            same_matches(tok, &["tok_"], &format!("tok_abcd1234{}", "z".repeat(40))),
            0
        );
        // `\b` before the window: the search sees the text before it.
        assert_eq!(
            same_matches(tok, &["tok_"], "xtok_abcd1234 tok_abcd1234"),
            1
        );
        // `$` only at the real end, not at a window's end.
        let end = r"tok_([a-z0-9]{8})$";
        assert_eq!(same_matches(end, &["tok_"], "tok_abcd1234 and more"), 0);
        assert_eq!(same_matches(end, &["tok_"], "a tok_abcd1234"), 1);
        // Non-ASCII text around the keyword: Unicode `\w` and `\s` read characters.
        let word = r"(?i)key\s{0,2}[:=]\s{0,2}(\w{4,8})";
        assert_eq!(same_matches(word, &["key"], "clé key:\u{a0}Grüße1 done"), 1);
        assert_eq!(
            same_matches(word, &["key"], "KEY=密码密码密码密码 key= ab"),
            1
        );
    }

    #[test]
    fn a_match_never_crosses_a_window_edge() {
        // A gap between the keyword and the value: the match starts well before the value and
        // reaches into the next hit's window, which merges with it.
        let gap = r"(?i)secret[^\n]{0,12}(s[a-z0-9]{10})";
        let text = "SECRET ........ s0123456789 secret: sabcdefghij\nsecret";
        assert_eq!(same_matches(gap, &["secret"], text), 2);
        // Many hits, each a possible start: 1000 windows, one merged window.
        let many = "secret ".repeat(1000) + "s0123456789";
        assert_eq!(same_matches(gap, &["secret"], &many), 1);
    }

    #[test]
    fn a_multi_line_pem_block_matches_in_its_window() {
        let pem = r"-----BEGIN TEST KEY-----\n([A-Za-z0-9+/=\n]{16,200})-----END TEST KEY-----";
        let block = format!(
            "-----BEGIN TEST KEY-----\n{}\n{}\n-----END TEST KEY-----",
            "QUJD".repeat(16),
            "REVG".repeat(10)
        );
        let text = format!(
            "{}\n{block}\n{}\n{block}",
            "x\n".repeat(500),
            "y\n".repeat(500)
        );
        assert_eq!(same_matches(pem, &["-----BEGIN TEST KEY-----"], &text), 2);
    }

    /// Every built-in rule whose matches hold a keyword finds, in windows, what a search of the
    /// whole text finds: its examples and negative examples alone, twice, next to non-ASCII
    /// text, between extra keyword hits, glued to word characters, and far into a longer text.
    #[test]
    fn built_in_rules_find_the_same_matches_in_windows() {
        let mut windowed = 0;
        for rule in keylint_rules::builtin() {
            let Some(pattern) = rule.pattern.as_ref().map(|p| p.get_ref().as_str()) else {
                continue;
            };
            let Some(reach) = reach(pattern, &rule.keywords) else {
                continue;
            };
            windowed += 1;
            let regex = keylint_rules::compile_pattern(pattern).expect("built-in pattern");
            let keywords: Vec<&str> = rule.keywords.iter().map(String::as_str).collect();
            let keyword = keywords[0];
            let far = "q".repeat(reach.bytes.unwrap_or(100) + 8);
            for example in rule.examples.iter().chain(&rule.negative_examples) {
                let texts = [
                    example.clone(),
                    format!("{example}\n{example}"),
                    format!("clé {example} 密码"),
                    format!("{keyword} {example} {keyword}{keyword}"),
                    format!("x{example}z"),
                    format!("{far}\n{example}\n{far}\n{example}"),
                ];
                for text in &texts {
                    let content = text.as_bytes();
                    let windows = Windows {
                        windows: windows(content, &hits(content, &keywords), reach),
                    };
                    let whole: Vec<_> = regex.captures_iter(content).map(|c| spans(&c)).collect();
                    let found: Vec<_> = windows
                        .captures(&regex, content)
                        .map(|c| spans(&c))
                        .collect();
                    assert_eq!(found, whole, "rule {} in {text:?}", rule.id);
                }
            }
        }
        assert!(windowed > 100, "only {windowed} rules searched in windows");
    }

    fn spans(caps: &Captures<'_>) -> Vec<Option<Range<usize>>> {
        caps.iter().map(|m| m.map(|m| m.range())).collect()
    }

    #[test]
    fn windows_pay_only_on_a_small_share_of_the_content() {
        let reach = Reach {
            bytes: Some(10),
            one_line: false,
        };
        assert!(Windows::new(&[b' '; 100], &[0..4], reach).is_none());
        assert!(Windows::new(&[b' '; 1000], &[0..4], reach).is_some());
        let dense: Vec<Range<usize>> = (0..100).map(|i| i * 10..i * 10 + 4).collect();
        assert!(Windows::new(&[b' '; 1000], &dense, reach).is_none());
    }
}
