//! `xenpilot tree`: the window's tree as text, from a dump, a server or the demo pool.

use std::process::Command;
use xenpilot::demo::{self, DemoConfig, DemoServer};

fn xenpilot() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xenpilot"));
    c.env("RUST_LOG", "error");
    c
}

fn fixture(name: &str) -> String {
    format!(
        "{}/../shared/fixtures/xapi-db/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn tree_of_a_dump_in_japanese() {
    let out = xenpilot()
        .args(["tree", "--lang", "ja", "--open", &fixture("state1.xml")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("Hottub\n  inflames\n"), "{text}");
    assert!(text.contains("\n    ローカル ストレージ\n"), "{text}");
    assert!(
        !text.contains("CentOS"),
        "default templates are off by default"
    );
}

#[test]
fn tree_objects_view_with_hidden_objects_of_the_demo_pool() {
    let out = xenpilot()
        .args([
            "tree",
            "--lang",
            "en-US",
            "--view",
            "objects",
            "--show-hidden",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("\nNetworks\n") && text.contains("\nNICs\n"),
        "{text}"
    );
    assert!(text.contains("  backup-appliance (hidden)\n"), "{text}");
}

#[test]
fn tree_of_a_server_matches_the_same_pool_as_a_dump() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let srv = rt
        .block_on(DemoServer::start(
            demo::demo_pool(),
            DemoConfig::new("secret"),
            ([127, 0, 0, 1], 0).into(),
        ))
        .unwrap();
    let out = xenpilot()
        .args(["tree", "--lang", "en-US", "--server", &srv.url])
        .env("XENPILOT_PASSWORD", "secret")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_server = String::from_utf8(out.stdout).unwrap();
    let local = xenpilot()
        .args(["tree", "--lang", "en-US"])
        .output()
        .unwrap();
    assert_eq!(from_server, String::from_utf8(local.stdout).unwrap());
    assert_eq!(srv.state.session_count(), 0, "the CLI logs out");
    rt.block_on(srv.stop());
}

#[test]
fn a_bad_dump_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.xml");
    let full = std::fs::read_to_string(fixture("state1.xml")).unwrap();
    std::fs::write(&path, &full[..full.len() / 2]).unwrap();
    let out = xenpilot()
        .args(["tree", "--open", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cut.xml"), "{err}");
    assert!(out.stdout.is_empty());
}
