//! Typed records of the classes XenPilot shows and edits.
//!
//! Only the fields the client uses are declared; everything else a server sends is skipped.
//! Wire names follow the datamodel (`VCPUs_max`, `PIFs`); Rust names are snake case.

use super::de::Lenient;
use super::refs::Ref;
use crate::record;
use serde::Deserializer;

/// Storage: repositories, their attachments, disks and drives.
mod storage;
pub use storage::*;

/// The key of a snapshot's `snapshot_info` that says the VM's power state when it was taken
/// (`Xapi_vm_clone.power_state_at_snapshot`).
pub const POWER_STATE_AT_SNAPSHOT: &str = "power-state-at-snapshot";

/// A `(string -> string) map` field, such as `other_config` (compact: see [`crate::strmap`]).
pub use crate::strmap::StringMap;

/// A string-valued enum that keeps values it does not know (newer servers add some).
macro_rules! wire_enum {
    ($(#[$meta:meta])* $name:ident {
        $($(#[$vmeta:meta])* $variant:ident = $wire:literal),* $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// Empty or absent on the wire.
            #[default]
            Unknown,
            /// A value this client does not know, as sent.
            Other(String),
        }
        impl $name {
            /// The variant for a wire string (never fails: see [`Self::Other`]).
            pub fn parse(s: &str) -> Self {
                match s {
                    $($wire => $name::$variant,)*
                    "" => $name::Unknown,
                    other => $name::Other(other.to_string()),
                }
            }
            /// The wire string (empty for [`Self::Unknown`]).
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
        /// Off, using no resources.
        Halted = "Halted",
        /// Resources allocated but the vCPUs not running.
        Paused = "Paused",
        /// Running.
        Running = "Running",
        /// State saved to a disk and no longer running (its disks stay in use).
        Suspended = "Suspended",
    }
);

wire_enum!(
    /// `task_status_type`.
    TaskStatus {
        /// In progress.
        Pending = "pending",
        /// Completed; the result is in `result`.
        Success = "success",
        /// Failed; the error is in `error_info`.
        Failure = "failure",
        /// Being cancelled.
        Cancelling = "cancelling",
        /// Cancelled.
        Cancelled = "cancelled",
    }
);

record! {
    /// The pool: one per connection.
    pub struct Pool ("pool") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// The pool's name (often empty for a standalone host).
        name_label: String = "name_label",
        /// Free-text description.
        name_description: String = "name_description",
        /// The pool master (coordinator): the host clients log in to.
        master: Ref<Host> = "master",
        /// The SR new disks go to by default (`default_SR`); null when none is set.
        default_sr: Ref<Sr> = "default_SR",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
        /// Settings kept for graphical clients (XenCenter's custom field definitions, saved
        /// searches, graph layouts).
        gui_config: StringMap = "gui_config",
        /// User tags.
        tags: Vec<String> = "tags",
        /// Seconds a VM console may be idle before xapi closes it; 0: never.
        vm_console_idle_timeout: i64 = "vm_console_idle_timeout",
        /// Whether only one console connection per VM or host is accepted.
        limit_console_sessions: bool = "limit_console_sessions",
        /// Whether HA is on (eject and a new coordinator are refused while it is).
        ha_enabled: bool = "ha_enabled",
        /// Server failures HA is set to tolerate (`ha_host_failures_to_tolerate`).
        ha_host_failures_to_tolerate: i64 = "ha_host_failures_to_tolerate",
        /// Failures the current failover plan covers (`ha_plan_exists_for`).
        ha_plan_exists_for: i64 = "ha_plan_exists_for",
        /// More failures to tolerate than a plan covers.
        ha_overcommitted: bool = "ha_overcommitted",
        /// The UEFI certificates Secure Boot needs (a base64 archive); empty when the pool
        /// has none, and Secure Boot VMs then fail to start.
        uefi_certificates: String = "uefi_certificates",
        /// What the pool's licence forbids (`restrict_vtpm` = `false` lets VMs have a vTPM).
        restrictions: StringMap = "restrictions",
    }
}

record! {
    /// A feature a host offers (`guefi`, `guefi-secureboot`, ...), enabled or not.
    pub struct Feature ("Feature") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// The feature's name (`guefi`).
        name_label: String = "name_label",
        /// Whether the host has it turned on.
        enabled: bool = "enabled",
        /// The host that offers it.
        host: Ref<Host> = "host",
    }
}

record! {
    /// A physical server.
    pub struct Host ("host") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// Name shown to users.
        name_label: String = "name_label",
        /// Free-text description.
        name_description: String = "name_description",
        /// The host's network host name.
        hostname: String = "hostname",
        /// The host's management address (for the master, what HOST_IS_SLAVE names).
        address: String = "address",
        /// False while disabled (`host.disable`, e.g. for maintenance): no new VMs start on it.
        enabled: bool = "enabled",
        /// XenAPI major version the host speaks (`API_version_major`).
        api_version_major: i64 = "API_version_major",
        /// XenAPI minor version the host speaks (`API_version_minor`).
        api_version_minor: i64 = "API_version_minor",
        /// Product and component versions (`product_version`, `product_brand`, `xapi`, ...).
        software_version: StringMap = "software_version",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
        /// The VMs running on the host, control domain included (`resident_VMs`).
        resident_vms: Vec<Ref<Vm>> = "resident_VMs",
        /// The host's physical (and bond/VLAN) interfaces (`PIFs`).
        pifs: Vec<Ref<Pif>> = "PIFs",
        /// The host's connections to SRs (`PBDs`).
        pbds: Vec<Ref<Pbd>> = "PBDs",
        /// The host's memory and liveness figures.
        metrics: Ref<HostMetrics> = "metrics",
        /// The host's control domain (dom0).
        control_domain: Ref<Vm> = "control_domain",
        /// Memory the host's virtualisation overhead takes, in bytes.
        memory_overhead: i64 = "memory_overhead",
        /// User tags.
        tags: Vec<String> = "tags",
        // Servers and the pool (maintenance, power, properties).
        /// Operations xapi allows now (`reboot`, `shutdown`, `evacuate`, `power_on`, …).
        allowed_operations: Vec<String> = "allowed_operations",
        /// Operations in progress: task ref → operation.
        current_operations: StringMap = "current_operations",
        /// How `host.power_on` wakes it (`wake-on-lan`, `IPMI`, a plugin); empty: it cannot.
        power_on_mode: String = "power_on_mode",
        /// The power-on settings (`power_on_ip`, `power_on_user`, …).
        power_on_config: StringMap = "power_on_config",
        /// CPU facts (`cpu_count`, `modelname`, `vendor`, `speed`, …).
        cpu_info: StringMap = "cpu_info",
        /// The iSCSI initiator name.
        iscsi_iqn: String = "iscsi_iqn",
        /// Whether storage multipathing is on.
        multipathing: bool = "multipathing",
        /// Logging settings (`syslog_destination`: the remote syslog server).
        logging: StringMap = "logging",
        /// Updates applied that need a reboot to take effect.
        updates_requiring_reboot: Vec<String> = "updates_requiring_reboot",
        /// The host's TLS certificates (`host` and `host_internal`).
        certificates: Vec<Ref<Certificate>> = "certificates",
        /// The updates applied to it (`pool_update`; empty where xapi does not track them).
        updates: Vec<Ref<PoolUpdate>> = "updates",
        /// When updates were last applied (xapi's `DateTime`; the epoch: never).
        last_software_update: String = "last_software_update",
    }
}

