//! Bonds with xapi's rules (`xapi_bond.ml`, forwarded to the members' host as
//! `message_forwarding.ml` does): `Bond.create` (a master PIF `bondN` with the primary
//! member's MAC and IP configuration; management, VLANs and the local VMs' VIFs move up to
//! it), `Bond.destroy` (all of it moves back down to the primary member), `set_mode` and
//! `set_property` with the LACP properties' rules (`requirements_of_mode`).

use super::super::rpc::Call;
use super::hosts::check_live;
use super::networks::create_internal;
use super::nics::{self, NULL, bool_field, map_field, must_exist, ref_field, refs};
use super::placement::str_field;
use serde_json::{Map, Value, json};
use xapidb::Db;
use xenapi::error::{ApiError, codes};

const MODES: &[&str] = &["balance-slb", "active-backup", "lacp"];

/// A property a mode accepts: its key, its default, whether a value is valid.
struct Requirement {
    key: &'static str,
    default: Option<&'static str>,
    valid: fn(&str) -> bool,
}

/// `Xapi_bond.requirements_of_mode`: only LACP has properties.
fn requirements(mode: &str) -> Vec<Requirement> {
    if mode != "lacp" {
        return Vec::new();
    }
    vec![
        Requirement {
            key: "hashing_algorithm",
            default: Some("tcpudp_ports"),
            valid: |v| matches!(v, "src_mac" | "tcpudp_ports"),
        },
        Requirement {
            key: "lacp-time",
            default: Some("slow"),
            valid: |v| matches!(v, "fast" | "slow"),
        },
        Requirement {
            key: "lacp-aggregation-key",
            default: None,
            valid: ocaml_int,
        },
        Requirement {
            key: "lacp-fallback-ab",
            default: Some("true"),
            valid: |v| matches!(v, "true" | "false"),
        },
    ]
}

/// Whether OCaml's `int_of_string` reads `v`: a sign, then decimal or `0x`/`0o`/`0b`
/// digits, underscores allowed after the first digit.
fn ocaml_int(v: &str) -> bool {
    let v = v.strip_prefix(['-', '+']).unwrap_or(v);
    let (radix, digits) = match v.get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("0x") => (16, &v[2..]),
        Some("0o") => (8, &v[2..]),
        Some("0b") => (2, &v[2..]),
        _ => (10, v),
    };
    digits.chars().next().is_some_and(|c| c.is_digit(radix))
        && digits.chars().all(|c| c == '_' || c.is_digit(radix))
}

/// `Map_check.validate_kvpair`: INVALID_VALUE ["properties"; "k = v"] for a key the mode
/// does not know or a value it does not accept.
fn validate(reqs: &[Requirement], key: &str, value: &str) -> Result<(), ApiError> {
    match reqs.iter().find(|r| r.key == key) {
        Some(r) if (r.valid)(value) => Ok(()),
        _ => Err(ApiError::new(
            codes::INVALID_VALUE,
            ["properties".to_string(), format!("{key} = {value}")],
        )),
    }
}

fn add_defaults(reqs: &[Requirement], props: &mut Map<String, Value>) {
    for r in reqs {
        if let Some(d) = r.default {
            props.entry(r.key).or_insert_with(|| json!(d));
        }
    }
}

fn void() -> Result<Value, ApiError> {
    Ok(Value::String(String::new()))
}

fn mode_arg<'a>(call: &'a Call, i: usize) -> Result<&'a str, ApiError> {
    let mode = call.str_arg(i, "mode")?;
    if MODES.contains(&mode) {
        Ok(mode)
    } else {
        Err(ApiError::new(codes::INVALID_VALUE, ["mode", mode]))
    }
}

