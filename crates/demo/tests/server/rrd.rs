//! Performance data: the client's `/rrd_updates` poll against the demo's simulated
//! xcp-rrdd (formats, archives, filters, sessions, incremental polling), and property tests
//! that no reply, however malformed, panics the decoder.

use crate::common::*;
use crate::session::*;
use demo::TlsIdentity;
use demo::rrd_http::prefers_json;
use demo::rrdd::{self, ExportRequest, VmFilter};
use proptest::prelude::*;
use std::collections::BTreeMap;
use xenapi::rrd::fetch::host_transport;
use xenapi::rrd::{
    self, Cf, FetchError, Format, ObjectKind, RrdQuery, SeriesKey, Store, Update, rrd_updates,
};
use xenapi::{Credentials, Protocol, Session, TransportOptions, known_host_key};

/// The pool coordinator's ref in `db`.
fn master_ref(db: &xapidb::Db) -> String {
    let pool = db.table("pool").unwrap().rows.values().next().unwrap();
    pool.fields["master"].as_str().unwrap().to_string()
}

/// (master uuid, other host's uuid, uuids of the VMs running on the master).
fn pool_layout(srv: &demo::DemoServer) -> (String, String, Vec<String>) {
    srv.state.read(|db| {
        let master = master_ref(db);
        let hosts = &db.table("host").unwrap().rows;
        let uuid = |r: &str| hosts[r].fields["uuid"].as_str().unwrap().to_string();
        let other = hosts.keys().find(|r| **r != master).unwrap();
        let view = rrdd::host_view(db, &master).unwrap();
        (
            uuid(&master),
            uuid(other),
            view.vms.iter().map(|v| v.uuid.clone()).collect(),
        )
    })
}

fn raw_get(srv: &demo::DemoServer, query: &str) -> reqwest::RequestBuilder {
    reqwest::Client::new().get(format!("{}/rrd_updates?{query}", srv.url))
}

fn value(u: &Update, key: &SeriesKey) -> Vec<f64> {
    let c = u.column(key).unwrap_or_else(|| panic!("no column {key}"));
    u.rows.iter().map(|r| r.values[c]).collect()
}

#[tokio::test]
async fn json_and_xml_replies_decode_alike_and_look_right() {
    let srv = server().await;
    let (master, _, vms) = pool_layout(&srv);
    assert!(vms.len() > 1, "the demo master runs VMs");
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let q = RrdQuery::default();
    let json = rrd_updates(s.transport(), &s.session_ref(), &q)
        .await
        .unwrap();
    let xml = rrd_updates(
        s.transport(),
        &s.session_ref(),
        &RrdQuery {
            format: Format::Xml,
            ..q.clone()
        },
    )
    .await
    .unwrap();
    assert_eq!(json.columns, xml.columns);
    assert_eq!(json.step, 5);
    // 10 minutes of 5-second rows (the first poll asks a step less than the span), oldest
    // first.
    assert!(
        (119..=120).contains(&json.rows.len()),
        "{}",
        json.rows.len()
    );
    assert!(json.rows.windows(2).all(|w| w[1].t - w[0].t == 5));
    assert_eq!(json.rows.last().unwrap().t, json.end);

    let host = |ds: &str| SeriesKey::new(Cf::Average, ObjectKind::Host, &master, ds);
    for ds in [
        "cpu0",
        "cpu_avg",
        "memory_total_kib",
        "memory_free_kib",
        "loadavg",
        "pif_eth0_rx",
    ] {
        assert!(json.column(&host(ds)).is_some(), "host {ds}");
    }
    assert!(
        value(&json, &host("cpu_avg"))
            .iter()
            .all(|v| (0.0..=1.0).contains(v))
    );
    // Every VM resident on the master, and only those.
    let vm_uuids: std::collections::BTreeSet<&str> = json
        .columns
        .iter()
        .filter(|k| k.kind == ObjectKind::Vm)
        .map(|k| k.uuid.as_str())
        .collect();
    assert_eq!(vm_uuids, vms.iter().map(String::as_str).collect());
    // Memory inside each object's limits, derived by name.
    let mut store = Store::new(120);
    store.merge("master", &json);
    for (_, used) in store.memory_used(Cf::Average, ObjectKind::Host, &master) {
        assert!(used > 0.0);
    }
    for vm in &vms {
        let total = store.memory_total(Cf::Average, ObjectKind::Vm, vm);
        let used = store.memory_used(Cf::Average, ObjectKind::Vm, vm);
        assert_eq!(used.len(), total.len());
        for ((_, u), (_, t)) in used.iter().zip(&total) {
            assert!(*u > 0.0 && u < t, "{vm}: used {u} of {t}");
        }
        let cpu = SeriesKey::new(Cf::Average, ObjectKind::Vm, vm, "cpu0");
        assert!(value(&json, &cpu).iter().all(|v| (0.0..=1.0).contains(v)));
    }
}

