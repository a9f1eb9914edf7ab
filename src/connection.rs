//! One pool connection, run on the background runtime: login, then the event loop. The UI
//! never waits on it: it drains [`ConnEvent`]s from a channel once a frame, and every send
//! asks for a repaint.

use crate::xenapi::events::{CacheUpdate, WatchOptions, watch};
use crate::xenapi::{Credentials, Session, TransportOptions};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// What the connection reports.
#[derive(Debug)]
pub enum ConnEvent {
    Connecting,
    Connected {
        host: String,
        api_version: (i64, i64),
        protocol: String,
    },
    Update(CacheUpdate),
    Failed(String),
}

/// The UI's end of a connection.
pub struct ConnectionHandle {
    pub events: mpsc::Receiver<ConnEvent>,
    stop: tokio::sync::watch::Sender<bool>,
    session: Arc<Mutex<Option<Arc<Session>>>>,
}

impl ConnectionHandle {
    /// Stops the event loop and logs the session out (waits at most `timeout`).
    pub fn close(&self, rt: &tokio::runtime::Handle, timeout: std::time::Duration) {
        let _ = self.stop.send(true);
        let session = self.session.lock().ok().and_then(|s| s.clone());
        if let Some(s) = session {
            let _ = rt.block_on(async { tokio::time::timeout(timeout, s.logout()).await });
        }
    }
}

impl ConnectionHandle {
    /// The logged-in session, once connected (for edits and power operations).
    pub fn session(&self) -> Option<Arc<Session>> {
        self.session.lock().ok().and_then(|s| s.clone())
    }

    /// Stops the event loop and logs out without waiting (the UI thread must not block).
    pub fn close_in_background(self, rt: Option<&tokio::runtime::Handle>) {
        let _ = self.stop.send(true);
        let session = self.session.lock().ok().and_then(|s| s.clone());
        if let (Some(s), Some(rt)) = (session, rt) {
            rt.spawn(async move {
                let _ = tokio::time::timeout(std::time::Duration::from_secs(5), s.logout()).await;
            });
        }
    }
}

/// Starts connecting to `url` on `rt`; `repaint` is called after every event.
pub fn connect(
    rt: &tokio::runtime::Handle,
    url: String,
    credentials: Credentials,
    options: TransportOptions,
    repaint: impl Fn() + Send + Sync + 'static,
) -> ConnectionHandle {
    let (tx, rx) = mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let slot: Arc<Mutex<Option<Arc<Session>>>> = Arc::new(Mutex::new(None));
    let slot2 = slot.clone();
    let repaint = Arc::new(repaint);
    rt.spawn(async move {
        let send = {
            let tx = tx.clone();
            let repaint = repaint.clone();
            move |e: ConnEvent| {
                let ok = tx.send(e).is_ok();
                repaint();
                ok
            }
        };
        send(ConnEvent::Connecting);
        let session = match Session::login(&url, credentials, options).await {
            Ok(s) => Arc::new(s),
            Err(e) => {
                send(ConnEvent::Failed(e.to_string()));
                return;
            }
        };
        if let Ok(mut s) = slot2.lock() {
            *s = Some(session.clone());
        }
        send(ConnEvent::Connected {
            host: session.host_label().to_string(),
            api_version: session.api_version,
            protocol: format!("{:?}", session.protocol()),
        });
        watch(session, WatchOptions::default(), stop_rx, move |u| {
            send(ConnEvent::Update(u))
        })
        .await;
    });
    ConnectionHandle {
        events: rx,
        stop: stop_tx,
        session: slot,
    }
}
