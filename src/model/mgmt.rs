//! A server's management and storage (secondary) interfaces: what the dialog sends, and
//! whether it could cut this client off.
//!
//! As XenCenter's `XenAdmin/Dialogs/NetworkingProperties*` and
//! `XenModel/Actions/Network/ChangeNetworkingAction.cs`, checked against xapi
//! (`xapi_pif.ml` `reconfigure_ip`: a static address needs a valid IPv4 address and
//! netmask, the gateway and DNS valid when given; `xapi_host.ml` `management_reconfigure`):
//! the new interface gets its address first, then `host.management_reconfigure` moves the
//! management role to it, then the old interface loses its address. Changing only the
//! address of the management interface is one `PIF.reconfigure_ip`.

use super::vm_plans::{Arg, Plan, Step, quote};
use serde_json::{Value, json};
use std::net::Ipv4Addr;
use xenapi::{Cache, Host, Pif, Ref};

fn r<T>(x: &Ref<T>) -> Arg {
    Arg::Value(Value::String(x.as_str().into()))
}

/// What the Management interface dialog edits.
#[derive(Debug, Clone, PartialEq)]
pub struct MgmtForm {
    /// The interface to carry management (or, for a storage interface, the one edited).
    pub pif: Ref<Pif>,
    pub dhcp: bool,
    pub ip: String,
    pub netmask: String,
    pub gateway: String,
    pub dns: String,
}

/// A field xapi would refuse (`INVALID_IP_ADDRESS_SPECIFIED`), by its Fluent id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MgmtInvalid {
    Ip,
    Netmask,
    Gateway,
    Dns,
}

impl MgmtInvalid {
    pub fn id(self) -> &'static str {
        match self {
            MgmtInvalid::Ip => "mgmt-err-ip",
            MgmtInvalid::Netmask => "mgmt-err-netmask",
            MgmtInvalid::Gateway => "mgmt-err-gateway",
            MgmtInvalid::Dns => "mgmt-err-dns",
        }
    }
}

/// The server's management interface.
pub fn management_pif(cache: &Cache, host: &Ref<Host>) -> Option<Ref<Pif>> {
    cache
        .pifs
        .iter()
        .find(|(_, p)| p.host == *host && p.management)
        .map(|(r, _)| r.clone())
}

/// The interfaces that may carry management on `host`: not bond members, managed.
pub fn candidates(cache: &Cache, host: &Ref<Host>) -> Vec<Ref<Pif>> {
    let mut out: Vec<(&Ref<Pif>, &Pif)> = cache
        .pifs
        .iter()
        .filter(|(_, p)| {
            p.host == *host
                && p.managed != Some(false)
                && !cache.bonds.contains_key(&p.bond_slave_of)
        })
        .collect();
    out.sort_by(|a, b| {
        super::natural::compare(
            &super::names::pif_sort_key(cache, a.1),
            &super::names::pif_sort_key(cache, b.1),
        )
    });
    out.into_iter().map(|(r, _)| r.clone()).collect()
}

/// The storage (secondary) interfaces of `host`: an address, not management.
pub fn secondaries(cache: &Cache, host: &Ref<Host>) -> Vec<Ref<Pif>> {
    cache
        .pifs
        .iter()
        .filter(|(_, p)| {
            p.host == *host
                && !p.management
                && (p.other_config.contains_key("management_purpose")
                    || p.ip_configuration_mode != "None" && !p.ip_configuration_mode.is_empty())
        })
        .map(|(r, _)| r.clone())
        .collect()
}

fn valid(s: &str) -> bool {
    s.trim().parse::<Ipv4Addr>().is_ok()
}

impl MgmtForm {
    pub fn of(cache: &Cache, pif: &Ref<Pif>) -> Option<MgmtForm> {
        let p = cache.pifs.get(pif)?;
        Some(MgmtForm {
            pif: pif.clone(),
            dhcp: p.ip_configuration_mode.eq_ignore_ascii_case("DHCP"),
            ip: p.ip.clone(),
            netmask: p.netmask.clone(),
            gateway: p.gateway.clone(),
            dns: p.dns.clone(),
        })
    }

    /// What xapi would refuse, first field first.
    pub fn invalid(&self) -> Option<MgmtInvalid> {
        if self.dhcp {
            return None;
        }
        if !valid(&self.ip) {
            return Some(MgmtInvalid::Ip);
        }
        if !valid(&self.netmask) {
            return Some(MgmtInvalid::Netmask);
        }
        if !self.gateway.trim().is_empty() && !valid(&self.gateway) {
            return Some(MgmtInvalid::Gateway);
        }
        let dns_ok = self
            .dns
            .split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .all(valid);
        (!dns_ok).then_some(MgmtInvalid::Dns)
    }

