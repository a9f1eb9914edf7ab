//! Figure 7: frame times of the real window (release build, under Xvfb) holding the
//! 10,000-VM pool while another client makes 30,000 edits as fast as it can (three to each
//! VM). The window
//! logs each frame's time (`XENPILOT_FRAME_LOG`, which also keeps it drawing every
//! frame, as a user scrolling would); the frames logged while the edits stream are measured.
//! The heavy frames' lines (where the app's time went) are printed, and the load average
//! during the edits.

use super::{PASSWORD, Report, login, median, pct};
use serde_json::json;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn unix_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

/// One line of the frame log.
struct Frame {
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

pub fn storm(r: &mut Report, rt: &tokio::runtime::Runtime, url: &str, bin: &Path, display: &str) {
    const EDITS: usize = 30_000;
    let dir = std::env::temp_dir().join("xenpilot-bench-storm");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::create_dir_all(&dir);
    let log = dir.join("frames.log");
    let Ok(mut child) = Command::new(bin)
        .args(["--server", url, "--user", "root"])
        .env("DISPLAY", display)
        .env("XENPILOT_PASSWORD", PASSWORD)
        .env("XENPILOT_FRAME_LOG", &log)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .stdout(Stdio::null())
        .stderr(
            std::fs::File::create("/tmp/storm-window.err")
                .map(Stdio::from)
                .unwrap_or(Stdio::null()),
        )
        .spawn()
    else {
        r.add(
            "7. frame time during an edit storm",
            "skipped: no window".into(),
        );
        return;
    };
    // Loaded: the pool is shown once frames are cheap again after the first big build.
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline && read_log(&log).len() < 200 {
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(3));
    // The load average, sampled each second while the edits run.
    let sampling = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let sampler = {
        let sampling = sampling.clone();
        std::thread::spawn(move || {
            let mut loads = Vec::new();
            while sampling.load(std::sync::atomic::Ordering::Relaxed) {
                loads.extend(load_average());
                std::thread::sleep(Duration::from_secs(1));
            }
            loads
        })
    };
    let refs: Vec<String> = rt.block_on(async {
        let s = login(url).await;
        let all: serde_json::Value = s.call("VM.get_all", &[]).await.expect("VM.get_all");
        serde_json::from_value(all).unwrap_or_default()
    });
    let start = unix_ms();
    let t = Instant::now();
    let url2 = url.to_string();
    rt.block_on(async move {
        let s = Arc::new(login(&url2).await);
        let mut tasks = Vec::new();
        // (edit number, VM): each VM edited EDITS / VMs times, each time with a new key (xapi
        // refuses a key that is there already).
        let edits: Vec<(usize, String)> = refs
            .iter()
            .cycle()
            .take(EDITS)
            .cloned()
            .enumerate()
            .collect();
        for chunk in edits
            .chunks(edits.len().div_ceil(16).max(1))
            .map(<[(usize, String)]>::to_vec)
        {
            let s = s.clone();
            tasks.push(tokio::spawn(async move {
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
        for t in tasks {
            let _ = t.await;
        }
    });
    let edits_s = t.elapsed().as_secs_f64();
    // The window catches up with the last events.
    std::thread::sleep(Duration::from_secs(2));
    let end = unix_ms();
    sampling.store(false, std::sync::atomic::Ordering::Relaxed);
    let loads = sampler.join().unwrap_or_default();
    let _ = child.kill();
    let _ = child.wait();
    let frames: Vec<Frame> = read_log(&log)
        .into_iter()
        .filter(|f| f.at >= start && f.at <= end)
        .collect();
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
            "7. frame time during an edit storm",
            "skipped: no frames logged".into(),
        );
        return;
    }
    let n = during.len();
    let secs = (end - start) as f64 / 1000.0;
    let load = |f: fn(f64, f64) -> f64, init| loads.iter().cloned().fold(init, f);
    let max = during.iter().cloned().fold(0.0, f64::max);
    let app_max = app.iter().cloned().fold(0.0, f64::max);
    r.add(
        "7. window frame time (eframe's, painting included) while another client makes 30,000 edits (10,000 VMs)",
        format!(
            "{n} frames over {:.1} s of edits (+2 s), {:.1} frames/s: median {:.2} ms, **p99 {:.2} ms**, max {max:.1} ms; load average {:.2} to {:.2}",
            edits_s,
            n as f64 / secs,
            median(&mut during),
            pct(&mut during, 0.99),
            load(f64::min, f64::INFINITY),
            load(f64::max, 0.0),
        ),
    );
    r.add(
        "7. of which the app's own code (logic and ui)",
        format!(
            "median {:.2} ms, p99 {:.2} ms, max {app_max:.1} ms; the UI thread's CPU in it: median {:.2} ms, p99 {:.2} ms; the UI thread preempted {preempted} times",
            median(&mut app),
            pct(&mut app, 0.99),
            median(&mut app_cpu),
            pct(&mut app_cpu, 0.99),
        ),
    );
}
