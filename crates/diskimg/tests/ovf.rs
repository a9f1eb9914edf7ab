//! OVF descriptors in the shapes VMware and VirtualBox write, and an OVA read in place.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use diskimg::Image;
use diskimg::ova::Package;
use diskimg::ovf::{Envelope, Firmware, Refusal};
use std::io::Read;

fn text(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn gz(name: &str) -> Vec<u8> {
    let bytes = std::fs::read(format!(
        "{}/tests/data/{name}.gz",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn a_vmware_envelope_reads_whole() {
    let env = Envelope::parse(&text("vmware-shape.ovf")).unwrap();
    assert_eq!(env.networks, ["VM Network", "Storage & Backup"]);
    assert_eq!(env.disks.len(), 2);
    assert_eq!(env.disks[0].capacity, 4 << 20);
    assert_eq!(env.disks[1].capacity, 1 << 30);
    assert_eq!(env.disks[1].file, None, "a blank disk");
    let s = &env.systems[0];
    assert_eq!(s.name, "appliance");
    assert_eq!((s.vcpus, s.memory), (4, 2048 << 20));
    assert_eq!(s.firmware, Firmware::Uefi { secure_boot: true });
    assert_eq!(s.disks, ["vmdisk1", "vmdisk2"]);
    let nets: Vec<&str> = s.nics.iter().map(|n| n.network.as_str()).collect();
    assert_eq!(nets, ["VM Network", "Storage & Backup"]);
    assert_eq!(s.os.as_deref(), Some("debian10_64Guest"));
    assert!(env.check().is_empty(), "{:?}", env.check());
}

#[test]
fn what_cannot_be_honoured_is_all_said_at_once() {
    let env = Envelope::parse(&text("virtualbox-shape.ovf")).unwrap();
    let s = &env.systems[0];
    assert_eq!((s.vcpus, s.memory), (1, 1 << 30));
    assert_eq!(s.firmware, Firmware::Bios);
    let why = env.check();
    assert!(
        why.contains(&Refusal::UnknownDisk("/disk/vmdisk9".into())),
        "{why:?}"
    );
    assert!(
        why.iter()
            .any(|r| matches!(r, Refusal::Compressed { how, .. } if how == "gzip")),
        "{why:?}"
    );
    assert_eq!(why.len(), 2);
}

#[test]
fn malformed_descriptors_are_errors() {
    assert!(Envelope::parse("<Envelope><VirtualSystem></Envelope>").is_err());
    assert!(Envelope::parse("<Envelope/>").is_err(), "no virtual system");
    let none = Envelope::parse(
        "<Envelope><VirtualSystem ovf:id='a'><VirtualHardwareSection/></VirtualSystem><VirtualSystem/></Envelope>",
    )
    .unwrap();
    let why = none.check();
    assert!(why.contains(&Refusal::SeveralSystems(2)));
    assert!(why.contains(&Refusal::NoCpus));
}

#[test]
fn an_ova_is_read_in_place() {
    let dir = tempfile_dir();
    let ova = dir.join("appliance.ova");
    let vmdk = gz("sample-stream.vmdk");
    {
        let mut b = tar::Builder::new(std::fs::File::create(&ova).unwrap());
        let ovf = text("vmware-shape.ovf");
        for (name, data) in [
            ("appliance.ovf", ovf.as_bytes()),
            ("appliance-disk1.vmdk", &vmdk[..]),
        ] {
            let mut h = tar::Header::new_ustar();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_cksum();
            b.append_data(&mut h, name, data).unwrap();
        }
        b.finish().unwrap();
    }
    let pkg = Package::open(&ova).unwrap();
    assert_eq!(pkg.envelope.systems[0].name, "appliance");
    let part = pkg.part("appliance-disk1.vmdk").unwrap();
    assert_eq!(part.len, vmdk.len() as u64);
    let img = Image::new(part.open().unwrap()).unwrap();
    let mut disk = Vec::new();
    for p in img.pieces(1 << 20) {
        disk.extend(p.unwrap());
    }
    assert!(disk == gz("sample.raw"), "the disk in the OVA reads back");
    assert!(pkg.part("../etc/passwd").is_err());
    assert!(pkg.part("missing.vmdk").is_err());
    std::fs::remove_dir_all(dir).unwrap();
}

fn tempfile_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("diskimg-ova-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}
