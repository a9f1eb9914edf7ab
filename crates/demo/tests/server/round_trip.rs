//! A repository's whole life over the wire, each step's records checked: an NFS SR made on a
//! simulated server, scanned, a disk made, grown (offline only: no driver resizes online),
//! migrated live with its VM and copied to another SR, destroyed, the SR unplugged and
//! destroyed with nothing left pointing at it; and a disk's snapshots moving with it.

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

async fn rec(s: &Session, class: &str, r: &Value) -> Value {
    s.call(&format!("{class}.get_record"), std::slice::from_ref(r))
        .await
        .unwrap()
}

fn refs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

async fn all(s: &Session, class: &str) -> HashMap<String, Value> {
    let v = s
        .call(&format!("{class}.get_all_records"), &[])
        .await
        .unwrap();
    v.as_object()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default()
}

fn drive(vm: &str, vdi: &Value) -> Value {
    json!({"VM": vm, "VDI": vdi, "userdevice": "autodetect", "bootable": false,
        "mode": "RW", "type": "Disk", "empty": false, "other_config": {},
        "qos_algorithm_type": "", "qos_algorithm_params": {}})
}

fn disk(sr: &str, name: &str, size: i64) -> Value {
    json!({"name_label": name, "name_description": "", "SR": sr, "virtual_size": size,
        "type": "user", "sharable": false, "read_only": false, "other_config": {}})
}

#[tokio::test]
async fn an_nfs_repository_lives_and_dies_with_its_disks_checked_at_each_step() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let hosts = all(&s, "host").await;
    let h1 = hosts
        .iter()
        .find(|(_, h)| h["name_label"] == "xcp-host-01")
        .map(|(r, _)| r.clone())
        .expect("host 1");

    // SR.create on the simulated NFS server: shared, one plugged PBD per server.
    let dc = json!({"server": "nfs.example.lan", "serverpath": "/export/new"});
    let sr = s
        .call(
            "SR.create",
            &[
                json!(h1),
                dc,
                json!("0"),
                json!("Trip NFS"),
                json!(""),
                json!("nfs"),
                json!("user"),
                json!(true),
                json!({}),
            ],
        )
        .await
        .unwrap();
    let r = rec(&s, "SR", &sr).await;
    assert_eq!(
        (r["type"].as_str(), r["shared"].as_bool()),
        (Some("nfs"), Some(true))
    );
    assert!(r["physical_size"].as_i64().unwrap() > 0);
    let pbds = refs(&r["PBDs"]);
    assert_eq!(pbds.len(), hosts.len(), "one PBD per server");
    for p in &pbds {
        assert_eq!(rec(&s, "PBD", &json!(p)).await["currently_attached"], true);
    }

    // SR.scan: nothing allocated yet.
    s.call("SR.scan", std::slice::from_ref(&sr)).await.unwrap();
    assert_eq!(rec(&s, "SR", &sr).await["virtual_allocation"], 0);

    // VDI.create: on the SR, listed by it; thin (nothing written yet).
    let sr_s = sr.as_str().unwrap();
    let d = s
        .call("VDI.create", &[disk(sr_s, "trip", GIB)])
        .await
        .unwrap();
    let v = rec(&s, "VDI", &d).await;
    assert_eq!(
        (v["SR"].clone(), v["virtual_size"].as_i64()),
        (sr.clone(), Some(GIB))
    );
    assert!(v["physical_utilisation"].as_i64().unwrap() <= GIB);
    assert!(refs(&rec(&s, "SR", &sr).await["VDIs"]).contains(&d.as_str().unwrap().into()));

    // VDI.resize grows it; a smaller size is the driver's refusal; the scan counts it.
    s.call("VDI.resize", &[d.clone(), json!(2 * GIB)])
        .await
        .unwrap();
    assert_eq!(rec(&s, "VDI", &d).await["virtual_size"], 2 * GIB);
    let (code, _) = err(&s, "VDI.resize", &[d.clone(), json!(GIB)]).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_79");
    s.call("SR.scan", std::slice::from_ref(&sr)).await.unwrap();
    assert_eq!(rec(&s, "SR", &sr).await["virtual_allocation"], 2 * GIB);

    // Plugged into running web-01: no online resize (no driver has VDI_RESIZE_ONLINE), no
    // offline one while in use.
    let web = vm_ref(&s, "web-01").await;
    let web = web.as_str();
    let b = s.call("VBD.create", &[drive(web, &d)]).await.unwrap();
    s.call("VBD.plug", std::slice::from_ref(&b)).await.unwrap();
    let (code, params) = err(&s, "VDI.resize_online", &[d.clone(), json!(3 * GIB)]).await;
    assert_eq!(
        (code.as_str(), params),
        ("SR_OPERATION_NOT_SUPPORTED", vec![sr_s.to_string()])
    );
    let (code, _) = err(&s, "VDI.resize", &[d.clone(), json!(3 * GIB)]).await;
    assert_eq!(code, "VDI_IN_USE");

    // VDI.pool_migrate to the pool's NFS SR while web-01 runs: a new disk there, the drive
    // follows it, the old disk is gone from the trip SR.
    let nfs = sr_named(&s, "Shared NFS storage").await;
    let moved = s
        .call("VDI.pool_migrate", &[d.clone(), json!(nfs), json!({})])
        .await
        .unwrap();
    assert_ne!(moved, d);
    let m = rec(&s, "VDI", &moved).await;
    assert_eq!(
        (m["SR"].as_str(), m["virtual_size"].as_i64()),
        (Some(nfs.as_str()), Some(2 * GIB))
    );
    assert_eq!(rec(&s, "VBD", &b).await["VDI"], moved);
    assert!(!refs(&rec(&s, "SR", &sr).await["VDIs"]).contains(&d.as_str().unwrap().into()));
    let (code, _) = err(&s, "VDI.get_record", std::slice::from_ref(&d)).await;
    assert_eq!(code, "HANDLE_INVALID");

    // A disk on no VM is copied to another SR (VDI.copy), then the original destroyed.
    let other = s
        .call("VDI.create", &[disk(sr_s, "other", GIB)])
        .await
        .unwrap();
    let null = json!("OpaqueRef:NULL");
    let copy = s
        .call("VDI.copy", &[other.clone(), json!(nfs), null.clone(), null])
        .await
        .unwrap();
    let c = rec(&s, "VDI", &copy).await;
    assert_eq!(
        (c["SR"].as_str(), c["virtual_size"].as_i64()),
        (Some(nfs.as_str()), Some(GIB))
    );
    s.call("VDI.destroy", std::slice::from_ref(&other))
        .await
        .unwrap();

    // Clean up the moved disk: unplug, drop the drive, destroy it and the copy.
    s.call("VBD.unplug", std::slice::from_ref(&b))
        .await
        .unwrap();
    s.call("VBD.destroy", std::slice::from_ref(&b))
        .await
        .unwrap();
    s.call("VDI.destroy", std::slice::from_ref(&moved))
        .await
        .unwrap();
    s.call("VDI.destroy", std::slice::from_ref(&copy))
        .await
        .unwrap();

    // SR.destroy wants every PBD unplugged first.
    let (code, _) = err(&s, "SR.destroy", std::slice::from_ref(&sr)).await;
    assert_eq!(code, "SR_HAS_PBD");
    for p in &pbds {
        s.call("PBD.unplug", &[json!(p)]).await.unwrap();
        assert_eq!(rec(&s, "PBD", &json!(p)).await["currently_attached"], false);
    }
    s.call("SR.destroy", std::slice::from_ref(&sr))
        .await
        .unwrap();

    // Nothing dangles: no SR, no PBD of it, no VDI on it, no drive of a gone disk.
    assert!(!all(&s, "SR").await.contains_key(sr_s));
    assert!(all(&s, "PBD").await.values().all(|p| p["SR"] != sr));
    let vdis = all(&s, "VDI").await;
    assert!(vdis.values().all(|v| v["SR"] != sr));
    for (vbd, r) in all(&s, "VBD").await {
        let vdi = r["VDI"].as_str().unwrap_or_default();
        assert!(
            r["empty"] == true || vdi == "OpaqueRef:NULL" || vdis.contains_key(vdi),
            "{vbd} points at a gone disk {vdi}"
        );
    }
}

