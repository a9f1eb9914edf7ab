//! Display names as XenCenter shows them (`xencenter.md` §2): installer-created SRs by their
//! `i18n-key` while the name is still the original, networks and PIFs by device, control
//! domains and unnamed pools.
//!
//! Names come from servers and dumps we do not control: every name here goes through
//! [`visible`], so a control character (a terminal escape, a newline) shows as a symbol
//! instead of acting.

use super::visibility::sr_home;
use crate::i18n::{I18n, VM_TOOLS};
use xenapi::{Cache, Host, Network, Pif, Pool, Ref, Sr, Vm};

/// `s` with each control character replaced by a visible stand-in: C0 controls and DEL by
/// their Unicode Control Pictures (ESC shows as `␛`, LF as `␊`), C1 controls as `<U+009B>`.
pub fn visible(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\u{0}'..='\u{1f}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')),
            '\u{7f}' => out.push('\u{2421}'),
            c if c.is_control() => out.push_str(&format!("<U+{:04X}>", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// XenCenter's `SR.I18N(field, value, with_host)`.
fn sr_i18n(
    i18n: &I18n,
    cache: &Cache,
    sr: &Sr,
    field: &str,
    value: &str,
    with_host: bool,
) -> String {
    let Some(key) = sr.other_config.get("i18n-key") else {
        return value.to_string();
    };
    // An absent original counts as "", so an empty description is still localized.
    let original = sr
        .other_config
        .get(&format!("i18n-original-value-{field}"))
        .map_or("", String::as_str);
    if original != value {
        return value.to_string(); // renamed by the user
    }
    // Fluent ids allow only [A-Za-z0-9_-]: any other key cannot have a string.
    if key.is_empty()
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return value.to_string();
    }
    let host = if with_host {
        sr_home(cache, sr).and_then(|h| cache.hosts.get(&h).map(|h| h.name_label.clone()))
    } else {
        None
    };
    let found = match &host {
        Some(h) => i18n.try_get(
            &format!("sr-{field}-{key}-host"),
            &[("host", h), ("tools", VM_TOOLS)],
        ),
        None => i18n.try_get(&format!("sr-{field}-{key}"), &[("tools", VM_TOOLS)]),
    };
    found.unwrap_or_else(|| value.to_string())
}

/// `SR.Name()`: with "on HOST" for a local SR. Also the sort key.
pub fn sr_name(i18n: &I18n, cache: &Cache, sr: &Sr) -> String {
    visible(&sr_i18n(
        i18n,
        cache,
        sr,
        "name_label",
        &sr.name_label,
        true,
    ))
}

/// `SR.NameWithoutHost()`: the tree's text (the SR sits under its host anyway).
pub fn sr_name_without_host(i18n: &I18n, cache: &Cache, sr: &Sr) -> String {
    visible(&sr_i18n(
        i18n,
        cache,
        sr,
        "name_label",
        &sr.name_label,
        false,
    ))
}

/// An SR's name where names repeat (the Objects view's flat storage groups): XenCenter's
/// "on HOST" form for an installer SR, "NAME on HOST" for any other SR with a host, so two
/// "DVD drives" read apart. An SR without a host keeps its name.
pub fn sr_name_distinct(i18n: &I18n, cache: &Cache, sr: &Sr) -> String {
    let plain = sr_name_without_host(i18n, cache, sr);
    let full = sr_name(i18n, cache, sr);
    if full != plain {
        return full;
    }
    match sr_home(cache, sr).and_then(|h| cache.hosts.get(&h)) {
        Some(h) => i18n.get_args(
            "sr-name-on-host",
            &[("name", &plain), ("host", &host_name(h))],
        ),
        None => plain,
    }
}

/// `SR.Description()`.
pub fn sr_description(i18n: &I18n, cache: &Cache, sr: &Sr) -> String {
    sr_i18n(
        i18n,
        cache,
        sr,
        "name_description",
        &sr.name_description,
        true,
    )
}

/// `Pool.Name()`: the coordinator's name when the pool has none.
pub fn pool_name(cache: &Cache, pool: &Pool) -> String {
    if !pool.name_label.is_empty() {
        return visible(&pool.name_label);
    }
    cache
        .hosts
        .get(&pool.master)
        .map(host_name)
        .unwrap_or_default()
}

pub fn host_name(host: &Host) -> String {
    visible(&host.name_label)
}

/// `VM.Name()`: control domains read "Control domain on host X".
pub fn vm_name(i18n: &I18n, vm: &Vm) -> String {
    if let Some(host) = vm.name_label.strip_prefix("Control domain on host: ") {
        return i18n.get_args("vm-control-domain", &[("host", &visible(host))]);
    }
    visible(&vm.name_label)
}

/// "eth0" → "0"; anything else stays as it is.
fn nic_number(device: &str) -> String {
    visible(device.strip_prefix("eth").unwrap_or(device))
}

/// The bond's member numbers, "0+1", when `pif` is a bond master.
fn bond_members(cache: &Cache, pif: &Pif) -> Option<String> {
    let bond = pif
        .bond_master_of
        .first()
        .and_then(|b| cache.bonds.get(b))?;
    let mut members: Vec<String> = bond
        .slaves
        .iter()
        .filter_map(|s| cache.pifs.get(s))
        .map(|p| nic_number(&p.device))
        .collect();
    members.sort_by(|a, b| super::natural::compare(a, b));
    Some(members.join("+"))
}

/// `PIF.Name()`: "NIC 0", or "Bond 0+1" for a bond master. A VLAN interface is named after
/// the NIC or bond it tags, as XenCenter does, plus its tag ("NIC 1 (VLAN 42)"): XenCenter
/// shows the tag in a column of its own, but a list of NICs needs it in the name, or the VLAN
/// interface and its NIC read the same.
pub fn pif_name(i18n: &I18n, cache: &Cache, pif: &Pif) -> String {
    if pif.vlan >= 0 {
        let nic = tagged_pif(cache, pif)
            .map_or_else(|| base_pif_name(i18n, pif), |t| pif_base(i18n, cache, t));
        return i18n.get_args(
            "pif-vlan",
            &[("nic", &nic), ("vlan", &pif.vlan.to_string())],
        );
    }
    pif_base(i18n, cache, pif)
}

fn pif_base(i18n: &I18n, cache: &Cache, pif: &Pif) -> String {
    match bond_members(cache, pif) {
        Some(m) => i18n.get_args("pif-bond", &[("members", &m)]),
        None => base_pif_name(i18n, pif),
    }
}

fn base_pif_name(i18n: &I18n, pif: &Pif) -> String {
    i18n.get_args("pif-nic", &[("number", &nic_number(&pif.device))])
}

/// The NIC (or bond) a VLAN interface tags: through its VLAN object, else the untagged
/// interface with the same device on the same host (old dumps lack the VLAN table).
fn tagged_pif<'a>(cache: &'a Cache, pif: &Pif) -> Option<&'a Pif> {
    cache
        .vlans
        .get(&pif.vlan_master_of)
        .and_then(|v| cache.pifs.get(&v.tagged_pif))
        .filter(|t| t.vlan < 0)
        .or_else(|| {
            cache
                .pifs
                .values()
                .find(|t| t.vlan < 0 && t.host == pif.host && t.device == pif.device)
        })
}

