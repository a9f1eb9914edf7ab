//! An SR's `allowed_operations` as xapi keeps them (`xapi_sr_operations.ml`
//! `valid_operations`): by the driver's capabilities, its PBDs and its disks, current after
//! every change.

use crate::session::*;
use crate::tasks::fast_server;
use serde_json::json;
use xenapi::{Protocol, Ref, Session, Sr};

/// "Shared NFS storage", "ISO library" and "XenServer Tools" in the demo pool.
const NFS: &str = "OpaqueRef:fac3a4b5-4ee6-5210-aa82-b1a91e13d07a";
const ISO: &str = "OpaqueRef:b29fed4e-605d-5236-9810-6f2fea064e3b";
const TOOLS: &str = "OpaqueRef:c7fa3b37-4e2f-53b2-a7c4-3532b0f83003";

async fn ops(s: &Session, sr: &str) -> Vec<String> {
    let rec: Sr = s.get_record(&Ref::new(sr)).await.unwrap();
    rec.allowed_operations
}

fn has(ops: &[String], op: &str) -> bool {
    ops.iter().any(|o| o == op)
}

async fn pbds(s: &Session, sr: &str) -> Vec<String> {
    let all: std::collections::HashMap<Ref<xenapi::Pbd>, xenapi::Pbd> =
        s.get_all_records().await.unwrap();
    all.into_iter()
        .filter(|(_, p)| p.sr.as_str() == sr)
        .map(|(r, _)| r.as_str().to_string())
        .collect()
}

/// The driver decides what may be done with disks; attached PBDs keep destroy and forget
/// away; a detached empty SR may be destroyed, one without PBDs only forgotten.
#[tokio::test]
async fn allowed_operations_follow_the_driver_the_pbds_and_the_disks() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let nfs = ops(&s, NFS).await;
    for op in [
        "scan",
        "plug",
        "unplug",
        "vdi_create",
        "vdi_resize",
        "vdi_snapshot",
        "update",
    ] {
        assert!(has(&nfs, op), "{op} on NFS: {nfs:?}");
    }
    // NFSSR lists neither VDI_INTRODUCE nor VDI_REVERT; plugged PBDs block destroy/forget.
    for op in ["vdi_introduce", "vdi_revert", "destroy", "forget"] {
        assert!(!has(&nfs, op), "{op} on NFS: {nfs:?}");
    }
    // ISOSR: create and delete only; the tools SR loses even those.
    let iso = ops(&s, ISO).await;
    assert!(has(&iso, "vdi_create") && !has(&iso, "vdi_resize") && !has(&iso, "update"));
    let tools = ops(&s, TOOLS).await;
    assert!(!has(&tools, "vdi_create") && !has(&tools, "vdi_destroy") && has(&tools, "scan"));

    // A new empty SR: unplugged everywhere it may be destroyed or forgotten.
    let hosts: Vec<Ref<xenapi::Host>> = s
        .get_all_records::<xenapi::Host>()
        .await
        .unwrap()
        .into_keys()
        .collect();
    let sr = s
        .call(
            "SR.create",
            &[
                json!(hosts[0].as_str()),
                json!({"server": "nfs.example.lan", "serverpath": "/export/new"}),
                json!("0"),
                json!("Empty"),
                json!(""),
                json!("nfs"),
                json!("user"),
                json!(true),
                json!({}),
            ],
        )
        .await
        .unwrap();
    let sr = sr.as_str().unwrap().to_string();
    assert!(!has(&ops(&s, &sr).await, "destroy"));
    let mine = pbds(&s, &sr).await;
    for p in &mine {
        s.call("PBD.unplug", &[json!(p)]).await.unwrap();
    }
    let now = ops(&s, &sr).await;
    assert!(has(&now, "destroy") && has(&now, "forget"), "{now:?}");
    // A disk on it: destroy would lose it (SR_NOT_EMPTY).
    let rec = json!({"name_label": "d", "SR": sr, "virtual_size": 1 << 30, "type": "user",
        "sharable": false, "read_only": false, "other_config": {}});
    let d = s.call("VDI.create", &[rec]).await.unwrap();
    let now = ops(&s, &sr).await;
    assert!(!has(&now, "destroy") && has(&now, "forget"), "{now:?}");
    s.call("VDI.destroy", &[d]).await.unwrap();
    // Without PBDs it can only be forgotten (SR_NO_PBDS).
    for p in &mine {
        s.call("PBD.destroy", &[json!(p)]).await.unwrap();
    }
    let now = ops(&s, &sr).await;
    assert!(!has(&now, "destroy") && has(&now, "forget"), "{now:?}");
}

