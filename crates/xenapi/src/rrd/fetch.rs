//! `GET /rrd_updates` on one host. Each host answers only for itself and the VMs resident
//! on it, so a caller polls every host that runs something shown, each at its own address
//! ([`host_transport`] carries the session's certificate pins there).

use super::{Cf, RrdError, Update, decode};
use crate::error::{Error, ErrorKind};
use crate::session::Session;
use crate::transport::{Transport, TransportOptions};

/// The reply format to ask for. xapi ≥ 23.17 follows `Accept` (JSON winning for `*/*`),
/// older hosts the `json` parameter, and the oldest only write XML: [`decode()`] reads both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// JSON (`json=true`, `Accept: application/json`).
    #[default]
    Json,
    /// rrdtool's xport XML (`Accept: text/xml`).
    Xml,
}

/// What to ask a host for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RrdQuery {
    /// Epoch seconds; negative is relative to the host's last update. Poll incrementally
    /// from the previous reply's `end` ([`super::Store::next_start`]). A first poll asks for
    /// one step less than the archive's span ([`first_start`]).
    pub start: i64,
    /// Seconds: picks the archive (5, 60, 3600 or 86400).
    pub interval: u32,
    /// `None` returns every CF.
    pub cf: Option<Cf>,
    /// Include the host's own data sources.
    pub host: bool,
    /// Only these VMs (resident on the host); empty means all of them.
    pub vm_uuids: Vec<String>,
    /// The reply format to ask for.
    pub format: Format,
}

impl Default for RrdQuery {
    fn default() -> Self {
        RrdQuery {
            start: first_start(5, 120),
            interval: 5,
            cf: Some(Cf::Average),
            host: true,
            vm_uuids: Vec::new(),
            format: Format::Json,
        }
    }
}

/// The `start` of a first poll for an archive of `rows` rows `step` seconds apart: one step
/// less than its span. xcp-rrdd picks the archive with a strict `t > oldest row`
/// (`Rrd.find_best_rras`), so asking for the whole span (`-600` for 10 minutes) is answered
/// from the next coarser archive whenever `floor(last_updated)` sits on a step.
pub fn first_start(step: u32, rows: usize) -> i64 {
    -(i64::from(step) * (rows as i64 - 1))
}

/// Why a poll failed: the HTTP exchange (the host's status, connection, certificate,
/// deadline, size), or a reply that does not decode.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    /// The request failed, or the host answered with a status other than 200.
    #[error(transparent)]
    Call(Error),
    /// The host has no figures for what was asked yet (HTTP 500 from xcp-rrdd's
    /// `No_RRA_Available`: a VM that has just started, or has no RRD on this host).
    #[error("rrd_updates ({host}): no data yet")]
    NoData {
        /// The host (and port) polled.
        host: String,
    },
    /// The reply did not decode.
    #[error("rrd_updates ({host}): malformed reply: {error}")]
    Reply {
        /// The host (and port) polled.
        host: String,
        /// What was wrong with the reply.
        error: RrdError,
    },
}

impl FetchError {
    /// The host refused the session (HTTP 401/403: log in again).
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, FetchError::Call(e) if matches!(e.kind, ErrorKind::HttpStatus(401 | 403)))
    }
}

/// A transport to another host of the pool (`host_url`, e.g. `https://` + its address),
/// with the session's pins and reply cap: a pool member's certificate is pinned like the
/// coordinator's.
pub fn host_transport(session: &Session, host_url: &str) -> Result<Transport, Error> {
    let own = session.transport();
    let options = TransportOptions {
        pins: own.pins().clone(),
        max_reply_bytes: own.max_reply_bytes(),
        ..TransportOptions::default()
    };
    Transport::new(host_url, &options)
}

/// The query string xapi reads, in XenCenter's and XO Lite's order.
fn query_pairs(session_ref: &str, q: &RrdQuery) -> Vec<(&'static str, String)> {
    let mut pairs = vec![
        ("session_id", session_ref.to_string()),
        ("start", q.start.to_string()),
    ];
    if let Some(cf) = q.cf {
        pairs.push(("cf", cf.as_str().to_string()));
    }
    pairs.push(("interval", q.interval.to_string()));
    if q.host {
        pairs.push(("host", "true".into()));
    }
    for uuid in &q.vm_uuids {
        pairs.push(("vm_uuid", uuid.clone()));
    }
    if q.format == Format::Json {
        pairs.push(("json", "true".into()));
    }
    pairs
}

/// Polls `/rrd_updates` on the host behind `transport` with `session_ref`.
pub async fn rrd_updates(
    transport: &Transport,
    session_ref: &str,
    q: &RrdQuery,
) -> Result<Update, FetchError> {
    const WHAT: &str = "rrd_updates";
    let pairs = query_pairs(session_ref, q);
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let accept = match q.format {
        Format::Json => "application/json",
        Format::Xml => "text/xml",
    };
    let (status, ct, body) = transport
        .get("/rrd_updates", &borrowed, accept, WHAT)
        .await
        .map_err(FetchError::Call)?;
    if status == 500 {
        // rrdd's handler raised: `No_RRA_Available` (Http_svr's 500 page names it; older
        // hosts said less), the only failure it has for a request with a `start`.
        return Err(FetchError::NoData {
            host: transport.host_label().to_string(),
        });
    }
    if status != 200 {
        let host = transport.host_label();
        return Err(FetchError::Call(Error::new(
            host,
            WHAT,
            ErrorKind::HttpStatus(status),
        )));
    }
    decode(&ct, &body).map_err(|error| FetchError::Reply {
        host: transport.host_label().to_string(),
        error,
    })
}
