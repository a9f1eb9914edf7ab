//! Hosts and the pool against the demo server: disable/enable, evacuation and
//! its reasons, the host and pool setters, `allowed_operations`, RBAC, and the alerts, each
//! with xapi's errors and parameters. Hosts going away and a new coordinator are in
//! `reboots.rs`.

use crate::common::{RO_USER, config, server_with};
use crate::session::*;
use crate::tasks::{run, vm_ref};
use demo::DemoServer;
use serde_json::{Value, json};
use std::collections::HashMap;
use xenapi::error::codes;
use xenapi::tasks::TaskState;
use xenapi::{Credentials, Host, Protocol, Ref, Session};

pub async fn fast() -> DemoServer {
    let mut c = config();
    c.task_speed = 10.0;
    c.host_boot_time = std::time::Duration::from_millis(600);
    server_with(c).await
}

/// The hosts by name: `xcp-host-01` (the coordinator), `xcp-host-02`.
pub async fn host(s: &Session, name: &str) -> String {
    let hosts: HashMap<Ref<Host>, Host> = s.get_all_records().await.unwrap();
    hosts
        .into_iter()
        .find(|(_, h)| h.name_label == name)
        .map(|(r, _)| r.as_str().to_string())
        .unwrap_or_else(|| panic!("no host {name}"))
}

pub async fn rec(s: &Session, class: &str, r: &str) -> Value {
    s.call(&format!("{class}.get_record"), &[json!(r)])
        .await
        .unwrap()
}

pub async fn err(s: &Session, method: &str, args: &[Value]) -> (String, Vec<String>) {
    let e = s.call(method, args).await.unwrap_err();
    let api = e.api().unwrap_or_else(|| panic!("{method}: {e}"));
    (api.code.clone(), api.params.clone())
}

