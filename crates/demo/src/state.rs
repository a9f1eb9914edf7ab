//! The demo server's shared state: the database, sessions and users, and the simulated guest
//! side of running VMs.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::Duration;
use xapidb::Db;

/// Who may log in, and how the server behaves.
#[derive(Clone)]
pub struct DemoConfig {
    /// The password of `root` (full rights).
    pub root_password: String,
    /// A user with the read-only role: every write is refused with RBAC_PERMISSION_DENIED.
    pub read_only_user: Option<(String, String)>,
    /// A user with the VM operator role: VM power operations and VM consoles, nothing else.
    pub vm_operator_user: Option<(String, String)>,
    /// A user with the VM admin role: what a VM operator may, and VM transfers (export,
    /// import); the demo's other pool-admin calls stay refused to it.
    pub vm_admin_user: Option<(String, String)>,
    /// xapi answers a wrong password only after 5 s, to slow down guessing.
    pub auth_failure_delay: Duration,
    /// Answer every login with HOST_IS_SLAVE naming this master address.
    pub redirect_to: Option<String>,
    /// Behave like an old host without JSON-RPC (`/jsonrpc` goes to the XML-RPC handler).
    pub xmlrpc_only: bool,
    /// Write `/rrd_updates` JSON as xapi-rrd 1.10.0 until xapi v24.11.0 did: the rows
    /// inside `meta`.
    pub rrd_json_data_in_meta: bool,
    /// Serve HTTPS with this certificate (`--tls`).
    pub tls: Option<super::TlsIdentity>,
    /// Request sizes, timeouts and login attempts.
    pub limits: super::limits::ServerLimits,
    /// How fast `Async.*` tasks run: 1.0 takes believable times (a full copy several
    /// seconds); tests use more.
    pub task_speed: f64,
    /// How long a rebooting host stays away (and a powered-on one takes to boot); a
    /// toolstack restart or a change of coordinator takes a third of it.
    pub host_boot_time: Duration,
}

impl std::fmt::Debug for DemoConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DemoConfig")
            .field(
                "read_only_user",
                &self.read_only_user.as_ref().map(|(u, _)| u),
            )
            .field("auth_failure_delay", &self.auth_failure_delay)
            .field("redirect_to", &self.redirect_to)
            .field("tls", &self.tls)
            .field("limits", &self.limits)
            .field("task_speed", &self.task_speed)
            .field("host_boot_time", &self.host_boot_time)
            .finish_non_exhaustive()
    }
}

impl DemoConfig {
    pub fn new(root_password: impl Into<String>) -> Self {
        DemoConfig {
            root_password: root_password.into(),
            read_only_user: None,
            vm_operator_user: None,
            vm_admin_user: None,
            auth_failure_delay: Duration::from_secs(5),
            redirect_to: None,
            xmlrpc_only: false,
            rrd_json_data_in_meta: false,
            tls: None,
            limits: super::limits::ServerLimits::default(),
            task_speed: 1.0,
            host_boot_time: Duration::from_secs(5),
        }
    }
}

/// A random password for the demo server's root user.
pub fn generate_password() -> String {
    use rand::Rng;
    const CHARS: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..16)
        .map(|_| CHARS[rng.random_range(0..CHARS.len())] as char)
        .collect()
}

#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub user: String,
    pub read_only: bool,
    pub originator: String,
    /// The session's role: decides what it may do beyond reading.
    pub role: Role,
}

/// The RBAC roles the demo knows (xapi has six; these four are the ones that differ in
/// what the demo serves).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// root: everything, host consoles included.
    PoolAdmin,
    /// VM admin: a VM operator's rights and VM transfers (`_R_VM_ADMIN` of xapi's
    /// `http_actions`: `get_export`, `put_import`, the raw-disk ones).
    VmAdmin,
    /// VM operator: VM power operations and VM consoles, not host consoles nor pool edits.
    VmOperator,
    /// Read only: reads, events and performance data.
    ReadOnly,
}

