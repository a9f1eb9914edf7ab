//! The `message` class (alerts): records kept in the database's `message` table, so they
//! reach `event.from` as xapi sends them (class `message`, `add` with the record, `del`
//! without), and the alerts xapi raises itself (`ocaml/xapi-consts/api_messages.ml` for
//! names and priorities, `message_forwarding.ml` for the bodies).
//!
//! Calls: `get_since(since)` (messages newer than a datetime), `create`, `destroy`,
//! `destroy_many`; `get_all_records`, `get_record`, `get_by_uuid` and `get_all` are the
//! generic ones. The built-in and generated pools start with alerts from the last days.

use super::super::rpc::{Call, format_datetime};
use super::tasks::now;
use serde_json::{Map, Value, json};
use std::time::{Duration, SystemTime};
use xapidb::Db;
use xenapi::error::{ApiError, codes};

/// xapi's names and priorities (1 most urgent … 5 informational) of the alerts it raises.
pub mod names {
    pub const VM_STARTED: (&str, i64) = ("VM_STARTED", 5);
    pub const VM_SHUTDOWN: (&str, i64) = ("VM_SHUTDOWN", 5);
    pub const VM_REBOOTED: (&str, i64) = ("VM_REBOOTED", 5);
    pub const VM_SUSPENDED: (&str, i64) = ("VM_SUSPENDED", 5);
    pub const VM_RESUMED: (&str, i64) = ("VM_RESUMED", 5);
    pub const VM_PAUSED: (&str, i64) = ("VM_PAUSED", 5);
    pub const VM_UNPAUSED: (&str, i64) = ("VM_UNPAUSED", 5);
    pub const VM_CRASHED: (&str, i64) = ("VM_CRASHED", 2);
    pub const VM_SNAPSHOTTED: (&str, i64) = ("VM_SNAPSHOTTED", 5);
    pub const VM_CHECKPOINTED: (&str, i64) = ("VM_CHECKPOINTED", 5);
    pub const VM_SNAPSHOT_REVERTED: (&str, i64) = ("VM_SNAPSHOT_REVERTED", 5);
    pub const VM_CLONED: (&str, i64) = ("VM_CLONED", 5);
    pub const VM_MIGRATED: (&str, i64) = ("VM_MIGRATED", 5);
    pub const ALARM: (&str, i64) = ("ALARM", 3);
    pub const HA_HOST_FAILED: (&str, i64) = ("HA_HOST_FAILED", 3);
    pub const HA_POOL_OVERCOMMITTED: (&str, i64) = ("HA_POOL_OVERCOMMITTED", 3);
    pub const LICENSE_EXPIRES_SOON: (&str, i64) = ("LICENSE_EXPIRES_SOON", 2);
    pub const HOST_CLOCK_SKEW_DETECTED: (&str, i64) = ("HOST_CLOCK_SKEW_DETECTED", 3);
    pub const PBD_PLUG_FAILED_ON_SERVER_START: (&str, i64) = ("PBD_PLUG_FAILED_ON_SERVER_START", 3);
    pub const MULTIPATH_PERIODIC_ALERT: (&str, i64) = ("MULTIPATH_PERIODIC_ALERT", 3);
    pub const HOST_SERVER_CERTIFICATE_EXPIRING_30: (&str, i64) =
        ("HOST_SERVER_CERTIFICATE_EXPIRING_30", 3);
}

/// The `cls` values xapi accepts, with the table each names.
const CLASSES: &[(&str, &str)] = &[
    ("VM", "VM"),
    ("Host", "host"),
    ("SR", "SR"),
    ("Pool", "pool"),
    ("VMPP", "VMPP"),
    ("VMSS", "VMSS"),
    ("PVS_proxy", "PVS_proxy"),
    ("VDI", "VDI"),
    ("Certificate", "Certificate"),
];

fn new_ref() -> String {
    format!("OpaqueRef:{}", uuid::Uuid::new_v4())
}

/// Adds a message; returns its ref.
pub fn add(
    db: &mut Db,
    (name, priority): (&str, i64),
    cls: &str,
    obj_uuid: &str,
    body: &str,
    timestamp: String,
) -> String {
    let r = new_ref();
    let fields = json!({
        "uuid": uuid::Uuid::new_v4().to_string(),
        "name": name,
        "priority": priority,
        "cls": cls,
        "obj_uuid": obj_uuid,
        "timestamp": timestamp,
        "body": body,
    });
    db.insert(
        "message",
        &r,
        fields.as_object().cloned().unwrap_or_default(),
    );
    r
}

