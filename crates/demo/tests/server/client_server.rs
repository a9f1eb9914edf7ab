//! The XenAPI client against the demo server on loopback, over JSON-RPC and XML-RPC: every
//! method the client uses, and the errors xapi raises.

use crate::common::*;
use crate::session::*;
use serde_json::json;
use std::collections::HashMap;
use xenapi::error::codes;
use xenapi::{self, Credentials, Network, Pif, Pool, Protocol, Ref, Session, Sr, Vif, Vm};

fn find_vm<'a>(vms: &'a HashMap<Ref<Vm>, Vm>, name: &str) -> (&'a Ref<Vm>, &'a Vm) {
    vms.iter()
        .find(|(_, v)| v.name_label == name)
        .unwrap_or_else(|| panic!("no VM {name}"))
}

#[tokio::test]
async fn login_reads_api_version_and_logout_ends_the_session() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        assert_eq!(s.protocol(), Some(p));
        assert_eq!(s.api_version, (2, 21), "{p:?}");
        let r = s.session_ref();
        assert!(srv.state.session(&r).is_some());
        s.logout().await.unwrap();
        assert!(
            srv.state.session(&r).is_none(),
            "{p:?}: logout must end the session"
        );
    }
}

#[tokio::test]
async fn originator_is_sent_at_login() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let info = srv.state.session(&s.session_ref()).unwrap();
    assert!(
        info.originator.starts_with("XenPilot "),
        "{}",
        info.originator
    );
}

#[tokio::test]
async fn wrong_password_is_session_authentication_failed_with_user() {
    let srv = server().await;
    for p in BOTH {
        let e = Session::login(&srv.url, Credentials::new("root", "nope"), opts(p))
            .await
            .unwrap_err();
        let api = e.api().expect("an API error");
        assert_eq!(api.code, codes::SESSION_AUTHENTICATION_FAILED);
        assert_eq!(api.params[0], "root");
        assert!(e.to_string().contains("session.login_with_password"), "{e}");
    }
}

#[tokio::test]
async fn auto_protocol_prefers_json_and_falls_back_to_xml() {
    let srv = server().await;
    let s = Session::login(
        &srv.url,
        Credentials::new("root", PASSWORD),
        Default::default(),
    )
    .await
    .unwrap();
    assert_eq!(s.protocol(), Some(Protocol::JsonRpc));

    let mut cfg = config();
    cfg.xmlrpc_only = true;
    let old = server_with(cfg).await;
    let s = Session::login(
        &old.url,
        Credentials::new("root", PASSWORD),
        Default::default(),
    )
    .await
    .unwrap();
    assert_eq!(s.protocol(), Some(Protocol::XmlRpc));
    let pools = s.get_all_records::<Pool>().await.unwrap();
    assert_eq!(pools.len(), 1);
}

#[tokio::test]
async fn get_all_records_of_every_class_decode_over_both_protocols() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let vms = s.get_all_records::<Vm>().await.unwrap();
        let (_, web) = find_vm(&vms, "web-01");
        assert_eq!(web.power_state, xenapi::PowerState::Running);
        assert_eq!(
            web.vcpus_at_startup, 2,
            "{p:?}: ints arrive as strings over XML-RPC"
        );
        assert_eq!(web.memory_static_max, 4 << 30);
        assert_eq!(web.vifs.len(), 2);
        assert_eq!(
            web.xenstore_data.get("vm-data/role").map(String::as_str),
            Some("frontend")
        );
        let (_, jp) = find_vm(&vms, "ファイルサーバー");
        assert_eq!(jp.name_description, "大阪オフィス用");
        let srs = s.get_all_records::<Sr>().await.unwrap();
        assert!(srs.values().any(|sr| sr.name_label == "Fast NVMe (host 2)"));
        let pifs = s.get_all_records::<Pif>().await.unwrap();
        assert!(
            pifs.values()
                .any(|p| p.other_config.get("ethtool-speed").map(String::as_str) == Some("1000"))
        );
        let nets = s.get_all_records::<Network>().await.unwrap();
        assert!(nets.values().any(|n| n.mtu == 9000));
        let (cache, token) = xenapi::events::load_all(&s).await.unwrap();
        assert!(!token.is_empty());
        for class in xenapi::cache::CLASSES {
            let raw = s.call(&format!("{class}.get_all"), &[]).await.unwrap();
            assert_eq!(
                raw.as_array().unwrap().len(),
                cache.count(class).unwrap(),
                "{p:?}: {class} count"
            );
        }
        assert_eq!(cache.bonds.len(), 0);
        assert_eq!(cache.vlans.len(), 2);
    }
}

