//! What runs and what happened: the Events view (the pools' tasks, [`events`]) and the
//! Alerts view (xapi's messages, [`alerts`]), each a main-window view that takes the details
//! pane's place (View menu, or its shortcut; choosing an object in the tree brings the details
//! pane back), and each also an object's tab. [`Activity`] owns their state and the small
//! calls they make (`task.cancel`, `message.destroy`), polled once a frame.

pub mod alerts;
pub mod events;

use super::Command;
use super::windows::Worker;
use crate::model::tasks::{History, Links};
use crate::model::tree::Node;
use crate::services::background::{Poll, Task};
use std::collections::HashMap;
use std::sync::Arc;
use xenapi::{Error, Message, Ref, Session};

/// What the main window's right-hand side shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MainView {
    /// The selection's tabs.
    #[default]
    Details,
    Events,
    Alerts,
}

/// The state of the Events and Alerts views.
#[derive(Default)]
pub struct Activity {
    pub main: MainView,
    pub events: events::EventsView,
    pub alerts: alerts::AlertsView,
    /// Per pool (window id): which object each task applies to.
    links: HashMap<u64, Links>,
    /// Per pool: every task seen, kept after xapi destroys it.
    history: HashMap<u64, History>,
    /// When the links were last learned (seconds of egui time).
    learned_at: f64,
    /// Per pool: the action each task this client started belongs to (its title in Events:
    /// New VM's clone reads "New VM", not "Copy VM").
    named: HashMap<u64, HashMap<Ref<xenapi::Task>, crate::ui::actions::Action>>,
    /// `task.cancel` and `message.destroy` calls in flight.
    calls: Vec<Task<Result<(), Error>>>,
    /// A fixed "now" (Unix seconds) for screenshots; the clock otherwise.
    pub now_override: Option<i64>,
}

/// How often the objects' `current_operations` are read for new task links.
const LEARN_INTERVAL: f64 = 0.25;

impl Activity {
    /// Takes in the pools' tasks and learns new task links (every quarter second at most:
    /// it reads every VM).
    pub fn learn(&mut self, pools: &super::pools::PoolList, now: f64) {
        // Tasks every frame (a short one may live a fraction of a second); links, which
        // read every VM, four times a second.
        let stamp = crate::model::tasks::format_xapi_time(self.unix_now());
        for p in pools.iter() {
            self.history
                .entry(p.id)
                .or_default()
                .learn(&p.cache, &stamp);
        }
        if now - self.learned_at < LEARN_INTERVAL && now >= self.learned_at {
            return;
        }
        self.learned_at = now;
        for p in pools.iter() {
            let h = self.history.entry(p.id).or_default();
            self.links.entry(p.id).or_default().learn(&p.cache, h);
        }
        self.links.retain(|id, _| pools.index(*id).is_some());
        self.history.retain(|id, _| pools.index(*id).is_some());
    }

