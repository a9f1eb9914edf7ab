//! What the details pane shows for the selected object: localized general properties (some
//! of them links to the object they name), the `other_config` table with XenServer's internal
//! keys apart, and lists of related objects that can be selected in turn. The same visibility
//! rules as the tree apply to the lists. A VM's pane is in [`vm`]; a group's member list
//! (the Objects view's group nodes) in [`members`].

pub mod host;
pub mod members;
pub mod vm;

use super::mtu;
use super::names;
use super::tabs::DetailsTab;
use super::tree::Node;
use super::visibility as vis;
use crate::i18n::I18n;
use i18n_embed_fl::fl;
use xenapi::records::{PowerState, StringMap};
use xenapi::{Cache, Ref, Vm};

#[derive(Debug, Clone, PartialEq)]
pub struct ListEntry {
    pub node: Node,
    pub label: String,
    pub greyed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DetailList {
    pub title: String,
    /// The tab that lists these (they show on General too).
    pub tab: super::tabs::DetailsTab,
    pub entries: Vec<ListEntry>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Details {
    /// "VM: web-01"-style heading parts: kind and display name.
    pub kind: String,
    pub title: String,
    pub props: Vec<(String, String)>,
    /// Properties that name another object: (index in `props`, that object).
    pub links: Vec<(usize, Node)>,
    pub other_config: Vec<(String, String)>,
    /// XenServer's own keys from `other_config` (`i18n-*`): shown folded away.
    pub advanced: Vec<(String, String)>,
    /// A VM's xenstore-data (`None` for other objects).
    pub xenstore: Option<Vec<(String, String)>>,
    pub lists: Vec<DetailList>,
    /// Properties to draw as warnings (indices in `props`): a certificate near its expiry.
    pub warnings: Vec<usize>,
}

impl Details {
    /// A property drawn as a warning.
    pub fn push_warning(&mut self, key: String, value: String) {
        self.warnings.push(self.props.len());
        self.props.push((key, value));
    }

    /// A property naming `node`, which the pane draws as a link to it.
    pub fn push_link(&mut self, key: String, value: String, node: Node) {
        self.links.push((self.props.len(), node));
        self.props.push((key, value));
    }

    /// The object property `i` names, if it is a link.
    pub fn link(&self, i: usize) -> Option<&Node> {
        self.links.iter().find(|(j, _)| *j == i).map(|(_, n)| n)
    }
}

/// Keys XenServer keeps for itself (the installer SRs' `i18n-key`, `i18n-original-value-*`):
/// not configuration a user reads or sets.
pub fn is_internal_key(key: &str) -> bool {
    key.starts_with("i18n-")
}

fn sort_by_label(v: &mut [ListEntry]) {
    v.sort_by(|a, b| super::natural::compare(&a.label, &b.label));
}

/// NICs in [`names::pif_sort_key`]'s order (by host, number and tag, bonds last).
fn sort_pifs(cache: &Cache, v: &mut [ListEntry]) {
    let key = |e: &ListEntry| match &e.node {
        Node::Pif(r) => cache
            .pifs
            .get(r)
            .map(|p| names::pif_sort_key(cache, p))
            .unwrap_or_default(),
        _ => String::new(),
    };
    v.sort_by_cached_key(|e| NaturalKey(key(e)));
}

/// A string ordered by [`super::natural::compare`].
#[derive(PartialEq, Eq)]
struct NaturalKey(String);

impl PartialOrd for NaturalKey {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for NaturalKey {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        super::natural::compare(&self.0, &other.0)
    }
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
    match node {
        Node::Group(_) | Node::Conn(_) | Node::Tag(_) | Node::Folder(_) => return None,
        Node::Pool(r) => {
            let p = cache.pools.get(r)?;
            d.kind = fl!(l, "kind-pool");
            d.title = names::pool_name(cache, p);
            d.props.push((fl!(l, "prop-name"), d.title.clone()));
            d.props
                .push((fl!(l, "prop-description"), p.name_description.clone()));
            let name = names::host_label(cache, &p.master);
            if cache.hosts.contains_key(&p.master) {
                d.push_link(
                    fl!(l, "prop-coordinator"),
                    name,
                    Node::Host(p.master.clone()),
                );
            } else {
                d.props.push((fl!(l, "prop-coordinator"), name));
            }
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
            host::general(cache, i18n, r, h, host::now(), &mut d);
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
            sort_pifs(cache, &mut nics);
            d.lists.push(DetailList {
                title: fl!(l, "list-pifs"),
                tab: DetailsTab::Networking,
                entries: nics,
            });
        }
        Node::Vm(r) => vm::details(cache, i18n, r, show_hidden, &mut d)?,
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
            sr_status(i18n, cache, r, &mut d);
            if let Some(h) = vis::sr_home(cache, sr) {
                let name = names::host_label(cache, &h);
                d.push_link(fl!(l, "prop-host"), name, Node::Host(h));
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
            sort_pifs(cache, &mut pifs);
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
            sort_by_label(&mut vifs);
            d.lists.push(DetailList {
                title: fl!(l, "list-pifs"),
                tab: DetailsTab::Networking,
                entries: pifs,
            });
            d.lists.push(DetailList {
                title: fl!(l, "list-vifs"),
                tab: DetailsTab::Networking,
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
                d.push_link(
                    fl!(l, "prop-vm"),
                    vm_label(i18n, vm),
                    Node::Vm(v.vm.clone()),
                );
                d.title = format!("{} · {}", names::vm_name(i18n, vm), v.device);
            }
            d.props.push((fl!(l, "prop-mac"), v.mac.clone()));
            d.props
                .push((fl!(l, "prop-mtu"), mtu::of_vif(i18n, cache, v)));
            network_prop(&mut d, cache, i18n, &v.network);
            let ips = cache
                .vms
                .get(&v.vm)
                .map(|vm| vm::ips(cache, vm, Some(&v.device)))
                .unwrap_or_default();
            if !ips.is_empty() {
                d.props.push((fl!(l, "prop-ips"), ips.join(", ")));
            }
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
                let name = names::sr_name(i18n, cache, sr);
                d.push_link(fl!(l, "prop-sr"), name, Node::Sr(v.sr.clone()));
            }
            // The VMs using the disk, each a link.
            for vbd in v.vbds.iter().filter_map(|b| cache.vbds.get(b)) {
                if let Some(vm) = cache.vms.get(&vbd.vm) {
                    d.push_link(
                        fl!(l, "prop-vm"),
                        vm_label(i18n, vm),
                        Node::Vm(vbd.vm.clone()),
                    );
                }
            }
            d.props.push((fl!(l, "prop-uuid"), v.uuid.clone()));
            d.other_config = table(&v.other_config);
        }
    }
    let (advanced, other) = std::mem::take(&mut d.other_config)
        .into_iter()
        .partition(|(k, _)| is_internal_key(k));
    d.other_config = other;
    d.advanced = advanced;
    Some(d)
}

fn network_prop(d: &mut Details, cache: &Cache, i18n: &I18n, r: &Ref<xenapi::Network>) {
    if let Some(n) = cache.networks.get(r) {
        d.push_link(
            fl!(i18n.loader, "prop-network"),
            names::network_name(i18n, cache, n),
            Node::Network(r.clone()),
        );
    }
}

/// The repository's state and each server's connection (XenCenter's Status box), a
/// problem drawn as a warning.
fn sr_status(i18n: &I18n, cache: &Cache, r: &Ref<xenapi::Sr>, d: &mut Details) {
    use super::sr_status::{Connection, SrState, status};
    let l = &i18n.loader;
    let Some((state, rows)) = status(cache, r) else {
        return;
    };
    let text = match state {
        SrState::Ok => fl!(l, "sr-state-ok"),
        SrState::Detached => fl!(l, "sr-state-detached"),
        SrState::Broken => fl!(l, "sr-state-broken"),
    };
    if state == SrState::Ok {
        d.props.push((fl!(l, "prop-state"), text));
    } else {
        d.push_warning(fl!(l, "prop-state"), text);
    }
    for (h, c) in rows {
        let name = names::host_label(cache, &h);
        let text = match c {
            Connection::Connected => fl!(l, "sr-conn-connected"),
            Connection::Unplugged => fl!(l, "sr-conn-unplugged"),
            Connection::ServerDown => fl!(l, "sr-conn-server-down"),
            Connection::Missing => fl!(l, "sr-conn-missing"),
        };
        if c == Connection::Connected {
            d.props.push((name, text));
        } else {
            d.push_warning(name, text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linked<'a>(d: &'a Details, key: &str) -> Option<&'a Node> {
        let i = d.props.iter().position(|(k, _)| k == key)?;
        d.link(i)
    }

    #[test]
    fn a_servers_certificates_show_their_expiry_and_warn_within_30_days() {
        use super::host::{CertExpiry, cert_expiry};
        assert_eq!(cert_expiry(100 * 86_400, 0.0), CertExpiry::Valid);
        assert_eq!(cert_expiry(30 * 86_400, 0.0), CertExpiry::Valid);
        assert_eq!(cert_expiry(30 * 86_400 - 1, 0.0), CertExpiry::Soon(29));
        assert_eq!(cert_expiry(1, 0.0), CertExpiry::Soon(0));
        assert_eq!(cert_expiry(0, 0.0), CertExpiry::Expired);
        // The demo: each server has its two certificates; host 2's server one runs out soon.
        let cache = xapidb::cache_of(&demo::demo_pool());
        let i18n = I18n::new("en-US");
        let rows = |name: &str| {
            let (r, _) = cache
                .hosts
                .iter()
                .find(|(_, h)| h.name_label == name)
                .expect("host");
            let d = details(&cache, &i18n, &Node::Host(r.clone()), false).expect("host");
            let cert = |key: &str| {
                let i = d.props.iter().position(|(k, _)| k == key).expect(key);
                (d.props[i].1.clone(), d.warnings.contains(&i))
            };
            (cert("Server certificate"), cert("Internal certificate"))
        };
        let ((one, warn1), (_, warn1i)) = rows("xcp-host-01");
        assert!(one.starts_with("valid until 20"), "{one}");
        assert!(!warn1 && !warn1i);
        let ((two, warn2), (_, warn2i)) = rows("xcp-host-02");
        assert!(warn2 && !warn2i, "{two}");
        assert!(two.contains("days left"), "{two}");
    }

    #[test]
    fn the_updates_xapi_lists_show_by_name_with_the_last_update_date() {
        let mut cache = xapidb::cache_of(&demo::demo_pool());
        let i18n = I18n::new("en-US");
        let (r, _) = cache.hosts.iter().next().expect("a host");
        let r = r.clone();
        let rows = |cache: &xenapi::Cache| {
            let d = details(cache, &i18n, &Node::Host(r.clone()), false).expect("host");
            let row = |key: &str| {
                let i = d.props.iter().position(|(k, _)| k == key)?;
                Some(d.props[i].1.clone())
            };
            (row("Updates applied"), row("Last software update"))
        };
        // XCP-ng (the demo) lists none, and its hosts never had `host.apply_updates`.
        assert_eq!(rows(&cache), (None, None));
        for (i, name) in ["XS82ECU1010", "XS82ECU1002"].iter().enumerate() {
            let u: xenapi::PoolUpdate = serde_json::from_value(serde_json::json!({
                "uuid": format!("u{i}"), "name_label": name,
            }))
            .expect("record");
            let ur = xenapi::Ref::new(format!("OpaqueRef:u{i}"));
            cache.pool_updates.insert(ur.clone(), u);
            if let Some(h) = cache.hosts.get_mut(&r) {
                h.updates.push(ur);
            }
        }
        if let Some(h) = cache.hosts.get_mut(&r) {
            h.last_software_update = "20261130T08:15:00Z".into();
        }
        assert_eq!(
            rows(&cache),
            (
                Some("XS82ECU1002, XS82ECU1010".into()),
                Some("2026-11-30".into())
            )
        );
    }

    /// A tagged VM's General section lists its tags (found walking a tag search: tagged VMs
    /// showed no tags anywhere in the details pane); an untagged one has no Tags row.
    #[test]
    fn a_tagged_vms_general_section_lists_its_tags() {
        let mut cache = xapidb::cache_of(&demo::demo_pool());
        let i18n = I18n::new("en-US");
        let row = |cache: &xenapi::Cache, name: &str| {
            let (r, _) = cache
                .vms
                .iter()
                .find(|(_, v)| v.name_label == name)
                .expect("the VM");
            let d = details(cache, &i18n, &Node::Vm(r.clone()), false).expect("VM");
            d.props
                .iter()
                .find(|(k, _)| k == "Tags")
                .map(|(_, v)| v.clone())
        };
        assert_eq!(row(&cache, "web-01"), None);
        for v in cache.vms.values_mut().filter(|v| v.name_label == "web-01") {
            v.tags = vec!["prod".into(), "eu\nwest".into()];
        }
        assert_eq!(
            row(&cache, "web-01").as_deref(),
            Some("prod, eu\u{240a}west")
        );
    }

    #[test]
    fn internal_keys_go_to_advanced() {
        let cache = xapidb::cache_of(&demo::demo_pool());
        let i18n = I18n::new("en-US");
        let (r, _) = cache
            .srs
            .iter()
            .find(|(_, s)| s.name_label == "DVD drives")
            .expect("an installer SR");
        let d = details(&cache, &i18n, &Node::Sr(r.clone()), false).expect("SR");
        assert!(d.other_config.is_empty(), "{:?}", d.other_config);
        let keys: Vec<&str> = d.advanced.iter().map(|(k, _)| k.as_str()).collect();
        assert!(keys.contains(&"i18n-key"), "{keys:?}");
        assert!(matches!(linked(&d, "Server"), Some(Node::Host(_))));
    }

    #[test]
    fn the_vm_network_and_sr_named_in_a_vif_or_disk_pane_are_links() {
        let cache = xapidb::cache_of(&demo::demo_pool());
        let i18n = I18n::new("en-US");
        let (vm, web) = cache
            .vms
            .iter()
            .find(|(_, v)| v.name_label == "web-01")
            .expect("web-01");
        let d = details(&cache, &i18n, &Node::Vif(web.vifs[0].clone()), false).expect("VIF");
        assert_eq!(linked(&d, "VM"), Some(&Node::Vm(vm.clone())));
        assert!(matches!(linked(&d, "Network"), Some(Node::Network(_))));
        assert!(linked(&d, "MAC address").is_none());
        assert!(
            d.props
                .iter()
                .any(|(k, v)| k == "IP addresses" && v == "192.168.20.22")
        );
        let vdi = cache.vbds[&web.vbds[0]].vdi.clone();
        let d = details(&cache, &i18n, &Node::Vdi(vdi), false).expect("VDI");
        assert!(matches!(
            linked(&d, "Storage repository"),
            Some(Node::Sr(_))
        ));
        assert_eq!(linked(&d, "VM"), Some(&Node::Vm(vm.clone())));
    }

    #[test]
    fn bytes_use_binary_units() {
        assert_eq!(format_bytes(0), "0 B");
        assert_eq!(format_bytes(1536), "1.5 KiB");
        assert_eq!(format_bytes(4 << 30), "4.0 GiB");
        assert_eq!(format_bytes(500 << 30), "500 GiB");
        assert_eq!(format_bytes(-5), "0 B");
    }
}
