//! The VM lifecycle driven through the real app against a demo server: snapshots from the
//! Snapshots tab (take, revert, delete), actions from the VM menu, the context menu, the
//! toolbar and the shortcuts, one action on several VMs, copy and delete dialogs, the New VM
//! wizard to a running VM, Cancel in the Events view, dismissing alerts, and a read-only user
//! who sees every action greyed.

use crate::common::{PASSWORD, RO_USER};
use crate::forms::Live;
use crate::harness::{has, set_text, shows, wait};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use xenpilot::model::tabs::DetailsTab;
use xenpilot::model::tree::Node;
use xenpilot::ui::{Command, XenPilotApp};

/// Clicks the first widget labelled `label` (the menu bar and the tree come before the
/// details pane, whose heading repeats the selection's name).
fn click(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    first(h, label).click();
    // Running jobs spin: step a fixed number of frames rather than wait for quiet.
    h.run_steps(6);
}

fn first<'a>(h: &'a Harness<'_, XenPilotApp>, label: &'a str) -> egui_kittest::Node<'a> {
    h.query_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("no {label}"))
}

fn power(live: &Live, vm: &str) -> String {
    live.vm(vm)["power_state"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The menu item whose label starts with `item` (a menu item's label ends with its
/// shortcut, "Copy VM… Ctrl+Shift+C").
fn item<'a>(h: &'a Harness<'_, XenPilotApp>, item: &'a str) -> egui_kittest::Node<'a> {
    h.query_all_by(move |n| {
        n.label()
            .is_some_and(|l| l == item || l.starts_with(&format!("{item} ")))
    })
    .next()
    .unwrap_or_else(|| panic!("no item {item}"))
}

/// Opens the VM menu of the menu bar and clicks `label`.
fn vm_menu(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    click(h, "VM");
    item(h, label).click();
    h.run_steps(6);
}

#[test]
fn snapshots_are_taken_reverted_and_deleted_from_the_snapshots_tab() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    click(&mut h, "web-01");
    h.state_mut()
        .send(Command::ChooseTab(DetailsTab::Snapshots));
    h.run();
    let before = live.vm("web-01")["snapshots"]
        .as_array()
        .map_or(0, Vec::len);
    click(&mut h, "Take snapshot…");
    set_text(&mut h, "Name", "pre-upgrade");
    assert!(shows(&h, "new-name-label=pre-upgrade"), "the xe command");
    // Enter in the name field takes it.
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |h| shows(h, "Take snapshot · web-01: done"),
        "the snapshot",
    );
    let snaps = live.vm("web-01")["snapshots"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(snaps, before + 1);
    let row = h
        .query_all_by(|n| n.label().is_some_and(|l| l.contains("pre-upgrade · ")))
        .next()
        .expect("the new snapshot in the tree")
        .accesskit_node()
        .label()
        .unwrap_or_default()
        .to_string();
    click(&mut h, &row);
    assert!(has(&h, "Taken") && has(&h, "Disks only"));
    click(&mut h, "Revert to snapshot…");
    assert!(shows(&h, "Revert web-01 to pre-upgrade?"));
    assert!(shows(&h, "xe snapshot-revert snapshot-uuid="));
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |h| shows(h, "Revert to snapshot · pre-upgrade: done"),
        "the revert",
    );
    click(&mut h, &row);
    click(&mut h, "Delete snapshot…");
    assert!(shows(&h, "xe snapshot-uninstall snapshot-uuid="));
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |_| {
            live.vm("web-01")["snapshots"]
                .as_array()
                .map_or(0, Vec::len)
                == before
        },
        "the snapshot deleted",
    );
}

