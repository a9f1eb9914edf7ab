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
    /// Every job of the batch failed: the node will not come.
    failed: bool,
}

/// What to do with the wait this frame.
#[derive(Debug, PartialEq, Eq)]
pub enum Settle {
    Keep,
    /// It came, the selection moved, or the grace passed.
    End,
    /// Its jobs all failed and it is not there: back to where the selection was.
    Back,
}

impl Awaited {
    pub fn new(node: Node, batch: u64) -> Self {
        Self {
            node,
            batch,
            until: None,
            failed: false,
        }
    }

    /// Marks the wait as in vain when every job of `batch` failed.
    pub fn batch_failed(&mut self, batch: u64) {
        self.failed |= self.batch == batch;
    }

    /// Whether to keep waiting this frame: not while the node is in `tree`, nor once the
    /// selection moved, the jobs all failed, or the grace after the batch ended has passed.
    /// `batch_running` says whether a job of the batch still runs.
    pub fn settle(
        &mut self,
        selected: Option<&Node>,
        tree: &[TreeItem],
        batch_running: impl Fn(u64) -> bool,
        now: f64,
    ) -> Settle {
        if selected != Some(&self.node) || find_org(tree, &self.node).is_some() {
            return Settle::End;
        }
        if self.failed {
            return Settle::Back;
        }
        if batch_running(self.batch) || now < *self.until.get_or_insert(now + GRACE) {
            return Settle::Keep;
        }
        Settle::End
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
        assert_eq!(a.settle(Some(&live), &[], |_| true, 0.0), Settle::Keep);
        let nested = [item(
            Node::Folder("/Prod".into()),
            vec![item(Node::Folder("/Prod/Web".into()), vec![])],
        )];
        let mut f = Awaited::new(Node::Folder("/Prod/Web".into()), 7);
        let web = f.node.clone();
        assert_eq!(f.settle(Some(&web), &nested, |_| true, 0.0), Settle::End);
        let prod = Node::Tag("prod".into());
        assert_eq!(a.settle(Some(&prod), &[], |_| true, 0.0), Settle::End);
        let there = [item(live.clone(), vec![])];
        assert_eq!(a.settle(Some(&live), &there, |_| true, 0.0), Settle::End);
    }

    #[test]
    fn when_every_job_failed_the_selection_goes_back_unless_the_node_came() {
        let live = Node::Tag("live".into());
        let mut a = Awaited::new(live.clone(), 7);
        a.batch_failed(8);
        assert_eq!(a.settle(Some(&live), &[], |_| false, 0.0), Settle::Keep);
        a.batch_failed(7);
        assert_eq!(a.settle(Some(&live), &[], |_| false, 0.0), Settle::Back);
        let there = [item(live.clone(), vec![])];
        assert_eq!(a.settle(Some(&live), &there, |_| false, 0.0), Settle::End);
    }

    #[test]
    fn after_the_batch_ends_it_waits_a_grace_then_gives_up() {
        let live = Node::Tag("live".into());
        let mut a = Awaited::new(live.clone(), 7);
        let running = |b: u64| b == 7;
        assert_eq!(a.settle(Some(&live), &[], running, 100.0), Settle::Keep);
        assert_eq!(a.left(100.0), None, "no deadline while the jobs run");
        let ended = |_: u64| false;
        assert_eq!(a.settle(Some(&live), &[], ended, 200.0), Settle::Keep);
        assert_eq!(a.left(201.0), Some(GRACE - 1.0));
        let late = 200.0 + GRACE;
        assert_eq!(a.settle(Some(&live), &[], ended, late - 0.1), Settle::Keep);
        assert_eq!(a.settle(Some(&live), &[], ended, late), Settle::End);
    }
}
