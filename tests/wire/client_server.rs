//! The XenAPI client against the demo server on loopback, over JSON-RPC and XML-RPC: every
//! method the client uses, and the errors xapi raises.

use crate::common::*;
use crate::session::*;
use serde_json::json;
use std::collections::HashMap;
use xenapi::error::codes;
use xenpilot::xenapi::{
    self, Credentials, Network, Pif, Pool, Protocol, Ref, Session, Sr, Vif, Vm,
};

fn find_vm<'a>(vms: &'a HashMap<Ref<Vm>, Vm>, name: &str) -> (&'a Ref<Vm>, &'a Vm) {
    vms.iter()
        .find(|(_, v)| v.name_label == name)
        .unwrap_or_else(|| panic!("no VM {name}"))
}

#[tokio::test]
async fn login_reads_api_version_and_logout_ends_the_session() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        assert_eq!(s.protocol(), Some(p));
        assert_eq!(s.api_version, (2, 21), "{p:?}");
        let r = s.session_ref();
        assert!(srv.state.session(&r).is_some());
        s.logout().await.unwrap();
        assert!(
            srv.state.session(&r).is_none(),
            "{p:?}: logout must end the session"
        );
    }
}

#[tokio::test]
async fn originator_is_sent_at_login() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let info = srv.state.session(&s.session_ref()).unwrap();
    assert!(
        info.originator.starts_with("XenPilot "),
        "{}",
        info.originator
    );
}

#[tokio::test]
async fn wrong_password_is_session_authentication_failed_with_user() {
    let srv = server().await;
    for p in BOTH {
        let e = Session::login(&srv.url, Credentials::new("root", "nope"), opts(p))
            .await
            .unwrap_err();
        let api = e.api().expect("an API error");
        assert_eq!(api.code, codes::SESSION_AUTHENTICATION_FAILED);
        assert_eq!(api.params[0], "root");
        assert!(e.to_string().contains("session.login_with_password"), "{e}");
    }
}

#[tokio::test]
async fn auto_protocol_prefers_json_and_falls_back_to_xml() {
    let srv = server().await;
    let s = Session::login(
        &srv.url,
        Credentials::new("root", PASSWORD),
        Default::default(),
    )
    .await
    .unwrap();
    assert_eq!(s.protocol(), Some(Protocol::JsonRpc));

    let mut cfg = config();
    cfg.xmlrpc_only = true;
    let old = server_with(cfg).await;
    let s = Session::login(
        &old.url,
        Credentials::new("root", PASSWORD),
        Default::default(),
    )
    .await
    .unwrap();
    assert_eq!(s.protocol(), Some(Protocol::XmlRpc));
    let pools = s.get_all_records::<Pool>().await.unwrap();
    assert_eq!(pools.len(), 1);
}

#[tokio::test]
async fn get_all_records_of_every_class_decode_over_both_protocols() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let vms = s.get_all_records::<Vm>().await.unwrap();
        let (_, web) = find_vm(&vms, "web-01");
        assert_eq!(web.power_state, xenapi::PowerState::Running);
        assert_eq!(
            web.vcpus_at_startup, 2,
            "{p:?}: ints arrive as strings over XML-RPC"
        );
        assert_eq!(web.memory_static_max, 4 << 30);
        assert_eq!(web.vifs.len(), 2);
        assert_eq!(
            web.xenstore_data.get("vm-data/role").map(String::as_str),
            Some("frontend")
        );
        let (_, jp) = find_vm(&vms, "ファイルサーバー");
        assert_eq!(jp.name_description, "大阪オフィス用");
        let srs = s.get_all_records::<Sr>().await.unwrap();
        assert!(srs.values().any(|sr| sr.name_label == "Fast NVMe (host 2)"));
        let pifs = s.get_all_records::<Pif>().await.unwrap();
        assert!(
            pifs.values()
                .any(|p| p.other_config.get("ethtool-speed").map(String::as_str) == Some("1000"))
        );
        let nets = s.get_all_records::<Network>().await.unwrap();
        assert!(nets.values().any(|n| n.mtu == 9000));
        let (cache, token) = xenapi::events::load_all(&s).await.unwrap();
        assert!(!token.is_empty());
        for class in xenapi::cache::CLASSES {
            let raw = s.call(&format!("{class}.get_all"), &[]).await.unwrap();
            assert_eq!(
                raw.as_array().unwrap().len(),
                cache.count(class).unwrap(),
                "{p:?}: {class} count"
            );
        }
        assert_eq!(cache.bonds.len(), 1);
        assert_eq!(cache.vlans.len(), 1);
    }
}

