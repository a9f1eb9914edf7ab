//! The New Storage wizard's ISO library page through the real app against a demo server:
//! an NFS library whose images then appear among the ISOs a new VM may boot from, an SMB
//! library refused for its password (the driver's code in words), and screenshots.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{click, set_password, set_text, shows, wait};
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotResults};
use serde_json::Value;
use xenpilot::i18n::I18n;
use xenpilot::ui::{Command, XenPilotApp};

/// The images of the SR named `name` on the server.
fn images_of(live: &Live, name: &str) -> Vec<String> {
    live.server.state.read(|db| {
        let Some(sr) = db.table("SR").and_then(|t| {
            t.rows
                .iter()
                .find(|(_, r)| r.fields.get("name_label") == Some(&Value::from(name)))
                .map(|(k, _)| k.clone())
        }) else {
            return Vec::new();
        };
        let mut v: Vec<String> = db
            .table("VDI")
            .map(|t| {
                t.rows
                    .values()
                    .filter(|d| d.fields.get("SR") == Some(&Value::from(sr.as_str())))
                    .filter_map(|d| d.fields.get("name_label")?.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    })
}

/// Clicks the radio button labelled `label` (the tree has an SR named as the ISO type).
fn radio(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    h.query_all_by(|n| {
        n.role() == eframe::egui::accesskit::Role::RadioButton
            && n.label().as_deref() == Some(label)
    })
    .next()
    .unwrap_or_else(|| panic!("no {label} radio"))
    .click();
    h.run_steps(6);
}

/// The wizard on the ISO page, `smb` or NFS, with `location` typed.
fn iso_page(h: &mut Harness<'_, XenPilotApp>, lang: &str, smb: bool, location: &str) {
    let t = I18n::new(lang);
    h.state_mut().send(Command::NewSr);
    h.run_steps(4);
    radio(h, &t.get("sr-new-kind-iso"));
    if smb {
        radio(h, &t.get("sr-new-iso-smb"));
        set_text(h, &t.get("sr-new-share"), location);
    } else {
        set_text(h, &t.get("sr-new-iso-location"), location);
    }
}

#[test]
fn an_nfs_iso_library_is_created_and_its_images_offered_to_new_vms() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    iso_page(&mut h, "en-US", false, "nfs.example.lan");
    assert!(shows(&h, "Type the location as server:/path."));
    set_text(&mut h, "Location", "nfs.example.lan:/export/iso");
    click(&mut h, "Next >");
    wait(&mut h, |h| shows(h, "A shared ISO library at"), "page two");
    // The pool has an "ISO library" already: the default name is told apart.
    assert!(shows(&h, "name-label='ISO library (2)'"));
    set_text(&mut h, "Name", "Install media");
    assert!(shows(
        &h,
        "type=iso content-type=iso shared=true name-label='Install media' device-config:location=nfs.example.lan:/export/iso device-config:type=nfs_iso"
    ));
    click(&mut h, "Finish");
    wait(
        &mut h,
        |_| images_of(&live, "Install media").len() == 2,
        "the library's images",
    );
    wait(
        &mut h,
        |h| {
            xenpilot::model::new_vm::isos(h.state().cache())
                .iter()
                .any(|(_, n)| n.contains("debian-12.8.0-amd64-netinst.iso"))
        },
        "the images among a new VM's ISOs",
    );
}

#[test]
fn an_smb_library_refused_for_its_password_says_so() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    iso_page(&mut h, "en-US", true, "\\\\smb.example.lan\\isos\\windows");
    set_text(&mut h, "User name", "storage");
    set_password(&mut h, "Password", "not-it");
    click(&mut h, "Next >");
    wait(&mut h, |h| shows(h, "A shared ISO library at"), "page two");
    assert!(shows(&h, "device-config:iso_path=/windows"));
    assert!(shows(
        &h,
        "device-config:cifspassword_secret=<the new secret>"
    ));
    assert!(!shows(&h, "not-it"), "the password is never shown");
    click(&mut h, "Finish");
    wait(
        &mut h,
        |h| shows(h, "The ISO library's directory could not be mounted"),
        "the driver's refusal in words",
    );
}

#[test]
fn screenshots_of_the_iso_library_page() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja"] {
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        iso_page(&mut h, lang, true, "\\\\smb.example.lan\\isos");
        let t = I18n::new(lang);
        set_text(&mut h, &t.get("sr-new-smb-user"), "storage");
        h.run_steps(4);
        results.add(h.try_snapshot(format!("sr-wizard-iso-{lang}")));
        click(&mut h, &t.get("wiz-next"));
        h.run_steps(4);
        results.add(h.try_snapshot(format!("sr-wizard-iso-summary-{lang}")));
    }
}
