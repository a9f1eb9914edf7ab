//! qcow2 (QEMU's `docs/interop/qcow2.txt`), versions 2 and 3: a big-endian header, an L1
//! table of L2 tables of cluster offsets; a cluster is unallocated (zeros, as no backing file
//! is allowed), all-zero (v3 flag), at an offset, or compressed (deflate, or zstd when the
//! header says so, which this reader refuses).

use crate::{Error, Result, Src, be32, be64};
use flate2::{Decompress, FlushDecompress};
use std::io::{Read, Seek};

const OFFSET_MASK: u64 = 0x00FF_FFFF_FFFF_FE00;
const COMPRESSED: u64 = 1 << 62;
const ZERO: u64 = 1;
/// Incompatible features understood: dirty (refcounts may be stale; data is whole).
const KNOWN_INCOMPATIBLE: u64 = 1;

pub(crate) struct Qcow2 {
    pub size: u64,
    bits: u32,
    l1: Vec<u64>,
    l2: Option<(usize, Vec<u64>)>,
    cluster: Option<(u64, Vec<u8>)>,
}

impl Qcow2 {
    pub fn open<R: Read + Seek>(src: &mut Src<R>) -> Result<Self> {
        let mut h = [0u8; 112];
        let n = h.len().min(src.len as usize);
        src.read_at(0, &mut h[..n], "the qcow2 header")?;
        if n < 72 {
            return Err(Error::Truncated("the qcow2 header".into()));
        }
        let version = be32(&h, 4);
        if !(2..=3).contains(&version) {
            return Err(Error::Unsupported(format!("qcow2 version {version}")));
        }
        if be64(&h, 8) != 0 {
            return Err(Error::Unsupported(
                "a qcow2 with a backing file (its data depends on another image); convert it to a standalone image first".into(),
            ));
        }
        let bits = be32(&h, 20);
        if !(9..=21).contains(&bits) {
            return Err(Error::Malformed(format!("qcow2 cluster bits {bits}")));
        }
        let size = be64(&h, 24);
        if be32(&h, 32) != 0 {
            return Err(Error::Unsupported("an encrypted qcow2".into()));
        }
        if version == 3 {
            if n < 104 {
                return Err(Error::Truncated("the qcow2 version 3 header".into()));
            }
            let incompatible = be64(&h, 72);
            if incompatible & 2 != 0 {
                return Err(Error::Malformed("the qcow2 is marked corrupt".into()));
            }
            if incompatible & 4 != 0 {
                return Err(Error::Unsupported(
                    "a qcow2 whose data lies in an external file".into(),
                ));
            }
            if incompatible & 8 != 0 {
                return Err(Error::Unsupported(
                    "a qcow2 with zstd-compressed clusters; convert it with zlib compression or none".into(),
                ));
            }
            if incompatible & !KNOWN_INCOMPATIBLE != 0 {
                return Err(Error::Unsupported(format!(
                    "qcow2 incompatible features {incompatible:#x}"
                )));
            }
        }
        let l1_size = u64::from(be32(&h, 36));
        let per_l2 = 1u64 << (bits - 3);
        let needed = size.div_ceil(1u64 << bits).div_ceil(per_l2);
        if l1_size < needed {
            return Err(Error::Malformed(format!(
                "the qcow2 L1 table's {l1_size} entries cannot map its {size} bytes"
            )));
        }
        let raw = src.table(be64(&h, 40), l1_size, 8, "the qcow2 L1 table")?;
        Ok(Qcow2 {
            size,
            bits,
            l1: raw.chunks_exact(8).map(|c| be64(c, 0)).collect(),
            l2: None,
            cluster: None,
        })
    }

    /// The L2 entry of cluster `c` (0: unallocated).
    fn entry<R: Read + Seek>(&mut self, src: &mut Src<R>, c: u64) -> Result<u64> {
        let per_l2 = 1u64 << (self.bits - 3);
        let i = (c / per_l2) as usize;
        let l2_off = self.l1.get(i).copied().unwrap_or(0) & OFFSET_MASK;
        if l2_off == 0 {
            return Ok(0);
        }
        if self.l2.as_ref().is_none_or(|(k, _)| *k != i) {
            let raw = src.table(l2_off, per_l2, 8, "a qcow2 L2 table")?;
            self.l2 = Some((i, raw.chunks_exact(8).map(|c| be64(c, 0)).collect()));
        }
        Ok(self
            .l2
            .as_ref()
            .and_then(|(_, t)| t.get((c % per_l2) as usize).copied())
            .unwrap_or(0))
    }

    pub fn read<R: Read + Seek>(
        &mut self,
        src: &mut Src<R>,
        mut off: u64,
        mut buf: &mut [u8],
    ) -> Result<()> {
        let cs = 1u64 << self.bits;
        while !buf.is_empty() {
            let c = off / cs;
            let within = off % cs;
            let n = ((cs - within) as usize).min(buf.len());
            let (piece, rest) = buf.split_at_mut(n);
            let e = self.entry(src, c)?;
            if e & COMPRESSED != 0 {
                let data = self.inflate(src, e)?;
                let w = within as usize;
                piece.copy_from_slice(&data[w..w + n]);
            } else if e & ZERO == 0 && e & OFFSET_MASK != 0 {
                src.read_at((e & OFFSET_MASK) + within, piece, "a qcow2 cluster")?;
            }
            off += n as u64;
            buf = rest;
        }
        Ok(())
    }

    /// A compressed cluster, inflated (raw deflate), kept for the next piece of it.
    fn inflate<R: Read + Seek>(&mut self, src: &mut Src<R>, e: u64) -> Result<&[u8]> {
        if self.cluster.as_ref().is_none_or(|(k, _)| *k != e) {
            let x = 62 - (self.bits - 8);
            let host = e & ((1u64 << x) - 1);
            let sectors = ((e >> x) & ((1u64 << (self.bits - 8)) - 1)) + 1;
            // The count is of sectors from the start of host's sector; the last may pass the
            // end of the file.
            let len = (sectors * 512 - (host & 511)).min(src.len.saturating_sub(host));
            let mut packed = vec![0u8; len as usize];
            src.read_at(host, &mut packed, "a qcow2 compressed cluster")?;
            let mut out = vec![0u8; 1usize << self.bits];
            Decompress::new(false)
                .decompress(&packed, &mut out, FlushDecompress::Finish)
                .map_err(|err| {
                    Error::Malformed(format!("qcow2 compressed cluster at byte {host}: {err}"))
                })?;
            self.cluster = Some((e, out));
        }
        Ok(self
            .cluster
            .as_ref()
            .map(|(_, d)| d.as_slice())
            .unwrap_or(&[]))
    }
}
