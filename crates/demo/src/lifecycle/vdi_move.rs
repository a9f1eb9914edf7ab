//! Moving a disk to another repository: `VDI.copy` (a halted VM's disk, copied then
//! swapped by the client, as XenCenter's `MoveVirtualDiskAction`) and `VDI.pool_migrate`
//! (a running VM's disk, mirrored while it runs: XenCenter's `MigrateVirtualDiskAction`).
//!
//! - `VDI.copy(vdi, sr, base_vdi, into_vdi)` (`xapi_vdi.ml` `copy`, its `copy` operation
//!   check): not managed → VDI_NOT_MANAGED; attached read-write to a running VM →
//!   VDI_IN_USE [vdi, "copy"]; into an ISO SR → SR_OPERATION_NOT_SUPPORTED; no room →
//!   SR_FULL; into an existing VDI: read-only → VDI_READONLY, smaller → VDI_TOO_SMALL.
//! - `VDI.pool_migrate(vdi, sr, options)` (`message_forwarding.ml` `VDI.pool_migrate`,
//!   `xapi_vm_migrate.ml` `vdi_pool_migrate`): no drive → VDI_NEEDS_VM_FOR_MIGRATE; the
//!   VM must allow `migrate_send` (running: VM_BAD_POWER_STATE otherwise); CBT metadata →
//!   VDI_INCOMPATIBLE_TYPE; CBT on → VDI_CBT_ENABLED; the VM's server must see the new SR
//!   (VM_REQUIRES_SR). The disk gets a new UUID on the new SR; the old one goes.

use super::devices::{must_exist, new_ref, quick};
use super::placement::str_field;
use super::tasks::Job;
use crate::rpc::Call;
use serde_json::{Value, json};
use xapidb::Db;
use xenapi::error::{ApiError, codes};

const NULL: &str = "OpaqueRef:NULL";

