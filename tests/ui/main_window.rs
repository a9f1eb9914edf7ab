//! The real app driven through egui_kittest: menus, search, selection, language, keyboard,
//! opening a dump, live events from a demo server; and screenshots of the main window.

use crate::harness::{LIVE_MAX_STEPS, click_row};
use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotResults};
use std::time::Duration;
use xenpilot::demo::{self, DemoConfig, DemoServer};
use xenpilot::model::tabs::DetailsTab;
use xenpilot::model::tree::{Node, ViewKind};
use xenpilot::store::settings::{Settings, Theme};
use xenpilot::ui::{Command, Source, Status, XenPilotApp};
use xenpilot::xenapi::events::{CacheUpdate, Event, Operation};
use xenpilot::xenapi::{Credentials, Session, TransportOptions};

fn settings(lang: &str, show_hidden: bool, theme: Theme) -> Settings {
    let mut s = Settings {
        language: Some(lang.into()),
        theme,
        ..Settings::default()
    };
    s.view.show_hidden = show_hidden;
    s
}

fn harness_with(s: Settings) -> Harness<'static, XenPilotApp> {
    let theme = if s.theme == Theme::Dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    };
    Harness::builder()
        .with_size(egui::vec2(1000.0, 640.0))
        .with_theme(theme)
        .build_eframe(move |cc| {
            let mut app =
                XenPilotApp::with_cache(xenpilot::xapidb::cache_of(&demo::demo_pool()), s);
            app.setup(&cc.egui_ctx);
            app
        })
}

fn harness(lang: &str) -> Harness<'static, XenPilotApp> {
    harness_with(settings(lang, false, Theme::Light))
}

fn has(h: &Harness<'_, XenPilotApp>, label: &str) -> bool {
    h.query_all_by_label(label).next().is_some()
}

fn vm_node(app: &XenPilotApp, name: &str) -> Node {
    let (r, _) = app
        .cache()
        .vms
        .iter()
        .find(|(_, v)| v.name_label == name)
        .unwrap_or_else(|| panic!("no VM {name}"));
    Node::Vm(r.clone())
}

#[test]
fn view_menu_shows_and_hides_hidden_objects() {
    let mut h = harness("en-US");
    h.run();
    assert!(has(&h, "web-01"));
    assert!(!has(&h, "backup-appliance (hidden)"));
    assert!(!has(&h, "backup-appliance"));
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Show Hidden Objects").click();
    h.run();
    assert!(h.state().settings.view.show_hidden);
    assert!(
        has(&h, "backup-appliance (hidden)"),
        "hidden VM appears, marked"
    );
    if !has(&h, "Show Hidden Objects") {
        h.get_by_label("View").click();
        h.run();
    }
    h.get_by_label("Show Hidden Objects").click();
    h.run();
    assert!(!has(&h, "backup-appliance (hidden)"), "and goes again");
    assert!(!h.state().settings.view.show_hidden);
}

#[test]
fn status_bar_counts_hidden_objects() {
    let mut h = harness("en-US");
    h.run();
    let (objects, hidden) = h.state_mut().counts();
    assert!(
        hidden >= 2,
        "backup-appliance and the hidden SR at least: {hidden}"
    );
    assert!(has(&h, &format!("{objects} objects · {hidden} hidden")));
}

#[test]
fn search_filters_the_tree() {
    let mut h = harness("en-US");
    h.run();
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("web-0");
    h.run();
    assert!(has(&h, "web-01") && has(&h, "web-02"));
    assert!(!has(&h, "db-primary"));
    assert!(!has(&h, "Shared NFS storage"));
    assert!(has(&h, "xcp-host-01"), "ancestors stay");
    // The status bar's count follows the search.
    let counts: Vec<String> = h
        .query_all_by(|n| n.value().is_some_and(|l| l.contains("objects")))
        .filter_map(|n| n.accesskit_node().value())
        .collect();
    assert!(
        counts.iter().any(|l| l.contains("of 23 objects match")),
        "the count of matches: {counts:?}"
    );
    // Escape in the search box clears it: everything is back.
    h.key_press(egui::Key::Escape);
    h.run();
    assert_eq!(h.state().nav.search, "");
    assert!(has(&h, "db-primary"));
    let counts: Vec<String> = h
        .query_all_by(|n| n.value().is_some_and(|l| l.contains("objects")))
        .filter_map(|n| n.accesskit_node().value())
        .collect();
    assert!(!counts.is_empty());
    assert!(
        counts.iter().all(|c| c == "23 objects · 2 hidden"),
        "{counts:?}"
    );
}

