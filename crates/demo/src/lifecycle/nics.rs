//! PIFs as xapi keeps them: reading their fields, bringing one up or down as `nm.ml`'s
//! `bring_pif_up`/`bring_pif_down` record it (currently_attached, the MTU the bridge takes
//! from its network, a bond's members going down under their master), new PIF and
//! PIF_metrics rows, and the shared checks of `xapi_pif.ml`/`xapi_pif_helpers.ml`.

use super::placement::{i64_field, str_field};
use serde_json::{Map, Value, json};
use xapidb::Db;
use xenapi::error::ApiError;

pub const NULL: &str = "OpaqueRef:NULL";

/// The MAC xapi gives every VLAN PIF (`xapi_vlan.ml` `vlan_mac`).
pub const VLAN_MAC: &str = "fe:ff:ff:ff:ff:ff";

/// A random locally administered MAC, as xapi makes one for a VIF created with none.
pub fn random_mac() -> String {
    let b: [u8; 5] = rand::random();
    format!(
        "02:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
        b[0], b[1], b[2], b[3], b[4]
    )
}

pub fn new_ref() -> String {
    format!("OpaqueRef:{}", uuid::Uuid::new_v4())
}

pub fn new_uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

pub fn bool_field(db: &Db, class: &str, r: &str, f: &str) -> bool {
    match db.field(class, r, f) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s == "true",
        _ => false,
    }
}

/// A reference field, `None` when null or empty.
pub fn ref_field(db: &Db, class: &str, r: &str, f: &str) -> Option<String> {
    let v = str_field(db, class, r, f);
    (!v.is_empty() && v != NULL).then_some(v)
}

