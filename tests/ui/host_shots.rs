//! Screenshots of the server views, in English and Japanese: the maintenance dialog's
//! preflight on a server whose VMs cannot move (live demo server), and a server's General
//! tab in maintenance mode (a fixed cache, its uptimes pinned to the clock).

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{shows, wait};
use eframe::egui;
use egui_kittest::{Harness, SnapshotResults};
use xenpilot::demo;
use xenpilot::model::tabs::DetailsTab;
use xenpilot::model::tree::Node;
use xenpilot::store::settings::{Settings, Theme};
use xenpilot::ui::actions::{Action, Targets};
use xenpilot::ui::{Command, XenPilotApp};

/// 2026-11-24 22:00:30 UTC: the screenshots' "now".
const NOW: f64 = 1_795_557_630.0;

/// The demo pool with host 2 in maintenance mode, up 3 d 4 h, its toolstack 2 h 5 min.
fn harness(lang: &str) -> (Harness<'static, XenPilotApp>, Node) {
    let mut c = xenpilot::xapidb::cache_of(&demo::demo_pool());
    let (r, h) = c
        .hosts
        .iter_mut()
        .find(|(_, h)| h.name_label == "xcp-host-02")
        .unwrap();
    let r = r.clone();
    h.enabled = false;
    h.other_config
        .insert("MAINTENANCE_MODE".into(), "true".into());
    let t = NOW;
    h.other_config.insert(
        "boot_time".into(),
        format!("{:.0}.", t - (3.0 * 86400.0 + 4.0 * 3600.0 + 600.0)),
    );
    h.other_config
        .insert("agent_start_time".into(), format!("{:.0}.", t - 7530.0));
    // The demo dates its certificates from the real clock: the same whole days from NOW, so
    // the picture ("12 days left") is the same on any day and at any hour.
    let real = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs_f64();
    let at = |secs: f64| {
        let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs as u64);
        xenpilot::demo::rpc::format_datetime(t)
    };
    for cert in c.certificates.values_mut() {
        for date in [&mut cert.not_before, &mut cert.not_after] {
            let secs = xenpilot::model::tasks::parse_time(date).unwrap() as f64;
            *date = at(NOW + ((secs - real) / 86_400.0).round() * 86_400.0);
        }
    }
    let s = Settings {
        language: Some(lang.into()),
        theme: Theme::Light,
        ..Settings::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 900.0))
        .with_theme(egui::Theme::Light)
        .build_eframe(move |cc| {
            let mut app = XenPilotApp::with_cache(c, s);
            app.setup(&cc.egui_ctx);
            app
        });
    h.run_steps(4);
    (h, Node::Host(r))
}

#[test]
fn screenshots_of_a_servers_general_tab_and_the_maintenance_dialog() {
    let mut results = SnapshotResults::new();
    xenpilot::model::details::host::pin_clock(Some(NOW));
    for lang in ["en-US", "ja"] {
        let (mut h, host) = harness(lang);
        h.state_mut().send(Command::Select(host));
        h.state_mut().send(Command::ChooseTab(DetailsTab::General));
        h.run_steps(4);
        assert!(shows(&h, "3"), "the uptime");
        h.remove_cursor();
        h.run_steps(4);
        results.add(h.try_snapshot(format!("host-general-{lang}")));
    }
    let mut c = crate::common::config();
    c.task_speed = 20.0;
    let live = Live::with_config(c);
    for (lang, wanted) in [("en-US", "Local storage"), ("ja", "Local storage")] {
        let mut h = live.app(lang, ("root", PASSWORD));
        let host = {
            let cache = h.state().cache();
            let (r, _) = cache
                .hosts
                .iter()
                .find(|(_, x)| x.name_label == "xcp-host-01")
                .unwrap();
            Node::Host(r.clone())
        };
        h.state_mut().send(Command::Select(host.clone()));
        // Behind it, a tab without the live server's boot times.
        h.state_mut().send(Command::ChooseTab(DetailsTab::Storage));
        h.run_steps(4);
        let pool = h.state().pools[0].id;
        h.state_mut().send(Command::Invoke {
            action: Action::EnterMaintenance,
            targets: Targets {
                pool: Some(pool),
                nodes: vec![host],
            },
            on: None,
        });
        wait(&mut h, |h| shows(h, wanted), "the preflight");
        assert!(shows(&h, "web-01"));
        h.remove_cursor();
        h.run_steps(4);
        results.add(h.try_snapshot(format!("host-maintenance-{lang}")));
    }
}
