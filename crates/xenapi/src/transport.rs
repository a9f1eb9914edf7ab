//! HTTP transports: JSON-RPC at `POST /jsonrpc`, XML-RPC at `POST /`, with a one-time probe
//! that falls back from JSON-RPC to XML-RPC for hosts that lack it and remembers the choice.
//!
//! A host may be hostile or broken, so every call has one deadline (the JSON-RPC probe and
//! its fallback included) and a reply-size cap, and redirects are only followed within the
//! host's own origin: the password never goes anywhere the user did not name.

use super::codec::DecodeError;
use super::error::{ApiError, Error, ErrorKind, Limit, NetCause, Result, TransportError, UrlError};
use super::tls::TlsVerifier;
use super::{jsonrpc, xmlrpc};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::time::Duration;
use tokio::time::Instant;

/// The default cap on one reply. In a generated 10,000-VM, 64-host pool `VM.get_all_records`
/// is 27 MB as XML-RPC (11 MB as JSON), and every class's records together 88 MB (an
/// `event.from` from an empty token, about 110 MB); 1 GiB leaves room for pools several
/// times larger and still stops an endless reply.
pub const MAX_REPLY_BYTES: u64 = 1 << 30;

/// Which wire protocol to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// JSON-RPC 2.0 at `POST /jsonrpc`, on hosts that have it.
    JsonRpc,
    /// XML-RPC at `POST /`, which every xapi speaks.
    XmlRpc,
}

/// What the caller asks for: a fixed protocol, or JSON-RPC with XML-RPC fallback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProtocolChoice {
    /// Try JSON-RPC first, fall back to XML-RPC if the host lacks it, and keep what worked.
    #[default]
    Auto,
    /// Speak only this protocol.
    Only(Protocol),
}

/// How a [`Transport`] connects and how long and large its calls may be.
#[derive(Debug, Clone)]
pub struct TransportOptions {
    /// Which protocol to speak ([`ProtocolChoice::Auto`] by default).
    pub protocol: ProtocolChoice,
    /// Each call's deadline, from sending to the reply read whole (a protocol fallback, and
    /// a re-login and retry in [`super::Session`], included). Event calls block for their own
    /// timeout, so give them more.
    pub timeout: Duration,
    /// How long establishing a connection may take (10 s by default).
    pub connect_timeout: Duration,
    /// The largest reply accepted, in bytes ([`MAX_REPLY_BYTES`] by default).
    pub max_reply_bytes: u64,
    /// Certificates the user trusted: [`known_host_key`] → SHA-256 fingerprint. A pinned
    /// host must present exactly that certificate; others must chain to a trusted root.
    pub pins: BTreeMap<String, String>,
}

impl Default for TransportOptions {
    fn default() -> Self {
        TransportOptions {
            protocol: ProtocolChoice::Auto,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_reply_bytes: MAX_REPLY_BYTES,
            pins: BTreeMap::new(),
        }
    }
}

/// The key a host's certificate is pinned under: `host:port`, the port made explicit.
pub fn known_host_key(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port_or_known_default() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    }
}

/// Normalises what a user types (`host`, `host:8443`, `https://host/`) into a base URL.
/// HTTPS is the default; plain HTTP only when asked for with `http://`.
pub fn normalize_url(input: &str) -> std::result::Result<reqwest::Url, UrlError> {
    let t = input.trim();
    if t.is_empty() {
        return Err("no server address given".into());
    }
    let with_scheme = if t.contains("://") {
        t.to_string()
    } else {
        format!("https://{t}")
    };
    let mut url =
        reqwest::Url::parse(&with_scheme).map_err(|e| format!("invalid address {t:?}: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "unsupported scheme {:?} (use https:// or http://)",
            url.scheme()
        )
        .into());
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("invalid address {t:?}: no host").into());
    }
    url.set_path("");
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// Makes sure rustls has a crypto provider (we build reqwest without a default one).
pub fn ensure_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

