//! The pools the window shows at once: each a live connection or an opened dump, with its own
//! cache and status, connected and disconnected on its own. xapi refs are UUIDs, so a tree
//! node's pool is found by looking the ref up; the same pool connected twice is refused.

use super::connect_dialog::error_text;
use super::{Source, Status};
use crate::connection::ConnEvent;
use crate::i18n::I18n;
use crate::model::tree::Node;
use crate::xenapi::events::CacheUpdate;
use crate::xenapi::{Cache, Credentials, Session, TransportOptions};
use std::sync::Arc;

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
    pub cache: Cache,
    pub source: Source,
    pub status: Status,
    /// False while reached over plain http.
    pub encrypted: bool,
    /// The user's role may not edit this pool.
    pub read_only: bool,
    pub reconnect: Option<Reconnect>,
}

/// What applying a connection event asks of the app.
#[derive(Default)]
pub struct Effects {
    pub tree_changed: bool,
    pub events_pending: bool,
    pub notice: Option<String>,
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
            cache: Cache::default(),
            source,
            status,
            encrypted: true,
            read_only: false,
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
            Node::Group(_) => false,
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
        self.cache = Cache::default();
        self.status = Status::Disconnected;
        self.encrypted = true; // nothing travels any more
    }

    /// Takes what the connection reported since the last frame.
    pub fn drain(&mut self, i18n: &I18n) -> Effects {
        let Source::Live(handle) = &self.source else {
            return Effects::default();
        };
        let events: Vec<ConnEvent> = handle.events.try_iter().collect();
        let mut fx = Effects::default();
        for ev in events {
            self.apply(i18n, ev, &mut fx);
        }
        fx
    }

    pub fn apply(&mut self, i18n: &I18n, ev: ConnEvent, fx: &mut Effects) {
        match ev {
            ConnEvent::Connecting => self.status = Status::Connecting,
            ConnEvent::Connected {
                host,
                redirected_from,
                encrypted,
                read_only,
                ..
            } => {
                self.read_only = read_only;
                if let Some(from) = redirected_from {
                    fx.notice = Some(
                        i18n.get_args("conn-redirected", &[("member", &from), ("master", &host)]),
                    );
                }
                self.encrypted = encrypted;
                self.status = Status::Connected(host);
                fx.tree_changed = true;
            }
            ConnEvent::Failed(e) => {
                self.status = Status::Failed(error_text(i18n, &e));
                fx.tree_changed = true;
            }
            ConnEvent::Heartbeat(Some(e)) => {
                self.status = Status::Reconnecting(error_text(i18n, &e));
            }
            ConnEvent::Heartbeat(None) => self.back_online(),
            ConnEvent::Update(u) => self.apply_update(i18n, u, fx),
        }
    }

    pub fn apply_update(&mut self, i18n: &I18n, update: CacheUpdate, fx: &mut Effects) {
        match update {
            CacheUpdate::Reset(c) => {
                self.cache = *c;
                fx.tree_changed = true;
                self.back_online();
            }
            CacheUpdate::Batch(events) => {
                for e in events {
                    self.cache.apply(e);
                }
                // The tree is rebuilt at most every EVENT_REBUILD_INTERVAL while events stream.
                fx.events_pending = true;
            }
            CacheUpdate::Disconnected(e) => {
                self.status = Status::Reconnecting(error_text(i18n, &e));
            }
            CacheUpdate::Resyncing(_) => {}
        }
    }

    fn back_online(&mut self) {
        if let Status::Reconnecting(_) = self.status {
            let host = self.session().map(|s| s.host_label().to_string());
            self.status = Status::Connected(host.unwrap_or_default());
        }
    }
}
