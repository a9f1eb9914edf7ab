//! `VDI.create`/`destroy`, `VBD.create`/`destroy`/`insert`/`eject` and `VIF.create`/
//! `destroy`, as the New VM wizard and VM deletion need them, with xapi's checks: the
//! objects named must exist, a device number is used once per VM, an attached device is not
//! destroyed, an SR must hold the disk, only CD drives take media.

use super::super::rpc::Call;
use super::tasks::Job;
use serde_json::{Map, Value, json};
use xapidb::Db;
use xenapi::error::{ApiError, codes};

const NULL: &str = "OpaqueRef:NULL";

pub(super) fn new_ref() -> String {
    format!("OpaqueRef:{}", uuid::Uuid::new_v4())
}

pub(super) fn record_arg(call: &Call) -> Result<Map<String, Value>, ApiError> {
    match call.args.first() {
        Some(Value::Object(m)) => Ok(m.clone()),
        _ => Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["args"])),
    }
}

pub(super) fn text(m: &Map<String, Value>, k: &str) -> String {
    m.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn int(m: &Map<String, Value>, k: &str) -> Result<i64, ApiError> {
    match m.get(k) {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse().ok(),
        None => Some(0),
        _ => None,
    }
    .ok_or_else(|| ApiError::new(codes::FIELD_TYPE_ERROR, [k]))
}

fn flag(m: &Map<String, Value>, k: &str) -> bool {
    match m.get(k) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true" || s == "1",
        _ => false,
    }
}

pub(super) fn must_exist(db: &Db, class: &str, r: &str) -> Result<(), ApiError> {
    if db.get(class, r).is_some() {
        Ok(())
    } else {
        Err(ApiError::new(codes::HANDLE_INVALID, [class, r]))
    }
}

fn map(m: &Map<String, Value>, k: &str) -> Value {
    m.get(k)
        .filter(|v| v.is_object())
        .cloned()
        .unwrap_or_else(|| json!({}))
}

/// `job`, holding `op` in the SR of disk `vdi` while it runs: message_forwarding's
/// `with_sr_andor_vdi ~sr:(sr, op)` for the disk calls that name the SR (create, destroy,
/// resize). xapi lets no other SR operation run beside one of these.
pub(super) fn on_vdi_sr(call: &Call, vdi: &str, op: &str, job: Job) -> Job {
    let sr = call.state.read(|db| {
        db.field("VDI", vdi, "SR")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    });
    on_sr(sr, op, job)
}

/// `job`, holding `op` in `sr` while it runs (none when `sr` is empty).
fn on_sr(sr: String, op: &str, mut job: Job) -> Job {
    if !sr.is_empty() {
        job.sr = Some((sr, op.to_string()));
    }
    job
}

pub(super) fn quick(
    call: &Call,
    check: impl FnOnce(&Db) -> Result<(), ApiError> + Send + 'static,
    apply: impl FnOnce(&mut Db) -> Result<Value, ApiError> + Send + 'static,
) -> Job {
    let mut job = Job::quick(call.method, move |state| state.write(apply));
    job.check = Box::new(check);
    job
}

