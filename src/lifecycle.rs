//! Runs lifecycle plans ([`crate::model::lifecycle::plan::Plan`]) over a session: each call
//! in order, long ones as tasks (`Async.<method>`, followed until they end), later calls
//! taking earlier results. The first failure stops the rest and says which step failed.

use crate::model::lifecycle::new_vm::fill_vm;
use crate::model::lifecycle::plan::Plan;
use crate::xenapi::tasks::{TaskOutcome, TaskState};
use crate::xenapi::{Error, Ref, Session, Task};
use serde_json::Value;
use std::time::Duration;

/// How often a running task is polled.
pub const POLL: Duration = Duration::from_millis(250);

/// Why a plan stopped.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RunError {
    /// Step `step` (`method`) failed; the earlier steps are done.
    #[error("{method} failed: {error}")]
    Failed {
        /// The index of the failed call in the plan.
        step: usize,
        /// Its method.
        method: String,
        /// The server's error (a task's error comes back the same as a sync call's).
        #[source]
        error: Error,
    },
    /// Step `step` was cancelled (`task.cancel`); the earlier steps are done.
    #[error("cancelled at step {step}")]
    Cancelled {
        /// The index of the cancelled call.
        step: usize,
    },
    /// A call needed an earlier result that is missing (a plan defect).
    #[error("step {step} needs a result that no earlier step gave")]
    MissingResult {
        /// The index of the call.
        step: usize,
    },
}

/// What the runner reports while it works: the step, its task (for Cancel) and its state.
#[derive(Debug, Clone, PartialEq)]
pub struct StepProgress {
    /// The index of the call in the plan.
    pub step: usize,
    /// The number of calls.
    pub total: usize,
    /// The task of an async step.
    pub task: Option<Ref<Task>>,
    /// Where it is.
    pub state: TaskState,
}

/// Runs `plan`; returns every call's result (refs of what was created, `Null` for void).
pub async fn run(
    session: &Session,
    plan: &Plan,
    mut progress: impl FnMut(&StepProgress),
) -> Result<Vec<Value>, RunError> {
    let total = plan.calls.len();
    let mut results: Vec<Value> = Vec::with_capacity(total);
    for (step, call) in plan.calls.iter().enumerate() {
        let mut args = call
            .resolve(&results)
            .ok_or(RunError::MissingResult { step })?;
        if let Some(Value::String(first)) = results.first() {
            fill_vm(&mut args, first);
        }
        let failed = |error: Error| RunError::Failed {
            step,
            method: call.method.clone(),
            error,
        };
        let value = if call.run_async {
            let task = session
                .call_async(&call.method, &args)
                .await
                .map_err(failed)?;
            let t = Some(task.clone());
            let outcome = session
                .await_task(&task, POLL, |state| {
                    progress(&StepProgress {
                        step,
                        total,
                        task: t.clone(),
                        state: state.clone(),
                    })
                })
                .await
                .map_err(failed)?;
            match outcome {
                TaskOutcome::Succeeded(v) => v,
                TaskOutcome::Cancelled => return Err(RunError::Cancelled { step }),
            }
        } else {
            let v = session.call(&call.method, &args).await.map_err(failed)?;
            progress(&StepProgress {
                step,
                total,
                task: None,
                state: TaskState::Succeeded(v.clone()),
            });
            v
        };
        results.push(value);
    }
    Ok(results)
}
