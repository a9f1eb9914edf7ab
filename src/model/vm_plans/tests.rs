//! The VM plans' calls and `xe` lines, and the availability rules.

use super::*;

fn cache_with(vm: Vm) -> (Cache, Ref<Vm>) {
    let mut c = Cache::default();
    let r: Ref<Vm> = Ref::new("OpaqueRef:vm");
    c.vms.insert(r.clone(), vm);
    (c, r)
}

#[test]
fn a_snapshot_with_a_description_sets_it_on_the_new_snapshot() {
    let (c, vm) = cache_with(Vm {
        uuid: "u-1".into(),
        ..Vm::default()
    });
    let p = snapshot(&c, &vm, "before upgrade", "kernel 6.1", true);
    assert_eq!(p.steps[0].method, "VM.checkpoint");
    assert!(p.steps[0].long);
    assert_eq!(p.steps[1].args[0], Arg::Result(0));
    assert_eq!(
        p.xe,
        [
            "xe vm-checkpoint uuid=u-1 new-name-label='before upgrade' new-name-description='kernel 6.1'"
        ]
    );
    let two = all([p.clone(), p]);
    assert_eq!(two.steps[3].args[0], Arg::Result(2), "results renumbered");
}

#[test]
fn allowed_says_why_not_operation_in_progress_before_power_state() {
    let (c, vm) = cache_with(Vm {
        power_state: PowerState::Running,
        allowed_operations: vec!["clean_shutdown".into()],
        ..Vm::default()
    });
    assert_eq!(allowed(&c, &vm, "clean_shutdown"), Ok(()));
    assert_eq!(
        allowed(&c, &vm, "start"),
        Err(Blocked::PowerState(PowerState::Running))
    );
    assert_eq!(allowed(&c, &vm, "pool_migrate"), Err(Blocked::NotAllowed));
    let (mut c, vm) = cache_with(Vm {
        power_state: PowerState::Running,
        ..Vm::default()
    });
    if let Some(v) = c.vms.get_mut(&vm) {
        v.current_operations
            .insert("OpaqueRef:t".into(), "clone".into());
    }
    assert_eq!(
        allowed(&c, &vm, "suspend"),
        Err(Blocked::Busy("clone".into()))
    );
}

#[test]
fn xe_values_are_quoted_only_when_the_shell_needs_it() {
    assert_eq!(quote("web-01"), "web-01");
    assert_eq!(quote("it's mine"), r"'it'\''s mine'");
    assert_eq!(quote(""), "''");
}

#[test]
fn a_full_copy_goes_only_to_shown_disk_srs_with_room_the_default_first() {
    let mut c = xapidb::cache_of(&demo::demo_pool());
    let (vm, _) = c
        .vms
        .iter()
        .find(|(_, v)| v.name_label == "db-replica")
        .map(|(r, v)| (r.clone(), v.clone()))
        .unwrap();
    let targets = copy_targets(&c, &vm, false);
    assert!(!targets.is_empty());
    for t in &targets {
        let s = &c.srs[&t.sr];
        assert!(s.sr_type != "udev", "removable devices: {}", s.name_label);
        assert!(
            s.content_type != "iso" && !s.is_tools_sr,
            "{}",
            s.name_label
        );
        assert!(
            crate::model::visibility::sr_shown(s, false),
            "hidden: {}",
            s.name_label
        );
        assert_eq!(t.free, s.physical_size - s.physical_utilisation);
    }
    // The pool's default SR comes first when it can take the copy.
    let default = targets[0].sr.clone();
    if let Some((pr, p)) = c.pool().map(|(r, p)| (r.clone(), p.clone())) {
        let mut p = p;
        p.default_sr = targets[targets.len() - 1].sr.clone();
        let last = p.default_sr.clone();
        c.pools.insert(pr, p);
        assert_eq!(copy_targets(&c, &vm, false)[0].sr, last);
    }
    // An SR without room for the VM's disks is not offered.
    let s = c.srs.get_mut(&default).unwrap();
    s.physical_utilisation = s.physical_size;
    assert!(copy_targets(&c, &vm, false).iter().all(|t| t.sr != default));
}
