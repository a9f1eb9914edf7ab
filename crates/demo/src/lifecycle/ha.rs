//! High availability's failover planning, as the demo simulates it (`xapi_ha_vm_failover.ml`,
//! `xapi_pool.ml`): no statefile or heartbeat, but the planner's questions answered from
//! host memory, so a pool with `ha_enabled` refuses what xapi refuses.
//!
//! - The protected VMs are those with `ha_restart_priority = restart` that run
//!   (`ha_always_run`), or, hypothetically, those a configuration names `restart`.
//! - A plan for `n` failures exists when, whichever `n` of the enabled live hosts fail, the
//!   protected VMs they held (and those not placed yet) fit, largest first, into the free
//!   memory of the hosts left.
//! - `pool.ha_compute_max_host_failures_to_tolerate` (which updates `ha_plan_exists_for` and
//!   `ha_overcommitted` when HA is on), `ha_compute_hypothetical_…`, `ha_failover_plan_exists`,
//!   `set_ha_host_failures_to_tolerate` (`INVALID_VALUE` below 0; a plan that exists must
//!   survive the change).
//! - [`assert_change_preserves_plan`]: `assert_configuration_change_preserves_ha_plan`, for
//!   `host.disable` and `VM.set_ha_restart_priority`: only when HA is on without
//!   `ha_allow_overcommit`, and only when a plan for `ha_plan_exists_for` exists now, the
//!   change must leave one: `HA_OPERATION_WOULD_BREAK_FAILOVER_PLAN`.

use super::super::rpc::Call;
use super::hosts::{is_enabled, is_live, pool_ref};
use super::placement::{footprint, host_free, i64_field, str_field};
use super::vm_ops::int_arg;
use serde_json::Value;
use xapidb::Db;
use xenapi::error::{ApiError, codes};

/// A change the planner is asked about.
#[derive(Debug, Default, Clone)]
pub struct Change {
    pub hosts_to_disable: Vec<String>,
    pub new_vms_to_protect: Vec<String>,
    pub num_failures: Option<i64>,
}

fn pool_bool(db: &Db, f: &str) -> bool {
    pool_ref(db).is_some_and(|p| db.field("pool", &p, f).and_then(Value::as_bool) == Some(true))
}

fn pool_int(db: &Db, f: &str) -> i64 {
    pool_ref(db).map_or(0, |p| i64_field(db, "pool", &p, f))
}

fn is_guest(db: &Db, vm: &str) -> bool {
    let b = |f: &str| db.field("VM", vm, f).and_then(Value::as_bool) == Some(true);
    !b("is_a_template") && !b("is_control_domain") && !b("is_a_snapshot")
}

