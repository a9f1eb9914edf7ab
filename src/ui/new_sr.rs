//! The New Storage wizard: page one picks the type (NFS, iSCSI, SMB, ISO library, a server's
//! own disk, HBA) and finds the storage (NFS: [`super::new_sr_nfs`]; iSCSI and SMB:
//! [`super::new_sr_block`]; local disks and HBA LUNs: [`super::new_sr_local`]); page two offers the repositories already there
//! for attaching, or a new one (an iSCSI LUN that carries an SR is formatted only once the
//! user ticks that its disks will be lost), with a name. Each page says what the probe
//! answered, in words; the `xe` equivalent of Finish is shown, passwords masked. The models
//! are [`crate::model::new_sr`] and [`crate::model::new_sr_block`].

use crate::i18n::I18n;
use crate::model::new_sr::{self, Export, NfsSpec};
use crate::model::new_sr_block::{self as block, Iqn, IscsiSpec, IscsiStage, Lun, NewSr, SmbSpec};
use crate::model::new_sr_iso::IsoSpec;
use crate::model::new_sr_local::{HbaLun, LocalDisk, LocalSpec};
use crate::model::sr_reattach;
use crate::model::tree::Node;
use crate::model::vm_plans::Plan;
use crate::services::background::{Poll, Task};
use crate::ui::actions::Action;
use crate::ui::command::Command;
use crate::ui::dialog_window::fixed_area;
use crate::ui::new_sr_block as pages;
use crate::ui::new_sr_iso as iso_pages;
use crate::ui::new_sr_local as local_pages;
use crate::ui::new_sr_nfs as nfs_pages;
use crate::ui::new_sr_repository as repo_page;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui;
use xenapi::{Cache, Error, Ref, Sr};

/// The page's size and the footer's (its problem lines), whatever they show.
const PAGE: egui::Vec2 = egui::vec2(560.0, 340.0);
const FOOTER: egui::Vec2 = egui::vec2(560.0, 56.0);

type Probe = Task<Result<serde_json::Value, Error>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Page {
    Location,
    Repository,
}

/// The kind of storage: the driver it is made with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Nfs,
    Iscsi,
    Smb,
    /// An ISO library (NFS or SMB).
    Iso,
    /// A disk of one server (LVM or ext).
    Local,
    /// A Fibre Channel (or hardware iSCSI) LUN.
    Hba,
}

/// What a running probe asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Probing {
    /// The NFS server's exports.
    NfsScan,
    /// The SRs at the NFS path.
    NfsPath,
    Iscsi(IscsiStage),
    /// The SRs in the SMB share.
    Smb,
    /// A server's disks and the SRs on them.
    LocalDisks,
    /// The LUNs each server sees.
    HbaLuns,
    /// The SRs on the picked LUN.
    HbaLun,
}

pub struct NewSrWizard {
    pool: u64,
    pub(super) page: Page,
    pub kind: Kind,
    /// The NFS fields, and the name and description for every kind.
    pub spec: NfsSpec,
    pub iscsi: IscsiSpec,
    pub smb: SmbSpec,
    pub iso: IsoSpec,
    /// The server's exports, once scanned.
    pub(super) exports: Vec<Export>,
    /// The local disk's server, device and file system; the disks found.
    pub local: LocalSpec,
    pub(super) disks: Vec<LocalDisk>,
    /// The server lacks the plugin that lists disks: the device is typed.
    pub(super) no_lsblk: bool,
    /// The LUNs the servers see, and the one picked (its SCSI ID).
    pub(super) hba_luns: Vec<HbaLun>,
    pub hba_scsi: String,
    /// The portal's IQNs and the picked IQN's LUNs, once discovered.
    pub(super) iqns: Vec<Iqn>,
    pub(super) luns: Vec<Lun>,
    /// The SRs found at the path (UUIDs), once checked.
    pub(super) found: Vec<String>,
    /// The SR to attach; `None`: a new one.
    pub(super) attach: Option<String>,
    /// The user said a LUN's SR may be erased by the format.
    pub(super) format_ok: bool,
    /// A probe a page asked for, started once the page is drawn.
    pub(super) want: Option<Probing>,
    /// A probe running.
    pub(super) probing: Option<(Probing, Probe)>,
    /// What the last probe refused, in words.
    pub(super) error: Option<String>,
    pub(super) first: bool,
    /// The detached SR the wizard reattaches (its type fixed, the probe must find it).
    pub(super) reattach: Option<Ref<Sr>>,
}

