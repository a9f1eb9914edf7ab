//! Tags: the `tags` set of pools, servers, VMs, storage and networks. Edits add or remove one
//! tag at a time (`<class>.add_tags` / `remove_tags`, as XenCenter's `Tags.cs` does), never
//! `set_tags`, so tags another client adds meanwhile stay.

use super::folders::Target;
use super::tree::Node;
use super::vm_plans::{Arg, Plan, Step, quote};
use serde_json::Value;
use std::collections::BTreeSet;
use xenapi::Cache;

/// What an object of the tree is, to write to it: its class, ref, UUID and tags. `None`
/// for nodes that are no object (groups, folders) or objects without tags (NICs).
pub fn target(cache: &Cache, node: &Node) -> Option<(Target, Vec<String>)> {
    let t = |class, r: &str, uuid: &str, tags: &[String]| {
        Some((
            Target {
                class,
                r: r.to_string(),
                uuid: uuid.to_string(),
            },
            tags.to_vec(),
        ))
    };
    match node {
        Node::Pool(r) => cache
            .pools
            .get(r)
            .and_then(|o| t("pool", r.as_str(), &o.uuid, &o.tags)),
        Node::Host(r) => cache
            .hosts
            .get(r)
            .and_then(|o| t("host", r.as_str(), &o.uuid, &o.tags)),
        Node::Vm(r) => cache
            .vms
            .get(r)
            .and_then(|o| t("VM", r.as_str(), &o.uuid, &o.tags)),
        Node::Sr(r) => cache
            .srs
            .get(r)
            .and_then(|o| t("SR", r.as_str(), &o.uuid, &o.tags)),
        Node::Network(r) => cache
            .networks
            .get(r)
            .and_then(|o| t("network", r.as_str(), &o.uuid, &o.tags)),
        _ => None,
    }
}

/// The object's `other_config`, for nodes that have one the organisation views read.
pub fn other_config<'a>(cache: &'a Cache, node: &Node) -> Option<&'a xenapi::records::StringMap> {
    match node {
        Node::Pool(r) => cache.pools.get(r).map(|o| &o.other_config),
        Node::Host(r) => cache.hosts.get(r).map(|o| &o.other_config),
        Node::Vm(r) => cache.vms.get(r).map(|o| &o.other_config),
        Node::Sr(r) => cache.srs.get(r).map(|o| &o.other_config),
        Node::Network(r) => cache.networks.get(r).map(|o| &o.other_config),
        _ => None,
    }
}

/// Every tag in use in one pool, sorted.
pub fn all_tags(cache: &Cache) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    out.extend(cache.pools.values().flat_map(|o| o.tags.iter().cloned()));
    out.extend(cache.hosts.values().flat_map(|o| o.tags.iter().cloned()));
    out.extend(cache.vms.values().flat_map(|o| o.tags.iter().cloned()));
    out.extend(cache.srs.values().flat_map(|o| o.tags.iter().cloned()));
    out.extend(cache.networks.values().flat_map(|o| o.tags.iter().cloned()));
    out
}

/// A tag the user typed: trimmed; `None` when empty or holding a character XML cannot carry
/// (xapi would cut the tag there).
pub fn clean(tag: &str) -> Option<String> {
    let t = tag.trim();
    let bad = t.chars().any(|c| c.is_control());
    (!t.is_empty() && !bad).then(|| t.to_string())
}

fn call(t: &Target, verb: &str, tag: &str) -> Step {
    Step::call(
        &format!("{}.{verb}_tags", t.class),
        vec![
            Arg::Value(Value::String(t.r.clone())),
            Arg::Value(Value::String(tag.into())),
        ],
    )
}

fn xe(t: &Target, verb: &str, tag: &str) -> String {
    format!(
        "xe {}-param-{verb} uuid={} param-name=tags param-key={}",
        t.class.to_ascii_lowercase(),
        t.uuid,
        quote(tag)
    )
}

