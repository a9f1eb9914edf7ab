//! Several `--server`s and saved searches against two demo servers on loopback: both pools
//! connect one after the other, a tag search spans them, and a search is saved in the pool's
//! `gui_config` in XenCenter's key and form, renamed and deleted (the server's map read back);
//! a selection across both pools is tagged, each VM in its own pool.

use crate::common::{PASSWORD, config, server};
use crate::harness::{LIVE_MAX_STEPS, set_text, shows, wait};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use serde_json::{Value, json};
use xenpilot::demo::{self, DemoServer};
use xenpilot::ui::search::Request;
use xenpilot::ui::{Command, Source, Status, XenPilotApp};
use xenpilot::xenapi::{Credentials, Session, TransportOptions};

struct Two {
    rt: tokio::runtime::Runtime,
    a: DemoServer,
    b: DemoServer,
}

impl Two {
    /// Two demo servers; the second pool renamed "Lab B"; `prod` tags on web-01 (first pool)
    /// and vm-00000 (second).
    fn new() -> Two {
        let rt = tokio::runtime::Runtime::new().unwrap();
        // A second pool of its own (the app refuses the same pool twice, as XenCenter does).
        let spec = "vms=3,hosts=1".parse().expect("spec");
        let (a, b) = rt.block_on(async {
            let b = DemoServer::start(
                demo::generator::generate(spec),
                config(),
                ([127, 0, 0, 1], 0).into(),
            )
            .await
            .expect("demo server starts");
            (server().await, b)
        });
        let two = Two { rt, a, b };
        two.call_a_vm(&two.a.url, "web-01", "VM.add_tags", json!("prod"));
        two.call_a_vm(&two.b.url, "vm-00000", "VM.add_tags", json!("prod"));
        let pool = two.pool_ref(&two.b.url);
        two.call(
            &two.b.url,
            "pool.set_name_label",
            &[json!(pool), json!("Lab B")],
        );
        two
    }

    fn call(&self, url: &str, method: &str, args: &[Value]) -> Value {
        self.rt.block_on(async {
            let s = Session::login(
                url,
                Credentials::new("root", PASSWORD),
                TransportOptions::default(),
            )
            .await
            .unwrap();
            s.call(method, args).await.unwrap()
        })
    }

    fn pool_ref(&self, url: &str) -> String {
        let all = self.call(url, "pool.get_all", &[]);
        all[0].as_str().unwrap().to_string()
    }

    fn call_a_vm(&self, url: &str, name: &str, method: &str, arg: Value) {
        let vms = self.call(url, "VM.get_by_name_label", &[json!(name)]);
        let vm = vms[0].as_str().unwrap().to_string();
        self.call(url, method, &[json!(vm), arg]);
    }

    /// The saved searches in the first pool's `gui_config`, as the server has them (but
    /// those XenCenter saved in the built-in pool).
    fn saved_in_a(&self) -> Vec<(String, String)> {
        let pool = self.pool_ref(&self.a.url);
        let gui = self.call(&self.a.url, "pool.get_gui_config", &[json!(pool)]);
        let seeded = |k: &str| {
            demo::saved_searches::SEARCHES
                .iter()
                .any(|(u, _)| k.ends_with(u))
        };
        gui.as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| k.starts_with("xensearch.Search-") && !seeded(k))
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect()
    }

    /// The app started as `xenpilot --server A --server B` with XENPILOT_PASSWORD set.
    fn app(&self) -> Harness<'static, XenPilotApp> {
        let handle = self.rt.handle().clone();
        let servers = vec![self.a.url.clone(), self.b.url.clone()];
        let mut h = Harness::builder()
            .with_max_steps(LIVE_MAX_STEPS)
            .with_size(egui::vec2(1200.0, 760.0))
            .build_eframe(move |cc| {
                let mut app = XenPilotApp::new(Source::Static, Some(handle), None);
                app.setup(&cc.egui_ctx);
                app.connect_many_on_start(&servers, "root", Some(PASSWORD.into()));
                app
            });
        wait(&mut h, |h| connected(h) == 2, "both pools connected");
        h
    }
}

fn connected(h: &Harness<'_, XenPilotApp>) -> usize {
    h.state()
        .pools
        .iter()
        .filter(|p| matches!(p.status, Status::Connected(_)) && p.pool_ref().is_some())
        .count()
}

fn hit_pools(h: &Harness<'_, XenPilotApp>) -> Vec<(String, String)> {
    let w = h
        .state()
        .search_window()
        .expect("the Search window is open");
    let mut v: Vec<_> = w
        .hits(&h.state().pools)
        .iter()
        .map(|x| (x.name.clone(), x.pool_name.clone()))
        .collect();
    v.sort();
    v
}

