//! The method table's unit tests.

use super::*;

#[test]
fn datetimes_use_xapi_format() {
    let t = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_742_357_784);
    assert_eq!(format_datetime(t), "20250319T04:16:24Z");
    assert_eq!(format_datetime(std::time::UNIX_EPOCH), "19700101T00:00:00Z");
}

#[test]
fn the_method_table_names_each_method_once() {
    let mut names: Vec<&str> = METHODS.iter().map(|m| m.name).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "a method is in the table twice");
    for m in METHODS {
        // Each names the xapi file and function it was checked against.
        let (file, function) = m.xapi.split_once(' ').unwrap_or_default();
        assert!(file.ends_with(".ml") && !function.is_empty(), "{}", m.name);
        // An `Async.` entry of its own (a task that reports its own progress).
        let name = m.name.strip_prefix("Async.").unwrap_or(m.name);
        let (class, _) = name.split_once('.').expect("Class.message");
        assert!(
            xapidb::schema::KNOWN_CLASSES.contains(&class)
                || ["session", "event", "system"].contains(&class),
            "{}",
            m.name
        );
    }
}

#[test]
fn a_vm_operator_has_the_vm_power_operations_and_consoles() {
    let perms = vm_operator_permissions();
    // Organising: tags, the pool's gui_config, XenCenter's other_config keys only.
    for p in [
        "vm.add_tags",
        "host.remove_tags",
        "pool.add_to_gui_config",
        "vm.add_to_other_config/key:folder",
        "sr.remove_from_other_config/key:xencenter.customfields.*",
        "pool.add_to_other_config/key:empty_folders",
    ] {
        assert!(perms.iter().any(|x| x == p), "{p}");
    }
    assert!(!perms.iter().any(|x| x == "vm.add_to_other_config"));
    assert!(
        !perms
            .iter()
            .any(|x| x == "vm.add_to_other_config/key:empty_folders")
    );
    let power: Vec<&String> = perms
        .iter()
        .filter(|p| !p.contains("tags") && !p.contains("_config"))
        .collect();
    assert_eq!(
        power,
        [
            "http/connect_console",
            // Changing a CD (xapi datamodel.ml VBD insert/eject: _R_VM_OP).
            "vbd.eject",
            "vbd.insert",
            "vm.clean_reboot",
            "vm.clean_shutdown",
            "vm.hard_reboot",
            "vm.hard_shutdown",
            "vm.pause",
            "vm.resume",
            "vm.start",
            "vm.suspend",
            "vm.unpause",
        ]
    );
}

#[test]
fn underscore_alias_maps_to_the_wire_name() {
    assert_eq!(wire_name("VM.get_record"), "VM.get_record");
    assert_eq!(wire_name("VM_get_record"), "VM.get_record");
    assert_eq!(
        wire_name("VM_guest_metrics_get_all"),
        "VM_guest_metrics.get_all"
    );
    assert_eq!(
        wire_name("session_login_with_password"),
        "session.login_with_password"
    );
    assert_eq!(wire_name("nonsense"), "nonsense");
    assert_eq!(wire_name("VM_"), "VM_");
}

/// The demo's least role for a method xapi allows to `allowed_roles`: the demo has read
/// only, VM operator, VM admin and pool admin; xapi's VM power admin and pool operator
/// calls need pool admin here (stricter, but no demo user sits between the two).
fn demo_role_of(xapi_roles: &str) -> Role {
    match xapi_roles {
        "_R_READ_ONLY" => Role::ReadOnly,
        "_R_VM_OP" => Role::VmOperator,
        "_R_VM_ADMIN" => Role::VmAdmin,
        _ => Role::PoolAdmin,
    }
}

#[test]
fn a_sample_of_the_table_has_xapi_s_roles() {
    // `allowed_roles` (or the class's `messages_default_allowed_roles` for constructors and
    // field setters) as read in ocaml/idl/datamodel.ml and datamodel_vm.ml.
    let sample = [
        ("VM.start", "_R_VM_OP"),
        ("VM.clean_shutdown", "_R_VM_OP"),
        ("VM.pause", "_R_VM_OP"),
        ("VM.clone", "_R_VM_ADMIN"),
        ("VM.copy", "_R_VM_ADMIN"),
        ("VM.destroy", "_R_VM_ADMIN"),
        ("VM.provision", "_R_VM_ADMIN"),
        ("VM.set_VCPUs_max", "_R_VM_ADMIN"),
        ("VM.set_VCPUs_at_startup", "_R_VM_ADMIN"),
        ("VM.set_VCPUs_number_live", "_R_VM_ADMIN"),
        ("VM.set_HVM_boot_policy", "_R_VM_ADMIN"),
        ("VM.set_affinity", "_R_VM_ADMIN"),
        ("VM.set_xenstore_data", "_R_VM_ADMIN"),
        ("VM.snapshot", "_R_VM_POWER_ADMIN"),
        ("VM.checkpoint", "_R_VM_POWER_ADMIN"),
        ("VM.revert", "_R_VM_POWER_ADMIN"),
        ("VM.start_on", "_R_VM_POWER_ADMIN"),
        ("VM.pool_migrate", "_R_VM_POWER_ADMIN"),
        ("VM.set_memory_limits", "_R_VM_POWER_ADMIN"),
        ("VDI.create", "_R_VM_ADMIN"),
        ("VDI.destroy", "_R_VM_ADMIN"),
        ("VDI.resize", "_R_VM_ADMIN"),
        ("VDI.copy", "_R_VM_ADMIN"),
        ("VDI.set_read_only", "_R_VM_ADMIN"),
        ("VDI.pool_migrate", "_R_VM_POWER_ADMIN"),
        ("VBD.create", "_R_VM_ADMIN"),
        ("VBD.destroy", "_R_VM_ADMIN"),
        ("VBD.plug", "_R_VM_ADMIN"),
        ("VBD.unplug", "_R_VM_ADMIN"),
        ("VBD.set_mode", "_R_VM_ADMIN"),
        ("VBD.set_userdevice", "_R_VM_ADMIN"),
        ("VBD.insert", "_R_VM_OP"),
        ("VBD.eject", "_R_VM_OP"),
        ("VIF.create", "_R_VM_ADMIN"),
        ("VIF.destroy", "_R_VM_ADMIN"),
        ("host.disable", "_R_POOL_OP"),
        ("host.evacuate", "_R_POOL_OP"),
        ("pool.designate_new_master", "_R_POOL_OP"),
        ("SR.scan", "_R_POOL_ADMIN"),
        ("message.destroy", "_R_POOL_OP"),
        ("host.get_vms_which_prevent_evacuation", "_R_READ_ONLY"),
    ];
    for (name, xapi) in sample {
        let m = METHODS
            .iter()
            .find(|m| m.name == name)
            .unwrap_or_else(|| panic!("{name} is not in the table"));
        assert_eq!(m.role, demo_role_of(xapi), "{name}: xapi allows {xapi}");
    }
}