const UNKNOWN: u8 = 0;
const JSON: u8 = 1;
const XML: u8 = 2;

/// One HTTP connection pool to one host, speaking one protocol once probed.
#[derive(Debug)]
pub struct Transport {
    http: reqwest::Client,
    base: reqwest::Url,
    label: String,
    protocol: AtomicU8,
    next_id: AtomicU64,
    /// Checks the host's certificate (https only); says why a handshake was refused.
    verifier: Option<Arc<TlsVerifier>>,
    pins: BTreeMap<String, String>,
    timeout: Duration,
    max_reply_bytes: u64,
}

enum Attempt {
    Done(Result<Value>),
    /// The host does not speak this protocol here: try the other one.
    NotSpoken,
}

impl Transport {
    /// A transport to `url` (as [`normalize_url`] takes it) with its own HTTP client: TLS
    /// checked against the system's roots or `options.pins`, same-origin redirects only.
    pub fn new(url: &str, options: &TransportOptions) -> Result<Self> {
        let base = normalize_url(url)
            .map_err(|e| Error::new(url, "connect", ErrorKind::Client(e.to_string())))?;
        ensure_crypto_provider();
        // No reqwest timeout: each call's own deadline covers connecting, sending and the
        // whole reply, across a protocol fallback too.
        let mut builder = reqwest::Client::builder()
            .redirect(same_origin_redirects())
            .connect_timeout(options.connect_timeout)
            .user_agent(concat!("XenPilot/", env!("CARGO_PKG_VERSION")));
        let mut verifier = None;
        if base.scheme() == "https" {
            let key = known_host_key(&base);
            let v = TlsVerifier::new(&key, options.pins.get(&key).cloned());
            let tls = v.client_config().map_err(|e| {
                Error::new(
                    url,
                    "connect",
                    ErrorKind::Transport(format!("TLS setup: {e}").into()),
                )
            })?;
            builder = builder.use_preconfigured_tls(tls);
            verifier = Some(v);
        }
        let http = builder
            .build()
            .map_err(|e| Error::new(url, "connect", ErrorKind::Transport(e.to_string().into())))?;
        let mut t = Self::with_client(base, http, options.protocol)?;
        t.verifier = verifier;
        t.pins = options.pins.clone();
        t.timeout = options.timeout;
        t.max_reply_bytes = options.max_reply_bytes;
        Ok(t)
    }

    /// The deadline of a call starting now.
    pub fn deadline(&self) -> Instant {
        let now = Instant::now();
        // A timeout too large to add is as good as none: a year.
        now.checked_add(self.timeout)
            .unwrap_or(now + Duration::from_secs(365 * 86_400))
    }

    /// The largest reply this transport accepts.
    pub fn max_reply_bytes(&self) -> u64 {
        self.max_reply_bytes
    }

    /// The trusted-certificate pins this transport was made with (for another connection
    /// to the same host).
    pub fn pins(&self) -> &BTreeMap<String, String> {
        &self.pins
    }

    /// A transport over a caller-built reqwest client (custom TLS verification, pinning).
    /// Build it with [`same_origin_redirects`]: reqwest's default follows any redirect.
    /// Calls get [`TransportOptions::default`]'s deadline and reply cap.
    pub fn with_client(
        base: reqwest::Url,
        http: reqwest::Client,
        protocol: ProtocolChoice,
    ) -> Result<Self> {
        let label = match (base.host_str(), base.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            _ => base.to_string(),
        };
        let protocol = match protocol {
            ProtocolChoice::Auto => UNKNOWN,
            ProtocolChoice::Only(Protocol::JsonRpc) => JSON,
            ProtocolChoice::Only(Protocol::XmlRpc) => XML,
        };
        Ok(Transport {
            http,
            base,
            label,
            protocol: AtomicU8::new(protocol),
            next_id: AtomicU64::new(1),
            verifier: None,
            pins: BTreeMap::new(),
            timeout: TransportOptions::default().timeout,
            max_reply_bytes: MAX_REPLY_BYTES,
        })
    }

