//! VLANs against the demo server, with xapi's rules, errors and parameters (`xapi_vlan.ml`,
//! `xapi_pool.ml` create_VLAN_from_PIF): the checks in xapi's order and a VLAN from one PIF
//! on every host of a 3-host pool.

use crate::hosts::{err, host, rec};
use crate::networks::{builtin, network_named, new_network, pif, strs, three_hosts};
use crate::session::*;
use serde_json::{Value, json};
use xenapi::Protocol;

#[tokio::test]
async fn vlan_create_checks_in_xapis_order_and_destroy_undoes_it() {
    let srv = builtin().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let eth1 = pif(&s, &h1, "eth1", -1).await;
    let net = new_network(&s, "VLAN 100").await;
    let vlan42 = pif(&s, &h1, "eth1", 42).await;
    let cases: Vec<(Value, i64, Value, &str, Vec<String>)> = vec![
        (
            json!("OpaqueRef:nope"),
            100,
            json!(net),
            "HANDLE_INVALID",
            vec!["PIF".into(), "OpaqueRef:nope".into()],
        ),
        (
            json!(eth1),
            100,
            json!("OpaqueRef:gone"),
            "HANDLE_INVALID",
            vec!["network".into(), "OpaqueRef:gone".into()],
        ),
        (
            json!(vlan42),
            100,
            json!(net),
            "PIF_IS_VLAN",
            vec![vlan42.clone()],
        ),
        (
            json!(eth1),
            4095,
            json!(net),
            "VLAN_TAG_INVALID",
            vec!["4095".into()],
        ),
        (
            json!(eth1),
            -1,
            json!(net),
            "VLAN_TAG_INVALID",
            vec!["-1".into()],
        ),
        (
            json!(eth1),
            42,
            json!(net),
            "PIF_VLAN_EXISTS",
            vec!["eth1".into()],
        ),
    ];
    for (p, tag, n, code, params) in cases {
        assert_eq!(
            err(&s, "VLAN.create", &[p, json!(tag), n]).await,
            (code.to_string(), params),
            "{code}"
        );
    }
    // A network already on this host (the storage VLAN has a PIF here).
    let storage = network_named(&s, "Storage VLAN 42").await;
    assert_eq!(
        err(
            &s,
            "VLAN.create",
            &[json!(eth1), json!(100), json!(storage)]
        )
        .await,
        (
            "NETWORK_ALREADY_CONNECTED".into(),
            vec![h1.clone(), vlan42.clone()]
        )
    );
    s.call("network.set_MTU", &[json!(net), json!(9000)])
        .await
        .unwrap();
    let vlan = s
        .call("VLAN.create", &[json!(eth1), json!(100), json!(net)])
        .await
        .unwrap();
    let v = rec(&s, "VLAN", vlan.as_str().unwrap()).await;
    assert_eq!(
        (v["tagged_PIF"].clone(), v["tag"].clone()),
        (json!(eth1), json!(100))
    );
    let u = rec(&s, "PIF", v["untagged_PIF"].as_str().unwrap()).await;
    let tagged = rec(&s, "PIF", &eth1).await;
    assert_eq!(u["device"], "eth1");
    assert_eq!(u["VLAN"], 100);
    assert_eq!(u["MAC"], "fe:ff:ff:ff:ff:ff");
    assert_eq!(u["physical"], false);
    assert_eq!(u["currently_attached"], true, "plugged");
    assert_eq!(u["MTU"], 9000, "the bridge takes its network's MTU");
    assert_eq!(u["metrics"], tagged["metrics"]);
    assert_eq!(u["VLAN_master_of"], vlan);
    assert_eq!(u["network"], net.as_str());
    assert!(strs(&tagged["VLAN_slave_of"]).contains(&vlan.as_str().unwrap().to_string()));
    assert_eq!(strs(&rec(&s, "network", &net).await["PIFs"]).len(), 1);
    // The network now has a PIF; the VLAN goes first.
    assert_eq!(
        err(&s, "network.destroy", &[json!(net)]).await.0,
        "NETWORK_CONTAINS_PIF"
    );
    s.call("VLAN.destroy", std::slice::from_ref(&vlan))
        .await
        .unwrap();
    assert_eq!(
        err(&s, "VLAN.get_record", std::slice::from_ref(&vlan))
            .await
            .0,
        "HANDLE_INVALID"
    );
    assert_eq!(
        err(&s, "PIF.get_record", &[v["untagged_PIF"].clone()])
            .await
            .0,
        "HANDLE_INVALID"
    );
    assert!(
        !strs(&rec(&s, "PIF", &eth1).await["VLAN_slave_of"])
            .contains(&vlan.as_str().unwrap().to_string())
    );
    s.call("network.destroy", &[json!(net)]).await.unwrap();
}

