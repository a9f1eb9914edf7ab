//! The read-only role against the VM lifecycle: every write refused before anything about
//! the object is looked at.

use crate::lifecycle::{err, hosts, vm};
use crate::session::*;
use crate::tasks::{fast_server, ro_login, vm_ref};
use serde_json::{Value, json};
use xenapi::Protocol;
use xenapi::error::codes;
use xenapi::records::PowerState;

/// Every write is refused to the read-only role, before anything about the object.
#[tokio::test]
async fn read_only_sessions_may_do_none_of_it() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let r = json!(vm_ref(&s, "db-replica").await.as_str());
    let h = json!(hosts(&s).await[0].0.as_str());
    for p in BOTH {
        let ro = ro_login(&srv.url, p).await;
        let calls: Vec<(&str, Vec<Value>)> = vec![
            ("VM.start", vec![r.clone(), json!(false), json!(false)]),
            (
                "VM.start_on",
                vec![r.clone(), h.clone(), json!(false), json!(false)],
            ),
            ("VM.pause", vec![r.clone()]),
            ("VM.unpause", vec![r.clone()]),
            ("VM.snapshot", vec![r.clone(), json!("n")]),
            ("VM.checkpoint", vec![r.clone(), json!("n")]),
            ("VM.revert", vec![r.clone()]),
            ("VM.clone", vec![r.clone(), json!("n")]),
            (
                "VM.copy",
                vec![r.clone(), json!("n"), json!("OpaqueRef:NULL")],
            ),
            ("VM.destroy", vec![r.clone()]),
            ("VM.pool_migrate", vec![r.clone(), h.clone(), json!({})]),
            ("VM.provision", vec![r.clone()]),
            ("VM.set_VCPUs_max", vec![r.clone(), json!(2)]),
            (
                "VM.set_memory_limits",
                vec![r.clone(), json!(1), json!(1), json!(1), json!(1)],
            ),
            (
                "VDI.create",
                vec![json!({"SR": "OpaqueRef:x", "virtual_size": 1})],
            ),
            ("VDI.destroy", vec![json!("OpaqueRef:x")]),
            ("VBD.create", vec![json!({"VM": r.clone()})]),
            ("VBD.destroy", vec![json!("OpaqueRef:x")]),
            (
                "VBD.insert",
                vec![json!("OpaqueRef:x"), json!("OpaqueRef:y")],
            ),
            ("VIF.create", vec![json!({"VM": r.clone()})]),
            ("VIF.destroy", vec![json!("OpaqueRef:x")]),
            (
                "message.create",
                vec![json!("X"), json!(1), json!("VM"), json!("u"), json!("b")],
            ),
            ("message.destroy", vec![json!("OpaqueRef:x")]),
            ("message.destroy_many", vec![json!([])]),
        ];
        for (m, args) in calls {
            let (code, _) = err(&ro, m, &args).await;
            assert_eq!(code, codes::RBAC_PERMISSION_DENIED, "{m} over {p:?}");
        }
    }
    assert_eq!(
        vm(&s, &vm_ref(&s, "db-replica").await).await.power_state,
        PowerState::Halted
    );
}
