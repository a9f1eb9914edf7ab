//! A simulated xcp-rrdd: every host and running VM has data sources whose values are a pure
//! function of (object uuid, data source, time), so xapi's four archives need no stored
//! state and advance in real time. Shapes: a daily cycle, smooth wandering, occasional
//! bursts; a third of the VMs idle near zero; memory inside each object's limits.
//!
//! [`export`] answers like `Rrd_updates.create_multi`: the archive whose step fits
//! `interval` and still holds `start` (else the longest), rows from the newest consolidated
//! point back to `start`, the host's sources first, then each VM's.

use serde_json::Value;
use std::collections::HashMap;
use std::f64::consts::TAU;
use xapidb::Db;
use xenapi::rrd::{Cf, ObjectKind, Row, SeriesKey, Update};

/// xcp-rrdd's base step, in seconds.
pub const TIMESTEP: i64 = 5;

/// xapi's archives: (points consolidated per row, rows kept): 5 s × 120, 1 min × 120,
/// 1 h × 168, 1 day × 366.
pub const ARCHIVES: [(i64, usize); 4] = [(1, 120), (12, 120), (720, 168), (17_280, 366)];

/// The CFs every archive keeps (xcp-rrdd creates AVERAGE, MIN and MAX).
const CFS: [Cf; 3] = [Cf::Average, Cf::Min, Cf::Max];

/// A host as its rrdd sees it.
#[derive(Debug, Clone)]
pub struct HostSpec {
    pub uuid: String,
    pub cpus: usize,
    /// Bytes.
    pub memory_total: f64,
    /// Bytes given to the VMs running here.
    pub memory_of_vms: f64,
    pub pifs: Vec<String>,
}

/// A running VM as the rrdd of its host sees it.
#[derive(Debug, Clone)]
pub struct VmSpec {
    pub uuid: String,
    pub vcpus: usize,
    /// Bytes (the balloon target: `memory_dynamic_max`).
    pub memory: f64,
    pub vifs: Vec<String>,
    pub vbds: Vec<String>,
    pub control_domain: bool,
}

/// One host and the VMs resident on it.
#[derive(Debug, Clone)]
pub struct HostView {
    pub host: HostSpec,
    pub vms: Vec<VmSpec>,
}

fn num(v: Option<&Value>) -> Option<f64> {
    match v? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

fn text<'a>(f: &'a serde_json::Map<String, Value>, k: &str) -> &'a str {
    f.get(k).and_then(Value::as_str).unwrap_or_default()
}

/// What the rrdd of `host_ref` would export now: the host and its running VMs.
pub fn host_view(db: &Db, host_ref: &str) -> Option<HostView> {
    let host = db.get("host", host_ref)?;
    let f = &host.fields;
    let cpus = f
        .get("cpu_info")
        .and_then(|m| num(m.get("cpu_count")))
        .unwrap_or(8.0)
        .clamp(1.0, 512.0) as usize;
    let memory_total = num(db.field("host_metrics", text(f, "metrics"), "memory_total"))
        .filter(|m| *m > 0.0)
        .unwrap_or(256.0 * GIB);
    let mut pifs: Vec<String> = db
        .table("PIF")
        .into_iter()
        .flat_map(|t| t.rows.values())
        .filter(|p| text(&p.fields, "host") == host_ref)
        .map(|p| text(&p.fields, "device").to_string())
        .filter(|d| !d.is_empty())
        .collect();
    pifs.sort();
    pifs.dedup();
    let vm_rows: Vec<(&String, &serde_json::Map<String, Value>)> = db
        .table("VM")
        .into_iter()
        .flat_map(|t| t.rows.iter())
        .map(|(r, row)| (r, &row.fields))
        .filter(|(_, f)| text(f, "resident_on") == host_ref && text(f, "power_state") == "Running")
        .collect();
    // Devices of the VMs here, grouped in one pass over each table.
    let mut devices: HashMap<&str, (Vec<String>, Vec<String>)> = vm_rows
        .iter()
        .map(|(r, _)| (r.as_str(), Default::default()))
        .collect();
    for (class, is_vif) in [("VIF", true), ("VBD", false)] {
        for row in db.table(class).into_iter().flat_map(|t| t.rows.values()) {
            let f = &row.fields;
            let attached = f.get("currently_attached").and_then(Value::as_bool) != Some(false);
            let disk =
                is_vif || (text(f, "type") != "CD" && f.get("empty") != Some(&Value::Bool(true)));
            if let Some(d) = devices.get_mut(text(f, "VM"))
                && attached
                && disk
                && !text(f, "device").is_empty()
            {
                let list = if is_vif { &mut d.0 } else { &mut d.1 };
                list.push(text(f, "device").to_string());
            }
        }
    }
    let vms: Vec<VmSpec> = vm_rows
        .iter()
        .map(|(r, f)| {
            let (mut vifs, mut vbds) = devices.remove(r.as_str()).unwrap_or_default();
            vifs.sort();
            vbds.sort();
            let memory = num(f.get("memory_dynamic_max"))
                .or_else(|| num(f.get("memory_static_max")))
                .filter(|m| *m > 0.0)
                .unwrap_or(GIB);
            VmSpec {
                uuid: text(f, "uuid").to_string(),
                vcpus: num(f.get("VCPUs_max")).unwrap_or(1.0).clamp(1.0, 128.0) as usize,
                memory,
                vifs,
                vbds,
                control_domain: f.get("is_control_domain") == Some(&Value::Bool(true)),
            }
        })
        .collect();
    let memory_of_vms = vms.iter().map(|v| v.memory).sum();
    Some(HostView {
        host: HostSpec {
            uuid: text(f, "uuid").to_string(),
            cpus,
            memory_total,
            memory_of_vms,
            pifs,
        },
        vms,
    })
}

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;
const MB: f64 = 1_000_000.0;

