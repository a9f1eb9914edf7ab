//! The menu bar: File, View (XenCenter's items and order, the Events and Alerts views, then
//! language and theme), VM (New VM and the selection's actions), Help.

use super::command::UiCommand;
use super::{Command, XenPilotApp};
use crate::i18n::{BRAND, LANGUAGES};
use crate::model::tree::ViewKind;
use crate::settings::Theme;
use eframe::egui;
use i18n_embed_fl::fl;

/// Draws the menu bar; what the user chose goes to `out`.
pub fn ui(app: &XenPilotApp, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let l = &app.i18n.loader;
    egui::MenuBar::new().ui(ui, |ui| {
        let i18n = &app.i18n;
        let item = |ui: &mut egui::Ui, out: &mut Vec<Command>, c: UiCommand| {
            if let Some(c) = c.menu_button(ui, i18n) {
                out.push(c);
                ui.close();
            }
        };
        ui.menu_button(fl!(l, "menu-file"), |ui| {
            item(ui, out, UiCommand::Connect);
            item(ui, out, UiCommand::OpenDump);
            ui.separator();
            item(ui, out, UiCommand::Quit);
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
            item(ui, out, UiCommand::Events);
            item(ui, out, UiCommand::Alerts);
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
        ui.menu_button(fl!(l, "menu-vm"), |ui| {
            item(ui, out, UiCommand::NewVm);
            ui.separator();
            let vms = super::lifecycle::menu::selected_vms(app);
            if vms.is_empty() {
                ui.weak(fl!(l, "menu-vm-none"));
            } else if let Some(c) =
                super::lifecycle::menu::items(app, ui, &vms, super::lifecycle::menu::Style::Menu)
            {
                out.push(c);
                ui.close();
            }
        });
        ui.menu_button(fl!(l, "menu-help"), |ui| {
            item(ui, out, UiCommand::Shortcuts);
            item(ui, out, UiCommand::About);
        });
    });
}