record! {
    /// A host's memory and liveness figures.
    pub struct HostMetrics ("host_metrics") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// Total memory, in bytes.
        memory_total: i64 = "memory_total",
        /// Free memory, in bytes; removed from the datamodel (may read 0): RRDs and
        /// `host.compute_free_memory` are current.
        memory_free: i64 = "memory_free",
        /// True while the pool master believes the host is live.
        live: bool = "live",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
    }
}

record! {
    /// A VM, template, snapshot or control domain.
    pub struct Vm ("VM") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// Name shown to users.
        name_label: String = "name_label",
        /// Free-text description.
        name_description: String = "name_description",
        /// Halted, Paused, Running or Suspended.
        power_state: PowerState = "power_state",
        /// True for a template (VM.start refuses it with VM_IS_TEMPLATE).
        is_a_template: bool = "is_a_template",
        /// True for a built-in template, used only for cloning.
        is_default_template: bool = "is_default_template",
        /// True for a host's control domain (dom0).
        is_control_domain: bool = "is_control_domain",
        /// True for a snapshot of another VM.
        is_a_snapshot: bool = "is_a_snapshot",
        /// The VM this is a snapshot of; null for other VMs.
        snapshot_of: Ref<Vm> = "snapshot_of",
        /// Snapshots taken of this VM.
        snapshots: Vec<Ref<Vm>> = "snapshots",
        /// When this snapshot was taken (an xapi datetime, `YYYYMMDDTHH:MM:SSZ`).
        snapshot_time: String = "snapshot_time",
        /// What xapi noted when taking this snapshot (`power-state-at-snapshot`: `Running`
        /// when the VM ran, so a revert starts it again).
        snapshot_info: StringMap = "snapshot_info",
        /// The host the VM runs on; null when halted.
        resident_on: Ref<Host> = "resident_on",
        /// The host the VM prefers to start on; null for none.
        affinity: Ref<Host> = "affinity",
        /// Absolute minimum memory, in bytes: the least the VM can boot with.
        memory_static_min: i64 = "memory_static_min",
        /// Absolute maximum memory, in bytes: at start, a hard limit for the guest.
        memory_static_max: i64 = "memory_static_max",
        /// Lower bound for the memory balloon target, in bytes.
        memory_dynamic_min: i64 = "memory_dynamic_min",
        /// Upper bound for the memory balloon target, in bytes.
        memory_dynamic_max: i64 = "memory_dynamic_max",
        /// Most vCPUs the VM may have (`VCPUs_max`).
        vcpus_max: i64 = "VCPUs_max",
        /// vCPUs the VM boots with (`VCPUs_at_startup`).
        vcpus_at_startup: i64 = "VCPUs_at_startup",
        /// Free-form key/value settings, for tools and clients; some keys need extra RBAC
        /// permissions.
        other_config: StringMap = "other_config",
        /// Keys for the VM's xenstore: those under `vm-data/` are written at start (and at once by
        /// `VM.set_xenstore_data` while running).
        xenstore_data: StringMap = "xenstore_data",
        /// Virtual hardware settings (`acpi`, `apic`, `viridian`, `nx`, ...).
        platform: StringMap = "platform",
        /// User tags.
        tags: Vec<String> = "tags",
        /// The VM's virtual network interfaces (`VIFs`).
        vifs: Vec<Ref<Vif>> = "VIFs",
        /// The VM's virtual disk and CD drives (`VBDs`).
        vbds: Vec<Ref<Vbd>> = "VBDs",
        /// The VM's runtime figures (memory, vCPUs, start time).
        metrics: Ref<VmMetrics> = "metrics",
        /// What the guest agent reports; null without guest tools.
        guest_metrics: Ref<VmGuestMetrics> = "guest_metrics",
        /// The running domain's ID; -1 when halted.
        domid: i64 = "domid",
        /// Operations xapi allows now (`start`, `clean_shutdown`, ...), in its wire spelling.
        allowed_operations: Vec<String> = "allowed_operations",
        /// Operations running now, by the ref of their task.
        current_operations: StringMap = "current_operations",
        /// The snapshot this VM was last snapshotted as or reverted to (the snapshot tree).
        parent: Ref<Vm> = "parent",
        /// `BIOS order` for an HVM guest, empty for a PV guest (`HVM_boot_policy`).
        hvm_boot_policy: String = "HVM_boot_policy",
        /// The PV bootloader, e.g. `pygrub`; empty for HVM (`PV_bootloader`).
        pv_bootloader: String = "PV_bootloader",
        /// A version number for the VM's creator to use.
        user_version: i64 = "user_version",
        /// Boot settings: `order` (`dc`, `cdn`) and `firmware` (`bios` or `uefi`; BIOS when
        /// unset) (`HVM_boot_params`).
        hvm_boot_params: StringMap = "HVM_boot_params",
        /// A template's limits and capabilities, as `<restrictions>` XML
        /// (`supports-uefi`, `supports-secure-boot`, `vcpus-min`, ...).
        recommendations: String = "recommendations",
        /// The VM's virtual TPMs (refs; at most one) (`VTPMs`).
        vtpms: Vec<String> = "VTPMs",
        /// The CPU flags of the VM's last boot; empty until it first starts, and the boot
        /// mode may change only until then (`last_boot_CPU_flags`).
        last_boot_cpu_flags: StringMap = "last_boot_CPU_flags",
        /// The memory image of a suspended VM or a checkpoint; null otherwise (`suspend_VDI`).
        suspend_vdi: Ref<Vdi> = "suspend_VDI",
        /// Where the VM's memory image goes when it suspends; null for the pool's default
        /// (`suspend_SR`).
        suspend_sr: Ref<Sr> = "suspend_SR",
        /// The place in the pool's start-up sequence (`order`).
        order: i64 = "order",
        /// Seconds to wait before the next VM in the start-up sequence (`start_delay`).
        start_delay: i64 = "start_delay",
        /// `restart`, `best-effort` or empty (`ha_restart_priority`).
        ha_restart_priority: String = "ha_restart_priority",
    }
}

