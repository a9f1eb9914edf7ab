//! The management interface against the demo server: `PIF.reconfigure_ip`,
//! `host.management_reconfigure`, `pool.management_reconfigure` and
//! `host.management_disable` with xapi's errors, and a management change really moving
//! where the host answers: the new address answers, the old one stops.

use crate::hosts::{err, host, rec};
use crate::networks::{builtin, pif, strs, three_hosts};
use crate::reboots::raw_login;
use crate::session::*;
use serde_json::{Value, json};
use std::time::Duration;
use xenapi::transport::Transport;
use xenapi::{Protocol, Session};

/// Waits (up to 10 s) until nothing accepts connections at `url`'s address.
async fn until_refused(url: &str) {
    let addr = url.trim_start_matches("http://").to_string();
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(&addr).await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{url} still answers");
}

fn reconfigure(pif: &str, mode: &str, ip: &str) -> Vec<Value> {
    vec![
        json!(pif),
        json!(mode),
        json!(ip),
        json!(if ip.is_empty() { "" } else { "255.255.255.0" }),
        json!(""),
        json!("192.168.10.2"),
    ]
}

#[tokio::test]
async fn reconfigure_ip_checks_addresses_as_xapi_does() {
    let srv = builtin().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let eth0 = pif(&s, &h1, "eth0", -1).await;
    let eth2 = pif(&s, &h1, "eth2", -1).await;
    let cases: Vec<(Vec<Value>, &str, Vec<String>)> = vec![
        (
            reconfigure("OpaqueRef:x", "DHCP", ""),
            "HANDLE_INVALID",
            vec!["PIF".into(), "OpaqueRef:x".into()],
        ),
        (
            reconfigure(&eth2, "Static", "10.1.1"),
            "INVALID_IP_ADDRESS_SPECIFIED",
            vec!["IP".into()],
        ),
        (
            reconfigure(&eth2, "Static", ""),
            "INVALID_IP_ADDRESS_SPECIFIED",
            vec!["IP".into()],
        ),
        (
            vec![
                json!(eth2),
                json!("Static"),
                json!("10.1.1.1"),
                json!("255.255.0"),
                json!(""),
                json!(""),
            ],
            "INVALID_IP_ADDRESS_SPECIFIED",
            vec!["netmask".into()],
        ),
        (
            vec![
                json!(eth2),
                json!("DHCP"),
                json!(""),
                json!(""),
                json!("gw"),
                json!(""),
            ],
            "INVALID_IP_ADDRESS_SPECIFIED",
            vec!["gateway".into()],
        ),
        (
            reconfigure(&eth0, "None", ""),
            "PIF_IS_MANAGEMENT_IFACE",
            vec![eth0.clone()],
        ),
    ];
    for (args, code, params) in cases {
        assert_eq!(
            err(&s, "PIF.reconfigure_ip", &args).await,
            (code.into(), params),
            "{code}"
        );
    }
    s.call(
        "PIF.reconfigure_ip",
        &reconfigure(&eth2, "Static", "10.20.0.11"),
    )
    .await
    .unwrap();
    let p = rec(&s, "PIF", &eth2).await;
    assert_eq!(
        (
            p["ip_configuration_mode"].clone(),
            p["IP"].clone(),
            p["netmask"].clone(),
            p["DNS"].clone()
        ),
        (
            json!("Static"),
            json!("10.20.0.11"),
            json!("255.255.255.0"),
            json!("192.168.10.2")
        )
    );
    s.call(
        "PIF.reconfigure_ipv6",
        &[
            json!(eth2),
            json!("Static"),
            json!("fd00::11/64"),
            json!(""),
            json!("fd00::53"),
        ],
    )
    .await
    .unwrap();
    let p = rec(&s, "PIF", &eth2).await;
    assert_eq!(p["IPv6"], json!(["fd00::11/64"]));
    assert_eq!(
        p["DNS"], "fd00::53,192.168.10.2",
        "each family keeps the other's servers"
    );
    assert_eq!(
        err(
            &s,
            "PIF.reconfigure_ipv6",
            &[
                json!(eth2),
                json!("Static"),
                json!("fd00::11"),
                json!(""),
                json!("")
            ]
        )
        .await,
        ("INVALID_IP_ADDRESS_SPECIFIED".into(), vec!["IPv6".into()]),
        "an address needs its prefix length"
    );
    // Unplug and plug: the management PIF stays up.
    assert_eq!(
        err(&s, "PIF.unplug", &[json!(eth0)]).await,
        ("PIF_IS_MANAGEMENT_IFACE".into(), vec![eth0.clone()])
    );
    s.call("PIF.unplug", &[json!(eth2)]).await.unwrap();
    assert_eq!(rec(&s, "PIF", &eth2).await["currently_attached"], false);
    s.call("PIF.plug", &[json!(eth2)]).await.unwrap();
    assert_eq!(rec(&s, "PIF", &eth2).await["currently_attached"], true);
    assert_eq!(
        err(
            &s,
            "PIF.set_property",
            &[json!(eth2), json!("gro"), json!("maybe")]
        )
        .await,
        (
            "INVALID_VALUE".into(),
            vec!["properties".into(), "gro = maybe".into()]
        )
    );
    s.call(
        "PIF.set_property",
        &[json!(eth2), json!("gro"), json!("off")],
    )
    .await
    .unwrap();
    assert_eq!(
        rec(&s, "PIF", &eth2).await["properties"],
        json!({"gro": "off"})
    );
}

