//! The Import window: an XVA file as a new VM, or a disk image (raw, VHD, VMDK, qcow2) as a
//! new disk or VM, on the SR chosen, with progress and Cancel, then what came of it.

use super::command::Command;
use super::dialog_window::fixed_area;
use super::transfer::{Running, error_text, progress_row};
use super::windows::{AppView, AppWindow, window_any};
use crate::model::details::format_bytes;
use crate::model::names;
use crate::model::tree::Node;
use crate::services::background::Poll;
use crate::services::disk_transfer;
use crate::services::transfer::{self, Progress, TransferError};
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;
use xenapi::{Ref, Sr, Vm};

/// The page's size and the footer's (a warning, a failure), whatever they show.
const PAGE: egui::Vec2 = egui::vec2(560.0, 240.0);
const FOOTER: egui::Vec2 = egui::vec2(560.0, 40.0);

/// What an import made: VMs (an XVA, or an image as a VM), or a disk alone.
pub enum Imported {
    Vms(Vec<String>),
    Disk(String),
}

/// Import: an XVA file as a new VM, or a disk image as a new disk or VM, on the SR chosen,
/// started if asked.
pub struct ImportWindow {
    pool: u64,
    path: String,
    sr: Option<Ref<Sr>>,
    start: bool,
    /// The path names a disk image: what it holds and what to make of it.
    image: Option<super::import_image::ImageForm>,
    /// The path names an OVF package: what it holds and the user's choices.
    ovf: Option<super::import_ovf::OvfForm>,
    /// The path names an XVA: its NICs' networks and the home server.
    xva: Option<super::import_xva::XvaForm>,
    running: Option<Running<Imported>>,
    result: Option<Result<Imported, String>>,
    escape: bool,
    enter: bool,
    focused: bool,
    /// The path last looked at, and whether a file is there (asked once per edit, not
    /// once a frame).
    file_there: (String, bool),
}

impl ImportWindow {
    pub fn new(pool: u64) -> Self {
        ImportWindow {
            pool,
            path: String::new(),
            sr: None,
            start: false,
            image: None,
            ovf: None,
            xva: None,
            running: None,
            result: None,
            escape: false,
            enter: false,
            focused: false,
            file_there: (String::new(), false),
        }
    }

    fn go(&mut self, view: &AppView) {
        let (Some(worker), Some(session)) =
            (view.worker.clone(), view.pools.session_of(Some(self.pool)))
        else {
            return;
        };
        let progress = Arc::new(Progress::default());
        let (p, path, sr, start) = (
            progress.clone(),
            PathBuf::from(self.path.trim()),
            self.sr.as_ref().map(|r| r.as_str().to_string()),
            self.start,
        );
        let image = self.image.as_ref().map(|f| f.as_vm());
        let ovf = match (&self.ovf, sr.as_deref()) {
            (Some(f), Some(sr)) => f.choices(sr),
            _ => None,
        };
        let xva = self.xva.as_ref().map(|f| f.choices(start));
        let task = worker.spawn(async move {
            let vms = match (image, sr.as_deref()) {
                _ if ovf.is_some() => {
                    let Some((checked, choices)) = ovf else {
                        return Err(TransferError::Cancelled);
                    };
                    vec![
                        crate::services::ovf_import::import_ovf(&session, &checked, &choices, &p)
                            .await?,
                    ]
                }
                (None, _) => {
                    let vms = transfer::import_xva(&session, &path, sr.as_deref(), &p).await?;
                    // The user's networks, home server and start, as XenCenter applies them.
                    if let Some(c) = &xva {
                        for vm in &vms {
                            crate::services::xva_import::finish(&session, vm, c).await?;
                        }
                        return Ok(Imported::Vms(vms));
                    }
                    vms
                }
                (Some(None), Some(sr)) => {
                    let name = path
                        .file_stem()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let vdi = disk_transfer::import_image(&session, &path, sr, &name, &p).await?;
                    return Ok(Imported::Disk(vdi));
                }
                (Some(Some(as_vm)), Some(sr)) => {
                    vec![disk_transfer::import_image_as_vm(&session, &path, sr, &as_vm, &p).await?]
                }
                (Some(_), None) => return Err(TransferError::Cancelled),
            };
            if start {
                for vm in &vms {
                    session
                        .call(
                            "VM.start",
                            &[vm.as_str().into(), false.into(), false.into()],
                        )
                        .await?;
                }
            }
            Ok(Imported::Vms(vms))
        });
        self.running = Some(Running {
            progress,
            task,
            started: Instant::now(),
        });
    }
}

