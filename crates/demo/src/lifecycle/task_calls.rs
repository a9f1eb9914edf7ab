//! The task class's own calls, `task.cancel`, `task.destroy` and `task.create`, as
//! `Xapi_task` does them; the runner that drives tasks is in `tasks`.

use super::super::rpc::Call;
use super::tasks::{Ended, finish, master, new_ref, record};
use serde_json::{Value, json};
use std::sync::atomic::Ordering;
use xenapi::error::{ApiError, codes};

/// Whether the session may act on the task: its own, or any with a role above read-only
/// (xapi's `task.destroy/any` permission).
fn may_touch(call: &Call, task: &str) -> bool {
    let own = call
        .state
        .tasks
        .owners
        .lock()
        .ok()
        .is_some_and(|o| o.get(task).is_some_and(|s| s == call.session_ref));
    own || !call.session.read_only
}

fn task_arg<'a>(call: &'a Call) -> Result<&'a str, ApiError> {
    let t = call.str_arg(0, "task")?;
    if call.state.read(|db| db.get("task", t).is_none()) {
        return Err(ApiError::new(codes::HANDLE_INVALID, ["task", t]));
    }
    Ok(t)
}

/// `task.cancel(task)`, as `Xapi_task.cancel`: the permission check, then `cancel` in the
/// task's `current_operations` (keyed by this call's own task), and a request to the
/// operation to stop. The status stays `pending`: xapi never sets `cancelling`. The
/// operation ends it `cancelled` with TASK_CANCELLED when it stops, if it can (xenopsd's
/// start, shutdown, reboot, pause and migrate; `allowed_operations` says `cancel`), or
/// carries on to its end (suspend and resume are not cancellable). A task a client made
/// with `task.create` is the client's to end: it only gets the mark.
pub fn cancel(call: &Call) -> Result<Value, ApiError> {
    let t = task_arg(call)?;
    if !may_touch(call, t) {
        return Err(call.denied());
    }
    let flag = call
        .state
        .tasks
        .running
        .lock()
        .ok()
        .and_then(|r| r.get(t).cloned());
    let owned = call
        .state
        .tasks
        .owners
        .lock()
        .is_ok_and(|o| o.contains_key(t));
    let (cancellable, pending) = call.state.write(|db| {
        db.set_field(
            "task",
            t,
            "current_operations",
            json!({ new_ref(): "cancel" }),
        );
        let field = |f: &str| db.field("task", t, f).cloned().unwrap_or_default();
        let cancellable = field("allowed_operations")
            .as_array()
            .is_some_and(|a| a.iter().any(|v| v == "cancel"));
        (cancellable, field("status") == "pending")
    });
    match flag {
        Some(flag) if cancellable => flag.store(true, Ordering::SeqCst),
        // Not cancellable: it runs to its end with the mark.
        Some(_) => {}
        // A task the generated pool left part-way stands for an operation of xapi's own,
        // which stops now.
        None if pending && cancellable && !owned => finish(call.state, t, Err(Ended::Cancelled)),
        None => {}
    }
    Ok(Value::String(String::new()))
}

/// `task.destroy(task)`, as `Xapi_task.destroy`: a completed task goes; a pending one only
/// gets `destroy` in its `current_operations` (key `task`), and the database GC destroys it
/// once it has completed.
pub fn destroy(call: &Call) -> Result<Value, ApiError> {
    let t = task_arg(call)?;
    if !may_touch(call, t) {
        return Err(call.denied());
    }
    let destroyed = call.state.write(|db| {
        let status = db.field("task", t, "status").cloned().unwrap_or_default();
        if status == "pending" {
            db.update("task", t, |f| {
                let ops = f.entry("current_operations").or_insert_with(|| json!({}));
                if let Value::Object(m) = ops {
                    m.insert("task".into(), "destroy".into());
                }
            });
            false
        } else {
            db.delete("task", t)
        }
    });
    if destroyed && let Ok(mut o) = call.state.tasks.owners.lock() {
        o.remove(t);
    }
    Ok(Value::String(String::new()))
}

/// `task.create(label, description)`: a task a client drives itself (imports, exports).
pub fn create(call: &Call) -> Result<Value, ApiError> {
    let label = call.str_arg(0, "label")?.to_string();
    let description = call.str_arg(1, "description")?.to_string();
    call.state.tasks.admit(call.state, call.session_ref)?;
    let task = new_ref();
    call.state.write(|db| {
        let rec = record(&label, &description, &master(db), true);
        db.insert("task", &task, rec);
    });
    call.state.tasks.own(&task, call.session_ref);
    Ok(Value::String(task))
}
