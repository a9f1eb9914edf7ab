//! Reverting to a snapshot against the demo server: a VM snapshotted while running runs
//! again after the revert (started, or resumed from a checkpoint's memory), as XenCenter's
//! VMSnapshotRevertAction does; one snapshotted halted stays halted.

use crate::common::*;
use crate::session::*;
use serde_json::json;
use xenpilot::model::vm_plans;
use xenpilot::services::edits;
use xenpilot::xenapi::records::PowerState;
use xenpilot::xenapi::{Cache, Ref, Session, Vm};

async fn named(s: &Session, name: &str) -> (Cache, Ref<Vm>) {
    let c = Cache::fetch_all(s).await.unwrap();
    let r = c
        .vms
        .iter()
        .find(|(_, v)| v.name_label == name)
        .map(|(r, _)| r.clone())
        .unwrap_or_else(|| panic!("no VM {name}"));
    (c, r)
}

async fn revert_to(s: &Session, snap: &str) {
    let (c, r) = named(s, snap).await;
    edits::run_plan(s, &vm_plans::revert(&c, &r), |_, _| {})
        .await
        .unwrap();
}

async fn power(s: &Session, vm: &str) -> PowerState {
    let (c, r) = named(s, vm).await;
    c.vms[&r].power_state.clone()
}

#[tokio::test]
async fn a_vm_snapshotted_running_runs_again_after_a_revert() {
    let srv = server().await;
    let s = login(&srv.url, BOTH[0]).await;
    let (_, vm) = named(&s, "web-02").await;
    s.call("VM.snapshot", &[(&vm).into(), json!("disk-only")])
        .await
        .unwrap();
    s.call("VM.checkpoint", &[(&vm).into(), json!("with-memory")])
        .await
        .unwrap();
    let (c, snap) = named(&s, "disk-only").await;
    let plan = vm_plans::revert(&c, &snap);
    assert!(plan.xe.iter().any(|l| l.starts_with("xe vm-start uuid=")));
    revert_to(&s, "disk-only").await;
    assert_eq!(power(&s, "web-02").await, PowerState::Running, "started");
    revert_to(&s, "with-memory").await;
    assert_eq!(power(&s, "web-02").await, PowerState::Running, "resumed");
    // Taken halted: stays halted.
    let (_, halted) = named(&s, "db-replica").await;
    s.call("VM.snapshot", &[(&halted).into(), json!("cold")])
        .await
        .unwrap();
    revert_to(&s, "cold").await;
    assert_eq!(power(&s, "db-replica").await, PowerState::Halted);
}
