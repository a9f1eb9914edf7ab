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

/// Whether `op` may start while `current` (operation names) run (`is_allowed_concurrently`):
/// long copies together, snapshots together, boot-record reads together, a hard shutdown or
/// reboot over anything but itself, and xapi's pairs (a snapshot during a quiesced one; an
/// export of metadata, a clean shutdown or reboot during a cross-pool migration).
fn allowed_concurrently(op: &str, current: &[String]) -> bool {
    let group = |ops: &[&str]| ops.contains(&op) && current.iter().all(|c| ops.contains(&&**c));
    let pairs = [
        ("snapshot_with_quiesce", "snapshot"),
        ("migrate_send", "metadata_export"),
        ("migrate_send", "clean_shutdown"),
        ("migrate_send", "clean_reboot"),
    ];
    let machine = match op {
        "hard_shutdown" => !current.iter().any(|c| c == "hard_shutdown"),
        "hard_reboot" => !current
            .iter()
            .any(|c| c == "hard_shutdown" || c == "hard_reboot"),
        _ => pairs
            .iter()
            .any(|(state, then)| current.len() == 1 && current[0] == *state && op == *then),
    };
    group(&["clone", "copy", "export"])
        || group(&["snapshot", "checkpoint"])
        || group(&["get_boot_record"])
        || machine
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
    /// The running domain is PV (`VM_metrics.current_domain_type`).
    booted_pv: bool,
    /// The guest agent's `other` map (`feature-suspend`, `data-cant-suspend-reason`, ...).
    guest_other: serde_json::Map<String, Value>,
    /// Of its disks: (`sm_config:on_boot` is `reset`, `sm_config:caching` is true).
    vdis_reset_caching: Vec<(bool, bool)>,
    /// PCI devices passed through, vGPUs, USB devices.
    pcis: bool,
    vgpus: bool,
    vusbs: bool,
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
    let set = |k: &str| {
        f.get(k)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    };
    let guest_other = db
        .get("VM_guest_metrics", s("guest_metrics"))
        .and_then(|g| g.fields.get("other"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let booted_pv = db
        .get("VM_metrics", s("metrics"))
        .and_then(|m| m.fields.get("current_domain_type"))
        .and_then(Value::as_str)
        .is_some_and(|t| matches!(t, "pv" | "pv_in_pvh" | "pvh"));
    let vdis_reset_caching = f
        .get("VBDs")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(|b| db.field("VBD", b, "VDI").and_then(Value::as_str))
        .filter_map(|d| db.field("VDI", d, "sm_config").and_then(Value::as_object))
        .map(|sm| {
            (
                sm.get("on_boot").and_then(Value::as_str) == Some("reset"),
                truthy(sm.get("caching")),
            )
        })
        .collect();
    Some(Facts {
        booted_pv,
        guest_other,
        vdis_reset_caching,
        pcis: set("attached_PCIs"),
        vgpus: set("VGPUs"),
        vusbs: set("VUSBs"),
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
    if let Some(e) = feature_error(f, vm, op, strict) {
        return Some(e);
    }
    if op == "snapshot_with_quiesce" {
        return err("VM_SNAPSHOT_WITH_QUIESCE_NOT_SUPPORTED", &[vm]);
    }
    // Disks reset at boot (and cached ones) cannot keep a memory image.
    let reset = matches!(op, "checkpoint" | "snapshot" | "suspend")
        && f.vdis_reset_caching.iter().any(|(r, _)| *r);
    let cached = op == "pool_migrate" && f.vdis_reset_caching.iter().any(|(r, c)| *r && *c);
    if reset || cached {
        return err("VDI_ON_BOOT_MODE_INCOMPATIBLE_WITH_OPERATION", &[]);
    }
    let moves = matches!(
        op,
        "suspend" | "checkpoint" | "pool_migrate" | "migrate_send"
    );
    if moves && f.pcis {
        return err("VM_HAS_PCI_ATTACHED", &[vm]);
    }
    // check_vgpu: the demo has no vGPU that can suspend (no NVIDIA migration metadata).
    if f.vgpus {
        let exempt = (op == "migrate_send" && f.power == "halted")
            || (op == "checkpoint" && f.power == "suspended");
        if moves && !exempt {
            return err("VM_HAS_VGPU", &[vm]);
        }
    }
    if f.vusbs && (moves || op == "snapshot") {
        return err("VM_HAS_VUSBS", &[vm]);
    }
    if op == "create_vtpm" && f.has_vtpm {
        return err("VTPM_MAX_AMOUNT_REACHED", &["1"]);
    }
    None
}

/// `check_op_for_feature`: what a live HVM guest must support. A guest that says why it
/// cannot suspend (`data-cant-suspend-reason`) cannot suspend, checkpoint or migrate
/// (VM_NON_SUSPENDABLE); without PV drivers or a PV boot, the guest agent's `feature-*`
/// flags decide (strictly for `allowed_operations`), VM_LACKS_FEATURE otherwise.
fn feature_error(f: &Facts, vm: &str, op: &str, strict: bool) -> Option<ApiError> {
    let live = f.power == "running" || f.power == "paused";
    let implicit = !live || f.booted_pv || f.pv_drivers;
    let lacks = |k: &str| f.guest_other.get(k).and_then(Value::as_str) != Some("1");
    match op {
        "suspend" | "checkpoint" | "pool_migrate" | "migrate_send" if live => {
            match f
                .guest_other
                .get("data-cant-suspend-reason")
                .and_then(Value::as_str)
            {
                Some(reason) => err("VM_NON_SUSPENDABLE", &[vm, reason]),
                None if !implicit && strict && lacks("feature-suspend") => {
                    err("VM_LACKS_FEATURE", &[vm])
                }
                None => None,
            }
        }
        _ if implicit => None,
        "clean_shutdown" if strict && lacks("feature-shutdown") && lacks("feature-poweroff") => {
            err("VM_LACKS_FEATURE", &[vm])
        }
        "clean_reboot" if strict && lacks("feature-shutdown") && lacks("feature-reboot") => {
            err("VM_LACKS_FEATURE", &[vm])
        }
        "changing_VCPUs_live" if lacks("feature-vcpu-hotplug") => err("VM_LACKS_FEATURE", &[vm]),
        _ => None,
    }
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
mod tests;
