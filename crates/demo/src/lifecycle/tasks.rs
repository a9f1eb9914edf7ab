//! Tasks: what an `Async.<Class>.<method>` call returns, and the runner that does the work
//! over a believable time.
//!
//! A [`Job`] is an operation split as xapi performs it: `check` (the rules, under the same
//! write lock that marks the VM's `current_operations`, so two clients cannot both pass), a
//! duration over which `progress` advances, and `apply` (the change itself, done at the end,
//! so a cancelled job leaves nothing to roll back but the operation mark). Sync calls run
//! `check` and `apply` at once, without a task record.
//!
//! The task record follows xapi's: `name_label` `Async.VM.clone`, `status` pending →
//! success/failure/cancelled (a cancel asked for is `cancel` in `current_operations`),
//! `progress` 0..1, `result` as an XML-RPC `<value>` string, `error_info` `[CODE,
//! params…]`, `allowed_operations` `[cancel]` while a cancellable job runs. RBAC is checked inside the task (as xapi's generated server does), so a
//! read-only session gets a task that fails with RBAC_PERMISSION_DENIED.

use super::super::rpc::{Call, format_datetime};
use super::super::state::DemoState;
use super::rules;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};
use xapidb::Db;
use xenapi::error::ApiError;
use xenapi::xmlrpc::{Style, encode_value};

pub use super::task_calls::{cancel, create, destroy};

/// xapi's `Xapi_globs.max_tasks`: young tasks kept before the oldest finished ones go.
pub const MAX_TASKS: usize = 200;
/// xapi's `completed_task_timeout`: a finished task is destroyed 65 minutes after it ended.
pub const COMPLETED_TASK_TIMEOUT: Duration = Duration::from_secs(65 * 60);
/// Pending tasks one session may hold, from `task.create` or `Async.*` (xapi refuses work
/// past its queue of 100 with TOO_MANY_PENDING_TASKS).
pub const MAX_PENDING_PER_SESSION: usize = 100;

/// Checks an operation under the database's write lock.
pub type Check = Box<dyn FnOnce(&Db) -> Result<(), ApiError> + Send>;
/// Performs an operation; returns the call's result.
pub type Apply = Box<dyn FnOnce(&DemoState) -> Result<Value, ApiError> + Send>;

/// One operation, as a sync call or a task runs it.
pub struct Job {
    /// The call's wire name without `Async.` (`VM.clone`).
    pub label: String,
    /// The VM whose `current_operations` hold the operation while it runs, and the
    /// operation's name there (`clone`).
    pub target: Option<(String, String)>,
    /// The SR whose `current_operations` hold the operation while it runs, and its name
    /// there (`scan`): `with_sr_marked` in `message_forwarding.ml`. A conflicting operation
    /// already running makes this one wait for it, as xapi's `retry_with_global_lock`.
    pub sr: Option<(String, String)>,
    /// How long the work takes at normal speed.
    pub duration: Duration,
    /// Whether `task.cancel` stops it.
    pub cancellable: bool,
    pub check: Check,
    pub apply: Apply,
}

impl Job {
    /// A job that checks nothing up front and takes no time (setters, creates).
    pub fn quick(
        label: impl Into<String>,
        apply: impl FnOnce(&DemoState) -> Result<Value, ApiError> + Send + 'static,
    ) -> Job {
        Job {
            label: label.into(),
            target: None,
            sr: None,
            duration: Duration::ZERO,
            cancellable: false,
            check: Box::new(|_| Ok(())),
            apply: Box::new(apply),
        }
    }
}

/// What the server knows of tasks beyond their records: the session that made each (it may
/// cancel and destroy its own), and the flags that ask running jobs to stop.
#[derive(Default)]
pub struct Tasks {
    pub(super) owners: Mutex<HashMap<String, String>>,
    pub(super) running: Mutex<HashMap<String, Arc<AtomicBool>>>,
}

impl Tasks {
    pub(super) fn own(&self, task: &str, session: &str) {
        if let Ok(mut o) = self.owners.lock() {
            o.insert(task.to_string(), session.to_string());
        }
    }

    /// Refuses a new task to a session that already holds its share of pending ones, and
    /// collects finished tasks as xapi's database GC does (every new task, so the table
    /// never grows past what xapi would keep).
    pub(super) fn admit(&self, state: &DemoState, session: &str) -> Result<(), ApiError> {
        let gone = state.write(collect_garbage);
        let Ok(mut owners) = self.owners.lock() else {
            return Ok(());
        };
        let gone: std::collections::HashSet<String> = gone.into_iter().collect();
        owners.retain(|t, _| !gone.contains(t));
        let pending = state.read(|db| {
            owners
                .iter()
                .filter(|(t, s)| {
                    *s == session
                        && db.field("task", t, "status").and_then(Value::as_str) == Some("pending")
                })
                .count()
        });
        if pending >= MAX_PENDING_PER_SESSION {
            return Err(ApiError::new("TOO_MANY_PENDING_TASKS", [] as [&str; 0]));
        }
        Ok(())
    }
}

