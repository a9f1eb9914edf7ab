//! The model's plans run against the demo server with `xenpilot::lifecycle::run`: the New
//! VM wizard's result becomes a running VM, Delete removes the VM and the disks chosen,
//! a failing step stops the rest and is named.

use crate::session::*;
use crate::tasks::fast_server;
use serde_json::Value;
use xenpilot::lifecycle::{RunError, run};
use xenpilot::model::lifecycle::new_vm::{BootMode, NewDisk, NewVm};
use xenpilot::model::lifecycle::plan::{deletable_disks, plan};
use xenpilot::model::lifecycle::{Action, ActionKind, availability};
use xenpilot::xenapi::records::PowerState;
use xenpilot::xenapi::tasks::TaskState;
use xenpilot::xenapi::{Cache, Protocol, Ref, Vm};

fn named(c: &Cache, name: &str) -> Ref<Vm> {
    c.vms
        .iter()
        .find(|(_, v)| v.name_label == name)
        .map(|(r, _)| r.clone())
        .unwrap()
}

#[tokio::test]
async fn the_wizards_plan_makes_a_running_uefi_vm() {
    let srv = fast_server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let c = Cache::fetch_all(&s).await.unwrap();
        let t = named(&c, "Rocky Linux 9");
        assert_eq!(availability(&c, &t, ActionKind::NewVm, true), Ok(()));
        let mut spec = NewVm::from_template(&c, &t).unwrap();
        spec.name = format!("rocky {p:?}");
        spec.vcpus = 4;
        spec.memory = 2 << 30;
        spec.boot = BootMode::Uefi;
        spec.disks = vec![NewDisk {
            size: 16 << 30,
            sr: c.pool().unwrap().1.default_sr.clone(),
        }];
        spec.iso = c
            .vdis
            .iter()
            .find(|(_, d)| d.name_label.starts_with("Rocky"))
            .map(|(r, _)| r.clone());
        spec.start = true;
        let pl = plan(&c, &t, &Action::NewVm(Box::new(spec.clone())));
        let mut seen = Vec::new();
        let results = run(&s, &pl, |sp| seen.push(sp.clone())).await.unwrap();
        assert_eq!(results.len(), pl.calls.len());
        assert!(
            seen.iter()
                .any(|sp| sp.task.is_some() && matches!(sp.state, TaskState::Running { .. }))
        );
        let Value::String(new) = &results[0] else {
            panic!("a ref")
        };
        let v: Vm = s.get_record(&Ref::<Vm>::new(new.clone())).await.unwrap();
        assert_eq!(v.name_label, spec.name);
        assert_eq!(v.power_state, PowerState::Running);
        assert!(!v.is_a_template);
        assert_eq!(
            (v.vcpus_max, v.vcpus_at_startup, v.memory_static_max),
            (4, 4, 2 << 30)
        );
        assert_eq!(v.vbds.len(), 2, "the disk and the CD");
        assert_eq!(v.vifs.len(), 1);
    }
}

#[tokio::test]
async fn delete_keeps_the_disks_not_chosen_and_a_failed_step_is_named() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let c = Cache::fetch_all(&s).await.unwrap();
    let r = named(&c, "db-replica");
    let disks = deletable_disks(&c, &r);
    let action = Action::Delete {
        disks: vec![disks[1].vdi.clone()],
        snapshots: vec![],
    };
    run(&s, &plan(&c, &r, &action), |_| {}).await.unwrap();
    assert!(s.get_record(&r).await.is_err());
    assert!(s.get_record(&disks[0].vdi).await.is_ok(), "kept");
    assert!(s.get_record(&disks[1].vdi).await.is_err(), "deleted");
    // Start on a running VM: the first step fails, with xapi's error.
    let web = named(&c, "web-01");
    let e = run(&s, &plan(&c, &web, &Action::Start), |_| {})
        .await
        .unwrap_err();
    let RunError::Failed {
        step,
        method,
        error,
    } = e
    else {
        panic!("{e:?}")
    };
    assert_eq!((step, method.as_str()), (0, "VM.start"));
    assert_eq!(error.code(), Some("VM_BAD_POWER_STATE"));
}
