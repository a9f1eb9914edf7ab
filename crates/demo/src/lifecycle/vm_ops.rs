//! The VM methods as [`Job`]s: arguments read (errors at once, as xapi's unmarshalling
//! gives them), then xapi's rules ([`rules::operation_error`]) and each method's own checks
//! (hosts, memory, SRs) in `check`, the change in `apply`, and the alert xapi raises.
//!
//! Durations are believable at normal speed: a start about a second, a clone 1.5 s, a full
//! copy or a migration several seconds. [`crate::DemoConfig::task_speed`] scales them.

use super::super::power;
use super::super::rpc::{Call, method_unknown};
use super::super::state::DemoState;
use super::messages::{self, names};
use super::placement::{can_boot_here, placement, refresh_free, str_field};
use super::tasks::Job;
use super::{copies, firmware, rules, suspend};
use serde_json::Value;
use std::time::Duration;
use xapidb::Db;
use xenapi::error::{ApiError, codes};

/// An int64 argument: a JSON number, or the decimal string XML-RPC carries.
pub fn int_arg(call: &Call, i: usize, name: &str) -> Result<i64, ApiError> {
    match call.args.get(i) {
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| ApiError::new(codes::FIELD_TYPE_ERROR, [name]))
}

pub fn bool_arg(call: &Call, i: usize, name: &str) -> Result<bool, ApiError> {
    match call.args.get(i) {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) if s == "true" || s == "1" => Some(true),
        Some(Value::String(s)) if s == "false" || s == "0" => Some(false),
        _ => None,
    }
    .ok_or_else(|| ApiError::new(codes::FIELD_TYPE_ERROR, [name]))
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A job on `vm` for `op` with xapi's rules, then `extra`.
pub(super) fn vm_job(
    call: &Call,
    vm: &str,
    op: &str,
    duration: Duration,
    cancellable: bool,
    extra: impl FnOnce(&Db) -> Result<(), ApiError> + Send + 'static,
    apply: impl FnOnce(&DemoState) -> Result<Value, ApiError> + Send + 'static,
) -> Job {
    let (v, o) = (vm.to_string(), op.to_string());
    Job {
        label: call.method.to_string(),
        target: Some((vm.to_string(), op.to_string())),
        sr: None,
        duration,
        cancellable,
        check: Box::new(move |db| match rules::operation_error(db, &v, &o, false) {
            Some(e) => Err(e),
            None => extra(db),
        }),
        apply: Box::new(apply),
    }
}

fn void() -> Result<Value, ApiError> {
    Ok(Value::String(String::new()))
}

fn started_body(db: &Db, vm_name: &str, vm_uuid: &str, host: &str) -> String {
    format!(
        "VM '{vm_name}' (uuid: {vm_uuid}) started on host: {} (uuid: {})",
        str_field(db, "host", host, "name_label"),
        str_field(db, "host", host, "uuid")
    )
}

fn boot_job(call: &Call, vm: String, host: Option<String>, paused: bool, op: &'static str) -> Job {
    let (v, h, target) = (vm.clone(), host.clone(), vm.clone());
    vm_job(
        call,
        &target,
        op,
        ms(if op.starts_with("resume") { 1500 } else { 1000 }),
        // xapi_xenops.ml: start is cancellable, resume `~cancellable:false`.
        !op.starts_with("resume"),
        move |db| {
            if op.starts_with("resume") {
                suspend::check_resume(db, &v)?;
            }
            placement(db, &v, h.as_deref())?;
            firmware::check_boot(db, &v)?;
            // xapi_xenops builds the domain after choosing the host: the topology check.
            match super::vm_props::topology_error(db, &v) {
                Some(e) => Err(e),
                None => Ok(()),
            }
        },
        move |state| {
            let host = state.read(|db| placement(db, &vm, host.as_deref()))?;
            state.write(|db| firmware::on_boot(db, &vm));
            power::boot(state, &vm, paused, Some(&host));
            state.write(|db| {
                // The memory image is read, then destroyed (Xapi_xenops.resume).
                suspend::discard(db, &vm);
                copies::guest_agent(db, &vm);
                refresh_free(db, &host);
            });
            let resumed = op.starts_with("resume");
            state.write(|db| {
                let msg = if resumed {
                    names::VM_RESUMED
                } else {
                    names::VM_STARTED
                };
                let body = |n: &str, u: &str| {
                    if resumed {
                        format!("VM '{n}' (uuid: {u}) resumed")
                    } else {
                        started_body(db, n, u, &host)
                    }
                };
                let body = {
                    let (n, u) = (
                        str_field(db, "VM", &vm, "name_label"),
                        str_field(db, "VM", &vm, "uuid"),
                    );
                    body(&n, &u)
                };
                messages::raise_vm(db, &vm, msg, |_, _| body);
            });
            void()
        },
    )
}