#[tokio::test]
async fn record_getters_by_ref_uuid_name_and_field() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let vms = s.get_all_records::<Vm>().await.unwrap();
        let (r, web) = find_vm(&vms, "web-01");
        let rec: Vm = s.get_record(r).await.unwrap();
        assert_eq!(&rec, web);
        let by_uuid = s.call("VM.get_by_uuid", &[json!(web.uuid)]).await.unwrap();
        assert_eq!(by_uuid, json!(r.as_str()));
        let by_name = s
            .call("VM.get_by_name_label", &[json!("web-01")])
            .await
            .unwrap();
        assert_eq!(by_name, json!([r.as_str()]));
        let label = s.call("VM.get_name_label", &[r.into()]).await.unwrap();
        assert_eq!(label, json!("web-01"));
        let e = s
            .call("VM.get_by_uuid", &[json!("not-a-uuid")])
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some(codes::UUID_INVALID));
    }
}

#[tokio::test]
async fn set_name_label_and_map_edits_with_xapi_errors() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let vifs = s.get_all_records::<Vif>().await.unwrap();
        let vif = vifs.keys().next().unwrap().clone();
        let key = format!("ethtool-tx-{p:?}");
        s.add_to_map(&vif, "other_config", &key, "on")
            .await
            .unwrap();
        let e = s
            .add_to_map(&vif, "other_config", &key, "on")
            .await
            .unwrap_err();
        let api = e.api().unwrap();
        assert_eq!(api.code, codes::MAP_DUPLICATE_KEY);
        assert_eq!(
            api.params,
            ["VIF", "other_config", vif.as_str(), key.as_str()]
        );
        s.put_map_key(&vif, "other_config", &key, "off")
            .await
            .unwrap();
        let rec: Vif = s.get_record(&vif).await.unwrap();
        assert_eq!(rec.other_config.get(&key).map(String::as_str), Some("off"));
        s.remove_from_map(&vif, "other_config", &key).await.unwrap();
        s.remove_from_map(&vif, "other_config", &key).await.unwrap(); // absent: no error
        let rec: Vif = s.get_record(&vif).await.unwrap();
        assert!(!rec.other_config.contains_key(&key));

        let gone: Ref<Vif> = Ref::new("OpaqueRef:00000000-dead-beef-0000-000000000000");
        let e = s
            .add_to_map(&gone, "other_config", "k", "v")
            .await
            .unwrap_err();
        assert_eq!(e.api().unwrap().params, ["VIF", gone.as_str()]);
        assert_eq!(e.code(), Some(codes::HANDLE_INVALID));

        let vms = s.get_all_records::<Vm>().await.unwrap();
        let (vm, _) = find_vm(&vms, "db-replica");
        s.call(
            "VM.set_name_label",
            &[vm.into(), json!(format!("db-replica-{p:?}"))],
        )
        .await
        .unwrap();
        let rec: Vm = s.get_record(vm).await.unwrap();
        assert_eq!(rec.name_label, format!("db-replica-{p:?}"));
        s.call("VM.set_name_label", &[vm.into(), json!("db-replica")])
            .await
            .unwrap();

        let mut map = rec.xenstore_data.clone();
        map.insert("vm-data/new".into(), "1".into());
        s.set_map(vm, "xenstore_data", &map).await.unwrap();
        let rec: Vm = s.get_record(vm).await.unwrap();
        assert_eq!(rec.xenstore_data, map);
    }
}

#[tokio::test]
async fn unknown_methods_bad_counts_and_invalid_sessions() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let e = s.call("VM.no_such_call", &[]).await.unwrap_err();
        assert_eq!(e.code(), Some(codes::MESSAGE_METHOD_UNKNOWN));
        assert_eq!(e.api().unwrap().params, ["VM.no_such_call"]);
        let e = s.call("VM.get_record", &[]).await.unwrap_err();
        assert_eq!(e.code(), Some(codes::MESSAGE_PARAMETER_COUNT_MISMATCH));
        assert_eq!(e.api().unwrap().params, ["VM.get_record", "1", "0"]);
        let e = s
            .transport()
            .call("pool.get_all", &[json!("OpaqueRef:bogus")])
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some(codes::SESSION_INVALID));
        assert_eq!(e.api().unwrap().params, ["OpaqueRef:bogus"]);
    }
}

