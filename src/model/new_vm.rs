//! The New VM wizard's model: its steps, what each step validates, and the plan Finish runs,
//! as XenCenter's CreateVMAction does it:
//! 1. `VM.clone` the template (a task);
//! 2. set vCPUs (max and at startup, in the order that keeps max ≥ startup) and memory;
//! 3. the boot mode: `HVM_boot_params:firmware` bios/uefi, `platform:secureboot` (single
//!    keys, the rest of both maps as the template has them), a vTPM if asked;
//! 4. `other_config:disks` (one system disk of the size and SR chosen), `VM.provision` (a task);
//! 5. a CD drive (`VBD.create`, empty) with the install ISO inserted (`VBD.insert`);
//! 6. one `VIF.create` per network;
//! 7. `VM.start` (a task), if asked.
//!
//! The `xe` equivalent uses a shell variable for the new VM (`VM=$(xe vm-clone …)`).
//!
//! Boot modes follow the template as XenCenter does ([`super::boot_modes`]).

use super::boot_modes;
pub use super::boot_modes::BootMode;
use super::details::format_bytes;
pub use super::new_vm_plan::plan;
use xenapi::{Cache, Network, Ref, Sr, Vdi, Vm};

/// The wizard's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WizardStep {
    Template,
    Name,
    Hardware,
    Boot,
    Storage,
    Networking,
    Finish,
}

impl WizardStep {
    pub const ALL: [WizardStep; 7] = [
        WizardStep::Template,
        WizardStep::Name,
        WizardStep::Hardware,
        WizardStep::Boot,
        WizardStep::Storage,
        WizardStep::Networking,
        WizardStep::Finish,
    ];

    pub fn label_id(self) -> &'static str {
        match self {
            WizardStep::Template => "wiz-step-template",
            WizardStep::Name => "wiz-step-name",
            WizardStep::Hardware => "wiz-step-hardware",
            WizardStep::Boot => "wiz-step-boot",
            WizardStep::Storage => "wiz-step-storage",
            WizardStep::Networking => "wiz-step-networking",
            WizardStep::Finish => "wiz-step-finish",
        }
    }

    pub fn index(self) -> usize {
        WizardStep::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// What the user chose so far.
#[derive(Debug, Clone, PartialEq)]
pub struct NewVm {
    pub template: Option<Ref<Vm>>,
    pub name: String,
    pub description: String,
    pub vcpus: i64,
    pub memory_mib: i64,
    pub boot: BootMode,
    /// Add a vTPM (`VTPM.create`): only where [`boot_modes::vtpm`] lets the user choose.
    pub vtpm: bool,
    pub iso: Option<Ref<Vdi>>,
    pub disk_gib: i64,
    pub sr: Option<Ref<Sr>>,
    pub networks: Vec<Ref<Network>>,
    pub start: bool,
}

impl Default for NewVm {
    fn default() -> Self {
        NewVm {
            template: None,
            name: String::new(),
            description: String::new(),
            vcpus: 1,
            memory_mib: 1024,
            boot: BootMode::Bios,
            vtpm: false,
            iso: None,
            disk_gib: 20,
            sr: None,
            networks: Vec::new(),
            start: true,
        }
    }
}

/// What is wrong with a step's input.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    NoTemplate,
    NoName,
    /// vCPUs outside 1..=max.
    Vcpus {
        max: i64,
    },
    /// Memory below the template's minimum, or above the largest host's.
    MemoryLow {
        min_mib: i64,
    },
    MemoryHigh {
        max_mib: i64,
    },
    /// The boot mode is not offered for this template.
    BootMode,
    NoSr,
    /// Disk size outside 1 GiB..=the SR's free space.
    DiskSize,
    DiskTooBig {
        free: String,
    },
    TooManyNics,
    /// The install CD has no free position 0–3 (the template's drives take them).
    NoCdSlot,
}

/// Most vCPUs and NICs the wizard allows (xapi's limits for a guest).
pub const MAX_VCPUS: i64 = 64;
pub const MAX_NICS: usize = 7;

pub(super) const MIB: i64 = 1024 * 1024;
pub(super) const GIB: i64 = 1024 * MIB;

