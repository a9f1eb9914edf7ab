//! The VM Properties dialog's setters against the demo server, each rule as xapi has it:
//! which power state each needs (checked before the values, as `with_vm_operation` runs
//! first), `VCPUs_at_startup ≤ VCPUs_max`, live vCPUs within `VCPUs_max`, the memory order
//! and its pinning, non-negative start-up order and delay, the HA priorities, the topology
//! checked at start, and RBAC.

use crate::lifecycle::err;
use crate::session::*;
use crate::tasks::{fast_server, ro_login, vm_ref};
use serde_json::{Value, json};
use xenapi::error::codes;
use xenapi::records::PowerState;
use xenapi::{Host, Protocol, Ref, Session, Vm, VmMetrics};

const GIB: i64 = 1 << 30;

async fn vm(s: &Session, r: &Ref<Vm>) -> Vm {
    s.get_record(r).await.unwrap()
}

fn r(x: &Ref<Vm>) -> Value {
    json!(x.as_str())
}

const AT_STARTUP: &str = "VCPU values must satisfy: 0 < VCPUs_at_startup ≤ VCPUs_max";

#[tokio::test]
async fn vcpus_max_needs_a_halted_vm_and_at_startup_stays_within_it() {
    let srv = fast_server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let halted = vm_ref(&s, "db-replica").await;
        let running = vm_ref(&s, "web-01").await;
        // The power state is checked before the value.
        let (code, _) = err(&s, "VM.set_VCPUs_max", &[r(&running), json!(0)]).await;
        assert_eq!(code, codes::VM_BAD_POWER_STATE);
        let (code, params) = err(&s, "VM.set_VCPUs_max", &[r(&halted), json!(0)]).await;
        assert_eq!(
            (code.as_str(), params),
            (codes::INVALID_VALUE, vec![AT_STARTUP.into(), "0".into()])
        );
        // Lowering: at start-up first (db-replica has 8 of 8), then the maximum; raising:
        // the maximum first.
        s.call("VM.set_VCPUs_at_startup", &[r(&halted), json!(2)])
            .await
            .unwrap();
        s.call("VM.set_VCPUs_max", &[r(&halted), json!(4)])
            .await
            .unwrap();
        s.call("VM.set_VCPUs_at_startup", &[r(&halted), json!(4)])
            .await
            .unwrap();
        let (code, params) = err(&s, "VM.set_VCPUs_max", &[r(&halted), json!(2)]).await;
        assert_eq!(
            (code.as_str(), params),
            (codes::INVALID_VALUE, vec![AT_STARTUP.into(), "2".into()]),
            "below at start-up"
        );
        let (code, params) = err(&s, "VM.set_VCPUs_at_startup", &[r(&halted), json!(5)]).await;
        assert_eq!(
            (code.as_str(), params),
            (codes::INVALID_VALUE, vec![AT_STARTUP.into(), "5".into()])
        );
        let (code, _) = err(&s, "VM.set_VCPUs_at_startup", &[r(&halted), json!(0)]).await;
        assert_eq!(code, codes::INVALID_VALUE);
        s.call("VM.set_VCPUs_at_startup", &[r(&halted), json!(2)])
            .await
            .unwrap();
        s.call("VM.set_VCPUs_max", &[r(&halted), json!(2)])
            .await
            .unwrap();
        let v = vm(&s, &halted).await;
        assert_eq!((v.vcpus_max, v.vcpus_at_startup), (2, 2));
        // xapi runs set_VCPUs_at_startup as no operation: a running VM takes it (next boot).
        s.call("VM.set_VCPUs_at_startup", &[r(&running), json!(1)])
            .await
            .unwrap();
        s.call("VM.set_VCPUs_at_startup", &[r(&running), json!(2)])
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn live_vcpus_need_a_running_vm_and_stay_within_vcpus_max() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let running = vm_ref(&s, "web-01").await;
    let halted = vm_ref(&s, "db-replica").await;
    let (code, _) = err(&s, "VM.set_VCPUs_number_live", &[r(&halted), json!(1)]).await;
    assert_eq!(code, codes::VM_BAD_POWER_STATE);
    // xenopsd's Invalid_vcpus names VCPUs_max, not the number asked for.
    for n in [0, 3] {
        let (code, params) = err(&s, "VM.set_VCPUs_number_live", &[r(&running), json!(n)]).await;
        assert_eq!(
            (code.as_str(), params),
            (
                codes::INVALID_VALUE,
                vec![
                    "VCPU values must satisfy: 0 < VCPUs ≤ VCPUs_max".into(),
                    "2".into()
                ]
            )
        );
    }
    s.call("VM.set_VCPUs_number_live", &[r(&running), json!(1)])
        .await
        .unwrap();
    let v = vm(&s, &running).await;
    assert_eq!(v.vcpus_at_startup, 1);
    let m: VmMetrics = s.get_record(&v.metrics).await.unwrap();
    assert_eq!(m.vcpus_number, 1);
}