/// `Helpers.is_valid_MAC`: six hex pairs separated by colons or dashes.
fn valid_mac(mac: &str) -> bool {
    let parts: Vec<&str> = mac.split([':', '-']).collect();
    parts.len() == 6
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// `Xapi_bond.move_configuration`: the IP configuration moves from one PIF to another.
fn move_configuration(db: &mut Db, from: &str, to: &str) {
    for f in ["ip_configuration_mode", "IP", "netmask", "gateway", "DNS"] {
        let v = db.field("PIF", from, f).cloned().unwrap_or(json!(""));
        db.set_field("PIF", to, f, v);
        let cleared = if f == "ip_configuration_mode" {
            "None"
        } else {
            ""
        };
        db.set_field("PIF", from, f, json!(cleared));
    }
}

/// `Xapi_bond.move_management`: `to` up as the management interface, the flags updated.
fn move_management(db: &mut Db, host: &str, to: &str) {
    nics::bring_up(db, to);
    for p in nics::rows_where(db, "PIF", "host", host) {
        let want = p == to;
        if bool_field(db, "PIF", &p, "management") != want {
            db.set_field("PIF", &p, "management", Value::Bool(want));
        }
    }
}

/// `Xapi_bond.get_local_vifs`, for VMs resident on the host.
fn local_vifs(db: &Db, host: &str, networks: &[String]) -> Vec<String> {
    networks
        .iter()
        .flat_map(|n| refs(db, "network", n, "VIFs"))
        .filter(|v| {
            let vm = str_field(db, "VIF", v, "VM");
            str_field(db, "VM", &vm, "resident_on") == host
        })
        .collect()
}

/// `Xapi_bond.move_vlan`: the VLAN is made again on `new_slave` (same network and tag),
/// its IP configuration and management moved, the old one destroyed.
fn move_vlan(db: &mut Db, host: &str, new_slave: &str, old_vlan: &str) {
    let old_master = str_field(db, "VLAN", old_vlan, "untagged_PIF");
    let tag = super::placement::i64_field(db, "VLAN", old_vlan, "tag");
    let network = str_field(db, "PIF", &old_master, "network");
    let plugged = bool_field(db, "PIF", &old_master, "currently_attached");
    let management = bool_field(db, "PIF", &old_master, "management");
    if plugged && !management {
        nics::bring_down(db, &old_master);
    }
    let same_tag = refs(db, "PIF", new_slave, "VLAN_slave_of")
        .into_iter()
        .find(|v| super::placement::i64_field(db, "VLAN", v, "tag") == tag);
    let new_master = match same_tag {
        Some(v) => {
            let m = str_field(db, "VLAN", &v, "untagged_PIF");
            let to = str_field(db, "PIF", &m, "network");
            for vif in local_vifs(db, host, std::slice::from_ref(&network)) {
                db.set_field("VIF", &vif, "network", json!(to));
            }
            m
        }
        None => {
            let device = str_field(db, "PIF", new_slave, "device");
            create_internal(db, host, new_slave, tag, &network, &device).1
        }
    };
    move_configuration(db, &old_master, &new_master);
    db.delete("VLAN", old_vlan);
    db.delete("PIF", &old_master);
    if plugged {
        if management {
            move_management(db, host, &new_master);
        } else {
            nics::bring_up(db, &new_master);
        }
    }
}

/// `Xapi_pif_helpers.bond_is_allowed_on_pif` and the other per-member checks of
/// `Xapi_bond.create`.
fn check_member(db: &Db, pif: &str, ha: bool) -> Result<(), ApiError> {
    nics::assert_pif_managed(db, pif)?;
    if bool_field(db, "PIF", pif, "physical") && nics::bonded_in(db, pif).is_some() {
        return Err(ApiError::new("PIF_ALREADY_BONDED", [pif]));
    }
    if ref_field(db, "PIF", pif, "VLAN_master_of").is_some() {
        let device = str_field(db, "PIF", pif, "device");
        return Err(ApiError::new("PIF_VLAN_EXISTS", [device]));
    }
    if !refs(db, "PIF", pif, "tunnel_access_PIF_of").is_empty() {
        return Err(ApiError::new("IS_TUNNEL_ACCESS_PIF", [pif]));
    }
    if ha && bool_field(db, "PIF", pif, "management") {
        return Err(ApiError::new(
            "HA_CANNOT_CHANGE_BOND_STATUS_OF_MGMT_IFACE",
            Vec::<String>::new(),
        ));
    }
    Ok(())
}

fn ha_enabled(db: &Db) -> bool {
    db.table("pool")
        .and_then(|t| t.rows.keys().next().cloned())
        .is_some_and(|p| bool_field(db, "pool", &p, "ha_enabled"))
}

fn has_ip(db: &Db, pif: &str) -> bool {
    let field = if str_field(db, "PIF", pif, "primary_address_type") == "IPv6" {
        "ipv6_configuration_mode"
    } else {
        "ip_configuration_mode"
    };
    !matches!(str_field(db, "PIF", pif, field).as_str(), "" | "None")
}

/// `Bond.create(network, members, MAC, mode, properties)`.
pub fn create(call: &Call) -> Result<Value, ApiError> {
    let net = call.str_arg(0, "network")?.to_string();
    let members: Vec<String> = match call.args.get(1) {
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| ApiError::new(codes::FIELD_TYPE_ERROR, ["members"]))?,
        _ => return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["members"])),
    };
    let mac = call.str_arg(2, "MAC")?.to_string();
    let mode = mode_arg(call, 3)?.to_string();
    let props = match call.args.get(4) {
        Some(Value::Object(m)) => m.clone(),
        _ => return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["properties"])),
    };
    call.authorize()?;
    call.state
        .write(|db| create_in(db, &net, members, &mac, &mode, props))
        .map(Value::String)
}

