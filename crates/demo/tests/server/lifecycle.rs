//! The VM lifecycle against the demo server: each method's effect, its errors with xapi's
//! parameters, RBAC, and `allowed_operations` through the power states; the New VM wizard's
//! calls end to end; VM deletion with the disks chosen.

use crate::session::*;
use crate::tasks::{fast_server, run, vm_ref};
use serde_json::{Value, json};
use std::collections::HashMap;
use xenapi::error::codes;
use xenapi::records::PowerState;
use xenapi::tasks::TaskState;
use xenapi::{Host, HostMetrics, Message, Network, Protocol, Ref, Session, Sr, Vbd, Vdi, Vif, Vm};

pub(crate) async fn hosts(s: &Session) -> Vec<(Ref<Host>, Host)> {
    let mut h: Vec<_> = s
        .get_all_records::<Host>()
        .await
        .unwrap()
        .into_iter()
        .collect();
    h.sort_by(|a, b| a.1.name_label.cmp(&b.1.name_label));
    h
}

async fn sr_named(s: &Session, name: &str) -> Ref<Sr> {
    let srs: HashMap<Ref<Sr>, Sr> = s.get_all_records().await.unwrap();
    srs.into_iter()
        .find(|(_, x)| x.name_label == name)
        .map(|(r, _)| r)
        .unwrap()
}

pub(crate) async fn vm(s: &Session, r: &Ref<Vm>) -> Vm {
    s.get_record(r).await.unwrap()
}

/// A call's refusal: its code and parameters.
pub(crate) async fn err(s: &Session, method: &str, args: &[Value]) -> (String, Vec<String>) {
    let e = s.call(method, args).await.unwrap_err();
    let api = e.api().unwrap_or_else(|| panic!("{method}: {e}"));
    (api.code.clone(), api.params.clone())
}

fn has(ops: &[String], op: &str) -> bool {
    ops.iter().any(|o| o == op)
}

async fn messages_named(s: &Session, name: &str, obj_uuid: &str) -> usize {
    let m: HashMap<Ref<Message>, Message> = s.get_all_records().await.unwrap();
    m.values()
        .filter(|m| m.name == name && m.obj_uuid == obj_uuid)
        .count()
}

#[tokio::test]
async fn power_states_pause_and_start_on_with_allowed_operations_at_each_step() {
    let srv = fast_server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let r = vm_ref(&s, "db-replica").await;
        let [(h1, _), (h2, h2rec)] = <[_; 2]>::try_from(hosts(&s).await).unwrap();
        let v = vm(&s, &r).await;
        assert!(has(&v.allowed_operations, "start_on") && !has(&v.allowed_operations, "pause"));
        let (code, params) = err(&s, "VM.pause", &[(&r).into()]).await;
        assert_eq!(
            (code.as_str(), params),
            (
                codes::VM_BAD_POWER_STATE,
                vec![r.as_str().to_string(), "running".into(), "halted".into()]
            )
        );
        let (code, params) = err(
            &s,
            "VM.start_on",
            &[
                (&r).into(),
                json!("OpaqueRef:nope"),
                json!(false),
                json!(false),
            ],
        )
        .await;
        assert_eq!(
            (code.as_str(), params),
            (
                codes::HANDLE_INVALID,
                vec!["host".into(), "OpaqueRef:nope".into()]
            )
        );
        s.call(
            "VM.start_on",
            &[(&r).into(), (&h2).into(), json!(false), json!(false)],
        )
        .await
        .unwrap();
        let v = vm(&s, &r).await;
        assert_eq!(v.power_state, PowerState::Running);
        assert_eq!(v.resident_on, h2);
        assert!(messages_named(&s, "VM_STARTED", &v.uuid).await >= 1);
        for op in [
            "pause",
            "clean_shutdown",
            "hard_shutdown",
            "suspend",
            "pool_migrate",
            "snapshot",
            "checkpoint",
        ] {
            assert!(
                has(&v.allowed_operations, op),
                "running: {op} in {:?}",
                v.allowed_operations
            );
        }
        assert!(!has(&v.allowed_operations, "start") && !has(&v.allowed_operations, "destroy"));
        s.call("VM.pause", &[(&r).into()]).await.unwrap();
        let v = vm(&s, &r).await;
        assert_eq!(v.power_state, PowerState::Paused);
        assert!(has(&v.allowed_operations, "unpause") && !has(&v.allowed_operations, "pause"));
        s.call("VM.unpause", &[(&r).into()]).await.unwrap();
        // Live migration moves it and says so.
        s.call(
            "VM.pool_migrate",
            &[(&r).into(), (&h1).into(), json!({"live": "true"})],
        )
        .await
        .unwrap();
        let v = vm(&s, &r).await;
        assert_eq!(v.resident_on, h1);
        assert!(messages_named(&s, "VM_MIGRATED", &v.uuid).await >= 1);
        // Host memory follows the VMs: h2 got the migrated VM's memory back.
        let m: HostMetrics = s.get_record(&h2rec.metrics).await.unwrap();
        assert!(m.memory_free > 0 && m.memory_free < m.memory_total, "{m:?}");
        s.call("VM.hard_shutdown", &[(&r).into()]).await.unwrap();
        let v = vm(&s, &r).await;
        assert_eq!(v.power_state, PowerState::Halted);
        let (code, _) = err(
            &s,
            "VM.pool_migrate",
            &[(&r).into(), (&h1).into(), json!({})],
        )
        .await;
        assert_eq!(code, codes::VM_BAD_POWER_STATE);
    }
}

