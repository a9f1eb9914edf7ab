//! Performance graphs as data: which data sources a graph shows, in what unit, and how a
//! series is derived, without egui or I/O.
//!
//! - [`layout`]: the graph layouts XenCenter keeps in the pool's `gui_config`
//!   (`XenCenter.GraphLayout.<i>.(host|vm).<uuid>`, `XenCenter.GraphName.…`,
//!   `XenCenter.DataSource.…` colours), read and written key by key, and the default graphs
//!   for an object whose layout was never saved.
//! - [`overview`]: the pool overview's rows (the busiest objects now) from a store.
//! - [`csv`]: what a graph shows, as CSV.
//!
//! Units: xcp-rrdd reports CPU as a fraction (0..1), memory in bytes or KiB depending on the
//! source, throughput in bytes/s (hosts' `io_throughput_*` in MiB/s), latency in ms (VBDs)
//! or µs (hosts' SR latency). [`source_unit`] turns each into one display unit and a scale.

pub mod csv;
pub mod layout;
pub mod overview;

use xenapi::rrd::ObjectKind;

/// The unit a graph's axis is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Percent (CPU, I/O wait).
    Percent,
    /// Bytes, drawn in GiB.
    Bytes,
    /// Bytes per second, drawn in MiB/s.
    BytesPerSec,
    /// Requests per second.
    Iops,
    /// Milliseconds.
    Millis,
    /// A bare number (load average, queue sizes).
    Plain,
}

impl Unit {
    /// The divisor from the stored value (percent, bytes, bytes/s, ms) to the drawn number.
    pub fn divisor(self) -> f64 {
        match self {
            Unit::Bytes => 1024.0 * 1024.0 * 1024.0,
            Unit::BytesPerSec => 1024.0 * 1024.0,
            _ => 1.0,
        }
    }

    /// The symbol printed after a value ("%", "GiB", "MiB/s", "ms"; empty for counts).
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Bytes => "GiB",
            Unit::BytesPerSec => "MiB/s",
            Unit::Iops => "IOPS",
            Unit::Millis => "ms",
            Unit::Plain => "",
        }
    }

    /// `v` (in stored units) as drawn: "12.5 %", "3.20 GiB".
    pub fn format(self, v: f64) -> String {
        let d = v / self.divisor();
        if !d.is_finite() {
            return "—".into();
        }
        let digits = match d.abs() {
            x if x >= 100.0 => 0,
            x if x >= 10.0 => 1,
            _ => 2,
        };
        match self.symbol() {
            "" => format!("{d:.digits$}"),
            s => format!("{d:.digits$} {s}"),
        }
    }
}

/// A data source's unit and the factor from its wire value to that unit's stored value
/// (percent, bytes, bytes/s, ms).
pub fn source_unit(kind: ObjectKind, ds: &str) -> (Unit, f64) {
    const KIB: f64 = 1024.0;
    const MIB: f64 = 1024.0 * 1024.0;
    let is_cpu = ds
        .strip_prefix("cpu")
        .is_some_and(|n| n.parse::<u32>().is_ok())
        || matches!(ds, "cpu_avg" | "cpu_usage");
    if is_cpu || ds.starts_with("iowait") || ds.starts_with("runstate_") {
        return (Unit::Percent, 100.0);
    }
    match ds {
        "memory_total_kib" | "memory_free_kib" | "memory_internal_free" => {
            return (Unit::Bytes, KIB);
        }
        "memory" | "memory_target" | "memory_used" => return (Unit::Bytes, 1.0),
        "loadavg" => return (Unit::Plain, 1.0),
        _ => {}
    }
    if (ds.starts_with("vif_") || ds.starts_with("pif_"))
        && (ds.ends_with("_rx") || ds.ends_with("_tx"))
    {
        return (Unit::BytesPerSec, 1.0);
    }
    if ds.starts_with("io_throughput_") {
        return (Unit::BytesPerSec, MIB);
    }
    if ds.contains("iops") {
        return (Unit::Iops, 1.0);
    }
    if ds.contains("latency") {
        // VBD latency is in ms; a host's per-SR latency in µs.
        return match kind {
            ObjectKind::Vm => (Unit::Millis, 1.0),
            _ => (Unit::Millis, 0.001),
        };
    }
    if ds.starts_with("vbd_") && (ds.ends_with("_read") || ds.ends_with("_write")) {
        return (Unit::BytesPerSec, 1.0);
    }
    (Unit::Plain, 1.0)
}

