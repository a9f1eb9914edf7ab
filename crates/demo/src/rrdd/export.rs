//! What xcp-rrdd's `/rrd_updates` answers (xapi-rrd `Rrd_updates.create_multi` over
//! `Rrd.find_best_rras`), and its two encodings (`json_of_t`, `xml_of`).

use super::sources::{Ds, Obj};
use super::{ARCHIVES, CFS, HostView, TIMESTEP};
use serde_json::Value;
use xenapi::rrd::{Cf, ObjectKind, Row, SeriesKey, Update};

/// Which VMs to include.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VmFilter {
    /// No `vm_uuid` given: every resident VM.
    All,
    /// None at all (rrdd's `Zero`, the default for SRs).
    None,
    /// The `vm_uuid`s given, as they are: since xapi 1.x's multi-uuid handler, `all` and
    /// `none` are uuids like any other (and so match no VM).
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

/// xapi-rrd's `No_RRA_Available`: nothing asked for has an RRD (a VM not resident here, or
/// not yet seen by rrdd's loop), or no archive fits. The HTTP server answers it with 500.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoRra;

/// `get_times`: the start of the step holding `time` (OCaml's truncating conversions).
fn step_start(time: f64, step: i64) -> i64 {
    (time as i64) / step * step
}

/// `find_best_rras`: the archive (pdp count, rows) for `start` (absolute) and `interval`:
/// the first whose step is at least `interval` and whose oldest row is strictly older than
/// `start` (`t > lasttime`: a `start` exactly one span back does not fit, and the next
/// coarser archive answers); else the longest, when its step is fine enough.
pub fn choose_archive(interval: i64, start: i64, last_updated: f64) -> Result<(i64, usize), NoRra> {
    let pdp_interval = interval / TIMESTEP;
    let last_pdp = step_start(last_updated, TIMESTEP);
    let contains = |t: i64, (pdp, rows): (i64, usize)| {
        pdp >= pdp_interval && t > last_pdp - TIMESTEP * pdp * rows as i64
    };
    if let Some(a) = ARCHIVES.into_iter().find(|&a| contains(start, a)) {
        return Ok(a);
    }
    let (pdp, rows) = ARCHIVES[ARCHIVES.len() - 1];
    let oldest = 1 + last_pdp - TIMESTEP * pdp * rows as i64;
    ARCHIVES
        .into_iter()
        .find(|&a| contains(oldest, a))
        .ok_or(NoRra)
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

/// The reply to `req` from the rrdd of `view`'s host, whose last update was at
/// `last_updated` (epoch seconds, fractional: the time rrdd's loop last ran). Rows are
/// oldest first in the result; the encoders write them newest first, as xapi does.
pub fn export(view: &HostView, req: &ExportRequest, last_updated: f64) -> Result<Update, NoRra> {
    let mut objects: Vec<(ObjectKind, Obj)> = Vec::new();
    if req.host {
        objects.push((ObjectKind::Host, Obj::Host(&view.host)));
    }
    // A VM has an RRD once rrdd's loop has run since it started.
    let has_rrd = |vm: &super::VmSpec| vm.started.is_none_or(|s| (s as f64) <= last_updated);
    for vm in view.vms.iter().filter(|vm| has_rrd(vm)) {
        let wanted = match &req.vms {
            VmFilter::All => true,
            VmFilter::None => false,
            VmFilter::Only(uuids) => uuids.contains(&vm.uuid),
        };
        if wanted {
            objects.push((ObjectKind::Vm, Obj::Vm(vm)));
        }
    }
    // rrdd keeps AVERAGE, MIN and MAX: asking for another CF finds no archive.
    let cfs: Vec<Cf> = match req.cf {
        Some(cf) if CFS.contains(&cf) => vec![cf],
        Some(_) => Vec::new(),
        None => CFS.to_vec(),
    };
    if objects.is_empty() || cfs.is_empty() {
        return Err(NoRra);
    }
    // Negative is relative to the last update (`Int64.of_float`: truncated).
    let start = if req.start < 0 {
        req.start.saturating_add(last_updated as i64)
    } else {
        req.start
    };
    let (pdp, row_cnt) = choose_archive(req.interval, start, last_updated)?;
    let step = TIMESTEP * pdp;
    let last_cdp = step_start(last_updated, step);
    let first_cdp = step_start(start as f64, step) + step;
    // Per object, per CF, every source (rrdd's legend order).
    let mut columns = Vec::new();
    let mut evals: Vec<(&Obj, Ds, Cf, i64)> = Vec::new();
    for (kind, obj) in &objects {
        let sources = obj.sources();
        // A fresh RRD holds NaN for the time before it was made.
        let born = match obj {
            Obj::Vm(vm) => vm.started.unwrap_or(i64::MIN),
            Obj::Host(_) => i64::MIN,
        };
        for &cf in &cfs {
            for (name, ds) in &sources {
                columns.push(SeriesKey::new(cf, *kind, obj.uuid(), name.as_str()));
                evals.push((obj, *ds, cf, born));
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
                .map(|(obj, ds, cf, born)| {
                    if t < *born {
                        f64::NAN
                    } else {
                        consolidate(obj, *ds, *cf, t, step)
                    }
                })
                .collect(),
        })
        .collect();
    Ok(Update {
        start: first_cdp,
        step,
        end: last_cdp,
        columns,
        rows,
    })
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

/// Where the JSON reply puts the rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JsonShape {
    /// `{"meta": {...}, "data": [...]}`, as the XML has it (xapi ≥ v24.11.0, and before
    /// xapi-rrd 1.10.0).
    #[default]
    Fixed,
    /// `{"meta": {..., "data": [...]}}`: xapi-rrd 1.10.0 until upstream commit f60c526a28
    /// (xapi v24.11.0) wrote the rows inside `meta`.
    DataInMeta,
}

/// The JSON reply (`json_of_t`): values as strings, rows newest first.
pub fn to_json(u: &Update) -> String {
    to_json_shaped(u, JsonShape::Fixed)
}

/// The JSON reply in the shape of one xapi version.
pub fn to_json_shaped(u: &Update, shape: JsonShape) -> String {
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
    let mut meta = serde_json::json!({
        "start": u.start, "step": u.step, "end": u.end,
        "rows": u.rows.len(), "columns": u.columns.len(), "legend": legend,
    });
    match shape {
        JsonShape::Fixed => serde_json::json!({ "meta": meta, "data": data }).to_string(),
        JsonShape::DataInMeta => {
            if let Value::Object(m) = &mut meta {
                m.insert("data".into(), Value::Array(data));
            }
            serde_json::json!({ "meta": meta }).to_string()
        }
    }
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
mod tests {
    use super::*;

    /// xcp-rrdd's boundary: asked for exactly one span back, the 5 s archive answers only
    /// when `floor(last_updated)` is not on a 5 s mark; on one, the 1 min archive does.
    /// Asking one step less always gets the 5 s archive.
    #[test]
    fn a_start_exactly_one_span_back_falls_to_the_coarser_archive() {
        for whole in 1_700_000_000..1_700_000_010_i64 {
            let lu = whole as f64 + 0.37;
            let start = whole - 600;
            let want = if whole % 5 == 0 {
                ARCHIVES[1]
            } else {
                ARCHIVES[0]
            };
            assert_eq!(choose_archive(0, start, lu), Ok(want), "lu = {lu}");
            assert_eq!(choose_archive(0, whole - 595, lu), Ok(ARCHIVES[0]));
            assert_eq!(choose_archive(60, whole - 595, lu), Ok(ARCHIVES[1]));
            assert_eq!(choose_archive(0, whole - 86_400, lu), Ok(ARCHIVES[2]));
        }
        // Older than every archive: the longest; an interval past a day: none.
        assert_eq!(choose_archive(0, 0, 1.7e9), Ok(ARCHIVES[3]));
        assert_eq!(choose_archive(172_800, 0, 1.7e9), Err(NoRra));
    }

    #[test]
    fn xapi_datetimes_read_back() {
        assert_eq!(super::super::parse_datetime("19700101T00:00:00Z"), Some(0));
        assert_eq!(
            super::super::parse_datetime("20261124T22:00:00Z"),
            Some(1_795_557_600)
        );
        assert_eq!(super::super::parse_datetime("2026-11-24"), None);
        assert_eq!(super::super::parse_datetime("20261324T22:00:00Z"), None);
    }
}
