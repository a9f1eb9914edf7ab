//! The console tunnel: how a client reaches a VM's (or a host's) RFB console through xapi.
//!
//! A guest's VNC server listens only inside the control domain, so xapi proxies it: the
//! client sends an authenticated HTTP `CONNECT` for the console's `location` to **the host
//! the VM runs on** (the location names it; not the pool master), xapi answers
//! `HTTP/1.1 200 OK` and from then on the socket carries raw RFB:
//!
//! ```text
//! CONNECT /console?uuid=<console-uuid> HTTP/1.0
//! Host: <host>
//! Cookie: session_id=OpaqueRef:<session>
//! ```
//!
//! (XenCenter's `HTTP.cs` `HttpConnectStream`; xapi's `Console.real_proxy'`.) This module
//! sends that request over TLS with the same verification as every connection (the system's
//! roots, or the pin the user trusted; a pool member has its own certificate, so it may need
//! pinning of its own: [`ConsoleError::Certificate`] carries what the UI shows to trust it),
//! or over plain TCP when the pool connection itself is `http://` (the demo server).
//!
//! Where to connect: the location's host, the location's port if it names one, else the pool
//! connection's port; the pool connection's scheme (a location never downgrades it). A `302`
//! is followed only to another host of the same pool (`pool_hosts`) and never from https to
//! http. xapi's refusals become typed errors: 404 no console (or the VM stopped), 503 the
//! console limit (with who is connected, from the body), 401 the session is no longer valid
//! (`Xapi_http.with_context`: expired, or logged out), 403 the role is too weak, and
//! xapi's 500s: `RBAC_PERMISSION_DENIED` (a host console needs Pool Admin) and
//! `Console.Failure` (the console does not run on that host: the VM stopped or rebooted).

use super::tls::{Rejection, TlsVerifier};
use super::transport::known_host_key;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

/// At most this many `302` hops.
const MAX_REDIRECTS: usize = 3;
/// The longest reply head (status line and headers) read.
const MAX_HEAD: usize = 16 * 1024;
/// The most of an error body read (the 503's user list).
const MAX_BODY: usize = 64 * 1024;

/// A stream the RFB client can run over (TCP, or TLS over TCP).
pub trait ConsoleStream: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> ConsoleStream for T {}

/// Why a console could not be opened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConsoleError {
    /// The VM is not running (or not on the host that was asked).
    #[error("the VM is not running")]
    VmNotRunning,
    /// The VM (or host) has no RFB console, or xapi answered 404 for it.
    #[error("there is no console for this VM")]
    NoConsole,
    /// `pool.limit_console_sessions` is on and someone else has the console (503).
    #[error("the console is already in use (connected: {connected})")]
    Limit {
        /// Who is connected, as xapi's body names them (may be empty).
        connected: String,
    },
    /// The session is no longer valid (401: it expired or was logged out): log in again.
    #[error("the session has expired: log in again")]
    SessionExpired,
    /// The user's role may not open this console (403, or RBAC_PERMISSION_DENIED in a 500):
    /// VM operator for a VM's console, pool admin for a host's.
    #[error("permission denied: a {} console needs the {} role", if *.host_console { "host" } else { "VM" }, if *.host_console { "Pool Admin" } else { "VM Operator" })]
    Forbidden {
        /// A host (control domain) console was asked for.
        host_console: bool,
    },
    /// The host's certificate was refused: untrusted (to trust and pin) or changed.
    #[error("{0}")]
    Certificate(Box<Rejection>),
    /// A redirect that is not followed (another pool, or https to http).
    #[error("refused to follow a redirect to {0}")]
    Redirect(String),
    /// Nothing could be reached (refused, unreachable, timed out, TLS failed).
    #[error("cannot reach {host}: {reason}")]
    Unreachable {
        /// `host:port`.
        host: String,
        /// What went wrong.
        reason: String,
    },
    /// The host answered something else than 200 to the CONNECT.
    #[error("{host} answered {status} to the console request")]
    Http {
        /// `host:port`.
        host: String,
        /// The status code.
        status: u16,
    },
    /// The console location cannot be parsed.
    #[error("the console location {0:?} is not a URL")]
    BadLocation(String),
}

