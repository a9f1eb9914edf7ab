//! The Search window: a query over every connected pool, its results as a table (columns
//! chosen, sorted by a header click, rows picked with the keyboard, a row opening its
//! object in the tree), exported as CSV or JSON, saved in XenCenter's form.

use super::cells::{cell_text, column_title};
use super::export::{Export, Format};
use super::runner::Runner;
use super::saved_list::{self, Entry, Picked};
use crate::model::search::results::{self, Column, Found, Hit};
use crate::model::search::{ParseError, PoolCtx, Query, saved};
use crate::ui::actions::Action;
use crate::ui::command::Command;
use crate::ui::pools::PoolList;
use crate::ui::table;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui::{self, RichText};
use i18n_embed_fl::fl;

/// The results table (its header, rows drawn lazily, sorting by a header click).
mod results_table;

/// What the action table asks of the window (its shortcuts work while it is open).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    Save,
    ExportCsv,
    ExportJson,
}

/// Each pool's window id and cache revision.
type Records = Vec<(u64, (usize, u64))>;

/// The query, the sort, and the pools' records.
type MadeFor = (String, Option<(Column, bool)>, Records);

/// How often changed records alone rerun the search.
const RECORDS_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// What the rows of results whose pool has gone read (nothing).
static NO_RECORDS: std::sync::LazyLock<xenapi::Cache> =
    std::sync::LazyLock::new(xenapi::Cache::default);

pub struct SearchWindow {
    text: String,
    parsed: Result<Query, ParseError>,
    /// The matches shown; their rows are built from the records as they are drawn.
    found: Vec<Found>,
    /// The window ids of the pools `found` indexes.
    found_pools: Vec<u64>,
    /// What the newest search was asked for: the query, the sort and the pools' records
    /// (nothing else reruns it: not the tree, not the selection).
    made_for: Option<MadeFor>,
    /// The records the saved searches and custom fields were read from.
    listed_for: Option<Records>,
    /// When the newest search was asked for.
    asked_at: Option<std::time::Instant>,
    runner: Runner,
    pub columns: Vec<Column>,
    custom: Vec<String>,
    sort: Option<(Column, bool)>,
    cursor: Option<usize>,
    scroll_to_cursor: bool,
    /// The rows drawn in the last frame.
    visible: std::ops::Range<usize>,
    open_cursor: bool,
    export: Export,
    saved: Vec<Entry>,
    renaming: Option<(usize, String)>,
    /// The saved list grew (a save here or in another client): unfold it to show it.
    unfold_saved: bool,
    /// The Save row: the name typed and the pool (window id) to keep it in.
    save: Option<(String, Option<u64>)>,
    /// Why the query cannot be saved in XenCenter's form.
    not_savable: Option<String>,
    focus_query: bool,
    closed: bool,
}

impl SearchWindow {
    pub fn new(text: &str) -> Self {
        SearchWindow {
            text: text.to_string(),
            parsed: Query::parse(text),
            found: Vec::new(),
            found_pools: Vec::new(),
            made_for: None,
            listed_for: None,
            asked_at: None,
            runner: Runner::default(),
            columns: Column::DEFAULT.to_vec(),
            custom: Vec::new(),
            sort: Some((Column::Name, true)),
            cursor: None,
            scroll_to_cursor: false,
            visible: 0..0,
            open_cursor: false,
            export: Export::default(),
            saved: Vec::new(),
            renaming: None,
            unfold_saved: false,
            save: None,
            not_savable: None,
            focus_query: true,
            closed: false,
        }
    }

    /// The results shown, every row built (tests).
    pub fn hits(&self, pools: &PoolList) -> Vec<Hit> {
        let ctxs = self.contexts(pools);
        results::rows(&ctxs, &self.found, &self.custom)
    }

    /// How many results are shown.
    pub fn count(&self) -> usize {
        self.found.len()
    }

    /// A search asked for has not given its results yet (the previous ones are shown).
    pub fn searching(&self) -> bool {
        self.runner.busy()
    }

    /// The background search has ended and the next frame shows its results (benchmarks:
    /// the window sleeps until then).
    #[doc(hidden)]
    pub fn search_ended(&self) -> bool {
        self.runner.woken()
    }

    /// How many searches were asked for (tests: nothing unrelated reruns the query).
    #[doc(hidden)]
    pub fn searches(&self) -> u64 {
        self.runner.asked()
    }