/// The SR's `current_operations` entries (task ref → operation).
async fn current(s: &Session, sr: &str) -> Vec<(String, String)> {
    let rec: Sr = s.get_record(&Ref::new(sr)).await.unwrap();
    rec.current_operations
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Polls until `task` holds its mark on `sr` (its snapshot as `event.from` then sends it),
/// failing if the task ends first.
async fn marked_by(
    s: &Session,
    sr: &str,
    task: &Ref<xenapi::records::Task>,
    token: &str,
) -> serde_json::Value {
    loop {
        let batch = xenapi::events::event_from(s, s.transport(), &["sr"], token, 5.0)
            .await
            .unwrap();
        let seen = batch.events.iter().rev().find_map(|e| {
            (e.reference == sr)
                .then(|| e.snapshot.clone())
                .flatten()
                .filter(|snap| snap["current_operations"].get(task.as_str()).is_some())
        });
        if let Some(snap) = seen {
            return snap;
        }
        let rec: xenapi::records::Task = s.get_record(task).await.unwrap();
        assert_eq!(
            rec.status,
            xenapi::records::TaskStatus::Pending,
            "{} ended before its mark on the SR was seen",
            rec.name_label
        );
    }
}

/// A plug, scan or unplug holds its operation in the SR's `current_operations` while it
/// runs (`SR.with_sr_marked`), events carry it, `allowed_operations` lose what conflicts
/// (plugs may run side by side); a conflicting call waits for it to end, as xapi's
/// `retry_with_global_lock`, and the mark goes with the operation.
#[tokio::test]
async fn a_running_sr_operation_is_marked_and_conflicting_ones_wait() {
    let mut c = crate::common::config();
    c.task_speed = 1.0; // a plug takes 1.2 s: room to look at it while it runs
    let srv = crate::common::server_with(c).await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let start = xenapi::events::event_from(&s, s.transport(), &["sr"], "", 0.0)
        .await
        .unwrap();
    let pbd = pbds(&s, NFS).await.remove(0);
    let plug = s.call_async("PBD.plug", &[json!(pbd)]).await.unwrap();
    let snap = marked_by(&s, NFS, &plug, &start.token).await;
    assert_eq!(snap["current_operations"][plug.as_str()], "plug");
    let allowed: Vec<String> = serde_json::from_value(snap["allowed_operations"].clone()).unwrap();
    assert!(has(&allowed, "plug"), "plugs run side by side: {allowed:?}");
    for op in ["scan", "unplug", "vdi_create", "forget"] {
        assert!(!has(&allowed, op), "{op} while plugging: {allowed:?}");
    }
    // A scan asked for now waits for the plug: never marked beside it.
    let scan = s.call_async("SR.scan", &[json!(NFS)]).await.unwrap();
    let now = current(&s, NFS).await;
    if now.iter().any(|(t, _)| t == plug.as_str()) {
        assert!(
            !now.iter().any(|(t, _)| t == scan.as_str()),
            "the scan ran beside the plug: {now:?}"
        );
    }
    let every = std::time::Duration::from_millis(20);
    s.await_task(&plug, every, |_| {}).await.unwrap();
    s.await_task(&scan, every, |_| {}).await.unwrap();
    assert!(
        current(&s, NFS).await.is_empty(),
        "the marks go with the operations"
    );
    assert!(has(&ops(&s, NFS).await, "scan"));

    // A sync scan during a plug returns only once the plug is done.
    let token = xenapi::events::event_from(&s, s.transport(), &["sr"], "", 0.0)
        .await
        .unwrap()
        .token;
    let plug = s.call_async("PBD.plug", &[json!(pbd)]).await.unwrap();
    marked_by(&s, NFS, &plug, &token).await;
    s.call("SR.scan", &[json!(NFS)]).await.unwrap();
    let rec: xenapi::records::Task = s.get_record(&plug).await.unwrap();
    assert_eq!(
        rec.status,
        xenapi::records::TaskStatus::Success,
        "the scan waited"
    );
    assert!(current(&s, NFS).await.is_empty());
}

/// A disk's create, resize and destroy hold `vdi_create`, `vdi_resize` and `vdi_destroy` in
/// its SR while they run (`with_sr_andor_vdi ~sr`), and xapi serialises them with every
/// other SR operation: a create asked for during a resize returns only once it is done.
#[tokio::test]
async fn a_disk_operation_marks_its_sr_and_others_wait_for_it() {
    let mut c = crate::common::config();
    c.task_speed = 1.0; // a resize takes 1.5 s
    let srv = crate::common::server_with(c).await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let vdis: std::collections::HashMap<Ref<xenapi::Vdi>, xenapi::Vdi> =
        s.get_all_records().await.unwrap();
    let (disk, rec) = vdis
        .iter()
        .find(|(_, v)| v.name_label == "db-replica disk 0")
        .expect("db-replica's disk (the VM is halted)");
    assert_eq!(rec.sr.as_str(), NFS);
    let token = xenapi::events::event_from(&s, s.transport(), &["sr"], "", 0.0)
        .await
        .unwrap()
        .token;
    let grow = json!((rec.virtual_size + (1 << 30)).to_string());
    let resize = s
        .call_async("VDI.resize", &[json!(disk.as_str()), grow])
        .await
        .unwrap();
    let snap = marked_by(&s, NFS, &resize, &token).await;
    assert_eq!(snap["current_operations"][resize.as_str()], "vdi_resize");
    let allowed: Vec<String> = serde_json::from_value(snap["allowed_operations"].clone()).unwrap();
    assert!(!has(&allowed, "vdi_create"), "{allowed:?}");
    // A create now waits for the resize.
    let new = s
        .call(
            "VDI.create",
            &[
                json!({"name_label": "waits", "SR": NFS, "virtual_size": "1073741824",
                     "type": "user", "sharable": false, "read_only": false,
                     "other_config": {}, "sm_config": {}, "xenstore_data": {}, "tags": []}),
            ],
        )
        .await
        .unwrap();
    let done: xenapi::records::Task = s.get_record(&resize).await.unwrap();
    assert_eq!(
        done.status,
        xenapi::records::TaskStatus::Success,
        "the create waited"
    );
    // A destroy waits for a resize the same way, and every mark goes with its operation.
    let token = xenapi::events::event_from(&s, s.transport(), &["sr"], "", 0.0)
        .await
        .unwrap()
        .token;
    let grow = json!((rec.virtual_size + (2 << 30)).to_string());
    let resize = s
        .call_async("VDI.resize", &[json!(disk.as_str()), grow])
        .await
        .unwrap();
    marked_by(&s, NFS, &resize, &token).await;
    s.call("VDI.destroy", &[new]).await.unwrap();
    let done: xenapi::records::Task = s.get_record(&resize).await.unwrap();
    assert_eq!(
        done.status,
        xenapi::records::TaskStatus::Success,
        "the destroy waited"
    );
    assert!(current(&s, NFS).await.is_empty());
}
