//! Per-host addresses: each host of the demo pool answers on its own loopback address, as
//! each host of a real pool answers on its own management address. A console's location and
//! a host's `/rrd_updates` then name the VM's own host, and a client that builds
//! `scheme://<host.address>:<port>` reaches that host and no other.
//!
//! - Listening on an IPv4 loopback address (the default, `127.0.0.1`), the coordinator gets
//!   that address and the other hosts the next ones (`127.0.0.2`, `127.0.0.3`, …), all on the
//!   same port; a pool with more hosts than the range gives shares addresses round-robin
//!   (at most [`MAX_LOOPBACK_HOSTS`] addresses).
//! - Where the OS has only `127.0.0.1` (macOS by default), binding the second address fails,
//!   and every host shares one address, as does any non-loopback `--listen` address.
//! - `host.address` in the database is rewritten to the address chosen, so the data says
//!   where each host answers. The listener that accepted a connection knows its own address
//!   ([`ServedAddress`]), hence which host it serves.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The most loopback addresses given to one pool (127.0.0.1 … 127.0.0.250 from the default).
pub const MAX_LOOPBACK_HOSTS: usize = 250;

/// The local address a request arrived on (an extension every listener adds to its
/// requests); which host it names is in [`HostAddresses`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServedAddress(pub IpAddr);

/// The addresses a pool of `hosts` hosts is given when listening on `listen`: one per host
/// up to the range's end, or just `listen` when it is not IPv4 loopback. Also what the demo
/// server's TLS certificate must name.
pub fn plan(listen: IpAddr, hosts: usize) -> Vec<IpAddr> {
    let IpAddr::V4(v4) = listen else {
        return vec![listen];
    };
    if !v4.is_loopback() || v4.is_unspecified() {
        return vec![listen];
    }
    let [a, b, c, d] = v4.octets();
    let room = usize::from(254u8.saturating_sub(d)) + 1;
    let n = hosts.clamp(1, MAX_LOOPBACK_HOSTS).min(room);
    (0..n)
        .map(|i| IpAddr::V4(Ipv4Addr::new(a, b, c, d + i as u8)))
        .collect()
}

/// Binds one listener per planned address, all on one port. The first is `listen` itself
/// (port 0 picks a free one); if another address cannot be bound (the OS lacks it, or the
/// port is taken there), a few new ports are tried when the port was free to choose, then
/// the pool falls back to the one address.
pub async fn bind(
    listen: SocketAddr,
    hosts: usize,
) -> std::io::Result<Vec<tokio::net::TcpListener>> {
    let ips = plan(listen.ip(), hosts);
    let attempts = if listen.port() == 0 { 5 } else { 1 };
    for _ in 0..attempts {
        let first = tokio::net::TcpListener::bind(listen).await?;
        let port = first.local_addr()?.port();
        let mut all = vec![first];
        for ip in &ips[1..] {
            match tokio::net::TcpListener::bind(SocketAddr::new(*ip, port)).await {
                Ok(l) => all.push(l),
                Err(e) => {
                    tracing::debug!(%ip, port, error = %e, "cannot bind a host's address");
                    break;
                }
            }
        }
        if all.len() == ips.len() {
            return Ok(all);
        }
    }
    tracing::info!(
        "this system gives no loopback address beyond {}: every host of the demo pool \
         shares it",
        listen.ip()
    );
    Ok(vec![tokio::net::TcpListener::bind(listen).await?])
}

/// Which hosts answer on which address, and how to reach them.
#[derive(Debug, Clone, Default)]
pub struct HostAddresses {
    /// `http` or `https`.
    pub scheme: &'static str,
    pub port: u16,
    /// Host ref → address.
    by_host: HashMap<String, IpAddr>,
    /// Address → host refs (more than one where hosts share an address), coordinator first.
    by_ip: HashMap<IpAddr, Vec<String>>,
}

impl HostAddresses {
    /// Gives `hosts` (coordinator first) the addresses in turn.
    pub fn assign(scheme: &'static str, port: u16, hosts: &[String], ips: &[IpAddr]) -> Self {
        let mut out = HostAddresses {
            scheme,
            port,
            ..HostAddresses::default()
        };
        if ips.is_empty() {
            return out;
        }
        for (i, h) in hosts.iter().enumerate() {
            let ip = ips[i % ips.len()];
            out.by_host.insert(h.clone(), ip);
            out.by_ip.entry(ip).or_default().push(h.clone());
        }
        out
    }

    /// The address `host` answers on.
    pub fn address_of(&self, host: &str) -> Option<IpAddr> {
        self.by_host.get(host).copied()
    }

