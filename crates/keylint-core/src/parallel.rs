//! Order-preserving parallel map over a slice, on scoped threads (no thread pool to keep alive:
//! keylint runs a handful of such phases per process).
//!
//! ```
//! let squares = keylint_core::parallel::map_ordered(&[1, 2, 3, 4], |x| x * x);
//! assert_eq!(squares, vec![1, 4, 9, 16]);
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};

/// Items a worker claims at a time: large enough to amortise the atomic, small enough to balance
/// files of uneven size.
const BATCH: usize = 8;

/// `items.iter().map(f).collect()`, run on up to `available_parallelism` threads, results in the
/// order of `items`. Runs on the calling thread when there is little to share.
pub fn map_ordered<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(items.len().div_ceil(BATCH));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let start = next.fetch_add(BATCH, Ordering::Relaxed);
            if start >= items.len() {
                break done;
            }
            let end = (start + BATCH).min(items.len());
            done.push((start, items[start..end].iter().map(&f).collect::<Vec<R>>()));
        }
    };
    let mut parts: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        // Spawn every worker before joining any (`collect` first: iterators are lazy).
        let workers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut parts = work();
        for worker in workers {
            parts.extend(
                worker
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            );
        }
        parts
    });
    parts.sort_unstable_by_key(|(start, _)| *start);
    parts.into_iter().flat_map(|(_, batch)| batch).collect()
}

#[cfg(test)]
mod tests {
    use super::map_ordered;

    #[test]
    fn keeps_order_and_every_item() {
        for n in [0, 1, 7, 8, 9, 100, 1001] {
            let items: Vec<usize> = (0..n).collect();
            let out = map_ordered(&items, |x| x * 3);
            assert_eq!(
                out,
                items.iter().map(|x| x * 3).collect::<Vec<_>>(),
                "n = {n}"
            );
        }
    }
}
