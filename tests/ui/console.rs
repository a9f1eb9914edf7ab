//! The Console tab: a live console of the demo pool (its picture, the status line, keys
//! typed reaching the guest, Right Ctrl releasing the keyboard), and a refusal in the user's
//! language; with screenshots.

use crate::forms::Live;
use crate::harness::{has, shows, wait};
use eframe::egui;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotResults};
use xenpilot::demo;
use xenpilot::model::tabs::DetailsTab;
use xenpilot::model::tree::Node;
use xenpilot::services::console::Failure;
use xenpilot::store::settings::{Settings, Theme};
use xenpilot::ui::{Command, XenPilotApp};
use xenpilot::xenapi::console::ConsoleError;

fn vm_node(h: &Harness<'_, XenPilotApp>, name: &str) -> Node {
    let c = h.state().cache();
    let (r, _) = c.vms.iter().find(|(_, v)| v.name_label == name).unwrap();
    Node::Vm(r.clone())
}

/// Whether the console's picture shows `text` in the demo guest's font and grey.
fn screen_shows(h: &Harness<'_, XenPilotApp>, text: &str) -> bool {
    use xenpilot::demo::console::font::Frame;
    let Some(o) = h.state().consoles.tab.opened() else {
        return false;
    };
    let s = xenpilot::rfb::client::lock(&o.client.screen);
    let (w, hgt) = (usize::from(s.width), usize::from(s.height));
    let mut frame = Frame::new(w, hgt, 0);
    for (d, p) in frame.pixels.iter_mut().zip(s.pixels.chunks_exact(4)) {
        *d = u32::from(p[0]) << 16 | u32::from(p[1]) << 8 | u32::from(p[2]);
    }
    let tw = Frame::text_width(text, 1);
    let mut sample = Frame::new(tw, 16, 0);
    sample.text(0, 0, text, 0xaaaaaa, 0, 1);
    let row = |f: &Frame, x: usize, y: usize, n: usize| f.pixels[y * f.width + x..][..n].to_vec();
    tw <= w
        && (0..=hgt - 16).any(|y| {
            (0..=w - tw)
                .any(|x| (0..16).all(|dy| row(&frame, x, y + dy, tw) == row(&sample, 0, dy, tw)))
        })
}

fn static_app(lang: &str) -> Harness<'static, XenPilotApp> {
    let s = Settings {
        language: Some(lang.into()),
        theme: Theme::Light,
        ..Settings::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1000.0, 640.0))
        .with_theme(egui::Theme::Light)
        .build_eframe(move |cc| {
            let mut app =
                XenPilotApp::with_cache(xenpilot::xapidb::cache_of(&demo::demo_pool()), s);
            app.setup(&cc.egui_ctx);
            app
        });
    h.run();
    h
}

#[test]
fn a_refused_console_says_why_in_the_users_language() {
    let mut results = SnapshotResults::new();
    for (lang, needle) in [("en-US", "Connected: alice"), ("ja", "接続中: alice")] {
        let mut h = static_app(lang);
        let node = vm_node(&h, "web-01");
        h.state_mut().send(Command::Select(node.clone()));
        h.state_mut().send(Command::ChooseTab(DetailsTab::Console));
        h.run();
        let (target, _) =
            xenpilot::ui::console::target_of(h.state().cache(), &node).expect("a VM's console");
        h.state_mut().consoles.tab.show_failure(
            target,
            Failure::Console(ConsoleError::Limit {
                connected: "alice (XenCenter)".into(),
            }),
        );
        h.run();
        assert!(shows(&h, needle), "{lang}: the 503 names who is connected");
        assert!(has(&h, if lang == "ja" { "再試行" } else { "Retry" }));
        h.remove_cursor();
        h.run();
        results.add(h.try_snapshot(format!("console-limit-{lang}")));
    }
}

