//! The Properties dialog's pages: each draws its fields from, and into, the dialog's
//! [`Props`]; a field a running VM cannot take now is marked "needs shutdown".

mod boot_page;
mod fields_page;

use super::{Page, VmPropsWindow};
use crate::model::vm_props::{self, Props, VmFacts};
use crate::ui::command::Command;
use crate::ui::windows::AppView;
use eframe::egui::{self, Role, WidgetInfo};
use xenapi::records::{PowerState, StringMap};
use xenapi::{Cache, Ref};

const MIB: i64 = 1 << 20;

/// What the pages type before it becomes part of the VM (a new tag, a new key).
#[derive(Debug, Default)]
pub struct Inputs {
    pub new_tag: String,
    pub platform_key: String,
    pub platform_value: String,
    pub other_key: String,
    pub other_value: String,
    /// The Memory page shows one size.
    pub fixed: bool,
    /// The Custom fields page: each field of the pool and its value as typed (filled when
    /// the page is first shown).
    pub fields: Option<Vec<(crate::model::custom_fields::Definition, String)>>,
    /// A custom field whose text is no date (Apply waits).
    pub bad_field: Option<String>,
}

impl Inputs {
    pub fn new(p: &Props) -> Inputs {
        Inputs {
            fixed: p.memory.is_fixed(),
            ..Inputs::default()
        }
    }
}

/// A field's label, named for screen readers and tests.
fn named(resp: &egui::Response, role: Role, name: &str) {
    resp.widget_info(|| WidgetInfo::labeled(role, resp.enabled(), name));
}

/// A whole-number field with its label on one grid row.
fn number(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut i64,
    range: std::ops::RangeInclusive<i64>,
    halt: bool,
    i18n: &crate::i18n::I18n,
) -> bool {
    ui.label(label);
    let resp = ui.add(egui::DragValue::new(value).range(range));
    let shown = *value as f64;
    resp.widget_info(|| {
        let mut info = WidgetInfo::labeled(Role::SpinButton, resp.enabled(), label);
        info.value = Some(shown);
        info
    });
    halt_mark(ui, halt, i18n);
    ui.end_row();
    resp.changed()
}

/// "needs shutdown" beside a field a running VM cannot take now.
fn halt_mark(ui: &mut egui::Ui, halt: bool, i18n: &crate::i18n::I18n) {
    if halt {
        ui.colored_label(ui.visuals().warn_fg_color, i18n.get("vmp-needs-halt"))
            .on_hover_text(i18n.get("vmp-needs-halt-tip"));
    } else {
        ui.label("");
    }
}

pub fn draw(
    w: &mut VmPropsWindow,
    ui: &mut egui::Ui,
    view: &AppView,
    cache: &Cache,
    out: &mut Vec<Command>,
) {
    let Some(v) = cache.vms.get(&w.vm) else {
        return;
    };
    let facts = VmFacts::of(cache, v);
    ui.heading(view.i18n.get(w.page.label_id()));
    ui.add_space(4.0);
    match w.page {
        Page::General => general(w, ui, view),
        Page::Cpu => cpu(w, ui, view, &facts),
        Page::Memory => memory(w, ui, view, cache, &facts),
        Page::Boot => boot_page::boot(w, ui, view, &facts, &v.pv_bootloader),
        Page::Home => home(w, ui, view, cache),
        Page::Startup => startup(w, ui, view, cache),
        Page::Ha => ha(w, ui, view, cache),
        Page::CustomFields => fields_page::custom_fields(w, ui, view, cache),
        Page::Advanced => advanced(w, ui, view, out),
    }
}

fn general(w: &mut VmPropsWindow, ui: &mut egui::Ui, view: &AppView) {
    let i18n = view.i18n;
    let multi = w.is_multi();
    if multi {
        ui.label(i18n.get("vmp-multi-note"));
    }
    egui::Grid::new("vmp-general-grid")
        .num_columns(2)
        .show(ui, |ui| {
            if !multi {
                let name = i18n.get("vmp-name");
                ui.label(&name);
                let r = ui.add(egui::TextEdit::singleline(&mut w.now.name).desired_width(320.0));
                named(&r, Role::TextInput, &name);
                ui.end_row();
                let desc = i18n.get("vmp-description");
                ui.label(&desc);
                let r = ui.add(
                    egui::TextEdit::multiline(&mut w.now.description)
                        .desired_rows(3)
                        .desired_width(320.0),
                );
                named(&r, Role::MultilineTextInput, &desc);
                ui.end_row();
            }
            ui.label(i18n.get("vmp-tags"));
            ui.vertical(|ui| tags(w, ui, view));
            ui.end_row();
        });
    ui.weak(i18n.get("vmp-folder-note"));
}