/// `VM.assert_can_boot_here(self, host)`: nothing, or why `self` cannot boot on `host`.
pub fn assert_can_boot_here(call: &Call) -> Result<Value, ApiError> {
    let vm = call.str_arg(0, "self")?;
    let host = call.str_arg(1, "host")?;
    call.authorize()?;
    call.state
        .read(|db| can_boot_here(db, vm, host))
        .map(|()| Value::String(String::new()))
}

/// The job of `VM.<msg>`, its arguments read (their count was checked by the dispatch).
pub fn build(call: &Call) -> Result<Job, ApiError> {
    let msg = call.message();
    let vm = || call.str_arg(0, "vm").map(str::to_string);
    match msg {
        "start" | "resume" => {
            let paused = bool_arg(call, 1, "start_paused")?;
            bool_arg(call, 2, "force")?;
            Ok(boot_job(
                call,
                vm()?,
                None,
                paused,
                if msg == "start" { "start" } else { "resume" },
            ))
        }
        "start_on" | "resume_on" => {
            let host = call.str_arg(1, "host")?.to_string();
            let paused = bool_arg(call, 2, "start_paused")?;
            bool_arg(call, 3, "force")?;
            let op = if msg == "start_on" {
                "start_on"
            } else {
                "resume_on"
            };
            Ok(boot_job(call, vm()?, Some(host), paused, op))
        }
        "clean_shutdown" | "hard_shutdown" | "suspend" => {
            let vm = vm()?;
            let v = vm.clone();
            let msg = msg.to_string();
            let duration = match msg.as_str() {
                "clean_shutdown" => 1500,
                "suspend" => 2500,
                _ => 300,
            };
            // xenopsd's shutdown is cancellable; suspend is `~cancellable:false`.
            let cancellable = msg != "suspend";
            let (v2, suspending) = (vm.clone(), msg == "suspend");
            Ok(vm_job(
                call,
                &vm,
                &msg.clone(),
                ms(duration),
                cancellable,
                move |db| {
                    if suspending {
                        suspend::choose_sr(db, &v2)?;
                    }
                    Ok(())
                },
                move |state| {
                    let suspend = msg == "suspend";
                    let from = state.read(|db| str_field(db, "VM", &v, "resident_on"));
                    state.write(|db| {
                        if suspend {
                            let sr = suspend::choose_sr(db, &v)?;
                            suspend::write(db, &v, &sr);
                        } else if str_field(db, "VM", &v, "power_state") == "Suspended" {
                            // A hard shutdown of a suspended VM destroys its image (Xapi_vm).
                            suspend::discard(db, &v);
                        }
                        Ok::<_, ApiError>(())
                    })?;
                    power::halt(state, &v, if suspend { "Suspended" } else { "Halted" });
                    state.write(|db| refresh_free(db, &from));
                    state.write(|db| {
                        let (m, how) = match msg.as_str() {
                            "suspend" => (names::VM_SUSPENDED, "suspended"),
                            "hard_shutdown" => (names::VM_SHUTDOWN, "shutdown forcibly"),
                            _ => (names::VM_SHUTDOWN, "shutdown"),
                        };
                        messages::raise_vm(db, &v, m, |n, u| format!("VM '{n}' (uuid: {u}) {how}"));
                    });
                    void()
                },
            ))
        }
        "clean_reboot" | "hard_reboot" => {
            let vm = vm()?;
            let v = vm.clone();
            let how = if msg == "clean_reboot" {
                "rebooted cleanly"
            } else {
                "rebooted forcibly"
            };
            Ok(vm_job(
                call,
                &vm,
                msg,
                ms(2000),
                // xenopsd's reboot is cancellable.
                true,
                |_| Ok(()),
                move |state| {
                    power::rebuild(state, &v);
                    state.write(|db| {
                        messages::raise_vm(db, &v, names::VM_REBOOTED, |n, u| {
                            format!("VM '{n}' (uuid: {u}) {how}")
                        })
                    });
                    void()
                },
            ))
        }
        "pause" | "unpause" => {
            let vm = vm()?;
            let v = vm.clone();
            let pause = msg == "pause";
            Ok(vm_job(
                call,
                &vm,
                msg,
                ms(200),
                // Through `sync_with_task`: cancellable.
                true,
                |_| Ok(()),
                move |state| {
                    state.write(|db| {
                        db.set_field(
                            "VM",
                            &v,
                            "power_state",
                            if pause { "Paused" } else { "Running" }.into(),
                        );
                        let (m, how) = if pause {
                            (names::VM_PAUSED, "paused")
                        } else {
                            (names::VM_UNPAUSED, "unpaused")
                        };
                        messages::raise_vm(db, &v, m, |n, u| format!("VM '{n}' (uuid: {u}) {how}"));
                    });
                    void()
                },
            ))
        }
        "snapshot" | "checkpoint" => {
            // snapshot takes an optional ignore_vdis set in newer xapi.
            if call.args.get(2).is_some_and(|v| !v.is_array()) {
                return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["ignore_vdis"]));
            }
            let vm = vm()?;
            let name = call.str_arg(1, "new_name")?.to_string();
            let memory = msg == "checkpoint";
            let v = vm.clone();
            let duration = if memory { 3000 } else { 1500 };
            Ok(vm_job(
                call,
                &vm,
                msg,
                ms(duration),
                true,
                |_| Ok(()),
                move |state| {
                    let snap = state.write(|db| copies::snapshot(db, &v, &name, memory))?;
                    // Each snapshot disk reads as its disk did when taken.
                    let pairs = state.read(|db| copies::snapshot_disks(db, &snap));
                    for (disk, copy) in pairs {
                        state.disks.copy(&disk, &copy);
                    }
                    state.write(|db| {
                        let (m, how) = if memory {
                            (names::VM_CHECKPOINTED, "checkpointed")
                        } else {
                            (names::VM_SNAPSHOTTED, "snapshotted")
                        };
                        messages::raise_vm(db, &v, m, |n, u| {
                            format!("VM '{n}' (uuid: {u}) {how}, snapshot name: {name}")
                        });
                    });
                    Ok(Value::String(snap))
                },
            ))
        }
        "revert" => {
            let snap = call.str_arg(0, "snapshot")?.to_string();
            let s = snap.clone();
            Ok(vm_job(
                call,
                &snap,
                "revert",
                ms(1500),
                false,
                |_| Ok(()),
                move |state| {
                    let vm = state.read(|db| str_field(db, "VM", &s, "snapshot_of"));
                    if state.read(|db| db.get("VM", &vm).is_none()) {
                        return Err(ApiError::new(codes::HANDLE_INVALID, ["VM", vm.as_str()]));
                    }
                    let power = state.read(|db| str_field(db, "VM", &vm, "power_state"));
                    if power != "Halted" && power != "Suspended" {
                        let from = state.read(|db| str_field(db, "VM", &vm, "resident_on"));
                        power::halt(state, &vm, "Halted");
                        state.write(|db| refresh_free(db, &from));
                    }
                    state.write(|db| {
                        copies::revert(db, &s, &vm);
                        let snap_name = str_field(db, "VM", &s, "name_label");
                        messages::raise_vm(db, &vm, names::VM_SNAPSHOT_REVERTED, |n, u| {
                            format!("VM '{n}' (uuid: {u}) reverted to snapshot '{snap_name}'")
                        });
                        rules::refresh(db, &vm);
                    });
                    void()
                },
            ))
        }
        "clone" | "copy" => {
            let vm = vm()?;
            let name = call.str_arg(1, "new_name")?.to_string();
            let sr = if msg == "copy" {
                let sr = call.str_arg(2, "sr")?;
                (!sr.is_empty() && sr != "OpaqueRef:NULL").then(|| sr.to_string())
            } else {
                None
            };
            let full = msg == "copy";
            let (v, s) = (vm.clone(), sr.clone());
            let duration = if full { 6000 } else { 1500 };
            let check = move |db: &Db| match &s {
                Some(sr) => copies::check_space(db, &v, sr),
                None => Ok(()),
            };
            let v = vm.clone();
            Ok(vm_job(
                call,
                &vm,
                msg,
                ms(duration),
                true,
                check,
                move |state| {
                    let new =
                        state.write(|db| copies::clone(db, &v, &name, full, sr.as_deref()))?;
                    if !full {
                        state.write(|db| {
                            messages::raise_vm(db, &v, names::VM_CLONED, |n, u| {
                                format!("VM '{n}' (uuid: {u}) cloned, new VM name: {name}")
                            })
                        });
                    }
                    Ok(Value::String(new))
                },
            ))
        }
        "destroy" => {
            let vm = call.str_arg(0, "self")?.to_string();
            let v = vm.clone();
            Ok(vm_job(
                call,
                &vm,
                "destroy",
                ms(500),
                false,
                |_| Ok(()),
                move |state| {
                    state.set_guest_xenstore(&v, None);
                    state.write(|db| copies::destroy(db, &v));
                    void()
                },
            ))
        }
        "pool_migrate" => {
            let vm = vm()?;
            let host = call.str_arg(1, "host")?.to_string();
            if !call.args[2].is_object() {
                return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["options"]));
            }
            let (v, h) = (vm.clone(), host.clone());
            // Message_forwarding's pool_migrate asserts the VM can boot on the target.
            let check = move |db: &Db| can_boot_here(db, &v, &h);
            let v = vm.clone();
            Ok(vm_job(
                call,
                &vm,
                "pool_migrate",
                ms(5000),
                true,
                check,
                move |state| {
                    state.write(|db| {
                        let from = str_field(db, "VM", &v, "resident_on");
                        db.set_field("VM", &v, "resident_on", Value::String(host.clone()));
                        copies::move_consoles(db, &v, &from, &host);
                        refresh_free(db, &from);
                        refresh_free(db, &host);
                        let (hn, hu) = (
                            str_field(db, "host", &host, "name_label"),
                            str_field(db, "host", &host, "uuid"),
                        );
                        messages::raise_vm(db, &v, names::VM_MIGRATED, |n, u| {
                            format!("VM '{n}' (uuid: {u}) migrated to host: {hn} (uuid: {hu})")
                        });
                    });
                    void()
                },
            ))
        }
        "provision" => {
            let vm = vm()?;
            let v = vm.clone();
            Ok(vm_job(
                call,
                &vm,
                "provision",
                ms(2000),
                false,
                |_| Ok(()),
                move |state| {
                    state.write(|db| copies::provision(db, &v))?;
                    void()
                },
            ))
        }
        "set_VCPUs_max" | "set_VCPUs_at_startup" | "set_memory_limits" => {
            super::vm_props::build(call)
        }
        "set_is_a_template" | "set_PV_args" | "set_HVM_boot_policy" => {
            let vm = call.str_arg(0, "self")?.to_string();
            let (field, value) = match msg {
                "set_is_a_template" => ("is_a_template", Value::Bool(bool_arg(call, 1, "value")?)),
                "set_PV_args" => (
                    "PV_args",
                    Value::String(call.str_arg(1, "value")?.to_string()),
                ),
                _ => (
                    "HVM_boot_policy",
                    Value::String(call.str_arg(1, "value")?.to_string()),
                ),
            };
            let v = vm.clone();
            let to_template = field == "is_a_template" && value == Value::Bool(true);
            let check = move |db: &Db| {
                if db.get("VM", &v).is_none() {
                    return Err(ApiError::new(codes::HANDLE_INVALID, ["VM", v.as_str()]));
                }
                match to_template
                    .then(|| rules::operation_error(db, &v, "make_into_template", false))
                {
                    Some(Some(e)) => Err(e),
                    _ => Ok(()),
                }
            };
            let v = vm.clone();
            Ok(Job {
                label: call.method.to_string(),
                target: Some((vm, String::new())).filter(|_| false),
                sr: None,
                duration: Duration::ZERO,
                cancellable: false,
                check: Box::new(check),
                apply: Box::new(move |state| {
                    state.write(|db| {
                        db.set_field("VM", &v, field, value);
                        rules::refresh(db, &v);
                    });
                    void()
                }),
            })
        }
        _ => Err(method_unknown(call.method)),
    }
}
