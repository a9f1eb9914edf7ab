//! PIF methods with xapi's rules (`xapi_pif.ml`, forwarded to the PIF's host as
//! `message_forwarding.ml` does: HANDLE_INVALID, then HOST_OFFLINE): `plug`, `unplug`,
//! `forget`, `set_property`, `reconfigure_ip`, `reconfigure_ipv6`. A change of the
//! management PIF's address moves where the host answers ([`super::management`]).

use super::super::rpc::Call;
use super::hosts::check_live;
use super::management;
use super::nics::{self, NULL, bool_field, ref_field, refs};
use super::placement::{i64_field, str_field};
use serde_json::{Value, json};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use xapidb::Db;
use xenapi::error::ApiError;

fn void() -> Result<Value, ApiError> {
    Ok(Value::String(String::new()))
}

/// `message_forwarding`'s lookup: the PIF (HANDLE_INVALID), its host live (HOST_OFFLINE).
fn forwarded(db: &Db, pif: &str) -> Result<String, ApiError> {
    let host = nics::pif_host(db, pif)?;
    check_live(db, &host)?;
    Ok(host)
}

fn pool_flag(db: &Db, f: &str) -> bool {
    db.table("pool")
        .and_then(|t| t.rows.keys().next().cloned())
        .is_some_and(|p| bool_field(db, "pool", &p, f))
}

/// `Xapi_pif.assert_no_protection_enabled`: an attached PIF is not reconfigured under HA
/// or the redo log.
pub fn assert_no_protection(db: &Db, pif: &str) -> Result<(), ApiError> {
    if bool_field(db, "PIF", pif, "currently_attached") {
        if pool_flag(db, "ha_enabled") {
            return Err(ApiError::new("HA_IS_ENABLED", Vec::<String>::new()));
        }
        if pool_flag(db, "redo_log_enabled") {
            return Err(ApiError::new("REDO_LOG_IS_ENABLED", Vec::<String>::new()));
        }
    }
    Ok(())
}

/// `Xapi_pif.unplug` on the database (also run by `VLAN.destroy`).
pub fn unplug_checked(db: &mut Db, pif: &str) -> Result<(), ApiError> {
    nics::assert_pif_managed(db, pif)?;
    assert_no_protection(db, pif)?;
    nics::assert_not_management(db, pif)?;
    // `assert_network_has_no_vifs_in_use_on_me`: a running VM here using the network.
    let host = str_field(db, "PIF", pif, "host");
    let net = str_field(db, "PIF", pif, "network");
    for vif in refs(db, "network", &net, "VIFs") {
        let vm = str_field(db, "VIF", &vif, "VM");
        let live = matches!(
            str_field(db, "VM", &vm, "power_state").as_str(),
            "Running" | "Paused"
        );
        if bool_field(db, "VIF", &vif, "currently_attached")
            && str_field(db, "VM", &vm, "resident_on") == host
            && live
        {
            return Err(ApiError::new("VIF_IN_USE", [net.as_str(), vif.as_str()]));
        }
    }
    if bool_field(db, "PIF", pif, "disallow_unplug") {
        return Err(ApiError::new("PIF_DOES_NOT_ALLOW_UNPLUG", [pif]));
    }
    if ref_field(db, "PIF", pif, "bond_slave_of").is_none() {
        nics::bring_down(db, pif);
    }
    Ok(())
}

/// `PIF.unplug(self)`.
pub fn unplug(call: &Call) -> Result<Value, ApiError> {
    let pif = call.str_arg(0, "self")?.to_string();
    call.authorize()?;
    call.state.write(|db| {
        forwarded(db, &pif)?;
        unplug_checked(db, &pif)
    })?;
    void()
}

