//! What the forms share: sending plans on the background runtime, the result coming back over
//! a channel, localized error texts, and the "equivalent xe commands" panel.

use super::XenPilotApp;
use crate::edits::{self, EditError};
use crate::i18n::I18n;
use crate::model::edit::EditPlan;
use crate::xenapi::error::codes;
use eframe::egui;
use i18n_embed_fl::fl;
use std::sync::mpsc;

pub type Results = Vec<Result<(), EditError>>;

/// A form's progress.
#[derive(Debug, Default)]
pub enum ApplyState {
    #[default]
    Idle,
    Applying(mpsc::Receiver<Results>),
    Applied(String),
    Failed(String),
}

impl ApplyState {
    pub fn busy(&self) -> bool {
        matches!(self, ApplyState::Applying(_))
    }

    /// The results, once they arrived.
    pub fn poll(&mut self) -> Option<Results> {
        let ApplyState::Applying(rx) = self else {
            return None;
        };
        match rx.try_recv() {
            Ok(r) => Some(r),
            Err(mpsc::TryRecvError::Empty) => None,
            Err(mpsc::TryRecvError::Disconnected) => {
                *self = ApplyState::Failed("the connection closed".into());
                None
            }
        }
    }

    pub fn ui(&self, ui: &mut egui::Ui, i18n: &I18n) {
        match self {
            ApplyState::Idle => {}
            ApplyState::Applying(_) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(fl!(i18n.loader, "form-applying"));
                });
            }
            ApplyState::Applied(m) => {
                ui.colored_label(egui::Color32::from_rgb(40, 150, 70), m);
            }
            ApplyState::Failed(m) => {
                ui.colored_label(ui.visuals().error_fg_color, m);
            }
        }
    }
}

impl XenPilotApp {
    /// Sends `plans` to pool `pool` in the background; `None` when it has no live session.
    pub(crate) fn send_plans(
        &self,
        ctx: &egui::Context,
        pool: Option<u64>,
        plans: Vec<EditPlan>,
    ) -> Option<mpsc::Receiver<Results>> {
        let rt = self.runtime.as_ref()?;
        let session = self.session_of(pool)?;
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        rt.spawn(async move {
            let r = edits::apply_all(&session, &plans).await;
            let _ = tx.send(r);
            ctx.request_repaint();
        });
        Some(rx)
    }
}

/// The user-facing text of an edit error, in the current language.
pub fn error_text(i18n: &I18n, e: &EditError) -> String {
    let l = &i18n.loader;
    match e {
        EditError::Conflict(c) => fl!(l, "err-conflict", keys = c.keys.join(", ")),
        EditError::Server(err) => match err.api() {
            Some(a) if a.code == codes::RBAC_PERMISSION_DENIED => {
                // xapi: [action, "No permission in user session. (Roles with this permission: …)"]
                let roles = a
                    .params
                    .get(1)
                    .and_then(|m| m.split("permission: ").nth(1))
                    .map(|r| r.trim_end_matches(')').to_string())
                    .unwrap_or_else(|| a.params.join(" "));
                fl!(l, "err-rbac", roles = roles)
            }
            Some(a) if a.code == codes::HANDLE_INVALID => fl!(l, "err-gone"),
            _ => fl!(l, "err-server", error = err.to_string()),
        },
    }
}

/// The pending change as `xe` commands, with a copy button.
pub fn xe_panel(ui: &mut egui::Ui, i18n: &I18n, commands: &[String]) {
    if commands.is_empty() {
        return;
    }
    let l = &i18n.loader;
    egui::CollapsingHeader::new(fl!(l, "form-xe"))
        .default_open(true)
        .show(ui, |ui| {
            let text = commands.join("\n");
            ui.add(egui::Label::new(egui::RichText::new(&text).monospace()).selectable(true));
            if ui.button(fl!(l, "form-copy")).clicked() {
                ui.ctx().copy_text(text);
            }
        });
}
