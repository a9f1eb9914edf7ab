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
//!   VM must allow `migrate_send` (halted, suspended or running, else VM_BAD_POWER_STATE);
//!   a VM not running needs a server that sees the new SR; CBT metadata →
//!   VDI_INCOMPATIBLE_TYPE; CBT on → VDI_CBT_ENABLED; a server must see the new SR and the
//!   VM's other disks' SRs (the VM's own first), else NO_HOSTS_AVAILABLE. The disk gets a
//!   new UUID on the new SR; the old one goes; a running VM may change server with it. The
//!   disk's snapshots (the VM's snapshots' disks taken of it) move with it.

use super::devices::{must_exist, new_ref, quick};
use super::placement::{can_boot_here, refresh_free, str_field};
use super::rules;
use super::tasks::Job;
use crate::rpc::Call;
use serde_json::{Value, json};
use xapidb::Db;
use xenapi::error::ApiError;

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
                    [i2.clone(), src.to_string()],
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

/// Whether `host` has every SR of `srs` plugged (`assert_can_see_specified_SRs`).
fn sees_all(db: &Db, host: &str, srs: &[String]) -> bool {
    srs.iter().all(|sr| {
        refs(db, "SR", sr, "PBDs").iter().any(|p| {
            str_field(db, "PBD", p, "host") == host
                && db
                    .field("PBD", p, "currently_attached")
                    .and_then(Value::as_bool)
                    == Some(true)
        })
    })
}

fn hosts(db: &Db) -> Vec<String> {
    db.table("host")
        .map(|t| t.rows.keys().cloned().collect())
        .unwrap_or_default()
}

fn no_hosts() -> ApiError {
    ApiError::new("NO_HOSTS_AVAILABLE", Vec::<String>::new())
}

/// The server the VM ends on after its disk moves to `sr`, or xapi's error, in xapi's order.
fn migrate_check(db: &Db, vdi: &str, sr: &str) -> Result<(String, String), ApiError> {
    must_exist(db, "VDI", vdi)?;
    must_exist(db, "SR", sr)?;
    let Some(vbd) = refs(db, "VDI", vdi, "VBDs").into_iter().next() else {
        return Err(ApiError::new("VDI_NEEDS_VM_FOR_MIGRATE", [vdi]));
    };
    let vm = str_field(db, "VBD", &vbd, "VM");
    // `VM.with_vm_operation ~op:migrate_send`: halted, suspended or running.
    if let Some(e) = rules::operation_error(db, &vm, "migrate_send", false) {
        return Err(e);
    }
    let power = str_field(db, "VM", &vm, "power_state");
    let here = if power == "Running" || power == "Paused" {
        str_field(db, "VM", &vm, "resident_on")
    } else {
        let scheduled = str_field(db, "VM", &vm, "scheduled_to_be_resident_on");
        if db.get("host", &scheduled).is_some() {
            scheduled
        } else {
            hosts(db)
                .into_iter()
                .find(|h| can_boot_here(db, &vm, h).is_ok() && sees_all(db, h, &[sr.to_string()]))
                .ok_or_else(no_hosts)?
        }
    };
    if str_field(db, "VDI", vdi, "type") == "cbt_metadata" {
        return Err(ApiError::new(
            "VDI_INCOMPATIBLE_TYPE",
            [vdi, "cbt_metadata"],
        ));
    }
    if db.field("VDI", vdi, "cbt_enabled").and_then(Value::as_bool) == Some(true) {
        return Err(ApiError::new("VDI_CBT_ENABLED", [vdi]));
    }
    // The VM's other disks stay where they are: the server it ends on must see them all and
    // the new SR; its own server if it can, else any that can.
    let mut needed: Vec<String> = refs(db, "VM", &vm, "VBDs")
        .into_iter()
        .filter(|b| db.field("VBD", b, "empty").and_then(Value::as_bool) != Some(true))
        .map(|b| str_field(db, "VBD", &b, "VDI"))
        .filter(|v| v != vdi)
        .map(|v| str_field(db, "VDI", &v, "SR"))
        .collect();
    needed.push(sr.to_string());
    let dest = if sees_all(db, &here, &needed) {
        here
    } else {
        hosts(db)
            .into_iter()
            .find(|h| sees_all(db, h, &needed))
            .ok_or_else(no_hosts)?
    };
    room(db, sr, size(db, vdi))?;
    Ok((vm, dest))
}

/// The disks of `vm`'s snapshots taken of `vdi`, moved to `sr` with it (xapi's
/// `migrate_send`: a snapshot disk whose `snapshot_of` is in the map goes to the same SR, is
/// copied rather than mirrored, the snapshots' drives are remapped to the copies
/// (`intra_pool_vdi_remap` over the VM and its snapshots), the copies become snapshots of
/// the moved disk (`update_snapshot_info`) and the originals are destroyed once copied).
/// The copies' refs.
fn move_snapshot_disks(db: &mut Db, vm: &str, vdi: &str, new: &str, sr: &str) -> Vec<String> {
    let mut moved = Vec::new();
    for snap_vm in refs(db, "VM", vm, "snapshots") {
        for vbd in refs(db, "VM", &snap_vm, "VBDs") {
            let old = str_field(db, "VBD", &vbd, "VDI");
            if db.get("VDI", &old).is_none() || str_field(db, "VDI", &old, "snapshot_of") != vdi {
                continue;
            }
            let copy = copy_record(db, &old, sr);
            db.set_field("VDI", &copy, "is_a_snapshot", json!(true));
            db.set_field("VDI", &copy, "snapshot_of", json!(new));
            for b in refs(db, "VDI", &old, "VBDs") {
                db.set_field("VBD", &b, "VDI", json!(copy));
            }
            db.delete("VDI", &old);
            moved.push(copy);
        }
    }
    moved
}

/// `VDI.pool_migrate(vdi, sr, options)` (`message_forwarding.ml`, then
/// `vdi_pool_migrate`): a storage migration of the VM that uses the disk; the new VDI's ref.
pub fn pool_migrate(call: &Call) -> Result<Job, ApiError> {
    let vdi = call.str_arg(0, "vdi")?.to_string();
    let sr = call.str_arg(1, "sr")?.to_string();
    let (v2, s2) = (vdi.clone(), sr.clone());
    let check = move |db: &Db| migrate_check(db, &v2, &s2).map(|_| ());
    let mut job = quick(call, check, move |db| {
        let (vm, dest) = migrate_check(db, &vdi, &sr)?;
        let new = copy_record(db, &vdi, &sr);
        for vbd in refs(db, "VDI", &vdi, "VBDs") {
            db.set_field("VBD", &vbd, "VDI", json!(new));
        }
        let snaps = move_snapshot_disks(db, &vm, &vdi, &new, &sr);
        db.set_field("VDI", &new, "snapshots", json!(snaps));
        db.delete("VDI", &vdi);
        // A running VM whose server cannot see the new SR moved with its disk.
        let was = str_field(db, "VM", &vm, "resident_on");
        if str_field(db, "VM", &vm, "power_state") == "Running" && was != dest {
            db.set_field("VM", &vm, "resident_on", json!(dest));
            refresh_free(db, &was);
            refresh_free(db, &dest);
        }
        Ok(Value::String(new))
    });
    job.duration = std::time::Duration::from_millis(4000);
    Ok(job)
}
