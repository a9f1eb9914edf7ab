//! "Paste text as keystrokes" and "Save screenshot": small windows over the console.

use super::view::{ConsoleEnv, ConsoleView};
use crate::services::background::{Poll, Task};
use eframe::egui;
use rfb::typing::{self, Typing};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;

/// The paste window's state.
#[derive(Default)]
pub struct PasteState {
    pub open: bool,
    /// Put the keyboard focus in the text field (once, when opened).
    pub focus: bool,
    pub text: String,
    /// Typing in progress: (shared progress, characters in all, the task).
    running: Option<(Arc<Typing>, usize, Task<usize>)>,
}

impl PasteState {
    /// (typed, total) while typing.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.running
            .as_ref()
            .map(|(s, total, _)| (s.done.load(Ordering::Relaxed), *total))
    }
}

/// The screenshot window's state.
#[derive(Default)]
pub struct ShotState {
    pub open: bool,
    pub path: String,
    task: Option<Task<Result<PathBuf, String>>>,
    /// The last result, to show.
    result: Option<Result<PathBuf, String>>,
}

impl ShotState {
    /// Opens the window with a path in the home (or current) directory.
    pub fn open(&mut self, name: Option<&str>) {
        let dir = directories::UserDirs::new()
            .and_then(|d| {
                d.picture_dir()
                    .map(|p| p.to_path_buf())
                    .or(Some(d.home_dir().to_path_buf()))
            })
            .unwrap_or_default();
        let stem: String = name
            .unwrap_or("console")
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        self.path = dir.join(format!("{stem}.png")).display().to_string();
        self.open = true;
        self.result = None;
    }
}

impl ConsoleView {
    pub(super) fn paste_window(&mut self, ctx: &egui::Context, env: &ConsoleEnv) {
        let i18n = env.i18n;
        if let Some((_, _, task)) = &mut self.paste.running
            && !matches!(task.poll(), Poll::Pending)
        {
            self.paste.running = None;
            self.paste.open = false;
            self.paste.text.clear();
        }
        if !self.paste.open {
            return;
        }
        let mut open = true;
        let id = egui::Id::unique(("console-paste", self.target().map(|t| t.vm.clone())));
        crate::ui::dialog_window::tool(egui::Window::new(i18n.get("console-paste-title")), ctx, id)
            .collapsible(false)
            .open(&mut open)
            .show(ctx, |ui| {
                let help = ui.label(i18n.get("console-paste-help"));
                if let Some((state, total, _)) = &self.paste.running {
                    let done = state.done.load(Ordering::Relaxed);
                    ui.add(
                        egui::ProgressBar::new(done as f32 / (*total).max(1) as f32)
                            .text(format!("{done} / {total}")),
                    );
                    if ui.button(i18n.get("console-cancel")).clicked() {
                        state.cancel.store(true, Ordering::Relaxed);
                    }
                    ctx.request_repaint_after(std::time::Duration::from_millis(100));
                    return;
                }
                let field = ui
                    .add(
                        egui::TextEdit::multiline(&mut self.paste.text)
                            .desired_rows(6)
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(help.id);
                if std::mem::take(&mut self.paste.focus) {
                    field.request_focus();
                }
                let chars = typing::typeable(&self.paste.text);
                let skipped = self.paste.text.replace("\r\n", "\n").chars().count() - chars.len();
                if skipped > 0 {
                    ui.weak(
                        i18n.get_args("console-paste-skipped", &[("count", &skipped.to_string())]),
                    );
                }
                ui.horizontal(|ui| {
                    let go = ui.add_enabled(
                        !chars.is_empty() && self.is_live(),
                        egui::Button::new(i18n.get("console-paste-type")),
                    );
                    if go.clicked()
                        && let (Some(w), Some(o)) = (&env.worker, self.opened())
                    {
                        let state = Arc::new(Typing::default());
                        let total = chars.len();
                        let to = o.client.input_sender();
                        let s = state.clone();
                        let task = w.spawn(typing::type_text(to, chars, s));
                        self.paste.running = Some((state, total, task));
                    }
                    if ui.button(i18n.get("console-cancel")).clicked() {
                        self.paste.open = false;
                    }
                });
            });
        if !open {
            if let Some((state, _, _)) = &self.paste.running {
                state.cancel.store(true, Ordering::Relaxed);
            }
            self.paste.open = false;
        }
    }

    pub(super) fn shot_window(&mut self, ctx: &egui::Context, env: &ConsoleEnv) {
        let i18n = env.i18n;
        if let Some(task) = &mut self.shot.task {
            match task.poll() {
                Poll::Pending => {}
                Poll::Ready(r) => {
                    self.shot.task = None;
                    self.shot.result = Some(r);
                }
                Poll::Vanished => {
                    self.shot.task = None;
                    self.shot.result = Some(Err(i18n.get("err-worker-vanished")));
                }
            }
        }
        if !self.shot.open {
            return;
        }
        let mut open = true;
        let mut save = false;
        let id = egui::Id::unique(("console-shot", self.target().map(|t| t.vm.clone())));
        crate::ui::dialog_window::tool(
            egui::Window::new(i18n.get("console-screenshot-title")),
            ctx,
            id,
        )
        .collapsible(false)
        .open(&mut open)
        .show(ctx, |ui| {
            let label = ui.label(i18n.get("console-screenshot-path"));
            let r = ui
                .add(egui::TextEdit::singleline(&mut self.shot.path).desired_width(360.0))
                .labelled_by(label.id);
            if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                save = true;
            }
            ui.horizontal(|ui| {
                save |= ui
                    .add_enabled(
                        self.shot.task.is_none(),
                        egui::Button::new(i18n.get("console-save")),
                    )
                    .clicked();
                if self.shot.task.is_some() {
                    ui.spinner();
                }
            });
            match &self.shot.result {
                Some(Ok(p)) => {
                    ui.label(i18n.get_args("console-saved", &[("path", &p.display().to_string())]));
                }
                Some(Err(e)) => {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        i18n.get_args("console-save-failed", &[("reason", e)]),
                    );
                }
                None => {}
            }
        });
        if save && let (Some(w), Some(img)) = (&env.worker, self.image()) {
            let path = PathBuf::from(self.shot.path.trim());
            let [width, height] = img.size;
            let rgba: Vec<u8> = img.pixels.iter().flat_map(|c| c.to_array()).collect();
            self.shot.result = None;
            self.shot.task = Some(w.spawn_blocking(move || {
                crate::services::console::write_png(&path, width as u32, height as u32, &rgba)
                    .map(|()| path)
            }));
        }
        if !open {
            self.shot.open = false;
        }
    }
}
