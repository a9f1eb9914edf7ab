//! Details that read right: a group node's members, the VM pane (IP addresses, xenstore-data,
//! snapshot times), links with Back and Forward, NIC and SR names, the View menu in the
//! Objects view, internal keys folded away, and small windows; with screenshots.

use crate::harness::{click_row, has, shows};
use eframe::egui::{self, accesskit::Role};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotResults};
use xenpilot::demo;
use xenpilot::model::tabs::DetailsTab;
use xenpilot::model::tree::Node;
use xenpilot::store::settings::{Settings, Theme};
use xenpilot::ui::{Command, XenPilotApp};

fn harness_sized(size: egui::Vec2) -> Harness<'static, XenPilotApp> {
    harness_of(demo::demo_pool(), size)
}

fn harness_of(db: xenpilot::xapidb::Db, size: egui::Vec2) -> Harness<'static, XenPilotApp> {
    let s = Settings {
        language: Some("en-US".into()),
        theme: Theme::Light,
        ..Settings::default()
    };
    let mut h = Harness::builder()
        .with_size(size)
        .with_theme(egui::Theme::Light)
        .build_eframe(move |cc| {
            let mut app = XenPilotApp::with_cache(xenpilot::xapidb::cache_of(&db), s);
            app.setup(&cc.egui_ctx);
            app
        });
    h.run();
    h
}

fn harness() -> Harness<'static, XenPilotApp> {
    harness_sized(egui::vec2(1000.0, 640.0))
}

fn objects_view(h: &mut Harness<'_, XenPilotApp>) {
    h.get_by_label("Objects").click();
    h.run();
}

/// The right edge of the tree pane (its search box spans it).
fn tree_right(h: &Harness<'_, XenPilotApp>) -> f32 {
    h.get_by_role_and_label(Role::TextInput, "Search")
        .rect()
        .right()
}

fn vm(h: &Harness<'_, XenPilotApp>, name: &str) -> Node {
    let (r, _) = h
        .state()
        .cache()
        .vms
        .iter()
        .find(|(_, v)| v.name_label == name)
        .unwrap_or_else(|| panic!("no VM {name}"));
    Node::Vm(r.clone())
}

fn sr(h: &Harness<'_, XenPilotApp>, name: &str) -> Node {
    let (r, _) = h
        .state()
        .cache()
        .srs
        .iter()
        .find(|(_, s)| s.name_label == name)
        .unwrap_or_else(|| panic!("no SR {name}"));
    Node::Sr(r.clone())
}

fn labels(h: &Harness<'_, XenPilotApp>) -> Vec<String> {
    h.state().rows().iter().map(|r| r.label.clone()).collect()
}

#[test]
fn a_group_node_lists_its_members_and_each_row_selects() {
    let mut h = harness();
    objects_view(&mut h);
    h.get_by_label("VMs").click();
    h.run();
    assert!(!has(&h, "This object no longer exists."));
    assert!(
        has(&h, "Power state") && has(&h, "IP addresses"),
        "the columns"
    );
    assert!(shows(&h, "Objects: "), "the count");
    assert!(
        has(&h, "192.168.20.22") && has(&h, "Suspended"),
        "key figures"
    );
    let right = tree_right(&h);
    let row = h
        .query_all_by_label("db-primary")
        .find(|n| n.rect().left() > right)
        .expect("db-primary in the member list");
    row.click();
    h.run();
    assert_eq!(h.state().nav.selected, Some(vm(&h, "db-primary")));
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    h.run();
    assert!(
        matches!(h.state().nav.selected, Some(Node::Group(_))),
        "Back to the group"
    );
    // A server group says which servers are live.
    h.get_by_label("Servers").click();
    h.run();
    assert!(has(&h, "Live") && has(&h, "192.168.10.11"));
}

#[test]
fn the_vm_pane_shows_ips_xenstore_data_and_snapshot_times() {
    let mut h = harness();
    h.get_by_label("web-01").click();
    h.run();
    assert!(has(&h, "IP addresses") && has(&h, "192.168.20.22"));
    assert!(has(&h, "xenstore data") && has(&h, "vm-data/env") && has(&h, "production"));
    // The Snapshots tab: the tree with each snapshot's time; picking one shows its details.
    h.state_mut()
        .send(Command::ChooseTab(DetailsTab::Snapshots));
    h.run();
    let snap = "○ web-01 before upgrade · 2026-11-24 22:00 UTC";
    assert!(has(&h, snap), "the VM's snapshots with their times");
    assert!(has(&h, "Now"), "where the VM stands");
    h.get_by_label(snap).click();
    h.run();
    assert!(has(&h, "Taken") && has(&h, "Disks only"));
    // The snapshot's own pane names its VM as a link.
    let snapshot = h.state().tabs.snapshots.picked.clone().expect("picked");
    h.state_mut().send(Command::Select(Node::Vm(snapshot)));
    h.run();
    assert!(has(&h, "Snapshot taken") && has(&h, "2026-11-24 22:00 UTC"));
    assert!(
        h.query_by_role_and_label(Role::Link, "web-01").is_some(),
        "the snapshot's VM is a link"
    );
}

