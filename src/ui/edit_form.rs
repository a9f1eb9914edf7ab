//! The shell the edit forms share (NIC settings, xenstore-data, the bulk NIC form): sending
//! plans in the background, the result polled once a frame, errors kept typed and put into
//! words when drawn (so a language switch re-translates them), the "equivalent xe commands"
//! panel, the Apply / Reload footer, the keys (Enter applies, Escape closes, asking first when
//! there are pending changes) and a placement that stays put once shown.

use super::command::Command;
use super::windows::{AppView, AppWindow, Worker};
use crate::i18n::I18n;
use crate::model::edit::EditPlan;
use crate::services::background::{Poll, Task};
use crate::services::edits::{self, EditError};
use eframe::egui;
use i18n_embed_fl::fl;

pub type Results = Vec<Result<(), EditError>>;

/// Why a form could not apply.
#[derive(Debug, Clone)]
pub enum FormError {
    Edit(EditError),
    /// No live session that may write (read-only role, disconnected, an opened dump).
    ReadOnly,
    /// The background worker ended without an answer.
    Vanished,
}

/// What the last Apply did.
#[derive(Debug, Clone)]
pub enum Outcome {
    Applied,
    /// A bulk edit: NICs changed, NICs selected, NICs that already had the value, failures.
    Bulk {
        changed: usize,
        count: usize,
        same: usize,
        failed: Vec<EditError>,
    },
}

/// A form's progress.
#[derive(Debug, Default)]
pub enum ApplyState {
    #[default]
    Idle,
    Applying(Task<Results>),
    Done(Outcome),
    Failed(FormError),
}

impl ApplyState {
    pub fn busy(&self) -> bool {
        matches!(self, ApplyState::Applying(_))
    }

    /// Sends `plans` to pool `pool`; the state becomes Applying, or Failed when nothing can
    /// be sent.
    pub fn send(&mut self, view: &AppView, pool: Option<u64>, plans: Vec<EditPlan>) -> bool {
        match (&view.worker, view.pools.session_of(pool)) {
            (Some(worker), Some(session)) if view.can_write_to(pool) => {
                *self = ApplyState::Applying(spawn_plans(worker, session, plans));
                true
            }
            _ => {
                *self = ApplyState::Failed(FormError::ReadOnly);
                false
            }
        }
    }

    /// The results, once they arrived (a vanished worker becomes a failure).
    pub fn poll(&mut self) -> Option<Results> {
        let ApplyState::Applying(task) = self else {
            return None;
        };
        match task.poll() {
            Poll::Ready(r) => Some(r),
            Poll::Pending => None,
            Poll::Vanished => {
                *self = ApplyState::Failed(FormError::Vanished);
                None
            }
        }
    }

    pub fn ui(&self, ui: &mut egui::Ui, view: &AppView, pool: Option<u64>) {
        let i18n = view.i18n;
        let l = &i18n.loader;
        match self {
            ApplyState::Idle => {}
            ApplyState::Applying(_) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(fl!(l, "form-applying"));
                });
            }
            ApplyState::Done(Outcome::Applied) => {
                ui.colored_label(ok_color(), fl!(l, "form-applied"));
            }
            ApplyState::Done(Outcome::Bulk {
                changed,
                count,
                same,
                failed,
            }) => {
                let ok = changed - failed.len().min(*changed);
                let summary = fl!(l, "bulk-summary", changed = ok, count = count, same = same);
                match failed.first() {
                    None => {
                        ui.colored_label(ok_color(), summary);
                    }
                    Some(e) => {
                        let more = fl!(
                            l,
                            "bulk-failed",
                            failed = failed.len(),
                            error = super::errors::edit(i18n, e)
                        );
                        ui.colored_label(ui.visuals().error_fg_color, format!("{summary}\n{more}"));
                    }
                }
            }
            ApplyState::Failed(e) => {
                let text = match e {
                    FormError::Edit(e) => super::errors::edit(i18n, e),
                    FormError::ReadOnly => view.read_only_text(pool),
                    FormError::Vanished => fl!(l, "err-worker-vanished"),
                };
                ui.colored_label(ui.visuals().error_fg_color, text);
            }
        }
    }
}

fn ok_color() -> egui::Color32 {
    egui::Color32::from_rgb(40, 150, 70)
}

