//! VM and host consoles, as xapi publishes and tunnels them.
//!
//! - **Objects** (this file): a `console` (protocol `rfb`, `location`, `VM`) for every
//!   control domain, always (`create_misc.ml`: `https://<host.address>/console?ref=<console
//!   ref>`), and for every guest while its domain exists (`xapi_xenops.ml` creates it when
//!   xenopsd reports the domain's consoles, `…/console?uuid=<console uuid>`, and destroys it
//!   when they go). A reboot builds a new domain, so the guest gets a new console (a new
//!   uuid): a client sees its console superseded and reconnects, as XenCenter does. The
//!   demo's locations carry the scheme and port it serves, so they are reachable.
//! - [`tunnel`]: `CONNECT /console?…` with xapi's checks and answers, then raw RFB.
//! - [`screen`] and [`rfb`]: the simulated guest screen behind the tunnel (an RFB server).
//!
//! Runtime state lives in [`Consoles`] (in [`DemoState`]): which host answers on which
//! address, each running VM's boot (for the screen and for ending tunnels when the domain
//! goes), and who is connected to what (for `limit_console_sessions`).

pub mod font;
pub mod guest_info;
pub mod keys;
pub mod pictures;
pub mod rfb;
pub mod screen;
pub mod session;
pub mod tunnel;

use super::addresses::HostAddresses;
use super::state::DemoState;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Instant;
use xapidb::Db;

/// A guest's screen, shared by its viewers.
pub type SharedGuest = Arc<Mutex<screen::Guest>>;

/// One boot of a VM's domain (a console belongs to one).
#[derive(Debug, Clone, Copy)]
pub struct Boot {
    /// Changes with every start, reboot or halt of the VM; a tunnel ends when it does.
    pub epoch: u64,
    /// How many times the demo has booted this VM (picks the screen's resolution).
    pub count: u32,
    /// When the domain started; `None` for VMs already running when the server started
    /// (booted long ago: their screens show the login prompt at once).
    pub since: Option<Instant>,
}

/// The consoles' runtime state.
#[derive(Default)]
pub struct Consoles {
    addresses: RwLock<HostAddresses>,
    boots: Mutex<HashMap<String, Boot>>,
    next_epoch: std::sync::atomic::AtomicU64,
    /// Bumped whenever a boot changes, so tunnels re-check theirs.
    changed: tokio::sync::watch::Sender<u64>,
    /// VM ref → (connection id, user name) of the viewers connected now.
    viewers: Mutex<HashMap<String, Vec<(u64, String)>>>,
    next_viewer: std::sync::atomic::AtomicU64,
    /// VM ref → its guest's screen, for the boot (epoch) it belongs to.
    guests: Mutex<HashMap<String, (u64, SharedGuest)>>,
    /// Session ref → tunnels open now.
    tunnels: Mutex<HashMap<String, usize>>,
}

/// Tunnels one session may hold open at once: a console per VM tab, and then some.
pub const MAX_TUNNELS_PER_SESSION: usize = 16;
/// How long a tunnel waits for the viewer's side of the RFB handshake when the pool sets no
/// idle timeout: a tunnel opened and left must still end.
pub const HANDSHAKE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

impl Consoles {
    pub fn addresses(&self) -> HostAddresses {
        self.addresses
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Moves `host` to `ip` (see [`HostAddresses::move_host`]).
    pub fn move_host(&self, host: &str, ip: std::net::IpAddr) {
        self.addresses
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .move_host(host, ip);
    }

    /// The hosts answering on `ip` (see [`HostAddresses::hosts_at`]).
    pub fn hosts_at(&self, ip: std::net::IpAddr) -> Vec<String> {
        self.addresses
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .hosts_at(ip)
            .to_vec()
    }

    /// The VM's current boot (a running VM the server never booted counts as booted long ago).
    pub fn boot(&self, vm: &str) -> Boot {
        let mut boots = self.boots.lock().unwrap_or_else(|e| e.into_inner());
        *boots.entry(vm.to_string()).or_insert(Boot {
            epoch: 0,
            count: 0,
            since: None,
        })
    }

    fn new_boot(&self, vm: &str, running: bool) {
        let epoch = 1 + self
            .next_epoch
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        {
            let mut boots = self.boots.lock().unwrap_or_else(|e| e.into_inner());
            let count = boots.get(vm).map_or(0, |b| b.count) + u32::from(running);
            boots.insert(
                vm.to_string(),
                Boot {
                    epoch,
                    count,
                    since: running.then(Instant::now),
                },
            );
        }
        self.changed.send_modify(|g| *g += 1);
    }

    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changed.subscribe()
    }

