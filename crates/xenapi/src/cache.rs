//! The object cache: every record of the classes XenPilot uses, keyed by ref, kept current by
//! applying `event.from` batches.

use super::codec::DecodeError;
use super::events::{Event, Operation};
use super::records::*;
use super::refs::{Class, Ref};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};

macro_rules! cache {
    ($($field:ident : $ty:ty),* $(,)?) => {
        /// Typed records by ref, one map per class.
        #[derive(Debug, Clone, Default)]
        pub struct Cache {
            $(
                #[doc = concat!("Every [`", stringify!($ty), "`] record, by ref.")]
                pub $field: HashMap<Ref<$ty>, $ty>,
            )*
            /// The tasks that events changed lately.
            pub task_log: TaskLog,
        }

        /// The classes the cache holds, by datamodel name (`VM`, `PIF`, `host_metrics`).
        pub const CLASSES: &[&str] = &[$(<$ty as Class>::NAME),*];

        impl Cache {
            /// Number of objects of `class` (any case), if the cache holds that class.
            pub fn count(&self, class: &str) -> Option<usize> {
                $(if class.eq_ignore_ascii_case(<$ty as Class>::NAME) { return Some(self.$field.len()); })*
                None
            }

            /// Loads every class with `get_all_records`, all classes at once. A class the
            /// server does not know (`MESSAGE_METHOD_UNKNOWN`: `Certificate` before XenServer
            /// 8.2, `VTPM` before 8.3) is held empty rather than failing the connection.
            pub async fn fetch_all(session: &super::Session) -> super::Result<Cache> {
                let ($($field,)*) = tokio::join!(
                    $(session.get_all_records::<$ty>(),)*
                );
                Ok(Cache { $($field: absent_is_empty($field)?,)* task_log: TaskLog::default() })
            }

            /// Replaces every record of `class` with a `get_all_records` result.
            pub fn replace_class(&mut self, class: &str, records: Value) -> Result<(), DecodeError> {
                $(if class.eq_ignore_ascii_case(<$ty as Class>::NAME) {
                    self.$field = decode_all::<$ty>(records)?;
                    if class.eq_ignore_ascii_case(Task::NAME) {
                        self.task_log = TaskLog::default();
                    }
                    return Ok(());
                })*
                Err(DecodeError::shape(format!("class {class} is not cached")))
            }

            /// Applies one event. Returns false when the class is not cached (ignored) or the
            /// snapshot could not be decoded (the object is then dropped, not half-updated).
            pub fn apply(&mut self, ev: Event) -> bool {
                if ev.class.eq_ignore_ascii_case(Task::NAME) {
                    self.task_log.push(Ref::new(ev.reference.clone()));
                }
                $(if ev.class.eq_ignore_ascii_case(<$ty as Class>::NAME) {
                    return apply_to(&mut self.$field, ev);
                })*
                false
            }

            /// Decodes one event into a [`Change`] that applies it cheaply, so the costly part
            /// (the record's JSON) can run off the thread that owns the cache. `None` when the
            /// class is not cached.
            pub fn decode(ev: Event) -> Option<Change> {
                if ev.class.eq_ignore_ascii_case(Task::NAME) {
                    let r = Ref::new(ev.reference.clone());
                    let change = decode_one::<Task>(ev, |c| &mut c.tasks);
                    return Some(Change(Box::new(move |c: &mut Cache, g: &mut Garbage| {
                        c.task_log.push(r);
                        change.apply_keeping(c, g)
                    })));
                }
                $(if ev.class.eq_ignore_ascii_case(<$ty as Class>::NAME) {
                    return Some(decode_one::<$ty>(ev, |c: &mut Cache| -> &mut HashMap<Ref<$ty>, $ty> {
                        &mut c.$field
                    }));
                })*
                None
            }

            /// Total number of cached objects.
            pub fn len(&self) -> usize {
                0 $(+ self.$field.len())*
            }

            /// True when no object is cached.
            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }

            /// The refs of every cached object of `class`, for resync checks.
            pub fn refs(&self, class: &str) -> Vec<String> {
                $(if class.eq_ignore_ascii_case(<$ty as Class>::NAME) {
                    return self.$field.keys().map(|r| r.as_str().to_string()).collect();
                })*
                Vec::new()
            }
        }
    };
}

