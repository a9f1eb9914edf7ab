//! The status bar: the active pool's state, a notice (kept typed and put into words when
//! drawn, so it follows a language switch), the read-only and not-encrypted marks, and the
//! object counts.

use super::Status;
use super::command::Command;
use super::errors;
use super::pools::PoolList;
use crate::i18n::I18n;
use eframe::egui;
use i18n_embed_fl::fl;
use xenapi::{Cache, Error};

/// A short message for the status bar.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// An action on the VM named failed.
    PowerFailed {
        op: super::actions::Action,
        vm: String,
        error: Error,
        /// The other VMs of the same choice, on which it succeeded.
        done: Vec<String>,
    },
    /// An action was cancelled (a cancel asked for: said as such, not as a failure) on the
    /// VMs named, and done on the others.
    PowerCancelled {
        op: super::actions::Action,
        vm: String,
        done: Vec<String>,
    },
    /// An action on the VM named succeeded.
    PowerDone {
        op: super::actions::Action,
        vm: String,
    },
    /// A pool member redirected the login to its coordinator.
    Redirected { member: String, master: String },
    /// The coordinator went away; the connection carries on with the one now answering.
    CoordinatorMoved { from: String, to: String },
    /// The pool just connected or opened is already shown (its name).
    AlreadyShown(String),
    /// The system keyring refused the password (its own message).
    KeyringFailed(crate::store::servers::KeyringError),
    /// Background work ended without an answer.
    WorkerVanished,
    /// A call of the Events or Alerts view (cancel, dismiss) failed.
    CallFailed(Error),
}

impl Notice {
    pub fn text(&self, i18n: &I18n) -> String {
        match self {
            Notice::PowerFailed {
                op,
                vm,
                error,
                done,
            } => {
                let action = op_on(i18n, *op, vm);
                let failed = i18n.get_args(
                    "power-failed",
                    &[("action", &action), ("error", &errors::action(i18n, error))],
                );
                if done.is_empty() {
                    failed
                } else {
                    let ok = i18n.get_args("power-done", &[("action", &done.join(", "))]);
                    format!("{failed} · {ok}")
                }
            }
            Notice::PowerDone { op, vm } => {
                let action = op_on(i18n, *op, vm);
                i18n.get_args("power-done", &[("action", &action)])
            }
            Notice::PowerCancelled { op, vm, done } => {
                let action = op_on(i18n, *op, vm);
                let cancelled = i18n.get_args("power-cancelled", &[("action", &action)]);
                if done.is_empty() {
                    cancelled
                } else {
                    let ok = i18n.get_args("power-done", &[("action", &done.join(", "))]);
                    format!("{cancelled} · {ok}")
                }
            }
            Notice::Redirected { member, master } => {
                i18n.get_args("conn-redirected", &[("member", member), ("master", master)])
            }
            Notice::CoordinatorMoved { from, to } => {
                i18n.get_args("conn-coordinator-moved", &[("from", from), ("to", to)])
            }
            Notice::AlreadyShown(pool) => i18n.get_args("conn-already", &[("pool", pool)]),
            Notice::KeyringFailed(e) => {
                i18n.get_args("conn-keyring-failed", &[("error", &e.to_string())])
            }
            Notice::WorkerVanished => i18n.get("err-worker-vanished"),
            Notice::CallFailed(e) => errors::connection(i18n, e),
        }
    }

    /// Whether the notice reports a failure (drawn in the error colour).
    pub fn is_error(&self) -> bool {
        !matches!(
            self,
            Notice::Redirected { .. }
                | Notice::PowerDone { .. }
                | Notice::PowerCancelled { .. }
                | Notice::CoordinatorMoved { .. }
        )
    }
}

/// A pool's state in words.
pub fn status_text(i18n: &I18n, status: &Status, cache: &Cache) -> String {
    let l = &i18n.loader;
    match status {
        Status::Idle => fl!(l, "status-idle"),
        Status::Connecting => fl!(l, "status-connecting"),
        // The pool's name reads better than host:port (and is stable in screenshots).
        Status::Connected(h) => {
            let name = cache
                .pool()
                .map(|(_, p)| crate::model::names::pool_name(cache, p))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| h.clone());
            fl!(l, "status-connected", host = name)
        }
        Status::Reconnecting(e) => fl!(
            l,
            "status-reconnecting",
            error = errors::connection(i18n, e)
        ),
        Status::Failed(e) => fl!(l, "status-failed", error = errors::connection(i18n, e)),
        Status::Disconnected => fl!(l, "status-disconnected"),
        Status::File(f) => fl!(l, "status-file", file = f.as_str()),
    }
}