    /// Registers a viewer of `vm`; with `limit`, refuses when someone is already connected
    /// and names who (xapi's `Connection_limit.try_add`).
    pub fn add_viewer(&self, vm: &str, user: &str, limit: bool) -> Result<u64, Vec<String>> {
        let mut v = self.viewers.lock().unwrap_or_else(|e| e.into_inner());
        let list = v.entry(vm.to_string()).or_default();
        if limit && !list.is_empty() {
            return Err(list.iter().map(|(_, u)| u.clone()).collect());
        }
        let id = self
            .next_viewer
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        list.push((id, user.to_string()));
        Ok(id)
    }

    pub fn drop_viewer(&self, vm: &str, id: u64) {
        let mut v = self.viewers.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(list) = v.get_mut(vm) {
            list.retain(|(i, _)| *i != id);
            if list.is_empty() {
                v.remove(vm);
            }
        }
    }

    /// Counts a tunnel of `session`; `false` when it holds [`MAX_TUNNELS_PER_SESSION`].
    pub fn open_tunnel(&self, session: &str) -> bool {
        let mut t = self.tunnels.lock().unwrap_or_else(|e| e.into_inner());
        let n = t.entry(session.to_string()).or_default();
        if *n >= MAX_TUNNELS_PER_SESSION {
            return false;
        }
        *n += 1;
        true
    }

    pub fn close_tunnel(&self, session: &str) {
        let mut t = self.tunnels.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = t.get_mut(session) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                t.remove(session);
            }
        }
    }

    /// Tunnels open now, over every session.
    pub fn tunnel_count(&self) -> usize {
        let t = self.tunnels.lock().unwrap_or_else(|e| e.into_inner());
        t.values().sum()
    }

    /// How many viewers are connected to `vm` now.
    pub fn viewer_count(&self, vm: &str) -> usize {
        let v = self.viewers.lock().unwrap_or_else(|e| e.into_inner());
        v.get(vm).map_or(0, Vec::len)
    }
}

/// The screen of `vm`'s current boot, shared by its viewers (made on first use).
pub fn guest(state: &DemoState, vm: &str) -> Option<SharedGuest> {
    let boot = state.consoles.boot(vm);
    let mut guests = state
        .consoles
        .guests
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some((epoch, g)) = guests.get(vm)
        && *epoch == boot.epoch
    {
        return Some(g.clone());
    }
    let info = state.read(|db| screen::GuestInfo::of(db, vm))?;
    let g = Arc::new(Mutex::new(screen::Guest::new(info, boot)));
    guests.insert(vm.to_string(), (boot.epoch, g.clone()));
    Some(g)
}

/// The guest typed `reboot`: what `VM.clean_reboot` does.
pub fn reboot_from_guest(state: &DemoState, vm: &str) {
    let data = state.read(|db| {
        db.field("VM", vm, "xenstore_data")
            .and_then(Value::as_object)
            .map(super::power::guest_visible)
            .unwrap_or_default()
    });
    state.set_guest_xenstore(vm, Some(data));
    state.write(|db| db.touch("VM", vm));
    after_power_op(state, vm, "clean_reboot");
}

/// The host went away: tunnels to its control domain's console end, as its network goes.
pub fn end_host_tunnels(state: &DemoState, control_domain: &str) {
    state.consoles.new_boot(control_domain, true);
}

fn s<'a>(f: &'a Map<String, Value>, k: &str) -> &'a str {
    f.get(k).and_then(Value::as_str).unwrap_or_default()
}

fn b(f: &Map<String, Value>, k: &str) -> bool {
    f.get(k).and_then(Value::as_bool).unwrap_or(false)
}

