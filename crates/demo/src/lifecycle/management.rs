//! The management interface (`xapi_host.ml` `management_reconfigure`/`management_disable`,
//! `xapi_pool.ml` `management_reconfigure`), and where a host answers after it changes.
//!
//! A real host answers at its management PIF's address: a new address there (a new IP on
//! the management PIF, or management moved to another PIF) moves the host. The demo's hosts
//! answer on loopback addresses, so a host with an address of its own moves to another
//! one: the new IP itself when it is a loopback address, else the next free `127.0.0.N`.
//! The new address answers when the call returns, the old one stops a moment later (so the
//! call's own answer gets out), and `host.address` and the host's console locations name
//! the new one. Hosts sharing one address (a system without extra loopback addresses, or
//! a non-loopback `--listen`) stay where they are.

use super::super::rpc::Call;
use super::super::state::{DemoState, coordinator};
use super::hosts::check_live;
use super::nics::{self, bool_field, must_exist, refs};
use super::placement::str_field;
use serde_json::Value;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Duration;
use xapidb::Db;
use xenapi::error::ApiError;

tokio::task_local! {
    /// The local address the call being served arrived on (host-local calls such as
    /// `host.management_disable` act on the host that answers there).
    pub static SERVED_AT: Option<IpAddr>;
}

fn void() -> Result<Value, ApiError> {
    Ok(Value::String(String::new()))
}

/// The host's management address as its PIF says (empty without a management PIF).
pub fn management_ip(db: &Db, host: &str) -> String {
    nics::management_pif(db, host)
        .map(|p| str_field(db, "PIF", &p, "IP"))
        .unwrap_or_default()
}

/// After a change that may have given `host` a new management address (`before` was the
/// old one): the host answers at a new address when it did change.
pub fn follow(state: &Arc<DemoState>, host: &str, before: &str) {
    let after = state.read(|db| management_ip(db, host));
    if after != before {
        move_host(state, host, &after);
    }
}

/// The loopback address `host` moves to: `wanted` when it is a free loopback address,
/// else the first free one after the host's own.
fn next_address(state: &DemoState, old: Ipv4Addr, wanted: &str) -> Option<IpAddr> {
    let taken = state.consoles.addresses().all_ips();
    let free = |ip: IpAddr| !taken.contains(&ip) && !state.hosts.listeners.is_open(ip);
    if let Ok(w) = wanted.parse::<Ipv4Addr>()
        && w.is_loopback()
        && free(IpAddr::V4(w))
    {
        return Some(IpAddr::V4(w));
    }
    let [a, b, c, _] = old.octets();
    (2..=254u8)
        .map(|d| IpAddr::V4(Ipv4Addr::new(a, b, c, d)))
        .find(|ip| free(*ip))
}

