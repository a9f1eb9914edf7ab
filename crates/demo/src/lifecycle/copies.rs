//! New VMs from old ones: snapshots and checkpoints, clones and full copies, reverting to a
//! snapshot, destroying a VM, and provisioning a template's disks — keeping VBDs, VDIs and
//! VIFs consistent with their VMs and SRs, as `xapi_vm_clone.ml`, `xapi_vm_snapshot.ml` and
//! `xapi_templates_install.ml` do.
//!
//! A snapshot is a template (`is_a_template` and `is_a_snapshot`) whose `snapshot_of` is the
//! VM; it takes the VM's `parent`, and the VM's `parent` becomes the snapshot, which is the
//! snapshot tree. Its disks are snapshot VDIs on the same SRs. A clone shares its source's
//! SRs; a copy puts full copies on the SR asked (or the same ones). VM.destroy removes the
//! VM, its VBDs, VIFs and metrics but not its VDIs: clients destroy those they choose.

use super::provision::parse_disks;
use super::tasks::now;
use serde_json::{Map, Value, json};
use xapidb::Db;
use xenapi::error::{ApiError, codes};

fn new_ref() -> String {
    format!("OpaqueRef:{}", uuid::Uuid::new_v4())
}

fn uuid() -> Value {
    Value::String(uuid::Uuid::new_v4().to_string())
}

const NULL: &str = "OpaqueRef:NULL";

