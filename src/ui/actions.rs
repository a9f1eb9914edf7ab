//! The actions an object offers, shared by the tree's context menu and the details pane:
//! VM power operations (enabled by power state, as xapi's VM_BAD_POWER_STATE rules allow),
//! the xenstore-data form, NIC settings, a pool's connection.
//!
//! A right-click on an object that is part of a multi-selection acts on the whole selection,
//! and the items say so ("Shut down 3 VMs"); otherwise it acts on the object clicked (which
//! the tree selects first, so the details pane shows what the menu acts on).

use super::lifecycle::menu::{self, Style};

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
pub(super) fn tip_id(op: PowerOp) -> &'static str {
    match op {
        PowerOp::Start => "tip-vm-start",
        PowerOp::CleanShutdown => "tip-vm-shutdown",
        PowerOp::HardShutdown => "tip-vm-force-shutdown",
        PowerOp::CleanReboot => "tip-vm-reboot",
        PowerOp::HardReboot => "tip-vm-force-reboot",
        PowerOp::Suspend => "tip-vm-suspend",
        PowerOp::Resume => "tip-vm-resume",
        PowerOp::Pause => "tip-vm-pause",
        PowerOp::Unpause => "tip-vm-unpause",
    }
}

/// Adds the actions of `node` to `ui` (a menu or a row of buttons). Returns the command chosen.
pub fn ui(app: &XenPilotApp, ui: &mut egui::Ui, node: &Node) -> Option<Command> {
    let l = &app.i18n.loader;
    // The node's own pool, which a context menu may name without selecting it.
    let pool = app.pool_of(node);
    let mut out = None;
    match node {
        Node::Vm(_) => {
            let vms: Vec<_> = targets(app, node)
                .into_iter()
                .filter_map(|n| match n {
                    Node::Vm(r) => Some(r),
                    _ => None,
                })
                .collect();
            // A menu offers every action; the details pane's row leaves them to the toolbar
            // row above it (as XenCenter's toolbar), keeping only the VM's own forms.
            if !ui.layout().main_dir().is_horizontal() {
                out = menu::items(app, ui, &vms, Style::Menu);
            }
            let guest = pool.is_some_and(|i| {
                vms.iter()
                    .all(|vm| power::is_guest(&app.pools[i].cache, vm))
            });
            if let [vm] = vms.as_slice()
                && guest
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
            if live && matches!(node, Node::Pool(_)) {
                let writable = app.can_write_to(Some(p.id));
                let b = ui.add_enabled(writable, egui::Button::new(fl!(l, "menu-vm-new-dots")));
                let b = if writable {
                    b
                } else {
                    b.on_disabled_hover_text(app.pools.read_only_text(&app.i18n, Some(p.id)))
                };
                if b.clicked() {
                    out = Some(Command::NewVm);
                }
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
        || matches!(node, Node::Vm(r) if app.pool_of(node).is_some_and(|i| {
            let v = app.pools[i].cache.vms.get(r);
            power::is_guest(&app.pools[i].cache, r) || v.is_some_and(|v| v.is_a_snapshot)
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
