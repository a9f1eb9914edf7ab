//! A VM's (template's, snapshot's) details: general properties with the IP addresses its
//! guest reports, its NICs, disks and snapshots, and its xenstore-data.

use super::{DetailList, Details, ListEntry, format_bytes, power, table, vm_label, yes_no};
use crate::i18n::I18n;
use crate::model::names;
use crate::model::tree::Node;
use crate::model::visibility as vis;
use i18n_embed_fl::fl;
use xenapi::records::PowerState;
use xenapi::{Cache, Ref, Vm};

/// The addresses the guest agent reports (`VM_guest_metrics.networks`), by device, IPv4 before
/// IPv6, each once. `device`: only that VIF's.
pub fn ips(cache: &Cache, vm: &Vm, device: Option<&str>) -> Vec<String> {
    // xapi keeps a halted or suspended VM's guest metrics until it boots again: its
    // addresses are the last ones the guest had, not addresses it has (XenCenter shows them
    // only while the VM runs).
    if !matches!(vm.power_state, PowerState::Running | PowerState::Paused) {
        return Vec::new();
    }
    let Some(g) = cache.vm_guest_metrics.get(&vm.guest_metrics) else {
        return Vec::new();
    };
    // Keys are "0/ip", "0/ipv4/0", "0/ipv6/1": device, then family, then index.
    let mut keys: Vec<&String> = g
        .networks
        .keys()
        .filter(|k| device.is_none_or(|d| k.split('/').next() == Some(d)))
        .collect();
    keys.sort_by(|a, b| crate::model::natural::compare(a, b));
    let mut out: Vec<String> = Vec::new();
    for k in keys {
        let ip = g.networks[k].trim();
        if !ip.is_empty() && !out.iter().any(|o| o == ip) {
            out.push(names::visible(ip));
        }
    }
    out
}

/// xapi's timestamp ("20261124T22:00:00Z", or ISO 8601 with dashes) as
/// "2026-11-24 22:00 UTC"; `None` for the epoch, which xapi uses for "never".
pub fn format_time(t: &str) -> Option<String> {
    let f = crate::model::tasks::time_fields(t)?;
    if f.year == 1970 {
        return None;
    }
    let zone = match f.zone {
        "" | "Z" | "z" => "UTC".to_string(),
        other => names::visible(other),
    };
    Some(format!(
        "{:04}-{:02}-{:02} {:02}:{:02} {zone}",
        f.year, f.month, f.day, f.hour, f.minute
    ))
}

/// Fills `d` for the VM `r`; `None` when it no longer exists.
pub(super) fn details(
    cache: &Cache,
    i18n: &I18n,
    r: &Ref<Vm>,
    show_hidden: bool,
    d: &mut Details,
) -> Option<()> {
    let l = &i18n.loader;
    let vm = cache.vms.get(r)?;
    d.kind = match vis::vm_type(vm) {
        Some(vis::ObjectType::Snapshot) => fl!(l, "kind-snapshot"),
        Some(vis::ObjectType::UserTemplate | vis::ObjectType::DefaultTemplate) => {
            fl!(l, "kind-template")
        }
        _ => fl!(l, "kind-vm"),
    };
    d.title = names::vm_name(i18n, vm);
    d.props.push((fl!(l, "prop-name"), d.title.clone()));
    d.props
        .push((fl!(l, "prop-description"), vm.name_description.clone()));
    if !vm.is_a_template {
        d.props
            .push((fl!(l, "prop-power-state"), power(i18n, &vm.power_state)));
    }
    if let Some(h) = vis::vm_home(cache, vm) {
        let name = names::host_label(cache, &h);
        d.push_link(fl!(l, "prop-host"), name, Node::Host(h));
    }
    if vm.is_a_snapshot {
        if let Some(of) = cache.vms.get(&vm.snapshot_of) {
            let name = names::vm_name(i18n, of);
            d.push_link(
                fl!(l, "prop-snapshot-of"),
                name,
                Node::Vm(vm.snapshot_of.clone()),
            );
        }
        if let Some(t) = format_time(&vm.snapshot_time) {
            d.props.push((fl!(l, "prop-snapshot-time"), t));
        }
    }
    d.props
        .push((fl!(l, "prop-memory"), format_bytes(vm.memory_static_max)));
    d.props
        .push((fl!(l, "prop-vcpus"), vm.vcpus_at_startup.to_string()));
    if let Some(g) = cache.vm_guest_metrics.get(&vm.guest_metrics) {
        let os = g
            .os_version
            .get("name")
            .or_else(|| g.os_version.get("distro"))
            .cloned()
            .unwrap_or_default();
        if !os.is_empty() {
            d.props.push((fl!(l, "prop-os"), os));
        }
    }
    let ips = ips(cache, vm, None);
    if !ips.is_empty() {
        d.props.push((fl!(l, "prop-ips"), ips.join(", ")));
    }
    // As XenCenter's General tab: the tags a search finds the VM by, where they can be read.
    if !vm.tags.is_empty() {
        let tags: Vec<String> = vm
            .tags
            .iter()
            .map(|t| crate::model::names::visible(t))
            .collect();
        d.props.push((fl!(l, "prop-tags"), tags.join(", ")));
    }
    if vis::is_flag_hidden(&vm.other_config) {
        d.props.push((fl!(l, "prop-hidden"), yes_no(i18n, true)));
    }
    d.props.push((fl!(l, "prop-uuid"), vm.uuid.clone()));
    d.other_config = table(&vm.other_config);
    d.xenstore = Some(table(&vm.xenstore_data));
    d.lists.push(DetailList {
        title: fl!(l, "list-nics"),
        tab: super::super::tabs::DetailsTab::Networking,
        entries: nics(cache, i18n, vm),
    });
    d.lists.push(DetailList {
        title: fl!(l, "list-disks"),
        tab: super::super::tabs::DetailsTab::Storage,
        entries: disks(cache, i18n, vm, show_hidden),
    });
    if !vm.is_a_snapshot && !vm.is_a_template {
        d.lists.push(DetailList {
            title: fl!(l, "list-snapshots"),
            tab: super::super::tabs::DetailsTab::Snapshots,
            entries: snapshots(cache, i18n, vm, show_hidden),
        });
    }
    Some(())
}

