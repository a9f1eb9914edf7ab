//! Benchmark hooks, kept out of the production type: [`Instrumented`] wraps the app when
//! `cargo bench --bench report` asks for it through the environment, and is never used
//! otherwise.
//! - `XENPILOT_BENCH_EXIT=loaded` prints start-up timings to stderr and closes once the pool
//!   is shown;
//! - `XENPILOT_FRAME_LOG=FILE` draws continuously and appends one line per frame,
//!   `<unix-ms> <cpu-ms> <app-ms> <app-cpu-ms> <preempted>`: eframe's time for the previous
//!   frame (egui, our code and painting; wall time), the part of it spent in the app's own
//!   `logic` and `ui` (wall time), the UI thread's CPU time in that part, and how often the
//!   scheduler took the core from the UI thread during the whole frame, so a script can
//!   measure frames while it drives a server. A frame over `XENPILOT_FRAME_LOG_MS`
//!   milliseconds (10 unless set), eframe's or the app's, adds where the app's time went:
//!   ` | name=ms[×calls][#count] …`, the spans of [`super::frame_spans`] (wall time),
//!   longest first.

use super::{Status, XenPilotApp};
use eframe::egui;
use std::io::Write;

/// When the process started (set by `main`), for the start-up figures in BENCHMARKS.md.
pub static PROCESS_START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// The app with the benchmark hooks around it.
pub struct Instrumented {
    pub app: XenPilotApp,
    exit_when_loaded: bool,
    first_frame_done: bool,
    frame_log: Option<std::io::BufWriter<std::fs::File>>,
    /// Time in the app's own code during the current frame.
    app_time: std::time::Duration,
    /// The UI thread's CPU time in the app's own code during the current frame.
    app_cpu: std::time::Duration,
    /// The UI thread's involuntary context switches when the last frame was logged.
    switches: u64,
    /// Frames over this many milliseconds are logged with their spans.
    heavy_ms: f64,
}

impl Instrumented {
    /// The app to run: wrapped when the environment asks for a hook, as it is otherwise.
    pub fn from_env(app: XenPilotApp) -> Box<dyn eframe::App> {
        let exit_when_loaded = std::env::var("XENPILOT_BENCH_EXIT").is_ok_and(|v| v == "loaded");
        let frame_log = std::env::var_os("XENPILOT_FRAME_LOG").and_then(|p| {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&p)
                .inspect_err(|e| tracing::warn!(error = %e, "cannot open the frame log"))
                .ok()
                .map(std::io::BufWriter::new)
        });
        if !exit_when_loaded && frame_log.is_none() {
            return Box::new(app);
        }
        super::frame_spans::enable(frame_log.is_some());
        let heavy_ms = std::env::var("XENPILOT_FRAME_LOG_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(10.0);
        Box::new(Instrumented {
            app,
            exit_when_loaded,
            first_frame_done: false,
            frame_log,
            app_time: std::time::Duration::ZERO,
            app_cpu: std::time::Duration::ZERO,
            switches: 0,
            heavy_ms,
        })
    }

    fn log_frame(&mut self, cpu_seconds: Option<f32>) {
        let app_ms = std::mem::take(&mut self.app_time).as_secs_f64() * 1000.0;
        let app_cpu_ms = std::mem::take(&mut self.app_cpu).as_secs_f64() * 1000.0;
        let switches = super::frame_spans::thread_usage().map_or(0, |(_, n)| n);
        let preempted = switches.saturating_sub(std::mem::replace(&mut self.switches, switches));
        let mut spans = super::frame_spans::take();
        let (Some(log), Some(cpu)) = (&mut self.frame_log, cpu_seconds) else {
            return;
        };
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let cpu_ms = f64::from(cpu) * 1000.0;
        let _ = write!(
            log,
            "{now} {cpu_ms:.3} {app_ms:.3} {app_cpu_ms:.3} {preempted}"
        );
        if cpu_ms >= self.heavy_ms || app_ms >= self.heavy_ms {
            let _ = write!(log, " | {}", super::frame_spans::format(&mut spans));
        }
        let _ = writeln!(log);
        let _ = log.flush();
    }

    /// Runs `f` on the app, its wall and CPU time added to the frame's.
    fn timed(&mut self, f: impl FnOnce(&mut XenPilotApp)) {
        let cpu = self
            .frame_log
            .is_some()
            .then(super::frame_spans::thread_usage)
            .flatten();
        let t = std::time::Instant::now();
        f(&mut self.app);
        self.app_time += t.elapsed();
        if let Some((before, _)) = cpu
            && let Some((after, _)) = super::frame_spans::thread_usage()
        {
            self.app_cpu += after.saturating_sub(before);
        }
    }

    fn report_start(&mut self, ctx: &egui::Context) {
        if !self.exit_when_loaded {
            return;
        }
        let ms = || PROCESS_START.get().map_or(0, |t| t.elapsed().as_millis());
        if !self.first_frame_done {
            self.first_frame_done = true;
            eprintln!("xenpilot-bench first-frame-ms={}", ms());
        }
        let rows = self.app.rows().len();
        if matches!(self.app.status(), Status::Connected(_) | Status::File(_)) && rows > 0 {
            eprintln!("xenpilot-bench loaded-ms={} rows={rows}", ms());
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            self.exit_when_loaded = false;
        } else {
            ctx.request_repaint();
        }
    }
}

impl eframe::App for Instrumented {
    fn raw_input_hook(&mut self, ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        self.app.raw_input_hook(ctx, raw_input);
    }

    fn logic(&mut self, ctx: &egui::Context, frame: &mut eframe::Frame) {
        if self.frame_log.is_some() {
            // Measure every frame, as while a user scrolls, not only those events cause.
            self.log_frame(frame.info().cpu_usage);
            ctx.request_repaint();
        }
        self.timed(|app| app.logic(ctx, frame));
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        self.timed(|app| app.ui(ui, frame));

        self.report_start(&ui.ctx().clone());
    }

    fn on_exit(&mut self) {
        self.app.on_exit();
    }
}