/// xapi's `Db_gc_util.timeout_tasks`, for finished tasks: those finished more than
/// [`COMPLETED_TASK_TIMEOUT`] ago go, then the oldest finished past [`MAX_TASKS`] (pending
/// tasks count against it). The refs destroyed.
fn collect_garbage(db: &mut Db) -> Vec<String> {
    let Some(table) = db.table("task") else {
        return Vec::new();
    };
    let cutoff = format_datetime(SystemTime::now() - COMPLETED_TASK_TIMEOUT);
    let mut finished: Vec<(String, String)> = Vec::new();
    let mut destroyable = Vec::new();
    let mut pending = 0usize;
    for (r, row) in &table.rows {
        let field = |f: &str| row.fields.get(f).and_then(Value::as_str).unwrap_or("");
        let destroy_asked = row
            .fields
            .get("current_operations")
            .and_then(Value::as_object)
            .is_some_and(|ops| ops.values().any(|o| o == "destroy"));
        if matches!(field("status"), "pending" | "cancelling") {
            pending += 1;
        } else if destroy_asked {
            // Destroyed while pending (`Task.destroy`): goes as soon as it is complete.
            destroyable.push(r.clone());
        } else {
            // xapi datetimes (YYYYMMDDThh:mm:ssZ) sort as their times do.
            finished.push((field("finished").to_string(), r.clone()));
        }
    }
    finished.sort_unstable_by(|a, b| b.cmp(a));
    let keep = MAX_TASKS.saturating_sub(pending);
    let gone: Vec<String> = finished
        .into_iter()
        .enumerate()
        .filter(|(i, (at, _))| *i >= keep || *at < cutoff)
        .map(|(_, (_, r))| r)
        .chain(destroyable)
        .collect();
    for r in &gone {
        db.delete("task", r);
    }
    gone
}

pub(super) fn new_ref() -> String {
    format!("OpaqueRef:{}", uuid::Uuid::new_v4())
}

/// Now, in xapi's datetime format.
pub fn now() -> String {
    format_datetime(SystemTime::now())
}

/// A task's `result` as xapi stores it: the XML-RPC encoding of the value, empty for void.
pub fn encode_result(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) if s.is_empty() => String::new(),
        v => {
            let mut out = String::new();
            encode_value(&mut out, v, Style::SERVER);
            out
        }
    }
}

/// The pool master, where tasks are `resident_on`.
pub fn master(db: &Db) -> String {
    db.table("pool")
        .and_then(|t| t.rows.values().next())
        .and_then(|p| p.fields.get("master"))
        .and_then(Value::as_str)
        .unwrap_or("OpaqueRef:NULL")
        .to_string()
}

/// A fresh task record.
pub fn record(
    label: &str,
    description: &str,
    resident_on: &str,
    cancellable: bool,
) -> Map<String, Value> {
    let fields = json!({
        "uuid": uuid::Uuid::new_v4().to_string(),
        "name_label": label,
        "name_description": description,
        "allowed_operations": if cancellable { json!(["cancel"]) } else { json!([]) },
        "current_operations": {},
        "created": now(),
        "finished": "19700101T00:00:00Z",
        "status": "pending",
        "resident_on": resident_on,
        "progress": 0.0,
        "type": "",
        "result": "",
        "error_info": [],
        "other_config": {},
        "subtask_of": "OpaqueRef:NULL",
        "subtasks": [],
        "backtrace": "()",
    });
    fields.as_object().cloned().unwrap_or_default()
}

/// Runs `job` for a sync call: role, check, change, at once.
/// An SR operation first waits for a conflicting one to end (the call blocks, as in xapi).
pub async fn run_sync(call: &Call<'_>, job: Job) -> Result<Value, ApiError> {
    call.authorize()?;
    let state = call.state;
    let Job {
        target,
        sr,
        check,
        apply,
        ..
    } = job;
    // A sync call has no task: xapi marks the SR under the call's own (dummy) task.
    let mark = format!("OpaqueRef:{}", uuid::Uuid::new_v4());
    let never = AtomicBool::new(false);
    marked(state, sr.as_ref(), &mark, &never, check, |_| {})
        .await
        .map_err(|e| match e {
            Ended::Failed(e) => e,
            Ended::Cancelled => ApiError::new("TASK_CANCELLED", [mark.as_str()]),
        })?;
    let out = apply(state);
    if let Some((s, _)) = &sr {
        state.write(|db| super::sr_ops::mark(db, s, &mark, None));
    }
    if let Some((vm, _)) = &target {
        state.write(|db| rules::refresh(db, vm));
    }
    out
}

