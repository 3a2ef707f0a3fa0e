//! Work spread over the machine's cores with scoped threads (no thread pool to keep alive).

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads to use: the cores this process may run on, at most eight.
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// `f` applied to every item, on all cores; the results in the items' order.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads().min(items.len().div_ceil(16)).max(1);
    if threads == 1 {
        let _interning = crate::model::Interning::start();
        return items.iter().map(f).collect();
    }
    // Small chunks taken in turn balance uneven work (a few large files among many small ones).
    const CHUNK: usize = 32;
    let next = AtomicUsize::new(0);
    let mut parts: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    // Equal texts parsed on this worker share one allocation (model::Text).
                    let _interning = crate::model::Interning::start();
                    let mut done = Vec::new();
                    loop {
                        let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                        if start >= items.len() {
                            break;
                        }
                        let end = (start + CHUNK).min(items.len());
                        done.push((start, items[start..end].iter().map(&f).collect()));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    parts.sort_by_key(|(start, _)| *start);
    // Sized once: a flattening collect would grow the result step by step, copying large
    // results (whole records) again and again.
    let mut all = Vec::with_capacity(items.len());
    for (_, r) in parts {
        all.extend(r);
    }
    all
}
