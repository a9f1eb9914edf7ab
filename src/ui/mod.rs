//! The app shell. [`XenPilotApp`] is a thin owner of a few homes, each with its own module:
//! - the pools and their lifecycle ([`pools`], [`logic`]): connect, disconnect, reconnect,
//!   remove, each pool with its own cache;
//! - the navigation state ([`navigator`]: tree, rows, folds, search, selection), drawn by
//!   [`nav`]; the tree is rebuilt off the UI thread while events stream in;
//! - the open windows ([`windows`]: one trait, one struct per window; the edit forms share
//!   [`edit_form`]);
//! - the status bar ([`status_bar`]: typed notices, put into words when drawn).
//!
//! Views never change the app: every panel, tab and window draws from one read-only
//! [`AppView`] a frame (built by `app_view!` from the app's fields) and returns [`Command`]s,
//! applied once a frame ([`logic`]). A view with state of its own (the tree's scrolling, the
//! Events and Alerts views, the Performance and Console tabs) is lent that state, and only
//! it, `&mut` beside the view. Every action of the menus, toolbars, shortcuts and the command
//! palette ([`palette`]) is defined once, in the action table ([`actions`]). Work off the UI
//! thread goes through [`crate::services::background::Task`], polled once a frame, and repaints when
//! done.

pub mod actions;
pub mod activity;
mod awaited;
mod bulk_form;
pub mod command;
pub mod confirm;
pub mod connect_dialog;
pub mod console;
mod details_view;
pub mod dialog_window;
mod disk_choices;
mod disk_drive;
pub mod disk_export;
mod disk_tab;
pub mod disks;
pub mod edit_form;
pub mod errors;
mod focus;
pub mod fonts;
pub mod frame_spans;
mod help;
pub mod hosts;
mod icons;
pub mod import_image;
pub mod import_ovf;
pub mod import_window;
pub mod import_xva;
pub mod instrumented;
mod jobs;
pub mod lifecycle;
mod logic;
mod menu;
mod nav;
pub mod navigator;
pub mod networks;
pub mod new_sr;
pub mod new_sr_block;
pub mod new_sr_iso;
pub mod new_sr_local;
pub mod new_sr_nfs;
pub mod new_sr_repository;
mod nic_form;
pub mod open_dialog;
pub mod org_dialog;
mod palette;
pub mod performance;
pub mod placement;
pub mod pools;
pub mod search;
mod snapshots_tab;
pub mod status_bar;
mod table;
pub mod tabs;
mod tags_edit;
pub mod transfer;
mod vm_props;
pub mod windows;
mod xenstore_form;

pub use command::Command;
pub use open_dialog::load_dump;

use crate::i18n::I18n;
use crate::services::background::Task;
use crate::services::connection::ConnectionHandle;
use crate::store::servers::{Keyring, KeyringError, MemorySecrets, SecretStore, ServerStore};
use crate::store::settings::{Settings, Theme};
use eframe::egui;
use navigator::Navigator;
use open_dialog::LoadError;
use pools::PoolList;
use status_bar::Notice;
use std::path::PathBuf;
use std::sync::Arc;
pub use windows::AppView;
use windows::{Windows, Worker};
use xenapi::events::CacheUpdate;
use xenapi::{Cache, Error};

/// Where a pool's data comes from.
pub enum Source {
    /// A live connection.
    Live(ConnectionHandle),
    /// A fixed cache (tests, opened dumps).
    Static,
}

/// A pool's state. Errors stay typed; the status bar puts them into words when drawn.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// No pool yet (File > Connect… to add one).
    Idle,
    Connecting,
    Connected(String),
    Reconnecting(Error),
    Failed(Error),
    /// A database dump opened read-only (its file name).
    File(String),
    /// Disconnected by the user (Reconnect in its context menu).
    Disconnected,
}

