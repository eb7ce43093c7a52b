//! The first pass of a history audit: which blobs can hold a finding at all, read in pack
//! order instead of history order.
//!
//! Reading blobs in history order re-resolves delta chains over and over (half of an audit's
//! time went to inflating and applying deltas). Here each pack is read the way `git
//! index-pack` reads it: every delta tree from its base down, each entry inflated once and each
//! delta applied once to its base, already in memory. A delta also says which bytes of the
//! result it copied from its base; every other byte is new. So:
//!
//! - a base (a whole object) is scanned whole;
//! - a delta's result is scanned only on the lines around what the delta inserted, and around
//!   each seam where its copied runs join (a deletion can join two pieces into a new line),
//!   with the same context as a history diff ([`super::added::windows_around`]);
//! - the matches of its base that lie wholly inside one copied run are the result's too, at
//!   their new place.
//!
//! By induction from the bases, a blob's matches are those a scan of the whole blob finds,
//! whatever its history. Both need the same path (rules and syntax depend on it): a blob is
//! scanned under the path the history walk met it at, and a delta whose base was judged under
//! another path key is scanned whole.
//!
//! The verdict ([`Verdict`]) decides the second pass: a blob without matches is not read again;
//! one with matches goes through the usual diff against the version it replaces, so findings
//! keep their commit, line and HEAD presence. A blob this pass cannot vouch for (loose, in a
//! pack it cannot read, too large, UTF-16, over the memory budget) has no verdict and is read
//! as before.

use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use git2::Oid;

use super::added::{LineCursor, line_end, windows_around};
use super::history::HistoryProgress;
use super::pack::{BLOB, Copied, LOST_BASE, NO_BASE, Pack, apply_delta, delta_result_len};
use crate::blob::is_binary;

/// Scans `text` as the file `path` and appends the byte ranges of what it finds (any finding,
/// before baselines and reports). Used to decide which blobs the history audit reads again.
pub type Prescan<'p> = &'p (dyn Fn(&str, &[u8], &mut Vec<Range<usize>>) + Sync);

/// What the first pass knows of a blob under one path key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Verdict {
    /// Text without a match: nothing to read again.
    Clean,
    /// Text with at least one match: read again and diffed.
    Matches,
    /// Binary: skipped, as the reader would.
    Binary,
}

/// No verdict yet, in the first pass's byte a target.
const NO_VERDICT: u8 = u8::MAX;

impl Verdict {
    fn from_u8(byte: u8) -> Option<Verdict> {
        [Verdict::Clean, Verdict::Matches, Verdict::Binary]
            .into_iter()
            .find(|v| *v as u8 == byte)
    }
}

/// A blob the history walk found, under the path it is judged by: 24 bytes, as a history lists
/// hundreds of thousands of them.
pub(crate) struct Target {
    pub(crate) oid: Oid,
    /// Its path: an index into the [`ListedPath`]s handed over with the targets.
    pub(crate) path: u32,
}

/// A path the history walk found blobs at, stored once for all of them, with its path key.
pub(crate) struct ListedPath {
    pub(crate) path: std::sync::Arc<str>,
    pub(crate) key: u64,
}

/// What the pass read, for the closing statistics.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PrescanStats {
    /// Pack entries inflated (bases and deltas of blobs).
    pub(crate) entries: u64,
    /// Bytes handed to the scanner.
    pub(crate) scanned_bytes: u64,
    /// Wanted blobs found clean or binary: not read again.
    pub(crate) cleared: u64,
}

/// Bytes of resolved blob text one worker keeps for the bases still to be applied (a delta
/// tree's branching points). A subtree that would go over it is left to the second pass.
const STACK_BUDGET: usize = 48 << 20;

/// How many bytes of spare text buffers a worker keeps for the next texts.
const SPARE_BYTES: usize = 8 << 20;

/// Blobs larger than this are never resolved here (nor their deltas).
const LARGEST_RESOLVED: u64 = 64 << 20;

