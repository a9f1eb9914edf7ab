//! High availability around maintenance mode, as XenCenter's `HostAbstractAction`
//! (`MaybeReduceNtolBeforeOp`) and `HostMaintenanceModeCommand` do it: with HA on, the
//! coordinator cannot enter maintenance mode (`HA_CANNOT_EVACUATE_COORDINATOR`); for a
//! member, xapi is asked how many failures the pool could tolerate
//! (`pool.ha_compute_hypothetical_max_host_failures_to_tolerate` with every VM's restart
//! priority), and when the setting is above that less one (the server going away), it is
//! lowered first (`pool.set_ha_host_failures_to_tolerate`), as part of the plan the user
//! confirms; otherwise xapi refuses the disable (`HA_OPERATION_WOULD_BREAK_FAILOVER_PLAN`).

use crate::model::vm_plans::{Arg, Plan, Step};
use serde_json::{Map, Value, json};
use xenapi::{Cache, Pool, Ref};

/// The pool, when HA is on.
pub fn pool(cache: &Cache) -> Option<(&Ref<Pool>, &Pool)> {
    cache.pools.iter().find(|(_, p)| p.ha_enabled)
}

/// Every VM's restart priority (those that have one), as xapi's configuration map.
pub fn priorities(cache: &Cache) -> Value {
    let m: Map<String, Value> = cache
        .vms
        .iter()
        .filter(|(_, v)| !v.is_a_template && !v.is_control_domain && !v.is_a_snapshot)
        .filter(|(_, v)| !v.ha_restart_priority.is_empty())
        .map(|(r, v)| (r.as_str().to_string(), json!(v.ha_restart_priority)))
        .collect();
    Value::Object(m)
}

/// An integer answer (JSON-RPC sends a number, XML-RPC a string).
pub fn int(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_str()?.trim().parse().ok())
}

/// (the setting now, what it must be lowered to) when `max` failures can be tolerated and
/// one server goes away.
pub fn lowering(cache: &Cache, max: i64) -> Option<(i64, i64)> {
    let (_, p) = pool(cache)?;
    let target = (max - 1).max(0);
    (p.ha_host_failures_to_tolerate > target).then_some((p.ha_host_failures_to_tolerate, target))
}

/// `pool.set_ha_host_failures_to_tolerate(pool, target)` and its `xe` line.
pub fn lower(cache: &Cache, target: i64) -> Plan {
    let Some((r, p)) = pool(cache) else {
        return Plan::default();
    };
    Plan {
        steps: vec![Step::call(
            "pool.set_ha_host_failures_to_tolerate",
            vec![Arg::Value(json!(r.as_str())), Arg::Value(json!(target))],
        )],
        xe: vec![format!(
            "xe pool-param-set uuid={} ha-host-failures-to-tolerate={target}",
            p.uuid
        )],
        creates: None,
    }
}
