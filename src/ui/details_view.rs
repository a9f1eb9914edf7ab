//! The details pane: the selected object's general properties, its other_config, and lists
//! of related objects (click one to select it).

use super::{Command, XenPilotApp, actions};
use crate::model::details;
use eframe::egui;
use i18n_embed_fl::fl;

/// Draws the selection's details; what the user asks for goes to `out`.
pub fn ui(app: &XenPilotApp, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let l = &app.i18n.loader;
    let Some(node) = app.nav.selected.clone() else {
        ui.weak(fl!(l, "details-none"));
        return;
    };
    if let crate::model::tree::Node::Conn(id) = node {
        // A pool that is not loaded: its name, its state and what can be done with it.
        let Some(i) = app.pools.index(id) else {
            ui.weak(fl!(l, "details-gone"));
            return;
        };
        let p = &app.pools[i];
        ui.heading(&p.name);
        ui.label(super::status_bar::status_text(
            &app.i18n, &p.status, &p.cache,
        ));
        ui.horizontal(|ui| out.extend(actions::ui(app, ui, &node)));
        return;
    }
    let Some(d) = details::details(app.cache(), &app.i18n, &node, app.settings.view.show_hidden)
    else {
        ui.weak(fl!(l, "details-gone"));
        return;
    };
    egui::ScrollArea::vertical()
        .id_salt("details")
        .auto_shrink(false)
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.weak(&d.kind);
                ui.heading(&d.title);
            });
            if actions::has_any(app, &node) {
                ui.horizontal_wrapped(|ui| {
                    if let Some(c) = actions::ui(app, ui, &node) {
                        out.push(c);
                    }
                });
            }
            ui.add_space(6.0);
            ui.strong(fl!(l, "section-general"));
            egui::Grid::new("details-general")
                .num_columns(2)
                .striped(true)
                .spacing([16.0, 4.0])
                .show(ui, |ui| {
                    for (k, v) in &d.props {
                        ui.label(k);
                        ui.add(egui::Label::new(v).selectable(true));
                        ui.end_row();
                    }
                });
            for list in &d.lists {
                ui.add_space(10.0);
                ui.strong(&list.title);
                if list.entries.is_empty() {
                    ui.weak(fl!(l, "list-empty"));
                }
                for e in &list.entries {
                    let text = egui::RichText::new(&e.label);
                    let text = if e.greyed {
                        text.color(ui.visuals().weak_text_color())
                    } else {
                        text
                    };
                    let picked = app.nav.multi.contains(&e.node);
                    let resp =
                        ui.add(egui::Button::selectable(picked, text).frame_when_inactive(false));
                    if resp.clicked() {
                        if ui.input(|i| i.modifiers.command) {
                            out.push(Command::ToggleMulti(e.node.clone()));
                        } else {
                            out.push(Command::Select(e.node.clone()));
                        }
                    }
                    if resp.secondary_clicked() && !picked {
                        out.push(Command::Select(e.node.clone()));
                    }
                    resp.context_menu(|ui| {
                        if let Some(c) = actions::ui(app, ui, &e.node) {
                            out.push(c);
                        }
                    });
                }
            }
            ui.add_space(10.0);
            ui.strong(fl!(l, "section-other-config"));
            if d.other_config.is_empty() {
                ui.weak(fl!(l, "list-empty"));
            } else {
                egui::Grid::new("details-other-config")
                    .num_columns(2)
                    .striped(true)
                    .spacing([16.0, 4.0])
                    .show(ui, |ui| {
                        ui.weak(fl!(l, "prop-key"));
                        ui.weak(fl!(l, "prop-value"));
                        ui.end_row();
                        for (k, v) in &d.other_config {
                            ui.add(
                                egui::Label::new(egui::RichText::new(k).monospace())
                                    .selectable(true),
                            );
                            ui.add(
                                egui::Label::new(egui::RichText::new(v).monospace())
                                    .selectable(true),
                            );
                            ui.end_row();
                        }
                    });
            }
        });
}