#[tokio::test]
async fn a_start_that_does_not_fit_says_how_much_memory_is_missing() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let r = vm_ref(&s, "db-replica").await;
    let tib = 1i64 << 40;
    // Running: the limits cannot change.
    let running = vm_ref(&s, "web-01").await;
    let (code, _) = err(
        &s,
        "VM.set_memory_limits",
        &[
            (&running).into(),
            json!(tib),
            json!(tib),
            json!(tib),
            json!(tib),
        ],
    )
    .await;
    assert_eq!(code, codes::VM_BAD_POWER_STATE);
    let (code, _) = err(
        &s,
        "VM.set_memory_limits",
        &[(&r).into(), json!(2), json!(1), json!(1), json!(1)],
    )
    .await;
    assert_eq!(code, "MEMORY_CONSTRAINT_VIOLATION_ORDER");
    // XML-RPC sends int64 as strings; JSON-RPC as numbers. Both are taken.
    s.call(
        "VM.set_memory_limits",
        &[
            (&r).into(),
            json!(tib.to_string()),
            json!(tib),
            json!(tib),
            json!(tib),
        ],
    )
    .await
    .unwrap();
    let (h, _) = hosts(&s).await.remove(0);
    let (code, params) = err(
        &s,
        "VM.start_on",
        &[(&r).into(), (&h).into(), json!(false), json!(false)],
    )
    .await;
    assert_eq!(code, "HOST_NOT_ENOUGH_FREE_MEMORY");
    assert_eq!(params[0], tib.to_string());
    assert!(params[1].parse::<i64>().unwrap() < tib);
    let (code, _) = err(&s, "VM.start", &[(&r).into(), json!(false), json!(false)]).await;
    assert_eq!(code, "HOST_NOT_ENOUGH_FREE_MEMORY", "no host has room");
    assert_eq!(vm(&s, &r).await.power_state, PowerState::Halted);
}

