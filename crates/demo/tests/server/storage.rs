//! Storage on the demo server, as strict as xapi: new disks and drives, plugging and
//! unplugging them, resizing (grow only, offline: no SM driver lists `VDI_RESIZE_ONLINE`),
//! destroying (never an attached disk, nor a physical device or a tools ISO).

use crate::session::*;
use crate::tasks::{fast_server, vm_ref};
use serde_json::{Value, json};
use xenapi::{Protocol, Ref, Session, Sr, Vdi, Vm};

const GIB: i64 = 1 << 30;
/// "Shared NFS storage" in the demo pool.
const NFS: &str = "OpaqueRef:fac3a4b5-4ee6-5210-aa82-b1a91e13d07a";
/// "XenServer Tools" (the tools SR).
const TOOLS: &str = "OpaqueRef:c7fa3b37-4e2f-53b2-a7c4-3532b0f83003";

async fn err(s: &Session, method: &str, args: &[Value]) -> (String, Vec<String>) {
    let e = s.call(method, args).await.unwrap_err();
    let api = e.api().unwrap_or_else(|| panic!("{method}: {e}"));
    (api.code.clone(), api.params.clone())
}

async fn new_disk(s: &Session, size: i64) -> String {
    let rec = json!({"name_label": "scratch", "name_description": "", "SR": NFS,
        "virtual_size": size, "type": "user", "sharable": false, "read_only": false,
        "other_config": {}});
    s.call("VDI.create", &[rec])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

async fn new_vbd(s: &Session, vm: &Ref<Vm>, vdi: &str, mode: &str) -> String {
    let rec = json!({"VM": vm.as_str(), "VDI": vdi, "userdevice": "autodetect",
        "bootable": false, "mode": mode, "type": "Disk", "empty": false,
        "other_config": {}, "qos_algorithm_type": "", "qos_algorithm_params": {}});
    s.call("VBD.create", &[rec])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

async fn vdi(s: &Session, r: &str) -> Vdi {
    s.get_record(&Ref::<Vdi>::new(r)).await.unwrap()
}

/// New disk on a running VM: created, attached to the VM, plugged (hot-plug), then unplugged
/// and detached; plugging twice and unplugging twice say so as xapi does.
#[tokio::test]
async fn a_new_disk_is_hot_plugged_into_a_running_vm_and_unplugged_again() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let web = vm_ref(&s, "web-01").await;
    let d = new_disk(&s, 10 * GIB).await;
    let b = new_vbd(&s, &web, &d, "RW").await;
    s.call("VBD.plug", &[json!(b)]).await.unwrap();
    let (code, params) = err(&s, "VBD.plug", &[json!(b)]).await;
    assert_eq!(
        (code.as_str(), params),
        ("DEVICE_ALREADY_ATTACHED", vec![b.clone()])
    );
    // Attached: neither the drive nor the disk may go.
    let (code, _) = err(&s, "VBD.destroy", &[json!(b)]).await;
    assert_eq!(code, "OPERATION_NOT_ALLOWED");
    let (code, params) = err(&s, "VDI.destroy", &[json!(d)]).await;
    assert_eq!(
        (code.as_str(), params),
        ("VDI_IN_USE", vec![d.clone(), "destroy".into()])
    );
    s.call("VBD.unplug", &[json!(b)]).await.unwrap();
    let (code, _) = err(&s, "VBD.unplug", &[json!(b)]).await;
    assert_eq!(code, "DEVICE_ALREADY_DETACHED");
    s.call("VBD.destroy", &[json!(b)]).await.unwrap();
    s.call("VDI.destroy", &[json!(d)]).await.unwrap();
    assert!(s.get_record::<Vdi>(&Ref::new(&d)).await.is_err());
}

/// A halted VM's drives are neither plugged nor unplugged (they attach when it starts).
#[tokio::test]
async fn a_halted_vms_drive_cannot_be_plugged() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let db = vm_ref(&s, "db-replica").await;
    let d = new_disk(&s, GIB).await;
    let b = new_vbd(&s, &db, &d, "RW").await;
    let (code, params) = err(&s, "VBD.plug", &[json!(b)]).await;
    assert_eq!(code, "VM_BAD_POWER_STATE");
    assert_eq!(
        params,
        vec![db.as_str().to_string(), "running".into(), "halted".into()]
    );
}

