//! The Networking tabs of a server (its interfaces: VLAN, bond, management or storage
//! role, address, MTU, link, speed) and of a pool (its networks with their VLAN and bond),
//! as tables of [`super::tab_tables`].

use super::names;
use super::net_plans;
use super::tab_tables::{Row, Table};
use super::tree::Node;
use super::visibility as vis;
use crate::i18n::I18n;
use xenapi::{Cache, Host, Network, Pif, Ref};

fn cols(i18n: &I18n, ids: &[(&str, f32)]) -> (Vec<String>, Vec<f32>) {
    ids.iter().map(|(id, w)| (i18n.get(id), *w)).unzip()
}

/// The bond a PIF masters or joins, in words ("Bond 2+3", or "in Bond 2+3").
fn bond_cell(i18n: &I18n, cache: &Cache, p: &Pif) -> String {
    if let Some(b) = p.bond_master_of.first().and_then(|b| cache.bonds.get(b)) {
        return i18n.get(
            net_plans::BondMode::of(b, b.properties.get("hashing_algorithm").map(String::as_str))
                .label_id(),
        );
    }
    cache
        .bonds
        .get(&p.bond_slave_of)
        .and_then(|b| cache.pifs.get(&b.master))
        .map(|m| i18n.get_args("net-in-bond", &[("bond", &names::pif_name(i18n, cache, m))]))
        .unwrap_or_default()
}

/// What the interface is for: management, storage (its purpose), or nothing.
fn role_cell(i18n: &I18n, p: &Pif) -> String {
    if p.management {
        return i18n.get("net-role-management");
    }
    match p.other_config.get("management_purpose") {
        Some(purpose) => i18n.get_args("net-role-storage", &[("purpose", purpose)]),
        None if !p.ip.is_empty() => i18n.get_args("net-role-storage", &[("purpose", "")]),
        None => String::new(),
    }
}

/// A server's interfaces, VLAN ones included.
pub fn host_pifs(cache: &Cache, i18n: &I18n, host: &Ref<Host>, show_hidden: bool) -> Table {
    let (columns, weights) = cols(
        i18n,
        &[
            ("col-name", 1.5),
            ("col-network", 1.5),
            ("col-vlan", 0.5),
            ("col-bond", 1.2),
            ("col-role", 1.1),
            ("col-ip", 1.5),
            ("col-mtu", 0.6),
            ("col-connected", 0.6),
            ("col-speed", 0.9),
        ],
    );
    let rows = cache
        .pifs
        .iter()
        .filter(|(_, p)| p.host == *host && vis::pif_shown(p, show_hidden))
        .map(|(r, p)| {
            let m = cache.pif_metrics.get(&p.metrics);
            let speed = m
                .filter(|m| m.speed > 0 && p.physical)
                .map(|m| speed_text(i18n, m.speed))
                .unwrap_or_default();
            let ip = if p.ip.is_empty() {
                String::new()
            } else if p.ip_configuration_mode.eq_ignore_ascii_case("DHCP") {
                i18n.get_args("net-ip-dhcp", &[("ip", &p.ip)])
            } else {
                p.ip.clone()
            };
            Row {
                node: Node::Pif(r.clone()),
                cells: vec![
                    names::pif_name(i18n, cache, p),
                    cache
                        .networks
                        .get(&p.network)
                        .map(|n| names::network_name(i18n, cache, n))
                        .unwrap_or_default(),
                    if p.vlan >= 0 {
                        p.vlan.to_string()
                    } else {
                        String::new()
                    },
                    bond_cell(i18n, cache, p),
                    role_cell(i18n, p),
                    ip,
                    p.mtu.to_string(),
                    m.map(|m| i18n.get(if m.carrier { "yes" } else { "no" }))
                        .unwrap_or_default(),
                    speed,
                ],
                greyed: vis::is_flag_hidden(&p.other_config),
            }
        })
        .collect();
    Table {
        columns,
        weights,
        rows,
    }
}

/// The NICs a network is on, in words: "NIC 1 (VLAN 42)", "Bond 2+3", or none (private).
fn on_cell(i18n: &I18n, cache: &Cache, net: &Network) -> String {
    let master = net_plans::coordinator(cache);
    let pifs: Vec<&Pif> = net.pifs.iter().filter_map(|p| cache.pifs.get(p)).collect();
    let Some(p) = pifs
        .iter()
        .find(|p| Some(&p.host) == master.as_ref())
        .or(pifs.first())
    else {
        return i18n.get("net-private");
    };
    let name = names::pif_name(i18n, cache, p);
    i18n.get_counted("net-on-hosts", pifs.len(), &[("nic", &name)])
}

