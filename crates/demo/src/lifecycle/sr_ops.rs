//! An SR's `allowed_operations` as xapi computes them (`xapi_sr_operations.ml`
//! `valid_operations`, `update_allowed_operations`): every operation of `all_ops`, less
//! those the SM driver lacks the capability for (`sm_cap_table`, the driver's
//! `CAPABILITIES` in sm's `drivers/*SR.py`; the tools SR loses VDI create and delete),
//! `destroy` and `forget` while a PBD is plugged (`SR_HAS_PBD`), `destroy` without PBDs
//! (`SR_NO_PBDS`) or with managed disks (`SR_NOT_EMPTY`), and all but `plug` while an
//! operation runs. Recomputed after every write that changes an SR, PBD or VDI row
//! ([`refresh_all`], called by the state's `write`; [`INPUT_CLASSES`]), so the list is
//! current after any of those changes and other writes do not pay for it.

use serde_json::Value;
use std::collections::{HashMap, HashSet};
use xapidb::Db;

/// xapi's `all_ops`, in its order.
pub const ALL_OPS: &[&str] = &[
    "scan",
    "destroy",
    "forget",
    "plug",
    "unplug",
    "vdi_create",
    "vdi_destroy",
    "vdi_resize",
    "vdi_clone",
    "vdi_snapshot",
    "vdi_mirror",
    "vdi_enable_cbt",
    "vdi_disable_cbt",
    "vdi_data_destroy",
    "vdi_list_changed_blocks",
    "vdi_set_on_boot",
    "vdi_introduce",
    "vdi_revert",
    "update",
    "pbd_create",
    "pbd_destroy",
];

/// `sm_cap_table`: an operation and the capability it needs.
const CAP_TABLE: &[(&str, &str)] = &[
    ("vdi_create", "VDI_CREATE"),
    ("vdi_destroy", "VDI_DELETE"),
    ("vdi_resize", "VDI_RESIZE"),
    ("vdi_introduce", "VDI_INTRODUCE"),
    ("vdi_mirror", "VDI_MIRROR"),
    ("vdi_enable_cbt", "VDI_CONFIG_CBT"),
    ("vdi_disable_cbt", "VDI_CONFIG_CBT"),
    ("vdi_data_destroy", "VDI_CONFIG_CBT"),
    ("vdi_list_changed_blocks", "VDI_CONFIG_CBT"),
    ("vdi_set_on_boot", "VDI_RESET_ON_BOOT"),
    ("update", "SR_UPDATE"),
    ("vdi_revert", "VDI_REVERT"),
    ("vdi_snapshot", "VDI_SNAPSHOT"),
];

/// The capabilities of the driver of `kind` that `CAP_TABLE` asks about (sm's
/// `CAPABILITIES`; `lvm` is `LVHDSR`, the block drivers share its list).
fn features(kind: &str) -> &'static [&'static str] {
    const FILE: &[&str] = &[
        "SR_UPDATE",
        "VDI_CREATE",
        "VDI_DELETE",
        "VDI_RESIZE",
        "VDI_SNAPSHOT",
        "VDI_MIRROR",
        "VDI_RESET_ON_BOOT",
        "VDI_CONFIG_CBT",
    ];
    match kind {
        "nfs" | "smb" | "ext" | "lvm" | "lvmoiscsi" | "lvmohba" => FILE,
        // FileSR: no reset-on-boot.
        "file" => &[
            "SR_UPDATE",
            "VDI_CREATE",
            "VDI_DELETE",
            "VDI_RESIZE",
            "VDI_SNAPSHOT",
            "VDI_MIRROR",
            "VDI_CONFIG_CBT",
        ],
        "iso" => &["VDI_CREATE", "VDI_DELETE"],
        "udev" => &["VDI_INTRODUCE", "SR_UPDATE"],
        // No driver of that type: xapi finds no SM record and so no features.
        _ => &[],
    }
}

/// The classes whose rows [`allowed`] reads: a write touching none of them leaves every
/// SR's `allowed_operations` as it was.
pub const INPUT_CLASSES: &[&str] = &["SR", "PBD", "VDI"];

