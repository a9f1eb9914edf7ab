//! Building one pool's tree: XenCenter's layout for each view, its sort order, and the count
//! of objects the "Show hidden objects" toggle decides.

use super::{Icon, Node, SortKey, TreeItem, ViewKind, ViewOptions, sort};
use crate::i18n::{BRAND, I18n};
use crate::model::names;
use crate::model::sr_status::{self, SrState};
use crate::model::visibility::{self as vis, ObjectType};
use i18n_embed_fl::fl;
use xenapi::records::PowerState;
use xenapi::{Cache, Host, Network, Pif, Pool, Ref, Sr, Vm};

pub(super) struct Builder<'a> {
    pub(super) cache: &'a Cache,
    pub(super) i18n: &'a I18n,
    pub(super) opts: ViewOptions,
    /// Objects the hidden toggle adds or removes in this view (for the status bar).
    hidden: std::cell::Cell<usize>,
}

impl<'a> Builder<'a> {
    pub(super) fn item(&self, node: Node, label: String, icon: Icon, sort: SortKey) -> TreeItem {
        TreeItem {
            node,
            label,
            icon,
            greyed: false,
            children: Vec::new(),
            search_text: String::new(),
            hay: String::new(),
            sort,
        }
    }

    /// Whether an object is in the view, counting it when only the hidden toggle decides.
    pub(super) fn keep(&self, shown: impl Fn(bool) -> bool) -> bool {
        let now = shown(self.opts.show_hidden);
        if now != shown(!self.opts.show_hidden) {
            self.hidden.set(self.hidden.get() + 1);
        }
        now
    }

    pub(super) fn pool(&self, r: &Ref<Pool>, p: &Pool) -> TreeItem {
        let name = names::pool_name(self.cache, p);
        let mut it = self.item(
            Node::Pool(r.clone()),
            name.clone(),
            Icon::Pool,
            SortKey {
                rank: 20,
                name,
                r: r.as_str().into(),
                ..SortKey::default()
            },
        );
        it.search_text = p.name_description.clone();
        it
    }

    pub(super) fn host(&self, r: &Ref<Host>, h: &Host) -> TreeItem {
        let live = vis::host_live(self.cache, r);
        let coordinator = self.cache.pool().is_some_and(|(_, p)| p.master == *r);
        let mut it = self.item(
            Node::Host(r.clone()),
            names::host_name(h),
            if live { Icon::Host } else { Icon::HostDown },
            SortKey {
                rank: 30,
                sub: if coordinator { 0 } else { 1 },
                name: h.name_label.clone(),
                r: r.as_str().into(),
            },
        );
        it.search_text = format!("{} {}", h.name_description, h.address);
        it
    }

    pub(super) fn vm(&self, r: &Ref<Vm>, vm: &Vm, ty: ObjectType) -> TreeItem {
        let name = names::vm_name(self.i18n, vm);
        let hidden = vis::is_flag_hidden(&vm.other_config);
        let (icon, rank, sub) = match ty {
            ObjectType::Snapshot => (Icon::Snapshot, 80, 1),
            ObjectType::UserTemplate => (Icon::UserTemplate, 80, 2),
            ObjectType::DefaultTemplate => (Icon::Template, 80, 3),
            _ => (
                match vm.power_state {
                    PowerState::Running => Icon::VmRunning,
                    PowerState::Suspended | PowerState::Paused => Icon::VmSuspended,
                    _ => Icon::VmHalted,
                },
                40,
                0,
            ),
        };
        let label = if hidden {
            self.i18n.hidden(&name)
        } else {
            name.clone()
        };
        let mut it = self.item(
            Node::Vm(r.clone()),
            label,
            icon,
            SortKey {
                rank,
                sub,
                name,
                r: r.as_str().into(),
            },
        );
        it.greyed = hidden;
        let ips = self
            .cache
            .vm_guest_metrics
            .get(&vm.guest_metrics)
            .map(|g| g.networks.values().cloned().collect::<Vec<_>>().join(" "))
            .unwrap_or_default();
        it.search_text = format!("{} {ips}", vm.name_description);
        it
    }

    /// `distinct`: the name repeats among its siblings, so it carries its host.
    pub(super) fn sr(&self, r: &Ref<Sr>, sr: &Sr, distinct: bool) -> TreeItem {
        let text = if distinct {
            names::sr_name_distinct(self.i18n, self.cache, sr)
        } else {
            names::sr_name_without_host(self.i18n, self.cache, sr)
        };
        let hidden = vis::is_flag_hidden(&sr.other_config);
        let is_default = self.cache.pool().is_some_and(|(_, p)| p.default_sr == *r);
        // XenCenter's `Images.GetIconFor(SR)`, in its order.
        let icon = if hidden || sr.pbds.is_empty() {
            Icon::StorageDisabled
        } else if sr_status::state(self.cache, sr) != SrState::Ok {
            Icon::StorageBroken
        } else if is_default {
            Icon::StorageDefault
        } else {
            Icon::Storage
        };
        let mut it = self.item(
            Node::Sr(r.clone()),
            if hidden {
                self.i18n.hidden(&text)
            } else {
                text
            },
            icon,
            SortKey {
                rank: 60,
                // Sorted by the name with its host, though drawn without it.
                name: names::sr_name(self.i18n, self.cache, sr),
                r: r.as_str().into(),
                ..SortKey::default()
            },
        );
        it.greyed = hidden;
        it.search_text = names::sr_description(self.i18n, self.cache, sr);
        it
    }

