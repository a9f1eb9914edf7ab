//! Consoles on the demo server: `CONNECT /console` over http and https with every refusal
//! xapi makes (a console asked at another host's address included), and the RFB behind the
//! tunnel (handshake, the login prompt, typed keys echoed, ZRLE and CopyRect giving back the
//! guest's exact picture, a reboot ending the session and a new boot changing the
//! resolution, the idle timeout, shared viewers, the pointer). The hosts' own addresses and
//! consoles in other pools are in `console_hosts`.

use crate::common::*;
use crate::rfb_client::{Rfb, connect, shows};
use crate::session::*;
use serde_json::{Value, json};
use xenpilot::demo::console::font::Frame;
use xenpilot::demo::{DemoConfig, DemoServer, TlsIdentity};
use xenpilot::xenapi::{Credentials, Protocol, Session, TransportOptions};

const OPERATOR: (&str, &str) = ("operator", "op-pass");
pub(crate) const GREY: u32 = 0xaaaaaa;

pub(crate) fn cfg(tls: bool) -> DemoConfig {
    let mut c = config();
    c.vm_operator_user = Some((OPERATOR.0.into(), OPERATOR.1.into()));
    if tls {
        let names: Vec<String> = xenpilot::demo::addresses::plan([127, 0, 0, 1].into(), 2)
            .iter()
            .map(|ip| ip.to_string())
            .collect();
        c.tls = Some(TlsIdentity::generate(&names).unwrap());
    }
    c
}

pub(crate) async fn session_of(srv: &DemoServer, user: &str, password: &str) -> String {
    let opts = TransportOptions {
        pins: srv
            .fingerprint
            .iter()
            .map(|f| {
                let url = reqwest::Url::parse(&srv.url).unwrap();
                (xenpilot::xenapi::known_host_key(&url), f.clone())
            })
            .collect(),
        ..TransportOptions::default()
    };
    Session::login(&srv.url, Credentials::new(user, password), opts)
        .await
        .unwrap()
        .session_ref()
}

/// (VM ref, its console's location) of the VM called `name`.
pub(crate) fn console_of(srv: &DemoServer, name: &str) -> (String, String) {
    srv.state.read(|db| {
        let (vm, row) = db
            .table("VM")
            .unwrap()
            .rows
            .iter()
            .find(|(_, r)| r.fields["name_label"] == name)
            .unwrap();
        let c = row.fields["consoles"][0].as_str().unwrap();
        let loc = db
            .field("console", c, "location")
            .unwrap()
            .as_str()
            .unwrap();
        (vm.clone(), loc.to_string())
    })
}

/// The control domain of the coordinator and its console's location.
pub(crate) fn dom0_console(srv: &DemoServer) -> String {
    srv.state.read(|db| {
        let master = xenpilot::demo::state::coordinator(db).unwrap();
        let dom0 = db.field("host", &master, "control_domain").unwrap();
        let c = db.field("VM", dom0.as_str().unwrap(), "consoles").unwrap()[0].clone();
        let loc = db
            .field("console", c.as_str().unwrap(), "location")
            .unwrap();
        loc.as_str().unwrap().to_string()
    })
}

