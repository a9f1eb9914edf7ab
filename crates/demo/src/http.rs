//! HTTP routes as xapi registers them: `POST /jsonrpc` is JSON-RPC, every other POST path is
//! XML-RPC (longest-prefix routing: `/`, `/RPC2`, `/xmlrpc`), with xapi's exact content types
//! (Xen Orchestra's client falls back to XML-RPC on any other) and CORS headers.
//!
//! Bodies are read by [`super::limits::read_body`] (size, time and large-request limits),
//! not by an extractor, so a request over the limit is refused before it is read.

use super::lifecycle::management::SERVED_AT;
use super::lifecycle::reboot::{Answering, answering_at};
use super::limits::{Refusal, read_body};
use super::rpc::{Reply, dispatch};
use super::state::DemoState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use xenapi::{ApiError, jsonrpc, xmlrpc};

/// The routes. Serve them with connect info (`into_make_service_with_connect_info::<
/// SocketAddr>`) so logins are limited per source; without it all callers share one source.
pub fn router(state: Arc<DemoState>) -> Router {
    Router::new()
        .route("/jsonrpc", axum::routing::any(json_route))
        // xapi's HTTP handlers (GET only; POST there is XML-RPC, as on any other path).
        .route(
            "/rrd_updates",
            axum::routing::get(super::rrd_http::rrd_updates).post(xml_route),
        )
        // xapi's connect_console: CONNECT, then raw RFB (POST there is XML-RPC too).
        .route(
            "/console",
            axum::routing::on(
                axum::routing::MethodFilter::CONNECT,
                super::console::tunnel::connect,
            )
            .fallback(xml_route),
        )
        // xapi's VM transfers (`get_export`, `put_import`).
        .route(
            "/export",
            axum::routing::get(super::transfer::export::handler).post(xml_route),
        )
        .route(
            "/export_metadata",
            axum::routing::get(super::transfer::metadata::handler).post(xml_route),
        )
        .route(
            "/import",
            axum::routing::put(super::transfer::import::handler).post(xml_route),
        )
        // One disk's contents (`put_import_raw_vdi`, `get_export_raw_vdi`).
        .route(
            "/import_raw_vdi",
            axum::routing::put(super::transfer::raw_vdi::import).post(xml_route),
        )
        .route(
            "/export_raw_vdi",
            axum::routing::get(super::transfer::raw_vdi::export).post(xml_route),
        )
        .fallback(xml_route)
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::disable())
}

/// A request's method, caller and body, read within the server's limits.
struct Incoming<'a> {
    method: Method,
    peer: Option<IpAddr>,
    body: Bytes,
    /// Held while the request is decoded and served.
    _slot: Option<tokio::sync::SemaphorePermit<'a>>,
    /// The address it came in on (which host it asks).
    served: Option<IpAddr>,
}

async fn incoming(state: &DemoState, req: Request) -> Result<Incoming<'_>, Response> {
    let (parts, body) = req.into_parts();
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let limits = &state.config.limits;
    let (body, slot) = read_body(limits, &state.large_requests, body)
        .await
        .map_err(refused)?;
    let served = parts
        .extensions
        .get::<super::addresses::ServedAddress>()
        .map(|s| s.0);
    Ok(Incoming {
        method: parts.method,
        peer,
        body,
        _slot: slot,
        served,
    })
}

/// The answer to a body that was not read; the connection is closed after it, as the rest
/// of the body may still be on its way.
fn refused(why: Refusal) -> Response {
    let (status, text) = match why {
        Refusal::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "request body too large"),
        Refusal::Busy => (
            StatusCode::SERVICE_UNAVAILABLE,
            "too many large requests at once; try again",
        ),
        Refusal::Timeout => (StatusCode::REQUEST_TIMEOUT, "request body too slow"),
        Refusal::Broken => (StatusCode::BAD_REQUEST, "unreadable request body"),
    };
    let mut r = with_headers(status, "text/plain", text.as_bytes().to_vec());
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

/// A reply with xapi's content type and CORS headers (the RPC routes and `/rrd_updates`).
pub(super) fn with_headers(
    status: StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
) -> Response {
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    h.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static("X-Requested-With"),
    );
    r
}

/// xapi answers unparseable requests with HTTP 500 and an HTML body.
fn malformed(detail: &str) -> Response {
    tracing::debug!(%detail, "malformed request");
    let body = format!(
        "<html><body><h1>HTTP 500 internal server error</h1>An unexpected error occurred; please wait a while and try again. If the problem persists, please contact your support representative.</body></html>\n<!-- {} -->",
        detail.replace("--", "- -")
    );
    with_headers(
        StatusCode::INTERNAL_SERVER_ERROR,
        "text/html",
        body.into_bytes(),
    )
}

fn preflight_or_404(method: &Method) -> Response {
    if method == Method::OPTIONS {
        with_headers(StatusCode::OK, "text/plain", Vec::new())
    } else {
        with_headers(StatusCode::NOT_FOUND, "text/plain", b"not found".to_vec())
    }
}

