//! xapi's rules for VM operations, ported from `ocaml/xapi/xapi_vm_lifecycle.ml`: which
//! power states an operation needs, which operations may run alongside others, the template,
//! snapshot and control-domain exceptions, and the guest features some operations need.
//!
//! [`operation_error`] is `check_operation_error`: the first error found, with xapi's code and
//! parameters. [`refresh`] recomputes `allowed_operations` as `update_allowed_operations`
//! does (strictly, over every operation xapi does not ignore), so a client enabling actions
//! from it sees what xapi would send.

use serde_json::Value;
use xapidb::Db;
use xenapi::error::{ApiError, codes};

/// The operations xapi lists in `allowed_operations` (`vm_operations` minus its
/// `ignored_ops`), in the datamodel's order.
pub const LISTED: &[&str] = &[
    "snapshot",
    "clone",
    "copy",
    "revert",
    "checkpoint",
    "snapshot_with_quiesce",
    "provision",
    "start",
    "start_on",
    "pause",
    "unpause",
    "clean_shutdown",
    "clean_reboot",
    "hard_shutdown",
    "hard_reboot",
    "suspend",
    "resume",
    "resume_on",
    "pool_migrate",
    "migrate_send",
    "changing_dynamic_range",
    "changing_static_range",
    "changing_shadow_memory",
    "changing_VCPUs_live",
    "changing_NVRAM",
    "make_into_template",
    "export",
    "metadata_export",
    "destroy",
    "create_vtpm",
    "sysprep",
];

const ALL: &[&str] = &["halted", "paused", "suspended", "running"];

/// The power states (lower case, in xapi's order) `op` needs when nothing else runs.
fn allowed_power_states(op: &str, vm: &Facts) -> Vec<&'static str> {
    match op {
        "changing_VCPUs" | "changing_static_range" | "changing_memory_limits" => {
            if vm.control_domain {
                vec!["halted", "running"]
            } else {
                vec!["halted"]
            }
        }
        "changing_shadow_memory"
        | "changing_NVRAM"
        | "make_into_template"
        | "provision"
        | "start"
        | "start_on"
        | "create_vtpm" => vec!["halted"],
        "unpause" => vec!["paused"],
        "resume" | "resume_on" => vec!["suspended"],
        "clean_reboot"
        | "clean_shutdown"
        | "changing_VCPUs_live"
        | "pause"
        | "pool_migrate"
        | "snapshot_with_quiesce"
        | "suspend"
        | "sysprep"
        | "changing_memory_live" => {
            vec!["running"]
        }
        "changing_dynamic_range" => vec!["halted", "running"],
        // xapi also allows suspended VMs when clone_suspended_vm_enabled; off by default.
        "clone" | "copy" if vm.snapshot => vec!["halted", "suspended"],
        "clone" | "copy" => vec!["halted"],
        "destroy" | "export" => vec!["halted", "suspended"],
        "hard_reboot" => vec!["paused", "running"],
        "checkpoint" | "hard_shutdown" => vec!["paused", "suspended", "running"],
        "migrate_send" => vec!["halted", "suspended", "running"],
        _ => ALL.to_vec(),
    }
}

/// Whether `op` may start while `current` (operation names) run: long copies together,
/// snapshots together, and a hard shutdown or reboot over anything but itself.
fn allowed_concurrently(op: &str, current: &[String]) -> bool {
    let group = |ops: &[&str]| ops.contains(&op) && current.iter().all(|c| ops.contains(&&**c));
    let machine = match op {
        "hard_shutdown" => !current.iter().any(|c| c == "hard_shutdown"),
        "hard_reboot" => !current
            .iter()
            .any(|c| c == "hard_shutdown" || c == "hard_reboot"),
        _ => false,
    };
    group(&["clone", "copy", "export"]) || group(&["snapshot", "checkpoint"]) || machine
}

/// What the rules read of a VM.
struct Facts {
    power: String,
    template: bool,
    default_template: bool,
    snapshot: bool,
    control_domain: bool,
    /// `(task ref, operation)` of what runs now.
    current: Vec<(String, String)>,
    blocked: serde_json::Map<String, Value>,
    nomigrate: bool,
    /// The guest's PV drivers are up (clean shutdown, suspend and migrate need them).
    pv_drivers: bool,
    has_vtpm: bool,
    /// Domain 0 (the control domain with domid 0).
    dom0: bool,
}