/// xapi's migrate_send moves a disk's snapshots with it: the VM's snapshots' copies of the
/// disk go to the same SR, their drives follow, and they stay snapshots of the moved disk.
#[tokio::test]
async fn a_live_disk_move_takes_the_disks_snapshots_along() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let web = vm_ref(&s, "web-01").await;
    let webv = json!(web.as_str());
    let snap = s
        .call("VM.snapshot", &[webv.clone(), json!("before")])
        .await
        .unwrap();
    let vm = rec(&s, "VM", &webv).await;
    let (disk_vbd, disk) = {
        let mut found = None;
        for b in refs(&vm["VBDs"]) {
            let r = rec(&s, "VBD", &json!(b)).await;
            if r["type"] == "Disk" {
                found = Some((b, r["VDI"].clone()));
                break;
            }
        }
        found.expect("a disk")
    };
    // The snapshot's drive holding the disk's snapshot.
    let snap_drive = {
        let mut found = None;
        for b in refs(&rec(&s, "VM", &snap).await["VBDs"]) {
            let r = rec(&s, "VBD", &json!(b)).await;
            if r["type"] == "Disk" && rec(&s, "VDI", &r["VDI"]).await["snapshot_of"] == disk {
                found = Some((b, r["VDI"].clone()));
            }
        }
        found.expect("the snapshot's disk")
    };
    let nfs = sr_named(&s, "Shared NFS storage").await;
    let moved = s
        .call("VDI.pool_migrate", &[disk.clone(), json!(nfs), json!({})])
        .await
        .unwrap();
    assert_eq!(rec(&s, "VBD", &json!(disk_vbd)).await["VDI"], moved);
    // The snapshot's drive now holds a copy on the new SR, a snapshot of the moved disk.
    let (b, old_snap_disk) = snap_drive;
    let now = rec(&s, "VBD", &json!(b)).await["VDI"].clone();
    assert_ne!(now, old_snap_disk, "the snapshot's disk was copied");
    let n = rec(&s, "VDI", &now).await;
    assert_eq!(n["SR"].as_str(), Some(nfs.as_str()));
    assert_eq!(n["is_a_snapshot"], true);
    assert_eq!(n["snapshot_of"], moved);
    assert!(
        refs(&rec(&s, "VDI", &moved).await["snapshots"]).contains(&now.as_str().unwrap().into())
    );
    // The old snapshot disk is gone, as the old disk is.
    for gone in [old_snap_disk, disk] {
        let (code, _) = err(&s, "VDI.get_record", &[gone]).await;
        assert_eq!(code, "HANDLE_INVALID");
    }
}
