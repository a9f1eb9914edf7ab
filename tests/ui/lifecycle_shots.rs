//! Screenshots of the lifecycle views, in English and Japanese: the Storage, Networking and
//! Snapshots tabs of a VM, the Events view (tasks done, failed and running), the Alerts view,
//! and the New VM wizard (on a live demo server, so it may write).

use crate::common::PASSWORD;
use crate::forms::Live;
use eframe::egui;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotResults};
use xenpilot::demo;
use xenpilot::model::tabs::DetailsTab;
use xenpilot::store::settings::{Settings, Theme};
use xenpilot::ui::activity::MainView;
use xenpilot::ui::{Command, XenPilotApp};
use xenpilot::xenapi::records::TaskStatus;
use xenpilot::xenapi::{Cache, Ref, Task};

/// 2026-11-24 22:00:30 UTC: the screenshots' "now".
const NOW: i64 = 1_795_557_630;

/// The demo pool with three tasks: one done, one failed, one at 40 %.
fn cache_with_tasks() -> Cache {
    let mut c = xenpilot::xapidb::cache_of(&demo::demo_pool());
    // The demo seeds its alerts over the week before the wall clock: pin them to the week
    // before NOW, in the same order, so the Alerts screenshot is the same on any day.
    let mut alerts: Vec<_> = c.messages.iter_mut().collect();
    alerts.sort_by(|a, b| (&a.1.timestamp, a.0).cmp(&(&b.1.timestamp, b.0)));
    for (i, (_, m)) in alerts.into_iter().enumerate() {
        m.timestamp = format!("202611{:02}T{:02}:17:00Z", 17 + i / 2, 3 + (i % 2) * 9);
    }
    let task = |name: &str, status: TaskStatus, progress: f64, end: &str, err: &[&str]| Task {
        uuid: format!("{name}-uuid"),
        name_label: format!("Async.{name}"),
        status,
        progress,
        created: "20261124T22:00:00Z".into(),
        finished: end.into(),
        error_info: err.iter().map(|s| s.to_string()).collect(),
        allowed_operations: vec!["cancel".into()],
        ..Task::default()
    };
    c.tasks.insert(
        Ref::new("OpaqueRef:t1"),
        task(
            "VM.snapshot",
            TaskStatus::Success,
            1.0,
            "20261124T22:00:04Z",
            &[],
        ),
    );
    c.tasks.insert(
        Ref::new("OpaqueRef:t2"),
        task(
            "VM.start",
            TaskStatus::Failure,
            0.3,
            "20261124T22:00:02Z",
            &["HOST_NOT_ENOUGH_FREE_MEMORY", "8589934592", "1073741824"],
        ),
    );
    c.tasks.insert(
        Ref::new("OpaqueRef:t3"),
        task(
            "VM.copy",
            TaskStatus::Pending,
            0.4,
            "19700101T00:00:00Z",
            &[],
        ),
    );
    c
}

fn harness(lang: &str) -> Harness<'static, XenPilotApp> {
    harness_with(lang, cache_with_tasks())
}

fn harness_with(lang: &str, cache: Cache) -> Harness<'static, XenPilotApp> {
    let s = Settings {
        language: Some(lang.into()),
        theme: Theme::Light,
        ..Settings::default()
    };
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 640.0))
        .with_theme(egui::Theme::Light)
        .build_eframe(move |cc| {
            let mut app = XenPilotApp::with_cache(cache, s);
            app.activity.now_override = Some(NOW);
            app.setup(&cc.egui_ctx);
            app
        });
    // A running task spins in the status bar: step, rather than wait for quiet.
    h.run_steps(4);
    h
}

fn select_vm(h: &mut Harness<'_, XenPilotApp>, name: &str) {
    let node = {
        let (r, _) = h
            .state()
            .cache()
            .vms
            .iter()
            .find(|(_, v)| v.name_label == name)
            .unwrap();
        xenpilot::model::tree::Node::Vm(r.clone())
    };
    h.state_mut().send(Command::Select(node));
    h.run_steps(4);
}

