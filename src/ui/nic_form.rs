//! The NIC settings window for one VIF or PIF: validated as the user types, Apply disabled
//! while anything is invalid, only changed keys sent, the equivalent `xe` commands shown.

use super::command::Command;
use super::edit_form::{EditBody, EditWindow};
use super::pools::PoolList;
use super::windows::AppView;
use crate::i18n::I18n;
use crate::model::edit::EditPlan;
use crate::model::mtu;
use crate::model::names;
use crate::model::nic::{NicForm, NicKind, Problem, SPEEDS, Setting, Switch, Warning};
use crate::model::tree::Node;
use eframe::egui::{self, Role, WidgetInfo};
use i18n_embed_fl::fl;

/// The NIC settings of one VIF or PIF, inside the shared edit-form shell.
pub struct NicBody {
    pub node: Node,
    /// "VM · device" or "NIC on host", for the title.
    name: String,
    pub form: NicForm,
}

pub type NicWindow = EditWindow<NicBody>;

/// A NIC settings window for `node` (a VIF or PIF) from its pool's cache.
pub fn open(pools: &PoolList, i18n: &I18n, node: &Node) -> Option<NicWindow> {
    let pool = pools.index_of_node(node)?;
    let c = &pools[pool].cache;
    let mtu_of = |n| c.networks.get(n).map_or(1500, |n: &xenapi::Network| n.mtu);
    let (form, name) = match node {
        Node::Vif(r) => {
            let v = c.vifs.get(r)?;
            let vm = c
                .vms
                .get(&v.vm)
                .map(|vm| names::vm_name(i18n, vm))
                .unwrap_or_default();
            let mut form = NicForm::new(
                NicKind::Vif,
                r.as_str(),
                &v.uuid,
                &v.other_config,
                mtu_of(&v.network),
            );
            form.mtu_in_effect = v.mtu;
            (form, format!("{vm} · {}", v.device))
        }
        Node::Pif(r) => {
            let p = c.pifs.get(r)?;
            let nic = names::pif_name(i18n, c, p);
            let host = names::host_label(c, &p.host);
            let mut form = NicForm::new(
                NicKind::Pif,
                r.as_str(),
                &p.uuid,
                &p.other_config,
                mtu_of(&p.network),
            );
            form.mtu_in_effect = p.mtu;
            (
                form,
                i18n.get_args("nic-on-host", &[("nic", &nic), ("host", &host)]),
            )
        }
        _ => return None,
    };
    let body = NicBody {
        node: node.clone(),
        name,
        form,
    };
    Some(EditWindow::new(Some(pools[pool].id), body))
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

pub fn warning_text(i18n: &I18n, w: &Warning) -> String {
    let l = &i18n.loader;
    match w {
        Warning::MtuUnusual(n) => fl!(l, "warn-mtu", value = n.to_string()),
        Warning::MtuAboveNetwork { mtu, network } => fl!(
            l,
            "warn-mtu-above",
            value = mtu.to_string(),
            network = network.to_string()
        ),
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

impl EditBody for NicBody {
    const KIND: &'static str = "nic-form";

    fn title(&self, i18n: &I18n) -> String {
        fl!(i18n.loader, "nic-title", name = self.name.as_str())
    }

    fn plan(&self) -> Option<EditPlan> {
        self.form.plan().ok()
    }

    fn applied(&mut self, plan: &EditPlan) {
        let f = &self.form;
        let after = plan.result_on(&f.original);
        let in_effect = f.mtu_in_effect;
        self.form = NicForm::new(f.kind, &f.object_ref, &f.uuid, &after, f.network_mtu);
        // Plugging is what changes the MTU in effect, not the edit.
        self.form.mtu_in_effect = in_effect;
    }

    fn dirty(&self) -> bool {
        self.form.desired() != self.form.original
    }

    fn reload(&self) -> Command {
        Command::OpenNicForm(self.node.clone())
    }

    fn draw(&mut self, ui: &mut egui::Ui, view: &AppView, enabled: bool) {
        let i18n = view.i18n;
        let l = &i18n.loader;
        let w = self;
        let problems = w.form.problems();
        let warnings = w.form.warnings();
        let pending = w.form.mtu_pending();
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
                    for (_, w) in warnings.iter().filter(|(k, _)| *k == s) {
                        ui.label("");
                        ui.label("");
                        ui.colored_label(ui.visuals().warn_fg_color, warning_text(i18n, w));
                        ui.end_row();
                    }
                    if s == Setting::Mtu
                        && let Some(p) = &pending
                    {
                        ui.label("");
                        ui.label("");
                        ui.label(mtu::pending_text(i18n, p));
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
    }
}
