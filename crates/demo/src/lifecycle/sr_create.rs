//! New repositories on simulated NFS servers, iSCSI portals and SMB servers
//! ([`super::sr_targets`]): `SR.probe`, `SR.probe_ext`, `SR.create`, `SR.introduce`,
//! `PBD.create` and `secret.create`, answering as xapi and the SM drivers do.
//!
//! - `SR.probe` of type `nfs` (sm `NFSSR.probe`): no `server` → `SR_BACKEND_FAILURE_102`;
//!   no `serverpath` → `SR_BACKEND_FAILURE_101` with the server's exports as
//!   `<nfs-exports>` XML in its stderr parameter (`nfs.scan_exports`); a path the server
//!   does not export, or that does not allow the host → `SR_BACKEND_FAILURE_73`; else the
//!   `<SRlist>` of the SRs already at that path (`nfs.scan_srlist`).
//! - `SR.probe_ext`: the NFS driver is SMAPIv1, whose probe answers raw XML, so xapi refuses
//!   with `SR_OPERATION_NOT_SUPPORTED []` once the probe has run (`xapi_sr.ml` `probe_ext`).
//! - `SR.create`: the same checks, then the SR, a PBD per server (shared) plugged where the
//!   export allows it. `SR.introduce`: `SR_UUID_EXISTS`. `PBD.create`: `PBD_EXISTS`.

use super::devices::{must_exist, new_ref, quick, record_arg, text};
use super::tasks::Job;
use crate::rpc::Call;
use serde_json::{Map, Value, json};
use xapidb::Db;
use xenapi::error::{ApiError, codes};

/// One export of a simulated NFS server: its path, who may mount it, and the SRs already in
/// it (their UUIDs).
pub(super) struct Export {
    path: &'static str,
    access: &'static str,
    allowed: &'static [&'static str],
    srs: &'static [&'static str],
}

struct Server {
    name: &'static str,
    refuses: bool,
    exports: &'static [Export],
}

/// The simulated NFS servers (`PBD.plug` mounts through them too).
static SERVERS: &[Server] = &[
    Server {
        name: "nfs.example.lan",
        refuses: false,
        exports: &[
            // The pool's "Shared NFS storage" lives here.
            Export {
                path: "/export/vms",
                access: "*",
                allowed: &[],
                srs: &["2635dfde-d8ec-580c-83d5-5caf9985f678"],
            },
            Export {
                path: "/export/new",
                access: "*",
                allowed: &[],
                srs: &[],
            },
            // An SR another pool left: offered for attaching rather than formatting.
            Export {
                path: "/export/archive",
                access: "10.0.0.0/24",
                allowed: &[],
                srs: &["7d3c0f1e-5b2a-4c8e-9f61-2a4b6c8d0e1f"],
            },
        ],
    },
    Server {
        name: "nfs-acl.example.lan",
        refuses: false,
        exports: &[Export {
            path: "/export/vms",
            access: "xcp-host-01",
            allowed: &["xcp-host-01"],
            srs: &[],
        }],
    },
    Server {
        name: "nfs-down.example.lan",
        refuses: true,
        exports: &[],
    },
];

use super::block_devices::{self as block, Devices};
use super::iso_shares::{self, IsoShare};
use super::sr_targets::{self as targets, sm};

fn dc(m: &Map<String, Value>, k: &str) -> Option<String> {
    m.get(k).and_then(Value::as_str).map(str::to_string)
}

