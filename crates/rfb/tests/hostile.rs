//! The RFB client against hostile servers, in process over a tokio duplex: each attack must end
//! in an error (or a bounded session), never a hang, a spin or an allocation the screen does
//! not need. The peak of live heap bytes is counted by this binary's allocator.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use rfb::client::{Deadlines, Notify, RfbClient};
use rfb::{RfbError, Screen};
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};

struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: the caller's layout is passed on.
        unsafe { System.alloc(l) }
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        let now = LIVE.fetch_add(l.size(), Ordering::Relaxed) + l.size();
        PEAK.fetch_max(now, Ordering::Relaxed);
        // SAFETY: as above.
        unsafe { System.alloc_zeroed(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        // SAFETY: `p` came from `alloc` with this layout.
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Tests that measure the peak run one at a time.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

const ZRLE: i32 = 16;
const DESKTOP_SIZE: i32 = -223;

fn quiet() -> Notify {
    Arc::new(|| {})
}

fn short() -> Deadlines {
    Deadlines {
        handshake: Duration::from_millis(300),
        stall: Duration::from_millis(300),
        write: Duration::from_millis(300),
    }
}

/// The server's side of a 3.8 handshake with no security, for a `w`×`h` desktop; reads the
/// client's version, security choice and ClientInit.
async fn serve_handshake(s: &mut DuplexStream, w: u16, h: u16) {
    s.write_all(b"RFB 003.008\n").await.unwrap();
    let mut v = [0u8; 12];
    s.read_exact(&mut v).await.unwrap();
    s.write_all(&[1, 1]).await.unwrap();
    let mut pick = [0u8; 1];
    s.read_exact(&mut pick).await.unwrap();
    s.write_all(&0u32.to_be_bytes()).await.unwrap();
    let mut shared = [0u8; 1];
    s.read_exact(&mut shared).await.unwrap();
    let mut init = Vec::new();
    init.extend(w.to_be_bytes());
    init.extend(h.to_be_bytes());
    init.extend([32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 0, 8, 16, 0, 0, 0]);
    init.extend(4u32.to_be_bytes());
    init.extend(b"evil");
    s.write_all(&init).await.unwrap();
}

fn update_header(rects: u16) -> Vec<u8> {
    let mut b = vec![0, 0];
    b.extend(rects.to_be_bytes());
    b
}

fn rect(b: &mut Vec<u8>, x: u16, y: u16, w: u16, h: u16, enc: i32) {
    for v in [x, y, w, h] {
        b.extend(v.to_be_bytes());
    }
    b.extend(enc.to_be_bytes());
}

/// Starts the client on one end of a duplex; the server's end is returned.
async fn connect(w: u16, h: u16, d: Deadlines) -> (RfbClient, DuplexStream) {
    let (client, mut server) = tokio::io::duplex(1 << 20);
    let serve = tokio::spawn(async move {
        serve_handshake(&mut server, w, h).await;
        server
    });
    let c = RfbClient::start_with(client, None, quiet(), d)
        .await
        .unwrap();
    (c, serve.await.unwrap())
}

/// Keeps reading what the client sends, so its writes never block.
fn drain(mut s: tokio::io::ReadHalf<DuplexStream>) {
    tokio::spawn(async move {
        let mut buf = vec![0u8; 4096];
        while matches!(s.read(&mut buf).await, Ok(n) if n > 0) {}
    });
}

async fn ends(c: RfbClient) -> RfbError {
    tokio::time::timeout(Duration::from_secs(20), c.wait_closed())
        .await
        .expect("the session neither ended nor went on: it hangs or spins")
}

fn zlib(data: &[u8], finish: bool) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    z.write_all(data).unwrap();
    if finish {
        z.finish().unwrap()
    } else {
        z.flush().unwrap();
        z.get_ref().clone()
    }
}

#[tokio::test]
async fn a_zlib_bomb_outside_the_screen_is_refused_before_it_is_inflated() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (c, server) = connect(64, 64, short()).await;
    let (rd, mut wr) = tokio::io::split(server);
    drain(rd);
    // 96 MB of zeros in ~100 KB: for a 4096×4096 rectangle on a 64×64 screen.
    let bomb = zlib(&vec![0u8; 96 << 20], false);
    let mut b = update_header(1);
    rect(&mut b, 0, 0, 4096, 4096, ZRLE);
    b.extend((bomb.len() as u32).to_be_bytes());
    b.extend(&bomb);
    drop(bomb);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    wr.write_all(&b).await.unwrap();
    let e = ends(c).await;
    let grew = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    assert!(matches!(e, RfbError::Protocol(_)), "{e}");
    assert!(grew < 16 << 20, "{grew} bytes allocated for a 64×64 screen");
}

