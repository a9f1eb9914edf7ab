//! `cargo bench --bench report`: every figure of BENCHMARKS.md on a generated pool of 10,000
//! VMs (2 VIFs and 2 VBDs each), 64 hosts and 500 networks, served by the demo server on
//! loopback. Prints a Markdown table to paste into BENCHMARKS.md.
//!
//! 1. initial load (login, all records, cache, tree), and the same records fetched by the
//!    Python `XenAPI` bindings and Xen Orchestra's `xen-api`, as a ratio;
//! 2. frame time of the main window, tree expanded, with and without a search typed;
//! 3. 10,000 other_config edits by another client: events per second applied and the lag;
//! 4. peak RSS of the app process holding the pool (the real window under Xvfb when it is
//!    installed, else `xenpilot tree`, which holds the same cache and tree);
//! 5. cold start to the first frame on the demo pool (Xvfb needed);
//! 6. the demo server: get_record and get_all_records per second, 50 event.from watchers;
//! 7. the window's frame times while another client makes 30,000 edits (Xvfb needed; the
//!    heavy frames' spans are printed);
//! 8. frame times with the Events and Alerts views open: 1,000 tasks and 10,000 alerts.
//! 9. consoles: RFB decoding frames per second, key-to-echo latency on the demo console,
//!    CPU of an idle open console (no generated pool needed: `-- 9` runs only these).
//! 10. the Performance tab: polling and parsing cost with the overview and one graph open,
//!     and frame times with a graph and with the overview open.
//! 13. ten pools of 5,000 VMs: a keystroke in the navigator's search box and in the Search
//!     window to the results drawn (in process, no generated 10,000-VM pool needed);
//! 14. ten pools of 5,000 VMs: the window's RSS connected to all ten;
//! 15. the same window's frame times while another client edits all ten pools at once
//!     (`-- 13 14 15` runs only these three).
//!
//! Release builds: run `cargo build --release` first so the whole-process figures use the
//! optimised binary.

// Benchmarks may unwrap: a failed setup has nothing to measure.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "report/activity.rs"]
mod activity;
#[path = "report/console.rs"]
mod console;
#[path = "report/frames.rs"]
mod frames;
#[path = "../tests/peers/install.rs"]
mod install;
#[path = "report/perf.rs"]
mod perf;
#[path = "report/pools.rs"]
mod pools;
#[path = "report/storm.rs"]
mod storm;
#[path = "report/window.rs"]
mod window;

use window::{processes, release_bin, start_xvfb};

use eframe::egui;
use egui_kittest::Harness;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};
use xenpilot::demo::generator::{PoolSpec, generate};
use xenpilot::demo::{DemoConfig, DemoServer};
use xenpilot::i18n::I18n;
use xenpilot::model::tree::{self, ViewKind, ViewOptions};
use xenpilot::ui::{Command as UiCommand, XenPilotApp};
use xenpilot::xenapi::events::{CacheUpdate, WatchOptions, load_all, watch};
use xenpilot::xenapi::{Credentials, Session, TransportOptions};

const PASSWORD: &str = "bench";

