//! When a server action applies (beyond the role, which [`super::avail`] checks for every
//! action): from the server's state in the cache, as XenCenter's commands decide
//! (`EnterMaintenanceModeCommand`, `RebootHostCommand`, `PowerOnHostCommand`, …) and as
//! xapi would refuse (the coordinator cannot be ejected, power-on needs a mode).

use super::Action;
use crate::model::host_ops;
use xenapi::{Cache, Host, Ref};

/// Whether a server action is offered for `host`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// It applies.
    Yes,
    /// Not drawn for this server (Exit maintenance on a server not in it).
    Hidden,
    /// Drawn greyed, saying why (a Fluent id).
    No(&'static str),
}

/// [`Rule`] of `action` for `host`.
pub fn rule(cache: &Cache, action: Action, host: &Ref<Host>) -> Rule {
    let Some(h) = cache.hosts.get(host) else {
        return Rule::Hidden;
    };
    let live = host_ops::is_live(cache, h);
    let maintenance = host_ops::in_maintenance(h);
    let coordinator = host_ops::is_coordinator(cache, host);
    let busy = !h.current_operations.is_empty();
    let down = || Rule::No("why-host-down");
    match action {
        Action::HostProperties => Rule::Yes,
        Action::HostPowerOn if h.power_on_mode.is_empty() => Rule::Hidden,
        Action::HostPowerOn if live => Rule::No("why-host-up"),
        Action::HostPowerOn => Rule::Yes,
        // Only one of Enter and Exit is ever drawn, whatever the server is doing.
        Action::EnterMaintenance if maintenance => Rule::Hidden,
        Action::ExitMaintenance if !maintenance => Rule::Hidden,
        _ if !live => down(),
        _ if busy => Rule::No("why-host-busy"),
        Action::EnterMaintenance | Action::ExitMaintenance => Rule::Yes,
        Action::ManagementInterface => Rule::Yes,
        Action::HostReboot | Action::HostShutdown | Action::RestartToolstack => Rule::Yes,
        // Maintenance mode has its own way back (Exit), which also clears the keys.
        Action::HostDisable if !h.enabled || maintenance => Rule::Hidden,
        Action::HostEnable if h.enabled || maintenance => Rule::Hidden,
        Action::HostDisable | Action::HostEnable => Rule::Yes,
        Action::DesignateCoordinator | Action::EjectHost if coordinator => {
            Rule::No("why-host-coordinator")
        }
        Action::DesignateCoordinator => Rule::Yes,
        // xapi refuses while HA is on (`HA_IS_ENABLED`) or a guest still runs there.
        Action::EjectHost if cache.pools.values().any(|p| p.ha_enabled) => Rule::No("why-ha-on"),
        Action::EjectHost if !host_ops::resident_guests(cache, host).is_empty() => {
            Rule::No("why-host-has-vms")
        }
        Action::EjectHost => Rule::Yes,
        _ => Rule::Hidden,
    }
}
