//! xcp-rrdd's strict edges, against the client: the archive boundary (`find_best_rras`'s
//! `>`), gaps longer than an archive, `No_RRA_Available` as HTTP 500, and the JSON shape of
//! xapi-rrd 1.10.0 .. xapi v24.11.0.

use crate::common::*;
use crate::session::*;
use demo::rrdd::{self, ExportRequest, JsonShape, VmFilter};
use xenapi::rrd::{
    self, Cf, FetchError, ObjectKind, RrdError, RrdQuery, SeriesKey, Store, Update, rrd_updates,
};
use xenapi::{Protocol, Session};

/// A `last_updated` whose whole second is on a 5 s mark (1 780 000 000 is one).
const ON_A_MARK: f64 = 1_780_000_000.4;

async fn poll(s: &Session, q: &RrdQuery) -> Update {
    rrd_updates(s.transport(), &s.session_ref(), q)
        .await
        .unwrap()
}

fn from(start: i64) -> RrdQuery {
    RrdQuery {
        start,
        ..RrdQuery::default()
    }
}

/// Asked for exactly the 10 minutes the 5 s archive spans, xcp-rrdd answers from the 1 min
/// archive whenever `floor(last_updated)` is on a 5 s mark; the client's first poll asks a
/// step less and gets 5 s rows at every second; a store takes either.
#[tokio::test]
async fn the_archive_boundary_is_strict_and_the_first_poll_stays_inside_it() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    srv.state.rrd_clock.set_fixed(Some(ON_A_MARK));
    let whole_span = poll(&s, &from(-600)).await;
    assert_eq!(
        whole_span.step, 60,
        "on a mark, -600 is not inside the 5 s archive"
    );
    assert_eq!(whole_span.end, 1_780_000_000 - 1_780_000_000 % 60);
    let first = poll(&s, &RrdQuery::default()).await;
    assert_eq!(first.step, 5);
    assert_eq!(first.rows.len(), 120);
    assert_eq!(first.end, 1_780_000_000);
    // Off the mark the whole span fits.
    srv.state.rrd_clock.set_fixed(Some(ON_A_MARK + 2.0));
    assert_eq!(poll(&s, &from(-600)).await.step, 5);
    assert_eq!(poll(&s, &RrdQuery::default()).await.step, 5);
    // The store files both replies and carries on polling from the last end.
    let mut store = Store::new(120);
    store.merge("h", &whole_span);
    store.merge("h", &first);
    assert_eq!(store.step(), Some(5));
    assert_eq!(store.next_start("h"), Some(first.end));
}

/// A host polled again after a sleep longer than an archive answers from a coarser one; the
/// client keeps it and is back to 5 s rows within a poll or two.
#[tokio::test]
async fn polling_after_a_gap_longer_than_the_archive_recovers() {
    let srv = server().await;
    let (s, clock) = (
        login(&srv.url, Protocol::JsonRpc).await,
        &srv.state.rrd_clock,
    );
    clock.set_fixed(Some(ON_A_MARK + 1.0));
    let mut store = Store::new(120);
    store.merge("h", &poll(&s, &RrdQuery::default()).await);
    for (gap, steps) in [(3600.0, &[60, 5][..]), (3.0 * 86_400.0, &[3600, 60, 5][..])] {
        let lu = ON_A_MARK + 1.0 + gap;
        clock.set_fixed(Some(lu));
        let mut seen = Vec::new();
        for _ in steps {
            let u = poll(&s, &from(store.next_start("h").unwrap())).await;
            seen.push(u.step);
            store.merge("h", &u);
        }
        assert_eq!(seen, steps, "after {gap} s");
        assert_eq!(store.next_start("h"), Some(lu as i64 - lu as i64 % 5));
        assert_eq!(store.step(), Some(5));
    }
    // What the range shows is the last 10 minutes: coarse rows from the gap aged out.
    let master = srv.state.read(|db| {
        let pool = db.table("pool").unwrap().rows.values().next().unwrap();
        let m = pool.fields["master"].as_str().unwrap();
        db.field("host", m, "uuid")
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    });
    let key = SeriesKey::new(Cf::Average, ObjectKind::Host, &master, "cpu0");
    let pts: Vec<i64> = store.series(&key).unwrap().points().map(|p| p.0).collect();
    assert!(pts.last().unwrap() - pts[0] < 600, "{pts:?}");
}

