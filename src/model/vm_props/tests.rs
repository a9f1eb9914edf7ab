use super::*;
use crate::model::vm_plans::Arg;
use serde_json::json;
use xenapi::records::HostMetrics;

const GIB: i64 = 1 << 30;

fn props() -> Props {
    Props {
        name: "web-01".into(),
        vcpus_max: 2,
        vcpus_at_startup: 2,
        memory: Memory {
            static_min: GIB / 2,
            static_max: 4 * GIB,
            dynamic_min: 2 * GIB,
            dynamic_max: 4 * GIB,
        },
        platform: [("acpi".to_string(), "1".to_string())].into(),
        other_config: [("owner".to_string(), "ops".to_string())].into(),
        boot_params: [("order".to_string(), "cd".to_string())].into(),
        ..Props::default()
    }
}

fn facts(power: PowerState) -> VmFacts {
    VmFacts {
        uuid: "u-1".into(),
        live_vcpus: power == PowerState::Running,
        live_memory: power == PowerState::Running,
        clean_shutdown: power == PowerState::Running,
        power,
        hvm: true,
        vcpus_now: 2,
    }
}

fn methods(p: &PropsPlan) -> Vec<&str> {
    p.plan.steps.iter().map(|s| s.method.as_str()).collect()
}

fn vm() -> Ref<Vm> {
    Ref::new("OpaqueRef:vm")
}

fn planned(power: PowerState, now: &Props) -> PropsPlan {
    plan(&Cache::default(), &vm(), &facts(power), &props(), now)
}

#[test]
fn vcpus_are_checked_as_xapi_checks_them() {
    let was = props();
    let mut p = props();
    p.vcpus_at_startup = 3;
    assert!(
        p.problems(&was).contains(&Problem::Vcpus),
        "at start-up > max"
    );
    p.vcpus_at_startup = 0;
    assert!(p.problems(&was).contains(&Problem::Vcpus));
    let mut p = props();
    p.vcpus_max = 6;
    p.set_cores_per_socket(4);
    assert_eq!(
        p.problems(&was),
        [Problem::CoresNotDivisor { vcpus: 6, cores: 4 }]
    );
    p.set_cores_per_socket(3);
    assert!(p.problems(&was).is_empty());
    p.vcpus_max = 34;
    p.vcpus_at_startup = 2;
    p.set_cores_per_socket(2);
    assert_eq!(p.problems(&was), [Problem::TooManySockets { sockets: 17 }]);
    assert_eq!(topologies(4), [(4, 1), (2, 2), (1, 4)]);
    assert_eq!(topologies(32)[0], (16, 2), "never more than 16 sockets");
}

#[test]
fn memory_must_be_ordered_and_pinned_with_nested_virt() {
    let was = props();
    let mut p = props();
    p.memory.dynamic_min = 5 * GIB;
    assert_eq!(p.problems(&was), [Problem::MemoryOrder]);
    p.memory = was.memory.fixed(GIB / 4);
    assert_eq!(p.memory.static_min, GIB / 4, "static_min lowered to fit");
    assert!(p.memory.is_fixed() && p.problems(&was).is_empty());
    let mut n = props();
    n.platform.insert("nested-virt".into(), "true".into());
    let was_n = n.clone();
    n.memory.dynamic_max = 3 * GIB;
    assert_eq!(n.problems(&was_n), [Problem::MemoryPinned]);
    n.memory = was_n.memory.fixed(3 * GIB);
    assert!(n.problems(&was_n).is_empty());
}

#[test]
fn only_the_fields_changed_are_held_against_the_user() {
    // Already out of line (a topology that does not divide): a rename still applies.
    let mut was = props();
    was.vcpus_max = 6;
    was.vcpus_at_startup = 6;
    was.set_cores_per_socket(4);
    let mut now = was.clone();
    now.name = "renamed".into();
    assert!(now.problems(&was).is_empty());
    now.vcpus_at_startup = 3;
    assert_eq!(
        now.problems(&was),
        [Problem::CoresNotDivisor { vcpus: 6, cores: 4 }],
        "touching the vCPUs asks for a topology that works"
    );
}

#[test]
fn start_up_fields_and_ha_priority_are_checked() {
    let was = props();
    let mut p = props();
    p.order = -1;
    p.start_delay = -5;
    p.ha_restart_priority = "always".into();
    p.name = "  ".into();
    assert_eq!(
        p.problems(&was),
        [
            Problem::NameEmpty,
            Problem::Order,
            Problem::StartDelay,
            Problem::HaPriority
        ]
    );
}