#[test]
fn power_actions_come_from_the_shortcuts_the_vm_menu_and_the_context_menu() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    click(&mut h, "db-replica");
    assert_eq!(power(&live, "db-replica"), "Halted");
    // The menu follows allowed_operations, which the event after each action brings.
    let allows =
        |h: &Harness<'_, XenPilotApp>, op: &str| {
            h.state().cache().vms.values().any(|v| {
                v.name_label == "db-replica" && v.allowed_operations.iter().any(|o| o == op)
            })
        };
    // Ctrl+B starts, as in XenCenter (once: one job).
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::B);
    h.run_steps(4);
    assert_eq!(h.state().power_jobs().count(), 1);
    wait(
        &mut h,
        |h| shows(h, "Start · db-replica: done"),
        "the start",
    );
    assert_eq!(power(&live, "db-replica"), "Running");
    // A result goes from the status bar after 10 s (the harness's clock: a quarter second a
    // frame); the Events view keeps it.
    h.run_steps(44);
    assert!(!shows(&h, "Start · db-replica: done"), "the notice expired");
    wait(&mut h, |h| allows(h, "pause"), "pause allowed");
    vm_menu(&mut h, "Pause");
    wait(
        &mut h,
        |h| shows(h, "Pause · db-replica: done"),
        "the pause",
    );
    assert_eq!(power(&live, "db-replica"), "Paused");
    wait(&mut h, |h| allows(h, "unpause"), "unpause allowed");
    vm_menu(&mut h, "Unpause");
    wait(
        &mut h,
        |h| shows(h, "Unpause · db-replica: done"),
        "the unpause",
    );
    assert_eq!(power(&live, "db-replica"), "Running");
    // Move it live to the other server, from its context menu.
    wait(&mut h, |h| allows(h, "pool_migrate"), "migrate allowed");
    let from = live.vm("db-replica")["resident_on"].clone();
    first(&h, "db-replica").click_secondary();
    h.run_steps(4);
    first(&h, "Move to server").click();
    h.run_steps(4);
    // The pool is asked which servers can take it; the menu shows "checking…" meanwhile.
    wait(&mut h, |h| !shows(h, "checking…"), "the placement checks");
    // The submenu's host (the tree's row of that name comes first).
    h.query_all_by_label("xcp-host-01").last().unwrap().click();
    h.run_steps(6);
    wait(
        &mut h,
        |h| shows(h, "Move to server · db-replica: done"),
        "the move",
    );
    assert_ne!(live.vm("db-replica")["resident_on"], from);
    assert_eq!(power(&live, "db-replica"), "Running", "live");
    // Force shut down asks first.
    wait(&mut h, |h| allows(h, "hard_shutdown"), "shutdown allowed");
    vm_menu(&mut h, "Force shut down");
    assert!(shows(&h, "Force shut down this VM?"));
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |_| power(&live, "db-replica") == "Halted",
        "the shutdown",
    );
}

#[test]
fn one_action_runs_on_every_vm_picked() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    click(&mut h, "web-02");
    first(&h, "web-10").click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    first(&h, "web-02").click_secondary();
    h.run();
    click(&mut h, "Suspend 2 VMs");
    wait(
        &mut h,
        |_| power(&live, "web-02") == "Suspended" && power(&live, "web-10") == "Suspended",
        "both suspended",
    );
    // One report for the choice, naming both (not the last VM to finish alone).
    wait(
        &mut h,
        |h| shows(h, "Suspend · web-02, web-10: done"),
        "one notice for both",
    );
}

#[test]
fn copy_and_delete_ask_what_they_need_and_show_xe() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    click(&mut h, "db-replica");
    let vms = live.count("VM");
    vm_menu(&mut h, "Copy VM…");
    set_text(&mut h, "Name", "db-copy");
    click(&mut h, "Full copy to:");
    assert!(shows(&h, "xe vm-copy uuid="), "{}", "the xe command");
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |h| shows(h, "Copy VM · db-replica: done"),
        "the copy",
    );
    assert_eq!(live.count("VM"), vms + 1);
    // Delete the copy with its disks.
    wait(&mut h, |h| has(h, "db-copy"), "the copy in the tree");
    click(&mut h, "db-copy");
    let vdis = live.count("VDI");
    vm_menu(&mut h, "Delete VM…");
    assert!(shows(&h, "Delete these disks too:"));
    assert!(shows(&h, "xe vm-destroy uuid=") && shows(&h, "xe vdi-destroy uuid="));
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |h| shows(h, "Delete VM · db-copy: done"),
        "the delete",
    );
    assert_eq!(live.count("VM"), vms);
    // The selection moves to the row the VM was under (its disks' server: a full copy to
    // local storage), not to nothing.
    wait(
        &mut h,
        |h| matches!(h.state().nav.selected, Some(Node::Host(_))),
        "the selection on the VM's server",
    );
    assert!(live.count("VDI") < vdis, "its disks went too");
}

