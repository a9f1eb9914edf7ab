//! The disk actions on a Storage tab: New disk and Attach disk above a VM's table, and each
//! disk row's menu (Detach, Delete, Resize, Move, Properties) acting on that disk as seen from
//! the object whose tab it is (Detach needs the VM); on a VM's tab, which drives keep it on
//! its servers or travel with it when it moves.

use super::actions::Action;
use super::actions::draw::{self, Style};
use super::command::Command;
use super::windows::AppView;
use crate::model::migrate_blockers;
use crate::model::tree::Node;
use eframe::egui;
use xenapi::{Ref, Vm};

/// The disk actions of a row's menu, in XenCenter's order.
pub const DISK_MENU: &[Action] = &[
    Action::DetachDisk,
    Action::DeleteDisk,
    Action::ResizeDisk,
    Action::MoveDisk,
    Action::DiskProperties,
    Action::ExportDisk,
];

/// A repository's actions, in XenCenter's order.
pub const SR_MENU: &[Action] = &[
    Action::AddDiskToSr,
    Action::RescanSr,
    Action::RepairSr,
    Action::SetDefaultSr,
    Action::DetachSr,
    Action::ReattachSr,
    Action::ForgetSr,
    Action::DestroySr,
    Action::SrProperties,
];

/// New disk and Attach disk above a VM's Storage table; a repository's actions above its.
pub fn buttons(view: &AppView, ui: &mut egui::Ui, node: &Node, out: &mut Vec<Command>) {
    let list: &[Action] = match node {
        Node::Vm(_) => &[Action::NewDisk, Action::AttachDisk],
        Node::Sr(_) => SR_MENU,
        // A server's repositories: a new one for the pool (the menu bar's sense: no node).
        Node::Host(_) => {
            ui.horizontal(|ui| {
                out.extend(draw::item(ui, view, Action::NewSr, &[], Style::Button));
            });
            ui.add_space(4.0);
            return;
        }
        _ => return,
    };
    let nodes = std::slice::from_ref(node);
    ui.horizontal_wrapped(|ui| {
        for a in list {
            out.extend(draw::item(ui, view, *a, nodes, Style::Button));
        }
    });
    ui.add_space(4.0);
    if let Node::Vm(vm) = node {
        migration_notes(view, ui, node, vm);
    }
}

/// The VM's drives that keep it on its servers or travel with it on a move, each in words.
fn migration_notes(view: &AppView, ui: &mut egui::Ui, node: &Node, vm: &Ref<Vm>) {
    let cache = view.cache_of(node);
    let notes = migrate_blockers::notes(cache, view.i18n, vm);
    if notes.is_empty() {
        return;
    }
    ui.label(view.i18n.get("migrate-notes-title"));
    for (blocks, text) in notes {
        if blocks {
            ui.colored_label(ui.visuals().warn_fg_color, format!("• {text}"));
        } else {
            ui.weak(format!("• {text}"));
        }
    }
    ui.add_space(4.0);
}

/// A repository's context menu; the action chosen.
pub fn sr_menu(ui: &mut egui::Ui, view: &AppView, node: &Node) -> Option<Command> {
    let mut out = None;
    for a in SR_MENU {
        out = out.or(draw::item(
            ui,
            view,
            *a,
            std::slice::from_ref(node),
            Style::Menu,
        ));
    }
    out
}

/// A disk row: a click selects the disk; its menu acts on the disk from `tab_of`.
pub fn clicks(
    view: &AppView,
    resp: &egui::Response,
    disk: &Node,
    tab_of: &Node,
    out: &mut Vec<Command>,
) {
    if resp.clicked() {
        out.push(Command::Select(disk.clone()));
    }
    let mut nodes = vec![disk.clone()];
    if matches!(tab_of, Node::Vm(_)) {
        nodes.push(tab_of.clone());
    }
    resp.context_menu(|ui| {
        if let Some(c) = menu(ui, view, &nodes) {
            out.push(c);
            ui.close();
        }
    });
}

/// The disk actions on `nodes` (a disk, maybe its VM) as menu items; the one chosen.
pub fn menu(ui: &mut egui::Ui, view: &AppView, nodes: &[Node]) -> Option<Command> {
    let mut out = None;
    for a in DISK_MENU {
        out = out.or(draw::item(ui, view, *a, nodes, Style::Menu));
    }
    out
}
