//! The Performance tab of pools, hosts and VMs.
//!
//! A host or VM shows its graphs (CPU, memory, network, disk, load), laid out as the pool's
//! `gui_config` says in XenCenter's keys, or by default; a pool shows the overview of its
//! busiest hosts and VMs. What is shown is polled every few seconds while it is drawn,
//! in the background ([`poll`]); nothing is polled for a tab nobody looks at: a poll starts
//! only from this tab's drawing, and a new selection or range drops the old view.
//!
//! State lives on the app ([`PerformanceTabs`]) and is lent to [`ui`] for the frame, beside
//! the read-only [`AppView`] it reads the pools and the selection from.

mod editor;
mod export;
mod graph;
mod overview;
pub mod poll;

use super::{AppView, Command};
use crate::i18n::I18n;
use crate::model::graphs::layout::{self, Graph};
use crate::model::graphs::overview::Overview;
use crate::model::tree::Node;
use crate::services::background::{Poll, Task};
use eframe::egui;
use poll::{HostError, Sink};
use std::sync::{Arc, Mutex, PoisonError};
use xenapi::rrd::{Cf, ObjectKind, Store, Update};

/// The time ranges offered, each one of xapi's archives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Range {
    /// Last 10 minutes, 5 s points.
    #[default]
    TenMinutes,
    /// Last 2 hours, 1 min points.
    TwoHours,
    /// Last week, 1 h points.
    Week,
    /// Last year, 1 day points.
    Year,
}

impl Range {
    pub const ALL: [Range; 4] = [Range::TenMinutes, Range::TwoHours, Range::Week, Range::Year];

    /// The archive's step, in seconds (the `interval` asked for).
    pub fn step(self) -> u32 {
        match self {
            Range::TenMinutes => 5,
            Range::TwoHours => 60,
            Range::Week => 3600,
            Range::Year => 86_400,
        }
    }

    /// Rows the archive keeps.
    pub fn points(self) -> usize {
        match self {
            Range::TenMinutes => 120,
            Range::TwoHours => 120,
            Range::Week => 168,
            Range::Year => 366,
        }
    }

    /// Seconds the range covers.
    pub fn span(self) -> i64 {
        i64::from(self.step()) * self.points() as i64
    }

    /// The first poll's `start`: a step less than the span, so xcp-rrdd's strict archive
    /// choice answers from this range's archive ([`xenapi::rrd::first_start`]).
    pub fn first_start(self) -> i64 {
        xenapi::rrd::first_start(self.step(), self.points())
    }

    /// Seconds between polls: every 5 s for the live range, the coarser archives gain a
    /// point at most once a minute.
    pub fn period(self) -> f64 {
        match self {
            Range::TenMinutes => 5.0,
            _ => 60.0,
        }
    }

    pub fn label_id(self) -> &'static str {
        match self {
            Range::TenMinutes => "perf-range-10m",
            Range::TwoHours => "perf-range-2h",
            Range::Week => "perf-range-week",
            Range::Year => "perf-range-year",
        }
    }
}

/// What the tab shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A host's or a VM's graphs.
    Object {
        pool: u64,
        kind: ObjectKind,
        uuid: String,
    },
    /// A pool's overview.
    Overview { pool: u64 },
}

struct View {
    target: Target,
    range: Range,
    sink: Sink,
    task: Option<Task<Vec<HostError>>>,
    /// `ctx` time of the next poll.
    next_poll: f64,
    errors: Vec<HostError>,
    /// The last poll's worker ended without an answer.
    vanished: bool,
}

/// Something to tell the user about the tab's own actions.
#[derive(Debug, Clone)]
pub enum PerfNotice {
    CsvSaved(std::path::PathBuf),
    /// The file could not be written (the OS's message).
    CsvFailed(std::path::PathBuf, String),
    /// The write's worker ended without an answer.
    CsvVanished,
    ImageCopied,
    LayoutSaved,
    LayoutFailed(crate::services::edits::EditError),
    /// The save's worker ended without an answer.
    LayoutVanished,
}

impl PerfNotice {
    fn text(&self, i18n: &I18n) -> String {
        match self {
            PerfNotice::CsvSaved(p) => {
                i18n.get_args("perf-csv-saved", &[("path", &p.display().to_string())])
            }
            PerfNotice::CsvFailed(p, e) => i18n.get_args(
                "perf-csv-failed",
                &[("path", &p.display().to_string()), ("error", e)],
            ),
            PerfNotice::CsvVanished => i18n.get("err-worker-vanished"),
            PerfNotice::ImageCopied => i18n.get("perf-image-copied"),
            PerfNotice::LayoutSaved => i18n.get("perf-layout-saved"),
            PerfNotice::LayoutFailed(e) => i18n.get_args(
                "perf-layout-failed",
                &[("error", &super::errors::edit(i18n, e))],
            ),
            PerfNotice::LayoutVanished => i18n.get("err-worker-vanished"),
        }
    }
}

