//! High availability's planner on a pool with `ha_enabled`: the demo answers xapi's
//! questions from host memory and refuses what would break the plan, as xapi does.

use crate::hosts::{err, fast, host};
use crate::session::*;
use crate::tasks::ro_login;
use serde_json::{Value, json};
use xenapi::Session;

async fn call(s: &Session, m: &str, args: &[Value]) -> Value {
    s.call(m, args).await.unwrap_or_else(|e| panic!("{m}: {e}"))
}

fn vm(db: &xapidb::Db, name: &str) -> String {
    let t = db.table("VM").unwrap();
    t.rows
        .iter()
        .find(|(_, r)| r.fields["name_label"] == name)
        .map(|(r, _)| r.clone())
        .unwrap()
}

/// HA on with one failure to tolerate; web-01 (4 GiB, host 1) protected; host 2 left with
/// 20 GiB free, room for web-01 but not for db-primary (32 GiB, host 1) as well.
fn ha_on(srv: &demo::DemoServer) -> (String, String) {
    srv.state.write(|db| {
        let pool = db
            .table("pool")
            .unwrap()
            .rows
            .keys()
            .next()
            .unwrap()
            .clone();
        db.set_field("pool", &pool, "ha_enabled", json!(true));
        db.set_field("pool", &pool, "ha_host_failures_to_tolerate", json!(1));
        db.set_field("pool", &pool, "ha_plan_exists_for", json!(1));
        let web = vm(db, "web-01");
        db.set_field("VM", &web, "ha_restart_priority", json!("restart"));
        db.set_field("VM", &web, "ha_always_run", json!(true));
        let hosts = db.table("host").unwrap();
        let (_, h2) = hosts
            .rows
            .iter()
            .find(|(_, r)| r.fields["name_label"] == "xcp-host-02")
            .unwrap();
        let m = h2.fields["metrics"].as_str().unwrap().to_string();
        // Its guests and control domain hold 24 GiB.
        db.set_field("host_metrics", &m, "memory_total", json!(44i64 << 30));
        (pool, vm(db, "db-primary"))
    })
}

#[tokio::test]
async fn with_ha_on_disabling_a_server_or_protecting_a_vm_that_breaks_the_plan_is_refused() {
    let srv = fast().await;
    let (pool, big) = ha_on(&srv);
    let s = login(&srv.url, BOTH[0]).await;
    let h2 = host(&s, "xcp-host-02").await;
    // Two servers, one small protected VM: one failure is tolerated.
    let max = call(&s, "pool.ha_compute_max_host_failures_to_tolerate", &[]).await;
    assert_eq!(max.as_i64(), Some(1), "{max}");
    assert_eq!(
        call(&s, "pool.ha_failover_plan_exists", &[json!(1)]).await,
        json!(true)
    );
    // Disabling a server leaves none to fail over to.
    let (c, _) = err(&s, "host.disable", &[json!(h2)]).await;
    assert_eq!(c, "HA_OPERATION_WOULD_BREAK_FAILOVER_PLAN");
    // The hypothetical question checks the priorities, as xapi does.
    let vms = call(&s, "VM.get_all", &[]).await;
    let some = vms[0].clone();
    let (c, p) = err(
        &s,
        "pool.ha_compute_hypothetical_max_host_failures_to_tolerate",
        &[json!({ some.as_str().unwrap(): "sometimes" })],
    )
    .await;
    assert_eq!(
        (c.as_str(), p[0].as_str()),
        ("INVALID_VALUE", "ha_restart_priority")
    );
    let (c, p) = err(
        &s,
        "pool.set_ha_host_failures_to_tolerate",
        &[json!(pool), json!(-1)],
    )
    .await;
    assert_eq!(
        (c.as_str(), p),
        (
            "INVALID_VALUE",
            vec!["ha_host_failures_to_tolerate".to_string(), "-1".to_string()]
        )
    );
    // db-primary does not fit beside web-01 on host 2: protecting it breaks the plan.
    let (c, _) = err(
        &s,
        "VM.set_ha_restart_priority",
        &[json!(big), json!("restart")],
    )
    .await;
    assert_eq!(c, "HA_OPERATION_WOULD_BREAK_FAILOVER_PLAN");
    let hypo = call(
        &s,
        "pool.ha_compute_hypothetical_max_host_failures_to_tolerate",
        &[json!({ big.as_str(): "restart" })],
    )
    .await;
    assert_eq!(hypo.as_i64(), Some(0), "overcommitted with it protected");
    // Lowered to 0 (as XenCenter does before maintenance), the server may be disabled.
    call(
        &s,
        "pool.set_ha_host_failures_to_tolerate",
        &[json!(pool), json!(0)],
    )
    .await;
    call(&s, "host.disable", &[json!(h2)]).await;
    // Read-only users may not ask.
    let ro = ro_login(&srv.url, BOTH[0]).await;
    let (c, _) = err(&ro, "pool.ha_compute_max_host_failures_to_tolerate", &[]).await;
    assert_eq!(c, "RBAC_PERMISSION_DENIED");
}
