//! Tasks against the demo server: `Async.*` returns a task whose progress advances and whose
//! result decodes to what the sync call returns; `task.cancel` stops a cancellable one and
//! leaves nothing behind; errors and RBAC refusals end in the task; other clients' tasks
//! reach the cache through `event.from`.

use crate::common::*;
use crate::session::*;
use demo::DemoServer;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use xenapi::error::codes;
use xenapi::records::{Task, TaskStatus};
use xenapi::tasks::{TaskOutcome, TaskState};
use xenapi::{Credentials, Protocol, Ref, Session, Vm};

/// A server whose tasks run 5× faster than believable (a copy takes ~1.2 s).
pub async fn fast_server() -> DemoServer {
    let mut c = config();
    c.task_speed = 5.0;
    server_with(c).await
}

pub async fn vm_ref(s: &Session, name: &str) -> Ref<Vm> {
    let vms: HashMap<Ref<Vm>, Vm> = s.get_all_records().await.unwrap();
    vms.into_iter()
        .find(|(_, v)| v.name_label == name)
        .map(|(r, _)| r)
        .unwrap_or_else(|| panic!("no VM {name}"))
}

pub async fn ro_login(url: &str, p: Protocol) -> Session {
    Session::login(url, Credentials::new(RO_USER.0, RO_USER.1), opts(p))
        .await
        .unwrap()
}

