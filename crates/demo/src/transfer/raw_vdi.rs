//! `PUT /import_raw_vdi` and `GET /export_raw_vdi` (xapi `import_raw_vdi.ml`,
//! `export_raw_vdi.ml`, `importexport.ml` `Format`): one disk's contents, raw or VHD, into an
//! existing VDI (or, raw only, a new "Imported VDI" sized by `Content-Length` on `sr_id`), or
//! out of one. The checks come in xapi's order: credentials, the VDI or SR, the format, the
//! `chunked` parameter and a transfer encoding (refused), then `200 OK` and the bytes. xapi
//! does not remove a VDI it created when the upload fails: the client destroys it.

use super::{DiskStore, authorize, complete, get, plain, progress, redirect, task_of};
use crate::addresses::ServedAddress;
use crate::state::DemoState;
use axum::body::{Body, Bytes};
use axum::extract::{Extension, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use diskimg::vhd_stream::{self, PushReader};
use futures_util::StreamExt;
use serde_json::{Value, json};
use std::sync::Arc;
use xapidb::Db;
use xenapi::ApiError;
use xenapi::error::codes;

const NULL: &str = "OpaqueRef:NULL";

/// `importexport.ml` `Format.of_req`: `format`, raw by default; `Err` is the unknown name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Raw,
    Vhd,
    Tar,
    Qcow,
}

fn format(q: &[(String, String)]) -> Result<Format, String> {
    match get(q, "format").map(str::to_ascii_lowercase).as_deref() {
        None | Some("raw") => Ok(Format::Raw),
        Some("vhd") => Ok(Format::Vhd),
        Some("tar") => Ok(Format::Tar),
        Some("qcow2") => Ok(Format::Qcow),
        Some(_) => Err(get(q, "format").unwrap_or_default().to_string()),
    }
}

fn internal(text: &str) -> ApiError {
    ApiError::new(codes::INTERNAL_ERROR, [text])
}

/// `vdi_of_req`: a reference, else a UUID.
fn vdi_of(db: &Db, q: &[(String, String)]) -> Option<Result<String, ApiError>> {
    let v = get(q, "vdi")?;
    Some(if db.get("VDI", v).is_some() {
        Ok(v.to_string())
    } else {
        db.by_uuid("VDI", v)
            .map(str::to_string)
            .ok_or_else(|| ApiError::new(codes::UUID_INVALID, ["VDI", v]))
    })
}

/// `sr_of_req`: `sr_id` (taken as given), else `sr_uuid`.
fn sr_of(db: &Db, q: &[(String, String)]) -> Option<Result<String, ApiError>> {
    if let Some(r) = get(q, "sr_id") {
        return Some(Ok(r.to_string()));
    }
    let u = get(q, "sr_uuid")?;
    Some(
        db.by_uuid("SR", u)
            .map(str::to_string)
            .ok_or_else(|| ApiError::new(codes::UUID_INVALID, ["SR", u])),
    )
}

fn size_of(db: &Db, vdi: &str) -> u64 {
    db.field("VDI", vdi, "virtual_size")
        .and_then(Value::as_u64)
        .unwrap_or(0)
}

/// Writes runs of bytes at disk offsets into the store's 1 MiB chunks, one chunk buffered.
struct ChunkWriter<'a> {
    store: &'a DiskStore,
    vdi: String,
    size: u64,
    current: Option<(u64, Vec<u8>)>,
}