/// The verdicts of the first pass over every pack under `objects` (`objects/pack/*.idx`).
pub(crate) fn prescan(
    objects: &Path,
    targets: &[Target],
    paths: &[ListedPath],
    scan: Prescan<'_>,
    max_file_size: u64,
    threads: usize,
    progress: &HistoryProgress,
) -> (Vec<Option<Verdict>>, PrescanStats) {
    let grouped = Grouped::new(targets);
    let mut indexes: Vec<_> = std::fs::read_dir(objects.join("pack"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "idx"))
        .collect();
    indexes.sort();
    // One byte a target, written by whichever worker judges it (none: no verdict).
    let verdicts: Vec<AtomicU8> = targets.iter().map(|_| AtomicU8::new(NO_VERDICT)).collect();
    let context = Context {
        targets,
        paths,
        verdicts: &verdicts,
        grouped: &grouped,
        scan,
        max_file_size,
        progress,
    };
    // Every pack first, then one set of threads over all their delta trees: threads that end
    // leave the allocator holding what they freed.
    let packs: Vec<(Pack, Forest)> = indexes
        .iter()
        .filter_map(|idx| {
            // A pack that cannot be read leaves its blobs to the second pass, which reports
            // them.
            let (pack, found) = Pack::open(idx, &grouped.oids).ok()?;
            let forest = Forest::new(&pack, &found, &grouped);
            Some((pack, forest))
        })
        .collect();
    let roots: Vec<(usize, u32)> = packs
        .iter()
        .enumerate()
        .flat_map(|(p, (_, forest))| forest.roots.iter().map(move |&root| (p, root)))
        .collect();
    let next = AtomicUsize::new(0);
    let stats = Mutex::new(PrescanStats::default());
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1) {
            scope.spawn(|| {
                let mut worker = Worker::new(&context);
                while let Some(&(p, root)) = roots.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let (pack, forest) = &packs[p];
                    worker.tree(pack, forest, root);
                }
                let mut stats = lock(&stats);
                stats.entries += worker.stats.entries;
                stats.scanned_bytes += worker.stats.scanned_bytes;
                stats.cleared += worker.stats.cleared;
            });
        }
    });
    let verdicts = context
        .verdicts
        .iter()
        .map(|v| Verdict::from_u8(v.load(Ordering::Relaxed)))
        .collect();
    (
        verdicts,
        stats.into_inner().unwrap_or_else(PoisonError::into_inner),
    )
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// What every worker shares.
struct Context<'c> {
    targets: &'c [Target],
    paths: &'c [ListedPath],
    /// Each target's [`Verdict`] as a byte, or [`NO_VERDICT`].
    verdicts: &'c [AtomicU8],
    grouped: &'c Grouped,
    progress: &'c HistoryProgress,
    scan: Prescan<'c>,
    max_file_size: u64,
}

/// The targets grouped by blob: each distinct id once (sorted), with its targets.
struct Grouped {
    oids: Vec<Oid>,
    /// Indexes into the targets, sorted by id; those of `oids[u]` are
    /// `targets[starts[u]..starts[u + 1]]`.
    targets: Vec<u32>,
    starts: Vec<u32>,
}

impl Grouped {
    fn new(all: &[Target]) -> Grouped {
        let mut targets: Vec<u32> = (0..u32::try_from(all.len()).unwrap_or(u32::MAX)).collect();
        targets.sort_by_key(|&t| all[t as usize].oid);
        let mut oids = Vec::new();
        let mut starts = Vec::new();
        for (at, &t) in targets.iter().enumerate() {
            let oid = all[t as usize].oid;
            if oids.last() != Some(&oid) {
                oids.push(oid);
                starts.push(at as u32);
            }
        }
        starts.push(targets.len() as u32);
        Grouped {
            oids,
            targets,
            starts,
        }
    }

    fn of(&self, unique: u32) -> &[u32] {
        let u = unique as usize;
        &self.targets[self.starts[u] as usize..self.starts[u + 1] as usize]
    }
}

/// No value, in the `u32` tables of [`Forest`].
const NONE: u32 = u32::MAX;

