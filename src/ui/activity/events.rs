//! The Events view: every task of the pools shown (this client's and others', as `event.from`
//! brings them), running ones first, with status, object, progress, start and elapsed time,
//! and the result or the error in the user's language; the selected task's details below
//! (error code and parameters verbatim, result, UUID); Cancel for a task xapi allows it on.
//!
//! Rows are virtualised (`show_rows`): only those in view are laid out, and each is drawn from
//! the cache's record, so progress moves without re-sorting. The order itself is recomputed
//! when the number of tasks changes, or twice a second (a task finishing moves down).

use super::super::table;
use super::super::{AppView, Command};
use super::Activity;
use crate::i18n::I18n;
use crate::model::details::vm::format_time;
use crate::model::names;
use crate::model::tasks::{self, Links};
use crate::model::tree::Node;
use eframe::egui::{self, RichText};
use i18n_embed_fl::fl;
use std::collections::HashMap;
use xenapi::records::TaskStatus;
use xenapi::{ApiError, Cache, Ref, Task};

/// The view's state: its order (cached) and the selected task.
#[derive(Default)]
pub struct EventsView {
    /// (pool window id, task), in display order.
    order: Vec<(u64, Ref<Task>)>,
    /// The task count the order was computed for, and when (egui time).
    order_for: Option<(usize, f64)>,
    pub selected: Option<(u64, Ref<Task>)>,
}

const RESORT_INTERVAL: f64 = 0.5;

impl EventsView {
    /// `history`: the tasks seen, per pool (the [`Activity`]'s, which owns this view too).
    fn refresh(
        &mut self,
        app_pools: &super::super::pools::PoolList,
        history: &HashMap<u64, tasks::History>,
        now: f64,
    ) {
        let count: usize = app_pools
            .iter()
            .filter_map(|p| history.get(&p.id))
            .map(|h| h.tasks.len())
            .sum();
        let fresh = self
            .order_for
            .is_some_and(|(n, at)| n == count && now - at < RESORT_INTERVAL && now >= at);
        if fresh {
            return;
        }
        self.order.clear();
        for p in app_pools.iter() {
            if let Some(h) = history.get(&p.id) {
                let refs = tasks::ordered(&h.tasks, None);
                self.order.extend(refs.into_iter().map(|r| (p.id, r)));
            }
        }
        // Running tasks first across pools too (each pool's list is already in order).
        let running = |(id, r): &(u64, Ref<Task>)| {
            history
                .get(id)
                .and_then(|h| h.tasks.get(r))
                .is_some_and(tasks::running)
        };
        self.order.sort_by_key(|e| !running(e));
        self.order_for = Some((count, now));
    }
}

/// A task's record: live from the cache while it is there, else as last seen.
fn record<'a>(act: &'a Activity, pool: u64, cache: &'a Cache, r: &Ref<Task>) -> Option<&'a Task> {
    cache
        .tasks
        .get(r)
        .or_else(|| act.history(pool).and_then(|h| h.tasks.get(r)))
}

/// The view, in the main window's right-hand side. `act` owns the view's state and the
/// tasks it lists.
pub fn ui(act: &mut Activity, view: &AppView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let now = act.unix_now();
    act.events.refresh(view.pools, &act.history, view.now);
    let act = &*act;
    let l = &view.i18n.loader;
    let running: usize = view
        .pools
        .iter()
        .map(|p| act.history(p.id).map_or(0, |h| h.running_in(&p.cache)))
        .sum();
    ui.horizontal(|ui| {
        ui.heading(fl!(l, "events-title"));
        ui.weak(fl!(
            l,
            "events-count",
            count = act.events.order.len(),
            running = running
        ));
        close_button(view.i18n, ui, out);
    });
    ui.separator();
    let selected = act.events.selected.clone();
    let detail_h = if selected.is_some() { 110.0 } else { 0.0 };
    let order = &act.events.order;
    if order.is_empty() {
        ui.weak(fl!(l, "events-none"));
        return;
    }
    let widths = widths(ui, view.i18n);
    table::header(ui, &widths, &titles(view.i18n));
    let row_h = table::row_height(ui);
    let list_h = (ui.available_height() - detail_h).max(row_h * 3.0);
    egui::ScrollArea::vertical()
        .id_salt("events-rows")
        .max_height(list_h)
        .auto_shrink(false)
        .show_rows(ui, row_h, order.len(), |ui, range| {
            for (id, r) in &order[range] {
                let Some(i) = view.pools.index(*id) else {
                    continue;
                };
                let p = &view.pools[i];
                let Some(t) = record(act, *id, &p.cache, r) else {
                    continue;
                };
                let on = selected.as_ref().is_some_and(|(s, sr)| s == id && sr == r);
                let ctx = RowCtx {
                    view,
                    cache: &p.cache,
                    links: act.links(*id),
                    named: act.named(*id),
                    pool: *id,
                    now,
                };
                row(ui, &ctx, r, t, on, &widths, row_h, out);
            }
        });
    if let Some((id, r)) = &selected
        && let Some(i) = view.pools.index(*id)
        && let Some(t) = record(act, *id, &view.pools[i].cache, r)
    {
        ui.separator();
        details(view.i18n, ui, t);
    }
}

