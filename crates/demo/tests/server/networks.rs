//! Networks against the demo server, with xapi's rules, errors and parameters
//! (`xapi_network.ml`): the built-in pool's NICs, `network.create`/`destroy`/`set_MTU`, the
//! setters, RBAC and calls forwarded to a member that is down. VLANs are in `vlans.rs`.

use crate::common::{RO_USER, config, server_with};
use crate::hosts::{err, host, rec};
use crate::session::*;
use demo::{DemoServer, generator};
use serde_json::{Value, json};
use xenapi::{Credentials, Protocol, Session};

pub async fn three_hosts() -> DemoServer {
    let db = generator::generate(generator::PoolSpec {
        vms: 6,
        hosts: 3,
        networks: 4,
        alerts: 0,
        tasks: 0,
        pool: 0,
    });
    DemoServer::start(db, config(), ([127, 0, 0, 1], 0).into())
        .await
        .expect("demo server starts")
}

pub async fn builtin() -> DemoServer {
    server_with(config()).await
}

/// An int64 as either protocol sends it (XML-RPC as a string).
pub fn int(v: &Value) -> i64 {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or_else(|| panic!("not an int: {v}"))
}

pub fn records(v: &Value) -> Vec<(String, Value)> {
    v.as_object()
        .unwrap()
        .iter()
        .map(|(r, x)| (r.clone(), x.clone()))
        .collect()
}

/// The PIF of `host` on `device` with VLAN tag `vlan` (-1 for the NIC itself).
pub async fn pif(s: &Session, host: &str, device: &str, vlan: i64) -> String {
    let pifs = s.call("PIF.get_all_records", &[]).await.unwrap();
    records(&pifs)
        .into_iter()
        .find(|(_, p)| p["host"] == host && p["device"] == device && int(&p["VLAN"]) == vlan)
        .map(|(r, _)| r)
        .unwrap_or_else(|| panic!("no {device} (VLAN {vlan}) on {host}"))
}

pub async fn network_named(s: &Session, name: &str) -> String {
    let nets = s.call("network.get_all_records", &[]).await.unwrap();
    records(&nets)
        .into_iter()
        .find(|(_, n)| n["name_label"] == name)
        .map(|(r, _)| r)
        .unwrap_or_else(|| panic!("no network {name}"))
}

pub async fn new_network(s: &Session, name: &str) -> String {
    let r = s
        .call(
            "network.create",
            &[
                json!({"name_label": name, "name_description": "", "MTU": 1500,
                     "other_config": {}, "bridge": "", "managed": true, "tags": []}),
            ],
        )
        .await
        .unwrap();
    r.as_str().unwrap().to_string()
}

