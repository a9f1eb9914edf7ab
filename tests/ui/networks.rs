//! Networks through the real app against a demo server: the New Network wizard (a VLAN
//! tag in use refused before anything is sent; a VLAN, a private and a bonded network
//! made), a network's Properties and Delete, a server's management interface moved with
//! the app following it, what read-only users see; screenshots of the wizard, the
//! management dialog and the Networking tabs in English and Japanese.

use crate::common::{PASSWORD, RO_USER};
use crate::forms::Live;
use crate::harness::{set_text, shows, wait};
use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotResults};
use serde_json::Value;
use xenpilot::model::tabs::DetailsTab;
use xenpilot::model::tree::Node;
use xenpilot::ui::actions::{Action, Targets};
use xenpilot::ui::{Command, XenPilotApp};

fn click(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    h.query_all_by_label(label)
        .last()
        .unwrap_or_else(|| panic!("no {label}"))
        .click();
    h.run_steps(6);
}

fn greyed(h: &Harness<'_, XenPilotApp>, label: &str) -> bool {
    h.query_all_by_label(label)
        .last()
        .unwrap_or_else(|| panic!("no {label}"))
        .accesskit_node()
        .is_disabled()
}

/// Opens the combo box labelled `label` and picks `option`.
fn pick(h: &mut Harness<'_, XenPilotApp>, label: &str, option: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, label)
        .click();
    h.run_steps(4);
    click(h, option);
}

fn host_node(h: &Harness<'_, XenPilotApp>, name: &str) -> Node {
    let (r, _) = h
        .state()
        .cache()
        .hosts
        .iter()
        .find(|(_, x)| x.name_label == name)
        .map(|(r, x)| (r.clone(), x.clone()))
        .expect("the host");
    Node::Host(r)
}

fn network_node(h: &Harness<'_, XenPilotApp>, name: &str) -> Node {
    let r = h
        .state()
        .cache()
        .networks
        .iter()
        .find(|(_, n)| n.name_label == name)
        .map(|(r, _)| r.clone())
        .unwrap_or_else(|| panic!("no network {name}"));
    Node::Network(r)
}

fn invoke(h: &mut Harness<'_, XenPilotApp>, action: Action, node: Node) {
    let pool = h.state().pools[0].id;
    h.state_mut().send(Command::Invoke {
        action,
        targets: Targets {
            pool: Some(pool),
            nodes: vec![node],
        },
        on: None,
    });
    h.run_steps(6);
}