/// Polls a task to its end, returning every state seen.
pub async fn run(s: &Session, task: &Ref<Task>) -> (Vec<TaskState>, TaskState) {
    let mut seen = Vec::new();
    loop {
        let rec: Task = s.get_record(task).await.unwrap();
        let st = TaskState::of(&rec);
        seen.push(st.clone());
        if st.is_done() {
            return (seen, st);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn async_clone_advances_and_returns_the_new_vm_over_both_protocols() {
    let srv = fast_server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let src = vm_ref(&s, "db-replica").await;
        let name = format!("clone {p:?}");
        let task = s
            .call_async("VM.clone", &[(&src).into(), json!(name)])
            .await
            .unwrap();
        let rec: Task = s.get_record(&task).await.unwrap();
        assert_eq!(rec.name_label, "Async.VM.clone");
        assert_eq!(rec.allowed_operations, ["cancel"]);
        assert!(!rec.resident_on.is_null(), "tasks run on the master");
        // While it runs, the source says so.
        let busy: Vm = s.get_record(&src).await.unwrap();
        assert_eq!(
            busy.current_operations
                .get(task.as_str())
                .map(String::as_str),
            Some("clone")
        );
        assert!(!busy.allowed_operations.contains(&"start".to_string()));
        let (seen, end) = run(&s, &task).await;
        assert!(
            seen.iter().any(|st| matches!(st, TaskState::Running { progress } if *progress > 0.0 && *progress < 1.0)),
            "progress advanced: {seen:?}"
        );
        let TaskState::Succeeded(Value::String(new)) = end else {
            panic!("succeeded with a ref: {end:?}")
        };
        let new_vm: Vm = s.get_record(&Ref::<Vm>::new(new.clone())).await.unwrap();
        assert_eq!(new_vm.name_label, name);
        assert_eq!(new_vm.vbds.len(), busy.vbds.len());
        let after: Vm = s.get_record(&src).await.unwrap();
        assert!(after.current_operations.is_empty());
        assert!(after.allowed_operations.contains(&"start".to_string()));
        let done: Task = s.get_record(&task).await.unwrap();
        assert_eq!(done.status, TaskStatus::Success);
        assert_eq!(done.progress, 1.0);
        assert!(done.finished >= done.created);
        s.call("task.destroy", &[(&task).into()]).await.unwrap();
        let e = s.get_record(&task).await.unwrap_err();
        assert_eq!(e.code(), Some(codes::HANDLE_INVALID));
    }
}

#[tokio::test]
async fn cancel_stops_a_copy_and_leaves_nothing_behind() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let src = vm_ref(&s, "db-replica").await;
    let before: HashMap<Ref<Vm>, Vm> = s.get_all_records().await.unwrap();
    let task = s
        .call_async(
            "VM.copy",
            &[(&src).into(), json!("never"), json!("OpaqueRef:NULL")],
        )
        .await
        .unwrap();
    loop {
        let rec: Task = s.get_record(&task).await.unwrap();
        if rec.progress > 0.0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    s.cancel_task(&task).await.unwrap();
    let out = s
        .await_task(&task, Duration::from_millis(20), |_| {})
        .await
        .unwrap();
    assert_eq!(out, TaskOutcome::Cancelled);
    let after: HashMap<Ref<Vm>, Vm> = s.get_all_records().await.unwrap();
    assert_eq!(after.len(), before.len(), "no copy was made");
    assert!(
        after[&src].current_operations.is_empty(),
        "the operation mark is rolled back"
    );
    assert!(
        after[&src]
            .allowed_operations
            .contains(&"start".to_string())
    );
    // await_task destroyed it.
    assert!(s.get_record(&task).await.is_err());
}

#[tokio::test]
async fn a_cancelled_task_says_task_cancelled() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let src = vm_ref(&s, "db-replica").await;
    let task = s
        .call_async(
            "VM.copy",
            &[(&src).into(), json!("x"), json!("OpaqueRef:NULL")],
        )
        .await
        .unwrap();
    s.cancel_task(&task).await.unwrap();
    let (_, end) = run(&s, &task).await;
    assert_eq!(end, TaskState::Cancelled);
    let rec: Task = s.get_record(&task).await.unwrap();
    assert_eq!(rec.error_info, ["TASK_CANCELLED", task.as_str()]);
}

#[tokio::test]
async fn errors_and_refusals_end_in_the_task_while_bad_arguments_fail_the_call() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let running = vm_ref(&s, "web-01").await;
    let task = s
        .call_async("VM.start", &[(&running).into(), json!(false), json!(false)])
        .await
        .unwrap();
    let (_, end) = run(&s, &task).await;
    let TaskState::Failed(e) = end else {
        panic!("{end:?}")
    };
    assert_eq!(e.code, codes::VM_BAD_POWER_STATE);
    assert_eq!(e.params, [running.as_str(), "halted", "running"]);
    let e = s
        .await_task(&task, Duration::from_millis(10), |_| {})
        .await
        .unwrap_err();
    assert_eq!(
        e.code(),
        Some(codes::VM_BAD_POWER_STATE),
        "await_task gives the task's error"
    );
    // Arguments are checked before any task exists.
    let e = s
        .call_async("VM.clone", &[(&running).into()])
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(codes::MESSAGE_PARAMETER_COUNT_MISMATCH));
    let e = s
        .call("Async.VM.get_name_label", &[(&running).into()])
        .await
        .unwrap_err();
    assert_eq!(
        e.code(),
        Some(codes::MESSAGE_METHOD_UNKNOWN),
        "getters have no async form"
    );
    // A read-only session gets a task that fails with RBAC_PERMISSION_DENIED.
    let ro = ro_login(&srv.url, Protocol::XmlRpc).await;
    let halted = vm_ref(&s, "db-replica").await;
    let task = ro
        .call_async("VM.clone", &[(&halted).into(), json!("nope")])
        .await
        .unwrap();
    let (_, end) = run(&ro, &task).await;
    let TaskState::Failed(e) = end else {
        panic!("{end:?}")
    };
    assert_eq!(e.code, codes::RBAC_PERMISSION_DENIED);
    // It may destroy its own task, but not cancel someone else's.
    ro.call("task.destroy", &[(&task).into()]).await.unwrap();
    let other = s
        .call_async(
            "VM.copy",
            &[(&halted).into(), json!("y"), json!("OpaqueRef:NULL")],
        )
        .await
        .unwrap();
    let e = ro.cancel_task(&other).await.unwrap_err();
    assert_eq!(e.code(), Some(codes::RBAC_PERMISSION_DENIED));
    s.cancel_task(&other).await.unwrap();
    // Async of a plain edit: done inside a task.
    let task = s
        .call_async(
            "VM.set_name_description",
            &[(&halted).into(), json!("async edit")],
        )
        .await
        .unwrap();
    let (_, end) = run(&s, &task).await;
    assert_eq!(end, TaskState::Succeeded(Value::Null));
    let v: Vm = s.get_record(&halted).await.unwrap();
    assert_eq!(v.name_description, "async edit");
}

#[tokio::test]
async fn another_clients_tasks_reach_the_cache_through_events() {
    let srv = fast_server().await;
    let me = Arc::new(login(&srv.url, Protocol::JsonRpc).await);
    let other = login(&srv.url, Protocol::XmlRpc).await;
    let mut w = Watched::start(me.clone(), 5.0);
    w.until(|c| !c.vms.is_empty()).await;
    let src = vm_ref(&other, "db-replica").await;
    let task = other
        .call_async("VM.snapshot", &[(&src).into(), json!("seen")])
        .await
        .unwrap();
    let t = task.clone();
    w.until(move |c| {
        c.tasks
            .get(&t)
            .is_some_and(|t| t.status == TaskStatus::Success)
    })
    .await;
    assert_eq!(w.cache.tasks[&task].name_label, "Async.VM.snapshot");
    w.until(|c| {
        c.messages
            .values()
            .any(|m| m.name == "VM_SNAPSHOTTED" && m.body.contains("snapshot name: seen"))
    })
    .await;
    let _ = w.stop.send(true);
}

