//! The calls the New VM wizard's Finish makes ([`plan`]), and their `xe` equivalent, as
//! XenCenter's CreateVMAction makes them (see [`super::new_vm`] for the steps).

use super::boot_modes::{self, is_hvm};
use super::new_vm::{GIB, MIB, NewVm, WizardStep, check};
use super::vm_plans::{Arg, Creates, Plan, Step, quote};
use serde_json::{Value, json};
use xenapi::{Cache, Ref, Vm};

fn v(x: Value) -> Arg {
    Arg::Value(x)
}

fn r<T>(x: &Ref<T>) -> Arg {
    Arg::Value(Value::String(x.as_str().into()))
}

/// The calls Finish makes, and their `xe` equivalent. `None` while a step has problems.
pub fn plan(cache: &Cache, vm: &NewVm) -> Option<Plan> {
    if !check(cache, vm, WizardStep::Finish).is_empty() {
        return None;
    }
    let t_ref = vm.template.as_ref()?;
    let t = cache.vms.get(t_ref)?;
    let sr = cache.srs.get(vm.sr.as_ref()?)?;
    let name = vm.name.trim();
    let new = Arg::Result(0);
    let mut steps = vec![Step::task("VM.clone", vec![r(t_ref), v(json!(name))])];
    let call = Step::call;
    let mut xe = vec![format!(
        "VM=$(xe vm-clone uuid={} new-name-label={})",
        t.uuid,
        quote(name)
    )];
    if !vm.description.trim().is_empty() {
        steps.push(call(
            "VM.set_name_description",
            vec![new.clone(), v(json!(vm.description.trim()))],
        ));
        xe.push(format!(
            "xe vm-param-set uuid=$VM name-description={}",
            quote(vm.description.trim())
        ));
    }
    // VCPUs_max ≥ VCPUs_at_startup at every step.
    let n = vm.vcpus;
    let (max, startup) = (
        call("VM.set_VCPUs_max", vec![new.clone(), v(json!(n))]),
        call("VM.set_VCPUs_at_startup", vec![new.clone(), v(json!(n))]),
    );
    if n >= t.vcpus_max {
        steps.extend([max, startup]);
    } else {
        steps.extend([startup, max]);
    }
    xe.push(format!(
        "xe vm-param-set uuid=$VM VCPUs-max={n} VCPUs-at-startup={n}"
    ));
    let mem = vm.memory_mib * MIB;
    let static_min = t.memory_static_min.min(mem).max(0);
    steps.push(call(
        "VM.set_memory_limits",
        vec![
            new.clone(),
            v(json!(static_min)),
            v(json!(mem)),
            v(json!(mem)),
            v(json!(mem)),
        ],
    ));
    xe.push(format!(
        "xe vm-memory-limits-set uuid=$VM static-min={static_min} static-max={mem} dynamic-min={mem} dynamic-max={mem}"
    ));
    if is_hvm(t) {
        // Single keys, as the user chose them: the template's other boot parameters and
        // platform flags (its boot order, `vtpm`, ...) stay.
        let (firmware, secure) = (vm.boot.firmware(), vm.boot.secureboot());
        for (map, key, value) in [
            ("HVM_boot_params", "firmware", firmware),
            ("platform", "secureboot", secure),
        ] {
            steps.push(call(
                &format!("VM.remove_from_{map}"),
                vec![new.clone(), v(json!(key))],
            ));
            steps.push(call(
                &format!("VM.add_to_{map}"),
                vec![new.clone(), v(json!(key)), v(json!(value))],
            ));
        }
        xe.push(format!(
            "xe vm-param-set uuid=$VM HVM-boot-params:firmware={firmware} platform:secureboot={secure}"
        ));
    }
    let disks = provision_xml(t, vm.disk_gib * GIB, &sr.uuid);
    steps.push(call(
        "VM.remove_from_other_config",
        vec![new.clone(), v(json!("disks"))],
    ));
    steps.push(call(
        "VM.add_to_other_config",
        vec![new.clone(), v(json!("disks")), v(json!(disks))],
    ));
    steps.push(Step::task("VM.provision", vec![new.clone()]));
    xe.push(format!(
        "xe vm-param-set uuid=$VM other-config:disks={}",
        quote(&disks)
    ));
    xe.push("xe vm-provision uuid=$VM".into());
    // Its memory image goes with its disk (XenCenter sets suspend_SR to the first disk's SR).
    steps.push(call(
        "VM.set_suspend_SR",
        vec![new.clone(), r(vm.sr.as_ref()?)],
    ));
    xe.push(format!(
        "xe vm-param-set uuid=$VM suspend-SR-uuid={}",
        sr.uuid
    ));
    // After provisioning: xapi refuses VTPM.create on a template (VM_IS_TEMPLATE), and
    // XenCenter's CreateVMAction assigns the vTPM last.
    if vm.vtpm && is_hvm(t) && boot_modes::vtpm(cache, Some(t_ref), vm.boot).enabled {
        steps.push(call("VTPM.create", vec![new.clone(), v(json!(false))]));
        xe.push("xe vtpm-create vm-uuid=$VM".into());
    }
    if let Some(iso) = &vm.iso {
        let pos = cd_position(cache, t)?;
        steps.push(call(
            "VBD.create",
            vec![Arg::Map(vec![
                ("VM".into(), new.clone()),
                ("VDI".into(), v(json!("OpaqueRef:NULL"))),
                ("userdevice".into(), v(json!(pos))),
                ("bootable".into(), v(json!(true))),
                ("mode".into(), v(json!("RO"))),
                ("type".into(), v(json!("CD"))),
                ("empty".into(), v(json!(true))),
                ("unpluggable".into(), v(json!(true))),
                ("other_config".into(), v(json!({}))),
                ("qos_algorithm_type".into(), v(json!(""))),
                ("qos_algorithm_params".into(), v(json!({}))),
            ])],
        ));
        let cd = Arg::Result(steps.len() - 1);
        steps.push(call("VBD.insert", vec![cd, r(iso)]));
        let iso_name = cache
            .vdis
            .get(iso)
            .map(|d| d.name_label.clone())
            .unwrap_or_default();
        xe.push(format!(
            "xe vm-cd-add uuid=$VM cd-name={} device={pos}",
            quote(&iso_name)
        ));
    }
    // The template's own VIFs go: the VM has the networks chosen (CreateVMAction.AddNetworks).
    if !t.vifs.is_empty() {
        steps.push(call("VM.get_VIFs", vec![new.clone()]));
        steps.push(
            Step::for_each("VIF.destroy", steps.len() - 1)
                .tolerating(&[xenapi::error::codes::HANDLE_INVALID]),
        );
        xe.push(
            "for v in $(xe vif-list vm-uuid=$VM --minimal | tr , ' '); do xe vif-destroy uuid=$v; done"
                .into(),
        );
    }
    let mut devices = (0..).map(|i: i32| i.to_string());
    for net in &vm.networks {
        let dev = devices.next()?;
        let mtu = cache
            .networks
            .get(net)
            .map(|n| n.mtu)
            .filter(|m| *m > 0)
            .unwrap_or(1500);
        steps.push(call(
            "VIF.create",
            vec![Arg::Map(vec![
                ("device".into(), v(json!(dev))),
                ("network".into(), r(net)),
                ("VM".into(), new.clone()),
                ("MAC".into(), v(json!(""))),
                ("MTU".into(), v(json!(mtu))),
                ("other_config".into(), v(json!({}))),
                ("qos_algorithm_type".into(), v(json!(""))),
                ("qos_algorithm_params".into(), v(json!({}))),
            ])],
        ));
        let net_uuid = cache
            .networks
            .get(net)
            .map(|n| n.uuid.clone())
            .unwrap_or_default();
        xe.push(format!(
            "xe vif-create vm-uuid=$VM network-uuid={net_uuid} device={dev}"
        ));
    }
    if vm.start {
        steps.push(Step::task(
            "VM.start",
            vec![new, v(json!(false)), v(json!(false))],
        ));
        xe.push("xe vm-start uuid=$VM".into());
    }
    Some(Plan {
        steps,
        xe,
        creates: Some(Creates {
            name: name.to_string(),
            step: 0,
        }),
    })
}

