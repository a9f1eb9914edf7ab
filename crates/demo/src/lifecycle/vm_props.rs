//! The VM property setters with xapi's checks, in xapi's order: the operation's power-state
//! rule first where xapi runs the call as an operation (`with_vm_operation` in
//! `message_forwarding.ml`), then the method's own checks (`xapi_vm.ml`,
//! `xapi_vm_memory_constraints.ml`, xenopsd's `VM_set_vcpus`).
//!
//! - `set_VCPUs_max` (`changing_VCPUs`: halted): `0 < value`, `VCPUs_at_startup ≤ value`.
//! - `set_VCPUs_at_startup` (no operation: any power state): `0 < value ≤ VCPUs_max`; never
//!   on dom0.
//! - `set_VCPUs_number_live` (`changing_VCPUs_live`: running, hot-plug): `0 < n ≤ VCPUs_max`
//!   (the error names `VCPUs_max`); sets `VCPUs_at_startup` and the metrics' `VCPUs_number`.
//! - `set_memory_limits`, `set_memory` (`changing_memory_limits`: halted), and
//!   `set_memory_dynamic_range` (`changing_dynamic_range`: halted or running; a running VM
//!   reserves a higher dynamic minimum on its host): `static_min ≤ dynamic_min ≤ dynamic_max
//!   ≤ static_max` (`MEMORY_CONSTRAINT_VIOLATION_ORDER`), pinned at `static_max` for nested
//!   virtualisation (`MEMORY_CONSTRAINT_VIOLATION_MAXPIN`, "nested virt").
//! - `set_order`, `set_start_delay`: non-negative; `set_ha_restart_priority`: `restart`,
//!   `best-effort` or empty, and a running VM's `ha_always_run` follows it; `set_affinity`:
//!   any host ref (xapi's generated setter checks nothing).

use super::super::rpc::{Call, method_unknown};
use super::placement::{host_free, i64_field, refresh_free, str_field};
use super::rules;
use super::tasks::Job;
use super::vm_ops::{int_arg, vm_job};
use serde_json::Value;
use std::time::Duration;
use xapidb::Db;
use xenapi::error::{ApiError, codes};

fn void() -> Result<Value, ApiError> {
    Ok(Value::String(String::new()))
}

fn invalid(what: &str, value: impl ToString) -> ApiError {
    ApiError::new(codes::INVALID_VALUE, [what.to_string(), value.to_string()])
}

/// A job with no operation of its own (xapi checks no power state): `check`, then `apply`.
fn plain_job(
    call: &Call,
    vm: &str,
    check: impl FnOnce(&Db) -> Result<(), ApiError> + Send + 'static,
    apply: impl FnOnce(&mut Db, &str) + Send + 'static,
) -> Job {
    let (v, w) = (vm.to_string(), vm.to_string());
    Job {
        label: call.method.to_string(),
        target: None,
        sr: None,
        duration: Duration::ZERO,
        cancellable: false,
        check: Box::new(move |db| {
            if db.get("VM", &v).is_none() {
                return Err(ApiError::new(codes::HANDLE_INVALID, ["VM", v.as_str()]));
            }
            check(db)
        }),
        apply: Box::new(move |state| {
            state.write(|db| {
                apply(db, &w);
                rules::refresh(db, &w);
            });
            void()
        }),
    }
}

fn is_dom0(db: &Db, vm: &str) -> bool {
    db.field("VM", vm, "is_control_domain")
        .and_then(Value::as_bool)
        == Some(true)
        && i64_field(db, "VM", vm, "domid") == 0
}

/// xapi's `assert_valid_for_current_context`: pinned at `static_max` for a control domain
/// or nested virtualisation, ordered otherwise.
fn memory_valid(db: &Db, vm: &str, [smin, smax, dmin, dmax]: [i64; 4]) -> Result<(), ApiError> {
    let nested = db
        .field("VM", vm, "platform")
        .and_then(|p| p.get("nested-virt"))
        .and_then(Value::as_str)
        .is_some_and(|v| v == "true" || v == "1");
    let control = db
        .field("VM", vm, "is_control_domain")
        .and_then(Value::as_bool)
        == Some(true);
    let pinned_reason = if control {
        Some("control domain")
    } else if nested {
        Some("nested virt")
    } else {
        None
    };
    match pinned_reason {
        Some(reason) if !(smin <= dmin && dmin == dmax && dmax == smax) => Err(ApiError::new(
            "MEMORY_CONSTRAINT_VIOLATION_MAXPIN",
            [reason],
        )),
        None if !(smin <= dmin && dmin <= dmax && dmax <= smax) => Err(ApiError::new(
            "MEMORY_CONSTRAINT_VIOLATION_ORDER",
            Vec::<String>::new(),
        )),
        _ => Ok(()),
    }
}