// ---- deterministic noise -------------------------------------------------------------

fn seed_of(s: &str) -> u64 {
    // FNV-1a: stable across runs and platforms, unlike std's hasher.
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn mix(mut z: u64) -> u64 {
    // splitmix64's finaliser.
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A uniform number in [0, 1) for (seed, i).
fn unit(seed: u64, i: i64) -> f64 {
    (mix(seed ^ mix(i as u64)) >> 11) as f64 / (1u64 << 53) as f64
}

/// Smooth noise in [0, 1): random knots every `period` seconds, eased between.
fn smooth(seed: u64, t: f64, period: f64) -> f64 {
    let x = t / period;
    let k = x.floor();
    let w = (1.0 - ((x - k) * std::f64::consts::PI).cos()) / 2.0;
    let (a, b) = (unit(seed, k as i64), unit(seed, k as i64 + 1));
    a + (b - a) * w
}

/// Busy in the working day (UTC, shifted per object), quiet at night: 0..1.
fn daily(seed: u64, t: f64) -> f64 {
    let phase = unit(seed, -7) * 4.0 * 3600.0;
    let day = ((t - phase) / 86_400.0 - 14.0 / 24.0) * TAU;
    (1.0 + day.cos()) / 2.0
}

/// Occasional bursts: in about one 10-minute window in twelve, a hump of 1..4 minutes.
fn burst(seed: u64, t: f64) -> f64 {
    let w = (t / 600.0).floor() as i64;
    if unit(seed, w * 3) > 1.0 / 12.0 {
        return 0.0;
    }
    let begin = w as f64 * 600.0 + unit(seed, w * 3 + 1) * 360.0;
    let len = 60.0 + unit(seed, w * 3 + 2) * 180.0;
    let x = (t - begin) / len;
    if (0.0..1.0).contains(&x) {
        (x * std::f64::consts::PI).sin()
    } else {
        0.0
    }
}

// ---- the data sources -----------------------------------------------------------------

/// How busy a VM is: a third idle near zero, the control domain light, others 10–70 %.
fn vm_level(vm: &VmSpec) -> f64 {
    let s = seed_of(&vm.uuid);
    if vm.control_domain {
        0.05 + unit(s, 1) * 0.1
    } else if unit(s, 2) < 1.0 / 3.0 {
        0.003 + unit(s, 1) * 0.01
    } else {
        0.1 + unit(s, 1) * 0.6
    }
}

/// Load of one CPU of an object whose busy level is `level`: 0..1.
fn cpu(seed: u64, level: f64, i: usize, t: f64) -> f64 {
    let s = seed ^ mix(i as u64 + 1);
    let base = level * (0.35 + 0.65 * daily(seed, t)) * (0.5 + smooth(s, t, 300.0));
    let b = burst(s, t) * (0.2 + 0.8 * level);
    (base + b).clamp(0.0, 1.0)
}

/// A rate in bytes/s for activity `level`, peaking near `peak`.
fn rate(seed: u64, level: f64, peak: f64, t: f64) -> f64 {
    let base = level * peak * (0.3 + 0.7 * smooth(seed, t, 120.0)) * (0.3 + 0.7 * daily(seed, t));
    base + burst(seed, t) * level * peak + 50.0 + 200.0 * unit(seed, (t / 5.0) as i64)
}

/// A data source of an object, evaluated at `t`.
#[derive(Debug, Clone, Copy)]
enum Ds {
    Cpu(usize),
    CpuMean,
    HostMemTotalKib,
    HostMemFreeKib,
    LoadAvg,
    Pif(usize, bool),
    VmMemory,
    VmMemFreeKib,
    Vif(usize, bool),
    VbdBytes(usize, bool),
    VbdIops(usize, bool),
    VbdLatency(usize),
}

enum Obj<'a> {
    Host(&'a HostSpec),
    Vm(&'a VmSpec),
}

impl Obj<'_> {
    fn uuid(&self) -> &str {
        match self {
            Obj::Host(h) => &h.uuid,
            Obj::Vm(v) => &v.uuid,
        }
    }

    fn level(&self) -> f64 {
        match self {
            Obj::Host(h) => 0.1 + unit(seed_of(&h.uuid), 1) * 0.3,
            Obj::Vm(v) => vm_level(v),
        }
    }

    fn cpus(&self) -> usize {
        match self {
            Obj::Host(h) => h.cpus,
            Obj::Vm(v) => v.vcpus,
        }
    }

    /// The data sources in rrdd's order, with their names.
    fn sources(&self) -> Vec<(String, Ds)> {
        let mut out: Vec<(String, Ds)> = (0..self.cpus())
            .map(|i| (format!("cpu{i}"), Ds::Cpu(i)))
            .collect();
        match self {
            Obj::Host(h) => {
                out.push(("cpu_avg".into(), Ds::CpuMean));
                out.push(("memory_total_kib".into(), Ds::HostMemTotalKib));
                out.push(("memory_free_kib".into(), Ds::HostMemFreeKib));
                out.push(("loadavg".into(), Ds::LoadAvg));
                for (i, d) in h.pifs.iter().enumerate() {
                    out.push((format!("pif_{d}_rx"), Ds::Pif(i, true)));
                    out.push((format!("pif_{d}_tx"), Ds::Pif(i, false)));
                }
            }
            Obj::Vm(v) => {
                out.push(("cpu_usage".into(), Ds::CpuMean));
                out.push(("memory".into(), Ds::VmMemory));
                out.push(("memory_target".into(), Ds::VmMemory));
                out.push(("memory_internal_free".into(), Ds::VmMemFreeKib));
                for (i, d) in v.vifs.iter().enumerate() {
                    out.push((format!("vif_{d}_rx"), Ds::Vif(i, true)));
                    out.push((format!("vif_{d}_tx"), Ds::Vif(i, false)));
                }
                for (i, d) in v.vbds.iter().enumerate() {
                    out.push((format!("vbd_{d}_read"), Ds::VbdBytes(i, true)));
                    out.push((format!("vbd_{d}_write"), Ds::VbdBytes(i, false)));
                    out.push((format!("vbd_{d}_iops_read"), Ds::VbdIops(i, true)));
                    out.push((format!("vbd_{d}_iops_write"), Ds::VbdIops(i, false)));
                    out.push((format!("vbd_{d}_latency"), Ds::VbdLatency(i)));
                }
            }
        }
        out
    }

    fn value(&self, ds: Ds, t: f64) -> f64 {
        let seed = seed_of(self.uuid());
        let level = self.level();
        let sub = |k: u64| seed ^ mix(k);
        match ds {
            Ds::Cpu(i) => cpu(seed, level, i, t),
            Ds::CpuMean => {
                let n = self.cpus();
                (0..n).map(|i| cpu(seed, level, i, t)).sum::<f64>() / n as f64
            }
            Ds::LoadAvg => {
                let n = self.cpus() as f64;
                let mean = self.value(Ds::CpuMean, t);
                n * mean * (0.8 + 0.4 * smooth(sub(90), t, 60.0))
            }
            Ds::HostMemTotalKib => match self {
                Obj::Host(h) => h.memory_total / 1024.0,
                Obj::Vm(_) => f64::NAN,
            },
            Ds::HostMemFreeKib => match self {
                Obj::Host(h) => {
                    // Xen and dom0's own overhead, the VMs' memory, a little wander.
                    let wander = 0.005 * h.memory_total * smooth(sub(91), t, 900.0);
                    let used = (2.0 * GIB + h.memory_of_vms + wander).min(0.98 * h.memory_total);
                    (h.memory_total - used) / 1024.0
                }
                Obj::Vm(_) => f64::NAN,
            },
            Ds::VmMemory => match self {
                Obj::Vm(v) => v.memory,
                Obj::Host(_) => f64::NAN,
            },
            Ds::VmMemFreeKib => match self {
                Obj::Vm(v) => {
                    let used = 0.2
                        + 0.5 * level * daily(seed, t)
                        + 0.15 * smooth(sub(92), t, 1800.0)
                        + 0.1 * burst(sub(93), t);
                    v.memory * (1.0 - used.clamp(0.05, 0.97)) / 1024.0
                }
                Obj::Host(_) => f64::NAN,
            },
            Ds::Pif(i, rx) => {
                // The first NIC carries management traffic only; the others the VMs'.
                let peak = if i == 0 { 2.0 * MB } else { 120.0 * MB };
                rate(sub(100 + 2 * i as u64 + u64::from(rx)), level, peak, t)
            }
            Ds::Vif(i, rx) => {
                let peak = if rx { 12.0 * MB } else { 6.0 * MB };
                rate(sub(200 + 2 * i as u64 + u64::from(rx)), level, peak, t)
            }
            Ds::VbdBytes(i, read) => {
                let peak = if read { 40.0 * MB } else { 15.0 * MB };
                rate(sub(300 + 2 * i as u64 + u64::from(read)), level, peak, t)
            }
            Ds::VbdIops(i, read) => {
                // Mostly 16 KiB requests.
                self.value(Ds::VbdBytes(i, read), t) / 16_384.0
            }
            Ds::VbdLatency(i) => {
                let s = sub(400 + i as u64);
                0.2 + 1.5 * smooth(s, t, 600.0) + 8.0 * burst(s, t)
            }
        }
    }
}

// ---- archives and export --------------------------------------------------------------

/// Which VMs to include.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VmFilter {
    All,
    None,
    Only(Vec<String>),
}

/// The parameters of one `/rrd_updates` request.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub start: i64,
    pub interval: i64,
    pub cf: Option<Cf>,
    pub host: bool,
    pub vms: VmFilter,
}

