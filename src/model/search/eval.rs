//! Whether an object matches a query: read straight from the cached records, without
//! allocating for ASCII text (a keystroke runs this over every object of every pool).

use super::query::{Expr, Field, Kind, Op, Power, Query, Term, Value};
use crate::model::visibility;
use xenapi::records::{PowerState, StringMap};
use xenapi::{Cache, Host, Network, Pool, Ref, Sr, Vm};

/// XenCenter's prefix for a custom field's value in an object's `other_config`
/// (`CustomFieldsManager.CUSTOM_FIELD_BASE_KEY` and `CUSTOM_FIELD_DELIM`).
pub const CUSTOM_FIELD_PREFIX: &str = "XenCenter.CustomFields.";

/// XenCenter's folder key in an object's `other_config` (`Folders.FOLDER`).
pub const FOLDER_KEY: &str = "folder";

/// A custom field's value on an object, from XenCenter's key.
pub fn custom_field<'a>(other_config: &'a StringMap, name: &str) -> Option<&'a str> {
    other_config
        .iter()
        .find(|(k, _)| {
            k.strip_prefix(CUSTOM_FIELD_PREFIX)
                .is_some_and(|rest| rest == name)
        })
        .map(|(_, v)| v.as_str())
}

/// One pool's cache and the name its objects show in the Pool column.
pub struct PoolCtx<'a> {
    pub cache: &'a Cache,
    pub name: String,
}

impl<'a> PoolCtx<'a> {
    pub fn new(cache: &'a Cache) -> Self {
        let name = cache
            .pools
            .values()
            .next()
            .map(|p| crate::model::names::pool_name(cache, p))
            .unwrap_or_default();
        PoolCtx { cache, name }
    }
}

/// An object that can be searched.
#[derive(Clone, Copy)]
pub enum Obj<'a> {
    Pool(&'a Ref<Pool>, &'a Pool),
    Host(&'a Ref<Host>, &'a Host),
    Vm(&'a Ref<Vm>, &'a Vm),
    Sr(&'a Ref<Sr>, &'a Sr),
    Network(&'a Ref<Network>, &'a Network),
}

impl<'a> Obj<'a> {
    pub fn kind(&self) -> Kind {
        match self {
            Obj::Pool(..) => Kind::Pool,
            Obj::Host(..) => Kind::Host,
            Obj::Vm(_, v) if v.is_a_snapshot => Kind::Snapshot,
            Obj::Vm(_, v) if v.is_a_template => Kind::Template,
            Obj::Vm(..) => Kind::Vm,
            Obj::Sr(..) => Kind::Sr,
            Obj::Network(..) => Kind::Network,
        }
    }

