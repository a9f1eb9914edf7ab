//! A real RFB client no one here wrote, vncdotool (PyPI), against the demo server's console
//! tunnel. vncdotool speaks plain RFB over TCP, so the test puts a small relay in front: it
//! accepts a TCP connection, sends xapi's `CONNECT /console?uuid=…` with the session cookie
//! to the console's host, checks the `200 OK` and splices the two. The capture is kept in
//! target/tmp/peers/console-web-01.png to look at.

use super::common::*;
use super::install::{PIP, PYTHON, peers_dir, run, scripts_dir};
use super::tools_present;
use std::process::Command;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use xenpilot::xenapi::{Credentials, Session, TransportOptions};

/// A real RFB client (with its dependencies: Twisted, Pillow).
const VNCDOTOOL_PYPI: &str = "vncdotool==1.4.2";

/// `vncdotool` and its dependencies, installed once under target/tmp/peers/vncdotool.
fn vncdotool_lib() -> std::path::PathBuf {
    let dir = peers_dir().join("vncdotool");
    let stamp = dir.join(".installed");
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(VNCDOTOOL_PYPI) {
        let _ = std::fs::remove_dir_all(&dir);
        run(
            Command::new(PYTHON.program)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .arg("--target")
                .arg(&dir)
                .arg(VNCDOTOOL_PYPI),
            "pip install vncdotool",
        );
        std::fs::write(&stamp, VNCDOTOOL_PYPI).expect("write stamp");
    }
    dir
}

/// Relays every connection to 127.0.0.1:port to `location` through `CONNECT`.
async fn relay(location: String, session: String) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let url = reqwest::Url::parse(&location).unwrap();
            let (host, port) = (url.host_str().unwrap().to_string(), url.port().unwrap());
            let target = format!("{}?{}", url.path(), url.query().unwrap());
            let session = session.clone();
            tokio::spawn(async move {
                let mut up = tokio::net::TcpStream::connect((host.as_str(), port))
                    .await
                    .unwrap();
                let req = format!(
                    "CONNECT {target} HTTP/1.0\r\nHost: {host}\r\nCookie: session_id={session}\r\n\r\n"
                );
                up.write_all(req.as_bytes()).await.unwrap();
                let mut head = Vec::new();
                while !head.ends_with(b"\r\n\r\n") {
                    head.push(up.read_u8().await.unwrap());
                }
                let head = String::from_utf8_lossy(&head);
                assert!(
                    head.starts_with("HTTP/1.0 200 ") || head.starts_with("HTTP/1.1 200 "),
                    "{head}"
                );
                let _ = tokio::io::copy_bidirectional(&mut client, &mut up).await;
            });
        }
    });
    port
}

#[tokio::test(flavor = "multi_thread")]
async fn vncdotool_types_into_and_captures_the_demo_console_through_the_tunnel() {
    let name = "vncdotool_types_into_and_captures_the_demo_console_through_the_tunnel";
    if !tools_present(name, &[PYTHON, PIP]) {
        return;
    }
    let lib = tokio::task::spawn_blocking(vncdotool_lib).await.unwrap();
    let srv = server().await;
    let session = Session::login(
        &srv.url,
        Credentials::new("root", PASSWORD),
        TransportOptions::default(),
    )
    .await
    .unwrap()
    .session_ref();
    let (vm, location) = srv.state.read(|db| {
        let (vm, row) = db
            .table("VM")
            .unwrap()
            .rows
            .iter()
            .find(|(_, r)| r.fields["name_label"] == "web-01")
            .unwrap();
        let c = row.fields["consoles"][0].as_str().unwrap();
        let loc = db
            .field("console", c, "location")
            .unwrap()
            .as_str()
            .unwrap()
            .to_string();
        (vm.clone(), loc)
    });
    let port = relay(location, session).await;
    let out = peers_dir().join("console-web-01.png");
    let png = out.clone();
    let report = tokio::task::spawn_blocking(move || {
        run(
            Command::new(PYTHON.program)
                .arg(scripts_dir().join("vnc_peer.py"))
                .arg(port.to_string())
                .arg(&png)
                .arg("root")
                .env("PYTHONPATH", &lib),
            "vnc_peer.py (vncdotool)",
        )
    })
    .await
    .unwrap();
    let size: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(size, serde_json::json!({"width": 1024, "height": 768}));
    // What vncdotool captured is, pixel for pixel, what the guest shows: the login prompt
    // with "root" typed.
    let guest = xenpilot::demo::console::guest(&srv.state, &vm).unwrap();
    let frame = guest.lock().unwrap().frame().clone();
    let text = guest.lock().unwrap().text();
    assert!(text.contains("web-01 login: root"), "{text}");
    let rgb = std::fs::read(out.with_extension("png.rgb")).unwrap();
    let want: Vec<u8> = frame
        .pixels
        .iter()
        .flat_map(|p| [(p >> 16) as u8, (p >> 8) as u8, *p as u8])
        .collect();
    assert!(
        rgb == want,
        "vncdotool's capture differs from the guest's screen"
    );
}
