//! Sends planned edits ([`crate::model::edit::EditPlan`]) and the action table's plans
//! ([`crate::model::vm_plans::Plan`]) over a session. Each plan re-reads the map just before writing and refuses on conflict, so a
//! change another admin made meanwhile is never overwritten.

use crate::model::edit::{Conflict, EditPlan};
use serde_json::Value;
use xenapi::records::StringMap;
use xenapi::{Error, Session};

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

/// Runs a VM action's plan: long steps as `Async.*` calls whose task is watched to its end
/// (`on_task` hears of each task, with its method, as it starts, so the UI can tie it to its
/// object), the
/// others as plain calls; a step may take an earlier step's result. Stops at the first
/// failure, which keeps the server's error (a failed task's `error_info`); returns each
/// step's result (a new object's ref, for the plan's `creates`).
pub async fn run_plan(
    session: &Session,
    plan: &crate::model::vm_plans::Plan,
    on_task: impl Fn(&str, xenapi::Ref<xenapi::Task>),
) -> Result<Vec<Value>, Error> {
    run_plan_full(session, plan, on_task, |_| {}, |_, _| {}).await
}

/// [`run_plan`], also telling `on_result` each step's result as it comes (a New VM's clone
/// names the VM before the rest of the plan has run).
pub async fn run_plan_with(
    session: &Session,
    plan: &crate::model::vm_plans::Plan,
    on_task: impl Fn(&str, xenapi::Ref<xenapi::Task>),
    on_result: impl Fn(usize, &Value),
) -> Result<Vec<Value>, Error> {
    run_plan_full(session, plan, on_task, |_| {}, on_result).await
}

/// [`run_plan`], telling `on_step` of each step as it starts (its index), so a dialog can
/// say how far it got and, on failure, which step failed.
pub async fn run_plan_steps(
    session: &Session,
    plan: &crate::model::vm_plans::Plan,
    on_task: impl Fn(&str, xenapi::Ref<xenapi::Task>),
    on_step: impl Fn(usize),
) -> Result<Vec<Value>, Error> {
    run_plan_full(session, plan, on_task, on_step, |_, _| {}).await
}

/// The one plan runner behind the three: each step's start, task and result told.
async fn run_plan_full(
    session: &Session,
    plan: &crate::model::vm_plans::Plan,
    on_task: impl Fn(&str, xenapi::Ref<xenapi::Task>),
    on_step: impl Fn(usize),
    on_result: impl Fn(usize, &Value),
) -> Result<Vec<Value>, Error> {
    let mut results: Vec<Value> = Vec::with_capacity(plan.steps.len());
    for (i, step) in plan.steps.iter().enumerate() {
        on_step(i);
        let result = match run_step(session, step, &results, &on_task).await {
            Err(e)
                if e.api()
                    .is_some_and(|a| step.tolerate.contains(&a.code.as_str())) =>
            {
                Value::Null
            }
            other => other?,
        };
        on_result(results.len(), &result);
        results.push(result);
    }
    Ok(results)
}

/// One step of a plan: its answer, or the server's error.
async fn run_step(
    session: &Session,
    step: &crate::model::vm_plans::Step,
    results: &[Value],
    on_task: &impl Fn(&str, xenapi::Ref<xenapi::Task>),
) -> Result<Value, Error> {
    let args: Vec<Value> = step.args.iter().map(|a| a.resolve(results)).collect();
    if step.each {
        let (list, rest) = args.split_first().unwrap_or((&Value::Null, &[]));
        let mut out = Vec::new();
        for item in list.as_array().into_iter().flatten() {
            let mut one = vec![item.clone()];
            one.extend_from_slice(rest);
            let single = crate::model::vm_plans::Step {
                each: false,
                args: one
                    .into_iter()
                    .map(crate::model::vm_plans::Arg::Value)
                    .collect(),
                ..step.clone()
            };
            out.push(
                match Box::pin(run_step(session, &single, results, on_task)).await {
                    Err(e)
                        if e.api()
                            .is_some_and(|a| step.tolerate.contains(&a.code.as_str())) =>
                    {
                        Value::Null
                    }
                    other => other?,
                },
            );
        }
        return Ok(Value::Array(out));
    }
    Ok(if step.long {
        let task = session.call_async(&step.method, &args).await?;
        on_task(&step.method, task.clone());
        let outcome = session
            .await_task(&task, std::time::Duration::from_millis(200), |_| {})
            .await?;
        match outcome {
            xenapi::TaskOutcome::Succeeded(v) => v,
            xenapi::TaskOutcome::Cancelled => {
                return Err(Error::new(
                    session.host_label(),
                    step.method.clone(),
                    xenapi::ErrorKind::Api(xenapi::ApiError::new(
                        "TASK_CANCELLED",
                        [task.as_str()],
                    )),
                ));
            }
        }
    } else {
        session.call(&step.method, &args).await?
    })
}