#[tokio::test]
async fn record_getters_by_ref_uuid_name_and_field() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let vms = s.get_all_records::<Vm>().await.unwrap();
        let (r, web) = find_vm(&vms, "web-01");
        let rec: Vm = s.get_record(r).await.unwrap();
        assert_eq!(&rec, web);
        let by_uuid = s.call("VM.get_by_uuid", &[json!(web.uuid)]).await.unwrap();
        assert_eq!(by_uuid, json!(r.as_str()));
        let by_name = s
            .call("VM.get_by_name_label", &[json!("web-01")])
            .await
            .unwrap();
        assert_eq!(by_name, json!([r.as_str()]));
        let label = s.call("VM.get_name_label", &[r.into()]).await.unwrap();
        assert_eq!(label, json!("web-01"));
        let e = s
            .call("VM.get_by_uuid", &[json!("not-a-uuid")])
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some(codes::UUID_INVALID));
    }
}

#[tokio::test]
async fn set_name_label_and_map_edits_with_xapi_errors() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let vifs = s.get_all_records::<Vif>().await.unwrap();
        let vif = vifs.keys().next().unwrap().clone();
        let key = format!("ethtool-tx-{p:?}");
        s.add_to_map(&vif, "other_config", &key, "on")
            .await
            .unwrap();
        let e = s
            .add_to_map(&vif, "other_config", &key, "on")
            .await
            .unwrap_err();
        let api = e.api().unwrap();
        assert_eq!(api.code, codes::MAP_DUPLICATE_KEY);
        assert_eq!(
            api.params,
            ["VIF", "other_config", vif.as_str(), key.as_str()]
        );
        s.put_map_key(&vif, "other_config", &key, "off")
            .await
            .unwrap();
        let rec: Vif = s.get_record(&vif).await.unwrap();
        assert_eq!(rec.other_config.get(&key).map(String::as_str), Some("off"));
        s.remove_from_map(&vif, "other_config", &key).await.unwrap();
        s.remove_from_map(&vif, "other_config", &key).await.unwrap(); // absent: no error
        let rec: Vif = s.get_record(&vif).await.unwrap();
        assert!(!rec.other_config.contains_key(&key));

        let gone: Ref<Vif> = Ref::new("OpaqueRef:00000000-dead-beef-0000-000000000000");
        let e = s
            .add_to_map(&gone, "other_config", "k", "v")
            .await
            .unwrap_err();
        assert_eq!(e.api().unwrap().params, ["VIF", gone.as_str()]);
        assert_eq!(e.code(), Some(codes::HANDLE_INVALID));

        let vms = s.get_all_records::<Vm>().await.unwrap();
        let (vm, _) = find_vm(&vms, "db-replica");
        s.call(
            "VM.set_name_label",
            &[vm.into(), json!(format!("db-replica-{p:?}"))],
        )
        .await
        .unwrap();
        let rec: Vm = s.get_record(vm).await.unwrap();
        assert_eq!(rec.name_label, format!("db-replica-{p:?}"));
        s.call("VM.set_name_label", &[vm.into(), json!("db-replica")])
            .await
            .unwrap();

        let mut map = rec.xenstore_data.clone();
        map.insert("vm-data/new".into(), "1".into());
        s.set_map(vm, "xenstore_data", &map).await.unwrap();
        let rec: Vm = s.get_record(vm).await.unwrap();
        assert_eq!(rec.xenstore_data, map);
    }
}