/// The tags as buttons that remove them, and a field to add one.
fn tags(w: &mut VmPropsWindow, ui: &mut egui::Ui, view: &AppView) {
    let i18n = view.i18n;
    let mut remove = None;
    ui.horizontal_wrapped(|ui| {
        for (i, t) in w.now.tags.iter().enumerate() {
            let b = ui.button(format!("{t} ×"));
            named(
                &b,
                Role::Button,
                &i18n.get_args("vmp-tag-remove", &[("tag", t)]),
            );
            if b.clicked() {
                remove = Some(i);
            }
        }
    });
    if let Some(i) = remove {
        w.now.tags.remove(i);
    }
    ui.horizontal(|ui| {
        let label = i18n.get("vmp-tag-new");
        let r = ui.add(egui::TextEdit::singleline(&mut w.inputs.new_tag).desired_width(200.0));
        named(&r, Role::TextInput, &label);
        let tag = w.inputs.new_tag.trim().to_string();
        let ok = !tag.is_empty() && !w.now.tags.contains(&tag);
        if ui
            .add_enabled(ok, egui::Button::new(i18n.get("vmp-tag-add")))
            .clicked()
        {
            w.now.tags.push(tag);
            w.inputs.new_tag.clear();
        }
    });
}

fn cpu(w: &mut VmPropsWindow, ui: &mut egui::Ui, view: &AppView, facts: &VmFacts) {
    let i18n = view.i18n;
    let up = facts.power != PowerState::Halted;
    let was = &w.was;
    egui::Grid::new("vmp-cpu-grid")
        .num_columns(3)
        .show(ui, |ui| {
            let prev_max = w.now.vcpus_max;
            if number(
                ui,
                &i18n.get("vmp-vcpus-max"),
                &mut w.now.vcpus_max,
                1..=256,
                up,
                i18n,
            ) {
                w.now.vcpus_max_changed(prev_max);
            }
            let max_changed = w.now.vcpus_max != was.vcpus_max;
            let max = w.now.vcpus_max;
            let live = facts.power == PowerState::Running
                && facts.live_vcpus
                && !max_changed
                && w.now.vcpus_at_startup >= facts.vcpus_now;
            number(
                ui,
                &i18n.get("vmp-vcpus-startup"),
                &mut w.now.vcpus_at_startup,
                // Not clamped to the maximum: more is refused, saying why (a problem).
                1..=256,
                up && !live,
                i18n,
            );
            let label = i18n.get("vmp-topology");
            ui.label(&label);
            let cores = w.now.cores_per_socket();
            let text = |(s, c): (i64, i64)| {
                i18n.get_args(
                    "vmp-topology-item",
                    &[("sockets", &s.to_string()), ("cores", &c.to_string())],
                )
            };
            let shown = if max % cores.max(1) == 0 {
                text((max / cores.max(1), cores))
            } else {
                i18n.get_args("vmp-topology-invalid", &[("cores", &cores.to_string())])
            };
            let mut chosen = cores;
            let r = egui::ComboBox::from_id_salt("vmp-topology-grid")
                .selected_text(shown)
                .width(260.0)
                .show_ui(ui, |ui| {
                    for t in vm_props::topologies(max) {
                        ui.selectable_value(&mut chosen, t.1, text(t));
                    }
                })
                .response;
            named(&r, Role::ComboBox, &label);
            if chosen != cores {
                w.now.set_cores_per_socket(chosen);
            }
            halt_mark(ui, up, i18n);
            ui.end_row();
        });
    if facts.power == PowerState::Running {
        ui.label(i18n.get_args("vmp-vcpus-now", &[("count", &facts.vcpus_now.to_string())]));
        if facts.live_vcpus {
            ui.weak(i18n.get("vmp-live-vcpus"));
        }
    }
}

