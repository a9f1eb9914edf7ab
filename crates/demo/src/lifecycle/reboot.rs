//! Hosts going away and coming back: `host.reboot`, `host.shutdown`, `host.power_on` and
//! `host.restart_agent` (`xapi_host.ml`, `message_forwarding.ml`), and what a client sees
//! of them.
//!
//! - A reboot or shutdown needs the host disabled (HOST_NOT_DISABLED otherwise); the call
//!   returns, then the host goes: its resident VMs are shut down (xapi's
//!   `prepare_for_poweroff` shuts them down), `host_metrics.live` turns false, its address
//!   stops answering (the listener closes: connections refused, open ones dropped, its
//!   consoles and `/rrd_updates` gone). Until then it holds a `shutdown` entry in
//!   `current_operations` (a task "Host is rebooting"), and cannot be re-enabled
//!   (HOST_DISABLED_UNTIL_REBOOT).
//! - A rebooted host comes back after [`crate::DemoConfig::host_boot_time`] with a new
//!   `other_config:boot_time` and `agent_start_time`, enabled again unless it was disabled
//!   with `auto_enable = false` (xapi's `consider_enabling_host`). A shut-down host waits for
//!   `host.power_on` (only where `power_on_mode` is set).
//! - The coordinator going away takes the API with it: its address refuses connections,
//!   sessions end, and the members answer logins with HOST_IS_SLAVE naming it and other
//!   calls with HTTP 503 until it is back ([`answering_at`]).

use super::super::listeners::Listeners;
use super::super::power;
use super::super::rpc::Call;
use super::super::state::{DemoState, coordinator};
use super::hosts::{self, check_live, existing_host, is_enabled, unix_now};
use super::messages::{self, names};
use super::placement::{refresh_free, str_field};
use super::{rules, tasks};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use xapidb::Db;
use xenapi::error::ApiError;

/// What the demo knows of each host beyond its record.
#[derive(Debug, Default, Clone, Copy)]
struct Flags {
    /// Not answering: rebooting, shut down, or restarting its toolstack.
    down: bool,
    /// Disabled with `auto_enable = false` (xapi's local database `host_auto_enable`).
    no_auto_enable: bool,
    /// Told to reboot or shut down (xapi's `host_disabled_until_reboot`).
    disabled_until_reboot: bool,
}

/// Hosts that are down or going away, and each address's listener.
#[derive(Default)]
pub struct HostRuntime {
    pub listeners: Listeners,
    flags: Mutex<HashMap<String, Flags>>,
}

impl HostRuntime {
    fn with<T>(&self, host: &str, f: impl FnOnce(&mut Flags) -> T) -> T {
        let mut m = self.flags.lock().unwrap_or_else(|e| e.into_inner());
        f(m.entry(host.to_string()).or_default())
    }

    fn get(&self, host: &str) -> Flags {
        self.with(host, |f| *f)
    }

    pub fn set_auto_enable(&self, host: &str, on: bool) {
        self.with(host, |f| f.no_auto_enable = !on);
    }

    pub fn disabled_until_reboot(&self, host: &str) -> bool {
        self.get(host).disabled_until_reboot
    }

    /// Whether the host is away now (its address does not answer).
    pub fn is_down(&self, host: &str) -> bool {
        self.get(host).down
    }
}

/// Who answers calls on an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answering {
    /// The coordinator: the whole API.
    Coordinator,
    /// A member: logins get HOST_IS_SLAVE naming the coordinator's address; other calls
    /// are served (xapi forwards them) while the coordinator is up.
    Member {
        coordinator_address: String,
        coordinator_up: bool,
    },
    /// The coordinator is away (where it shares its address with others): nothing answers.
    Nobody,
}

/// Who answers on `ip` now (the coordinator where the server gives hosts no addresses).
pub fn answering_at(state: &DemoState, ip: Option<IpAddr>) -> Answering {
    let Some(master) = state.read(coordinator) else {
        return Answering::Coordinator;
    };
    let up = !state.hosts.is_down(&master);
    let here = ip.map(|ip| state.consoles.hosts_at(ip)).unwrap_or_default();
    if here.is_empty() || here.contains(&master) {
        return if up {
            Answering::Coordinator
        } else {
            Answering::Nobody
        };
    }
    Answering::Member {
        coordinator_address: state.read(|db| str_field(db, "host", &master, "address")),
        coordinator_up: up,
    }
}

