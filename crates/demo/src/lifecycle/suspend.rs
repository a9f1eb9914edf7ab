//! A suspended VM's memory image (`suspend_VDI`), as xapi and xenopsd keep it:
//! - `VM.suspend` writes a VDI "Suspend image" of type `suspend` (the VM's memory and 100 MiB)
//!   on the SR `Helpers.choose_suspend_sr` picks (the VM's `suspend_SR`, else the pool's
//!   `suspend_image_SR`, else the host's `suspend_image_sr`, each only if the VM's host can
//!   reach it; none: VM_NO_SUSPEND_SR) (`Xapi_xenops.suspend`);
//! - `VM.resume` reads it, then destroys it (`Xapi_xenops.resume`; none:
//!   VM_HAS_NO_SUSPEND_VDI), as does `VM.hard_shutdown` of a suspended VM (`Xapi_vm`);
//! - a checkpoint keeps one for the snapshot; a clone of a suspended VM or snapshot copies it;
//! - `VDI.destroy` of an image clears the `suspend_VDI` that names it (`xapi_vdi.ml`);
//! - `VM.destroy` leaves it (clients destroy it, as XenCenter does since CA-91072).

use super::placement::{i64_field, str_field};
use serde_json::{Value, json};
use xapidb::Db;
use xenapi::error::ApiError;

const NULL: &str = "OpaqueRef:NULL";
const OVERHEAD: i64 = 104_857_600;

fn reachable(db: &Db, sr: &str, host: &str) -> bool {
    if db.get("SR", sr).is_none() {
        return false;
    }
    // A VM not on a host (a snapshot, the demo's seed) takes the SR as it is.
    host.is_empty()
        || host == NULL
        || db.table("PBD").is_some_and(|t| {
            t.rows.values().any(|p| {
                p.fields.get("SR").and_then(Value::as_str) == Some(sr)
                    && p.fields.get("host").and_then(Value::as_str) == Some(host)
            })
        })
}

/// Where `vm`'s memory image goes (`Helpers.choose_suspend_sr`).
pub fn choose_sr(db: &Db, vm: &str) -> Result<String, ApiError> {
    let host = str_field(db, "VM", vm, "resident_on");
    let pool_sr = db
        .table("pool")
        .and_then(|t| t.rows.values().next())
        .and_then(|p| p.fields.get("suspend_image_SR"))
        .and_then(Value::as_str)
        .unwrap_or(NULL)
        .to_string();
    let host_sr = str_field(db, "host", &host, "suspend_image_sr");
    [str_field(db, "VM", vm, "suspend_SR"), pool_sr, host_sr]
        .into_iter()
        .find(|sr| reachable(db, sr, &host))
        .ok_or_else(|| ApiError::new("VM_NO_SUSPEND_SR", [vm]))
}

fn image(db: &Db, vm: &str) -> Option<String> {
    let r = str_field(db, "VM", vm, "suspend_VDI");
    db.get("VDI", &r).is_some().then_some(r)
}

fn add_vdi(db: &mut Db, sr: &str, size: i64) -> String {
    let r = format!("OpaqueRef:{}", uuid::Uuid::new_v4());
    let rec = json!({
        "uuid": uuid::Uuid::new_v4().to_string(), "name_label": "Suspend image",
        "name_description": "Suspend image", "SR": sr, "virtual_size": size,
        "physical_utilisation": size, "type": "suspend", "sharable": false, "read_only": false,
        "is_a_snapshot": false, "snapshot_of": NULL, "missing": false, "managed": true,
        "other_config": {}, "sm_config": {}, "xenstore_data": {}, "tags": [], "VBDs": [],
        "current_operations": {}, "allowed_operations": [],
    });
    db.insert("VDI", &r, rec.as_object().cloned().unwrap_or_default());
    let used = i64_field(db, "SR", sr, "physical_utilisation");
    db.set_field("SR", sr, "physical_utilisation", json!(used + size));
    r
}

/// Writes `vm`'s memory image on `sr` and names it in `suspend_VDI`.
pub fn write(db: &mut Db, vm: &str, sr: &str) {
    let size = i64_field(db, "VM", vm, "memory_static_max") + OVERHEAD;
    let r = add_vdi(db, sr, size);
    db.set_field("VM", vm, "suspend_VDI", Value::String(r));
}

/// Gives `dst` a copy of `src`'s memory image, if it has one (a checkpoint, a clone).
pub fn copy(db: &mut Db, src: &str, dst: &str) {
    if let Some(img) = image(db, src) {
        let sr = str_field(db, "VDI", &img, "SR");
        let size = i64_field(db, "VDI", &img, "virtual_size");
        let r = add_vdi(db, &sr, size);
        db.set_field("VM", dst, "suspend_VDI", Value::String(r));
    }
}

/// Destroys `vm`'s memory image (after a resume, a hard shutdown, a revert).
pub fn discard(db: &mut Db, vm: &str) {
    if let Some(img) = image(db, vm) {
        let sr = str_field(db, "VDI", &img, "SR");
        let size = i64_field(db, "VDI", &img, "physical_utilisation");
        let used = i64_field(db, "SR", &sr, "physical_utilisation");
        db.set_field(
            "SR",
            &sr,
            "physical_utilisation",
            json!((used - size).max(0)),
        );
        db.delete("VDI", &img);
    }
    if db.get("VM", vm).is_some() {
        db.set_field("VM", vm, "suspend_VDI", Value::String(NULL.into()));
    }
}

/// VM_HAS_NO_SUSPEND_VDI unless `vm` has its image (checked by a resume).
pub fn check_resume(db: &Db, vm: &str) -> Result<(), ApiError> {
    match image(db, vm) {
        Some(_) => Ok(()),
        None => Err(ApiError::new("VM_HAS_NO_SUSPEND_VDI", ["VM", vm])),
    }
}

/// `VDI.destroy` of an image: the VMs that name it name none.
pub fn forget(db: &mut Db, vdi: &str) {
    let vms: Vec<String> = db
        .table("VM")
        .map(|t| {
            t.rows
                .iter()
                .filter(|(_, r)| r.fields.get("suspend_VDI").and_then(Value::as_str) == Some(vdi))
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default();
    for vm in vms {
        db.set_field("VM", &vm, "suspend_VDI", Value::String(NULL.into()));
    }
}

/// The demo's suspended VMs and checkpoints get the images a real pool would hold, and
/// the disks of its VMs the `owner` mark provisioning gives them (`Xapi_templates`).
pub fn seed(db: &mut Db) {
    let vbds: Vec<String> = db
        .table("VBD")
        .map(|t| t.rows.keys().cloned().collect())
        .unwrap_or_default();
    for b in vbds {
        if str_field(db, "VBD", &b, "type") == "Disk" {
            db.update("VBD", &b, |f| {
                if let Some(Value::Object(o)) = f.get_mut("other_config") {
                    o.entry("owner").or_insert_with(|| "".into());
                } else {
                    f.insert("other_config".into(), json!({"owner": ""}));
                }
            });
        }
    }
    let vms: Vec<String> = db
        .table("VM")
        .map(|t| t.rows.keys().cloned().collect())
        .unwrap_or_default();
    for vm in vms {
        if str_field(db, "VM", &vm, "power_state") == "Suspended" && image(db, &vm).is_none() {
            if let Ok(sr) = choose_sr(db, &vm) {
                write(db, &vm, &sr);
            }
        } else if db.field("VM", &vm, "suspend_VDI").is_none() {
            db.update("VM", &vm, |f| {
                f.insert("suspend_VDI".into(), NULL.into());
            });
        }
    }
}
