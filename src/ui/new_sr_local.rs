//! The New Storage wizard's first page for a server's own disk (pick the server, Find disks
//! lists them with size, partitions and any repository already on them; LVM or ext) and
//! for an HBA LUN (Find LUNs probes every server and lists each LUN with size, vendor,
//! serial and the servers that see it). The model is [`crate::model::new_sr_local`].

use super::new_sr::{Kind, NewSrWizard, Probing};
use crate::i18n::I18n;
use crate::model::new_sr::coordinator;
use crate::model::new_sr_local::{self as local, LocalDisk};
use crate::services::background::Task;
use crate::ui::lifecycle::dialogs::text_field;
use crate::ui::new_sr_block::size;
use crate::ui::windows::Worker;
use eframe::egui;
use serde_json::{Map, Value, json};
use std::sync::Arc;
use xenapi::{Cache, Error, Host, Ref, Session};

/// `device_config` of the picked disk or LUN.
pub(super) fn config(w: &NewSrWizard) -> Map<String, Value> {
    let mut m = Map::new();
    if w.kind == Kind::Hba {
        m.insert("SCSIid".into(), json!(w.hba_scsi));
    } else {
        m.insert("device".into(), json!(w.local.device.trim()));
    }
    m
}

/// The repository the probes found on the picked disk: its type and UUID.
pub(super) fn disk_sr(w: &NewSrWizard) -> Option<(String, String)> {
    picked(w).and_then(|d| d.sr.clone())
}

fn picked(w: &NewSrWizard) -> Option<&LocalDisk> {
    w.disks.iter().find(|d| d.path == w.local.device.trim())
}

/// Why the local page is not enough yet: the fields, then a disk the probes have seen.
/// While the server's disks are listed there is no device to type: the hint says pick.
pub(super) fn invalid(w: &NewSrWizard) -> Option<&'static str> {
    if w.local.host.is_some() && !w.no_lsblk {
        if w.disks.is_empty() {
            return Some("sr-new-err-find-then-pick");
        }
        if picked(w).is_none() {
            return Some("sr-new-err-pick-disk");
        }
    }
    w.local
        .invalid()
        .or_else(|| picked(w).is_none().then_some("sr-new-err-find-disks"))
}

fn host_name(cache: &Cache, host: Option<&Ref<Host>>) -> String {
    host.and_then(|h| cache.hosts.get(h))
        .map(|h| h.name_label.clone())
        .unwrap_or_default()
}

/// Where the repository will be, for page two's sentences.
pub(super) fn at(w: &NewSrWizard, cache: &Cache) -> String {
    if w.kind == Kind::Local {
        return format!(
            "{} ({})",
            w.local.device.trim(),
            host_name(cache, w.local.host.as_ref())
        );
    }
    match w.hba_luns.iter().find(|l| l.scsi_id == w.hba_scsi) {
        Some(l) => format!("{} ({}, {})", l.lun, l.vendor, l.scsi_id),
        None => w.hba_scsi.clone(),
    }
}

/// Page two for a disk: the repository found on it, offered for reattaching. A reattach
/// goes on only when the disk carries its SR (`false`: it stays, saying so).
pub(super) fn enter(w: &mut NewSrWizard, cache: &Cache, i18n: &I18n) -> bool {
    if w.kind != Kind::Local {
        return true;
    }
    w.found = disk_sr(w).map(|(_, uuid)| uuid).into_iter().collect();
    w.format_ok = false;
    if let Some(s) = w.reattach.as_ref().and_then(|r| cache.srs.get(r)) {
        if w.found.contains(&s.uuid) {
            w.attach = Some(s.uuid.clone());
            return true;
        }
        w.error = Some(i18n.get_args(
            "sr-reattach-not-found",
            &[("name", &s.name_label), ("at", &at(w, cache))],
        ));
        return false;
    }
    w.attach = w
        .found
        .iter()
        .find(|u| !cache.srs.values().any(|s| s.uuid == **u))
        .cloned();
    true
}

