//! The New VM wizard: a window with XenCenter's steps (template, name, vCPUs and memory,
//! boot mode and install ISO, disk, networks, finish), the steps listed on the left (a step
//! already valid can be clicked), each step's problems said under it, Next enabled only when
//! the step is valid. Enter goes on (Finish on the last step), Escape closes, Tab walks the
//! fields. Finish runs [`crate::model::new_vm::plan`] as a job whose tasks the Events view and
//! the status bar follow; the `xe` equivalent is on the last step.

use crate::i18n::I18n;
use crate::model::boot_modes;
use crate::model::details::format_bytes;
use crate::model::names;
use crate::model::new_vm::{self, NewVm, Problem, WizardStep};
use crate::ui::command::Command;
use crate::ui::dialog_window::fixed_area;
use crate::ui::edit_form::xe_panel;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui::{self, Role, WidgetInfo};
use xenapi::Cache;

/// A step's size and the footer's (its problem lines), whatever they show.
const STEP: egui::Vec2 = egui::vec2(440.0, 360.0);
const FOOTER: egui::Vec2 = egui::vec2(610.0, 40.0);

pub struct NewVmWizard {
    pub pool: u64,
    pub step: WizardStep,
    pub vm: NewVm,
    /// Focus the step's first field on the next frame.
    focus: bool,
    enter: bool,
}

impl NewVmWizard {
    /// The wizard on pool `pool`: the first template, SR and network picked for a start.
    pub fn open(pool: u64, cache: &Cache, _i18n: &I18n) -> Option<Self> {
        let mut vm = NewVm::default();
        if let Some((t, _)) = new_vm::templates(cache).into_iter().next() {
            new_vm::apply_template(cache, &mut vm, &t);
        }
        vm.sr = new_vm::disk_srs(cache).first().map(|(r, _)| r.clone());
        Some(NewVmWizard {
            pool,
            step: WizardStep::Template,
            vm,
            focus: true,
            enter: false,
        })
    }

    fn go(&mut self, step: WizardStep) {
        self.step = step;
        self.focus = true;
    }

    fn next(&mut self) {
        let i = self.step.index() + 1;
        if let Some(s) = WizardStep::ALL.get(i) {
            self.go(*s);
        }
    }
}

/// What a step's body may set besides the VM: Enter to go on.
struct WizardKeys<'a> {
    enter: &'a mut bool,
}

pub fn problem_text(i18n: &I18n, p: &Problem) -> String {
    match p {
        Problem::NoTemplate => i18n.get("wiz-err-template"),
        Problem::NoName => i18n.get("dlg-err-name"),
        Problem::Vcpus { max } => i18n.get_args("wiz-err-vcpus", &[("max", &max.to_string())]),
        Problem::MemoryLow { min_mib } => {
            i18n.get_args("wiz-err-memory-low", &[("min", &min_mib.to_string())])
        }
        Problem::MemoryHigh { max_mib } => {
            i18n.get_args("wiz-err-memory-high", &[("max", &max_mib.to_string())])
        }
        Problem::BootMode => i18n.get("wiz-err-boot"),
        Problem::NoSr => i18n.get("wiz-err-sr"),
        Problem::DiskSize => i18n.get("wiz-err-disk-size"),
        Problem::DiskTooBig { free } => i18n.get_args("wiz-err-disk-big", &[("free", free)]),
        Problem::NoCdSlot => i18n.get("wiz-err-cd"),
        Problem::TooManyNics => {
            i18n.get_args("wiz-err-nics", &[("max", &new_vm::MAX_NICS.to_string())])
        }
    }
}

/// A number field with a label (screen readers and tests find it by the label).
fn number(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut i64,
    range: std::ops::RangeInclusive<i64>,
    focus: bool,
) {
    ui.label(label);
    let resp = ui.add(egui::DragValue::new(value).range(range).speed(1.0));
    resp.widget_info(|| WidgetInfo::labeled(Role::SpinButton, true, label));
    if focus {
        resp.request_focus();
    }
    ui.end_row();
}