#[tokio::test]
async fn start_is_required_a_session_too_and_read_only_users_may_graph() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let sid = s.session_ref();
    let r = raw_get(&srv, &format!("session_id={sid}&json=true"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // Present but not a number: rrdd's Int64.of_string raises, a 500.
    let r = raw_get(&srv, &format!("session_id={sid}&start=%20-60"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500);
    let r = raw_get(&srv, "start=-60&json=true").send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = raw_get(&srv, "start=-60&session_id=OpaqueRef:nope")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // The session as a cookie.
    let r = raw_get(&srv, "start=-60&host=true")
        .header("Cookie", format!("theme=dark; session_id={sid}"))
        .header("Accept", "text/xml")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/xml");
    assert!(r.text().await.unwrap().starts_with("<?xml"));
    // Through the client: a refused session is a typed HTTP status.
    let err = rrd_updates(s.transport(), "OpaqueRef:nope", &RrdQuery::default())
        .await
        .unwrap_err();
    assert!(err.is_unauthorized(), "{err}");

    let ro = Session::login(
        &srv.url,
        Credentials::new(RO_USER.0, RO_USER.1),
        TransportOptions::default(),
    )
    .await
    .unwrap();
    let u = rrd_updates(ro.transport(), &ro.session_ref(), &RrdQuery::default())
        .await
        .unwrap();
    assert!(!u.rows.is_empty());
}

#[tokio::test]
async fn incremental_polling_from_the_last_end() {
    let srv = server().await;
    let (master, _, _) = pool_layout(&srv);
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let mut store = Store::new(120);
    let first = rrd_updates(s.transport(), &s.session_ref(), &RrdQuery::default())
        .await
        .unwrap();
    store.merge("master", &first);
    let key = SeriesKey::new(Cf::Average, ObjectKind::Host, &master, "cpu0");
    let before = store.series(&key).unwrap().len();
    let start = store.next_start("master").unwrap();
    assert_eq!(start, first.end);
    let next = rrd_updates(
        s.transport(),
        &s.session_ref(),
        &RrdQuery {
            start,
            ..RrdQuery::default()
        },
    )
    .await
    .unwrap();
    // Only what is new (the last row again, and any written since), all from `start` on.
    assert!(
        !next.rows.is_empty() && next.rows.len() <= 3,
        "{}",
        next.rows.len()
    );
    assert!(next.rows.iter().all(|r| r.t >= start));
    store.merge("master", &next);
    let series = store.series(&key).unwrap();
    let added = next.rows.iter().filter(|r| r.t > start).count();
    assert_eq!(series.len(), (before + added).min(120));
    let ts: Vec<i64> = series.points().map(|p| p.0).collect();
    assert!(
        ts.windows(2).all(|w| w[0] < w[1]),
        "no duplicates, in order"
    );
    // The same data twice: nothing changes.
    assert_eq!(store.merge("master", &next), 0);
}

#[tokio::test]
async fn interval_chooses_the_archive_and_filters_apply() {
    let srv = server().await;
    let (master, other, vms) = pool_layout(&srv);
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let poll = |q: RrdQuery| {
        let s = &s;
        async move {
            rrd_updates(s.transport(), &s.session_ref(), &q)
                .await
                .unwrap()
        }
    };
    // Each archive's first poll asks a step less than its span, as the app does.
    for (interval, start, step, max_rows) in [
        (60, rrd::first_start(60, 120), 60, 120),
        (3600, rrd::first_start(3600, 168), 3600, 168),
        (86_400, rrd::first_start(86_400, 366), 86_400, 366),
        // Older than the 5-second archive holds: the next one that does.
        (5, -3600, 60, 61),
    ] {
        let u = poll(RrdQuery {
            start,
            interval,
            ..RrdQuery::default()
        })
        .await;
        assert_eq!(u.step, step, "interval {interval}");
        assert!(
            u.rows.len() >= max_rows - 2 && u.rows.len() <= max_rows,
            "{interval}: {}",
            u.rows.len()
        );
        assert!(u.rows.iter().all(|r| r.t % step == 0));
    }
    // No cf: AVERAGE, MIN and MAX; MIN ≤ AVERAGE ≤ MAX.
    let u = poll(RrdQuery {
        start: -7200,
        interval: 60,
        cf: None,
        host: true,
        vm_uuids: vec!["none".into()],
        format: Format::Json,
    })
    .await;
    assert!(u.columns.iter().all(|k| k.kind == ObjectKind::Host));
    let k = |cf| SeriesKey::new(cf, ObjectKind::Host, &master, "cpu0");
    let (lo, avg, hi) = (
        value(&u, &k(Cf::Min)),
        value(&u, &k(Cf::Average)),
        value(&u, &k(Cf::Max)),
    );
    for i in 0..avg.len() {
        assert!(lo[i] <= avg[i] + 1e-9 && avg[i] <= hi[i] + 1e-9);
    }
    // host=false and a repeated vm_uuid filter: just those VMs.
    let u = poll(RrdQuery {
        host: false,
        vm_uuids: vms[..2].to_vec(),
        ..RrdQuery::default()
    })
    .await;
    let seen: std::collections::BTreeSet<&str> =
        u.columns.iter().map(|k| k.uuid.as_str()).collect();
    assert_eq!(seen, vms[..2].iter().map(String::as_str).collect());
    // The demo's host_uuid picks another host: its own series, none of the master's VMs.
    let r = raw_get(
        &srv,
        &format!(
            "session_id={}&start=-60&host=true&json=true&host_uuid={other}",
            s.session_ref()
        ),
    )
    .send()
    .await
    .unwrap();
    let ct = r.headers()["content-type"].to_str().unwrap().to_string();
    let u = rrd::decode(&ct, &r.bytes().await.unwrap()).unwrap();
    assert!(
        u.columns
            .iter()
            .any(|k| k.kind == ObjectKind::Host && k.uuid == other)
    );
    assert!(
        !u.columns
            .iter()
            .any(|k| vms.contains(&k.uuid) || k.uuid == master)
    );
}

#[test]
fn accept_header_negotiation_as_xapi() {
    assert!(prefers_json(Some("*/*"), false));
    assert!(prefers_json(Some("application/json"), false));
    assert!(!prefers_json(Some("text/xml"), true));
    assert!(!prefers_json(
        Some("application/json;q=0.5, text/xml"),
        true
    ));
    assert!(
        prefers_json(Some("text/html"), true),
        "neither named: the json parameter"
    );
    assert!(!prefers_json(Some("text/html"), false));
    assert!(!prefers_json(None, false));
    assert!(prefers_json(None, true));
}

#[test]
fn the_simulation_is_a_pure_function_of_object_and_time() {
    let db = demo::demo_pool();
    let master = master_ref(&db);
    let view = rrdd::host_view(&db, &master).unwrap().running_all_along();
    let req = ExportRequest {
        start: -86_400,
        interval: 3600,
        cf: Some(Cf::Average),
        host: true,
        vms: VmFilter::All,
    };
    let now = 1_780_000_000.5;
    let a = rrdd::export(&view, &req, now).unwrap();
    let b = rrdd::export(&view, &req, now).unwrap();
    assert_eq!(rrdd::to_json(&a), rrdd::to_json(&b));
    // Advancing time moves the window, and the rows both hold agree.
    let later = rrdd::export(&view, &req, now + 3600.0).unwrap();
    assert_eq!(later.end, a.end + 3600);
    assert_eq!(later.rows[0].values, a.rows[1].values);
    // Idle VMs sit near zero; busy ones do not (over the whole pool, a day's mean).
    let mut means = Vec::new();
    for host in db.table("host").unwrap().rows.keys() {
        let view = rrdd::host_view(&db, host).unwrap().running_all_along();
        let u = rrdd::export(&view, &req, now).unwrap();
        for vm in view.vms.iter().filter(|v| !v.control_domain) {
            let key = SeriesKey::new(Cf::Average, ObjectKind::Vm, &vm.uuid, "cpu0");
            let c = u.column(&key).unwrap();
            means.push(u.rows.iter().map(|r| r.values[c]).sum::<f64>() / u.rows.len() as f64);
        }
    }
    assert!(means.iter().any(|m| *m < 0.03), "{means:?}");
    assert!(means.iter().any(|m| *m > 0.1), "{means:?}");
    // The encoders' output decodes back to the same table.
    let back = rrd::decode_xml(rrdd::to_xml(&a).as_bytes()).unwrap();
    assert_eq!(back.columns, a.columns);
    assert_eq!(back.rows.len(), a.rows.len());
}

#[tokio::test]
async fn a_pinned_tls_host_is_polled_with_the_sessions_pins() {
    let mut cfg = config();
    cfg.tls = Some(TlsIdentity::generate(&["127.0.0.1".into()]).unwrap());
    let srv = server_with(cfg).await;
    let key = known_host_key(&reqwest::Url::parse(&srv.url).unwrap());
    let opts = TransportOptions {
        pins: BTreeMap::from([(key, srv.fingerprint.clone().unwrap())]),
        ..TransportOptions::default()
    };
    let s = Session::login(&srv.url, Credentials::new("root", PASSWORD), opts)
        .await
        .unwrap();
    let t = host_transport(&s, &srv.url).unwrap();
    let u = rrd_updates(&t, &s.session_ref(), &RrdQuery::default())
        .await
        .unwrap();
    assert!(!u.columns.is_empty());
    // Without the pins the certificate is refused, as for calls.
    let bare = xenapi::transport::Transport::new(&srv.url, &TransportOptions::default()).unwrap();
    let err = rrd_updates(&bare, &s.session_ref(), &RrdQuery::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, FetchError::Call(e) if matches!(e.kind, xenapi::ErrorKind::Certificate(_))),
        "{err}"
    );
}

fn valid_json() -> String {
    let view_db = demo::demo_pool();
    let master = view_db
        .table("host")
        .unwrap()
        .rows
        .keys()
        .next()
        .unwrap()
        .clone();
    let view = rrdd::host_view(&view_db, &master).unwrap();
    let req = ExportRequest {
        start: -30,
        interval: 5,
        cf: Some(Cf::Average),
        host: true,
        vms: VmFilter::None,
    };
    rrdd::to_json(&rrdd::export(&view, &req, 1_780_000_000.0).unwrap())
}

proptest! {
    #[test]
    fn random_bytes_never_panic_the_decoder(body in prop::collection::vec(any::<u8>(), 0..512), ct in "(application/json|text/xml|)") {
        let _ = rrd::decode(&ct, &body);
        let _ = rrd::decode_json(&body);
        let _ = rrd::decode_xml(&body);
    }

    #[test]
    fn damaged_replies_never_panic_the_decoder(cut in 0usize..4000, at in 0usize..4000, byte in any::<u8>()) {
        let json = valid_json();
        let xml = {
            let u = rrd::decode_json(json.as_bytes()).unwrap();
            rrdd::to_xml(&u)
        };
        for text in [json, xml] {
            let mut b = text.into_bytes();
            let i = at % b.len();
            b[i] = byte;
            let _ = rrd::decode("", &b);
            b.truncate(cut % (b.len() + 1));
            let _ = rrd::decode("", &b);
        }
    }

    #[test]
    fn relaxed_json_words_never_panic(s in "[\\{\\}\\[\\]:,\"a-zA-Z0-9 .+\\-\\\\é]{0,80}") {
        let _ = rrd::decode_json(s.as_bytes());
    }
}