fn facts(db: &Db, vm: &str) -> Option<Facts> {
    let f = &db.get("VM", vm)?.fields;
    let b = |k: &str| f.get(k).and_then(Value::as_bool).unwrap_or(false);
    let s = |k: &str| f.get(k).and_then(Value::as_str).unwrap_or_default();
    let map = |k: &str| {
        f.get(k)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let other = map("other_config");
    let platform = map("platform");
    let truthy = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"))
    };
    let pv_drivers = db
        .get("VM_guest_metrics", s("guest_metrics"))
        .is_some_and(|g| {
            g.fields.get("PV_drivers_detected").and_then(Value::as_bool) == Some(true)
                || g.fields
                    .get("PV_drivers_version")
                    .and_then(Value::as_object)
                    .is_some_and(|m| !m.is_empty())
        });
    Some(Facts {
        power: s("power_state").to_ascii_lowercase(),
        template: b("is_a_template"),
        default_template: b("is_default_template") || truthy(other.get("default_template")),
        snapshot: b("is_a_snapshot"),
        control_domain: b("is_control_domain"),
        current: f
            .get("current_operations")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default(),
        blocked: map("blocked_operations"),
        nomigrate: truthy(platform.get("nomigrate")) || truthy(platform.get("nested-virt")),
        pv_drivers,
        dom0: b("is_control_domain") && f.get("domid").and_then(Value::as_i64) == Some(0),
        has_vtpm: f
            .get("VTPMs")
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty()),
    })
}

fn err(code: &str, params: &[&str]) -> Option<ApiError> {
    Some(ApiError::new(code, params.iter().copied()))
}

/// The error xapi raises for `op` on `vm` now, if any. `strict` asks for the guest features
/// that clean shutdown, suspend and migration need (xapi is strict for
/// `allowed_operations`, which is advisory, and lenient when it performs the operation).
pub fn operation_error(db: &Db, vm: &str, op: &str, strict: bool) -> Option<ApiError> {
    let Some(f) = facts(db, vm) else {
        return err(codes::HANDLE_INVALID, &["VM", vm]);
    };
    error_with(&f, vm, op, strict)
}

/// [`operation_error`] over facts read once (a VM's whole list reads them once).
fn error_with(f: &Facts, vm: &str, op: &str, strict: bool) -> Option<ApiError> {
    if let Some(reason) = f.blocked.get(op) {
        return err(
            "OPERATION_BLOCKED",
            &[vm, reason.as_str().unwrap_or_default()],
        );
    }
    let states = allowed_power_states(op, f);
    if !states.contains(&f.power.as_str()) {
        let expected = states.join(", ");
        return err(codes::VM_BAD_POWER_STATE, &[vm, &expected, &f.power]);
    }
    if !f.current.is_empty() {
        let names: Vec<String> = f.current.iter().map(|(_, o)| o.clone()).collect();
        if !allowed_concurrently(op, &names) {
            let (refs, ops) = if f.current.len() == 1 {
                (f.current[0].0.clone(), f.current[0].1.clone())
            } else {
                let refs: Vec<&str> = f.current.iter().map(|(r, _)| r.as_str()).collect();
                (
                    format!("{{{}}}", refs.join(",")),
                    format!("{{{}}}", names.join(",")),
                )
            };
            return err("OTHER_OPERATION_IN_PROGRESS", &["VM", vm, &ops, &refs]);
        }
    }
    if f.template && !f.snapshot {
        let ok = [
            "changing_dynamic_range",
            "changing_static_range",
            "changing_memory_limits",
            "changing_shadow_memory",
            "changing_VCPUs",
            "changing_NVRAM",
            "clone",
            "copy",
            "export",
            "metadata_export",
            "provision",
        ];
        let non_default = (op == "destroy" || op == "migrate_send") && !f.default_template;
        if !ok.contains(&op) && !non_default {
            return err(codes::VM_IS_TEMPLATE, &[vm, op]);
        }
    }
    if f.snapshot {
        let ok = [
            "revert",
            "clone",
            "copy",
            "export",
            "destroy",
            "hard_shutdown",
            "metadata_export",
        ];
        if !ok.contains(&op) {
            return err("VM_IS_SNAPSHOT", &[vm, op]);
        }
    }
    if op == "provision" && !f.template {
        return err("ONLY_PROVISION_TEMPLATE", &[]);
    }
    if op == "revert" && !f.snapshot {
        return err("ONLY_REVERT_SNAPSHOT", &[]);
    }
    let mobility = ["suspend", "checkpoint", "pool_migrate", "migrate_send"];
    if mobility.contains(&op) && f.nomigrate && strict {
        return err("VM_IS_IMMOBILE", &[vm]);
    }
    if f.control_domain {
        let dom0_ok = [
            "data_source_op",
            "changing_memory_live",
            "awaiting_memory_live",
            "metadata_export",
            "changing_dynamic_range",
            "changing_memory_limits",
            "changing_static_range",
            "start",
            "start_on",
            "changing_VCPUs",
            "destroy",
        ];
        if f.dom0 && (op == "changing_VCPUs" || op == "destroy") {
            return err(
                "OPERATION_NOT_ALLOWED",
                &["This operation is not allowed on dom0"],
            );
        }
        if !dom0_ok.contains(&op) {
            return err(
                "OPERATION_NOT_ALLOWED",
                &["This operation is not allowed on a control domain"],
            );
        }
    }
    let live = f.power == "running" || f.power == "paused";
    if live && !f.pv_drivers && strict {
        let needs_guest = [
            "suspend",
            "checkpoint",
            "pool_migrate",
            "migrate_send",
            "clean_shutdown",
            "clean_reboot",
            "changing_VCPUs_live",
        ];
        if needs_guest.contains(&op) {
            return err("VM_LACKS_FEATURE", &[vm]);
        }
    }
    if op == "snapshot_with_quiesce" {
        return err("VM_SNAPSHOT_WITH_QUIESCE_NOT_SUPPORTED", &[vm]);
    }
    if op == "create_vtpm" && f.has_vtpm {
        return err("VTPM_MAX_AMOUNT_REACHED", &["1"]);
    }
    None
}

