//! The navigation tree as flat rows (depth + object), ready for a virtualised list.
//!
//! Infrastructure view: pool > hosts (natural order) > the VMs running on each; VMs that run
//! nowhere sit under the pool. Templates, snapshots and control domains are not listed.

use super::natural;
use crate::xenapi::records::PowerState;
use crate::xenapi::{Cache, Host, Pool, Ref, Vm};

#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Pool(Ref<Pool>),
    Host(Ref<Host>),
    Vm(Ref<Vm>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub depth: usize,
    pub node: Node,
    pub label: String,
    pub power: Option<PowerState>,
}

fn is_real_vm(vm: &Vm) -> bool {
    !vm.is_a_template && !vm.is_control_domain && !vm.is_a_snapshot
}

fn sorted_vms(cache: &Cache, filter: impl Fn(&Vm) -> bool) -> Vec<(&Ref<Vm>, &Vm)> {
    let mut v: Vec<_> = cache
        .vms
        .iter()
        .filter(|(_, vm)| is_real_vm(vm) && filter(vm))
        .collect();
    v.sort_by(|a, b| natural::compare(&a.1.name_label, &b.1.name_label).then(a.0.cmp(b.0)));
    v
}

/// Builds the rows; `filter` is a case-insensitive substring of VM names ("" keeps all).
pub fn build(cache: &Cache, filter: &str) -> Vec<Row> {
    let needle = filter.trim().to_lowercase();
    let keep = |vm: &Vm| needle.is_empty() || vm.name_label.to_lowercase().contains(&needle);
    let mut rows = Vec::new();
    let Some((pool_ref, pool)) = cache.pool() else {
        return rows;
    };
    let mut hosts: Vec<_> = cache.hosts.iter().collect();
    hosts.sort_by(|a, b| natural::compare(&a.1.name_label, &b.1.name_label));
    let pool_label = if pool.name_label.is_empty() {
        hosts
            .first()
            .map(|h| h.1.name_label.clone())
            .unwrap_or_default()
    } else {
        pool.name_label.clone()
    };
    rows.push(Row {
        depth: 0,
        node: Node::Pool(pool_ref.clone()),
        label: pool_label,
        power: None,
    });
    for (host_ref, host) in hosts {
        rows.push(Row {
            depth: 1,
            node: Node::Host(host_ref.clone()),
            label: host.name_label.clone(),
            power: None,
        });
        for (r, vm) in sorted_vms(cache, |vm| vm.resident_on == *host_ref && keep(vm)) {
            rows.push(Row {
                depth: 2,
                node: Node::Vm(r.clone()),
                label: vm.name_label.clone(),
                power: Some(vm.power_state.clone()),
            });
        }
    }
    for (r, vm) in sorted_vms(cache, |vm| {
        (vm.resident_on.is_null() || !cache.hosts.contains_key(&vm.resident_on)) && keep(vm)
    }) {
        rows.push(Row {
            depth: 1,
            node: Node::Vm(r.clone()),
            label: vm.name_label.clone(),
            power: Some(vm.power_state.clone()),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vm(name: &str, on: &str, state: PowerState) -> Vm {
        Vm {
            name_label: name.into(),
            resident_on: Ref::new(on),
            power_state: state,
            ..Vm::default()
        }
    }

    #[test]
    fn running_vms_sit_under_their_host_and_halted_ones_under_the_pool() {
        let mut c = Cache::default();
        c.pools.insert(
            Ref::new("p"),
            Pool {
                name_label: "Pool".into(),
                ..Pool::default()
            },
        );
        c.hosts.insert(
            Ref::new("h"),
            Host {
                name_label: "h1".into(),
                ..Host::default()
            },
        );
        c.vms
            .insert(Ref::new("v10"), vm("vm10", "h", PowerState::Running));
        c.vms
            .insert(Ref::new("v2"), vm("vm2", "h", PowerState::Running));
        c.vms.insert(
            Ref::new("off"),
            vm("off", "OpaqueRef:NULL", PowerState::Halted),
        );
        let mut t = vm("tmpl", "OpaqueRef:NULL", PowerState::Halted);
        t.is_a_template = true;
        c.vms.insert(Ref::new("t"), t);
        let rows = build(&c, "");
        let labels: Vec<_> = rows.iter().map(|r| (r.depth, r.label.as_str())).collect();
        assert_eq!(
            labels,
            [(0, "Pool"), (1, "h1"), (2, "vm2"), (2, "vm10"), (1, "off")]
        );
        let filtered = build(&c, "VM1");
        assert!(filtered.iter().any(|r| r.label == "vm10"));
        assert!(!filtered.iter().any(|r| r.label == "vm2"));
    }
}
