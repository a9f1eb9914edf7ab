//! egui views. [`XenPilotApp`] owns the state; the views in the submodules draw it and report
//! what the user did as [`Command`]s, applied once a frame. Network and file work runs in the
//! background ([`crate::connection`], a loader thread) and comes back over channels.
//!
//! Several pools can be shown at once ([`pools`]); the one holding the selection is the
//! active pool, which the details pane, the status bar and new forms speak of.

mod actions;
mod apply;
mod bulk_form;
pub mod connect_dialog;
mod details_view;
pub mod fonts;
mod icons;
mod menu;
mod nav;
mod nic_form;
mod open_dialog;
pub mod pools;
mod xenstore_form;

use crate::connection::ConnectionHandle;
use crate::edits::PowerOp;
use crate::i18n::I18n;
use crate::model::tree::{self, Node, Query, Row, TreeItem, ViewKind};
use crate::servers::{Keyring, MemorySecrets, SecretStore, ServerStore};
use crate::settings::{Settings, Theme};
use crate::xenapi::Cache;
use crate::xenapi::events::CacheUpdate;
use crate::xenapi::{Ref, Session, TransportOptions, Vm};
use eframe::egui;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;

/// Where the app's data comes from.
pub enum Source {
    /// A live connection.
    Live(ConnectionHandle),
    /// A fixed cache (tests, opened dumps).
    Static,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// No pool yet (File > Connect… to add one).
    Idle,
    Connecting,
    Connected(String),
    Reconnecting(String),
    Failed(String),
    /// A database dump opened read-only (its file name).
    File(String),
    /// Disconnected by the user (Reconnect in its context menu).
    Disconnected,
}

/// What the views ask for; applied by [`XenPilotApp::apply`].
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Select(Node),
    /// Ctrl+click: add to or remove from a multi-selection.
    ToggleMulti(Node),
    OpenNicForm(Node),
    OpenXenstoreForm(Ref<Vm>),
    OpenBulkForm,
    Power(Ref<Vm>, PowerOp),
    Toggle(Node),
    SetSearch(String),
    SetView(ViewKind),
    SetViewOptions(tree::ViewOptions),
    SetLanguage(String),
    SetTheme(Theme),
    OpenDumpDialog,
    OpenDump(PathBuf),
    OpenConnectDialog,
    /// Disconnect, reconnect or remove the pool with this window id.
    Disconnect(u64),
    Reconnect(u64),
    RemovePool(u64),
    About,
    Quit,
}

type LoadResult = Result<Cache, String>;

/// While events stream in, the tree is rebuilt at most this often (XenCenter throttles too).
const EVENT_REBUILD_INTERVAL: std::time::Duration = std::time::Duration::from_millis(200);

/// When the process started (set by `main`), for the start-up figures in BENCHMARKS.md.
pub static PROCESS_START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// `XENPILOT_BENCH_EXIT=loaded`: print start-up timings to stderr and close once the pool is
/// shown (used by `cargo bench --bench report`; never set in normal use).
fn bench_exit_requested() -> bool {
    std::env::var("XENPILOT_BENCH_EXIT").is_ok_and(|v| v == "loaded")
}

