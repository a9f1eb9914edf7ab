//! Real peers against the demo server: the official Python bindings (PyPI `XenAPI`, XML-RPC)
//! and Xen Orchestra's client (npm `xen-api`, JSON-RPC with XML-RPC fallback).
//!
//! The tests install pinned versions under `target/tmp/peers/` the first time they run
//! (`pip install --target`, `npm ci` from the committed lock file) and fail with a clear
//! message when python3 or node is missing. The scripts are in `tests/peers/`.

mod common;
#[path = "peers/install.rs"]
mod install;

use common::*;
use install::{node_dir, python_lib, run, scripts_dir};
use serde_json::Value;
use std::process::{Command, Output};
use xenpilot::demo::DemoServer;

const CLASSES: [&str; 17] = [
    "pool",
    "host",
    "host_metrics",
    "VM",
    "VM_metrics",
    "VM_guest_metrics",
    "network",
    "PIF",
    "PIF_metrics",
    "VIF",
    "SR",
    "PBD",
    "VDI",
    "VBD",
    "Bond",
    "VLAN",
    "task",
];

fn counts(srv: &DemoServer) -> Value {
    srv.state.read(|db| {
        CLASSES
            .iter()
            .map(|c| (c.to_string(), Value::from(db.count(c))))
            .collect()
    })
}

fn parse(out: &Output, who: &str) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{who} printed no JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// What both peers must have seen: every class, the edit, MAP_DUPLICATE_KEY, the event.
fn check_common(report: &Value, srv: &DemoServer, key: &str, value: &str, who: &str) {
    assert_eq!(report["session_ok"], true, "{who}: {report}");
    assert_eq!(
        report["counts"],
        counts(srv),
        "{who}: get_all_records counts"
    );
    for c in ["VM", "host", "SR", "PIF", "VIF", "Bond", "VLAN"] {
        assert!(
            report["counts"][c].as_u64().unwrap() > 0,
            "{who}: {c} empty"
        );
    }
    assert_eq!(report["other_config"], value, "{who}: edit read back");
    let dup = report["duplicate"].as_array().expect("duplicate raised");
    assert_eq!(dup[0], "MAP_DUPLICATE_KEY", "{who}: {dup:?}");
    assert_eq!(dup[1], "VM", "{who}: {dup:?}");
    assert_eq!(dup[2], "other_config", "{who}: {dup:?}");
    assert_eq!(dup[4], key, "{who}: {dup:?}");
    assert_eq!(report["event_saw"], value, "{who}: event.from saw the edit");
    let vm_has = srv.state.read(|db| {
        let t = db.table("VM").unwrap();
        t.rows
            .values()
            .any(|row| row.fields["other_config"][key] == value)
    });
    assert!(vm_has, "{who}: the server holds the edit");
}

#[tokio::test(flavor = "multi_thread")]
async fn python_xenapi_bindings_work_against_the_demo_server() {
    let lib = python_lib();
    let srv = server().await;
    let url = srv.url.clone();
    let out = tokio::task::spawn_blocking(move || {
        run(
            Command::new("python3")
                .arg(scripts_dir().join("python_peer.py"))
                .env("PYTHONPATH", &lib)
                .env("XAPI_URL", &url)
                .env("XAPI_PASSWORD", PASSWORD)
                .env("XAPI_VM", "web-01"),
            "python_peer.py",
        )
    })
    .await
    .unwrap();
    let report = parse(&out, "python");
    let (json, xml) = srv.state.calls_by_protocol();
    assert!(json == 0 && xml > 20, "json {json}, xml {xml}");
    check_common(&report, &srv, "peer-python", "set by XenAPI.py", "python");
    assert_eq!(
        report["after_logout"][0], "SESSION_INVALID",
        "logout ends the session: {report}"
    );
    assert_eq!(srv.state.session_count(), 0);
}

async fn node_against(srv: &DemoServer, who: &str) -> Value {
    let dir = node_dir();
    // ES modules resolve packages next to the script, not through NODE_PATH.
    let script = dir.join("node_peer.mjs");
    std::fs::copy(scripts_dir().join("node_peer.mjs"), &script).expect("copy script");
    let url = srv.url.clone();
    let out = tokio::task::spawn_blocking(move || {
        run(
            Command::new("node")
                .arg(&script)
                .current_dir(&dir)
                .env("XAPI_URL", &url)
                .env("XAPI_PASSWORD", PASSWORD)
                .env("XAPI_VM", "web-02"),
            "node_peer.mjs",
        )
    })
    .await
    .unwrap();
    let report = parse(&out, who);
    check_common(&report, srv, "peer-node", "set by xen-api", who);
    let sid = report["session_id"].as_str().unwrap();
    assert!(srv.state.session(sid).is_none(), "{who}: logged out");
    report
}

#[tokio::test(flavor = "multi_thread")]
async fn xen_orchestra_client_works_over_json_rpc() {
    let srv = server().await;
    node_against(&srv, "xen-api (JSON-RPC)").await;
    let (json, xml) = srv.state.calls_by_protocol();
    assert!(json > 20 && xml == 0, "json {json}, xml {xml}");
}

#[tokio::test(flavor = "multi_thread")]
async fn xen_orchestra_client_falls_back_to_xml_rpc() {
    let mut config = config();
    config.xmlrpc_only = true;
    let srv = server_with(config).await;
    node_against(&srv, "xen-api (XML-RPC fallback)").await;
    let (json, xml) = srv.state.calls_by_protocol();
    assert!(
        json == 1 && xml > 20,
        "one JSON probe, then XML: json {json}, xml {xml}"
    );
}
