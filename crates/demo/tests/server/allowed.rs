//! `allowed_operations` tells the truth: for a VM in each power state, a snapshot and a
//! template, every lifecycle method is accepted exactly when its operation is listed (the
//! UI enables actions from that list). Each case runs on a fresh server.

use crate::session::*;
use crate::tasks::vm_ref;
use demo::DemoServer;
use serde_json::{Value, json};
use xenapi::{Host, Protocol, Ref, Session, Vm};

/// (operation, method, extra arguments after the VM; `HOST` is another host's ref)
const CASES: &[(&str, &str, &[&str])] = &[
    ("start", "VM.start", &["false", "false"]),
    ("start_on", "VM.start_on", &["HOST", "false", "false"]),
    ("resume", "VM.resume", &["false", "false"]),
    ("clean_shutdown", "VM.clean_shutdown", &[]),
    ("hard_shutdown", "VM.hard_shutdown", &[]),
    ("clean_reboot", "VM.clean_reboot", &[]),
    ("hard_reboot", "VM.hard_reboot", &[]),
    ("suspend", "VM.suspend", &[]),
    ("pause", "VM.pause", &[]),
    ("unpause", "VM.unpause", &[]),
    ("snapshot", "VM.snapshot", &["\"s\""]),
    ("checkpoint", "VM.checkpoint", &["\"c\""]),
    ("clone", "VM.clone", &["\"k\""]),
    ("copy", "VM.copy", &["\"k\"", "\"OpaqueRef:NULL\""]),
    ("destroy", "VM.destroy", &[]),
    ("pool_migrate", "VM.pool_migrate", &["HOST", "{}"]),
    ("provision", "VM.provision", &[]),
    ("revert", "VM.revert", &[]),
];

async fn subject(s: &Session, srv: &DemoServer, which: &str) -> Ref<Vm> {
    match which {
        "paused" => {
            let r = vm_ref(s, "web-02").await;
            s.call("VM.pause", &[(&r).into()]).await.unwrap();
            r
        }
        // On shared storage: web-01 is on its server's local storage and cannot move.
        "running" => vm_ref(s, "web-10").await,
        "halted" => vm_ref(s, "db-replica").await,
        "suspended" => vm_ref(s, "build-agent").await,
        "snapshot" => vm_ref(s, "web-01 before upgrade").await,
        // A custom template (a default one's disks name no SR, which provision refuses).
        "template" => vm_ref(s, "Company web template").await,
        other => panic!("{other} {}", srv.url),
    }
}

#[tokio::test]
async fn every_listed_operation_is_accepted_and_no_other() {
    for which in [
        "halted",
        "running",
        "paused",
        "suspended",
        "snapshot",
        "template",
    ] {
        for (op, method, extra) in CASES {
            let mut c = crate::common::config();
            c.task_speed = 1000.0;
            let srv = crate::common::server_with(c).await;
            let s = login(&srv.url, Protocol::JsonRpc).await;
            let vm = subject(&s, &srv, which).await;
            let rec: Vm = s.get_record(&vm).await.unwrap();
            let hosts: Vec<Ref<Host>> = s
                .get_all_records::<Host>()
                .await
                .unwrap()
                .into_keys()
                .filter(|h| *h != rec.resident_on)
                .collect();
            let mut args: Vec<Value> = vec![(&vm).into()];
            for a in *extra {
                args.push(if *a == "HOST" {
                    json!(hosts[0].as_str())
                } else {
                    serde_json::from_str(a).unwrap()
                });
            }
            let listed = rec.allowed_operations.iter().any(|o| o == op);
            let result = s.call(method, &args).await;
            assert_eq!(
                result.is_ok(),
                listed,
                "{which} VM, {op}: listed {listed} in {:?}, call gave {result:?}",
                rec.allowed_operations
            );
        }
    }
}

mod rules {
    use demo::lifecycle::rules::{LISTED, allowed_operations, operation_error};
    use proptest::prelude::*;
    use serde_json::{Map, Value, json};
    use xapidb::Db;

    fn vm(power: &str, template: bool, snapshot: bool, current: &[&str]) -> Db {
        let ops: Map<String, Value> = current
            .iter()
            .enumerate()
            .map(|(i, o)| (format!("OpaqueRef:t{i}"), json!(o)))
            .collect();
        let mut db = Db::new();
        let f = json!({
            "power_state": power, "is_a_template": template || snapshot, "is_a_snapshot": snapshot,
            "current_operations": ops, "guest_metrics": "g",
        });
        db.insert("VM", "vm", f.as_object().cloned().unwrap());
        db.insert(
            "VM_guest_metrics",
            "g",
            json!({"PV_drivers_detected": true})
                .as_object()
                .cloned()
                .unwrap(),
        );
        db
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        /// Whatever the VM, its list holds exactly the operations xapi would accept, and
        /// never one its power state or a running operation forbids.
        #[test]
        fn the_list_is_what_the_checks_accept(
            power in prop::sample::select(vec!["Halted", "Running", "Paused", "Suspended"]),
            template: bool,
            snapshot: bool,
            current in prop::collection::vec(prop::sample::select(vec!["clone", "copy", "snapshot", "start", "hard_shutdown"]), 0..3),
        ) {
            let db = vm(power, template, snapshot, &current);
            let listed = allowed_operations(&db, "vm");
            for op in LISTED {
                let accepted = operation_error(&db, "vm", op, true).is_none();
                prop_assert_eq!(listed.iter().any(|o| o == op), accepted, "{}", op);
            }
            let exclusive = ["start", "hard_shutdown"];
            if current.iter().any(|c| exclusive.contains(c)) {
                prop_assert!(!listed.iter().any(|o| o == "start" || o == "clone" || o == "destroy"), "{:?}", listed);
            }
            if snapshot {
                prop_assert!(listed.iter().all(|o| ["revert", "clone", "copy", "export", "destroy", "hard_shutdown", "metadata_export"].contains(&o.as_str())), "{:?}", listed);
            }
            if power != "Halted" {
                prop_assert!(!listed.iter().any(|o| o == "start" || o == "provision"));
            }
        }
    }
}