impl NewSrWizard {
    pub fn open(pool: u64, cache: &Cache, i18n: &I18n) -> Option<NewSrWizard> {
        new_sr::coordinator(cache)?;
        Some(NewSrWizard {
            pool,
            page: Page::Location,
            kind: Kind::Nfs,
            spec: NfsSpec {
                name: default_name(i18n, cache, Kind::Nfs),
                ..NfsSpec::default()
            },
            iscsi: IscsiSpec {
                port: "3260".into(),
                ..IscsiSpec::default()
            },
            smb: SmbSpec::default(),
            iso: IsoSpec::default(),
            exports: Vec::new(),
            local: LocalSpec {
                host: new_sr::coordinator(cache),
                ..LocalSpec::default()
            },
            disks: Vec::new(),
            no_lsblk: false,
            hba_luns: Vec::new(),
            hba_scsi: String::new(),
            iqns: Vec::new(),
            luns: Vec::new(),
            found: Vec::new(),
            attach: None,
            format_ok: false,
            want: None,
            probing: None,
            error: None,
            first: true,
            reattach: None,
        })
    }

    /// What Finish makes, whatever the type.
    pub(super) fn new_sr(&self) -> NewSr {
        let (name, desc) = (&self.spec.name, &self.spec.description);
        match self.kind {
            Kind::Nfs => NewSr {
                kind: "nfs",
                config: self.spec.device_config(true),
                secret: None,
                name: name.trim().into(),
                description: desc.trim().into(),
            },
            Kind::Iscsi => NewSr::iscsi(&self.iscsi, name, desc),
            Kind::Smb => NewSr::smb(&self.smb, name, desc),
            Kind::Iso => self.iso.new_sr(name, desc),
            // A local SR's plans are the local model's (`plan`); this is what it is made of.
            Kind::Hba | Kind::Local => NewSr {
                kind: if self.kind == Kind::Hba {
                    "lvmohba"
                } else {
                    self.local.kind()
                },
                config: local_pages::config(self),
                secret: None,
                name: name.trim().into(),
                description: desc.trim().into(),
            },
        }
    }

    /// The plan Finish sends now.
    pub fn plan(&self, cache: &Cache) -> Plan {
        if let Some(sr) = &self.reattach {
            let only = local_pages::reattach_hosts(self);
            return sr_reattach::plan(cache, sr, &self.new_sr(), only.as_deref());
        }
        if self.kind == Kind::Local {
            let (name, desc) = (&self.spec.name, &self.spec.description);
            return match (&self.attach, local_pages::disk_sr(self)) {
                (Some(uuid), Some((kind, _))) => self.local.attach(cache, &kind, uuid, name, desc),
                _ => self.local.create(cache, name, desc),
            };
        }
        if self.kind == Kind::Nfs {
            return match &self.attach {
                Some(uuid) => new_sr::attach(cache, &self.spec, uuid),
                None => new_sr::create(cache, &self.spec),
            };
        }
        let block = self.new_sr();
        match &self.attach {
            Some(uuid) => block.attach(cache, uuid),
            None => block.create(cache),
        }
    }

    fn start_probe(&mut self, view: &AppView, cache: &Cache, what: Probing) {
        let (Some(worker), Some(session), Some(host)) = (
            view.worker.as_ref(),
            view.pools.session_of(Some(self.pool)),
            new_sr::coordinator(cache),
        ) else {
            return;
        };
        let args = match what {
            Probing::NfsScan => new_sr::probe_args(&host, &self.spec, false),
            Probing::NfsPath => new_sr::probe_args(&host, &self.spec, true),
            Probing::Iscsi(stage) => {
                block::probe_args(&host, "lvmoiscsi", self.iscsi.probe_config(stage))
            }
            Probing::Smb => block::probe_args(&host, "smb", self.smb.probe_config()),
            Probing::HbaLun => {
                // A server that sees the LUN (the coordinator may not).
                let host = local_pages::lun_host(self, cache).unwrap_or(host);
                block::probe_args(&host, "lvmohba", local_pages::config(self))
            }
            Probing::LocalDisks | Probing::HbaLuns => {
                self.error = None;
                let task = local_pages::start(self, worker, session, cache, what);
                self.probing = Some((what, task));
                return;
            }
        };
        self.error = None;
        let task = worker.spawn(async move { session.call("SR.probe", &args).await });
        self.probing = Some((what, task));
    }