impl ChunkWriter<'_> {
    fn write(&mut self, mut off: u64, mut data: &[u8]) -> Result<(), ApiError> {
        if off.saturating_add(data.len() as u64) > self.size {
            // vhd-tool's write past the device's end.
            return Err(ApiError::new(
                "VDI_IO_ERROR",
                ["the image is larger than the VDI"],
            ));
        }
        while !data.is_empty() {
            let index = off / xva::CHUNK;
            let within = (off % xva::CHUNK) as usize;
            if self.current.as_ref().is_none_or(|(i, _)| *i != index) {
                self.flush()?;
                let len = xva::write::chunk_len(self.size, index) as usize;
                let mut buf = self
                    .store
                    .chunk(&self.vdi, index)
                    .map(|c| c.as_ref().clone())
                    .unwrap_or_default();
                buf.resize(len, 0);
                self.current = Some((index, buf));
            }
            let Some((_, buf)) = self.current.as_mut() else {
                break;
            };
            let n = (buf.len() - within).min(data.len());
            buf[within..within + n].copy_from_slice(&data[..n]);
            off += n as u64;
            data = &data[n..];
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ApiError> {
        if let Some((i, buf)) = self.current.take()
            && !self.store.put(&self.vdi, i, &buf)
        {
            return Err(ApiError::new("SR_FULL", ["the demo's disk store is full"]));
        }
        Ok(())
    }
}

/// `PUT /import_raw_vdi`.
pub async fn import(
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
    // `import`: the VDI's SR, else the request's; neither is VDI_MISSING.
    let target = state.read(|db| match vdi_of(db, &q) {
        Some(Ok(v)) => Ok((Some(v), None)),
        Some(Err(e)) => Err(e),
        None => match sr_of(db, &q) {
            Some(Ok(sr)) => Ok((None, Some(sr))),
            Some(Err(e)) => Err(e),
            None => Err(ApiError::new("VDI_MISSING", Vec::<String>::new())),
        },
    });
    let (vdi, sr) = match target {
        Ok(t) => t,
        Err(e) if e.code == "VDI_MISSING" => return fail(StatusCode::BAD_REQUEST, e),
        Err(e) => return fail(StatusCode::INTERNAL_SERVER_ERROR, e),
    };
    // Whether this host sees the SR, else a 302 to one that does.
    let target_sr = state.read(|db| match &vdi {
        Some(v) => db
            .field("VDI", v, "SR")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        None => sr.clone().unwrap_or_default(),
    });
    let served = served.map(|Extension(s)| s);
    if let Some(r) = redirect::check(
        &state,
        served,
        &[target_sr],
        false,
        "/import_raw_vdi",
        raw.as_deref(),
        task.as_deref(),
    ) {
        return r;
    }
    // `localhost_handler`, in its order.
    let format = match format(&q) {
        Ok(f) => f,
        Err(x) => {
            return fail(
                StatusCode::NOT_FOUND,
                internal(&format!("Unknown format {x}")),
            );
        }
    };
    let chunked = get(&q, "chunked").is_some();
    if format != Format::Raw && chunked {
        return fail(StatusCode::NOT_FOUND, internal("Cannot handle chunked VHD"));
    }
    if let Some(te) = headers.get(header::TRANSFER_ENCODING) {
        let te = te.to_str().unwrap_or("?").to_string();
        return fail(
            StatusCode::NOT_FOUND,
            internal(&format!("Cannot handle encoding: {te}")),
        );
    }
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    let vdi = match (vdi, format, length, sr) {
        (Some(v), ..) => v,
        (None, Format::Raw, Some(length), Some(sr)) => {
            match state.write(|db| create_vdi(db, &sr, length)) {
                Ok(v) => v,
                Err(e) => return fail(StatusCode::INTERNAL_SERVER_ERROR, e),
            }
        }
        (None, Format::Qcow, ..) => {
            return fail(
                StatusCode::BAD_REQUEST,
                internal("Importing a QCOW2 directly into an SR not yet supported"),
            );
        }
        (None, Format::Vhd, ..) => {
            return fail(
                StatusCode::BAD_REQUEST,
                internal("Importing a VHD directly into an SR not yet supported"),
            );
        }
        _ => {
            return fail(
                StatusCode::BAD_REQUEST,
                internal("Not enough info supplied to import"),
            );
        }
    };
    if matches!(format, Format::Qcow | Format::Tar) {
        // qcow-tool and the tar stream are not simulated.
        return fail(
            StatusCode::INTERNAL_SERVER_ERROR,
            internal("the demo server takes raw and VHD disk images only"),
        );
    }
    // xapi answers 200 before reading; the outcome is the task's.
    let length = length.unwrap_or(0);
    let t = task.clone();
    super::accepted(task.as_deref(), async move {
        let outcome = receive(&state, &vdi, format, length, t.as_deref(), body).await;
        complete(&state, t.as_deref(), outcome.map(|()| json!(vdi)));
    })
}

/// Writes the body (raw, or VHD undone) into `vdi` as it arrives.
async fn receive(
    state: &DemoState,
    vdi: &str,
    format: Format,
    length: u64,
    task: Option<&str>,
    body: Body,
) -> Result<(), ApiError> {
    let size = state.read(|db| size_of(db, vdi));
    let mut w = ChunkWriter {
        store: &state.disks,
        vdi: vdi.to_string(),
        size,
        current: None,
    };
    let mut vhd = (format == Format::Vhd).then(|| PushReader::new(length));
    let mut stream = body.into_data_stream();
    let mut read = 0u64;
    let mut outcome: Result<(), ApiError> = Ok(());
    while let Some(piece) = stream.next().await {
        let Ok(piece) = piece else {
            outcome = Err(internal("the client closed the connection"));
            break;
        };
        let r = match vhd.as_mut() {
            None => w.write(read, &piece),
            Some(v) => {
                let mut err = None;
                let r = v.feed(&piece, &mut |off, data| {
                    w.write(off, data).map_err(|e| {
                        let t = e.to_description().join(" ");
                        err = Some(e);
                        diskimg::Error::Malformed(t)
                    })
                });
                match (r, err) {
                    (Ok(()), _) => Ok(()),
                    (Err(_), Some(e)) => Err(e),
                    (Err(e), None) => Err(internal(&format!("vhd-tool: {e}"))),
                }
            }
        };
        read += piece.len() as u64;
        if let Err(e) = r {
            outcome = Err(e);
            break;
        }
        if length > 0 {
            progress(state, task, read as f64 / length as f64);
        }
    }
    if outcome.is_ok() && read < length {
        outcome = Err(internal("the client closed the connection"));
    }
    if outcome.is_ok()
        && let Some(v) = &vhd
        && let Err(e) = v.finish()
    {
        outcome = Err(internal(&format!("vhd-tool: {e}")));
    }
    outcome.and_then(|()| w.flush())
}

/// `Client.VDI.create` as `localhost_handler` calls it for a raw upload to an SR.
fn create_vdi(db: &mut Db, sr: &str, size: u64) -> Result<String, ApiError> {
    if db.get("SR", sr).is_none() {
        return Err(ApiError::new(codes::HANDLE_INVALID, ["SR", sr]));
    }
    if db.field("SR", sr, "content_type").and_then(Value::as_str) == Some("iso") {
        return Err(ApiError::new("SR_OPERATION_NOT_SUPPORTED", [sr]));
    }
    let r = format!("OpaqueRef:{}", uuid::Uuid::new_v4());
    let rec = json!({
        "uuid": uuid::Uuid::new_v4().to_string(),
        "name_label": "Imported VDI", "name_description": "",
        "SR": sr, "virtual_size": size, "physical_utilisation": 0, "type": "user",
        "sharable": false, "read_only": false, "is_a_snapshot": false, "snapshot_of": NULL,
        "missing": false, "managed": true, "other_config": {}, "sm_config": {},
        "xenstore_data": {}, "tags": [], "VBDs": [], "current_operations": {},
        "allowed_operations": ["clone", "destroy", "resize", "snapshot", "copy"],
    });
    db.insert("VDI", &r, rec.as_object().cloned().unwrap_or_default());
    Ok(r)
}

/// `GET /export_raw_vdi`.
pub async fn export(
    State(state): State<Arc<DemoState>>,
    served: Option<Extension<ServedAddress>>,
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
    let fail = |status: StatusCode, e: ApiError| {
        let text = e.to_description().join(" ");
        complete(&state, task.as_deref(), Err(e));
        plain(status, &text)
    };
    let vdi = match state.read(|db| vdi_of(db, &q)) {
        Some(Ok(v)) => v,
        Some(Err(e)) => return fail(StatusCode::INTERNAL_SERVER_ERROR, e),
        None => {
            return fail(
                StatusCode::INTERNAL_SERVER_ERROR,
                internal("Missing vdi query parameter"),
            );
        }
    };
    let sr = state.read(|db| {
        db.field("VDI", &vdi, "SR")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    });
    let served = served.map(|Extension(s)| s);
    if let Some(r) = redirect::check(
        &state,
        served,
        &[sr],
        false,
        "/export_raw_vdi",
        raw.as_deref(),
        task.as_deref(),
    ) {
        return r;
    }
    let format = match format(&q) {
        Ok(f) => f,
        Err(x) => {
            return fail(
                StatusCode::NOT_FOUND,
                internal(&format!("Unknown format {x}")),
            );
        }
    };
    let (size, uuid) = state.read(|db| {
        let u = db
            .field("VDI", &vdi, "uuid")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        (size_of(db, &vdi), u)
    });
    let (ext, mime) = match format {
        Format::Raw => ("raw", "application/octet-stream"),
        Format::Vhd => ("vhd", "application/vhd"),
        Format::Tar => ("tar", "application/x-tar"),
        Format::Qcow => ("qcow2", "application/x-qemu-disk"),
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let st = state.clone();
    let t2 = task.clone();
    tokio::spawn(async move {
        let outcome = match format {
            Format::Raw => send_raw(&st, &vdi, size, t2.as_deref(), &tx).await,
            // The headers are out already: xapi fails the task and closes the connection.
            Format::Vhd if size > vhd_stream::MAX_SIZE => Err(ApiError::new(
                "VDI_TOO_LARGE",
                [vdi.clone(), vhd_stream::MAX_SIZE.to_string()],
            )),
            Format::Vhd => send_vhd(&st, &vdi, size, t2.as_deref(), &tx).await,
            Format::Tar | Format::Qcow => Err(internal(
                "the demo server gives raw and VHD disk images only",
            )),
        };
        if outcome.is_err() {
            let _ = tx.send(Err(std::io::Error::other("export failed"))).await;
        }
        complete(&st, t2.as_deref(), outcome.map(|()| json!("")));
    });
    let body = Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|x| (x, rx))
    }));
    let mut r = Response::new(body);
    let h = r.headers_mut();
    if let Some(t) = task.as_deref().and_then(|t| HeaderValue::from_str(t).ok()) {
        h.insert("task-id", t);
    }
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{uuid}.{ext}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

