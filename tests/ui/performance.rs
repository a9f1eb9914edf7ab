//! The Performance tab over the demo's simulated xcp-rrdd at a fixed time (its series are a
//! pure function of object and time, so the screenshots are stable): a VM's and a host's
//! graphs and the pool overview, in English and Japanese; the tab stops what it polls when
//! another tab shows; read-only pools can't save a layout and say why.

use crate::harness::shows;
use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotResults};
use xenpilot::demo::{self, rrdd};
use xenpilot::model::tabs::DetailsTab;
use xenpilot::model::tree::Node;
use xenpilot::store::settings::{Settings, Theme};
use xenpilot::ui::performance::Target;
use xenpilot::ui::{Command, XenPilotApp};
use xenpilot::xenapi::rrd::Cf;

/// 2026-11-02 09:30:00 UTC: the time every screenshot is drawn at.
const NOW: i64 = 1_793_611_800;

fn harness(lang: &str) -> Harness<'static, XenPilotApp> {
    harness_with(lang, xenpilot::xapidb::cache_of(&demo::demo_pool()))
}

fn harness_with(lang: &str, cache: xenpilot::xenapi::Cache) -> Harness<'static, XenPilotApp> {
    let s = Settings {
        language: Some(lang.into()),
        theme: Theme::Light,
        ..Settings::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 760.0))
        .with_theme(egui::Theme::Light)
        .build_eframe(move |cc| {
            let mut app = XenPilotApp::with_cache(cache, s);
            app.perf.tz = Some(jiff::tz::TimeZone::UTC);
            app.setup(&cc.egui_ctx);
            app
        });
    h.run();
    h
}

/// Each host's rrdd reply at [`NOW`]: (host uuid, update).
fn replies(
    host: bool,
    vms: rrdd::VmFilter,
    span: i64,
) -> Vec<(String, xenpilot::xenapi::rrd::Update)> {
    let db = demo::demo_pool();
    let hosts: Vec<String> = db.table("host").unwrap().rows.keys().cloned().collect();
    hosts
        .iter()
        // NOW is before the demo pool's VMs' start times: as if they had run all along.
        .filter_map(|r| rrdd::host_view(&db, r).map(rrdd::HostView::running_all_along))
        .filter_map(|view| {
            // One step less than the span, as the app asks (xcp-rrdd's archive choice is
            // strict); a host with nothing asked for answers 500 and is left out.
            let req = rrdd::ExportRequest {
                start: NOW - span + 5,
                interval: 5,
                cf: Some(Cf::Average),
                host,
                vms: vms.clone(),
            };
            let update = rrdd::export(&view, &req, NOW as f64 + 0.25).ok()?;
            Some((view.host.uuid.clone(), update))
        })
        .collect()
}

fn show(h: &mut Harness<'_, XenPilotApp>, node: Node) {
    h.state_mut().send(Command::Select(node));
    h.state_mut()
        .send(Command::ChooseTab(DetailsTab::Performance));
    h.run();
}

fn feed(h: &mut Harness<'_, XenPilotApp>, replies: &[(String, xenpilot::xenapi::rrd::Update)]) {
    for (host, u) in replies {
        h.state_mut().perf.feed(host, u);
    }
    h.run();
    h.remove_cursor();
    h.run();
}

fn vm_node(h: &Harness<'_, XenPilotApp>, name: &str) -> (Node, String) {
    let (r, v) = h
        .state()
        .cache()
        .vms
        .iter()
        .find(|(_, v)| v.name_label == name)
        .unwrap();
    (Node::Vm(r.clone()), v.uuid.clone())
}

fn host_node(h: &Harness<'_, XenPilotApp>, name: &str) -> (Node, String) {
    let (r, v) = h
        .state()
        .cache()
        .hosts
        .iter()
        .find(|(_, v)| v.name_label == name)
        .unwrap();
    (Node::Host(r.clone()), v.uuid.clone())
}