/// What the NFS driver finds for `device_config` on `host`: the export, or its error.
pub(super) fn mount(
    db: &Db,
    host: &str,
    config: &Map<String, Value>,
) -> Result<&'static Export, ApiError> {
    let Some(server) = dc(config, "server").filter(|s| !s.is_empty()) else {
        return Err(sm(
            102,
            "The request is missing the server parameter",
            String::new(),
        ));
    };
    let Some(srv) = SERVERS.iter().find(|s| s.name == server) else {
        return Err(sm(
            140,
            "Incorrect DNS name, unable to resolve.",
            String::new(),
        ));
    };
    if srv.refuses {
        return Err(sm(
            108,
            "Unable to detect an NFS service on this target.",
            String::new(),
        ));
    }
    let Some(path) = dc(config, "serverpath").filter(|s| !s.is_empty()) else {
        let mut xml = String::from("<?xml version=\"1.0\" ?>\n<nfs-exports>\n");
        for e in srv.exports {
            xml.push_str(&format!(
                "\t<Export>\n\t\t<Target>{}</Target>\n\t\t<Path>{}</Path>\n\t\t<Accesslist>{}</Accesslist>\n\t</Export>\n",
                srv.name, e.path, e.access
            ));
        }
        xml.push_str("</nfs-exports>\n");
        return Err(sm(
            101,
            "The request is missing the serverpath parameter",
            xml,
        ));
    };
    let host_name = db
        .field("host", host, "name_label")
        .and_then(Value::as_str)
        .unwrap_or_default();
    match srv
        .exports
        .iter()
        .find(|e| e.path == path.trim_end_matches('/'))
    {
        Some(e) if e.allowed.is_empty() || e.allowed.contains(&host_name) => Ok(e),
        _ => Err(sm(
            73,
            &format!(
                "NFS mount error [opterr=mount failed on server `{server}' with return code 32: access denied by server while mounting {path}]"
            ),
            String::new(),
        )),
    }
}

/// The arguments of `SR.probe`/`probe_ext`: host, device_config, type, sm_config.
fn probe_args(call: &Call) -> Result<(String, Map<String, Value>, String), ApiError> {
    let host = call.str_arg(0, "host")?.to_string();
    let Some(Value::Object(config)) = call.args.get(1) else {
        return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["device_config"]));
    };
    let kind = call.str_arg(2, "type")?.to_string();
    Ok((host, config.clone(), kind))
}

/// The simulated drivers: any other type is a driver the demo's hosts lack.
fn known_driver(kind: &str) -> Result<(), ApiError> {
    if matches!(
        kind,
        "nfs" | "lvmoiscsi" | "smb" | "iso" | "lvm" | "ext" | "lvmohba"
    ) {
        Ok(())
    } else {
        Err(ApiError::new("SR_UNKNOWN_DRIVER", [kind]))
    }
}

/// What the driver of `kind` answers to a probe of `config` from `host`: the `<SRlist>`
/// XML, or its error (which carries the lists when a key is missing).
fn probe_xml(
    db: &Db,
    host: &str,
    kind: &str,
    config: &Map<String, Value>,
    devices: &Devices,
) -> Result<String, ApiError> {
    match kind {
        "lvm" | "ext" => block::local_probe(devices, db, host, kind, config),
        "lvmohba" => block::hba_probe(devices, db, host, config),
        "lvmoiscsi" => targets::iscsi(db, config).map(|lun| targets::lvm_srlist(db, lun)),
        "smb" => targets::smb(db, config).map(|srs| targets::uuid_srlist(&srs)),
        // ISOSR has no probe: SR.py's `probe` raises `Unimplemented`.
        "iso" => Err(sm(
            38,
            "The requested method is not supported/implemented",
            String::new(),
        )),
        _ => {
            let e = mount(db, host, config)?;
            let mut xml = String::from("<?xml version=\"1.0\" ?>\n<SRlist>\n");
            for uuid in e.srs {
                xml.push_str(&format!("\t<SR>\n\t\t<UUID>{uuid}</UUID>\n\t</SR>\n"));
            }
            if config.contains_key("probeversion") {
                xml.push_str("\t<SupportedVersions>\n\t\t<Version>3</Version>\n\t\t<Version>4.1</Version>\n\t</SupportedVersions>\n");
            }
            xml.push_str("</SRlist>\n");
            Ok(xml)
        }
    }
}

/// Whether `host` reaches the storage `config` names (a PBD plug, a create).
pub(super) fn reach(
    db: &Db,
    host: &str,
    kind: &str,
    config: &Map<String, Value>,
    isos: &[IsoShare],
) -> Result<(), ApiError> {
    match kind {
        "iso" => iso_shares::reach(db, isos, config).map(|_| ()),
        "lvmoiscsi" => targets::iscsi(db, config).map(|_| ()),
        "smb" => targets::smb(db, config).map(|_| ()),
        _ => mount(db, host, config).map(|_| ()),
    }
}

/// Why `host` cannot attach the SR `uuid` of `kind` (`PBD.plug`), if it cannot.
pub(super) fn plug_error(
    db: &Db,
    host: &str,
    uuid: &str,
    kind: &str,
    config: &Map<String, Value>,
    isos: &[IsoShare],
    devices: &Devices,
) -> Option<ApiError> {
    match kind {
        "lvm" | "ext" => block::local_attach(devices, db, host, kind, uuid, config).err(),
        "lvmohba" => block::hba_attach(devices, db, host, uuid, config).err(),
        _ => reach(db, host, kind, config, isos).err(),
    }
}

