//! The tags row of the Properties dialogs (servers, the pool, storage, networks), as
//! XenCenter's `GeneralEditPage` tags editor: each tag a button that takes it off, a field to
//! add one, and the tags already in use in the pool to pick from. The dialog sends only what
//! changed (`crate::model::tags::edit_plan`: one `remove_tags`/`add_tags` per tag).

use crate::i18n::I18n;
use crate::model::folders::shown;
use crate::model::tags;
use eframe::egui::{self, Role, WidgetInfo};
use std::collections::BTreeSet;

/// A grid row: the label, then the tags and the field to add one.
pub fn grid_row(
    ui: &mut egui::Ui,
    i18n: &I18n,
    list: &mut Vec<String>,
    new: &mut String,
    in_use: &BTreeSet<String>,
) {
    ui.label(i18n.get("vmp-tags"));
    ui.vertical(|ui| editor(ui, i18n, list, new, in_use));
    ui.end_row();
}

/// The tags as buttons that remove them, a field to add one, and the pool's other tags.
pub fn editor(
    ui: &mut egui::Ui,
    i18n: &I18n,
    list: &mut Vec<String>,
    new: &mut String,
    in_use: &BTreeSet<String>,
) {
    let mut remove = None;
    ui.horizontal_wrapped(|ui| {
        for (i, t) in list.iter().enumerate() {
            let name = i18n.get_args("vmp-tag-remove", &[("tag", &shown(t))]);
            let b = ui.button(format!("{} ×", shown(t)));
            b.widget_info(|| WidgetInfo::labeled(Role::Button, true, &name));
            if b.clicked() {
                remove = Some(i);
            }
        }
    });
    if let Some(i) = remove {
        list.remove(i);
    }
    ui.horizontal(|ui| {
        let label = i18n.get("vmp-tag-new");
        let r = ui.add(egui::TextEdit::singleline(new).desired_width(180.0));
        r.widget_info(|| WidgetInfo::labeled(Role::TextInput, true, &label));
        let tag = tags::clean(new).filter(|t| !list.contains(t));
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let add = ui.add_enabled(tag.is_some(), egui::Button::new(i18n.get("vmp-tag-add")));
        if let Some(t) = tag
            && (add.clicked() || enter)
        {
            list.push(t);
            new.clear();
        }
        let others: Vec<&String> = in_use.iter().filter(|t| !list.contains(t)).collect();
        if !others.is_empty() {
            ui.menu_button(i18n.get("props-tags-in-use"), |ui| {
                for t in others {
                    if ui.button(shown(t)).clicked() {
                        list.push(t.clone());
                        ui.close();
                    }
                }
            });
        }
    });
}
