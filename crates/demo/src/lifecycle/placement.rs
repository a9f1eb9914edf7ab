//! Where a VM may run: host memory as xapi counts it (total less overhead less what
//! resident VMs take), HOST_NOT_ENOUGH_FREE_MEMORY with xapi's parameters (bytes needed,
//! bytes free), disabled hosts, and the choice of a host for a start without one.

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

/// Where `vm` starts: the named host if it fits, else its affinity, the master, then any
/// host with room (xapi's placement, without its scoring).
pub fn placement(db: &Db, vm: &str, host: Option<&str>) -> Result<String, ApiError> {
    if let Some(h) = host {
        host_ok(db, h)?;
        fits(db, vm, h, None)?;
        return Ok(h.to_string());
    }
    let first = power::default_host(db, vm);
    let mut candidates = vec![first.clone()];
    if let Some(t) = db.table("host") {
        candidates.extend(t.rows.keys().filter(|h| **h != first).cloned());
    }
    let mut error = None;
    for h in candidates {
        match host_ok(db, &h).and_then(|_| fits(db, vm, &h, None)) {
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
