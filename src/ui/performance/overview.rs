//! The pool overview: every host and running VM with CPU, memory, network and disk now and
//! a CPU sparkline, sortable by any column, busiest first; a click selects the object.
//! Only the rows on screen are drawn (`ScrollArea::show_rows`), and names are looked up in
//! an index rebuilt when new figures came, so 10,000 VMs cost what 30 rows do.

use super::{PerformanceTabs, Sink, View};
use crate::model::graphs::Unit;
use crate::model::graphs::overview::{ObjectStats, SortBy};
use crate::model::tree::Node;
use crate::ui::{AppView, Command};
use eframe::egui;
use std::collections::HashMap;
use std::sync::PoisonError;
use xenapi::Cache;
use xenapi::rrd::ObjectKind;

/// The overview's own state: each object's node by uuid (names are read from the cache
/// when drawn, so a rename shows at once), rebuilt only when the pool's count of hosts and
/// VMs changes: with 10,000 VMs a rebuild is a frame's worth of work.
#[derive(Default)]
pub struct OverviewUi {
    names: HashMap<(ObjectKind, String), Node>,
    /// New figures came: sort again (the poll sorted by figures already, off the UI
    /// thread; names sort here).
    pub dirty: bool,
    /// Rows when last sorted: objects that came in since (the first poll is still
    /// arriving host by host) are sorted in at once.
    sorted_len: usize,
    /// The pool's count of hosts and VMs, and View > Show hidden objects, when `names` was
    /// built.
    indexed: Option<(usize, bool)>,
}

const COLUMNS: [(SortBy, &str, f32); 5] = [
    (SortBy::Name, "perf-col-name", 210.0),
    (SortBy::Cpu, "perf-col-cpu", 142.0),
    (SortBy::Memory, "perf-col-memory", 150.0),
    (SortBy::Network, "perf-col-network", 90.0),
    (SortBy::Disk, "perf-col-disk", 90.0),
];

/// The objects the table may list, by uuid: every host, and the VMs the tree shows
/// (XenCenter's rules: a VM hidden with `HideFromXenCenter=true` only with Show hidden
/// objects on).
fn index(c: &Cache, show_hidden: bool) -> HashMap<(ObjectKind, String), Node> {
    let mut m = HashMap::with_capacity(c.vms.len() + c.hosts.len());
    for (r, h) in &c.hosts {
        m.insert((ObjectKind::Host, h.uuid.clone()), Node::Host(r.clone()));
    }
    for (r, v) in &c.vms {
        if crate::model::visibility::vm_shown(v, show_hidden) {
            m.insert((ObjectKind::Vm, v.uuid.clone()), Node::Vm(r.clone()));
        }
    }
    m
}

/// The name shown for an object of the table.
fn name_of(c: &Cache, node: Option<&Node>, s: &ObjectStats) -> String {
    match node {
        Some(Node::Vm(r)) => c.vms.get(r).map(|v| v.name_label.clone()),
        Some(Node::Host(r)) => c.hosts.get(r).map(|h| h.name_label.clone()),
        _ => None,
    }
    .unwrap_or_else(|| s.uuid.clone())
}

fn sparkline(ui: &mut egui::Ui, s: &ObjectStats) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(60.0, 14.0), egui::Sense::hover());
    let pts: Vec<f32> = s.cpu_history().collect();
    if pts.len() < 2 {
        return;
    }
    // Scaled to its own range (at least 5 points of CPU), so a steady VM is not a flat line
    // at the bottom and a small wobble not a mountain.
    let lo = pts.iter().copied().fold(f32::INFINITY, f32::min);
    let hi = pts
        .iter()
        .copied()
        .fold(f32::NEG_INFINITY, f32::max)
        .max(lo + 5.0);
    let dx = rect.width() / (crate::model::graphs::overview::SPARK_POINTS - 1) as f32;
    let x0 = rect.right() - dx * (pts.len() - 1) as f32;
    let line: Vec<egui::Pos2> = pts
        .iter()
        .enumerate()
        .map(|(i, v)| {
            egui::pos2(
                x0 + dx * i as f32,
                rect.bottom() - rect.height() * ((v - lo) / (hi - lo)).clamp(0.0, 1.0),
            )
        })
        .collect();
    let colour = ui.visuals().hyperlink_color;
    ui.painter()
        .add(egui::Shape::line(line, egui::Stroke::new(1.0, colour)));
}

