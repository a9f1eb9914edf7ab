//! Bonds against the demo server with xapi's rules (`xapi_bond.ml`): a bond on every host of
//! a 3-host pool with xapi's fields, each refusal with its code and parameters, the
//! management interface moving up to a bond and back, and the LACP properties.

use crate::hosts::{err, host, rec};
use crate::networks::{builtin, new_network, pif, strs, three_hosts};
use crate::session::*;
use serde_json::{Value, json};
use xenapi::{Protocol, Session};

async fn bond(s: &Session, net: &str, members: &[&str], mode: &str, props: Value) -> String {
    s.call(
        "Bond.create",
        &[json!(net), json!(members), json!(""), json!(mode), props],
    )
    .await
    .unwrap()
    .as_str()
    .unwrap()
    .to_string()
}

#[tokio::test]
async fn a_bond_on_every_host_of_the_pool_has_xapis_fields() {
    let srv = three_hosts().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let hosts = strs(&s.call("host.get_all", &[]).await.unwrap());
    let net = new_network(&s, "Bond 2+3").await;
    s.call("network.set_MTU", &[json!(net), json!(9000)])
        .await
        .unwrap();
    // XenCenter's order: the coordinator last.
    let master = s.call("pool.get_all_records", &[]).await.unwrap();
    let coordinator = master.as_object().unwrap().values().next().unwrap()["master"].clone();
    let mut order = hosts.clone();
    order.sort_by_key(|h| json!(h) == coordinator);
    for h in &order {
        let (e2, e3) = (pif(&s, h, "eth2", -1).await, pif(&s, h, "eth3", -1).await);
        let b = bond(&s, &net, &[&e2, &e3], "lacp", json!({"lacp-time": "fast"})).await;
        let br = rec(&s, "Bond", &b).await;
        assert_eq!(strs(&br["slaves"]), strs(&json!([e2, e3])));
        assert_eq!(
            br["primary_slave"],
            e2.as_str(),
            "the first member without IP"
        );
        assert_eq!(br["mode"], "lacp");
        assert_eq!(
            br["properties"],
            json!({"hashing_algorithm": "tcpudp_ports", "lacp-time": "fast", "lacp-fallback-ab": "true"})
        );
        assert_eq!(br["links_up"], 2);
        let m = rec(&s, "PIF", br["master"].as_str().unwrap()).await;
        let first = rec(&s, "PIF", &e2).await;
        assert_eq!(m["device"], "bond0");
        assert_eq!(m["host"], h.as_str());
        assert_eq!(m["network"], net.as_str());
        assert_eq!(m["MAC"], first["MAC"], "the primary member's MAC");
        assert_eq!(m["physical"], false);
        assert_eq!(m["currently_attached"], true);
        assert_eq!(m["MTU"], 9000, "the network's MTU");
        assert_eq!(m["bond_master_of"], json!([b]));
        assert_eq!(m["VLAN"], -1);
        let metrics = rec(&s, "PIF_metrics", m["metrics"].as_str().unwrap()).await;
        assert_eq!(metrics["carrier"], true);
        for p in [&e2, &e3] {
            let p = rec(&s, "PIF", p).await;
            assert_eq!(p["bond_slave_of"], b.as_str());
            assert_eq!(
                p["currently_attached"], false,
                "members go down under the master"
            );
        }
        assert_eq!(
            rec(&s, "network", first["network"].as_str().unwrap()).await["MTU"],
            9000
        );
    }
    assert_eq!(strs(&rec(&s, "network", &net).await["PIFs"]).len(), 3);
    // Destroying one host's bond gives its members back.
    let h = &hosts[0];
    let e2 = pif(&s, h, "eth2", -1).await;
    let b = rec(&s, "PIF", &e2).await["bond_slave_of"].clone();
    s.call("Bond.destroy", std::slice::from_ref(&b))
        .await
        .unwrap();
    assert_eq!(err(&s, "Bond.get_record", &[b]).await.0, "HANDLE_INVALID");
    let p = rec(&s, "PIF", &e2).await;
    assert_eq!(p["bond_slave_of"], "OpaqueRef:NULL");
    assert_eq!(p["currently_attached"], true);
    assert_eq!(strs(&rec(&s, "network", &net).await["PIFs"]).len(), 2);
}

