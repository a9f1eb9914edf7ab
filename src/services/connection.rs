//! One pool connection, run on the background runtime: login, then the event loop and a
//! heartbeat. The UI never waits on it: it drains [`ConnEvent`]s from a channel once a frame,
//! and every send asks for a repaint.
//!
//! Dropped connections are the event loop's business: it retries with backoff, logs in again
//! when the host forgot the session, and reloads the whole cache when it is back. The
//! heartbeat (`host.get_servertime` every 15 s, as XenCenter does) notices a dead host even
//! while `event.from` is still blocked waiting for it.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use xenapi::events::{CacheUpdate, WatchOptions, watch};
use xenapi::{Cache, Credentials, Error, Session, TransportOptions};

/// How often the heartbeat asks the master for its time, and how long it waits.
pub const HEARTBEAT_INTERVAL: Duration = Duration::from_secs(15);
const HEARTBEAT_TIMEOUT: Duration = Duration::from_secs(20);

/// What the connection reports.
#[derive(Debug)]
pub enum ConnEvent {
    Connecting,
    Connected {
        host: String,
        api_version: (i64, i64),
        protocol: String,
        /// Where the user asked to connect, when that host was a pool member and the
        /// connection went on to its master.
        redirected_from: Option<String>,
        /// False for plain `http://`.
        encrypted: bool,
        /// The user's role allows none of XenPilot's edits (forms open read-only).
        read_only: bool,
        /// The session's RBAC permissions (xapi's lower-case call names), to grey each action
        /// the role does not allow; `None` for the local superuser or a host that did not say.
        permissions: Option<Vec<String>>,
    },
    Update(CacheUpdate),
    /// The heartbeat failed (the host may be gone) or, with `None`, works again.
    Heartbeat(Option<Error>),
    /// The coordinator went away and the connection now talks to the pool's new (or
    /// another answering) coordinator, logged in again with the password held in memory:
    /// `from` and `to` name the hosts, `host` is the new `host:port`.
    Reconnected {
        from: String,
        to: String,
        host: String,
    },
    Failed(Error),
}

/// The UI's end of a connection.
pub struct ConnectionHandle {
    pub events: mpsc::Receiver<ConnEvent>,
    stop: tokio::sync::watch::Sender<bool>,
    session: Arc<Mutex<Option<Arc<Session>>>>,
    /// Where the coordinator is about to answer (its management address changes): tried
    /// first when the connection loses it.
    expect: Arc<Mutex<Option<String>>>,
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

    /// Tells the connection the coordinator will answer at `address` next (a management
    /// change of its own): when the old address stops answering, it logs in there first.
    pub fn expect_coordinator_at(&self, address: String) {
        if let Ok(mut e) = self.expect.lock() {
            *e = Some(address);
        }
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

/// Calls `host.get_servertime` every `every` on a connection of its own and
/// reports when it starts or stops failing.
async fn heartbeat(
    session: Arc<Session>,
    every: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
    send: impl Fn(ConnEvent) -> bool,
) {
    let opts = TransportOptions {
        timeout: HEARTBEAT_TIMEOUT,
        connect_timeout: HEARTBEAT_TIMEOUT,
        ..TransportOptions::default()
    };
    let transport = match session.separate_transport(&opts) {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(error = %e, "no heartbeat");
            return;
        }
    };
    let mut failing = false;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => return,
        }
        let r = session.heartbeat(&transport).await;
        let failed_now = r.is_err();
        let ok = match r {
            Ok(()) if failing => send(ConnEvent::Heartbeat(None)),
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "heartbeat failed");
                send(ConnEvent::Heartbeat(Some(e)))
            }
        };
        failing = failed_now;
        if !ok {
            return;
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
    connect_with(rt, url, credentials, options, HEARTBEAT_INTERVAL, repaint)
}

/// [`connect`] with another heartbeat interval (tests).
pub fn connect_with(
    rt: &tokio::runtime::Handle,
    url: String,
    credentials: Credentials,
    options: TransportOptions,
    heartbeat_every: Duration,
    repaint: impl Fn() + Send + Sync + 'static,
) -> ConnectionHandle {
    let (tx, rx) = mpsc::channel();
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let slot: Arc<Mutex<Option<Arc<Session>>>> = Arc::new(Mutex::new(None));
    let slot2 = slot.clone();
    let expect: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let expect2 = expect.clone();
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
        let mut cancel = stop_rx.clone();
        let login = tokio::select! {
            r = Session::login(&url, credentials.clone(), options.clone()) => r,
            // Cancel: drop the login wherever it is.
            _ = cancel.changed() => return,
        };
        let session = match login {
            Ok(s) => Arc::new(s),
            Err(e) => {
                send(ConnEvent::Failed(e));
                return;
            }
        };
        if let Ok(mut s) = slot2.lock() {
            *s = Some(session.clone());
        }
        // Unknown (an old host): assume writable; a refused write still says why.
        let (read_only, permissions) = match session.rbac().await {
            Ok((superuser, perms)) => (
                !crate::model::rbac::can_edit(superuser, &perms),
                (!superuser).then_some(perms),
            ),
            Err(e) => {
                tracing::info!(error = %e, "cannot read the session's permissions");
                (false, None)
            }
        };
        send(ConnEvent::Connected {
            host: session.host_label().to_string(),
            api_version: session.api_version,
            protocol: session
                .protocol()
                .map(|p| format!("{p:?}"))
                .unwrap_or_default(),
            redirected_from: session.redirected_from.clone(),
            encrypted: session.base_url().scheme() == "https",
            read_only,
            permissions,
        });
        let follow = Follow {
            credentials,
            options,
            heartbeat_every,
            expect: expect2,
        };
        follow.run(session, slot2, stop_rx, send).await;
    });
    ConnectionHandle {
        events: rx,
        stop: stop_tx,
        session: slot,
        expect,
    }
}