impl Role {
    /// Whether this role may call what `needed` may.
    pub fn covers(self, needed: Role) -> bool {
        match self {
            Role::PoolAdmin => true,
            Role::VmAdmin => needed != Role::PoolAdmin,
            Role::VmOperator => !matches!(needed, Role::PoolAdmin | Role::VmAdmin),
            Role::ReadOnly => needed == Role::ReadOnly,
        }
    }
}

/// The pool's coordinator (`pool.master`).
pub fn coordinator(db: &Db) -> Option<String> {
    db.table("pool")
        .and_then(|t| t.rows.values().next())
        .and_then(|p| p.fields.get("master"))
        .and_then(|m| m.as_str())
        .map(str::to_string)
}

pub struct DemoState {
    db: RwLock<Db>,
    changed: tokio::sync::watch::Sender<u64>,
    pub(crate) sessions: Mutex<HashMap<String, SessionInfo>>,
    pub config: DemoConfig,
    /// What each running VM's guest sees under /local/domain/<domid>/ (vm-data/, FIST/).
    guest_xenstore: Mutex<HashMap<String, BTreeMap<String, String>>>,
    /// Requests served on each route, so tests can tell which protocol a client chose.
    json_calls: AtomicU64,
    xml_calls: AtomicU64,
    /// Shutting down: new requests are refused and blocked event.from calls end, so a
    /// client cannot keep the old server alive (graceful shutdown waits for every request).
    stopping: std::sync::atomic::AtomicBool,
    /// Large requests being read or decoded ([`super::limits::ServerLimits::large_slots`]).
    pub(crate) large_requests: tokio::sync::Semaphore,
    /// Password checks per source address.
    pub(crate) logins: super::limits::LoginLimiter,
    /// Who made each task, and the cancel flags of running ones.
    pub(crate) tasks: super::lifecycle::Tasks,
    /// Hosts' addresses, VM boots and console viewers.
    pub consoles: super::console::Consoles,
    /// What imports wrote to disks ([`super::transfer`]).
    pub disks: super::transfer::DiskStore,
    /// The simulated shares of ISO files (tests may replace them).
    pub iso_shares: super::lifecycle::iso_shares::IsoShares,
    /// The hosts' local disks and the Fibre Channel LUNs (tests may replace them).
    pub block_devices: super::lifecycle::block_devices::BlockDevices,
    /// Hosts that are down or going away, and each address's listener.
    pub hosts: super::lifecycle::reboot::HostRuntime,
    /// When the simulated rrdd last ran (one loop for every host).
    pub rrd_clock: super::rrdd::RrdClock,
    /// A change another xapi thread makes between `event.from` collecting its events and
    /// serialising them; kept until it returns true (tests reproduce CA-91931 with it).
    pub event_race: Mutex<Option<EventRace>>,
}

/// See [`DemoState::event_race`].
pub type EventRace = Box<dyn FnMut(&mut Db) -> bool + Send>;

impl DemoState {
    pub fn new(mut db: Db, config: DemoConfig) -> DemoState {
        super::lifecycle::rules::refresh_all(&mut db);
        super::lifecycle::hosts::refresh_all(&mut db);
        super::lifecycle::sr_ops::refresh_all(&mut db);
        let (changed, _) = tokio::sync::watch::channel(db.generation());
        let limits = &config.limits;
        let large_requests = tokio::sync::Semaphore::new(limits.large_slots);
        let logins = super::limits::LoginLimiter::new(limits.login_burst, limits.login_refill);
        DemoState {
            large_requests,
            logins,
            tasks: Default::default(),
            db: RwLock::new(db),
            changed,
            sessions: Mutex::new(HashMap::new()),
            stopping: std::sync::atomic::AtomicBool::new(false),
            config,
            guest_xenstore: Mutex::new(HashMap::new()),
            json_calls: AtomicU64::new(0),
            xml_calls: AtomicU64::new(0),
            consoles: super::console::Consoles::default(),
            disks: super::transfer::DiskStore::default(),
            iso_shares: Default::default(),
            block_devices: Default::default(),
            hosts: Default::default(),
            rrd_clock: Default::default(),
            event_race: Mutex::new(None),
        }
    }