fn memory(
    w: &mut VmPropsWindow,
    ui: &mut egui::Ui,
    view: &AppView,
    cache: &Cache,
    facts: &VmFacts,
) {
    let i18n = view.i18n;
    let up = facts.power != PowerState::Halted;
    let static_halt = up;
    let dynamic_halt = up && !facts.live_memory;
    let label = i18n.get("vmp-mem-fixed");
    let r = ui.checkbox(&mut w.inputs.fixed, &label);
    named(&r, Role::CheckBox, &label);
    if r.changed() && w.inputs.fixed {
        w.now.memory = w.now.memory.fixed(w.now.memory.static_max);
    }
    let m = &mut w.now.memory;
    egui::Grid::new("vmp-memory-grid")
        .num_columns(3)
        .show(ui, |ui| {
            if w.inputs.fixed {
                let mut size = m.static_max / MIB;
                if number(
                    ui,
                    &i18n.get("vmp-mem-size"),
                    &mut size,
                    1..=16 << 20,
                    static_halt,
                    i18n,
                ) {
                    *m = m.fixed(size * MIB);
                }
                return;
            }
            for (id, field, halt) in [
                ("vmp-mem-static-min", 0, static_halt),
                ("vmp-mem-dynamic-min", 1, dynamic_halt),
                ("vmp-mem-dynamic-max", 2, dynamic_halt),
                ("vmp-mem-static-max", 3, static_halt),
            ] {
                let slot = match field {
                    0 => &mut m.static_min,
                    1 => &mut m.dynamic_min,
                    2 => &mut m.dynamic_max,
                    _ => &mut m.static_max,
                };
                let mut mib = *slot / MIB;
                if number(ui, &i18n.get(id), &mut mib, 1..=16 << 20, halt, i18n) {
                    *slot = mib * MIB;
                }
            }
        });
    let ordered = !w
        .now
        .problems(&w.was)
        .contains(&vm_props::Problem::MemoryOrder);
    let rule = i18n.get("vmp-mem-rule");
    if ordered {
        ui.weak(rule);
    } else {
        ui.colored_label(ui.visuals().error_fg_color, rule);
    }
    ui.add_space(6.0);
    ui.label(egui::RichText::new(i18n.get("vmp-mem-fits")).strong());
    for (h, free, fits) in vm_props::fits(cache, &w.vm, &w.now.memory) {
        let host = cache
            .hosts
            .get(&h)
            .map(|x| x.name_label.clone())
            .unwrap_or_default();
        let args = [("host", host.as_str()), ("free", &(free / MIB).to_string())];
        if fits {
            ui.label(i18n.get_args("vmp-mem-host-fits", &args));
        } else {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                i18n.get_args("vmp-mem-host-short", &args),
            );
        }
    }
}

fn home(w: &mut VmPropsWindow, ui: &mut egui::Ui, view: &AppView, cache: &Cache) {
    let i18n = view.i18n;
    let mut hosts: Vec<_> = cache.hosts.iter().collect();
    hosts.sort_by(|a, b| a.1.name_label.cmp(&b.1.name_label));
    let none = i18n.get("vmp-home-none");
    let r = ui.radio_value(&mut w.now.affinity, Ref::null(), &none);
    named(&r, Role::RadioButton, &none);
    for (h, host) in hosts {
        let r = ui.radio_value(&mut w.now.affinity, h.clone(), &host.name_label);
        named(&r, Role::RadioButton, &host.name_label);
    }
    ui.weak(i18n.get("vmp-home-note"));
}

fn startup(w: &mut VmPropsWindow, ui: &mut egui::Ui, view: &AppView, cache: &Cache) {
    let i18n = view.i18n;
    let mut on = w.now.auto_poweron();
    let label = i18n.get("vmp-autostart");
    let r = ui.checkbox(&mut on, &label);
    named(&r, Role::CheckBox, &label);
    if r.changed() {
        w.now.set_auto_poweron(on);
    }
    let pool_on = cache.pools.values().any(|p| {
        p.other_config
            .get(vm_props::AUTO_POWERON)
            .is_some_and(|v| v == "true")
    });
    if !pool_on {
        ui.weak(i18n.get("vmp-autostart-pool-off"));
    }
    ui.add_space(6.0);
    egui::Grid::new("vmp-startup-grid")
        .num_columns(3)
        .show(ui, |ui| {
            number(
                ui,
                &i18n.get("vmp-order"),
                &mut w.now.order,
                0..=i64::from(i32::MAX),
                false,
                i18n,
            );
            number(
                ui,
                &i18n.get("vmp-delay"),
                &mut w.now.start_delay,
                0..=86_400,
                false,
                i18n,
            );
        });
}

