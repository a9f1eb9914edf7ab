//! Frame times through egui_kittest: the app's own code (`logic` and `ui`), no painting. The
//! window figures (2, 8 and 10) share the harness, the scrolling gesture and the timing.

use super::{median, pct};
use eframe::egui;
use egui_kittest::Harness;
use std::time::Instant;
use xenpilot::store::settings::Settings;
use xenpilot::ui::XenPilotApp;
use xenpilot::xenapi::Cache;

/// The app over `cache` in English, 1280×800, after its first frames.
pub fn harness(cache: Cache) -> Harness<'static, XenPilotApp> {
    let settings = Settings {
        language: Some("en-US".into()),
        ..Settings::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_eframe(move |cc| {
            let mut app = XenPilotApp::with_cache(cache, settings);
            app.setup(&cc.egui_ctx);
            app
        });
    h.run_steps(3);
    h
}

/// Frame `i` of a user scrolling at `at`: `step` points down for 50 frames, then back up.
pub fn scroll(h: &mut Harness<'_, XenPilotApp>, i: usize, step: f32, at: egui::Pos2) {
    h.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: egui::vec2(0.0, if i % 100 < 50 { -step } else { step }),
        phase: egui::TouchPhase::Move,
        modifiers: egui::Modifiers::NONE,
        source: egui::MouseWheelSource::Wheel,
    });
    h.hover_at(at);
}

/// (median, p99) in ms of 300 frames, each after `input(h, i)`.
pub fn measure(
    h: &mut Harness<'_, XenPilotApp>,
    mut input: impl FnMut(&mut Harness<'_, XenPilotApp>, usize),
) -> (f64, f64) {
    let mut times = Vec::new();
    for i in 0..300 {
        input(h, i);
        let t = Instant::now();
        h.step();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    (median(&mut times), pct(&mut times, 0.99))
}
