//! Connections per source, and in all. Idle connections are cheap to open and each holds a
//! file descriptor until the header timeout ends it: a flood of them (with the usual limit
//! of 1,024 descriptors) made `accept` fail and delayed every client's call for as long as
//! the flood lasted. A source past its share, or any source once the server is full, is
//! closed at once, before TLS or HTTP costs anything; the slot frees when the connection
//! ends, however it ends.

use axum_server::accept::Accept;
use std::collections::HashMap;
use std::io;
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// The open connections, counted by source.
#[derive(Debug)]
pub struct Connections {
    per_source: usize,
    total: usize,
    open: Mutex<(usize, HashMap<IpAddr, usize>)>,
}

/// The address a connection is counted under: an IPv4 address, or an IPv6 address's /64
/// (one machine is given a whole /64, so its addresses are one source).
fn source(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6([s[0], s[1], s[2], s[3], 0, 0, 0, 0].into())
            }
        },
        v4 => v4,
    }
}

impl Connections {
    pub fn new(per_source: usize, total: usize) -> Arc<Connections> {
        Arc::new(Connections {
            per_source,
            total,
            open: Mutex::new((0, HashMap::new())),
        })
    }

    /// A slot for a new connection from `ip`, or `None` when its source or the server is full.
    pub fn take(self: &Arc<Self>, ip: IpAddr) -> Option<Slot> {
        let key = source(ip);
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let (all, by_source) = &mut *open;
        let mine = by_source.entry(key).or_insert(0);
        if *mine >= self.per_source || *all >= self.total {
            if *mine == 0 {
                by_source.remove(&key);
            }
            return None;
        }
        *mine += 1;
        *all += 1;
        Some(Slot {
            owner: self.clone(),
            key,
        })
    }

    /// Connections open now: from `ip`'s source, and in all.
    pub fn open(&self, ip: IpAddr) -> (usize, usize) {
        let open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        (open.1.get(&source(ip)).copied().unwrap_or(0), open.0)
    }
}

/// One counted connection; dropping it frees the place.
#[derive(Debug)]
pub struct Slot {
    owner: Arc<Connections>,
    key: IpAddr,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .owner
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let (all, by_source) = &mut *open;
        *all = all.saturating_sub(1);
        if let Some(n) = by_source.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                by_source.remove(&self.key);
            }
        }
    }
}

/// A TCP stream that holds its slot for as long as it lives.
#[derive(Debug)]
pub struct Counted {
    inner: TcpStream,
    _slot: Slot,
}

impl AsyncRead for Counted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Counted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

/// Counts each accepted connection, refuses those past the limits, and turns off Nagle's
/// delay (a console's small updates, a typed key's echo, go out at once).
#[derive(Debug, Clone)]
pub struct LimitAcceptor {
    pub conns: Arc<Connections>,
}

impl<S> Accept<TcpStream, S> for LimitAcceptor {
    type Stream = Counted;
    type Service = S;
    type Future = std::future::Ready<io::Result<(Counted, S)>>;

    fn accept(&self, stream: TcpStream, service: S) -> Self::Future {
        let slot = stream
            .peer_addr()
            .ok()
            .and_then(|peer| self.conns.take(peer.ip()));
        std::future::ready(match slot {
            // Dropping the stream closes it: the client sees the connection end at once.
            None => Err(io::Error::other("too many connections from this source")),
            Some(slot) => stream.set_nodelay(true).map(|()| {
                (
                    Counted {
                        inner: stream,
                        _slot: slot,
                    },
                    service,
                )
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_source_and_the_server_each_have_a_cap_and_slots_come_back() {
        let c = Connections::new(2, 3);
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        let a1 = c.take(a).unwrap();
        let _a2 = c.take(a).unwrap();
        assert!(c.take(a).is_none(), "a's share is used");
        let _b1 = c.take(b).expect("another source still gets in");
        assert!(c.take(b).is_none(), "the server is full");
        drop(a1);
        assert_eq!(c.open(a), (1, 2));
        assert!(c.take(b).is_some(), "a freed slot serves anyone");
    }

    #[test]
    fn an_ipv6_machine_is_one_source() {
        let c = Connections::new(1, 10);
        let _x = c.take("2001:db8:1:2::1".parse().unwrap()).unwrap();
        assert!(c.take("2001:db8:1:2::ffff".parse().unwrap()).is_none());
        assert!(c.take("2001:db8:1:3::1".parse().unwrap()).is_some());
        let _m = c.take("::ffff:10.0.0.9".parse().unwrap()).unwrap();
        assert!(
            c.take([10, 0, 0, 9].into()).is_none(),
            "mapped is the same v4"
        );
    }
}