/// Where and as whom to open a console.
#[derive(Debug, Clone)]
pub struct ConsoleRequest {
    /// The console record's `location` (`https://HOST/console?uuid=…`).
    pub location: String,
    /// The pool connection's base URL: its scheme and port are used (see the module docs).
    pub pool_url: reqwest::Url,
    /// The session ref, sent in the `Cookie`.
    pub session_ref: String,
    /// Addresses of the pool's hosts: a redirect may go only to one of them.
    pub pool_hosts: Vec<String>,
    /// Trusted certificates ([`known_host_key`] → fingerprint).
    pub pins: BTreeMap<String, String>,
    /// A control domain's console (for the error a refusal gives).
    pub host_console: bool,
    /// How long connecting and the CONNECT exchange may take.
    pub timeout: Duration,
}

/// The URL to connect to for `location` (see the module docs for the rules).
pub fn target_url(location: &str, pool: &reqwest::Url) -> Result<reqwest::Url, ConsoleError> {
    let loc =
        reqwest::Url::parse(location).map_err(|_| ConsoleError::BadLocation(location.into()))?;
    let host = loc
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| ConsoleError::BadLocation(location.into()))?;
    let mut url = pool.clone();
    url.set_host(Some(host))
        .map_err(|_| ConsoleError::BadLocation(location.into()))?;
    if let Some(p) = loc.port() {
        let _ = url.set_port(Some(p));
    }
    url.set_path(loc.path());
    url.set_query(loc.query());
    Ok(url)
}

/// Opens the tunnel: connects, sends the CONNECT, follows allowed redirects, and returns the
/// stream positioned at the first RFB byte.
pub async fn open(req: &ConsoleRequest) -> Result<Box<dyn ConsoleStream>, ConsoleError> {
    let mut url = target_url(&req.location, &req.pool_url)?;
    for _ in 0..=MAX_REDIRECTS {
        let label = known_host_key(&url);
        let attempt = tokio::time::timeout(req.timeout, connect_once(req, &url)).await;
        let (stream, reply) = match attempt {
            Ok(r) => r?,
            Err(_) => {
                return Err(ConsoleError::Unreachable {
                    host: label,
                    reason: format!("no answer in {} s", req.timeout.as_secs()),
                });
            }
        };
        match reply.status {
            200 => return Ok(stream),
            301 | 302 | 303 | 307 | 308 => {
                let next = reply
                    .location
                    .as_deref()
                    .and_then(|l| url.join(l).ok())
                    .ok_or_else(|| ConsoleError::Redirect(String::from("(no Location)")))?;
                if !redirect_allowed(&url, &next, &req.pool_hosts) {
                    return Err(ConsoleError::Redirect(next.to_string()));
                }
                url = next;
            }
            // xapi's 401 is `Http.Unauthorised`: no valid session. RBAC refusals are 403.
            401 => return Err(ConsoleError::SessionExpired),
            403 => {
                return Err(ConsoleError::Forbidden {
                    host_console: req.host_console,
                });
            }
            404 => return Err(ConsoleError::NoConsole),
            // xapi's 500 carries the exception: RBAC (a host console without Pool Admin), or
            // Console.Failure when the console is not running on the host asked (the VM
            // stopped, moved, or rebooted and got a new console).
            500 if reply.body.contains("RBAC_PERMISSION_DENIED") => {
                return Err(ConsoleError::Forbidden {
                    host_console: req.host_console,
                });
            }
            500 if reply.body.contains("Console.Failure") => {
                return Err(ConsoleError::VmNotRunning);
            }
            503 => {
                return Err(ConsoleError::Limit {
                    connected: limit_users(&reply.body),
                });
            }
            status => {
                return Err(ConsoleError::Http {
                    host: label,
                    status,
                });
            }
        }
    }
    Err(ConsoleError::Redirect(url.to_string()))
}