/// How often a job waiting for an SR looks again (xapi's `Early_wakeup` wakes it at once
/// when the SR is unmarked; a short poll stands in for that).
const SR_WAIT_POLL: Duration = Duration::from_millis(25);

/// Runs `check`, marks the SR and does `then` (the VM's mark), under one write lock, once no conflicting operation runs
/// on it (`mark_sr` retried); a cancel asked for meanwhile ends the wait with
/// TASK_CANCELLED (`Helpers.retry`).
async fn marked(
    state: &DemoState,
    sr: Option<&(String, String)>,
    task: &str,
    cancel: &AtomicBool,
    check: Check,
    then: impl FnOnce(&mut Db),
) -> Result<(), Ended> {
    let Some((sr, op)) = sr else {
        return state
            .write(|db| check(db).map(|()| then(db)))
            .map_err(Ended::Failed);
    };
    let mut check = Some((check, then));
    loop {
        let done = state.write(|db| {
            if super::sr_ops::conflict(db, sr, op).is_some() {
                return None;
            }
            let (check, then) = check.take()?;
            Some(check(db).map(|()| {
                super::sr_ops::mark(db, sr, task, Some(op));
                then(db);
            }))
        });
        match done {
            Some(r) => return r.map_err(Ended::Failed),
            None if cancel.load(Ordering::SeqCst) => return Err(Ended::Cancelled),
            None => tokio::time::sleep(SR_WAIT_POLL).await,
        }
    }
}

/// Starts `job` as a task and returns the task's ref at once.
pub fn run_async(call: &Call, job: Job) -> Result<Value, ApiError> {
    call.state.tasks.admit(call.state, call.session_ref)?;
    let state = call.state.clone();
    let task = new_ref();
    let label = format!("Async.{}", job.label);
    state.write(|db| {
        let rec = record(&label, "", &master(db), job.cancellable);
        db.insert("task", &task, rec);
    });
    let cancel = Arc::new(AtomicBool::new(false));
    state.tasks.own(&task, call.session_ref);
    if let Ok(mut r) = state.tasks.running.lock() {
        r.insert(task.clone(), cancel.clone());
    }
    // Checked now, reported through the task (xapi's RBAC check runs in the task's thread).
    let denied = call.authorize().err();
    let t = task.clone();
    tokio::spawn(async move {
        let outcome = match denied {
            Some(e) => Err(Ended::Failed(e)),
            None => drive(&state, &t, job, &cancel).await,
        };
        finish(&state, &t, outcome);
        if let Ok(mut r) = state.tasks.running.lock() {
            r.remove(&t);
        }
    });
    Ok(Value::String(task))
}

/// Starts `work` as a task named `Async.<call's method>` and returns the task's ref at once:
/// for methods whose work reports its own progress (`host.evacuate`, per VM moved). The
/// work gets the task's ref; RBAC is checked inside the task, as for every job.
pub fn run_async_work(
    call: &Call,
    work: impl FnOnce(
        Arc<DemoState>,
        String,
    ) -> super::super::rpc::BoxFuture<'static, Result<Value, ApiError>>
    + Send
    + 'static,
) -> Result<Value, ApiError> {
    call.state.tasks.admit(call.state, call.session_ref)?;
    let state = call.state.clone();
    let task = new_ref();
    let label = format!("Async.{}", call.method);
    state.write(|db| {
        let rec = record(&label, "", &master(db), false);
        db.insert("task", &task, rec);
    });
    state.tasks.own(&task, call.session_ref);
    let denied = call.authorize().err();
    let t = task.clone();
    tokio::spawn(async move {
        let outcome = match denied {
            Some(e) => Err(Ended::Failed(e)),
            None => work(state.clone(), t.clone()).await.map_err(Ended::Failed),
        };
        finish(&state, &t, outcome);
    });
    Ok(Value::String(task))
}

/// How a job ended: its result, an error, or cancelled.
pub(super) enum Ended {
    Cancelled,
    Failed(ApiError),
}

impl From<ApiError> for Ended {
    fn from(e: ApiError) -> Self {
        Ended::Failed(e)
    }
}

