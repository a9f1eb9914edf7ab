//! The pools the window shows at once: each a live connection or an opened dump, with its own
//! cache and status, connected and disconnected on its own. xapi refs are UUIDs, so a tree
//! node's pool is found by looking the ref up; the same pool connected twice is refused.

use super::status_bar::Notice;
use super::{Source, Status};
use crate::i18n::I18n;
use crate::model::tree::Node;
use crate::services::connection::ConnEvent;
use std::sync::Arc;
use xenapi::cache::Change;
use xenapi::events::CacheUpdate;
use xenapi::{Cache, Credentials, Session, TransportOptions};

/// How to connect again after Disconnect.
#[derive(Clone)]
pub struct Reconnect {
    pub url: String,
    pub credentials: Credentials,
    pub options: TransportOptions,
}

pub struct PoolConn {
    /// Stable for the life of the window (`Node::Conn` names it).
    pub id: u64,
    /// What the user typed, or the dump's file name: the node's label until the pool loads.
    pub name: String,
    /// Shared with a tree build in the background while one runs (see `ui::navigator`).
    pub cache: Arc<Cache>,
    /// Changes not applied yet: they wait while a tree build shares the cache, and are
    /// applied a few milliseconds' worth per frame so an event storm never stalls a frame.
    pending: std::collections::VecDeque<Change>,
    /// Counts the changes to the cache (applied or replaced), so that a view tells whether
    /// the records changed since it last read them without comparing them.
    revision: u64,
    pub source: Source,
    pub status: Status,
    /// False while reached over plain http.
    pub encrypted: bool,
    /// The user's role may not edit this pool.
    pub read_only: bool,
    /// The session's RBAC permissions, when it is not the local superuser (the action table
    /// greys what the role does not allow).
    pub permissions: Option<Arc<[String]>>,
    pub reconnect: Option<Reconnect>,
}

/// What applying a connection event asks of the app.
#[derive(Default)]
pub struct Effects {
    pub tree_changed: bool,
    pub events_pending: bool,
    pub notice: Option<Notice>,
}

impl PoolConn {
    pub fn new(id: u64, name: String, source: Source) -> PoolConn {
        let status = match source {
            Source::Live(_) => Status::Connecting,
            Source::Static => Status::Idle,
        };
        PoolConn {
            id,
            name,
            cache: Arc::default(),
            pending: std::collections::VecDeque::new(),
            revision: 0,
            source,
            status,
            encrypted: true,
            read_only: false,
            permissions: None,
            reconnect: None,
        }
    }

    /// Who is logged in, while connected.
    pub fn user(&self) -> Option<String> {
        self.session().map(|s| s.user().to_string())
    }

    pub fn session(&self) -> Option<Arc<Session>> {
        match &self.source {
            Source::Live(h) => h.session(),
            Source::Static => None,
        }
    }

    /// The pool's name as the tree shows it (the pool object's, else the connection's).
    pub fn display_name(&self) -> String {
        self.cache
            .pool()
            .map(|(_, p)| crate::model::names::pool_name(&self.cache, p))
            .unwrap_or_else(|| self.name.clone())
    }

    /// Whether this is a connection (not an opened dump) that is connected now.
    pub fn is_live(&self) -> bool {
        matches!(self.source, Source::Live(_))
    }

    /// Whether `node` is one of this pool's objects.
    pub fn holds(&self, node: &Node) -> bool {
        let c = &self.cache;
        match node {
            Node::Conn(id) => *id == self.id,
            Node::Pool(r) => c.pools.contains_key(r),
            Node::Host(r) => c.hosts.contains_key(r),
            Node::Vm(r) => c.vms.contains_key(r),
            Node::Sr(r) => c.srs.contains_key(r),
            Node::Network(r) => c.networks.contains_key(r),
            Node::Pif(r) => c.pifs.contains_key(r),
            Node::Vif(r) => c.vifs.contains_key(r),
            Node::Vdi(r) => c.vdis.contains_key(r),
            Node::Group(_) | Node::Tag(_) | Node::Folder(_) => false,
        }
    }

    /// The pool's own ref, once loaded (to refuse connecting to it twice).
    pub fn pool_ref(&self) -> Option<&str> {
        self.cache.pool().map(|(r, _)| r.as_str())
    }

    /// Stops the connection (its session logged out in the background); the cache goes.
    pub fn disconnect(&mut self, rt: Option<&tokio::runtime::Handle>) {
        if let Source::Live(h) = std::mem::replace(&mut self.source, Source::Static) {
            h.close_in_background(rt);
        }
        self.cache = Arc::default();
        self.pending.clear();
        self.revision += 1;
        self.status = Status::Disconnected;
        self.encrypted = true; // nothing travels any more
    }

