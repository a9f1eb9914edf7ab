//! The Snapshots tab of a VM, as XenCenter's: the snapshot tree (each snapshot under the one
//! it was taken from, "Now" where the VM stands), Take snapshot, Revert and Delete for the
//! snapshot picked (from the action table: each asks first and shows the `xe` command),
//! and the picked snapshot's details (time, kind, description, disks). Rows are buttons:
//! Tab reaches them, Enter or Space picks one.

use super::actions::Action;
use super::actions::draw::{self, Style};
use super::{AppView, Command};
use crate::model::details::format_bytes;
use crate::model::details::vm::format_time;
use crate::model::names;
use crate::model::snapshot_tree;
use crate::model::tree::Node;
use crate::model::vm_plans;
use eframe::egui::{self, RichText};
use xenapi::{Ref, Vm};

/// The snapshot picked in the tab (kept while the VM stays selected).
#[derive(Debug, Default)]
pub struct SnapshotsTab {
    pub picked: Option<Ref<Vm>>,
}

/// The tab of the selected VM; `tab` is its own state (read here, changed by commands).
pub fn ui(tab: &SnapshotsTab, view: &AppView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let i18n = view.i18n;
    let Some(Node::Vm(vm)) = view.selected else {
        return;
    };
    let Some(pool) = view.pool_of(&Node::Vm(vm.clone())) else {
        return;
    };
    let p = &view.pools[pool];
    let cache = &p.cache;
    let Some(v) = cache.vms.get(vm) else {
        ui.weak(i18n.get("details-gone"));
        return;
    };
    super::details_view::heading(ui, Some(&i18n.get("kind-vm")), &names::vm_name(i18n, v));
    let lines = snapshot_tree::lines(cache, vm);
    let picked = tab.picked.clone().filter(|s| v.snapshots.contains(s));
    // The buttons: Take snapshot for the VM; Revert and Delete for the snapshot picked.
    ui.horizontal_wrapped(|ui| {
        let mut button = |ui: &mut egui::Ui, action: Action, on: &Ref<Vm>| {
            let on = [Node::Vm(on.clone())];
            out.extend(draw::item(ui, view, action, &on, Style::Button));
        };
        button(ui, Action::Snapshot, vm);
        match &picked {
            Some(s) => {
                button(ui, Action::Revert, s);
                button(ui, Action::DeleteSnapshot, s);
            }
            None => {
                ui.weak(i18n.get("snap-pick-one"));
            }
        }
    });
    ui.separator();
    if lines.len() <= 1 {
        ui.weak(i18n.get("snap-none"));
        return;
    }
    let detail_h = if picked.is_some() { 150.0 } else { 0.0 };
    egui::ScrollArea::vertical()
        .id_salt("snapshot-tree")
        .max_height((ui.available_height() - detail_h).max(80.0))
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for line in &lines {
                ui.horizontal(|ui| {
                    ui.add_space(18.0 * line.depth as f32);
                    match &line.snapshot {
                        None => {
                            ui.label(RichText::new(i18n.get("snap-now")).strong());
                        }
                        Some(s) => {
                            let Some(snap) = cache.vms.get(s) else { return };
                            let time = format_time(&snap.snapshot_time).unwrap_or_default();
                            let mark = if snapshot_tree::with_memory(snap) {
                                "◉"
                            } else {
                                "○"
                            };
                            let text = format!("{mark} {} · {time}", names::vm_name(i18n, snap));
                            let on = picked.as_ref() == Some(s);
                            let resp = ui
                                .add(egui::Button::selectable(on, text).frame_when_inactive(false));
                            if resp.clicked() {
                                out.push(Command::PickSnapshot(Some(s.clone())));
                            }
                            resp.context_menu(|ui| {
                                let one = [Node::Vm(s.clone())];
                                if let Some(c) = draw::vm_items(ui, view, &one, Style::Menu) {
                                    out.push(c);
                                }
                            });
                        }
                    }
                });
            }
        });
    if let Some(s) = &picked
        && let Some(snap) = cache.vms.get(s)
    {
        ui.separator();
        details(view, ui, s, snap);
    }
}

/// The picked snapshot: name, time, kind, description, disks.
fn details(view: &AppView, ui: &mut egui::Ui, r: &Ref<Vm>, snap: &Vm) {
    let i18n = view.i18n;
    let Some(i) = view.pool_of(&Node::Vm(r.clone())) else {
        return;
    };
    let cache = &view.pools[i].cache;
    egui::Grid::new("snapshot-details")
        .num_columns(2)
        .spacing([16.0, 4.0])
        .show(ui, |ui| {
            let mut kv = |k: &str, v: String| {
                ui.weak(i18n.get(k));
                ui.add(egui::Label::new(v).selectable(true).truncate());
                ui.end_row();
            };
            kv("prop-name", names::vm_name(i18n, snap));
            kv(
                "snap-taken",
                format_time(&snap.snapshot_time).unwrap_or_default(),
            );
            let kind = if snapshot_tree::with_memory(snap) {
                "snap-kind-memory"
            } else {
                "snap-kind-disk"
            };
            kv("snap-kind", i18n.get(kind));
            if !snap.name_description.is_empty() {
                kv("dlg-description", names::visible(&snap.name_description));
            }
            let disks: Vec<String> = vm_plans::disks(cache, r)
                .iter()
                .filter_map(|d| cache.vdis.get(d))
                .map(|d| {
                    format!(
                        "{} ({})",
                        names::visible(&d.name_label),
                        format_bytes(d.virtual_size)
                    )
                })
                .collect();
            kv("snap-disks", disks.join(", "));
        });
}
