//! Networks and VLANs with xapi's rules: `network.create`/`destroy`/`set_MTU`
//! (`xapi_network.ml`), `VLAN.create`/`destroy` (`xapi_vlan.ml`, forwarded to the tagged
//! PIF's host as `message_forwarding.ml` does) and `pool.create_VLAN_from_PIF`
//! (`xapi_pool.ml`: a VLAN on every live host's PIF of the same network, undone on error).
//! Checks run in xapi's order with its error codes and parameters.

use super::super::rpc::Call;
use super::devices::record_arg;
use super::hosts::{check_live, is_live};
use super::nics::{self, bool_field, map_field, must_exist, ref_field, refs};
use super::placement::{i64_field, str_field};
use super::vm_ops::int_arg;
use serde_json::{Map, Value, json};
use xapidb::Db;
use xenapi::error::{ApiError, codes};

fn void() -> Result<Value, ApiError> {
    Ok(Value::String(String::new()))
}

/// Bridge names a client may not give (`Xapi_network.bridge_blacklist`).
const BRIDGE_BLACKLIST: &[&str] = &["xen", "xapi", "vif", "tap", "eth"];

/// `Xapi_network.choose_bridge_name`: the first free `xapiN`.
fn choose_bridge(bridges: &[String]) -> String {
    (0..)
        .map(|n| format!("xapi{n}"))
        .find(|b| !bridges.contains(b))
        .unwrap_or_default()
}

