//! `event.from` against the demo server: tokens, blocking, del events, and the cache loop's
//! re-login and resync.

use crate::common::*;
use crate::session::*;
use serde_json::json;
use std::time::Duration;
use xenapi::Protocol;
use xenapi::events::{EventBatch, Operation, event_from};

#[tokio::test]
async fn empty_token_returns_every_object_then_blocks_until_a_change() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let t = s.transport();
        let all = event_from(&s, t, &["vm"], "", 0.0).await.unwrap();
        let n_vms = s
            .call("VM.get_all", &[])
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .len();
        assert_eq!(all.events.len(), n_vms, "{p:?}");
        assert!(
            all.events
                .iter()
                .all(|e| e.operation == Operation::Add && e.snapshot.is_some())
        );
        assert_eq!(all.valid_ref_counts.get("vm").copied(), Some(n_vms as i64));

        // Nothing happens: the call returns after its timeout with no events and a token.
        let idle = event_from(&s, t, &["vm"], &all.token, 0.2).await.unwrap();
        assert!(idle.events.is_empty());

        // Another client edits a VM while we block.
        let vm = all.events[0].reference.clone();
        let other = login(&srv.url, Protocol::JsonRpc).await;
        let editor = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(100)).await;
            other
                .call(
                    "VM.add_to_other_config",
                    &[json!(vm), json!("edited"), json!("yes")],
                )
                .await
                .unwrap();
        });
        let batch = event_from(&s, t, &["vm"], &idle.token, 10.0).await.unwrap();
        editor.await.unwrap();
        assert_eq!(batch.events.len(), 1, "{p:?}");
        let e = &batch.events[0];
        assert_eq!(e.operation, Operation::Mod);
        assert_eq!(
            e.snapshot.as_ref().unwrap()["other_config"]["edited"],
            "yes"
        );
        s.call(
            "VM.remove_from_other_config",
            &[json!(e.reference), json!("edited")],
        )
        .await
        .unwrap();
    }
}

#[tokio::test]
async fn inject_gives_a_token_that_sees_the_injected_object() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let pool = s.call("pool.get_all", &[]).await.unwrap()[0].clone();
    let token = s
        .call("event.inject", &[json!("pool"), pool.clone()])
        .await
        .unwrap();
    let b = event_from(&s, s.transport(), &["pool"], token.as_str().unwrap(), 1.0)
        .await
        .unwrap();
    assert_eq!(b.events.len(), 1);
    assert_eq!(json!(b.events[0].reference), pool);
    let e = s
        .call("event.inject", &[json!("pool"), json!("OpaqueRef:nope")])
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("HANDLE_INVALID"));
}

#[tokio::test]
async fn bad_tokens_and_subscriptions_are_rejected_like_xapi() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let e = event_from(&s, s.transport(), &["vm"], "not-a-token", 0.0)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("EVENT_FROM_TOKEN_PARSE_FAILURE"));
    let e = event_from(&s, s.transport(), &["vm/"], "", 0.0)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("EVENT_SUBSCRIPTION_PARSE_FAILURE"));
}

#[tokio::test]
async fn deleted_objects_come_as_del_without_snapshot() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let start = event_from(&s, s.transport(), &["vif"], "", 0.0)
        .await
        .unwrap();
    let victim = start.events[0].reference.clone();
    srv.state.write(|db| db.delete("VIF", &victim));
    let b = event_from(&s, s.transport(), &["vif"], &start.token, 1.0)
        .await
        .unwrap();
    let del = b.events.iter().find(|e| e.reference == victim).unwrap();
    assert_eq!(del.operation, Operation::Del);
    assert!(del.snapshot.is_none());
}

#[test]
fn event_batches_decode_leniently_and_reject_garbage() {
    let b = EventBatch::decode(json!({
        "events": [{"id": "7", "timestamp": "0.0", "class": "vm", "operation": "del", "ref": "OpaqueRef:a"}],
        "valid_ref_counts": {"VM": 3, "host": "2"},
        "token": "t",
    }))
    .unwrap();
    assert_eq!(b.events[0].operation, Operation::Del);
    assert_eq!(b.valid_ref_counts["vm"], 3);
    assert_eq!(b.valid_ref_counts["host"], 2);
    assert!(EventBatch::decode(json!({"events": []})).is_err());
    assert!(EventBatch::decode(json!({"token": "t", "events": [{"class": "vm"}]})).is_err());
    assert!(EventBatch::decode(json!([1, 2])).is_err());
}

