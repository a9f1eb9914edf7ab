//! XVAs written by [`xva::write`] read back by [`xva::Reader`] however the bytes are split,
//! plain, gzip and zstd; and every kind of damage refused with its xapi error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use std::collections::BTreeMap;
use std::io::Write;
use xva::ova::{Obj, Ova};
use xva::{CHUNK, Error, Reader, Sink, write};

#[derive(Default)]
struct Keep {
    ova: Option<String>,
    chunks: BTreeMap<(String, u64), Vec<u8>>,
}

impl Sink for Keep {
    fn ova(&mut self, xml: &str) -> Result<(), Error> {
        self.ova = Some(xml.to_string());
        Ok(())
    }
    fn chunk(&mut self, disk: &str, index: u64, data: &[u8]) -> Result<(), Error> {
        self.chunks.insert((disk.to_string(), index), data.to_vec());
        Ok(())
    }
}

fn header() -> Ova {
    Ova {
        version: xva::ova::version(
            "xcp-01",
            "2026-12-07",
            ("XCP-ng", "8.3.0", "release"),
            (25, 6),
        ),
        objects: vec![Obj {
            class: "VM".into(),
            id: "Ref:0".into(),
            snapshot: serde_json::json!({"name_label": "web-01", "VCPUs_max": 2}),
        }],
    }
}

/// An XVA of one disk: chunk 0 of `first`, then chunk 2 of `third` (chunk 1 left out, as
/// zeros are), with a keep-alive before chunk 2 when `keep_alive`.
fn archive(first: &[u8], third: &[u8], keep_alive: bool) -> Vec<u8> {
    let mut out = write::entry("ova.xml", header().encode().as_bytes()).unwrap();
    out.extend(write::chunk("Ref:1", 0, first).unwrap());
    if keep_alive {
        out.extend(write::keep_alive("Ref:1", 2).unwrap());
    }
    out.extend(write::chunk("Ref:1", 2, third).unwrap());
    out.extend(write::end());
    out
}

fn read_split(bytes: &[u8], cuts: &[usize]) -> Result<Keep, Error> {
    let mut r = Reader::new(Keep::default());
    let mut at = 0;
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    for c in cuts.into_iter().chain([bytes.len()]) {
        r.feed(&bytes[at..c])?;
        at = c;
    }
    r.finish()?;
    Ok(r.into_sink().unwrap())
}

fn gzip(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

proptest! {
    #[test]
    fn any_split_of_any_compression_reads_the_same(
        first in proptest::collection::vec(any::<u8>(), 1..3000),
        third in proptest::collection::vec(any::<u8>(), 1..700),
        cuts in proptest::collection::vec(any::<usize>(), 0..12),
        keep_alive in any::<bool>(),
        how in 0u8..3,
    ) {
        let plain = archive(&first, &third, keep_alive);
        let bytes = match how {
            0 => plain,
            1 => gzip(&plain),
            _ => zstd::encode_all(&plain[..], 1).unwrap(),
        };
        let k = read_split(&bytes, &cuts).unwrap();
        prop_assert_eq!(Ova::decode(k.ova.as_deref().unwrap()).unwrap(), header());
        prop_assert_eq!(k.chunks.len(), 2);
        prop_assert_eq!(&k.chunks[&("Ref:1".to_string(), 0)], &first);
        prop_assert_eq!(&k.chunks[&("Ref:1".to_string(), 2)], &third);
    }

    /// Whatever the bytes, the reader answers (an error or a result), never panics.
    #[test]
    fn garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let mut r = Reader::new(Keep::default());
        if r.feed(&bytes).is_ok() {
            let _ = r.finish();
        }
        let _ = r.into_sink();
    }
}

#[test]
fn the_tar_crate_reads_what_we_write() {
    let bytes = archive(b"hello", b"world", true);
    let mut a = tar::Archive::new(&bytes[..]);
    let names: Vec<String> = a
        .entries()
        .unwrap()
        .map(|e| e.unwrap().path().unwrap().display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "ova.xml",
            "Ref:1/00000000",
            "Ref:1/00000000.xxhash",
            "Ref:1/00000002",
            "Ref:1/00000002.xxhash",
            "Ref:1/00000002",
            "Ref:1/00000002.xxhash"
        ]
    );
}

#[test]
fn a_corrupted_chunk_fails_its_checksum() {
    let mut bytes = archive(b"hello world", b"x", false);
    let at = bytes.windows(11).position(|w| w == b"hello world").unwrap();
    bytes[at] = b'j';
    let e = read_split(&bytes, &[]).err().unwrap();
    assert_eq!(e, Error::Checksum("Ref:1/00000000".into()));
    assert_eq!(e.code().0, "IMPORT_ERROR_SOME_CHECKSUMS_FAILED");
}

#[test]
fn a_truncated_file_is_a_premature_eof_whatever_the_compression() {
    let plain = archive(&vec![7u8; 5000], b"end", false);
    for bytes in [
        plain.clone(),
        gzip(&plain),
        zstd::encode_all(&plain[..], 1).unwrap(),
    ] {
        let cut = &bytes[..bytes.len() * 2 / 3];
        let e = read_split(cut, &[]).err().unwrap();
        assert_eq!(e.code().0, "IMPORT_ERROR_PREMATURE_EOF", "{e:?}");
    }
}

#[test]
fn the_first_entry_must_be_ova_xml() {
    let mut bytes = write::chunk("Ref:1", 0, b"data").unwrap();
    bytes.extend(write::end());
    let e = read_split(&bytes, &[]).err().unwrap();
    assert_eq!(
        e.code(),
        (
            "IMPORT_ERROR_UNEXPECTED_FILE",
            vec!["ova.xml".to_string(), "Ref:1/00000000".to_string()]
        )
    );
}

#[test]
fn sha1_checksums_of_older_exports_are_checked_too() {
    use sha1::Digest;
    let mut bytes = write::entry("ova.xml", header().encode().as_bytes()).unwrap();
    bytes.extend(write::entry("Ref:1/00000000", b"abc").unwrap());
    let sum: String = sha1::Sha1::digest(b"abc")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    bytes.extend(write::entry("Ref:1/00000000.checksum", sum.as_bytes()).unwrap());
    bytes.extend(write::end());
    let k = read_split(&bytes, &[100, 700]).unwrap();
    assert_eq!(k.chunks[&("Ref:1".to_string(), 0)], b"abc");
    // The same with a wrong SHA-1.
    let at = bytes.windows(3).position(|w| w == b"abc").unwrap();
    bytes[at] = b'x';
    let e = read_split(&bytes, &[]).err().unwrap();
    assert_eq!(e, Error::Checksum("Ref:1/00000000".into()));
}

#[test]
fn chunks_written_are_the_first_the_last_and_the_data() {
    let size = 5 * CHUNK + 10;
    let w: Vec<u64> = write::chunks_written(size, |i| i == 3).collect();
    assert_eq!(w, [0, 3, 5]);
    assert_eq!(write::chunk_len(size, 5), 10);
    assert_eq!(write::chunk_len(size, 4), CHUNK);
    assert_eq!(write::chunks_written(0, |_| false).collect::<Vec<_>>(), [0]);
}