/// The operations xapi would list in `allowed_operations` for `vm` now.
pub fn allowed_operations(db: &Db, vm: &str) -> Vec<String> {
    let Some(f) = facts(db, vm) else {
        return Vec::new();
    };
    LISTED
        .iter()
        .filter(|op| error_with(&f, vm, op, true).is_none())
        .map(|op| op.to_string())
        .collect()
}

/// Recomputes `vm`'s `allowed_operations` (one change, only when it differs).
pub fn refresh(db: &mut Db, vm: &str) {
    if db.get("VM", vm).is_none() {
        return;
    }
    let ops = Value::from(allowed_operations(db, vm));
    if db.field("VM", vm, "allowed_operations") != Some(&ops) {
        db.update("VM", vm, |f| {
            f.insert("allowed_operations".into(), ops);
        });
    }
}

/// Fills `allowed_operations` and an empty `current_operations` for every VM, as xapi does
/// when it starts (dumps leave them empty; an interrupted operation does not survive).
pub fn refresh_all(db: &mut Db) {
    let vms: Vec<String> = db
        .table("VM")
        .map(|t| t.rows.keys().cloned().collect())
        .unwrap_or_default();
    for vm in vms {
        let ops = Value::from(allowed_operations(db, &vm));
        db.update("VM", &vm, |f| {
            f.insert("allowed_operations".into(), ops);
            f.insert(
                "current_operations".into(),
                Value::Object(Default::default()),
            );
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn db_with(fields: Value) -> Db {
        let mut db = Db::new();
        db.insert("VM", "vm", fields.as_object().cloned().unwrap_or_default());
        db
    }

    #[test]
    fn allowed_operations_follow_the_power_state() {
        let cases = [
            (
                "Halted",
                &[
                    "start",
                    "start_on",
                    "clone",
                    "copy",
                    "destroy",
                    "snapshot",
                    "provision",
                ][..],
                &["pause", "clean_shutdown", "resume"][..],
            ),
            (
                "Running",
                &[
                    "pause",
                    "clean_shutdown",
                    "hard_shutdown",
                    "suspend",
                    "pool_migrate",
                    "snapshot",
                    "checkpoint",
                ],
                &["start", "destroy", "clone", "resume", "unpause"],
            ),
            (
                "Paused",
                &["unpause", "hard_shutdown", "hard_reboot", "checkpoint"],
                &["pause", "clean_shutdown", "start"],
            ),
            (
                "Suspended",
                &[
                    "resume",
                    "resume_on",
                    "hard_shutdown",
                    "destroy",
                    "snapshot",
                ],
                &["start", "suspend", "clone"],
            ),
        ];
        for (power, yes, no) in cases {
            let db = db_with(json!({"power_state": power, "guest_metrics": "g"}));
            let mut db = db;
            db.insert(
                "VM_guest_metrics",
                "g",
                json!({"PV_drivers_detected": true})
                    .as_object()
                    .cloned()
                    .unwrap(),
            );
            let ops = allowed_operations(&db, "vm");
            for op in yes {
                // provision is for templates only
                if *op == "provision" {
                    assert!(!ops.contains(&op.to_string()));
                    continue;
                }
                assert!(ops.contains(&op.to_string()), "{power}: {op} in {ops:?}");
            }
            for op in no {
                assert!(
                    !ops.contains(&op.to_string()),
                    "{power}: {op} not in {ops:?}"
                );
            }
        }
    }

    #[test]
    fn errors_carry_xapis_parameters() {
        let db = db_with(json!({"power_state": "Running"}));
        let e = operation_error(&db, "vm", "start", false).unwrap();
        assert_eq!(
            e.to_description(),
            ["VM_BAD_POWER_STATE", "vm", "halted", "running"]
        );
        let e = operation_error(&db, "vm", "hard_shutdown", false);
        assert!(e.is_none());
        let db = db_with(json!({"power_state": "Halted"}));
        let e = operation_error(&db, "vm", "hard_shutdown", false).unwrap();
        assert_eq!(
            e.to_description(),
            [
                "VM_BAD_POWER_STATE",
                "vm",
                "paused, suspended, running",
                "halted"
            ]
        );
        let e = operation_error(&db, "vm", "revert", false).unwrap();
        assert_eq!(e.code, "ONLY_REVERT_SNAPSHOT");
        let e = operation_error(&db, "nope", "start", false).unwrap();
        assert_eq!(e.code, codes::HANDLE_INVALID);
    }

    #[test]
    fn templates_snapshots_and_running_operations() {
        let t = db_with(
            json!({"power_state": "Halted", "is_a_template": true, "is_default_template": true}),
        );
        let ops = allowed_operations(&t, "vm");
        assert_eq!(
            ops,
            [
                "clone",
                "copy",
                "provision",
                "changing_dynamic_range",
                "changing_static_range",
                "changing_shadow_memory",
                "changing_NVRAM",
                "export",
                "metadata_export"
            ]
            .iter()
            .filter(|o| ops.contains(&o.to_string()))
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
        );
        assert!(
            !ops.contains(&"destroy".to_string()),
            "a default template is kept"
        );
        assert_eq!(
            operation_error(&t, "vm", "start", false).unwrap().code,
            codes::VM_IS_TEMPLATE
        );
        let s =
            db_with(json!({"power_state": "Halted", "is_a_template": true, "is_a_snapshot": true}));
        let ops = allowed_operations(&s, "vm");
        for op in ["revert", "clone", "copy", "destroy", "export"] {
            assert!(ops.contains(&op.to_string()), "{op}");
        }
        assert_eq!(
            operation_error(&s, "vm", "snapshot", false).unwrap().code,
            "VM_IS_SNAPSHOT"
        );
        let busy = db_with(
            json!({"power_state": "Halted", "current_operations": {"OpaqueRef:t": "clone"}}),
        );
        let ops = allowed_operations(&busy, "vm");
        assert!(ops.contains(&"copy".to_string()) && ops.contains(&"clone".to_string()));
        assert!(!ops.contains(&"start".to_string()));
        let e = operation_error(&busy, "vm", "start", false).unwrap();
        assert_eq!(
            e.to_description(),
            [
                "OTHER_OPERATION_IN_PROGRESS",
                "VM",
                "vm",
                "clone",
                "OpaqueRef:t"
            ]
        );
    }

    #[test]
    fn control_domains_and_guests_without_drivers() {
        let d = db_with(json!({"power_state": "Running", "is_control_domain": true, "domid": 0}));
        // Only what xapi lets a control domain do while it runs.
        assert_eq!(
            allowed_operations(&d, "vm"),
            [
                "changing_dynamic_range",
                "changing_static_range",
                "metadata_export"
            ]
        );
        let e = operation_error(&d, "vm", "destroy", false);
        assert!(e.is_some());
        let g = db_with(json!({"power_state": "Running"}));
        let ops = allowed_operations(&g, "vm");
        assert!(
            !ops.contains(&"clean_shutdown".to_string()),
            "strict: no PV drivers"
        );
        assert!(
            operation_error(&g, "vm", "clean_shutdown", false).is_none(),
            "lenient when done"
        );
    }
}
