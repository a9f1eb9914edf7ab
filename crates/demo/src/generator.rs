//! Generates large pools (tens of thousands of VMs) for benchmarks and scale demos.
//! Deterministic for a given size, so figures are comparable between runs.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Map, Value, json};
use xapidb::Db;

/// The size of a generated pool: `vms=N,hosts=M,networks=K,alerts=A,tasks=T,pool=P`
/// (each optional).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSpec {
    pub vms: usize,
    pub hosts: usize,
    pub networks: usize,
    /// Alerts (`message` objects) from the last week.
    pub alerts: usize,
    /// Finished and running tasks in the task list.
    pub tasks: usize,
    /// Which of several generated pools (`pool=N`): another seed, so each pool has its own
    /// UUIDs and refs (a client refuses the same pool twice), and its number in the name.
    pub pool: usize,
}

impl Default for PoolSpec {
    fn default() -> Self {
        PoolSpec {
            vms: 1000,
            hosts: 16,
            networks: 8,
            alerts: 20,
            tasks: 0,
            pool: 0,
        }
    }
}

/// A `--generate` spec that cannot be read (`vms=N,hosts=M,networks=K`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SpecError(pub String);

impl From<String> for SpecError {
    fn from(s: String) -> Self {
        SpecError(s)
    }
}

impl From<&str> for SpecError {
    fn from(s: &str) -> Self {
        SpecError(s.to_string())
    }
}

impl std::str::FromStr for PoolSpec {
    type Err = SpecError;
    fn from_str(s: &str) -> Result<Self, SpecError> {
        let mut spec = PoolSpec::default();
        for part in s.split(',').filter(|p| !p.trim().is_empty()) {
            let (k, v) = part
                .split_once('=')
                .ok_or_else(|| format!("expected key=value, got {part:?}"))?;
            let n: usize = v
                .trim()
                .parse()
                .map_err(|_| format!("{k}: {v:?} is not a whole number"))?;
            match k.trim() {
                "vms" => spec.vms = n,
                "hosts" if n >= 1 => spec.hosts = n,
                "hosts" => return Err("hosts: a pool needs at least one host".into()),
                "networks" if n >= 1 => spec.networks = n,
                "networks" => return Err("networks: at least one network is needed".into()),
                "alerts" => spec.alerts = n,
                "tasks" => spec.tasks = n,
                "pool" => spec.pool = n,
                other => {
                    return Err(format!(
                        "unknown key {other:?} (use vms, hosts, networks, alerts, tasks, pool)"
                    )
                    .into());
                }
            }
        }
        Ok(spec)
    }
}

struct Gen {
    rng: StdRng,
    db: Db,
}

impl Gen {
    fn uuid(&mut self) -> String {
        uuid::Builder::from_random_bytes(self.rng.random())
            .into_uuid()
            .to_string()
    }

    fn new_ref(&mut self) -> String {
        format!("OpaqueRef:{}", self.uuid())
    }

    fn add(&mut self, class: &str, fields: Value) -> String {
        let r = self.new_ref();
        let mut f: Map<String, Value> = fields.as_object().cloned().unwrap_or_default();
        f.insert("uuid".into(), Value::String(self.uuid()));
        self.db.insert_raw(class, &r, f);
        r
    }
}

fn mac(rng: &mut StdRng) -> String {
    let b: [u8; 5] = rng.random();
    format!(
        "02:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        b[0], b[1], b[2], b[3], b[4]
    )
}

