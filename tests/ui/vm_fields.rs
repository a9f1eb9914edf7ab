//! The Custom fields page of VM Properties against a demo server whose pool defines two
//! fields (XenCenter's `gui_config` definitions): a text and a date edited, a bad date
//! refused, only the changed keys written in XenCenter's keys and date form, another
//! client's keys kept; and the page's screenshots in English and Japanese.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{set_text, shows, wait};
use eframe::egui;
use egui_kittest::SnapshotResults;
use egui_kittest::kittest::{NodeT, Queryable};

const DEFS: &str = "<CustomFieldDefinitions><CustomFieldDefinition name=\"Owner\" \
     type=\"String\" defaultValue=\"\" /><CustomFieldDefinition name=\"Expires\" \
     type=\"Date\" defaultValue=\"\" /><CustomFieldDefinition name=\"Rack\" \
     type=\"String\" defaultValue=\"\" /></CustomFieldDefinitions>";

/// A demo server whose pool defines Owner, Expires and Rack; web-01's Rack is "B4" and it
/// carries another client's key.
fn live() -> Live {
    let live = Live::new();
    let web = live.vm("web-01")["ref"].as_str().unwrap().to_string();
    live.server.state.write(|db| {
        let pool = db
            .table("pool")
            .unwrap()
            .rows
            .keys()
            .next()
            .unwrap()
            .clone();
        db.update("pool", &pool, |f| {
            if let Some(serde_json::Value::Object(m)) = f.get_mut("gui_config") {
                m.insert("XenCenter.CustomFields".into(), DEFS.into());
            }
        });
        db.update("VM", &web, |f| {
            if let Some(serde_json::Value::Object(m)) = f.get_mut("other_config") {
                m.insert("XenCenter.CustomFields.Rack".into(), "B4".into());
                m.insert("their-key".into(), "v".into());
            }
        });
    });
    live
}

fn open_page(h: &mut egui_kittest::Harness<'_, xenpilot::ui::XenPilotApp>, page: &str) {
    h.query_all_by_label("web-01").next().unwrap().click();
    h.run_steps(4);
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    h.query_all_by_label(page).last().unwrap().click();
    h.run_steps(4);
}

#[test]
fn custom_fields_are_edited_and_only_changed_keys_written() {
    let live = live();
    let mut h = live.app("en-US", ("root", PASSWORD));
    open_page(&mut h, "Custom fields");
    set_text(&mut h, "Owner", "ops");
    set_text(&mut h, "Expires", "soon");
    assert!(shows(&h, "Expires: not a date"));
    assert!(h.get_by_label("Apply").accesskit_node().is_disabled());
    set_text(&mut h, "Expires", "2027-03-01");
    assert!(!shows(&h, "not a date"));
    assert!(shows(&h, "XenCenter.CustomFields.Owner"), "the xe lines");
    // (The details pane lists the VM's keys: only an xe line would assign or remove one.)
    assert!(
        !shows(&h, "CustomFields.Rack=") && !shows(&h, "param-key=XenCenter.CustomFields.Rack"),
        "an untouched field is not written"
    );
    h.get_by_label("Apply").click();
    wait(&mut h, |h| shows(h, "All changes applied."), "the plan");
    let oc = &live.vm("web-01")["other_config"];
    assert_eq!(oc["XenCenter.CustomFields.Owner"], "ops");
    assert_eq!(
        oc["XenCenter.CustomFields.Expires"], "2027-03-01 00:00:00Z",
        "XenCenter's date form"
    );
    assert_eq!(oc["XenCenter.CustomFields.Rack"], "B4");
    assert_eq!(oc["their-key"], "v");
    // Emptying a field removes its key.
    set_text(&mut h, "Rack", "");
    h.key_press(egui::Key::Backspace);
    h.run_steps(4);
    h.get_by_label("Apply").click();
    wait(
        &mut h,
        |_| live.vm("web-01")["other_config"]["XenCenter.CustomFields.Rack"].is_null(),
        "the emptied field removed",
    );
}

#[test]
fn screenshots_of_the_custom_fields_page() {
    let live = live();
    let mut results = SnapshotResults::new();
    for (lang, page) in [("en-US", "Custom fields"), ("ja", "カスタム フィールド")] {
        let mut h = live.app(lang, ("root", PASSWORD));
        open_page(&mut h, page);
        h.remove_cursor();
        h.run_steps(4);
        results.add(h.try_snapshot(format!("vm-props-custom-fields-{lang}")));
    }
}
