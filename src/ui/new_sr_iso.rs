//! The New Storage wizard's ISO library page (an NFS export or an SMB share of ISO files;
//! the model is [`crate::model::new_sr_iso`]), and the wizard opened to reattach a detached
//! repository ([`crate::model::sr_reattach`]).

use super::new_sr::{Kind, NewSrWizard};
use crate::i18n::I18n;
use crate::model::sr_reattach;
use crate::ui::lifecycle::dialogs::text_field;
use crate::ui::new_sr_block::secret_field;
use eframe::egui;
use xenapi::{Cache, Ref, Sr};

impl NewSrWizard {
    /// The wizard on a detached SR's type, with what its description tells of where it
    /// lives (XenCenter's `NewSRWizard` opened by `ReattachSRCommand`).
    pub fn reattach(pool: u64, cache: &Cache, i18n: &I18n, sr: Ref<Sr>) -> Option<NewSrWizard> {
        let s = cache.srs.get(&sr)?;
        let mut w = NewSrWizard::open(pool, cache, i18n)?;
        w.kind = match s.sr_type.as_str() {
            "nfs" => Kind::Nfs,
            "lvmoiscsi" => Kind::Iscsi,
            "smb" => Kind::Smb,
            "iso" => Kind::Iso,
            // The server's disk is picked and found on the Local disk page.
            "lvm" | "ext" => Kind::Local,
            "lvmohba" => Kind::Hba,
            _ => return None,
        };
        w.local.ext = s.sr_type == "ext";
        let d = &s.name_description;
        if let Some((server, path)) = sr_reattach::nfs_location(d) {
            w.iso.location = format!("{server}:{path}");
            w.spec.server = server;
            w.spec.path = path;
        }
        if let Some(share) = sr_reattach::share_location(d) {
            w.iso.smb = true;
            w.iso.location = share.clone();
            w.smb.share = share;
        }
        if let Some(target) = sr_reattach::iscsi_target(d) {
            w.iscsi.target = target;
        }
        w.spec.name = s.name_label.clone();
        w.spec.description = s.name_description.clone();
        w.reattach = Some(sr);
        Some(w)
    }
}

/// A reattach's first page: which SR, and where to look for it.
pub(super) fn reattach_intro(w: &NewSrWizard, ui: &mut egui::Ui, i18n: &I18n, cache: &Cache) {
    let name = w
        .reattach
        .as_ref()
        .and_then(|r| cache.srs.get(r))
        .map(|s| s.name_label.clone())
        .unwrap_or_default();
    ui.label(i18n.get_args("sr-reattach-intro", &[("name", &name)]));
    ui.separator();
}

/// The ISO library: NFS or SMB, where, and (SMB) the account that mounts it.
pub(super) fn iso_location(w: &mut NewSrWizard, ui: &mut egui::Ui, i18n: &I18n, first: bool) {
    ui.label(i18n.get("sr-new-iso-intro"));
    ui.horizontal(|ui| {
        ui.radio_value(&mut w.iso.smb, false, i18n.get("sr-new-iso-nfs"));
        ui.radio_value(&mut w.iso.smb, true, i18n.get("sr-new-iso-smb"));
    });
    egui::Grid::new("sr-new-iso-grid")
        .num_columns(2)
        .show(ui, |ui| {
            let (label, hint) = if w.iso.smb {
                ("sr-new-share", "sr-new-iso-smb-hint")
            } else {
                ("sr-new-iso-location", "sr-new-iso-nfs-hint")
            };
            text_field(ui, &i18n.get(label), &mut w.iso.location, first);
            ui.end_row();
            ui.label("");
            ui.weak(i18n.get(hint));
            ui.end_row();
            if w.iso.smb {
                text_field(ui, &i18n.get("sr-new-smb-user"), &mut w.iso.user, false);
                ui.end_row();
                secret_field(
                    ui,
                    &i18n.get("sr-new-smb-password"),
                    &mut w.iso.password,
                    true,
                );
                ui.end_row();
            }
        });
    if !w.iso.smb {
        super::new_sr_nfs::nfs_version(ui, i18n, &mut w.iso.nfs_version, &["4"]);
    }
}
