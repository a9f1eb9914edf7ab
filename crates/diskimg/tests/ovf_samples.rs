//! OVF descriptors written by other tools (VMware vCenter exports and govmomi's test
//! descriptors; `tests/fixtures/ovf/govmomi/SOURCES.md` at the repository's root): each read
//! as the machine it describes, or refused with the reason.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use diskimg::ovf::{Envelope, Firmware, Refusal};

fn sample(name: &str) -> Envelope {
    let path = format!(
        "{}/../../tests/fixtures/ovf/govmomi/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    Envelope::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn nets(env: &Envelope) -> Vec<&str> {
    env.systems[0]
        .nics
        .iter()
        .map(|n| n.network.as_str())
        .collect()
}

#[test]
fn a_vcenter_export_with_one_stream_optimized_disk() {
    let env = sample("Mini-Ubuntu-32bit-HW8-Tools.ovf");
    assert!(env.check().is_empty(), "{:?}", env.check());
    let s = &env.systems[0];
    assert_eq!(s.name, "Mini-Ubuntu-32bit-HW8-Tools");
    assert_eq!((s.vcpus, s.memory), (1, 256 << 20));
    assert_eq!(s.firmware, Firmware::Bios);
    assert_eq!(s.disks, ["vmdisk1"]);
    assert_eq!(env.disks[0].capacity, 2 << 30, "2 × 2^30 bytes");
    assert!(env.disks[0].format.ends_with("#streamOptimized"));
    assert_eq!(
        env.file_of("vmdisk1").unwrap().href,
        "Mini-Ubuntu-32bit-HW8-Tools-disk1.vmdk"
    );
    assert_eq!(nets(&env), ["none"]);
}

#[test]
fn a_vcenter_export_with_two_disks_sized_in_bytes() {
    let env = sample("nostalgia-two-disks.ovf");
    assert!(env.check().is_empty(), "{:?}", env.check());
    let s = &env.systems[0];
    assert_eq!(s.name, "Nostalgia");
    assert_eq!((s.vcpus, s.memory), (1, 64 << 20));
    assert_eq!(s.disks, ["vmdisk1", "vmdisk2"]);
    assert!(env.disks.iter().all(|d| d.capacity == 107_373_568));
    assert_eq!(nets(&env), ["VM Network"]);
}

#[test]
fn a_uefi_secure_boot_vm() {
    let env = sample("SimpleVm.ovf");
    assert!(env.check().is_empty(), "{:?}", env.check());
    let s = &env.systems[0];
    assert_eq!((s.vcpus, s.memory), (2, 1 << 30));
    assert_eq!(s.firmware, Firmware::Uefi { secure_boot: true });
    assert_eq!(s.disks, ["vmdisk1"]);
    assert_eq!(env.disks[0].capacity, 1 << 30);
    assert_eq!(nets(&env), ["VM Network"]);
}

#[test]
fn a_collection_of_two_vms_is_refused_with_the_reason() {
    let env = sample("sunVHW-DiskTypes.ovf");
    assert_eq!(env.systems.len(), 2, "both VMs of the collection are read");
    let names: Vec<&str> = env.systems.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["sunvhw-sas", "sunvhw-pv"]);
    assert!(
        env.systems
            .iter()
            .all(|s| s.disks.len() == 2 && s.memory == 1 << 30)
    );
    assert_eq!(env.check(), [Refusal::SeveralSystems(2)]);
}
