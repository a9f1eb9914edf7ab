//! VMDK sparse extents (VMware's Virtual Disk Format 1.1): a little-endian header (`KDMV`),
//! a grain directory (GD) of grain tables (GT) of grain offsets in sectors. A
//! streamOptimized extent compresses each grain (deflate, zlib-wrapped) behind a marker
//! (LBA, size) and writes the real header as a footer 1 KiB before the end when the header's
//! GD offset is `GD_AT_END`.

use crate::{Error, Result, Src, le32, le64};
use flate2::{Decompress, FlushDecompress, Status};
use std::io::{Read, Seek};

const GD_AT_END: u64 = 0xFFFF_FFFF_FFFF_FFFF;
const FLAG_COMPRESSED: u32 = 1 << 16;
const FLAG_MARKERS: u32 = 1 << 17;

struct Header {
    flags: u32,
    capacity: u64,
    grain: u64,
    gtes: u64,
    gd: u64,
    compress: u16,
}

fn header(b: &[u8]) -> Result<Header> {
    if !b.starts_with(b"KDMV") {
        return Err(Error::Malformed("the VMDK header has no magic".into()));
    }
    let version = le32(b, 4);
    if !(1..=3).contains(&version) {
        return Err(Error::Unsupported(format!("VMDK sparse version {version}")));
    }
    Ok(Header {
        flags: le32(b, 8),
        capacity: le64(b, 12),
        grain: le64(b, 20),
        gtes: u64::from(le32(b, 44)),
        gd: le64(b, 56),
        compress: u16::from_le_bytes([b[77], b[78]]),
    })
}

pub(crate) struct Sparse {
    pub size: u64,
    pub stream_optimized: bool,
    compressed: bool,
    grain: u64,
    gtes: u64,
    gd: Vec<u32>,
    /// The grain table read last (its GD index) and one grain decompressed (its sector).
    gt: Option<(usize, Vec<u32>)>,
    grain_cache: Option<(u64, Vec<u8>)>,
}

impl Sparse {
    pub fn open<R: Read + Seek>(src: &mut Src<R>) -> Result<Self> {
        let mut b = [0u8; 512];
        src.read_at(0, &mut b, "the VMDK header")?;
        let mut h = header(&b)?;
        if h.gd == GD_AT_END {
            // streamOptimized: footer (a header copy) 1 KiB before the end, before the EOS marker.
            let at = src
                .len
                .checked_sub(1024)
                .ok_or_else(|| Error::Truncated("the VMDK has no footer".into()))?;
            src.read_at(at, &mut b, "the VMDK footer")?;
            h = header(&b)?;
            if h.gd == GD_AT_END {
                return Err(Error::Malformed(
                    "the VMDK footer has no grain directory".into(),
                ));
            }
        }
        let compressed = h.flags & FLAG_COMPRESSED != 0;
        if compressed && h.compress != 1 {
            return Err(Error::Unsupported(format!(
                "VMDK compression algorithm {}",
                h.compress
            )));
        }
        if h.grain == 0 || h.grain > 2048 || !h.grain.is_power_of_two() {
            return Err(Error::Malformed(format!(
                "VMDK grain of {} sectors",
                h.grain
            )));
        }
        if h.gtes == 0 || h.gtes > 65536 {
            return Err(Error::Malformed(format!(
                "VMDK grain tables of {} entries",
                h.gtes
            )));
        }
        let size = h
            .capacity
            .checked_mul(512)
            .ok_or_else(|| Error::Malformed("VMDK capacity".into()))?;
        let per_gd = h.grain * h.gtes;
        let entries = h.capacity.div_ceil(per_gd);
        let gd_at =
            h.gd.checked_mul(512)
                .ok_or_else(|| Error::Malformed("VMDK grain directory offset".into()))?;
        let raw = src.table(gd_at, entries, 4, "the VMDK grain directory")?;
        Ok(Sparse {
            size,
            stream_optimized: compressed && h.flags & FLAG_MARKERS != 0,
            compressed,
            grain: h.grain * 512,
            gtes: h.gtes,
            gd: raw.chunks_exact(4).map(|c| le32(c, 0)).collect(),
            gt: None,
            grain_cache: None,
        })
    }

    /// The sector of grain `g` (0: none).
    fn grain_at<R: Read + Seek>(&mut self, src: &mut Src<R>, g: u64) -> Result<u64> {
        let gdi = (g / self.gtes) as usize;
        let gt_sector = u64::from(self.gd.get(gdi).copied().unwrap_or(0));
        if gt_sector == 0 {
            return Ok(0);
        }
        if self.gt.as_ref().is_none_or(|(i, _)| *i != gdi) {
            let raw = src.table(gt_sector * 512, self.gtes, 4, "a VMDK grain table")?;
            self.gt = Some((gdi, raw.chunks_exact(4).map(|c| le32(c, 0)).collect()));
        }
        let gte = self
            .gt
            .as_ref()
            .and_then(|(_, t)| t.get((g % self.gtes) as usize).copied())
            .unwrap_or(0);
        // 1 is a grain known to be zeros (SESparse semantics in newer writers).
        Ok(if gte <= 1 { 0 } else { u64::from(gte) })
    }

    pub fn read<R: Read + Seek>(
        &mut self,
        src: &mut Src<R>,
        mut off: u64,
        mut buf: &mut [u8],
    ) -> Result<()> {
        while !buf.is_empty() {
            let g = off / self.grain;
            let within = off % self.grain;
            let n = ((self.grain - within) as usize).min(buf.len());
            let (piece, rest) = buf.split_at_mut(n);
            let sector = self.grain_at(src, g)?;
            if sector != 0 {
                if self.compressed {
                    let data = self.inflate(src, sector)?;
                    let w = within as usize;
                    piece.copy_from_slice(&data[w..w + n]);
                } else {
                    src.read_at(sector * 512 + within, piece, "a VMDK grain")?;
                }
            }
            off += n as u64;
            buf = rest;
        }
        Ok(())
    }

    /// The grain at `sector`, decompressed (kept: reads come in pieces smaller than a grain).
    fn inflate<R: Read + Seek>(&mut self, src: &mut Src<R>, sector: u64) -> Result<&[u8]> {
        if self.grain_cache.as_ref().is_none_or(|(s, _)| *s != sector) {
            let base = sector * 512;
            // A compressed grain starts with its LBA (8 bytes) and compressed size (4).
            let mut m = [0u8; 12];
            src.read_at(base, &mut m, "a VMDK grain marker")?;
            let (start, size) = (base + 12, u64::from(le32(&m, 8)));
            if size == 0 || size > self.grain + 4096 {
                return Err(Error::Malformed(format!(
                    "a VMDK grain at sector {sector} of {size} compressed bytes"
                )));
            }
            let mut packed = vec![0u8; size as usize];
            src.read_at(start, &mut packed, "a VMDK compressed grain")?;
            let mut out = vec![0u8; self.grain as usize];
            let mut z = Decompress::new(true);
            let status = z
                .decompress(&packed, &mut out, FlushDecompress::Finish)
                .map_err(|e| Error::Malformed(format!("VMDK grain at sector {sector}: {e}")))?;
            if !matches!(status, Status::StreamEnd | Status::Ok | Status::BufError) {
                return Err(Error::Malformed(format!("VMDK grain at sector {sector}")));
            }
            self.grain_cache = Some((sector, out));
        }
        Ok(self
            .grain_cache
            .as_ref()
            .map(|(_, d)| d.as_slice())
            .unwrap_or(&[]))
    }
}