pub fn strs(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn every_builtin_server_has_four_nics_with_metrics_and_vlan_42_on_eth1() {
    let srv = builtin().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let vlan_net = network_named(&s, "Storage VLAN 42").await;
    for name in ["xcp-host-01", "xcp-host-02"] {
        let h = host(&s, name).await;
        for (i, dev) in ["eth0", "eth1", "eth2", "eth3"].iter().enumerate() {
            let p = rec(&s, "PIF", &pif(&s, &h, dev, -1).await).await;
            assert_eq!(p["physical"], true);
            assert_eq!(p["management"], i == 0, "{name} {dev}");
            assert_eq!(p["currently_attached"], true, "{name} {dev} is up");
            assert_eq!(p["bond_slave_of"], "OpaqueRef:NULL", "{name} {dev} is free");
            let m = rec(&s, "PIF_metrics", p["metrics"].as_str().unwrap()).await;
            assert_eq!(m["carrier"], true);
            assert!(m["speed"].as_i64().unwrap() > 0);
        }
        let v = rec(&s, "PIF", &pif(&s, &h, "eth1", 42).await).await;
        assert_eq!(v["network"], vlan_net.as_str());
        assert_eq!(v["MAC"], "fe:ff:ff:ff:ff:ff");
        let tagged = rec(&s, "PIF", &pif(&s, &h, "eth1", -1).await).await;
        assert_eq!(
            v["metrics"], tagged["metrics"],
            "a VLAN shares its NIC's metrics"
        );
        let vlan = rec(&s, "VLAN", v["VLAN_master_of"].as_str().unwrap()).await;
        assert_eq!(vlan["tag"], 42);
        assert_eq!(
            strs(&tagged["VLAN_slave_of"]),
            [v["VLAN_master_of"].as_str().unwrap()]
        );
    }
}

#[tokio::test]
async fn network_create_names_the_bridge_and_refuses_bad_ones_as_xapi_does() {
    let srv = builtin().await;
    for (i, p) in BOTH.into_iter().enumerate() {
        let s = login(&srv.url, p).await;
        let create = |bridge: &str, mtu: i64| {
            json!({"name_label": "n", "name_description": "d", "MTU": mtu,
                   "other_config": {"automatic": "false"}, "bridge": bridge, "managed": true,
                   "tags": ["t"]})
        };
        let r = s.call("network.create", &[create("", 0)]).await.unwrap();
        let n = rec(&s, "network", r.as_str().unwrap()).await;
        assert_eq!(int(&n["MTU"]), 1500, "0 or less is 1500");
        let bridge = n["bridge"].as_str().unwrap().to_string();
        assert!(bridge.starts_with("xapi"), "{bridge}");
        assert_eq!(n["other_config"]["automatic"], "false");
        assert_eq!(strs(&n["PIFs"]).len(), 0);
        for bad in ["xenbr7", "xapi99", "eth9", "a-very-long-bridge-name"] {
            assert_eq!(
                err(&s, "network.create", &[create(bad, 1500)]).await,
                ("INVALID_VALUE".into(), vec!["bridge".into(), bad.into()])
            );
        }
        let mine = format!("br{i}");
        s.call("network.create", &[create(&mine, 9000)])
            .await
            .unwrap();
        assert_eq!(
            err(&s, "network.create", &[create(&mine, 9000)]).await,
            ("BRIDGE_NAME_EXISTS".into(), vec![mine.clone()])
        );
    }
}

#[tokio::test]
async fn network_destroy_is_refused_while_vifs_or_pifs_use_it_and_takes_idle_vifs() {
    let srv = builtin().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    // A running VM's VIF.
    let prod = network_named(&s, "本番ネットワーク").await;
    let vifs = rec(&s, "network", &prod).await["VIFs"].clone();
    let (code, params) = err(&s, "network.destroy", &[json!(prod)]).await;
    assert_eq!(code, "NETWORK_CONTAINS_VIF");
    assert_eq!(params, strs(&vifs));
    // PIFs of both hosts.
    let eth2 = network_named(&s, "Pool-wide network associated with eth2").await;
    let pifs = rec(&s, "network", &eth2).await["PIFs"].clone();
    let (code, mut params) = err(&s, "network.destroy", &[json!(eth2)]).await;
    params.sort();
    assert_eq!(code, "NETWORK_CONTAINS_PIF");
    assert_eq!(params, strs(&pifs));
    assert_eq!(params.len(), 2);
    let himn = network_named(&s, "Host internal management network").await;
    assert_eq!(
        err(&s, "network.destroy", &[json!(himn)]).await,
        ("CANNOT_DESTROY_SYSTEM_NETWORK".into(), vec![himn.clone()])
    );
    // A VIF not attached goes with its network.
    let net = new_network(&s, "scratch").await;
    let vm = crate::tasks::vm_ref(&s, "db-replica").await;
    let vif = s
        .call(
            "VIF.create",
            &[
                json!({"device": "7", "network": net, "VM": vm.as_str(), "MAC": "", "MTU": 1500,
                     "other_config": {}, "qos_algorithm_type": "", "qos_algorithm_params": {}}),
            ],
        )
        .await
        .unwrap();
    s.call("network.destroy", &[json!(net)]).await.unwrap();
    assert_eq!(
        err(&s, "network.get_record", &[json!(net)]).await.0,
        "HANDLE_INVALID"
    );
    assert_eq!(err(&s, "VIF.get_record", &[vif]).await.0, "HANDLE_INVALID");
}

#[tokio::test]
async fn network_setters_change_only_what_they_name() {
    let srv = builtin().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let net = new_network(&s, "edit me").await;
    s.call("network.set_MTU", &[json!(net), json!(9000)])
        .await
        .unwrap();
    s.call("network.set_name_label", &[json!(net), json!("edited")])
        .await
        .unwrap();
    s.call("network.set_name_description", &[json!(net), json!("why")])
        .await
        .unwrap();
    s.call("network.add_tags", &[json!(net), json!("lab")])
        .await
        .unwrap();
    s.call(
        "network.add_to_other_config",
        &[json!(net), json!("automatic"), json!("false")],
    )
    .await
    .unwrap();
    let n = rec(&s, "network", &net).await;
    assert_eq!(
        (
            n["MTU"].clone(),
            n["name_label"].clone(),
            n["name_description"].clone()
        ),
        (json!(9000), json!("edited"), json!("why"))
    );
    assert_eq!(n["tags"], json!(["lab"]));
    assert_eq!(n["other_config"], json!({"automatic": "false"}));
    s.call("network.remove_tags", &[json!(net), json!("lab")])
        .await
        .unwrap();
    s.call(
        "network.remove_from_other_config",
        &[json!(net), json!("automatic")],
    )
    .await
    .unwrap();
    let n = rec(&s, "network", &net).await;
    assert_eq!(
        (n["tags"].clone(), n["other_config"].clone()),
        (json!([]), json!({}))
    );
    assert_eq!(
        err(&s, "network.set_MTU", &[json!(net), json!("big")]).await,
        ("FIELD_TYPE_ERROR".into(), vec!["value".into()])
    );
    assert_eq!(
        err(
            &s,
            "network.set_MTU",
            &[json!("OpaqueRef:nope"), json!(1500)]
        )
        .await,
        (
            "HANDLE_INVALID".into(),
            vec!["network".into(), "OpaqueRef:nope".into()]
        )
    );
}

#[tokio::test]
async fn a_read_only_user_is_refused_every_network_change_before_any_lookup() {
    let srv = builtin().await;
    let ro = Session::login(
        &srv.url,
        Credentials::new(RO_USER.0, RO_USER.1),
        opts(Protocol::JsonRpc),
    )
    .await
    .unwrap();
    let x = json!("OpaqueRef:nope");
    let calls: Vec<(&str, Vec<Value>)> = vec![
        ("network.create", vec![json!({"name_label": "n"})]),
        ("network.destroy", vec![x.clone()]),
        ("network.set_MTU", vec![x.clone(), json!(1500)]),
        ("VLAN.create", vec![x.clone(), json!(5), x.clone()]),
        ("VLAN.destroy", vec![x.clone()]),
        (
            "pool.create_VLAN_from_PIF",
            vec![x.clone(), x.clone(), json!(5)],
        ),
        (
            "Bond.create",
            vec![x.clone(), json!([]), json!(""), json!("lacp"), json!({})],
        ),
        ("Bond.destroy", vec![x.clone()]),
        ("Bond.set_mode", vec![x.clone(), json!("lacp")]),
        (
            "Bond.set_property",
            vec![x.clone(), json!("lacp-time"), json!("fast")],
        ),
        ("PIF.plug", vec![x.clone()]),
        ("PIF.unplug", vec![x.clone()]),
        ("PIF.forget", vec![x.clone()]),
        (
            "PIF.set_property",
            vec![x.clone(), json!("gro"), json!("off")],
        ),
        (
            "PIF.reconfigure_ip",
            vec![
                x.clone(),
                json!("DHCP"),
                json!(""),
                json!(""),
                json!(""),
                json!(""),
            ],
        ),
        (
            "PIF.reconfigure_ipv6",
            vec![x.clone(), json!("None"), json!(""), json!(""), json!("")],
        ),
        ("host.management_reconfigure", vec![x.clone()]),
        ("host.management_disable", vec![]),
        ("pool.management_reconfigure", vec![x.clone()]),
    ];
    for (m, args) in calls {
        let (code, params) = err(&ro, m, &args).await;
        assert_eq!(code, "RBAC_PERMISSION_DENIED", "{m}");
        assert_eq!(params[0], m.to_ascii_lowercase());
        if m.starts_with("network.") {
            assert!(
                params[1]
                    .ends_with("(Roles with this permission: pool-admin, pool-operator, vm-admin)"),
                "{params:?}"
            );
        }
    }
}

/// xapi forwards these to the PIF's (or bond's) host: a member that is down answers
/// HOST_OFFLINE naming it, before any check of the call itself.
#[tokio::test]
async fn calls_forwarded_to_a_member_that_is_down_fail_host_offline() {
    let srv = builtin().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h2 = host(&s, "xcp-host-02").await;
    let (e2, e3) = (
        pif(&s, &h2, "eth2", -1).await,
        pif(&s, &h2, "eth3", -1).await,
    );
    let net = new_network(&s, "to host 2").await;
    let metrics = rec(&s, "host", &h2).await["metrics"]
        .as_str()
        .unwrap()
        .to_string();
    srv.state
        .write(|db| db.set_field("host_metrics", &metrics, "live", json!(false)));
    let calls: Vec<(&str, Vec<Value>)> = vec![
        ("VLAN.create", vec![json!(e2), json!(77), json!(net)]),
        (
            "Bond.create",
            vec![
                json!(net),
                json!([e2, e3]),
                json!(""),
                json!("lacp"),
                json!({}),
            ],
        ),
        ("PIF.plug", vec![json!(e2)]),
        ("PIF.unplug", vec![json!(e2)]),
        ("PIF.forget", vec![json!(e2)]),
        (
            "PIF.set_property",
            vec![json!(e2), json!("gro"), json!("off")],
        ),
        (
            "PIF.reconfigure_ip",
            vec![
                json!(e2),
                json!("DHCP"),
                json!(""),
                json!(""),
                json!(""),
                json!(""),
            ],
        ),
        ("host.management_reconfigure", vec![json!(e2)]),
    ];
    for (m, args) in calls {
        assert_eq!(
            err(&s, m, &args).await,
            ("HOST_OFFLINE".into(), vec![h2.clone()]),
            "{m}"
        );
    }
    // Nothing changed on it.
    assert_eq!(rec(&s, "PIF", &e2).await["bond_slave_of"], "OpaqueRef:NULL");
    assert!(strs(&rec(&s, "network", &net).await["PIFs"]).is_empty());
}