#[test]
fn the_new_vm_wizard_makes_a_running_vm() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::N,
    );
    h.run();
    assert!(has(&h, "1. Template"));
    click(&mut h, "Debian Bookworm 12");
    click(&mut h, "Next >");
    // The name is checked before the wizard goes on.
    set_text(&mut h, "Name", "");
    assert!(shows(&h, "Enter a name."));
    assert!(h.get_by_label("Next >").accesskit_node().is_disabled());
    set_text(&mut h, "Name", "new-web");
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(has(&h, "vCPUs"));
    click(&mut h, "Next >");
    click(&mut h, "UEFI");
    click(&mut h, "Next >");
    click(&mut h, "Next >");
    click(&mut h, "Network 0");
    click(&mut h, "Next >");
    assert!(shows(&h, "VM=$(xe vm-clone uuid="));
    assert!(shows(&h, "HVM-boot-params:firmware=uefi"));
    click(&mut h, "Create VM");
    wait(
        &mut h,
        |_| {
            live.server.state.read(|db| {
                db.table("VM").is_some_and(|t| {
                    t.rows.values().any(|r| {
                        r.fields["name_label"] == "new-web" && r.fields["power_state"] == "Running"
                    })
                })
            })
        },
        "the new VM running",
    );
    let vm = live.vm("new-web");
    assert_eq!(vm["VIFs"].as_array().map_or(0, Vec::len), 1);
    assert_eq!(vm["HVM_boot_params"]["firmware"], "uefi");
    assert_eq!(vm["is_a_template"], false);
    // The result and the Events view name the new VM, not the template it came from.
    wait(&mut h, |h| shows(h, "New VM · new-web: done"), "the result");
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::E,
    );
    h.run_steps(4);
    assert!(has(&h, "New VM"), "its tasks are named after the action");
    assert!(
        !shows(&h, "Debian Bookworm 12"),
        "no task is credited to the template"
    );
}

#[test]
fn the_events_view_lists_tasks_and_cancels_one() {
    // Slow tasks: the copy runs long enough to cancel.
    let live = Live::with_speed(0.2);
    let mut h = live.app("en-US", ("root", PASSWORD));
    click(&mut h, "db-replica");
    vm_menu(&mut h, "Copy VM…");
    click(&mut h, "Full copy to:");
    h.key_press(egui::Key::Enter);
    h.run_steps(6);
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::E,
    );
    wait(
        &mut h,
        |h| has(h, "Copy VM") && has(h, "Cancel"),
        "the running copy",
    );
    assert!(shows(&h, "Tasks running: 1"));
    click(&mut h, "Cancel");
    wait(&mut h, |h| has(h, "Cancelled"), "the cancel");
    // A cancel the user asked for is said as cancelled, not as a failure.
    wait(
        &mut h,
        |h| shows(h, "Copy VM · db-replica: cancelled"),
        "the job's end",
    );
    assert!(!shows(&h, "failed"));
}

#[test]
fn alerts_are_filtered_and_dismissed() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    let total = live.count("message");
    assert!(total > 2, "the demo pool has alerts");
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::A,
    );
    h.run();
    assert!(shows(&h, &format!("{total} of {total} shown")));
    // Only the informational ones.
    for p in ["Critical", "Major", "Warning", "Minor"] {
        if let Some(n) = h.query_by_label_contains(&format!("{p} (")) {
            n.click();
            h.run();
        }
    }
    let shown = h
        .query_all_by(|n| n.label().is_some_and(|l| l == "Dismiss"))
        .count();
    assert!(shown > 0 && shown < total, "{shown} of {total}");
    h.query_all_by_label("Dismiss").next().unwrap().click();
    wait(
        &mut h,
        |_| live.count("message") == total - 1,
        "one dismissed",
    );
    h.query_by_label_contains("Dismiss all shown")
        .unwrap()
        .click();
    h.run();
    assert!(shows(&h, "They are deleted on the server, for every user."));
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |_| live.count("message") == total - shown,
        "the shown ones dismissed",
    );
}

