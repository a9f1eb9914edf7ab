//! The Storage and Networking tabs as XenCenter draws them: tables, one row per object, each
//! row a click away from the object itself.
//!
//! - Storage: a VM's drives (position, disk, size, SR, read/write mode, type), an SR's disks
//!   (name, size, space used, the VMs using it), a host's SRs (name, type, shared, size,
//!   used).
//! - Networking: a VM's NICs (device, MAC, network, MTU, attached, IP addresses), a host's
//!   interfaces and a pool's networks ([`super::net_tables`]), a network's VM NICs.
//!
//! The same visibility rules as the tree apply (hidden disks and NICs with Show Hidden
//! Objects only).

use super::details::format_bytes;
use super::details::vm::ips;
use super::names;
use super::tabs::DetailsTab;
use super::tree::Node;
use super::visibility as vis;
use crate::i18n::I18n;
use xenapi::Cache;

/// A table: localized column titles, then rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub columns: Vec<String>,
    /// Relative column widths.
    pub weights: Vec<f32>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What a click selects.
    pub node: Node,
    pub cells: Vec<String>,
    /// A hidden object, drawn faded.
    pub greyed: bool,
}

fn cols(i18n: &I18n, ids: &[(&str, f32)]) -> (Vec<String>, Vec<f32>) {
    ids.iter().map(|(id, w)| (i18n.get(id), *w)).unzip()
}

fn yes_no(i18n: &I18n, b: bool) -> String {
    i18n.get(if b { "yes" } else { "no" })
}

/// The table of `tab` for `node`; `None` when the node has no such table (or is gone).
pub fn table(
    cache: &Cache,
    i18n: &I18n,
    node: &Node,
    tab: DetailsTab,
    show_hidden: bool,
) -> Option<Table> {
    let mut t = match (tab, node) {
        (DetailsTab::Storage, Node::Vm(r)) => vm_disks(cache, i18n, cache.vms.get(r)?, show_hidden),
        (DetailsTab::Storage, Node::Sr(r)) => sr_disks(cache, i18n, cache.srs.get(r)?, show_hidden),
        (DetailsTab::Storage, Node::Host(r)) => host_srs(cache, i18n, r, show_hidden),
        (DetailsTab::Networking, Node::Vm(r)) => vm_nics(cache, i18n, cache.vms.get(r)?),
        (DetailsTab::Networking, Node::Host(r)) => {
            super::net_tables::host_pifs(cache, i18n, r, show_hidden)
        }
        (DetailsTab::Networking, Node::Pool(_)) => {
            super::net_tables::pool_networks(cache, i18n, show_hidden)
        }
        (DetailsTab::Networking, Node::Network(r)) => {
            network_vifs(cache, i18n, cache.networks.get(r)?)
        }
        _ => return None,
    };
    // A host's NICs in XenCenter's order (by number, bonds last); the rest by first column.
    let key = |r: &Row| match &r.node {
        Node::Pif(p) if matches!(node, Node::Host(_)) => cache
            .pifs
            .get(p)
            .map(|pif| names::pif_sort_key(cache, pif))
            .unwrap_or_default(),
        _ => r.cells.first().cloned().unwrap_or_default(),
    };
    t.rows
        .sort_by(|a, b| super::natural::compare(&key(a), &key(b)));
    Some(t)
}

fn vm_disks(cache: &Cache, i18n: &I18n, vm: &xenapi::Vm, show_hidden: bool) -> Table {
    let (columns, weights) = cols(
        i18n,
        &[
            ("col-position", 0.7),
            ("col-name", 1.7),
            ("col-size", 0.8),
            ("col-sr", 1.6),
            ("col-mode", 0.9),
            ("col-drive-type", 0.7),
            ("col-attached", 0.8),
            // "Moves with the VM" whole at the pane's usual width.
            ("col-migration", 1.7),
        ],
    );
    let mut rows = Vec::new();
    for (vbd_ref, vbd) in vm
        .vbds
        .iter()
        .filter_map(|b| cache.vbds.get(b).map(|v| (b, v)))
    {
        let vdi = cache.vdis.get(&vbd.vdi);
        if vdi.is_some_and(|v| !vis::vdi_shown(v, show_hidden)) {
            continue;
        }
        let (name, size, sr, node, greyed) = match vdi {
            Some(v) => (
                names::visible(&v.name_label),
                format_bytes(v.virtual_size),
                cache
                    .srs
                    .get(&v.sr)
                    .map(|s| names::sr_name(i18n, cache, s))
                    .unwrap_or_default(),
                Node::Vdi(vbd.vdi.clone()),
                vis::is_flag_hidden(&v.other_config),
            ),
            // An empty CD drive: nothing to select but the VM.
            None => (
                i18n.get("drive-empty"),
                String::new(),
                String::new(),
                Node::Vm(vbd.vm.clone()),
                false,
            ),
        };
        let mode = i18n.get(if vbd.mode == "RO" {
            "mode-ro"
        } else {
            "mode-rw"
        });
        rows.push(Row {
            node,
            cells: vec![
                names::visible(&vbd.userdevice),
                name,
                size,
                sr,
                mode,
                names::visible(&vbd.vbd_type),
                yes_no(i18n, vbd.currently_attached),
                i18n.get(super::migrate_blockers::cell_id(
                    &super::migrate_blockers::mobility(cache, vbd_ref),
                )),
            ],
            greyed,
        });
    }
    Table {
        columns,
        weights,
        rows,
    }
}

