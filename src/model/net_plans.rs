//! What the network actions send, their `xe` equivalent, and what xapi would refuse before
//! anything is sent.
//!
//! As XenCenter's `XenModel/Actions/Network/{CreateBondAction,NetworkAction}.cs` and
//! `XenAdmin/Wizards/NewNetworkWizard*` read against xapi (`xapi_network.ml` `create`/
//! `destroy`, `xapi_vlan.ml` `create`, `xapi_pool.ml` `create_VLAN_from_PIF`,
//! `xapi_bond.ml` `create`/`set_mode`): a network is made with `network.create`
//! (`other_config:automatic=false` when it is not added to new VMs), then a VLAN on every
//! host (`pool.create_VLAN_from_PIF` on the coordinator's NIC), or a bond on each host, the
//! coordinator last. Deleting destroys the VLANs and bonds first, then the network.

use super::nic::{self, Setting};
use super::vm_plans::{Arg, Plan, Step, quote};
use serde_json::{Value, json};
use xenapi::{Bond, Cache, Host, Network, Pif, Ref, Vm};

fn r<T>(x: &Ref<T>) -> Arg {
    Arg::Value(Value::String(x.as_str().into()))
}

fn v(x: Value) -> Arg {
    Arg::Value(x)
}

/// The key XenCenter writes in a network's `other_config` when it must not be added to new
/// VMs (`"false"`; absent means it is).
pub const AUTOMATIC: &str = "automatic";

/// The kinds of network the wizard makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetKind {
    /// XenCenter's "External network": a VLAN on a NIC, on every server.
    External,
    /// A network on no NIC: its VMs talk only among themselves, on one server.
    Private,
    /// A bond of 2–4 NICs on every server.
    Bonded,
}

/// A bond's mode, with what LACP hashes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BondMode {
    BalanceSlb,
    ActiveBackup,
    /// LACP hashing on source MAC (`false`) or TCP/UDP ports (`true`, xapi's default).
    Lacp {
        ports: bool,
    },
}

impl BondMode {
    pub const ALL: [BondMode; 4] = [
        BondMode::BalanceSlb,
        BondMode::ActiveBackup,
        BondMode::Lacp { ports: true },
        BondMode::Lacp { ports: false },
    ];

    /// xapi's name of the mode.
    pub fn wire(self) -> &'static str {
        match self {
            BondMode::BalanceSlb => "balance-slb",
            BondMode::ActiveBackup => "active-backup",
            BondMode::Lacp { .. } => "lacp",
        }
    }

    /// The bond's `properties` (only LACP has one: its hashing algorithm).
    pub fn properties(self) -> Vec<(&'static str, &'static str)> {
        match self {
            BondMode::Lacp { ports: true } => vec![("hashing_algorithm", "tcpudp_ports")],
            BondMode::Lacp { ports: false } => vec![("hashing_algorithm", "src_mac")],
            _ => Vec::new(),
        }
    }

    /// The Fluent id of its name.
    pub fn label_id(self) -> &'static str {
        match self {
            BondMode::BalanceSlb => "net-bond-slb",
            BondMode::ActiveBackup => "net-bond-active-backup",
            BondMode::Lacp { ports: true } => "net-bond-lacp-ports",
            BondMode::Lacp { ports: false } => "net-bond-lacp-mac",
        }
    }

    /// The mode of a bond record (`mode` and its `properties` hashing).
    pub fn of(bond: &Bond, properties: Option<&str>) -> BondMode {
        match bond.mode.as_str() {
            "active-backup" => BondMode::ActiveBackup,
            "lacp" => BondMode::Lacp {
                ports: properties != Some("src_mac"),
            },
            _ => BondMode::BalanceSlb,
        }
    }
}

/// What the New Network wizard asks.
#[derive(Debug, Clone, PartialEq)]
pub struct NewNetwork {
    pub kind: NetKind,
    pub name: String,
    pub description: String,
    /// As typed.
    pub mtu: String,
    /// Added to new VMs (XenCenter's `other_config:automatic`).
    pub auto_add: bool,
    /// External: the coordinator's NIC the VLAN runs on.
    pub nic: Option<Ref<Pif>>,
    /// External: the VLAN tag, as typed.
    pub vlan: String,
    /// Bonded: the coordinator's NICs, by device (`eth1`); every server bonds its own.
    pub members: Vec<String>,
    pub mode: BondMode,
}