    pub fn name(&self) -> &'a str {
        match self {
            Obj::Pool(_, o) => &o.name_label,
            Obj::Host(_, o) => &o.name_label,
            Obj::Vm(_, o) => &o.name_label,
            Obj::Sr(_, o) => &o.name_label,
            Obj::Network(_, o) => &o.name_label,
        }
    }

    fn description(&self) -> &'a str {
        match self {
            Obj::Pool(_, o) => &o.name_description,
            Obj::Host(_, o) => &o.name_description,
            Obj::Vm(_, o) => &o.name_description,
            Obj::Sr(_, o) => &o.name_description,
            Obj::Network(_, o) => &o.name_description,
        }
    }

    fn uuid(&self) -> &'a str {
        match self {
            Obj::Pool(_, o) => &o.uuid,
            Obj::Host(_, o) => &o.uuid,
            Obj::Vm(_, o) => &o.uuid,
            Obj::Sr(_, o) => &o.uuid,
            Obj::Network(_, o) => &o.uuid,
        }
    }

    pub fn tags(&self) -> &'a [String] {
        match self {
            Obj::Pool(_, o) => &o.tags,
            Obj::Host(_, o) => &o.tags,
            Obj::Vm(_, o) => &o.tags,
            Obj::Sr(_, o) => &o.tags,
            Obj::Network(_, o) => &o.tags,
        }
    }

    pub fn other_config(&self) -> &'a StringMap {
        match self {
            Obj::Pool(_, o) => &o.other_config,
            Obj::Host(_, o) => &o.other_config,
            Obj::Vm(_, o) => &o.other_config,
            Obj::Sr(_, o) => &o.other_config,
            Obj::Network(_, o) => &o.other_config,
        }
    }

    pub fn power(&self) -> Option<Power> {
        match self {
            Obj::Vm(_, v) if !v.is_a_template && !v.is_a_snapshot => Some(match v.power_state {
                PowerState::Running => Power::Running,
                PowerState::Suspended => Power::Suspended,
                PowerState::Paused => Power::Paused,
                _ => Power::Halted,
            }),
            _ => None,
        }
    }

    /// A VM's IP addresses (from its guest agent), a host's management address.
    pub fn ips(&self, cache: &'a Cache) -> impl Iterator<Item = &'a str> {
        let (vm_ips, host_ip) = match self {
            Obj::Vm(_, v) => (cache.vm_guest_metrics.get(&v.guest_metrics), None),
            Obj::Host(_, h) => (None, Some(h.address.as_str())),
            _ => (None, None),
        };
        vm_ips
            .into_iter()
            .flat_map(|g| g.networks.values().map(String::as_str))
            .chain(host_ip)
            .filter(|s| !s.is_empty())
    }

    /// The host a VM lives on (XenCenter's `Home`), a host itself, a local SR's host.
    pub fn host(&self, cache: &'a Cache) -> Option<&'a Host> {
        match self {
            Obj::Host(_, h) => Some(h),
            Obj::Vm(_, v) => visibility::vm_home(cache, v).and_then(|r| cache.hosts.get(&r)),
            Obj::Sr(_, s) => visibility::sr_home(cache, s).and_then(|r| cache.hosts.get(&r)),
            _ => None,
        }
    }

    /// A VM's most memory (`memory_static_max`), a host's total.
    pub fn memory(&self, cache: &Cache) -> Option<u64> {
        match self {
            Obj::Vm(_, v) => u64::try_from(v.memory_static_max).ok(),
            Obj::Host(_, h) => cache
                .host_metrics
                .get(&h.metrics)
                .and_then(|m| u64::try_from(m.memory_total).ok()),
            _ => None,
        }
    }

    /// A VM's vCPUs at start, a host's CPU count.
    pub fn cpus(&self) -> Option<u64> {
        match self {
            Obj::Vm(_, v) => u64::try_from(v.vcpus_at_startup).ok(),
            Obj::Host(_, h) => h.cpu_info.get("cpu_count").and_then(|c| c.parse().ok()),
            _ => None,
        }
    }

    pub fn os(&self, cache: &'a Cache) -> Option<&'a str> {
        match self {
            Obj::Vm(_, v) => cache
                .vm_guest_metrics
                .get(&v.guest_metrics)
                .and_then(|g| g.os_version.get("name"))
                .map(String::as_str),
            _ => None,
        }
    }
}

/// Every object a search looks at in one pool, as XenCenter's search shows them: no control
/// domains, no default templates, nothing hidden from XenCenter.
pub fn objects<'a>(cache: &'a Cache) -> impl Iterator<Item = Obj<'a>> {
    let pools = cache.pools.iter().map(|(r, o)| Obj::Pool(r, o));
    let hosts = cache.hosts.iter().map(|(r, o)| Obj::Host(r, o));
    let vms = cache
        .vms
        .iter()
        .filter(|(_, v)| {
            !v.is_control_domain && !v.is_default_template && visibility::vm_shown(v, false)
        })
        .map(|(r, o)| Obj::Vm(r, o));
    let srs = cache
        .srs
        .iter()
        .filter(|(_, s)| visibility::sr_shown(s, false))
        .map(|(r, o)| Obj::Sr(r, o));
    let nets = cache
        .networks
        .iter()
        .filter(|(_, n)| visibility::network_shown(cache, n, false))
        .map(|(r, o)| Obj::Network(r, o));
    pools.chain(hosts).chain(vms).chain(srs).chain(nets)
}

/// `needle` (already lower case) occurs in `hay`, ignoring case.
pub fn contains_ci(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    if hay.is_ascii() && needle.is_ascii() {
        let (h, n) = (hay.as_bytes(), needle.as_bytes());
        let Some(last) = h.len().checked_sub(n.len()) else {
            return false;
        };
        // Only where the first letter is (either case): most texts (UUIDs, most names)
        // hold it nowhere, and memchr skips them many bytes at a time.
        let first = n[0];
        return memchr::memchr2_iter(first, first.to_ascii_uppercase(), &h[..=last])
            .any(|i| h[i..i + n.len()].eq_ignore_ascii_case(n));
    }
    hay.to_lowercase().contains(needle)
}

fn eq_ci(hay: &str, needle: &str) -> bool {
    if hay.is_ascii() && needle.is_ascii() {
        return hay.eq_ignore_ascii_case(needle);
    }
    hay.to_lowercase() == needle
}

fn text(op: Op, hay: &str, lower: &str) -> bool {
    match op {
        Op::Eq => eq_ci(hay, lower),
        _ => contains_ci(hay, lower),
    }
}

fn number(op: Op, have: Option<u64>, want: u64) -> bool {
    let Some(have) = have else {
        return false;
    };
    match op {
        Op::Has | Op::Eq => have == want,
        Op::Gt => have > want,
        Op::Ge => have >= want,
        Op::Lt => have < want,
        Op::Le => have <= want,
    }
}

/// A folder term: `=` the object's folder exactly, `:` that folder or one under it.
fn folder(op: Op, have: Option<&str>, want: &str) -> bool {
    let Some(have) = have else {
        return false;
    };
    let want = want.trim_end_matches('/');
    have == want
        || (op == Op::Has
            && have
                .strip_prefix(want)
                .is_some_and(|rest| rest.starts_with('/')))
}

