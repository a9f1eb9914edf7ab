//! Tasks, alerts and the VM lifecycle on the demo server (issue 15).
//!
//! - [`tasks`]: `Async.<Class>.<method>` returns a task whose progress advances while the
//!   job runs; `task.cancel`, `task.destroy`, `task.create`.
//! - [`rules`]: xapi's `allowed_operations` / error rules for VMs, kept current in the
//!   database for every power state and while operations run.
//! - [`vm_ops`]: the VM methods (start_on, pause, snapshot, checkpoint, revert, clone, copy,
//!   destroy, pool_migrate, provision, the power methods, VCPU and memory setters);
//!   [`copies`] the records they create; [`placement`] hosts and memory; [`devices`]: VDI/VBD/VIF create and destroy.
//! - [`messages`]: the `message` class and the alerts xapi raises.
//!
//! Sync calls run the same jobs at once; Async ones run them over a believable time.

pub mod copies;
pub mod devices;
pub mod messages;
pub mod placement;
pub mod provision;
pub mod rules;
pub mod tasks;
pub mod vm_ops;

pub use tasks::Tasks;

use super::rpc::{Call, method_unknown};
use super::{objects, power};
use serde_json::Value;
use tasks::Job;
use xenapi::error::ApiError;

/// The job behind `<class>.<msg>`, if it is one of the methods built here.
fn job(call: &Call, class: &str, msg: &str) -> Option<Result<Job, ApiError>> {
    match class {
        "VM" => vm_ops::job(call, msg),
        _ => devices::job(call, class, msg),
    }
}

/// Handles a sync call of a lifecycle, task or message method; `None` when the method is
/// someone else's.
pub fn handle(call: &Call, class: &str, msg: &str) -> Option<Result<Value, ApiError>> {
    match class {
        "task" => return tasks::handle(call, msg),
        "message" => return messages::handle(call, msg),
        _ => {}
    }
    let job = job(call, class, msg)?;
    Some(job.and_then(|j| tasks::run_sync(call, j)))
}

/// Handles `Async.<rest>`: the task's ref, or an error in the arguments. Methods without
/// a job here (edits, creates of other classes) run at once inside a finished task; field
/// getters have no async form, as in xapi.
pub fn handle_async(call: &Call, rest: &str) -> Result<Value, ApiError> {
    let Some((class, msg)) = rest.split_once('.') else {
        return Err(method_unknown(call.method));
    };
    let inner = Call {
        state: call.state,
        method: rest,
        session_ref: call.session_ref,
        session: call.session.clone(),
        args: call.args,
    };
    if msg.starts_with("get_") || class == "event" || class == "session" {
        return Err(method_unknown(call.method));
    }
    if let Some(job) = job(&inner, class, msg) {
        return Ok(tasks::run_async(&inner, job?));
    }
    // Anything else: done now, reported through a task as xapi would.
    let out = match handle(&inner, class, msg) {
        Some(r) => r,
        None if class == "VM" && power::handles(msg) => power::handle(&inner, msg),
        None => objects::handle(&inner, class, msg),
    };
    if let Err(e) = &out
        && e.code == xenapi::error::codes::MESSAGE_METHOD_UNKNOWN
    {
        return Err(method_unknown(call.method));
    }
    let value = out.clone().unwrap_or(Value::Null);
    let job = Job::quick(rest, move |_| out.map(|_| value));
    // The role was checked by the call itself.
    let mut inner_ro = inner;
    inner_ro.session.read_only = false;
    Ok(tasks::run_async(&inner_ro, job))
}

/// Every method name this module adds, for `system.listMethods`.
pub fn method_names() -> Vec<String> {
    let mut out: Vec<String> = vm_ops::METHODS.iter().map(|m| format!("VM.{m}")).collect();
    out.extend(devices::METHODS.iter().map(|m| m.to_string()));
    for m in ["task.cancel", "task.destroy", "task.create"] {
        out.push(m.into());
    }
    for m in ["get_since", "create", "destroy", "destroy_many"] {
        out.push(format!("message.{m}"));
    }
    let sync = out.clone();
    out.extend(
        sync.iter()
            .filter(|m| !m.starts_with("message.") && !m.starts_with("task."))
            .map(|m| format!("Async.{m}")),
    );
    out
}