fn pool_node(h: &Harness<'_, XenPilotApp>) -> Node {
    Node::Pool(h.state().cache().pool().unwrap().0.clone())
}

#[test]
fn screenshots_of_a_vm_a_host_and_the_overview() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja"] {
        let mut h = harness(lang);
        let (vm, uuid) = vm_node(&h, "web-01");
        show(&mut h, vm);
        feed(
            &mut h,
            &replies(false, rrdd::VmFilter::Only(vec![uuid]), 600),
        );
        results.add(h.try_snapshot(format!("perf-vm-{lang}")));

        let (host, _) = host_node(&h, "xcp-host-01");
        show(&mut h, host);
        feed(&mut h, &replies(true, rrdd::VmFilter::None, 600));
        results.add(h.try_snapshot(format!("perf-host-{lang}")));

        let pool = pool_node(&h);
        show(&mut h, pool);
        feed(&mut h, &replies(true, rrdd::VmFilter::All, 120));
        // A VM hidden from XenCenter (HideFromXenCenter=true) is not listed, as in the tree.
        assert!(!shows(&h, "backup-appliance"), "{lang}");
        results.add(h.try_snapshot(format!("perf-overview-{lang}")));
    }
}

#[test]
fn another_tab_or_object_stops_the_polling_of_the_last() {
    let mut h = harness("en-US");
    let (vm, uuid) = vm_node(&h, "web-01");
    show(&mut h, vm);
    assert!(matches!(
        h.state().perf.target(),
        Some(Target::Object { uuid: u, .. }) if *u == uuid
    ));
    h.state_mut().send(Command::ChooseTab(DetailsTab::General));
    h.run();
    assert_eq!(
        h.state().perf.target(),
        None,
        "nothing shown, nothing kept or polled"
    );
    let pool = pool_node(&h);
    show(&mut h, pool);
    assert!(matches!(
        h.state().perf.target(),
        Some(Target::Overview { .. })
    ));
}

#[test]
fn a_click_on_an_overview_row_selects_its_object() {
    let mut h = harness("en-US");
    let pool = pool_node(&h);
    show(&mut h, pool);
    feed(&mut h, &replies(true, rrdd::VmFilter::All, 120));
    assert!(shows(&h, "db-primary · VM"), "the busiest VM is listed");
    h.get_by_label("db-primary · VM").click();
    h.run();
    let (vm, _) = vm_node(&h, "db-primary");
    assert_eq!(h.state().nav.selected, Some(vm));
}

#[test]
fn a_pool_without_write_access_says_why_the_layout_cannot_be_saved() {
    let mut h = harness("en-US");
    let (vm, uuid) = vm_node(&h, "web-01");
    show(&mut h, vm);
    feed(
        &mut h,
        &replies(false, rrdd::VmFilter::Only(vec![uuid]), 600),
    );
    h.get_by_label("Edit graphs…").click();
    h.run();
    let why = h.state().i18n.get("form-read-only");
    assert!(shows(&h, &why), "the reason is shown beside Save");
    assert!(shows(&h, "Data sources of the chosen graph"));
}

#[test]
fn a_graph_exports_what_it_shows_as_csv() {
    let mut h = harness("en-US");
    let (vm, uuid) = vm_node(&h, "web-01");
    show(&mut h, vm);
    feed(
        &mut h,
        &replies(false, rrdd::VmFilter::Only(vec![uuid]), 600),
    );
    h.get_all_by_label("Export CSV…").next().unwrap().click();
    h.run();
    // The name offered says whose graph it is.
    assert!(shows(&h, "web-01-CPU"), "the object in the file name");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cpu.csv");
    crate::harness::set_text(&mut h, "CSV file:", &path.display().to_string());
    h.get_by_label("Save").click();
    h.run();
    let csv = std::fs::read_to_string(&path).expect("the file was written");
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("time,CPU 0,CPU 1,Average CPU"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 120, "ten minutes of 5 s points");
    assert!(
        rows[119].starts_with("2026-11-02T09:30:00Z,"),
        "{}",
        rows[119]
    );
    // Percent, as drawn: the demo's CPU is a fraction on the wire.
    let v: f64 = rows[0].split(',').nth(1).unwrap().parse().unwrap();
    assert!(v > 1.0 && v <= 100.0, "{v}");
    assert!(shows(&h, "Saved"), "the user is told");
    // The notice is about web-01's graphs: another object's tab does not show it.
    let (other, _) = vm_node(&h, "web-02");
    show(&mut h, other);
    assert!(!shows(&h, "Saved"), "the notice stayed with its object");
}

