//! Wire tests' helpers: a logged-in session over one protocol, and a cache kept live by the
//! event loop.

use crate::common::PASSWORD;
use std::time::Duration;
use xenpilot::xenapi::events::{CacheUpdate, WatchOptions, watch};
use xenpilot::xenapi::{
    Cache, Credentials, Protocol, ProtocolChoice, Session, TransportOptions, Vm,
};

pub fn opts(p: Protocol) -> TransportOptions {
    TransportOptions {
        protocol: ProtocolChoice::Only(p),
        ..TransportOptions::default()
    }
}

pub async fn login(url: &str, p: Protocol) -> Session {
    Session::login(url, Credentials::new("root", PASSWORD), opts(p))
        .await
        .expect("login succeeds")
}

pub const BOTH: [Protocol; 2] = [Protocol::JsonRpc, Protocol::XmlRpc];

/// A cache kept live by the event loop, as the app keeps it.
pub struct Watched {
    pub rx: tokio::sync::mpsc::UnboundedReceiver<CacheUpdate>,
    pub stop: tokio::sync::watch::Sender<bool>,
    pub cache: Cache,
    pub resets: usize,
}

impl Watched {
    pub fn start(session: std::sync::Arc<xenpilot::xenapi::Session>, timeout: f64) -> Watched {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let (stop, stop_rx) = tokio::sync::watch::channel(false);
        let opts = WatchOptions {
            timeout,
            max_backoff: Duration::from_millis(200),
        };
        tokio::spawn(watch(session, opts, stop_rx, move |u| tx.send(u).is_ok()));
        Watched {
            rx,
            stop,
            cache: Cache::default(),
            resets: 0,
        }
    }

    /// Applies updates until `done` holds (fails after 10 s).
    pub async fn until(&mut self, done: impl Fn(&Cache) -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !done(&self.cache) {
            let u = tokio::time::timeout_at(deadline, self.rx.recv())
                .await
                .expect("the cache did not reach the expected state in time")
                .expect("the loop ended");
            match u {
                CacheUpdate::Reset(c) => {
                    self.cache = *c;
                    self.resets += 1;
                }
                CacheUpdate::Batch(evs) => evs.into_iter().for_each(|e| {
                    self.cache.apply(e);
                }),
                _ => {}
            }
        }
    }
}

pub fn vm_named<'a>(c: &'a Cache, name: &str) -> Option<&'a Vm> {
    c.vms.values().find(|v| v.name_label == name)
}
