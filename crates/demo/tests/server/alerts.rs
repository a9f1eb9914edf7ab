//! Alerts (`message`) against the demo server: the seeded ones, `create`, `get_since`,
//! `destroy`/`destroy_many` with their errors, the events `event.from` sends for them (class
//! `message`, `add` with the record, `del` without), and generated pools' alert and task
//! counts.

use crate::common::*;
use crate::session::*;
use crate::tasks::vm_ref;
use demo::generator::{PoolSpec, generate};
use demo::{DEMO_ALERTS, DemoServer};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use xenapi::error::codes;
use xenapi::records::TaskStatus;
use xenapi::{Message, Protocol, Ref, Vm};

#[tokio::test]
async fn the_demo_pool_starts_with_alerts_and_they_can_be_dismissed() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let all: HashMap<Ref<Message>, Message> = s.get_all_records().await.unwrap();
        if p == Protocol::JsonRpc {
            assert_eq!(all.len(), DEMO_ALERTS);
        }
        for m in all.values() {
            assert!((1..=5).contains(&m.priority), "{m:?}");
            assert!(!m.name.is_empty() && !m.obj_uuid.is_empty() && !m.body.is_empty());
            assert_eq!(m.timestamp.len(), 18, "an xapi datetime: {}", m.timestamp);
        }
        if p == Protocol::JsonRpc {
            // Before any is dismissed: a perfmon alarm and host alerts among them.
            assert!(
                all.values()
                    .any(|m| m.name == "ALARM" && m.body.contains("cpu_usage"))
            );
            assert!(all.values().any(|m| m.cls == "Host"));
        }
        // get_since: only the newer ones.
        let mut stamps: Vec<&str> = all.values().map(|m| m.timestamp.as_str()).collect();
        stamps.sort();
        let mid = stamps[stamps.len() / 2];
        let newer = s.messages_since(mid).await.unwrap();
        assert_eq!(newer.len(), stamps.iter().filter(|t| **t > mid).count());
        assert!(!newer.is_empty() && newer.len() < all.len());
        // Dismiss one, then two at once.
        let refs: Vec<Ref<Message>> = all.keys().cloned().collect();
        s.destroy_message(&refs[0]).await.unwrap();
        let e = s.destroy_message(&refs[0]).await.unwrap_err();
        assert_eq!(e.code(), Some(codes::HANDLE_INVALID));
        s.destroy_messages(&refs[1..3]).await.unwrap();
        let left: HashMap<Ref<Message>, Message> = s.get_all_records().await.unwrap();
        assert_eq!(left.len(), all.len() - 3);
    }
}

#[tokio::test]
async fn created_alerts_need_a_real_object_and_reach_other_clients_as_events() {
    let srv = server().await;
    let me = Arc::new(login(&srv.url, Protocol::JsonRpc).await);
    let other = login(&srv.url, Protocol::XmlRpc).await;
    let vm: Vm = other
        .get_record(&vm_ref(&other, "web-01").await)
        .await
        .unwrap();
    let e = other
        .call(
            "message.create",
            &[
                json!("CUSTOM"),
                json!(2),
                json!("VM"),
                json!("no-such-uuid"),
                json!("x"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(codes::UUID_INVALID));
    let e = other
        .call(
            "message.create",
            &[
                json!("CUSTOM"),
                json!(2),
                json!("Nonsense"),
                json!(vm.uuid),
                json!("x"),
            ],
        )
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(codes::INVALID_VALUE));
    let mut w = Watched::start(me.clone(), 5.0);
    w.until(|c| c.messages.len() == DEMO_ALERTS).await;
    // XML-RPC carries the int64 priority as a string; the server takes both.
    let r: String = other
        .call_as(
            "message.create",
            &[
                json!("CUSTOM"),
                json!("2"),
                json!("VM"),
                json!(vm.uuid),
                json!("backup overdue"),
            ],
        )
        .await
        .unwrap();
    let r = Ref::<Message>::new(r);
    let rr = r.clone();
    w.until(move |c| {
        c.messages
            .get(&rr)
            .is_some_and(|m| m.body == "backup overdue" && m.priority == 2)
    })
    .await;
    other.destroy_message(&r).await.unwrap();
    let rr = r.clone();
    w.until(move |c| !c.messages.contains_key(&rr)).await;
    let _ = w.stop.send(true);
    // On the wire: class "message", add with the record, del without.
    let token: Value = me
        .call("event.from", &[json!(["message"]), json!(""), json!(0.0)])
        .await
        .unwrap();
    let token = token["token"].clone();
    let r: String = me
        .call_as(
            "message.create",
            &[
                json!("CUSTOM"),
                json!(5),
                json!("VM"),
                json!(vm.uuid),
                json!("b"),
            ],
        )
        .await
        .unwrap();
    me.call("message.destroy", &[json!(r)]).await.unwrap();
    let batch = me
        .call("event.from", &[json!(["message"]), token, json!(1.0)])
        .await
        .unwrap();
    let evs = batch["events"].as_array().unwrap();
    // The add was folded into the deletion (the object is gone): a del without snapshot.
    let del = evs
        .iter()
        .find(|e| e["ref"] == json!(r))
        .expect("an event for it");
    assert_eq!(del["class"], "message");
    assert_eq!(del["operation"], "del");
    assert!(del.get("snapshot").is_none());
}

#[tokio::test]
async fn generated_pools_take_alert_and_task_counts() {
    let spec: PoolSpec = "vms=200,hosts=4,networks=2,alerts=500,tasks=100"
        .parse()
        .unwrap();
    assert_eq!((spec.alerts, spec.tasks), (500, 100));
    let db = generate(spec);
    assert_eq!(db.count("message"), 500);
    assert_eq!(db.count("task"), 100);
    let srv = DemoServer::start(db, config(), ([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let tasks: HashMap<_, xenapi::records::Task> = s.get_all_records().await.unwrap();
    assert_eq!(tasks.len(), 100);
    assert!(
        tasks
            .values()
            .any(|t| t.status == TaskStatus::Failure && !t.error_info.is_empty())
    );
    let pending = tasks
        .iter()
        .find(|(_, t)| t.status == TaskStatus::Pending)
        .map(|(r, _)| r.clone())
        .unwrap();
    // A task no job drives ends when cancelled (if cancellable) and can be destroyed.
    s.call("task.cancel", &[(&pending).into()]).await.unwrap();
    s.call("task.destroy", &[(&pending).into()]).await.unwrap();
    let msgs: HashMap<Ref<Message>, Message> = s.get_all_records().await.unwrap();
    assert_eq!(msgs.len(), 500);
    assert!(msgs.values().any(|m| m.priority <= 2));
    let e = "alerts=x".parse::<PoolSpec>().unwrap_err();
    assert!(e.to_string().contains("alerts"));
}