    /// The host (and port) this transport talks to, for messages.
    pub fn host_label(&self) -> &str {
        &self.label
    }

    /// The host's base URL, scheme and port included, without a path.
    pub fn base_url(&self) -> &reqwest::Url {
        &self.base
    }

    /// The protocol in use, once known.
    pub fn protocol(&self) -> Option<Protocol> {
        match self.protocol.load(Ordering::Relaxed) {
            JSON => Some(Protocol::JsonRpc),
            XML => Some(Protocol::XmlRpc),
            _ => None,
        }
    }

    fn err(&self, method: &str, kind: ErrorKind) -> Error {
        Error::new(self.label.clone(), method, kind)
    }

    /// Calls `method` with positional `params` (the session ref, if any, included).
    pub async fn call(&self, method: &str, params: &[Value]) -> Result<Value> {
        self.call_by(self.deadline(), method, params).await
    }

    /// Like [`Transport::call`], with a deadline shared with other calls (a session's
    /// re-login and retry).
    pub async fn call_by(
        &self,
        deadline: Instant,
        method: &str,
        params: &[Value],
    ) -> Result<Value> {
        match tokio::time::timeout_at(deadline, self.call_inner(deadline, method, params)).await {
            Ok(r) => r,
            Err(_) => Err(self.too_slow(method)),
        }
    }

    fn too_slow(&self, method: &str) -> Error {
        let limit = Limit::Deadline(self.timeout);
        self.err(
            method,
            ErrorKind::Transport(TransportError::exceeded(limit)),
        )
    }

    async fn call_inner(&self, deadline: Instant, method: &str, params: &[Value]) -> Result<Value> {
        match self.protocol.load(Ordering::Relaxed) {
            JSON => match self.call_json(deadline, method, params).await {
                Attempt::Done(r) => r,
                Attempt::NotSpoken => Err(self.err(
                    method,
                    ErrorKind::Malformed("the host did not answer as a JSON-RPC server".into()),
                )),
            },
            XML => match self.call_xml(deadline, method, params).await {
                Attempt::Done(r) => r,
                Attempt::NotSpoken => Err(self.err(
                    method,
                    ErrorKind::Malformed("the host did not answer as an XML-RPC server".into()),
                )),
            },
            _ => {
                if let Attempt::Done(r) = self.call_json(deadline, method, params).await {
                    // Only an answer from the server proves the protocol.
                    if r.is_ok() || matches!(&r, Err(e) if e.api().is_some()) {
                        self.protocol.store(JSON, Ordering::Relaxed);
                    }
                    return r;
                }
                tracing::info!(host = %self.label, "no JSON-RPC endpoint; falling back to XML-RPC");
                match self.call_xml(deadline, method, params).await {
                    Attempt::Done(r) => {
                        if r.is_ok() || matches!(&r, Err(e) if e.api().is_some()) {
                            self.protocol.store(XML, Ordering::Relaxed);
                        }
                        r
                    }
                    Attempt::NotSpoken => Err(self.err(
                        method,
                        ErrorKind::Malformed("the host speaks neither JSON-RPC nor XML-RPC; is this a XenServer or XCP-ng host?".into()),
                    )),
                }
            }
        }
    }

    /// Like [`Transport::call`], decoding the result into `T`. Over JSON-RPC the reply goes
    /// straight into `T` without an intermediate JSON tree: a 10,000-VM `get_all_records`
    /// then needs a fraction of the memory and time.
    pub async fn call_typed<T: serde::de::DeserializeOwned>(
        &self,
        method: &str,
        params: &[Value],
    ) -> Result<T> {
        self.call_typed_by(self.deadline(), method, params).await
    }

