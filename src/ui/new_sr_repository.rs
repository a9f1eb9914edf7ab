//! The New Storage wizard's second page: the repositories the probe found, offered for
//! reattaching, or a new one (a format of a LUN or disk that carries one, or of a disk with
//! partitions, only once the user ticks that its contents will be lost); the name and
//! description; the `xe` equivalent of Finish.

use super::new_sr::{Kind, NewSrWizard};
use crate::i18n::I18n;
use crate::ui::edit_form::xe_panel;
use crate::ui::lifecycle::dialogs::text_field;
use crate::ui::new_sr_block as pages;
use crate::ui::new_sr_local as local_pages;
use eframe::egui;
use xenapi::Cache;

/// Page two: the repositories found at the path, or a new one; its name.
pub(super) fn repository(w: &mut NewSrWizard, ui: &mut egui::Ui, i18n: &I18n, cache: &Cache) {
    let at = w.at(cache);
    let lun = matches!(w.kind, Kind::Iscsi | Kind::Hba);
    let disk = w.kind == Kind::Local;
    if let Some(s) = w.reattach.as_ref().and_then(|r| cache.srs.get(r)) {
        // An ISO library is not probed: the servers look for it when they connect.
        let id = if w.kind == Kind::Iso {
            "sr-reattach-unchecked"
        } else {
            "sr-reattach-found"
        };
        let at = w.reattach_at(cache);
        ui.label(i18n.get_args(id, &[("name", &s.name_label), ("at", &at)]));
    } else if w.kind == Kind::Iso {
        ui.label(i18n.get_args("sr-new-iso-summary", &[("at", &at)]));
    } else if w.found.is_empty() {
        let id = if lun {
            "sr-new-none-found-lun"
        } else if disk {
            "sr-new-none-found-disk"
        } else {
            "sr-new-none-found"
        };
        ui.label(i18n.get_args(id, &[("at", &at)]));
        w.attach = None;
    } else {
        let id = if lun {
            "sr-new-found-lun"
        } else if disk {
            "sr-new-found-disk"
        } else {
            "sr-new-found"
        };
        ui.label(i18n.get_args(id, &[("at", &at)]));
        for uuid in w.found.clone() {
            let known = cache.srs.values().find(|s| s.uuid == uuid);
            match known {
                Some(s) => {
                    ui.add_enabled(
                        false,
                        egui::RadioButton::new(
                            false,
                            i18n.get_args(
                                "sr-new-in-pool",
                                &[("uuid", &uuid), ("name", &s.name_label)],
                            ),
                        ),
                    );
                }
                None => {
                    let label = i18n.get_args("sr-new-attach", &[("uuid", &uuid)]);
                    ui.radio_value(&mut w.attach, Some(uuid.clone()), label);
                }
            }
        }
        let create = match w.kind {
            Kind::Iscsi | Kind::Hba => "sr-new-format",
            Kind::Local => "sr-new-format-disk",
            _ => "sr-new-create",
        };
        ui.radio_value(&mut w.attach, None, i18n.get(create));
        if w.formats_an_sr() {
            pages::format_warning(w, ui, i18n);
        }
    }
    if local_pages::wipes_partitions(w) {
        local_pages::wipe_warning(w, ui, i18n);
    }
    egui::Grid::new("sr-new-name-grid")
        .num_columns(2)
        .show(ui, |ui| {
            text_field(ui, &i18n.get("dlg-name"), &mut w.spec.name, false);
            ui.end_row();
            text_field(
                ui,
                &i18n.get("dlg-description"),
                &mut w.spec.description,
                false,
            );
            ui.end_row();
        });
    ui.add_space(6.0);
    xe_panel(ui, i18n, &w.plan(cache).xe);
}