/// A disk that is not sharable is written by one running VM at a time; a read-only disk
/// takes no read-write drive; a CD drive is read-only.
#[tokio::test]
async fn sharing_and_read_only_rules_hold() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let web = vm_ref(&s, "web-01").await;
    let cache = vm_ref(&s, "web-02").await;
    let d = new_disk(&s, GIB).await;
    let b1 = new_vbd(&s, &web, &d, "RW").await;
    s.call("VBD.plug", &[json!(b1)]).await.unwrap();
    let b2 = new_vbd(&s, &cache, &d, "RW").await;
    let (code, params) = err(&s, "VBD.plug", &[json!(b2)]).await;
    assert_eq!((code.as_str(), params), ("VDI_IN_USE", vec![d.clone()]));
    // A read-only disk refuses a read-write drive at creation.
    s.call("VDI.set_read_only", &[json!(d), json!(true)])
        .await
        .ok();
    if vdi(&s, &d).await.read_only {
        let rec = json!({"VM": web.as_str(), "VDI": d, "userdevice": "autodetect", "bootable": false,
            "mode": "RW", "type": "Disk", "empty": false, "other_config": {},
            "qos_algorithm_type": "", "qos_algorithm_params": {}});
        let (code, _) = err(&s, "VBD.create", &[rec]).await;
        assert_eq!(code, "VDI_READONLY");
    }
    let rec = json!({"VM": web.as_str(), "VDI": "OpaqueRef:NULL", "userdevice": "7", "bootable": false,
        "mode": "RW", "type": "CD", "empty": true, "other_config": {},
        "qos_algorithm_type": "", "qos_algorithm_params": {}});
    let (code, _) = err(&s, "VBD.create", &[rec]).await;
    assert_eq!(code, "VBD_CDS_MUST_BE_READONLY");
}

/// Resize grows a detached disk; shrinking is the SM driver's refusal (code 79), an
/// attached disk is in use, and an online resize is not supported by the drivers.
#[tokio::test]
async fn resize_grows_only_a_detached_disk() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let web = vm_ref(&s, "web-01").await;
    let d = new_disk(&s, 4 * GIB).await;
    s.call("VDI.resize", &[json!(d), json!(8 * GIB)])
        .await
        .unwrap();
    assert_eq!(vdi(&s, &d).await.virtual_size, 8 * GIB);
    let (code, params) = err(&s, "VDI.resize", &[json!(d), json!(2 * GIB)]).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_79");
    assert_eq!(params.len(), 3, "SM's [\"\", reason, stderr]");
    assert!(params[1].contains("shrinking not allowed"), "{params:?}");
    assert_eq!(vdi(&s, &d).await.virtual_size, 8 * GIB, "unchanged");
    // Bigger than the SR's free space.
    let sr: Sr = s.get_record(&Ref::<Sr>::new(NFS)).await.unwrap();
    let (code, _) = err(&s, "VDI.resize", &[json!(d), json!(sr.physical_size * 2)]).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_44");
    let b = new_vbd(&s, &web, &d, "RW").await;
    s.call("VBD.plug", &[json!(b)]).await.unwrap();
    let (code, params) = err(&s, "VDI.resize", &[json!(d), json!(16 * GIB)]).await;
    assert_eq!(
        (code.as_str(), params),
        ("VDI_IN_USE", vec![d.clone(), "resize".into()])
    );
    let (code, params) = err(&s, "VDI.resize_online", &[json!(d), json!(16 * GIB)]).await;
    assert_eq!(
        (code.as_str(), params),
        ("SR_OPERATION_NOT_SUPPORTED", vec![NFS.to_string()])
    );
}

/// The tools ISO is not deleted (xapi: SR_OPERATION_NOT_SUPPORTED on the tools SR), nor is
/// an ISO resized (the ISO driver has no VDI_RESIZE).
#[tokio::test]
async fn the_tools_iso_is_neither_deleted_nor_resized() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let sr: Sr = s.get_record(&Ref::<Sr>::new(TOOLS)).await.unwrap();
    let d = sr.vdis.first().expect("the tools ISO");
    let (code, params) = err(&s, "VDI.destroy", &[json!(d.as_str())]).await;
    assert_eq!(
        (code.as_str(), params),
        ("SR_OPERATION_NOT_SUPPORTED", vec![TOOLS.to_string()])
    );
    let (code, _) = err(&s, "VDI.resize", &[json!(d.as_str()), json!(GIB)]).await;
    assert_eq!(code, "SR_OPERATION_NOT_SUPPORTED");
}

/// A read-only session may not touch drives.
#[tokio::test]
async fn a_read_only_session_may_not_plug_or_resize() {
    let srv = fast_server().await;
    let admin = login(&srv.url, Protocol::JsonRpc).await;
    let d = new_disk(&admin, GIB).await;
    let ro = crate::tasks::ro_login(&srv.url, Protocol::JsonRpc).await;
    let (code, _) = err(&ro, "VDI.resize", &[json!(d), json!(2 * GIB)]).await;
    assert_eq!(code, "RBAC_PERMISSION_DENIED");
}
