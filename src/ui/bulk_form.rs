//! One NIC setting applied to several selected VIFs or PIFs, with a summary of what changed.

use super::XenPilotApp;
use super::apply::{self, ApplyState};
use super::nic_form::{choice, problem_text, setting_label};
use crate::model::nic::{self, NicKind, Setting, Target};
use crate::model::tree::Node;
use crate::xenapi::records::StringMap;
use eframe::egui;
use i18n_embed_fl::fl;

pub struct BulkWindow {
    pub kind: NicKind,
    /// The NICs' pool (a bulk edit never spans pools).
    pub pool: Option<u64>,
    pub targets: Vec<Node>,
    pub setting: Setting,
    /// "" for Default; "on"/"off" for switches; the text otherwise.
    pub value: String,
    pub apply: ApplyState,
    /// (NICs changed, NICs that already had the value) of the batch in flight.
    sent: (usize, usize),
}

/// A bulk window when `nodes` are two or more NICs of one kind.
pub fn open(nodes: &[Node], pool: Option<u64>) -> Option<BulkWindow> {
    let kind = match nodes.first()? {
        Node::Vif(_) => NicKind::Vif,
        Node::Pif(_) => NicKind::Pif,
        _ => return None,
    };
    let same = nodes.iter().all(|n| match kind {
        NicKind::Vif => matches!(n, Node::Vif(_)),
        NicKind::Pif => matches!(n, Node::Pif(_)),
    });
    (same && nodes.len() >= 2).then(|| BulkWindow {
        kind,
        pool,
        targets: nodes.to_vec(),
        setting: Setting::Offload("tx"),
        value: String::new(),
        apply: ApplyState::Idle,
        sent: (0, 0),
    })
}

fn target_maps(app: &XenPilotApp, targets: &[Node]) -> Vec<(String, String, StringMap)> {
    targets
        .iter()
        .filter_map(|n| match n {
            Node::Vif(r) => app.cache().vifs.get(r).map(|v| {
                (
                    r.as_str().to_string(),
                    v.uuid.clone(),
                    v.other_config.clone(),
                )
            }),
            Node::Pif(r) => app.cache().pifs.get(r).map(|p| {
                (
                    r.as_str().to_string(),
                    p.uuid.clone(),
                    p.other_config.clone(),
                )
            }),
            _ => None,
        })
        .collect()
}

pub fn show(app: &mut XenPilotApp, ctx: &egui::Context) {
    let Some(mut w) = app.bulk_form.take() else {
        return;
    };
    let l = &app.i18n.loader;
    if let Some(results) = w.apply.poll() {
        let failed: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
        let (changed, same) = w.sent;
        let count = w.targets.len();
        let ok = changed - failed.len();
        let mut msg = fl!(l, "bulk-summary", changed = ok, count = count, same = same);
        if let Some(e) = failed.first() {
            msg.push('\n');
            msg.push_str(&fl!(
                l,
                "bulk-failed",
                failed = failed.len(),
                error = apply::error_text(&app.i18n, e)
            ));
            w.apply = apply::ApplyState::Failed(msg);
        } else {
            w.apply = apply::ApplyState::Applied(msg);
        }
    }
    let maps = target_maps(app, &w.targets);
    let targets: Vec<Target> = maps
        .iter()
        .map(|(r, u, m)| Target {
            object_ref: r,
            uuid: u,
            other_config: m,
        })
        .collect();
    let value = (!w.value.trim().is_empty()).then_some(w.value.as_str());
    let plans = nic::bulk_plans(w.kind, &targets, w.setting, value);
    let writable = app.can_write_to(w.pool);
    let enabled = writable && !w.apply.busy();
    let i18n = &app.i18n;
    let mut open = true;
    let mut send = None;
    egui::Window::new(fl!(l, "bulk-title", count = w.targets.len()))
        .id(egui::Id::unique("bulk-form"))
        .open(&mut open)
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label(fl!(l, "bulk-setting"));
                egui::ComboBox::from_id_salt("bulk-setting")
                    .selected_text(w.setting.key())
                    .show_ui(ui, |ui| {
                        for s in Setting::all(w.kind) {
                            if ui
                                .selectable_label(
                                    w.setting == s,
                                    format!("{} — {}", s.key(), setting_label(i18n, s)),
                                )
                                .clicked()
                                && w.setting != s
                            {
                                w.setting = s;
                                w.value.clear();
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
            });
            ui.horizontal(|ui| {
                let label = ui.label(fl!(l, "bulk-value"));
                let key = w.setting.key();
                if w.setting.is_switch() {
                    for (v, text) in [
                        ("", fl!(l, "nic-default")),
                        ("on", fl!(l, "nic-on")),
                        ("off", fl!(l, "nic-off")),
                    ] {
                        if choice(ui, w.value == v, &text, &key, enabled) {
                            w.value = v.to_string();
                        }
                    }
                } else {
                    ui.add_enabled(
                        enabled,
                        egui::TextEdit::singleline(&mut w.value).hint_text(fl!(l, "nic-default")),
                    )
                    .labelled_by(label.id);
                }
            });
            match &plans {
                Err(p) => {
                    ui.colored_label(ui.visuals().error_fg_color, problem_text(i18n, p));
                }
                Ok(ps) => {
                    let cmds: Vec<String> = ps.iter().flat_map(|p| p.xe_commands()).collect();
                    apply::xe_panel(ui, i18n, &cmds);
                }
            }
            if !writable {
                ui.colored_label(ui.visuals().warn_fg_color, app.read_only_text(w.pool));
            }
            ui.separator();
            w.apply.ui(ui, i18n);
            let ready = matches!(&plans, Ok(p) if !p.is_empty());
            if ui
                .add_enabled(enabled && ready, egui::Button::new(fl!(l, "form-apply")))
                .clicked()
                && let Ok(p) = &plans
            {
                send = Some(p.clone());
            }
        });
    if let Some(p) = send {
        let changed = p.len();
        let same = targets.len() - changed;
        if let Some(rx) = app.send_plans(ctx, w.pool, p) {
            w.sent = (changed, same);
            w.apply = ApplyState::Applying(rx);
        }
    }
    if open {
        app.bulk_form = Some(w);
    }
}
