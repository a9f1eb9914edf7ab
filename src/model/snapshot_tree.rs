//! A VM's snapshot tree, as XenCenter's Snapshots tab draws it: each snapshot under the one
//! it was taken from (`parent`), siblings oldest first, and "Now" (the VM itself) under the
//! snapshot it was last taken as or reverted to. Snapshots whose parent is unknown (older
//! hosts, or a parent deleted) start their own branch at the root.
//!
//! The fields come from a server we do not control: a parent cycle cannot hang the walk
//! (each snapshot is placed once).

use super::details::vm::format_time;
use std::collections::{HashMap, HashSet};
use xenapi::{Cache, Ref, Vm};

/// One line of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// A snapshot, or `None` for "Now".
    pub snapshot: Option<Ref<Vm>>,
    /// Nesting depth (0 at the root).
    pub depth: usize,
}

/// The tree of `vm`'s snapshots, flattened depth first.
pub fn lines(cache: &Cache, vm_ref: &Ref<Vm>) -> Vec<Line> {
    let Some(vm) = cache.vms.get(vm_ref) else {
        return Vec::new();
    };
    let snaps: Vec<&Ref<Vm>> = vm
        .snapshots
        .iter()
        .filter(|s| cache.vms.get(*s).is_some_and(|v| v.is_a_snapshot))
        .collect();
    let members: HashSet<&Ref<Vm>> = snaps.iter().copied().collect();
    // Children by parent; `None` is the root.
    let mut children: HashMap<Option<&Ref<Vm>>, Vec<Option<&Ref<Vm>>>> = HashMap::new();
    for s in &snaps {
        let parent = cache.vms.get(*s).map(|v| &v.parent);
        let key = parent.filter(|p| members.contains(p) && *p != *s);
        children.entry(key).or_default().push(Some(*s));
    }
    let now_parent = Some(&vm.parent).filter(|p| members.contains(p));
    children.entry(now_parent).or_default().push(None);
    let time = |s: &Option<&Ref<Vm>>| match s {
        Some(r) => cache
            .vms
            .get(*r)
            .and_then(|v| format_time(&v.snapshot_time))
            .unwrap_or_default(),
        None => "\u{10FFFF}".to_string(), // "Now" after its siblings
    };
    for v in children.values_mut() {
        v.sort_by(|a, b| {
            time(a)
                .cmp(&time(b))
                .then_with(|| a.map(|r| r.as_str()).cmp(&b.map(|r| r.as_str())))
        });
    }
    let mut out = Vec::new();
    let mut placed: HashSet<Option<&Ref<Vm>>> = HashSet::new();
    let mut stack: Vec<(Option<&Ref<Vm>>, usize)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|c| (*c, 0)).collect())
        .unwrap_or_default();
    // Snapshots in a parent cycle are reachable from no root: start them at the root too.
    let mut orphans: Vec<&Ref<Vm>> = snaps.clone();
    loop {
        while let Some((node, depth)) = stack.pop() {
            if !placed.insert(node) {
                continue;
            }
            out.push(Line {
                snapshot: node.cloned(),
                depth,
            });
            if node.is_some()
                && let Some(kids) = children.get(&node)
            {
                stack.extend(kids.iter().rev().map(|c| (*c, depth + 1)));
            }
        }
        match orphans.pop() {
            Some(o) if !placed.contains(&Some(o)) => stack.push((Some(o), 0)),
            Some(_) => continue,
            None => break,
        }
    }
    if !placed.contains(&None) {
        out.push(Line {
            snapshot: None,
            depth: 0,
        });
    }
    out
}

/// Whether a snapshot holds the VM's memory too (a checkpoint, taken of a running VM).
pub fn with_memory(snap: &Vm) -> bool {
    snap.power_state == xenapi::records::PowerState::Suspended
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(parent: &str, time: &str) -> Vm {
        Vm {
            is_a_snapshot: true,
            parent: Ref::new(parent),
            snapshot_time: time.into(),
            ..Vm::default()
        }
    }

    fn shape(lines: &[Line]) -> Vec<(String, usize)> {
        lines
            .iter()
            .map(|l| {
                let name = l
                    .snapshot
                    .as_ref()
                    .map_or("now", |r| r.as_str())
                    .to_string();
                (name, l.depth)
            })
            .collect()
    }

    #[test]
    fn snapshots_nest_under_their_parent_and_now_under_the_last_one() {
        let mut c = Cache::default();
        c.vms.insert(Ref::new("a"), snap("", "20261101T10:00:00Z"));
        c.vms.insert(Ref::new("b"), snap("a", "20261102T10:00:00Z"));
        c.vms.insert(Ref::new("c"), snap("a", "20261103T10:00:00Z"));
        let vm = Vm {
            snapshots: vec![Ref::new("a"), Ref::new("b"), Ref::new("c")],
            parent: Ref::new("b"),
            ..Vm::default()
        };
        c.vms.insert(Ref::new("vm"), vm);
        let got = shape(&lines(&c, &Ref::new("vm")));
        let want: Vec<(String, usize)> = [("a", 0), ("b", 1), ("now", 2), ("c", 1)]
            .iter()
            .map(|(n, d)| (n.to_string(), *d))
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_parent_cycle_still_lists_every_snapshot_once() {
        let mut c = Cache::default();
        c.vms.insert(Ref::new("a"), snap("b", "20261101T10:00:00Z"));
        c.vms.insert(Ref::new("b"), snap("a", "20261102T10:00:00Z"));
        let vm = Vm {
            snapshots: vec![Ref::new("a"), Ref::new("b")],
            ..Vm::default()
        };
        c.vms.insert(Ref::new("vm"), vm);
        let got = lines(&c, &Ref::new("vm"));
        assert_eq!(got.len(), 3);
        assert_eq!(got.iter().filter(|l| l.snapshot.is_none()).count(), 1);
    }
}
