//! The saved searches of every connected pool (XenCenter's among them): run, rename,
//! delete; a search with a part XenPilot cannot run says which part, and does not run.

use crate::i18n::I18n;
use crate::model::search::saved::{self, Saved};
use crate::ui::pools::PoolList;
use eframe::egui;
use i18n_embed_fl::fl;

/// A saved search and the pool that keeps it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub pool_id: u64,
    pub pool_name: String,
    pub saved: Saved,
}

/// Every saved search of every loaded pool, by name.
pub fn collect(pools: &PoolList) -> Vec<Entry> {
    let mut out = Vec::new();
    for p in pools.iter() {
        let Some(pool) = p.cache.pools.values().next() else {
            continue;
        };
        let pool_name = crate::model::names::pool_name(&p.cache, pool);
        for s in saved::from_gui_config(&pool.gui_config) {
            out.push(Entry {
                pool_id: p.id,
                pool_name: pool_name.clone(),
                saved: s,
            });
        }
    }
    out.sort_by(|a, b| {
        crate::model::natural::compare(&a.saved.name, &b.saved.name)
            .then_with(|| a.pool_name.cmp(&b.pool_name))
    });
    out
}

/// What the user did in the list.
pub enum Picked {
    Run(String),
    Rename(usize, String),
    Delete(usize),
}

/// The list; `renaming`: the entry being renamed and the name typed.
pub fn ui(
    ui: &mut egui::Ui,
    i18n: &I18n,
    entries: &[Entry],
    renaming: &mut Option<(usize, String)>,
    can_write: &dyn Fn(u64) -> bool,
) -> Option<Picked> {
    let l = &i18n.loader;
    let mut picked = None;
    if entries.is_empty() {
        ui.weak(fl!(l, "search-saved-none"));
        return None;
    }
    egui::Grid::new("saved-searches")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            for (i, e) in entries.iter().enumerate() {
                if let Some((at, typed)) = renaming.as_ref()
                    && *at == i
                {
                    let mut name = typed.clone();
                    let mut cancelled = false;
                    let r = ui.add(egui::TextEdit::singleline(&mut name).desired_width(200.0));
                    r.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::Role::TextInput,
                            true,
                            fl!(l, "search-saved-new-name"),
                        )
                    });
                    let enter = r.lost_focus() && ui.input(|inp| inp.key_pressed(egui::Key::Enter));
                    ui.label(&e.pool_name);
                    ui.horizontal(|ui| {
                        if (ui.button(fl!(l, "search-saved-rename-ok")).clicked() || enter)
                            && !name.trim().is_empty()
                        {
                            picked = Some(Picked::Rename(i, name.trim().to_string()));
                        }
                        if ui.button(fl!(l, "cancel")).clicked() {
                            picked = None;
                            cancelled = true;
                        }
                    });
                    ui.end_row();
                    *renaming = (!cancelled).then_some((i, name));
                    continue;
                }
                ui.label(crate::model::names::visible(&e.saved.name));
                ui.label(&e.pool_name);
                ui.horizontal(|ui| {
                    match &e.saved.query {
                        Ok(q) => {
                            if ui.button(fl!(l, "search-saved-run")).clicked() {
                                picked = Some(Picked::Run(q.to_string()));
                            }
                        }
                        Err(u) => {
                            ui.add_enabled(false, egui::Button::new(fl!(l, "search-saved-run")))
                                .on_disabled_hover_text(fl!(
                                    l,
                                    "search-saved-unsupported",
                                    part = u.0.as_str()
                                ));
                        }
                    }
                    let writable = can_write(e.pool_id);
                    // Renaming rewrites the query: only one XenPilot can read back whole.
                    let rename = ui.add_enabled(
                        writable && e.saved.query.is_ok(),
                        egui::Button::new(fl!(l, "search-saved-rename")),
                    );
                    if rename.clicked() {
                        *renaming = Some((i, e.saved.name.clone()));
                    }
                    if ui
                        .add_enabled(writable, egui::Button::new(fl!(l, "search-saved-delete")))
                        .clicked()
                    {
                        picked = Some(Picked::Delete(i));
                    }
                });
                ui.end_row();
                if let Err(u) = &e.saved.query {
                    ui.label("");
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        fl!(l, "search-saved-unsupported", part = u.0.as_str()),
                    );
                    ui.end_row();
                }
            }
        });
    picked
}
