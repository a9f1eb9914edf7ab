//! Servers and the pool: what maintenance mode, reboot, shut down, power on, the toolstack,
//! a new coordinator and removing a server send (each a [`Plan`] with its `xe` lines), the
//! state a server row shows, and the evacuation preflight in words.
//!
//! Maintenance mode is XenCenter's (`EvacuateHostAction.cs`, `EnableHostAction.cs`,
//! `XenAPI-Extensions/Host.cs`): the keys below in the host's `other_config`, so XenCenter
//! and XenPilot show the same state; the lists of evacuated VMs are what Exit offers to
//! move back.

use super::vm_plans::{self, Arg, Plan, Step};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use xenapi::records::PowerState;
use xenapi::{Cache, Host, Ref, Vm};

pub use super::host_state::{HostState, epoch_key, in_maintenance, is_live, state};

/// XenCenter's mark of a server in maintenance mode (`"true"`).
pub const MAINTENANCE_MODE: &str = "MAINTENANCE_MODE";
/// The VMs evacuation moved elsewhere (running), comma-separated UUIDs.
pub const EVACUATED_MIGRATED: &str = "MAINTENANCE_MODE_EVACUATED_VMS_MIGRATED";
/// The VMs shut down to empty the server.
pub const EVACUATED_HALTED: &str = "MAINTENANCE_MODE_EVACUATED_VMS_HALTED";
/// The VMs suspended to empty the server.
pub const EVACUATED_SUSPENDED: &str = "MAINTENANCE_MODE_EVACUATED_VMS_SUSPENDED";
/// The time xapi started the host (seconds since the epoch, in `other_config`).
pub const BOOT_TIME: &str = "boot_time";
/// The time the toolstack last started (`other_config`).
pub const AGENT_START_TIME: &str = "agent_start_time";

fn r<T>(x: &Ref<T>) -> Arg {
    Arg::Value(Value::String(x.as_str().into()))
}

fn s(x: &str) -> Arg {
    Arg::Value(Value::String(x.into()))
}

fn host_uuid(cache: &Cache, host: &Ref<Host>) -> String {
    cache
        .hosts
        .get(host)
        .map(|h| h.uuid.clone())
        .unwrap_or_default()
}

/// Why a VM keeps a server from being emptied, from `host.get_vms_which_prevent_evacuation`
/// (xapi's `compute_evacuation_plan_no_wlb`).
#[derive(Debug, Clone, PartialEq)]
pub enum Blocker {
    /// A disk on storage only this server sees (`VM_REQUIRES_SR`, not an ISO SR).
    LocalStorage(String),
    /// A CD from an ISO library only this server sees (`VM_REQUIRES_SR` of an ISO SR).
    LocalCd(String),
    /// A network the other servers lack (`VM_REQUIRES_NETWORK`).
    Network(String),
    /// No other server has the memory (`HOST_NOT_ENOUGH_FREE_MEMORY`).
    NoRoom,
    /// It cannot migrate without its guest tools (`VM_MISSING_PV_DRIVERS`).
    NoPvDrivers,
    /// No other server takes VMs (`NO_HOSTS_AVAILABLE`).
    NoHosts,
    /// HA is on and the VM is not protected (`HOST_EVACUATE_VM_NOT_HA_PROTECTED`).
    NotHaProtected,
    /// Something else runs on it (`OTHER_OPERATION_IN_PROGRESS`).
    Busy,
    /// A passthrough device or vGPU ties it here.
    Device,
    /// Another reason: the code and its parameters, as sent.
    Other(Vec<String>),
}

