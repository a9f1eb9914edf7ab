//! Real peers against the demo server: the official Python bindings (PyPI `XenAPI`, XML-RPC)
//! and Xen Orchestra's client (npm `xen-api`, JSON-RPC with XML-RPC fallback).
//!
//! The tests install pinned versions under `target/tmp/peers/` the first time they run
//! (`pip install --target`, `npm ci` from the committed lock file). The scripts are beside
//! this file.
//!
//! Where python3/pip or node/npm are missing, the tests that need them pass after printing
//! what they skipped and why; with `CI` set (CI=true on GitHub Actions and in `.ci/run`'s
//! environment) a missing tool fails them instead, so CI always runs the peers.

// Tests may unwrap: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;
mod console;
mod hosts;
mod install;
// Unix sockets to QEMU: not built on Windows.
#[cfg(unix)]
mod qemu_vnc;

use common::*;
use install::{NODE, NPM, PIP, PYTHON, Tool, node_dir, node_script, python_lib, run, scripts_dir};
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output};
use xenpilot::demo::DemoServer;

/// Whether `CI` is set (and not empty, `0` or `false`).
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// Whether `test` can run here: true when all of `tools` are found. Otherwise it says what it
/// skips and why, and the test returns (passes); in CI a missing tool fails the test instead.
fn tools_present(test: &str, tools: &[Tool]) -> bool {
    let missing: Vec<String> = tools
        .iter()
        .filter(|t| !t.found())
        .map(|t| format!("`{}` ({})", t.name, t.hint))
        .collect();
    if missing.is_empty() {
        return true;
    }
    let missing = missing.join("; ");
    assert!(
        !in_ci(),
        "{test}: not on PATH: {missing}. CI is set, and CI must run the peer tests."
    );
    // Straight to stderr: the test harness captures eprintln! of passing tests, and this line
    // is all a skipped test leaves.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: not on PATH: {missing}. It runs wherever they are installed, and \
         always in CI."
    );
    false
}

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
    if !tools_present(
        "python_xenapi_bindings_work_against_the_demo_server",
        &[PYTHON, PIP],
    ) {
        return;
    }
    let lib = python_lib();
    let srv = server().await;
    with_a_bond(&srv);
    let url = srv.url.clone();
    let out = tokio::task::spawn_blocking(move || {
        run(
            Command::new(PYTHON.program)
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

/// XenAPI.py's Async calls: a task to wait on, whose progress advances and whose result is
/// the new VM; cancel; a failing call failing its task.
#[tokio::test(flavor = "multi_thread")]
async fn python_bindings_wait_on_an_async_clone() {
    if !tools_present("python_bindings_wait_on_an_async_clone", &[PYTHON, PIP]) {
        return;
    }
    let lib = python_lib();
    let mut config = config();
    config.task_speed = 5.0;
    let srv = server_with(config).await;
    let url = srv.url.clone();
    let out = tokio::task::spawn_blocking(move || {
        run(
            Command::new(PYTHON.program)
                .arg(scripts_dir().join("python_async.py"))
                .env("PYTHONPATH", &lib)
                .env("XAPI_URL", &url)
                .env("XAPI_PASSWORD", PASSWORD)
                .env("XAPI_VM", "db-replica"),
            "python_async.py",
        )
    })
    .await
    .unwrap();
    let r = parse(&out, "python async");
    assert_eq!(r["task_ref"], true, "{r}");
    assert_eq!(r["task_name"], "Async.VM.clone");
    assert_eq!(r["clone_status"], "success", "{r}");
    let seen: Vec<f64> = r["progress_seen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert!(
        seen.iter().any(|p| *p > 0.0 && *p < 1.0),
        "progress advanced: {seen:?}"
    );
    assert_eq!(seen.last(), Some(&1.0));
    assert_eq!(r["new_vm_name"], "cloned by XenAPI.py");
    assert_eq!(r["copy_status"], "cancelled", "{r}");
    assert_eq!(r["copy_error"][0], "TASK_CANCELLED");
    assert_eq!(r["start_status"], "failure");
    assert_eq!(r["start_error"][0], "VM_BAD_POWER_STATE");
    assert_eq!(
        r["alerts"],
        xenpilot::demo::DEMO_ALERTS + 1,
        "the seeded alerts and VM_CLONED"
    );
}

/// Gives host 1's free NICs a bond, so the peers decode a Bond record too (the built-in
/// pool has none: its NICs are free for one).
fn with_a_bond(srv: &DemoServer) {
    srv.state
        .write(|db| {
            xenpilot::demo::lifecycle::bonds::bond_devices(
                db,
                "xcp-host-01",
                &["eth2", "eth3"],
                "lacp",
            )
        })
        .expect("host 1's eth2 and eth3 bond");
}

async fn node_against(srv: &DemoServer, who: &str) -> Value {
    with_a_bond(srv);
    let dir = node_dir();
    let script = node_script(&dir, &scripts_dir().join("node_peer.mjs"));
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
    if !tools_present("xen_orchestra_client_works_over_json_rpc", &[NODE, NPM]) {
        return;
    }
    let srv = server().await;
    node_against(&srv, "xen-api (JSON-RPC)").await;
    let (json, xml) = srv.state.calls_by_protocol();
    assert!(json > 20 && xml == 0, "json {json}, xml {xml}");
}

#[tokio::test(flavor = "multi_thread")]
async fn xen_orchestra_client_falls_back_to_xml_rpc() {
    if !tools_present("xen_orchestra_client_falls_back_to_xml_rpc", &[NODE, NPM]) {
        return;
    }
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
