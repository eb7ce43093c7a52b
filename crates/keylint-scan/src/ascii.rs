//! Where a rule's pattern can run as a Unicode-free regex without changing what it finds.
//!
//! Compiling a pattern without Unicode costs well under half as much (the catalog's `\s`, `\w`,
//! `[^…]` and `(?i)` classes become byte classes), and on ASCII text both regexes are the same
//! regex: every Unicode class restricted to ASCII is its ASCII class, `\b` sees the same word
//! characters, and a bounded repeat counts the same characters. So the Unicode-free regex is
//! used
//!
//! * on content that is all ASCII, always;
//! * on other content, when every match provably lies in ASCII text: every match of the pattern
//!   contains one of the rule's keywords, matches are at most `n` characters long (with or
//!   without Unicode: the two regexes have the same structure, a class matches one character),
//!   and no byte within `n` bytes ([`AsciiPlan::reach`], plus a margin for `\b` and
//!   look-arounds) of any of the rule's keyword hits is non-ASCII. A match holds a hit and at
//!   most `n` characters, and the `n` bytes each side of the hit are `n` ASCII characters, so
//!   it lies inside that window: there both regexes accept the same matches, and they find the
//!   same ones.
//!
//! One exception: Unicode case folding maps two non-ASCII characters onto ASCII letters
//! (`ſ` U+017F onto `s`, the Kelvin sign U+212A onto `k`), so a Unicode `(?i)` pattern may match
//! a keyword spelled with them, which the ASCII keyword automaton does not see. Content holding
//! either uses the Unicode regex unless it is ASCII.

use std::ops::Range;
use std::sync::OnceLock;

use keylint_core::rule::SecretGroup;
use regex::bytes::Regex;
use regex_syntax::hir::{Class, Hir, HirKind};

/// Bytes beyond a match that its assertions look at (`\b` reads the previous or next character,
/// at most 4 bytes of UTF-8).
const LOOK_MARGIN: usize = 4;

/// Longest fixed text (a literal repeated `{n}` times) the keyword analysis expands.
const MAX_FIXED: usize = 256;

/// The Unicode-free form of a pattern and where it may replace the Unicode one.
pub(crate) struct AsciiPlan {
    /// The pattern compiled without Unicode, and its secret group.
    pub(crate) compiled: (Regex, SecretGroup),
    /// When every match contains a keyword and matches are bounded: how far (in bytes) from a
    /// keyword hit a match, or a byte its assertions read, can reach.
    pub(crate) reach: Option<usize>,
}

impl AsciiPlan {
    /// The plan for `pattern` with the rule's `keywords`, `None` when the pattern has no
    /// Unicode-free form (non-ASCII literals, `\p{…}`, or a different secret group).
    /// `group_of` finds the secret group of a compiled pattern.
    pub(crate) fn new(
        pattern: &str,
        keywords: &[String],
        group_of: impl Fn(&Regex) -> Result<SecretGroup, String>,
    ) -> Option<AsciiPlan> {
        if !pattern.is_ascii() {
            return None;
        }
        let regex = keylint_rules::compile_pattern_ascii(pattern).ok()?;
        let group = group_of(&regex).ok()?;
        Some(AsciiPlan {
            compiled: (regex, group),
            reach: reach(pattern, keywords),
        })
    }
}

