//! The Export and Import windows: what to move and where, then the transfer's progress (bytes,
//! rate, time left) with Cancel, then what came of it. The transfers themselves are
//! [`crate::services::transfer`]'s, run in the background; several VMs export one after
//! another, each to `NAME.xva` in the folder chosen.

use super::command::Command;
use super::dialog_window::fixed_area;
use super::windows::{AppView, AppWindow, window_any};
use crate::model::details::format_bytes;
use crate::model::names;
use crate::services::background::{Poll, Task};
use crate::services::transfer::{self, Exported, Progress, TransferError};
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use xenapi::{Ref, Vm};

/// One VM to export: its uuid and name, and whether it has snapshots.
#[derive(Debug, Clone)]
struct Item {
    uuid: String,
    name: String,
    has_snapshots: bool,
}

/// A transfer under way.
pub(crate) struct Running<T> {
    pub(crate) progress: Arc<Progress>,
    pub(crate) task: Task<Result<T, TransferError>>,
    pub(crate) started: Instant,
}

impl<T: Send + 'static> Running<T> {
    /// Bytes, rate and (when the total is known) time left, in words.
    fn text(&self, i18n: &crate::i18n::I18n) -> (String, Option<f32>) {
        let done = self.progress.done.load(Ordering::Relaxed);
        let total = self.progress.total.load(Ordering::Relaxed);
        let secs = self.started.elapsed().as_secs_f64().max(0.001);
        let rate = done as f64 / secs;
        let mut text = i18n.get_args(
            "xfer-progress",
            &[
                ("done", &format_bytes(done as i64)),
                ("rate", &format_bytes(rate as i64)),
            ],
        );
        let mut frac = None;
        if total > 0 {
            frac = Some((done as f64 / total as f64).clamp(0.0, 1.0) as f32);
            if rate > 0.0 && done < total {
                let left = ((total - done) as f64 / rate).ceil() as i64;
                text.push_str(" · ");
                text.push_str(&i18n.get_args("xfer-left", &[("secs", &left.to_string())]));
            }
        }
        (text, frac)
    }
}

/// The progress row: a bar (or a spinner when the size is unknown), the figures, Cancel.
pub(crate) fn progress_row<T: Send + 'static>(
    ui: &mut egui::Ui,
    i18n: &crate::i18n::I18n,
    what: &str,
    r: &Running<T>,
) {
    ui.label(what);
    let (text, frac) = r.text(i18n);
    match frac {
        Some(f) => {
            ui.add(egui::ProgressBar::new(f).show_percentage());
        }
        None => {
            ui.spinner();
        }
    }
    ui.weak(text);
    let cancelling = r.progress.cancel.load(Ordering::Relaxed);
    if ui
        .add_enabled(!cancelling, egui::Button::new(i18n.get("xfer-cancel")))
        .clicked()
    {
        r.progress.cancel.store(true, Ordering::Relaxed);
    }
    // Figures move while bytes flow: draw again soon.
    ui.ctx().request_repaint_after(Duration::from_millis(250));
}

pub(crate) fn error_text(i18n: &crate::i18n::I18n, e: &TransferError) -> String {
    match e {
        TransferError::Cancelled => i18n.get("xfer-cancelled"),
        TransferError::Damaged(d) => i18n.get_args("xfer-damaged", &[("why", &d.to_string())]),
        TransferError::Refused { error: Some(e), .. } => super::errors::api::text(i18n, e),
        // A task that failed after the host took the transfer: xapi's reason, in words.
        TransferError::Api(e) if e.api().is_some() => e
            .api()
            .map(|a| super::errors::api::text(i18n, a))
            .unwrap_or_default(),
        other => other.to_string(),
    }
}

/// Export: a halted or suspended VM (or several) to XVA files.
pub struct ExportWindow {
    pool: u64,
    items: Vec<Item>,
    /// The file (one VM) or folder (several).
    path: String,
    compress: Option<&'static str>,
    /// The VM being exported now (index into `items`) and its transfer.
    running: Option<(usize, Running<Exported>)>,
    results: Vec<(String, Result<Exported, String>)>,
    started: bool,
    /// Escape was pressed (closes unless a transfer runs).
    escape: bool,
    /// Enter was pressed (starts, as the Export button).
    enter: bool,
    /// The file field has had the focus once.
    focused: bool,
}