fn create_in(
    db: &mut Db,
    net: &str,
    mut members: Vec<String>,
    mac: &str,
    mode: &str,
    props: Map<String, Value>,
) -> Result<String, ApiError> {
    let Some(first) = members.first().cloned() else {
        return Err(ApiError::new(
            "PIF_BOND_NEEDS_MORE_MEMBERS",
            Vec::<String>::new(),
        ));
    };
    let host = nics::pif_host(db, &first)?;
    check_live(db, &host)?;
    nics::assert_network_managed(db, net)?;
    nics::assert_no_other_local_pifs(db, &host, net)?;
    if !mac.is_empty() && !valid_mac(mac) {
        return Err(ApiError::new("MAC_INVALID", [mac]));
    }
    let reqs = requirements(mode);
    for (k, v) in &props {
        validate(&reqs, k, v.as_str().unwrap_or_default())?;
    }
    let mut props = props;
    add_defaults(&reqs, &mut props);
    let mut seen = std::collections::BTreeSet::new();
    members.retain(|m| seen.insert(m.clone()));
    for m in &members {
        must_exist(db, "PIF", m)?;
    }
    let member_networks: Vec<String> = members
        .iter()
        .map(|m| str_field(db, "PIF", m, "network"))
        .collect();
    let vifs = local_vifs(db, &host, &member_networks);
    let vlans: Vec<String> = members
        .iter()
        .flat_map(|m| refs(db, "PIF", m, "VLAN_slave_of"))
        .collect();
    let management_on_vlan = vlans.iter().any(|v| {
        let u = str_field(db, "VLAN", v, "untagged_PIF");
        bool_field(db, "PIF", &u, "management")
    });
    let management = members
        .iter()
        .find(|m| bool_field(db, "PIF", m, "management"))
        .cloned();
    let with_ip: Vec<String> = members.iter().filter(|m| has_ip(db, m)).cloned().collect();
    let primary = management
        .clone()
        .or_else(|| with_ip.first().cloned())
        .unwrap_or(first);
    let address_type = match str_field(db, "PIF", &primary, "primary_address_type") {
        t if t.is_empty() => "IPv4".to_string(),
        t => t,
    };
    for m in &members {
        let t = match str_field(db, "PIF", m, "primary_address_type") {
            t if t.is_empty() => "IPv4".to_string(),
            t => t,
        };
        if t != address_type {
            return Err(ApiError::new(
                "PIF_INCOMPATIBLE_PRIMARY_ADDRESS_TYPE",
                [m.as_str()],
            ));
        }
    }
    let (mac, auto_mac) = if mac.is_empty() {
        (str_field(db, "PIF", &primary, "MAC"), true)
    } else {
        (mac.to_string(), false)
    };
    let disallow_unplug = members
        .iter()
        .any(|m| bool_field(db, "PIF", m, "disallow_unplug"));
    let ha = ha_enabled(db);
    for m in &members {
        check_member(db, m, ha)?;
    }
    if members
        .iter()
        .any(|m| str_field(db, "PIF", m, "host") != host)
    {
        return Err(ApiError::new(
            "PIF_CANNOT_BOND_CROSS_HOST",
            Vec::<String>::new(),
        ));
    }
    let pif_props = map_field(db, "PIF", &members[0], "properties");
    if members
        .iter()
        .any(|m| map_field(db, "PIF", m, "properties") != pif_props)
    {
        return Err(ApiError::new(
            "INCOMPATIBLE_PIF_PROPERTIES",
            Vec::<String>::new(),
        ));
    }
    if with_ip.len() > 1 {
        return Err(ApiError::new(
            "PIF_BOND_MORE_THAN_ONE_IP",
            Vec::<String>::new(),
        ));
    }
    // `choose_bond_device_name`: the first bondN not taken on the host.
    let taken: Vec<String> = nics::rows_where(db, "PIF", "host", &host)
        .iter()
        .filter(|p| !refs(db, "PIF", p, "bond_master_of").is_empty())
        .map(|p| str_field(db, "PIF", p, "device"))
        .collect();
    let device = (0..)
        .map(|n| format!("bond{n}"))
        .find(|d| !taken.contains(d))
        .unwrap_or_default();
    let metrics = nics::new_metrics(db, true, 20_000, "", "");
    let master = nics::new_pif(
        db,
        json!({
            "device": device, "network": net, "host": host, "MAC": mac, "MTU": -1,
            "metrics": metrics, "primary_address_type": address_type,
            "properties": pif_props,
        }),
    );
    let bond = nics::new_ref();
    let f = json!({
        "uuid": nics::new_uuid(), "master": master, "other_config": {},
        "primary_slave": primary, "mode": mode, "properties": props, "links_up": 0,
        "auto_update_mac": auto_mac, "slaves": [],
    });
    db.insert("Bond", &bond, f.as_object().cloned().unwrap_or_default());
    for m in &members {
        db.set_field("PIF", m, "bond_slave_of", json!(bond));
    }
    move_configuration(db, &primary, &master);
    if management.is_some() {
        move_management(db, &host, &master);
    } else if !management_on_vlan {
        nics::bring_up(db, &master);
    }
    for v in &vlans {
        move_vlan(db, &host, &master, v);
    }
    if management_on_vlan {
        nics::bring_up(db, &master);
    }
    for vif in vifs {
        db.set_field("VIF", &vif, "network", json!(net));
    }
    if disallow_unplug {
        db.set_field("PIF", &master, "disallow_unplug", json!(true));
        for m in &members {
            db.set_field("PIF", m, "disallow_unplug", json!(false));
        }
    }
    Ok(bond)
}

