//! The drive part of the disk Properties dialog (from a VM's Storage tab): its mode and
//! position, each greyed with xapi's reason when it cannot change now
//! ([`crate::model::drive_props`]).

use crate::i18n::I18n;
use crate::model::drive_props;
use eframe::egui;
use xenapi::{Cache, Ref, Vbd, Vm};

/// A drive's settings as edited: read-only or not, its position.
#[derive(Debug, Clone, PartialEq)]
pub struct Drive {
    pub vbd: Ref<Vbd>,
    pub read_only: bool,
    pub position: String,
}

/// The drive's mode and position, each greyed with the reason when xapi would refuse it now.
pub fn fields(
    ui: &mut egui::Ui,
    i18n: &I18n,
    cache: &Cache,
    vm_name: impl Fn(&Ref<Vm>) -> String,
    d: &mut Drive,
) {
    let Some(b) = cache.vbds.get(&d.vbd) else {
        return;
    };
    ui.add_space(6.0);
    ui.label(i18n.get_args("dlg-drive-of", &[("vm", &vm_name(&b.vm))]));
    let mode_text = |ro: bool| i18n.get(if ro { "dlg-drive-ro" } else { "dlg-drive-rw" });
    let mode_lock = drive_props::mode_locked(cache, &d.vbd);
    let pos_lock = drive_props::position_locked(cache, &d.vbd);
    egui::Grid::new("drive-props-grid")
        .num_columns(3)
        .show(ui, |ui| {
            let l = ui.label(i18n.get("dlg-drive-mode"));
            ui.add_enabled_ui(mode_lock.is_none(), |ui| {
                egui::ComboBox::from_id_salt(("drive", "mode"))
                    .selected_text(mode_text(d.read_only))
                    .show_ui(ui, |ui| {
                        for ro in [false, true] {
                            ui.selectable_value(&mut d.read_only, ro, mode_text(ro));
                        }
                    })
                    .response
                    .labelled_by(l.id);
            });
            ui.weak(mode_lock.map(|w| i18n.get(w)).unwrap_or_default());
            ui.end_row();
            let l = ui.label(i18n.get("dlg-drive-position"));
            ui.add_enabled_ui(pos_lock.is_none(), |ui| {
                egui::ComboBox::from_id_salt(("drive", "position"))
                    .selected_text(d.position.clone())
                    .show_ui(ui, |ui| {
                        for p in drive_props::positions(cache, &d.vbd) {
                            let label = p.clone();
                            ui.selectable_value(&mut d.position, p, label);
                        }
                    })
                    .response
                    .labelled_by(l.id);
            });
            ui.weak(pos_lock.map(|w| i18n.get(w)).unwrap_or_default());
            ui.end_row();
        });
}