/// The tasks of one object (its Tasks tab): the same rows, without the view's order cache.
pub fn tab(act: &Activity, view: &AppView, ui: &mut egui::Ui, node: &Node, out: &mut Vec<Command>) {
    let l = &view.i18n.loader;
    let Some(i) = view.pool_of(node) else {
        return;
    };
    let p = &view.pools[i];
    let links = act.links(p.id);
    let mine = links.map(|k| k.of_node(node)).unwrap_or_default();
    let order = match act.history(p.id) {
        Some(h) => tasks::ordered(&h.tasks, Some(&mine)),
        None => Vec::new(),
    };
    if order.is_empty() {
        ui.weak(fl!(l, "events-none-object"));
        return;
    }
    let widths = widths(ui, view.i18n);
    table::header(ui, &widths, &titles(view.i18n));
    let row_h = table::row_height(ui);
    let selected = act.events.selected.clone();
    let ctx = RowCtx {
        view,
        cache: &p.cache,
        links,
        named: act.named(p.id),
        pool: p.id,
        now: act.unix_now(),
    };
    egui::ScrollArea::vertical()
        .id_salt("tab-tasks")
        .auto_shrink(false)
        .show_rows(ui, row_h, order.len(), |ui, range| {
            for r in &order[range] {
                if let Some(t) = record(act, p.id, &p.cache, r) {
                    let on = selected
                        .as_ref()
                        .is_some_and(|(s, sr)| *s == p.id && sr == r);
                    row(ui, &ctx, r, t, on, &widths, row_h, out);
                }
            }
        });
}

/// The button that brings the details pane back.
pub(super) fn close_button(i18n: &I18n, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        let label = fl!(&i18n.loader, "view-back-to-details");
        if ui.button(label).clicked() {
            out.push(Command::ShowMainView(super::MainView::Details));
        }
    });
}

const WEIGHTS: [f32; 7] = [1.3, 1.7, 1.6, 1.2, 1.8, 2.4, 0.9];

fn titles(i18n: &I18n) -> Vec<String> {
    [
        "events-col-status",
        "events-col-task",
        "events-col-object",
        "events-col-progress",
        "events-col-time",
        "events-col-result",
        "events-col-actions",
    ]
    .iter()
    .map(|id| i18n.get(id))
    .collect()
}

struct RowCtx<'a> {
    view: &'a AppView<'a>,
    cache: &'a Cache,
    links: Option<&'a Links>,
    named: Option<&'a HashMap<Ref<Task>, crate::ui::actions::Action>>,
    pool: u64,
    now: i64,
}

/// The task's status in words, and its colour.
fn status(i18n: &I18n, ui: &egui::Ui, t: &Task) -> RichText {
    let v = ui.visuals();
    let (id, color) = match &t.status {
        // xapi marks a cancel in `current_operations` and keeps the task pending.
        _ if xenapi::tasks::cancel_requested(t) => {
            ("task-status-cancelling", Some(v.warn_fg_color))
        }
        TaskStatus::Pending => ("task-status-running", None),
        TaskStatus::Success => ("task-status-success", None),
        TaskStatus::Failure => ("task-status-failure", Some(v.error_fg_color)),
        TaskStatus::Cancelling => ("task-status-cancelling", Some(v.warn_fg_color)),
        TaskStatus::Cancelled => ("task-status-cancelled", Some(v.warn_fg_color)),
        _ => ("task-status-unknown", None),
    };
    let t = RichText::new(i18n.get(id));
    match color {
        Some(c) => t.color(c),
        None => t,
    }
}

/// The columns' widths: shared out, the Status column as wide as its longest word in this
/// language (German and Japanese words were cut), taken from the Result column.
fn widths(ui: &egui::Ui, i18n: &I18n) -> Vec<f32> {
    let mut w = table::widths(ui, &WEIGHTS, 40.0);
    let need = [
        "task-status-running",
        "task-status-success",
        "task-status-failure",
        "task-status-cancelling",
        "task-status-cancelled",
    ]
    .iter()
    .map(|id| table::text_width(ui, &i18n.get(id)))
    .fold(0.0, f32::max)
        + 2.0 * ui.spacing().button_padding.x
        + 4.0;
    table::ensure(&mut w, 0, need, 5, 60.0);
    w
}

/// A task's title in the user's language: the action this client started it for, or the
/// action the call belongs to ("Async.VM.
/// clean_shutdown" reads "Shut down", 「シャットダウン」 in Japanese); another call reads as
/// its name ("VM.copy"); a client-made task keeps its label. The details keep the raw name.
pub fn title(i18n: &I18n, t: &Task, started_for: Option<crate::ui::actions::Action>) -> String {
    let call = t.name_label.strip_prefix("Async.").unwrap_or(&t.name_label);
    match started_for.or_else(|| crate::ui::actions::Action::of_call(call)) {
        Some(a) => a.label(i18n),
        None => names::visible(call),
    }
}