/// The bond's master PIF and host, after `message_forwarding`'s checks.
fn bond_host(db: &Db, bond: &str) -> Result<(String, String), ApiError> {
    must_exist(db, "Bond", bond)?;
    let master = str_field(db, "Bond", bond, "master");
    let host = nics::pif_host(db, &master)?;
    check_live(db, &host)?;
    Ok((master, host))
}

/// `Bond.destroy(self)`.
pub fn destroy(call: &Call) -> Result<Value, ApiError> {
    let bond = call.str_arg(0, "self")?.to_string();
    call.authorize()?;
    call.state.write(|db| {
        let (master, host) = bond_host(db, &bond)?;
        let members = refs(db, "Bond", &bond, "slaves");
        let plugged = bool_field(db, "PIF", &master, "currently_attached");
        let master_net = str_field(db, "PIF", &master, "network");
        let primary = ref_field(db, "Bond", &bond, "primary_slave")
            .filter(|p| members.contains(p))
            .or_else(|| members.first().cloned())
            .unwrap_or_else(|| NULL.to_string());
        let primary_net = str_field(db, "PIF", &primary, "network");
        let vifs = local_vifs(db, &host, std::slice::from_ref(&master_net));
        let vlans = refs(db, "PIF", &master, "VLAN_slave_of");
        let management_on_vlan = vlans.iter().any(|v| {
            let u = str_field(db, "VLAN", v, "untagged_PIF");
            bool_field(db, "PIF", &u, "management")
        });
        if ha_enabled(db) && bool_field(db, "PIF", &master, "management") {
            return Err(ApiError::new(
                "HA_CANNOT_CHANGE_BOND_STATUS_OF_MGMT_IFACE",
                Vec::<String>::new(),
            ));
        }
        let primary_ok = db.get("PIF", &primary).is_some();
        if primary_ok {
            move_configuration(db, &master, &primary);
        }
        if bool_field(db, "PIF", &master, "management") && primary_ok {
            move_management(db, &host, &primary);
            for m in members.iter().filter(|m| **m != primary) {
                nics::bring_up(db, m);
            }
        } else if plugged && !management_on_vlan {
            for m in &members {
                nics::bring_up(db, m);
            }
        }
        if primary_ok {
            for v in &vlans {
                move_vlan(db, &host, &primary, v);
            }
        }
        if management_on_vlan {
            for m in &members {
                nics::bring_up(db, m);
            }
        }
        for vif in vifs {
            db.set_field("VIF", &vif, "network", json!(primary_net));
        }
        if bool_field(db, "PIF", &master, "disallow_unplug") && primary_ok {
            db.set_field("PIF", &primary, "disallow_unplug", json!(true));
        }
        db.delete("Bond", &bond);
        if let Some(m) = ref_field(db, "PIF", &master, "metrics") {
            db.delete("PIF_metrics", &m);
        }
        db.delete("PIF", &master);
        for m in &members {
            db.set_field("PIF", m, "bond_slave_of", json!(NULL));
        }
        Ok(())
    })?;
    void()
}

