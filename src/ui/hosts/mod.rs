//! The windows of the server and pool actions: maintenance mode (and Reboot and Shut down,
//! which need it), Exit maintenance mode, Make new pool coordinator, and the server and
//! pool Properties. Each runs its plan itself ([`runner`]), so it can say which step runs
//! and, on failure, what happened.

pub mod evac_progress;
pub mod exit;
pub mod ha;
pub mod handover;
pub mod maintenance;
pub mod properties;
pub mod runner;

use crate::i18n::I18n;
use crate::model::host_ops::{self, Then};
use crate::model::tree::Node;
use crate::ui::actions::Action;
use crate::ui::windows::AppWindow;
use xenapi::Cache;

/// The window of `action` on `nodes` (a server, or a pool) of pool `pool`.
pub fn open(
    cache: &Cache,
    _i18n: &I18n,
    pool: u64,
    action: Action,
    nodes: &[Node],
) -> Option<Box<dyn AppWindow>> {
    let host = nodes.iter().find_map(|n| match n {
        Node::Host(h) => Some(h.clone()),
        _ => None,
    });
    let pool_ref = nodes
        .iter()
        .find_map(|n| match n {
            Node::Pool(p) => Some(p.clone()),
            _ => None,
        })
        .or_else(|| cache.pools.keys().next().cloned());
    Some(match action {
        Action::EnterMaintenance => {
            Box::new(maintenance::MaintenanceDialog::new(pool, host?, Then::Stay))
        }
        Action::HostReboot => Box::new(maintenance::MaintenanceDialog::new(
            pool,
            host?,
            Then::Reboot,
        )),
        Action::HostShutdown => Box::new(maintenance::MaintenanceDialog::new(
            pool,
            host?,
            Then::ShutDown,
        )),
        Action::ExitMaintenance => Box::new(exit::ExitDialog::new(pool, host?)),
        Action::HostProperties => {
            let h = host?;
            let rec = cache.hosts.get(&h)?;
            Box::new(properties::HostPropsDialog::new(pool, h.clone(), rec))
        }
        Action::PoolRename | Action::PoolProperties => {
            let p = pool_ref?;
            let rec = cache.pools.get(&p)?;
            Box::new(properties::PoolPropsDialog::new(pool, p.clone(), rec))
        }
        Action::NewCoordinator => {
            // One other live member: picked already.
            let others: Vec<_> = cache
                .hosts
                .iter()
                .filter(|(r, h)| !host_ops::is_coordinator(cache, r) && host_ops::is_live(cache, h))
                .map(|(r, _)| r.clone())
                .collect();
            let pick = (others.len() == 1).then(|| others[0].clone());
            Box::new(exit::CoordinatorDialog::new(pool, pick))
        }
        _ => return None,
    })
}
