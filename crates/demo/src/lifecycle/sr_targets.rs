//! Simulated iSCSI portals and SMB servers, answering as the SM drivers do (sm
//! `BaseISCSI.load`/`_scan_IQNs`/`attach`, `LVHDoISCSISR.load`/`print_LUNs_XML`/`probe`,
//! `iscsi.discovery`, `SMBSR.mount`/`probe`, `lvutil.srlist_toxml`, `util.SRtoXML`).
//!
//! - `lvmoiscsi`: no `target` → 95; a name that does not resolve → 140; a bad `port` → 142;
//!   a portal that does not answer → 141; discovery or login refused (CHAP) → 68; no
//!   `targetIQN` → 96 with the `<iscsi-target-iqns>` list (and the `*` wildcard entry) in
//!   stderr; an IQN the portal lacks → 83; no `SCSIid` → 107 with the `<iscsi-target>` LUN
//!   list in stderr; an unknown SCSI ID → 107 alone; else the `<SRlist>` of the VG on the LUN.
//! - `smb`: no `server` → 102; a server that does not answer, a share it lacks, or
//!   credentials it refuses → 111 (`mount.cifs` exits 32 for each); else the `<SRlist>` of
//!   the SR directories in the share.
//! - Passwords arrive as `chappassword`/`password` or, as XenCenter sends them, as
//!   `*_secret` (a secret's UUID, read as `util.get_secret` does).

use serde_json::{Map, Value};
use xapidb::Db;
use xenapi::error::ApiError;

const GIB: i64 = 1 << 30;

pub(super) struct Lun {
    pub id: u32,
    pub scsi_id: &'static str,
    pub serial: &'static str,
    pub vendor: &'static str,
    pub size: i64,
    /// The SR (its UUID) whose volume group is on the LUN.
    pub sr: Option<&'static str>,
}

struct Target {
    iqn: &'static str,
    luns: &'static [Lun],
}

struct Portal {
    name: &'static str,
    answers: bool,
    /// CHAP user and secret the portal requires for discovery and login.
    chap: Option<(&'static str, &'static str)>,
    targets: &'static [Target],
}

static PORTALS: &[Portal] = &[
    Portal {
        name: "iscsi.example.lan",
        answers: true,
        chap: None,
        targets: &[
            Target {
                iqn: "iqn.2026-01.lan.example:vms",
                luns: &[
                    // A volume group another pool left: offered for reattaching.
                    Lun {
                        id: 0,
                        scsi_id: "36001405a1b2c3d4e5f60718293a4b5c6",
                        serial: "a1b2c3d4e5f6",
                        vendor: "LIO-ORG",
                        size: 200 * GIB,
                        sr: Some("4c1e2a7b-9d3f-4e58-b6a0-1f2e3d4c5b6a"),
                    },
                    Lun {
                        id: 1,
                        scsi_id: "36001405f0e1d2c3b4a5968778695a4b3",
                        serial: "f0e1d2c3b4a5",
                        vendor: "LIO-ORG",
                        size: 500 * GIB,
                        sr: None,
                    },
                ],
            },
            Target {
                iqn: "iqn.2026-01.lan.example:backup",
                luns: &[Lun {
                    id: 0,
                    scsi_id: "36001405c0ffee0000000000000000001",
                    serial: "c0ffee000001",
                    vendor: "LIO-ORG",
                    size: 1024 * GIB,
                    sr: None,
                }],
            },
        ],
    },
    Portal {
        name: "iscsi-chap.example.lan",
        answers: true,
        chap: Some(("xenpilot", "chap-secret-1")),
        targets: &[Target {
            iqn: "iqn.2026-01.lan.example:secure",
            luns: &[Lun {
                id: 0,
                scsi_id: "36001405deadbeef00000000000000002",
                serial: "deadbeef0002",
                vendor: "SYNOLOGY",
                size: 100 * GIB,
                sr: None,
            }],
        }],
    },
    Portal {
        name: "iscsi-down.example.lan",
        answers: false,
        chap: None,
        targets: &[],
    },
];

struct Share {
    name: &'static str,
    srs: &'static [&'static str],
}

struct SmbServer {
    name: &'static str,
    answers: bool,
    user: &'static str,
    password: &'static str,
    shares: &'static [Share],
}

static SMB: &[SmbServer] = &[
    SmbServer {
        name: "smb.example.lan",
        answers: true,
        user: "storage",
        password: "smb-pass",
        shares: &[
            Share {
                name: "vms",
                srs: &[],
            },
            Share {
                name: "archive",
                srs: &["9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"],
            },
        ],
    },
    SmbServer {
        name: "smb-down.example.lan",
        answers: false,
        user: "",
        password: "",
        shares: &[],
    },
];

