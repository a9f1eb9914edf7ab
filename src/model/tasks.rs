//! The pool's tasks as the Events view lists them: every `task` record the cache holds (this
//! client's and other clients', all arriving through `event.from`), running ones first, then
//! the newest; what each applies to; elapsed time; and how many run (the status bar).
//!
//! xapi's task record does not name its object. While a task runs, the object lists it in
//! `current_operations` (task ref → operation); XenPilot also knows the objects of the tasks it
//! started. [`Links`] remembers both, so a finished task stays on its object's Tasks tab.

use super::tree::Node;
use std::collections::HashMap;
use xenapi::records::TaskStatus;
use xenapi::{Cache, Ref, Task, TaskCursor};

/// The fields of an xapi datetime, and what follows the clock (its zone, after any
/// fraction of a second).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeFields<'a> {
    pub year: i64,
    pub month: i64,
    pub day: i64,
    pub hour: i64,
    pub minute: i64,
    pub second: i64,
    pub zone: &'a str,
}

/// Reads `20261124T22:00:00Z` (or ISO 8601 with dashes) character by character: a server's
/// string may hold anything, and a byte index could cut a character in half. `None` for
/// anything unreadable.
pub fn time_fields(t: &str) -> Option<TimeFields<'_>> {
    let (date, time) = t.split_once('T')?;
    let date: Vec<i64> = date
        .chars()
        .filter(|c| *c != '-')
        .map(ascii_digit)
        .collect::<Option<_>>()?;
    let [y0, y1, y2, y3, m0, m1, d0, d1] = date[..] else {
        return None;
    };
    // `find` returns a character boundary, so the split cannot cut a character.
    let end = time
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(time.len());
    let (clock, rest) = time.split_at(end);
    let clock: Vec<i64> = clock.chars().filter_map(ascii_digit).collect();
    let hms = match clock[..] {
        [h0, h1, n0, n1, s0, s1, ..] => [h0, h1, n0, n1, s0, s1],
        [h0, h1, n0, n1, ..] => [h0, h1, n0, n1, 0, 0],
        _ => return None,
    };
    let (month, day) = (m0 * 10 + m1, d0 * 10 + d1);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some(TimeFields {
        year: ((y0 * 10 + y1) * 10 + y2) * 10 + y3,
        month,
        day,
        hour: hms[0] * 10 + hms[1],
        minute: hms[2] * 10 + hms[3],
        second: hms[4] * 10 + hms[5],
        zone: rest.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit()),
    })
}

fn ascii_digit(c: char) -> Option<i64> {
    c.is_ascii_digit().then(|| i64::from(c as u8 - b'0'))
}

/// Seconds since the Unix epoch of an xapi datetime (`20261124T22:00:00Z`, or ISO 8601 with
/// dashes; a missing zone is UTC, as xapi writes). `None` for the epoch (xapi's "never") and
/// for anything unreadable.
pub fn parse_time(t: &str) -> Option<i64> {
    let f = time_fields(t)?;
    let secs =
        days_from_civil(f.year, f.month, f.day) * 86_400 + f.hour * 3600 + f.minute * 60 + f.second;
    (secs > 0).then_some(secs)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm; a date
/// crate for this one conversion is not worth its weight).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `secs` as "42 s", "3 min 05 s" or "2 h 04 min".
pub fn format_elapsed(secs: i64) -> String {
    let s = secs.max(0);
    if s < 60 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min {:02} s", s / 60, s % 60)
    } else {
        format!("{} h {:02} min", s / 3600, (s % 3600) / 60)
    }
}

/// Whether the task still runs.
pub fn running(t: &Task) -> bool {
    matches!(t.status, TaskStatus::Pending | TaskStatus::Cancelling)
}

/// How many of the pool's tasks run now.
pub fn running_count(cache: &Cache) -> usize {
    cache.tasks.values().filter(|t| running(t)).count()
}

/// Time the task took, or has taken so far at `now` (Unix seconds).
pub fn elapsed(t: &Task, now: i64) -> Option<i64> {
    let start = parse_time(&t.created)?;
    let end = if running(t) {
        now
    } else {
        parse_time(&t.finished).unwrap_or(now)
    };
    Some((end - start).max(0))
}

