//! An RFB (VNC) client for XenServer consoles, over any tokio stream (a TCP socket to QEMU, or
//! the TLS stream that xapi's `CONNECT /console` tunnel hands back). No GUI code.
//!
//! Written here rather than taken from `vnc-rs` (the `vnc` crate) because that crate lacks the
//! QEMU extended key event (scan codes, which make non-US keyboard layouts work on HVM guests)
//! and gives no access to the decoded framebuffer's dirty rectangles; the protocol is small,
//! and this follows XenCenter's VNCStream.cs (BSD-2) and RFC 6143.
//!
//! - [`handshake`]: versions 3.3, 3.7 and 3.8; security None and VNC authentication (DES).
//! - [`decode`]: the framebuffer and the encodings: Raw, CopyRect, ZRLE, and the pseudo
//!   encodings Cursor, DesktopSize and QEMU extended key event (its acknowledgement).
//! - [`client`]: a running session: a reader task that decodes updates into a shared
//!   [`Screen`] (with the rectangle changed since the UI last looked) and asks for the next
//!   incremental update, and a writer task that sends keys, pointer and cut text.
//!
//! A server is not trusted: sizes are bounded ([`MAX_DIMENSION`], cut text, names, what a
//! ZRLE rectangle may inflate to) and checked before anything is allocated for them, a
//! rectangle outside the framebuffer is a protocol error, never a panic, and every phase has
//! a deadline ([`client::Deadlines`]).

pub mod client;
pub mod decode;
pub mod handshake;
pub mod keys;
mod stall;
pub mod typing;
pub mod wire;

pub use client::{Input, RfbClient, SharedScreen};
pub use decode::{CursorShape, Rect, Screen};
pub use handshake::ServerInit;
pub use keys::HeldKeys;

/// The largest framebuffer side accepted (a bigger one would be gigabytes of pixels).
pub const MAX_DIMENSION: u16 = 8192;

/// What went wrong on an RFB connection.
#[derive(Debug, thiserror::Error)]
pub enum RfbError {
    /// The stream failed (reset, broken pipe).
    #[error("connection lost: {0}")]
    Io(std::io::Error),
    /// The server closed the connection.
    #[error("the server closed the connection")]
    Closed,
    /// The peer does not speak RFB (it sent something else as its greeting).
    #[error("not an RFB server (it sent {0:?})")]
    NotRfb(String),
    /// The server refused the connection, with its reason.
    #[error("the RFB server refused the connection: {0}")]
    Refused(String),
    /// The server wants VNC authentication and no password was given.
    #[error("the RFB server asks for a password")]
    PasswordNeeded,
    /// VNC authentication failed (wrong password), with the server's reason if it gave one.
    #[error("VNC authentication failed: {0}")]
    AuthFailed(String),
    /// None of the server's security types is one this client speaks.
    #[error("the RFB server offers no security type this client speaks ({0:?})")]
    NoSecurity(Vec<u8>),
    /// The server stopped sending in the middle of something (the handshake, a message):
    /// what it was doing.
    #[error("the RFB server stopped answering during {0}")]
    Stalled(&'static str),
    /// The server broke the protocol (an unknown message, a rectangle out of bounds…).
    #[error("RFB protocol error: {0}")]
    Protocol(String),
}

impl From<std::io::Error> for RfbError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            RfbError::Closed
        } else if e.kind() == std::io::ErrorKind::TimedOut {
            RfbError::Stalled("a message")
        } else {
            RfbError::Io(e)
        }
    }
}

/// Result of RFB operations.
pub type Result<T> = std::result::Result<T, RfbError>;