/// The order of NICs in lists: by host, then NICs by number with each VLAN interface right
/// after the NIC it tags, then bonds (after the NICs they join). Compare with
/// [`super::natural::compare`].
pub fn pif_sort_key(cache: &Cache, pif: &Pif) -> String {
    let host = cache
        .hosts
        .get(&pif.host)
        .map(host_name)
        .unwrap_or_default();
    let base = if pif.vlan >= 0 {
        tagged_pif(cache, pif).unwrap_or(pif)
    } else {
        pif
    };
    let (kind, number) = match bond_members(cache, base) {
        Some(m) => ('b', m),
        None => ('a', nic_number(&base.device)),
    };
    let vlan = if pif.vlan >= 0 {
        pif.vlan.to_string()
    } else {
        String::new()
    };
    // U+001F sorts before any printable character: a shorter host name (or no tag) first.
    format!("{host}\u{1f}{kind} {number}\u{1f}{vlan}")
}

/// The network's PIF on the pool coordinator (or any PIF when the coordinator has none).
fn coordinator_pif<'a>(cache: &'a Cache, net: &Network) -> Option<&'a Pif> {
    let master = cache.pool().map(|(_, p)| p.master.clone());
    let pifs: Vec<&Pif> = net.pifs.iter().filter_map(|p| cache.pifs.get(p)).collect();
    pifs.iter()
        .find(|p| Some(&p.host) == master.as_ref())
        .or(pifs.first())
        .copied()
}

