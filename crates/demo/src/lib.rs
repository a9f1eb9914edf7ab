//! The demo pool server: an in-process XenAPI server (axum on tokio) over an in-memory
//! database, speaking JSON-RPC and XML-RPC exactly as xapi does, so the app, demos and tests
//! run with no XenServer at hand.
//!
//! - The database itself (tables, the change log behind `event.from`, loading xapi's dump
//!   format) lives in [`xapidb`], which the app shares to open dumps.
//! - [`generator`]: large generated pools; [`DEMO_POOL`]: the built-in showcase pool.
//! - [`rpc`], [`objects`], [`event_calls`], [`power`]: the methods and xapi's error rules.
//! - [`lifecycle`]: tasks (`Async.*`), alerts (`message`) and the VM lifecycle methods with
//!   xapi's rules.
//! - [`rrdd`] and [`rrd_http`]: a simulated xcp-rrdd (performance data as a pure function
//!   of object and time) behind `GET /rrd_updates`.
//! - [`addresses`]: each host on its own loopback address; [`console`]: `console` objects,
//!   the `CONNECT /console` tunnel and the simulated guest screens behind it.
//! - [`http`]: routes, content types, CORS; [`limits`]: what one client may cost (request
//!   size and time, large requests at once, password guesses).

pub mod addresses;
pub mod conn_limit;
pub mod console;
pub mod event_calls;
pub mod generator;
pub mod http;
pub mod lifecycle;
pub mod limits;
pub mod listeners;
pub mod objects;
pub mod org_calls;
pub mod power;
pub mod rpc;
pub mod rrd_http;
pub mod rrdd;
pub mod saved_searches;
pub mod state;
pub mod tls;
pub mod transfer;

pub use state::{DemoConfig, DemoState, generate_password};
pub use tls::TlsIdentity;
pub use xapidb::Db;
use xapidb::dump;

use std::net::SocketAddr;
use std::sync::Arc;

/// The built-in demo pool (xapi database XML), shown when no server is given.
pub const DEMO_POOL: &str = include_str!("../assets/demo-pool.xml");

/// How many alerts the built-in pool starts with.
pub const DEMO_ALERTS: usize = 12;

/// Loads the built-in demo pool.
pub fn demo_pool() -> Db {
    // The asset is checked by tests; failing here would be a build defect, so fall back to an
    // empty pool rather than panic.
    let mut db = dump::load_str(DEMO_POOL, "assets/demo-pool.xml").unwrap_or_else(|e| {
        tracing::error!(error = %e, "the built-in demo pool does not load");
        Db::new()
    });
    // Alerts from the last days, so the Alerts view has something from the start.
    lifecycle::messages::seed(&mut db, DEMO_ALERTS);
    // Install media for the New VM wizard.
    lifecycle::devices::seed_isos(&mut db);
    // Firmware, Secure Boot and vTPM facts of real templates, hosts and pools.
    lifecycle::firmware::seed(&mut db);
    // Each host's TLS certificates (one near its expiry).
    lifecycle::certificates::seed(&mut db);
    // Suspended VMs' memory images.
    lifecycle::suspend::seed(&mut db);
    // Link facts of every NIC (PIF_metrics: carrier, speed).
    lifecycle::nics::seed_metrics(&mut db);
    // Searches XenCenter saved in the pool.
    saved_searches::seed(&mut db);
    // Sets in ref order, as after loading a dump.
    db.rebuild_relations();
    db
}

/// A running demo server.
pub struct DemoServer {
    /// `http://ADDR:PORT` (`https://` with `--tls`), to give to a client.
    pub url: String,
    pub addr: SocketAddr,
    /// Every address served: the coordinator's (`addr`) first, then the other hosts'.
    pub addresses: Vec<SocketAddr>,
    pub state: Arc<DemoState>,
    /// The SHA-256 fingerprint of the certificate, when serving TLS.
    pub fingerprint: Option<String>,
    stopped: bool,
}

impl DemoServer {
    /// Serves `db` on `listen` (port 0 picks a free one). Must run inside a tokio runtime.
    pub async fn start(
        db: Db,
        config: DemoConfig,
        listen: SocketAddr,
    ) -> std::io::Result<DemoServer> {
        Self::start_with_state(Arc::new(DemoState::new(db, config)), listen).await
    }