impl Blocker {
    /// The reason in `reasons` (xapi's code then parameters, the VM first among them).
    pub fn of(cache: &Cache, reasons: &[String]) -> Blocker {
        let code = reasons.first().map(String::as_str).unwrap_or_default();
        let param = |i: usize| reasons.get(i).cloned().unwrap_or_default();
        match code {
            "VM_REQUIRES_SR" => {
                let sr = Ref::new(param(2));
                match cache.srs.get(&sr) {
                    Some(s) if s.content_type == "iso" => Blocker::LocalCd(s.name_label.clone()),
                    Some(s) => Blocker::LocalStorage(s.name_label.clone()),
                    None => Blocker::LocalStorage(param(2)),
                }
            }
            "VM_REQUIRES_NETWORK" => {
                let n = Ref::new(param(2));
                Blocker::Network(
                    cache
                        .networks
                        .get(&n)
                        .map_or_else(|| param(2), |n| n.name_label.clone()),
                )
            }
            "HOST_NOT_ENOUGH_FREE_MEMORY" => Blocker::NoRoom,
            "VM_MISSING_PV_DRIVERS" | "VM_LACKS_FEATURE" | "VM_LACKS_FEATURE_SUSPEND" => {
                Blocker::NoPvDrivers
            }
            "NO_HOSTS_AVAILABLE" => Blocker::NoHosts,
            "HOST_EVACUATE_VM_NOT_HA_PROTECTED" | "HA_NO_PLAN" => Blocker::NotHaProtected,
            "OTHER_OPERATION_IN_PROGRESS" => Blocker::Busy,
            "VM_HAS_PCI_ATTACHED"
            | "VM_REQUIRES_VGPU"
            | "VM_HAS_VGPU"
            | "VM_HAS_SRIOV_VIF"
            | "VM_REQUIRES_GPU" => Blocker::Device,
            _ => Blocker::Other(reasons.to_vec()),
        }
    }

    /// The Fluent id of the reason (`$what` names the SR or network).
    pub fn label_id(&self) -> &'static str {
        match self {
            Blocker::LocalStorage(_) => "evac-local-storage",
            Blocker::LocalCd(_) => "evac-local-cd",
            Blocker::Network(_) => "evac-network",
            Blocker::NoRoom => "evac-no-room",
            Blocker::NoPvDrivers => "evac-no-pv-drivers",
            Blocker::NoHosts => "evac-no-hosts",
            Blocker::NotHaProtected => "evac-not-ha-protected",
            Blocker::Busy => "evac-busy",
            Blocker::Device => "evac-device",
            Blocker::Other(_) => "evac-other",
        }
    }

    /// What the words name: the SR, the network, or the raw code.
    pub fn what(&self) -> String {
        match self {
            Blocker::LocalStorage(n) | Blocker::LocalCd(n) | Blocker::Network(n) => n.clone(),
            Blocker::Other(v) => v.join(" "),
            _ => String::new(),
        }
    }
}

/// What happens to one VM of the server being emptied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Choice {
    /// Evacuation moves it live to a server xapi picks.
    Migrate,
    Suspend,
    ShutDown,
}

impl Choice {
    pub fn label_id(self) -> &'static str {
        match self {
            Choice::Migrate => "evac-choice-migrate",
            Choice::Suspend => "evac-choice-suspend",
            Choice::ShutDown => "evac-choice-shutdown",
        }
    }
}

/// One VM on the server, as the preflight found it.
#[derive(Debug, Clone, PartialEq)]
pub struct VmRow {
    pub vm: Ref<Vm>,
    /// Why it cannot move (`None`: evacuation moves it).
    pub blocker: Option<Blocker>,
    /// What xapi allows for it now, the default first.
    pub choices: Vec<Choice>,
}

/// The guest VMs running on `host` (its control domain left out), by name.
pub fn resident_guests(cache: &Cache, host: &Ref<Host>) -> Vec<Ref<Vm>> {
    let Some(h) = cache.hosts.get(host) else {
        return Vec::new();
    };
    let mut vms: Vec<(String, Ref<Vm>)> = h
        .resident_vms
        .iter()
        .filter_map(|r| cache.vms.get(r).map(|v| (v, r)))
        .filter(|(v, _)| !v.is_control_domain && v.power_state != PowerState::Halted)
        .map(|(v, r)| (v.name_label.clone(), r.clone()))
        .collect();
    vms.sort_by(|a, b| super::natural::compare(&a.0, &b.0));
    vms.into_iter().map(|(_, r)| r).collect()
}

