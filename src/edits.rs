//! Sends planned edits ([`crate::model::edit::EditPlan`]) and VM power operations over a
//! session. Each plan re-reads the map just before writing and refuses on conflict, so a
//! change another admin made meanwhile is never overwritten.

use crate::model::edit::{Conflict, EditPlan};
use crate::xenapi::records::StringMap;
use crate::xenapi::{Error, Session};
use serde_json::Value;

#[derive(Debug, Clone)]
pub enum EditError {
    /// The map changed since the form opened; nothing was written.
    Conflict(Conflict),
    /// The server refused a call (RBAC, a vanished object, …) or could not be reached.
    Server(Error),
}

impl From<Error> for EditError {
    fn from(e: Error) -> Self {
        EditError::Server(e)
    }
}

impl std::error::Error for EditError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EditError::Conflict(_) => None,
            EditError::Server(e) => Some(e),
        }
    }
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::Conflict(c) => write!(f, "changed meanwhile: {}", c.keys.join(", ")),
            EditError::Server(e) => write!(f, "{e}"),
        }
    }
}

/// Re-reads the field, checks the plan's conflict rule, then sends its calls in order.
pub async fn apply(session: &Session, plan: &EditPlan) -> Result<(), EditError> {
    if plan.is_empty() {
        return Ok(());
    }
    let r = Value::String(plan.object_ref.clone());
    let getter = format!("{}.get_{}", plan.class, plan.field);
    let fresh: StringMap = session.call_as(&getter, std::slice::from_ref(&r)).await?;
    plan.check(&fresh).map_err(EditError::Conflict)?;
    for (method, args) in plan.wire_calls() {
        session.call(&method, &args).await?;
    }
    Ok(())
}

/// Applies several plans (a multi-selection); one result each, in order.
pub async fn apply_all(session: &Session, plans: &[EditPlan]) -> Vec<Result<(), EditError>> {
    let mut out = Vec::with_capacity(plans.len());
    for p in plans {
        out.push(apply(session, p).await);
    }
    out
}

/// VM lifecycle operations offered in the menus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PowerOp {
    Start,
    CleanShutdown,
    HardShutdown,
    CleanReboot,
    Suspend,
    Resume,
}

impl PowerOp {
    pub fn method(self) -> &'static str {
        match self {
            PowerOp::Start => "VM.start",
            PowerOp::CleanShutdown => "VM.clean_shutdown",
            PowerOp::HardShutdown => "VM.hard_shutdown",
            PowerOp::CleanReboot => "VM.clean_reboot",
            PowerOp::Suspend => "VM.suspend",
            PowerOp::Resume => "VM.resume",
        }
    }
}

pub async fn power(session: &Session, vm_ref: &str, op: PowerOp) -> Result<(), Error> {
    let mut args = vec![Value::String(vm_ref.into())];
    if matches!(op, PowerOp::Start | PowerOp::Resume) {
        args.extend([Value::Bool(false), Value::Bool(false)]); // start_paused, force
    }
    session.call(op.method(), &args).await.map(|_| ())
}