#[tokio::test]
async fn snapshot_checkpoint_and_revert_build_the_snapshot_tree() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let r = vm_ref(&s, "web-02").await;
    let before = vm(&s, &r).await;
    let seeded = messages_named(&s, "VM_SNAPSHOTTED", &before.uuid).await;
    let snap: String = s
        .call_as("VM.snapshot", &[(&r).into(), json!("before upgrade")])
        .await
        .unwrap();
    let snap = Ref::<Vm>::new(snap);
    let sv = vm(&s, &snap).await;
    assert!(sv.is_a_snapshot && sv.is_a_template);
    assert_eq!(sv.snapshot_of, r);
    assert_eq!(sv.power_state, PowerState::Halted);
    assert_eq!(sv.vbds.len(), before.vbds.len());
    for op in ["revert", "clone", "copy", "destroy"] {
        assert!(
            has(&sv.allowed_operations, op),
            "snapshot: {op} in {:?}",
            sv.allowed_operations
        );
    }
    assert!(!has(&sv.allowed_operations, "start"));
    let (code, _) = err(
        &s,
        "VM.start",
        &[(&snap).into(), json!(false), json!(false)],
    )
    .await;
    assert_eq!(code, "VM_IS_SNAPSHOT");
    let v = vm(&s, &r).await;
    assert!(v.snapshots.contains(&snap));
    assert_eq!(v.parent, snap);
    assert_eq!(
        messages_named(&s, "VM_SNAPSHOTTED", &v.uuid).await,
        seeded + 1
    );
    // A checkpoint keeps the memory: the snapshot is suspended.
    let cp: String = s
        .call_as("VM.checkpoint", &[(&r).into(), json!("with memory")])
        .await
        .unwrap();
    let cp = Ref::<Vm>::new(cp);
    assert_eq!(vm(&s, &cp).await.power_state, PowerState::Suspended);
    assert_eq!(
        vm(&s, &cp).await.parent,
        snap,
        "the second snapshot hangs under the first"
    );
    let halted = vm_ref(&s, "db-replica").await;
    let (code, params) = err(&s, "VM.checkpoint", &[(&halted).into(), json!("x")]).await;
    assert_eq!(
        (code.as_str(), params[1].as_str()),
        (codes::VM_BAD_POWER_STATE, "paused, suspended, running")
    );
    let (code, _) = err(&s, "VM.revert", &[(&r).into()]).await;
    assert_eq!(code, "ONLY_REVERT_SNAPSHOT");
    // Revert to the disk-only snapshot: the running VM ends halted, with new disks.
    let old_vdis: Vec<Ref<Vdi>> = {
        let mut out = Vec::new();
        for b in &vm(&s, &r).await.vbds {
            out.push(s.get_record::<Vbd>(b).await.unwrap().vdi);
        }
        out
    };
    s.call("VM.revert", &[(&snap).into()]).await.unwrap();
    let v = vm(&s, &r).await;
    assert_eq!(v.power_state, PowerState::Halted);
    assert_eq!(v.parent, snap);
    assert_eq!(v.vbds.len(), before.vbds.len());
    for b in &v.vbds {
        let vbd: Vbd = s.get_record(b).await.unwrap();
        if vbd.vbd_type == "Disk" {
            assert!(!old_vdis.contains(&vbd.vdi), "a new disk");
        }
    }
    assert_eq!(messages_named(&s, "VM_SNAPSHOT_REVERTED", &v.uuid).await, 1);
    // Reverting to the checkpoint leaves it suspended.
    s.call("VM.revert", &[(&cp).into()]).await.unwrap();
    assert_eq!(vm(&s, &r).await.power_state, PowerState::Suspended);
}

#[tokio::test]
async fn copy_to_an_sr_and_its_errors() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let r = vm_ref(&s, "db-replica").await;
    let scratch = sr_named(&s, "Appliance scratch").await;
    let task = s
        .call_async(
            "VM.copy",
            &[(&r).into(), json!("full copy"), (&scratch).into()],
        )
        .await
        .unwrap();
    let (_, end) = run(&s, &task).await;
    let TaskState::Succeeded(Value::String(copy)) = end else {
        panic!("{end:?}")
    };
    let c = vm(&s, &Ref::new(copy)).await;
    assert_eq!(c.name_label, "full copy");
    for b in &c.vbds {
        let vbd: Vbd = s.get_record(b).await.unwrap();
        if vbd.vbd_type == "Disk" {
            let d: Vdi = s.get_record(&vbd.vdi).await.unwrap();
            assert_eq!(d.sr, scratch, "full copies on the SR asked");
            assert_eq!(d.vbds, vec![b.clone()]);
        }
    }
    // The scratch SR has no room for a second 80 GiB copy.
    let (code, _) = err(
        &s,
        "VM.copy",
        &[(&r).into(), json!("again"), (&scratch).into()],
    )
    .await;
    assert_eq!(code, "SR_FULL");
    let (code, params) = err(
        &s,
        "VM.copy",
        &[(&r).into(), json!("x"), json!("OpaqueRef:gone")],
    )
    .await;
    assert_eq!(
        (code.as_str(), params[0].as_str()),
        (codes::HANDLE_INVALID, "SR")
    );
    let running = vm_ref(&s, "web-01").await;
    let (code, params) = err(&s, "VM.clone", &[(&running).into(), json!("x")]).await;
    assert_eq!(
        (code.as_str(), params[1].as_str(), params[2].as_str()),
        (codes::VM_BAD_POWER_STATE, "halted", "running")
    );
}