/// The server's records of `class` whose `field` is `value`.
fn rows_where(live: &Live, class: &str, field: &str, value: Value) -> Vec<Value> {
    live.server.state.read(|db| {
        db.table(class)
            .map(|t| {
                t.rows
                    .iter()
                    .filter(|(_, r)| r.fields.get(field) == Some(&value))
                    .filter_map(|(k, _)| db.record(class, k))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The wizard's second page for an external network on NIC 1.
fn vlan_page(h: &mut Harness<'_, XenPilotApp>, next: &str, nic_label: &str) {
    h.state_mut().send(Command::NewNetwork);
    h.run_steps(4);
    click(h, next);
    pick(h, nic_label, "NIC 1");
}

#[test]
fn a_vlan_tag_already_on_the_nic_is_refused_before_anything_is_sent() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    let before = live.count("network");
    vlan_page(&mut h, "Next >", "NIC");
    set_text(&mut h, "VLAN tag", "42");
    assert!(shows(&h, "Tags already on this NIC: 42"));
    assert!(shows(&h, "VLAN 42 already runs on this NIC"));
    assert!(greyed(&h, "Create network"));
    set_text(&mut h, "VLAN tag", "5000");
    assert!(shows(&h, "from 0 to 4094"));
    assert!(greyed(&h, "Create network"));
    assert_eq!(live.count("network"), before, "nothing sent");
}

#[test]
fn a_vlan_network_is_made_on_every_server() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    vlan_page(&mut h, "Next >", "NIC");
    set_text(&mut h, "Name", "Lab VLAN 77");
    set_text(&mut h, "VLAN tag", "77");
    assert!(shows(&h, "xe network-create name-label='Lab VLAN 77'"));
    assert!(shows(
        &h,
        "xe pool-vlan-create network-uuid=<new> pif-uuid="
    ));
    click(&mut h, "Create network");
    wait(
        &mut h,
        |_| rows_where(&live, "VLAN", "tag", Value::from(77)).len() == live.count("host"),
        "a VLAN on every server",
    );
    let nets = rows_where(&live, "network", "name_label", Value::from("Lab VLAN 77"));
    assert_eq!(nets.len(), 1);
    wait(&mut h, |h| shows(h, "Lab VLAN 77: done"), "the notice");
}

#[test]
fn a_private_network_is_made_and_kept_from_new_vms_when_asked() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.state_mut().send(Command::NewNetwork);
    h.run_steps(4);
    click(&mut h, "Single-server private network");
    click(&mut h, "Next >");
    set_text(&mut h, "Name", "Quiet");
    click(&mut h, "Add this network to new VMs");
    assert!(shows(&h, "other-config:automatic=false"));
    click(&mut h, "Create network");
    wait(
        &mut h,
        |_| !rows_where(&live, "network", "name_label", Value::from("Quiet")).is_empty(),
        "the network",
    );
    let net = rows_where(&live, "network", "name_label", Value::from("Quiet")).remove(0);
    assert_eq!(net["other_config"]["automatic"], "false");
    assert_eq!(net["PIFs"].as_array().map_or(0, Vec::len), 0);
}

#[test]
fn a_bond_is_made_on_every_server_with_lacp_hashing() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    let bonds = live.count("Bond");
    h.state_mut().send(Command::NewNetwork);
    h.run_steps(4);
    click(&mut h, "Bonded network");
    click(&mut h, "Next >");
    set_text(&mut h, "Name", "Fast bond");
    click(&mut h, "NIC 1");
    assert!(shows(&h, "A bond takes 2 to 4 NICs"));
    click(&mut h, "NIC 0");
    click(&mut h, "LACP, hashing on source MAC");
    assert!(shows(&h, "properties:hashing_algorithm=src_mac"));
    click(&mut h, "Create network");
    let hosts = live.count("host");
    wait(
        &mut h,
        |_| live.count("Bond") == bonds + hosts,
        "a bond on every server",
    );
    let made = rows_where(&live, "Bond", "mode", Value::from("lacp"));
    assert_eq!(made.len(), hosts);
    assert!(
        made.iter()
            .all(|b| b["properties"]["hashing_algorithm"] == "src_mac")
    );
}

#[test]
fn a_network_used_by_vms_is_not_deleted_and_says_which() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    let used = {
        let cache = h.state().cache();
        // One the tab lists (hidden networks are not shown by default).
        let shown = |n: &&xenpilot::xenapi::Network| {
            !xenpilot::model::visibility::is_flag_hidden(&n.other_config)
        };
        let (_, n) = cache
            .networks
            .iter()
            .find(|(_, n)| shown(n) && n.vifs.len() == 1 && n.pifs.is_empty())
            .or_else(|| {
                cache
                    .networks
                    .iter()
                    .find(|(_, n)| shown(n) && !n.vifs.is_empty())
            })
            .expect("a network with VM NICs");
        n.name_label.clone()
    };
    // The pool's Networking tab lists it; its row's menu holds the network's actions.
    let pool = {
        let cache = h.state().cache();
        Node::Pool(cache.pools.keys().next().cloned().expect("the pool"))
    };
    h.state_mut().send(Command::Select(pool));
    h.state_mut()
        .send(Command::ChooseTab(DetailsTab::Networking));
    h.run_steps(6);
    h.query_all_by(|n| {
        n.role() == egui::accesskit::Role::Button && n.label().is_some_and(|l| l == used)
    })
    .last()
    .unwrap_or_else(|| panic!("a row {used}"))
    .click_secondary();
    h.run_steps(6);
    assert!(greyed(&h, "Delete network…"));
    h.query_all_by_label("Delete network…")
        .last()
        .expect("the item")
        .hover();
    h.run_steps(30);
    assert!(shows(&h, "VMs have NICs on it"));
}

