//! What a new version of a file adds to the version it replaces, as text to scan: the added
//! lines with [`LINES_ABOVE`] lines above them and [`CONTEXT_LINES`] below, and the whole `BEGIN … END` block when an added
//! line sits inside a PEM block (a key whose lines were added in several commits matches only
//! whole). Every other line is emptied, not removed, so line and column numbers stay those of
//! the new version and a finding can be checked against the added lines.

use std::ops::Range;

use crate::blob::LineSet;

/// Lines kept after each run of added lines: the end of a short multi-line string, a
/// `keylint:allow` comment under its line.
pub(crate) const CONTEXT_LINES: usize = 5;

/// Lines kept before each run of added lines: the farthest a shipped rule looks above its value
/// in real files. A `LiveKit` `keys:` map names an entry up to eight lines below `keys:`
/// (`livekit-config-keys-secret`); a service account key file's `"type"`, a kubeconfig's
/// `users:` and a Maven `<server>` sit a few lines above their key (those rules reach 600
/// characters, which is more lines only in unusually padded files).
const LINES_ABOVE: usize = 9;

/// How far (in lines) a PEM block is followed from an added line to its `BEGIN` or `END`
/// marker: an 8192-bit RSA key is about 100 lines of base64.
const PEM_REACH: usize = 128;

/// The added lines of `new` relative to `old`, and `new` with everything but those lines and
/// their context emptied; `None` when `new` adds no line (only deletions). The lines both share
/// at the start and at the end are set aside first (a byte comparison); the rest is diffed line
/// by line in process ([`changed_lines`]).
pub(crate) fn added_text(old: &[u8], new: &[u8]) -> Option<(Vec<u8>, LineSet)> {
    let (start, old_end, new_end) = common_ends(old, new);
    let (old_mid, new_mid) = (&old[start..old_end], &new[start..new_end]);
    if new_mid.is_empty() {
        return None;
    }
    // Lines before the changed middle, so the diff's line numbers become the file's.
    let before =
        u32::try_from(memchr::memchr_iter(b'\n', &new[..start]).count()).unwrap_or(u32::MAX);
    let ranges: Vec<(u32, u32)> = changed_lines(old_mid, new_mid)
        .into_iter()
        .map(|(first, last)| (before.saturating_add(first), before.saturating_add(last)))
        .collect();
    if ranges.is_empty() {
        return None;
    }
    let added = LineSet::from_ranges(ranges);
    Some((keep_around(new, &added), added))
}

/// The runs of lines of `new` (1-based, inclusive) that a line diff from `old` adds: Myers'
/// algorithm over interned lines (`imara-diff`), each line with its line end, the last one
/// with or without. It replaces libgit2's patch, which hashed both buffers with SHA-1 and
/// again line by line before diffing (about a sixth of a history audit's time).
fn changed_lines(old: &[u8], new: &[u8]) -> Vec<(u32, u32)> {
    let mut ranges = Vec::new();
    if old.is_empty() {
        let lines = memchr::memchr_iter(b'\n', new).count() + usize::from(!new.ends_with(b"\n"));
        ranges.push((1, u32::try_from(lines).unwrap_or(u32::MAX)));
        return ranges;
    }
    // With their line ends, as libgit2 compared them: `x` and `x\n` are different lines.
    let input = imara_diff::intern::InternedInput::new(
        imara_diff::sources::byte_lines_with_terminator(old),
        imara_diff::sources::byte_lines_with_terminator(new),
    );
    imara_diff::diff(
        imara_diff::Algorithm::Myers,
        &input,
        |_: std::ops::Range<u32>, after: std::ops::Range<u32>| {
            if !after.is_empty() {
                ranges.push((after.start + 1, after.end));
            }
        },
    );
    ranges
}

