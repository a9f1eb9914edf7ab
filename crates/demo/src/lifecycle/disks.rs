//! Disk work on a VM's drives and on disks: `VBD.plug`/`unplug`, `VDI.resize`/
//! `resize_online`, with xapi's checks in xapi's order (`xapi_vbd_helpers.ml`
//! `valid_operations`, `xapi_vdi.ml` `check_operation_error` and `resize`) and the SM
//! drivers' refusal to shrink (`FileSR.py` `resize`: `VDISize`, code 79).

use super::devices::{must_exist, on_vdi_sr, quick};
use super::tasks::Job;
use crate::rpc::Call;
use serde_json::{Value, json};
use xapidb::Db;
use xenapi::error::{ApiError, codes};

fn s<'a>(db: &'a Db, class: &str, r: &str, f: &str) -> &'a str {
    db.field(class, r, f)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn b(db: &Db, class: &str, r: &str, f: &str) -> bool {
    db.field(class, r, f).and_then(Value::as_bool) == Some(true)
}

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

/// The first `(task, operation)` of a `current_operations` map.
fn current_op(db: &Db, class: &str, r: &str) -> Option<(String, String)> {
    db.field(class, r, "current_operations")
        .and_then(Value::as_object)
        .and_then(|m| m.iter().next())
        .map(|(t, op)| (t.clone(), op.as_str().unwrap_or_default().to_string()))
}

fn in_progress(class: &str, r: &str, (task, op): (String, String)) -> ApiError {
    ApiError::new(
        "OTHER_OPERATION_IN_PROGRESS",
        [class.to_string(), r.to_string(), op, task],
    )
}

/// SM drivers that can change a disk's size (all the common ones list `VDI_RESIZE`; none
/// lists `VDI_RESIZE_ONLINE`, so xapi refuses an online resize everywhere).
fn sr_can_resize(sr_type: &str) -> bool {
    matches!(
        sr_type,
        "nfs" | "ext" | "file" | "smb" | "lvm" | "lvmoiscsi" | "lvmohba" | "lvmofcoe" | "dummy"
    )
}

/// Whether a running VM is HVM without PV drivers claiming hotplug (xapi's fallback error).
fn hvm_without_hotplug(db: &Db, vm: &str) -> bool {
    let hvm = match s(db, "VM", vm, "domain_type") {
        "" => !s(db, "VM", vm, "HVM_boot_policy").is_empty(),
        t => t == "hvm",
    };
    if !hvm {
        return false;
    }
    let gm = s(db, "VM", vm, "guest_metrics");
    if db.get("VM_guest_metrics", gm).is_none() {
        return true;
    }
    match s(db, "VM_guest_metrics", gm, "can_use_hotplug_vbd") {
        "yes" => false,
        "no" => true,
        _ => !b(db, "VM_guest_metrics", gm, "PV_drivers_detected"),
    }
}

