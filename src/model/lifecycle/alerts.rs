//! The Alerts and Tasks views' logic: xapi datetimes, alert severities as XenCenter names
//! them, which object an alert is about, the views' filters, and a task's elapsed time.

use crate::xenapi::tasks::Message;
use crate::xenapi::{Cache, Task};

/// Seconds since the Unix epoch of an xapi datetime (`20260319T04:16:24Z`, also with `-`
/// in the date, fractional seconds, or no `Z`); `None` when it is not one.
pub fn parse_datetime(s: &str) -> Option<i64> {
    let s = s.trim().trim_end_matches('Z');
    let (date, time) = s.split_once('T')?;
    let date: String = date.chars().filter(|c| *c != '-').collect();
    if date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i64 = date[0..4].parse().ok()?;
    let m: i64 = date[4..6].parse().ok()?;
    let d: i64 = date[6..8].parse().ok()?;
    let time = time.split('.').next()?;
    let mut hms = time.split(':').map(|p| p.parse::<i64>().ok());
    let (h, mi, se) = (hms.next()??, hms.next()??, hms.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || h > 23 || mi > 59 || se > 60 {
        return None;
    }
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + h * 3600 + mi * 60 + se)
}

/// An alert's severity, from its priority as XenCenter shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Priority 1.
    Critical,
    /// Priority 2.
    Major,
    /// Priority 3.
    Warning,
    /// Priority 4.
    Minor,
    /// Priority 5 (and anything else).
    Information,
}

impl Severity {
    /// The severity of a message priority.
    pub fn of(priority: i64) -> Severity {
        match priority {
            i64::MIN..=1 => Severity::Critical,
            2 => Severity::Major,
            3 => Severity::Warning,
            4 => Severity::Minor,
            _ => Severity::Information,
        }
    }
}

/// The object an alert is about, found in the cache by its class and uuid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertObject {
    /// A VM (or template, snapshot), by ref.
    Vm(String),
    /// A host.
    Host(String),
    /// An SR.
    Sr(String),
    /// The pool.
    Pool(String),
    /// A VDI.
    Vdi(String),
}

/// What `m` is about, when that object is cached.
pub fn object_of(cache: &Cache, m: &Message) -> Option<AlertObject> {
    fn find<T>(
        map: &std::collections::HashMap<crate::xenapi::Ref<T>, T>,
        uuid: impl Fn(&T) -> &str,
        want: &str,
    ) -> Option<String> {
        map.iter()
            .find(|(_, x)| uuid(x) == want)
            .map(|(r, _)| r.as_str().to_string())
    }
    let u = m.obj_uuid.as_str();
    match m.cls.as_str() {
        "VM" => find(&cache.vms, |v| &v.uuid, u).map(AlertObject::Vm),
        "Host" => find(&cache.hosts, |h| &h.uuid, u).map(AlertObject::Host),
        "SR" => find(&cache.srs, |s| &s.uuid, u).map(AlertObject::Sr),
        "Pool" => find(&cache.pools, |p| &p.uuid, u).map(AlertObject::Pool),
        "VDI" => find(&cache.vdis, |d| &d.uuid, u).map(AlertObject::Vdi),
        _ => None,
    }
}

/// The Alerts view's filter; empty fields match everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlertFilter {
    /// Only these severities (empty: all).
    pub severities: Vec<Severity>,
    /// Only alerts about the object with this uuid.
    pub obj_uuid: Option<String>,
    /// Only alerts at or after this time (Unix seconds).
    pub since: Option<i64>,
}

impl AlertFilter {
    /// Whether `m` passes.
    pub fn matches(&self, m: &Message) -> bool {
        (self.severities.is_empty() || self.severities.contains(&Severity::of(m.priority)))
            && self.obj_uuid.as_ref().is_none_or(|u| *u == m.obj_uuid)
            && self
                .since
                .is_none_or(|t| parse_datetime(&m.timestamp).is_some_and(|ts| ts >= t))
    }
}