record! {
    /// A VM's runtime figures (memory, vCPUs, start time).
    pub struct VmMetrics ("VM_metrics") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// Memory the running domain has now, in bytes.
        memory_actual: i64 = "memory_actual",
        /// vCPUs the running domain has now (`VCPUs_number`).
        vcpus_number: i64 = "VCPUs_number",
        /// When the VM last started (an xapi datetime).
        start_time: String = "start_time",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
    }
}

record! {
    /// What a VM's guest agent reports about the guest.
    pub struct VmGuestMetrics ("VM_guest_metrics") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// The guest OS (`name`, `distro`, `major`, `minor`, ...).
        os_version: StringMap = "os_version",
        /// Versions of the guest's PV drivers (`PV_drivers_version`).
        pv_drivers_version: StringMap = "PV_drivers_version",
        /// The guest's IP addresses by interface (`0/ip`, `0/ipv4/0`, `0/ipv6/0`).
        networks: StringMap = "networks",
        /// True once a guest PV driver has connected to its backend (`PV_drivers_detected`).
        pv_drivers_detected: bool = "PV_drivers_detected",
        /// True while the guest agent is reporting.
        live: bool = "live",
        /// Other guest agent data.
        other: StringMap = "other",
    }
}

record! {
    /// A virtual network (a bridge on each host) that VIFs and PIFs connect to.
    pub struct Network ("network") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// Name shown to users.
        name_label: String = "name_label",
        /// Free-text description.
        name_description: String = "name_description",
        /// The VM interfaces on this network (`VIFs`).
        vifs: Vec<Ref<Vif>> = "VIFs",
        /// The host interfaces that carry this network (`PIFs`).
        pifs: Vec<Ref<Pif>> = "PIFs",
        /// The network's MTU in bytes (`MTU`, 1500 by default).
        mtu: i64 = "MTU",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
        /// The bridge's name on each host, e.g. `xenbr0`.
        bridge: String = "bridge",
        /// Absent on old hosts, where every network is managed.
        managed: Option<bool> = "managed",
        /// User tags.
        tags: Vec<String> = "tags",
    }
}

