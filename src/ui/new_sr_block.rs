//! The New Storage wizard's first page for iSCSI (target, port, CHAP; Discover lists the
//! portal's IQNs, then an IQN's LUNs with size, vendor and SCSI ID) and SMB (share, user,
//! password). The model is [`crate::model::new_sr_block`].

use super::new_sr::{NewSrWizard, Probing};
use crate::i18n::I18n;
use crate::model::new_sr_block::IscsiStage;
use crate::ui::lifecycle::dialogs::text_field;
use eframe::egui;
use egui::WidgetInfo;
use egui::accesskit::Role;

/// A password field, labelled for assistive technology, its text hidden.
pub(super) fn secret_field(ui: &mut egui::Ui, label: &str, value: &mut String, enabled: bool) {
    let l = ui.label(label);
    let resp = ui
        .add_enabled(
            enabled,
            egui::TextEdit::singleline(value)
                .password(true)
                .desired_width(280.0),
        )
        .labelled_by(l.id);
    resp.widget_info(|| WidgetInfo::labeled(Role::PasswordInput, enabled, label));
}

/// Human size of a LUN (GiB with one decimal, or TiB).
pub(super) fn size(bytes: i64) -> String {
    let gib = bytes as f64 / (1u64 << 30) as f64;
    if gib >= 1024.0 {
        format!("{:.1} TiB", gib / 1024.0)
    } else {
        format!("{gib:.1} GiB")
    }
}

/// iSCSI: the target and its credentials, then the IQNs and the LUNs it lists.
pub(super) fn iscsi_location(w: &mut NewSrWizard, ui: &mut egui::Ui, i18n: &I18n, first: bool) {
    ui.label(i18n.get("sr-new-iscsi-intro"));
    let before = (
        w.iscsi.target.clone(),
        w.iscsi.port.clone(),
        w.iscsi.chap,
        w.iscsi.chap_user.clone(),
        w.iscsi.chap_secret.clone(),
    );
    egui::Grid::new("sr-new-iscsi-grid")
        .num_columns(2)
        .show(ui, |ui| {
            text_field(ui, &i18n.get("sr-new-target"), &mut w.iscsi.target, first);
            ui.end_row();
            text_field(ui, &i18n.get("sr-new-port"), &mut w.iscsi.port, false);
            ui.end_row();
            ui.label("");
            ui.checkbox(&mut w.iscsi.chap, i18n.get("sr-new-chap"));
            ui.end_row();
            if w.iscsi.chap {
                text_field(
                    ui,
                    &i18n.get("sr-new-chap-user"),
                    &mut w.iscsi.chap_user,
                    false,
                );
                ui.end_row();
                secret_field(
                    ui,
                    &i18n.get("sr-new-chap-secret"),
                    &mut w.iscsi.chap_secret,
                    true,
                );
                ui.end_row();
            }
        });
    // A change to the target or its credentials makes the lists stale.
    let now = (
        w.iscsi.target.clone(),
        w.iscsi.port.clone(),
        w.iscsi.chap,
        w.iscsi.chap_user.clone(),
        w.iscsi.chap_secret.clone(),
    );
    if now != before {
        w.iqns.clear();
        w.luns.clear();
        w.iscsi.iqn.clear();
        w.iscsi.scsi_id.clear();
    }
    let idle = w.probing.is_none();
    let can = idle && w.iscsi.invalid(IscsiStage::Iqns).is_none();
    if ui
        .add_enabled(can, egui::Button::new(i18n.get("sr-new-discover-iqns")))
        .clicked()
    {
        w.want = Some(Probing::Iscsi(IscsiStage::Iqns));
    }
    if !w.iqns.is_empty() {
        ui.strong(i18n.get("sr-new-iqns"));
        for q in w.iqns.clone() {
            let label = i18n.get_args(
                "sr-new-iqn-item",
                &[("iqn", &q.iqn), ("address", &q.address)],
            );
            if ui.selectable_label(w.iscsi.iqn == q.iqn, label).clicked() && w.iscsi.iqn != q.iqn {
                w.iscsi.iqn = q.iqn.clone();
                w.luns.clear();
                w.iscsi.scsi_id.clear();
            }
        }
        let can = idle && w.iscsi.invalid(IscsiStage::Luns).is_none();
        if ui
            .add_enabled(can, egui::Button::new(i18n.get("sr-new-discover-luns")))
            .clicked()
        {
            w.want = Some(Probing::Iscsi(IscsiStage::Luns));
        }
    }
    if !w.luns.is_empty() {
        ui.strong(i18n.get("sr-new-luns"));
        for l in w.luns.clone() {
            let label = i18n.get_args(
                "sr-new-lun-item",
                &[
                    ("lun", &l.id),
                    ("size", &size(l.size)),
                    ("vendor", &l.vendor),
                    ("scsi", &l.scsi_id),
                ],
            );
            if ui
                .selectable_label(w.iscsi.scsi_id == l.scsi_id, label)
                .clicked()
            {
                w.iscsi.scsi_id = l.scsi_id.clone();
            }
        }
    }
}

/// SMB: the share and the account that mounts it.
pub(super) fn smb_location(w: &mut NewSrWizard, ui: &mut egui::Ui, i18n: &I18n, first: bool) {
    ui.label(i18n.get("sr-new-smb-intro"));
    egui::Grid::new("sr-new-smb-grid")
        .num_columns(2)
        .show(ui, |ui| {
            text_field(ui, &i18n.get("sr-new-share"), &mut w.smb.share, first);
            ui.end_row();
            text_field(ui, &i18n.get("sr-new-smb-user"), &mut w.smb.user, false);
            ui.end_row();
            secret_field(
                ui,
                &i18n.get("sr-new-smb-password"),
                &mut w.smb.password,
                true,
            );
            ui.end_row();
        });
}

/// Where the probe looked, for page two's sentence.
pub(super) fn iscsi_at(w: &NewSrWizard) -> String {
    let lun = w
        .luns
        .iter()
        .find(|l| l.scsi_id == w.iscsi.scsi_id)
        .map(|l| l.id.clone())
        .unwrap_or_default();
    format!("{} LUN {lun}", w.iscsi.iqn)
}

/// A format of a LUN that carries an SR: the consequence in words, and a box to tick.
pub(super) fn format_warning(w: &mut NewSrWizard, ui: &mut egui::Ui, i18n: &I18n) {
    let Some(uuid) = w.found.first().cloned() else {
        return;
    };
    ui.colored_label(
        ui.visuals().warn_fg_color,
        i18n.get_args("sr-new-format-warning", &[("uuid", &uuid)]),
    );
    ui.checkbox(&mut w.format_ok, i18n.get("sr-new-format-confirm"));
}