    fn reconfigure(&self, cache: &Cache, plan: &mut Plan) {
        let mode = if self.dhcp { "DHCP" } else { "Static" };
        let (ip, mask, gw, dns) = if self.dhcp {
            Default::default()
        } else {
            (
                self.ip.trim().to_string(),
                self.netmask.trim().to_string(),
                self.gateway.trim().to_string(),
                self.dns.trim().to_string(),
            )
        };
        plan.steps.push(Step::call(
            "PIF.reconfigure_ip",
            vec![
                r(&self.pif),
                Arg::Value(json!(mode)),
                Arg::Value(json!(ip)),
                Arg::Value(json!(mask)),
                Arg::Value(json!(gw)),
                Arg::Value(json!(dns)),
            ],
        ));
        let uuid = cache
            .pifs
            .get(&self.pif)
            .map(|p| p.uuid.clone())
            .unwrap_or_default();
        let mut line = format!(
            "xe pif-reconfigure-ip uuid={uuid} mode={}",
            mode.to_lowercase()
        );
        if !self.dhcp {
            line.push_str(&format!(" IP={ip} netmask={mask}"));
            if !gw.is_empty() {
                line.push_str(&format!(" gateway={gw}"));
            }
            if !dns.is_empty() {
                line.push_str(&format!(" DNS={}", quote(&dns)));
            }
        }
        plan.xe.push(line);
    }

    /// A storage interface's address alone: one `PIF.reconfigure_ip`.
    pub fn address_plan(&self, cache: &Cache) -> Plan {
        let mut plan = Plan::default();
        self.reconfigure(cache, &mut plan);
        plan
    }

    /// The calls: the address of the chosen interface, then (when it is another one than
    /// today's) the management role moved to it and the old one's address cleared.
    pub fn plan(&self, cache: &Cache, host: &Ref<Host>) -> Plan {
        let mut plan = Plan::default();
        self.reconfigure(cache, &mut plan);
        let old = management_pif(cache, host);
        if old.as_ref().is_some_and(|o| *o != self.pif) {
            let uuid = cache
                .pifs
                .get(&self.pif)
                .map(|p| p.uuid.clone())
                .unwrap_or_default();
            plan.steps.push(Step::call(
                "host.management_reconfigure",
                vec![r(&self.pif)],
            ));
            plan.xe
                .push(format!("xe host-management-reconfigure pif-uuid={uuid}"));
            if let Some(o) = old {
                let ouuid = cache
                    .pifs
                    .get(&o)
                    .map(|p| p.uuid.clone())
                    .unwrap_or_default();
                plan.steps.push(Step::call(
                    "PIF.reconfigure_ip",
                    vec![
                        r(&o),
                        Arg::Value(json!("None")),
                        Arg::Value(json!("")),
                        Arg::Value(json!("")),
                        Arg::Value(json!("")),
                        Arg::Value(json!("")),
                    ],
                ));
                plan.xe
                    .push(format!("xe pif-reconfigure-ip uuid={ouuid} mode=none"));
            }
        }
        plan
    }

    /// The address the server will answer at afterwards: `None` when DHCP decides.
    pub fn new_address(&self) -> Option<String> {
        (!self.dhcp).then(|| self.ip.trim().to_string())
    }
}

/// What the change means for this client's connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Risk {
    /// The address this client talks to stays.
    None,
    /// This client is connected to this server at `from`; afterwards it answers at `to`
    /// (the app reconnects there).
    Moves { from: String, to: String },
    /// This client is connected to this server, and DHCP picks the next address: the app
    /// looks for it through the pool's other servers, which may not find it.
    Unknown { from: String },
    /// Another server: this client's connection stays; the server may lose touch with the
    /// pool if the new address cannot reach the coordinator.
    Member,
}