/// `Network.Name()`.
pub fn network_name(i18n: &I18n, cache: &Cache, net: &Network) -> String {
    let label = net.name_label.as_str();
    if label == "Host internal management network" {
        return i18n.get("net-himn");
    }
    let generated = label.starts_with("Pool-wide network associated with ")
        || label.starts_with("Network associated with ");
    if !generated {
        return visible(label);
    }
    let Some(pif) = coordinator_pif(cache, net) else {
        return visible(label);
    };
    let device = bond_members(cache, pif).unwrap_or_else(|| nic_number(&pif.device));
    if pif.vlan >= 0 {
        i18n.get_args(
            "net-name-vlan",
            &[("device", &device), ("vlan", &pif.vlan.to_string())],
        )
    } else {
        i18n.get_args("net-name", &[("device", &device)])
    }
}

/// The name of any object by class and ref, for lists and messages.
pub fn host_label(cache: &Cache, r: &Ref<Host>) -> String {
    cache
        .hosts
        .get(r)
        .map(host_name)
        .unwrap_or_else(|| "?".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    /// The built-in pool with host 1's free NICs bonded.
    fn demo_with_bond() -> Cache {
        let mut db = demo::demo_pool();
        demo::lifecycle::bonds::bond_devices(
            &mut db,
            "xcp-host-01",
            &["eth2", "eth3"],
            "active-backup",
        )
        .expect("host 1's eth2 and eth3 bond");
        xapidb::cache_of(&db)
    }

    #[test]
    fn a_vlan_interface_is_named_after_its_nic_and_tag() {
        let (cache, i18n) = (demo_with_bond(), I18n::new("en-US"));
        let mut names: Vec<(String, String)> = cache
            .pifs
            .values()
            .filter(|p| cache.hosts.get(&p.host).map(host_name).as_deref() == Some("xcp-host-01"))
            .map(|p| (pif_sort_key(&cache, p), pif_name(&i18n, &cache, p)))
            .collect();
        names.sort_by(|a, b| super::super::natural::compare(&a.0, &b.0));
        let names: Vec<&str> = names.iter().map(|(_, n)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "NIC 0",
                "NIC 1",
                "NIC 1 (VLAN 42)",
                "NIC 2",
                "NIC 3",
                "Bond 2+3"
            ],
            "distinct, natural, each VLAN after its NIC, bonds after their members"
        );
        let ja = I18n::new("ja");
        let vlan = cache.pifs.values().find(|p| p.vlan == 42).expect("VLAN 42");
        assert_eq!(pif_name(&ja, &cache, vlan), "NIC 1 (VLAN 42)");
    }

    #[test]
    fn a_vlan_on_a_bond_is_named_after_the_bond() {
        let mut cache = demo_with_bond();
        let bond = cache
            .pifs
            .iter()
            .find(|(_, p)| !p.bond_master_of.is_empty())
            .map(|(_, p)| p.clone())
            .expect("a bond");
        // No VLAN object (as in old dumps): found by host and device.
        let vlan = Pif {
            vlan: 7,
            device: bond.device.clone(),
            host: bond.host.clone(),
            ..Pif::default()
        };
        cache.pifs.insert(Ref::new("OpaqueRef:v7"), vlan.clone());
        let i18n = I18n::new("en-US");
        assert_eq!(pif_name(&i18n, &cache, &vlan), "Bond 2+3 (VLAN 7)");
        assert_eq!(
            super::super::natural::compare(
                &pif_sort_key(&cache, &bond),
                &pif_sort_key(&cache, &vlan)
            ),
            std::cmp::Ordering::Less
        );
    }

    #[test]
    fn repeated_sr_names_get_their_host() {
        let (cache, i18n) = (demo(), I18n::new("en-US"));
        let mut names: Vec<String> = cache
            .srs
            .values()
            .map(|sr| sr_name_distinct(&i18n, &cache, sr))
            .collect();
        names.sort();
        for n in [
            "DVD drives on xcp-host-01",
            "DVD drives on xcp-host-02",
            "Removable storage on xcp-host-01",
            "Local storage on xcp-host-01",
            "Fast NVMe (host 2) on xcp-host-02",
            "Shared NFS storage",
        ] {
            assert!(names.iter().any(|x| x == n), "{n} in {names:?}");
        }
        let zh = I18n::new("zh-CN");
        let fast = cache
            .srs
            .values()
            .find(|s| s.name_label == "Fast NVMe (host 2)")
            .expect("renamed SR");
        assert_eq!(
            sr_name_distinct(&zh, &cache, fast),
            "xcp-host-02 上的 Fast NVMe (host 2)"
        );
    }
}
