//! The pool overview: for every host and VM, CPU, memory in use, network and disk
//! throughput now, and a short CPU history for a sparkline. It is fed the 5 s archive of
//! every host (`host=true`, all resident VMs) and keeps only these four figures per
//! object and row, so 10,000 VMs cost a few megabytes, not every series.
//!
//! Each column of an update is classified once by its data source's name; memory in use
//! is total − free of the same object in the same row, never paired by position.

use std::collections::{HashMap, VecDeque};
use xenapi::rrd::{ObjectKind, Update};

/// Points kept per object for the sparkline (2 minutes at 5 s).
pub const SPARK_POINTS: usize = 24;

/// What the table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    Name,
    #[default]
    Cpu,
    Memory,
    Network,
    Disk,
}

/// One object's figures at one time: CPU %, memory used and total (bytes), network and
/// disk (bytes/s).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Figures {
    pub cpu: f32,
    pub memory_used: f64,
    pub memory_total: f64,
    pub network: f64,
    pub disk: f64,
}

/// One object's recent figures.
#[derive(Debug, Clone, Default)]
pub struct ObjectStats {
    pub kind: Option<ObjectKind>,
    pub uuid: String,
    /// (epoch seconds, figures), oldest first.
    pub points: VecDeque<(i64, Figures)>,
}

impl ObjectStats {
    /// The newest figures.
    pub fn now(&self) -> Figures {
        self.points.back().map(|p| p.1).unwrap_or_default()
    }

    /// CPU % over the kept points, oldest first.
    pub fn cpu_history(&self) -> impl Iterator<Item = f32> + '_ {
        self.points.iter().map(|p| p.1.cpu)
    }
}

#[derive(Clone, Copy)]
enum Metric {
    CpuMean,
    CpuCore,
    MemTotal(f64),
    MemFree(f64),
    Network,
    Disk,
}

fn classify(kind: ObjectKind, ds: &str) -> Option<Metric> {
    let core = ds
        .strip_prefix("cpu")
        .is_some_and(|n| n.parse::<u32>().is_ok());
    Some(match (kind, ds) {
        (_, "cpu_avg" | "cpu_usage") => Metric::CpuMean,
        _ if core => Metric::CpuCore,
        (ObjectKind::Host, "memory_total_kib") => Metric::MemTotal(1024.0),
        (ObjectKind::Host, "memory_free_kib") => Metric::MemFree(1024.0),
        (ObjectKind::Vm, "memory") => Metric::MemTotal(1.0),
        (ObjectKind::Vm, "memory_internal_free") => Metric::MemFree(1024.0),
        _ if (ds.starts_with("vif_") || ds.starts_with("pif_"))
            && (ds.ends_with("_rx") || ds.ends_with("_tx")) =>
        {
            Metric::Network
        }
        _ if ds.starts_with("vbd_")
            && !ds.contains("_iops_")
            && (ds.ends_with("_read") || ds.ends_with("_write")) =>
        {
            Metric::Disk
        }
        _ => return None,
    })
}

#[derive(Default, Clone, Copy)]
struct Acc {
    cpu_mean: Option<f64>,
    cores: (f64, u32),
    total: Option<f64>,
    free: Option<f64>,
    network: f64,
    disk: f64,
}

impl Acc {
    fn figures(&self) -> Figures {
        let cpu = self.cpu_mean.unwrap_or(if self.cores.1 > 0 {
            self.cores.0 / f64::from(self.cores.1)
        } else {
            0.0
        });
        let total = self.total.unwrap_or(0.0);
        let used = match (self.total, self.free) {
            (Some(t), Some(f)) => (t - f).max(0.0),
            _ => 0.0,
        };
        Figures {
            cpu: (cpu * 100.0) as f32,
            memory_used: used,
            memory_total: total,
            network: self.network,
            disk: self.disk,
        }
    }
}

/// Every object's recent figures, sorted for the table.
#[derive(Debug, Clone, Default)]
pub struct Overview {
    objects: Vec<ObjectStats>,
    index: HashMap<(ObjectKind, String), usize>,
    /// Indices into `objects`, in table order.
    order: Vec<usize>,
    pub sort: SortBy,
    pub descending: bool,
    /// Each host's last `end`: where its next poll starts.
    ends: HashMap<String, i64>,
}

