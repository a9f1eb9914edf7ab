//! The navigation state: the tree of every pool, the visible rows, folds, search and the
//! selection. Drawing is in [`super::nav`]; this module only keeps and rebuilds.
//!
//! Rebuilding the tree of a 10,000-VM pool takes tens of milliseconds, too long for a frame.
//! So while events stream in, the tree (and its rows) is built on a thread of its own from an
//! `Arc` snapshot of each pool's cache, and swapped in when ready; events that arrive
//! meanwhile wait in the pool (see [`super::pools::PoolConn::apply_update`]) and are applied
//! once the snapshot is released, so the cache is never copied. Changes the user makes (view,
//! language, a pool added) rebuild at once, on the UI thread, so what they see follows their
//! click in the same frame.

use super::Status;
use super::frame_spans as spans;
use super::pools::PoolList;
use super::status_bar::status_text;
use crate::i18n::I18n;
use crate::model::history::History;
use crate::model::search;
use crate::model::tree::{self, Node, Query, Row, TreeItem, ViewKind, ViewOptions};
use crate::services::background::{Poll, Task};
use crate::services::garbage::drop_later;
use std::collections::HashSet;
use std::sync::Arc;
use xenapi::Cache;

/// While events stream in, the tree is rebuilt at most this often (XenCenter throttles too).
pub const EVENT_REBUILD_INTERVAL: std::time::Duration = std::time::Duration::from_millis(200);

/// How long one frame may spend applying changes from events to the caches: about 1,000
/// changes in a release build, on a machine as busy as figure 7's. Kept small, as a frame
/// preempted in the middle of a longer batch waits for a core that long again.
const FLUSH_BUDGET: std::time::Duration = std::time::Duration::from_millis(1);

/// While changes wait to be applied, the next tree build waits for them (a build holds the
/// caches, so nothing is applied while it runs), but never longer than this after the last
/// build: during a storm the tree then follows in fewer, fuller builds.
const MAX_TREE_LAG: f64 = 1.0;

/// Per-frame drawing state of the navigation pane.
#[derive(Debug, Default)]
pub struct NavView {
    pub focus_search: bool,
    /// Rows shown in the last frame, to scroll only when the selection leaves them.
    pub visible: std::ops::Range<usize>,
    pub scroll_to: Option<usize>,
    /// The selection was set elsewhere (a pool added): bring its row into view.
    pub scroll_to_selected: bool,
    /// The tree pane's width as the user chose it (`None`: the default), kept while a small
    /// window squeezes the pane, and given back when the window grows.
    pub tree_width: Option<f32>,
    /// Bumped to make egui forget a squeezed pane width (see [`super::nav::panel`]).
    pub tree_epoch: u32,
}

/// What one tree build needs, all owned, so it can run on another thread.
struct BuildInput {
    pools: Vec<PoolInput>,
    i18n: Arc<I18n>,
    view: ViewKind,
    opts: ViewOptions,
    search: String,
    collapsed: HashSet<Node>,
    /// The selection, whose row the build looks up (so the UI thread need not).
    selected: Option<Node>,
}

enum PoolInput {
    Loaded(Arc<Cache>),
    /// A pool that has not loaded: a greyed node with its name and state.
    Placeholder(u64, String),
}

/// A finished build.
pub struct Built {
    tree: Vec<TreeItem>,
    pub(super) rows: Vec<Row>,
    objects: usize,
    hidden: usize,
    /// How long it took (wall, CPU), when the frame log asks.
    took: Option<(std::time::Duration, std::time::Duration)>,
    /// The selection it looked for in its rows, and the row above it there (see
    /// [`parent_row`]).
    selection: Option<(Node, Option<Option<Node>>)>,
}

/// Where `sel` is in `rows`: `None` when it is not there, else the row it is under (`None`
/// at the top level).
fn parent_row(rows: &[Row], sel: &Node) -> Option<Option<Node>> {
    let i = rows.iter().position(|r| &r.node == sel)?;
    let depth = rows[i].depth;
    Some(
        rows[..i]
            .iter()
            .rev()
            .find(|r| r.depth < depth)
            .map(|r| r.node.clone()),
    )
}

