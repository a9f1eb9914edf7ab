//! The New VM wizard's result and the calls it becomes, in XenCenter's order
//! (XenModel/Actions/VM/CreateVMAction.cs): clone (or full copy) the template, name and
//! size it, set the boot mode, describe its disks in `other_config["disks"]` and
//! `VM.provision` them, add the install CD and the NICs, and start it if asked.

use super::plan::{Arg, Plan, PlannedCall};
use crate::model::edit::quote;
use crate::xenapi::{Cache, Network, Ref, Sr, Vdi, Vm};
use serde_json::{Value, json};

/// How the VM boots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BootMode {
    /// Legacy BIOS.
    #[default]
    Bios,
    /// UEFI.
    Uefi,
    /// UEFI with Secure Boot (`platform:secureboot=true`).
    SecureBoot,
}

/// A disk of the new VM.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDisk {
    /// Size in bytes.
    pub size: i64,
    /// The SR it goes on.
    pub sr: Ref<Sr>,
}

/// What the wizard collected.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewVm {
    /// The template.
    pub template: Ref<Vm>,
    /// The new VM's name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// vCPUs (max and at start-up).
    pub vcpus: i64,
    /// Memory in bytes (static and dynamic maximum; the dynamic minimum too: no ballooning).
    pub memory: i64,
    /// BIOS, UEFI or Secure Boot.
    pub boot: BootMode,
    /// The install ISO, if any (a CD drive is added either way).
    pub iso: Option<Ref<Vdi>>,
    /// Disks to create (replacing the template's provisioning list).
    pub disks: Vec<NewDisk>,
    /// One NIC per network, in order.
    pub networks: Vec<Ref<Network>>,
    /// A full copy of the template onto this SR instead of a fast clone.
    pub full_copy_to: Option<Ref<Sr>>,
    /// Start it when created.
    pub start: bool,
}

/// What is wrong with the wizard's input, for its pages to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    /// No name.
    Name,
    /// vCPUs below 1.
    Vcpus,
    /// Memory below the template's static minimum (bytes).
    Memory(i64),
    /// The template is gone or is not a template.
    Template,
}

impl NewVm {
    /// The wizard's starting values for `template`: its vCPUs and memory, BIOS (or UEFI
    /// when the template asks for it), no ISO, its network count on the first network.
    pub fn from_template(cache: &Cache, template: &Ref<Vm>) -> Option<NewVm> {
        let t = cache.vms.get(template)?;
        let uefi = t.platform.get("secureboot").is_some_and(|v| v == "true")
            || t.other_config.get("firmware").is_some_and(|v| v == "uefi");
        Some(NewVm {
            template: template.clone(),
            name: t.name_label.clone(),
            vcpus: t.vcpus_at_startup.max(1),
            memory: t.memory_static_max,
            disks: template_disks(cache, template),
            networks: first_network(cache).into_iter().collect(),
            boot: if uefi { BootMode::Uefi } else { BootMode::Bios },
            ..NewVm::default()
        })
    }

    /// Checks the input against the template.
    pub fn validate(&self, cache: &Cache) -> Result<(), Invalid> {
        let Some(t) = cache.vms.get(&self.template).filter(|t| t.is_a_template) else {
            return Err(Invalid::Template);
        };
        if self.name.trim().is_empty() {
            return Err(Invalid::Name);
        }
        if self.vcpus < 1 {
            return Err(Invalid::Vcpus);
        }
        if self.memory < t.memory_static_min.max(1) {
            return Err(Invalid::Memory(t.memory_static_min.max(1)));
        }
        Ok(())
    }
}

/// The `<provision>` XML xapi reads from `other_config["disks"]`.
pub fn disks_xml(cache: &Cache, disks: &[NewDisk]) -> String {
    let mut out = String::from("<provision>");
    for (i, d) in disks.iter().enumerate() {
        let sr = cache
            .srs
            .get(&d.sr)
            .map(|s| s.uuid.as_str())
            .unwrap_or_default();
        out.push_str(&format!(
            r#"<disk device="{i}" size="{}" sr="{sr}" bootable="{}" type="system"/>"#,
            d.size,
            i == 0
        ));
    }
    out.push_str("</provision>");
    out
}

fn call(method: &str, args: Vec<Arg>, run_async: bool) -> PlannedCall {
    PlannedCall::new(method, args, run_async)
}