/// The object's name, for the Object column.
pub fn object_name(i18n: &I18n, cache: &Cache, node: &Node) -> String {
    match node {
        Node::Vm(r) => cache.vms.get(r).map(|v| names::vm_name(i18n, v)),
        Node::Host(r) => cache.hosts.get(r).map(names::host_name),
        Node::Sr(r) => cache.srs.get(r).map(|s| names::sr_name(i18n, cache, s)),
        Node::Pool(r) => cache.pools.get(r).map(|p| names::pool_name(cache, p)),
        _ => None,
    }
    .unwrap_or_default()
}

/// The result column: the error in words on failure, empty otherwise.
fn outcome(i18n: &I18n, t: &Task) -> String {
    match t.status {
        TaskStatus::Failure => {
            crate::ui::errors::api(i18n, &ApiError::from_description(t.error_info.clone()))
        }
        TaskStatus::Success => i18n.get("task-done"),
        TaskStatus::Cancelled => i18n.get("task-err-cancelled"),
        _ => String::new(),
    }
}

#[allow(clippy::too_many_arguments)]
fn row(
    ui: &mut egui::Ui,
    c: &RowCtx,
    r: &Ref<Task>,
    t: &Task,
    selected: bool,
    w: &[f32],
    h: f32,
    out: &mut Vec<Command>,
) {
    let i18n = c.view.i18n;
    let object = c.links.and_then(|k| k.get(r));
    let resp = ui
        .horizontal(|ui| {
            let st = status(i18n, ui, t);
            let mut clicked = table::cell(ui, w[0], h, |ui| {
                ui.add(
                    egui::Button::selectable(selected, st)
                        .frame_when_inactive(false)
                        .truncate(),
                )
            })
            .clicked();
            let action = c.named.and_then(|m| m.get(r)).copied();
            clicked |= table::text(ui, w[1], h, title(i18n, t, action)).clicked();
            match object {
                Some(n) => {
                    let name = object_name(i18n, c.cache, n);
                    let resp = table::link(ui, w[2], h, &name);
                    if resp.clicked() {
                        out.push(Command::Select(n.clone()));
                    }
                }
                None => {
                    table::text(ui, w[2], h, "");
                }
            }
            table::cell(ui, w[3], h, |ui| {
                let frac = if tasks::running(t) {
                    t.progress.clamp(0.0, 1.0) as f32
                } else if t.status == TaskStatus::Success {
                    1.0
                } else {
                    t.progress.clamp(0.0, 1.0) as f32
                };
                ui.add(
                    egui::ProgressBar::new(frac)
                        .desired_width(w[3] - 4.0)
                        .desired_height(h - 8.0)
                        .show_percentage(),
                )
            });
            let time = match (format_time(&t.created), tasks::elapsed(t, c.now)) {
                (Some(start), Some(e)) => {
                    format!(
                        "{} · {}",
                        table::short_time(&start),
                        tasks::format_elapsed(e)
                    )
                }
                (Some(start), None) => table::short_time(&start),
                _ => String::new(),
            };
            table::text(ui, w[4], h, time);
            let res = outcome(i18n, t);
            let res = if t.status == TaskStatus::Failure {
                RichText::new(res).color(ui.visuals().error_fg_color)
            } else {
                RichText::new(res)
            };
            clicked |= table::text(ui, w[5], h, res).clicked();
            table::cell(ui, w[6], h, |ui| {
                if xenapi::tasks::can_cancel(t) {
                    let writable = c.view.can_write_to(Some(c.pool));
                    let b = ui
                        .add_enabled(writable, egui::Button::new(i18n.get("task-cancel")).small());
                    let b = if writable {
                        b
                    } else {
                        b.on_disabled_hover_text(c.view.read_only_text(Some(c.pool)))
                    };
                    if b.clicked() {
                        out.push(Command::CancelTask {
                            pool: c.pool,
                            task: r.clone(),
                        });
                    }
                }
            });
            clicked
        })
        .inner;
    if resp {
        out.push(Command::SelectTask(Some((c.pool, r.clone()))));
    }
}

/// The selected task, in full: error code and parameters as xapi sent them, the result, the
/// UUID.
fn details(i18n: &I18n, ui: &mut egui::Ui, t: &Task) {
    egui::ScrollArea::vertical()
        .id_salt("events-detail")
        .auto_shrink(false)
        .show(ui, |ui| {
            egui::Grid::new("events-detail-grid")
                .num_columns(2)
                .spacing([16.0, 2.0])
                .show(ui, |ui| {
                    let mut kv = |k: &str, v: String| {
                        ui.weak(i18n.get(k));
                        ui.add(
                            egui::Label::new(RichText::new(v).monospace())
                                .selectable(true)
                                .wrap(),
                        );
                        ui.end_row();
                    };
                    kv("events-detail-task", names::visible(&t.name_label));
                    if !t.error_info.is_empty() {
                        kv("events-detail-error", t.error_info.join(" · "));
                    }
                    if !t.result.is_empty() {
                        kv("events-detail-result", t.result.clone());
                    }
                    kv("events-detail-uuid", t.uuid.clone());
                });
        });
}
