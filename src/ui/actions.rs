//! The actions an object offers, shared by the tree's context menu and the details pane:
//! VM power operations (enabled by power state, as xapi's VM_BAD_POWER_STATE rules allow),
//! the xenstore-data form, NIC settings, a pool's connection.
//!
//! A right-click on an object that is part of a multi-selection acts on the whole selection,
//! and the items say so ("Shut down 3 VMs"); otherwise it acts on the object clicked (which
//! the tree selects first, so the details pane shows what the menu acts on).

use super::status_bar::power_label_id;
use super::{Command, XenPilotApp};
use crate::edits::PowerOp;
use crate::model::power;
use crate::model::tree::Node;
use eframe::egui;
use i18n_embed_fl::fl;

/// The objects an action on `node` applies to: the multi-selection when `node` is in it.
pub fn targets(app: &XenPilotApp, node: &Node) -> Vec<Node> {
    let multi = &app.nav.multi;
    if multi.len() > 1 && multi.contains(node) {
        multi.clone()
    } else {
        vec![node.clone()]
    }
}

/// The tooltip of a power action: what it does (clean vs forced).
fn tip_id(op: PowerOp) -> &'static str {
    match op {
        PowerOp::Start => "tip-vm-start",
        PowerOp::CleanShutdown => "tip-vm-shutdown",
        PowerOp::HardShutdown => "tip-vm-force-shutdown",
        PowerOp::CleanReboot => "tip-vm-reboot",
        PowerOp::Suspend => "tip-vm-suspend",
        PowerOp::Resume => "tip-vm-resume",
    }
}

/// Adds the actions of `node` to `ui` (a menu or a row of buttons). Returns the command chosen.
pub fn ui(app: &XenPilotApp, ui: &mut egui::Ui, node: &Node) -> Option<Command> {
    let l = &app.i18n.loader;
    // The node's own pool, which a context menu may name without selecting it.
    let pool = app.pool_of(node);
    let writable = app.can_write_to(pool.map(|i| app.pools[i].id));
    let mut out = None;
    match node {
        Node::Vm(_) => {
            let cache = &app.pools[pool?].cache;
            let vms: Vec<_> = targets(app, node)
                .into_iter()
                .filter_map(|n| match n {
                    Node::Vm(r) if power::is_guest(cache, &r) => Some(r),
                    _ => None,
                })
                .collect();
            if vms.is_empty() {
                return None;
            }
            for op in power::OFFERED {
                let to = power::targets(cache, &vms, op);
                let action = app.i18n.get(power_label_id(op));
                let label = if vms.len() > 1 {
                    fl!(l, "menu-vm-many", action = action, count = to.len())
                } else {
                    action
                };
                let busy = to.iter().any(|vm| app.power_running(vm));
                let b = ui
                    .add_enabled(
                        writable && !to.is_empty() && !busy,
                        egui::Button::new(label),
                    )
                    .on_hover_text(app.i18n.get(tip_id(op)));
                if b.clicked() {
                    out = Some(Command::Power(to, op));
                }
            }
            if let [vm] = vms.as_slice()
                && ui.button(fl!(l, "menu-xenstore")).clicked()
            {
                out = Some(Command::OpenXenstoreForm(vm.clone()));
            }
        }
        Node::Pool(_) | Node::Conn(_) => {
            let p = &app.pools[app.pool_of(node)?];
            let live = matches!(p.source, super::Source::Live(_));
            if live
                && ui
                    .button(fl!(l, "menu-disconnect"))
                    .on_hover_text(fl!(l, "tip-disconnect"))
                    .clicked()
            {
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
        || matches!(node, Node::Vm(r) if app.pool_of(node).is_some_and(|i| power::is_guest(&app.pools[i].cache, r)))
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
