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
//!
//! - [`build`](build_counted): the tree of one pool, in XenCenter's layout and order;
//!   [`merge_objects`] joins several pools' Objects views.
//! - [`rows`](flatten): search filtering and flattening into visible rows.
//! - Tags and Folders (`org`): each tag with its objects; XenCenter's folder tree from
//!   `other_config:folder` and the pool's empty folders; [`merge_org`] joins several pools'.

mod build;
mod org;
mod rows;

pub use build::{build, build_counted, count, merge_objects, placeholder};
pub use org::merge_org;
pub use rows::{Query, filter, flatten, flatten_filtered, flatten_where, to_text};

use super::natural;
use super::visibility::ObjectType;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use xenapi::{Host, Network, Pif, Pool, Ref, Sr, Vdi, Vif, Vm};

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
    /// A tag of the Tags view, as written on the objects (of every pool).
    Tag(String),
    /// A folder of the Folders view: its absolute path (`/Production/Web`), in every pool.
    Folder(String),
}

impl Node {
    /// Whether it stands for an object of a pool (not a group, tag, folder or connection).
    pub fn is_object(&self) -> bool {
        !matches!(
            self,
            Node::Group(_) | Node::Conn(_) | Node::Tag(_) | Node::Folder(_)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ViewKind {
    #[default]
    Infrastructure,
    Objects,
    /// Each tag, its objects under it.
    Tags,
    /// XenCenter's folders (`other_config:folder`), across all pools.
    Folders,
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
    /// Detached, or a server lacks its connection (XenCenter's `StorageBroken`).
    StorageBroken,
    Network,
    Nic,
    Group(ObjectType),
    Tag,
    Folder,
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
    pub(crate) search_text: String,
    /// Lower-cased label and search text, made once so typing in the search box is cheap.
    pub(crate) hay: String,
    pub(crate) sort: SortKey,
}

/// XenCenter's order: type rank, then per-type rank, then natural name, then ref.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct SortKey {
    pub(crate) rank: u8,
    pub(crate) sub: u8,
    pub(crate) name: String,
    pub(crate) r: String,
}

fn cmp_key(a: &SortKey, b: &SortKey) -> Ordering {
    a.rank
        .cmp(&b.rank)
        .then(a.sub.cmp(&b.sub))
        .then_with(|| natural::compare(&a.name, &b.name))
        .then_with(|| a.r.cmp(&b.r))
}

pub(crate) fn sort(items: &mut [TreeItem]) {
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
    pub(crate) fn of(it: &TreeItem, depth: usize, has_children: bool, expanded: bool) -> Row {
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
