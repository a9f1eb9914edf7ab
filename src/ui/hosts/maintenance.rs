//! Enter maintenance mode, and Reboot and Shut down of a server (which xapi refuses while it
//! is enabled: `HOST_NOT_DISABLED`), as XenCenter's `EvacuateHostDialog`: first a preflight
//! (`host.get_vms_which_prevent_evacuation`, read-only) lists every VM on the server with
//! why it cannot move and what xapi allows for it (migrate, suspend, shut down), before
//! anything changes; then one plan the user confirms (the VMs chosen suspended or shut down,
//! XenCenter's keys, disable, evacuate, and the reboot or shutdown), run here with its
//! progress per VM. A failure says which step and VM, what moved, and whether the server
//! stays disabled.

use super::runner::{Ended, Runner, step_words};
use crate::model::host_ops::{self, Choice, Then, VmRow};
use crate::model::names;
use crate::services::background::{Poll, Task};
use crate::ui::command::Command;
use crate::ui::edit_form::xe_panel;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui;
use serde_json::json;
use std::collections::BTreeMap;
use xenapi::records::PowerState;
use xenapi::{Cache, Error, Host, Ref, Vm};

type Blocking = BTreeMap<String, Vec<String>>;

enum Stage {
    /// Waiting for the preflight.
    Checking(Option<Task<Result<Blocking, Error>>>),
    CheckFailed(Error),
    /// The list, with the user's choices.
    Ready(Vec<VmRow>),
    Running(Vec<VmRow>, Runner),
}

pub struct MaintenanceDialog {
    pub pool: u64,
    pub host: Ref<Host>,
    pub then: Then,
    stage: Stage,
    pub picked: BTreeMap<Ref<Vm>, Choice>,
    enter: bool,
    /// The app was told of the reboot (once).
    announced: bool,
    /// For the coordinator: the member made coordinator once it is empty (XenCenter's
    /// `EvacuateHostAction` does the same).
    pub new_coordinator: Option<Ref<Host>>,
    /// Whether it empties the server first ([`Self::evacuates`]), once decided.
    mode: Option<bool>,
}

impl MaintenanceDialog {
    pub fn new(pool: u64, host: Ref<Host>, then: Then) -> Self {
        MaintenanceDialog {
            pool,
            host,
            then,
            stage: Stage::Checking(None),
            picked: BTreeMap::new(),
            enter: false,
            announced: false,
            new_coordinator: None,
            mode: None,
        }
    }

    /// Whether the server must be emptied first (Enter maintenance mode, or a reboot of a
    /// server still enabled). Decided at the first look: a server that comes back enabled
    /// after the reboot does not turn the dialog into another question.
    fn evacuates(&mut self, cache: &Cache) -> bool {
        if let Some(e) = self.mode {
            return e;
        }
        let e = self.then == Then::Stay || cache.hosts.get(&self.host).is_some_and(|h| h.enabled);
        self.mode = Some(e);
        e
    }

    /// The plan the dialog runs now.
    pub fn plan(&mut self, cache: &Cache, rows: &[VmRow]) -> crate::model::vm_plans::Plan {
        if self.evacuates(cache) {
            let plan =
                host_ops::enter_maintenance(cache, &self.host, rows, &self.picked, self.then);
            match &self.new_coordinator {
                Some(h) if self.then == Then::Stay => {
                    crate::model::vm_plans::all([plan, host_ops::designate_new_master(cache, h)])
                }
                _ => plan,
            }
        } else if self.then == Then::Reboot {
            host_ops::reboot(cache, &self.host)
        } else {
            host_ops::shutdown(cache, &self.host)
        }
    }

    fn title(&self, view: &AppView) -> String {
        use crate::ui::actions::Action;
        let a = match self.then {
            Then::Stay => Action::EnterMaintenance,
            Then::Reboot => Action::HostReboot,
            Then::ShutDown => Action::HostShutdown,
        };
        a.label(view.i18n)
    }

