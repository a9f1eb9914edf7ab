//! Runs the Search window's query: inline over a few objects, on a thread of its own over
//! many (50,000 VMs take longer than a frame), one at a time, the newest asked winning.
//!
//! A search started reads the pools' caches as they were (it shares them, as a background
//! tree build does: their changes wait the tens of milliseconds it runs). A result that arrives
//! after a newer search was asked for is thrown away, so older results never replace newer
//! ones; until the newest arrives the window keeps the previous results on screen.

use crate::model::search::results::{self, Column, Found};
use crate::model::search::{PoolCtx, Query};
use crate::services::background::{Notify, Poll, Task};
use crate::ui::pools::PoolList;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use xenapi::Cache;

/// Below this many objects in all pools a search runs inline: it costs less than a frame,
/// and the results are there in the frame of the keystroke.
const INLINE_BELOW: usize = 5_000;

/// A search's results and the pools (window ids) their `pool` indexes.
pub struct Outcome {
    pub found: Vec<Found>,
    pub pools: Vec<u64>,
}

/// What to search for.
struct Ask {
    seq: u64,
    query: Query,
    sort: Option<(Column, bool)>,
}

pub struct Runner {
    /// Counts the searches asked for; the newest is the one whose results are wanted.
    asked: u64,
    /// The search whose results are on screen (or that was dropped as unreadable).
    shown: u64,
    /// The newest search asked for and not started.
    next: Option<Ask>,
    running: Option<(u64, Task<Outcome>)>,
    /// Set when the running search ends (with the window's repaint).
    woke: Arc<AtomicBool>,
    inline_below: usize,
}

impl Default for Runner {
    fn default() -> Self {
        Runner {
            asked: 0,
            shown: 0,
            next: None,
            running: None,
            woke: Arc::default(),
            inline_below: INLINE_BELOW,
        }
    }
}

impl Runner {
    /// Asks for a search; it replaces any asked for and not started yet.
    pub fn ask(&mut self, query: Query, sort: Option<(Column, bool)>) {
        self.asked += 1;
        self.next = Some(Ask {
            seq: self.asked,
            query,
            sort,
        });
    }

    /// Nothing to search (the query does not parse): no search is wanted any more.
    pub fn cancel(&mut self) {
        self.asked += 1;
        self.shown = self.asked;
        self.next = None;
    }

    /// The running search has ended: the next frame takes its results (benchmarks wait for
    /// this as the window does, asleep until the search wakes it).
    pub fn woken(&self) -> bool {
        self.woke.load(Ordering::Relaxed)
    }

    /// How many searches were asked for.
    pub fn asked(&self) -> u64 {
        self.asked
    }

    /// A search asked for has not given its results yet.
    pub fn busy(&self) -> bool {
        self.shown < self.asked
    }

    /// Runs every search in the background, whatever the pools' size (tests of the
    /// background path over small pools).
    #[doc(hidden)]
    pub fn always_in_background(&mut self) {
        self.inline_below = 0;
    }

    /// Takes the newest results if they arrived, and starts the search asked for when none
    /// runs. `notify` is called when a background search ends (the window's repaint).
    pub fn poll(&mut self, pools: &PoolList, notify: impl FnOnce() -> Notify) -> Option<Outcome> {
        let mut out = None;
        if let Some((seq, task)) = &mut self.running {
            let seq = *seq;
            match task.poll() {
                Poll::Pending => {}
                Poll::Ready(o) => {
                    self.running = None;
                    if seq == self.asked {
                        self.shown = seq;
                        out = Some(o);
                    }
                }
                // The thread died: keep what is shown rather than wait for ever.
                Poll::Vanished => {
                    self.running = None;
                    self.shown = self.shown.max(seq);
                }
            }
        }
        if self.running.is_none()
            && let Some(ask) = self.next.take()
        {
            let shared = snapshot(pools);
            let objects: usize = shared.iter().map(|(_, c)| objects(c)).sum();
            let Ask { seq, query, sort } = ask;
            if objects < self.inline_below {
                self.shown = seq;
                return Some(search(&shared, &query, sort.as_ref()));
            }
            let (q, s) = (query.clone(), sort.clone());
            let work = move || search(&shared, &q, s.as_ref());
            self.woke.store(false, Ordering::Relaxed);
            let (woke, repaint) = (self.woke.clone(), notify());
            let notify: Notify = Box::new(move || {
                woke.store(true, Ordering::Relaxed);
                repaint();
            });
            match Task::spawn_blocking("search", notify, work) {
                Ok(task) => self.running = Some((seq, task)),
                // No thread to be had: search here rather than not at all.
                Err(_) => {
                    self.shown = seq;
                    return Some(search(&snapshot(pools), &query, sort.as_ref()));
                }
            }
        }
        out
    }
}

/// The loaded pools' caches, shared (not copied) with the search.
fn snapshot(pools: &PoolList) -> Vec<(u64, Arc<Cache>)> {
    pools
        .iter()
        .filter(|p| p.pool_ref().is_some())
        .map(|p| (p.id, p.cache.clone()))
        .collect()
}

fn objects(c: &Cache) -> usize {
    c.vms.len() + c.hosts.len() + c.srs.len() + c.networks.len()
}

