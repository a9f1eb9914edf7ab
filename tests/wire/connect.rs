//! Connecting to pools the way real ones behave, on loopback: TLS with a self-signed
//! certificate (refused until trusted, then pinned; a changed one refused), a pool member
//! that redirects to its master, a host restarted mid-session, a wrong password; and hosts
//! that misbehave on purpose (deep, endless or trickling replies, a redirect elsewhere).

use crate::common::*;
use crate::session::*;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use xenpilot::demo::{self, DemoServer, DemoState, TlsIdentity};
use xenpilot::xenapi::error::codes;
use xenpilot::xenapi::transport::{MAX_REPLY_BYTES, same_origin};
use xenpilot::xenapi::{
    Cache, Credentials, Error, ErrorKind, Limit, NetCause, Protocol, Rejection, Session,
    TransportError, TransportOptions, known_host_key,
};

fn tls_config() -> xenpilot::demo::DemoConfig {
    let mut c = config();
    c.tls = Some(TlsIdentity::generate(&["127.0.0.1".into()]).unwrap());
    c
}

fn pinned(url: &str, fingerprint: &str) -> TransportOptions {
    let key = known_host_key(&reqwest::Url::parse(url).unwrap());
    TransportOptions {
        pins: BTreeMap::from([(key, fingerprint.to_string())]),
        ..TransportOptions::default()
    }
}

async fn root(url: &str, opts: TransportOptions) -> xenpilot::xenapi::Result<Session> {
    Session::login(url, Credentials::new("root", PASSWORD), opts).await
}

#[tokio::test]
async fn a_self_signed_certificate_is_refused_until_trusted_then_pinned() {
    let srv = server_with(tls_config()).await;
    assert!(srv.url.starts_with("https://"), "{}", srv.url);
    let fp = srv.fingerprint.clone().unwrap();

    // Not signed by a trusted root: refused, with what the user needs to decide.
    let err = root(&srv.url, TransportOptions::default())
        .await
        .unwrap_err();
    let ErrorKind::Certificate(r) = &err.kind else {
        panic!("expected a certificate error, got {err}");
    };
    let Rejection::Untrusted { host, cert, .. } = r.as_ref() else {
        panic!("expected Untrusted, got {r:?}");
    };
    assert_eq!(*host, format!("127.0.0.1:{}", srv.addr.port()));
    assert_eq!(cert.sha256, fp);
    assert!(cert.subject.contains("127.0.0.1"), "{}", cert.subject);
    assert!(!cert.not_after.is_empty());

    // Trusted (pinned): both protocols work, and so does the event loop's own connection.
    for p in BOTH {
        let opts = TransportOptions {
            protocol: xenpilot::xenapi::ProtocolChoice::Only(p),
            ..pinned(&srv.url, &fp)
        };
        let s = Arc::new(root(&srv.url, opts).await.unwrap());
        let mut w = Watched::start(s.clone(), 0.5);
        w.until(|c| !c.vms.is_empty()).await;
        let _ = w.stop.send(true);
        s.heartbeat(s.transport()).await.unwrap();
    }

    // Another host's pin does not vouch for this one.
    let other = pinned("https://127.0.0.1:1", &fp);
    let err = root(&srv.url, other).await.unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Certificate(_)), "{err}");
}

#[tokio::test]
async fn a_changed_certificate_is_refused_with_both_fingerprints() {
    let srv = server_with(tls_config()).await;
    let old = srv.fingerprint.clone().unwrap();
    let addr = srv.addr;
    let state = srv.state.clone();
    srv.stop().await;

    // The host comes back with a new certificate (reinstalled, or someone in between).
    let mut cfg = tls_config();
    cfg.read_only_user = state.config.read_only_user.clone();
    let srv = DemoServer::start(demo::demo_pool(), cfg, addr)
        .await
        .unwrap();
    let new = srv.fingerprint.clone().unwrap();
    assert_ne!(old, new);
    let err = root(&srv.url, pinned(&srv.url, &old)).await.unwrap_err();
    let ErrorKind::Certificate(r) = &err.kind else {
        panic!("expected a certificate error, got {err}");
    };
    match r.as_ref() {
        Rejection::Changed { pinned, cert, .. } => {
            assert_eq!(*pinned, old);
            assert_eq!(cert.sha256, new);
        }
        other => panic!("expected Changed, got {other:?}"),
    }
    assert!(err.to_string().contains(&old) && err.to_string().contains(&new));
}