/// A set-of-refs field.
pub fn refs(db: &Db, class: &str, r: &str, f: &str) -> Vec<String> {
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

/// A string-to-string map field.
pub fn map_field(db: &Db, class: &str, r: &str, f: &str) -> Map<String, Value> {
    db.field(class, r, f)
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

pub fn handle_invalid(class: &str, r: &str) -> ApiError {
    ApiError::new("HANDLE_INVALID", [class, r])
}

pub fn must_exist(db: &Db, class: &str, r: &str) -> Result<(), ApiError> {
    if db.get(class, r).is_some() {
        Ok(())
    } else {
        Err(handle_invalid(class, r))
    }
}

/// Every row of `class` whose `f` is `value`.
pub fn rows_where(db: &Db, class: &str, f: &str, value: &str) -> Vec<String> {
    db.table(class)
        .map(|t| {
            t.rows
                .iter()
                .filter(|(_, row)| row.fields.get(f).and_then(Value::as_str) == Some(value))
                .map(|(r, _)| r.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// The PIFs of `host` on `network`.
pub fn local_pifs(db: &Db, host: &str, network: &str) -> Vec<String> {
    rows_where(db, "PIF", "network", network)
        .into_iter()
        .filter(|p| str_field(db, "PIF", p, "host") == host)
        .collect()
}

/// `Xapi_pif.assert_no_other_local_pifs`: NETWORK_ALREADY_CONNECTED [host; PIF].
pub fn assert_no_other_local_pifs(db: &Db, host: &str, network: &str) -> Result<(), ApiError> {
    match local_pifs(db, host, network).first() {
        Some(p) => Err(ApiError::new(
            "NETWORK_ALREADY_CONNECTED",
            [host, p.as_str()],
        )),
        None => Ok(()),
    }
}

/// `Xapi_network.assert_network_is_managed`.
pub fn assert_network_managed(db: &Db, network: &str) -> Result<(), ApiError> {
    must_exist(db, "network", network)?;
    if db.field("network", network, "managed") == Some(&Value::Bool(false)) {
        return Err(ApiError::new("NETWORK_UNMANAGED", [network]));
    }
    Ok(())
}

/// `Xapi_pif_helpers.assert_pif_is_managed`.
pub fn assert_pif_managed(db: &Db, pif: &str) -> Result<(), ApiError> {
    if db.field("PIF", pif, "managed") == Some(&Value::Bool(false)) {
        return Err(ApiError::new("PIF_UNMANAGED", [pif]));
    }
    Ok(())
}

/// `Xapi_pif.assert_not_management_pif`.
pub fn assert_not_management(db: &Db, pif: &str) -> Result<(), ApiError> {
    if bool_field(db, "PIF", pif, "management") {
        return Err(ApiError::new("PIF_IS_MANAGEMENT_IFACE", [pif]));
    }
    Ok(())
}

/// A bond this PIF is a member of (one that still exists).
pub fn bonded_in(db: &Db, pif: &str) -> Option<String> {
    ref_field(db, "PIF", pif, "bond_slave_of").filter(|b| db.get("Bond", b).is_some())
}

/// The MTU `nm.ml`'s `determine_mtu` gives a PIF: `other_config:mtu`, else its network's.
fn determine_mtu(db: &Db, pif: &str) -> i64 {
    let net = str_field(db, "PIF", pif, "network");
    let from_network = match i64_field(db, "network", &net, "MTU") {
        n if n > 0 => n,
        _ => 1500,
    };
    map_field(db, "PIF", pif, "other_config")
        .get("mtu")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .unwrap_or(from_network)
}

fn set(db: &mut Db, pif: &str, f: &str, v: Value) {
    if db.field("PIF", pif, f) != Some(&v) {
        db.set_field("PIF", pif, f, v);
    }
}

/// `Nm.bring_pif_up`: the PIF attached with its network's MTU; a bond master's members go
/// down (their networks take the bond's MTU), a member's master goes down.
pub fn bring_up(db: &mut Db, pif: &str) {
    let net = str_field(db, "PIF", pif, "network");
    for bond in refs(db, "PIF", pif, "bond_master_of") {
        let bond_mtu = i64_field(db, "network", &net, "MTU");
        for slave in refs(db, "Bond", &bond, "slaves") {
            set(db, &slave, "currently_attached", Value::Bool(false));
            let slave_net = str_field(db, "PIF", &slave, "network");
            if i64_field(db, "network", &slave_net, "MTU") != bond_mtu {
                db.set_field("network", &slave_net, "MTU", json!(bond_mtu));
            }
        }
        let n = refs(db, "Bond", &bond, "slaves").len() as i64;
        db.set_field("Bond", &bond, "links_up", json!(n));
    }
    set(db, pif, "currently_attached", Value::Bool(true));
    if let Some(bond) = bonded_in(db, pif)
        && let Some(master) = ref_field(db, "Bond", &bond, "master")
    {
        set(db, &master, "currently_attached", Value::Bool(false));
    }
    let mtu = determine_mtu(db, pif);
    set(db, pif, "MTU", json!(mtu));
}

/// `Nm.bring_pif_down`.
pub fn bring_down(db: &mut Db, pif: &str) {
    set(db, pif, "currently_attached", Value::Bool(false));
}

/// A PIF_metrics row as xapi's `make_pif_metrics` makes it, with the link facts a NIC
/// reports (`speed` in Mbit/s).
pub fn new_metrics(db: &mut Db, carrier: bool, speed: i64, vendor: &str, device: &str) -> String {
    let r = new_ref();
    let f = json!({
        "uuid": new_uuid(), "io_read_kbs": 0.0, "io_write_kbs": 0.0, "carrier": carrier,
        "vendor_id": "8086", "vendor_name": vendor, "device_id": "1521", "device_name": device,
        "speed": speed, "duplex": carrier, "pci_bus_path": "", "other_config": {},
        "last_updated": super::super::rpc::now_datetime(),
    });
    db.insert(
        "PIF_metrics",
        &r,
        f.as_object().cloned().unwrap_or_default(),
    );
    r
}

/// A new logical PIF (a VLAN's or a bond's) with xapi's defaults; `fields` overrides them.
pub fn new_pif(db: &mut Db, fields: Value) -> String {
    let r = new_ref();
    let mut f = json!({
        "uuid": new_uuid(), "device": "", "network": NULL, "host": NULL, "MAC": "",
        "MTU": 1500, "VLAN": -1, "metrics": NULL, "physical": false,
        "currently_attached": false, "ip_configuration_mode": "None", "IP": "",
        "netmask": "", "gateway": "", "DNS": "", "bond_slave_of": NULL,
        "bond_master_of": [], "VLAN_master_of": NULL, "VLAN_slave_of": [],
        "management": false, "other_config": {}, "disallow_unplug": false,
        "tunnel_access_PIF_of": [], "tunnel_transport_PIF_of": [],
        "ipv6_configuration_mode": "None", "IPv6": [""], "ipv6_gateway": "",
        "primary_address_type": "IPv4", "managed": true, "properties": {},
        "capabilities": [], "igmp_snooping_status": "unknown",
        "sriov_physical_PIF_of": [], "sriov_logical_PIF_of": [], "PCI": NULL,
    });
    if let (Value::Object(base), Value::Object(over)) = (&mut f, fields) {
        base.extend(over);
    }
    db.insert("PIF", &r, f.as_object().cloned().unwrap_or_default());
    r
}

/// The host's management PIF, if it has one.
pub fn management_pif(db: &Db, host: &str) -> Option<String> {
    rows_where(db, "PIF", "host", host)
        .into_iter()
        .find(|p| bool_field(db, "PIF", p, "management"))
}

/// Gives every PIF without metrics a PIF_metrics row (a dump's PIFs may have none), the
/// VLAN PIFs their tagged PIF's, as xapi shares them.
pub fn seed_metrics(db: &mut Db) {
    let pifs: Vec<String> = db
        .table("PIF")
        .map(|t| t.rows.keys().cloned().collect())
        .unwrap_or_default();
    db.ensure_table("PIF_metrics");
    let (nics, vlans): (Vec<String>, Vec<String>) = pifs
        .into_iter()
        .partition(|p| i64_field(db, "PIF", p, "VLAN") < 0);
    for pif in &nics {
        if ref_field(db, "PIF", pif, "metrics").is_some_and(|m| db.get("PIF_metrics", &m).is_some())
        {
            continue;
        }
        let physical = bool_field(db, "PIF", pif, "physical");
        let up = bool_field(db, "PIF", pif, "currently_attached");
        let (vendor, device) = if physical {
            ("Intel Corporation", "I350 Gigabit Network Connection")
        } else {
            ("", "")
        };
        let speed = if physical { 10_000 } else { 20_000 };
        let m = new_metrics(db, physical || up, speed, vendor, device);
        db.set_field("PIF", pif, "metrics", Value::String(m));
    }
    for pif in &vlans {
        let Some(vlan) = ref_field(db, "PIF", pif, "VLAN_master_of") else {
            continue;
        };
        let tagged = str_field(db, "VLAN", &vlan, "tagged_PIF");
        if let Some(m) = ref_field(db, "PIF", &tagged, "metrics") {
            db.set_field("PIF", pif, "metrics", Value::String(m));
        }
    }
}

/// The host a PIF is on, HANDLE_INVALID for an unknown PIF.
pub fn pif_host(db: &Db, pif: &str) -> Result<String, ApiError> {
    must_exist(db, "PIF", pif)?;
    Ok(str_field(db, "PIF", pif, "host"))
}
