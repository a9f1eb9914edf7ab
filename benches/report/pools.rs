//! Figures 13 and 14: ten pools of 5,000 VMs at once (50,000 VMs), as the scale goal.
//! 13: a keystroke in the navigator's search box and in the Search window, to the results
//! drawn, in the app itself through egui_kittest (the app's own code, as figure 2);
//! 14: the RSS of the real window (release build, under Xvfb) connected to ten demo servers
//! on loopback with `--server` ten times;
//! 15: that window's frame times while another client edits all ten pools at once.

use super::storm::{self, Window};
use super::window::run_rss;
use super::{PASSWORD, Report, median};
use eframe::egui;
use egui_kittest::Harness;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use xenpilot::demo::generator::{PoolSpec, generate};
use xenpilot::demo::{DemoConfig, DemoServer};
use xenpilot::store::settings::Settings;
use xenpilot::ui::{Command as UiCommand, XenPilotApp};
use xenpilot::xenapi::Cache;

const POOLS: usize = 10;

/// Pool `n` (1-based) of the ten: 5,000 VMs, 32 hosts, 250 networks, its own refs.
fn spec(n: usize) -> PoolSpec {
    format!("vms=5000,hosts=32,networks=250,pool={n}")
        .parse()
        .expect("spec")
}

/// Times each frame after `input(h, i)` for `n` frames; (median, worst) in ms.
fn frames(
    h: &mut Harness<'_, XenPilotApp>,
    n: usize,
    mut input: impl FnMut(&mut Harness<'_, XenPilotApp>, usize),
) -> (f64, f64) {
    let mut t = Vec::new();
    for i in 0..n {
        input(h, i);
        let s = Instant::now();
        h.step();
        t.push(s.elapsed().as_secs_f64() * 1000.0);
    }
    let worst = t.iter().cloned().fold(0.0, f64::max);
    (median(&mut t), worst)
}

/// Types `text` one character at a time, each once the previous one's results are drawn:
/// (median, worst) ms from a keystroke to the frame that draws its results (the search may
/// run on its own thread: frames go on meanwhile), and the longest single frame.
fn to_results(h: &mut Harness<'_, XenPilotApp>, text: &str) -> (f64, f64, f64) {
    let (mut latency, mut longest) = (Vec::new(), 0.0f64);
    for i in 0..text.len() {
        h.event(egui::Event::Text(text[i..=i].to_string()));
        let start = Instant::now();
        loop {
            let s = Instant::now();
            h.step();
            longest = longest.max(s.elapsed().as_secs_f64() * 1000.0);
            let searching = h.state().search_window().is_some_and(|w| w.searching());
            if !searching || start.elapsed() > Duration::from_secs(10) {
                break;
            }
            // The window draws nothing while it waits: it sleeps until the search ends and
            // wakes it (stepping meanwhile would take a core from the search).
            while !h.state().search_window().is_some_and(|w| w.search_ended())
                && start.elapsed() < Duration::from_secs(10)
            {
                std::thread::sleep(Duration::from_micros(200));
            }
        }
        latency.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    let worst = latency.iter().cloned().fold(0.0, f64::max);
    (median(&mut latency), worst, longest)
}

pub fn search(r: &mut Report) {
    let caches: Vec<Cache> = (1..=POOLS)
        .map(|n| xenpilot::xapidb::cache_of(&generate(spec(n))))
        .collect();
    let vms: usize = caches.iter().map(|c| c.vms.len()).sum();
    let settings = Settings {
        language: Some("en-US".into()),
        ..Settings::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let mut app = XenPilotApp::with_caches(caches, settings);
            app.setup(&cc.egui_ctx);
            app
        });
    // The ten trees are built on the navigator's thread: wait for their rows.
    let deadline = Instant::now() + Duration::from_secs(120);
    while h.state().rows().len() < POOLS && Instant::now() < deadline {
        h.step();
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(3);
    let word = "vm-04711";
    // The navigator's box: one keystroke a frame, each frame filters every pool's rows.
    let (m, worst) = frames(&mut h, word.len(), |h, i| {
        h.state_mut()
            .send(UiCommand::SetSearch(word[..=i].to_string()));
    });
    let rows = h.state().rows().len();
    r.add(
        &format!("13. navigator search box over {POOLS} pools ({vms} VMs), typing \"{word}\": the frame of each keystroke"),
        format!("median {m:.1} ms, **worst {worst:.1} ms** ({rows} rows shown at the end)"),
    );
    h.state_mut().send(UiCommand::SetSearch(String::new()));
    h.run_steps(3);
    // The Search window: opened, then the same word typed into its (focused) query box.
    h.state_mut().send(UiCommand::OpenSearch);
    h.run_steps(3);
    for (label, text) in [("a plain word", word), ("a field term", "power:running")] {
        // Select all and delete: the query box starts empty.
        for key in [egui::Key::A, egui::Key::Backspace] {
            let modifiers = if key == egui::Key::A {
                egui::Modifiers::COMMAND
            } else {
                egui::Modifiers::NONE
            };
            for pressed in [true, false] {
                h.event(egui::Event::Key {
                    key,
                    physical_key: None,
                    pressed,
                    repeat: false,
                    modifiers,
                });
            }
            h.step();
        }
        h.run_steps(2);
        // The empty query's search (every object) ends before the first keystroke.
        while h.state().search_window().is_some_and(|w| w.searching()) {
            h.step();
            std::thread::sleep(Duration::from_millis(5));
        }
        let (m, worst, frame) = to_results(&mut h, text);
        let hits = h.state().search_window().map_or(0, |w| w.count());
        r.add(
            &format!("13. Search window over {POOLS} pools, typing {label} (\"{text}\"): each keystroke to its results drawn"),
            format!("median {m:.1} ms, **worst {worst:.1} ms**; longest frame meanwhile {frame:.1} ms ({hits} results at the end)"),
        );
    }
}

/// Ten demo servers in this process, on loopback.
fn servers(rt: &tokio::runtime::Runtime) -> Vec<DemoServer> {
    (1..=POOLS)
        .map(|n| {
            rt.block_on(DemoServer::start(
                generate(spec(n)),
                DemoConfig::new(PASSWORD),
                ([127, 0, 0, 1], 0).into(),
            ))
            .expect("server")
        })
        .collect()
}

/// Figure 15: the window connected to the ten pools, once they are loaded (its RSS steady);
/// then another client makes 3,000 edits to each pool, all ten at once (4 callers a pool).
pub fn stream(r: &mut Report, rt: &tokio::runtime::Runtime, bin: &Path, display: &str) {
    const EDITS: usize = 3_000;
    let servers = servers(rt);
    let args: Vec<String> = servers
        .iter()
        .flat_map(|s| ["--server".to_string(), s.url.clone()])
        .collect();
    if let Some(window) = Window::start(bin, &args, display, "xenpilot-bench-stream") {
        window.wait_steady(Duration::from_secs(15), Duration::from_secs(120));
        let pools: Vec<(String, usize)> = servers.iter().map(|s| (s.url.clone(), EDITS)).collect();
        let storm = storm::edits(rt, &window, &pools, 4);
        drop(window);
        storm::add_rows(
            r,
            "15",
            &format!(
                "window frame time while all {POOLS} pools stream events (another client makes {EDITS} edits to each, {} in all, at once)",
                EDITS * POOLS
            ),
            storm,
        );
    } else {
        r.add(
            "15. frame time, ten pools streaming",
            "skipped: no window".into(),
        );
    }
    for s in servers {
        rt.block_on(s.stop());
    }
}

/// Ten demo servers in this process; the window connected to all of them; its RSS until it
/// is steady (no growth of 1 % over 5 s, after all ten pools could load) or 120 s.
pub fn rss(r: &mut Report, rt: &tokio::runtime::Runtime, bin: &Path, display: &str) {
    let servers = servers(rt);
    let mut cmd = Command::new(bin);
    for s in &servers {
        cmd.args(["--server", &s.url]);
    }
    cmd.args(["--user", "root"])
        .env("DISPLAY", display)
        .env("XENPILOT_PASSWORD", PASSWORD)
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("xenpilot-bench-pools"),
        );
    match run_rss(&mut cmd, Duration::from_secs(15), Duration::from_secs(120)) {
        Some((peak, steady, secs)) => r.add(
            &format!("14. window RSS, {POOLS} pools of 5,000 VMs connected at once (`--server` ×{POOLS}, demo servers on loopback)"),
            format!("peak **{peak:.0} MB**, steady {steady:.0} MB (steady after {secs:.0} s)"),
        ),
        None => r.add("14. window RSS, ten pools", "skipped: no window".into()),
    }
    for s in servers {
        rt.block_on(s.stop());
    }
}