impl AppWindow for NewVmWizard {
    fn kind(&self) -> &'static str {
        "new-vm"
    }

    window_any!();

    fn on_enter(&mut self) -> bool {
        self.enter = true;
        true
    }

    fn on_escape(&mut self) -> bool {
        false
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return false;
        };
        let title = i18n.get("wiz-title");
        let id = egui::Id::unique("new-vm-wizard");
        let mut open = true;
        let mut finish = false;
        let mut cancel = false;
        let writable = view.can_write_to(Some(self.pool));
        let problems = new_vm::check(cache, &self.vm, self.step);
        let focus = std::mem::take(&mut self.focus);
        // Enter on a focused choice (a radio button, a checkbox, a number) selects it and goes
        // on; on the buttons below it is theirs alone.
        let raw_enter = ctx.input(|i| i.key_pressed(egui::Key::Enter));
        let mut nav_focus = false;
        crate::ui::dialog_window::modal(egui::Window::new(&title), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .default_width(640.0)
            .show(ctx, |ui| {
                ui.horizontal_top(|ui| {
                    // The steps: the current one strong; earlier ones (and valid later ones)
                    // can be clicked.
                    ui.vertical(|ui| {
                        ui.set_width(150.0);
                        for (i, s) in WizardStep::ALL.iter().enumerate() {
                            let reachable = WizardStep::ALL[..i]
                                .iter()
                                .all(|p| new_vm::check(cache, &self.vm, *p).is_empty());
                            let label = format!("{}. {}", i + 1, i18n.get(s.label_id()));
                            let resp = ui.add_enabled(
                                reachable,
                                egui::Button::selectable(*s == self.step, label),
                            );
                            nav_focus |= resp.has_focus();
                            if resp.clicked() {
                                self.go(*s);
                            }
                        }
                    });
                    ui.add_space(12.0);
                    // One size for every step and problem, so the buttons below stay put.
                    fixed_area(ui, "wizard_step", STEP, |ui| {
                        ui.heading(i18n.get(self.step.label_id()));
                        ui.add_space(4.0);
                        step_body(ui, i18n, cache, self, focus);
                    });
                });
                fixed_area(ui, "wizard_footer", FOOTER, |ui| {
                    for p in &problems {
                        ui.colored_label(ui.visuals().error_fg_color, problem_text(i18n, p));
                    }
                    if !writable {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            view.read_only_text(Some(self.pool)),
                        );
                    }
                });
                ui.separator();
                ui.horizontal(|ui| {
                    let first = self.step == WizardStep::Template;
                    let back = ui.add_enabled(!first, egui::Button::new(i18n.get("wiz-back")));
                    if back.clicked() {
                        let i = self.step.index().saturating_sub(1);
                        self.go(WizardStep::ALL[i]);
                    }
                    let last = self.step == WizardStep::Finish;
                    let (label, ok) = if last {
                        ("wiz-finish", problems.is_empty() && writable)
                    } else {
                        ("wiz-next", problems.is_empty())
                    };
                    let go = ui.add_enabled(ok, egui::Button::new(i18n.get(label)));
                    // Steps of checkboxes start on this button: Enter there would tick one.
                    let boxes = matches!(self.step, WizardStep::Networking | WizardStep::Finish);
                    if focus && boxes {
                        go.request_focus();
                    }
                    if go.clicked() {
                        if last {
                            finish = true;
                        } else {
                            self.next();
                        }
                    }
                    let c = ui.button(i18n.get("cancel"));
                    if c.clicked() {
                        cancel = true;
                    }
                    nav_focus |= back.has_focus() || go.has_focus() || c.has_focus();
                });
            });
        if raw_enter && !nav_focus {
            self.enter = true;
        }
        if std::mem::take(&mut self.enter) && problems.is_empty() {
            if self.step == WizardStep::Finish {
                finish = writable;
            } else {
                self.next();
            }
        }
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            cancel = true;
        }
        if finish
            && let (Some(plan), Some(t)) = (new_vm::plan(cache, &self.vm), self.vm.template.clone())
        {
            out.push(Command::RunPlans {
                pool: self.pool,
                action: crate::ui::actions::Action::NewVm,
                jobs: vec![(t, plan)],
            });
            return false;
        }
        open && !cancel
    }
}

