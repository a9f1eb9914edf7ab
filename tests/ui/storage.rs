//! Disks from a VM's Storage tab, driven through the real app against a demo server: a new
//! disk hot-plugged into a running VM, a resize (grow only, refused while the VM runs), a
//! delete that names the VM using the disk; and screenshots of a disk's menu.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{click, has, set_text, shows, wait};
use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotResults};
use serde_json::Value;
use xenpilot::model::tabs::DetailsTab;
use xenpilot::ui::{Command, XenPilotApp};

const GIB: i64 = 1 << 30;

/// Selects `vm` and shows its Storage tab.
pub(crate) fn storage_tab(h: &mut Harness<'_, XenPilotApp>, vm: &str) {
    click(h, vm);
    h.state_mut().send(Command::ChooseTab(DetailsTab::Storage));
    h.run_steps(6);
}

/// Right-clicks the disk row at `position` of the Storage tab shown.
pub(crate) fn disk_menu(h: &mut Harness<'_, XenPilotApp>, position: &str) {
    h.query_all_by(|n| {
        n.role() == egui::accesskit::Role::Button && n.label().is_some_and(|l| l == position)
    })
    .last()
    .unwrap_or_else(|| panic!("a row {position}"))
    .click_secondary();
    h.run_steps(6);
}

/// The VDI records of the server named `name`.
pub(crate) fn vdis_named(live: &Live, name: &str) -> Vec<(String, Value)> {
    live.server.state.read(|db| {
        db.table("VDI")
            .map(|t| {
                t.rows
                    .iter()
                    .filter(|(_, r)| r.fields.get("name_label") == Some(&Value::from(name)))
                    .map(|(k, _)| (k.clone(), db.record("VDI", k).unwrap()))
                    .collect()
            })
            .unwrap_or_default()
    })
}

pub(crate) fn vdi_field(live: &Live, vdi: &str, f: &str) -> Value {
    live.server
        .state
        .read(|db| db.field("VDI", vdi, f).cloned().unwrap_or(Value::Null))
}

#[test]
fn a_new_disk_is_created_and_hot_plugged_into_a_running_vm() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    storage_tab(&mut h, "web-01");
    click(&mut h, "New disk…");
    set_text(&mut h, "Name", "data-01");
    set_text(&mut h, "Size (GiB)", "8");
    assert!(shows(&h, "xe vdi-create sr-uuid="), "the xe lines");
    assert!(shows(&h, "xe vbd-plug"), "plugged: the VM runs");
    // A size the repository cannot hold is refused before anything is sent.
    set_text(&mut h, "Size (GiB)", "999999");
    assert!(shows(&h, "The repository has not that much free space."));
    set_text(&mut h, "Size (GiB)", "8");
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |h| shows(h, "New disk · web-01: done"),
        "the new disk",
    );
    let made = vdis_named(&live, "data-01");
    assert_eq!(made.len(), 1);
    let (vdi, rec) = &made[0];
    assert_eq!(rec["virtual_size"], 8 * GIB);
    let vbd = rec["VBDs"][0].as_str().expect("a drive").to_string();
    let (vm, attached) = live.server.state.read(|db| {
        (
            db.field("VBD", &vbd, "VM").cloned(),
            db.field("VBD", &vbd, "currently_attached").cloned(),
        )
    });
    assert_eq!(vm, live.vm("web-01")["ref"].clone().into());
    assert_eq!(attached, Some(Value::Bool(true)), "hot-plugged");
    assert!(!vdi.is_empty());
}