#[test]
fn two_servers_connect_and_one_search_spans_both() {
    let two = Two::new();
    let mut h = two.app();
    assert_eq!(
        h.state().pools.len(),
        2,
        "one pool per --server, nothing else"
    );
    h.state_mut().send(Command::SetSearch("tag:prod".into()));
    h.state_mut().send(Command::OpenSearch);
    wait(
        &mut h,
        |h| hit_pools(h).len() == 2,
        "the tagged VMs of both pools",
    );
    assert_eq!(
        hit_pools(&h),
        vec![
            ("vm-00000".to_string(), "Lab B".to_string()),
            ("web-01".to_string(), "XenPilot Demo Pool".to_string()),
        ]
    );
}

#[test]
fn a_search_is_saved_in_xencenters_form_renamed_and_deleted() {
    let two = Two::new();
    let mut h = two.app();
    h.state_mut()
        .send(Command::SetSearch("tag:prod power:running".into()));
    h.state_mut().send(Command::Search(Request::Save));
    h.run();
    set_text(&mut h, "Name:", "Prod VMs");
    // The first writable pool is chosen: the first --server's.
    h.get_by_label("Save").click();
    // Listed: a Run button for it beside the two built-in ones (the Save row's own field
    // also reads "Prod VMs" until it closes, so the name alone is not enough).
    wait(
        &mut h,
        |h| shows(h, "Prod VMs") && h.query_all_by_label("Run").count() == 3,
        "the saved search listed",
    );
    // XenCenter's searches in the built-in pool are listed too.
    assert!(shows(&h, "Running VMs by server") && shows(&h, "Web servers"));
    let saved = two.saved_in_a();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let (key, xml) = &saved[0];
    let uuid = key.strip_prefix("xensearch.Search-").unwrap();
    assert!(
        xml.starts_with(&format!("<Search uuid=\"{uuid}\" name=\"Prod VMs\"")),
        "{xml}"
    );
    assert!(xml.contains("prod"), "{xml}");

    // Rename: the same key, a new name. The list is by name: ours is the first row.
    // A list still settling (the other pool's searches arriving) can move the button between
    // finding it and the click: click again until the field is there.
    let renaming = |h: &Harness<'_, XenPilotApp>| {
        h.query_by_role_and_label(egui::accesskit::Role::TextInput, "New name")
            .is_some()
    };
    for _ in 0..20 {
        if renaming(&h) {
            break;
        }
        first_of(&h, "Rename").click();
        h.run_steps(3);
    }
    assert!(renaming(&h), "the rename field");
    set_text(&mut h, "New name", "Production");
    h.get_by_label("OK").click();
    wait(
        &mut h,
        |h| shows(h, "Production") && !shows(h, "Prod VMs"),
        "the renamed search listed",
    );
    let saved = two.saved_in_a();
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(&saved[0].0, key, "a rename keeps the key");
    assert!(saved[0].1.contains("name=\"Production\""), "{}", saved[0].1);

    // Run it from the list: the query read back from XenCenter's XML finds the same VMs.
    first_of(&h, "Run").click();
    h.run();
    assert_eq!(hit_pools(&h).len(), 2, "{:?}", hit_pools(&h));

    first_of(&h, "Delete").click();
    wait(
        &mut h,
        |h| !shows(h, "Production"),
        "the search gone from the list",
    );
    assert!(two.saved_in_a().is_empty());
    assert!(shows(&h, "Web servers"), "the others stay");
}

/// The first widget labelled `label` (the first row's button).
fn first_of<'h>(h: &'h Harness<'_, XenPilotApp>, label: &'h str) -> egui_kittest::Node<'h> {
    h.query_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("no {label}"))
}

/// The name of each VM of pool `i` (as the app's cache has it) → its node.
fn vm_in(h: &Harness<'_, XenPilotApp>, i: usize, name: &str) -> xenpilot::model::tree::Node {
    let cache = &h.state().pools[i].cache;
    let (r, _) = cache
        .vms
        .iter()
        .find(|(_, v)| v.name_label == name)
        .unwrap_or_else(|| panic!("no VM {name}"));
    xenpilot::model::tree::Node::Vm(r.clone())
}

