//! BENCHMARKS.md, `/rrd_updates` peak memory: builds a 1 GiB JSON reply in memory (one
//! pass, bounded) and decodes it, printing the process's peak resident memory (Linux
//! `VmHWM`) against the reply's size. `cargo run -p xenpilot-xenapi --example rrd_peak`:
//! 71,000 rows of 1,000 columns (refused); with `fits`: 4,096 rows of 2,000 columns whose
//! values are long decimals, within every limit (decoded).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write;

fn hwm_kib() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn main() {
    const TARGET: usize = 1 << 30;
    let fits = std::env::args().any(|a| a == "fits");
    let columns = if fits { 2000 } else { 1000 };
    let value = if fits {
        format!("\"0.{}\"", "0123456789".repeat(12))
    } else {
        "\"0.0123456789\"".to_string()
    };
    let h = "c7676a7c-f586-5ec4-9aeb-a6b8b337133f";
    let mut s = String::with_capacity(TARGET + (1 << 20));
    s.push_str(r#"{"meta":{"start":1000,"step":5,"end":2000,"legend":["#);
    for c in 0..columns {
        let sep = if c == 0 { "" } else { "," };
        write!(s, r#"{sep}"AVERAGE:host:{h}:ds{c}""#).unwrap();
    }
    s.push_str(r#"]},"data":["#);
    let mut r = 0usize;
    while s.len() < TARGET && !(fits && r == 4096) {
        let sep = if r == 0 { "" } else { "," };
        write!(s, r#"{sep}{{"t":{},"values":["#, 100_000_000 - r).unwrap();
        for c in 0..columns {
            let sep = if c == 0 { "" } else { "," };
            s.push_str(sep);
            s.push_str(&value);
        }
        s.push_str("]}");
        r += 1;
    }
    s.push_str("]}");
    let body = s.into_bytes();
    let before = hwm_kib();
    let t = std::time::Instant::now();
    let out = xenapi::rrd::decode_json(&body);
    let secs = t.elapsed().as_secs_f64();
    let after = hwm_kib();
    let mib = |k: u64| k as f64 / 1024.0;
    println!(
        "reply {:.0} MiB, {r} rows × {columns}: {} in {secs:.1} s; peak RSS {:.0} MiB before \
         decoding, {:.0} MiB after: {:.2}× the reply",
        body.len() as f64 / 1048576.0,
        match &out {
            Ok(u) => format!("decoded {} rows", u.rows.len()),
            Err(e) => format!("refused ({e})"),
        },
        mib(before),
        mib(after),
        (after * 1024) as f64 / body.len() as f64
    );
}
