//! Typed records of the classes XenPilot shows and edits.
//!
//! Only the fields the client uses are declared; everything else a server sends is skipped.
//! Wire names follow the datamodel (`VCPUs_max`, `PIFs`); Rust names are snake case.

use super::de::Lenient;
use super::refs::Ref;
use crate::record;
use serde::Deserializer;
use std::collections::BTreeMap;

pub type StringMap = BTreeMap<String, String>;

/// A string-valued enum that keeps values it does not know (newer servers add some).
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
        pub enum $name {
            $($variant,)*
            #[default]
            Unknown,
            Other(String),
        }
        impl $name {
            pub fn parse(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)*
                    "" => $name::Unknown,
                    other => $name::Other(other.to_string()),
                }
            }
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Unknown => "",
                    $name::Other(s) => s,
                }
            }
        }
        impl Lenient for $name {
            fn lenient<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::lenient(d).map(|s| $name::parse(&s))
            }
        }
    };
}

wire_enum!(
    /// `vm_power_state`.
    PowerState {
        Halted = "Halted",
        Paused = "Paused",
        Running = "Running",
        Suspended = "Suspended",
    }
);

wire_enum!(
    /// `task_status_type`.
    TaskStatus {
        Pending = "pending",
        Success = "success",
        Failure = "failure",
        Cancelling = "cancelling",
        Cancelled = "cancelled",
    }
);

record! {
    /// The pool: one per connection.
    pub struct Pool ("pool") {
        uuid: String = "uuid",
        name_label: String = "name_label",
        name_description: String = "name_description",
        master: Ref<Host> = "master",
        default_sr: Ref<Sr> = "default_SR",
        other_config: StringMap = "other_config",
        gui_config: StringMap = "gui_config",
        tags: Vec<String> = "tags",
    }
}

record! {
    /// A physical server.
    pub struct Host ("host") {
        uuid: String = "uuid",
        name_label: String = "name_label",
        name_description: String = "name_description",
        hostname: String = "hostname",
        address: String = "address",
        enabled: bool = "enabled",
        api_version_major: i64 = "API_version_major",
        api_version_minor: i64 = "API_version_minor",
        software_version: StringMap = "software_version",
        other_config: StringMap = "other_config",
        resident_vms: Vec<Ref<Vm>> = "resident_VMs",
        pifs: Vec<Ref<Pif>> = "PIFs",
        pbds: Vec<Ref<Pbd>> = "PBDs",
        metrics: Ref<HostMetrics> = "metrics",
        control_domain: Ref<Vm> = "control_domain",
        memory_overhead: i64 = "memory_overhead",
        tags: Vec<String> = "tags",
    }
}

record! {
    pub struct HostMetrics ("host_metrics") {
        uuid: String = "uuid",
        memory_total: i64 = "memory_total",
        memory_free: i64 = "memory_free",
        live: bool = "live",
        other_config: StringMap = "other_config",
    }
}

record! {
    /// A VM, template, snapshot or control domain.
    pub struct Vm ("VM") {
        uuid: String = "uuid",
        name_label: String = "name_label",
        name_description: String = "name_description",
        power_state: PowerState = "power_state",
        is_a_template: bool = "is_a_template",
        is_default_template: bool = "is_default_template",
        is_control_domain: bool = "is_control_domain",
        is_a_snapshot: bool = "is_a_snapshot",
        snapshot_of: Ref<Vm> = "snapshot_of",
        snapshots: Vec<Ref<Vm>> = "snapshots",
        snapshot_time: String = "snapshot_time",
        resident_on: Ref<Host> = "resident_on",
        affinity: Ref<Host> = "affinity",
        memory_static_min: i64 = "memory_static_min",
        memory_static_max: i64 = "memory_static_max",
        memory_dynamic_min: i64 = "memory_dynamic_min",
        memory_dynamic_max: i64 = "memory_dynamic_max",
        vcpus_max: i64 = "VCPUs_max",
        vcpus_at_startup: i64 = "VCPUs_at_startup",
        other_config: StringMap = "other_config",
        xenstore_data: StringMap = "xenstore_data",
        platform: StringMap = "platform",
        tags: Vec<String> = "tags",
        vifs: Vec<Ref<Vif>> = "VIFs",
        vbds: Vec<Ref<Vbd>> = "VBDs",
        metrics: Ref<VmMetrics> = "metrics",
        guest_metrics: Ref<VmGuestMetrics> = "guest_metrics",
        domid: i64 = "domid",
        allowed_operations: Vec<String> = "allowed_operations",
        hvm_boot_policy: String = "HVM_boot_policy",
        pv_bootloader: String = "PV_bootloader",
        user_version: i64 = "user_version",
    }
}

record! {
    pub struct VmMetrics ("VM_metrics") {
        uuid: String = "uuid",
        memory_actual: i64 = "memory_actual",
        vcpus_number: i64 = "VCPUs_number",
        start_time: String = "start_time",
        other_config: StringMap = "other_config",
    }
}

record! {
    pub struct VmGuestMetrics ("VM_guest_metrics") {
        uuid: String = "uuid",
        os_version: StringMap = "os_version",
        pv_drivers_version: StringMap = "PV_drivers_version",
        networks: StringMap = "networks",
        pv_drivers_detected: bool = "PV_drivers_detected",
        live: bool = "live",
        other: StringMap = "other",
    }
}

record! {
    pub struct Network ("network") {
        uuid: String = "uuid",
        name_label: String = "name_label",
        name_description: String = "name_description",
        vifs: Vec<Ref<Vif>> = "VIFs",
        pifs: Vec<Ref<Pif>> = "PIFs",
        mtu: i64 = "MTU",
        other_config: StringMap = "other_config",
        bridge: String = "bridge",
        /// Absent on old hosts, where every network is managed.
        managed: Option<bool> = "managed",
        tags: Vec<String> = "tags",
    }
}

