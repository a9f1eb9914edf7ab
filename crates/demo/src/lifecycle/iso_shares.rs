//! Simulated ISO shares (NFS exports and SMB shares of ISO files) and the ISO driver's
//! checks (sm `ISOSR.load`/`_checkTargetStr`/`attach`/`_check_nfs_server`/`create`,
//! `list_images`), for `SR.create` of type `iso` and `PBD.plug` of an ISO SR:
//!
//! - no `location` → 94 (`ConfigLocationMissing`);
//! - with `type=cifs` a location not starting `//server` or `\\server`, otherwise one
//!   without `:` → 225 (`ISOLocationStringError`); a server name that does not resolve
//!   → 140 (`DNSError`);
//! - NFS: a server without an NFS service → 108 (`NFSTarget`); a path it does not share
//!   → 222 (`ISOMountFailure` with the mount's words as opterr);
//! - SMB: `vers` other than 1.0 or 3.0 → 227 (`ISOInvalidSMBversion`); a share the server
//!   lacks or credentials it refuses → 222;
//! - an `iso_path` that is no folder of the share → 224 (`ISOSharenameFailure`).
//!
//! A new ISO SR's disks are the share's `.iso` and `.img` files (`list_images`), read-only.
//! Tests change the shares through [`IsoShares::set`].

use super::devices::new_ref;
use super::sr_targets::{password, sm};
use serde_json::{Map, Value, json};
use std::sync::Mutex;
use xapidb::Db;
use xenapi::error::ApiError;

const MIB: i64 = 1 << 20;

/// One share of ISO files: where it is (`server:/path` or `//server/share`), the account
/// an SMB share wants, and its files (paths relative to the share, sizes).
#[derive(Debug, Clone, PartialEq)]
pub struct IsoShare {
    pub location: String,
    pub account: Option<(String, String)>,
    pub files: Vec<(String, i64)>,
}

/// The servers that answer: NFS (with a service) and SMB, by name.
const NFS_SERVERS: &[&str] = &["nfs.example.lan", "nfs-acl.example.lan"];
/// Names that resolve but answer nothing.
const DOWN: &[&str] = &["nfs-down.example.lan", "smb-down.example.lan"];
const SMB_SERVERS: &[&str] = &["smb.example.lan"];

/// The shares the demo's storage serves; tests may replace them.
pub struct IsoShares(Mutex<Vec<IsoShare>>);

impl Default for IsoShares {
    fn default() -> Self {
        let f = |name: &str, mib: i64| (name.to_string(), mib * MIB);
        IsoShares(Mutex::new(vec![
            IsoShare {
                location: "nfs.example.lan:/export/iso".into(),
                account: None,
                files: vec![
                    f("debian-12.8.0-amd64-netinst.iso", 631),
                    f("ubuntu-24.04.1-live-server-amd64.iso", 2694),
                    f("linux/alpine-virt-3.21.0-x86_64.iso", 64),
                    f("README.txt", 1),
                ],
            },
            IsoShare {
                location: "//smb.example.lan/isos".into(),
                account: Some(("storage".into(), "smb-pass".into())),
                files: vec![
                    f("windows/Win2022_SERVER_EVAL_x64FRE_en-us.iso", 4830),
                    f("windows/virtio-win-0.1.266.iso", 707),
                    f("rescue.img", 120),
                ],
            },
        ]))
    }
}

impl IsoShares {
    /// Replaces the shares (for tests).
    pub fn set(&self, shares: Vec<IsoShare>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = shares;
    }