pub struct XenPilotApp {
    /// The pools shown, in the order they were added.
    pub pools: Vec<pools::PoolConn>,
    /// The pool of the selection: the details pane, forms and status bar speak of it.
    active: usize,
    next_pool_id: u64,
    pub i18n: I18n,
    pub settings: Settings,
    pub search: String,
    pub selected: Option<Node>,
    collapsed: HashSet<Node>,
    settings_path: Option<PathBuf>,
    runtime: Option<tokio::runtime::Handle>,
    tree: Vec<TreeItem>,
    rows: Vec<Row>,
    object_count: usize,
    hidden_count: usize,
    tree_dirty: bool,
    rows_dirty: bool,
    /// Events applied to the cache and not yet to the tree.
    events_pending: bool,
    /// egui's clock (seconds) now and at the last tree build: frame time, so tests that
    /// step the clock see the same throttling as the window.
    now: f64,
    last_build: Option<f64>,
    fonts_for: Option<String>,
    theme_applied: Option<Theme>,
    open_dialog: Option<open_dialog::OpenDialog>,
    loading: Option<(String, mpsc::Receiver<LoadResult>)>,
    about_open: bool,
    commands: Vec<Command>,
    nav: nav::NavState,
    /// Objects picked with Ctrl+click (the primary selection included).
    pub multi: Vec<Node>,
    nic_form: Option<nic_form::NicWindow>,
    xs_form: Option<xenstore_form::XenstoreWindow>,
    bulk_form: Option<bulk_form::BulkWindow>,
    /// A short message for the status bar (a failed power operation).
    pub notice: Option<String>,
    power_results: Vec<mpsc::Receiver<Result<(), String>>>,
    bench_exit: bool,
    first_frame_done: bool,
    connect: Option<connect_dialog::ConnectDialog>,
    /// Saved servers and trusted certificates.
    pub servers: ServerStore,
    servers_path: Option<PathBuf>,
    /// Where remembered passwords go (the OS keyring; memory in tests).
    pub secrets: Arc<dyn SecretStore>,
    /// Keyring writes in flight; each reports only a failure.
    keyring_errors: Vec<mpsc::Receiver<String>>,
}