fn spec() -> PoolSpec {
    "vms=10000,hosts=64,networks=500".parse().expect("spec")
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

async fn login(url: &str) -> Session {
    Session::login(
        url,
        Credentials::new("root", PASSWORD),
        TransportOptions::default(),
    )
    .await
    .expect("login")
}

struct Report {
    rows: Vec<(String, String)>,
}

impl Report {
    fn add(&mut self, what: &str, value: String) {
        eprintln!("  {what}: {value}");
        self.rows.push((what.to_string(), value));
    }
}

fn main() {
    // `cargo bench` passes `--bench`; other arguments pick figures by number
    // (`cargo bench --bench report -- 7` measures only the edit storm); none: all.
    let only: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let want = |n: &str| only.is_empty() || only.iter().any(|o| o == n);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    if only.iter().all(|o| o == "12") && !only.is_empty() {
        let mut r = Report { rows: Vec::new() };
        activity::finished_tasks(&mut r);
        print_report(&r);
        return;
    }
    if only
        .iter()
        .all(|o| ["13", "14", "15"].contains(&o.as_str()))
        && !only.is_empty()
    {
        let mut r = Report { rows: Vec::new() };
        if want("13") {
            pools::search(&mut r);
        }
        if want("14") || want("15") {
            match (
                release_bin(),
                std::env::var("DISPLAY").ok().or_else(start_xvfb),
            ) {
                (Some(bin), Some(display)) => {
                    if want("14") {
                        pools::rss(&mut r, &rt, &bin, &display);
                    }
                    if want("15") {
                        pools::stream(&mut r, &rt, &bin, &display);
                    }
                }
                _ => r.add(
                    "14./15. the window with ten pools",
                    "skipped: no release build or no display".into(),
                ),
            }
        }
        print_report(&r);
        return;
    }
    if only.iter().all(|o| o == "9") && !only.is_empty() {
        let mut r = Report { rows: Vec::new() };
        console::figures(&mut r, &rt);
        print_report(&r);
        return;
    }
    let t = Instant::now();
    let db = generate(spec());
    let gen_s = t.elapsed().as_secs_f64();
    let server = rt
        .block_on(DemoServer::start(
            db,
            DemoConfig::new(PASSWORD),
            ([127, 0, 0, 1], 0).into(),
        ))
        .expect("server");
    let url = server.url.clone();
    let mut r = Report { rows: Vec::new() };
    r.add("generate the pool (demo server)", format!("{gen_s:.2} s"));

    if !want("1") && !want("2") && !want("3") && !want("6") && !want("8") && !want("10") {
        if want("9") {
            console::figures(&mut r, &rt);
        }
        processes(&mut r, &rt, &url, &want);
        print_report(&r);
        rt.block_on(server.stop());
        return;
    }
    // 1. Initial load.
    let mut loads = Vec::new();
    let mut cache = None;
    let i18n = I18n::new("en-US");
    for _ in 0..5 {
        let t = Instant::now();
        let c = rt.block_on(async {
            let s = login(&url).await;
            let (c, _) = load_all(&s).await.expect("load");
            let _ = s.logout().await;
            c
        });
        let items = tree::build(&c, &i18n, ViewKind::Infrastructure, ViewOptions::default());
        loads.push(t.elapsed().as_secs_f64());
        assert!(tree::count(&items) > 10_000);
        cache = Some(c);
    }
    let cache = cache.expect("cache");
    let ours = median(&mut loads);
    r.add(
        "1. initial load, XenPilot (median of 5)",
        format!("{ours:.3} s for {} objects", cache.len()),
    );
    if want("1") {
        peers(&mut r, &url, ours);
    }
    // 2. Frame time.
    if want("2") {
        frames(&mut r, cache.clone());
    }
    // 8. The Events and Alerts views.
    if want("8") {
        activity::figure(&mut r, cache.clone());
    }
    // 3. Events.
    if want("3") {
        events(&mut r, &rt, &url);
    }
    // 6. Demo server throughput.
    if want("6") {
        server_throughput(&mut r, &rt, &url);
    }
    // 9. Consoles.
    if want("9") {
        console::figures(&mut r, &rt);
    }
    // 10. The Performance tab.
    if want("10") {
        perf::frames(&mut r, &server, cache.clone());
        if let Some(bin) = release_bin() {
            perf::polling(&mut r, &bin);
        } else {
            r.add(
                "10. polling cost",
                "skipped: run `cargo build --release` first".into(),
            );
        }
    }
    // 4, 5 and 7: whole processes.
    processes(&mut r, &rt, &url, &want);
    print_report(&r);
    rt.block_on(server.stop());
}

fn print_report(r: &Report) {
    println!("\n| figure | result |\n|---|---|");
    for (k, v) in &r.rows {
        println!("| {k} | {v} |");
    }
}

fn peers(r: &mut Report, url: &str, ours: f64) {
    let run_peer = |cmd: &mut Command| -> Option<f64> {
        let out = cmd.output().ok()?;
        if !out.status.success() {
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            return None;
        }
        let v: Value = serde_json::from_slice(&out.stdout).ok()?;
        v["seconds"].as_f64()
    };
    let lib = install::python_lib();
    let mut py: Vec<f64> = (0..3)
        .filter_map(|_| {
            run_peer(
                Command::new(install::PYTHON.program)
                    .arg(bench_dir().join("peers/load_python.py"))
                    .env("PYTHONPATH", &lib)
                    .env("XAPI_URL", url)
                    .env("XAPI_PASSWORD", PASSWORD),
            )
        })
        .collect();
    if !py.is_empty() {
        let p = median(&mut py);
        r.add(
            "1. same records, Python XenAPI 26.21.1 (XML-RPC)",
            format!("{p:.3} s; XenPilot takes {:.2}× its time", ours / p),
        );
    }
    let dir = install::node_dir();
    let script = install::node_script(&dir, &bench_dir().join("peers/load_node.mjs"));
    let mut node: Vec<f64> = (0..3)
        .filter_map(|_| {
            run_peer(
                Command::new("node")
                    .arg(&script)
                    .current_dir(&dir)
                    .env("XAPI_URL", url)
                    .env("XAPI_PASSWORD", PASSWORD),
            )
        })
        .collect();
    if !node.is_empty() {
        let n = median(&mut node);
        r.add(
            "1. same records, Xen Orchestra xen-api 4.7.6 (JSON-RPC)",
            format!("{n:.3} s; XenPilot takes {:.2}× its time", ours / n),
        );
    }
}

fn bench_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches")
}

