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
    // The file's header read: its NIC, on the same-named network, and the home server.
    wait(&mut h, |h| shows(h, "Interface 0 ("), "the XVA's NICs");
    assert!(
        shows(&h, "Import VM from XVA"),
        "the title says what is imported"
    );
    // Disks on xcp-host-01's local storage: only that server may be the VM's home.
    let pick = |h: &mut Harness<'_, XenPilotApp>, combo: &str, starts: &str| {
        h.get_by_label(combo).click();
        h.run_steps(4);
        h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with(starts)))
            .last()
            .unwrap()
            .click();
        h.run_steps(4);
    };
    pick(&mut h, "Storage:", "Local storage on xcp-host-01");
    let count = |h: &Harness<'_, XenPilotApp>, l: &str| h.query_all_by_label(l).count();
    let (one, two) = (count(&h, "xcp-host-01"), count(&h, "xcp-host-02"));
    h.get_by_label("Home server:").click();
    h.run_steps(4);
    assert_eq!(count(&h, "xcp-host-01"), one + 1, "xcp-host-01 offered");
    assert_eq!(
        count(&h, "xcp-host-02"),
        two,
        "xcp-host-02 cannot reach the disks"
    );
    h.get_by_label("Home server:").click();
    h.run_steps(4);
    pick(&mut h, "Storage:", "Shared NFS storage");
    h.get_by_label("Home server:").click();
    h.run_steps(4);
    h.get_all_by_label("xcp-host-02").last().unwrap().click();
    h.run_steps(4);
    click(&mut h, "Start the VM after the import");
    click(&mut h, "Import");
    wait(
        &mut h,
        |h| shows(h, "Imported db-replica (1)"),
        "the import's result, the name numbered as XenCenter does",
    );
    assert_eq!(live.count("VM"), before + 1);
    let host2 = live.server.state.read(|db| {
        db.table("host")
            .unwrap()
            .rows
            .iter()
            .find(|(_, r)| r.fields["name_label"] == "xcp-host-02")
            .map(|(r, _)| r.clone())
            .unwrap()
    });
    let running = live.server.state.read(|db| {
        db.table("VM")
            .unwrap()
            .rows
            .values()
            .filter(|r| {
                r.fields["name_label"] == "db-replica (1)"
                    && r.fields["power_state"] == "Running"
                    && r.fields["affinity"] == host2.as_str()
                    && r.fields["resident_on"] == host2.as_str()
            })
            .count()
    });
    assert_eq!(running, 1, "started after the import on its home server");
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

/// Removes the screenshots' XVA file (a relative path, so the picture is the same anywhere).
struct Gone(&'static str);
impl Drop for Gone {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.0);
    }
}

#[test]
fn screenshots_of_an_xva_s_networks_and_home_server() {
    let mut results = SnapshotResults::new();
    let file = "xva-shot-db-replica.xva";
    let _gone = Gone(file);
    for (lang, export, import, file_label, vm_menu, file_menu, nic) in [
        (
            "en-US",
            "Export…",
            "Import…",
            "File:",
            "VM",
            "File",
            "Interface 0 (",
        ),
        (
            "ja",
            "エクスポート…",
            "インポート…",
            "ファイル:",
            "VM",
            "ファイル",
            "インターフェイス 0 (",
        ),
    ] {
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        if !std::path::Path::new(file).exists() {
            click(&mut h, "db-replica");
            menu(&mut h, vm_menu, export);
            set_text(&mut h, file_label, file);
            h.key_press(egui::Key::Enter);
            h.run_steps(6);
            wait(
                &mut h,
                |_| std::path::Path::new(file).is_file(),
                "the export",
            );
            h.key_press(egui::Key::Escape);
            h.run_steps(4);
        }
        menu(&mut h, file_menu, import);
        set_text(&mut h, file_label, file);
        wait(&mut h, |h| shows(h, nic), "the XVA's NICs");
        h.run();
        if lang == "en-US" {
            // The file's home server, found in this pool by uuid, is offered first.
            assert!(!shows(&h, "None (any server)"), "the file's home server");
        }
        results.add(h.try_snapshot(format!("import-xva-{lang}")));
    }
}

