//! A XenAPI client: the wire protocols, typed records, sessions and a live object cache.
//!
//! This crate has no GUI code and could be published on its own. Layers, bottom up:
//!
//! - [`xmlrpc`] and [`jsonrpc`]: the two envelopes, as xapi really writes and reads them
//!   (bare XML strings, ints as strings or numbers, v1 and v2 JSON errors); what they cannot
//!   decode is a [`DecodeError`] ([`codec`]).
//! - [`transport`]: HTTP (reqwest over rustls), JSON-RPC first with an XML-RPC fallback;
//!   [`tls`]: certificates chained to a system root, or pinned after the user trusted them.
//! - [`error`]: one error type carrying xapi's code and parameters, or the transport failure
//!   (typed when a call ran into the client's deadline or reply-size [`Limit`]), with the host
//!   and method.
//! - [`session`]: login with HOST_IS_SLAVE redirects, calls, re-login, logout, map edits.
//! - [`records`] and [`refs`]: typed, lenient records and typed refs.
//! - [`cache`] and [`events`]: the object cache and the `event.from` loop that keeps it live.
//! - [`rrd`]: performance data from the hosts' `/rrd_updates` (decoding, series, polling).

#![warn(missing_docs)]

pub mod cache;
pub mod codec;
pub mod console;
pub mod de;
pub mod error;
pub mod events;
pub mod jsonrpc;
pub mod records;
pub mod refs;
pub mod rrd;
pub mod session;
pub mod strmap;
pub mod tasks;
pub mod tls;
pub mod transport;
pub mod xmlrpc;
pub mod xmltree;

pub use cache::{Cache, TaskCursor, TaskLog};
pub use codec::DecodeError;
pub use error::{ApiError, Error, ErrorKind, Limit, NetCause, Result, TransportError};
pub use records::*;
pub use refs::{Class, Ref};
pub use session::{Credentials, Session};
pub use tasks::{Message, TaskOutcome, TaskState};
pub use tls::{CertInfo, Rejection};
pub use transport::{
    Protocol, ProtocolChoice, TransportOptions, Upload, UploadStream, known_host_key,
};
