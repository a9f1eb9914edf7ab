//! Actions drawn as menu items, context-menu items, toolbar and pane buttons: each from its
//! table entry (label, tooltip, shortcut), enabled as [`super::avail::check`] says and, when
//! greyed, saying why. Several VMs picked get one item for all it applies to ("Shut down 3
//! VMs"). A right-click on an object of a multi-selection acts on the whole selection.

use super::avail::{self, Availability};
use super::layout::{self, Item};
use super::{Action, Run};
use crate::i18n::I18n;
use crate::model::names;
use crate::model::placement::{Refusal, Verdict};
use crate::model::tree::Node;
use crate::model::vm_plans;
use crate::ui::activity::MainView;
use crate::ui::command::Command;
use crate::ui::windows::AppView;
use eframe::egui;
use xenapi::Ref;

/// Where an action is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// A menu item: the label with "…" when a window opens, the shortcut on the right.
    Menu,
    /// The toolbar: a small button, the shortcut in the tooltip; VM actions by their short
    /// label (the row is tight).
    Toolbar,
    /// A button in a pane (the Snapshots tab).
    Button,
}

/// The command that carries out `action` on `targets` (what a click sends).
pub fn invoke(action: Action, targets: avail::Targets, on: Option<Node>) -> Command {
    Command::Invoke {
        action,
        targets,
        on,
    }
}

/// One action on `nodes`; the command when clicked. Nothing is drawn when it is hidden.
pub fn item(
    ui: &mut egui::Ui,
    view: &AppView,
    action: Action,
    nodes: &[Node],
    style: Style,
) -> Option<Command> {
    let i18n = view.i18n;
    let def = action.def();
    let res = avail::check(view, action, nodes);
    let n = match &res {
        Availability::Hidden => return None,
        Availability::Enabled(t) if !t.nodes.is_empty() => t.nodes.len(),
        _ => nodes.len().max(1),
    };
    let mut label = avail::counted_label(i18n, action, nodes.len(), n);
    let short = style == Style::Toolbar && def.scope != super::Scope::App;
    if def.opens_window && !short {
        label.push('…');
    }
    let mut b = egui::Button::new(label);
    if style == Style::Toolbar {
        b = b.small();
    }
    if style == Style::Menu && action.shortcut().is_some() {
        b = b.shortcut_text(action.shortcut_text(ui.ctx(), i18n));
    }
    let resp = ui.add_enabled(matches!(res, Availability::Enabled(_)), b);
    let resp = match &res {
        Availability::Disabled(why) => resp.on_disabled_hover_text(why.text(view)),
        _ => resp,
    };
    let resp = match (tooltip(ui.ctx(), i18n, action, style), &res) {
        (Some(t), Availability::Enabled(_)) => resp.on_hover_text(t),
        _ => resp,
    };
    match res {
        Availability::Enabled(t) if resp.clicked() => Some(invoke(action, t, None)),
        _ => None,
    }
}

/// What the action does, and in the toolbar its shortcut.
fn tooltip(ctx: &egui::Context, i18n: &I18n, action: Action, style: Style) -> Option<String> {
    let tip = action.def().tip.map(|t| i18n.get(t));
    match (style, action.shortcut()) {
        (Style::Toolbar, Some(_)) => {
            let what = tip.unwrap_or_else(|| action.label(i18n));
            Some(format!("{what} ({})", action.shortcut_text(ctx, i18n)))
        }
        _ => tip,
    }
}

/// A submenu of the pool's servers for `action` (Start on server, Move to server); each
/// server's item shows the `xe` command in its tooltip. The pool is asked whether the VMs
/// can run on each server (`VM.assert_can_boot_here`, in the background): until it answers
/// a server reads "checking…", and one that cannot run them is greyed with the reason.
fn hosts(ui: &mut egui::Ui, view: &AppView, action: Action, nodes: &[Node]) -> Option<Command> {
    let i18n = view.i18n;
    let Run::OnHost(plan_of) = action.def().run else {
        return None;
    };
    let res = avail::check(view, action, nodes);
    if res == Availability::Hidden {
        return None;
    }
    let pool_index = nodes.first().and_then(|n| view.pools.index_of_node(n))?;
    let (cache, pool) = (&view.pools[pool_index].cache, view.pools[pool_index].id);
    let mut hosts: Vec<_> = cache.hosts.iter().collect();
    hosts.sort_by(|a, b| crate::model::natural::compare(&a.1.name_label, &b.1.name_label));
    let mut out = None;
    let resp = ui.add_enabled_ui(matches!(res, Availability::Enabled(_)), |ui| {
        ui.menu_button(action.label(i18n), |ui| {
            let Availability::Enabled(t) = &res else {
                return;
            };
            let vms = t.vms();
            let mut ask = Vec::new();
            for (r, h) in &hosts {
                for vm in &vms {
                    if view.placement.needs_asking(cache, pool, vm, r) {
                        ask.push((vm.clone(), (*r).clone()));
                    }
                }
                // The first VM the server cannot take says why (all must go there).
                let verdicts: Vec<Verdict> = vms
                    .iter()
                    .map(|vm| {
                        view.placement
                            .verdict(cache, pool, vm, r)
                            .unwrap_or(Verdict::Checking)
                    })
                    .collect();
                let refused = verdicts.iter().find_map(|v| match v {
                    Verdict::Refused(why) => Some(why.clone()),
                    _ => None,
                });
                let checking = verdicts.contains(&Verdict::Checking);
                let name = names::host_name(h);
                let label = match (&refused, checking) {
                    (Some(why), _) => format!("{name} — {}", refusal_text(view, why)),
                    (None, true) => format!("{name} — {}", view.i18n.get("place-checking")),
                    (None, false) => name,
                };
                let plan = vm_plans::all(vms.iter().map(|vm| plan_of(cache, vm, r)));
                let b = ui
                    .add_enabled(refused.is_none() && !checking, egui::Button::new(label))
                    .on_hover_text(plan.xe.join("\n"));
                if b.clicked() {
                    out = Some(invoke(action, t.clone(), Some(Node::Host((*r).clone()))));
                    ui.close();
                }
            }
            if out.is_none() && !ask.is_empty() {
                out = Some(Command::CheckPlacement { pool, pairs: ask });
            }
        })
    });
    if let Availability::Disabled(why) = &res {
        resp.response.on_disabled_hover_text(why.text(view));
    }
    out
}

