//! The VM Properties dialog's model: the fields it edits ([`Props`], read from a VM record),
//! their checks as xapi makes them ([`Props::problems`]), and what applying them sends
//! ([`plan`]: only the fields changed, in the order xapi needs, with a shutdown and a start
//! around the changes a running VM cannot take).
//!
//! xapi's rules (`xapi_vm.ml`, `xapi_vm_helpers.ml`, `vm_memory_constraints.ml`,
//! `vm_platform.ml`, `xapi_vm_lifecycle.ml`):
//! - `0 < VCPUs_at_startup ≤ VCPUs_max` (`INVALID_VALUE`); `VCPUs_max` only while halted
//!   (`changing_VCPUs`); a running VM changes its vCPUs with `set_VCPUs_number_live`
//!   (`changing_VCPUs_live`: the guest must offer vCPU hot-plug).
//! - `platform:cores-per-socket` must divide `VCPUs_max` (checked at start:
//!   `VCPU_MAX_NOT_CORES_PER_SOCKET_MULTIPLE`); at most 16 sockets (Xen's limit, XenCenter's
//!   `VM.ValidVCPUConfiguration`).
//! - `static_min ≤ dynamic_min ≤ dynamic_max ≤ static_max`
//!   (`MEMORY_CONSTRAINT_VIOLATION_ORDER`); pinned at `static_max` with nested
//!   virtualisation (`…_MAXPIN`); `set_memory_limits` only while halted, the dynamic range
//!   (`set_memory_dynamic_range`) also while running.
//! - A vTPM (`VTPM.create`/`destroy`, `xapi_vtpm.ml`): one per VM, created only while
//!   halted; a BIOS VM with one is refused at start ("Booting BIOS VM with VTPMs attached"),
//!   so the dialog asks for UEFI as XenCenter's `VtpmCommand` does.
//! - `order` and `start_delay` are non-negative; `ha_restart_priority` is `restart`,
//!   `best-effort` or empty.

pub mod plan;

pub use plan::{Change, PropsPlan, conflicts, plan};

use xenapi::records::{PowerState, StringMap};

use xenapi::{Cache, Host, Ref, Vm};

/// Xen's limit on sockets (XenCenter's `VM.MAX_SOCKETS`, CA-198276).
pub const MAX_SOCKETS: i64 = 16;
/// `platform` key of the vCPU topology.
pub const CORES_PER_SOCKET: &str = "cores-per-socket";
/// `other_config` key of auto power-on (XenCenter's `VM.GetAutoPowerOn`).
pub const AUTO_POWERON: &str = "auto_poweron";
/// xapi's restart priorities (`Constants.ha_valid_restart_priorities`).
pub const HA_PRIORITIES: [&str; 3] = ["restart", "best-effort", ""];

/// A VM's memory limits, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Memory {
    pub static_min: i64,
    pub static_max: i64,
    pub dynamic_min: i64,
    pub dynamic_max: i64,
}

impl Memory {
    /// One fixed size: everything but `static_min` pinned at it (`VM.set_memory`), with
    /// `static_min` lowered when it was above.
    pub fn fixed(&self, size: i64) -> Memory {
        Memory {
            static_min: self.static_min.min(size),
            static_max: size,
            dynamic_min: size,
            dynamic_max: size,
        }
    }

    /// Whether the guest runs at one size (no ballooning).
    pub fn is_fixed(&self) -> bool {
        self.dynamic_min == self.dynamic_max && self.dynamic_max == self.static_max
    }

    fn ordered(&self) -> bool {
        0 < self.static_min
            && self.static_min <= self.dynamic_min
            && self.dynamic_min <= self.dynamic_max
            && self.dynamic_max <= self.static_max
    }
}

/// The fields the dialog edits, as the VM holds them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Props {
    pub name: String,
    pub description: String,
    pub tags: Vec<String>,
    pub vcpus_max: i64,
    pub vcpus_at_startup: i64,
    pub memory: Memory,
    /// `HVM_boot_params` (boot order, firmware).
    pub boot_params: StringMap,
    /// The home server; null for none.
    pub affinity: Ref<Host>,
    pub order: i64,
    pub start_delay: i64,
    pub ha_restart_priority: String,
    /// `platform` (vCPU topology and the Advanced page's keys).
    pub platform: StringMap,
    /// `other_config` (auto power-on and the Advanced page's keys).
    pub other_config: StringMap,
    /// The VM has a vTPM (xapi allows one).
    pub vtpm: bool,
}

/// What the VM is, for the checks and the plan.
#[derive(Debug, Clone, PartialEq)]
pub struct VmFacts {
    pub uuid: String,
    pub power: PowerState,
    /// HVM (a boot order applies); PV guests boot from their bootloader.
    pub hvm: bool,
    /// xapi lists `changing_VCPUs_live` (a running guest that hot-plugs vCPUs).
    pub live_vcpus: bool,
    /// xapi lists `changing_dynamic_range`.
    pub live_memory: bool,
    /// xapi lists `clean_shutdown` (a guest that can shut itself down); otherwise a restart
    /// plan shuts it down hard, as XenCenter's `ChangeMemorySettingsAction` does.
    pub clean_shutdown: bool,
    /// vCPUs the running domain has now.
    pub vcpus_now: i64,
}

