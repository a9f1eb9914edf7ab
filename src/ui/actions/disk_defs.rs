//! The disk actions' entries (New disk, Attach, Detach, Delete, Resize, Properties): what
//! each runs. Their plans are [`crate::model::disk_plans`]'s; whether xapi allows them now
//! is checked in [`super::avail`] (`Scope::Disk`).

use super::{Action, Confirm, Def, ObjectJob, Role, Run, Scope, Targets, When};
use crate::model::disk_plans;
use crate::model::tree::Node;
use crate::model::vm_plans::Plan;
use xenapi::{Cache, Ref, Vdi, Vm};

/// A disk action: one disk (and the VM whose tab shows it), VM Admin's role (VDI.create,
/// VBD.create/plug/unplug/destroy, VDI.resize and VDI.destroy are `_R_VM_ADMIN` in xapi).
pub const fn disk(
    action: Action,
    label: &'static str,
    tip: &'static str,
    permission: &'static str,
    run: Run,
) -> Def {
    Def {
        action,
        label,
        tip: Some(tip),
        shortcut: None,
        also: None,
        while_typing: false,
        or_else: None,
        scope: Scope::Disk,
        when: When::One,
        operation: None,
        writes: true,
        role: Role::VmAdmin,
        permission: Some(permission),
        opens_window: false,
        confirm: Confirm::Never,
        run,
    }
}

/// The disk among the targets, and the VM whose tab it was picked on.
pub fn disk_and_vm(t: &Targets) -> (Option<Ref<Vdi>>, Option<Ref<Vm>>) {
    let vdi = t.nodes.iter().find_map(|n| match n {
        Node::Vdi(r) => Some(r.clone()),
        _ => None,
    });
    let vm = t.nodes.iter().find_map(|n| match n {
        Node::Vm(r) => Some(r.clone()),
        _ => None,
    });
    (vdi, vm)
}

fn job(owner: Node, plan: Plan) -> Vec<ObjectJob> {
    vec![ObjectJob {
        owner,
        name: None,
        plan,
    }]
}

/// Detach: the VM's drives of the disk; credited to the VM.
pub fn detach(cache: &Cache, t: &Targets) -> Vec<ObjectJob> {
    let (Some(vdi), Some(vm)) = disk_and_vm(t) else {
        return Vec::new();
    };
    job(Node::Vm(vm.clone()), disk_plans::detach(cache, &vm, &vdi))
}

/// Delete: every drive of the disk, then the disk; credited to the disk's VM when picked on
/// its tab, else to the disk.
pub fn delete(cache: &Cache, t: &Targets) -> Vec<ObjectJob> {
    let (vdi, vm) = disk_and_vm(t);
    let Some(vdi) = vdi else {
        return Vec::new();
    };
    let owner = vm.map_or(Node::Vdi(vdi.clone()), Node::Vm);
    job(owner, disk_plans::delete(cache, &vdi))
}
