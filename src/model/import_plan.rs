//! What happens to a VM after xapi has made it from an XVA, as XenCenter's `ImportVmAction`
//! does it: a name already in the pool gets a number (`DefaultVMName`: "web (1)"), the home
//! server chosen is set (`VM.set_affinity`), each VIF goes to the network the user chose for
//! its device (destroyed and made again there, its MAC, MTU and settings kept), and the
//! networks the import made that nothing uses any more are removed. The choices are made
//! before the upload, from the file's `ova.xml`. Snapshots the file carries come with the
//! VM (xapi `import.ml` links them to it); their VIFs stay where the import put them, as
//! XenCenter remaps only the VM's own.

use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A NIC of the VM in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileNic {
    pub device: String,
    pub mac: String,
    /// The name and bridge of the network it was on where it was exported.
    pub network_name: String,
    pub bridge: String,
}

/// A network of the pool the user may choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolNet {
    pub net: String,
    pub name: String,
    pub bridge: String,
}

/// The VM in `ova.xml` (the first that is not a snapshot).
fn vm_of(ova: &xva::ova::Ova) -> Option<&xva::ova::Obj> {
    ova.objects
        .iter()
        .find(|o| o.class == "VM" && !is_snapshot(o))
}

fn is_snapshot(o: &xva::ova::Obj) -> bool {
    o.snapshot.get("is_a_snapshot").and_then(Value::as_bool) == Some(true)
}

