//! Following `snapshot_of` from a snapshot to the VM it was taken of.
//!
//! The field comes from a server or a dump we do not control: a snapshot may name itself, two
//! may name each other, or a chain may be very long. The walk is a loop with a visited set,
//! so none of these can hang or exhaust the stack.

use std::collections::HashSet;
use xenapi::{Cache, Ref, Vm};

/// The VM a snapshot was (ultimately) taken of: `snapshot_of` followed through snapshots of
/// snapshots to the first VM that is not a snapshot. `vm` itself when it is not a snapshot;
/// `None` when the chain ends at a missing VM or comes back on itself.
pub fn origin<'a>(cache: &'a Cache, vm: &'a Vm) -> Option<&'a Vm> {
    let mut seen: HashSet<&Ref<Vm>> = HashSet::new();
    let mut cur = vm;
    while cur.is_a_snapshot {
        if !seen.insert(&cur.snapshot_of) {
            return None; // a cycle
        }
        cur = cache.vms.get(&cur.snapshot_of)?;
    }
    Some(cur)
}