pub fn ui(
    perf: &mut PerformanceTabs,
    view: &AppView,
    pool_i: usize,
    ui: &mut egui::Ui,
    out: &mut Vec<Command>,
) {
    let i18n = view.i18n;
    let Some(View {
        sink: Sink::Overview(ov),
        ..
    }) = &perf.view
    else {
        return;
    };
    let ov = ov.clone();
    let mut ov = ov.lock().unwrap_or_else(PoisonError::into_inner);
    let state = &mut perf.overview;
    let cache: &Cache = &view.pools[pool_i].cache;
    let count = cache.vms.len() + cache.hosts.len();
    let by_name = |names: &HashMap<(ObjectKind, String), Node>, s: &ObjectStats| {
        let node = s.kind.and_then(|k| names.get(&(k, s.uuid.clone())));
        name_of(cache, node, s)
    };
    let show_hidden = view.settings.view.show_hidden;
    if state.indexed != Some((count, show_hidden)) {
        state.names = index(cache, show_hidden);
        state.indexed = Some((count, show_hidden));
        state.dirty = true;
    }
    if state.dirty {
        // Objects gone from the pool (a VM deleted) or hidden leave the table; new figures
        // may bring them back, so this runs after each poll (once per poll, not per frame).
        let names = &state.names;
        let listed = |k: Option<ObjectKind>, u: &str| {
            k.is_some_and(|k| names.contains_key(&(k, u.to_string())))
        };
        let stale = (0..ov.len())
            .filter_map(|i| ov.row(i))
            .any(|s| !listed(s.kind, &s.uuid));
        if stale {
            // `retain` keeps the objects in arrival order: sort again.
            ov.retain(|k, u| listed(Some(k), u));
            state.sorted_len = usize::MAX;
        }
    }
    // A poll sorts by figures itself; names, and rows that came in meanwhile, sort here.
    if (state.dirty && ov.sort == SortBy::Name) || ov.len() != state.sorted_len {
        let (by, desc, names) = (ov.sort, ov.descending, &state.names);
        ov.sort_by(by, desc, |s| by_name(names, s));
        state.sorted_len = ov.len();
    }
    state.dirty = false;
    ui.label(i18n.get("perf-overview-title"));
    if ov.is_empty() {
        ui.weak(i18n.get("perf-waiting"));
        return;
    }
    // Header: a click sorts by the column, a second click reverses.
    ui.horizontal(|ui| {
        for (by, id, w) in COLUMNS {
            let arrow = match (ov.sort == by, ov.descending) {
                (true, true) => " ↓",
                (true, false) => " ↑",
                _ => "",
            };
            let b = egui::Button::new(format!("{}{arrow}", i18n.get(id))).frame(false);
            // CPU's title sits over its figure; the sparkline follows.
            let (cw, rest) = if by == SortBy::Cpu {
                (70.0, w - 70.0)
            } else {
                (w, 0.0)
            };
            let clicked = cell(ui, cw, by != SortBy::Name, b).clicked();
            ui.add_space(rest);
            if clicked {
                let desc = if ov.sort == by {
                    !ov.descending
                } else {
                    by != SortBy::Name
                };
                let names = &state.names;
                ov.sort_by(by, desc, |s| by_name(names, s));
            }
        }
    });
    ui.separator();
    let row_h = ui.spacing().interact_size.y;
    egui::ScrollArea::vertical()
        .id_salt("perf-overview")
        .auto_shrink(false)
        .show_rows(ui, row_h, ov.len(), |ui, rows| {
            for row in rows {
                let Some(s) = ov.row(row) else {
                    continue;
                };
                let f = s.now();
                let entry = s.kind.and_then(|k| state.names.get(&(k, s.uuid.clone())));
                ui.horizontal(|ui| {
                    let kind = match s.kind {
                        Some(ObjectKind::Host) => i18n.get("perf-kind-host"),
                        _ => i18n.get("perf-kind-vm"),
                    };
                    let name = name_of(cache, entry, s);
                    let link = egui::Button::new(format!("{name} · {kind}"))
                        .frame(false)
                        .truncate();
                    if cell(ui, COLUMNS[0].2, false, link).clicked()
                        && let Some(node) = entry
                    {
                        out.push(Command::Select(node.clone()));
                    }
                    let cpu = Unit::Percent.format(f64::from(f.cpu));
                    cell(ui, 70.0, true, egui::Label::new(cpu));
                    ui.add_space(4.0);
                    sparkline(ui, s);
                    let mem = format!(
                        "{} / {}",
                        Unit::Bytes.format(f.memory_used),
                        Unit::Bytes.format(f.memory_total)
                    );
                    cell(ui, COLUMNS[2].2, true, egui::Label::new(mem));
                    let net = Unit::BytesPerSec.format(f.network);
                    cell(ui, COLUMNS[3].2, true, egui::Label::new(net));
                    let disk = Unit::BytesPerSec.format(f.disk);
                    cell(ui, COLUMNS[4].2, true, egui::Label::new(disk));
                });
            }
        });
}

/// A table cell `w` points wide: text from the left, figures from the right.
fn cell(ui: &mut egui::Ui, w: f32, right: bool, widget: impl egui::Widget) -> egui::Response {
    let h = ui.spacing().interact_size.y;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(w, h), egui::Sense::hover());
    let layout = if right {
        egui::Layout::right_to_left(egui::Align::Center)
    } else {
        egui::Layout::left_to_right(egui::Align::Center)
    };
    // A child that takes no room of its own: the cell's rect is already allocated.
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect).layout(layout));
    child.add(widget)
}