#[tokio::test]
async fn unknown_methods_bad_counts_and_invalid_sessions() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let e = s.call("VM.no_such_call", &[]).await.unwrap_err();
        assert_eq!(e.code(), Some(codes::MESSAGE_METHOD_UNKNOWN));
        assert_eq!(e.api().unwrap().params, ["VM.no_such_call"]);
        let e = s.call("VM.get_record", &[]).await.unwrap_err();
        assert_eq!(e.code(), Some(codes::MESSAGE_PARAMETER_COUNT_MISMATCH));
        assert_eq!(e.api().unwrap().params, ["VM.get_record", "1", "0"]);
        let e = s
            .transport()
            .call("pool.get_all", &[json!("OpaqueRef:bogus")])
            .await
            .unwrap_err();
        assert_eq!(e.code(), Some(codes::SESSION_INVALID));
        assert_eq!(e.api().unwrap().params, ["OpaqueRef:bogus"]);
    }
}

#[tokio::test]
async fn a_dropped_session_is_renewed_transparently() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let old = s.session_ref();
    srv.state.drop_all_sessions(); // as after a toolstack restart
    let pools = s.get_all_records::<Pool>().await.unwrap();
    assert_eq!(pools.len(), 1);
    assert_ne!(s.session_ref(), old);
}

#[tokio::test]
async fn read_only_user_cannot_write() {
    let srv = server().await;
    for p in BOTH {
        let s = Session::login(&srv.url, Credentials::new(RO_USER.0, RO_USER.1), opts(p))
            .await
            .unwrap();
        let vms = s.get_all_records::<Vm>().await.unwrap();
        let (vm, _) = find_vm(&vms, "web-01");
        let e = s
            .add_to_map(vm, "other_config", "k", "v")
            .await
            .unwrap_err();
        let api = e.api().unwrap();
        assert_eq!(api.code, codes::RBAC_PERMISSION_DENIED);
        assert_eq!(api.params[0], "vm.add_to_other_config");
        assert!(api.params[1].contains("vm-admin"), "{}", api.params[1]);
        let rec: Vm = s.get_record(vm).await.unwrap();
        assert!(!rec.other_config.contains_key("k"));
    }
}

#[tokio::test]
async fn host_is_slave_leads_to_the_master() {
    // Master and member share a port on two loopback addresses, as pool hosts share 443.
    let master = demo::DemoServer::start(demo::demo_pool(), config(), ([127, 0, 0, 2], 0).into())
        .await
        .unwrap();
    let mut cfg = config();
    cfg.redirect_to = Some("127.0.0.2".into());
    let member = demo::DemoServer::start(
        demo::demo_pool(),
        cfg,
        ([127, 0, 0, 1], master.addr.port()).into(),
    )
    .await
    .unwrap();
    let s = login(&member.url, Protocol::JsonRpc).await;
    assert_eq!(s.host_label(), format!("127.0.0.2:{}", master.addr.port()));
    assert_eq!(s.redirected_from.as_deref(), Some(member.url.as_str()));
    assert!(master.state.session(&s.session_ref()).is_some());
}

#[tokio::test]
async fn system_list_methods_names_the_generic_calls() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let v = s.transport().call("system.listMethods", &[]).await.unwrap();
        let names: Vec<&str> = v
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|x| x.as_str())
            .collect();
        for m in [
            "VM.get_all_records",
            "PIF.add_to_other_config",
            "VM.set_xenstore_data",
            "event.from",
        ] {
            assert!(names.contains(&m), "{p:?}: {m} missing");
        }
    }
}

