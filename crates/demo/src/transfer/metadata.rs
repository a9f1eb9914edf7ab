//! `GET /export_metadata?uuid=|ref=` (xapi `export.ml` `metadata_handler`): the VM's
//! `ova.xml` alone in a tar, the power state kept (`preserve_power_state:true`), its
//! snapshots and their devices described unless `export_snapshots=false`, built whole
//! before the reply so it carries `Content-Length`, as xapi sends it.

use super::{authorize, complete, get, plain, task_of};
use crate::state::DemoState;
use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::Value;
use std::sync::Arc;
use xenapi::ApiError;
use xenapi::error::codes;

pub async fn handler(
    State(state): State<Arc<DemoState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    if state.is_stopping() {
        return plain(StatusCode::SERVICE_UNAVAILABLE, "shutting down");
    }
    let q = super::super::rrd_http::pairs(raw.as_deref());
    if let Err(r) = authorize(&state, &q, &headers) {
        return *r;
    }
    let task = task_of(&state, &q);
    if get(&q, "all").is_some_and(|a| a == "true") {
        // Every VM at once is not simulated: said, not half-done.
        let e = ApiError::new(
            codes::INTERNAL_ERROR,
            ["the demo exports the metadata of one VM at a time"],
        );
        let text = e.to_description().join(" ");
        complete(&state, task.as_deref(), Err(e));
        return plain(StatusCode::INTERNAL_SERVER_ERROR, &text);
    }
    // `export_snapshots_from_request`: true unless the query says otherwise; a value that
    // is not a boolean fails as xapi's `bool_of_string` does.
    let export_snapshots = match get(&q, "export_snapshots") {
        None | Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(other) => Err(ApiError::new(
            codes::INTERNAL_ERROR,
            [format!(
                "Invalid_argument(\"bool_of_string\") export_snapshots={other}"
            )],
        )),
    };
    let built = state.read(|db| {
        let vm = super::export::vm_of(db, &q)?;
        let scope = super::export::Scope {
            preserve_power_state: true,
            snapshots: export_snapshots?,
        };
        let (ova, _) = super::export::plan(db, &vm, scope);
        let mut tar = xva::write::entry("ova.xml", ova.encode().as_bytes())
            .map_err(|e| ApiError::new(codes::INTERNAL_ERROR, [e.to_string()]))?;
        tar.extend_from_slice(&xva::write::end());
        Ok::<_, ApiError>(tar)
    });
    let tar = match built {
        Ok(t) => t,
        Err(e) => {
            // xapi answers 500 and the task carries the error.
            let text = e.to_description().join(" ");
            complete(&state, task.as_deref(), Err(e));
            return plain(StatusCode::INTERNAL_SERVER_ERROR, &text);
        }
    };
    complete(&state, task.as_deref(), Ok(Value::String(String::new())));
    let len = tar.len();
    let mut r = Response::new(Body::from(tar));
    let h = r.headers_mut();
    if let Some(t) = task.and_then(|t| HeaderValue::from_str(&t).ok()) {
        h.insert("task-id", t);
    }
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"export.xva\""),
    );
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}
