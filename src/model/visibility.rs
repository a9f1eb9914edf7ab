//! Which objects are shown, by XenCenter's rules (`XenObject.IsHidden`, each class's
//! `Show(showHidden)`, and the tree's extra `GroupAlg.Hide`): see `xencenter.md` §1.
//!
//! Three layers, kept apart because different places use different ones:
//! - [`is_flag_hidden`]: `other_config["HideFromXenCenter"] == "true"` (exact, case-sensitive),
//!   honoured only on VM, network, PIF, SR and VDI. Drives the grey "(hidden)" label.
//! - `*_shown(…, show_hidden)`: the class's `Show()`, used by the tree, the details lists and
//!   search alike.
//! - [`vm_in_tree`] / [`sr_in_tree`]: `Show()` plus the tree-only rules (control domains, the
//!   Tools SR, objects whose home host is not live).

use xenapi::records::{PowerState, StringMap};
use xenapi::{Cache, Host, Network, Pif, Ref, Sr, Vdi, Vm};

pub const HIDE_FROM_XENCENTER: &str = "HideFromXenCenter";
/// XenCenter's prefix for objects it creates for its own short-lived use.
pub const GUI_TEMP_PREFIX: &str = "__gui__";

/// XenCenter's `BoolKey`: the key is present and its value is exactly "true".
pub fn bool_key(map: &StringMap, key: &str) -> bool {
    map.get(key).is_some_and(|v| v == "true")
}

/// `IsHidden()` for the classes that honour the flag (VM, network, PIF, SR, VDI).
pub fn is_flag_hidden(other_config: &StringMap) -> bool {
    bool_key(other_config, HIDE_FROM_XENCENTER)
}

/// Types as XenCenter classifies them (`Common.TypeProperty`); also the Objects view groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ObjectType {
    Pool,
    Server,
    Vm,
    Snapshot,
    UserTemplate,
    DefaultTemplate,
    RemoteSr,
    LocalSr,
    Network,
    Nic,
}

impl ObjectType {
    /// Every group of the Objects view, in XenCenter's order (NICs last: XenCenter has none).
    pub const ALL: [ObjectType; 10] = [
        ObjectType::Pool,
        ObjectType::Server,
        ObjectType::Vm,
        ObjectType::Snapshot,
        ObjectType::UserTemplate,
        ObjectType::DefaultTemplate,
        ObjectType::RemoteSr,
        ObjectType::LocalSr,
        ObjectType::Network,
        ObjectType::Nic,
    ];
}

/// A VM's type; `None` for control domains, which never match any view.
pub fn vm_type(vm: &Vm) -> Option<ObjectType> {
    if vm.is_control_domain {
        None
    } else if vm.is_a_snapshot {
        Some(ObjectType::Snapshot)
    } else if vm.is_a_template {
        // Presence of the key, whatever its value (`VM.DefaultTemplate()`).
        if vm.other_config.contains_key("default_template") {
            Some(ObjectType::DefaultTemplate)
        } else {
            Some(ObjectType::UserTemplate)
        }
    } else {
        Some(ObjectType::Vm)
    }
}

/// `IsLocalSR()`: by SR type only, not by the `shared` flag.
pub fn is_local_sr(sr: &Sr) -> bool {
    matches!(
        sr.sr_type.as_str(),
        "local" | "ext" | "lvm" | "udev" | "egeneracd" | "dummy"
    )
}

pub fn sr_type(sr: &Sr) -> ObjectType {
    if is_local_sr(sr) {
        ObjectType::LocalSr
    } else {
        ObjectType::RemoteSr
    }
}

/// `IsToolsSR()`.
pub fn is_tools_sr(sr: &Sr) -> bool {
    sr.name_label == "XenServer Tools" || sr.is_tools_sr
}

/// `VM.Show()`.
pub fn vm_shown(vm: &Vm, show_hidden: bool) -> bool {
    // Internal templates (key present) and XenCenter's temporary objects: never.
    if vm.other_config.contains_key("xensource_internal")
        || vm.name_label.starts_with(GUI_TEMP_PREFIX)
    {
        return false;
    }
    show_hidden || !is_flag_hidden(&vm.other_config)
}