impl Overview {
    /// An empty overview sorted by CPU, busiest first.
    pub fn new() -> Overview {
        Overview {
            descending: true,
            ..Overview::default()
        }
    }

    /// Merges the reply of host `host` and remembers where its next poll starts.
    pub fn merge_from(&mut self, host: &str, update: &Update) {
        self.merge(update);
        let end = self.ends.entry(host.to_string()).or_insert(update.end);
        *end = (*end).max(update.end);
    }

    /// Where the next poll of `host` starts (none before its first reply).
    pub fn next_start(&self, host: &str) -> Option<i64> {
        self.ends.get(host).copied()
    }

    /// Merges one reply (the 5 s archive).
    pub fn merge(&mut self, update: &Update) {
        // Which object and figure each column feeds, decided once per reply.
        let mut plan: Vec<Option<(usize, Metric)>> = Vec::with_capacity(update.columns.len());
        for key in &update.columns {
            let Some(metric) = classify(key.kind, &key.ds) else {
                plan.push(None);
                continue;
            };
            let id = (key.kind, key.uuid.clone());
            let i = match self.index.get(&id) {
                Some(&i) => i,
                None => {
                    self.objects.push(ObjectStats {
                        kind: Some(key.kind),
                        uuid: key.uuid.clone(),
                        points: VecDeque::new(),
                    });
                    let i = self.objects.len() - 1;
                    self.index.insert(id, i);
                    self.order.push(i);
                    i
                }
            };
            plan.push(Some((i, metric)));
        }
        let mut accs: HashMap<usize, Acc> = HashMap::new();
        for row in &update.rows {
            accs.clear();
            for (c, p) in plan.iter().enumerate() {
                let (Some((i, m)), Some(&v)) = (p, row.values.get(c)) else {
                    continue;
                };
                if !v.is_finite() {
                    continue;
                }
                let a = accs.entry(*i).or_default();
                match *m {
                    Metric::CpuMean => a.cpu_mean = Some(v),
                    Metric::CpuCore => a.cores = (a.cores.0 + v, a.cores.1 + 1),
                    Metric::MemTotal(s) => a.total = Some(v * s),
                    Metric::MemFree(s) => a.free = Some(v * s),
                    Metric::Network => a.network += v,
                    Metric::Disk => a.disk += v,
                }
            }
            for (&i, a) in &accs {
                let pts = &mut self.objects[i].points;
                match pts.back() {
                    Some(&(last, _)) if row.t <= last => {
                        if let Ok(j) = pts.binary_search_by_key(&row.t, |p| p.0) {
                            pts[j].1 = a.figures();
                        }
                    }
                    _ => pts.push_back((row.t, a.figures())),
                }
                while pts.len() > SPARK_POINTS {
                    pts.pop_front();
                }
            }
        }
    }

    /// Forgets objects not in `keep` (VMs halted or deleted, hosts gone).
    pub fn retain(&mut self, keep: impl Fn(ObjectKind, &str) -> bool) {
        let objects = std::mem::take(&mut self.objects);
        self.index.clear();
        self.order.clear();
        for o in objects {
            if o.kind.is_some_and(|k| keep(k, &o.uuid)) {
                self.index.insert(
                    (o.kind.unwrap_or(ObjectKind::Vm), o.uuid.clone()),
                    self.objects.len(),
                );
                self.order.push(self.objects.len());
                self.objects.push(o);
            }
        }
    }

    /// Sorts the table by `by`; `name_of` gives the names (sorting by name only).
    pub fn sort_by(
        &mut self,
        by: SortBy,
        descending: bool,
        name_of: impl Fn(&ObjectStats) -> String,
    ) {
        self.sort = by;
        self.descending = descending;
        let objs = &self.objects;
        let figure = |i: usize| -> f64 {
            let f = objs[i].now();
            match by {
                SortBy::Cpu => f64::from(f.cpu),
                SortBy::Memory => f.memory_used,
                SortBy::Network => f.network,
                SortBy::Disk => f.disk,
                SortBy::Name => 0.0,
            }
        };
        if by == SortBy::Name {
            let names: Vec<String> = objs.iter().map(&name_of).collect();
            self.order
                .sort_by(|&a, &b| crate::model::natural::compare(&names[a], &names[b]));
        } else {
            self.order.sort_by(|&a, &b| figure(a).total_cmp(&figure(b)));
        }
        if descending {
            self.order.reverse();
        }
    }

