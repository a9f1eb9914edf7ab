//! The app's windows (forms and dialogs) behind one small trait, as egui's demo gives each
//! window its struct: a window owns its state, draws itself from a read-only [`AppView`] of
//! the app, and asks for changes with [`Command`]s. [`Windows`] keeps the open ones in the
//! order they were opened (one of each kind: opening a kind again replaces it).
//!
//! Escape and Enter belong to the newest window only ([`Windows::route_keys`]): older windows
//! and the panels behind never see them, so one Escape closes one window.

use super::command::Command;
use super::pools::PoolList;
use crate::i18n::I18n;
use crate::model::history::History;
use crate::model::tree::{Node, Row, TreeItem};
use crate::services::background::Task;
use crate::store::settings::Settings;
use eframe::egui;
use std::any::Any;
use std::future::Future;
use xenapi::Cache;

/// Starts background work for the UI: on the app's runtime, repainting when done.
#[derive(Clone)]
pub struct Worker {
    pub rt: tokio::runtime::Handle,
    pub ctx: egui::Context,
}

impl Worker {
    pub fn spawn<T, F>(&self, fut: F) -> Task<T>
    where
        T: Send + 'static,
        F: Future<Output = T> + Send + 'static,
    {
        let ctx = self.ctx.clone();
        Task::spawn(&self.rt, Box::new(move || ctx.request_repaint()), fut)
    }

    /// Blocking work (keyring, file parsing) on the runtime's blocking pool.
    pub fn spawn_blocking<T, F>(&self, work: F) -> Task<T>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let rt = self.rt.clone();
        self.spawn(async move {
            match rt.spawn_blocking(work).await {
                Ok(v) => v,
                // A panicking job: resume it here so the task reports Vanished.
                Err(e) => std::panic::resume_unwind(e.into_panic()),
            }
        })
    }
}

/// What a panel, tab or window may read of the app while it draws. Built by `app_view!`
/// (in `ui/mod.rs`) from the app's fields, so the views' own state stays free to change.
pub struct AppView<'a> {
    pub i18n: &'a I18n,
    pub settings: &'a Settings,
    pub pools: &'a PoolList,
    pub servers: &'a crate::store::servers::ServerStore,
    /// `None` without a runtime (tests over a fixed cache): nothing can be sent.
    pub worker: Option<Worker>,
    /// A dump is being loaded (the Open dialog shows a spinner).
    pub loading: bool,
    /// The objects picked with Ctrl+click.
    pub multi: &'a [Node],
    /// What an action on the selection acts on: the multi-selection, or the selected object.
    pub selection: Vec<Node>,
    /// The VMs and servers this client is running an action on.
    pub busy: Vec<Node>,
    /// Servers this client asked to reboot (pool id, server).
    pub rebooting: &'a [(u64, xenapi::Ref<xenapi::Host>)],
    /// The details pane, or the Events or Alerts view.
    pub main: super::activity::MainView,
    /// The object selected in the tree.
    pub selected: Option<&'a Node>,
    /// What was selected before (Back and Forward).
    pub history: &'a History<Node>,
    /// The tree's visible rows, as of the last refresh.
    pub rows: &'a [Row],
    /// The tree's top-level items (the Objects view's groups among them).
    pub tree: &'a [TreeItem],
    /// Events came in since the tree was built (a rebuild is due or running), or the
    /// selection is a renamed folder or tag whose event has not come yet: it is not in
    /// [`Self::tree`] yet.
    pub tree_stale: bool,
    /// The search box's text.
    pub search: &'a str,
    /// egui's clock this frame (seconds).
    pub now: f64,
    /// A window or dialog is open (the tree's keys wait then).
    pub windows_open: bool,
    /// Which servers can run which VMs (the Start on and Move to submenus).
    pub placement: &'a super::placement::PlacementChecks,
}

impl<'a> AppView<'a> {
    /// Whether edits can be sent to the pool `id` now.
    pub fn can_write_to(&self, id: Option<u64>) -> bool {
        self.worker.is_some() && self.pools.can_write_to(id)
    }

    /// Why the forms of pool `id` are read-only, in the user's language.
    pub fn read_only_text(&self, id: Option<u64>) -> String {
        self.pools.read_only_text(self.i18n, id)
    }

    /// The index of the pool that holds `node`.
    pub fn pool_of(&self, node: &Node) -> Option<usize> {
        self.pools.index_of_node(node)
    }

