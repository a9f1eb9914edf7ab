//! File > Connect… driven through the real app against demo servers on loopback: a wrong
//! password shown in place with the input kept, Remember (the password in the keyring, never
//! in the server list), a self-signed certificate shown, trusted and pinned, Cancel; and
//! screenshots of the dialog.

use crate::common::{PASSWORD, config, server_with};
use crate::harness::{LIVE_MAX_STEPS, open_first_vif_form, set_password, set_text, shows, wait};
use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotResults};
use std::sync::Arc;
use std::time::Duration;
use xenpilot::demo::{self, DemoConfig, DemoServer, TlsIdentity};
use xenpilot::model::tree::Node;
use xenpilot::store::servers::{KeyringError, MemorySecrets, SecretStore, ServerStore};
use xenpilot::ui::{Source, Status, XenPilotApp};

struct Setup {
    rt: tokio::runtime::Runtime,
    dir: tempfile::TempDir,
    secrets: Arc<MemorySecrets>,
}

impl Setup {
    fn new() -> Setup {
        Setup {
            rt: tokio::runtime::Runtime::new().unwrap(),
            dir: tempfile::tempdir().unwrap(),
            secrets: Arc::new(MemorySecrets::default()),
        }
    }

    fn server(&self, config: DemoConfig) -> DemoServer {
        self.rt.block_on(server_with(config))
    }

    /// The app with no pool yet, its settings and server list in a temporary directory.
    fn app(&self, lang: &str) -> Harness<'static, XenPilotApp> {
        self.app_sized(lang, egui::vec2(1100.0, 760.0))
    }

    fn app_sized(&self, lang: &str, size: egui::Vec2) -> Harness<'static, XenPilotApp> {
        let handle = self.rt.handle().clone();
        let settings = self.dir.path().join("settings.json");
        let secrets: Arc<dyn SecretStore> = self.secrets.clone();
        let lang = lang.to_string();
        let mut h = Harness::builder()
            // A live connection repaints as events arrive: let run() take a few more frames.
            .with_max_steps(LIVE_MAX_STEPS)
            .with_size(size)
            .with_theme(egui::Theme::Light)
            .build_eframe(move |cc| {
                let mut app = XenPilotApp::new(Source::Static, Some(handle), Some(settings));
                app.secrets = secrets;
                app.i18n.select(&lang);
                app.setup(&cc.egui_ctx);
                app
            });
        h.run();
        h
    }

    fn servers(&self) -> ServerStore {
        ServerStore::load(&self.dir.path().join("servers.json"))
    }
}

fn open_dialog(h: &mut Harness<'_, XenPilotApp>) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert!(h.state_mut().connect_dialog().is_some(), "Ctrl+N opens it");
}

fn fill(h: &mut Harness<'_, XenPilotApp>, url: &str, password: &str) {
    set_text(h, "Server", url);
    set_text(h, "User name", "root");
    set_password(h, "Password", password);
}

/// Enter connects from any field of the dialog, not only the password; and the dialog stays
/// where it is while an error comes and goes.
#[test]
fn enter_connects_from_the_server_field_and_the_dialog_does_not_move() {
    let s = Setup::new();
    let srv = s.server(config());
    let mut h = s.app("en-US");
    open_dialog(&mut h);
    let corner = |h: &Harness<'_, XenPilotApp>| {
        let r = h
            .get_by_role_and_label(egui::accesskit::Role::Window, "Connect to a server")
            .accesskit_node()
            .bounding_box()
            .expect("the dialog's bounds");
        (r.x0, r.y0)
    };
    fill(&mut h, &srv.url, "wrong");
    let before = corner(&h);
    set_text(&mut h, "User name", "root");
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |h| shows(h, "refused the user name or password"),
        "the login error, from Enter in the user field",
    );
    assert_eq!(corner(&h), before, "the error did not move the dialog");
    set_password(&mut h, "Password", PASSWORD);
    set_text(&mut h, "Server", &srv.url);
    h.key_press(egui::Key::Enter);
    wait(&mut h, |h| h.query_by_label("web-01").is_some(), "the tree");
}