/// The plan of the wizard's result.
pub fn plan(cache: &Cache, spec: &NewVm) -> Plan {
    let t = cache.vms.get(&spec.template);
    let new = || Arg::ResultOf(0);
    let v = |x: Value| Arg::Value(x);
    let mut calls = vec![match &spec.full_copy_to {
        Some(sr) => call(
            "VM.copy",
            vec![(&spec.template).into(), v(json!(spec.name)), sr.into()],
            true,
        ),
        None => call(
            "VM.clone",
            vec![(&spec.template).into(), v(json!(spec.name))],
            true,
        ),
    }];
    calls.push(call(
        "VM.set_name_description",
        vec![new(), v(json!(spec.description))],
        false,
    ));
    // VCPUs_at_startup may never exceed VCPUs_max: raise the maximum first, lower it last.
    let old_max = t.map_or(1, |t| t.vcpus_max);
    let max = call("VM.set_VCPUs_max", vec![new(), v(json!(spec.vcpus))], false);
    let at = call(
        "VM.set_VCPUs_at_startup",
        vec![new(), v(json!(spec.vcpus))],
        false,
    );
    if spec.vcpus >= old_max {
        calls.extend([max, at]);
    } else {
        calls.extend([at, max]);
    }
    let smin = t.map_or(spec.memory, |t| t.memory_static_min.min(spec.memory));
    calls.push(call(
        "VM.set_memory_limits",
        vec![
            new(),
            v(json!(smin)),
            v(json!(spec.memory)),
            v(json!(spec.memory)),
            v(json!(spec.memory)),
        ],
        false,
    ));
    let mut platform = t.map(|t| t.platform.clone()).unwrap_or_default();
    let mut boot_params = serde_json::Map::new();
    boot_params.insert(
        "order".into(),
        json!(if spec.iso.is_some() { "dc" } else { "cd" }),
    );
    match spec.boot {
        BootMode::Bios => {
            platform.remove("secureboot");
        }
        BootMode::Uefi | BootMode::SecureBoot => {
            boot_params.insert("firmware".into(), json!("uefi"));
            let sb = spec.boot == BootMode::SecureBoot;
            platform.insert("secureboot".into(), sb.to_string());
        }
    }
    calls.push(call(
        "VM.set_HVM_boot_params",
        vec![new(), v(Value::Object(boot_params))],
        false,
    ));
    calls.push(call(
        "VM.set_platform",
        vec![new(), v(json!(platform))],
        false,
    ));
    // The template's own list is replaced (remove first: add_to_ refuses an existing key).
    calls.push(call(
        "VM.remove_from_other_config",
        vec![new(), v(json!("disks"))],
        false,
    ));
    if !spec.disks.is_empty() {
        calls.push(call(
            "VM.add_to_other_config",
            vec![
                new(),
                v(json!("disks")),
                v(json!(disks_xml(cache, &spec.disks))),
            ],
            false,
        ));
    }
    calls.push(call("VM.provision", vec![new()], true));
    calls.push(call("VBD.create", vec![new_cd(spec.iso.as_ref())], false));
    let first_device = t.map_or(0, |t| t.vifs.len());
    for (i, net) in spec.networks.iter().enumerate() {
        let mtu = cache.networks.get(net).map_or(1500, |n| n.mtu);
        calls.push(call(
            "VIF.create",
            vec![Arg::Value(json!({
                "device": (first_device + i).to_string(), "network": net.as_str(), "VM": "",
                "MAC": "", "MTU": mtu, "other_config": {}, "qos_algorithm_type": "",
                "qos_algorithm_params": {}, "locking_mode": "network_default",
            }))],
            false,
        ));
    }
    if spec.start {
        calls.push(call(
            "VM.start",
            vec![new(), v(json!(false)), v(json!(false))],
            true,
        ));
    }
    Plan {
        calls,
        xe: xe(cache, spec),
    }
}

fn new_cd(iso: Option<&Ref<Vdi>>) -> Arg {
    Arg::Value(json!({
        "VM": "", "VDI": iso.map_or("OpaqueRef:NULL", |r| r.as_str()), "userdevice": "autodetect",
        "bootable": iso.is_some(), "mode": "RO", "type": "CD", "empty": iso.is_none(),
        "unpluggable": true, "other_config": {}, "qos_algorithm_type": "", "qos_algorithm_params": {},
    }))
}

/// Record arguments (`VBD.create`, `VIF.create`) take the new VM in their `VM` field: the
/// runner fills it with [`fill_vm`].
pub fn fill_vm(args: &mut [Value], new_vm: &str) {
    for a in args {
        if let Value::Object(m) = a
            && let Some(Value::String(s)) = m.get_mut("VM")
            && s.is_empty()
        {
            *s = new_vm.to_string();
        }
    }
}