/// One `<disk>` of a template's `other_config:disks` (xapi's `Xapi_templates.disk_of_xml`).
#[derive(Debug, Clone, PartialEq)]
pub struct ProvisionDisk {
    pub device: String,
    pub size: i64,
    pub sr: String,
    pub bootable: bool,
    pub kind: String,
}

/// The disks `template` provisions (none when it has no `other_config:disks` or it cannot be
/// read).
pub fn template_disks(template: &Vm) -> Vec<ProvisionDisk> {
    use quick_xml::events::Event;
    let Some(xml) = template.other_config.get("disks") else {
        return Vec::new();
    };
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return out,
            Err(_) => return Vec::new(),
            Ok(Event::Start(e) | Event::Empty(e)) if e.name().as_ref() == "disk" => {
                let attr = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == key)
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.to_string())
                        })
                        .unwrap_or_default()
                };
                out.push(ProvisionDisk {
                    device: attr("device"),
                    size: attr("size").parse().unwrap_or(0),
                    sr: attr("sr"),
                    bootable: attr("bootable") == "true",
                    kind: Some(attr("type"))
                        .filter(|t| !t.is_empty())
                        .unwrap_or_else(|| "system".into()),
                });
            }
            Ok(_) => {}
        }
    }
}

/// The disk the wizard sizes: device 0, else the template's first.
fn main_disk(disks: &[ProvisionDisk]) -> Option<usize> {
    disks
        .iter()
        .position(|d| d.device == "0")
        .or((!disks.is_empty()).then_some(0))
}

