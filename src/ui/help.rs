//! The Help menu's windows: the keyboard shortcuts (F1), from the same definitions the key
//! bindings use, and About.

use super::actions::Action;
use super::command::Command;
use super::windows::{AppView, AppWindow, window_any};
use eframe::egui;
use i18n_embed_fl::fl;

/// Help > Keyboard shortcuts (F1). Escape closes it, as every window.
#[derive(Default)]
pub struct ShortcutsWindow {
    closed: bool,
}

impl AppWindow for ShortcutsWindow {
    fn kind(&self) -> &'static str {
        "shortcuts"
    }

    window_any!();

    fn on_escape(&mut self) -> bool {
        self.closed = true;
        true
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, _out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let l = &i18n.loader;
        let ctrl = i18n.get("key-ctrl");
        let mut open = true;
        super::dialog_window::tool(
            egui::Window::new(fl!(l, "menu-shortcuts")),
            ctx,
            egui::Id::unique("shortcuts"),
        )
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .show(ctx, |ui| {
            // Scrolls rather than growing past the window (and over the menu bar).
            let max = ctx.content_rect().height() * 0.75;
            egui::ScrollArea::vertical().max_height(max).show(ui, |ui| {
                egui::Grid::new("shortcuts-grid")
                    .num_columns(2)
                    .spacing([24.0, 4.0])
                    .striped(true)
                    .show(ui, |ui| {
                        for a in Action::all() {
                            let Some(sc) = a.shortcut() else {
                                continue;
                            };
                            let mut keys = ctx.format_shortcut(&sc);
                            if let Some(also) = a.def().also {
                                keys = format!("{keys}, {}", ctx.format_shortcut(&also));
                            }
                            ui.monospace(keys.replace("Ctrl", &ctrl));
                            ui.label(a.label(i18n));
                            ui.end_row();
                        }
                        let click = format!("{ctrl}+{}", fl!(l, "key-click"));
                        for (keys, what) in [
                            ("↑ ↓".to_string(), fl!(l, "keys-tree-move")),
                            ("← →".to_string(), fl!(l, "keys-tree-fold")),
                            ("Enter".to_string(), fl!(l, "keys-tree-enter")),
                            (click, fl!(l, "keys-multi")),
                            ("Esc".to_string(), fl!(l, "keys-escape")),
                        ] {
                            ui.monospace(keys);
                            ui.label(what);
                            ui.end_row();
                        }
                    });
            });
        });
        open && !self.closed
    }
}

/// Help > About: version, commit, licence, where it comes from. Escape closes it.
#[derive(Default)]
pub struct AboutWindow {
    closed: bool,
}

impl AppWindow for AboutWindow {
    fn kind(&self) -> &'static str {
        "about"
    }

    window_any!();

    fn on_escape(&mut self) -> bool {
        self.closed = true;
        true
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, _out: &mut Vec<Command>) -> bool {
        let l = &view.i18n.loader;
        let mut open = true;
        super::dialog_window::modal(
            egui::Window::new(fl!(l, "menu-about")),
            ctx,
            egui::Id::unique("about"),
        )
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .show(ctx, |ui| {
            ui.label(fl!(l, "about-text", version = env!("CARGO_PKG_VERSION")));
            ui.label(fl!(l, "about-commit", commit = crate::COMMIT));
            ui.label(fl!(l, "about-licence", licence = env!("CARGO_PKG_LICENSE")));
            ui.horizontal(|ui| {
                ui.label(fl!(l, "about-built-with"));
                ui.hyperlink_to("egui", "https://github.com/emilk/egui");
                ui.label("·");
                ui.hyperlink_to("XenAPI", "https://xapi-project.github.io/xen-api/");
            });
        });
        open && !self.closed
    }
}
