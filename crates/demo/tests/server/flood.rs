//! A flood of idle connections from one source: past its share the server closes new ones
//! at once, and every other client's calls go on being answered.

use crate::common::{config, server_with};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

async fn connect_from(src: [u8; 4], to: SocketAddr) -> TcpStream {
    let s = TcpSocket::new_v4().unwrap();
    s.bind(SocketAddr::new(IpAddr::from(src), 0)).unwrap();
    s.connect(to).await.unwrap()
}

/// Whether the server ends the connection without a word (a bound keeps a broken server
/// from hanging the test; it is not a timing check).
async fn closed_at_once(s: &mut TcpStream) -> bool {
    let mut buf = [0u8; 64];
    match tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf)).await {
        Ok(Ok(0)) | Ok(Err(_)) => true,
        Ok(Ok(_)) | Err(_) => false,
    }
}

/// An HTTP request on `s` that the server answers (any status).
async fn answered(s: &mut TcpStream) -> bool {
    let req = b"GET /nothing-here HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    if s.write_all(req).await.is_err() {
        return false;
    }
    let mut reply = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(10), s.read_to_end(&mut reply)).await;
    reply.starts_with(b"HTTP/1.1 ")
}

#[tokio::test]
async fn a_flooding_source_is_cut_off_and_others_are_still_served() {
    let mut cfg = config();
    cfg.limits.conns_per_source = 8;
    let srv = server_with(cfg).await;
    let mut flood = Vec::new();
    for _ in 0..8 {
        flood.push(connect_from([127, 0, 0, 3], srv.addr).await);
    }
    let mut ninth = connect_from([127, 0, 0, 3], srv.addr).await;
    assert!(closed_at_once(&mut ninth).await, "past its share: closed");
    // Another source is served meanwhile, and a login works.
    let mut other = connect_from([127, 0, 0, 4], srv.addr).await;
    assert!(answered(&mut other).await, "another source is answered");
    let root = xenapi::Credentials::new("root", crate::common::PASSWORD);
    let login = xenapi::Session::login(
        &srv.url,
        root,
        crate::session::opts(xenapi::Protocol::JsonRpc),
    )
    .await;
    assert!(login.is_ok(), "{login:?}");
    // The flood's connections end; its source is served again.
    flood.clear();
    let mut again = connect_from([127, 0, 0, 3], srv.addr).await;
    let mut tries = 0;
    while !answered(&mut again).await {
        // The server counts a closed connection once it sees the close.
        tries += 1;
        assert!(tries < 50, "the source's slots never came back");
        tokio::time::sleep(Duration::from_millis(100)).await;
        again = connect_from([127, 0, 0, 3], srv.addr).await;
    }
}