fn refs(db: &Db, class: &str, r: &str, field: &str) -> Vec<String> {
    db.field(class, r, field)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn s(db: &Db, class: &str, r: &str, f: &str) -> String {
    db.field(class, r, f)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn i(db: &Db, class: &str, r: &str, f: &str) -> i64 {
    match db.field(class, r, f) {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
        Some(Value::String(x)) => x.parse().unwrap_or(0),
        _ => 0,
    }
}

fn fields(db: &Db, class: &str, r: &str) -> Map<String, Value> {
    db.get(class, r)
        .map(|row| row.fields.clone())
        .unwrap_or_default()
}

fn mac() -> String {
    super::nics::random_mac()
}

/// The disks (VDIs behind Disk VBDs) of a VM.
fn disks(db: &Db, vm: &str) -> Vec<String> {
    refs(db, "VM", vm, "VBDs")
        .into_iter()
        .filter(|vbd| s(db, "VBD", vbd, "type") != "CD")
        .map(|vbd| s(db, "VBD", &vbd, "VDI"))
        .filter(|vdi| db.get("VDI", vdi).is_some())
        .collect()
}

/// Free bytes of an SR.
fn sr_free(db: &Db, sr: &str) -> i64 {
    i(db, "SR", sr, "physical_size") - i(db, "SR", sr, "physical_utilisation")
}

/// SR_FULL unless `sr` holds full copies of `vm`'s disks.
pub fn check_space(db: &Db, vm: &str, sr: &str) -> Result<(), ApiError> {
    if db.get("SR", sr).is_none() {
        return Err(ApiError::new(codes::HANDLE_INVALID, ["SR", sr]));
    }
    let needed: i64 = disks(db, vm)
        .iter()
        .map(|d| i(db, "VDI", d, "virtual_size"))
        .sum();
    let free = sr_free(db, sr);
    if needed > free {
        return Err(ApiError::new(
            "SR_FULL",
            [needed.to_string(), free.max(0).to_string()],
        ));
    }
    Ok(())
}

/// How a VDI is copied.
#[derive(Clone, Copy, PartialEq)]
enum DiskCopy {
    Snapshot,
    Clone,
    Full,
}

fn copy_vdi(db: &mut Db, vdi: &str, how: DiskCopy, sr: Option<&str>) -> String {
    let mut f = fields(db, "VDI", vdi);
    let r = new_ref();
    f.insert("uuid".into(), uuid());
    f.insert("VBDs".into(), json!([]));
    f.insert("current_operations".into(), json!({}));
    if let Some(sr) = sr {
        f.insert("SR".into(), Value::String(sr.to_string()));
    }
    let size = i(db, "VDI", vdi, "virtual_size");
    match how {
        DiskCopy::Snapshot => {
            f.insert("is_a_snapshot".into(), Value::Bool(true));
            f.insert("snapshot_of".into(), Value::String(vdi.to_string()));
            f.insert("snapshot_time".into(), Value::String(now()));
            // Copy-on-write: the snapshot holds only what changed since.
            f.insert("physical_utilisation".into(), json!(size / 64));
        }
        DiskCopy::Clone => {
            f.insert("is_a_snapshot".into(), Value::Bool(false));
            f.insert("snapshot_of".into(), Value::String(NULL.into()));
            f.insert("physical_utilisation".into(), json!(size / 64));
        }
        DiskCopy::Full => {
            f.insert("is_a_snapshot".into(), Value::Bool(false));
            f.insert("snapshot_of".into(), Value::String(NULL.into()));
        }
    }
    let used = f
        .get("physical_utilisation")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let target = f
        .get("SR")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    db.insert("VDI", &r, f);
    let now_used = i(db, "SR", &target, "physical_utilisation");
    db.set_field(
        "SR",
        &target,
        "physical_utilisation",
        json!(now_used + used),
    );
    r
}

/// Copies `src`'s VBDs (disks copied as `how`), VIFs and metrics to `dst`.
fn copy_devices(db: &mut Db, src: &str, dst: &str, how: DiskCopy, sr: Option<&str>) {
    for vbd in refs(db, "VM", src, "VBDs") {
        let mut f = fields(db, "VBD", &vbd);
        let vdi = s(db, "VBD", &vbd, "VDI");
        if f.get("type").and_then(Value::as_str) != Some("CD") && db.get("VDI", &vdi).is_some() {
            let new = copy_vdi(db, &vdi, how, sr);
            f.insert("VDI".into(), Value::String(new));
        }
        f.insert("uuid".into(), uuid());
        f.insert("VM".into(), Value::String(dst.to_string()));
        f.insert("currently_attached".into(), Value::Bool(false));
        f.insert("current_operations".into(), json!({}));
        db.insert("VBD", &new_ref(), f);
    }
    for vif in refs(db, "VM", src, "VIFs") {
        let mut f = fields(db, "VIF", &vif);
        f.insert("uuid".into(), uuid());
        f.insert("VM".into(), Value::String(dst.to_string()));
        f.insert("currently_attached".into(), Value::Bool(false));
        f.insert("current_operations".into(), json!({}));
        if how != DiskCopy::Snapshot {
            f.insert("MAC".into(), Value::String(mac()));
        }
        db.insert("VIF", &new_ref(), f);
    }
}

/// A new VM record from `src`: no devices yet, not running, fresh uuid and metrics.
fn base_record(db: &mut Db, src: &str, name: &str) -> (String, Map<String, Value>) {
    let mut f = fields(db, "VM", src);
    for set in [
        "VBDs",
        "VIFs",
        "snapshots",
        "children",
        "consoles",
        "crash_dumps",
        "VTPMs",
        "VGPUs",
        "VUSBs",
        "attached_PCIs",
    ] {
        if f.contains_key(set) {
            f.insert(set.into(), json!([]));
        }
    }
    f.insert("uuid".into(), uuid());
    f.insert("name_label".into(), Value::String(name.to_string()));
    f.insert("power_state".into(), "Halted".into());
    f.insert("resident_on".into(), Value::String(NULL.into()));
    f.insert("domid".into(), json!(-1));
    f.insert("current_operations".into(), json!({}));
    f.insert("guest_metrics".into(), Value::String(NULL.into()));
    f.insert("is_default_template".into(), Value::Bool(false));
    if let Some(Value::Object(o)) = f.get_mut("other_config") {
        o.remove("default_template");
    }
    let metrics = s(db, "VM", src, "metrics");
    let m = new_ref();
    let mut mf = fields(db, "VM_metrics", &metrics);
    mf.insert("uuid".into(), uuid());
    mf.insert("memory_actual".into(), json!(0));
    db.insert("VM_metrics", &m, mf);
    f.insert("metrics".into(), Value::String(m));
    (new_ref(), f)
}

/// A snapshot VM's disks paired with the disks they were taken of.
pub fn snapshot_disks(db: &Db, snap: &str) -> Vec<(String, String)> {
    let vbds = db
        .field("VM", snap, "VBDs")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    vbds.iter()
        .filter_map(Value::as_str)
        .filter_map(|vbd| {
            let vdi = s(db, "VBD", vbd, "VDI");
            let of = s(db, "VDI", &vdi, "snapshot_of");
            (db.get("VDI", &of).is_some()).then_some((of, vdi))
        })
        .collect()
}

/// `VM.snapshot` / `VM.checkpoint` (with memory: the snapshot is `Suspended`).
pub fn snapshot(db: &mut Db, vm: &str, name: &str, memory: bool) -> Result<String, ApiError> {
    if db.get("VM", vm).is_none() {
        return Err(ApiError::new(codes::HANDLE_INVALID, ["VM", vm]));
    }
    let (r, mut f) = base_record(db, vm, name);
    f.insert("is_a_snapshot".into(), Value::Bool(true));
    f.insert("is_a_template".into(), Value::Bool(true));
    f.insert("snapshot_of".into(), Value::String(vm.to_string()));
    f.insert("snapshot_time".into(), Value::String(now()));
    // Xapi_vm_clone.snapshot_info: the power state when taken (a revert restores it).
    f.insert(
        "snapshot_info".into(),
        json!({"power-state-at-snapshot": s(db, "VM", vm, "power_state"),
               "disk-snapshot-type": "crash_consistent"}),
    );
    f.insert("parent".into(), Value::String(s(db, "VM", vm, "parent")));
    f.insert(
        "power_state".into(),
        if memory { "Suspended" } else { "Halted" }.into(),
    );
    db.insert("VM", &r, f);
    copy_devices(db, vm, &r, DiskCopy::Snapshot, None);
    super::firmware::copy_vtpms(db, vm, &r);
    if memory {
        // The checkpoint's memory image (the VM suspends and resumes around it).
        let sr = super::suspend::choose_sr(db, vm)?;
        super::suspend::write(db, &r, &sr);
    }
    db.set_field("VM", vm, "parent", Value::String(r.clone()));
    super::rules::refresh(db, &r);
    Ok(r)
}

/// `VM.clone` (`full` false: disks cloned on their SRs) and `VM.copy` (full copies, on `sr`
/// or their own SRs).
pub fn clone(
    db: &mut Db,
    vm: &str,
    name: &str,
    full: bool,
    sr: Option<&str>,
) -> Result<String, ApiError> {
    if db.get("VM", vm).is_none() {
        return Err(ApiError::new(codes::HANDLE_INVALID, ["VM", vm]));
    }
    if let Some(sr) = sr {
        check_space(db, vm, sr)?;
    }
    let snapshot = db.field("VM", vm, "is_a_snapshot").and_then(Value::as_bool) == Some(true);
    let template = db.field("VM", vm, "is_a_template").and_then(Value::as_bool) == Some(true);
    let (r, mut f) = base_record(db, vm, name);
    // Xapi_vm_clone.clone: a template's (or snapshot's, which is one) clone is a template,
    // and a clone or copy is a new top-level VM (CA-52668: no parent).
    f.insert("is_a_snapshot".into(), Value::Bool(false));
    f.insert("is_a_template".into(), Value::Bool(template));
    f.insert("snapshot_of".into(), Value::String(NULL.into()));
    f.insert("snapshot_time".into(), "19700101T00:00:00Z".into());
    f.insert("snapshot_info".into(), json!({}));
    f.insert("parent".into(), Value::String(NULL.into()));
    if template && let Some(Value::Object(o)) = f.get_mut("other_config") {
        o.entry("base_template_name")
            .or_insert_with(|| Value::String(s(db, "VM", vm, "name_label")));
    }
    if snapshot && s(db, "VM", vm, "power_state") == "Suspended" {
        f.insert("power_state".into(), "Suspended".into());
    }
    db.insert("VM", &r, f);
    copy_devices(
        db,
        vm,
        &r,
        if full {
            DiskCopy::Full
        } else {
            DiskCopy::Clone
        },
        sr,
    );
    super::firmware::copy_vtpms(db, vm, &r);
    if s(db, "VM", &r, "power_state") == "Suspended" {
        super::suspend::copy(db, vm, &r);
    }
    super::rules::refresh(db, &r);
    Ok(r)
}

/// Removes a VM's VBDs and VIFs.
fn drop_devices(db: &mut Db, vm: &str) {
    for vbd in refs(db, "VM", vm, "VBDs") {
        db.delete("VBD", &vbd);
    }
    for vif in refs(db, "VM", vm, "VIFs") {
        db.delete("VIF", &vif);
    }
}

/// `VM.revert`: `vm` (halted by the caller) takes the snapshot's configuration, disks (new
/// clones; the old ones go), VIFs, and power state (`Suspended` after a checkpoint).
pub fn revert(db: &mut Db, snap: &str, vm: &str) {
    let old_disks = disks(db, vm);
    drop_devices(db, vm);
    for d in old_disks {
        db.delete("VDI", &d);
    }
    copy_devices(db, snap, vm, DiskCopy::Clone, None);
    let sf = fields(db, "VM", snap);
    let keep = [
        "memory_static_min",
        "memory_static_max",
        "memory_dynamic_min",
        "memory_dynamic_max",
        "VCPUs_max",
        "VCPUs_at_startup",
        "VCPUs_params",
        "platform",
        "HVM_boot_policy",
        "HVM_boot_params",
        "PV_args",
        "PV_bootloader",
        "other_config",
        "xenstore_data",
    ];
    super::suspend::discard(db, vm);
    super::suspend::copy(db, snap, vm);
    let power = if s(db, "VM", snap, "power_state") == "Suspended" {
        "Suspended"
    } else {
        "Halted"
    };
    db.update("VM", vm, |f| {
        for k in keep {
            if let Some(v) = sf.get(k) {
                f.insert(k.into(), v.clone());
            }
        }
        f.insert("power_state".into(), power.into());
    });
    db.set_field("VM", vm, "parent", Value::String(snap.to_string()));
}

/// After a migration the VM's consoles are served by its new host: their `location` URLs
/// name the new host's address.
pub fn move_consoles(db: &mut Db, vm: &str, from: &str, to: &str) {
    let (old, new) = (s(db, "host", from, "address"), s(db, "host", to, "address"));
    if old.is_empty() || new.is_empty() || old == new {
        return;
    }
    for c in refs(db, "VM", vm, "consoles") {
        let loc = s(db, "console", &c, "location");
        if loc.contains(&old) {
            let moved = Value::String(loc.replacen(&old, &new, 1));
            db.set_field("console", &c, "location", moved);
        }
    }
}

/// A booted guest's agent reports in: a VM without guest metrics gets them (PV drivers
/// up, so clean shutdown, suspend and migration are allowed, as with tools installed).
pub fn guest_agent(db: &mut Db, vm: &str) {
    if db
        .get("VM_guest_metrics", &s(db, "VM", vm, "guest_metrics"))
        .is_some()
    {
        return;
    }
    let r = new_ref();
    let rec = json!({
        "uuid": uuid(), "os_version": {"name": "Linux", "distro": "linux"},
        "PV_drivers_version": {"major": "8", "minor": "3", "micro": "0"},
        "PV_drivers_detected": true, "PV_drivers_up_to_date": true, "networks": {},
        "other": {"feature-shutdown": "1", "feature-suspend": "1", "feature-poweroff": "1",
                  "feature-reboot": "1", "feature-vcpu-hotplug": "1"},
        "live": true, "last_updated": now(), "other_config": {}, "can_use_hotplug_vbd": "yes",
        "can_use_hotplug_vif": "yes",
    });
    db.insert(
        "VM_guest_metrics",
        &r,
        rec.as_object().cloned().unwrap_or_default(),
    );
    db.set_field("VM", vm, "guest_metrics", Value::String(r));
}

/// `VM.destroy`: the VM, its VBDs, VIFs and metrics; its VDIs stay for the client to destroy.
pub fn destroy(db: &mut Db, vm: &str) {
    drop_devices(db, vm);
    super::firmware::destroy_vtpms(db, vm);
    for m in ["metrics", "guest_metrics"] {
        let r = s(db, "VM", vm, m);
        let class = if m == "metrics" {
            "VM_metrics"
        } else {
            "VM_guest_metrics"
        };
        db.delete(class, &r);
    }
    db.delete("VM", vm);
}

/// `VM.provision`: the disks `other_config["disks"]` asks for (on the named SR, else the
/// pool's default), then the VM is no longer a template.
pub fn provision(db: &mut Db, vm: &str) -> Result<(), ApiError> {
    let xml = db
        .field("VM", vm, "other_config")
        .and_then(|o| o.get("disks"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let wanted = if xml.is_empty() {
        Vec::new()
    } else {
        parse_disks(&xml).map_err(|e| {
            ApiError::new(
                codes::INVALID_VALUE,
                ["other_config:disks".to_string(), e.0],
            )
        })?
    };
    for d in wanted {
        // Xapi_templates.create_disk: SR.get_by_uuid, so an empty `sr` (the templates' own,
        // which clients fill in) is UUID_INVALID too.
        let sr = db.by_uuid("SR", &d.sr).unwrap_or(NULL).to_string();
        if d.sr.is_empty() || db.get("SR", &sr).is_none() {
            return Err(ApiError::new(codes::UUID_INVALID, ["sr", d.sr.as_str()]));
        }
        if d.size > sr_free(db, &sr) {
            return Err(ApiError::new(
                "SR_FULL",
                [d.size.to_string(), sr_free(db, &sr).max(0).to_string()],
            ));
        }
        let vdi = new_ref();
        // Named after its device, as xapi names it.
        let rec = json!({
            "uuid": uuid(), "name_label": d.device.clone(), "name_description": "Created by template provisioner",
            "SR": sr, "virtual_size": d.size, "physical_utilisation": 0, "type": d.kind.clone(),
            "sharable": false, "read_only": false, "is_a_snapshot": false, "snapshot_of": NULL,
            "missing": false, "managed": true, "other_config": {}, "sm_config": {}, "xenstore_data": {},
            "tags": [], "VBDs": [], "current_operations": {}, "allowed_operations": [],
        });
        db.insert("VDI", &vdi, rec.as_object().cloned().unwrap_or_default());
        let vbd = json!({
            "uuid": uuid(), "VM": vm, "VDI": vdi, "device": "", "userdevice": d.device,
            "bootable": d.bootable, "mode": "RW", "type": "Disk", "empty": false,
            "unpluggable": d.kind != "system", "currently_attached": false,
            // Constants.owner_key: the VM owns the disk (clients delete it with the VM).
            "other_config": {"owner": ""}, "current_operations": {}, "allowed_operations": [],
        });
        db.insert(
            "VBD",
            &new_ref(),
            vbd.as_object().cloned().unwrap_or_default(),
        );
    }
    db.update("VM", vm, |f| {
        f.insert("is_a_template".into(), Value::Bool(false));
        if let Some(Value::Object(o)) = f.get_mut("other_config") {
            o.remove("disks");
        }
    });
    super::rules::refresh(db, vm);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_is_a_template_of_its_vm_with_its_own_disks() {
        let mut db = crate::demo_pool();
        let (vm, _) = db
            .table("VM")
            .unwrap()
            .rows
            .iter()
            .find(|(_, r)| r.fields["name_label"] == "web-02")
            .map(|(k, r)| (k.clone(), r.clone()))
            .unwrap();
        let before = disks(&db, &vm);
        let snap = snapshot(&mut db, &vm, "snap", false).unwrap();
        assert_eq!(db.field("VM", &snap, "snapshot_of"), Some(&json!(vm)));
        assert_eq!(db.field("VM", &vm, "parent"), Some(&json!(snap)));
        assert!(refs(&db, "VM", &vm, "snapshots").contains(&snap));
        let sd = disks(&db, &snap);
        assert_eq!(sd.len(), before.len());
        for d in &sd {
            assert!(!before.contains(d));
            assert_eq!(db.field("VDI", d, "is_a_snapshot"), Some(&json!(true)));
            assert_eq!(
                refs(&db, "VDI", d, "VBDs").len(),
                1,
                "linked to the snapshot's VBD"
            );
        }
        let c = clone(&mut db, &snap, "from snap", false, None).unwrap();
        // As Xapi_vm_clone: a snapshot's clone is a template, with no parent (CA-52668).
        assert_eq!(db.field("VM", &c, "is_a_template"), Some(&json!(true)));
        assert_eq!(db.field("VM", &c, "parent"), Some(&json!(NULL)));
        destroy(&mut db, &c);
        assert!(db.get("VM", &c).is_none());
        assert!(refs(&db, "VM", &c, "VBDs").is_empty());
    }
}
