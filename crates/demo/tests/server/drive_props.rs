//! The disk Properties dialog's calls as xapi answers them: `VBD.set_mode` on a halted VM's
//! drive only, `VBD.set_userdevice` as a plain setter, `VDI.set_read_only` refused to every
//! client session (only the storage driver's own may call it).

use crate::lifecycle::err;
use crate::session::*;
use crate::tasks::{fast_server, ro_login, vm_ref};
use serde_json::json;
use xenapi::{Protocol, Session, Vm};

async fn first_drive(s: &Session, vm: &str) -> (String, String) {
    let r = vm_ref(s, vm).await;
    let v: Vm = s.get_record(&r).await.unwrap();
    for b in &v.vbds {
        let rec: xenapi::Vbd = s.get_record(b).await.unwrap();
        if rec.vbd_type == "Disk" {
            return (b.as_str().to_string(), rec.vdi.as_str().to_string());
        }
    }
    panic!("{vm} has no disk")
}

#[tokio::test]
async fn a_drives_mode_changes_only_while_its_vm_is_halted() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    // web-01 runs: xapi's assert_initial_power_state_is ~expected:`Halted.
    let web = vm_ref(&s, "web-01").await;
    let (vbd, _) = first_drive(&s, "web-01").await;
    let (code, params) = err(&s, "VBD.set_mode", &[json!(vbd), json!("RO")]).await;
    assert_eq!(
        (code.as_str(), params),
        (
            "VM_BAD_POWER_STATE",
            vec![web.as_str().into(), "halted".into(), "running".into()]
        )
    );
    // A value that is no mode is refused before anything else.
    let (code, _) = err(&s, "VBD.set_mode", &[json!(vbd), json!("WO")]).await;
    assert_eq!(code, "INVALID_VALUE");
    // A halted VM's drive takes the new mode, and the Async form runs as a task.
    let (vbd, _) = first_drive(&s, "db-replica").await;
    s.call("VBD.set_mode", &[json!(vbd), json!("RO")])
        .await
        .unwrap();
    assert_eq!(
        s.call("VBD.get_mode", &[json!(vbd)]).await.unwrap(),
        json!("RO")
    );
    let task = s
        .call("Async.VBD.set_mode", &[json!(vbd), json!("RW")])
        .await
        .unwrap();
    assert!(task.as_str().unwrap().starts_with("OpaqueRef:"));
    // A bad handle is named.
    let (code, params) = err(&s, "VBD.set_mode", &[json!("OpaqueRef:nope"), json!("RW")]).await;
    assert_eq!(
        (code.as_str(), params),
        (
            "HANDLE_INVALID",
            vec!["VBD".to_string(), "OpaqueRef:nope".into()]
        )
    );
    // A read-only user may not change it.
    let ro = ro_login(&srv.url, Protocol::JsonRpc).await;
    let (code, _) = err(&ro, "VBD.set_mode", &[json!(vbd), json!("RO")]).await;
    assert_eq!(code, "RBAC_PERMISSION_DENIED");
}

#[tokio::test]
async fn a_drives_position_is_a_plain_setter_and_read_only_is_the_drivers() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let (vbd, vdi) = first_drive(&s, "db-replica").await;
    s.call("VBD.set_userdevice", &[json!(vbd), json!("5")])
        .await
        .unwrap();
    assert_eq!(
        s.call("VBD.get_userdevice", &[json!(vbd)]).await.unwrap(),
        json!("5")
    );
    // A generated setter has no Async form.
    let (code, _) = err(&s, "Async.VBD.set_userdevice", &[json!(vbd), json!("6")]).await;
    assert_eq!(code, "MESSAGE_METHOD_UNKNOWN");
    // VDI.set_read_only: the disk is looked up first, then the session must be the SR's
    // storage-driver session (Sm.assert_session_has_internal_sr_access).
    let (code, params) = err(
        &s,
        "VDI.set_read_only",
        &[json!("OpaqueRef:nope"), json!(true)],
    )
    .await;
    assert_eq!(
        (code.as_str(), params),
        (
            "HANDLE_INVALID",
            vec!["VDI".to_string(), "OpaqueRef:nope".into()]
        )
    );
    let (code, params) = err(&s, "VDI.set_read_only", &[json!(vdi), json!(true)]).await;
    assert_eq!(
        (code.as_str(), params),
        ("PERMISSION_DENIED", vec![String::new()])
    );
    assert_eq!(
        s.call("VDI.get_read_only", &[json!(vdi)]).await.unwrap(),
        json!(false)
    );
    let ro = ro_login(&srv.url, Protocol::JsonRpc).await;
    let (code, _) = err(&ro, "VDI.set_read_only", &[json!(vdi), json!(true)]).await;
    assert_eq!(code, "RBAC_PERMISSION_DENIED");
}