fn text(m: &Map<String, Value>, k: &str) -> String {
    m.get(k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn int_in(m: &Map<String, Value>, k: &str) -> Result<i64, ApiError> {
    match m.get(k) {
        None => Some(0),
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .ok_or_else(|| ApiError::new(codes::FIELD_TYPE_ERROR, [k]))
}

/// `network.create(record)`: an MTU of 0 or less becomes 1500; a bridge the client names
/// must be free, at most 15 characters and not start like xapi's own; none given, the
/// first free `xapiN`.
pub fn create(call: &Call) -> Result<Value, ApiError> {
    let m = record_arg(call)?;
    let mtu = int_in(&m, "MTU")?;
    let managed = match m.get("managed") {
        None => true,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) if s == "true" || s == "false" => s == "true",
        _ => return Err(ApiError::new(codes::FIELD_TYPE_ERROR, ["managed"])),
    };
    call.authorize()?;
    let bridge = text(&m, "bridge");
    let mtu = if mtu <= 0 { 1500 } else { mtu };
    let other_config = m
        .get("other_config")
        .filter(|v| v.is_object())
        .cloned()
        .unwrap_or_else(|| json!({}));
    let tags = m
        .get("tags")
        .filter(|v| v.is_array())
        .cloned()
        .unwrap_or_else(|| json!([]));
    let fields = json!({
        "name_label": text(&m, "name_label"), "name_description": text(&m, "name_description"),
        "MTU": mtu, "managed": managed, "other_config": other_config, "tags": tags,
    });
    call.state
        .write(|db| insert(db, &bridge, fields))
        .map(Value::String)
}

/// The database side of `network.create`: the bridge checked or chosen, the record made
/// with xapi's defaults under `fields`. Returns the new network.
pub fn insert(db: &mut Db, bridge: &str, fields: Value) -> Result<String, ApiError> {
    let bridges: Vec<String> = db
        .table("network")
        .map(|t| {
            t.rows
                .keys()
                .map(|n| str_field(db, "network", n, "bridge"))
                .collect()
        })
        .unwrap_or_default();
    let bridge = if bridge.is_empty() {
        choose_bridge(&bridges)
    } else {
        if bridge.len() > 15 || BRIDGE_BLACKLIST.iter().any(|p| bridge.starts_with(p)) {
            return Err(ApiError::new(codes::INVALID_VALUE, ["bridge", bridge]));
        }
        if bridges.iter().any(|b| b == bridge) {
            return Err(ApiError::new("BRIDGE_NAME_EXISTS", [bridge]));
        }
        bridge.to_string()
    };
    let r = nics::new_ref();
    let mut f = json!({
        "uuid": nics::new_uuid(), "name_label": "", "name_description": "", "MTU": 1500,
        "bridge": bridge, "managed": true, "other_config": {}, "tags": [], "VIFs": [],
        "PIFs": [], "allowed_operations": [], "current_operations": {}, "blobs": {},
        "default_locking_mode": "unlocked", "purpose": [], "assigned_ips": {},
    });
    if let (Value::Object(base), Value::Object(over)) = (&mut f, fields) {
        base.extend(over);
    }
    db.insert("network", &r, f.as_object().cloned().unwrap_or_default());
    Ok(r)
}

/// `network.destroy(self)`: refused while VIFs are attached or reserved
/// (NETWORK_CONTAINS_VIF naming them), while PIFs are on it (NETWORK_CONTAINS_PIF), or for
/// the host-internal management network; the other VIFs go with it.
pub fn destroy(call: &Call) -> Result<Value, ApiError> {
    let net = call.str_arg(0, "self")?.to_string();
    call.authorize()?;
    call.state.write(|db| {
        must_exist(db, "network", &net)?;
        let vifs = refs(db, "network", &net, "VIFs");
        let connected: Vec<&str> = vifs
            .iter()
            .filter(|v| {
                bool_field(db, "VIF", v, "currently_attached")
                    || bool_field(db, "VIF", v, "reserved")
            })
            .map(String::as_str)
            .collect();
        if !connected.is_empty() {
            return Err(ApiError::new("NETWORK_CONTAINS_VIF", connected));
        }
        let pifs = refs(db, "network", &net, "PIFs");
        if !pifs.is_empty() {
            return Err(ApiError::new("NETWORK_CONTAINS_PIF", pifs));
        }
        let oc = map_field(db, "network", &net, "other_config");
        if oc
            .get("is_host_internal_management_network")
            .and_then(Value::as_str)
            == Some("true")
        {
            return Err(ApiError::new(
                "CANNOT_DESTROY_SYSTEM_NETWORK",
                [net.as_str()],
            ));
        }
        for vif in &vifs {
            db.delete("VIF", vif);
        }
        db.delete("network", &net);
        void()
    })
}

/// `network.set_MTU(self, value)`: xapi's generated setter, which checks nothing (a PIF
/// takes the new MTU when next plugged, `nm.ml` `determine_mtu`).
pub fn set_mtu(call: &Call) -> Result<Value, ApiError> {
    let net = call.str_arg(0, "self")?.to_string();
    let value = int_arg(call, 1, "value")?;
    call.authorize()?;
    call.state.write(|db| {
        must_exist(db, "network", &net)?;
        db.set_field("network", &net, "MTU", json!(value));
        void()
    })
}

/// `Xapi_vlan.create` on the database, after `message_forwarding`'s lookup of the tagged
/// PIF's host (HANDLE_INVALID, then HOST_OFFLINE).
fn vlan_create(db: &mut Db, tagged: &str, tag: i64, net: &str) -> Result<String, ApiError> {
    let host = nics::pif_host(db, tagged)?;
    check_live(db, &host)?;
    nics::assert_network_managed(db, net)?;
    nics::assert_no_other_local_pifs(db, &host, net)?;
    nics::assert_pif_managed(db, tagged)?;
    // `vlan_is_allowed_on_pif`: not on a bond member, not on a VLAN.
    if nics::bonded_in(db, tagged).is_some() && bool_field(db, "PIF", tagged, "physical") {
        return Err(ApiError::new("CANNOT_ADD_VLAN_TO_BOND_SLAVE", [tagged]));
    }
    if ref_field(db, "PIF", tagged, "VLAN_master_of").is_some() {
        return Err(ApiError::new("PIF_IS_VLAN", [tagged]));
    }
    if !(0..=4094).contains(&tag) {
        return Err(ApiError::new("VLAN_TAG_INVALID", [tag.to_string()]));
    }
    let device = str_field(db, "PIF", tagged, "device");
    let exists = nics::rows_where(db, "VLAN", "tagged_PIF", tagged)
        .iter()
        .any(|v| i64_field(db, "VLAN", v, "tag") == tag);
    if exists {
        return Err(ApiError::new("PIF_VLAN_EXISTS", [device.as_str()]));
    }
    // The kernel's view (`Net.Interface.has_vlan`): the device already carries this tag
    // on the host through another PIF record.
    let in_use = nics::rows_where(db, "PIF", "host", &host).iter().any(|p| {
        str_field(db, "PIF", p, "device") == device && i64_field(db, "PIF", p, "VLAN") == tag
    });
    if in_use {
        return Err(ApiError::new(
            "VLAN_IN_USE",
            [device.clone(), tag.to_string()],
        ));
    }
    let (vlan, untagged) = create_internal(db, &host, tagged, tag, net, &device);
    nics::bring_up(db, &untagged);
    Ok(vlan)
}

/// `Xapi_vlan.create_internal`: the VLAN and its untagged PIF (unplugged), with the tagged
/// PIF's MTU and metrics and xapi's VLAN MAC.
pub fn create_internal(
    db: &mut Db,
    host: &str,
    tagged: &str,
    tag: i64,
    net: &str,
    device: &str,
) -> (String, String) {
    let vlan = nics::new_ref();
    let address_type = match str_field(db, "PIF", tagged, "primary_address_type") {
        t if t.is_empty() => "IPv4".to_string(),
        t => t,
    };
    let untagged = nics::new_pif(
        db,
        json!({
            "device": device, "network": net, "host": host, "MAC": nics::VLAN_MAC,
            "MTU": i64_field(db, "PIF", tagged, "MTU"), "VLAN": tag,
            "metrics": str_field(db, "PIF", tagged, "metrics"), "VLAN_master_of": vlan,
            "primary_address_type": address_type,
        }),
    );
    let f = json!({
        "uuid": nics::new_uuid(), "tagged_PIF": tagged, "untagged_PIF": untagged, "tag": tag,
        "other_config": {},
    });
    db.insert("VLAN", &vlan, f.as_object().cloned().unwrap_or_default());
    (vlan, untagged)
}

/// `VLAN.create(tagged_PIF, tag, network)`.
pub fn create_vlan(call: &Call) -> Result<Value, ApiError> {
    let tagged = call.str_arg(0, "tagged_PIF")?.to_string();
    let tag = int_arg(call, 1, "tag")?;
    let net = call.str_arg(2, "network")?.to_string();
    call.authorize()?;
    call.state
        .write(|db| vlan_create(db, &tagged, tag, &net))
        .map(Value::String)
}

/// `Xapi_vlan.destroy` on the database.
fn vlan_destroy(db: &mut Db, vlan: &str) -> Result<(), ApiError> {
    let tagged = str_field(db, "VLAN", vlan, "tagged_PIF");
    if db.get("PIF", &tagged).is_some() {
        check_live(db, &str_field(db, "PIF", &tagged, "host"))?;
    }
    let untagged = str_field(db, "VLAN", vlan, "untagged_PIF");
    if db.get("PIF", &untagged).is_none() {
        // An orphaned record.
        db.delete("VLAN", vlan);
        return Ok(());
    }
    if nics::bonded_in(db, &untagged).is_some()
        || !refs(db, "PIF", &untagged, "bond_master_of").is_empty()
    {
        return Err(ApiError::new("PIF_ALREADY_BONDED", [untagged.as_str()]));
    }
    // `assert_not_slave_management_pif`: a member's attached management PIF.
    let host = str_field(db, "PIF", &untagged, "host");
    if super::tasks::master(db) != host
        && bool_field(db, "PIF", &untagged, "currently_attached")
        && bool_field(db, "PIF", &untagged, "management")
    {
        return Err(ApiError::new(
            "PIF_IS_MANAGEMENT_IFACE",
            [untagged.as_str()],
        ));
    }
    super::pifs::assert_no_protection(db, &untagged)?;
    if i64_field(db, "PIF", &untagged, "VLAN") < 0 {
        return Err(ApiError::new("PIF_IS_PHYSICAL", Vec::<String>::new()));
    }
    super::pifs::unplug_checked(db, &untagged)?;
    if let Some(v) = ref_field(db, "PIF", &untagged, "VLAN_master_of") {
        db.delete("VLAN", &v);
    }
    db.delete("PIF", &untagged);
    Ok(())
}

/// `VLAN.destroy(self)`.
pub fn destroy_vlan(call: &Call) -> Result<Value, ApiError> {
    let vlan = call.str_arg(0, "self")?.to_string();
    call.authorize()?;
    call.state.write(|db| {
        must_exist(db, "VLAN", &vlan)?;
        vlan_destroy(db, &vlan)
    })?;
    void()
}

/// `pool.create_VLAN_from_PIF(pif, network, VLAN)`: `VLAN.create` on the PIF of every
/// live host on `pif`'s network; the first error undoes what was made and is returned.
/// Returns the new VLAN PIFs.
pub fn create_vlan_from_pif(call: &Call) -> Result<Value, ApiError> {
    let pif = call.str_arg(0, "pif")?.to_string();
    let net = call.str_arg(1, "network")?.to_string();
    let tag = int_arg(call, 2, "VLAN")?;
    call.authorize()?;
    call.state.write(|db| {
        must_exist(db, "PIF", &pif)?;
        let base = str_field(db, "PIF", &pif, "network");
        let on_live: Vec<String> = refs(db, "network", &base, "PIFs")
            .into_iter()
            .filter(|p| is_live(db, &str_field(db, "PIF", p, "host")))
            .collect();
        let mut made = Vec::new();
        for p in &on_live {
            match vlan_create(db, p, tag, &net) {
                Ok(v) => made.push(v),
                Err(e) => {
                    for v in made.iter().rev() {
                        let _ = vlan_destroy(db, v);
                    }
                    return Err(e);
                }
            }
        }
        let pifs: Vec<Value> = made
            .iter()
            .map(|v| json!(str_field(db, "VLAN", v, "untagged_PIF")))
            .collect();
        Ok(Value::Array(pifs))
    })
}
