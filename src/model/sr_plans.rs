//! What each repository action sends, its `xe` equivalent, and whether xapi allows it now.
//!
//! As XenCenter's `XenModel/Actions/SR/*` (`SrRepairAction.cs`, `SrScanAction.cs`,
//! `DetachSrAction.cs`, `ForgetSrAction.cs`, `DestroySrAction.cs`) and xapi's checks
//! (`xapi_sr_operations.ml` `valid_operations`, `message_forwarding.ml` `SR.destroy`/
//! `forget`): Repair plugs each host's PBD, one job per host so each says how it went;
//! Detach unplugs every PBD (the coordinator's last) then destroys them; Forget and Destroy
//! need every PBD unplugged (`SR_HAS_PBD`), and Destroy a repository without disks
//! (`SR_NOT_EMPTY`).

use super::vm_plans::{Arg, Plan, Step, quote};
use serde_json::{Value, json};
use xenapi::records::PowerState;
use xenapi::{Cache, Pbd, Pool, Ref, Sr, Vdi, Vm};

fn r<T>(x: &Ref<T>) -> Arg {
    Arg::Value(Value::String(x.as_str().into()))
}

fn uuid(cache: &Cache, sr: &Ref<Sr>) -> String {
    cache
        .srs
        .get(sr)
        .map(|s| s.uuid.clone())
        .unwrap_or_default()
}

/// Why a repository action is refused now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SrWhyNot {
    /// Attached to no server: repair it first.
    NotAttached,
    /// Still attached to a server: detach it first.
    Attached,
    /// Every server has it attached: nothing to repair.
    NothingToRepair,
    /// It holds disks: delete them first (their count).
    NotEmpty(usize),
    /// Running VMs use disks on it (their refs).
    InUse(Vec<Ref<Vm>>),
    /// Already the pool's default.
    AlreadyDefault,
    /// Not a repository of disks (ISO, a physical device, the tools).
    NotForDisks,
    /// The server's `allowed_operations` lack it (its driver, an operation running).
    ServerRefuses,
    /// It still has its servers' connections (PBDs): Repair plugs them.
    HasPbds,
    /// Of a type the New Storage wizard cannot reattach.
    NotReattachable,
    /// Another operation runs on it (its `current_operations`): xapi makes this wait.
    Busy,
}

/// The SR's PBDs with their records.
fn pbds<'a>(cache: &'a Cache, sr: &Ref<Sr>) -> Vec<(&'a Ref<Pbd>, &'a Pbd)> {
    cache.pbds.iter().filter(|(_, p)| p.sr == *sr).collect()
}

fn any_attached(cache: &Cache, sr: &Ref<Sr>) -> bool {
    pbds(cache, sr).iter().any(|(_, p)| p.currently_attached)
}

/// The SR's disks (snapshots' included: they are lost too).
pub fn disks(cache: &Cache, sr: &Ref<Sr>) -> Vec<Ref<Vdi>> {
    cache
        .vdis
        .iter()
        .filter(|(_, d)| d.sr == *sr)
        .map(|(r, _)| r.clone())
        .collect()
}

/// The running VMs with a disk of the SR plugged.
fn running_users(cache: &Cache, sr: &Ref<Sr>) -> Vec<Ref<Vm>> {
    let mut out: Vec<Ref<Vm>> = Vec::new();
    for b in cache.vbds.values().filter(|b| b.currently_attached) {
        let on_sr = cache.vdis.get(&b.vdi).is_some_and(|d| d.sr == *sr);
        let running = cache
            .vms
            .get(&b.vm)
            .is_some_and(|v| v.power_state == PowerState::Running);
        if on_sr && running && !out.contains(&b.vm) {
            out.push(b.vm.clone());
        }
    }
    out
}

fn for_disks(cache: &Cache, sr: &Ref<Sr>) -> bool {
    cache
        .srs
        .get(sr)
        .is_some_and(|s| s.content_type != "iso" && s.sr_type != "udev" && !s.is_tools_sr)
}

fn pool(cache: &Cache) -> Option<(&Ref<Pool>, &Pool)> {
    cache.pools.iter().next()
}

/// The SR's `allowed_operations` list `op`.
fn server_allows(cache: &Cache, sr: &Ref<Sr>, op: &str) -> bool {
    cache
        .srs
        .get(sr)
        .is_some_and(|s| s.allowed_operations.iter().any(|o| o == op))
}

/// Which repository actions xapi allows now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SrOp {
    Rescan,
    Repair,
    Detach,
    Forget,
    Destroy,
    SetDefault,
    /// A new disk on it.
    AddDisk,
    /// Back on the pool, once detached.
    Reattach,
}

