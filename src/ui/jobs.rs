//! The one plan runner: each VM action runs as an [`ActionJob`], its plan in the background
//! (long steps as `Async.*` tasks, tied to the VM in the Events view as they start), polled
//! once a frame; alerts dismissed.

use super::XenPilotApp;
use super::actions::Action;
use super::awaited::Settle;
use super::status_bar::Notice;
use crate::model::tree::Node;
use crate::model::vm_plans::Plan;
use crate::services::background::{Poll, Task};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use xenapi::{Error, Ref, Vm};

/// The tasks a running plan has started, with their methods (filled by the worker).
type Started = Arc<Mutex<Vec<(String, Ref<xenapi::Task>)>>>;

/// Jobs started by one choice (one action on three VMs) share a batch, and are reported
/// together when the last ends.
static NEXT_BATCH: AtomicU64 = AtomicU64::new(1);

/// A new batch for the jobs of one choice.
pub(super) fn new_batch() -> u64 {
    NEXT_BATCH.fetch_add(1, Ordering::Relaxed)
}

/// How a job ended.
enum Outcome {
    Done,
    Failed(Error),
    /// Stopped by a cancel (TASK_CANCELLED): not a failure.
    Cancelled,
    /// The worker ended without an answer.
    Vanished,
}

/// A VM action waiting for xapi's answer: its plan runs in the background, long steps as
/// `Async.*` tasks.
pub(super) struct ActionJob {
    /// The VM (or server) it acts on.
    node: Node,
    action: Action,
    /// The name the messages give it: the VM's when it started, or the object the plan
    /// makes (New VM).
    name: String,
    batch: u64,
    /// Set when the job ended; it stays until the rest of its batch ends.
    outcome: Option<Outcome>,
    /// The step whose result is the object the plan makes (its tasks are credited to it).
    creates: Option<usize>,
    task: Task<Result<Vec<serde_json::Value>, Error>>,
    /// The pool's window id, and the tasks the plan started (tied to the VM in the Events
    /// view as they appear).
    pool: u64,
    started: Started,
    /// The tasks taken from `started` so far.
    tasks: Vec<Ref<xenapi::Task>>,
    /// The object the plan made, once its step answered: its tasks are its own from then.
    made: Arc<Mutex<Option<Ref<Vm>>>>,
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
    pub fn power_jobs(&self) -> impl Iterator<Item = (&Node, Action, &str)> {
        self.power
            .iter()
            .filter(|j| j.outcome.is_none())
            .map(|j| (&j.node, j.action, j.name.as_str()))
    }

