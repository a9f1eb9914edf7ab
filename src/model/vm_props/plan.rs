//! What applying the Properties dialog sends: only the fields changed, in xapi's order
//! (`VCPUs_max` before `VCPUs_at_startup` when raising, after when lowering;
//! `set_memory_limits` as one call; map fields key by key), the live calls a running VM
//! takes (`set_VCPUs_number_live`, `set_memory_dynamic_range`), or, for changes it cannot
//! take, a clean shutdown, the changes and a start again, as one plan; with its `xe`
//! equivalent. And the conflict rule: a field another client changed since the dialog
//! opened is refused, never overwritten.

use super::{Props, VmFacts};
use crate::model::edit::{ConflictRule, EditPlan, KeyChange, diff};
use crate::model::vm_plans::{Arg, Plan, Step, quote};
use serde_json::{Value, json};
use xenapi::records::{PowerState, StringMap};
use xenapi::{Cache, Ref, Vm};

/// A field (or group of fields) the dialog changes, named as the datamodel names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    Name,
    Description,
    Tags,
    /// `VCPUs_max` and `VCPUs_at_startup`.
    Vcpus,
    /// `platform:cores-per-socket`.
    Topology,
    /// The four memory limits.
    Memory,
    /// `HVM_boot_params:order`.
    BootOrder,
    /// `HVM_boot_params:firmware` and `platform:secureboot` (the boot mode).
    Firmware,
    /// The VM's vTPM, added or removed (after the boot mode, which it needs).
    Vtpm,
    Affinity,
    /// `other_config:auto_poweron`.
    AutoPowerOn,
    Order,
    StartDelay,
    HaPriority,
    /// Other `platform` keys.
    Platform,
    /// Other `other_config` keys.
    OtherConfig,
}

impl Change {
    pub const ALL: [Change; 16] = [
        Change::Name,
        Change::Description,
        Change::Tags,
        Change::Vcpus,
        Change::Topology,
        Change::Memory,
        Change::BootOrder,
        Change::Firmware,
        Change::Vtpm,
        Change::Affinity,
        Change::AutoPowerOn,
        Change::Order,
        Change::StartDelay,
        Change::HaPriority,
        Change::Platform,
        Change::OtherConfig,
    ];

    /// The field's datamodel name, as messages show it.
    pub fn field(self) -> &'static str {
        match self {
            Change::Name => "name_label",
            Change::Description => "name_description",
            Change::Tags => "tags",
            Change::Vcpus => "VCPUs_max/VCPUs_at_startup",
            Change::Topology => "platform:cores-per-socket",
            Change::Memory => "memory",
            Change::BootOrder => "HVM_boot_params:order",
            Change::Firmware => "HVM_boot_params:firmware",
            Change::Vtpm => "VTPMs",
            Change::Affinity => "affinity",
            Change::AutoPowerOn => "other_config:auto_poweron",
            Change::Order => "order",
            Change::StartDelay => "start_delay",
            Change::HaPriority => "ha_restart_priority",
            Change::Platform => "platform",
            Change::OtherConfig => "other_config",
        }
    }

    /// Whether `a` and `b` differ in this field.
    pub fn differs(self, a: &Props, b: &Props) -> bool {
        match self {
            Change::Name => a.name != b.name,
            Change::Description => a.description != b.description,
            Change::Tags => sorted(&a.tags) != sorted(&b.tags),
            Change::Vcpus => a.vcpus_max != b.vcpus_max || a.vcpus_at_startup != b.vcpus_at_startup,
            Change::Topology => {
                a.platform.get(super::CORES_PER_SOCKET) != b.platform.get(super::CORES_PER_SOCKET)
            }
            Change::Memory => a.memory != b.memory,
            Change::BootOrder => a.boot_params.get("order") != b.boot_params.get("order"),
            Change::Firmware => {
                a.boot_params.get("firmware") != b.boot_params.get("firmware")
                    || a.platform.get(SECUREBOOT) != b.platform.get(SECUREBOOT)
            }
            Change::Vtpm => a.vtpm != b.vtpm,
            Change::Affinity => a.affinity != b.affinity,
            Change::AutoPowerOn => {
                a.other_config.get(super::AUTO_POWERON) != b.other_config.get(super::AUTO_POWERON)
            }
            Change::Order => a.order != b.order,
            Change::StartDelay => a.start_delay != b.start_delay,
            Change::HaPriority => a.ha_restart_priority != b.ha_restart_priority,
            Change::Platform => {
                without(&without(&a.platform, super::CORES_PER_SOCKET), SECUREBOOT)
                    != without(&without(&b.platform, super::CORES_PER_SOCKET), SECUREBOOT)
            }
            Change::OtherConfig => {
                without(&a.other_config, super::AUTO_POWERON)
                    != without(&b.other_config, super::AUTO_POWERON)
            }
        }
    }
}

