//! What a VM admin may do, as xapi's RBAC allows it (`allowed_roles` in ocaml/idl): clone,
//! copy and destroy VMs, make and remove their disks, drives and NICs; not snapshot nor
//! migrate (VM power admin), nor take a host down (pool operator). A VM operator may change
//! a CD but not make a drive.

use crate::common::*;
use crate::session::*;
use serde_json::{Value, json};
use xenapi::{Protocol, Session};

async fn as_user(url: &str, u: &str, p: &str) -> Session {
    Session::login(url, xenapi::Credentials::new(u, p), opts(Protocol::JsonRpc))
        .await
        .unwrap()
}

async fn first(s: &Session, class: &str, name: &str) -> String {
    let all = s
        .call(&format!("{class}.get_all_records"), &[])
        .await
        .unwrap();
    all.as_object()
        .unwrap()
        .iter()
        .find(|(_, r)| r["name_label"] == name)
        .map(|(r, _)| r.clone())
        .unwrap_or_else(|| panic!("no {class} {name}"))
}

fn denied_code(r: &Result<Value, xenapi::Error>) -> Option<(String, String)> {
    let e = r.as_ref().err()?.api()?;
    Some((e.code.clone(), e.params.get(1).cloned().unwrap_or_default()))
}

#[tokio::test]
async fn a_vm_admin_edits_vms_and_their_devices_but_does_not_snapshot_or_migrate() {
    let mut c = config();
    c.vm_admin_user = Some(("vmadmin".into(), "vmadmin-pass".into()));
    c.vm_operator_user = Some(("operator".into(), "operator-pass".into()));
    c.task_speed = 5.0;
    let srv = server_with(c).await;
    let admin = as_user(&srv.url, "vmadmin", "vmadmin-pass").await;
    let op = as_user(&srv.url, "operator", "operator-pass").await;
    let vm = first(&admin, "VM", "db-replica").await;
    let sr = first(&admin, "SR", "Shared NFS storage").await;
    // Allowed: a clone, a disk, a drive, a NIC, the VM's vCPUs, then it all removed.
    let copy = admin
        .call("VM.clone", &[json!(vm), json!("admin-copy")])
        .await
        .unwrap();
    let vdi = admin
        .call(
            "VDI.create",
            &[json!({"name_label": "d", "name_description": "", "SR": sr,
                "virtual_size": 1 << 20, "type": "user", "sharable": false, "read_only": false,
                "other_config": {}, "xenstore_data": {}, "sm_config": {}, "tags": []})],
        )
        .await
        .unwrap();
    let vbd = admin
        .call(
            "VBD.create",
            &[
                json!({"VM": copy, "VDI": vdi, "userdevice": "7", "bootable": false,
                "mode": "RW", "type": "Disk", "empty": false, "other_config": {},
                "qos_algorithm_type": "", "qos_algorithm_params": {}}),
            ],
        )
        .await
        .unwrap();
    admin
        .call("VBD.set_mode", &[vbd.clone(), json!("RO")])
        .await
        .unwrap();
    admin
        .call("VM.set_VCPUs_at_startup", &[copy.clone(), json!(1)])
        .await
        .unwrap();
    // A VM operator may not make a drive.
    let (code, _) = denied_code(
        &op.call(
            "VBD.create",
            &[
                json!({"VM": copy, "VDI": vdi, "userdevice": "8", "bootable": false,
                "mode": "RW", "type": "Disk", "empty": false, "other_config": {},
                "qos_algorithm_type": "", "qos_algorithm_params": {}}),
            ],
        )
        .await,
    )
    .unwrap();
    assert_eq!(code, "RBAC_PERMISSION_DENIED");
    // Generic edits of the VM and its disk (the classes' default role, _R_VM_ADMIN).
    admin
        .call("VM.set_name_label", &[copy.clone(), json!("renamed")])
        .await
        .unwrap();
    admin
        .call("VDI.set_name_label", &[vdi.clone(), json!("data")])
        .await
        .unwrap();
    admin
        .call(
            "VM.add_to_xenstore_data",
            &[copy.clone(), json!("vm-data/k"), json!("v")],
        )
        .await
        .unwrap();
    // An SR's name is a pool operator's (`SR.set_name_label`: _R_POOL_OP).
    let (code, _) = denied_code(
        &admin
            .call("SR.set_name_label", &[json!(sr), json!("x")])
            .await,
    )
    .unwrap();
    assert_eq!(code, "RBAC_PERMISSION_DENIED");
    admin.call("VBD.destroy", &[vbd]).await.unwrap();
    admin.call("VDI.destroy", &[vdi]).await.unwrap();
    // Refused: what xapi keeps for VM power admins and pool operators, naming those roles.
    for (method, args) in [
        ("VM.snapshot", vec![copy.clone(), json!("s")]),
        (
            "VM.pool_migrate",
            vec![copy.clone(), json!("OpaqueRef:NULL"), json!({})],
        ),
    ] {
        let (code, roles) = denied_code(&admin.call(method, &args).await).unwrap();
        assert_eq!(code, "RBAC_PERMISSION_DENIED", "{method}");
        assert!(
            roles.ends_with(
                "(Roles with this permission: pool-admin, pool-operator, vm-power-admin)"
            ),
            "{method}: {roles}"
        );
    }
    let host = first(&admin, "host", "xcp-host-01").await;
    let (code, _) = denied_code(&admin.call("host.disable", &[json!(host)]).await).unwrap();
    assert_eq!(code, "RBAC_PERMISSION_DENIED");
    admin.call("VM.destroy", &[copy]).await.unwrap();
}
