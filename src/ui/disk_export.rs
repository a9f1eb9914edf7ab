//! Export disk: one disk's contents to a raw or VHD file (`GET /export_raw_vdi`), with
//! progress, rate and Cancel; the file appears only when whole (`FILE.part` until then,
//! removed on failure or Cancel).

use super::command::Command;
use super::transfer::{Running, error_text, file_stem, progress_row};
use super::windows::{AppView, AppWindow, window_any};
use crate::model::details::format_bytes;
use crate::services::background::Poll;
use crate::services::disk_transfer;
use crate::services::transfer::Progress;
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;
use xenapi::{Ref, Vdi};

pub struct DiskExportWindow {
    pool: u64,
    vdi: Ref<Vdi>,
    name: String,
    size: u64,
    path: String,
    vhd: bool,
    running: Option<Running<u64>>,
    result: Option<Result<(PathBuf, u64), String>>,
    escape: bool,
    enter: bool,
    focused: bool,
}

impl DiskExportWindow {
    pub fn open(
        cache: &xenapi::Cache,
        pool: u64,
        targets: &super::actions::Targets,
    ) -> Option<Self> {
        let (vdi, _) = super::actions::disk_defs::disk_and_vm(targets);
        let vdi = vdi?;
        let d = cache.vdis.get(&vdi)?;
        let home = directories::UserDirs::new()
            .map(|d| d.home_dir().to_path_buf())
            .unwrap_or_default();
        let name = d.name_label.clone();
        Some(DiskExportWindow {
            pool,
            path: home
                .join(format!("{}.vhd", file_stem(&name)))
                .display()
                .to_string(),
            vdi,
            name,
            size: d.virtual_size.max(0) as u64,
            vhd: true,
            running: None,
            result: None,
            escape: false,
            enter: false,
            focused: false,
        })
    }

    fn go(&mut self, view: &AppView) {
        let (Some(worker), Some(session)) =
            (view.worker.clone(), view.pools.session_of(Some(self.pool)))
        else {
            return;
        };
        let progress = Arc::new(Progress::default());
        let (p, path, vdi, size) = (
            progress.clone(),
            PathBuf::from(self.path.trim()),
            self.vdi.as_str().to_string(),
            self.size,
        );
        let format = if self.vhd { "vhd" } else { "raw" };
        let task = worker.spawn(async move {
            disk_transfer::export_disk(&session, &vdi, size, &path, format, &p).await
        });
        self.running = Some(Running {
            progress,
            task,
            started: Instant::now(),
        });
    }

    /// The path with the extension of the format chosen.
    fn retarget(&mut self) {
        let p = PathBuf::from(self.path.trim());
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        if matches!(ext.as_deref(), Some("vhd" | "raw" | "img")) {
            let to = if self.vhd { "vhd" } else { "raw" };
            self.path = p.with_extension(to).display().to_string();
        }
    }
}

impl AppWindow for DiskExportWindow {
    fn kind(&self) -> &'static str {
        "export-disk"
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let _ = out;
        if let Some(r) = &mut self.running {
            let outcome = match r.task.poll() {
                Poll::Ready(res) => Some(
                    res.map(|n| (PathBuf::from(self.path.trim()), n))
                        .map_err(|e| error_text(i18n, &e)),
                ),
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
        let id = egui::Id::unique("export-disk-window");
        crate::ui::dialog_window::modal(
            egui::Window::new(i18n.get("xfer-disk-export-title")),
            ctx,
            id,
        )
        .id(id)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .default_width(520.0)
        .show(ctx, |ui| {
            ui.label(i18n.get_args(
                "xfer-disk-export-what",
                &[
                    ("disk", &self.name),
                    ("size", &format_bytes(self.size as i64)),
                ],
            ));
            if let Some(r) = &self.running {
                let what = i18n.get_args("xfer-disk-exporting", &[("path", self.path.trim())]);
                progress_row(ui, i18n, &what, r);
                return;
            }
            match &self.result {
                Some(Ok((path, n))) => {
                    ui.label(i18n.get_args(
                        "xfer-disk-exported",
                        &[
                            ("path", &path.display().to_string()),
                            ("size", &format_bytes(*n as i64)),
                        ],
                    ));
                    if ui.button(i18n.get("xfer-close")).clicked() {
                        close = true;
                    }
                    return;
                }
                Some(Err(e)) => {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        i18n.get_args("xfer-disk-export-failed", &[("why", e)]),
                    );
                }
                None => {}
            }
            super::transfer::path_row(
                ui,
                &i18n.get("xfer-file"),
                &mut self.path,
                &mut self.focused,
            );
            ui.horizontal(|ui| {
                ui.label(i18n.get("xfer-disk-format"));
                let a = ui.radio_value(&mut self.vhd, true, i18n.get("xfer-disk-format-vhd"));
                let b = ui.radio_value(&mut self.vhd, false, i18n.get("xfer-disk-format-raw"));
                if a.changed() || b.changed() {
                    self.retarget();
                }
            });
            let ok = !self.path.trim().is_empty();
            let enter = std::mem::take(&mut self.enter);
            let (go, closed) = super::transfer::export_buttons(ui, i18n, ok, enter);
            close |= closed;
            if go {
                self.result = None;
                self.go(view);
            }
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