/// Raises `msg` about a VM now, with the body built by `body(name_label, uuid)`.
pub fn raise_vm(db: &mut Db, vm: &str, msg: (&str, i64), body: impl FnOnce(&str, &str) -> String) {
    let s = |f: &str| {
        db.field("VM", vm, f)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (name, uuid) = (s("name_label"), s("uuid"));
    if uuid.is_empty() {
        return;
    }
    let body = body(&name, &uuid);
    add(db, msg, "VM", &uuid, &body, now());
}

/// `message.get_since(since)`.
pub fn get_since(call: &Call) -> Result<Value, ApiError> {
    let since = call.str_arg(0, "since")?.to_string();
    // xapi datetimes compare as text when both are in its canonical format.
    Ok(call.state.read(|db| {
        Value::Object(
            db.table("message")
                .map(|t| {
                    t.rows
                        .iter()
                        .filter(|(_, row)| {
                            row.fields
                                .get("timestamp")
                                .and_then(Value::as_str)
                                .is_some_and(|ts| ts > since.as_str())
                        })
                        .map(|(r, row)| (r.clone(), Value::Object(row.fields.clone())))
                        .collect::<Map<_, _>>()
                })
                .unwrap_or_default(),
        )
    }))
}

/// `message.create(name, priority, cls, obj_uuid, body)`.
pub fn create(call: &Call) -> Result<Value, ApiError> {
    let name = call.str_arg(0, "name")?.to_string();
    let priority = match call.args.get(1) {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
    .ok_or_else(|| ApiError::new(codes::FIELD_TYPE_ERROR, ["priority"]))?;
    let cls = call.str_arg(2, "cls")?.to_string();
    let obj_uuid = call.str_arg(3, "obj_uuid")?.to_string();
    let body = call.str_arg(4, "body")?.to_string();
    let Some((_, table)) = CLASSES.iter().find(|(c, _)| *c == cls) else {
        return Err(ApiError::new(codes::INVALID_VALUE, ["cls", cls.as_str()]));
    };
    call.authorize()?;
    call.state.write(|db| {
        if db.by_uuid(table, &obj_uuid).is_none() {
            return Err(ApiError::new(
                codes::UUID_INVALID,
                [cls.as_str(), obj_uuid.as_str()],
            ));
        }
        Ok(Value::String(add(
            db,
            (&name, priority),
            &cls,
            &obj_uuid,
            &body,
            now(),
        )))
    })
}

fn destroy_refs(call: &Call, refs: &[String]) -> Result<Value, ApiError> {
    call.authorize()?;
    call.state.write(|db| {
        // Each in turn, as xapi's destroy_many: the first unknown ref stops the rest.
        for r in refs {
            if !db.delete("message", r) {
                return Err(ApiError::new(
                    codes::HANDLE_INVALID,
                    ["message", r.as_str()],
                ));
            }
        }
        Ok(Value::String(String::new()))
    })
}

/// `message.destroy(self)`.
pub fn destroy(call: &Call) -> Result<Value, ApiError> {
    let r = call.str_arg(0, "self")?.to_string();
    destroy_refs(call, &[r])
}

/// `message.destroy_many(messages)`.
pub fn destroy_many(call: &Call) -> Result<Value, ApiError> {
    let Some(Value::Array(items)) = call.args.first() else {
        return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["messages"]));
    };
    let refs: Vec<String> = items
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect::<Option<_>>()
        .ok_or_else(|| ApiError::new(codes::FIELD_TYPE_ERROR, ["messages"]))?;
    destroy_refs(call, &refs)
}

fn ago(hours: f64) -> String {
    format_datetime(
        SystemTime::now()
            .checked_sub(Duration::from_secs_f64(hours * 3600.0))
            .unwrap_or(SystemTime::UNIX_EPOCH),
    )
}