/// The archive (pdp count, rows) `create_multi` picks: the first whose step is at least
/// `interval` and which still holds `start`, else the longest. A `start` exactly one archive
/// span back counts as held, so "the last 10 minutes" gets the 5 s archive whatever the
/// second (a strict comparison flipped to the 1 min archive one second in five).
pub fn choose_archive(interval: i64, start: i64, now: i64) -> (i64, usize) {
    let pdp_interval = interval / TIMESTEP;
    let last_pdp = now - now.rem_euclid(TIMESTEP);
    ARCHIVES
        .into_iter()
        .find(|&(pdp, rows)| {
            pdp >= pdp_interval && start >= last_pdp - TIMESTEP * pdp * rows as i64
        })
        .unwrap_or(ARCHIVES[ARCHIVES.len() - 1])
}

/// One consolidated value over the `step` seconds ending at `t`.
fn consolidate(obj: &Obj, ds: Ds, cf: Cf, t: i64, step: i64) -> f64 {
    if step <= TIMESTEP || cf == Cf::Last {
        return obj.value(ds, t as f64);
    }
    // A few samples stand for the interval's primary points.
    const SAMPLES: i64 = 4;
    let samples = (0..SAMPLES).map(|k| obj.value(ds, (t - step + step * (k + 1) / SAMPLES) as f64));
    match cf {
        Cf::Min => samples.fold(f64::INFINITY, f64::min),
        Cf::Max => samples.fold(f64::NEG_INFINITY, f64::max),
        _ => samples.sum::<f64>() / SAMPLES as f64,
    }
}