pub struct XenPilotApp {
    /// The pools shown, in the order they were added.
    pub pools: PoolList,
    pub nav: Navigator,
    windows: Windows,
    /// A short message for the status bar.
    pub notice: Option<Notice>,
    /// The notice shown and since when (egui time): notices expire.
    notice_seen: Option<(Notice, f64)>,
    pub i18n: Arc<I18n>,
    pub settings: Settings,
    settings_path: Option<PathBuf>,
    runtime: Option<tokio::runtime::Handle>,
    /// The context of the last frame, for work started outside a frame to repaint.
    ctx: Option<egui::Context>,
    fonts_for: Option<String>,
    /// Keys typed just before Tab or Enter, held so they reach their field first.
    type_ahead: dialog_window::TypeAhead,
    theme_applied: Option<Theme>,
    /// The dump being loaded (its file name).
    loading: Option<(String, Task<Result<Cache, LoadError>>)>,
    /// VM power operations in flight.
    power: Vec<jobs::ActionJob>,
    /// Servers this client asked to reboot (pool id, server): their rows say "rebooting"
    /// while down, "back" once up.
    rebooting: Vec<(u64, xenapi::Ref<xenapi::Host>)>,
    commands: Vec<Command>,
    /// Saved servers and trusted certificates.
    pub servers: ServerStore,
    servers_path: Option<PathBuf>,
    /// Where remembered passwords go (the OS keyring; memory in tests).
    pub secrets: Arc<dyn SecretStore>,
    /// Keyring writes in flight; each reports only a failure.
    keyring_tasks: Vec<Task<Option<KeyringError>>>,
    /// `--server` given several times: the servers still to connect, one Connect dialog at
    /// a time (a certificate to trust or a wrong password is answered for each).
    pending_servers: std::collections::VecDeque<(String, String, Option<String>)>,
    /// The details pane's tabs and their state.
    pub tabs: tabs::Tabs,
    /// The Events and Alerts views, and what they send.
    pub activity: activity::Activity,
    /// The Console tab's console and the popped-out ones.
    pub consoles: console::Consoles,
    /// The Performance tab's graphs, overview and polling.
    pub perf: performance::PerformanceTabs,
    /// Which servers can run which VMs, as the pools answered.
    pub placement: placement::PlacementChecks,
}

/// An [`AppView`] of the app's fields. A macro rather than a method so that the borrow
/// checker sees which fields it reads: the windows, the tree's drawing state (`nav.view`),
/// the tabs' and views' own state stay free to change while it is alive.
macro_rules! app_view {
    ($app:expr) => {{
        let selection = if $app.nav.multi.len() > 1 {
            $app.nav.multi.clone()
        } else {
            $app.nav.selected.iter().cloned().collect()
        };
        AppView {
            worker: $app.worker(),
            busy: $app.power_jobs().map(|(n, _, _)| n.clone()).collect(),
            rebooting: &$app.rebooting,
            loading: $app.loading.is_some(),
            main: $app.activity.main,
            i18n: &$app.i18n,
            settings: &$app.settings,
            pools: &$app.pools,
            servers: &$app.servers,
            multi: &$app.nav.multi,
            selection,
            selected: $app.nav.selected.as_ref(),
            history: &$app.nav.history,
            rows: &$app.nav.rows,
            tree: &$app.nav.tree,
            tree_stale: $app.nav.events_pending()
                || $app
                    .nav
                    .awaited
                    .as_ref()
                    .is_some_and(|a| $app.nav.selected.as_ref() == Some(&a.node)),
            search: &$app.nav.search,
            now: $app.nav.now,
            windows_open: !$app.windows.is_empty(),
            placement: &$app.placement,
        }
    }};
}

