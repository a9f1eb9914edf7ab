//! Exit maintenance mode (XenCenter's `EnableHostAction`): the mark removed, the server
//! enabled, and the offer to bring back the VMs maintenance mode moved away (the lists in
//! its `other_config`: migrated ones still running elsewhere, shut-down ones still halted,
//! suspended ones still suspended), which are then cleared. And Make new pool coordinator:
//! a member picked, what follows said.

use super::runner::{Ended, Runner, step_words};
use crate::model::host_ops;
use crate::model::names;
use crate::ui::command::Command;
use crate::ui::edit_form::xe_panel;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui;
use xenapi::{Host, Ref};

pub struct ExitDialog {
    pub pool: u64,
    pub host: Ref<Host>,
    /// Bring the VMs back.
    pub back: bool,
    runner: Option<Runner>,
    enter: bool,
}

impl ExitDialog {
    pub fn new(pool: u64, host: Ref<Host>) -> Self {
        ExitDialog {
            pool,
            host,
            back: true,
            runner: None,
            enter: false,
        }
    }
}

/// What a properties dialog shows under its form before the buttons: the running plan's
/// line, why nothing can be changed (a read-only pool), a separator. Returns whether the
/// plan still runs (Apply waits for it).
pub(crate) fn apply_status(
    ui: &mut egui::Ui,
    view: &AppView,
    cache: &xenapi::Cache,
    runner: &mut Option<Runner>,
    pool: u64,
    writable: bool,
) -> bool {
    if let Some(r) = runner {
        r.poll();
        run_line(ui, view, cache, r);
    }
    if !writable {
        ui.colored_label(ui.visuals().warn_fg_color, view.read_only_text(Some(pool)));
    }
    ui.separator();
    runner.as_ref().is_some_and(|r| r.ended.is_none())
}

/// A running plan's line: the step now, or how it ended.
pub(crate) fn run_line(ui: &mut egui::Ui, view: &AppView, cache: &xenapi::Cache, r: &Runner) {
    let i18n = view.i18n;
    match &r.ended {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                let words = r
                    .plan
                    .steps
                    .get(r.step())
                    .map(|s| step_words(i18n, cache, s))
                    .unwrap_or_default();
                ui.label(i18n.get_args(
                    "evac-step",
                    &[
                        ("n", &(r.step() + 1).to_string()),
                        ("of", &r.plan.steps.len().to_string()),
                        ("what", &words),
                    ],
                ));
            });
        }
        Some(Ended::Done) => {
            ui.label(i18n.get("host-op-done"));
        }
        Some(Ended::Failed { step, error }) => {
            let words = r
                .plan
                .steps
                .get(*step)
                .map(|s| step_words(i18n, cache, s))
                .unwrap_or_default();
            ui.colored_label(
                ui.visuals().error_fg_color,
                i18n.get_args(
                    "evac-failed",
                    &[
                        ("what", &words),
                        ("error", &crate::ui::errors::action(i18n, error)),
                    ],
                ),
            );
        }
        Some(Ended::Vanished { .. }) => {
            ui.colored_label(ui.visuals().error_fg_color, i18n.get("err-worker-vanished"));
        }
        Some(Ended::Conflict(keys)) => {
            ui.colored_label(
                ui.visuals().error_fg_color,
                i18n.get_args("props-conflict", &[("fields", &keys.join(", "))]),
            );
        }
    }
}