/// Whether an operation running on the SR holds up `op` (xapi's `check_parallel_ops`:
/// plugs run side by side, anything else waits for everything).
fn busy(cache: &Cache, sr: &Ref<Sr>, op: &str) -> bool {
    cache.srs.get(sr).is_some_and(|s| {
        let running: Vec<&str> = s
            .current_operations
            .iter()
            .map(|(_, o)| o.as_str())
            .collect();
        let only_plugs = op == "plug" && running.iter().all(|o| *o == "plug");
        !running.is_empty() && !only_plugs
    })
}

pub fn allowed(cache: &Cache, sr: &Ref<Sr>, op: SrOp) -> Result<(), SrWhyNot> {
    let attached = any_attached(cache, sr);
    // What xapi marks the SR with for the call each action makes.
    let xapi_op = match op {
        SrOp::Rescan => Some("scan"),
        SrOp::Repair => Some("plug"),
        SrOp::Detach => Some("unplug"),
        SrOp::Forget => Some("forget"),
        SrOp::Destroy => Some("destroy"),
        SrOp::AddDisk => Some("vdi_create"),
        SrOp::SetDefault | SrOp::Reattach => None,
    };
    if xapi_op.is_some_and(|o| busy(cache, sr, o)) {
        return Err(SrWhyNot::Busy);
    }
    match op {
        SrOp::Rescan if !attached => Err(SrWhyNot::NotAttached),
        SrOp::Repair => {
            let all = pbds(cache, sr);
            if !all.is_empty() && all.iter().all(|(_, p)| p.currently_attached) {
                Err(SrWhyNot::NothingToRepair)
            } else if all.is_empty() {
                Err(SrWhyNot::NotAttached)
            } else {
                Ok(())
            }
        }
        SrOp::Detach => {
            let users = running_users(cache, sr);
            if !attached {
                Err(SrWhyNot::NotAttached)
            } else if !users.is_empty() {
                Err(SrWhyNot::InUse(users))
            } else {
                Ok(())
            }
        }
        SrOp::Forget if attached => Err(SrWhyNot::Attached),
        // XenCenter's ForgetSRCommand and DestroySRCommand also ask the server.
        SrOp::Forget if !server_allows(cache, sr, "forget") => Err(SrWhyNot::ServerRefuses),
        SrOp::Destroy => {
            let n = disks(cache, sr).len();
            if attached {
                Err(SrWhyNot::Attached)
            } else if pbds(cache, sr).is_empty() {
                Err(SrWhyNot::NotAttached)
            } else if n > 0 {
                Err(SrWhyNot::NotEmpty(n))
            } else if !server_allows(cache, sr, "destroy") {
                Err(SrWhyNot::ServerRefuses)
            } else {
                Ok(())
            }
        }
        SrOp::SetDefault => {
            if !for_disks(cache, sr) {
                Err(SrWhyNot::NotForDisks)
            } else if pool(cache).is_some_and(|(_, p)| p.default_sr == *sr) {
                Err(SrWhyNot::AlreadyDefault)
            } else {
                Ok(())
            }
        }
        SrOp::AddDisk if !for_disks(cache, sr) => Err(SrWhyNot::NotForDisks),
        SrOp::AddDisk if !attached => Err(SrWhyNot::NotAttached),
        SrOp::Reattach => super::sr_reattach::allowed(cache, sr),
        _ => Ok(()),
    }
}

/// `SR.scan`.
pub fn rescan(cache: &Cache, sr: &Ref<Sr>) -> Plan {
    Plan {
        steps: vec![Step::task("SR.scan", vec![r(sr)])],
        xe: vec![format!("xe sr-scan uuid={}", uuid(cache, sr))],
        creates: None,
    }
}

/// Repair: one plan per PBD not attached (`PBD.plug`), with its host's name, the
/// coordinator's first.
pub fn repair(cache: &Cache, sr: &Ref<Sr>) -> Vec<(String, Plan)> {
    let master = pool(cache).map(|(_, p)| p.master.clone());
    let mut todo: Vec<_> = pbds(cache, sr)
        .into_iter()
        .filter(|(_, p)| !p.currently_attached)
        .collect();
    todo.sort_by_key(|(_, p)| Some(&p.host) != master.as_ref());
    todo.into_iter()
        .map(|(pr, p)| {
            let host = cache
                .hosts
                .get(&p.host)
                .map(|h| h.name_label.clone())
                .unwrap_or_default();
            let plan = Plan {
                steps: vec![Step::task("PBD.plug", vec![r(pr)])],
                xe: vec![format!("xe pbd-plug uuid={}", p.uuid)],
                creates: None,
            };
            (host, plan)
        })
        .collect()
}