#[test]
fn only_changed_fields_are_sent() {
    let mut p = props();
    p.description = "nginx".into();
    p.other_config.insert("team".into(), "web".into());
    let plan = planned(PowerState::Halted, &p);
    assert_eq!(plan.changes, [Change::Description, Change::OtherConfig]);
    assert_eq!(
        methods(&plan),
        ["VM.set_name_description", "VM.add_to_other_config"]
    );
    assert_eq!(
        plan.plan.xe,
        [
            "xe vm-param-set uuid=u-1 name-description=nginx",
            "xe vm-param-set uuid=u-1 other-config:team=web"
        ]
    );
    assert!(planned(PowerState::Halted, &props()).is_empty());
}

#[test]
fn raising_vcpus_sets_max_first_and_lowering_sets_it_last() {
    let mut up = props();
    up.vcpus_max = 8;
    up.vcpus_at_startup = 4;
    let p = planned(PowerState::Halted, &up);
    assert_eq!(methods(&p), ["VM.set_VCPUs_max", "VM.set_VCPUs_at_startup"]);
    assert_eq!(p.plan.steps[0].args[1], Arg::Value(json!(8)));
    let mut was = props();
    was.vcpus_max = 8;
    was.vcpus_at_startup = 8;
    let mut down = was.clone();
    down.vcpus_max = 4;
    down.vcpus_at_startup = 2;
    let p = plan(
        &Cache::default(),
        &vm(),
        &facts(PowerState::Halted),
        &was,
        &down,
    );
    assert_eq!(methods(&p), ["VM.set_VCPUs_at_startup", "VM.set_VCPUs_max"]);
    assert_eq!(
        p.plan.xe,
        [
            "xe vm-param-set uuid=u-1 VCPUs-at-startup=2",
            "xe vm-param-set uuid=u-1 VCPUs-max=4"
        ]
    );
}

#[test]
fn memory_limits_go_as_one_call() {
    let mut p = props();
    p.memory.static_max = 8 * GIB;
    p.memory.dynamic_max = 8 * GIB;
    let plan = planned(PowerState::Halted, &p);
    assert_eq!(methods(&plan), ["VM.set_memory_limits"]);
    assert_eq!(
        plan.plan.steps[0].args[1..],
        [
            Arg::Value(json!(GIB / 2)),
            Arg::Value(json!(8 * GIB)),
            Arg::Value(json!(2 * GIB)),
            Arg::Value(json!(8 * GIB))
        ]
    );
}

#[test]
fn a_running_vm_takes_live_changes_without_a_shutdown() {
    let mut p = props();
    p.vcpus_at_startup = 2;
    p.memory.dynamic_min = 3 * GIB;
    p.name = "web-01b".into();
    let mut was = props();
    was.vcpus_max = 4;
    p.vcpus_max = 4;
    p.vcpus_at_startup = 3;
    let plan = plan(
        &Cache::default(),
        &vm(),
        &facts(PowerState::Running),
        &was,
        &p,
    );
    assert!(!plan.restart && plan.need_halt.is_empty());
    assert_eq!(
        methods(&plan),
        [
            "VM.set_name_label",
            "VM.set_VCPUs_number_live",
            "VM.set_memory_dynamic_range"
        ]
    );
    assert!(plan.plan.xe[1].starts_with("xe vm-vcpu-hotplug uuid=u-1 new-vcpus=3"));
}

#[test]
fn a_running_vm_is_shut_down_applied_and_started_again_for_static_changes() {
    let mut p = props();
    p.vcpus_max = 4;
    p.vcpus_at_startup = 4;
    p.memory.static_max = 8 * GIB;
    p.order = 2;
    let plan = planned(PowerState::Running, &p);
    assert!(plan.restart);
    assert_eq!(plan.need_halt, [Change::Vcpus, Change::Memory]);
    assert_eq!(
        methods(&plan),
        [
            "VM.clean_shutdown",
            "VM.set_VCPUs_max",
            "VM.set_VCPUs_at_startup",
            "VM.set_memory_limits",
            "VM.set_order",
            "VM.start"
        ]
    );
    assert!(plan.plan.steps[0].long && plan.plan.steps[5].long);
    assert_eq!(plan.plan.xe.first().unwrap(), "xe vm-shutdown uuid=u-1");
    assert_eq!(plan.plan.xe.last().unwrap(), "xe vm-start uuid=u-1");
    // A guest that cannot shut itself down is shut down hard.
    let mut f = facts(PowerState::Running);
    f.clean_shutdown = false;
    let hard = super::plan(&Cache::default(), &vm(), &f, &props(), &p);
    assert_eq!(hard.plan.steps[0].method, "VM.hard_shutdown");
    assert_eq!(hard.plan.xe[0], "xe vm-shutdown uuid=u-1 --force");
    // Suspended: nothing can be planned for them.
    let s = planned(PowerState::Suspended, &p);
    assert!(s.blocked && s.plan.steps.is_empty());
    // Fewer vCPUs on a running VM: no live unplug, so a shutdown.
    let mut fewer = props();
    fewer.vcpus_at_startup = 1;
    assert!(planned(PowerState::Running, &fewer).restart);
}

