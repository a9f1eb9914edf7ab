//! Disk images as a user brings them in and takes them out: File > Import… of a qcow2 as a
//! new VM (its disk reads back on the pool as the image's), a disk's Export disk… from its
//! Storage tab row to a VHD file; screenshots of both windows in English and Japanese.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{click, set_text, shows, wait};
use eframe::egui;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotResults};
use std::io::Read;
use xenpilot::model::tabs::DetailsTab;
use xenpilot::ui::{Command, XenPilotApp};

fn sample(name: &str) -> Vec<u8> {
    let p = format!(
        "{}/crates/diskimg/tests/data/{name}.gz",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&std::fs::read(p).unwrap()[..])
        .read_to_end(&mut out)
        .unwrap();
    out
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

/// Right-clicks the disk row at `position` of `vm`'s Storage tab.
fn disk_menu(h: &mut Harness<'_, XenPilotApp>, vm: &str, position: &str) {
    click(h, vm);
    h.state_mut().send(Command::ChooseTab(DetailsTab::Storage));
    h.run_steps(6);
    h.query_all_by(|n| {
        n.role() == egui::accesskit::Role::Button && n.label().is_some_and(|l| l == position)
    })
    .last()
    .unwrap_or_else(|| panic!("a row {position}"))
    .click_secondary();
    h.run_steps(6);
}

#[test]
fn a_qcow2_is_imported_as_a_new_vm() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scratch.qcow2");
    std::fs::write(&file, sample("sample-c.qcow2")).unwrap();
    let before = live.count("VM");
    menu(&mut h, "File", "Import…");
    set_text(&mut h, "File:", file.to_str().unwrap());
    wait(
        &mut h,
        |h| shows(h, "A disk image: qcow2"),
        "the image read",
    );
    click(&mut h, "a new VM");
    assert!(shows(&h, "Template:"));
    click(&mut h, "Import");
    wait(
        &mut h,
        |h| shows(h, "Imported scratch"),
        "the import's result",
    );
    assert_eq!(live.count("VM"), before + 1);
    let vm = live.vm("scratch");
    assert_eq!(vm["VBDs"].as_array().unwrap().len(), 1);
    let vbd = vm["VBDs"][0].as_str().unwrap().to_string();
    let vdi = live.server.state.read(|db| {
        db.field("VBD", &vbd, "VDI")
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap()
    });
    // The demo keeps what was written: the first chunk is the image's first MiB.
    let chunk = live.server.state.disks.chunk(&vdi, 0).unwrap();
    assert!(chunk[..] == sample("sample.raw")[..1 << 20]);
}

#[test]
fn a_disk_is_exported_from_its_row() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("disk.vhd");
    disk_menu(&mut h, "db-replica", "0");
    click(&mut h, "Export disk…");
    assert!(shows(&h, "Export the disk"));
    set_text(&mut h, "File:", file.to_str().unwrap());
    h.key_press(egui::Key::Enter);
    h.run_steps(6);
    wait(&mut h, |h| shows(h, "Saved to"), "the export's result");
    let info = xenpilot::services::disk_transfer::inspect(&file).unwrap();
    assert_eq!(info.format, diskimg::Format::VhdDynamic);
}

#[test]
fn screenshots_of_the_disk_image_windows() {
    let mut results = SnapshotResults::new();
    // A fixed place: the path is in the picture.
    let dir = std::env::temp_dir().join("xenpilot-shots");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("appliance.vmdk");
    std::fs::write(&file, sample("sample-stream.vmdk")).unwrap();
    for (lang, import, file_label, file_menu, as_vm, export) in [
        (
            "en-US",
            "Import…",
            "File:",
            "File",
            "a new VM",
            "Export disk…",
        ),
        (
            "ja",
            "インポート…",
            "ファイル:",
            "ファイル",
            "新しい VM",
            "ディスクのエクスポート…",
        ),
    ] {
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        menu(&mut h, file_menu, import);
        set_text(&mut h, file_label, file.to_str().unwrap());
        wait(&mut h, |h| shows(h, "VMDK"), "the image read");
        click(&mut h, as_vm);
        h.run();
        results.add(h.try_snapshot(format!("import-image-{lang}")));
        h.key_press(egui::Key::Escape);
        h.run();
        disk_menu(&mut h, "db-replica", "0");
        click(&mut h, export);
        set_text(&mut h, file_label, "/home/admin/db-replica-0.vhd");
        h.run();
        results.add(h.try_snapshot(format!("export-disk-{lang}")));
    }
}