record! {
    /// A physical (or bond/VLAN) network interface of a host.
    pub struct Pif ("PIF") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// The interface's device name, e.g. `eth0` or `bond0`.
        device: String = "device",
        /// The network this interface carries.
        network: Ref<Network> = "network",
        /// The host the interface belongs to.
        host: Ref<Host> = "host",
        /// The interface's MAC address (`MAC`).
        mac: String = "MAC",
        /// The interface's MTU in bytes (`MTU`), as read from the device.
        mtu: i64 = "MTU",
        /// The VLAN tag; -1 when untagged (`VLAN`).
        vlan: i64 = "VLAN",
        /// True for a real network card (not a bond or VLAN).
        physical: bool = "physical",
        /// True while the interface is plugged (up).
        currently_attached: bool = "currently_attached",
        /// True for the host's management interface.
        management: bool = "management",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
        /// Device properties such as `gro` (`PIF.set_property`).
        properties: StringMap = "properties",
        /// `None`, `DHCP` or `Static` (`PIF.reconfigure_ip`).
        ip_configuration_mode: String = "ip_configuration_mode",
        /// The IPv4 address (`IP`), when configured.
        ip: String = "IP",
        /// The IPv4 netmask.
        netmask: String = "netmask",
        /// The IPv4 gateway.
        gateway: String = "gateway",
        /// DNS servers, comma-separated (`DNS`).
        dns: String = "DNS",
        /// The bond this interface is a member of; null if none.
        bond_slave_of: Ref<Bond> = "bond_slave_of",
        /// The bonds this PIF is the master of (at most one).
        bond_master_of: Vec<Ref<Bond>> = "bond_master_of",
        /// The VLAN this PIF stands for, as its untagged PIF (`VLAN_master_of`); null if none.
        vlan_master_of: Ref<Vlan> = "VLAN_master_of",
        /// The VLANs running on top of this PIF, as their tagged PIF (`VLAN_slave_of`).
        vlan_slave_of: Vec<Ref<Vlan>> = "VLAN_slave_of",
        /// The link's carrier, speed and device names.
        metrics: Ref<PifMetrics> = "metrics",
        /// Absent on old hosts, where every PIF is managed.
        managed: Option<bool> = "managed",
    }
}

