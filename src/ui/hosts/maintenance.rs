//! Enter maintenance mode, and Reboot and Shut down of a server (which xapi refuses while it
//! is enabled: `HOST_NOT_DISABLED`), as XenCenter's `EvacuateHostDialog`: first a preflight
//! (`host.get_vms_which_prevent_evacuation`, read-only) lists every VM on the server with
//! why it cannot move and what xapi allows for it (migrate, suspend, shut down), before
//! anything changes; then one plan the user confirms (the VMs chosen suspended or shut down,
//! XenCenter's keys, disable, evacuate, and the reboot or shutdown), run here with its
//! progress per VM. A failure says which step and VM, what moved, and whether the server
//! stays disabled.

use super::evac_progress::progress;
use super::ha;
use super::handover::{self, Handover};
use super::runner::{Ended, Runner};
use crate::model::host_ops::{self, Choice, Then, VmRow};
use crate::model::names;
use crate::services::background::{Poll, Task};
use crate::ui::command::Command;
use crate::ui::edit_form::xe_panel;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui;
use serde_json::json;
use std::collections::BTreeMap;
use xenapi::{Cache, Error, Host, Ref, Vm};

type Blocking = BTreeMap<String, Vec<String>>;
/// The preflight's answer: the blocking VMs, and HA's failures the pool could tolerate.
type Preflight = Result<(Blocking, Option<i64>), Error>;

enum Stage {
    /// Waiting for the preflight (and, with HA on, the failures the pool could tolerate).
    Checking(Option<Task<Preflight>>),
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
    /// A coordinator's reboot or shutdown after its handover, waiting for the app to follow.
    handover: Option<Handover>,
    /// With HA on: its failures to tolerate now and what they are lowered to first.
    pub ha_lower: Option<(i64, i64)>,
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
            handover: None,
            ha_lower: None,
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

    /// The member a coordinator's reboot or shutdown hands over to first, if one is picked.
    pub fn handover_to(&self, cache: &Cache) -> Option<Ref<Host>> {
        if self.then == Then::Stay || !host_ops::is_coordinator(cache, &self.host) {
            return None;
        }
        self.new_coordinator.clone()
    }

    /// The plan the dialog runs now (with a handover, its first part; with HA's failures
    /// to tolerate lowered first where they must be).
    pub fn plan(&mut self, cache: &Cache, rows: &[VmRow]) -> crate::model::vm_plans::Plan {
        let plan = self.plan_inner(cache, rows);
        let evacuates = self.evacuates(cache);
        match self.ha_lower {
            Some((_, target)) if evacuates => {
                crate::model::vm_plans::all([ha::lower(cache, target), plan])
            }
            _ => plan,
        }
    }

    fn plan_inner(&mut self, cache: &Cache, rows: &[VmRow]) -> crate::model::vm_plans::Plan {
        if let Some(to) = self.handover_to(cache) {
            let empty = if self.evacuates(cache) {
                host_ops::enter_maintenance(cache, &self.host, rows, &self.picked, Then::Stay)
            } else {
                crate::model::vm_plans::Plan::default()
            };
            return handover::first_part(cache, empty, &to);
        }
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
                let config = ha::pool(cache).map(|_| ha::priorities(cache));
                *task = Some(w.spawn(async move {
                    let b = s
                        .call_as::<Blocking>("host.get_vms_which_prevent_evacuation", &[host])
                        .await?;
                    let max = match config {
                        Some(c) => ha::int(
                            &s.call(
                                "pool.ha_compute_hypothetical_max_host_failures_to_tolerate",
                                &[c],
                            )
                            .await?,
                        ),
                        None => None,
                    };
                    Ok((b, max))
                }));
            }
            Some(t) => match t.poll() {
                Poll::Pending => {}
                Poll::Ready(Ok((b, max))) => {
                    self.ha_lower = max.and_then(|m| ha::lowering(cache, m));
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
        crate::ui::dialog_window::modal(
            egui::Window::new(format!("{title} · {host_name}")),
            ctx,
            id,
        )
        .pivot(egui::Align2::LEFT_TOP)
        .default_pos(at)
        .id(id)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.set_max_width(620.0);
            match (self.then, evacuates) {
                (Then::Stay, _) => ui.label(i18n.get_args("evac-intro", &[("host", &host_name)])),
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
                if matches!(self.stage, Stage::Ready(_)) {
                    coordinator_pick(ui, view, cache, &self.host, &mut self.new_coordinator);
                    if let Some(to) = self.handover_to(cache) {
                        ui.label(i18n.get_args(
                            "evac-handover-note",
                            &[("host", &names::host_label(cache, &to)), ("action", &title)],
                        ));
                    }
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
                    let mut xe = plan.xe.clone();
                    if self.handover_to(cache).is_some() {
                        xe.extend(handover::second_part(cache, &self.host, self.then).xe);
                    }
                    xe_panel(ui, i18n, &xe);
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
                    // XenCenter refuses the coordinator's maintenance while HA is on.
                    let ha_refused = evacuates
                        && ha::pool(cache).is_some()
                        && host_ops::is_coordinator(cache, &self.host);
                    if ha_refused {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            i18n.get_args("evac-ha-coordinator", &[("host", &host_name)]),
                        );
                    } else if let (Some((now, to)), true) = (self.ha_lower, evacuates) {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            i18n.get_args(
                                "evac-ha-lower",
                                &[
                                    ("host", &host_name),
                                    ("now", &now.to_string()),
                                    ("to", &to.to_string()),
                                ],
                            ),
                        );
                    }
                    let ok = writable && !ha_refused && (!evacuates || unsolved.is_empty());
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
                    let to = self.handover_to(cache);
                    if go && let Some(r) = Runner::start(view, self.pool, plan) {
                        self.handover = to.map(|to| Handover::new(view, self.pool, self.then, to));
                        self.stage = Stage::Running(rows, r);
                    }
                }
                Stage::Running(rows, runner) => {
                    runner.poll();
                    progress(ui, view, cache, &self.host, rows, runner);
                    // The handover done: once the app follows, the power action.
                    if let (Some(Ended::Done), Some(h)) = (&runner.ended, &self.handover) {
                        if h.followed(view, self.pool) {
                            let plan = handover::second_part(cache, &self.host, h.then);
                            if let Some(r) = Runner::start(view, self.pool, plan) {
                                *runner = r;
                                self.handover = None;
                            }
                        } else {
                            h.show_waiting(ui, view, cache);
                        }
                    }
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
                        && self.handover.is_none()
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
