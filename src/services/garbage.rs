//! Freeing big values off the UI thread. Dropping an old tree of 80,000 rows, or the records
//! an event storm replaces (each dozens of allocations made on the thread that decoded it),
//! takes milliseconds the UI thread should spend drawing: [`drop_later`] hands the value to
//! one long-lived thread that frees it. That thread keeps the UI thread's priority: freeing
//! takes the allocator's locks, which the UI thread needs too, and a thread preempted while
//! it holds one makes the UI thread wait as long as it waits.

use std::sync::mpsc::{Sender, channel};
use std::sync::{Mutex, OnceLock};

type Parcel = Box<dyn Send>;

static BIN: OnceLock<Option<Mutex<Sender<Parcel>>>> = OnceLock::new();

fn start() -> Option<Mutex<Sender<Parcel>>> {
    let (tx, rx) = channel::<Parcel>();
    std::thread::Builder::new()
        .name("garbage".into())
        .spawn(move || {
            for parcel in rx {
                drop(parcel);
            }
        })
        .inspect_err(|e| tracing::warn!(error = %e, "no thread to free memory on"))
        .ok()?;
    Some(Mutex::new(tx))
}

/// Frees `value` on the garbage thread (here, if there is none).
pub fn drop_later<T: Send + 'static>(value: T) {
    let parcel: Parcel = Box::new(value);
    let Some(bin) = BIN.get_or_init(start) else {
        return; // dropped here
    };
    let sent = bin.lock().map(|tx| tx.send(parcel));
    // A poisoned lock or a gone thread: the value was dropped here, which is only slower.
    drop(sent);
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Flag(std::sync::mpsc::Sender<std::thread::ThreadId>);
    impl Drop for Flag {
        fn drop(&mut self) {
            let _ = self.0.send(std::thread::current().id());
        }
    }

    #[test]
    fn values_are_freed_on_another_thread() {
        let (tx, rx) = channel();
        drop_later(Flag(tx));
        let freed_on = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("freed");
        assert_ne!(freed_on, std::thread::current().id());
    }
}