/// Adds `tag` to an object that lacks it (an empty plan when it has it).
pub fn add_plan(t: &Target, tags: &[String], tag: &str) -> Plan {
    let mut plan = Plan::default();
    if !tags.iter().any(|x| x == tag) {
        plan.steps.push(call(t, "add", tag));
        plan.xe.push(xe(t, "add", tag));
    }
    plan
}

/// Removes `tag` from an object that has it.
pub fn remove_plan(t: &Target, tags: &[String], tag: &str) -> Plan {
    let mut plan = Plan::default();
    if tags.iter().any(|x| x == tag) {
        plan.steps.push(call(t, "remove", tag));
        plan.xe.push(xe(t, "remove", tag));
    }
    plan
}

/// An object's tags edited in a Properties dialog (XenCenter's `GeneralEditPageAction`):
/// the tags the user took off removed, then the new ones added, one call each; tags nobody
/// touched are not sent, so another client's edits meanwhile stay.
pub fn edit_plan(t: &Target, was: &[String], now: &[String]) -> Plan {
    let mut plan = Plan::default();
    for tag in was.iter().filter(|x| !now.contains(x)) {
        plan.steps.push(call(t, "remove", tag));
        plan.xe.push(xe(t, "remove", tag));
    }
    for tag in now.iter().filter(|x| !was.contains(x)) {
        plan.steps.push(call(t, "add", tag));
        plan.xe.push(xe(t, "add", tag));
    }
    plan
}

/// Renames `from` to `to` on an object: the new tag added first, then the old one removed
/// (XenCenter's order for destructive steps: last).
pub fn rename_plan(t: &Target, tags: &[String], from: &str, to: &str) -> Plan {
    let mut plan = Plan::default();
    if from == to || !tags.iter().any(|x| x == from) {
        return plan;
    }
    if !tags.iter().any(|x| x == to) {
        plan.steps.push(call(t, "add", to));
        plan.xe.push(xe(t, "add", to));
    }
    plan.steps.push(call(t, "remove", from));
    plan.xe.push(xe(t, "remove", from));
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vm() -> Target {
        Target {
            class: "VM",
            r: "OpaqueRef:v".into(),
            uuid: "u".into(),
        }
    }

    #[test]
    fn tag_plans_add_and_remove_one_tag_never_set_the_set() {
        let tags = vec!["web".to_string()];
        let add = add_plan(&vm(), &tags, "prod env");
        assert_eq!(add.steps[0].method, "VM.add_tags");
        assert_eq!(
            add.xe,
            ["xe vm-param-add uuid=u param-name=tags param-key='prod env'"]
        );
        assert!(add_plan(&vm(), &tags, "web").steps.is_empty());
        assert!(remove_plan(&vm(), &tags, "db").steps.is_empty());
        let rm = remove_plan(&vm(), &tags, "web");
        assert_eq!(rm.steps[0].method, "VM.remove_tags");
        let r = rename_plan(&vm(), &tags, "web", "www");
        let m: Vec<&str> = r.steps.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(m, ["VM.add_tags", "VM.remove_tags"]);
        for plan in [&add, &rm, &r] {
            assert!(plan.steps.iter().all(|s| !s.method.contains("set_tags")));
        }
    }

    #[test]
    fn typed_tags_are_trimmed_and_checked() {
        assert_eq!(clean("  prod "), Some("prod".into()));
        assert_eq!(clean("   "), None);
        assert_eq!(clean("a\u{1}b"), None);
    }

    #[test]
    fn the_demo_pools_objects_are_targets() {
        let cache = xapidb::cache_of(&demo::demo_pool());
        let (r, _) = cache.vms.iter().next().expect("a VM");
        let (t, _) = target(&cache, &Node::Vm(r.clone())).expect("a target");
        assert_eq!(t.class, "VM");
        assert!(
            target(
                &cache,
                &Node::Group(crate::model::visibility::ObjectType::Vm)
            )
            .is_none()
        );
    }
}