#[tokio::test]
async fn a_dropped_session_is_renewed_transparently() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let old = s.session_ref();
    srv.state.drop_all_sessions(); // as after a toolstack restart
    let pools = s.get_all_records::<Pool>().await.unwrap();
    assert_eq!(pools.len(), 1);
    assert_ne!(s.session_ref(), old);
}

#[tokio::test]
async fn read_only_user_cannot_write() {
    let srv = server().await;
    for p in BOTH {
        let s = Session::login(&srv.url, Credentials::new(RO_USER.0, RO_USER.1), opts(p))
            .await
            .unwrap();
        let vms = s.get_all_records::<Vm>().await.unwrap();
        let (vm, _) = find_vm(&vms, "web-01");
        let e = s
            .add_to_map(vm, "other_config", "k", "v")
            .await
            .unwrap_err();
        let api = e.api().unwrap();
        assert_eq!(api.code, codes::RBAC_PERMISSION_DENIED);
        assert_eq!(api.params[0], "vm.add_to_other_config");
        assert!(api.params[1].contains("vm-admin"), "{}", api.params[1]);
        let rec: Vm = s.get_record(vm).await.unwrap();
        assert!(!rec.other_config.contains_key("k"));
    }
}

#[tokio::test]
async fn host_is_slave_leads_to_the_master() {
    // Master and member share a port on two loopback addresses, as pool hosts share 443.
    let master = xenpilot::demo::DemoServer::start(
        xenpilot::demo::demo_pool(),
        config(),
        ([127, 0, 0, 2], 0).into(),
    )
    .await
    .unwrap();
    let mut cfg = config();
    cfg.redirect_to = Some("127.0.0.2".into());
    let member = xenpilot::demo::DemoServer::start(
        xenpilot::demo::demo_pool(),
        cfg,
        ([127, 0, 0, 1], master.addr.port()).into(),
    )
    .await
    .unwrap();
    let s = login(&member.url, Protocol::JsonRpc).await;
    assert_eq!(s.host_label(), format!("127.0.0.2:{}", master.addr.port()));
    assert_eq!(s.redirected_from.as_deref(), Some(member.url.as_str()));
    assert!(master.state.session(&s.session_ref()).is_some());
}

#[tokio::test]
async fn system_list_methods_names_the_generic_calls() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let v = s.transport().call("system.listMethods", &[]).await.unwrap();
        let names: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|x| x.as_str())
            .collect();
        for m in [
            "VM.get_all_records",
            "PIF.add_to_other_config",
            "VM.set_xenstore_data",
            "event.from",
        ] {
            assert!(names.contains(&m), "{p:?}: {m} missing");
        }
    }
}

#[tokio::test]
async fn vm_power_operations_follow_xapi_rules_and_filter_xenstore_data() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let vms = s.get_all_records::<Vm>().await.unwrap();
    let (vm, rec) = find_vm(&vms, "db-replica");
    assert!(rec.xenstore_data.contains_key("guest-config"));
    let e = s.call("VM.clean_shutdown", &[vm.into()]).await.unwrap_err();
    assert_eq!(e.api().unwrap().params, [vm.as_str(), "running", "halted"]);
    s.call("VM.start", &[vm.into(), json!(false), json!(false)])
        .await
        .unwrap();
    let guest = srv.state.guest_xenstore(vm.as_str());
    assert_eq!(
        guest.get("vm-data/db/role").map(String::as_str),
        Some("replica")
    );
    assert!(
        !guest.contains_key("guest-config"),
        "keys outside vm-data/ never reach the guest"
    );
    assert!(
        !guest.contains_key("vm-data"),
        "the bare vm-data key is not a vm-data/ key"
    );
    let running: Vm = s.get_record(vm).await.unwrap();
    assert_eq!(running.power_state, xenapi::PowerState::Running);
    assert!(!running.resident_on.is_null());
    let e = s
        .call("VM.start", &[vm.into(), json!(false), json!(false)])
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(codes::VM_BAD_POWER_STATE));
    s.call("VM.hard_shutdown", &[vm.into()]).await.unwrap();
    let off: Vm = s.get_record(vm).await.unwrap();
    assert_eq!(off.power_state, xenapi::PowerState::Halted);
    let tmpl = vms.iter().find(|(_, v)| v.is_a_template).unwrap().0;
    let e = s
        .call("VM.start", &[tmpl.into(), json!(false), json!(false)])
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(codes::VM_IS_TEMPLATE));
}
