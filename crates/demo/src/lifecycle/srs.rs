//! Repositories: `SR.scan`, `SR.forget`, `SR.destroy`, `PBD.plug`, `PBD.unplug`,
//! `PBD.destroy`, with xapi's checks (`xapi_sr_operations.ml` `valid_operations`: the
//! first error set for an operation wins; `message_forwarding.ml` `SR.destroy`/`forget`;
//! `xapi_pbd.ml` `plug`/`unplug`/`destroy`); a mount goes through the simulated NFS servers
//! of [`super::sr_create`], answering as the SM driver does.
//! Each holds its operation in the SR's `current_operations` while it runs (`Job::sr`).
//! `pool.set_default_SR` and the SR's name, description and tags are the generic setters.

use super::devices::{must_exist, quick};
use super::iso_shares::IsoShare;
use super::tasks::Job;
use crate::rpc::Call;
use serde_json::{Value, json};
use xapidb::Db;
use xenapi::error::ApiError;

fn s<'a>(db: &'a Db, class: &str, r: &str, f: &str) -> &'a str {
    db.field(class, r, f)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn attached(db: &Db, class: &str, r: &str) -> bool {
    db.field(class, r, "currently_attached")
        .and_then(Value::as_bool)
        == Some(true)
}

fn refs(db: &Db, class: &str, r: &str, f: &str) -> Vec<String> {
    db.field(class, r, f)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The SR's PBDs, from the PBD table (the SR's `PBDs` set may lag in a dump).
