//! Series kept between polls: one ring buffer per [`SeriesKey`], fed by incremental updates
//! from any number of hosts (a VM that moved keeps one series), plus values derived from
//! named sources of the same object at the same timestamp.

use super::{ObjectKind, SeriesKey, Update};
use std::collections::{BTreeMap, HashMap, VecDeque};

/// One series, oldest first, at most `capacity` points, one per timestamp.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Series {
    points: VecDeque<(i64, f64)>,
}

impl Series {
    /// The points as `(epoch seconds, value)`, oldest first.
    pub fn points(&self) -> impl DoubleEndedIterator<Item = (i64, f64)> + '_ {
        self.points.iter().copied()
    }

    /// Number of points held.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// True when no point is held.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The newest point.
    pub fn last(&self) -> Option<(i64, f64)> {
        self.points.back().copied()
    }

    /// The value at exactly `t`.
    pub fn at(&self, t: i64) -> Option<f64> {
        let i = self.points.binary_search_by_key(&t, |p| p.0).ok()?;
        self.points.get(i).map(|p| p.1)
    }

    /// Puts a point in time order; a timestamp already held takes the newer value (the host
    /// may have consolidated that row further since).
    fn insert(&mut self, t: i64, v: f64, capacity: usize) {
        match self.points.back() {
            Some(&(last, _)) if t > last => self.points.push_back((t, v)),
            None => self.points.push_back((t, v)),
            _ => match self.points.binary_search_by_key(&t, |p| p.0) {
                Ok(i) => self.points[i].1 = v,
                // Older than everything kept in a full buffer: it would fall out at once.
                Err(0) if self.points.len() >= capacity => {}
                Err(i) => self.points.insert(i, (t, v)),
            },
        }
        while self.points.len() > capacity {
            self.points.pop_front();
        }
    }

    /// Drops the points `span` seconds or more older than the newest.
    fn keep_after(&mut self, span: i64) {
        let Some((newest, _)) = self.last() else {
            return;
        };
        while self.points.front().is_some_and(|p| p.0 <= newest - span) {
            self.points.pop_front();
        }
    }
}

/// The series of one range (an archive's worth of rows), from every host polled.
///
/// A reply may come from another archive than the one asked for: xcp-rrdd answers a `start`
/// its archive no longer holds (the first poll on its boundary, or after a sleep or an
/// outage) from the next coarser one. Its rows are filed at their own times, as its step
/// says, never refused: the next poll, from that reply's `end`, is back in the finer
/// archive. The store keeps `capacity` points per series and, once a step is known, only
/// the last `capacity` of the finest step seen (coarse rows from a gap age out as fine
/// ones arrive).
#[derive(Debug, Clone)]
pub struct Store {
    /// The finest step any reply declared.
    step: Option<i64>,
    capacity: usize,
    series: HashMap<SeriesKey, Series>,
    /// Each host's last `end`: where its next poll starts.
    ends: BTreeMap<String, i64>,
}

impl Store {
    /// A store keeping `capacity` points per series (an archive's row count: 120, 120, 168
    /// or 366).
    pub fn new(capacity: usize) -> Store {
        Store {
            step: None,
            capacity: capacity.max(1),
            series: HashMap::new(),
            ends: BTreeMap::new(),
        }
    }

    /// The finest step of the replies merged so far.
    pub fn step(&self) -> Option<i64> {
        self.step
    }

    /// Merges one host's reply, whatever archive it came from. Returns how many points
    /// were new or changed values.
    pub fn merge(&mut self, host: &str, update: &Update) -> usize {
        if update.step > 0 {
            self.step = Some(self.step.map_or(update.step, |s| s.min(update.step)));
        }
        let mut changed = 0;
        for (col, key) in update.columns.iter().enumerate() {
            let series = self.series.entry(key.clone()).or_default();
            for row in &update.rows {
                let Some(&v) = row.values.get(col) else {
                    continue;
                };
                let before = series.at(row.t);
                if before.is_none_or(|b| b.to_bits() != v.to_bits()) {
                    changed += 1;
                }
                series.insert(row.t, v, self.capacity);
            }
        }
        if let Some(step) = self.step {
            let span = step.saturating_mul(self.capacity as i64);
            for series in self.series.values_mut() {
                series.keep_after(span);
            }
        }
        let end = self.ends.entry(host.to_string()).or_insert(update.end);
        *end = (*end).max(update.end);
        changed
    }

