//! One NIC setting applied to several selected VIFs or PIFs, with a summary of what changed.

use super::command::Command;
use super::edit_form::{self, ApplyState, FormKeys, Outcome};
use super::nic_form::{choice, problem_text, setting_label};
use super::windows::{AppView, AppWindow, window_any};
use crate::model::nic::{self, NicKind, Setting, Target};
use crate::model::tree::Node;
use eframe::egui;
use i18n_embed_fl::fl;
use xenapi::Cache;
use xenapi::records::StringMap;

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
    keys: FormKeys,
    /// The user chose or typed a value (until then nothing is pending to lose).
    edited: bool,
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
        keys: FormKeys::default(),
        edited: false,
    })
}

/// The NICs' current other_config, read from their own pool's cache (not the active one).
fn target_maps(cache: &Cache, targets: &[Node]) -> Vec<(String, String, StringMap)> {
    targets
        .iter()
        .filter_map(|n| match n {
            Node::Vif(r) => cache.vifs.get(r).map(|v| {
                (
                    r.as_str().to_string(),
                    v.uuid.clone(),
                    v.other_config.clone(),
                )
            }),
            Node::Pif(r) => cache.pifs.get(r).map(|p| {
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

impl AppWindow for BulkWindow {
    fn kind(&self) -> &'static str {
        "bulk-form"
    }

    window_any!();

    fn on_escape(&mut self) -> bool {
        self.keys.on_escape()
    }

    fn on_enter(&mut self) -> bool {
        self.keys.on_enter()
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, _out: &mut Vec<Command>) -> bool {
        let w = self;
        let l = &view.i18n.loader;
        if let Some(results) = w.apply.poll() {
            let (changed, same) = w.sent;
            w.apply = ApplyState::Done(Outcome::Bulk {
                changed,
                count: w.targets.len(),
                same,
                failed: results.into_iter().filter_map(Result::err).collect(),
            });
        }
        let Some(cache) = view.pools.cache_of(w.pool) else {
            return false; // the pool is gone
        };
        let maps = target_maps(cache, &w.targets);
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
        let writable = view.can_write_to(w.pool);
        let enabled = writable && !w.apply.busy();
        let i18n = view.i18n;
        let mut open = true;
        let mut send = None;
        let mut discard = false;
        let ready = enabled && matches!(&plans, Ok(p) if !p.is_empty());
        if w.keys.take_enter()
            && ready
            && let Ok(p) = &plans
        {
            send = Some(p.clone());
        }
        let id = egui::Id::unique("bulk-form");
        let window = egui::Window::new(fl!(l, "bulk-title", count = w.targets.len()))
            .id(id)
            .open(&mut open);
        crate::ui::dialog_window::modal(window, ctx, id).show(ctx, |ui| {
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
                            w.edited = true;
                        }
                    }
                } else {
                    let edit = ui
                        .add_enabled(
                            enabled,
                            egui::TextEdit::singleline(&mut w.value)
                                .hint_text(fl!(l, "nic-default")),
                        )
                        .labelled_by(label.id);
                    w.edited |= edit.changed();
                }
            });
            match &plans {
                Err(p) => {
                    ui.colored_label(ui.visuals().error_fg_color, problem_text(i18n, p));
                }
                Ok(ps) => {
                    let cmds: Vec<String> = ps.iter().flat_map(|p| p.xe_commands()).collect();
                    edit_form::xe_panel(ui, i18n, &cmds);
                }
            }
            if !writable {
                ui.colored_label(ui.visuals().warn_fg_color, view.read_only_text(w.pool));
            }
            ui.separator();
            w.apply.ui(ui, view, w.pool);
            if w.keys.asking {
                discard = w.keys.question(ui, i18n);
            } else if ui
                .add_enabled(ready, egui::Button::new(fl!(l, "form-apply")))
                .clicked()
                && let Ok(p) = &plans
            {
                send = Some(p.clone());
            }
        });
        if discard {
            return false;
        }
        if let Some(p) = send {
            let changed = p.len();
            let same = targets.len() - changed;
            if w.apply.send(view, w.pool, p) {
                w.sent = (changed, same);
            }
        }
        // Pending: a value that would change NICs, or one that is not valid yet.
        let dirty = w.edited
            && match &plans {
                Ok(p) => !p.is_empty(),
                Err(_) => true,
            };
        w.keys.keep_open(ctx, open, dirty)
    }
}
