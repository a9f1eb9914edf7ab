//! The state a server row shows (maintenance, going down, rebooting, not responding, back),
//! from the cache: XenCenter's maintenance key, `enabled`, `host_metrics.live`, the
//! toolstack's `current_operations` and the boot time.

use super::host_ops::{BOOT_TIME, MAINTENANCE_MODE};
use xenapi::{Cache, Host, Ref};

/// A server counts as just back for this long after its boot.
const BACK_FOR_SECS: f64 = 600.0;

/// Whether XenCenter's maintenance key is set.
pub fn in_maintenance(h: &Host) -> bool {
    h.other_config
        .get(MAINTENANCE_MODE)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
}

/// Whether the pool's coordinator believes the server is up (`host_metrics.live`).
pub fn is_live(cache: &Cache, h: &Host) -> bool {
    cache.host_metrics.get(&h.metrics).is_some_and(|m| m.live)
}

/// A number of seconds since the epoch from `other_config` (xapi writes them as decimals).
pub fn epoch_key(h: &Host, key: &str) -> Option<f64> {
    h.other_config
        .get(key)
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|t| t.is_finite() && *t > 0.0)
}

/// What a server row and the General tab say about a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostState {
    /// Up and taking VMs.
    Up,
    /// Up, booted in the last minutes (after a reboot).
    Back,
    /// Disabled (no new VMs), not in maintenance mode.
    Disabled,
    /// XenCenter's maintenance mode.
    Maintenance,
    /// An operation of xapi's runs on it (`evacuate`, `reboot`, `shutdown`, `power_on`).
    Busy(String),
    /// Going down after a reboot this client asked for, and not answering yet.
    Rebooting,
    /// The coordinator does not hear from it.
    Unreachable,
}

impl HostState {
    /// The Fluent id of its words (`Busy`'s operation goes in `$op`).
    pub fn label_id(&self) -> &'static str {
        match self {
            HostState::Up => "host-state-up",
            HostState::Back => "host-state-back",
            HostState::Disabled => "host-state-disabled",
            HostState::Maintenance => "host-state-maintenance",
            HostState::Busy(op) => match op.as_str() {
                "evacuate" => "host-state-evacuating",
                "reboot" => "host-state-rebooting",
                "shutdown" => "host-state-shutting-down",
                "power_on" => "host-state-powering-on",
                _ => "host-state-busy",
            },
            HostState::Rebooting => "host-state-rebooting",
            HostState::Unreachable => "host-state-unreachable",
        }
    }

    /// Whether a server row marks it (an ordinary server up is not marked).
    pub fn marked(&self) -> bool {
        *self != HostState::Up
    }
}

/// The state of `host` from the cache: `rebooting` when this client asked it to reboot and
/// has not seen it back; `now` in seconds since the epoch.
pub fn state(cache: &Cache, host: &Ref<Host>, rebooting: bool, now: f64) -> Option<HostState> {
    let h = cache.hosts.get(host)?;
    if let Some(op) = h.current_operations.values().next() {
        // xapi marks a server going down for a reboot as `shutdown` too.
        if rebooting && matches!(op.as_str(), "shutdown" | "reboot") {
            return Some(HostState::Rebooting);
        }
        return Some(HostState::Busy(op.clone()));
    }
    if !is_live(cache, h) {
        return Some(if rebooting {
            HostState::Rebooting
        } else {
            HostState::Unreachable
        });
    }
    if in_maintenance(h) {
        return Some(HostState::Maintenance);
    }
    if !h.enabled {
        return Some(HostState::Disabled);
    }
    let just_booted =
        epoch_key(h, BOOT_TIME).is_some_and(|t| (0.0..BACK_FOR_SECS).contains(&(now - t)));
    Some(if just_booted && rebooting {
        HostState::Back
    } else {
        HostState::Up
    })
}
