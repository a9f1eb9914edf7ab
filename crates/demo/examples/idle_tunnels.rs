//! BENCHMARKS.md, idle console tunnels: the demo server in this process, 1,000 `CONNECT
//! /console` tunnels opened on loopback (63 sessions, the per-session limit) and left without
//! an RFB handshake; the process's resident memory (Linux `VmRSS`) before, with them open,
//! and once the server has closed them (its handshake deadline, 30 s), then after logout.
//! `cargo run -p xenpilot-demo --example idle_tunnels` (needs ~2,100 file descriptors).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use demo::{DemoConfig, DemoServer};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn rss_mib() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0)
        / 1024.0
}

#[tokio::main]
async fn main() {
    const TUNNELS: usize = 1000;
    let srv = DemoServer::start(
        demo::demo_pool(),
        DemoConfig::new("pw"),
        ([127, 0, 0, 1], 0).into(),
    )
    .await
    .unwrap();
    let opts = xenapi::TransportOptions::default();
    let (vm, loc) = srv.state.read(|db| {
        let (vm, row) = db
            .table("VM")
            .unwrap()
            .rows
            .iter()
            .find(|(_, r)| r.fields["name_label"] == "web-01")
            .unwrap();
        let c = row.fields["consoles"][0].as_str().unwrap().to_string();
        let loc = db
            .field("console", &c, "location")
            .unwrap()
            .as_str()
            .unwrap()
            .to_string();
        (vm.clone(), loc)
    });
    let _ = vm;
    let url = reqwest::Url::parse(&loc).unwrap();
    let addr = format!(
        "{}:{}",
        url.host_str().unwrap(),
        url.port_or_known_default().unwrap()
    );
    let path = format!("{}?{}", url.path(), url.query().unwrap_or(""));
    let per = demo::console::MAX_TUNNELS_PER_SESSION;
    let mut sessions = Vec::new();
    for _ in 0..TUNNELS.div_ceil(per) {
        let s = xenapi::Session::login(
            &srv.url,
            xenapi::Credentials::new("root", "pw"),
            opts.clone(),
        )
        .await
        .unwrap();
        sessions.push(s);
    }
    let before = rss_mib();
    let started = Instant::now();
    let mut open = Vec::new();
    for i in 0..TUNNELS {
        let cookie = sessions[i / per].session_ref();
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        s.write_all(
            format!(
                "CONNECT {path} HTTP/1.0\r\nHost: {addr}\r\nCookie: session_id={cookie}\r\n\r\n"
            )
            .as_bytes(),
        )
        .await
        .unwrap();
        let mut head = [0u8; 12];
        s.read_exact(&mut head).await.unwrap();
        assert_eq!(&head[9..12], b"200", "{}", String::from_utf8_lossy(&head));
        open.push(s);
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let with = rss_mib();
    let count = srv.state.consoles.tunnel_count();
    println!(
        "{TUNNELS} tunnels opened in {:.1} s; RSS {before:.0} MiB before, {with:.0} MiB open \
         ({:.0} KiB each), {count} counted",
        started.elapsed().as_secs_f64(),
        (with - before) * 1024.0 / TUNNELS as f64
    );
    // Bounded wait: the handshake deadline and a margin.
    let until = Instant::now() + Duration::from_secs(40);
    while srv.state.consoles.tunnel_count() > 0 && Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    println!(
        "after {:.0} s idle: {} tunnels left, RSS {:.0} MiB",
        started.elapsed().as_secs_f64(),
        srv.state.consoles.tunnel_count(),
        rss_mib()
    );
    drop(open);
    for s in &sessions {
        let _ = s.logout().await;
    }
}