/// What a graph is about, for its title when it has no name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    Cpu,
    Memory,
    Network,
    DiskThroughput,
    DiskIops,
    DiskLatency,
    Load,
    Other,
}

impl Category {
    /// The Fluent id of the category's title.
    pub fn label_id(self) -> &'static str {
        match self {
            Category::Cpu => "perf-graph-cpu",
            Category::Memory => "perf-graph-memory",
            Category::Network => "perf-graph-network",
            Category::DiskThroughput => "perf-graph-disk",
            Category::DiskIops => "perf-graph-iops",
            Category::DiskLatency => "perf-graph-latency",
            Category::Load => "perf-graph-load",
            Category::Other => "perf-graph-other",
        }
    }
}

/// The category of one data source.
pub fn source_category(kind: ObjectKind, ds: &str) -> Category {
    match source_unit(kind, ds).0 {
        Unit::Percent => Category::Cpu,
        Unit::Bytes => Category::Memory,
        Unit::BytesPerSec if ds.starts_with("vif_") || ds.starts_with("pif_") => Category::Network,
        Unit::BytesPerSec => Category::DiskThroughput,
        Unit::Iops => Category::DiskIops,
        Unit::Millis => Category::DiskLatency,
        Unit::Plain if ds == "loadavg" => Category::Load,
        Unit::Plain => Category::Other,
    }
}

/// The category of a graph: that of its first source (XenCenter's defaults keep one kind
/// per graph).
pub fn graph_category(kind: ObjectKind, sources: &[String]) -> Category {
    sources
        .first()
        .map_or(Category::Other, |s| source_category(kind, s))
}

/// Graph `g` as drawn: one unit per axis. A layout may put sources of several units in one
/// graph (the user's editor, or XenCenter's saved layouts); drawn on one axis, MiB/s would be
/// read as percent. Each unit gets a graph of its own, in the order its first source comes,
/// with the graph's name (the heading adds the unit).
pub fn split_by_unit(kind: ObjectKind, g: &layout::Graph) -> Vec<layout::Graph> {
    let mut out: Vec<(Unit, layout::Graph)> = Vec::new();
    for s in &g.sources {
        let unit = source_unit(kind, s).0;
        match out.iter_mut().find(|(u, _)| *u == unit) {
            Some((_, same)) => same.sources.push(s.clone()),
            None => out.push((
                unit,
                layout::Graph {
                    name: g.name.clone(),
                    sources: vec![s.clone()],
                },
            )),
        }
    }
    if out.is_empty() {
        return vec![g.clone()];
    }
    out.into_iter().map(|(_, g)| g).collect()
}

/// One line of a graph: a data source, or a value derived by name from two of them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Line {
    /// A data source as the host reports it.
    Source(String),
    /// Memory in use: total − free of the same object at the same timestamp.
    MemoryUsed,
}

/// The lines a graph draws for its sources: a memory graph holding both the total and the
/// free source shows total and used (total − free), as XenCenter does; everything else
/// is drawn as it is.
pub fn lines(kind: ObjectKind, sources: &[String]) -> Vec<Line> {
    let (total, free) = match kind {
        ObjectKind::Host => ("memory_total_kib", "memory_free_kib"),
        _ => ("memory", "memory_internal_free"),
    };
    let has = |s: &str| sources.iter().any(|x| x == s);
    let pair = has(total) && has(free);
    let mut out = Vec::new();
    for s in sources {
        if pair && s == free {
            out.push(Line::MemoryUsed);
        } else {
            out.push(Line::Source(s.clone()));
        }
    }
    out
}