fn ha(w: &mut VmPropsWindow, ui: &mut egui::Ui, view: &AppView, cache: &Cache) {
    let i18n = view.i18n;
    if !cache.pools.values().any(|p| p.ha_enabled) {
        ui.label(i18n.get("vmp-ha-off"));
        return;
    }
    ui.label(egui::RichText::new(i18n.get("vmp-ha-priority")).strong());
    for (value, id) in [
        ("restart", "vmp-ha-restart"),
        ("best-effort", "vmp-ha-best-effort"),
        ("", "vmp-ha-none"),
    ] {
        let name = i18n.get(id);
        let r = ui.radio_value(&mut w.now.ha_restart_priority, value.to_string(), &name);
        named(&r, Role::RadioButton, &name);
    }
    ui.weak(i18n.get("vmp-ha-order-note"));
    if w.now.ha_restart_priority != w.was.ha_restart_priority {
        let vms: Vec<Ref<xenapi::Vm>> = w.targets.iter().map(|t| t.vm.clone()).collect();
        let priority = w.now.ha_restart_priority.clone();
        w.ha_check.show(ui, view, w.pool, cache, &vms, &priority);
    }
}

/// A map's rows: values editable, keys removable, one new key at the end.
fn map_rows(
    ui: &mut egui::Ui,
    id: &str,
    map: &mut StringMap,
    key: &mut String,
    value: &mut String,
    i18n: &crate::i18n::I18n,
) {
    // Fixed sizes: in a grid a text field is only as wide as its column was last frame.
    const KEY: [f32; 2] = [170.0, 20.0];
    const VALUE: [f32; 2] = [240.0, 20.0];
    let mut remove = None;
    ui.horizontal(|ui| {
        ui.add_sized(
            KEY,
            egui::Label::new(egui::RichText::new(i18n.get("vmp-adv-key")).strong()),
        );
        ui.add_sized(
            VALUE,
            egui::Label::new(egui::RichText::new(i18n.get("vmp-adv-value")).strong()),
        );
    });
    for (k, v) in map.iter_mut() {
        ui.horizontal(|ui| {
            ui.add_sized(
                KEY,
                egui::Label::new(egui::RichText::new(k.as_str()).monospace()).truncate(),
            );
            let r = ui.add_sized(VALUE, egui::TextEdit::singleline(v));
            named(&r, Role::TextInput, k);
            if ui
                .button("×")
                .on_hover_text(i18n.get("vmp-remove"))
                .clicked()
            {
                remove = Some(k.clone());
            }
        });
    }
    ui.horizontal(|ui| {
        let r = ui.add_sized(KEY, egui::TextEdit::singleline(key));
        named(
            &r,
            Role::TextInput,
            &format!("{id} {}", i18n.get("vmp-adv-key")),
        );
        let r = ui.add_sized(VALUE, egui::TextEdit::singleline(value));
        named(
            &r,
            Role::TextInput,
            &format!("{id} {}", i18n.get("vmp-adv-value")),
        );
        let k = key.trim().to_string();
        let ok = !k.is_empty() && !map.contains_key(&k);
        if ui
            .add_enabled(ok, egui::Button::new(i18n.get("vmp-adv-add")))
            .clicked()
        {
            map.insert(k, std::mem::take(value));
            key.clear();
        }
    });
    if let Some(k) = remove {
        map.remove(&k);
    }
}

fn advanced(w: &mut VmPropsWindow, ui: &mut egui::Ui, view: &AppView, out: &mut Vec<Command>) {
    let i18n = view.i18n;
    ui.colored_label(ui.visuals().warn_fg_color, i18n.get("vmp-adv-warning"));
    {
        ui.label(egui::RichText::new(i18n.get("vmp-adv-platform")).strong());
        map_rows(
            ui,
            "platform",
            &mut w.now.platform,
            &mut w.inputs.platform_key,
            &mut w.inputs.platform_value,
            i18n,
        );
        ui.add_space(6.0);
        ui.label(egui::RichText::new(i18n.get("vmp-adv-other")).strong());
        map_rows(
            ui,
            "other_config",
            &mut w.now.other_config,
            &mut w.inputs.other_key,
            &mut w.inputs.other_value,
            i18n,
        );
    }
    ui.add_space(6.0);
    if ui.button(i18n.get("vmp-adv-xenstore")).clicked() {
        out.push(Command::OpenXenstoreForm(w.vm.clone()));
    }
}