    /// Page two, with the SRs a probe found (`<SRlist>` XML); a reattach goes on only
    /// where its SR is.
    fn found(&mut self, xml: &str, cache: &Cache, i18n: &I18n) {
        self.found = new_sr::srs_of(xml);
        if let Some(s) = self.reattach.as_ref().and_then(|r| cache.srs.get(r)) {
            if self.found.contains(&s.uuid) {
                self.attach = Some(s.uuid.clone());
                self.page = Page::Repository;
            } else {
                self.error = Some(i18n.get_args(
                    "sr-reattach-not-found",
                    &[("name", &s.name_label), ("at", &self.reattach_at(cache))],
                ));
            }
            return;
        }
        // An SR found there is offered first: attaching keeps its disks, where a new one
        // (beside it, or a format of its LUN) would not.
        self.attach = self
            .found
            .iter()
            .find(|u| !cache.srs.values().any(|s| s.uuid == **u))
            .cloned();
        self.format_ok = false;
        self.page = Page::Repository;
    }

    /// Takes in a finished probe.
    fn poll(&mut self, i18n: &I18n, cache: &Cache) {
        let Some((what, task)) = &mut self.probing else {
            return;
        };
        let what = *what;
        let result = match task.poll() {
            Poll::Pending => return,
            Poll::Ready(r) => r,
            Poll::Vanished => {
                self.probing = None;
                return;
            }
        };
        self.probing = None;
        let words = |e: &Error| crate::ui::errors::action(i18n, e);
        match (what, result) {
            // A scan fails by design: the exports come with the driver's refusal.
            (Probing::NfsScan, Err(e)) => match e.api().and_then(new_sr::exports_of) {
                Some(list) => {
                    if list.is_empty() {
                        self.error = Some(i18n.get("sr-new-no-exports"));
                    }
                    self.exports = list;
                }
                None => self.error = Some(words(&e)),
            },
            // So do iSCSI discoveries: the IQNs, then the LUNs, come in the refusal.
            (Probing::Iscsi(IscsiStage::Iqns), Err(e)) => match e.api().and_then(block::iqns_of) {
                Some(list) => {
                    if list.is_empty() {
                        self.error = Some(i18n.get("sr-new-no-iqns"));
                    }
                    if let [only] = list.as_slice() {
                        self.iscsi.iqn = only.iqn.clone();
                    }
                    self.iqns = list;
                }
                None => self.error = Some(words(&e)),
            },
            (Probing::Iscsi(IscsiStage::Luns), Err(e)) => match e.api().and_then(block::luns_of) {
                Some(list) => {
                    if list.is_empty() {
                        self.error = Some(i18n.get("sr-new-no-luns"));
                    }
                    self.luns = list;
                }
                None => self.error = Some(words(&e)),
            },
            (Probing::LocalDisks | Probing::HbaLuns, r) => local_pages::take(self, i18n, what, r),
            (
                Probing::NfsPath | Probing::Iscsi(IscsiStage::Lun) | Probing::Smb | Probing::HbaLun,
                Ok(v),
            ) => {
                self.found(v.as_str().unwrap_or_default(), cache, i18n);
            }
            (_, Err(e)) => self.error = Some(words(&e)),
            (_, Ok(_)) => {}
        }
    }

