//! Organising through the real app: tagging three VMs and putting them in a folder against
//! a demo server (what reaches it: XenCenter's keys, other keys kept), the Tags and Folders
//! views, a custom field as a column, a read-only user's greyed actions; and screenshots.

use crate::common::{PASSWORD, RO_USER};
use crate::forms::Live;
use crate::harness::{has, set_text, shows, wait};
use eframe::egui;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotResults};
use xenpilot::demo;
use xenpilot::model::tree::{Node, ViewKind};
use xenpilot::store::settings::Settings;
use xenpilot::ui::actions::avail::{self, Availability, WhyNot};
use xenpilot::ui::actions::{Action, Role, Targets};
use xenpilot::ui::{Command, XenPilotApp};
use xenpilot::xenapi::Cache;

const THREE: [&str; 3] = ["web-01", "web-02", "db-primary"];

fn vm_node(cache: &Cache, name: &str) -> Node {
    let (r, _) = cache
        .vms
        .iter()
        .find(|(_, v)| v.name_label == name)
        .unwrap_or_else(|| panic!("no VM {name}"));
    Node::Vm(r.clone())
}

fn invoke(h: &mut Harness<'_, XenPilotApp>, action: Action, names: &[&str]) {
    let app = h.state();
    let nodes: Vec<Node> = names
        .iter()
        .map(|n| vm_node(&app.pools[0].cache, n))
        .collect();
    let pool = Some(app.pools[0].id);
    h.state_mut().send(Command::Invoke {
        action,
        targets: Targets { pool, nodes },
        on: None,
    });
    h.run_steps(4);
}

fn click_last(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    h.query_all_by_label(label)
        .last()
        .unwrap_or_else(|| panic!("no {label}"))
        .click();
    h.run_steps(4);
}

#[test]
fn tag_three_vms_and_put_them_in_a_folder() {
    let live = Live::new();
    // Another client's tag and key on one of them, which must stay.
    let r = live.vm("web-01")["ref"].as_str().unwrap().to_string();
    live.server.state.write(|db| {
        db.update("VM", &r, |f| {
            f.insert("tags".into(), serde_json::json!(["theirs"]));
            if let Some(serde_json::Value::Object(m)) = f.get_mut("other_config") {
                m.insert("their-key".into(), "v".into());
            }
        });
    });
    let mut h = live.app("en-US", ("root", PASSWORD));
    invoke(&mut h, Action::EditTags, &THREE);
    assert!(shows(&h, "Tags of the 3 selected objects"));
    set_text(&mut h, "New tag", "prod");
    assert!(shows(&h, "param-name=tags param-key=prod"), "the xe lines");
    click_last(&mut h, "Edit tags");
    wait(
        &mut h,
        |_| {
            THREE.iter().all(|n| {
                live.vm(n)["tags"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|x| x == "prod"))
            })
        },
        "three VMs tagged",
    );
    assert_eq!(
        live.vm("web-01")["tags"],
        serde_json::json!(["theirs", "prod"])
    );
    invoke(&mut h, Action::MoveToFolder, &THREE);
    set_text(&mut h, "Folder (empty: none)", "Prod / Web");
    click_last(&mut h, "Move to folder");
    wait(
        &mut h,
        |_| {
            THREE
                .iter()
                .all(|n| live.vm(n)["other_config"]["folder"] == "/Prod/Web")
        },
        "three VMs in /Prod/Web",
    );
    assert_eq!(live.vm("web-01")["other_config"]["their-key"], "v");
    // The views follow the events.
    h.state_mut().send(Command::SetView(ViewKind::Folders));
    // The events of the three moves may arrive over several frames.
    wait(
        &mut h,
        |h| has(h, "Prod") && has(h, "Web") && has(h, "db-primary"),
        "the folder and its VMs in the tree",
    );
    h.state_mut().send(Command::SetView(ViewKind::Tags));
    wait(&mut h, |h| has(h, "prod") && has(h, "theirs"), "the tags");
}

#[test]
fn a_read_only_user_sees_organising_greyed_with_the_role_it_needs() {
    let live = Live::new();
    let mut h = live.app("en-US", RO_USER);
    h.run_steps(4);
    let view = h.state().view();
    let vm = vm_node(&view.pools[0].cache, "web-01");
    for a in [Action::EditTags, Action::MoveToFolder, Action::CustomFields] {
        assert_eq!(
            avail::check(&view, a, std::slice::from_ref(&vm)),
            Availability::Disabled(WhyNot::Role(Role::VmOperator)),
            "{a:?}"
        );
    }
}