#[tokio::test]
async fn memory_limits_need_a_halted_vm_in_order_and_pinned_with_nested_virt() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let halted = vm_ref(&s, "db-replica").await;
    let running = vm_ref(&s, "web-01").await;
    let bad = [json!(2 * GIB), json!(GIB), json!(GIB), json!(GIB)];
    let args = |v: &Ref<Vm>, m: &[Value]| [vec![r(v)], m.to_vec()].concat();
    let (code, _) = err(&s, "VM.set_memory_limits", &args(&running, &bad)).await;
    assert_eq!(code, codes::VM_BAD_POWER_STATE, "the power state first");
    let (code, params) = err(&s, "VM.set_memory_limits", &args(&halted, &bad)).await;
    assert_eq!(
        (code.as_str(), params.len()),
        ("MEMORY_CONSTRAINT_VIOLATION_ORDER", 0)
    );
    let good = [
        json!(GIB / 2),
        json!(4 * GIB),
        json!(2 * GIB),
        json!(4 * GIB),
    ];
    s.call("VM.set_memory_limits", &args(&halted, &good))
        .await
        .unwrap();
    // set_memory pins everything but static_min.
    s.call("VM.set_memory", &[r(&halted), json!(3 * GIB)])
        .await
        .unwrap();
    let v = vm(&s, &halted).await;
    assert_eq!(
        [
            v.memory_static_min,
            v.memory_static_max,
            v.memory_dynamic_min,
            v.memory_dynamic_max
        ],
        [GIB / 2, 3 * GIB, 3 * GIB, 3 * GIB]
    );
    let (code, _) = err(&s, "VM.set_memory", &[r(&halted), json!(GIB / 4)]).await;
    assert_eq!(
        code, "MEMORY_CONSTRAINT_VIOLATION_ORDER",
        "below static_min"
    );
    s.call(
        "VM.add_to_platform",
        &[r(&halted), json!("nested-virt"), json!("true")],
    )
    .await
    .unwrap();
    let (code, params) = err(&s, "VM.set_memory_limits", &args(&halted, &good)).await;
    assert_eq!(
        (code.as_str(), params),
        (
            "MEMORY_CONSTRAINT_VIOLATION_MAXPIN",
            vec!["nested virt".to_string()]
        )
    );
    s.call("VM.set_memory", &[r(&halted), json!(2 * GIB)])
        .await
        .unwrap();
}

#[tokio::test]
async fn the_dynamic_range_changes_on_a_running_vm_in_order() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let running = vm_ref(&s, "web-01").await;
    let suspended = vm_ref(&s, "build-agent").await;
    let (code, _) = err(
        &s,
        "VM.set_memory_dynamic_range",
        &[r(&suspended), json!(GIB), json!(GIB)],
    )
    .await;
    assert_eq!(code, codes::VM_BAD_POWER_STATE);
    // web-01: static 512 MiB..4 GiB.
    let (code, _) = err(
        &s,
        "VM.set_memory_dynamic_range",
        &[r(&running), json!(3 * GIB), json!(2 * GIB)],
    )
    .await;
    assert_eq!(code, "MEMORY_CONSTRAINT_VIOLATION_ORDER");
    let (code, _) = err(
        &s,
        "VM.set_memory_dynamic_range",
        &[r(&running), json!(GIB), json!(8 * GIB)],
    )
    .await;
    assert_eq!(
        code, "MEMORY_CONSTRAINT_VIOLATION_ORDER",
        "above static_max"
    );
    s.call(
        "VM.set_memory_dynamic_range",
        &[r(&running), json!(GIB), json!(3 * GIB)],
    )
    .await
    .unwrap();
    let v = vm(&s, &running).await;
    assert_eq!((v.memory_dynamic_min, v.memory_dynamic_max), (GIB, 3 * GIB));
    assert_eq!(v.power_state, PowerState::Running);
}

