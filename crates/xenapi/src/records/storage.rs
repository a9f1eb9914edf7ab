//! Storage records: SR, PBD, VDI, VBD.

#[allow(unused_imports)]
use super::*;
use crate::record;

record! {
    /// A storage repository.
    pub struct Sr ("SR") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// Name shown to users.
        name_label: String = "name_label",
        /// Free-text description.
        name_description: String = "name_description",
        /// The storage driver: `lvm`, `ext`, `nfs`, `iso`, `lvmoiscsi`, ... (`type`).
        sr_type: String = "type",
        /// What the SR holds, e.g. `user` or `iso`.
        content_type: String = "content_type",
        /// True when every host in the pool can reach the SR.
        shared: bool = "shared",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
        /// Storage driver settings.
        sm_config: StringMap = "sm_config",
        /// User tags.
        tags: Vec<String> = "tags",
        /// The SR's connections to hosts (`PBDs`).
        pbds: Vec<Ref<Pbd>> = "PBDs",
        /// The disks in the SR (`VDIs`).
        vdis: Vec<Ref<Vdi>> = "VDIs",
        /// Total size in bytes.
        physical_size: i64 = "physical_size",
        /// Bytes used on the storage.
        physical_utilisation: i64 = "physical_utilisation",
        /// Sum of the virtual sizes of its disks, in bytes.
        virtual_allocation: i64 = "virtual_allocation",
        /// True for the SR holding the guest tools ISO.
        is_tools_sr: bool = "is_tools_sr",
        /// The DR task that introduced the SR, if any.
        introduced_by: String = "introduced_by",
        /// What xapi allows on it now (`storage_operations`: `destroy`, `forget`, ...).
        allowed_operations: Vec<String> = "allowed_operations",
        /// Operations running on it (task ref → operation).
        current_operations: StringMap = "current_operations",
    }
}

record! {
    /// The link between a host and an SR. `device_config` is deliberately not read: it may
    /// hold storage secrets.
    pub struct Pbd ("PBD") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// The host connected to the SR.
        host: Ref<Host> = "host",
        /// The SR (`SR`).
        sr: Ref<Sr> = "SR",
        /// True while the SR is plugged on the host.
        currently_attached: bool = "currently_attached",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
    }
}

record! {
    /// A virtual disk.
    pub struct Vdi ("VDI") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// Name shown to users.
        name_label: String = "name_label",
        /// Free-text description.
        name_description: String = "name_description",
        /// The SR the disk lives in (`SR`).
        sr: Ref<Sr> = "SR",
        /// The drives this disk is attached to (`VBDs`).
        vbds: Vec<Ref<Vbd>> = "VBDs",
        /// The disk's size as the VM sees it, in bytes.
        virtual_size: i64 = "virtual_size",
        /// Bytes the disk takes in its SR.
        physical_utilisation: i64 = "physical_utilisation",
        /// `system`, `user`, `ephemeral`, `suspend`, `crashdump`, `metadata`, ... (`type`).
        vdi_type: String = "type",
        /// True when several VMs may attach the disk at once.
        sharable: bool = "sharable",
        /// True for a read-only disk.
        read_only: bool = "read_only",
        /// True for a snapshot of another disk.
        is_a_snapshot: bool = "is_a_snapshot",
        /// True when the SR scan no longer finds the disk.
        missing: bool = "missing",
        /// Absent on old hosts, where every VDI is managed.
        managed: Option<bool> = "managed",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
    }
}

record! {
    /// The link between a VM and a VDI (or an empty CD drive).
    pub struct Vbd ("VBD") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// The VM the drive belongs to (`VM`).
        vm: Ref<Vm> = "VM",
        /// The disk in the drive (`VDI`); null for an empty CD drive.
        vdi: Ref<Vdi> = "VDI",
        /// The device name in the guest, e.g. `xvda`.
        device: String = "device",
        /// The drive's position: `0`, `1`, ...
        userdevice: String = "userdevice",
        /// True for a boot drive.
        bootable: bool = "bootable",
        /// `RO` or `RW`.
        mode: String = "mode",
        /// `Disk`, `CD` or `Floppy` (`type`).
        vbd_type: String = "type",
        /// True for a CD drive with no disc.
        empty: bool = "empty",
        /// True while the drive is plugged into the running VM.
        currently_attached: bool = "currently_attached",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
    }
}