cache! {
    pools: Pool,
    hosts: Host,
    host_metrics: HostMetrics,
    vms: Vm,
    vm_metrics: VmMetrics,
    vm_guest_metrics: VmGuestMetrics,
    networks: Network,
    pifs: Pif,
    pif_metrics: PifMetrics,
    vifs: Vif,
    srs: Sr,
    pbds: Pbd,
    vdis: Vdi,
    vbds: Vbd,
    bonds: Bond,
    vlans: Vlan,
    tasks: Task,
    messages: super::tasks::Message,
    features: Feature,
    certificates: Certificate,
    vtpms: Vtpm,
    pool_updates: PoolUpdate,
}

/// A class's records, or none when the server lacks the class altogether.
fn absent_is_empty<K, V>(r: super::Result<HashMap<K, V>>) -> super::Result<HashMap<K, V>> {
    match r {
        Err(e) if e.is_code(super::error::codes::MESSAGE_METHOD_UNKNOWN) => Ok(HashMap::new()),
        other => other,
    }
}

fn decode_all<T: DeserializeOwned>(v: Value) -> Result<HashMap<Ref<T>, T>, DecodeError> {
    let Value::Object(map) = v else {
        return Err(DecodeError::shape("expected a map of records"));
    };
    let mut out = HashMap::with_capacity(map.len());
    for (k, rec) in map {
        match serde_json::from_value::<T>(rec) {
            Ok(r) => {
                out.insert(Ref::new(k), r);
            }
            Err(e) => {
                tracing::warn!(object = %k, error = %e, "skipping a record that cannot be decoded")
            }
        }
    }
    Ok(out)
}

fn apply_to<T: DeserializeOwned>(map: &mut HashMap<Ref<T>, T>, ev: Event) -> bool {
    let r = Ref::new(ev.reference);
    match ev.operation {
        Operation::Del => {
            map.remove(&r);
            true
        }
        Operation::Add | Operation::Mod => match ev.snapshot {
            Some(snap) => match serde_json::from_value::<T>(snap) {
                Ok(rec) => {
                    map.insert(r, rec);
                    true
                }
                Err(e) => {
                    tracing::warn!(object = %r, error = %e, "dropping an object whose snapshot cannot be decoded");
                    map.remove(&r);
                    false
                }
            },
            // The object vanished before xapi took the snapshot; a del event follows.
            None => true,
        },
    }
}

/// The refs of the tasks events changed, numbered, so that a view follows a pool's tasks
/// by what changed instead of reading every task each frame (a pool may keep 100,000).
#[derive(Debug, Clone)]
pub struct TaskLog {
    /// Which log: a cache replaced (a reconnect) starts another.
    epoch: u64,
    seq: u64,
    recent: VecDeque<(u64, Ref<Task>)>,
}

/// Changes a [`TaskLog`] remembers; a reader further behind reads every task.
pub const TASK_LOG_KEEP: usize = 4096;

impl Default for TaskLog {
    fn default() -> Self {
        static EPOCHS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        TaskLog {
            epoch: EPOCHS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            seq: 0,
            recent: VecDeque::new(),
        }
    }
}

/// Where a reader of a [`TaskLog`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TaskCursor {
    epoch: u64,
    seq: u64,
}

impl TaskLog {
    fn push(&mut self, r: Ref<Task>) {
        self.seq += 1;
        self.recent.push_back((self.seq, r));
        if self.recent.len() > TASK_LOG_KEEP {
            self.recent.pop_front();
        }
    }

    /// The position after the latest change.
    pub fn cursor(&self) -> TaskCursor {
        TaskCursor {
            epoch: self.epoch,
            seq: self.seq,
        }
    }

    /// The tasks changed after `from` (a ref may repeat), or `None` when the log cannot
    /// tell (another cache's cursor, or changes it no longer holds): then read every task.
    pub fn since(&self, from: TaskCursor) -> Option<impl Iterator<Item = &Ref<Task>>> {
        if from.epoch != self.epoch || from.seq > self.seq {
            return None;
        }
        let oldest = self.recent.front().map_or(self.seq + 1, |e| e.0);
        if from.seq + 1 < oldest {
            return None;
        }
        let skip = usize::try_from(from.seq + 1 - oldest).ok()?;
        Some(self.recent.range(skip..).map(|e| &e.1))
    }
}

