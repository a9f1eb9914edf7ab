//! The demo pool's hosts on their own addresses: `/rrd_updates` asked at a host's address
//! answers for that host, and generated pools and loaded dumps get consoles whose locations
//! name their VMs' hosts (a dump's own consoles kept).

use crate::common::*;
use crate::console::{blocking, cfg, console_of, session_of};
use crate::rfb_client::{Rfb, connect};
use serde_json::{Value, json};
use xenpilot::demo::DemoServer;

#[tokio::test(flavor = "multi_thread")]
async fn each_host_answers_on_its_own_address_and_rrd_updates_there_is_that_hosts() {
    let srv = server_with(cfg(false)).await;
    let s = session_of(&srv, "root", PASSWORD).await;
    let hosts: Vec<(String, String)> = srv.state.read(|db| {
        db.table("host")
            .unwrap()
            .rows
            .values()
            .map(|r| {
                let f = |k: &str| r.fields[k].as_str().unwrap().to_string();
                (f("uuid"), f("address"))
            })
            .collect()
    });
    assert_eq!(hosts.len(), 2);
    assert_ne!(hosts[0].1, hosts[1].1, "one address per host");
    for (uuid, address) in &hosts {
        assert!(address.starts_with("127.0.0."), "{address}");
        assert!(srv.addresses.iter().any(|a| a.ip().to_string() == *address));
        let url = format!(
            "http://{address}:{}/rrd_updates?session_id={s}&start=-60&host=true&json=true",
            srv.addr.port()
        );
        let body = reqwest::get(&url).await.unwrap().text().await.unwrap();
        assert!(
            body.contains(&format!("host:{uuid}:")),
            "{address} answers for itself"
        );
        for (other, _) in hosts.iter().filter(|(u, _)| u != uuid) {
            assert!(!body.contains(&format!("host:{other}:")), "not for {other}");
        }
    }
}

/// Every control domain and every guest with a domain has an rfb console, whose location
/// names its host's own address on this server.
fn assert_consoles_everywhere(srv: &DemoServer) -> usize {
    srv.state.read(|db| {
        let mut n = 0;
        for (vm, row) in &db.table("VM").unwrap().rows {
            let f = &row.fields;
            let flag = |k: &str| f.get(k).and_then(Value::as_bool) == Some(true);
            let domain = matches!(f["power_state"].as_str(), Some("Running" | "Paused"))
                && !flag("is_a_template")
                && !flag("is_a_snapshot");
            if !(flag("is_control_domain") || domain) {
                continue;
            }
            let consoles = f["consoles"].as_array().unwrap();
            let rfb = consoles.iter().find(|c| {
                db.field("console", c.as_str().unwrap(), "protocol") == Some(&json!("rfb"))
            });
            let c = rfb.unwrap_or_else(|| panic!("{vm} has an rfb console"));
            let loc = db
                .field("console", c.as_str().unwrap(), "location")
                .unwrap();
            let host = f["resident_on"].as_str().unwrap();
            let addr = db.field("host", host, "address").unwrap().as_str().unwrap();
            let want = format!("http://{addr}:{}/console?", srv.addr.port());
            assert!(loc.as_str().unwrap().starts_with(&want), "{loc} for {vm}");
            n += 1;
        }
        n
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn dumps_and_generated_pools_get_consoles_on_their_hosts_addresses() {
    let spec = xenpilot::demo::generator::PoolSpec {
        vms: 30,
        hosts: 3,
        networks: 2,
        ..Default::default()
    };
    let db = xenpilot::demo::generator::generate(spec);
    let srv = DemoServer::start(db, cfg(false), ([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    assert_eq!(srv.addresses.len(), 3, "one address per host");
    assert!(assert_consoles_everywhere(&srv) >= 3 + 24);
    // A guest on the third host, through its own address.
    let s = session_of(&srv, "root", PASSWORD).await;
    let (_, loc) = console_of(&srv, "vm-00002");
    assert!(loc.contains(&srv.addresses[2].to_string()), "{loc}");
    let name = blocking(move || {
        let (answer, stream) = connect(&loc, Some(&s), None);
        assert_eq!(answer.status, 200, "{answer:?}");
        Rfb::handshake(stream.unwrap(), "003.008").name
    })
    .await;
    assert_eq!(name, "vm-00002");
    srv.stop().await;

    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/xapi-db/boston-db.xml"
    );
    let db = xenpilot::xapidb::dump::load_file(std::path::Path::new(path)).unwrap();
    let srv = DemoServer::start(db, cfg(false), ([127, 0, 0, 1], 0).into())
        .await
        .unwrap();
    assert!(assert_consoles_everywhere(&srv) >= 2);
    // The dump's own control domain console (an older xapi's `?ref=<VM ref>`), kept.
    let (loc, query_kept, here) = srv.state.read(|db| {
        let c = "OpaqueRef:61c7ebc5-ea25-14da-cfa2-ac658d21bad8";
        let loc = db
            .field("console", c, "location")
            .unwrap()
            .as_str()
            .unwrap()
            .to_string();
        let kept = loc.ends_with("?ref=OpaqueRef:f8c9e99d-186b-c9fa-f7ac-86892927885a");
        let vm = "OpaqueRef:f8c9e99d-186b-c9fa-f7ac-86892927885a";
        let host = db.field("VM", vm, "resident_on").unwrap().as_str().unwrap();
        let addr = db.field("host", host, "address").unwrap().as_str().unwrap();
        (loc.clone(), kept, loc.contains(&format!("//{addr}:")))
    });
    assert!(query_kept, "{loc}");
    assert!(here, "{loc} names its control domain's host");
    let s = session_of(&srv, "root", PASSWORD).await;
    let (answer, _) = blocking(move || connect(&loc, Some(&s), None)).await;
    assert_eq!(answer.status, 200, "{answer:?}");
}
