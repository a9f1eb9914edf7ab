//! One error type for every XenAPI call: the server's error code and parameters, or what went
//! wrong on the way, always with the host and method it happened on.

use std::fmt;
use std::time::Duration;

/// A failure reported by xapi itself: `[CODE, param1, param2, ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The error name, e.g. `HANDLE_INVALID` (see [`codes`]).
    pub code: String,
    /// The error's parameters, in xapi's order (e.g. `[class; ref]` for `HANDLE_INVALID`).
    pub params: Vec<String>,
}

impl ApiError {
    /// An error with this code and parameters.
    pub fn new(
        code: impl Into<String>,
        params: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        ApiError {
            code: code.into(),
            params: params.into_iter().map(Into::into).collect(),
        }
    }

    /// The `[CODE, params...]` list as xapi puts it on the wire.
    pub fn to_description(&self) -> Vec<String> {
        std::iter::once(self.code.clone())
            .chain(self.params.iter().cloned())
            .collect()
    }

    /// Splits a wire `[CODE, params...]` list; an empty one becomes `INTERNAL_ERROR`.
    pub fn from_description(mut desc: Vec<String>) -> Self {
        if desc.is_empty() {
            return ApiError::new(codes::INTERNAL_ERROR, ["empty error description"]);
        }
        let code = desc.remove(0);
        ApiError { code, params: desc }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if !self.params.is_empty() {
            write!(f, " [{}]", self.params.join("; "))?;
        }
        Ok(())
    }
}

/// The error codes a client reacts to (xapi's `api_errors.ml` spelling).
pub mod codes {
    /// Login refused: wrong user name or password (`[user; message]`, sent after a 5 s delay).
    pub const SESSION_AUTHENTICATION_FAILED: &str = "SESSION_AUTHENTICATION_FAILED";
    /// The session ref is unknown or has expired, e.g. after a logout or a toolstack restart
    /// (`[session ref]`): log in again.
    pub const SESSION_INVALID: &str = "SESSION_INVALID";
    /// The host is a pool member, not the master (`[master address]`): connect to the master
    /// instead.
    pub const HOST_IS_SLAVE: &str = "HOST_IS_SLAVE";
    /// The ref does not name an object of that class, or the object is gone (`[class; ref]`).
    pub const HANDLE_INVALID: &str = "HANDLE_INVALID";
    /// No object of that class has this UUID, from `get_by_uuid` (`[class; uuid]`).
    pub const UUID_INVALID: &str = "UUID_INVALID";
    /// `add_to_<map>` with a key the map already has (`[table; field; ref; key]`).
    pub const MAP_DUPLICATE_KEY: &str = "MAP_DUPLICATE_KEY";
    /// The session's role lacks the permission the call needs (`[permission; message]`).
    pub const RBAC_PERMISSION_DENIED: &str = "RBAC_PERMISSION_DENIED";
    /// The host has no such method, e.g. a call newer than its API version (`[method]`).
    pub const MESSAGE_METHOD_UNKNOWN: &str = "MESSAGE_METHOD_UNKNOWN";
    /// The call had the wrong number of arguments (`[method; expected; received]`, not counting the
    /// session).
    pub const MESSAGE_PARAMETER_COUNT_MISMATCH: &str = "MESSAGE_PARAMETER_COUNT_MISMATCH";
    /// The VM's power state does not allow the operation (`[vm; expected; actual]`, states in lower
    /// case).
    pub const VM_BAD_POWER_STATE: &str = "VM_BAD_POWER_STATE";
    /// The operation is not allowed on a template (`[vm; operation]`).
    pub const VM_IS_TEMPLATE: &str = "VM_IS_TEMPLATE";
    /// The server dropped events since the last call (raised by the legacy `event.next`; the
    /// event loop also reloads everything on it).
    pub const EVENTS_LOST: &str = "EVENTS_LOST";
    /// `event.from` could not parse the token it was given (`[token]`).
    pub const EVENT_FROM_TOKEN_PARSE_FAILURE: &str = "EVENT_FROM_TOKEN_PARSE_FAILURE";
    /// `event.from` could not parse a class subscription, e.g. a bad `class/ref`
    /// (`[subscription]`).
    pub const EVENT_SUBSCRIPTION_PARSE_FAILURE: &str = "EVENT_SUBSCRIPTION_PARSE_FAILURE";
    /// A field was given a value of the wrong type (`[field]`).
    pub const FIELD_TYPE_ERROR: &str = "FIELD_TYPE_ERROR";
    /// A parameter's value is not acceptable, e.g. a string that is not UTF-8 (`[field; value]`).
    pub const INVALID_VALUE: &str = "INVALID_VALUE";
    /// xapi's catch-all for unexpected failures (`[message]`); also what this client makes of an
    /// empty error description.
    pub const INTERNAL_ERROR: &str = "INTERNAL_ERROR";
}

/// A limit the client puts on every call, so that a hostile or broken host cannot hold it
/// (or its memory) for ever.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// No complete reply within the call's deadline: the host is slow, stalled, or trickles
    /// its reply. The duration is the deadline the call had.
    Deadline(Duration),
    /// The reply grew past this many bytes (see
    /// [`TransportOptions::max_reply_bytes`](super::TransportOptions::max_reply_bytes)).
    ReplySize(u64),
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Deadline(d) => write!(f, "no complete reply within {} s", d.as_secs_f64()),
            Limit::ReplySize(n) => write!(f, "reply larger than {n} bytes, refused"),
        }
    }
}

/// Why the HTTP exchange failed: in words (reqwest's, with their causes), and typed when it
/// was one of the client's [`Limit`]s.
#[derive(Debug, Clone, PartialEq)]
pub struct TransportError {
    limit: Option<Limit>,
    cause: Option<NetCause>,
    text: String,
}

