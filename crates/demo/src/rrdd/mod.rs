//! A simulated xcp-rrdd: every host and running VM has data sources whose values are a pure
//! function of (object uuid, data source, time), so xapi's four archives need no stored
//! state and advance in real time. Shapes: a daily cycle, smooth wandering, occasional
//! bursts; a third of the VMs idle near zero; memory inside each object's limits.
//!
//! - `export`: what `/rrd_updates` answers (`Rrd_updates.create_multi`), strict
//!   where xcp-rrdd is: the archive choice's `>`, `No_RRA_Available` for nothing to answer.
//! - `sources`: the data sources' values.
//! - [`RrdClock`]: when rrdd's loop last ran (`last_updated`): fractional and free-running.

mod export;
mod sources;

pub use export::{
    ExportRequest, JsonShape, NoRra, VmFilter, choose_archive, export, f_to_s, to_json,
    to_json_shaped, to_xml,
};

use serde_json::Value;
use std::collections::HashMap;
use std::sync::Mutex;
use xapidb::Db;
use xenapi::rrd::Cf;

/// xapi's `20261124T22:00:00Z` as epoch seconds (UTC only, as xapi writes them).
pub fn parse_datetime(s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z').unwrap_or(s);
    let (date, time) = s.split_once('T')?;
    let digits = |t: &str| {
        t.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| t.parse::<i64>().ok())?
    };
    let (y, m, d) = (
        digits(date.get(0..4)?)?,
        digits(date.get(4..6)?)?,
        digits(date.get(6..8)?)?,
    );
    let mut hms = time.split(':').map(digits);
    let (h, mi, sec) = (hms.next()??, hms.next()??, hms.next()??);
    if date.len() != 8 || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + mi * 60 + sec)
}

const GIB: f64 = 1024.0 * 1024.0 * 1024.0;

/// xcp-rrdd's base step, in seconds.
pub const TIMESTEP: i64 = 5;

/// xapi's archives: (points consolidated per row, rows kept): 5 s × 120, 1 min × 120,
/// 1 h × 168, 1 day × 366.
pub const ARCHIVES: [(i64, usize); 4] = [(1, 120), (12, 120), (720, 168), (17_280, 366)];

/// The CFs every archive keeps (xcp-rrdd creates AVERAGE, MIN and MAX).
pub(crate) const CFS: [Cf; 3] = [Cf::Average, Cf::Min, Cf::Max];

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
    /// When it started (`VM_metrics.start_time`, epoch seconds): rrdd makes its RRD at
    /// the first pass after, filled with NaN for the time before.
    pub started: Option<i64>,
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

impl HostView {
    /// The same host as if its VMs had run all along: for exports at fixed times before
    /// the demo pool's start times (tests, benches).
    pub fn running_all_along(mut self) -> HostView {
        for vm in &mut self.vms {
            vm.started = None;
        }
        self
    }
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
                started: db
                    .field("VM_metrics", text(f, "metrics"), "start_time")
                    .and_then(Value::as_str)
                    .and_then(parse_datetime),
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

/// When the rrdd loop last ran. xcp-rrdd runs every 5 s on a monotonic timer from its own
/// start and stamps each pass with `gettimeofday`: `last_updated` is fractional and not on
/// the wall clock's 5 s marks, so `floor(last_updated)` falls on one in some runs and not
/// in others. Tests fix it to reach either side of the archive boundary.
#[derive(Debug)]
pub struct RrdClock {
    /// The first pass, epoch seconds.
    phase: f64,
    fixed: Mutex<Option<f64>>,
}

impl Default for RrdClock {
    fn default() -> Self {
        RrdClock {
            phase: epoch_now(),
            fixed: Mutex::new(None),
        }
    }
}

fn epoch_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

impl RrdClock {
    /// The last pass's time: the newest `phase + 5 k` not after now (or the fixed time).
    pub fn last_updated(&self) -> f64 {
        if let Some(t) = *self.fixed.lock().unwrap_or_else(|e| e.into_inner()) {
            return t;
        }
        let step = TIMESTEP as f64;
        let now = epoch_now();
        self.phase + ((now - self.phase) / step).floor().max(0.0) * step
    }

    /// Fixes `last_updated` (tests), or lets it run again with `None`.
    pub fn set_fixed(&self, t: Option<f64>) {
        *self.fixed.lock().unwrap_or_else(|e| e.into_inner()) = t;
    }
}
