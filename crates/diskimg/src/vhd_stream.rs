//! VHD as a stream, both ways, for `/export_raw_vdi?format=vhd` and
//! `/import_raw_vdi?format=vhd`: a [`Writer`] lays out a dynamic VHD of the blocks that hold
//! data (its length known before the first byte, as `Content-Length` needs), and a
//! [`PushReader`] takes a fixed or dynamic VHD as bytes arrive and hands on the disk's data
//! with its offsets, memory one block's bitmap whatever the size.

use crate::vhd::{FOOTER, checksum};
use crate::{Error, Result, be32, be64};

/// The block size xapi's vhd-tool and most writers use.
pub const BLOCK: u64 = 2 * 1024 * 1024;
const HEADER: u64 = 1024;
/// The largest VHD (xapi's `Constants.max_vhd_size`: 2 TiB less 16 MiB).
pub const MAX_SIZE: u64 = 2 * 1024 * 1024 * 1024 * 1024 - 16 * 1024 * 1024;

/// Cylinders, heads, sectors per track as the VHD specification computes them.
fn geometry(size: u64) -> u32 {
    let mut total = (size / 512).min(65535 * 16 * 255);
    let (spt, heads, cth);
    if total >= 65535 * 16 * 63 {
        spt = 255;
        heads = 16;
        cth = total / spt;
    } else {
        let mut s = 17;
        let mut c = total / s;
        let mut h = c.div_ceil(1024).max(4);
        if c >= h * 1024 || h > 16 {
            s = 31;
            h = 16;
            c = total / s;
        }
        if c >= h * 1024 {
            s = 63;
            h = 16;
            c = total / s;
        }
        spt = s;
        heads = h;
        cth = c;
        total = cth * spt;
        let _ = total;
    }
    let cyl = (cth / heads).min(65535);
    ((cyl as u32) << 16) | ((heads as u32) << 8) | spt as u32
}

/// A VHD footer for a disk of `size` bytes of type `disk_type` (2 fixed, 3 dynamic).
pub fn footer(size: u64, disk_type: u32, id: [u8; 16]) -> [u8; 512] {
    let mut f = [0u8; 512];
    f[0..8].copy_from_slice(b"conectix");
    f[8..12].copy_from_slice(&2u32.to_be_bytes());
    f[12..16].copy_from_slice(&0x0001_0000u32.to_be_bytes());
    let data = if disk_type == 2 { u64::MAX } else { FOOTER };
    f[16..24].copy_from_slice(&data.to_be_bytes());
    f[28..32].copy_from_slice(b"xpil");
    f[32..36].copy_from_slice(&0x0001_0000u32.to_be_bytes());
    f[36..40].copy_from_slice(b"Wi2k");
    f[40..48].copy_from_slice(&size.to_be_bytes());
    f[48..56].copy_from_slice(&size.to_be_bytes());
    f[56..60].copy_from_slice(&geometry(size).to_be_bytes());
    f[60..64].copy_from_slice(&disk_type.to_be_bytes());
    f[68..84].copy_from_slice(&id);
    let sum = checksum(&f);
    f[64..68].copy_from_slice(&sum.to_be_bytes());
    f
}

/// A dynamic VHD of `size` bytes whose blocks `allocated` (indices of [`BLOCK`]-sized
/// blocks, ascending) hold data: write [`Writer::head`], then for each allocated block
/// [`Writer::bitmap`] and its [`BLOCK`] bytes (the last block whole, zero-padded), then
/// [`Writer::tail`].
pub struct Writer {
    size: u64,
    allocated: Vec<u64>,
    id: [u8; 16],
}

impl Writer {
    pub fn new(size: u64, mut allocated: Vec<u64>, id: [u8; 16]) -> Self {
        allocated.sort_unstable();
        allocated.dedup();
        allocated.retain(|b| *b < size.div_ceil(BLOCK));
        Writer {
            size,
            allocated,
            id,
        }
    }

    fn entries(&self) -> u64 {
        self.size.div_ceil(BLOCK)
    }

    fn bat_bytes(&self) -> u64 {
        (self.entries() * 4).div_ceil(512) * 512
    }

    /// The blocks written, in order.
    pub fn allocated(&self) -> &[u64] {
        &self.allocated
    }

    /// The whole file's length.
    pub fn length(&self) -> u64 {
        FOOTER + HEADER + self.bat_bytes() + self.allocated.len() as u64 * (512 + BLOCK) + FOOTER
    }

