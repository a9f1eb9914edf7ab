//! Each exported object's record as xapi `export.ml`'s `make_*` functions write it: the
//! references each one names looked up in the export's table, its lists of references kept
//! to what is exported, some fields emptied; every other reference is left as the pool's
//! own, as xapi leaves it. xapi's table holds the null reference whenever a VM's metrics,
//! host or home server is null (`update_table` adds them unchecked), so a looked-up null
//! becomes a `Ref:N` that names no object; an importer takes it for null.

use super::export::Scope;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use xapidb::Db;
use xva::ova::Obj;

const NULL: &str = "OpaqueRef:NULL";

/// The export's table: each object's id in the file (`Ref:N`).
pub(super) struct Table(pub HashMap<String, String>);

impl Table {
    /// `lookup`: the file's id, or null for what is not exported.
    fn lookup(&self, r: &str) -> Value {
        json!(self.0.get(r).map_or(NULL, String::as_str))
    }

    /// `filter`: the list's references looked up, those not exported left out.
    fn filter(&self, v: Option<&Value>) -> Value {
        let list = v.and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
        Value::Array(
            list.iter()
                .filter_map(|r| self.0.get(r.as_str()?))
                .map(|id| json!(id))
                .collect(),
        )
    }
}

fn text<'a>(m: &'a Map<String, Value>, k: &str) -> &'a str {
    m.get(k).and_then(Value::as_str).unwrap_or("")
}

fn look(m: &mut Map<String, Value>, t: &Table, fields: &[&str]) {
    for f in fields {
        let v = t.lookup(text(m, f));
        m.insert((*f).into(), v);
    }
}

fn keep(m: &mut Map<String, Value>, t: &Table, lists: &[&str]) {
    for f in lists {
        let v = t.filter(m.get(*f));
        m.insert((*f).into(), v);
    }
}

fn set(m: &mut Map<String, Value>, values: &[(&str, Value)]) {
    for (k, v) in values {
        m.insert((*k).into(), v.clone());
    }
}

fn no_operations(m: &mut Map<String, Value>) {
    set(
        m,
        &[
            ("current_operations", json!({})),
            ("allowed_operations", json!([])),
        ],
    );
}

/// `make_vm`: the power state kept only on request; the snapshot fields only with
/// snapshot metadata (`snapshots` then left as the pool's refs); no consoles, crash dumps,
/// blobs or protection policy.
fn vm(m: &mut Map<String, Value>, t: &Table, scope: Scope) {
    if scope.preserve_power_state {
        look(m, t, &["suspend_VDI"]);
    } else {
        set(
            m,
            &[
                ("power_state", json!("Halted")),
                ("suspend_VDI", json!(NULL)),
            ],
        );
    }
    if scope.snapshots {
        look(m, t, &["snapshot_of", "parent"]);
    } else {
        set(
            m,
            &[
                ("is_a_snapshot", json!(false)),
                ("snapshot_of", json!(NULL)),
                ("snapshots", json!([])),
                ("snapshot_time", json!("19700101T00:00:00Z")),
                ("transportable_snapshot_id", json!("")),
                ("parent", json!(NULL)),
            ],
        );
    }
    no_operations(m);
    keep(m, t, &["VIFs", "VBDs", "VGPUs", "VTPMs"]);
    look(
        m,
        t,
        &["resident_on", "affinity", "metrics", "guest_metrics"],
    );
    set(
        m,
        &[
            ("crash_dumps", json!([])),
            ("consoles", json!([])),
            ("protection_policy", json!(NULL)),
            ("blobs", json!({})),
        ],
    );
}

/// `make_host`: the server named by a VM, most of it emptied.
fn host(m: &mut Map<String, Value>, t: &Table) {
    for k in [
        "PIFs",
        "PBDs",
        "PGPUs",
        "PCIs",
        "host_CPUs",
        "patches",
        "crashdumps",
        "supported_bootloaders",
        "capabilities",
        "ha_statefiles",
        "ha_network_peers",
        "tags",
    ] {
        m.insert(k.into(), json!([]));
    }
    for k in [
        "license_params",
        "blobs",
        "external_auth_configuration",
        "logging",
        "cpu_configuration",
        "other_config",
        "software_version",
    ] {
        m.insert(k.into(), json!({}));
    }
    for k in [
        "external_auth_type",
        "external_auth_service_name",
        "sched_policy",
    ] {
        m.insert(k.into(), json!(""));
    }
    m.insert("metrics".into(), json!(NULL));
    look(m, t, &["crash_dump_sr", "suspend_image_sr"]);
    keep(m, t, &["resident_VMs"]);
}

/// The object `r` of `class` as the file holds it (`None`: no such object, as for the null
/// reference the table holds).
pub(super) fn make(db: &Db, class: &str, r: &str, t: &Table, scope: Scope) -> Option<Obj> {
    let id = t.0.get(r)?.clone();
    let mut rec = db.record(class, r)?;
    if class == "VTPM" {
        // `make_vtpm`: a record of its own, with the vTPM's state.
        let f = |k: &str| rec.get(k).cloned().unwrap_or(json!(false));
        let snapshot = json!({
            "vTPM'_VM": t.lookup(rec.get("VM").and_then(Value::as_str).unwrap_or("")),
            "vTPM'_uuid": f("uuid"),
            "vTPM'_is_unique": f("is_unique"),
            "vTPM'_is_protected": f("is_protected"),
            "vTPM'_content": crate::lifecycle::firmware::vtpm_contents(db, r),
        });
        return Some(Obj {
            class: class.to_string(),
            id,
            snapshot,
        });
    }
    let m = rec.as_object_mut()?;
    let attached = |m: &mut Map<String, Value>| {
        if !scope.preserve_power_state {
            m.insert("currently_attached".into(), json!(false));
        }
    };
    match class {
        "host" => host(m, t),
        "VM" => vm(m, t, scope),
        "VIF" | "VBD" => {
            attached(m);
            let to = if class == "VIF" { "network" } else { "VDI" };
            look(m, t, &[to, "VM"]);
            m.insert("metrics".into(), json!(NULL));
            no_operations(m);
        }
        "network" => {
            keep(m, t, &["VIFs"]);
            m.insert("PIFs".into(), json!([]));
            no_operations(m);
        }
        "VDI" => {
            keep(m, t, &["VBDs"]);
            m.insert("crash_dumps".into(), json!([]));
            look(m, t, &["SR"]);
            no_operations(m);
        }
        "SR" => {
            keep(m, t, &["VDIs"]);
            m.insert("PBDs".into(), json!([]));
            no_operations(m);
        }
        // `VM_metrics`, `VM_guest_metrics`: as they are.
        _ => {}
    }
    Some(Obj {
        class: class.to_string(),
        id,
        snapshot: rec,
    })
}

/// `make_all`'s order of classes.
pub(super) fn rank(class: &str) -> usize {
    [
        "host",
        "VM",
        "VM_metrics",
        "VM_guest_metrics",
        "VBD",
        "VIF",
        "network",
        "VDI",
        "SR",
        "VTPM",
    ]
    .iter()
    .position(|c| *c == class)
    .unwrap_or(usize::MAX)
}
