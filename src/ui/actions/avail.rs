//! Whether an action applies to some objects now, and why not: the same answer for the
//! menus (enabled or greyed with a reason), the shortcuts, the palette and the app before it
//! runs anything (a menu drawn a frame ago may be stale).

use super::{Action, Role, Scope, When};
use crate::i18n::I18n;
use crate::model::tree::Node;
use crate::model::vm_plans::{self, Blocked};
use crate::ui::windows::AppView;
use xenapi::{Ref, Vm};

/// What an action acts on: the objects it applies to, in one pool (`None` for the app).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Targets {
    /// The pool's window id.
    pub pool: Option<u64>,
    pub nodes: Vec<Node>,
}

impl Targets {
    /// The VMs (or snapshots) among the targets.
    pub fn vms(&self) -> Vec<Ref<Vm>> {
        self.nodes
            .iter()
            .filter_map(|n| match n {
                Node::Vm(r) => Some(r.clone()),
                _ => None,
            })
            .collect()
    }
}

/// Why an action is greyed.
#[derive(Debug, Clone, PartialEq)]
pub enum WhyNot {
    /// Not connected, or an opened dump (the pool's id).
    ReadOnly(Option<u64>),
    /// The user's role does not allow it: it needs this role or a stronger one.
    Role(Role),
    /// xapi does not allow it on the first VM (power state, an operation in progress…).
    Blocked(Blocked),
    /// This client is already running an action on one of them.
    Running,
    /// The object's state rules it out (a Fluent id: a server down, the coordinator…).
    Because(&'static str),
    /// xapi would refuse this disk action now.
    Disk(crate::model::disk_plans::DiskWhyNot),
    /// xapi would refuse this repository action now.
    Sr(crate::model::sr_plans::SrWhyNot),
    /// This network cannot be deleted now.
    Net(crate::model::net_plans::NetWhyNot),
}

impl WhyNot {
    pub fn text(&self, view: &AppView) -> String {
        match self {
            WhyNot::ReadOnly(pool) => view.read_only_text(*pool),
            WhyNot::Role(role) => view
                .i18n
                .get_args("why-role", &[("role", &view.i18n.get(role.label_id()))]),
            WhyNot::Blocked(b) => crate::ui::errors::blocked(view.i18n, b),
            WhyNot::Running => view.i18n.get("why-running"),
            WhyNot::Because(id) => view.i18n.get(id),
            WhyNot::Disk(why) => super::why_words::disk_why_not(view, why),
            WhyNot::Sr(why) => super::why_words::sr_why_not(view, why),
            WhyNot::Net(why) => super::why_words::net_why_not(view, why),
        }
    }
}

/// Whether an action is offered for some objects.
#[derive(Debug, Clone, PartialEq)]
pub enum Availability {
    /// Not for these objects (not drawn).
    Hidden,
    /// Drawn greyed, saying why.
    Disabled(WhyNot),
    /// It applies to these (the objects it cannot act on left out: "Shut down 2 VMs" of 3).
    Enabled(Targets),
}

impl Availability {
    pub fn targets(self) -> Option<Targets> {
        match self {
            Availability::Enabled(t) => Some(t),
            _ => None,
        }
    }
}

/// The objects an action on `node` applies to: the multi-selection when `node` is in it.
pub fn around(view: &AppView, node: &Node) -> Vec<Node> {
    if view.multi.len() > 1 && view.multi.contains(node) {
        view.multi.to_vec()
    } else {
        vec![node.clone()]
    }
}

/// Whether `action` applies to `nodes` (for an app action: to the app, on the active pool).
pub fn check(view: &AppView, action: Action, nodes: &[Node]) -> Availability {
    let def = action.def();
    let pools = view.pools;
    let pool_index = match nodes.first() {
        Some(n) => pools.index_of_node(n),
        None => pools.active().and_then(|p| pools.index(p.id)),
    };
    let pool = pool_index.map(|i| &pools[i]);
    let pool_id = pool.map(|p| p.id);
    let writable = || !def.writes || view.can_write_to(pool_id);
    // A connected pool whose user's role cannot do it says which role can; a dump, or a pool
    // not connected, says that.
    let read_only = || match pool {
        Some(p) if p.is_live() && role_lacks(p, action) => {
            Availability::Disabled(WhyNot::Role(def.role))
        }
        _ => Availability::Disabled(WhyNot::ReadOnly(pool_id)),
    };
    match def.scope {
        Scope::App => {
            // From a pool's or a server's own menu (New VM, New network): only on a loaded,
            // connected pool.
            if def.when == When::Connected
                && let Some(n) = nodes.first()
                && !(matches!(n, Node::Pool(_) | Node::Host(_))
                    && pool.is_some_and(|p| p.is_live()))
            {
                return Availability::Hidden;
            }
            if !writable() || pool.is_some_and(|p| def.writes && role_lacks(p, action)) {
                return read_only();
            }
            Availability::Enabled(Targets {
                pool: pool_id,
                nodes: nodes.to_vec(),
            })
        }
        Scope::Pool => {
            let Some(p) = pool else {
                return Availability::Hidden;
            };
            let shown = match def.when {
                When::Connected => p.is_live(),
                When::Disconnected => !p.is_live() && p.reconnect.is_some(),
                _ => true,
            };
            if !shown {
                return Availability::Hidden;
            }
            // A pool action that changes the pool (Import, Rename…) needs the role that may.
            if def.writes && (!writable() || role_lacks(p, action)) {
                return read_only();
            }
            Availability::Enabled(Targets {
                pool: Some(p.id),
                nodes: nodes.iter().take(1).cloned().collect(),
            })
        }
        Scope::Nic => match nodes {
            [n @ (Node::Vif(_) | Node::Pif(_))] => Availability::Enabled(Targets {
                pool: pool_id,
                nodes: vec![n.clone()],
            }),
            _ => Availability::Hidden,
        },
        Scope::Nics => {
            let same_kind = nodes.iter().all(|n| matches!(n, Node::Vif(_)))
                || nodes.iter().all(|n| matches!(n, Node::Pif(_)));
            let one_pool = nodes.iter().all(|n| pools.index_of_node(n) == pool_index);
            if nodes.len() >= 2 && same_kind && one_pool {
                Availability::Enabled(Targets {
                    pool: pool_id,
                    nodes: nodes.to_vec(),
                })
            } else {
                Availability::Hidden
            }
        }
        Scope::Host => {
            let (Some(p), [node @ Node::Host(h)]) = (pool, nodes) else {
                return Availability::Hidden;
            };
            let rule = super::host_avail::rule(&p.cache, action, h);
            if rule == super::host_avail::Rule::Hidden {
                return Availability::Hidden;
            }
            if !writable() || (def.writes && role_lacks(p, action)) {
                return read_only();
            }
            if let super::host_avail::Rule::No(why) = rule {
                return Availability::Disabled(WhyNot::Because(why));
            }
            if def.writes && view.busy.contains(node) {
                return Availability::Disabled(WhyNot::Running);
            }
            Availability::Enabled(Targets {
                pool: Some(p.id),
                nodes: vec![node.clone()],
            })
        }
        Scope::Sr => {
            let Some(p) = pool else {
                return Availability::Hidden;
            };
            let Some(sr) = nodes.iter().find_map(|n| match n {
                Node::Sr(r) if p.cache.srs.contains_key(r) => Some(r.clone()),
                _ => None,
            }) else {
                return Availability::Hidden;
            };
            if !writable() || role_lacks(p, action) {
                return read_only();
            }
            if let Some(op) = super::sr_defs::op_of(action)
                && let Err(why) = crate::model::sr_plans::allowed(&p.cache, &sr, op)
            {
                return Availability::Disabled(WhyNot::Sr(why));
            }
            Availability::Enabled(Targets {
                pool: Some(p.id),
                nodes: vec![Node::Sr(sr)],
            })
        }
        Scope::Network => {
            let Some(p) = pool else {
                return Availability::Hidden;
            };
            let Some(net) = nodes.iter().find_map(|n| match n {
                Node::Network(r) if p.cache.networks.contains_key(r) => Some(r.clone()),
                _ => None,
            }) else {
                return Availability::Hidden;
            };
            if !writable() || role_lacks(p, action) {
                return read_only();
            }
            if action == Action::DeleteNetwork {
                if let Err(why) = crate::model::net_plans::can_delete(&p.cache, &net) {
                    return Availability::Disabled(WhyNot::Net(why));
                }
                // A network on NICs goes with its VLANs or bonds: `_R_POOL_OP` calls.
                let on_nics = p
                    .cache
                    .networks
                    .get(&net)
                    .is_some_and(|n| !n.pifs.is_empty());
                if on_nics && (p.read_only || lacks_call(p, "vlan.destroy")) {
                    return Availability::Disabled(WhyNot::Role(Role::PoolOperator));
                }
            }
            if view.busy.contains(&Node::Network(net.clone())) {
                return Availability::Disabled(WhyNot::Running);
            }
            Availability::Enabled(Targets {
                pool: Some(p.id),
                nodes: vec![Node::Network(net)],
            })
        }
        Scope::Disk => {
            let Some(p) = pool else {
                return Availability::Hidden;
            };
            let cache = &p.cache;
            let vdi = nodes.iter().find_map(|n| match n {
                Node::Vdi(r) => cache.vdis.get(r).map(|_| r.clone()),
                _ => None,
            });
            let vm = nodes.iter().find_map(|n| match n {
                Node::Vm(r) => Some(r.clone()),
                _ => None,
            });
            // A disk of a repository of disks (not an ISO or a tools image, not a snapshot's).
            let Some(vdi) = vdi.filter(|r| {
                cache.vdis.get(r).is_some_and(|d| {
                    !d.is_a_snapshot
                        && cache
                            .srs
                            .get(&d.sr)
                            .is_some_and(|s| s.content_type != "iso" && !s.is_tools_sr)
                })
            }) else {
                return Availability::Hidden;
            };
            let mine = vm
                .as_ref()
                .filter(|vm| crate::model::disk_plans::users(cache, &vdi).contains(vm));
            if def.when == When::InVm && mine.is_none() {
                return Availability::Hidden;
            }
            if !writable() || role_lacks(p, action) {
                return read_only();
            }
            let allowed = match action {
                Action::DeleteDisk => crate::model::disk_plans::can_delete(cache, &vdi),
                Action::ResizeDisk => crate::model::disk_plans::can_resize(cache, &vdi),
                Action::MoveDisk => crate::model::disk_move::can_move(cache, &vdi),
                _ => Ok(()),
            };
            if let Err(why) = allowed {
                return Availability::Disabled(WhyNot::Disk(why));
            }
            if mine.is_some_and(|vm| view.busy.contains(&Node::Vm(vm.clone()))) {
                return Availability::Disabled(WhyNot::Running);
            }
            let mut nodes = vec![Node::Vdi(vdi)];
            nodes.extend(mine.cloned().map(Node::Vm));
            Availability::Enabled(Targets {
                pool: Some(p.id),
                nodes,
            })
        }
        Scope::Tagged => {
            let Some(p) = pool else {
                return Availability::Hidden;
            };
            // Tags and folders span pools: a selection across pools is edited in each
            // object's own pool (the plans find it), so every pool involved must allow it.
            let mut involved: Vec<usize> = Vec::new();
            let objs: Vec<Node> = nodes
                .iter()
                .filter(|n| {
                    let Some(i) = pools.index_of_node(n) else {
                        return false;
                    };
                    let ok = crate::model::tags::target(&pools[i].cache, n).is_some();
                    if ok && !involved.contains(&i) {
                        involved.push(i);
                    }
                    ok
                })
                .cloned()
                .collect();
            if objs.is_empty() || (def.when == When::One && objs.len() != 1) {
                return Availability::Hidden;
            }
            if !writable() || role_lacks(p, action) {
                return read_only();
            }
            if let Some(&i) = involved.iter().find(|&&i| {
                let q = &pools[i];
                (def.writes && !view.can_write_to(Some(q.id))) || role_lacks(q, action)
            }) {
                let q = &pools[i];
                return if q.is_live() && role_lacks(q, action) {
                    Availability::Disabled(WhyNot::Role(def.role))
                } else {
                    Availability::Disabled(WhyNot::ReadOnly(Some(q.id)))
                };
            }
            Availability::Enabled(Targets {
                pool: Some(p.id),
                nodes: objs,
            })
        }
        Scope::Tag | Scope::Folder => {
            // A tag or folder spans pools: the role is checked on the active one, the one
            // a new folder goes in.
            let fits = match nodes {
                [Node::Tag(_)] => def.scope == Scope::Tag,
                [Node::Folder(_)] => def.scope == Scope::Folder,
                [Node::Pool(_)] => def.scope == Scope::Folder && def.when == When::Always,
                _ => false,
            };
            let p = pool.or_else(|| pools.active());
            let Some(p) = p.filter(|_| fits) else {
                return Availability::Hidden;
            };
            if !view.can_write_to(Some(p.id)) || role_lacks(p, action) {
                return match p.is_live() && role_lacks(p, action) {
                    true => Availability::Disabled(WhyNot::Role(def.role)),
                    false => Availability::Disabled(WhyNot::ReadOnly(Some(p.id))),
                };
            }
            Availability::Enabled(Targets {
                pool: Some(p.id),
                nodes: nodes.to_vec(),
            })
        }
        Scope::Vm | Scope::Snapshot => super::vm_avail::check(view, action, nodes),
    }
}

/// Whether the session's RBAC permissions on pool `p` miss `call` (lower case).
pub fn lacks_call(p: &crate::ui::pools::PoolConn, call: &str) -> bool {
    match &p.permissions {
        Some(perms) => !perms.iter().any(|x| {
            let x = x.to_ascii_lowercase();
            x == call || x.starts_with(&format!("{call}/"))
        }),
        None => false,
    }
}

/// Whether the user's role on pool `p` lacks what `action` needs: a read-only role, or a
/// session whose RBAC permissions miss the action's call (xapi appends `/key:…` to some).
pub(crate) fn role_lacks(p: &crate::ui::pools::PoolConn, action: Action) -> bool {
    if action.def().role == Role::ReadOnly {
        return false;
    }
    if p.read_only {
        return true;
    }
    match (&p.permissions, action.permission()) {
        (Some(perms), Some(call)) => !perms.iter().any(|x| {
            let x = x.to_ascii_lowercase();
            x == call || x.starts_with(&format!("{call}/"))
        }),
        _ => false,
    }
}

/// The VMs among `vms` that xapi allows `operation` on now, or why none (the first VM's
/// reason).
pub fn applies(
    cache: &xenapi::Cache,
    vms: &[Ref<Vm>],
    operation: &str,
) -> Result<Vec<Ref<Vm>>, Blocked> {
    let mut first_err = None;
    let mut ok = Vec::new();
    for vm in vms {
        match vm_plans::allowed(cache, vm, operation) {
            Ok(()) => ok.push(vm.clone()),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    if ok.is_empty() {
        Err(first_err.unwrap_or(Blocked::NotAllowed))
    } else {
        Ok(ok)
    }
}

/// The label of an action on `n` objects: "Shut down 3 VMs" when several were picked. Each
/// VM action that takes several has its own counted label (`<label>-many`, a Fluent plural),
/// so it reads naturally in every language ("Delete 3 VMs", not "Delete VM 3 VMs").
pub fn counted_label(i18n: &I18n, action: Action, picked: usize, n: usize) -> String {
    if picked > 1 && matches!(action.def().scope, Scope::Vm | Scope::Snapshot) {
        i18n.get_counted(&many_id(action), n, &[])
    } else {
        action.label_n(i18n, n)
    }
}

/// The Fluent id of an action's label for several objects.
pub fn many_id(action: Action) -> String {
    format!("{}-many", action.def().label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use xenapi::records::PowerState;

    /// Every VM or snapshot action offered for several objects has its counted label in
    /// every language, and it reads naturally (once said "Delete VM 3 VMs").
    #[test]
    fn counted_labels_read_naturally_in_every_language() {
        for (lang, _) in crate::i18n::LANGUAGES {
            let i18n = I18n::new(lang);
            for d in super::super::TABLE {
                if matches!(d.scope, Scope::Vm | Scope::Snapshot) && d.when != When::One {
                    let id = many_id(d.action);
                    assert!(i18n.try_get(&id, &[]).is_some(), "{lang} lacks {id}");
                }
            }
        }
        let en = I18n::new("en-US");
        let strip = |s: String| s.replace(['\u{2068}', '\u{2069}'], "");
        assert_eq!(
            strip(counted_label(&en, Action::Delete, 3, 3)),
            "Delete 3 VMs"
        );
        assert_eq!(
            strip(counted_label(&en, Action::Shutdown, 3, 1)),
            "Shut down 1 VM"
        );
        assert_eq!(
            strip(counted_label(&en, Action::Migrate, 2, 2)),
            "Move 2 VMs to server"
        );
        assert_eq!(
            strip(counted_label(&en, Action::DeleteSnapshot, 2, 2)),
            "Delete 2 snapshots"
        );
        assert_eq!(strip(counted_label(&en, Action::Delete, 1, 1)), "Delete VM");
        let ja = I18n::new("ja");
        assert_eq!(
            strip(counted_label(&ja, Action::Delete, 3, 3)),
            "3 台の VM を削除"
        );
        let de = I18n::new("de");
        assert_eq!(
            strip(counted_label(&de, Action::Shutdown, 2, 2)),
            "2 VMs herunterfahren"
        );
    }

    #[test]
    fn a_selection_keeps_only_the_vms_an_operation_applies_to() {
        let mut cache = xapidb::cache_of(&demo::demo_pool());
        let (mut running, mut halted) = (Vec::new(), Vec::new());
        let guests: Vec<_> = cache
            .vms
            .keys()
            .filter(|r| vm_plans::is_guest(&cache, r))
            .cloned()
            .collect();
        for r in guests {
            let Some(v) = cache.vms.get_mut(&r) else {
                continue;
            };
            // What xapi lists for each state (a dump keeps none).
            match v.power_state {
                PowerState::Running => {
                    v.allowed_operations = vec!["clean_shutdown".into()];
                    running.push(r);
                }
                PowerState::Halted => {
                    v.allowed_operations = vec!["start".into()];
                    halted.push(r);
                }
                _ => {}
            }
        }
        running.sort();
        halted.sort();
        assert!(!running.is_empty() && !halted.is_empty());
        let all: Vec<_> = running.iter().chain(&halted).cloned().collect();
        // In the order given: the running ones first.
        assert_eq!(applies(&cache, &all, "clean_shutdown").unwrap(), running);
        assert_eq!(applies(&cache, &all, "start").unwrap(), halted);
        assert_eq!(
            applies(&cache, &halted, "clean_shutdown"),
            Err(Blocked::PowerState(PowerState::Halted))
        );
    }
}