fn uuids(
    db: &Db,
    table: &str,
    keep: impl Fn(&Map<String, Value>) -> bool,
) -> Vec<(String, String)> {
    db.table(table)
        .map(|t| {
            t.rows
                .values()
                .filter(|r| keep(&r.fields))
                .filter_map(|r| {
                    let s = |k: &str| r.fields.get(k).and_then(Value::as_str).map(str::to_string);
                    Some((s("uuid")?, s("name_label").unwrap_or_default()))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn is_guest(f: &Map<String, Value>) -> bool {
    let b = |k: &str| f.get(k).and_then(Value::as_bool).unwrap_or(false);
    !(b("is_a_template") || b("is_a_snapshot") || b("is_control_domain"))
}

/// A perfmon alarm's body, as xapi's perfmon writes it (XenCenter reads the variable's name
/// and trigger level from the XML).
fn alarm_body(value: f64, variable: &str, level: f64) -> String {
    format!(
        "value: {value:.6}\nconfig:\n<variable>\n\n\t<name value=\"{variable}\"/>\n\n\t<alarm_trigger_level value=\"{level}\"/>\n\n</variable>\n"
    )
}

/// One seeded alert: `i` picks the kind, `objects` the subject; spread over the last week.
fn seeded(
    db: &mut Db,
    i: usize,
    hours: f64,
    vms: &[(String, String)],
    hosts: &[(String, String)],
    srs: &[(String, String)],
    pool: &Option<(String, String)>,
) {
    use names::*;
    let vm = (!vms.is_empty()).then(|| &vms[i % vms.len().max(1)]);
    let host = (!hosts.is_empty()).then(|| &hosts[i % hosts.len().max(1)]);
    let at = ago(hours);
    match (i % 12, vm, host) {
        (0, Some((u, n)), _) => {
            add(
                db,
                ALARM,
                "VM",
                u,
                &alarm_body(0.9671, "cpu_usage", 0.9),
                at,
            );
            let _ = n;
        }
        (1, Some((u, n)), Some((hu, hn))) => {
            let body = format!("VM '{n}' (uuid: {u}) started on host: {hn} (uuid: {hu})");
            add(db, VM_STARTED, "VM", u, &body, at);
        }
        (2, Some((u, n)), _) => {
            add(
                db,
                VM_SHUTDOWN,
                "VM",
                u,
                &format!("VM '{n}' (uuid: {u}) shutdown"),
                at,
            );
        }
        (3, _, Some((hu, _))) => {
            add(
                db,
                ALARM,
                "Host",
                hu,
                // perfmon's memory_free_kib is in KiB: 64 MiB free, the alarm at 100 MiB.
                &alarm_body(65536.0, "memory_free_kib", 102400.0),
                at,
            );
        }
        (4, Some((u, n)), _) => {
            let body = format!("VM '{n}' (uuid: {u}) crashed and was restarted");
            add(db, VM_CRASHED, "VM", u, &body, at);
        }
        (5, _, Some((hu, hn))) => {
            let body = format!("The license of host {hn} expires in 14 days");
            add(db, LICENSE_EXPIRES_SOON, "Host", hu, &body, at);
        }
        (6, _, Some((hu, hn))) => {
            let body = format!("The clock of host {hn} is 4.2 s ahead of the pool coordinator");
            add(db, HOST_CLOCK_SKEW_DETECTED, "Host", hu, &body, at);
        }
        (7, Some((u, n)), _) => {
            let body = format!("VM '{n}' (uuid: {u}) snapshotted, snapshot name: {n} nightly");
            add(db, VM_SNAPSHOTTED, "VM", u, &body, at);
        }
        (8, _, Some((hu, hn))) if !srs.is_empty() => {
            let (su, sn) = &srs[i % srs.len()];
            let body = format!("Host {hn} could not attach SR '{sn}' ({su}) at start-up");
            add(db, PBD_PLUG_FAILED_ON_SERVER_START, "Host", hu, &body, at);
        }
        (9, _, _) if pool.is_some() => {
            let (pu, _) = pool
                .as_ref()
                .map(|(u, n)| (u.clone(), n.clone()))
                .unwrap_or_default();
            let body =
                "The pool has more VMs protected by HA than its hosts can restart after a failure";
            add(db, HA_POOL_OVERCOMMITTED, "Pool", &pu, body, at);
        }
        (10, _, Some((hu, hn))) => {
            let body = format!("The TLS certificate of host {hn} expires in 30 days");
            add(
                db,
                HOST_SERVER_CERTIFICATE_EXPIRING_30,
                "Host",
                hu,
                &body,
                at,
            );
        }
        (_, _, Some((hu, hn))) => {
            let body = format!("Host {hn}: 1 of 4 paths to the storage are down");
            add(db, MULTIPATH_PERIODIC_ALERT, "Host", hu, &body, at);
        }
        _ => {}
    }
}

/// Adds `count` alerts from the last week to `db`, spread over its VMs, hosts, SRs and pool
/// (the built-in pool takes a dozen; generated pools as many as asked).
pub fn seed(db: &mut Db, count: usize) {
    db.ensure_table("message");
    let vms = uuids(db, "VM", is_guest);
    let hosts = uuids(db, "host", |_| true);
    let srs = uuids(db, "SR", |_| true);
    let pool = uuids(db, "pool", |_| true).into_iter().next();
    for i in 0..count {
        // Newest first, the oldest about a week back.
        let hours = 0.5 + (i as f64) * (168.0 / count.max(1) as f64);
        seeded(db, i, hours, &vms, &hosts, &srs, &pool);
    }
}