    /// The footer copy, the dynamic header and the BAT.
    pub fn head(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity((FOOTER + HEADER + self.bat_bytes()) as usize);
        out.extend_from_slice(&footer(self.size, 3, self.id));
        let mut h = [0u8; HEADER as usize];
        h[0..8].copy_from_slice(b"cxsparse");
        h[8..16].copy_from_slice(&u64::MAX.to_be_bytes());
        h[16..24].copy_from_slice(&(FOOTER + HEADER).to_be_bytes());
        h[24..28].copy_from_slice(&0x0001_0000u32.to_be_bytes());
        h[28..32].copy_from_slice(&(self.entries() as u32).to_be_bytes());
        h[32..36].copy_from_slice(&(BLOCK as u32).to_be_bytes());
        let sum = !h
            .iter()
            .enumerate()
            .filter(|(i, _)| !(36..40).contains(i))
            .fold(0u32, |s, (_, b)| s.wrapping_add(u32::from(*b)));
        h[36..40].copy_from_slice(&sum.to_be_bytes());
        out.extend_from_slice(&h);
        let mut bat = vec![0xFFu8; self.bat_bytes() as usize];
        let first = (FOOTER + HEADER + self.bat_bytes()) / 512;
        for (i, b) in self.allocated.iter().enumerate() {
            let sector = first + i as u64 * ((512 + BLOCK) / 512);
            let at = (*b * 4) as usize;
            bat[at..at + 4].copy_from_slice(&(sector as u32).to_be_bytes());
        }
        out.extend_from_slice(&bat);
        out
    }

    /// A block's sector bitmap: every sector present.
    pub fn bitmap(&self) -> [u8; 512] {
        [0xFF; 512]
    }

    /// The closing footer.
    pub fn tail(&self) -> [u8; 512] {
        footer(self.size, 3, self.id)
    }
}

/// Where a [`PushReader`] is in the file.
enum Stage {
    /// Gathering the first bytes: a dynamic VHD's footer copy, header and BAT.
    Head,
    /// A fixed VHD: data until the footer.
    Fixed { size: u64 },
    /// A dynamic VHD: the blocks still to come, by file offset (offset, block index).
    Blocks {
        size: u64,
        block: u64,
        bitmap_len: u64,
        todo: Vec<(u64, u64)>,
        /// The current block's bitmap as it arrives.
        bitmap: Vec<u8>,
    },
}

/// Takes a VHD of `length` bytes as it arrives; [`PushReader::feed`] returns the disk's
/// data found in it as (disk offset, bytes).
pub struct PushReader {
    length: u64,
    at: u64,
    head: Vec<u8>,
    stage: Stage,
    /// The disk's size once the footer is known.
    pub size: Option<u64>,
}

impl PushReader {
    pub fn new(length: u64) -> Self {
        PushReader {
            length,
            at: 0,
            head: Vec::new(),
            stage: Stage::Head,
            size: None,
        }
    }

    /// Reads `data` (the next bytes of the file); `out` is called with each run of the disk's
    /// bytes and the offset it belongs at.
    pub fn feed(
        &mut self,
        mut data: &[u8],
        out: &mut dyn FnMut(u64, &[u8]) -> Result<()>,
    ) -> Result<()> {
        while !data.is_empty() {
            let used = self.step(data, out)?;
            if used == 0 {
                break;
            }
            self.at += used as u64;
            data = &data[used..];
        }
        Ok(())
    }

    /// Checks the file ended where it should.
    pub fn finish(&self) -> Result<()> {
        if self.at < self.length {
            return Err(Error::Truncated(format!(
                "the VHD ended at byte {} of {}",
                self.at, self.length
            )));
        }
        match &self.stage {
            Stage::Head => Err(Error::Truncated("the VHD ended in its headers".into())),
            Stage::Blocks { todo, .. } if !todo.is_empty() => Err(Error::Truncated(format!(
                "{} VHD blocks are missing",
                todo.len()
            ))),
            _ => Ok(()),
        }
    }

    fn step(
        &mut self,
        data: &[u8],
        out: &mut dyn FnMut(u64, &[u8]) -> Result<()>,
    ) -> Result<usize> {
        match &mut self.stage {
            Stage::Head => self.head_step(data, out),
            Stage::Fixed { size } => {
                let size = *size;
                if self.at < size {
                    let n = (size - self.at).min(data.len() as u64) as usize;
                    out(self.at, &data[..n])?;
                    Ok(n)
                } else {
                    // The footer, checked when whole; anything past the length is refused
                    // by the caller's Content-Length.
                    let n = data.len().min((self.length - self.at) as usize);
                    self.head.extend_from_slice(&data[..n]);
                    if self.head.len() == FOOTER as usize {
                        crate::vhd::check_footer(&self.head)?;
                    }
                    Ok(n)
                }
            }
            Stage::Blocks {
                size,
                block,
                bitmap_len,
                todo,
                bitmap,
            } => {
                let Some(&(start, index)) = todo.first() else {
                    // The closing footer and anything after: skipped.
                    return Ok(data.len());
                };
                if self.at < start {
                    return Ok((start - self.at).min(data.len() as u64) as usize);
                }
                if start < self.at && bitmap.is_empty() {
                    return Err(Error::Malformed(format!(
                        "VHD block {index} lies before the bytes already read"
                    )));
                }
                let within = self.at - start;
                if within < *bitmap_len {
                    let n = ((*bitmap_len - within) as usize).min(data.len());
                    bitmap.extend_from_slice(&data[..n]);
                    return Ok(n);
                }
                let d = within - *bitmap_len;
                let n = ((*block - d) as usize).min(data.len());
                let disk_off = index * *block + d;
                let mut piece = data[..n].to_vec();
                let mut pos = 0usize;
                while pos < n {
                    let s = ((d + pos as u64) / 512) as usize;
                    let end = n.min(((s as u64 + 1) * 512 - d) as usize);
                    if bitmap.get(s / 8).is_none_or(|m| m & (0x80 >> (s % 8)) == 0) {
                        piece[pos..end].fill(0);
                    }
                    pos = end;
                }
                let keep = (*size).saturating_sub(disk_off).min(n as u64) as usize;
                if keep > 0 {
                    out(disk_off, &piece[..keep])?;
                }
                if d + n as u64 == *block {
                    todo.remove(0);
                    bitmap.clear();
                }
                Ok(n)
            }
        }
    }