/// The delta trees of one pack's blobs, pruned to the entries that lead to a wanted blob.
struct Forest {
    /// The deltas against entry `at` are `child_list[child_starts[at]..child_starts[at + 1]]`.
    child_starts: Vec<u32>,
    child_list: Vec<u32>,
    /// The distinct wanted blob each entry is (an index into [`Grouped::oids`]), or [`NONE`].
    unique: Vec<u32>,
    /// Whether the entry or one below it is wanted.
    needed: Vec<bool>,
    /// The first target at or below each entry ([`NONE`] if none): the path an entry no walked
    /// commit holds (a base only an unaudited ref reaches) is scanned under, so that the deltas
    /// against it can still take its matches.
    target_below: Vec<u32>,
    /// Blob bases with a wanted blob at or below them.
    roots: Vec<u32>,
}

impl Forest {
    /// The forest of `pack`, whose entries `found` are wanted (entry, index into the ids).
    fn new(pack: &Pack, found: &[(u32, u32)], grouped: &Grouped) -> Forest {
        let n = pack.entries.len();
        // Whether each entry is (or resolves to) a blob: 0 unknown, 1 yes, 2 no.
        let mut blob = vec![0u8; n];
        let mut chain = Vec::new();
        for at in 0..n {
            chain.clear();
            let mut cursor = at;
            let verdict = loop {
                if blob[cursor] != 0 {
                    break blob[cursor];
                }
                let entry = pack.entries[cursor];
                if !entry.is_delta() {
                    break if entry.kind == BLOB { 1 } else { 2 };
                }
                if entry.base == LOST_BASE || chain.len() > n {
                    break 2;
                }
                chain.push(cursor);
                cursor = entry.base as usize;
            };
            blob[at] = verdict;
            for &c in &chain {
                blob[c] = verdict;
            }
        }
        let is_blob = |at: usize| blob[at] == 1;
        let mut unique = vec![NONE; n];
        for &(at, u) in found {
            if is_blob(at as usize) {
                unique[at as usize] = u;
            }
        }
        let base_of = |at: usize| {
            let base = pack.entries[at].base;
            (is_blob(at) && base != NO_BASE && base != LOST_BASE).then_some(base as usize)
        };
        let mut child_starts = vec![0u32; n + 1];
        for at in 0..n {
            if let Some(base) = base_of(at) {
                child_starts[base + 1] += 1;
            }
        }
        for at in 0..n {
            child_starts[at + 1] += child_starts[at];
        }
        let mut fill = child_starts.clone();
        let mut child_list = vec![0u32; child_starts[n] as usize];
        for at in 0..n {
            if let Some(base) = base_of(at) {
                child_list[fill[base] as usize] = at as u32;
                fill[base] += 1;
            }
        }
        drop(fill);
        let mut forest = Forest {
            child_starts,
            child_list,
            unique,
            needed: vec![false; n],
            target_below: vec![NONE; n],
            roots: Vec::new(),
        };
        for at in 0..n {
            if is_blob(at) && !pack.entries[at].is_delta() {
                forest.mark_needed(at as u32, grouped);
                if forest.needed[at] {
                    forest.roots.push(at as u32);
                }
            }
        }
        forest
    }

    fn children_of(&self, at: u32) -> &[u32] {
        let at = at as usize;
        &self.child_list[self.child_starts[at] as usize..self.child_starts[at + 1] as usize]
    }

    /// Sets `needed` and `target_below` for the tree under `root` (post-order, iteratively:
    /// chains can be thousands deep).
    fn mark_needed(&mut self, root: u32, grouped: &Grouped) {
        let mut stack = vec![(root, false)];
        while let Some((at, done)) = stack.pop() {
            if !done {
                stack.push((at, true));
                stack.extend(self.children_of(at).iter().map(|&c| (c, false)));
                continue;
            }
            let own = self.unique[at as usize];
            let (target, needed) = if own == NONE {
                let children = self.children_of(at);
                (
                    children
                        .iter()
                        .map(|&c| self.target_below[c as usize])
                        .find(|&t| t != NONE)
                        .unwrap_or(NONE),
                    children.iter().any(|&c| self.needed[c as usize]),
                )
            } else {
                (grouped.of(own)[0], true)
            };
            self.target_below[at as usize] = target;
            self.needed[at as usize] = needed;
        }
    }
}