/// The command of one frame's menu: a click wins over a submenu's request to ask the pool.
fn pick(out: Option<Command>, chosen: Option<Command>) -> Option<Command> {
    match (out, chosen) {
        (Some(c), Some(click)) if c.keeps_menu_open() => Some(click),
        (o, c) => o.or(c),
    }
}

/// Why a server cannot run a VM, in words.
fn refusal_text(view: &AppView, why: &Refusal) -> String {
    let i18n = view.i18n;
    match why {
        Refusal::CurrentServer => i18n.get("place-current"),
        Refusal::Storage(sr) => i18n.get_args("place-storage", &[("sr", sr)]),
        Refusal::Network(net) => i18n.get_args("place-network", &[("network", net)]),
        Refusal::Memory { needed, free } => i18n.get_args(
            "place-memory",
            &[
                ("needed", &crate::model::details::format_bytes(*needed)),
                ("free", &crate::model::details::format_bytes(*free)),
            ],
        ),
        Refusal::Disabled => i18n.get("place-disabled"),
        Refusal::NotLive => i18n.get("place-not-live"),
        Refusal::Other(e) => crate::ui::errors::api(i18n, e),
        Refusal::Unanswered(e) if e.is_empty() => i18n.get("place-unknown"),
        Refusal::Unanswered(e) => i18n.get_args("place-unanswered", &[("error", e)]),
    }
}

/// The items of `list` on `nodes`; the command chosen.
pub fn items(
    ui: &mut egui::Ui,
    view: &AppView,
    list: &[Item],
    nodes: &[Node],
    style: Style,
) -> Option<Command> {
    let mut out = None;
    for it in list {
        let chosen = match *it {
            Item::Do(a) => item(ui, view, a, nodes, style),
            Item::Hosts(a) if style == Style::Menu => hosts(ui, view, a, nodes),
            Item::Hosts(_) => None,
            Item::Separator => {
                ui.separator();
                None
            }
        };
        out = pick(out, chosen);
    }
    out
}

/// The VM or snapshot actions on `vms` (a snapshot picked: Revert and Delete snapshot only;
/// nothing when none is a guest).
pub fn vm_items(ui: &mut egui::Ui, view: &AppView, vms: &[Node], style: Style) -> Option<Command> {
    let cache = vms
        .first()
        .and_then(|n| view.pools.index_of_node(n))
        .map(|i| &view.pools[i].cache)?;
    let kind = |n: &Node| match n {
        Node::Vm(r) => cache.vms.get(r).map(|v| v.is_a_snapshot),
        _ => None,
    };
    if vms.iter().any(|n| kind(n) == Some(true)) {
        return items(ui, view, layout::SNAPSHOT_MENU, vms, style);
    }
    let guests = vms.iter().any(|n| match n {
        Node::Vm(r) => vm_plans::is_guest(cache, r),
        _ => false,
    });
    if !guests {
        return None;
    }
    let list = match style {
        Style::Toolbar => layout::VM_TOOLBAR,
        _ => layout::VM_MENU,
    };
    items(ui, view, list, vms, style)
}