const LIMITS: [&str; 4] = [
    "memory_static_min",
    "memory_static_max",
    "memory_dynamic_min",
    "memory_dynamic_max",
];

fn set_limits(db: &mut Db, vm: &str, vals: [i64; 4]) {
    db.update("VM", vm, |f| {
        for (k, x) in LIMITS.iter().zip(vals) {
            f.insert(k.to_string(), Value::from(x));
        }
        f.insert("memory_target".into(), Value::from(vals[2]));
    });
}

/// The job of one of the property setters.
pub fn build(call: &Call) -> Result<Job, ApiError> {
    let msg = call.message().to_string();
    let vm = call.str_arg(0, "self")?.to_string();
    let v = vm.clone();
    match msg.as_str() {
        "set_VCPUs_max" => {
            let value = int_arg(call, 1, "value")?;
            Ok(vm_job(
                call,
                &vm.clone(),
                "changing_VCPUs",
                Duration::ZERO,
                false,
                move |db| {
                    if value < 1 || value < i64_field(db, "VM", &v, "VCPUs_at_startup") {
                        return Err(invalid(
                            "VCPU values must satisfy: 0 < VCPUs_at_startup ≤ VCPUs_max",
                            value,
                        ));
                    }
                    Ok(())
                },
                move |state| {
                    state.write(|db| db.set_field("VM", &vm, "VCPUs_max", Value::from(value)));
                    void()
                },
            ))
        }
        "set_VCPUs_at_startup" => {
            let value = int_arg(call, 1, "value")?;
            Ok(plain_job(
                call,
                &vm,
                move |db| {
                    if is_dom0(db, &v) {
                        return Err(ApiError::new(
                            "OPERATION_NOT_ALLOWED",
                            ["set_VCPUs_at_startup is not allowed on dom0"],
                        ));
                    }
                    if value < 1 || value > i64_field(db, "VM", &v, "VCPUs_max") {
                        return Err(invalid(
                            "VCPU values must satisfy: 0 < VCPUs_at_startup ≤ VCPUs_max",
                            value,
                        ));
                    }
                    Ok(())
                },
                move |db, vm| {
                    db.set_field("VM", vm, "VCPUs_at_startup", Value::from(value));
                },
            ))
        }
        "set_VCPUs_number_live" => {
            let n = int_arg(call, 1, "nvcpu")?;
            Ok(vm_job(
                call,
                &vm.clone(),
                "changing_VCPUs_live",
                Duration::from_millis(300),
                false,
                move |db| {
                    let max = i64_field(db, "VM", &v, "VCPUs_max");
                    if n <= 0 || n > max {
                        return Err(invalid(
                            "VCPU values must satisfy: 0 < VCPUs ≤ VCPUs_max",
                            max,
                        ));
                    }
                    Ok(())
                },
                move |state| {
                    state.write(|db| {
                        db.set_field("VM", &vm, "VCPUs_at_startup", Value::from(n));
                        let metrics = str_field(db, "VM", &vm, "metrics");
                        if db.get("VM_metrics", &metrics).is_some() {
                            db.set_field("VM_metrics", &metrics, "VCPUs_number", Value::from(n));
                        }
                    });
                    void()
                },
            ))
        }
        "set_memory_limits" | "set_memory" => {
            let given = if msg == "set_memory" {
                let x = int_arg(call, 1, "value")?;
                [None, Some(x), Some(x), Some(x)]
            } else {
                [
                    Some(int_arg(call, 1, "static_min")?),
                    Some(int_arg(call, 2, "static_max")?),
                    Some(int_arg(call, 3, "dynamic_min")?),
                    Some(int_arg(call, 4, "dynamic_max")?),
                ]
            };
            // set_memory keeps static_min as it is.
            let resolve = move |db: &Db, vm: &str| {
                let mut out = [0; 4];
                for (i, g) in given.iter().enumerate() {
                    out[i] = g.unwrap_or_else(|| i64_field(db, "VM", vm, LIMITS[i]));
                }
                out
            };
            Ok(vm_job(
                call,
                &vm.clone(),
                "changing_memory_limits",
                Duration::ZERO,
                false,
                move |db| memory_valid(db, &v, resolve(db, &v)),
                move |state| {
                    state.write(|db| {
                        let vals = resolve(db, &vm);
                        set_limits(db, &vm, vals);
                    });
                    void()
                },
            ))
        }
        "set_memory_dynamic_range" => {
            let min = int_arg(call, 1, "min")?;
            let max = int_arg(call, 2, "max")?;
            Ok(vm_job(
                call,
                &vm.clone(),
                "changing_dynamic_range",
                Duration::ZERO,
                false,
                move |db| {
                    let running = str_field(db, "VM", &v, "power_state") == "Running";
                    if running {
                        // message_forwarding's reserve_memory_for_dynamic_change (KiB).
                        let host = str_field(db, "VM", &v, "resident_on");
                        let available = host_free(db, &host, None);
                        let change = i64_field(db, "VM", &v, "memory_dynamic_min") - min;
                        if available + change < 0 {
                            return Err(ApiError::new(
                                "HOST_NOT_ENOUGH_FREE_MEMORY",
                                [(-change / 1024).to_string(), (available / 1024).to_string()],
                            ));
                        }
                    }
                    let smin = i64_field(db, "VM", &v, "memory_static_min");
                    let smax = i64_field(db, "VM", &v, "memory_static_max");
                    memory_valid(db, &v, [smin, smax, min, max])
                },
                move |state| {
                    state.write(|db| {
                        let smin = i64_field(db, "VM", &vm, "memory_static_min");
                        let smax = i64_field(db, "VM", &vm, "memory_static_max");
                        set_limits(db, &vm, [smin, smax, min, max]);
                        let host = str_field(db, "VM", &vm, "resident_on");
                        if db.get("host", &host).is_some() {
                            refresh_free(db, &host);
                        }
                    });
                    void()
                },
            ))
        }
        "set_order" | "set_start_delay" => {
            let value = int_arg(call, 1, "value")?;
            let field = if msg == "set_order" {
                "order"
            } else {
                "start_delay"
            };
            Ok(plain_job(
                call,
                &vm,
                move |_| {
                    if value < 0 {
                        return Err(invalid(&format!("{field} must be non-negative"), value));
                    }
                    Ok(())
                },
                move |db, vm| {
                    db.set_field("VM", vm, field, Value::from(value));
                },
            ))
        }
        "set_ha_restart_priority" => {
            let value = call.str_arg(1, "value")?.to_string();
            let check_value = value.clone();
            let target = vm.clone();
            Ok(plain_job(
                call,
                &vm,
                move |db| {
                    if !["restart", "best-effort", ""].contains(&check_value.as_str()) {
                        return Err(invalid("ha_restart_priority", check_value));
                    }
                    // With HA on, a VM newly protected while not halted must fit the plan.
                    super::ha::check_new_protection(db, &target, &check_value)
                },
                move |db, vm| {
                    let running = str_field(db, "VM", vm, "power_state") == "Running";
                    db.set_field("VM", vm, "ha_restart_priority", Value::from(value.clone()));
                    // A running VM is protected (or not) at once.
                    if running {
                        db.set_field("VM", vm, "ha_always_run", Value::Bool(value == "restart"));
                    }
                },
            ))
        }
        "set_affinity" => {
            let host = call.str_arg(1, "value")?.to_string();
            Ok(plain_job(
                call,
                &vm,
                |_| Ok(()),
                move |db, vm| {
                    db.set_field("VM", vm, "affinity", Value::String(host));
                },
            ))
        }
        _ => Err(method_unknown(call.method)),
    }
}

/// xapi's check at start (`Vm_platform.sanity_check`, HVM and PVH guests):
/// `platform:cores-per-socket` must be a number dividing `VCPUs_max`.
pub fn topology_error(db: &Db, vm: &str) -> Option<ApiError> {
    let hvm = !str_field(db, "VM", vm, "HVM_boot_policy").is_empty();
    let cps = db
        .field("VM", vm, "platform")
        .and_then(|p| p.get("cores-per-socket"))
        .and_then(Value::as_str)?
        .to_string();
    if !hvm {
        return None;
    }
    let vcpus = i64_field(db, "VM", vm, "VCPUs_max");
    match cps.parse::<i64>() {
        Ok(c) if c >= 1 && vcpus % c == 0 => None,
        Ok(_) => Some(ApiError::new(
            "VCPU_MAX_NOT_CORES_PER_SOCKET_MULTIPLE",
            [vcpus.to_string(), cps],
        )),
        Err(_) => Some(invalid("platform:cores-per-socket", cps)),
    }
}