/// Detach: every PBD unplugged, the coordinator's last. The PBDs stay, as XenCenter's
/// `DetachSrAction` leaves them: Repair plugs them again, and `SR.destroy` needs them (xapi
/// runs the driver through one) to erase the storage.
pub fn detach(cache: &Cache, sr: &Ref<Sr>) -> Plan {
    let master = pool(cache).map(|(_, p)| p.master.clone());
    let mut all = pbds(cache, sr);
    all.sort_by_key(|(_, p)| Some(&p.host) == master.as_ref());
    let mut plan = Plan::default();
    for (pr, p) in all.iter().filter(|(_, p)| p.currently_attached) {
        plan.steps.push(Step::task("PBD.unplug", vec![r(*pr)]));
        plan.xe.push(format!("xe pbd-unplug uuid={}", p.uuid));
    }
    plan
}

/// `SR.forget`: the records go, the data stays on the storage.
pub fn forget(cache: &Cache, sr: &Ref<Sr>) -> Plan {
    Plan {
        steps: vec![Step::task("SR.forget", vec![r(sr)])],
        xe: vec![format!("xe sr-forget uuid={}", uuid(cache, sr))],
        creates: None,
    }
}

/// `SR.destroy`: the storage is erased.
pub fn destroy(cache: &Cache, sr: &Ref<Sr>) -> Plan {
    Plan {
        steps: vec![Step::task("SR.destroy", vec![r(sr)])],
        xe: vec![format!("xe sr-destroy uuid={}", uuid(cache, sr))],
        creates: None,
    }
}

/// Set as default: the pool's default, suspend-image and crash-dump SR (as XenCenter).
pub fn set_default(cache: &Cache, sr: &Ref<Sr>) -> Plan {
    let Some((pr, _)) = pool(cache) else {
        return Plan::default();
    };
    let u = uuid(cache, sr);
    let pool_uuid = pool(cache).map(|(_, p)| p.uuid.clone()).unwrap_or_default();
    let steps = ["default_SR", "suspend_image_SR", "crash_dump_SR"]
        .iter()
        .map(|f| Step::call(&format!("pool.set_{f}"), vec![r(pr), r(sr)]))
        .collect();
    Plan {
        steps,
        xe: vec![format!(
            "xe pool-param-set uuid={pool_uuid} default-SR={u} suspend-image-SR={u} crash-dump-SR={u}"
        )],
        creates: None,
    }
}

/// Properties: the name, description and tags the user changed (tags one by one).
pub fn properties(
    cache: &Cache,
    sr: &Ref<Sr>,
    name: &str,
    description: &str,
    tags: &[String],
) -> Plan {
    let mut plan = Plan::default();
    let Some(s) = cache.srs.get(sr) else {
        return plan;
    };
    let u = &s.uuid;
    let was = (s.name_label.as_str(), s.name_description.as_str());
    super::vm_plans::name_steps(&mut plan, "SR", r(sr), u, was, name, description);
    for t in tags.iter().filter(|t| !s.tags.contains(t)) {
        plan.steps
            .push(Step::call("SR.add_tags", vec![r(sr), Arg::Value(json!(t))]));
        plan.xe.push(format!(
            "xe sr-param-add uuid={u} param-name=tags param-key={}",
            quote(t)
        ));
    }
    for t in s.tags.iter().filter(|t| !tags.contains(t)) {
        plan.steps.push(Step::call(
            "SR.remove_tags",
            vec![r(sr), Arg::Value(json!(t))],
        ));
        plan.xe.push(format!(
            "xe sr-param-remove uuid={u} param-name=tags param-key={}",
            quote(t)
        ));
    }
    plan
}