    /// Starts the preflight (read-only) or takes in its answer.
    fn check(&mut self, view: &AppView) {
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return;
        };
        let evacuates = self.evacuates(cache);
        let Stage::Checking(task) = &mut self.stage else {
            return;
        };
        if !evacuates {
            self.stage = Stage::Ready(host_ops::preflight(cache, &self.host, &Blocking::new()));
            return;
        }
        match task {
            None => {
                let (Some(w), Some(s)) =
                    (view.worker.clone(), view.pools.session_of(Some(self.pool)))
                else {
                    // A dump or no runtime: nothing can be asked; the list is the cache's.
                    self.stage =
                        Stage::Ready(host_ops::preflight(cache, &self.host, &Blocking::new()));
                    return;
                };
                let host = json!(self.host.as_str());
                *task = Some(w.spawn(async move {
                    s.call_as::<Blocking>("host.get_vms_which_prevent_evacuation", &[host])
                        .await
                }));
            }
            Some(t) => match t.poll() {
                Poll::Pending => {}
                Poll::Ready(Ok(b)) => {
                    self.stage = Stage::Ready(host_ops::preflight(cache, &self.host, &b));
                }
                Poll::Ready(Err(e)) => self.stage = Stage::CheckFailed(e),
                Poll::Vanished => {
                    self.stage =
                        Stage::Ready(host_ops::preflight(cache, &self.host, &Blocking::new()))
                }
            },
        }
    }
}

/// A VM's state while (or after) the server is emptied, from the cache.
fn vm_progress(view: &AppView, cache: &Cache, host: &Ref<Host>, vm: &Ref<Vm>) -> String {
    let i18n = view.i18n;
    let Some(v) = cache.vms.get(vm) else {
        return String::new();
    };
    if let Some(op) = v.current_operations.values().next() {
        return match op.as_str() {
            "pool_migrate" | "migrate_send" => i18n.get("evac-vm-moving"),
            _ => i18n.get_args("evac-vm-busy", &[("op", op)]),
        };
    }
    match v.power_state {
        PowerState::Halted => i18n.get("evac-vm-halted"),
        PowerState::Suspended => i18n.get("evac-vm-suspended"),
        _ if v.resident_on == *host => i18n.get("evac-vm-here"),
        _ => i18n.get_args(
            "evac-vm-moved",
            &[("host", &names::host_label(cache, &v.resident_on))],
        ),
    }
}

/// The VM a failure names (a ref among the error's parameters, or inside
/// `CANNOT_EVACUATE_HOST`'s "code,ref|code,ref").
fn failed_vm(cache: &Cache, e: &Error) -> Option<Ref<Vm>> {
    let api = e.api()?;
    api.params
        .iter()
        .flat_map(|p| p.split(['|', ',']))
        .map(|p| Ref::new(p.trim().to_string()))
        .find(|r| cache.vms.contains_key(r))
}

impl AppWindow for MaintenanceDialog {
    fn kind(&self) -> &'static str {
        "host-maintenance"
    }

    window_any!();

    fn on_enter(&mut self) -> bool {
        self.enter = true;
        true
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        self.check(view);
        let i18n = view.i18n;
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return false;
        };
        let Some(h) = cache.hosts.get(&self.host) else {
            return false;
        };
        let host_name = names::host_name(h);
        let title = self.title(view);
        let id = egui::Id::unique(("host-maintenance", self.host.as_str()));
        let mut open = true;
        let mut go = std::mem::take(&mut self.enter);
        let mut close = false;
        let writable = view.can_write_to(Some(self.pool));
        let evacuates = self.evacuates(cache);
        // Its top-left stays put: the list that arrives after the preflight grows it down.
        let c = ctx.content_rect().center();
        let at = egui::pos2((c.x - 310.0).max(8.0), (c.y - 300.0).max(8.0));
        egui::Window::new(format!("{title} · {host_name}"))
            .pivot(egui::Align2::LEFT_TOP)
            .default_pos(at)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_max_width(620.0);
                match (self.then, evacuates) {
                    (Then::Stay, _) => {
                        ui.label(i18n.get_args("evac-intro", &[("host", &host_name)]))
                    }
                    (_, true) => ui.label(i18n.get_args(
                        "evac-power-needs-maintenance",
                        &[("host", &host_name), ("action", &title)],
                    )),
                    (_, false) => ui.label(i18n.get_args(
                        "evac-power-disabled",
                        &[("host", &host_name), ("action", &title)],
                    )),
                };
                if host_ops::is_coordinator(cache, &self.host) {
                    ui.colored_label(ui.visuals().warn_fg_color, i18n.get("evac-coordinator"));
                    if self.then == Then::Stay && matches!(self.stage, Stage::Ready(_)) {
                        coordinator_pick(ui, view, cache, &self.host, &mut self.new_coordinator);
                    }
                }
                ui.add_space(6.0);
                match &mut self.stage {
                    Stage::Checking(_) => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(i18n.get("evac-checking"));
                        });
                        go = false;
                    }
                    Stage::CheckFailed(e) => {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            i18n.get_args(
                                "evac-check-failed",
                                &[("error", &crate::ui::errors::action(i18n, e))],
                            ),
                        );
                        go = false;
                    }
                    Stage::Ready(rows) => {
                        let rows = rows.clone();
                        vm_table(ui, view, cache, &rows, &mut self.picked, evacuates);
                        let unsolved = host_ops::unsolved(&rows, &self.picked);
                        let plan = self.plan(cache, &rows);
                        ui.add_space(6.0);
                        xe_panel(ui, i18n, &plan.xe);
                        if evacuates && !unsolved.is_empty() {
                            ui.colored_label(
                                ui.visuals().error_fg_color,
                                i18n.get_counted("evac-unsolved", unsolved.len(), &[]),
                            );
                        }
                        if !writable {
                            ui.colored_label(
                                ui.visuals().warn_fg_color,
                                view.read_only_text(Some(self.pool)),
                            );
                        }
                        let ok = writable && (!evacuates || unsolved.is_empty());
                        ui.separator();
                        ui.horizontal(|ui| {
                            if ui.add_enabled(ok, egui::Button::new(&title)).clicked() {
                                go = true;
                            }
                            if ui.button(i18n.get("cancel")).clicked() {
                                close = true;
                            }
                        });
                        go &= ok;
                        if go && let Some(r) = Runner::start(view, self.pool, plan) {
                            self.stage = Stage::Running(rows, r);
                        }
                    }
                    Stage::Running(rows, runner) => {
                        runner.poll();
                        progress(ui, view, cache, &self.host, rows, runner);
                        ui.separator();
                        let label = if runner.ended.is_some() {
                            "close"
                        } else {
                            "evac-hide"
                        };
                        if ui.button(i18n.get(label)).clicked() {
                            close = true;
                        }
                        if matches!(runner.ended, Some(Ended::Done))
                            && self.then == Then::Reboot
                            && !std::mem::replace(&mut self.announced, true)
                        {
                            out.push(Command::HostRebooting {
                                pool: self.pool,
                                host: self.host.clone(),
                            });
                        }
                    }
                }
            });
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
        open && !close
    }
}

