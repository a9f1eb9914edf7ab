//! Figure 8: frame times with the Events and Alerts views open, the 10,000-VM pool holding
//! 1,000 tasks (100 of them running) and 10,000 alerts, in the app itself (egui_kittest, as
//! figure 2): 300 frames scrolling each view, and the worst frame that applies a new alert
//! filter (the one that re-indexes the 10,000 alerts).

use super::{Report, frames};
use eframe::egui;
use egui_kittest::Harness;
use std::time::Instant;
use xenpilot::model::alerts::{Filter, Priority};
use xenpilot::ui::activity::MainView;
use xenpilot::ui::{Command as UiCommand, XenPilotApp};
use xenpilot::xenapi::records::TaskStatus;
use xenpilot::xenapi::{Cache, Message, Ref, Task};

pub const TASKS: usize = 1_000;
pub const ALERTS: usize = 10_000;

/// `cache` with TASKS tasks (every tenth running) and ALERTS alerts on its VMs and hosts.
pub fn with_activity(mut cache: Cache) -> Cache {
    let vm_uuids: Vec<String> = cache
        .vms
        .values()
        .map(|v| v.uuid.clone())
        .take(ALERTS)
        .collect();
    for i in 0..TASKS {
        let running = i % 10 == 0;
        cache.tasks.insert(
            Ref::new(format!("OpaqueRef:bench-task-{i}")),
            Task {
                uuid: format!("bench-task-{i}"),
                name_label: if i % 3 == 0 {
                    "Async.VM.copy"
                } else {
                    "Async.VM.start"
                }
                .into(),
                status: if running {
                    TaskStatus::Pending
                } else if i % 7 == 0 {
                    TaskStatus::Failure
                } else {
                    TaskStatus::Success
                },
                progress: (i % 100) as f64 / 100.0,
                created: format!("20261124T{:02}:{:02}:00Z", (i / 60) % 24, i % 60),
                finished: "20261124T23:59:00Z".into(),
                error_info: if i % 7 == 0 {
                    vec![
                        "VM_BAD_POWER_STATE".into(),
                        "x".into(),
                        "halted".into(),
                        "running".into(),
                    ]
                } else {
                    Vec::new()
                },
                allowed_operations: if running {
                    vec!["cancel".into()]
                } else {
                    Vec::new()
                },
                ..Task::default()
            },
        );
    }
    for i in 0..ALERTS {
        cache.messages.insert(
            Ref::new(format!("OpaqueRef:bench-msg-{i}")),
            Message {
                uuid: format!("bench-msg-{i}"),
                name: ["VM_STARTED", "VM_SHUTDOWN", "ALARM", "VM_CRASHED"][i % 4].into(),
                priority: (i % 5 + 1) as i64,
                cls: "VM".into(),
                obj_uuid: vm_uuids
                    .get(i % vm_uuids.len().max(1))
                    .cloned()
                    .unwrap_or_default(),
                timestamp: format!(
                    "202611{:02}T{:02}:{:02}:00Z",
                    1 + i % 28,
                    (i / 60) % 24,
                    i % 60
                ),
                body: format!("Alert {i}: something happened to this VM"),
            },
        );
    }
    cache
}

pub fn figure(r: &mut Report, cache: Cache) {
    let cache = with_activity(cache);
    let mut h = frames::harness(cache);
    // Scroll the view's rows a little each frame, as a user reading down the list.
    let rows =
        |h: &mut Harness<'_, XenPilotApp>, i| frames::scroll(h, i, 120.0, egui::pos2(800.0, 400.0));
    h.state_mut()
        .send(UiCommand::ShowMainView(MainView::Events));
    h.run_steps(3);
    let (m, p99) = frames::measure(&mut h, rows);
    r.add(
        "8. frame time, Events view open, 1,000 tasks (100 running), scrolling",
        format!("median {m:.2} ms, **p99 {p99:.2} ms**"),
    );
    h.state_mut()
        .send(UiCommand::ShowMainView(MainView::Alerts));
    h.run_steps(3);
    let (m, p99) = frames::measure(&mut h, rows);
    r.add(
        "8. frame time, Alerts view open, 10,000 alerts, scrolling",
        format!("median {m:.2} ms, **p99 {p99:.2} ms**"),
    );
    // The frame that applies a new filter (re-indexes the 10,000 alerts).
    let mut worst: f64 = 0.0;
    for p in Priority::ALL {
        let mut f = Filter::default();
        f.set_shown(p, false);
        h.state_mut().send(UiCommand::SetAlertFilter(f, false));
        let t = Instant::now();
        h.step();
        worst = worst.max(t.elapsed().as_secs_f64() * 1000.0);
    }
    r.add(
        "8. frame that applies a new alert filter (worst of 5)",
        format!("{worst:.1} ms"),
    );
}

/// Figure 12: frame time with no view open, the demo pool empty of tasks and then holding
/// FINISHED finished tasks (xapi keeps 200; another client may leave many more): the same.
pub const FINISHED: usize = 100_000;

pub fn finished_tasks(r: &mut Report) {
    let base = xenpilot::xapidb::cache_of(&xenpilot::demo::demo_pool());
    let idle = |_: &mut Harness<'_, XenPilotApp>, _| {};
    let mut h = frames::harness(base.clone());
    h.run_steps(3);
    let (m0, p0) = frames::measure(&mut h, idle);
    drop(h);
    let mut cache = base;
    for i in 0..FINISHED {
        cache.tasks.insert(
            Ref::new(format!("OpaqueRef:done-{i}")),
            Task {
                name_label: "Async.VM.start".into(),
                status: TaskStatus::Success,
                progress: 1.0,
                created: format!("2026112{}T{:02}:{:02}:00Z", i % 10, (i / 60) % 24, i % 60),
                finished: "20261129T23:59:00Z".into(),
                ..Task::default()
            },
        );
    }
    let mut h = frames::harness(cache);
    h.run_steps(3);
    let (m1, p1) = frames::measure(&mut h, idle);
    r.add(
        "12. frame time, no view open, demo pool without tasks, 300 frames",
        format!("median {m0:.2} ms, p99 {p0:.2} ms"),
    );
    r.add(
        "12. the same with 100,000 finished tasks",
        format!("median {m1:.2} ms, **p99 {p1:.2} ms**"),
    );
}