#[test]
fn a_selection_across_two_pools_is_tagged_in_each_pool() {
    use xenpilot::ui::actions::Action;
    use xenpilot::ui::actions::avail::{self, Availability};
    let two = Two::new();
    let mut h = two.app();
    let nodes = vec![vm_in(&h, 0, "web-02"), vm_in(&h, 1, "vm-00001")];
    let targets = match avail::check(&h.state().view(), Action::EditTags, &nodes) {
        Availability::Enabled(t) => t,
        other => panic!("Edit tags on both pools: {other:?}"),
    };
    assert_eq!(targets.nodes, nodes, "both objects, one of each pool");
    h.state_mut().send(Command::Invoke {
        action: Action::EditTags,
        targets,
        on: None,
    });
    h.run_steps(4);
    assert!(shows(&h, "Tags of the 2 selected objects"));
    set_text(&mut h, "New tag", "eu-west");
    h.query_all_by_label("Edit tags")
        .last()
        .expect("the dialog's button")
        .click();
    let tagged = |url: &str, name: &str| {
        let vms = two.call(url, "VM.get_by_name_label", &[json!(name)]);
        let tags = two.call(url, "VM.get_tags", &[vms[0].clone()]);
        tags.as_array()
            .is_some_and(|t| t.iter().any(|x| x == "eu-west"))
    };
    wait(
        &mut h,
        |_| tagged(&two.a.url, "web-02") && tagged(&two.b.url, "vm-00001"),
        "each VM tagged in its own pool",
    );
}

/// The VM `name`'s power state on the server at `url`.
fn power_at(two: &Two, url: &str, name: &str) -> String {
    let vms = two.call(url, "VM.get_by_name_label", &[json!(name)]);
    let p = two.call(url, "VM.get_power_state", &[vms[0].clone()]);
    p.as_str().unwrap_or_default().to_string()
}

#[test]
fn a_power_action_on_vms_of_two_pools_counts_both_and_runs_each_in_its_pool() {
    use xenpilot::ui::actions::Action;
    use xenpilot::ui::actions::avail::{self, Availability, WhyNot};
    let two = Two::new();
    for (url, name) in [(&two.a.url, "web-02"), (&two.b.url, "vm-00001")] {
        if power_at(&two, url, name) != "Running" {
            let vms = two.call(url, "VM.get_by_name_label", &[json!(name)]);
            two.call(
                url,
                "VM.start",
                &[vms[0].clone(), json!(false), json!(false)],
            );
        }
    }
    let mut h = two.app();
    let running = |h: &Harness<'_, XenPilotApp>, i: usize, name: &str| {
        h.state().pools[i].cache.vms.values().any(|v| {
            v.name_label == name && v.allowed_operations.iter().any(|o| o == "clean_shutdown")
        })
    };
    wait(
        &mut h,
        |h| running(h, 0, "web-02") && running(h, 1, "vm-00001"),
        "both VMs running in the app's caches",
    );
    let nodes = vec![vm_in(&h, 0, "web-02"), vm_in(&h, 1, "vm-00001")];
    let view = h.state().view();
    let targets = match avail::check(&view, Action::Shutdown, &nodes) {
        Availability::Enabled(t) => t,
        other => panic!("Shut down on both pools: {other:?}"),
    };
    assert_eq!(
        targets.nodes, nodes,
        "the whole selection, not one pool's part"
    );
    let label = avail::counted_label(view.i18n, Action::Shutdown, 2, targets.nodes.len());
    assert_eq!(
        label.replace(['\u{2068}', '\u{2069}'], ""),
        "Shut down 2 VMs"
    );
    // A dialog works in one pool: greyed, saying why, rather than acting on one pool's VMs.
    assert_eq!(
        avail::check(&view, Action::Delete, &nodes),
        Availability::Disabled(WhyNot::Because("why-vms-one-pool"))
    );
    drop(view);
    h.state_mut().send(Command::Invoke {
        action: Action::Shutdown,
        targets,
        on: None,
    });
    h.run_steps(4);
    assert!(shows(&h, "2 VMs?"), "the question counts both");
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |_| {
            power_at(&two, &two.a.url, "web-02") == "Halted"
                && power_at(&two, &two.b.url, "vm-00001") == "Halted"
        },
        "each VM shut down on its own pool's server",
    );
}

/// A VM another client tags appears in the open results: the search runs again when a
/// pool's records change (here in the background, as over many pools), and the previous
/// results stay on screen until the new ones arrive.
#[test]
fn a_tag_added_elsewhere_appears_in_the_open_results() {
    let two = Two::new();
    let mut h = two.app();
    h.state_mut().send(Command::SetSearch("tag:prod".into()));
    h.state_mut().send(Command::OpenSearch);
    wait(&mut h, |h| hit_pools(h).len() == 2, "the two tagged VMs");
    h.state_mut()
        .search_window_mut()
        .expect("open")
        .always_in_background();
    two.call_a_vm(&two.a.url, "web-02", "VM.add_tags", json!("prod"));
    wait(
        &mut h,
        |h| {
            let n = hit_pools(h).len();
            assert!(n >= 2, "the results emptied while the search ran");
            n == 3
        },
        "web-02 among the results",
    );
    assert!(hit_pools(&h).contains(&("web-02".to_string(), "XenPilot Demo Pool".to_string())));
    assert!(
        !h.state().search_window().expect("open").searching(),
        "the newest search has arrived"
    );
}
