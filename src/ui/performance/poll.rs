//! Polling `/rrd_updates` for what the Performance tab shows, off the UI thread.
//!
//! Each host answers only for itself and its resident VMs, so every host that runs what is
//! shown is polled at its own address: the pool connection's scheme and port with the
//! host's `address`, pinned as the pool connection is
//! ([`xenapi::rrd::fetch::host_transport`]). A VM is polled on its `resident_on`
//! host, falling back to the coordinator only when that is unknown, as XenCenter does
//! (ArchiveMaintainer.cs `UpdateUri`). Transports are kept per address between polls, so
//! connections are reused.
//!
//! The reply is decoded and merged in the background; the UI only reads what was merged.

use crate::model::graphs::overview::Overview;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use xenapi::rrd::fetch::host_transport;
use xenapi::rrd::{Cf, FetchError, ObjectKind, RrdQuery, Store, Update, rrd_updates};
use xenapi::transport::Transport;
use xenapi::{Cache, Error, Host, Ref, Session, Vm};

/// One host to poll: its uuid, name (for messages) and URL.
#[derive(Debug, Clone, PartialEq)]
pub struct HostJob {
    pub uuid: String,
    pub name: String,
    pub url: String,
    pub query: RrdQuery,
}

/// Why one host's poll failed.
#[derive(Debug, Clone, PartialEq)]
pub enum PollError {
    /// The host has no address we can reach (empty or malformed).
    NoAddress,
    /// No transport could be made to the host.
    Transport(Error),
    /// The request or the reply failed.
    Fetch(FetchError),
}

impl PollError {
    /// The host has nothing for it yet: said as a note, not an error.
    pub fn is_no_data(&self) -> bool {
        matches!(self, PollError::Fetch(FetchError::NoData { .. }))
    }
}

/// A failed host, named for the user.
#[derive(Debug, Clone, PartialEq)]
pub struct HostError {
    pub host: String,
    pub error: Box<PollError>,
}

/// The URL of `address` with the scheme and port of the pool connection `base`.
pub fn host_url(base: &reqwest::Url, address: &str) -> Option<String> {
    let address = address.trim();
    if address.is_empty() {
        return None;
    }
    let mut url = base.clone();
    let host = if address.contains(':') && !address.starts_with('[') {
        format!("[{address}]")
    } else {
        address.to_string()
    };
    url.set_host(Some(&host)).ok()?;
    Some(url.as_str().trim_end_matches('/').to_string())
}

/// The host a VM's data comes from: its `resident_on`, or the coordinator when unknown.
pub fn host_of_vm<'a>(cache: &'a Cache, vm: &Vm) -> Option<(&'a Ref<Host>, &'a Host)> {
    cache.hosts.get_key_value(&vm.resident_on).or_else(|| {
        let (_, pool) = cache.pool()?;
        cache.hosts.get_key_value(&pool.master)
    })
}

fn job(base: &reqwest::Url, host: &Host, query: RrdQuery) -> Result<HostJob, HostError> {
    let name = if host.name_label.is_empty() {
        host.address.clone()
    } else {
        host.name_label.clone()
    };
    match host_url(base, &host.address) {
        Some(url) => Ok(HostJob {
            uuid: host.uuid.clone(),
            name,
            url,
            query,
        }),
        None => Err(HostError {
            host: name,
            error: Box::new(PollError::NoAddress),
        }),
    }
}

/// What to poll for one shown object, with `start` per host from `next_start` (else
/// `first_start`, relative).
pub fn object_jobs(
    cache: &Cache,
    base: &reqwest::Url,
    kind: ObjectKind,
    uuid: &str,
    interval: u32,
    first_start: i64,
    next_start: impl Fn(&str) -> Option<i64>,
) -> Vec<Result<HostJob, HostError>> {
    let query = |host_uuid: &str, host: bool, vms: Vec<String>| RrdQuery {
        start: next_start(host_uuid).unwrap_or(first_start),
        interval,
        cf: Some(Cf::Average),
        host,
        vm_uuids: vms,
        ..RrdQuery::default()
    };
    match kind {
        ObjectKind::Vm => {
            let Some(vm) = cache.vms.values().find(|v| v.uuid == uuid) else {
                return Vec::new();
            };
            host_of_vm(cache, vm)
                .map(|(_, h)| job(base, h, query(&h.uuid, false, vec![uuid.to_string()])))
                .into_iter()
                .collect()
        }
        _ => cache
            .hosts
            .values()
            .filter(|h| h.uuid == uuid)
            // "none": the host's own sources only, not every resident VM's.
            .map(|h| job(base, h, query(&h.uuid, true, vec!["none".into()])))
            .collect(),
    }
}

/// Every host of the pool, each for itself and all its VMs (the overview).
pub fn pool_jobs(
    cache: &Cache,
    base: &reqwest::Url,
    first_start: i64,
    next_start: impl Fn(&str) -> Option<i64>,
) -> Vec<Result<HostJob, HostError>> {
    let mut hosts: Vec<&Host> = cache.hosts.values().collect();
    hosts.sort_by(|a, b| a.uuid.cmp(&b.uuid));
    hosts
        .into_iter()
        .map(|h| {
            let q = RrdQuery {
                start: next_start(&h.uuid).unwrap_or(first_start),
                interval: 5,
                cf: Some(Cf::Average),
                host: true,
                vm_uuids: Vec::new(),
                ..RrdQuery::default()
            };
            job(base, h, q)
        })
        .collect()
}