fn sorted(v: &[String]) -> Vec<&String> {
    let mut s: Vec<&String> = v.iter().collect();
    s.sort();
    s.dedup();
    s
}

/// The platform key of Secure Boot: part of the boot mode, not of the Advanced page.
const SECUREBOOT: &str = "secureboot";

fn without(m: &StringMap, key: &str) -> StringMap {
    let mut m = m.clone();
    m.remove(key);
    m
}

/// The dialog's changes as one plan.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PropsPlan {
    /// The fields changed.
    pub changes: Vec<Change>,
    /// The changes a running VM cannot take now (they need it halted).
    pub need_halt: Vec<Change>,
    /// The plan shuts the VM down first and starts it again at the end (its last step,
    /// which the runner takes even when a change between fails, as XenCenter does).
    pub restart: bool,
    /// Changes need the VM halted, and it is suspended or paused: nothing can be planned.
    pub blocked: bool,
    /// The calls, in order, and their `xe` equivalent.
    pub plan: Plan,
}

impl PropsPlan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The plan turning `was` (what the dialog opened with) into `now` on `vm`. `restart`: the
/// user accepts a shutdown and a start again for changes a running VM cannot take.
pub fn plan(cache: &Cache, vm: &Ref<Vm>, facts: &VmFacts, was: &Props, now: &Props) -> PropsPlan {
    let changes: Vec<Change> = Change::ALL
        .into_iter()
        .filter(|c| c.differs(was, now))
        .collect();
    let running = facts.power == PowerState::Running;
    let live = |c: Change| match c {
        Change::Vcpus => {
            now.vcpus_max == was.vcpus_max
                && facts.live_vcpus
                && now.vcpus_at_startup >= facts.vcpus_now
        }
        // The boot mode is read when the domain is built; a vTPM comes and goes halted.
        Change::Topology | Change::Firmware | Change::Vtpm => false,
        Change::Memory => {
            now.memory.static_min == was.memory.static_min
                && now.memory.static_max == was.memory.static_max
                && facts.live_memory
        }
        _ => true,
    };
    let need_halt: Vec<Change> = if facts.power == PowerState::Halted {
        Vec::new()
    } else {
        changes.iter().copied().filter(|c| !live(*c)).collect()
    };
    let blocked = !need_halt.is_empty() && !running;
    let restart = running && !need_halt.is_empty();
    let mut out = PropsPlan {
        changes: changes.clone(),
        need_halt,
        restart,
        blocked,
        plan: Plan::default(),
    };
    if blocked || changes.is_empty() {
        return out;
    }
    let b = Builder {
        cache,
        vm: vm.as_str(),
        uuid: &facts.uuid,
    };
    let mut p = Plan::default();
    if restart {
        if facts.clean_shutdown {
            p.steps.push(Step::task("VM.clean_shutdown", vec![b.r()]));
            p.xe.push(format!("xe vm-shutdown uuid={}", b.uuid));
        } else {
            p.steps.push(Step::task("VM.hard_shutdown", vec![b.r()]));
            p.xe.push(format!("xe vm-shutdown uuid={} --force", b.uuid));
        }
    }
    // From here the VM is halted (or takes the change running).
    let halted = restart || facts.power == PowerState::Halted;
    for c in &changes {
        b.steps(&mut p, *c, was, now, halted);
    }
    if restart {
        p.steps.push(Step::task(
            "VM.start",
            vec![b.r(), Arg::Value(json!(false)), Arg::Value(json!(false))],
        ));
        p.xe.push(format!("xe vm-start uuid={}", b.uuid));
    }
    out.plan = p;
    out
}

struct Builder<'a> {
    cache: &'a Cache,
    vm: &'a str,
    uuid: &'a str,
}