/// A link speed (xapi's Mbit/s): whole gigabits as Gbit/s, so the column stays narrow.
fn speed_text(i18n: &I18n, mbits: i64) -> String {
    if mbits >= 1000 && mbits % 1000 == 0 {
        i18n.get_args("net-speed-gbit", &[("gbits", &(mbits / 1000).to_string())])
    } else {
        i18n.get_args("net-speed", &[("mbits", &mbits.to_string())])
    }
}

/// A pool's networks.
pub fn pool_networks(cache: &Cache, i18n: &I18n, show_hidden: bool) -> Table {
    let (columns, weights) = cols(
        i18n,
        &[
            ("col-name", 1.6),
            ("col-nic", 2.0),
            ("col-vlan", 0.4),
            ("col-bond", 1.1),
            ("col-mtu", 0.5),
            ("col-vms", 0.7),
            ("col-auto", 0.7),
        ],
    );
    let rows = cache
        .networks
        .iter()
        .filter(|(_, n)| show_hidden || !vis::is_flag_hidden(&n.other_config))
        .filter(|(_, n)| n.name_label != "Host internal management network" || show_hidden)
        .map(|(r, n)| {
            let bond = net_plans::bonds_of(cache, r)
                .first()
                .and_then(|b| cache.bonds.get(b))
                .map(|b| {
                    i18n.get(
                        net_plans::BondMode::of(
                            b,
                            b.properties.get("hashing_algorithm").map(String::as_str),
                        )
                        .label_id(),
                    )
                })
                .unwrap_or_default();
            let auto =
                n.other_config.get(net_plans::AUTOMATIC).map(String::as_str) != Some("false");
            Row {
                node: Node::Network(r.clone()),
                cells: vec![
                    names::network_name(i18n, cache, n),
                    on_cell(i18n, cache, n),
                    net_plans::vlan_of(cache, n)
                        .map(|t| t.to_string())
                        .unwrap_or_default(),
                    bond,
                    n.mtu.to_string(),
                    n.vifs.len().to_string(),
                    i18n.get(if auto { "yes" } else { "no" }),
                ],
                greyed: vis::is_flag_hidden(&n.other_config),
            }
        })
        .collect();
    Table {
        columns,
        weights,
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in pool with host 1's free NICs (eth2, eth3) bonded, as `Bond.create` does.
    fn demo_with_bond() -> Cache {
        let mut db = demo::demo_pool();
        demo::lifecycle::bonds::bond_devices(
            &mut db,
            "xcp-host-01",
            &["eth2", "eth3"],
            "active-backup",
        )
        .expect("host 1's eth2 and eth3 bond");
        xapidb::cache_of(&db)
    }

    #[test]
    fn a_host_lists_its_vlan_bond_and_management_interfaces() {
        let (c, i18n) = (demo_with_bond(), I18n::new("en-US"));
        let host = net_plans::coordinator(&c).expect("coordinator");
        let t = host_pifs(&c, &i18n, &host, false);
        assert_eq!(t.columns.len(), t.weights.len());
        let row = |pred: &dyn Fn(&Pif) -> bool| {
            t.rows
                .iter()
                .find(|r| match &r.node {
                    Node::Pif(p) => c.pifs.get(p).is_some_and(pred),
                    _ => false,
                })
                .map(|r| r.cells.clone())
                .expect("a row")
        };
        let mgmt = row(&|p| p.management);
        assert_eq!(mgmt[4], "Management");
        assert!(!mgmt[5].is_empty(), "its address: {mgmt:?}");
        assert_eq!(row(&|p| p.vlan == 42)[2], "42");
        assert!(row(&|p| !p.bond_master_of.is_empty())[3].contains("Active-backup"));
        assert!(row(&|p| c.bonds.contains_key(&p.bond_slave_of))[3].starts_with("in "));
        // Whole gigabits read as such; the demo's NICs are 10 Gbit/s.
        assert!(
            t.rows.iter().any(|r| r.cells[8] == "10 Gbit/s"),
            "{:?}",
            t.rows[0].cells
        );
    }

    #[test]
    fn a_pool_lists_its_networks_with_vlan_and_bond() {
        let (c, i18n) = (demo_with_bond(), I18n::new("en-US"));
        let t = pool_networks(&c, &i18n, false);
        assert!(t.rows.iter().any(|r| r.cells[2] == "42"));
        assert!(t.rows.iter().any(|r| r.cells[3].contains("Active-backup")));
        assert!(t.rows.iter().all(|r| matches!(r.node, Node::Network(_))));
    }
}