#[tokio::test]
async fn a_pool_member_redirects_to_its_master() {
    let master = server().await;
    let mut cfg = config();
    cfg.redirect_to = Some(master.url.clone());
    let member = server_with(cfg).await;
    for p in BOTH {
        let s = Session::login(&member.url, Credentials::new("root", PASSWORD), opts(p))
            .await
            .unwrap();
        assert_eq!(s.base_url().as_str(), format!("{}/", master.url));
        assert_eq!(s.redirected_from.as_deref(), Some(member.url.as_str()));
        assert!(s.master.is_some(), "the master is known for the heartbeat");
    }
}

#[tokio::test]
async fn wrong_password_and_unreachable_host_fail_clearly() {
    let srv = server().await;
    let err = Session::login(
        &srv.url,
        Credentials::new("root", "wrong"),
        TransportOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(err.is_code(codes::SESSION_AUTHENTICATION_FAILED), "{err}");
    let addr = srv.addr;
    srv.stop().await;
    let err = Session::login(
        &format!("http://{addr}"),
        Credentials::new("root", PASSWORD),
        TransportOptions::default(),
    )
    .await
    .unwrap_err();
    assert!(err.is_connection_failure(), "{err}");
    // The operating system's reason is kept, typed, for a message a user can act on.
    assert!(
        matches!(&err.kind, ErrorKind::Transport(t) if t.cause() == Some(NetCause::Refused)),
        "{err:?}"
    );
}

/// Every class's refs and every VM's name: what a fresh load would show.
fn digest(c: &Cache) -> BTreeMap<String, Vec<String>> {
    let mut d: BTreeMap<String, Vec<String>> = xenpilot::xenapi::cache::CLASSES
        .iter()
        .map(|class| {
            let mut refs = c.refs(class);
            refs.sort();
            (class.to_string(), refs)
        })
        .collect();
    let mut names: Vec<String> = c
        .vms
        .iter()
        .map(|(r, v)| format!("{} {}", r.as_str(), v.name_label))
        .collect();
    names.sort();
    d.insert("names".into(), names);
    d
}

#[tokio::test]
async fn a_host_restarted_mid_session_is_followed_and_the_cache_resynced() {
    let srv = server().await;
    let addr = srv.addr;
    let state: Arc<DemoState> = srv.state.clone();
    let s = Arc::new(login(&srv.url, Protocol::JsonRpc).await);
    let mut w = Watched::start(s.clone(), 0.5);
    w.until(|c| !c.vms.is_empty()).await;

    // The toolstack goes away; meanwhile the pool changes (a VM renamed, one deleted).
    srv.stop().await;
    let (renamed, deleted) = state.write(|db| {
        let mut vms: Vec<String> = db.table("VM").unwrap().rows.keys().cloned().collect();
        vms.sort();
        db.set_field("VM", &vms[0], "name_label", json!("renamed-while-down"));
        db.delete_silently("VM", &vms[1]);
        (vms[0].clone(), vms[1].clone())
    });
    // Back on the same address, with no sessions (xapi keeps none across a restart).
    let srv = DemoServer::start_with_state(state, addr).await.unwrap();
    w.until(|c| {
        vm_named(c, "renamed-while-down").is_some() && !c.vms.keys().any(|r| r.as_str() == deleted)
    })
    .await;
    assert!(w.resets >= 2, "a full reload after the outage");
    let fresh = login(&srv.url, Protocol::JsonRpc).await;
    let (cache, _) = xenpilot::xenapi::events::load_all(&fresh).await.unwrap();
    assert_eq!(digest(&w.cache), digest(&cache));
    assert!(cache.vms.keys().any(|r| r.as_str() == renamed));
    let _ = w.stop.send(true);
}

#[tokio::test]
async fn the_role_is_read_after_login_so_forms_can_open_read_only() {
    use xenpilot::model::rbac::can_edit;
    let srv = server().await;
    for p in BOTH {
        let root = login(&srv.url, p).await;
        let (su, perms) = root.rbac().await.unwrap();
        assert!(su && can_edit(su, &perms), "{p:?}");
        let ro = Session::login(&srv.url, Credentials::new(RO_USER.0, RO_USER.1), opts(p))
            .await
            .unwrap();
        let (su, perms) = ro.rbac().await.unwrap();
        assert!(!su && !perms.is_empty(), "{p:?}: {perms:?}");
        assert!(!can_edit(su, &perms), "{p:?}");
    }
}

#[test]
fn the_heartbeat_notices_a_dead_host_and_its_return() {
    use std::time::Instant;
    use xenpilot::services::connection::{ConnEvent, connect_with};
    let rt = tokio::runtime::Runtime::new().unwrap();
    let srv = rt.block_on(server());
    let (addr, state) = (srv.addr, srv.state.clone());
    let conn = connect_with(
        rt.handle(),
        srv.url.clone(),
        Credentials::new("root", PASSWORD),
        TransportOptions::default(),
        Duration::from_millis(150),
        || {},
    );
    // Waits for an event that `pick` accepts (others are skipped), at most 15 s.
    let until = |pick: &dyn Fn(&ConnEvent) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(ev) = conn.events.recv_timeout(Duration::from_millis(50))
                && pick(&ev)
            {
                return ev;
            }
        }
        panic!("the expected connection event did not come");
    };
    until(&|e| {
        matches!(
            e,
            ConnEvent::Connected {
                read_only: false,
                ..
            }
        )
    });
    rt.block_on(srv.stop());
    let lost = until(&|e| matches!(e, ConnEvent::Heartbeat(Some(_))));
    let ConnEvent::Heartbeat(Some(err)) = lost else {
        unreachable!()
    };
    assert!(err.is_connection_failure(), "{err}");
    let _srv = rt
        .block_on(DemoServer::start_with_state(state, addr))
        .unwrap();
    // Back: the heartbeat logs in again (the restarted host forgot the session).
    until(&|e| matches!(e, ConnEvent::Heartbeat(None)));
    conn.close(rt.handle(), Duration::from_secs(2));
}

