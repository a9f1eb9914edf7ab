//! Figure 9: consoles.
//!
//! - 9a: frames per second the RFB client decodes, full-screen 1280×800 updates from a
//!   synthetic RFB server on loopback that answers every request at once (Raw: 4 MB a
//!   frame; ZRLE: pre-compressed frames, each full-flushed so they can be replayed);
//! - 9b: key-to-echo latency on the demo console (through the CONNECT tunnel): a key sent
//!   until the update that shows it has been decoded (the demo's Linux login prompt: a
//!   character, then Backspace, so every key changes the picture);
//! - 9c: CPU of an idle open console: the process's CPU time over 10 s with a console open
//!   on the demo pool and nothing typed (the demo server runs in the same process).

use super::{PASSWORD, Report, median, pct};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use xenpilot::demo::{DemoConfig, DemoServer};
use xenpilot::rfb::client::lock;
use xenpilot::rfb::{Input, RfbClient};
use xenpilot::services::console::{self, Target};
use xenpilot::xenapi::{Credentials, Session, TransportOptions};

const W: u16 = 1280;
const H: u16 = 800;

pub fn figures(r: &mut Report, rt: &tokio::runtime::Runtime) {
    for zrle in [false, true] {
        let fps = rt.block_on(decode_fps(zrle));
        r.add(
            &format!(
                "9a. RFB decoding, full-screen {W}×{H} updates on loopback, {}",
                if zrle { "ZRLE" } else { "Raw" }
            ),
            format!("{fps:.0} frames/s (goal ≥ 30)"),
        );
    }
    let (p50, p99, n) = rt.block_on(key_latency());
    r.add(
        "9b. key-to-echo latency, demo console through the tunnel",
        format!("p50 {p50:.1} ms, p99 {p99:.1} ms over {n} keys (goal p50 ≤ 30 ms)"),
    );
    let (cpu, updates) = idle_cpu(rt);
    r.add(
        "9c. CPU of an idle open console (10 s)",
        format!("{cpu:.2} % of a core, {updates} updates received (goal ≤ 2 %)"),
    );
}

/// One full-screen frame (a moving gradient) as RGBX bytes.
fn frame(n: u32) -> Vec<u8> {
    let mut px = Vec::with_capacity(usize::from(W) * usize::from(H) * 4);
    for y in 0..u32::from(H) {
        for x in 0..u32::from(W) {
            px.extend_from_slice(&[(x + n) as u8, (y + 2 * n) as u8, ((x ^ y) + n) as u8, 0]);
        }
    }
    px
}

/// ZRLE tiles of raw CPIXELs (subencoding 0) for a frame.
fn zrle_tiles(px: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for ty in (0..H).step_by(64) {
        for tx in (0..W).step_by(64) {
            out.push(0);
            for y in ty..(ty + 64).min(H) {
                for x in tx..(tx + 64).min(W) {
                    let i = (usize::from(y) * usize::from(W) + usize::from(x)) * 4;
                    out.extend_from_slice(&px[i..i + 3]);
                }
            }
        }
    }
    out
}

/// The update messages the synthetic server cycles through.
fn updates(zrle: bool) -> (Vec<Vec<u8>>, Vec<u8>) {
    let head = |enc: i32| {
        let mut m = vec![0, 0, 0, 1, 0, 0, 0, 0];
        m.extend_from_slice(&W.to_be_bytes());
        m.extend_from_slice(&H.to_be_bytes());
        m.extend_from_slice(&enc.to_be_bytes());
        m
    };
    let mut z = flate2::Compress::new(flate2::Compression::fast(), true);
    let mut first = Vec::new();
    let mut frames = Vec::new();
    for n in 0..9u32 {
        let px = frame(n * 7);
        let mut m;
        if zrle {
            let tiles = zrle_tiles(&px);
            let mut data = Vec::with_capacity(tiles.len() + 1024);
            z.compress_vec(&tiles, &mut data, flate2::FlushCompress::Full)
                .unwrap();
            m = head(16);
            m.extend_from_slice(&(data.len() as u32).to_be_bytes());
            m.extend_from_slice(&data);
        } else {
            m = head(0);
            m.extend_from_slice(&px);
        }
        // The first frame carries the zlib header: sent once, the others replayed.
        if n == 0 {
            first = m;
        } else {
            frames.push(m);
        }
    }
    (frames, first)
}

