//! Moving disks between repositories as xapi allows it: `VDI.pool_migrate` for a disk a
//! running VM has plugged (the VM's server must see the new SR), `VDI.copy` for the rest
//! (refused while a running VM writes to the disk).

use crate::lifecycle::err;
use crate::session::*;
use crate::tasks::{fast_server, vm_ref};
use serde_json::{Value, json};
use std::collections::HashMap;
use xenapi::{Protocol, Ref, Session, Sr};

const GIB: i64 = 1 << 30;

async fn sr_named(s: &Session, name: &str) -> String {
    let srs: HashMap<Ref<Sr>, Sr> = s.get_all_records().await.unwrap();
    srs.into_iter()
        .find(|(_, r)| r.name_label == name)
        .map(|(r, _)| r.as_str().to_string())
        .unwrap_or_else(|| panic!("no SR {name}"))
}

async fn disk_on(s: &Session, sr: &str, size: i64) -> Value {
    let rec = json!({"name_label": "mover", "name_description": "", "SR": sr,
        "virtual_size": size, "type": "user", "sharable": false, "read_only": false,
        "other_config": {}});
    s.call("VDI.create", &[rec]).await.unwrap()
}

async fn drive(s: &Session, vm: &str, vdi: &Value) -> Value {
    let rec = json!({"VM": vm, "VDI": vdi, "userdevice": "autodetect",
        "bootable": false, "mode": "RW", "type": "Disk", "empty": false,
        "other_config": {}, "qos_algorithm_type": "", "qos_algorithm_params": {}});
    s.call("VBD.create", &[rec]).await.unwrap()
}

#[tokio::test]
async fn disks_migrate_with_their_vm_or_are_copied_as_xapi_allows() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let nfs = sr_named(&s, "Shared NFS storage").await;
    let local1 = sr_named(&s, "Local storage").await;
    let nvme2 = sr_named(&s, "Fast NVMe (host 2)").await;
    let iso = sr_named(&s, "ISO library").await;
    let web = vm_ref(&s, "web-01").await;
    let web = web.as_str();
    assert_eq!(
        s.call("VM.get_power_state", &[json!(web)]).await.unwrap(),
        "Running"
    );
    // A disk on no VM cannot migrate: there is no VM to mirror it for.
    let alone = disk_on(&s, &nfs, GIB).await;
    let (code, params) = err(
        &s,
        "VDI.pool_migrate",
        &[alone.clone(), json!(local1), json!({})],
    )
    .await;
    assert_eq!(
        (code.as_str(), params),
        (
            "VDI_NEEDS_VM_FOR_MIGRATE",
            vec![alone.as_str().unwrap().to_string()]
        )
    );
    // Plugged into web-01 (on host 1) with another disk on host 1's local SR: no server sees
    // both that SR and host 2's, so the NFS disk cannot go to host 2's.
    let d = disk_on(&s, &nfs, GIB).await;
    let b = drive(&s, web, &d).await;
    s.call("VBD.plug", std::slice::from_ref(&b)).await.unwrap();
    let pinned = disk_on(&s, &local1, GIB).await;
    let pb = drive(&s, web, &pinned).await;
    s.call("VBD.plug", std::slice::from_ref(&pb)).await.unwrap();
    let (code, params) = err(
        &s,
        "VDI.copy",
        &[
            d.clone(),
            json!(local1),
            json!("OpaqueRef:NULL"),
            json!("OpaqueRef:NULL"),
        ],
    )
    .await;
    assert_eq!((code.as_str(), params[1].as_str()), ("VDI_IN_USE", "copy"));
    let (code, params) = err(
        &s,
        "VDI.pool_migrate",
        &[d.clone(), json!(nvme2), json!({})],
    )
    .await;
    assert_eq!((code.as_str(), params.len()), ("NO_HOSTS_AVAILABLE", 0));
    let old_uuid = s
        .call("VDI.get_uuid", std::slice::from_ref(&d))
        .await
        .unwrap();
    let new = s
        .call("VDI.pool_migrate", &[d.clone(), json!(local1), json!({})])
        .await
        .unwrap();
    assert_ne!(new, d);
    assert_eq!(
        s.call("VDI.get_SR", std::slice::from_ref(&new))
            .await
            .unwrap(),
        json!(local1)
    );
    assert_eq!(
        s.call("VBD.get_VDI", std::slice::from_ref(&b))
            .await
            .unwrap(),
        new
    );
    assert_ne!(
        s.call("VDI.get_uuid", std::slice::from_ref(&new))
            .await
            .unwrap(),
        old_uuid
    );
    let (code, _) = err(&s, "VDI.get_uuid", &[d]).await;
    assert_eq!(code, "HANDLE_INVALID", "the old disk is gone");
    // Unplugged, the drive's VM still runs: a plain copy is allowed now.
    s.call("VBD.unplug", std::slice::from_ref(&b))
        .await
        .unwrap();
    let copy = s
        .call(
            "VDI.copy",
            &[
                new.clone(),
                json!(nvme2),
                json!("OpaqueRef:NULL"),
                json!("OpaqueRef:NULL"),
            ],
        )
        .await
        .unwrap();
    assert_eq!(
        s.call("VDI.get_SR", std::slice::from_ref(&copy))
            .await
            .unwrap(),
        json!(nvme2)
    );
    let size = s
        .call("VDI.get_virtual_size", std::slice::from_ref(&copy))
        .await
        .unwrap();
    assert_eq!(
        size.as_i64().or_else(|| size.as_str()?.parse().ok()),
        Some(GIB)
    );
    let (code, _) = err(
        &s,
        "VDI.copy",
        &[
            new.clone(),
            json!(iso),
            json!("OpaqueRef:NULL"),
            json!("OpaqueRef:NULL"),
        ],
    )
    .await;
    assert_eq!(code, "SR_OPERATION_NOT_SUPPORTED");
    // Into an existing disk: never a smaller one.
    let small = disk_on(&s, &nfs, GIB / 2).await;
    let (code, params) = err(
        &s,
        "VDI.copy",
        &[
            new.clone(),
            json!(nfs),
            json!("OpaqueRef:NULL"),
            small.clone(),
        ],
    )
    .await;
    assert_eq!(code, "VDI_TOO_SMALL");
    assert_eq!(params[1], GIB.to_string());
    assert_eq!(
        params.len(),
        2,
        "xapi names the target and the size it needed"
    );
    // xapi migrates a halted VM's disk too (migrate_send allows halted VMs); a paused VM's
    // not.
    let halted = vm_ref(&s, "db-replica").await;
    let h = disk_on(&s, &nfs, GIB).await;
    drive(&s, halted.as_str(), &h).await;
    let moved = s
        .call("VDI.pool_migrate", &[h, json!(nvme2), json!({})])
        .await
        .unwrap();
    assert_eq!(s.call("VDI.get_SR", &[moved]).await.unwrap(), json!(nvme2));
    s.call("VM.pause", &[json!(web)]).await.unwrap();
    let (code, params) = err(&s, "VDI.pool_migrate", &[new, json!(nfs), json!({})]).await;
    assert_eq!(
        (code.as_str(), params[2].as_str()),
        ("VM_BAD_POWER_STATE", "paused")
    );
}