    pub(super) fn network(&self, r: &Ref<Network>, net: &Network) -> TreeItem {
        let name = names::network_name(self.i18n, self.cache, net);
        let hidden = vis::is_flag_hidden(&net.other_config);
        let member = vis::is_bond_member(self.cache, net);
        let label = if member {
            self.i18n
                .get_args("name-bonded-member", &[("name", name.as_str())])
        } else if hidden {
            self.i18n.hidden(&name)
        } else {
            name.clone()
        };
        let mut it = self.item(
            Node::Network(r.clone()),
            label,
            Icon::Network,
            SortKey {
                rank: 50,
                name,
                r: r.as_str().into(),
                ..SortKey::default()
            },
        );
        it.greyed = hidden || member;
        it.search_text = net.name_description.clone();
        it
    }

    fn pif(&self, r: &Ref<Pif>, pif: &Pif) -> TreeItem {
        let nic = names::pif_name(self.i18n, self.cache, pif);
        let host = names::host_label(self.cache, &pif.host);
        let label = self.i18n.get_args(
            "nic-on-host",
            &[("nic", nic.as_str()), ("host", host.as_str())],
        );
        let hidden = vis::is_flag_hidden(&pif.other_config);
        let mut it = self.item(
            Node::Pif(r.clone()),
            if hidden {
                self.i18n.hidden(&label)
            } else {
                label
            },
            Icon::Nic,
            SortKey {
                rank: 55,
                name: names::pif_sort_key(self.cache, pif),
                r: r.as_str().into(),
                ..SortKey::default()
            },
        );
        it.greyed = hidden;
        it.search_text = format!("{} {} {}", pif.device, pif.mac, pif.ip);
        it
    }

    fn infrastructure(&self) -> Vec<TreeItem> {
        let c = self.cache;
        let o = self.opts;
        let mut hosts: Vec<TreeItem> = c.hosts.iter().map(|(r, h)| self.host(r, h)).collect();
        let mut top: Vec<TreeItem> = Vec::new();
        let mut place = |home: Option<Ref<Host>>, item: TreeItem, top: &mut Vec<TreeItem>| {
            let host = home.map(Node::Host);
            match host.and_then(|h| hosts.iter_mut().find(|it| it.node == h)) {
                Some(host) => host.children.push(item),
                None => top.push(item),
            }
        };
        for (r, vm) in &c.vms {
            let Some(ty) = vis::vm_type(vm) else { continue };
            let wanted = match ty {
                ObjectType::Vm => true,
                ObjectType::UserTemplate => o.user_templates,
                ObjectType::DefaultTemplate => o.default_templates,
                _ => false, // snapshots are never in this view
            };
            if wanted && self.keep(|h| vis::vm_in_tree(c, vm, h)) {
                place(vis::vm_home(c, vm), self.vm(r, vm, ty), &mut top);
            }
        }
        for (r, sr) in &c.srs {
            let wanted = vis::sr_type(sr) == ObjectType::RemoteSr || o.local_srs;
            if wanted && self.keep(|h| vis::sr_in_tree(c, sr, h)) {
                place(vis::sr_home(c, sr), self.sr(r, sr, false), &mut top);
            }
        }
        for h in &mut hosts {
            sort(&mut h.children);
        }
        // A pool is shown when it has a name or more than one host (`Pool.IsVisible`).
        match c.pool() {
            Some((r, p)) if !p.name_label.is_empty() || c.hosts.len() > 1 => {
                let mut pool = self.pool(r, p);
                pool.children = hosts;
                pool.children.append(&mut top);
                sort(&mut pool.children);
                vec![pool]
            }
            _ => {
                hosts.append(&mut top);
                sort(&mut hosts);
                hosts
            }
        }
    }

    fn group_label(&self, ty: ObjectType) -> String {
        let l = &self.i18n.loader;
        match ty {
            ObjectType::Pool => fl!(l, "group-pools"),
            ObjectType::Server => fl!(l, "group-servers"),
            ObjectType::Vm => fl!(l, "group-vms"),
            ObjectType::Snapshot => fl!(l, "group-snapshots"),
            ObjectType::UserTemplate => fl!(l, "group-user-templates"),
            ObjectType::DefaultTemplate => fl!(l, "group-default-templates", brand = BRAND),
            ObjectType::RemoteSr => fl!(l, "group-remote-srs"),
            ObjectType::LocalSr => fl!(l, "group-local-srs"),
            ObjectType::Network => fl!(l, "group-networks"),
            ObjectType::Nic => fl!(l, "group-nics"),
        }
    }

