//! Whether a VM can run on a server, as the Start on and Move to submenus show it. Like
//! XenCenter's `VMOperationHostCommand.VmCanBootOnHost`, the app asks the pool
//! (`VM.assert_can_boot_here`, per server, in the background) and shows each refusal's
//! reason; the server the VM runs on is refused without asking ("current server").
//!
//! The answer holds while the facts xapi checks stay as they were: [`facts`] sums them up
//! (the VM's power state, host, disks' SRs, networks, memory; the server's state and the VMs
//! on it), and an answer for other facts is asked again.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use xenapi::{ApiError, Cache, Host, Ref, Vm};

/// Why a server cannot run a VM, from xapi's refusal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The VM runs there already.
    CurrentServer,
    /// A disk's SR is not plugged on the server (`VM_REQUIRES_SR`); the SR's name.
    Storage(String),
    /// The server has no link to a network of the VM (`VM_REQUIRES_NET`); its name.
    Network(String),
    /// `HOST_NOT_ENOUGH_FREE_MEMORY`: bytes needed and free.
    Memory { needed: i64, free: i64 },
    /// `HOST_DISABLED` (maintenance).
    Disabled,
    /// `HOST_NOT_LIVE`.
    NotLive,
    /// Anything else xapi said.
    Other(ApiError),
    /// The call itself failed (no answer from the pool), in words already.
    Unanswered(String),
}

/// What the submenu shows for one server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Asked; no answer yet.
    Checking,
    Ok,
    Refused(Refusal),
}

/// The refusal xapi's error means, names looked up in `cache`.
pub fn refusal(cache: &Cache, e: &ApiError) -> Refusal {
    let p = |i: usize| e.params.get(i).cloned().unwrap_or_default();
    match e.code.as_str() {
        "VM_REQUIRES_SR" => Refusal::Storage(
            cache
                .srs
                .get(&Ref::new(p(1)))
                .map(|s| super::names::visible(&s.name_label))
                .unwrap_or_else(|| p(1)),
        ),
        "VM_REQUIRES_NET" => Refusal::Network(
            cache
                .networks
                .get(&Ref::new(p(1)))
                .map(|n| super::names::visible(&n.name_label))
                .unwrap_or_else(|| p(1)),
        ),
        "HOST_NOT_ENOUGH_FREE_MEMORY" => Refusal::Memory {
            needed: p(0).parse().unwrap_or(0),
            free: p(1).parse().unwrap_or(0),
        },
        "HOST_DISABLED" => Refusal::Disabled,
        "HOST_NOT_LIVE" => Refusal::NotLive,
        _ => Refusal::Other(e.clone()),
    }
}

/// The server `vm` runs on, when it is `host` (refused without asking, as XenCenter does).
pub fn runs_there(cache: &Cache, vm: &Ref<Vm>, host: &Ref<Host>) -> bool {
    cache.vms.get(vm).is_some_and(|v| {
        v.power_state == xenapi::records::PowerState::Running && v.resident_on == *host
    })
}

/// A summary of what xapi checks for `vm` on `host`: an answer for other facts is stale.
pub fn facts(cache: &Cache, vm: &Ref<Vm>, host: &Ref<Host>) -> u64 {
    let mut h = DefaultHasher::new();
    if let Some(v) = cache.vms.get(vm) {
        v.power_state.as_str().hash(&mut h);
        v.resident_on.as_str().hash(&mut h);
        v.memory_dynamic_max.hash(&mut h);
        v.memory_static_max.hash(&mut h);
        v.suspend_vdi.as_str().hash(&mut h);
        for b in v.vbds.iter().filter_map(|b| cache.vbds.get(b)) {
            b.vdi.as_str().hash(&mut h);
            if let Some(d) = cache.vdis.get(&b.vdi) {
                d.sr.as_str().hash(&mut h);
            }
        }
        for x in v.vifs.iter().filter_map(|x| cache.vifs.get(x)) {
            x.network.as_str().hash(&mut h);
        }
    }
    if let Some(s) = cache.hosts.get(host) {
        s.enabled.hash(&mut h);
        s.resident_vms.len().hash(&mut h);
        s.pbds.len().hash(&mut h);
        s.pifs.len().hash(&mut h);
        if let Some(m) = cache.host_metrics.get(&s.metrics) {
            m.live.hash(&mut h);
        }
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    fn find<T>(m: &std::collections::HashMap<Ref<T>, impl Named>, name: &str) -> Ref<T> {
        m.iter()
            .find(|(_, v)| v.name() == name)
            .map(|(r, _)| r.clone())
            .unwrap_or_else(|| panic!("no {name}"))
    }

    trait Named {
        fn name(&self) -> &str;
    }
    impl Named for Vm {
        fn name(&self) -> &str {
            &self.name_label
        }
    }
    impl Named for Host {
        fn name(&self) -> &str {
            &self.name_label
        }
    }

    #[test]
    fn refusals_name_the_storage_and_network_and_keep_the_figures() {
        let c = demo();
        let sr = c
            .srs
            .iter()
            .find(|(_, s)| s.name_label == "Local storage")
            .map(|(r, _)| r.clone())
            .unwrap();
        let e = ApiError::new("VM_REQUIRES_SR", ["OpaqueRef:vm", sr.as_str()]);
        assert_eq!(refusal(&c, &e), Refusal::Storage("Local storage".into()));
        let e = ApiError::new("HOST_NOT_ENOUGH_FREE_MEMORY", ["100", "10"]);
        assert_eq!(
            refusal(&c, &e),
            Refusal::Memory {
                needed: 100,
                free: 10
            }
        );
        let e = ApiError::new("VM_REQUIRES_NET", ["OpaqueRef:vm", "OpaqueRef:gone"]);
        assert_eq!(refusal(&c, &e), Refusal::Network("OpaqueRef:gone".into()));
    }

    #[test]
    fn the_current_server_is_known_and_facts_change_with_what_xapi_checks() {
        let mut c = demo();
        let vm = find(&c.vms, "web-01");
        let (h1, h2) = (find(&c.hosts, "xcp-host-01"), find(&c.hosts, "xcp-host-02"));
        assert!(runs_there(&c, &vm, &h1) && !runs_there(&c, &vm, &h2));
        let before = facts(&c, &vm, &h2);
        assert_eq!(before, facts(&c, &vm, &h2));
        if let Some(h) = c.hosts.get_mut(&h2) {
            h.enabled = false;
        }
        assert_ne!(before, facts(&c, &vm, &h2));
    }
}
