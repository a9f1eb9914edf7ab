//! The Alerts view's logic: xapi's `message` records (loaded, then live through `event.from`)
//! as alerts with XenCenter's five priorities, the object each names (by `obj_uuid`), and the
//! filter (pool, object, priority, time). [`index`] gives the filtered alerts newest first;
//! the view recomputes it only when the alerts or the filter change, so ten thousand alerts
//! cost nothing per frame.

use super::tasks::parse_time;
use super::tree::Node;
use std::collections::HashMap;
use xenapi::{Cache, Message, Ref};

/// XenCenter's names for xapi's priorities 1 (highest) to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Priority {
    Critical,
    Major,
    Warning,
    Minor,
    Info,
}

impl Priority {
    pub const ALL: [Priority; 5] = [
        Priority::Critical,
        Priority::Major,
        Priority::Warning,
        Priority::Minor,
        Priority::Info,
    ];

    /// xapi's number: 1 is "data loss imminent", 5 informational; anything else reads as
    /// informational, as XenCenter treats unknown priorities.
    pub fn of(n: i64) -> Priority {
        match n {
            1 => Priority::Critical,
            2 => Priority::Major,
            3 => Priority::Warning,
            4 => Priority::Minor,
            _ => Priority::Info,
        }
    }

    /// The Fluent id of its name.
    pub fn label_id(self) -> &'static str {
        match self {
            Priority::Critical => "alert-priority-critical",
            Priority::Major => "alert-priority-major",
            Priority::Warning => "alert-priority-warning",
            Priority::Minor => "alert-priority-minor",
            Priority::Info => "alert-priority-info",
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// How far back alerts are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Since {
    #[default]
    Any,
    Hour,
    Day,
    Week,
}

impl Since {
    pub const ALL: [Since; 4] = [Since::Any, Since::Hour, Since::Day, Since::Week];

    fn seconds(self) -> Option<i64> {
        match self {
            Since::Any => None,
            Since::Hour => Some(3600),
            Since::Day => Some(86_400),
            Since::Week => Some(7 * 86_400),
        }
    }

    pub fn label_id(self) -> &'static str {
        match self {
            Since::Any => "alert-since-any",
            Since::Hour => "alert-since-hour",
            Since::Day => "alert-since-day",
            Since::Week => "alert-since-week",
        }
    }
}

/// What the Alerts view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    /// Only this pool (window id), or all.
    pub pool: Option<u64>,
    /// Only alerts about the object with this UUID.
    pub object: Option<String>,
    /// The priorities shown, one bit each.
    priorities: u8,
    pub since: Since,
}

impl Default for Filter {
    fn default() -> Self {
        Filter {
            pool: None,
            object: None,
            priorities: 0x1f,
            since: Since::Any,
        }
    }
}

impl Filter {
    pub fn shows(&self, p: Priority) -> bool {
        self.priorities & p.bit() != 0
    }

    pub fn set_shown(&mut self, p: Priority, on: bool) {
        if on {
            self.priorities |= p.bit();
        } else {
            self.priorities &= !p.bit();
        }
    }

    /// Whether anything is filtered out.
    pub fn is_active(&self) -> bool {
        *self != Filter::default()
    }

    fn keeps(&self, m: &Message, time: i64, now: i64) -> bool {
        self.shows(Priority::of(m.priority))
            && self.object.as_ref().is_none_or(|u| *u == m.obj_uuid)
            && self.since.seconds().is_none_or(|s| time >= now - s)
    }
}

/// One alert of the index: its pool (window id), ref and time (Unix seconds).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub pool: u64,
    pub message: Ref<Message>,
    pub time: i64,
}

/// The alerts of `pools` (window id, cache) that `filter` keeps, newest first (ties by ref,
/// so the order is stable).
pub fn index(pools: &[(u64, &Cache)], filter: &Filter, now: i64) -> Vec<Entry> {
    let mut out = Vec::new();
    for (id, cache) in pools {
        if filter.pool.is_some_and(|p| p != *id) {
            continue;
        }
        for (r, m) in &cache.messages {
            let time = parse_time(&m.timestamp).unwrap_or(0);
            if filter.keeps(m, time, now) {
                out.push(Entry {
                    pool: *id,
                    message: r.clone(),
                    time,
                });
            }
        }
    }
    out.sort_by(|a, b| {
        b.time
            .cmp(&a.time)
            .then_with(|| a.message.as_str().cmp(b.message.as_str()))
    });
    out
}

/// The alerts about `uuid` in one pool, newest first (an object's Alerts tab).
pub fn of_object(cache: &Cache, uuid: &str) -> Vec<Ref<Message>> {
    let mut v: Vec<(&Ref<Message>, i64)> = cache
        .messages
        .iter()
        .filter(|(_, m)| m.obj_uuid == uuid)
        .map(|(r, m)| (r, parse_time(&m.timestamp).unwrap_or(0)))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.as_str().cmp(b.0.as_str())));
    v.into_iter().map(|(r, _)| r.clone()).collect()
}

/// How many alerts each priority has in `pools` (the status bar and the filter's counts).
pub fn counts(pools: &[(u64, &Cache)]) -> [usize; 5] {
    let mut c = [0; 5];
    for (_, cache) in pools {
        for m in cache.messages.values() {
            c[Priority::of(m.priority) as usize] += 1;
        }
    }
    c
}

