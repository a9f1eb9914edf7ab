//! `GET /export` and `PUT /import`: VMs as XVA files (xapi `export.ml`, `import.ml`; the
//! format is the `xva` crate's). Disk contents are simulated: a VDI reads as zeros except
//! where an import wrote data, kept here chunk by chunk (all-zero chunks are not kept), so a
//! disk imported reads back byte for byte on export. Memory is bounded by
//! [`DiskStore::limit`]: an import past it fails as a full SR would.

pub mod export;
mod export_objects;
pub mod import;
mod import_objects;
pub mod metadata;
pub mod raw_vdi;
mod redirect;

use super::state::{DemoState, Role};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};
use xenapi::ApiError;

/// Each VDI's chunks that hold data, by index.
type Chunks = HashMap<String, BTreeMap<u64, Arc<Vec<u8>>>>;

/// The data written to disks, by VDI ref and chunk index.
#[derive(Debug)]
pub struct DiskStore {
    /// The bytes kept, and the chunks.
    chunks: Mutex<(usize, Chunks)>,
    /// The most bytes kept for all disks together.
    pub limit: usize,
}

impl Default for DiskStore {
    fn default() -> Self {
        DiskStore {
            chunks: Mutex::new((0, HashMap::new())),
            limit: 512 * 1024 * 1024,
        }
    }
}

impl DiskStore {
    /// Chunk `index` of `vdi`, if data was written there.
    pub fn chunk(&self, vdi: &str, index: u64) -> Option<Arc<Vec<u8>>> {
        let c = self.chunks.lock().unwrap_or_else(PoisonError::into_inner);
        c.1.get(vdi)?.get(&index).cloned()
    }

    /// The indices of `vdi`'s chunks that hold data.
    pub fn written(&self, vdi: &str) -> Vec<u64> {
        let c = self.chunks.lock().unwrap_or_else(PoisonError::into_inner);
        c.1.get(vdi)
            .map(|m| m.keys().copied().collect())
            .unwrap_or_default()
    }

    /// Writes chunk `index` of `vdi` (all zeros: forgets it). False when the store is full.
    pub fn put(&self, vdi: &str, index: u64, data: &[u8]) -> bool {
        let mut c = self.chunks.lock().unwrap_or_else(PoisonError::into_inner);
        let (used, map) = &mut *c;
        let disk = map.entry(vdi.to_string()).or_default();
        let old = disk.remove(&index).map_or(0, |d| d.len());
        *used -= old;
        if data.iter().all(|&b| b == 0) {
            return true;
        }
        if *used + data.len() > self.limit {
            return false;
        }
        *used += data.len();
        disk.insert(index, Arc::new(data.to_vec()));
        true
    }

    /// Gives `to` the data `from` holds now (a snapshot or copy of a disk reads as its
    /// source did). False, with nothing copied, when the store is full.
    pub fn copy(&self, from: &str, to: &str) -> bool {
        let mut c = self.chunks.lock().unwrap_or_else(PoisonError::into_inner);
        let (used, map) = &mut *c;
        let Some(src) = map.get(from).cloned() else {
            return true;
        };
        let size: usize = src.values().map(|v| v.len()).sum();
        if *used + size > self.limit {
            return false;
        }
        *used += size;
        if let Some(old) = map.insert(to.to_string(), src) {
            *used -= old.values().map(|v| v.len()).sum::<usize>();
        }
        true
    }

    /// Forgets `vdi`'s data (destroyed, or an import undone).
    pub fn forget(&self, vdi: &str) {
        let mut c = self.chunks.lock().unwrap_or_else(PoisonError::into_inner);
        let (used, map) = &mut *c;
        if let Some(d) = map.remove(vdi) {
            *used -= d.values().map(|v| v.len()).sum::<usize>();
        }
    }
}

/// xapi's HTTP actions for VM transfers, all `_R_VM_ADMIN` (`datamodel.ml` `http_actions`).
pub const VM_ADMIN_HTTP: [&str; 5] = [
    "get_export",
    "get_export_metadata",
    "get_export_raw_vdi",
    "put_import",
    "put_import_raw_vdi",
];

/// The session of an HTTP handler's request (query `session_id`, else the cookie) and
/// whether it may do what `get_export`/`put_import` need (`_R_VM_ADMIN`): `Err` is the reply.
pub(crate) fn authorize(
    state: &DemoState,
    query: &[(String, String)],
    headers: &HeaderMap,
) -> Result<String, Box<Response>> {
    let session = query
        .iter()
        .find(|(k, _)| k == "session_id")
        .map(|(_, v)| v.clone())
        .or_else(|| super::rrd_http::cookie_session(headers));
    let Some((s, info)) = session.and_then(|s| state.session(&s).map(|i| (s, i))) else {
        let mut r = plain(StatusCode::UNAUTHORIZED, "a valid session_id is required");
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"xapi\""),
        );
        return Err(Box::new(r));
    };
    if !info.role.covers(Role::VmAdmin) {
        return Err(Box::new(plain(
            StatusCode::FORBIDDEN,
            "RBAC_PERMISSION_DENIED: this needs the VM Admin role",
        )));
    }
    Ok(s)
}

pub(crate) fn plain(status: StatusCode, text: &str) -> Response {
    let mut r = Response::new(axum::body::Body::from(text.to_string()));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    r
}

/// The value of `key` in the query.
pub(crate) fn get<'a>(q: &'a [(String, String)], key: &str) -> Option<&'a str> {
    q.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// The client's task (`task_id`), if it names one that exists.
pub(crate) fn task_of(state: &DemoState, q: &[(String, String)]) -> Option<String> {
    let t = get(q, "task_id")?;
    state
        .read(|db| db.get("task", t).is_some())
        .then(|| t.to_string())
}

/// Sets a task's progress (0..1).
pub(crate) fn progress(state: &DemoState, task: Option<&str>, p: f64) {
    if let Some(t) = task {
        state.write(|db| {
            db.update("task", t, |f| {
                f.insert("progress".into(), serde_json::json!(p.clamp(0.0, 1.0)));
            })
        });
    }
}

/// Ends a task with `outcome`.
pub(crate) fn complete(
    state: &DemoState,
    task: Option<&str>,
    outcome: Result<serde_json::Value, ApiError>,
) {
    if let Some(t) = task {
        super::lifecycle::tasks::complete(state, t, outcome);
    }
}

/// xapi's answer to an upload it takes: `200 OK` (with the task's id) before a byte of the
/// body is read, so the client learns where it stands before it sends (XenCenter's
/// `HTTP.PUT` reads the status line first); the outcome is then the task's. `work` reads
/// the body; the reply ends (and the connection closes) when it is done.
pub(crate) fn accepted(
    task: Option<&str>,
    work: impl std::future::Future<Output = ()> + Send + 'static,
) -> Response {
    use futures_util::StreamExt;
    let (done, wait) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        work.await;
        let _ = done.send(());
    });
    let body = futures_util::stream::once(wait)
        .filter_map(|_| async { None::<Result<axum::body::Bytes, std::convert::Infallible>> });
    let mut r = Response::new(axum::body::Body::from_stream(body));
    let h = r.headers_mut();
    if let Some(t) = task.and_then(|t| HeaderValue::from_str(t).ok()) {
        h.insert("task-id", t);
    }
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}
