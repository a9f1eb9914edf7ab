//! Simulated block devices: each host's local disks and the pool's Fibre Channel fabric of
//! LUNs, answering as the SM drivers do (sm `LVHDSR`/`EXTSR` `probe`/`create`,
//! `LVHDoHBASR.load`, `devscan.scan`/`adapters`, `lvutil.scan_srlist`/`srlist_toxml`/
//! `createVG`, `util.test_hostPBD_devs`/`test_SCSIid`), and XCP-ng's `lsblk.py` plugin
//! (`list_block_devices`) that lists a host's disks.
//!
//! - `lvm`/`ext` (`device-config:device`, a comma-separated list): no `device` → 90; a probe
//!   answers the `<SRlist>` of the volume groups with the driver's prefix on those devices
//!   (`VG_XenStorage-` for LVM, `XSLocalEXT-` for ext; devices that do not exist are
//!   skipped); a create refuses a device another PBD of that host names
//!   (`SR_DEVICE_IN_USE`, xapi's word for SM's 16), the system disk → 105, a missing device
//!   → 19, a device in use (a mounted partition) → `SR_DEVICE_IN_USE`, and formats the rest.
//! - `lvmohba` (`device-config:SCSIid`): no `SCSIid` → 107 with `devscan.scan`'s
//!   `<Devlist>` of `<BlockDevice>`s (LUNs no PBD of the pool names) and `<Adapter>`s in
//!   stderr; a probe answers the `<SRlist>` of the volume group on the LUN; a create
//!   refuses a LUN a PBD names (`SR_DEVICE_IN_USE`) and one the host does not see → 19.
//!
//! Tests replace the devices through [`BlockDevices::set`].

use super::sr_targets::sm;
use serde_json::{Map, Value};
use std::sync::Mutex;
use xapidb::Db;
use xenapi::error::ApiError;

const GB: i64 = 1_000_000_000;

/// A local disk of a host (or of every host when `host` is empty).
#[derive(Debug, Clone, PartialEq)]
pub struct LocalDisk {
    pub host: String,
    /// `/dev/sdb`.
    pub path: String,
    pub size: i64,
    /// Partitions: name (`sdb1`), size, mount point (`""` when not mounted).
    pub partitions: Vec<(String, i64, String)>,
    /// The disk the host runs from (`util.getrootdev`).
    pub root: bool,
    /// The SR whose volume group is on the disk: its type (`lvm`, `ext`) and UUID.
    pub holds: Option<(String, String)>,
}