async fn drive(
    state: &Arc<DemoState>,
    task: &str,
    job: Job,
    cancel: &AtomicBool,
) -> Result<Value, Ended> {
    let Job {
        target,
        sr,
        duration,
        check,
        apply,
        cancellable,
        ..
    } = job;
    let vm_mark = |db: &mut Db| {
        if let Some((vm, op)) = &target {
            db.update("VM", vm, |f| {
                let ops = f
                    .entry("current_operations")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(m) = ops {
                    m.insert(task.to_string(), Value::String(op.clone()));
                }
            });
            rules::refresh(db, vm);
        }
    };
    marked(state, sr.as_ref(), task, cancel, check, vm_mark).await?;
    let duration = duration.div_f64(state.config.task_speed.max(0.001));
    // A step every ~150 ms: enough events to watch progress, not a storm.
    let steps = (duration.as_millis() / 150).clamp(1, 40) as u32;
    let mut outcome = Ok(());
    for i in 1..=steps {
        tokio::time::sleep(duration / steps).await;
        // xenopsd stops a cancellable operation at its next step.
        if cancellable && cancel.load(Ordering::SeqCst) {
            outcome = Err(Ended::Cancelled);
            break;
        }
        if i < steps {
            let p = (f64::from(i) / f64::from(steps) * 100.0).round() / 100.0;
            state.write(|db| db.set_field("task", task, "progress", json!(p)));
        }
    }
    let result = match outcome {
        Ok(()) => apply(state).map_err(Ended::Failed),
        Err(e) => Err(e),
    };
    if let Some((s, _)) = &sr {
        state.write(|db| super::sr_ops::mark(db, s, task, None));
    }
    if let Some((vm, _)) = &target {
        state.write(|db| {
            db.update("VM", vm, |f| {
                if let Some(Value::Object(m)) = f.get_mut("current_operations") {
                    m.remove(task);
                }
            });
            rules::refresh(db, vm);
        });
    }
    result
}

pub(super) fn finish(state: &DemoState, task: &str, outcome: Result<Value, Ended>) {
    state.write(|db| {
        db.update("task", task, |f| {
            f.insert("progress".into(), json!(1.0));
            f.insert("finished".into(), Value::String(now()));
            // `TaskHelper.complete`/`failed` leave `current_operations` (a cancel mark) as is.
            f.insert("allowed_operations".into(), json!([]));
            match outcome {
                Ok(v) => {
                    f.insert("status".into(), "success".into());
                    f.insert("result".into(), Value::String(encode_result(&v)));
                }
                Err(Ended::Failed(e)) => {
                    f.insert("status".into(), "failure".into());
                    f.insert("error_info".into(), json!(e.to_description()));
                }
                Err(Ended::Cancelled) => {
                    f.insert("status".into(), "cancelled".into());
                    f.insert("error_info".into(), json!(["TASK_CANCELLED", task]));
                }
            }
        });
    });
}

/// Adds `count` tasks as a busy pool's list shows them: most finished (a few failed or
/// cancelled), some still pending part-way (no job drives those; `task.cancel` ends them).
pub fn seed(db: &mut Db, count: usize) {
    const LABELS: &[&str] = &[
        "Async.VM.clone",
        "Async.VM.snapshot",
        "Async.VM.start",
        "Async.VM.pool_migrate",
        "Async.VM.copy",
        "Async.VM.clean_shutdown",
    ];
    db.ensure_table("task");
    let host = master(db);
    for i in 0..count {
        let label = LABELS[i % LABELS.len()];
        let mut rec = record(
            label,
            "",
            &host,
            label.ends_with("copy") || label.ends_with("migrate"),
        );
        let (status, progress) = match i % 20 {
            0 => ("pending", (i % 9) as f64 / 10.0),
            1 => ("failure", 1.0),
            2 => ("cancelled", 1.0),
            _ => ("success", 1.0),
        };
        rec.insert("status".into(), status.into());
        rec.insert("progress".into(), json!(progress));
        let r = new_ref();
        match status {
            "failure" => {
                rec.insert(
                    "error_info".into(),
                    json!(["VM_BAD_POWER_STATE", "OpaqueRef:NULL", "halted", "running"]),
                );
            }
            "cancelled" => {
                rec.insert("error_info".into(), json!(["TASK_CANCELLED", r]));
            }
            "success"
                if label.ends_with("clone")
                    || label.ends_with("snapshot")
                    || label.ends_with("copy") =>
            {
                rec.insert(
                    "result".into(),
                    Value::String(encode_result(&json!(new_ref()))),
                );
            }
            _ => {}
        }
        if status != "pending" {
            rec.insert("finished".into(), Value::String(now()));
            rec.insert("allowed_operations".into(), json!([]));
        }
        db.insert("task", &r, rec);
    }
}

/// Ends a task a client created and an HTTP handler drove (an export, an import).
pub fn complete(state: &DemoState, task: &str, outcome: Result<Value, ApiError>) {
    finish(state, task, outcome.map_err(Ended::Failed));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_are_xmlrpc_values_and_void_is_empty() {
        assert_eq!(
            encode_result(&json!("OpaqueRef:x")),
            "<value>OpaqueRef:x</value>"
        );
        assert_eq!(encode_result(&json!("")), "");
        assert_eq!(encode_result(&Value::Null), "");
        assert_eq!(encode_result(&json!("a<b")), "<value>a&lt;b</value>");
    }
}
