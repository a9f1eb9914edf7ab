//! The disk round trip driven by the app's own plans against the demo server, each run as
//! the UI runs it (`edits::run_plan`): rescan a new NFS repository, a new disk for a halted
//! VM, grown, its drive made read-only at a new position, moved to another repository
//! (copied and swapped, the drive keeping its settings), deleted, the repository destroyed.

use crate::common::*;
use crate::session::*;
use serde_json::json;
use xenpilot::model::vm_plans::Plan;
use xenpilot::model::{disk_move, disk_plans, drive_props, sr_plans};
use xenpilot::services::edits;
use xenpilot::xenapi::{Cache, Ref, Session, Sr, Vdi, Vm};

const GIB: i64 = 1 << 30;

async fn cache(s: &Session) -> Cache {
    Cache::fetch_all(s).await.unwrap()
}

async fn run(s: &Session, plan: &Plan) -> Vec<serde_json::Value> {
    assert!(!plan.steps.is_empty(), "an empty plan");
    assert_eq!(plan.steps.len(), plan.xe.len(), "an xe line per step");
    edits::run_plan(s, plan, |_, _| {}).await.unwrap()
}

fn vm_named(c: &Cache, name: &str) -> Ref<Vm> {
    c.vms
        .iter()
        .find(|(_, v)| v.name_label == name)
        .map(|(r, _)| r.clone())
        .unwrap_or_else(|| panic!("no VM {name}"))
}

fn sr_named(c: &Cache, name: &str) -> Ref<Sr> {
    c.srs
        .iter()
        .find(|(_, s)| s.name_label == name)
        .map(|(r, _)| r.clone())
        .unwrap_or_else(|| panic!("no SR {name}"))
}

fn disk_named(c: &Cache, name: &str) -> Vec<Ref<Vdi>> {
    c.vdis
        .iter()
        .filter(|(_, d)| d.name_label == name)
        .map(|(r, _)| r.clone())
        .collect()
}

#[tokio::test]
async fn a_disk_lives_and_moves_through_the_apps_plans() {
    let srv = server().await;
    let s = login(&srv.url, BOTH[0]).await;
    let c = cache(&s).await;
    let host = c
        .hosts
        .iter()
        .find(|(_, h)| h.name_label == "xcp-host-01")
        .map(|(r, _)| r.clone())
        .expect("host 1");
    // The repository itself comes from the New Storage wizard (not under test here).
    let sr = s
        .call(
            "SR.create",
            &[
                json!(host.as_str()),
                json!({"server": "nfs.example.lan", "serverpath": "/export/new"}),
                json!("0"),
                json!("Trip NFS"),
                json!(""),
                json!("nfs"),
                json!("user"),
                json!(true),
                json!({}),
            ],
        )
        .await
        .unwrap();
    let sr: Ref<Sr> = Ref::new(sr.as_str().unwrap());
    let c = cache(&s).await;
    run(&s, &sr_plans::rescan(&c, &sr)).await;

    // New disk on db-replica (halted): created and attached, not plugged.
    let db = vm_named(&c, "db-replica");
    run(
        &s,
        &disk_plans::new_disk(&c, &sr, "trip", "", GIB, Some(&db)),
    )
    .await;
    let c = cache(&s).await;
    let found = disk_named(&c, "trip");
    assert_eq!(found.len(), 1, "one new disk");
    let vdi = found[0].clone();
    assert_eq!(c.vdis[&vdi].sr, sr);
    assert_eq!(disk_plans::users(&c, &vdi), vec![db.clone()]);
    let vbd = drive_props::drive_of(&c, &db, &vdi).expect("its drive");
    assert!(!c.vbds[&vbd].currently_attached);

    // Grown offline.
    assert_eq!(disk_plans::can_resize(&c, &vdi), Ok(()));
    run(&s, &disk_plans::resize(&c, &vdi, 3 * GIB)).await;
    let c = cache(&s).await;
    assert_eq!(c.vdis[&vdi].virtual_size, 3 * GIB);

    // Its drive read-only at a free position.
    let at = drive_props::positions(&c, &vbd)
        .into_iter()
        .find(|p| *p != c.vbds[&vbd].userdevice)
        .expect("a free position");
    let mut plan = Plan::default();
    drive_props::drive_steps(&mut plan, &c, &vbd, true, &at);
    run(&s, &plan).await;
    let c = cache(&s).await;
    assert_eq!(
        (c.vbds[&vbd].mode.as_str(), &c.vbds[&vbd].userdevice),
        ("RO", &at)
    );

    // Moved to the pool's NFS SR: a copy there, the drive re-made on it with its settings,
    // the original gone.
    let nfs = sr_named(&c, "Shared NFS storage");
    assert!(!disk_move::live(&c, &vdi), "halted: copied, not mirrored");
    run(&s, &disk_move::plan(&c, &vdi, &nfs)).await;
    let c = cache(&s).await;
    assert!(!c.vdis.contains_key(&vdi), "the original is gone");
    let found = disk_named(&c, "trip");
    assert_eq!(found.len(), 1, "one disk after the move");
    let moved = found[0].clone();
    assert_eq!(c.vdis[&moved].sr, nfs);
    assert_eq!(c.vdis[&moved].virtual_size, 3 * GIB);
    let nb = drive_props::drive_of(&c, &db, &moved).expect("the drive follows");
    assert_eq!(
        (c.vbds[&nb].mode.as_str(), &c.vbds[&nb].userdevice),
        ("RO", &at)
    );

    // Deleted: the drive goes first, then the disk.
    assert_eq!(disk_plans::can_delete(&c, &moved), Ok(()));
    run(&s, &disk_plans::delete(&c, &moved)).await;
    let c = cache(&s).await;
    assert!(disk_named(&c, "trip").is_empty());
    assert!(drive_props::drive_of(&c, &db, &moved).is_none());
    assert!(c.vbds.values().all(|b| b.vdi != moved));

    // The empty repository: detached (unplugged on every server, the PBDs kept), then
    // destroyed.
    assert_eq!(sr_plans::allowed(&c, &sr, sr_plans::SrOp::Detach), Ok(()));
    run(&s, &sr_plans::detach(&c, &sr)).await;
    let c = cache(&s).await;
    assert!(c.pbds.values().any(|p| p.sr == sr), "the PBDs stay");
    assert_eq!(
        sr_plans::allowed(&c, &sr, sr_plans::SrOp::Destroy),
        Ok(()),
        "unplugged and empty"
    );
    run(&s, &sr_plans::destroy(&c, &sr)).await;
    let c = cache(&s).await;
    assert!(!c.srs.contains_key(&sr));
    assert!(c.pbds.values().all(|p| p.sr != sr), "no PBD left");
}
