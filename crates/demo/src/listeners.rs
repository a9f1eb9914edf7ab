//! The listeners behind each host's address, one server (and one shutdown handle) per
//! address, so one host can go away (its address refuses connections, its connections
//! close) and come back on the same address while the others keep serving.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use tokio::task::JoinHandle;

/// One address being served.
pub struct Served {
    pub handle: axum_server::Handle<SocketAddr>,
    pub task: JoinHandle<()>,
}

/// Serves a freshly bound listener (built by the server, which knows its routes and TLS).
pub type Starter = Arc<dyn Fn(tokio::net::TcpListener) -> std::io::Result<Served> + Send + Sync>;

#[derive(Default)]
struct Inner {
    port: u16,
    serving: HashMap<IpAddr, Served>,
    /// The address each served address was bound as (`0.0.0.0` is served as 127.0.0.1).
    bound: HashMap<IpAddr, IpAddr>,
    starter: Option<Starter>,
    /// Servers closed while the whole server runs (their tasks end on their own).
    closed: Vec<JoinHandle<()>>,
}

/// Which addresses are served now, and how to serve one again.
#[derive(Default)]
pub struct Listeners {
    inner: Mutex<Inner>,
}

impl Listeners {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records the servers started with the server, and how to start one again.
    /// `served` holds each address as served, as bound, and its server.
    pub fn set(&self, port: u16, served: Vec<(IpAddr, IpAddr, Served)>, starter: Starter) {
        let mut inner = self.lock();
        inner.port = port;
        inner.starter = Some(starter);
        for (at, bound, s) in served {
            inner.bound.insert(at, bound);
            inner.serving.insert(at, s);
        }
    }

    /// Whether `ip` is served now.
    pub fn is_open(&self, ip: IpAddr) -> bool {
        self.lock().serving.contains_key(&ip)
    }

    /// Stops serving `ip` at once: the listener closes (new connections are refused) and the
    /// open connections are dropped, as when a host's network goes with it.
    pub fn close(&self, ip: IpAddr) {
        let mut inner = self.lock();
        if let Some(s) = inner.serving.remove(&ip) {
            s.handle.shutdown();
            inner.closed.push(s.task);
        }
    }

    /// Serves `ip` again on the server's port.
    pub async fn open(&self, ip: IpAddr) -> std::io::Result<()> {
        let (port, starter, bind) = {
            let inner = self.lock();
            if inner.serving.contains_key(&ip) {
                return Ok(());
            }
            let bind = inner.bound.get(&ip).copied().unwrap_or(ip);
            (inner.port, inner.starter.clone(), bind)
        };
        let Some(starter) = starter else {
            return Err(std::io::Error::other("the server is not running"));
        };
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(bind, port)).await?;
        let served = starter(listener)?;
        self.lock().serving.insert(ip, served);
        Ok(())
    }

    /// Serves `ip` on the server's port now, from a synchronous caller inside the runtime
    /// (a management change answers at the new address before its call returns).
    pub fn open_now(&self, ip: IpAddr) -> std::io::Result<()> {
        let (port, starter) = {
            let inner = self.lock();
            if inner.serving.contains_key(&ip) {
                return Ok(());
            }
            (inner.port, inner.starter.clone())
        };
        let Some(starter) = starter else {
            return Err(std::io::Error::other("the server is not running"));
        };
        let std_listener = std::net::TcpListener::bind(SocketAddr::new(ip, port))?;
        std_listener.set_nonblocking(true)?;
        let served = starter(tokio::net::TcpListener::from_std(std_listener)?)?;
        let mut inner = self.lock();
        inner.bound.insert(ip, ip);
        inner.serving.insert(ip, served);
        Ok(())
    }

    /// Stops every server: gracefully (give requests `grace` to end), returning their tasks
    /// to wait for. No address is served again afterwards.
    pub fn stop_all(&self, grace: std::time::Duration) -> Vec<JoinHandle<()>> {
        let mut inner = self.lock();
        inner.starter = None;
        let mut tasks: Vec<JoinHandle<()>> = inner.closed.drain(..).collect();
        for (_, s) in inner.serving.drain() {
            s.handle.graceful_shutdown(Some(grace));
            tasks.push(s.task);
        }
        tasks
    }

    /// Ends every server task now (the server is dropped without `stop`).
    pub fn abort_all(&self) {
        let mut inner = self.lock();
        inner.starter = None;
        for t in inner.closed.drain(..) {
            t.abort();
        }
        for (_, s) in inner.serving.drain() {
            s.handle.shutdown();
            s.task.abort();
        }
    }
}