#[tokio::test]
async fn a_members_new_management_ip_moves_where_it_answers() {
    let srv = builtin().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h2 = host(&s, "xcp-host-02").await;
    let old_url = srv.host_url(&h2).unwrap();
    let eth0 = pif(&s, &h2, "eth0", -1).await;
    s.call(
        "PIF.reconfigure_ip",
        &reconfigure(&eth0, "Static", "127.0.0.42"),
    )
    .await
    .unwrap();
    let new_url = srv.host_url(&h2).unwrap();
    let port = srv.addr.port();
    assert_eq!(new_url, format!("http://127.0.0.42:{port}"));
    assert_eq!(rec(&s, "host", &h2).await["address"], "127.0.0.42");
    // The member answers there as a member does: a login names the coordinator.
    let coordinator = srv.addr.ip().to_string();
    let e = raw_login(&new_url).await.unwrap_err();
    assert_eq!(e.api().unwrap().code, "HOST_IS_SLAVE");
    assert_eq!(e.api().unwrap().params, [coordinator]);
    until_refused(&old_url).await;
    // Its control domain's console names the new address.
    let dom0 = rec(&s, "host", &h2).await["control_domain"].clone();
    let consoles = rec(&s, "VM", dom0.as_str().unwrap()).await["consoles"].clone();
    let c = rec(&s, "console", &strs(&consoles)[0]).await;
    assert!(c["location"].as_str().unwrap().starts_with(&new_url), "{c}");
}

#[tokio::test]
async fn moving_the_coordinators_management_to_another_nic_moves_the_api() {
    let srv = builtin().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let eth1 = pif(&s, &h1, "eth1", -1).await;
    let eth0 = pif(&s, &h1, "eth0", -1).await;
    assert_eq!(
        err(&s, "host.management_reconfigure", &[json!(eth1)]).await,
        (
            "PIF_HAS_NO_NETWORK_CONFIGURATION".into(),
            vec![eth1.clone()]
        )
    );
    // XenCenter's order: an address on the new NIC, then the move.
    s.call(
        "PIF.reconfigure_ip",
        &reconfigure(&eth1, "Static", "192.168.20.11"),
    )
    .await
    .unwrap();
    assert_eq!(
        srv.host_url(&h1).unwrap(),
        srv.url,
        "not the management NIC: no move"
    );
    s.call("host.management_reconfigure", &[json!(eth1)])
        .await
        .unwrap();
    let new_url = srv.host_url(&h1).unwrap();
    assert_ne!(new_url, srv.url);
    until_refused(&srv.url).await;
    let s2 = login(&new_url, Protocol::JsonRpc).await;
    let (a, b) = (rec(&s2, "PIF", &eth1).await, rec(&s2, "PIF", &eth0).await);
    assert_eq!(
        (a["management"].clone(), b["management"].clone()),
        (json!(true), json!(false))
    );
    let address = rec(&s2, "host", &h1).await["address"].clone();
    assert_eq!(
        format!("http://{}:{}", address.as_str().unwrap(), srv.addr.port()),
        new_url
    );
    // Again on the management PIF: nothing to do.
    s2.call("host.management_reconfigure", &[json!(eth1)])
        .await
        .unwrap();
    assert_eq!(srv.host_url(&h1).unwrap(), new_url);
    // A member's login now names the coordinator's new address.
    let h2 = host(&s2, "xcp-host-02").await;
    let e = raw_login(&srv.host_url(&h2).unwrap()).await.unwrap_err();
    assert_eq!(e.api().unwrap().params, [address.as_str().unwrap()]);
}