record! {
    /// A PIF's link state and device names.
    pub struct PifMetrics ("PIF_metrics") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// True when the link is up.
        carrier: bool = "carrier",
        /// Link speed in Mbit/s.
        speed: i64 = "speed",
        /// True for full duplex.
        duplex: bool = "duplex",
        /// The network card's vendor.
        vendor_name: String = "vendor_name",
        /// The network card's model.
        device_name: String = "device_name",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
    }
}

record! {
    /// A virtual network interface of a VM.
    pub struct Vif ("VIF") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// The interface's position in the VM: `0`, `1`, ...
        device: String = "device",
        /// The network the interface connects to.
        network: Ref<Network> = "network",
        /// The VM the interface belongs to (`VM`).
        vm: Ref<Vm> = "VM",
        /// The interface's MAC address (`MAC`).
        mac: String = "MAC",
        /// The MTU recorded at creation (`MTU`); xapi plugs with `other_config:mtu` or the
        /// network's.
        mtu: i64 = "MTU",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
        /// True while the interface is plugged into the running VM.
        currently_attached: bool = "currently_attached",
        /// `network_default`, `locked`, `unlocked` or `disabled`.
        locking_mode: String = "locking_mode",
    }
}

record! {
    /// A bond: several PIFs of a host acting as one.
    pub struct Bond ("Bond") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// The bond's own PIF (`bond0`, ...).
        master: Ref<Pif> = "master",
        /// The member PIFs.
        slaves: Vec<Ref<Pif>> = "slaves",
        /// `balance-slb`, `active-backup` or `lacp`.
        mode: String = "mode",
        /// The mode's settings (LACP's `hashing_algorithm`).
        properties: StringMap = "properties",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
    }
}

record! {
    /// A VLAN: traffic tagged on one PIF, presented untagged as another PIF.
    pub struct Vlan ("VLAN") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// The PIF the VLAN runs on (`tagged_PIF`).
        tagged_pif: Ref<Pif> = "tagged_PIF",
        /// The VLAN's own PIF (`untagged_PIF`).
        untagged_pif: Ref<Pif> = "untagged_PIF",
        /// The VLAN ID.
        tag: i64 = "tag",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
    }
}

record! {
    /// A long-running operation (an `Async.` call, an import or export) and its outcome.
    pub struct Task ("task") {
        /// The object's UUID.
        uuid: String = "uuid",
        /// Name shown to users.
        name_label: String = "name_label",
        /// Free-text description.
        name_description: String = "name_description",
        /// Pending, success, failure, cancelling or cancelled.
        status: TaskStatus = "status",
        /// Estimated fraction done, 0.0 to 1.0 (`status` says whether it is finished).
        progress: f64 = "progress",
        /// When the task started (an xapi datetime).
        created: String = "created",
        /// When the task ended (an xapi datetime); meaningless while pending.
        finished: String = "finished",
        /// The result on success, as an XML-RPC `<value>` string even over JSON-RPC.
        result: String = "result",
        /// The `[CODE, params...]` error description on failure.
        error_info: Vec<String> = "error_info",
        /// `cancel` while the task may be cancelled.
        allowed_operations: Vec<String> = "allowed_operations",
        /// `cancel` (keyed by the `task.cancel` call's own task) once a cancel was asked
        /// for: xapi leaves `status` pending until the operation stops.
        current_operations: StringMap = "current_operations",
        /// The host the task runs on.
        resident_on: Ref<Host> = "resident_on",
        /// The task this one is part of, if any.
        subtask_of: Ref<Task> = "subtask_of",
        /// Free-form key/value settings, for tools and clients.
        other_config: StringMap = "other_config",
    }
}

/// Security: certificates and virtual TPMs (after `wire_enum!`, which it uses).
mod security;
pub use security::*;
mod updates;
pub use updates::*;
