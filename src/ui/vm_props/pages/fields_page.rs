//! The Custom fields page (XenCenter's `CustomFieldsDisplayPage`): each field the pool
//! defines with the VM's value, a text or a date (`yyyy-MM-dd`, with a time if wanted). A
//! value goes into the dialog's `other_config` under XenCenter's key
//! (`XenCenter.CustomFields.<name>`, a date in XenCenter's form); an emptied one is removed.
//! The plan then writes only the keys that changed. Fields are defined from the context
//! menu's Custom fields dialog.

use super::{VmPropsWindow, named};
use crate::model::custom_fields::{self, FieldType};
use crate::model::folders::shown;
use crate::ui::windows::AppView;
use eframe::egui::{self, Role};
use xenapi::Cache;

pub(super) fn custom_fields(
    w: &mut VmPropsWindow,
    ui: &mut egui::Ui,
    view: &AppView,
    cache: &Cache,
) {
    let i18n = view.i18n;
    let was = &w.was.other_config;
    let fields = w.inputs.fields.get_or_insert_with(|| {
        cache
            .pool()
            .map(|(_, p)| custom_fields::definitions(&p.gui_config))
            .unwrap_or_default()
            .into_iter()
            .map(|d| {
                let v = custom_fields::value(was, &d)
                    .map(|v| v.display())
                    .unwrap_or_default();
                (d, v)
            })
            .collect()
    });
    if fields.is_empty() {
        ui.weak(i18n.get("vmp-fields-none"));
        return;
    }
    let mut bad = None;
    egui::Grid::new("vmp_custom_fields")
        .num_columns(2)
        .show(ui, |ui| {
            for (d, text) in fields.iter_mut() {
                let name = shown(&d.name);
                ui.label(&name);
                let r = ui.add(
                    egui::TextEdit::singleline(text)
                        .desired_width(240.0)
                        .hint_text(if d.ty == FieldType::Date {
                            "yyyy-MM-dd"
                        } else {
                            ""
                        }),
                );
                named(&r, Role::TextInput, &name);
                ui.end_row();
                // What the key holds for this text: XenCenter's form of a date; nothing for
                // an empty field. Unchanged text leaves the key as it was (a value another
                // tool wrote stays byte for byte).
                let key = d.key();
                let before = custom_fields::value(was, d)
                    .map(|v| v.display())
                    .unwrap_or_default();
                if text.trim() == before.trim() {
                    match was.get(&key) {
                        Some(v) => w.now.other_config.insert(key, v.clone()),
                        None => w.now.other_config.remove(&key),
                    };
                    continue;
                }
                let t = text.trim();
                if t.is_empty() {
                    w.now.other_config.remove(&key);
                } else if d.ty == FieldType::Date {
                    match custom_fields::parse_date(t) {
                        Some(ts) => {
                            w.now
                                .other_config
                                .insert(key, custom_fields::format_date(ts));
                        }
                        None => bad = Some(name),
                    }
                } else {
                    w.now.other_config.insert(key, t.to_string());
                }
            }
        });
    if let Some(name) = &bad {
        ui.colored_label(
            ui.visuals().error_fg_color,
            i18n.get_args("vmp-fields-bad-date", &[("field", name)]),
        );
    }
    w.inputs.bad_field = bad;
    ui.weak(i18n.get("vmp-fields-note"));
}
