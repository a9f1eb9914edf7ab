//! File > Open database dump: a path field (typed or pasted; Enter opens), loading in the
//! background with a spinner, and the error shown in place with the path kept.

use super::{Command, XenPilotApp};
use eframe::egui;
use i18n_embed_fl::fl;

#[derive(Debug, Default)]
pub struct OpenDialog {
    pub path: String,
    pub error: Option<String>,
    focused: bool,
}

pub fn show(app: &mut XenPilotApp, ctx: &egui::Context) {
    let Some(mut dialog) = app.open_dialog.take() else {
        return;
    };
    let l = &app.i18n.loader;
    let loading = app.loading.is_some();
    let mut keep = true;
    let mut open = None;
    egui::Window::new(fl!(l, "open-title"))
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
                    fl!(l, "open-failed", file = file, error = e.as_str()),
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
        app.send(Command::OpenDump(p.trim().into()));
    }
    if keep {
        app.open_dialog = Some(dialog);
    } else {
        app.loading = None; // the loader's result is dropped
    }
}