/// The task refs in display order: by start time, newest first (the ref breaks ties), as
/// XenCenter's Events list. Not by status: a row must not move under the pointer when its
/// task ends (the running count and the spinner say what runs).
pub fn ordered(tasks: &HashMap<Ref<Task>, Task>, only: Option<&[Ref<Task>]>) -> Vec<Ref<Task>> {
    let mut v: Vec<(&Ref<Task>, &Task, i64)> = match only {
        Some(refs) => refs
            .iter()
            .filter_map(|r| tasks.get_key_value(r))
            .map(|(r, t)| (r, t, parse_time(&t.created).unwrap_or(0)))
            .collect(),
        None => tasks
            .iter()
            .map(|(r, t)| (r, t, parse_time(&t.created).unwrap_or(0)))
            .collect(),
    };
    v.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.as_str().cmp(b.0.as_str())));
    v.into_iter().map(|(r, _, _)| r.clone()).collect()
}

/// Which object each task applies to, remembered after the task leaves the object's
/// `current_operations`.
#[derive(Debug, Clone, Default)]
pub struct Links {
    of: HashMap<Ref<Task>, Node>,
    /// The cache's task log when the objects were last read.
    seen: Option<xenapi::TaskCursor>,
}

impl Links {
    /// A task XenPilot started on `node`.
    pub fn insert(&mut self, task: Ref<Task>, node: Node) {
        self.of.insert(task, node);
    }

    /// Learns the objects of the tasks running now (a VM's `current_operations`), and
    /// forgets the tasks `history` no longer holds. Reads every VM only when there can be
    /// something to learn: a task changed since the last read, or a running task has no
    /// object yet (its VM's change may come after the task's); not while another client
    /// edits thousands of VMs and no task runs.
    pub fn learn(&mut self, cache: &Cache, history: &History) {
        let cursor = cache.task_log.cursor();
        let unlinked = || {
            history
                .tasks
                .iter()
                .any(|(t, rec)| running(rec) && !self.of.contains_key(t))
        };
        if self.seen == Some(cursor) && !unlinked() {
            return;
        }
        self.seen = Some(cursor);
        for (r, vm) in &cache.vms {
            for t in vm.current_operations.keys() {
                self.of
                    .entry(Ref::new(t.clone()))
                    .or_insert_with(|| Node::Vm(r.clone()));
            }
        }
        self.of.retain(|t, _| history.tasks.contains_key(t));
    }

    /// The object `task` applies to, if known.
    pub fn get(&self, task: &Ref<Task>) -> Option<&Node> {
        self.of.get(task)
    }

    /// The tasks known to apply to `node`.
    pub fn of_node(&self, node: &Node) -> Vec<Ref<Task>> {
        self.of
            .iter()
            .filter(|(_, n)| *n == node)
            .map(|(t, _)| t.clone())
            .collect()
    }
}

/// The tasks seen in a pool, kept after xapi destroys them (clients destroy their tasks once
/// read, as XenCenter does): the Events view lists what ran, not only what runs. Bounded
/// ([`HISTORY_LIMIT`] finished tasks), and learned from what events changed ([`xenapi::TaskLog`]),
/// so a pool keeping 100,000 finished tasks costs a frame nothing.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub tasks: HashMap<Ref<Task>, Task>,
    /// How far the cache's task log has been read, and how many tasks the cache held then
    /// (a change not made by an event, as in tests, shows as another count).
    seen: Option<(TaskCursor, usize)>,
}

/// Finished tasks kept per pool; the oldest go first.
pub const HISTORY_LIMIT: usize = 2000;

impl History {
    /// Takes in the cache's tasks that changed since the last call: new ones and changed
    /// ones are copied; a task that left the cache while still pending is marked finished
    /// at `now` (its last state kept). Reads every task only when the log cannot say what
    /// changed (first call, a new cache, more changes than the log keeps).
    pub fn learn(&mut self, cache: &Cache, now: &str) {
        let log = &cache.task_log;
        let changed: Option<Vec<Ref<Task>>> = match self.seen {
            Some((cursor, len)) => log.since(cursor).and_then(|refs| {
                let refs: Vec<Ref<Task>> = refs.cloned().collect();
                (!refs.is_empty() || len == cache.tasks.len()).then_some(refs)
            }),
            None => None,
        };
        self.seen = Some((log.cursor(), cache.tasks.len()));
        match changed {
            Some(refs) => {
                for r in refs {
                    self.take(cache, &r, now);
                }
            }
            None => {
                for r in cache.tasks.keys() {
                    self.take(cache, r, now);
                }
                let gone: Vec<Ref<Task>> = self
                    .tasks
                    .iter()
                    .filter(|(r, t)| running(t) && !cache.tasks.contains_key(*r))
                    .map(|(r, _)| r.clone())
                    .collect();
                for r in gone {
                    self.take(cache, &r, now);
                }
            }
        }
        // Trimmed with some slack, so that each new task does not sort the history again.
        if self.tasks.len() > HISTORY_LIMIT + HISTORY_LIMIT / 8 {
            let mut done: Vec<(i64, Ref<Task>)> = self
                .tasks
                .iter()
                .filter(|(_, t)| !running(t))
                .map(|(r, t)| (parse_time(&t.created).unwrap_or(0), r.clone()))
                .collect();
            done.sort();
            let extra = self.tasks.len().saturating_sub(HISTORY_LIMIT);
            for (_, r) in done.into_iter().take(extra) {
                self.tasks.remove(&r);
            }
        }
    }

