use super::new_vm::{BootMode, NewDisk, NewVm, fill_vm, parse_disks, template_disks};
use super::plan::{Arg, plan};
use super::*;
use serde_json::json;

/// The built-in pool as a client sees it, `allowed_operations` filled as xapi would.
fn cache() -> Cache {
    let mut db = crate::demo::demo_pool();
    crate::demo::lifecycle::rules::refresh_all(&mut db);
    crate::xapidb::cache_of(&db)
}

fn vm(c: &Cache, name: &str) -> Ref<Vm> {
    c.vms
        .iter()
        .find(|(_, v)| v.name_label == name)
        .map(|(r, _)| r.clone())
        .unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn each_action_says_why_it_is_disabled() {
    let c = cache();
    let running = vm(&c, "web-01");
    let halted = vm(&c, "db-replica");
    let snap = vm(&c, "web-01 before upgrade");
    let template = vm(&c, "Debian Bookworm 12");
    let a = |r: &Ref<Vm>, k| availability(&c, r, k, true);
    assert_eq!(a(&running, ActionKind::CleanShutdown), Ok(()));
    assert_eq!(a(&running, ActionKind::Snapshot), Ok(()));
    assert_eq!(a(&running, ActionKind::Migrate), Ok(()));
    assert_eq!(
        a(&running, ActionKind::Start),
        Err(Blocked::PowerState {
            now: PowerState::Running,
            needs: &[PowerState::Halted]
        })
    );
    assert_eq!(a(&halted, ActionKind::Start), Ok(()));
    assert_eq!(a(&halted, ActionKind::Delete), Ok(()));
    assert_eq!(a(&halted, ActionKind::Clone), Ok(()));
    assert!(matches!(
        a(&halted, ActionKind::Checkpoint),
        Err(Blocked::PowerState { .. })
    ));
    assert_eq!(
        a(&snap, ActionKind::Start),
        Err(Blocked::NotFor(Subject::Snapshot))
    );
    assert_eq!(a(&snap, ActionKind::Revert), Ok(()));
    assert_eq!(a(&snap, ActionKind::DeleteSnapshot), Ok(()));
    assert_eq!(
        a(&halted, ActionKind::Revert),
        Err(Blocked::NotFor(Subject::Guest))
    );
    assert_eq!(a(&template, ActionKind::NewVm), Ok(()));
    assert_eq!(
        a(&template, ActionKind::Delete),
        Err(Blocked::NotAllowed("destroy")),
        "a default template stays"
    );
    let dom0 = c
        .vms
        .iter()
        .find(|(_, v)| v.is_control_domain)
        .map(|(r, _)| r.clone())
        .unwrap();
    assert_eq!(
        a(&dom0, ActionKind::HardShutdown),
        Err(Blocked::NotFor(Subject::ControlDomain))
    );
    // Read-only: the role comes after the kind of object, before the state.
    assert_eq!(
        availability(&c, &running, ActionKind::CleanShutdown, false),
        Err(Blocked::ReadOnly)
    );
    assert_eq!(
        availability(&c, &Ref::new("OpaqueRef:gone"), ActionKind::Start, true),
        Err(Blocked::Gone)
    );
}

#[test]
fn a_running_operation_blocks_what_xapi_blocks() {
    let mut c = cache();
    let r = vm(&c, "db-replica");
    let v = c.vms.get_mut(&r).unwrap();
    v.current_operations
        .insert("OpaqueRef:t".into(), "clone".into());
    v.allowed_operations.retain(|o| o == "clone" || o == "copy");
    assert_eq!(
        availability(&c, &r, ActionKind::Start, true),
        Err(Blocked::Busy(vec!["clone".into()]))
    );
    assert_eq!(
        availability(&c, &r, ActionKind::Copy, true),
        Ok(()),
        "copies run alongside"
    );
}

#[test]
fn a_selection_splits_into_targets_and_reasons() {
    let c = cache();
    let sel = [
        vm(&c, "web-01"),
        vm(&c, "db-replica"),
        vm(&c, "web-01 before upgrade"),
    ];
    let t = targets(&c, &sel, ActionKind::Start, true);
    assert_eq!(t.ok, vec![sel[1].clone()]);
    assert_eq!(t.blocked.len(), 2);
    assert_eq!(
        t.blocked[1],
        (sel[2].clone(), Blocked::NotFor(Subject::Snapshot))
    );
}

#[test]
fn simple_actions_are_one_async_call_with_their_xe_line() {
    let c = cache();
    let r = vm(&c, "web-01");
    let uuid = &c.vms[&r].uuid;
    let host = c.hosts.keys().next().unwrap().clone();
    let host_uuid = c.hosts[&host].uuid.clone();
    let cases = [
        (
            Action::Start,
            "VM.start",
            format!("xe vm-start uuid={uuid}"),
        ),
        (
            Action::StartOn(host.clone()),
            "VM.start_on",
            format!("xe vm-start uuid={uuid} on={host_uuid}"),
        ),
        (
            Action::HardShutdown,
            "VM.hard_shutdown",
            format!("xe vm-shutdown uuid={uuid} --force"),
        ),
        (
            Action::Pause,
            "VM.pause",
            format!("xe vm-pause uuid={uuid}"),
        ),
        (
            Action::Snapshot {
                name: "before upgrade".into(),
            },
            "VM.snapshot",
            format!("xe vm-snapshot uuid={uuid} new-name-label=\"before upgrade\""),
        ),
        (
            Action::Checkpoint { name: "cp".into() },
            "VM.checkpoint",
            format!("xe vm-checkpoint uuid={uuid} new-name-label=cp"),
        ),
        (
            Action::Clone { name: "c".into() },
            "VM.clone",
            format!("xe vm-clone uuid={uuid} new-name-label=c"),
        ),
        (
            Action::Migrate(host.clone()),
            "VM.pool_migrate",
            format!("xe vm-migrate uuid={uuid} host-uuid={host_uuid} live=true"),
        ),
        (
            Action::Revert,
            "VM.revert",
            format!("xe snapshot-revert snapshot-uuid={uuid}"),
        ),
    ];
    for (action, method, xe) in cases {
        let p = plan(&c, &r, &action);
        assert_eq!(p.calls.len(), 1, "{action:?}");
        assert_eq!(p.calls[0].method, method);
        assert!(p.calls[0].run_async);
        assert_eq!(p.calls[0].args[0], Arg::Value(json!(r.as_str())));
        assert_eq!(p.xe, vec![xe]);
    }
    let p = plan(&c, &r, &Action::Migrate(host));
    assert_eq!(p.calls[0].args[2], Arg::Value(json!({"live": "true"})));
}

#[test]
fn deleting_destroys_the_vm_then_the_disks_chosen() {
    let c = cache();
    let r = vm(&c, "db-replica");
    let choices = plan::deletable_disks(&c, &r);
    assert_eq!(choices.len(), 2);
    assert!(
        choices
            .iter()
            .all(|d| d.selected && d.shared_with.is_empty())
    );
    let keep_one = Action::Delete {
        disks: vec![choices[0].vdi.clone()],
        snapshots: vec![],
    };
    let p = plan(&c, &r, &keep_one);
    let methods: Vec<&str> = p.calls.iter().map(|c| c.method.as_str()).collect();
    assert_eq!(methods, ["VM.destroy", "VDI.destroy"]);
    assert_eq!(p.xe.len(), 2);
    assert!(p.xe[0].starts_with("xe vm-destroy uuid="));
    assert!(p.xe[1].starts_with("xe vdi-destroy uuid="));
    let all = Action::Delete {
        disks: choices.iter().map(|d| d.vdi.clone()).collect(),
        snapshots: vec![],
    };
    assert_eq!(
        plan(&c, &r, &all).xe,
        vec![format!(
            "xe vm-uninstall uuid={} force=true",
            c.vms[&r].uuid
        )]
    );
    // A snapshot goes with its disks.
    let s = vm(&c, "db-primary nightly");
    let p = plan(&c, &s, &Action::DeleteSnapshot);
    assert_eq!(p.calls.len(), 3);
    assert_eq!(p.calls[0].method, "VM.destroy");
}

#[test]
fn the_new_vm_plan_follows_xencenters_order() {
    let c = cache();
    let t = vm(&c, "Debian Bookworm 12");
    let mut spec = NewVm::from_template(&c, &t).unwrap();
    assert_eq!(spec.vcpus, 2);
    spec.name = "new web".into();
    spec.vcpus = 1; // lower than the template's 2: at_startup first
    spec.boot = BootMode::SecureBoot;
    let sr = c.pool().unwrap().1.default_sr.clone();
    spec.disks = vec![NewDisk {
        size: 10 << 30,
        sr: sr.clone(),
    }];
    spec.iso = c
        .vdis
        .iter()
        .find(|(_, d)| d.name_label.ends_with(".iso"))
        .map(|(r, _)| r.clone());
    spec.start = true;
    assert_eq!(spec.validate(&c), Ok(()));
    let p = plan(&c, &t, &Action::NewVm(Box::new(spec.clone())));
    let methods: Vec<&str> = p.calls.iter().map(|c| c.method.as_str()).collect();
    assert_eq!(methods[0], "VM.clone");
    let at = methods
        .iter()
        .position(|m| *m == "VM.set_VCPUs_at_startup")
        .unwrap();
    let max = methods
        .iter()
        .position(|m| *m == "VM.set_VCPUs_max")
        .unwrap();
    assert!(at < max, "lowering: at_startup first");
    assert_eq!(*methods.last().unwrap(), "VM.start");
    let prov = methods.iter().position(|m| *m == "VM.provision").unwrap();
    assert!(p.calls[prov].run_async);
    let platform = p
        .calls
        .iter()
        .find(|c| c.method == "VM.set_platform")
        .unwrap();
    assert_eq!(
        platform.resolve(&[json!("OpaqueRef:new")]).unwrap()[1]["secureboot"],
        "true"
    );
    let disks = p
        .calls
        .iter()
        .find(|c| c.method == "VM.add_to_other_config")
        .unwrap();
    let xml = disks.resolve(&[json!("OpaqueRef:new")]).unwrap()[2]
        .as_str()
        .unwrap()
        .to_string();
    let parsed = parse_disks(&xml).unwrap();
    assert_eq!(parsed[0].size, 10 << 30);
    assert_eq!(parsed[0].sr, c.srs[&sr].uuid);
    assert!(parsed[0].bootable);
    // Later calls take the new VM; record arguments get it in their VM field.
    let cd = p.calls.iter().find(|c| c.method == "VBD.create").unwrap();
    let mut args = cd.resolve(&[json!("OpaqueRef:new")]).unwrap();
    fill_vm(&mut args, "OpaqueRef:new");
    assert_eq!(args[0]["VM"], "OpaqueRef:new");
    assert_eq!(args[0]["empty"], false);
    assert!(p.xe[0].starts_with("xe vm-install template="));
    assert!(p.xe.iter().any(|l| l.contains("platform:secureboot=true")));
    assert!(
        platform.resolve(&[]).is_none(),
        "a missing result is not invented"
    );
    // Raising vCPUs: the maximum first.
    spec.vcpus = 8;
    let p = plan(&c, &t, &Action::NewVm(Box::new(spec.clone())));
    let methods: Vec<&str> = p.calls.iter().map(|c| c.method.as_str()).collect();
    assert!(
        methods.iter().position(|m| *m == "VM.set_VCPUs_max")
            < methods.iter().position(|m| *m == "VM.set_VCPUs_at_startup")
    );
    spec.name = " ".into();
    assert_eq!(spec.validate(&c), Err(new_vm::Invalid::Name));
    assert_eq!(
        template_disks(&c, &t),
        vec![],
        "the demo's templates list no disks"
    );
}

#[test]
fn provision_disks_parse_as_xapi_writes_them() {
    let xml = r#"<provision><disk device="0" size="8589934592" sr="" bootable="true" type="system"/><disk device="1" size="1024" sr="abc" bootable="false" type="system"/></provision>"#;
    let d = parse_disks(xml).unwrap();
    assert_eq!(d.len(), 2);
    assert_eq!(
        (d[0].device.as_str(), d[0].size, d[0].bootable),
        ("0", 8589934592, true)
    );
    assert_eq!(d[1].sr, "abc");
    assert!(parse_disks(r#"<provision><disk size="x"/></provision>"#).is_err());
}