#[tokio::test]
async fn a_zlib_bomb_inside_the_screen_stops_at_what_the_rectangle_needs() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (c, server) = connect(256, 256, short()).await;
    let (rd, mut wr) = tokio::io::split(server);
    drain(rd);
    let bomb = zlib(&vec![0u8; 96 << 20], false);
    let mut b = update_header(1);
    rect(&mut b, 0, 0, 256, 256, ZRLE);
    b.extend((bomb.len() as u32).to_be_bytes());
    b.extend(&bomb);
    drop(bomb);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    wr.write_all(&b).await.unwrap();
    let e = ends(c).await;
    let grew = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    assert!(matches!(e, RfbError::Protocol(_)), "{e}");
    assert!(
        grew < 16 << 20,
        "{grew} bytes allocated for a 256×256 rectangle"
    );
}

#[tokio::test]
async fn a_length_announced_but_not_sent_allocates_nothing_past_the_rectangle() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (c, server) = connect(64, 64, short()).await;
    let (rd, mut wr) = tokio::io::split(server);
    drain(rd);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let mut b = update_header(1);
    rect(&mut b, 0, 0, 8, 8, ZRLE);
    b.extend((60u32 << 20).to_be_bytes());
    wr.write_all(&b).await.unwrap();
    let e = ends(c).await;
    let grew = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    assert!(matches!(e, RfbError::Protocol(_)), "{e}");
    assert!(
        grew < 4 << 20,
        "{grew} bytes allocated for an 8×8 rectangle"
    );
}

#[tokio::test]
async fn zlib_data_after_the_stream_ended_is_an_error_not_a_spin() {
    let (c, server) = connect(64, 64, short()).await;
    let (rd, mut wr) = tokio::io::split(server);
    drain(rd);
    // A solid tile, with the zlib stream finished; then more data for the ended stream.
    let solid = zlib(&[1, 10, 20, 30], true);
    let mut b = update_header(2);
    rect(&mut b, 0, 0, 8, 8, ZRLE);
    b.extend((solid.len() as u32).to_be_bytes());
    b.extend(&solid);
    rect(&mut b, 0, 0, 8, 8, ZRLE);
    b.extend(8u32.to_be_bytes());
    b.extend([0x78, 0x01, 1, 2, 3, 4, 5, 6]);
    wr.write_all(&b).await.unwrap();
    let e = ends(c).await;
    assert!(matches!(e, RfbError::Protocol(_)), "{e}");
}

#[tokio::test]
async fn a_resize_storm_allocates_no_more_than_one_screen() {
    let _one = ONE_AT_A_TIME.lock().await;
    let (c, server) = connect(64, 64, short()).await;
    let (rd, mut wr) = tokio::io::split(server);
    drain(rd);
    let screen = c.screen.clone();
    // 24 KB of resizes between the largest sizes allowed, 2,000 updates of one each.
    let mut b = Vec::new();
    for i in 0..2000u16 {
        b.extend(update_header(1));
        rect(&mut b, 0, 0, 8192 - i % 2, 8192, DESKTOP_SIZE);
    }
    b.extend(update_header(1));
    rect(&mut b, 0, 0, 16, 16, DESKTOP_SIZE);
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    wr.write_all(&b).await.unwrap();
    let until = tokio::time::Instant::now() + Duration::from_secs(60);
    while rfb::client::lock(&screen).width != 16 && tokio::time::Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let s = rfb::client::lock(&screen);
    assert_eq!((s.width, s.height), (16, 16));
    let grew = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    assert!(
        grew < (8192 * 8192 * 4) + (16 << 20),
        "{grew} bytes at once"
    );
    // A resize writes no pixel: the OS hands out zeroed pages, so resizing costs only what
    // is drawn afterwards.
    let mut big = Screen::new(2048, 2048, String::new());
    big.resize(4096, 4096);
    assert!(big.pixels.iter().all(|b| *b == 0));
    assert_eq!(
        big.region(rfb::Rect {
            x: 9,
            y: 9,
            w: 1,
            h: 1
        }),
        [0, 0, 0, 255]
    );
    drop(s);
    drop(c);
}

#[tokio::test]
async fn a_server_that_stalls_in_the_handshake_times_out() {
    let (client, mut server) = tokio::io::duplex(4096);
    // The greeting, then silence.
    server.write_all(b"RFB 003.008\n").await.unwrap();
    let r = tokio::time::timeout(
        Duration::from_secs(20),
        RfbClient::start_with(client, None, quiet(), short()),
    )
    .await
    .expect("the handshake hangs");
    assert!(matches!(r, Err(RfbError::Stalled(_))), "{:?}", r.err());
    drop(server);
}

#[tokio::test]
async fn a_server_that_stalls_inside_an_update_times_out_but_idle_is_fine() {
    let (c, server) = connect(64, 64, short()).await;
    let (rd, mut wr) = tokio::io::split(server);
    drain(rd);
    // Idle between messages for longer than the stall deadline: the session lives on.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let mut c = c;
    assert!(c.closed().is_none(), "an idle server is not a stalled one");
    // Half a raw rectangle, then silence.
    let mut b = update_header(1);
    rect(&mut b, 0, 0, 8, 8, 0);
    b.extend([0u8; 100]);
    wr.write_all(&b).await.unwrap();
    let e = ends(c).await;
    assert!(matches!(e, RfbError::Stalled(_)), "{e}");
}