impl XenPilotApp {
    /// `settings_path`: where settings persist (`None`: not persisted, as in tests).
    pub fn new(
        source: Source,
        runtime: Option<tokio::runtime::Handle>,
        settings_path: Option<PathBuf>,
    ) -> Self {
        let settings = settings_path
            .as_deref()
            .map(Settings::load)
            .unwrap_or_default();
        let i18n = match &settings.language {
            Some(lang) => I18n::new(lang),
            None => I18n::from_os(),
        };
        let servers_path = settings_path
            .as_deref()
            .map(|p| p.with_file_name("servers.json"));
        let servers = servers_path
            .as_deref()
            .map(ServerStore::load)
            .unwrap_or_default();
        // Without a settings file (tests) nothing may reach the user's real keyring.
        let secrets: Arc<dyn SecretStore> = if settings_path.is_some() {
            Arc::new(Keyring)
        } else {
            Arc::new(MemorySecrets::default())
        };
        let mut nav = Navigator::new();
        nav.background = runtime.is_some();
        let mut app = XenPilotApp {
            pools: PoolList::default(),
            nav,
            windows: Windows::default(),
            notice: None,
            notice_seen: None,
            i18n: Arc::new(i18n),
            settings,
            settings_path,
            runtime,
            ctx: None,
            fonts_for: None,
            type_ahead: Default::default(),
            theme_applied: None,
            loading: None,
            power: Vec::new(),
            rebooting: Vec::new(),
            commands: Vec::new(),
            servers,
            servers_path,
            secrets,
            keyring_tasks: Vec::new(),
            pending_servers: std::collections::VecDeque::new(),
            tabs: tabs::Tabs::default(),
            activity: activity::Activity::default(),
            placement: placement::PlacementChecks::default(),
            consoles: console::Consoles::default(),
            perf: performance::PerformanceTabs::default(),
        };
        if let Source::Live(_) = source {
            app.add_pool("demo".into(), source);
        }
        app
    }

    /// An app over a fixed cache with the given settings (tests, screenshots).
    pub fn with_cache(cache: Cache, settings: Settings) -> Self {
        let mut app = XenPilotApp::new(Source::Static, None, None);
        app.i18n = Arc::new(I18n::new(settings.language.as_deref().unwrap_or("en-US")));
        app.settings = settings;
        let i = app.add_pool("demo".into(), Source::Static);
        app.pools[i].cache = Arc::new(cache);
        app.pools[i].status = Status::Connected("demo".into());
        app
    }

    /// An app over several fixed caches, one pool each (benchmarks of many pools at once).
    pub fn with_caches(caches: Vec<Cache>, settings: Settings) -> Self {
        let mut caches = caches.into_iter();
        let mut app = XenPilotApp::with_cache(caches.next().unwrap_or_default(), settings);
        for (n, cache) in caches.enumerate() {
            let i = app.add_pool(format!("demo {}", n + 2), Source::Static);
            app.pools[i].cache = Arc::new(cache);
            app.pools[i].status = Status::Connected("demo".into());
        }
        app
    }

    /// Installs fonts and theme on `ctx` now, so the first frame draws CJK text correctly.
    pub fn setup(&mut self, ctx: &egui::Context) {
        self.apply_look(ctx);
    }

    /// The active pool's cache (empty when no pool is shown).
    pub fn cache(&self) -> &Cache {
        self.pools.cache()
    }

    /// The active pool's state.
    pub fn status(&self) -> Status {
        self.pools.status()
    }

    /// The visible tree rows, as of the last frame.
    pub fn rows(&self) -> &[crate::model::tree::Row] {
        self.nav.rows()
    }

    /// (objects in the current view, objects the hidden toggle adds or removes), as of the
    /// last frame.
    pub fn counts(&self) -> (usize, usize) {
        self.nav.counts()
    }

    /// The Search window, when open (tests).
    pub fn search_window(&self) -> Option<&search::SearchWindow> {
        self.windows.get()
    }

    /// The Search window, when open, to change (tests).
    pub fn search_window_mut(&mut self) -> Option<&mut search::SearchWindow> {
        self.windows.get_mut()
    }

    /// Queues a command, as a view would (tests drive the app this way too).
    pub fn send(&mut self, c: Command) {
        self.commands.push(c);
    }

    /// Applies a cache update from the event loop to the active pool (tests). Selection,
    /// expansion and scroll position are kept: they are keyed by object ref, not by row.
    pub fn apply_update(&mut self, update: CacheUpdate) {
        let Some(i) = self.active_index() else {
            return;
        };
        let mut fx = pools::Effects::default();
        self.pools[i].apply_update(update, &mut fx);
        self.take_effects(fx);
    }

    fn active_index(&self) -> Option<usize> {
        let id = self.pools.active_id()?;
        self.pools.index(id)
    }

    /// The error the Open dialog shows, if it is open with one.
    pub fn open_dialog_error(&self) -> Option<String> {
        let d = self.windows.get::<open_dialog::OpenDialog>()?;
        d.error.as_ref().map(|e| errors::load(&self.i18n, e))
    }