fn pbds_of(db: &Db, sr: &str) -> Vec<String> {
    db.table("PBD")
        .map(|t| {
            t.rows
                .iter()
                .filter(|(_, r)| r.fields.get("SR").and_then(Value::as_str) == Some(sr))
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// What the SM driver answers to attaching `pbd`'s SR on its host: a PBD naming an NFS or
/// SMB server or an iSCSI target reaches it through the simulated storage; the built-in
/// pool's (neither) attach anywhere.
fn attach_error(
    db: &Db,
    pbd: &str,
    isos: &[IsoShare],
    devices: &super::block_devices::Devices,
) -> Option<ApiError> {
    let config = db.field("PBD", pbd, "device_config")?.as_object()?;
    if !["server", "target", "location", "device", "SCSIid"]
        .iter()
        .any(|k| config.contains_key(*k))
    {
        return None;
    }
    let host = s(db, "PBD", pbd, "host");
    let sr = s(db, "PBD", pbd, "SR");
    let (kind, uuid) = (s(db, "SR", sr, "type"), s(db, "SR", sr, "uuid"));
    super::sr_create::plug_error(db, host, uuid, kind, config, isos, devices)
}

/// `job`, holding `op` in the SR of `pbd` while it runs (message_forwarding's
/// `SR.with_sr_marked`; a PBD that does not exist fails its own check).
fn on_pbd_sr(call: &Call, pbd: &str, op: &str, mut job: Job) -> Job {
    let sr = call.state.read(|db| s(db, "PBD", pbd, "SR").to_string());
    if !sr.is_empty() {
        job.sr = Some((sr, op.to_string()));
    }
    job
}

/// `PBD.plug(self)`: nothing to do when attached; a local SR attaches on one host only.
pub fn pbd_plug(call: &Call) -> Result<Job, ApiError> {
    let pbd = call.str_arg(0, "self")?.to_string();
    let pbd_ref = pbd.clone();
    let p2 = pbd.clone();
    let isos = call.state.iso_shares.list();
    let devices = call.state.block_devices.list();
    let check = move |db: &Db| {
        must_exist(db, "PBD", &p2)?;
        if attached(db, "PBD", &p2) {
            return Ok(());
        }
        let sr = s(db, "PBD", &p2, "SR");
        let shared = db.field("SR", sr, "shared").and_then(Value::as_bool) == Some(true);
        if !shared
            && let Some(other) = pbds_of(db, sr)
                .into_iter()
                .find(|o| *o != p2 && attached(db, "PBD", o))
        {
            let host = s(db, "PBD", &other, "host").to_string();
            return Err(ApiError::new("SR_NOT_SHARABLE", [sr.to_string(), host]));
        }
        attach_error(db, &p2, &isos, &devices).map_or(Ok(()), Err)
    };
    let devices = call.state.block_devices.list();
    let mut job = quick(call, check, move |db| {
        db.set_field("PBD", &pbd, "currently_attached", json!(true));
        // The coordinator's PBD plugs first: xapi's initial scan of the SR follows.
        let host = s(db, "PBD", &pbd, "host").to_string();
        if crate::state::coordinator(db).as_deref() == Some(host.as_str()) {
            let sr = s(db, "PBD", &pbd, "SR").to_string();
            super::sr_stat::update(db, &sr, &pbd, &devices);
        }
        Ok(Value::String(String::new()))
    });
    job.duration = std::time::Duration::from_millis(1200);
    Ok(on_pbd_sr(call, &pbd_ref, "plug", job))
}

/// `PBD.unplug(self)`: refused while a VM on its host uses a disk of the SR.
pub fn pbd_unplug(call: &Call) -> Result<Job, ApiError> {
    let pbd = call.str_arg(0, "self")?.to_string();
    let p2 = pbd.clone();
    let check = move |db: &Db| {
        must_exist(db, "PBD", &p2)?;
        if !attached(db, "PBD", &p2) {
            return Ok(());
        }
        let (sr, host) = (s(db, "PBD", &p2, "SR"), s(db, "PBD", &p2, "host"));
        let in_use: Vec<String> = db
            .table("VM")
            .map(|t| {
                t.rows
                    .iter()
                    .filter(|(_, v)| {
                        v.fields.get("resident_on").and_then(Value::as_str) == Some(host)
                    })
                    .flat_map(|(k, _)| refs(db, "VM", k, "VBDs"))
                    .filter(|b| {
                        attached(db, "VBD", b)
                            && db.field("VBD", b, "empty").and_then(Value::as_bool) != Some(true)
                    })
                    .map(|b| s(db, "VBD", &b, "VDI").to_string())
                    .filter(|d| {
                        s(db, "VDI", d, "SR") == sr && s(db, "VDI", d, "type") != "metadata"
                    })
                    .collect()
            })
            .unwrap_or_default();
        if !in_use.is_empty() {
            return Err(ApiError::new("VDI_IN_USE", in_use));
        }
        Ok(())
    };
    let on = pbd.clone();
    let job = quick(call, check, move |db| {
        db.set_field("PBD", &pbd, "currently_attached", json!(false));
        Ok(Value::String(String::new()))
    });
    // `with_unplug_locks` marks the SR as `unplug`.
    Ok(on_pbd_sr(call, &on, "unplug", job))
}

/// `PBD.destroy(self)`: an attached PBD stays.
pub fn pbd_destroy(call: &Call) -> Result<Job, ApiError> {
    let pbd = call.str_arg(0, "self")?.to_string();
    let p2 = pbd.clone();
    let check = move |db: &Db| {
        must_exist(db, "PBD", &p2)?;
        if attached(db, "PBD", &p2) {
            return Err(ApiError::new(
                "OPERATION_NOT_ALLOWED",
                ["PBD is currently attached"],
            ));
        }
        Ok(())
    };
    let on = pbd.clone();
    let job = quick(call, check, move |db| {
        db.delete("PBD", &pbd);
        Ok(Value::String(String::new()))
    });
    Ok(on_pbd_sr(call, &on, "pbd_destroy", job))
}

fn in_progress(db: &Db, sr: &str) -> Option<ApiError> {
    let (task, op) = db
        .field("SR", sr, "current_operations")
        .and_then(Value::as_object)
        .and_then(|m| m.iter().next())
        .map(|(t, op)| (t.clone(), op.as_str().unwrap_or_default().to_string()))?;
    Some(ApiError::new(
        "OTHER_OPERATION_IN_PROGRESS",
        ["SR".to_string(), sr.to_string(), op, task],
    ))
}

/// `valid_operations` for `destroy` and `forget`, in its order.
fn remove_error(db: &Db, sr: &str, destroy: bool) -> Option<ApiError> {
    let pbds = pbds_of(db, sr);
    if pbds.iter().any(|p| attached(db, "PBD", p)) {
        return Some(ApiError::new("SR_HAS_PBD", [sr]));
    }
    if destroy && pbds.is_empty() {
        return Some(ApiError::new("SR_NO_PBDS", [sr]));
    }
    let managed_disks = refs(db, "SR", sr, "VDIs").iter().any(|d| {
        db.field("VDI", d, "managed").and_then(Value::as_bool) != Some(false)
            && s(db, "VDI", d, "type") != "rrd"
    });
    if destroy && managed_disks {
        return Some(ApiError::new("SR_NOT_EMPTY", [] as [&str; 0]));
    }
    if let Some(e) = in_progress(db, sr) {
        return Some(e);
    }
    let other_config = db.field("SR", sr, "other_config");
    if destroy
        && other_config
            .and_then(|c| c.get("indestructible"))
            .and_then(Value::as_str)
            == Some("true")
    {
        return Some(ApiError::new("SR_INDESTRUCTIBLE", [sr]));
    }
    None
}

/// `SR.forget(sr)` and `SR.destroy(sr)`: the SR's records go (`really_forget`: its PBDs and
/// disks); destroy also erases what the storage holds.
pub fn remove(call: &Call) -> Result<Job, ApiError> {
    let sr = call.str_arg(0, "sr")?.to_string();
    let destroy = call.message() == "destroy";
    let s2 = sr.clone();
    let mark = (sr.clone(), call.message().to_string());
    let check = move |db: &Db| {
        must_exist(db, "SR", &s2)?;
        remove_error(db, &s2, destroy).map_or(Ok(()), Err)
    };
    let state = call.state.clone();
    let mut job = quick(call, check, move |db| {
        let pbds = pbds_of(db, &sr);
        if destroy {
            super::sr_stat::erase(&state.block_devices, db, &sr, &pbds);
        }
        for p in pbds {
            db.delete("PBD", &p);
        }
        for d in refs(db, "SR", &sr, "VDIs") {
            for b in refs(db, "VDI", &d, "VBDs") {
                db.delete("VBD", &b);
            }
            db.delete("VDI", &d);
        }
        db.delete("SR", &sr);
        Ok(Value::String(String::new()))
    });
    if destroy {
        job.duration = std::time::Duration::from_millis(1500);
    }
    job.sr = Some(mark);
    Ok(job)
}

/// `SR.scan(sr)`: needs the SR attached somewhere; brings its usage up to date.
pub fn scan(call: &Call) -> Result<Job, ApiError> {
    let sr = call.str_arg(0, "sr")?.to_string();
    let (s2, s3) = (sr.clone(), sr.clone());
    let check = move |db: &Db| {
        must_exist(db, "SR", &s2)?;
        if let Some(e) = in_progress(db, &s2) {
            return Err(e);
        }
        if !pbds_of(db, &s2).iter().any(|p| attached(db, "PBD", p)) {
            return Err(ApiError::new("SR_NO_PBDS", [s2.as_str()]));
        }
        Ok(())
    };
    let devices = call.state.block_devices.list();
    let mut job = quick(call, check, move |db| {
        // sm's scan updates the SR's size (`_db_update`) through an attached PBD.
        let on = pbds_of(db, &sr)
            .into_iter()
            .find(|p| attached(db, "PBD", p));
        if let Some(p) = on {
            super::sr_stat::update(db, &sr, &p, &devices);
        }
        let allocated: i64 = refs(db, "SR", &sr, "VDIs")
            .iter()
            .filter_map(|d| db.field("VDI", d, "virtual_size").and_then(Value::as_i64))
            .sum();
        db.set_field("SR", &sr, "virtual_allocation", json!(allocated));
        Ok(Value::String(String::new()))
    });
    job.duration = std::time::Duration::from_millis(800);
    job.sr = Some((s3, "scan".into()));
    Ok(job)
}

/// `pool.set_default_SR`, `set_suspend_image_SR`, `set_crash_dump_SR` (pool, sr): the
/// field's setter.
pub fn set_pool_sr(call: &Call) -> Result<Job, ApiError> {
    let pool = call.str_arg(0, "self")?.to_string();
    let sr = call.str_arg(1, "value")?.to_string();
    let field = call
        .message()
        .strip_prefix("set_")
        .unwrap_or_default()
        .to_string();
    let (p2, s2) = (pool.clone(), sr.clone());
    let check = move |db: &Db| {
        must_exist(db, "pool", &p2)?;
        if s2 != "OpaqueRef:NULL" {
            must_exist(db, "SR", &s2)?;
        }
        Ok(())
    };
    Ok(quick(call, check, move |db| {
        db.set_field("pool", &pool, &field, json!(sr));
        Ok(Value::String(String::new()))
    }))
}

/// `PBD.set_device_config(self, value)`.
pub fn set_device_config(call: &Call) -> Result<Job, ApiError> {
    let pbd = call.str_arg(0, "self")?.to_string();
    let value = match call.args.get(1) {
        Some(Value::Object(m)) if m.values().all(Value::is_string) => Value::Object(m.clone()),
        _ => return Err(ApiError::new("FIELD_TYPE_ERROR", ["value"])),
    };
    let p2 = pbd.clone();
    Ok(quick(
        call,
        move |db: &Db| must_exist(db, "PBD", &p2),
        move |db| {
            db.set_field("PBD", &pbd, "device_config", value);
            Ok(Value::String(String::new()))
        },
    ))
}