    /// Serves an existing state (a server "restarted" with the same pool: sessions are not
    /// kept, as xapi keeps none across a toolstack restart).
    ///
    /// Each host gets its own address where `listen` is IPv4 loopback (see [`addresses`]):
    /// the coordinator `listen` itself, the others the next loopback addresses on the same
    /// port. `url` is the coordinator's.
    pub async fn start_with_state(
        state: Arc<DemoState>,
        listen: SocketAddr,
    ) -> std::io::Result<DemoServer> {
        let hosts = state.read(addresses::hosts_in_order);
        let listeners = addresses::bind(listen, hosts.len()).await?;
        state.set_stopping(false);
        let addr = listeners
            .first()
            .ok_or_else(|| std::io::Error::other("no listener"))?
            .local_addr()?;
        let tls = state.config.tls.clone();
        let fingerprint = tls.as_ref().map(TlsIdentity::fingerprint);
        let scheme = if tls.is_some() { "https" } else { "http" };
        // An unspecified address (0.0.0.0, ::) is reached on loopback from here.
        let reach = |ip: std::net::IpAddr| match ip {
            std::net::IpAddr::V4(v4) if v4.is_unspecified() => [127, 0, 0, 1].into(),
            std::net::IpAddr::V6(v6) if v6.is_unspecified() => std::net::Ipv6Addr::LOCALHOST.into(),
            other => other,
        };
        let mut bound = Vec::with_capacity(listeners.len());
        for l in listeners {
            let a = l.local_addr()?;
            bound.push((l, SocketAddr::new(reach(a.ip()), a.port())));
        }
        let ips: Vec<_> = bound.iter().map(|(_, a)| a.ip()).collect();
        console::attach(
            &state,
            addresses::HostAddresses::assign(scheme, addr.port(), &hosts, &ips),
        );
        let rustls = match &tls {
            Some(id) => Some(id.rustls_config().map_err(std::io::Error::other)?),
            None => None,
        };
        let addresses: Vec<SocketAddr> = bound.iter().map(|(_, a)| *a).collect();
        // Each address has its own server and handle, so one host can go away and come
        // back alone; the routes hold the state weakly (the state keeps the starter).
        let weak = Arc::downgrade(&state);
        let limits = state.config.limits.clone();
        // One count for every listener: a source's share is of the whole server.
        let conns = conn_limit::Connections::new(limits.conns_per_source, limits.conns_total);
        let starter: listeners::Starter = Arc::new(move |listener: tokio::net::TcpListener| {
            let state = weak
                .upgrade()
                .ok_or_else(|| std::io::Error::other("the server is gone"))?;
            let ip = listener.local_addr()?.ip();
            let app = http::router(state)
                .layer(axum::Extension(addresses::ServedAddress(reach(ip))))
                .into_make_service_with_connect_info::<SocketAddr>();
            let handle = axum_server::Handle::new();
            let task = serve(
                listener,
                app,
                &limits,
                handle.clone(),
                rustls.clone(),
                conns.clone(),
            )?;
            Ok(listeners::Served { handle, task })
        });
        let mut served = Vec::with_capacity(bound.len());
        for (listener, at) in bound {
            let bound_ip = listener.local_addr()?.ip();
            served.push((at.ip(), bound_ip, starter(listener)?));
        }
        state.hosts.listeners.set(addr.port(), served, starter);
        Ok(DemoServer {
            url: format!("{scheme}://{addr}"),
            addr,
            addresses,
            state,
            fingerprint,
            stopped: false,
        })
    }

    /// Where `host` (a ref) answers now, `scheme://address:port`: its own address, which a
    /// management change moves ([`lifecycle::management`]).
    pub fn host_url(&self, host: &str) -> Option<String> {
        lifecycle::management::host_url(&self.state, host)
    }

    /// Stops accepting connections and waits for the server task to end.
    pub async fn stop(mut self) {
        self.stopped = true;
        let tasks = self
            .state
            .hosts
            .listeners
            .stop_all(std::time::Duration::from_secs(1));
        // Blocked event.from calls, and calls still arriving on kept-alive connections,
        // would keep graceful shutdown waiting.
        self.state.set_stopping(true);
        for t in tasks {
            let _ = t.await;
        }
    }
}

/// Serves `app` on one listener, over TLS when `tls` is given.
fn serve(
    listener: tokio::net::TcpListener,
    app: axum::extract::connect_info::IntoMakeServiceWithConnectInfo<axum::Router, SocketAddr>,
    limits: &limits::ServerLimits,
    handle: axum_server::Handle<SocketAddr>,
    tls: Option<axum_server::tls_rustls::RustlsConfig>,
    conns: std::sync::Arc<conn_limit::Connections>,
) -> std::io::Result<tokio::task::JoinHandle<()>> {
    // axum-server rather than axum::serve: it exposes hyper's header-read timer (which also
    // ends idle kept-alive connections), a first-request timeout and a TLS handshake timeout,
    // the same on http and https. HTTP/1 only, set on hyper's builder rather than with
    // axum-server's `http1_only`, which would also turn off upgrades (the consoles' CONNECT).
    let mut server =
        axum_server::from_tcp(listener.into_std()?)?.first_request_timeout(limits.header_timeout);
    let builder = server.http_builder().clone().http1_only();
    *server.http_builder() = builder;
    server
        .http_builder()
        .http1()
        .header_read_timeout(limits.header_timeout);
    let limit = conn_limit::LimitAcceptor { conns };
    let server = server.handle(handle).acceptor(limit.clone());
    Ok(match tls {
        None => tokio::spawn(async move {
            if let Err(e) = server.serve(app).await {
                tracing::error!(error = %e, "demo server stopped");
            }
        }),
        Some(config) => {
            let acceptor = axum_server::tls_rustls::RustlsAcceptor::new(config)
                .handshake_timeout(
                    limits
                        .header_timeout
                        .min(std::time::Duration::from_secs(10)),
                )
                .acceptor(limit);
            let server = server.acceptor(acceptor);
            tokio::spawn(async move {
                if let Err(e) = server.serve(app).await {
                    tracing::error!(error = %e, "demo server stopped");
                }
            })
        }
    })
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        if !self.stopped {
            self.state.hosts.listeners.abort_all();
        }
    }
}