impl ExportWindow {
    pub fn open(
        cache: &xenapi::Cache,
        i18n: &crate::i18n::I18n,
        pool: u64,
        vms: &[Ref<Vm>],
    ) -> Option<Self> {
        let items: Vec<Item> = vms
            .iter()
            .filter_map(|r| {
                let v = cache.vms.get(r)?;
                Some(Item {
                    uuid: v.uuid.clone(),
                    name: names::vm_name(i18n, v),
                    has_snapshots: !v.snapshots.is_empty(),
                })
            })
            .collect();
        let first = items.first()?;
        let home = directories::UserDirs::new()
            .map(|d| d.home_dir().to_path_buf())
            .unwrap_or_default();
        let path = if items.len() == 1 {
            home.join(format!("{}.xva", file_stem(&first.name)))
        } else {
            home
        };
        Some(ExportWindow {
            pool,
            items,
            path: path.display().to_string(),
            compress: None,
            running: None,
            results: Vec::new(),
            started: false,
            escape: false,
            enter: false,
            focused: false,
        })
    }

    /// Where item `i` goes.
    fn target(&self, i: usize) -> PathBuf {
        if self.items.len() == 1 {
            PathBuf::from(self.path.trim())
        } else {
            PathBuf::from(self.path.trim()).join(format!("{}.xva", file_stem(&self.items[i].name)))
        }
    }

    /// Starts item `i`, or ends when there is none.
    fn start(&mut self, i: usize, view: &AppView) {
        let (Some(worker), Some(session)) =
            (view.worker.clone(), view.pools.session_of(Some(self.pool)))
        else {
            return;
        };
        let Some(item) = self.items.get(i).cloned() else {
            return;
        };
        let progress = Arc::new(Progress::default());
        let (p, path, compress) = (progress.clone(), self.target(i), self.compress);
        let task = worker.spawn(async move {
            transfer::export_vm(&session, &item.uuid, &item.name, &path, compress, &p).await
        });
        self.running = Some((
            i,
            Running {
                progress,
                task,
                started: Instant::now(),
            },
        ));
    }
}

/// A name as a file name: letters, digits, dashes and dots.
pub(crate) fn file_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    if s.trim_matches('-').is_empty() {
        "vm".into()
    } else {
        s
    }
}

/// A labelled path field, given the keyboard the first time it is drawn (`focused` then
/// stays true): the export windows' first row.
pub(crate) fn path_row(ui: &mut egui::Ui, label: &str, path: &mut String, focused: &mut bool) {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        let r = ui
            .add(egui::TextEdit::singleline(path).desired_width(360.0))
            .labelled_by(l.id);
        if !std::mem::replace(focused, true) {
            r.request_focus();
        }
    });
}

/// Export (enabled when `ok`; Enter presses it too) and Close: the export windows' buttons.
/// Whether each was pressed.
pub(crate) fn export_buttons(
    ui: &mut egui::Ui,
    i18n: &crate::i18n::I18n,
    ok: bool,
    enter: bool,
) -> (bool, bool) {
    ui.horizontal(|ui| {
        let go = ui
            .add_enabled(ok, egui::Button::new(i18n.get("xfer-export-go")))
            .clicked()
            || (enter && ok);
        (go, ui.button(i18n.get("xfer-close")).clicked())
    })
    .inner
}

/// The export window's page (the window does not resize).
const EXPORT_PAGE: egui::Vec2 = egui::vec2(520.0, 130.0);