/// The names of the VM's snapshots in `ova.xml`, oldest first: the snapshots whose
/// `snapshot_of` is the VM (an XVA written by xapi's `/export` has none).
pub fn snapshots_of(ova: &xva::ova::Ova) -> Vec<String> {
    let Some(vm) = vm_of(ova) else {
        return Vec::new();
    };
    let text = |o: &xva::ova::Obj, k: &str| {
        o.snapshot
            .get(k)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let snaps: Vec<&xva::ova::Obj> = ova
        .objects
        .iter()
        .filter(|o| o.class == "VM" && is_snapshot(o) && text(o, "snapshot_of") == vm.id)
        .collect();
    // Snapshots taken in the same second keep their order by the `parent` chain: the
    // later one's parent is the earlier.
    let depth = |o: &xva::ova::Obj| {
        let mut d = 0;
        let mut at = text(o, "parent");
        while let Some(p) = snaps.iter().find(|s| s.id == at) {
            d += 1;
            at = text(p, "parent");
            if d > snaps.len() {
                break;
            }
        }
        d
    };
    let mut keyed: Vec<(String, usize, String)> = snaps
        .iter()
        .map(|o| (text(o, "snapshot_time"), depth(o), text(o, "name_label")))
        .collect();
    keyed.sort();
    keyed.into_iter().map(|(_, _, name)| name).collect()
}

/// The uuid of the VM's home server in `ova.xml`: xapi writes the server `VM.affinity` names
/// as a `host` object (`export.ml` `make_host`), and its import keeps the affinity when this
/// pool has a server of that uuid. `None`: no home server, or a null one (a `Ref:N` that
/// names no object).
pub fn home_of(ova: &xva::ova::Ova) -> Option<String> {
    let vm = vm_of(ova)?;
    let id = vm.snapshot.get("affinity")?.as_str()?;
    let host = ova
        .objects
        .iter()
        .find(|o| o.class == "host" && o.id == id)?;
    Some(host.snapshot.get("uuid")?.as_str()?.to_string())
}

/// The VM's NICs in `ova.xml`, by device number (the VM itself, not its snapshots).
pub fn nics_of(ova: &xva::ova::Ova) -> Vec<FileNic> {
    let Some(vm) = vm_of(ova) else {
        return Vec::new();
    };
    let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let mut out: Vec<FileNic> = ova
        .objects
        .iter()
        .filter(|o| o.class == "VIF" && text(&o.snapshot, "VM") == vm.id)
        .map(|o| {
            let net_id = text(&o.snapshot, "network");
            let net = ova
                .objects
                .iter()
                .find(|n| n.class == "network" && n.id == net_id);
            FileNic {
                device: text(&o.snapshot, "device"),
                mac: text(&o.snapshot, "MAC"),
                network_name: net
                    .map(|n| text(&n.snapshot, "name_label"))
                    .unwrap_or_default(),
                bridge: net.map(|n| text(&n.snapshot, "bridge")).unwrap_or_default(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.device.parse::<u32>().ok(), &a.device).cmp(&(b.device.parse::<u32>().ok(), &b.device))
    });
    out
}

/// The network a NIC goes to unless the user says otherwise: the same-named one, else the
/// same bridge (how xapi's import matches), else the first offered (XenCenter's
/// `GetDefaultNetwork`).
pub fn default_network(nic: &FileNic, nets: &[PoolNet]) -> Option<String> {
    let by = |f: &dyn Fn(&PoolNet) -> bool| nets.iter().find(|n| f(n)).map(|n| n.net.clone());
    by(&|n| !nic.network_name.is_empty() && n.name == nic.network_name)
        .or_else(|| by(&|n| !nic.bridge.is_empty() && n.bridge == nic.bridge))
        .or_else(|| nets.first().map(|n| n.net.clone()))
}

/// XenCenter's `DefaultVMName`: when the pool (the new VM included) has more than one VM
/// of this name, the first "NAME (i)" no VM has; `None` keeps the name.
pub fn free_name(name: &str, count: impl Fn(&str) -> usize) -> Option<String> {
    if count(name) <= 1 {
        return None;
    }
    (1..)
        .map(|i| format!("{name} ({i})"))
        .find(|n| count(n) == 0)
}

/// A VIF of the new VM as xapi made it.
#[derive(Debug, Clone)]
pub struct MadeVif {
    pub vif: String,
    pub device: String,
    pub network: String,
    /// Its record (what is made again elsewhere).
    pub record: Value,
}

/// One VIF moved: destroy `vif`, then `VIF.create` with `create`.
#[derive(Debug, Clone, PartialEq)]
pub struct Move {
    pub vif: String,
    pub create: Value,
}

/// The VIFs to move so each device is on the chosen network (`chosen`: device → network);
/// a device not chosen, or already there, stays.
pub fn remap(vm: &str, made: &[MadeVif], chosen: &BTreeMap<String, String>) -> Vec<Move> {
    let field = |r: &Value, k: &str, d: Value| r.get(k).cloned().unwrap_or(d);
    made.iter()
        .filter_map(|v| {
            let to = chosen.get(&v.device)?;
            if *to == v.network {
                return None;
            }
            let r = &v.record;
            Some(Move {
                vif: v.vif.clone(),
                create: json!({
                    "device": v.device,
                    "network": to,
                    "VM": vm,
                    "MAC": field(r, "MAC", json!("")),
                    "MTU": field(r, "MTU", json!(1500)),
                    "other_config": field(r, "other_config", json!({})),
                    "qos_algorithm_type": field(r, "qos_algorithm_type", json!("")),
                    "qos_algorithm_params": field(r, "qos_algorithm_params", json!({})),
                    "locking_mode": field(r, "locking_mode", json!("network_default")),
                    "ipv4_allowed": field(r, "ipv4_allowed", json!([])),
                    "ipv6_allowed": field(r, "ipv6_allowed", json!([])),
                }),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets() -> Vec<PoolNet> {
        [
            ("n0", "Pool-wide network", "xenbr0"),
            ("n1", "Storage", "xenbr1"),
            ("n2", "DMZ", "xapi3"),
        ]
        .iter()
        .map(|(r, n, b)| PoolNet {
            net: (*r).into(),
            name: (*n).into(),
            bridge: (*b).into(),
        })
        .collect()
    }

    fn nic(name: &str, bridge: &str) -> FileNic {
        FileNic {
            device: "0".into(),
            mac: "aa:bb:cc:dd:ee:01".into(),
            network_name: name.into(),
            bridge: bridge.into(),
        }
    }

    #[test]
    fn a_nic_defaults_to_the_same_name_then_bridge_then_the_first_network() {
        assert_eq!(
            default_network(&nic("DMZ", "xenbr9"), &nets()).as_deref(),
            Some("n2")
        );
        assert_eq!(
            default_network(&nic("Other", "xenbr1"), &nets()).as_deref(),
            Some("n1")
        );
        assert_eq!(
            default_network(&nic("Other", "xenbr9"), &nets()).as_deref(),
            Some("n0")
        );
        assert_eq!(default_network(&nic("DMZ", ""), &[]), None);
    }

    #[test]
    fn a_clashing_name_gets_xencenter_s_number() {
        let pool = ["web", "web", "web (1)", "db"];
        let count = |n: &str| pool.iter().filter(|p| **p == n).count();
        assert_eq!(free_name("web", count).as_deref(), Some("web (2)"));
        assert_eq!(free_name("db", count), None, "the new VM alone has it");
    }

    #[test]
    fn only_the_vifs_whose_network_changes_move_keeping_their_mac_and_settings() {
        let made = vec![
            MadeVif {
                vif: "vif0".into(),
                device: "0".into(),
                network: "n0".into(),
                record: json!({"MAC": "aa:bb:cc:dd:ee:01", "MTU": 9000, "locking_mode": "locked",
                    "ipv4_allowed": ["10.0.0.5"], "other_config": {"k": "v"}}),
            },
            MadeVif {
                vif: "vif1".into(),
                device: "1".into(),
                network: "n1".into(),
                record: json!({"MAC": "aa:bb:cc:dd:ee:02"}),
            },
        ];
        let chosen: BTreeMap<String, String> =
            [("0".into(), "n2".into()), ("1".into(), "n1".into())].into();
        let moves = remap("vm", &made, &chosen);
        assert_eq!(moves.len(), 1, "device 1 is already where it was chosen");
        let m = &moves[0];
        assert_eq!(m.vif, "vif0");
        assert_eq!(m.create["network"], "n2");
        assert_eq!(m.create["device"], "0");
        assert_eq!(m.create["VM"], "vm");
        assert_eq!(m.create["MAC"], "aa:bb:cc:dd:ee:01");
        assert_eq!(m.create["MTU"], 9000);
        assert_eq!(m.create["locking_mode"], "locked");
        assert_eq!(m.create["ipv4_allowed"], json!(["10.0.0.5"]));
        assert_eq!(m.create["other_config"], json!({"k": "v"}));
    }

    #[test]
    fn the_file_s_nics_are_the_vm_s_in_device_order() {
        let obj = |class: &str, id: &str, s: Value| xva::ova::Obj {
            class: class.into(),
            id: id.into(),
            snapshot: s,
        };
        let ova = xva::ova::Ova {
            version: Default::default(),
            objects: vec![
                obj("VM", "Ref:0", json!({"is_a_snapshot": false})),
                obj("VM", "Ref:9", json!({"is_a_snapshot": true})),
                obj(
                    "VIF",
                    "Ref:1",
                    json!({"VM": "Ref:0", "device": "10", "MAC": "m10", "network": "Ref:3"}),
                ),
                obj(
                    "VIF",
                    "Ref:2",
                    json!({"VM": "Ref:0", "device": "2", "MAC": "m2", "network": "Ref:3"}),
                ),
                obj(
                    "VIF",
                    "Ref:8",
                    json!({"VM": "Ref:9", "device": "0", "MAC": "snap", "network": "Ref:3"}),
                ),
                obj(
                    "network",
                    "Ref:3",
                    json!({"name_label": "DMZ", "bridge": "xapi3"}),
                ),
            ],
        };
        let nics = nics_of(&ova);
        assert!(snapshots_of(&ova).is_empty(), "Ref:9 is nobody's snapshot");
        assert_eq!(home_of(&ova), None, "no affinity");
        let devs: Vec<&str> = nics.iter().map(|n| n.device.as_str()).collect();
        assert_eq!(devs, ["2", "10"]);
        assert_eq!(nics[0].network_name, "DMZ");
        assert_eq!(nics[0].bridge, "xapi3");
    }

    #[test]
    fn the_home_server_is_the_host_object_the_vm_s_affinity_names() {
        let obj = |class: &str, id: &str, s: Value| xva::ova::Obj {
            class: class.into(),
            id: id.into(),
            snapshot: s,
        };
        let mut ova = xva::ova::Ova {
            version: Default::default(),
            objects: vec![
                obj("host", "Ref:5", json!({"uuid": "h-uuid", "PIFs": []})),
                obj(
                    "VM",
                    "Ref:0",
                    json!({"affinity": "Ref:5", "resident_on": "Ref:4"}),
                ),
            ],
        };
        assert_eq!(home_of(&ova).as_deref(), Some("h-uuid"));
        // A null affinity is written as an id that names nothing.
        ova.objects[1].snapshot["affinity"] = json!("Ref:4");
        assert_eq!(home_of(&ova), None);
    }

    #[test]
    fn the_vm_s_snapshots_are_named_oldest_first() {
        let vm = |id: &str, s: Value| xva::ova::Obj {
            class: "VM".into(),
            id: id.into(),
            snapshot: s,
        };
        let ova = xva::ova::Ova {
            version: Default::default(),
            objects: vec![
                vm(
                    "Ref:0",
                    json!({"is_a_snapshot": false, "name_label": "web"}),
                ),
                vm(
                    "Ref:5",
                    json!({"is_a_snapshot": true, "snapshot_of": "Ref:0", "parent": "Ref:3",
                        "snapshot_time": "20260301T10:00:00Z", "name_label": "after"}),
                ),
                vm(
                    "Ref:4",
                    json!({"is_a_snapshot": true, "snapshot_of": "Ref:0",
                        "snapshot_time": "20260101T10:00:00Z", "name_label": "before"}),
                ),
                // Three taken in the same second: their `parent` chain orders them.
                vm(
                    "Ref:3",
                    json!({"is_a_snapshot": true, "snapshot_of": "Ref:0", "parent": "Ref:2",
                        "snapshot_time": "20260301T10:00:00Z", "name_label": "zz-between"}),
                ),
                vm(
                    "Ref:2",
                    json!({"is_a_snapshot": true, "snapshot_of": "Ref:0", "parent": "Ref:4",
                        "snapshot_time": "20260301T10:00:00Z", "name_label": "middle"}),
                ),
                vm(
                    "Ref:6",
                    json!({"is_a_snapshot": true, "snapshot_of": "Ref:7",
                        "snapshot_time": "20250101T10:00:00Z", "name_label": "other"}),
                ),
            ],
        };
        assert_eq!(
            snapshots_of(&ova),
            ["before", "middle", "zz-between", "after"]
        );
    }
}