    /// Whether the NIC settings form is open (tests).
    pub fn nic_form_open(&self) -> bool {
        self.windows.is_open("nic-form")
    }

    /// Whether edits can be sent to the pool `id` (connected, not an opened dump, and the
    /// user's role allows them).
    pub fn can_write_to(&self, id: Option<u64>) -> bool {
        self.runtime.is_some() && self.pools.can_write_to(id)
    }

    /// A notice goes after a while: a result after 10 s, a failure after a minute (the
    /// Events view keeps both); a repaint is asked for when it is due.
    fn expire_notice(&mut self, ctx: &egui::Context) {
        const DONE_FOR: f64 = 10.0;
        const FAILED_FOR: f64 = 60.0;
        let now = ctx.input(|i| i.time);
        let Some(n) = &self.notice else {
            self.notice_seen = None;
            return;
        };
        let since = match &self.notice_seen {
            Some((seen, at)) if seen == n => *at,
            _ => {
                self.notice_seen = Some((n.clone(), now));
                now
            }
        };
        let ttl = if n.is_error() { FAILED_FOR } else { DONE_FOR };
        if now - since >= ttl {
            self.notice = None;
            self.notice_seen = None;
        } else {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(ttl - (now - since)));
        }
    }

    /// What views, windows and actions may read of the app while they draw.
    pub fn view(&self) -> AppView<'_> {
        app_view!(self)
    }

    /// A worker for background work that repaints this window, once a frame was drawn.
    fn worker(&self) -> Option<Worker> {
        Some(Worker {
            rt: self.runtime.clone()?,
            ctx: self.ctx.clone()?,
        })
    }

    /// Blocking work (keyring): on the runtime's blocking pool, or inline without a runtime.
    fn blocking<T: Send + 'static>(&self, job: impl FnOnce() -> T + Send + 'static) -> Task<T> {
        match self.worker() {
            Some(w) => w.spawn_blocking(job),
            None => Task::ready(job()),
        }
    }

    /// Rebuilds what changed in the navigation state (see [`Navigator::refresh`]).
    pub fn refresh(&mut self) {
        let (view, opts) = (self.settings.nav, self.settings.view);
        self.nav.refresh(&mut self.pools, &self.i18n, view, opts);
    }

    /// The frames events need: the next one at once while changes wait to be applied, unless
    /// a tree build holds the caches (it wakes the window when done: frames drawn meanwhile
    /// would apply nothing); else one when the next build is due.
    fn ask_event_frames(&mut self, ctx: &egui::Context) {
        if self.nav.wake.is_none() {
            let ctx = ctx.clone();
            self.nav.wake = Some(Arc::new(move || ctx.request_repaint()));
        }
        let backlog = self.pools.iter().any(pools::PoolConn::has_pending);
        if backlog && !self.nav.background_busy() {
            ctx.request_repaint();
        } else if self.nav.events_pending() {
            ctx.request_repaint_after(navigator::EVENT_REBUILD_INTERVAL);
        }
    }

    fn apply_look(&mut self, ctx: &egui::Context) {
        let lang = self.i18n.lang();
        if self.fonts_for.as_deref() != Some(lang.as_str()) {
            fonts::install(ctx, &lang);
            self.fonts_for = Some(lang);
        }
        if self.theme_applied != Some(self.settings.theme) {
            focus::install(ctx);
            ctx.set_theme(match self.settings.theme {
                Theme::System => egui::ThemePreference::System,
                Theme::Light => egui::ThemePreference::Light,
                Theme::Dark => egui::ThemePreference::Dark,
            });
            self.theme_applied = Some(self.settings.theme);
        }
    }

    fn apply_commands(&mut self, ctx: &egui::Context) {
        for c in std::mem::take(&mut self.commands) {
            self.apply(ctx, c);
        }
    }
}