/// The Performance tab's state, kept on the app.
#[derive(Default)]
pub struct PerformanceTabs {
    /// The range chosen (kept while the selection moves).
    pub range: Range,
    /// The zone the time axis is drawn in: the system's; tests set UTC.
    pub tz: Option<jiff::tz::TimeZone>,
    view: Option<View>,
    transports: poll::Transports,
    editor: Option<editor::Editor>,
    export: export::Export,
    overview: overview::OverviewUi,
    notice: Option<PerfNotice>,
}

impl PerformanceTabs {
    /// What is shown now, if the tab was drawn.
    pub fn target(&self) -> Option<&Target> {
        self.view.as_ref().map(|v| &v.target)
    }

    /// Whether a poll is in flight.
    pub fn polling(&self) -> bool {
        self.view.as_ref().is_some_and(|v| v.task.is_some())
    }

    /// Merges a reply into what is shown, as a poll would (tests and screenshots, which
    /// have no runtime).
    pub fn feed(&mut self, host_uuid: &str, update: &Update) {
        if let Some(v) = &self.view {
            v.sink.merge(host_uuid, update);
            if let Sink::Overview(o) = &v.sink {
                sort_by_figures(o);
                self.overview.dirty = true;
            }
        }
    }

    /// Drops the view (the tab is no longer shown): nothing more is polled for it.
    pub fn hide(&mut self) {
        self.view = None;
        self.editor = None;
    }

    fn tz(&self) -> jiff::tz::TimeZone {
        self.tz.clone().unwrap_or_else(jiff::tz::TimeZone::system)
    }
}

/// What the selection asks the tab to show, with the pool's index.
fn target_of(view: &AppView) -> Option<(usize, Target)> {
    let node = view.selected?;
    let i = view.pool_of(node)?;
    let p = &view.pools[i];
    let c = &p.cache;
    let target = match node {
        Node::Vm(r) => Target::Object {
            pool: p.id,
            kind: ObjectKind::Vm,
            uuid: c.vms.get(r)?.uuid.clone(),
        },
        Node::Host(r) => Target::Object {
            pool: p.id,
            kind: ObjectKind::Host,
            uuid: c.hosts.get(r)?.uuid.clone(),
        },
        Node::Pool(_) => Target::Overview { pool: p.id },
        _ => return None,
    };
    Some((i, target))
}

/// Draws the tab for the selection; starts the polls it needs.
pub fn ui(perf: &mut PerformanceTabs, view: &AppView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let i18n = view.i18n;
    let Some((pool_i, target)) = target_of(view) else {
        perf.hide();
        ui.weak(i18n.get("details-gone"));
        return;
    };
    let range = match target {
        Target::Overview { .. } => Range::TenMinutes,
        Target::Object { .. } => perf.range,
    };
    if perf
        .view
        .as_ref()
        .is_none_or(|v| v.target != target || v.range != range)
    {
        perf.editor = None;
        // A notice ("Saved web-01.csv") belongs to the object it was about.
        perf.notice = None;
        perf.view = Some(View {
            sink: match target {
                Target::Overview { .. } => Sink::Overview(Arc::new(Mutex::new(Overview::new()))),
                Target::Object { .. } => {
                    Sink::Store(Arc::new(Mutex::new(Store::new(range.points()))))
                }
            },
            target: target.clone(),
            range,
            task: None,
            next_poll: 0.0,
            errors: Vec::new(),
            vanished: false,
        });
        perf.overview.dirty = true;
    }
    schedule(perf, view, pool_i, ui.ctx());
    perf.export.take_screenshot(ui.ctx(), &mut perf.notice);

    // The header: the ranges (objects only), then what went wrong.
    ui.horizontal_wrapped(|ui| {
        if let Target::Object { .. } = target {
            ui.label(i18n.get("perf-range"));
            for r in Range::ALL {
                if ui
                    .selectable_label(perf.range == r, i18n.get(r.label_id()))
                    .clicked()
                {
                    perf.range = r;
                }
            }
            ui.separator();
            let label = if perf.editor.is_some() {
                "perf-edit-close"
            } else {
                "perf-edit"
            };
            if ui.button(i18n.get(label)).clicked() {
                perf.editor = match perf.editor {
                    Some(_) => None,
                    None => Some(editor::Editor::new(current_layout(perf, view, pool_i))),
                };
            }
        }
        if view.pools[pool_i].session().is_none() {
            ui.weak(i18n.get("perf-no-session"));
        } else if perf.view.as_ref().is_some_and(|v| v.task.is_some()) {
            ui.spinner();
        }
    });
    if let Some(v) = &perf.view {
        for e in &v.errors {
            let text = super::errors::rrd_host(i18n, e);
            if e.error.is_no_data() {
                ui.weak(text);
            } else {
                ui.colored_label(ui.visuals().warn_fg_color, text);
            }
        }
        if v.vanished {
            ui.colored_label(ui.visuals().warn_fg_color, i18n.get("err-worker-vanished"));
        }
    }
    if let Some(n) = &perf.notice {
        ui.label(n.text(i18n));
    }
    ui.separator();
    if !live(view, pool_i, &target) {
        ui.weak(i18n.get("perf-vm-not-running"));
        return;
    }
    match target {
        Target::Overview { .. } => overview::ui(perf, view, pool_i, ui, out),
        Target::Object { kind, uuid, .. } => graphs(perf, view, pool_i, kind, &uuid, ui),
    }
}

