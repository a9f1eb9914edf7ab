//! The Import window's part for an XVA: the file's header read in the background, then, as
//! XenCenter's import wizard asks, the network of each of the VM's NICs (the same-named
//! network by default) and its home server; applied once xapi has made the VM
//! (`services::xva_import::finish`). The snapshots that come with the VM are named.

use super::windows::AppView;
use crate::model::import_plan::{
    FileNic, PoolNet, default_network, home_of, nics_of, snapshots_of,
};
use crate::model::names;
use crate::services::background::{Poll, Task};
use crate::services::xva_import::{XvaChoices, read_header};
use eframe::egui;
use std::path::PathBuf;
use xenapi::{Cache, Host, Network, Ref, Sr};

/// What the header says: the VM's NICs, the names of its snapshots, its home server's uuid.
type Header = (Vec<FileNic>, Vec<String>, Option<String>);

pub struct XvaForm {
    probe: Option<Task<Result<Header, String>>>,
    /// The VM's NICs in the file, or why the header cannot be read.
    pub nics: Option<Result<Vec<FileNic>, String>>,
    /// The network chosen for each NIC.
    pub networks: Vec<Option<Ref<Network>>>,
    /// The home server (none: any server); at first the file's, when this pool has it.
    pub home: Option<Ref<Host>>,
    /// The snapshots that come with the VM, oldest first.
    pub snapshots: Vec<String>,
}

impl XvaForm {
    pub fn new(path: &str, view: &AppView) -> Self {
        let p = PathBuf::from(path.trim());
        let probe = view.worker.as_ref().map(|w| {
            w.spawn_blocking(move || {
                read_header(&p)
                    .map(|ova| (nics_of(&ova), snapshots_of(&ova), home_of(&ova)))
                    .map_err(|e| e.to_string())
            })
        });
        XvaForm {
            probe,
            nics: None,
            networks: Vec::new(),
            home: None,
            snapshots: Vec::new(),
        }
    }

    /// Whether the header was read (a file that cannot be read is not sent).
    pub fn ready(&self) -> bool {
        matches!(self.nics, Some(Ok(_)))
    }

    pub fn choices(&self, start: bool) -> XvaChoices {
        let nics = match &self.nics {
            Some(Ok(n)) => n.as_slice(),
            _ => &[],
        };
        XvaChoices {
            networks: nics
                .iter()
                .zip(&self.networks)
                .filter_map(|(nic, n)| Some((nic.device.clone(), n.as_ref()?.as_str().to_string())))
                .collect(),
            home: self.home.as_ref().map(|h| h.as_str().to_string()),
            start,
        }
    }