fn sr_disks(cache: &Cache, i18n: &I18n, sr: &xenapi::Sr, show_hidden: bool) -> Table {
    let (columns, weights) = cols(
        i18n,
        &[
            ("col-name", 2.0),
            ("col-size", 0.9),
            ("col-used", 0.9),
            ("col-vms", 2.0),
        ],
    );
    let rows = sr
        .vdis
        .iter()
        .filter_map(|r| cache.vdis.get(r).map(|v| (r, v)))
        .filter(|(_, v)| vis::vdi_shown(v, show_hidden))
        .map(|(r, v)| {
            let vms: Vec<String> = v
                .vbds
                .iter()
                .filter_map(|b| cache.vbds.get(b))
                .filter_map(|b| cache.vms.get(&b.vm))
                .map(|vm| names::vm_name(i18n, vm))
                .collect();
            Row {
                node: Node::Vdi(r.clone()),
                cells: vec![
                    names::visible(&v.name_label),
                    format_bytes(v.virtual_size),
                    format_bytes(v.physical_utilisation),
                    vms.join(", "),
                ],
                greyed: vis::is_flag_hidden(&v.other_config),
            }
        })
        .collect();
    Table {
        columns,
        weights,
        rows,
    }
}

fn host_srs(
    cache: &Cache,
    i18n: &I18n,
    host: &xenapi::Ref<xenapi::Host>,
    show_hidden: bool,
) -> Table {
    let (columns, weights) = cols(
        i18n,
        &[
            ("col-name", 2.0),
            ("col-sr-type", 0.8),
            ("col-shared", 0.7),
            ("col-size", 0.9),
            ("col-used", 0.9),
        ],
    );
    let mut seen = std::collections::HashSet::new();
    let rows = cache
        .pbds
        .values()
        .filter(|p| p.host == *host)
        .filter_map(|p| cache.srs.get(&p.sr).map(|s| (&p.sr, s)))
        .filter(|(_, s)| vis::sr_shown(s, show_hidden))
        .filter(|(r, _)| seen.insert((*r).clone()))
        .map(|(r, s)| Row {
            node: Node::Sr(r.clone()),
            cells: vec![
                names::sr_name(i18n, cache, s),
                names::visible(&s.sr_type),
                yes_no(i18n, s.shared),
                format_bytes(s.physical_size),
                format_bytes(s.physical_utilisation),
            ],
            greyed: vis::is_flag_hidden(&s.other_config),
        })
        .collect();
    Table {
        columns,
        weights,
        rows,
    }
}

fn vm_nics(cache: &Cache, i18n: &I18n, vm: &xenapi::Vm) -> Table {
    let (columns, weights) = cols(
        i18n,
        &[
            ("col-device", 0.7),
            ("col-mac", 1.4),
            ("col-network", 1.8),
            ("col-mtu", 0.7),
            ("col-attached", 0.8),
            ("col-ips", 2.0),
        ],
    );
    let rows = vm
        .vifs
        .iter()
        .filter_map(|r| cache.vifs.get(r).map(|v| (r, v)))
        .map(|(r, v)| Row {
            node: Node::Vif(r.clone()),
            cells: vec![
                names::visible(&v.device),
                names::visible(&v.mac),
                cache
                    .networks
                    .get(&v.network)
                    .map(|n| names::network_name(i18n, cache, n))
                    .unwrap_or_default(),
                v.mtu.to_string(),
                yes_no(i18n, v.currently_attached),
                ips(cache, vm, Some(&v.device)).join(", "),
            ],
            greyed: false,
        })
        .collect();
    Table {
        columns,
        weights,
        rows,
    }
}

