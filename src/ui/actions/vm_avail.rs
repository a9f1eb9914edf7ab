//! Whether a VM (or snapshot) action applies to a selection, which may span pools.
//!
//! A power action (one plan per VM) runs each pool's VMs on that pool's connection, so it
//! counts the whole selection ("Shut down 2 VMs" for one VM in each of two pools) and every
//! pool involved must allow it. The actions that open one dialog or ask for one server work
//! in one pool: with VMs of several pools picked they are greyed, saying so, rather than
//! silently acting on the first pool's VMs only.

use super::avail::{Availability, Targets, WhyNot, applies, role_lacks};
use super::{Action, Run, Scope, When};
use crate::model::tree::Node;
use crate::model::vm_plans;
use crate::ui::windows::AppView;
use xenapi::{Ref, Vm};

/// Whether `action` (of the VM or snapshot scope) applies to `nodes`.
pub fn check(view: &AppView, action: Action, nodes: &[Node]) -> Availability {
    let def = action.def();
    let pools = view.pools;
    let snapshots = def.scope == Scope::Snapshot;
    // The picked VMs of the action's kind, grouped by pool (in the order first met).
    let mut groups: Vec<(usize, Vec<Ref<Vm>>)> = Vec::new();
    for n in nodes {
        let Node::Vm(r) = n else { continue };
        let Some(i) = pools.index_of_node(n) else {
            continue;
        };
        let fits = pools[i].cache.vms.get(r).is_some_and(|v| {
            if snapshots {
                v.is_a_snapshot
            } else {
                vm_plans::is_guest_vm(v)
            }
        });
        if !fits {
            continue;
        }
        match groups.iter_mut().find(|(g, _)| *g == i) {
            Some((_, vms)) => vms.push(r.clone()),
            None => groups.push((i, vec![r.clone()])),
        }
    }
    let count: usize = groups.iter().map(|(_, v)| v.len()).sum();
    if count == 0 || (def.when == When::One && count != 1) {
        return Availability::Hidden;
    }
    if groups.len() > 1 && !spans_pools(action) {
        return Availability::Disabled(WhyNot::Because("why-vms-one-pool"));
    }
    let mut to: Vec<Node> = Vec::new();
    let mut first_block = None;
    for (i, vms) in &groups {
        let p = &pools[*i];
        if def.writes && (!view.can_write_to(Some(p.id)) || role_lacks(p, action)) {
            return if p.is_live() && role_lacks(p, action) {
                Availability::Disabled(WhyNot::Role(def.role))
            } else {
                Availability::Disabled(WhyNot::ReadOnly(Some(p.id)))
            };
        }
        match def.operation {
            Some(op) => match applies(&p.cache, vms, op) {
                Ok(ok) => to.extend(ok.into_iter().map(Node::Vm)),
                Err(b) => {
                    first_block.get_or_insert(b);
                }
            },
            None => to.extend(vms.iter().cloned().map(Node::Vm)),
        }
    }
    if to.is_empty() {
        return Availability::Disabled(WhyNot::Blocked(
            first_block.unwrap_or(vm_plans::Blocked::NotAllowed),
        ));
    }
    if def.writes && to.iter().any(|n| view.busy.contains(n)) {
        return Availability::Disabled(WhyNot::Running);
    }
    Availability::Enabled(Targets {
        pool: to
            .first()
            .and_then(|n| pools.index_of_node(n))
            .map(|i| pools[i].id),
        nodes: to,
    })
}

/// Whether the action runs per VM, each on its own pool's connection (the power actions);
/// dialogs and "on this server" work in one pool.
pub fn spans_pools(action: Action) -> bool {
    matches!(action.def().run, Run::Plan(_))
}