#[test]
fn a_private_network_is_renamed_then_deleted() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.state_mut().send(Command::NewNetwork);
    h.run_steps(4);
    click(&mut h, "Single-server private network");
    click(&mut h, "Next >");
    set_text(&mut h, "Name", "Scratch");
    click(&mut h, "Create network");
    wait(
        &mut h,
        |h| {
            h.state()
                .cache()
                .networks
                .values()
                .any(|n| n.name_label == "Scratch")
        },
        "the network",
    );
    let node = network_node(&h, "Scratch");
    invoke(&mut h, Action::NetworkProperties, node.clone());
    set_text(&mut h, "Name", "Scratch 2");
    set_text(&mut h, "New tag", "lab");
    click(&mut h, "Add tag");
    assert!(shows(&h, "name-label='Scratch 2'"));
    assert!(shows(&h, "param-name=tags param-key=lab"));
    assert!(!shows(&h, "MTU="), "only what changed");
    click(&mut h, "Apply");
    wait(
        &mut h,
        |_| !rows_where(&live, "network", "name_label", Value::from("Scratch 2")).is_empty(),
        "the new name",
    );
    let net = rows_where(&live, "network", "name_label", Value::from("Scratch 2")).remove(0);
    assert_eq!(net["tags"], serde_json::json!(["lab"]));
    click(&mut h, "Close");
    wait(
        &mut h,
        |h| {
            h.state()
                .cache()
                .networks
                .values()
                .any(|n| n.name_label == "Scratch 2")
        },
        "the event",
    );
    invoke(&mut h, Action::DeleteNetwork, node);
    assert!(shows(&h, "Delete Scratch 2?"));
    click(&mut h, "Delete network");
    wait(
        &mut h,
        |_| rows_where(&live, "network", "name_label", Value::from("Scratch 2")).is_empty(),
        "the network gone",
    );
}

#[test]
fn a_read_only_user_sees_the_network_actions_greyed_with_the_role_they_need() {
    let live = Live::new();
    let mut h = live.app("en-US", RO_USER);
    let host = host_node(&h, "xcp-host-02");
    h.state_mut().send(Command::Select(host));
    h.state_mut()
        .send(Command::ChooseTab(DetailsTab::Networking));
    h.run_steps(6);
    assert!(greyed(&h, "New network…"));
    assert!(greyed(&h, "Management interfaces…"));
    h.query_all_by_label("Management interfaces…")
        .last()
        .expect("the button")
        .hover();
    h.run_steps(30);
    assert!(shows(&h, "needs the Pool Operator role"));
}

#[test]
fn a_members_management_address_moves_and_the_pool_shows_it() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    let host = host_node(&h, "xcp-host-02");
    invoke(&mut h, Action::ManagementInterface, host);
    assert!(shows(&h, "Management interfaces · xcp-host-02"));
    click(&mut h, "Static address");
    // A loopback address: the demo server really answers for the host there.
    set_text(&mut h, "IP address", "127.0.0.42");
    set_text(&mut h, "Netmask", "255.0.0.0");
    assert!(shows(&h, "This client's connection stays"));
    assert!(shows(&h, "xe pif-reconfigure-ip uuid="));
    click(&mut h, "Apply");
    wait(
        &mut h,
        |h| {
            h.state()
                .cache()
                .hosts
                .values()
                .any(|x| x.name_label == "xcp-host-02" && x.address == "127.0.0.42")
        },
        "the server's new address",
    );
    let at = |h: &Harness<'_, XenPilotApp>| {
        let pool = h.state().pools[0].id;
        h.state()
            .pools
            .session_of(Some(pool))
            .and_then(|s| s.base_url().host_str().map(str::to_string))
    };
    assert_eq!(
        at(&h).as_deref(),
        Some("127.0.0.1"),
        "still at the coordinator"
    );
}

#[test]
fn the_coordinators_management_address_moves_and_the_app_follows_it() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    let host = host_node(&h, "xcp-host-01");
    let at = |h: &Harness<'_, XenPilotApp>| {
        let pool = h.state().pools[0].id;
        h.state()
            .pools
            .session_of(Some(pool))
            .and_then(|s| s.base_url().host_str().map(str::to_string))
    };
    assert_eq!(at(&h).as_deref(), Some("127.0.0.1"));
    invoke(&mut h, Action::ManagementInterface, host);
    click(&mut h, "Static address");
    set_text(&mut h, "IP address", "127.0.0.43");
    set_text(&mut h, "Netmask", "255.0.0.0");
    assert!(shows(
        &h,
        "You are connected to xcp-host-01 at 127.0.0.1. After this change it answers at 127.0.0.43"
    ));
    click(&mut h, "Apply");
    wait(
        &mut h,
        |h| at(h).as_deref() == Some("127.0.0.43"),
        "the app at the new address",
    );
    wait(
        &mut h,
        |h| shows(h, "Done: XenPilot is connected at 127.0.0.43 now."),
        "the dialog saying so",
    );
    // The old address is gone: what the app shows comes from the new one.
    let url = live.server.url.clone();
    assert!(std::net::TcpStream::connect(url.trim_start_matches("http://")).is_err());
    wait(
        &mut h,
        |h| {
            h.state()
                .cache()
                .hosts
                .values()
                .any(|x| x.name_label == "xcp-host-01" && x.address == "127.0.0.43")
        },
        "the coordinator's new address in the cache",
    );
}