#[test]
fn a_disk_grows_only_and_not_while_its_vm_runs() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    // A running VM's disk: Resize is greyed, saying why.
    storage_tab(&mut h, "web-01");
    disk_menu(&mut h, "0");
    let resize = h.get_by_label("Resize disk…");
    assert!(resize.accesskit_node().is_disabled(), "in use");
    h.key_press(egui::Key::Escape);
    h.run_steps(4);
    // A halted VM's disk grows.
    storage_tab(&mut h, "db-replica");
    disk_menu(&mut h, "0");
    click(&mut h, "Resize disk…");
    set_text(&mut h, "Size (GiB)", "20");
    assert!(shows(&h, "disks do not shrink"), "smaller than now");
    set_text(&mut h, "Size (GiB)", "50");
    assert!(shows(&h, &format!("disk-size={}", 50 * GIB)));
    h.key_press(egui::Key::Enter);
    wait(&mut h, |h| shows(h, ": done"), "the resize");
    let (vdi, _) = vdis_named(&live, "db-replica disk 0").remove(0);
    assert_eq!(vdi_field(&live, &vdi, "virtual_size"), 50 * GIB);
}

#[test]
fn deleting_a_disk_names_the_vm_that_uses_it() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    storage_tab(&mut h, "db-replica");
    disk_menu(&mut h, "1");
    click(&mut h, "Delete disk…");
    assert!(shows(
        &h,
        "Delete the disk db-replica disk 1? It is used by db-replica."
    ));
    assert!(shows(&h, "xe vdi-destroy uuid="));
    assert!(has(
        &h,
        "Everything on the disk is lost; this cannot be undone."
    ));
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |_| vdis_named(&live, "db-replica disk 1").is_empty(),
        "the disk deleted",
    );
    // Its drive went with it.
    let vbds = live.vm("db-replica")["VBDs"].as_array().map_or(0, Vec::len);
    assert_eq!(vbds, 2, "disk 0 and the CD drive stay");
}

/// A disk's menu on a VM's Storage tab, in English and Japanese.
#[test]
fn screenshots_of_a_disks_menu() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja"] {
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        storage_tab(&mut h, "db-replica");
        disk_menu(&mut h, "1");
        h.run_steps(4);
        results.add(h.try_snapshot(format!("disk-menu-{lang}")));
    }
}

/// The NFS repository's PBDs, detached and pointed at an export that allows only the
/// first host (as the demo's simulated `nfs-acl.example.lan`).
fn break_nfs_on_the_second_host(live: &Live) {
    live.server.state.write(|db| {
        let sr = "OpaqueRef:fac3a4b5-4ee6-5210-aa82-b1a91e13d07a";
        let pbds: Vec<String> = db
            .table("PBD")
            .map(|t| {
                t.rows
                    .iter()
                    .filter(|(_, r)| r.fields.get("SR") == Some(&Value::from(sr)))
                    .map(|(k, _)| k.clone())
                    .collect()
            })
            .unwrap_or_default();
        for p in pbds {
            db.set_field("PBD", &p, "currently_attached", Value::Bool(false));
            db.set_field(
                "PBD",
                &p,
                "device_config",
                serde_json::json!({"server": "nfs-acl.example.lan", "serverpath": "/export/vms"}),
            );
        }
    });
}

#[test]
fn repair_says_which_server_failed_and_why() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    break_nfs_on_the_second_host(&live);
    wait(
        &mut h,
        |h| h.query_all_by_label("Shared NFS storage").next().is_some(),
        "the repository",
    );
    storage_tab(&mut h, "Shared NFS storage");
    // Detached everywhere: Rescan is greyed, Repair is not.
    wait(
        &mut h,
        |h| {
            h.query_all_by_label("Rescan")
                .next()
                .is_some_and(|n| n.accesskit_node().is_disabled())
        },
        "the detached repository",
    );
    click(&mut h, "Repair");
    wait(
        &mut h,
        |h| shows(h, "Repair · xcp-host-02 failed"),
        "the repair",
    );
    assert!(
        shows(&h, "check the export's allowed hosts"),
        "SM's code 73 in words"
    );
    assert!(shows(&h, "xcp-host-01: done"), "the first host mounted");
    let attached: Vec<bool> = live.server.state.read(|db| {
        let mut v: Vec<(String, bool)> = db
            .table("PBD")
            .unwrap()
            .rows
            .iter()
            .filter(|(_, r)| {
                r.fields.get("SR")
                    == Some(&Value::from(
                        "OpaqueRef:fac3a4b5-4ee6-5210-aa82-b1a91e13d07a",
                    ))
            })
            .map(|(_, r)| {
                let host = r.fields["host"].as_str().unwrap().to_string();
                let name = db.field("host", &host, "name_label").cloned().unwrap();
                (
                    name.as_str().unwrap().to_string(),
                    r.fields["currently_attached"] == true,
                )
            })
            .collect();
        v.sort();
        v.into_iter().map(|(_, a)| a).collect()
    });
    assert_eq!(attached, [true, false]);
    // The repository's General tab keeps saying so, server by server.
    click(&mut h, "General");
    assert!(shows(
        &h,
        "Broken: not attached on every server (Repair plugs it)"
    ));
    assert!(shows(&h, "Connected") && shows(&h, "Unplugged"));
}

