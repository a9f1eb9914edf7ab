//! The server and pool Properties windows: the fields of [`crate::model::host_props`], each
//! mistake said under its field, the calls of only what changed (a field someone else
//! changed meanwhile refused), the `xe` lines, Apply. Read-only users see the values.

use super::exit::apply_status;
use super::runner::{Ended, Runner};
use crate::model::host_props::{self as hp, HostForm, Invalid, PoolForm};
use crate::model::names;
use crate::ui::command::Command;
use crate::ui::edit_form::xe_panel;
use crate::ui::lifecycle::dialogs::text_field;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui;
use xenapi::{Host, Pool, Ref};

/// The mistakes about `field`, under it.
fn errors(ui: &mut egui::Ui, view: &AppView, bad: &[Invalid], field: &str) {
    for i in bad.iter().filter(|i| i.field == field) {
        ui.colored_label(ui.visuals().error_fg_color, view.i18n.get(i.id));
    }
}

/// Fields someone else changed meanwhile, said; Apply waits for a Reload.
fn conflicts(ui: &mut egui::Ui, view: &AppView, fields: &[&str]) {
    if !fields.is_empty() {
        ui.colored_label(
            ui.visuals().error_fg_color,
            view.i18n
                .get_args("props-conflict", &[("fields", &fields.join(", "))]),
        );
    }
}

/// The footer: Apply (when valid, changed and writable), Reload, Close; `Some(true)`: apply.
fn footer(ui: &mut egui::Ui, view: &AppView, ok: bool, reload: &mut bool) -> Option<bool> {
    let i18n = view.i18n;
    let mut out = None;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(ok, egui::Button::new(i18n.get("form-apply")))
            .clicked()
        {
            out = Some(true);
        }
        if ui.button(i18n.get("form-reload")).clicked() {
            *reload = true;
        }
        if ui.button(i18n.get("close")).clicked() {
            out = Some(false);
        }
    });
    out
}

pub struct HostPropsDialog {
    pub pool: u64,
    pub host: Ref<Host>,
    /// `other_config` when the form opened (its edit is checked against a fresh read).
    original_oc: xenapi::records::StringMap,
    was: HostForm,
    pub form: HostForm,
    runner: Option<Runner>,
    /// The tag being typed in the tags row.
    new_tag: String,
    first: bool,
}

impl HostPropsDialog {
    pub fn new(pool: u64, host: Ref<Host>, h: &Host) -> Self {
        let was = HostForm::of(h);
        HostPropsDialog {
            pool,
            host,
            original_oc: h.other_config.clone(),
            form: was.clone(),
            was,
            runner: None,
            new_tag: String::new(),
            first: true,
        }
    }
}

