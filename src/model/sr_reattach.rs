//! Reattaching a detached repository (one without PBDs), as XenCenter's
//! `ReattachSRCommand` and `SrReattachAction` do: the New Storage wizard opens on the SR's
//! type with what its description tells of where it lives (`NFS SR [server:/path]`,
//! `SMB SR [\\server\share]`, `iSCSI SR [target (…)]`, XenCenter's defaults), the probe must
//! find the SR's UUID there, then a PBD is created and plugged on every server (the
//! coordinator's first; a repository that is not shared on the coordinator alone), and
//! the name and description are set where the user changed them. A server's own disk
//! (`lvm`, `ext`) is looked for on the server the user picks, and its one PBD is made
//! there; an HBA LUN's SR gets a PBD on each server that sees the LUN.

use super::new_sr::coordinator;
use super::new_sr_block::NewSr;
use super::sr_plans::SrWhyNot;
use super::vm_plans::{Arg, Plan, Step, quote};
use serde_json::json;
use xenapi::{Cache, Host, Ref, Sr};

/// The SR types the wizard can reattach.
pub const TYPES: &[&str] = &["nfs", "lvmoiscsi", "smb", "iso", "lvm", "ext", "lvmohba"];

/// Whether `sr` may be reattached now: it has no PBDs (an SR with unplugged PBDs is
/// repaired instead) and the wizard knows its type.
pub fn allowed(cache: &Cache, sr: &Ref<Sr>) -> Result<(), SrWhyNot> {
    let Some(s) = cache.srs.get(sr) else {
        return Err(SrWhyNot::NotReattachable);
    };
    if cache.pbds.values().any(|p| p.sr == *sr) {
        return Err(SrWhyNot::HasPbds);
    }
    if s.is_tools_sr || !TYPES.contains(&s.sr_type.as_str()) {
        return Err(SrWhyNot::NotReattachable);
    }
    Ok(())
}

/// Where the description says the SR lives: the text inside its last `[…]`.
fn bracket(description: &str) -> Option<&str> {
    let start = description.rfind('[')?;
    let end = description[start..].rfind(']')? + start;
    Some(description[start + 1..end].trim())
}

/// NFS `server:/path` from a description, when it names one.
pub fn nfs_location(description: &str) -> Option<(String, String)> {
    let (server, path) = bracket(description)?.split_once(':')?;
    (!server.is_empty() && path.starts_with('/')).then(|| (server.into(), path.into()))
}

/// An SMB or ISO share (`\\server\share` or `//server/share`) from a description.
pub fn share_location(description: &str) -> Option<String> {
    let b = bracket(description)?;
    (b.starts_with("\\\\") || b.starts_with("//")).then(|| b.to_string())
}

/// An iSCSI target (the text before ` (`) from a description.
pub fn iscsi_target(description: &str) -> Option<String> {
    let b = bracket(description)?;
    let t = b.split(" (").next()?.trim();
    (!t.is_empty() && !t.contains(char::is_whitespace)).then(|| t.to_string())
}

/// The servers that get a PBD (the coordinator's first): those in `only` when the storage
/// is seen by some servers alone (a server's disk, an HBA LUN); else every one for a
/// shared SR, the coordinator alone otherwise.
fn hosts(cache: &Cache, shared: bool, only: Option<&[Ref<Host>]>) -> Vec<(Ref<Host>, String)> {
    let master = coordinator(cache);
    let mut all: Vec<(&Ref<Host>, &xenapi::Host)> = cache.hosts.iter().collect();
    all.sort_by_key(|(r, h)| (Some(*r) != master.as_ref(), h.name_label.clone()));
    all.into_iter()
        .filter(|(r, _)| match only {
            Some(list) => list.contains(r),
            None => shared || Some(*r) == master.as_ref(),
        })
        .map(|(r, h)| (r.clone(), h.uuid.clone()))
        .collect()
}