impl Default for NewNetwork {
    fn default() -> Self {
        NewNetwork {
            kind: NetKind::External,
            name: String::new(),
            description: String::new(),
            mtu: "1500".into(),
            auto_add: true,
            nic: None,
            vlan: String::new(),
            members: Vec::new(),
            mode: BondMode::BalanceSlb,
        }
    }
}

/// Why the wizard cannot go on yet: a Fluent id, with the number it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetInvalid {
    Name,
    /// `nic::validate`'s MTU rule (68–65535, a whole number).
    Mtu,
    NoNic,
    /// Not a whole number 0–4094 (`VLAN_TAG_INVALID`).
    VlanRange,
    /// The tag already runs on that NIC on some server (`VLAN_TAG_INVALID` from xapi).
    VlanInUse(i64),
    /// A bond needs 2 to 4 NICs.
    BondCount,
    /// A server lacks one of the NICs, or has it bonded already (its name).
    BondMissing(String),
}

impl NetInvalid {
    pub fn id(&self) -> &'static str {
        match self {
            NetInvalid::Name => "dlg-err-name",
            NetInvalid::Mtu => "net-err-mtu",
            NetInvalid::NoNic => "net-err-nic",
            NetInvalid::VlanRange => "net-err-vlan",
            NetInvalid::VlanInUse(_) => "net-err-vlan-used",
            NetInvalid::BondCount => "net-err-bond-count",
            NetInvalid::BondMissing(_) => "net-err-bond-missing",
        }
    }
}

/// The pool's coordinator.
pub fn coordinator(cache: &Cache) -> Option<Ref<Host>> {
    cache.pool().map(|(_, p)| p.master.clone())
}

/// The NICs a VLAN or bond can use on `host`: untagged, not a bond member, managed.
pub fn nics_of<'a>(cache: &'a Cache, host: &Ref<Host>) -> Vec<(&'a Ref<Pif>, &'a Pif)> {
    let mut out: Vec<_> = cache
        .pifs
        .iter()
        .filter(|(_, p)| {
            p.host == *host
                && p.vlan < 0
                && p.managed != Some(false)
                && !cache.bonds.contains_key(&p.bond_slave_of)
        })
        .collect();
    out.sort_by(|a, b| {
        super::natural::compare(
            &super::names::pif_sort_key(cache, a.1),
            &super::names::pif_sort_key(cache, b.1),
        )
    });
    out
}

/// The physical NICs a bond can take on `host` (no bond masters).
pub fn bondable(cache: &Cache, host: &Ref<Host>) -> Vec<String> {
    nics_of(cache, host)
        .into_iter()
        .filter(|(_, p)| p.physical && p.bond_master_of.is_empty())
        .map(|(_, p)| p.device.clone())
        .collect()
}

/// The tags already running on the NIC `nic` stands for, on any server (the PIFs of its
/// network: what `pool.create_VLAN_from_PIF` tags).
pub fn tags_on(cache: &Cache, nic: &Ref<Pif>) -> Vec<i64> {
    let Some(net) = cache.pifs.get(nic).map(|p| &p.network) else {
        return Vec::new();
    };
    let mut tags: Vec<i64> = cache
        .pifs
        .values()
        .filter(|p| p.network == *net)
        .flat_map(|p| p.vlan_slave_of.iter())
        .filter_map(|v| cache.vlans.get(v).map(|v| v.tag))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    tags
}

/// The MTU typed, when valid.
pub fn mtu_of(text: &str) -> Option<i64> {
    let t = text.trim();
    nic::validate(Setting::Mtu, t).ok()?;
    t.parse().ok()
}