    /// One storage group of the Objects view. Its SRs are not under their hosts here, so
    /// where a name repeats ("DVD drives" of each host) it carries the host.
    fn sr_group(&self, ty: ObjectType) -> Vec<TreeItem> {
        let c = self.cache;
        let srs: Vec<(&Ref<Sr>, &Sr, String)> = c
            .srs
            .iter()
            .filter(|(_, sr)| vis::sr_type(sr) == ty && self.keep(|h| vis::sr_in_tree(c, sr, h)))
            .map(|(r, sr)| (r, sr, names::sr_name_without_host(self.i18n, c, sr)))
            .collect();
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (_, _, name) in &srs {
            *seen.entry(name.as_str()).or_default() += 1;
        }
        srs.iter()
            .map(|(r, sr, name)| self.sr(r, sr, seen.get(name.as_str()).is_some_and(|n| *n > 1)))
            .collect()
    }

    fn objects(&self) -> Vec<TreeItem> {
        let c = self.cache;
        let mut groups = Vec::new();
        let o = self.opts;
        for ty in ObjectType::ALL {
            // The View menu's toggles apply here as in the Infrastructure view (XenCenter
            // applies them there only), so what is switched off is off everywhere.
            let wanted = match ty {
                ObjectType::UserTemplate => o.user_templates,
                ObjectType::DefaultTemplate => o.default_templates,
                ObjectType::LocalSr => o.local_srs,
                _ => true,
            };
            if !wanted {
                continue;
            }
            let mut items: Vec<TreeItem> = match ty {
                ObjectType::Pool => c.pools.iter().map(|(r, p)| self.pool(r, p)).collect(),
                ObjectType::Server => c.hosts.iter().map(|(r, h)| self.host(r, h)).collect(),
                ObjectType::Vm
                | ObjectType::Snapshot
                | ObjectType::UserTemplate
                | ObjectType::DefaultTemplate => c
                    .vms
                    .iter()
                    .filter(|(_, vm)| {
                        vis::vm_type(vm) == Some(ty) && self.keep(|h| vis::vm_in_tree(c, vm, h))
                    })
                    .map(|(r, vm)| self.vm(r, vm, ty))
                    .collect(),
                ObjectType::RemoteSr | ObjectType::LocalSr => self.sr_group(ty),
                ObjectType::Network => c
                    .networks
                    .iter()
                    .filter(|(_, n)| self.keep(|h| vis::network_shown(c, n, h)))
                    .map(|(r, n)| self.network(r, n))
                    .collect(),
                ObjectType::Nic => c
                    .pifs
                    .iter()
                    .filter(|(_, p)| self.keep(|h| vis::pif_shown(p, h)))
                    .map(|(r, p)| self.pif(r, p))
                    .collect(),
            };
            if items.is_empty() {
                continue;
            }
            sort(&mut items);
            let mut g = self.item(
                Node::Group(ty),
                self.group_label(ty),
                Icon::Group(ty),
                SortKey::default(),
            );
            g.children = items;
            groups.push(g);
        }
        groups
    }
}

/// Builds the whole tree of `view` (no search filter).
pub fn build(cache: &Cache, i18n: &I18n, view: ViewKind, opts: ViewOptions) -> Vec<TreeItem> {
    build_counted(cache, i18n, view, opts).0
}

/// The tree, and how many objects of this view the "Show hidden objects" toggle decides
/// (shown now and hidden without it, or the reverse): one pass for both.
pub fn build_counted(
    cache: &Cache,
    i18n: &I18n,
    view: ViewKind,
    opts: ViewOptions,
) -> (Vec<TreeItem>, usize) {
    let b = Builder {
        cache,
        i18n,
        opts,
        hidden: std::cell::Cell::new(0),
    };
    let mut items = match view {
        ViewKind::Infrastructure => b.infrastructure(),
        ViewKind::Objects => b.objects(),
        ViewKind::Tags => b.tags(),
        ViewKind::Folders => b.folders(),
    };
    fill_hay(&mut items);
    (items, b.hidden.get())
}

pub(super) fn fill_hay(items: &mut [TreeItem]) {
    for it in items {
        it.hay = format!("{} {}", it.label, it.search_text).to_lowercase();
        fill_hay(&mut it.children);
    }
}