fn xe(cache: &Cache, spec: &NewVm) -> Vec<String> {
    let t_uuid = cache
        .vms
        .get(&spec.template)
        .map(|t| t.uuid.clone())
        .unwrap_or_default();
    let mut out = vec![match &spec.full_copy_to {
        Some(sr) => format!(
            "xe vm-copy uuid={t_uuid} new-name-label={} sr-uuid={}",
            quote(&spec.name),
            cache
                .srs
                .get(sr)
                .map(|s| s.uuid.as_str())
                .unwrap_or_default()
        ),
        None => format!(
            "xe vm-install template={t_uuid} new-name-label={}",
            quote(&spec.name)
        ),
    }];
    let new = "$VM";
    out.push(format!(
        "xe vm-param-set uuid={new} VCPUs-max={0} VCPUs-at-startup={0}",
        spec.vcpus
    ));
    out.push(format!(
        "xe vm-memory-limits-set uuid={new} static-min={0} static-max={0} dynamic-min={0} dynamic-max={0}",
        spec.memory
    ));
    match spec.boot {
        BootMode::Bios => {}
        BootMode::Uefi => out.push(format!(
            "xe vm-param-set uuid={new} HVM-boot-params:firmware=uefi"
        )),
        BootMode::SecureBoot => out.push(format!(
            "xe vm-param-set uuid={new} HVM-boot-params:firmware=uefi platform:secureboot=true"
        )),
    }
    if let Some(iso) = spec.iso.as_ref().and_then(|i| cache.vdis.get(i)) {
        out.push(format!(
            "xe vm-cd-add uuid={new} cd-name={} device=3",
            quote(&iso.name_label)
        ));
    }
    for (i, net) in spec.networks.iter().enumerate() {
        let nu = cache
            .networks
            .get(net)
            .map(|n| n.uuid.as_str())
            .unwrap_or_default();
        out.push(format!(
            "xe vif-create vm-uuid={new} network-uuid={nu} device={i}"
        ));
    }
    if spec.start {
        out.push(format!("xe vm-start uuid={new}"));
    }
    out
}

/// A `<disk>` of a template's `other_config["disks"]`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProvisionDisk {
    /// The device number (`userdevice`).
    pub device: String,
    /// Size in bytes.
    pub size: i64,
    /// The SR's uuid; empty for the pool's default SR.
    pub sr: String,
    /// Whether the VM boots from it.
    pub bootable: bool,
}

/// `other_config["disks"]` that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("other_config:disks: {0}")]
pub struct DisksXmlError(pub String);

/// Reads `<provision><disk device="0" size="…" sr="uuid" bootable="true" type="system"/>…`.
pub fn parse_disks(xml: &str) -> Result<Vec<ProvisionDisk>, DisksXmlError> {
    use quick_xml::events::Event;
    let bad = |why: String| DisksXmlError(why);
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().map_err(|e| bad(e.to_string()))? {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "disk" => {
                let mut d = ProvisionDisk::default();
                for a in e.attributes() {
                    let a = a.map_err(|e| bad(e.to_string()))?;
                    let v = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| bad(e.to_string()))?
                        .to_string();
                    match a.key.as_ref() {
                        "device" => d.device = v,
                        "size" => d.size = v.parse().map_err(|_| bad(format!("size {v}")))?,
                        "sr" => d.sr = v,
                        "bootable" => d.bootable = v == "true",
                        _ => {}
                    }
                }
                out.push(d);
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The template's disks as the wizard starts with them (SR by uuid, else the pool's
/// default SR); empty when it lists none or the list cannot be read.
pub fn template_disks(cache: &Cache, template: &Ref<Vm>) -> Vec<NewDisk> {
    let Some(xml) = cache
        .vms
        .get(template)
        .and_then(|t| t.other_config.get("disks"))
    else {
        return Vec::new();
    };
    let default_sr = cache
        .pool()
        .map(|(_, p)| p.default_sr.clone())
        .unwrap_or_default();
    parse_disks(xml)
        .unwrap_or_default()
        .into_iter()
        .map(|d| NewDisk {
            size: d.size,
            sr: cache
                .srs
                .iter()
                .find(|(_, s)| !d.sr.is_empty() && s.uuid == d.sr)
                .map(|(r, _)| r.clone())
                .unwrap_or_else(|| default_sr.clone()),
        })
        .collect()
}

/// The network a new VM's first NIC goes on: the first by name with physical NICs.
fn first_network(cache: &Cache) -> Option<Ref<Network>> {
    let mut nets: Vec<_> = cache
        .networks
        .iter()
        .filter(|(_, n)| !n.pifs.is_empty())
        .collect();
    nets.sort_by(|a, b| a.1.name_label.cmp(&b.1.name_label));
    nets.first().map(|(r, _)| (*r).clone())
}
