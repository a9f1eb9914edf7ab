//! Disk images read as the raw disk they hold, for uploading to a VDI (`PUT /import_raw_vdi`
//! takes raw or VHD; xapi converts nothing else). Each reader answers "the bytes at this
//! offset of the virtual disk", zeros where the image holds nothing, so a caller streams the
//! disk front to back with one buffer, whatever its size.
//!
//! Formats: raw, VHD fixed and dynamic (Microsoft's VHD specification), VMDK monolithic
//! sparse and streamOptimized (VMware's Virtual Disk Format 1.1), qcow2 versions 2 and 3
//! (QEMU's `docs/interop/qcow2.txt`). No maintained crate reads VMDK and qcow2 from a plain
//! `Read + Seek` without pulling a runtime or writing support, so the readers are ours: small,
//! read-only, every offset and size checked (a malformed or truncated file is an [`Error`],
//! never a panic). What they cannot honour (a differencing VHD, a qcow2 with a backing file
//! or encryption, a VMDK whose data lies in other files) is refused with the reason.

pub mod ova;
pub mod ovf;
mod qcow2;
pub mod vhd;
pub mod vhd_stream;
mod vmdk;

use std::io::{Read, Seek, SeekFrom};

/// The formats read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Raw,
    VhdFixed,
    VhdDynamic,
    VmdkSparse,
    VmdkStreamOptimized,
    Qcow2,
}

impl Format {
    /// A short name (log lines, the CLI).
    pub fn name(self) -> &'static str {
        match self {
            Format::Raw => "raw",
            Format::VhdFixed => "VHD (fixed)",
            Format::VhdDynamic => "VHD (dynamic)",
            Format::VmdkSparse => "VMDK (monolithic sparse)",
            Format::VmdkStreamOptimized => "VMDK (streamOptimized)",
            Format::Qcow2 => "qcow2",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The file ends before what its headers say is there.
    #[error("the file is truncated: {0}")]
    Truncated(String),
    #[error("the image is damaged: {0}")]
    Malformed(String),
    /// A valid image this reader cannot turn into one raw disk.
    #[error("not supported: {0}")]
    Unsupported(String),
}

pub type Result<T> = std::result::Result<T, Error>;

/// The largest table (VHD BAT, VMDK grain directory, qcow2 L1) read into memory: 64 MiB
/// covers a qcow2 of 4 PiB with 64 KiB clusters.
pub(crate) const MAX_TABLE: u64 = 64 * 1024 * 1024;

/// A file read at offsets, its length known.
pub(crate) struct Src<R> {
    pub r: R,
    pub len: u64,
}

impl<R: Read + Seek> Src<R> {
    fn new(mut r: R) -> Result<Self> {
        let len = r.seek(SeekFrom::End(0))?;
        Ok(Src { r, len })
    }

    /// Fills `buf` from `off`; an end of file first is [`Error::Truncated`] naming `what`.
    pub fn read_at(&mut self, off: u64, buf: &mut [u8], what: &str) -> Result<()> {
        let end = off.checked_add(buf.len() as u64);
        if end.is_none_or(|e| e > self.len) {
            return Err(Error::Truncated(format!(
                "{what} at byte {off} ({} bytes) lies past the end ({} bytes)",
                buf.len(),
                self.len
            )));
        }
        self.r.seek(SeekFrom::Start(off))?;
        self.r.read_exact(buf).map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => Error::Truncated(format!("{what} at byte {off}")),
            _ => Error::Io(e),
        })
    }

    /// A table of `count` entries of `width` bytes at `off`, bounded by [`MAX_TABLE`].
    pub fn table(&mut self, off: u64, count: u64, width: u64, what: &str) -> Result<Vec<u8>> {
        let bytes = count
            .checked_mul(width)
            .filter(|b| *b <= MAX_TABLE)
            .ok_or_else(|| Error::Malformed(format!("{what} of {count} entries is too large")))?;
        let mut v = vec![0; bytes as usize];
        self.read_at(off, &mut v, what)?;
        Ok(v)
    }
}

