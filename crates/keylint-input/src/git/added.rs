//! What a new version of a file adds to the version it replaces, as text to scan: the added
//! lines with [`CONTEXT_LINES`] around them, and the whole `BEGIN … END` block when an added
//! line sits inside a PEM block (a key whose lines were added in several commits matches only
//! whole). Every other line is emptied, not removed, so line and column numbers stay those of
//! the new version and a finding can be checked against the added lines.

use crate::blob::LineSet;

/// Lines kept before and after each run of added lines: a keyword on the line above a value
/// (`password:` then the value), a `keylint:allow` comment, a short multi-line string.
pub(crate) const CONTEXT_LINES: u32 = 5;

/// How far (in lines) a PEM block is followed from an added line to its `BEGIN` or `END`
/// marker: an 8192-bit RSA key is about 100 lines of base64.
const PEM_REACH: usize = 128;

/// The added lines of `new` relative to `old` (a diff in libgit2, text forced, no context) and
/// the text of `new` with everything but those lines and their context emptied; `None` when
/// `new` adds no line (only deletions, or the same lines moved).
pub(crate) fn added_text(
    old: &[u8],
    new: &[u8],
) -> Result<Option<(Vec<u8>, LineSet)>, git2::Error> {
    let patch = git2::Patch::from_buffers(old, None, new, None, Some(&mut super::diff_options()))?;
    let added = super::added_lines(&patch)?;
    if added.is_empty() {
        return Ok(None);
    }
    Ok(Some((keep_around(new, &added), added)))
}

/// `text` with every line outside the windows around `added` (see the module) emptied; line
/// ends are kept.
fn keep_around(text: &[u8], added: &LineSet) -> Vec<u8> {
    let lines: Vec<&[u8]> = text.split_inclusive(|&b| b == b'\n').collect();
    let last = u32::try_from(lines.len()).unwrap_or(u32::MAX);
    let mut windows: Vec<(u32, u32)> = Vec::new();
    for (first, end) in added.ranges() {
        let mut lo = first.saturating_sub(CONTEXT_LINES).max(1);
        let mut hi = end.saturating_add(CONTEXT_LINES).min(last);
        if let Some(begin) = pem_marker(&lines, first, Direction::Up) {
            lo = lo.min(begin);
        }
        if let Some(end_marker) = pem_marker(&lines, end, Direction::Down) {
            hi = hi.max(end_marker);
        }
        windows.push((lo, hi));
    }
    // A PEM block can reach back past earlier windows: sort, then merge what touches.
    windows.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(windows.len());
    for (lo, hi) in windows {
        match merged.last_mut() {
            Some((_, prev_hi)) if lo <= prev_hi.saturating_add(1) => *prev_hi = (*prev_hi).max(hi),
            _ => merged.push((lo, hi)),
        }
    }
    let mut out = Vec::with_capacity(text.len().min(64 * 1024));
    let mut windows = merged.into_iter().peekable();
    for (i, line) in (1u32..).zip(&lines) {
        while windows.peek().is_some_and(|&(_, hi)| hi < i) {
            windows.next();
        }
        if windows.peek().is_some_and(|&(lo, _)| lo <= i) {
            out.extend_from_slice(line);
        } else if line.ends_with(b"\n") {
            out.push(b'\n');
        }
    }
    out
}

#[derive(Clone, Copy)]
enum Direction {
    Up,
    Down,
}

/// From line `from` (1-based, itself excluded), the nearest `-----BEGIN` line above (for
/// [`Direction::Up`]) or `-----END` line below (for [`Direction::Down`]) within [`PEM_REACH`]
/// lines, when no marker of the other kind comes first: the line is then inside a PEM block.
fn pem_marker(lines: &[&[u8]], from: u32, direction: Direction) -> Option<u32> {
    let (wanted, other): (&[u8], &[u8]) = match direction {
        Direction::Up => (b"-----BEGIN", b"-----END"),
        Direction::Down => (b"-----END", b"-----BEGIN"),
    };
    let from = usize::try_from(from).ok()?;
    let candidates: Box<dyn Iterator<Item = usize>> = match direction {
        Direction::Up => Box::new((from.saturating_sub(PEM_REACH).max(1)..from).rev()),
        Direction::Down => Box::new(from + 1..=(from + PEM_REACH).min(lines.len())),
    };
    for n in candidates {
        let line = lines[n - 1];
        if !line.contains(&b'-') {
            continue;
        }
        if contains(line, wanted) {
            return u32::try_from(n).ok();
        }
        if contains(line, other) {
            return None;
        }
    }
    None
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(n: u32) -> String {
        (1..=n).map(|i| format!("line {i}\n")).collect()
    }

    #[test]
    fn keeps_added_lines_with_context_and_empties_the_rest() {
        let old = numbered(40);
        let new = old.replace("line 20\n", "line 20\nadded\n");
        let (text, added) = added_text(old.as_bytes(), new.as_bytes()).unwrap().unwrap();
        assert_eq!(added, LineSet::from_lines(vec![21]));
        let text = String::from_utf8(text).unwrap();
        assert_eq!(text.lines().count(), 41, "line numbers are kept");
        let kept: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(kept.first(), Some(&"line 16"));
        assert_eq!(kept.last(), Some(&"line 25"));
        assert!(kept.contains(&"added"));
        assert_eq!(kept.len(), 11);
    }

    #[test]
    fn no_added_lines_means_nothing_to_scan() {
        let old = numbered(10);
        let new = old.replace("line 5\n", "");
        assert!(
            added_text(old.as_bytes(), new.as_bytes())
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn an_added_line_inside_a_pem_block_keeps_the_whole_block() {
        let body: String = (0..30).map(|i| format!("QUJD{i:060}\n")).collect();
        let old = format!("x\n-----BEGIN RSA PRIVATE KEY-----\n{body}");
        let new = format!("{old}Zm9v\n-----END RSA PRIVATE KEY-----\ny\n");
        let (text, _) = added_text(old.as_bytes(), new.as_bytes()).unwrap().unwrap();
        let text = String::from_utf8(text).unwrap();
        assert!(text.contains(&format!("-----BEGIN RSA PRIVATE KEY-----\n{body}Zm9v\n")));
        assert!(
            text.starts_with('\n'),
            "the line before the block is not context"
        );
    }

    #[test]
    fn a_block_that_ended_above_is_not_followed() {
        let old = "-----BEGIN X-----\nQUJD\n-----END X-----\na\nb\nc\nd\ne\nf\ng\n";
        let new = format!("{old}added\n");
        let (text, _) = added_text(old.as_bytes(), new.as_bytes()).unwrap().unwrap();
        assert!(!String::from_utf8(text).unwrap().contains("BEGIN"));
    }
}
