//! An OVA as a user brings it in: File > Import… of a package, what it holds, the VM's
//! name, template and each NIC's network, imported as a new VM; a package that cannot be
//! honoured says every reason; screenshots of both in English and Japanese, the window's
//! title saying what is imported.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{set_text, shows, wait};
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotResults};
use std::io::Read;
use std::path::{Path, PathBuf};
use xenpilot::ui::XenPilotApp;

fn data(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/crates/diskimg/tests/data/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// An OVA of `ovf_name` (the test data's VMware or VirtualBox shape) and a disk, at `to`.
fn ova(to: &Path, ovf_name: &str) -> PathBuf {
    let mut vmdk = Vec::new();
    flate2::read::GzDecoder::new(&data("sample-stream.vmdk.gz")[..])
        .read_to_end(&mut vmdk)
        .unwrap();
    let ovf = data(ovf_name);
    let mut b = tar::Builder::new(std::fs::File::create(to).unwrap());
    for (name, d) in [
        ("appliance.ovf", &ovf[..]),
        ("appliance-disk1.vmdk", &vmdk[..]),
    ] {
        let mut h = tar::Header::new_ustar();
        h.set_size(d.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, name, d).unwrap();
    }
    b.finish().unwrap();
    to.to_path_buf()
}

fn menu(h: &mut Harness<'_, XenPilotApp>, menu: &str, item: &str) {
    h.get_all_by_label(menu).next().unwrap().click();
    h.run_steps(4);
    h.query_all_by(|n| n.label().is_some_and(|l| l == item))
        .next()
        .unwrap_or_else(|| panic!("no item {item}"))
        .click();
    h.run_steps(4);
}

#[test]
fn an_ova_is_imported_as_the_vm_it_describes() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    let dir = tempfile::tempdir().unwrap();
    let file = ova(&dir.path().join("appliance.ova"), "vmware-shape.ovf");
    menu(&mut h, "File", "Import…");
    set_text(&mut h, "File:", file.to_str().unwrap());
    wait(
        &mut h,
        |h| shows(h, "A VM with 4 vCPUs"),
        "the package read",
    );
    assert!(
        shows(&h, "Import OVF/OVA package"),
        "the title says what is imported"
    );
    assert!(shows(&h, "UEFI Secure Boot"));
    let before = live.count("VM");
    h.get_by_label("Import").click();
    h.run_steps(6);
    wait(
        &mut h,
        |h| shows(h, "Imported appliance"),
        "the import's result",
    );
    assert_eq!(live.count("VM"), before + 1);
}

#[test]
fn screenshots_of_an_ova_read_and_refused() {
    let mut results = SnapshotResults::new();
    // A fixed place: the path is in the picture.
    let dir = std::env::temp_dir().join("xenpilot-shots");
    std::fs::create_dir_all(&dir).unwrap();
    let good = ova(&dir.join("appliance.ova"), "vmware-shape.ovf");
    let bad = ova(&dir.join("vbox-appliance.ova"), "virtualbox-shape.ovf");
    for (lang, import, file_label, file_menu, holds, refused) in [
        (
            "en-US",
            "Import…",
            "File:",
            "File",
            "A VM with",
            "cannot be imported",
        ),
        (
            "ja",
            "インポート…",
            "ファイル:",
            "ファイル",
            "vCPU 4",
            "インポートできません",
        ),
    ] {
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        menu(&mut h, file_menu, import);
        set_text(&mut h, file_label, good.to_str().unwrap());
        wait(&mut h, |h| shows(h, holds), "the package read");
        h.run();
        results.add(h.try_snapshot(format!("import-ovf-{lang}")));
        set_text(&mut h, file_label, bad.to_str().unwrap());
        wait(&mut h, |h| shows(h, refused), "the package refused");
        h.run();
        results.add(h.try_snapshot(format!("import-ovf-refused-{lang}")));
    }
}