/// Whether the target has live data: a VM only while it runs (or is paused) on a host;
/// hosts keep no figures for a halted or suspended VM.
fn live(view: &AppView, pool_i: usize, target: &Target) -> bool {
    use xenapi::records::PowerState;
    let (
        Target::Object {
            kind: ObjectKind::Vm,
            ..
        },
        Some(Node::Vm(r)),
    ) = (target, view.selected)
    else {
        return true;
    };
    // The target comes from the selection: look the VM up by its ref, not by scanning.
    view.pools[pool_i]
        .cache
        .vms
        .get(r)
        .is_some_and(|v| matches!(v.power_state, PowerState::Running | PowerState::Paused))
}

/// Starts a poll when one is due and none runs; takes a finished one's errors.
fn schedule(perf: &mut PerformanceTabs, view: &AppView, pool_i: usize, ctx: &egui::Context) {
    let now = ctx.input(|i| i.time);
    let Some(shown) = perf.view.as_mut() else {
        return;
    };
    if let Some(task) = &mut shown.task {
        match task.poll() {
            Poll::Pending => return,
            Poll::Ready(errors) => {
                shown.errors = errors;
                shown.vanished = false;
            }
            Poll::Vanished => shown.vanished = true,
        }
        shown.task = None;
        perf.overview.dirty = true;
    }
    let pool = &view.pools[pool_i];
    let (Some(worker), Some(session)) = (view.worker.as_ref(), pool.session()) else {
        return;
    };
    if !live(view, pool_i, &shown.target) {
        return;
    }
    if now < shown.next_poll {
        ctx.request_repaint_after(std::time::Duration::from_secs_f64(shown.next_poll - now));
        return;
    }
    shown.next_poll = now + shown.range.period();
    let base = session.transport().base_url().clone();
    let first = shown.range.first_start();
    let jobs = match (&shown.target, &shown.sink) {
        (Target::Overview { .. }, Sink::Overview(o)) => {
            let o = o.lock().unwrap_or_else(PoisonError::into_inner);
            // The first poll asks for the sparklines' 2 minutes only.
            poll::pool_jobs(&pool.cache, &base, -120, |h| o.next_start(h))
        }
        (Target::Object { kind, uuid, .. }, Sink::Store(s)) => {
            let s = s.lock().unwrap_or_else(PoisonError::into_inner);
            poll::object_jobs(
                &pool.cache,
                &base,
                *kind,
                uuid,
                shown.range.step(),
                first,
                |h| s.next_start(h),
            )
        }
        _ => Vec::new(),
    };
    let (jobs, mut errors): (Vec<_>, Vec<_>) = jobs.into_iter().partition(Result::is_ok);
    let jobs: Vec<poll::HostJob> = jobs.into_iter().filter_map(Result::ok).collect();
    shown.errors = errors.drain(..).filter_map(Result::err).collect();
    let failed_early = std::mem::take(&mut shown.errors);
    let sink = shown.sink.clone();
    let transports = perf.transports.clone();
    shown.task = Some(worker.spawn(async move {
        let mut errors = poll::run(session, transports, jobs, sink.clone()).await;
        // The overview's new figures are sorted here, off the UI thread.
        if let Sink::Overview(o) = &sink {
            sort_by_figures(o);
        }
        errors.extend(failed_early);
        errors
    }));
}

/// Sorts the overview by its figure column (a name sort needs the cache: the UI does it).
fn sort_by_figures(o: &Mutex<Overview>) {
    let mut o = o.lock().unwrap_or_else(PoisonError::into_inner);
    let (by, desc) = (o.sort, o.descending);
    if by != crate::model::graphs::overview::SortBy::Name {
        o.sort_by(by, desc, |_| String::new());
    }
}