/// The search itself: the matches of `query` over `pools`, in the order asked for.
pub fn search(
    pools: &[(u64, Arc<Cache>)],
    query: &Query,
    sort: Option<&(Column, bool)>,
) -> Outcome {
    let ctxs: Vec<PoolCtx<'_>> = pools.iter().map(|(_, c)| PoolCtx::new(c)).collect();
    let mut found = find_parallel(&ctxs, query);
    if let Some((c, asc)) = sort {
        results::order(&mut found, &ctxs, c, *asc);
    }
    Outcome {
        found,
        pools: pools.iter().map(|(id, _)| *id).collect(),
    }
}

/// [`results::find`] with the pools shared out between the machine's cores (the UI thread
/// waits for nothing meanwhile); the matches in the same order as one thread gives them.
fn find_parallel(ctxs: &[PoolCtx<'_>], query: &Query) -> Vec<Found> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores < 2 || ctxs.len() < 2 {
        return results::find(ctxs, query);
    }
    let per = ctxs.len().div_ceil(cores.min(ctxs.len()));
    std::thread::scope(|s| {
        let parts: Vec<_> = ctxs
            .chunks(per)
            .enumerate()
            .map(|(k, part)| {
                s.spawn(move || {
                    let mut found = results::find(part, query);
                    for f in &mut found {
                        f.pool += k * per;
                    }
                    found
                })
            })
            .collect();
        // A part that panicked fails the whole search (the window keeps what it shows),
        // rather than giving some pools' matches as if they were all.
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::Source;

    fn pools() -> PoolList {
        let mut pools = PoolList::default();
        let i = pools.add("demo".into(), Source::Static);
        pools[i].cache = Arc::new(crate::xapidb::cache_of(&crate::demo::demo_pool()));
        pools
    }

    fn names(o: &Outcome, pools: &PoolList) -> Vec<String> {
        let ctxs: Vec<PoolCtx<'_>> = pools.iter().map(|p| PoolCtx::new(&p.cache)).collect();
        results::rows(&ctxs, &o.found, &[])
            .into_iter()
            .map(|h| h.name)
            .collect()
    }

    /// Polls until results arrive (the background search ends).
    fn results(r: &mut Runner, pools: &PoolList) -> Outcome {
        for _ in 0..2_000 {
            if let Some(o) = r.poll(pools, || Box::new(|| {})) {
                return o;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        panic!("no results");
    }

    fn q(s: &str) -> Query {
        Query::parse(s).expect("parses")
    }

    /// A search asked for while another runs wins: the older one's results, arriving
    /// after, are thrown away, and only the newest are given.
    #[test]
    fn an_older_search_never_replaces_a_newer_one() {
        let pools = pools();
        let mut r = Runner::default();
        r.always_in_background();
        r.ask(q("name:web-01"), None);
        assert!(r.poll(&pools, || Box::new(|| {})).is_none(), "runs apart");
        assert!(r.busy());
        r.ask(q("name:db-primary"), None);
        r.ask(q("name:web-02"), None);
        let o = results(&mut r, &pools);
        assert_eq!(names(&o, &pools), ["web-02"]);
        assert!(!r.busy());
        // Nothing more comes: the older searches gave nothing.
        std::thread::sleep(std::time::Duration::from_millis(50));
        assert!(r.poll(&pools, || Box::new(|| {})).is_none());
    }

    /// Over a few objects the results are there at once; the sort is applied.
    #[test]
    fn a_small_search_runs_inline_and_sorted() {
        let pools = pools();
        let mut r = Runner::default();
        r.ask(q("name:web"), Some((Column::Name, false)));
        let o = r.poll(&pools, || Box::new(|| {})).expect("inline");
        let n = names(&o, &pools);
        assert!(n.len() >= 2, "{n:?}");
        assert!(n.windows(2).all(|w| w[0] >= w[1]), "{n:?}");
        assert_eq!(o.pools, vec![pools[0].id]);
    }

    /// Shared out between threads, the matches are those one thread finds, in its order.
    #[test]
    fn the_parallel_find_is_the_plain_one() {
        let caches: Vec<Cache> = (1..=5)
            .map(|n| {
                let spec = format!("vms=40,hosts=2,pool={n}").parse().expect("spec");
                crate::xapidb::cache_of(&crate::demo::generator::generate(spec))
            })
            .collect();
        let ctxs: Vec<PoolCtx<'_>> = caches.iter().map(PoolCtx::new).collect();
        for text in ["", "vm-0001", "type:host", "nothing-like-this"] {
            let want: Vec<_> = results::find(&ctxs, &q(text))
                .into_iter()
                .map(|f| (f.pool, f.node))
                .collect();
            let got: Vec<_> = find_parallel(&ctxs, &q(text))
                .into_iter()
                .map(|f| (f.pool, f.node))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }

    /// An unreadable query cancels the search asked for: nothing arrives for it.
    #[test]
    fn a_cancelled_search_gives_nothing() {
        let pools = pools();
        let mut r = Runner::default();
        r.always_in_background();
        r.ask(q("web"), None);
        assert!(r.poll(&pools, || Box::new(|| {})).is_none());
        r.cancel();
        assert!(!r.busy());
        std::thread::sleep(std::time::Duration::from_millis(100));
        for _ in 0..5 {
            assert!(r.poll(&pools, || Box::new(|| {})).is_none());
        }
    }
}