#[test]
fn connection_errors_read_clearly_in_each_language() {
    use xenpilot::i18n::I18n;
    use xenpilot::ui::errors::connection as error_text;
    use xenpilot::xenapi::{ApiError, CertInfo};
    let host = "pool.example:443";
    let cert = CertInfo {
        subject: "CN=pool".into(),
        issuer: "CN=pool".into(),
        not_before: String::new(),
        not_after: String::new(),
        sha256: "AA:BB".into(),
    };
    let cases = [
        (
            ErrorKind::Api(ApiError::new(
                codes::SESSION_AUTHENTICATION_FAILED,
                ["root", "Authentication failure"],
            )),
            [
                "refused the user name or password",
                "ユーザー名またはパスワードを拒否",
            ],
        ),
        (
            ErrorKind::Transport("could not connect: Connection refused".into()),
            ["Cannot reach pool.example:443", "に接続できません"],
        ),
        (
            ErrorKind::Transport(
                TransportError::new("could not connect: Connection refused")
                    .with_cause(Some(NetCause::Refused)),
            ),
            [
                "Nothing answers at pool.example:443 (connection refused)",
                "pool.example:443 で応答するものがありません",
            ],
        ),
        (
            ErrorKind::Transport(
                TransportError::new("dns error").with_cause(Some(NetCause::UnknownHost)),
            ),
            [
                "pool.example:443 is not a known host name",
                "既知のホスト名ではありません",
            ],
        ),
        (
            ErrorKind::Malformed("not XML-RPC".into()),
            [
                "did not answer as a XenServer or XCP-ng host",
                "XCP-ng ホストとして応答しませんでした",
            ],
        ),
        (
            ErrorKind::HttpStatus(404),
            [
                "did not answer as a XenServer or XCP-ng host",
                "XCP-ng ホストとして応答しませんでした",
            ],
        ),
        (
            ErrorKind::Certificate(Box::new(Rejection::Changed {
                host: host.into(),
                pinned: "11:22".into(),
                cert,
            })),
            [
                "has changed since you trusted it",
                "信頼した後に変更されています",
            ],
        ),
    ];
    for (kind, [en, ja]) in cases {
        let e = Error::new(host, "session.login_with_password", kind);
        let text = error_text(&I18n::new("en-US"), &e);
        assert!(text.contains(en), "{text}");
        let text = error_text(&I18n::new("ja"), &e);
        assert!(text.contains(ja), "{text}");
        for lang in ["zh-CN", "de", "fr"] {
            let text = error_text(&I18n::new(lang), &e);
            assert!(!text.is_empty() && !text.contains(en), "{lang}: {text}");
        }
    }
}