    fn invalid(&self) -> Option<&'static str> {
        match self.page {
            Page::Location => match self.kind {
                Kind::Nfs => self.spec.invalid(true),
                Kind::Iscsi => self.iscsi.invalid(IscsiStage::Lun),
                Kind::Smb => self.smb.invalid(),
                Kind::Iso => self.iso.invalid(),
                Kind::Local => local_pages::invalid(self),
                Kind::Hba => self.hba_scsi.is_empty().then_some("sr-new-err-hba-lun"),
            },
            Page::Repository if self.spec.name.trim().is_empty() => Some("dlg-err-name"),
            Page::Repository if self.reattach.is_some() => None,
            Page::Repository if self.formats_an_sr() && !self.format_ok => {
                Some("sr-new-err-format")
            }
            Page::Repository if local_pages::wipes_partitions(self) && !self.format_ok => {
                Some("sr-new-err-wipe")
            }
            Page::Repository => None,
        }
    }

    /// Finish would format a LUN that carries an SR.
    pub(super) fn formats_an_sr(&self) -> bool {
        matches!(self.kind, Kind::Iscsi | Kind::Hba | Kind::Local)
            && self.attach.is_none()
            && !self.found.is_empty()
    }

    /// Where the probe looked, for the pages' sentences.
    pub(super) fn at(&self, cache: &Cache) -> String {
        match self.kind {
            Kind::Nfs => format!("{}:{}", self.spec.server.trim(), self.spec.path.trim()),
            Kind::Iscsi => pages::iscsi_at(self),
            Kind::Smb => self.smb.share.trim().to_string(),
            Kind::Iso => self.iso.at(),
            Kind::Local | Kind::Hba => local_pages::at(self, cache),
        }
    }

    /// Where a reattach looked, standing alone in a sentence (an HBA LUN by its number).
    pub(super) fn reattach_at(&self, cache: &Cache) -> String {
        match self.kind {
            Kind::Hba => format!("LUN {}", self.at(cache)),
            _ => self.at(cache),
        }
    }

    /// The probe Next runs on page one; none for an ISO library (ISOSR has no probe).
    fn next_probe(&self) -> Option<Probing> {
        match self.kind {
            Kind::Nfs => Some(Probing::NfsPath),
            Kind::Iscsi => Some(Probing::Iscsi(IscsiStage::Lun)),
            Kind::Smb => Some(Probing::Smb),
            Kind::Iso | Kind::Local => None,
            Kind::Hba => Some(Probing::HbaLun),
        }
    }
}

