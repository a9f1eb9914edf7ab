//! The VM Properties dialog's promise, as a property against the demo server: any sequence
//! of edits to a halted VM's vCPUs, topology, memory and start-up fields is either refused
//! by the dialog before any call ([`Props::problems`]), or its plan applies without an
//! error and leaves a VM that starts.

use crate::common::*;
use crate::session::*;
use proptest::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;
use xenpilot::demo::DemoServer;
use xenpilot::model::vm_props::{self, Props, VmFacts};
use xenpilot::services::edits;
use xenpilot::xenapi::records::PowerState;
use xenpilot::xenapi::{Cache, Protocol, Ref, Session, Vm};

const MIB: i64 = 1 << 20;

#[derive(Debug, Clone)]
enum Edit {
    VcpusMax(i64),
    AtStartup(i64),
    Cores(i64),
    StaticMin(i64),
    DynamicMin(i64),
    DynamicMax(i64),
    StaticMax(i64),
    Fixed(i64),
    Order(i64),
    Delay(i64),
    Uefi(bool),
    Vtpm(bool),
}

fn edit() -> impl Strategy<Value = Edit> {
    // Memory up to 2 GiB, so a valid VM always fits on a demo host.
    let mib = (1i64..=16).prop_map(|n| n * 128);
    prop_oneof![
        (1i64..=12).prop_map(Edit::VcpusMax),
        (0i64..=12).prop_map(Edit::AtStartup),
        (1i64..=6).prop_map(Edit::Cores),
        mib.clone().prop_map(Edit::StaticMin),
        mib.clone().prop_map(Edit::DynamicMin),
        mib.clone().prop_map(Edit::DynamicMax),
        mib.clone().prop_map(Edit::StaticMax),
        mib.prop_map(Edit::Fixed),
        (-1i64..=4).prop_map(Edit::Order),
        (-1i64..=30).prop_map(Edit::Delay),
        any::<bool>().prop_map(Edit::Uefi),
        any::<bool>().prop_map(Edit::Vtpm),
    ]
}

fn apply(p: &mut Props, e: &Edit) {
    match *e {
        Edit::VcpusMax(n) => p.vcpus_max = n,
        Edit::AtStartup(n) => p.vcpus_at_startup = n,
        Edit::Cores(n) => p.set_cores_per_socket(n),
        Edit::StaticMin(m) => p.memory.static_min = m * MIB,
        Edit::DynamicMin(m) => p.memory.dynamic_min = m * MIB,
        Edit::DynamicMax(m) => p.memory.dynamic_max = m * MIB,
        Edit::StaticMax(m) => p.memory.static_max = m * MIB,
        Edit::Fixed(m) => p.memory = p.memory.fixed(m * MIB),
        Edit::Order(n) => p.order = n,
        Edit::Delay(n) => p.start_delay = n,
        Edit::Uefi(on) => {
            let fw = if on { "uefi" } else { "bios" };
            p.boot_params.insert("firmware".into(), fw.into());
        }
        Edit::Vtpm(on) => p.vtpm = on,
    }
}

struct Fixture {
    rt: tokio::runtime::Runtime,
    server: DemoServer,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let server = rt.block_on(server());
        Fixture { rt, server }
    })
}

async fn record(s: &Session, name: &str) -> (Ref<Vm>, Vm) {
    let vms: HashMap<Ref<Vm>, Vm> = s.get_all_records().await.unwrap();
    vms.into_iter().find(|(_, v)| v.name_label == name).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_edit_applies_and_the_vm_starts_or_is_refused_before_any_call(
        edits in proptest::collection::vec(edit(), 1..6)
    ) {
        let f = fixture();
        f.rt.block_on(async {
            let s = login(&f.server.url, Protocol::JsonRpc).await;
            let (r, v) = record(&s, "db-replica").await;
            if v.power_state != PowerState::Halted {
                s.call("VM.hard_shutdown", &[r.as_str().into()]).await.unwrap();
            }
            // An HVM guest, so xapi checks the topology at start.
            s.call("VM.set_HVM_boot_policy", &[r.as_str().into(), "BIOS order".into()])
                .await
                .unwrap();
            let (r, v) = record(&s, "db-replica").await;
            let was = Props::of(&v);
            let mut now = was.clone();
            for e in &edits {
                apply(&mut now, e);
            }
            if !now.problems(&was).is_empty() {
                // Refused in the dialog: nothing is sent.
                return;
            }
            let mut cache = Cache::default();
            cache.vms.insert(r.clone(), v.clone());
            let facts = VmFacts::of(&cache, &v);
            let plan = vm_props::plan(&cache, &r, &facts, &was, &now);
            let sent = edits::run_plan(&s, &plan.plan, |_, _| {}).await;
            assert!(sent.is_ok(), "{edits:?}: {:?}", sent.err());
            let started = s
                .call("VM.start", &[r.as_str().into(), false.into(), false.into()])
                .await;
            assert!(started.is_ok(), "{edits:?}: {:?}", started.err());
            s.call("VM.hard_shutdown", &[r.as_str().into()]).await.unwrap();
        });
    }
}