/// A LUN of the Fibre Channel fabric.
#[derive(Debug, Clone, PartialEq)]
pub struct HbaLun {
    pub scsi_id: String,
    pub vendor: String,
    pub serial: String,
    pub size: i64,
    pub lun: u32,
    /// Its device on the hosts that see it (`/dev/sdf`).
    pub path: String,
    /// The hosts (names) that see it; empty: every host.
    pub hosts: Vec<String>,
    /// The SR (UUID) whose volume group is on the LUN.
    pub sr: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Devices {
    pub disks: Vec<LocalDisk>,
    pub luns: Vec<HbaLun>,
}

/// The demo's block devices; tests may replace them.
pub struct BlockDevices(Mutex<Devices>);

fn disk(host: &str, path: &str, gb: i64) -> LocalDisk {
    LocalDisk {
        host: host.into(),
        path: path.into(),
        size: gb * GB,
        partitions: Vec::new(),
        root: false,
        holds: None,
    }
}

impl Default for Devices {
    fn default() -> Self {
        let part = |n: &str, gb: i64, at: &str| (n.to_string(), gb * GB, at.to_string());
        let lun = |id: &str, serial: &str, lun: u32, gb: i64, path: &str| HbaLun {
            scsi_id: id.into(),
            vendor: "PURE".into(),
            serial: serial.into(),
            size: gb * GB,
            lun,
            path: path.into(),
            hosts: Vec::new(),
            sr: None,
        };
        Devices {
            disks: vec![
                // The system disk: its third partition holds the "Local storage" SR.
                LocalDisk {
                    partitions: vec![
                        part("sda1", 18, "/"),
                        part("sda2", 18, ""),
                        part("sda3", 200, "/run/sr-mount"),
                    ],
                    root: true,
                    ..disk("", "/dev/sda", 240)
                },
                disk("", "/dev/sdb", 1000),
                // An earlier install's local SRs: offered for reattaching.
                LocalDisk {
                    holds: Some(("lvm".into(), "5e1f0c2a-7b3d-4e6f-9a8b-0c1d2e3f4a5b".into())),
                    ..disk("xcp-host-01", "/dev/sdc", 500)
                },
                LocalDisk {
                    holds: Some(("ext".into(), "8b7a6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d".into())),
                    ..disk("xcp-host-02", "/dev/sdc", 500)
                },
                // A disk another system used: a partition table, no SR.
                LocalDisk {
                    partitions: vec![part("sdd1", 2000, "")],
                    ..disk("", "/dev/sdd", 2000)
                },
            ],
            luns: vec![
                lun(
                    "3624a93701c0d5a3e8b2f4c6d00011a01",
                    "1C0D5A3E8B2F4C6D00011A01",
                    1,
                    1000,
                    "/dev/sdf",
                ),
                // A volume group another pool left.
                HbaLun {
                    sr: Some("2d4f6a8c-1e3b-4d5f-8a7c-9e0b1d2f3a4c".into()),
                    ..lun(
                        "3624a93701c0d5a3e8b2f4c6d00011a02",
                        "1C0D5A3E8B2F4C6D00011A02",
                        2,
                        2000,
                        "/dev/sdg",
                    )
                },
                // Zoned to one server only.
                HbaLun {
                    hosts: vec!["xcp-host-01".into()],
                    ..lun(
                        "3624a93701c0d5a3e8b2f4c6d00011a03",
                        "1C0D5A3E8B2F4C6D00011A03",
                        3,
                        500,
                        "/dev/sdh",
                    )
                },
            ],
        }
    }
}

impl Default for BlockDevices {
    fn default() -> Self {
        BlockDevices(Mutex::new(Devices::default()))
    }
}

impl BlockDevices {
    /// Replaces the devices (for tests).
    pub fn set(&self, devices: Devices) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = devices;
    }