/// What the status bar shows besides the pool's state.
pub struct StatusLine<'a> {
    pub i18n: &'a I18n,
    pub pools: &'a PoolList,
    pub notice: Option<&'a Notice>,
    /// The dump being loaded, if any.
    pub loading: Option<&'a str>,
    /// (objects in the current view, objects the hidden toggle adds or removes).
    pub counts: (usize, usize),
    /// Objects matching the search, while one is typed.
    pub found: Option<usize>,
    /// Power actions waiting for xapi: (action, VM name).
    pub running: Vec<(super::actions::Action, &'a str)>,
    /// Tasks running and alerts, over every pool shown.
    pub activity: ActivityCounts,
}

/// What the status bar counts of the Events and Alerts views.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActivityCounts {
    pub tasks_running: usize,
    pub alerts: usize,
}

impl ActivityCounts {
    /// Counted from the activity's bounded task history: a pool's tasks may be 100,000.
    pub fn of(pools: &PoolList, activity: &super::activity::Activity) -> Self {
        let mut c = ActivityCounts::default();
        for p in pools.iter() {
            c.tasks_running += activity.history(p.id).map_or(0, |h| h.running_in(&p.cache));
            c.alerts += p.cache.messages.len();
        }
        c
    }
}

pub fn ui(s: &StatusLine, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let l = &s.i18n.loader;
    let (objects, hidden) = s.counts;
    let counts = format!(
        "{} · {}",
        match s.found {
            Some(shown) => fl!(l, "status-objects-found", shown = shown, count = objects),
            None => fl!(l, "status-objects", count = objects),
        },
        fl!(l, "status-hidden", count = hidden)
    );
    // Right to left: the counts and marks keep their place; the message takes what is left
    // and is cut with "…" (its whole text on hover) rather than running under them.
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
        ui.label(counts);
        activity(s, ui, out);
        if s.pools.unencrypted() {
            ui.colored_label(ui.visuals().warn_fg_color, fl!(l, "status-not-encrypted"))
                .on_hover_text(fl!(l, "status-not-encrypted-tip"));
        }
        if s.pools.active().is_some_and(|p| p.read_only) {
            ui.colored_label(ui.visuals().warn_fg_color, fl!(l, "status-read-only-user"))
                .on_hover_text(s.pools.read_only_text(s.i18n, s.pools.active_id()));
        }
        let busy = s.loading.is_some() || !s.running.is_empty();
        if s.notice.is_some()
            && !busy
            && ui
                .small_button("×")
                .on_hover_text(fl!(l, "notice-dismiss"))
                .clicked()
        {
            out.push(Command::DismissNotice);
        }
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
            let (text, color) = if let Some(name) = s.loading {
                ui.spinner();
                (fl!(l, "open-loading", file = name), None)
            } else if let [(op, vm), rest @ ..] = s.running.as_slice() {
                ui.spinner();
                let action = format!("{} · {vm}", op.label(s.i18n));
                let text = if rest.is_empty() {
                    fl!(l, "power-action-running", action = action)
                } else {
                    fl!(l, "power-actions-running", count = s.running.len())
                };
                (text, None)
            } else if let Some(n) = s.notice {
                let color = n.is_error().then_some(ui.visuals().error_fg_color);
                (n.text(s.i18n), color)
            } else {
                let text = status_text(s.i18n, &s.pools.status(), s.pools.cache());
                (text, None)
            };
            let mut rich = egui::RichText::new(&text);
            if let Some(c) = color {
                rich = rich.color(c);
            }
            ui.add(egui::Label::new(rich).truncate())
                .on_hover_text(text);
        });
    });
}

/// "2 tasks running" and "14 alerts", each a link to its view.
fn activity(s: &StatusLine, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    use super::activity::MainView;
    let l = &s.i18n.loader;
    let a = s.activity;
    if a.alerts > 0 {
        let text = fl!(l, "status-alerts", count = a.alerts);
        if ui.link(text).clicked() {
            out.push(Command::ShowMainView(MainView::Alerts));
        }
    }
    if a.tasks_running > 0 {
        let text = fl!(l, "status-tasks-running", count = a.tasks_running);
        if ui.link(text).clicked() {
            out.push(Command::ShowMainView(MainView::Events));
        }
    }
}

/// "Suspend · web-02, web-10", or the action alone when it names nothing.
fn op_on(i18n: &crate::i18n::I18n, op: super::actions::Action, names: &str) -> String {
    if names.is_empty() {
        op.label(i18n)
    } else {
        format!("{} · {names}", op.label(i18n))
    }
}
