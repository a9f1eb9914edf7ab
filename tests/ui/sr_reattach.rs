//! Reattaching a detached repository through the real app against a demo server: the New
//! Storage wizard opens on the SR's type with its location read from its description, a
//! location without the SR says so, and Finish connects every server to it.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{click, set_text, shows, wait};
use crate::storage::storage_tab;
use egui_kittest::SnapshotResults;
use egui_kittest::kittest::Queryable;
use serde_json::{Value, json};
use xenpilot::ui::Command;
use xenpilot::ui::actions::Action;

pub(crate) const ARCHIVE: &str = "7d3c0f1e-5b2a-4c8e-9f61-2a4b6c8d0e1f";

/// The SR another pool left on `/export/archive`, known to this pool without PBDs (as
/// `SR.introduce` leaves it).
pub(crate) fn detached_archive(live: &Live) {
    live.server.state.write(|db| {
        let rec = json!({
            "uuid": ARCHIVE, "name_label": "Archive",
            "name_description": "NFS SR [nfs.example.lan:/export/archive]",
            "type": "nfs", "content_type": "user", "shared": true, "other_config": {},
            "sm_config": {}, "tags": [], "physical_size": 1i64 << 40,
            "physical_utilisation": 0, "virtual_allocation": 0, "PBDs": [], "VDIs": [],
            "is_tools_sr": false, "current_operations": {}, "allowed_operations": [],
        });
        db.insert(
            "SR",
            "OpaqueRef:5a7c0b1e-0000-4000-8000-00000000a4c1",
            rec.as_object().cloned().unwrap_or_default(),
        );
    });
}

/// How many PBDs of the SR are plugged.
fn plugged(live: &Live) -> usize {
    live.server.state.read(|db| {
        db.table("PBD").map_or(0, |t| {
            t.rows
                .values()
                .filter(|p| {
                    p.fields.get("SR")
                        == Some(&Value::from(
                            "OpaqueRef:5a7c0b1e-0000-4000-8000-00000000a4c1",
                        ))
                        && p.fields.get("currently_attached") == Some(&Value::Bool(true))
                })
                .count()
        })
    })
}

#[test]
fn a_detached_sr_is_found_where_its_description_says_and_reattached() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    detached_archive(&live);
    wait(
        &mut h,
        |h| h.query_all_by_label("Archive").next().is_some(),
        "the detached SR",
    );
    storage_tab(&mut h, "Archive");
    h.state_mut()
        .send(Command::InvokeOnSelection(Action::ReattachSr));
    h.run_steps(6);
    wait(&mut h, |h| shows(h, "Where is Archive?"), "the wizard");
    // The wrong export: the storage answers without the SR.
    set_text(&mut h, "Path", "/export/new");
    click(&mut h, "Next >");
    wait(
        &mut h,
        |h| shows(h, "Archive is not at nfs.example.lan:/export/new"),
        "the refusal",
    );
    set_text(&mut h, "Path", "/export/archive");
    click(&mut h, "Next >");
    wait(
        &mut h,
        |h| shows(h, "Archive was found at nfs.example.lan:/export/archive"),
        "page two",
    );
    assert!(shows(&h, "xe pbd-create host-uuid="));
    assert!(!shows(&h, "xe sr-introduce"), "the SR is known already");
    click(&mut h, "Finish");
    wait(
        &mut h,
        |_| plugged(&live) == 2,
        "a PBD plugged on each server",
    );
    wait(
        &mut h,
        |h| shows(h, "Reattach repository · Archive: done"),
        "the notice",
    );
}

#[test]
fn screenshots_of_the_reattach_wizard() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja"] {
        let live = Live::new();
        let mut h = live.app(lang, ("root", PASSWORD));
        detached_archive(&live);
        wait(
            &mut h,
            |h| h.query_all_by_label("Archive").next().is_some(),
            "the detached SR",
        );
        storage_tab(&mut h, "Archive");
        h.state_mut()
            .send(Command::InvokeOnSelection(Action::ReattachSr));
        h.run_steps(6);
        wait(&mut h, |h| shows(h, "/export/archive"), "the wizard");
        h.run_steps(4);
        results.add(h.try_snapshot(format!("sr-reattach-{lang}")));
    }
}