fn nics(cache: &Cache, i18n: &I18n, vm: &Vm) -> Vec<ListEntry> {
    let mut nics: Vec<ListEntry> = vm
        .vifs
        .iter()
        .filter_map(|v| cache.vifs.get(v).map(|vif| (v, vif)))
        .map(|(v, vif)| {
            let net = cache
                .networks
                .get(&vif.network)
                .map(|n| names::network_name(i18n, cache, n))
                .unwrap_or_default();
            ListEntry {
                node: Node::Vif(v.clone()),
                label: format!("{} · {} · {}", vif.device, vif.mac, net),
                greyed: false,
            }
        })
        .collect();
    super::sort_by_label(&mut nics);
    nics
}

fn disks(cache: &Cache, i18n: &I18n, vm: &Vm, show_hidden: bool) -> Vec<ListEntry> {
    let mut disks: Vec<ListEntry> = vm
        .vbds
        .iter()
        .filter_map(|b| cache.vbds.get(b))
        .filter_map(|vbd| cache.vdis.get(&vbd.vdi).map(|vdi| (vbd, vdi)))
        .filter(|(_, vdi)| vis::vdi_shown(vdi, show_hidden))
        .map(|(vbd, vdi)| {
            let name = if vis::is_flag_hidden(&vdi.other_config) {
                i18n.hidden(&names::visible(&vdi.name_label))
            } else {
                names::visible(&vdi.name_label)
            };
            ListEntry {
                node: Node::Vdi(vbd.vdi.clone()),
                label: format!(
                    "{} · {} · {}",
                    vbd.userdevice,
                    name,
                    format_bytes(vdi.virtual_size)
                ),
                greyed: vis::is_flag_hidden(&vdi.other_config),
            }
        })
        .collect();
    super::sort_by_label(&mut disks);
    disks
}

