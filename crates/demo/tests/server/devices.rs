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