    /// Takes what the connection reported since the last frame.
    pub fn drain(&mut self) -> Effects {
        let Source::Live(handle) = &self.source else {
            return Effects::default();
        };
        let events: Vec<ConnEvent> = handle.events.try_iter().collect();
        super::frame_spans::count("conn_events", events.len() as u64);
        let mut fx = Effects::default();
        for ev in events {
            self.apply(ev, &mut fx);
        }
        fx
    }

    pub fn apply(&mut self, ev: ConnEvent, fx: &mut Effects) {
        match ev {
            ConnEvent::Connecting => self.status = Status::Connecting,
            ConnEvent::Connected {
                host,
                redirected_from,
                encrypted,
                read_only,
                permissions,
                ..
            } => {
                self.read_only = read_only;
                self.permissions = permissions.map(Arc::from);
                if let Some(from) = redirected_from {
                    fx.notice = Some(Notice::Redirected {
                        member: from,
                        master: host.clone(),
                    });
                }
                self.encrypted = encrypted;
                self.status = Status::Connected(host);
                fx.tree_changed = true;
            }
            ConnEvent::Failed(e) => {
                self.status = Status::Failed(e);
                fx.tree_changed = true;
            }
            ConnEvent::Heartbeat(Some(e)) => {
                self.status = Status::Reconnecting(e);
            }
            ConnEvent::Heartbeat(None) => self.back_online(),
            ConnEvent::Reconnected { from, to, host } => {
                // The same pool: its node, the selection and the tabs stay; the cache
                // reloads from the new coordinator.
                fx.notice = Some(Notice::CoordinatorMoved { from, to });
                self.status = Status::Connected(host);
                fx.tree_changed = true;
            }
            ConnEvent::Update(u) => self.apply_update(u, fx),
        }
    }

    pub fn apply_update(&mut self, update: CacheUpdate, fx: &mut Effects) {
        match update {
            CacheUpdate::Reset(c) => {
                self.cache = Arc::new(*c);
                self.pending.clear();
                self.revision += 1;
                // The load's garbage (the replies, decoded) is free now: give it back.
                crate::services::memory::release_free_memory();
                fx.tree_changed = true;
                self.back_online();
            }
            CacheUpdate::Batch(events) => {
                let _s = super::frame_spans::span("decode_on_ui");
                let changes = events.into_iter().filter_map(Cache::decode).collect();
                self.take_changes(changes);
                // The tree is rebuilt at most every EVENT_REBUILD_INTERVAL while events stream.
                fx.events_pending = true;
            }
            CacheUpdate::Decoded(changes) => {
                self.take_changes(changes);
                // The tree is rebuilt at most every EVENT_REBUILD_INTERVAL while events stream.
                fx.events_pending = true;
            }
            CacheUpdate::Disconnected(e) => {
                self.status = Status::Reconnecting(e);
            }
            CacheUpdate::Resyncing(_) => {}
        }
    }

    /// Applies `changes` now, or keeps them (in order) while the cache is shared.
    /// Queues `changes`, in order; [`Self::flush_pending`] applies them.
    fn take_changes(&mut self, changes: Vec<Change>) {
        super::frame_spans::count("changes_queued", changes.len() as u64);
        self.pending.extend(changes);
    }

    /// Where the cache is: another cache (its address) or more changes applied give another
    /// value.
    pub fn revision(&self) -> (usize, u64) {
        (Arc::as_ptr(&self.cache) as usize, self.revision)
    }

    /// Whether changes wait to be applied.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Applies waiting changes until `deadline` (at least one); true when it applied some.
    /// Nothing while a tree build shares the cache.
    pub fn flush_pending(&mut self, deadline: std::time::Instant) -> bool {
        if self.pending.is_empty() {
            return false;
        }
        let Some(cache) = Arc::get_mut(&mut self.cache) else {
            return false;
        };
        let _s = super::frame_spans::span("flush");
        let mut garbage = xenapi::cache::Garbage::default();
        self.revision += 1;
        let mut n = 0u32;
        while let Some(c) = self.pending.pop_front() {
            c.apply_keeping(cache, &mut garbage);
            n += 1;
            // Checking the clock every few dozen changes keeps its cost out of the loop.
            if n.is_multiple_of(32) && std::time::Instant::now() >= deadline {
                break;
            }
        }
        crate::services::garbage::drop_later(garbage);
        super::frame_spans::count("changes_applied", u64::from(n));
        super::frame_spans::count("changes_left", self.pending.len() as u64);
        true
    }