#[test]
fn selecting_an_sr_shows_its_localized_name_in_japanese() {
    let mut h = harness("ja");
    h.run();
    assert!(has(&h, "表示"), "the View menu is in Japanese");
    // Host 1's local SR: the tree shows it without the host, the details with it.
    h.get_by_label("ローカル ストレージ").click();
    h.run();
    let n = h
        .query_all_by_label("xcp-host-01 のローカル ストレージ")
        .count();
    assert_eq!(
        n, 3,
        "heading, name, and the empty description, which is localized too"
    );
    assert!(has(&h, "ストレージ リポジトリ"), "kind in Japanese");
    // The renamed local SR keeps its name.
    assert!(has(&h, "Fast NVMe (host 2)"));
}

#[test]
fn language_switches_at_runtime_from_the_view_menu() {
    let mut h = harness("en-US");
    h.run();
    h.get_by_label("View").click();
    h.run();
    h.get_by_label("Language").click();
    h.run();
    h.get_by_label("简体中文").click();
    h.run();
    assert_eq!(h.state().settings.language.as_deref(), Some("zh-CN"));
    assert!(has(&h, "视图"));
    assert!(has(&h, "本地存储"), "SR names follow the language");
    assert!(!has(&h, "View"));
}

#[test]
fn objects_view_reaches_networks_and_nics() {
    let mut h = harness("en-US");
    h.run();
    h.get_by_label("Objects").click();
    h.run();
    assert_eq!(h.state().settings.nav, ViewKind::Objects);
    for group in ["Pools", "Servers", "VMs"] {
        assert!(has(&h, group), "{group}");
    }
    // Networks and NICs are further down: the search reaches them.
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("本番");
    h.run();
    assert!(
        has(&h, "Networks"),
        "the group stays as the match's ancestor"
    );
    h.get_by_label("本番ネットワーク").click();
    h.run();
    h.state_mut()
        .send(Command::ChooseTab(DetailsTab::Networking));
    h.run();
    // Its NICs (hosts' and VMs') in a table.
    assert!(has(&h, "Device") && has(&h, "MAC") && has(&h, "Attached"));
}

#[test]
fn details_lists_lead_on_to_related_objects() {
    let mut h = harness("en-US");
    h.run();
    h.get_by_label("web-01").click();
    h.run();
    click_row(&mut h, DetailsTab::Networking, "0");
    assert!(matches!(h.state().nav.selected, Some(Node::Vif(_))));
    assert!(has(&h, "Virtual NIC"));
    assert!(has(&h, "MAC address"));
}

#[test]
fn keyboard_moves_the_selection_and_collapses() {
    let mut h = harness("en-US");
    h.run();
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert!(
        matches!(h.state().nav.selected, Some(Node::Pool(_))),
        "first row"
    );
    h.key_press(egui::Key::ArrowDown);
    h.run();
    assert!(matches!(h.state().nav.selected, Some(Node::Host(_))));
    h.key_press(egui::Key::ArrowLeft); // collapse the host
    h.run();
    assert!(!has(&h, "web-01"), "host 1's VMs are folded away");
    h.key_press(egui::Key::ArrowRight);
    h.run();
    assert!(has(&h, "web-01"));
    h.get_by_label("Collapse XenPilot Demo Pool").click();
    h.run();
    assert!(!has(&h, "xcp-host-02"));
    // Enter unfolds the selected row again.
    h.key_press(egui::Key::ArrowUp);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(has(&h, "xcp-host-02"), "Enter opened the pool");
}