pub(crate) fn be32(b: &[u8], at: usize) -> u32 {
    let mut a = [0; 4];
    a.copy_from_slice(&b[at..at + 4]);
    u32::from_be_bytes(a)
}
pub(crate) fn be64(b: &[u8], at: usize) -> u64 {
    let mut a = [0; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_be_bytes(a)
}
pub(crate) fn le32(b: &[u8], at: usize) -> u32 {
    let mut a = [0; 4];
    a.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(a)
}
pub(crate) fn le64(b: &[u8], at: usize) -> u64 {
    let mut a = [0; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

enum Inner {
    Raw,
    VhdFixed,
    VhdDynamic(vhd::Dynamic),
    Vmdk(vmdk::Sparse),
    Qcow2(qcow2::Qcow2),
}

/// An image opened for reading as its virtual disk.
pub struct Image<R> {
    src: Src<R>,
    format: Format,
    size: u64,
    inner: Inner,
}

impl Image<std::fs::File> {
    /// Opens the image at `path`, its format told by its contents.
    pub fn open(path: &std::path::Path) -> Result<Self> {
        Image::new(std::fs::File::open(path)?)
    }
}

impl<R: Read + Seek> Image<R> {
    /// Reads the headers of the image in `r`, its format told by its magic numbers (a file
    /// with none is raw).
    pub fn new(r: R) -> Result<Self> {
        let mut src = Src::new(r)?;
        let mut head = [0u8; 512];
        let n = head.len().min(src.len as usize);
        src.read_at(0, &mut head[..n], "the first sector")?;
        let head = &head[..n];
        let (format, size, inner) = if head.starts_with(b"QFI\xfb") {
            let q = qcow2::Qcow2::open(&mut src)?;
            (Format::Qcow2, q.size, Inner::Qcow2(q))
        } else if head.starts_with(b"KDMV") {
            let v = vmdk::Sparse::open(&mut src)?;
            let f = if v.stream_optimized {
                Format::VmdkStreamOptimized
            } else {
                Format::VmdkSparse
            };
            (f, v.size, Inner::Vmdk(v))
        } else if head.starts_with(b"COWD") {
            return Err(Error::Unsupported(
                "ESX sparse (COWD) VMDK extents; convert the disk to streamOptimized".into(),
            ));
        } else if head.starts_with(b"# Disk DescriptorFile") {
            return Err(Error::Unsupported(
                "a VMDK descriptor whose data lies in other files; use a monolithic sparse or streamOptimized VMDK".into(),
            ));
        } else if head.starts_with(b"conectix") {
            let d = vhd::Dynamic::open(&mut src)?;
            (Format::VhdDynamic, d.size, Inner::VhdDynamic(d))
        } else if head.starts_with(b"vhdxfile") {
            return Err(Error::Unsupported(
                "VHDX; convert the disk to VHD, VMDK or qcow2".into(),
            ));
        } else if let Some(size) = vhd::fixed_size(&mut src)? {
            (Format::VhdFixed, size, Inner::VhdFixed)
        } else {
            (Format::Raw, src.len, Inner::Raw)
        };
        Ok(Image {
            src,
            format,
            size,
            inner,
        })
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// The size of the virtual disk in bytes.
    pub fn virtual_size(&self) -> u64 {
        self.size
    }

    /// Fills `buf` with the virtual disk's bytes from `off` (zeros past the end of the disk).
    pub fn read_at(&mut self, off: u64, buf: &mut [u8]) -> Result<()> {
        buf.fill(0);
        let want = (buf.len() as u64).min(self.size.saturating_sub(off)) as usize;
        let buf = &mut buf[..want];
        if buf.is_empty() {
            return Ok(());
        }
        match &mut self.inner {
            Inner::Raw | Inner::VhdFixed => self.src.read_at(off, buf, "disk data"),
            Inner::VhdDynamic(d) => d.read(&mut self.src, off, buf),
            Inner::Vmdk(v) => v.read(&mut self.src, off, buf),
            Inner::Qcow2(q) => q.read(&mut self.src, off, buf),
        }
    }
}

impl<R: Read + Seek> Image<R> {
    /// The disk front to back in pieces of `piece` bytes (the last shorter), read one at a
    /// time: memory is one piece whatever the disk's size.
    pub fn pieces(self, piece: usize) -> Pieces<R> {
        Pieces {
            image: self,
            at: 0,
            piece: piece.max(512),
        }
    }
}

/// See [`Image::pieces`].
pub struct Pieces<R> {
    image: Image<R>,
    at: u64,
    piece: usize,
}

impl<R: Read + Seek> Iterator for Pieces<R> {
    type Item = Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        let left = self.image.size.checked_sub(self.at).filter(|l| *l > 0)?;
        let n = (self.piece as u64).min(left) as usize;
        let mut buf = vec![0; n];
        let r = self.image.read_at(self.at, &mut buf);
        self.at += n as u64;
        if r.is_err() {
            // One error ends the stream.
            self.at = self.image.size;
        }
        Some(r.map(|()| buf))
    }
}