#[test]
fn topology_boot_order_and_auto_power_on_change_only_their_keys() {
    let mut p = props();
    p.vcpus_max = 4;
    p.vcpus_at_startup = 4;
    p.set_cores_per_socket(2);
    p.boot_params.insert("order".into(), "dc".into());
    p.set_auto_poweron(true);
    let plan = planned(PowerState::Halted, &p);
    assert_eq!(
        methods(&plan),
        [
            "VM.set_VCPUs_max",
            "VM.set_VCPUs_at_startup",
            "VM.add_to_platform",
            "VM.remove_from_HVM_boot_params",
            "VM.add_to_HVM_boot_params",
            "VM.add_to_other_config"
        ]
    );
    assert!(
        plan.plan
            .xe
            .contains(&"xe vm-param-set uuid=u-1 other-config:auto_poweron=true".to_string())
    );
}

#[test]
fn a_field_another_client_changed_meanwhile_is_a_conflict() {
    let was = props();
    let mut now = props();
    now.vcpus_max = 4;
    now.other_config.insert("team".into(), "web".into());
    let mut fresh = props();
    fresh.description = "someone else's".into();
    fresh.other_config.insert("owner".into(), "dba".into());
    assert!(
        conflicts(&was, &now, &fresh).is_empty(),
        "fields and keys the user left alone"
    );
    fresh.vcpus_at_startup = 1;
    fresh.other_config.insert("team".into(), "db".into());
    assert_eq!(
        conflicts(&was, &now, &fresh),
        [Change::Vcpus, Change::OtherConfig]
    );
}

#[test]
fn what_fits_on_which_host() {
    let mut c = Cache::default();
    let (h1, h2) = (Ref::new("OpaqueRef:h1"), Ref::new("OpaqueRef:h2"));
    for (h, name, free) in [(&h1, "a", 3 * GIB), (&h2, "b", 6 * GIB)] {
        let m = Ref::new(format!("{}-m", h.as_str()));
        c.host_metrics.insert(
            m.clone(),
            HostMetrics {
                memory_free: free,
                ..Default::default()
            },
        );
        c.hosts.insert(
            h.clone(),
            xenapi::Host {
                name_label: name.into(),
                metrics: m,
                ..Default::default()
            },
        );
    }
    c.vms.insert(
        vm(),
        Vm {
            resident_on: h1.clone(),
            memory_dynamic_max: 2 * GIB,
            ..Default::default()
        },
    );
    let m = props().memory;
    let f = fits(&c, &vm(), &m);
    assert_eq!(f, [(h1, 5 * GIB, true), (h2, 6 * GIB, true)]);
    let big = m.fixed(11 * GIB / 2);
    assert_eq!(
        fits(&c, &vm(), &big)
            .iter()
            .map(|x| x.2)
            .collect::<Vec<_>>(),
        [false, true]
    );
}

#[test]
fn several_vms_get_the_shared_fields_and_keep_their_own() {
    let mut a = props();
    a.tags = vec!["web".into(), "prod".into()];
    let mut b = props();
    b.name = "web-02".into();
    b.vcpus_max = 8;
    b.tags = vec!["prod".into(), "eu".into()];
    b.order = 7;
    let mut was = a.clone();
    was.tags = common_tags(&[a.clone(), b.clone()]);
    assert_eq!(was.tags, ["prod"]);
    let mut now = was.clone();
    now.tags = vec!["db".into()];
    now.start_delay = 30;
    now.vcpus_max = 16; // not a shared field: never copied
    let b2 = onto(&was, &now, &b);
    assert_eq!(b2.tags, ["eu", "db"], "prod removed, db added, eu kept");
    assert_eq!((b2.start_delay, b2.order, b2.vcpus_max), (30, 7, 8));
    assert_eq!(b2.name, "web-02");
    let p = plan(
        &Cache::default(),
        &vm(),
        &facts(PowerState::Running),
        &b,
        &b2,
    );
    assert!(!p.restart, "shared fields never need a shutdown");
    assert_eq!(
        methods(&p),
        ["VM.remove_tags", "VM.add_tags", "VM.set_start_delay"]
    );
}