#[test]
fn screenshots_of_the_wizard_the_management_dialog_and_the_networking_tabs() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja"] {
        let ja = lang == "ja";
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        // The pool's networks, then a server's interfaces.
        let pool = {
            let cache = h.state().cache();
            Node::Pool(cache.pools.keys().next().cloned().expect("the pool"))
        };
        h.state_mut().send(Command::Select(pool));
        h.state_mut()
            .send(Command::ChooseTab(DetailsTab::Networking));
        h.run_steps(6);
        h.remove_cursor();
        h.run_steps(4);
        results.add(h.try_snapshot(format!("net-pool-tab-{lang}")));
        let host = host_node(&h, "xcp-host-01");
        h.state_mut().send(Command::Select(host.clone()));
        h.state_mut()
            .send(Command::ChooseTab(DetailsTab::Networking));
        h.run_steps(6);
        h.remove_cursor();
        h.run_steps(4);
        results.add(h.try_snapshot(format!("net-host-tab-{lang}")));
        // The wizard's VLAN page with a tag already in use.
        vlan_page(&mut h, if ja { "次へ >" } else { "Next >" }, "NIC");
        set_text(&mut h, if ja { "VLAN タグ" } else { "VLAN tag" }, "42");
        h.remove_cursor();
        h.run_steps(4);
        results.add(h.try_snapshot(format!("net-wizard-vlan-{lang}")));
        h.key_press(egui::Key::Escape);
        h.run_steps(4);
        // The management dialog on the server this client is connected to.
        invoke(&mut h, Action::ManagementInterface, host);
        click(
            &mut h,
            if ja {
                "静的アドレス"
            } else {
                "Static address"
            },
        );
        set_text(
            &mut h,
            if ja { "IP アドレス" } else { "IP address" },
            "192.168.10.21",
        );
        h.remove_cursor();
        h.run_steps(4);
        results.add(h.try_snapshot(format!("net-management-{lang}")));
    }
}

#[test]
fn a_bonds_mode_changes_in_properties_and_deleting_the_network_unbonds_every_server() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    let bonds = live.count("Bond");
    let hosts = live.count("host");
    h.state_mut().send(Command::NewNetwork);
    h.run_steps(4);
    click(&mut h, "Bonded network");
    click(&mut h, "Next >");
    set_text(&mut h, "Name", "Bond 2+3");
    click(&mut h, "NIC 2");
    click(&mut h, "NIC 3");
    click(&mut h, "Create network");
    wait(
        &mut h,
        |h| {
            live.count("Bond") == bonds + hosts
                && h.state()
                    .cache()
                    .networks
                    .values()
                    .any(|n| n.name_label == "Bond 2+3" && n.pifs.len() == hosts)
        },
        "a bond on every server, in the cache",
    );
    let node = network_node(&h, "Bond 2+3");
    invoke(&mut h, Action::NetworkProperties, node.clone());
    click(&mut h, "LACP, hashing on source MAC");
    assert!(shows(&h, "xe bond-set-mode uuid="));
    assert!(shows(&h, "properties:hashing_algorithm=src_mac"));
    assert!(!shows(&h, "name-label="), "only what changed");
    click(&mut h, "Apply");
    wait(
        &mut h,
        |_| {
            let made = rows_where(&live, "Bond", "mode", Value::from("lacp"));
            made.len() == hosts
                && made
                    .iter()
                    .all(|b| b["properties"]["hashing_algorithm"] == "src_mac")
        },
        "LACP on every server's bond",
    );
    click(&mut h, "Close");
    wait(
        &mut h,
        |h| h.state().cache().bonds.values().all(|b| b.mode == "lacp"),
        "the event",
    );
    invoke(&mut h, Action::DeleteNetwork, node);
    assert!(shows(&h, "Delete Bond 2+3?"));
    click(&mut h, "Delete network");
    wait(
        &mut h,
        |_| {
            live.count("Bond") == bonds
                && rows_where(&live, "network", "name_label", Value::from("Bond 2+3")).is_empty()
        },
        "the bonds and the network gone",
    );
    // The NICs are free again on every server.
    let eth2 = rows_where(&live, "PIF", "device", Value::from("eth2"));
    assert_eq!(eth2.len(), hosts);
    assert!(eth2.iter().all(|p| p["bond_slave_of"] == "OpaqueRef:NULL"));
}
