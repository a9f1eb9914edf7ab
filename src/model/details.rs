//! What the details pane shows for the selected object: localized general properties, the
//! `other_config` table, and lists of related objects that can be selected in turn. The same
//! visibility rules as the tree apply to the lists.

use super::mtu;
use super::names;
use super::tree::Node;
use super::visibility as vis;
use crate::i18n::I18n;
use crate::xenapi::records::{PowerState, StringMap};
use crate::xenapi::{Cache, Ref, Vm};
use i18n_embed_fl::fl;

#[derive(Debug, Clone, PartialEq)]
pub struct ListEntry {
    pub node: Node,
    pub label: String,
    pub greyed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DetailList {
    pub title: String,
    pub entries: Vec<ListEntry>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Details {
    /// "VM: web-01"-style heading parts: kind and display name.
    pub kind: String,
    pub title: String,
    pub props: Vec<(String, String)>,
    pub other_config: Vec<(String, String)>,
    pub lists: Vec<DetailList>,
}

/// Bytes in binary units ("4 GiB"), one decimal below 10.
pub fn format_bytes(n: i64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut v = n.max(0) as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 || v >= 10.0 {
        format!("{v:.0} {}", UNITS[u])
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn power(i18n: &I18n, p: &PowerState) -> String {
    let l = &i18n.loader;
    match p {
        PowerState::Running => fl!(l, "power-running"),
        PowerState::Halted => fl!(l, "power-halted"),
        PowerState::Suspended => fl!(l, "power-suspended"),
        PowerState::Paused => fl!(l, "power-paused"),
        _ => fl!(l, "power-unknown"),
    }
}

fn yes_no(i18n: &I18n, b: bool) -> String {
    if b {
        fl!(i18n.loader, "yes")
    } else {
        fl!(i18n.loader, "no")
    }
}

fn table(m: &StringMap) -> Vec<(String, String)> {
    m.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

fn vm_label(i18n: &I18n, vm: &Vm) -> String {
    let name = names::vm_name(i18n, vm);
    if vis::is_flag_hidden(&vm.other_config) {
        i18n.hidden(&name)
    } else {
        name
    }
}

/// The details of `node`, or `None` when it no longer exists.
pub fn details(cache: &Cache, i18n: &I18n, node: &Node, show_hidden: bool) -> Option<Details> {
    let l = &i18n.loader;
    let mut d = Details::default();
    let sort = |v: &mut Vec<ListEntry>| {
        v.sort_by(|a, b| super::natural::compare(&a.label, &b.label));
    };
    match node {
        Node::Group(_) | Node::Conn(_) => return None,
        Node::Pool(r) => {
            let p = cache.pools.get(r)?;
            d.kind = fl!(l, "kind-pool");
            d.title = names::pool_name(cache, p);
            d.props.push((fl!(l, "prop-name"), d.title.clone()));
            d.props
                .push((fl!(l, "prop-description"), p.name_description.clone()));
            d.props.push((
                fl!(l, "prop-coordinator"),
                names::host_label(cache, &p.master),
            ));
            d.props.push((fl!(l, "prop-uuid"), p.uuid.clone()));
            d.other_config = table(&p.other_config);
        }
        Node::Host(r) => {
            let h = cache.hosts.get(r)?;
            d.kind = fl!(l, "kind-host");
            d.title = names::host_name(h);
            d.props.push((fl!(l, "prop-name"), names::host_name(h)));
            d.props
                .push((fl!(l, "prop-description"), h.name_description.clone()));
            d.props.push((fl!(l, "prop-address"), h.address.clone()));
            if let Some(m) = cache.host_metrics.get(&h.metrics) {
                d.props
                    .push((fl!(l, "prop-memory"), format_bytes(m.memory_total)));
            }
            d.props.push((
                fl!(l, "prop-api"),
                format!("{}.{}", h.api_version_major, h.api_version_minor),
            ));
            d.props.push((fl!(l, "prop-uuid"), h.uuid.clone()));
            d.other_config = table(&h.other_config);
            // Physical NICs and bonds, as XenCenter's NICs tab (VLAN PIFs are on their networks).
            let mut nics: Vec<ListEntry> = h
                .pifs
                .iter()
                .filter_map(|p| cache.pifs.get(p).map(|pif| (p, pif)))
                .filter(|(_, pif)| pif.physical || !pif.bond_master_of.is_empty())
                .filter(|(_, pif)| vis::pif_shown(pif, show_hidden))
                .map(|(p, pif)| ListEntry {
                    node: Node::Pif(p.clone()),
                    label: names::pif_name(i18n, cache, pif),
                    greyed: vis::is_flag_hidden(&pif.other_config),
                })
                .collect();
            sort(&mut nics);
            d.lists.push(DetailList {
                title: fl!(l, "list-pifs"),
                entries: nics,
            });
        }
        Node::Vm(r) => {
            let vm = cache.vms.get(r)?;
            d.kind = match vis::vm_type(vm) {
                Some(vis::ObjectType::Snapshot) => fl!(l, "kind-snapshot"),
                Some(vis::ObjectType::UserTemplate | vis::ObjectType::DefaultTemplate) => {
                    fl!(l, "kind-template")
                }
                _ => fl!(l, "kind-vm"),
            };
            d.title = names::vm_name(i18n, vm);
            d.props.push((fl!(l, "prop-name"), d.title.clone()));
            d.props
                .push((fl!(l, "prop-description"), vm.name_description.clone()));
            if !vm.is_a_template {
                d.props
                    .push((fl!(l, "prop-power-state"), power(i18n, &vm.power_state)));
            }
            if let Some(h) = vis::vm_home(cache, vm) {
                d.props
                    .push((fl!(l, "prop-host"), names::host_label(cache, &h)));
            }
            if vm.is_a_snapshot
                && let Some(of) = cache.vms.get(&vm.snapshot_of)
            {
                d.props
                    .push((fl!(l, "prop-snapshot-of"), names::vm_name(i18n, of)));
            }
            d.props
                .push((fl!(l, "prop-memory"), format_bytes(vm.memory_static_max)));
            d.props
                .push((fl!(l, "prop-vcpus"), vm.vcpus_at_startup.to_string()));
            if let Some(g) = cache.vm_guest_metrics.get(&vm.guest_metrics) {
                let os = g
                    .os_version
                    .get("name")
                    .or_else(|| g.os_version.get("distro"))
                    .cloned()
                    .unwrap_or_default();
                if !os.is_empty() {
                    d.props.push((fl!(l, "prop-os"), os));
                }
            }
            if vis::is_flag_hidden(&vm.other_config) {
                d.props.push((fl!(l, "prop-hidden"), yes_no(i18n, true)));
            }
            d.props.push((fl!(l, "prop-uuid"), vm.uuid.clone()));
            d.other_config = table(&vm.other_config);
            let mut nics: Vec<ListEntry> = vm
                .vifs
                .iter()
                .filter_map(|v| cache.vifs.get(v).map(|vif| (v, vif)))
                .map(|(v, vif)| {
                    let net = cache
                        .networks
                        .get(&vif.network)
                        .map(|n| names::network_name(i18n, cache, n))
                        .unwrap_or_default();
                    ListEntry {
                        node: Node::Vif(v.clone()),
                        label: format!("{} · {} · {}", vif.device, vif.mac, net),
                        greyed: false,
                    }
                })
                .collect();
            sort(&mut nics);
            let mut disks: Vec<ListEntry> = vm
                .vbds
                .iter()
                .filter_map(|b| cache.vbds.get(b))
                .filter_map(|vbd| cache.vdis.get(&vbd.vdi).map(|vdi| (vbd, vdi)))
                .filter(|(_, vdi)| vis::vdi_shown(vdi, show_hidden))
                .map(|(vbd, vdi)| {
                    let name = if vis::is_flag_hidden(&vdi.other_config) {
                        i18n.hidden(&names::visible(&vdi.name_label))
                    } else {
                        names::visible(&vdi.name_label)
                    };
                    ListEntry {
                        node: Node::Vdi(vbd.vdi.clone()),
                        label: format!(
                            "{} · {} · {}",
                            vbd.userdevice,
                            name,
                            format_bytes(vdi.virtual_size)
                        ),
                        greyed: vis::is_flag_hidden(&vdi.other_config),
                    }
                })
                .collect();
            sort(&mut disks);
            d.lists.push(DetailList {
                title: fl!(l, "list-nics"),
                entries: nics,
            });
            d.lists.push(DetailList {
                title: fl!(l, "list-disks"),
                entries: disks,
            });
        }
        Node::Sr(r) => {
            let sr = cache.srs.get(r)?;
            d.kind = fl!(l, "kind-sr");
            d.title = names::sr_name(i18n, cache, sr);
            d.props.push((fl!(l, "prop-name"), d.title.clone()));
            d.props.push((
                fl!(l, "prop-description"),
                names::sr_description(i18n, cache, sr),
            ));
            d.props.push((fl!(l, "prop-type"), sr.sr_type.clone()));
            d.props
                .push((fl!(l, "prop-size"), format_bytes(sr.physical_size)));
            d.props
                .push((fl!(l, "prop-used"), format_bytes(sr.physical_utilisation)));
            d.props
                .push((fl!(l, "prop-shared"), yes_no(i18n, sr.shared)));
            if let Some(h) = vis::sr_home(cache, sr) {
                d.props
                    .push((fl!(l, "prop-host"), names::host_label(cache, &h)));
            }
            if vis::is_flag_hidden(&sr.other_config) {
                d.props.push((fl!(l, "prop-hidden"), yes_no(i18n, true)));
            }
            d.props.push((fl!(l, "prop-uuid"), sr.uuid.clone()));
            d.other_config = table(&sr.other_config);
        }
        Node::Network(r) => {
            let n = cache.networks.get(r)?;
            d.kind = fl!(l, "kind-network");
            d.title = names::network_name(i18n, cache, n);
            d.props.push((fl!(l, "prop-name"), d.title.clone()));
            d.props
                .push((fl!(l, "prop-description"), n.name_description.clone()));
            d.props.push((fl!(l, "prop-mtu"), n.mtu.to_string()));
            d.props.push((fl!(l, "prop-uuid"), n.uuid.clone()));
            d.other_config = table(&n.other_config);
            let mut pifs: Vec<ListEntry> = n
                .pifs
                .iter()
                .filter_map(|p| cache.pifs.get(p).map(|pif| (p, pif)))
                .filter(|(_, pif)| vis::pif_shown(pif, show_hidden))
                .map(|(p, pif)| {
                    let nic = names::pif_name(i18n, cache, pif);
                    let host = names::host_label(cache, &pif.host);
                    ListEntry {
                        node: Node::Pif(p.clone()),
                        label: i18n.get_args(
                            "nic-on-host",
                            &[("nic", nic.as_str()), ("host", host.as_str())],
                        ),
                        greyed: vis::is_flag_hidden(&pif.other_config),
                    }
                })
                .collect();
            sort(&mut pifs);
            let mut vifs: Vec<ListEntry> = n
                .vifs
                .iter()
                .filter_map(|v| cache.vifs.get(v).map(|vif| (v, vif)))
                .filter_map(|(v, vif)| {
                    let vm = cache.vms.get(&vif.vm)?;
                    vis::vm_shown(vm, show_hidden).then(|| ListEntry {
                        node: Node::Vif(v.clone()),
                        label: format!("{} · {}", vm_label(i18n, vm), vif.device),
                        greyed: vis::is_flag_hidden(&vm.other_config),
                    })
                })
                .collect();
            sort(&mut vifs);
            d.lists.push(DetailList {
                title: fl!(l, "list-pifs"),
                entries: pifs,
            });
            d.lists.push(DetailList {
                title: fl!(l, "list-vifs"),
                entries: vifs,
            });
        }
        Node::Pif(r) => {
            let p = cache.pifs.get(r)?;
            d.kind = fl!(l, "kind-pif");
            d.title = names::pif_name(i18n, cache, p);
            d.props.push((fl!(l, "prop-device"), p.device.clone()));
            d.props
                .push((fl!(l, "prop-host"), names::host_label(cache, &p.host)));
            d.props.push((fl!(l, "prop-mac"), p.mac.clone()));
            d.props
                .push((fl!(l, "prop-mtu"), mtu::of_pif(i18n, cache, p)));
            network_prop(&mut d, cache, i18n, &p.network);
            if p.vlan >= 0 {
                d.props.push((fl!(l, "prop-vlan"), p.vlan.to_string()));
            }
            if !p.ip.is_empty() {
                d.props.push((fl!(l, "prop-ip"), p.ip.clone()));
            }
            d.props
                .push((fl!(l, "prop-management"), yes_no(i18n, p.management)));
            d.props.push((fl!(l, "prop-uuid"), p.uuid.clone()));
            d.other_config = table(&p.other_config);
        }
        Node::Vif(r) => {
            let v = cache.vifs.get(r)?;
            d.kind = fl!(l, "kind-vif");
            d.title = v.device.clone();
            d.props.push((fl!(l, "prop-device"), v.device.clone()));
            if let Some(vm) = cache.vms.get(&v.vm) {
                d.props.push((fl!(l, "prop-vm"), vm_label(i18n, vm)));
                d.title = format!("{} · {}", names::vm_name(i18n, vm), v.device);
            }
            d.props.push((fl!(l, "prop-mac"), v.mac.clone()));
            d.props
                .push((fl!(l, "prop-mtu"), mtu::of_vif(i18n, cache, v)));
            network_prop(&mut d, cache, i18n, &v.network);
            d.props.push((fl!(l, "prop-uuid"), v.uuid.clone()));
            d.other_config = table(&v.other_config);
        }
        Node::Vdi(r) => {
            let v = cache.vdis.get(r)?;
            d.kind = fl!(l, "kind-vdi");
            d.title = names::visible(&v.name_label);
            d.props
                .push((fl!(l, "prop-name"), names::visible(&v.name_label)));
            d.props
                .push((fl!(l, "prop-description"), v.name_description.clone()));
            d.props
                .push((fl!(l, "prop-size"), format_bytes(v.virtual_size)));
            if let Some(sr) = cache.srs.get(&v.sr) {
                d.props
                    .push((fl!(l, "prop-sr"), names::sr_name(i18n, cache, sr)));
            }
            d.props.push((fl!(l, "prop-uuid"), v.uuid.clone()));
            d.other_config = table(&v.other_config);
        }
    }
    Some(d)
}

fn network_prop(d: &mut Details, cache: &Cache, i18n: &I18n, r: &Ref<crate::xenapi::Network>) {
    if let Some(n) = cache.networks.get(r) {
        d.props.push((
            fl!(i18n.loader, "prop-network"),
            names::network_name(i18n, cache, n),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::format_bytes;

    #[test]
    fn bytes_use_binary_units() {
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(1536), "1.5 KiB");
        assert_eq!(format_bytes(4 << 30), "4.0 GiB");
        assert_eq!(format_bytes(500 << 30), "500 GiB");
        assert_eq!(format_bytes(-5), "0 B");
    }
}