#[tokio::test]
async fn vm_power_operations_follow_xapi_rules_and_filter_xenstore_data() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let vms = s.get_all_records::<Vm>().await.unwrap();
    let (vm, rec) = find_vm(&vms, "db-replica");
    assert!(rec.xenstore_data.contains_key("guest-config"));
    let e = s.call("VM.clean_shutdown", &[vm.into()]).await.unwrap_err();
    assert_eq!(e.api().unwrap().params, [vm.as_str(), "running", "halted"]);
    s.call("VM.start", &[vm.into(), json!(false), json!(false)])
        .await
        .unwrap();
    let guest = srv.state.guest_xenstore(vm.as_str());
    assert_eq!(
        guest.get("vm-data/db/role").map(String::as_str),
        Some("replica")
    );
    assert!(
        !guest.contains_key("guest-config"),
        "keys outside vm-data/ never reach the guest"
    );
    assert!(
        !guest.contains_key("vm-data"),
        "the bare vm-data key is not a vm-data/ key"
    );
    let running: Vm = s.get_record(vm).await.unwrap();
    assert_eq!(running.power_state, xenapi::PowerState::Running);
    assert!(!running.resident_on.is_null());
    let e = s
        .call("VM.start", &[vm.into(), json!(false), json!(false)])
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(codes::VM_BAD_POWER_STATE));
    s.call("VM.hard_shutdown", &[vm.into()]).await.unwrap();
    let off: Vm = s.get_record(vm).await.unwrap();
    assert_eq!(off.power_state, xenapi::PowerState::Halted);
    let tmpl = vms.iter().find(|(_, v)| v.is_a_template).unwrap().0;
    let e = s
        .call("VM.start", &[tmpl.into(), json!(false), json!(false)])
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(codes::VM_IS_TEMPLATE));
}

/// A login over one transport: `Ok` with a session, or the error description's message.
async fn try_login(t: &xenapi::transport::Transport, pwd: &str) -> Result<(), String> {
    let params = [json!("root"), json!(pwd)];
    match t.call("session.login_with_password", &params).await {
        Ok(_) => Ok(()),
        Err(e) => Err(e.api().map(|a| a.params.join(" ")).unwrap_or(e.to_string())),
    }
}

#[tokio::test]
async fn password_guesses_are_limited_per_source_and_the_right_password_is_never_slowed() {
    use std::sync::Arc;
    use xenapi::transport::Transport;
    let mut cfg = config();
    cfg.limits.login_burst = 5;
    cfg.limits.login_refill = std::time::Duration::from_secs(3600);
    // 300 calls at once from one address: more than a source's connections (the flood test).
    cfg.limits.conns_per_source = 400;
    let srv = server_with(cfg).await;
    let t = Arc::new(Transport::new(&srv.url, &opts(Protocol::JsonRpc)).unwrap());
    // Right passwords use up nothing, however many.
    for _ in 0..50 {
        try_login(&t, PASSWORD).await.unwrap();
    }
    // 300 guesses at once: only the bucket's worth are checked at all.
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..300 {
        let t = t.clone();
        guesses.spawn(async move { try_login(&t, &format!("guess-{i}")).await });
    }
    let mut limited = 0;
    while let Some(r) = guesses.join_next().await {
        let msg = r.unwrap().unwrap_err();
        limited += usize::from(msg.contains("Too many failed logins"));
    }
    assert_eq!(limited, 295);
    // Not even the right password is checked from there now...
    let msg = try_login(&t, PASSWORD).await.unwrap_err();
    assert!(msg.contains("Too many failed logins"), "{msg}");
    // ...nor from another loopback address: the same machine, the same source.
    let msg = try_login(&from(&srv.url, [127, 0, 0, 2]), PASSWORD)
        .await
        .unwrap_err();
    assert!(msg.contains("Too many failed logins"), "{msg}");
}