/// `PIF.plug(self)`: a bond member cannot be plugged on its own.
pub fn plug(call: &Call) -> Result<Value, ApiError> {
    let pif = call.str_arg(0, "self")?.to_string();
    call.authorize()?;
    call.state.write(|db| {
        forwarded(db, &pif)?;
        nics::assert_pif_managed(db, &pif)?;
        let physical = bool_field(db, "PIF", &pif, "physical");
        if physical && nics::bonded_in(db, &pif).is_some() {
            return Err(ApiError::new("CANNOT_PLUG_BOND_SLAVE", [pif.as_str()]));
        }
        nics::bring_up(db, &pif);
        Ok(())
    })?;
    void()
}

/// `PIF.forget(self)`: not the management PIF, not bonded, no VLAN on or above it; its
/// metrics go with it.
pub fn forget(call: &Call) -> Result<Value, ApiError> {
    let pif = call.str_arg(0, "self")?.to_string();
    call.authorize()?;
    call.state.write(|db| {
        forwarded(db, &pif)?;
        nics::assert_not_management(db, &pif)?;
        if nics::bonded_in(db, &pif).is_some()
            || !refs(db, "PIF", &pif, "bond_master_of").is_empty()
        {
            return Err(ApiError::new("PIF_ALREADY_BONDED", [pif.as_str()]));
        }
        if !refs(db, "PIF", &pif, "VLAN_slave_of").is_empty()
            || i64_field(db, "PIF", &pif, "VLAN") != -1
        {
            return Err(ApiError::new("PIF_VLAN_STILL_EXISTS", [pif.as_str()]));
        }
        if !refs(db, "PIF", &pif, "tunnel_transport_PIF_of").is_empty()
            || !refs(db, "PIF", &pif, "tunnel_access_PIF_of").is_empty()
        {
            return Err(ApiError::new("PIF_TUNNEL_STILL_EXISTS", [pif.as_str()]));
        }
        assert_no_protection(db, &pif)?;
        if bool_field(db, "PIF", &pif, "managed") {
            nics::bring_down(db, &pif);
        }
        if let Some(m) = ref_field(db, "PIF", &pif, "metrics") {
            db.delete("PIF_metrics", &m);
        }
        db.delete("PIF", &pif);
        Ok(())
    })?;
    void()
}

/// `PIF.set_property(self, name, value)`: only `gro` = on|off, only on physical PIFs and
/// bond masters (a bond's members follow their master).
pub fn set_property(call: &Call) -> Result<Value, ApiError> {
    let pif = call.str_arg(0, "self")?.to_string();
    let name = call.str_arg(1, "name")?.to_string();
    let value = call.str_arg(2, "value")?.to_string();
    call.authorize()?;
    call.state.write(|db| {
        forwarded(db, &pif)?;
        if name != "gro" || !matches!(value.as_str(), "on" | "off") {
            return Err(ApiError::new(
                "INVALID_VALUE",
                ["properties".to_string(), format!("{name} = {value}")],
            ));
        }
        let masters = refs(db, "PIF", &pif, "bond_master_of");
        let has_properties = !masters.is_empty() || bool_field(db, "PIF", &pif, "physical");
        if !has_properties || ref_field(db, "PIF", &pif, "bond_slave_of").is_some() {
            return Err(ApiError::new(
                "CANNOT_CHANGE_PIF_PROPERTIES",
                [pif.as_str()],
            ));
        }
        let mut props = nics::map_field(db, "PIF", &pif, "properties");
        props.insert(name.clone(), json!(value));
        db.set_field("PIF", &pif, "properties", Value::Object(props.clone()));
        for bond in masters {
            for slave in refs(db, "Bond", &bond, "slaves") {
                db.set_field("PIF", &slave, "properties", Value::Object(props.clone()));
            }
        }
        // Made to happen on the PIF and the VLANs on it, when the PIF is attached.
        if bool_field(db, "PIF", &pif, "currently_attached") {
            let vlans: Vec<String> = refs(db, "PIF", &pif, "VLAN_slave_of")
                .iter()
                .map(|v| str_field(db, "VLAN", v, "untagged_PIF"))
                .filter(|u| db.get("PIF", u).is_some())
                .collect();
            nics::bring_up(db, &pif);
            for u in vlans {
                nics::bring_up(db, &u);
            }
        }
        Ok(())
    })?;
    void()
}