impl Term {
    pub fn matches(&self, ctx: &PoolCtx<'_>, o: &Obj<'_>) -> bool {
        let cache = ctx.cache;
        let (raw, lower) = match &self.value {
            Value::Text { raw, lower } => (raw.as_str(), lower.as_str()),
            _ => ("", ""),
        };
        match (&self.field, &self.value) {
            (Field::Text, _) => {
                contains_ci(o.name(), lower)
                    || contains_ci(o.description(), lower)
                    || contains_ci(o.uuid(), lower)
                    || o.ips(cache).any(|ip| contains_ci(ip, lower))
            }
            (Field::Name, _) => text(self.op, o.name(), lower),
            (Field::Description, _) => text(self.op, o.description(), lower),
            (Field::Uuid, _) => text(self.op, o.uuid(), lower),
            (Field::Ip, _) => o.ips(cache).any(|ip| text(self.op, ip, lower)),
            (Field::Os, _) => o.os(cache).is_some_and(|s| text(self.op, s, lower)),
            (Field::Pool, _) => text(self.op, &ctx.name, lower),
            (Field::Host, _) => o
                .host(cache)
                .is_some_and(|h| text(self.op, &h.name_label, lower)),
            // Tags are exact, as XenCenter's `StringListContainsQuery`.
            (Field::Tag, _) => o.tags().iter().any(|t| t == raw),
            (Field::Folder, _) => folder(
                self.op,
                o.other_config().get(FOLDER_KEY).map(String::as_str),
                raw,
            ),
            (Field::Custom(name), Value::Any) => {
                custom_field(o.other_config(), name).is_some_and(|v| !v.is_empty())
            }
            (Field::Custom(name), _) => {
                custom_field(o.other_config(), name).is_some_and(|v| text(self.op, v, lower))
            }
            (Field::Power, Value::Power(p)) => o.power() == Some(*p),
            (Field::Type, Value::Kind(k)) => o.kind() == *k,
            (Field::Mem, Value::Number { n, .. }) => number(self.op, o.memory(cache), *n),
            (Field::Cpu, Value::Number { n, .. }) => number(self.op, o.cpus(), *n),
            _ => false,
        }
    }
}

fn eval(e: &Expr, ctx: &PoolCtx<'_>, o: &Obj<'_>) -> bool {
    match e {
        Expr::And(v) => v.iter().all(|x| eval(x, ctx, o)),
        Expr::Or(v) => v.iter().any(|x| eval(x, ctx, o)),
        Expr::Not(x) => !eval(x, ctx, o),
        Expr::Term(t) => t.matches(ctx, o),
    }
}

impl Query {
    pub fn matches(&self, ctx: &PoolCtx<'_>, o: &Obj<'_>) -> bool {
        eval(&self.expr, ctx, o)
    }
}

/// Finds `node`'s object in `cache`, to match a tree row against a query.
pub fn obj_of<'a>(cache: &'a Cache, node: &crate::model::tree::Node) -> Option<Obj<'a>> {
    use crate::model::tree::Node;
    match node {
        Node::Pool(r) => cache.pools.get_key_value(r).map(|(r, o)| Obj::Pool(r, o)),
        Node::Host(r) => cache.hosts.get_key_value(r).map(|(r, o)| Obj::Host(r, o)),
        Node::Vm(r) => cache.vms.get_key_value(r).map(|(r, o)| Obj::Vm(r, o)),
        Node::Sr(r) => cache.srs.get_key_value(r).map(|(r, o)| Obj::Sr(r, o)),
        Node::Network(r) => cache
            .networks
            .get_key_value(r)
            .map(|(r, o)| Obj::Network(r, o)),
        _ => None,
    }
}

impl Obj<'_> {
    pub fn node(&self) -> crate::model::tree::Node {
        use crate::model::tree::Node;
        match self {
            Obj::Pool(r, _) => Node::Pool((*r).clone()),
            Obj::Host(r, _) => Node::Host((*r).clone()),
            Obj::Vm(r, _) => Node::Vm((*r).clone()),
            Obj::Sr(r, _) => Node::Sr((*r).clone()),
            Obj::Network(r, _) => Node::Network((*r).clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::contains_ci;

    proptest::proptest! {
        /// The first-letter jump finds what a plain lower-cased search finds.
        #[test]
        fn contains_ci_is_a_lower_cased_contains(hay in "[a-cA-C0-9 .\\-é]{0,24}", needle in "[a-cA-C0-9\\-é]{1,4}") {
            let lower = needle.to_lowercase();
            proptest::prop_assert_eq!(contains_ci(&hay, &lower), hay.to_lowercase().contains(&lower));
        }
    }

    #[test]
    fn contains_ci_at_the_edges() {
        assert!(contains_ci("VM-04711", "vm-04711"));
        assert!(contains_ci("xvm-04711", "04711"));
        assert!(!contains_ci("vm-0471", "vm-04711"));
        assert!(contains_ci("abc", ""));
        assert!(contains_ci("aaab", "ab"));
    }
}
