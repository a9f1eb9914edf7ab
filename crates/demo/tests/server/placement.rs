//! `VM.assert_can_boot_here` as xapi checks it, in xapi's order, and the same checks behind
//! `VM.start_on` and `VM.pool_migrate`: a VM on one server's local storage cannot run on
//! the other (VM_REQUIRES_SR), nor one on a network the server lacks (VM_REQUIRES_NET).

use crate::session::*;
use crate::tasks::{fast_server, vm_ref};
use serde_json::{Value, json};
use xenapi::Session;

async fn host(s: &Session, name: &str) -> Value {
    let hosts = s.call("host.get_all_records", &[]).await.unwrap();
    let (r, _) = hosts
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, h)| h["name_label"] == name)
        .unwrap();
    json!(r)
}

async fn refusal(s: &Session, m: &str, args: &[Value]) -> Option<(String, Vec<String>)> {
    match s.call(m, args).await {
        Ok(_) => None,
        Err(e) => {
            let a = e.api().unwrap_or_else(|| panic!("{m}: {e}"));
            Some((a.code.clone(), a.params.clone()))
        }
    }
}

async fn sr_named(s: &Session, name: &str) -> String {
    let srs = s.call("SR.get_all_records", &[]).await.unwrap();
    srs.as_object()
        .unwrap()
        .iter()
        .find(|(_, x)| x["name_label"] == name)
        .map(|(r, _)| r.clone())
        .unwrap()
}

#[tokio::test]
async fn a_vm_on_local_storage_can_boot_only_on_its_server() {
    let srv = fast_server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let (h1, h2) = (host(&s, "xcp-host-01").await, host(&s, "xcp-host-02").await);
        let web01 = json!(vm_ref(&s, "web-01").await.as_str());
        assert_eq!(
            refusal(&s, "VM.assert_can_boot_here", &[web01.clone(), h1.clone()]).await,
            None
        );
        let local = sr_named(&s, "Local storage").await;
        assert_eq!(
            refusal(&s, "VM.assert_can_boot_here", &[web01.clone(), h2.clone()]).await,
            Some((
                "VM_REQUIRES_SR".into(),
                vec![web01.as_str().unwrap().into(), local]
            ))
        );
        // Moving it there is refused the same way.
        let (code, _) = refusal(
            &s,
            "VM.pool_migrate",
            &[web01.clone(), h2.clone(), json!({})],
        )
        .await
        .unwrap();
        assert_eq!(code, "VM_REQUIRES_SR");
        // A VM on shared storage and pool-wide networks may go either way.
        let web02 = json!(vm_ref(&s, "web-02").await.as_str());
        assert_eq!(
            refusal(&s, "VM.assert_can_boot_here", &[web02.clone(), h1.clone()]).await,
            None
        );
    }
}

#[tokio::test]
async fn networks_the_server_lacks_a_disabled_server_and_memory_are_refused_in_xapis_order() {
    let srv = fast_server().await;
    let s = login(&srv.url, BOTH[0]).await;
    let (h1, h2) = (host(&s, "xcp-host-01").await, host(&s, "xcp-host-02").await);
    // A halted VM on shared storage, given a VIF on a VLAN only host 1 has.
    let vm = json!(vm_ref(&s, "db-replica").await.as_str());
    let vlan = crate::networks::new_network(&s, "Host 1 only").await;
    let eth1 = crate::networks::pif(&s, h1.as_str().unwrap(), "eth1", -1).await;
    s.call("VLAN.create", &[json!(eth1), json!(43), json!(vlan)])
        .await
        .unwrap();
    s.call(
        "VIF.create",
        &[
            json!({"device": "5", "network": vlan, "VM": vm, "MAC": "", "MTU": 1500,
                 "other_config": {}, "qos_algorithm_type": "", "qos_algorithm_params": {}}),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        refusal(&s, "VM.assert_can_boot_here", &[vm.clone(), h2.clone()]).await,
        Some((
            "VM_REQUIRES_NET".into(),
            vec![vm.as_str().unwrap().into(), vlan.clone()]
        ))
    );
    let (code, _) = refusal(
        &s,
        "VM.start_on",
        &[vm.clone(), h2.clone(), json!(false), json!(false)],
    )
    .await
    .unwrap();
    assert_eq!(code, "VM_REQUIRES_NET");
    // A disabled server is refused before its storage and networks are looked at.
    let h2_ref = h2.as_str().unwrap().to_string();
    srv.state
        .write(|db| db.set_field("host", &h2_ref, "enabled", json!(false)));
    assert_eq!(
        refusal(&s, "VM.assert_can_boot_here", &[vm.clone(), h2.clone()]).await,
        Some(("HOST_DISABLED".into(), vec![h2_ref.clone()]))
    );
    // Memory last: a VM larger than the server.
    srv.state.write(|db| {
        db.set_field("host", &h2_ref, "enabled", json!(true));
        let v = vm.as_str().unwrap();
        db.set_field("VM", v, "memory_dynamic_max", json!(1i64 << 50));
    });
    let (code, _) = refusal(&s, "VM.assert_can_boot_here", &[vm.clone(), h1.clone()])
        .await
        .unwrap();
    assert_eq!(code, "HOST_NOT_ENOUGH_FREE_MEMORY");
}
