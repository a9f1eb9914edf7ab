//! The network Properties form: what it shows of a network and the plan of only the fields
//! the user changed (split from `net_plans`, which makes and deletes networks).

use super::net_plans::{AUTOMATIC, BondMode, NetInvalid, bonds_of, mtu_of};
use super::vm_plans::{Arg, Plan, Step, name_steps};
use serde_json::{Value, json};
use xenapi::{Cache, Network, Ref};

fn r<T>(x: &Ref<T>) -> Arg {
    Arg::Value(Value::String(x.as_str().into()))
}

fn v(x: Value) -> Arg {
    Arg::Value(x)
}

/// What the network Properties dialog edits.
#[derive(Debug, Clone, PartialEq)]
pub struct NetForm {
    pub name: String,
    pub description: String,
    pub mtu: String,
    /// One entry per tag (a tag may hold a comma).
    pub tags: Vec<String>,
    pub auto_add: bool,
    /// A bonded network's mode.
    pub mode: Option<BondMode>,
}

impl NetForm {
    pub fn of(cache: &Cache, net: &Ref<Network>) -> Option<NetForm> {
        let n = cache.networks.get(net)?;
        let mode = bonds_of(cache, net).first().and_then(|b| {
            let bond = cache.bonds.get(b)?;
            let hashing = bond.properties.get("hashing_algorithm").map(String::as_str);
            Some(BondMode::of(bond, hashing))
        });
        Some(NetForm {
            name: n.name_label.clone(),
            description: n.name_description.clone(),
            mtu: n.mtu.to_string(),
            tags: n.tags.clone(),
            auto_add: n.other_config.get(AUTOMATIC).map(String::as_str) != Some("false"),
            mode,
        })
    }

    pub fn invalid(&self) -> Option<NetInvalid> {
        if self.name.trim().is_empty() {
            return Some(NetInvalid::Name);
        }
        mtu_of(&self.mtu).is_none().then_some(NetInvalid::Mtu)
    }

    /// The calls for what changed from `was`, and only that: a tag added or removed, not
    /// the whole list; the `automatic` key, not the whole map.
    pub fn plan(&self, cache: &Cache, net: &Ref<Network>, was: &NetForm) -> Plan {
        let mut plan = Plan::default();
        let uuid = cache
            .networks
            .get(net)
            .map(|n| n.uuid.clone())
            .unwrap_or_default();
        name_steps(
            &mut plan,
            "network",
            r(net),
            &uuid,
            (&was.name, &was.description),
            self.name.trim(),
            self.description.trim(),
        );
        if let (Some(new), Some(old)) = (mtu_of(&self.mtu), mtu_of(&was.mtu))
            && new != old
        {
            plan.steps
                .push(Step::call("network.set_MTU", vec![r(net), v(json!(new))]));
            plan.xe
                .push(format!("xe network-param-set uuid={uuid} MTU={new}"));
        }
        let t = super::folders::Target {
            class: "network",
            r: net.as_str().to_string(),
            uuid: uuid.to_string(),
        };
        let edit = super::tags::edit_plan(&t, &was.tags, &self.tags);
        plan.steps.extend(edit.steps);
        plan.xe.extend(edit.xe);
        if self.auto_add != was.auto_add {
            plan.steps.push(Step::call(
                "network.remove_from_other_config",
                vec![r(net), v(json!(AUTOMATIC))],
            ));
            if self.auto_add {
                plan.xe.push(format!(
                    "xe network-param-remove uuid={uuid} param-name=other-config param-key={AUTOMATIC}"
                ));
            } else {
                plan.steps.push(Step::call(
                    "network.add_to_other_config",
                    vec![r(net), v(json!(AUTOMATIC)), v(json!("false"))],
                ));
                plan.xe.push(format!(
                    "xe network-param-set uuid={uuid} other-config:{AUTOMATIC}=false"
                ));
            }
        }
        if let (Some(new), Some(old)) = (self.mode, was.mode)
            && new != old
        {
            for b in bonds_of(cache, net) {
                let buuid = cache
                    .bonds
                    .get(&b)
                    .map(|b| b.uuid.clone())
                    .unwrap_or_default();
                if new.wire() != old.wire() {
                    plan.steps.push(Step::call(
                        "Bond.set_mode",
                        vec![r(&b), v(json!(new.wire()))],
                    ));
                    plan.xe
                        .push(format!("xe bond-set-mode uuid={buuid} mode={}", new.wire()));
                }
                for (k, val) in new.properties() {
                    plan.steps.push(Step::call(
                        "Bond.set_property",
                        vec![r(&b), v(json!(k)), v(json!(val))],
                    ));
                    plan.xe.push(format!(
                        "xe bond-param-set uuid={buuid} properties:{k}={val}"
                    ));
                }
            }
        }
        plan
    }
}