    fn head_step(
        &mut self,
        data: &[u8],
        out: &mut dyn FnMut(u64, &[u8]) -> Result<()>,
    ) -> Result<usize> {
        // The first 8 bytes say which: a dynamic VHD starts with its footer's copy.
        if self.head.len() < 8 {
            let n = (8 - self.head.len()).min(data.len());
            self.head.extend_from_slice(&data[..n]);
            if self.head.len() == 8 && !self.head.starts_with(b"conectix") {
                // A fixed VHD: data, then the footer as its last sector.
                let size = self
                    .length
                    .checked_sub(FOOTER)
                    .ok_or_else(|| Error::Truncated("a VHD shorter than its footer".into()))?;
                let head = std::mem::take(&mut self.head);
                let keep = (size as usize).min(8);
                if keep > 0 {
                    out(0, &head[..keep])?;
                }
                self.head = head[keep..].to_vec();
                self.size = Some(size);
                self.stage = Stage::Fixed { size };
            }
            return Ok(n);
        }
        // Gather up to the end of the BAT (bounded).
        let need = self.head_need()?;
        let n = ((need - self.head.len() as u64) as usize).min(data.len());
        self.head.extend_from_slice(&data[..n]);
        if self.head.len() as u64 == need && self.try_blocks()? {
            self.head.clear();
        }
        Ok(n)
    }

    /// How many leading bytes are needed before the blocks can be walked.
    fn head_need(&self) -> Result<u64> {
        if self.head.len() < (FOOTER + HEADER) as usize {
            return Ok(FOOTER + HEADER);
        }
        let f = crate::vhd::check_footer(&self.head[..FOOTER as usize])?;
        if f.1 != 3 {
            return Err(Error::Unsupported(
                "a differencing VHD (its data depends on a parent disk)".into(),
            ));
        }
        if f.2 != FOOTER {
            return Err(Error::Unsupported(format!(
                "a VHD whose dynamic header lies at byte {}",
                f.2
            )));
        }
        let h = &self.head[FOOTER as usize..(FOOTER + HEADER) as usize];
        if !h.starts_with(b"cxsparse") {
            return Err(Error::Malformed(
                "the VHD dynamic header has no cookie".into(),
            ));
        }
        let table = be64(h, 16);
        let entries = u64::from(be32(h, 28));
        let end = table
            .checked_add(entries * 4)
            .filter(|e| *e <= crate::MAX_TABLE && table >= FOOTER + HEADER)
            .ok_or_else(|| Error::Malformed("the VHD block table's place".into()))?;
        Ok(end)
    }

    /// With the head gathered: the blocks to expect, in file order.
    fn try_blocks(&mut self) -> Result<bool> {
        if self.head.len() < (FOOTER + HEADER) as usize
            || (self.head.len() as u64) < self.head_need()?
        {
            return Ok(false);
        }
        let f = crate::vhd::check_footer(&self.head[..FOOTER as usize])?;
        let h = &self.head[FOOTER as usize..(FOOTER + HEADER) as usize];
        let table = be64(h, 16) as usize;
        let entries = be32(h, 28) as usize;
        let block = u64::from(be32(h, 32));
        if block < 512 || !block.is_power_of_two() || (entries as u64).saturating_mul(block) < f.0 {
            return Err(Error::Malformed(format!("VHD block size {block}")));
        }
        let mut todo: Vec<(u64, u64)> = self.head[table..table + entries * 4]
            .chunks_exact(4)
            .enumerate()
            .filter_map(|(i, c)| {
                let s = be32(c, 0);
                (s != 0xFFFF_FFFF).then_some((u64::from(s) * 512, i as u64))
            })
            .collect();
        todo.sort_unstable();
        let bitmap_len = (block / 512).div_ceil(8).div_ceil(512) * 512;
        for w in todo.windows(2) {
            if w[0].0 + bitmap_len + block > w[1].0 {
                return Err(Error::Malformed("VHD blocks overlap".into()));
            }
        }
        self.size = Some(f.0);
        self.stage = Stage::Blocks {
            size: f.0,
            block,
            bitmap_len,
            todo,
            bitmap: Vec::new(),
        };
        Ok(true)
    }
}