    /// Where the next poll of `host` starts: its last reply's `end` (none before the first).
    pub fn next_start(&self, host: &str) -> Option<i64> {
        self.ends.get(host).copied()
    }

    /// The series of `key`, if any update had it.
    pub fn series(&self, key: &SeriesKey) -> Option<&Series> {
        self.series.get(key)
    }

    /// True before any update brought a series.
    pub fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// Every series held, in no particular order.
    pub fn keys(&self) -> impl Iterator<Item = &SeriesKey> {
        self.series.keys()
    }

    /// The data source names held for one object and CF, sorted.
    pub fn sources(&self, cf: super::Cf, kind: ObjectKind, uuid: &str) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .series
            .keys()
            .filter(|k| k.cf == cf && k.kind == kind && k.uuid == uuid)
            .map(|k| k.ds.as_str())
            .collect();
        v.sort_unstable();
        v
    }

    /// Forgets every series of an object (a VM deleted).
    pub fn remove_object(&mut self, kind: ObjectKind, uuid: &str) {
        self.series
            .retain(|k, _| !(k.kind == kind && k.uuid == uuid));
    }

    /// `f(a, b)` at every timestamp where both named sources of the same object have a
    /// value: derived values pair by name and time, never by column position.
    pub fn combine(
        &self,
        a: &SeriesKey,
        b_ds: &str,
        f: impl Fn(f64, f64) -> f64,
    ) -> Vec<(i64, f64)> {
        let b = SeriesKey {
            ds: b_ds.to_string(),
            ..a.clone()
        };
        let (Some(sa), Some(sb)) = (self.series.get(a), self.series.get(&b)) else {
            return Vec::new();
        };
        let (mut ia, mut ib) = (sa.points().peekable(), sb.points().peekable());
        let mut out = Vec::new();
        while let (Some(&(ta, va)), Some(&(tb, vb))) = (ia.peek(), ib.peek()) {
            match ta.cmp(&tb) {
                std::cmp::Ordering::Less => {
                    ia.next();
                }
                std::cmp::Ordering::Greater => {
                    ib.next();
                }
                std::cmp::Ordering::Equal => {
                    out.push((ta, f(va, vb)));
                    ia.next();
                    ib.next();
                }
            }
        }
        out
    }

    /// Memory in use, in bytes, for a host (`memory_total_kib − memory_free_kib`) or a VM
    /// (`memory − memory_internal_free × 1024`; the guest agent reports free memory in KiB).
    pub fn memory_used(&self, cf: super::Cf, kind: ObjectKind, uuid: &str) -> Vec<(i64, f64)> {
        match kind {
            ObjectKind::Host => {
                let total = SeriesKey::new(cf, kind, uuid, "memory_total_kib");
                self.combine(&total, "memory_free_kib", |t, f| (t - f) * 1024.0)
            }
            ObjectKind::Vm => {
                let total = SeriesKey::new(cf, kind, uuid, "memory");
                self.combine(&total, "memory_internal_free", |t, f| t - f * 1024.0)
            }
            ObjectKind::Sr => Vec::new(),
        }
    }

    /// Total memory, in bytes, of a host (`memory_total_kib`) or a VM (`memory`).
    pub fn memory_total(&self, cf: super::Cf, kind: ObjectKind, uuid: &str) -> Vec<(i64, f64)> {
        let (ds, scale) = match kind {
            ObjectKind::Host => ("memory_total_kib", 1024.0),
            ObjectKind::Vm => ("memory", 1.0),
            ObjectKind::Sr => return Vec::new(),
        };
        self.series
            .get(&SeriesKey::new(cf, kind, uuid, ds))
            .map(|s| s.points().map(|(t, v)| (t, v * scale)).collect())
            .unwrap_or_default()
    }
}