/// A repository's Storage tab after a repair that failed on one server, in English and
/// Japanese: its actions above its disks, and the status bar saying which server failed.
#[test]
fn screenshots_of_a_repository_after_a_partial_repair() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja"] {
        let live = Live::with_speed(20.0);
        let mut h = live.app(lang, ("root", PASSWORD));
        break_nfs_on_the_second_host(&live);
        storage_tab(&mut h, "Shared NFS storage");
        h.state_mut().send(Command::InvokeOnSelection(
            xenpilot::ui::actions::Action::RepairSr,
        ));
        // The driver's words name the server that refused the mount.
        wait(&mut h, |h| shows(h, "nfs-acl.example.lan"), "the repair");
        h.run_steps(4);
        results.add(h.try_snapshot(format!("sr-repair-{lang}")));
    }
}

/// The server's SR records with this UUID, and how many of their PBDs are attached.
fn sr_by_uuid(live: &Live, uuid: &str) -> Option<(String, usize)> {
    live.server.state.read(|db| {
        let (r, _) = db
            .table("SR")?
            .rows
            .iter()
            .find(|(_, r)| r.fields.get("uuid") == Some(&Value::from(uuid)))?;
        let plugged = db
            .table("PBD")?
            .rows
            .values()
            .filter(|p| {
                p.fields.get("SR") == Some(&Value::from(r.as_str()))
                    && p.fields.get("currently_attached") == Some(&Value::Bool(true))
            })
            .count();
        Some((r.clone(), plugged))
    })
}

/// Scan, pick an export, find the SR another pool left there, attach it.
fn wizard_to_page_two(h: &mut Harness<'_, XenPilotApp>) {
    h.state_mut().send(Command::NewSr);
    h.run_steps(4);
    set_text(h, "Server", "nfs.example.lan");
    click(h, "Scan for exports");
    wait(
        h,
        |h| shows(h, "/export/archive (allowed: 10.0.0.0/24)"),
        "the exports",
    );
    click(h, "/export/archive (allowed: 10.0.0.0/24)");
    click(h, "Next >");
    wait(h, |h| shows(h, "Attach 7d3c0f1e-"), "the SR at the path");
}

#[test]
fn the_new_storage_wizard_attaches_an_sr_found_on_an_nfs_export() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    // A server nobody answers on: the driver's code in words.
    h.state_mut().send(Command::NewSr);
    h.run_steps(4);
    set_text(&mut h, "Server", "nfs-down.example.lan");
    click(&mut h, "Scan for exports");
    wait(
        &mut h,
        |h| shows(h, "No NFS service answers"),
        "the refusal",
    );
    click(&mut h, "Cancel");
    wizard_to_page_two(&mut h);
    assert!(shows(&h, "already in this pool") || !shows(&h, "2635dfde"));
    click(
        &mut h,
        "Attach 7d3c0f1e-5b2a-4c8e-9f61-2a4b6c8d0e1f (its disks are kept)",
    );
    set_text(&mut h, "Name", "Archive");
    assert!(shows(
        &h,
        "xe sr-introduce uuid=7d3c0f1e-5b2a-4c8e-9f61-2a4b6c8d0e1f"
    ));
    click(&mut h, "Finish");
    let uuid = "7d3c0f1e-5b2a-4c8e-9f61-2a4b6c8d0e1f";
    wait(
        &mut h,
        |_| sr_by_uuid(&live, uuid).is_some_and(|(_, n)| n == 2),
        "the SR attached on both servers",
    );
    wait(
        &mut h,
        |h| shows(h, "New storage · Archive: done"),
        "the notice",
    );
}