impl AppWindow for HostPropsDialog {
    fn kind(&self) -> &'static str {
        "host-properties"
    }

    window_any!();

    fn show(&mut self, ctx: &egui::Context, view: &AppView, _out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return false;
        };
        let Some(h) = cache.hosts.get(&self.host) else {
            return false;
        };
        let title = format!(
            "{} · {}",
            crate::ui::actions::Action::HostProperties.label(i18n),
            names::host_name(h)
        );
        let now = HostForm::of(h);
        // After an Apply that worked, what the server holds is the new start.
        if let Some(r) = &self.runner
            && matches!(r.ended, Some(Ended::Done))
        {
            self.was = now.clone();
            self.original_oc = h.other_config.clone();
        }
        let writable = view.can_write_to(Some(self.pool));
        let id = egui::Id::unique(("host-properties", self.host.as_str()));
        let mut open = true;
        let mut close = false;
        let mut reload = false;
        let first = std::mem::take(&mut self.first);
        let in_use = crate::model::tags::all_tags(cache);
        crate::ui::dialog_window::modal(egui::Window::new(&title), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_max_width(520.0);
                let f = &mut self.form;
                ui.add_enabled_ui(writable, |ui| {
                    egui::Grid::new("host-props").num_columns(2).show(ui, |ui| {
                        text_field(ui, &i18n.get("prop-name"), &mut f.name, first);
                        ui.end_row();
                        text_field(ui, &i18n.get("prop-description"), &mut f.description, false);
                        ui.end_row();
                        crate::ui::tags_edit::grid_row(
                            ui,
                            i18n,
                            &mut f.tags,
                            &mut self.new_tag,
                            &in_use,
                        );
                        text_field(ui, &i18n.get("props-iqn"), &mut f.iqn, false);
                        ui.end_row();
                        text_field(ui, &i18n.get("props-syslog"), &mut f.syslog, false);
                        ui.end_row();
                        ui.label(i18n.get("props-multipathing"));
                        // XenCenter changes multipathing only in maintenance mode.
                        let may = !h.enabled;
                        let label = i18n.get("props-multipathing");
                        ui.add_enabled(may, egui::Checkbox::without_text(&mut f.multipathing))
                            .on_disabled_hover_text(i18n.get("props-multipath-maintenance"))
                            .widget_info(|| {
                                egui::WidgetInfo::selected(
                                    egui::Role::CheckBox,
                                    may,
                                    f.multipathing,
                                    &label,
                                )
                            });
                        ui.end_row();
                        ui.label(i18n.get("props-power-on"));
                        let label = i18n.get("props-power-on");
                        egui::ComboBox::from_id_salt("power_on_mode")
                            .selected_text(power_label(view, &f.power_on_mode))
                            .show_ui(ui, |ui| {
                                for m in hp::POWER_ON_MODES {
                                    ui.selectable_value(
                                        &mut f.power_on_mode,
                                        m.to_string(),
                                        power_label(view, m),
                                    );
                                }
                            })
                            .response
                            .widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &label)
                            });
                        ui.end_row();
                        if f.power_on_mode == "IPMI" {
                            text_field(ui, &i18n.get("props-power-ip"), &mut f.power_on_ip, false);
                            ui.end_row();
                            text_field(
                                ui,
                                &i18n.get("props-power-user"),
                                &mut f.power_on_user,
                                false,
                            );
                            ui.end_row();
                            // Sent as a secret; the current one is never read back.
                            let label = ui.label(i18n.get("props-power-password"));
                            let has = h.power_on_config.contains_key(hp::PASSWORD_SECRET);
                            let hint = i18n.get(if has {
                                "props-power-password-kept"
                            } else {
                                "props-power-password-none"
                            });
                            // The state is a label, not a hint: screen readers and
                            // tests see labels, and a hint vanishes once typing starts.
                            ui.horizontal(|ui| {
                                ui.add(
                                    egui::TextEdit::singleline(&mut f.power_on_password)
                                        .password(true)
                                        .desired_width(200.0),
                                )
                                .labelled_by(label.id);
                                ui.weak(hint);
                            });
                            ui.end_row();
                        }
                    });
                });
                ui.add_enabled_ui(writable, |ui| other_config_rows(ui, view, f));
                let bad = hp::check_host(&self.was, f);
                for field in ["name", "iqn", "syslog", "power", "other"] {
                    errors(ui, view, &bad, field);
                }
                let clash = hp::host_conflicts(&self.was, &now, f);
                conflicts(ui, view, &clash);
                let plan = hp::host_plan(cache, &self.host, &self.was, f);
                let edit = hp::other_config_plan(&self.host, &h.uuid, &self.original_oc, f);
                let mut xe = edit.as_ref().map(|e| e.xe_commands()).unwrap_or_default();
                xe.extend(plan.xe.iter().cloned());
                xe_panel(ui, i18n, &xe);
                let running = apply_status(ui, view, cache, &mut self.runner, self.pool, writable);
                let ok = writable
                    && bad.is_empty()
                    && clash.is_empty()
                    && (!plan.steps.is_empty() || edit.is_some())
                    && !running;
                match footer(ui, view, ok, &mut reload) {
                    Some(true) => self.runner = Runner::start_with(view, self.pool, edit, plan),
                    Some(false) => close = true,
                    None => {}
                }
            });
        if reload {
            self.was = now.clone();
            self.form = now;
            self.original_oc = h.other_config.clone();
            self.runner = None;
        }
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
        open && !close
    }
}

/// The editable `other_config` keys: key, value, Remove; Add key.
fn other_config_rows(ui: &mut egui::Ui, view: &AppView, f: &mut HostForm) {
    let i18n = view.i18n;
    ui.strong(i18n.get("props-other-config"));
    let mut gone = None;
    egui::Grid::new("host-oc-grid")
        .num_columns(3)
        .show(ui, |ui| {
            for (i, (k, v)) in f.other.iter_mut().enumerate() {
                let key_label = i18n.get_args("props-key-n", &[("n", &(i + 1).to_string())]);
                ui.add(egui::TextEdit::singleline(k).desired_width(160.0))
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::TextInput, true, &key_label)
                    });
                let value_label = i18n.get_args("props-value-n", &[("n", &(i + 1).to_string())]);
                ui.add(egui::TextEdit::singleline(v).desired_width(220.0))
                    .widget_info(|| {
                        egui::WidgetInfo::labeled(egui::Role::TextInput, true, &value_label)
                    });
                if ui.small_button(i18n.get("props-remove-key")).clicked() {
                    gone = Some(i);
                }
                ui.end_row();
            }
        });
    if let Some(i) = gone {
        f.other.remove(i);
    }
    if ui.small_button(i18n.get("props-add-key")).clicked() {
        f.other.push((String::new(), String::new()));
    }
}

