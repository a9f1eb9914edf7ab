//! The one plan runner: each VM action runs as an [`ActionJob`], its plan in the background
//! (long steps as `Async.*` tasks, tied to the VM in the Events view as they start), polled
//! once a frame; alerts dismissed.

use super::XenPilotApp;
use super::actions::Action;
use super::status_bar::Notice;
use crate::model::tree::Node;
use crate::model::vm_plans::Plan;
use crate::services::background::{Poll, Task};
use std::sync::{Arc, Mutex};
use xenapi::{Error, Ref, Vm};

/// The tasks a running plan has started, with their methods (filled by the worker).
type Started = Arc<Mutex<Vec<(String, Ref<xenapi::Task>)>>>;

/// A VM action waiting for xapi's answer: its plan runs in the background, long steps as
/// `Async.*` tasks.
pub(super) struct ActionJob {
    vm: Ref<Vm>,
    action: Action,
    /// The VM's name when it started, for the messages.
    name: String,
    task: Task<Result<(), Error>>,
    /// The pool's window id, and the tasks the plan started (tied to the VM in the Events
    /// view as they appear).
    pool: u64,
    started: Started,
    /// The tasks taken from `started` so far.
    tasks: Vec<Ref<xenapi::Task>>,
}
impl XenPilotApp {
    /// Sends `message.destroy` for `alerts`, one batch per pool.
    pub(super) fn dismiss_alerts(&mut self, alerts: Vec<(u64, Ref<xenapi::Message>)>) {
        let Some(w) = self.worker() else {
            return;
        };
        let mut by_pool: std::collections::BTreeMap<u64, Vec<_>> = Default::default();
        for (pool, m) in alerts {
            by_pool.entry(pool).or_default().push(m);
        }
        for (pool, msgs) in by_pool {
            if let Some(s) = self.pools.session_of(Some(pool))
                && self.can_write_to(Some(pool))
            {
                self.activity.dismiss(&w, s, msgs);
            }
        }
        self.activity.alerts.selected = None;
    }

    pub(super) fn vm_name(&self, vm: &Ref<Vm>) -> String {
        self.pool_of(&Node::Vm(vm.clone()))
            .and_then(|i| self.pools[i].cache.vms.get(vm))
            .map(|v| crate::model::names::vm_name(&self.i18n, v))
            .unwrap_or_default()
    }

    /// The actions waiting for xapi's answer (the status bar and the tree show them).
    pub fn power_jobs(&self) -> impl Iterator<Item = (&Ref<Vm>, Action, &str)> {
        self.power
            .iter()
            .map(|j| (&j.vm, j.action, j.name.as_str()))
    }

    /// Takes in what the running jobs started and finished; the notices of those that ended.
    pub(super) fn poll_jobs(&mut self) -> Vec<Notice> {
        let mut finished = Vec::new();
        for j in &mut self.power {
            let started = j.started.lock().map(|mut v| std::mem::take(&mut *v));
            for (method, t) in started.unwrap_or_default() {
                let node = Node::Vm(j.vm.clone());
                self.activity.link(j.pool, t.clone(), &method, node);
                j.tasks.push(t);
            }
        }
        let activity = &mut self.activity;
        self.power.retain_mut(|j| match j.task.poll() {
            Poll::Pending => true,
            Poll::Ready(r) => {
                let error = r.as_ref().err().map(|e| match e.api() {
                    Some(a) => a.to_description(),
                    None => vec![e.to_string()],
                });
                activity.finish(j.pool, &j.tasks, error);
                finished.push(match r {
                    Ok(()) => Notice::PowerDone {
                        op: j.action,
                        vm: std::mem::take(&mut j.name),
                    },
                    Err(error) => Notice::PowerFailed {
                        op: j.action,
                        vm: std::mem::take(&mut j.name),
                        error,
                    },
                });
                false
            }
            Poll::Vanished => {
                finished.push(Notice::WorkerVanished);
                false
            }
        });
        finished
    }

    /// Runs `plan` for `vm` in the background (its tasks tied to the VM as they start).
    pub(super) fn start_plan(&mut self, pool: u64, vm: Ref<Vm>, action: Action, plan: Plan) {
        let (Some(worker), Some(session)) = (self.worker(), self.pools.session_of(Some(pool)))
        else {
            return;
        };
        if !self.can_write_to(Some(pool)) {
            return;
        }
        let name = self.vm_name(&vm);
        let started: Started = Arc::default();
        let seen = started.clone();
        let task = worker.spawn(async move {
            crate::services::edits::run_plan(&session, &plan, |method, t| {
                if let Ok(mut v) = seen.lock() {
                    v.push((method.to_string(), t));
                }
            })
            .await
        });
        self.power.push(ActionJob {
            vm,
            action,
            name,
            task,
            pool,
            started,
            tasks: Vec::new(),
        });
        self.notice = None;
    }

    pub(super) fn open_wizard(&mut self) {
        let Some(i) = self.active_index() else {
            return;
        };
        let p = &self.pools[i];
        if let Some(w) = super::lifecycle::wizard::NewVmWizard::open(p.id, &p.cache, &self.i18n) {
            self.windows.open(Box::new(w));
        }
    }
}