#[test]
fn screenshots_of_the_new_storage_wizard() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja"] {
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        h.state_mut().send(Command::NewSr);
        h.run_steps(4);
        // The labels differ by language: drive the wizard's state through its fields.
        let label = if lang == "ja" {
            "サーバー"
        } else {
            "Server"
        };
        set_text(&mut h, label, "nfs.example.lan");
        let scan = if lang == "ja" {
            "エクスポートをスキャン"
        } else {
            "Scan for exports"
        };
        click(&mut h, scan);
        wait(&mut h, |h| shows(h, "/export/archive"), "the exports");
        h.run_steps(4);
        results.add(h.try_snapshot(format!("sr-wizard-exports-{lang}")));
        // Page two: the SR another pool left on the export, offered for attaching.
        h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with("/export/archive")))
            .next()
            .expect("the export")
            .click();
        h.run_steps(4);
        click(&mut h, if lang == "ja" { "次へ >" } else { "Next >" });
        wait(&mut h, |h| shows(h, "7d3c0f1e-"), "page two");
        h.run_steps(4);
        results.add(h.try_snapshot(format!("sr-wizard-attach-{lang}")));
    }
}

#[test]
fn a_disk_is_added_to_a_repository_from_its_storage_tab() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    storage_tab(&mut h, "Shared NFS storage");
    click(&mut h, "Add disk…");
    set_text(&mut h, "Name", "scratch-01");
    set_text(&mut h, "Size (GiB)", "2");
    assert!(shows(&h, "xe vdi-create sr-uuid=2635dfde-"));
    assert!(!shows(&h, "xe vbd-create"), "a disk alone");
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |_| !vdis_named(&live, "scratch-01").is_empty(),
        "the disk",
    );
    let (_, rec) = vdis_named(&live, "scratch-01").remove(0);
    assert_eq!(rec["virtual_size"], 2 * GIB);
    assert_eq!(rec["VBDs"].as_array().map_or(0, Vec::len), 0);
}

/// Marks (or, with `None`, unmarks) an operation on the NFS repository in the demo's
/// database, as xapi does while one runs: events bring it to the app.
fn nfs_running(live: &Live, op: Option<&str>) {
    live.server.state.write(|db| {
        let ops = match op {
            Some(op) => serde_json::json!({"OpaqueRef:another-client": op}),
            None => serde_json::json!({}),
        };
        db.set_field(
            "SR",
            "OpaqueRef:fac3a4b5-4ee6-5210-aa82-b1a91e13d07a",
            "current_operations",
            ops,
        );
    });
}

#[test]
fn a_repository_s_actions_wait_while_another_operation_runs_on_it() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    storage_tab(&mut h, "Shared NFS storage");
    let greyed = |h: &Harness<'_, XenPilotApp>, label: &str| {
        h.query_all_by_label(label)
            .next()
            .is_some_and(|n| n.accesskit_node().is_disabled())
    };
    assert!(!greyed(&h, "Rescan"));
    nfs_running(&live, Some("scan"));
    wait(
        &mut h,
        |h| greyed(h, "Rescan"),
        "Rescan greyed by the running scan",
    );
    assert!(greyed(&h, "Add disk…"));
    h.query_all_by_label("Rescan").next().unwrap().hover();
    h.run_steps(30);
    assert!(shows(
        &h,
        "Another operation is running on the repository: wait for it to end."
    ));
    nfs_running(&live, None);
    wait(
        &mut h,
        |h| !greyed(h, "Rescan"),
        "Rescan back once it ended",
    );
}
