//! Export and import as a user does them: VM > Export… on a halted VM to a file, then
//! File > Import… of that file, started after, and "Show it" selecting the new VM; a read-only
//! user sees both greyed; screenshots of both windows in English and Japanese.

use crate::common::{PASSWORD, RO_USER};
use crate::forms::Live;
use crate::harness::{set_text, shows, wait};
use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotResults};
use xenpilot::model::tree::Node;
use xenpilot::ui::XenPilotApp;

fn click(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    h.get_all_by_label(label).next().unwrap().click();
    // Steps, not run(): a transfer's progress repaints until it ends.
    h.run_steps(6);
}

fn menu(h: &mut Harness<'_, XenPilotApp>, menu: &str, item: &str) {
    click(h, menu);
    h.query_all_by(|n| {
        n.label()
            .is_some_and(|l| l == item || l.starts_with(&format!("{item} ")))
    })
    .next()
    .unwrap_or_else(|| panic!("no item {item}"))
    .click();
    h.run_steps(6);
}

#[test]
fn a_vm_is_exported_imported_back_and_started() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("replica.xva");
    click(&mut h, "db-replica");
    menu(&mut h, "VM", "Export…");
    assert!(shows(&h, "Export db-replica as XVA"));
    click(&mut h, "zstd");
    set_text(&mut h, "File:", file.to_str().unwrap());
    // Enter in the file field exports, as the button does.
    h.key_press(egui::Key::Enter);
    h.run_steps(6);
    wait(&mut h, |h| shows(h, "saved to"), "the export's result");
    assert!(shows(&h, "chunks checked"));
    assert!(file.is_file(), "the file is there");
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(&bytes[..4], &[0x28, 0xb5, 0x2f, 0xfd], "zstd, as chosen");
    click(&mut h, "Close");
    let before = live.count("VM");
    menu(&mut h, "File", "Import…");
    set_text(&mut h, "File:", file.to_str().unwrap());
    click(&mut h, "Start the VM after the import");
    click(&mut h, "Import");
    wait(
        &mut h,
        |h| shows(h, "Imported db-replica"),
        "the import's result",
    );
    assert_eq!(live.count("VM"), before + 1);
    let running = live.server.state.read(|db| {
        db.table("VM")
            .unwrap()
            .rows
            .values()
            .filter(|r| {
                r.fields["name_label"] == "db-replica" && r.fields["power_state"] == "Running"
            })
            .count()
    });
    assert_eq!(running, 1, "started after the import");
    click(&mut h, "Show it");
    let Some(Node::Vm(r)) = h.state().nav.selected.clone() else {
        panic!("a VM is selected")
    };
    assert_eq!(
        h.state().cache().vms[&r].power_state,
        xenpilot::xenapi::PowerState::Running
    );
}

#[test]
fn a_read_only_user_sees_export_and_import_greyed() {
    let live = Live::new();
    let mut h = live.app("en-US", RO_USER);
    click(&mut h, "db-replica");
    click(&mut h, "VM");
    let export = h
        .query_all_by(|n| n.label().is_some_and(|l| l.starts_with("Export…")))
        .next()
        .unwrap();
    assert!(export.accesskit_node().is_disabled());
}

#[test]
fn screenshots_of_the_export_and_import_windows() {
    let mut results = SnapshotResults::new();
    for (lang, export, import, file, vm_menu, file_menu) in [
        ("en-US", "Export…", "Import…", "File:", "VM", "File"),
        (
            "ja",
            "エクスポート…",
            "インポート…",
            "ファイル:",
            "VM",
            "ファイル",
        ),
    ] {
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        click(&mut h, "db-replica");
        menu(&mut h, vm_menu, export);
        set_text(&mut h, file, "/home/admin/db-replica.xva");
        h.run();
        results.add(h.try_snapshot(format!("export-{lang}")));
        h.key_press(egui::Key::Escape);
        h.run();
        menu(&mut h, file_menu, import);
        set_text(&mut h, file, "/home/admin/db-replica.xva");
        h.run();
        results.add(h.try_snapshot(format!("import-{lang}")));
    }
}