/// One decoded event, ready to apply to a [`Cache`] without decoding anything.
pub struct Change(Box<ApplyFn>);

type ApplyFn = dyn FnOnce(&mut Cache, &mut Garbage) -> bool + Send;

impl Change {
    /// Applies the change; false when its snapshot could not be decoded (the object is then
    /// dropped, not half-updated).
    pub fn apply(self, cache: &mut Cache) -> bool {
        self.apply_keeping(cache, &mut Garbage::default())
    }

    /// Applies the change, the records it replaces or removes put in `garbage` instead of
    /// freed here: freeing a record is most of what applying costs (dozens of allocations,
    /// made on the thread that decoded it), and the thread that owns the cache may have
    /// better things to do.
    pub fn apply_keeping(self, cache: &mut Cache, garbage: &mut Garbage) -> bool {
        (self.0)(cache, garbage)
    }
}

/// Records replaced or removed from a cache, to be freed elsewhere (or here, when dropped).
#[derive(Default)]
pub struct Garbage(Vec<Box<dyn Send>>);

impl Garbage {
    fn keep<T: Send + 'static>(&mut self, old: Option<T>) {
        if let Some(old) = old {
            self.0.push(Box::new(old));
        }
    }

    /// How many records it holds.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when it holds nothing.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Change")
    }
}

type Field<T> = fn(&mut Cache) -> &mut HashMap<Ref<T>, T>;

fn decode_one<T: DeserializeOwned + Send + 'static>(ev: Event, field: Field<T>) -> Change {
    let r = Ref::new(ev.reference);
    match (ev.operation, ev.snapshot) {
        (Operation::Del, _) => Change(Box::new(move |c, g| {
            g.keep(field(c).remove(&r));
            true
        })),
        (Operation::Add | Operation::Mod, Some(snap)) => match serde_json::from_value::<T>(snap) {
            Ok(rec) => Change(Box::new(move |c, g| {
                g.keep(field(c).insert(r, rec));
                true
            })),
            Err(e) => {
                tracing::warn!(object = %r, error = %e, "dropping an object whose snapshot cannot be decoded");
                Change(Box::new(move |c, g| {
                    g.keep(field(c).remove(&r));
                    false
                }))
            }
        },
        // The object vanished before xapi took the snapshot; a del event follows.
        (Operation::Add | Operation::Mod, None) => Change(Box::new(|_, _| true)),
    }
}

impl Cache {
    /// The pool record (there is exactly one per connection).
    pub fn pool(&self) -> Option<(&Ref<Pool>, &Pool)> {
        self.pools.iter().next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::{Event, Operation};

    fn vm_event(op: Operation, r: &str, name: &str) -> Event {
        Event {
            class: "vm".into(),
            operation: op,
            reference: r.into(),
            snapshot: (op != Operation::Del)
                .then(|| serde_json::json!({ "name_label": name, "uuid": r })),
        }
    }

    /// Applying while keeping the garbage changes the cache exactly as applying does, and
    /// hands over each record replaced or removed (none for a new one).
    #[test]
    fn applying_with_garbage_kept_changes_the_cache_the_same() {
        let events = || {
            vec![
                vm_event(Operation::Add, "OpaqueRef:a", "one"),
                vm_event(Operation::Add, "OpaqueRef:b", "two"),
                vm_event(Operation::Mod, "OpaqueRef:a", "one again"),
                vm_event(Operation::Del, "OpaqueRef:b", ""),
            ]
        };
        let mut plain = Cache::default();
        for ev in events() {
            Cache::decode(ev).expect("a VM change").apply(&mut plain);
        }
        let mut kept = Cache::default();
        let mut garbage = Garbage::default();
        for ev in events() {
            Cache::decode(ev)
                .expect("a VM change")
                .apply_keeping(&mut kept, &mut garbage);
        }
        assert_eq!(garbage.len(), 2, "the record replaced and the one removed");
        let names = |c: &Cache| {
            let mut v: Vec<(String, String)> = c
                .vms
                .iter()
                .map(|(r, vm)| (r.as_str().to_string(), vm.name_label.clone()))
                .collect();
            v.sort();
            v
        };
        assert_eq!(names(&kept), names(&plain));
        assert_eq!(names(&kept), [("OpaqueRef:a".into(), "one again".into())]);
    }
}
