//! The object cache: every record of the classes XenPilot uses, keyed by ref, kept current by
//! applying `event.from` batches.

use super::events::{Event, Operation};
use super::records::*;
use super::refs::{Class, Ref};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;

macro_rules! cache {
    ($($field:ident : $ty:ty),* $(,)?) => {
        /// Typed records by ref, one map per class.
        #[derive(Debug, Clone, Default)]
        pub struct Cache {
            $(pub $field: HashMap<Ref<$ty>, $ty>,)*
        }

        /// The classes the cache holds, by datamodel name (`VM`, `PIF`, `host_metrics`).
        pub const CLASSES: &[&str] = &[$(<$ty as Class>::NAME),*];

        impl Cache {
            /// Number of objects of `class` (any case), if the cache holds that class.
            pub fn count(&self, class: &str) -> Option<usize> {
                $(if class.eq_ignore_ascii_case(<$ty as Class>::NAME) { return Some(self.$field.len()); })*
                None
            }

            /// Loads every class with `get_all_records`, all classes at once.
            pub async fn fetch_all(session: &super::Session) -> super::Result<Cache> {
                let ($($field,)*) = tokio::join!(
                    $(session.get_all_records::<$ty>(),)*
                );
                Ok(Cache { $($field: $field?,)* })
            }

            /// Replaces every record of `class` with a `get_all_records` result.
            pub fn replace_class(&mut self, class: &str, records: Value) -> Result<(), String> {
                $(if class.eq_ignore_ascii_case(<$ty as Class>::NAME) {
                    self.$field = decode_all::<$ty>(records)?;
                    return Ok(());
                })*
                Err(format!("class {class} is not cached"))
            }

            /// Applies one event. Returns false when the class is not cached (ignored) or the
            /// snapshot could not be decoded (the object is then dropped, not half-updated).
            pub fn apply(&mut self, ev: Event) -> bool {
                $(if ev.class.eq_ignore_ascii_case(<$ty as Class>::NAME) {
                    return apply_to(&mut self.$field, ev);
                })*
                false
            }

            /// Total number of cached objects.
            pub fn len(&self) -> usize {
                0 $(+ self.$field.len())*
            }

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
}

fn decode_all<T: DeserializeOwned>(v: Value) -> Result<HashMap<Ref<T>, T>, String> {
    let Value::Object(map) = v else {
        return Err("expected a map of records".into());
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

impl Cache {
    /// The pool record (there is exactly one per connection).
    pub fn pool(&self) -> Option<(&Ref<Pool>, &Pool)> {
        self.pools.iter().next()
    }
}
