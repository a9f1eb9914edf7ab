//! Figures 7 and 15: frame times of the real window (release build, under Xvfb) while
//! another client edits as fast as it can: 7, the 10,000-VM pool and 30,000 edits (three to
//! each VM); 15 (`pools.rs`), ten pools of 5,000 VMs all edited at once. The window
//! logs each frame's time (`XENPILOT_FRAME_LOG`, which also keeps it drawing every
//! frame, as a user scrolling would); the frames logged while the edits stream are measured.
//! The heavy frames' lines (where the app's time went) are printed, and the load average
//! during the edits.

use super::{PASSWORD, Report, login, median, pct};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use xenpilot::xenapi::Session;

fn unix_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

/// One line of the frame log.
pub struct Frame {
    at: u128,
    frame: f64,
    app: f64,
    app_cpu: f64,
    preempted: u64,
    line: String,
}

fn read_log(path: &Path) -> Vec<Frame> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split(' ').take(5).collect();
            let num = |i: usize| f.get(i).and_then(|a| a.parse::<f64>().ok());
            Some(Frame {
                at: f.first()?.parse().ok()?,
                frame: num(1)?,
                app: num(2).unwrap_or(f64::NAN),
                app_cpu: num(3).unwrap_or(f64::NAN),
                preempted: num(4).map_or(0, |n| n as u64),
                line: l.to_string(),
            })
        })
        .collect()
}

/// The 1-minute load average now.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split(' ')
        .next()?
        .parse()
        .ok()
}

/// The release window started under Xvfb with `args`, logging every frame to its log.
pub struct Window {
    child: Child,
    log: PathBuf,
}

impl Window {
    /// Started with `args` (plus `--user root`) in its own config directory `name`.
    pub fn start(bin: &Path, args: &[String], display: &str, name: &str) -> Option<Self> {
        let dir = std::env::temp_dir().join(name);
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::create_dir_all(&dir);
        let log = dir.join("frames.log");
        let child = Command::new(bin)
            .args(args)
            .args(["--user", "root"])
            .env("DISPLAY", display)
            .env("XENPILOT_PASSWORD", PASSWORD)
            .env("XENPILOT_FRAME_LOG", &log)
            .env("XDG_CONFIG_HOME", dir.join("config"))
            .stdout(Stdio::null())
            .stderr(
                std::fs::File::create(dir.join("window.err"))
                    .map(Stdio::from)
                    .unwrap_or(Stdio::null()),
            )
            .spawn()
            .ok()?;
        Some(Self { child, log })
    }

    /// Waits until `frames` frames are logged (the pools shown and frames cheap again after
    /// the first big builds) or `limit`, then 3 s more.
    pub fn wait_loaded(&self, frames: usize, limit: Duration) {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline && read_log(&self.log).len() < frames {
            std::thread::sleep(Duration::from_millis(200));
        }
        std::thread::sleep(Duration::from_secs(3));
    }
}

impl Window {
    /// Waits until the window's RSS is steady (grew under 1 % over 5 s, after `settle`) or
    /// `limit`: every pool loaded and its tree built. Then 3 s more.
    pub fn wait_steady(&self, settle: Duration, limit: Duration) {
        let path = format!("/proc/{}/status", self.child.id());
        let rss = || -> Option<f64> {
            std::fs::read_to_string(&path)
                .ok()?
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))?
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()
                .ok()
        };
        let start = Instant::now();
        let mut history: Vec<(Instant, f64)> = Vec::new();
        while start.elapsed() < limit {
            let now = rss().unwrap_or(0.0);
            history.push((Instant::now(), now));
            if start.elapsed() > settle
                && let Some((_, then)) = history
                    .iter()
                    .find(|(t, _)| t.elapsed() <= Duration::from_secs(5))
                && now <= then * 1.01
            {
                break;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        std::thread::sleep(Duration::from_secs(3));
    }
}

