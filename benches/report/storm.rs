//! Figure 7: frame times of the real window (release build, under Xvfb) holding the
//! 10,000-VM pool while another client makes 30,000 edits as fast as it can (three to each
//! VM). The window
//! logs each frame's CPU time (`XENPILOT_FRAME_LOG`, which also keeps it drawing every
//! frame, as a user scrolling would); the frames logged while the edits stream are measured.

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

/// (unix-ms, frame-ms, app-ms) lines of the frame log.
fn read_log(path: &Path) -> Vec<(u128, f64, f64)> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| {
            let mut it = l.split(' ');
            let t = it.next()?.parse().ok()?;
            let frame = it.next()?.parse().ok()?;
            let app = it.next().and_then(|a| a.parse().ok()).unwrap_or(f64::NAN);
            Some((t, frame, app))
        })
        .collect()
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
    let _ = child.kill();
    let _ = child.wait();
    let frames: Vec<(u128, f64, f64)> = read_log(&log)
        .into_iter()
        .filter(|(t, _, _)| *t >= start && *t <= end)
        .collect();
    let mut during: Vec<f64> = frames.iter().map(|f| f.1).collect();
    let mut app: Vec<f64> = frames.iter().map(|f| f.2).collect();
    if during.is_empty() {
        r.add(
            "7. frame time during an edit storm",
            "skipped: no frames logged".into(),
        );
        return;
    }
    let n = during.len();
    let max = during.iter().cloned().fold(0.0, f64::max);
    let app_max = app.iter().cloned().fold(0.0, f64::max);
    r.add(
        "7. window frame time (eframe's, painting included) while another client makes 30,000 edits (10,000 VMs)",
        format!(
            "{n} frames over {:.1} s of edits (+2 s): median {:.2} ms, **p99 {:.2} ms**, max {max:.1} ms",
            edits_s,
            median(&mut during),
            pct(&mut during, 0.99)
        ),
    );
    r.add(
        "7. of which the app's own code (logic and ui)",
        format!(
            "median {:.2} ms, p99 {:.2} ms, max {app_max:.1} ms",
            median(&mut app),
            pct(&mut app, 0.99)
        ),
    );
}