/// How a line is labelled in the legend: a Fluent id and the device it names (`eth0`,
/// `xvda`, a CPU's number), or `None` for a source without a known label (shown as named).
pub fn source_label(line: &Line) -> Option<(&'static str, String)> {
    let ds = match line {
        Line::MemoryUsed => return Some(("perf-ds-memory-used", String::new())),
        Line::Source(ds) => ds.as_str(),
    };
    let fixed = match ds {
        "cpu_avg" | "cpu_usage" => Some("perf-ds-cpu-avg"),
        "memory_total_kib" | "memory" => Some("perf-ds-memory-total"),
        "memory_free_kib" | "memory_internal_free" => Some("perf-ds-memory-free"),
        "memory_target" => Some("perf-ds-memory-target"),
        "loadavg" => Some("perf-ds-loadavg"),
        _ => None,
    };
    if let Some(id) = fixed {
        return Some((id, String::new()));
    }
    if let Some(n) = ds.strip_prefix("cpu").filter(|n| n.parse::<u32>().is_ok()) {
        return Some(("perf-ds-cpu", n.to_string()));
    }
    let (dev, id) = if let Some(rest) = ds.strip_prefix("vbd_") {
        [
            ("_iops_read", "perf-ds-iops-read"),
            ("_iops_write", "perf-ds-iops-write"),
            ("_read", "perf-ds-read"),
            ("_write", "perf-ds-write"),
            ("_latency", "perf-ds-latency"),
        ]
        .iter()
        .find_map(|(suffix, id)| rest.strip_suffix(suffix).map(|d| (d, *id)))?
    } else {
        let rest = ds
            .strip_prefix("vif_")
            .or_else(|| ds.strip_prefix("pif_"))?;
        match (rest.strip_suffix("_rx"), rest.strip_suffix("_tx")) {
            (Some(d), _) => (d, "perf-ds-rx"),
            (_, Some(d)) => (d, "perf-ds-tx"),
            _ => return None,
        }
    };
    let dev = if ds.starts_with("vif_") {
        format!("VIF {dev}")
    } else {
        dev.to_string()
    };
    Some((id, dev))
}

/// Natural order of data source names (`cpu2` before `cpu10`).
/// A series' value at time `t` (epoch seconds): the last point at or before `t` (the value
/// xcp-rrdd reported for that step), or `None` before the first point or for a gap (NaN).
/// `points` are in time order.
pub fn value_at(points: &[(i64, f64)], t: f64) -> Option<f64> {
    let i = points.partition_point(|&(pt, _)| pt as f64 <= t);
    let (_, v) = *points.get(i.checked_sub(1)?)?;
    v.is_finite().then_some(v)
}

pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    crate::model::natural::compare(a, b)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_graph_of_several_units_is_drawn_as_one_graph_per_unit() {
        let g = layout::Graph {
            name: "Mine".into(),
            sources: ["cpu0", "vif_0_rx", "cpu1", "memory", "vif_0_tx"]
                .map(String::from)
                .to_vec(),
        };
        let split = split_by_unit(ObjectKind::Vm, &g);
        let sources: Vec<Vec<&str>> = split
            .iter()
            .map(|g| g.sources.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(
            sources,
            [
                vec!["cpu0", "cpu1"],
                vec!["vif_0_rx", "vif_0_tx"],
                vec!["memory"]
            ]
        );
        assert!(split.iter().all(|s| s.name == "Mine"));
        let one = layout::Graph {
            name: String::new(),
            sources: vec!["memory".into(), "memory_internal_free".into()],
        };
        assert_eq!(
            split_by_unit(ObjectKind::Vm, &one),
            std::slice::from_ref(&one),
            "one unit: as is"
        );
        let empty = layout::Graph::default();
        assert_eq!(split_by_unit(ObjectKind::Vm, &empty).len(), 1);
    }

    #[test]
    fn a_series_value_at_a_time_is_its_last_point_until_then() {
        let pts = [(100, 1.0), (105, 2.0), (110, f64::NAN), (115, 4.0)];
        assert_eq!(value_at(&pts, 99.0), None, "before the first point");
        assert_eq!(value_at(&pts, 100.0), Some(1.0));
        assert_eq!(value_at(&pts, 107.5), Some(2.0));
        assert_eq!(value_at(&pts, 112.0), None, "a gap");
        assert_eq!(value_at(&pts, 1e9), Some(4.0));
        assert_eq!(value_at(&[], 1.0), None);
    }

    use super::*;
    use ObjectKind::*;

    #[test]
    fn units_follow_each_source_s_wire_unit() {
        assert_eq!(source_unit(Vm, "cpu3"), (Unit::Percent, 100.0));
        assert_eq!(source_unit(Host, "cpu_avg"), (Unit::Percent, 100.0));
        assert_eq!(source_unit(Host, "memory_free_kib"), (Unit::Bytes, 1024.0));
        assert_eq!(source_unit(Vm, "memory"), (Unit::Bytes, 1.0));
        assert_eq!(source_unit(Vm, "vif_0_rx"), (Unit::BytesPerSec, 1.0));
        assert_eq!(source_unit(Vm, "vbd_xvda_write"), (Unit::BytesPerSec, 1.0));
        assert_eq!(source_unit(Vm, "vbd_xvda_iops_read"), (Unit::Iops, 1.0));
        assert_eq!(source_unit(Vm, "vbd_xvda_latency"), (Unit::Millis, 1.0));
        assert_eq!(
            source_unit(Host, "read_latency_ab12"),
            (Unit::Millis, 0.001)
        );
        assert_eq!(
            source_unit(Host, "io_throughput_read_ab12"),
            (Unit::BytesPerSec, 1024.0 * 1024.0)
        );
        assert_eq!(source_unit(Host, "loadavg"), (Unit::Plain, 1.0));
    }

    #[test]
    fn values_print_in_their_unit() {
        assert_eq!(Unit::Percent.format(12.345), "12.3 %");
        assert_eq!(
            Unit::Bytes.format(3.5 * 1024.0 * 1024.0 * 1024.0),
            "3.50 GiB"
        );
        assert_eq!(
            Unit::BytesPerSec.format(150.0 * 1024.0 * 1024.0),
            "150 MiB/s"
        );
        assert_eq!(Unit::Plain.format(f64::NAN), "—");
    }

    #[test]
    fn labels_name_the_device() {
        let l = |s: &str| source_label(&Line::Source(s.into()));
        assert_eq!(l("cpu12"), Some(("perf-ds-cpu", "12".into())));
        assert_eq!(l("vif_0_rx"), Some(("perf-ds-rx", "VIF 0".into())));
        assert_eq!(l("pif_eth1_tx"), Some(("perf-ds-tx", "eth1".into())));
        assert_eq!(
            l("vbd_xvdb_iops_write"),
            Some(("perf-ds-iops-write", "xvdb".into()))
        );
        assert_eq!(l("vbd_xvda_read"), Some(("perf-ds-read", "xvda".into())));
        assert_eq!(l("runstate_fullrun"), None);
    }

    #[test]
    fn a_memory_graph_draws_used_by_name_not_position() {
        // Free listed first: pairing by position would draw free as "used".
        let s = vec![
            "memory_free_kib".to_string(),
            "memory_total_kib".to_string(),
        ];
        assert_eq!(
            lines(Host, &s),
            vec![Line::MemoryUsed, Line::Source("memory_total_kib".into())]
        );
        // Free alone stays free.
        let s = vec!["memory_internal_free".to_string()];
        assert_eq!(
            lines(Vm, &s),
            vec![Line::Source("memory_internal_free".into())]
        );
    }
}