fn is_null(r: &str) -> bool {
    r.is_empty() || r == "OpaqueRef:NULL"
}

/// `SR.Show()`.
pub fn sr_shown(sr: &Sr, show_hidden: bool) -> bool {
    if sr.name_label.starts_with(GUI_TEMP_PREFIX) || sr.sr_type == "local" || sr.sr_type == "tmpfs"
    {
        return false;
    }
    if show_hidden {
        return true;
    }
    // Introduced by a DR task (CP-2458).
    if !is_null(&sr.introduced_by) {
        return false;
    }
    !is_flag_hidden(&sr.other_config)
}

/// `PIF.Show()`.
pub fn pif_shown(pif: &Pif, show_hidden: bool) -> bool {
    pif.managed.unwrap_or(true) && (show_hidden || !is_flag_hidden(&pif.other_config))
}

/// `VDI.Show()`.
pub fn vdi_shown(vdi: &Vdi, show_hidden: bool) -> bool {
    !vdi.missing
        && vdi.managed.unwrap_or(true)
        && (show_hidden || !is_flag_hidden(&vdi.other_config))
}

/// The guest installer network or the host internal management network (HIMN).
pub fn is_guest_installer_network(net: &Network) -> bool {
    bool_key(&net.other_config, "is_guest_installer_network")
}

/// `Network.IsMember()`: one of its PIFs is a bond slave.
pub fn is_bond_member(cache: &Cache, net: &Network) -> bool {
    net.pifs.iter().any(|p| {
        cache
            .pifs
            .get(p)
            .is_some_and(|pif| !is_null(pif.bond_slave_of.as_str()))
    })
}

/// XenCenter's `Network.AllHostsCanSeeNetwork`: a network with no PIFs (internal to the
/// pool) or with a PIF on every host; a VM on any other may start on some servers only.
pub fn seen_by_all_hosts(cache: &Cache, net: &Network) -> bool {
    if net.pifs.is_empty() {
        return true;
    }
    let hosts: Vec<&Ref<Host>> = net
        .pifs
        .iter()
        .filter_map(|p| cache.pifs.get(p))
        .map(|pif| &pif.host)
        .collect();
    cache.hosts.keys().all(|h| hosts.contains(&h))
}

/// `Host.CanSeeNetwork`: a network with no PIFs, or with one on `host`.
pub fn host_sees_network(cache: &Cache, host: &Ref<Host>, net: &Network) -> bool {
    net.pifs.is_empty()
        || net
            .pifs
            .iter()
            .filter_map(|p| cache.pifs.get(p))
            .any(|pif| pif.host == *host)
}

/// The networks XenCenter's network page offers a new or imported VM's NICs
/// (`NetworkPickerPage.ShowNetwork`): shown, not a bond member, and seen by the home server,
/// or by every server when there is none.
pub fn offered_for_vm(
    cache: &Cache,
    net: &Network,
    home: Option<&Ref<Host>>,
    show_hidden: bool,
) -> bool {
    network_shown(cache, net, show_hidden)
        && !is_bond_member(cache, net)
        && match home {
            Some(h) => host_sees_network(cache, h, net),
            None => seen_by_all_hosts(cache, net),
        }
}

/// `Network.Show()`.
pub fn network_shown(cache: &Cache, net: &Network, show_hidden: bool) -> bool {
    if is_guest_installer_network(net) && !show_hidden {
        return false;
    }
    // A network with an unshown (e.g. unmanaged) PIF is hidden (CA-161457).
    if net
        .pifs
        .iter()
        .filter_map(|p| cache.pifs.get(p))
        .any(|pif| !pif_shown(pif, show_hidden))
    {
        return false;
    }
    if show_hidden {
        return true;
    }
    if is_bond_member(cache, net) {
        return false;
    }
    !is_flag_hidden(&net.other_config)
}

/// `Host.IsLive()`: its metrics say so.
pub fn host_live(cache: &Cache, host: &Ref<Host>) -> bool {
    cache
        .hosts
        .get(host)
        .and_then(|h| cache.host_metrics.get(&h.metrics))
        .is_some_and(|m| m.live)
}