/// What `cache()` gives when no pool is shown.
static NO_CACHE: std::sync::LazyLock<Cache> = std::sync::LazyLock::new(Cache::default);

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
        let mut app = XenPilotApp {
            pools: Vec::new(),
            active: 0,
            next_pool_id: 1,
            i18n,
            settings,
            search: String::new(),
            selected: None,
            collapsed: HashSet::new(),
            settings_path,
            runtime,
            tree: Vec::new(),
            rows: Vec::new(),
            object_count: 0,
            hidden_count: 0,
            tree_dirty: true,
            rows_dirty: true,
            events_pending: false,
            now: 0.0,
            last_build: None,
            fonts_for: None,
            theme_applied: None,
            open_dialog: None,
            loading: None,
            about_open: false,
            commands: Vec::new(),
            nav: nav::NavState::default(),
            multi: Vec::new(),
            nic_form: None,
            xs_form: None,
            bulk_form: None,
            notice: None,
            power_results: Vec::new(),
            bench_exit: bench_exit_requested(),
            first_frame_done: false,
            connect: None,
            servers,
            servers_path,
            secrets,
            keyring_errors: Vec::new(),
        };
        if let Source::Live(_) = source {
            app.add_pool("demo".into(), source);
        }
        app
    }

    /// Adds a pool to the window and makes it the active one; returns its index.
    pub fn add_pool(&mut self, name: String, source: Source) -> usize {
        let id = self.next_pool_id;
        self.next_pool_id += 1;
        self.pools.push(pools::PoolConn::new(id, name, source));
        self.active = self.pools.len() - 1;
        self.tree_dirty = true;
        self.active
    }

    /// The active pool's cache (empty when no pool is shown).
    pub fn cache(&self) -> &Cache {
        self.pools.get(self.active).map_or(&NO_CACHE, |p| &p.cache)
    }

    /// The active pool's state.
    pub fn status(&self) -> Status {
        self.pools
            .get(self.active)
            .map_or(Status::Idle, |p| p.status.clone())
    }

    /// The index of the pool that holds `node`.
    pub fn pool_of(&self, node: &Node) -> Option<usize> {
        self.pools.iter().position(|p| p.holds(node))
    }

    fn activate_pool_of(&mut self, node: &Node) {
        if let Some(i) = self.pool_of(node) {
            self.active = i;
        }
    }

    /// The index of the pool with window id `id`.
    pub fn pool_index(&self, id: u64) -> Option<usize> {
        self.pools.iter().position(|p| p.id == id)
    }

    /// The id of the active pool (forms remember it, so they write to the pool they came from).
    pub fn active_pool_id(&self) -> Option<u64> {
        self.pools.get(self.active).map(|p| p.id)
    }

    /// An app over a fixed cache with the given settings (tests, screenshots).
    pub fn with_cache(cache: Cache, settings: Settings) -> Self {
        let mut app = XenPilotApp::new(Source::Static, None, None);
        app.i18n = I18n::new(settings.language.as_deref().unwrap_or("en-US"));
        app.settings = settings;
        let i = app.add_pool("demo".into(), Source::Static);
        app.pools[i].cache = cache;
        app.pools[i].status = Status::Connected("demo".into());
        app
    }

    /// Installs fonts and theme on `ctx` now, so the first frame draws CJK text correctly.
    pub fn setup(&mut self, ctx: &egui::Context) {
        self.apply_look(ctx);
    }

    /// Applies a cache update from the event loop to the active pool (tests). Selection,
    /// expansion and scroll position are kept: they are keyed by object ref, not by row.
    pub fn apply_update(&mut self, update: CacheUpdate) {
        let Some(p) = self.pools.get_mut(self.active) else {
            return;
        };
        let mut fx = pools::Effects::default();
        p.apply_update(&self.i18n, update, &mut fx);
        self.take_effects(fx);
    }

    pub(crate) fn take_effects(&mut self, fx: pools::Effects) {
        self.tree_dirty |= fx.tree_changed;
        self.events_pending |= fx.events_pending;
        if fx.notice.is_some() {
            self.notice = fx.notice;
        }
    }

    /// The error the Open dialog shows, if it is open with one.
    pub fn open_dialog_error(&self) -> Option<&str> {
        self.open_dialog.as_ref()?.error.as_deref()
    }

    /// Queues a command, as a view would (tests drive the app this way too).
    pub fn send(&mut self, c: Command) {
        self.commands.push(c);
    }

    fn save_settings(&self) {
        if let Some(p) = &self.settings_path
            && let Err(e) = self.settings.save(p)
        {
            tracing::warn!(path = %p.display(), error = %e, "cannot save settings");
        }
    }

    /// Applies one command.
    pub fn apply(&mut self, ctx: &egui::Context, c: Command) {
        match c {
            Command::Select(n) => {
                self.activate_pool_of(&n);
                self.reveal(&n);
                self.multi.clear();
                self.selected = Some(n);
            }
            Command::ToggleMulti(n) => {
                // Start from the selection when it is of the same kind; the primary
                // selection (and so the details pane) does not move.
                let same_kind = |a: &Node| std::mem::discriminant(a) == std::mem::discriminant(&n);
                if self.multi.is_empty()
                    && let Some(s) = self.selected.as_ref().filter(|s| same_kind(s) && **s != n)
                {
                    self.multi.push(s.clone());
                }
                if let Some(i) = self.multi.iter().position(|m| *m == n) {
                    self.multi.remove(i);
                } else {
                    self.multi.push(n);
                }
            }
            // A form opens on its object's pool (a context menu may name another one).
            Command::OpenNicForm(n) => {
                self.activate_pool_of(&n);
                self.nic_form = nic_form::open(self, &n);
            }
            Command::OpenXenstoreForm(vm) => {
                self.activate_pool_of(&Node::Vm(vm.clone()));
                self.xs_form = xenstore_form::open(self, &vm);
            }
            Command::OpenBulkForm => {
                let pool = self.multi.first().and_then(|n| self.pool_of(n));
                let id = pool.map(|i| self.pools[i].id);
                self.bulk_form = bulk_form::open(&self.multi, id);
            }
            Command::Power(vm, op) => self.start_power(ctx, vm, op),
            Command::Toggle(n) => {
                if !self.collapsed.remove(&n) {
                    self.collapsed.insert(n);
                }
                self.rows_dirty = true;
            }
            Command::SetSearch(s) => {
                // Only the rows: the tree is filtered, not rebuilt, on each keystroke.
                self.search = s;
                self.rows_dirty = true;
            }
            Command::SetView(v) => {
                self.settings.nav = v;
                self.tree_dirty = true;
                self.save_settings();
            }
            Command::SetViewOptions(o) => {
                self.settings.view = o;
                self.tree_dirty = true;
                self.save_settings();
            }
            Command::SetLanguage(lang) => {
                self.i18n.select(&lang);
                self.settings.language = Some(lang);
                self.tree_dirty = true;
                self.save_settings();
            }
            Command::SetTheme(t) => {
                self.settings.theme = t;
                self.save_settings();
            }
            Command::OpenDumpDialog => {
                self.open_dialog = Some(open_dialog::OpenDialog::default());
            }
            Command::OpenDump(path) => self.start_loading(ctx, path),
            Command::OpenConnectDialog => self.open_connect_dialog(),
            Command::Disconnect(id) => {
                if let Some(i) = self.pool_index(id) {
                    self.disconnect_pool(i);
                }
            }
            Command::Reconnect(id) => {
                if let Some(i) = self.pool_index(id) {
                    self.reconnect_pool(ctx, i);
                }
            }
            Command::RemovePool(id) => {
                if let Some(i) = self.pool_index(id) {
                    self.remove_pool(i);
                }
            }
            Command::About => self.about_open = true,
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    /// The active pool's live session, if it is connected (not a dump).
    pub fn session(&self) -> Option<Arc<Session>> {
        self.pools.get(self.active)?.session()
    }

    /// The session of the pool with window id `id`.
    pub fn session_of(&self, id: Option<u64>) -> Option<Arc<Session>> {
        self.pools[self.pool_index(id?)?].session()
    }

    /// Whether edits can be sent to the pool `id` (connected, not an opened dump, and the
    /// user's role allows them).
    pub fn can_write_to(&self, id: Option<u64>) -> bool {
        let read_only = id
            .and_then(|id| self.pool_index(id))
            .is_some_and(|i| self.pools[i].read_only);
        self.runtime.is_some() && !read_only && self.session_of(id).is_some()
    }

    /// Why the forms of pool `id` are read-only, in the user's language.
    pub fn read_only_text(&self, id: Option<u64>) -> String {
        let pool = id
            .and_then(|id| self.pool_index(id))
            .map(|i| &self.pools[i]);
        match pool {
            Some(p) if p.read_only => self.i18n.get_args(
                "form-read-only-role",
                &[("user", &p.user().unwrap_or_default())],
            ),
            _ => self.i18n.get("form-read-only"),
        }
    }

    /// Whether edits can be sent to the active pool.
    pub fn can_write(&self) -> bool {
        self.can_write_to(self.active_pool_id())
    }

    fn start_power(&mut self, ctx: &egui::Context, vm: Ref<Vm>, op: PowerOp) {
        let pool = self
            .pool_of(&Node::Vm(vm.clone()))
            .map(|i| self.pools[i].id);
        let (Some(rt), Some(session)) = (self.runtime.clone(), self.session_of(pool)) else {
            return;
        };
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        rt.spawn(async move {
            let r = crate::edits::power(&session, vm.as_str(), op).await;
            let _ = tx.send(r.map_err(|e| e.to_string()));
            ctx.request_repaint();
        });
        self.power_results.push(rx);
        self.notice = None;
    }

    fn poll_power(&mut self) {
        let i18n = &self.i18n;
        let mut notice = None;
        self.power_results.retain(|rx| match rx.try_recv() {
            Ok(Ok(())) => false,
            Ok(Err(e)) => {
                notice = Some(i18n.get_args("power-failed", &[("action", "VM"), ("error", &e)]));
                false
            }
            Err(mpsc::TryRecvError::Empty) => true,
            Err(mpsc::TryRecvError::Disconnected) => false,
        });
        if notice.is_some() {
            self.notice = notice;
        }
    }

    /// The open NIC settings form's state (tests).
    pub fn nic_form_open(&self) -> bool {
        self.nic_form.is_some()
    }

    /// Expands the ancestors of `node` so a selection made elsewhere is visible in the tree.
    fn reveal(&mut self, node: &Node) {
        fn path(items: &[TreeItem], node: &Node, out: &mut Vec<Node>) -> bool {
            for it in items {
                if &it.node == node {
                    return true;
                }
                out.push(it.node.clone());
                if path(&it.children, node, out) {
                    return true;
                }
                out.pop();
            }
            false
        }
        let mut ancestors = Vec::new();
        if path(&self.tree, node, &mut ancestors) {
            for a in ancestors {
                if self.collapsed.remove(&a) {
                    self.rows_dirty = true;
                }
            }
        }
    }

    fn start_loading(&mut self, ctx: &egui::Context, path: PathBuf) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        // Big dumps take a while to parse: never on the UI thread.
        let spawned = std::thread::Builder::new()
            .name("dump-loader".into())
            .spawn(move || {
                let result = load_dump(&path);
                let _ = tx.send(result);
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => self.loading = Some((name, rx)),
            Err(e) => {
                let mut d = open_dialog::OpenDialog::default();
                d.error = Some(e.to_string());
                self.open_dialog = Some(d);
            }
        }
    }

    /// Shows `cache` read-only, as read from the dump `name`, beside the pools already shown.
    pub fn show_dump(&mut self, cache: Cache, name: String) {
        let i = self.add_pool(name.clone(), Source::Static);
        self.pools[i].cache = cache;
        self.pools[i].status = Status::File(name);
        if let Some(dup) = self.duplicate_of(i) {
            self.refuse_duplicate(i, dup);
        } else {
            self.focus_pool(i);
        }
    }

    /// Selects pool `i`'s top node and brings it into view (a pool just added or loaded).
    pub(crate) fn focus_pool(&mut self, i: usize) {
        let p = &self.pools[i];
        let node = match p.cache.pool() {
            Some((r, _)) => Node::Pool(r.clone()),
            None => Node::Conn(p.id),
        };
        self.multi.clear();
        self.collapsed.remove(&node);
        self.selected = Some(node);
        self.active = i;
        self.nav.scroll_to_selected = true;
        self.tree_dirty = true;
    }

    /// Another pool with the same pool ref as pool `i` (the same pool twice), if any.
    fn duplicate_of(&self, i: usize) -> Option<usize> {
        let r = self.pools[i].pool_ref()?;
        (0..self.pools.len()).find(|&j| j != i && self.pools[j].pool_ref() == Some(r))
    }

    /// Pool `i` is pool `existing` again: close it and say so (XenCenter does the same).
    fn refuse_duplicate(&mut self, i: usize, existing: usize) {
        let shown = &self.pools[existing];
        let name = shown
            .cache
            .pool()
            .map(|(_, p)| crate::model::names::pool_name(&shown.cache, p))
            .unwrap_or_else(|| shown.name.clone());
        let mut p = self.pools.remove(i);
        p.disconnect(self.runtime.as_ref());
        self.notice = Some(self.i18n.get_args("conn-already", &[("pool", &name)]));
        self.active = if existing > i { existing - 1 } else { existing };
        self.tree_dirty = true;
    }

    /// Disconnects pool `i`; it stays in the tree, greyed, to reconnect or remove.
    pub fn disconnect_pool(&mut self, i: usize) {
        if let Some(p) = self.pools.get_mut(i) {
            p.disconnect(self.runtime.as_ref());
            self.selected = Some(Node::Conn(p.id));
            self.multi.clear();
            self.tree_dirty = true;
        }
    }

    /// Connects pool `i` again with the address and credentials it was opened with.
    pub fn reconnect_pool(&mut self, ctx: &egui::Context, i: usize) {
        let Some(rt) = self.runtime.clone() else {
            return;
        };
        let Some(p) = self.pools.get_mut(i) else {
            return;
        };
        let Some(r) = p.reconnect.clone() else {
            return;
        };
        // The pins as they are now (the user may have trusted a certificate since).
        let options = TransportOptions {
            pins: self.servers.trusted_certificates.clone(),
            ..r.options
        };
        let ctx = ctx.clone();
        let handle = crate::connection::connect(&rt, r.url, r.credentials, options, move || {
            ctx.request_repaint()
        });
        p.source = Source::Live(handle);
        p.status = Status::Connecting;
        self.tree_dirty = true;
    }

    /// Removes pool `i` from the window (disconnecting it first).
    pub fn remove_pool(&mut self, i: usize) {
        if i >= self.pools.len() {
            return;
        }
        let mut p = self.pools.remove(i);
        p.disconnect(self.runtime.as_ref());
        self.active = self.active.min(self.pools.len().saturating_sub(1));
        self.selected = None;
        self.multi.clear();
        self.tree_dirty = true;
    }

    /// Whether the active pool is reached over plain http.
    pub fn unencrypted(&self) -> bool {
        self.pools.get(self.active).is_some_and(|p| !p.encrypted)
    }

    fn poll_loading(&mut self) {
        let Some((name, rx)) = &self.loading else {
            return;
        };
        match rx.try_recv() {
            Ok(Ok(cache)) => {
                let name = name.clone();
                self.loading = None;
                self.open_dialog = None;
                self.show_dump(cache, name);
            }
            Ok(Err(e)) => {
                self.loading = None;
                let mut d = self.open_dialog.take().unwrap_or_default();
                d.error = Some(e);
                self.open_dialog = Some(d);
            }
            Err(mpsc::TryRecvError::Empty) => {}
            Err(mpsc::TryRecvError::Disconnected) => self.loading = None,
        }
    }

    /// Applies what every connection reported since the last frame.
    pub fn drain_events(&mut self) {
        for i in 0..self.pools.len() {
            let had_pool = self.pools[i].pool_ref().is_some();
            let fx = self.pools[i].drain(&self.i18n);
            self.take_effects(fx);
            if had_pool || self.pools[i].pool_ref().is_none() {
                continue;
            }
            if let Some(dup) = self.duplicate_of(i) {
                self.refuse_duplicate(i, dup);
                return; // indices moved; the rest waits for the next frame
            }
            // The placeholder the user was looking at became the pool.
            if self.selected == Some(Node::Conn(self.pools[i].id)) {
                self.focus_pool(i);
            }
        }
    }

    /// Rebuilds the tree when the cache, the view or the language changed (throttled while
    /// events stream in), and the rows when the search or the expansion changed.
    pub fn refresh(&mut self) {
        if self.events_pending
            && self
                .last_build
                .is_none_or(|t| self.now - t >= EVENT_REBUILD_INTERVAL.as_secs_f64())
        {
            self.tree_dirty = true;
        }
        if self.tree_dirty {
            let (full, hidden) = self.build_tree();
            self.object_count = tree::count(&full);
            self.hidden_count = hidden;
            self.tree = full;
            self.tree_dirty = false;
            self.events_pending = false;
            self.last_build = Some(self.now);
            self.rows_dirty = true;
        }
        if self.rows_dirty {
            let q = Query::new(&self.search);
            self.rows = if q.is_empty() {
                tree::flatten(&self.tree, &self.collapsed, false)
            } else {
                // While searching everything is expanded, as in XenCenter.
                tree::flatten_filtered(&self.tree, &q)
            };
            self.rows_dirty = false;
        }
    }

    /// Every pool's tree as one: a pool that has not loaded shows as a greyed placeholder
    /// with its name and state.
    fn build_tree(&self) -> (Vec<TreeItem>, usize) {
        let view = self.settings.nav;
        let opts = self.settings.view;
        let mut hidden = 0;
        let mut trees = Vec::with_capacity(self.pools.len());
        for p in &self.pools {
            if p.pool_ref().is_some() {
                let (t, h) = tree::build_counted(&p.cache, &self.i18n, view, opts);
                hidden += h;
                trees.push(t);
            } else if !matches!(p.status, Status::Idle) {
                let state = self.status_text_of(&p.status, &p.cache);
                let label = format!("{} ({state})", p.name);
                trees.push(vec![tree::placeholder(p.id, label)]);
            }
        }
        let items = match view {
            ViewKind::Objects => tree::merge_objects(trees),
            ViewKind::Infrastructure => trees.into_iter().flatten().collect(),
        };
        (items, hidden)
    }

    /// The visible tree rows (after [`Self::refresh`]).
    pub fn rows(&mut self) -> &[Row] {
        self.refresh();
        &self.rows
    }

    /// (objects in the current view, objects the hidden toggle adds or removes).
    pub fn counts(&mut self) -> (usize, usize) {
        self.refresh();
        (self.object_count, self.hidden_count)
    }

    fn apply_look(&mut self, ctx: &egui::Context) {
        let lang = self.i18n.lang();
        if self.fonts_for.as_deref() != Some(lang.as_str()) {
            fonts::install(ctx, &lang);
            self.fonts_for = Some(lang);
        }
        if self.theme_applied != Some(self.settings.theme) {
            ctx.set_theme(match self.settings.theme {
                Theme::System => egui::ThemePreference::System,
                Theme::Light => egui::ThemePreference::Light,
                Theme::Dark => egui::ThemePreference::Dark,
            });
            self.theme_applied = Some(self.settings.theme);
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let (open, quit, find, connect) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::O),
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::Q),
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::F),
                i.consume_key(egui::Modifiers::COMMAND, egui::Key::N),
            )
        });
        if connect {
            self.send(Command::OpenConnectDialog);
        }
        if open {
            self.send(Command::OpenDumpDialog);
        }
        if quit {
            self.send(Command::Quit);
        }
        if find {
            self.nav.focus_search = true;
        }
    }
}