#[test]
fn the_chosen_tab_stays_while_the_selection_moves() {
    let mut h = harness();
    let tab = |h: &Harness<'_, XenPilotApp>| h.state().tabs.shown(&h.state().view());
    h.get_by_label("web-01").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Storage").click();
    h.run();
    assert_eq!(tab(&h), DetailsTab::Storage);
    assert!(
        has(&h, "web-01 disk 0") && has(&h, "Read/write") && !has(&h, "xenstore data"),
        "only the disks, in a table"
    );
    let db = vm(&h, "db-primary");
    h.state_mut().send(Command::Select(db));
    h.run();
    assert_eq!(tab(&h), DetailsTab::Storage, "kept on another VM");
    // A network has no Storage tab: General shows, and Storage comes back after it.
    let net = h.state().cache().networks.keys().next().cloned().unwrap();
    h.state_mut().send(Command::Select(Node::Network(net)));
    h.run();
    assert_eq!(tab(&h), DetailsTab::General);
    let web = vm(&h, "web-01");
    h.state_mut().send(Command::Select(web));
    h.run();
    assert_eq!(tab(&h), DetailsTab::Storage);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::PageDown);
    h.run();
    assert_eq!(tab(&h), DetailsTab::Networking, "Ctrl+Page Down steps on");
    assert!(has(&h, "MAC") && has(&h, "MTU"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::PageUp);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::PageUp);
    h.run();
    assert_eq!(tab(&h), DetailsTab::General, "and Page Up back");
}

#[test]
fn links_lead_on_and_back_and_forward_return() {
    let mut h = harness();
    h.get_by_label("web-01").click();
    h.run();
    let web01 = vm(&h, "web-01");
    click_row(&mut h, DetailsTab::Networking, "0");
    let vif = h.state().nav.selected.clone().expect("the VIF");
    assert!(matches!(vif, Node::Vif(_)));
    h.get_by_role_and_label(Role::Link, "web-01").click();
    h.run();
    assert_eq!(h.state().nav.selected.as_ref(), Some(&web01), "the VM link");
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().nav.selected.as_ref(), Some(&vif), "Alt+Left");
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowRight);
    h.run();
    assert_eq!(h.state().nav.selected.as_ref(), Some(&web01), "Alt+Right");
    h.get_by_label("Back").click();
    h.run();
    assert_eq!(
        h.state().nav.selected.as_ref(),
        Some(&vif),
        "the Back button"
    );
    h.get_by_label("Forward").click();
    h.run();
    assert_eq!(h.state().nav.selected.as_ref(), Some(&web01), "Forward");
    // A disk's SR and a VIF's network are links too.
    click_row(&mut h, DetailsTab::Storage, "0");
    assert!(
        matches!(h.state().nav.selected, Some(Node::Vdi(_))),
        "web-01's disk"
    );
    h.get_by_role_and_label(Role::Link, "Local storage on xcp-host-01")
        .click();
    h.run();
    assert_eq!(
        h.state().nav.selected,
        Some(sr(&h, "Local storage")),
        "the disk's SR"
    );
    h.get_by_label("Back").click();
    h.run();
    h.get_by_label("Back").click();
    h.run();
    h.get_by_label("Back").click();
    h.run();
    assert_eq!(h.state().nav.selected.as_ref(), Some(&vif));
    let net = h
        .query_all_by_role(Role::Link)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with("Network "))
        })
        .expect("the VIF's network link");
    net.click();
    h.run();
    assert!(matches!(h.state().nav.selected, Some(Node::Network(_))));
}

