//! The bytes of an XVA, entry by entry, for a server to stream as it reads each disk.

use crate::{CHUNK, Error, chunk_name, xxhash_hex};

const ZEROS: [u8; 512] = [0; 512];

/// A ustar header for a file entry `name` of `size` bytes.
pub fn header(name: &str, size: u64) -> Result<[u8; 512], Error> {
    let mut h = tar::Header::new_ustar();
    h.set_path(name)
        .map_err(|e| Error::Malformed(format!("entry name {name}: {e}")))?;
    h.set_size(size);
    h.set_mode(0o644);
    h.set_entry_type(tar::EntryType::Regular);
    h.set_cksum();
    let mut out = [0u8; 512];
    out.copy_from_slice(h.as_bytes());
    Ok(out)
}

/// The zeros after `size` bytes of data, to the next 512-byte block.
pub fn padding(size: u64) -> &'static [u8] {
    &ZEROS[..((512 - size % 512) % 512) as usize]
}

/// One whole entry: header, data, padding.
pub fn entry(name: &str, data: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(512 + data.len() + 512);
    out.extend_from_slice(&header(name, data.len() as u64)?);
    out.extend_from_slice(data);
    out.extend_from_slice(padding(data.len() as u64));
    Ok(out)
}

/// Chunk `index` of disk `disk` and its `.xxhash` entry.
pub fn chunk(disk: &str, index: u64, data: &[u8]) -> Result<Vec<u8>, Error> {
    let name = chunk_name(disk, index);
    let mut out = entry(&name, data)?;
    out.extend(entry(
        &format!("{name}.xxhash"),
        xxhash_hex(data).as_bytes(),
    )?);
    Ok(out)
}

/// A keep-alive: a zero-length entry under the next chunk's name, and its checksum, as xapi
/// writes after 5 s without output (readers skip it).
pub fn keep_alive(disk: &str, next_index: u64) -> Result<Vec<u8>, Error> {
    chunk(disk, next_index, &[])
}

/// The end of the archive: two zero blocks.
pub fn end() -> [u8; 1024] {
    [0; 1024]
}

/// The chunks of a disk of `size` bytes that an export writes: the first, the last, and
/// every one `is_data` says is not all zeros, in order.
pub fn chunks_written(size: u64, is_data: impl Fn(u64) -> bool) -> impl Iterator<Item = u64> {
    let count = size.div_ceil(CHUNK).max(1);
    (0..count).filter(move |&i| i == 0 || i + 1 == count || is_data(i))
}

/// The length of chunk `index` of a disk of `size` bytes (the last may be shorter).
pub fn chunk_len(size: u64, index: u64) -> u64 {
    size.saturating_sub(index * CHUNK).min(CHUNK)
}