/// `VBD.plug` / `VBD.unplug`'s checks, in `valid_operations`' order (the first error set
/// for an operation wins there).
fn plug_error(db: &Db, vbd: &str, plug: bool) -> Option<ApiError> {
    if let Some(op) = current_op(db, "VBD", vbd) {
        return Some(in_progress("VBD", vbd, op));
    }
    if !plug && !b(db, "VBD", vbd, "unpluggable") {
        return Some(ApiError::new("VBD_NOT_UNPLUGGABLE", [vbd]));
    }
    let vm = s(db, "VBD", vbd, "VM");
    let power = s(db, "VM", vm, "power_state").to_ascii_lowercase();
    let plugged = b(db, "VBD", vbd, "currently_attached") || b(db, "VBD", vbd, "reserved");
    match (power.as_str(), plugged) {
        ("running", true) if plug => {
            return Some(ApiError::new("DEVICE_ALREADY_ATTACHED", [vbd]));
        }
        ("running", false) if !plug => {
            return Some(ApiError::new("DEVICE_ALREADY_DETACHED", [vbd]));
        }
        ("running", _) => {}
        (actual, _) => {
            return Some(ApiError::new(
                codes::VM_BAD_POWER_STATE,
                [vm, "running", actual],
            ));
        }
    }
    if let Some(op) = db
        .field("VM", vm, "current_operations")
        .and_then(Value::as_object)
        .and_then(|m| {
            m.values()
                .filter_map(Value::as_str)
                .find(|op| ["clean_shutdown", "hard_shutdown", "suspend", "pause"].contains(op))
        })
    {
        return Some(ApiError::new(
            "OPERATION_NOT_ALLOWED",
            [format!("Current operation on VM:{vm} is {op}")],
        ));
    }
    if hvm_without_hotplug(db, vm) {
        return Some(ApiError::new("VM_MISSING_PV_DRIVERS", [vm]));
    }
    if s(db, "VBD", vbd, "type") == "CD" && !s(db, "VM", vm, "HVM_boot_policy").is_empty() {
        return Some(ApiError::new(
            "OPERATION_NOT_ALLOWED",
            ["HVM CDROMs cannot be hotplugged/unplugged, only inserted or ejected"],
        ));
    }
    let vdi = s(db, "VBD", vbd, "VDI");
    if b(db, "VBD", vbd, "empty") || db.get("VDI", vdi).is_none() {
        return None;
    }
    if db.field("VDI", vdi, "managed").and_then(Value::as_bool) == Some(false) {
        return Some(ApiError::new("VDI_NOT_MANAGED", [vbd]));
    }
    if let Some(op) = current_op(db, "VDI", vdi).filter(|(_, op)| op != "copy" && op != "mirror") {
        return Some(in_progress("VDI", vdi, op));
    }
    if plug && !plugged {
        sharing_error(db, vbd, vdi)
    } else {
        None
    }
}

/// The sharing check of an attach: a disk not sharable is used read-write by one running
/// VM at most.
fn sharing_error(db: &Db, vbd: &str, vdi: &str) -> Option<ApiError> {
    let others: Vec<String> = refs(db, "VDI", vdi, "VBDs")
        .into_iter()
        .filter(|o| o != vbd)
        .filter(|o| {
            let vm = s(db, "VBD", o, "VM");
            !s(db, "VM", vm, "power_state").eq_ignore_ascii_case("suspended")
                && !b(db, "VM", vm, "is_control_domain")
                && (b(db, "VBD", o, "currently_attached") || b(db, "VBD", o, "reserved"))
        })
        .collect();
    let someone_rw = others.iter().any(|o| s(db, "VBD", o, "mode") == "RW");
    let need_write = s(db, "VBD", vbd, "mode") == "RW";
    if !b(db, "VDI", vdi, "sharable") && (someone_rw || (need_write && !others.is_empty())) {
        return Some(ApiError::new("VDI_IN_USE", [vdi]));
    }
    if need_write && b(db, "VDI", vdi, "read_only") {
        return Some(ApiError::new("VDI_READONLY", [vdi]));
    }
    None
}

/// The next free `xvd?` name of a VM's plugged devices.
fn device_name(db: &Db, vbd: &str) -> String {
    let ud = s(db, "VBD", vbd, "userdevice")
        .parse::<u8>()
        .unwrap_or(0)
        .min(25);
    format!("xvd{}", char::from(b'a' + ud))
}

/// `VBD.plug(self)` and `VBD.unplug(self)`.
pub fn plug(call: &Call) -> Result<Job, ApiError> {
    let vbd = call.str_arg(0, "self")?.to_string();
    let plugging = call.message() == "plug";
    let v2 = vbd.clone();
    let check = move |db: &Db| {
        must_exist(db, "VBD", &v2)?;
        plug_error(db, &v2, plugging).map_or(Ok(()), Err)
    };
    Ok(quick(call, check, move |db| {
        if plugging {
            let dev = device_name(db, &vbd);
            db.set_field("VBD", &vbd, "device", json!(dev));
        }
        db.set_field("VBD", &vbd, "currently_attached", json!(plugging));
        Ok(Value::String(String::new()))
    }))
}