/// A transport whose connections come from `ip`.
fn from(url: &str, ip: [u8; 4]) -> xenapi::transport::Transport {
    use xenapi::transport::{Transport, same_origin_redirects};
    xenapi::transport::ensure_crypto_provider();
    let client = reqwest::Client::builder()
        .local_address(std::net::IpAddr::from(ip))
        .redirect(same_origin_redirects())
        .build()
        .unwrap();
    let base = reqwest::Url::parse(url).unwrap();
    let p = xenapi::ProtocolChoice::Only(Protocol::JsonRpc);
    Transport::with_client(base, client, p).unwrap()
}

#[tokio::test]
async fn a_guesser_cycling_loopback_addresses_gets_no_more_checks_and_the_owner_still_gets_in() {
    let mut cfg = config();
    cfg.limits.login_burst = 5;
    cfg.limits.login_refill = std::time::Duration::from_secs(2);
    cfg.auth_failure_delay = std::time::Duration::ZERO;
    let srv = server_with(cfg).await;
    let started = std::time::Instant::now();
    // 300 guesses at once from 100 loopback addresses.
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..300u16 {
        let t = from(&srv.url, [127, 0, (i % 100) as u8, 1 + (i / 100) as u8]);
        guesses.spawn(async move { try_login(&t, &format!("guess-{i}")).await });
    }
    let mut checked = 0;
    while let Some(r) = guesses.join_next().await {
        let msg = r.unwrap().unwrap_err();
        checked += usize::from(!msg.contains("Too many failed logins"));
    }
    // As from one address: the burst, and a token per refill while they lasted.
    let refills = started.elapsed().as_secs() as usize / 2 + 1;
    assert!(
        checked <= 5 + refills,
        "{checked} guesses checked in {refills} refills"
    );
    // The right password, behind them, waits for the next token and gets in.
    try_login(&from(&srv.url, [127, 0, 0, 1]), PASSWORD)
        .await
        .unwrap();
}

/// Sends `head` (and `body`, ignoring a server that already closed) and returns the reply.
fn exchange(addr: std::net::SocketAddr, head: &str, body: &[u8]) -> String {
    use std::io::Write;
    let mut s = raw_connect(addr);
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    read_until_closed(&mut s)
}