/// Tags as typed: comma-separated, trimmed, each once.
pub fn parse_tags(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        if !out.iter().any(|x| x == t) {
            out.push(t.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NFS: &str = "OpaqueRef:fac3a4b5-4ee6-5210-aa82-b1a91e13d07a";

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    fn methods(p: &Plan) -> Vec<&str> {
        p.steps.iter().map(|s| s.method.as_str()).collect()
    }

    #[test]
    fn an_operation_running_on_the_repository_holds_up_the_others_but_plugs() {
        let mut c = demo();
        let nfs = Ref::new(NFS);
        let running = |c: &mut Cache, op: &str| {
            if let Some(s) = c.srs.get_mut(&nfs) {
                s.current_operations = [("OpaqueRef:t".to_string(), op.to_string())]
                    .into_iter()
                    .collect();
            }
        };
        assert_eq!(allowed(&c, &nfs, SrOp::Rescan), Ok(()));
        running(&mut c, "scan");
        for op in [SrOp::Rescan, SrOp::Repair, SrOp::Detach, SrOp::AddDisk] {
            assert_eq!(allowed(&c, &nfs, op), Err(SrWhyNot::Busy), "{op:?}");
        }
        // Plugs run side by side: a repair is not held up by one (here nothing to repair).
        running(&mut c, "plug");
        assert_eq!(allowed(&c, &nfs, SrOp::Rescan), Err(SrWhyNot::Busy));
        assert_eq!(
            allowed(&c, &nfs, SrOp::Repair),
            Err(SrWhyNot::NothingToRepair)
        );
    }

    #[test]
    fn an_attached_repository_with_disks_is_neither_forgotten_nor_destroyed() {
        let c = demo();
        let nfs = Ref::new(NFS);
        assert_eq!(allowed(&c, &nfs, SrOp::Forget), Err(SrWhyNot::Attached));
        assert_eq!(allowed(&c, &nfs, SrOp::Destroy), Err(SrWhyNot::Attached));
        assert_eq!(allowed(&c, &nfs, SrOp::Rescan), Ok(()));
        assert_eq!(
            allowed(&c, &nfs, SrOp::Repair),
            Err(SrWhyNot::NothingToRepair)
        );
        assert!(
            matches!(allowed(&c, &nfs, SrOp::Detach), Err(SrWhyNot::InUse(v)) if !v.is_empty())
        );
        assert_eq!(
            allowed(&c, &nfs, SrOp::SetDefault),
            Err(SrWhyNot::AlreadyDefault)
        );
        // Detached: destroy still refuses its disks, forget does not.
        let mut c = c;
        for p in c.pbds.values_mut().filter(|p| p.sr == nfs) {
            p.currently_attached = false;
        }
        // As XenCenter, forget waits for the server to list it.
        assert_eq!(
            allowed(&c, &nfs, SrOp::Forget),
            Err(SrWhyNot::ServerRefuses)
        );
        if let Some(s) = c.srs.get_mut(&nfs) {
            s.allowed_operations = vec!["forget".into()];
        }
        assert_eq!(allowed(&c, &nfs, SrOp::Forget), Ok(()));
        assert!(matches!(allowed(&c, &nfs, SrOp::Destroy), Err(SrWhyNot::NotEmpty(n)) if n > 0));
        assert_eq!(allowed(&c, &nfs, SrOp::Rescan), Err(SrWhyNot::NotAttached));
        // Repair plugs each host's PBD, the coordinator's first.
        let jobs = repair(&c, &nfs);
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[0].0, "xcp-host-01");
        assert_eq!(methods(&jobs[0].1), ["PBD.plug"]);
        assert!(jobs[0].1.xe[0].starts_with("xe pbd-plug uuid="));
    }

    #[test]
    fn detach_unplugs_every_pbd_the_coordinators_last_and_keeps_them_for_destroy() {
        let c = demo();
        let nfs = Ref::new(NFS);
        let p = detach(&c, &nfs);
        assert_eq!(methods(&p), ["PBD.unplug", "PBD.unplug"]);
        let master = c.pools.values().next().unwrap().master.clone();
        let last_unplugged = match &p.steps[1].args[0] {
            Arg::Value(v) => Ref::<Pbd>::new(v.as_str().unwrap()),
            _ => panic!(),
        };
        assert_eq!(c.pbds[&last_unplugged].host, master);
        // Once detached, the PBDs are still there: the SR is offered for Destroy (once its
        // disks are gone and the server lists it), not for Reattach.
        let mut c = c;
        for pb in c.pbds.values_mut().filter(|pb| pb.sr == nfs) {
            pb.currently_attached = false;
        }
        for v in c.vdis.values_mut().filter(|v| v.sr == nfs) {
            v.sr = Ref::new("OpaqueRef:elsewhere");
        }
        if let Some(s) = c.srs.get_mut(&nfs) {
            s.allowed_operations = vec!["destroy".into()];
        }
        assert_eq!(allowed(&c, &nfs, SrOp::Destroy), Ok(()));
        assert_eq!(allowed(&c, &nfs, SrOp::Reattach), Err(SrWhyNot::HasPbds));
    }

    #[test]
    fn set_as_default_sets_all_three_and_properties_only_what_changed() {
        let c = demo();
        let local = Ref::new("OpaqueRef:f1d67bf6-a960-57e7-8be6-d3f323852905");
        let p = set_default(&c, &local);
        assert_eq!(
            methods(&p),
            [
                "pool.set_default_SR",
                "pool.set_suspend_image_SR",
                "pool.set_crash_dump_SR"
            ]
        );
        let s = &c.srs[&local];
        let p = properties(
            &c,
            &local,
            &s.name_label,
            &s.name_description,
            &["fast".into()],
        );
        assert_eq!(methods(&p), ["SR.add_tags"]);
        assert_eq!(parse_tags(" a, b ,a,, "), ["a", "b"]);
    }
}
