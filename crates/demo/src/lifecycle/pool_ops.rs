//! The pool's methods a client runs the pool with (`xapi_pool.ml`, `message_forwarding.ml`):
//! `pool.designate_new_master`, `pool.eject`, and the setters of the pool's properties
//! that have no generic form here (`default_SR`, `vm_console_idle_timeout`,
//! `limit_console_sessions`; name and description are the generic `set_name_*`).
//!
//! A change of coordinator goes as xapi's two-phase commit does: the call returns, then
//! `pool.master` names the new host, both toolstacks restart (the API is away for a moment,
//! sessions end), the new coordinator raises POOL_MASTER_TRANSITION, and the old one
//! answers logins with HOST_IS_SLAVE naming the new one.

use super::super::rpc::Call;
use super::hosts::{self, check_live, current_operations, existing_host, pool_ref};
use super::messages;
use super::placement::str_field;
use super::reboot::{resident_guests, restart_toolstack};
use super::tasks::{master, now};
use super::vm_ops::{bool_arg, int_arg};
use serde_json::Value;
use xapidb::Db;
use xenapi::error::{ApiError, codes};

fn void() -> Result<Value, ApiError> {
    Ok(Value::String(String::new()))
}

/// xapi's `Xapi_pool_helpers.assert_operation_valid` for `op`, the demo's pool running at
/// most one operation at a time.
fn pool_operation_error(db: &Db, op: &str) -> Option<ApiError> {
    let pool = pool_ref(db)?;
    let current = current_operations(db, "pool", &pool);
    let (task, running) = current.first()?;
    if running == "designate_new_master" && op == "designate_new_master" {
        return Some(ApiError::new(
            "DESIGNATE_NEW_MASTER_IN_PROGRESS",
            [] as [&str; 0],
        ));
    }
    Some(ApiError::new(
        "OTHER_OPERATION_IN_PROGRESS",
        ["pool", pool.as_str(), running.as_str(), task.as_str()],
    ))
}

/// `pool.designate_new_master(host)`.
pub fn designate_new_master(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "host")?;
    call.authorize()?;
    let host = existing_host(call, 0, "host")?;
    let old = call.state.read(|db| {
        if let Some(e) = pool_operation_error(db, "designate_new_master") {
            return Err(e);
        }
        check_live(db, &host)?;
        Ok(master(db))
    })?;
    if old == host {
        return void(); // already the coordinator: nothing to hand over
    }
    let state = call.state.clone();
    tokio::spawn(async move {
        tokio::time::sleep(state.config.host_boot_time.mul_f64(0.05)).await;
        let hosts = [old.clone(), host.clone()];
        // Both toolstacks restart; the new coordinator is written while both are away.
        restart_toolstack(&state, &hosts, |state| {
            state.write(|db| {
                if let Some(pool) = pool_ref(db) {
                    db.set_field("pool", &pool, "master", Value::String(host.clone()));
                }
                // consider_sending_alert on the new coordinator, once it runs.
                let uuid = str_field(db, "host", &host, "uuid");
                messages::add(db, ("POOL_MASTER_TRANSITION", 4), "Host", &uuid, "", now());
                hosts::refresh(db, &host);
                hosts::refresh(db, &old);
            });
            // No session survives.
            state.drop_all_sessions();
        })
        .await;
    });
    void()
}

/// `pool.eject(host)`: a member with no running guests leaves the pool (its records go,
/// and its address stops answering: it reboots into a pool of its own).
pub fn eject(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "host")?;
    call.authorize()?;
    let host = existing_host(call, 0, "host")?;
    call.state.write(|db| {
        if let Some(e) = pool_operation_error(db, "eject") {
            return Err(e);
        }
        check_live(db, &host)?;
        if master(db) == host {
            return Err(ApiError::new(
                codes::INTERNAL_ERROR,
                ["Xapi_pool.Cannot_eject_master"],
            ));
        }
        if !resident_guests(db, &host).is_empty() {
            return Err(ApiError::new(
                "OPERATION_NOT_ALLOWED",
                ["VM resident on host"],
            ));
        }
        forget_host(db, &host);
        hosts::refresh_pool(db);
        Ok(())
    })?;
    let state = call.state.clone();
    if let Some(ip) = state.consoles.addresses().address_of(&host)
        && state.consoles.hosts_at(ip).len() == 1
    {
        state.hosts.listeners.close(ip);
    }
    void()
}