/// Runs the blocking client off the runtime's threads.
pub(crate) async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_console_answers_200_then_rfb_with_the_login_prompt_over_http_and_https() {
    for tls in [false, true] {
        let srv = server_with(cfg(tls)).await;
        let s = session_of(&srv, "root", PASSWORD).await;
        let (_, loc) = console_of(&srv, "web-01");
        assert!(
            loc.starts_with(if tls { "https://" } else { "http://" }),
            "{loc}"
        );
        let pin = srv.fingerprint.clone();
        let version = if tls { "003.003" } else { "003.008" };
        blocking(move || {
            let (answer, stream) = connect(&loc, Some(&s), pin.as_deref());
            assert_eq!(answer.status, 200, "{answer:?}");
            assert_eq!(answer.header("cache-control"), Some("no-cache, no-store"));
            let mut rfb = Rfb::handshake(stream.unwrap(), version);
            assert_eq!(rfb.name, "web-01");
            rfb.set_encodings(&[0]);
            rfb.request(false);
            rfb.read_update();
            assert_eq!((rfb.frame.width, rfb.frame.height), (1024, 768));
            assert!(shows(&rfb.frame, "web-01 login: ", GREY, 0), "tls={tls}");
            assert!(shows(
                &rfb.frame,
                "Debian GNU/Linux 12 (bookworm) web-01 tty1",
                GREY,
                0
            ));
        })
        .await;
        srv.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn typed_keys_echo_as_keysyms_and_scan_codes_and_zrle_gives_the_exact_picture() {
    let srv = server_with(cfg(false)).await;
    let s = session_of(&srv, "root", PASSWORD).await;
    let (vm, loc) = console_of(&srv, "web-01");
    let mut rfb = blocking(move || {
        let (answer, stream) = connect(&loc, Some(&s), None);
        assert_eq!(answer.status, 200);
        let mut rfb = Rfb::handshake(stream.unwrap(), "003.008");
        rfb.set_encodings(&[16, 1, 0, -223, -258]);
        rfb.request(false);
        rfb.read_update();
        assert!(rfb.seen.contains(&-258), "QEMU extended keys acknowledged");
        assert!(rfb.seen.contains(&16), "ZRLE preferred");
        rfb.type_text("root");
        // "x" as a scan code (a US layout's X key), no keysym.
        rfb.qemu_key(true, 0, 0x2d);
        rfb.qemu_key(false, 0, 0x2d);
        assert!(rfb.until(50, |r| shows(&r.frame, "web-01 login: rootx", GREY, 0)));
        rfb.key(true, 0xff0d);
        assert!(rfb.until(50, |r| shows(&r.frame, "Password: ", GREY, 0)));
        rfb.type_text("secret");
        rfb.key(true, 0xff0d);
        rfb.type_text("uname -a");
        rfb.key(true, 0xff0d);
        assert!(rfb.until(50, |r| shows(
            &r.frame,
            "(2024-11-22) x86_64 GNU/Linux",
            GREY,
            0
        )));
        assert!(
            !shows(&rfb.frame, "secret", GREY, 0),
            "passwords are not echoed"
        );
        // Enough output to scroll: the viewer is sent CopyRects.
        for _ in 0..30 {
            rfb.type_text("ls");
            rfb.key(true, 0xff0d);
        }
        let guest_text_done = |r: &Rfb| r.seen.contains(&1);
        assert!(
            rfb.until(200, guest_text_done),
            "scrolling is sent as CopyRect"
        );
        rfb
    })
    .await;
    // Once the guest is quiet, the viewer's picture is exactly the guest's.
    let guest = xenpilot::demo::console::guest(&srv.state, &vm).unwrap();
    let want = guest.lock().unwrap().frame().clone();
    let got = blocking(move || {
        while rfb.frame != want {
            rfb.request(true);
            rfb.read_update();
        }
        rfb.frame
    })
    .await;
    assert_eq!(got.width, 1024);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_refusal_is_xapis() {
    let srv = server_with(cfg(false)).await;
    let root = session_of(&srv, "root", PASSWORD).await;
    let ro = session_of(&srv, RO_USER.0, RO_USER.1).await;
    let op = session_of(&srv, OPERATOR.0, OPERATOR.1).await;
    let (_, web01) = console_of(&srv, "web-01");
    let (_, web10) = console_of(&srv, "web-10");
    let dom0 = dom0_console(&srv);
    let addr_of = |loc: &str| {
        reqwest::Url::parse(loc)
            .unwrap()
            .host_str()
            .unwrap()
            .to_string()
    };
    assert_ne!(
        addr_of(&web01),
        addr_of(&web10),
        "web-10 runs on the other host"
    );
    // web-10's console asked at web-01's host.
    let wrong_host = web10.replace(&addr_of(&web10), &addr_of(&web01));
    let query_session = format!("{web01}&session_id={root}");
    let cases: Vec<(&str, String, Option<String>, u16, &str)> = vec![
        ("no session", web01.clone(), None, 401, ""),
        (
            "bad session",
            web01.clone(),
            Some("OpaqueRef:nope".into()),
            401,
            "",
        ),
        ("session in the query", query_session, None, 200, ""),
        (
            "read-only",
            web01.clone(),
            Some(ro.clone()),
            403,
            "forbidden",
        ),
        (
            "VM operator, a VM",
            web01.clone(),
            Some(op.clone()),
            200,
            "",
        ),
        (
            "VM operator, a host",
            dom0.clone(),
            Some(op.clone()),
            500,
            "RBAC_PERMISSION_DENIED",
        ),
        (
            "pool admin, a host",
            dom0.clone(),
            Some(root.clone()),
            200,
            "",
        ),
        (
            "wrong host",
            wrong_host,
            Some(root.clone()),
            500,
            "Console.Failure",
        ),
    ];
    for (what, loc, cookie, status, body) in cases {
        let (answer, stream) = blocking(move || connect(&loc, cookie.as_deref(), None)).await;
        assert_eq!(answer.status, status, "{what}: {answer:?}");
        assert!(answer.body.contains(body), "{what}: {}", answer.body);
        if status == 401 {
            assert_eq!(
                answer.header("www-authenticate"),
                Some("Basic realm=\"connect_console\""),
                "{what}"
            );
        }
        drop(stream);
    }

    // A halted VM has no console: its old location, and its VM uuid, fail.
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (vm, _) = console_of(&srv, "web-01");
    s.call("VM.hard_shutdown", &[json!(vm)]).await.unwrap();
    let consoles = srv
        .state
        .read(|db| db.field("VM", &vm, "consoles").cloned());
    assert_eq!(consoles, Some(json!([])));
    let uuid = srv
        .state
        .read(|db| db.field("VM", &vm, "uuid").cloned().unwrap());
    let by_vm = format!(
        "{}?uuid={}",
        web01.split('?').next().unwrap(),
        uuid.as_str().unwrap()
    );
    for loc in [web01.clone(), by_vm] {
        let r = root.clone();
        let (answer, _) = blocking(move || connect(&loc, Some(&r), None)).await;
        assert_eq!(answer.status, 500, "{answer:?}");
    }

    // A console with no address (an RDP one): 404.
    let (vm2, loc2) = console_of(&srv, "db-primary");
    let rdp = "00000000-0000-4000-8000-00000000rdp0".replace("rdp0", "0001");
    srv.state.write(|db| {
        let f = json!({"uuid": rdp, "protocol": "rdp", "location": "", "VM": vm2, "other_config": {}, "port": -1});
        db.insert("console", "OpaqueRef:rdp", f.as_object().unwrap().clone());
    });
    let loc = format!("{}?uuid={rdp}", loc2.split('?').next().unwrap());
    let r = root.clone();
    let (answer, _) = blocking(move || connect(&loc, Some(&r), None)).await;
    assert_eq!(answer.status, 404, "{answer:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn with_limit_console_sessions_a_second_viewer_gets_503_naming_the_first() {
    let srv = server_with(cfg(false)).await;
    let root = session_of(&srv, "root", PASSWORD).await;
    let op = session_of(&srv, OPERATOR.0, OPERATOR.1).await;
    srv.state.write(|db| {
        let pool = db
            .table("pool")
            .unwrap()
            .rows
            .keys()
            .next()
            .unwrap()
            .clone();
        db.set_field("pool", &pool, "limit_console_sessions", Value::Bool(true));
    });
    let (vm, loc) = console_of(&srv, "web-01");
    let l = loc.clone();
    let first = blocking(move || {
        let (answer, stream) = connect(&l, Some(&root), None);
        assert_eq!(answer.status, 200);
        Rfb::handshake(stream.unwrap(), "003.008")
    })
    .await;
    let (l, o) = (loc.clone(), op.clone());
    let (answer, _) = blocking(move || connect(&l, Some(&o), None)).await;
    assert_eq!(answer.status, 503, "{answer:?}");
    assert!(
        answer.status_line.contains("Connection Limit Exceeded"),
        "{answer:?}"
    );
    assert!(
        answer.body.contains("User 'root' is currently connected"),
        "{}",
        answer.body
    );
    drop(first);
    while srv.state.consoles.viewer_count(&vm) > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let (answer, _) = blocking(move || connect(&loc, Some(&op), None)).await;
    assert_eq!(answer.status, 200, "the console is free again");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reboot_ends_the_session_replaces_the_console_and_changes_the_resolution() {
    let srv = server_with(cfg(false)).await;
    let root = session_of(&srv, "root", PASSWORD).await;
    let (vm, loc) = console_of(&srv, "web-01");
    let r = root.clone();
    let mut rfb = blocking(move || {
        let (_, stream) = connect(&loc, Some(&r), None);
        let mut rfb = Rfb::handshake(stream.unwrap(), "003.008");
        rfb.set_encodings(&[0, -223]);
        rfb.request(false);
        rfb.read_update();
        rfb
    })
    .await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let token = s
        .call("event.from", &[json!(["console"]), json!(""), json!(0.0)])
        .await
        .unwrap();
    let token = token["token"].clone();
    let old_console = srv
        .state
        .read(|db| db.field("VM", &vm, "consoles").unwrap()[0].clone());
    s.call("VM.clean_reboot", &[json!(vm)]).await.unwrap();
    assert!(
        blocking(move || rfb.wait_closed()).await,
        "the old domain's console closes"
    );
    // Clients watching `console` see the old one go and a new one come.
    let events = s
        .call("event.from", &[json!(["console"]), token, json!(1.0)])
        .await
        .unwrap();
    let ops: Vec<(String, Value)> = events["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["operation"].as_str().unwrap().to_string(),
                e["ref"].clone(),
            )
        })
        .collect();
    assert!(
        ops.contains(&("del".into(), old_console.clone())),
        "{ops:?}"
    );
    assert!(
        ops.iter().any(|(op, r)| op == "add" && *r != old_console),
        "{ops:?}"
    );
    let (_, new_loc) = console_of(&srv, "web-01");
    let frame: Frame = blocking(move || {
        let (answer, stream) = connect(&new_loc, Some(&root), None);
        assert_eq!(answer.status, 200);
        let mut rfb = Rfb::handshake(stream.unwrap(), "003.008");
        rfb.set_encodings(&[0, -223]);
        rfb.request(false);
        rfb.read_update();
        // Booting in text mode, then the console's resolution for this boot.
        assert!(rfb.until(500, |r| r.frame.width == 800));
        assert!(rfb.until(50, |r| shows(&r.frame, "web-01 login: ", GREY, 0)));
        rfb.frame
    })
    .await;
    assert_eq!((frame.width, frame.height), (800, 600));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_idle_viewer_is_disconnected_after_the_pools_timeout() {
    let srv = server_with(cfg(false)).await;
    let root = session_of(&srv, "root", PASSWORD).await;
    srv.state.write(|db| {
        let pool = db
            .table("pool")
            .unwrap()
            .rows
            .keys()
            .next()
            .unwrap()
            .clone();
        db.set_field("pool", &pool, "vm_console_idle_timeout", json!(1));
    });
    let (_, loc) = console_of(&srv, "web-01");
    let closed = blocking(move || {
        let (_, stream) = connect(&loc, Some(&root), None);
        let mut rfb = Rfb::handshake(stream.unwrap(), "003.008");
        rfb.wait_closed()
    })
    .await;
    assert!(closed);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_windows_guest_shows_its_lock_screen_and_cursor_and_takes_ctrl_alt_del() {
    let srv = server_with(cfg(false)).await;
    let root = session_of(&srv, "root", PASSWORD).await;
    let (_, loc) = console_of(&srv, "win-ad-01");
    blocking(move || {
        let (_, stream) = connect(&loc, Some(&root), None);
        let mut rfb = Rfb::handshake(stream.unwrap(), "003.008");
        rfb.set_encodings(&[0, -239, -223]);
        rfb.request(false);
        rfb.read_update();
        assert!(rfb.seen.contains(&-239), "the guest's pointer shape");
        let blue = 0x0b3d91;
        assert!(shows(
            &rfb.frame,
            "Press Ctrl+Alt+Delete to unlock.",
            0xffffff,
            blue
        ));
        for k in [0xffe3, 0xffe9, 0xffff] {
            rfb.key(true, k);
        }
        assert!(rfb.until(20, |r| shows(&r.frame, "Password", 0x808080, 0xffffff)));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn viewers_share_the_guest_and_the_pointer_works_on_the_host_console() {
    let srv = server_with(cfg(false)).await;
    let root = session_of(&srv, "root", PASSWORD).await;
    let (_, web01) = console_of(&srv, "web-01");
    let dom0 = dom0_console(&srv);
    blocking(move || {
        let open = |loc: &str| {
            let (answer, stream) = connect(loc, Some(&root), None);
            assert_eq!(answer.status, 200);
            let mut rfb = Rfb::handshake(stream.unwrap(), "003.008");
            rfb.set_encodings(&[0]);
            rfb.request(false);
            rfb.read_update();
            rfb
        };
        // What one viewer types, the other sees.
        let (mut a, mut b) = (open(&web01), open(&web01));
        a.type_text("shared");
        assert!(b.until(20, |r| shows(&r.frame, "web-01 login: shared", GREY, 0)));
        // A click on xsconsole's menu selects the item: its page's title shows.
        let mut host = open(&dom0);
        let pane = 0xd8d8d8;
        let selected = |r: &Rfb, item: &str| shows(&r.frame, item, 0xffffff, 0x2a62b8);
        assert!(selected(&host, "Status Display"));
        assert!(!selected(&host, "Virtual Machines"));
        let (x, y) = (3 * 8 + 4, (4 + 3) * 16 + 8); // "Virtual Machines", 4th item
        host.pointer(1, x, y);
        host.pointer(0, x, y);
        assert!(host.until(20, |r| selected(r, "Virtual Machines")));
        assert!(!selected(&host, "Status Display"));
        // Its page, on the right, has its title.
        assert!(shows(
            &host.frame,
            "Press <Enter> to open this page.",
            0x101010,
            pane
        ));
    })
    .await;
}

/// Reads `s` until the server closes it: `false` when it stays open (the read times out).
fn closes(s: &mut std::io::BufReader<Box<dyn crate::rfb_client::Stream>>) -> bool {
    use std::io::Read;
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) => {
                return !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn tunnels_end_with_their_session_and_are_counted_per_session() {
    use xenpilot::demo::console::MAX_TUNNELS_PER_SESSION as MAX;
    let srv = server_with(cfg(false)).await;
    let s = Session::login(
        &srv.url,
        Credentials::new("root", PASSWORD),
        opts(Protocol::JsonRpc),
    )
    .await
    .unwrap();
    let root = s.session_ref();
    let (_, loc) = console_of(&srv, "web-01");
    // Opened and left before the RFB handshake, up to the session's share; one more is
    // refused.
    let streams = blocking(move || {
        let mut v = Vec::new();
        for _ in 0..MAX {
            let (a, st) = connect(&loc, Some(&root), None);
            assert_eq!(a.status, 200);
            v.push(st.unwrap());
        }
        let (a, _) = connect(&loc, Some(&root), None);
        assert_eq!(a.status, 503, "{}", a.body);
        v
    })
    .await;
    assert_eq!(srv.state.consoles.tunnel_count(), MAX);
    // Logging out closes them all, and the count goes back to nothing.
    s.logout().await.unwrap();
    let all_closed = blocking(move || streams.into_iter().all(|mut st| closes(&mut st))).await;
    assert!(all_closed);
    for _ in 0..50 {
        if srv.state.consoles.tunnel_count() == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(srv.state.consoles.tunnel_count(), 0);
}
