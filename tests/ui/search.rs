//! The Search window over two pools: a tag search finds VMs in both, the results export to
//! CSV (the file read back), the navigator's box takes the same language; screenshots in
//! English and Japanese.

use crate::harness::{set_text, shows};
use eframe::egui;
use eframe::egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotResults};
use std::sync::Arc;
use xenpilot::demo;
use xenpilot::model::search::Kind;
use xenpilot::store::settings::Settings;
use xenpilot::ui::search::Request;
use xenpilot::ui::{Command, Source, Status, XenPilotApp};
use xenpilot::xenapi::Cache;

fn tag(c: &mut Cache, names: &[&str], t: &str) {
    for v in c.vms.values_mut() {
        if names.contains(&v.name_label.as_str()) {
            v.tags.push(t.into());
        }
    }
}

/// The demo pool (web-01 and db-primary tagged `prod`) and a small generated pool
/// ("Lab B", its first VM tagged `prod`).
fn two_pools(lang: &str) -> Harness<'static, XenPilotApp> {
    let mut a = xenpilot::xapidb::cache_of(&demo::demo_pool());
    tag(&mut a, &["web-01", "db-primary"], "prod");
    tag(&mut a, &["web-02"], "test");
    let mut b = xenpilot::xapidb::cache_of(&demo::generator::generate(
        "vms=3,hosts=1".parse().expect("spec"),
    ));
    let first = b
        .vms
        .values()
        .filter(|v| !v.is_control_domain && !v.is_a_template)
        .map(|v| v.name_label.clone())
        .min()
        .expect("a VM");
    tag(&mut b, &[first.as_str()], "prod");
    if let Some(p) = b.pools.values_mut().next() {
        p.name_label = "Lab B".into();
    }
    let settings = Settings {
        language: Some(lang.into()),
        ..Settings::default()
    };
    Harness::builder()
        .with_size(egui::vec2(1200.0, 760.0))
        .with_theme(egui::Theme::Light)
        .build_eframe(move |cc| {
            let mut app = XenPilotApp::with_cache(a, settings);
            app.setup(&cc.egui_ctx);
            let i = app.add_pool("lab-b".into(), Source::Static);
            app.pools[i].cache = Arc::new(b);
            app.pools[i].status = Status::Connected("lab-b".into());
            app
        })
}

fn hits(h: &Harness<'_, XenPilotApp>) -> Vec<(String, String)> {
    let w = h
        .state()
        .search_window()
        .expect("the Search window is open");
    w.hits(&h.state().pools)
        .iter()
        .map(|x| (x.name.clone(), x.pool_name.clone()))
        .collect()
}

#[test]
fn a_tag_search_spans_both_pools_and_exports_csv() {
    let mut h = two_pools("en-US");
    h.run();
    h.state_mut().send(Command::SetSearch("tag:prod".into()));
    h.run();
    // The navigator's box takes the same language: the three tagged VMs, nothing else.
    assert!(shows(&h, "web-01") && shows(&h, "db-primary"));
    assert!(
        !shows(&h, "web-02"),
        "untagged VMs are filtered out of the tree"
    );
    h.state_mut().send(Command::OpenSearch);
    h.run();
    let found = hits(&h);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(found.iter().filter(|(_, p)| p == "Lab B").count(), 1);
    assert!(shows(&h, "3 objects found across all connected pools."));
    let w = h.state().search_window().expect("open");
    assert!(w.hits(&h.state().pools).iter().all(|x| x.kind == Kind::Vm));

    // Export as CSV through the path row.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("prod.csv");
    h.state_mut().send(Command::Search(Request::ExportCsv));
    h.run();
    set_text(&mut h, "CSV file:", &path.display().to_string());
    h.get_by_label("Write").click();
    h.run();
    let text = std::fs::read_to_string(&path).expect("the file was written");
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("name,type,pool,host,power,vcpus,memory_bytes,ip,tags")
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 3, "{text}");
    assert!(
        rows.iter()
            .any(|r| r.starts_with("db-primary,vm,XenPilot Demo Pool,"))
    );
    assert!(
        rows.iter()
            .any(|r| r.starts_with("web-01,vm,XenPilot Demo Pool,"))
    );
    assert!(rows.iter().any(|r| r.contains(",Lab B,")));
    assert!(rows.iter().all(|r| r.ends_with(",prod")));
    assert!(shows(&h, "Results written to"));
    // Another query: the line spoke of the old results, so it goes.
    {
        let boxes: Vec<_> = h
            .get_all_by_role_and_label(Role::TextInput, "Search")
            .collect();
        let query = boxes.last().expect("the Search window's query box");
        query.focus();
        query.type_text(" web");
    }
    h.run();
    assert!(!shows(&h, "Results written to"));
}