/// `SR.probe(host, device_config, type, sm_config)`: the `<SRlist>` at the path.
pub fn probe(call: &Call) -> Result<Job, ApiError> {
    let (host, config, kind) = probe_args(call)?;
    let ext = call.message() == "probe_ext";
    let out = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let o2 = out.clone();
    let devices = call.state.block_devices.list();
    let check = move |db: &Db| {
        must_exist(db, "host", &host)?;
        known_driver(&kind)?;
        let xml = probe_xml(db, &host, &kind, &config, &devices)?;
        // Every simulated driver is SMAPIv1, whose probe answers raw XML: xapi refuses
        // `probe_ext` once the probe has run.
        if ext {
            return Err(ApiError::new("SR_OPERATION_NOT_SUPPORTED", [] as [&str; 0]));
        }
        if let Ok(mut o) = o2.lock() {
            *o = xml;
        }
        Ok(())
    };
    Ok(quick(call, check, move |_| {
        Ok(Value::String(
            out.lock().map(|o| o.clone()).unwrap_or_default(),
        ))
    }))
}

fn hosts(db: &Db) -> Vec<String> {
    db.table("host")
        .map(|t| t.rows.keys().cloned().collect())
        .unwrap_or_default()
}

fn new_sr(db: &mut Db, uuid: &str, m: &Map<String, Value>, size: i64) -> String {
    let r = new_ref();
    let rec = json!({
        "uuid": uuid, "name_label": text(m, "name_label"), "name_description": text(m, "name_description"),
        "type": text(m, "type"), "content_type": text(m, "content_type"),
        "shared": m.get("shared").and_then(Value::as_bool).unwrap_or(false),
        "other_config": {}, "sm_config": m.get("sm_config").cloned().unwrap_or(json!({})), "tags": [],
        "physical_size": size, "physical_utilisation": 0, "virtual_allocation": 0,
        "PBDs": [], "VDIs": [], "is_tools_sr": false, "current_operations": {}, "allowed_operations": [],
    });
    db.insert("SR", &r, rec.as_object().cloned().unwrap_or_default());
    r
}

fn new_pbd(
    db: &mut Db,
    host: &str,
    sr: &str,
    config: &Map<String, Value>,
    attached: bool,
) -> String {
    let r = new_ref();
    let config = duplicate_secrets(db, config);
    let rec = json!({
        "uuid": uuid::Uuid::new_v4().to_string(), "host": host, "SR": sr,
        "device_config": config, "currently_attached": attached, "other_config": {},
    });
    db.insert("PBD", &r, rec.as_object().cloned().unwrap_or_default());
    r
}