/// `VDI.create(args)`.
pub fn vdi_create(call: &Call) -> Result<Job, ApiError> {
    let m = record_arg(call)?;
    let sr = text(&m, "SR");
    let size = int(&m, "virtual_size")?;
    let (sr2, mark) = (sr.clone(), sr.clone());
    let check = move |db: &Db| {
        must_exist(db, "SR", &sr2)?;
        if db.field("SR", &sr2, "content_type").and_then(Value::as_str) == Some("iso") {
            return Err(ApiError::new("SR_OPERATION_NOT_SUPPORTED", [sr2.as_str()]));
        }
        let n = |f: &str| db.field("SR", &sr2, f).and_then(Value::as_i64).unwrap_or(0);
        let free = n("physical_size") - n("physical_utilisation");
        if size > free {
            return Err(ApiError::new(
                "SR_FULL",
                [size.to_string(), free.max(0).to_string()],
            ));
        }
        Ok(())
    };
    let job = quick(call, check, move |db| {
        let r = new_ref();
        let rec = json!({
            "uuid": uuid::Uuid::new_v4().to_string(),
            "name_label": text(&m, "name_label"), "name_description": text(&m, "name_description"),
            "SR": sr, "virtual_size": size, "physical_utilisation": 0,
            "type": if text(&m, "type").is_empty() { "user".to_string() } else { text(&m, "type") },
            "sharable": flag(&m, "sharable"), "read_only": flag(&m, "read_only"),
            "is_a_snapshot": false, "snapshot_of": NULL, "missing": false, "managed": true,
            "other_config": map(&m, "other_config"), "sm_config": map(&m, "sm_config"),
            "xenstore_data": map(&m, "xenstore_data"), "tags": m.get("tags").cloned().unwrap_or(json!([])),
            "VBDs": [], "current_operations": {}, "allowed_operations": ["clone", "destroy", "resize", "snapshot", "copy"],
        });
        db.insert("VDI", &r, rec.as_object().cloned().unwrap_or_default());
        Ok(Value::String(r))
    });
    Ok(on_sr(mark, "vdi_create", job))
}

