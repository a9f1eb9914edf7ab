//! A VM's devices follow its domain: attached while it runs, detached once it halts.

use crate::session::*;
use crate::tasks::{fast_server, vm_ref};
use serde_json::json;
use xenapi::{Protocol, Ref, Session, Vbd, Vif, Vm};

async fn vm(s: &Session, r: &Ref<Vm>) -> Vm {
    s.get_record(r).await.unwrap()
}

/// A running VM's disks and NICs are attached (xenopsd plugs them into the domain); once it
/// halts they are not (xapi's force_state_reset marks them detached).
#[tokio::test]
async fn a_running_vms_devices_are_attached_and_a_halted_ones_are_not() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let r = vm_ref(&s, "db-replica").await;
    let attached = |v: Vm| {
        let s = &s;
        async move {
            let mut all = Vec::new();
            for b in &v.vbds {
                let b: Vbd = s.get_record(b).await.unwrap();
                all.push(b.currently_attached);
            }
            for f in &v.vifs {
                let f: Vif = s.get_record(f).await.unwrap();
                all.push(f.currently_attached);
            }
            assert!(!all.is_empty(), "the VM has devices");
            all
        }
    };
    let rv = json!(r.as_str());
    s.call("VM.start", &[rv.clone(), json!(false), json!(false)])
        .await
        .unwrap();
    assert!(attached(vm(&s, &r).await).await.iter().all(|a| *a));
    s.call("VM.hard_shutdown", &[rv]).await.unwrap();
    assert!(attached(vm(&s, &r).await).await.iter().all(|a| !*a));
}

/// xapi_vbd.ml: no disc goes in or out of a suspended VM's drive (VM_BAD_POWER_STATE,
/// checked first on insert, last on eject); other refusals keep their order.
#[tokio::test]
async fn a_suspended_vms_drive_takes_no_disc_in_or_out() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (vm, cd, empty, iso) = srv.state.read(|db| {
        let vbds = &db.table("VBD").unwrap().rows;
        let (cd, row) = vbds.iter().find(|(_, r)| r.fields["type"] == "CD").unwrap();
        let iso = db
            .table("VDI")
            .unwrap()
            .rows
            .iter()
            .find(|(_, r)| {
                let sr = r.fields["SR"].as_str().unwrap_or_default();
                db.field("SR", sr, "content_type") == Some(&json!("iso"))
            })
            .map(|(k, _)| k.clone())
            .unwrap();
        (
            row.fields["VM"].as_str().unwrap().to_string(),
            cd.clone(),
            row.fields["empty"] == true,
            iso,
        )
    });
    srv.state
        .write(|db| db.set_field("VM", &vm, "power_state", json!("Suspended")));
    let e = if empty {
        s.call("VBD.insert", &[json!(cd), json!(iso)]).await
    } else {
        s.call("VBD.eject", &[json!(cd)]).await
    }
    .unwrap_err();
    let api = e.api().unwrap();
    assert_eq!(api.code, "VM_BAD_POWER_STATE", "{e}");
    assert_eq!(api.params, [vm.as_str(), "halted, running", "suspended"]);
}
