//! The rules against xapi's: power states, templates and snapshots, concurrency, guest
//! features and devices.

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
    let s = db_with(json!({"power_state": "Halted", "is_a_template": true, "is_a_snapshot": true}));
    let ops = allowed_operations(&s, "vm");
    for op in ["revert", "clone", "copy", "destroy", "export"] {
        assert!(ops.contains(&op.to_string()), "{op}");
    }
    assert_eq!(
        operation_error(&s, "vm", "snapshot", false).unwrap().code,
        "VM_IS_SNAPSHOT"
    );
    let busy =
        db_with(json!({"power_state": "Halted", "current_operations": {"OpaqueRef:t": "clone"}}));
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

fn guest(power: &str, other: Value) -> Db {
    let mut d = db_with(json!({"power_state": power, "guest_metrics": "gm", "metrics": "m"}));
    d.insert(
        "VM_guest_metrics",
        "gm",
        json!({"other": other, "PV_drivers_version": {}})
            .as_object()
            .cloned()
            .unwrap_or_default(),
    );
    d
}

#[test]
fn guest_features_decide_as_check_op_for_feature() {
    // A guest that says why it cannot suspend: refused even when xapi is lenient.
    let d = guest("Running", json!({"data-cant-suspend-reason": "UEFI vars"}));
    let e = operation_error(&d, "vm", "suspend", false).unwrap();
    assert_eq!(
        (e.code.as_str(), e.params[1].as_str()),
        ("VM_NON_SUSPENDABLE", "UEFI vars")
    );
    assert!(operation_error(&d, "vm", "pool_migrate", false).is_some());
    // Without PV drivers, the feature flags decide (strictly).
    let d = guest("Running", json!({"feature-poweroff": "1"}));
    let ops = allowed_operations(&d, "vm");
    assert!(ops.contains(&"clean_shutdown".to_string()), "{ops:?}");
    assert!(!ops.contains(&"clean_reboot".to_string()));
    assert!(!ops.contains(&"suspend".to_string()));
    assert_eq!(
        operation_error(&d, "vm", "changing_VCPUs_live", false).map(|e| e.code),
        Some("VM_LACKS_FEATURE".to_string()),
        "vCPU hot-plug is checked even when lenient"
    );
}

#[test]
fn devices_that_cannot_move_block_suspend_and_migration() {
    let mut d = guest("Running", json!({"feature-suspend": "1"}));
    d.set_field("VM", "vm", "VUSBs", json!(["u"]));
    assert_eq!(
        operation_error(&d, "vm", "snapshot", false).map(|e| e.code),
        Some("VM_HAS_VUSBS".to_string())
    );
    d.set_field("VM", "vm", "VUSBs", json!([]));
    d.set_field("VM", "vm", "attached_PCIs", json!(["p"]));
    assert_eq!(
        operation_error(&d, "vm", "suspend", false).map(|e| e.code),
        Some("VM_HAS_PCI_ATTACHED".to_string())
    );
    d.set_field("VM", "vm", "attached_PCIs", json!([]));
    d.set_field("VM", "vm", "VGPUs", json!(["g"]));
    assert_eq!(
        operation_error(&d, "vm", "pool_migrate", false).map(|e| e.code),
        Some("VM_HAS_VGPU".to_string())
    );
    assert!(operation_error(&d, "vm", "snapshot", false).is_none());
}

#[test]
fn a_disk_reset_at_boot_keeps_no_memory_image() {
    let mut d = guest("Running", json!({"feature-suspend": "1"}));
    d.insert(
        "VBD",
        "b",
        json!({"VDI": "d"}).as_object().cloned().unwrap_or_default(),
    );
    d.insert(
        "VDI",
        "d",
        json!({"sm_config": {"on_boot": "reset"}})
            .as_object()
            .cloned()
            .unwrap_or_default(),
    );
    d.set_field("VM", "vm", "VBDs", json!(["b"]));
    for op in ["snapshot", "checkpoint", "suspend"] {
        assert_eq!(
            operation_error(&d, "vm", op, false).map(|e| e.code),
            Some("VDI_ON_BOOT_MODE_INCOMPATIBLE_WITH_OPERATION".to_string()),
            "{op}"
        );
    }
    assert!(
        operation_error(&d, "vm", "pool_migrate", false).is_none(),
        "not cached"
    );
}

#[test]
fn xapis_concurrency_pairs() {
    let mut d = db_with(json!({"power_state": "Running", "guest_metrics": "gm",
        "current_operations": {"t1": "migrate_send"}}));
    d.insert(
        "VM_guest_metrics",
        "gm",
        json!({"PV_drivers_version": {"major": "9"}})
            .as_object()
            .cloned()
            .unwrap_or_default(),
    );
    assert!(operation_error(&d, "vm", "clean_shutdown", false).is_none());
    assert!(operation_error(&d, "vm", "metadata_export", false).is_none());
    assert!(operation_error(&d, "vm", "suspend", false).is_some());
}