    /// [`Transport::call_typed`] with a deadline shared with other calls.
    pub async fn call_typed_by<T: serde::de::DeserializeOwned>(
        &self,
        deadline: Instant,
        method: &str,
        params: &[Value],
    ) -> Result<T> {
        if self.protocol.load(Ordering::Relaxed) == JSON {
            let id = self.next_id.fetch_add(1, Ordering::Relaxed);
            let body = jsonrpc::encode_request(method, params, id);
            let (status, ct, body) = self
                .post(deadline, "/jsonrpc", "application/json", body, method)
                .await?;
            if status != 200 {
                return Err(self.err(method, ErrorKind::HttpStatus(status)));
            }
            if !ct.starts_with("application/json") {
                return Err(self.err(
                    method,
                    ErrorKind::Malformed(format!("unexpected content type {ct:?}")),
                ));
            }
            if let Some(v) = jsonrpc::decode_result::<T>(&body) {
                return Ok(v);
            }
            // An error reply, or a shape the fast path does not take: decode it fully.
            let v = self.finish(method, jsonrpc::decode_response(&body))?;
            return serde_json::from_value(v)
                .map_err(|e| self.err(method, ErrorKind::Decode(e.to_string())));
        }
        let v = self.call_by(deadline, method, params).await?;
        serde_json::from_value(v).map_err(|e| self.err(method, ErrorKind::Decode(e.to_string())))
    }

    /// One POST, its reply read whole by `deadline` and within the size cap.
    async fn post(
        &self,
        deadline: Instant,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
        method: &str,
    ) -> Result<(u16, String, Vec<u8>)> {
        match tokio::time::timeout_at(deadline, self.post_inner(path, content_type, body, method))
            .await
        {
            Ok(r) => r,
            Err(_) => Err(self.too_slow(method)),
        }
    }