/// xapi keeps a task asked to cancel `pending` with `cancel` in `current_operations` until
/// its operation stops: the Events view says "Cancel requested" and offers no second Cancel.
#[test]
fn a_task_asked_to_cancel_reads_cancel_requested() {
    let count = |h: &Harness<'_, XenPilotApp>, label: &str| h.query_all_by_label(label).count();
    let mut h = harness("en-US");
    h.state_mut().send(Command::ShowMainView(MainView::Events));
    h.run_steps(4);
    let cancels = count(&h, "Cancel");
    assert!(cancels > 0 && count(&h, "Cancel requested") == 0);
    let mut c = cache_with_tasks();
    if let Some(t) = c.tasks.get_mut(&Ref::new("OpaqueRef:t3")) {
        t.current_operations
            .insert("OpaqueRef:c".into(), "cancel".into());
    }
    let mut h = harness_with("en-US", c);
    h.state_mut().send(Command::ShowMainView(MainView::Events));
    h.run_steps(4);
    assert_eq!(count(&h, "Cancel requested"), 1);
    assert_eq!(count(&h, "Cancel"), cancels - 1, "no second cancel for it");
}

#[test]
fn screenshots_of_the_tabs_and_the_events_and_alerts_views() {
    let mut results = SnapshotResults::new();
    for lang in ["en-US", "ja"] {
        let mut h = harness(lang);
        select_vm(&mut h, "web-01");
        for (tab, name) in [
            (DetailsTab::Storage, "storage"),
            (DetailsTab::Networking, "networking"),
            (DetailsTab::Snapshots, "snapshots"),
        ] {
            h.state_mut().send(Command::ChooseTab(tab));
            h.run_steps(4);
            if tab == DetailsTab::Snapshots {
                // The selected VM's own snapshot.
                let snap = match &h.state().nav.selected {
                    Some(xenpilot::model::tree::Node::Vm(vm)) => h
                        .state()
                        .cache()
                        .vms
                        .get(vm)
                        .and_then(|v| v.snapshots.first().cloned()),
                    _ => None,
                };
                h.state_mut().send(Command::PickSnapshot(snap));
                h.run_steps(4);
            }
            h.remove_cursor();
            h.run_steps(4);
            results.add(h.try_snapshot(format!("tab-{name}-{lang}")));
        }
        h.state_mut().send(Command::ShowMainView(MainView::Events));
        h.run_steps(4);
        let failed = Ref::new("OpaqueRef:t2");
        let id = h.state().pools[0].id;
        h.state_mut().send(Command::SelectTask(Some((id, failed))));
        h.run_steps(4);
        assert!(h.query_by_label_contains("VM.copy").is_some());
        h.remove_cursor();
        h.run_steps(4);
        results.add(h.try_snapshot(format!("events-{lang}")));
        h.state_mut().send(Command::ShowMainView(MainView::Alerts));
        h.run_steps(4);
        h.remove_cursor();
        h.run_steps(4);
        results.add(h.try_snapshot(format!("alerts-{lang}")));
    }
}

#[test]
fn screenshots_of_the_new_vm_wizard() {
    let live = Live::new();
    let mut results = SnapshotResults::new();
    for (lang, name) in [("en-US", "Name"), ("ja", "名前")] {
        let mut h = live.app(lang, ("root", PASSWORD));
        h.state_mut().send(Command::NewVm);
        h.run();
        // Template, a name, then on to the storage step.
        h.key_press(egui::Key::Enter);
        h.run();
        crate::harness::set_text(&mut h, name, "new-web");
        for _ in 0..3 {
            h.key_press(egui::Key::Enter);
            h.run();
        }
        h.remove_cursor();
        h.run();
        results.add(h.try_snapshot(format!("wizard-storage-{lang}")));
    }
}

/// The boot step for a UEFI template with a vTPM (Windows 11): Secure Boot chosen, BIOS
/// greyed with the reason, the vTPM the template brings.
#[test]
fn screenshots_of_the_new_vm_wizards_firmware_step() {
    let live = Live::new();
    let mut results = SnapshotResults::new();
    for (lang, name) in [("en-US", "Name"), ("ja", "名前")] {
        let mut h = live.app(lang, ("root", PASSWORD));
        h.state_mut().send(Command::NewVm);
        h.run();
        h.get_by_label("Windows 11").click();
        h.run();
        h.key_press(egui::Key::Enter);
        h.run();
        crate::harness::set_text(&mut h, name, "win-11");
        for _ in 0..2 {
            h.key_press(egui::Key::Enter);
            h.run();
        }
        h.remove_cursor();
        h.run();
        results.add(h.try_snapshot(format!("wizard-boot-{lang}")));
    }
}
