//! The organisation views: Tags (each tag, the objects that carry it under it) and Folders
//! (XenCenter's folder tree: `other_config:folder` of each object, plus the pool's empty
//! folders). Pools, servers, VMs and templates as the View menu shows them, storage and
//! networks take part. Several pools' views are joined by [`merge_org`]: a tag or folder of
//! the same name is one node, as XenCenter shows them.

use super::build::Builder;
use super::{Icon, Node, SortKey, TreeItem, sort};
use crate::model::folders::{self, shown};
use crate::model::visibility::{self as vis, ObjectType};
use std::collections::BTreeMap;

/// Tags and folders sort before objects, and among themselves by name.
const RANK: u8 = 10;

/// One object of the organisation views with what they read of it.
struct Org<'c> {
    item: TreeItem,
    tags: &'c [String],
    other_config: &'c xenapi::records::StringMap,
}

#[derive(Default)]
struct Dir {
    sub: BTreeMap<String, Dir>,
    items: Vec<TreeItem>,
}

impl Dir {
    fn at(&mut self, segs: &[&str]) -> &mut Dir {
        let mut d = self;
        for s in segs {
            d = d.sub.entry((*s).to_string()).or_default();
        }
        d
    }

    fn into_items(self, b: &Builder, prefix: &str) -> Vec<TreeItem> {
        let mut out = self.items;
        for (name, dir) in self.sub {
            let path = format!("{prefix}/{name}");
            let mut it = b.item(
                Node::Folder(path.clone()),
                shown(&name),
                Icon::Folder,
                SortKey {
                    rank: RANK,
                    name: name.clone(),
                    r: path.clone(),
                    ..SortKey::default()
                },
            );
            it.children = dir.into_items(b, &path);
            out.push(it);
        }
        sort(&mut out);
        out
    }
}

impl Builder<'_> {
    fn org_objects(&self) -> Vec<Org<'_>> {
        let c = self.cache;
        let o = self.opts;
        let mut out = Vec::new();
        for (r, p) in &c.pools {
            out.push(Org {
                item: self.pool(r, p),
                tags: &p.tags,
                other_config: &p.other_config,
            });
        }
        for (r, h) in &c.hosts {
            out.push(Org {
                item: self.host(r, h),
                tags: &h.tags,
                other_config: &h.other_config,
            });
        }
        for (r, vm) in &c.vms {
            let wanted = match vis::vm_type(vm) {
                Some(ObjectType::Vm) => true,
                Some(ObjectType::UserTemplate) => o.user_templates,
                Some(ObjectType::DefaultTemplate) => o.default_templates,
                _ => false,
            };
            if let Some(ty) = vis::vm_type(vm)
                && wanted
                && self.keep(|h| vis::vm_in_tree(c, vm, h))
            {
                out.push(Org {
                    item: self.vm(r, vm, ty),
                    tags: &vm.tags,
                    other_config: &vm.other_config,
                });
            }
        }
        for (r, sr) in &c.srs {
            let wanted = vis::sr_type(sr) == ObjectType::RemoteSr || o.local_srs;
            if wanted && self.keep(|h| vis::sr_in_tree(c, sr, h)) {
                out.push(Org {
                    item: self.sr(r, sr, true),
                    tags: &sr.tags,
                    other_config: &sr.other_config,
                });
            }
        }
        for (r, n) in &c.networks {
            if self.keep(|h| vis::network_shown(c, n, h)) {
                out.push(Org {
                    item: self.network(r, n),
                    tags: &n.tags,
                    other_config: &n.other_config,
                });
            }
        }
        out
    }

    /// Each tag in use, with the objects that carry it.
    pub(super) fn tags(&self) -> Vec<TreeItem> {
        let mut by_tag: BTreeMap<&str, Vec<TreeItem>> = BTreeMap::new();
        for o in self.org_objects() {
            let mut seen: Vec<&str> = Vec::new();
            for t in o.tags {
                if !seen.contains(&t.as_str()) {
                    seen.push(t);
                    by_tag.entry(t).or_default().push(o.item.clone());
                }
            }
        }
        let mut out: Vec<TreeItem> = by_tag
            .into_iter()
            .map(|(tag, mut items)| {
                sort(&mut items);
                let mut it = self.item(
                    Node::Tag(tag.to_string()),
                    shown(tag),
                    Icon::Tag,
                    SortKey {
                        rank: RANK,
                        name: tag.to_string(),
                        r: tag.to_string(),
                        ..SortKey::default()
                    },
                );
                it.children = items;
                it
            })
            .collect();
        sort(&mut out);
        out
    }

    /// The folder tree: objects in their folders, empty folders from the pool's list.
    /// Objects in no folder are not in this view (as in XenCenter).
    pub(super) fn folders(&self) -> Vec<TreeItem> {
        let mut root = Dir::default();
        for p in self.cache.pools.values() {
            for path in folders::empty_folders(&p.other_config) {
                root.at(&folders::segments(&path));
            }
        }
        for o in self.org_objects() {
            if let Some(path) = folders::folder_of(o.other_config) {
                root.at(&folders::segments(&path)).items.push(o.item);
            }
        }
        root.items.clear();
        root.into_items(self, "")
    }
}