#[tokio::test]
async fn start_up_order_delay_ha_priority_and_home_server() {
    let srv = fast_server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let running = vm_ref(&s, "web-01").await;
        for (method, what) in [
            ("VM.set_order", "order"),
            ("VM.set_start_delay", "start_delay"),
        ] {
            let (code, params) = err(&s, method, &[r(&running), json!(-1)]).await;
            assert_eq!(
                (code.as_str(), params),
                (
                    codes::INVALID_VALUE,
                    vec![format!("{what} must be non-negative"), "-1".into()]
                )
            );
        }
        s.call("VM.set_order", &[r(&running), json!(3)])
            .await
            .unwrap();
        s.call("VM.set_start_delay", &[r(&running), json!(30)])
            .await
            .unwrap();
        let (code, params) = err(
            &s,
            "VM.set_ha_restart_priority",
            &[r(&running), json!("always")],
        )
        .await;
        assert_eq!(
            (code.as_str(), params),
            (
                codes::INVALID_VALUE,
                vec!["ha_restart_priority".into(), "always".into()]
            )
        );
        s.call(
            "VM.set_ha_restart_priority",
            &[r(&running), json!("restart")],
        )
        .await
        .unwrap();
        // A running VM is protected at once.
        let always = s
            .call("VM.get_ha_always_run", &[r(&running)])
            .await
            .unwrap();
        assert_eq!(always, json!(true));
        let hosts: std::collections::HashMap<Ref<Host>, Host> = s.get_all_records().await.unwrap();
        let home = vm(&s, &running).await.affinity;
        let other = hosts.keys().find(|h| **h != home).unwrap().clone();
        s.call("VM.set_affinity", &[r(&running), json!(other.as_str())])
            .await
            .unwrap();
        let v = vm(&s, &running).await;
        assert_eq!(
            (
                v.order,
                v.start_delay,
                v.ha_restart_priority.as_str(),
                &v.affinity
            ),
            (3, 30, "restart", &other)
        );
        s.call("VM.set_ha_restart_priority", &[r(&running), json!("")])
            .await
            .unwrap();
        s.call("VM.set_affinity", &[r(&running), json!("OpaqueRef:NULL")])
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_topology_that_does_not_divide_vcpus_max_stops_the_start() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let v = vm_ref(&s, "db-replica").await;
    s.call("VM.set_HVM_boot_policy", &[r(&v), json!("BIOS order")])
        .await
        .unwrap();
    s.call("VM.set_memory", &[r(&v), json!(GIB)]).await.unwrap();
    // The value is taken as it is; xapi checks it when the VM starts.
    s.call(
        "VM.add_to_platform",
        &[r(&v), json!("cores-per-socket"), json!("3")],
    )
    .await
    .unwrap();
    let start = [r(&v), json!(false), json!(false)];
    let (code, params) = err(&s, "VM.start", &start).await;
    assert_eq!(
        (code.as_str(), params),
        (
            "VCPU_MAX_NOT_CORES_PER_SOCKET_MULTIPLE",
            vec!["8".into(), "3".into()]
        )
    );
    s.call(
        "VM.remove_from_platform",
        &[r(&v), json!("cores-per-socket")],
    )
    .await
    .unwrap();
    s.call(
        "VM.add_to_platform",
        &[r(&v), json!("cores-per-socket"), json!("two")],
    )
    .await
    .unwrap();
    let (code, params) = err(&s, "VM.start", &start).await;
    assert_eq!(
        (code.as_str(), params),
        (
            codes::INVALID_VALUE,
            vec!["platform:cores-per-socket".into(), "two".into()]
        )
    );
    s.call(
        "VM.remove_from_platform",
        &[r(&v), json!("cores-per-socket")],
    )
    .await
    .unwrap();
    s.call(
        "VM.add_to_platform",
        &[r(&v), json!("cores-per-socket"), json!("4")],
    )
    .await
    .unwrap();
    s.call("VM.start", &start).await.unwrap();
    assert_eq!(vm(&s, &v).await.power_state, PowerState::Running);
}

#[tokio::test]
async fn a_read_only_user_may_set_none_of_them() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let ro = ro_login(&srv.url, Protocol::JsonRpc).await;
    let v = vm_ref(&s, "db-replica").await;
    for (method, args) in [
        ("VM.set_VCPUs_max", vec![json!(2)]),
        ("VM.set_VCPUs_at_startup", vec![json!(1)]),
        ("VM.set_VCPUs_number_live", vec![json!(1)]),
        (
            "VM.set_memory_limits",
            vec![json!(GIB), json!(GIB), json!(GIB), json!(GIB)],
        ),
        ("VM.set_memory", vec![json!(GIB)]),
        ("VM.set_memory_dynamic_range", vec![json!(GIB), json!(GIB)]),
        ("VM.set_affinity", vec![json!("OpaqueRef:NULL")]),
        ("VM.set_order", vec![json!(1)]),
        ("VM.set_start_delay", vec![json!(1)]),
        ("VM.set_ha_restart_priority", vec![json!("restart")]),
        ("VM.add_to_platform", vec![json!("k"), json!("v")]),
    ] {
        let all = [vec![r(&v)], args].concat();
        let (code, _) = err(&ro, method, &all).await;
        assert_eq!(code, codes::RBAC_PERMISSION_DENIED, "{method}");
    }
}

#[tokio::test]
async fn a_started_vm_runs_with_its_start_up_vcpus() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let halted = vm_ref(&s, "db-replica").await;
    s.call("VM.set_VCPUs_at_startup", &[r(&halted), json!(3)])
        .await
        .unwrap();
    s.call("VM.start", &[r(&halted), json!(false), json!(false)])
        .await
        .unwrap();
    let v = vm(&s, &halted).await;
    assert_eq!(v.power_state, PowerState::Running);
    let m: VmMetrics = s.get_record(&v.metrics).await.unwrap();
    assert_eq!(m.vcpus_number, 3, "the new domain has the start-up vCPUs");
}