fn step_body(ui: &mut egui::Ui, i18n: &I18n, cache: &Cache, w: &mut NewVmWizard, focus: bool) {
    let step = w.step;
    let NewVmWizard { vm, enter, .. } = w;
    let w = WizardKeys { enter };
    match step {
        WizardStep::Template => {
            let templates = new_vm::templates(cache);
            egui::ScrollArea::vertical()
                .id_salt("wiz-templates")
                .max_height(260.0)
                .show(ui, |ui| {
                    for (i, (r, name)) in templates.iter().enumerate() {
                        let on = vm.template.as_ref() == Some(r);
                        let resp = ui.add(egui::Button::selectable(on, name));
                        if focus && (on || (vm.template.is_none() && i == 0)) {
                            resp.request_focus();
                        }
                        if resp.clicked() {
                            new_vm::apply_template(cache, vm, r);
                            // Enter on a template (the focused button takes it) goes on.
                            if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                                *w.enter = true;
                            }
                        }
                    }
                });
        }
        WizardStep::Name => {
            egui::Grid::new("wiz-name").num_columns(2).show(ui, |ui| {
                super::dialogs::text_field(ui, &i18n.get("dlg-name"), &mut vm.name, focus);
                ui.end_row();
                super::dialogs::text_field(
                    ui,
                    &i18n.get("dlg-description"),
                    &mut vm.description,
                    false,
                );
                ui.end_row();
            });
        }
        WizardStep::Hardware => {
            egui::Grid::new("wiz-hw").num_columns(2).show(ui, |ui| {
                number(ui, &i18n.get("wiz-vcpus"), &mut vm.vcpus, 0..=256, focus);
                number(
                    ui,
                    &i18n.get("wiz-memory"),
                    &mut vm.memory_mib,
                    0..=16 * 1024 * 1024,
                    false,
                );
            });
        }
        WizardStep::Boot => {
            boot_choice(ui, i18n, cache, vm, focus);
            ui.add_space(6.0);
            let isos = new_vm::isos(cache);
            let shown = vm
                .iso
                .as_ref()
                .and_then(|r| isos.iter().find(|(x, _)| x == r))
                .map(|(_, n)| n.clone())
                .unwrap_or_else(|| i18n.get("wiz-no-iso"));
            egui::ComboBox::from_label(i18n.get("wiz-iso"))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut vm.iso, None, i18n.get("wiz-no-iso"));
                    for (r, n) in &isos {
                        ui.selectable_value(&mut vm.iso, Some(r.clone()), n);
                    }
                });
        }
        WizardStep::Storage => {
            let srs = new_vm::disk_srs(cache);
            let name = |r: &xenapi::Ref<xenapi::Sr>, free: i64| {
                let n = cache
                    .srs
                    .get(r)
                    .map(|s| names::sr_name(i18n, cache, s))
                    .unwrap_or_default();
                i18n.get_args(
                    "wiz-sr-free",
                    &[("name", &n), ("free", &format_bytes(free))],
                )
            };
            let shown = vm
                .sr
                .as_ref()
                .and_then(|r| srs.iter().find(|(x, _)| x == r))
                .map(|(r, f)| name(r, *f))
                .unwrap_or_default();
            egui::Grid::new("wiz-disk").num_columns(2).show(ui, |ui| {
                number(
                    ui,
                    &i18n.get("wiz-disk-size"),
                    &mut vm.disk_gib,
                    0..=65_536,
                    focus,
                );
                ui.label("");
                egui::ComboBox::from_label(i18n.get("wiz-sr"))
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for (r, f) in &srs {
                            ui.selectable_value(&mut vm.sr, Some(r.clone()), name(r, *f));
                        }
                    });
                ui.end_row();
            });
        }
        WizardStep::Networking => {
            let mut nets: Vec<_> = cache
                .networks
                .iter()
                .filter(|(_, n)| !crate::model::visibility::is_flag_hidden(&n.other_config))
                .map(|(r, n)| (r.clone(), names::network_name(i18n, cache, n)))
                .collect();
            nets.sort_by(|a, b| crate::model::natural::compare(&a.1, &b.1));
            ui.label(i18n.get("wiz-networks"));
            // No focus on a checkbox here: Enter would tick it (the Next button has it).
            for (r, n) in &nets {
                let mut on = vm.networks.contains(r);
                let resp = ui.checkbox(&mut on, n);
                if resp.changed() {
                    if on {
                        vm.networks.push(r.clone());
                    } else {
                        vm.networks.retain(|x| x != r);
                    }
                }
            }
        }
        WizardStep::Finish => {
            let t = vm
                .template
                .as_ref()
                .and_then(|t| cache.vms.get(t))
                .map(|t| names::visible(&t.name_label))
                .unwrap_or_default();
            egui::Grid::new("wiz-summary")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    let mut kv = |k: &str, v: String| {
                        ui.weak(i18n.get(k));
                        ui.label(v);
                        ui.end_row();
                    };
                    kv("wiz-step-template", t);
                    kv("dlg-name", vm.name.clone());
                    kv("wiz-vcpus", vm.vcpus.to_string());
                    kv("wiz-memory", vm.memory_mib.to_string());
                    kv("wiz-step-boot", i18n.get(vm.boot.label_id()));
                    let tpm = boot_modes::vtpm(cache, vm.template.as_ref(), vm.boot);
                    if tpm.shown {
                        let yes = vm.vtpm || tpm.from_template;
                        kv("wiz-vtpm-short", i18n.get(if yes { "yes" } else { "no" }));
                    }
                    kv("wiz-disk-size", vm.disk_gib.to_string());
                    kv("wiz-step-networking", vm.networks.len().to_string());
                });
            ui.checkbox(&mut vm.start, i18n.get("wiz-start"));
            if let Some(plan) = new_vm::plan(cache, vm) {
                xe_panel(ui, i18n, &plan.xe);
            }
        }
    }
}