fn build(input: BuildInput) -> Built {
    let watch = spans::stopwatch();
    let mut hidden = 0;
    let mut trees = Vec::with_capacity(input.pools.len());
    for p in &input.pools {
        match p {
            PoolInput::Loaded(cache) => {
                let (t, h) = tree::build_counted(cache, &input.i18n, input.view, input.opts);
                hidden += h;
                trees.push(t);
            }
            PoolInput::Placeholder(id, label) => {
                trees.push(vec![tree::placeholder(*id, label.clone())]);
            }
        }
    }
    let tree = match input.view {
        ViewKind::Objects => tree::merge_objects(trees),
        ViewKind::Tags | ViewKind::Folders => tree::merge_org(trees),
        ViewKind::Infrastructure => trees.into_iter().flatten().collect(),
    };
    let caches: Vec<Arc<Cache>> = input
        .pools
        .iter()
        .filter_map(|p| match p {
            PoolInput::Loaded(c) => Some(c.clone()),
            PoolInput::Placeholder(..) => None,
        })
        .collect();
    let rows = flatten(&tree, &input.search, &input.collapsed, &caches);
    let selection = input.selected.map(|sel| {
        let parent = parent_row(&rows, &sel);
        (sel, parent)
    });
    // The snapshots go before the result is handed over, so the pools can write again.
    drop((caches, input.pools));
    Built {
        objects: tree::count(&tree),
        rows,
        tree,
        hidden,
        took: watch.stop(),
        selection,
    }
}

/// The rows the search box leaves: plain words are matched against each row's prebuilt
/// text (its label as shown, description, addresses); field terms against the records.
/// A query that does not parse matches nothing (the box says why).
fn flatten(
    tree: &[TreeItem],
    search: &str,
    collapsed: &HashSet<Node>,
    caches: &[Arc<Cache>],
) -> Vec<Row> {
    let Ok(q) = search::Query::parse(search) else {
        return Vec::new();
    };
    if q.is_empty() {
        return tree::flatten(tree, collapsed, false);
    }
    // While searching everything is expanded, as in XenCenter.
    if let Some(words) = q.plain_words() {
        return tree::flatten_filtered(tree, &Query::from_words(&words));
    }
    let ctxs: Vec<search::PoolCtx<'_>> = caches.iter().map(|c| search::PoolCtx::new(c)).collect();
    tree::flatten_where(tree, &|it| {
        ctxs.iter().any(|ctx| {
            search::eval::obj_of(ctx.cache, &it.node).is_some_and(|o| q.matches(ctx, &o))
        })
    })
}

/// Whether a group, tag or folder node is in the tree (folders nest).
fn in_tree(items: &[TreeItem], n: &Node) -> bool {
    items
        .iter()
        .any(|it| &it.node == n || (matches!(it.node, Node::Folder(_)) && in_tree(&it.children, n)))
}

#[derive(Default)]
pub struct Navigator {
    pub search: String,
    pub selected: Option<Node>,
    /// What was selected before, for Back and Forward.
    pub history: History<Node>,
    /// Objects picked with Ctrl+click (the primary selection included).
    pub multi: Vec<Node>,
    collapsed: HashSet<Node>,
    pub(super) tree: Vec<TreeItem>,
    pub(super) rows: Vec<Row>,
    objects: usize,
    hidden: usize,
    /// The tree must be rebuilt now (a change the user made).
    tree_dirty: bool,
    /// The rows must be flattened again (search or folds changed).
    rows_dirty: bool,
    /// Events applied to the caches and not yet to the tree.
    events_pending: bool,
    /// A renamed tag or folder selected before it reaches the tree.
    pub awaited: Option<super::awaited::Awaited>,
    /// Build tree updates from events on a thread (the app has a runtime; tests over a fixed
    /// cache build inline so each frame is deterministic).
    pub background: bool,
    /// Called when a background build finishes (the window's repaint request), so that no
    /// frame need be drawn just to find out.
    pub wake: Option<Arc<dyn Fn() + Send + Sync>>,
    building: Option<Task<Built>>,
    /// Bumped by every change of search or folds: a background result flattened for an older
    /// state keeps its tree but not its rows.
    rows_gen: u64,
    building_rows_gen: u64,
    /// Builds are numbered; a background result older than the tree shown is dropped.
    build_gen: u64,
    building_gen: u64,
    installed_gen: u64,
    /// egui's clock (seconds) now and at the last tree build: frame time, so tests that
    /// step the clock see the same throttling as the window.
    pub now: f64,
    last_build: Option<f64>,
    pub view: NavView,
    /// Bumped whenever `rows` is replaced.
    rows_version: u64,
    /// The selection and the multi-selection before a new pool took them (a refused
    /// duplicate gives them back).
    pub before_focus: Option<(u64, Option<Node>, Vec<Node>)>,
    /// The row the selection was last seen under: (selection, rows_version) and that row.
    parent_seen: Option<((Node, u64), Node)>,
    /// The (selection, rows_version) the rows were last searched for: once each, not every
    /// frame (80,000 rows, while the selection is not among them).
    looked_up: Option<(Node, u64)>,
}

impl Navigator {
    pub fn new() -> Self {
        Navigator {
            tree_dirty: true,
            rows_dirty: true,
            ..Default::default()
        }
    }

