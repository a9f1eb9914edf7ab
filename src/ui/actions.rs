//! The actions an object offers, shared by the tree's context menu and the details pane:
//! VM power operations (enabled by power state, as xapi's VM_BAD_POWER_STATE rules allow),
//! the xenstore-data form, NIC settings.

use super::{Command, XenPilotApp};
use crate::edits::PowerOp;
use crate::model::tree::Node;
use crate::xenapi::records::PowerState;
use eframe::egui;
use i18n_embed_fl::fl;

/// Adds the actions of `node` to `ui` (a menu or a row of buttons). Returns the command chosen.
pub fn ui(app: &XenPilotApp, ui: &mut egui::Ui, node: &Node) -> Option<Command> {
    let l = &app.i18n.loader;
    // The node's own pool, which a context menu may name without selecting it.
    let pool = app.pool_of(node);
    let writable = app.can_write_to(pool.map(|i| app.pools[i].id));
    let mut out = None;
    match node {
        Node::Vm(r) => {
            let vm = pool.and_then(|i| app.pools[i].cache.vms.get(r))?;
            if vm.is_a_template || vm.is_a_snapshot || vm.is_control_domain {
                return None;
            }
            let state = &vm.power_state;
            let ops = [
                (
                    PowerOp::Start,
                    fl!(l, "menu-vm-start"),
                    *state == PowerState::Halted,
                ),
                (
                    PowerOp::CleanShutdown,
                    fl!(l, "menu-vm-shutdown"),
                    *state == PowerState::Running,
                ),
                (
                    PowerOp::HardShutdown,
                    fl!(l, "menu-vm-force-shutdown"),
                    *state != PowerState::Halted,
                ),
                (
                    PowerOp::CleanReboot,
                    fl!(l, "menu-vm-reboot"),
                    *state == PowerState::Running,
                ),
            ];
            for (op, label, allowed) in ops {
                if ui
                    .add_enabled(writable && allowed, egui::Button::new(label))
                    .clicked()
                {
                    out = Some(Command::Power(r.clone(), op));
                }
            }
            if ui.button(fl!(l, "menu-xenstore")).clicked() {
                out = Some(Command::OpenXenstoreForm(r.clone()));
            }
        }
        Node::Pool(_) | Node::Conn(_) => {
            let p = &app.pools[app.pool_of(node)?];
            let live = matches!(p.source, super::Source::Live(_));
            if live && ui.button(fl!(l, "menu-disconnect")).clicked() {
                out = Some(Command::Disconnect(p.id));
            }
            if !live && p.reconnect.is_some() && ui.button(fl!(l, "menu-reconnect")).clicked() {
                out = Some(Command::Reconnect(p.id));
            }
            if ui.button(fl!(l, "menu-remove-pool")).clicked() {
                out = Some(Command::RemovePool(p.id));
            }
        }
        Node::Vif(_) | Node::Pif(_) if ui.button(fl!(l, "menu-nic-settings")).clicked() => {
            out = Some(Command::OpenNicForm(node.clone()));
        }
        _ => {}
    }
    if bulk_target(app) {
        let n = app.nav.multi.len();
        if ui.button(fl!(l, "menu-bulk-nic", count = n)).clicked() {
            out = Some(Command::OpenBulkForm);
        }
    }
    if out.is_some() {
        ui.close();
    }
    out
}

/// Whether `node` offers any action (so empty rows of buttons are not drawn).
pub fn has_any(app: &XenPilotApp, node: &Node) -> bool {
    bulk_target(app)
        || matches!(
            node,
            Node::Vif(_) | Node::Pif(_) | Node::Pool(_) | Node::Conn(_)
        )
        || matches!(node, Node::Vm(r) if app.pool_of(node).and_then(|i| app.pools[i].cache.vms.get(r)).is_some_and(|vm| {
            !(vm.is_a_template || vm.is_a_snapshot || vm.is_control_domain)
        }))
}

/// Two or more NICs of one kind are picked.
pub fn bulk_target(app: &XenPilotApp) -> bool {
    let m = &app.nav.multi;
    let pool = m.first().and_then(|n| app.pool_of(n));
    m.len() >= 2
        && (m.iter().all(|n| matches!(n, Node::Vif(_)))
            || m.iter().all(|n| matches!(n, Node::Pif(_))))
        && m.iter().all(|n| app.pool_of(n) == pool)
}
