//! The VM xenstore-data window: rows of vm-data/ keys to add, edit and remove; other keys
//! shown read-only and kept; for a running VM the change reaches the guest at once.

use super::apply::{self, ApplyState};
use super::{Command, XenPilotApp};
use crate::i18n::I18n;
use crate::model::edit::EditPlan;
use crate::model::names;
use crate::model::xenstore::{PREFIX, Problem, Row, XenstoreForm};
use crate::xenapi::records::PowerState;
use crate::xenapi::{Ref, Vm};
use eframe::egui::{self, Role, WidgetInfo};
use i18n_embed_fl::fl;

pub struct XenstoreWindow {
    pub vm: Ref<Vm>,
    /// The VM's pool: Apply writes there whatever is selected meanwhile.
    pub pool: Option<u64>,
    title: String,
    pub form: XenstoreForm,
    pub apply: ApplyState,
    sent: Option<EditPlan>,
}

pub fn open(app: &XenPilotApp, vm: &Ref<Vm>) -> Option<XenstoreWindow> {
    let v = app.cache().vms.get(vm)?;
    let running = v.power_state == PowerState::Running;
    let name = names::vm_name(&app.i18n, v);
    Some(XenstoreWindow {
        vm: vm.clone(),
        pool: app.active_pool_id(),
        title: fl!(app.i18n.loader, "xs-title", name = name),
        form: XenstoreForm::new(vm.as_str(), &v.uuid, &v.xenstore_data, running),
        apply: ApplyState::Idle,
        sent: None,
    })
}

pub fn problem_text(i18n: &I18n, p: &Problem) -> String {
    let l = &i18n.loader;
    match p {
        Problem::KeyPrefix(k) => fl!(l, "xs-err-prefix", key = k.as_str()),
        Problem::KeyCharacters(k) => fl!(l, "xs-err-chars", key = k.as_str()),
        Problem::DuplicateKey(k) => fl!(l, "xs-err-dup", key = k.as_str()),
        Problem::ValueControl(k) => fl!(l, "xs-err-value", key = k.as_str()),
    }
}

fn labelled(resp: &egui::Response, name: String) {
    resp.widget_info(|| WidgetInfo::labeled(Role::TextInput, resp.enabled(), &name));
}

pub fn show(app: &mut XenPilotApp, ctx: &egui::Context) {
    let Some(mut w) = app.xs_form.take() else {
        return;
    };
    if let Some(results) = w.apply.poll() {
        match results.into_iter().next().unwrap_or(Ok(())) {
            Ok(()) => {
                if let Some(p) = w.sent.take() {
                    let after = p.result_on(&w.form.original);
                    let rows = w.form.rows.clone();
                    w.form =
                        XenstoreForm::new(&w.form.vm_ref, &w.form.uuid, &after, w.form.running);
                    w.form.rows = rows;
                }
                w.apply = ApplyState::Applied(fl!(app.i18n.loader, "form-applied"));
            }
            Err(e) => {
                w.sent = None;
                w.apply = ApplyState::Failed(apply::error_text(&app.i18n, &e));
            }
        }
    }
    let writable = app.can_write_to(w.pool);
    let enabled = writable && !w.apply.busy();
    let i18n = &app.i18n;
    let l = &i18n.loader;
    let mut open = true;
    let mut send = None;
    let mut reload = false;
    egui::Window::new(w.title.clone())
        .id(egui::Id::unique("xenstore-form"))
        .open(&mut open)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .resizable(true)
        .default_width(560.0)
        .show(ctx, |ui| {
            let problems = w.form.problems();
            let key_word = fl!(l, "xs-key");
            let value_word = fl!(l, "xs-value");
            let mut remove = None;
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
                w.form.rows.push(Row {
                    key: PREFIX.to_string(),
                    value: String::new(),
                });
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
            if !writable {
                ui.colored_label(ui.visuals().warn_fg_color, app.read_only_text(w.pool));
            }
            let plan = w.form.plan();
            if let Ok(p) = &plan {
                apply::xe_panel(ui, i18n, &p.xe_commands());
            }
            ui.separator();
            w.apply.ui(ui, i18n);
            ui.horizontal(|ui| {
                let ready = matches!(&plan, Ok(p) if !p.is_empty());
                if ui
                    .add_enabled(enabled && ready, egui::Button::new(fl!(l, "form-apply")))
                    .clicked()
                    && let Ok(p) = plan.clone()
                {
                    send = Some(p);
                }
                if ui.button(fl!(l, "form-reload")).clicked() {
                    reload = true;
                }
                match &plan {
                    Err(_) => {
                        ui.colored_label(ui.visuals().error_fg_color, fl!(l, "form-invalid"));
                    }
                    Ok(p) if p.is_empty() => {
                        ui.weak(fl!(l, "form-no-changes"));
                    }
                    _ => {}
                }
            });
        });
    if let Some(p) = send {
        match app.send_plans(ctx, w.pool, vec![p.clone()]) {
            Some(rx) => {
                w.sent = Some(p);
                w.apply = ApplyState::Applying(rx);
            }
            None => w.apply = ApplyState::Failed(app.read_only_text(w.pool)),
        }
    }
    if reload {
        app.send(Command::OpenXenstoreForm(w.vm.clone()));
        return;
    }
    if open {
        app.xs_form = Some(w);
    }
}