/// The preflight: every VM on `host` with what blocks it (from
/// `host.get_vms_which_prevent_evacuation`'s map, VM ref → code and parameters) and the
/// choices xapi allows (a blocked VM cannot migrate; suspend and shut down where its
/// `allowed_operations` list them).
pub fn preflight(
    cache: &Cache,
    host: &Ref<Host>,
    blocking: &BTreeMap<String, Vec<String>>,
) -> Vec<VmRow> {
    let mut vms = resident_guests(cache, host);
    // A VM xapi names that the cache does not show as resident still goes in the list.
    for k in blocking.keys() {
        let r = Ref::new(k.clone());
        if !vms.contains(&r) && cache.vms.contains_key(&r) {
            vms.push(r);
        }
    }
    vms.into_iter()
        .map(|vm| {
            let blocker = blocking.get(vm.as_str()).map(|why| Blocker::of(cache, why));
            let allowed = |op: &str| {
                cache
                    .vms
                    .get(&vm)
                    .is_some_and(|v| v.allowed_operations.iter().any(|o| o == op))
            };
            let mut choices = Vec::new();
            if blocker.is_none() {
                choices.push(Choice::Migrate);
            }
            if allowed("suspend") {
                choices.push(Choice::Suspend);
            }
            if allowed("clean_shutdown") || allowed("hard_shutdown") {
                choices.push(Choice::ShutDown);
            }
            VmRow {
                vm,
                blocker,
                choices,
            }
        })
        .collect()
}

/// Whether every VM has a way off the server (a blocked VM with no choice stops the plan).
pub fn unsolved(rows: &[VmRow], picked: &BTreeMap<Ref<Vm>, Choice>) -> Vec<Ref<Vm>> {
    rows.iter()
        .filter(|row| {
            let c = picked
                .get(&row.vm)
                .copied()
                .or(row.choices.first().copied());
            c.is_none_or(|c| !row.choices.contains(&c))
        })
        .map(|row| row.vm.clone())
        .collect()
}

/// What to do once the server is empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    Stay,
    Reboot,
    ShutDown,
}

fn uuids(cache: &Cache, vms: &[&Ref<Vm>]) -> Vec<String> {
    vms.iter()
        .filter_map(|r| cache.vms.get(*r).map(|v| v.uuid.clone()))
        .collect()
}

/// The UUIDs a list key of `host` holds now.
fn listed_uuids(cache: &Cache, host: &Ref<Host>, key: &str) -> Vec<String> {
    cache
        .hosts
        .get(host)
        .and_then(|h| h.other_config.get(key))
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// A key of the host's `other_config` set to `value`: removed first where it is there
/// (`add_to_other_config` refuses a key that exists, `MAP_DUPLICATE_KEY`).
fn set_key(cache: &Cache, host: &Ref<Host>, key: &str, value: &str, plan: &mut Plan) {
    let uuid = host_uuid(cache, host);
    let had = cache
        .hosts
        .get(host)
        .is_some_and(|h| h.other_config.contains_key(key));
    if had {
        plan.steps.push(Step::call(
            "host.remove_from_other_config",
            vec![r(host), s(key)],
        ));
    }
    plan.steps.push(Step::call(
        "host.add_to_other_config",
        vec![r(host), s(key), s(value)],
    ));
    plan.xe.push(format!(
        "xe host-param-set uuid={uuid} other-config:{key}={}",
        vm_plans::quote(value)
    ));
}

fn remove_key(cache: &Cache, host: &Ref<Host>, key: &str, plan: &mut Plan) {
    let uuid = host_uuid(cache, host);
    plan.steps.push(Step::call(
        "host.remove_from_other_config",
        vec![r(host), s(key)],
    ));
    plan.xe.push(format!(
        "xe host-param-remove uuid={uuid} param-name=other-config param-key={key}"
    ));
}

/// A call on the host alone, as a task, with its `xe` command.
fn host_task(cache: &Cache, host: &Ref<Host>, method: &str, xe: &str) -> Plan {
    Plan {
        steps: vec![Step::task(method, vec![r(host)])],
        xe: vec![format!("xe {xe} uuid={}", host_uuid(cache, host))],
        creates: None,
    }
}

/// Enter maintenance mode (then maybe reboot or shut down): the chosen VMs suspended or shut
/// down, the lists of evacuated VMs written (XenCenter's keys), the server disabled and
/// marked, then emptied with `host.evacuate`.
pub fn enter_maintenance(
    cache: &Cache,
    host: &Ref<Host>,
    rows: &[VmRow],
    picked: &BTreeMap<Ref<Vm>, Choice>,
    then: Then,
) -> Plan {
    let mut plan = Plan::default();
    let choice = |row: &VmRow| {
        picked
            .get(&row.vm)
            .copied()
            .or(row.choices.first().copied())
    };
    let (mut migrated, mut suspended, mut halted) = (Vec::new(), Vec::new(), Vec::new());
    let mut first = Vec::new();
    for row in rows {
        let vm = &row.vm;
        match choice(row) {
            Some(Choice::Suspend) => {
                suspended.push(vm);
                first.push(vm_plans::vm_op(cache, vm, "VM.suspend", "vm-suspend", ""));
            }
            Some(Choice::ShutDown) => {
                halted.push(vm);
                let clean = cache
                    .vms
                    .get(vm)
                    .is_some_and(|v| v.allowed_operations.iter().any(|o| o == "clean_shutdown"));
                first.push(if clean {
                    vm_plans::vm_op(cache, vm, "VM.clean_shutdown", "vm-shutdown", "")
                } else {
                    vm_plans::vm_op(cache, vm, "VM.hard_shutdown", "vm-shutdown", " --force")
                });
            }
            Some(Choice::Migrate) | None => migrated.push(vm),
        }
    }
    plan = vm_plans::all(std::iter::once(plan).chain(first));
    // A second try (after a failed evacuation) keeps what the first one listed.
    let now: Vec<String> = [&migrated, &halted, &suspended]
        .iter()
        .flat_map(|l| {
            l.iter()
                .filter_map(|r| cache.vms.get(*r).map(|v| v.uuid.clone()))
        })
        .collect();
    for (key, list) in [
        (EVACUATED_MIGRATED, &migrated),
        (EVACUATED_HALTED, &halted),
        (EVACUATED_SUSPENDED, &suspended),
    ] {
        let mut value: Vec<String> = listed_uuids(cache, host, key)
            .into_iter()
            .filter(|u| !now.contains(u))
            .collect();
        value.extend(uuids(cache, list));
        set_key(cache, host, key, &value.join(","), &mut plan);
    }
    if cache.hosts.get(host).is_some_and(|h| h.enabled) {
        plan = vm_plans::all([plan, host_task(cache, host, "host.disable", "host-disable")]);
    }
    set_key(cache, host, MAINTENANCE_MODE, "true", &mut plan);
    plan = vm_plans::all([
        plan,
        host_task(cache, host, "host.evacuate", "host-evacuate"),
    ]);
    match then {
        Then::Stay => plan,
        Then::Reboot => vm_plans::all([plan, reboot(cache, host)]),
        Then::ShutDown => vm_plans::all([plan, shutdown(cache, host)]),
    }
}

/// The VMs maintenance mode moved off `host` and can go back: those it migrated still
/// running (elsewhere), those it shut down still halted, those it suspended still suspended
/// (XenCenter's `GetMigratedEvacuatedVMs` and the two others).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MoveBack {
    pub migrated: Vec<Ref<Vm>>,
    pub halted: Vec<Ref<Vm>>,
    pub suspended: Vec<Ref<Vm>>,
}