/// What the PBD table says of each SR: how many PBDs, and whether one is plugged.
fn pbd_index(db: &Db) -> HashMap<String, (usize, bool)> {
    let mut out: HashMap<String, (usize, bool)> = HashMap::new();
    if let Some(t) = db.table("PBD") {
        for r in t.rows.values() {
            let Some(sr) = r.fields.get("SR").and_then(Value::as_str) else {
                continue;
            };
            let e = out.entry(sr.to_string()).or_default();
            e.0 += 1;
            e.1 |= r.fields.get("currently_attached").and_then(Value::as_bool) == Some(true);
        }
    }
    out
}

/// The operations xapi lists for `sr`, given its PBDs (count, any plugged).
fn allowed(db: &Db, sr: &str, pbds: (usize, bool)) -> Vec<&'static str> {
    let field = |f: &str| db.field("SR", sr, f);
    let kind = field("type").and_then(Value::as_str).unwrap_or_default();
    let tools = field("is_tools_sr").and_then(Value::as_bool) == Some(true);
    let feats: HashSet<&str> = features(kind)
        .iter()
        .copied()
        .filter(|f| !(tools && matches!(*f, "VDI_CREATE" | "VDI_DELETE")))
        .collect();
    let managed_disks = || {
        field("VDIs")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .any(|d| {
                db.field("VDI", d, "managed").and_then(Value::as_bool) != Some(false)
                    && db.field("VDI", d, "type").and_then(Value::as_str) != Some("rrd")
            })
    };
    let current: Vec<&str> = field("current_operations")
        .and_then(Value::as_object)
        .map(|m| m.values().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let only_plugs = current.iter().all(|o| *o == "plug");
    ALL_OPS
        .iter()
        .copied()
        .filter(|op| {
            let cap = CAP_TABLE.iter().find(|(o, _)| o == op).map(|(_, c)| *c);
            if cap.is_some_and(|c| !feats.contains(c)) {
                return false;
            }
            if matches!(*op, "destroy" | "forget") && pbds.1 {
                return false;
            }
            if *op == "destroy" && (pbds.0 == 0 || managed_disks()) {
                return false;
            }
            // Plugs run side by side; anything else running stops everything.
            current.is_empty() || (*op == "plug" && only_plugs)
        })
        .collect()
}

/// The operations xapi would list in `sr`'s `allowed_operations` now.
pub fn allowed_operations(db: &Db, sr: &str) -> Vec<&'static str> {
    let pbds = pbd_index(db).get(sr).copied().unwrap_or_default();
    allowed(db, sr, pbds)
}

/// The operation already running on `sr` that `op` must wait for (xapi's
/// `check_parallel_ops`: plugs run side by side, anything else waits for everything), as
/// OTHER_OPERATION_IN_PROGRESS with xapi's parameters.
pub fn conflict(db: &Db, sr: &str, op: &str) -> Option<xenapi::error::ApiError> {
    let current = db.field("SR", sr, "current_operations")?.as_object()?;
    let mut ops: Vec<(&String, &str)> = current
        .iter()
        .map(|(t, o)| (t, o.as_str().unwrap_or_default()))
        .collect();
    // xapi names the first running operation by its name's order.
    ops.sort_by(|a, b| a.1.cmp(b.1));
    let blocking = if op == "plug" {
        ops.iter().find(|(_, o)| *o != "plug")
    } else {
        ops.first()
    }?;
    Some(xenapi::error::ApiError::new(
        "OTHER_OPERATION_IN_PROGRESS",
        [
            "SR".to_string(),
            sr.to_string(),
            blocking.1.to_string(),
            blocking.0.clone(),
        ],
    ))
}

/// Marks `op` in `sr`'s `current_operations` under `task` (`mark_sr`; the state's write
/// then recomputes `allowed_operations`), or takes the mark away (`unmark_sr`). A missing
/// SR (destroyed by the operation) is left alone.
pub fn mark(db: &mut Db, sr: &str, task: &str, op: Option<&str>) {
    if db.get("SR", sr).is_none() {
        return;
    }
    db.update("SR", sr, |f| {
        let ops = f
            .entry("current_operations")
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        if let Value::Object(m) = ops {
            match op {
                Some(op) => {
                    m.insert(task.to_string(), Value::String(op.to_string()));
                }
                None => {
                    m.remove(task);
                }
            }
        }
    });
}

