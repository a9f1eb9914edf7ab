//! The NIC settings window for one VIF or PIF: validated as the user types, Apply disabled
//! while anything is invalid, only changed keys sent, the equivalent `xe` commands shown.

use super::apply::{self, ApplyState};
use super::{Command, XenPilotApp};
use crate::i18n::I18n;
use crate::model::edit::EditPlan;
use crate::model::names;
use crate::model::nic::{NicForm, NicKind, Problem, SPEEDS, Setting, Switch, Warning};
use crate::model::tree::Node;
use eframe::egui::{self, Role, WidgetInfo};
use i18n_embed_fl::fl;

pub struct NicWindow {
    pub node: Node,
    /// The pool the NIC belongs to: Apply writes there whatever is selected meanwhile.
    pub pool: Option<u64>,
    title: String,
    pub form: NicForm,
    pub apply: ApplyState,
    /// The plan in flight: on success the form continues from its result.
    sent: Option<EditPlan>,
}

/// A NIC settings window for `node` (a VIF or PIF) from the cache.
pub fn open(app: &XenPilotApp, node: &Node) -> Option<NicWindow> {
    let c = app.cache();
    let i18n = &app.i18n;
    let mtu_of = |n| {
        c.networks
            .get(n)
            .map_or(1500, |n: &crate::xenapi::Network| n.mtu)
    };
    let (form, name) = match node {
        Node::Vif(r) => {
            let v = c.vifs.get(r)?;
            let vm = c
                .vms
                .get(&v.vm)
                .map(|vm| names::vm_name(i18n, vm))
                .unwrap_or_default();
            let form = NicForm::new(
                NicKind::Vif,
                r.as_str(),
                &v.uuid,
                &v.other_config,
                mtu_of(&v.network),
            );
            (form, format!("{vm} · {}", v.device))
        }
        Node::Pif(r) => {
            let p = c.pifs.get(r)?;
            let nic = names::pif_name(i18n, c, p);
            let host = names::host_label(c, &p.host);
            let form = NicForm::new(
                NicKind::Pif,
                r.as_str(),
                &p.uuid,
                &p.other_config,
                mtu_of(&p.network),
            );
            (
                form,
                i18n.get_args("nic-on-host", &[("nic", &nic), ("host", &host)]),
            )
        }
        _ => return None,
    };
    Some(NicWindow {
        node: node.clone(),
        pool: app.active_pool_id(),
        title: fl!(i18n.loader, "nic-title", name = name),
        form,
        apply: ApplyState::Idle,
        sent: None,
    })
}

pub fn problem_text(i18n: &I18n, p: &Problem) -> String {
    let l = &i18n.loader;
    match p {
        Problem::NotOnOff(v) => fl!(l, "err-not-on-off", value = v.as_str()),
        Problem::SpeedNotPositive(v) => fl!(l, "err-speed", value = v.as_str()),
        Problem::DuplexInvalid(v) => fl!(l, "err-duplex", value = v.as_str()),
        Problem::AdvertiseNotHex(v) => fl!(l, "err-advertise", value = v.as_str()),
        Problem::MtuNotInteger(v) => fl!(l, "err-mtu-integer", value = v.as_str()),
        Problem::MtuOutOfRange(n) => fl!(l, "err-mtu-range", value = n.to_string()),
    }
}

pub fn setting_label(i18n: &I18n, s: Setting) -> String {
    let l = &i18n.loader;
    match s {
        Setting::Offload("rx") => fl!(l, "nic-desc-rx"),
        Setting::Offload("tx") => fl!(l, "nic-desc-tx"),
        Setting::Offload("sg") => fl!(l, "nic-desc-sg"),
        Setting::Offload("tso") => fl!(l, "nic-desc-tso"),
        Setting::Offload("ufo") => fl!(l, "nic-desc-ufo"),
        Setting::Offload("gso") => fl!(l, "nic-desc-gso"),
        Setting::Offload("gro") => fl!(l, "nic-desc-gro"),
        Setting::Offload(_) => fl!(l, "nic-desc-lro"),
        Setting::Autoneg => fl!(l, "nic-desc-autoneg"),
        Setting::Promiscuous => fl!(l, "nic-desc-promiscuous"),
        Setting::Speed => fl!(l, "nic-desc-speed"),
        Setting::Duplex => fl!(l, "nic-desc-duplex"),
        Setting::Advertise => fl!(l, "nic-desc-advertise"),
        Setting::Mtu => fl!(l, "nic-desc-mtu"),
    }
}

/// A choice button whose accessible name carries the key ("ethtool-tx: On"), so each row's
/// buttons can be told apart by screen readers and tests.
pub fn choice(ui: &mut egui::Ui, selected: bool, text: &str, key: &str, enabled: bool) -> bool {
    let resp = ui.add_enabled(enabled, egui::Button::selectable(selected, text));
    let name = format!("{key}: {text}");
    resp.widget_info(|| WidgetInfo::selected(Role::RadioButton, enabled, selected, &name));
    resp.clicked()
}