#[test]
fn a_read_only_user_sees_every_action_greyed() {
    let live = Live::new();
    let mut h = live.app("en-US", RO_USER);
    click(&mut h, "web-01");
    for label in ["New VM…", "Shut down", "Reboot", "Suspend", "Take snapshot"] {
        assert!(
            h.get_by_label(label).accesskit_node().is_disabled(),
            "{label} greyed"
        );
    }
    click(&mut h, "VM");
    assert!(item(&h, "Take snapshot…").accesskit_node().is_disabled());
    assert!(item(&h, "Force shut down").accesskit_node().is_disabled());
    h.key_press(egui::Key::Escape);
    h.run();
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::A,
    );
    h.run();
    assert!(
        h.query_by_label_contains("Dismiss all shown")
            .unwrap()
            .accesskit_node()
            .is_disabled()
    );
    // The shortcut does nothing either.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    assert_eq!(power(&live, "web-01"), "Running");
}

#[test]
fn a_new_vm_s_tasks_are_its_own_while_the_rest_of_the_plan_runs_and_the_wizard_stays_put() {
    // Slow tasks: the VM exists (its clone answered) long before it has started.
    let live = Live::with_speed(0.5);
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::N,
    );
    h.run();
    let corner = |h: &Harness<'_, XenPilotApp>| {
        let r = h
            .get_by_role_and_label(egui::accesskit::Role::Window, "New VM")
            .accesskit_node()
            .bounding_box()
            .expect("the wizard's bounds");
        (r.x0, r.y0)
    };
    click(&mut h, "Debian Bookworm 12");
    let at = corner(&h);
    click(&mut h, "Next >");
    set_text(&mut h, "Name", "slow-web");
    for _ in 0..5 {
        click(&mut h, "Next >");
    }
    // The last step's long xe plan scrolls: the wizard neither grows off the screen nor
    // moves.
    assert!(shows(&h, "VM=$(xe vm-clone"));
    assert_eq!(corner(&h), at, "the wizard stayed where it was");
    click(&mut h, "Create VM");
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::E,
    );
    let exists = |live: &Live| {
        live.server.state.read(|db| {
            db.table("VM").is_some_and(|t| {
                t.rows
                    .values()
                    .any(|r| r.fields["name_label"] == "slow-web")
            })
        })
    };
    wait(&mut h, |_| exists(&live), "the clone made the VM");
    // Once the clone's task has answered (a poll later than the VM's event), its tasks
    // are the VM's: the template is named nowhere while the plan goes on.
    wait(
        &mut h,
        |h| shows(h, "slow-web") && !shows(h, "Debian Bookworm 12"),
        "the tasks credited to the new VM",
    );
    assert_ne!(
        live.vm("slow-web")["power_state"],
        "Running",
        "the plan is still running"
    );
}

/// Move to server asks the pool, per server, whether the VM can run there
/// (`VM.assert_can_boot_here`, in the background: `ui::placement`'s tests show "checking…"
/// until it answers, which on loopback is too soon to catch here); a server that cannot is
/// greyed with the reason (web-01's disk is on xcp-host-01's local storage).
#[test]
fn move_to_greys_the_servers_that_cannot_run_the_vm_saying_why() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    first(&h, "web-01").click_secondary();
    h.run_steps(4);
    first(&h, "Move to server").click();
    h.run_steps(2);
    let refused = "xcp-host-02 — cannot reach the storage Local storage";
    wait(&mut h, |h| shows(h, refused), "the refusal");
    assert!(first(&h, refused).accesskit_node().is_disabled());
    let here = first(&h, "xcp-host-01 — the VM runs here");
    assert!(here.accesskit_node().is_disabled());
}