    /// Runs the [`DemoState::event_race`] change, if one is set, as its own write.
    pub(crate) fn run_event_race(&self) {
        let mut slot = self.event_race.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(race) = slot.as_mut()
            && self.write(|db| race(db))
        {
            *slot = None;
        }
    }

    /// Reads the database. Never hold the guard across an await.
    pub fn read<T>(&self, f: impl FnOnce(&Db) -> T) -> T {
        let db = self.db.read().unwrap_or_else(|e| e.into_inner());
        f(&db)
    }

    /// Changes the database and wakes `event.from` waiters.
    pub fn write<T>(&self, f: impl FnOnce(&mut Db) -> T) -> T {
        let (out, generation) = {
            let mut db = self.db.write().unwrap_or_else(|e| e.into_inner());
            let before = db.generation();
            let out = f(&mut db);
            // xapi updates an SR's allowed operations wherever its PBDs, disks or
            // operations change; only those rows feed them, so a write touching none of
            // them (a VM's other_config) skips the recompute over every SR.
            if db.generation() != before
                && db.touched_since(before, super::lifecycle::sr_ops::INPUT_CLASSES)
            {
                super::lifecycle::sr_ops::refresh_all(&mut db);
            }
            (out, db.generation())
        };
        self.changed.send_replace(generation);
        out
    }

    /// Wakes every `event.from` waiter (after a logout, so blocked calls see SESSION_INVALID).
    pub fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    /// Marks the server as shutting down (or, with `false`, serving again) and wakes every
    /// blocked call; sessions end, as xapi keeps none across a restart.
    pub fn set_stopping(&self, stopping: bool) {
        self.stopping.store(stopping, Ordering::SeqCst);
        if let Ok(mut s) = self.sessions.lock() {
            s.clear();
        }
        self.wake_all();
    }

    pub fn wake_all(&self) {
        let g = *self.changed.borrow();
        self.changed.send_replace(g);
    }

    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changed.subscribe()
    }

    pub fn session(&self, r: &str) -> Option<SessionInfo> {
        self.sessions.lock().ok()?.get(r).cloned()
    }

    /// Ends every session, as a toolstack restart does.
    pub fn drop_all_sessions(&self) {
        if let Ok(mut s) = self.sessions.lock() {
            s.clear();
        }
        self.wake_all();
    }

    pub(crate) fn count_call(&self, json: bool) {
        let c = if json {
            &self.json_calls
        } else {
            &self.xml_calls
        };
        c.fetch_add(1, Ordering::Relaxed);
    }

    /// Requests received on `/jsonrpc` and on the XML-RPC paths, in that order.
    pub fn calls_by_protocol(&self) -> (u64, u64) {
        (
            self.json_calls.load(Ordering::Relaxed),
            self.xml_calls.load(Ordering::Relaxed),
        )
    }

    /// Large requests being read or served now (for tests).
    pub fn large_requests_in_flight(&self) -> usize {
        self.config.limits.large_slots - self.large_requests.available_permits()
    }

    pub fn session_count(&self) -> usize {
        self.sessions.lock().map(|s| s.len()).unwrap_or(0)
    }

    /// What the guest of `vm` sees in its xenstore (empty when it is not running).
    pub fn guest_xenstore(&self, vm: &str) -> BTreeMap<String, String> {
        self.guest_xenstore
            .lock()
            .ok()
            .and_then(|g| g.get(vm).cloned())
            .unwrap_or_default()
    }

    pub(crate) fn set_guest_xenstore(&self, vm: &str, data: Option<BTreeMap<String, String>>) {
        if let Ok(mut g) = self.guest_xenstore.lock() {
            match data {
                Some(d) => g.insert(vm.to_string(), d),
                None => g.remove(vm),
            };
        }
    }
}
