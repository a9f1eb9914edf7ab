//! Following the pool's coordinator when it goes away: after `pool.designate_new_master`
//! (the old coordinator answers HOST_IS_SLAVE naming the new one) or when it reboots or
//! fails. The connection ([`super::connection`]) asks [`find`] each time its event loop
//! loses the coordinator; [`find`] logs in at the candidates ([`candidates`]: the address a
//! member named, the pool's coordinator as last known, then every other member, each of
//! which names the coordinator it knows) with the password held in memory, and returns a
//! session with a coordinator at another address, if one answers.
//!
//! Certificates: the pool's other addresses are trusted where they present the certificate
//! already trusted for the coordinator, or the one the pool vouched for
//! (`host.get_server_certificate` over the authenticated session, as for consoles).

use std::collections::BTreeMap;
use xenapi::session::redirect_url;
use xenapi::{Credentials, Error, Session, TransportOptions, known_host_key};

/// What the connection knows of the pool's hosts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Members {
    /// Each host's management address and name.
    pub hosts: Vec<(String, String)>,
    /// The coordinator's address, as last read.
    pub coordinator: Option<String>,
    /// Certificate pins vouched for by the pool (`host:port` → SHA-256), for https.
    pub pins: BTreeMap<String, String>,
}

impl Members {
    /// The name of the host at `address` (the address itself when unknown).
    pub fn name_at(&self, address: &str) -> String {
        self.hosts
            .iter()
            .find(|(a, _)| a == address)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| address.to_string())
    }
}

/// Reads the pool's hosts and coordinator over `session` (what it cannot read stays empty).
pub async fn members(session: &Session) -> Members {
    let mut out = Members::default();
    let Ok(hosts) = session.get_all_records::<xenapi::Host>().await else {
        return out;
    };
    let https = session.base_url().scheme() == "https";
    for (r, h) in &hosts {
        if h.address.is_empty() {
            continue;
        }
        out.hosts.push((h.address.clone(), h.name_label.clone()));
        if Some(r) == session.master.as_ref() {
            out.coordinator = Some(h.address.clone());
        }
        if https
            && let Some(pin) = vouched(session, r.as_str()).await
            && let Ok(url) = redirect_url(session.base_url(), &h.address)
            && let Ok(url) = reqwest::Url::parse(&url)
        {
            out.pins.insert(known_host_key(&url), pin);
        }
    }
    out.hosts.sort();
    out
}

/// The SHA-256 fingerprint of the certificate the pool says `host` serves.
async fn vouched(session: &Session, host: &str) -> Option<String> {
    let pem: String = session
        .call_as("host.get_server_certificate", &[serde_json::json!(host)])
        .await
        .ok()?;
    let (_, p) = x509_parser::pem::parse_x509_pem(pem.as_bytes()).ok()?;
    Some(xenapi::tls::fingerprint(&p.contents))
}

/// The address a HOST_IS_SLAVE error names, if `e` is one.
pub fn named_coordinator(e: &Error) -> Option<String> {
    if !e.is_code(xenapi::error::codes::HOST_IS_SLAVE) {
        return None;
    }
    e.api()
        .and_then(|a| a.params.first())
        .filter(|a| !a.is_empty())
        .cloned()
}

/// The URLs to try, in order and without repeats, leaving out `current` (the event loop
/// keeps trying it): the address a member named, the coordinator as last known, then every
/// other member.
pub fn candidates(current: &reqwest::Url, named: Option<&str>, members: &Members) -> Vec<String> {
    let here = current.as_str().to_string();
    let mut out: Vec<String> = Vec::new();
    let addresses = named
        .into_iter()
        .chain(members.coordinator.as_deref())
        .chain(members.hosts.iter().map(|(a, _)| a.as_str()));
    for a in addresses {
        if let Ok(url) = redirect_url(current, a)
            && url != here
            && !out.contains(&url)
        {
            out.push(url);
        }
    }
    out
}

/// Pins for the pool's other addresses: the pool's vouched ones, and at every address the
/// certificate already trusted for the coordinator (the same certificate elsewhere in the
/// pool, as a pool behind one certificate serves it).
pub fn pins_for(
    current: &reqwest::Url,
    options: &TransportOptions,
    members: &Members,
) -> BTreeMap<String, String> {
    let mut pins = options.pins.clone();
    if let Some(trusted) = options.pins.get(&known_host_key(current)).cloned() {
        for (a, _) in &members.hosts {
            if let Ok(url) = redirect_url(current, a)
                && let Ok(url) = reqwest::Url::parse(&url)
            {
                pins.entry(known_host_key(&url))
                    .or_insert_with(|| trusted.clone());
            }
        }
    }
    pins.extend(members.pins.clone());
    pins
}

/// Logs in at each candidate in turn (a login follows HOST_IS_SLAVE to the coordinator the
/// member knows); the first session with a coordinator other than `current`.
pub async fn find(
    current: &reqwest::Url,
    named: Option<&str>,
    members: &Members,
    credentials: &Credentials,
    options: &TransportOptions,
) -> Option<Session> {
    let mut opts = options.clone();
    opts.pins = pins_for(current, options, members);
    for url in candidates(current, named, members) {
        match Session::login(&url, credentials.clone(), opts.clone()).await {
            Ok(s) if s.base_url() != current => return Some(s),
            // Led back to the coordinator we had: the event loop gets there by itself.
            Ok(s) => {
                let _ = s.logout().await;
            }
            Err(e) => tracing::debug!(%url, error = %e, "no coordinator there"),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members() -> Members {
        Members {
            hosts: vec![
                ("10.0.0.1".into(), "xcp-01".into()),
                ("10.0.0.2".into(), "xcp-02".into()),
                ("10.0.0.3".into(), "xcp-03".into()),
            ],
            coordinator: Some("10.0.0.1".into()),
            pins: BTreeMap::new(),
        }
    }

    #[test]
    fn the_named_coordinator_comes_first_then_the_members_never_the_current_one() {
        let current = reqwest::Url::parse("https://10.0.0.1:8443/").unwrap();
        assert_eq!(
            candidates(&current, Some("10.0.0.3"), &members()),
            ["https://10.0.0.3:8443/", "https://10.0.0.2:8443/",]
        );
        assert_eq!(
            candidates(&current, None, &members()),
            ["https://10.0.0.2:8443/", "https://10.0.0.3:8443/"]
        );
        assert_eq!(members().name_at("10.0.0.2"), "xcp-02");
        assert_eq!(members().name_at("10.9.9.9"), "10.9.9.9");
    }

    #[test]
    fn the_trusted_certificate_is_trusted_at_the_pools_other_addresses_only() {
        let current = reqwest::Url::parse("https://10.0.0.1:8443/").unwrap();
        let mut options = TransportOptions::default();
        options.pins.insert("10.0.0.1:8443".into(), "AA".into());
        let mut m = members();
        m.pins.insert("10.0.0.3:8443".into(), "CC".into());
        let pins = pins_for(&current, &options, &m);
        assert_eq!(pins.get("10.0.0.2:8443").map(String::as_str), Some("AA"));
        assert_eq!(pins.get("10.0.0.3:8443").map(String::as_str), Some("CC"));
        assert_eq!(pins.get("10.9.9.9:8443"), None);
        // Nothing pinned (a CA-signed coordinator): nothing to copy.
        let plain = pins_for(&current, &TransportOptions::default(), &members());
        assert!(plain.is_empty());
    }
}