fn frames(r: &mut Report, cache: xenpilot::xenapi::Cache) {
    let mut h = frames::harness(cache);
    // Scroll the tree a little each frame, as a user dragging through it.
    let tree =
        |h: &mut Harness<'_, XenPilotApp>, i| frames::scroll(h, i, 60.0, egui::pos2(150.0, 400.0));
    let (m, p99) = frames::measure(&mut h, tree);
    r.add(
        "2. frame time, tree expanded, scrolling (300 frames)",
        format!("median {m:.2} ms, p99 {p99:.2} ms"),
    );
    h.state_mut().send(UiCommand::SetSearch("web-1".into()));
    h.step();
    let (m, p99) = frames::measure(&mut h, tree);
    r.add(
        "2. frame time, search \"web-1\" typed, scrolling",
        format!("median {m:.2} ms, p99 {p99:.2} ms"),
    );
    // The frame that applies a new search (rebuilds the filtered tree).
    let mut rebuild = Vec::new();
    for q in ["web-2", "web-3", "db", "web", "10", "web-1"] {
        h.state_mut().send(UiCommand::SetSearch(q.into()));
        let t = Instant::now();
        h.step();
        rebuild.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let worst = rebuild.iter().cloned().fold(0.0, f64::max);
    r.add(
        "2. frame that applies a new search text (worst of 6)",
        format!("{worst:.1} ms"),
    );
}

fn events(r: &mut Report, rt: &tokio::runtime::Runtime, url: &str) {
    const EDITS: usize = 10_000;
    let (tx, rx) = mpsc::channel::<CacheUpdate>();
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let watcher = rt.block_on(login(url));
    let watcher = Arc::new(watcher);
    rt.spawn(watch(
        watcher.clone(),
        WatchOptions::default(),
        stop_rx,
        move |u| tx.send(u).is_ok(),
    ));
    // The consumer: the app's frame loop without drawing: drain, apply, rebuild the tree.
    let Ok(CacheUpdate::Reset(initial)) = rx.recv_timeout(Duration::from_secs(60)) else {
        panic!("no initial load")
    };
    let mut cache = *initial;
    let refs: Vec<String> = cache.vms.keys().map(|r| r.as_str().to_string()).collect();
    let i18n = I18n::new("en-US");
    let sent: Arc<std::sync::Mutex<HashMap<String, Instant>>> = Default::default();
    let sent2 = sent.clone();
    let url2 = url.to_string();
    let start = Instant::now();
    let editor = rt.spawn(async move {
        let s = Arc::new(login(&url2).await);
        let mut tasks = Vec::new();
        for chunk in refs.chunks(refs.len().div_ceil(16)).map(<[String]>::to_vec) {
            let s = s.clone();
            let sent = sent2.clone();
            tasks.push(tokio::spawn(async move {
                for (i, vm) in chunk.iter().enumerate() {
                    let key = format!("bench-{i}");
                    sent.lock().unwrap().insert(vm.clone(), Instant::now());
                    s.call(
                        "VM.add_to_other_config",
                        &[json!(vm), json!(key), json!("1")],
                    )
                    .await
                    .expect("edit");
                }
            }));
        }
        for t in tasks {
            let _ = t.await;
        }
    });
    let mut lags = Vec::new();
    let mut seen = 0;
    let deadline = Instant::now() + Duration::from_secs(300);
    while seen < EDITS && Instant::now() < deadline {
        let Ok(first) = rx.recv_timeout(Duration::from_secs(5)) else {
            continue;
        };
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        let mut touched = Vec::new();
        for u in batch {
            if let CacheUpdate::Batch(evs) = u {
                for e in evs {
                    if e.class == "vm" {
                        touched.push(e.reference.clone());
                    }
                    cache.apply(e);
                }
            }
        }
        let _ = tree::build(
            &cache,
            &i18n,
            ViewKind::Infrastructure,
            ViewOptions::default(),
        );
        let now = Instant::now();
        let sent = sent.lock().unwrap();
        for vm in touched {
            if let Some(t) = sent.get(&vm) {
                lags.push(now.duration_since(*t).as_secs_f64() * 1000.0);
                seen += 1;
            }
        }
    }
    let total = start.elapsed().as_secs_f64();
    let _ = rt.block_on(editor);
    let _ = stop_tx.send(true);
    r.add(
        "3. 10,000 edits by another client: applied to cache and tree",
        format!(
            "{seen} events in {total:.2} s = {:.0} events/s",
            seen as f64 / total
        ),
    );
    if !lags.is_empty() {
        let (m, p99) = (median(&mut lags), pct(&mut lags, 0.99));
        r.add(
            "3. lag from edit sent to tree rebuilt",
            format!("median {m:.0} ms, p99 {p99:.0} ms"),
        );
    }
}

fn server_throughput(r: &mut Report, rt: &tokio::runtime::Runtime, url: &str) {
    let secs = 3.0;
    let count_calls = |method: &'static str, args: Vec<Value>, clients: usize| -> f64 {
        rt.block_on(async {
            let s = Arc::new(login(url).await);
            let until = Instant::now() + Duration::from_secs_f64(secs);
            let mut tasks = Vec::new();
            for _ in 0..clients {
                let s = s.clone();
                let args = args.clone();
                tasks.push(tokio::spawn(async move {
                    let mut n = 0u64;
                    while Instant::now() < until {
                        s.call(method, &args).await.expect("call");
                        n += 1;
                    }
                    n
                }));
            }
            let mut total = 0;
            for t in tasks {
                total += t.await.unwrap_or(0);
            }
            total as f64 / secs
        })
    };
    let vm = rt.block_on(async {
        let s = login(url).await;
        s.call("VM.get_all", &[]).await.expect("get_all")[0].clone()
    });
    let get_record = count_calls("VM.get_record", vec![vm], 8);
    r.add(
        "6. demo server: VM.get_record, 8 clients",
        format!("{get_record:.0} requests/s"),
    );
    let all = count_calls("VM.get_all_records", vec![], 2);
    r.add(
        "6. demo server: VM.get_all_records (10,000 VMs), 2 clients",
        format!("{all:.1} requests/s"),
    );
    // 50 watchers, one writer: every watcher must see every edit.
    let (elapsed, ok) = rt.block_on(async {
        let mut watchers = Vec::new();
        let (go_tx, _) = tokio::sync::broadcast::channel::<()>(1);
        for _ in 0..50 {
            let s = login(url).await;
            let token = s
                .call(
                    "event.inject",
                    &[
                        json!("pool"),
                        json!(s.call("pool.get_all", &[]).await.unwrap()[0]),
                    ],
                )
                .await
                .unwrap();
            let mut go = go_tx.subscribe();
            watchers.push(tokio::spawn(async move {
                let _ = go.recv().await;
                let mut token = token;
                let mut seen = 0usize;
                while seen < 1000 {
                    let b = s
                        .call("event.from", &[json!(["vm"]), token.clone(), json!(30.0)])
                        .await
                        .expect("event.from");
                    token = b["token"].clone();
                    seen += b["events"]
                        .as_array()
                        .map_or(0, |e| e.iter().filter(|e| e["operation"] == "mod").count());
                }
                seen
            }));
        }
        let writer = login(url).await;
        let vms = writer.call("VM.get_all", &[]).await.unwrap();
        let t = Instant::now();
        let _ = go_tx.send(());
        for (i, vm) in vms.as_array().unwrap().iter().take(1000).enumerate() {
            writer
                .call(
                    "VM.add_to_other_config",
                    &[vm.clone(), json!(format!("w{i}")), json!("1")],
                )
                .await
                .unwrap();
        }
        let mut ok = 0;
        for w in watchers {
            if w.await.unwrap_or(0) >= 1000 {
                ok += 1;
            }
        }
        (t.elapsed().as_secs_f64(), ok)
    });
    r.add(
        "6. demo server: 50 event.from watchers, 1,000 edits",
        format!(
            "{ok}/50 watchers saw all edits; {elapsed:.2} s, {:.0} events delivered/s",
            50_000.0 / elapsed
        ),
    );
}