/// The VMs on the server: name, why it cannot move, and the choice (a menu where xapi
/// allows more than one way).
fn vm_table(
    ui: &mut egui::Ui,
    view: &AppView,
    cache: &Cache,
    rows: &[VmRow],
    picked: &mut BTreeMap<Ref<Vm>, Choice>,
    evacuates: bool,
) {
    let i18n = view.i18n;
    if rows.is_empty() {
        ui.weak(i18n.get("evac-no-vms"));
        return;
    }
    egui::Grid::new("evac-vms-grid")
        .num_columns(3)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            ui.strong(i18n.get("evac-col-vm"));
            ui.strong(i18n.get("evac-col-status"));
            ui.strong(i18n.get("evac-col-action"));
            ui.end_row();
            for row in rows {
                let name = cache
                    .vms
                    .get(&row.vm)
                    .map(|v| names::vm_name(i18n, v))
                    .unwrap_or_default();
                ui.label(&name);
                match &row.blocker {
                    Some(b) => ui.colored_label(
                        ui.visuals().warn_fg_color,
                        i18n.get_args(b.label_id(), &[("what", &b.what())]),
                    ),
                    None => ui.label(i18n.get("evac-can-move")),
                };
                if !evacuates {
                    ui.weak(i18n.get("evac-server-stops-it"));
                } else if row.choices.is_empty() {
                    ui.colored_label(ui.visuals().error_fg_color, i18n.get("evac-no-choice"));
                } else {
                    let mut c = picked
                        .get(&row.vm)
                        .copied()
                        .filter(|c| row.choices.contains(c))
                        .unwrap_or(row.choices[0]);
                    let before = c;
                    egui::ComboBox::from_id_salt(("evac_choice", row.vm.as_str()))
                        .width(210.0)
                        .selected_text(i18n.get(c.label_id()))
                        .show_ui(ui, |ui| {
                            for o in &row.choices {
                                ui.selectable_value(&mut c, *o, i18n.get(o.label_id()));
                            }
                        })
                        .response
                        .widget_info(|| {
                            egui::WidgetInfo::labeled(
                                egui::Role::ComboBox,
                                true,
                                i18n.get_args("evac-choice-for", &[("vm", &name)]),
                            )
                        });
                    if c != before || picked.contains_key(&row.vm) {
                        picked.insert(row.vm.clone(), c);
                    }
                }
                ui.end_row();
            }
        });
}

