//! VM power actions on a selection: which VMs an action applies to (by power state, as xapi's
//! VM_BAD_POWER_STATE rules allow), and which actions ask for confirmation first (as
//! XenCenter does for anything that stops a guest).

use crate::edits::PowerOp;
use crate::xenapi::records::PowerState;
use crate::xenapi::{Cache, Ref, Vm};

/// Whether `op` is allowed on a VM in `state`.
pub fn allowed(state: &PowerState, op: PowerOp) -> bool {
    match op {
        PowerOp::Start => *state == PowerState::Halted,
        PowerOp::CleanShutdown | PowerOp::CleanReboot => *state == PowerState::Running,
        PowerOp::HardShutdown => *state != PowerState::Halted,
        PowerOp::HardReboot => matches!(state, PowerState::Running | PowerState::Paused),
        PowerOp::Suspend | PowerOp::Pause => *state == PowerState::Running,
        PowerOp::Resume => *state == PowerState::Suspended,
        PowerOp::Unpause => *state == PowerState::Paused,
    }
}

/// The actions offered on VMs, in menu order.
pub const OFFERED: [PowerOp; 9] = [
    PowerOp::Start,
    PowerOp::Resume,
    PowerOp::Unpause,
    PowerOp::CleanShutdown,
    PowerOp::HardShutdown,
    PowerOp::CleanReboot,
    PowerOp::HardReboot,
    PowerOp::Suspend,
    PowerOp::Pause,
];

/// Whether a VM takes power actions at all (templates, snapshots and control domains do not).
pub fn is_guest(cache: &Cache, vm: &Ref<Vm>) -> bool {
    cache
        .vms
        .get(vm)
        .is_some_and(|v| !(v.is_a_template || v.is_a_snapshot || v.is_control_domain))
}

/// The VMs among `vms` that `op` applies to now, in the order given: by power state, and by
/// xapi's `allowed_operations` when the server sends them (a VM busy with another operation
/// lists none of its power operations).
pub fn targets(cache: &Cache, vms: &[Ref<Vm>], op: PowerOp) -> Vec<Ref<Vm>> {
    let name = super::vm_plans::operation(op);
    vms.iter()
        .filter(|r| is_guest(cache, r))
        .filter(|r| {
            cache.vms.get(*r).is_some_and(|v| {
                allowed(&v.power_state, op)
                    && (v.allowed_operations.is_empty()
                        || v.allowed_operations.iter().any(|o| o == name))
            })
        })
        .cloned()
        .collect()
}

/// Anything that stops or restarts a guest asks first; starting, resuming and suspending (which
/// keeps the guest's state) do not.
pub fn needs_confirmation(op: PowerOp) -> bool {
    matches!(
        op,
        PowerOp::CleanShutdown | PowerOp::HardShutdown | PowerOp::CleanReboot | PowerOp::HardReboot
    )
}

/// The settings key under which "don't ask again" is kept for `op`.
pub fn confirm_key(op: PowerOp) -> &'static str {
    match op {
        PowerOp::Start => "start",
        PowerOp::CleanShutdown => "shutdown",
        PowerOp::HardShutdown => "force-shutdown",
        PowerOp::CleanReboot => "reboot",
        PowerOp::HardReboot => "force-reboot",
        PowerOp::Suspend => "suspend",
        PowerOp::Resume => "resume",
        PowerOp::Pause => "pause",
        PowerOp::Unpause => "unpause",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_applies_only_where_xapi_allows_it() {
        use PowerState::*;
        assert!(allowed(&Halted, PowerOp::Start));
        assert!(!allowed(&Running, PowerOp::Start));
        assert!(allowed(&Running, PowerOp::CleanShutdown));
        assert!(!allowed(&Suspended, PowerOp::CleanShutdown));
        assert!(allowed(&Suspended, PowerOp::HardShutdown));
        assert!(!allowed(&Halted, PowerOp::HardShutdown));
        assert!(!allowed(&Paused, PowerOp::CleanReboot));
        assert!(allowed(&Suspended, PowerOp::Resume));
        assert!(!allowed(&Running, PowerOp::Resume));
        assert!(allowed(&Running, PowerOp::Suspend));
    }

    #[test]
    fn a_selection_keeps_only_the_vms_an_action_applies_to() {
        let cache = crate::xapidb::cache_of(&crate::demo::demo_pool());
        let mut running = Vec::new();
        let mut halted = Vec::new();
        for (r, v) in &cache.vms {
            if !is_guest(&cache, r) {
                continue;
            }
            match v.power_state {
                PowerState::Running => running.push(r.clone()),
                PowerState::Halted => halted.push(r.clone()),
                _ => {}
            }
        }
        assert!(!running.is_empty() && !halted.is_empty());
        let all: Vec<_> = running.iter().chain(&halted).cloned().collect();
        assert_eq!(targets(&cache, &all, PowerOp::CleanShutdown), running);
        assert_eq!(targets(&cache, &all, PowerOp::Start), halted);
        assert!(needs_confirmation(PowerOp::HardShutdown));
        assert!(!needs_confirmation(PowerOp::Start));
    }
}
