//! Evacuating a host, as `xapi_host.ml` plans and performs it
//! (`compute_evacuation_plan_no_wlb`, `get_vms_which_prevent_evacuation`,
//! `assert_can_evacuate`, `evacuate`):
//!
//! - The targets are the other enabled hosts. With none, every guest fails
//!   NO_HOSTS_AVAILABLE `[vm]`.
//! - Each guest must be able to boot on *every* target (`assert_can_boot_here` without the
//!   memory check: the host live, its SRs seen through attached PBDs — VM_REQUIRES_SR
//!   `[vm; sr]` — and its networks — VM_REQUIRES_NETWORK `[vm; network]`); then its
//!   `pool_migrate` operation must be allowed, strictly (no PV drivers:
//!   VM_LACKS_FEATURE); then the guests that may move are packed by memory onto the targets
//!   (HOST_NOT_ENOUGH_FREE_MEMORY `[vm]` for those left over) and checked again on the host
//!   chosen. Later reasons replace earlier ones, as in xapi's table.
//! - `evacuate` raises the first reason, else migrates the guests one by one (the task's
//!   progress advances per VM, each raising VM_MIGRATED); a migration that fails stops the
//!   evacuation with its error (VM_BAD_POWER_STATE is ignored, as xapi does), leaving what
//!   moved where it went and the host as it was (still disabled, if the client disabled it
//!   first, as XenCenter does).

use super::super::rpc::{BoxFuture, Call};
use super::super::state::DemoState;
use super::hosts::{self, existing_host, is_enabled, is_live};
use super::messages::{self, names};
use super::placement::{footprint, host_free, host_ok, refresh_free, str_field};
use super::reboot::resident_guests;
use super::rules;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use xapidb::Db;
use xenapi::error::{ApiError, codes};

/// How long one VM's migration takes at normal speed.
const PER_VM: Duration = Duration::from_millis(2000);

/// Where each guest of the host would go, or why it cannot.
pub type Plan = BTreeMap<String, Result<String, ApiError>>;

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

fn is_true(db: &Db, class: &str, r: &str, field: &str) -> bool {
    db.field(class, r, field).and_then(Value::as_bool) == Some(true)
}