/// `SR.create(host, device_config, physical_size, name_label, name_description, type,
/// content_type, shared, sm_config)`.
pub fn create(call: &Call) -> Result<Job, ApiError> {
    let host = call.str_arg(0, "host")?.to_string();
    let Some(Value::Object(config)) = call.args.get(1).cloned() else {
        return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["device_config"]));
    };
    let mut m = Map::new();
    for (i, k) in [
        (3, "name_label"),
        (4, "name_description"),
        (5, "type"),
        (6, "content_type"),
    ] {
        m.insert(k.into(), json!(call.str_arg(i, k)?));
    }
    m.insert(
        "shared".into(),
        json!(call.args.get(7).and_then(Value::as_bool).unwrap_or(false)),
    );
    m.insert(
        "sm_config".into(),
        call.args.get(8).cloned().unwrap_or(json!({})),
    );
    let kind = text(&m, "type");
    let (h2, c2) = (host.clone(), config.clone());
    let isos = call.state.iso_shares.list();
    let isos2 = isos.clone();
    let devices = call.state.block_devices.list();
    let devices2 = devices.clone();
    let state = call.state.clone();
    let check = move |db: &Db| {
        must_exist(db, "host", &h2)?;
        known_driver(&kind)?;
        // xapi makes the PBDs (copying each secret) before the driver runs.
        secrets_exist(db, &c2)?;
        match kind.as_str() {
            "lvm" | "ext" => block::local_create_check(&devices2, db, &h2, &c2)?,
            "lvmohba" => block::hba_create_check(&devices2, db, &h2, &c2)?,
            _ => reach(db, &h2, &kind, &c2, &isos2)?,
        }
        // `LVHDoISCSISR.create`: a LUN another PBD of the pool uses is refused (SM's
        // `SRInUse`, which xapi reports as its own error).
        if kind == "lvmoiscsi"
            && let Ok(lun) = targets::iscsi(db, &c2)
            && targets::lun_in_pool(db, lun)
        {
            return Err(ApiError::new("SR_DEVICE_IN_USE", [] as [&str; 0]));
        }
        Ok(())
    };
    let mut job = quick(call, check, move |db| {
        let kind = text(&m, "type");
        let size = match kind.as_str() {
            "lvm" | "ext" | "lvmohba" => block::size(&devices, db, &host, &config),
            _ => kind_size(db, &m, &config).unwrap_or(2 * (1 << 40)),
        };
        let uuid = uuid::Uuid::new_v4().to_string();
        let sr = new_sr(db, &uuid, &m, size);
        // The driver formatted the device: a later probe finds this SR there.
        let name = db
            .field("host", &host, "name_label")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        for key in ["device", "SCSIid"] {
            if let (true, Some(dev)) = (
                matches!(kind.as_str(), "lvm" | "ext" | "lvmohba"),
                config.get(key).and_then(Value::as_str),
            ) {
                for d in dev.split(',') {
                    state.block_devices.formatted(&name, d.trim(), &kind, &uuid);
                }
            }
        }
        let devices = state.block_devices.list();
        let shared = m.get("shared").and_then(Value::as_bool) == Some(true);
        let on: Vec<String> = if shared {
            hosts(db)
        } else {
            vec![host.clone()]
        };
        // The creating host mounts; the others plug where their mount succeeds (xapi
        // ignores a member's failure here: Repair shows it).
        for h in on {
            let ok =
                h == host || plug_error(db, &h, &uuid, &kind, &config, &isos, &devices).is_none();
            new_pbd(db, &h, &sr, &config, ok);
        }
        // ISOSR's scan: a disk per image of the share.
        if kind == "iso"
            && let Ok(images) = iso_shares::reach(db, &isos, &config)
        {
            iso_shares::add_vdis(db, &sr, &images);
            if let Some(t) = config.get("type") {
                db.update("SR", &sr, |f| {
                    if let Some(Value::Object(m)) = f.get_mut("sm_config") {
                        m.insert("iso_type".into(), t.clone());
                    }
                });
            }
            let total: i64 = images.iter().map(|(_, s)| s).sum();
            db.set_field("SR", &sr, "physical_utilisation", json!(total));
        }
        Ok(Value::String(sr))
    });
    job.duration = std::time::Duration::from_millis(2000);
    Ok(job)
}

/// `SR.introduce(uuid, name_label, name_description, type, content_type, shared,
/// sm_config)`: the record alone, without PBDs, its size and use -1 as in xapi.
pub fn introduce(call: &Call) -> Result<Job, ApiError> {
    let uuid = call.str_arg(0, "uuid")?.to_string();
    let mut m = Map::new();
    for (i, k) in [
        (1, "name_label"),
        (2, "name_description"),
        (3, "type"),
        (4, "content_type"),
    ] {
        m.insert(k.into(), json!(call.str_arg(i, k)?));
    }
    m.insert(
        "shared".into(),
        json!(call.args.get(5).and_then(Value::as_bool).unwrap_or(false)),
    );
    m.insert(
        "sm_config".into(),
        call.args.get(6).cloned().unwrap_or(json!({})),
    );
    let u2 = uuid.clone();
    let check = move |db: &Db| {
        let taken = db.table("SR").is_some_and(|t| {
            t.rows
                .values()
                .any(|r| r.fields.get("uuid").and_then(Value::as_str) == Some(&u2))
        });
        if taken {
            return Err(ApiError::new("SR_UUID_EXISTS", [u2.as_str()]));
        }
        Ok(())
    };
    Ok(quick(call, check, move |db| {
        // Unknown until the storage is asked: the first plug's scan says (`sr_stat`).
        let sr = new_sr(db, &uuid, &m, -1);
        db.set_field("SR", &sr, "physical_utilisation", json!(-1));
        Ok(Value::String(sr))
    }))
}