#[test]
fn the_boot_mode_changes_its_two_keys_and_needs_the_vm_halted() {
    let mut p = props();
    p.boot_params.insert("firmware".into(), "uefi".into());
    p.platform.insert("secureboot".into(), "true".into());
    let plan = planned(PowerState::Halted, &p);
    // Only the firmware key and the Secure Boot key; the boot order and acpi stay.
    assert_eq!(
        methods(&plan),
        ["VM.add_to_HVM_boot_params", "VM.add_to_platform"]
    );
    let args: Vec<String> = plan
        .plan
        .steps
        .iter()
        .map(|s| format!("{:?}", s.args))
        .collect();
    assert!(
        args[0].contains("firmware") && args[0].contains("uefi"),
        "{args:?}"
    );
    assert!(
        args[1].contains("secureboot") && args[1].contains("true"),
        "{args:?}"
    );
    // Not the Advanced page's change too.
    assert!(!Change::Platform.differs(&props(), &p));
    // A running VM takes it only through a shutdown.
    let running = planned(PowerState::Running, &p);
    assert_eq!(running.need_halt, [Change::Firmware]);
    assert!(running.restart);
}

#[test]
fn a_vtpm_is_added_after_the_boot_mode_needs_uefi_and_is_removed_by_its_ref() {
    let mut uefi = props();
    uefi.boot_params.insert("firmware".into(), "uefi".into());
    // Adding one to a BIOS VM: refused before any call (xapi would refuse the start).
    let mut bios_tpm = props();
    bios_tpm.vtpm = true;
    assert_eq!(bios_tpm.problems(&props()), [Problem::VtpmNeedsUefi]);
    // UEFI and a vTPM in one apply: the firmware key first, then VTPM.create(vm, false).
    let mut both = uefi.clone();
    both.vtpm = true;
    assert!(both.problems(&props()).is_empty());
    let p = planned(PowerState::Halted, &both);
    assert_eq!(methods(&p), ["VM.add_to_HVM_boot_params", "VTPM.create"]);
    assert_eq!(
        p.plan.steps[1].args,
        [Arg::Value(json!("OpaqueRef:vm")), Arg::Value(json!(false))]
    );
    assert_eq!(p.plan.xe[1], "xe vtpm-create vm-uuid=u-1");
    // A running VM: shut down, create, start.
    let running = planned(PowerState::Running, &{
        let mut x = props();
        x.boot_params = uefi.boot_params.clone();
        x.vtpm = true;
        x
    });
    assert!(running.need_halt.contains(&Change::Vtpm) && running.restart);
    // Removing: VTPM.destroy of the VM's vTPM, named by its uuid in xe.
    let mut c = Cache::default();
    let v = Vm {
        vtpms: vec!["OpaqueRef:tpm".into()],
        ..Default::default()
    };
    c.vms.insert(vm(), v);
    let t = xenapi::Vtpm {
        uuid: "t-1".into(),
        vm: vm(),
        ..Default::default()
    };
    c.vtpms.insert(Ref::new("OpaqueRef:tpm"), t);
    let mut had = uefi.clone();
    had.vtpm = true;
    let p = plan(&c, &vm(), &facts(PowerState::Halted), &had, &uefi);
    assert_eq!(methods(&p), ["VTPM.destroy"]);
    assert_eq!(p.plan.steps[0].args, [Arg::Value(json!("OpaqueRef:tpm"))]);
    assert_eq!(p.plan.xe, ["xe vtpm-destroy uuid=t-1"]);
    // Switching a VM that keeps its vTPM to BIOS is refused too.
    let mut to_bios = had.clone();
    to_bios.boot_params.remove("firmware");
    assert_eq!(to_bios.problems(&had), [Problem::VtpmNeedsUefi]);
}

#[test]
fn vcpus_at_start_up_follow_the_maximum_as_in_xencenter() {
    let mut p = props();
    p.vcpus_max = 4;
    p.vcpus_at_startup = 4;
    p.vcpus_max = 8;
    p.vcpus_max_changed(4);
    assert_eq!(p.vcpus_at_startup, 8, "equal before: they follow");
    p.vcpus_at_startup = 2;
    p.vcpus_max = 6;
    p.vcpus_max_changed(8);
    assert_eq!(p.vcpus_at_startup, 2, "below and still below: kept");
    p.vcpus_max = 1;
    p.vcpus_max_changed(6);
    assert_eq!(p.vcpus_at_startup, 1, "never above the maximum");
}