#[test]
fn a_halted_vm_says_it_has_no_live_data() {
    let mut h = harness("en-US");
    let (vm, _) = vm_node(&h, "db-replica");
    show(&mut h, vm);
    assert!(shows(&h, "This VM is not running"));
}

#[test]
fn a_graph_of_two_units_is_drawn_as_two_graphs() {
    use xenpilot::model::graphs::layout::{self, Graph};
    let mut cache = xenpilot::xapidb::cache_of(&demo::demo_pool());
    let uuid = cache
        .vms
        .values()
        .find(|v| v.name_label == "web-01")
        .unwrap()
        .uuid
        .clone();
    // A layout as XenCenter or our editor may save it: CPU and a NIC in one graph.
    let pool = cache.pools.values_mut().next().unwrap();
    pool.gui_config = layout::with_layout(
        &pool.gui_config,
        xenpilot::xenapi::rrd::ObjectKind::Vm,
        &uuid,
        &[Graph {
            name: "Mine".into(),
            sources: vec!["cpu0".into(), "vif_0_rx".into()],
        }],
    );
    let mut h = harness_with("en-US", cache);
    let (vm, uuid) = vm_node(&h, "web-01");
    show(&mut h, vm);
    feed(
        &mut h,
        &replies(false, rrdd::VmFilter::Only(vec![uuid]), 600),
    );
    assert!(shows(&h, "Mine · CPU (%)"), "percent on its own axis");
    assert!(shows(&h, "Mine · Network (MiB/s)"), "the NIC on another");
}

#[test]
fn the_legend_reads_out_each_series_at_the_pointer_s_time() {
    let mut h = harness("en-US");
    let (vm, uuid) = vm_node(&h, "web-01");
    show(&mut h, vm);
    feed(
        &mut h,
        &replies(false, rrdd::VmFilter::Only(vec![uuid]), 600),
    );
    // A label's text is its accessibility value.
    let text = |n: &egui_kittest::Node<'_>| {
        let n = n.accesskit_node();
        n.label().or_else(|| n.value()).unwrap_or_default()
    };
    let entry = |h: &Harness<'_, XenPilotApp>| {
        h.query_all_by(|n| n.value().is_some_and(|l| l.starts_with("■ Average CPU")))
            .next()
            .map(|n| (text(&n), n.rect()))
            .expect("the CPU graph's legend")
    };
    let (newest, rect) = entry(&h);
    assert!(!shows(&h, "09:2"), "no time shown without the pointer");
    // The plot is just above its legend: point at its left part (about 09:21).
    let at = egui::pos2(rect.left() + 120.0, rect.top() - 60.0);
    h.event(egui::Event::PointerMoved(at));
    h.run();
    let (pointed, _) = entry(&h);
    let times: Vec<String> = h
        .query_all_by(|n| n.value().is_some_and(|l| l.starts_with("09:2")))
        .map(|n| text(&n))
        .collect();
    assert!(!times.is_empty(), "the pointer's time is shown");
    assert_ne!(pointed, newest, "the value at the pointer, not the newest");
    h.event(egui::Event::PointerGone);
    h.run();
    assert_eq!(
        entry(&h).0,
        newest,
        "back to the newest without the pointer"
    );
}
