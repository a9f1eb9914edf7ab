//! The Performance tab's polling against the demo server, where each host answers on its
//! own loopback address for itself and its resident VMs: a VM is polled at its host's
//! address, a VM that moved is followed to its new host with one unbroken series, the
//! overview polls every host, and a graph layout saved to `gui_config` changes only its
//! own keys.

use crate::common::*;
use crate::session::*;
use std::sync::{Arc, Mutex};
use xenpilot::model::graphs::layout::{self, Graph};
use xenpilot::model::graphs::overview::Overview;
use xenpilot::services::edits;
use xenpilot::ui::performance::poll::{self, Sink};
use xenpilot::xenapi::rrd::{Cf, ObjectKind, SeriesKey, Store};
use xenpilot::xenapi::{Cache, Credentials, Protocol, Session};

struct Pool {
    srv: xenpilot::demo::DemoServer,
    session: Arc<Session>,
    cache: Cache,
}

async fn pool() -> Pool {
    let srv = server().await;
    // rrdd's last update on a 5 s mark: where asking for the whole span gets 1 min rows.
    srv.state.rrd_clock.set_fixed(Some(1_796_000_000.4));
    let session = Arc::new(login(&srv.url, Protocol::JsonRpc).await);
    let cache = Cache::fetch_all(&session).await.expect("cache loads");
    Pool {
        srv,
        session,
        cache,
    }
}

/// (uuid of a running VM on a host other than the coordinator, that host's ref, the
/// coordinator's ref).
fn vm_off_the_coordinator(c: &Cache) -> (String, String, String) {
    let (_, pool) = c.pool().unwrap();
    let vm = c
        .vms
        .values()
        .find(|v| {
            !v.is_control_domain
                && !v.resident_on.is_null()
                && v.resident_on != pool.master
                && c.hosts.contains_key(&v.resident_on)
        })
        .expect("the demo pool runs a VM on its second host");
    (
        vm.uuid.clone(),
        vm.resident_on.as_str().to_string(),
        pool.master.as_str().to_string(),
    )
}

/// The first poll's start, as the 10-minute range asks it: a step less than the span, or
/// xcp-rrdd answers from the 1 min archive whenever its last update is on a 5 s mark.
const FIRST: i64 = -595;

#[test]
fn the_first_poll_of_each_range_asks_a_step_less_than_its_span() {
    use xenpilot::ui::performance::Range;
    assert_eq!(Range::TenMinutes.first_start(), FIRST);
    for r in Range::ALL {
        assert_eq!(r.first_start(), -(r.span() - i64::from(r.step())));
    }
}

async fn poll_vm(p: &Pool, uuid: &str, store: &Arc<Mutex<Store>>) -> Vec<poll::HostError> {
    let base = p.session.transport().base_url().clone();
    let jobs = {
        let s = store.lock().unwrap();
        poll::object_jobs(&p.cache, &base, ObjectKind::Vm, uuid, 5, FIRST, |h| {
            s.next_start(h)
        })
    };
    let jobs: Vec<_> = jobs
        .into_iter()
        .map(|j| j.expect("a reachable host"))
        .collect();
    assert_eq!(jobs.len(), 1);
    let transports = poll::Transports::default();
    poll::run(
        p.session.clone(),
        transports,
        jobs,
        Sink::Store(store.clone()),
    )
    .await
}

#[tokio::test]
async fn a_vm_is_polled_at_its_own_host_s_address() {
    let p = pool().await;
    assert!(
        p.srv.addresses.len() >= 2,
        "each demo host has its own address"
    );
    let (vm, host, _) = vm_off_the_coordinator(&p.cache);
    let base = p.session.transport().base_url().clone();
    let jobs = poll::object_jobs(&p.cache, &base, ObjectKind::Vm, &vm, 5, FIRST, |_| None);
    let job = jobs[0].as_ref().unwrap();
    let address = &p.cache.hosts[&xenpilot::xenapi::Ref::new(host.as_str())].address;
    assert_eq!(job.url, format!("http://{address}:{}", p.srv.addr.port()));
    assert_ne!(job.url, p.srv.url, "not the coordinator's address");

    let store = Arc::new(Mutex::new(Store::new(120)));
    let errors = poll_vm(&p, &vm, &store).await;
    assert!(errors.is_empty(), "{errors:?}");
    {
        let s = store.lock().unwrap();
        let cpu = s
            .series(&SeriesKey::new(
                Cf::Average,
                ObjectKind::Vm,
                vm.as_str(),
                "cpu0",
            ))
            .expect("the VM's host answers for it");
        assert!(cpu.len() > 100, "ten minutes of 5 s points: {}", cpu.len());
        assert!(!s.memory_used(Cf::Average, ObjectKind::Vm, &vm).is_empty());
        assert!(
            s.keys().all(|k| k.kind == ObjectKind::Vm && k.uuid == vm),
            "host=false and vm_uuid: nothing else"
        );
    }

    // The coordinator does not answer for a VM it does not run: polling there would be wrong.
    let t = xenpilot::xenapi::rrd::fetch::host_transport(&p.session, &p.srv.url).unwrap();
    let q = xenpilot::xenapi::rrd::RrdQuery {
        host: false,
        vm_uuids: vec![vm.clone()],
        ..Default::default()
    };
    // It has no RRD for it: xcp-rrdd's No_RRA_Available, a 500, "no data" to the client.
    let err = xenpilot::xenapi::rrd::rrd_updates(&t, &p.session.session_ref(), &q)
        .await
        .unwrap_err();
    assert!(
        matches!(err, xenpilot::xenapi::rrd::FetchError::NoData { .. }),
        "the coordinator has no rows for it: {err}"
    );
}