/// The demo pool as an admin who uses XenCenter's organisation would have it.
fn organised() -> Cache {
    let mut c = xenpilot::xapidb::cache_of(&demo::demo_pool());
    for (i, n) in THREE.iter().enumerate() {
        let Node::Vm(r) = vm_node(&c, n) else {
            unreachable!()
        };
        let vm = c.vms.get_mut(&r).unwrap();
        vm.tags = vec!["prod".into(), ["web", "web", "db"][i].into()];
        vm.other_config.insert(
            "folder".into(),
            ["/Prod/Web", "/Prod/Web", "/Prod/DB"][i].into(),
        );
        vm.other_config.insert(
            "XenCenter.CustomFields.Owner".into(),
            ["ops", "ops\u{1b}[31m", "dba"][i].into(),
        );
        vm.other_config.insert(
            "XenCenter.CustomFields.Expires".into(),
            "2027-01-31 00:00:00Z".into(),
        );
    }
    if let Some((_, p)) = c.pools.iter_mut().next() {
        p.gui_config.insert(
            "XenCenter.CustomFields".into(),
            "<CustomFieldDefinitions><CustomFieldDefinition name=\"Owner\" type=\"String\" \
             defaultValue=\"\" /><CustomFieldDefinition name=\"Expires\" type=\"Date\" \
             defaultValue=\"\" /></CustomFieldDefinitions>"
                .into(),
        );
        p.other_config
            .insert("EMPTY_FOLDERS".into(), "/Archive".into());
    }
    c
}

fn harness(lang: &str, view: ViewKind) -> Harness<'static, XenPilotApp> {
    let mut s = Settings {
        language: Some(lang.into()),
        ..Settings::default()
    };
    s.nav = view;
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 560.0))
        .with_theme(egui::Theme::Light)
        .build_eframe(move |cc| {
            let mut app = XenPilotApp::with_cache(organised(), s);
            app.setup(&cc.egui_ctx);
            app
        });
    h.run();
    h
}

#[test]
fn screenshots_of_the_tags_and_folders_views_and_a_custom_field_column() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja"] {
        let mut h = harness(lang, ViewKind::Tags);
        assert!(has(&h, "prod") && has(&h, "web") && has(&h, "db"));
        h.state_mut()
            .send(Command::Select(Node::Tag("prod".into())));
        h.run();
        // The tag's pane: its VMs with the pool's custom fields as columns.
        assert!(shows(&h, "Owner") && shows(&h, "2027-01-31 00:00:00Z"));
        assert!(
            shows(&h, "ops\\u{1b}[31m"),
            "another tool's control characters escaped"
        );
        results.add(h.try_snapshot(format!("org-tags-{lang}")));

        let mut h = harness(lang, ViewKind::Folders);
        assert!(has(&h, "Archive"), "an empty folder from the pool's list");
        h.state_mut()
            .send(Command::Select(Node::Folder("/Prod/Web".into())));
        h.run();
        assert!(has(&h, "Web"));
        results.add(h.try_snapshot(format!("org-folders-{lang}")));

        // The Objects view's VM list has the fields as columns too.
        let mut h = harness(lang, ViewKind::Objects);
        h.state_mut().send(Command::Select(Node::Group(
            xenpilot::model::visibility::ObjectType::Vm,
        )));
        h.run();
        assert!(shows(&h, "Expires") && shows(&h, "dba"));
        results.add(h.try_snapshot(format!("org-custom-field-column-{lang}")));
    }
}

/// The top of `name`'s row in the details pane's list (its widgets right of the tree).
fn row_top(h: &Harness<'_, XenPilotApp>, name: &str) -> f32 {
    h.query_all_by_label(name)
        .map(|n| n.rect())
        .filter(|r| r.min.x > 300.0)
        .map(|r| r.min.y)
        .next()
        .unwrap_or_else(|| panic!("{name} not in the list"))
}

#[test]
fn a_custom_field_column_sorts_the_group_list() {
    let mut h = harness("en-US", ViewKind::Objects);
    h.state_mut().send(Command::Select(Node::Group(
        xenpilot::model::visibility::ObjectType::Vm,
    )));
    h.run();
    // Owner: dba (db-primary), ops (web-01), "ops\e[31m" (web-02); the rest have none.
    h.get_by_label("Owner").click();
    h.run();
    assert!(has(&h, "Owner ▲"), "the sorted column says so");
    let (db, web1, web2) = (
        row_top(&h, "db-primary"),
        row_top(&h, "web-01"),
        row_top(&h, "web-02"),
    );
    assert!(db < web1 && web1 < web2, "ascending: {db} {web1} {web2}");
    h.snapshot("org-custom-field-sorted-en-US");
    h.get_by_label("Owner ▲").click();
    h.run();
    let (db, web1, web2) = (
        row_top(&h, "db-primary"),
        row_top(&h, "web-01"),
        row_top(&h, "web-02"),
    );
    assert!(web2 < web1 && web1 < db, "descending: {db} {web1} {web2}");
}
