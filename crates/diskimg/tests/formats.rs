//! The readers against images written by QEMU (`tests/data/README.md`): each reads back the
//! raw disk it was made from; damaged files give an error, never a panic.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use diskimg::{Error, Format, Image};
use proptest::prelude::*;
use std::io::{Cursor, Read};

fn data(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/data/{name}.gz", env!("CARGO_MANIFEST_DIR"));
    let gz = std::fs::read(&path).unwrap();
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&gz[..])
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn whole(bytes: Vec<u8>) -> (Format, Vec<u8>) {
    let img = Image::new(Cursor::new(bytes)).unwrap();
    let format = img.format();
    let size = img.virtual_size();
    let mut out = Vec::new();
    for piece in img.pieces(300_000) {
        out.extend(piece.unwrap());
    }
    assert_eq!(out.len() as u64, size);
    (format, out)
}

#[test]
fn every_format_reads_back_the_raw_disk() {
    let raw = data("sample.raw");
    for (name, format) in [
        ("sample.raw", Format::Raw),
        ("sample.qcow2", Format::Qcow2),
        ("sample-c.qcow2", Format::Qcow2),
        ("sample-v2c.qcow2", Format::Qcow2),
        ("sample-sparse.vmdk", Format::VmdkSparse),
        ("sample-stream.vmdk", Format::VmdkStreamOptimized),
        ("sample-dyn.vhd", Format::VhdDynamic),
        ("sample-fixed.vhd", Format::VhdFixed),
    ] {
        let (f, got) = whole(data(name));
        assert_eq!(f, format, "{name}");
        assert!(got == raw, "{name}: the disk read differs from sample.raw");
    }
}

#[test]
fn reads_at_unaligned_offsets_match() {
    let raw = data("sample.raw");
    for name in ["sample-c.qcow2", "sample-stream.vmdk", "sample-dyn.vhd"] {
        let mut img = Image::new(Cursor::new(data(name))).unwrap();
        for (off, len) in [
            (69_999u64, 3_002usize),
            (1_048_570, 70_000),
            (3_147_000, 2_000),
        ] {
            let mut buf = vec![0xAA; len];
            img.read_at(off, &mut buf).unwrap();
            let end = (off as usize + len).min(raw.len());
            assert_eq!(
                &buf[..end - off as usize],
                &raw[off as usize..end],
                "{name} at {off}"
            );
            assert!(
                buf[end - off as usize..].iter().all(|&b| b == 0),
                "{name}: past the end"
            );
        }
    }
}

#[test]
fn truncated_images_say_so() {
    for name in [
        "sample.qcow2",
        "sample-sparse.vmdk",
        "sample-dyn.vhd",
        "sample-stream.vmdk",
    ] {
        let mut bytes = data(name);
        bytes.truncate(bytes.len() / 2);
        let err = match Image::new(Cursor::new(bytes)) {
            Err(e) => e,
            Ok(img) => img.pieces(1 << 20).find_map(Result::err).unwrap(),
        };
        assert!(
            matches!(err, Error::Truncated(_) | Error::Malformed(_)),
            "{name}: {err}"
        );
    }
}

#[test]
fn what_cannot_be_honoured_is_refused_with_the_reason() {
    // A qcow2 with a backing file.
    let mut q = data("sample.qcow2");
    q[8..16].copy_from_slice(&4096u64.to_be_bytes());
    let e = Image::new(Cursor::new(q)).err().unwrap();
    assert!(
        matches!(&e, Error::Unsupported(t) if t.contains("backing file")),
        "{e}"
    );
    // A differencing VHD (type 4; the checksum mended so only the type is wrong).
    let mut v = data("sample-dyn.vhd");
    v[60..64].copy_from_slice(&4u32.to_be_bytes());
    let sum = diskimg::vhd::checksum(&v[..512]);
    v[64..68].copy_from_slice(&sum.to_be_bytes());
    let e = Image::new(Cursor::new(v)).err().unwrap();
    assert!(
        matches!(&e, Error::Unsupported(t) if t.contains("differencing")),
        "{e}"
    );
    // A VMDK descriptor naming other files.
    let d = b"# Disk DescriptorFile\nversion=1\nRW 4 FLAT \"x-flat.vmdk\" 0\n".to_vec();
    let e = Image::new(Cursor::new(d)).err().unwrap();
    assert!(matches!(e, Error::Unsupported(_)), "{e}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any byte of a header or table changed: an error or some disk, never a panic.
    #[test]
    fn damaged_images_never_panic(
        which in 0usize..6,
        edits in proptest::collection::vec((0usize..70_000, any::<u8>()), 1..40),
    ) {
        let name = ["sample.qcow2", "sample-c.qcow2", "sample-sparse.vmdk",
            "sample-stream.vmdk", "sample-dyn.vhd", "sample-fixed.vhd"][which];
        let mut bytes = data(name);
        for (at, b) in edits {
            let n = bytes.len();
            bytes[at % n] = b;
        }
        if let Ok(img) = Image::new(Cursor::new(bytes)) {
            // A damaged header may claim a huge disk: read the first pieces only.
            for piece in img.pieces(1 << 20).take(8) {
                let _ = piece;
            }
        }
    }
}