/// The templates offered: every template that is not a snapshot, by name.
pub fn templates(cache: &Cache) -> Vec<(Ref<Vm>, String)> {
    let mut v: Vec<(Ref<Vm>, String)> = cache
        .vms
        .iter()
        .filter(|(_, v)| v.is_a_template && !v.is_a_snapshot)
        .map(|(r, v)| (r.clone(), super::names::visible(&v.name_label)))
        .collect();
    v.sort_by(|a, b| super::natural::compare(&a.1, &b.1));
    v
}

/// The install ISOs: disks of ISO SRs, by name.
pub fn isos(cache: &Cache) -> Vec<(Ref<Vdi>, String)> {
    let mut v: Vec<(Ref<Vdi>, String)> = cache
        .vdis
        .iter()
        .filter(|(_, d)| {
            cache
                .srs
                .get(&d.sr)
                .is_some_and(|s| s.content_type == "iso" || s.sr_type == "iso")
        })
        .map(|(r, d)| (r.clone(), super::names::visible(&d.name_label)))
        .collect();
    v.sort_by(|a, b| super::natural::compare(&a.1, &b.1));
    v
}

/// The SRs a disk can go to, with their free space: not ISO libraries or the tools SR.
pub fn disk_srs(cache: &Cache) -> Vec<(Ref<Sr>, i64)> {
    let mut v: Vec<(Ref<Sr>, i64)> = cache
        .srs
        .iter()
        .filter(|(_, s)| s.content_type != "iso" && s.sr_type != "iso" && !s.is_tools_sr)
        .filter(|(_, s)| s.physical_size > 0)
        .map(|(r, s)| (r.clone(), (s.physical_size - s.physical_utilisation).max(0)))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.as_str().cmp(b.0.as_str())));
    v
}

/// The boot modes that may be chosen for `template` in this pool ([`boot_modes::options`]
/// says why the others may not).
pub fn boot_modes(cache: &Cache, template: Option<&Ref<Vm>>) -> Vec<BootMode> {
    boot_modes::choosable(cache, template)
}

/// Fills the defaults a template brings (its vCPUs and memory), keeping the name.
pub fn apply_template(cache: &Cache, vm: &mut NewVm, template: &Ref<Vm>) {
    vm.template = Some(template.clone());
    if let Some(t) = cache.vms.get(template) {
        vm.vcpus = t.vcpus_at_startup.clamp(1, MAX_VCPUS);
        if t.memory_static_max > 0 {
            vm.memory_mib = t.memory_static_max / MIB;
        }
        // The size of the template's own disk, in whole GiB.
        if let Some(size) = super::new_vm_plan::template_disk_size(t).filter(|s| *s > 0) {
            vm.disk_gib = (size + GIB - 1) / GIB;
        }
    }
    // The template's own boot mode, as XenCenter's BootModesControl picks it.
    vm.boot = boot_modes::default_mode(cache, Some(template));
    vm.vtpm = false;
}

/// The largest memory of any host, in MiB (0 when unknown).
fn largest_host_mib(cache: &Cache) -> i64 {
    cache
        .hosts
        .values()
        .filter_map(|h| cache.host_metrics.get(&h.metrics))
        .map(|m| m.memory_total / MIB)
        .max()
        .unwrap_or(0)
}