fn valid_v4(s: &str) -> bool {
    s.parse::<Ipv4Addr>().is_ok()
}

/// `Helpers.assert_is_valid_cidr `ipv6`: an address with a prefix length.
fn valid_v6_cidr(s: &str) -> bool {
    s.split_once('/').is_some_and(|(a, p)| {
        a.parse::<Ipv6Addr>().is_ok() && p.parse::<u8>().is_ok_and(|p| p <= 128)
    })
}

fn invalid_ip(field: &str) -> ApiError {
    ApiError::new("INVALID_IP_ADDRESS_SPECIFIED", [field])
}

/// The DNS servers of one family (`Xapi_pif.restrict_to`).
fn dns_of(dns: &str, v6: bool) -> Vec<String> {
    dns.split(',')
        .map(str::trim)
        .filter(|d| match d.parse::<IpAddr>() {
            Ok(IpAddr::V6(_)) => v6,
            Ok(IpAddr::V4(_)) => !v6,
            Err(_) => false,
        })
        .map(str::to_string)
        .collect()
}

fn mode_arg<'a>(call: &'a Call, modes: &[&str]) -> Result<&'a str, ApiError> {
    let mode = call.str_arg(1, "mode")?;
    if modes.contains(&mode) {
        Ok(mode)
    } else {
        Err(ApiError::new("INVALID_VALUE", ["mode", mode]))
    }
}

/// `PIF.reconfigure_ip(self, mode, IP, netmask, gateway, DNS)`: Static needs a valid IP
/// and netmask; any address given must be valid; the management PIF keeps a mode. On the
/// management PIF a new address moves where the host answers.
pub fn reconfigure_ip(call: &Call) -> Result<Value, ApiError> {
    let pif = call.str_arg(0, "self")?.to_string();
    let mode = mode_arg(call, &["None", "DHCP", "Static"])?.to_string();
    let ip = call.str_arg(2, "IP")?.to_string();
    let netmask = call.str_arg(3, "netmask")?.to_string();
    let gateway = call.str_arg(4, "gateway")?.to_string();
    let dns = call.str_arg(5, "DNS")?.to_string();
    call.authorize()?;
    let (host, before) = call.state.write(|db| {
        let host = forwarded(db, &pif)?;
        let before = management::management_ip(db, &host);
        nics::assert_pif_managed(db, &pif)?;
        let unchanged = mode == "Static"
            && str_field(db, "PIF", &pif, "ip_configuration_mode") == mode
            && str_field(db, "PIF", &pif, "IP") == ip
            && str_field(db, "PIF", &pif, "netmask") == netmask
            && str_field(db, "PIF", &pif, "gateway") == gateway;
        if !unchanged {
            assert_no_protection(db, &pif)?;
        }
        if mode == "Static" {
            if !valid_v4(&ip) {
                return Err(invalid_ip("IP"));
            }
            if !valid_v4(&netmask) {
                return Err(invalid_ip("netmask"));
            }
        }
        for (field, v) in [("IP", &ip), ("netmask", &netmask), ("gateway", &gateway)] {
            if !v.is_empty() && !valid_v4(v) {
                return Err(invalid_ip(field));
            }
        }
        let management = bool_field(db, "PIF", &pif, "management");
        let v4_primary = str_field(db, "PIF", &pif, "primary_address_type") != "IPv6";
        if management && mode == "None" && v4_primary {
            return Err(ApiError::new("PIF_IS_MANAGEMENT_IFACE", [pif.as_str()]));
        }
        let mut all_dns = dns_of(&dns, false);
        all_dns.extend(dns_of(&str_field(db, "PIF", &pif, "DNS"), true));
        // DHCP hands out an address of the PIF's network (the demo's lease server).
        let ip = if mode == "DHCP" && ip.is_empty() {
            dhcp_lease(db, &pif)
        } else {
            ip.clone()
        };
        for (f, v) in [
            ("ip_configuration_mode", json!(mode)),
            ("IP", json!(ip)),
            ("netmask", json!(netmask)),
            ("gateway", json!(gateway)),
            ("DNS", json!(all_dns.join(","))),
        ] {
            db.set_field("PIF", &pif, f, v);
        }
        if bool_field(db, "PIF", &pif, "currently_attached") {
            nics::bring_up(db, &pif);
        }
        Ok((host, before))
    })?;
    management::follow(call.state, &host, &before);
    void()
}