/// The objects alerts can name, by UUID: pools, hosts, VMs and SRs.
pub fn objects_by_uuid(cache: &Cache) -> HashMap<String, Node> {
    let mut map = HashMap::with_capacity(cache.vms.len() + cache.hosts.len() + 8);
    map.extend(
        cache
            .pools
            .iter()
            .map(|(r, p)| (p.uuid.clone(), Node::Pool(r.clone()))),
    );
    map.extend(
        cache
            .hosts
            .iter()
            .map(|(r, h)| (h.uuid.clone(), Node::Host(r.clone()))),
    );
    map.extend(
        cache
            .vms
            .iter()
            .map(|(r, v)| (v.uuid.clone(), Node::Vm(r.clone()))),
    );
    map.extend(
        cache
            .srs
            .iter()
            .map(|(r, s)| (s.uuid.clone(), Node::Sr(r.clone()))),
    );
    map
}

/// The UUID of the object a node names, for its Alerts tab.
pub fn uuid_of(cache: &Cache, node: &Node) -> Option<String> {
    Some(match node {
        Node::Pool(r) => cache.pools.get(r)?.uuid.clone(),
        Node::Host(r) => cache.hosts.get(r)?.uuid.clone(),
        Node::Vm(r) => cache.vms.get(r)?.uuid.clone(),
        Node::Sr(r) => cache.srs.get(r)?.uuid.clone(),
        _ => return None,
    })
}

/// A performance alarm (xapi's perfmon `ALARM` message): the variable, its value and the
/// level that triggers it, read from the body perfmon writes (`value: 0.967100`, then the
/// variable's XML `<name value="cpu_usage"/>` and `<alarm_trigger_level value="0.9"/>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Alarm {
    pub variable: String,
    pub value: f64,
    pub level: Option<f64>,
}

/// The alarm in `body`, or `None` when it does not read as one (the body is then shown as
/// it is). Never panics on any text.
pub fn parse_alarm(body: &str) -> Option<Alarm> {
    let value = body
        .lines()
        .find_map(|l| l.trim().strip_prefix("value:"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite())?;
    let attr = |tag: &str| -> Option<String> {
        let start = body.find(&format!("<{tag} "))?;
        let rest = &body[start..];
        let v = rest.split_once("value=\"")?.1;
        Some(v.split_once('"')?.0.to_string())
    };
    let variable = attr("name").filter(|v| !v.is_empty())?;
    let level = attr("alarm_trigger_level")
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite());
    Some(Alarm {
        variable,
        value,
        level,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(priority: i64, obj: &str, ts: &str) -> Message {
        Message {
            priority,
            obj_uuid: obj.into(),
            timestamp: ts.into(),
            name: "VM_STARTED".into(),
            ..Message::default()
        }
    }

    fn cache() -> Cache {
        let mut c = Cache::default();
        c.messages
            .insert(Ref::new("a"), msg(1, "vm-1", "20261124T10:00:00Z"));
        c.messages
            .insert(Ref::new("b"), msg(5, "vm-1", "20261124T12:00:00Z"));
        c.messages
            .insert(Ref::new("c"), msg(3, "host-1", "20261120T12:00:00Z"));
        c
    }

    fn refs(v: &[Entry]) -> Vec<&str> {
        v.iter().map(|e| e.message.as_str()).collect()
    }

    #[test]
    fn alerts_come_newest_first_and_filter_by_priority_object_time_and_pool() {
        let c = cache();
        let now = parse_time("20261124T12:30:00Z").unwrap_or_default();
        let pools = [(7, &c)];
        let mut f = Filter::default();
        assert!(!f.is_active());
        assert_eq!(refs(&index(&pools, &f, now)), ["b", "a", "c"]);
        f.set_shown(Priority::Info, false);
        assert_eq!(refs(&index(&pools, &f, now)), ["a", "c"]);
        f.object = Some("vm-1".into());
        assert_eq!(refs(&index(&pools, &f, now)), ["a"]);
        let mut f = Filter {
            since: Since::Hour,
            ..Filter::default()
        };
        assert_eq!(refs(&index(&pools, &f, now)), ["b"]);
        f.since = Since::Week;
        assert_eq!(index(&pools, &f, now).len(), 3);
        f.pool = Some(8);
        assert!(index(&pools, &f, now).is_empty());
        assert!(f.is_active());
    }

    #[test]
    fn unknown_priorities_read_as_informational() {
        assert_eq!(Priority::of(0), Priority::Info);
        assert_eq!(Priority::of(9), Priority::Info);
        assert_eq!(Priority::of(2), Priority::Major);
        assert_eq!(counts(&[(1, &cache())]), [1, 0, 1, 0, 1]);
        assert_eq!(of_object(&cache(), "vm-1"), [Ref::new("b"), Ref::new("a")]);
    }

    #[test]
    fn a_perfmon_alarm_reads_its_variable_value_and_level() {
        let body = "value: 0.967100\nconfig:\n<variable>\n\n\t<name value=\"cpu_usage\"/>\n\n\t<alarm_trigger_level value=\"0.9\"/>\n\n</variable>\n";
        assert_eq!(
            parse_alarm(body),
            Some(Alarm {
                variable: "cpu_usage".into(),
                value: 0.9671,
                level: Some(0.9),
            })
        );
        assert_eq!(parse_alarm("VM 'web-01' started"), None);
        assert_eq!(parse_alarm("value: NaN\n<name value=\"x\"/>"), None);
        assert_eq!(parse_alarm("value: 1\n<name value=\"€"), None, "cut short");
    }
}