/// What a hostile host does with each request.
#[derive(Clone)]
enum Hostile {
    /// Answers with these bytes (a whole HTTP response).
    Reply(String),
    /// A chunked reply that never ends.
    Endless,
    /// A reply whose bytes come one at a time, for ever.
    Trickle,
    /// Counts the requests that reach it, answering 404.
    Count(Arc<std::sync::atomic::AtomicUsize>),
}

/// A host on loopback behaving as `how`; its URL.
fn hostile(how: Hostile) -> String {
    use std::io::{BufRead, BufReader, Read, Write};
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    std::thread::spawn(move || {
        for s in l.incoming().flatten() {
            let how = how.clone();
            std::thread::spawn(move || {
                let mut r = BufReader::new(s.try_clone().unwrap());
                let mut w = s;
                loop {
                    // One request: head, then its body.
                    let mut len = 0usize;
                    loop {
                        let mut line = String::new();
                        if r.read_line(&mut line).unwrap_or(0) == 0 {
                            return;
                        }
                        let lower = line.to_ascii_lowercase();
                        if let Some(v) = lower.strip_prefix("content-length:") {
                            len = v.trim().parse().unwrap_or(0);
                        }
                        if line == "\r\n" {
                            break;
                        }
                    }
                    let mut body = vec![0; len];
                    if r.read_exact(&mut body).is_err() {
                        return;
                    }
                    let head = |extra: &str| {
                        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{extra}\r\n")
                    };
                    let sent = match &how {
                        Hostile::Reply(reply) => w.write_all(reply.as_bytes()),
                        Hostile::Count(n) => {
                            n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                            let _ =
                                w.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
                            continue;
                        }
                        Hostile::Endless => {
                            let _ = w.write_all(head("Transfer-Encoding: chunked\r\n").as_bytes());
                            let chunk = format!("4000\r\n{}\r\n", "[".repeat(0x4000));
                            while w.write_all(chunk.as_bytes()).is_ok() {}
                            return;
                        }
                        Hostile::Trickle => {
                            let _ = w.write_all(head("Content-Length: 100000\r\n").as_bytes());
                            while w.write_all(b" ").is_ok() {
                                std::thread::sleep(Duration::from_millis(20));
                            }
                            return;
                        }
                    };
                    if sent.is_err() {
                        return;
                    }
                }
            });
        }
    });
    url
}

fn fast(limit_reply: u64) -> TransportOptions {
    TransportOptions {
        timeout: Duration::from_millis(500),
        max_reply_bytes: limit_reply,
        ..TransportOptions::default()
    }
}

