//! Wire tests' helpers (the app's `tests/wire` includes this file too): a logged-in session over one protocol, and a cache kept live by the
//! event loop.

use crate::common::PASSWORD;
use std::time::Duration;
use xenapi::events::{CacheUpdate, WatchOptions, watch};
use xenapi::{Cache, Credentials, Protocol, ProtocolChoice, Session, TransportOptions, Vm};

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
    pub fn start(session: std::sync::Arc<xenapi::Session>, timeout: f64) -> Watched {
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
/// A raw connection to a server, for requests no well-behaved client sends. Reads give up
/// after 10 s, so a server that never answers fails the test instead of hanging it.
pub fn raw_connect(addr: std::net::SocketAddr) -> std::net::TcpStream {
    let s = std::net::TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s
}

/// Everything the peer sends until it closes the connection; panics if it keeps it open.
pub fn read_until_closed(s: &mut impl std::io::Read) -> String {
    use std::io::ErrorKind::{TimedOut, WouldBlock};
    let mut out = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), WouldBlock | TimedOut) => {
                panic!(
                    "the server kept the connection open; got {:?}",
                    String::from_utf8_lossy(&out)
                )
            }
            Err(_) => break, // reset, or TLS closed without close_notify
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A POST request's head.
pub fn post_head(path: &str, extra: &str) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n{extra}\r\n"
    )
}