/// The running VMs HA restarts (`all_protected_vms`).
pub fn protected_vms(db: &Db) -> Vec<String> {
    db.table("VM")
        .map(|t| {
            t.rows
                .keys()
                .filter(|vm| is_guest(db, vm))
                .filter(|vm| str_field(db, "VM", vm, "ha_restart_priority") == "restart")
                .filter(|vm| str_field(db, "VM", vm, "power_state").eq_ignore_ascii_case("running"))
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// The hosts a plan may use: live and enabled, less those the change disables.
fn hosts(db: &Db, change: &Change) -> Vec<String> {
    let mut h: Vec<String> = db
        .table("host")
        .map(|t| {
            t.rows
                .keys()
                .filter(|h| is_live(db, h) && is_enabled(db, h))
                .filter(|h| !change.hosts_to_disable.contains(h))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    h.sort();
    h
}

/// Every way of picking `n` of `items` (few hosts in a demo pool; past 12, the `n` holding
/// the most protected memory stand for the worst case).
fn subsets(items: &[String], n: usize, weight: impl Fn(&str) -> i64) -> Vec<Vec<String>> {
    if items.len() > 12 {
        let mut v = items.to_vec();
        v.sort_by_key(|h| std::cmp::Reverse(weight(h)));
        v.truncate(n);
        return vec![v];
    }
    let mut out = Vec::new();
    let mut pick = Vec::new();
    fn go(
        items: &[String],
        n: usize,
        from: usize,
        pick: &mut Vec<String>,
        out: &mut Vec<Vec<String>>,
    ) {
        if pick.len() == n {
            out.push(pick.clone());
            return;
        }
        for i in from..items.len() {
            pick.push(items[i].clone());
            go(items, n, i + 1, pick, out);
            pick.pop();
        }
    }
    go(items, n, 0, &mut pick, &mut out);
    out
}

/// Whether a plan exists for `n` failures with `protected` VMs and the change.
pub fn plan_exists(db: &Db, protected: &[String], change: &Change, n: i64) -> bool {
    let live = hosts(db, change);
    let mut vms: Vec<String> = protected.to_vec();
    for v in &change.new_vms_to_protect {
        if !vms.contains(v) {
            vms.push(v.clone());
        }
    }
    if vms.is_empty() {
        return true;
    }
    let n = n.max(0) as usize;
    if n >= live.len() {
        return false;
    }
    let home = |vm: &str| str_field(db, "VM", vm, "resident_on");
    let held = |h: &str| -> i64 {
        vms.iter()
            .filter(|v| home(v) == h)
            .map(|v| footprint(db, v))
            .sum()
    };
    subsets(&live, n, held).iter().all(|failed| {
        // Displaced: on a failed or disabled host, or nowhere yet.
        let mut homeless: Vec<&String> = vms
            .iter()
            .filter(|v| {
                let h = home(v);
                failed.contains(&h) || !live.contains(&h)
            })
            .collect();
        homeless.sort_by_key(|v| std::cmp::Reverse(footprint(db, v)));
        let mut room: Vec<i64> = live
            .iter()
            .filter(|h| !failed.contains(h))
            .map(|h| host_free(db, h, None))
            .collect();
        homeless.into_iter().all(|v| {
            let need = footprint(db, v);
            match room.iter_mut().filter(|r| **r >= need).max_by_key(|r| **r) {
                Some(r) => {
                    *r -= need;
                    true
                }
                None => false,
            }
        })
    })
}

/// The most failures a plan survives (`compute_max_host_failures_to_tolerate`).
pub fn max_failures(db: &Db, protected: &[String]) -> i64 {
    let hosts = hosts(db, &Change::default()).len() as i64;
    (0..hosts)
        .rev()
        .find(|n| plan_exists(db, protected, &Change::default(), *n))
        .unwrap_or(0)
}

/// `assert_configuration_change_preserves_ha_plan`.
pub fn assert_change_preserves_plan(db: &Db, change: &Change) -> Result<(), ApiError> {
    if !pool_bool(db, "ha_enabled") || pool_bool(db, "ha_allow_overcommit") {
        return Ok(());
    }
    let n = pool_int(db, "ha_plan_exists_for");
    let protected = protected_vms(db);
    if !plan_exists(db, &protected, &Change::default(), n) {
        return Ok(()); // no plan now: it cannot get worse
    }
    let n = change.num_failures.unwrap_or(n);
    if plan_exists(db, &protected, change, n) {
        Ok(())
    } else {
        Err(ApiError::new(
            "HA_OPERATION_WOULD_BREAK_FAILOVER_PLAN",
            [] as [&str; 0],
        ))
    }
}

/// `update_pool_status`: the plan's reach and whether the pool is overcommitted.
fn update_pool_status(db: &mut Db) {
    let Some(pool) = pool_ref(db) else { return };
    if !pool_bool(db, "ha_enabled") {
        return;
    }
    let max = max_failures(db, &protected_vms(db));
    let ntol = pool_int(db, "ha_host_failures_to_tolerate");
    db.set_field(
        "pool",
        &pool,
        "ha_plan_exists_for",
        Value::from(ntol.min(max)),
    );
    db.set_field("pool", &pool, "ha_overcommitted", Value::Bool(max < ntol));
}

/// `pool.ha_compute_max_host_failures_to_tolerate()`.
pub fn compute_max(call: &Call) -> Result<Value, ApiError> {
    call.authorize()?;
    Ok(call.state.write(|db| {
        let n = max_failures(db, &protected_vms(db));
        update_pool_status(db);
        Value::from(n)
    }))
}

/// `pool.ha_compute_hypothetical_max_host_failures_to_tolerate(configuration)`: VM →
/// restart priority; those at `restart` are the protected ones.
pub fn compute_hypothetical_max(call: &Call) -> Result<Value, ApiError> {
    let Some(Value::Object(config)) = call.args.first() else {
        return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["configuration"]));
    };
    call.authorize()?;
    let mut protected = Vec::new();
    for (vm, p) in config {
        let p = p.as_str().unwrap_or_default();
        if !["restart", "best-effort", ""].contains(&p) {
            return Err(ApiError::new(
                codes::INVALID_VALUE,
                ["ha_restart_priority", p],
            ));
        }
        if p == "restart" {
            protected.push(vm.clone());
        }
    }
    call.state.read(|db| {
        if let Some(vm) = protected.iter().find(|v| db.get("VM", v).is_none()) {
            return Err(ApiError::new(codes::HANDLE_INVALID, ["VM", vm.as_str()]));
        }
        Ok(Value::from(max_failures(db, &protected)))
    })
}

/// `pool.ha_failover_plan_exists(n)`.
pub fn failover_plan_exists(call: &Call) -> Result<Value, ApiError> {
    let n = int_arg(call, 0, "n")?;
    call.authorize()?;
    Ok(call
        .state
        .read(|db| Value::Bool(plan_exists(db, &protected_vms(db), &Change::default(), n))))
}

/// `pool.set_ha_host_failures_to_tolerate(self, value)`.
pub fn set_failures_to_tolerate(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "self")?;
    let value = int_arg(call, 1, "value")?;
    call.authorize()?;
    if value < 0 {
        return Err(ApiError::new(
            codes::INVALID_VALUE,
            [
                "ha_host_failures_to_tolerate".to_string(),
                value.to_string(),
            ],
        ));
    }
    call.state.write(|db| {
        let Some(pool) = pool_ref(db) else {
            return Err(ApiError::new(codes::HANDLE_INVALID, ["pool", ""]));
        };
        if pool_int(db, "ha_plan_exists_for") > 0 {
            let change = Change {
                num_failures: Some(value),
                ..Change::default()
            };
            assert_change_preserves_plan(db, &change)?;
        }
        db.set_field(
            "pool",
            &pool,
            "ha_host_failures_to_tolerate",
            Value::from(value),
        );
        update_pool_status(db);
        Ok(Value::String(String::new()))
    })
}

/// `host.disable`'s check (`message_forwarding.ml`): the plan must survive the host going.
pub fn check_disable(call: &Call, host: &str) -> Result<(), ApiError> {
    call.state.read(|db| {
        let change = Change {
            hosts_to_disable: vec![host.to_string()],
            ..Change::default()
        };
        assert_change_preserves_plan(db, &change)
    })
}

/// `VM.set_ha_restart_priority`'s check: a VM not halted newly protected must fit the plan.
pub fn check_new_protection(db: &Db, vm: &str, value: &str) -> Result<(), ApiError> {
    let current = str_field(db, "VM", vm, "ha_restart_priority");
    let halted = str_field(db, "VM", vm, "power_state").eq_ignore_ascii_case("halted");
    if current != "restart" && value == "restart" && !halted {
        let change = Change {
            new_vms_to_protect: vec![vm.to_string()],
            ..Change::default()
        };
        assert_change_preserves_plan(db, &change)?;
    }
    Ok(())
}