/// The boot modes of the template (those it cannot take greyed, saying why), a warning
/// when Secure Boot is chosen in a pool without certificates, and the vTPM checkbox, as
/// XenCenter's BootModesControl shows them.
fn boot_choice(ui: &mut egui::Ui, i18n: &I18n, cache: &Cache, vm: &mut NewVm, focus: bool) {
    let template = vm.template.clone();
    let mut first = focus;
    for o in boot_modes::options(cache, template.as_ref()) {
        ui.horizontal(|ui| {
            let resp = ui.add_enabled_ui(o.why_not.is_none(), |ui| {
                ui.radio_value(&mut vm.boot, o.mode, i18n.get(o.mode.label_id()))
            });
            if let Some(why) = o.why_not {
                ui.weak(i18n.get(why.text_id()));
            } else if first {
                resp.inner.request_focus();
                first = false;
            }
        });
    }
    if boot_modes::secure_boot_lacks_certificates(cache, vm.boot) {
        ui.colored_label(ui.visuals().warn_fg_color, i18n.get("wiz-boot-no-certs"));
    }
    let tpm = boot_modes::vtpm(cache, template.as_ref(), vm.boot);
    if !tpm.enabled {
        vm.vtpm = false;
    }
    if tpm.shown {
        ui.add_space(6.0);
        let mut ticked = vm.vtpm || tpm.from_template;
        ui.add_enabled_ui(tpm.enabled, |ui| {
            ui.checkbox(&mut ticked, i18n.get("wiz-vtpm"));
        });
        if tpm.enabled {
            vm.vtpm = ticked;
        }
        if let Some(note) = tpm.note {
            ui.weak(i18n.get(note.text_id()));
        } else if tpm.from_template {
            ui.weak(i18n.get("wiz-vtpm-from-template"));
        }
    }
}