/// Several pools' Tags or Folders views as one: a tag or folder of the same name is one
/// node holding every pool's objects. Other top-level items (placeholders) follow.
pub fn merge_org(trees: Vec<Vec<TreeItem>>) -> Vec<TreeItem> {
    fn merge_into(out: &mut Vec<TreeItem>, items: Vec<TreeItem>) {
        for it in items {
            let joins = matches!(it.node, Node::Tag(_) | Node::Folder(_));
            match out.iter_mut().find(|o| joins && o.node == it.node) {
                Some(same) => merge_into(&mut same.children, it.children),
                None => out.push(it),
            }
        }
        sort(out);
    }
    let mut out: Vec<TreeItem> = Vec::new();
    let mut rest: Vec<TreeItem> = Vec::new();
    for tree in trees {
        let (org, other): (Vec<TreeItem>, Vec<TreeItem>) = tree
            .into_iter()
            .partition(|it| matches!(it.node, Node::Tag(_) | Node::Folder(_)));
        merge_into(&mut out, org);
        rest.extend(other);
    }
    out.extend(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::super::{ViewKind, ViewOptions, build, to_text};
    use super::*;
    use crate::i18n::I18n;
    use xenapi::Cache;

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    /// The demo pool with tags and folders written as another client would.
    fn organised() -> Cache {
        let mut c = demo();
        let mut vms: Vec<_> = c
            .vms
            .iter()
            .filter(|(_, v)| vis::vm_type(v) == Some(ObjectType::Vm))
            .map(|(r, _)| r.clone())
            .collect();
        vms.sort();
        for (i, r) in vms.iter().take(3).enumerate() {
            let vm = c.vms.get_mut(r).expect("a VM");
            vm.tags = vec!["prod".into(), "web".into(), "prod".into()];
            let folder = ["/Prod/Web", "//Prod//Web/", "/Prod\u{1b}[31m"][i];
            vm.other_config.insert("folder".into(), folder.into());
        }
        if let Some((_, p)) = c.pools.iter_mut().next() {
            p.other_config
                .insert("EMPTY_FOLDERS".into(), "/Empty;junk;/Prod/Web/Old".into());
        }
        c
    }

    #[test]
    fn the_tags_view_lists_each_tag_once_with_its_objects_once() {
        let (c, i18n) = (organised(), I18n::new("en-US"));
        let t = build(&c, &i18n, ViewKind::Tags, ViewOptions::default());
        let tags: Vec<&str> = t.iter().map(|i| i.label.as_str()).collect();
        // The demo pool has a tag of its own already; the rest are ours, sorted.
        assert_eq!(tags, ["prod", "storage", "web"]);
        assert_eq!(t[0].children.len(), 3, "{}", to_text(&t));
        assert!(t[0].children.iter().all(|c| matches!(c.node, Node::Vm(_))));
        let objects: usize = t.iter().map(|g| g.children.len()).sum();
        assert_eq!(super::super::count(&t), objects, "objects, not tags");
    }

    #[test]
    fn the_folders_view_is_xencenters_tree_with_bad_names_escaped() {
        let (c, i18n) = (organised(), I18n::new("en-US"));
        let t = build(&c, &i18n, ViewKind::Folders, ViewOptions::default());
        let text = to_text(&t);
        let top: Vec<&str> = t.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(top, ["Empty", "Prod", "Prod\\u{1b}[31m"], "{text}");
        let prod = &t[1];
        assert_eq!(prod.node, Node::Folder("/Prod".into()));
        let web = &prod.children[0];
        assert_eq!(web.node, Node::Folder("/Prod/Web".into()));
        // The empty subfolder first, then the two VMs.
        assert_eq!(web.children[0].node, Node::Folder("/Prod/Web/Old".into()));
        assert_eq!(web.children.len(), 3, "{text}");
    }

    #[test]
    fn two_pools_share_one_folder_and_one_tag() {
        let (c, i18n) = (organised(), I18n::new("en-US"));
        for view in [ViewKind::Tags, ViewKind::Folders] {
            let one = build(&c, &i18n, view, ViewOptions::default());
            let merged = merge_org(vec![one.clone(), one.clone()]);
            assert_eq!(merged.len(), one.len(), "{view:?}: nodes joined");
            assert_eq!(
                super::super::count(&merged),
                2 * super::super::count(&one),
                "{view:?}: every pool's objects"
            );
        }
    }
}
