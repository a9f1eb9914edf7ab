//! Hosts as xapi keeps them: `allowed_operations` from the host's state and its
//! `current_operations` (`xapi_host_helpers.ml`: `valid_operations`), and the host methods
//! that answer at once: `disable`, `enable`, `set_iscsi_iqn`, `set_multipathing`,
//! `syslog_reconfigure`, `set_power_on_mode` (`xapi_host.ml`, checked in the order of
//! `message_forwarding.ml`: the role, the host, then `with_host_operation`'s
//! `assert_operation_valid`, then `do_op_on`'s liveness check, then the host's own checks).
//!
//! Reboot, shutdown, power-on and toolstack restarts are in [`super::reboot`]; evacuation in
//! [`super::evacuate`]; the pool's methods in [`super::pool_ops`].

use super::super::rpc::Call;
use super::placement::str_field;
use super::vm_ops::bool_arg;
use serde_json::{Map, Value, json};
use xapidb::Db;
use xenapi::error::{ApiError, codes};

/// xapi's `host_allowed_operations`, in the datamodel's order.
pub const HOST_OPERATIONS: &[&str] = &[
    "provision",
    "evacuate",
    "shutdown",
    "reboot",
    "power_on",
    "vm_start",
    "vm_resume",
    "vm_migrate",
    "apply_updates",
    "enable",
];

/// xapi's `pool_allowed_operations` (`xapi_pool_helpers.ml`: blocking, then waiting ones).
pub const POOL_OPERATIONS: &[&str] = &[
    "ha_enable",
    "ha_disable",
    "cluster_create",
    "designate_new_master",
    "tls_verification_enable",
    "configure_repositories",
    "sync_updates",
    "sync_bundle",
    "apply_updates",
    "cert_refresh",
    "exchange_certificates_on_join",
    "exchange_ca_certificates_on_join",
    "copy_primary_host_certs",
    "eject",
    "get_updates",
    "exchange_crls_on_join",
];

fn void() -> Result<Value, ApiError> {
    Ok(Value::String(String::new()))
}

/// Whether `host_metrics.live` of `host` is true.
pub fn is_live(db: &Db, host: &str) -> bool {
    let m = str_field(db, "host", host, "metrics");
    db.field("host_metrics", &m, "live")
        .and_then(Value::as_bool)
        == Some(true)
}

pub fn is_enabled(db: &Db, host: &str) -> bool {
    db.field("host", host, "enabled").and_then(Value::as_bool) != Some(false)
}