impl VmFacts {
    pub fn of(cache: &Cache, vm: &Vm) -> VmFacts {
        let allowed = |op: &str| vm.allowed_operations.iter().any(|o| o == op);
        VmFacts {
            uuid: vm.uuid.clone(),
            power: vm.power_state.clone(),
            hvm: !vm.hvm_boot_policy.is_empty(),
            live_vcpus: allowed("changing_VCPUs_live"),
            live_memory: allowed("changing_dynamic_range"),
            clean_shutdown: allowed("clean_shutdown"),
            vcpus_now: cache
                .vm_metrics
                .get(&vm.metrics)
                .map_or(vm.vcpus_at_startup, |m| m.vcpus_number),
        }
    }
}

/// A field the dialog refuses, before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    NameEmpty,
    /// `0 < VCPUs_at_startup ≤ VCPUs_max` fails.
    Vcpus,
    /// Cores per socket does not divide `VCPUs_max` (xapi refuses the start).
    CoresNotDivisor {
        vcpus: i64,
        cores: i64,
    },
    /// More than [`MAX_SOCKETS`] sockets.
    TooManySockets {
        sockets: i64,
    },
    /// `static_min ≤ dynamic_min ≤ dynamic_max ≤ static_max` fails.
    MemoryOrder,
    /// Nested virtualisation pins memory at `static_max`.
    MemoryPinned,
    /// A vTPM on a VM that boots BIOS (xapi refuses its start).
    VtpmNeedsUefi,
    Order,
    StartDelay,
    HaPriority,
}

impl Props {
    pub fn of(vm: &Vm) -> Props {
        Props {
            name: vm.name_label.clone(),
            description: vm.name_description.clone(),
            tags: vm.tags.clone(),
            vcpus_max: vm.vcpus_max,
            vcpus_at_startup: vm.vcpus_at_startup,
            memory: Memory {
                static_min: vm.memory_static_min,
                static_max: vm.memory_static_max,
                dynamic_min: vm.memory_dynamic_min,
                dynamic_max: vm.memory_dynamic_max,
            },
            boot_params: vm.hvm_boot_params.clone(),
            affinity: vm.affinity.clone(),
            order: vm.order,
            start_delay: vm.start_delay,
            ha_restart_priority: vm.ha_restart_priority.clone(),
            platform: vm.platform.clone(),
            other_config: vm.other_config.clone(),
            vtpm: !vm.vtpms.is_empty(),
        }
    }

    /// The VM boots UEFI (`HVM_boot_params:firmware`).
    pub fn uefi(&self) -> bool {
        self.boot_params
            .get("firmware")
            .is_some_and(|f| f == "uefi")
    }

    /// The maximum vCPUs changed from `prev`: the vCPUs at start-up follow as XenCenter's CPU
    /// page has them follow (`CPUMemoryEditPage`): never above the maximum, and equal to it
    /// when they were equal before.
    pub fn vcpus_max_changed(&mut self, prev: i64) {
        if self.vcpus_at_startup > self.vcpus_max
            || (self.vcpus_at_startup == prev && self.vcpus_max != prev)
        {
            self.vcpus_at_startup = self.vcpus_max;
        }
    }

    /// Cores per socket (1 when the key is absent or unreadable).
    pub fn cores_per_socket(&self) -> i64 {
        self.platform
            .get(CORES_PER_SOCKET)
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(1)
    }

    pub fn set_cores_per_socket(&mut self, cores: i64) {
        if cores <= 1 && !self.platform.contains_key(CORES_PER_SOCKET) {
            return;
        }
        self.platform
            .insert(CORES_PER_SOCKET.into(), cores.to_string());
    }

    pub fn boot_order(&self) -> &str {
        self.boot_params.get("order").map_or("", String::as_str)
    }

    pub fn auto_poweron(&self) -> bool {
        self.other_config
            .get(AUTO_POWERON)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }

    pub fn set_auto_poweron(&mut self, on: bool) {
        if on {
            self.other_config.insert(AUTO_POWERON.into(), "true".into());
        } else {
            self.other_config.remove(AUTO_POWERON);
        }
    }

    /// Nested virtualisation is on (memory must stay pinned at `static_max`).
    pub fn nested_virt(&self) -> bool {
        self.platform
            .get("nested-virt")
            .is_some_and(|v| v == "true" || v == "1")
    }