/// What an object offers: its context menu (`ui` vertical) or the row of buttons the details
/// pane shows under it (horizontal: the forms only, the VM actions being in the toolbar).
pub fn context(ui: &mut egui::Ui, view: &AppView, node: &Node) -> Option<Command> {
    let nodes = avail::around(view, node);
    let menu = !ui.layout().main_dir().is_horizontal();
    let mut out = None;
    match node {
        Node::Vm(_) => {
            let vms: Vec<Node> = nodes
                .iter()
                .filter(|n| matches!(n, Node::Vm(_)))
                .cloned()
                .collect();
            if menu {
                out = vm_items(ui, view, &vms, Style::Menu);
            }
            out = pick(out, item(ui, view, Action::Xenstore, &vms, Style::Menu));
        }
        Node::Pool(_) | Node::Conn(_) => {
            out = items(
                ui,
                view,
                layout::POOL_MENU,
                std::slice::from_ref(node),
                Style::Menu,
            );
        }
        Node::Host(_) => {
            out = items(
                ui,
                view,
                if menu {
                    layout::HOST_MENU
                } else {
                    &[Item::Do(Action::HostProperties)]
                },
                std::slice::from_ref(node),
                Style::Menu,
            );
        }
        Node::Vdi(_) => {
            out = crate::ui::disk_tab::menu(ui, view, std::slice::from_ref(node));
        }
        Node::Sr(_) => {
            out = crate::ui::disk_tab::sr_menu(ui, view, node);
        }
        Node::Network(_) => {
            out = items(
                ui,
                view,
                layout::NETWORK_MENU,
                std::slice::from_ref(node),
                Style::Menu,
            );
        }
        Node::Vif(_) | Node::Pif(_) => {
            out = item(
                ui,
                view,
                Action::NicSettings,
                std::slice::from_ref(node),
                Style::Menu,
            );
        }
        _ => {}
    }
    // Organising: in menus, and as the buttons of a tag's or folder's pane.
    if menu || matches!(node, Node::Tag(_) | Node::Folder(_)) {
        out = pick(out, items(ui, view, layout::ORG_MENU, &nodes, Style::Menu));
    }
    out = pick(
        out,
        item(ui, view, Action::BulkNic, view.multi, Style::Menu),
    );
    if out.as_ref().is_some_and(|c| !c.keeps_menu_open()) {
        ui.close();
    }
    out
}

/// Whether `node` offers any action (so empty rows of buttons are not drawn).
pub fn has_any(view: &AppView, node: &Node) -> bool {
    let vm_like = match node {
        Node::Vm(r) => view.pools.index_of_node(node).is_some_and(|i| {
            let cache = &view.pools[i].cache;
            vm_plans::is_guest(cache, r) || cache.vms.get(r).is_some_and(|v| v.is_a_snapshot)
        }),
        _ => false,
    };
    vm_like
        || matches!(
            node,
            Node::Vif(_) | Node::Pif(_) | Node::Pool(_) | Node::Conn(_) | Node::Host(_)
        )
        || avail::check(view, Action::BulkNic, view.multi) != Availability::Hidden
}

/// The VMs (and snapshots) an action on the selection applies to.
pub fn selected_vms(view: &AppView) -> Vec<Node> {
    view.selection
        .iter()
        .filter(|n| matches!(n, Node::Vm(_)))
        .cloned()
        .collect()
}

/// The toolbar row under the menu bar: New VM, the selection's common VM actions, and the
/// Events and Alerts views.
pub fn toolbar(view: &AppView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    ui.horizontal_wrapped(|ui| {
        let i18n = view.i18n;
        out.extend(item(ui, view, Action::NewVm, &[], Style::Toolbar));
        ui.separator();
        let vms = selected_vms(view);
        if !vms.is_empty() {
            out.extend(vm_items(ui, view, &vms, Style::Toolbar));
        }
        if let [host @ Node::Host(_)] = view.selection.as_slice() {
            out.extend(items(
                ui,
                view,
                layout::HOST_TOOLBAR,
                std::slice::from_ref(host),
                Style::Toolbar,
            ));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            for (a, shown) in [
                (Action::Alerts, MainView::Alerts),
                (Action::Events, MainView::Events),
            ] {
                let resp = ui
                    .selectable_label(view.main == shown, a.label(i18n))
                    .on_hover_text(a.shortcut_text(ui.ctx(), i18n));
                if resp.clicked() {
                    out.push(Command::ShowMainView(shown));
                }
            }
        });
    });
}

/// A small button showing `icon`, named by the action's label, with the shortcut in its
/// tooltip (Back and Forward above the details pane).
pub fn icon_button(
    ui: &mut egui::Ui,
    i18n: &I18n,
    action: Action,
    icon: &str,
    enabled: bool,
) -> Option<Command> {
    let label = action.label(i18n);
    let tip = match action.shortcut() {
        Some(sc) => format!("{label} ({})", ui.ctx().format_shortcut(&sc)),
        None => label.clone(),
    };
    let resp = ui
        .add_enabled(enabled, egui::Button::new(icon).small())
        .on_hover_text(tip);
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &label));
    resp.clicked().then(|| action.on_selection())
}

/// A menu-bar item for an app action, closing the menu when chosen.
pub fn menu_list(ui: &mut egui::Ui, view: &AppView, list: &[Item], out: &mut Vec<Command>) {
    if let Some(c) = items(ui, view, list, &[], Style::Menu) {
        out.push(c);
        ui.close();
    }
}

/// The VMs of `nodes` as refs.
pub fn vm_refs(nodes: &[Node]) -> Vec<Ref<xenapi::Vm>> {
    nodes
        .iter()
        .filter_map(|n| match n {
            Node::Vm(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}