/// A redirect may go to another host of the same pool, never to a weaker scheme.
pub fn redirect_allowed(from: &reqwest::Url, to: &reqwest::Url, pool_hosts: &[String]) -> bool {
    let scheme_ok = matches!(
        (from.scheme(), to.scheme()),
        ("https", "https") | ("http", "http") | ("http", "https")
    );
    let host_ok = to.host_str().is_some_and(|h| {
        h == from.host_str().unwrap_or_default() || pool_hosts.iter().any(|p| p == h)
    });
    scheme_ok && host_ok
}

/// Who xapi says is connected, from the 503 body `respond_console_limit_exceeded` writes:
/// "User 'alice' is currently connected…", "Users 'alice, bob' are…", or, with
/// `include_console_username_in_error` off, "There're users…" (no names: empty).
pub fn limit_users(body: &str) -> String {
    let names = ["Users '", "User '"].iter().find_map(|open| {
        let rest = &body[body.find(open)? + open.len()..];
        let close = ["' are", "' is"]
            .iter()
            .filter_map(|c| rest.find(c))
            .min()?;
        Some(&rest[..close])
    });
    names.map(unescape_html).unwrap_or_default()
}

/// Undoes `Http_svr.escape_html` (`&lt; &gt; &apos; &quot; &amp;`).
fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&apos;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

struct Reply {
    status: u16,
    location: Option<String>,
    body: String,
}

async fn connect_once(
    req: &ConsoleRequest,
    url: &reqwest::Url,
) -> Result<(Box<dyn ConsoleStream>, Reply), ConsoleError> {
    let label = known_host_key(url);
    let host = url.host_str().unwrap_or_default().to_string();
    let port = url.port_or_known_default().unwrap_or(443);
    let unreachable = |reason: String| ConsoleError::Unreachable {
        host: label.clone(),
        reason,
    };
    let tcp = TcpStream::connect((host.trim_matches(['[', ']']), port))
        .await
        .map_err(|e| unreachable(e.to_string()))?;
    let _ = tcp.set_nodelay(true);
    let mut stream: Box<dyn ConsoleStream> = if url.scheme() == "https" {
        let verifier = TlsVerifier::new(&label, req.pins.get(&label).cloned());
        let config = verifier
            .client_config()
            .map_err(|e| unreachable(format!("TLS setup: {e}")))?;
        let name =
            rustls::pki_types::ServerName::try_from(host.trim_matches(['[', ']']).to_string())
                .map_err(|_| ConsoleError::BadLocation(url.to_string()))?;
        let tls = tokio_rustls::TlsConnector::from(Arc::new(config))
            .connect(name, tcp)
            .await;
        match tls {
            Ok(s) => Box::new(s),
            Err(e) => {
                return Err(match verifier.take_rejection() {
                    Some(r) => ConsoleError::Certificate(Box::new(r)),
                    None => unreachable(format!("TLS: {e}")),
                });
            }
        }
    } else {
        Box::new(tcp)
    };
    let path = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_string(),
    };
    let request = format!(
        "CONNECT {path} HTTP/1.0\r\nHost: {}\r\nCookie: session_id={}\r\nUser-Agent: XenPilot/{}\r\n\r\n",
        url.host_str().unwrap_or_default(),
        req.session_ref,
        env!("CARGO_PKG_VERSION"),
    );
    let io = |e: std::io::Error| unreachable(e.to_string());
    stream.write_all(request.as_bytes()).await.map_err(io)?;
    stream.flush().await.map_err(io)?;
    let head = read_head(&mut stream).await.map_err(io)?;
    let mut reply = parse_head(&head).ok_or_else(|| unreachable("not an HTTP reply".into()))?;
    if reply.status != 200 {
        reply.body = read_body(&mut stream, &head).await;
    }
    Ok((stream, reply))
}

/// Reads up to the blank line, a byte at a time: nothing of the RFB stream after it is taken.
async fn read_head<S: AsyncRead + Unpin + ?Sized>(s: &mut S) -> std::io::Result<String> {
    let mut head = Vec::with_capacity(256);
    while !head.ends_with(b"\r\n\r\n") && !head.ends_with(b"\n\n") {
        if head.len() >= MAX_HEAD {
            return Err(std::io::Error::other("the reply's headers are too long"));
        }
        head.push(s.read_u8().await?);
    }
    Ok(String::from_utf8_lossy(&head).into_owned())
}