/// The reply to `req` from the rrdd of `view`'s host at `now` (epoch seconds). Rows are
/// oldest first in the result; the encoders write them newest first, as xapi does.
pub fn export(view: &HostView, req: &ExportRequest, now: i64) -> Update {
    let start = if req.start < 0 {
        now.saturating_add(req.start)
    } else {
        req.start
    };
    let (pdp, row_cnt) = choose_archive(req.interval, start, now);
    let step = TIMESTEP * pdp;
    let last_cdp = now - now.rem_euclid(step);
    let first_cdp = start - start.rem_euclid(step) + step;
    let mut objects: Vec<(ObjectKind, Obj)> = Vec::new();
    if req.host {
        objects.push((ObjectKind::Host, Obj::Host(&view.host)));
    }
    for vm in &view.vms {
        let wanted = match &req.vms {
            VmFilter::All => true,
            VmFilter::None => false,
            VmFilter::Only(uuids) => uuids.contains(&vm.uuid),
        };
        if wanted {
            objects.push((ObjectKind::Vm, Obj::Vm(vm)));
        }
    }
    let cfs: Vec<Cf> = match req.cf {
        Some(cf) => vec![cf],
        None => CFS.to_vec(),
    };
    // Per object, per CF, every source (rrdd's legend order).
    let mut columns = Vec::new();
    let mut evals: Vec<(&Obj, Ds, Cf)> = Vec::new();
    for (kind, obj) in &objects {
        let sources = obj.sources();
        for &cf in &cfs {
            for (name, ds) in &sources {
                columns.push(SeriesKey::new(cf, *kind, obj.uuid(), name.as_str()));
                evals.push((obj, *ds, cf));
            }
        }
    }
    let times: Vec<i64> = (0..row_cnt as i64)
        .map(|i| last_cdp - i * step)
        .take_while(|&t| t >= start)
        .collect();
    let rows = times
        .into_iter()
        .rev()
        .map(|t| Row {
            t,
            values: evals
                .iter()
                .map(|(obj, ds, cf)| consolidate(obj, *ds, *cf, t, step))
                .collect(),
        })
        .collect();
    Update {
        start: first_cdp,
        step,
        end: last_cdp,
        columns,
        rows,
    }
}

