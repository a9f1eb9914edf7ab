//! One primitive for work that runs off the UI thread: a [`Task`] is started on the background
//! runtime (or a thread, for blocking work), calls a `notify` hook when it finishes (the UI
//! passes `ctx.request_repaint`), and is polled once a frame. It replaces hand-written
//! channel/`try_recv` pairs, with one policy when the worker vanishes without an answer (it
//! panicked, or the runtime shut down): [`Poll::Vanished`], which the UI shows as one localized
//! message. No egui here: the hook is a plain closure.
//!
//! Blocking work runs at a lower priority than the UI thread ([`lower_priority`]): on a busy
//! machine (a 10,000-VM tree built again and again through an event storm) a frame then
//! waits less for a core. Not the runtime's threads: the UI thread frees what they allocate
//! (the decoded changes), which takes their allocator arena's lock, and a low-priority
//! thread preempted while it holds that lock made frames wait for it (seen in figure 7).

use std::future::Future;
use std::sync::mpsc;

/// Lowers the calling thread's priority below the UI thread's, for work that can wait: its
/// nice value becomes 10 unless it is that or more already (Linux sets it per thread;
/// raising it needs no privilege). Elsewhere, nothing changes.
pub fn lower_priority() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: getpriority and setpriority only read and change the calling thread's nice
    // value (`who` 0 is the calling thread on Linux); no memory of ours is touched.
    unsafe {
        if libc::getpriority(libc::PRIO_PROCESS, 0) < BACKGROUND_NICE {
            libc::setpriority(libc::PRIO_PROCESS, 0, BACKGROUND_NICE);
        }
    }
}

/// The nice value of background threads (the UI thread keeps the process's, usually 0).
pub const BACKGROUND_NICE: i32 = 10;

/// A piece of work whose result arrives later.
#[derive(Debug)]
pub struct Task<T> {
    rx: mpsc::Receiver<T>,
}

/// What polling a task gives.
#[derive(Debug, PartialEq)]
pub enum Poll<T> {
    /// Still running.
    Pending,
    /// Finished with this result (given once).
    Ready(T),
    /// The worker ended without an answer.
    Vanished,
}

/// The hook a finished task calls (the UI's repaint request).
pub type Notify = Box<dyn FnOnce() + Send + 'static>;

impl<T: Send + 'static> Task<T> {
    /// Runs `fut` on the runtime `rt`.
    pub fn spawn<F>(rt: &tokio::runtime::Handle, notify: Notify, fut: F) -> Task<T>
    where
        F: Future<Output = T> + Send + 'static,
    {
        let (tx, rx) = mpsc::channel();
        rt.spawn(async move {
            let _ = tx.send(fut.await);
            notify();
        });
        Task { rx }
    }

    /// Runs blocking `work` (file parsing, tree building) on a thread of its own.
    pub fn spawn_blocking<F>(name: &str, notify: Notify, work: F) -> std::io::Result<Task<T>>
    where
        F: FnOnce() -> T + Send + 'static,
    {
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                lower_priority();
                let _ = tx.send(work());
                notify();
            })?;
        Ok(Task { rx })
    }

    /// A task that is already finished (work done inline, e.g. with no runtime in tests).
    pub fn ready(value: T) -> Task<T> {
        let (tx, rx) = mpsc::channel();
        let _ = tx.send(value);
        Task { rx }
    }

    /// Takes the result if it arrived; never blocks.
    pub fn poll(&mut self) -> Poll<T> {
        match self.rx.try_recv() {
            Ok(v) => Poll::Ready(v),
            Err(mpsc::TryRecvError::Empty) => Poll::Pending,
            Err(mpsc::TryRecvError::Disconnected) => Poll::Vanished,
        }
    }

    /// Waits for the result (tests and benchmarks only: the UI polls).
    pub fn wait(self) -> Option<T> {
        self.rx.recv().ok()
    }
}

/// Polls every task in `tasks`, keeping the pending ones; returns what finished, each as
/// `Some(result)` or `None` for a vanished worker.
pub fn poll_all<T: Send + 'static>(tasks: &mut Vec<Task<T>>) -> Vec<Option<T>> {
    let mut done = Vec::new();
    tasks.retain_mut(|t| match t.poll() {
        Poll::Pending => true,
        Poll::Ready(v) => {
            done.push(Some(v));
            false
        }
        Poll::Vanished => {
            done.push(None);
            false
        }
    });
    done
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    #[test]
    fn a_finished_task_notifies_and_gives_its_result_once() {
        let rt = tokio::runtime::Runtime::new().expect("runtime");
        let notified = Arc::new(AtomicBool::new(false));
        let n = notified.clone();
        let task = Task::spawn(
            rt.handle(),
            Box::new(move || n.store(true, Ordering::SeqCst)),
            async { 41 + 1 },
        );
        assert_eq!(task.wait(), Some(42));
        // The hook runs after the send; give it a moment on the runtime's thread.
        for _ in 0..100 {
            if notified.load(Ordering::SeqCst) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(notified.load(Ordering::SeqCst));
    }

    #[test]
    fn a_worker_that_panics_is_reported_as_vanished() {
        let mut task: Task<u32> =
            Task::spawn_blocking("panics", Box::new(|| {}), || panic!("worker died"))
                .expect("thread");
        let mut seen = Poll::Pending;
        for _ in 0..200 {
            seen = task.poll();
            if seen != Poll::Pending {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert_eq!(seen, Poll::Vanished);
    }

    /// Blocking work runs below the UI thread's priority; the thread that started it keeps
    /// its own.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn blocking_work_runs_at_background_priority() {
        // SAFETY: getpriority only reads the calling thread's nice value.
        let nice = || unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let caller = nice();
        let task = Task::spawn_blocking("nice", Box::new(|| {}), nice).expect("thread");
        let worker = task.wait().expect("result");
        assert_eq!(worker, caller.max(BACKGROUND_NICE));
        assert_eq!(nice(), caller, "the caller's priority is unchanged");
    }

    #[test]
    fn poll_all_keeps_pending_tasks() {
        let (tx, rx) = mpsc::channel::<u8>();
        let mut tasks = vec![Task::ready(1u8), Task { rx }];
        assert_eq!(poll_all(&mut tasks), vec![Some(1)]);
        assert_eq!(tasks.len(), 1);
        drop(tx);
        assert_eq!(poll_all(&mut tasks), vec![None]);
        assert!(tasks.is_empty());
    }
}