/// Runs the cache loop and applies what it sends, like the UI does.
#[tokio::test]
async fn the_cache_follows_edits_and_resyncs_after_a_lost_delete() {
    let srv = server().await;
    for p in BOTH {
        let s = std::sync::Arc::new(login(&srv.url, p).await);
        let mut w = Watched::start(s.clone(), 1.0);
        w.until(|c| !c.vms.is_empty()).await;
        assert_eq!(w.resets, 1);

        let editor = login(&srv.url, Protocol::JsonRpc).await;
        let vm = editor
            .call("VM.get_by_name_label", &[json!("web-02")])
            .await
            .unwrap()[0]
            .clone();
        editor
            .call(
                "VM.set_name_label",
                &[vm.clone(), json!(format!("web-02-{p:?}"))],
            )
            .await
            .unwrap();
        w.until(|c| vm_named(c, &format!("web-02-{p:?}")).is_some())
            .await;
        editor
            .call("VM.set_name_label", &[vm, json!("web-02")])
            .await
            .unwrap();
        w.until(|c| vm_named(c, "web-02").is_some()).await;

        // A deletion the server forgets to report: the counts disagree and the loop reloads.
        let vbds = w.cache.vbds.len();
        let victim = w.cache.vbds.keys().next().unwrap().as_str().to_string();
        srv.state.write(|db| db.delete_silently("VBD", &victim));
        // Any other change makes the next batch carry the counts.
        editor
            .call(
                "VM.add_to_other_config",
                &[
                    editor
                        .call("VM.get_by_name_label", &[json!("web-10")])
                        .await
                        .unwrap()[0]
                        .clone(),
                    json!(format!("touch-{p:?}")),
                    json!("1"),
                ],
            )
            .await
            .unwrap();
        w.until(|c| c.vbds.len() == vbds - 1).await;
        assert_eq!(w.resets, 2, "{p:?}: a full reload, not a patch");
        let _ = w.stop.send(true);
    }
}

#[tokio::test]
async fn the_cache_loop_logs_in_again_when_its_session_is_dropped() {
    let srv = server().await;
    let s = std::sync::Arc::new(login(&srv.url, Protocol::JsonRpc).await);
    let mut w = Watched::start(s.clone(), 0.5);
    w.until(|c| !c.vms.is_empty()).await;
    srv.state.drop_all_sessions();
    let editor = login(&srv.url, Protocol::JsonRpc).await;
    let vm = editor
        .call("VM.get_by_name_label", &[json!("web-01")])
        .await
        .unwrap()[0]
        .clone();
    editor
        .call(
            "VM.add_to_other_config",
            &[vm, json!("after-relogin"), json!("1")],
        )
        .await
        .unwrap();
    w.until(|c| {
        vm_named(c, "web-01").is_some_and(|v| v.other_config.contains_key("after-relogin"))
    })
    .await;
    let _ = w.stop.send(true);
}

#[tokio::test]
async fn a_timeout_that_is_not_a_number_is_refused_not_a_crash() {
    use xenapi::error::codes;
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        // JSON has no NaN literal and XML-RPC's <double> refuses it, but a string is a float
        // parameter too, as in xapi.
        for bad in [json!("NaN"), json!("nan"), json!("inf"), json!("-inf")] {
            let e = s
                .call("event.from", &[json!(["vm"]), json!(""), bad.clone()])
                .await
                .unwrap_err();
            assert!(e.is_code(codes::FIELD_TYPE_ERROR), "{p:?} {bad}: {e}");
            assert_eq!(e.api().unwrap().params, ["timeout"], "{p:?} {bad}");
        }
        // The server is still there.
        let ok = s
            .call("event.from", &[json!(["vm"]), json!(""), json!("0")])
            .await;
        assert!(ok.is_ok(), "{p:?}");
    }
}

/// CA-91931: a helper task created and destroyed while `event.from` runs is counted in
/// `valid_ref_counts` without its `add` (xapi collects from one database version and
/// serialises from a later one). The cache loop takes the `del` that follows instead of
/// reloading every class. Messages are not counted at all (`in_db:false`).
#[tokio::test]
async fn a_task_counted_without_its_add_does_not_reload_every_class() {
    let srv = server().await;
    let s = std::sync::Arc::new(login(&srv.url, Protocol::JsonRpc).await);
    let all = event_from(&s, s.transport(), &["*"], "", 0.0)
        .await
        .unwrap();
    assert!(!all.valid_ref_counts.contains_key("message"));
    assert!(all.valid_ref_counts.contains_key("task"));
    let mut w = Watched::start(s.clone(), 5.0);
    w.until(|c| !c.vms.is_empty()).await;
    let label = "short-lived helper";
    *srv.state.event_race.lock().unwrap() = Some(Box::new(move |db| {
        let gone = db.table("task").and_then(|t| {
            t.rows
                .iter()
                .find(|(_, row)| row.fields.get("name_label") == Some(&json!(label)))
                .map(|(r, _)| r.clone())
        });
        gone.is_some_and(|r| db.delete("task", &r))
    }));
    s.call("task.create", &[json!(label), json!("")])
        .await
        .unwrap();
    // A change after it: the loop carries on from the same load.
    let vm = all
        .events
        .iter()
        .find(|e| e.class == "vm")
        .unwrap()
        .reference
        .clone();
    s.call(
        "VM.set_name_description",
        &[json!(vm), json!("after the race")],
    )
    .await
    .unwrap();
    w.until(|c| {
        c.vms
            .values()
            .any(|v| v.name_description == "after the race")
    })
    .await;
    assert!(
        srv.state.event_race.lock().unwrap().is_none(),
        "the task was destroyed mid-call"
    );
    assert!(!w.cache.tasks.values().any(|t| t.name_label == label));
    assert_eq!(w.resets, 1, "no reload for a short-lived task");
}
