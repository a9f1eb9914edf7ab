//! xapi's XVA format (`GET /export`, `PUT /import`): a tar stream whose first entry is
//! `ova.xml` (the objects, as an XML-RPC struct) followed by each disk's data in 1 MiB chunks
//! `Ref:N/%08d`, each followed by its checksum (`.xxhash`, XXH64 in 16 upper-case hex digits;
//! older exports `.checksum`, SHA-1 in lower-case hex). All-zero chunks other than a disk's
//! first and last are left out (a missing chunk is zeros), and when the disk is slow xapi
//! writes zero-length keep-alive entries that readers skip. Facts: xapi `export.ml`,
//! `stream_vdi.ml`, `import.ml`, `importexport.ml`.
//!
//! Both directions stream with bounded memory, so a 100 GiB disk costs what one chunk does:
//! - [`write`]: the bytes of each entry (headers from the `tar` crate), for a server or a
//!   test to send as they are made.
//! - [`Reader`]: a *push* reader. Bytes arrive as the network gives them (a download, an
//!   upload's body); it undoes gzip or zstd (told apart by their magic numbers, as xapi does),
//!   walks the tar headers ([`tar_push`]), checks every chunk against its checksum and hands
//!   `ova.xml` and each verified chunk to a [`Sink`]. The `tar` crate reads only from a
//!   `Read`, which would need a thread per transfer; the header walk is hand-written, the
//!   header parsing is the crate's.

pub mod ova;
pub mod read;
pub mod tar_push;
pub mod write;

pub use read::{Reader, Sink, Stats};

/// The size of a disk chunk in an XVA.
pub const CHUNK: u64 = 1024 * 1024;

/// The largest `ova.xml` read (a pool's metadata export of thousands of VMs is a few MiB).
pub const MAX_OVA_XML: usize = 64 * 1024 * 1024;

/// Why an XVA stream was refused, in xapi's terms where xapi has one
/// (`IMPORT_ERROR_*`, see [`Error::code`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("the file ended before the archive did")]
    PrematureEof,
    #[error("expected {expected}, found {found}")]
    UnexpectedFile { expected: String, found: String },
    #[error("chunk {0} does not match its checksum")]
    Checksum(String),
    #[error("not an XVA archive: {0}")]
    Malformed(String),
    #[error("ova.xml is larger than {MAX_OVA_XML} bytes")]
    OvaTooLarge,
    #[error("ova.xml: {0}")]
    Ova(String),
    #[error("decompression failed: {0}")]
    Decompress(String),
    /// The sink refused what it was given (a disk larger than its VDI, a full SR).
    #[error("{0}")]
    Sink(String),
}

impl Error {
    /// xapi's error code and parameters for this failure of an import.
    pub fn code(&self) -> (&'static str, Vec<String>) {
        match self {
            Error::PrematureEof => ("IMPORT_ERROR_PREMATURE_EOF", vec![]),
            Error::UnexpectedFile { expected, found } => (
                "IMPORT_ERROR_UNEXPECTED_FILE",
                vec![expected.clone(), found.clone()],
            ),
            Error::Checksum(_) => ("IMPORT_ERROR_SOME_CHECKSUMS_FAILED", vec![]),
            other => ("IMPORT_ERROR_GENERIC", vec![other.to_string()]),
        }
    }
}

/// The name of chunk `index` of the disk whose data directory is `disk` (`Ref:3`).
pub fn chunk_name(disk: &str, index: u64) -> String {
    format!("{disk}/{index:08}")
}

/// XXH64 of `data` as xapi writes it: 16 upper-case hex digits.
pub fn xxhash_hex(data: &[u8]) -> String {
    format!("{:016X}", xxhash_rust::xxh64::xxh64(data, 0))
}