type Tx = tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>;

fn gone() -> ApiError {
    internal("the client closed the connection")
}

/// Chunk `i` of the disk (zeros where nothing was written), `len` bytes.
fn chunk(store: &DiskStore, vdi: &str, i: u64, len: usize) -> Vec<u8> {
    let mut v = store
        .chunk(vdi, i)
        .map(|c| c.as_ref().clone())
        .unwrap_or_default();
    v.resize(len, 0);
    v
}

async fn send_raw(
    state: &DemoState,
    vdi: &str,
    size: u64,
    task: Option<&str>,
    tx: &Tx,
) -> Result<(), ApiError> {
    for i in 0..size.div_ceil(xva::CHUNK) {
        let len = xva::write::chunk_len(size, i) as usize;
        let data = chunk(&state.disks, vdi, i, len);
        tx.send(Ok(Bytes::from(data))).await.map_err(|_| gone())?;
        progress(
            state,
            task,
            ((i + 1) * xva::CHUNK).min(size) as f64 / size.max(1) as f64,
        );
    }
    Ok(())
}

/// A dynamic VHD of the blocks that hold data (as vhd-tool writes one).
async fn send_vhd(
    state: &DemoState,
    vdi: &str,
    size: u64,
    task: Option<&str>,
    tx: &Tx,
) -> Result<(), ApiError> {
    let per_block = vhd_stream::BLOCK / xva::CHUNK;
    let mut blocks: Vec<u64> = state
        .disks
        .written(vdi)
        .iter()
        .map(|c| c / per_block)
        .collect();
    blocks.dedup();
    let id = *uuid::Uuid::new_v4().as_bytes();
    let w = vhd_stream::Writer::new(size, blocks, id);
    tx.send(Ok(Bytes::from(w.head())))
        .await
        .map_err(|_| gone())?;
    let n = w.allocated().len().max(1);
    for (k, b) in w.allocated().iter().enumerate() {
        tx.send(Ok(Bytes::copy_from_slice(&w.bitmap())))
            .await
            .map_err(|_| gone())?;
        for c in 0..per_block {
            let i = b * per_block + c;
            let len = if i * xva::CHUNK < size {
                xva::write::chunk_len(size, i) as usize
            } else {
                0
            };
            let mut data = chunk(&state.disks, vdi, i, len);
            // The block is whole in the file, past the disk's end too.
            data.resize(xva::CHUNK as usize, 0);
            tx.send(Ok(Bytes::from(data))).await.map_err(|_| gone())?;
        }
        progress(state, task, (k + 1) as f64 / n as f64);
    }
    tx.send(Ok(Bytes::copy_from_slice(&w.tail())))
        .await
        .map_err(|_| gone())?;
    Ok(())
}
