//! The action table's network entries (in the enum's order; `table.rs` lists them in
//! `TABLE`). Roles from xapi's datamodel (`ocaml/idl/datamodel.ml`): `network.create` and
//! `network.destroy` are `_R_VM_ADMIN` (a network without NICs); `pool.create_VLAN_from_PIF`,
//! `Bond.*`, the network's name and `other_config`, `PIF.reconfigure_ip` and
//! `host.management_reconfigure` are `_R_POOL_OP` (checked again in [`super::avail`] for
//! a network on NICs, and in the wizard for the kinds that need them).

use super::host_table::host;
use super::table::app;
use super::{Action, Confirm, Def, ObjectJob, Role, Run, Scope, Targets, When};
use crate::model::net_plans;
use crate::model::tree::Node;
use crate::ui::command::Command;
use xenapi::{Cache, Network, Ref};

/// A network action: one network.
const fn network(
    action: Action,
    label: &'static str,
    tip: &'static str,
    permission: &'static str,
    run: Run,
) -> Def {
    Def {
        tip: Some(tip),
        while_typing: false,
        scope: Scope::Network,
        when: When::One,
        writes: true,
        role: Role::PoolOperator,
        permission: Some(permission),
        run,
        ..app(action, label, None, |_| None)
    }
}

/// From the pool's and a server's menus and the Networking tabs.
pub const NEW_NETWORK: Def = Def {
    when: When::Connected,
    tip: Some("tip-net-new"),
    writes: true,
    role: Role::VmAdmin,
    permission: Some("network.create"),
    opens_window: true,
    while_typing: false,
    ..app(Action::NewNetwork, "menu-net-new", None, |_| {
        Some(Command::NewNetwork)
    })
};

/// Name, description, MTU, tags, auto-add, a bond's mode.
pub const NETWORK_PROPERTIES: Def = Def {
    opens_window: true,
    ..network(
        Action::NetworkProperties,
        "menu-net-properties",
        "tip-net-properties",
        "network.set_name_label",
        Run::Dialog,
    )
};

/// Its VLANs or bonds first, then the network; refused while VMs have NICs on it.
pub const DELETE_NETWORK: Def = Def {
    role: Role::VmAdmin,
    opens_window: true,
    confirm: Confirm::Ask {
        skip_key: None,
        question: "confirm-net-delete",
        warning: Some("confirm-net-delete-warning"),
    },
    ..network(
        Action::DeleteNetwork,
        "menu-net-delete",
        "tip-net-delete",
        "network.destroy",
        Run::Objects(delete),
    )
};

/// A server's management and storage interfaces.
pub const MANAGEMENT: Def = Def {
    opens_window: true,
    ..host(
        Action::ManagementInterface,
        "menu-net-management",
        "tip-net-management",
        "pif.reconfigure_ip",
        Run::Dialog,
    )
};

/// The network among the targets.
pub fn network_of(t: &Targets) -> Option<Ref<Network>> {
    t.nodes.iter().find_map(|n| match n {
        Node::Network(r) => Some(r.clone()),
        _ => None,
    })
}

fn delete(c: &Cache, t: &Targets) -> Vec<ObjectJob> {
    network_of(t)
        .map(|net| ObjectJob {
            plan: net_plans::delete(c, &net),
            owner: Node::Network(net),
            name: None,
        })
        .into_iter()
        .collect()
}