impl MoveBack {
    pub fn is_empty(&self) -> bool {
        self.migrated.is_empty() && self.halted.is_empty() && self.suspended.is_empty()
    }

    pub fn len(&self) -> usize {
        self.migrated.len() + self.halted.len() + self.suspended.len()
    }
}

/// [`MoveBack`] of `host` from its keys.
pub fn move_back(cache: &Cache, host: &Ref<Host>) -> MoveBack {
    let Some(h) = cache.hosts.get(host) else {
        return MoveBack::default();
    };
    let listed = |key: &str, state: PowerState| -> Vec<Ref<Vm>> {
        let Some(list) = h.other_config.get(key) else {
            return Vec::new();
        };
        let mut out: Vec<Ref<Vm>> = Vec::new();
        for uuid in list.split(',').map(str::trim).filter(|u| !u.is_empty()) {
            if let Some((r, v)) = cache.vms.iter().find(|(_, v)| v.uuid == uuid)
                && v.power_state == state
                && !out.contains(r)
                // A migrated VM already back home needs nothing.
                && !(state == PowerState::Running && v.resident_on == *host)
            {
                out.push(r.clone());
            }
        }
        out
    };
    MoveBack {
        migrated: listed(EVACUATED_MIGRATED, PowerState::Running),
        halted: listed(EVACUATED_HALTED, PowerState::Halted),
        suspended: listed(EVACUATED_SUSPENDED, PowerState::Suspended),
    }
}

