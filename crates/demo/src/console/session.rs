//! One viewer's RFB session with a guest, after the tunnel answered `200 OK`: the handshake,
//! then client messages applied to the shared [`Guest`] and updates sent when asked for.
//!
//! A reader task turns the client's bytes into messages (so a half-read message is never
//! abandoned); the session loop owns the writing half and also wakes every 50 ms to move the
//! guest's boot on, to see what other viewers changed, and to notice that the domain went
//! (halt or reboot: the old QEMU's socket closes), the server is stopping, or the client has
//! been idle too long (`pool.vm_console_idle_timeout`, `host.console_idle_timeout`).

use super::rfb::{self, ClientMsg, Encoder, RfbError};
use super::screen::{Guest, Request};
use crate::state::DemoState;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};

/// Why a session ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    ClientClosed,
    /// The VM halted or rebooted: its console went with its domain.
    DomainGone,
    IdleTimeout,
    /// The session that opened the tunnel logged out (or was destroyed).
    LoggedOut,
    ServerStopping,
    Protocol(String),
}

/// What the session needs from the tunnel.
pub struct Viewer {
    pub state: Arc<DemoState>,
    pub vm: String,
    pub epoch: u64,
    pub guest: Arc<Mutex<Guest>>,
    pub idle_timeout: Option<Duration>,
    /// The session that opened the tunnel: the tunnel lives no longer than it.
    pub session: String,
}

fn lock(g: &Mutex<Guest>) -> std::sync::MutexGuard<'_, Guest> {
    g.lock().unwrap_or_else(|e| e.into_inner())
}

pub async fn run<S>(io: S, v: Viewer) -> End
where
    S: AsyncRead + AsyncWrite + Send + 'static,
{
    let (mut r, mut w) = tokio::io::split(io);
    let (size, name) = {
        let g = lock(&v.guest);
        ((g.frame().width, g.frame().height), g.info.name.clone())
    };
    // A viewer that never answers is idle from the start.
    let deadline = v
        .idle_timeout
        .unwrap_or(super::HANDSHAKE_TIMEOUT)
        .min(super::HANDSHAKE_TIMEOUT);
    let shake = tokio::time::timeout(deadline, rfb::handshake(&mut r, &mut w, size, &name));
    let logged_out = async {
        loop {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if v.state.session(&v.session).is_none() {
                return;
            }
        }
    };
    tokio::select! {
        done = shake => match done {
            Err(_) => return End::IdleTimeout,
            Ok(Err(e)) => return End::Protocol(e.to_string()),
            Ok(Ok(_)) => {}
        },
        () = logged_out => return End::LoggedOut,
    }
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Result<ClientMsg, RfbError>>(64);
    let reader = tokio::spawn(async move {
        loop {
            let m = rfb::read_message(&mut r).await;
            let stop = m.is_err();
            if tx.send(m).await.is_err() || stop {
                break;
            }
        }
    });
    let end = serve(&mut w, &v, size, &mut rx).await;
    reader.abort();
    let _ = w.shutdown().await;
    end
}

async fn serve<W: AsyncWrite + Unpin>(
    w: &mut W,
    v: &Viewer,
    size: (usize, usize),
    rx: &mut tokio::sync::mpsc::Receiver<Result<ClientMsg, RfbError>>,
) -> End {
    let mut enc = Encoder::new(size);
    let mut pending: Option<bool> = None; // an update request: incremental or not
    let mut last_activity = Instant::now();
    let mut sent_version = 0u64;
    let mut tick = tokio::time::interval(Duration::from_millis(50));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut boots = v.state.consoles.subscribe();
    loop {
        tokio::select! {
            m = rx.recv() => {
                let msg = match m {
                    None | Some(Err(_)) if v.state.is_stopping() => return End::ServerStopping,
                    None => return End::ClientClosed,
                    Some(Err(RfbError::Io(_))) => return End::ClientClosed,
                    Some(Err(e)) => return End::Protocol(e.to_string()),
                    Some(Ok(m)) => m,
                };
                if msg.is_activity() {
                    last_activity = Instant::now();
                }
                match msg {
                    ClientMsg::SetPixelFormat(pf) => enc.set_format(pf),
                    ClientMsg::SetEncodings(list) => enc.set_encodings(list),
                    ClientMsg::UpdateRequest { incremental } => {
                        // A full request wins over an incremental one still pending.
                        pending = Some(pending.unwrap_or(true) && incremental);
                    }
                    ClientMsg::Key { down, keysym } => lock(&v.guest).key(down, keysym, 0),
                    ClientMsg::QemuKey { down, keysym, keycode } => {
                        lock(&v.guest).key(down, keysym, keycode);
                    }
                    ClientMsg::Pointer { mask, x, y } => lock(&v.guest).pointer(mask, x, y),
                    ClientMsg::CutText => {}
                }
                let request = lock(&v.guest).take_request();
                if request == Some(Request::Reboot) {
                    super::reboot_from_guest(&v.state, &v.vm);
                }
            }
            _ = tick.tick() => {
                lock(&v.guest).tick(Instant::now());
                if let Some(t) = v.idle_timeout
                    && last_activity.elapsed() > t
                {
                    return End::IdleTimeout;
                }
                if v.state.session(&v.session).is_none() {
                    return End::LoggedOut;
                }
            }
            _ = boots.changed() => {}
        }
        if v.state.is_stopping() {
            return End::ServerStopping;
        }
        if v.state.consoles.boot(&v.vm).epoch != v.epoch {
            return End::DomainGone;
        }
        let Some(incremental) = pending else { continue };
        let update = {
            let g = lock(&v.guest);
            if incremental && g.version() == sent_version && !enc.owes() {
                continue;
            }
            sent_version = g.version();
            enc.update(&g, incremental)
        };
        match update {
            Ok(Some(bytes)) => {
                pending = None;
                if w.write_all(&bytes).await.is_err() || w.flush().await.is_err() {
                    return End::ClientClosed;
                }
            }
            Ok(None) => {}
            Err(e) => return End::Protocol(e.to_string()),
        }
    }
}
