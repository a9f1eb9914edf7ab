//! Figure 8: the Performance tab on the 10,000-VM, 64-host pool.
//!
//! - The app's polling and parsing cost while the pool overview (every host, `host=true`,
//!   all its VMs, the 5 s archive) and one VM's graph are open: the poll cycle the tab runs
//!   every 5 s (`ui::performance::poll::run`: HTTP, decode, merge), against a demo server in
//!   another process (the release binary), so only the client's CPU is counted (this
//!   process's user + system time from /proc/self/stat over twelve 5 s cycles).
//! - Frame times of the app's own code (logic and ui, egui_kittest, no painting) with a VM's
//!   graphs open (the pointer moving over a plot: hover read-outs) and with the overview of
//!   all 10,064 objects open (scrolling the table).

use super::frames::{self as timing};
use super::{PASSWORD, Report, median};
use eframe::egui;
use egui_kittest::Harness;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use xenpilot::demo::{DemoServer, rrdd};
use xenpilot::model::graphs::overview::Overview;
use xenpilot::model::tabs::DetailsTab;
use xenpilot::model::tree::Node;
use xenpilot::ui::performance::poll::{self, Sink};
use xenpilot::ui::{Command as UiCommand, XenPilotApp};
use xenpilot::xenapi::rrd::{Cf, ObjectKind, Store};
use xenpilot::xenapi::{Cache, Credentials, Session, TransportOptions};

/// CPU seconds (user + system) this process has used.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 (1-based), 11 and 12 after the state field.
    (ticks(11) + ticks(12)) / 100.0
}