/// Whether the VM's domain exists, so that xenopsd reports consoles for it.
fn has_domain(f: &Map<String, Value>) -> bool {
    !b(f, "is_a_template")
        && !b(f, "is_a_snapshot")
        && matches!(s(f, "power_state"), "Running" | "Paused")
}

/// The host a console's location names: where its VM runs.
fn console_host(db: &Db, vm: &str) -> Option<String> {
    let r = db.field("VM", vm, "resident_on")?.as_str()?;
    db.get("host", r).map(|_| r.to_string())
}

/// `scheme://address:port/console?…` for a console of `vm`: `?ref=` for a control domain
/// (create_misc.ml), `?uuid=` for a guest (xapi_xenops.ml).
fn location(db: &Db, addrs: &HostAddresses, vm: &str, console_ref: &str, uuid: &str) -> String {
    let base = console_host(db, vm)
        .and_then(|h| addrs.base_url(&h))
        .unwrap_or_else(|| format!("{}://127.0.0.1:{}", addrs.scheme, addrs.port));
    if db
        .field("VM", vm, "is_control_domain")
        .and_then(Value::as_bool)
        .unwrap_or(false)
    {
        format!("{base}/console?ref={console_ref}")
    } else {
        format!("{base}/console?uuid={uuid}")
    }
}

fn create_console(db: &mut Db, addrs: &HostAddresses, vm: &str) {
    let uuid = uuid::Uuid::new_v4().to_string();
    let r = format!("OpaqueRef:{}", uuid::Uuid::new_v4());
    let domid = db
        .field("VM", vm, "domid")
        .and_then(Value::as_i64)
        .unwrap_or(0);
    let fields = json!({
        "uuid": uuid,
        "protocol": "rfb",
        "location": location(db, addrs, vm, &r, &uuid),
        "VM": vm,
        "other_config": {},
        // The VNC port in the control domain, as xenopsd reports it.
        "port": 5900 + domid.max(0),
    });
    db.insert(
        "console",
        &r,
        fields.as_object().cloned().unwrap_or_default(),
    );
}