/// Rewrites a plain XVA with a snapshot of its VM added to `ova.xml` (no drives of its own),
/// as a file that carries snapshots has them.
fn with_a_snapshot(file: &std::path::Path, name: &str) {
    #[derive(Default)]
    struct Keep {
        ova: Option<xva::ova::Ova>,
        chunks: Vec<(String, u64, Vec<u8>)>,
    }
    impl xva::Sink for Keep {
        fn ova(&mut self, xml: &str) -> Result<(), xva::Error> {
            self.ova = Some(xva::ova::Ova::decode(xml)?);
            Ok(())
        }
        fn chunk(&mut self, disk: &str, index: u64, data: &[u8]) -> Result<(), xva::Error> {
            self.chunks.push((disk.into(), index, data.to_vec()));
            Ok(())
        }
    }
    let mut r = xva::Reader::new(Keep::default());
    r.feed(&std::fs::read(file).unwrap()).unwrap();
    r.finish().unwrap();
    let keep = r.into_sink().unwrap();
    let mut ova = keep.ova.unwrap();
    let vm = ova
        .objects
        .iter()
        .find(|o| o.class == "VM")
        .unwrap()
        .clone();
    let mut snap = vm.snapshot.clone();
    for (k, v) in [
        ("is_a_snapshot", serde_json::json!(true)),
        ("is_a_template", serde_json::json!(true)),
        ("snapshot_of", serde_json::json!(vm.id)),
        ("snapshot_time", serde_json::json!("20260301T10:00:00Z")),
        ("name_label", serde_json::json!(name)),
        (
            "uuid",
            serde_json::json!("5a0e0000-0000-4000-8000-000000000001"),
        ),
        ("VBDs", serde_json::json!([])),
        ("VIFs", serde_json::json!([])),
    ] {
        snap[k] = v;
    }
    ova.objects.push(xva::ova::Obj {
        class: "VM".into(),
        id: "Ref:999".into(),
        snapshot: snap,
    });
    let mut out = xva::write::entry("ova.xml", ova.encode().as_bytes()).unwrap();
    for (disk, i, data) in &keep.chunks {
        out.extend(xva::write::chunk(disk, *i, data).unwrap());
    }
    out.extend(xva::write::end());
    std::fs::write(file, out).unwrap();
}

#[test]
fn export_says_snapshots_stay_behind_and_import_names_those_a_file_brings() {
    let live = Live::with_speed(20.0);
    live.server.state.write(|db| {
        let vm = db
            .table("VM")
            .unwrap()
            .rows
            .iter()
            .find(|(_, r)| r.fields["name_label"] == "db-replica")
            .map(|(r, _)| r.clone())
            .unwrap();
        demo::lifecycle::copies::snapshot(db, &vm, "nightly", false).unwrap();
    });
    let mut h = live.app("en-US", ("root", PASSWORD));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("replica.xva");
    click(&mut h, "db-replica");
    menu(&mut h, "VM", "Export…");
    assert!(
        shows(&h, "Snapshots are not included") && shows(&h, "(db-replica)"),
        "an XVA holds the VM alone, as xapi's /export writes it"
    );
    set_text(&mut h, "File:", file.to_str().unwrap());
    h.key_press(egui::Key::Enter);
    h.run_steps(6);
    wait(&mut h, |h| shows(h, "saved to"), "the export's result");
    click(&mut h, "Close");
    // A file that carries a snapshot of the VM: the import window names it.
    with_a_snapshot(&file, "before-upgrade");
    menu(&mut h, "File", "Import…");
    set_text(&mut h, "File:", file.to_str().unwrap());
    wait(&mut h, |h| shows(h, "Interface 0 ("), "the XVA's NICs");
    assert!(shows(&h, "One snapshot comes with the VM: before-upgrade"));
    assert!(shows(&h, "stay on the networks the import finds"));
    let before = live.count("VM");
    click(&mut h, "Import");
    wait(
        &mut h,
        |h| shows(h, "Imported db-replica (1)"),
        "the import's result: the VM, not its snapshot",
    );
    assert_eq!(live.count("VM"), before + 2, "the VM and its snapshot");
    let new = live.vm("db-replica (1)");
    let snaps = new["snapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 1);
    let snap = snaps[0].as_str().unwrap().to_string();
    let (name, of) = live.server.state.read(|db| {
        (
            db.field("VM", &snap, "name_label").cloned().unwrap(),
            db.field("VM", &snap, "snapshot_of").cloned().unwrap(),
        )
    });
    assert_eq!(name, "before-upgrade");
    assert_eq!(of, new["ref"], "linked to the new VM");
}
