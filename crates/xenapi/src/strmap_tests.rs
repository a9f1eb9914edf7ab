use super::*;
use crate::records::{Vm, VmGuestMetrics};
use proptest::prelude::*;

fn s(x: &str) -> String {
    x.to_string()
}

#[test]
fn keeps_keys_sorted_and_one_value_per_key() {
    let mut m = StringMap::new();
    assert_eq!(m.insert(s("b"), s("2")), None);
    assert_eq!(m.insert(s("a"), s("1")), None);
    assert_eq!(m.insert(s("c"), s("3")), None);
    assert_eq!(m.insert(s("b"), s("two")), Some(s("2")));
    assert_eq!(m.keys().cloned().collect::<Vec<_>>(), ["a", "b", "c"]);
    assert_eq!(m.get("b").map(String::as_str), Some("two"));
    assert!(m.contains_key("c") && !m.contains_key("d"));
    assert_eq!(m.remove("a"), Some(s("1")));
    assert_eq!(m.remove("a"), None);
    assert_eq!(m.len(), 2);
    m.retain(|k, _| k != "c");
    assert_eq!(format!("{m:?}"), r#"{"b": "two"}"#);
}

#[test]
fn collecting_keeps_the_last_value_of_a_key_as_btreemap_does() {
    let m: StringMap = [(s("k"), s("1")), (s("a"), s("x")), (s("k"), s("2"))]
        .into_iter()
        .collect();
    assert_eq!(m.get("k").map(String::as_str), Some("2"));
    assert_eq!(m.len(), 2);
}

#[test]
fn prefixed_lists_only_the_keys_under_a_prefix() {
    let m: StringMap = [
        "XenCenter.CustomFields.A",
        "XenCenter.CustomFields.B",
        "folder",
        "X",
    ]
    .iter()
    .map(|k| (s(k), s("v")))
    .collect();
    let keys: Vec<&String> = m.prefixed("XenCenter.CustomFields.").map(|e| e.0).collect();
    assert_eq!(
        keys,
        ["XenCenter.CustomFields.A", "XenCenter.CustomFields.B"]
    );
    assert_eq!(m.prefixed("none").count(), 0);
}

#[test]
fn decodes_leniently_and_empty_maps_allocate_nothing() {
    let m: StringMap = serde_json::from_str(r#"{"b": 2, "a": true, "c": "x"}"#).unwrap();
    assert_eq!(
        m.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>(),
        ["a=true", "b=2", "c=x"]
    );
    for bad in [r#""text""#, "[1, 2]", "null", "7"] {
        let m: StringMap = serde_json::from_str(bad).unwrap();
        assert!(m.is_empty(), "{bad}");
        assert_eq!(m.entries.capacity(), 0);
    }
    let m: StringMap = serde_json::from_str("{}").unwrap();
    assert_eq!(m.entries.capacity(), 0);
}

#[test]
fn serializes_as_a_map() {
    let m = StringMap::from([(s("b"), s("2")), (s("a"), s("1"))]);
    assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"a":"1","b":"2"}"#);
}

/// A map as a server may send it: any keys (some repeated) and values.
fn wire_map() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec(("[a-z0-9/._-]{0,12}", "\\PC{0,16}"), 0..12)
}

proptest! {
    /// The compact map holds what a `BTreeMap` would, in the same order, whatever the input.
    #[test]
    fn behaves_as_a_btreemap(pairs in wire_map(), removed in "[a-z]{0,2}") {
        let mut ours: StringMap = pairs.iter().cloned().collect();
        let mut theirs: BTreeMap<String, String> = pairs.iter().cloned().collect();
        prop_assert_eq!(ours.remove(&removed), theirs.remove(&removed));
        prop_assert_eq!(ours.to_btree(), theirs.clone());
        let order: Vec<_> = ours.iter().collect();
        let want: Vec<_> = theirs.iter().collect();
        prop_assert_eq!(order, want);
        for (k, v) in &pairs {
            prop_assert_eq!(ours.insert(k.clone(), v.clone()), theirs.insert(k.clone(), v.clone()));
        }
        prop_assert_eq!(ours.to_btree(), theirs);
    }

    /// Decode → record → fields: a VM's maps and a guest's maps sent on the wire come back
    /// with every key and value, and the record encodes back to the same maps.
    #[test]
    fn records_keep_every_key_and_value(oc in wire_map(), platform in wire_map(), os in wire_map()) {
        let as_json = |p: &[(String, String)]| {
            serde_json::Value::Object(p.iter().map(|(k, v)| (k.clone(), serde_json::json!(v))).collect())
        };
        let vm: Vm = serde_json::from_value(serde_json::json!({
            "uuid": "u", "other_config": as_json(&oc), "platform": as_json(&platform),
        })).unwrap();
        let want = |p: &[(String, String)]| p.iter().cloned().collect::<BTreeMap<_, _>>();
        prop_assert_eq!(vm.other_config.to_btree(), want(&oc));
        prop_assert_eq!(vm.platform.to_btree(), want(&platform));
        prop_assert_eq!(serde_json::to_value(&vm.other_config).unwrap(), serde_json::to_value(want(&oc)).unwrap());
        let g: VmGuestMetrics = serde_json::from_value(serde_json::json!({ "os_version": as_json(&os) })).unwrap();
        prop_assert_eq!(g.os_version.to_btree(), want(&os));
    }
}