/// A resolved entry whose deltas are still to be applied.
struct Frame<'p> {
    at: u32,
    text: Vec<u8>,
    /// What a scan of `text` found (none when it was not scanned).
    scanned: Option<Scanned<'p>>,
    /// How many of its children were handled.
    next_child: usize,
}

/// The matches a scan of an entry's text found, as the file `path` (path key `key`).
struct Scanned<'p> {
    key: u64,
    path: &'p str,
    matches: Vec<Range<usize>>,
}

/// One thread of the pass, with its buffers.
struct Worker<'w> {
    context: &'w Context<'w>,
    inflater: flate2::Decompress,
    compressed: Vec<u8>,
    delta: Vec<u8>,
    copied: Vec<Copied>,
    found: Vec<Range<usize>>,
    /// Buffers of texts no longer needed.
    spare: Vec<Vec<u8>>,
    stats: PrescanStats,
}

impl<'w> Worker<'w> {
    fn new(context: &'w Context<'w>) -> Self {
        Worker {
            context,
            inflater: flate2::Decompress::new(true),
            compressed: Vec::new(),
            delta: Vec::new(),
            copied: Vec::new(),
            found: Vec::new(),
            spare: Vec::new(),
            stats: PrescanStats::default(),
        }
    }

    /// Resolves and judges every needed entry of the delta tree under base `root`.
    fn tree(&mut self, pack: &Pack, forest: &Forest, root: u32) {
        let size = pack.entries[root as usize].size;
        if u64::from(size) > LARGEST_RESOLVED {
            return;
        }
        let mut text = self.buffer(size as usize);
        if pack
            .inflate(root, &mut self.inflater, &mut self.compressed, &mut text)
            .is_err()
        {
            self.recycle(text);
            return;
        }
        self.stats.entries += 1;
        let scanned = self.judge(forest, root, &text, None);
        let mut stack = vec![Frame {
            at: root,
            text,
            scanned,
            next_child: 0,
        }];
        let mut held: usize = stack[0].text.len();
        while let Some(top) = stack.last_mut() {
            let children = forest.children_of(top.at);
            let from = top.next_child;
            let Some(skip) = children[from..]
                .iter()
                .position(|&c| forest.needed[c as usize])
            else {
                held -= top.text.len();
                if let Some(done) = stack.pop() {
                    self.recycle(done.text);
                }
                continue;
            };
            let child = children[from + skip];
            top.next_child = from + skip + 1;
            let last = !children[top.next_child..]
                .iter()
                .any(|&c| forest.needed[c as usize]);
            let base = &stack[stack.len() - 1];
            // A child that cannot be resolved, or would go over the budget, is left (with its
            // subtree) to the second pass.
            let Some(text) = self.resolve(pack, child, &base.text) else {
                continue;
            };
            if held + text.len() > STACK_BUDGET {
                self.recycle(text);
                continue;
            }
            let scanned = self.judge(
                forest,
                child,
                &text,
                base.scanned.as_ref().map(|p| (p, base.text.as_slice())),
            );
            if last {
                // Its last delta is applied: the base is not needed any more.
                held -= base.text.len();
                if let Some(done) = stack.pop() {
                    self.recycle(done.text);
                }
            }
            held += text.len();
            stack.push(Frame {
                at: child,
                text,
                scanned,
                next_child: 0,
            });
        }
    }

    /// The text of delta entry `at` applied to `base`, with `self.copied` set; `None` when it
    /// cannot be read or is too large (its subtree is then left to the second pass).
    fn resolve(&mut self, pack: &Pack, at: u32, base: &[u8]) -> Option<Vec<u8>> {
        // A damaged header can announce gigabytes of instructions: never reserved.
        if u64::from(pack.entries[at as usize].size) > LARGEST_RESOLVED {
            return None;
        }
        pack.inflate(
            at,
            &mut self.inflater,
            &mut self.compressed,
            &mut self.delta,
        )
        .ok()?;
        self.stats.entries += 1;
        if delta_result_len(&self.delta)? > LARGEST_RESOLVED {
            return None;
        }
        let len = usize::try_from(delta_result_len(&self.delta)?).ok()?;
        let mut text = self.buffer(len);
        if apply_delta(base, &self.delta, &mut text, &mut self.copied).is_err() {
            self.recycle(text);
            return None;
        }
        Some(text)
    }