impl AppWindow for ExitDialog {
    fn kind(&self) -> &'static str {
        "host-exit-maintenance"
    }

    window_any!();

    fn on_enter(&mut self) -> bool {
        self.enter = true;
        true
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, _out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return false;
        };
        let Some(h) = cache.hosts.get(&self.host) else {
            return false;
        };
        let host_name = names::host_name(h);
        let title = crate::ui::actions::Action::ExitMaintenance.label(i18n);
        let id = egui::Id::unique(("host-exit", self.host.as_str()));
        let mut open = true;
        let mut close = false;
        let mut go = std::mem::take(&mut self.enter);
        let writable = view.can_write_to(Some(self.pool));
        crate::ui::dialog_window::modal(
            egui::Window::new(format!("{title} · {host_name}")),
            ctx,
            id,
        )
        .id(id)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.set_max_width(560.0);
            if let Some(r) = &mut self.runner {
                r.poll();
                run_line(ui, view, cache, r);
                xe_panel(ui, i18n, &r.plan.xe);
                ui.separator();
                if ui.button(i18n.get("close")).clicked() {
                    close = true;
                }
                return;
            }
            ui.label(i18n.get_args("exit-intro", &[("host", &host_name)]));
            let mb = host_ops::move_back(cache, &self.host);
            if mb.is_empty() {
                ui.weak(i18n.get("exit-nothing-to-move"));
            } else {
                ui.checkbox(
                    &mut self.back,
                    i18n.get_counted("exit-move-back", mb.len(), &[("host", &host_name)]),
                );
                let list = |ids: &[Ref<xenapi::Vm>], label: &str, ui: &mut egui::Ui| {
                    for vm in ids {
                        if let Some(v) = cache.vms.get(vm) {
                            ui.label(format!(
                                "• {} ({})",
                                names::vm_name(i18n, v),
                                i18n.get(label)
                            ));
                        }
                    }
                };
                ui.indent("exit-list-grid", |ui| {
                    list(&mb.migrated, "exit-migrate-back", ui);
                    list(&mb.halted, "exit-start-back", ui);
                    list(&mb.suspended, "exit-resume-back", ui);
                });
            }
            let plan = host_ops::exit_maintenance(cache, &self.host, self.back);
            ui.add_space(6.0);
            xe_panel(ui, i18n, &plan.xe);
            if !writable {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    view.read_only_text(Some(self.pool)),
                );
            }
            ui.separator();
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(writable, egui::Button::new(&title))
                    .clicked()
                {
                    go = true;
                }
                if ui.button(i18n.get("cancel")).clicked() {
                    close = true;
                }
            });
            if go && writable {
                self.runner = Runner::start(view, self.pool, plan);
            }
        });
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
        open && !close
    }
}

/// Make new pool coordinator: pick a live member other than the coordinator.
pub struct CoordinatorDialog {
    pub pool: u64,
    pub pick: Option<Ref<Host>>,
    runner: Option<Runner>,
}

impl CoordinatorDialog {
    pub fn new(pool: u64, pick: Option<Ref<Host>>) -> Self {
        CoordinatorDialog {
            pool,
            pick,
            runner: None,
        }
    }
}

impl AppWindow for CoordinatorDialog {
    fn kind(&self) -> &'static str {
        "pool-new-coordinator"
    }

    window_any!();

    fn show(&mut self, ctx: &egui::Context, view: &AppView, _out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return false;
        };
        let title = crate::ui::actions::Action::NewCoordinator.label(i18n);
        let id = egui::Id::unique(("pool-new-coordinator", self.pool));
        let mut open = true;
        let mut close = false;
        let writable = view.can_write_to(Some(self.pool));
        crate::ui::dialog_window::modal(egui::Window::new(&title), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_max_width(520.0);
                if let Some(r) = &mut self.runner {
                    r.poll();
                    run_line(ui, view, cache, r);
                    xe_panel(ui, i18n, &r.plan.xe);
                    if ui.button(i18n.get("close")).clicked() {
                        close = true;
                    }
                    return;
                }
                ui.label(i18n.get("coordinator-intro"));
                let mut hosts: Vec<_> = cache
                    .hosts
                    .iter()
                    .filter(|(r, h)| {
                        !host_ops::is_coordinator(cache, r) && host_ops::is_live(cache, h)
                    })
                    .collect();
                hosts.sort_by(|a, b| {
                    crate::model::natural::compare(&a.1.name_label, &b.1.name_label)
                });
                if hosts.is_empty() {
                    ui.weak(i18n.get("coordinator-none"));
                }
                for (r, h) in hosts {
                    ui.radio_value(&mut self.pick, Some(r.clone()), names::host_name(h));
                }
                ui.colored_label(ui.visuals().warn_fg_color, i18n.get("warn-designate"));
                let plan = self
                    .pick
                    .as_ref()
                    .map(|h| host_ops::designate_new_master(cache, h));
                if let Some(p) = &plan {
                    xe_panel(ui, i18n, &p.xe);
                }
                ui.separator();
                ui.horizontal(|ui| {
                    let ok = writable && plan.is_some();
                    if ui.add_enabled(ok, egui::Button::new(&title)).clicked()
                        && let Some(p) = plan
                    {
                        self.runner = Runner::start(view, self.pool, p);
                    }
                    if ui.button(i18n.get("cancel")).clicked() {
                        close = true;
                    }
                });
            });
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
        open && !close
    }
}
