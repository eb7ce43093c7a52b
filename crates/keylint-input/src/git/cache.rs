//! Recently read blob texts, kept so that a history audit inflates each blob once: a version
//! read as the *new* side of one commit is the *old* side the next commit that edits the file
//! is diffed against. Without it most blobs were read twice (inflated, their delta chains
//! resolved again).
//!
//! Bounded by bytes; the oldest entry goes first. An entry is taken out when it is used: in a
//! mostly linear history a version is replaced once, and its room is better spent on the next
//! one (a version two branches both edit is read again from the object database for the second,
//! as it was before). Keyed by object id, so a hit is the very content of that id.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use git2::Oid;

/// Bytes of blob text a history audit keeps for the next version of each file to be diffed
/// against. With 48 MB, 98 % of the old sides of curl's history up to `curl-7_21_0` came from
/// memory, but prisma's peak RSS grew by about 110 MB (large generated files); 16 MB keeps
/// prisma under 300 MB (docs/performance.md).
pub(crate) const HISTORY_CACHE_BYTES: usize = 16 << 20;

/// A blob larger than this share of the budget is not kept: it would push out many small ones.
const LARGEST_SHARE: usize = 8;

/// Blob texts by id, at most `budget` bytes, shared by the audit's worker threads.
pub(crate) struct BlobCache {
    budget: usize,
    inner: Mutex<Inner>,
    hits: AtomicU64,
    misses: AtomicU64,
}

#[derive(Default)]
struct Inner {
    texts: HashMap<Oid, Arc<Vec<u8>>>,
    /// Insertion order; ids already taken out are skipped when their turn comes.
    order: VecDeque<Oid>,
    bytes: usize,
}

impl BlobCache {
    /// An empty cache of at most `budget` bytes of text.
    pub(crate) fn new(budget: usize) -> Self {
        BlobCache {
            budget,
            inner: Mutex::new(Inner::default()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// Keeps `text`, the content of blob `oid`, pushing out the oldest entries over the budget.
    pub(crate) fn keep(&self, oid: Oid, text: Arc<Vec<u8>>) {
        let len = text.len();
        if len > self.budget / LARGEST_SHARE {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if inner.texts.insert(oid, text).is_some() {
            // Already kept (the same blob read by two workers): the bytes are counted once.
            return;
        }
        inner.order.push_back(oid);
        inner.bytes += len;
        while inner.bytes > self.budget {
            let Some(oldest) = inner.order.pop_front() else {
                break;
            };
            if let Some(gone) = inner.texts.remove(&oldest) {
                inner.bytes -= gone.len();
            }
        }
        // Taken entries leave their ids behind in `order`; drop them once they are most of it.
        if inner.order.len() > 2 * inner.texts.len() + 1024 {
            let Inner { texts, order, .. } = &mut *inner;
            order.retain(|id| texts.contains_key(id));
        }
    }

    /// The text of blob `oid`, taken out of the cache, when it is kept.
    pub(crate) fn take(&self, oid: Oid) -> Option<Arc<Vec<u8>>> {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let text = inner.texts.remove(&oid);
        if let Some(text) = &text {
            inner.bytes -= text.len();
            self.hits.fetch_add(1, Ordering::Relaxed);
        } else {
            self.misses.fetch_add(1, Ordering::Relaxed);
        }
        text
    }

    /// How many [`BlobCache::take`] calls found their blob, and how many did not.
    pub(crate) fn hits_and_misses(&self) -> (u64, u64) {
        (
            self.hits.load(Ordering::Relaxed),
            self.misses.load(Ordering::Relaxed),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).unwrap()
    }

    fn text(s: &str) -> Arc<Vec<u8>> {
        Arc::new(s.as_bytes().to_vec())
    }

    #[test]
    fn a_hit_is_the_text_kept_under_that_id_and_is_taken_once() {
        let cache = BlobCache::new(1000);
        cache.keep(id(1), text("one"));
        cache.keep(id(2), text("two"));
        assert_eq!(
            cache.take(id(2)).as_deref().map(Vec::as_slice),
            Some(&b"two"[..])
        );
        assert_eq!(
            cache.take(id(1)).as_deref().map(Vec::as_slice),
            Some(&b"one"[..])
        );
        assert!(cache.take(id(1)).is_none(), "taken out when used");
        assert!(cache.take(id(3)).is_none());
        assert_eq!(cache.hits_and_misses(), (2, 2));
    }

    #[test]
    fn the_oldest_go_first_over_the_budget_and_large_texts_are_not_kept() {
        let cache = BlobCache::new(80);
        for n in 0..10 {
            cache.keep(id(n), text("0123456789"));
        }
        // 80 bytes: the last eight are kept.
        assert!(cache.take(id(0)).is_none());
        assert!(cache.take(id(1)).is_none());
        assert!((2..10).all(|n| cache.take(id(n)).is_some()));
        cache.keep(id(20), text(&"x".repeat(11)));
        assert!(cache.take(id(20)).is_none(), "over an eighth of the budget");
        // Taking frees room: after taking, the bytes are back to zero.
        assert_eq!(cache.inner.lock().unwrap().bytes, 0);
    }

    #[test]
    fn keeping_the_same_blob_twice_counts_its_bytes_once() {
        let cache = BlobCache::new(100);
        cache.keep(id(1), text("0123456789"));
        cache.keep(id(1), text("0123456789"));
        assert_eq!(cache.inner.lock().unwrap().bytes, 10);
        assert!(cache.take(id(1)).is_some());
        assert_eq!(cache.inner.lock().unwrap().bytes, 0);
    }
}