    pub fn list(&self) -> Vec<IsoShare> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

fn dc(m: &Map<String, Value>, k: &str) -> Option<String> {
    m.get(k).and_then(Value::as_str).map(str::to_string)
}

fn mount_failure(detail: &str) -> ApiError {
    sm(
        222,
        &format!(
            "Could not mount the directory specified in Device Configuration [opterr={detail}]"
        ),
        String::new(),
    )
}

/// The ISO files `config` reaches (their names under `iso_path`, sizes), or the driver's
/// error.
pub(super) fn reach(
    db: &Db,
    shares: &[IsoShare],
    config: &Map<String, Value>,
) -> Result<Vec<(String, i64)>, ApiError> {
    let Some(location) = dc(config, "location").filter(|l| !l.is_empty()) else {
        return Err(sm(
            94,
            "The request is missing the location parameter",
            String::new(),
        ));
    };
    let bad_location = || {
        sm(
            225,
            "Incorrect Location string format. String must be in the format SERVER:PATH for NFS targets, or \\\\SERVER\\PATH for CIFS targets",
            String::new(),
        )
    };
    let kind = dc(config, "type").unwrap_or_default();
    let cifs = kind == "cifs" || (kind.is_empty() && !location.contains(":/"));
    // The share as `//server/share` or `server:/path`, and its server.
    let (server, share) = if cifs {
        let unc = location.replace('\\', "/");
        let rest = unc.strip_prefix("//").ok_or_else(bad_location)?;
        let server = rest.split('/').next().unwrap_or_default().to_string();
        if server.is_empty() {
            return Err(bad_location());
        }
        (server, format!("//{}", rest.trim_end_matches('/')))
    } else {
        let (server, path) = location.split_once(':').ok_or_else(bad_location)?;
        (
            server.to_string(),
            format!("{server}:{}", path.trim_end_matches('/')),
        )
    };
    let known = NFS_SERVERS
        .iter()
        .chain(SMB_SERVERS)
        .chain(DOWN)
        .any(|s| *s == server);
    if !known {
        return Err(sm(
            140,
            "Incorrect DNS name, unable to resolve.",
            String::new(),
        ));
    }
    let found = shares.iter().find(|s| s.location == share);
    let files = if cifs {
        if dc(config, "vers").is_some_and(|v| v != "1.0" && v != "3.0") {
            return Err(sm(
                227,
                "Given SMB version is not allowed. Choose either 1.0 or 3.0",
                String::new(),
            ));
        }
        let share = found
            .filter(|_| SMB_SERVERS.contains(&server.as_str()))
            .ok_or_else(|| mount_failure("mount error(2): No such file or directory"))?;
        if let Some((user, pass)) = &share.account {
            let given_user = dc(config, "username").unwrap_or_default();
            let given = password(db, config, "cifspassword")?.unwrap_or_default();
            if given_user != *user || given != *pass {
                return Err(mount_failure("mount error(13): Permission denied"));
            }
        }
        &share.files
    } else {
        if !NFS_SERVERS.contains(&server.as_str()) {
            return Err(sm(
                108,
                "Unable to detect an NFS service on this target.",
                String::new(),
            ));
        }
        let share = found.ok_or_else(|| {
            mount_failure(&format!(
                "mount.nfs: access denied by server while mounting {share}"
            ))
        })?;
        &share.files
    };
    // `iso_path`: a folder of the share, where the files are read from.
    let dir = dc(config, "iso_path")
        .map(|p| p.trim_matches('/').to_string())
        .unwrap_or_default();
    let prefix = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    if !dir.is_empty() && !files.iter().any(|(f, _)| f.starts_with(&prefix)) {
        return Err(sm(
            224,
            "Could not locate the ISO sharename on the target, or the access permissions may be incorrect.",
            String::new(),
        ));
    }
    // `list_images`: `.iso` and `.img` files right in the folder.
    Ok(files
        .iter()
        .filter_map(|(f, size)| {
            let name = f.strip_prefix(&prefix)?;
            let lower = name.to_ascii_lowercase();
            (!name.contains('/') && (lower.ends_with(".iso") || lower.ends_with(".img")))
                .then(|| (name.to_string(), *size))
        })
        .collect())
}

/// The ISO SR's disks: one read-only VDI per image, named by its file (`ISOVDI`).
pub(super) fn add_vdis(db: &mut Db, sr: &str, images: &[(String, i64)]) {
    for (name, size) in images {
        let rec = json!({
            "uuid": uuid::Uuid::new_v4().to_string(), "name_label": name, "name_description": "",
            "SR": sr, "virtual_size": size, "physical_utilisation": size, "type": "user",
            "sharable": true, "read_only": true, "is_a_snapshot": false,
            "snapshot_of": "OpaqueRef:NULL", "missing": false, "managed": true,
            "location": name, "other_config": {}, "sm_config": {}, "xenstore_data": {},
            "tags": [], "VBDs": [], "current_operations": {}, "allowed_operations": [],
        });
        db.insert(
            "VDI",
            &new_ref(),
            rec.as_object().cloned().unwrap_or_default(),
        );
    }
}
