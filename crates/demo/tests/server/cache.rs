//! The object cache against the demo pool's records (here, not in the xenapi crate, which
//! cannot depend on the demo).

use xenapi::Cache;
use xenapi::events::{Event, Operation};

/// Decoding off-thread and applying later gives the same cache as applying at once.
#[test]
fn a_decoded_change_applies_like_the_event() {
    let db = demo::demo_pool();
    let base = xapidb::cache_of(&db);
    let (vm, _) = base.vms.iter().next().expect("a VM");
    let mut rec = db.record("VM", vm.as_str()).expect("record");
    rec["name_label"] = "renamed".into();
    let ev = |op, snap| Event {
        class: "vm".into(),
        operation: op,
        reference: vm.as_str().into(),
        snapshot: snap,
    };
    let mut a = base.clone();
    let mut b = base.clone();
    assert!(a.apply(ev(Operation::Mod, Some(rec.clone()))));
    let change = Cache::decode(ev(Operation::Mod, Some(rec))).expect("a cached class");
    assert!(change.apply(&mut b));
    assert_eq!(a.vms[vm].name_label, "renamed");
    assert_eq!(b.vms[vm].name_label, "renamed");
    let del = Cache::decode(ev(Operation::Del, None)).expect("a cached class");
    del.apply(&mut b);
    assert!(!b.vms.contains_key(vm));
    let bad = Cache::decode(ev(Operation::Mod, Some(serde_json::json!("not a record"))));
    assert!(
        !bad.expect("a cached class").apply(&mut a),
        "an undecodable record"
    );
    assert!(!a.vms.contains_key(vm), "dropped, not half-updated");
    assert!(
        Cache::decode(Event {
            class: "console".into(),
            ..ev(Operation::Del, None)
        })
        .is_none()
    );
}