    /// Takes in one task as the cache has it now.
    fn take(&mut self, cache: &Cache, r: &Ref<Task>, now: &str) {
        match cache.tasks.get(r) {
            Some(t) => {
                let changed = self
                    .tasks
                    .get(r)
                    .is_none_or(|h| h.status != t.status || h.progress != t.progress);
                if changed {
                    self.tasks.insert(r.clone(), t.clone());
                }
            }
            None => {
                if let Some(t) = self.tasks.get_mut(r).filter(|t| running(t)) {
                    t.status = TaskStatus::Success;
                    t.progress = 1.0;
                    t.finished = now.to_string();
                }
            }
        }
    }

    /// How many of the kept tasks still run.
    pub fn running_count(&self) -> usize {
        self.tasks.values().filter(|t| running(t)).count()
    }

    /// How many of the cache's tasks run, as [`running_count`] counts them, from the bounded
    /// history (which holds every running task of the cache once learned) rather than from
    /// every task of the pool.
    pub fn running_in(&self, cache: &Cache) -> usize {
        self.tasks
            .iter()
            .filter(|(r, t)| running(t) && cache.tasks.contains_key(*r))
            .count()
    }

    /// A task XenPilot ran ended: its outcome as the job saw it (xapi may have destroyed the
    /// record before it was read).
    pub fn finish(&mut self, task: &Ref<Task>, error: Option<Vec<String>>, now: &str) {
        if let Some(t) = self.tasks.get_mut(task) {
            match error {
                // Stopped by a cancel: cancelled, as xapi's `TaskHelper.failed` says it.
                Some(e)
                    if e.first().is_some_and(|c| c == "TASK_CANCELLED")
                        && (running(t) || t.status == TaskStatus::Success) =>
                {
                    t.status = TaskStatus::Cancelled;
                    t.error_info = e;
                }
                Some(e) if running(t) || t.status == TaskStatus::Success => {
                    t.status = TaskStatus::Failure;
                    t.error_info = e;
                }
                None if running(t) => {
                    t.status = TaskStatus::Success;
                    t.progress = 1.0;
                }
                _ => return,
            }
            t.finished = now.to_string();
        }
    }
}

