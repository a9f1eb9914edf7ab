//! An OVF package (`.ovf` with its files, or `.ova`) as a new VM, as XenCenter's Import
//! wizard does it: everything checked first (the envelope's refusals, each disk's file
//! there and readable, no image larger than its disk), then the VM from a template with the
//! package's CPUs, memory and firmware, each disk made and uploaded as a disk image is, one
//! NIC per package NIC on the network the user chose. Any failure removes all it made.

use super::disk_transfer::{import_part, inspect_part};
use super::transfer::{Progress, TransferError};
use diskimg::ova::{Package, Part};
use diskimg::ovf::{Firmware, System};
use serde_json::{Value, json};
use std::path::Path;
use xenapi::Session;

/// Whether `path` names an OVF package (`.ova`, `.ovf`).
pub fn is_package(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    matches!(ext.as_deref(), Some("ova" | "ovf"))
}

/// Why a package cannot be imported, all reasons at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub Vec<String>);

/// A package checked: its VM, and each disk's id, file part (none: a blank disk) and size.
#[derive(Debug, Clone)]
pub struct Checked {
    pub system: System,
    pub disks: Vec<(String, Option<Part>, u64)>,
}

/// Opens and checks the package at `path` (blocking: reads headers of every disk).
pub fn check(path: &Path) -> Result<(Package, Checked), Refused> {
    let pkg = Package::open(path).map_err(|e| Refused(vec![e.to_string()]))?;
    let env = &pkg.envelope;
    let mut why: Vec<String> = env.check().iter().map(ToString::to_string).collect();
    let Some(system) = env.systems.first().cloned() else {
        why.push("the package has no VM".into());
        return Err(Refused(why));
    };
    let mut disks = Vec::new();
    for id in &system.disks {
        let cap = env
            .disks
            .iter()
            .find(|d| &d.id == id)
            .map_or(0, |d| d.capacity);
        let Some(file) = env.file_of(id) else {
            if cap == 0 {
                why.push(format!("the disk {id} has neither a file nor a capacity"));
            }
            disks.push((id.clone(), None, cap));
            continue;
        };
        match pkg.part(&file.href) {
            Err(e) => why.push(e.to_string()),
            Ok(part) => match inspect_part(&part) {
                Err(e) => why.push(format!("{}: {e}", file.href)),
                Ok(info) if cap > 0 && info.virtual_size > cap => why.push(format!(
                    "{}: the image holds {} bytes, more than its disk's {cap}",
                    file.href, info.virtual_size
                )),
                Ok(info) => disks.push((id.clone(), Some(part), cap.max(info.virtual_size))),
            },
        }
    }
    if why.is_empty() {
        Ok((pkg, Checked { system, disks }))
    } else {
        Err(Refused(why))
    }
}

/// What the user chose: the VM's name, its template and SR, and a network per NIC.
#[derive(Debug, Clone)]
pub struct Choices {
    pub name: String,
    pub template: String,
    pub sr: String,
    pub networks: Vec<Option<String>>,
}

/// Makes the VM of `checked`; returns it. On failure, what was made is destroyed.
pub async fn import_ovf(
    session: &Session,
    checked: &Checked,
    choices: &Choices,
    progress: &Progress,
) -> Result<String, TransferError> {
    let mut made_vdis: Vec<String> = Vec::new();
    let mut made_vm: Option<String> = None;
    let r = build(
        session,
        checked,
        choices,
        progress,
        &mut made_vm,
        &mut made_vdis,
    )
    .await;
    if r.is_err() {
        if let Some(vm) = &made_vm {
            let _ = session.call("VM.destroy", &[vm.as_str().into()]).await;
        }
        for v in &made_vdis {
            let _ = session.call("VDI.destroy", &[v.as_str().into()]).await;
        }
    }
    r
}