pub fn polling(r: &mut Report, bin: &Path) {
    const WHAT: &str = "10. polling and parsing while the overview and one graph are open";
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port());
    let Ok(port) = port else {
        r.add(WHAT, "skipped: no free port".into());
        return;
    };
    let Ok(mut child) = Command::new(bin)
        .args([
            "demo-server",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--generate",
            "vms=10000,hosts=64,networks=500",
            "--password",
            PASSWORD,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        r.add(WHAT, "skipped: no demo server process".into());
        return;
    };
    let url = format!("http://127.0.0.1:{port}");
    // Its own runtime: nothing else runs on it while measuring.
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let session = rt.block_on(async {
        for _ in 0..200 {
            let s = Session::login(
                &url,
                Credentials::new("root", PASSWORD),
                TransportOptions::default(),
            )
            .await;
            if let Ok(s) = s {
                return Some(s);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        None
    });
    let Some(session) = session.map(Arc::new) else {
        let _ = child.kill();
        r.add(WHAT, "skipped: the demo server did not start".into());
        return;
    };
    let cache = rt
        .block_on(Cache::fetch_all(&session))
        .expect("records load");
    let base = session.transport().base_url().clone();
    let vm = cache
        .vms
        .values()
        .find(|v| !v.is_control_domain && !v.resident_on.is_null())
        .map(|v| v.uuid.clone())
        .expect("a running VM");
    let overview = Arc::new(Mutex::new(Overview::new()));
    let store = Arc::new(Mutex::new(Store::new(120)));
    let transports = poll::Transports::default();
    let cycle = |first: bool| -> (usize, f64) {
        let t = Instant::now();
        let mut jobs: Vec<poll::HostJob> = {
            let o = overview.lock().unwrap();
            poll::pool_jobs(&cache, &base, -120, |h| o.next_start(h))
                .into_iter()
                .filter_map(Result::ok)
                .collect()
        };
        let vm_jobs: Vec<poll::HostJob> = {
            let s = store.lock().unwrap();
            poll::object_jobs(&cache, &base, ObjectKind::Vm, &vm, 5, -600, |h| {
                s.next_start(h)
            })
            .into_iter()
            .filter_map(Result::ok)
            .collect()
        };
        let n = jobs.len() + vm_jobs.len();
        let errors = rt.block_on(async {
            let a = poll::run(
                session.clone(),
                transports.clone(),
                std::mem::take(&mut jobs),
                Sink::Overview(overview.clone()),
            );
            let b = poll::run(
                session.clone(),
                transports.clone(),
                vm_jobs,
                Sink::Store(store.clone()),
            );
            let (mut a, b) = tokio::join!(a, b);
            a.extend(b);
            a
        });
        assert!(errors.is_empty() || !first, "{errors:?}");
        (n, t.elapsed().as_secs_f64())
    };
    let c0 = cpu_seconds();
    let (hosts, first_s) = cycle(true);
    let first_cpu = cpu_seconds() - c0;
    let rows = overview.lock().unwrap().len();
    // Twelve live cycles, one every 5 s, as the tab polls.
    const CYCLES: usize = 12;
    let start = Instant::now();
    let c1 = cpu_seconds();
    let mut wall = Vec::new();
    for i in 0..CYCLES {
        let (_, s) = cycle(false);
        wall.push(s * 1000.0);
        let next = Duration::from_secs(5 * (i as u64 + 1));
        if let Some(wait) = next.checked_sub(start.elapsed()) {
            std::thread::sleep(wait);
        }
    }
    let cpu = cpu_seconds() - c1;
    let elapsed = start.elapsed().as_secs_f64();
    let _ = child.kill();
    let _ = child.wait();
    r.add(
        "10. first poll: overview (2 min of every host and VM) and a VM's 10 minutes",
        format!("{hosts} requests, {rows} objects, {first_s:.2} s, {first_cpu:.2} s of CPU"),
    );
    r.add(
        WHAT,
        format!(
            "**{:.2} % of one core** ({cpu:.2} s of CPU over {elapsed:.0} s, {hosts} requests every 5 s; a cycle takes median {:.0} ms)",
            100.0 * cpu / elapsed,
            median(&mut wall)
        ),
    );
}

pub fn frames(r: &mut Report, server: &DemoServer, cache: Cache) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (vm_node, vm_uuid) = cache
        .vms
        .iter()
        .find(|(_, v)| !v.is_control_domain && !v.resident_on.is_null())
        .map(|(r, v)| (Node::Vm(r.clone()), v.uuid.clone()))
        .expect("a running VM");
    let pool_node = Node::Pool(cache.pool().expect("a pool").0.clone());
    let views = server.state.read(|db| {
        let hosts: Vec<String> = db.table("host").unwrap().rows.keys().cloned().collect();
        hosts
            .iter()
            .filter_map(|h| rrdd::host_view(db, h))
            .map(rrdd::HostView::running_all_along)
            .collect::<Vec<_>>()
    });
    let export = |host: bool, vms: rrdd::VmFilter, span: i64| {
        views
            .iter()
            .filter_map(|v| {
                let req = rrdd::ExportRequest {
                    start: now - span + 5,
                    interval: 5,
                    cf: Some(Cf::Average),
                    host,
                    vms: vms.clone(),
                };
                let update = rrdd::export(v, &req, now as f64).ok()?;
                Some((v.host.uuid.clone(), update))
            })
            .collect::<Vec<_>>()
    };
    let mut h = timing::harness(cache);
    h.state_mut().send(UiCommand::Select(vm_node));
    h.state_mut()
        .send(UiCommand::ChooseTab(DetailsTab::Performance));
    h.run_steps(2);
    for (host, u) in export(false, rrdd::VmFilter::Only(vec![vm_uuid]), 600) {
        h.state_mut().perf.feed(&host, &u);
    }
    h.run_steps(2);
    // Across the first plot: a read-out every frame.
    let over_plot = |h: &mut Harness<'_, XenPilotApp>, i: usize| {
        h.hover_at(egui::pos2(500.0 + (i % 50) as f32 * 12.0, 200.0))
    };
    let rows =
        |h: &mut Harness<'_, XenPilotApp>, i| timing::scroll(h, i, 60.0, egui::pos2(800.0, 400.0));
    let (m, p99) = timing::measure(&mut h, over_plot);
    r.add(
        "10. frame time, a VM's graphs open, pointer over a plot (300 frames, app code)",
        format!("median {m:.2} ms, **p99 {p99:.2} ms**"),
    );
    h.state_mut().send(UiCommand::Select(pool_node));
    h.run_steps(2);
    let replies = export(true, rrdd::VmFilter::All, 120);
    let t = Instant::now();
    for (host, u) in &replies {
        h.state_mut().perf.feed(host, u);
    }
    let merge_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    h.step(); // the frame that sorts the new figures
    let sort_ms = t.elapsed().as_secs_f64() * 1000.0;
    let (m, p99) = timing::measure(&mut h, rows);
    r.add(
        "10. frame time, pool overview open (every host and running VM), scrolling (300 frames, app code)",
        format!(
            "median {m:.2} ms, **p99 {p99:.2} ms**; merging 2 min of 64 hosts' replies {merge_ms:.0} ms (off the UI thread in the app), the frame that sorts them {sort_ms:.1} ms"
        ),
    );
}