fn spawn_plans(
    worker: &Worker,
    session: std::sync::Arc<xenapi::Session>,
    plans: Vec<EditPlan>,
) -> Task<Results> {
    worker.spawn(async move { edits::apply_all(&session, &plans).await })
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
            // Scrolled past a few lines: a long plan (New VM's) would grow the window past
            // the screen, and egui would move it to fit.
            egui::ScrollArea::vertical()
                .id_salt("xe-panel")
                .max_height(170.0)
                .show(ui, |ui| {
                    ui.add(
                        egui::Label::new(egui::RichText::new(&text).monospace()).selectable(true),
                    );
                });
            if ui.button(fl!(l, "form-copy")).clicked() {
                ui.ctx().copy_text(text);
            }
        });
}

/// Opens `w` centred, then keeps its top-left where it is. egui keeps a window's pivot fixed,
/// so a centred pivot would re-centre it each time the xe preview grows or shrinks, moving
/// the row under the pointer.
pub fn stay_put<'a>(w: egui::Window<'a>, ctx: &egui::Context, id: egui::Id) -> egui::Window<'a> {
    match egui::AreaState::load(ctx, id) {
        // Not interactable: that was the first (sizing) pass, whose size is a guess.
        Some(mut s) if s.size.is_some() && s.interactable => {
            if s.pivot != egui::Align2::LEFT_TOP {
                // Shown once, centred: pin that top-left. (Set in memory: a window's own
                // title-bar drag handling would undo `current_pos` for this frame.)
                s.pivot_pos = Some(s.left_top_pos());
                s.pivot = egui::Align2::LEFT_TOP;
                let layer = egui::LayerId::new(egui::Order::Middle, id);
                ctx.memory_mut(|m| m.areas_mut().set_state(layer, s));
            }
            w.pivot(egui::Align2::LEFT_TOP)
        }
        _ => w
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center()),
    }
}

/// A form's keys and its close guard: Enter and Escape come from [`super::windows::Windows`]
/// (only the newest window gets them); closing with pending changes asks first.
#[derive(Debug, Default)]
pub struct FormKeys {
    enter: bool,
    escape: bool,
    /// "Discard your changes?" is shown.
    pub asking: bool,
    /// Focus "Keep editing" when the question appears.
    focus_keep: bool,
}

impl FormKeys {
    pub fn on_escape(&mut self) -> bool {
        self.escape = true;
        true
    }

    pub fn on_enter(&mut self) -> bool {
        self.enter = true;
        true
    }

    /// Enter was pressed for this window (not while the question is shown).
    pub fn take_enter(&mut self) -> bool {
        std::mem::take(&mut self.enter) && !self.asking
    }

    /// Whether the window stays open: `open` is false when its close button was clicked,
    /// `dirty` when closing would lose changes.
    pub fn keep_open(&mut self, ctx: &egui::Context, open: bool, dirty: bool) -> bool {
        let escape = std::mem::take(&mut self.escape);
        if self.asking {
            // Escape answers "Keep editing"; the close button keeps asking.
            self.asking = !escape;
            return true;
        }
        if open && !escape {
            return true;
        }
        if dirty {
            self.asking = true;
            self.focus_keep = true;
            ctx.request_repaint();
        }
        dirty
    }

    /// The question, in place of the footer; `true` when the user chose Discard.
    pub fn question(&mut self, ui: &mut egui::Ui, i18n: &I18n) -> bool {
        let l = &i18n.loader;
        let mut discard = false;
        ui.horizontal(|ui| {
            ui.colored_label(ui.visuals().warn_fg_color, fl!(l, "form-discard-question"));
            if ui.button(fl!(l, "form-discard")).clicked() {
                discard = true;
            }
            let keep = ui.button(fl!(l, "form-keep-editing"));
            if std::mem::take(&mut self.focus_keep) {
                keep.request_focus();
            }
            if keep.clicked() {
                self.asking = false;
            }
        });
        discard
    }
}

