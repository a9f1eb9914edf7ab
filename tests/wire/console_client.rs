//! The app's console client (`xenpilot::services::console`, `rfb`) against the demo server's consoles, over http and https: the tunnel to
//! the VM's own host (each demo host has its own loopback address), the picture, keys that
//! reach the guest, a reboot, and every refusal: VM not running, a read-only role, a host
//! console without Pool Admin, the console limit naming who is connected, the idle timeout,
//! and a member's certificate that is not trusted yet.

use crate::common::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use xenpilot::demo::{DemoServer, TlsIdentity};
use xenpilot::rfb::client::lock;
use xenpilot::rfb::{Input, RfbError};
use xenpilot::services::console::{self, Failure, Target};
use xenpilot::xenapi::console::ConsoleError;
use xenpilot::xenapi::{Credentials, Rejection, Session, TransportOptions, known_host_key};

const OPERATOR: (&str, &str) = ("operator", "op-pass");

fn cfg() -> xenpilot::demo::DemoConfig {
    let mut c = config();
    c.vm_operator_user = Some((OPERATOR.0.into(), OPERATOR.1.into()));
    c
}

fn row_ref(srv: &DemoServer, class: &str, pred: impl Fn(&Value) -> bool) -> String {
    srv.state.read(|db| {
        let t = db.table(class).unwrap();
        t.rows
            .iter()
            .find(|(r, _)| pred(&db.record(class, r).unwrap()))
            .map(|(r, _)| r.clone())
            .unwrap()
    })
}

fn vm(srv: &DemoServer, name: &str) -> String {
    row_ref(srv, "VM", |v| v["name_label"] == name)
}

fn set_pool(srv: &DemoServer, field: &str, value: Value) {
    let pool = row_ref(srv, "pool", |_| true);
    srv.state
        .write(|db| db.set_field("pool", &pool, field, value));
}

async fn login(srv: &DemoServer, user: (&str, &str), opts: TransportOptions) -> Session {
    Session::login(&srv.url, Credentials::new(user.0, user.1), opts)
        .await
        .unwrap()
}

async fn target(s: &Session, vm: &str, host_console: bool) -> Target {
    Target {
        vm: vm.to_string(),
        name: vm.to_string(),
        host_console,
        pool_hosts: console::pool_hosts(s).await,
    }
}

async fn open(
    s: &Session,
    t: &Target,
    pins: &BTreeMap<String, String>,
) -> Result<console::Opened, Failure> {
    console::open(s, t, pins, Arc::new(|| {})).await
}