fn consoles_of(db: &Db, vm: &str) -> Vec<String> {
    db.table("console")
        .map(|t| {
            t.rows
                .iter()
                .filter(|(_, row)| s(&row.fields, "VM") == vm)
                .map(|(r, _)| r.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// Gives every host its address (rewriting `host.address`), gives every control domain and
/// every guest with a domain an `rfb` console, and points every console's location at its
/// VM's host, with the scheme and port served. Called when the server starts listening.
pub fn attach(state: &DemoState, addrs: HostAddresses) {
    *state
        .consoles
        .addresses
        .write()
        .unwrap_or_else(|e| e.into_inner()) = addrs.clone();
    state.write(|db| {
        db.ensure_table("console");
        let hosts: Vec<String> = db
            .table("host")
            .map(|t| t.rows.keys().cloned().collect())
            .unwrap_or_default();
        for h in hosts {
            if let Some(ip) = addrs.address_of(&h) {
                db.set_field("host", &h, "address", Value::String(ip.to_string()));
            }
        }
        let vms: Vec<(String, bool, bool)> = db
            .table("VM")
            .map(|t| {
                t.rows
                    .iter()
                    .map(|(r, row)| {
                        let f = &row.fields;
                        (r.clone(), b(f, "is_control_domain"), has_domain(f))
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (vm, control, domain) in vms {
            let existing = consoles_of(db, &vm);
            let has_rfb = existing
                .iter()
                .any(|c| db.field("console", c, "protocol").and_then(Value::as_str) == Some("rfb"));
            if (control || domain) && !has_rfb {
                create_console(db, &addrs, &vm);
            }
            // Consoles a dump brought: keep them and what their location names (older
            // xapis put the control domain's VM ref in `?ref=`), reachable here.
            for c in existing {
                let uuid = db
                    .field("console", &c, "uuid")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let fresh = location(db, &addrs, &vm, &c, &uuid);
                let old = db.field("console", &c, "location").and_then(Value::as_str);
                let loc = match (old.and_then(|o| o.split_once('?')), fresh.split_once('?')) {
                    (Some((_, query)), Some((base, _))) if !query.is_empty() => {
                        format!("{base}?{query}")
                    }
                    _ => fresh.clone(),
                };
                db.set_field("console", &c, "location", Value::String(loc));
            }
        }
        // VM.consoles for every VM, `[]` included (the table may be new).
        db.rebuild_relations();
    });
}

/// After a power operation on `vm` succeeded (`msg` is the VM method): the domain's consoles
/// follow it, as xapi's `update_vm` follows xenopsd's reports, and the VM's boot changes
/// (open tunnels to the old domain end, as the old QEMU goes).
pub fn after_power_op(state: &DemoState, vm: &str, msg: &str) {
    let addrs = state.consoles.addresses();
    let running = state.write(|db| {
        let domain = db.get("VM", vm).is_some_and(|r| has_domain(&r.fields));
        let reboot = matches!(msg, "clean_reboot" | "hard_reboot");
        for c in consoles_of(db, vm) {
            if !domain || reboot {
                db.delete("console", &c);
            }
        }
        if domain && (reboot || consoles_of(db, vm).is_empty()) {
            create_console(db, &addrs, vm);
        }
        domain
    });
    state.consoles.new_boot(vm, running);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DemoConfig;
    use crate::addresses::{hosts_in_order, plan};

    fn attached() -> DemoState {
        let state = DemoState::new(crate::demo_pool(), DemoConfig::new("pw"));
        let hosts = state.read(hosts_in_order);
        let ips = plan([127, 0, 0, 1].into(), hosts.len());
        attach(&state, HostAddresses::assign("http", 4242, &hosts, &ips));
        state
    }

    #[test]
    fn every_control_domain_and_running_guest_has_an_rfb_console_on_its_host() {
        let state = attached();
        state.read(|db| {
            for (vm, row) in &db.table("VM").unwrap().rows {
                let f = &row.fields;
                let consoles = f["consoles"].as_array().cloned().unwrap_or_default();
                if !(b(f, "is_control_domain") || has_domain(f)) {
                    assert!(consoles.is_empty(), "{vm} has no domain");
                    continue;
                }
                assert_eq!(consoles.len(), 1, "{vm}");
                let c = consoles[0].as_str().unwrap();
                let cf = &db.get("console", c).unwrap().fields;
                assert_eq!(s(cf, "protocol"), "rfb");
                let host = s(f, "resident_on");
                let addr = s(&db.get("host", host).unwrap().fields, "address");
                let loc = s(cf, "location");
                let want = if b(f, "is_control_domain") {
                    format!("http://{addr}:4242/console?ref={c}")
                } else {
                    format!("http://{addr}:4242/console?uuid={}", s(cf, "uuid"))
                };
                assert_eq!(loc, want);
                assert!(addr.starts_with("127.0.0."), "{addr}");
            }
        });
    }

    #[test]
    fn halting_removes_the_console_and_a_reboot_replaces_it() {
        let state = attached();
        let vm = state.read(|db| {
            db.table("VM")
                .unwrap()
                .rows
                .iter()
                .find(|(_, r)| !b(&r.fields, "is_control_domain") && has_domain(&r.fields))
                .map(|(r, _)| r.clone())
                .unwrap()
        });
        let before = state.read(|db| consoles_of(db, &vm));
        let epoch = state.consoles.boot(&vm).epoch;
        after_power_op(&state, &vm, "clean_reboot");
        let after = state.read(|db| consoles_of(db, &vm));
        assert_eq!(after.len(), 1);
        assert_ne!(before, after, "a new domain, a new console");
        assert_ne!(state.consoles.boot(&vm).epoch, epoch);
        assert_eq!(state.consoles.boot(&vm).count, 1);
        state.write(|db| db.set_field("VM", &vm, "power_state", "Halted".into()));
        after_power_op(&state, &vm, "clean_shutdown");
        assert!(state.read(|db| consoles_of(db, &vm)).is_empty());
        assert!(state.read(|db| db.get("console", &after[0]).is_none()));
    }
}
