//! Disk properties from a VM's Storage tab: a halted VM's drive made read-only and moved to
//! a free position (only those calls sent), a running VM's drive greyed with the reason;
//! and screenshots of the dialog.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{click, shows, wait};
use crate::storage::{disk_menu, storage_tab};
use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotResults};
use serde_json::Value;
use xenpilot::ui::XenPilotApp;

/// Opens the combo box labelled `label` and picks `option`.
fn pick(h: &mut Harness<'_, XenPilotApp>, label: &str, option: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::ComboBox, label)
        .click();
    h.run_steps(4);
    // The popup's item is drawn last (a table cell may carry the same words).
    h.query_all_by_label(option)
        .last()
        .unwrap_or_else(|| panic!("no {option}"))
        .click();
    h.run_steps(6);
}

/// The drive of `vm` at `position`, as the server has it: (ref, mode).
fn drive_at(live: &Live, vm: &str, position: &str) -> Option<(String, String)> {
    let vm = live.vm(vm)["ref"].as_str().unwrap_or_default().to_string();
    live.server.state.read(|db| {
        db.table("VBD")?.rows.iter().find_map(|(k, r)| {
            (r.fields.get("VM") == Some(&Value::from(vm.as_str()))
                && r.fields.get("userdevice") == Some(&Value::from(position)))
            .then(|| {
                let mode = r.fields.get("mode").and_then(Value::as_str);
                (k.clone(), mode.unwrap_or_default().to_string())
            })
        })
    })
}

#[test]
fn a_halted_vms_drive_turns_read_only_and_moves_a_running_ones_is_greyed() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    let (vbd, mode) = drive_at(&live, "db-replica", "1").expect("disk 1");
    assert_eq!(mode, "RW");
    storage_tab(&mut h, "db-replica");
    disk_menu(&mut h, "1");
    click(&mut h, "Disk properties…");
    assert!(shows(&h, "Drive on db-replica"));
    pick(&mut h, "Mode", "Read-only");
    pick(&mut h, "Position", "5");
    assert!(shows(&h, "mode=RO"), "the xe line of the mode");
    assert!(shows(&h, "userdevice=5"), "the xe line of the position");
    h.key_press(egui::Key::Enter);
    wait(&mut h, |h| shows(h, ": done"), "the settings saved");
    let (moved, mode) = drive_at(&live, "db-replica", "5").expect("moved to 5");
    assert_eq!((moved, mode.as_str()), (vbd, "RO"));
    assert!(drive_at(&live, "db-replica", "1").is_none());

    // A running VM's drive: both greyed, each saying why.
    storage_tab(&mut h, "web-01");
    disk_menu(&mut h, "0");
    click(&mut h, "Disk properties…");
    assert!(shows(&h, "Shut down the VM to change the mode."));
    assert!(shows(
        &h,
        "Unplug the drive or shut down the VM to move it."
    ));
    let combo = h.get_by_role_and_label(egui::accesskit::Role::ComboBox, "Mode");
    assert!(combo.accesskit_node().is_disabled());
}

/// The disk Properties dialog with the mode changed, in English and Japanese.
#[test]
fn screenshots_of_the_disk_properties_dialog() {
    let mut results = SnapshotResults::new();
    for (lang, item, mode, ro) in [
        ("en-US", "Disk properties…", "Mode", "Read-only"),
        ("ja", "ディスクのプロパティ…", "モード", "読み取り専用"),
    ] {
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        storage_tab(&mut h, "db-replica");
        disk_menu(&mut h, "1");
        click(&mut h, item);
        pick(&mut h, mode, ro);
        h.run_steps(4);
        results.add(h.try_snapshot(format!("disk-properties-{lang}")));
    }
}

/// A VM's Storage tab says which drives keep it on its server: web-01's disk on host 1's
/// local storage travels with it (storage motion); in English and Japanese.
#[test]
fn the_storage_tab_says_which_disks_tie_a_vm_to_its_server() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja"] {
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        storage_tab(&mut h, "web-01");
        h.run_steps(4);
        if lang == "en-US" {
            assert!(shows(&h, "Migration"), "the column");
            assert!(shows(&h, "Moving this VM to another server:"));
            assert!(
                shows(&h, "Local storage is reachable only from xcp-host-01"),
                "the server that sees the disk's repository"
            );
            assert!(shows(&h, "Moves with the VM"));
        }
        results.add(h.try_snapshot(format!("storage-migration-{lang}")));
    }
}