/// The name of the host or VM whose graphs these are (for the CSV's file name).
fn object_name(cache: &xenapi::Cache, kind: ObjectKind, uuid: &str) -> String {
    match kind {
        ObjectKind::Host => cache
            .hosts
            .values()
            .find(|h| h.uuid == uuid)
            .map(|h| h.name_label.clone()),
        ObjectKind::Vm => cache
            .vms
            .values()
            .find(|v| v.uuid == uuid)
            .map(|v| v.name_label.clone()),
        ObjectKind::Sr => cache
            .srs
            .values()
            .find(|s| s.uuid == uuid)
            .map(|s| s.name_label.clone()),
    }
    .unwrap_or_else(|| uuid.to_string())
}

/// The layout drawn for the object: the one being edited, else the pool's saved one, else
/// the defaults for the sources the host reports.
fn current_layout(perf: &PerformanceTabs, view: &AppView, pool_i: usize) -> Vec<Graph> {
    let Some(View {
        target: Target::Object { kind, uuid, .. },
        sink: Sink::Store(store),
        ..
    }) = &perf.view
    else {
        return Vec::new();
    };
    let cache = &view.pools[pool_i].cache;
    if let Some(saved) = cache
        .pool()
        .and_then(|(_, p)| layout::read(&p.gui_config, *kind, uuid))
    {
        return saved;
    }
    let store = store.lock().unwrap_or_else(PoisonError::into_inner);
    layout::defaults(*kind, &store.sources(Cf::Average, *kind, uuid))
}

fn graphs(
    perf: &mut PerformanceTabs,
    view: &AppView,
    pool_i: usize,
    kind: ObjectKind,
    uuid: &str,
    ui: &mut egui::Ui,
) {
    let i18n = view.i18n;
    let Some(View {
        sink: Sink::Store(store),
        range,
        ..
    }) = &perf.view
    else {
        return;
    };
    let (store, range) = (store.clone(), *range);
    let layout = match &perf.editor {
        Some(e) => e.graphs.clone(),
        None => current_layout(perf, view, pool_i),
    };
    let empty = xenapi::records::StringMap::default();
    let saved = view.pools[pool_i]
        .cache
        .pool()
        .map_or(&empty, |(_, p)| &p.gui_config);
    // While editing, the colours chosen show before they are saved.
    let editing = perf
        .editor
        .as_ref()
        .filter(|e| !e.colours.is_empty())
        .map(|e| layout::with_colours(saved.clone(), kind, uuid, &e.colours));
    let gui_config = editing.as_ref().unwrap_or(saved);
    let tz = perf.tz();
    let store = store.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(ed) = &mut perf.editor {
        let sources = store.sources(Cf::Average, kind, uuid);
        let ctx = editor::EditorCtx {
            view,
            pool_i,
            kind,
            uuid,
            sources: &sources,
        };
        if let Some(notice) = ed.ui(ui, &ctx) {
            perf.notice = Some(notice);
        }
        ui.separator();
    }
    if layout.is_empty() || store.is_empty() {
        ui.weak(i18n.get("perf-waiting"));
        return;
    }
    egui::ScrollArea::vertical()
        .id_salt("perf-graphs")
        .auto_shrink(false)
        .show(ui, |ui| {
            // One unit per axis: a graph of several units is drawn as one per unit.
            let drawn = layout.iter().flat_map(|g| {
                let parts = crate::model::graphs::split_by_unit(kind, g);
                let many = parts.len() > 1;
                parts.into_iter().map(move |p| (p, many))
            });
            for (i, (g, many)) in drawn.enumerate() {
                let g = &g;
                let lines = graph::lines(&store, kind, uuid, g, gui_config, i18n);
                let mut title = graph::title(i18n, kind, g);
                if many && !g.name.is_empty() {
                    // The parts of a named graph keep its name and say what each holds.
                    let what = crate::model::graphs::graph_category(kind, &g.sources).label_id();
                    title = format!("{title} · {}", i18n.get(what));
                }
                let action = graph::ui(ui, i18n, &tz, range, &title, i, &lines, g, kind);
                match action {
                    Some(graph::Action::Csv) => {
                        let object = object_name(&view.pools[pool_i].cache, kind, uuid);
                        perf.export.ask_csv(&object, &title, &lines)
                    }
                    Some(graph::Action::CopyImage(rect)) => {
                        perf.export.request_image(ui.ctx(), rect)
                    }
                    None => {}
                }
                if perf.export.csv_for(&title)
                    && let Some(n) = perf.export.csv_row(ui, i18n, view.worker.clone())
                {
                    perf.notice = Some(n);
                }
            }
        });
    if let Some(n) = perf.export.poll(&mut perf.notice) {
        perf.notice = Some(n);
    }
}