/// The servers a reattach connects when not every server sees the storage: the picked
/// server for its disk, those that see the picked LUN.
pub(super) fn reattach_hosts(w: &NewSrWizard) -> Option<Vec<Ref<Host>>> {
    match w.kind {
        Kind::Local => Some(w.local.host.clone().into_iter().collect()),
        Kind::Hba => Some(
            w.hba_luns
                .iter()
                .find(|l| l.scsi_id == w.hba_scsi)
                .map(|l| l.hosts.clone())
                .unwrap_or_default(),
        ),
        _ => None,
    }
}

/// A server that sees the picked LUN, the coordinator when it does.
pub(super) fn lun_host(w: &NewSrWizard, cache: &Cache) -> Option<Ref<Host>> {
    let l = w.hba_luns.iter().find(|l| l.scsi_id == w.hba_scsi)?;
    let master = coordinator(cache);
    master
        .filter(|m| l.hosts.contains(m))
        .or_else(|| l.hosts.first().cloned())
}

/// A new repository on a disk that has partitions (and no repository) erases them.
pub(super) fn wipes_partitions(w: &NewSrWizard) -> bool {
    w.kind == Kind::Local
        && w.attach.is_none()
        && w.found.is_empty()
        && picked(w).is_some_and(|d| !d.partitions.is_empty())
}

/// The partitions a format erases, in words, and a box to tick.
pub(super) fn wipe_warning(w: &mut NewSrWizard, ui: &mut egui::Ui, i18n: &I18n) {
    let parts = picked(w)
        .map(|d| {
            d.partitions
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    ui.colored_label(
        ui.visuals().warn_fg_color,
        i18n.get_args(
            "sr-new-wipe-warning",
            &[("device", w.local.device.trim()), ("partitions", &parts)],
        ),
    );
    ui.checkbox(&mut w.format_ok, i18n.get("sr-new-wipe-confirm"));
}

/// Runs the probes a page asked for: a server's disks and the SRs on them, or the LUNs
/// every server sees (the coordinator first; another server's failure only leaves its
/// LUNs out).
pub(super) fn start(
    w: &NewSrWizard,
    worker: &Worker,
    session: Arc<Session>,
    cache: &Cache,
    what: Probing,
) -> Task<Result<Value, Error>> {
    if what == Probing::HbaLuns {
        let master = coordinator(cache);
        let mut hosts: Vec<Ref<Host>> = cache.hosts.keys().cloned().collect();
        hosts.sort_by_key(|h| (Some(h) != master.as_ref(), host_name(cache, Some(h))));
        return worker.spawn(async move {
            let mut out = Vec::new();
            for (i, h) in hosts.into_iter().enumerate() {
                let args = [json!(h.as_str()), json!({}), json!("lvmohba"), json!({})];
                // The driver answers the list in its refusal; an answer is no list.
                if let Err(e) = session.call("SR.probe", &args).await {
                    match e.api().and_then(local::hba_luns_xml) {
                        Some(xml) => out.push(json!({"host": h.as_str(), "xml": xml})),
                        None if i == 0 => return Err(e),
                        None => {}
                    }
                }
            }
            Ok(Value::Array(out))
        });
    }
    let host = w.local.host.clone().unwrap_or_else(|| Ref::new(""));
    let typed = w.local.device.trim().to_string();
    worker.spawn(async move {
        let plugin = [
            json!(host.as_str()),
            json!("lsblk.py"),
            json!("list_block_devices"),
            json!({}),
        ];
        let (lsblk, devices) = match session.call("host.call_plugin", &plugin).await {
            Ok(v) => {
                let text = v.as_str().unwrap_or_default().to_string();
                let disks = local::disks_of_lsblk(&text).unwrap_or_default();
                let paths: Vec<String> = disks.into_iter().map(|d| d.path).collect();
                (Some(text), paths)
            }
            // A server without XCP-ng's plugin: the typed device alone.
            Err(e) if e.api().is_some_and(|a| a.code == "XENAPI_MISSING_PLUGIN") => {
                (None, vec![typed.clone()])
            }
            Err(e) => return Err(e),
        };
        let devices: Vec<String> = devices.into_iter().filter(|d| !d.is_empty()).collect();
        let mut found = Map::new();
        if !devices.is_empty() {
            for kind in ["lvm", "ext"] {
                let args = [
                    json!(host.as_str()),
                    json!({"device": devices.join(",")}),
                    json!(kind),
                    json!({}),
                ];
                let xml = session.call("SR.probe", &args).await?;
                found.insert(kind.into(), xml);
            }
        }
        Ok(json!({"lsblk": lsblk, "typed": typed, "found": found}))
    })
}

/// Takes in what [`start`] found.
pub(super) fn take(w: &mut NewSrWizard, i18n: &I18n, what: Probing, result: Result<Value, Error>) {
    let v = match result {
        Ok(v) => v,
        Err(e) => {
            w.error = Some(crate::ui::errors::action(i18n, &e));
            return;
        }
    };
    if what == Probing::HbaLuns {
        let mut all = Vec::new();
        for e in v.as_array().into_iter().flatten() {
            let host = Ref::new(e["host"].as_str().unwrap_or_default());
            let seen = local::hba_luns_in(e["xml"].as_str().unwrap_or_default());
            local::merge_luns(&mut all, &host, seen);
        }
        if all.is_empty() {
            w.error = Some(i18n.get("sr-new-no-hba-luns"));
        }
        if !all.iter().any(|l| l.scsi_id == w.hba_scsi) {
            w.hba_scsi.clear();
        }
        w.hba_luns = all;
        return;
    }
    let mut disks = match v["lsblk"].as_str() {
        Some(text) => {
            w.no_lsblk = false;
            local::disks_of_lsblk(text).unwrap_or_default()
        }
        None => {
            w.no_lsblk = true;
            let typed = v["typed"].as_str().unwrap_or_default();
            (!typed.is_empty())
                .then(|| LocalDisk {
                    path: typed.to_string(),
                    ..LocalDisk::default()
                })
                .into_iter()
                .collect()
        }
    };
    for kind in ["lvm", "ext"] {
        local::mark(
            &mut disks,
            kind,
            v["found"][kind].as_str().unwrap_or_default(),
        );
    }
    if disks.is_empty() && !w.no_lsblk {
        w.error = Some(i18n.get("sr-new-no-disks"));
    }
    w.disks = disks;
}

/// The pool's repository on the disk (its name), if the disk carries one of the pool's
/// other than the one being reattached (`w.reattach`, which the disk may well carry).
fn pool_sr<'a>(w: &NewSrWizard, cache: &'a Cache, d: &LocalDisk) -> Option<&'a str> {
    let (_, uuid) = d.sr.as_ref()?;
    let own = w.reattach.as_ref().and_then(|r| cache.srs.get(r));
    cache
        .srs
        .values()
        .find(|s| s.uuid == *uuid && own.is_none_or(|o| o.uuid != s.uuid))
        .map(|s| s.name_label.as_str())
}