/// Transports kept per URL between polls.
pub type Transports = Arc<Mutex<HashMap<String, Arc<Transport>>>>;

fn transport(pool: &Transports, session: &Session, url: &str) -> Result<Arc<Transport>, Error> {
    if let Some(t) = pool.lock().ok().and_then(|m| m.get(url).cloned()) {
        return Ok(t);
    }
    let t = Arc::new(host_transport(session, url)?);
    if let Ok(mut m) = pool.lock() {
        m.insert(url.to_string(), t.clone());
    }
    Ok(t)
}

/// Where a poll's replies go.
#[derive(Clone)]
pub enum Sink {
    /// A graph's series (one archive).
    Store(Arc<Mutex<Store>>),
    /// The pool overview's figures.
    Overview(Arc<Mutex<Overview>>),
}

impl Sink {
    /// Merges one host's reply, whichever archive it came from.
    pub fn merge(&self, host_uuid: &str, update: &Update) {
        match self {
            Sink::Store(s) => {
                let mut s = s.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                s.merge(host_uuid, update);
            }
            Sink::Overview(o) => {
                let mut o = o.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                o.merge_from(host_uuid, update);
            }
        }
    }
}

/// Polls every job at once; merges each reply as it comes. Returns the failures.
pub async fn run(
    session: Arc<Session>,
    transports: Transports,
    jobs: Vec<HostJob>,
    sink: Sink,
) -> Vec<HostError> {
    let session_ref = session.session_ref();
    let polls = jobs.into_iter().map(|j| {
        let (session, transports, sink, session_ref) = (
            session.clone(),
            transports.clone(),
            sink.clone(),
            session_ref.clone(),
        );
        async move {
            let fail = |error| HostError {
                host: j.name.clone(),
                error: Box::new(error),
            };
            let t = transport(&transports, &session, &j.url)
                .map_err(|e| fail(PollError::Transport(e)))?;
            let update = rrd_updates(&t, &session_ref, &j.query)
                .await
                .map_err(|e| fail(PollError::Fetch(e)))?;
            sink.merge(&j.uuid, &update);
            Ok(())
        }
    });
    futures_join(polls).await
}

/// Runs the polls concurrently and keeps the errors.
async fn futures_join<F>(polls: impl Iterator<Item = F>) -> Vec<HostError>
where
    F: std::future::Future<Output = Result<(), HostError>> + Send + 'static,
{
    let handles: Vec<_> = polls.map(tokio::spawn).collect();
    let mut errors = Vec::new();
    for h in handles {
        if let Ok(Err(e)) = h.await {
            errors.push(e);
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_url_keeps_the_pool_connection_s_scheme_and_port() {
        let base = reqwest::Url::parse("https://10.0.0.1:8443").unwrap();
        assert_eq!(
            host_url(&base, "10.0.0.7").as_deref(),
            Some("https://10.0.0.7:8443")
        );
        assert_eq!(
            host_url(&base, "fe80::1").as_deref(),
            Some("https://[fe80::1]:8443")
        );
        let plain = reqwest::Url::parse("http://127.0.0.1:4000").unwrap();
        assert_eq!(
            host_url(&plain, "127.0.0.3").as_deref(),
            Some("http://127.0.0.3:4000")
        );
        assert_eq!(host_url(&base, " "), None);
    }

    #[test]
    fn a_vm_is_polled_where_it_runs_and_on_the_coordinator_when_unknown() {
        use xenapi::Pool;
        let mut c = Cache::default();
        let base = reqwest::Url::parse("https://10.0.0.1").unwrap();
        for (r, uuid, addr) in [
            ("OpaqueRef:h1", "h1", "10.0.0.1"),
            ("OpaqueRef:h2", "h2", "10.0.0.2"),
        ] {
            c.hosts.insert(
                Ref::new(r),
                Host {
                    uuid: uuid.into(),
                    address: addr.into(),
                    ..Host::default()
                },
            );
        }
        c.pools.insert(
            Ref::new("OpaqueRef:p"),
            Pool {
                master: Ref::new("OpaqueRef:h1"),
                ..Pool::default()
            },
        );
        c.vms.insert(
            Ref::new("OpaqueRef:v"),
            Vm {
                uuid: "v".into(),
                resident_on: Ref::new("OpaqueRef:h2"),
                ..Vm::default()
            },
        );
        let jobs = object_jobs(&c, &base, ObjectKind::Vm, "v", 5, -600, |_| None);
        let j = jobs[0].as_ref().unwrap();
        assert_eq!(
            (j.url.as_str(), j.uuid.as_str()),
            ("https://10.0.0.2", "h2")
        );
        assert_eq!(
            (j.query.host, j.query.vm_uuids.clone()),
            (false, vec!["v".into()])
        );
        // It moved back to the coordinator and a poll there already ended at 1000.
        if let Some(vm) = c.vms.values_mut().next() {
            vm.resident_on = Ref::null();
        }
        let jobs = object_jobs(&c, &base, ObjectKind::Vm, "v", 5, -600, |h| {
            (h == "h1").then_some(1000)
        });
        let j = jobs[0].as_ref().unwrap();
        assert_eq!((j.url.as_str(), j.query.start), ("https://10.0.0.1", 1000));
        let all = pool_jobs(&c, &base, -120, |_| None);
        assert_eq!(all.len(), 2);
        assert!(all.iter().all(|j| j.as_ref().unwrap().query.host));
    }
}
