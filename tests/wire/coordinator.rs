//! The connection follows the pool's coordinator (its reboot, a new one designated): through a coordinator reboot
//! (the API away, then back at the same address) and through `pool.designate_new_master`
//! (the old coordinator answers HOST_IS_SLAVE naming the new one), logging in again with
//! the password it holds, without the user.

use crate::common::{PASSWORD, config, server_with};
use serde_json::json;
use std::time::{Duration, Instant};
use xenapi::events::CacheUpdate;
use xenapi::{Credentials, Session, TransportOptions};
use xenpilot::demo::DemoServer;
use xenpilot::services::connection::{ConnEvent, ConnectionHandle, connect_with};

async fn fast() -> DemoServer {
    let mut c = config();
    c.task_speed = 10.0;
    c.host_boot_time = Duration::from_millis(5000);
    server_with(c).await
}

/// Waits for an event that `pick` accepts (others are skipped), at most 20 s.
fn until(conn: &ConnectionHandle, what: &str, pick: &dyn Fn(&ConnEvent) -> bool) -> ConnEvent {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(ev) = conn.events.recv_timeout(Duration::from_millis(50))
            && pick(&ev)
        {
            return ev;
        }
    }
    panic!("no {what}");
}

fn loaded(e: &ConnEvent) -> bool {
    matches!(e, ConnEvent::Update(CacheUpdate::Reset(_)))
}

async fn admin(url: &str) -> Session {
    Session::login(
        url,
        Credentials::new("root", PASSWORD),
        TransportOptions::default(),
    )
    .await
    .unwrap()
}

async fn host_named(s: &Session, name: &str) -> String {
    let hosts = s.call("host.get_all_records", &[]).await.unwrap();
    hosts
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, h)| h["name_label"] == json!(name))
        .map(|(r, _)| r.clone())
        .unwrap()
}

#[test]
fn the_connection_rides_out_a_coordinator_reboot_without_the_user() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let srv = rt.block_on(fast());
    let conn = connect_with(
        rt.handle(),
        srv.url.clone(),
        Credentials::new("root", PASSWORD),
        TransportOptions::default(),
        Duration::from_millis(200),
        || {},
    );
    until(&conn, "first load", &loaded);
    let before = conn.session().unwrap().session_ref();
    rt.block_on(async {
        let s = admin(&srv.url).await;
        let h1 = host_named(&s, "xcp-host-01").await;
        s.call("host.disable", &[json!(h1)]).await.unwrap();
        s.call("host.reboot", &[json!(h1)]).await.unwrap();
    });
    // The pool shows as reconnecting while the coordinator is away…
    until(&conn, "the loss of the coordinator", &|e| {
        matches!(
            e,
            ConnEvent::Update(CacheUpdate::Disconnected(_)) | ConnEvent::Heartbeat(Some(_))
        )
    });
    // …and loads again when it is back, logged in again by itself.
    let back_at = wait_until_answering(&rt, srv.addr);
    until(&conn, "the reload", &loaded);
    eprintln!(
        "coordinator reboot: pool live again {:?} after the host answered",
        back_at.elapsed()
    );
    let s = conn.session().unwrap();
    assert_ne!(
        s.session_ref(),
        before,
        "a new session, from the password held"
    );
    assert_eq!(s.base_url().host_str(), Some("127.0.0.1"));
    conn.close(rt.handle(), Duration::from_secs(2));
}

/// Polls until the coordinator's address accepts connections; when it did.
fn wait_until_answering(rt: &tokio::runtime::Runtime, addr: std::net::SocketAddr) -> Instant {
    let deadline = Instant::now() + Duration::from_secs(20);
    // First it must go.
    while Instant::now() < deadline && std::net::TcpStream::connect(addr).is_ok() {
        std::thread::sleep(Duration::from_millis(10));
    }
    while Instant::now() < deadline {
        if std::net::TcpStream::connect(addr).is_ok() {
            return Instant::now();
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let _ = rt;
    panic!("the coordinator never came back");
}

#[test]
fn the_connection_follows_a_new_coordinator_and_says_so() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let srv = rt.block_on(fast());
    let conn = connect_with(
        rt.handle(),
        srv.url.clone(),
        Credentials::new("root", PASSWORD),
        TransportOptions::default(),
        Duration::from_millis(200),
        || {},
    );
    until(&conn, "first load", &loaded);
    let pool_before = {
        let s = conn.session().unwrap();
        rt.block_on(s.call("pool.get_all", &[])).unwrap()
    };
    rt.block_on(async {
        let s = admin(&srv.url).await;
        let h2 = host_named(&s, "xcp-host-02").await;
        s.call("pool.designate_new_master", &[json!(h2)])
            .await
            .unwrap();
    });
    // When the new coordinator first accepts a login (for BENCHMARKS.md).
    let answered = std::sync::Arc::new(std::sync::Mutex::new(None::<Instant>));
    let (a2, new_url) = (answered.clone(), format!("http://{}", srv.addresses[1]));
    rt.spawn(async move {
        loop {
            let t = xenapi::transport::Transport::new(&new_url, &TransportOptions::default());
            if let Ok(t) = t
                && t.call(
                    "session.login_with_password",
                    &[
                        json!("root"),
                        json!(PASSWORD),
                        json!("2.21"),
                        json!("probe"),
                    ],
                )
                .await
                .is_ok()
            {
                *a2.lock().unwrap() = Some(Instant::now());
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    });
    let moved = until(&conn, "the move", &|e| {
        matches!(e, ConnEvent::Reconnected { .. })
    });
    let ConnEvent::Reconnected { from, to, host } = moved else {
        unreachable!()
    };
    assert_eq!((from.as_str(), to.as_str()), ("xcp-host-01", "xcp-host-02"));
    let member = srv.addresses[1];
    assert_eq!(host, member.to_string());
    until(&conn, "the reload from the new coordinator", &loaded);
    if let Some(at) = *answered.lock().unwrap() {
        eprintln!(
            "new coordinator: pool live again {:?} after it answered",
            at.elapsed()
        );
    }
    let s = conn.session().unwrap();
    assert_eq!(
        s.base_url().host_str(),
        Some(member.ip().to_string().as_str())
    );
    // The same pool.
    assert_eq!(
        rt.block_on(s.call("pool.get_all", &[])).unwrap(),
        pool_before
    );
    conn.close(rt.handle(), Duration::from_secs(2));
}
