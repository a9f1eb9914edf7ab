//! The action table's entries for servers and the pool (kept apart so that the VM table and
//! these merge without touching each other). Each role is the weakest of xapi's
//! `allowed_roles` for its calls (`ocaml/idl/datamodel_host.ml`, `datamodel_pool.ml`):
//! every host power and maintenance call, `pool.eject` and `pool.designate_new_master` are
//! `_R_POOL_OP`.

use super::table::app;
use super::{Action, Confirm, Def, Role, Run, Scope, When};
use crate::model::host_ops;

/// A server action: one server, Pool Operator, its RBAC permission.
pub(super) const fn host(
    action: Action,
    label: &'static str,
    tip: &'static str,
    permission: &'static str,
    run: Run,
) -> Def {
    Def {
        tip: Some(tip),
        while_typing: false,
        scope: Scope::Host,
        when: When::One,
        writes: true,
        role: Role::PoolOperator,
        permission: Some(permission),
        run,
        ..app(action, label, None, |_| None)
    }
}

/// Asks each time (no "Don't ask again"): what it does cannot be undone.
const fn asks_always(question: &'static str, warning: &'static str) -> Confirm {
    Confirm::Ask {
        skip_key: None,
        question,
        warning: Some(warning),
    }
}

pub const ENTER_MAINTENANCE: Def = Def {
    opens_window: true,
    ..host(
        Action::EnterMaintenance,
        "menu-host-enter-maintenance",
        "tip-host-enter-maintenance",
        "host.evacuate",
        Run::Dialog,
    )
};

pub const EXIT_MAINTENANCE: Def = Def {
    opens_window: true,
    ..host(
        Action::ExitMaintenance,
        "menu-host-exit-maintenance",
        "tip-host-exit-maintenance",
        "host.enable",
        Run::Dialog,
    )
};

/// Reboot and Shut down open the maintenance dialog, which is their question (xapi refuses
/// an enabled server: `HOST_NOT_DISABLED`).
pub const REBOOT: Def = Def {
    opens_window: true,
    ..host(
        Action::HostReboot,
        "menu-host-reboot",
        "tip-host-reboot",
        "host.reboot",
        Run::Dialog,
    )
};

pub const SHUTDOWN: Def = Def {
    opens_window: true,
    ..host(
        Action::HostShutdown,
        "menu-host-shutdown",
        "tip-host-shutdown",
        "host.shutdown",
        Run::Dialog,
    )
};

pub const POWER_ON: Def = host(
    Action::HostPowerOn,
    "menu-host-power-on",
    "tip-host-power-on",
    "host.power_on",
    Run::HostPlan(host_ops::power_on),
);

pub const RESTART_TOOLSTACK: Def = Def {
    confirm: Confirm::Ask {
        skip_key: Some("restart-toolstack"),
        question: "confirm-host-action",
        warning: Some("warn-restart-toolstack"),
    },
    ..host(
        Action::RestartToolstack,
        "menu-host-restart-toolstack",
        "tip-host-restart-toolstack",
        "host.restart_agent",
        Run::HostPlan(host_ops::restart_agent),
    )
};

pub const DISABLE: Def = host(
    Action::HostDisable,
    "menu-host-disable",
    "tip-host-disable",
    "host.disable",
    Run::HostPlan(host_ops::disable),
);

pub const ENABLE: Def = host(
    Action::HostEnable,
    "menu-host-enable",
    "tip-host-enable",
    "host.enable",
    Run::HostPlan(host_ops::enable),
);

pub const DESIGNATE: Def = Def {
    confirm: asks_always("confirm-host-action", "warn-designate"),
    ..host(
        Action::DesignateCoordinator,
        "menu-host-designate",
        "tip-host-designate",
        "pool.designate_new_master",
        Run::HostPlan(host_ops::designate_new_master),
    )
};

pub const EJECT: Def = Def {
    confirm: asks_always("confirm-eject", "warn-eject"),
    ..host(
        Action::EjectHost,
        "menu-host-eject",
        "tip-host-eject",
        "pool.eject",
        Run::HostPlan(host_ops::eject),
    )
};

/// The form opens for every role; one that cannot write sees it read-only.
pub const HOST_PROPERTIES: Def = Def {
    opens_window: true,
    writes: false,
    role: Role::ReadOnly,
    permission: None,
    ..host(
        Action::HostProperties,
        "menu-host-properties",
        "tip-host-properties",
        "",
        Run::Dialog,
    )
};

const fn pool(action: Action, label: &'static str, tip: &'static str, run: Run) -> Def {
    Def {
        tip: Some(tip),
        while_typing: false,
        scope: Scope::Pool,
        when: When::Connected,
        opens_window: true,
        run,
        ..app(action, label, None, |_| None)
    }
}

pub const POOL_RENAME: Def = pool(
    Action::PoolRename,
    "menu-pool-rename",
    "tip-pool-rename",
    Run::Dialog,
);

pub const POOL_PROPERTIES: Def = pool(
    Action::PoolProperties,
    "menu-pool-properties",
    "tip-pool-properties",
    Run::Dialog,
);

/// Picks the member in a dialog that says what follows (the connection moves with it).
pub const NEW_COORDINATOR: Def = Def {
    writes: true,
    role: Role::PoolOperator,
    permission: Some("pool.designate_new_master"),
    ..pool(
        Action::NewCoordinator,
        "menu-pool-new-coordinator",
        "tip-pool-new-coordinator",
        Run::Dialog,
    )
};