    /// Takes in what the running jobs started and finished; one notice for each batch whose
    /// last job ended ("Suspend · web-02, web-10: done", or the failures first).
    pub(super) fn poll_jobs(&mut self) -> Vec<Notice> {
        for j in &mut self.power {
            let made = j.made.lock().ok().and_then(|m| m.clone());
            let owner = made.clone().map_or_else(|| j.node.clone(), Node::Vm);
            let started = j.started.lock().map(|mut v| std::mem::take(&mut *v));
            for (method, t) in started.unwrap_or_default() {
                self.activity
                    .link(j.pool, t.clone(), &method, owner.clone());
                self.activity.name_task(j.pool, &t, j.action);
                j.tasks.push(t);
            }
            // The new VM exists: the tasks that made it are its own, not the template's.
            if let Some(vm) = made {
                for t in &j.tasks {
                    self.activity.relink(j.pool, t, Node::Vm(vm.clone()));
                }
            }
        }
        let activity = &mut self.activity;
        for j in self.power.iter_mut().filter(|j| j.outcome.is_none()) {
            j.outcome = match j.task.poll() {
                Poll::Pending => None,
                Poll::Ready(Ok(results)) => {
                    activity.finish(j.pool, &j.tasks, None);
                    // The object the plan made exists now: its tasks are its own.
                    let made = j
                        .creates
                        .and_then(|i| results.get(i)?.as_str().map(Ref::new));
                    if let Some(vm) = made {
                        for t in &j.tasks {
                            activity.relink(j.pool, t, Node::Vm(vm.clone()));
                        }
                    }
                    Some(Outcome::Done)
                }
                Poll::Ready(Err(e)) => {
                    let error = match e.api() {
                        Some(a) => a.to_description(),
                        None => vec![e.to_string()],
                    };
                    activity.finish(j.pool, &j.tasks, Some(error));
                    if e.api().is_some_and(|a| a.code == "TASK_CANCELLED") {
                        Some(Outcome::Cancelled)
                    } else {
                        Some(Outcome::Failed(e))
                    }
                }
                Poll::Vanished => Some(Outcome::Vanished),
            };
        }
        let mut notices = Vec::new();
        let ended: Vec<u64> = self
            .power
            .iter()
            .map(|j| j.batch)
            .filter(|b| {
                self.power
                    .iter()
                    .filter(|j| j.batch == *b)
                    .all(|j| j.outcome.is_some())
            })
            .collect();
        for batch in dedup(ended) {
            let (mine, rest): (Vec<ActionJob>, Vec<ActionJob>) = std::mem::take(&mut self.power)
                .into_iter()
                .partition(|j| j.batch == batch);
            self.power = rest;
            if let Some(a) = &mut self.nav.awaited
                && !mine
                    .iter()
                    .any(|j| matches!(j.outcome, Some(Outcome::Done)))
            {
                a.batch_failed(batch);
            }
            notices.extend(batch_notice(mine));
        }
        notices
    }

    /// Whether a job of `batch` has not been reported yet.
    pub(super) fn batch_running(&self, batch: u64) -> bool {
        self.power.iter().any(|j| j.batch == batch)
    }

    /// Ends the details pane's wait for a renamed tag or folder once it is in the tree, the
    /// selection moved, or its jobs ended a while ago (a repaint is asked for then); when
    /// they all failed, the selection goes back where it was.
    pub(super) fn settle_awaited(&mut self) {
        let Some(mut a) = self.nav.awaited.take() else {
            return;
        };
        let now = self.nav.now;
        let running = |b: u64| self.batch_running(b);
        match a.settle(self.nav.selected.as_ref(), &self.nav.tree, running, now) {
            Settle::Keep => {
                if let (Some(left), Some(ctx)) = (a.left(now), &self.ctx) {
                    ctx.request_repaint_after(std::time::Duration::from_secs_f64(left));
                }
                self.nav.awaited = Some(a);
            }
            Settle::Back => self.commands.push(super::Command::Back),
            Settle::End => {}
        }
    }

    /// Runs `plan` for `vm` in the background (its tasks tied to the VM as they start).
    pub(super) fn start_plan(
        &mut self,
        pool: u64,
        vm: Ref<Vm>,
        action: Action,
        plan: Plan,
        batch: u64,
    ) {
        self.start_node_plan(pool, Node::Vm(vm), action, plan, batch);
    }

    /// Runs `plan` for a VM or a server in the background (its tasks tied to it).
    pub(super) fn start_node_plan(
        &mut self,
        pool: u64,
        node: Node,
        action: Action,
        plan: Plan,
        batch: u64,
    ) {
        let (Some(worker), Some(session)) = (self.worker(), self.pools.session_of(Some(pool)))
        else {
            return;
        };
        if !self.can_write_to(Some(pool)) {
            return;
        }
        let name = match (&plan.creates, &node) {
            (Some(c), _) => c.name.clone(),
            (None, Node::Vm(vm)) => self.vm_name(vm),
            (None, Node::Host(h)) => self
                .pools
                .cache_of(Some(pool))
                .map(|c| crate::model::names::host_label(c, h))
                .unwrap_or_default(),
            (None, _) => String::new(),
        };
        let creates = plan.creates.as_ref().map(|c| c.step);
        let started: Started = Arc::default();
        let seen = started.clone();
        let made: Arc<Mutex<Option<Ref<Vm>>>> = Arc::default();
        let made_w = made.clone();
        let task = worker.spawn(async move {
            crate::services::edits::run_plan_with(
                &session,
                &plan,
                |method, t| {
                    if let Ok(mut v) = seen.lock() {
                        v.push((method.to_string(), t));
                    }
                },
                |i, result| {
                    if Some(i) == creates
                        && let (Some(r), Ok(mut m)) = (result.as_str(), made_w.lock())
                    {
                        *m = Some(Ref::new(r));
                    }
                },
            )
            .await
        });
        self.power.push(ActionJob {
            node,
            action,
            name,
            batch,
            outcome: None,
            creates,
            task,
            pool,
            started,
            tasks: Vec::new(),
            made,
        });
        self.notice = None;
    }