/// The host an SR belongs to: the one host of its single PBD, for a non-shared SR.
pub fn sr_home(cache: &Cache, sr: &Sr) -> Option<Ref<Host>> {
    if sr.shared || sr.pbds.len() != 1 {
        return None;
    }
    let pbd = cache.pbds.get(&sr.pbds[0])?;
    cache
        .hosts
        .contains_key(&pbd.host)
        .then(|| pbd.host.clone())
}

/// `VM.Home()`: where the VM sits in the Infrastructure view.
pub fn vm_home(cache: &Cache, vm: &Vm) -> Option<Ref<Host>> {
    if vm.is_a_snapshot {
        // Never recursive: the origin is not a snapshot (and a cycle has none).
        return super::snapshots::origin(cache, vm).and_then(|v| vm_home(cache, v));
    }
    if vm.is_a_template {
        return None;
    }
    // A paused VM is still resident on its host (XenCenter: Running or Paused).
    if matches!(vm.power_state, PowerState::Running | PowerState::Paused) {
        return cache
            .hosts
            .contains_key(&vm.resident_on)
            .then(|| vm.resident_on.clone());
    }
    // A disk on a local (non-shared, single-PBD) SR ties the VM to that SR's host.
    for vbd in vm.vbds.iter().filter_map(|r| cache.vbds.get(r)) {
        let sr = cache
            .vdis
            .get(&vbd.vdi)
            .and_then(|vdi| cache.srs.get(&vdi.sr));
        if let Some(home) = sr.and_then(|sr| sr_home(cache, sr)) {
            return Some(home);
        }
    }
    if cache.hosts.contains_key(&vm.affinity) && host_live(cache, &vm.affinity) {
        return Some(vm.affinity.clone());
    }
    None
}

/// `Show()` plus the tree's own rules for VMs.
pub fn vm_in_tree(cache: &Cache, vm: &Vm, show_hidden: bool) -> bool {
    if vm.is_control_domain || !vm_shown(vm, show_hidden) {
        return false;
    }
    match vm_home(cache, vm) {
        Some(h) => host_live(cache, &h),
        None => true,
    }
}