    /// Number of objects.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True with no object yet.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The object at table row `row`.
    pub fn row(&self, row: usize) -> Option<&ObjectStats> {
        self.objects.get(*self.order.get(row)?)
    }

    /// The figures of one object.
    pub fn get(&self, kind: ObjectKind, uuid: &str) -> Option<&ObjectStats> {
        self.objects
            .get(*self.index.get(&(kind, uuid.to_string()))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xenapi::rrd::{Cf, Row, SeriesKey};

    fn update(columns: &[(&str, &str, &str)], rows: &[(i64, &[f64])]) -> Update {
        Update {
            start: 0,
            step: 5,
            end: rows.iter().map(|r| r.0).max().unwrap_or(0),
            columns: columns
                .iter()
                .map(|(k, u, d)| SeriesKey::new(Cf::Average, ObjectKind::parse(k).unwrap(), *u, *d))
                .collect(),
            rows: rows
                .iter()
                .map(|(t, v)| Row {
                    t: *t,
                    values: v.to_vec(),
                })
                .collect(),
        }
    }

    #[test]
    fn figures_derive_by_name_and_the_busiest_comes_first() {
        let mut o = Overview::new();
        // Columns in an order where position pairing would swap total and free.
        let u = update(
            &[
                ("host", "h1", "memory_free_kib"),
                ("host", "h1", "cpu_avg"),
                ("host", "h1", "memory_total_kib"),
                ("host", "h1", "pif_eth0_rx"),
                ("host", "h1", "pif_eth0_tx"),
                ("vm", "v1", "cpu0"),
                ("vm", "v1", "cpu1"),
                ("vm", "v1", "vbd_xvda_read"),
                ("vm", "v1", "vbd_xvda_write"),
                ("vm", "v1", "vbd_xvda_iops_read"),
            ],
            &[(
                100,
                &[1024.0, 0.1, 4096.0, 10.0, 5.0, 0.5, 0.9, 7.0, f64::NAN, 1.0],
            )],
        );
        o.merge(&u);
        let h = o.get(ObjectKind::Host, "h1").unwrap().now();
        assert_eq!(h.memory_used, 3.0 * 1024.0 * 1024.0);
        assert_eq!(h.memory_total, 4.0 * 1024.0 * 1024.0);
        assert_eq!(h.network, 15.0);
        let v = o.get(ObjectKind::Vm, "v1").unwrap().now();
        assert!((v.cpu - 70.0).abs() < 1e-4, "mean of the cores: {}", v.cpu);
        assert_eq!(v.disk, 7.0, "NaN is no value, IOPS are not bytes");
        o.sort_by(SortBy::Cpu, true, |s| s.uuid.clone());
        assert_eq!(o.row(0).unwrap().uuid, "v1");
        o.sort_by(SortBy::Network, true, |s| s.uuid.clone());
        assert_eq!(o.row(0).unwrap().uuid, "h1");
        o.sort_by(SortBy::Name, false, |s| s.uuid.clone());
        assert_eq!(o.row(0).unwrap().uuid, "h1");
    }

    #[test]
    fn a_vm_that_moved_keeps_one_history_and_old_rows_update_in_place() {
        let mut o = Overview::new();
        let cols = [("vm", "v1", "cpu_usage")];
        o.merge(&update(&cols, &[(100, &[0.1]), (105, &[0.2])]));
        // The VM now reports from another host; an overlapping row is replaced, not doubled.
        o.merge(&update(&cols, &[(105, &[0.25]), (110, &[0.3])]));
        let s = o.get(ObjectKind::Vm, "v1").unwrap();
        let cpu: Vec<f32> = s.cpu_history().collect();
        assert_eq!(cpu, [10.0, 25.0, 30.0]);
        assert_eq!(o.len(), 1);
        for t in 0..40 {
            o.merge(&update(&cols, &[(200 + 5 * t, &[0.5])]));
        }
        assert_eq!(
            o.get(ObjectKind::Vm, "v1").unwrap().points.len(),
            SPARK_POINTS
        );
        o.retain(|_, u| u != "v1");
        assert!(o.is_empty());
    }
}
