//! Search and rows: the search box's query, filtering, and flattening the tree into the rows
//! the virtualised list draws.

use super::{Node, Row, TreeItem};
use std::collections::HashSet;

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

    /// Words already split and lower-cased (a quoted word may hold a space).
    pub fn from_words<S: AsRef<str>>(words: &[S]) -> Self {
        Query {
            terms: words.iter().map(|w| w.as_ref().to_lowercase()).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn matches(&self, item: &TreeItem) -> bool {
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
    flatten_where(items, &|it| q.matches(it))
}

/// [`flatten_filtered`] with any test of which items match (a query over the records).
pub fn flatten_where(items: &[TreeItem], q: &dyn Fn(&TreeItem) -> bool) -> Vec<Row> {
    fn walk(
        items: &[TreeItem],
        depth: usize,
        q: &dyn Fn(&TreeItem) -> bool,
        out: &mut Vec<Row>,
    ) -> bool {
        let mut any = false;
        for it in items {
            let at = out.len();
            // Whether it has children shown is known once they are walked.
            out.push(Row::of(it, depth, false, true));
            let below = walk(&it.children, depth + 1, q, out);
            if below || (!matches!(it.node, Node::Group(_)) && q(it)) {
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
