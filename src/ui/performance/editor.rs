//! The graph editor: add, remove, rename and move graphs, pick each graph's data sources,
//! then save the layout to the pool's `gui_config` in XenCenter's keys. Only the keys that
//! change are written (per-key `pool.add_to_gui_config` / `remove_from_gui_config`, checked
//! against a fresh read first), so another admin's keys survive. Read-only users may edit
//! what they see but not save, and are told why.

use super::PerfNotice;
use crate::model::edit::EditPlan;
use crate::model::graphs::layout::{self, Graph};
use crate::services::background::{Poll, Task};
use crate::services::edits::{self, EditError};
use crate::ui::AppView;
use eframe::egui;
use xenapi::rrd::ObjectKind;

/// What the editor reads of the app.
pub struct EditorCtx<'a> {
    pub view: &'a AppView<'a>,
    pub pool_i: usize,
    pub kind: ObjectKind,
    pub uuid: &'a str,
    /// The data sources the host reports for the object.
    pub sources: &'a [&'a str],
}

pub struct Editor {
    /// The layout as edited (drawn live below the editor).
    pub graphs: Vec<Graph>,
    /// Colours chosen for data sources (`0xAARRGGBB`), drawn live too.
    pub colours: std::collections::BTreeMap<String, u32>,
    /// The graph whose sources are listed.
    selected: usize,
    saving: Option<Task<Result<(), EditError>>>,
}

impl Editor {
    pub fn new(graphs: Vec<Graph>) -> Editor {
        Editor {
            graphs,
            colours: Default::default(),
            selected: 0,
            saving: None,
        }
    }

    /// The plan that saves the layout: the per-key changes to `gui_config`.
    pub fn plan(&self, ctx: &EditorCtx) -> Option<EditPlan> {
        let (r, pool) = ctx.view.pools[ctx.pool_i].cache.pool()?;
        Some(layout::save_plan(
            r.as_str(),
            &pool.uuid,
            &pool.gui_config,
            ctx.kind,
            ctx.uuid,
            &self.graphs,
            &self.colours,
        ))
    }

    /// Draws the editor; returns a notice when a save finished.
    pub fn ui(&mut self, ui: &mut egui::Ui, ctx: &EditorCtx) -> Option<PerfNotice> {
        let i18n = ctx.view.i18n;
        let mut notice = None;
        if let Some(t) = &mut self.saving {
            match t.poll() {
                Poll::Pending => {}
                Poll::Ready(r) => {
                    notice = Some(match r {
                        Ok(()) => PerfNotice::LayoutSaved,
                        Err(e) => PerfNotice::LayoutFailed(e),
                    });
                    self.saving = None;
                }
                Poll::Vanished => {
                    notice = Some(PerfNotice::LayoutVanished);
                    self.saving = None;
                }
            }
        }
        let n = self.graphs.len();
        let mut action: Option<(usize, isize)> = None; // (graph, move by; 0 = remove)
        ui.columns(2, |cols| {
            let ui = &mut cols[0];
            ui.strong(i18n.get("perf-edit-graphs"));
            for (i, g) in self.graphs.iter_mut().enumerate() {
                ui.horizontal(|ui| {
                    if ui.radio(self.selected == i, format!("{}", i + 1)).clicked() {
                        self.selected = i;
                    }
                    ui.add(
                        egui::TextEdit::singleline(&mut g.name)
                            .hint_text(super::graph::title(
                                i18n,
                                ctx.kind,
                                &Graph {
                                    name: String::new(),
                                    sources: g.sources.clone(),
                                },
                            ))
                            .desired_width(160.0),
                    );
                    if ui
                        .add_enabled(i > 0, egui::Button::new("↑").small())
                        .on_hover_text(i18n.get("perf-edit-up"))
                        .clicked()
                    {
                        action = Some((i, -1));
                    }
                    if ui
                        .add_enabled(i + 1 < n, egui::Button::new("↓").small())
                        .on_hover_text(i18n.get("perf-edit-down"))
                        .clicked()
                    {
                        action = Some((i, 1));
                    }
                    if ui
                        .small_button("×")
                        .on_hover_text(i18n.get("perf-edit-remove"))
                        .clicked()
                    {
                        action = Some((i, 0));
                    }
                });
            }
            if ui.button(i18n.get("perf-edit-add")).clicked() {
                self.graphs.push(Graph::default());
                self.selected = self.graphs.len() - 1;
            }
            let ui = &mut cols[1];
            ui.strong(i18n.get("perf-edit-sources"));
            if let Some(g) = self.graphs.get(self.selected)
                && crate::model::graphs::split_by_unit(ctx.kind, g).len() > 1
            {
                ui.weak(i18n.get("perf-edit-mixed-units"));
            }
            if let Some(g) = self.graphs.get_mut(self.selected) {
                egui::ScrollArea::vertical()
                    .id_salt("perf-edit-sources")
                    .max_height(160.0)
                    .show(ui, |ui| {
                        for s in ctx.sources {
                            let mut on = g.sources.iter().any(|x| x == s);
                            let name = super::graph::line_name(
                                i18n,
                                &crate::model::graphs::Line::Source(s.to_string()),
                            );
                            let text = if name == *s {
                                name
                            } else {
                                format!("{name} ({s})")
                            };
                            ui.horizontal(|ui| {
                                if ui.checkbox(&mut on, text).changed() {
                                    if on {
                                        g.sources.push(s.to_string());
                                    } else {
                                        g.sources.retain(|x| x != s);
                                    }
                                }
                                let Some(i) = g.sources.iter().position(|x| x == s) else {
                                    return;
                                };
                                let saved =
                                    ctx.view.pools[ctx.pool_i].cache.pool().and_then(|(_, p)| {
                                        layout::colour(&p.gui_config, ctx.kind, ctx.uuid, s)
                                    });
                                let argb = self.colours.get(*s).copied().or(saved);
                                let mut c = super::graph::colour_of(argb, i);
                                if ui.color_edit_button_srgba(&mut c).changed() {
                                    let [r, g, b, a] = c.to_srgba_unmultiplied();
                                    self.colours
                                        .insert(s.to_string(), u32::from_be_bytes([a, r, g, b]));
                                }
                            });
                        }
                    });
            }
        });
        match action {
            Some((i, 0)) => {
                self.graphs.remove(i);
                self.selected = self.selected.min(self.graphs.len().saturating_sub(1));
            }
            Some((i, d)) => {
                let j = (i as isize + d) as usize;
                self.graphs.swap(i, j);
                self.selected = j;
            }
            None => {}
        }
        let pools = ctx.view.pools;
        let id = Some(pools[ctx.pool_i].id);
        let can_write = ctx.view.can_write_to(id);
        ui.horizontal(|ui| {
            let save = ui.add_enabled(
                can_write && self.saving.is_none(),
                egui::Button::new(i18n.get("perf-edit-save")),
            );
            if save.clicked() {
                self.save(ctx);
            }
            if ui.button(i18n.get("perf-edit-defaults")).clicked() {
                self.graphs = layout::defaults(ctx.kind, ctx.sources);
            }
            if self.saving.is_some() {
                ui.spinner();
            }
            if !can_write {
                ui.weak(pools.read_only_text(i18n, id));
            }
        });
        notice
    }

    fn save(&mut self, ctx: &EditorCtx) {
        let (Some(plan), Some(session), Some(worker)) = (
            self.plan(ctx),
            ctx.view.pools[ctx.pool_i].session(),
            ctx.view.worker.clone(),
        ) else {
            return;
        };
        self.saving = Some(worker.spawn(async move { edits::apply(&session, &plan).await }));
    }
}
