//! The tree's storage icons as XenCenter draws them (`Images.GetIconFor(SR)`): its own
//! expected tree for state1.xml names each repository's icon, and a repository a server lost
//! (unplugged, or detached everywhere) is drawn broken.

use super::navigator::{fixtures, load};
use quick_xml::events::Event;
use xenpilot::demo;
use xenpilot::i18n::I18n;
use xenpilot::model::tree::{self, Icon, Node, TreeItem, ViewKind, ViewOptions};
use xenpilot::xenapi::Cache;

/// (name, XenCenter's icon) of every repository in its expected tree.
fn golden_icons(name: &str) -> Vec<(String, String)> {
    let xml = std::fs::read_to_string(fixtures().join(name)).unwrap();
    let mut r = quick_xml::Reader::from_str(&xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "node" => {
                let attr = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.as_ref() == key)
                        .map(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .unwrap()
                                .into_owned()
                        })
                };
                if let (Some(text), Some(icon)) = (attr("text"), attr("imageindex"))
                    && icon.starts_with("Storage")
                {
                    out.push((text, icon));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out.sort();
    out
}

/// (label, icon) of every repository in our tree.
fn our_icons(items: &[TreeItem]) -> Vec<(String, String)> {
    fn walk(items: &[TreeItem], out: &mut Vec<(String, String)>) {
        for it in items {
            if let Node::Sr(_) = it.node {
                out.push((it.label.clone(), format!("{:?}", it.icon)));
            }
            walk(&it.children, out);
        }
    }
    let mut out = Vec::new();
    walk(items, &mut out);
    out.sort();
    out
}

fn build(cache: &Cache) -> Vec<TreeItem> {
    let opts = ViewOptions {
        default_templates: true,
        ..ViewOptions::default()
    };
    tree::build(cache, &I18n::new("en-US"), ViewKind::Infrastructure, opts)
}

#[test]
fn storage_icons_match_xencenters_expected_tree_for_state1() {
    let golden = golden_icons("state1.treeview.serverview.xml");
    assert!(golden.len() >= 10, "{golden:?}");
    assert_eq!(our_icons(&build(&load("state1.xml"))), golden);
}

/// The icon of the demo's shared NFS repository in the tree.
fn nfs_icon(cache: &Cache) -> Icon {
    fn find(items: &[TreeItem], r: &Node) -> Option<Icon> {
        items.iter().find_map(|it| {
            (it.node == *r)
                .then_some(it.icon)
                .or_else(|| find(&it.children, r))
        })
    }
    let (r, _) = cache
        .srs
        .iter()
        .find(|(_, s)| s.sr_type == "nfs" && s.shared)
        .expect("the demo's NFS repository");
    find(&build(cache), &Node::Sr(r.clone())).expect("in the tree")
}

#[test]
fn a_repository_a_server_lost_is_drawn_broken() {
    let mut c = xenpilot::xapidb::cache_of(&demo::demo_pool());
    assert!(matches!(nfs_icon(&c), Icon::Storage | Icon::StorageDefault));
    let (nfs, _) = c
        .srs
        .iter()
        .find(|(_, s)| s.sr_type == "nfs" && s.shared)
        .map(|(r, s)| (r.clone(), s.clone()))
        .unwrap();
    // One server's connection unplugged.
    let one = c
        .pbds
        .iter()
        .find(|(_, p)| p.sr == nfs)
        .map(|(r, _)| r.clone())
        .unwrap();
    c.pbds.get_mut(&one).unwrap().currently_attached = false;
    assert_eq!(nfs_icon(&c), Icon::StorageBroken);
    // Detached on every server.
    for p in c.pbds.values_mut().filter(|p| p.sr == nfs) {
        p.currently_attached = false;
    }
    assert_eq!(nfs_icon(&c), Icon::StorageBroken);
    // No connection at all: disabled, as XenCenter draws it.
    c.srs.get_mut(&nfs).unwrap().pbds.clear();
    assert_eq!(nfs_icon(&c), Icon::StorageDisabled);
}