#[tokio::test]
async fn a_read_only_user_cannot_grow_the_task_table_without_bound() {
    let srv = fast_server().await;
    let ro = ro_login(&srv.url, Protocol::JsonRpc).await;
    // task.create is open to every role, as in xapi; past a session's share of pending
    // tasks it is refused as xapi refuses past its queue.
    let mut refused = None;
    for i in 0..300 {
        match ro
            .call("task.create", &[json!(format!("t{i}")), json!("")])
            .await
        {
            Ok(_) => {}
            Err(e) => {
                refused = Some((i, e));
                break;
            }
        }
    }
    let (at, e) = refused.expect("300 pending tasks from one read-only session");
    assert_eq!(e.code(), Some("TOO_MANY_PENDING_TASKS"));
    assert_eq!(at, demo::lifecycle::tasks::MAX_PENDING_PER_SESSION);
    // Refused Async calls leave failed tasks, as in xapi, which are collected as xapi does:
    // past MAX_TASKS, the oldest finished go.
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let halted = vm_ref(&s, "db-replica").await;
    let ro = ro_login(&srv.url, Protocol::JsonRpc).await;
    let mut last = None;
    for _ in 0..400 {
        let t = ro
            .call_async("VM.clone", &[(&halted).into(), json!("nope")])
            .await
            .unwrap();
        last = Some(t);
    }
    let (_, end) = run(&ro, &last.unwrap()).await;
    assert!(matches!(end, TaskState::Failed(_)));
    // One more task starts a collection with every refused one finished.
    s.call("task.create", &[json!("last"), json!("")])
        .await
        .unwrap();
    let n = srv.state.read(|db| db.count("task"));
    let bound =
        demo::lifecycle::tasks::MAX_TASKS + demo::lifecycle::tasks::MAX_PENDING_PER_SESSION + 1;
    assert!(n <= bound, "{n} tasks kept, at most {bound} expected");
}

/// `Xapi_task.cancel`: the task stays `pending` with `cancel` in `current_operations` until
/// the operation stops (never `cancelling`); xenopsd's shutdown stops (`cancelled`,
/// TASK_CANCELLED), its suspend does not (`~cancellable:false`: it ends as it would have);
/// a task a client made with `task.create` is the client's to end.
#[tokio::test]
async fn cancel_marks_the_task_and_the_operation_ends_it_as_xapi_does() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let mine: Ref<Task> = Ref::new(
        s.call("task.create", &[json!("import"), json!("")])
            .await
            .unwrap()
            .as_str()
            .unwrap(),
    );
    s.cancel_task(&mine).await.unwrap();
    let rec: Task = s.get_record(&mine).await.unwrap();
    assert_eq!(rec.status, TaskStatus::Pending);
    assert_eq!(
        rec.current_operations.values().collect::<Vec<_>>(),
        ["cancel"]
    );
    assert_eq!(TaskState::of(&rec), TaskState::Cancelling);
    assert!(!xenapi::tasks::can_cancel(&rec));
    // `Xapi_task.destroy` of a pending task only marks it; the GC takes it once complete.
    s.call("task.destroy", &[(&mine).into()]).await.unwrap();
    let rec: Task = s.get_record(&mine).await.unwrap();
    assert_eq!(
        rec.current_operations.get("task").map(String::as_str),
        Some("destroy")
    );

    // A clean shutdown: cancellable, and it stops.
    let vm = vm_ref(&s, "web-01").await;
    let task = s
        .call_async("VM.clean_shutdown", &[(&vm).into()])
        .await
        .unwrap();
    let rec: Task = s.get_record(&task).await.unwrap();
    assert_eq!(rec.allowed_operations, ["cancel"]);
    s.cancel_task(&task).await.unwrap();
    let rec: Task = s.get_record(&task).await.unwrap();
    assert_ne!(rec.status, TaskStatus::Cancelling, "xapi never sets it");
    let (_, end) = run(&s, &task).await;
    assert_eq!(end, TaskState::Cancelled);
    let rec: Task = s.get_record(&task).await.unwrap();
    assert_eq!(rec.error_info, ["TASK_CANCELLED", task.as_str()]);
    assert!(rec.current_operations.values().any(|o| o == "cancel"));
    let power: String = s
        .call_as("VM.get_power_state", &[(&vm).into()])
        .await
        .unwrap();
    assert_eq!(power, "Running", "nothing was shut down");

    // A suspend: not cancellable; the mark is set and it carries on to its end.
    let task = s.call_async("VM.suspend", &[(&vm).into()]).await.unwrap();
    let rec: Task = s.get_record(&task).await.unwrap();
    assert!(rec.allowed_operations.is_empty());
    s.cancel_task(&task).await.unwrap();
    let (_, end) = run(&s, &task).await;
    assert!(matches!(end, TaskState::Succeeded(_)), "{end:?}");
}
