//! The VM xenstore-data window: rows of vm-data/ keys to add, edit and remove; other keys
//! shown read-only and kept; for a running VM the change reaches the guest at once.

use super::command::Command;
use super::edit_form::{EditBody, EditWindow};
use super::pools::PoolList;
use super::windows::AppView;
use crate::i18n::I18n;
use crate::model::edit::EditPlan;
use crate::model::names;
use crate::model::tree::Node;
use crate::model::xenstore::{PREFIX, Problem, Row, XenstoreForm};
use eframe::egui::{self, Role, WidgetInfo};
use i18n_embed_fl::fl;
use xenapi::records::PowerState;
use xenapi::{Ref, Vm};

/// A VM's xenstore-data rows, inside the shared edit-form shell.
pub struct XenstoreBody {
    pub vm: Ref<Vm>,
    name: String,
    pub form: XenstoreForm,
    /// Focus the last key field (a row was just added).
    focus_new: bool,
}

pub type XenstoreWindow = EditWindow<XenstoreBody>;

/// The xenstore-data window for `vm`, from its pool's cache.
pub fn open(pools: &PoolList, i18n: &I18n, vm: &Ref<Vm>) -> Option<XenstoreWindow> {
    let pool = pools.index_of_node(&Node::Vm(vm.clone()))?;
    let v = pools[pool].cache.vms.get(vm)?;
    let running = v.power_state == PowerState::Running;
    let body = XenstoreBody {
        vm: vm.clone(),
        name: names::vm_name(i18n, v),
        form: XenstoreForm::new(vm.as_str(), &v.uuid, &v.xenstore_data, running),
        focus_new: false,
    };
    Some(EditWindow::new(Some(pools[pool].id), body))
}

pub fn problem_text(i18n: &I18n, p: &Problem) -> String {
    let l = &i18n.loader;
    match p {
        Problem::KeyEmpty(_) => fl!(l, "xs-err-empty"),
        Problem::KeyPrefix(k) => fl!(l, "xs-err-prefix", key = k.as_str()),
        Problem::KeyCharacters(k) => fl!(l, "xs-err-chars", key = k.as_str()),
        Problem::DuplicateKey(k) => fl!(l, "xs-err-dup", key = k.as_str()),
        Problem::ValueControl(k) => fl!(l, "xs-err-value", key = k.as_str()),
    }
}

fn put_cursor_at_end(ctx: &egui::Context, id: egui::Id, chars: usize) {
    let mut state = egui::text_edit::TextEditState::load(ctx, id).unwrap_or_default();
    let end = egui::text::CCursor::new(chars);
    state
        .cursor
        .set_char_range(Some(egui::text::CCursorRange::one(end)));
    state.store(ctx, id);
}

fn labelled(resp: &egui::Response, name: String) {
    resp.widget_info(|| WidgetInfo::labeled(Role::TextInput, resp.enabled(), &name));
}

impl EditBody for XenstoreBody {
    const KIND: &'static str = "xenstore-form";

    fn title(&self, i18n: &I18n) -> String {
        fl!(i18n.loader, "xs-title", name = self.name.as_str())
    }

    fn plan(&self) -> Option<EditPlan> {
        self.form.plan().ok()
    }

    fn in_progress(&self) -> bool {
        self.form.only_in_progress()
    }

    fn attempted(&mut self) {
        self.form.leave_all();
    }

    fn dirty(&self) -> bool {
        self.form.dirty()
    }

    fn applied(&mut self, plan: &EditPlan) {
        // The rows stay as typed; the original becomes what the server now holds.
        let f = &self.form;
        let after = plan.result_on(&f.original);
        let rows = f.rows.clone();
        self.form = XenstoreForm::new(&f.vm_ref, &f.uuid, &after, f.running);
        self.form.rows = rows;
    }

    fn reload(&self) -> Command {
        Command::OpenXenstoreForm(self.vm.clone())
    }

    fn draw(&mut self, ui: &mut egui::Ui, view: &AppView, enabled: bool) {
        let i18n = view.i18n;
        let l = &i18n.loader;
        let w = self;
        let problems = w.form.shown_problems();
        let key_word = fl!(l, "xs-key");
        let value_word = fl!(l, "xs-value");
        let mut remove = None;
        let focus_new = std::mem::take(&mut w.focus_new);
        let count = w.form.rows.len();
        // Rows, not a grid: an error line under a row must not widen the key column.
        ui.horizontal(|ui| {
            ui.add_sized(
                [240.0, 16.0],
                egui::Label::new(egui::RichText::new(&key_word).weak()),
            );
            ui.add_sized(
                [240.0, 16.0],
                egui::Label::new(egui::RichText::new(&value_word).weak()),
            );
        });
        for (i, row) in w.form.rows.iter_mut().enumerate() {
            ui.horizontal(|ui| {
                let k = ui
                    .add_enabled_ui(enabled, |ui| {
                        ui.add_sized(
                            [240.0, 20.0],
                            egui::TextEdit::singleline(&mut row.key).hint_text(PREFIX),
                        )
                    })
                    .inner;
                labelled(&k, format!("{key_word} {}", i + 1));
                let v = ui
                    .add_enabled_ui(enabled, |ui| {
                        ui.add_sized([240.0, 20.0], egui::TextEdit::singleline(&mut row.value))
                    })
                    .inner;
                labelled(&v, format!("{value_word} {}", i + 1));
                // Left: focus went from the row's fields to anywhere else.
                if (k.lost_focus() || v.lost_focus()) && !k.has_focus() && !v.has_focus() {
                    row.left = true;
                }
                if focus_new && i + 1 == count {
                    k.request_focus();
                    put_cursor_at_end(ui.ctx(), k.id, row.key.chars().count());
                }
                let rm = ui.add_enabled(enabled, egui::Button::new(fl!(l, "xs-remove")));
                let rm_name = format!("{} {}", fl!(l, "xs-remove"), i + 1);
                rm.widget_info(|| WidgetInfo::labeled(Role::Button, enabled, &rm_name));
                if rm.clicked() {
                    remove = Some(i);
                }
            });
            for (_, p) in problems.iter().filter(|(r, _)| *r == i) {
                ui.colored_label(ui.visuals().error_fg_color, problem_text(i18n, p));
            }
        }
        if let Some(i) = remove {
            w.form.rows.remove(i);
        }
        if ui
            .add_enabled(enabled, egui::Button::new(fl!(l, "xs-add")))
            .clicked()
        {
            w.form.rows.push(Row::new(PREFIX, ""));
            // The new key gets the focus, the cursor after the prefix.
            w.focus_new = true;
            ui.ctx().request_repaint();
        }
        let kept: Vec<_> = w.form.kept().map(|(k, v)| (k.clone(), v.clone())).collect();
        if !kept.is_empty() {
            ui.add_space(6.0);
            ui.weak(fl!(l, "xs-kept"));
            for (k, v) in kept {
                ui.weak(egui::RichText::new(format!("{k} = {v}")).monospace());
            }
        }
        ui.add_space(6.0);
        if w.form.running {
            ui.label(fl!(l, "xs-note-running"));
        } else {
            ui.label(fl!(l, "xs-note-halted"));
        }
    }
}