    /// The visible rows, as of the last [`Self::refresh`].
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// (objects in the current view, objects the hidden toggle adds or removes).
    pub fn counts(&self) -> (usize, usize) {
        (self.objects, self.hidden)
    }

    /// While a search is typed, how many objects match it (the rows shown, groups and
    /// unloaded pools aside); `None` without a search.
    pub fn found(&self) -> Option<usize> {
        if search::Query::parse(&self.search).is_ok_and(|q| q.is_empty()) {
            return None;
        }
        Some(self.rows.iter().filter(|r| r.node.is_object()).count())
    }

    pub fn mark_tree_dirty(&mut self) {
        self.tree_dirty = true;
    }

    pub fn mark_events_pending(&mut self) {
        self.events_pending = true;
    }

    pub fn events_pending(&self) -> bool {
        self.events_pending || self.building.is_some()
    }

    pub fn set_search(&mut self, s: String) {
        // Only the rows: the tree is filtered, not rebuilt, on each keystroke.
        self.search = s;
        self.rows_dirty = true;
        self.rows_gen += 1;
    }

    pub fn toggle(&mut self, n: Node) {
        if !self.collapsed.remove(&n) {
            self.collapsed.insert(n);
        }
        self.rows_dirty = true;
        self.rows_gen += 1;
    }

    pub fn expand(&mut self, n: &Node) {
        if self.collapsed.remove(n) {
            self.rows_dirty = true;
            self.rows_gen += 1;
        }
    }