#[test]
fn a_query_error_is_said_in_words_where_it_is() {
    let mut h = two_pools("en-US");
    h.run();
    h.state_mut()
        .send(Command::SetSearch("tag:prod colour:red".into()));
    h.run();
    assert!(shows(&h, "Column 10: “colour” is not a field"));
    assert!(
        h.state().nav.rows().is_empty(),
        "an unreadable query matches nothing"
    );
}

#[test]
fn search_results_screenshots() {
    let mut results = SnapshotResults::new();
    for (lang, found) in [("en-US", "4 objects found"), ("ja", "4 個のオブジェクト")] {
        let mut h = two_pools(lang);
        h.run();
        h.state_mut()
            .send(Command::SetSearch("tag:prod OR tag:test".into()));
        h.state_mut().send(Command::OpenSearch);
        h.run();
        assert!(shows(&h, found), "{lang}");
        results.add(h.try_snapshot(format!("search-results-{lang}")));
    }
}

/// The query runs again only when it, the sort or the records change: not when the tree is
/// rebuilt for the navigator's own search, nor on a frame with nothing new.
#[test]
fn the_results_stay_while_only_the_tree_changes() {
    let mut h = two_pools("en-US");
    h.run();
    h.state_mut().send(Command::SetSearch("tag:prod".into()));
    h.state_mut().send(Command::OpenSearch);
    h.run();
    let asked = |h: &Harness<'_, XenPilotApp>| h.state().search_window().expect("open").searches();
    let before = asked(&h);
    assert_eq!(hits(&h).len(), 3);
    // The navigator's box filters the tree again (its rows rebuilt): the window's query stays.
    h.state_mut().send(Command::SetSearch("web".into()));
    h.run();
    h.run_steps(3);
    assert_eq!(asked(&h), before, "the tree's rebuild reran the query");
    assert_eq!(hits(&h).len(), 3);
    // A pool's records replaced: it runs again and sees the new tag.
    let mut c = (*h.state().pools[1].cache).clone();
    tag(&mut c, &["vm-00001"], "prod");
    h.state_mut().pools[1].cache = Arc::new(c);
    // Changed records rerun it within half a second (not on every change of a storm).
    for _ in 0..100 {
        h.step();
        if hits(&h).len() == 4 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(asked(&h), before + 1);
    assert_eq!(hits(&h).len(), 4);
}

/// A search running in the background says so beside the count, over the previous results,
/// and the newest results replace them when it ends.
#[test]
fn a_background_search_says_searching_until_its_results_arrive() {
    let mut h = two_pools("en-US");
    h.run();
    h.state_mut().send(Command::SetSearch("tag:prod".into()));
    h.state_mut().send(Command::OpenSearch);
    h.run();
    assert_eq!(hits(&h).len(), 3);
    let w = h.state_mut().search_window_mut().expect("open");
    w.always_in_background();
    w.set_query("tag:test");
    // The frame that starts the search draws the previous results and the hint.
    h.step();
    assert!(shows(
        &h,
        "3 objects found across all connected pools. Searching…"
    ));
    for _ in 0..200 {
        h.step();
        if !h.state().search_window().expect("open").searching() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.run_steps(2);
    assert_eq!(
        hits(&h),
        [("web-02".to_string(), "XenPilot Demo Pool".to_string())]
    );
    assert!(!shows(&h, "Searching…"));
}