/// `SR_BACKEND_FAILURE_<code>` as xapi reports an SM fault: `["", reason, stderr]`, the
/// reason SM's description with ` [opterr=…]` when the driver adds a detail.
pub(super) fn sm(code: u32, reason: &str, stderr: String) -> ApiError {
    ApiError::new(
        format!("SR_BACKEND_FAILURE_{code}"),
        [String::new(), reason.to_string(), stderr],
    )
}

fn dc(m: &Map<String, Value>, k: &str) -> Option<String> {
    m.get(k).and_then(Value::as_str).map(str::to_string)
}

/// A password given plainly or as a secret's UUID (`<key>_secret`); an unknown secret fails
/// as the driver's uncaught lookup does (`SMGeneral`).
pub(super) fn password(
    db: &Db,
    m: &Map<String, Value>,
    key: &str,
) -> Result<Option<String>, ApiError> {
    if let Some(uuid) = dc(m, &format!("{key}_secret")) {
        let value = db.table("secret").and_then(|t| {
            t.rows
                .values()
                .find(|r| r.fields.get("uuid").and_then(Value::as_str) == Some(&uuid))
                .and_then(|r| r.fields.get("value").and_then(Value::as_str))
                .map(str::to_string)
        });
        return match value {
            Some(v) => Ok(Some(v)),
            None => Err(sm(
                202,
                &format!("General backend error [opterr=['UUID_INVALID', 'secret', '{uuid}']]"),
                String::new(),
            )),
        };
    }
    Ok(dc(m, key))
}

/// The LUN `device_config` names, or the driver's error (the probe's lists come in it).
pub(super) fn iscsi(db: &Db, m: &Map<String, Value>) -> Result<&'static Lun, ApiError> {
    let Some(target) = dc(m, "target").filter(|t| !t.is_empty()) else {
        return Err(sm(
            95,
            "The request is missing the target parameter",
            String::new(),
        ));
    };
    let name = target.split(',').next().unwrap_or_default().trim();
    let Some(portal) = PORTALS.iter().find(|p| p.name == name) else {
        return Err(sm(
            140,
            "Incorrect DNS name, unable to resolve.",
            String::new(),
        ));
    };
    let port = match dc(m, "port").filter(|p| !p.is_empty()) {
        None => 3260,
        Some(p) => match p.trim().parse::<i64>() {
            Ok(n) if (1..=65535).contains(&n) => n,
            _ => {
                return Err(sm(
                    142,
                    "Incorrect value for iSCSI port, must be a number between 1 and 65535",
                    String::new(),
                ));
            }
        },
    };
    if !portal.answers || port != 3260 {
        return Err(sm(
            141,
            "Unable to connect to ISCSI service on target",
            String::new(),
        ));
    }
    // Discovery and login both authenticate: CHAP is used only with a user and a secret.
    let user = dc(m, "chapuser").unwrap_or_default();
    let secret = password(db, m, "chappassword")?.unwrap_or_default();
    let given =
        (!user.is_empty() && !secret.is_empty()).then_some((user.as_str(), secret.as_str()));
    let refused = || {
        sm(
            68,
            "ISCSI login failed - check access settings for the initiator on the storage, if CHAP is used verify CHAP credentials",
            String::new(),
        )
    };
    if portal.chap.is_some() && portal.chap != given {
        return Err(refused());
    }
    let Some(iqn) = dc(m, "targetIQN").filter(|i| !i.is_empty()) else {
        let mut xml = String::from("<?xml version=\"1.0\" ?>\n<iscsi-target-iqns>\n");
        let entries = portal
            .targets
            .iter()
            .map(|t| t.iqn)
            .chain(std::iter::once("*"));
        for (i, iqn) in entries.enumerate() {
            xml.push_str(&format!(
                "\t<TGT>\n\t\t<Index>{i}</Index>\n\t\t<IPAddress>{}</IPAddress>\n\t\t<TargetIQN>{iqn}</TargetIQN>\n\t</TGT>\n",
                portal.name
            ));
        }
        xml.push_str("</iscsi-target-iqns>\n");
        return Err(sm(
            96,
            "The request is missing or has an incorrect target IQN parameter",
            xml,
        ));
    };
    let luns: Vec<&'static Lun> = portal
        .targets
        .iter()
        .filter(|t| iqn == "*" || t.iqn == iqn)
        .flat_map(|t| t.luns.iter())
        .collect();
    if luns.is_empty() {
        return Err(sm(
            83,
            "ISCSI discovery failed [opterr=check target settings]",
            String::new(),
        ));
    }
    let Some(scsi) = dc(m, "SCSIid").filter(|s| !s.is_empty()) else {
        let mut xml = String::from("<?xml version=\"1.0\" ?>\n<iscsi-target>\n");
        for l in &luns {
            xml.push_str(&format!(
                "\t<LUN>\n\t\t<vendor>{}</vendor>\n\t\t<serial>{}</serial>\n\t\t<LUNid>{}</LUNid>\n\t\t<size>{}</size>\n\t\t<SCSIid>{}</SCSIid>\n\t</LUN>\n",
                l.vendor, l.serial, l.id, l.size, l.scsi_id
            ));
        }
        xml.push_str("</iscsi-target>\n");
        return Err(sm(107, "The SCSIid parameter is missing or incorrect", xml));
    };
    luns.into_iter().find(|l| l.scsi_id == scsi).ok_or_else(|| {
        sm(
            107,
            "The SCSIid parameter is missing or incorrect",
            String::new(),
        )
    })
}

