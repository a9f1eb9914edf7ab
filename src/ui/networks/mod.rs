//! The network windows: the New Network wizard ([`wizard`]), a network's Properties
//! ([`props`]) and a server's management and storage interfaces ([`mgmt`]). Their models
//! are [`crate::model::net_plans`] and [`crate::model::mgmt`].

pub mod mgmt;
pub mod props;
pub mod wizard;

pub use wizard::NewNetworkWizard;

use crate::model::tree::Node;
use crate::ui::actions::Action;
use crate::ui::windows::{AppView, AppWindow};
use xenapi::Cache;

/// Whether [`open`] opens `action`'s dialog.
pub fn handles(action: Action) -> bool {
    matches!(
        action,
        Action::NetworkProperties | Action::ManagementInterface
    )
}

/// `action`'s dialog for `nodes` (a network, or a server).
pub fn open(
    cache: &Cache,
    pool: u64,
    action: Action,
    nodes: &[Node],
) -> Option<Box<dyn AppWindow>> {
    match (action, nodes.first()?) {
        (Action::NetworkProperties, Node::Network(n)) => Some(Box::new(
            props::NetPropsDialog::new(cache, pool, n.clone())?,
        )),
        (Action::ManagementInterface, Node::Host(h)) => {
            Some(Box::new(mgmt::MgmtDialog::new(cache, pool, h.clone())?))
        }
        _ => None,
    }
}

/// Whether the user on `pool` may make the calls `_R_POOL_OP` allows (VLANs, bonds).
pub fn pool_operator(view: &AppView, pool: u64) -> bool {
    view.pools.index(pool).is_some_and(|i| {
        let p = &view.pools[i];
        !p.read_only && !crate::ui::actions::avail::lacks_call(p, "bond.create")
    })
}

/// The Networking tab's buttons: New network on a pool's or a server's tab (the menu bar's
/// sense: the active pool), Management interfaces on a server's.
pub fn tab_buttons(
    view: &AppView,
    ui: &mut eframe::egui::Ui,
    node: &Node,
    out: &mut Vec<crate::ui::command::Command>,
) {
    use crate::ui::actions::draw::{self, Style};
    if !matches!(node, Node::Pool(_) | Node::Host(_)) {
        return;
    }
    ui.horizontal(|ui| {
        out.extend(draw::item(ui, view, Action::NewNetwork, &[], Style::Button));
        if matches!(node, Node::Host(_)) {
            out.extend(draw::item(
                ui,
                view,
                Action::ManagementInterface,
                std::slice::from_ref(node),
                Style::Button,
            ));
        }
    });
    ui.add_space(4.0);
}

/// A network's row in a pool's Networking tab: a click selects it; its menu (right-click)
/// holds the network's actions and leaves the pool's tab in place.
pub fn row_clicks(
    view: &AppView,
    resp: &eframe::egui::Response,
    node: &Node,
    out: &mut Vec<crate::ui::command::Command>,
) {
    use crate::ui::actions::draw::{self, Style};
    use crate::ui::actions::layout::{Item, NETWORK_MENU};
    if resp.clicked() {
        out.push(crate::ui::command::Command::Select(node.clone()));
    }
    resp.context_menu(|ui| {
        let mut chosen = None;
        for item in NETWORK_MENU {
            if let Item::Do(a) = item {
                chosen = chosen.or(draw::item(
                    ui,
                    view,
                    *a,
                    std::slice::from_ref(node),
                    Style::Menu,
                ));
            }
        }
        if let Some(c) = chosen {
            out.push(c);
            ui.close();
        }
    });
}
