//! The New Storage wizard's Local disk and HBA pages, driven through the real app against a
//! demo server: a server's disks listed with what is on each, a new ext SR on the spare
//! disk, the LVM SR an earlier install left reattached, a disk with partitions formatted
//! only once confirmed; the LUNs every server sees, with the servers that see each, an SR
//! made from one; focus on the new page's first field; screenshots.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{click, click_starting, set_text, shows, wait};
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotResults};
use serde_json::Value;
use xenpilot::i18n::I18n;
use xenpilot::ui::{Command, XenPilotApp};

pub(crate) const SDC_LVM: &str = "5e1f0c2a-7b3d-4e6f-9a8b-0c1d2e3f4a5b";

/// Each SR named `name`: its type, uuid, and its PBDs' (host name, device_config, attached).
#[allow(clippy::type_complexity)]
pub(crate) fn srs_named(
    live: &Live,
    name: &str,
) -> Vec<(String, String, Vec<(String, Value, bool)>)> {
    live.server.state.read(|db| {
        let text = |class: &str, r: &str, f: &str| {
            db.field(class, r, f)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let Some(srs) = db.table("SR") else {
            return Vec::new();
        };
        srs.rows
            .iter()
            .filter(|(_, r)| r.fields.get("name_label") == Some(&Value::from(name)))
            .map(|(sr, _)| {
                let pbds = db
                    .table("PBD")
                    .map(|t| {
                        t.rows
                            .values()
                            .filter(|p| p.fields.get("SR") == Some(&Value::from(sr.as_str())))
                            .map(|p| {
                                let host = p.fields.get("host").and_then(Value::as_str);
                                (
                                    text("host", host.unwrap_or_default(), "name_label"),
                                    p.fields.get("device_config").cloned().unwrap_or_default(),
                                    p.fields.get("currently_attached") == Some(&Value::Bool(true)),
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                (text("SR", sr, "type"), text("SR", sr, "uuid"), pbds)
            })
            .collect()
    })
}

/// The Local disk page with xcp-host-01's disks found, in `lang`.
fn find_disks(h: &mut Harness<'_, XenPilotApp>, lang: &str) {
    let t = I18n::new(lang);
    h.state_mut().send(Command::NewSr);
    h.run_steps(4);
    click(h, &t.get("sr-new-kind-local"));
    assert!(shows(h, &t.get("sr-new-err-find-then-pick")));
    click(h, &t.get("sr-new-find-disks"));
    wait(h, |h| shows(h, "/dev/sdd"), "the disks");
}

#[test]
fn a_local_ext_sr_is_made_on_a_servers_spare_disk() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    find_disks(&mut h, "en-US");
    assert!(shows(&h, "xcp-host-01"), "the coordinator is picked first");
    assert!(shows(
        &h,
        "/dev/sda: 223.5 GiB, in use by the server (mounted)"
    ));
    assert!(shows(&h, "/dev/sdb: 931.3 GiB, empty"));
    assert!(shows(
        &h,
        &format!("/dev/sdc: 465.7 GiB, carries an LVM repository ({SDC_LVM})")
    ));
    assert!(shows(&h, "/dev/sdd: 1.8 TiB, has partitions (sdd1)"));
    // The disks are listed: no device field, so the hint does not offer to type one.
    assert!(shows(&h, "Pick one of the server's disks."));
    assert!(!shows(&h, "type its device"));
    click_starting(&mut h, "/dev/sdb");
    click(&mut h, "ext (thin: disks take only the space they use)");
    click(&mut h, "Next >");
    wait(&mut h, |h| shows(h, "carries no repository"), "page two");
    assert!(shows(
        &h,
        "The disk /dev/sdb (xcp-host-01) carries no repository"
    ));
    set_text(&mut h, "Name", "Spare disk");
    assert!(shows(&h, "type=ext content-type=user shared=false"));
    assert!(shows(&h, "device-config:device=/dev/sdb"));
    click(&mut h, "Finish");
    wait(
        &mut h,
        |_| {
            srs_named(&live, "Spare disk")
                .first()
                .is_some_and(|(_, _, p)| p.len() == 1 && p[0].2)
        },
        "the SR on its server",
    );
    let (kind, _, pbds) = &srs_named(&live, "Spare disk")[0];
    assert_eq!(kind, "ext");
    assert_eq!(pbds[0].0, "xcp-host-01");
    assert_eq!(pbds[0].1["device"], "/dev/sdb");
    // Found again, the disk says which of the pool's repositories uses it.
    find_disks(&mut h, "en-US");
    assert!(shows(
        &h,
        "/dev/sdb: 931.3 GiB, used by Spare disk of this pool"
    ));
}

#[test]
fn a_disks_repository_is_offered_for_reattach_and_partitions_are_erased_only_once_ticked() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    find_disks(&mut h, "en-US");
    click_starting(&mut h, "/dev/sdd");
    click(&mut h, "Next >");
    wait(&mut h, |h| shows(h, "carries no repository"), "page two");
    assert!(shows(
        &h,
        "Formatting /dev/sdd erases its partitions (sdd1) and everything on them, for good."
    ));
    assert!(shows(&h, "Tick that the disk's partitions may be erased"));
    click(&mut h, "< Back");
    click_starting(&mut h, "/dev/sdc");
    click(&mut h, "Next >");
    wait(&mut h, |h| shows(h, "carries a repository"), "page two");
    assert!(shows(&h, &format!("Attach {SDC_LVM} (its disks are kept)")));
    click(&mut h, "Format the disk as a new repository");
    assert!(shows(
        &h,
        &format!("Formatting erases the repository {SDC_LVM}")
    ));
    click_starting(&mut h, "Attach ");
    set_text(&mut h, "Name", "Old local");
    assert!(shows(
        &h,
        &format!("xe sr-introduce uuid={SDC_LVM} type=lvm")
    ));
    click(&mut h, "Finish");
    wait(
        &mut h,
        |_| {
            srs_named(&live, "Old local")
                .first()
                .is_some_and(|(_, _, p)| p.len() == 1 && p[0].2)
        },
        "the reattached SR",
    );
    let (kind, uuid, pbds) = &srs_named(&live, "Old local")[0];
    assert_eq!((kind.as_str(), uuid.as_str()), ("lvm", SDC_LVM));
    assert_eq!(pbds[0].0, "xcp-host-01");
}

#[test]
fn an_hba_sr_is_made_from_a_lun_every_server_sees() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.state_mut().send(Command::NewSr);
    h.run_steps(4);
    click(&mut h, "HBA");
    // The new page's first field takes the keyboard.
    let focused = h
        .query_by(|n| n.is_focused())
        .and_then(|n| n.accesskit_node().label());
    assert_eq!(focused.as_deref(), Some("Find LUNs"));
    click(&mut h, "Find LUNs");
    wait(&mut h, |h| shows(h, "LUN 3"), "the LUNs");
    assert!(shows(
        &h,
        "LUN 1: 931.3 GiB, PURE, serial 1C0D5A3E8B2F4C6D00011A01; seen by every server"
    ));
    assert!(shows(&h, "seen by xcp-host-01"));
    click_starting(&mut h, "LUN 3");
    assert!(shows(&h, "Not every server sees this LUN"));
    click_starting(&mut h, "LUN 1");
    click(&mut h, "Next >");
    wait(&mut h, |h| shows(h, "is empty"), "page two");
    assert!(shows(
        &h,
        "The LUN 1 (PURE, 3624a93701c0d5a3e8b2f4c6d00011a01) is empty"
    ));
    set_text(&mut h, "Name", "FC store");
    assert!(shows(&h, "type=lvmohba content-type=user shared=true"));
    click(&mut h, "Finish");
    wait(
        &mut h,
        |_| {
            srs_named(&live, "FC store")
                .first()
                .is_some_and(|(_, _, p)| p.len() == 2 && p.iter().all(|x| x.2))
        },
        "the SR on both servers",
    );
    // The server's own disk page: the server picker takes the keyboard.
    h.state_mut().send(Command::NewSr);
    h.run_steps(4);
    click(&mut h, "Local disk");
    h.run_steps(2);
    let focused = h
        .query_by(|n| n.is_focused())
        .and_then(|n| n.accesskit_node().label());
    assert_eq!(focused.as_deref(), Some("Server"));
}

#[test]
fn screenshots_of_the_new_storage_wizards_local_and_hba_pages() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja"] {
        let t = I18n::new(lang);
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        find_disks(&mut h, lang);
        click_starting(&mut h, "/dev/sdd");
        h.run_steps(4);
        results.add(h.try_snapshot(format!("sr-wizard-local-disks-{lang}")));
        click(&mut h, &t.get("wiz-next"));
        wait(&mut h, |h| shows(h, "sdd1"), "page two");
        h.run_steps(4);
        results.add(h.try_snapshot(format!("sr-wizard-local-wipe-{lang}")));
        click(&mut h, &t.get("cancel"));
        h.state_mut().send(Command::NewSr);
        h.run_steps(4);
        click(&mut h, "HBA");
        click(&mut h, &t.get("sr-new-find-luns"));
        wait(&mut h, |h| shows(h, "LUN 3"), "the LUNs");
        click_starting(&mut h, "LUN 2");
        h.run_steps(4);
        results.add(h.try_snapshot(format!("sr-wizard-hba-luns-{lang}")));
    }
}