/// Reads a dump and builds the cache a client would hold for it.
pub fn load_dump(path: &Path) -> LoadResult {
    let db = crate::xapidb::dump::load_file(path).map_err(|e| e.to_string())?;
    Ok(crate::xapidb::cache_of(&db))
}

impl eframe::App for XenPilotApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.now = ctx.input(|i| i.time);
        self.drain_events();
        self.poll_loading();
        self.poll_power();
        self.poll_connect();
        if self.events_pending {
            ctx.request_repaint_after(EVENT_REBUILD_INTERVAL);
        }
        self.apply_look(ctx);
        self.shortcuts(ctx);
        for c in std::mem::take(&mut self.commands) {
            self.apply(ctx, c);
        }
        self.refresh();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        egui::Panel::top("menu").show(ui, |ui| menu::ui(self, ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        egui::Panel::left("navigation")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| nav::ui(self, ui));
        egui::CentralPanel::default().show(ui, |ui| details_view::ui(self, ui));
        open_dialog::show(self, &ctx);
        connect_dialog::show(self, &ctx);
        nic_form::show(self, &ctx);
        xenstore_form::show(self, &ctx);
        bulk_form::show(self, &ctx);
        self.about_ui(&ctx);
        self.bench_report(&ctx);
        // Commands from this frame's views take effect before the next frame is drawn.
        if !self.commands.is_empty() {
            for c in std::mem::take(&mut self.commands) {
                self.apply(&ctx, c);
            }
            self.refresh();
            ctx.request_repaint();
        }
    }

    fn on_exit(&mut self) {
        // Every session is logged out, a login still in progress included.
        let Some(rt) = &self.runtime else {
            return;
        };
        for p in &self.pools {
            if let Source::Live(handle) = &p.source {
                handle.close(rt, std::time::Duration::from_secs(2));
            }
        }
        if let Some(connect_dialog::Stage::Connecting(h)) = self.connect.as_ref().map(|d| &d.stage)
        {
            h.close(rt, std::time::Duration::from_secs(2));
        }
    }
}