/// Exit maintenance mode: the mark removed, the server enabled, then (when `back`) the VMs
/// of [`move_back`] returned (migrated live, started, resumed on it), and the lists cleared.
pub fn exit_maintenance(cache: &Cache, host: &Ref<Host>, back: bool) -> Plan {
    let mut plan = Plan::default();
    let Some(h) = cache.hosts.get(host) else {
        return plan;
    };
    if h.other_config.contains_key(MAINTENANCE_MODE) {
        remove_key(cache, host, MAINTENANCE_MODE, &mut plan);
    }
    if !h.enabled {
        plan = vm_plans::all([plan, host_task(cache, host, "host.enable", "host-enable")]);
    }
    if back {
        let mb = move_back(cache, host);
        let moves = mb
            .migrated
            .iter()
            .map(|vm| vm_plans::migrate(cache, vm, host))
            .chain(
                mb.halted
                    .iter()
                    .map(|vm| vm_plans::start_on(cache, vm, host)),
            )
            .chain(mb.suspended.iter().map(|vm| resume_on(cache, vm, host)));
        plan = vm_plans::all(std::iter::once(plan).chain(moves));
    }
    for key in [EVACUATED_MIGRATED, EVACUATED_HALTED, EVACUATED_SUSPENDED] {
        if h.other_config.contains_key(key) {
            remove_key(cache, host, key, &mut plan);
        }
    }
    plan
}

/// Resumes a suspended VM on `host`.
pub fn resume_on(cache: &Cache, vm: &Ref<Vm>, host: &Ref<Host>) -> Plan {
    let uuid = cache
        .vms
        .get(vm)
        .map(|v| v.uuid.clone())
        .unwrap_or_default();
    Plan {
        steps: vec![Step::task(
            "VM.resume_on",
            vec![
                r(vm),
                r(host),
                Arg::Value(json!(false)),
                Arg::Value(json!(false)),
            ],
        )],
        xe: vec![format!(
            "xe vm-resume uuid={uuid} on={}",
            host_uuid(cache, host)
        )],
        creates: None,
    }
}

/// `host.reboot` (xapi refuses an enabled server: `HOST_NOT_DISABLED`).
pub fn reboot(cache: &Cache, host: &Ref<Host>) -> Plan {
    host_task(cache, host, "host.reboot", "host-reboot")
}

/// `host.shutdown` (disabled first, as reboot).
pub fn shutdown(cache: &Cache, host: &Ref<Host>) -> Plan {
    host_task(cache, host, "host.shutdown", "host-shutdown")
}

/// `host.power_on`, through the server's `power_on_mode`.
pub fn power_on(cache: &Cache, host: &Ref<Host>) -> Plan {
    host_task(cache, host, "host.power_on", "host-power-on")
}

/// `host.disable` alone (no maintenance mark).
pub fn disable(cache: &Cache, host: &Ref<Host>) -> Plan {
    host_task(cache, host, "host.disable", "host-disable")
}

/// `host.enable`.
pub fn enable(cache: &Cache, host: &Ref<Host>) -> Plan {
    host_task(cache, host, "host.enable", "host-enable")
}

/// `host.restart_agent`: the toolstack restarts a second after the call returns.
pub fn restart_agent(cache: &Cache, host: &Ref<Host>) -> Plan {
    let address = cache
        .hosts
        .get(host)
        .map(|h| h.address.clone())
        .unwrap_or_default();
    Plan {
        steps: vec![Step::task("host.restart_agent", vec![r(host)])],
        // No xe command: on the server itself.
        xe: vec![format!("ssh root@{address} xe-toolstack-restart")],
        creates: None,
    }
}

/// `pool.designate_new_master`: `host` becomes the coordinator.
pub fn designate_new_master(cache: &Cache, host: &Ref<Host>) -> Plan {
    Plan {
        steps: vec![Step::task("pool.designate_new_master", vec![r(host)])],
        xe: vec![format!(
            "xe pool-designate-new-master host-uuid={}",
            host_uuid(cache, host)
        )],
        creates: None,
    }
}

/// `pool.eject`: the server leaves the pool, its database reset and its local storage
/// erased, and reboots on its own.
pub fn eject(cache: &Cache, host: &Ref<Host>) -> Plan {
    Plan {
        steps: vec![Step::task("pool.eject", vec![r(host)])],
        xe: vec![format!(
            "xe pool-eject host-uuid={}",
            host_uuid(cache, host)
        )],
        creates: None,
    }
}

/// Whether `host` is the pool's coordinator.
pub fn is_coordinator(cache: &Cache, host: &Ref<Host>) -> bool {
    cache.pools.values().any(|p| p.master == *host)
}

#[cfg(test)]
#[path = "host_ops_tests.rs"]
mod tests;