impl ImportWindow {
    /// The file, the storage and what the file holds (a disk image's, an OVF package's or
    /// an XVA's own choices), and whether to start what is imported.
    fn form(&mut self, ui: &mut egui::Ui, view: &AppView, cache: &xenapi::Cache) {
        let i18n = view.i18n;
        ui.horizontal(|ui| {
            let l = ui.label(i18n.get("xfer-file"));
            let r = ui
                .add(egui::TextEdit::singleline(&mut self.path).desired_width(360.0))
                .labelled_by(l.id);
            if !std::mem::replace(&mut self.focused, true) {
                r.request_focus();
            }
        });
        let show_hidden = view.settings.view.show_hidden;
        let targets = crate::model::vm_plans::disk_targets(cache, 0, show_hidden);
        if self
            .sr
            .as_ref()
            .is_none_or(|r| !targets.iter().any(|t| &t.sr == r))
        {
            self.sr = targets.first().map(|t| t.sr.clone());
        }
        let label = |t: &crate::model::vm_plans::CopyTarget| {
            cache.srs.get(&t.sr).map_or_else(String::new, |s| {
                i18n.get_args(
                    "dlg-copy-sr-free",
                    &[
                        ("sr", &names::sr_name(i18n, cache, s)),
                        ("free", &format_bytes(t.free)),
                    ],
                )
            })
        };
        let shown = targets
            .iter()
            .find(|t| Some(&t.sr) == self.sr.as_ref())
            .map(label)
            .unwrap_or_default();
        ui.horizontal(|ui| {
            let l = ui.label(i18n.get("xfer-sr"));
            egui::ComboBox::from_id_salt("import-sr")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for t in &targets {
                        ui.selectable_value(&mut self.sr, Some(t.sr.clone()), label(t));
                    }
                })
                .response
                .labelled_by(l.id);
        });
        let path = PathBuf::from(self.path.trim());
        if self.file_there.0 != self.path {
            self.file_there = (self.path.clone(), path.is_file());
            self.image = (self.file_there.1 && disk_transfer::is_disk_image(&path))
                .then(|| super::import_image::ImageForm::new(&self.path, view));
            self.ovf = (self.file_there.1 && super::import_ovf::is_package(&path))
                .then(|| super::import_ovf::OvfForm::new(&self.path, view));
            self.xva = (self.file_there.1 && self.image.is_none() && self.ovf.is_none())
                .then(|| super::import_xva::XvaForm::new(&self.path, view));
        }
        if let Some(f) = &mut self.image {
            f.show(ui, view, cache);
        }
        if let Some(f) = &mut self.ovf {
            f.show(ui, view, cache);
        }
        if let Some(f) = &mut self.xva {
            f.show(ui, view, cache, self.sr.as_ref());
        }
        if self.image.as_ref().is_none_or(|f| f.as_vm) {
            ui.checkbox(&mut self.start, i18n.get("xfer-start-after"));
        }
    }
}