/// Builds the pool. Every VM has 2 VIFs and 2 VBDs (a disk and an empty CD drive).
pub fn generate(spec: PoolSpec) -> Db {
    let mut g = Gen {
        rng: StdRng::seed_from_u64(
            0x5EED ^ spec.vms as u64 ^ ((spec.hosts as u64) << 32) ^ ((spec.pool as u64) << 48),
        ),
        db: Db::new(),
    };
    // The classes the client caches, so a generated pool answers for every one of them.
    for t in xenapi::cache::CLASSES {
        g.db.ensure_table(t);
    }
    let networks: Vec<String> = (0..spec.networks)
        .map(|i| {
            let (label, bridge) = if i == 0 {
                (
                    "Pool-wide network associated with eth0".to_string(),
                    "xenbr0".to_string(),
                )
            } else {
                (format!("Network {i:03}"), format!("xapi{i}"))
            };
            g.add(
                "network",
                json!({
                    "name_label": label, "name_description": "", "MTU": 1500, "bridge": bridge,
                    "managed": true, "other_config": {}, "tags": [], "VIFs": [], "PIFs": [],
                }),
            )
        })
        .collect();
    let shared_sr = g.add("SR", json!({
        "name_label": "Shared NFS storage", "name_description": "NFS SR [nfs.example:/export]",
        "type": "nfs", "content_type": "user", "shared": true, "other_config": {},
        "sm_config": {}, "tags": [], "physical_size": 40_000_000_000_000i64,
        "physical_utilisation": 12_000_000_000_000i64, "virtual_allocation": 20_000_000_000_000i64,
    }));
    let mut hosts = Vec::new();
    for h in 0..spec.hosts {
        let metrics = g.add("host_metrics", json!({
            "memory_total": 549_755_813_888i64, "memory_free": 0, "live": true, "other_config": {},
        }));
        let dom0 = g.new_ref();
        let host = g.add("host", json!({
            "name_label": format!("host-{h:02}"), "name_description": "",
            "hostname": format!("host-{h:02}"), "address": format!("10.0.{}.{}", h / 250, h % 250 + 1),
            "enabled": true, "API_version_major": 2, "API_version_minor": 21,
            "API_version_vendor": "XenSource",
            "software_version": {"product_brand": "XCP-ng", "product_version": "8.3.0"},
            "other_config": {}, "metrics": metrics, "control_domain": dom0, "tags": [],
            "memory_overhead": 0,
        }));
        let dom0_uuid = g.uuid();
        g.db.insert_raw("VM", &dom0, json!({
            "uuid": dom0_uuid, "name_label": format!("Control domain on host: host-{h:02}"),
            "name_description": "The domain which manages physical devices and manages other domains",
            "power_state": "Running", "is_a_template": false, "is_control_domain": true,
            "is_a_snapshot": false, "resident_on": host, "domid": 0, "other_config": {},
            "xenstore_data": {}, "tags": [], "memory_static_max": 4_294_967_296i64,
            "VCPUs_max": 16, "VCPUs_at_startup": 16,
        }).as_object().cloned().unwrap_or_default());
        // Four NICs where there are networks for them: eth0 management, eth1 for storage
        // or VM traffic, eth2 and eth3 free (for a bond).
        for (i, net) in networks.iter().take(4).enumerate() {
            let m = mac(&mut g.rng);
            g.add("PIF", json!({
                "device": format!("eth{i}"), "network": net, "host": host, "MAC": m, "MTU": 1500,
                "VLAN": -1, "physical": true, "currently_attached": true, "management": i == 0,
                "other_config": {}, "properties": {}, "ip_configuration_mode": if i == 0 { "DHCP" } else { "None" },
                "IP": if i == 0 { format!("10.0.{}.{}", h / 250, h % 250 + 1) } else { String::new() },
                "netmask": "", "gateway": "", "DNS": "", "bond_slave_of": "OpaqueRef:NULL",
                "VLAN_master_of": "OpaqueRef:NULL", "metrics": "OpaqueRef:NULL",
            }));
        }
        let local = g.add("SR", json!({
            "name_label": "Local storage", "name_description": "", "type": "ext",
            "content_type": "user", "shared": false,
            "other_config": {"i18n-key": "local-storage", "i18n-original-value-name_label": "Local storage"},
            "sm_config": {}, "tags": [], "physical_size": 1_000_000_000_000i64,
            "physical_utilisation": 100_000_000_000i64, "virtual_allocation": 200_000_000_000i64,
        }));
        for sr in [&local, &shared_sr] {
            g.add("PBD", json!({"host": host, "SR": sr, "currently_attached": true, "other_config": {}, "device_config": {}}));
        }
        hosts.push(host);
    }
    for v in 0..spec.vms {
        let host = &hosts[v % hosts.len()];
        let running = v % 5 != 4;
        let metrics = g.add(
            "VM_metrics",
            json!({
                "memory_actual": if running { 4_294_967_296i64 } else { 0 }, "VCPUs_number": 2,
                "start_time": "20260101T00:00:00Z", "other_config": {},
            }),
        );
        let guest = if running {
            let ip = format!("10.{}.{}.{}", 100 + v / 65_536, (v / 256) % 256, v % 256);
            g.add("VM_guest_metrics", json!({
                "os_version": {"name": "Debian GNU/Linux 12", "distro": "debian", "major": "12"},
                "PV_drivers_version": {"major": "8", "minor": "3"}, "networks": {"0/ip": ip},
                "PV_drivers_detected": true, "live": true, "other": {},
            }))
        } else {
            "OpaqueRef:NULL".to_string()
        };
        let vm = g.add("VM", json!({
            "name_label": format!("vm-{v:05}"), "name_description": "",
            "power_state": if running { "Running" } else { "Halted" },
            "is_a_template": false, "is_control_domain": false, "is_a_snapshot": false,
            "resident_on": if running { host.clone() } else { "OpaqueRef:NULL".to_string() },
            "affinity": host, "memory_static_max": 4_294_967_296i64,
            "memory_dynamic_max": 4_294_967_296i64, "memory_dynamic_min": 2_147_483_648i64,
            "memory_static_min": 1_073_741_824i64, "VCPUs_max": 2, "VCPUs_at_startup": 2,
            "other_config": {}, "xenstore_data": {"vm-data": ""}, "platform": {}, "tags": [],
            "metrics": metrics, "guest_metrics": guest, "domid": if running { v as i64 + 1 } else { -1 },
            "HVM_boot_policy": "BIOS order", "PV_bootloader": "", "user_version": 1,
            "snapshot_of": "OpaqueRef:NULL", "parent": "OpaqueRef:NULL",
        }));
        for d in 0..2 {
            let net = &networks[(v + d * 7) % networks.len()];
            let m = mac(&mut g.rng);
            g.add("VIF", json!({
                "device": d.to_string(), "network": net, "VM": vm, "MAC": m, "MTU": 1500,
                "other_config": {}, "currently_attached": running, "locking_mode": "network_default",
            }));
        }
        let vdi = g.add(
            "VDI",
            json!({
                "name_label": format!("vm-{v:05} disk 0"), "name_description": "", "SR": shared_sr,
                "virtual_size": 21_474_836_480i64, "physical_utilisation": 5_368_709_120i64,
                "type": "user", "sharable": false, "read_only": false, "is_a_snapshot": false,
                "missing": false, "managed": true, "other_config": {},
            }),
        );
        g.add("VBD", json!({
            "VM": vm, "VDI": vdi, "device": "xvda", "userdevice": "0", "bootable": true,
            "mode": "RW", "type": "Disk", "empty": false, "currently_attached": running, "other_config": {},
        }));
        g.add("VBD", json!({
            "VM": vm, "VDI": "OpaqueRef:NULL", "device": "xvdd", "userdevice": "3", "bootable": false,
            "mode": "RO", "type": "CD", "empty": true, "currently_attached": running, "other_config": {},
        }));
    }
    let master = hosts[0].clone();
    g.add("pool", json!({
        "name_label": if spec.pool == 0 {
            format!("Generated pool ({} VMs)", spec.vms)
        } else {
            format!("Generated pool {} ({} VMs)", spec.pool, spec.vms)
        },
        "name_description": "",
        "master": master, "default_SR": shared_sr, "other_config": {}, "gui_config": {}, "tags": [],
    }));
    g.db.rebuild_relations();
    super::lifecycle::nics::seed_metrics(&mut g.db);
    super::lifecycle::messages::seed(&mut g.db, spec.alerts);
    super::lifecycle::tasks::seed(&mut g.db, spec.tasks);
    g.db
}
