//! The error of the wire codecs ([`super::xmltree`], [`super::xmlrpc`], [`super::jsonrpc`])
//! and of the decoders built on them ([`super::events`], [`super::cache`]): what could not be
//! understood and, for XML, where.

/// A message, reply or value that could not be decoded. Its text is what a user sees inside
/// [`ErrorKind::Malformed`](super::ErrorKind::Malformed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The XML is not well-formed at this place (1-based line and column).
    #[error("line {line}, column {column}: {message}")]
    Xml {
        /// The line, from 1.
        line: usize,
        /// The column (in bytes), from 1.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// Elements nested deeper than `max` levels, found at this place.
    #[error("line {line}, column {column}: elements nested deeper than {max} levels")]
    TooDeep {
        /// The line, from 1.
        line: usize,
        /// The column (in bytes), from 1.
        column: usize,
        /// The limit ([`super::xmltree::MAX_DEPTH`]).
        max: usize,
    },
    /// The document ends inside this element.
    #[error("document ends inside <{0}> (truncated?)")]
    Truncated(String),
    /// The document has no root element.
    #[error("empty document")]
    Empty,
    /// The body is not JSON (serde_json's message, with its line and column).
    #[error("invalid JSON: {0}")]
    Json(String),
    /// Well-formed, but not of the expected shape: a missing member, an unknown type or
    /// status, a value that does not parse.
    #[error("{0}")]
    Shape(String),
}

impl DecodeError {
    /// A [`DecodeError::Shape`] error.
    pub fn shape(message: impl Into<String>) -> Self {
        DecodeError::Shape(message.into())
    }
}

impl From<serde_json::Error> for DecodeError {
    fn from(e: serde_json::Error) -> Self {
        DecodeError::Json(e.to_string())
    }
}