#[test]
fn request_bodies_are_limited_in_size_and_large_ones_in_number() {
    use demo::limits::MAX_RPC_BODY;
    use std::io::Write;
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut cfg = config();
    cfg.limits.large_slots = 2;
    let srv = rt.block_on(server_with(cfg));
    let addr = srv.addr;
    // Declared too large: refused before a byte of it is sent.
    let head = post_head(
        "/jsonrpc",
        &format!("Content-Length: {}\r\n", MAX_RPC_BODY + 1),
    );
    let reply = exchange(addr, &head, b"");
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    // Chunked: refused as it grows past the limit. (The client then stops sending: data the
    // server leaves unread would make its close a reset, which can lose the reply.)
    let chunk = format!("10000\r\n{}\r\n", " ".repeat(0x10000));
    let body = chunk.repeat(MAX_RPC_BODY / 0x10000) + "1\r\n \r\n";
    let reply = exchange(
        addr,
        &post_head("/", "Transfer-Encoding: chunked\r\n"),
        body.as_bytes(),
    );
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");

    // Two large requests arriving slowly hold both slots; a third is told to come back.
    let large = post_head("/jsonrpc", "Content-Length: 500000\r\n");
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut s = raw_connect(addr);
        s.write_all(large.as_bytes()).unwrap();
        s.write_all(b"{\"jsonrpc\":").unwrap();
        held.push(s);
    }
    let wait_for = |n: usize| {
        for _ in 0..1000 {
            if srv.state.large_requests_in_flight() == n {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("{n} large requests never in flight");
    };
    wait_for(2);
    let reply = exchange(addr, &large, b"");
    assert!(reply.starts_with("HTTP/1.1 503"), "{reply}");
    // Small calls are not held up.
    rt.block_on(login(&srv.url, Protocol::JsonRpc));
    drop(held);
    wait_for(0);

    // The largest call a real client makes fits: event.from naming 10,000 VMs one by one.
    let subs: Vec<String> = (0..10_000)
        .map(|i| format!("vm/OpaqueRef:{:08x}-0000-0000-0000-000000000000", i))
        .collect();
    let s = rt.block_on(login(&srv.url, Protocol::XmlRpc));
    let args = [json!(subs), json!(""), json!(0)];
    rt.block_on(s.call("event.from", &args)).unwrap();
}

/// Slow, idle and half-sent connections are closed, on http and https.
fn check_connection_timeouts<S: std::io::Read + std::io::Write>(connect: impl Fn() -> S) {
    // Connected, then nothing: closed.
    read_until_closed(&mut connect());
    // Headers that never end: closed.
    let mut s = connect();
    s.write_all(b"POST /jsonrpc HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    read_until_closed(&mut s);
    // A body that never ends: 408, closed.
    let mut s = connect();
    s.write_all(post_head("/jsonrpc", "Content-Length: 100\r\n").as_bytes())
        .unwrap();
    s.write_all(b"{\"jsonrpc\"").unwrap();
    let reply = read_until_closed(&mut s);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    // A kept-alive connection left idle after its answer: closed.
    let mut s = connect();
    let body = r#"{"jsonrpc":"2.0","method":"system.listMethods","params":[],"id":1}"#;
    let head = post_head("/jsonrpc", &format!("Content-Length: {}\r\n", body.len()));
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body.as_bytes()).unwrap();
    let reply = read_until_closed(&mut s);
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
}

#[test]
fn slow_and_idle_connections_are_closed_on_http_and_https() {
    use std::sync::Arc;
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mut cfg = config();
    cfg.limits.header_timeout = std::time::Duration::from_millis(300);
    cfg.limits.body_timeout = std::time::Duration::from_millis(300);
    let srv = rt.block_on(server_with(cfg.clone()));
    check_connection_timeouts(|| raw_connect(srv.addr));

    cfg.tls = Some(demo::TlsIdentity::generate(&["127.0.0.1".into()]).unwrap());
    let srv = rt.block_on(server_with(cfg));
    let key = format!("127.0.0.1:{}", srv.addr.port());
    let verifier = xenapi::tls::TlsVerifier::new(&key, srv.fingerprint.clone());
    let tls = Arc::new(verifier.client_config().unwrap());
    check_connection_timeouts(|| {
        let name = rustls::pki_types::ServerName::try_from("127.0.0.1").unwrap();
        let conn = rustls::ClientConnection::new(tls.clone(), name).unwrap();
        rustls::StreamOwned::new(conn, raw_connect(srv.addr))
    });
    // And the server still serves.
    let pinned = xenapi::TransportOptions {
        pins: [(key, srv.fingerprint.clone().unwrap())].into(),
        ..opts(Protocol::JsonRpc)
    };
    let root = Credentials::new("root", PASSWORD);
    rt.block_on(Session::login(&srv.url, root, pinned)).unwrap();
}

#[tokio::test]
async fn a_deeply_nested_call_is_malformed_and_the_server_lives_on() {
    // What killed the server: one unauthenticated 120 KB call, 2,734 levels deep.
    let call = format!(
        "<methodCall><methodName>session.login_with_password</methodName><params><param>{}<value>x</value>{}</param></params></methodCall>",
        "<value><array><data>".repeat(2_734),
        "</data></array></value>".repeat(2_734)
    );
    let srv = server().await;
    xenapi::transport::ensure_crypto_provider();
    let r = reqwest::Client::new()
        .post(format!("{}/", srv.url))
        .header("Content-Type", "text/xml")
        .body(call)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500);
    login(&srv.url, Protocol::XmlRpc).await;
}
