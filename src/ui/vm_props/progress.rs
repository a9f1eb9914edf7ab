//! The Properties dialog's progress: each step of the apply plan, done, running or failed,
//! and whether the VM was started again.

#[allow(unused_imports)]
use super::*;

impl VmPropsWindow {
    pub(super) fn progress(&self, ui: &mut egui::Ui, view: &AppView) {
        let i18n = view.i18n;
        let (steps, at, failed, restarted) = match &self.run {
            RunState::Running { steps, done, .. } => {
                (steps, done.load(Ordering::Relaxed), None, false)
            }
            RunState::Done(steps) => (steps, steps.len(), None, false),
            RunState::Failed {
                steps,
                at,
                error,
                restarted,
            } => (steps, *at, Some(error), *restarted),
            RunState::Conflict(c) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    i18n.get_args("vmp-conflict", &[("fields", &fields(i18n, c))]),
                );
                return;
            }
            RunState::ReadOnly => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    view.read_only_text(Some(self.pool)),
                );
                return;
            }
            RunState::Vanished => {
                ui.colored_label(ui.visuals().error_fg_color, i18n.get("err-worker-vanished"));
                return;
            }
            RunState::Idle => return,
        };
        ui.label(egui::RichText::new(i18n.get("vmp-steps")).strong());
        for (i, s) in steps.iter().enumerate() {
            ui.horizontal(|ui| {
                if i < at {
                    ui.colored_label(egui::Color32::from_rgb(40, 150, 70), "■");
                } else if failed.is_some() && i == at {
                    ui.colored_label(ui.visuals().error_fg_color, "■");
                } else if i == at && self.busy() {
                    ui.spinner();
                } else {
                    ui.weak("○");
                }
                ui.monospace(s);
            });
        }
        if let Some(e) = failed {
            ui.colored_label(
                ui.visuals().error_fg_color,
                i18n.get_args(
                    "vmp-step-failed",
                    &[("error", &crate::ui::errors::action(i18n, e))],
                ),
            );
            if restarted {
                ui.label(i18n.get("vmp-started-again"));
            }
        } else if !self.busy() {
            ui.colored_label(egui::Color32::from_rgb(40, 150, 70), i18n.get("vmp-done"));
        }
    }
}