async fn decode_fps(zrle: bool) -> f64 {
    let (frames, first) = updates(zrle);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut s, _) = listener.accept().await.unwrap();
        s.set_nodelay(true).unwrap();
        s.write_all(b"RFB 003.008\n").await.unwrap();
        let mut buf = [0u8; 12];
        s.read_exact(&mut buf).await.unwrap();
        s.write_all(&[1, 1]).await.unwrap();
        let _ = s.read_u8().await;
        s.write_all(&0u32.to_be_bytes()).await.unwrap();
        let _ = s.read_u8().await; // ClientInit
        let mut init = Vec::new();
        init.extend_from_slice(&W.to_be_bytes());
        init.extend_from_slice(&H.to_be_bytes());
        init.extend_from_slice(&xenpilot::rfb::wire::PixelFormat::RGBX.to_bytes());
        init.extend_from_slice(&4u32.to_be_bytes());
        init.extend_from_slice(b"fps!");
        s.write_all(&init).await.unwrap();
        // Answer each FramebufferUpdateRequest with a frame; skip the other messages.
        let mut n = 0usize;
        let mut sent_first = false;
        loop {
            let Ok(t) = s.read_u8().await else { return };
            let skip = match t {
                0 => 19,
                2 => {
                    let _ = s.read_u8().await;
                    let k = s.read_u16().await.unwrap_or(0);
                    usize::from(k) * 4
                }
                3 => 9,
                _ => return,
            };
            let mut sk = vec![0u8; skip];
            if s.read_exact(&mut sk).await.is_err() {
                return;
            }
            if t == 3 {
                let m = if sent_first {
                    n += 1;
                    &frames[n % frames.len()]
                } else {
                    sent_first = true;
                    &first
                };
                if s.write_all(m).await.is_err() {
                    return;
                }
            }
        }
    });
    let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let client = RfbClient::start(stream, None, Arc::new(|| {}))
        .await
        .unwrap();
    let count = || lock(&client.screen).updates;
    while count() < 3 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let (t0, c0) = (Instant::now(), count());
    tokio::time::sleep(Duration::from_secs(3)).await;
    (count() - c0) as f64 / t0.elapsed().as_secs_f64()
}

async fn demo_console(server: &DemoServer, vm_name: &str) -> (Session, console::Opened) {
    let s = Session::login(
        &server.url,
        Credentials::new("root", PASSWORD),
        TransportOptions::default(),
    )
    .await
    .unwrap();
    let vm = console::find_vm(&s, vm_name).await.unwrap();
    let t = Target {
        vm,
        name: vm_name.into(),
        host_console: false,
        pool_hosts: console::pool_hosts(&s).await,
    };
    let updates = Arc::new(AtomicU64::new(0));
    let u = updates.clone();
    let o = console::open(
        &s,
        &t,
        &Default::default(),
        Arc::new(move || {
            u.fetch_add(1, Ordering::SeqCst);
        }),
    )
    .await
    .unwrap();
    while lock(&o.client.screen).updates == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    (s, o)
}

async fn key_latency() -> (f64, f64, usize) {
    let server = DemoServer::start(
        xenpilot::demo::demo_pool(),
        DemoConfig::new(PASSWORD),
        ([127, 0, 0, 1], 0).into(),
    )
    .await
    .unwrap();
    let (_s, o) = demo_console(&server, "web-01").await;
    let count = || lock(&o.client.screen).updates;
    let press = |keysym, xt| {
        o.client.send(Input::Key {
            down: true,
            keysym,
            xt: Some(xt),
        });
        o.client.send(Input::Key {
            down: false,
            keysym,
            xt: Some(xt),
        });
    };
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut ms = Vec::new();
    for i in 0..100 {
        let before = count();
        let t = Instant::now();
        if i % 2 == 0 {
            press(0x61, 0x1e);
        } else {
            press(0xff08, 0x0e);
        }
        while count() == before && t.elapsed() < Duration::from_secs(2) {
            tokio::task::yield_now().await;
        }
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.stop().await;
    let n = ms.len();
    (median(&mut ms), pct(&mut ms, 0.99), n)
}

/// utime + stime of this process, in seconds (Linux).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = f.get(11).and_then(|u| u.parse().ok()).unwrap_or(0.0)
        + f.get(12).and_then(|s| s.parse().ok()).unwrap_or(0.0);
    ticks / 100.0
}

fn idle_cpu(rt: &tokio::runtime::Runtime) -> (f64, u64) {
    let server = rt
        .block_on(DemoServer::start(
            xenpilot::demo::demo_pool(),
            DemoConfig::new(PASSWORD),
            ([127, 0, 0, 1], 0).into(),
        ))
        .unwrap();
    let (_s, o) = rt.block_on(demo_console(&server, "web-01"));
    std::thread::sleep(Duration::from_secs(1));
    let u0 = lock(&o.client.screen).updates;
    let (c0, t0) = (cpu_seconds(), Instant::now());
    std::thread::sleep(Duration::from_secs(10));
    let cpu = (cpu_seconds() - c0) / t0.elapsed().as_secs_f64() * 100.0;
    let updates = lock(&o.client.screen).updates - u0;
    drop(o);
    rt.block_on(server.stop());
    (cpu, updates)
}
