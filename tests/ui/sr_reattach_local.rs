//! Reattaching a detached repository on a server's own disk or on an HBA LUN through the
//! real app against a demo server: the wizard opens on the Local disk (or HBA) page, a disk
//! without the SR says so, the one that carries it goes on, and Finish connects the server
//! that has the disk (every server that sees the LUN).

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{click, click_starting, shows, wait};
use crate::new_sr_local::{SDC_LVM, srs_named};
use crate::storage::storage_tab;
use egui_kittest::kittest::Queryable;
use serde_json::json;
use xenpilot::ui::Command;
use xenpilot::ui::actions::Action;

/// The SR on LUN 2 another pool left.
const LUN2_SR: &str = "2d4f6a8c-1e3b-4d5f-8a7c-9e0b1d2f3a4c";

/// An SR of `kind` this pool knows without PBDs (as `SR.introduce`, or a detach, leaves it).
fn detached(live: &Live, uuid: &str, name: &str, kind: &str, shared: bool) {
    live.server.state.write(|db| {
        let rec = json!({
            "uuid": uuid, "name_label": name, "name_description": "",
            "type": kind, "content_type": "user", "shared": shared, "other_config": {},
            "sm_config": {}, "tags": [], "physical_size": -1,
            "physical_utilisation": -1, "virtual_allocation": 0, "PBDs": [], "VDIs": [],
            "is_tools_sr": false, "current_operations": {}, "allowed_operations": [],
        });
        db.insert(
            "SR",
            &format!("OpaqueRef:{uuid}"),
            rec.as_object().cloned().unwrap_or_default(),
        );
    });
}

fn open_reattach(h: &mut egui_kittest::Harness<'_, xenpilot::ui::XenPilotApp>, name: &str) {
    wait(
        h,
        |h| h.query_all_by_label(name).next().is_some(),
        "the detached SR",
    );
    storage_tab(h, name);
    h.state_mut()
        .send(Command::InvokeOnSelection(Action::ReattachSr));
    h.run_steps(6);
    wait(h, |h| shows(h, &format!("Where is {name}?")), "the wizard");
}

#[test]
fn a_detached_local_sr_is_found_on_its_servers_disk_and_reattached_there() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    detached(&live, SDC_LVM, "Old local", "lvm", false);
    open_reattach(&mut h, "Old local");
    click(&mut h, "Find disks");
    wait(&mut h, |h| shows(h, "/dev/sdd"), "the disks");
    // The disk carries the SR being reattached: it is offered, not "used by this pool".
    assert!(shows(
        &h,
        &format!("/dev/sdc: 465.7 GiB, carries an LVM repository ({SDC_LVM})")
    ));
    click_starting(&mut h, "/dev/sdb");
    click(&mut h, "Next >");
    assert!(shows(
        &h,
        "Old local is not at /dev/sdb (xcp-host-01): the storage answered"
    ));
    click_starting(&mut h, "/dev/sdc");
    click(&mut h, "Next >");
    wait(
        &mut h,
        |h| shows(h, "Old local was found at /dev/sdc (xcp-host-01)"),
        "page two",
    );
    assert!(shows(&h, "device-config:device=/dev/sdc"));
    assert!(!shows(&h, "xe sr-introduce"), "the SR is known already");
    click(&mut h, "Finish");
    wait(
        &mut h,
        |_| {
            srs_named(&live, "Old local")
                .first()
                .is_some_and(|(_, _, p)| p.len() == 1 && p[0].2)
        },
        "the SR plugged on its server",
    );
    let (_, uuid, pbds) = &srs_named(&live, "Old local")[0];
    assert_eq!(uuid, SDC_LVM);
    assert_eq!(pbds[0].0, "xcp-host-01");
    assert_eq!(pbds[0].1["device"], "/dev/sdc");
}

#[test]
fn a_detached_hba_sr_is_found_on_its_lun_and_reattached_on_every_server_that_sees_it() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    detached(&live, LUN2_SR, "Old FC", "lvmohba", true);
    open_reattach(&mut h, "Old FC");
    click(&mut h, "Find LUNs");
    wait(&mut h, |h| shows(h, "LUN 3"), "the LUNs");
    click_starting(&mut h, "LUN 1");
    click(&mut h, "Next >");
    wait(
        &mut h,
        |h| shows(h, "Old FC is not at LUN 1"),
        "the refusal",
    );
    click_starting(&mut h, "LUN 2");
    click(&mut h, "Next >");
    wait(
        &mut h,
        |h| shows(h, "Old FC was found at LUN 2"),
        "page two",
    );
    assert!(shows(
        &h,
        "device-config:SCSIid=3624a93701c0d5a3e8b2f4c6d00011a02"
    ));
    click(&mut h, "Finish");
    wait(
        &mut h,
        |_| {
            srs_named(&live, "Old FC")
                .first()
                .is_some_and(|(_, _, p)| p.len() == 2 && p.iter().all(|x| x.2))
        },
        "the SR plugged on both servers",
    );
}