/// The plan running (or ended): the step, each VM's state, and on failure what happened.
fn progress(
    ui: &mut egui::Ui,
    view: &AppView,
    cache: &Cache,
    host: &Ref<Host>,
    rows: &[VmRow],
    runner: &Runner,
) {
    let i18n = view.i18n;
    let n = runner.plan.steps.len();
    match &runner.ended {
        None => {
            ui.horizontal(|ui| {
                ui.spinner();
                let i = runner.step();
                let words = runner
                    .plan
                    .steps
                    .get(i)
                    .map(|s| step_words(i18n, cache, s))
                    .unwrap_or_default();
                ui.label(i18n.get_args(
                    "evac-step",
                    &[
                        ("n", &(i + 1).to_string()),
                        ("of", &n.to_string()),
                        ("what", &words),
                    ],
                ));
            });
        }
        Some(Ended::Done) => {
            ui.label(i18n.get("evac-done"));
        }
        // Only forms edit maps.
        Some(Ended::Conflict(_)) => {}
        Some(Ended::Failed { step, .. } | Ended::Vanished { step }) => {
            let words = runner
                .plan
                .steps
                .get(*step)
                .map(|s| step_words(i18n, cache, s))
                .unwrap_or_default();
            let error = match &runner.ended {
                Some(Ended::Failed { error, .. }) => crate::ui::errors::action(i18n, error),
                _ => i18n.get("err-worker-vanished"),
            };
            ui.colored_label(
                ui.visuals().error_fg_color,
                i18n.get_args("evac-failed", &[("what", &words), ("error", &error)]),
            );
            if let Some(Ended::Failed { error, .. }) = &runner.ended
                && let Some(vm) = failed_vm(cache, error)
            {
                let name = cache
                    .vms
                    .get(&vm)
                    .map(|v| names::vm_name(i18n, v))
                    .unwrap_or_default();
                ui.label(i18n.get_args("evac-failed-vm", &[("vm", &name)]));
            }
            let moved: Vec<String> = rows
                .iter()
                .filter(|r| cache.vms.get(&r.vm).is_some_and(|v| v.resident_on != *host))
                .filter_map(|r| cache.vms.get(&r.vm).map(|v| names::vm_name(i18n, v)))
                .collect();
            if moved.is_empty() {
                ui.label(i18n.get("evac-moved-none"));
            } else {
                ui.label(i18n.get_counted(
                    "evac-moved",
                    moved.len(),
                    &[("names", &moved.join(", "))],
                ));
            }
            let disabled = cache.hosts.get(host).is_some_and(|h| !h.enabled);
            ui.strong(i18n.get(if disabled {
                "evac-stays-disabled"
            } else {
                "evac-still-enabled"
            }));
        }
    }
    ui.add_space(4.0);
    egui::Grid::new("evac-progress-grid")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for row in rows {
                let name = cache
                    .vms
                    .get(&row.vm)
                    .map(|v| names::vm_name(i18n, v))
                    .unwrap_or_default();
                ui.label(name);
                ui.label(vm_progress(view, cache, host, &row.vm));
                ui.end_row();
            }
        });
    xe_panel(ui, i18n, &runner.plan.xe);
}

/// The member to make coordinator once the coordinator is empty (or none).
fn coordinator_pick(
    ui: &mut egui::Ui,
    view: &AppView,
    cache: &Cache,
    host: &Ref<Host>,
    pick: &mut Option<Ref<Host>>,
) {
    let i18n = view.i18n;
    let mut others: Vec<(Ref<Host>, String)> = cache
        .hosts
        .iter()
        .filter(|(r, h)| *r != host && h.enabled && host_ops::is_live(cache, h))
        .map(|(r, h)| (r.clone(), names::host_name(h)))
        .collect();
    others.sort_by(|a, b| crate::model::natural::compare(&a.1, &b.1));
    let shown = pick
        .as_ref()
        .and_then(|p| others.iter().find(|(r, _)| r == p))
        .map_or_else(|| i18n.get("evac-keep-coordinator"), |(_, n)| n.clone());
    ui.horizontal(|ui| {
        ui.label(i18n.get("evac-new-coordinator"));
        let label = i18n.get("evac-new-coordinator");
        egui::ComboBox::from_id_salt("evac_new_coordinator")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(pick, None, i18n.get("evac-keep-coordinator"));
                for (r, n) in &others {
                    ui.selectable_value(pick, Some(r.clone()), n);
                }
            })
            .response
            .widget_info(|| egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &label));
    });
}
