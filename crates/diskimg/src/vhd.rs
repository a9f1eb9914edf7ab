//! VHD (Microsoft's Virtual Hard Disk Image Format Specification): a fixed disk is the raw
//! data followed by a 512-byte footer; a dynamic disk starts with a copy of the footer, then
//! a header (`cxsparse`) pointing at the block allocation table (BAT); each allocated block is
//! a sector bitmap followed by the block's data. Numbers are big-endian.

use crate::{Error, Result, Src, be32, be64};
use std::io::{Read, Seek};

pub const FOOTER: u64 = 512;
const UNUSED: u32 = 0xFFFF_FFFF;

/// The footer's fields we use, checked.
struct Footer {
    size: u64,
    disk_type: u32,
    data_offset: u64,
}

/// The VHD footer checksum: the ones' complement of the sum of all bytes but the checksum's.
pub fn checksum(f: &[u8]) -> u32 {
    let sum = f
        .iter()
        .enumerate()
        .filter(|(i, _)| !(64..68).contains(i))
        .fold(0u32, |s, (_, b)| s.wrapping_add(u32::from(*b)));
    !sum
}

fn footer(b: &[u8]) -> Result<Footer> {
    if !b.starts_with(b"conectix") {
        return Err(Error::Malformed("the VHD footer has no cookie".into()));
    }
    if checksum(b) != be32(b, 64) {
        return Err(Error::Malformed(
            "the VHD footer's checksum is wrong".into(),
        ));
    }
    Ok(Footer {
        size: be64(b, 48),
        disk_type: be32(b, 60),
        data_offset: be64(b, 16),
    })
}

/// Checks a footer: its size, disk type and data offset.
pub(crate) fn check_footer(b: &[u8]) -> Result<(u64, u32, u64)> {
    let f = footer(b)?;
    Ok((f.size, f.disk_type, f.data_offset))
}

/// The size of a fixed VHD in `src` (its last sector a footer of type 2), else `None`.
pub(crate) fn fixed_size<R: Read + Seek>(src: &mut Src<R>) -> Result<Option<u64>> {
    if src.len < FOOTER {
        return Ok(None);
    }
    let mut b = [0u8; FOOTER as usize];
    src.read_at(src.len - FOOTER, &mut b, "the VHD footer")?;
    if !b.starts_with(b"conectix") {
        return Ok(None);
    }
    let f = footer(&b)?;
    match f.disk_type {
        2 if f.size <= src.len - FOOTER => Ok(Some(f.size)),
        2 => Err(Error::Truncated(format!(
            "the VHD holds {} bytes of its {}",
            src.len - FOOTER,
            f.size
        ))),
        // A dynamic disk whose first sector was lost.
        3 | 4 => Err(Error::Malformed(
            "a dynamic VHD whose first sector is not its footer".into(),
        )),
        t => Err(Error::Malformed(format!("VHD disk type {t}"))),
    }
}

/// A dynamic VHD: its BAT and block geometry.
pub(crate) struct Dynamic {
    pub size: u64,
    block: u64,
    bitmap: u64,
    bat: Vec<u32>,
}

impl Dynamic {
    pub fn open<R: Read + Seek>(src: &mut Src<R>) -> Result<Self> {
        let mut b = [0u8; FOOTER as usize];
        src.read_at(0, &mut b, "the VHD footer")?;
        let f = footer(&b)?;
        match f.disk_type {
            3 => {}
            4 => {
                return Err(Error::Unsupported(
                    "a differencing VHD (its data depends on a parent disk); import the parent merged into it".into(),
                ));
            }
            2 => return Err(Error::Malformed("a fixed VHD footer at the start".into())),
            t => return Err(Error::Malformed(format!("VHD disk type {t}"))),
        }
        let mut h = [0u8; 1024];
        src.read_at(f.data_offset, &mut h, "the VHD dynamic header")?;
        if !h.starts_with(b"cxsparse") {
            return Err(Error::Malformed(
                "the VHD dynamic header has no cookie".into(),
            ));
        }
        let table = be64(&h, 16);
        let entries = u64::from(be32(&h, 28));
        let block = u64::from(be32(&h, 32));
        if block < 512 || block % 512 != 0 || !block.is_power_of_two() {
            return Err(Error::Malformed(format!("VHD block size {block}")));
        }
        if entries.saturating_mul(block) < f.size {
            return Err(Error::Malformed(format!(
                "the VHD's {entries} blocks cannot hold its {} bytes",
                f.size
            )));
        }
        let raw = src.table(table, entries, 4, "the VHD block allocation table")?;
        let bat = raw.chunks_exact(4).map(|c| be32(c, 0)).collect();
        let bitmap = (block / 512).div_ceil(8).div_ceil(512) * 512;
        Ok(Dynamic {
            size: f.size,
            block,
            bitmap,
            bat,
        })
    }

    pub fn read<R: Read + Seek>(
        &mut self,
        src: &mut Src<R>,
        mut off: u64,
        mut buf: &mut [u8],
    ) -> Result<()> {
        let mut map = Vec::new();
        while !buf.is_empty() {
            let index = off / self.block;
            let within = off % self.block;
            let n = ((self.block - within) as usize).min(buf.len());
            let (piece, rest) = buf.split_at_mut(n);
            let entry = self.bat.get(index as usize).copied().unwrap_or(UNUSED);
            if entry != UNUSED {
                let base = u64::from(entry) * 512;
                map.resize(self.bitmap as usize, 0);
                src.read_at(base, &mut map, "a VHD block bitmap")?;
                src.read_at(base + self.bitmap + within, piece, "a VHD block")?;
                // Sectors the bitmap does not mark hold nothing: zeros.
                let mut pos = 0usize;
                while pos < piece.len() {
                    let s = ((within + pos as u64) / 512) as usize;
                    let end = piece.len().min(((s as u64 + 1) * 512 - within) as usize);
                    if map[s / 8] & (0x80 >> (s % 8)) == 0 {
                        piece[pos..end].fill(0);
                    }
                    pos = end;
                }
            }
            off += n as u64;
            buf = rest;
        }
        Ok(())
    }
}