    /// Keeps a resolved text's buffer for the next one: allocating and freeing a buffer per
    /// blob left the allocator holding tens of megabytes it had freed.
    fn recycle(&mut self, mut text: Vec<u8>) {
        let spare: usize = self.spare.iter().map(Vec::capacity).sum();
        if spare + text.capacity() <= SPARE_BYTES {
            text.clear();
            self.spare.push(text);
        }
    }

    /// A buffer for a text of `len` bytes: the smallest spare one that holds it, else the
    /// largest (it grows), else a new one.
    fn buffer(&mut self, len: usize) -> Vec<u8> {
        let fits = self
            .spare
            .iter()
            .enumerate()
            .filter(|(_, b)| b.capacity() >= len)
            .min_by_key(|(_, b)| b.capacity())
            .or_else(|| {
                self.spare
                    .iter()
                    .enumerate()
                    .max_by_key(|(_, b)| b.capacity())
            })
            .map(|(i, _)| i);
        fits.map_or_else(Vec::new, |i| self.spare.swap_remove(i))
    }

    /// Scans entry `at` (resolved to `text`) for its targets and for the deltas below it;
    /// `parent` is its base's scan and text, when it is a delta whose copies are in
    /// `self.copied`. Returns what the deltas against it can take over.
    fn judge(
        &mut self,
        forest: &Forest,
        at: u32,
        text: &[u8],
        parent: Option<(&Scanned<'w>, &[u8])>,
    ) -> Option<Scanned<'w>> {
        let context = self.context;
        let all = context.targets;
        let unique = forest.unique[at as usize];
        let targets = if unique == NONE {
            &[][..]
        } else {
            context.grouped.of(unique)
        };
        // UTF-16 text looks binary until it is decoded: the second pass decodes and scans it.
        let utf16 = matches!(text.get(..2), Some([0xFF, 0xFE] | [0xFE, 0xFF]));
        let binary = !utf16 && is_binary(text);
        let too_large = text.len() as u64 > context.max_file_size;
        if binary || utf16 || too_large {
            if binary && !too_large && !targets.is_empty() {
                for &t in targets {
                    self.record(t, Verdict::Binary);
                }
            }
            return None;
        }
        // The path this entry is scanned as: its own first target's; else (a blob no audited
        // commit holds) its base's, else that of the first target below it.
        let path_of = |t: &Target| {
            let listed = &context.paths[t.path as usize];
            (listed.key, &*listed.path)
        };
        let (key, path) = match (targets.first(), parent) {
            (Some(&t), _) => path_of(&all[t as usize]),
            (None, Some((p, _))) => (p.key, p.path),
            (None, None) => path_of(all.get(forest.target_below[at as usize] as usize)?),
        };
        let matches = match parent.filter(|(p, _)| p.key == key) {
            Some((p, base_text)) => self.scan_changes(path, text, p, base_text),
            None => self.scan_whole(path, text),
        };
        if !targets.is_empty() {
            for &t in targets {
                let (target_key, target_path) = path_of(&all[t as usize]);
                let found = if target_key == key {
                    !matches.is_empty()
                } else {
                    !self.scan_whole(target_path, text).is_empty()
                };
                let verdict = if found {
                    Verdict::Matches
                } else {
                    Verdict::Clean
                };
                self.record(t, verdict);
            }
        }
        Some(Scanned { key, path, matches })
    }

    fn count_scanned(&mut self, bytes: usize) {
        self.stats.scanned_bytes += bytes as u64;
        self.context
            .progress
            .bytes_done
            .fetch_add(bytes as u64, Ordering::Relaxed);
    }

    /// Keeps a verdict; a blob it clears counts as done in the progress (one with matches is
    /// counted when the second pass has read it).
    fn record(&mut self, target: u32, verdict: Verdict) {
        if verdict != Verdict::Matches {
            self.stats.cleared += 1;
            self.context
                .progress
                .blobs_done
                .fetch_add(1, Ordering::Relaxed);
        }
        self.context.verdicts[target as usize].store(verdict as u8, Ordering::Relaxed);
    }

