//! Storage on the demo server, as strict as xapi: new disks and drives, plugging and
//! unplugging them, resizing (grow only, offline: no SM driver lists `VDI_RESIZE_ONLINE`),
//! destroying (never an attached disk, nor a physical device or a tools ISO).

use crate::lifecycle::err;
use crate::session::*;
use crate::tasks::{fast_server, vm_ref};
use serde_json::{Value, json};
use xenapi::{Protocol, Ref, Session, Sr, Vdi, Vm};

const GIB: i64 = 1 << 30;
/// "Shared NFS storage" in the demo pool.
const NFS: &str = "OpaqueRef:fac3a4b5-4ee6-5210-aa82-b1a91e13d07a";
/// "XenServer Tools" (the tools SR).
const TOOLS: &str = "OpaqueRef:c7fa3b37-4e2f-53b2-a7c4-3532b0f83003";

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

async fn pbds_of(s: &Session, sr: &str) -> Vec<(String, Value)> {
    let all: std::collections::HashMap<Ref<xenapi::Pbd>, xenapi::Pbd> =
        s.get_all_records().await.unwrap();
    let mut out = Vec::new();
    for (r, p) in all {
        if p.sr.as_str() == sr {
            let host: xenapi::Host = s.get_record(&p.host).await.unwrap();
            out.push((r.as_str().to_string(), json!(host.name_label)));
        }
    }
    out.sort_by(|a, b| a.1.as_str().cmp(&b.1.as_str()));
    out
}

/// Detach, repair where one host's mount is refused (the export allows only the first
/// host: SM's NFSMount, code 73), then forget: SR_HAS_PBD while any PBD is attached.
#[tokio::test]
async fn a_repository_detaches_repairs_host_by_host_and_is_forgotten() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (code, params) = err(&s, "SR.forget", &[json!(NFS)]).await;
    assert_eq!(
        (code.as_str(), params),
        ("SR_HAS_PBD", vec![NFS.to_string()])
    );
    s.call("SR.scan", &[json!(NFS)]).await.unwrap();
    let pbds = pbds_of(&s, NFS).await;
    assert_eq!(pbds.len(), 2, "one per host");
    // Running VMs on the second host use disks there: unplugging says which.
    let (code, params) = err(&s, "PBD.unplug", &[json!(pbds[1].0)]).await;
    assert_eq!(code, "VDI_IN_USE");
    assert_eq!(
        params.len(),
        3,
        "web-02's, web-10's and win-ad-01's disks: {params:?}"
    );
    for vm in ["web-02", "web-10", "win-ad-01"] {
        let r = vm_ref(&s, vm).await;
        s.call("VM.hard_shutdown", &[json!(r.as_str())]).await.ok();
    }
    for (p, _) in &pbds {
        s.call("PBD.unplug", &[json!(p)]).await.unwrap();
        // Unplugging twice does nothing, as in xapi.
        s.call("PBD.unplug", &[json!(p)]).await.unwrap();
        s.call(
            "PBD.set_device_config",
            &[
                json!(p),
                json!({"server": "nfs-acl.example.lan", "serverpath": "/export/vms"}),
            ],
        )
        .await
        .unwrap();
    }
    let (code, _) = err(&s, "SR.scan", &[json!(NFS)]).await;
    assert_eq!(code, "SR_NO_PBDS", "scanned nowhere");
    // The repair: host 1 mounts, host 2 is refused.
    s.call("PBD.plug", &[json!(pbds[0].0)]).await.unwrap();
    let (code, params) = err(&s, "PBD.plug", &[json!(pbds[1].0)]).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_73");
    assert_eq!(params[0], "");
    assert!(params[1].starts_with("NFS mount error"), "{params:?}");
    let (code, _) = err(&s, "PBD.destroy", &[json!(pbds[0].0)]).await;
    assert_eq!(code, "OPERATION_NOT_ALLOWED");
    // A server nobody answers on.
    s.call(
        "PBD.set_device_config",
        &[json!(pbds[1].0), json!({"server": "nfs-down.example.lan"})],
    )
    .await
    .unwrap();
    let (code, _) = err(&s, "PBD.plug", &[json!(pbds[1].0)]).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_108");
    s.call("PBD.unplug", &[json!(pbds[0].0)]).await.unwrap();
    // Destroy refuses a repository that holds disks; forget drops its records.
    let (code, params) = err(&s, "SR.destroy", &[json!(NFS)]).await;
    assert_eq!((code.as_str(), params.len()), ("SR_NOT_EMPTY", 0));
    s.call("SR.forget", &[json!(NFS)]).await.unwrap();
    assert!(s.get_record::<Sr>(&Ref::new(NFS)).await.is_err());
    assert!(pbds_of(&s, NFS).await.is_empty(), "its PBDs went with it");
}

/// The pool's default SR is a field set like any other.
#[tokio::test]
async fn the_default_sr_is_set_on_the_pool() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let pools: std::collections::HashMap<Ref<xenapi::Pool>, xenapi::Pool> =
        s.get_all_records().await.unwrap();
    let (pool, _) = pools.into_iter().next().unwrap();
    let local = "OpaqueRef:f1d67bf6-a960-57e7-8be6-d3f323852905";
    s.call("pool.set_default_SR", &[json!(pool.as_str()), json!(local)])
        .await
        .unwrap();
    let p: xenapi::Pool = s.get_record(&pool).await.unwrap();
    assert_eq!(p.default_sr.as_str(), local);
}