    /// Runs every search in the background, whatever the pools' size (tests).
    #[doc(hidden)]
    pub fn always_in_background(&mut self) {
        self.runner.always_in_background();
    }

    /// The pools the results index, as they are now (a pool gone reads as empty).
    fn contexts<'a>(&self, pools: &'a PoolList) -> Vec<PoolCtx<'a>> {
        self.found_pools
            .iter()
            .map(|id| match pools.iter().find(|p| p.id == *id) {
                Some(p) => PoolCtx::new(&p.cache),
                None => PoolCtx::new(&NO_RECORDS),
            })
            .collect()
    }

    pub fn set_query(&mut self, text: &str) {
        self.text = text.to_string();
        self.query_changed();
    }

    /// After the query's text changed: parsed again; the last export's line goes, as it
    /// spoke of the old results.
    fn query_changed(&mut self) {
        self.parsed = Query::parse(&self.text);
        self.cursor = None;
        self.export.outcome = None;
    }

    pub fn request(&mut self, r: Request) {
        match r {
            Request::Save => {
                self.not_savable = None;
                self.save = Some((String::new(), None));
            }
            Request::ExportCsv => self.export.ask(Format::Csv),
            Request::ExportJson => self.export.ask(Format::Json),
        }
    }

    /// Asks for the query to run again when it, the sort or any pool's records changed,
    /// and takes the results in when they arrive.
    fn refresh(&mut self, view: &AppView, ctx: &egui::Context) {
        let records: Records = view.pools.iter().map(|p| (p.id, p.revision())).collect();
        // The saved searches and custom fields follow the records at once (a few keys of
        // each pool: cheap, and a list that lags moves its rows under the pointer).
        if self.listed_for.as_ref() != Some(&records) {
            self.listed_for = Some(records.clone());
            let before = self.saved.len();
            self.saved = saved_list::collect(view.pools);
            self.unfold_saved |= self.saved.len() > before;
            self.custom = custom_fields(view);
        }
        let key = (self.text.clone(), self.sort.clone(), records);
        // Records changing under a storm of events rerun the search at most every
        // RECORDS_EVERY (it reads every object), the query or the sort at once.
        let records_only = self
            .made_for
            .as_ref()
            .is_some_and(|m| m.0 == key.0 && m.1 == key.1);
        let wait = self
            .asked_at
            .map(|t| RECORDS_EVERY.saturating_sub(t.elapsed()))
            .filter(|w| records_only && !w.is_zero());
        if let Some(w) = wait
            && self.made_for.as_ref() != Some(&key)
        {
            ctx.request_repaint_after(w);
        } else if self.made_for.as_ref() != Some(&key) {
            self.made_for = Some(key);
            self.asked_at = Some(std::time::Instant::now());
            match &self.parsed {
                Ok(q) => self.runner.ask(q.clone(), self.sort.clone()),
                Err(_) => {
                    self.runner.cancel();
                    self.found.clear();
                }
            }
        }
        let notify = || -> crate::services::background::Notify {
            let ctx = ctx.clone();
            Box::new(move || ctx.request_repaint())
        };
        if let Some(o) = self.runner.poll(view.pools, notify) {
            self.found = o.found;
            self.found_pools = o.pools;
            if self.cursor.is_some_and(|c| c >= self.found.len()) {
                self.cursor = self.found.len().checked_sub(1);
            }
        }
    }

    fn export_text(&self, format: Format, pools: &PoolList) -> String {
        let hits = self.hits(pools);
        match format {
            Format::Csv => results::to_csv(&hits, &self.columns),
            Format::Json => results::to_json(&hits, &self.columns),
        }
    }

    fn keys(&mut self, ui: &egui::Ui, out: &mut Vec<Command>) {
        if self.found.is_empty() || ui.ctx().text_edit_focused() {
            return;
        }
        let (down, up, home, end) = ui.input(|i| {
            (
                i.key_pressed(egui::Key::ArrowDown),
                i.key_pressed(egui::Key::ArrowUp),
                i.key_pressed(egui::Key::Home),
                i.key_pressed(egui::Key::End),
            )
        });
        let last = self.found.len() - 1;
        let next = match (self.cursor, down, up, home, end) {
            (_, _, _, true, _) => Some(0),
            (_, _, _, _, true) => Some(last),
            (None, true, _, _, _) | (None, _, true, _, _) => Some(0),
            (Some(c), true, _, _, _) => Some((c + 1).min(last)),
            (Some(c), _, true, _, _) => Some(c.saturating_sub(1)),
            _ => None,
        };
        if let Some(n) = next {
            self.cursor = Some(n);
            self.scroll_to_cursor = true;
        }
        if std::mem::take(&mut self.open_cursor)
            && let Some(h) = self.cursor.and_then(|c| self.found.get(c))
        {
            out.push(Command::Select(h.node.clone()));
        }
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, view: &AppView) {
        let i18n = view.i18n;
        let l = &i18n.loader;
        let ctx = ui.ctx().clone();
        let tip = |a: Action| a.shortcut_text(&ctx, i18n);
        ui.horizontal(|ui| {
            ui.menu_button(fl!(l, "search-columns"), |ui| {
                let mut all = Column::DEFAULT.to_vec();
                all.extend(self.custom.iter().cloned().map(Column::Custom));
                for c in all {
                    let mut on = self.columns.contains(&c);
                    if ui.checkbox(&mut on, column_title(i18n, &c)).changed() {
                        if on {
                            self.columns.push(c);
                        } else if self.columns.len() > 1 {
                            self.columns.retain(|x| *x != c);
                        }
                    }
                }
            });
            let busy = self.export.busy();
            if ui
                .add_enabled(!busy, egui::Button::new(fl!(l, "menu-search-export-csv")))
                .on_hover_text(tip(Action::ExportSearchCsv))
                .clicked()
            {
                self.request(Request::ExportCsv);
            }
            if ui
                .add_enabled(!busy, egui::Button::new(fl!(l, "menu-search-export-json")))
                .on_hover_text(tip(Action::ExportSearchJson))
                .clicked()
            {
                self.request(Request::ExportJson);
            }
            if ui
                .add_enabled(
                    self.parsed.is_ok(),
                    egui::Button::new(fl!(l, "menu-save-search")),
                )
                .on_hover_text(tip(Action::SaveSearch))
                .clicked()
            {
                self.request(Request::Save);
            }
        });
    }

    fn save_row(&mut self, ui: &mut egui::Ui, view: &AppView, out: &mut Vec<Command>) {
        let l = &view.i18n.loader;
        let Some((name, pool)) = self.save.as_mut() else {
            return;
        };
        let writable: Vec<(u64, String)> = view
            .pools
            .iter()
            .filter(|p| p.pool_ref().is_some() && view.can_write_to(Some(p.id)))
            .map(|p| (p.id, p.display_name()))
            .collect();
        if pool.is_none_or(|id| !writable.iter().any(|(i, _)| *i == id)) {
            *pool = writable.first().map(|(i, _)| *i);
        }
        let (mut go, mut cancel) = (false, false);
        ui.horizontal(|ui| {
            let label = ui.label(fl!(l, "search-save-name"));
            let r = ui
                .add(egui::TextEdit::singleline(name).desired_width(200.0))
                .labelled_by(label.id);
            go = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let shown = pool
                .and_then(|id| writable.iter().find(|(i, _)| *i == id))
                .map(|(_, n)| n.clone())
                .unwrap_or_default();
            egui::ComboBox::from_label(fl!(l, "search-save-pool"))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for (id, n) in &writable {
                        ui.selectable_value(pool, Some(*id), n);
                    }
                });
            go |= ui
                .add_enabled(pool.is_some(), egui::Button::new(fl!(l, "search-save-ok")))
                .clicked();
            cancel = ui.button(fl!(l, "cancel")).clicked();
        });
        if writable.is_empty() {
            ui.colored_label(ui.visuals().warn_fg_color, fl!(l, "search-save-no-pool"));
        }
        if cancel {
            self.save = None;
            return;
        }
        let (Some(id), Ok(q)) = (*pool, &self.parsed) else {
            return;
        };
        if !go || name.trim().is_empty() {
            return;
        }
        let uuid = uuid::Uuid::new_v4().to_string();
        match saved::to_xml(&uuid, name.trim(), q) {
            Ok(xml) => {
                if let Some(cmd) =
                    gui_config_plan(view, id, |r, u| saved::save_plan(r, u, &uuid, &xml))
                {
                    out.push(cmd);
                }
                self.save = None;
            }
            Err(e) => self.not_savable = Some(e.0),
        }
    }
}