/// `now` (Unix seconds) as an xapi datetime.
pub fn format_xapi_time(now: i64) -> String {
    let days = now.div_euclid(86_400);
    let secs = now.rem_euclid(86_400);
    // Inverse of `days_from_civil` (Howard Hinnant's `civil_from_days`).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs % 3600) / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(status: TaskStatus, created: &str, finished: &str) -> Task {
        Task {
            status,
            created: created.into(),
            finished: finished.into(),
            ..Task::default()
        }
    }

    #[test]
    fn xapi_times_read_as_utc_and_the_epoch_as_never() {
        assert_eq!(parse_time("19700101T00:00:00Z"), None);
        assert_eq!(parse_time("20261124T22:00:00Z"), Some(1_795_557_600));
        assert_eq!(
            parse_time("2026-11-24T22:00:05Z"),
            parse_time("20261124T22:00:05Z")
        );
        assert_eq!(parse_time("not a time"), None);
        assert_eq!(parse_time("20261324T22:00:00Z"), None);
    }

    #[test]
    fn a_date_of_non_ascii_characters_is_unknown_not_a_panic() {
        // 8 bytes before the `T`, but not 8 characters: byte slicing cut a `€` in half.
        assert_eq!(parse_time("€€aaT00:00:00Z"), None);
        assert_eq!(parse_time("20261124T€€:00:00Z"), None);
        assert_eq!(parse_time("20261124T2€:00:00Z"), None);
        assert_eq!(parse_time("2026١١24T22:00:00Z"), None);
    }

    proptest::proptest! {
        #[test]
        fn no_string_makes_the_time_parser_panic(s in "\\PC*", t in "[0-9€:T٠-٩Z-]{0,24}") {
            let _ = parse_time(&s);
            let _ = parse_time(&t);
        }
    }

    #[test]
    fn elapsed_runs_on_while_pending_and_stops_when_finished() {
        let t0 = parse_time("20261124T22:00:00Z").unwrap_or_default();
        let pending = task(
            TaskStatus::Pending,
            "20261124T22:00:00Z",
            "19700101T00:00:00Z",
        );
        assert_eq!(elapsed(&pending, t0 + 75), Some(75));
        let done = task(
            TaskStatus::Success,
            "20261124T22:00:00Z",
            "20261124T22:00:09Z",
        );
        assert_eq!(elapsed(&done, t0 + 3600), Some(9));
        assert_eq!(format_elapsed(9), "9 s");
        assert_eq!(format_elapsed(65), "1 min 05 s");
        assert_eq!(format_elapsed(7500), "2 h 05 min");
    }

    #[test]
    fn running_tasks_come_first_then_the_newest() {
        let mut c = Cache::default();
        let add = |c: &mut Cache, r: &str, t: Task| {
            c.tasks.insert(Ref::new(r), t);
        };
        add(
            &mut c,
            "old-done",
            task(
                TaskStatus::Success,
                "20261124T20:00:00Z",
                "20261124T20:00:01Z",
            ),
        );
        add(
            &mut c,
            "new-done",
            task(
                TaskStatus::Failure,
                "20261124T23:00:00Z",
                "20261124T23:00:01Z",
            ),
        );
        add(
            &mut c,
            "running",
            task(TaskStatus::Pending, "20261124T19:00:00Z", ""),
        );
        let order: Vec<String> = ordered(&c.tasks, None)
            .iter()
            .map(|r| r.as_str().to_string())
            .collect();
        assert_eq!(order, ["new-done", "old-done", "running"]);
        assert_eq!(running_count(&c), 1);
        // The running task ends: the rows keep their places.
        let r = Ref::new("running");
        if let Some(t) = c.tasks.get_mut(&r) {
            t.status = TaskStatus::Success;
        }
        let after: Vec<String> = ordered(&c.tasks, None)
            .iter()
            .map(|r| r.as_str().to_string())
            .collect();
        assert_eq!(after, order, "no row moves when a task ends");
        let only = [Ref::new("old-done"), Ref::new("gone")];
        assert_eq!(ordered(&c.tasks, Some(&only)).len(), 1);
    }

    fn event(r: &str, t: Option<&Task>) -> xenapi::events::Event {
        let snap = t.map(|t| {
            serde_json::json!({
                "status": match t.status {
                    TaskStatus::Pending => "pending",
                    _ => "success",
                },
                "created": t.created,
                "finished": t.finished,
                "progress": t.progress,
            })
        });
        xenapi::events::Event {
            class: "task".into(),
            operation: if t.is_some() {
                xenapi::events::Operation::Mod
            } else {
                xenapi::events::Operation::Del
            },
            reference: r.into(),
            snapshot: snap,
        }
    }

    #[test]
    fn learning_follows_the_changed_tasks_only_and_history_stays_bounded() {
        let mut c = Cache::default();
        for i in 0..20_000 {
            let t = task(
                TaskStatus::Success,
                &format_xapi_time(1_795_557_600 + i),
                &format_xapi_time(1_795_557_601 + i),
            );
            c.tasks.insert(Ref::new(format!("OpaqueRef:t{i}")), t);
        }
        let mut h = History::default();
        h.learn(&c, "20261124T22:00:09Z");
        assert!(h.tasks.len() <= HISTORY_LIMIT, "{}", h.tasks.len());
        assert!(h.tasks.contains_key(&Ref::new("OpaqueRef:t19999")));
        // Later frames read what events changed, not every task: a record changed behind the
        // log's back (no event) is not read again...
        if let Some(t) = c.tasks.get_mut(&Ref::new("OpaqueRef:t19998")) {
            t.progress = 0.5;
        }
        h.learn(&c, "20261124T22:00:09Z");
        assert_eq!(h.tasks[&Ref::new("OpaqueRef:t19998")].progress, 0.0);
        // ...while one an event changed is, and so is one an event destroyed while running.
        let running = task(TaskStatus::Pending, "20271124T22:00:00Z", "");
        c.apply(event("OpaqueRef:new", Some(&running)));
        h.learn(&c, "20271124T22:00:09Z");
        assert!(running_in(&h) == 1 && h.tasks.len() <= HISTORY_LIMIT + HISTORY_LIMIT / 8);
        c.apply(event("OpaqueRef:new", None));
        h.learn(&c, "20271124T22:00:09Z");
        assert_eq!(
            h.tasks[&Ref::new("OpaqueRef:new")].status,
            TaskStatus::Success
        );
        assert_eq!(h.running_count(), 0);
    }

    fn running_in(h: &History) -> usize {
        h.running_count()
    }

    #[test]
    fn a_task_stays_linked_to_its_vm_after_it_finished() {
        let mut c = Cache::default();
        let vm: Ref<xenapi::Vm> = Ref::new("OpaqueRef:vm");
        let mut v = xenapi::Vm::default();
        v.current_operations
            .insert("OpaqueRef:t".into(), "clone".into());
        c.vms.insert(vm.clone(), v);
        c.tasks
            .insert(Ref::new("OpaqueRef:t"), task(TaskStatus::Pending, "", ""));
        let mut links = Links::default();
        let mut history = History::default();
        history.learn(&c, "20261124T22:00:09Z");
        links.learn(&c, &history);
        if let Some(v) = c.vms.get_mut(&vm) {
            v.current_operations.clear();
        }
        // The client destroyed the task: history keeps it, finished, with its link.
        c.tasks.clear();
        history.learn(&c, "20261124T22:00:09Z");
        links.learn(&c, &history);
        let t = Ref::new("OpaqueRef:t");
        assert_eq!(
            links.of_node(&Node::Vm(vm.clone())),
            std::slice::from_ref(&t)
        );
        let rec = &history.tasks[&t];
        assert_eq!(rec.status, TaskStatus::Success);
        assert_eq!(rec.finished, "20261124T22:00:09Z");
        history.finish(&t, Some(vec!["SR_FULL".into()]), "20261124T22:00:10Z");
        assert_eq!(history.tasks[&t].status, TaskStatus::Failure);
        assert_eq!(format_xapi_time(1_795_557_600), "20261124T22:00:00Z");
    }

    /// A task whose VM names it only in a later change is linked then, though no task
    /// changed in between.
    #[test]
    fn a_task_is_linked_when_its_vm_names_it_later() {
        let mut c = Cache::default();
        let vm: Ref<xenapi::Vm> = Ref::new("OpaqueRef:vm");
        c.vms.insert(vm.clone(), xenapi::Vm::default());
        let t: Ref<Task> = Ref::new("OpaqueRef:t");
        c.tasks.insert(t.clone(), task(TaskStatus::Pending, "", ""));
        let (mut links, mut history) = (Links::default(), History::default());
        history.learn(&c, "20261124T22:00:09Z");
        links.learn(&c, &history);
        assert_eq!(links.get(&t), None);
        if let Some(v) = c.vms.get_mut(&vm) {
            v.current_operations
                .insert("OpaqueRef:t".into(), "clone".into());
        }
        history.learn(&c, "20261124T22:00:09Z");
        links.learn(&c, &history);
        assert_eq!(links.get(&t), Some(&Node::Vm(vm)));
    }

    /// A job stopped by a cancel ends its task cancelled, as xapi does (TaskHelper.failed
    /// with TASK_CANCELLED), not failed.
    #[test]
    fn a_job_stopped_by_a_cancel_ends_its_task_cancelled() {
        let mut c = Cache::default();
        let t: Ref<Task> = Ref::new("OpaqueRef:t");
        c.tasks.insert(t.clone(), task(TaskStatus::Pending, "", ""));
        let mut history = History::default();
        history.learn(&c, "20261124T22:00:09Z");
        let cancelled = vec!["TASK_CANCELLED".into(), "OpaqueRef:t".into()];
        history.finish(&t, Some(cancelled), "20261124T22:00:10Z");
        assert_eq!(history.tasks[&t].status, TaskStatus::Cancelled);
        assert!(!running(&history.tasks[&t]));
    }
}
