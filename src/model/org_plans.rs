//! What organising sends, across every connected pool: one job per object changed (its
//! tags, its folder) and at most one per pool for the pool's empty-folder list, as
//! XenCenter's `FolderAction` does (the objects first, the list last). Pure: from the caches.

use super::folders::{self, Target};
use super::tags;
use super::tree::Node;
use super::vm_plans::Plan;
use xenapi::Cache;

/// A pool as the planner sees it: its window id and its cache.
pub type PoolRef<'a> = (u64, &'a Cache);

/// One plan for one object of one pool.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub pool: u64,
    pub owner: Node,
    pub plan: Plan,
}

/// The objects the organisation views show, with their pool: `(pool, node, other_config)`.
fn objects<'a>(pools: &[PoolRef<'a>]) -> Vec<(u64, Node, &'a xenapi::records::StringMap)> {
    let mut out = Vec::new();
    for (id, c) in pools {
        let nodes = c
            .pools
            .keys()
            .map(|r| Node::Pool(r.clone()))
            .chain(c.hosts.keys().map(|r| Node::Host(r.clone())))
            .chain(c.vms.keys().map(|r| Node::Vm(r.clone())))
            .chain(c.srs.keys().map(|r| Node::Sr(r.clone())))
            .chain(c.networks.keys().map(|r| Node::Network(r.clone())));
        for n in nodes {
            if let Some(oc) = tags::other_config(c, &n) {
                out.push((*id, n, oc));
            }
        }
    }
    out
}

fn pool_of<'a>(pools: &[PoolRef<'a>], node: &Node) -> Option<(u64, &'a Cache)> {
    pools
        .iter()
        .find(|(_, c)| tags::target(c, node).is_some())
        .map(|(id, c)| (*id, *c))
}

fn pool_target(c: &Cache) -> Option<(Node, Target, Vec<String>)> {
    let (r, p) = c.pool()?;
    Some((
        Node::Pool(r.clone()),
        Target {
            class: "pool",
            r: r.as_str().to_string(),
            uuid: p.uuid.clone(),
        },
        folders::empty_folders(&p.other_config),
    ))
}

/// Adds `add` and removes `remove` on each of `nodes` (whatever pool holds it): one job per
/// object that changes.
pub fn tag_jobs(pools: &[PoolRef], nodes: &[Node], add: &[String], remove: &[String]) -> Vec<Job> {
    let mut out = Vec::new();
    for n in nodes {
        let Some((id, c)) = pool_of(pools, n) else {
            continue;
        };
        let Some((t, have)) = tags::target(c, n) else {
            continue;
        };
        let mut plan = Plan::default();
        for tag in add {
            let p = tags::add_plan(&t, &have, tag);
            plan.steps.extend(p.steps);
            plan.xe.extend(p.xe);
        }
        for tag in remove.iter().filter(|r| !add.contains(r)) {
            let p = tags::remove_plan(&t, &have, tag);
            plan.steps.extend(p.steps);
            plan.xe.extend(p.xe);
        }
        if !plan.steps.is_empty() {
            out.push(Job {
                pool: id,
                owner: n.clone(),
                plan,
            });
        }
    }
    out
}

/// Renames a tag on every object of every pool that has it.
pub fn rename_tag_jobs(pools: &[PoolRef], from: &str, to: &str) -> Vec<Job> {
    let mut out = Vec::new();
    for (id, n, _) in objects(pools) {
        let Some(c) = pools.iter().find(|(p, _)| *p == id).map(|(_, c)| *c) else {
            continue;
        };
        let Some((t, have)) = tags::target(c, &n) else {
            continue;
        };
        let plan = tags::rename_plan(&t, &have, from, to);
        if !plan.steps.is_empty() {
            out.push(Job {
                pool: id,
                owner: n,
                plan,
            });
        }
    }
    out
}