/// `Show()` plus the tree's own rules for SRs: the Tools SR is never listed.
pub fn sr_in_tree(cache: &Cache, sr: &Sr, show_hidden: bool) -> bool {
    if is_tools_sr(sr) || !sr_shown(sr, show_hidden) {
        return false;
    }
    match sr_home(cache, sr) {
        Some(h) => host_live(cache, &h),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oc(pairs: &[(&str, &str)]) -> StringMap {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_paused_vm_lives_on_the_host_it_runs_on() {
        let mut c = Cache::default();
        let h: Ref<Host> = Ref::new("OpaqueRef:h");
        c.hosts.insert(h.clone(), Host::default());
        let mut vm = Vm {
            resident_on: h.clone(),
            power_state: PowerState::Paused,
            ..Vm::default()
        };
        assert_eq!(vm_home(&c, &vm), Some(h.clone()));
        vm.power_state = PowerState::Halted;
        assert_eq!(vm_home(&c, &vm), None, "halted: no host of its own");
    }

    #[test]
    fn the_flag_is_exactly_true() {
        assert!(is_flag_hidden(&oc(&[("HideFromXenCenter", "true")])));
        for v in ["True", "TRUE", "1", "yes", "on", " true", ""] {
            assert!(!is_flag_hidden(&oc(&[("HideFromXenCenter", v)])), "{v:?}");
        }
        assert!(!is_flag_hidden(&oc(&[("hidefromxencenter", "true")])));
        assert!(!is_flag_hidden(&StringMap::new()));
    }

    #[test]
    fn internal_and_temporary_vms_are_never_shown() {
        let mut vm = Vm {
            name_label: "x".into(),
            ..Vm::default()
        };
        vm.other_config = oc(&[("xensource_internal", "false")]);
        assert!(!vm_shown(&vm, true), "presence of the key is enough");
        vm.other_config.clear();
        vm.name_label = "__gui__import".into();
        assert!(!vm_shown(&vm, true));
        vm.name_label = "web".into();
        vm.other_config = oc(&[("HideFromXenCenter", "true")]);
        assert!(!vm_shown(&vm, false));
        assert!(vm_shown(&vm, true));
    }

    #[test]
    fn srs_of_type_local_or_tmpfs_and_dr_srs() {
        let mut sr = Sr {
            sr_type: "tmpfs".into(),
            ..Sr::default()
        };
        assert!(!sr_shown(&sr, true));
        sr.sr_type = "nfs".into();
        sr.introduced_by = "OpaqueRef:dr".into();
        assert!(!sr_shown(&sr, false));
        assert!(sr_shown(&sr, true));
        sr.introduced_by = "OpaqueRef:NULL".into();
        assert!(sr_shown(&sr, false));
        sr.name_label = "XenServer Tools".into();
        assert!(is_tools_sr(&sr));
    }

    #[test]
    fn unmanaged_pifs_and_missing_vdis() {
        let mut pif = Pif::default();
        assert!(pif_shown(&pif, false), "absent `managed` means managed");
        pif.managed = Some(false);
        assert!(!pif_shown(&pif, true));
        let vdi = Vdi {
            missing: true,
            ..Vdi::default()
        };
        assert!(!vdi_shown(&vdi, true));
    }

    #[test]
    fn template_kinds_go_by_key_presence() {
        let mut vm = Vm {
            is_a_template: true,
            ..Vm::default()
        };
        assert_eq!(vm_type(&vm), Some(ObjectType::UserTemplate));
        vm.other_config = oc(&[("default_template", "false")]);
        assert_eq!(vm_type(&vm), Some(ObjectType::DefaultTemplate));
        vm.is_control_domain = true;
        assert_eq!(vm_type(&vm), None);
    }

    #[test]
    fn a_network_is_seen_by_all_hosts_without_pifs_or_with_one_on_each() {
        let mut c = Cache::default();
        let (h1, h2): (Ref<Host>, Ref<Host>) = (Ref::new("OpaqueRef:h1"), Ref::new("OpaqueRef:h2"));
        c.hosts.insert(h1.clone(), Host::default());
        c.hosts.insert(h2.clone(), Host::default());
        for (p, h) in [("OpaqueRef:p1", &h1), ("OpaqueRef:p2", &h2)] {
            c.pifs.insert(
                Ref::new(p),
                Pif {
                    host: h.clone(),
                    ..Pif::default()
                },
            );
        }
        let mut net = Network::default();
        assert!(seen_by_all_hosts(&c, &net), "internal: no PIFs");
        net.pifs = vec![Ref::new("OpaqueRef:p1")];
        assert!(!seen_by_all_hosts(&c, &net), "on h1 only");
        net.pifs.push(Ref::new("OpaqueRef:p2"));
        assert!(seen_by_all_hosts(&c, &net));
    }

    #[test]
    fn a_vms_nics_are_offered_the_networks_its_home_server_sees() {
        let mut c = Cache::default();
        let (h1, h2): (Ref<Host>, Ref<Host>) = (Ref::new("OpaqueRef:h1"), Ref::new("OpaqueRef:h2"));
        c.hosts.insert(h1.clone(), Host::default());
        c.hosts.insert(h2.clone(), Host::default());
        c.pifs.insert(
            Ref::new("OpaqueRef:p1"),
            Pif {
                host: h1.clone(),
                ..Pif::default()
            },
        );
        let on_h1 = Network {
            pifs: vec![Ref::new("OpaqueRef:p1")],
            ..Network::default()
        };
        let internal = Network::default();
        // No home server: only networks every server sees.
        assert!(!offered_for_vm(&c, &on_h1, None, false));
        assert!(offered_for_vm(&c, &internal, None, false));
        // Home on h1: its network too; on h2: not.
        assert!(offered_for_vm(&c, &on_h1, Some(&h1), false));
        assert!(!offered_for_vm(&c, &on_h1, Some(&h2), false));
        assert!(offered_for_vm(&c, &internal, Some(&h2), false));
    }
}
