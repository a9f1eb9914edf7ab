//! Where a frame's time goes in the app's own code, for the frame log of
//! [`super::instrumented`]: named spans (a timer dropped at the end of a scope) and counts,
//! kept per frame on the UI thread. Off unless the frame log is on: then a span costs one
//! atomic load and nothing is kept.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

static ON: AtomicBool = AtomicBool::new(false);

/// One frame's record: each name once, in the order first seen, with its total time, how
/// many times it ran and a count it reported (events applied, rows rebuilt…).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Entry {
    pub name: &'static str,
    pub time: Duration,
    /// The thread's CPU time in it (where the system says): far under `time` when the
    /// thread waited for a core.
    pub cpu: Duration,
    pub calls: u32,
    pub count: u64,
}

thread_local! {
    static FRAME: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// Turns recording on (the frame log is open) or off.
pub fn enable(on: bool) {
    ON.store(on, Ordering::Relaxed);
}

fn on() -> bool {
    ON.load(Ordering::Relaxed)
}

fn record(name: &'static str, time: Duration, cpu: Duration, calls: u32, count: u64) {
    FRAME.with_borrow_mut(|f| match f.iter_mut().find(|e| e.name == name) {
        Some(e) => {
            e.time += time;
            e.cpu += cpu;
            e.calls += calls;
            e.count += count;
        }
        None => f.push(Entry {
            name,
            time,
            cpu,
            calls,
            count,
        }),
    });
}

/// A timer for the scope it lives in, recorded under `name` when dropped.
#[must_use = "a span measures until it is dropped"]
pub struct Span {
    name: &'static str,
    start: Option<(Instant, Duration)>,
}

/// Starts a span (nothing when recording is off).
pub fn span(name: &'static str) -> Span {
    let start = on().then(|| (Instant::now(), thread_cpu()));
    Span { name, start }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some((t, cpu)) = self.start {
            let cpu = thread_cpu().saturating_sub(cpu);
            record(self.name, t.elapsed(), cpu, 1, 0);
        }
    }
}

/// Times work on another thread, whose result the UI thread takes later (a tree build).
pub struct Stopwatch(Option<(Instant, Duration)>);

/// Starts a stopwatch on the calling thread (nothing when recording is off).
pub fn stopwatch() -> Stopwatch {
    Stopwatch(on().then(|| (Instant::now(), thread_cpu())))
}

impl Stopwatch {
    /// The wall and CPU time since the start, on the thread that started it.
    pub fn stop(self) -> Option<(Duration, Duration)> {
        let (t, cpu) = self.0?;
        Some((t.elapsed(), thread_cpu().saturating_sub(cpu)))
    }
}

/// Records the time another thread spent (`Stopwatch::stop`) in this thread's frame.
pub fn record_elsewhere(name: &'static str, took: Option<(Duration, Duration)>) {
    if let Some((wall, cpu)) = took.filter(|_| on()) {
        record(name, wall, cpu, 1, 0);
    }
}

fn thread_cpu() -> Duration {
    thread_usage().map_or(Duration::ZERO, |(cpu, _)| cpu)
}

/// Adds `n` to the count of `name` (events applied, rows rebuilt…) in this frame.
pub fn count(name: &'static str, n: u64) {
    if on() {
        record(name, Duration::ZERO, Duration::ZERO, 0, n);
    }
}

/// The frame's record so far, emptied for the next frame.
pub fn take() -> Vec<Entry> {
    FRAME.with_borrow_mut(std::mem::take)
}

/// The calling thread's CPU time and how many times the scheduler took the CPU from it
/// (involuntary context switches): a frame whose wall time is far over its CPU time waited
/// for a core (or a lock), rather than worked. `None` where the system does not say.
pub fn thread_usage() -> Option<(Duration, u64)> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: both calls only write into the zeroed structs they are given.
        let mut ts: libc::timespec = unsafe { std::mem::zeroed() };
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        let ok = unsafe {
            libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) == 0
                && libc::getrusage(libc::RUSAGE_THREAD, &mut ru) == 0
        };
        let cpu = Duration::new(
            u64::try_from(ts.tv_sec).ok()?,
            u32::try_from(ts.tv_nsec).ok()?,
        );
        ok.then(|| (cpu, u64::try_from(ru.ru_nivcsw).unwrap_or(0)))
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        None
    }
}

/// One frame's record as the frame log writes it: `name=ms/cpu-ms` (`×calls` when it ran
/// more than once, `#count` when it counted something), by time, longest first; spans under
/// 0.05 ms are left out unless they counted something, and counts have no times.
pub fn format(entries: &mut [Entry]) -> String {
    entries.sort_by_key(|e| std::cmp::Reverse(e.time));
    let mut s = String::new();
    for e in entries.iter() {
        let ms = e.time.as_secs_f64() * 1000.0;
        if ms < 0.05 && e.count == 0 {
            continue;
        }
        if !s.is_empty() {
            s.push(' ');
        }
        if e.calls > 0 {
            let cpu = e.cpu.as_secs_f64() * 1000.0;
            s.push_str(&format!("{}={ms:.2}/{cpu:.2}", e.name));
        } else {
            s.push_str(e.name);
        }
        if e.calls > 1 {
            s.push_str(&format!("×{}", e.calls));
        }
        if e.count > 0 {
            s.push_str(&format!("#{}", e.count));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test: the switch is process-wide, and tests run in parallel.
    #[test]
    fn spans_record_only_while_on_and_add_up_per_name() {
        enable(false);
        drop(span("off"));
        count("off", 3);
        assert!(take().is_empty(), "nothing is kept while off");

        enable(true);
        drop(span("a"));
        drop(span("a"));
        count("a", 5);
        count("b", 2);
        let mut f = take();
        enable(false);
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].name, f[0].calls, f[0].count), ("a", 2, 5));
        assert_eq!((f[1].name, f[1].calls, f[1].count), ("b", 0, 2));
        assert!(take().is_empty(), "taken once");

        f[0].time = Duration::from_millis(3);
        f[0].cpu = Duration::from_millis(1);
        assert_eq!(format(&mut f), "a=3.00/1.00×2#5 b#2");
    }

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[test]
    fn thread_cpu_time_grows_with_work() {
        let (a, _) = thread_usage().expect("linux says");
        let mut x = 0u64;
        let t = std::time::Instant::now();
        while t.elapsed() < Duration::from_millis(20) {
            x = std::hint::black_box(x.wrapping_add(1));
        }
        let (b, _) = thread_usage().expect("linux says");
        assert!(b > a, "busy work shows as CPU time");
    }
}
