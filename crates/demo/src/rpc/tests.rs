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
