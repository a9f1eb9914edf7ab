//! The VM actions as menu items and toolbar buttons: one list, drawn in the menu bar's VM
//! menu, the context menu and the toolbar row. An item is enabled when xapi allows the action
//! on at least one VM picked (`allowed_operations`); a disabled item says why in its tooltip
//! (read-only role, power state, an operation in progress). Several VMs picked: one item acts
//! on all it applies to ("Shut down 3 VMs").

use super::{VmAction, blocked_text, operation};
use crate::model::names;
use crate::model::power;
use crate::model::vm_plans::{self, Blocked};
use crate::ui::command::UiCommand;
use crate::ui::{Command, XenPilotApp};
use crate::xenapi::{Cache, Ref, Vm};
use eframe::egui;

/// Where the items are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A menu: every item, submenus for the hosts.
    Menu,
    /// The toolbar row: the common actions only, as small buttons.
    Toolbar,
}

/// The VMs an action on the selection applies to: the multi-selection's VMs, or the
/// selected VM (a snapshot too, for Revert and Delete snapshot).
pub fn selected_vms(app: &XenPilotApp) -> Vec<Ref<Vm>> {
    use crate::model::tree::Node;
    let from = if app.nav.multi.len() > 1 {
        app.nav.multi.clone()
    } else {
        app.nav.selected.iter().cloned().collect()
    };
    from.into_iter()
        .filter_map(|n| match n {
            Node::Vm(r) => Some(r),
            _ => None,
        })
        .collect()
}

/// The VMs among `vms` that `action` applies to now, or why none does (the first VM's
/// reason).
pub fn applies(cache: &Cache, vms: &[Ref<Vm>], action: &VmAction) -> Result<Vec<Ref<Vm>>, Blocked> {
    let op = operation(action);
    let mut first_err = None;
    let mut ok = Vec::new();
    for vm in vms {
        match vm_plans::allowed(cache, vm, op) {
            Ok(()) => ok.push(vm.clone()),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    if ok.is_empty() {
        Err(first_err.unwrap_or(Blocked::NotAllowed))
    } else {
        Ok(ok)
    }
}

struct Ctx<'a> {
    app: &'a XenPilotApp,
    cache: &'a Cache,
    vms: &'a [Ref<Vm>],
    writable: bool,
    read_only: String,
    style: Style,
}

impl Ctx<'_> {
    /// One item: enabled by `applies`, its label counting the VMs when several are picked.
    fn item(
        &self,
        ui: &mut egui::Ui,
        action: VmAction,
        label_id: &str,
        tip_id: Option<&str>,
        sc: Option<UiCommand>,
    ) -> Option<Command> {
        let i18n = &self.app.i18n;
        let res = applies(self.cache, self.vms, &action);
        let busy = res
            .as_ref()
            .is_ok_and(|to| to.iter().any(|vm| self.app.power_running(vm)));
        let action_name = i18n.get(label_id);
        let mut label = match (&res, self.vms.len()) {
            (Ok(to), n) if n > 1 => i18n.get_args(
                "menu-vm-many",
                &[("action", &action_name), ("count", &to.len().to_string())],
            ),
            _ => action_name,
        };
        if self.style == Style::Menu && needs_dialog(&action) {
            label.push('…');
        }
        let enabled = self.writable && res.is_ok() && !busy;
        let mut b = egui::Button::new(label);
        if self.style == Style::Toolbar {
            b = b.small();
        }
        if let Some(sc) = sc.filter(|_| self.style == Style::Menu) {
            b = b.shortcut_text(sc.shortcut_text(ui.ctx(), i18n));
        }
        let resp = ui.add_enabled(enabled, b);
        let resp = match (&res, self.writable) {
            (_, false) => resp.on_disabled_hover_text(&self.read_only),
            (Err(e), _) => resp.on_disabled_hover_text(blocked_text(i18n, e)),
            _ => resp,
        };
        let resp = match tip_id {
            Some(t) => resp.on_hover_text(i18n.get(t)),
            None => resp,
        };
        match res {
            Ok(to) if resp.clicked() => Some(Command::VmAction(action, to)),
            _ => None,
        }
    }

    /// A submenu of the pool's hosts (Start on server, Move to server); each host's item
    /// shows the `xe` command in its tooltip.
    fn hosts(&self, ui: &mut egui::Ui, label_id: &str, migrate: bool) -> Option<Command> {
        let i18n = &self.app.i18n;
        let probe = if migrate {
            VmAction::Migrate(Ref::new(""))
        } else {
            VmAction::StartOn(Ref::new(""))
        };
        let res = applies(self.cache, self.vms, &probe);
        let enabled = self.writable && res.is_ok();
        let mut out = None;
        let mut hosts: Vec<_> = self.cache.hosts.iter().collect();
        hosts.sort_by(|a, b| crate::model::natural::compare(&a.1.name_label, &b.1.name_label));
        let resp = ui.add_enabled_ui(enabled, |ui| {
            ui.menu_button(i18n.get(label_id), |ui| {
                for (r, h) in &hosts {
                    let here = self
                        .vms
                        .iter()
                        .all(|vm| self.cache.vms.get(vm).is_some_and(|v| v.resident_on == **r));
                    let Ok(to) = &res else { continue };
                    let plan = vm_plans::all(to.iter().map(|vm| {
                        if migrate {
                            vm_plans::migrate(self.cache, vm, r)
                        } else {
                            vm_plans::start_on(self.cache, vm, r)
                        }
                    }));
                    let b = ui
                        .add_enabled(!(migrate && here), egui::Button::new(names::host_name(h)))
                        .on_hover_text(plan.xe.join("\n"));
                    if b.clicked() {
                        let a = if migrate {
                            VmAction::Migrate((*r).clone())
                        } else {
                            VmAction::StartOn((*r).clone())
                        };
                        out = Some(Command::VmAction(a, to.clone()));
                        ui.close();
                    }
                }
            })
        });
        match (&res, self.writable) {
            (_, false) => {
                resp.response.on_disabled_hover_text(&self.read_only);
            }
            (Err(e), _) => {
                resp.response.on_disabled_hover_text(blocked_text(i18n, e));
            }
            _ => {}
        }
        out
    }
}

