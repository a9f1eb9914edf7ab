//! VM lifecycle actions: what the VM menu, the context menu, the toolbar row and the keyboard
//! offer ([`menu`]), the dialogs that ask for what an action needs and show its `xe`
//! equivalent ([`dialogs`]), and the New VM wizard ([`wizard`]).
//!
//! An action runs as a [`crate::model::vm_plans::Plan`]: long steps go through `Async.*`
//! with a task (the Events view and the object's Tasks tab show it), each VM its own job so
//! its row in the tree spins (the app's `PowerJob`s, which every action now uses).

pub mod dialogs;
pub mod menu;
pub mod wizard;

use crate::edits::PowerOp;
use crate::i18n::I18n;
use crate::model::vm_plans::Blocked;
use crate::xenapi::records::PowerState;
use crate::xenapi::{Host, Ref, Vm};

/// A VM action, as the menus name it.
#[derive(Debug, Clone, PartialEq)]
pub enum VmAction {
    Power(PowerOp),
    /// Start on this host.
    StartOn(Ref<Host>),
    /// Take a snapshot (a dialog: name, description, with memory or not).
    Snapshot,
    /// Revert the VM to this snapshot (asks first).
    Revert(Ref<Vm>),
    /// Delete these snapshots (asks first).
    DeleteSnapshots(Vec<Ref<Vm>>),
    /// Clone or copy (a dialog: name, fast clone or full copy to an SR).
    Copy,
    /// Move, live, to this host of the pool.
    Migrate(Ref<Host>),
    /// Delete the VM (a dialog: which disks go with it).
    Delete,
}

/// What a job did, for the status bar ("Snapshot · web-01: done").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    Power(PowerOp),
    StartOn,
    Snapshot,
    Revert,
    DeleteSnapshot,
    Copy,
    Migrate,
    Delete,
    NewVm,
}

impl Done {
    /// The Fluent id of the action's name.
    pub fn label_id(self) -> &'static str {
        match self {
            Done::Power(op) => super::status_bar::power_label_id(op),
            Done::StartOn => "menu-vm-start-on",
            Done::Snapshot => "menu-vm-snapshot",
            Done::Revert => "menu-vm-revert",
            Done::DeleteSnapshot => "menu-vm-delete-snapshot",
            Done::Copy => "menu-vm-copy",
            Done::Migrate => "menu-vm-migrate",
            Done::Delete => "menu-vm-delete",
            Done::NewVm => "menu-vm-new",
        }
    }
}

/// The `allowed_operations` name an action needs.
pub fn operation(a: &VmAction) -> &'static str {
    match a {
        VmAction::Power(op) => crate::model::vm_plans::operation(*op),
        VmAction::StartOn(_) => "start_on",
        VmAction::Snapshot => "snapshot",
        VmAction::Revert(_) => "revert",
        VmAction::DeleteSnapshots(_) => "destroy",
        VmAction::Copy => "clone",
        VmAction::Migrate(_) => "pool_migrate",
        VmAction::Delete => "destroy",
    }
}

/// Why an action is disabled, in words.
pub fn blocked_text(i18n: &I18n, b: &Blocked) -> String {
    match b {
        Blocked::NotAGuest => i18n.get("why-not-a-guest"),
        Blocked::Busy(op) => i18n.get_args("why-busy", &[("op", op)]),
        Blocked::PowerState(s) => {
            let state = match s {
                PowerState::Running => i18n.get("power-running"),
                PowerState::Halted => i18n.get("power-halted"),
                PowerState::Suspended => i18n.get("power-suspended"),
                PowerState::Paused => i18n.get("power-paused"),
                _ => i18n.get("power-unknown"),
            };
            i18n.get_args("why-power-state", &[("state", &state)])
        }
        Blocked::NotAllowed => i18n.get("why-not-allowed"),
    }
}

/// The toolbar row under the menu bar: New VM, the selection's common VM actions, and the
/// Events and Alerts views with their counts.
pub fn toolbar(app: &super::XenPilotApp, ui: &mut eframe::egui::Ui, out: &mut Vec<super::Command>) {
    use super::command::UiCommand;
    use eframe::egui;
    ui.horizontal_wrapped(|ui| {
        let i18n = &app.i18n;
        let writable = app.can_write_to(app.pools.active_id());
        let ctx = ui.ctx().clone();
        let tip = |c: UiCommand| format!("{} ({})", c.label(i18n), c.shortcut_text(&ctx, i18n));
        let b = ui
            .add_enabled(
                writable,
                egui::Button::new(i18n.get("menu-vm-new-dots")).small(),
            )
            .on_hover_text(tip(UiCommand::NewVm));
        let b = if writable {
            b
        } else {
            b.on_disabled_hover_text(app.pools.read_only_text(i18n, app.pools.active_id()))
        };
        if b.clicked() {
            out.push(super::Command::NewVm);
        }
        ui.separator();
        let vms = menu::selected_vms(app);
        if !vms.is_empty() {
            out.extend(menu::items(app, ui, &vms, menu::Style::Toolbar));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let main = app.activity.main;
            for (c, view) in [
                (UiCommand::Alerts, super::activity::MainView::Alerts),
                (UiCommand::Events, super::activity::MainView::Events),
            ] {
                let resp = ui
                    .selectable_label(main == view, c.label(i18n))
                    .on_hover_text(c.shortcut_text(ui.ctx(), i18n));
                if resp.clicked() {
                    out.push(super::Command::ShowMainView(view));
                }
            }
        });
    });
}