    fn back_online(&mut self) {
        if let Status::Reconnecting(_) = self.status {
            let host = self.session().map(|s| s.host_label().to_string());
            self.status = Status::Connected(host.unwrap_or_default());
        }
    }
}

/// The pools shown, in the order they were added, and which one is active (the pool of the
/// selection: the details pane and the status bar speak of it).
#[derive(Default)]
pub struct PoolList {
    list: Vec<PoolConn>,
    active: usize,
    next_id: u64,
}

impl std::ops::Deref for PoolList {
    type Target = Vec<PoolConn>;
    fn deref(&self) -> &Vec<PoolConn> {
        &self.list
    }
}

impl std::ops::DerefMut for PoolList {
    fn deref_mut(&mut self) -> &mut Vec<PoolConn> {
        &mut self.list
    }
}

/// What `cache()` gives when no pool is shown.
static NO_CACHE: std::sync::LazyLock<Cache> = std::sync::LazyLock::new(Cache::default);

impl PoolList {
    /// Adds a pool and makes it the active one; returns its index.
    pub fn add(&mut self, name: String, source: Source) -> usize {
        self.next_id += 1;
        self.list.push(PoolConn::new(self.next_id, name, source));
        self.active = self.list.len() - 1;
        self.active
    }

    pub fn active(&self) -> Option<&PoolConn> {
        self.list.get(self.active)
    }

    pub fn set_active(&mut self, i: usize) {
        if i < self.list.len() {
            self.active = i;
        }
    }

    /// The active pool's cache (empty when no pool is shown).
    pub fn cache(&self) -> &Cache {
        self.active().map_or(&NO_CACHE, |p| &p.cache)
    }

    /// The cache of the pool with window id `id`.
    pub fn cache_of(&self, id: Option<u64>) -> Option<&Cache> {
        Some(&self.list[self.index(id?)?].cache)
    }

    /// The active pool's state.
    pub fn status(&self) -> Status {
        self.active().map_or(Status::Idle, |p| p.status.clone())
    }

    /// The index of the pool that holds `node`.
    pub fn index_of_node(&self, node: &Node) -> Option<usize> {
        self.list.iter().position(|p| p.holds(node))
    }

    /// The index of the pool with window id `id`.
    pub fn index(&self, id: u64) -> Option<usize> {
        self.list.iter().position(|p| p.id == id)
    }

    /// The id of the active pool (forms remember it, so they write to the pool they came from).
    pub fn active_id(&self) -> Option<u64> {
        self.active().map(|p| p.id)
    }

    /// The session of the pool with window id `id`.
    pub fn session_of(&self, id: Option<u64>) -> Option<Arc<Session>> {
        self.list[self.index(id?)?].session()
    }

    /// Whether the pool `id` is connected (not an opened dump) and the user's role may edit.
    pub fn can_write_to(&self, id: Option<u64>) -> bool {
        let read_only = id
            .and_then(|id| self.index(id))
            .is_some_and(|i| self.list[i].read_only);
        !read_only && self.session_of(id).is_some()
    }

    /// Why the forms of pool `id` are read-only, in the user's language.
    pub fn read_only_text(&self, i18n: &I18n, id: Option<u64>) -> String {
        let pool = id.and_then(|id| self.index(id)).map(|i| &self.list[i]);
        match pool {
            Some(p) if p.read_only => i18n.get_args(
                "form-read-only-role",
                &[("user", &p.user().unwrap_or_default())],
            ),
            _ => i18n.get("form-read-only"),
        }
    }

    /// Another pool with the same pool ref as pool `i` (the same pool twice), if any.
    pub fn duplicate_of(&self, i: usize) -> Option<usize> {
        let r = self.list[i].pool_ref()?;
        (0..self.list.len()).find(|&j| j != i && self.list[j].pool_ref() == Some(r))
    }

    /// Takes pool `i` out of the list, disconnecting it; the active index follows.
    pub fn remove(&mut self, i: usize, rt: Option<&tokio::runtime::Handle>) -> Option<PoolConn> {
        if i >= self.list.len() {
            return None;
        }
        let mut p = self.list.remove(i);
        p.disconnect(rt);
        if self.active > i {
            self.active -= 1;
        }
        self.active = self.active.min(self.list.len().saturating_sub(1));
        Some(p)
    }

    /// Whether the active pool is reached over plain http.
    pub fn unencrypted(&self) -> bool {
        self.active().is_some_and(|p| !p.encrypted)
    }
}