/// Whether the action opens a dialog first (its menu item ends in "…").
fn needs_dialog(a: &VmAction) -> bool {
    matches!(
        a,
        VmAction::Snapshot
            | VmAction::Copy
            | VmAction::Delete
            | VmAction::Revert(_)
            | VmAction::DeleteSnapshots(_)
    )
}

/// The shortcut of a power action, if it has one.
fn power_shortcut(op: crate::edits::PowerOp) -> Option<UiCommand> {
    use crate::edits::PowerOp::*;
    match op {
        Start => Some(UiCommand::VmStart),
        CleanShutdown => Some(UiCommand::VmShutdown),
        CleanReboot => Some(UiCommand::VmReboot),
        Suspend => Some(UiCommand::VmSuspend),
        Resume => Some(UiCommand::VmResume),
        _ => None,
    }
}

/// Draws the actions on `vms` (all of one pool) in `ui`; returns the one chosen.
pub fn items(
    app: &XenPilotApp,
    ui: &mut egui::Ui,
    vms: &[Ref<Vm>],
    style: Style,
) -> Option<Command> {
    let pool = vms
        .first()
        .and_then(|vm| app.pool_of(&crate::model::tree::Node::Vm(vm.clone())))?;
    let p = &app.pools[pool];
    let c = Ctx {
        app,
        cache: &p.cache,
        vms,
        writable: app.can_write_to(Some(p.id)),
        read_only: app.pools.read_only_text(&app.i18n, Some(p.id)),
        style,
    };
    let mut out = None;
    let snapshots: Vec<Ref<Vm>> = vms
        .iter()
        .filter(|vm| c.cache.vms.get(*vm).is_some_and(|v| v.is_a_snapshot))
        .cloned()
        .collect();
    if !snapshots.is_empty() {
        // A snapshot: revert to it, delete it.
        if let [one] = snapshots.as_slice() {
            out = out.or(c.item(
                ui,
                VmAction::Revert(one.clone()),
                "menu-vm-revert",
                Some("tip-vm-revert"),
                None,
            ));
        }
        out = out.or(c.item(
            ui,
            VmAction::DeleteSnapshots(snapshots.clone()),
            "menu-vm-delete-snapshot",
            None,
            None,
        ));
        return out;
    }
    if !vms.iter().any(|vm| power::is_guest(c.cache, vm)) {
        return None;
    }
    let shown: &[crate::edits::PowerOp] = match style {
        Style::Menu => &power::OFFERED,
        // XenCenter's toolbar: always there, greyed (saying why) when they do not apply.
        Style::Toolbar => &[
            crate::edits::PowerOp::Start,
            crate::edits::PowerOp::CleanShutdown,
            crate::edits::PowerOp::CleanReboot,
            crate::edits::PowerOp::Suspend,
            crate::edits::PowerOp::Resume,
        ],
    };
    for op in shown {
        let tip = super::super::actions::tip_id(*op);
        out = out.or(c.item(
            ui,
            VmAction::Power(*op),
            super::super::status_bar::power_label_id(*op),
            Some(tip),
            power_shortcut(*op),
        ));
    }
    if style == Style::Menu {
        out = out.or(c.hosts(ui, "menu-vm-start-on", false));
        ui.separator();
    } else {
        ui.separator();
    }
    let single = vms.len() == 1;
    if single {
        out = out.or(c.item(
            ui,
            VmAction::Snapshot,
            "menu-vm-snapshot",
            Some("tip-vm-snapshot"),
            Some(UiCommand::VmSnapshot),
        ));
        if style == Style::Menu {
            out = out.or(c.item(
                ui,
                VmAction::Copy,
                "menu-vm-copy",
                Some("tip-vm-copy"),
                Some(UiCommand::VmCopy),
            ));
        }
    }
    if style == Style::Menu {
        out = out.or(c.hosts(ui, "menu-vm-migrate", true));
        out = out.or(c.item(ui, VmAction::Delete, "menu-vm-delete", None, None));
    }
    out
}
