//! Tasks and alerts on the client side: the `message` record, a typed view of a `task`
//! ([`TaskState`]: progress, the decoded result, the error as an [`ApiError`]), and calls
//! made as `Async.<Class>.<method>` and awaited.
//!
//! A task's `result` is an XML-RPC `<value>` string even over JSON-RPC (xapi marshals it
//! once, for both), so [`decode_result`] parses it; `error_info` is the `[CODE, params…]`
//! description [`ApiError::from_description`] reads. Awaiting works from either side: the
//! UI reads [`TaskState::of`] from tasks the event stream keeps in its cache, and
//! [`Session::await_task`] polls for code that has no cache at hand.

use super::codec::DecodeError;
use super::error::{ApiError, Error, ErrorKind, Result};
use super::records::{Task, TaskStatus};
use super::refs::Ref;
use super::session::Session;
use crate::record;
use serde_json::Value;
use std::time::Duration;

/// The longest alert body kept (bytes): far more than a details pane shows, and ten 10 MB
/// bodies from a hostile server no longer swell the window by a gigabyte.
pub const MAX_BODY: usize = 32 * 1024;

/// Cuts `body` to [`MAX_BODY`] bytes at a character boundary, marking the cut with `…`.
pub fn cut_body(body: &mut String) {
    if body.len() > MAX_BODY {
        let end = (0..=MAX_BODY)
            .rev()
            .find(|i| body.is_char_boundary(*i))
            .unwrap_or(0);
        body.truncate(end);
        body.push('…');
        body.shrink_to_fit();
    }
}

record! {
    /// An alert (`message`): something xapi, a tool or a client reported about an object.
    pub struct Message ("message") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// What happened, as a code (`VM_STARTED`, `ALARM`, `HA_HOST_FAILED`).
        name: String = "name",
        /// 1 (most urgent) to 5 (informational); XenCenter shows 1–2 as critical/major.
        priority: i64 = "priority",
        /// The class of the object concerned: `VM`, `Host`, `SR`, `Pool`, `VDI`…
        cls: String = "cls",
        /// The UUID of the object concerned.
        obj_uuid: String = "obj_uuid",
        /// When it was raised (an xapi datetime).
        timestamp: String = "timestamp",
        /// The text (perfmon alarms hold XML with the variable and its threshold).
        body: String = "body" => cut_body,
    }
}

/// Where a task is, decoded from its record.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskState {
    /// Running; `progress` from 0.0 to 1.0.
    Running {
        /// Estimated fraction done.
        progress: f64,
    },
    /// Cancel was asked for: `cancel` in `current_operations` while the status is still
    /// `pending` (`Xapi_task.cancel`), or the `cancelling` status no xapi sets. It ends
    /// `cancelled` when the operation stops, or as it would have if it cannot.
    Cancelling,
    /// Finished; the result as the sync call would have returned it (`Null` for void).
    Succeeded(Value),
    /// Failed with this error.
    Failed(ApiError),
    /// Stopped by `task.cancel`.
    Cancelled,
}

impl TaskState {
    /// The state of `task`. A result that cannot be decoded is a failure with
    /// INTERNAL_ERROR naming it, rather than a lost success.
    pub fn of(task: &Task) -> TaskState {
        match &task.status {
            TaskStatus::Success => match decode_result(&task.result) {
                Ok(v) => TaskState::Succeeded(v),
                Err(e) => TaskState::Failed(ApiError::new(
                    super::error::codes::INTERNAL_ERROR,
                    [format!("undecodable task result: {e}")],
                )),
            },
            TaskStatus::Failure => TaskState::Failed(error_of(task)),
            TaskStatus::Cancelled => TaskState::Cancelled,
            TaskStatus::Cancelling => TaskState::Cancelling,
            TaskStatus::Pending if cancel_requested(task) => TaskState::Cancelling,
            _ => TaskState::Running {
                progress: task.progress.clamp(0.0, 1.0),
            },
        }
    }

    /// True once the task has ended (succeeded, failed or cancelled).
    pub fn is_done(&self) -> bool {
        matches!(
            self,
            TaskState::Succeeded(_) | TaskState::Failed(_) | TaskState::Cancelled
        )
    }
}

