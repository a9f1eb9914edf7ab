//! An OVF package on disk: a `.ovf` descriptor with its files beside it, or an `.ova` (a tar
//! holding the descriptor first and the files after it, uncompressed). Each file of the
//! package is a [`Part`]: a byte range of a file on disk, read in place (an OVA is never
//! unpacked).

use crate::ovf::{Envelope, OvfError};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

/// The largest descriptor read (real ones are tens of KiB).
const MAX_OVF: u64 = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Ovf(#[from] OvfError),
    #[error("the package has no .ovf descriptor")]
    NoDescriptor,
    #[error("the package has no file {0}")]
    Missing(String),
    #[error("the file {0} names a place outside the package")]
    OutsidePackage(String),
}

/// Where one file of a package lies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub path: PathBuf,
    pub offset: u64,
    pub len: u64,
}

impl Part {
    /// The part as a reader of its own bytes.
    pub fn open(&self) -> std::io::Result<Window<std::fs::File>> {
        Window::new(std::fs::File::open(&self.path)?, self.offset, self.len)
    }
}

/// `len` bytes of `inner` from `start`, seekable as a file of their own.
pub struct Window<R> {
    inner: R,
    start: u64,
    len: u64,
    pos: u64,
}

impl<R: Seek> Window<R> {
    pub fn new(mut inner: R, start: u64, len: u64) -> std::io::Result<Self> {
        inner.seek(SeekFrom::Start(start))?;
        Ok(Window {
            inner,
            start,
            len,
            pos: 0,
        })
    }
}

impl<R: Read + Seek> Read for Window<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.len.saturating_sub(self.pos);
        let n = (buf.len() as u64).min(left) as usize;
        if n == 0 {
            return Ok(0);
        }
        self.inner.seek(SeekFrom::Start(self.start + self.pos))?;
        let got = self.inner.read(&mut buf[..n])?;
        self.pos += got as u64;
        Ok(got)
    }
}

impl<R: Read + Seek> Seek for Window<R> {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let at = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        let at = at.ok_or_else(|| std::io::Error::other("seek before the start"))?;
        self.pos = at;
        Ok(at)
    }
}

/// A package opened: its envelope and where its files are.
#[derive(Debug, Clone)]
pub struct Package {
    pub envelope: Envelope,
    path: PathBuf,
    /// An OVA's members: name, offset, length.
    members: Option<Vec<(String, u64, u64)>>,
}

impl Package {
    /// Opens a `.ova` (a tar) or a `.ovf` (its files in its folder).
    pub fn open(path: &Path) -> Result<Package, PackageError> {
        let mut f = std::fs::File::open(path)?;
        let mut head = [0u8; 512];
        let n = f.read(&mut head)?;
        // A tar's header has "ustar" at 257; a descriptor starts with XML.
        let is_tar = n == 512 && &head[257..262] == b"ustar";
        if !is_tar {
            let len = f.metadata()?.len();
            if len > MAX_OVF {
                return Err(PackageError::NoDescriptor);
            }
            let xml = std::fs::read_to_string(path)?;
            return Ok(Package {
                envelope: Envelope::parse(&xml)?,
                path: path.to_path_buf(),
                members: None,
            });
        }
        f.seek(SeekFrom::Start(0))?;
        let mut members = Vec::new();
        let mut ar = tar::Archive::new(f);
        for e in ar.entries()? {
            let e = e?;
            let name = e.path()?.to_string_lossy().into_owned();
            members.push((name, e.raw_file_position(), e.size()));
        }
        let (_, off, len) = members
            .iter()
            .find(|(n, ..)| n.to_ascii_lowercase().ends_with(".ovf"))
            .cloned()
            .ok_or(PackageError::NoDescriptor)?;
        if len > MAX_OVF {
            return Err(PackageError::NoDescriptor);
        }
        let mut xml = String::new();
        Window::new(std::fs::File::open(path)?, off, len)?.read_to_string(&mut xml)?;
        Ok(Package {
            envelope: Envelope::parse(&xml)?,
            path: path.to_path_buf(),
            members: Some(members),
        })
    }

    /// Where the package's file `href` is.
    pub fn part(&self, href: &str) -> Result<Part, PackageError> {
        if href.contains("..") || href.starts_with('/') || href.contains("://") {
            return Err(PackageError::OutsidePackage(href.to_string()));
        }
        match &self.members {
            Some(m) => m
                .iter()
                .find(|(n, ..)| n == href || n.rsplit('/').next() == Some(href))
                .map(|(_, off, len)| Part {
                    path: self.path.clone(),
                    offset: *off,
                    len: *len,
                })
                .ok_or_else(|| PackageError::Missing(href.to_string())),
            None => {
                let p = self.path.parent().unwrap_or(Path::new(".")).join(href);
                let len = std::fs::metadata(&p)
                    .map_err(|_| PackageError::Missing(href.to_string()))?
                    .len();
                Ok(Part {
                    path: p,
                    offset: 0,
                    len,
                })
            }
        }
    }
}