#[test]
fn a_live_console_shows_the_guest_takes_keys_and_releases_them() {
    let live = Live::new();
    let mut results = SnapshotResults::new();
    // One VM per language: the guest remembers what was typed.
    for (lang, vm, connected, captured) in [
        (
            "en-US",
            "db-primary",
            "Connected to db-primary",
            "Right Ctrl to release",
        ),
        ("ja", "web-02", "web-02 に接続中", "右 Ctrl で解除"),
    ] {
        let mut h = live.app(lang, ("root", crate::common::PASSWORD));
        let node = vm_node(&h, vm);
        h.state_mut().send(Command::Select(node));
        h.state_mut().send(Command::ChooseTab(DetailsTab::Console));
        wait(&mut h, |h| shows(h, connected), "the console connected");
        wait(
            &mut h,
            |h| {
                h.state()
                    .consoles
                    .tab
                    .opened()
                    .is_some_and(|o| xenpilot::rfb::client::lock(&o.client.screen).updates > 0)
            },
            "the first picture",
        );
        assert!(
            shows(&h, "1024×768")
                && shows(
                    &h,
                    if lang == "ja" {
                        "スキャンコード"
                    } else {
                        "scan codes"
                    }
                )
        );
        // The demo's Linux guest echoes what is typed at its login prompt.
        let updates = |h: &Harness<'_, XenPilotApp>| {
            let o = h.state().consoles.tab.opened().unwrap();
            xenpilot::rfb::client::lock(&o.client.screen).updates
        };
        let screen = if lang == "ja" {
            "ゲスト画面"
        } else {
            "Guest screen"
        };
        h.get_by_label(screen).click();
        h.run();
        assert!(
            h.state().consoles.tab.captured,
            "a click gives the guest the keyboard"
        );
        assert!(shows(&h, captured));
        // Keys go to the guest, which echoes them at its login prompt.
        let before = updates(&h);
        for k in [egui::Key::R, egui::Key::O, egui::Key::O, egui::Key::T] {
            h.key_press(k);
        }
        wait(&mut h, |h| updates(h) > before, "the guest's answer");
        let prompt = format!("{vm} login: root");
        let mut echoed = false;
        for _ in 0..30 {
            h.run();
            if screen_shows(&h, &prompt) {
                echoed = true;
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        assert!(echoed, "the guest shows {prompt:?}");
        // Escape goes to the guest too, not to the app.
        h.key_press(egui::Key::Escape);
        h.run();
        assert!(h.state().consoles.tab.captured);
        h.remove_cursor();
        h.run();
        results.add(h.try_snapshot(format!("console-live-{lang}")));
        // Right Ctrl releases the keyboard.
        h.key_press(egui::Key::ControlRight);
        h.run();
        assert!(
            !h.state().consoles.tab.captured,
            "Right Ctrl releases the keyboard"
        );
    }
}

#[test]
fn a_rebooted_vm_gets_its_console_back_at_its_new_resolution_without_a_click() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", crate::common::PASSWORD));
    let node = vm_node(&h, "web-10");
    let Node::Vm(vm) = node.clone() else {
        unreachable!()
    };
    h.state_mut().send(Command::Select(node));
    h.state_mut().send(Command::ChooseTab(DetailsTab::Console));
    wait(&mut h, |h| shows(h, "Connected to web-10"), "the console");
    let location =
        |h: &Harness<'_, XenPilotApp>| h.state().consoles.tab.opened().map(|o| o.location.clone());
    let first = location(&h).unwrap();
    let size = |h: &Harness<'_, XenPilotApp>| {
        h.state().consoles.tab.opened().map(|o| {
            let s = xenpilot::rfb::client::lock(&o.client.screen);
            (s.width, s.height)
        })
    };
    let first_size = size(&h).unwrap();
    let pool = h.state().pools.active_id();
    h.state_mut().send(Command::Confirmed {
        inv: xenpilot::ui::actions::run::Invocation {
            action: xenpilot::ui::actions::Action::Reboot,
            targets: xenpilot::ui::actions::Targets {
                pool,
                nodes: vec![Node::Vm(vm)],
            },
            on: None,
        },
        dont_ask: false,
    });
    wait(
        &mut h,
        |h| location(h).is_some_and(|l| l != first),
        "the console of the rebooted VM",
    );
    wait(
        &mut h,
        |h| size(h).is_some_and(|s| s != first_size),
        "the new resolution",
    );
    let (w, hgt) = size(&h).unwrap();
    assert!(
        shows(&h, &format!("{w}×{hgt}")),
        "the status line follows the guest"
    );
}