impl AppWindow for NewSrWizard {
    fn kind(&self) -> &'static str {
        "new-sr"
    }

    window_any!();

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return false;
        };
        self.poll(i18n, cache);
        if self.probing.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        let action = if self.reattach.is_some() {
            Action::ReattachSr
        } else {
            Action::NewSr
        };
        let title = action.label(i18n);
        let id = egui::Id::unique("new-sr-wizard");
        let mut open = true;
        let mut finish = false;
        let mut close = false;
        let first = std::mem::take(&mut self.first);
        let writable = view.can_write_to(Some(self.pool));
        crate::ui::dialog_window::modal(egui::Window::new(&title), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                // One size for every page and message: the page scrolls, the footer keeps
                // its height, the buttons stay put.
                fixed_area(ui, "new_sr_page", PAGE, |ui| {
                    match self.page {
                        Page::Location => {
                            if self.reattach.is_some() {
                                iso_pages::reattach_intro(self, ui, i18n, cache);
                            } else {
                                kind_row(self, ui, i18n, cache);
                            }
                            match self.kind {
                                Kind::Nfs => nfs_pages::location(self, ui, view, first),
                                Kind::Iscsi => pages::iscsi_location(self, ui, i18n, first),
                                Kind::Smb => pages::smb_location(self, ui, i18n, first),
                                Kind::Iso => iso_pages::iso_location(self, ui, i18n, first),
                                Kind::Local => {
                                    local_pages::local_location(self, ui, i18n, cache, first)
                                }
                                Kind::Hba => {
                                    local_pages::hba_location(self, ui, i18n, cache, first)
                                }
                            }
                        }
                        Page::Repository => repo_page::repository(self, ui, i18n, cache),
                    }
                    if let Some(what) = self.want.take() {
                        self.start_probe(view, cache, what);
                    }
                });
                fixed_area(ui, "new_sr_footer", FOOTER, |ui| {
                    if let Some(err) = &self.error {
                        ui.colored_label(ui.visuals().error_fg_color, err);
                    }
                    if let Some(id) = self.invalid() {
                        ui.colored_label(ui.visuals().error_fg_color, i18n.get(id));
                    }
                    if !writable {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            view.read_only_text(Some(self.pool)),
                        );
                    }
                });
                ui.separator();
                ui.horizontal(|ui| {
                    let ok = writable && self.invalid().is_none() && self.probing.is_none();
                    match self.page {
                        Page::Location => {
                            if ui
                                .add_enabled(ok, egui::Button::new(i18n.get("wiz-next")))
                                .clicked()
                            {
                                match self.next_probe() {
                                    Some(p) => self.start_probe(view, cache, p),
                                    None => {
                                        self.error = None;
                                        if local_pages::enter(self, cache, i18n) {
                                            self.page = Page::Repository;
                                        }
                                    }
                                }
                            }
                        }
                        Page::Repository => {
                            if ui.button(i18n.get("wiz-back")).clicked() {
                                self.page = Page::Location;
                                self.error = None;
                            }
                            if ui
                                .add_enabled(ok, egui::Button::new(i18n.get("sr-new-finish")))
                                .clicked()
                            {
                                finish = true;
                            }
                        }
                    }
                    if ui.button(i18n.get("cancel")).clicked() {
                        close = true;
                    }
                    if self.probing.is_some() {
                        ui.spinner();
                    }
                });
            });
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
        if finish {
            let owner = match &self.reattach {
                Some(sr) => Node::Sr(sr.clone()),
                None => cache
                    .pools
                    .keys()
                    .next()
                    .map_or(Node::Conn(self.pool), |r| Node::Pool(r.clone())),
            };
            // The password stays in memory no longer than the window.
            let plan = self.plan(cache);
            out.push(Command::RunOwnedPlan {
                pool: self.pool,
                action,
                owner,
                name: Some(self.spec.name.trim().to_string()),
                plan,
            });
            return false;
        }
        open && !close
    }
}

/// The type's default name, numbered when the pool has a repository of that name already
/// (two "ISO library" rows in the tree could not be told apart).
fn default_name(i18n: &I18n, cache: &Cache, kind: Kind) -> String {
    let base = i18n.get(match kind {
        Kind::Nfs => "sr-new-default-name",
        Kind::Iscsi => "sr-new-default-name-iscsi",
        Kind::Smb => "sr-new-default-name-smb",
        Kind::Iso => "sr-new-default-name-iso",
        Kind::Local => "sr-new-default-name-local",
        Kind::Hba => "sr-new-default-name-hba",
    });
    let taken = |n: &str| cache.srs.values().any(|s| s.name_label == n);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|i| format!("{base} ({i})"))
        .find(|n| !taken(n))
        .unwrap_or(base)
}

/// The type of storage; a change clears what the probes found.
fn kind_row(w: &mut NewSrWizard, ui: &mut egui::Ui, i18n: &I18n, cache: &Cache) {
    let was = w.kind;
    ui.horizontal(|ui| {
        ui.label(i18n.get("sr-new-kind"));
        ui.radio_value(&mut w.kind, Kind::Nfs, "NFS");
        ui.radio_value(&mut w.kind, Kind::Iscsi, "iSCSI");
        ui.radio_value(&mut w.kind, Kind::Smb, "SMB/CIFS");
        ui.radio_value(&mut w.kind, Kind::Iso, i18n.get("sr-new-kind-iso"));
        ui.radio_value(&mut w.kind, Kind::Local, i18n.get("sr-new-kind-local"));
        ui.radio_value(&mut w.kind, Kind::Hba, "HBA");
    });
    if w.kind != was {
        // A name the user has not changed follows the type.
        if w.spec.name == default_name(i18n, cache, was) {
            w.spec.name = default_name(i18n, cache, w.kind);
        }
        w.error = None;
        w.found.clear();
        w.attach = None;
        // The new page's first field takes the focus, drawn next frame.
        w.first = true;
        ui.ctx().request_repaint();
    }
    ui.separator();
}