    /// Every match of `text` scanned whole as `path`.
    fn scan_whole(&mut self, path: &str, text: &[u8]) -> Vec<Range<usize>> {
        self.count_scanned(text.len());
        let mut found = Vec::new();
        (self.context.scan)(path, text, &mut found);
        found
    }

    /// The matches of `text`, a delta's result: those of its base inside copied runs, moved,
    /// and those a scan finds around the inserted bytes and the seams.
    fn scan_changes(
        &mut self,
        path: &str,
        text: &[u8],
        base: &Scanned<'_>,
        base_text: &[u8],
    ) -> Vec<Range<usize>> {
        let mut matches = carried_matches(&base.matches, &self.copied);
        let changed = changed_lines(&self.copied, text, base_text);
        for window in windows_around(text, &changed) {
            self.count_scanned(window.len());
            self.found.clear();
            (self.context.scan)(path, &text[window.clone()], &mut self.found);
            matches.extend(
                self.found
                    .iter()
                    .map(|r| r.start + window.start..r.end + window.start),
            );
        }
        matches.sort_unstable_by_key(|r| (r.start, r.end));
        matches.dedup();
        matches
    }
}

/// The matches of a base (sorted by start) that lie wholly inside one copied run, at their
/// place in the result.
fn carried_matches(matches: &[Range<usize>], copied: &[Copied]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    if matches.is_empty() {
        return out;
    }
    for run in copied {
        let first = matches.partition_point(|m| m.start < run.from);
        for m in &matches[first..] {
            if m.start >= run.from + run.len {
                break;
            }
            if m.end <= run.from + run.len {
                out.push(m.start - run.from + run.to..m.end - run.from + run.to);
            }
        }
    }
    out
}

/// The lines of a delta's result `text` that its `base` does not hold, as sorted byte spans of
/// whole lines, one per run of such lines. Only lines with an inserted byte or a seam (where a
/// copied run starts or ends other than at the very start or end of both texts) can be new; of
/// those, a line the base holds whole, as a line, at the offset of a copied run beside it is
/// not: git's deltas insert short stretches of the base literally and copy alike bytes from
/// elsewhere in it, and YAML and Markdown repeat lines often. Lines are found from each change
/// point ([`LineCursor`]), never for the whole text.
fn changed_lines(copied: &[Copied], text: &[u8], base: &[u8]) -> Vec<Range<usize>> {
    let mut lines = LineCursor::new(text);
    let mut touched: Vec<Range<usize>> = Vec::new();
    let seam = |at: usize, lines: &mut LineCursor<'_>, touched: &mut Vec<Range<usize>>| {
        if at > 0 && text[at - 1] != b'\n' {
            touched.push(lines.line(at - 1));
        }
        if at < text.len() {
            touched.push(lines.line(at));
        }
    };
    let mut written = 0;
    for run in copied {
        if run.to > written {
            // Inserted bytes.
            let first = lines.line(written).start;
            touched.push(first..lines.line(run.to - 1).end);
        }
        if !(run.to == 0 && run.from == 0) {
            seam(run.to, &mut lines, &mut touched);
        }
        let end = run.to + run.len;
        if !(end == text.len() && run.from + run.len == base.len()) {
            seam(end, &mut lines, &mut touched);
        }
        written = end;
    }
    if written < text.len() {
        touched.push(lines.line(written).start..text.len());
    }
    // Spans come in order of their start; merged, then each line of them checked once.
    let mut changed: Vec<Range<usize>> = Vec::new();
    let mut checked = 0;
    for span in touched {
        let mut at = span.start.max(checked);
        while at < span.end {
            let line = at..line_end(text, at);
            if !base_holds_line(copied, text, base, line.clone()) {
                match changed.last_mut() {
                    Some(last) if last.end == line.start => last.end = line.end,
                    _ => changed.push(line.clone()),
                }
            }
            at = line.end;
        }
        checked = checked.max(span.end);
    }
    changed
}

