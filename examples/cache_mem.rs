//! `cargo run --example cache_mem`: where the memory of one generated 5,000-VM pool goes in
//! the client: its cache class by class, and the navigator's tree, counted by a global
//! allocator (bytes asked for and live allocations; malloc adds about 16 bytes to each).

// An example may unwrap: a failed setup has nothing to measure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicIsize, Ordering::Relaxed};

struct Counting;
static BYTES: AtomicIsize = AtomicIsize::new(0);
static COUNT: AtomicIsize = AtomicIsize::new(0);

// SAFETY: forwards to the system allocator, only counting.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        BYTES.fetch_add(l.size() as isize, Relaxed);
        COUNT.fetch_add(1, Relaxed);
        // SAFETY: the caller's layout, passed on.
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        BYTES.fetch_sub(l.size() as isize, Relaxed);
        COUNT.fetch_sub(1, Relaxed);
        // SAFETY: allocated by `alloc` above with this layout.
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        BYTES.fetch_add(n as isize - l.size() as isize, Relaxed);
        // SAFETY: as `alloc` and `dealloc`.
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static A: Counting = Counting;

fn now() -> (isize, isize) {
    (BYTES.load(Relaxed), COUNT.load(Relaxed))
}

fn mb(b: isize) -> f64 {
    b as f64 / 1_048_576.0
}

fn show(what: &str, before: (isize, isize), after: (isize, isize)) {
    let (b, n) = (after.0 - before.0, after.1 - before.1);
    println!(
        "{what:<28} {:>8.2} MB in {n:>8} allocations ({:>6.2} MB with malloc's 16 B each)",
        mb(b),
        mb(b + 16 * n)
    );
}

macro_rules! take {
    ($cache:ident, $($f:ident),*) => {$(
        let before = now();
        let field = std::mem::take(&mut $cache.$f);
        let n = field.len();
        drop(field);
        let after = now();
        // What the class alone holds (ref texts other records share stay counted above).
        show(&format!("{} ({n})", stringify!($f)), after, before);
    )*};
}

fn main() {
    let spec: xenpilot::demo::generator::PoolSpec =
        "vms=5000,hosts=32,networks=250".parse().expect("spec");
    let db = xenpilot::demo::generator::generate(spec);
    let start = now();
    let mut cache = xenpilot::xapidb::cache_of(&db);
    let loaded = now();
    show("cache, whole", start, loaded);
    let i18n = xenpilot::i18n::I18n::new("en-US");
    let t0 = now();
    let tree = xenpilot::model::tree::build(
        &cache,
        &i18n,
        xenpilot::model::tree::ViewKind::Infrastructure,
        Default::default(),
    );
    show("Infrastructure tree", t0, now());
    let t1 = now();
    let rows = xenpilot::model::tree::flatten(&tree, &Default::default(), false);
    show(&format!("its rows ({})", rows.len()), t1, now());
    take!(
        cache,
        vms,
        vm_metrics,
        vm_guest_metrics,
        vifs,
        vbds,
        vdis,
        hosts,
        pifs,
        pbds,
        networks,
        srs,
        messages,
        tasks
    );
    show(
        "the rest",
        now(),
        (start.0 + (now().0 - start.0) * 2 - (now().0 - start.0), 0),
    );
}