/// The VM's snapshots with the time each was taken, oldest first.
fn snapshots(cache: &Cache, i18n: &I18n, vm: &Vm, show_hidden: bool) -> Vec<ListEntry> {
    let mut snaps: Vec<(&String, ListEntry)> = vm
        .snapshots
        .iter()
        .filter_map(|s| cache.vms.get(s).map(|snap| (s, snap)))
        .filter(|(_, snap)| snap.is_a_snapshot && vis::vm_shown(snap, show_hidden))
        .map(|(s, snap)| {
            let name = vm_label(i18n, snap);
            let label = match format_time(&snap.snapshot_time) {
                Some(t) => format!("{name} · {t}"),
                None => name,
            };
            let entry = ListEntry {
                node: Node::Vm(s.clone()),
                label,
                greyed: vis::is_flag_hidden(&snap.other_config),
            };
            (&snap.snapshot_time, entry)
        })
        .collect();
    snaps.sort_by(|a, b| {
        format_time(a.0)
            .cmp(&format_time(b.0))
            .then_with(|| crate::model::natural::compare(&a.1.label, &b.1.label))
    });
    snaps.into_iter().map(|(_, e)| e).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn no_string_makes_the_time_formatter_panic(s in "\\PC*", t in "[0-9€:T٠-٩Z.+-]{0,24}") {
            let _ = format_time(&s);
            let _ = format_time(&t);
        }
    }

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    fn vm<'a>(cache: &'a Cache, name: &str) -> (Ref<Vm>, &'a Vm) {
        cache
            .vms
            .iter()
            .find(|(_, v)| v.name_label == name)
            .map(|(r, v)| (r.clone(), v))
            .unwrap_or_else(|| panic!("no VM {name}"))
    }

    #[test]
    fn times_read_as_utc_and_the_epoch_as_never() {
        assert_eq!(
            format_time("20261124T22:00:00Z").as_deref(),
            Some("2026-11-24 22:00 UTC")
        );
        assert_eq!(
            format_time("2026-11-24T07:05:09.123Z").as_deref(),
            Some("2026-11-24 07:05 UTC")
        );
        assert_eq!(
            format_time("20261124T22:00:00+02:00").as_deref(),
            Some("2026-11-24 22:00 +02:00")
        );
        assert_eq!(format_time("19700101T00:00:00Z"), None);
        assert_eq!(format_time(""), None);
        assert_eq!(format_time("yesterday"), None);
        assert_eq!(format_time("€€aaT00:00:00Z"), None);
        assert_eq!(format_time("20261124T2€:00:00Z"), None);
    }

    #[test]
    fn ips_come_by_device_once_each() {
        let mut cache = demo();
        let (_, web) = vm(&cache, "web-01");
        let g = web.guest_metrics.clone();
        assert_eq!(ips(&cache, web, None), ["192.168.20.22"]);
        // Halted, the same guest metrics (xapi keeps them) give no address.
        let halted = Vm {
            power_state: PowerState::Halted,
            ..web.clone()
        };
        assert!(ips(&cache, &halted, None).is_empty());
        let nets = &mut cache
            .vm_guest_metrics
            .get_mut(&g)
            .expect("metrics")
            .networks;
        nets.insert("0/ipv4/0".into(), "192.168.20.22".into());
        nets.insert("0/ipv6/0".into(), "fe80::1".into());
        nets.insert("1/ip".into(), "10.0.0.5".into());
        let (_, web) = vm(&cache, "web-01");
        assert_eq!(
            ips(&cache, web, None),
            ["192.168.20.22", "fe80::1", "10.0.0.5"]
        );
        assert_eq!(ips(&cache, web, Some("1")), ["10.0.0.5"]);
    }

    #[test]
    fn the_vm_pane_shows_ips_xenstore_and_snapshots_with_their_times() {
        let (cache, i18n) = (demo(), I18n::new("en-US"));
        let (r, _) = vm(&cache, "web-01");
        let d = super::super::details(&cache, &i18n, &Node::Vm(r), false).expect("web-01");
        let prop = |k: &str| {
            d.props
                .iter()
                .find(|(p, _)| p == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(prop("IP addresses"), Some("192.168.20.22"));
        let host = d
            .props
            .iter()
            .position(|(k, _)| k == "Server")
            .expect("host");
        assert!(
            matches!(d.link(host), Some(Node::Host(_))),
            "the host is a link"
        );
        let xs = d.xenstore.as_ref().expect("a VM has xenstore-data");
        assert!(
            xs.iter()
                .any(|(k, v)| k == "vm-data/env" && v == "production")
        );
        let snaps = d
            .lists
            .iter()
            .find(|l| l.title == "Snapshots")
            .expect("list");
        assert_eq!(snaps.entries.len(), 1);
        assert_eq!(
            snaps.entries[0].label,
            "web-01 before upgrade · 2026-11-24 22:00 UTC"
        );
        // The snapshot's own pane: its time, and its VM as a link.
        let d = super::super::details(&cache, &i18n, &snaps.entries[0].node, false)
            .expect("the snapshot");
        let of = d
            .props
            .iter()
            .position(|(k, _)| k == "Snapshot of")
            .expect("of");
        assert!(matches!(d.link(of), Some(Node::Vm(_))));
        assert!(
            d.props
                .iter()
                .any(|(k, v)| k == "Snapshot taken" && v == "2026-11-24 22:00 UTC")
        );
    }
}