impl NewNetwork {
    /// What is wrong, first thing first (the fields' order).
    pub fn invalid(&self, cache: &Cache) -> Option<NetInvalid> {
        if self.name.trim().is_empty() {
            return Some(NetInvalid::Name);
        }
        if mtu_of(&self.mtu).is_none() {
            return Some(NetInvalid::Mtu);
        }
        match self.kind {
            NetKind::Private => None,
            NetKind::External => {
                let Some(nic) = &self.nic else {
                    return Some(NetInvalid::NoNic);
                };
                let Some(tag) = self.tag() else {
                    return Some(NetInvalid::VlanRange);
                };
                tags_on(cache, nic)
                    .contains(&tag)
                    .then_some(NetInvalid::VlanInUse(tag))
            }
            NetKind::Bonded => {
                if !(2..=4).contains(&self.members.len()) {
                    return Some(NetInvalid::BondCount);
                }
                for (h, host) in &cache.hosts {
                    let free = bondable(cache, h);
                    if self.members.iter().any(|m| !free.contains(m)) {
                        return Some(NetInvalid::BondMissing(super::names::host_name(host)));
                    }
                }
                None
            }
        }
    }

    /// The tag typed, when 0–4094.
    pub fn tag(&self) -> Option<i64> {
        self.vlan
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|t| (0..=4094).contains(t))
    }

    /// The plan Finish sends: `network.create` (its result is step 0), then the VLAN or
    /// the bonds.
    pub fn plan(&self, cache: &Cache) -> Plan {
        let mtu = mtu_of(&self.mtu).unwrap_or(1500);
        let mut oc = serde_json::Map::new();
        if !self.auto_add {
            oc.insert(AUTOMATIC.into(), json!("false"));
        }
        if self.kind == NetKind::Bonded {
            // XenCenter hides the network from other clients until its bonds exist.
            oc.insert("XenCenterCreateInProgress".into(), json!("true"));
        }
        let record = json!({
            "name_label": self.name.trim(),
            "name_description": self.description.trim(),
            "MTU": mtu,
            "other_config": oc,
            "tags": [],
            "managed": true,
        });
        let mut plan = Plan::default();
        plan.steps
            .push(Step::call("network.create", vec![v(record)]));
        let mut xe = format!("xe network-create name-label={}", quote(self.name.trim()));
        if !self.description.trim().is_empty() {
            xe.push_str(&format!(
                " name-description={}",
                quote(self.description.trim())
            ));
        }
        xe.push_str(&format!(" MTU={mtu}"));
        if !self.auto_add {
            xe.push_str(" other-config:automatic=false");
        }
        plan.xe.push(xe);
        match self.kind {
            NetKind::Private => {}
            NetKind::External => {
                if let (Some(nic), Some(tag)) = (&self.nic, self.tag()) {
                    plan.steps.push(Step::call(
                        "pool.create_VLAN_from_PIF",
                        vec![r(nic), Arg::Result(0), v(json!(tag.to_string()))],
                    ));
                    let uuid = cache.pifs.get(nic).map(|p| p.uuid.clone());
                    plan.xe.push(format!(
                        "xe pool-vlan-create network-uuid=<new> pif-uuid={} vlan={tag}",
                        uuid.unwrap_or_default()
                    ));
                }
            }
            NetKind::Bonded => self.bond_steps(cache, &mut plan),
        }
        plan
    }

    /// One `Bond.create` per server, the coordinator last (a member first: were the
    /// coordinator's bond to cut it off, the members are done already).
    fn bond_steps(&self, cache: &Cache, plan: &mut Plan) {
        let master = coordinator(cache);
        let mut hosts: Vec<&Ref<Host>> = cache.hosts.keys().collect();
        hosts.sort_by_key(|h| {
            (
                Some(*h) == master.as_ref(),
                cache.hosts.get(*h).map(super::names::host_name),
            )
        });
        let props: serde_json::Map<String, Value> = self
            .mode
            .properties()
            .into_iter()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect();
        for h in hosts {
            let members: Vec<&Pif> = self
                .members
                .iter()
                .filter_map(|d| {
                    nics_of(cache, h)
                        .into_iter()
                        .find(|(_, p)| p.device == *d)
                        .map(|(_, p)| p)
                })
                .collect();
            let refs: Vec<Value> = self
                .members
                .iter()
                .filter_map(|d| {
                    nics_of(cache, h)
                        .into_iter()
                        .find(|(_, p)| p.device == *d)
                        .map(|(r, _)| json!(r.as_str()))
                })
                .collect();
            plan.steps.push(Step::call(
                "Bond.create",
                vec![
                    Arg::Result(0),
                    v(Value::Array(refs)),
                    v(json!("")),
                    v(json!(self.mode.wire())),
                    v(Value::Object(props.clone())),
                ],
            ));
            let uuids: Vec<&str> = members.iter().map(|p| p.uuid.as_str()).collect();
            let mut line = format!(
                "xe bond-create network-uuid=<new> pif-uuids={} mode={}",
                uuids.join(","),
                self.mode.wire()
            );
            for (k, val) in self.mode.properties() {
                line.push_str(&format!(" properties:{k}={val}"));
            }
            plan.xe.push(line);
        }
        plan.steps.push(Step::call(
            "network.remove_from_other_config",
            vec![Arg::Result(0), v(json!("XenCenterCreateInProgress"))],
        ));
    }
}