/// Whether applying `form` to `host` could cut off a client connected to the pool at
/// `connected` (the address or name it logged in at).
pub fn risk(cache: &Cache, host: &Ref<Host>, form: &MgmtForm, connected: &str) -> Risk {
    let Some(h) = cache.hosts.get(host) else {
        return Risk::None;
    };
    // This client talks to the coordinator, whatever name or address it used for it.
    let ours = cache.pool().is_some_and(|(_, p)| p.master == *host)
        || h.address == connected
        || cache
            .pifs
            .values()
            .any(|p| p.host == *host && p.management && p.ip == connected);
    // The address moves only with another NIC, another mode or another IP (a new netmask,
    // gateway or DNS leaves it where it is, whatever name this client used).
    let changes = management_pif(cache, host).as_ref() != Some(&form.pif)
        || cache.pifs.get(&form.pif).is_some_and(|p| {
            form.dhcp != p.ip_configuration_mode.eq_ignore_ascii_case("DHCP")
                || (!form.dhcp && p.ip != form.ip.trim())
        });
    if !changes {
        return Risk::None;
    }
    if !ours {
        return Risk::Member;
    }
    match form.new_address() {
        Some(to) if to == connected => Risk::None,
        Some(to) => Risk::Moves {
            from: connected.to_string(),
            to,
        },
        None => Risk::Unknown {
            from: connected.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Cache {
        xapidb::cache_of(&demo::demo_pool())
    }

    fn form(c: &Cache) -> (Ref<Host>, MgmtForm) {
        let host = c
            .pool()
            .map(|(_, p)| p.master.clone())
            .expect("coordinator");
        let pif = management_pif(c, &host).expect("management");
        (host, MgmtForm::of(c, &pif).expect("form"))
    }

    #[test]
    fn a_static_address_needs_a_valid_ip_and_netmask_as_xapi_checks() {
        let c = demo();
        let (_, mut f) = form(&c);
        f.dhcp = false;
        f.ip = "10.0.0.300".into();
        assert_eq!(f.invalid(), Some(MgmtInvalid::Ip));
        f.ip = "10.0.0.30".into();
        f.netmask = String::new();
        assert_eq!(f.invalid(), Some(MgmtInvalid::Netmask));
        f.netmask = "255.255.255.0".into();
        f.gateway = "x".into();
        assert_eq!(f.invalid(), Some(MgmtInvalid::Gateway));
        f.gateway = String::new();
        f.dns = "8.8.8.8, nope".into();
        assert_eq!(f.invalid(), Some(MgmtInvalid::Dns));
        f.dns = "8.8.8.8,1.1.1.1".into();
        assert_eq!(f.invalid(), None);
        f.ip = "bad".into();
        f.dhcp = true;
        assert_eq!(f.invalid(), None, "DHCP asks nothing");
    }

    #[test]
    fn a_new_address_on_the_same_nic_is_one_call_and_says_it_moves_this_client() {
        let c = demo();
        let (host, mut f) = form(&c);
        let at = c
            .hosts
            .get(&host)
            .map(|h| h.address.clone())
            .unwrap_or_default();
        f.dhcp = false;
        f.ip = "192.0.2.77".into();
        f.netmask = "255.255.255.0".into();
        let plan = f.plan(&c, &host);
        assert_eq!(plan.steps.len(), 1);
        assert_eq!(plan.steps[0].method, "PIF.reconfigure_ip");
        assert!(plan.xe[0].contains("mode=static IP=192.0.2.77 netmask=255.255.255.0"));
        assert_eq!(
            risk(&c, &host, &f, &at),
            Risk::Moves {
                from: at.clone(),
                to: "192.0.2.77".into()
            }
        );
        f.dhcp = true;
        assert_eq!(risk(&c, &host, &f, &at), Risk::Unknown { from: at.clone() });
        // The same IP with another netmask: connected by another name, it still stays.
        let (_, mut same) = form(&c);
        same.netmask = "255.0.0.0".into();
        assert_eq!(risk(&c, &host, &same, "pool.example"), Risk::None);
        // Another server's change leaves this client's connection alone.
        let member = c
            .hosts
            .keys()
            .find(|h| **h != host)
            .expect("a member")
            .clone();
        let mut g = MgmtForm::of(&c, &management_pif(&c, &member).expect("its NIC")).expect("form");
        assert_eq!(risk(&c, &member, &g, &at), Risk::None, "nothing changed");
        g.dhcp = false;
        g.ip = "192.0.2.78".into();
        assert_eq!(risk(&c, &member, &g, &at), Risk::Member);
    }

    #[test]
    fn moving_management_to_another_nic_reconfigures_then_clears_the_old_one() {
        let c = demo();
        let (host, mut f) = form(&c);
        let old = f.pif.clone();
        let Some(other) = candidates(&c, &host).into_iter().find(|p| *p != old) else {
            return; // a demo pool with one NIC per host: nothing to move to
        };
        f.pif = other.clone();
        f.dhcp = true;
        let plan = f.plan(&c, &host);
        let methods: Vec<&str> = plan.steps.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(
            methods,
            [
                "PIF.reconfigure_ip",
                "host.management_reconfigure",
                "PIF.reconfigure_ip"
            ]
        );
        assert_eq!(plan.steps[2].args[0], r(&old));
        assert!(plan.xe[1].starts_with("xe host-management-reconfigure pif-uuid="));
    }

    #[test]
    fn a_storage_interface_gets_one_reconfigure_and_management_stays() {
        let c = demo();
        let (host, _) = form(&c);
        let storage = secondaries(&c, &host);
        assert_eq!(
            storage.len(),
            1,
            "the coordinator's VLAN 42 storage address"
        );
        let mut f = MgmtForm::of(&c, &storage[0]).expect("form");
        assert!(!f.dhcp && !f.ip.is_empty(), "a static storage address");
        f.ip = "10.42.0.99".into();
        let plan = f.address_plan(&c);
        assert_eq!(plan.steps.len(), 1, "no management move");
        assert_eq!(plan.steps[0].method, "PIF.reconfigure_ip");
        assert_eq!(plan.steps[0].args[0], r(&storage[0]));
        assert_eq!(plan.steps[0].args[2], Arg::Value(json!("10.42.0.99")));
        assert!(
            plan.xe[0].contains("mode=static IP=10.42.0.99"),
            "{}",
            plan.xe[0]
        );
        assert_ne!(management_pif(&c, &host), Some(storage[0].clone()));
    }
}
