//! The menu bar: File, View (XenCenter's items and order, then language and theme), Help.

use super::{Command, XenPilotApp};
use crate::i18n::{BRAND, LANGUAGES};
use crate::model::tree::ViewKind;
use crate::settings::Theme;
use eframe::egui;
use i18n_embed_fl::fl;

pub fn ui(app: &mut XenPilotApp, ui: &mut egui::Ui) {
    let l = &app.i18n.loader;
    let mut out = Vec::new();
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(fl!(l, "menu-file"), |ui| {
            let connect = egui::Button::new(fl!(l, "menu-connect")).shortcut_text("Ctrl+N");
            if ui.add(connect).clicked() {
                out.push(Command::OpenConnectDialog);
            }
            let open = egui::Button::new(fl!(l, "menu-open-dump")).shortcut_text("Ctrl+O");
            if ui.add(open).clicked() {
                out.push(Command::OpenDumpDialog);
            }
            ui.separator();
            if ui
                .add(egui::Button::new(fl!(l, "menu-quit")).shortcut_text("Ctrl+Q"))
                .clicked()
            {
                out.push(Command::Quit);
            }
        });
        ui.menu_button(fl!(l, "menu-view"), |ui| {
            let mut nav = app.settings.nav;
            ui.radio_value(
                &mut nav,
                ViewKind::Infrastructure,
                fl!(l, "menu-infrastructure"),
            );
            ui.radio_value(&mut nav, ViewKind::Objects, fl!(l, "menu-objects"));
            if nav != app.settings.nav {
                out.push(Command::SetView(nav));
            }
            ui.separator();
            let mut o = app.settings.view;
            ui.checkbox(&mut o.user_templates, fl!(l, "view-user-templates"));
            ui.checkbox(
                &mut o.default_templates,
                fl!(l, "view-default-templates", brand = BRAND),
            );
            ui.checkbox(&mut o.local_srs, fl!(l, "view-local-storage"));
            ui.checkbox(&mut o.show_hidden, fl!(l, "view-show-hidden"));
            if o != app.settings.view {
                out.push(Command::SetViewOptions(o));
            }
            ui.separator();
            ui.menu_button(fl!(l, "menu-language"), |ui| {
                let current = app.i18n.lang();
                for (tag, native) in LANGUAGES {
                    if ui.radio(current == *tag, *native).clicked() && current != *tag {
                        out.push(Command::SetLanguage(tag.to_string()));
                        ui.close();
                    }
                }
            });
            ui.menu_button(fl!(l, "menu-theme"), |ui| {
                let mut t = app.settings.theme;
                ui.radio_value(&mut t, Theme::System, fl!(l, "theme-system"));
                ui.radio_value(&mut t, Theme::Light, fl!(l, "theme-light"));
                ui.radio_value(&mut t, Theme::Dark, fl!(l, "theme-dark"));
                if t != app.settings.theme {
                    out.push(Command::SetTheme(t));
                }
            });
        });
        ui.menu_button(fl!(l, "menu-help"), |ui| {
            if ui.button(fl!(l, "menu-about")).clicked() {
                out.push(Command::About);
                ui.close();
            }
        });
    });
    for c in out {
        app.send(c);
    }
}