#[tokio::test]
async fn bond_create_refuses_what_xapi_refuses() {
    let srv = builtin().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let (h1, h2) = (host(&s, "xcp-host-01").await, host(&s, "xcp-host-02").await);
    let e2 = pif(&s, &h1, "eth2", -1).await;
    let e3 = pif(&s, &h1, "eth3", -1).await;
    let other = pif(&s, &h2, "eth3", -1).await;
    let vlan42 = pif(&s, &h1, "eth1", 42).await;
    let net = new_network(&s, "bond").await;
    let call = |members: Value, mac: &str, mode: &str, props: Value| {
        vec![json!(net), members, json!(mac), json!(mode), props]
    };
    let none = Vec::<String>::new();
    let cases: Vec<(Vec<Value>, &str, Vec<String>)> = vec![
        (
            call(json!([]), "", "lacp", json!({})),
            "PIF_BOND_NEEDS_MORE_MEMBERS",
            none.clone(),
        ),
        (
            call(json!(["OpaqueRef:x"]), "", "lacp", json!({})),
            "HANDLE_INVALID",
            vec!["PIF".into(), "OpaqueRef:x".into()],
        ),
        (
            call(json!([e2, e3]), "zz:00", "lacp", json!({})),
            "MAC_INVALID",
            vec!["zz:00".into()],
        ),
        (
            call(
                json!([e2, e3]),
                "",
                "balance-slb",
                json!({"hashing_algorithm": "src_mac"}),
            ),
            "INVALID_VALUE",
            vec!["properties".into(), "hashing_algorithm = src_mac".into()],
        ),
        (
            call(
                json!([e2, e3]),
                "",
                "lacp",
                json!({"lacp-time": "sometimes"}),
            ),
            "INVALID_VALUE",
            vec!["properties".into(), "lacp-time = sometimes".into()],
        ),
        (
            call(
                json!([e2, e3]),
                "",
                "lacp",
                json!({"lacp-aggregation-key": "x"}),
            ),
            "INVALID_VALUE",
            vec!["properties".into(), "lacp-aggregation-key = x".into()],
        ),
        (
            call(json!([e2, vlan42]), "", "lacp", json!({})),
            "PIF_VLAN_EXISTS",
            vec!["eth1".into()],
        ),
        (
            call(json!([e2, other]), "", "lacp", json!({})),
            "PIF_CANNOT_BOND_CROSS_HOST",
            none.clone(),
        ),
    ];
    for (args, code, params) in cases {
        assert_eq!(
            err(&s, "Bond.create", &args).await,
            (code.into(), params),
            "{code}"
        );
    }
    assert_eq!(
        err(
            &s,
            "Bond.create",
            &[
                json!(net),
                json!([e2, e3]),
                json!(""),
                json!("round-robin"),
                json!({})
            ]
        )
        .await,
        (
            "INVALID_VALUE".into(),
            vec!["mode".into(), "round-robin".into()]
        )
    );
    // Two members with IP configuration.
    let eth0 = pif(&s, &h1, "eth0", -1).await;
    s.call(
        "PIF.reconfigure_ip",
        &[
            json!(e3),
            json!("Static"),
            json!("10.9.0.1"),
            json!("255.255.255.0"),
            json!(""),
            json!(""),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        err(
            &s,
            "Bond.create",
            &call(json!([eth0, e3]), "", "lacp", json!({}))
        )
        .await,
        ("PIF_BOND_MORE_THAN_ONE_IP".into(), none.clone())
    );
    // Already bonded; a network already on this host.
    let b = bond(&s, &net, &[&e2, &e3], "active-backup", json!({})).await;
    let net2 = new_network(&s, "bond again").await;
    assert_eq!(
        err(
            &s,
            "Bond.create",
            &[
                json!(net2),
                json!([e2, e3]),
                json!(""),
                json!("lacp"),
                json!({})
            ]
        )
        .await,
        ("PIF_ALREADY_BONDED".into(), vec![e2.clone()])
    );
    let master = rec(&s, "Bond", &b).await["master"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        err(
            &s,
            "Bond.create",
            &call(json!([eth0]), "", "lacp", json!({}))
        )
        .await,
        (
            "NETWORK_ALREADY_CONNECTED".into(),
            vec![h1.clone(), master.clone()]
        )
    );
    // The member with an address is the primary: its configuration moved to the master.
    let m = rec(&s, "PIF", &master).await;
    assert_eq!(
        (m["IP"].clone(), m["ip_configuration_mode"].clone()),
        (json!("10.9.0.1"), json!("Static"))
    );
    assert_eq!(rec(&s, "PIF", &e3).await["IP"], "");
    assert_eq!(rec(&s, "Bond", &b).await["primary_slave"], e3.as_str());
    assert_eq!(m["MAC"], rec(&s, "PIF", &e3).await["MAC"]);
    // A member cannot be plugged on its own, nor carry a VLAN.
    assert_eq!(
        err(&s, "PIF.plug", &[json!(e2)]).await,
        ("CANNOT_PLUG_BOND_SLAVE".into(), vec![e2.clone()])
    );
    assert_eq!(
        err(
            &s,
            "VLAN.create",
            &[json!(e2), json!(9), json!(new_network(&s, "v9").await)]
        )
        .await,
        ("CANNOT_ADD_VLAN_TO_BOND_SLAVE".into(), vec![e2.clone()])
    );
    assert_eq!(
        err(&s, "PIF.forget", &[json!(e2)]).await,
        ("PIF_ALREADY_BONDED".into(), vec![e2.clone()])
    );
}

#[tokio::test]
async fn bonding_the_management_nic_moves_management_to_the_bond_and_back() {
    let srv = builtin().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h2 = host(&s, "xcp-host-02").await;
    let address = rec(&s, "host", &h2).await["address"].clone();
    let eth0 = pif(&s, &h2, "eth0", -1).await;
    let eth2 = pif(&s, &h2, "eth2", -1).await;
    let ip = rec(&s, "PIF", &eth0).await["IP"].clone();
    let net = new_network(&s, "mgmt bond").await;
    let b = bond(&s, &net, &[&eth2, &eth0], "active-backup", json!({})).await;
    let br = rec(&s, "Bond", &b).await;
    assert_eq!(
        br["primary_slave"],
        eth0.as_str(),
        "the management member is the primary"
    );
    assert_eq!(br["properties"], json!({}), "only LACP has properties");
    let m = rec(&s, "PIF", br["master"].as_str().unwrap()).await;
    assert_eq!(m["management"], true);
    assert_eq!(m["IP"], ip);
    let old = rec(&s, "PIF", &eth0).await;
    assert_eq!(
        (old["management"].clone(), old["IP"].clone()),
        (json!(false), json!(""))
    );
    assert_eq!(
        old["ip_configuration_mode"], "None",
        "the configuration moved with management"
    );
    assert_eq!(
        rec(&s, "host", &h2).await["address"],
        address,
        "same IP, same address"
    );
    assert_eq!(
        err(&s, "PIF.unplug", &[br["master"].clone()]).await,
        (
            "PIF_IS_MANAGEMENT_IFACE".into(),
            vec![br["master"].as_str().unwrap().into()]
        )
    );
    s.call("Bond.destroy", &[json!(b)]).await.unwrap();
    let back = rec(&s, "PIF", &eth0).await;
    assert_eq!(
        (back["management"].clone(), back["IP"].clone()),
        (json!(true), ip)
    );
    assert_eq!(rec(&s, "PIF", &eth2).await["currently_attached"], true);
}

#[tokio::test]
async fn bond_mode_and_properties_follow_xapis_requirements() {
    let srv = builtin().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let (e2, e3) = (
        pif(&s, &h1, "eth2", -1).await,
        pif(&s, &h1, "eth3", -1).await,
    );
    let net = new_network(&s, "modes").await;
    let b = bond(&s, &net, &[&e2, &e3], "balance-slb", json!({})).await;
    assert_eq!(
        err(
            &s,
            "Bond.set_property",
            &[json!(b), json!("lacp-time"), json!("fast")]
        )
        .await,
        (
            "INVALID_VALUE".into(),
            vec!["properties".into(), "lacp-time = fast".into()]
        ),
        "balance-slb takes no properties"
    );
    s.call("Bond.set_mode", &[json!(b), json!("lacp")])
        .await
        .unwrap();
    let r = rec(&s, "Bond", &b).await;
    assert_eq!(r["mode"], "lacp");
    assert_eq!(
        r["properties"],
        json!({"hashing_algorithm": "tcpudp_ports", "lacp-time": "slow", "lacp-fallback-ab": "true"})
    );
    s.call(
        "Bond.set_property",
        &[json!(b), json!("hashing_algorithm"), json!("src_mac")],
    )
    .await
    .unwrap();
    s.call(
        "Bond.set_property",
        &[json!(b), json!("lacp-aggregation-key"), json!("42")],
    )
    .await
    .unwrap();
    assert_eq!(
        rec(&s, "Bond", &b).await["properties"]["hashing_algorithm"],
        "src_mac"
    );
    assert_eq!(
        err(
            &s,
            "Bond.set_property",
            &[json!(b), json!("hashing_algorithm"), json!("dst_ip")]
        )
        .await,
        (
            "INVALID_VALUE".into(),
            vec!["properties".into(), "hashing_algorithm = dst_ip".into()]
        )
    );
    s.call("Bond.set_mode", &[json!(b), json!("active-backup")])
        .await
        .unwrap();
    assert_eq!(rec(&s, "Bond", &b).await["properties"], json!({}));
    assert_eq!(
        err(&s, "Bond.set_mode", &[json!("OpaqueRef:x"), json!("lacp")]).await,
        (
            "HANDLE_INVALID".into(),
            vec!["Bond".into(), "OpaqueRef:x".into()]
        )
    );
}

/// The app runs these as tasks: Async.Bond.create's task ends with the bond, and a refusal
/// fails the task with xapi's error.
#[tokio::test]
async fn async_bond_create_ends_with_the_bond_or_its_refusal() {
    use xenapi::tasks::TaskState;
    let srv = builtin().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h2 = host(&s, "xcp-host-02").await;
    let (e2, e3) = (
        pif(&s, &h2, "eth2", -1).await,
        pif(&s, &h2, "eth3", -1).await,
    );
    let net = new_network(&s, "Bond 2+3").await;
    let args = [
        json!(net),
        json!([e2, e3]),
        json!(""),
        json!("active-backup"),
        json!({}),
    ];
    let task = s.call_async("Bond.create", &args).await.unwrap();
    let (_, end) = crate::tasks::run(&s, &task).await;
    let TaskState::Succeeded(result) = end else {
        panic!("{end:?}")
    };
    let bond = rec(&s, "PIF", &e2).await["bond_slave_of"].clone();
    assert!(
        result.to_string().contains(bond.as_str().unwrap()),
        "{result}"
    );
    // Again: the members are bonded now.
    let task = s.call_async("Bond.create", &args).await.unwrap();
    let (_, end) = crate::tasks::run(&s, &task).await;
    let TaskState::Failed(e) = end else {
        panic!("{end:?}")
    };
    assert_eq!(e.code, "NETWORK_ALREADY_CONNECTED", "{e:?}");
}