/// `PBD.create({host, SR, device_config, other_config})`: one per host and SR.
pub fn pbd_create(call: &Call) -> Result<Job, ApiError> {
    let m = record_arg(call)?;
    let (host, sr) = (text(&m, "host"), text(&m, "SR"));
    let config = m
        .get("device_config")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let (h2, s2, c2) = (host.clone(), sr.clone(), config.clone());
    let check = move |db: &Db| {
        must_exist(db, "SR", &s2)?;
        must_exist(db, "host", &h2)?;
        let existing = db.table("PBD").and_then(|t| {
            t.rows
                .iter()
                .find(|(_, r)| {
                    r.fields.get("SR").and_then(Value::as_str) == Some(&s2)
                        && r.fields.get("host").and_then(Value::as_str) == Some(&h2)
                })
                .map(|(k, _)| k.clone())
        });
        if let Some(p) = existing {
            return Err(ApiError::new("PBD_EXISTS", [s2.clone(), h2.clone(), p]));
        }
        if let Some(v) = c2.get("SRmaster").and_then(Value::as_str) {
            return Err(ApiError::new(
                "VALUE_NOT_SUPPORTED",
                ["SRmaster", v, "This key is for internal use only"],
            ));
        }
        secrets_exist(db, &c2)
    };
    let mark = (sr.clone(), "pbd_create".to_string());
    let mut job = quick(call, check, move |db| {
        Ok(Value::String(new_pbd(db, &host, &sr, &config, false)))
    });
    job.sr = Some(mark);
    Ok(job)
}

/// An iSCSI SR is as big as its LUN.
pub(super) fn kind_size(
    db: &Db,
    m: &Map<String, Value>,
    config: &Map<String, Value>,
) -> Option<i64> {
    (text(m, "type") == "lvmoiscsi")
        .then(|| targets::iscsi(db, config).ok().map(|l| l.size))
        .flatten()
}

/// `secret.create({value, other_config})` (`xapi_secret.ml` `create`): a new secret with a
/// fresh UUID; drivers read `*_secret` keys of `device_config` by that UUID.
pub fn secret_create(call: &Call) -> Result<Job, ApiError> {
    let m = record_arg(call)?;
    let Some(value) = m.get("value").and_then(Value::as_str).map(str::to_string) else {
        return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["value"]));
    };
    let other = m.get("other_config").cloned().unwrap_or(json!({}));
    Ok(quick(
        call,
        |_| Ok(()),
        move |db| {
            let r = new_ref();
            let rec = json!({"uuid": uuid::Uuid::new_v4().to_string(), "value": value, "other_config": other});
            db.insert("secret", &r, rec.as_object().cloned().unwrap_or_default());
            Ok(Value::String(r))
        },
    ))
}

/// `Xapi_secret.duplicate_passwds` reads each `*password_secret` by its UUID.
fn secrets_exist(db: &Db, config: &Map<String, Value>) -> Result<(), ApiError> {
    for (k, v) in config {
        let uuid = v.as_str().unwrap_or_default();
        if k.ends_with("password_secret") && secret_by_uuid(db, uuid).is_none() {
            return Err(ApiError::new(codes::UUID_INVALID, ["secret", uuid]));
        }
    }
    Ok(())
}

fn secret_by_uuid(db: &Db, uuid: &str) -> Option<String> {
    db.table("secret")?.rows.iter().find_map(|(r, row)| {
        (row.fields.get("uuid").and_then(Value::as_str) == Some(uuid)).then(|| r.clone())
    })
}

/// Each PBD holds its own copy of every `*password_secret` (xapi's
/// `Xapi_secret.duplicate_passwds`), so destroying one PBD's secret leaves the others'.
fn duplicate_secrets(db: &mut Db, config: &Map<String, Value>) -> Map<String, Value> {
    let mut out = config.clone();
    for (k, v) in config {
        let Some(src) = k
            .ends_with("password_secret")
            .then(|| secret_by_uuid(db, v.as_str().unwrap_or_default()))
            .flatten()
        else {
            continue;
        };
        let value = db
            .field("secret", &src, "value")
            .cloned()
            .unwrap_or(json!(""));
        let uuid = uuid::Uuid::new_v4().to_string();
        let rec = json!({"uuid": uuid, "value": value, "other_config": {}});
        db.insert(
            "secret",
            &new_ref(),
            rec.as_object().cloned().unwrap_or_default(),
        );
        out.insert(k.clone(), json!(uuid));
    }
    out
}