fn host_named<'a>(
    hosts: &'a std::collections::HashMap<Ref<xenapi::Host>, xenapi::Host>,
    name: &str,
) -> &'a Ref<xenapi::Host> {
    hosts
        .iter()
        .find(|(_, h)| h.name_label == name)
        .map(|(r, _)| r)
        .unwrap()
}

/// The NFS probe as SM answers it: no path → code 101 with the exports in stderr; a path
/// → the SRs already there; probe_ext refused for a SMAPIv1 driver; a refused host → 73.
#[tokio::test]
async fn an_nfs_probe_lists_exports_then_the_srs_at_a_path() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let hosts: std::collections::HashMap<Ref<xenapi::Host>, xenapi::Host> =
        s.get_all_records().await.unwrap();
    let h1 = json!(host_named(&hosts, "xcp-host-01").as_str());
    let h2 = json!(host_named(&hosts, "xcp-host-02").as_str());
    let probe = |h: &Value, dc: Value| vec![h.clone(), dc, json!("nfs"), json!({})];
    let (code, params) = err(&s, "SR.probe", &probe(&h1, json!({}))).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_102");
    assert_eq!(params[1], "The request is missing the server parameter");
    let (code, params) = err(
        &s,
        "SR.probe",
        &probe(&h1, json!({"server": "nfs.example.lan"})),
    )
    .await;
    assert_eq!(code, "SR_BACKEND_FAILURE_101");
    assert!(params[2].contains("<nfs-exports>"), "{params:?}");
    assert!(params[2].contains("<Path>/export/new</Path>"));
    let at = |path: &str| json!({"server": "nfs.example.lan", "serverpath": path});
    let list = s
        .call("SR.probe", &probe(&h1, at("/export/archive")))
        .await
        .unwrap();
    let list = list.as_str().unwrap();
    assert!(
        list.contains("<SRlist>") && list.contains("<UUID>7d3c0f1e-"),
        "{list}"
    );
    let list = s
        .call("SR.probe", &probe(&h1, at("/export/new")))
        .await
        .unwrap();
    assert!(!list.as_str().unwrap().contains("<SR>"), "an empty export");
    let (code, params) = err(&s, "SR.probe_ext", &probe(&h1, at("/export/new"))).await;
    assert_eq!(
        (code.as_str(), params.len()),
        ("SR_OPERATION_NOT_SUPPORTED", 0)
    );
    let acl = json!({"server": "nfs-acl.example.lan", "serverpath": "/export/vms"});
    s.call("SR.probe", &probe(&h1, acl.clone())).await.unwrap();
    let (code, _) = err(&s, "SR.probe", &probe(&h2, acl)).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_73");
    let (code, _) = err(
        &s,
        "SR.probe",
        &probe(&h1, json!({"server": "nowhere.lan"})),
    )
    .await;
    assert_eq!(code, "SR_BACKEND_FAILURE_140");
}

/// Create → scan → disk → resize → destroy, and attaching an existing SR: introduce, a
/// PBD per host (twice: PBD_EXISTS), plug.
#[tokio::test]
async fn an_nfs_sr_is_created_used_and_another_attached() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let hosts: std::collections::HashMap<Ref<xenapi::Host>, xenapi::Host> =
        s.get_all_records().await.unwrap();
    let h1 = host_named(&hosts, "xcp-host-01").as_str().to_string();
    let dc = json!({"server": "nfs.example.lan", "serverpath": "/export/new", "nfsversion": "4"});
    let sr = s
        .call(
            "SR.create",
            &[
                json!(h1),
                dc.clone(),
                json!("0"),
                json!("New NFS"),
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
    let pbds = pbds_of(&s, &sr).await;
    assert_eq!(pbds.len(), 2, "shared: one PBD per host");
    s.call("SR.scan", &[json!(sr)]).await.unwrap();
    let rec = json!({"name_label": "d", "SR": sr, "virtual_size": GIB, "type": "user",
        "sharable": false, "read_only": false, "other_config": {}});
    let d = s.call("VDI.create", &[rec]).await.unwrap();
    s.call("VDI.resize", &[d.clone(), json!(2 * GIB)])
        .await
        .unwrap();
    s.call("VDI.destroy", &[d]).await.unwrap();
    for (p, _) in &pbds {
        s.call("PBD.unplug", &[json!(p)]).await.unwrap();
    }
    s.call("SR.destroy", &[json!(sr)]).await.unwrap();
    // Attach the SR another pool left on /export/archive.
    let uuid = "7d3c0f1e-5b2a-4c8e-9f61-2a4b6c8d0e1f";
    let old = s
        .call(
            "SR.introduce",
            &[
                json!(uuid),
                json!("Archive"),
                json!(""),
                json!("nfs"),
                json!("user"),
                json!(true),
                json!({}),
            ],
        )
        .await
        .unwrap();
    let (code, _) = err(
        &s,
        "SR.introduce",
        &[
            json!(uuid),
            json!("x"),
            json!(""),
            json!("nfs"),
            json!("user"),
            json!(true),
            json!({}),
        ],
    )
    .await;
    assert_eq!(code, "SR_UUID_EXISTS");
    let archive = json!({"server": "nfs.example.lan", "serverpath": "/export/archive"});
    let pbd = s
        .call(
            "PBD.create",
            &[json!({"host": h1, "SR": old, "device_config": archive, "other_config": {}})],
        )
        .await
        .unwrap();
    let (code, params) = err(
        &s,
        "PBD.create",
        &[json!({"host": h1, "SR": old, "device_config": {}, "other_config": {}})],
    )
    .await;
    assert_eq!(code, "PBD_EXISTS");
    assert_eq!(params[2], pbd.as_str().unwrap());
    s.call("PBD.plug", &[pbd]).await.unwrap();
}