/// The network's own reason, when the operating system gave one: what a user can act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetCause {
    /// Nothing listens at that address and port.
    Refused,
    /// The host name does not resolve.
    UnknownHost,
    /// No route to the host or its network.
    Unreachable,
    /// The connection was reset or closed mid-call.
    Reset,
    /// Connecting took too long.
    TimedOut,
}

impl NetCause {
    /// The cause behind an I/O error, if it is one a user can act on.
    pub fn of_io(e: &std::io::Error) -> Option<NetCause> {
        use std::io::ErrorKind as K;
        Some(match e.kind() {
            K::ConnectionRefused => NetCause::Refused,
            K::HostUnreachable | K::NetworkUnreachable => NetCause::Unreachable,
            K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe => NetCause::Reset,
            K::TimedOut => NetCause::TimedOut,
            _ => return None,
        })
    }
}

impl TransportError {
    /// A failure described in words, with no typed cause or limit.
    pub fn new(text: impl Into<String>) -> Self {
        TransportError {
            limit: None,
            cause: None,
            text: text.into(),
        }
    }

    /// With the network's reason attached.
    pub fn with_cause(mut self, cause: Option<NetCause>) -> Self {
        self.cause = cause;
        self
    }

    /// The call ran into `limit`.
    pub fn exceeded(limit: Limit) -> Self {
        TransportError {
            limit: Some(limit),
            cause: None,
            text: limit.to_string(),
        }
    }

    /// The network's reason, when known.
    pub fn cause(&self) -> Option<NetCause> {
        self.cause
    }

    /// The limit the call ran into, if that is why it failed.
    pub fn limit(&self) -> Option<Limit> {
        self.limit
    }

    /// The failure in words.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl From<String> for TransportError {
    fn from(text: String) -> Self {
        TransportError::new(text)
    }
}

impl From<&str> for TransportError {
    fn from(text: &str) -> Self {
        TransportError::new(text)
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// What went wrong, without the call's context.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// xapi answered with an error description.
    Api(ApiError),
    /// The HTTP exchange failed (connection refused, TLS, the call's deadline, a reply too
    /// large, ...).
    Transport(TransportError),
    /// The server answered with an HTTP status other than 200.
    HttpStatus(u16),
    /// The reply could not be understood (not XML-RPC/JSON-RPC, wrong shape, bad number...).
    Malformed(String),
    /// A value in a well-formed reply did not have the expected type.
    Decode(String),
    /// The call was not made: bad URL, no session, cancelled...
    Client(String),
    /// The host's TLS certificate was refused (untrusted, or not the pinned one).
    Certificate(Box<super::tls::Rejection>),
}

/// A failed XenAPI call: what failed, where and on which method.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    /// The host (and port) the call went to.
    pub host: String,
    /// The XenAPI method called, e.g. `VM.start` (or `connect` before any call).
    pub method: String,
    /// What went wrong.
    pub kind: ErrorKind,
}

impl Error {
    /// An error of `kind` from calling `method` on `host`.
    pub fn new(host: impl Into<String>, method: impl Into<String>, kind: ErrorKind) -> Self {
        Error {
            host: host.into(),
            method: method.into(),
            kind,
        }
    }

    /// The xapi error, when the server sent one.
    pub fn api(&self) -> Option<&ApiError> {
        match &self.kind {
            ErrorKind::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The xapi error code, when the server sent one.
    pub fn code(&self) -> Option<&str> {
        self.api().map(|e| e.code.as_str())
    }

    /// True when the server sent the xapi error `code` (one of [`codes`]).
    pub fn is_code(&self, code: &str) -> bool {
        self.code() == Some(code)
    }

    /// The client limit the call ran into (the host at [`Error::host`] was too slow, or its
    /// reply too large), if that is why it failed.
    pub fn limit(&self) -> Option<Limit> {
        match &self.kind {
            ErrorKind::Transport(t) => t.limit(),
            _ => None,
        }
    }

    /// True when the host could not be reached, the connection broke or stalled, or the host
    /// said it is unavailable for now (HTTP 502–504): worth retrying. A reply too large is
    /// not: it would be as large again.
    pub fn is_connection_failure(&self) -> bool {
        match &self.kind {
            ErrorKind::Transport(t) => !matches!(t.limit(), Some(Limit::ReplySize(_))),
            ErrorKind::HttpStatus(502..=504) => true,
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): ", self.method, self.host)?;
        match &self.kind {
            ErrorKind::Api(e) => write!(f, "server error {e}"),
            ErrorKind::Transport(t) => match t.limit() {
                Some(Limit::Deadline(_)) => write!(f, "the host is too slow: {t}"),
                Some(Limit::ReplySize(_)) => write!(f, "{t}"),
                None => write!(f, "connection failed: {t}"),
            },
            ErrorKind::HttpStatus(s) => write!(f, "HTTP status {s}"),
            ErrorKind::Malformed(m) => write!(f, "malformed reply: {m}"),
            ErrorKind::Decode(m) => write!(f, "unexpected value: {m}"),
            ErrorKind::Client(m) => write!(f, "{m}"),
            ErrorKind::Certificate(r) => write!(f, "{r}"),
        }
    }
}

impl std::error::Error for Error {}

/// The result of a XenAPI call.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A server address that is not one (empty, a bad URL, an unsupported scheme).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct UrlError(pub String);

impl From<String> for UrlError {
    fn from(s: String) -> Self {
        UrlError(s)
    }
}

impl From<&str> for UrlError {
    fn from(s: &str) -> Self {
        UrlError(s.to_string())
    }
}
