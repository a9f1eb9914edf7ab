//! File > Open database dump: a path field (typed or pasted; Enter opens), loading in the
//! background with a spinner, and the error shown in place with the path kept.

use super::command::Command;
use super::windows::{AppView, AppWindow, window_any};
use eframe::egui;
use i18n_embed_fl::fl;
use std::path::Path;
use xapidb::dump::DumpError;
use xenapi::Cache;

/// Why a dump could not be shown.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    Dump(DumpError),
    /// The loader could not start (no thread to be had).
    Start(String),
    /// The loader ended without an answer.
    Vanished,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Dump(e) => write!(f, "{e}"),
            LoadError::Start(e) => write!(f, "cannot start the loader: {e}"),
            LoadError::Vanished => write!(f, "the loader stopped without an answer"),
        }
    }
}

impl std::error::Error for LoadError {}

/// Reads a dump and builds the cache a client would hold for it.
pub fn load_dump(path: &Path) -> Result<Cache, LoadError> {
    let db = xapidb::dump::load_file(path).map_err(LoadError::Dump)?;
    Ok(xapidb::cache_of(&db))
}

#[derive(Debug, Default)]
pub struct OpenDialog {
    pub path: String,
    pub error: Option<LoadError>,
    focused: bool,
}

impl AppWindow for OpenDialog {
    fn kind(&self) -> &'static str {
        "open-dump"
    }

    window_any!();

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let dialog = self;
        let l = &view.i18n.loader;
        let loading = view.loading;
        let mut keep = true;
        let mut open = None;
        super::dialog_window::modal(
            egui::Window::new(fl!(l, "open-title")),
            ctx,
            egui::Id::unique("open_dialog"),
        )
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label(fl!(l, "open-path"));
                let edit = ui
                    .add_enabled(
                        !loading,
                        egui::TextEdit::singleline(&mut dialog.path)
                            .desired_width(420.0)
                            .hint_text("/var/lib/xcp/state.db"),
                    )
                    .labelled_by(label.id);
                if !dialog.focused {
                    edit.request_focus();
                    dialog.focused = true;
                }
                if edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    open = Some(dialog.path.clone());
                }
            });
            if let Some(e) = &dialog.error {
                let file = dialog.path.as_str();
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    fl!(
                        l,
                        "open-failed",
                        file = file,
                        error = super::errors::load(view.i18n, e)
                    ),
                );
            }
            ui.horizontal(|ui| {
                if loading {
                    ui.spinner();
                }
                let can_open = !loading && !dialog.path.trim().is_empty();
                if ui
                    .add_enabled(can_open, egui::Button::new(fl!(l, "open-button")))
                    .clicked()
                {
                    open = Some(dialog.path.clone());
                }
                if ui.button(fl!(l, "cancel")).clicked()
                    || ui.input(|i| i.key_pressed(egui::Key::Escape))
                {
                    keep = false;
                }
            });
        });
        if let Some(p) = open.filter(|p| !p.trim().is_empty()) {
            dialog.error = None;
            out.push(Command::OpenDump(p.trim().into()));
        }
        if !keep {
            out.push(Command::CloseDumpDialog);
        }
        keep
    }
}