/// Nothing asked for has an RRD here (a halted VM; `vm_uuid=all`, a uuid like any other
/// since rrdd takes several): xcp-rrdd raises `No_RRA_Available` and Http_svr answers 500.
/// The client says there is no data yet.
#[tokio::test]
async fn no_rrd_is_a_500_and_the_client_says_no_data_yet() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let halted = srv.state.read(|db| {
        db.table("VM")
            .unwrap()
            .rows
            .values()
            .find(|r| r.fields["power_state"] == "Halted" && r.fields["is_a_template"] == false)
            .map(|r| r.fields["uuid"].as_str().unwrap().to_string())
            .unwrap()
    });
    for vm in [halted.as_str(), "all"] {
        let q = RrdQuery {
            host: false,
            vm_uuids: vec![vm.into()],
            ..RrdQuery::default()
        };
        let raw = reqwest::Client::new()
            .get(format!(
                "{}/rrd_updates?session_id={}&start=-60&vm_uuid={vm}",
                srv.url,
                s.session_ref()
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(raw.status(), 500, "{vm}");
        assert!(raw.text().await.unwrap().contains("No_RRA_Available"));
        let err = rrd_updates(s.transport(), &s.session_ref(), &q)
            .await
            .unwrap_err();
        assert!(matches!(err, FetchError::NoData { .. }), "{vm}: {err}");
    }
    // A CF rrdd does not keep finds no archive either.
    let q = RrdQuery {
        cf: Some(Cf::Last),
        ..RrdQuery::default()
    };
    let err = rrd_updates(s.transport(), &s.session_ref(), &q)
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::NoData { .. }), "{err}");
}

/// xapi-rrd 1.10.0 until xapi v24.11.0 put `data` inside `meta`: the decoder reads both
/// shapes alike, and a reply with neither is an error.
#[test]
fn json_with_data_inside_meta_decodes_like_the_fixed_shape() {
    let db = demo::demo_pool();
    let master = db
        .table("host")
        .unwrap()
        .rows
        .keys()
        .next()
        .unwrap()
        .clone();
    let view = rrdd::host_view(&db, &master).unwrap();
    let req = ExportRequest {
        start: -60,
        interval: 5,
        cf: Some(Cf::Average),
        host: true,
        vms: VmFilter::All,
    };
    let u = rrdd::export(&view, &req, ON_A_MARK).unwrap();
    let fixed = rrd::decode_json(rrdd::to_json(&u).as_bytes()).unwrap();
    let inside = rrdd::to_json_shaped(&u, JsonShape::DataInMeta);
    let old = rrd::decode_json(inside.as_bytes()).unwrap();
    assert_eq!(old, fixed);
    // Both ends inclusive: 60 s back on a mark is 13 rows.
    assert_eq!(old.rows.len(), 13);
    let neither = inside.replace(r#""data":"#, r#""rows_":"#);
    assert_eq!(
        rrd::decode_json(neither.as_bytes()),
        Err(RrdError::Missing("data"))
    );
}

/// rrdd makes a VM's RRD at its first pass after the VM started: until then asking for the
/// VM alone is a 500 ("no data yet" to the client); then its rows before the start are NaN.
#[tokio::test]
async fn a_vm_just_started_has_no_data_until_rrdd_has_run() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (vm, metrics) = srv.state.read(|db| {
        let pool = db.table("pool").unwrap().rows.values().next().unwrap();
        let master = pool.fields["master"].as_str().unwrap();
        let view = rrdd::host_view(db, master).unwrap();
        let vm = view
            .vms
            .iter()
            .find(|v| !v.control_domain)
            .unwrap()
            .uuid
            .clone();
        let r = db.by_uuid("VM", &vm).unwrap();
        let m = db
            .field("VM", r, "metrics")
            .unwrap()
            .as_str()
            .unwrap()
            .to_string();
        (vm, m)
    });
    srv.state.write(|db| {
        // 1 780 000 003: three seconds after the pass at ON_A_MARK.
        db.set_field(
            "VM_metrics",
            &metrics,
            "start_time",
            "20260528T20:26:43Z".into(),
        );
    });
    let q = RrdQuery {
        host: false,
        vm_uuids: vec![vm.clone()],
        ..RrdQuery::default()
    };
    srv.state.rrd_clock.set_fixed(Some(ON_A_MARK));
    let err = rrd_updates(s.transport(), &s.session_ref(), &q)
        .await
        .unwrap_err();
    assert!(matches!(err, FetchError::NoData { .. }), "{err}");
    srv.state.rrd_clock.set_fixed(Some(ON_A_MARK + 5.0));
    let u = poll(&s, &q).await;
    let c = u
        .column(&SeriesKey::new(Cf::Average, ObjectKind::Vm, &vm, "cpu0"))
        .unwrap();
    let last = u.rows.last().unwrap();
    assert_eq!(last.t, 1_780_000_005);
    assert!(last.values[c].is_finite());
    assert!(
        u.rows[..u.rows.len() - 1]
            .iter()
            .all(|r| r.values[c].is_nan())
    );
}

/// The whole poll against a host of those versions: the rows are read from inside `meta`.
#[tokio::test]
async fn a_host_writing_data_inside_meta_is_graphed() {
    let mut c = config();
    c.rrd_json_data_in_meta = true;
    let srv = server_with(c).await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let raw = reqwest::Client::new()
        .get(format!(
            "{}/rrd_updates?session_id={}&start=-60&host=true&json=true",
            srv.url,
            s.session_ref()
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert!(v.get("data").is_none() && v["meta"]["data"].is_array());
    let u = poll(&s, &RrdQuery::default()).await;
    assert!(u.rows.len() >= 119, "{}", u.rows.len());
}