/// Finish's plan: the secret (if any), a PBD per server (`only`: the servers that see
/// the storage, when not all do), each plugged, then the name and description where
/// they changed.
pub fn plan(cache: &Cache, sr: &Ref<Sr>, new: &NewSr, only: Option<&[Ref<Host>]>) -> Plan {
    let Some(rec) = cache.srs.get(sr) else {
        return Plan::default();
    };
    let mut steps = Vec::new();
    let mut xe = Vec::new();
    let config = new.config_with_secret(&mut steps, &mut xe);
    let sr_arg = || Arg::Value(json!(sr.as_str()));
    for (host, host_uuid) in hosts(cache, rec.shared, only) {
        let created = steps.len();
        steps.push(Step::call(
            "PBD.create",
            vec![Arg::Map(vec![
                ("host".into(), Arg::Value(json!(host.as_str()))),
                ("SR".into(), sr_arg()),
                ("device_config".into(), config.clone()),
                ("other_config".into(), Arg::Value(json!({}))),
            ])],
        ));
        steps.push(Step::task("PBD.plug", vec![Arg::Result(created)]));
        xe.push(format!(
            "xe pbd-create host-uuid={host_uuid} sr-uuid={} {}",
            rec.uuid,
            new.xe_config()
        ));
        xe.push("xe pbd-plug uuid=<the new PBD>".into());
    }
    if new.name != rec.name_label {
        steps.push(Step::call(
            "SR.set_name_label",
            vec![sr_arg(), Arg::Value(json!(new.name))],
        ));
        xe.push(format!(
            "xe sr-param-set uuid={} name-label={}",
            rec.uuid,
            quote(&new.name)
        ));
    }
    if new.description != rec.name_description {
        steps.push(Step::call(
            "SR.set_name_description",
            vec![sr_arg(), Arg::Value(json!(new.description))],
        ));
        xe.push(format!(
            "xe sr-param-set uuid={} name-description={}",
            rec.uuid,
            quote(&new.description)
        ));
    }
    Plan {
        steps,
        xe,
        creates: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Map, Value};

    const NFS: &str = "OpaqueRef:fac3a4b5-4ee6-5210-aa82-b1a91e13d07a";

    #[test]
    fn the_description_tells_where_the_sr_lives() {
        assert_eq!(
            nfs_location("NFS SR [nfs.example.lan:/export/vms]"),
            Some(("nfs.example.lan".into(), "/export/vms".into()))
        );
        assert_eq!(nfs_location("my disks"), None);
        assert_eq!(
            share_location("SMB SR [\\\\smb.example.lan\\vms]").as_deref(),
            Some("\\\\smb.example.lan\\vms")
        );
        assert_eq!(
            iscsi_target("iSCSI SR [10.0.0.5 (iqn.a:b; LUN 1: 3600)]").as_deref(),
            Some("10.0.0.5")
        );
        assert_eq!(iscsi_target("[]"), None);
    }

    #[test]
    fn only_an_sr_without_pbds_is_reattached_with_a_pbd_per_server() {
        let mut c = xapidb::cache_of(&demo::demo_pool());
        let nfs = Ref::new(NFS);
        assert_eq!(allowed(&c, &nfs), Err(SrWhyNot::HasPbds));
        c.pbds.retain(|_, p| p.sr != nfs);
        assert_eq!(allowed(&c, &nfs), Ok(()));
        let mut config = Map::new();
        config.insert("server".into(), Value::from("nfs.example.lan"));
        config.insert("serverpath".into(), Value::from("/export/vms"));
        let name = c.srs[&nfs].name_label.clone();
        let new = NewSr {
            kind: "nfs",
            config,
            secret: None,
            name,
            description: "back again".into(),
        };
        let p = plan(&c, &nfs, &new, None);
        let methods: Vec<&str> = p.steps.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(
            methods,
            [
                "PBD.create",
                "PBD.plug",
                "PBD.create",
                "PBD.plug",
                "SR.set_name_description"
            ]
        );
        assert_eq!(p.steps[3].args, [Arg::Result(2)]);
        let pbd = p.steps[0].args[0].resolve(&[]);
        assert_eq!(pbd["SR"], NFS);
        assert_eq!(pbd["device_config"]["serverpath"], "/export/vms");
        assert!(p.xe[0].contains("device-config:server=nfs.example.lan"));
    }

    #[test]
    fn a_local_sr_gets_its_one_pbd_on_the_server_that_has_its_disk() {
        let mut c = xapidb::cache_of(&demo::demo_pool());
        let nfs = Ref::new(NFS);
        c.pbds.retain(|_, p| p.sr != nfs);
        if let Some(s) = c.srs.get_mut(&nfs) {
            s.sr_type = "lvm".into();
            s.shared = false;
        }
        assert_eq!(allowed(&c, &nfs), Ok(()));
        let master = coordinator(&c);
        let other = c
            .hosts
            .keys()
            .find(|h| Some(*h) != master.as_ref())
            .cloned();
        let other = other.expect("a second server");
        let mut config = Map::new();
        config.insert("device".into(), Value::from("/dev/sdc"));
        let name = c.srs[&nfs].name_label.clone();
        let new = NewSr {
            kind: "lvm",
            config,
            secret: None,
            name,
            description: c.srs[&nfs].name_description.clone(),
        };
        let p = plan(&c, &nfs, &new, Some(std::slice::from_ref(&other)));
        let methods: Vec<&str> = p.steps.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(methods, ["PBD.create", "PBD.plug"]);
        let pbd = p.steps[0].args[0].resolve(&[]);
        assert_eq!(pbd["host"], other.as_str());
        assert_eq!(pbd["device_config"]["device"], "/dev/sdc");
    }
}
