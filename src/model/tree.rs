//! The navigation tree, built as XenCenter builds it (`xencenter.md` §1.3–1.5, §3), then
//! flattened into rows for a virtualised list.
//!
//! - Infrastructure: pool > hosts > the VMs and SRs whose home is that host; everything
//!   homeless (halted VMs without a local disk, shared SRs, templates) under the pool.
//!   Snapshots and networks are never in it; the View menu adds default templates, custom
//!   templates and local SRs.
//! - Objects: one group per type, in XenCenter's order, plus networks and NICs.
//!
//! The same code serves the window and `xenpilot tree`.

use super::names;
use super::natural;
use super::visibility::{self as vis, ObjectType};
use crate::i18n::{BRAND, I18n};
use crate::xenapi::records::PowerState;
use crate::xenapi::{Cache, Host, Network, Pif, Pool, Ref, Sr, Vdi, Vif, Vm};
use i18n_embed_fl::fl;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::HashSet;

/// What a tree row (or a details list entry) stands for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    Pool(Ref<Pool>),
    Host(Ref<Host>),
    Vm(Ref<Vm>),
    Sr(Ref<Sr>),
    Network(Ref<Network>),
    Pif(Ref<Pif>),
    Vif(Ref<Vif>),
    Vdi(Ref<Vdi>),
    Group(ObjectType),
    /// A pool connection with nothing loaded yet (connecting, failed, disconnected): its
    /// id in the window.
    Conn(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ViewKind {
    #[default]
    Infrastructure,
    Objects,
}

/// The View menu's settings (XenCenter's defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ViewOptions {
    pub show_hidden: bool,
    pub default_templates: bool,
    pub user_templates: bool,
    pub local_srs: bool,
}