async fn build(
    session: &Session,
    checked: &Checked,
    c: &Choices,
    progress: &Progress,
    made_vm: &mut Option<String>,
    made_vdis: &mut Vec<String>,
) -> Result<String, TransferError> {
    let s = &checked.system;
    let vm = session
        .call(
            "VM.clone",
            &[c.template.as_str().into(), c.name.as_str().into()],
        )
        .await?;
    let vm = vm.as_str().unwrap_or_default().to_string();
    *made_vm = Some(vm.clone());
    let v = || Value::from(vm.as_str());
    let rec = session.call("VM.get_record", &[v()]).await?;
    let num = |k: &str| {
        rec[k]
            .as_i64()
            .or_else(|| rec[k].as_str().and_then(|x| x.parse().ok()))
            .unwrap_or(0)
    };
    let n = s.vcpus as i64;
    let mut calls: Vec<(&str, Vec<Value>)> = vec![
        ("VM.remove_from_other_config", vec![v(), "disks".into()]),
        (
            "VM.add_to_other_config",
            vec![v(), "disks".into(), "<provision/>".into()],
        ),
        ("VM.provision", vec![v()]),
    ];
    // VCPUs_max ≥ VCPUs_at_startup at every step.
    if n >= num("VCPUs_max") {
        calls.push(("VM.set_VCPUs_max", vec![v(), json!(n)]));
        calls.push(("VM.set_VCPUs_at_startup", vec![v(), json!(n)]));
    } else {
        calls.push(("VM.set_VCPUs_at_startup", vec![v(), json!(n)]));
        calls.push(("VM.set_VCPUs_max", vec![v(), json!(n)]));
    }
    let mem = s.memory as i64;
    let static_min = num("memory_static_min").min(mem).max(0);
    calls.push((
        "VM.set_memory_limits",
        vec![v(), json!(static_min), json!(mem), json!(mem), json!(mem)],
    ));
    let (firmware, secure) = match s.firmware {
        Firmware::Bios => ("bios", "false"),
        Firmware::Uefi { secure_boot } => ("uefi", if secure_boot { "true" } else { "false" }),
    };
    for (map, key, value) in [
        ("HVM_boot_params", "firmware", firmware),
        ("platform", "secureboot", secure),
    ] {
        calls.push((map_call("remove_from", map), vec![v(), key.into()]));
        calls.push((map_call("add_to", map), vec![v(), key.into(), value.into()]));
    }
    calls.push(("VM.set_suspend_SR", vec![v(), c.sr.as_str().into()]));
    for (method, args) in calls {
        session.call(method, &args).await?;
    }
    for (i, (id, part, size)) in checked.disks.iter().enumerate() {
        if progress.cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(TransferError::Cancelled);
        }
        let name = format!("{} {}", c.name, i);
        let vdi = match part {
            Some(p) => import_part(session, p, &c.sr, &name, Some(*size), progress).await?,
            None => {
                let rec = json!({
                    "name_label": name, "name_description": id, "SR": c.sr,
                    "virtual_size": size, "type": "user", "sharable": false,
                    "read_only": false, "other_config": {}, "xenstore_data": {},
                    "sm_config": {}, "tags": [],
                });
                let r = session.call("VDI.create", &[rec]).await?;
                r.as_str().unwrap_or_default().to_string()
            }
        };
        made_vdis.push(vdi.clone());
        let vbd = json!({
            "VM": vm, "VDI": vdi, "userdevice": i.to_string(), "bootable": i == 0,
            "mode": "RW", "type": "Disk", "empty": false, "unpluggable": false,
            "other_config": {}, "qos_algorithm_type": "", "qos_algorithm_params": {},
        });
        session.call("VBD.create", &[vbd]).await?;
    }
    // One VIF per NIC left connected, numbered in the package's order (XenCenter drops a
    // NIC the user maps to no network).
    for (device, net) in c.networks.iter().flatten().enumerate() {
        let vif = json!({
            "device": device.to_string(), "network": net, "VM": vm, "MAC": "", "MTU": 1500,
            "other_config": {}, "qos_algorithm_type": "", "qos_algorithm_params": {},
            "locking_mode": "network_default", "ipv4_allowed": [], "ipv6_allowed": [],
        });
        session.call("VIF.create", &[vif]).await?;
    }
    Ok(vm)
}

/// `VM.add_to_platform` and friends (the four names used here, as static strings).
fn map_call(op: &str, map: &str) -> &'static str {
    match (op, map) {
        ("remove_from", "HVM_boot_params") => "VM.remove_from_HVM_boot_params",
        ("add_to", "HVM_boot_params") => "VM.add_to_HVM_boot_params",
        ("remove_from", _) => "VM.remove_from_platform",
        _ => "VM.add_to_platform",
    }
}