#[tokio::test]
async fn the_pool_moves_management_to_one_network_members_first() {
    let srv = three_hosts().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let hosts = strs(&s.call("host.get_all", &[]).await.unwrap());
    let eth1 = pif(&s, &hosts[0], "eth1", -1).await;
    let net = rec(&s, "PIF", &eth1).await["network"].clone();
    // The network's first PIF without an address (they all lack one).
    let first = rec(&s, "network", net.as_str().unwrap()).await["PIFs"][0].clone();
    assert_eq!(
        err(
            &s,
            "pool.management_reconfigure",
            std::slice::from_ref(&net)
        )
        .await,
        (
            "PIF_HAS_NO_NETWORK_CONFIGURATION".into(),
            vec![first.as_str().unwrap().to_string()]
        )
    );
    let before: Vec<String> = hosts.iter().map(|h| srv.host_url(h).unwrap()).collect();
    for (i, h) in hosts.iter().enumerate() {
        let p = pif(&s, h, "eth1", -1).await;
        s.call(
            "PIF.reconfigure_ip",
            &reconfigure(&p, "Static", &format!("10.77.0.{}", i + 1)),
        )
        .await
        .unwrap();
    }
    s.call("pool.management_reconfigure", &[net]).await.unwrap();
    let s2 = s_at(&srv).await;
    for (h, old) in hosts.iter().zip(&before) {
        assert_ne!(&srv.host_url(h).unwrap(), old);
        until_refused(old).await;
        let p = rec(&s2, "PIF", &pif(&s2, h, "eth1", -1).await).await;
        assert_eq!(p["management"], true);
        let p = rec(&s2, "PIF", &pif(&s2, h, "eth0", -1).await).await;
        assert_eq!(p["management"], false);
    }
}

fn coordinator(srv: &demo::DemoServer) -> String {
    srv.state.read(|db| demo::state::coordinator(db).unwrap())
}

/// A session at the coordinator's current address.
async fn s_at(srv: &demo::DemoServer) -> Session {
    login(&srv.host_url(&coordinator(srv)).unwrap(), Protocol::JsonRpc).await
}

#[tokio::test]
async fn management_disable_is_refused_on_a_member_and_ends_the_api_on_the_coordinator() {
    let srv = builtin().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h2 = host(&s, "xcp-host-02").await;
    // The same session at the member's address (xapi forwards other calls).
    let member = Transport::new(&srv.host_url(&h2).unwrap(), &opts(Protocol::JsonRpc)).unwrap();
    let e = s
        .call_on(&member, "host.management_disable", &[])
        .await
        .unwrap_err();
    assert_eq!(e.api().unwrap().code, "SLAVE_REQUIRES_MANAGEMENT_IFACE");
    assert!(e.api().unwrap().params.is_empty());
    s.call("host.management_disable", &[]).await.unwrap();
    until_refused(&srv.url).await;
    let h1 = coordinator(&srv);
    let pifs = srv.state.read(|db| {
        db.table("PIF")
            .unwrap()
            .rows
            .values()
            .filter(|r| r.fields["host"] == h1.as_str() && r.fields["management"] == true)
            .count()
    });
    assert_eq!(pifs, 0, "no management PIF left");
}
