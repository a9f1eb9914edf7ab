//! A tag or folder the selection moved to before it exists: a rename's new name is selected
//! when the user confirms, but it reaches the tree only once xapi's event for the change
//! does, which may be after the jobs report "done". Until then the details pane shows a
//! spinner rather than "This object no longer exists".

use crate::model::tree::{Node, TreeItem};

/// How long (seconds) the pane keeps waiting after the jobs ended: the event normally comes
/// in milliseconds; past this the node is taken as gone (another admin undid the change).
const GRACE: f64 = 10.0;

/// The node waited for and the batch of jobs that makes it.
#[derive(Debug, Clone)]
pub struct Awaited {
    pub node: Node,
    batch: u64,
    /// When the wait ends (egui's clock), set once the batch has ended.
    until: Option<f64>,
}

impl Awaited {
    pub fn new(node: Node, batch: u64) -> Self {
        Self {
            node,
            batch,
            until: None,
        }
    }

    /// Whether to keep waiting this frame: not while the node is in `tree`, nor once the
    /// selection moved elsewhere or the grace after the batch ended has passed.
    /// `batch_running` says whether a job of the batch still runs.
    pub fn keep(
        &mut self,
        selected: Option<&Node>,
        tree: &[TreeItem],
        batch_running: impl Fn(u64) -> bool,
        now: f64,
    ) -> bool {
        if selected != Some(&self.node) || find_org(tree, &self.node).is_some() {
            return false;
        }
        if batch_running(self.batch) {
            return true;
        }
        now < *self.until.get_or_insert(now + GRACE)
    }

    /// Seconds until the wait ends (`None`: not before the batch ends), for a repaint then.
    pub fn left(&self, now: f64) -> Option<f64> {
        self.until.map(|u| (u - now).max(0.0))
    }
}

/// A tag or folder of the Tags or Folders view in `tree` (folders nest).
pub fn find_org<'t>(tree: &'t [TreeItem], node: &Node) -> Option<&'t TreeItem> {
    tree.iter().find_map(|it| {
        if &it.node == node {
            Some(it)
        } else if matches!(it.node, Node::Folder(_)) {
            find_org(&it.children, node)
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(node: Node, children: Vec<TreeItem>) -> TreeItem {
        let mut it = crate::model::tree::placeholder(0, String::new());
        it.node = node;
        it.children = children;
        it
    }

    #[test]
    fn the_wait_ends_when_the_node_appears_or_the_selection_moves() {
        let live = Node::Tag("live".into());
        let mut a = Awaited::new(live.clone(), 7);
        assert!(a.keep(Some(&live), &[], |_| true, 0.0));
        let nested = [item(
            Node::Folder("/Prod".into()),
            vec![item(Node::Folder("/Prod/Web".into()), vec![])],
        )];
        let mut f = Awaited::new(Node::Folder("/Prod/Web".into()), 7);
        assert!(!f.keep(Some(&f.node.clone()), &nested, |_| true, 0.0));
        assert!(!a.keep(Some(&Node::Tag("prod".into())), &[], |_| true, 0.0));
        assert!(a.keep(Some(&live), &[], |_| true, 0.0));
        assert!(!a.keep(Some(&live), &[item(live.clone(), vec![])], |_| true, 0.0));
    }

    #[test]
    fn after_the_batch_ends_it_waits_a_grace_then_gives_up() {
        let live = Node::Tag("live".into());
        let mut a = Awaited::new(live.clone(), 7);
        assert!(a.keep(Some(&live), &[], |b| b == 7, 100.0));
        assert_eq!(a.left(100.0), None, "no deadline while the jobs run");
        assert!(a.keep(Some(&live), &[], |_| false, 200.0));
        assert_eq!(a.left(201.0), Some(GRACE - 1.0));
        assert!(a.keep(Some(&live), &[], |_| false, 200.0 + GRACE - 0.1));
        assert!(!a.keep(Some(&live), &[], |_| false, 200.0 + GRACE));
    }
}
