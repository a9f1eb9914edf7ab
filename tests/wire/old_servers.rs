//! A server older than the classes XenPilot caches: XenServer 8.0 has no `Certificate`
//! class, 8.2 no `VTPM`. Such a server answers `MESSAGE_METHOD_UNKNOWN` to those classes'
//! `get_all_records`; connecting must still load everything else.

use crate::common::*;
use crate::session::*;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use xenpilot::xenapi::{Cache, Protocol};

/// Methods the pretend-old server does not know.
const UNKNOWN: &[&str] = &["Certificate.get_all_records", "VTPM.get_all_records"];

/// A loopback proxy in front of `upstream` that answers the [`UNKNOWN`] methods as an older
/// xapi does and forwards every other JSON-RPC call.
async fn old_server(upstream: String) -> String {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((s, _)) = l.accept().await {
            let upstream = upstream.clone();
            tokio::spawn(async move {
                let (r, mut w) = s.into_split();
                let mut r = BufReader::new(r);
                loop {
                    let mut len = 0usize;
                    loop {
                        let mut line = String::new();
                        if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                            len = v.trim().parse().unwrap_or(0);
                        }
                        if line == "\r\n" {
                            break;
                        }
                    }
                    let mut body = vec![0; len];
                    if r.read_exact(&mut body).await.is_err() {
                        return;
                    }
                    let call: serde_json::Value = serde_json::from_slice(&body).unwrap();
                    let method = call["method"].as_str().unwrap_or_default().to_string();
                    let out = if UNKNOWN.contains(&method.as_str()) {
                        let reply = serde_json::to_vec(&serde_json::json!({
                            "jsonrpc": "2.0",
                            "error": {"code": 1, "message": "MESSAGE_METHOD_UNKNOWN", "data": [method]},
                            "id": call["id"],
                        }))
                        .unwrap();
                        let mut out = format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                            reply.len()
                        )
                        .into_bytes();
                        out.extend(reply);
                        out
                    } else {
                        forward(&upstream, &body).await
                    };
                    if w.write_all(&out).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

/// One JSON-RPC call passed to `upstream` on a connection of its own; its whole response.
async fn forward(upstream: &str, body: &[u8]) -> Vec<u8> {
    let addr = upstream.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /jsonrpc HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.unwrap();
    out
}

#[tokio::test]
async fn a_server_without_newer_classes_still_loads_the_rest() {
    let srv = server().await;
    let old = old_server(srv.url.clone()).await;
    let s = login(&old, Protocol::JsonRpc).await;
    let c = Cache::fetch_all(&s)
        .await
        .expect("the cache loads without those classes");
    assert!(c.certificates.is_empty() && c.vtpms.is_empty());
    assert!(
        !c.vms.is_empty() && !c.hosts.is_empty(),
        "the rest is loaded"
    );
    // The demo itself has certificates: the empty class came from the old server's answer.
    let direct = login(&srv.url, Protocol::JsonRpc).await;
    assert!(
        !Cache::fetch_all(&direct)
            .await
            .unwrap()
            .certificates
            .is_empty()
    );
}