/// The error of a failed task (TASK_CANCELLED for a cancelled one); an empty
/// `error_info` becomes INTERNAL_ERROR.
pub fn error_of(task: &Task) -> ApiError {
    if task.error_info.is_empty() {
        return ApiError::new(
            super::error::codes::INTERNAL_ERROR,
            ["the task failed without an error"],
        );
    }
    ApiError::from_description(task.error_info.clone())
}

/// Whether a cancel was asked for a task still running (xapi marks `cancel` in its
/// `current_operations` and leaves it `pending` until the operation stops).
pub fn cancel_requested(task: &Task) -> bool {
    task.status == TaskStatus::Cancelling
        || (task.status == TaskStatus::Pending
            && task.current_operations.values().any(|o| o == "cancel"))
}

/// Whether `task.cancel` may stop the task now (and was not asked to already).
pub fn can_cancel(task: &Task) -> bool {
    task.status == TaskStatus::Pending
        && task.allowed_operations.iter().any(|o| o == "cancel")
        && !cancel_requested(task)
}

/// Decodes a task's `result`: empty for void calls, else an XML-RPC `<value>`.
pub fn decode_result(result: &str) -> std::result::Result<Value, DecodeError> {
    let text = result.trim();
    if text.is_empty() {
        return Ok(Value::Null);
    }
    let el = super::xmltree::parse(text)?;
    super::xmlrpc::decode_value(&el)
}

/// How a task ended, for [`Session::await_task`].
#[derive(Debug, Clone, PartialEq)]
pub enum TaskOutcome {
    /// The result, as the sync call returns it (`Null` for void).
    Succeeded(Value),
    /// Stopped by `task.cancel`.
    Cancelled,
}

impl Session {
    /// Calls `Async.<method>` (e.g. `VM.clone`): the task's ref. The call itself fails
    /// only for bad arguments or a bad session; everything else ends in the task.
    pub async fn call_async(&self, method: &str, args: &[Value]) -> Result<Ref<Task>> {
        let v = self.call(&format!("Async.{method}"), args).await?;
        match v {
            Value::String(s) => Ok(Ref::new(s)),
            other => Err(Error::new(
                self.host_label(),
                method,
                ErrorKind::Decode(format!("expected a task ref, got {other}")),
            )),
        }
    }

    /// Polls `task` every `interval` until it ends, calling `progress` with each state
    /// seen; then destroys it (as XenCenter does) and returns how it ended. A failed task
    /// is an [`Error`] carrying the task's [`ApiError`].
    pub async fn await_task(
        &self,
        task: &Ref<Task>,
        interval: Duration,
        mut progress: impl FnMut(&TaskState),
    ) -> Result<TaskOutcome> {
        loop {
            let rec: Task = self.get_record(task).await?;
            let state = TaskState::of(&rec);
            progress(&state);
            let outcome = match state {
                TaskState::Succeeded(v) => Some(Ok(TaskOutcome::Succeeded(v))),
                TaskState::Cancelled => Some(Ok(TaskOutcome::Cancelled)),
                TaskState::Failed(e) => Some(Err(Error::new(
                    self.host_label(),
                    rec.name_label.clone(),
                    ErrorKind::Api(e),
                ))),
                _ => None,
            };
            if let Some(o) = outcome {
                // A task left behind is only clutter: a failed destroy does not hide the outcome.
                let _ = self.call("task.destroy", &[task.into()]).await;
                return o;
            }
            tokio::time::sleep(interval).await;
        }
    }

    /// `task.cancel`: asks a running task to stop (a task that cannot be cancelled carries on).
    pub async fn cancel_task(&self, task: &Ref<Task>) -> Result<()> {
        self.call("task.cancel", &[task.into()]).await.map(|_| ())
    }

    /// `message.destroy`: dismisses one alert.
    pub async fn destroy_message(&self, message: &Ref<Message>) -> Result<()> {
        self.call("message.destroy", &[message.into()])
            .await
            .map(|_| ())
    }

    /// `message.destroy_many`: dismisses several alerts in one call.
    pub async fn destroy_messages(&self, messages: &[Ref<Message>]) -> Result<()> {
        let refs: Vec<Value> = messages.iter().map(Value::from).collect();
        self.call("message.destroy_many", &[Value::Array(refs)])
            .await
            .map(|_| ())
    }