    /// Expands the ancestors of `node` so a selection made elsewhere is visible in the tree.
    pub fn reveal(&mut self, node: &Node) {
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
                self.expand(&a);
            }
        }
    }

    /// Back (or Forward) to the nearest selection that still exists: a group while the tree
    /// shows it, anything else while a pool `held` it. The caller selects it.
    pub fn step_history(&mut self, back: bool, held: impl Fn(&Node) -> bool) -> Option<Node> {
        let tree = &self.tree;
        let exists = |n: &Node| match n {
            Node::Group(_) | Node::Tag(_) | Node::Folder(_) => in_tree(tree, n),
            _ => held(n),
        };
        let cur = self.selected.as_ref();
        if back {
            self.history.back(cur, exists)
        } else {
            self.history.forward(cur, exists)
        }
    }

    /// Rebuilds the tree when the caches, the view or the language changed (throttled, and
    /// in the background, while events stream in), and the rows when the search or the folds
    /// changed. Runs once a frame, before drawing.
    pub fn refresh(
        &mut self,
        pools: &mut PoolList,
        i18n: &Arc<I18n>,
        view: ViewKind,
        opts: ViewOptions,
    ) {
        self.take_background_result(pools);
        if self.tree_dirty {
            let _s = spans::span("tree_build_inline");
            let input = self.input(pools, i18n, view, opts);
            self.build_gen += 1;
            self.installed_gen = self.build_gen;
            self.install(build(input), true);
            self.events_pending = false;
        } else if self.events_pending
            && self.building.is_none()
            && self.last_build.is_none_or(|t| {
                let since = self.now - t;
                let backlog = pools.iter().any(|p| p.has_pending());
                since >= EVENT_REBUILD_INTERVAL.as_secs_f64() && (!backlog || since >= MAX_TREE_LAG)
            })
        {
            let _s = spans::span("tree_build_start");
            let input = self.input(pools, i18n, view, opts);
            self.events_pending = false;
            self.last_build = Some(self.now);
            self.build_gen += 1;
            if self.background {
                self.building_rows_gen = self.rows_gen;
                self.building_gen = self.build_gen;
                let wake = self.wake.clone();
                let notify = Box::new(move || {
                    if let Some(w) = wake {
                        w();
                    }
                });
                match Task::spawn_blocking("tree-build", notify, move || build(input)) {
                    Ok(task) => self.building = Some(task),
                    Err(e) => {
                        tracing::warn!(error = %e, "no thread for the tree build");
                        self.tree_dirty = true;
                    }
                }
            } else {
                self.installed_gen = self.build_gen;
                self.install(build(input), true);
            }
        }
        if self.rows_dirty {
            let _s = spans::span("rows_flatten");
            let caches: Vec<Arc<Cache>> = pools
                .iter()
                .filter(|p| p.pool_ref().is_some())
                .map(|p| p.cache.clone())
                .collect();
            let rows = flatten(&self.tree, &self.search, &self.collapsed, &caches);
            drop(caches);
            drop_later(std::mem::replace(&mut self.rows, rows));
            self.rows_dirty = false;
            self.rows_version += 1;
            spans::count("rows_flatten", self.rows.len() as u64);
        }
        let _s = spans::span("follow_selection");
        self.follow_vanished_selection(pools);
    }

    fn take_background_result(&mut self, pools: &mut PoolList) {
        if let Some(poll) = self.building.as_mut().map(Task::poll) {
            self.poll_build(poll);
        }
        if self.building.is_none() {
            // The snapshots are released: what arrived goes into the caches, a frame's
            // budget at a time (the rest waits for the next frame).
            let deadline = std::time::Instant::now() + FLUSH_BUDGET;
            for p in pools.iter_mut() {
                if p.flush_pending(deadline) {
                    self.events_pending = true;
                }
            }
        }
    }

    fn poll_build(&mut self, poll: Poll<Built>) {
        match poll {
            Poll::Pending => {}
            Poll::Ready(built) => {
                self.building = None;
                // A change the user made since (the view, the language) outdates the
                // result: installing it would clear `tree_dirty` and show the old view.
                spans::record_elsewhere("tree_build_bg", built.took);
                if self.building_gen > self.installed_gen && !self.tree_dirty {
                    self.installed_gen = self.building_gen;
                    let rows_current = self.building_rows_gen == self.rows_gen;
                    self.install(built, rows_current);
                } else {
                    drop_later(built);
                }
            }
            Poll::Vanished => {
                self.building = None;
                self.tree_dirty = true; // build inline instead
            }
        }
    }

    fn install(&mut self, built: Built, rows_current: bool) {
        let _s = spans::span("tree_install");
        spans::count("tree_install", built.rows.len() as u64);
        self.rows_version += 1;
        let old_tree = std::mem::replace(&mut self.tree, built.tree);
        if rows_current {
            let old_rows = std::mem::replace(&mut self.rows, built.rows);
            drop_later((old_tree, old_rows));
            self.rows_dirty = false;
            // The build found the selection's row already, unless it has moved since.
            if let Some((sel, found)) = built.selection
                && self.selected.as_ref() == Some(&sel)
            {
                self.take_parent_row(sel, found);
            }
        } else {
            drop_later((old_tree, built.rows));
            self.rows_dirty = true;
        }
        self.objects = built.objects;
        self.hidden = built.hidden;
        self.tree_dirty = false;
        if self.last_build.is_none() || !self.background {
            self.last_build = Some(self.now);
        }
    }

    /// Remembers the row the selection is under, whenever the selection or the rows change;
    /// when the selected object leaves the pool (deleted, here or by another client), selects
    /// that row instead, as a file manager does, rather than leave the pane on nothing.
    fn follow_vanished_selection(&mut self, pools: &PoolList) {
        let Some(sel) = self.selected.clone() else {
            return;
        };
        if self.looked_up.as_ref() != Some(&(sel.clone(), self.rows_version)) {
            let found = parent_row(&self.rows, &sel);
            self.take_parent_row(sel.clone(), found);
        }
        let gone = |n: &Node| n.is_object() && pools.index_of_node(n).is_none();
        if !gone(&sel) {
            return;
        }
        if let Some(((was, _), parent)) = self.parent_seen.clone()
            && was == sel
            && !gone(&parent)
        {
            self.multi.retain(|n| n != &sel);
            self.selected = Some(parent);
            self.view.scroll_to_selected = true;
        }
    }

    /// Notes where the selection `sel` is in the rows shown: `found` as [`parent_row`] says.
    fn take_parent_row(&mut self, sel: Node, found: Option<Option<Node>>) {
        let key = (sel, self.rows_version);
        self.looked_up = Some(key.clone());
        // Not found: the row seen before stays, to select if the object went.
        if let Some(parent) = found {
            self.parent_seen = parent.map(|p| (key, p));
        }
    }

    fn input(
        &self,
        pools: &PoolList,
        i18n: &Arc<I18n>,
        view: ViewKind,
        opts: ViewOptions,
    ) -> BuildInput {
        let inputs = pools
            .iter()
            .filter_map(|p| {
                if p.pool_ref().is_some() {
                    Some(PoolInput::Loaded(p.cache.clone()))
                } else if !matches!(p.status, Status::Idle) {
                    let state = status_text(i18n, &p.status, &p.cache);
                    Some(PoolInput::Placeholder(
                        p.id,
                        format!("{} ({state})", p.name),
                    ))
                } else {
                    None
                }
            })
            .collect();
        BuildInput {
            pools: inputs,
            i18n: i18n.clone(),
            view,
            opts,
            search: self.search.clone(),
            collapsed: self.collapsed.clone(),
            selected: self.selected.clone(),
        }
    }

    /// Waits for a background build to finish (tests and benchmarks that step frames).
    pub fn background_busy(&self) -> bool {
        self.building.is_some()
    }
}

#[cfg(test)]
#[path = "navigator_tests.rs"]
mod tests;