record! {
    /// A physical (or bond/VLAN) network interface of a host.
    pub struct Pif ("PIF") {
        uuid: String = "uuid",
        device: String = "device",
        network: Ref<Network> = "network",
        host: Ref<Host> = "host",
        mac: String = "MAC",
        mtu: i64 = "MTU",
        vlan: i64 = "VLAN",
        physical: bool = "physical",
        currently_attached: bool = "currently_attached",
        management: bool = "management",
        other_config: StringMap = "other_config",
        properties: StringMap = "properties",
        ip_configuration_mode: String = "ip_configuration_mode",
        ip: String = "IP",
        netmask: String = "netmask",
        gateway: String = "gateway",
        dns: String = "DNS",
        bond_slave_of: Ref<Bond> = "bond_slave_of",
        bond_master_of: Vec<Ref<Bond>> = "bond_master_of",
        vlan_master_of: Ref<Vlan> = "VLAN_master_of",
        vlan_slave_of: Vec<Ref<Vlan>> = "VLAN_slave_of",
        metrics: Ref<PifMetrics> = "metrics",
        /// Absent on old hosts, where every PIF is managed.
        managed: Option<bool> = "managed",
    }
}

record! {
    pub struct PifMetrics ("PIF_metrics") {
        uuid: String = "uuid",
        carrier: bool = "carrier",
        speed: i64 = "speed",
        duplex: bool = "duplex",
        vendor_name: String = "vendor_name",
        device_name: String = "device_name",
        other_config: StringMap = "other_config",
    }
}

record! {
    /// A virtual network interface of a VM.
    pub struct Vif ("VIF") {
        uuid: String = "uuid",
        device: String = "device",
        network: Ref<Network> = "network",
        vm: Ref<Vm> = "VM",
        mac: String = "MAC",
        mtu: i64 = "MTU",
        other_config: StringMap = "other_config",
        currently_attached: bool = "currently_attached",
        locking_mode: String = "locking_mode",
    }
}

record! {
    /// A storage repository.
    pub struct Sr ("SR") {
        uuid: String = "uuid",
        name_label: String = "name_label",
        name_description: String = "name_description",
        sr_type: String = "type",
        content_type: String = "content_type",
        shared: bool = "shared",
        other_config: StringMap = "other_config",
        sm_config: StringMap = "sm_config",
        tags: Vec<String> = "tags",
        pbds: Vec<Ref<Pbd>> = "PBDs",
        vdis: Vec<Ref<Vdi>> = "VDIs",
        physical_size: i64 = "physical_size",
        physical_utilisation: i64 = "physical_utilisation",
        virtual_allocation: i64 = "virtual_allocation",
        is_tools_sr: bool = "is_tools_sr",
        /// The DR task that introduced the SR, if any.
        introduced_by: String = "introduced_by",
    }
}

record! {
    /// The link between a host and an SR. `device_config` is deliberately not read: it may
    /// hold storage secrets.
    pub struct Pbd ("PBD") {
        uuid: String = "uuid",
        host: Ref<Host> = "host",
        sr: Ref<Sr> = "SR",
        currently_attached: bool = "currently_attached",
        other_config: StringMap = "other_config",
    }
}

record! {
    /// A virtual disk.
    pub struct Vdi ("VDI") {
        uuid: String = "uuid",
        name_label: String = "name_label",
        name_description: String = "name_description",
        sr: Ref<Sr> = "SR",
        vbds: Vec<Ref<Vbd>> = "VBDs",
        virtual_size: i64 = "virtual_size",
        physical_utilisation: i64 = "physical_utilisation",
        vdi_type: String = "type",
        sharable: bool = "sharable",
        read_only: bool = "read_only",
        is_a_snapshot: bool = "is_a_snapshot",
        missing: bool = "missing",
        /// Absent on old hosts, where every VDI is managed.
        managed: Option<bool> = "managed",
        other_config: StringMap = "other_config",
    }
}

record! {
    /// The link between a VM and a VDI (or an empty CD drive).
    pub struct Vbd ("VBD") {
        uuid: String = "uuid",
        vm: Ref<Vm> = "VM",
        vdi: Ref<Vdi> = "VDI",
        device: String = "device",
        userdevice: String = "userdevice",
        bootable: bool = "bootable",
        mode: String = "mode",
        vbd_type: String = "type",
        empty: bool = "empty",
        currently_attached: bool = "currently_attached",
        other_config: StringMap = "other_config",
    }
}

record! {
    pub struct Bond ("Bond") {
        uuid: String = "uuid",
        master: Ref<Pif> = "master",
        slaves: Vec<Ref<Pif>> = "slaves",
        mode: String = "mode",
        other_config: StringMap = "other_config",
    }
}

record! {
    pub struct Vlan ("VLAN") {
        uuid: String = "uuid",
        tagged_pif: Ref<Pif> = "tagged_PIF",
        untagged_pif: Ref<Pif> = "untagged_PIF",
        tag: i64 = "tag",
        other_config: StringMap = "other_config",
    }
}

record! {
    pub struct Task ("task") {
        uuid: String = "uuid",
        name_label: String = "name_label",
        name_description: String = "name_description",
        status: TaskStatus = "status",
        progress: f64 = "progress",
        created: String = "created",
        finished: String = "finished",
        result: String = "result",
        error_info: Vec<String> = "error_info",
        other_config: StringMap = "other_config",
    }
}