async fn first_update(o: &console::Opened) {
    for _ in 0..200 {
        if lock(&o.client.screen).updates > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("no framebuffer update in 5 s");
}

/// Whether the console's picture shows `text` in the demo guest's font, grey on black.
fn screen_shows(o: &console::Opened, text: &str) -> bool {
    use crate::rfb_client::shows;
    use xenpilot::demo::console::font::Frame;
    let s = lock(&o.client.screen);
    let mut frame = Frame::new(usize::from(s.width), usize::from(s.height), 0);
    for (d, p) in frame.pixels.iter_mut().zip(s.pixels.chunks_exact(4)) {
        *d = u32::from(p[0]) << 16 | u32::from(p[1]) << 8 | u32::from(p[2]);
    }
    shows(&frame, text, 0xaaaaaa, 0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vm_console_over_http_reaches_its_own_host_and_echoes_keys() {
    let srv = server_with(cfg()).await;
    let s = login(&srv, ("root", PASSWORD), TransportOptions::default()).await;
    let t = target(&s, &vm(&srv, "web-02"), false).await;
    let o = open(&s, &t, &BTreeMap::new()).await.unwrap();
    // web-02 runs on the second host: its console is on that host's own address.
    assert_ne!(
        o.host,
        known_host_key(s.base_url()),
        "the tunnel goes to the VM's host, not the master"
    );
    assert!(
        t.pool_hosts.iter().any(|h| o.host.starts_with(h.as_str())),
        "{}",
        o.host
    );
    first_update(&o).await;
    let (w, h, lit) = {
        let sc = lock(&o.client.screen);
        let lit = sc
            .pixels
            .chunks_exact(4)
            .filter(|p| p[..3] != [0, 0, 0])
            .count();
        (sc.width, sc.height, lit)
    };
    assert!(w >= 640 && h >= 400, "{w}×{h}");
    assert!(lit > 1000, "a picture, not a black screen");
    assert!(
        lock(&o.client.screen).ext_keys,
        "the demo acknowledges scan codes"
    );
    // Keys reach the guest, which echoes them at its login prompt.
    for c in ['r', 'o', 'o', 't'] {
        let (keysym, xt, _) = xenpilot::rfb::typing::us_key(c).unwrap();
        for down in [true, false] {
            o.client.send(Input::Key {
                down,
                keysym,
                xt: Some(xt),
            });
        }
    }
    let mut echoed = false;
    for _ in 0..100 {
        if screen_shows(&o, "web-02 login: root") {
            echoed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(echoed, "the guest echoes the keys");
}

/// Giving the keyboard back (Right Ctrl in the app) sends the key-up of every key the guest
/// saw pressed: a Ctrl held at that moment does not stay held, so a later `c` is a `c` and
/// not ^C.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn releasing_the_keyboard_releases_every_key_the_guest_saw_pressed() {
    let srv = server_with(cfg()).await;
    let s = login(&srv, ("root", PASSWORD), TransportOptions::default()).await;
    let t = target(&s, &vm(&srv, "web-02"), false).await;
    let o = open(&s, &t, &BTreeMap::new()).await.unwrap();
    first_update(&o).await;
    let mut held = xenpilot::rfb::HeldKeys::default();
    let mut send = |i: Input| {
        held.note(&i);
        o.client.send(i);
    };
    // Left Ctrl goes down; then the user presses the release key (never sent).
    send(Input::Key {
        down: true,
        keysym: 0xffe3,
        xt: Some(0x1d),
    });
    for up in held.release_all() {
        o.client.send(up);
    }
    // Back in the guest later: `c` is typed at the login prompt.
    let (keysym, xt, _) = xenpilot::rfb::typing::us_key('c').unwrap();
    for down in [true, false] {
        o.client.send(Input::Key {
            down,
            keysym,
            xt: Some(xt),
        });
    }
    let mut typed = false;
    for _ in 0..100 {
        if screen_shows(&o, "web-02 login: c") {
            typed = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(typed, "the guest got a plain c");
    assert!(!screen_shows(&o, "^C"), "Ctrl was not left held");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_are_typed() {
    let srv = server_with(cfg()).await;
    let root = login(&srv, ("root", PASSWORD), TransportOptions::default()).await;
    let none = BTreeMap::new();
    // A halted VM.
    let t = target(&root, &vm(&srv, "db-replica"), false).await;
    let e = open(&root, &t, &none).await.err().unwrap();
    assert!(
        matches!(e, Failure::Console(ConsoleError::VmNotRunning)),
        "{e}"
    );
    // A read-only user: 403.
    let ro = login(&srv, RO_USER, TransportOptions::default()).await;
    let t = target(&ro, &vm(&srv, "web-01"), false).await;
    let e = open(&ro, &t, &none).await.err().unwrap();
    assert!(
        matches!(
            e,
            Failure::Console(ConsoleError::Forbidden {
                host_console: false
            })
        ),
        "{e}"
    );
    // A VM operator: a VM's console yes, a host's (its control domain's) no.
    let op = login(&srv, OPERATOR, TransportOptions::default()).await;
    let t = target(&op, &vm(&srv, "web-01"), false).await;
    let o = open(&op, &t, &none).await.unwrap();
    first_update(&o).await;
    let dom0 = row_ref(&srv, "VM", |v| v["is_control_domain"] == json!(true));
    let t = target(&op, &dom0, true).await;
    let e = open(&op, &t, &none).await.err().unwrap();
    assert!(
        matches!(
            e,
            Failure::Console(ConsoleError::Forbidden { host_console: true })
        ),
        "{e}"
    );
    // root may open the host console.
    let t = target(&root, &dom0, true).await;
    let host = open(&root, &t, &none).await.unwrap();
    first_update(&host).await;
    // The console limit: a second viewer gets 503, naming who is connected.
    set_pool(&srv, "limit_console_sessions", json!(true));
    let t = target(&root, &vm(&srv, "web-01"), false).await;
    let e = open(&root, &t, &none).await.err().unwrap();
    let Failure::Console(ConsoleError::Limit { connected }) = &e else {
        panic!("expected the limit, got {e}");
    };
    assert_eq!(
        connected, OPERATOR.0,
        "xapi's body names the user, and only that"
    );
    set_pool(&srv, "limit_console_sessions", json!(false));
    // A session that has ended (expired, logged out) between finding the console and
    // connecting: xapi's 401, said as such, not as a role too weak.
    let gone = login(&srv, ("root", PASSWORD), TransportOptions::default()).await;
    let location = console::rfb_location(&gone, &json!(vm(&srv, "web-01")))
        .await
        .unwrap();
    let stale = gone.session_ref();
    gone.logout().await.unwrap();
    let req = xenpilot::xenapi::console::ConsoleRequest {
        location,
        pool_url: gone.base_url().clone(),
        session_ref: stale,
        pool_hosts: t.pool_hosts.clone(),
        pins: BTreeMap::new(),
        host_console: false,
        timeout: Duration::from_secs(10),
    };
    let e = xenpilot::xenapi::console::open(&req).await.err().unwrap();
    assert_eq!(e, ConsoleError::SessionExpired);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_idle_timeout_and_a_reboot_end_the_stream() {
    let srv = server_with(cfg()).await;
    let s = login(&srv, ("root", PASSWORD), TransportOptions::default()).await;
    set_pool(&srv, "vm_console_idle_timeout", json!(1));
    let vm_ref = vm(&srv, "web-01");
    let t = target(&s, &vm_ref, false).await;
    let o = open(&s, &t, &BTreeMap::new()).await.unwrap();
    assert_eq!(
        o.idle_timeout, 1,
        "the client knows the pool's idle timeout"
    );
    let e = tokio::time::timeout(Duration::from_secs(10), o.client.wait_closed())
        .await
        .expect("closed by the idle timeout");
    assert!(matches!(e, RfbError::Closed), "{e}");
    set_pool(&srv, "vm_console_idle_timeout", json!(0));
    // A reboot: the stream ends, and the console comes back (a new console object).
    let o = open(&s, &t, &BTreeMap::new()).await.unwrap();
    first_update(&o).await;
    let first_location = o.location.clone();
    s.call("VM.clean_reboot", &[json!(vm_ref)]).await.unwrap();
    let e = tokio::time::timeout(Duration::from_secs(10), o.client.wait_closed())
        .await
        .expect("the reboot ends the stream");
    assert!(matches!(e, RfbError::Closed | RfbError::Io(_)), "{e}");
    let mut again = None;
    for _ in 0..40 {
        if let Ok(o) = open(&s, &t, &BTreeMap::new()).await {
            again = Some(o);
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let again = again.expect("the console is back after the reboot");
    assert_ne!(
        again.location, first_location,
        "a new console after the reboot"
    );
    first_update(&again).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_https_a_members_certificate_must_be_trusted() {
    let mut c = cfg();
    c.tls = Some(TlsIdentity::generate(&["127.0.0.1".into()]).unwrap());
    let srv = server_with(c).await;
    let fp = srv.fingerprint.clone().unwrap();
    let master = known_host_key(&reqwest::Url::parse(&srv.url).unwrap());
    let opts = TransportOptions {
        pins: BTreeMap::from([(master, fp.clone())]),
        ..TransportOptions::default()
    };
    let s = login(&srv, ("root", PASSWORD), opts).await;
    let t = target(&s, &vm(&srv, "web-02"), false).await;
    // The member (its own address) is not pinned: refused, with what to trust.
    let e = open(&s, &t, &BTreeMap::new()).await.err().unwrap();
    let Failure::Console(ConsoleError::Certificate(r)) = &e else {
        panic!("expected a certificate refusal, got {e}");
    };
    let Rejection::Untrusted { host, cert, .. } = r.as_ref() else {
        panic!("{r:?}");
    };
    assert_eq!(cert.sha256, fp);
    // Trusted: the console opens over TLS.
    let pins = BTreeMap::from([(host.clone(), fp.clone())]);
    let o = open(&s, &t, &pins).await.unwrap();
    first_update(&o).await;
    // A different pin for the member: the change is refused.
    let wrong = BTreeMap::from([(host.clone(), "00:11".to_string())]);
    let e = open(&s, &t, &wrong).await.err().unwrap();
    assert!(
        matches!(&e, Failure::Console(ConsoleError::Certificate(r)) if matches!(r.as_ref(), Rejection::Changed { .. })),
        "{e}"
    );
}
