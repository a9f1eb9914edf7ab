//! What VM power operations do to the domain ([`super::lifecycle::vm_ops`] runs them with
//! xapi's rules), and the guest side of xenstore-data: a started VM's
//! guest sees only the `vm-data/` and `FIST/` keys of `VM.xenstore_data` (xenopsd drops the
//! rest silently), and while it runs `xenstore_data` reads back what the guest holds.

use super::rpc::Call;
use super::state::DemoState;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use xapidb::Db;
use xenapi::error::{ApiError, codes};

/// The keys xenopsd writes into the guest's xenstore.
pub fn guest_visible(data: &Map<String, Value>) -> BTreeMap<String, String> {
    data.iter()
        .filter(|(k, _)| k.starts_with("vm-data/") || k.starts_with("FIST/"))
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
        .collect()
}

/// The domain goes: `Halted`, or `Suspended` (its memory image waits on an SR, not
/// simulated).
pub(crate) fn halt(state: &DemoState, vm: &str, to: &str) {
    state.set_guest_xenstore(vm, None);
    state.write(|db| {
        db.update("VM", vm, |f| {
            f.insert("power_state".into(), to.into());
            f.insert("domid".into(), Value::from(-1));
        });
        db.set_field("VM", vm, "resident_on", "OpaqueRef:NULL".into());
        // xapi's force_state_reset (xapi_vm_lifecycle.ml) marks the VBDs and VIFs of a VM
        // that halted as detached; a suspended VM's go with its domain too.
        set_devices_attached(db, vm, false);
    });
    // Its console goes with the domain.
    super::console::after_power_op(state, vm, "clean_shutdown");
}

/// Marks the VM's VBDs and VIFs attached or not (a CD drive without a disc counts as
/// attached while the domain exists, as in xapi).
fn set_devices_attached(db: &mut Db, vm: &str, on: bool) {
    for (field, class) in [("VBDs", "VBD"), ("VIFs", "VIF")] {
        let refs: Vec<String> = db
            .field("VM", vm, field)
            .and_then(Value::as_array)
            .map(|v| {
                v.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        for r in refs {
            if db.get(class, &r).is_some() {
                db.set_field(class, &r, "currently_attached", Value::Bool(on));
            }
        }
    }
}

/// A reboot rebuilds the domain: the guest gets the DB's keys again.
pub(crate) fn rebuild(state: &DemoState, vm: &str) {
    let data = state.read(|db| {
        db.field("VM", vm, "xenstore_data")
            .and_then(Value::as_object)
            .map(guest_visible)
            .unwrap_or_default()
    });
    state.set_guest_xenstore(vm, Some(data));
    state.write(|db| db.touch("VM", vm));
    // A new domain: a new console object, as xenopsd reports it.
    super::console::after_power_op(state, vm, "clean_reboot");
}

/// The VM's host when no host is named: its affinity, else the pool master.
pub(crate) fn default_host(db: &Db, vm: &str) -> String {
    let affinity = db
        .field("VM", vm, "affinity")
        .and_then(Value::as_str)
        .filter(|h| db.get("host", h).is_some())
        .map(str::to_string);
    affinity.unwrap_or_else(|| super::lifecycle::tasks::master(db))
}

/// The `last_boot_CPU_flags` of a VM booted on `host` (xapi: its `cpu_info` vendor and
/// features).
pub(crate) fn last_boot_cpu_flags(db: &xapidb::Db, host: &str) -> Value {
    let info = db.field("host", host, "cpu_info");
    let get = |k: &str| {
        info.and_then(|i| i.get(k))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    serde_json::json!({"vendor": get("vendor"), "features": get("features")})
}

/// Builds the domain of `vm` on `host` (its affinity or the master when `None`), running or
/// paused; the guest sees the DB's vm-data/ and FIST/ keys.
pub(crate) fn boot(state: &DemoState, vm: &str, paused: bool, host: Option<&str>) {
    state.write(|db| {
        let host = host.map_or_else(|| default_host(db, vm), str::to_string);
        let domid = db
            .table("VM")
            .map(|t| {
                t.rows
                    .values()
                    .filter_map(|r| r.fields.get("domid").and_then(Value::as_i64))
                    .max()
                    .unwrap_or(0)
            })
            .unwrap_or(0)
            .saturating_add(1); // a dump may hold any domid
        let data = db
            .field("VM", vm, "xenstore_data")
            .and_then(Value::as_object)
            .map(guest_visible)
            .unwrap_or_default();
        state.set_guest_xenstore(vm, Some(data.clone()));
        db.update("VM", vm, |f| {
            f.insert(
                "power_state".into(),
                if paused { "Paused" } else { "Running" }.into(),
            );
            f.insert("domid".into(), Value::from(domid));
            // While it runs, xapi mirrors the guest's vm-data/ and FIST/ trees back.
            f.insert(
                "xenstore_data".into(),
                Value::Object(
                    data.into_iter()
                        .map(|(k, v)| (k, Value::String(v)))
                        .collect(),
                ),
            );
        });
        // xapi records the CPU the VM booted on (`last_boot_CPU_flags`: the host's vendor
        // and features); from then its boot mode is fixed.
        let flags = last_boot_cpu_flags(db, &host);
        db.set_field("VM", vm, "last_boot_CPU_flags", flags);
        db.set_field("VM", vm, "resident_on", Value::String(host));
        // xenopsd plugs the VM's disks and NICs into the new domain.
        set_devices_attached(db, vm, true);
        if let Some(m) = db
            .field("VM", vm, "metrics")
            .and_then(Value::as_str)
            .map(str::to_string)
        {
            db.set_field("VM_metrics", &m, "start_time", super::rpc::now_datetime());
            // The new domain has the VM's start-up vCPUs (xenopsd reports them back).
            let vcpus = db
                .field("VM", vm, "VCPUs_at_startup")
                .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()));
            if let Some(n) = vcpus {
                db.set_field("VM_metrics", &m, "VCPUs_number", Value::from(n));
            }
        }
    });
    super::console::after_power_op(state, vm, "start");
}

/// `VM.set_xenstore_data`: writes the database and, for a running VM, the guest's xenstore.
pub fn set_xenstore_data(call: &Call) -> Result<Value, ApiError> {
    let vm = call.str_arg(0, "self")?.to_string();
    let Some(Value::Object(map)) = call.args.get(1) else {
        return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["value"]));
    };
    if map.values().any(|v| !v.is_string()) {
        return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["value"]));
    }
    call.authorize()?;
    if map.keys().any(String::is_empty) {
        return Err(ApiError::new(codes::INTERNAL_ERROR, ["Empty key in map"]));
    }
    let state = call.state;
    let running = state
        .read(|db| {
            db.get("VM", &vm)
                .map(|row| row.fields.get("power_state").and_then(Value::as_str) == Some("Running"))
        })
        .ok_or_else(|| ApiError::new(codes::HANDLE_INVALID, ["VM", vm.as_str()]))?;
    let stored = if running {
        let data = guest_visible(map);
        state.set_guest_xenstore(&vm, Some(data.clone()));
        data.into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect()
    } else {
        map.clone()
    };
    state.write(|db| db.set_field("VM", &vm, "xenstore_data", Value::Object(stored)));
    Ok(Value::String(String::new()))
}