/// `(task, operation)` pairs of the host's `current_operations`, in key order.
pub fn current_operations(db: &Db, class: &str, r: &str) -> Vec<(String, String)> {
    db.field(class, r, "current_operations")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The error xapi's `assert_operation_valid` raises for `op` on `host` now, if any.
pub fn operation_error(db: &Db, host: &str, op: &str) -> Option<ApiError> {
    let current = current_operations(db, "host", host);
    let creating = |o: &str| matches!(o, "provision" | "vm_resume" | "vm_migrate");
    let removing = |o: &str| matches!(o, "evacuate" | "reboot" | "shutdown");
    let in_progress = |(task, kind): &(String, String)| {
        Some(ApiError::new(
            "OTHER_OPERATION_IN_PROGRESS",
            ["host", host, kind.as_str(), task.as_str()],
        ))
    };
    if op != "power_on" {
        let clash = if creating(op) {
            current.iter().find(|(_, o)| removing(o))
        } else if removing(op) {
            current.iter().find(|(_, o)| creating(o))
        } else {
            None
        };
        if let Some(c) = clash {
            return in_progress(c);
        }
    }
    let running = |kind: &str| current.iter().find(|(_, o)| o == kind);
    let blocked_by = |kind: &str, ops: &[&str]| -> Option<ApiError> {
        let (task, _) = running(kind)?;
        ops.contains(&op).then(|| {
            ApiError::new(
                "OTHER_OPERATION_IN_PROGRESS",
                ["host", host, kind, task.as_str()],
            )
        })
    };
    if let Some(e) = blocked_by("reboot", &["shutdown", "apply_updates"])
        .or_else(|| blocked_by("shutdown", &["reboot", "apply_updates"]))
        .or_else(|| blocked_by("apply_updates", &["reboot", "shutdown", "enable"]))
        .or_else(|| blocked_by("provision", &["provision"]))
    {
        return Some(e);
    }
    if is_enabled(db, host) && matches!(op, "reboot" | "shutdown" | "apply_updates") {
        return Some(ApiError::new("HOST_NOT_DISABLED", [] as [&str; 0]));
    }
    if op == "power_on" {
        if is_live(db, host) {
            return Some(ApiError::new("HOST_IS_LIVE", [host]));
        }
        if str_field(db, "host", host, "power_on_mode").is_empty() {
            return Some(ApiError::new(
                "HOST_POWER_ON_MODE_DISABLED",
                [] as [&str; 0],
            ));
        }
    }
    None
}

/// Recomputes `host`'s `allowed_operations` (one change, only when it differs).
pub fn refresh(db: &mut Db, host: &str) {
    if db.get("host", host).is_none() {
        return;
    }
    let ops: Vec<Value> = HOST_OPERATIONS
        .iter()
        .filter(|op| operation_error(db, host, op).is_none())
        .map(|op| Value::from(*op))
        .collect();
    let ops = Value::Array(ops);
    if db.field("host", host, "allowed_operations") != Some(&ops) {
        db.set_field("host", host, "allowed_operations", ops);
    }
}

/// The pool's `allowed_operations`: with nothing running, all but `ha_disable` (HA is never
/// on in the demo); while an operation runs, none (xapi's blocking and waiting operations).
pub fn refresh_pool(db: &mut Db) {
    let Some(pool) = pool_ref(db) else {
        return;
    };
    let busy = !current_operations(db, "pool", &pool).is_empty();
    let ops: Vec<Value> = POOL_OPERATIONS
        .iter()
        .filter(|op| !busy && **op != "ha_disable")
        .map(|op| Value::from(*op))
        .collect();
    let ops = Value::Array(ops);
    if db.field("pool", &pool, "allowed_operations") != Some(&ops) {
        db.set_field("pool", &pool, "allowed_operations", ops);
    }
}

pub fn pool_ref(db: &Db) -> Option<String> {
    db.table("pool").and_then(|t| t.rows.keys().next().cloned())
}

/// Every host's fields as xapi fills them (a dump or the built-in pool may lack the newer
/// ones), its operations, and the boot and toolstack start times `dbsync_slave.ml` writes
/// into `other_config` (`boot_time`, `agent_start_time`: Unix seconds as a float).
pub fn refresh_all(db: &mut Db) {
    let hosts: Vec<String> = db
        .table("host")
        .map(|t| t.rows.keys().cloned().collect())
        .unwrap_or_default();
    let now = unix_now();
    for h in &hosts {
        db.update("host", h, |f| {
            let iqn = f
                .get("other_config")
                .and_then(|o| o.get("iscsi_iqn"))
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let defaults = [
                ("iscsi_iqn", Value::String(iqn)),
                ("multipathing", Value::Bool(false)),
                ("logging", json!({})),
                ("power_on_mode", Value::String(String::new())),
                ("power_on_config", json!({})),
                ("current_operations", json!({})),
                ("allowed_operations", json!([])),
                ("tags", json!([])),
            ];
            for (k, v) in defaults {
                f.entry(k).or_insert(v);
            }
            // Nothing survives a toolstack start.
            f.insert("current_operations".into(), json!({}));
            let oc = f
                .entry("other_config")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(oc) = oc {
                // Up for a few days, the toolstack since a little later.
                let boot = now - 3.0 * 86_400.0 - 1234.0;
                oc.entry("boot_time")
                    .or_insert_with(|| Value::String(format!("{boot:.0}.")));
                oc.entry("agent_start_time")
                    .or_insert_with(|| Value::String(format!("{:.0}.", boot + 95.0)));
            }
        });
        refresh(db, h);
    }
    if let Some(pool) = pool_ref(db) {
        db.update("pool", &pool, |f| {
            f.insert("current_operations".into(), json!({}));
            f.entry("limit_console_sessions")
                .or_insert(Value::Bool(false));
            f.entry("vm_console_idle_timeout").or_insert(json!(0));
        });
    }
    refresh_pool(db);
}

/// Now as Unix seconds.
pub fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// A host argument that names a host (xapi's logging of the call looks it up first:
/// HANDLE_INVALID otherwise).
pub fn existing_host(call: &Call, i: usize, name: &str) -> Result<String, ApiError> {
    let h = call.str_arg(i, name)?.to_string();
    if call.state.read(|db| db.get("host", &h).is_none()) {
        return Err(ApiError::new(codes::HANDLE_INVALID, ["host", h.as_str()]));
    }
    Ok(h)
}

/// `do_op_on`'s check: a call forwarded to a host that is not live fails HOST_OFFLINE (the
/// coordinator itself always counts as live).
pub fn check_live(db: &Db, host: &str) -> Result<(), ApiError> {
    if super::tasks::master(db) != host && !is_live(db, host) {
        return Err(ApiError::new("HOST_OFFLINE", [host]));
    }
    Ok(())
}

/// `host.disable(host[, auto_enable])`.
pub fn disable(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "host")?;
    let auto_enable = if call.args.len() > 1 {
        bool_arg(call, 1, "auto_enable")?
    } else {
        true
    };
    call.authorize()?;
    let host = existing_host(call, 0, "host")?;
    // Before anything: the HA plan must survive it (message_forwarding.ml).
    super::ha::check_disable(call, &host)?;
    call.state.read(|db| check_live(db, &host))?;
    let was_enabled = call.state.write(|db| {
        let was = is_enabled(db, &host);
        if was {
            db.set_field("host", &host, "enabled", Value::Bool(false));
        }
        refresh(db, &host);
        was
    });
    if was_enabled && !auto_enable {
        call.state.hosts.set_auto_enable(&host, false);
    }
    void()
}

