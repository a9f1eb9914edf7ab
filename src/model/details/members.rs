//! A group node's pane (the Objects view's VMs, Servers, Storage…): its members in a table,
//! as XenCenter lists a group's objects, each with its state and key figures. The members are
//! the group's children in the tree, so the View menu and the hidden-object rules are the
//! tree's; this module gives the columns and each member's values.

use super::{format_bytes, power, yes_no};
use crate::i18n::I18n;
use crate::model::names;
use crate::model::tree::Node;
use crate::model::visibility::{self as vis, ObjectType};
use i18n_embed_fl::fl;
use xenapi::Cache;

/// The column headings after the name, for a group of `ty`.
pub fn columns(i18n: &I18n, ty: ObjectType) -> Vec<String> {
    let l = &i18n.loader;
    match ty {
        ObjectType::Pool => vec![fl!(l, "prop-coordinator"), fl!(l, "prop-description")],
        ObjectType::Server => vec![
            fl!(l, "prop-state"),
            fl!(l, "prop-address"),
            fl!(l, "prop-memory"),
        ],
        ObjectType::Vm => vec![
            fl!(l, "prop-power-state"),
            fl!(l, "prop-vcpus"),
            fl!(l, "prop-memory"),
            fl!(l, "prop-ips"),
            fl!(l, "prop-host"),
        ],
        ObjectType::Snapshot => vec![fl!(l, "prop-snapshot-of"), fl!(l, "prop-snapshot-time")],
        ObjectType::UserTemplate | ObjectType::DefaultTemplate => vec![
            fl!(l, "prop-vcpus"),
            fl!(l, "prop-memory"),
            fl!(l, "prop-description"),
        ],
        ObjectType::RemoteSr => vec![
            fl!(l, "prop-type"),
            fl!(l, "prop-size"),
            fl!(l, "prop-used"),
            fl!(l, "prop-shared"),
        ],
        ObjectType::LocalSr => vec![
            fl!(l, "prop-type"),
            fl!(l, "prop-size"),
            fl!(l, "prop-used"),
            fl!(l, "prop-host"),
        ],
        ObjectType::Network => vec![fl!(l, "prop-mtu"), fl!(l, "prop-description")],
        ObjectType::Nic => vec![fl!(l, "prop-host"), fl!(l, "prop-mac"), fl!(l, "prop-ip")],
    }
}

/// One member's values, in [`columns`]' order; `None` when it is gone or not of that kind.
pub fn values(cache: &Cache, i18n: &I18n, ty: ObjectType, node: &Node) -> Option<Vec<String>> {
    let l = &i18n.loader;
    let text = |s: &str| names::visible(s);
    Some(match (ty, node) {
        (ObjectType::Pool, Node::Pool(r)) => {
            let p = cache.pools.get(r)?;
            vec![
                names::host_label(cache, &p.master),
                text(&p.name_description),
            ]
        }
        (ObjectType::Server, Node::Host(r)) => {
            let h = cache.hosts.get(r)?;
            let state = if vis::host_live(cache, r) {
                fl!(l, "host-live")
            } else {
                fl!(l, "host-not-live")
            };
            let memory = cache
                .host_metrics
                .get(&h.metrics)
                .map(|m| format_bytes(m.memory_total))
                .unwrap_or_default();
            vec![state, text(&h.address), memory]
        }
        (ObjectType::Vm, Node::Vm(r)) => {
            let vm = cache.vms.get(r)?;
            let host = vis::vm_home(cache, vm)
                .map(|h| names::host_label(cache, &h))
                .unwrap_or_default();
            vec![
                power(i18n, &vm.power_state),
                vm.vcpus_at_startup.to_string(),
                format_bytes(vm.memory_static_max),
                super::vm::ips(cache, vm, None).join(", "),
                host,
            ]
        }
        (ObjectType::Snapshot, Node::Vm(r)) => {
            let vm = cache.vms.get(r)?;
            let of = cache
                .vms
                .get(&vm.snapshot_of)
                .map(|v| names::vm_name(i18n, v))
                .unwrap_or_default();
            let time = super::vm::format_time(&vm.snapshot_time).unwrap_or_default();
            vec![of, time]
        }
        (ObjectType::UserTemplate | ObjectType::DefaultTemplate, Node::Vm(r)) => {
            let vm = cache.vms.get(r)?;
            vec![
                vm.vcpus_at_startup.to_string(),
                format_bytes(vm.memory_static_max),
                text(&vm.name_description),
            ]
        }
        (ObjectType::RemoteSr | ObjectType::LocalSr, Node::Sr(r)) => {
            let sr = cache.srs.get(r)?;
            let last = if ty == ObjectType::LocalSr {
                vis::sr_home(cache, sr)
                    .map(|h| names::host_label(cache, &h))
                    .unwrap_or_default()
            } else {
                yes_no(i18n, sr.shared)
            };
            vec![
                text(&sr.sr_type),
                format_bytes(sr.physical_size),
                format_bytes(sr.physical_utilisation),
                last,
            ]
        }
        (ObjectType::Network, Node::Network(r)) => {
            let n = cache.networks.get(r)?;
            vec![n.mtu.to_string(), text(&n.name_description)]
        }
        (ObjectType::Nic, Node::Pif(r)) => {
            let p = cache.pifs.get(r)?;
            vec![names::host_label(cache, &p.host), text(&p.mac), text(&p.ip)]
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::tree::{self, ViewKind, ViewOptions};

    #[test]
    fn every_member_of_every_group_has_a_value_per_column() {
        let cache = xapidb::cache_of(&demo::demo_pool());
        for lang in ["en-US", "ja"] {
            let i18n = I18n::new(lang);
            let all = ViewOptions {
                default_templates: true,
                show_hidden: true,
                ..ViewOptions::default()
            };
            for g in tree::build(&cache, &i18n, ViewKind::Objects, all) {
                let Node::Group(ty) = g.node else {
                    panic!("{} is not a group", g.label)
                };
                let n = columns(&i18n, ty).len();
                for m in &g.children {
                    let v = values(&cache, &i18n, ty, &m.node);
                    assert_eq!(v.map(|v| v.len()), Some(n), "{lang} {ty:?} {}", m.label);
                }
            }
        }
    }

    #[test]
    fn vms_show_state_and_key_figures() {
        let cache = xapidb::cache_of(&demo::demo_pool());
        let i18n = I18n::new("en-US");
        let (r, _) = cache
            .vms
            .iter()
            .find(|(_, v)| v.name_label == "web-01")
            .expect("web-01");
        let v = values(&cache, &i18n, ObjectType::Vm, &Node::Vm(r.clone())).expect("values");
        assert_eq!(
            v,
            ["Running", "2", "4.0 GiB", "192.168.20.22", "xcp-host-01"]
        );
        assert_eq!(
            values(&cache, &i18n, ObjectType::Server, &Node::Vm(r.clone())),
            None,
            "a VM is not a server"
        );
        let (h, _) = cache.hosts.iter().next().expect("a host");
        let v = values(&cache, &i18n, ObjectType::Server, &Node::Host(h.clone()));
        assert_eq!(v.expect("values")[0], "Live");
    }
}
