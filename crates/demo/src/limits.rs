//! What the demo server spends on one client: request size, time to send a request, large
//! requests at once, and password guesses per source address. With `--listen` on a shared
//! network any of these could otherwise be used to exhaust memory, sockets or the password.

use axum::body::{Body, Bytes, HttpBody};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The largest RPC request body accepted (HTTP 413 beyond). Requests are small even for a
/// 10,000-VM pool: the biggest a client sends are map setters (`set_other_config`,
/// `set_xenstore_data`) of a few KiB, and an `event.from` naming each of 10,000 VMs one by
/// one is about 640 KiB as XML-RPC. Replies are not limited.
pub const MAX_RPC_BODY: usize = 1024 * 1024;

/// The server's limits; [`Default`] is what `demo-server` uses, tests shorten the times.
#[derive(Debug, Clone)]
pub struct ServerLimits {
    /// Largest request body, checked against Content-Length before reading and while a
    /// chunked body streams in.
    pub max_body: usize,
    /// A body larger than this, or of unknown length, needs one of `large_slots`; when all
    /// are taken the request is answered 503 at once. Decoding costs several times the body.
    pub large_body: usize,
    pub large_slots: usize,
    /// Time for a request's headers to arrive; hyper starts it when a connection waits for
    /// a request, so it is also how long a kept-alive connection may sit idle. Also bounds a
    /// new connection's first request, and (at most 10 s) the TLS handshake.
    pub header_timeout: Duration,
    /// Time for a request's body to arrive once its headers have (HTTP 408 after).
    pub body_timeout: Duration,
    /// Failed logins a source may make at once, then one more each `login_refill`.
    pub login_burst: u32,
    pub login_refill: Duration,
    /// Connections open at once from one source (an IPv4 address, an IPv6 /64), and in all;
    /// past either, a new connection is closed at once ([`crate::conn_limit`]).
    pub conns_per_source: usize,
    pub conns_total: usize,
}

impl Default for ServerLimits {
    fn default() -> Self {
        ServerLimits {
            max_body: MAX_RPC_BODY,
            large_body: 64 * 1024,
            large_slots: 4,
            header_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(30),
            // A few typos are free; a guesser gets 10 a minute instead of 58 a second.
            login_burst: 5,
            login_refill: Duration::from_secs(6),
            // The app opens a handful (calls, event.from, graphs, consoles); the total stays
            // below the usual 1,024 descriptors, so `accept` itself never fails.
            conns_per_source: 256,
            conns_total: 768,
        }
    }
}

/// Why a request body was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Larger than [`ServerLimits::max_body`]: HTTP 413.
    TooLarge,
    /// Every large-request slot is taken: HTTP 503.
    Busy,
    /// The body did not arrive within [`ServerLimits::body_timeout`]: HTTP 408.
    Timeout,
    /// The connection broke or the body was not valid HTTP framing.
    Broken,
}

/// A request body, and the large-request slot it holds until dropped (keep it while the
/// request is decoded and served: decoding is what costs memory).
pub type Admitted<'a> = (Bytes, Option<tokio::sync::SemaphorePermit<'a>>);

/// Reads a request body within the limits. `slots` is the semaphore of large requests.
pub async fn read_body<'a>(
    limits: &ServerLimits,
    slots: &'a tokio::sync::Semaphore,
    mut body: Body,
) -> Result<Admitted<'a>, Refusal> {
    // Exact when hyper knows the length (Content-Length, or no body at all); None when
    // chunked.
    let declared = body.size_hint().exact();
    if declared.is_some_and(|n| n > limits.max_body as u64) {
        return Err(Refusal::TooLarge);
    }
    let slot = if declared.is_none_or(|n| n > limits.large_body as u64) {
        Some(slots.try_acquire().map_err(|_| Refusal::Busy)?)
    } else {
        None
    };
    let read = async {
        let mut buf = Vec::with_capacity(declared.unwrap_or(0) as usize);
        while let Some(frame) =
            std::future::poll_fn(|cx| std::pin::Pin::new(&mut body).poll_frame(cx)).await
        {
            let Ok(data) = frame.map_err(|_| Refusal::Broken)?.into_data() else {
                continue; // trailers
            };
            if buf.len() + data.len() > limits.max_body {
                return Err(Refusal::TooLarge);
            }
            buf.extend_from_slice(&data);
        }
        Ok(Bytes::from(buf))
    };
    let bytes = tokio::time::timeout(limits.body_timeout, read)
        .await
        .unwrap_or(Err(Refusal::Timeout))?;
    Ok((bytes, slot))
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// The longest a login waits for its source's next token (a right password behind a
/// guesser gets in after this at most); a longer wait is refused at once.
pub const MAX_LOGIN_WAIT: Duration = Duration::from_secs(10);

