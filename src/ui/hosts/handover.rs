//! Reboot or Shut down of the coordinator with a handover first, as XenCenter's
//! `EvacuateHostAction` hands over on its way into maintenance: the server is emptied, a
//! member is made coordinator (`pool.designate_new_master`), and only once the app has
//! followed it (a new session, `pool.master` naming it) is the old coordinator, now a
//! member, rebooted or shut down through the new one. Without the handover the pool cannot
//! be managed while its coordinator is down.

use crate::model::host_ops::{self, Then};
use crate::model::names;
use crate::model::vm_plans::{self, Plan};
use crate::ui::windows::AppView;
use eframe::egui;
use std::sync::Arc;
use xenapi::{Cache, Host, Ref, Session};

/// The power action waiting for the app to follow the new coordinator.
pub struct Handover {
    pub then: Then,
    pub to: Ref<Host>,
    /// The session the first part ran on (the handover ends it).
    from: Option<Arc<Session>>,
}

impl Handover {
    pub fn new(view: &AppView, pool: u64, then: Then, to: Ref<Host>) -> Handover {
        Handover {
            then,
            to,
            from: view.pools.session_of(Some(pool)),
        }
    }

    /// Whether the app now talks to the new coordinator: a new session, and the pool names it.
    pub fn followed(&self, view: &AppView, pool: u64) -> bool {
        let fresh = match (view.pools.session_of(Some(pool)), &self.from) {
            (Some(now), Some(was)) => !Arc::ptr_eq(&now, was),
            (Some(_), None) => true,
            (None, _) => false,
        };
        fresh
            && view
                .pools
                .cache_of(Some(pool))
                .is_some_and(|c| c.pools.values().any(|p| p.master == self.to))
    }

    /// "Waiting for the app to reach the new coordinator".
    pub fn show_waiting(&self, ui: &mut egui::Ui, view: &AppView, cache: &Cache) {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(view.i18n.get_args(
                "evac-handover-waiting",
                &[("host", &names::host_label(cache, &self.to))],
            ));
        });
    }
}

/// What the handover's first part sends: the server emptied (when it still is enabled),
/// then the new coordinator designated.
pub fn first_part(cache: &Cache, empty: Plan, to: &Ref<Host>) -> Plan {
    vm_plans::all([empty, host_ops::designate_new_master(cache, to)])
}

/// The second part, on the cache as it stands once the app follows: the old coordinator
/// disabled if it came back enabled (xapi refuses a reboot otherwise: `HOST_NOT_DISABLED`),
/// then rebooted or shut down.
pub fn second_part(cache: &Cache, host: &Ref<Host>, then: Then) -> Plan {
    let power = match then {
        Then::ShutDown => host_ops::shutdown(cache, host),
        _ => host_ops::reboot(cache, host),
    };
    if cache.hosts.get(host).is_some_and(|h| h.enabled) {
        vm_plans::all([host_ops::disable(cache, host), power])
    } else {
        power
    }
}