#[test]
fn vlan_interfaces_have_their_own_names_and_nics_sort_naturally() {
    let mut db = demo::demo_pool();
    demo::lifecycle::bonds::bond_devices(&mut db, "xcp-host-01", &["eth2", "eth3"], "balance-slb")
        .expect("host 1's eth2 and eth3 bond");
    let mut h = harness_of(db, egui::vec2(1000.0, 640.0));
    objects_view(&mut h);
    let rows = labels(&h);
    let pos = |l: &str| {
        rows.iter()
            .position(|r| r == l)
            .unwrap_or_else(|| panic!("{l} in {rows:?}"))
    };
    let order = [
        "NIC 0 on xcp-host-01",
        "NIC 1 on xcp-host-01",
        "NIC 1 (VLAN 42) on xcp-host-01",
        "NIC 2 on xcp-host-01",
        "NIC 3 on xcp-host-01",
        "Bond 2+3 on xcp-host-01",
        "NIC 0 on xcp-host-02",
    ];
    for pair in order.windows(2) {
        assert!(
            pos(pair[0]) < pos(pair[1]),
            "{} before {}",
            pair[0],
            pair[1]
        );
    }
    // Host 1's interfaces in its Networking tab: each VLAN interface after its NIC.
    h.get_by_label("xcp-host-01").click();
    h.run();
    h.state_mut()
        .send(Command::ChooseTab(DetailsTab::Networking));
    h.run();
    let right = tree_right(&h);
    let nics: Vec<String> = h
        .query_all_by(|n| {
            n.label()
                .is_some_and(|l| l.starts_with("NIC ") || l.starts_with("Bond "))
        })
        .filter(|n| n.rect().left() > right)
        .filter_map(|n| n.accesskit_node().label().map(|l| l.to_string()))
        .collect();
    assert_eq!(
        nics,
        [
            "NIC 0",
            "NIC 1",
            "NIC 1 (VLAN 42)",
            "NIC 2",
            "NIC 3",
            "Bond 2+3"
        ]
    );
}

#[test]
fn repeated_local_storage_names_carry_their_host() {
    let mut h = harness();
    objects_view(&mut h);
    let rows = labels(&h);
    for l in [
        "DVD drives on xcp-host-01",
        "DVD drives on xcp-host-02",
        "Removable storage on xcp-host-01",
        "Removable storage on xcp-host-02",
    ] {
        assert!(rows.iter().any(|r| r == l), "{l} in {rows:?}");
    }
    assert!(!rows.iter().any(|r| r == "DVD drives"));
}

#[test]
fn the_objects_view_hides_xenserver_templates_while_the_view_menu_does() {
    let mut h = harness();
    objects_view(&mut h);
    assert!(!has(&h, "XenServer Templates") && !has(&h, "Debian Bookworm 12"));
    assert!(has(&h, "Custom Templates"));
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("XenServer Templates").click();
    h.run();
    assert!(h.state().settings.view.default_templates);
    assert!(has(&h, "Debian Bookworm 12"), "shown once asked for");
}

#[test]
fn internal_i18n_keys_are_folded_under_advanced() {
    let mut h = harness();
    let dvd = sr(&h, "DVD drives");
    h.state_mut().send(Command::Select(dvd));
    h.run();
    assert!(has(&h, "Advanced"));
    assert!(!has(&h, "i18n-key"), "folded away");
    h.get_by_label("Advanced").click();
    h.run();
    assert!(has(&h, "i18n-key") && has(&h, "local-hotplug-cd"));
}

#[test]
fn a_small_window_keeps_both_panes_and_elides_long_labels() {
    let mut h = harness();
    h.get_by_label("web-01").click();
    h.run();
    let wide = tree_right(&h);
    h.set_size(egui::vec2(480.0, 420.0));
    h.run();
    let right = tree_right(&h);
    assert!(right >= 150.0, "the tree keeps its minimum: {right}");
    let title = h
        .query_all_by_label("web-01")
        .find(|n| n.rect().left() > right)
        .expect("the details pane stays");
    assert!(
        title.rect().left() < 480.0 - 100.0,
        "with room: {:?}",
        title.rect()
    );
    // Tree labels end in "…" at the pane's edge instead of running under the details.
    for n in h.query_all_by_role(Role::Button) {
        let r = n.rect();
        if r.left() < right && r.top() > 60.0 {
            assert!(
                r.right() <= right + 12.0,
                "{:?} overflows: {r:?}",
                n.accesskit_node().label()
            );
        }
    }
    // Narrower than the tree's minimum: drawn, and settles (no endless relayout).
    h.set_size(egui::vec2(140.0, 300.0));
    h.run();
    h.set_size(egui::vec2(1000.0, 640.0));
    h.run();
    let back = tree_right(&h);
    assert!(
        (back - wide).abs() < 2.0,
        "the tree gets its width back: {back} vs {wide}"
    );
}

#[test]
fn screenshots_of_a_group_and_of_the_vm_pane() {
    let mut results = SnapshotResults::new();
    let mut h = harness();
    objects_view(&mut h);
    h.get_by_label("VMs").click();
    h.run();
    h.remove_cursor();
    h.run();
    results.add(h.try_snapshot("details-group-vms-en-US"));
    let mut h = harness();
    h.get_by_label("web-01").click();
    h.run();
    h.remove_cursor();
    h.run();
    results.add(h.try_snapshot("details-vm-en-US"));
}
