//! HTTP routes as xapi registers them: `POST /jsonrpc` is JSON-RPC, every other POST path is
//! XML-RPC (longest-prefix routing: `/`, `/RPC2`, `/xmlrpc`), with xapi's exact content types
//! (Xen Orchestra's client falls back to XML-RPC on any other) and CORS headers.

use super::rpc::{Reply, dispatch};
use super::state::DemoState;
use crate::xenapi::{ApiError, jsonrpc, xmlrpc};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

pub fn router(state: Arc<DemoState>) -> Router {
    Router::new()
        .route("/jsonrpc", axum::routing::any(json_route))
        .fallback(xml_route)
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024 * 1024))
}

fn with_headers(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
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

async fn json_route(State(state): State<Arc<DemoState>>, method: Method, body: Bytes) -> Response {
    if state.is_stopping() {
        return stopping();
    }
    if method == Method::POST {
        state.count_call(true);
    }
    if state.config.xmlrpc_only {
        // A host from before JSON-RPC: /jsonrpc falls through to the XML-RPC handler, which
        // cannot parse JSON and answers in XML. Clients detect the fallback by that
        // `text/xml` content type (Xen Orchestra's `xen-api` needs a 2xx status for it).
        if method == Method::POST && jsonrpc::decode_request(&body).is_ok() {
            let err = ApiError::new("XMLRPC_UNMARSHAL_FAILURE", ["request is not XML-RPC"]);
            let out = xmlrpc::encode_failure(&err);
            return with_headers(StatusCode::OK, "text/xml", out.into_bytes());
        }
        return serve_xml(&state, method, body).await;
    }
    if method != Method::POST {
        return preflight_or_404(&method);
    }
    let req = match jsonrpc::decode_request(&body) {
        Ok(r) => r,
        Err(e) => return malformed(&e),
    };
    let bytes = match dispatch(&state, &req.method, req.params).await {
        Reply::Ok(v) | Reply::Raw(v) => jsonrpc::encode_success(req.version, &req.id, v),
        Reply::Err(e) => jsonrpc::encode_failure(req.version, &req.id, &e),
    };
    with_headers(StatusCode::OK, "application/json", bytes)
}

async fn xml_route(State(state): State<Arc<DemoState>>, method: Method, body: Bytes) -> Response {
    if state.is_stopping() {
        return stopping();
    }
    if method == Method::POST {
        state.count_call(false);
    }
    serve_xml(&state, method, body).await
}

async fn serve_xml(state: &Arc<DemoState>, method: Method, body: Bytes) -> Response {
    if method != Method::POST {
        return preflight_or_404(&method);
    }
    let Ok(text) = std::str::from_utf8(&body) else {
        return malformed("request is not UTF-8");
    };
    let (name, params) = match xmlrpc::decode_call(text) {
        Ok(x) => x,
        Err(e) => return malformed(&e),
    };
    let out = match dispatch(state, &name, params).await {
        Reply::Ok(v) => xmlrpc::encode_success(&v, xmlrpc::Style::SERVER),
        Reply::Raw(v) => xmlrpc::encode_raw(&v, xmlrpc::Style::SERVER),
        Reply::Err(e) => xmlrpc::encode_failure(&e),
    };
    with_headers(StatusCode::OK, "text/xml", out.into_bytes())
}