    /// The cache of the pool that holds `node` (the active pool's when none does).
    pub fn cache_of(&self, node: &Node) -> &'a Cache {
        match self.pools.index_of_node(node) {
            Some(i) => &self.pools[i].cache,
            None => self.pools.cache(),
        }
    }

    /// A group node of the Objects view with its members, if the tree shows it (groups are
    /// top-level, so this is cheap enough to ask every frame).
    pub fn group(&self, node: &Node) -> Option<&'a TreeItem> {
        self.tree
            .iter()
            .find(|it| matches!(it.node, Node::Group(_)) && &it.node == node)
    }

    /// A tag or folder of the Tags or Folders view with what is under it (folders nest).
    pub fn org_node(&self, node: &Node) -> Option<&'a TreeItem> {
        super::awaited::find_org(self.tree, node)
    }

    /// The custom fields defined in any connected pool, each once, in the pools' order.
    pub fn custom_fields(&self) -> Vec<crate::model::custom_fields::Definition> {
        let mut out: Vec<crate::model::custom_fields::Definition> = Vec::new();
        for p in self.pools.iter() {
            for pool in p.cache.pools.values() {
                for d in crate::model::custom_fields::definitions(&pool.gui_config) {
                    if !out.contains(&d) {
                        out.push(d);
                    }
                }
            }
        }
        out
    }
}

/// A window of the app.
pub trait AppWindow: Any {
    /// One window of each kind is open at a time; this names the kind.
    fn kind(&self) -> &'static str;
    /// Draws the window; returns `false` once it closed.
    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool;
    /// Escape with this window on top. `true`: handled (before this frame's `show`);
    /// `false`: the key is handed to this window's own drawing, which reads it itself.
    fn on_escape(&mut self) -> bool {
        false
    }
    /// Enter with this window on top while no widget, or a text field, has the focus (a
    /// focused button takes Enter itself). `true`: handled, and taken from the frame.
    fn on_enter(&mut self) -> bool {
        false
    }
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

/// The open windows, oldest first (drawn in that order, so the newest is on top).
#[derive(Default)]
pub struct Windows {
    list: Vec<Box<dyn AppWindow>>,
    /// Escape, taken from the frame, to give back to the newest window as it is drawn.
    escape_for_top: bool,
}

impl Windows {
    /// Opens `w`, replacing an open window of the same kind.
    pub fn open(&mut self, w: Box<dyn AppWindow>) {
        self.close(w.kind());
        self.list.push(w);
    }

    pub fn close(&mut self, kind: &str) {
        self.list.retain(|w| w.kind() != kind);
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    pub fn is_open(&self, kind: &str) -> bool {
        self.list.iter().any(|w| w.kind() == kind)
    }

    /// The open window of type `T`.
    pub fn get<T: AppWindow>(&self) -> Option<&T> {
        self.list.iter().find_map(|w| w.as_any().downcast_ref())
    }

    pub fn get_mut<T: AppWindow>(&mut self) -> Option<&mut T> {
        self.list
            .iter_mut()
            .find_map(|w| w.as_any_mut().downcast_mut())
    }

    /// Gives this frame's Escape and Enter to the newest window, before the panels and the
    /// older windows are drawn (they would act on them too). Escape with a popup open (a
    /// combo box's list) only closes the popup.
    pub fn route_keys(&mut self, ctx: &egui::Context) {
        use egui::{Key, Modifiers};
        self.escape_for_top = false;
        let Some(top) = self.list.last_mut() else {
            return;
        };
        if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            if egui::Popup::is_any_open(ctx) {
                egui::Popup::close_all(ctx);
            } else {
                self.escape_for_top = !top.on_escape();
            }
        }
        // A text field of the panels behind (the search box) keeps its Enter.
        let focus_free = match ctx.memory(|m| m.focused()) {
            None => true,
            Some(id) => {
                ctx.text_edit_focused()
                    && ctx
                        .read_response(id)
                        .is_some_and(|r| r.layer_id.order != egui::Order::Background)
            }
        };
        if focus_free
            && !egui::Popup::is_any_open(ctx)
            && ctx.input(|i| i.modifiers.is_none() && i.key_pressed(Key::Enter))
            && top.on_enter()
        {
            ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Enter));
        }
    }

    /// Draws every window; the commands they asked for are returned.
    pub fn show(&mut self, ctx: &egui::Context, view: &AppView) -> Vec<Command> {
        let mut out = Vec::new();
        let top = self.list.len().saturating_sub(1);
        let escape = std::mem::take(&mut self.escape_for_top);
        let mut i = 0;
        self.list.retain_mut(|w| {
            if escape && i == top {
                ctx.input_mut(|inp| {
                    inp.events.push(egui::Event::Key {
                        key: egui::Key::Escape,
                        physical_key: None,
                        pressed: true,
                        repeat: false,
                        modifiers: egui::Modifiers::NONE,
                    })
                });
            }
            i += 1;
            w.show(ctx, view, &mut out)
        });
        out
    }
}

/// Implements the `Any` plumbing of [`AppWindow`] for a type.
macro_rules! window_any {
    () => {
        fn as_any(&self) -> &dyn std::any::Any {
            self
        }
        fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
            self
        }
    };
}
pub(crate) use window_any;