/// Recomputes every SR's `allowed_operations` (a change only where it differs).
pub fn refresh_all(db: &mut Db) {
    let Some(srs) = db
        .table("SR")
        .map(|t| t.rows.keys().cloned().collect::<Vec<_>>())
    else {
        return;
    };
    let index = pbd_index(db);
    for sr in srs {
        let pbds = index.get(&sr).copied().unwrap_or_default();
        let ops = Value::from(allowed(db, &sr, pbds));
        if db.field("SR", &sr, "allowed_operations") != Some(&ops) {
            db.set_field("SR", &sr, "allowed_operations", ops);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generator::{PoolSpec, generate};
    use crate::{DemoConfig, DemoState};

    fn ops(state: &DemoState, sr: &str) -> Value {
        state.read(|db| db.field("SR", sr, "allowed_operations").cloned().unwrap())
    }

    fn pbds_of(state: &DemoState, sr: &str) -> Vec<String> {
        state.read(|db| {
            db.table("PBD")
                .unwrap()
                .rows
                .iter()
                .filter(|(_, r)| r.fields.get("SR").and_then(Value::as_str) == Some(sr))
                .map(|(p, _)| p.clone())
                .collect()
        })
    }

    fn has(v: &Value, op: &str) -> bool {
        v.as_array().unwrap().iter().any(|o| o == op)
    }

    #[test]
    fn allowed_operations_follow_pbd_sr_and_vdi_writes_but_not_vm_writes() {
        let spec: PoolSpec = "vms=20,hosts=2,networks=1".parse().unwrap();
        let state = DemoState::new(generate(spec), DemoConfig::new("pw"));
        let (sr, pbds) = state
            .read(|db| {
                db.table("SR")
                    .unwrap()
                    .rows
                    .keys()
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .into_iter()
            .map(|sr| {
                let p = pbds_of(&state, &sr);
                (sr, p)
            })
            .find(|(_, p)| !p.is_empty())
            .expect("an SR with PBDs");
        let attach = |on: bool| {
            for p in &pbds {
                state.write(|db| db.set_field("PBD", p, "currently_attached", Value::Bool(on)));
            }
        };
        attach(true);
        assert!(
            !has(&ops(&state, &sr), "forget"),
            "plugged: {}",
            ops(&state, &sr)
        );
        attach(false);
        assert!(
            has(&ops(&state, &sr), "forget"),
            "unplugged: {}",
            ops(&state, &sr)
        );

        // A VM write leaves the list alone, and it still matches a fresh computation.
        let vm = state.read(|db| db.table("VM").unwrap().rows.keys().next().cloned().unwrap());
        let before = ops(&state, &sr);
        state.write(|db| db.set_field("VM", &vm, "name_label", Value::from("renamed")));
        assert_eq!(ops(&state, &sr), before);
        assert_eq!(
            before,
            Value::from(state.read(|db| allowed_operations(db, &sr)))
        );

        // A running operation (a mark on the SR's own row) leaves nothing allowed.
        state.write(|db| mark(db, &sr, "OpaqueRef:task", Some("scan")));
        assert_eq!(ops(&state, &sr), Value::from(Vec::<&str>::new()));
        state.write(|db| mark(db, &sr, "OpaqueRef:task", None));
        assert_eq!(ops(&state, &sr), before);

        // Its disks gone (VDI deletions alone), an SR without plugged PBDs may be destroyed.
        let disks: Vec<String> = state.read(|db| {
            db.field("SR", &sr, "VDIs")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        });
        if !disks.is_empty() {
            assert!(!has(&ops(&state, &sr), "destroy"));
        }
        for d in &disks {
            state.write(|db| db.delete("VDI", d));
        }
        assert!(has(&ops(&state, &sr), "destroy"), "{}", ops(&state, &sr));
    }
}