/// What is on a disk, in words.
fn disk_state(w: &NewSrWizard, i18n: &I18n, cache: &Cache, d: &LocalDisk) -> String {
    if d.in_use() {
        return i18n.get("sr-new-disk-system");
    }
    if let Some(name) = pool_sr(w, cache, d) {
        return i18n.get_args("sr-new-disk-in-pool", &[("name", name)]);
    }
    if let Some((kind, uuid)) = &d.sr {
        let fs = if kind == "ext" { "ext" } else { "LVM" };
        return i18n.get_args("sr-new-disk-sr", &[("fs", fs), ("uuid", uuid)]);
    }
    if !d.partitions.is_empty() {
        let parts: Vec<&str> = d.partitions.iter().map(|(n, _)| n.as_str()).collect();
        return i18n.get_args("sr-new-disk-parts", &[("partitions", &parts.join(", "))]);
    }
    i18n.get("sr-new-disk-empty")
}

/// A server's disk: the server, the file system, Find disks and the list.
pub(super) fn local_location(
    w: &mut NewSrWizard,
    ui: &mut egui::Ui,
    i18n: &I18n,
    cache: &Cache,
    first: bool,
) {
    ui.label(i18n.get("sr-new-local-intro"));
    let mut hosts: Vec<(&Ref<Host>, &xenapi::Host)> = cache.hosts.iter().collect();
    hosts.sort_by(|a, b| crate::model::natural::compare(&a.1.name_label, &b.1.name_label));
    let before = w.local.host.clone();
    ui.horizontal(|ui| {
        let label = ui.label(i18n.get("sr-new-local-host"));
        let resp = egui::ComboBox::from_id_salt("sr-new-local-host")
            .selected_text(host_name(cache, w.local.host.as_ref()))
            .show_ui(ui, |ui| {
                for (r, h) in &hosts {
                    ui.selectable_value(&mut w.local.host, Some((*r).clone()), &h.name_label);
                }
            })
            .response
            .labelled_by(label.id);
        if first {
            resp.request_focus();
        }
    });
    if w.local.host != before {
        w.disks.clear();
        w.no_lsblk = false;
        w.local.device.clear();
    }
    // A reattach's file system is its SR's.
    let fixed = w.reattach.is_some();
    ui.horizontal(|ui| {
        ui.label(i18n.get("sr-new-local-fs"));
        ui.add_enabled_ui(!fixed, |ui| {
            ui.radio_value(&mut w.local.ext, false, i18n.get("sr-new-local-lvm"));
            ui.radio_value(&mut w.local.ext, true, i18n.get("sr-new-local-ext"));
        });
    });
    if w.no_lsblk {
        ui.weak(i18n.get("sr-new-no-lsblk"));
        egui::Grid::new("sr-new-local-grid")
            .num_columns(2)
            .show(ui, |ui| {
                text_field(ui, &i18n.get("sr-new-device"), &mut w.local.device, false);
                ui.end_row();
            });
    }
    let can = w.probing.is_none() && w.local.host.is_some();
    let find = if w.no_lsblk {
        "sr-new-check-device"
    } else {
        "sr-new-find-disks"
    };
    if ui
        .add_enabled(can, egui::Button::new(i18n.get(find)))
        .clicked()
    {
        w.want = Some(Probing::LocalDisks);
    }
    if w.disks.is_empty() || w.no_lsblk && w.disks.len() == 1 && w.disks[0].size == 0 {
        if let Some(d) = w.disks.first().filter(|_| w.no_lsblk) {
            ui.label(disk_state(w, i18n, cache, d));
        }
        return;
    }
    ui.strong(i18n.get("sr-new-disks"));
    for d in w.disks.clone() {
        let label = i18n.get_args(
            "sr-new-disk-item",
            &[
                ("path", &d.path),
                ("size", &size(d.size)),
                ("state", &disk_state(w, i18n, cache, &d)),
            ],
        );
        let on = w.local.device.trim() == d.path;
        if ui
            .add_enabled(
                !d.in_use() && pool_sr(w, cache, &d).is_none(),
                egui::Button::selectable(on, label),
            )
            .clicked()
        {
            w.local.device = d.path.clone();
        }
    }
}

