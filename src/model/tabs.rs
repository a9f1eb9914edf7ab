//! The details pane's tabs, as administrators know them from XenCenter: which an object
//! offers, and which one shows when the selection moves. The tab the user chose is kept
//! while the selection moves; an object without it shows its General tab meanwhile, and the
//! chosen tab comes back on the next object that has it (as XenCenter does).

use super::tree::Node;
use xenapi::Cache;

/// One tab of the details pane, in the order they are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum DetailsTab {
    #[default]
    General,
    Storage,
    Networking,
    Snapshots,
    Console,
    Performance,
    Tasks,
    Alerts,
}

impl DetailsTab {
    /// Every tab, in drawing order.
    pub const ALL: [DetailsTab; 8] = [
        DetailsTab::General,
        DetailsTab::Storage,
        DetailsTab::Networking,
        DetailsTab::Snapshots,
        DetailsTab::Console,
        DetailsTab::Performance,
        DetailsTab::Tasks,
        DetailsTab::Alerts,
    ];

    /// The Fluent id of the tab's title.
    pub fn label_id(self) -> &'static str {
        match self {
            DetailsTab::General => "tab-general",
            DetailsTab::Storage => "tab-storage",
            DetailsTab::Networking => "tab-networking",
            DetailsTab::Snapshots => "tab-snapshots",
            DetailsTab::Console => "tab-console",
            DetailsTab::Performance => "tab-performance",
            DetailsTab::Tasks => "tab-tasks",
            DetailsTab::Alerts => "tab-alerts",
        }
    }
}

/// The tabs `node` offers, in drawing order (always General first).
pub fn offered(cache: &Cache, node: &Node) -> Vec<DetailsTab> {
    use DetailsTab::*;
    match node {
        Node::Pool(_) => vec![General, Networking, Performance, Tasks, Alerts],
        Node::Host(_) => vec![
            General,
            Storage,
            Networking,
            Console,
            Performance,
            Tasks,
            Alerts,
        ],
        Node::Vm(r) => match cache.vms.get(r) {
            Some(vm) if vm.is_a_snapshot => vec![General, Storage, Networking],
            Some(vm) if vm.is_a_template => vec![General, Storage, Networking, Tasks, Alerts],
            Some(_) => vec![
                General,
                Storage,
                Networking,
                Snapshots,
                Console,
                Performance,
                Tasks,
                Alerts,
            ],
            None => vec![General],
        },
        Node::Sr(_) => vec![General, Storage, Tasks, Alerts],
        Node::Network(_) => vec![General, Networking],
        Node::Pif(_)
        | Node::Vif(_)
        | Node::Vdi(_)
        | Node::Group(_)
        | Node::Conn(_)
        | Node::Tag(_)
        | Node::Folder(_) => {
            vec![General]
        }
    }
}

/// The tab to draw for an object offering `offered`: the one chosen if it has it, else
/// General.
pub fn shown(chosen: DetailsTab, offered: &[DetailsTab]) -> DetailsTab {
    if offered.contains(&chosen) {
        chosen
    } else {
        DetailsTab::General
    }
}

/// The tab `step` places from `from` among `offered` (Ctrl+Page Down / Page Up), wrapping.
pub fn step(from: DetailsTab, offered: &[DetailsTab], step: isize) -> DetailsTab {
    let Some(i) = offered.iter().position(|t| *t == from) else {
        return offered.first().copied().unwrap_or_default();
    };
    let n = offered.len() as isize;
    offered[(i as isize + step).rem_euclid(n) as usize]
}

#[cfg(test)]
mod tests {
    use super::*;
    use DetailsTab::*;
    use xenapi::{Ref, Vm};

    fn cache_with(vm: Vm) -> (Cache, Node) {
        let mut c = Cache::default();
        let r: Ref<Vm> = Ref::new("OpaqueRef:vm");
        c.vms.insert(r.clone(), vm);
        (c, Node::Vm(r))
    }

    #[test]
    fn a_vm_offers_every_tab_and_a_snapshot_no_console() {
        let (c, n) = cache_with(Vm::default());
        assert_eq!(offered(&c, &n), DetailsTab::ALL.to_vec());
        let (c, n) = cache_with(Vm {
            is_a_snapshot: true,
            ..Vm::default()
        });
        let tabs = offered(&c, &n);
        assert!(!tabs.contains(&Console) && !tabs.contains(&Performance));
        assert_eq!(tabs[0], General);
    }

    #[test]
    fn the_chosen_tab_waits_for_an_object_that_has_it() {
        let host = offered(&Cache::default(), &Node::Pif(Ref::new("OpaqueRef:p")));
        assert_eq!(shown(Console, &host), General);
        let (c, n) = cache_with(Vm::default());
        assert_eq!(shown(Console, &offered(&c, &n)), Console);
    }

    #[test]
    fn stepping_wraps_both_ways() {
        let tabs = [General, Storage, Console];
        assert_eq!(step(Console, &tabs, 1), General);
        assert_eq!(step(General, &tabs, -1), Console);
        assert_eq!(step(Alerts, &tabs, 1), General);
    }
}
