//! The Import window's part for an OVF package (`.ova`, `.ovf`): the package checked in the
//! background (every refusal at once, nothing made), then what it holds (CPUs, memory,
//! firmware, disks) and, as XenCenter's wizard asks, the VM's name, its template and the
//! network of each of its NICs.

use super::windows::AppView;
use crate::model::details::format_bytes;
use crate::model::names;
use crate::services::background::{Poll, Task};
use crate::services::ovf_import::{Checked, Choices, Refused, check};
use diskimg::ovf::Firmware;
use eframe::egui;
use std::path::PathBuf;
use xenapi::{Cache, Network, Ref, Vm};

pub struct OvfForm {
    probe: Option<Task<Result<Checked, Refused>>>,
    pub checked: Option<Result<Checked, Vec<String>>>,
    pub name: String,
    pub template: Option<Ref<Vm>>,
    /// The network of each NIC (none: the NIC is left out).
    pub networks: Vec<Option<Ref<Network>>>,
}

pub use crate::services::ovf_import::is_package;

impl OvfForm {
    pub fn new(path: &str, view: &AppView) -> Self {
        let p = PathBuf::from(path.trim());
        let probe = view
            .worker
            .as_ref()
            .map(|w| w.spawn_blocking(move || check(&p).map(|(_, c)| c)));
        OvfForm {
            probe,
            checked: None,
            name: String::new(),
            template: None,
            networks: Vec::new(),
        }
    }

    pub fn ready(&self) -> bool {
        matches!(self.checked, Some(Ok(_)))
            && !self.name.trim().is_empty()
            && self.template.is_some()
    }

    /// What the import needs, with the SR chosen.
    pub fn choices(&self, sr: &str) -> Option<(Checked, Choices)> {
        let Some(Ok(c)) = &self.checked else {
            return None;
        };
        Some((
            c.clone(),
            Choices {
                name: self.name.trim().to_string(),
                template: self.template.as_ref()?.as_str().to_string(),
                sr: sr.to_string(),
                networks: self
                    .networks
                    .iter()
                    .map(|n| n.as_ref().map(|r| r.as_str().to_string()))
                    .collect(),
            },
        ))
    }

    pub fn show(&mut self, ui: &mut egui::Ui, view: &AppView, cache: &Cache) {
        let i18n = view.i18n;
        let mut nets: Vec<(Ref<Network>, String)> = cache
            .networks
            .iter()
            // As XenCenter's network page with no home server: networks every server sees.
            .filter(|(_, n)| {
                crate::model::visibility::offered_for_vm(
                    cache,
                    n,
                    None,
                    view.settings.view.show_hidden,
                )
            })
            .map(|(r, n)| (r.clone(), names::network_name(i18n, cache, n)))
            .collect();
        nets.sort_by(|a, b| crate::model::natural::compare(&a.1, &b.1));
        if let Some(p) = &mut self.probe {
            let done = match p.poll() {
                Poll::Ready(r) => Some(r.map_err(|e| e.0)),
                Poll::Vanished => Some(Err(vec![i18n.get("xfer-vanished")])),
                Poll::Pending => None,
            };
            if let Some(d) = done {
                if let Ok(c) = &d {
                    self.name = c.system.name.clone();
                    // Each NIC on the pool's network of the same name, else the first.
                    self.networks = c
                        .system
                        .nics
                        .iter()
                        .map(|nic| {
                            nets.iter()
                                .find(|(_, n)| n.eq_ignore_ascii_case(&nic.network))
                                .or(nets.first())
                                .map(|(r, _)| r.clone())
                        })
                        .collect();
                }
                self.checked = Some(d);
                self.probe = None;
            }
        }
        let c = match &self.checked {
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(i18n.get("xfer-ovf-reading"));
                });
                return;
            }
            Some(Err(why)) => {
                ui.colored_label(ui.visuals().error_fg_color, i18n.get("xfer-ovf-refused"));
                for w in why {
                    ui.colored_label(ui.visuals().error_fg_color, format!("• {w}"));
                }
                return;
            }
            Some(Ok(c)) => c,
        };
        let s = &c.system;
        let firmware = match s.firmware {
            Firmware::Bios => i18n.get("xfer-ovf-bios"),
            Firmware::Uefi { secure_boot: false } => i18n.get("xfer-ovf-uefi"),
            Firmware::Uefi { secure_boot: true } => i18n.get("xfer-ovf-uefi-secure"),
        };
        let disks: Vec<String> = c.disks.iter().map(|d| format_bytes(d.2 as i64)).collect();
        ui.label(i18n.get_args(
            "xfer-ovf-holds",
            &[
                ("vcpus", &s.vcpus.to_string()),
                ("memory", &format_bytes(s.memory as i64)),
                ("firmware", &firmware),
                ("disks", &disks.join(", ")),
            ],
        ));
        ui.horizontal(|ui| {
            let l = ui.label(i18n.get("xfer-vm-name"));
            ui.add(egui::TextEdit::singleline(&mut self.name).desired_width(300.0))
                .labelled_by(l.id);
        });
        super::import_image::template_combo(ui, i18n, cache, &mut self.template);
        let nics = s.nics.clone();
        for (i, nic) in nics.iter().enumerate() {
            let Some(slot) = self.networks.get_mut(i) else {
                break;
            };
            let shown = nets
                .iter()
                .find(|(r, _)| Some(r) == slot.as_ref())
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| i18n.get("xfer-no-network"));
            ui.horizontal(|ui| {
                let l = ui.label(i18n.get_args(
                    "xfer-ovf-nic",
                    &[("nic", &nic.name), ("network", &nic.network)],
                ));
                egui::ComboBox::from_id_salt(("ovf-nic", i))
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(slot, None, i18n.get("xfer-no-network"));
                        for (r, n) in &nets {
                            ui.selectable_value(slot, Some(r.clone()), n);
                        }
                    })
                    .response
                    .labelled_by(l.id);
            });
        }
    }
}