/// The problems of `step`'s input (empty: the step may be left).
pub fn check(cache: &Cache, vm: &NewVm, step: WizardStep) -> Vec<Problem> {
    let mut out = Vec::new();
    match step {
        WizardStep::Template => {
            if vm
                .template
                .as_ref()
                .is_none_or(|t| !cache.vms.contains_key(t))
            {
                out.push(Problem::NoTemplate);
            }
        }
        WizardStep::Name => {
            if vm.name.trim().is_empty() {
                out.push(Problem::NoName);
            }
        }
        WizardStep::Hardware => {
            if !(1..=MAX_VCPUS).contains(&vm.vcpus) {
                out.push(Problem::Vcpus { max: MAX_VCPUS });
            }
            let min = vm
                .template
                .as_ref()
                .and_then(|t| cache.vms.get(t))
                .map(|t| (t.memory_static_min / MIB).max(64))
                .unwrap_or(64);
            let max = largest_host_mib(cache);
            if vm.memory_mib < min {
                out.push(Problem::MemoryLow { min_mib: min });
            } else if max > 0 && vm.memory_mib > max {
                out.push(Problem::MemoryHigh { max_mib: max });
            }
        }
        WizardStep::Boot => {
            let template = vm.template.as_ref().and_then(|t| cache.vms.get(t));
            if vm.iso.is_some()
                && template.is_some_and(|t| super::new_vm_plan::cd_position(cache, t).is_none())
            {
                out.push(Problem::NoCdSlot);
            }
            if !boot_modes(cache, vm.template.as_ref()).contains(&vm.boot)
                || (vm.vtpm && !boot_modes::vtpm(cache, vm.template.as_ref(), vm.boot).enabled)
            {
                out.push(Problem::BootMode);
            }
        }
        WizardStep::Storage => match vm.sr.as_ref().and_then(|s| cache.srs.get(s)) {
            None => out.push(Problem::NoSr),
            Some(sr) => {
                let free = (sr.physical_size - sr.physical_utilisation).max(0);
                if vm.disk_gib < 1 {
                    out.push(Problem::DiskSize);
                } else if vm.disk_gib.saturating_mul(GIB) > free {
                    out.push(Problem::DiskTooBig {
                        free: format_bytes(free),
                    });
                }
            }
        },
        WizardStep::Networking => {
            if vm.networks.len() > MAX_NICS {
                out.push(Problem::TooManyNics);
            }
        }
        WizardStep::Finish => {
            for s in &WizardStep::ALL[..6] {
                out.extend(check(cache, vm, *s));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::vm_plans::Arg;

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    fn filled(c: &Cache) -> NewVm {
        let mut vm = NewVm::default();
        let (t, _) = templates(c).into_iter().next().expect("a template");
        apply_template(c, &mut vm, &t);
        vm.name = "new-web".into();
        vm.sr = disk_srs(c).first().map(|(r, _)| r.clone());
        vm.disk_gib = 8;
        vm.iso = isos(c).first().map(|(r, _)| r.clone());
        vm.networks = c.networks.keys().take(1).cloned().collect();
        vm
    }

    #[test]
    fn each_step_says_what_is_missing() {
        let c = demo();
        let mut vm = NewVm::default();
        assert_eq!(check(&c, &vm, WizardStep::Template), [Problem::NoTemplate]);
        assert_eq!(check(&c, &vm, WizardStep::Name), [Problem::NoName]);
        vm = filled(&c);
        assert!(
            check(&c, &vm, WizardStep::Finish).is_empty(),
            "{:?}",
            check(&c, &vm, WizardStep::Finish)
        );
        vm.vcpus = 0;
        assert_eq!(
            check(&c, &vm, WizardStep::Hardware),
            [Problem::Vcpus { max: MAX_VCPUS }]
        );
        vm.vcpus = 2;
        vm.memory_mib = 1 << 30;
        assert!(matches!(
            check(&c, &vm, WizardStep::Hardware)[..],
            [Problem::MemoryHigh { .. }]
        ));
        vm.disk_gib = 1 << 40;
        assert!(matches!(
            check(&c, &vm, WizardStep::Storage)[..],
            [Problem::DiskTooBig { .. }]
        ));
        assert!(plan(&c, &vm).is_none(), "no plan while a step is wrong");
    }

    #[test]
    fn the_plan_clones_provisions_inserts_the_cd_adds_nics_and_starts() {
        let c = demo();
        let vm = filled(&c);
        let p = plan(&c, &vm).expect("a plan");
        let methods: Vec<&str> = p.steps.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(methods[0], "VM.clone");
        let pos = |m: &str| methods.iter().position(|x| *x == m).unwrap_or(usize::MAX);
        assert!(pos("VM.set_memory_limits") < pos("VM.provision"));
        assert!(pos("VM.provision") < pos("VBD.create"));
        assert!(pos("VBD.create") < pos("VBD.insert"));
        assert!(pos("VIF.create") < pos("VM.start"));
        assert_eq!(methods.last(), Some(&"VM.start"));
        // The CD is inserted into the drive just created.
        let insert = &p.steps[pos("VBD.insert")];
        assert_eq!(insert.args[0], Arg::Result(pos("VBD.create")));
        assert!(p.xe[0].starts_with("VM=$(xe vm-clone uuid="));
        assert!(p.xe.iter().any(|l| l == "xe vm-provision uuid=$VM"));
    }
}