impl Drop for Window {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What a storm measured: the frames logged from its first edit until 2 s after its last.
pub struct Storm {
    edits_s: f64,
    secs: f64,
    frames: Vec<Frame>,
    loads: Vec<f64>,
}

/// Another client, logged in to each pool of `pools` (URL, edits), makes that pool's edits
/// as fast as it can with `tasks` concurrent callers a pool, all pools at once; each VM is
/// edited in turn, each time with a new key (xapi refuses a key that is there already).
pub fn edits(
    rt: &tokio::runtime::Runtime,
    window: &Window,
    pools: &[(String, usize)],
    tasks: usize,
) -> Storm {
    // The load average, sampled each second while the edits run.
    let sampling = Arc::new(AtomicBool::new(true));
    let sampler = {
        let sampling = sampling.clone();
        std::thread::spawn(move || {
            let mut loads = Vec::new();
            while sampling.load(Ordering::Relaxed) {
                loads.extend(load_average());
                std::thread::sleep(Duration::from_secs(1));
            }
            loads
        })
    };
    // Sessions and VM lists first: the storm starts on every pool at once.
    let clients: Vec<(Arc<Session>, Vec<String>, usize)> = rt.block_on(async {
        let mut out = Vec::new();
        for (url, n) in pools {
            let s = login(url).await;
            let all: serde_json::Value = s.call("VM.get_all", &[]).await.expect("VM.get_all");
            let refs: Vec<String> = serde_json::from_value(all).unwrap_or_default();
            out.push((Arc::new(s), refs, *n));
        }
        out
    });
    let start = unix_ms();
    let t = Instant::now();
    rt.block_on(async move {
        let mut running = Vec::new();
        for (s, refs, n) in clients {
            let edits: Vec<(usize, String)> =
                refs.iter().cycle().take(n).cloned().enumerate().collect();
            for chunk in edits
                .chunks(edits.len().div_ceil(tasks).max(1))
                .map(<[(usize, String)]>::to_vec)
            {
                let s = s.clone();
                running.push(tokio::spawn(async move {
                    for (i, vm) in &chunk {
                        let key = format!("storm-{i}");
                        let _ = s
                            .call(
                                "VM.add_to_other_config",
                                &[json!(vm), json!(key), json!("1")],
                            )
                            .await;
                    }
                }));
            }
        }
        for t in running {
            let _ = t.await;
        }
    });
    let edits_s = t.elapsed().as_secs_f64();
    // The window catches up with the last events.
    std::thread::sleep(Duration::from_secs(2));
    let end = unix_ms();
    sampling.store(false, Ordering::Relaxed);
    let loads = sampler.join().unwrap_or_default();
    let frames = read_log(&window.log)
        .into_iter()
        .filter(|f| f.at >= start && f.at <= end)
        .collect();
    Storm {
        edits_s,
        secs: (end - start) as f64 / 1000.0,
        frames,
        loads,
    }
}

/// Two rows of the report for `storm`: the frames (`what`), then the app's own part of them.
pub fn add_rows(r: &mut Report, figure: &str, what: &str, storm: Storm) {
    let Storm {
        edits_s,
        secs,
        frames,
        loads,
    } = storm;
    let mut heavy: Vec<&Frame> = frames.iter().filter(|f| f.line.contains(" | ")).collect();
    heavy.sort_by(|a, b| b.frame.total_cmp(&a.frame));
    for f in heavy.iter().take(8) {
        eprintln!("    heavy frame: {}", f.line);
    }
    let mut during: Vec<f64> = frames.iter().map(|f| f.frame).collect();
    let mut app: Vec<f64> = frames.iter().map(|f| f.app).collect();
    let mut app_cpu: Vec<f64> = frames.iter().map(|f| f.app_cpu).collect();
    let preempted: u64 = frames.iter().map(|f| f.preempted).sum();
    if during.is_empty() {
        r.add(
            &format!("{figure}. {what}"),
            "skipped: no frames logged".into(),
        );
        return;
    }
    let n = during.len();
    let load = |f: fn(f64, f64) -> f64, init| loads.iter().cloned().fold(init, f);
    let max = during.iter().cloned().fold(0.0, f64::max);
    let app_max = app.iter().cloned().fold(0.0, f64::max);
    r.add(
        &format!("{figure}. {what}"),
        format!(
            "{n} frames over {edits_s:.1} s of edits (+2 s), {:.1} frames/s: median {:.2} ms, **p99 {:.2} ms**, max {max:.1} ms; load average {:.2} to {:.2}",
            n as f64 / secs,
            median(&mut during),
            pct(&mut during, 0.99),
            load(f64::min, f64::INFINITY),
            load(f64::max, 0.0),
        ),
    );
    r.add(
        &format!("{figure}. of which the app's own code (logic and ui)"),
        format!(
            "median {:.2} ms, p99 {:.2} ms, max {app_max:.1} ms; the UI thread's CPU in it: median {:.2} ms, p99 {:.2} ms; the UI thread preempted {preempted} times",
            median(&mut app),
            pct(&mut app, 0.99),
            median(&mut app_cpu),
            pct(&mut app_cpu, 0.99),
        ),
    );
}

/// Figure 7: the window holding the 10,000-VM pool at `url`, 30,000 edits from 16 callers.
pub fn storm(r: &mut Report, rt: &tokio::runtime::Runtime, url: &str, bin: &Path, display: &str) {
    const EDITS: usize = 30_000;
    let Some(window) = Window::start(
        bin,
        &["--server".into(), url.into()],
        display,
        "xenpilot-bench-storm",
    ) else {
        r.add(
            "7. frame time during an edit storm",
            "skipped: no window".into(),
        );
        return;
    };
    window.wait_loaded(200, Duration::from_secs(60));
    let storm = edits(rt, &window, &[(url.to_string(), EDITS)], 16);
    drop(window);
    add_rows(
        r,
        "7",
        "window frame time (eframe's, painting included) while another client makes 30,000 edits (10,000 VMs)",
        storm,
    );
}