/// A top-level node for a connection whose pool is not loaded (its name and state).
pub fn placeholder(id: u64, label: String) -> TreeItem {
    let hay = label.to_lowercase();
    TreeItem {
        node: Node::Conn(id),
        label,
        icon: Icon::HostDown,
        greyed: true,
        children: Vec::new(),
        search_text: String::new(),
        hay,
        sort: SortKey::default(),
    }
}

/// The Objects views of several pools as one: each type's group holds every pool's objects,
/// in XenCenter's order. Other top-level items (placeholders) follow, in the order given.
pub fn merge_objects(trees: Vec<Vec<TreeItem>>) -> Vec<TreeItem> {
    let mut out: Vec<TreeItem> = Vec::new();
    for tree in trees {
        for it in tree {
            match out
                .iter_mut()
                .find(|o| matches!(o.node, Node::Group(_)) && o.node == it.node)
            {
                Some(group) => {
                    group.children.extend(it.children);
                    sort(&mut group.children);
                }
                None => out.push(it),
            }
        }
    }
    let rank = |it: &TreeItem| {
        match it.node {
            Node::Group(ty) => ObjectType::ALL.iter().position(|t| *t == ty),
            _ => None,
        }
        .unwrap_or(ObjectType::ALL.len())
    };
    out.sort_by_key(rank);
    out
}

/// Number of objects (groups excluded) in the tree.
pub fn count(items: &[TreeItem]) -> usize {
    items
        .iter()
        .map(|it| usize::from(it.node.is_object()) + count(&it.children))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    fn group(items: &[TreeItem], ty: ObjectType) -> Option<Vec<&str>> {
        let g = items.iter().find(|g| g.node == Node::Group(ty))?;
        Some(g.children.iter().map(|c| c.label.as_str()).collect())
    }

    #[test]
    fn the_objects_view_follows_the_view_menu() {
        let (cache, i18n) = (demo(), I18n::new("en-US"));
        let objects = |o| build(&cache, &i18n, ViewKind::Objects, o);
        let base = ViewOptions::default();
        let t = objects(base);
        assert!(
            group(&t, ObjectType::DefaultTemplate).is_none(),
            "off by default"
        );
        assert!(group(&t, ObjectType::UserTemplate).is_some());
        assert!(group(&t, ObjectType::LocalSr).is_some());
        let all = objects(ViewOptions {
            default_templates: true,
            ..base
        });
        let defaults = group(&all, ObjectType::DefaultTemplate).expect("shown when asked");
        assert!(defaults.contains(&"Debian Bookworm 12"));
        let none = objects(ViewOptions {
            user_templates: false,
            local_srs: false,
            ..base
        });
        assert!(group(&none, ObjectType::UserTemplate).is_none());
        assert!(group(&none, ObjectType::LocalSr).is_none());
        assert!(
            group(&none, ObjectType::RemoteSr).is_some(),
            "remote storage stays"
        );
    }

    #[test]
    fn repeated_local_sr_names_carry_their_host_in_the_objects_view() {
        let (cache, i18n) = (demo(), I18n::new("en-US"));
        let t = build(&cache, &i18n, ViewKind::Objects, ViewOptions::default());
        let local = group(&t, ObjectType::LocalSr).expect("local SRs");
        assert_eq!(
            local,
            [
                "DVD drives on xcp-host-01",
                "DVD drives on xcp-host-02",
                "Fast NVMe (host 2)",
                "Local storage",
                "Removable storage on xcp-host-01",
                "Removable storage on xcp-host-02",
            ]
        );
        // Under its host the name needs no host.
        let infra = build(
            &cache,
            &i18n,
            ViewKind::Infrastructure,
            ViewOptions::default(),
        );
        let text = super::super::to_text(&infra);
        assert!(
            text.contains("    DVD drives\n") && !text.contains("DVD drives on"),
            "{text}"
        );
    }

    #[test]
    fn nics_sort_by_host_then_naturally_with_bonds_last() {
        let mut db = demo::demo_pool();
        demo::lifecycle::bonds::bond_devices(&mut db, "xcp-host-01", &["eth2", "eth3"], "lacp")
            .expect("host 1's eth2 and eth3 bond");
        let (cache, i18n) = (xapidb::cache_of(&db), I18n::new("en-US"));
        let t = build(&cache, &i18n, ViewKind::Objects, ViewOptions::default());
        let nics = group(&t, ObjectType::Nic).expect("NICs");
        assert_eq!(
            nics,
            [
                "NIC 0 on xcp-host-01",
                "NIC 1 on xcp-host-01",
                "NIC 1 (VLAN 42) on xcp-host-01",
                "NIC 2 on xcp-host-01",
                "NIC 3 on xcp-host-01",
                "Bond 2+3 on xcp-host-01",
                "NIC 0 on xcp-host-02",
                "NIC 1 on xcp-host-02",
                "NIC 1 (VLAN 42) on xcp-host-02",
                "NIC 2 on xcp-host-02",
            ]
        );
    }
}
