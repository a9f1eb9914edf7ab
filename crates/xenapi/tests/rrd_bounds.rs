//! `/rrd_updates` replies from a hostile host: decoding holds at most what a graph can show,
//! refuses the rest with a typed error, and never needs more than the reply's own size again
//! (the peak of live heap bytes is counted by this binary's allocator).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use xenapi::rrd::decode::{MAX_ROWS, MAX_VALUES};
use xenapi::rrd::{RrdError, decode_json, decode_xml};

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
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        // SAFETY: `p` came from `alloc` with this layout.
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static A: Counting = Counting;

/// The tests measure the peak one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

const H: &str = "c7676a7c-f586-5ec4-9aeb-a6b8b337133f";

fn json(columns: usize, rows: usize) -> String {
    let mut s = String::from(r#"{"meta":{"start":1000,"step":5,"end":2000,"legend":["#);
    for c in 0..columns {
        let sep = if c == 0 { "" } else { "," };
        write!(s, r#"{sep}"AVERAGE:host:{H}:ds{c}""#).unwrap();
    }
    s.push_str(r#"]},"data":["#);
    for r in 0..rows {
        let sep = if r == 0 { "" } else { "," };
        write!(s, r#"{sep}{{"t":{},"values":["#, 10_000_000 - r).unwrap();
        for c in 0..columns {
            let sep = if c == 0 { "" } else { "," };
            write!(s, r#"{sep}"0.0123456789""#).unwrap();
        }
        s.push_str("]}");
    }
    s.push_str("]}");
    s
}

fn xml(columns: usize, rows: usize) -> String {
    let mut s =
        String::from("<xport><meta><start>1000</start><step>5</step><end>2000</end><legend>");
    for c in 0..columns {
        write!(s, "<entry>AVERAGE:host:{H}:ds{c}</entry>").unwrap();
    }
    s.push_str("</legend></meta><data>");
    for r in 0..rows {
        write!(s, "<row><t>{}</t>", 10_000_000 - r).unwrap();
        for _ in 0..columns {
            s.push_str("<v>0.0123456789</v>");
        }
        s.push_str("</row>");
    }
    s.push_str("</data></xport>");
    s
}

/// The decoder's peak heap growth over the body it was given, and its result.
fn peak<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let r = f();
    (PEAK.load(Ordering::Relaxed) - before, r)
}

#[test]
fn more_values_or_rows_than_a_graph_shows_are_refused() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let too_many_rows = json(1, MAX_ROWS + 1);
    let e = decode_json(too_many_rows.as_bytes()).err();
    assert!(matches!(e, Some(RrdError::TooLarge { .. })), "{e:?}");
    let e = decode_xml(xml(1, MAX_ROWS + 1).as_bytes()).err();
    assert!(matches!(e, Some(RrdError::TooLarge { .. })), "{e:?}");
    let columns = 4096;
    let rows = MAX_VALUES / columns + 1;
    let e = decode_json(json(columns, rows).as_bytes()).err();
    assert!(matches!(e, Some(RrdError::TooLarge { .. })), "{e:?}");
    // Exactly at the limits is fine.
    assert_eq!(
        decode_json(json(2, MAX_ROWS).as_bytes())
            .unwrap()
            .rows
            .len(),
        MAX_ROWS
    );
}

#[test]
fn decoding_needs_no_more_than_the_reply_again() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let body = xml(500, 1000);
    let (grew, r) = peak(|| decode_xml(body.as_bytes()));
    assert_eq!(r.unwrap().rows.len(), 1000);
    assert!(
        grew <= body.len(),
        "XML: {grew} bytes for a {}-byte reply",
        body.len()
    );
    let body = json(500, 1000);
    let (grew, r) = peak(|| decode_json(body.as_bytes()));
    assert_eq!(r.unwrap().rows.len(), 1000);
    assert!(
        grew <= body.len(),
        "JSON: {grew} bytes for a {}-byte reply",
        body.len()
    );
}