/// An HBA LUN: Find LUNs, then the list.
pub(super) fn hba_location(
    w: &mut NewSrWizard,
    ui: &mut egui::Ui,
    i18n: &I18n,
    cache: &Cache,
    first: bool,
) {
    ui.label(i18n.get("sr-new-hba-intro"));
    let resp = ui.add_enabled(
        w.probing.is_none(),
        egui::Button::new(i18n.get("sr-new-find-luns")),
    );
    if first {
        resp.request_focus();
    }
    if resp.clicked() {
        w.want = Some(Probing::HbaLuns);
    }
    if w.hba_luns.is_empty() {
        return;
    }
    ui.strong(i18n.get("sr-new-hba-luns"));
    let all = cache.hosts.len();
    for l in w.hba_luns.clone() {
        let hosts = if l.hosts.len() == all {
            i18n.get("sr-new-hba-all-servers")
        } else {
            l.hosts
                .iter()
                .map(|h| host_name(cache, Some(h)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let label = i18n.get_args(
            "sr-new-hba-lun-item",
            &[
                ("lun", &l.lun),
                ("size", &size(l.size)),
                ("vendor", &l.vendor),
                ("serial", &l.serial),
                ("hosts", &hosts),
            ],
        );
        if ui
            .selectable_label(w.hba_scsi == l.scsi_id, label)
            .clicked()
        {
            w.hba_scsi = l.scsi_id.clone();
        }
    }
    if let Some(l) = w.hba_luns.iter().find(|l| l.scsi_id == w.hba_scsi)
        && l.hosts.len() < all
    {
        ui.colored_label(ui.visuals().warn_fg_color, i18n.get("sr-new-hba-partial"));
    }
}