fn void() -> Result<Value, ApiError> {
    Ok(Value::String(String::new()))
}

/// A fraction of the configured boot time (how long a toolstack restart takes, or the
/// pause before a host goes).
fn boot_time(state: &DemoState, fraction: f64) -> Duration {
    state.config.host_boot_time.mul_f64(fraction)
}

/// `host.reboot(host)`.
pub fn reboot(call: &Call) -> Result<Value, ApiError> {
    power_off(call, true)
}

/// `host.shutdown(host)`.
pub fn shutdown(call: &Call) -> Result<Value, ApiError> {
    power_off(call, false)
}

fn power_off(call: &Call, reboot: bool) -> Result<Value, ApiError> {
    call.str_arg(0, "host")?;
    call.authorize()?;
    let host = existing_host(call, 0, "host")?;
    let op = if reboot { "reboot" } else { "shutdown" };
    let label = if reboot {
        "Host is rebooting"
    } else {
        "Host is shutting down"
    };
    let task = format!("OpaqueRef:{}", uuid::Uuid::new_v4());
    call.state.write(|db| {
        if let Some(e) = hosts::operation_error(db, &host, op) {
            return Err(e);
        }
        check_live(db, &host)?;
        // shutdown_and_reboot_common's precheck.
        if is_enabled(db, &host) {
            return Err(ApiError::new("HOST_NOT_DISABLED", [] as [&str; 0]));
        }
        // The task that masks other operations until the host is back (both kinds are
        // marked `shutdown`, as xapi marks them).
        db.insert("task", &task, tasks::record(label, label, &host, false));
        db.update("host", &host, |f| {
            if let Some(Value::Object(m)) = f.get_mut("current_operations") {
                m.insert(task.clone(), "shutdown".into());
            }
        });
        hosts::refresh(db, &host);
        Ok(())
    })?;
    call.state
        .hosts
        .with(&host, |f| f.disabled_until_reboot = true);
    let state = call.state.clone();
    tokio::spawn(async move {
        tokio::time::sleep(boot_time(&state, 0.05)).await;
        go_down(&state, &host);
        if reboot {
            tokio::time::sleep(boot_time(&state, 1.0)).await;
            come_back(&state, &host, true).await;
        }
    });
    void()
}

/// The host goes: its VMs are shut down, it is no longer live, its address stops
/// answering; the coordinator's sessions end with it.
fn go_down(state: &Arc<DemoState>, host: &str) {
    let vms: Vec<String> = state.read(|db| resident_guests(db, host));
    for vm in &vms {
        power::halt(state, vm, "Halted");
        state.write(|db| {
            messages::raise_vm(db, vm, names::VM_SHUTDOWN, |n, u| {
                format!("VM '{n}' (uuid: {u}) shutdown")
            });
            rules::refresh(db, vm);
        });
    }
    state.hosts.with(host, |f| f.down = true);
    let dom0 = state.write(|db| {
        let m = str_field(db, "host", host, "metrics");
        if db.get("host_metrics", &m).is_some() {
            db.set_field("host_metrics", &m, "live", Value::Bool(false));
        }
        refresh_free(db, host);
        hosts::refresh(db, host);
        str_field(db, "host", host, "control_domain")
    });
    leave(state, host);
    if !dom0.is_empty() {
        super::super::console::end_host_tunnels(state, &dom0);
    }
}

/// The host's address stops answering (where it is its own), and the coordinator's
/// sessions end.
fn leave(state: &DemoState, host: &str) {
    if let Some(ip) = own_address(state, host) {
        state.hosts.listeners.close(ip);
    }
    if state.read(coordinator).as_deref() == Some(host) {
        state.drop_all_sessions();
    }
}

/// The address `host` answers on, where no other host shares it.
fn own_address(state: &DemoState, host: &str) -> Option<IpAddr> {
    let ip = state.consoles.addresses().address_of(host)?;
    (state.consoles.hosts_at(ip).len() == 1).then_some(ip)
}