    /// `sr`: where the disks go; only servers that see it may be the VM's home.
    pub fn show(&mut self, ui: &mut egui::Ui, view: &AppView, cache: &Cache, sr: Option<&Ref<Sr>>) {
        let i18n = view.i18n;
        // Shown name, name as stored (what the file's name is matched with), bridge.
        let mut nets: Vec<(Ref<Network>, String, String, String)> = cache
            .networks
            .iter()
            // As XenCenter's network page: those the home server sees, or every server.
            .filter(|(_, n)| {
                crate::model::visibility::offered_for_vm(
                    cache,
                    n,
                    self.home.as_ref(),
                    view.settings.view.show_hidden,
                )
            })
            .map(|(r, n)| {
                (
                    r.clone(),
                    names::network_name(i18n, cache, n),
                    n.name_label.clone(),
                    n.bridge.clone(),
                )
            })
            .collect();
        nets.sort_by(|a, b| crate::model::natural::compare(&a.1, &b.1));
        let pool: Vec<PoolNet> = nets
            .iter()
            .map(|(r, _, name, bridge)| PoolNet {
                net: r.as_str().to_string(),
                name: name.clone(),
                bridge: bridge.clone(),
            })
            .collect();
        if let Some(p) = &mut self.probe {
            let done = match p.poll() {
                Poll::Ready(r) => Some(r),
                Poll::Vanished => Some(Err(i18n.get("xfer-vanished"))),
                Poll::Pending => None,
            };
            if let Some(d) = done {
                let d = d.map(|(nics, snapshots, home)| {
                    self.snapshots = snapshots;
                    self.home = home.and_then(|u| {
                        let (r, _) = cache.hosts.iter().find(|(_, h)| h.uuid == u)?;
                        Some(r.clone())
                    });
                    nics
                });
                if let Ok(nics) = &d {
                    self.networks = nics
                        .iter()
                        .map(|nic| default_network(nic, &pool).map(|r| Ref::new(r.as_str())))
                        .collect();
                }
                self.nics = Some(d);
                self.probe = None;
            }
        }
        let nics = match &self.nics {
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(i18n.get("xfer-xva-reading"));
                });
                return;
            }
            Some(Err(why)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    i18n.get_args("xfer-xva-unreadable", &[("why", why)]),
                );
                return;
            }
            Some(Ok(n)) => n.clone(),
        };
        // Another home server: a NIC on a network it does not see takes the default again.
        for (nic, slot) in nics.iter().zip(self.networks.iter_mut()) {
            if slot
                .as_ref()
                .is_some_and(|r| !nets.iter().any(|(n, ..)| n == r))
            {
                *slot = default_network(nic, &pool).map(|r| Ref::new(r.as_str()));
            }
        }
        if !self.snapshots.is_empty() {
            ui.label(i18n.get_counted(
                "xfer-xva-snapshots",
                self.snapshots.len(),
                &[("names", &self.snapshots.join(", "))],
            ));
            ui.weak(i18n.get("xfer-xva-snapshots-nics"));
        }
        for (i, nic) in nics.iter().enumerate() {
            let Some(slot) = self.networks.get_mut(i) else {
                break;
            };
            let shown = nets
                .iter()
                .find(|(r, ..)| Some(r) == slot.as_ref())
                .map(|(_, n, ..)| n.clone())
                .unwrap_or_default();
            // Wrapped: a long network name (or a longer language) would push the list out
            // of the window.
            ui.horizontal_wrapped(|ui| {
                let l = ui.label(i18n.get_args(
                    "xfer-xva-nic",
                    &[
                        ("device", &nic.device),
                        ("mac", &nic.mac),
                        ("network", &nic.network_name),
                    ],
                ));
                egui::ComboBox::from_id_salt(("xva-nic", i))
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for (r, n, ..) in &nets {
                            ui.selectable_value(slot, Some(r.clone()), n);
                        }
                    })
                    .response
                    .labelled_by(l.id);
            });
        }
        // As XenCenter's home-server page: a server that cannot reach the disks cannot start
        // the VM.
        let seen = sr.map(|s| crate::model::migrate_blockers::seen_by(cache, s));
        let mut hosts: Vec<(Ref<Host>, String)> = cache
            .hosts
            .iter()
            .filter(|(r, _)| seen.as_ref().is_none_or(|s| s.contains(r)))
            .map(|(r, h)| (r.clone(), names::host_name(h)))
            .collect();
        if self
            .home
            .as_ref()
            .is_some_and(|h| !hosts.iter().any(|(r, _)| r == h))
        {
            self.home = None;
        }
        hosts.sort_by(|a, b| crate::model::natural::compare(&a.1, &b.1));
        let none = i18n.get("xfer-home-none");
        let shown = hosts
            .iter()
            .find(|(r, _)| Some(r) == self.home.as_ref())
            .map_or_else(|| none.clone(), |(_, n)| n.clone());
        ui.horizontal(|ui| {
            let l = ui.label(i18n.get("xfer-home"));
            egui::ComboBox::from_id_salt("xva-home")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.home, None, none.clone());
                    for (r, n) in &hosts {
                        ui.selectable_value(&mut self.home, Some(r.clone()), n);
                    }
                })
                .response
                .labelled_by(l.id);
        });
    }
}