/// A network's NICs: the hosts' (named "host · NIC 0") and the VMs'.
fn network_vifs(cache: &Cache, i18n: &I18n, net: &xenapi::Network) -> Table {
    let (columns, weights) = cols(
        i18n,
        &[
            ("col-name", 2.0),
            ("col-device", 0.7),
            ("col-mac", 1.4),
            ("col-mtu", 0.7),
            ("col-attached", 0.8),
        ],
    );
    let pifs = net
        .pifs
        .iter()
        .filter_map(|r| cache.pifs.get(r).map(|p| (r, p)))
        .map(|(r, p)| Row {
            node: Node::Pif(r.clone()),
            cells: vec![
                format!(
                    "{} · {}",
                    names::host_label(cache, &p.host),
                    names::pif_name(i18n, cache, p)
                ),
                names::visible(&p.device),
                names::visible(&p.mac),
                p.mtu.to_string(),
                yes_no(i18n, p.currently_attached),
            ],
            greyed: vis::is_flag_hidden(&p.other_config),
        });
    let vifs = net
        .vifs
        .iter()
        .filter_map(|r| cache.vifs.get(r).map(|v| (r, v)))
        .map(|(r, v)| Row {
            node: Node::Vif(r.clone()),
            cells: vec![
                cache
                    .vms
                    .get(&v.vm)
                    .map(|vm| names::vm_name(i18n, vm))
                    .unwrap_or_default(),
                names::visible(&v.device),
                names::visible(&v.mac),
                v.mtu.to_string(),
                yes_no(i18n, v.currently_attached),
            ],
            greyed: false,
        });
    Table {
        columns,
        weights,
        rows: pifs.chain(vifs).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    #[test]
    fn a_vm_storage_tab_lists_its_drives_with_size_sr_and_mode() {
        let (c, i18n) = (demo(), I18n::new("en-US"));
        let (r, vm) = c
            .vms
            .iter()
            .find(|(_, v)| {
                !v.is_a_template && !v.is_control_domain && !v.is_a_snapshot && !v.vbds.is_empty()
            })
            .expect("a guest with disks");
        let t = table(&c, &i18n, &Node::Vm(r.clone()), DetailsTab::Storage, false).expect("table");
        assert_eq!(t.columns.len(), t.weights.len());
        assert_eq!(t.rows.len(), vm.vbds.len());
        let disk = t
            .rows
            .iter()
            .find(|row| matches!(row.node, Node::Vdi(_)))
            .expect("a disk");
        assert!(disk.cells[2].ends_with("iB"), "size: {:?}", disk.cells);
        assert!(!disk.cells[3].is_empty(), "SR named: {:?}", disk.cells);
        assert!(disk.cells[4] == "Read/write" || disk.cells[4] == "Read-only");
        // Whether the drive stops the VM moving to another server.
        let migration = ["Any server", "Moves with the VM", "Blocks"];
        assert!(
            migration.contains(&disk.cells[7].as_str()),
            "{:?}",
            disk.cells
        );
    }

    #[test]
    fn a_host_networking_tab_lists_its_nics_and_a_vm_its_vifs() {
        let (c, i18n) = (demo(), I18n::new("en-US"));
        let (h, _) = c.hosts.iter().next().expect("a host");
        let t = table(
            &c,
            &i18n,
            &Node::Host(h.clone()),
            DetailsTab::Networking,
            false,
        )
        .expect("table");
        assert!(!t.rows.is_empty() && t.rows.iter().all(|r| matches!(r.node, Node::Pif(_))));
        let (r, vm) = c
            .vms
            .iter()
            .find(|(_, v)| !v.is_a_template && !v.vifs.is_empty())
            .expect("a VM with NICs");
        let t = table(
            &c,
            &i18n,
            &Node::Vm(r.clone()),
            DetailsTab::Networking,
            false,
        )
        .expect("table");
        assert_eq!(t.rows.len(), vm.vifs.len());
        assert!(
            t.rows[0].cells[1].contains(':'),
            "a MAC: {:?}",
            t.rows[0].cells
        );
        let t = table(
            &c,
            &i18n,
            &Node::Host(h.clone()),
            DetailsTab::Storage,
            false,
        )
        .expect("table");
        assert!(t.rows.iter().all(|r| matches!(r.node, Node::Sr(_))) && !t.rows.is_empty());
    }
}
