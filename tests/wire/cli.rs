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
        "{}/tests/fixtures/xapi-db/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// `xenpilot tree` against a demo server (password "secret"): its output, after success.
fn tree_from_server(url: &str) -> String {
    let out = xenpilot()
        .args(["tree", "--lang", "en-US", "--server", url])
        .env("XENPILOT_PASSWORD", "secret")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
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
    let from_server = tree_from_server(&srv.url);
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

/// A `xenpilot demo-server` process, killed when dropped.
struct Served {
    child: std::process::Child,
    url: String,
    fingerprint: Option<String>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(args: &[&str]) -> Served {
    use std::io::BufRead;
    let mut child = xenpilot()
        .args(["demo-server", "--password", "pw"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut url, mut fingerprint) = (None, None);
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(u) = line.strip_prefix("XenPilot demo pool server listening on ") {
            url = Some(u.to_string());
        }
        if let Some(f) = line.trim().strip_prefix("certificate SHA-256: ") {
            fingerprint = Some(f.to_string());
        }
        if line.starts_with("Press Ctrl+C") {
            break;
        }
    }
    Served {
        child,
        url: url.expect("the server prints its URL"),
        fingerprint,
    }
}

#[test]
fn demo_server_tls_prints_the_fingerprint_to_pin_and_redirect_to_leads_there() {
    use xenpilot::xenapi::{Credentials, Session, TransportOptions, known_host_key};
    let tls = serve(&["--tls"]);
    assert!(tls.url.starts_with("https://127.0.0.1:"), "{}", tls.url);
    let fp = tls.fingerprint.clone().expect("the fingerprint is printed");
    let member = serve(&["--redirect-to", &tls.url]);
    assert!(member.url.starts_with("http://"));
    let key = known_host_key(&tls.url.parse().unwrap());
    let opts = TransportOptions {
        pins: [(key, fp)].into(),
        ..TransportOptions::default()
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let s = rt
        .block_on(Session::login(
            &member.url,
            Credentials::new("root", "pw"),
            opts,
        ))
        .expect("the member redirects to the TLS server, whose pin matches");
    assert_eq!(s.base_url().as_str(), format!("{}/", tls.url));
    assert_eq!(s.redirected_from.as_deref(), Some(member.url.as_str()));
}

#[test]
fn server_supplied_terminal_escapes_are_printed_visibly() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut cfg = DemoConfig::new("secret");
    cfg.auth_failure_delay = std::time::Duration::from_millis(10);
    let srv = rt
        .block_on(DemoServer::start(
            demo::demo_pool(),
            cfg,
            ([127, 0, 0, 1], 0).into(),
        ))
        .unwrap();
    // A hostile server may name a VM anything; the demo server's own setter would refuse.
    let evil = "web\u{1b}]0;owned\u{7}\u{1b}[2K\u{9b}31m";
    srv.state.write(|db| {
        let r = db.table("VM").unwrap().rows.iter().find(|(_, row)| {
            row.fields.get("name_label").and_then(|v| v.as_str()) == Some("web-01")
        });
        let r = r.map(|(r, _)| r.clone()).unwrap();
        db.set_field("VM", &r, "name_label", evil.into());
    });
    let text = tree_from_server(&srv.url);
    assert!(text.contains("web␛]0;owned␇␛[2K<U+009B>31m\n"), "{text}");
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );

    // Errors quote what the server said (here, the user name it refused).
    let out = xenpilot()
        .args(["tree", "--server", &srv.url, "--user", "\u{1b}[2Kroot\u{7}"])
        .env("XENPILOT_PASSWORD", "wrong")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("\\x1b[2Kroot\\x07"), "{err}");
    assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{err:?}");
    rt.block_on(srv.stop());
}