    pub(super) fn open_import(&mut self, pool: u64) {
        self.windows
            .open(Box::new(super::transfer::ImportWindow::new(pool)));
    }

    /// Runs `plan` credited to `owner`: a VM's job when it is a VM (its row spins), else the
    /// object's (a disk's), named in the messages by its name.
    pub(super) fn start_owned_plan(
        &mut self,
        pool: u64,
        owner: Node,
        name: Option<String>,
        action: Action,
        plan: Plan,
        batch: u64,
    ) {
        let name = name.unwrap_or_else(|| {
            self.pool_of(&owner)
                .and_then(|i| {
                    let c = &self.pools[i].cache;
                    match &owner {
                        Node::Pool(r) => c.pools.get(r).map(|p| p.name_label.clone()),
                        Node::Vdi(r) => c.vdis.get(r).map(|d| d.name_label.clone()),
                        Node::Sr(r) => c.srs.get(r).map(|s| s.name_label.clone()),
                        Node::Network(r) => c.networks.get(r).map(|n| n.name_label.clone()),
                        _ => None,
                    }
                })
                .map(|n| crate::model::names::visible(&n))
                .unwrap_or_default()
        });
        let before = self.power.len();
        self.start_node_plan(pool, owner, action, plan, batch);
        if let Some(j) = self.power.get_mut(before)
            && !name.is_empty()
        {
            j.name = name;
        }
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

/// The batches in the order first seen, once each.
fn dedup(batches: Vec<u64>) -> Vec<u64> {
    let mut out: Vec<u64> = Vec::new();
    for b in batches {
        if !out.contains(&b) {
            out.push(b);
        }
    }
    out
}

/// One notice for the jobs of a batch: the failures (with the first error, and the names
/// that succeeded), else those cancelled (and those done), else the names done.
fn batch_notice(jobs: Vec<ActionJob>) -> Option<Notice> {
    let op = jobs.first()?.action;
    let mut done = Vec::new();
    let mut cancelled = Vec::new();
    let mut failed = Vec::new();
    let mut error = None;
    let mut vanished = false;
    // Each name once (a folder's rename is one job per object and pool, all reported by
    // the folder's name), and none empty.
    let add = |list: &mut Vec<String>, name: String| {
        if !name.is_empty() && !list.contains(&name) {
            list.push(name);
        }
    };
    for j in jobs {
        match j.outcome {
            Some(Outcome::Done) => add(&mut done, j.name),
            Some(Outcome::Failed(e)) => {
                add(&mut failed, j.name);
                error.get_or_insert(e);
            }
            Some(Outcome::Cancelled) => add(&mut cancelled, j.name),
            Some(Outcome::Vanished) | None => vanished = true,
        }
    }
    Some(match error {
        Some(error) => Notice::PowerFailed {
            op,
            vm: failed.join(", "),
            error,
            done,
        },
        None if vanished => Notice::WorkerVanished,
        None if !cancelled.is_empty() => Notice::PowerCancelled {
            op,
            vm: cancelled.join(", "),
            done,
        },
        None => Notice::PowerDone {
            op,
            vm: done.join(", "),
        },
    })
}