#[tokio::test]
async fn a_reply_nested_too_deep_is_an_error_not_a_crash() {
    let body = format!(
        "<methodResponse><params><param>{}</param></params></methodResponse>",
        "<value><array><data>".repeat(20_000)
    );
    let reply = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let url = hostile(Hostile::Reply(reply));
    let err = root(&url, TransportOptions::default()).await.unwrap_err();
    assert!(
        matches!(&err.kind, ErrorKind::Malformed(m) if m.contains("nested deeper")),
        "{err}"
    );
}

#[tokio::test]
async fn an_endless_or_oversized_reply_stops_at_the_cap() {
    let err = root(&hostile(Hostile::Endless), fast(1 << 20))
        .await
        .unwrap_err();
    assert_eq!(err.limit(), Some(Limit::ReplySize(1 << 20)), "{err}");
    assert!(!err.is_connection_failure(), "retrying would not help");
    let huge =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000000000\r\n\r\n";
    let err = root(
        &hostile(Hostile::Reply(huge.into())),
        TransportOptions::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(
        err.limit(),
        Some(Limit::ReplySize(MAX_REPLY_BYTES)),
        "{err}"
    );
}

#[tokio::test]
async fn a_trickling_host_fails_at_the_calls_deadline_naming_the_host() {
    use xenpilot::i18n::I18n;
    use xenpilot::ui::errors::limit as limit_text;
    let url = hostile(Hostile::Trickle);
    let err = root(&url, fast(MAX_REPLY_BYTES)).await.unwrap_err();
    assert_eq!(
        err.limit(),
        Some(Limit::Deadline(Duration::from_millis(500))),
        "{err}"
    );
    assert!(err.is_connection_failure());
    let host = url.trim_start_matches("http://");
    assert_eq!(err.host, host);
    assert!(err.to_string().contains("too slow"), "{err}");
    for (lang, words) in [
        ("en-US", "did not answer within 0.5 s"),
        ("ja", "0.5 秒以内に応答しませんでした"),
        ("zh-CN", "0.5 秒内"),
        ("de", "innerhalb von 0.5 s"),
        ("fr", "en 0.5 s"),
    ] {
        let text = limit_text(&I18n::new(lang), &err).unwrap();
        assert!(
            text.contains(host) && text.contains(words),
            "{lang}: {text}"
        );
    }
    let too_large = Error::new(
        host,
        "VM.get_all_records",
        ErrorKind::Transport(TransportError::exceeded(Limit::ReplySize(1 << 30))),
    );
    let text = limit_text(&I18n::new("en-US"), &too_large).unwrap();
    assert!(text.contains(host) && text.contains("1.0 GiB"), "{text}");
    assert_eq!(
        limit_text(
            &I18n::new("en-US"),
            &Error::new(host, "x", ErrorKind::HttpStatus(500))
        ),
        None
    );
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_not_followed_with_the_password() {
    let hits = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let elsewhere = hostile(Hostile::Count(hits.clone()));
    let redirect = format!(
        "HTTP/1.1 307 Temporary Redirect\r\nLocation: {elsewhere}/jsonrpc\r\nContent-Length: 0\r\n\r\n"
    );
    let url = hostile(Hostile::Reply(redirect));
    let err = root(&url, TransportOptions::default()).await.unwrap_err();
    assert!(matches!(err.kind, ErrorKind::HttpStatus(307)), "{err}");
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);
    // Another origin is another scheme, host or port; a pinned https host going to plain
    // http is one.
    let u = |s: &str| reqwest::Url::parse(s).unwrap();
    assert!(same_origin(
        &u("https://pool:443/"),
        &u("https://pool/jsonrpc")
    ));
    assert!(!same_origin(&u("https://pool/"), &u("http://pool:443/")));
    assert!(!same_origin(&u("https://pool/"), &u("https://evil/")));
    assert!(!same_origin(&u("http://pool:80/"), &u("http://pool:8080/")));
}
