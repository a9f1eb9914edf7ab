//! Giving freed memory back to the system after a pool loads.
//!
//! Loading a pool decodes its whole database (tens of megabytes of JSON for 5,000 VMs) on the
//! runtime's threads; glibc keeps the freed pages of that garbage in its arenas, between the
//! records that stay, so the window's RSS stayed at its peak for good (60 MB more with ten
//! pools of 5,000 VMs). `malloc_trim` returns whole free pages inside the heap too.

use std::sync::atomic::{AtomicBool, Ordering};

static REQUESTED: AtomicBool = AtomicBool::new(false);
static RUNNING: AtomicBool = AtomicBool::new(false);

/// Returns free heap pages to the system, on a thread of its own (it walks every arena, which
/// takes a few milliseconds with a large heap), once no call has come for a second: pools
/// connecting together, and the tree builds that follow their loads, are over by then.
pub fn release_free_memory() {
    REQUESTED.store(true, Ordering::Release);
    if RUNNING.swap(true, Ordering::AcqRel) {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("malloc-trim".into())
        .spawn(worker);
    if spawned.is_err() {
        RUNNING.store(false, Ordering::Release);
    }
}

fn worker() {
    loop {
        while REQUESTED.swap(false, Ordering::AcqRel) {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
        trim();
        RUNNING.store(false, Ordering::Release);
        // A call during the trim found the worker running and left it the work.
        if !REQUESTED.load(Ordering::Acquire) || RUNNING.swap(true, Ordering::AcqRel) {
            return;
        }
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn trim() {
    // SAFETY: malloc_trim only walks glibc's own arenas under their locks; any thread may call
    // it at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Other allocators give pages back by themselves.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}