#[tokio::test]
async fn a_vlan_from_one_pif_appears_on_every_host_with_xapis_fields() {
    let srv = three_hosts().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let hosts = strs(&s.call("host.get_all", &[]).await.unwrap());
    assert_eq!(hosts.len(), 3);
    let eth1 = pif(&s, &hosts[0], "eth1", -1).await;
    let net = new_network(&s, "VLAN 7").await;
    let classes = json!(["network", "PIF", "VLAN"]);
    let token = s
        .call("event.from", &[classes.clone(), json!(""), json!(0.0)])
        .await
        .unwrap()["token"]
        .clone();
    let made = s
        .call(
            "pool.create_VLAN_from_PIF",
            &[json!(eth1), json!(net), json!(7)],
        )
        .await
        .unwrap();
    let made = strs(&made);
    assert_eq!(made.len(), 3);
    assert_eq!(strs(&rec(&s, "network", &net).await["PIFs"]), made);
    // Every object changed fires its event: the new PIFs and VLANs, each tagged NIC (its
    // VLAN_slave_of) and the network (its PIFs).
    let batch = s
        .call("event.from", &[classes, token, json!(1.0)])
        .await
        .unwrap();
    let seen: Vec<(String, String, String)> = batch["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let f = |k: &str| e[k].as_str().unwrap_or_default().to_ascii_lowercase();
            (
                f("class"),
                f("operation"),
                e["ref"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let has = |class: &str, r: &str| seen.iter().any(|(c, _, x)| c == class && x == r);
    for p in &made {
        assert!(
            seen.contains(&("pif".into(), "add".into(), p.clone())),
            "{p}: {seen:?}"
        );
        let v = rec(&s, "PIF", p).await["VLAN_master_of"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(has("vlan", &v), "{v}: {seen:?}");
    }
    for h in &hosts {
        let tagged = pif(&s, h, "eth1", -1).await;
        assert!(has("pif", &tagged), "{tagged}: {seen:?}");
    }
    assert!(has("network", &net), "{seen:?}");
    for h in &hosts {
        let p = rec(&s, "PIF", &pif(&s, h, "eth1", 7).await).await;
        assert_eq!(p["network"], net.as_str());
        assert_eq!(p["currently_attached"], true);
        assert_eq!(p["MAC"], "fe:ff:ff:ff:ff:ff");
        let vlan = rec(&s, "VLAN", p["VLAN_master_of"].as_str().unwrap()).await;
        let tagged = pif(&s, h, "eth1", -1).await;
        assert_eq!(vlan["tagged_PIF"], tagged.as_str());
        assert_eq!(vlan["tag"], 7);
    }
    // A tag already on one host's NIC: refused, and nothing made on any host.
    let other = new_network(&s, "VLAN 8").await;
    let third_eth1 = pif(&s, &hosts[2], "eth1", -1).await;
    s.call(
        "VLAN.create",
        &[
            json!(third_eth1),
            json!(8),
            json!(new_network(&s, "x").await),
        ],
    )
    .await
    .unwrap();
    assert_eq!(
        err(
            &s,
            "pool.create_VLAN_from_PIF",
            &[json!(eth1), json!(other), json!(8)]
        )
        .await,
        ("PIF_VLAN_EXISTS".into(), vec!["eth1".into()])
    );
    assert!(strs(&rec(&s, "network", &other).await["PIFs"]).is_empty());
    assert_eq!(
        err(
            &s,
            "pool.create_VLAN_from_PIF",
            &[json!(eth1), json!(other), json!(5000)]
        )
        .await,
        ("VLAN_TAG_INVALID".into(), vec!["5000".into()])
    );
}
