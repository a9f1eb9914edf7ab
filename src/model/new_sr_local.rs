//! The New Storage wizard's model for a server's own disk (LVM or ext) and for a Fibre
//! Channel (HBA) LUN: what the probes answer and what Finish sends.
//!
//! - Local: XCP-ng's `lsblk.py` plugin lists the server's disks (`host.call_plugin`; a
//!   server without it answers `XENAPI_MISSING_PLUGIN` and the device is typed); probes of
//!   types `lvm` and `ext` with every disk in `device` answer the `<SRlist>` of the volume
//!   groups each driver finds, with the disks each is on (`<Devlist>`) (sm
//!   `lvutil.scan_srlist`/`srlist_toxml`). A local SR is not shared: one PBD, on its server
//!   (`SR.create` with `shared=false` runs there; a reattach introduces the SR and makes
//!   that one PBD).
//! - HBA: a probe of type `lvmohba` without `SCSIid` fails with `SR_BACKEND_FAILURE_107`
//!   carrying sm `devscan.scan`'s `<Devlist>` of `<BlockDevice>`s in its stderr (as
//!   XenCenter's `FibreChannelProbeAction` reads it); each server is probed so the page
//!   can say which servers see each LUN. A probe with the `SCSIid` answers the `<SRlist>`.

use super::vm_plans::{Arg, Plan, Step, quote};
use serde_json::{Value, json};
use xenapi::{ApiError, Cache, Host, Ref};

/// One disk of a server, from `lsblk`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LocalDisk {
    /// `/dev/sdb`.
    pub path: String,
    pub size: i64,
    /// Partitions: name and mount point (`""` when not mounted).
    pub partitions: Vec<(String, String)>,
    /// The SR already on it: its type (`lvm`, `ext`) and UUID.
    pub sr: Option<(String, String)>,
}

impl LocalDisk {
    /// The server runs from it or has a partition of it mounted: not for VM storage.
    pub fn in_use(&self) -> bool {
        self.partitions.iter().any(|(_, at)| !at.is_empty())
    }
}

/// The disks in `lsblk.py`'s answer (`{"blockdevices": [...]}`; sizes in bytes as
/// strings); `None` when it is not that.
pub fn disks_of_lsblk(text: &str) -> Option<Vec<LocalDisk>> {
    let v: Value = serde_json::from_str(text).ok()?;
    let list = v.get("blockdevices")?.as_array()?;
    let s = |v: &Value, k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    Some(
        list.iter()
            .filter(|d| s(d, "type") == "disk")
            .map(|d| LocalDisk {
                path: format!("/dev/{}", s(d, "kname")),
                size: s(d, "size").parse().unwrap_or(0),
                partitions: d
                    .get("children")
                    .and_then(Value::as_array)
                    .map(|c| {
                        c.iter()
                            .map(|p| (s(p, "name"), s(p, "mountpoint")))
                            .collect()
                    })
                    .unwrap_or_default(),
                sr: None,
            })
            .filter(|d| d.path.len() > "/dev/".len())
            .collect(),
    )
}

