//! The New Storage wizard's NFS page: the server, Scan for its exports (from the driver's
//! answer), the path and the NFS version. The model is [`crate::model::new_sr`].

use super::new_sr::{NewSrWizard, Probing};
use crate::i18n::I18n;
use crate::ui::lifecycle::dialogs::text_field;
use crate::ui::windows::AppView;
use eframe::egui;

/// Page one: the server, its exports, the path and the NFS version.
pub(super) fn location(w: &mut NewSrWizard, ui: &mut egui::Ui, view: &AppView, first: bool) {
    let i18n = view.i18n;
    ui.label(i18n.get("sr-new-nfs-intro"));
    let mut scan = false;
    egui::Grid::new("sr-new-location-grid")
        .num_columns(2)
        .show(ui, |ui| {
            text_field(ui, &i18n.get("sr-new-server"), &mut w.spec.server, first);
            ui.end_row();
            ui.label("");
            let can_scan = w.spec.invalid(false).is_none() && w.probing.is_none();
            scan = ui
                .add_enabled(can_scan, egui::Button::new(i18n.get("sr-new-scan")))
                .clicked();
            ui.end_row();
            text_field(ui, &i18n.get("sr-new-path"), &mut w.spec.path, false);
            ui.end_row();
        });
    nfs_version(ui, i18n, &mut w.spec.version, &["4", "4.1"]);
    if scan {
        w.want = Some(Probing::NfsScan);
    }
    if !w.exports.is_empty() {
        ui.add_space(4.0);
        ui.strong(i18n.get("sr-new-exports"));
        for e in w.exports.clone() {
            let label = i18n.get_args("sr-new-export", &[("path", &e.path), ("access", &e.access)]);
            if ui.selectable_label(w.spec.path == e.path, label).clicked() {
                w.spec.path = e.path.clone();
            }
        }
    }
}

/// The NFS version choice: the driver's default (3) or one of `newer` (`"4"`, `"4.1"`).
pub(super) fn nfs_version(ui: &mut egui::Ui, i18n: &I18n, value: &mut String, newer: &[&str]) {
    let label = |v: &str| match v {
        "" => i18n.get("sr-new-version-3"),
        v => format!("NFSv{v}"),
    };
    egui::ComboBox::from_label(i18n.get("sr-new-version"))
        .selected_text(label(value))
        .show_ui(ui, |ui| {
            for v in std::iter::once("").chain(newer.iter().copied()) {
                ui.selectable_value(value, v.to_string(), label(v));
            }
        });
}
