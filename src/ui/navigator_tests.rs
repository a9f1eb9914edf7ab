//! Tests of the navigator's builds: inline, in the background, and their races.

use super::*;
use crate::ui::Source;
use xenapi::events::{CacheUpdate, Event, Operation};

fn renamed(db: &xapidb::Db, vm: &str, name: &str) -> Event {
    let mut rec = db.record("VM", vm).expect("VM record");
    rec["name_label"] = name.into();
    Event {
        class: "vm".into(),
        operation: Operation::Mod,
        reference: vm.into(),
        snapshot: Some(rec),
    }
}

/// Events that arrive while the tree is built from a snapshot wait, are applied once the
/// snapshot is released, and reach the tree: none is lost, and the cache is not copied.
#[test]
fn events_during_a_background_build_are_kept_and_shown() {
    let db = demo::generator::generate("vms=300,hosts=2".parse().expect("spec"));
    let mut pools = PoolList::default();
    let i = pools.add("p".into(), Source::Static);
    pools[i].cache = Arc::new(xapidb::cache_of(&db));
    pools[i].status = Status::Connected("p".into());
    let vms: Vec<String> = pools[i]
        .cache
        .vms
        .iter()
        .filter(|(_, v)| !v.is_a_template && !v.is_control_domain)
        .map(|(r, _)| r.as_str().to_string())
        .take(3)
        .collect();
    let i18n = Arc::new(I18n::new("en-US"));
    let (view, opts) = (ViewKind::Infrastructure, ViewOptions::default());
    let mut nav = Navigator::new();
    nav.background = true;
    nav.refresh(&mut pools, &i18n, view, opts);
    assert!(nav.rows().len() > 300, "the first build is inline");

    let mut fx = super::super::pools::Effects::default();
    pools[i].apply_update(
        CacheUpdate::Batch(vec![renamed(&db, &vms[0], "renamed-0")]),
        &mut fx,
    );
    nav.mark_events_pending();
    nav.now = 1.0;
    nav.refresh(&mut pools, &i18n, view, opts);
    assert!(
        nav.background_busy(),
        "an event storm builds in the background"
    );
    // Arrives while the build holds the snapshot (or just after: either way it is kept).
    pools[i].apply_update(
        CacheUpdate::Batch(vec![
            renamed(&db, &vms[1], "renamed-1"),
            renamed(&db, &vms[2], "renamed-2"),
        ]),
        &mut fx,
    );
    nav.mark_events_pending();
    for step in 0..2000 {
        nav.now = 2.0 + f64::from(step);
        nav.refresh(&mut pools, &i18n, view, opts);
        if !nav.events_pending() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let labels: Vec<&str> = nav.rows().iter().map(|r| r.label.as_str()).collect();
    for name in ["renamed-0", "renamed-1", "renamed-2"] {
        assert!(labels.contains(&name), "{name} reached the tree");
    }
    assert_eq!(
        Arc::strong_count(&pools[i].cache),
        1,
        "no snapshot is left behind"
    );
}

/// A change the user makes while a background build runs wins over the older result.
#[test]
fn a_stale_background_result_does_not_replace_a_newer_tree() {
    let db = demo::generator::generate("vms=300,hosts=2".parse().expect("spec"));
    let mut pools = PoolList::default();
    let i = pools.add("p".into(), Source::Static);
    pools[i].cache = Arc::new(xapidb::cache_of(&db));
    pools[i].status = Status::Connected("p".into());
    let i18n = Arc::new(I18n::new("en-US"));
    let opts = ViewOptions::default();
    let mut nav = Navigator::new();
    nav.background = true;
    nav.refresh(&mut pools, &i18n, ViewKind::Infrastructure, opts);
    nav.mark_events_pending();
    nav.now = 1.0;
    nav.refresh(&mut pools, &i18n, ViewKind::Infrastructure, opts);
    assert!(nav.background_busy());
    // The user switches to the Objects view: rebuilt at once.
    nav.mark_tree_dirty();
    nav.refresh(&mut pools, &i18n, ViewKind::Objects, opts);
    let objects_rows = nav.rows().to_vec();
    while nav.background_busy() {
        std::thread::sleep(std::time::Duration::from_millis(2));
        nav.refresh(&mut pools, &i18n, ViewKind::Objects, opts);
    }
    assert_eq!(
        nav.rows(),
        objects_rows.as_slice(),
        "the Objects view stays"
    );
}

/// A background result that is ready when the user changes the view is dropped, not shown.
#[test]
fn a_finished_background_build_of_the_old_view_is_not_installed() {
    let db = demo::generator::generate("vms=300,hosts=2".parse().expect("spec"));
    let mut pools = PoolList::default();
    let i = pools.add("p".into(), Source::Static);
    pools[i].cache = Arc::new(xapidb::cache_of(&db));
    pools[i].status = Status::Connected("p".into());
    let i18n = Arc::new(I18n::new("en-US"));
    let opts = ViewOptions::default();
    let mut nav = Navigator::new();
    nav.background = true;
    nav.refresh(&mut pools, &i18n, ViewKind::Infrastructure, opts);
    nav.mark_events_pending();
    nav.now = 1.0;
    nav.refresh(&mut pools, &i18n, ViewKind::Infrastructure, opts);
    // The Infrastructure build finishes before the next frame.
    let built = nav
        .building
        .take()
        .and_then(Task::wait)
        .expect("a build ran");
    nav.building = Some(Task::ready(built));
    nav.mark_tree_dirty();
    nav.refresh(&mut pools, &i18n, ViewKind::Objects, opts);
    let mut inline = Navigator::new();
    inline.refresh(&mut pools, &i18n, ViewKind::Objects, opts);
    assert_eq!(nav.rows(), inline.rows(), "the Objects view is shown");
}

/// An edit storm through background builds, a frame at a time: every change reaches the
/// cache, the rows end as a fresh build's, the selection stays on its VM; when that VM is
/// deleted, the row it was under is selected.
#[test]
fn after_an_edit_storm_every_change_is_in_and_the_selection_kept() {
    let db = demo::generator::generate("vms=300,hosts=2".parse().expect("spec"));
    let mut pools = PoolList::default();
    let i = pools.add("p".into(), Source::Static);
    pools[i].cache = Arc::new(xapidb::cache_of(&db));
    pools[i].status = Status::Connected("p".into());
    let i18n = Arc::new(I18n::new("en-US"));
    let (view, opts) = (ViewKind::Infrastructure, ViewOptions::default());
    let mut nav = Navigator::new();
    nav.background = true;
    nav.refresh(&mut pools, &i18n, view, opts);
    let last_vm = nav
        .rows()
        .iter()
        .rposition(|r| matches!(r.node, Node::Vm(_)));
    let sel = nav.rows()[last_vm.expect("a VM row")].node.clone();
    let parent = parent_row(nav.rows(), &sel).flatten().expect("under a row");
    nav.selected = Some(sel.clone());
    let vms: Vec<String> = pools[i]
        .cache
        .vms
        .iter()
        .filter(|(_, v)| !v.is_a_template && !v.is_control_domain)
        .map(|(r, _)| r.as_str().to_string())
        .collect();
    // Three new keys to each VM, then each renamed: every snapshot the whole record.
    let mut events = Vec::new();
    for round in 0..4 {
        for vm in &vms {
            let mut rec = db.record("VM", vm).expect("VM record");
            for k in 0..round.min(3) + 1 {
                rec["other_config"][format!("storm-{k}")] = "1".into();
            }
            if round == 3 {
                rec["name_label"] = format!("{vm}-renamed").into();
            }
            events.push(Event {
                class: "vm".into(),
                operation: Operation::Mod,
                reference: vm.clone(),
                snapshot: Some(rec),
            });
        }
    }
    let settle = |nav: &mut Navigator, pools: &mut PoolList, batches: Vec<Vec<Event>>| {
        let mut fx = super::super::pools::Effects::default();
        let mut batches = batches.into_iter();
        for frame in 0..100_000 {
            if let Some(b) = batches.next() {
                pools[i].apply_update(CacheUpdate::Batch(b), &mut fx);
                nav.mark_events_pending();
            } else if !nav.events_pending() && !pools[i].has_pending() {
                return;
            }
            nav.now = f64::from(frame) * 0.05 + 10.0;
            nav.refresh(pools, &i18n, view, opts);
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        panic!("the storm never settled");
    };
    let batches: Vec<Vec<Event>> = events.chunks(37).map(<[Event]>::to_vec).collect();
    settle(&mut nav, &mut pools, batches);

    let cache = &pools[i].cache;
    for vm in &vms {
        let rec = &cache.vms[vm.as_str()];
        assert_eq!(rec.name_label, format!("{vm}-renamed"));
        for k in 0..3 {
            assert!(rec.other_config.contains_key(&format!("storm-{k}")), "{vm}");
        }
    }
    let mut fresh = Navigator::new();
    fresh.refresh(&mut pools, &i18n, view, opts);
    assert_eq!(nav.rows(), fresh.rows(), "the rows are the cache's");
    assert_eq!(nav.selected.as_ref(), Some(&sel), "the selection stays");

    let Node::Vm(r) = &sel else {
        unreachable!("a VM row")
    };
    let del = Event {
        class: "vm".into(),
        operation: Operation::Del,
        reference: r.as_str().into(),
        snapshot: None,
    };
    settle(&mut nav, &mut pools, vec![vec![del]]);
    assert_eq!(nav.selected, Some(parent), "the row it was under");
}

/// A background build wakes the window when it is done, so that no frame is drawn only to
/// ask whether it is.
#[test]
fn a_finished_background_build_wakes_the_window() {
    let db = demo::generator::generate("vms=50,hosts=2".parse().expect("spec"));
    let mut pools = PoolList::default();
    let i = pools.add("p".into(), Source::Static);
    pools[i].cache = Arc::new(xapidb::cache_of(&db));
    pools[i].status = Status::Connected("p".into());
    let i18n = Arc::new(I18n::new("en-US"));
    let (view, opts) = (ViewKind::Infrastructure, ViewOptions::default());
    let mut nav = Navigator::new();
    nav.background = true;
    let (tx, rx) = std::sync::mpsc::channel();
    let tx = std::sync::Mutex::new(tx);
    nav.wake = Some(Arc::new(move || {
        let _ = tx.lock().map(|t| t.send(()));
    }));
    nav.refresh(&mut pools, &i18n, view, opts);
    nav.mark_events_pending();
    nav.now = 1.0;
    nav.refresh(&mut pools, &i18n, view, opts);
    assert!(nav.background_busy());
    rx.recv_timeout(std::time::Duration::from_secs(30))
        .expect("woken when the build is done");
}