/// How far a match of `pattern` reaches from a keyword hit: its longest match in characters
/// plus the look-around margin, when every match contains one of `keywords` (ASCII
/// case-insensitive) and matches are bounded; `None` otherwise.
pub(crate) fn reach(pattern: &str, keywords: &[String]) -> Option<usize> {
    let keywords: Vec<Vec<u8>> = keywords
        .iter()
        .filter(|k| !k.is_empty())
        .map(|k| k.to_ascii_lowercase().into_bytes())
        .collect();
    let ascii = regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()?;
    if !contains_keyword(&ascii, &keywords) {
        return None;
    }
    // Without Unicode every class matches one byte, and the pattern is ASCII: the longest match
    // in bytes is the longest in characters.
    Some(ascii.properties().maximum_len()? + LOOK_MARGIN)
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

/// The one ASCII byte (lowercase) a class matches up to ASCII case: `[x]`, `[Xx]`.
fn one_letter(class: &Class) -> Option<u8> {
    let ranges: Vec<(u32, u32)> = match class {
        Class::Bytes(c) => c
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect(),
        Class::Unicode(c) => c
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end())))
            .collect(),
    };
    let byte = |v: u32| u8::try_from(v).ok().filter(u8::is_ascii);
    match ranges.as_slice() {
        [(a, b)] if a == b => byte(*a).map(|b| b.to_ascii_lowercase()),
        [(a, b), (c, d)] if a == b && c == d => {
            let (x, y) = (byte(*a)?, byte(*c)?);
            (x != y && x.eq_ignore_ascii_case(&y)).then_some(x.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// What the engine knows about the non-ASCII bytes of one content.
pub(crate) struct AsciiMap<'a> {
    content: &'a [u8],
    /// Whether the content is all ASCII.
    all_ascii: bool,
    /// Whether the content holds a character Unicode case folding maps onto an ASCII letter,
    /// looked for on first need.
    folds_onto_ascii: OnceLock<bool>,
}

impl<'a> AsciiMap<'a> {
    /// The map of `content`.
    pub(crate) fn of(content: &'a [u8]) -> AsciiMap<'a> {
        AsciiMap {
            content,
            all_ascii: content.is_ascii(),
            folds_onto_ascii: OnceLock::new(),
        }
    }

    /// Whether the content is all ASCII.
    pub(crate) fn all_ascii(&self) -> bool {
        self.all_ascii
    }

    /// Whether the Unicode-free regex of `plan` finds what the Unicode one finds in this
    /// content, given every keyword hit of the rule (`hits`).
    pub(crate) fn fits(&self, plan: &AsciiPlan, hits: &[Range<usize>]) -> bool {
        if self.all_ascii {
            return true;
        }
        let Some(reach) = plan.reach else {
            return false;
        };
        !hits.is_empty()
            && hits.iter().all(|h| {
                let window = h.start.saturating_sub(reach)..h.end.saturating_add(reach);
                self.content[window.start..window.end.min(self.content.len())].is_ascii()
            })
            && !*self.folds_onto_ascii.get_or_init(|| {
                ["\u{17f}", "\u{212a}"]
                    .iter()
                    .any(|c| memchr::memmem::find(self.content, c.as_bytes()).is_some())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kw(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| (*w).to_owned()).collect()
    }

    #[test]
    fn a_required_literal_gives_a_reach() {
        // An unbounded repeat: no reach.
        let r = reach(
            r"(?i)livekit[_-]?secret\s*[:=]\s*([A-Za-z0-9]{32})",
            &kw(&["livekit"]),
        );
        assert_eq!(r, None);
        let r = reach(
            r"livekit[_-]?secret[:=]([A-Za-z0-9]{32})",
            &kw(&["LiveKit"]),
        );
        assert_eq!(r, Some(7 + 1 + 6 + 1 + 32 + LOOK_MARGIN));
        // Characters, not bytes: with `(?i)` a `k` may be the 3-byte Kelvin sign.
        let r = reach(
            r"(?i)livekit[_-]?secret[:=]([A-Za-z0-9]{32})",
            &kw(&["LiveKit"]),
        );
        assert_eq!(r, Some(7 + 1 + 6 + 1 + 32 + LOOK_MARGIN));
    }

    #[test]
    fn the_keyword_may_straddle_literals_and_case_classes() {
        // `sk-proj-` is `sk-` then `(?i)proj` then `-`.
        let r = reach(r"\bsk-(?i:proj)-([A-Za-z0-9]{48})\b", &kw(&["sk-proj-"]));
        assert_eq!(r, Some(8 + 48 + LOOK_MARGIN));
    }

    #[test]
    fn an_optional_or_alternative_keyword_gives_no_reach() {
        assert_eq!(reach(r"(?:ghp_)?([a-z0-9]{36})", &kw(&["ghp_"])), None);
        assert_eq!(reach(r"(?:ghp_|gho_)([a-z0-9]{36})", &kw(&["ghp_"])), None);
        assert_eq!(
            reach(r"(?:ghp_|gho_)([a-z0-9]{36})", &kw(&["ghp_", "gho_"])),
            Some(4 + 36 + LOOK_MARGIN)
        );
        // A keyword the pattern does not require.
        assert_eq!(reach(r"token=([a-z0-9]{36})", &kw(&["secret"])), None);
        // A class that is not one letter in two cases; one that is.
        assert_eq!(reach(r"s[kx]-([a-z0-9]{36})", &kw(&["sk-"])), None);
        assert_eq!(
            reach(r"s[kK]-([a-z0-9]{36})", &kw(&["sk-"])),
            Some(3 + 36 + LOOK_MARGIN)
        );
        assert_eq!(reach(r"([a-z0-9]{36})", &kw(&[])), None);
    }

    #[test]
    fn a_class_counts_one_character() {
        assert_eq!(
            reach(r"deepseek[^\n]{0,10}(sk-[a-f0-9]{32})", &kw(&["deepseek"])),
            Some(8 + 10 + 35 + LOOK_MARGIN)
        );
    }

    #[test]
    fn only_two_non_ascii_characters_fold_onto_ascii_letters() {
        // The exception `AsciiMap` checks for: every other character outside ASCII is matched
        // by no `(?i)` ASCII letter.
        let letters = Regex::new(r"(?i)^[a-z]$").expect("regex");
        let folding: Vec<char> = (0x80..=0x10_FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| letters.is_match(c.to_string().as_bytes()))
            .collect();
        assert_eq!(folding, ['\u{17f}', '\u{212a}']);
    }

    fn plan(pattern: &str, keywords: &[&str]) -> AsciiPlan {
        AsciiPlan::new(pattern, &kw(keywords), |_| Ok(SecretGroup::Index(1))).expect("plan")
    }

    #[test]
    fn windows_around_hits_must_be_ascii() {
        let p = plan(r"tok_([a-z0-9]{8})", &["tok_"]);
        let reach = p.reach.expect("reach");
        let text = format!("é{}tok_abcdefgh{}é", " ".repeat(reach), " ".repeat(reach));
        let start = text.find("tok_").expect("hit");
        let hits = [start..start + 4];
        assert!(AsciiMap::of(text.as_bytes()).fits(&p, &hits));
        // One byte closer on either side: the window reaches the `é`.
        let near = format!("é{}tok_abcdefgh", " ".repeat(reach - 1));
        let start = near.find("tok_").expect("hit");
        assert!(!AsciiMap::of(near.as_bytes()).fits(&p, &[start..start + 4]));
        let near = format!("tok_{}é", " ".repeat(reach - 1));
        assert!(!AsciiMap::of(near.as_bytes()).fits(&p, &[0..4]));
        // A hit at the start of the content, `é` just beyond the window.
        let edge = format!("tok_{}é", " ".repeat(reach));
        assert!(AsciiMap::of(edge.as_bytes()).fits(&p, &[0..4]));
        // Every hit counts: one far from `é`, one near it.
        let two = format!("tok_{}tok_é", " ".repeat(2 * reach));
        let second = 4 + 2 * reach;
        assert!(!AsciiMap::of(two.as_bytes()).fits(&p, &[0..4, second..second + 4]));
        // ASCII content needs no hit; other content does.
        assert!(AsciiMap::of(b"tok_abcdefgh").fits(&p, &[]));
        assert!(!AsciiMap::of("é".as_bytes()).fits(&p, &[]));
    }

    #[test]
    fn a_long_s_or_kelvin_sign_anywhere_keeps_unicode() {
        let p = plan(r"(?i)tok_([a-z0-9]{8})", &["tok_"]);
        let far = " ".repeat(1000);
        for c in ["\u{17f}", "\u{212a}"] {
            let text = format!("tok_abcdefgh{far}{c}");
            assert!(!AsciiMap::of(text.as_bytes()).fits(&p, &[0..4]));
        }
        let text = format!("tok_abcdefgh{far}é");
        assert!(AsciiMap::of(text.as_bytes()).fits(&p, &[0..4]));
    }

    #[test]
    fn patterns_without_an_ascii_form_have_no_plan() {
        let group = |_: &Regex| Ok(SecretGroup::Index(1));
        assert!(AsciiPlan::new(r"clé=(\w+)", &[], group).is_none());
        assert!(AsciiPlan::new(r"key=(\p{L}+)", &[], group).is_none());
    }
}