/// A plan on the pool object of pool `id` (its window id), as a job of that pool.
fn gui_config_plan(
    view: &AppView,
    id: u64,
    plan: impl FnOnce(&str, &str) -> crate::model::vm_plans::Plan,
) -> Option<Command> {
    let p = view.pools.iter().find(|p| p.id == id)?;
    let (r, pool) = p.cache.pools.iter().next()?;
    Some(Command::RunOwnedPlan {
        pool: id,
        action: Action::SaveSearch,
        owner: crate::model::tree::Node::Pool(r.clone()),
        name: Some(crate::model::names::pool_name(&p.cache, pool)),
        plan: plan(r.as_str(), &pool.uuid),
    })
}

fn custom_fields(view: &AppView) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for p in view.pools.iter() {
        for pool in p.cache.pools.values() {
            for n in saved::custom_field_names(&pool.gui_config) {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
        }
    }
    names
}

impl AppWindow for SearchWindow {
    fn kind(&self) -> &'static str {
        "search"
    }

    window_any!();

    fn on_escape(&mut self) -> bool {
        if self.export.ask.take().is_some() || self.save.take().is_some() {
            return true;
        }
        self.closed = true;
        true
    }

    fn on_enter(&mut self) -> bool {
        if self.cursor.is_some() && self.export.ask.is_none() && self.save.is_none() {
            self.open_cursor = true;
            return true;
        }
        false
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let l = &i18n.loader;
        self.export.poll();
        let mut open = true;
        crate::ui::dialog_window::tool(
            egui::Window::new(fl!(l, "search-title")),
            ctx,
            egui::Id::unique("search_window"),
        )
        .default_size([900.0, 520.0])
        .resizable(true)
        .open(&mut open)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                let label = ui.label(fl!(l, "search-label"));
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.text)
                            .hint_text(fl!(l, "search-window-hint"))
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id);
                if std::mem::take(&mut self.focus_query) {
                    r.request_focus();
                }
                if r.changed() {
                    self.query_changed();
                }
            });
            self.refresh(view, ctx);
            match &self.parsed {
                Err(e) => {
                    ui.colored_label(ui.visuals().error_fg_color, super::error_text(i18n, e));
                }
                Ok(_) => {
                    // One label either way: the hint coming and going moves nothing.
                    let mut found = i18n.get_counted("search-found", self.found.len(), &[]);
                    if self.runner.busy() {
                        found = format!("{found} {}", fl!(l, "search-searching"));
                    }
                    ui.weak(found);
                }
            }
            self.toolbar(ui, view);
            if let Some((format, path)) = self.export.row(ui, i18n) {
                let text = self.export_text(format, view.pools);
                self.export.write(view.worker.clone(), path, text);
            }
            if let Some((ok, t)) = self.export.outcome_text(i18n) {
                let color = if ok {
                    ui.visuals().text_color()
                } else {
                    ui.visuals().error_fg_color
                };
                ui.colored_label(color, t);
            }
            self.save_row(ui, view, out);
            if let Some(term) = &self.not_savable {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    fl!(l, "search-save-unsupported", term = term.as_str()),
                );
            }
            egui::CollapsingHeader::new(fl!(l, "search-saved", count = self.saved.len()))
                .default_open(!self.saved.is_empty())
                .open(std::mem::take(&mut self.unfold_saved).then_some(true))
                .show(ui, |ui| {
                    let can = |id: u64| view.can_write_to(Some(id));
                    match saved_list::ui(ui, i18n, &self.saved, &mut self.renaming, &can) {
                        Some(Picked::Run(q)) => self.set_query(&q),
                        Some(Picked::Rename(i, name)) => {
                            self.renaming = None;
                            if let Some(e) = self.saved.get(i)
                                && let Ok(q) = &e.saved.query
                                && let Ok(xml) = saved::to_xml(&e.saved.uuid, &name, q)
                                && let Some(cmd) = gui_config_plan(view, e.pool_id, |r, u| {
                                    saved::save_plan(r, u, &e.saved.uuid, &xml)
                                })
                            {
                                out.push(cmd);
                            }
                        }
                        Some(Picked::Delete(i)) => {
                            if let Some(e) = self.saved.get(i)
                                && let Some(cmd) = gui_config_plan(view, e.pool_id, |r, u| {
                                    saved::delete_plan(r, u, &e.saved.uuid)
                                })
                            {
                                out.push(cmd);
                            }
                        }
                        None => {}
                    }
                });
            ui.separator();
            self.keys(ui, out);
            self.table(ui, view, out);
        });
        open && !self.closed
    }
}
