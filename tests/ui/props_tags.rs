//! The tags row of the server, pool, storage and network Properties dialogs (XenCenter's
//! `GeneralEditPage` tags editor): a tag taken off and one added reach the server as one
//! `remove_tags` and one `add_tags`, and a tag holding a comma stays one tag (the rows were a
//! comma-separated text field, which split it in two).

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{set_text, shows, wait};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use serde_json::json;
use xenpilot::model::tree::Node;
use xenpilot::ui::actions::{Action, Targets};
use xenpilot::ui::{Command, XenPilotApp};
use xenpilot::xenapi::Ref;

/// The first row of `class` the server has (by `pick`), and its ref.
fn first_of(live: &Live, class: &str, pick: fn(&serde_json::Value) -> bool) -> String {
    live.server.state.read(|db| {
        let t = db.table(class).unwrap();
        let mut refs: Vec<&String> = t.rows.keys().collect();
        refs.sort();
        refs.into_iter()
            .find(|r| pick(&db.record(class, r).unwrap()))
            .unwrap()
            .clone()
    })
}

fn tags_of(live: &Live, class: &str, r: &str) -> serde_json::Value {
    live.server
        .state
        .read(|db| db.record(class, r).unwrap()["tags"].clone())
}

fn click_last(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    h.query_all_by_label(label)
        .last()
        .unwrap_or_else(|| panic!("no {label}"))
        .click();
    h.run_steps(4);
}

/// A class, its Properties action, which of its rows to edit, and the dialog's OK button.
type Case = (
    &'static str,
    Action,
    fn(&serde_json::Value) -> bool,
    &'static str,
);

#[test]
fn the_properties_dialogs_add_and_remove_tags_one_by_one() {
    let live = Live::new();
    let cases: [Case; 4] = [
        ("host", Action::HostProperties, |_| true, "Apply"),
        ("pool", Action::PoolProperties, |_| true, "Apply"),
        (
            "SR",
            Action::SrProperties,
            |s| s["content_type"] != "iso" && s["type"] != "udev",
            "Repository properties",
        ),
        (
            "network",
            Action::NetworkProperties,
            |n| !n["PIFs"].as_array().is_none_or(Vec::is_empty),
            "Apply",
        ),
    ];
    let refs: Vec<String> = cases
        .iter()
        .map(|(class, _, pick, _)| {
            let r = first_of(&live, class, *pick);
            live.server.state.write(|db| {
                db.set_field(class, &r, "tags", json!(["old", "eu, west"]));
            });
            r
        })
        .collect();
    let mut h = live.app("en-US", ("root", PASSWORD));
    for ((class, action, _, apply), r) in cases.iter().zip(&refs) {
        let node = match *class {
            "host" => Node::Host(Ref::new(r.clone())),
            "pool" => Node::Pool(Ref::new(r.clone())),
            "SR" => Node::Sr(Ref::new(r.clone())),
            _ => Node::Network(Ref::new(r.clone())),
        };
        let pool = Some(h.state().pools[0].id);
        h.state_mut().send(Command::Invoke {
            action: *action,
            targets: Targets {
                pool,
                nodes: vec![node],
            },
            on: None,
        });
        h.run_steps(4);
        assert!(
            shows(&h, "Remove tag eu, west"),
            "{class}: the comma tag is one tag"
        );
        click_last(&mut h, "Remove tag old");
        set_text(&mut h, "New tag", "gpu");
        click_last(&mut h, "Add tag");
        let lower = class.to_ascii_lowercase();
        assert!(
            shows(&h, &format!("xe {lower}-param-remove"))
                && shows(&h, &format!("xe {lower}-param-add")),
            "{class}: the xe lines"
        );
        assert!(
            !shows(&h, "param-key='eu"),
            "{class}: the comma tag is not sent"
        );
        click_last(&mut h, apply);
        wait(
            &mut h,
            |_| tags_of(&live, class, r) == json!(["eu, west", "gpu"]),
            "the tags on the server",
        );
        h.key_press(eframe::egui::Key::Escape);
        h.run_steps(4);
    }
}