impl Default for ViewOptions {
    fn default() -> Self {
        ViewOptions {
            show_hidden: false,
            default_templates: false,
            user_templates: true,
            local_srs: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Icon {
    Pool,
    Host,
    HostDown,
    VmRunning,
    VmHalted,
    VmSuspended,
    Template,
    UserTemplate,
    Snapshot,
    Storage,
    StorageDefault,
    StorageDisabled,
    Network,
    Nic,
    Group(ObjectType),
}

#[derive(Debug, Clone, PartialEq)]
pub struct TreeItem {
    pub node: Node,
    pub label: String,
    pub icon: Icon,
    /// Drawn grey: a hidden object shown because of the View menu, or a bond member.
    pub greyed: bool,
    pub children: Vec<TreeItem>,
    /// Text the search box matches besides the label (description, IP addresses).
    search_text: String,
    /// Lower-cased label and search text, made once so typing in the search box is cheap.
    hay: String,
    sort: SortKey,
}

/// XenCenter's order: type rank, then per-type rank, then natural name, then ref.
#[derive(Debug, Clone, PartialEq, Default)]
struct SortKey {
    rank: u8,
    sub: u8,
    name: String,
    r: String,
}

fn cmp_key(a: &SortKey, b: &SortKey) -> Ordering {
    a.rank
        .cmp(&b.rank)
        .then(a.sub.cmp(&b.sub))
        .then_with(|| natural::compare(&a.name, &b.name))
        .then_with(|| a.r.cmp(&b.r))
}

fn sort(items: &mut [TreeItem]) {
    items.sort_by(|a, b| cmp_key(&a.sort, &b.sort));
}

/// One visible row of the flattened tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub depth: usize,
    pub node: Node,
    pub label: String,
    pub icon: Icon,
    pub greyed: bool,
    pub has_children: bool,
    pub expanded: bool,
}

impl Row {
    fn of(it: &TreeItem, depth: usize, has_children: bool, expanded: bool) -> Row {
        Row {
            depth,
            node: it.node.clone(),
            label: it.label.clone(),
            icon: it.icon,
            greyed: it.greyed,
            has_children,
            expanded,
        }
    }
}

struct Builder<'a> {
    cache: &'a Cache,
    i18n: &'a I18n,
    opts: ViewOptions,
    /// Objects the hidden toggle adds or removes in this view (for the status bar).
    hidden: std::cell::Cell<usize>,
}

impl<'a> Builder<'a> {
    fn item(&self, node: Node, label: String, icon: Icon, sort: SortKey) -> TreeItem {
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
    fn keep(&self, shown: impl Fn(bool) -> bool) -> bool {
        let now = shown(self.opts.show_hidden);
        if now != shown(!self.opts.show_hidden) {
            self.hidden.set(self.hidden.get() + 1);
        }
        now
    }

    fn pool(&self, r: &Ref<Pool>, p: &Pool) -> TreeItem {
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

    fn host(&self, r: &Ref<Host>, h: &Host) -> TreeItem {
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

    fn vm(&self, r: &Ref<Vm>, vm: &Vm, ty: ObjectType) -> TreeItem {
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

    fn sr(&self, r: &Ref<Sr>, sr: &Sr) -> TreeItem {
        let text = names::sr_name_without_host(self.i18n, self.cache, sr);
        let hidden = vis::is_flag_hidden(&sr.other_config);
        let is_default = self.cache.pool().is_some_and(|(_, p)| p.default_sr == *r);
        let icon = if hidden || sr.pbds.is_empty() {
            Icon::StorageDisabled
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

    fn network(&self, r: &Ref<Network>, net: &Network) -> TreeItem {
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
                sub: if pif.management { 0 } else { 1 },
                name: format!("{host} {nic}"),
                r: r.as_str().into(),
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
                place(vis::sr_home(c, sr), self.sr(r, sr), &mut top);
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

    fn objects(&self) -> Vec<TreeItem> {
        let c = self.cache;
        let mut groups = Vec::new();
        for ty in ObjectType::ALL {
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
                ObjectType::RemoteSr | ObjectType::LocalSr => c
                    .srs
                    .iter()
                    .filter(|(_, sr)| {
                        vis::sr_type(sr) == ty && self.keep(|h| vis::sr_in_tree(c, sr, h))
                    })
                    .map(|(r, sr)| self.sr(r, sr))
                    .collect(),
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
    };
    fill_hay(&mut items);
    (items, b.hidden.get())
}

fn fill_hay(items: &mut [TreeItem]) {
    for it in items {
        it.hay = format!("{} {}", it.label, it.search_text).to_lowercase();
        fill_hay(&mut it.children);
    }
}

/// The search box: every whitespace-separated term must occur (case-insensitively) in the
/// label, the description or an IP address. An empty query matches everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    terms: Vec<String>,
}

impl Query {
    pub fn new(text: &str) -> Self {
        Query {
            terms: text.split_whitespace().map(str::to_lowercase).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    fn matches(&self, item: &TreeItem) -> bool {
        !matches!(item.node, Node::Group(_))
            && self.terms.iter().all(|t| item.hay.contains(t.as_str()))
    }
}

/// Keeps the items that match and the ancestors of those that do (groups never match alone).
pub fn filter(items: Vec<TreeItem>, q: &Query) -> Vec<TreeItem> {
    if q.is_empty() {
        return items;
    }
    items
        .into_iter()
        .filter_map(|mut it| {
            let self_match = q.matches(&it);
            it.children = filter(std::mem::take(&mut it.children), q);
            (self_match || !it.children.is_empty()).then_some(it)
        })
        .collect()
}

/// The visible rows. `collapsed` nodes hide their children unless `expand_all` (a search is
/// active, as in XenCenter).
pub fn flatten(items: &[TreeItem], collapsed: &HashSet<Node>, expand_all: bool) -> Vec<Row> {
    fn walk(
        items: &[TreeItem],
        depth: usize,
        collapsed: &HashSet<Node>,
        all: bool,
        out: &mut Vec<Row>,
    ) {
        for it in items {
            let expanded = all || !collapsed.contains(&it.node);
            out.push(Row::of(it, depth, !it.children.is_empty(), expanded));
            if expanded {
                walk(&it.children, depth + 1, collapsed, all, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(items, 0, collapsed, expand_all, &mut out);
    out
}

/// The rows of the items that match `q` and of their ancestors, all expanded, without
/// copying the tree (what the window does on every keystroke in the search box).
pub fn flatten_filtered(items: &[TreeItem], q: &Query) -> Vec<Row> {
    fn walk(items: &[TreeItem], depth: usize, q: &Query, out: &mut Vec<Row>) -> bool {
        let mut any = false;
        for it in items {
            let at = out.len();
            // Whether it has children shown is known once they are walked.
            out.push(Row::of(it, depth, false, true));
            let below = walk(&it.children, depth + 1, q, out);
            if below || q.matches(it) {
                out[at].has_children = below;
                any = true;
            } else {
                out.truncate(at);
            }
        }
        any
    }
    let mut out = Vec::new();
    walk(items, 0, q, &mut out);
    out
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
        .map(|it| {
            usize::from(!matches!(it.node, Node::Group(_) | Node::Conn(_))) + count(&it.children)
        })
        .sum()
}

/// The tree as indented text, two spaces a level: `xenpilot tree` and golden tests.
pub fn to_text(items: &[TreeItem]) -> String {
    let mut out = String::new();
    for row in flatten(items, &HashSet::new(), true) {
        out.push_str(&"  ".repeat(row.depth));
        out.push_str(&row.label);
        out.push('\n');
    }
    out
}