/// Enter on a NIC's row opens its settings; F1 lists the shortcuts from the same definitions
/// as the key bindings; About says version, commit and licence.
#[test]
fn enter_opens_a_nic_and_help_lists_the_shortcuts() {
    let mut h = harness("en-US");
    h.run();
    h.get_by_label("Objects").click();
    h.run();
    h.get_by_label("Search").click();
    h.run();
    h.get_by_label("Search").type_text("NIC 0");
    h.run();
    // Leave the search box for the tree, then pick the first NIC and press Enter.
    h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with("NIC 0")))
        .next()
        .expect("a NIC row")
        .click();
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert!(h.state().nic_form_open(), "Enter opened the NIC's settings");

    let mut h = harness("en-US");
    h.run();
    h.key_press(egui::Key::F1);
    h.run();
    assert!(has(&h, "Keyboard shortcuts"));
    assert!(has(&h, "Ctrl+N"), "the binding, as the menu shows it");
    assert!(has(&h, "Connect…"));
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("About XenPilot").click();
    h.run();
    assert!(has(&h, "Licence: MIT OR Apache-2.0"));
    assert!(has(&h, &format!("Commit: {}", xenpilot::COMMIT)));
}

#[test]
fn live_updates_keep_the_selection() {
    let mut h = harness("en-US");
    h.run();
    h.get_by_label("web-01").click();
    h.run();
    let selected = h.state().nav.selected.clone().unwrap();
    let Node::Vm(web02) = vm_node(h.state(), "web-02") else {
        unreachable!()
    };
    // A renamed VM arrives as a `mod` event with its whole record.
    let mut rec = demo::demo_pool().record("VM", web02.as_str()).unwrap();
    rec["name_label"] = "web-02-renamed".into();
    h.state_mut().apply_update(CacheUpdate::Batch(vec![Event {
        class: "vm".into(),
        operation: Operation::Mod,
        reference: web02.as_str().into(),
        snapshot: Some(rec),
    }]));
    h.run();
    assert!(has(&h, "web-02-renamed"));
    assert!(!has(&h, "web-02"));
    assert_eq!(h.state().nav.selected.as_ref(), Some(&selected));
}

#[test]
fn file_open_database_dump_shows_it_read_only() {
    let mut h = harness("en-US");
    h.run();
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Open database dump… Ctrl+O").click();
    h.run();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/xapi-db/state1.xml"
    );
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "File")
        .type_text("/no/such/dump.xml");
    h.run();
    h.get_by_label("Open").click();
    for _ in 0..50 {
        h.step();
        if h.state().open_dialog_error().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(2);
    let err = h.state().open_dialog_error().expect("a clear error");
    assert!(
        err.contains("/no/such/dump.xml") || err.contains("No such file"),
        "{err}"
    );
    assert!(has(&h, "web-01"), "the current pool stays");
    // Now a real one.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "File")
        .click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "File")
        .type_text(path);
    h.run();
    h.get_by_label("Open").click();
    for _ in 0..200 {
        h.step();
        if matches!(h.state().status(), Status::File(_)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run_steps(3);
    assert_eq!(h.state().status(), Status::File("state1.xml".into()));
    assert!(has(&h, "Hottub") && has(&h, "inflames"));
    assert!(has(&h, "Read-only: state1.xml"));
}

/// The app connected to a demo server: another client's edit shows up through event.from.
#[test]
fn events_from_a_live_server_update_the_tree() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt
        .block_on(DemoServer::start(
            demo::demo_pool(),
            DemoConfig::new("pw"),
            ([127, 0, 0, 1], 0).into(),
        ))
        .unwrap();
    let url = server.url.clone();
    let handle = rt.handle().clone();
    let mut h = Harness::builder()
        // A live connection repaints as events arrive: let run() take a few more frames.
        .with_max_steps(LIVE_MAX_STEPS)
        .with_size(egui::vec2(1000.0, 640.0))
        .build_eframe(move |cc| {
            let ctx = cc.egui_ctx.clone();
            let conn = xenpilot::services::connection::connect(
                &handle,
                url,
                Credentials::new("root", "pw"),
                TransportOptions::default(),
                move || ctx.request_repaint(),
            );
            let mut app = XenPilotApp::new(Source::Live(conn), Some(handle.clone()), None);
            app.send(xenpilot::ui::Command::SetLanguage("en-US".into()));
            app.setup(&cc.egui_ctx);
            app
        });
    let wait = |h: &mut Harness<'_, XenPilotApp>, what: &str| {
        for _ in 0..300 {
            h.step();
            if h.query_by_label(what).is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("{what} never appeared");
    };
    wait(&mut h, "web-01");
    h.get_by_label("db-primary").click();
    h.step();
    // Another admin renames web-01.
    rt.block_on(async {
        let s = Session::login(
            &server.url,
            Credentials::new("root", "pw"),
            TransportOptions::default(),
        )
        .await
        .unwrap();
        let vms = s
            .call("VM.get_by_name_label", &["web-01".into()])
            .await
            .unwrap();
        s.call("VM.set_name_label", &[vms[0].clone(), "web-01-new".into()])
            .await
            .unwrap();
        s.logout().await.unwrap();
    });
    wait(&mut h, "web-01-new");
    assert!(has(&h, "Connected to XenPilot Demo Pool"));
    let sel = h.state().nav.selected.clone();
    assert_eq!(
        sel,
        Some(vm_node(h.state(), "db-primary")),
        "selection kept"
    );
    drop(h);
    rt.block_on(server.stop());
}

