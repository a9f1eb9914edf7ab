//! Hosts that really go away (a reboot, a shutdown, a new coordinator): a rebooting
//! member's address refuses connections and comes back with a new boot time; a rebooting
//! coordinator takes the API with it while members answer HOST_IS_SLAVE; a new coordinator answers and the old one redirects to it;
//! shutdown and power-on; a toolstack restart.

use crate::common::PASSWORD;
use crate::hosts::{err, fast, host, ops, rec};
use crate::session::*;
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::time::Duration;
use xenapi::error::codes;
use xenapi::{Credentials, Protocol, Session};

/// Waits (up to 20 s) until `f` holds.
async fn until<F: std::future::Future<Output = bool>>(what: &str, mut f: impl FnMut() -> F) {
    for _ in 0..400 {
        if f().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never: {what}");
}

async fn refused(addr: SocketAddr) -> bool {
    tokio::net::TcpStream::connect(addr).await.is_err()
}

/// A login straight to `url`, without following HOST_IS_SLAVE.
pub async fn raw_login(url: &str) -> Result<Value, xenapi::Error> {
    let t = xenapi::transport::Transport::new(url, &opts(Protocol::JsonRpc)).unwrap();
    t.call(
        "session.login_with_password",
        &[json!("root"), json!(PASSWORD), json!("2.21"), json!("test")],
    )
    .await
}

fn url_of(addr: SocketAddr) -> String {
    format!("http://{addr}")
}

#[tokio::test]
async fn a_rebooting_member_goes_away_and_comes_back_with_a_new_boot_time() {
    let srv = fast().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h2 = host(&s, "xcp-host-02").await;
    let member = srv.addresses[1];
    let before = rec(&s, "host", &h2).await;
    let boot = before["other_config"]["boot_time"].clone();
    assert!(boot.as_str().unwrap().parse::<f64>().is_ok(), "{boot}");
    let metrics = before["metrics"].as_str().unwrap().to_string();
    s.call("host.disable", &[json!(h2)]).await.unwrap();
    s.call("host.reboot", &[json!(h2)]).await.unwrap();
    // Until it goes, it holds a `shutdown` operation and cannot be re-enabled.
    let r = rec(&s, "host", &h2).await;
    if r["current_operations"].as_object().unwrap().is_empty() {
        // Already gone and back on a slow machine: nothing more to see here.
    } else {
        assert_eq!(
            r["current_operations"].as_object().unwrap().values().next(),
            Some(&json!("shutdown"))
        );
        assert!(!ops(&r).contains(&"reboot".to_string()));
    }
    // Its address refuses connections while it is away; the host is not live.
    until("the member's address refuses connections", || {
        refused(member)
    })
    .await;
    let m = rec(&s, "host_metrics", &metrics).await;
    // (It may already be back if the machine stalled; then live is true again below.)
    let _ = m;
    // Its VMs were shut down: web-02, web-10 and win-ad-01 ran there.
    for name in ["web-02", "web-10", "win-ad-01"] {
        let vm = crate::tasks::vm_ref(&s, name).await;
        assert_eq!(
            rec(&s, "VM", vm.as_str()).await["power_state"],
            json!("Halted")
        );
    }
    until("the member answers again", || async {
        !refused(member).await
    })
    .await;
    until("the member is live", || async {
        rec(&s, "host_metrics", &metrics).await["live"] == json!(true)
    })
    .await;
    let after = rec(&s, "host", &h2).await;
    assert_ne!(after["other_config"]["boot_time"], boot, "a new boot time");
    // xapi enables a host again when it starts (disable had auto_enable).
    assert_eq!(after["enabled"], json!(true));
    assert!(after["current_operations"].as_object().unwrap().is_empty());
    // The coordinator's API never went away; the member redirects logins to it.
    let e = raw_login(&url_of(member)).await.unwrap_err();
    let api = e.api().unwrap();
    assert_eq!(api.code, codes::HOST_IS_SLAVE);
    assert_eq!(api.params, vec![srv.addr.ip().to_string()]);
    // VM_SHUTDOWN alerts for the guests it shut down.
    let msgs = s.call("message.get_all_records", &[]).await.unwrap();
    let shut = msgs
        .as_object()
        .unwrap()
        .values()
        .filter(|m| m["name"] == json!("VM_SHUTDOWN"))
        .count();
    assert!(shut >= 3, "{shut}");
}

#[tokio::test]
async fn a_host_disabled_without_auto_enable_stays_disabled_after_its_reboot() {
    let srv = fast().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h2 = host(&s, "xcp-host-02").await;
    let member = srv.addresses[1];
    s.call("host.disable", &[json!(h2), json!(false)])
        .await
        .unwrap();
    s.call("host.evacuate", &[json!(h2)]).await.unwrap();
    s.call("host.reboot", &[json!(h2)]).await.unwrap();
    // While it goes a second reboot clashes with the `shutdown` it holds (xapi marks both
    // kinds `shutdown`, which blocks reboots, not shutdowns).
    let (code, params) = err(&s, "host.reboot", &[json!(h2)]).await;
    if code != "HOST_OFFLINE" {
        assert_eq!(code, "OTHER_OPERATION_IN_PROGRESS");
        assert_eq!(
            params[..3],
            ["host".to_string(), h2.clone(), "shutdown".into()]
        );
    }
    until("the member goes", || refused(member)).await;
    assert_eq!(
        err(&s, "host.enable", &[json!(h2)]).await,
        ("HOST_OFFLINE".into(), vec![h2.clone()])
    );
    until("the member is back", || async { !refused(member).await }).await;
    until("the member is live", || async {
        let m = rec(&s, "host", &h2).await["metrics"].clone();
        rec(&s, "host_metrics", m.as_str().unwrap()).await["live"] == json!(true)
    })
    .await;
    assert_eq!(rec(&s, "host", &h2).await["enabled"], json!(false));
    s.call("host.enable", &[json!(h2)]).await.unwrap();
}

#[tokio::test]
async fn a_rebooting_coordinator_takes_the_api_with_it_and_members_name_it() {
    let srv = fast().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let member = srv.addresses[1];
    s.call("host.disable", &[json!(h1)]).await.unwrap();
    s.call("host.reboot", &[json!(h1)]).await.unwrap();
    until("the coordinator's address refuses connections", || {
        refused(srv.addr)
    })
    .await;
    // Members still name it; anything else they cannot forward (HTTP 503).
    let e = raw_login(&url_of(member)).await.unwrap_err();
    assert_eq!(e.api().unwrap().code, codes::HOST_IS_SLAVE);
    assert_eq!(e.api().unwrap().params, vec![srv.addr.ip().to_string()]);
    until("the coordinator is back", || async {
        !refused(srv.addr).await
    })
    .await;
    // Sessions did not survive; a new login works and the session follows on.
    let e = s.call("pool.get_all", &[]).await;
    assert!(e.is_ok(), "the client logs in again: {e:?}");
    let r = rec(&s, "host", &h1).await;
    assert_eq!(r["enabled"], json!(true));
    // Its VMs on local storage were shut down with it.
    let web01 = crate::tasks::vm_ref(&s, "web-01").await;
    assert_eq!(
        rec(&s, "VM", web01.as_str()).await["power_state"],
        json!("Halted")
    );
}

#[tokio::test]
async fn a_new_coordinator_answers_and_the_old_one_redirects_to_it() {
    let srv = fast().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let h2 = host(&s, "xcp-host-02").await;
    let member = srv.addresses[1];
    // Designating the coordinator itself changes nothing.
    s.call("pool.designate_new_master", &[json!(h1)])
        .await
        .unwrap();
    s.call("pool.designate_new_master", &[json!(h2)])
        .await
        .unwrap();
    // The old coordinator now names the new one.
    until("the old coordinator redirects", || async {
        matches!(raw_login(&srv.url).await, Err(e) if e.is_code(codes::HOST_IS_SLAVE))
    })
    .await;
    let e = raw_login(&srv.url).await.unwrap_err();
    assert_eq!(e.api().unwrap().params, vec![member.ip().to_string()]);
    // A client that logs in at the old address follows to the new one.
    let mut n = None;
    for _ in 0..400 {
        let c = Credentials::new("root", PASSWORD);
        if let Ok(x) = Session::login(&srv.url, c, opts(Protocol::JsonRpc)).await {
            n = Some(x);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let n = n.expect("the new coordinator answers");
    assert_eq!(
        n.base_url().host_str(),
        Some(member.ip().to_string().as_str())
    );
    assert_eq!(n.master.as_ref().map(|m| m.as_str()), Some(h2.as_str()));
    let pools = n.call("pool.get_all_records", &[]).await.unwrap();
    let pool = pools.as_object().unwrap().values().next().unwrap().clone();
    assert_eq!(pool["master"], json!(h2));
    // The new coordinator raised POOL_MASTER_TRANSITION.
    let uuid = rec(&n, "host", &h2).await["uuid"].clone();
    let msgs = n.call("message.get_all_records", &[]).await.unwrap();
    assert!(msgs.as_object().unwrap().values().any(|m| m["name"]
        == json!("POOL_MASTER_TRANSITION")
        && m["obj_uuid"] == uuid
        && m["cls"] == json!("Host")
        && m["priority"] == json!(4)));
    // Now host 1 is a member: it may be ejected, host 2 may not.
    assert_eq!(
        err(&n, "pool.eject", &[json!(h2)]).await.1,
        vec!["Xapi_pool.Cannot_eject_master".to_string()]
    );
}

#[tokio::test]
async fn a_shut_down_host_waits_for_power_on_where_a_power_on_mode_is_set() {
    let srv = fast().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h2 = host(&s, "xcp-host-02").await;
    let member = srv.addresses[1];
    s.call("host.disable", &[json!(h2)]).await.unwrap();
    s.call("host.shutdown", &[json!(h2)]).await.unwrap();
    until("the member goes", || refused(member)).await;
    let metrics = rec(&s, "host", &h2).await["metrics"].clone();
    until("the member is not live", || async {
        rec(&s, "host_metrics", metrics.as_str().unwrap()).await["live"] == json!(false)
    })
    .await;
    // No power-on mode: power_on is not offered, and refused.
    let r = rec(&s, "host", &h2).await;
    assert!(!ops(&r).contains(&"power_on".to_string()));
    assert_eq!(
        err(&s, "host.power_on", &[json!(h2)]).await,
        ("HOST_POWER_ON_MODE_DISABLED".into(), vec![])
    );
    // Calls forwarded to it fail HOST_OFFLINE.
    for m in ["host.restart_agent", "host.syslog_reconfigure"] {
        assert_eq!(
            err(&s, m, &[json!(h2)]).await,
            ("HOST_OFFLINE".into(), vec![h2.clone()])
        );
    }
    s.call(
        "host.set_power_on_mode",
        &[json!(h2), json!("wake-on-lan"), json!({})],
    )
    .await
    .unwrap();
    assert!(ops(&rec(&s, "host", &h2).await).contains(&"power_on".to_string()));
    // It stays down until powered on.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(refused(member).await);
    s.call("host.power_on", &[json!(h2)]).await.unwrap();
    until("the member is back", || async { !refused(member).await }).await;
    until("the member is live", || async {
        rec(&s, "host_metrics", metrics.as_str().unwrap()).await["live"] == json!(true)
    })
    .await;
}

#[tokio::test]
async fn a_toolstack_restart_on_the_coordinator_ends_sessions_and_re_enables_the_host() {
    let srv = fast().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    s.call("host.disable", &[json!(h1)]).await.unwrap();
    let old = s.session_ref();
    s.call("host.restart_agent", &[json!(h1)]).await.unwrap();
    until("the toolstack restarted", || async {
        srv.state.session(&old).is_none()
    })
    .await;
    until("the coordinator answers again", || async {
        raw_login(&srv.url).await.is_ok()
    })
    .await;
    let r = rec(&s, "host", &h1).await;
    assert_eq!(r["enabled"], json!(true));
    assert_ne!(s.session_ref(), old, "logged in again");
}