/// `assert_can_boot_here` without the memory check.
pub fn can_boot_here(db: &Db, vm: &str, host: &str) -> Result<(), ApiError> {
    if !is_live(db, host) {
        return Err(ApiError::new("HOST_NOT_LIVE", [] as [&str; 0]));
    }
    let local_live_migration = str_field(db, "VM", vm, "power_state") == "Running"
        && str_field(db, "VM", vm, "resident_on") == host;
    if !is_true(db, "VM", vm, "is_control_domain") && !local_live_migration {
        host_ok(db, host)?;
    }
    // SRs: every non-empty VBD's VDI must be on an SR the host has a plugged PBD for.
    let seen: Vec<String> = db
        .table("PBD")
        .map(|t| {
            t.rows
                .values()
                .filter(|r| {
                    r.fields.get("host").and_then(Value::as_str) == Some(host)
                        && r.fields.get("currently_attached").and_then(Value::as_bool) == Some(true)
                })
                .filter_map(|r| r.fields.get("SR").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    for vbd in refs(db, "VM", vm, "VBDs") {
        if db.get("VBD", &vbd).is_none() || is_true(db, "VBD", &vbd, "empty") {
            continue;
        }
        let vdi = str_field(db, "VBD", &vbd, "VDI");
        let sr = str_field(db, "VDI", &vdi, "SR");
        if !vdi.is_empty() && db.get("VDI", &vdi).is_some() && !seen.contains(&sr) {
            return Err(ApiError::new("VM_REQUIRES_SR", [vm, sr.as_str()]));
        }
    }
    // Networks (xapi_network_attach_helpers.ml): one with PIFs only where the host has one.
    for vif in refs(db, "VM", vm, "VIFs") {
        let net = str_field(db, "VIF", &vif, "network");
        if db.get("network", &net).is_none() {
            continue;
        }
        let pifs = refs(db, "network", &net, "PIFs");
        let ok = if pifs.is_empty() {
            network_floats_to(db, &net, host)
        } else {
            pifs.iter().any(|p| str_field(db, "PIF", p, "host") == host)
        };
        if !ok {
            return Err(ApiError::new("VM_REQUIRES_NETWORK", [vm, net.as_str()]));
        }
    }
    Ok(())
}

/// A network without PIFs (internal): usable where it is assumed shared, unmanaged, or its
/// running VMs are on `host` (or none run).
fn network_floats_to(db: &Db, net: &str, host: &str) -> bool {
    let shared = db
        .field("network", net, "other_config")
        .and_then(|o| o.get("assume_network_is_shared"))
        .and_then(Value::as_str)
        == Some("true");
    if shared || db.field("network", net, "managed").and_then(Value::as_bool) == Some(false) {
        return true;
    }
    let hosts: Vec<String> = refs(db, "network", net, "VIFs")
        .iter()
        .map(|v| str_field(db, "VIF", v, "VM"))
        .filter(|vm| str_field(db, "VM", vm, "power_state") == "Running")
        .map(|vm| str_field(db, "VM", &vm, "resident_on"))
        .collect();
    hosts.is_empty() || hosts.iter().any(|h| h == host)
}

/// xapi's evacuation plan for `host` (`compute_evacuation_plan_no_wlb`).
pub fn plan(db: &Db, host: &str) -> Plan {
    let mut targets: Vec<String> = db
        .table("host")
        .map(|t| {
            t.rows
                .keys()
                .filter(|h| *h != host && is_enabled(db, h))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    targets.sort();
    let guests = resident_guests(db, host);
    let mut plans: Plan = BTreeMap::new();
    if targets.is_empty() {
        for vm in guests {
            let e = ApiError::new("NO_HOSTS_AVAILABLE", [vm.as_str()]);
            plans.insert(vm, Err(e));
        }
        return plans;
    }
    let mut movable = Vec::new();
    for vm in &guests {
        match targets.iter().try_for_each(|t| can_boot_here(db, vm, t)) {
            Ok(()) => movable.push(vm.clone()),
            Err(e) => {
                plans.insert(vm.clone(), Err(e));
            }
        }
    }
    for vm in &guests {
        if let Some(e) = rules::operation_error(db, vm, "pool_migrate", true) {
            plans.insert(vm.clone(), Err(e));
        }
    }
    // Pack by memory, largest first, each onto the target with the most room left.
    let mut free: Vec<(String, i64)> = targets
        .iter()
        .map(|t| (t.clone(), host_free(db, t, None)))
        .collect();
    movable.sort_by_key(|vm| (std::cmp::Reverse(footprint(db, vm)), vm.clone()));
    for vm in movable {
        let need = footprint(db, &vm);
        let best = free
            .iter_mut()
            .filter(|(_, room)| *room >= need)
            .max_by_key(|(_, room)| *room);
        let Some((target, room)) = best else {
            let e = ApiError::new("HOST_NOT_ENOUGH_FREE_MEMORY", [vm.as_str()]);
            plans.insert(vm, Err(e));
            continue;
        };
        *room -= need;
        let target = target.clone();
        if let Err(e) = can_boot_here(db, &vm, &target) {
            plans.insert(vm, Err(e));
        } else {
            plans.entry(vm).or_insert(Ok(target));
        }
    }
    plans
}

/// `host.get_vms_which_prevent_evacuation(self)`: VM ref → `[code, params…]`.
pub fn get_vms_which_prevent_evacuation(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "self")?;
    call.authorize()?;
    let host = existing_host(call, 0, "self")?;
    let plans = call.state.read(|db| plan(db, &host));
    let out: Map<String, Value> = plans
        .into_iter()
        .filter_map(|(vm, p)| p.err().map(|e| (vm, json!(e.to_description()))))
        .collect();
    Ok(Value::Object(out))
}

/// `host.assert_can_evacuate(host)`: CANNOT_EVACUATE_HOST with every reason in one
/// parameter, `code,params…` joined by `|` (xapi's "Miami-style" encoding).
pub fn assert_can_evacuate(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "host")?;
    call.authorize()?;
    let host = existing_host(call, 0, "host")?;
    let plans = call.state.read(|db| plan(db, &host));
    let errors: Vec<String> = plans
        .values()
        .filter_map(|p| p.as_ref().err())
        .map(|e| e.to_description().join(","))
        .collect();
    if errors.is_empty() {
        Ok(Value::String(String::new()))
    } else {
        Err(ApiError::new("CANNOT_EVACUATE_HOST", [errors.join("|")]))
    }
}

/// The evacuation's arguments: `host[, network[, evacuate_batch_size]]`.
fn evacuate_args(call: &Call) -> Result<(String, Option<String>), ApiError> {
    call.str_arg(0, "host")?;
    let network = match call.args.get(1) {
        None => None,
        Some(_) => Some(call.str_arg(1, "network")?.to_string()),
    };
    if call.args.len() > 2 {
        super::vm_ops::int_arg(call, 2, "evacuate_batch_size")?;
    }
    call.authorize()?;
    let host = existing_host(call, 0, "host")?;
    let network = network.filter(|n| n != "OpaqueRef:NULL");
    if let Some(n) = &network
        && call.state.read(|db| db.get("network", n).is_none())
    {
        return Err(ApiError::new(
            codes::HANDLE_INVALID,
            ["network", n.as_str()],
        ));
    }
    Ok((host, network))
}

/// Marks the evacuation in the host's `current_operations` (after xapi's
/// `assert_operation_valid`), returning the key.
fn begin(state: &DemoState, host: &str, task: &str) -> Result<String, ApiError> {
    let key = if task.is_empty() {
        format!("OpaqueRef:{}", uuid::Uuid::new_v4())
    } else {
        task.to_string()
    };
    state.write(|db| {
        if let Some(e) = hosts::operation_error(db, host, "evacuate") {
            return Err(e);
        }
        db.update("host", host, |f| {
            if let Some(Value::Object(m)) = f.get_mut("current_operations") {
                m.insert(key.clone(), "evacuate".into());
            }
        });
        hosts::refresh(db, host);
        Ok(key.clone())
    })
}

fn end(state: &DemoState, host: &str, key: &str) {
    state.write(|db| {
        db.update("host", host, |f| {
            if let Some(Value::Object(m)) = f.get_mut("current_operations") {
                m.remove(key);
            }
        });
        hosts::refresh(db, host);
    });
}

/// The work of an evacuation; `task` is empty for a sync call.
async fn run(state: Arc<DemoState>, host: String, task: String) -> Result<Value, ApiError> {
    let key = begin(&state, &host, &task)?;
    let out = migrate_all(&state, &host, &task).await;
    end(&state, &host, &key);
    out
}

async fn migrate_all(state: &Arc<DemoState>, host: &str, task: &str) -> Result<Value, ApiError> {
    let plans = state.read(|db| plan(db, host));
    if let Some(e) = plans.values().find_map(|p| p.as_ref().err()) {
        return Err(e.clone());
    }
    let total = plans.len().max(1) as f64;
    let step = PER_VM.div_f64(state.config.task_speed.max(0.001));
    for (i, (vm, target)) in plans.into_iter().enumerate() {
        let Ok(target) = target else { continue };
        migrate_one(state, &vm, &target, step).await?;
        if !task.is_empty() {
            let p = ((i + 1) as f64 / total * 100.0).round() / 100.0;
            state.write(|db| db.set_field("task", task, "progress", json!(p)));
        }
    }
    let left = state.read(|db| resident_guests(db, host).len());
    if left > 0 {
        return Err(ApiError::new(
            codes::INTERNAL_ERROR,
            [format!("evacuate: {left} VMs are still resident on {host}")],
        ));
    }
    Ok(Value::String(String::new()))
}

/// One `VM.pool_migrate` of the evacuation, checked again when it starts.
async fn migrate_one(
    state: &Arc<DemoState>,
    vm: &str,
    target: &str,
    step: Duration,
) -> Result<(), ApiError> {
    let key = format!("OpaqueRef:{}", uuid::Uuid::new_v4());
    let checked = state.write(|db| {
        if let Some(e) = rules::operation_error(db, vm, "pool_migrate", false) {
            return Err(e);
        }
        host_ok(db, target)?;
        super::placement::fits(db, vm, target, Some(vm))?;
        db.update("VM", vm, |f| {
            if let Some(Value::Object(m)) = f.get_mut("current_operations") {
                m.insert(key.clone(), "pool_migrate".into());
            }
        });
        rules::refresh(db, vm);
        Ok(())
    });
    match checked {
        Err(e) if e.code == codes::VM_BAD_POWER_STATE => return Ok(()),
        Err(e) => return Err(e),
        Ok(()) => {}
    }
    tokio::time::sleep(step).await;
    state.write(|db| {
        let from = str_field(db, "VM", vm, "resident_on");
        db.update("VM", vm, |f| {
            if let Some(Value::Object(m)) = f.get_mut("current_operations") {
                m.remove(&key);
            }
        });
        // set_field keeps host.resident_VMs in step.
        db.set_field("VM", vm, "resident_on", Value::String(target.to_string()));
        super::copies::move_consoles(db, vm, &from, target);
        refresh_free(db, &from);
        refresh_free(db, target);
        rules::refresh(db, vm);
        let (hn, hu) = (
            str_field(db, "host", target, "name_label"),
            str_field(db, "host", target, "uuid"),
        );
        messages::raise_vm(db, vm, names::VM_MIGRATED, |n, u| {
            format!("VM '{n}' (uuid: {u}) migrated to host: {hn} (uuid: {hu})")
        });
    });
    Ok(())
}

/// `host.evacuate(host[, network[, evacuate_batch_size]])`, sync: waits for the end.
pub fn evacuate<'a>(call: &'a Call<'a>) -> BoxFuture<'a, Result<Value, ApiError>> {
    Box::pin(async move {
        let (host, _network) = evacuate_args(call)?;
        run(call.state.clone(), host, String::new()).await
    })
}

/// `Async.host.evacuate(…)`: a task whose progress advances per VM moved.
pub fn evacuate_async(call: &Call) -> Result<Value, ApiError> {
    // Checked as `host.evacuate` (the permission xapi names).
    let inner = Call {
        state: call.state,
        method: "host.evacuate",
        session_ref: call.session_ref,
        session: call.session.clone(),
        args: call.args,
        needs: call.needs,
    };
    let host = match evacuate_args(&inner) {
        Ok((host, _network)) => host,
        // Unreadable arguments fail the call itself; RBAC fails inside the task, as for
        // every Async call.
        Err(e) if e.code == codes::RBAC_PERMISSION_DENIED => String::new(),
        Err(e) => return Err(e),
    };
    super::tasks::run_async_work(&inner, move |state, task| Box::pin(run(state, host, task)))
}