/// Where `old` and `new` stop sharing whole lines: `(start, old_end, new_end)` such that
/// `old[..start] == new[..start]` and `old[old_end..] == new[new_end..]`, each a run of whole
/// lines.
fn common_ends(old: &[u8], new: &[u8]) -> (usize, usize, usize) {
    let same = shared_len(old, new, false);
    // Back to the start of the line the first difference is on.
    let start = if same == old.len().min(new.len()) && (same == old.len()) == (same == new.len()) {
        same
    } else {
        memchr::memrchr(b'\n', &new[..same]).map_or(0, |i| i + 1)
    };
    let tail = shared_len(&old[start..], &new[start..], true);
    // Forward to the start of a line: after a line end inside the shared tail, unless the tail
    // already starts a line in both.
    let starts_line = |text: &[u8], at: usize| at == start || text[at - 1] == b'\n';
    let tail = if starts_line(old, old.len() - tail) && starts_line(new, new.len() - tail) {
        tail
    } else {
        let from = new.len() - tail;
        memchr::memchr(b'\n', &new[from..]).map_or(0, |i| tail - i - 1)
    };
    (start, old.len() - tail, new.len() - tail)
}

/// How many bytes `a` and `b` share at their start (or, `from_end`, at their end): compared as
/// slices (`memcmp`) in growing blocks, then byte by byte within the first block that differs;
/// most edits leave long runs alike on both sides.
fn shared_len(a: &[u8], b: &[u8], from_end: bool) -> usize {
    let len = a.len().min(b.len());
    // The `n` bytes that are `from` bytes away from the start (or end) of the common length.
    let span = |from: usize, n: usize| {
        if from_end {
            len - from - n..len - from
        } else {
            from..from + n
        }
    };
    let (a, b) = if from_end {
        (&a[a.len() - len..], &b[b.len() - len..])
    } else {
        (&a[..len], &b[..len])
    };
    let (mut done, mut block) = (0, 64);
    while done + block <= len && a[span(done, block)] == b[span(done, block)] {
        done += block;
        block = (block * 2).min(1 << 16);
    }
    done + (done..len)
        .take_while(|&i| {
            let at = span(i, 1).start;
            a[at] == b[at]
        })
        .count()
}

/// `text` with every line outside the windows around `added` (see the module) emptied; line
/// ends are kept.
fn keep_around(text: &[u8], added: &LineSet) -> Vec<u8> {
    let starts = line_starts(text);
    let last = starts.len() - 1;
    let runs: Vec<Range<usize>> = added
        .ranges()
        .map(|(first, end)| {
            starts[(first as usize - 1).min(last)]..starts[(end as usize).min(last)]
        })
        .filter(|run| !run.is_empty())
        .collect();
    let mut out = Vec::with_capacity(text.len().min(64 * 1024));
    // `text[..written]` is written.
    let mut written = 0;
    for window in windows_around(text, &runs) {
        // The lines between two windows, emptied: one line end each.
        let emptied = memchr::memchr_iter(b'\n', &text[written..window.start]).count();
        out.resize(out.len() + emptied, b'\n');
        out.extend_from_slice(&text[window.clone()]);
        written = window.end;
    }
    // The last line may have no line end: an emptied one adds nothing.
    let after = memchr::memchr_iter(b'\n', &text[written..]).count();
    out.resize(out.len() + after, b'\n');
    out
}

/// Where each line of `text` starts, and `text.len()` last: line `n` (1-based) is
/// `text[starts[n - 1]..starts[n]]`.
fn line_starts(text: &[u8]) -> Vec<usize> {
    let mut starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', text).map(|i| i + 1))
        .collect();
    if starts.last() != Some(&text.len()) {
        starts.push(text.len());
    }
    starts
}

/// The start of the line of `text` that holds byte `at` (or ends just before it).
fn line_start(text: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &text[..at]).map_or(0, |i| i + 1)
}

/// The end of the line of `text` that holds byte `at`: after its line end, or the end of
/// `text`.
pub(crate) fn line_end(text: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &text[at..]).map_or(text.len(), |i| at + i + 1)
}

/// The lines of a text around byte offsets asked in increasing order, found by searching each
/// byte for a line end at most twice in all: a delta of a one-line minified file asks for the
/// same line at every seam.
pub(crate) struct LineCursor<'t> {
    text: &'t [u8],
    /// The line last found.
    line: Range<usize>,
}