/// Alerts newest first (by timestamp, then name for a stable order).
pub fn sorted<'a>(alerts: impl IntoIterator<Item = &'a Message>) -> Vec<&'a Message> {
    let mut v: Vec<&Message> = alerts.into_iter().collect();
    v.sort_by(|a, b| {
        let ta = parse_datetime(&a.timestamp).unwrap_or(i64::MIN);
        let tb = parse_datetime(&b.timestamp).unwrap_or(i64::MIN);
        tb.cmp(&ta)
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.uuid.cmp(&b.uuid))
    });
    v
}

/// How long a task has run (to `now` while it runs, to `finished` when done), in seconds.
pub fn elapsed(task: &Task, now: i64) -> Option<i64> {
    let start = parse_datetime(&task.created)?;
    let end = match task.status {
        crate::xenapi::records::TaskStatus::Pending
        | crate::xenapi::records::TaskStatus::Cancelling => now,
        _ => parse_datetime(&task.finished)
            .filter(|f| *f >= start)
            .unwrap_or(now),
    };
    Some((end - start).max(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xapi_datetimes_parse() {
        assert_eq!(parse_datetime("20250319T04:16:24Z"), Some(1_742_357_784));
        assert_eq!(parse_datetime("2025-03-19T04:16:24Z"), Some(1_742_357_784));
        assert_eq!(parse_datetime("19700101T00:00:00Z"), Some(0));
        assert_eq!(
            parse_datetime("20250319T04:16:24.123Z"),
            Some(1_742_357_784)
        );
        for bad in [
            "",
            "yesterday",
            "20251319T00:00:00Z",
            "20250319T25:00:00Z",
            "2025031T00:00:00Z",
        ] {
            assert_eq!(parse_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn filters_severities_and_objects() {
        let cache = crate::xapidb::cache_of(&crate::demo::demo_pool());
        let alerts: Vec<&Message> = cache.messages.values().collect();
        assert!(!alerts.is_empty());
        for m in &alerts {
            assert!(
                object_of(&cache, m).is_some(),
                "the seeded alerts name cached objects: {m:?}"
            );
        }
        let crit = AlertFilter {
            severities: vec![Severity::Critical, Severity::Major],
            ..Default::default()
        };
        assert!(
            alerts
                .iter()
                .filter(|m| crit.matches(m))
                .all(|m| m.priority <= 2)
        );
        let s = sorted(alerts.iter().copied());
        let times: Vec<i64> = s
            .iter()
            .map(|m| parse_datetime(&m.timestamp).unwrap())
            .collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
        let newest = times[0];
        let recent = AlertFilter {
            since: Some(newest),
            ..Default::default()
        };
        assert!(alerts.iter().filter(|m| recent.matches(m)).count() >= 1);
        let one = AlertFilter {
            obj_uuid: Some(s[0].obj_uuid.clone()),
            ..Default::default()
        };
        assert!(
            alerts
                .iter()
                .filter(|m| one.matches(m))
                .all(|m| m.obj_uuid == s[0].obj_uuid)
        );
        assert_eq!(Severity::of(5), Severity::Information);
        assert!(Severity::Critical < Severity::Information);
    }

    #[test]
    fn elapsed_time_runs_until_the_task_ends() {
        use crate::xenapi::records::TaskStatus;
        let t = Task {
            created: "20250319T04:16:24Z".into(),
            finished: "20250319T04:16:30Z".into(),
            status: TaskStatus::Success,
            ..Task::default()
        };
        assert_eq!(elapsed(&t, 1_742_357_784 + 100), Some(6));
        let running = Task {
            status: TaskStatus::Pending,
            finished: "19700101T00:00:00Z".into(),
            ..t
        };
        assert_eq!(elapsed(&running, 1_742_357_784 + 100), Some(100));
    }
}