/// Whether `base` holds the line `text[line]` whole, as a line, at the offset of one of the
/// copied runs that overlap it or sit just before or after it.
fn base_holds_line(copied: &[Copied], text: &[u8], base: &[u8], line: Range<usize>) -> bool {
    let first = copied
        .partition_point(|run| run.to + run.len <= line.start)
        .saturating_sub(1);
    let beside = copied[first..]
        .iter()
        .take_while(|run| run.to <= line.end)
        .chain(copied[first..].iter().find(|run| run.to > line.end));
    let ends_line = text.get(line.end.wrapping_sub(1)) == Some(&b'\n');
    beside.into_iter().any(|run| {
        let Some(start) = (line.start + run.from).checked_sub(run.to) else {
            return false;
        };
        let end = start + line.len();
        end <= base.len()
            && base[start..end] == text[line.clone()]
            && (start == 0 || base[start - 1] == b'\n')
            && (ends_line || end == base.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(to: usize, from: usize, len: usize) -> Copied {
        Copied { to, from, len }
    }

    #[test]
    fn matches_inside_one_copied_run_move_with_it() {
        let matches = vec![2..5, 8..12, 20..22];
        // 0..10 of the base at 0, 10..30 of the base at 15.
        let copied = [run(0, 0, 10), run(15, 10, 20)];
        // 8..12 straddles the seam at 10: not carried (the window scan decides).
        assert_eq!(carried_matches(&matches, &copied), vec![2..5, 25..27]);
    }

    /// The 1-based numbers of the lines [`changed_lines`] finds.
    fn changed(copied: &[Copied], text: &[u8], base: &[u8]) -> Vec<usize> {
        let line_of = |at: usize| memchr::memchr_iter(b'\n', &text[..at]).count() + 1;
        let spans = changed_lines(copied, text, base);
        for pair in spans.windows(2) {
            assert!(pair[0].end < pair[1].start, "runs are disjoint: {spans:?}");
        }
        spans
            .iter()
            .flat_map(|span| line_of(span.start)..line_of(span.end - 1) + 1)
            .collect()
    }

    #[test]
    fn inserts_and_seams_mark_their_lines_unless_the_base_holds_them() {
        let text = b"aa\nbb\ncc\ndd\n";
        // Lines 1-2 copied, line 3 inserted, line 4 copied from the base's end: the seam
        // before line 4 touches it, but the base holds it there.
        let copied = [run(0, 0, 6), run(9, 6, 3)];
        assert_eq!(changed(&copied, text, b"aa\nbb\ndd\n"), vec![3]);
        // A deletion inside a line: two runs join mid-line, nothing inserted.
        let copied = [run(0, 0, 4), run(4, 7, 8)];
        assert_eq!(changed(&copied, text, b"aa\nbXXXb\ncc\ndd\n"), vec![2]);
        // The whole base copied unchanged, or its tail cut after a line end: nothing new.
        let copied = [run(0, 0, 12)];
        assert!(changed(&copied, text, text).is_empty());
        assert!(changed(&copied, text, b"aa\nbb\ncc\ndd\nee\nff\n").is_empty());
        // Cut mid-line: the last line is new.
        let cut = &text[..11];
        assert_eq!(
            changed(&[run(0, 0, 11)], cut, b"aa\nbb\ncc\nddee\n"),
            vec![4]
        );
        // Bytes inserted literally that the base holds at the same place (git inserts short
        // stretches rather than copy them) are not new.
        let copied = [run(0, 0, 6), run(9, 9, 3)];
        assert!(changed(&copied, text, text).is_empty());
        // Two inserts on adjacent lines make one run; an insert at the start and a new tail.
        let copied = [run(6, 6, 3)];
        assert_eq!(changed(&copied, text, b"xxxxx\ncc\n"), vec![1, 2, 4]);
    }

    #[test]
    fn a_one_line_text_with_many_seams_is_one_changed_line() {
        // A minified file: one long line, many copied runs joined by small inserts.
        let base: Vec<u8> = (0..4_000u32).map(|i| b'a' + (i % 26) as u8).collect();
        let mut text = Vec::new();
        let mut copied = Vec::new();
        for piece in 0..40 {
            copied.push(run(text.len(), piece * 100, 90));
            text.extend_from_slice(&base[piece * 100..piece * 100 + 90]);
            text.extend_from_slice(b"#");
        }
        assert_eq!(changed(&copied, &text, &base), vec![1]);
    }
}