    pub fn list(&self) -> Devices {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// A create formatted `device` on `host` (a local disk's path, or a LUN's SCSI ID).
    pub(super) fn formatted(&self, host: &str, device: &str, kind: &str, uuid: &str) {
        let mut d = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(l) = d.luns.iter_mut().find(|l| l.scsi_id == device) {
            l.sr = Some(uuid.into());
            return;
        }
        // A disk every host has: this host's copy, formatted, hides it from this host.
        let Some(d0) = d
            .disks
            .iter()
            .filter(|x| x.path == device)
            .find(|x| x.host == host)
            .or_else(|| {
                d.disks
                    .iter()
                    .find(|x| x.path == device && x.host.is_empty())
            })
            .cloned()
        else {
            return;
        };
        d.disks.retain(|x| !(x.path == device && x.host == host));
        d.disks.push(LocalDisk {
            host: host.into(),
            partitions: Vec::new(),
            holds: Some((kind.into(), uuid.into())),
            ..d0
        });
    }
}

impl BlockDevices {
    /// sm `delete` removed the SR `uuid`'s volume group from `device` on `host` (a local
    /// disk's path, or a LUN's SCSI ID): a disk every host has keeps it on the others.
    pub(super) fn erased(&self, host: &str, device: &str, uuid: &str) {
        let mut d = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let holds = |x: &LocalDisk| x.holds.as_ref().is_some_and(|(_, u)| u == uuid);
        if let Some(l) = d.luns.iter_mut().find(|l| l.scsi_id == device) {
            if l.sr.as_deref() == Some(uuid) {
                l.sr = None;
            }
            return;
        }
        if let Some(x) = d
            .disks
            .iter_mut()
            .find(|x| x.path == device && x.host == host)
        {
            if holds(x) {
                x.holds = None;
            }
            return;
        }
        let every = d
            .disks
            .iter()
            .find(|x| x.path == device && x.host.is_empty() && holds(x))
            .cloned();
        if let Some(x) = every {
            d.disks.push(LocalDisk {
                host: host.into(),
                holds: None,
                ..x
            });
        }
    }
}

pub(super) fn host_name(db: &Db, host: &str) -> String {
    db.field("host", host, "name_label")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

impl Devices {
    /// The disks `host` (a name) has: its own, and those of every host where it has no own
    /// disk at that path (a disk formatted on one host stays as it was on the others).
    pub fn disks_of(&self, host: &str) -> Vec<&LocalDisk> {
        let own = |path: &str| self.disks.iter().any(|d| d.host == host && d.path == path);
        let mut out: Vec<&LocalDisk> = self
            .disks
            .iter()
            .filter(|d| d.host == host || d.host.is_empty() && !own(&d.path))
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    fn sees(host: &str, l: &HbaLun) -> bool {
        l.hosts.is_empty() || l.hosts.iter().any(|h| h == host)
    }

    fn lun(&self, scsi_id: &str) -> Option<&HbaLun> {
        self.luns.iter().find(|l| l.scsi_id == scsi_id)
    }
}

fn dc(m: &Map<String, Value>, k: &str) -> Option<String> {
    m.get(k).and_then(Value::as_str).map(str::to_string)
}

/// The prefix of the volume groups a local driver makes (`lvhdutil.VG_PREFIX`,
/// `EXT_PREFIX`).
fn prefix(kind: &str) -> &'static str {
    if kind == "ext" {
        "XSLocalEXT-"
    } else {
        "VG_XenStorage-"
    }
}

fn srlist(entries: &[(String, String, i64)]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" ?>\n<SRlist>\n");
    for (uuid, devs, size) in entries {
        xml.push_str(&format!(
            "\t<SR>\n\t\t<UUID>{uuid}</UUID>\n\t\t<Devlist>{devs}</Devlist>\n\t\t<size>{size}</size>\n\t</SR>\n"
        ));
    }
    xml.push_str("</SRlist>\n");
    xml
}

fn device_missing() -> ApiError {
    sm(
        90,
        "The request is missing the device parameter",
        String::new(),
    )
}

/// `LVHDSR.probe`/`EXTSR.probe` on `host`: the SRs of this driver on the devices.
pub(super) fn local_probe(
    devices: &Devices,
    db: &Db,
    host: &str,
    kind: &str,
    config: &Map<String, Value>,
) -> Result<String, ApiError> {
    let Some(devs) = dc(config, "device") else {
        return Err(device_missing());
    };
    let name = host_name(db, host);
    let disks = devices.disks_of(&name);
    let mut found: Vec<(String, String, i64)> = Vec::new();
    for dev in devs.split(',') {
        let Some(d) = disks.iter().find(|d| d.path == dev.trim()) else {
            continue;
        };
        if let Some((k, uuid)) = &d.holds
            && prefix(k) == prefix(kind)
        {
            match found.iter_mut().find(|(u, _, _)| u == uuid) {
                Some(e) => {
                    e.1.push_str(&format!(",{}", d.path));
                    e.2 += d.size;
                }
                None => found.push((uuid.clone(), d.path.clone(), d.size)),
            }
        }
    }
    Ok(srlist(&found))
}

/// Another PBD of `host` names one of `devs` (`util.test_hostPBD_devs`).
fn host_pbd_uses(db: &Db, host: &str, devs: &[&str]) -> bool {
    db.table("PBD").is_some_and(|t| {
        t.rows.values().any(|r| {
            r.fields.get("host").and_then(Value::as_str) == Some(host)
                && r.fields
                    .get("device_config")
                    .and_then(|c| c.get("device"))
                    .and_then(Value::as_str)
                    .is_some_and(|d| d.split(',').any(|x| devs.contains(&x.trim())))
        })
    })
}

fn in_use() -> ApiError {
    // SM's `SRInUse` (16), which xapi reports as its own error (`sm_exec.ml`).
    ApiError::new("SR_DEVICE_IN_USE", [] as [&str; 0])
}

/// `lvutil.createVG`'s checks of each device: the system disk, one that does not exist,
/// one the host has open (a mounted partition).
fn create_vg_checks(disks: &[&LocalDisk], devs: &[&str]) -> Result<(), ApiError> {
    for dev in devs {
        let root = disks.iter().find(|d| d.root).map(|d| d.path.as_str());
        if let Some(r) = root
            && (*dev == r || *dev == format!("{r}1") || *dev == format!("{r}2"))
        {
            return Err(sm(
                105,
                &format!(
                    "Root system device, cannot be used for VM storage [opterr=Device {dev} contains core system files, please use another device]"
                ),
                String::new(),
            ));
        }
        let disk = disks.iter().find(|d| d.path == *dev);
        let part = disks
            .iter()
            .flat_map(|d| d.partitions.iter())
            .find(|p| format!("/dev/{}", p.0) == *dev);
        if disk.is_none() && part.is_none() {
            return Err(sm(
                19,
                &format!("No such device [opterr=Device {dev} does not exist]"),
                String::new(),
            ));
        }
        let busy = disk.is_some_and(|d| d.partitions.iter().any(|p| !p.2.is_empty()))
            || part.is_some_and(|p| !p.2.is_empty());
        if busy {
            return Err(in_use());
        }
    }
    Ok(())
}

/// `LVHDSR.create`/`EXTSR.create` on `host`, before anything is written.
pub(super) fn local_create_check(
    devices: &Devices,
    db: &Db,
    host: &str,
    config: &Map<String, Value>,
) -> Result<(), ApiError> {
    let Some(devs) = dc(config, "device") else {
        return Err(device_missing());
    };
    let list: Vec<&str> = devs.split(',').map(str::trim).collect();
    if host_pbd_uses(db, host, &list) {
        return Err(in_use());
    }
    let name = host_name(db, host);
    create_vg_checks(&devices.disks_of(&name), &list)
}

/// Whether `host` can attach the local SR `uuid` of `kind` on `config`'s devices
/// (`LVHDSR.attach`: 47 without its volume group; `EXTSR.attach`: 52 when the volume
/// cannot be activated).
pub(super) fn local_attach(
    devices: &Devices,
    db: &Db,
    host: &str,
    kind: &str,
    uuid: &str,
    config: &Map<String, Value>,
) -> Result<(), ApiError> {
    let Some(devs) = dc(config, "device") else {
        return Err(device_missing());
    };
    let name = host_name(db, host);
    let disks = devices.disks_of(&name);
    let there = devs.split(',').any(|dev| {
        disks.iter().any(|d| {
            d.path == dev.trim()
                && d.holds
                    .as_ref()
                    .is_some_and(|(k, u)| k == kind && u == uuid)
        })
    });
    if there {
        return Ok(());
    }
    Err(if kind == "ext" {
        sm(
            52,
            "Logical Volume mount/activate error [opterr=Unable to activate LV. Errno is 5]",
            String::new(),
        )
    } else {
        sm(
            47,
            &format!("The SR is not available [opterr=no such volume group: VG_XenStorage-{uuid}]"),
            String::new(),
        )
    })
}

/// The SCSI IDs the pool's PBDs name (`util.test_SCSIid`).
fn pool_scsi_ids(db: &Db) -> Vec<String> {
    db.table("PBD")
        .map(|t| {
            t.rows
                .values()
                .filter_map(|r| {
                    r.fields
                        .get("device_config")?
                        .get("SCSIid")?
                        .as_str()
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `devscan.scan`: the LUNs `host` sees that no PBD names, and its adapters.
fn devscan(devices: &Devices, db: &Db, host: &str) -> String {
    let name = host_name(db, host);
    let used = pool_scsi_ids(db);
    let mut xml = String::from("<?xml version=\"1.0\" ?>\n<Devlist>\n");
    for l in &devices.luns {
        if !Devices::sees(&name, l) || used.contains(&l.scsi_id) {
            continue;
        }
        xml.push_str(&format!(
            "\t<BlockDevice>\n\t\t<path>{}</path>\n\t\t<numpaths>1</numpaths>\n\t\t<SCSIid>{}</SCSIid>\n\t\t<vendor>{}</vendor>\n\t\t<serial>{}</serial>\n\t\t<size>{}</size>\n\t\t<adapter>3</adapter>\n\t\t<channel>0</channel>\n\t\t<id>0</id>\n\t\t<lun>{}</lun>\n\t\t<hba>qla2xxx</hba>\n\t</BlockDevice>\n",
            l.path, l.scsi_id, l.vendor, l.serial, l.size, l.lun
        ));
    }
    if devices.luns.iter().any(|l| Devices::sees(&name, l)) {
        xml.push_str("\t<Adapter>\n\t\t<host>host3</host>\n\t\t<name>qla2xxx</name>\n\t\t<manufacturer>QLogic Fibre Channel HBA Driver</manufacturer>\n\t\t<id>3</id>\n\t</Adapter>\n");
    }
    xml.push_str("</Devlist>\n");
    xml
}

/// `LVHDoHBASR.load`: the LUN `config` names, or 107 with the host's devices.
fn hba_load<'a>(
    devices: &'a Devices,
    db: &Db,
    host: &str,
    config: &Map<String, Value>,
) -> Result<(String, Option<&'a HbaLun>), ApiError> {
    let Some(id) = dc(config, "SCSIid").filter(|s| !s.is_empty()) else {
        return Err(sm(
            107,
            "The SCSIid parameter is missing or incorrect",
            devscan(devices, db, host),
        ));
    };
    let name = host_name(db, host);
    let lun = devices.lun(&id).filter(|l| Devices::sees(&name, l));
    Ok((id, lun))
}

/// `LVHDoHBASR.probe`: the volume group on the LUN (none on a LUN the host lacks).
pub(super) fn hba_probe(
    devices: &Devices,
    db: &Db,
    host: &str,
    config: &Map<String, Value>,
) -> Result<String, ApiError> {
    let (_, lun) = hba_load(devices, db, host, config)?;
    let entries: Vec<(String, String, i64)> = lun
        .and_then(|l| {
            let sr = hba_sr(db, l)?;
            Some((sr, format!("/dev/disk/by-id/scsi-{}", l.scsi_id), l.size))
        })
        .into_iter()
        .collect();
    Ok(srlist(&entries))
}

/// The SR on a LUN: one of the pool's whose PBD names it, else the one it came with.
fn hba_sr(db: &Db, l: &HbaLun) -> Option<String> {
    let pool = db.table("PBD").and_then(|t| {
        t.rows.values().find_map(|r| {
            let id = r.fields.get("device_config")?.get("SCSIid")?.as_str()?;
            (id == l.scsi_id)
                .then(|| r.fields.get("SR")?.as_str())
                .flatten()
                .and_then(|sr| db.field("SR", sr, "uuid")?.as_str().map(str::to_string))
        })
    });
    pool.or_else(|| l.sr.clone())
}

/// `LVHDoHBASR.create` on `host`, before anything is written.
pub(super) fn hba_create_check(
    devices: &Devices,
    db: &Db,
    host: &str,
    config: &Map<String, Value>,
) -> Result<(), ApiError> {
    let (id, lun) = hba_load(devices, db, host, config)?;
    if pool_scsi_ids(db).contains(&id) {
        return Err(in_use());
    }
    if lun.is_none() {
        return Err(sm(
            19,
            &format!("No such device [opterr=Device /dev/disk/by-id/scsi-{id} does not exist]"),
            String::new(),
        ));
    }
    Ok(())
}

/// `LVHDoHBASR.attach` on `host`: the LUN seen there, carrying the SR `uuid`.
pub(super) fn hba_attach(
    devices: &Devices,
    db: &Db,
    host: &str,
    uuid: &str,
    config: &Map<String, Value>,
) -> Result<(), ApiError> {
    let (_, lun) = hba_load(devices, db, host, config)?;
    let ok = lun.is_some_and(|l| hba_sr(db, l).as_deref() == Some(uuid) || l.sr.is_none());
    if ok {
        return Ok(());
    }
    Err(sm(
        47,
        &format!("The SR is not available [opterr=no such volume group: VG_XenStorage-{uuid}]"),
        String::new(),
    ))
}

/// The size of the new SR on `config`'s devices.
pub(super) fn size(devices: &Devices, db: &Db, host: &str, config: &Map<String, Value>) -> i64 {
    if let Some(l) = dc(config, "SCSIid").and_then(|id| devices.lun(&id)) {
        return l.size;
    }
    let name = host_name(db, host);
    let disks = devices.disks_of(&name);
    dc(config, "device")
        .map(|devs| {
            devs.split(',')
                .filter_map(|d| disks.iter().find(|x| x.path == d.trim()).map(|x| x.size))
                .sum()
        })
        .unwrap_or(0)
}
