//! `GET /rrd_updates` as xapi forwards it to xcp-rrdd (rrdd_http_handler.ml): `start`
//! (required; negative is relative to now), `interval`, `cf`, `host`, `vm_uuid` (repeatable),
//! `json` and the `Accept` header; the session from `session_id` or the cookie of that name
//! (read-only users may graph). Refusals as xapi's: no session 401, no `start` 400; what
//! rrdd raises (`start` not a number, nothing asked for with an RRD, no archive) is
//! Http_svr's 500 page naming the exception.
//!
//! A real host answers only for itself and its resident VMs, at its own address. So does the
//! demo: each host answers on its own address ([`super::addresses`]). Where hosts share an
//! address (the OS has only 127.0.0.1, a non-loopback `--listen`, or more hosts than
//! loopback addresses), it answers as the first of them (the coordinator on the shared
//! address), or as the host named by `host_uuid` (a demo-only parameter) when given.

use super::rrdd::{self, ExportRequest, VmFilter};
use super::state::DemoState;
use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use std::sync::Arc;
use xenapi::rrd::Cf;

fn reply(status: StatusCode, content_type: &'static str, body: String) -> Response {
    super::http::with_headers(status, content_type, body.into_bytes())
}

/// `Http_svr.response_internal_error`: xapi's HTML page, the exception as extra information.
pub(crate) fn internal_error(exception: &str) -> Response {
    let body = format!(
        "<html><body><h1>HTTP 500 internal server error</h1>An unexpected error occurred; \
         please wait a while and try again. If the problem persists, please contact your \
         support representative.<h1> Additional information </h1>{exception}</body></html>"
    );
    reply(StatusCode::INTERNAL_SERVER_ERROR, "text/html", body)
}

fn plain(status: StatusCode, text: &str) -> Response {
    reply(status, "text/plain", text.to_string())
}

/// The query's pairs, decoded, repeated keys kept.
pub(crate) fn pairs(raw: Option<&str>) -> Vec<(String, String)> {
    let Some(q) = raw else {
        return Vec::new();
    };
    // Url's query parser is the form decoder reqwest already brings.
    reqwest::Url::parse(&format!("http://demo/?{q}"))
        .map(|u| u.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

pub(crate) fn cookie_session(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix("session_id=").map(str::to_string))
}

/// xapi's `client_prefers_json`: the `Accept` header's preference between JSON and XML
/// (JSON first on a tie, so `*/*` gets JSON); without one, or when it names neither, the
/// `json` parameter.
pub fn prefers_json(accept: Option<&str>, json_param: bool) -> bool {
    let Some(accept) = accept else {
        return json_param;
    };
    let quality = |mime: &str| -> Option<f64> {
        let (kind, _) = mime.split_once('/')?;
        accept
            .split(',')
            .filter_map(|item| {
                let mut parts = item.split(';').map(str::trim);
                let range = parts.next()?.to_ascii_lowercase();
                let q = parts
                    .find_map(|p| p.strip_prefix("q="))
                    .and_then(|q| q.parse::<f64>().ok())
                    .unwrap_or(1.0);
                let matches = range == mime || range == format!("{kind}/*") || range == "*/*";
                matches.then_some(q)
            })
            .fold(None, |best: Option<f64>, q| {
                Some(best.map_or(q, |b| b.max(q)))
            })
            .filter(|q| *q > 0.0)
    };
    match (quality("application/json"), quality("text/xml")) {
        (Some(j), Some(x)) => j >= x,
        (Some(_), None) => true,
        (None, Some(_)) => false,
        (None, None) => json_param,
    }
}

pub async fn rrd_updates(
    State(state): State<Arc<DemoState>>,
    served: Option<Extension<super::addresses::ServedAddress>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    if state.is_stopping() {
        return plain(StatusCode::SERVICE_UNAVAILABLE, "shutting down");
    }
    let q = pairs(raw.as_deref());
    let get = |k: &str| q.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    let session = get("session_id")
        .map(str::to_string)
        .or_else(|| cookie_session(&headers));
    if session.is_none_or(|s| state.session(&s).is_none()) {
        // xapi refuses an HTTP handler without a valid session before reading anything else.
        let mut r = plain(StatusCode::UNAUTHORIZED, "a valid session_id is required");
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"xapi\""),
        );
        return r;
    }
    // xapi's forwarder wants `start` (else 400); rrdd's `Int64.of_string` raises on
    // anything but a number, which Http_svr answers with its 500 page.
    let Some(start) = get("start") else {
        return plain(StatusCode::BAD_REQUEST, "start (epoch seconds) is required");
    };
    let Ok(start) = start.parse::<i64>() else {
        return internal_error(&format!("Failure(\"Int64.of_string\") ({start:?})"));
    };
    let interval = get("interval")
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or(0);
    let vm_uuids: Vec<String> = q
        .iter()
        .filter(|(k, _)| k == "vm_uuid")
        .map(|(_, v)| v.clone())
        .collect();
    // rrdd's `uuids_filter_of`: every VM without a `vm_uuid`, else exactly those given.
    let vms = if vm_uuids.is_empty() {
        VmFilter::All
    } else {
        VmFilter::Only(vm_uuids)
    };
    let req = ExportRequest {
        start,
        interval,
        cf: get("cf").and_then(Cf::parse),
        host: get("host") == Some("true"),
        vms,
    };
    let host_uuid = get("host_uuid").map(str::to_string);
    // The host answering on the address the request arrived on.
    let here = served.and_then(|Extension(a)| state.consoles.hosts_at(a.0).into_iter().next());
    let view = state.read(|db| {
        let host_ref = match &host_uuid {
            Some(u) => db.by_uuid("host", u).map(str::to_string),
            None => here.or_else(|| super::state::coordinator(db)),
        };
        host_ref.and_then(|r| rrdd::host_view(db, &r))
    });
    let Some(view) = view else {
        return plain(StatusCode::NOT_FOUND, "no such host");
    };
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let json = prefers_json(accept, get("json").is_some());
    let last_updated = state.rrd_clock.last_updated();
    let shape = if state.config.rrd_json_data_in_meta {
        rrdd::JsonShape::DataInMeta
    } else {
        rrdd::JsonShape::Fixed
    };
    // A year of a busy host's rows is real work: off the async threads.
    let body = tokio::task::spawn_blocking(move || {
        let update = rrdd::export(&view, &req, last_updated)?;
        Ok(if json {
            rrdd::to_json_shaped(&update, shape)
        } else {
            rrdd::to_xml(&update)
        })
    })
    .await;
    match body {
        Ok(Ok(body)) if json => reply(StatusCode::OK, "application/json", body),
        Ok(Ok(body)) => reply(StatusCode::OK, "text/xml", body),
        // Http_svr's answer to the handler's exception (`Rrd.No_RRA_Available`).
        Ok(Err(rrdd::NoRra)) => internal_error("Rrd.No_RRA_Available"),
        Err(_) => internal_error("export failed"),
    }
}
