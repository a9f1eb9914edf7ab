//! The Import window's part for a disk image (raw, VHD, VMDK, qcow2): what the file holds
//! (read in the background), and whether it becomes a new disk on the SR or a new VM (its
//! name, the template it is made from, the network of its NIC), as XenCenter's Import wizard
//! offers for an image.

use super::windows::AppView;
use crate::model::details::format_bytes;
use crate::model::names;
use crate::services::background::{Poll, Task};
use crate::services::disk_transfer::{AsVm, ImageInfo, inspect};
use crate::services::transfer::TransferError;
use eframe::egui;
use std::path::PathBuf;
use xenapi::{Cache, Network, Ref, Vm};

pub struct ImageForm {
    probe: Option<Task<Result<ImageInfo, TransferError>>>,
    /// What the file holds, or why it cannot be imported.
    pub info: Option<Result<ImageInfo, String>>,
    pub as_vm: bool,
    pub name: String,
    pub template: Option<Ref<Vm>>,
    pub network: Option<Ref<Network>>,
}

impl ImageForm {
    /// Starts reading the headers of the image at `path`.
    pub fn new(path: &str, view: &AppView) -> Self {
        let p = PathBuf::from(path.trim());
        let name = p
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let probe = view
            .worker
            .as_ref()
            .map(|w| w.spawn_blocking(move || inspect(&p)));
        ImageForm {
            probe,
            info: None,
            as_vm: false,
            name,
            template: None,
            network: None,
        }
    }

    /// Whether the form says enough to start.
    pub fn ready(&self) -> bool {
        matches!(self.info, Some(Ok(_)))
            && (!self.as_vm || (!self.name.trim().is_empty() && self.template.is_some()))
    }

    /// The new VM's shape, when one was asked for.
    pub fn as_vm(&self) -> Option<AsVm> {
        if !self.as_vm {
            return None;
        }
        Some(AsVm {
            template: self.template.as_ref()?.as_str().to_string(),
            name: self.name.trim().to_string(),
            networks: self
                .network
                .iter()
                .map(|n| n.as_str().to_string())
                .collect(),
        })
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &AppView, cache: &Cache) {
        let i18n = view.i18n;
        if let Some(p) = &mut self.probe {
            let done = match p.poll() {
                Poll::Ready(r) => Some(r.map_err(|e| super::transfer::error_text(i18n, &e))),
                Poll::Vanished => Some(Err(i18n.get("xfer-vanished"))),
                Poll::Pending => None,
            };
            if let Some(d) = done {
                self.info = Some(d);
                self.probe = None;
            }
        }
        match &self.info {
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(i18n.get("xfer-image-reading"));
                });
                return;
            }
            Some(Err(e)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    i18n.get_args("xfer-image-bad", &[("why", e)]),
                );
                return;
            }
            Some(Ok(info)) => {
                ui.label(i18n.get_args(
                    "xfer-image-kind",
                    &[
                        ("format", info.format.name()),
                        ("size", &format_bytes(info.virtual_size as i64)),
                    ],
                ));
            }
        }
        ui.horizontal(|ui| {
            ui.label(i18n.get("xfer-import-as"));
            ui.radio_value(&mut self.as_vm, false, i18n.get("xfer-import-as-disk"));
            ui.radio_value(&mut self.as_vm, true, i18n.get("xfer-import-as-vm"));
        });
        if !self.as_vm {
            return;
        }
        ui.horizontal(|ui| {
            let l = ui.label(i18n.get("xfer-vm-name"));
            ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(300.0))
                .labelled_by(l.id);
        });
        template_combo(ui, i18n, cache, &mut self.template);
        let mut nets: Vec<(Ref<Network>, String)> = cache
            .networks
            .iter()
            .filter(|(_, n)| {
                crate::model::visibility::network_shown(cache, n, view.settings.view.show_hidden)
            })
            .map(|(r, n)| (r.clone(), names::network_name(i18n, cache, n)))
            .collect();
        nets.sort_by(|a, b| crate::model::natural::compare(&a.1, &b.1));
        if self
            .network
            .as_ref()
            .is_none_or(|n| !nets.iter().any(|(r, _)| r == n))
        {
            self.network = nets.first().map(|(r, _)| r.clone());
        }
        let shown = nets
            .iter()
            .find(|(r, _)| Some(r) == self.network.as_ref())
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| i18n.get("xfer-no-network"));
        ui.horizontal(|ui| {
            let l = ui.label(i18n.get("xfer-network"));
            egui::ComboBox::from_id_salt("import-network")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.network, None, i18n.get("xfer-no-network"));
                    for (r, n) in &nets {
                        ui.selectable_value(&mut self.network, Some(r.clone()), n);
                    }
                })
                .response
                .labelled_by(l.id);
        });
    }
}

/// The template combo box, templates without disks of their own (the template chosen kept
/// while it exists, else XenCenter's "Other install media", else the first).
pub fn template_combo(
    ui: &mut egui::Ui,
    i18n: &crate::i18n::I18n,
    cache: &Cache,
    template: &mut Option<Ref<Vm>>,
) {
    // A template with disks of its own would clash with the imported disks' devices.
    let templates: Vec<_> = crate::model::new_vm::templates(cache)
        .into_iter()
        .filter(|(r, _)| cache.vms.get(r).is_some_and(|v| v.vbds.is_empty()))
        .collect();
    if template
        .as_ref()
        .is_none_or(|t| !templates.iter().any(|(r, _)| r == t))
    {
        *template = templates
            .iter()
            .find(|(_, n)| n == "Other install media")
            .or(templates.first())
            .map(|(r, _)| r.clone());
    }
    let shown = templates
        .iter()
        .find(|(r, _)| Some(r) == template.as_ref())
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    ui.horizontal(|ui| {
        let l = ui.label(i18n.get("xfer-template"));
        egui::ComboBox::from_id_salt("import-template")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for (r, n) in &templates {
                    ui.selectable_value(template, Some(r.clone()), n);
                }
            })
            .response
            .labelled_by(l.id);
    });
}