#[tokio::test]
async fn the_new_vm_wizards_calls_make_a_bootable_vm() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let template = vm_ref(&s, "Debian Bookworm 12").await;
    let (code, _) = err(
        &s,
        "VM.start",
        &[(&template).into(), json!(false), json!(false)],
    )
    .await;
    assert_eq!(code, codes::VM_IS_TEMPLATE);
    let (code, _) = err(&s, "VM.destroy", &[(&template).into()]).await;
    assert_eq!(code, codes::VM_IS_TEMPLATE, "a default template is kept");
    let task = s
        .call_async("VM.clone", &[(&template).into(), json!("new-web")])
        .await
        .unwrap();
    let (_, end) = run(&s, &task).await;
    let TaskState::Succeeded(Value::String(new)) = end else {
        panic!("{end:?}")
    };
    let new = Ref::<Vm>::new(new);
    assert!(
        vm(&s, &new).await.is_a_template,
        "a clone of a template is a template until provisioned"
    );
    let nv = json!(new.as_str());
    let (code, _) = err(&s, "VM.set_VCPUs_at_startup", &[nv.clone(), json!(64)]).await;
    assert_eq!(code, codes::INVALID_VALUE, "more than VCPUs_max");
    s.call("VM.set_VCPUs_max", &[nv.clone(), json!(4)])
        .await
        .unwrap();
    s.call("VM.set_VCPUs_at_startup", &[nv.clone(), json!("4")])
        .await
        .unwrap();
    let gib = 1i64 << 30;
    s.call(
        "VM.set_memory_limits",
        &[
            nv.clone(),
            json!(gib),
            json!(4 * gib),
            json!(2 * gib),
            json!(4 * gib),
        ],
    )
    .await
    .unwrap();
    // The template has its own secureboot key (real templates say `auto`): one key changed.
    s.call(
        "VM.remove_from_platform",
        &[nv.clone(), json!("secureboot")],
    )
    .await
    .unwrap();
    s.call(
        "VM.add_to_platform",
        &[nv.clone(), json!("secureboot"), json!("true")],
    )
    .await
    .unwrap();
    s.call(
        "VM.set_HVM_boot_params",
        &[nv.clone(), json!({"order": "dc", "firmware": "uefi"})],
    )
    .await
    .unwrap();
    let sr = sr_named(&s, "Shared NFS storage").await;
    let sr_uuid = s.get_record(&sr).await.unwrap().uuid;
    let disks = format!(
        r#"<provision><disk device="0" size="{}" sr="{sr_uuid}" bootable="true" type="system"/></provision>"#,
        20 * gib
    );
    // The template's own provisioning spec gives way to ours (one key changed).
    s.call("VM.remove_from_other_config", &[nv.clone(), json!("disks")])
        .await
        .unwrap();
    s.call(
        "VM.add_to_other_config",
        &[nv.clone(), json!("disks"), json!(disks)],
    )
    .await
    .unwrap();
    let task = s
        .call_async("VM.provision", std::slice::from_ref(&nv))
        .await
        .unwrap();
    let (_, end) = run(&s, &task).await;
    assert_eq!(end, TaskState::Succeeded(Value::Null));
    let v = vm(&s, &new).await;
    assert!(!v.is_a_template);
    assert!(!v.other_config.contains_key("disks"));
    assert_eq!(v.vcpus_at_startup, 4);
    assert_eq!(v.memory_static_max, 4 * gib);
    assert_eq!(v.platform["secureboot"], "true");
    let disk: Vbd = s.get_record(&v.vbds[0]).await.unwrap();
    let vdi: Vdi = s.get_record(&disk.vdi).await.unwrap();
    assert_eq!((vdi.sr, vdi.virtual_size), (sr.clone(), 20 * gib));
    // An install CD and a NIC.
    let isos: HashMap<Ref<Vdi>, Vdi> = s.get_all_records().await.unwrap();
    let (iso, _) = isos
        .iter()
        .find(|(_, d)| d.name_label.starts_with("debian-12"))
        .expect("install media");
    let cd: String = s
        .call_as(
            "VBD.create",
            &[json!({
                "VM": new.as_str(), "VDI": "OpaqueRef:NULL", "userdevice": "3", "bootable": false,
                "mode": "RO", "type": "CD", "empty": true, "unpluggable": true, "other_config": {},
                "qos_algorithm_type": "", "qos_algorithm_params": {},
            })],
        )
        .await
        .unwrap();
    let (code, params) = err(&s, "VBD.create", &[json!({"VM": new.as_str(), "VDI": "OpaqueRef:NULL", "userdevice": "3", "mode": "RO", "type": "CD", "empty": true})]).await;
    assert_eq!(
        (code.as_str(), params),
        ("DEVICE_ALREADY_EXISTS", vec!["3".to_string()])
    );
    s.call("VBD.insert", &[json!(cd), iso.into()])
        .await
        .unwrap();
    let (code, _) = err(&s, "VBD.insert", &[json!(cd), iso.into()]).await;
    assert_eq!(code, "VBD_NOT_EMPTY");
    let (code, _) = err(&s, "VBD.insert", &[(&v.vbds[0]).into(), iso.into()]).await;
    assert_eq!(code, "VBD_NOT_REMOVABLE_MEDIA");
    let nets: HashMap<Ref<Network>, Network> = s.get_all_records().await.unwrap();
    let net = nets.keys().next().unwrap();
    let vif: String = s
        .call_as(
            "VIF.create",
            &[json!({
                "device": "0", "network": net.as_str(), "VM": new.as_str(), "MAC": "", "MTU": 1500,
                "other_config": {}, "qos_algorithm_type": "", "qos_algorithm_params": {},
            })],
        )
        .await
        .unwrap();
    let vif: Vif = s.get_record(&Ref::new(vif)).await.unwrap();
    assert_eq!(vif.mac.len(), 17, "a MAC is generated");
    let (code, _) = err(
        &s,
        "VIF.create",
        &[json!({"device": "0", "network": net.as_str(), "VM": new.as_str()})],
    )
    .await;
    assert_eq!(code, "DEVICE_ALREADY_EXISTS");
    let (code, _) = err(&s, "VDI.create", &[json!({"SR": sr_named(&s, "Appliance scratch").await.as_str(), "virtual_size": 1i64 << 40, "type": "user"})]).await;
    assert_eq!(code, "SR_FULL");
    s.call("VM.start", &[nv.clone(), json!(false), json!(false)])
        .await
        .unwrap();
    let v = vm(&s, &new).await;
    assert_eq!(v.power_state, PowerState::Running);
    assert_eq!(v.vbds.len(), 2);
    assert_eq!(v.vifs.len(), 1);
}