/// The SRs of a probe's `<SRlist>` with the devices each is on (`<Devlist>`, commas).
pub fn srs_with_devices(xml: &str) -> Vec<(String, Vec<String>)> {
    let Ok(root) = xenapi::xmltree::parse(xml) else {
        return Vec::new();
    };
    root.elements()
        .filter(|x| x.name == "SR")
        .filter_map(|x| {
            let uuid = x.child("UUID")?.text().trim().to_string();
            let devs = x
                .child("Devlist")
                .map(|d| {
                    d.text()
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            (!uuid.is_empty()).then_some((uuid, devs))
        })
        .collect()
}

/// Marks each disk with the SR a probe of `kind` found on it.
pub fn mark(disks: &mut [LocalDisk], kind: &str, xml: &str) {
    for (uuid, devs) in srs_with_devices(xml) {
        for d in disks.iter_mut().filter(|d| devs.contains(&d.path)) {
            d.sr = Some((kind.to_string(), uuid.clone()));
        }
    }
}

/// What the user picked for a local repository.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LocalSpec {
    pub host: Option<Ref<Host>>,
    /// `/dev/sdb`.
    pub device: String,
    /// ext (VHD files on a file system, thin) rather than LVM (thick).
    pub ext: bool,
}

impl LocalSpec {
    pub fn kind(&self) -> &'static str {
        if self.ext { "ext" } else { "lvm" }
    }

    /// Why the fields are not enough yet (a Fluent id).
    pub fn invalid(&self) -> Option<&'static str> {
        if self.host.is_none() {
            return Some("sr-new-err-host");
        }
        let d = self.device.trim();
        if !d.starts_with("/dev/") || d.len() <= "/dev/".len() || d.contains(char::is_whitespace) {
            return Some("sr-new-err-device");
        }
        None
    }

    fn host_uuid(&self, cache: &Cache) -> String {
        self.host
            .as_ref()
            .and_then(|h| cache.hosts.get(h))
            .map(|h| h.uuid.clone())
            .unwrap_or_default()
    }

    fn config(&self) -> Value {
        json!({ "device": self.device.trim() })
    }

    /// A new repository on the disk (formatting it), on its server alone.
    pub fn create(&self, cache: &Cache, name: &str, description: &str) -> Plan {
        let host = self.host.clone().unwrap_or_else(|| Ref::new(""));
        let (step, xe) = super::new_sr::SrCreate {
            host: &host,
            config: Arg::Value(self.config()),
            xe_config: format!("device-config:device={}", quote(self.device.trim())),
            name: name.trim(),
            description: description.trim(),
            kind: self.kind(),
            content_type: "user",
            shared: false,
        }
        .step(cache);
        Plan {
            steps: vec![step],
            xe: vec![xe],
            creates: None,
        }
    }

    /// Reattaches the SR `uuid` of `kind` found on the disk: introduced (not shared), one
    /// PBD on the server, plugged.
    pub fn attach(&self, cache: &Cache, kind: &str, uuid: &str, name: &str, desc: &str) -> Plan {
        let host = self.host.as_ref().map(|h| h.as_str()).unwrap_or_default();
        let steps = vec![
            Step::call(
                "SR.introduce",
                [
                    json!(uuid),
                    json!(name.trim()),
                    json!(desc.trim()),
                    json!(kind),
                    json!("user"),
                    json!(false),
                    json!({}),
                ]
                .into_iter()
                .map(Arg::Value)
                .collect(),
            ),
            Step::call(
                "PBD.create",
                vec![Arg::Map(vec![
                    ("host".into(), Arg::Value(json!(host))),
                    ("SR".into(), Arg::Result(0)),
                    ("device_config".into(), Arg::Value(self.config())),
                    ("other_config".into(), Arg::Value(json!({}))),
                ])],
            ),
            Step::task("PBD.plug", vec![Arg::Result(1)]),
        ];
        Plan {
            steps,
            xe: vec![
                format!(
                    "xe sr-introduce uuid={uuid} type={kind} content-type=user shared=false name-label={}",
                    quote(name.trim())
                ),
                format!(
                    "xe pbd-create host-uuid={} sr-uuid={uuid} device-config:device={}",
                    self.host_uuid(cache),
                    quote(self.device.trim())
                ),
                "xe pbd-plug uuid=<the new PBD>".into(),
            ],
            creates: None,
        }
    }
}

/// One LUN of the Fibre Channel fabric, and the servers that see it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HbaLun {
    pub scsi_id: String,
    pub vendor: String,
    pub serial: String,
    pub size: i64,
    pub lun: String,
    pub adapter: String,
    /// The servers whose probe listed it.
    pub hosts: Vec<Ref<Host>>,
}

/// The `<Devlist>` in an HBA probe's failure (`SR_BACKEND_FAILURE_107`, its stderr);
/// `None` when the error is something else (an iSCSI probe's 107 carries none).
pub fn hba_luns_xml(e: &ApiError) -> Option<String> {
    if e.code != "SR_BACKEND_FAILURE_107" {
        return None;
    }
    e.params.iter().find(|p| p.contains("<Devlist")).cloned()
}

/// The LUNs (`<BlockDevice>`s) of `devscan`'s `<Devlist>`, seen from one server.
pub fn hba_luns_in(xml: &str) -> Vec<HbaLun> {
    let Ok(root) = xenapi::xmltree::parse(xml) else {
        return Vec::new();
    };
    let child = super::new_sr_block::child;
    root.elements()
        .filter(|x| x.name == "BlockDevice")
        .map(|x| HbaLun {
            scsi_id: child(x, "SCSIid"),
            vendor: child(x, "vendor"),
            serial: child(x, "serial"),
            size: child(x, "size").parse().unwrap_or(0),
            lun: child(x, "lun"),
            adapter: child(x, "adapter"),
            hosts: Vec::new(),
        })
        .filter(|l| !l.scsi_id.is_empty())
        .collect()
}