pub fn ops(r: &Value) -> Vec<String> {
    r["allowed_operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

async fn ro(srv: &DemoServer) -> Session {
    Session::login(
        &srv.url,
        Credentials::new(RO_USER.0, RO_USER.1),
        opts(Protocol::JsonRpc),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn disable_and_enable_change_allowed_operations_and_reboot_needs_a_disabled_host() {
    let srv = fast().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let h2 = host(&s, "xcp-host-02").await;
        let r = rec(&s, "host", &h2).await;
        assert_eq!(r["enabled"], json!(true));
        for op in ["evacuate", "provision", "vm_start", "vm_migrate", "enable"] {
            assert!(ops(&r).contains(&op.to_string()), "{op} in {:?}", ops(&r));
        }
        for op in ["reboot", "shutdown", "apply_updates", "power_on"] {
            assert!(!ops(&r).contains(&op.to_string()), "{op}");
        }
        // xapi: the host must be disabled first.
        for m in ["host.reboot", "host.shutdown"] {
            assert_eq!(
                err(&s, m, &[json!(h2)]).await,
                ("HOST_NOT_DISABLED".to_string(), vec![])
            );
        }
        s.call("host.disable", &[json!(h2)]).await.unwrap();
        let r = rec(&s, "host", &h2).await;
        assert_eq!(r["enabled"], json!(false));
        assert!(ops(&r).contains(&"reboot".to_string()));
        assert!(ops(&r).contains(&"shutdown".to_string()));
        // Disabling twice is fine, as enabling twice.
        s.call("host.disable", &[json!(h2)]).await.unwrap();
        s.call("host.enable", &[json!(h2)]).await.unwrap();
        s.call("host.enable", &[json!(h2)]).await.unwrap();
        assert_eq!(rec(&s, "host", &h2).await["enabled"], json!(true));
        // The newer form with auto_enable, and bad arguments.
        s.call("host.disable", &[json!(h2), json!(true)])
            .await
            .unwrap();
        s.call("host.enable", &[json!(h2)]).await.unwrap();
        let bad = "OpaqueRef:nope";
        assert_eq!(
            err(&s, "host.disable", &[json!(bad)]).await,
            (
                codes::HANDLE_INVALID.into(),
                vec!["host".into(), bad.into()]
            )
        );
        assert_eq!(
            err(&s, "host.disable", &[]).await,
            (
                codes::MESSAGE_PARAMETER_COUNT_MISMATCH.into(),
                vec!["host.disable".into(), "1".into(), "0".into()]
            )
        );
        assert_eq!(
            err(&s, "host.disable", &[json!(h2), json!("maybe")])
                .await
                .0,
            codes::FIELD_TYPE_ERROR
        );
    }
}

#[tokio::test]
async fn read_only_users_are_refused_every_host_and_pool_write_before_the_object_is_read() {
    let srv = fast().await;
    let s = ro(&srv).await;
    let bad = json!("OpaqueRef:nope");
    let calls: Vec<(&str, Vec<Value>)> = vec![
        ("host.disable", vec![bad.clone()]),
        ("host.enable", vec![bad.clone()]),
        ("host.evacuate", vec![bad.clone()]),
        ("host.assert_can_evacuate", vec![bad.clone()]),
        ("host.reboot", vec![bad.clone()]),
        ("host.shutdown", vec![bad.clone()]),
        ("host.power_on", vec![bad.clone()]),
        ("host.restart_agent", vec![bad.clone()]),
        ("host.set_iscsi_iqn", vec![bad.clone(), json!("iqn.x")]),
        ("host.set_multipathing", vec![bad.clone(), json!(true)]),
        ("host.syslog_reconfigure", vec![bad.clone()]),
        (
            "host.set_power_on_mode",
            vec![bad.clone(), json!("wake-on-lan"), json!({})],
        ),
        ("host.set_logging", vec![bad.clone(), json!({})]),
        ("pool.designate_new_master", vec![bad.clone()]),
        ("pool.eject", vec![bad.clone()]),
        ("pool.set_default_SR", vec![bad.clone(), bad.clone()]),
        (
            "pool.set_vm_console_idle_timeout",
            vec![bad.clone(), json!(60)],
        ),
        (
            "pool.set_limit_console_sessions",
            vec![bad.clone(), json!(true)],
        ),
    ];
    for (m, args) in calls {
        let (code, params) = err(&s, m, &args).await;
        assert_eq!(code, codes::RBAC_PERMISSION_DENIED, "{m}");
        assert_eq!(params[0], m.to_ascii_lowercase(), "{m}");
        assert!(
            params[1].contains("pool-admin, pool-operator"),
            "{m}: {params:?}"
        );
    }
    // What prevents evacuation is for every role to read.
    let admin = login(&srv.url, Protocol::JsonRpc).await;
    let h2 = host(&admin, "xcp-host-02").await;
    s.call("host.get_vms_which_prevent_evacuation", &[json!(h2)])
        .await
        .unwrap();
    // The Async form fails inside its task, as every Async call does.
    let task = s.call_async("host.evacuate", &[json!(h2)]).await.unwrap();
    let (_, end) = run(&s, &task).await;
    let TaskState::Failed(e) = end else {
        panic!("{end:?}")
    };
    assert_eq!(e.code, codes::RBAC_PERMISSION_DENIED);
    assert_eq!(e.params[0], "host.evacuate");
}

#[tokio::test]
async fn vms_on_local_storage_prevent_evacuation_each_with_its_reason() {
    let srv = fast().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let h2 = host(&s, "xcp-host-02").await;
    let local = {
        let srs: HashMap<Ref<xenapi::Sr>, xenapi::Sr> = s.get_all_records().await.unwrap();
        srs.into_iter()
            .find(|(_, x)| x.name_label == "Local storage")
            .map(|(r, _)| r.as_str().to_string())
            .unwrap()
    };
    let blocking = s
        .call("host.get_vms_which_prevent_evacuation", &[json!(h1)])
        .await
        .unwrap();
    let blocking = blocking.as_object().unwrap();
    let mut names = Vec::new();
    for (vm, reason) in blocking {
        let name = rec(&s, "VM", vm).await["name_label"]
            .as_str()
            .unwrap()
            .to_string();
        // Every guest of host 1 has its disks on host 1's local storage.
        assert_eq!(reason, &json!(["VM_REQUIRES_SR", vm, local]), "{name}");
        names.push(name);
    }
    names.sort();
    assert_eq!(
        names,
        [
            "backup-appliance",
            "db-primary",
            "web-01",
            "ファイルサーバー"
        ]
    );
    // The old form says the same in one parameter.
    let (code, params) = err(&s, "host.assert_can_evacuate", &[json!(h1)]).await;
    assert_eq!(code, "CANNOT_EVACUATE_HOST");
    assert_eq!(params[0].split('|').count(), 4);
    assert!(params[0].contains("VM_REQUIRES_SR,"), "{params:?}");
    // And evacuate raises one of them, leaving everything where it was.
    let (code, _) = err(&s, "host.evacuate", &[json!(h1)]).await;
    assert_eq!(code, "VM_REQUIRES_SR");
    assert!(
        s.call("host.get_vms_which_prevent_evacuation", &[json!(h2)])
            .await
            .unwrap()
            .as_object()
            .unwrap()
            .is_empty()
    );
    s.call("host.assert_can_evacuate", &[json!(h2)])
        .await
        .unwrap();
    // With the only other host disabled there is nowhere to go.
    s.call("host.disable", &[json!(h1)]).await.unwrap();
    let blocking = s
        .call("host.get_vms_which_prevent_evacuation", &[json!(h2)])
        .await
        .unwrap();
    let blocking = blocking.as_object().unwrap();
    assert_eq!(blocking.len(), 3);
    for (vm, reason) in blocking {
        assert_eq!(reason, &json!(["NO_HOSTS_AVAILABLE", vm]));
    }
}

#[tokio::test]
async fn evacuate_moves_every_guest_with_progress_per_vm_and_alerts() {
    let srv = fast().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let h2 = host(&s, "xcp-host-02").await;
    s.call("host.disable", &[json!(h2)]).await.unwrap();
    let task = s.call_async("host.evacuate", &[json!(h2)]).await.unwrap();
    let t = rec(&s, "task", task.as_str()).await;
    assert_eq!(t["name_label"], json!("Async.host.evacuate"));
    let (seen, end) = run(&s, &task).await;
    assert!(matches!(end, TaskState::Succeeded(_)), "{end:?}");
    let mut steps: Vec<String> = seen
        .iter()
        .filter_map(|st| match st {
            TaskState::Running { progress } => Some(format!("{progress:.2}")),
            _ => None,
        })
        .collect();
    steps.dedup();
    // Three guests, a step each (seen when the poll is quick enough; at least one).
    assert!(
        steps
            .iter()
            .all(|p| ["0.00", "0.33", "0.67"].contains(&p.as_str())),
        "{steps:?}"
    );
    for name in ["web-02", "web-10", "win-ad-01"] {
        let vm = vm_ref(&s, name).await;
        assert_eq!(
            rec(&s, "VM", vm.as_str()).await["resident_on"],
            json!(h1),
            "{name}"
        );
    }
    let r = rec(&s, "host", &h2).await;
    assert_eq!(
        r["enabled"],
        json!(false),
        "evacuate leaves the host as it was"
    );
    assert!(r["current_operations"].as_object().unwrap().is_empty());
    let msgs = s.call("message.get_all_records", &[]).await.unwrap();
    let migrated = msgs
        .as_object()
        .unwrap()
        .values()
        .filter(|m| m["name"] == json!("VM_MIGRATED"))
        .count();
    assert_eq!(migrated, 3);
    // The sync form on an empty host has nothing to do.
    s.call("host.evacuate", &[json!(h2)]).await.unwrap();
}

#[tokio::test]
async fn an_evacuation_that_fails_halfway_says_why_and_leaves_what_moved_moved() {
    let mut c = config();
    c.task_speed = 2.0; // a second per VM: room to block the next one
    let srv = server_with(c).await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let h2 = host(&s, "xcp-host-02").await;
    s.call("host.disable", &[json!(h2)]).await.unwrap();
    let task = s.call_async("host.evacuate", &[json!(h2)]).await.unwrap();
    // Once the first guest has moved, block migration of those not yet moving.
    loop {
        let t = rec(&s, "task", task.as_str()).await;
        if t["progress"].as_f64().unwrap() > 0.0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let vms = s.call("VM.get_all_records", &[]).await.unwrap();
    for (r, v) in vms.as_object().unwrap() {
        let idle = v["current_operations"].as_object().unwrap().is_empty();
        if v["resident_on"] == json!(h2) && v["is_control_domain"] == json!(false) && idle {
            s.call(
                "VM.add_to_blocked_operations",
                &[json!(r), json!("pool_migrate"), json!("frozen")],
            )
            .await
            .unwrap();
        }
    }
    let (_, end) = run(&s, &task).await;
    let TaskState::Failed(e) = end else {
        panic!("{end:?}")
    };
    assert_eq!(e.code, "OPERATION_BLOCKED");
    let vms = s.call("VM.get_all_records", &[]).await.unwrap();
    let on = |h: &str| {
        ["web-02", "web-10", "win-ad-01"]
            .iter()
            .filter(|n| {
                vms.as_object()
                    .unwrap()
                    .values()
                    .any(|v| v["name_label"] == json!(n) && v["resident_on"] == json!(h))
            })
            .count()
    };
    let moved = on(&h1);
    assert_eq!(on(&h2), 1);
    // host.resident_VMs follows: its control domain and the guest that stayed.
    assert_eq!(
        rec(&s, "host", &h2).await["resident_VMs"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(moved, 2, "the first two moved, the last stayed");
    let r = rec(&s, "host", &h2).await;
    assert_eq!(r["enabled"], json!(false), "still disabled");
    assert!(r["current_operations"].as_object().unwrap().is_empty());
}

#[tokio::test]
async fn host_setters_follow_xapi() {
    let srv = fast().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let h2 = host(&s, "xcp-host-02").await;
        let h = json!(h2);
        // iSCSI IQN: the field and other_config together; empty refused.
        s.call(
            "host.set_iscsi_iqn",
            &[h.clone(), json!("iqn.2026-12.example:h2")],
        )
        .await
        .unwrap();
        let r = rec(&s, "host", &h2).await;
        assert_eq!(r["iscsi_iqn"], json!("iqn.2026-12.example:h2"));
        assert_eq!(
            r["other_config"]["iscsi_iqn"],
            json!("iqn.2026-12.example:h2")
        );
        assert_eq!(
            err(&s, "host.set_iscsi_iqn", &[h.clone(), json!("")]).await,
            (codes::INVALID_VALUE.into(), vec!["value".into(), "".into()])
        );
        // Multipathing, likewise.
        s.call("host.set_multipathing", &[h.clone(), json!(true)])
            .await
            .unwrap();
        let r = rec(&s, "host", &h2).await;
        assert_eq!(r["multipathing"], json!(true));
        assert_eq!(r["other_config"]["multipathing"], json!("true"));
        // The syslog destination lives in `logging`, applied by syslog_reconfigure.
        s.call(
            "host.remove_from_logging",
            &[h.clone(), json!("syslog_destination")],
        )
        .await
        .unwrap();
        s.call(
            "host.add_to_logging",
            &[
                h.clone(),
                json!("syslog_destination"),
                json!("logs.example"),
            ],
        )
        .await
        .unwrap();
        s.call("host.syslog_reconfigure", std::slice::from_ref(&h))
            .await
            .unwrap();
        assert_eq!(
            rec(&s, "host", &h2).await["logging"],
            json!({"syslog_destination": "logs.example"})
        );
        // Power-on settings: stored as given; power_on becomes possible for a host that
        // is down.
        s.call(
            "host.set_power_on_mode",
            &[h.clone(), json!("wake-on-lan"), json!({})],
        )
        .await
        .unwrap();
        let r = rec(&s, "host", &h2).await;
        assert_eq!(r["power_on_mode"], json!("wake-on-lan"));
        assert_eq!(
            err(&s, "host.power_on", std::slice::from_ref(&h)).await,
            ("HOST_IS_LIVE".into(), vec![h2.clone()])
        );
        assert_eq!(
            err(
                &s,
                "host.set_power_on_mode",
                &[h.clone(), json!(""), json!("x")]
            )
            .await
            .0,
            codes::FIELD_TYPE_ERROR
        );
        s.call("host.set_power_on_mode", &[h.clone(), json!(""), json!({})])
            .await
            .unwrap();
        // Name, description, tags and other_config are the generic ones.
        s.call("host.set_name_description", &[h.clone(), json!("rack 9")])
            .await
            .unwrap();
        s.call("host.add_tags", &[h.clone(), json!("gpu")])
            .await
            .unwrap();
        s.call(
            "host.add_to_other_config",
            &[h.clone(), json!("k"), json!("v")],
        )
        .await
        .ok();
        let r = rec(&s, "host", &h2).await;
        assert_eq!(r["name_description"], json!("rack 9"));
        assert!(r["tags"].as_array().unwrap().contains(&json!("gpu")));
        s.call("host.remove_tags", &[h.clone(), json!("gpu")])
            .await
            .unwrap();
        s.call("host.remove_from_other_config", &[h.clone(), json!("k")])
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn pool_setters_follow_xapi() {
    let srv = fast().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let pools = s.call("pool.get_all", &[]).await.unwrap();
    let pool = pools[0].as_str().unwrap().to_string();
    let p = json!(pool);
    let nfs = {
        let srs: HashMap<Ref<xenapi::Sr>, xenapi::Sr> = s.get_all_records().await.unwrap();
        srs.into_iter()
            .find(|(_, x)| x.name_label == "Shared NFS storage")
            .map(|(r, _)| r.as_str().to_string())
            .unwrap()
    };
    s.call("pool.set_name_label", &[p.clone(), json!("Rack B")])
        .await
        .unwrap();
    s.call(
        "pool.set_name_description",
        &[p.clone(), json!("production")],
    )
    .await
    .unwrap();
    s.call("pool.set_default_SR", &[p.clone(), json!(nfs)])
        .await
        .unwrap();
    s.call("pool.set_vm_console_idle_timeout", &[p.clone(), json!(300)])
        .await
        .unwrap();
    s.call("pool.set_limit_console_sessions", &[p.clone(), json!(true)])
        .await
        .unwrap();
    let r = rec(&s, "pool", &pool).await;
    assert_eq!(r["name_label"], json!("Rack B"));
    assert_eq!(r["name_description"], json!("production"));
    assert_eq!(r["default_SR"], json!(nfs));
    assert_eq!(r["vm_console_idle_timeout"], json!(300));
    assert_eq!(r["limit_console_sessions"], json!(true));
    assert_eq!(
        err(
            &s,
            "pool.set_vm_console_idle_timeout",
            &[p.clone(), json!("soon")]
        )
        .await
        .0,
        codes::FIELD_TYPE_ERROR
    );
    assert_eq!(
        err(
            &s,
            "pool.set_limit_console_sessions",
            &[json!("OpaqueRef:x"), json!(true)]
        )
        .await,
        (
            codes::HANDLE_INVALID.into(),
            vec!["pool".into(), "OpaqueRef:x".into()]
        )
    );
    // Every pool operation but HA's disable is allowed while nothing runs.
    let allowed = ops(&r);
    assert!(allowed.contains(&"designate_new_master".to_string()));
    assert!(allowed.contains(&"eject".to_string()));
    assert!(!allowed.contains(&"ha_disable".to_string()));
}

#[tokio::test]
async fn eject_refuses_the_coordinator_and_a_host_with_running_guests() {
    let srv = fast().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let h2 = host(&s, "xcp-host-02").await;
    assert_eq!(
        err(&s, "pool.eject", &[json!(h1)]).await,
        (
            codes::INTERNAL_ERROR.into(),
            vec!["Xapi_pool.Cannot_eject_master".into()]
        )
    );
    assert_eq!(
        err(&s, "pool.eject", &[json!(h2)]).await,
        (
            "OPERATION_NOT_ALLOWED".into(),
            vec!["VM resident on host".into()]
        )
    );
    s.call("host.disable", &[json!(h2)]).await.unwrap();
    s.call("host.evacuate", &[json!(h2)]).await.unwrap();
    s.call("pool.eject", &[json!(h2)]).await.unwrap();
    assert_eq!(
        err(&s, "host.get_record", &[json!(h2)]).await,
        (
            codes::HANDLE_INVALID.into(),
            vec!["host".into(), h2.clone()]
        )
    );
    // Its control domain and its local SR went with it; the rest stayed.
    let hosts = s.call("host.get_all", &[]).await.unwrap();
    assert_eq!(hosts, json!([h1]));
    let srs: HashMap<Ref<xenapi::Sr>, xenapi::Sr> = s.get_all_records().await.unwrap();
    assert!(!srs.values().any(|x| x.name_label == "Fast NVMe (host 2)"));
    assert!(srs.values().any(|x| x.name_label == "Shared NFS storage"));
    // Its address no longer answers.
    let member = srv.addresses[1];
    assert!(std::net::TcpStream::connect(member).is_err());
}