/// The size in bytes of the template's main disk, if it provisions one.
pub fn template_disk_size(template: &Vm) -> Option<i64> {
    let disks = template_disks(template);
    main_disk(&disks).map(|i| disks[i].size)
}

/// `other_config:disks` for the new VM: the template's disks, the main one `size` bytes,
/// each on the SR `sr_uuid` unless the template names one (xapi refuses an empty `sr`:
/// UUID_INVALID); one system disk when the template has none.
pub fn provision_xml(template: &Vm, size: i64, sr_uuid: &str) -> String {
    let mut disks = template_disks(template);
    match main_disk(&disks) {
        Some(i) => {
            disks[i].size = size;
            disks[i].sr = sr_uuid.to_string();
        }
        None => disks.push(ProvisionDisk {
            device: "0".into(),
            size,
            sr: sr_uuid.into(),
            bootable: true,
            kind: "system".into(),
        }),
    }
    let mut x = String::from("<provision>");
    for d in &disks {
        let sr = if d.sr.is_empty() { sr_uuid } else { &d.sr };
        x.push_str(&format!(
            r#"<disk device="{}" size="{}" sr="{}" bootable="{}" type="{}"/>"#,
            d.device, d.size, sr, d.bootable, d.kind
        ));
    }
    x.push_str("</provision>");
    x
}

/// Where the install CD goes: position 3 if free, else the first free of 0–2 (an HVM guest
/// sees CD drives only there; CreateVMAction prefers 3); `None` when all four are taken by
/// the template's drives and disks.
pub fn cd_position(cache: &Cache, template: &Vm) -> Option<String> {
    let mut used: Vec<String> = template
        .vbds
        .iter()
        .filter_map(|b| cache.vbds.get(b))
        .map(|b| b.userdevice.clone())
        .collect();
    used.extend(template_disks(template).into_iter().map(|d| d.device));
    if !template_disks(template).iter().any(|d| d.device == "0") {
        used.push("0".into());
    }
    ["3", "0", "1", "2"]
        .into_iter()
        .find(|p| !used.iter().any(|u| u == p))
        .map(String::from)
}
