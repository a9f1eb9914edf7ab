//! Move disk from a VM's Storage tab, through the real app against a demo server: a halted
//! VM's disk copied to another repository with its drive swapped to the copy, a running VM's
//! disk migrated live; and screenshots of the dialog.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{click, shows, wait};
use crate::storage::{disk_menu, storage_tab, vdis_named};
use eframe::egui;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotResults};
use serde_json::Value;
use xenpilot::ui::XenPilotApp;

/// Picks the repository whose radio label starts with `name`.
fn pick_sr(h: &mut Harness<'_, XenPilotApp>, name: &str) {
    h.query_all_by(|n| {
        n.role() == egui::accesskit::Role::RadioButton
            && n.label().is_some_and(|l| l.starts_with(name))
    })
    .next()
    .unwrap_or_else(|| panic!("no repository {name} offered"))
    .click();
    h.run_steps(6);
}

fn sr_named(live: &Live, name: &str) -> String {
    live.server.state.read(|db| {
        db.table("SR")
            .and_then(|t| {
                t.rows
                    .iter()
                    .find(|(_, r)| r.fields.get("name_label") == Some(&Value::from(name)))
                    .map(|(k, _)| k.clone())
            })
            .unwrap_or_else(|| panic!("no SR {name}"))
    })
}

#[test]
fn a_halted_vms_disk_is_copied_and_swapped_a_running_vms_migrated() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    let (old, _) = vdis_named(&live, "db-replica disk 0").remove(0);
    storage_tab(&mut h, "db-replica");
    disk_menu(&mut h, "0");
    click(&mut h, "Move disk…");
    assert!(shows(&h, "Move db-replica disk 0 · 40 GiB"));
    assert!(shows(&h, "copied to the new repository"), "halted: a copy");
    pick_sr(&mut h, "Fast NVMe (host 2)");
    assert!(shows(&h, "xe vdi-copy uuid="));
    assert!(shows(&h, "xe vbd-destroy uuid="));
    assert!(shows(&h, "xe vdi-destroy uuid="));
    h.key_press(egui::Key::Enter);
    wait(&mut h, |h| shows(h, ": done"), "the copy");
    let nvme = sr_named(&live, "Fast NVMe (host 2)");
    let moved = vdis_named(&live, "db-replica disk 0");
    assert_eq!(moved.len(), 1, "the original is deleted");
    let (new, rec) = &moved[0];
    assert_ne!(new, &old);
    assert_eq!(rec["SR"], Value::from(nvme));
    // The VM's drive at position 0 now holds the copy, still bootable.
    let vbd = rec["VBDs"][0].as_str().expect("a drive").to_string();
    let (vm, device) = live.server.state.read(|db| {
        (
            db.field("VBD", &vbd, "VM").cloned(),
            db.field("VBD", &vbd, "userdevice").cloned(),
        )
    });
    assert_eq!(vm, live.vm("db-replica")["ref"].clone().into());
    assert_eq!(device, Some(Value::from("0")));

    // A running VM's disk moves live: one pool_migrate, the VM keeps running.
    let (old, _) = vdis_named(&live, "web-01 disk 0").remove(0);
    storage_tab(&mut h, "web-01");
    disk_menu(&mut h, "0");
    click(&mut h, "Move disk…");
    assert!(shows(&h, "keeps running"), "running: live");
    pick_sr(&mut h, "Shared NFS storage");
    assert!(shows(&h, "xe vdi-pool-migrate uuid="));
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |h| shows(h, "Move disk · web-01: done"),
        "the migration",
    );
    let moved = vdis_named(&live, "web-01 disk 0");
    assert_eq!(moved.len(), 1);
    assert_ne!(moved[0].0, old);
    assert_eq!(live.vm("web-01")["power_state"], "Running");
}

/// The Move disk dialog with a repository picked, in English and Japanese.
#[test]
fn screenshots_of_the_move_disk_dialog() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja"] {
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        storage_tab(&mut h, "db-replica");
        disk_menu(&mut h, "0");
        let label = if lang == "ja" {
            "ディスクの移動…"
        } else {
            "Move disk…"
        };
        click(&mut h, label);
        pick_sr(&mut h, "Fast NVMe (host 2)");
        h.run_steps(4);
        results.add(h.try_snapshot(format!("disk-move-{lang}")));
    }
}