impl<'t> LineCursor<'t> {
    /// A cursor at the start of `text`.
    pub(crate) fn new(text: &'t [u8]) -> LineCursor<'t> {
        LineCursor { text, line: 0..0 }
    }

    /// The line (with its line end) that holds byte `at`, which is below `text.len()` and not
    /// before the start of the line found last.
    pub(crate) fn line(&mut self, at: usize) -> Range<usize> {
        debug_assert!(at >= self.line.start && at < self.text.len());
        if at >= self.line.end {
            let from = self.line.end;
            let start = memchr::memrchr(b'\n', &self.text[from..at]).map_or(from, |i| from + i + 1);
            self.line = start..line_end(self.text, at);
        }
        self.line.clone()
    }
}

/// The spans of `text` that are scanned for the `changed` lines (sorted, disjoint byte spans
/// of whole lines, each a run of changed lines): each run with [`LINES_ABOVE`] lines above and
/// [`CONTEXT_LINES`] below, grown to the whole PEM block the run sits in; sorted, and merged
/// where they overlap or touch. Lines are found from each run outwards, so a change to a long
/// file costs what its windows hold, not the file.
pub(crate) fn windows_around(text: &[u8], changed: &[Range<usize>]) -> Vec<Range<usize>> {
    let pem = !changed.is_empty() && PEM_MARKERS.begin.find(text).is_some();
    let mut windows: Vec<Range<usize>> = Vec::with_capacity(changed.len());
    for run in changed {
        let mut lo = lines_up(text, run.start, LINES_ABOVE);
        let mut hi = lines_down(text, run.end, CONTEXT_LINES);
        if pem {
            if let Some(begin) = pem_marker(text, run.start, Direction::Up) {
                lo = lo.min(begin);
            }
            if let Some(end) = pem_marker(text, run.end, Direction::Down) {
                hi = hi.max(end);
            }
        }
        // A PEM block can reach back past earlier windows: merged as spans.
        windows.push(lo..hi);
    }
    windows.sort_unstable_by_key(|window| window.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(windows.len());
    for window in windows {
        match merged.last_mut() {
            Some(last) if window.start <= last.end => last.end = last.end.max(window.end),
            _ => merged.push(window),
        }
    }
    merged
}

/// The start of the line `n` lines above the line that starts at `start` (or the first line).
fn lines_up(text: &[u8], start: usize, n: usize) -> usize {
    if start == 0 || n == 0 {
        return start;
    }
    memchr::memrchr_iter(b'\n', &text[..start - 1])
        .nth(n - 1)
        .map_or(0, |i| i + 1)
}

/// The end of the line `n` lines below the line that ends at `end` (or of the last line).
fn lines_down(text: &[u8], end: usize, n: usize) -> usize {
    if end >= text.len() || n == 0 {
        return end;
    }
    memchr::memchr_iter(b'\n', &text[end..])
        .nth(n - 1)
        .map_or(text.len(), |i| end + i + 1)
}

#[derive(Clone, Copy)]
enum Direction {
    Up,
    Down,
}

/// The markers of a PEM block, each with a finder built once.
struct PemMarkers {
    begin: memchr::memmem::Finder<'static>,
    end: memchr::memmem::Finder<'static>,
    begin_rev: memchr::memmem::FinderRev<'static>,
    end_rev: memchr::memmem::FinderRev<'static>,
}

static PEM_MARKERS: std::sync::LazyLock<PemMarkers> = std::sync::LazyLock::new(|| PemMarkers {
    begin: memchr::memmem::Finder::new(b"-----BEGIN"),
    end: memchr::memmem::Finder::new(b"-----END"),
    begin_rev: memchr::memmem::FinderRev::new(b"-----BEGIN"),
    end_rev: memchr::memmem::FinderRev::new(b"-----END"),
});

/// From the line boundary `from` (a run's start for [`Direction::Up`], its end for
/// [`Direction::Down`]), the nearest `-----BEGIN` line above (its start) or `-----END` line
/// below (its end) within [`PEM_REACH`] lines, when no marker of the other kind comes first:
/// the run is then inside a PEM block. The nearest line with a marker is the one that holds
/// the marker nearest to `from`, found in one search of those lines.
fn pem_marker(text: &[u8], from: usize, direction: Direction) -> Option<usize> {
    let markers = &*PEM_MARKERS;
    let nearest = match direction {
        Direction::Up => {
            let reach = lines_up(text, from, PEM_REACH);
            let lines = &text[reach..from];
            let begin = markers.begin_rev.rfind(lines);
            let end = markers.end_rev.rfind(lines);
            reach + begin.max(end)?
        }
        Direction::Down => {
            let reach = lines_down(text, from, PEM_REACH);
            let lines = &text[from..reach];
            let begin = markers.begin.find(lines);
            let end = markers.end.find(lines);
            let nearest = match (begin, end) {
                (Some(b), Some(e)) => b.min(e),
                (b, e) => b.or(e)?,
            };
            from + nearest
        }
    };
    let line = line_start(text, nearest)..line_end(text, nearest);
    let (wanted, at) = match direction {
        Direction::Up => (&markers.begin, line.start),
        Direction::Down => (&markers.end, line.end),
    };
    wanted.find(&text[line]).map(|_| at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(n: u32) -> String {
        (1..=n)
            .map(|i| format!("line {i}"))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n"
    }

    /// [`added_text`] as text.
    fn added(old: &str, new: &str) -> Option<(String, LineSet)> {
        added_text(old.as_bytes(), new.as_bytes())
            .map(|(text, lines)| (String::from_utf8(text).unwrap(), lines))
    }

    #[test]
    fn shared_ends_are_whole_lines() {
        for (old, new, lines) in [
            ("a\nb\nc\n", "a\nb\nX\nc\n", vec![3]),
            ("a\nb\nc\n", "a\nbX\nc\n", vec![2]),
            ("a\nb\n", "a\nb\nc", vec![3]),
            ("a\nb", "a\nbc", vec![2]),
            ("", "a\n", vec![1]),
            ("abc\n", "xabc\n", vec![1]),
            ("a\nb\n", "b\na\nb\n", vec![1]),
            ("a\nb\nc\nd\n", "a\nX\nY\nd\n", vec![2, 3]),
        ] {
            let (_, added) = added(old, new).unwrap();
            assert_eq!(added, LineSet::from_lines(lines), "{old:?} -> {new:?}");
        }
        assert!(added("a\nb\n", "a\n").is_none());
        // A line end added to the last line changes that line, as in git's diff.
        assert_eq!(
            added("a\nb", "a\nb\n").unwrap().1,
            LineSet::from_lines(vec![2])
        );
        assert!(added("a\nb\n", "a\nb\n").is_none());
    }

    #[test]
    fn shared_len_agrees_with_a_byte_by_byte_count_across_blocks() {
        let base: Vec<u8> = (0..70_000u32).map(|i| b'a' + (i % 23) as u8).collect();
        for at in [0, 1, 63, 64, 65, 191, 192, 1000, 65_599, 69_999] {
            let mut other = base.clone();
            other[at] = b'#';
            let naive = |a: &[u8], b: &[u8]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
            assert_eq!(
                shared_len(&base, &other, false),
                naive(&base, &other),
                "{at}"
            );
            let rev = |v: &[u8]| v.iter().rev().copied().collect::<Vec<u8>>();
            assert_eq!(
                shared_len(&base, &other, true),
                naive(&rev(&base), &rev(&other)),
                "{at} from the end"
            );
            // Different lengths: only the common length counts.
            assert_eq!(shared_len(&base[..at], &base, false), at);
            assert_eq!(shared_len(&base[at..], &base, true), base.len() - at);
        }
    }

    #[test]
    fn keeps_added_lines_with_context_and_empties_the_rest() {
        let old = numbered(40);
        let new = old.replace("line 20\n", "line 20\nadded\n");
        let (text, added) = added(&old, &new).unwrap();
        assert_eq!(added, LineSet::from_lines(vec![21]));
        assert_eq!(text.lines().count(), 41, "line numbers are kept");
        let kept: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(kept.first(), Some(&"line 12"));
        assert_eq!(kept.last(), Some(&"line 25"));
        assert!(kept.contains(&"added"));
        assert_eq!(kept.len(), 15);
    }

    #[test]
    fn emptied_lines_keep_their_line_ends_and_a_last_line_without_one_stays_so() {
        let text = numbered(40);
        let text = text.trim_end();
        let kept = keep_around(text.as_bytes(), &LineSet::from_lines(vec![1, 20]));
        let expected: Vec<&str> = text
            .lines()
            .enumerate()
            .map(|(i, line)| {
                if i < 6 || (10..25).contains(&i) {
                    line
                } else {
                    ""
                }
            })
            .collect();
        assert_eq!(String::from_utf8(kept).unwrap(), expected.join("\n"));
    }

    #[test]
    fn no_added_lines_means_nothing_to_scan() {
        let old = numbered(10);
        let new = old.replace("line 5\n", "");
        assert!(added(&old, &new).is_none());
    }

    #[test]
    fn an_added_line_inside_a_pem_block_keeps_the_whole_block() {
        let body = (0..30)
            .map(|i| format!("QUJD{i:060}"))
            .collect::<Vec<_>>()
            .join("\n")
            + "\n";
        let old = format!("x\n-----BEGIN RSA PRIVATE KEY-----\n{body}");
        let new = format!("{old}Zm9v\n-----END RSA PRIVATE KEY-----\ny\n");
        let (text, _) = added(&old, &new).unwrap();
        assert!(text.contains(&format!("-----BEGIN RSA PRIVATE KEY-----\n{body}Zm9v\n")));
        assert!(
            text.starts_with('\n'),
            "the line before the block is not context"
        );
    }

    #[test]
    fn a_block_that_ended_above_is_not_followed() {
        let old = "-----BEGIN X-----\nQUJD\n-----END X-----\na\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\n";
        let new = format!("{old}added\n");
        let (text, _) = added(old, &new).unwrap();
        assert!(!text.contains("BEGIN"));
    }

    /// The windows as the diff reader first defined them, line by line: a model to hold
    /// [`windows_around`] to.
    fn windows_by_line_numbers(lines: &[&str], runs: &[(usize, usize)]) -> Vec<(usize, usize)> {
        let has = |n: usize, marker: &str| lines[n - 1].contains(marker);
        let pem = lines.iter().any(|line| line.contains("-----BEGIN"));
        let mut windows = Vec::new();
        for &(first, end) in runs {
            let mut lo = first.saturating_sub(LINES_ABOVE).max(1);
            let mut hi = (end + CONTEXT_LINES).min(lines.len());
            if let Some(n) = (first.saturating_sub(PEM_REACH).max(1)..first)
                .rev()
                .find(|&n| has(n, "-----BEGIN") || has(n, "-----END"))
                .filter(|&n| pem && has(n, "-----BEGIN"))
            {
                lo = lo.min(n);
            }
            if let Some(n) = (end + 1..=(end + PEM_REACH).min(lines.len()))
                .find(|&n| has(n, "-----BEGIN") || has(n, "-----END"))
                .filter(|&n| pem && has(n, "-----END"))
            {
                hi = hi.max(n);
            }
            windows.push((lo, hi));
        }
        let set = LineSet::from_ranges(
            windows
                .into_iter()
                .map(|(a, b)| (a as u32, b as u32))
                .collect(),
        );
        set.ranges()
            .map(|(a, b)| (a as usize, b as usize))
            .collect()
    }

    #[test]
    fn windows_found_from_each_run_are_those_of_the_line_numbered_model() {
        // A small generator: lines of varied length, some PEM markers, runs of changed lines.
        let mut seed = 0x2545_f491_u64;
        let mut next = |bound: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % bound
        };
        for case in 0..400 {
            let count = next(300);
            let lines: Vec<String> = (0..count)
                .map(|i| match next(40) {
                    0 => "-----BEGIN KEY-----".to_string(),
                    1 => "-----END KEY-----".to_string(),
                    2 => String::new(),
                    3 => "-----END A----- x -----BEGIN B-----".to_string(),
                    n => format!("{i} {}", "x".repeat(n * next(4))),
                })
                .chain(std::iter::once("last".to_string()))
                .collect();
            let ends_with_newline = next(2) == 0;
            let mut text = lines.join("\n");
            if ends_with_newline {
                text.push('\n');
            }
            let starts = line_starts(text.as_bytes());
            let mut runs = Vec::new();
            let mut line = 1 + next(20);
            while line <= lines.len() {
                let end = (line + next(4)).min(lines.len());
                runs.push((line, end));
                line = end + 2 + next(60);
            }
            let spans: Vec<Range<usize>> = runs
                .iter()
                .map(|&(first, end)| starts[first - 1]..starts[end])
                .collect();
            let expected: Vec<Range<usize>> = windows_by_line_numbers(
                &lines.iter().map(String::as_str).collect::<Vec<_>>(),
                &runs,
            )
            .into_iter()
            .map(|(lo, hi)| starts[lo - 1]..starts[hi])
            .collect();
            assert_eq!(
                windows_around(text.as_bytes(), &spans),
                expected,
                "case {case}: runs {runs:?}"
            );
        }
    }
}
