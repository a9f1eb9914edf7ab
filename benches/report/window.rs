//! The whole-process figures (4, 5, 7, 14 and 15): the release window started under Xvfb, its
//! RSS and its start-up times read from /proc and its own stderr.

use super::{PASSWORD, Report, median, storm};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `cmd` to the end; its stderr and its own peak RSS in MB. The peak is the child's
/// VmHWM from /proc, polled while it runs: wait4's ru_maxrss would include the memory of this
/// (large) process that the child had between fork and exec.
fn run_measured(cmd: &mut Command) -> Option<(std::process::ExitStatus, String, f64)> {
    use std::io::Read;
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    let mut err = child.stderr.take()?;
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_path)
            && let Some(kb) = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(st) = child.try_wait().ok()? {
            break st;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let stderr = reader.join().unwrap_or_default();
    Some((status, stderr, peak_kb as f64 / 1024.0))
}

pub fn processes(
    r: &mut Report,
    rt: &tokio::runtime::Runtime,
    url: &str,
    want: &dyn Fn(&str) -> bool,
) {
    if !(want("4") || want("5") || want("7")) {
        return;
    }
    let Some(bin) = release_bin() else {
        r.add(
            "4./5. whole-process figures",
            "skipped: run `cargo build --release` first".into(),
        );
        return;
    };
    let display = std::env::var("DISPLAY").ok().or_else(start_xvfb);
    let Some(display) = display else {
        // No display: the CLI holds the same cache and tree.
        let t = Instant::now();
        let out = run_measured(
            Command::new(&bin)
                .args(["tree", "--lang", "en-US", "--server", url])
                .env("XENPILOT_PASSWORD", PASSWORD),
        );
        if let Some((status, _, rss)) = out.filter(|o| o.0.success()) {
            let _ = status;
            r.add(
                "4. peak RSS, `xenpilot tree --server` (no display for the window)",
                format!("{rss:.0} MB ({:.2} s)", t.elapsed().as_secs_f64()),
            );
        }
        return;
    };
    let run_window = |args: &[&str]| -> Option<(u64, u64, f64)> {
        let (_, err, rss) = run_measured(
            Command::new(&bin)
                .args(args)
                .env("DISPLAY", &display)
                .env("XENPILOT_BENCH_EXIT", "loaded")
                .env("XENPILOT_PASSWORD", PASSWORD)
                .env(
                    "XDG_CONFIG_HOME",
                    std::env::temp_dir().join("xenpilot-bench-config"),
                ),
        )?;
        let field = |name: &str| {
            err.lines()
                .find_map(|l| l.split_once(&format!("{name}=")).map(|(_, v)| v))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        };
        Some((field("first-frame-ms")?, field("loaded-ms")?, rss))
    };
    // 4. The window connected to the 10,000-VM pool.
    if want("4")
        && let Some((_, loaded, rss)) = run_window(&["--server", url, "--user", "root"])
    {
        r.add(
            "4. peak RSS of the window holding the pool",
            format!("{rss:.0} MB (pool shown {loaded} ms after start)"),
        );
    }
    // 5. Cold start on the built-in demo pool (median of 5).
    let mut first = Vec::new();
    let mut shown = Vec::new();
    for _ in 0..(if want("5") { 5 } else { 0 }) {
        if let Some((f, l, _)) = run_window(&[]) {
            first.push(f as f64);
            shown.push(l as f64);
        }
    }
    if !first.is_empty() {
        r.add(
            "5. cold start to first frame, demo pool (median of 5)",
            format!(
                "{:.0} ms to the first frame, {:.0} ms to the pool shown",
                median(&mut first),
                median(&mut shown)
            ),
        );
    }
    // 7. Frame times while events stream in.
    if want("7") {
        storm::storm(r, rt, url, &bin, &display);
    }
}

/// The release binary, in `CARGO_TARGET_DIR` when that is set.
pub fn release_bin() -> Option<PathBuf> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    Some(target.join("release/xenpilot")).filter(|b| b.exists())
}

/// Runs `cmd` until its RSS is steady (grew less than 1 % over 5 s, once `settle` has passed)
/// or `limit`, then ends it: (peak RSS, RSS at the end, both MB; seconds until steady).
pub fn run_rss(cmd: &mut Command, settle: Duration, limit: Duration) -> Option<(f64, f64, f64)> {
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let status_path = format!("/proc/{}/status", child.id());
    let field = |text: &str, name: &str| -> Option<f64> {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map(|kb| kb / 1024.0)
    };
    let start = Instant::now();
    let mut history: Vec<(Instant, f64)> = Vec::new();
    let (mut peak, mut now) = (0.0f64, 0.0f64);
    while start.elapsed() < limit {
        if child.try_wait().ok()?.is_some() {
            return None;
        }
        if let Ok(text) = std::fs::read_to_string(&status_path) {
            peak = peak.max(field(&text, "VmHWM:").unwrap_or(0.0));
            now = field(&text, "VmRSS:").unwrap_or(now);
            history.push((Instant::now(), now));
        }
        if start.elapsed() > settle
            && let Some((_, then)) = history
                .iter()
                .find(|(t, _)| t.elapsed() <= Duration::from_secs(5))
            && history[0].0.elapsed() > Duration::from_secs(5)
            && now <= then * 1.01
        {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = child.kill();
    let _ = child.wait();
    Some((peak, now, start.elapsed().as_secs_f64()))
}

pub fn start_xvfb() -> Option<String> {
    let display = ":97";
    let child = Command::new("Xvfb")
        .args([display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    std::thread::sleep(Duration::from_millis(800));
    // Left running for the other window runs; it ends with the machine's session.
    std::mem::forget(child);
    Some(display.to_string())
}
