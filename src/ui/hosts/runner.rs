//! A server dialog's plan, run in the dialog itself (not as a background job): it says
//! which step runs, and when a step fails, which one, so the dialog can tell what happened
//! and what did not.

use crate::i18n::I18n;
use crate::model::edit::EditPlan;
use crate::model::names;
use crate::model::vm_plans::{Plan, Step};
use crate::services::background::{Poll, Task};
use crate::services::edits::EditError;
use crate::ui::windows::AppView;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use xenapi::{Cache, Error, Ref};

/// How a run ended.
pub enum Ended {
    Done,
    /// Step `step` failed with `error` (the steps before it were done).
    Failed {
        step: usize,
        error: Error,
    },
    /// The background worker ended without an answer.
    Vanished {
        step: usize,
    },
    /// Map keys it would change were changed meanwhile: nothing was written.
    Conflict(Vec<String>),
}

pub struct Runner {
    pub plan: Plan,
    /// The step running now (or the last one started).
    step: Arc<AtomicUsize>,
    task: Task<Result<Vec<serde_json::Value>, EditError>>,
    pub ended: Option<Ended>,
}

impl Runner {
    /// Starts `plan` on pool `pool`; `None` when nothing can be sent (a dump, no worker).
    pub fn start(view: &AppView, pool: u64, plan: Plan) -> Option<Runner> {
        Runner::start_with(view, pool, None, plan)
    }

    /// A map edit (checked against a fresh read, per-key calls) first, then `plan`.
    pub fn start_with(
        view: &AppView,
        pool: u64,
        edit: Option<EditPlan>,
        plan: Plan,
    ) -> Option<Runner> {
        let worker = view.worker.clone()?;
        let session = view.pools.session_of(Some(pool))?;
        if !view.can_write_to(Some(pool)) {
            return None;
        }
        let step = Arc::new(AtomicUsize::new(0));
        let seen = step.clone();
        let to_run = plan.clone();
        let task = worker.spawn(async move {
            if let Some(e) = &edit {
                crate::services::edits::apply(&session, e).await?;
            }
            Ok(crate::services::edits::run_plan_steps(
                &session,
                &to_run,
                |_, _| {},
                |i| seen.store(i, Ordering::Relaxed),
            )
            .await?)
        });
        Some(Runner {
            plan,
            step,
            task,
            ended: None,
        })
    }

    /// The step running now.
    pub fn step(&self) -> usize {
        self.step.load(Ordering::Relaxed)
    }

    /// Takes in the result once it came.
    pub fn poll(&mut self) {
        if self.ended.is_some() {
            return;
        }
        self.ended = match self.task.poll() {
            Poll::Pending => None,
            Poll::Ready(Ok(_)) => Some(Ended::Done),
            // The coordinator we talk to restarts as a member once it hands over (xapi's
            // fuse), and may do so before the task's result reaches us: a broken
            // connection on that step is the handover happening. The dialogs confirm it by
            // following the pool to its new coordinator.
            Poll::Ready(Err(EditError::Server(error)))
                if error.is_connection_failure()
                    && self
                        .plan
                        .steps
                        .get(self.step())
                        .is_some_and(|s| s.method == "pool.designate_new_master")
                    && self.step() + 1 == self.plan.steps.len() =>
            {
                Some(Ended::Done)
            }
            Poll::Ready(Err(EditError::Server(error))) => Some(Ended::Failed {
                step: self.step(),
                error,
            }),
            Poll::Ready(Err(EditError::Conflict(c))) => Some(Ended::Conflict(c.keys)),
            Poll::Vanished => Some(Ended::Vanished { step: self.step() }),
        };
    }

    /// Whether the steps up to `method`'s first call were all done.
    pub fn passed(&self, method: &str) -> bool {
        let done = match &self.ended {
            Some(Ended::Done) => return self.plan.steps.iter().any(|s| s.method == method),
            Some(Ended::Failed { step, .. } | Ended::Vanished { step }) => *step,
            Some(Ended::Conflict(_)) => 0,
            None => self.step(),
        };
        self.plan.steps[..done.min(self.plan.steps.len())]
            .iter()
            .any(|s| s.method == method)
    }
}

/// One step in words ("Suspending web-02", "Disabling the server").
pub fn step_words(i18n: &I18n, cache: &Cache, step: &Step) -> String {
    let first = step
        .args
        .first()
        .map(|a| a.resolve(&[]))
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let vm = || {
        cache
            .vms
            .get(&Ref::new(first.clone()))
            .map(|v| names::vm_name(i18n, v))
            .unwrap_or_default()
    };
    let id = match step.method.as_str() {
        "VM.suspend" => "step-suspend",
        "VM.clean_shutdown" | "VM.hard_shutdown" => "step-vm-shutdown",
        "VM.pool_migrate" => "step-move-back",
        "VM.start_on" => "step-start-on",
        "VM.resume_on" => "step-resume-on",
        "host.add_to_other_config" => "step-save-keys",
        "host.remove_from_other_config" => "step-clear-keys",
        "host.disable" => "step-disable",
        "host.enable" => "step-enable",
        "host.evacuate" => "step-evacuate",
        "host.reboot" => "step-reboot",
        "host.shutdown" => "step-shutdown",
        "PIF.reconfigure_ip" => "step-pif-ip",
        "host.management_reconfigure" => "step-mgmt-move",
        "Bond.set_mode" | "Bond.set_property" => "step-bond-mode",
        "pool.designate_new_master" => "step-designate",
        _ => return step.method.clone(),
    };
    i18n.get_args(id, &[("vm", &vm())])
}