fn parse_head(head: &str) -> Option<Reply> {
    let mut lines = head.lines();
    let status_line = lines.next()?;
    let mut parts = status_line.split_whitespace();
    if !parts.next()?.starts_with("HTTP/") {
        return None;
    }
    let status = parts.next()?.parse().ok()?;
    let location = lines.find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case("location")
            .then(|| v.trim().to_string())
    });
    Some(Reply {
        status,
        location,
        body: String::new(),
    })
}

/// An error reply's body: Content-Length bytes, or to the end (bounded, 2 s at most).
async fn read_body<S: AsyncRead + Unpin + ?Sized>(s: &mut S, head: &str) -> String {
    let len = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        })
        .unwrap_or(MAX_BODY)
        .min(MAX_BODY);
    let mut body = vec![0u8; len];
    let mut got = 0;
    let read = async {
        while got < len {
            match s.read(&mut body[got..]).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got += n,
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), read).await;
    String::from_utf8_lossy(&body[..got]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> reqwest::Url {
        reqwest::Url::parse(s).unwrap()
    }

    #[test]
    fn the_location_names_the_host_and_the_pool_its_scheme_and_port() {
        let pool = url("http://127.0.0.1:8080");
        let t = target_url("https://127.0.0.2/console?uuid=abc", &pool).unwrap();
        assert_eq!(t.as_str(), "http://127.0.0.2:8080/console?uuid=abc");
        let pool = url("https://master.example");
        let t = target_url("https://10.0.0.5/console?ref=OpaqueRef:x", &pool).unwrap();
        assert_eq!(t.as_str(), "https://10.0.0.5/console?ref=OpaqueRef:x");
        let t = target_url("https://10.0.0.5:4443/console?uuid=u", &pool).unwrap();
        assert_eq!(known_host_key(&t), "10.0.0.5:4443");
        assert!(target_url("not a url", &pool).is_err());
    }

    #[test]
    fn redirects_stay_in_the_pool_and_never_downgrade() {
        let hosts = vec!["10.0.0.6".to_string()];
        let from = url("https://10.0.0.5/console?uuid=u");
        assert!(redirect_allowed(
            &from,
            &url("https://10.0.0.6/console?uuid=u"),
            &hosts
        ));
        assert!(!redirect_allowed(
            &from,
            &url("http://10.0.0.6/console"),
            &hosts
        ));
        assert!(!redirect_allowed(
            &from,
            &url("https://evil.example/console"),
            &hosts
        ));
    }

    /// The bodies console.ml's `respond_console_limit_exceeded` writes.
    #[test]
    fn the_limit_body_names_who_is_connected() {
        let page = |who: &str| {
            format!(
                "<html><body><h1>Connection Limit Exceeded</h1><p>{who} currently connected \
                 to this console (VM OpaqueRef:5e1c). No more connections are allowed when \
                 limit_console_sessions is enabled.</p></body></html>"
            )
        };
        assert_eq!(limit_users(&page("User 'alice' is")), "alice");
        assert_eq!(
            limit_users(&page("Users 'alice, DOM\\bob &amp; co' are")),
            "alice, DOM\\bob & co"
        );
        assert_eq!(limit_users(&page("User 'o&apos;neil' is")), "o'neil");
        // include_console_username_in_error off: nobody named.
        assert_eq!(limit_users(&page("There're users")), "");
        assert_eq!(limit_users(""), "");
    }

    #[test]
    fn reply_heads_parse() {
        let r = parse_head("HTTP/1.1 302 Found\r\nLocation: https://h2/console\r\n\r\n").unwrap();
        assert_eq!(
            (r.status, r.location.as_deref()),
            (302, Some("https://h2/console"))
        );
        assert!(parse_head("RFB 003.008\n\n").is_none());
    }
}