/// `host.enable(host)`.
pub fn enable(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "host")?;
    call.authorize()?;
    let host = existing_host(call, 0, "host")?;
    let runtime = &call.state.hosts;
    call.state.write(|db| {
        if let Some(e) = operation_error(db, &host, "enable") {
            return Err(e);
        }
        check_live(db, &host)?;
        if is_enabled(db, &host) {
            return Ok(());
        }
        // assert_safe_to_reenable: a host shutting down stays disabled until it reboots.
        if runtime.disabled_until_reboot(&host) {
            return Err(ApiError::new("HOST_DISABLED_UNTIL_REBOOT", [host.as_str()]));
        }
        db.set_field("host", &host, "enabled", Value::Bool(true));
        refresh(db, &host);
        Ok(())
    })?;
    runtime.set_auto_enable(&host, true);
    void()
}

/// `host.set_iscsi_iqn(host, value)`: the field and `other_config:iscsi_iqn` together.
pub fn set_iscsi_iqn(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "host")?;
    let value = call.str_arg(1, "value")?.to_string();
    call.authorize()?;
    let host = existing_host(call, 0, "host")?;
    call.state.write(|db| {
        check_live(db, &host)?;
        if value.is_empty() {
            return Err(ApiError::new(codes::INVALID_VALUE, ["value", ""]));
        }
        db.set_field("host", &host, "iscsi_iqn", Value::String(value.clone()));
        put_other_config(db, &host, "iscsi_iqn", &value);
        Ok(())
    })?;
    void()
}

/// `host.set_multipathing(host, value)`: the field and `other_config:multipathing`.
pub fn set_multipathing(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "host")?;
    let value = bool_arg(call, 1, "value")?;
    call.authorize()?;
    let host = existing_host(call, 0, "host")?;
    call.state.write(|db| {
        check_live(db, &host)?;
        db.set_field("host", &host, "multipathing", Value::Bool(value));
        put_other_config(db, &host, "multipathing", &value.to_string());
        Ok(())
    })?;
    void()
}

fn put_other_config(db: &mut Db, host: &str, key: &str, value: &str) {
    db.update("host", host, |f| {
        let oc = f
            .entry("other_config")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = oc {
            m.insert(key.into(), Value::String(value.into()));
        }
    });
}

/// `host.syslog_reconfigure(host)`: the host rereads `logging:syslog_destination` (nothing
/// to do here beyond xapi's checks).
pub fn syslog_reconfigure(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "host")?;
    call.authorize()?;
    let host = existing_host(call, 0, "host")?;
    call.state.read(|db| check_live(db, &host))?;
    void()
}

/// `host.set_power_on_mode(self, power_on_mode, power_on_config)`: the secrets the old
/// config named are destroyed after (`Xapi_secret.clean_out_passwds`); stored as given (xapi
/// checks neither), then the operations again (`power_on` needs a mode).
pub fn set_power_on_mode(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "self")?;
    let mode = call.str_arg(1, "power_on_mode")?.to_string();
    let config = match call.args.get(2) {
        Some(Value::Object(m)) if m.values().all(Value::is_string) => Value::Object(m.clone()),
        _ => return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["power_on_config"])),
    };
    call.authorize()?;
    let host = existing_host(call, 0, "self")?;
    call.state.write(|db| {
        let current = db
            .field("host", &host, "power_on_config")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        db.set_field("host", &host, "power_on_mode", Value::String(mode));
        db.set_field("host", &host, "power_on_config", config);
        // The secrets the old settings named go, even one the new settings name again.
        super::secrets::clean_out_passwds(db, &current);
        refresh(db, &host);
    });
    void()
}