impl ExportWindow {
    /// What is exported, then the form, or the progress and what came of each VM.
    fn page(&mut self, ui: &mut egui::Ui, i18n: &crate::i18n::I18n) {
        let names: Vec<&str> = self.items.iter().map(|i| i.name.as_str()).collect();
        ui.label(i18n.get_args("xfer-export-what", &[("vms", &names.join(", "))]));
        if !self.started {
            let label = if self.items.len() == 1 {
                "xfer-file"
            } else {
                "xfer-folder"
            };
            path_row(ui, &i18n.get(label), &mut self.path, &mut self.focused);
            ui.horizontal(|ui| {
                ui.label(i18n.get("xfer-compress"));
                ui.radio_value(&mut self.compress, None, i18n.get("xfer-compress-none"));
                ui.radio_value(&mut self.compress, Some("zstd"), "zstd");
                ui.radio_value(&mut self.compress, Some("gzip"), "gzip");
            });
            ui.weak(i18n.get("xfer-export-checked"));
            // xapi's `/export` writes the VM alone (`with_snapshot_metadata:false`).
            let with: Vec<&str> = self
                .items
                .iter()
                .filter(|i| i.has_snapshots)
                .map(|i| i.name.as_str())
                .collect();
            if !with.is_empty() {
                ui.label(i18n.get_args("xfer-export-no-snapshots", &[("vms", &with.join(", "))]));
            }
            return;
        }
        if let Some((i, r)) = &self.running {
            let what = i18n.get_args(
                "xfer-exporting",
                &[
                    ("vm", &self.items[*i].name),
                    ("path", &self.target(*i).display().to_string()),
                ],
            );
            progress_row(ui, i18n, &what, r);
        }
        for (name, res) in &self.results {
            match res {
                Ok(e) => ui.label(i18n.get_args(
                    "xfer-exported",
                    &[
                        ("vm", name),
                        ("path", &e.path.display().to_string()),
                        ("size", &format_bytes(e.bytes as i64)),
                        ("chunks", &e.stats.verified.to_string()),
                    ],
                )),
                Err(e) => ui.colored_label(
                    ui.visuals().error_fg_color,
                    i18n.get_args("xfer-export-failed", &[("vm", name), ("why", e)]),
                ),
            };
        }
    }
}

impl AppWindow for ExportWindow {
    fn kind(&self) -> &'static str {
        "export"
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let mut open = true;
        let mut close = false;
        if let Some((i, r)) = &mut self.running {
            let outcome = match r.task.poll() {
                Poll::Ready(res) => Some(res.map_err(|e| error_text(i18n, &e))),
                Poll::Vanished => Some(Err(i18n.get("xfer-vanished"))),
                Poll::Pending => None,
            };
            if let Some(res) = outcome {
                let (i, cancelled) = (*i, r.progress.cancel.load(Ordering::Relaxed));
                self.results.push((self.items[i].name.clone(), res));
                self.running = None;
                // Cancel stops the rest too.
                if !cancelled {
                    self.start(i + 1, view);
                }
            }
        }
        let title = i18n.get("xfer-export-title");
        let id = egui::Id::unique("export-window");
        crate::ui::dialog_window::modal(egui::Window::new(&title), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(520.0)
            .show(ctx, |ui| {
                // One size from the form to the progress and the outcome: the page scrolls,
                // the buttons stay where they were.
                fixed_area(ui, "export_page", EXPORT_PAGE, |ui| self.page(ui, i18n));
                // The same buttons throughout, as the import window's: Export only before
                // it starts; Close cancels a running export.
                let ok = !self.started && !self.path.trim().is_empty();
                let enter = std::mem::take(&mut self.enter);
                let (go, closed) = export_buttons(ui, i18n, ok, enter);
                close |= closed;
                if go {
                    self.started = true;
                    self.start(0, view);
                }
            });
        let _ = out;
        if !open || close || std::mem::take(&mut self.escape) {
            if let Some((_, r)) = &self.running {
                // Closing the window cancels what runs (the partial file goes).
                r.progress.cancel.store(true, Ordering::Relaxed);
            }
            return false;
        }
        true
    }

    fn on_escape(&mut self) -> bool {
        // A running export is stopped with its Cancel, never by a stray key.
        self.escape = self.running.is_none();
        true
    }

    fn on_enter(&mut self) -> bool {
        self.enter = !self.started;
        self.enter
    }

    window_any!();
}

pub use super::import_window::{ImportWindow, Imported};