/// A token bucket of password checks per source: a check takes a token, a right password
/// gives it back, so only failures use up the bucket and a right password is never slowed
/// while any token is left. With none left the password is not checked at all, which is what
/// stops parallel guessing (a delay on each failure alone does not).
pub struct LoginLimiter {
    burst: f64,
    refill: Duration,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl LoginLimiter {
    pub fn new(burst: u32, refill: Duration) -> LoginLimiter {
        LoginLimiter {
            burst: f64::from(burst.max(1)),
            refill: refill.max(Duration::from_millis(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// One source: what one guesser can cycle through. The loopback addresses (all of
    /// 127.0.0.0/8, and ::1) are this machine; an IPv4 /24 is one subnet; an IPv6 /64 is
    /// what one machine is usually given.
    fn source(ip: IpAddr) -> IpAddr {
        if ip.to_canonical().is_loopback() {
            return IpAddr::from([127, 0, 0, 0]);
        }
        match ip.to_canonical() {
            IpAddr::V6(v6) => {
                let mut seg = v6.segments();
                seg[4..].fill(0);
                IpAddr::V6(seg.into())
            }
            IpAddr::V4(v4) => {
                let [a, b, c, _] = v4.octets();
                IpAddr::from([a, b, c, 0])
            }
        }
    }

    /// Takes a token for one password check, or says how long until the next one.
    pub fn try_take(&self, ip: IpAddr) -> Result<(), Duration> {
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > 10_000 {
            // Forget sources that have not failed lately (their bucket is full again).
            let (burst, refill) = (self.burst, self.refill.as_secs_f64());
            buckets.retain(|_, b| {
                b.tokens + now.duration_since(b.updated).as_secs_f64() / refill < burst
            });
        }
        let b = buckets.entry(Self::source(ip)).or_insert(Bucket {
            tokens: self.burst,
            updated: now,
        });
        let earned = now.duration_since(b.updated).as_secs_f64() / self.refill.as_secs_f64();
        b.tokens = (b.tokens + earned).min(self.burst);
        b.updated = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(self.refill.mul_f64(1.0 - b.tokens))
        }
    }

    /// Returns the token of a check that found the right password.
    pub fn give_back(&self, ip: IpAddr) {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(b) = buckets.get_mut(&Self::source(ip)) {
            b.tokens = (b.tokens + 1.0).min(self.burst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_failures_use_up_a_sources_bucket() {
        let l = LoginLimiter::new(3, Duration::from_secs(3600));
        let a: IpAddr = [192, 0, 2, 1].into();
        for _ in 0..100 {
            l.try_take(a).unwrap();
            l.give_back(a); // right passwords
        }
        for _ in 0..3 {
            l.try_take(a).unwrap(); // wrong passwords
        }
        assert!(l.try_take(a).is_err());
        // Another network is not held up; one IPv6 /64 is one source.
        l.try_take([203, 0, 113, 2].into()).unwrap();
        let v6 = |last: u16| IpAddr::from([0x2001, 0xdb8, 0, 1, 0, 0, 0, last]);
        for i in 0..3 {
            l.try_take(v6(i)).unwrap();
        }
        assert!(l.try_take(v6(99)).is_err());
    }

    #[test]
    fn a_guesser_cycling_addresses_is_one_source() {
        let l = LoginLimiter::new(3, Duration::from_secs(3600));
        // Every loopback address is this machine, IPv6's too.
        let lo = |i: u8| IpAddr::from([127, i, 7, i]);
        for i in 0..3 {
            l.try_take(lo(i)).unwrap();
        }
        assert!(l.try_take(lo(200)).is_err());
        assert!(l.try_take(IpAddr::from([0, 0, 0, 0, 0, 0, 0, 1])).is_err());
        // An IPv4 /24 is one source (one subnet's addresses are one guesser's to cycle).
        let net = |i: u8| IpAddr::from([198, 51, 100, i]);
        for i in 0..3 {
            l.try_take(net(i)).unwrap();
        }
        assert!(l.try_take(net(250)).is_err());
        l.try_take([198, 51, 101, 1].into()).unwrap();
    }

    #[test]
    fn the_bucket_refills() {
        let l = LoginLimiter::new(1, Duration::from_millis(1));
        let a: IpAddr = [192, 0, 2, 1].into();
        l.try_take(a).unwrap();
        std::thread::sleep(Duration::from_millis(20));
        l.try_take(a).unwrap();
    }
}
