//! One error type for every XenAPI call: the server's error code and parameters, or what went
//! wrong on the way, always with the host and method it happened on.

use std::fmt;
use std::time::Duration;

/// A failure reported by xapi itself: `[CODE, param1, param2, ...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: String,
    pub params: Vec<String>,
}

impl ApiError {
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
    pub const SESSION_AUTHENTICATION_FAILED: &str = "SESSION_AUTHENTICATION_FAILED";
    pub const SESSION_INVALID: &str = "SESSION_INVALID";
    pub const HOST_IS_SLAVE: &str = "HOST_IS_SLAVE";
    pub const HANDLE_INVALID: &str = "HANDLE_INVALID";
    pub const UUID_INVALID: &str = "UUID_INVALID";
    pub const MAP_DUPLICATE_KEY: &str = "MAP_DUPLICATE_KEY";
    pub const RBAC_PERMISSION_DENIED: &str = "RBAC_PERMISSION_DENIED";
    pub const MESSAGE_METHOD_UNKNOWN: &str = "MESSAGE_METHOD_UNKNOWN";
    pub const MESSAGE_PARAMETER_COUNT_MISMATCH: &str = "MESSAGE_PARAMETER_COUNT_MISMATCH";
    pub const VM_BAD_POWER_STATE: &str = "VM_BAD_POWER_STATE";
    pub const VM_IS_TEMPLATE: &str = "VM_IS_TEMPLATE";
    pub const EVENTS_LOST: &str = "EVENTS_LOST";
    pub const EVENT_FROM_TOKEN_PARSE_FAILURE: &str = "EVENT_FROM_TOKEN_PARSE_FAILURE";
    pub const EVENT_SUBSCRIPTION_PARSE_FAILURE: &str = "EVENT_SUBSCRIPTION_PARSE_FAILURE";
    pub const FIELD_TYPE_ERROR: &str = "FIELD_TYPE_ERROR";
    pub const INVALID_VALUE: &str = "INVALID_VALUE";
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
    pub host: String,
    pub method: String,
    pub kind: ErrorKind,
}

impl Error {
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

pub type Result<T, E = Error> = std::result::Result<T, E>;
