//! The New Storage wizard's iSCSI and SMB pages, driven through the real app against a demo
//! server: discovery (IQNs, then LUNs), a refused CHAP login in words, a format that must
//! be confirmed when the LUN carries an SR, the CHAP secret stored as a xapi secret and
//! masked in the `xe` lines; and screenshots of the new pages.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{click, click_starting, set_password, set_text, shows, wait};
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotResults};
use serde_json::Value;
use xenpilot::i18n::I18n;
use xenpilot::ui::{Command, XenPilotApp};

/// The SRs named `name` and, for each, its PBDs' device_config and attachment.
fn srs_named(live: &Live, name: &str) -> Vec<Vec<(Value, bool)>> {
    live.server.state.read(|db| {
        let Some(srs) = db.table("SR") else {
            return Vec::new();
        };
        srs.rows
            .iter()
            .filter(|(_, r)| r.fields.get("name_label") == Some(&Value::from(name)))
            .map(|(sr, _)| {
                db.table("PBD")
                    .map(|t| {
                        t.rows
                            .values()
                            .filter(|p| p.fields.get("SR") == Some(&Value::from(sr.as_str())))
                            .map(|p| {
                                (
                                    p.fields.get("device_config").cloned().unwrap_or_default(),
                                    p.fields.get("currently_attached") == Some(&Value::Bool(true)),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect()
    })
}

/// iSCSI, up to the LUNs of the portal's first IQN, in `lang`.
fn discover(h: &mut Harness<'_, XenPilotApp>, lang: &str, target: &str) {
    let t = I18n::new(lang);
    h.state_mut().send(Command::NewSr);
    h.run_steps(4);
    click(h, "iSCSI");
    set_text(h, &t.get("sr-new-target"), target);
    click(h, &t.get("sr-new-discover-iqns"));
}

fn pick_luns(h: &mut Harness<'_, XenPilotApp>, lang: &str, iqn: &str) {
    let t = I18n::new(lang);
    wait(h, |h| shows(h, iqn), "the IQNs");
    click_starting(h, iqn);
    click(h, &t.get("sr-new-discover-luns"));
    wait(h, |h| shows(h, "SCSI ID"), "the LUNs");
}

#[test]
fn an_iscsi_lun_carrying_an_sr_is_formatted_only_once_confirmed() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    // A portal that does not answer: the driver's code in words.
    discover(&mut h, "en-US", "iscsi-down.example.lan");
    wait(
        &mut h,
        |h| shows(h, "No iSCSI service answers on the target"),
        "the refusal",
    );
    click(&mut h, "Cancel");
    discover(&mut h, "en-US", "iscsi.example.lan");
    pick_luns(&mut h, "en-US", "iqn.2026-01.lan.example:vms");
    assert!(shows(&h, "LUN 1: 500.0 GiB, LIO-ORG, SCSI ID 36001405f0e1"));
    click_starting(&mut h, "LUN 0: 200.0 GiB");
    click(&mut h, "Next >");
    wait(&mut h, |h| shows(h, "carries a repository"), "page two");
    // The SR found is offered first; formatting asks for a tick naming what is lost.
    assert!(shows(&h, "Attach 4c1e2a7b-9d3f-4e58-b6a0-1f2e3d4c5b6a"));
    click(&mut h, "Format the LUN as a new repository");
    assert!(shows(
        &h,
        "Formatting erases the repository 4c1e2a7b-9d3f-4e58-b6a0-1f2e3d4c5b6a"
    ));
    assert!(shows(&h, "Tick that the LUN’s repository may be erased"));
    click(&mut h, "Finish");
    assert!(srs_named(&live, "Fresh LUN").is_empty());
    click(&mut h, "Erase it and its disks");
    set_text(&mut h, "Name", "Fresh LUN");
    assert!(shows(
        &h,
        "device-config:SCSIid=36001405a1b2c3d4e5f60718293a4b5c6"
    ));
    click(&mut h, "Finish");
    wait(
        &mut h,
        |_| {
            srs_named(&live, "Fresh LUN")
                .first()
                .is_some_and(|p| p.len() == 2 && p.iter().all(|(_, a)| *a))
        },
        "the SR on both servers",
    );
}

#[test]
fn a_chap_secret_is_refused_then_kept_as_a_xapi_secret_and_never_shown() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    discover(&mut h, "en-US", "iscsi-chap.example.lan");
    wait(
        &mut h,
        |h| shows(h, "The iSCSI login failed"),
        "CHAP refused in words",
    );
    click(&mut h, "Use CHAP authentication");
    set_text(&mut h, "CHAP user", "xenpilot");
    set_password(&mut h, "CHAP secret", "chap-secret-1");
    click(&mut h, "Discover IQNs");
    // The portal's one IQN is picked at once.
    pick_luns(&mut h, "en-US", "iqn.2026-01.lan.example:secure");
    click_starting(&mut h, "LUN 0: 100.0 GiB");
    click(&mut h, "Next >");
    wait(&mut h, |h| shows(h, "is empty"), "page two");
    set_text(&mut h, "Name", "Secure LUN");
    assert!(shows(&h, "xe secret-create value='********'"));
    assert!(shows(
        &h,
        "device-config:chappassword_secret=<the new secret>"
    ));
    assert!(!shows(&h, "chap-secret-1"), "the secret is never on screen");
    click(&mut h, "Finish");
    wait(
        &mut h,
        |_| {
            srs_named(&live, "Secure LUN")
                .first()
                .is_some_and(|p| p.len() == 2)
        },
        "the SR",
    );
    for (config, attached) in &srs_named(&live, "Secure LUN")[0] {
        assert!(attached);
        assert!(config.get("chappassword").is_none(), "{config}");
        assert!(config["chappassword_secret"].is_string());
    }
}

#[test]
fn an_smb_share_is_added_with_its_account() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.state_mut().send(Command::NewSr);
    h.run_steps(4);
    click(&mut h, "SMB/CIFS");
    set_text(&mut h, "Share", "smb.example.lan");
    assert!(shows(&h, "Type the share as \\\\server\\share."));
    set_text(&mut h, "Share", "\\\\smb.example.lan\\vms");
    set_text(&mut h, "User name", "storage");
    set_password(&mut h, "Password", "wrong");
    click(&mut h, "Next >");
    wait(
        &mut h,
        |h| shows(h, "The SMB server refused the mount"),
        "the refusal",
    );
    set_password(&mut h, "Password", "smb-pass");
    click(&mut h, "Next >");
    wait(&mut h, |h| shows(h, "No repository exists at"), "page two");
    assert!(
        shows(&h, "SMB storage"),
        "the default name follows the type"
    );
    click(&mut h, "Finish");
    wait(
        &mut h,
        |_| {
            srs_named(&live, "SMB storage")
                .first()
                .is_some_and(|p| p.len() == 2)
        },
        "the SR",
    );
}

#[test]
fn screenshots_of_the_new_storage_wizards_iscsi_and_smb_pages() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja"] {
        let t = I18n::new(lang);
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        discover(&mut h, lang, "iscsi.example.lan");
        pick_luns(&mut h, lang, "iqn.2026-01.lan.example:vms");
        click_starting(&mut h, "LUN 0");
        h.run_steps(4);
        results.add(h.try_snapshot(format!("sr-wizard-iscsi-luns-{lang}")));
        click(&mut h, &t.get("wiz-next"));
        wait(&mut h, |h| shows(h, "4c1e2a7b-"), "page two");
        click(&mut h, &t.get("sr-new-format"));
        h.run_steps(4);
        results.add(h.try_snapshot(format!("sr-wizard-iscsi-format-{lang}")));
        click(&mut h, &t.get("cancel"));
        h.state_mut().send(Command::NewSr);
        h.run_steps(4);
        click(&mut h, "SMB/CIFS");
        set_text(&mut h, &t.get("sr-new-share"), "\\\\smb.example.lan\\vms");
        set_text(&mut h, &t.get("sr-new-smb-user"), "storage");
        set_password(&mut h, &t.get("sr-new-smb-password"), "smb-pass");
        h.run_steps(4);
        results.add(h.try_snapshot(format!("sr-wizard-smb-{lang}")));
    }
}

/// The label of the focused widget.
fn focused(h: &Harness<'_, XenPilotApp>) -> Option<String> {
    use egui_kittest::kittest::NodeT;
    let n = h.query_by(|n| n.is_focused())?;
    let n = n.accesskit_node();
    n.label().map(|l| l.to_string()).or_else(|| {
        // A field's label is the widget it is labelled by.
        n.labelled_by()
            .next()
            .and_then(|l| l.label().map(|l| l.to_string()))
    })
}

#[test]
fn switching_the_storage_type_focuses_the_new_page_s_first_field() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.state_mut().send(Command::NewSr);
    h.run_steps(4);
    assert_eq!(focused(&h).as_deref(), Some("Server"), "NFS first");
    for (kind, field) in [
        ("iSCSI", "Target"),
        ("SMB/CIFS", "Share"),
        ("ISO library", "Location"),
        ("NFS", "Server"),
    ] {
        // The radio button (the tree behind has an "ISO library" too).
        h.get_by_role_and_label(eframe::egui::accesskit::Role::RadioButton, kind)
            .click();
        h.run_steps(6);
        assert_eq!(focused(&h).as_deref(), Some(field), "after {kind}");
    }
}