    /// Unix seconds now (tests fix it so screenshots do not move).
    pub fn unix_now(&self) -> i64 {
        self.now_override.unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        })
    }

    /// The tasks seen in pool `id`.
    pub fn history(&self, id: u64) -> Option<&History> {
        self.history.get(&id)
    }

    /// A job's tasks ended: record the outcome the job saw (`error`: the failed call's
    /// `[CODE, params…]`, for its last task).
    pub fn finish(&mut self, pool: u64, tasks: &[Ref<xenapi::Task>], error: Option<Vec<String>>) {
        let stamp = crate::model::tasks::format_xapi_time(self.unix_now());
        let h = self.history.entry(pool).or_default();
        for (i, t) in tasks.iter().enumerate() {
            let last = i + 1 == tasks.len();
            h.finish(t, if last { error.clone() } else { None }, &stamp);
        }
    }

    /// The task links of pool `id`.
    pub fn links(&self, id: u64) -> Option<&Links> {
        self.links.get(&id)
    }

    /// Remembers that `task` (which XenPilot started with `method`) applies to `node`; the
    /// task is listed at once, even if it ends before its record arrives.
    pub fn link(&mut self, pool: u64, task: Ref<xenapi::Task>, method: &str, node: Node) {
        let stamp = crate::model::tasks::format_xapi_time(self.unix_now());
        self.history
            .entry(pool)
            .or_default()
            .tasks
            .entry(task.clone())
            .or_insert_with(|| xenapi::Task {
                name_label: format!("Async.{method}"),
                status: xenapi::records::TaskStatus::Pending,
                created: stamp,
                ..Default::default()
            });
        self.links.entry(pool).or_default().insert(task, node);
    }

    /// Remembers that `task` is a step of `action`, run by this client.
    pub fn name_task(
        &mut self,
        pool: u64,
        task: &Ref<xenapi::Task>,
        action: crate::ui::actions::Action,
    ) {
        let named = self.named.entry(pool).or_default();
        // Bounded as the history is: names of tasks it no longer keeps go.
        if named.len() >= 2 * crate::model::tasks::HISTORY_LIMIT {
            let kept = self.history.get(&pool);
            named.retain(|t, _| kept.is_some_and(|h| h.tasks.contains_key(t)));
        }
        named.insert(task.clone(), action);
    }

    /// The actions of the tasks this client started in pool `id`.
    pub fn named(
        &self,
        id: u64,
    ) -> Option<&HashMap<Ref<xenapi::Task>, crate::ui::actions::Action>> {
        self.named.get(&id)
    }

    /// Credits `task` to `node` from now on (a New VM's clone, once the VM exists).
    pub fn relink(&mut self, pool: u64, task: &Ref<xenapi::Task>, node: Node) {
        self.links
            .entry(pool)
            .or_default()
            .insert(task.clone(), node);
    }

    /// Sends `task.cancel`.
    pub fn cancel(&mut self, worker: &Worker, session: Arc<Session>, task: Ref<xenapi::Task>) {
        self.calls.push(worker.spawn(async move {
            session
                .call(
                    "task.cancel",
                    &[serde_json::Value::String(task.as_str().into())],
                )
                .await
                .map(|_| ())
        }));
    }

    /// Dismisses alerts (`message.destroy_many`, or one `message.destroy` each on hosts
    /// without it).
    pub fn dismiss(&mut self, worker: &Worker, session: Arc<Session>, messages: Vec<Ref<Message>>) {
        self.calls.push(worker.spawn(async move {
            use serde_json::Value;
            let refs: Vec<Value> = messages
                .iter()
                .map(|m| Value::String(m.as_str().into()))
                .collect();
            if refs.len() > 1 {
                match session
                    .call("message.destroy_many", &[Value::Array(refs.clone())])
                    .await
                {
                    Ok(_) => return Ok(()),
                    Err(e) if e.is_code(xenapi::error::codes::MESSAGE_METHOD_UNKNOWN) => {}
                    Err(e) => return Err(e),
                }
            }
            for r in refs {
                session.call("message.destroy", &[r]).await?;
            }
            Ok(())
        }));
    }

    /// The first failure among the calls that finished since the last frame.
    pub fn poll(&mut self) -> Option<super::status_bar::Notice> {
        let mut failed = None;
        self.calls.retain_mut(|t| match t.poll() {
            Poll::Pending => true,
            Poll::Ready(Ok(())) => false,
            Poll::Ready(Err(e)) => {
                failed.get_or_insert(super::status_bar::Notice::CallFailed(e));
                false
            }
            Poll::Vanished => {
                failed.get_or_insert(super::status_bar::Notice::WorkerVanished);
                false
            }
        });
        failed
    }
}

/// The command that shows `view`, or the details pane again when it is already shown.
pub fn toggle(current: MainView, view: MainView) -> Command {
    Command::ShowMainView(if current == view {
        MainView::Details
    } else {
        view
    })
}