/// A PBD of the pool names the LUN (`util.test_SCSIid`).
pub(super) fn lun_in_pool(db: &Db, lun: &Lun) -> bool {
    pool_sr_on(db, lun).is_some()
}

fn pool_sr_on(db: &Db, lun: &Lun) -> Option<String> {
    db.table("PBD").and_then(|t| {
        t.rows.values().find_map(|r| {
            let cfg = r.fields.get("device_config")?.as_object()?;
            (cfg.get("SCSIid")?.as_str()? == lun.scsi_id)
                .then(|| r.fields.get("SR")?.as_str().map(str::to_string))
                .flatten()
        })
    })
}

/// The SR whose volume group is on `lun` now: one of the pool's (its PBD names the LUN's
/// SCSI ID), else the one the simulated array came with.
pub(super) fn sr_on_lun(db: &Db, lun: &Lun) -> Option<(String, i64)> {
    let in_pool = pool_sr_on(db, lun);
    match in_pool {
        Some(sr) => db
            .field("SR", &sr, "uuid")
            .and_then(Value::as_str)
            .map(|u| (u.to_string(), lun.size)),
        None => lun.sr.map(|u| (u.to_string(), lun.size)),
    }
}

/// `<SRlist>` as `lvutil.srlist_toxml` writes it: the VG's SR UUID, its devices and size.
pub(super) fn lvm_srlist(db: &Db, lun: &Lun) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" ?>\n<SRlist>\n");
    if let Some((uuid, size)) = sr_on_lun(db, lun) {
        xml.push_str(&format!(
            "\t<SR>\n\t\t<UUID>{uuid}</UUID>\n\t\t<Devlist>/dev/disk/by-id/scsi-{}</Devlist>\n\t\t<size>{size}</size>\n\t</SR>\n",
            lun.scsi_id
        ));
    }
    xml.push_str("</SRlist>\n");
    xml
}

/// The SR UUIDs in the SMB share `device_config` names, or the driver's error.
pub(super) fn smb(db: &Db, m: &Map<String, Value>) -> Result<Vec<String>, ApiError> {
    let Some(server) = dc(m, "server").filter(|s| !s.is_empty()) else {
        return Err(sm(
            102,
            "The request is missing the server parameter",
            String::new(),
        ));
    };
    let mount_failed = || {
        sm(
            111,
            "SMB mount error [opterr=mount failed with return code 32]",
            String::new(),
        )
    };
    // `\\server\share` (or with forward slashes), as mount.cifs takes it.
    let unc = server.replace('/', "\\");
    let Some(rest) = unc.strip_prefix("\\\\") else {
        return Err(mount_failed());
    };
    let (host, share) = rest.split_once('\\').unwrap_or((rest, ""));
    let Some(srv) = SMB.iter().find(|s| s.name == host && s.answers) else {
        return Err(mount_failed());
    };
    let Some(sh) = srv
        .shares
        .iter()
        .find(|s| s.name == share.trim_end_matches('\\'))
    else {
        return Err(mount_failed());
    };
    let user = dc(m, "username").unwrap_or_default();
    let pass = password(db, m, "password")?.unwrap_or_default();
    if user != srv.user || pass != srv.password {
        return Err(mount_failed());
    }
    let mut srs: Vec<String> = sh.srs.iter().map(|s| s.to_string()).collect();
    // The pool's SRs on this share are directories there too.
    if let Some(t) = db.table("PBD") {
        for r in t.rows.values() {
            let same = r
                .fields
                .get("device_config")
                .and_then(|c| c.get("server"))
                .and_then(Value::as_str)
                .is_some_and(|s| s.replace('/', "\\") == unc);
            let uuid = r
                .fields
                .get("SR")
                .and_then(Value::as_str)
                .and_then(|sr| db.field("SR", sr, "uuid"))
                .and_then(Value::as_str);
            if let (true, Some(u)) = (same, uuid)
                && !srs.iter().any(|s| s == u)
            {
                srs.push(u.to_string());
            }
        }
    }
    Ok(srs)
}

/// `<SRlist>` as `util.SRtoXML` writes it for the file-based drivers.
pub(super) fn uuid_srlist(uuids: &[String]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" ?>\n<SRlist>\n");
    for u in uuids {
        xml.push_str(&format!("\t<SR>\n\t\t<UUID>{u}</UUID>\n\t</SR>\n"));
    }
    xml.push_str("</SRlist>\n");
    xml
}
