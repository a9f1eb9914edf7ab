//! The menu bar: File, View (XenCenter's items and order, the Events and Alerts views, then
//! language and theme), VM (New VM and the selection's actions), Help.

use super::Command;
use super::actions::Action;
use super::actions::draw::{self, Style};
use super::actions::layout;
use super::windows::AppView;
use crate::i18n::{BRAND, LANGUAGES};
use crate::model::tree::{Node, ViewKind};
use crate::store::settings::Theme;
use eframe::egui;
use i18n_embed_fl::fl;

/// Draws the menu bar; what the user chose goes to `out`.
pub fn ui(app: &AppView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let l = &app.i18n.loader;
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button(fl!(l, "menu-file"), |ui| {
            draw::menu_list(ui, app, layout::FILE_MENU, out);
        });
        ui.menu_button(fl!(l, "menu-view"), |ui| {
            let mut nav = app.settings.nav;
            ui.radio_value(
                &mut nav,
                ViewKind::Infrastructure,
                fl!(l, "menu-infrastructure"),
            );
            ui.radio_value(&mut nav, ViewKind::Objects, fl!(l, "menu-objects"));
            ui.radio_value(&mut nav, ViewKind::Tags, fl!(l, "menu-tags-view"));
            ui.radio_value(&mut nav, ViewKind::Folders, fl!(l, "menu-folders-view"));
            if nav != app.settings.nav {
                out.push(Command::SetView(nav));
            }
            ui.separator();
            draw::menu_list(ui, app, layout::VIEW_MENU, out);
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
            // New VM on the active pool (greyed, saying why, for a role that only reads).
            if let Some(c) = draw::item(ui, app, Action::NewVm, &[], Style::Menu) {
                out.push(c);
                ui.close();
            }
            ui.separator();
            let vms = draw::selected_vms(app);
            if vms.is_empty() {
                ui.weak(fl!(l, "menu-vm-none"));
            } else if let Some(c) = draw::vm_items(ui, app, &vms, Style::Menu) {
                if !c.keeps_menu_open() {
                    ui.close();
                }
                out.push(c);
            }
        });
        // Servers and the pool: the selected server's actions, and its pool's.
        ui.menu_button(fl!(l, "menu-server"), |ui| match app.selection.as_slice() {
            [h @ Node::Host(_)] => {
                if let Some(c) = draw::items(
                    ui,
                    app,
                    layout::HOST_MENU,
                    std::slice::from_ref(h),
                    Style::Menu,
                ) {
                    out.push(c);
                    ui.close();
                }
            }
            _ => {
                ui.weak(fl!(l, "menu-server-none"));
            }
        });
        ui.menu_button(fl!(l, "menu-pool"), |ui| {
            let pool = app
                .selection
                .first()
                .and_then(|n| app.pools.index_of_node(n))
                .or_else(|| app.pools.active().and_then(|p| app.pools.index(p.id)))
                .and_then(|i| app.pools[i].cache.pools.keys().next().cloned());
            match pool {
                Some(p) => {
                    if let Some(c) =
                        draw::items(ui, app, layout::POOL_MENU, &[Node::Pool(p)], Style::Menu)
                    {
                        out.push(c);
                        ui.close();
                    }
                }
                None => {
                    ui.weak(fl!(l, "menu-pool-none"));
                }
            }
        });
        ui.menu_button(fl!(l, "menu-help"), |ui| {
            draw::menu_list(ui, app, layout::HELP_MENU, out);
        });
    });
}