/// What a host going down answers on a connection still open (a client treats it as the
/// connection failing).
fn stopping() -> Response {
    with_headers(
        StatusCode::SERVICE_UNAVAILABLE,
        "text/plain",
        b"shutting down".to_vec(),
    )
}

/// What a pool member or an address without its coordinator answers instead of serving a
/// call: HOST_IS_SLAVE naming the coordinator's address for a login (as xapi's members
/// answer, even while the coordinator is away), HTTP 503 for any other call while the
/// coordinator is away (`Err`); `None` to serve the call.
fn not_served_here(
    state: &DemoState,
    served: Option<IpAddr>,
    method: &str,
) -> Option<Result<ApiError, Response>> {
    let login = matches!(
        method,
        "session.login_with_password" | "session_login_with_password"
    );
    match answering_at(state, served) {
        Answering::Coordinator => None,
        Answering::Nobody => Some(Err(stopping())),
        Answering::Member {
            coordinator_address,
            ..
        } if login => Some(Ok(ApiError::new(
            xenapi::error::codes::HOST_IS_SLAVE,
            [coordinator_address],
        ))),
        Answering::Member {
            coordinator_up: false,
            ..
        } => Some(Err(stopping())),
        Answering::Member { .. } => None,
    }
}

async fn json_route(State(state): State<Arc<DemoState>>, req: Request) -> Response {
    if state.is_stopping() {
        return stopping();
    }
    let req = match incoming(&state, req).await {
        Ok(r) => r,
        Err(refusal) => return refusal,
    };
    let (method, body) = (req.method.clone(), &req.body);
    if method == Method::POST {
        state.count_call(true);
    }
    if state.config.xmlrpc_only {
        // A host from before JSON-RPC: /jsonrpc falls through to the XML-RPC handler, which
        // cannot parse JSON and answers in XML. Clients detect the fallback by that
        // `text/xml` content type (Xen Orchestra's `xen-api` needs a 2xx status for it).
        if method == Method::POST && jsonrpc::decode_request(body).is_ok() {
            let err = ApiError::new("XMLRPC_UNMARSHAL_FAILURE", ["request is not XML-RPC"]);
            let out = xmlrpc::encode_failure(&err);
            return with_headers(StatusCode::OK, "text/xml", out.into_bytes());
        }
        return serve_xml(&state, &req).await;
    }
    if method != Method::POST {
        return preflight_or_404(&method);
    }
    let call = match jsonrpc::decode_request(body) {
        Ok(r) => r,
        Err(e) => return malformed(&e.to_string()),
    };
    match not_served_here(&state, req.served, &call.method) {
        Some(Err(refusal)) => return refusal,
        Some(Ok(e)) => {
            let bytes = jsonrpc::encode_failure(call.version, &call.id, &e);
            return with_headers(StatusCode::OK, "application/json", bytes);
        }
        None => {}
    }
    let served = SERVED_AT.scope(
        req.served,
        dispatch(&state, req.peer, &call.method, call.params),
    );
    let bytes = match served.await {
        Reply::Ok(v) | Reply::Raw(v) => jsonrpc::encode_success(call.version, &call.id, v),
        Reply::Err(e) => jsonrpc::encode_failure(call.version, &call.id, &e),
    };
    with_headers(StatusCode::OK, "application/json", bytes)
}

async fn xml_route(State(state): State<Arc<DemoState>>, req: Request) -> Response {
    if state.is_stopping() {
        return stopping();
    }
    let req = match incoming(&state, req).await {
        Ok(r) => r,
        Err(refusal) => return refusal,
    };
    if req.method == Method::POST {
        state.count_call(false);
    }
    serve_xml(&state, &req).await
}

async fn serve_xml(state: &Arc<DemoState>, req: &Incoming<'_>) -> Response {
    if req.method != Method::POST {
        return preflight_or_404(&req.method);
    }
    let Ok(text) = std::str::from_utf8(&req.body) else {
        return malformed("request is not UTF-8");
    };
    let (name, params) = match xmlrpc::decode_call(text) {
        Ok(x) => x,
        Err(e) => return malformed(&e.to_string()),
    };
    match not_served_here(state, req.served, &name) {
        Some(Err(refusal)) => return refusal,
        Some(Ok(e)) => {
            let out = xmlrpc::encode_failure(&e);
            return with_headers(StatusCode::OK, "text/xml", out.into_bytes());
        }
        None => {}
    }
    let served = SERVED_AT.scope(req.served, dispatch(state, req.peer, &name, params));
    let out = match served.await {
        Reply::Ok(v) => xmlrpc::encode_success(&v, xmlrpc::Style::SERVER),
        Reply::Raw(v) => xmlrpc::encode_raw(&v, xmlrpc::Style::SERVER),
        Reply::Err(e) => xmlrpc::encode_failure(&e),
    };
    with_headers(StatusCode::OK, "text/xml", out.into_bytes())
}