/// The device numbers a VM's VBDs (or VIFs) use.
fn used_devices(db: &Db, vm: &str, set: &str, class: &str, field: &str) -> Vec<String> {
    db.field("VM", vm, set)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .filter_map(|r| db.field(class, r, field).and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// `VBD.create(args)`.
pub fn vbd_create(call: &Call) -> Result<Job, ApiError> {
    let m = record_arg(call)?;
    let (vm, vdi) = (text(&m, "VM"), text(&m, "VDI"));
    let kind = if text(&m, "type").is_empty() {
        "Disk".to_string()
    } else {
        text(&m, "type")
    };
    let empty = flag(&m, "empty");
    let mut userdevice = text(&m, "userdevice");
    let (vm2, vdi2, ud2, kind2) = (vm.clone(), vdi.clone(), userdevice.clone(), kind.clone());
    let mode2 = match text(&m, "mode") {
        m if m.is_empty() => "RW".to_string(),
        m => m,
    };
    let check = move |db: &Db| {
        must_exist(db, "VM", &vm2)?;
        // Only an empty CD drive may have no VDI.
        let null = vdi2.is_empty() || vdi2 == NULL;
        if !(null && kind2 == "CD" && empty) {
            must_exist(db, "VDI", &vdi2)?;
        }
        // xapi_vbd.ml `create`'s checks, in its order.
        if !null {
            let t = db
                .field("VDI", &vdi2, "type")
                .and_then(Value::as_str)
                .unwrap_or("user");
            let ok = [
                "system",
                "user",
                "ephemeral",
                "suspend",
                "crashdump",
                "metadata",
                "rrd",
                "pvs_cache",
            ];
            if !ok.contains(&t) {
                return Err(ApiError::new("VDI_INCOMPATIBLE_TYPE", [vdi2.as_str(), t]));
            }
        }
        if kind2 == "CD" && mode2 != "RO" {
            return Err(ApiError::new("VBD_CDS_MUST_BE_READONLY", [] as [&str; 0]));
        }
        if kind2 != "CD" && empty {
            return Err(ApiError::new("VBD_NOT_REMOVABLE_MEDIA", ["in constructor"]));
        }
        if mode2 == "RW"
            && db.field("VDI", &vdi2, "read_only").and_then(Value::as_bool) == Some(true)
        {
            return Err(ApiError::new("VDI_READONLY", [vdi2.as_str()]));
        }
        if ud2 != "autodetect" && used_devices(db, &vm2, "VBDs", "VBD", "userdevice").contains(&ud2)
        {
            return Err(ApiError::new("DEVICE_ALREADY_EXISTS", [ud2.as_str()]));
        }
        Ok(())
    };
    Ok(quick(call, check, move |db| {
        if userdevice == "autodetect" || userdevice.is_empty() {
            let used = used_devices(db, &vm, "VBDs", "VBD", "userdevice");
            userdevice = (0..)
                .map(|n: u32| n.to_string())
                .find(|d| !used.contains(d))
                .unwrap_or_default();
        }
        let r = new_ref();
        let rec = json!({
            "uuid": uuid::Uuid::new_v4().to_string(), "VM": vm,
            "VDI": if vdi.is_empty() { NULL.to_string() } else { vdi }, "device": "", "userdevice": userdevice,
            "bootable": flag(&m, "bootable"), "mode": if text(&m, "mode").is_empty() { "RW".to_string() } else { text(&m, "mode") },
            "type": kind, "empty": empty, "unpluggable": m.get("unpluggable").is_none() || flag(&m, "unpluggable"), "currently_attached": false,
            "other_config": map(&m, "other_config"), "qos_algorithm_type": text(&m, "qos_algorithm_type"),
            "qos_algorithm_params": map(&m, "qos_algorithm_params"), "current_operations": {}, "allowed_operations": ["attach"],
        });
        db.insert("VBD", &r, rec.as_object().cloned().unwrap_or_default());
        Ok(Value::String(r))
    }))
}

/// `VIF.create(args)`.
pub fn vif_create(call: &Call) -> Result<Job, ApiError> {
    let m = record_arg(call)?;
    let (vm, net, device) = (text(&m, "VM"), text(&m, "network"), text(&m, "device"));
    let (vm2, net2, dev2) = (vm.clone(), net.clone(), device.clone());
    let check = move |db: &Db| {
        must_exist(db, "VM", &vm2)?;
        must_exist(db, "network", &net2)?;
        if dev2.is_empty() || dev2.parse::<u32>().is_err() {
            return Err(ApiError::new(
                codes::INVALID_VALUE,
                ["device", dev2.as_str()],
            ));
        }
        if used_devices(db, &vm2, "VIFs", "VIF", "device").contains(&dev2) {
            return Err(ApiError::new("DEVICE_ALREADY_EXISTS", [dev2.as_str()]));
        }
        Ok(())
    };
    Ok(quick(call, check, move |db| {
        let mut mac = text(&m, "MAC");
        let auto = mac.is_empty();
        if auto {
            mac = super::nics::random_mac();
        }
        let mtu = match int(&m, "MTU") {
            Ok(n) if n > 0 => n,
            _ => db
                .field("network", &net, "MTU")
                .and_then(Value::as_i64)
                .unwrap_or(1500),
        };
        let r = new_ref();
        let rec = json!({
            "uuid": uuid::Uuid::new_v4().to_string(), "VM": vm, "network": net, "device": device,
            "MAC": mac, "MAC_autogenerated": auto, "MTU": mtu, "currently_attached": false,
            "other_config": map(&m, "other_config"), "qos_algorithm_type": text(&m, "qos_algorithm_type"),
            "qos_algorithm_params": map(&m, "qos_algorithm_params"),
            "locking_mode": if text(&m, "locking_mode").is_empty() { "network_default".to_string() } else { text(&m, "locking_mode") },
            "current_operations": {}, "allowed_operations": ["attach"],
        });
        db.insert("VIF", &r, rec.as_object().cloned().unwrap_or_default());
        Ok(Value::String(r))
    }))
}

/// `VDI.destroy`, `VBD.destroy`, `VIF.destroy`.
pub fn destroy(call: &Call) -> Result<Job, ApiError> {
    let class = call.method.split_once('.').map_or("", |(c, _)| c);
    let r = call.str_arg(0, "self")?.to_string();
    let (c, r2) = (class.to_string(), r.clone());
    let check = move |db: &Db| {
        must_exist(db, &c, &r2)?;
        let attached = |class: &str, r: &str| {
            ["currently_attached", "reserved"]
                .iter()
                .any(|f| db.field(class, r, f).and_then(Value::as_bool) == Some(true))
        };
        let busy = match c.as_str() {
            // A disk in use by a VM that runs (or is attached anywhere) stays.
            "VDI" => db
                .field("VDI", &r2, "VBDs")
                .and_then(Value::as_array)
                .is_some_and(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .any(|v| attached("VBD", v))
                }),
            _ => attached(&c, &r2),
        };
        let uuid = |class: &str, r: &str| {
            db.field(class, r, "uuid")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        if busy {
            return Err(match c.as_str() {
                "VDI" => ApiError::new("VDI_IN_USE", [r2.as_str(), "destroy"]),
                // xapi_vbd_helpers.ml `destroy`: "unplug first".
                "VBD" => {
                    let vm = db
                        .field("VBD", &r2, "VM")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    ApiError::new(
                        "OPERATION_NOT_ALLOWED",
                        [format!(
                            "VBD '{}' still attached to '{}'",
                            uuid("VBD", &r2),
                            uuid("VM", vm)
                        )],
                    )
                }
                _ => ApiError::new(
                    "OPERATION_NOT_ALLOWED",
                    [format!("{c} is currently attached to a running VM")],
                ),
            });
        }
        if c == "VDI" {
            // xapi_vdi.ml: the SM driver must delete disks (udev's cannot: a physical
            // device), and the tools ISOs stay.
            let sr = db
                .field("VDI", &r2, "SR")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let sr_field = |f: &str| db.field("SR", sr, f).cloned();
            let udev = sr_field("type").and_then(|v| v.as_str().map(str::to_string))
                == Some("udev".into());
            let tools = sr_field("is_tools_sr").and_then(|v| v.as_bool()) == Some(true);
            if udev || tools {
                return Err(ApiError::new("SR_OPERATION_NOT_SUPPORTED", [sr]));
            }
        }
        Ok(())
    };
    let class = class.to_string();
    let vdi = (class == "VDI").then(|| r.clone());
    let job = quick(call, check, move |db| {
        if class == "VDI" {
            // Its detached VBDs go with it, as in xapi.
            let vbds: Vec<String> = db
                .field("VDI", &r, "VBDs")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            for v in vbds {
                db.delete("VBD", &v);
            }
            let sr = db
                .field("VDI", &r, "SR")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let used = db
                .field("VDI", &r, "physical_utilisation")
                .and_then(Value::as_i64)
                .unwrap_or(0);
            if let Some(now) = db
                .field("SR", &sr, "physical_utilisation")
                .and_then(Value::as_i64)
            {
                db.set_field(
                    "SR",
                    &sr,
                    "physical_utilisation",
                    json!((now - used).max(0)),
                );
            }
        }
        if class == "VDI" {
            super::suspend::forget(db, &r);
        }
        db.delete(&class, &r);
        Ok(Value::String(String::new()))
    });
    Ok(match vdi {
        Some(v) => on_vdi_sr(call, &v, "vdi_destroy", job),
        None => job,
    })
}

/// `VBD.insert(vbd, vdi)` and `VBD.eject(vbd)`.
pub fn media(call: &Call) -> Result<Job, ApiError> {
    let insert = call.message() == "insert";
    let vbd = call.str_arg(0, "vbd")?.to_string();
    let vdi = if insert {
        call.str_arg(1, "vdi")?.to_string()
    } else {
        String::new()
    };
    let (b, d) = (vbd.clone(), vdi.clone());
    // xapi_vbd.ml `assert_ok_to_insert` (not suspended, removable, empty) and
    // `assert_ok_to_eject` (removable, not empty, not suspended), in their orders.
    let check = move |db: &Db| {
        must_exist(db, "VBD", &b)?;
        if insert {
            must_exist(db, "VDI", &d)?;
        }
        let vm = db
            .field("VBD", &b, "VM")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let not_suspended = || {
            if db.field("VM", &vm, "power_state").and_then(Value::as_str) == Some("Suspended") {
                Err(ApiError::new(
                    codes::VM_BAD_POWER_STATE,
                    [vm.as_str(), "halted, running", "suspended"],
                ))
            } else {
                Ok(())
            }
        };
        if insert {
            not_suspended()?;
        }
        if db.field("VBD", &b, "type").and_then(Value::as_str) != Some("CD") {
            return Err(ApiError::new("VBD_NOT_REMOVABLE_MEDIA", [b.as_str()]));
        }
        let empty = db.field("VBD", &b, "empty").and_then(Value::as_bool) == Some(true);
        if insert {
            if !empty {
                return Err(ApiError::new("VBD_NOT_EMPTY", [b.as_str()]));
            }
        } else if empty {
            return Err(ApiError::new("VBD_IS_EMPTY", [b.as_str()]));
        } else {
            not_suspended()?;
        }
        Ok(())
    };
    Ok(quick(call, check, move |db| {
        let vdi = if insert { vdi } else { NULL.to_string() };
        db.set_field("VBD", &vbd, "VDI", Value::String(vdi));
        db.set_field("VBD", &vbd, "empty", Value::Bool(!insert));
        Ok(Value::String(String::new()))
    }))
}

/// Adds install ISOs to the pool's ISO SRs (the built-in pool ships none, and the New VM
/// wizard offers them), and the guest tools ISO to the tools SR.
pub fn seed_isos(db: &mut Db) {
    const ISOS: &[(&str, i64)] = &[
        ("debian-12.8.0-amd64-netinst.iso", 661_651_456),
        ("Rocky-9.5-x86_64-minimal.iso", 1_850_146_816),
        ("ubuntu-24.04.1-live-server-amd64.iso", 2_773_874_688),
        ("Win2022_EN-US_20H2.iso", 5_044_094_976),
    ];
    let srs: Vec<(String, bool)> = db
        .table("SR")
        .map(|t| {
            t.rows
                .iter()
                .filter(|(_, r)| {
                    r.fields.get("content_type").and_then(Value::as_str) == Some("iso")
                })
                .map(|(k, r)| {
                    let tools = r.fields.get("name_label").and_then(Value::as_str)
                        == Some("XenServer Tools")
                        || r.fields.get("is_tools_sr").and_then(Value::as_bool) == Some(true);
                    (k.clone(), tools)
                })
                .collect()
        })
        .unwrap_or_default();
    // One library of install media (the first that is neither tools nor a DVD drive), and the tools.
    let library = srs.iter().find(|(r, tools)| {
        !tools && db.field("SR", r, "name_label").and_then(Value::as_str) != Some("DVD drives")
    });
    let add = |db: &mut Db, sr: &str, name: &str, size: i64, tools: bool| {
        let rec = json!({
            "uuid": uuid::Uuid::new_v4().to_string(), "name_label": name, "name_description": "",
            // An ISO SR's VDI is its file (an import finds an ISO again by it).
            "location": name,
            "SR": sr, "virtual_size": size, "physical_utilisation": size, "type": "user",
            "sharable": true, "read_only": true, "is_a_snapshot": false, "snapshot_of": NULL,
            "missing": false, "managed": true, "other_config": {}, "sm_config": {}, "xenstore_data": {},
            "tags": [], "VBDs": [], "is_tools_iso": tools, "current_operations": {}, "allowed_operations": [],
        });
        db.insert(
            "VDI",
            &new_ref(),
            rec.as_object().cloned().unwrap_or_default(),
        );
    };
    if let Some((sr, _)) = library.cloned() {
        for (name, size) in ISOS {
            add(db, &sr, name, *size, false);
        }
    }
    if let Some((sr, _)) = srs.iter().find(|(_, tools)| *tools).cloned() {
        add(db, &sr, "guest-tools.iso", 104_857_600, true);
    }
}
