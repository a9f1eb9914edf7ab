//! `PUT /import` (xapi `import.ml` `handler`): an XVA, plain, gzip or zstd, read as it
//! arrives. In xapi's order, before a byte is read: an unknown SR, a host that cannot see
//! the SR (a 302 to one that can), an ISO SR (`SR_OPERATION_NOT_SUPPORTED`), chunked
//! encoding (`IMPORT_ERROR_CANNOT_HANDLE_CHUNKED`); then `200 OK` and the body. When
//! `ova.xml` has been read the objects are made as [`super::import_objects`] says (the
//! task's `other_config` says `object_creation=complete`); then each chunk is checked and
//! written. `restore=true` is not simulated: an import always gets new uuids and MACs. Any failure removes
//! what the import made, unless `force=true` (as xapi), and fails the task. Snapshots the
//! file carries are made as snapshots, then linked to the new VM (`snapshot_of`, `parent`,
//! as `update_snapshot_and_parent_links`). The task's result is the set of new VMs, their
//! snapshots left out unless the file held only snapshots (`complete_import`).

use super::import_objects::{Made, Making, NULL, undo};
use super::{authorize, complete, get, plain, progress, redirect, task_of};
use crate::addresses::ServedAddress;
use crate::state::DemoState;
use axum::body::Body;
use axum::extract::{Extension, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use futures_util::StreamExt;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use xapidb::Db;
use xenapi::ApiError;
use xenapi::error::codes;
use xva::ova::Ova;

/// The sink of an import: makes the objects from `ova.xml`, writes the chunks to them.
struct Importer {
    state: Arc<DemoState>,
    sr: String,
    task: Option<String>,
    made: Made,
    /// A disk's data directory in the file (`Ref:3`) → the new VDI and its size.
    disks: HashMap<String, (String, u64)>,
    /// `force=true`: a missing memory image is no error (nor is anything removed).
    force: bool,
}

impl Importer {
    fn make(&mut self, db: &mut Db, ova: &Ova) -> Result<(), ApiError> {
        let task = self.task.clone().unwrap_or_else(|| NULL.into());
        Making::new(&self.sr, &task, self.force).make(db, ova, &mut self.made, &mut self.disks)?;
        if let Some(t) = &self.task {
            db.update("task", t, |f| {
                if let Some(Value::Object(oc)) = f.get_mut("other_config") {
                    oc.insert("object_creation".into(), json!("complete"));
                }
            });
        }
        Ok(())
    }

    /// Removes what the import made.
    fn undo(&self) {
        self.state.write(|db| undo(db, &self.made));
        for r in &self.made.vdis {
            self.state.disks.forget(r);
        }
    }
}

impl xva::Sink for Importer {
    fn ova(&mut self, xml: &str) -> Result<(), xva::Error> {
        let ova = Ova::decode(xml)?;
        let state = self.state.clone();
        state
            .write(|db| self.make(db, &ova))
            .map_err(|e| xva::Error::Sink(e.to_description().join(" ")))
    }

    fn chunk(&mut self, disk: &str, index: u64, data: &[u8]) -> Result<(), xva::Error> {
        let Some((vdi, size)) = self.disks.get(disk) else {
            return Err(xva::Error::Sink(format!(
                "IMPORT_ERROR_FAILED_TO_FIND_OBJECT {disk}"
            )));
        };
        if index * xva::CHUNK + data.len() as u64 > *size {
            return Err(xva::Error::Malformed(format!(
                "{disk}: chunk {index} lies past the disk's {size} bytes"
            )));
        }
        if !self.state.disks.put(vdi, index, data) {
            return Err(xva::Error::Sink(
                "SR_FULL the demo's disk store is full".into(),
            ));
        }
        Ok(())
    }
}

/// xapi's error for a failed import.
fn api_error(e: &xva::Error) -> ApiError {
    match e {
        xva::Error::Sink(text) => {
            let mut parts = text.splitn(2, ' ');
            let code = parts.next().unwrap_or("IMPORT_ERROR_GENERIC");
            if code.chars().all(|c| c.is_ascii_uppercase() || c == '_') && !code.is_empty() {
                ApiError::new(
                    code,
                    parts
                        .next()
                        .map(|p| vec![p.to_string()])
                        .unwrap_or_default(),
                )
            } else {
                ApiError::new("IMPORT_ERROR_GENERIC", [text.as_str()])
            }
        }
        other => {
            let (code, params) = other.code();
            ApiError::new(code, params)
        }
    }
}

/// The SR the import writes to: `sr_id`, `sr_uuid`, else the pool's default.
fn target_sr(db: &Db, q: &[(String, String)]) -> Result<String, (StatusCode, ApiError)> {
    let sr = if let Some(r) = get(q, "sr_id") {
        db.get("SR", r)
            .map(|_| r.to_string())
            .ok_or_else(|| ApiError::new(codes::HANDLE_INVALID, ["SR", r]))
    } else if let Some(u) = get(q, "sr_uuid") {
        db.by_uuid("SR", u)
            .map(str::to_string)
            .ok_or_else(|| ApiError::new(codes::UUID_INVALID, ["SR", u]))
    } else {
        db.table("pool")
            .and_then(|t| t.rows.values().next())
            .and_then(|p| p.fields.get("default_SR"))
            .and_then(Value::as_str)
            .filter(|r| db.get("SR", r).is_some())
            .map(str::to_string)
            .ok_or_else(|| ApiError::new("DEFAULT_SR_NOT_FOUND", [NULL]))
    }
    .map_err(|e| (StatusCode::NOT_FOUND, e))?;
    Ok(sr)
}

pub async fn handler(
    State(state): State<Arc<DemoState>>,
    served: Option<Extension<ServedAddress>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Body,
) -> Response {
    if state.is_stopping() {
        return plain(StatusCode::SERVICE_UNAVAILABLE, "shutting down");
    }
    let q = super::super::rrd_http::pairs(raw.as_deref());
    if let Err(r) = authorize(&state, &q, &headers) {
        return *r;
    }
    let task = task_of(&state, &q);
    let fail = |status: StatusCode, e: ApiError| {
        let text = e.to_description().join(" ");
        complete(&state, task.as_deref(), Err(e));
        plain(status, &text)
    };
    // xapi's order: the SR, whether this host sees it (else 302), an ISO SR, chunked.
    let sr = match state.read(|db| target_sr(db, &q)) {
        Ok(sr) => sr,
        Err((status, e)) => return fail(status, e),
    };
    let served = served.map(|Extension(s)| s);
    let srs = [sr.clone()];
    let path = "/import";
    if let Some(r) = redirect::check(
        &state,
        served,
        &srs,
        false,
        path,
        raw.as_deref(),
        task.as_deref(),
    ) {
        return r;
    }
    let iso =
        state.read(|db| db.field("SR", &sr, "content_type").and_then(Value::as_str) == Some("iso"));
    if iso {
        return fail(
            StatusCode::BAD_REQUEST,
            ApiError::new("SR_OPERATION_NOT_SUPPORTED", Vec::<String>::new()),
        );
    }
    if headers.contains_key(header::TRANSFER_ENCODING) {
        return fail(
            StatusCode::FORBIDDEN,
            ApiError::new("IMPORT_ERROR_CANNOT_HANDLE_CHUNKED", Vec::<String>::new()),
        );
    }
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
        .unwrap_or(0);
    let force = get(&q, "force") == Some("true");
    let importer = Importer {
        state: state.clone(),
        sr,
        task: task.clone(),
        made: Made::default(),
        disks: HashMap::new(),
        force,
    };
    let t = task.clone();
    super::accepted(task.as_deref(), async move {
        receive(&state, importer, t.as_deref(), length, force, body).await;
    })
}

/// Reads the XVA as it arrives, makes its objects, and ends the task with the new VMs or
/// the failure (what was made removed, unless `force`).
async fn receive(
    state: &DemoState,
    importer: Importer,
    task: Option<&str>,
    length: u64,
    force: bool,
    body: Body,
) {
    let mut reader = xva::Reader::new(importer);
    let mut stream = body.into_data_stream();
    let mut read = 0u64;
    let mut failed = None;
    while let Some(piece) = stream.next().await {
        let piece = match piece {
            Ok(p) => p,
            Err(_) => {
                failed = Some(xva::Error::PrematureEof);
                break;
            }
        };
        read += piece.len() as u64;
        if let Err(e) = reader.feed(&piece) {
            failed = Some(e);
            break;
        }
        if length > 0 {
            progress(state, task, read as f64 / length as f64);
        }
    }
    let outcome = match failed {
        Some(e) => Err(e),
        None => reader.finish().map(|_| ()),
    };
    let importer = reader.into_sink();
    match (outcome, importer) {
        (Ok(()), Some(imp)) => {
            // `complete_import`: the new VMs, their snapshots left out unless the file held
            // only snapshots.
            let vms = state.read(|db| {
                let top: Vec<&String> = imp
                    .made
                    .vms
                    .iter()
                    .filter(|v| {
                        db.field("VM", v, "is_a_snapshot").and_then(Value::as_bool) != Some(true)
                    })
                    .collect();
                if top.is_empty() {
                    json!(imp.made.vms)
                } else {
                    json!(top)
                }
            });
            complete(state, task, Ok(vms));
        }
        (outcome, imp) => {
            let e = outcome.err().unwrap_or(xva::Error::PrematureEof);
            // Nothing half-made stays behind (xapi keeps it only with force=true).
            if !force && let Some(imp) = imp {
                imp.undo();
            }
            complete(state, task, Err(api_error(&e)));
        }
    }
}
