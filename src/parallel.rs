//! Work spread over the machine's cores with scoped threads (no thread pool to keep alive).

use std::sync::atomic::{AtomicUsize, Ordering};

/// How many threads to use: the cores this process may run on, at most eight.
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// `f` applied to every item, on all cores; the results in the items' order.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    map_with(items, true, || (), |(), item| f(item)).0
}

/// [`map`] with a state of each thread's own, made by `init` where the thread starts and handed
/// back when all items are done (one state per thread used): for work that fills something as
/// it goes — a worker's buffer of encoded entries, flushed whenever it is full and once at the
/// end by the caller. With `interning`, equal texts deserialized on a thread share one
/// allocation ([`crate::model::Interning`]); without, work that drops what it parses saves the
/// lookups.
pub(crate) fn map_with<T: Sync, S: Send, R: Send>(
    items: &[T],
    interning: bool,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &T) -> R + Sync,
) -> (Vec<R>, Vec<S>) {
    let threads = threads().min(items.len().div_ceil(16)).max(1);
    if threads == 1 {
        let _interning = interning.then(crate::model::Interning::start);
        let mut state = init();
        let all = items.iter().map(|item| f(&mut state, item)).collect();
        return (all, vec![state]);
    }
    // Small chunks taken in turn balance uneven work (a few large files among many small ones).
    const CHUNK: usize = 32;
    let next = AtomicUsize::new(0);
    // Each thread's results (where each chunk starts, its results) and its state.
    type Done<R, S> = (Vec<(usize, Vec<R>)>, S);
    let done: Vec<Done<R, S>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    // Equal texts parsed on this worker share one allocation (model::Text).
                    let _interning = interning.then(crate::model::Interning::start);
                    let mut state = init();
                    let mut done = Vec::new();
                    loop {
                        let start = next.fetch_add(CHUNK, Ordering::Relaxed);
                        if start >= items.len() {
                            break;
                        }
                        let end = (start + CHUNK).min(items.len());
                        let part = items[start..end].iter().map(|item| f(&mut state, item));
                        done.push((start, part.collect()));
                    }
                    (done, state)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut states = Vec::with_capacity(done.len());
    let mut parts: Vec<(usize, Vec<R>)> = Vec::with_capacity(items.len().div_ceil(CHUNK));
    for (part, state) in done {
        parts.extend(part);
        states.push(state);
    }
    parts.sort_by_key(|(start, _)| *start);
    // Sized once: a flattening collect would grow the result step by step, copying large
    // results (whole records) again and again.
    let mut all = Vec::with_capacity(items.len());
    for (_, r) in parts {
        all.extend(r);
    }
    (all, states)
}

/// `f` applied to every item, taken by value, on all cores; the results in the items' order.
/// Whatever of an item `f` does not return is dropped on the thread that ran it: at a hundred
/// thousand whole records, freeing them one by one on a single thread was a phase of its own.
pub(crate) fn map_owned<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let n = items.len();
    let threads = threads().min(n.div_ceil(16)).max(1);
    if threads == 1 {
        return items.into_iter().map(f).collect();
    }
    const CHUNK: usize = 32;
    // The items are handed out a chunk at a time, in order, with where the chunk starts.
    let source = std::sync::Mutex::new((0usize, items.into_iter()));
    let mut parts: Vec<(usize, Vec<R>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let (start, chunk) = {
                            let mut source = source.lock().unwrap_or_else(|e| e.into_inner());
                            let chunk: Vec<T> = source.1.by_ref().take(CHUNK).collect();
                            let start = source.0;
                            source.0 += chunk.len();
                            (start, chunk)
                        };
                        if chunk.is_empty() {
                            break;
                        }
                        done.push((start, chunk.into_iter().map(&f).collect()));
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
    let mut all = Vec::with_capacity(n);
    for (_, r) in parts {
        all.extend(r);
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Results come back in the items' order, whatever thread did them; every item is seen
    /// by exactly one thread's state, and each state is handed back.
    #[test]
    fn map_with_keeps_order_and_hands_back_every_state() {
        for n in [0usize, 1, 15, 16, 17, 100, 1000, 4099] {
            let items: Vec<usize> = (0..n).collect();
            let (out, states) = map_with(&items, true, Vec::new, |seen: &mut Vec<usize>, &i| {
                seen.push(i);
                i * 3
            });
            assert_eq!(out, items.iter().map(|i| i * 3).collect::<Vec<_>>());
            assert!(!states.is_empty() && states.len() <= threads().max(1));
            let mut seen: Vec<usize> = states.into_iter().flatten().collect();
            seen.sort_unstable();
            assert_eq!(seen, items);
            assert_eq!(
                map(&items, |i| i + 1),
                items.iter().map(|i| i + 1).collect::<Vec<_>>()
            );
        }
    }
}