/// What a single-object edit form (NIC, xenstore-data) puts inside the shell.
pub trait EditBody: 'static {
    /// The window kind (see [`AppWindow::kind`]).
    const KIND: &'static str;
    /// The window title, in the current language.
    fn title(&self, i18n: &I18n) -> String;
    /// The fields and their messages.
    fn draw(&mut self, ui: &mut egui::Ui, view: &AppView, enabled: bool);
    /// The change to send, or `None` while something is invalid.
    fn plan(&self) -> Option<EditPlan>;
    /// No plan only because something is still being typed: a neutral hint, not an error.
    fn in_progress(&self) -> bool {
        false
    }
    /// Apply was attempted while there is no plan: what was still in progress becomes an error.
    fn attempted(&mut self) {}
    /// Something differs from what the form opened with (closing asks first).
    fn dirty(&self) -> bool;
    /// The plan was applied: continue from what the server now holds, so a second Apply is
    /// not a false conflict.
    fn applied(&mut self, plan: &EditPlan);
    /// Reload: the command that opens the form afresh from the cache.
    fn reload(&self) -> Command;
}

/// A single-object edit form in its window.
pub struct EditWindow<B: EditBody> {
    /// The object's pool: Apply writes there whatever is selected meanwhile.
    pub pool: Option<u64>,
    pub body: B,
    pub apply: ApplyState,
    /// The plan in flight.
    sent: Option<EditPlan>,
    keys: FormKeys,
}

impl<B: EditBody> EditWindow<B> {
    pub fn new(pool: Option<u64>, body: B) -> Self {
        EditWindow {
            pool,
            body,
            apply: ApplyState::Idle,
            sent: None,
            keys: FormKeys::default(),
        }
    }

    fn take_results(&mut self) {
        let Some(results) = self.apply.poll() else {
            return;
        };
        match results.into_iter().next().unwrap_or(Ok(())) {
            Ok(()) => {
                if let Some(p) = self.sent.take() {
                    self.body.applied(&p);
                }
                self.apply = ApplyState::Done(Outcome::Applied);
            }
            Err(e) => {
                self.sent = None;
                self.apply = ApplyState::Failed(FormError::Edit(e));
            }
        }
    }
}

impl<B: EditBody> AppWindow for EditWindow<B> {
    fn kind(&self) -> &'static str {
        B::KIND
    }

    fn on_escape(&mut self) -> bool {
        self.keys.on_escape()
    }

    fn on_enter(&mut self) -> bool {
        self.keys.on_enter()
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        self.take_results();
        let writable = view.can_write_to(self.pool);
        let enabled = writable && !self.apply.busy();
        let l = &view.i18n.loader;
        let mut open = true;
        let mut send = None;
        let mut discard = false;
        let enter = self.keys.take_enter();
        let id = egui::Id::unique(B::KIND);
        let window = egui::Window::new(self.body.title(view.i18n))
            .id(id)
            .open(&mut open)
            .resizable(true)
            .default_width(560.0);
        crate::ui::dialog_window::modal(window, ctx, id).show(ctx, |ui| {
            self.body.draw(ui, view, enabled);
            if !writable {
                ui.colored_label(ui.visuals().warn_fg_color, view.read_only_text(self.pool));
            }
            let plan = self.body.plan();
            if let Some(p) = &plan {
                xe_panel(ui, view.i18n, &p.xe_commands());
            }
            ui.separator();
            self.apply.ui(ui, view, self.pool);
            if self.keys.asking {
                discard = self.keys.question(ui, view.i18n);
                return;
            }
            let ready = enabled && plan.as_ref().is_some_and(|p| !p.is_empty());
            if enter {
                if ready {
                    send = plan.clone();
                } else if plan.is_none() {
                    self.body.attempted();
                }
            }
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(ready, egui::Button::new(fl!(l, "form-apply")))
                    .clicked()
                {
                    send = plan.clone();
                }
                if ui.button(fl!(l, "form-reload")).clicked() {
                    out.push(self.body.reload());
                }
                match &plan {
                    None if self.body.in_progress() => {
                        ui.weak(fl!(l, "form-incomplete"));
                    }
                    None => {
                        ui.colored_label(ui.visuals().error_fg_color, fl!(l, "form-invalid"));
                    }
                    Some(p) if p.is_empty() => {
                        ui.weak(fl!(l, "form-no-changes"));
                    }
                    _ => {}
                }
            });
        });
        if discard {
            return false;
        }
        if let Some(p) = send
            && self.apply.send(view, self.pool, vec![p.clone()])
        {
            self.sent = Some(p);
        }
        self.keys.keep_open(ctx, open, self.body.dirty())
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}
