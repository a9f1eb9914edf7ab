//! The Console tab: a live console of the demo pool (its picture, the status line, keys
//! typed reaching the guest, Right Ctrl releasing the keyboard), and a refusal in the user's
//! language; with screenshots.

use crate::forms::Live;
use crate::harness::{has, shows, wait};
use eframe::egui;
use egui_kittest::{Harness, SnapshotResults};
use xenpilot::console::Failure;
use xenpilot::demo;
use xenpilot::model::tabs::DetailsTab;
use xenpilot::model::tree::Node;
use xenpilot::settings::{Settings, Theme};
use xenpilot::ui::{Command, XenPilotApp};
use xenpilot::xenapi::console::ConsoleError;

fn vm_node(h: &Harness<'_, XenPilotApp>, name: &str) -> Node {
    let c = h.state().cache();
    let (r, _) = c.vms.iter().find(|(_, v)| v.name_label == name).unwrap();
    Node::Vm(r.clone())
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
        results.add(h.try_snapshot(&format!("console-limit-{lang}")));
    }
}
