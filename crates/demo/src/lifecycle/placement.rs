//! Where a VM may run: `VM.assert_can_boot_here` as `Xapi_vm_helpers.assert_can_boot_here`
//! checks, in its order (the host live, enabled, its SRs, its networks, its memory), host
//! memory as xapi counts it (total less overhead less what resident VMs take),
//! HOST_NOT_ENOUGH_FREE_MEMORY with xapi's parameters (bytes needed, bytes free), and the
//! choice of a host for a start without one.

use super::super::power;
use serde_json::Value;
use xapidb::Db;
use xenapi::error::{ApiError, codes};

pub fn i64_field(db: &Db, class: &str, r: &str, f: &str) -> i64 {
    match db.field(class, r, f) {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
        Some(Value::String(s)) => s.parse().unwrap_or(0),
        _ => 0,
    }
}

pub fn str_field(db: &Db, class: &str, r: &str, f: &str) -> String {
    db.field(class, r, f)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// What a VM takes on a host: its dynamic maximum (its static maximum when unset).
pub fn footprint(db: &Db, vm: &str) -> i64 {
    let d = i64_field(db, "VM", vm, "memory_dynamic_max");
    if d > 0 {
        d
    } else {
        i64_field(db, "VM", vm, "memory_static_max")
    }
}

/// Free memory of `host`: its total less its overhead and what its resident VMs (the
/// control domain too) take, `except` one (a VM migrating within the host).
pub fn host_free(db: &Db, host: &str, except: Option<&str>) -> i64 {
    let metrics = str_field(db, "host", host, "metrics");
    let total = i64_field(db, "host_metrics", &metrics, "memory_total");
    let used: i64 = db
        .table("VM")
        .map(|t| {
            t.rows
                .iter()
                .filter(|(r, row)| {
                    Some(r.as_str()) != except
                        && row.fields.get("resident_on").and_then(Value::as_str) == Some(host)
                })
                .map(|(r, _)| footprint(db, r))
                .sum()
        })
        .unwrap_or(0);
    total - i64_field(db, "host", host, "memory_overhead") - used
}

pub fn host_ok(db: &Db, host: &str) -> Result<(), ApiError> {
    let Some(row) = db.get("host", host) else {
        return Err(ApiError::new(codes::HANDLE_INVALID, ["host", host]));
    };
    if row.fields.get("enabled").and_then(Value::as_bool) == Some(false) {
        return Err(ApiError::new("HOST_DISABLED", [host]));
    }
    Ok(())
}

pub fn fits(db: &Db, vm: &str, host: &str, except: Option<&str>) -> Result<(), ApiError> {
    let (needed, free) = (footprint(db, vm), host_free(db, host, except));
    if needed > free {
        return Err(ApiError::new(
            "HOST_NOT_ENOUGH_FREE_MEMORY",
            [needed.to_string(), free.max(0).to_string()],
        ));
    }
    Ok(())
}

fn refs(db: &Db, class: &str, r: &str, field: &str) -> Vec<String> {
    db.field(class, r, field)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// `Xapi_vm_helpers.assert_can_boot_here` (without its CPU, hardware-platform, GPU, USB and
/// SR-IOV checks, which the demo has nothing for): HOST_NOT_LIVE, HOST_DISABLED (not for a
/// VM running there already), VM_REQUIRES_SR (its disks' SRs, and its memory image's when
/// suspended, must be plugged on the host), VM_REQUIRES_NET (its VIFs' networks must have a
/// PIF on the host, or be unmanaged or pinned nowhere else), HOST_NOT_ENOUGH_FREE_MEMORY.
pub fn can_boot_here(db: &Db, vm: &str, host: &str) -> Result<(), ApiError> {
    if db.get("VM", vm).is_none() {
        return Err(ApiError::new(codes::HANDLE_INVALID, ["VM", vm]));
    }
    if db.get("host", host).is_none() {
        return Err(ApiError::new(codes::HANDLE_INVALID, ["host", host]));
    }
    let metrics = str_field(db, "host", host, "metrics");
    if db
        .field("host_metrics", &metrics, "live")
        .and_then(Value::as_bool)
        != Some(true)
    {
        return Err(ApiError::new("HOST_NOT_LIVE", Vec::<String>::new()));
    }
    let power = str_field(db, "VM", vm, "power_state");
    let here = power == "Running" && str_field(db, "VM", vm, "resident_on") == host;
    let dom0 = db
        .field("VM", vm, "is_control_domain")
        .and_then(Value::as_bool)
        == Some(true);
    if !dom0 && !here {
        host_ok(db, host)?;
    }
    let plugged: Vec<String> = refs(db, "host", host, "PBDs")
        .into_iter()
        .filter(|p| {
            db.field("PBD", p, "currently_attached")
                .and_then(Value::as_bool)
                == Some(true)
        })
        .map(|p| str_field(db, "PBD", &p, "SR"))
        .collect();
    let mut vdis: Vec<String> = refs(db, "VM", vm, "VBDs")
        .into_iter()
        .filter(|b| db.field("VBD", b, "empty").and_then(Value::as_bool) != Some(true))
        .map(|b| str_field(db, "VBD", &b, "VDI"))
        .collect();
    let image = str_field(db, "VM", vm, "suspend_VDI");
    if power == "Suspended" && db.get("VDI", &image).is_some() {
        vdis.push(image);
    }
    for vdi in vdis {
        let sr = str_field(db, "VDI", &vdi, "SR");
        if !plugged.contains(&sr) {
            return Err(ApiError::new("VM_REQUIRES_SR", [vm, sr.as_str()]));
        }
    }
    for vif in refs(db, "VM", vm, "VIFs") {
        let net = str_field(db, "VIF", &vif, "network");
        if !network_on(db, &net, host) {
            return Err(ApiError::new("VM_REQUIRES_NET", [vm, net.as_str()]));
        }
    }
    fits(db, vm, host, Some(vm))
}

/// `is_network_available_on` of `xapi_network_attach_helpers.ml`.
fn network_on(db: &Db, net: &str, host: &str) -> bool {
    let pifs = refs(db, "network", net, "PIFs");
    if !pifs.is_empty() {
        return pifs.iter().any(|p| str_field(db, "PIF", p, "host") == host);
    }
    let shared = db
        .field("network", net, "other_config")
        .and_then(|o| o.get("assume_network_is_shared"))
        .and_then(Value::as_str)
        == Some("true");
    let managed = db.field("network", net, "managed").and_then(Value::as_bool) != Some(false);
    if shared || !managed {
        return true;
    }
    // An internal network: usable where the VMs running on it run, or anywhere if none do.
    let hosts: Vec<String> = refs(db, "network", net, "VIFs")
        .iter()
        .map(|v| str_field(db, "VIF", v, "VM"))
        .filter(|vm| str_field(db, "VM", vm, "power_state") == "Running")
        .map(|vm| str_field(db, "VM", &vm, "resident_on"))
        .collect();
    hosts.is_empty() || hosts.iter().any(|h| h == host)
}

/// Where `vm` starts: the named host if it can boot there, else its affinity, the master,
/// then any host that can (xapi's placement, without its scoring).
pub fn placement(db: &Db, vm: &str, host: Option<&str>) -> Result<String, ApiError> {
    if let Some(h) = host {
        can_boot_here(db, vm, h)?;
        return Ok(h.to_string());
    }
    let first = power::default_host(db, vm);
    let mut candidates = vec![first.clone()];
    if let Some(t) = db.table("host") {
        candidates.extend(t.rows.keys().filter(|h| **h != first).cloned());
    }
    let mut error = None;
    for h in candidates {
        match can_boot_here(db, vm, &h) {
            Ok(()) => return Ok(h),
            Err(e) => {
                error.get_or_insert(e);
            }
        }
    }
    Err(error.unwrap_or_else(|| ApiError::new("NO_HOSTS_AVAILABLE", Vec::<String>::new())))
}

/// Writes `host`'s free memory to its metrics after VMs arrive or leave (a dump's figure
/// stays until then).
pub fn refresh_free(db: &mut Db, host: &str) {
    let metrics = str_field(db, "host", host, "metrics");
    if db.get("host_metrics", &metrics).is_some() {
        let free = host_free(db, host, None).max(0);
        db.set_field("host_metrics", &metrics, "memory_free", Value::from(free));
    }
}