/// `Bond.set_mode(self, value)`: the properties the new mode accepts are kept, its
/// defaults added.
pub fn set_mode(call: &Call) -> Result<Value, ApiError> {
    let bond = call.str_arg(0, "self")?.to_string();
    let mode = {
        let m = call.str_arg(1, "value")?;
        if !MODES.contains(&m) {
            return Err(ApiError::new(codes::INVALID_VALUE, ["value", m]));
        }
        m.to_string()
    };
    call.authorize()?;
    call.state.write(|db| {
        let (master, _) = bond_host(db, &bond)?;
        db.set_field("Bond", &bond, "mode", json!(mode));
        let reqs = requirements(&mode);
        let mut props: Map<String, Value> = map_field(db, "Bond", &bond, "properties")
            .into_iter()
            .filter(|(k, v)| validate(&reqs, k, v.as_str().unwrap_or_default()).is_ok())
            .collect();
        add_defaults(&reqs, &mut props);
        db.set_field("Bond", &bond, "properties", Value::Object(props));
        nics::bring_up(db, &master);
        Ok(())
    })?;
    void()
}

/// `Bond.set_property(self, name, value)`: checked against the bond's mode.
pub fn set_property(call: &Call) -> Result<Value, ApiError> {
    let bond = call.str_arg(0, "self")?.to_string();
    let name = call.str_arg(1, "name")?.to_string();
    let value = call.str_arg(2, "value")?.to_string();
    call.authorize()?;
    call.state.write(|db| {
        let (master, _) = bond_host(db, &bond)?;
        let mode = str_field(db, "Bond", &bond, "mode");
        validate(&requirements(&mode), &name, &value)?;
        let mut props = map_field(db, "Bond", &bond, "properties");
        props.insert(name.clone(), json!(value));
        db.set_field("Bond", &bond, "properties", Value::Object(props));
        nics::bring_up(db, &master);
        Ok(())
    })?;
    void()
}

/// Bonds the NICs `devices` of the host labelled `host` on a new network named as
/// XenCenter names one ("Bond 2+3"), as `Bond.create` would with `mode`'s default
/// properties: a pool with a bond for tests and dumps (the built-in one has none, its NICs
/// are free for one). Returns the bond.
pub fn bond_devices(
    db: &mut Db,
    host: &str,
    devices: &[&str],
    mode: &str,
) -> Result<String, ApiError> {
    let host_ref = nics::rows_where(db, "host", "name_label", host)
        .into_iter()
        .next()
        .ok_or_else(|| nics::handle_invalid("host", host))?;
    let members: Vec<String> = devices
        .iter()
        .map(|d| {
            nics::rows_where(db, "PIF", "host", &host_ref)
                .into_iter()
                .find(|p| {
                    str_field(db, "PIF", p, "device") == *d
                        && super::placement::i64_field(db, "PIF", p, "VLAN") < 0
                })
                .ok_or_else(|| nics::handle_invalid("PIF", d))
        })
        .collect::<Result<_, _>>()?;
    let digits: Vec<&str> = devices
        .iter()
        .map(|d| d.trim_start_matches("eth"))
        .collect();
    let label = format!("Bond {}", digits.join("+"));
    let net = super::networks::insert(db, "", json!({"name_label": label}))?;
    create_in(db, &net, members, "", mode, Map::new())
}

#[cfg(test)]
mod tests {
    use super::ocaml_int;

    #[test]
    fn an_aggregation_key_is_what_ocamls_int_of_string_reads() {
        for ok in ["5", "-5", "+7", "0x1F", "0o17", "0b101", "1_000"] {
            assert!(ocaml_int(ok), "{ok}");
        }
        for bad in ["", "-", "x", "0x", "_1", "1.5", "12a", "0xg"] {
            assert!(!ocaml_int(bad), "{bad}");
        }
    }
}