/// How often a lost coordinator is looked for (the event loop's longest wait between
/// attempts, and so how late a returning coordinator is noticed).
pub const RECONNECT_EVERY: Duration = Duration::from_secs(1);

/// What following the coordinator needs: the password held in memory (never written), the
/// options the user connected with, the heartbeat's pace.
struct Follow {
    credentials: Credentials,
    options: TransportOptions,
    heartbeat_every: Duration,
    /// [`ConnectionHandle::expect_coordinator_at`]'s address.
    expect: Arc<Mutex<Option<String>>>,
}

impl Follow {
    /// Runs the event loop and the heartbeat on `session` until stopped; whenever the loop
    /// loses the coordinator, looks for it elsewhere in the pool and, when found, carries
    /// on there (a new cache load, the same pool).
    async fn run(
        self,
        mut session: Arc<Session>,
        slot: Arc<Mutex<Option<Arc<Session>>>>,
        mut stop: tokio::sync::watch::Receiver<bool>,
        send: impl Fn(ConnEvent) -> bool + Clone + Send + Sync + 'static,
    ) {
        let mut members = super::coordinator::members(&session).await;
        loop {
            let (gen_stop, gen_rx) = tokio::sync::watch::channel(false);
            let (lost_tx, mut lost_rx) = tokio::sync::mpsc::unbounded_channel::<Option<String>>();
            let beat = heartbeat(
                session.clone(),
                self.heartbeat_every,
                gen_rx.clone(),
                send.clone(),
            );
            let forward = send.clone();
            let options = WatchOptions {
                max_backoff: RECONNECT_EVERY,
                ..WatchOptions::default()
            };
            let events = watch(session.clone(), options, gen_rx, move |u| {
                // Records are decoded here, on the runtime, so the UI thread only inserts them.
                let u = match u {
                    CacheUpdate::Batch(evs) => {
                        CacheUpdate::Decoded(evs.into_iter().filter_map(Cache::decode).collect())
                    }
                    CacheUpdate::Disconnected(e) => {
                        let _ = lost_tx.send(super::coordinator::named_coordinator(&e));
                        CacheUpdate::Disconnected(e)
                    }
                    other => other,
                };
                forward(ConnEvent::Update(u))
            });
            let current = session.base_url().clone();
            let look = async {
                while let Some(named) = lost_rx.recv().await {
                    // An address the app said the coordinator moves to comes before the
                    // pool's members (a pool of one has no member to ask).
                    let expected = self.expect.lock().ok().and_then(|e| e.clone());
                    let named = named.or(expected);
                    let found = super::coordinator::find(
                        &current,
                        named.as_deref(),
                        &members,
                        &self.credentials,
                        &self.options,
                    )
                    .await;
                    if found.is_some() {
                        return found;
                    }
                }
                None
            };
            let found = tokio::select! {
                _ = async { tokio::join!(beat, events) } => return,
                Some(s) = look => s,
                _ = stop.changed() => return,
            };
            let _ = gen_stop.send(true);
            // Named from what was known before the move (the new coordinator may not
            // answer more than the login yet).
            let name = |u: &reqwest::Url| u.host_str().map(|h| members.name_at(h));
            let from = name(&current).unwrap_or_default();
            let to = name(found.base_url()).unwrap_or_default();
            session = Arc::new(found);
            if let Ok(mut e) = self.expect.lock() {
                *e = None;
            }
            if let Ok(mut s) = slot.lock() {
                *s = Some(session.clone());
            }
            let fresh = super::coordinator::members(&session).await;
            if !fresh.hosts.is_empty() {
                members = fresh;
            }
            tracing::info!(%from, %to, "the coordinator moved; reconnected");
            let ok = send(ConnEvent::Reconnected {
                from,
                to,
                host: session.host_label().to_string(),
            });
            if !ok {
                return;
            }
        }
    }
}