    async fn post_inner(
        &self,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
        method: &str,
    ) -> Result<(u16, String, Vec<u8>)> {
        let mut url = self.base.clone();
        url.set_path(path);
        let req = self
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body);
        self.exchange(req, method).await
    }

    /// A GET of `path` with `query` on this host (xapi's HTTP handlers, such as
    /// `/rrd_updates`), with the same TLS checks, deadline and reply cap as calls. Returns
    /// the status, the lower-case content type and the body. `what` names it in errors;
    /// the query (which may hold a session ref) is never logged.
    pub async fn get(
        &self,
        path: &str,
        query: &[(&str, &str)],
        accept: &str,
        what: &str,
    ) -> Result<(u16, String, Vec<u8>)> {
        let mut url = self.base.clone();
        url.set_path(path);
        url.query_pairs_mut().extend_pairs(query);
        let req = self.http.get(url).header(reqwest::header::ACCEPT, accept);
        match tokio::time::timeout_at(self.deadline(), self.exchange(req, what)).await {
            Ok(r) => r,
            Err(_) => Err(self.too_slow(what)),
        }
    }

    /// Sends a request and reads its reply whole, within the size cap.
    async fn exchange(
        &self,
        req: reqwest::RequestBuilder,
        method: &str,
    ) -> Result<(u16, String, Vec<u8>)> {
        let transport = |e: &reqwest::Error| {
            self.err(
                method,
                ErrorKind::Transport(
                    TransportError::new(describe_reqwest(e)).with_cause(net_cause(e)),
                ),
            )
        };
        let mut resp = req.send().await.map_err(|e| {
            // A refused certificate surfaces as an opaque connect error: say why.
            match self.verifier.as_ref().and_then(|v| v.take_rejection()) {
                Some(r) => self.err(method, ErrorKind::Certificate(Box::new(r))),
                None => transport(&e),
            }
        })?;
        let status = resp.status().as_u16();
        let ct = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let too_large = || {
            let limit = Limit::ReplySize(self.max_reply_bytes);
            self.err(
                method,
                ErrorKind::Transport(TransportError::exceeded(limit)),
            )
        };
        let declared = resp.content_length();
        if declared.is_some_and(|n| n > self.max_reply_bytes) {
            return Err(too_large());
        }
        // Chunk by chunk, so an endless reply stops at the cap instead of filling memory.
        let mut body = Vec::with_capacity(declared.unwrap_or(0).min(64 << 20) as usize);
        while let Some(chunk) = resp.chunk().await.map_err(|e| transport(&e))? {
            if (body.len() + chunk.len()) as u64 > self.max_reply_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, ct, body))
    }

    async fn call_json(&self, deadline: Instant, method: &str, params: &[Value]) -> Attempt {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let body = jsonrpc::encode_request(method, params, id);
        let (status, ct, body) = match self
            .post(deadline, "/jsonrpc", "application/json", body, method)
            .await
        {
            Ok(x) => x,
            Err(e) => return Attempt::Done(Err(e)),
        };
        if !ct.starts_with("application/json") {
            // Hosts without JSON-RPC answer 404, or route /jsonrpc to the XML-RPC handler.
            return Attempt::NotSpoken;
        }
        if status != 200 {
            return Attempt::Done(Err(self.err(method, ErrorKind::HttpStatus(status))));
        }
        Attempt::Done(self.finish(method, jsonrpc::decode_response(&body)))
    }

    async fn call_xml(&self, deadline: Instant, method: &str, params: &[Value]) -> Attempt {
        let body = xmlrpc::encode_call(method, params, xmlrpc::Style::CLIENT).into_bytes();
        let (status, ct, body) = match self.post(deadline, "/", "text/xml", body, method).await {
            Ok(x) => x,
            Err(e) => return Attempt::Done(Err(e)),
        };
        if !(ct.starts_with("text/xml") || ct.starts_with("application/xml")) {
            return if status == 200 {
                Attempt::NotSpoken
            } else {
                Attempt::Done(Err(self.err(method, ErrorKind::HttpStatus(status))))
            };
        }
        if status != 200 {
            return Attempt::Done(Err(self.err(method, ErrorKind::HttpStatus(status))));
        }
        let text = match std::str::from_utf8(&body) {
            Ok(t) => t,
            Err(e) => {
                return Attempt::Done(Err(self.err(
                    method,
                    ErrorKind::Malformed(format!("reply is not UTF-8: {e}")),
                )));
            }
        };
        Attempt::Done(self.finish(method, xmlrpc::decode_response(text)))
    }

    fn finish(
        &self,
        method: &str,
        r: std::result::Result<std::result::Result<Value, ApiError>, DecodeError>,
    ) -> Result<Value> {
        match r {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(api)) => Err(self.err(method, ErrorKind::Api(api))),
            Err(m) => Err(self.err(method, ErrorKind::Malformed(m.to_string()))),
        }
    }
}

/// reqwest's Display hides the cause ("error sending request"); walk the chain for it.
/// The operating system's reason behind a failed request, found in its chain of causes.
fn net_cause(e: &reqwest::Error) -> Option<NetCause> {
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(cause) = src {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && let Some(c) = NetCause::of_io(io)
        {
            return Some(c);
        }
        // hyper-util's resolver error has no type of its own to match on.
        let text = cause.to_string();
        if text.starts_with("dns error") || text.contains("failed to lookup address") {
            return Some(NetCause::UnknownHost);
        }
        src = cause.source();
    }
    e.is_timeout().then_some(NetCause::TimedOut)
}

fn describe_reqwest(e: &reqwest::Error) -> String {
    let mut s = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        "could not connect".to_string()
    } else {
        e.to_string()
    };
    let mut src = std::error::Error::source(e);
    while let Some(cause) = src {
        let c = cause.to_string();
        if !s.contains(&c) {
            s.push_str(": ");
            s.push_str(&c);
        }
        src = cause.source();
    }
    s
}

/// Which redirects a call follows.
mod redirects;
pub use redirects::{same_origin, same_origin_redirects};
/// Streamed transfers (`/export`, `/import`).
mod transfer;
pub use transfer::{Upload, UploadStream};