fn refs(db: &Db, class: &str, r: &str, f: &str) -> Vec<String> {
    db.field(class, r, f)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The room left on `sr` for `size` bytes, as `VDI.create` checks it.
fn room(db: &Db, sr: &str, size: i64) -> Result<(), ApiError> {
    if str_field(db, "SR", sr, "content_type") == "iso" {
        return Err(ApiError::new("SR_OPERATION_NOT_SUPPORTED", [sr]));
    }
    let n = |f: &str| db.field("SR", sr, f).and_then(Value::as_i64).unwrap_or(0);
    let free = n("physical_size") - n("physical_utilisation");
    if size > free {
        return Err(ApiError::new(
            "SR_FULL",
            [size.to_string(), free.max(0).to_string()],
        ));
    }
    Ok(())
}

/// A copy of `vdi`'s record on `sr` (a new UUID; read-write, as xapi's CA-64962), added.
fn copy_record(db: &mut Db, vdi: &str, sr: &str) -> String {
    let mut rec = db
        .get("VDI", vdi)
        .map(|r| r.fields.clone())
        .unwrap_or_default();
    for (k, v) in [
        ("uuid", json!(uuid::Uuid::new_v4().to_string())),
        ("SR", json!(sr)),
        ("read_only", json!(false)),
        ("VBDs", json!([])),
        ("snapshots", json!([])),
        ("snapshot_of", json!(NULL)),
        ("is_a_snapshot", json!(false)),
        ("sm_config", json!({})),
        ("current_operations", json!({})),
        ("managed", json!(true)),
    ] {
        rec.insert(k.into(), v);
    }
    let r = new_ref();
    db.insert("VDI", &r, rec);
    r
}

fn size(db: &Db, vdi: &str) -> i64 {
    db.field("VDI", vdi, "virtual_size")
        .and_then(Value::as_i64)
        .unwrap_or(0)
}

/// The drives of `vdi` plugged into a running VM, read-write.
fn active_rw(db: &Db, vdi: &str) -> bool {
    refs(db, "VDI", vdi, "VBDs").iter().any(|b| {
        db.field("VBD", b, "currently_attached")
            .and_then(Value::as_bool)
            == Some(true)
            && str_field(db, "VBD", b, "mode") == "RW"
    })
}

/// `VDI.copy(vdi, sr, base_vdi, into_vdi)`.
pub fn copy(call: &Call) -> Result<Job, ApiError> {
    let vdi = call.str_arg(0, "vdi")?.to_string();
    let sr = call.str_arg(1, "sr")?.to_string();
    let into = call.str_arg(3, "into_vdi")?.to_string();
    let (v2, s2, i2) = (vdi.clone(), sr.clone(), into.clone());
    let check = move |db: &Db| {
        must_exist(db, "VDI", &v2)?;
        if db.field("VDI", &v2, "managed").and_then(Value::as_bool) == Some(false) {
            return Err(ApiError::new("VDI_NOT_MANAGED", [v2.as_str()]));
        }
        if active_rw(db, &v2) {
            return Err(ApiError::new("VDI_IN_USE", [v2.as_str(), "copy"]));
        }
        if db.get("VDI", &i2).is_some() {
            if db.field("VDI", &i2, "read_only").and_then(Value::as_bool) == Some(true) {
                return Err(ApiError::new("VDI_READONLY", [i2.as_str()]));
            }
            let (src, dst) = (size(db, &v2), size(db, &i2));
            if dst < src {
                return Err(ApiError::new(
                    "VDI_TOO_SMALL",
                    [i2.clone(), src.to_string(), dst.to_string()],
                ));
            }
            return Ok(());
        }
        must_exist(db, "SR", &s2)?;
        room(db, &s2, size(db, &v2))
    };
    let mut job = quick(call, check, move |db| {
        if db.get("VDI", &into).is_some() {
            return Ok(Value::String(into));
        }
        Ok(Value::String(copy_record(db, &vdi, &sr)))
    });
    job.duration = std::time::Duration::from_millis(3000);
    Ok(job)
}

/// `VDI.pool_migrate(vdi, sr, options)`: the new VDI's ref.
pub fn pool_migrate(call: &Call) -> Result<Job, ApiError> {
    let vdi = call.str_arg(0, "vdi")?.to_string();
    let sr = call.str_arg(1, "sr")?.to_string();
    let (v2, s2) = (vdi.clone(), sr.clone());
    let check = move |db: &Db| {
        must_exist(db, "VDI", &v2)?;
        must_exist(db, "SR", &s2)?;
        let Some(vbd) = refs(db, "VDI", &v2, "VBDs").into_iter().next() else {
            return Err(ApiError::new("VDI_NEEDS_VM_FOR_MIGRATE", [v2.as_str()]));
        };
        let vm = str_field(db, "VBD", &vbd, "VM");
        let allowed = db
            .field("VM", &vm, "allowed_operations")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().any(|o| o == "migrate_send"));
        if str_field(db, "VM", &vm, "power_state") != "Running" {
            let state = str_field(db, "VM", &vm, "power_state").to_lowercase();
            return Err(ApiError::new(
                codes::VM_BAD_POWER_STATE,
                [vm.as_str(), "running", state.as_str()],
            ));
        }
        if !allowed {
            return Err(ApiError::new(
                "OPERATION_NOT_ALLOWED",
                ["VM.migrate_send is not allowed now"],
            ));
        }
        if str_field(db, "VDI", &v2, "type") == "cbt_metadata" {
            return Err(ApiError::new(
                "VDI_INCOMPATIBLE_TYPE",
                [v2.as_str(), "cbt_metadata"],
            ));
        }
        if db.field("VDI", &v2, "cbt_enabled").and_then(Value::as_bool) == Some(true) {
            return Err(ApiError::new("VDI_CBT_ENABLED", [v2.as_str()]));
        }
        // The VM stays on its server: that server must see the new SR too.
        let host = str_field(db, "VM", &vm, "resident_on");
        let sees = refs(db, "SR", &s2, "PBDs").iter().any(|p| {
            str_field(db, "PBD", p, "host") == host
                && db
                    .field("PBD", p, "currently_attached")
                    .and_then(Value::as_bool)
                    == Some(true)
        });
        if !sees {
            return Err(ApiError::new("VM_REQUIRES_SR", [vm.as_str(), s2.as_str()]));
        }
        room(db, &s2, size(db, &v2))
    };
    let mut job = quick(call, check, move |db| {
        let new = copy_record(db, &vdi, &sr);
        for vbd in refs(db, "VDI", &vdi, "VBDs") {
            db.set_field("VBD", &vbd, "VDI", json!(new));
        }
        db.delete("VDI", &vdi);
        Ok(Value::String(new))
    });
    job.duration = std::time::Duration::from_millis(4000);
    Ok(job)
}