fn rows_where(db: &Db, class: &str, field: &str, value: &str) -> Vec<String> {
    db.table(class)
        .map(|t| {
            t.rows
                .iter()
                .filter(|(_, r)| r.fields.get(field).and_then(Value::as_str) == Some(value))
                .map(|(r, _)| r.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// Removes `host` and what only it had: its metrics, CPUs, PIFs, PBDs, control domain and
/// the SRs only it could see (with their disks).
fn forget_host(db: &mut Db, host: &str) {
    let metrics = str_field(db, "host", host, "metrics");
    db.delete("host_metrics", &metrics);
    for cpu in rows_where(db, "host_cpu", "host", host) {
        db.delete("host_cpu", &cpu);
    }
    for pif in rows_where(db, "PIF", "host", host) {
        let m = str_field(db, "PIF", &pif, "metrics");
        db.delete("PIF_metrics", &m);
        db.delete("PIF", &pif);
    }
    let pbds = rows_where(db, "PBD", "host", host);
    let srs: Vec<String> = pbds.iter().map(|p| str_field(db, "PBD", p, "SR")).collect();
    for pbd in &pbds {
        db.delete("PBD", pbd);
    }
    for sr in srs {
        if rows_where(db, "PBD", "SR", &sr).is_empty() {
            for vdi in rows_where(db, "VDI", "SR", &sr) {
                db.delete("VDI", &vdi);
            }
            db.delete("SR", &sr);
        }
    }
    let vms: Vec<String> = db
        .table("VM")
        .map(|t| t.rows.keys().cloned().collect())
        .unwrap_or_default();
    for vm in vms {
        let control = db
            .field("VM", &vm, "is_control_domain")
            .and_then(Value::as_bool)
            == Some(true);
        if control && str_field(db, "VM", &vm, "resident_on") == host {
            for c in rows_where(db, "console", "VM", &vm) {
                db.delete("console", &c);
            }
            db.delete("VM", &vm);
        } else if str_field(db, "VM", &vm, "affinity") == host {
            db.set_field("VM", &vm, "affinity", "OpaqueRef:NULL".into());
        }
    }
    db.delete("host", host);
    db.rebuild_relations();
}

fn existing_pool(call: &Call) -> Result<String, ApiError> {
    let p = call.str_arg(0, "self")?.to_string();
    if call.state.read(|db| db.get("pool", &p).is_none()) {
        return Err(ApiError::new(codes::HANDLE_INVALID, ["pool", p.as_str()]));
    }
    Ok(p)
}

/// `pool.set_default_SR(self, value)` (a plain field write in xapi).
pub fn set_default_sr(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "self")?;
    let sr = call.str_arg(1, "value")?.to_string();
    call.authorize()?;
    let pool = existing_pool(call)?;
    call.state
        .write(|db| db.set_field("pool", &pool, "default_SR", Value::String(sr)));
    void()
}

/// `pool.set_vm_console_idle_timeout(self, value)`: seconds, 0 for never (a plain field
/// write in xapi).
pub fn set_vm_console_idle_timeout(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "self")?;
    let v = int_arg(call, 1, "value")?;
    call.authorize()?;
    let pool = existing_pool(call)?;
    call.state
        .write(|db| db.set_field("pool", &pool, "vm_console_idle_timeout", Value::from(v)));
    void()
}

/// `pool.set_limit_console_sessions(self, value)`.
pub fn set_limit_console_sessions(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "self")?;
    let v = bool_arg(call, 1, "value")?;
    call.authorize()?;
    let pool = existing_pool(call)?;
    call.state
        .write(|db| db.set_field("pool", &pool, "limit_console_sessions", Value::Bool(v)));
    void()
}