/// The bonds carrying `net` (one per server).
pub fn bonds_of(cache: &Cache, net: &Ref<Network>) -> Vec<Ref<Bond>> {
    cache
        .bonds
        .iter()
        .filter(|(_, b)| cache.pifs.get(&b.master).is_some_and(|m| m.network == *net))
        .map(|(r, _)| r.clone())
        .collect()
}

/// The VLAN tag `net` carries, if it is a VLAN network.
pub fn vlan_of(cache: &Cache, net: &Network) -> Option<i64> {
    net.pifs
        .iter()
        .filter_map(|p| cache.pifs.get(p))
        .find(|p| p.vlan >= 0)
        .map(|p| p.vlan)
}

/// Why a network cannot be deleted now.
#[derive(Debug, Clone, PartialEq)]
pub enum NetWhyNot {
    /// VMs have NICs on it (theirs).
    InUse(Vec<Ref<Vm>>),
    /// It carries a server's management or storage interface.
    Management,
    /// A physical NIC's own network (xapi keeps it while the NIC exists).
    Physical,
}

/// Whether `net` can be deleted: no VM NIC on it (xapi refuses `NETWORK_CONTAINS_VIF`
/// for a plugged one; a halted VM would keep a NIC on nothing), no management interface,
/// no physical NIC (only `PIF.forget` removes those).
pub fn can_delete(cache: &Cache, net: &Ref<Network>) -> Result<(), NetWhyNot> {
    let Some(n) = cache.networks.get(net) else {
        return Ok(());
    };
    let mut vms: Vec<Ref<Vm>> = Vec::new();
    for vif in n.vifs.iter().filter_map(|r| cache.vifs.get(r)) {
        if cache.vms.contains_key(&vif.vm) && !vms.contains(&vif.vm) {
            vms.push(vif.vm.clone());
        }
    }
    if !vms.is_empty() {
        return Err(NetWhyNot::InUse(vms));
    }
    let pifs: Vec<&Pif> = n.pifs.iter().filter_map(|p| cache.pifs.get(p)).collect();
    if pifs
        .iter()
        .any(|p| p.management || p.other_config.contains_key("management_purpose"))
    {
        return Err(NetWhyNot::Management);
    }
    if pifs
        .iter()
        .any(|p| p.physical && p.vlan < 0 && p.bond_master_of.is_empty())
    {
        return Err(NetWhyNot::Physical);
    }
    Ok(())
}

/// Delete: each VLAN (`VLAN.destroy`), each bond (`Bond.destroy`), then `network.destroy`.
pub fn delete(cache: &Cache, net: &Ref<Network>) -> Plan {
    let mut plan = Plan::default();
    let Some(n) = cache.networks.get(net) else {
        return plan;
    };
    for p in n.pifs.iter().filter_map(|p| cache.pifs.get(p)) {
        if let Some(vlan) = cache.vlans.get(&p.vlan_master_of) {
            plan.steps
                .push(Step::call("VLAN.destroy", vec![r(&p.vlan_master_of)]));
            plan.xe.push(format!("xe vlan-destroy uuid={}", vlan.uuid));
        }
    }
    for b in bonds_of(cache, net) {
        let uuid = cache
            .bonds
            .get(&b)
            .map(|b| b.uuid.clone())
            .unwrap_or_default();
        plan.steps.push(Step::call("Bond.destroy", vec![r(&b)]));
        plan.xe.push(format!("xe bond-destroy uuid={uuid}"));
    }
    plan.steps.push(Step::call("network.destroy", vec![r(net)]));
    plan.xe.push(format!("xe network-destroy uuid={}", n.uuid));
    plan
}

pub use super::net_form::NetForm;

#[cfg(test)]
#[path = "net_plans_tests.rs"]
mod tests;