impl XenPilotApp {
    fn bench_report(&mut self, ctx: &egui::Context) {
        if !self.bench_exit {
            return;
        }
        let ms = || PROCESS_START.get().map_or(0, |t| t.elapsed().as_millis());
        if !self.first_frame_done {
            self.first_frame_done = true;
            eprintln!("xenpilot-bench first-frame-ms={}", ms());
        }
        if matches!(self.status(), Status::Connected(_) | Status::File(_)) && !self.rows.is_empty()
        {
            eprintln!("xenpilot-bench loaded-ms={} rows={}", ms(), self.rows.len());
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            self.bench_exit = false;
        } else {
            ctx.request_repaint();
        }
    }

    pub(crate) fn status_text(&self) -> String {
        self.status_text_of(&self.status(), self.cache())
    }

    fn status_text_of(&self, status: &Status, cache: &Cache) -> String {
        let l = &self.i18n.loader;
        use i18n_embed_fl::fl;
        match status {
            Status::Idle => fl!(l, "status-idle"),
            Status::Connecting => fl!(l, "status-connecting"),
            // The pool's name reads better than host:port (and is stable in screenshots).
            Status::Connected(h) => {
                let name = cache
                    .pool()
                    .map(|(_, p)| crate::model::names::pool_name(cache, p))
                    .filter(|n| !n.is_empty())
                    .unwrap_or_else(|| h.clone());
                fl!(l, "status-connected", host = name)
            }
            Status::Reconnecting(e) => fl!(l, "status-reconnecting", error = e.as_str()),
            Status::Failed(e) => fl!(l, "status-failed", error = e.as_str()),
            Status::Disconnected => fl!(l, "status-disconnected"),
            Status::File(f) => fl!(l, "status-file", file = f.as_str()),
        }
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        use i18n_embed_fl::fl;
        let text = self.status_text();
        let (objects, hidden) = self.counts();
        let l = &self.i18n.loader;
        let counts = format!(
            "{} · {}",
            fl!(l, "status-objects", count = objects),
            fl!(l, "status-hidden", count = hidden)
        );
        ui.horizontal(|ui| {
            if let Some((name, _)) = &self.loading {
                ui.spinner();
                ui.label(fl!(l, "open-loading", file = name.as_str()));
            } else if let Some(n) = &self.notice {
                ui.colored_label(ui.visuals().error_fg_color, n);
            } else {
                ui.label(text);
            }
            if self.pools.get(self.active).is_some_and(|p| p.read_only) {
                ui.colored_label(ui.visuals().warn_fg_color, fl!(l, "status-read-only-user"))
                    .on_hover_text(self.read_only_text(self.active_pool_id()));
            }
            if self.unencrypted() {
                ui.colored_label(ui.visuals().warn_fg_color, fl!(l, "status-not-encrypted"))
                    .on_hover_text(fl!(l, "status-not-encrypted-tip"));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(counts);
            });
        });
    }

    fn about_ui(&mut self, ctx: &egui::Context) {
        use i18n_embed_fl::fl;
        if !self.about_open {
            return;
        }
        let l = &self.i18n.loader;
        let mut open = true;
        egui::Window::new(fl!(l, "menu-about"))
            .collapsible(false)
            .resizable(false)
            .open(&mut open)
            .show(ctx, |ui| {
                ui.label(fl!(l, "about-text", version = env!("CARGO_PKG_VERSION")));
            });
        self.about_open = open;
    }
}
