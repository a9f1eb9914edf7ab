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