fn power_label(view: &AppView, mode: &str) -> String {
    match mode {
        "" => view.i18n.get("props-power-off"),
        "wake-on-lan" => view.i18n.get("props-power-wol"),
        other => other.to_string(),
    }
}

pub struct PoolPropsDialog {
    pub pool_id: u64,
    pub pool: Ref<Pool>,
    was: PoolForm,
    pub form: PoolForm,
    runner: Option<Runner>,
    /// The tag being typed in the tags row.
    new_tag: String,
    first: bool,
}

impl PoolPropsDialog {
    pub fn new(pool_id: u64, pool: Ref<Pool>, p: &Pool) -> Self {
        let was = PoolForm::of(p);
        PoolPropsDialog {
            pool_id,
            pool,
            form: was.clone(),
            was,
            runner: None,
            new_tag: String::new(),
            first: true,
        }
    }
}

impl AppWindow for PoolPropsDialog {
    fn kind(&self) -> &'static str {
        "pool-properties"
    }

    window_any!();

    fn show(&mut self, ctx: &egui::Context, view: &AppView, _out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let Some(cache) = view.pools.cache_of(Some(self.pool_id)) else {
            return false;
        };
        let Some(p) = cache.pools.get(&self.pool) else {
            return false;
        };
        let title = format!(
            "{} · {}",
            crate::ui::actions::Action::PoolProperties.label(i18n),
            names::pool_name(cache, p)
        );
        let now = PoolForm::of(p);
        if let Some(r) = &self.runner
            && matches!(r.ended, Some(Ended::Done))
        {
            self.was = now.clone();
        }
        let writable = view.can_write_to(Some(self.pool_id));
        let id = egui::Id::unique(("pool-properties", self.pool.as_str()));
        let mut open = true;
        let mut close = false;
        let mut reload = false;
        let first = std::mem::take(&mut self.first);
        let in_use = crate::model::tags::all_tags(cache);
        crate::ui::dialog_window::modal(egui::Window::new(&title), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_max_width(520.0);
                let f = &mut self.form;
                ui.add_enabled_ui(writable, |ui| {
                    egui::Grid::new("pool-props").num_columns(2).show(ui, |ui| {
                        text_field(ui, &i18n.get("prop-name"), &mut f.name, first);
                        ui.end_row();
                        text_field(ui, &i18n.get("prop-description"), &mut f.description, false);
                        ui.end_row();
                        ui.label(i18n.get("props-default-sr"));
                        let srs = hp::default_sr_choices(cache);
                        let shown = srs
                            .iter()
                            .find(|(r, _)| *r == f.default_sr)
                            .map(|(_, n)| n.clone())
                            .unwrap_or_else(|| i18n.get("props-none"));
                        let label = i18n.get("props-default-sr");
                        egui::ComboBox::from_id_salt("default-sr")
                            .selected_text(shown)
                            .show_ui(ui, |ui| {
                                for (r, n) in &srs {
                                    ui.selectable_value(&mut f.default_sr, r.clone(), n);
                                }
                            })
                            .response
                            .widget_info(|| {
                                egui::WidgetInfo::labeled(egui::Role::ComboBox, true, &label)
                            });
                        ui.end_row();
                        text_field(
                            ui,
                            &i18n.get("props-idle-timeout"),
                            &mut f.idle_timeout,
                            false,
                        );
                        ui.end_row();
                        ui.label(i18n.get("props-limit-sessions"));
                        let label = i18n.get("props-limit-sessions");
                        ui.add(egui::Checkbox::without_text(&mut f.limit_sessions))
                            .widget_info(|| {
                                egui::WidgetInfo::selected(
                                    egui::Role::CheckBox,
                                    true,
                                    f.limit_sessions,
                                    &label,
                                )
                            });
                        ui.end_row();
                        crate::ui::tags_edit::grid_row(
                            ui,
                            i18n,
                            &mut f.tags,
                            &mut self.new_tag,
                            &in_use,
                        );
                    });
                });
                let bad = hp::check_pool(f);
                for field in ["name", "timeout"] {
                    errors(ui, view, &bad, field);
                }
                let clash = hp::pool_conflicts(&self.was, &now, f);
                conflicts(ui, view, &clash);
                let plan = hp::pool_plan(cache, &self.pool, &self.was, f);
                xe_panel(ui, i18n, &plan.xe);
                let running =
                    apply_status(ui, view, cache, &mut self.runner, self.pool_id, writable);
                let ok = writable
                    && bad.is_empty()
                    && clash.is_empty()
                    && !plan.steps.is_empty()
                    && !running;
                match footer(ui, view, ok, &mut reload) {
                    Some(true) => self.runner = Runner::start(view, self.pool_id, plan),
                    Some(false) => close = true,
                    None => {}
                }
            });
        if reload {
            self.was = now.clone();
            self.form = now;
            self.runner = None;
        }
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
        open && !close
    }
}