/// Puts `nodes` in `folder` (`None`: in none). A folder that gets its first object leaves
/// the pool's empty list (with its ancestors); one whose last object leaves joins it, so it
/// stays in the tree (XenCenter's `DeleteOrMove`).
pub fn move_jobs(pools: &[PoolRef], nodes: &[Node], folder: Option<&str>) -> Vec<Job> {
    let all = objects(pools);
    let target = folder.and_then(|f| folders::folder_of(&one(f)));
    let mut out = Vec::new();
    let mut left: Vec<(u64, String)> = Vec::new();
    for n in nodes {
        let Some((id, c)) = pool_of(pools, n) else {
            continue;
        };
        let Some((t, _)) = tags::target(c, n) else {
            continue;
        };
        let was = tags::other_config(c, n).and_then(folders::folder_of);
        if was == target {
            continue;
        }
        out.push(Job {
            pool: id,
            owner: n.clone(),
            plan: folders::move_plan(&t, target.as_deref()),
        });
        if let Some(was) = was {
            left.push((id, was));
        }
    }
    for (id, c) in pools {
        let Some((owner, t, current)) = pool_target(c) else {
            continue;
        };
        // Folders emptied by the move, in this pool.
        let emptied: Vec<&String> = left
            .iter()
            .filter(|(p, _)| p == id)
            .map(|(_, f)| f)
            .filter(|f| !target.as_ref().is_some_and(|t| folders::is_within(t, f)))
            .filter(|f| {
                !all.iter().any(|(p, n, oc)| {
                    p == id
                        && !nodes.contains(n)
                        && folders::folder_of(oc).is_some_and(|x| folders::is_within(&x, f))
                })
            })
            .collect();
        // The target and its ancestors are no longer empty where they are listed.
        let filled: Vec<String> = match &target {
            Some(t) if out.iter().any(|j| j.pool == *id) => ancestors(t),
            _ => Vec::new(),
        };
        let mut list: Vec<String> = current
            .iter()
            .filter(|p| !filled.contains(p))
            .cloned()
            .collect();
        for f in emptied {
            if !list.contains(f) {
                list.push(f.clone());
            }
        }
        list.sort();
        if list != current {
            out.push(Job {
                pool: *id,
                owner,
                plan: folders::empty_folders_plan(&t, &list),
            });
        }
    }
    out
}

fn one(path: &str) -> xenapi::records::StringMap {
    xenapi::records::StringMap::from([(folders::FOLDER_KEY.to_string(), path.to_string())])
}

/// `/A/B/C` → `/A`, `/A/B`, `/A/B/C`.
fn ancestors(path: &str) -> Vec<String> {
    let segs = folders::segments(path);
    (1..=segs.len())
        .map(|d| folders::path_of(&segs, d))
        .collect()
}

/// New empty folders in one pool (its empty list; nothing else changes).
pub fn new_folder_jobs(pool: PoolRef, paths: &[String]) -> Vec<Job> {
    let (id, c) = pool;
    let Some((owner, t, current)) = pool_target(c) else {
        return Vec::new();
    };
    match folders::edit_empty_list(&current, paths, &[]) {
        Some(list) => vec![Job {
            pool: id,
            owner,
            plan: folders::empty_folders_plan(&t, &list),
        }],
        None => Vec::new(),
    }
}

/// Moves everything inside folder `from` to `to` (a rename, or a move of the folder): each
/// object's path rebased, and each pool's empty list the same.
pub fn rebase_folder_jobs(pools: &[PoolRef], from: &str, to: &str) -> Vec<Job> {
    let mut out = Vec::new();
    for (id, n, oc) in objects(pools) {
        let Some(was) = folders::folder_of(oc) else {
            continue;
        };
        if !folders::is_within(&was, from) {
            continue;
        }
        let Some(c) = pools.iter().find(|(p, _)| *p == id).map(|(_, c)| *c) else {
            continue;
        };
        let Some((t, _)) = tags::target(c, &n) else {
            continue;
        };
        let now = folders::rebase(&was, from, to);
        let dest = (now != "/").then_some(now.as_str());
        out.push(Job {
            pool: id,
            owner: n,
            plan: folders::move_plan(&t, dest),
        });
    }
    for (id, c) in pools {
        let Some((owner, t, current)) = pool_target(c) else {
            continue;
        };
        let moved: Vec<String> = current
            .iter()
            .filter(|p| folders::is_within(p, from))
            .map(|p| folders::rebase(p, from, to))
            .filter(|p| p != "/")
            .collect();
        let holds = out.iter().any(|j| j.pool == *id) || !moved.is_empty();
        // An emptied folder whose contents moved leaves no trace; one the user renamed while
        // empty keeps its place under the new name.
        if let Some(list) = folders::edit_empty_list(&current, &moved, &[from.to_string()])
            && holds
        {
            out.push(Job {
                pool: *id,
                owner,
                plan: folders::empty_folders_plan(&t, &list),
            });
        }
    }
    out
}