#[test]
fn a_server_shows_its_control_domains_console() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", crate::common::PASSWORD));
    let host = {
        let c = h.state().cache();
        let (r, _) = c
            .hosts
            .iter()
            .find(|(_, v)| v.name_label == "xcp-host-02")
            .unwrap();
        Node::Host(r.clone())
    };
    h.state_mut().send(Command::Select(host));
    h.state_mut().send(Command::ChooseTab(DetailsTab::Console));
    wait(
        &mut h,
        |h| shows(h, "Connected to xcp-host-02"),
        "the host console",
    );
    let t = h.state().consoles.tab.target().unwrap().clone();
    assert!(t.host_console);
    let dom0 = &h.state().cache().vms[&xenpilot::xenapi::Ref::new(t.vm.clone())];
    assert!(dom0.is_control_domain);
    // Another tab of the same server keeps the session; another object closes it.
    h.state_mut().send(Command::ChooseTab(DetailsTab::General));
    h.run();
    assert!(
        h.state().consoles.tab.is_live(),
        "switching tabs keeps the console"
    );
    let pool = {
        let c = h.state().cache();
        Node::Pool(c.pools.keys().next().unwrap().clone())
    };
    h.state_mut().send(Command::Select(pool));
    h.run();
    assert!(
        h.state().consoles.tab.target().is_none(),
        "closed when the selection moved"
    );
}

#[test]
fn pasted_text_is_typed_with_progress_and_cancel_stops_it() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", crate::common::PASSWORD));
    let node = vm_node(&h, "ファイルサーバー");
    h.state_mut().send(Command::Select(node));
    h.state_mut().send(Command::ChooseTab(DetailsTab::Console));
    wait(&mut h, |h| h.state().consoles.tab.is_live(), "the console");
    let text = "The quick brown fox jumps over the lazy dog. ".repeat(8);
    h.state_mut().consoles.tab.open_paste(&text);
    h.run();
    assert!(shows(&h, "Paste text as keystrokes"));
    h.get_by_label("Type it").click();
    wait(
        &mut h,
        |h| {
            h.state()
                .consoles
                .tab
                .paste_progress()
                .is_some_and(|(done, _)| done >= 3)
        },
        "typing under way",
    );
    let (_, total) = h.state().consoles.tab.paste_progress().unwrap();
    assert_eq!(total, text.len());
    assert!(
        shows(&h, &format!("/ {total}")),
        "the progress bar counts characters"
    );
    h.get_by_label("Cancel").click();
    wait(
        &mut h,
        |h| !h.state().consoles.tab.has_dialog(),
        "the paste window closed",
    );
}

#[test]
fn a_screenshot_is_saved_as_png() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", crate::common::PASSWORD));
    let node = vm_node(&h, "web-01");
    h.state_mut().send(Command::Select(node));
    h.state_mut().send(Command::ChooseTab(DetailsTab::Console));
    wait(&mut h, |h| shows(h, "Connected to web-01"), "the console");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shot.png");
    h.get_by_label("Save screenshot…").click();
    h.run();
    crate::harness::set_text(&mut h, "PNG file:", &path.display().to_string());
    h.get_by_label("Save").click();
    wait(&mut h, |h| shows(h, "Saved to"), "the screenshot saved");
    let img = image_size(&path);
    assert_eq!(img, (1024, 768));
}

/// Width and height from a PNG's IHDR.
fn image_size(path: &std::path::Path) -> (u32, u32) {
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[1..4], b"PNG");
    (
        u32::from_be_bytes(b[16..20].try_into().unwrap()),
        u32::from_be_bytes(b[20..24].try_into().unwrap()),
    )
}

#[test]
fn an_untrusted_member_certificate_can_be_trusted_from_the_console() {
    let mut h = static_app("en-US");
    let node = vm_node(&h, "web-02");
    h.state_mut().send(Command::Select(node.clone()));
    h.state_mut().send(Command::ChooseTab(DetailsTab::Console));
    h.run();
    let (target, _) = xenpilot::ui::console::target_of(h.state().cache(), &node).unwrap();
    let cert = xenpilot::xenapi::CertInfo {
        subject: "CN=xcp-host-02".into(),
        issuer: "CN=xcp-host-02".into(),
        not_before: String::new(),
        not_after: String::new(),
        sha256: "AB:CD:EF".into(),
    };
    h.state_mut().consoles.tab.show_failure(
        target,
        Failure::Console(ConsoleError::Certificate(Box::new(
            xenpilot::xenapi::Rejection::Untrusted {
                host: "192.168.10.12:443".into(),
                cert,
                reason: "self-signed".into(),
            },
        ))),
    );
    h.run();
    assert!(shows(&h, "SHA-256 AB:CD:EF"), "the fingerprint to check");
    h.get_by_label("Trust this certificate and connect").click();
    h.run();
    assert_eq!(
        h.state()
            .servers
            .trusted_certificates
            .get("192.168.10.12:443")
            .map(String::as_str),
        Some("AB:CD:EF"),
        "pinned as the Connect dialog pins"
    );
}