#[test]
fn screenshots_of_the_main_window() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja", "zh-CN"] {
        for (hidden, hidden_name) in [(false, "hidden-off"), (true, "hidden-on")] {
            for (theme, theme_name) in [(Theme::Light, "light"), (Theme::Dark, "dark")] {
                let mut h = harness_with(settings(lang, hidden, theme));
                h.run();
                // Select host 1's local SR so the details pane shows a localized name.
                let sr = {
                    let app = h.state();
                    let (r, _) = app
                        .cache()
                        .srs
                        .iter()
                        .find(|(_, s)| {
                            s.name_label == "Local storage"
                                && s.other_config.get("i18n-key").map(String::as_str)
                                    == Some("local-storage")
                        })
                        .unwrap();
                    Node::Sr(r.clone())
                };
                h.state_mut().send(xenpilot::ui::Command::Select(sr));
                h.run();
                results.add(h.try_snapshot(format!("main-{lang}-{hidden_name}-{theme_name}")));
            }
        }
    }
}

/// Several pools in one tree: the demo pool, an opened dump (selected, so the details pane
/// and status bar speak of it) and a pool disconnected by the user, greyed, to reconnect.
#[test]
fn several_pools_in_one_tree_and_a_screenshot() {
    let mut h = Harness::builder()
        // A live connection repaints as events arrive: let run() take a few more frames.
        .with_max_steps(LIVE_MAX_STEPS)
        .with_size(egui::vec2(1000.0, 900.0))
        .with_theme(egui::Theme::Light)
        .build_eframe(|cc| {
            let mut app = XenPilotApp::with_cache(
                xenpilot::xapidb::cache_of(&demo::demo_pool()),
                settings("en-US", false, Theme::Light),
            );
            app.setup(&cc.egui_ctx);
            let i = app.add_pool("https://pool-b.example".into(), Source::Static);
            app.pools[i].status = Status::Disconnected;
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/xapi-db/state1.xml"
            );
            let dump = xenpilot::ui::load_dump(std::path::Path::new(path)).unwrap();
            app.show_dump(dump, "state1.xml".into());
            app
        });
    h.run();
    // Fold the demo pool so all three fit in the picture.
    let demo_pool = h.state().pools[0]
        .cache
        .pool()
        .map(|(r, _)| r.clone())
        .unwrap();
    h.state_mut()
        .send(xenpilot::ui::Command::Toggle(Node::Pool(demo_pool)));
    h.run();
    assert_eq!(h.state().pools.len(), 3);
    assert!(has(&h, "XenPilot Demo Pool"));
    assert!(has(&h, "https://pool-b.example (Disconnected)"));
    assert!(
        has(&h, "Read-only: state1.xml"),
        "the selected pool's status"
    );
    let (objects, _) = h.state_mut().counts();
    assert!(objects > 23, "both loaded pools are counted: {objects}");
    // The same dump again is refused: it is already shown.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/xapi-db/state1.xml"
    );
    let dump = xenpilot::ui::load_dump(std::path::Path::new(path)).unwrap();
    h.state_mut().show_dump(dump, "state1.xml".into());
    h.run();
    assert_eq!(h.state().pools.len(), 3);
    assert!(matches!(
        h.state().notice,
        Some(xenpilot::ui::status_bar::Notice::AlreadyShown(_))
    ));
    h.state_mut().notice = None;
    h.run();
    h.snapshot("main-several-pools-en-US");
}
