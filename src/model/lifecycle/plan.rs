//! The calls an action becomes. Long operations are marked `run_async` (the runner calls
//! `Async.<method>` and follows the task); a later call may take an earlier one's result
//! ([`Arg::ResultOf`]), as the New VM wizard's calls take the new VM.

use super::{Action, xe};
use crate::xenapi::{Cache, Ref, Vdi, Vm};
use serde_json::{Value, json};

/// One argument of a planned call.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A value known now.
    Value(Value),
    /// The result (a ref) of the plan's call at this index.
    ResultOf(usize),
}

impl From<Value> for Arg {
    fn from(v: Value) -> Self {
        Arg::Value(v)
    }
}

impl<T> From<&Ref<T>> for Arg {
    fn from(r: &Ref<T>) -> Self {
        Arg::Value(Value::String(r.as_str().to_string()))
    }
}

/// One call of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedCall {
    /// The method, without `Async.` (`VM.clone`).
    pub method: String,
    /// Its arguments after the session.
    pub args: Vec<Arg>,
    /// Run as a task (`Async.<method>`): long work, with progress and perhaps cancel.
    pub run_async: bool,
}

impl PlannedCall {
    /// A call.
    pub fn new(method: &str, args: Vec<Arg>, run_async: bool) -> PlannedCall {
        PlannedCall {
            method: method.to_string(),
            args,
            run_async,
        }
    }

    /// The arguments with earlier results filled in (`results[i]` is call `i`'s result);
    /// `None` when a needed result is missing.
    pub fn resolve(&self, results: &[Value]) -> Option<Vec<Value>> {
        self.args
            .iter()
            .map(|a| match a {
                Arg::Value(v) => Some(v.clone()),
                Arg::ResultOf(i) => results.get(*i).cloned(),
            })
            .collect()
    }
}

/// What an action becomes: its calls in order, and the `xe` lines that do the same.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The calls, in order; a failure stops the rest.
    pub calls: Vec<PlannedCall>,
    /// The equivalent `xe` command lines.
    pub xe: Vec<String>,
}

fn vm_call(method: &str, vm: &Ref<Vm>, more: Vec<Value>, run_async: bool) -> PlannedCall {
    let mut args: Vec<Arg> = vec![vm.into()];
    args.extend(more.into_iter().map(Arg::Value));
    PlannedCall::new(method, args, run_async)
}

/// The disk VDIs of `vm` (behind its non-CD VBDs).
pub fn disks_of(cache: &Cache, vm: &Ref<Vm>) -> Vec<Ref<Vdi>> {
    let Some(v) = cache.vms.get(vm) else {
        return Vec::new();
    };
    v.vbds
        .iter()
        .filter_map(|b| cache.vbds.get(b))
        .filter(|b| b.vbd_type != "CD" && !b.vdi.is_null())
        .map(|b| b.vdi.clone())
        .collect()
}

/// A disk offered in the Delete dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct DiskChoice {
    /// The disk.
    pub vdi: Ref<Vdi>,
    /// Other VMs (snapshots aside) that use it too.
    pub shared_with: Vec<Ref<Vm>>,
    /// Ticked at first: disks no other VM uses (as XenCenter's dialog).
    pub selected: bool,
}

/// The disks the Delete dialog offers for `vm`.
pub fn deletable_disks(cache: &Cache, vm: &Ref<Vm>) -> Vec<DiskChoice> {
    disks_of(cache, vm)
        .into_iter()
        .map(|vdi| {
            let shared_with: Vec<Ref<Vm>> = cache
                .vdis
                .get(&vdi)
                .map(|d| {
                    d.vbds
                        .iter()
                        .filter_map(|b| cache.vbds.get(b))
                        .map(|b| b.vm.clone())
                        .filter(|o| o != vm)
                        .collect()
                })
                .unwrap_or_default();
            DiskChoice {
                selected: shared_with.is_empty(),
                vdi,
                shared_with,
            }
        })
        .collect()
}

/// The plan of `action` on `vm` (for [`Action::NewVm`], `vm` is the template).
pub fn plan(cache: &Cache, vm: &Ref<Vm>, action: &Action) -> Plan {
    let no = || Vec::new();
    let f = || json!(false);
    let calls = match action {
        Action::Start => vec![vm_call("VM.start", vm, vec![f(), f()], true)],
        Action::StartOn(h) => vec![vm_call(
            "VM.start_on",
            vm,
            vec![h.as_str().into(), f(), f()],
            true,
        )],
        Action::Resume => vec![vm_call("VM.resume", vm, vec![f(), f()], true)],
        Action::ResumeOn(h) => vec![vm_call(
            "VM.resume_on",
            vm,
            vec![h.as_str().into(), f(), f()],
            true,
        )],
        Action::CleanShutdown => vec![vm_call("VM.clean_shutdown", vm, no(), true)],
        Action::HardShutdown => vec![vm_call("VM.hard_shutdown", vm, no(), true)],
        Action::CleanReboot => vec![vm_call("VM.clean_reboot", vm, no(), true)],
        Action::HardReboot => vec![vm_call("VM.hard_reboot", vm, no(), true)],
        Action::Suspend => vec![vm_call("VM.suspend", vm, no(), true)],
        Action::Pause => vec![vm_call("VM.pause", vm, no(), true)],
        Action::Unpause => vec![vm_call("VM.unpause", vm, no(), true)],
        Action::Snapshot { name } => vec![vm_call("VM.snapshot", vm, vec![json!(name)], true)],
        Action::Checkpoint { name } => vec![vm_call("VM.checkpoint", vm, vec![json!(name)], true)],
        Action::Revert => vec![vm_call("VM.revert", vm, no(), true)],
        Action::DeleteSnapshot => destroy_with(vm, &disks_of(cache, vm)),
        Action::Clone { name } => vec![vm_call("VM.clone", vm, vec![json!(name)], true)],
        Action::Copy { name, sr } => {
            vec![vm_call(
                "VM.copy",
                vm,
                vec![json!(name), sr.as_str().into()],
                true,
            )]
        }
        Action::Migrate(h) => vec![vm_call(
            "VM.pool_migrate",
            vm,
            vec![h.as_str().into(), json!({"live": "true"})],
            true,
        )],
        Action::Delete { disks, snapshots } => {
            let mut calls = Vec::new();
            // Snapshots first: their disks are children of the VM's.
            for s in snapshots {
                calls.extend(destroy_with(s, &disks_of(cache, s)));
            }
            calls.extend(destroy_with(vm, disks));
            calls
        }
        Action::NewVm(spec) => return super::new_vm::plan(cache, spec),
    };
    Plan {
        calls,
        xe: xe::commands(cache, vm, action),
    }
}

/// `VM.destroy`, then `VDI.destroy` of each disk.
fn destroy_with(vm: &Ref<Vm>, disks: &[Ref<Vdi>]) -> Vec<PlannedCall> {
    let mut calls = vec![vm_call("VM.destroy", vm, Vec::new(), true)];
    calls.extend(
        disks
            .iter()
            .map(|d| PlannedCall::new("VDI.destroy", vec![d.into()], true)),
    );
    calls
}