/// What an import made, each with a link to it.
fn imported(
    ui: &mut egui::Ui,
    i18n: &crate::i18n::I18n,
    cache: &xenapi::Cache,
    done: &Imported,
    out: &mut Vec<Command>,
    close: &mut bool,
) {
    match done {
        Imported::Disk(vdi) => {
            let r = Ref::<xenapi::Vdi>::new(vdi.as_str());
            let name = cache
                .vdis
                .get(&r)
                .map_or_else(|| vdi.clone(), |d| names::visible(&d.name_label));
            ui.horizontal(|ui| {
                ui.label(i18n.get_args("xfer-imported-disk", &[("disk", &name)]));
                if ui.link(i18n.get("xfer-show")).clicked() {
                    out.push(Command::Select(Node::Vdi(r.clone())));
                    *close = true;
                }
            });
        }
        Imported::Vms(vms) => {
            for vm in vms {
                let r = Ref::<Vm>::new(vm.as_str());
                let name = cache
                    .vms
                    .get(&r)
                    .map_or_else(|| vm.clone(), |v| names::vm_name(i18n, v));
                ui.horizontal(|ui| {
                    ui.label(i18n.get_args("xfer-imported", &[("vm", &name)]));
                    if ui.link(i18n.get("xfer-show")).clicked() {
                        out.push(Command::Select(Node::Vm(r.clone())));
                        *close = true;
                    }
                });
            }
        }
    }
}

impl AppWindow for ImportWindow {
    fn kind(&self) -> &'static str {
        "import"
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return false;
        };
        if let Some(r) = &mut self.running {
            let outcome = match r.task.poll() {
                Poll::Ready(res) => Some(res.map_err(|e| error_text(i18n, &e))),
                Poll::Vanished => Some(Err(i18n.get("xfer-vanished"))),
                Poll::Pending => None,
            };
            if let Some(res) = outcome {
                self.result = Some(res);
                self.running = None;
            }
        }
        let mut open = true;
        let mut close = false;
        let id = egui::Id::unique("import-window");
        // The title says what is imported.
        let title = if self.image.is_some() {
            "xfer-import-title-image"
        } else if self.ovf.is_some() {
            "xfer-import-title-ovf"
        } else if self.xva.is_some() {
            "xfer-import-title-xva"
        } else {
            "xfer-import-title"
        };
        crate::ui::dialog_window::modal(egui::Window::new(i18n.get(title)), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(520.0)
            .show(ctx, |ui| {
                // One size whatever is shown (a warning, an XVA's networks, the progress,
                // the outcome): the page scrolls, the footer keeps its height.
                let mut form = false;
                fixed_area(ui, "import_page", PAGE, |ui| {
                    if let Some(r) = &self.running {
                        progress_row(
                            ui,
                            i18n,
                            &i18n.get_args("xfer-importing", &[("path", self.path.trim())]),
                            r,
                        );
                        return;
                    }
                    if let Some(Ok(done)) = &self.result {
                        imported(ui, i18n, cache, done, out, &mut close);
                        return;
                    }
                    form = true;
                    self.form(ui, view, cache);
                });
                let there = self.file_there.1;
                let ok = form
                    && there
                    && self.sr.is_some()
                    && self.image.as_ref().is_none_or(|f| f.ready())
                    && self.ovf.as_ref().is_none_or(|f| f.ready())
                    && self.xva.as_ref().is_none_or(|f| f.ready());
                fixed_area(ui, "import_footer", FOOTER, |ui| {
                    if let Some(Err(e)) = &self.result {
                        ui.colored_label(
                            ui.visuals().error_fg_color,
                            i18n.get_args("xfer-import-failed", &[("why", e)]),
                        );
                    }
                    if form && !self.path.trim().is_empty() && !there {
                        ui.colored_label(ui.visuals().warn_fg_color, i18n.get("xfer-no-file"));
                    }
                });
                let enter = std::mem::take(&mut self.enter);
                ui.horizontal(|ui| {
                    if ui
                        .add_enabled(ok, egui::Button::new(i18n.get("xfer-import-go")))
                        .clicked()
                        || (enter && ok)
                    {
                        self.result = None;
                        self.go(view);
                    }
                    if ui.button(i18n.get("xfer-close")).clicked() {
                        close = true;
                    }
                });
            });
        if !open || close || std::mem::take(&mut self.escape) {
            if let Some(r) = &self.running {
                r.progress.cancel.store(true, Ordering::Relaxed);
            }
            return false;
        }
        true
    }

    fn on_escape(&mut self) -> bool {
        self.escape = self.running.is_none();
        true
    }

    fn on_enter(&mut self) -> bool {
        self.enter = self.running.is_none() && !matches!(self.result, Some(Ok(_)));
        self.enter
    }

    window_any!();
}