impl Builder<'_> {
    fn r(&self) -> Arg {
        Arg::Value(Value::String(self.vm.into()))
    }

    fn call(&self, p: &mut Plan, method: &str, args: Vec<Value>) {
        let mut a = vec![self.r()];
        a.extend(args.into_iter().map(Arg::Value));
        p.steps.push(Step::call(method, a));
    }

    fn set(&self, p: &mut Plan, method: &str, value: Value, xe: String) {
        self.call(p, method, vec![value]);
        p.xe.push(format!("xe vm-param-set uuid={} {xe}", self.uuid));
    }

    /// Per-key calls of a map field, only for the keys `keep` says this change owns.
    fn map(
        &self,
        p: &mut Plan,
        field: &'static str,
        was: &StringMap,
        now: &StringMap,
        keep: impl Fn(&str) -> bool,
    ) {
        let changes: Vec<KeyChange> = diff(was, now)
            .into_iter()
            .filter(|c| keep(c.key()))
            .collect();
        let e = EditPlan {
            class: "VM",
            object_ref: self.vm.into(),
            uuid: self.uuid.into(),
            field,
            original: was.clone(),
            changes,
            rule: ConflictRule::ChangedKeys,
            live_xenstore: false,
        };
        for (method, args) in e.wire_calls() {
            p.steps.push(Step::call(
                &method,
                args.into_iter().map(Arg::Value).collect(),
            ));
        }
        p.xe.extend(e.xe_commands());
    }

    fn steps(&self, p: &mut Plan, c: Change, was: &Props, now: &Props, halted: bool) {
        let u = self.uuid;
        match c {
            Change::Name => self.set(
                p,
                "VM.set_name_label",
                json!(now.name),
                format!("name-label={}", quote(&now.name)),
            ),
            Change::Description => self.set(
                p,
                "VM.set_name_description",
                json!(now.description),
                format!("name-description={}", quote(&now.description)),
            ),
            Change::Tags => {
                for t in sorted(&was.tags) {
                    if !now.tags.contains(t) {
                        self.call(p, "VM.remove_tags", vec![json!(t)]);
                        p.xe.push(format!(
                            "xe vm-param-remove uuid={u} param-name=tags param-key={}",
                            quote(t)
                        ));
                    }
                }
                for t in sorted(&now.tags) {
                    if !was.tags.contains(t) {
                        self.call(p, "VM.add_tags", vec![json!(t)]);
                        p.xe.push(format!(
                            "xe vm-param-add uuid={u} param-name=tags param-key={}",
                            quote(t)
                        ));
                    }
                }
            }
            Change::Vcpus if !halted => {
                // Running, vCPUs added live: xapi also sets VCPUs_at_startup.
                self.call(
                    p,
                    "VM.set_VCPUs_number_live",
                    vec![json!(now.vcpus_at_startup)],
                );
                p.xe.push(format!(
                    "xe vm-vcpu-hotplug uuid={u} new-vcpus={}",
                    now.vcpus_at_startup
                ));
            }
            Change::Vcpus => {
                let max = |p: &mut Plan| {
                    if now.vcpus_max != was.vcpus_max {
                        self.set(
                            p,
                            "VM.set_VCPUs_max",
                            json!(now.vcpus_max),
                            format!("VCPUs-max={}", now.vcpus_max),
                        );
                    }
                };
                let start = |p: &mut Plan| {
                    if now.vcpus_at_startup != was.vcpus_at_startup {
                        self.set(
                            p,
                            "VM.set_VCPUs_at_startup",
                            json!(now.vcpus_at_startup),
                            format!("VCPUs-at-startup={}", now.vcpus_at_startup),
                        );
                    }
                };
                // Each call must leave 0 < at_startup ≤ max.
                if now.vcpus_max >= was.vcpus_max {
                    max(p);
                    start(p);
                } else {
                    start(p);
                    max(p);
                }
            }
            Change::Memory => {
                let m = now.memory;
                if halted {
                    self.call(
                        p,
                        "VM.set_memory_limits",
                        vec![
                            json!(m.static_min),
                            json!(m.static_max),
                            json!(m.dynamic_min),
                            json!(m.dynamic_max),
                        ],
                    );
                    p.xe.push(format!(
                        "xe vm-memory-limits-set uuid={u} static-min={} static-max={} dynamic-min={} dynamic-max={}",
                        m.static_min, m.static_max, m.dynamic_min, m.dynamic_max
                    ));
                } else {
                    self.call(
                        p,
                        "VM.set_memory_dynamic_range",
                        vec![json!(m.dynamic_min), json!(m.dynamic_max)],
                    );
                    p.xe.push(format!(
                        "xe vm-memory-dynamic-range-set uuid={u} min={} max={}",
                        m.dynamic_min, m.dynamic_max
                    ));
                }
            }
            Change::Topology => self.map(p, "platform", &was.platform, &now.platform, |k| {
                k == super::CORES_PER_SOCKET
            }),
            Change::Platform => self.map(p, "platform", &was.platform, &now.platform, |k| {
                k != super::CORES_PER_SOCKET && k != SECUREBOOT
            }),
            // Single keys, as XenCenter changes them (the maps' other keys are kept).
            Change::Firmware => {
                self.map(
                    p,
                    "HVM_boot_params",
                    &was.boot_params,
                    &now.boot_params,
                    |k| k == "firmware",
                );
                self.map(p, "platform", &was.platform, &now.platform, |k| {
                    k == SECUREBOOT
                });
            }
            // As XenCenter's NewVtpmAction/RemoveVtpmAction: `is_unique` false.
            Change::Vtpm if now.vtpm => {
                self.call(p, "VTPM.create", vec![json!(false)]);
                p.xe.push(format!("xe vtpm-create vm-uuid={u}"));
            }
            Change::Vtpm => {
                let vtpms = self
                    .cache
                    .vms
                    .get(&Ref::<Vm>::new(self.vm))
                    .map(|v| v.vtpms.clone())
                    .unwrap_or_default();
                for r in vtpms {
                    p.steps
                        .push(Step::call("VTPM.destroy", vec![Arg::Value(json!(r))]));
                    let uuid = self
                        .cache
                        .vtpms
                        .get(&Ref::new(r.as_str()))
                        .map_or_else(|| quote(&r), |t| t.uuid.clone());
                    p.xe.push(format!("xe vtpm-destroy uuid={uuid}"));
                }
            }
            Change::BootOrder => self.map(
                p,
                "HVM_boot_params",
                &was.boot_params,
                &now.boot_params,
                |k| k == "order",
            ),
            Change::AutoPowerOn => self.map(
                p,
                "other_config",
                &was.other_config,
                &now.other_config,
                |k| k == super::AUTO_POWERON,
            ),
            Change::OtherConfig => self.map(
                p,
                "other_config",
                &was.other_config,
                &now.other_config,
                |k| k != super::AUTO_POWERON,
            ),
            Change::Affinity => {
                self.call(p, "VM.set_affinity", vec![json!(now.affinity.as_str())]);
                // xe names the host by UUID; none is `affinity=''`.
                let host = self
                    .cache
                    .hosts
                    .get(&now.affinity)
                    .map_or_else(|| quote(""), |h| h.uuid.clone());
                p.xe.push(format!("xe vm-param-set uuid={u} affinity={host}"));
            }
            Change::Order => self.set(
                p,
                "VM.set_order",
                json!(now.order),
                format!("order={}", now.order),
            ),
            Change::StartDelay => self.set(
                p,
                "VM.set_start_delay",
                json!(now.start_delay),
                format!("start-delay={}", now.start_delay),
            ),
            Change::HaPriority => {
                self.call(
                    p,
                    "VM.set_ha_restart_priority",
                    vec![json!(now.ha_restart_priority)],
                );
                p.xe.push(format!(
                    "xe vm-param-set uuid={u} ha-restart-priority={}",
                    quote(&now.ha_restart_priority)
                ));
            }
        }
    }
}

/// The fields the user changed that another client changed too since the dialog opened
/// (`fresh`: the VM as the cache holds it now). Map fields compare only the keys changed.
pub fn conflicts(was: &Props, now: &Props, fresh: &Props) -> Vec<Change> {
    Change::ALL
        .into_iter()
        .filter(|c| c.differs(was, now))
        .filter(|c| match c {
            Change::Platform => keys_moved(&was.platform, &now.platform, &fresh.platform),
            Change::OtherConfig => {
                keys_moved(&was.other_config, &now.other_config, &fresh.other_config)
            }
            _ => c.differs(was, fresh),
        })
        .collect()
}

fn keys_moved(was: &StringMap, now: &StringMap, fresh: &StringMap) -> bool {
    diff(was, now)
        .iter()
        .any(|c| was.get(c.key()) != fresh.get(c.key()))
}