/// The guests (not the control domain) running or paused on `host`.
pub fn resident_guests(db: &Db, host: &str) -> Vec<String> {
    db.table("VM")
        .map(|t| {
            t.rows
                .iter()
                .filter(|(_, r)| {
                    r.fields.get("resident_on").and_then(Value::as_str) == Some(host)
                        && r.fields.get("is_control_domain").and_then(Value::as_bool) != Some(true)
                })
                .map(|(r, _)| r.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// The host answers again (after a boot, `booted`, or a toolstack restart): its address is
/// served, it is live, its operations are cleared and it is enabled unless told otherwise.
async fn come_back(state: &Arc<DemoState>, host: &str, booted: bool) {
    if state.read(|db| db.get("host", host).is_none()) {
        return; // ejected meanwhile
    }
    if let Some(ip) = own_address(state, host) {
        // The port may take a moment to be free again.
        for _ in 0..20 {
            match state.hosts.listeners.open(ip).await {
                Ok(()) => break,
                Err(e) => {
                    tracing::debug!(%ip, error = %e, "cannot serve the host's address yet");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }
    let flags = state.hosts.with(host, |f| {
        f.down = false;
        if booted {
            f.disabled_until_reboot = false;
        }
        *f
    });
    let now = unix_now();
    state.write(|db| {
        let m = str_field(db, "host", host, "metrics");
        if db.get("host_metrics", &m).is_some() {
            db.update("host_metrics", &m, |f| {
                f.insert("live".into(), Value::Bool(true));
                f.insert("last_updated".into(), super::super::rpc::now_datetime());
            });
        }
        let held: Vec<String> = hosts::current_operations(db, "host", host)
            .into_iter()
            .map(|(t, _)| t)
            .collect();
        for t in held {
            db.delete("task", &t);
        }
        db.update("host", host, |f| {
            f.insert("current_operations".into(), json!({}));
            if let Some(Value::Object(oc)) = f.get_mut("other_config") {
                if booted {
                    oc.insert("boot_time".into(), Value::String(format!("{now:.0}.")));
                }
                oc.insert(
                    "agent_start_time".into(),
                    Value::String(format!("{now:.0}.")),
                );
            }
            if !flags.no_auto_enable && !flags.disabled_until_reboot {
                f.insert("enabled".into(), Value::Bool(true));
            }
        });
        refresh_free(db, host);
        hosts::refresh(db, host);
    });
}

/// `host.power_on(host)`: a host that is down and has a `power_on_mode` boots.
pub fn power_on(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "host")?;
    call.authorize()?;
    let host = existing_host(call, 0, "host")?;
    call.state
        .read(|db| match hosts::operation_error(db, &host, "power_on") {
            Some(e) => Err(e),
            None => Ok(()),
        })?;
    let state = call.state.clone();
    tokio::spawn(async move {
        tokio::time::sleep(boot_time(&state, 1.0)).await;
        if state.hosts.is_down(&host) {
            come_back(&state, &host, true).await;
        }
    });
    void()
}

/// `host.restart_agent(host)`: the toolstack restarts a moment after the call returns; the
/// host's address is away for a third of a boot, and its sessions end if it coordinates.
pub fn restart_agent(call: &Call) -> Result<Value, ApiError> {
    call.str_arg(0, "host")?;
    call.authorize()?;
    let host = existing_host(call, 0, "host")?;
    call.state.read(|db| check_live(db, &host))?;
    let state = call.state.clone();
    tokio::spawn(async move {
        tokio::time::sleep(boot_time(&state, 0.05)).await;
        restart_toolstack(&state, &[host], |_| {}).await;
    });
    void()
}

/// The toolstacks of `hosts` restart together (a toolstack restart, or both ends of a
/// change of coordinator): away for a third of a boot, then back. `meanwhile` runs once
/// they are away (a new coordinator is written then, so no client reaches it before).
pub async fn restart_toolstack(
    state: &Arc<DemoState>,
    hosts: &[String],
    meanwhile: impl FnOnce(&DemoState),
) {
    for h in hosts {
        state.hosts.with(h, |f| f.down = true);
        leave(state, h);
    }
    meanwhile(state);
    tokio::time::sleep(boot_time(state, 1.0 / 3.0)).await;
    for h in hosts {
        come_back(state, h, false).await;
    }
}