/// xapi's `f_to_s`: four decimals, and the names of the special values.
pub fn f_to_s(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if v == 0.0 {
        "0.0".into()
    } else {
        format!("{v:.4}")
    }
}

/// The JSON reply (`json_of_t`): values as strings, rows newest first.
pub fn to_json(u: &Update) -> String {
    let data: Vec<Value> = u
        .rows
        .iter()
        .rev()
        .map(|r| {
            let values: Vec<Value> = r.values.iter().map(|v| Value::String(f_to_s(*v))).collect();
            serde_json::json!({ "t": r.t, "values": values })
        })
        .collect();
    let legend: Vec<String> = u.columns.iter().map(ToString::to_string).collect();
    serde_json::json!({
        "meta": {
            "start": u.start, "step": u.step, "end": u.end,
            "rows": u.rows.len(), "columns": u.columns.len(), "legend": legend,
        },
        "data": data,
    })
    .to_string()
}

/// The xport XML reply (`xml_of`), rows newest first.
pub fn to_xml(u: &Update) -> String {
    use std::fmt::Write;
    use xenapi::xmltree::escape_into;
    let mut s = String::with_capacity(64 + u.rows.len() * u.columns.len() * 16);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?><xport><meta>");
    let _ = write!(
        s,
        "<start>{}</start><step>{}</step><end>{}</end><rows>{}</rows><columns>{}</columns><legend>",
        u.start,
        u.step,
        u.end,
        u.rows.len(),
        u.columns.len()
    );
    for c in &u.columns {
        s.push_str("<entry>");
        escape_into(&mut s, &c.to_string());
        s.push_str("</entry>");
    }
    s.push_str("</legend></meta><data>");
    for r in u.rows.iter().rev() {
        let _ = write!(s, "<row><t>{}</t>", r.t);
        for v in &r.values {
            let _ = write!(s, "<v>{}</v>", f_to_s(*v));
        }
        s.push_str("</row>");
    }
    s.push_str("</data></xport>");
    s
}

#[cfg(test)]
mod archive_tests {
    use super::*;

    /// The last ten minutes come from the 5 s archive at every second, on a step boundary or
    /// not; a day back needs the 1 h one.
    #[test]
    fn ten_minutes_back_is_the_five_second_archive_at_every_second() {
        for now in 1_700_000_000..1_700_000_010 {
            assert_eq!(
                choose_archive(0, now - 600, now),
                ARCHIVES[0],
                "now = {now}"
            );
            assert_eq!(
                choose_archive(60, now - 600, now),
                ARCHIVES[1],
                "now = {now}"
            );
            assert_eq!(
                choose_archive(0, now - 86_400, now),
                ARCHIVES[2],
                "now = {now}"
            );
        }
    }
}
