//! The repository actions' entries (Rescan, Repair, Detach, Forget, Destroy, Set as
//! default, Properties): what each runs. Their plans are [`crate::model::sr_plans`]'s;
//! whether xapi allows them now is checked in [`super::avail`] (`Scope::Sr`).

use super::{Action, Confirm, Def, ObjectJob, Role, Run, Scope, Targets, When};
use crate::model::sr_plans::{self, SrOp};
use crate::model::tree::Node;
use crate::model::vm_plans::Plan;
use xenapi::{Cache, Ref, Sr};

/// A repository action: one SR; pool operator's role (SR.forget/destroy, PBD.plug/unplug
/// and the pool's SR fields are `_R_POOL_OP` in xapi).
pub const fn sr(
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
        scope: Scope::Sr,
        when: When::One,
        operation: None,
        writes: true,
        role: Role::PoolOperator,
        permission: Some(permission),
        opens_window: false,
        confirm: Confirm::Never,
        run,
    }
}

/// What xapi must allow for `action` (Properties: nothing).
pub fn op_of(action: Action) -> Option<SrOp> {
    Some(match action {
        Action::RescanSr => SrOp::Rescan,
        Action::RepairSr => SrOp::Repair,
        Action::DetachSr => SrOp::Detach,
        Action::ForgetSr => SrOp::Forget,
        Action::DestroySr => SrOp::Destroy,
        Action::SetDefaultSr => SrOp::SetDefault,
        // A disk goes on a repository of disks that is attached somewhere.
        Action::AddDiskToSr => SrOp::AddDisk,
        Action::ReattachSr => SrOp::Reattach,
        _ => return None,
    })
}

/// The repository among the targets.
pub fn sr_of(t: &Targets) -> Option<Ref<Sr>> {
    t.nodes.iter().find_map(|n| match n {
        Node::Sr(r) => Some(r.clone()),
        _ => None,
    })
}

fn one(t: &Targets, plan: impl FnOnce(&Ref<Sr>) -> Plan) -> Vec<ObjectJob> {
    sr_of(t)
        .map(|sr| ObjectJob {
            plan: plan(&sr),
            owner: Node::Sr(sr),
            name: None,
        })
        .into_iter()
        .collect()
}

pub fn rescan(c: &Cache, t: &Targets) -> Vec<ObjectJob> {
    one(t, |sr| sr_plans::rescan(c, sr))
}

/// One job per server, named by it: the batch's notice says which failed and why.
pub fn repair(c: &Cache, t: &Targets) -> Vec<ObjectJob> {
    let Some(sr) = sr_of(t) else {
        return Vec::new();
    };
    sr_plans::repair(c, &sr)
        .into_iter()
        .map(|(host, plan)| ObjectJob {
            owner: Node::Sr(sr.clone()),
            name: Some(host),
            plan,
        })
        .collect()
}

pub fn detach(c: &Cache, t: &Targets) -> Vec<ObjectJob> {
    one(t, |sr| sr_plans::detach(c, sr))
}

pub fn forget(c: &Cache, t: &Targets) -> Vec<ObjectJob> {
    one(t, |sr| sr_plans::forget(c, sr))
}

pub fn destroy(c: &Cache, t: &Targets) -> Vec<ObjectJob> {
    one(t, |sr| sr_plans::destroy(c, sr))
}

pub fn set_default(c: &Cache, t: &Targets) -> Vec<ObjectJob> {
    one(t, |sr| sr_plans::set_default(c, sr))
}