    /// Everything xapi would refuse (or refuse at the next start), and XenCenter's limits,
    /// in the fields changed since `was` (a VM already out of line in a field the user leaves
    /// alone can still be renamed).
    pub fn problems(&self, was: &Props) -> Vec<Problem> {
        let changed = |c: Change| c.differs(self, was);
        let mut out = Vec::new();
        if changed(Change::Name) && self.name.trim().is_empty() {
            out.push(Problem::NameEmpty);
        }
        let cpu = changed(Change::Vcpus) || changed(Change::Topology);
        if cpu && (self.vcpus_at_startup < 1 || self.vcpus_at_startup > self.vcpus_max) {
            out.push(Problem::Vcpus);
        }
        let cores = self.cores_per_socket();
        if cpu {
            if self.vcpus_max >= 1 && (cores < 1 || self.vcpus_max % cores != 0) {
                out.push(Problem::CoresNotDivisor {
                    vcpus: self.vcpus_max,
                    cores,
                });
            } else if cores >= 1 && self.vcpus_max / cores > MAX_SOCKETS {
                out.push(Problem::TooManySockets {
                    sockets: self.vcpus_max / cores,
                });
            }
        }
        if changed(Change::Memory) {
            if !self.memory.ordered() {
                out.push(Problem::MemoryOrder);
            } else if self.nested_virt()
                && !(self.memory.dynamic_min == self.memory.static_max
                    && self.memory.dynamic_max == self.memory.static_max)
            {
                out.push(Problem::MemoryPinned);
            }
        }
        if (changed(Change::Vtpm) || changed(Change::Firmware)) && self.vtpm && !self.uefi() {
            out.push(Problem::VtpmNeedsUefi);
        }
        if changed(Change::Order) && self.order < 0 {
            out.push(Problem::Order);
        }
        if changed(Change::StartDelay) && self.start_delay < 0 {
            out.push(Problem::StartDelay);
        }
        if changed(Change::HaPriority)
            && !HA_PRIORITIES.contains(&self.ha_restart_priority.as_str())
        {
            out.push(Problem::HaPriority);
        }
        out
    }
}

/// The fields that make sense for several VMs at once (XenCenter's multi-select pages):
/// tags, home server, auto power-on, start order and delay, HA restart priority.
pub const SHARED: [Change; 6] = [
    Change::Tags,
    Change::Affinity,
    Change::AutoPowerOn,
    Change::Order,
    Change::StartDelay,
    Change::HaPriority,
];

/// The props of one VM of several picked, after the dialog's changes (`was` → `now`, the
/// first VM's props with the tags all of them share) to the [`SHARED`] fields: the same
/// value for each, tags added and removed rather than replaced.
pub fn onto(was: &Props, now: &Props, own: &Props) -> Props {
    let mut out = own.clone();
    for c in SHARED.into_iter().filter(|c| c.differs(was, now)) {
        match c {
            Change::Tags => {
                out.tags
                    .retain(|t| !was.tags.contains(t) || now.tags.contains(t));
                for t in &now.tags {
                    if !out.tags.contains(t) {
                        out.tags.push(t.clone());
                    }
                }
            }
            Change::Affinity => out.affinity = now.affinity.clone(),
            Change::AutoPowerOn => out.set_auto_poweron(now.auto_poweron()),
            Change::Order => out.order = now.order,
            Change::StartDelay => out.start_delay = now.start_delay,
            Change::HaPriority => out.ha_restart_priority = now.ha_restart_priority.clone(),
            _ => {}
        }
    }
    out
}

/// The tags every one of `props` has, in the first one's order.
pub fn common_tags(props: &[Props]) -> Vec<String> {
    let Some((first, rest)) = props.split_first() else {
        return Vec::new();
    };
    first
        .tags
        .iter()
        .filter(|t| rest.iter().all(|p| p.tags.contains(t)))
        .cloned()
        .collect()
}

/// The topologies to offer for `vcpus`: the cores per socket that divide it with at most
/// [`MAX_SOCKETS`] sockets (XenCenter's `CPUTopologyComboBox`), as (sockets, cores).
pub fn topologies(vcpus: i64) -> Vec<(i64, i64)> {
    (1..=vcpus.max(1))
        .filter(|c| vcpus % c == 0 && vcpus / c <= MAX_SOCKETS)
        .map(|c| (vcpus / c, c))
        .collect()
}

/// Whether the VM would fit on each host: the host's free memory (plus what this VM holds
/// there now, when it runs there) against the dynamic maximum it would start with.
pub fn fits(cache: &Cache, vm: &Ref<Vm>, memory: &Memory) -> Vec<(Ref<Host>, i64, bool)> {
    let v = cache.vms.get(vm);
    let mut out: Vec<(Ref<Host>, i64, bool)> = cache
        .hosts
        .iter()
        .map(|(h, host)| {
            let mut free = cache
                .host_metrics
                .get(&host.metrics)
                .map_or(0, |m| m.memory_free);
            if let Some(v) = v.filter(|v| &v.resident_on == h) {
                free += v.memory_dynamic_max;
            }
            (h.clone(), free, memory.dynamic_max <= free)
        })
        .collect();
    out.sort_by(|a, b| {
        let name = |h: &Ref<Host>| cache.hosts.get(h).map(|x| x.name_label.clone());
        name(&a.0).cmp(&name(&b.0))
    });
    out
}

#[cfg(test)]
mod tests;