/// Adds what one server's probe listed to `all`, by SCSI ID.
pub fn merge_luns(all: &mut Vec<HbaLun>, host: &Ref<Host>, seen: Vec<HbaLun>) {
    for l in seen {
        match all.iter_mut().find(|a| a.scsi_id == l.scsi_id) {
            Some(a) => {
                if !a.hosts.contains(host) {
                    a.hosts.push(host.clone());
                }
            }
            None => all.push(HbaLun {
                hosts: vec![host.clone()],
                ..l
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disks_come_from_lsblk_and_their_srs_from_the_probes() {
        let text = r#"{"blockdevices": [
            {"name": "sda", "kname": "sda", "pkname": "", "size": "240000000000", "type": "disk", "ro": "0", "mountpoint": "",
             "children": [{"name": "sda1", "kname": "sda1", "pkname": "sda", "size": "1", "type": "part", "ro": "0", "mountpoint": "/"}]},
            {"name": "sdb", "kname": "sdb", "pkname": "", "size": "1000000000000", "type": "disk", "ro": "0", "mountpoint": ""},
            {"name": "sr0", "kname": "sr0", "pkname": "", "size": "1", "type": "rom", "ro": "1", "mountpoint": ""}]}"#;
        let mut disks = disks_of_lsblk(text).unwrap();
        assert_eq!(disks.len(), 2, "the DVD drive is no disk");
        assert!(disks[0].in_use());
        assert!(!disks[1].in_use());
        assert_eq!(disks[1].size, 1_000_000_000_000);
        let xml = "<?xml version=\"1.0\" ?>\n<SRlist>\n\t<SR>\n\t\t<UUID>5e1f</UUID>\n\t\t<Devlist>/dev/sdb</Devlist>\n\t\t<size>1</size>\n\t</SR>\n</SRlist>\n";
        mark(&mut disks, "lvm", xml);
        assert_eq!(disks[1].sr, Some(("lvm".into(), "5e1f".into())));
        assert_eq!(disks[0].sr, None);
        assert_eq!(disks_of_lsblk("not json"), None);
        assert_eq!(disks_of_lsblk("{}"), None);
    }

    #[test]
    fn a_local_sr_is_made_or_reattached_on_its_server_alone() {
        let c = xapidb::cache_of(&demo::demo_pool());
        let host = c.hosts.keys().next().cloned();
        let mut spec = LocalSpec {
            host: None,
            device: "/dev/sdb".into(),
            ext: true,
        };
        assert_eq!(spec.invalid(), Some("sr-new-err-host"));
        spec.host = host.clone();
        assert_eq!(spec.invalid(), None);
        let p = spec.create(&c, "Disk b", "");
        assert_eq!(p.steps[0].method, "SR.create");
        let args = p.steps[0].args.clone();
        assert_eq!(args[0], Arg::Value(json!(host.as_ref().unwrap().as_str())));
        assert_eq!(args[5], Arg::Value(json!("ext")));
        assert_eq!(args[7], Arg::Value(json!(false)), "not shared");
        assert!(
            p.xe[0].contains("shared=false") && p.xe[0].contains("device-config:device=/dev/sdb")
        );
        let p = spec.attach(&c, "lvm", "5e1f", "Old", "");
        let methods: Vec<&str> = p.steps.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(methods, ["SR.introduce", "PBD.create", "PBD.plug"]);
        let pbd = p.steps[1].args[0].resolve(&[json!("OpaqueRef:sr")]);
        assert_eq!(pbd["device_config"]["device"], "/dev/sdb");
        assert_eq!(pbd["SR"], "OpaqueRef:sr");
        spec.device = "sdb".into();
        assert_eq!(spec.invalid(), Some("sr-new-err-device"));
    }

    #[test]
    fn luns_are_read_from_the_hba_probe_and_merged_across_servers() {
        let xml = "<?xml version=\"1.0\" ?>\n<Devlist>\n\t<BlockDevice>\n\t\t<path>/dev/sdf</path>\n\t\t<numpaths>1</numpaths>\n\t\t<SCSIid>3624a1</SCSIid>\n\t\t<vendor>PURE</vendor>\n\t\t<serial>S1</serial>\n\t\t<size>1000</size>\n\t\t<adapter>3</adapter>\n\t\t<channel>0</channel>\n\t\t<id>0</id>\n\t\t<lun>1</lun>\n\t\t<hba>qla2xxx</hba>\n\t</BlockDevice>\n\t<Adapter>\n\t\t<host>host3</host>\n\t</Adapter>\n</Devlist>\n";
        let e = ApiError::new("SR_BACKEND_FAILURE_107", ["", "missing", xml]);
        let seen = hba_luns_in(&hba_luns_xml(&e).unwrap());
        assert_eq!(seen.len(), 1);
        assert_eq!((seen[0].vendor.as_str(), seen[0].size), ("PURE", 1000));
        let (a, b) = (Ref::new("OpaqueRef:a"), Ref::new("OpaqueRef:b"));
        let mut all = Vec::new();
        merge_luns(&mut all, &a, seen.clone());
        merge_luns(&mut all, &b, seen);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].hosts, [a, b]);
        // The same code from an iSCSI probe (no Devlist) is not a LUN list.
        let bare = ApiError::new("SR_BACKEND_FAILURE_107", ["", "missing", ""]);
        assert_eq!(hba_luns_xml(&bare), None);
    }
}