#[tokio::test]
async fn a_vm_that_moved_is_followed_with_one_series() {
    let mut p = pool().await;
    let (vm, _, master) = vm_off_the_coordinator(&p.cache);
    let store = Arc::new(Mutex::new(Store::new(120)));
    assert!(poll_vm(&p, &vm, &store).await.is_empty());
    let key = SeriesKey::new(Cf::Average, ObjectKind::Vm, vm.as_str(), "cpu0");
    let before = store.lock().unwrap().series(&key).unwrap().len();

    // Migrate it to the coordinator, in the server and in the client's cache alike.
    let vm_ref = p
        .srv
        .state
        .read(|db| db.by_uuid("VM", &vm).unwrap().to_string());
    p.srv.state.write(|db| {
        db.set_field("VM", &vm_ref, "resident_on", master.clone().into());
    });
    for v in p.cache.vms.values_mut().filter(|v| v.uuid == vm) {
        v.resident_on = xenpilot::xenapi::Ref::new(master.as_str());
    }
    let base = p.session.transport().base_url().clone();
    let jobs = poll::object_jobs(&p.cache, &base, ObjectKind::Vm, &vm, 5, FIRST, |_| None);
    assert_eq!(
        jobs[0].as_ref().unwrap().url,
        p.srv.url,
        "now at the coordinator"
    );
    assert!(poll_vm(&p, &vm, &store).await.is_empty());
    let s = store.lock().unwrap();
    let series = s.series(&key).unwrap();
    assert!(
        series.len() >= before.min(119),
        "{} < {before}",
        series.len()
    );
    let t: Vec<i64> = series.points().map(|p| p.0).collect();
    assert!(
        t.windows(2).all(|w| w[1] - w[0] == 5),
        "one series, no duplicates, no gap"
    );
}

#[tokio::test]
async fn the_overview_polls_every_host_for_all_its_vms() {
    let p = pool().await;
    let base = p.session.transport().base_url().clone();
    let ov = Arc::new(Mutex::new(Overview::new()));
    let jobs: Vec<_> = poll::pool_jobs(&p.cache, &base, -120, |_| None)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(jobs.len(), p.cache.hosts.len());
    let urls: std::collections::BTreeSet<&str> = jobs.iter().map(|j| j.url.as_str()).collect();
    assert_eq!(urls.len(), jobs.len(), "each host at its own address");
    let errors = poll::run(
        p.session.clone(),
        poll::Transports::default(),
        jobs,
        Sink::Overview(ov.clone()),
    )
    .await;
    assert!(errors.is_empty(), "{errors:?}");
    let ov = ov.lock().unwrap();
    for h in p.cache.hosts.values() {
        let f = ov.get(ObjectKind::Host, &h.uuid).expect("every host").now();
        assert!(f.memory_total > f.memory_used && f.memory_used > 0.0);
        assert!(ov.next_start(&h.uuid).is_some());
    }
    let running = p
        .cache
        .vms
        .values()
        .filter(|v| !v.resident_on.is_null() && !v.is_a_template && !v.is_a_snapshot)
        .count();
    assert_eq!(ov.len(), p.cache.hosts.len() + running);
}

#[tokio::test]
async fn a_saved_layout_changes_only_its_keys_and_read_only_users_cannot_save() {
    let p = pool().await;
    let (r, pool) = p.cache.pool().unwrap();
    let (vm, _, _) = vm_off_the_coordinator(&p.cache);
    // Another admin's keys: another VM's layout and a saved search.
    for (k, v) in [
        ("XenCenter.GraphLayout.0.vm.someone-else", "cpu0"),
        ("XenCenter.SavedSearch.x", "<search/>"),
    ] {
        p.session
            .call(
                "pool.add_to_gui_config",
                &[r.as_str().into(), k.into(), v.into()],
            )
            .await
            .unwrap();
    }
    let fresh: xenpilot::xenapi::records::StringMap = p
        .session
        .call_as("pool.get_gui_config", &[r.as_str().into()])
        .await
        .unwrap();
    let graphs = vec![
        Graph {
            name: "Disks".into(),
            sources: vec!["vbd_xvda_read".into(), "vbd_xvda_write".into()],
        },
        Graph {
            name: String::new(),
            sources: vec!["cpu0".into()],
        },
    ];
    let plan = layout::save_plan(
        r.as_str(),
        &pool.uuid,
        &fresh,
        ObjectKind::Vm,
        &vm,
        &graphs,
        &Default::default(),
    );
    assert_eq!(plan.changes.len(), 3, "two layouts and one name");

    // A read-only user is refused, and nothing changes.
    let ro = Session::login(
        &p.srv.url,
        Credentials::new(RO_USER.0, RO_USER.1),
        opts(Protocol::JsonRpc),
    )
    .await
    .unwrap();
    let e = edits::apply(&ro, &plan).await.unwrap_err();
    assert!(e.to_string().contains("RBAC_PERMISSION_DENIED"), "{e}");

    edits::apply(&p.session, &plan).await.unwrap();
    let after: xenpilot::xenapi::records::StringMap = p
        .session
        .call_as("pool.get_gui_config", &[r.as_str().into()])
        .await
        .unwrap();
    assert_eq!(layout::read(&after, ObjectKind::Vm, &vm).unwrap(), graphs);
    assert_eq!(after["XenCenter.GraphLayout.0.vm.someone-else"], "cpu0");
    assert_eq!(after["XenCenter.SavedSearch.x"], "<search/>");
}