fn switch_ui(ui: &mut egui::Ui, i18n: &I18n, key: &str, v: &mut Switch, enabled: bool) {
    let l = &i18n.loader;
    ui.horizontal(|ui| {
        for (target, text) in [
            (Switch::Default, fl!(l, "nic-default")),
            (Switch::On, fl!(l, "nic-on")),
            (Switch::Off, fl!(l, "nic-off")),
        ] {
            if choice(ui, *v == target, &text, key, enabled) {
                *v = target;
            }
        }
        if let Switch::Invalid(raw) = v {
            ui.colored_label(ui.visuals().error_fg_color, format!("“{raw}”"));
        }
    });
}

fn text_ui(
    ui: &mut egui::Ui,
    i18n: &I18n,
    form_mtu: i64,
    s: Setting,
    key_label: egui::Id,
    t: &mut String,
    enabled: bool,
) {
    let l = &i18n.loader;
    let key = s.key();
    ui.horizontal(|ui| match s {
        Setting::Duplex => {
            for (value, text) in [
                ("", fl!(l, "nic-default")),
                ("half", fl!(l, "nic-duplex-half")),
                ("full", fl!(l, "nic-duplex-full")),
            ] {
                if choice(ui, t.as_str() == value, &text, &key, enabled) {
                    *t = value.to_string();
                }
            }
            if !["", "half", "full"].contains(&t.as_str()) {
                ui.colored_label(ui.visuals().error_fg_color, format!("“{t}”"));
            }
        }
        _ => {
            let hint = match s {
                Setting::Mtu => fl!(l, "nic-mtu-default", mtu = form_mtu),
                Setting::Advertise => "0x…".to_string(),
                _ => fl!(l, "nic-default"),
            };
            ui.add_enabled(
                enabled,
                egui::TextEdit::singleline(t)
                    .hint_text(hint)
                    .desired_width(280.0),
            )
            .labelled_by(key_label);
            if s == Setting::Speed {
                for sp in SPEEDS {
                    if choice(ui, t.as_str() == sp, sp, &key, enabled) {
                        *t = sp.to_string();
                    }
                }
            }
        }
    });
}

pub fn show(app: &mut XenPilotApp, ctx: &egui::Context) {
    let Some(mut w) = app.nic_form.take() else {
        return;
    };
    if let Some(results) = w.apply.poll() {
        match results.into_iter().next().unwrap_or(Ok(())) {
            Ok(()) => {
                if let Some(p) = w.sent.take() {
                    // Continue from what the server now holds, so a second Apply is not a
                    // false conflict.
                    let after = p.result_on(&w.form.original);
                    w.form = NicForm::new(
                        w.form.kind,
                        &w.form.object_ref,
                        &w.form.uuid,
                        &after,
                        w.form.network_mtu,
                    );
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
    let i18n = &app.i18n;
    let l = &i18n.loader;
    let mut open = true;
    let mut send = None;
    let mut reload = false;
    let enabled = writable && !w.apply.busy();
    egui::Window::new(w.title.clone())
        .id(egui::Id::unique("nic-form"))
        .open(&mut open)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .resizable(true)
        .default_width(560.0)
        .show(ctx, |ui| {
            let problems = w.form.problems();
            let warnings = w.form.warnings();
            let mtu = w.form.network_mtu;
            egui::Grid::new("nic-grid")
                .num_columns(3)
                .spacing([12.0, 6.0])
                .show(ui, |ui| {
                    let kind = w.form.kind;
                    for s in Setting::all(kind) {
                        ui.label(setting_label(i18n, s));
                        let key = s.key();
                        let key_label = ui.weak(egui::RichText::new(&key).monospace()).id;
                        if s.is_switch() {
                            if let Some(v) = w.form.switch_mut(s) {
                                switch_ui(ui, i18n, &key, v, enabled);
                            }
                        } else if let Some(t) = w.form.text_mut(s) {
                            text_ui(ui, i18n, mtu, s, key_label, t, enabled);
                        }
                        ui.end_row();
                        for (_, p) in problems.iter().filter(|(k, _)| *k == s) {
                            ui.label("");
                            ui.label("");
                            ui.colored_label(ui.visuals().error_fg_color, problem_text(i18n, p));
                            ui.end_row();
                        }
                        for (_, Warning::MtuUnusual(n)) in warnings.iter().filter(|(k, _)| *k == s)
                        {
                            ui.label("");
                            ui.label("");
                            ui.colored_label(
                                ui.visuals().warn_fg_color,
                                fl!(l, "warn-mtu", value = n.to_string()),
                            );
                            ui.end_row();
                        }
                    }
                });
            ui.add_space(6.0);
            ui.weak(fl!(l, "nic-promiscuous-note"));
            if w.form.kind == NicKind::Vif {
                ui.weak(fl!(l, "nic-vif-note"));
                let na = w.form.not_applicable();
                if !na.is_empty() {
                    ui.weak(fl!(l, "nic-not-applicable", keys = na.join(", ")));
                }
                ui.label(fl!(l, "nic-when-vif"));
            } else {
                ui.label(fl!(l, "nic-when-pif"));
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
        app.send(Command::OpenNicForm(w.node.clone()));
        return;
    }
    if open {
        app.nic_form = Some(w);
    }
}