/// Deletes folder `path`: what it holds moves up one level into its parent, subfolders
/// with their contents (`/A/B/C` → `/A/C` when `/A/B` goes), and nothing is deleted; the
/// folder leaves the empty lists, its empty subfolders move up with the rest.
pub fn delete_folder_jobs(pools: &[PoolRef], path: &str) -> Vec<Job> {
    let parent = folders::parent(path);
    let mut out = Vec::new();
    for (id, n, oc) in objects(pools) {
        let Some(was) = folders::folder_of(oc).filter(|f| folders::is_within(f, path)) else {
            continue;
        };
        let Some(c) = pools.iter().find(|(p, _)| *p == id).map(|(_, c)| *c) else {
            continue;
        };
        let Some((t, _)) = tags::target(c, &n) else {
            continue;
        };
        let now = folders::rebase(&was, path, &parent);
        let dest = (now != "/").then_some(now.as_str());
        out.push(Job {
            pool: id,
            owner: n,
            plan: folders::move_plan(&t, dest),
        });
    }
    for (id, c) in pools {
        let Some((owner, t, current)) = pool_target(c) else {
            continue;
        };
        let moved: Vec<String> = current
            .iter()
            .filter(|p| {
                folders::is_within(p, path) && folders::segments(p) != folders::segments(path)
            })
            .map(|p| folders::rebase(p, path, &parent))
            .collect();
        if let Some(list) = folders::edit_empty_list(&current, &moved, &[path.to_string()]) {
            out.push(Job {
                pool: *id,
                owner,
                plan: folders::empty_folders_plan(&t, &list),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::visibility::{self as vis, ObjectType};
    use xenapi::{Ref, Vm};

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    fn guests(c: &Cache) -> Vec<Ref<Vm>> {
        let mut v: Vec<_> = c
            .vms
            .iter()
            .filter(|(_, v)| vis::vm_type(v) == Some(ObjectType::Vm))
            .map(|(r, _)| r.clone())
            .collect();
        v.sort();
        v
    }

    fn methods(jobs: &[Job]) -> Vec<String> {
        jobs.iter()
            .flat_map(|j| j.plan.steps.iter().map(|s| s.method.clone()))
            .collect()
    }

    #[test]
    fn tagging_three_vms_is_three_jobs_of_add_tags() {
        let c = demo();
        let vms: Vec<Node> = guests(&c).into_iter().take(3).map(Node::Vm).collect();
        let jobs = tag_jobs(&[(1, &c)], &vms, &["prod".into()], &[]);
        assert_eq!(jobs.len(), 3);
        assert!(methods(&jobs).iter().all(|m| m == "VM.add_tags"));
    }

    #[test]
    fn a_tag_is_renamed_on_every_pool() {
        let mut a = demo();
        let mut b = demo();
        for c in [&mut a, &mut b] {
            let r = guests(c)[0].clone();
            c.vms.get_mut(&r).expect("vm").tags = vec!["old".into()];
        }
        let jobs = rename_tag_jobs(&[(1, &a), (2, &b)], "old", "new");
        assert_eq!(jobs.iter().map(|j| j.pool).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(methods(&jobs[..1]), ["VM.add_tags", "VM.remove_tags"]);
    }

    #[test]
    fn moving_into_a_listed_empty_folder_takes_it_off_the_list() {
        let mut c = demo();
        if let Some((_, p)) = c.pools.iter_mut().next() {
            p.other_config
                .insert("EMPTY_FOLDERS".into(), "/Prod;/Prod/Web;/Other".into());
        }
        let vm = Node::Vm(guests(&c)[0].clone());
        let jobs = move_jobs(&[(1, &c)], std::slice::from_ref(&vm), Some("/Prod/Web"));
        assert_eq!(jobs.len(), 2, "{jobs:?}");
        assert_eq!(jobs[0].owner, vm);
        let list = &jobs[1].plan.steps[1].args[2];
        assert_eq!(
            list,
            &crate::model::vm_plans::Arg::Value(serde_json::json!("/Other"))
        );
    }

    #[test]
    fn the_last_object_leaving_a_folder_keeps_it_as_an_empty_folder() {
        let mut c = demo();
        let vm = guests(&c)[0].clone();
        c.vms
            .get_mut(&vm)
            .expect("vm")
            .other_config
            .insert("folder".into(), "/Old".into());
        let jobs = move_jobs(&[(1, &c)], &[Node::Vm(vm)], None);
        assert_eq!(methods(&jobs[..1]), ["VM.remove_from_other_config"]);
        assert_eq!(
            jobs[1].plan.xe,
            [format!(
                "xe pool-param-set uuid={} other-config:EMPTY_FOLDERS=/Old",
                c.pool().map(|(_, p)| p.uuid.clone()).unwrap_or_default()
            )]
        );
    }

    #[test]
    fn deleting_a_folder_moves_its_objects_up_and_never_destroys_them() {
        let mut c = demo();
        let vms = guests(&c);
        for (r, f) in vms.iter().zip(["/A/B", "/A/B/C", "/A"]) {
            c.vms
                .get_mut(r)
                .expect("vm")
                .other_config
                .insert("folder".into(), f.into());
        }
        if let Some((_, p)) = c.pools.iter_mut().next() {
            p.other_config
                .insert("EMPTY_FOLDERS".into(), "/A/B;/A/B/E;/Z".into());
        }
        let jobs = delete_folder_jobs(&[(1, &c)], "/A/B");
        assert_eq!(
            jobs.len(),
            3,
            "the two inside and the pool's list: {jobs:?}"
        );
        let last = |j: &Job| j.plan.xe[0].split(' ').next_back().map(str::to_string);
        // One level up, the subfolder with it.
        let mut moved: Vec<Option<String>> = jobs[..2].iter().map(last).collect();
        moved.sort();
        assert_eq!(
            moved,
            [
                Some("other-config:folder=/A".to_string()),
                Some("other-config:folder=/A/C".to_string())
            ]
        );
        assert!(
            jobs[2].plan.xe[0].ends_with("EMPTY_FOLDERS='/A/E;/Z'"),
            "{:?}",
            jobs[2].plan.xe
        );
        assert!(methods(&jobs).iter().all(|m| !m.contains("destroy")));
    }

    #[test]
    fn renaming_a_folder_rebases_what_is_inside() {
        let mut c = demo();
        let vms = guests(&c);
        c.vms
            .get_mut(&vms[0])
            .expect("vm")
            .other_config
            .insert("folder".into(), "/A/B".into());
        if let Some((_, p)) = c.pools.iter_mut().next() {
            p.other_config
                .insert("EMPTY_FOLDERS".into(), "/A/E;/Z".into());
        }
        let jobs = rebase_folder_jobs(&[(1, &c)], "/A", "/X");
        assert!(jobs[0].plan.xe[0].ends_with("other-config:folder=/X/B"));
        assert!(
            jobs[1].plan.xe[0].ends_with("EMPTY_FOLDERS='/X/E;/Z'"),
            "{:?}",
            jobs[1].plan.xe
        );
    }

    #[test]
    fn a_new_folder_joins_the_empty_list_once() {
        let c = demo();
        let jobs = new_folder_jobs((1, &c), &["/New".to_string()]);
        assert_eq!(
            methods(&jobs),
            ["pool.remove_from_other_config", "pool.add_to_other_config"]
        );
        assert!(jobs[0].plan.xe[0].ends_with("EMPTY_FOLDERS=/New"));
    }
}