impl eframe::App for XenPilotApp {
    fn raw_input_hook(&mut self, _ctx: &egui::Context, raw_input: &mut egui::RawInput) {
        self.type_ahead.hook(raw_input);
    }

    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.ctx = Some(ctx.clone());
        if self.type_ahead.pending() {
            ctx.request_repaint();
        }
        self.nav.now = ctx.input(|i| i.time);
        {
            let _s = frame_spans::span("drain");
            self.drain_events();
        }
        {
            let _s = frame_spans::span("poll_tasks");
            self.poll_tasks();
        }
        self.poll_connect();
        self.apply_look(ctx);
        self.expire_notice(ctx);
        // A second pass of the same frame sees the same key events: act on them once.
        if ctx.current_pass_index() == 0 {
            // A console with the keyboard gets every key, shortcuts included.
            self.consoles.grab_keys(ctx);
            self.commands.extend(actions::Action::pressed(ctx));
        }
        {
            let _s = frame_spans::span("commands");
            self.apply_commands(ctx);
        }
        let _s = frame_spans::span("refresh");
        self.refresh();
        self.ask_event_frames(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        // The tree's commands go first, as they always have.
        let (mut tree_out, mut out) = (Vec::new(), Vec::new());
        self.windows.route_keys(&ctx);
        // One read-only view for the frame; each panel's own state is lent beside it.
        let view = app_view!(self);
        let span = frame_spans::span("draw_menu");
        egui::Panel::top("menu").show(ui, |ui| menu::ui(&view, ui, &mut out));
        drop(span);
        let span = frame_spans::span("draw_toolbar");
        egui::Panel::top("toolbar").show(ui, |ui| actions::draw::toolbar(&view, ui, &mut out));
        drop(span);
        let span = frame_spans::span("draw_status");
        egui::Panel::bottom("status").show(ui, |ui| {
            let line = status_bar::StatusLine {
                i18n: &self.i18n,
                pools: &self.pools,
                notice: self.notice.as_ref(),
                loading: self.loading.as_ref().map(|(n, _)| n.as_str()),
                counts: self.nav.counts(),
                found: self.nav.found(),
                running: self.power_jobs().map(|(_, op, vm)| (op, vm)).collect(),
                activity: status_bar::ActivityCounts::of(&self.pools, &self.activity),
            };
            status_bar::ui(&line, ui, &mut out);
        });
        drop(span);
        let span = frame_spans::span("draw_tree");
        nav::panel(&view, &mut self.nav.view, ui, &mut tree_out);
        drop(span);
        let span = frame_spans::span("draw_main");
        if view.main != activity::MainView::Details {
            // The details pane is not drawn: its graphs stop polling (a console is kept while
            // its VM stays selected, as on another tab).
            self.perf.hide();
            console::hidden(&mut self.consoles, &view);
        }
        egui::CentralPanel::default().show(ui, |ui| match view.main {
            activity::MainView::Details => {
                let lent = tabs::Lent {
                    perf: &mut self.perf,
                    consoles: &mut self.consoles,
                    activity: &self.activity,
                };
                tabs::ui(&self.tabs, &view, lent, ui, &mut out)
            }
            activity::MainView::Events => {
                activity::events::ui(&mut self.activity, &view, ui, &mut out)
            }
            activity::MainView::Alerts => {
                activity::alerts::ui(&mut self.activity, &view, ui, &mut out)
            }
        });
        drop(span);
        let span = frame_spans::span("draw_windows");
        out.extend(self.windows.show(&ctx, &view));
        console::windows(&mut self.consoles, &view, &ctx, &mut out);
        dialog_window::end_frame(&ctx);
        drop(span);
        self.commands.append(&mut tree_out);
        self.commands.append(&mut out);
        // Commands from this frame's views take effect before the next frame is drawn.
        if !self.commands.is_empty() {
            let _s = frame_spans::span("commands_after");
            self.apply_commands(&ctx);
            self.refresh();
            ctx.request_repaint();
        }
    }

    fn on_exit(&mut self) {
        // Every session is logged out, a login still in progress included.
        let Some(rt) = &self.runtime else {
            return;
        };
        for p in self.pools.iter() {
            if let Source::Live(handle) = &p.source {
                handle.close(rt, std::time::Duration::from_secs(2));
            }
        }
        if let Some(connect_dialog::Stage::Connecting(h)) = self
            .windows
            .get::<connect_dialog::ConnectDialog>()
            .map(|d| &d.stage)
        {
            h.close(rt, std::time::Duration::from_secs(2));
        }
    }
}