/// The address a DHCP server gives the PIF: its current one if it has one, else one
/// derived from its MAC.
fn dhcp_lease(db: &Db, pif: &str) -> String {
    let current = str_field(db, "PIF", pif, "IP");
    if !current.is_empty() {
        return current;
    }
    let mac = str_field(db, "PIF", pif, "MAC");
    let last = mac
        .rsplit(':')
        .next()
        .and_then(|b| u8::from_str_radix(b, 16).ok())
        .unwrap_or(0);
    format!("10.0.0.{}", u16::from(last) % 250 + 2)
}

/// `PIF.reconfigure_ipv6(self, mode, IPv6, gateway, DNS)`.
pub fn reconfigure_ipv6(call: &Call) -> Result<Value, ApiError> {
    let pif = call.str_arg(0, "self")?.to_string();
    let mode = mode_arg(call, &["None", "DHCP", "Static", "Autoconf"])?.to_string();
    let ipv6 = call.str_arg(2, "IPv6")?.to_string();
    let gateway = call.str_arg(3, "gateway")?.to_string();
    let dns = call.str_arg(4, "DNS")?.to_string();
    call.authorize()?;
    call.state.write(|db| {
        forwarded(db, &pif)?;
        nics::assert_pif_managed(db, &pif)?;
        let current: Vec<String> = refs(db, "PIF", &pif, "IPv6");
        let unchanged = mode == "Static"
            && str_field(db, "PIF", &pif, "ipv6_configuration_mode") == mode
            && current == [ipv6.clone()]
            && str_field(db, "PIF", &pif, "ipv6_gateway") == gateway;
        if !unchanged {
            assert_no_protection(db, &pif)?;
        }
        if !gateway.is_empty() && gateway.parse::<Ipv6Addr>().is_err() {
            return Err(invalid_ip("gateway"));
        }
        if !ipv6.is_empty() && !valid_v6_cidr(&ipv6) {
            return Err(invalid_ip("IPv6"));
        }
        let management = bool_field(db, "PIF", &pif, "management");
        let v6_primary = str_field(db, "PIF", &pif, "primary_address_type") == "IPv6";
        if management && mode == "None" && v6_primary {
            return Err(ApiError::new("PIF_IS_MANAGEMENT_IFACE", [pif.as_str()]));
        }
        let mut all_dns = dns_of(&dns, true);
        all_dns.extend(dns_of(&str_field(db, "PIF", &pif, "DNS"), false));
        for (f, v) in [
            ("ipv6_configuration_mode", json!(mode)),
            ("ipv6_gateway", json!(gateway)),
            ("IPv6", json!([ipv6])),
            ("DNS", json!(all_dns.join(","))),
        ] {
            db.set_field("PIF", &pif, f, v);
        }
        if bool_field(db, "PIF", &pif, "currently_attached") {
            nics::bring_up(db, &pif);
        }
        Ok(())
    })?;
    void()
}

/// Whether `pif` is NULL or unknown (for callers that accept either).
pub fn is_null(db: &Db, pif: &str) -> bool {
    pif == NULL || db.get("PIF", pif).is_none()
}