    /// `message.get_since`: alerts newer than `since` (an xapi datetime).
    pub async fn messages_since(
        &self,
        since: &str,
    ) -> Result<std::collections::HashMap<Ref<Message>, Message>> {
        let r: super::refs::Records<Message> = self
            .call_as("message.get_since", &[Value::from(since)])
            .await?;
        Ok(r.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_alert_body_is_cut_where_it_is_read() {
        let big = serde_json::json!({"name": "ALARM", "body": "€".repeat(4 << 20)});
        let m: Message = serde_json::from_value(big.clone()).unwrap();
        assert!(
            m.body.len() <= MAX_BODY + '…'.len_utf8(),
            "{}",
            m.body.len()
        );
        assert!(m.body.starts_with("€€") && m.body.ends_with('…'));
        // The cache's other way in, an event, reads the same record.
        let mut c = crate::Cache::default();
        c.apply(crate::events::Event {
            class: "message".into(),
            operation: crate::events::Operation::Add,
            reference: "OpaqueRef:m".into(),
            snapshot: Some(big),
        });
        let kept = c.messages.values().map(|m| m.body.len()).sum::<usize>();
        assert!(kept <= MAX_BODY + 3, "{kept}");
        let small: Message = serde_json::from_value(serde_json::json!({"body": "ok"})).unwrap();
        assert_eq!(small.body, "ok");
    }

    fn task(status: &str, result: &str, error: &[&str]) -> Task {
        Task {
            status: TaskStatus::parse(status),
            result: result.into(),
            error_info: error.iter().map(|s| s.to_string()).collect(),
            progress: 0.4,
            ..Task::default()
        }
    }

    #[test]
    fn a_task_decodes_to_its_state() {
        assert_eq!(
            TaskState::of(&task("success", "<value>OpaqueRef:abc</value>", &[])),
            TaskState::Succeeded(Value::from("OpaqueRef:abc"))
        );
        assert_eq!(
            TaskState::of(&task("success", "", &[])),
            TaskState::Succeeded(Value::Null)
        );
        let TaskState::Failed(e) = TaskState::of(&task(
            "failure",
            "",
            &["VM_BAD_POWER_STATE", "OpaqueRef:v", "halted", "running"],
        )) else {
            panic!("a failure")
        };
        assert_eq!(e.code, "VM_BAD_POWER_STATE");
        assert_eq!(e.params, ["OpaqueRef:v", "halted", "running"]);
        assert_eq!(
            TaskState::of(&task("pending", "", &[])),
            TaskState::Running { progress: 0.4 }
        );
        assert!(TaskState::of(&task("cancelled", "", &[])).is_done());
        assert!(!TaskState::of(&task("cancelling", "", &[])).is_done());
        let TaskState::Failed(e) =
            TaskState::of(&task("success", "<value><int>x</int></value>", &[]))
        else {
            panic!("an undecodable result is not a success")
        };
        assert_eq!(e.code, "INTERNAL_ERROR");
        assert_eq!(error_of(&task("failure", "", &[])).code, "INTERNAL_ERROR");
    }
}

#[cfg(test)]
mod cancel_tests {
    use super::*;

    /// xapi's cancel: the task stays `pending` with `cancel` in `current_operations` until
    /// the operation stops; that reads as "cancel requested", and no second cancel is offered.
    #[test]
    fn a_pending_task_marked_cancel_is_cancel_requested() {
        let mut t = Task {
            status: TaskStatus::Pending,
            allowed_operations: vec!["cancel".into()],
            progress: 0.3,
            ..Task::default()
        };
        assert!(can_cancel(&t) && !cancel_requested(&t));
        assert_eq!(TaskState::of(&t), TaskState::Running { progress: 0.3 });
        t.current_operations
            .insert("OpaqueRef:c".into(), "cancel".into());
        assert!(cancel_requested(&t) && !can_cancel(&t));
        assert_eq!(TaskState::of(&t), TaskState::Cancelling);
        assert!(!TaskState::of(&t).is_done());
        // It stopped: cancelled, the mark left as xapi leaves it.
        t.status = TaskStatus::Cancelled;
        assert!(!cancel_requested(&t));
        assert_eq!(TaskState::of(&t), TaskState::Cancelled);
    }
}