#[test]
fn a_wrong_password_is_shown_with_the_input_kept_then_remember_saves_it_in_the_keyring() {
    let s = Setup::new();
    let srv = s.server(config());
    let mut h = s.app("en-US");
    open_dialog(&mut h);
    fill(&mut h, &srv.url, "wrong");
    h.get_by_label("Connect").click();
    wait(
        &mut h,
        |h| shows(h, "refused the user name or password"),
        "the login error",
    );
    {
        let d = h
            .state_mut()
            .connect_dialog()
            .expect("the dialog stays open");
        assert_eq!(d.address, srv.url, "what was typed is kept");
        assert_eq!(d.password, "wrong");
    }
    assert!(s.servers().servers.is_empty(), "nothing saved on failure");

    set_password(&mut h, "Password", PASSWORD);
    h.get_by_label("Remember (the password goes to the system keyring)")
        .click();
    h.run();
    h.get_by_label("Connect").click();
    wait(&mut h, |h| h.query_by_label("web-01").is_some(), "the tree");
    assert!(
        h.state_mut().connect_dialog().is_none(),
        "the dialog closes"
    );
    assert!(matches!(h.state().status(), Status::Connected(_)));
    assert!(shows(&h, "Not encrypted"), "plain http is marked");

    let saved = s.servers();
    assert_eq!(saved.servers.len(), 1);
    assert_eq!(saved.servers[0].address, srv.url);
    assert!(saved.servers[0].remember);
    let file = std::fs::read_to_string(s.dir.path().join("servers.json")).unwrap();
    assert!(!file.contains(PASSWORD), "no password on disk: {file}");
    let account = xenpilot::store::servers::account(&srv.url, "root");
    for _ in 0..200 {
        if s.secrets.get(&account).unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(s.secrets.get(&account).unwrap().as_deref(), Some(PASSWORD));

    // Next time the saved server fills the dialog, password from the keyring.
    let mut h = s.app("en-US");
    open_dialog(&mut h);
    assert_eq!(h.state_mut().connect_dialog().unwrap().address, srv.url);
}

#[test]
fn a_self_signed_certificate_is_shown_then_trusted_and_pinned() {
    let s = Setup::new();
    let mut cfg = config();
    cfg.tls = Some(TlsIdentity::generate(&["127.0.0.1".into()]).unwrap());
    let srv = s.server(cfg);
    let fp = srv.fingerprint.clone().unwrap();
    let mut h = s.app("en-US");
    open_dialog(&mut h);
    fill(&mut h, &srv.url, PASSWORD);
    h.get_by_label("Connect").click();
    wait(&mut h, |h| shows(h, &fp), "the certificate");
    assert!(shows(
        &h,
        "is not signed by an authority this computer trusts"
    ));
    assert!(
        s.servers().trusted_certificates.is_empty(),
        "not before asked"
    );
    h.get_by_label("Trust and connect").click();
    wait(&mut h, |h| h.query_by_label("web-01").is_some(), "the tree");
    assert!(!shows(&h, "Not encrypted"));
    let key = format!("127.0.0.1:{}", srv.addr.port());
    assert_eq!(s.servers().trusted_certificates.get(&key), Some(&fp));
}

#[test]
fn cancel_abandons_a_login_in_progress() {
    let s = Setup::new();
    let mut cfg = config();
    cfg.auth_failure_delay = Duration::from_millis(1500);
    let srv = s.server(cfg);
    let mut h = s.app("en-US");
    open_dialog(&mut h);
    fill(&mut h, &srv.url, "wrong");
    h.get_by_label("Connect").click();
    h.run_steps(2);
    assert!(h.state_mut().connect_dialog().unwrap().is_connecting());
    assert!(
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Server")
            .accesskit_node()
            .is_disabled(),
        "the fields wait while connecting"
    );
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert!(!h.state_mut().connect_dialog().unwrap().is_connecting());
    std::thread::sleep(Duration::from_millis(1800));
    h.run_steps(3);
    assert!(
        !shows(&h, "refused the user name or password"),
        "the abandoned login reports nothing"
    );
    // Escape closes the dialog.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state_mut().connect_dialog().is_none());
}

#[test]
fn screenshots_of_the_connect_dialog() {
    let s = Setup::new();
    let srv = s.server(config());
    let mut results = SnapshotResults::new();
    for (lang, labels, err) in [
        (
            "en-US",
            ["Server", "User name", "Password", "Connect"],
            "refused the user name",
        ),
        (
            "ja",
            ["サーバー", "ユーザー名", "パスワード", "接続"],
            "拒否しました",
        ),
    ] {
        let mut h = s.app(lang);
        open_dialog(&mut h);
        set_text(&mut h, labels[0], &srv.url);
        set_text(&mut h, labels[1], "root");
        set_password(&mut h, labels[2], "wrong");
        h.get_by_label(labels[3]).click();
        wait(&mut h, |h| shows(h, err), "the login error");
        // A fixed address in the picture: the demo server's port changes from run to run.
        let d = h.state_mut().connect_dialog().unwrap();
        d.address = "http://pool-master.example:8080".into();
        if let Some(e) = d.error.as_mut() {
            e.host = "pool-master.example:8080".into();
        }
        // The pointer away from the dialog, so it hides nothing in the picture.
        h.hover_at(egui::pos2(900.0, 650.0));
        h.run();
        results.add(h.try_snapshot(format!("connect-error-{lang}")));
    }
}

#[test]
fn screenshot_of_the_certificate_prompt() {
    let s = Setup::new();
    let mut h = s.app("en-US");
    open_dialog(&mut h);
    // A fixed certificate in the picture: a generated one differs on every run.
    let fp = (0..32)
        .map(|i| format!("{:02X}", i * 7 % 256))
        .collect::<Vec<_>>()
        .join(":");
    h.state_mut().connect_dialog().unwrap().stage =
        xenpilot::ui::connect_dialog::Stage::Untrusted(xenpilot::xenapi::Rejection::Untrusted {
            host: "xcp-host-01.example:443".into(),
            cert: xenpilot::xenapi::CertInfo {
                subject: "CN=xcp-host-01.example".into(),
                issuer: "CN=xcp-host-01.example".into(),
                not_before: "Thu, 01 Jan 2026 00:00:00 +0000".into(),
                not_after: "Tue, 01 Jan 2036 00:00:00 +0000".into(),
                sha256: fp.clone(),
            },
            reason: "invalid peer certificate: UnknownIssuer".into(),
        });
    h.run();
    assert!(shows(&h, &fp));
    assert!(h.query_by_label("Trust and connect").is_some());
    h.snapshot("connect-certificate-en-US");
}

fn connect_via_dialog(h: &mut Harness<'_, XenPilotApp>, url: &str) {
    open_dialog(h);
    fill(h, url, PASSWORD);
    h.get_by_label("Connect").click();
    h.run_steps(2);
}

fn wait_for(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    wait(
        h,
        |h| h.query_all_by_label(label).next().is_some(),
        &format!("“{label}”"),
    );
}

/// Waits until the server holds `n` sessions (logouts run in the background); fails after
/// about nine seconds, as `wait` does: a loaded machine may take seconds.
fn wait_sessions(srv: &DemoServer, n: usize) {
    for _ in 0..900 {
        if srv.state.session_count() == n {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("{} sessions, expected {n}", srv.state.session_count());
}

/// The demo pool and a generated one ("Generated pool (3 VMs)"), both connected through the
/// dialog in a window tall enough for both pools' rows (the list lays out only rows in view).
fn two_pools(s: &Setup) -> (DemoServer, DemoServer, Harness<'static, XenPilotApp>) {
    let a = s.server(config());
    let generated = demo::generator::generate("vms=3,hosts=1".parse().unwrap());
    let b =
        s.rt.block_on(DemoServer::start(
            generated,
            config(),
            ([127, 0, 0, 1], 0).into(),
        ))
        .unwrap();
    let mut h = s.app_sized("en-US", egui::vec2(1100.0, 1400.0));
    connect_via_dialog(&mut h, &a.url);
    wait_for(&mut h, "XenPilot Demo Pool");
    connect_via_dialog(&mut h, &b.url);
    wait_for(&mut h, "Generated pool (3 VMs)");
    (a, b, h)
}

#[test]
fn several_pools_at_once_each_disconnected_and_reconnected_on_its_own() {
    let s = Setup::new();
    let (a, b, mut h) = two_pools(&s);
    assert_eq!(h.state().pools.len(), 2);
    assert!(h.query_all_by_label("XenPilot Demo Pool").next().is_some());

    // The same pool again is refused, and said so; what was picked stays picked.
    h.query_all_by_label("web-01").next().unwrap().click();
    h.run();
    h.query_all_by_label("web-02")
        .next()
        .unwrap()
        .click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    let picked = (h.state().nav.selected.clone(), h.state().nav.multi.clone());
    assert_eq!(picked.1.len(), 2);
    connect_via_dialog(&mut h, &a.url);
    wait(
        &mut h,
        |h| shows(h, "is already shown"),
        "the duplicate notice",
    );
    assert_eq!(h.state().pools.len(), 2);
    assert_eq!(
        (h.state().nav.selected.clone(), h.state().nav.multi.clone()),
        picked,
        "the selection and the multi-selection are given back"
    );
    // Said in the dialog, where the address was typed, and the address is kept.
    let d = h.state_mut().connect_dialog().expect("the dialog says it");
    assert_eq!(d.address, a.url);
    assert_eq!(d.already_shown.as_deref(), Some("XenPilot Demo Pool"));
    h.key_press(egui::Key::Escape);
    h.run();
    wait_sessions(&a, 1);

    // Disconnect the demo pool from its context menu: it stays, greyed; the other is untouched.
    h.query_all_by_label("XenPilot Demo Pool")
        .next()
        .unwrap()
        .click_secondary();
    h.run();
    // Right-click selected it: the details pane shows what the menu acts on.
    assert!(matches!(h.state().nav.selected, Some(Node::Pool(_))));
    h.query_all_by_label("Disconnect").next().unwrap().click();
    h.run();
    // Disconnecting asks first, naming the pool; Enter confirms.
    assert!(shows(&h, "Disconnect from XenPilot Demo Pool?"));
    assert_eq!(b.state.session_count(), 1);
    assert_eq!(
        a.state.session_count(),
        1,
        "nothing happens before the answer"
    );
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    let placeholder = format!("{} (Disconnected)", a.url);
    wait_for(&mut h, &placeholder);
    assert!(h.query_all_by_label("web-01").next().is_none());
    assert!(
        h.query_all_by_label("Generated pool (3 VMs)")
            .next()
            .is_some()
    );
    wait_sessions(&a, 0);
    assert_eq!(b.state.session_count(), 1, "the other pool stays connected");

    // Reconnect it from the details pane.
    h.get_by_label(&placeholder).click();
    h.run();
    h.get_by_label("Reconnect").click();
    h.run_steps(2);
    wait_for(&mut h, "web-01");
    wait_sessions(&a, 1);

    // Remove the generated pool from its details pane: its session is logged out.
    h.query_all_by_label("Generated pool (3 VMs)")
        .next()
        .unwrap()
        .click();
    h.run();
    h.get_by_label("Remove from the list").click();
    h.run_steps(2);
    assert_eq!(h.state().pools.len(), 1);
    wait_sessions(&b, 0);
}

#[test]
fn a_pool_member_leads_to_its_coordinator_and_the_app_says_so() {
    let s = Setup::new();
    let master = s.server(config());
    let mut member_cfg = config();
    member_cfg.redirect_to = Some(master.url.clone());
    let member = s.server(member_cfg);
    let mut h = s.app("en-US");
    connect_via_dialog(&mut h, &member.url);
    wait_for(&mut h, "web-01");
    let master_host = &master.url["http://".len()..];
    assert!(
        shows(
            &h,
            &format!("is a pool member: connected to its pool coordinator {master_host}")
        ),
        "the redirect is said"
    );
    assert_eq!(master.state.session_count(), 1);
    assert_eq!(member.state.session_count(), 0);
}

#[test]
fn what_the_user_was_editing_survives_a_host_restart() {
    let s = Setup::new();
    let srv = s.server(config());
    let (addr, state) = (srv.addr, srv.state.clone());
    let mut h = s.app("en-US");
    connect_via_dialog(&mut h, &srv.url);
    wait_for(&mut h, "web-01");
    open_first_vif_form(&mut h, "web-01", "NIC settings…");
    set_text(&mut h, "mtu", "9000");

    s.rt.block_on(srv.stop());
    wait(
        &mut h,
        |h| shows(h, "Reconnecting"),
        "the reconnecting state",
    );
    let _srv =
        s.rt.block_on(DemoServer::start_with_state(state.clone(), addr))
            .unwrap();
    wait(&mut h, |h| shows(h, "Connected to"), "the reconnection");
    let typed = h
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "mtu")
        .accesskit_node()
        .value()
        .map(|v| v.to_string());
    assert_eq!(typed.as_deref(), Some("9000"), "the form kept its input");
    h.get_by_label("Apply").click();
    wait(&mut h, |h| shows(h, "Applied."), "the apply");
    let vif = state.read(|db| {
        let (r, _) = db
            .table("VM")
            .unwrap()
            .rows
            .iter()
            .find(|(_, row)| row.fields["name_label"] == "web-01")
            .unwrap();
        let vif = db.record("VM", r).unwrap()["VIFs"][0]
            .as_str()
            .unwrap()
            .to_string();
        db.record("VIF", &vif).unwrap()
    });
    assert_eq!(vif["other_config"]["mtu"], "9000");
}

#[test]
fn every_session_is_logged_out_on_exit() {
    let s = Setup::new();
    let (a, b, mut h) = two_pools(&s);
    assert_eq!((a.state.session_count(), b.state.session_count()), (1, 1));
    eframe::App::on_exit(h.state_mut());
    assert_eq!(
        (a.state.session_count(), b.state.session_count()),
        (0, 0),
        "on_exit waits for the logouts"
    );
}

/// A keyring that is not there (no Secret Service running).
struct NoKeyring;

impl SecretStore for NoKeyring {
    fn get(&self, _: &str) -> Result<Option<String>, KeyringError> {
        Err(KeyringError::new("no Secret Service on the session bus"))
    }
    fn set(&self, _: &str, _: &str) -> Result<(), KeyringError> {
        Err(KeyringError::new("no Secret Service on the session bus"))
    }
    fn delete(&self, _: &str) -> Result<(), KeyringError> {
        Err(KeyringError::new("no Secret Service on the session bus"))
    }
}

#[test]
fn a_keyring_that_refuses_the_password_is_reported_and_the_pool_still_connects() {
    let s = Setup::new();
    let srv = s.server(config());
    let mut h = s.app("en-US");
    h.state_mut().secrets = Arc::new(NoKeyring);
    open_dialog(&mut h);
    fill(&mut h, &srv.url, PASSWORD);
    h.get_by_label("Remember (the password goes to the system keyring)")
        .click();
    h.run();
    h.get_by_label("Connect").click();
    wait(
        &mut h,
        |h| {
            shows(
                h,
                "could not be saved in the system keyring: no Secret Service",
            )
        },
        "the keyring notice",
    );
    wait_for(&mut h, "web-01");
    let file = std::fs::read_to_string(s.dir.path().join("servers.json")).unwrap();
    assert!(!file.contains(PASSWORD));
}

/// Without Remember the keyring is never touched: a broken keyring says nothing then.
#[test]
fn without_remember_the_keyring_is_left_alone() {
    let s = Setup::new();
    let srv = s.server(config());
    let mut h = s.app("en-US");
    h.state_mut().secrets = Arc::new(NoKeyring);
    open_dialog(&mut h);
    fill(&mut h, &srv.url, PASSWORD);
    h.get_by_label("Connect").click();
    wait_for(&mut h, "web-01");
    h.run_steps(5);
    assert!(!shows(&h, "keyring"), "no keyring notice");
    assert!(h.state().notice.is_none());
}

/// A host where nothing listens is said in words a user can act on, with the raw chain
/// behind "Details"; editing the address clears the old error.
#[test]
fn nothing_listening_is_said_plainly_with_details_and_clears_on_edit() {
    let s = Setup::new();
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let mut h = s.app("en-US");
    open_dialog(&mut h);
    fill(&mut h, &format!("http://127.0.0.1:{port}"), PASSWORD);
    h.get_by_label("Connect").click();
    let said = format!("Nothing answers at 127.0.0.1:{port} (connection refused)");
    wait(&mut h, |h| shows(h, &said), "the plain error");
    assert!(!shows(&h, "os error"), "the raw chain stays behind Details");
    h.get_by_label("Details").click();
    h.run();
    assert!(shows(&h, "os error"), "Details shows the whole chain");
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Server")
        .click();
    h.run();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Server")
        .type_text("0");
    h.run();
    assert!(
        !shows(&h, "Nothing answers"),
        "a new address clears the old error"
    );
}