    /// The hosts answering on `ip` (coordinator, or the first host, first).
    pub fn hosts_at(&self, ip: IpAddr) -> &[String] {
        self.by_ip.get(&ip).map_or(&[], Vec::as_slice)
    }

    /// Moves `host` to answer on `ip` (a management change): it leaves its old address.
    pub fn move_host(&mut self, host: &str, ip: IpAddr) {
        if let Some(old) = self.by_host.insert(host.to_string(), ip)
            && let Some(hosts) = self.by_ip.get_mut(&old)
        {
            hosts.retain(|h| h != host);
            if hosts.is_empty() {
                self.by_ip.remove(&old);
            }
        }
        self.by_ip.entry(ip).or_default().push(host.to_string());
    }

    /// Every address some host answers on.
    pub fn all_ips(&self) -> Vec<IpAddr> {
        self.by_ip.keys().copied().collect()
    }

    /// `scheme://address:port` of `host`.
    pub fn base_url(&self, host: &str) -> Option<String> {
        let ip = self.address_of(host)?;
        Some(format!(
            "{}://{}",
            self.scheme,
            SocketAddr::new(ip, self.port)
        ))
    }
}

/// The pool's hosts, coordinator first, then by name and ref: the order addresses go in.
pub fn hosts_in_order(db: &xapidb::Db) -> Vec<String> {
    let master = super::state::coordinator(db);
    let mut hosts: Vec<(bool, String, String)> = db
        .table("host")
        .map(|t| {
            t.rows
                .iter()
                .map(|(r, row)| {
                    let name = row
                        .fields
                        .get("name_label")
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_string();
                    (Some(r) != master.as_ref(), name, r.clone())
                })
                .collect()
        })
        .unwrap_or_default();
    hosts.sort();
    hosts.into_iter().map(|(_, _, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_gives_one_address_per_host_up_to_the_cap() {
        let lo: IpAddr = [127, 0, 0, 1].into();
        let p = plan(lo, 3);
        assert_eq!(p, vec![lo, [127, 0, 0, 2].into(), [127, 0, 0, 3].into()]);
        assert_eq!(plan(lo, 1000).len(), MAX_LOOPBACK_HOSTS);
        assert_eq!(plan(lo, 0), vec![lo]);
        // Near the end of the range there is less room.
        assert_eq!(plan([127, 0, 0, 250].into(), 10).len(), 5);
        // Anything else is one address.
        assert_eq!(
            plan([192, 0, 2, 1].into(), 5),
            vec![IpAddr::from([192, 0, 2, 1])]
        );
        assert_eq!(plan("::1".parse().unwrap(), 5).len(), 1);
    }

    #[tokio::test]
    async fn where_another_address_cannot_be_bound_every_host_shares_one() {
        // 127.0.0.2 taken on the port: as on a system that has no 127.0.0.2.
        let blocker = tokio::net::TcpListener::bind("127.0.0.2:0").await.unwrap();
        let port = blocker.local_addr().unwrap().port();
        let listen = SocketAddr::new([127, 0, 0, 1].into(), port);
        let all = bind(listen, 3).await.unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].local_addr().unwrap(), listen);
        // A free choice of port finds one where every address is free.
        let free = bind(SocketAddr::new([127, 0, 0, 1].into(), 0), 3)
            .await
            .unwrap();
        assert_eq!(free.len(), 3);
    }

    #[test]
    fn hosts_beyond_the_addresses_share_them() {
        let ips: Vec<IpAddr> = plan([127, 0, 0, 1].into(), 2);
        let hosts: Vec<String> = (0..5).map(|i| format!("h{i}")).collect();
        let a = HostAddresses::assign("http", 8080, &hosts, &ips);
        assert_eq!(a.hosts_at(ips[0]), ["h0", "h2", "h4"]);
        assert_eq!(a.hosts_at(ips[1]), ["h1", "h3"]);
        assert_eq!(a.base_url("h1").unwrap(), "http://127.0.0.2:8080");
        assert_eq!(a.base_url("nope"), None);
    }

    #[test]
    fn a_moved_host_leaves_its_old_address() {
        let ips: Vec<IpAddr> = plan([127, 0, 0, 1].into(), 2);
        let hosts: Vec<String> = (0..2).map(|i| format!("h{i}")).collect();
        let mut a = HostAddresses::assign("http", 8080, &hosts, &ips);
        let new: IpAddr = [127, 0, 0, 9].into();
        a.move_host("h1", new);
        assert_eq!(a.address_of("h1"), Some(new));
        assert!(a.hosts_at(ips[1]).is_empty());
        assert_eq!(a.hosts_at(new), ["h1"]);
        assert_eq!(a.base_url("h1").unwrap(), "http://127.0.0.9:8080");
    }
}