#[tokio::test]
async fn deleting_a_vm_keeps_its_disks_for_the_client_to_destroy() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let running = vm_ref(&s, "web-01").await;
    let (code, params) = err(&s, "VM.destroy", &[(&running).into()]).await;
    assert_eq!(
        (code.as_str(), params[1].as_str()),
        (codes::VM_BAD_POWER_STATE, "halted, suspended")
    );
    let r = vm_ref(&s, "db-replica").await;
    let v = vm(&s, &r).await;
    let mut vdis = Vec::new();
    for b in &v.vbds {
        let vbd: Vbd = s.get_record(b).await.unwrap();
        if !vbd.vdi.is_null() {
            vdis.push(vbd.vdi);
        }
    }
    assert_eq!(vdis.len(), 2);
    // A disk in use by a running VM cannot go.
    let web_disk: Vbd = s.get_record(&vm(&s, &running).await.vbds[0]).await.unwrap();
    let (code, _) = err(&s, "VDI.destroy", &[(&web_disk.vdi).into()]).await;
    assert_eq!(code, "VDI_IN_USE");
    s.call("VM.destroy", &[(&r).into()]).await.unwrap();
    assert_eq!(
        s.get_record(&r).await.unwrap_err().code(),
        Some(codes::HANDLE_INVALID)
    );
    for b in &v.vbds {
        assert!(s.get_record(b).await.is_err(), "its VBDs went with it");
    }
    for d in &vdis {
        let vdi: Vdi = s.get_record(d).await.unwrap();
        assert!(vdi.vbds.is_empty(), "the disk stays, unplugged");
    }
    // Keep one disk, delete the other, as XenCenter's dialog lets you choose.
    s.call("VDI.destroy", &[(&vdis[0]).into()]).await.unwrap();
    assert!(s.get_record(&vdis[0]).await.is_err());
    assert!(s.get_record(&vdis[1]).await.is_ok());
}