/// `check_operation_error` for `resize` / `resize_online`, then `resize`'s own checks.
fn resize_error(db: &Db, vdi: &str, online: bool, size: i64) -> Option<ApiError> {
    if let Some(op) = current_op(db, "VDI", vdi).filter(|(_, op)| op != "copy") {
        return Some(in_progress("VDI", vdi, op));
    }
    let sr = s(db, "VDI", vdi, "SR");
    let plugged_pbds = db
        .table("PBD")
        .map(|t| {
            t.rows.values().any(|r| {
                r.fields.get("SR").and_then(Value::as_str) == Some(sr)
                    && r.fields.get("currently_attached").and_then(Value::as_bool) == Some(true)
            })
        })
        .unwrap_or(false);
    if !plugged_pbds && !online {
        return Some(ApiError::new("SR_NO_PBDS", [sr]));
    }
    let active = refs(db, "VDI", vdi, "VBDs")
        .iter()
        .any(|v| b(db, "VBD", v, "currently_attached") || b(db, "VBD", v, "reserved"));
    if active && !online {
        return Some(ApiError::new("VDI_IN_USE", [vdi, "resize"]));
    }
    let sr_type = s(db, "SR", sr, "type");
    if online || !sr_can_resize(sr_type) {
        return Some(ApiError::new("SR_OPERATION_NOT_SUPPORTED", [sr]));
    }
    if s(db, "VDI", vdi, "type") == "cbt_metadata" {
        return Some(ApiError::new(
            "VDI_INCOMPATIBLE_TYPE",
            [vdi, "cbt_metadata"],
        ));
    }
    if db.field("VDI", vdi, "managed").and_then(Value::as_bool) == Some(false) {
        return Some(ApiError::new("VDI_NOT_MANAGED", [vdi]));
    }
    // What the SM driver answers (xapi's sm_exec: `["", reason, stderr]`).
    let current = db
        .field("VDI", vdi, "virtual_size")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    if size < current {
        return Some(ApiError::new(
            "SR_BACKEND_FAILURE_79",
            ["", "VDI Invalid size [opterr=shrinking not allowed]", ""],
        ));
    }
    let n = |f: &str| db.field("SR", sr, f).and_then(Value::as_i64).unwrap_or(0);
    let free = n("physical_size") - n("physical_utilisation");
    if size - current > free {
        return Some(ApiError::new(
            "SR_BACKEND_FAILURE_44",
            [
                "",
                "There is insufficient space [opterr=not enough free space]",
                "",
            ],
        ));
    }
    None
}

/// `VDI.resize(vdi, size)` and `VDI.resize_online(vdi, size)`.
pub fn resize(call: &Call) -> Result<Job, ApiError> {
    let vdi = call.str_arg(0, "vdi")?.to_string();
    let size = match call.args.get(1) {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(t)) => t.parse().ok(),
        _ => None,
    }
    .ok_or_else(|| ApiError::new(codes::FIELD_TYPE_ERROR, ["size"]))?;
    let online = call.message() == "resize_online";
    let (v2, v3) = (vdi.clone(), vdi.clone());
    let check = move |db: &Db| {
        must_exist(db, "VDI", &v2)?;
        resize_error(db, &v2, online, size).map_or(Ok(()), Err)
    };
    let mut job = quick(call, check, move |db| {
        db.set_field("VDI", &vdi, "virtual_size", json!(size));
        Ok(Value::String(String::new()))
    });
    job.duration = std::time::Duration::from_millis(1500);
    Ok(on_vdi_sr(call, &v3, "vdi_resize", job))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_common_sm_drivers_resize() {
        assert!(sr_can_resize("nfs") && sr_can_resize("lvmoiscsi"));
        assert!(!sr_can_resize("udev") && !sr_can_resize("iso"));
    }
}