/// Moves `host` to a new address (see the module's notes). Returns where it answers now.
pub fn move_host(state: &Arc<DemoState>, host: &str, wanted: &str) -> Option<IpAddr> {
    let addrs = state.consoles.addresses();
    let old = addrs.address_of(host)?;
    let IpAddr::V4(old_v4) = old else {
        return Some(old);
    };
    if !old_v4.is_loopback() || addrs.hosts_at(old) != [host.to_string()] {
        return Some(old);
    }
    let new = next_address(state, old_v4, wanted)?;
    if let Err(e) = state.hosts.listeners.open_now(new) {
        tracing::info!(%new, error = %e, "cannot serve the host's new address; it stays");
        return Some(old);
    }
    state.consoles.move_host(host, new);
    let port = addrs.port;
    let (old_base, new_base) = (
        format!(
            "{}://{}",
            addrs.scheme,
            std::net::SocketAddr::new(old, port)
        ),
        format!(
            "{}://{}",
            addrs.scheme,
            std::net::SocketAddr::new(new, port)
        ),
    );
    state.write(|db| {
        db.set_field("host", host, "address", Value::String(new.to_string()));
        let moved: Vec<(String, String)> = db
            .table("console")
            .map(|t| {
                t.rows
                    .iter()
                    .filter_map(|(r, row)| {
                        let loc = row.fields.get("location")?.as_str()?;
                        let rest = loc.strip_prefix(&old_base)?;
                        Some((r.clone(), format!("{new_base}{rest}")))
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (c, loc) in moved {
            db.set_field("console", &c, "location", Value::String(loc));
        }
    });
    close_later(state, old);
    Some(new)
}

/// Stops serving `ip` once the current call has answered.
fn close_later(state: &Arc<DemoState>, ip: IpAddr) {
    match tokio::runtime::Handle::try_current() {
        Ok(rt) => {
            let state = Arc::clone(state);
            rt.spawn(async move {
                tokio::time::sleep(Duration::from_millis(300)).await;
                state.hosts.listeners.close(ip);
            });
        }
        Err(_) => state.hosts.listeners.close(ip),
    }
}

/// `Xapi_pif.assert_usable_for_management`: not a bond member, with an address of the
/// primary type.
fn assert_usable(db: &Db, pif: &str) -> Result<(), ApiError> {
    if nics::ref_field(db, "PIF", pif, "bond_slave_of").is_some() {
        return Err(ApiError::new("CANNOT_PLUG_BOND_SLAVE", [pif]));
    }
    if str_field(db, "PIF", pif, "primary_address_type") == "IPv6" {
        if matches!(
            str_field(db, "PIF", pif, "ipv6_configuration_mode").as_str(),
            "" | "None"
        ) {
            return Err(ApiError::new("PIF_HAS_NO_V6_NETWORK_CONFIGURATION", [pif]));
        }
    } else if matches!(
        str_field(db, "PIF", pif, "ip_configuration_mode").as_str(),
        "" | "None"
    ) {
        return Err(ApiError::new("PIF_HAS_NO_NETWORK_CONFIGURATION", [pif]));
    }
    Ok(())
}

fn ha_enabled(db: &Db) -> bool {
    db.table("pool")
        .and_then(|t| t.rows.keys().next().cloned())
        .is_some_and(|p| bool_field(db, "pool", &p, "ha_enabled"))
}

/// `Xapi_pif.update_management_flags` after management moved to `pif`: it and only it is
/// the host's management PIF.
fn make_management(db: &mut Db, host: &str, pif: &str) {
    nics::bring_up(db, pif);
    for p in nics::rows_where(db, "PIF", "host", host) {
        let want = p == pif;
        if bool_field(db, "PIF", &p, "management") != want {
            db.set_field("PIF", &p, "management", Value::Bool(want));
        }
    }
}

/// The checks and the change of `Host.management_reconfigure` on the database: returns
/// the host and its management address before.
fn reconfigure(db: &mut Db, pif: &str) -> Result<(String, String), ApiError> {
    let host = nics::pif_host(db, pif)?;
    check_live(db, &host)?;
    if ha_enabled(db) {
        return Err(ApiError::new("HA_IS_ENABLED", Vec::<String>::new()));
    }
    if bool_field(db, "PIF", pif, "managed") {
        assert_usable(db, pif)?;
    }
    let before = management_ip(db, &host);
    if !bool_field(db, "PIF", pif, "management") {
        make_management(db, &host, pif);
    }
    Ok((host, before))
}

/// `host.management_reconfigure(pif)`: management moves to `pif` (nothing happens when it
/// is the management PIF already), and the host answers at its address.
pub fn host_reconfigure(call: &Call) -> Result<Value, ApiError> {
    let pif = call.str_arg(0, "pif")?.to_string();
    call.authorize()?;
    let (host, before) = call.state.write(|db| reconfigure(db, &pif))?;
    follow(call.state, &host, &before);
    void()
}

/// `pool.management_reconfigure(network)`: every host must have a PIF on the network,
/// all of one address type and usable for management; members move first, the
/// coordinator last.
pub fn pool_reconfigure(call: &Call) -> Result<Value, ApiError> {
    let net = call.str_arg(0, "network")?.to_string();
    call.authorize()?;
    let moved = call.state.write(|db| {
        if ha_enabled(db) {
            return Err(ApiError::new("HA_IS_ENABLED", Vec::<String>::new()));
        }
        must_exist(db, "network", &net)?;
        let pifs = refs(db, "network", &net, "PIFs");
        let master = coordinator(db).unwrap_or_default();
        let mut hosts: Vec<String> = db
            .table("host")
            .map(|t| t.rows.keys().cloned().collect())
            .unwrap_or_default();
        let mut chosen = Vec::new();
        for h in &hosts {
            match pifs.iter().find(|p| str_field(db, "PIF", p, "host") == *h) {
                Some(p) => chosen.push((h.clone(), p.clone())),
                None => return Err(ApiError::new("PIF_NOT_PRESENT", [h.as_str(), net.as_str()])),
            }
        }
        let kind = |p: &str| match str_field(db, "PIF", p, "primary_address_type") {
            t if t.is_empty() => "IPv4".to_string(),
            t => t,
        };
        let first = pifs.first().map(|p| kind(p)).unwrap_or_default();
        for p in &pifs {
            if kind(p) != first {
                return Err(ApiError::new(
                    "PIF_INCOMPATIBLE_PRIMARY_ADDRESS_TYPE",
                    [p.as_str()],
                ));
            }
            assert_usable(db, p)?;
        }
        hosts.sort_by_key(|h| *h == master);
        let mut moved = Vec::new();
        for h in hosts {
            if let Some((_, p)) = chosen.iter().find(|(host, _)| *host == h) {
                moved.push(reconfigure(db, p)?);
            }
        }
        Ok(moved)
    })?;
    for (host, before) in moved {
        follow(call.state, &host, &before);
    }
    void()
}

/// `host.management_disable()`: on the host the call arrived at; a member refuses
/// (SLAVE_REQUIRES_MANAGEMENT_IFACE). The host's PIFs lose the management flag and its
/// address stops answering: the API is gone from the network, as on a real host.
pub fn disable(call: &Call) -> Result<Value, ApiError> {
    call.authorize()?;
    let served = SERVED_AT.try_with(|s| *s).ok().flatten();
    let here = served
        .map(|ip| call.state.consoles.hosts_at(ip))
        .unwrap_or_default();
    let host = call.state.write(|db| {
        if ha_enabled(db) {
            return Err(ApiError::new("HA_IS_ENABLED", Vec::<String>::new()));
        }
        let master = coordinator(db).unwrap_or_default();
        let host = here.first().cloned().unwrap_or_else(|| master.clone());
        if !here.is_empty() && !here.contains(&master) {
            return Err(ApiError::new(
                "SLAVE_REQUIRES_MANAGEMENT_IFACE",
                Vec::<String>::new(),
            ));
        }
        let host = if here.contains(&master) { master } else { host };
        for p in nics::rows_where(db, "PIF", "host", &host) {
            if bool_field(db, "PIF", &p, "management") {
                db.set_field("PIF", &p, "management", Value::Bool(false));
            }
        }
        Ok(host)
    })?;
    if let Some(ip) = call.state.consoles.addresses().address_of(&host)
        && call.state.consoles.hosts_at(ip) == [host.clone()]
    {
        close_later(call.state, ip);
    }
    void()
}

/// Where `host` answers now: `scheme://address:port`.
pub fn host_url(state: &DemoState, host: &str) -> Option<String> {
    state.consoles.addresses().base_url(host)
}
