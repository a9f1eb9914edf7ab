//! `PUT /import` (xapi `import.ml` `handler`): an XVA, plain, gzip or zstd, read as it
//! arrives. In xapi's order, before a byte is read: an unknown SR, a host that cannot see
//! the SR (a 302 to one that can), an ISO SR (`SR_OPERATION_NOT_SUPPORTED`), chunked
//! encoding (`IMPORT_ERROR_CANNOT_HANDLE_CHUNKED`); then `200 OK` and the body. When
//! `ova.xml` has been read the objects are made (the task's `other_config` says
//! `object_creation=complete`); then each chunk is checked and written. Any failure removes
//! what the import made, unless `force=true` (as xapi), and fails the task. Snapshots the
//! file carries are made as snapshots, then linked to the new VM (`snapshot_of`, `parent`,
//! as `update_snapshot_and_parent_links`). The task's result is the set of new VMs, their
//! snapshots left out unless the file held only snapshots (`complete_import`).

use super::{authorize, complete, get, plain, progress, redirect, task_of};
use crate::addresses::ServedAddress;
use crate::state::DemoState;
use axum::body::Body;
use axum::extract::{Extension, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use futures_util::StreamExt;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use xapidb::Db;
use xapidb::schema::{Ty, field_type};
use xenapi::ApiError;
use xenapi::error::codes;
use xva::ova::Ova;

const NULL: &str = "OpaqueRef:NULL";

fn new_ref() -> String {
    format!("OpaqueRef:{}", uuid::Uuid::new_v4())
}

/// What an import made, to undo it on failure.
#[derive(Debug, Default)]
struct Made {
    vms: Vec<String>,
    vdis: Vec<String>,
    vbds: Vec<String>,
    vifs: Vec<String>,
    networks: Vec<String>,
}

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

/// A record's strings typed as the schema types the field (ova.xml writes ints as strings).
fn typed(class: &str, v: &Value) -> Map<String, Value> {
    let mut m = v.as_object().cloned().unwrap_or_default();
    for (k, x) in m.iter_mut() {
        if let Value::String(s) = x
            && matches!(field_type(class, k), Some(Ty::Int | Ty::Float | Ty::Bool))
            && let Ok(t) = xapidb::dump::typed_value(class, k, s)
        {
            *x = t;
        }
    }
    m
}

fn str_of<'a>(m: &'a Map<String, Value>, k: &str) -> &'a str {
    m.get(k).and_then(Value::as_str).unwrap_or("")
}

impl Importer {
    fn make(&mut self, db: &mut Db, ova: &Ova) -> Result<(), ApiError> {
        let mut ids: HashMap<&str, String> = HashMap::new();
        let map = |ids: &HashMap<&str, String>, id: &str| {
            ids.get(id).cloned().unwrap_or_else(|| NULL.to_string())
        };
        let task = self.task.clone().unwrap_or_else(|| NULL.into());
        // Networks: by name, then by bridge, else new (xapi `import.ml` `Net`).
        for o in ova.objects.iter().filter(|o| o.class == "network") {
            let rec = typed("network", &o.snapshot);
            let found = ["name_label", "bridge"].iter().find_map(|k| {
                let want = str_of(&rec, k);
                db.table("network")?
                    .rows
                    .iter()
                    .find(|(_, r)| {
                        !want.is_empty() && r.fields.get(*k).and_then(Value::as_str) == Some(want)
                    })
                    .map(|(r, _)| r.clone())
            });
            let r = match found {
                Some(r) => r,
                None => {
                    let r = new_ref();
                    let mut f = rec;
                    f.insert("uuid".into(), json!(uuid::Uuid::new_v4().to_string()));
                    f.insert("VIFs".into(), json!([]));
                    f.insert("PIFs".into(), json!([]));
                    f.insert("other_config".into(), json!({"import_task": task}));
                    db.insert("network", &r, f);
                    self.made.networks.push(r.clone());
                    r
                }
            };
            ids.insert(&o.id, r);
        }
        for o in ova.objects.iter().filter(|o| o.class == "VDI") {
            let mut f = typed("VDI", &o.snapshot);
            let r = new_ref();
            let uuid = uuid::Uuid::new_v4().to_string();
            let size = f.get("virtual_size").and_then(Value::as_u64).unwrap_or(0);
            f.insert("uuid".into(), json!(uuid));
            f.insert("location".into(), json!(uuid));
            f.insert("SR".into(), json!(self.sr));
            for set in ["VBDs", "crash_dumps", "snapshots"] {
                f.insert(set.into(), json!([]));
            }
            f.insert("snapshot_of".into(), json!(NULL));
            f.insert("is_a_snapshot".into(), json!(false));
            f.insert("current_operations".into(), json!({}));
            db.insert("VDI", &r, f);
            self.made.vdis.push(r.clone());
            self.disks.insert(o.id.clone(), (r.clone(), size));
            ids.insert(&o.id, r);
        }
        // A snapshot's `snapshot_of` and a VM's `parent` name objects of the file; they are
        // linked once every VM exists (`update_snapshot_and_parent_links`).
        let mut links: Vec<(String, String, String)> = Vec::new();
        for o in ova.objects.iter().filter(|o| o.class == "VM") {
            let mut f = typed("VM", &o.snapshot);
            let r = new_ref();
            let snapshot = f.get("is_a_snapshot").and_then(Value::as_bool) == Some(true);
            links.push((
                r.clone(),
                if snapshot {
                    str_of(&f, "snapshot_of").to_string()
                } else {
                    NULL.to_string()
                },
                str_of(&f, "parent").to_string(),
            ));
            f.insert("uuid".into(), json!(uuid::Uuid::new_v4().to_string()));
            // A suspended VM (or checkpoint) keeps its memory image, which must be in the
            // file (xapi: `lookup vm_record.vM_suspend_VDI`, fatal unless `force`).
            let suspend = str_of(&f, "suspend_VDI").to_string();
            let suspended = str_of(&f, "power_state") == "Suspended";
            let suspend_vdi = match ids.get(suspend.as_str()) {
                Some(v) if suspended => v.clone(),
                None if suspended && !self.force => {
                    return Err(ApiError::new(
                        "IMPORT_ERROR_FAILED_TO_FIND_OBJECT",
                        [suspend.as_str()],
                    ));
                }
                _ => NULL.to_string(),
            };
            let suspended = suspended && suspend_vdi != NULL;
            f.insert(
                "power_state".into(),
                json!(if suspended { "Suspended" } else { "Halted" }),
            );
            for null in [
                "resident_on",
                "scheduled_to_be_resident_on",
                "metrics",
                "guest_metrics",
                "parent",
                "snapshot_of",
                "appliance",
            ] {
                f.insert(null.into(), json!(NULL));
            }
            f.insert("suspend_VDI".into(), json!(suspend_vdi));
            let affinity = str_of(&f, "affinity").to_string();
            if db.get("host", &affinity).is_none() {
                f.insert("affinity".into(), json!(NULL));
            }
            for set in [
                "VBDs",
                "VIFs",
                "consoles",
                "snapshots",
                "crash_dumps",
                "VGPUs",
                "VUSBs",
                "VTPMs",
                "attached_PCIs",
                "children",
            ] {
                f.insert(set.into(), json!([]));
            }
            f.insert("current_operations".into(), json!({}));
            if let Some(Value::Object(oc)) = f.get_mut("other_config") {
                oc.insert("import_task".into(), json!(task));
            }
            db.insert("VM", &r, f);
            self.made.vms.push(r.clone());
            ids.insert(&o.id, r);
        }
        for o in ova.objects.iter().filter(|o| o.class == "VBD") {
            let mut f = typed("VBD", &o.snapshot);
            let vm = map(&ids, str_of(&f, "VM"));
            if vm == NULL {
                continue;
            }
            let vdi = map(&ids, str_of(&f, "VDI"));
            f.insert("uuid".into(), json!(uuid::Uuid::new_v4().to_string()));
            f.insert("VM".into(), json!(vm));
            f.insert("empty".into(), json!(vdi == NULL));
            f.insert("VDI".into(), json!(vdi));
            f.insert("currently_attached".into(), json!(false));
            f.insert("metrics".into(), json!(NULL));
            f.insert("current_operations".into(), json!({}));
            let r = new_ref();
            db.insert("VBD", &r, f);
            self.made.vbds.push(r);
        }
        for o in ova.objects.iter().filter(|o| o.class == "VIF") {
            let mut f = typed("VIF", &o.snapshot);
            let vm = map(&ids, str_of(&f, "VM"));
            let net = map(&ids, str_of(&f, "network"));
            if vm == NULL || net == NULL {
                continue;
            }
            f.insert("uuid".into(), json!(uuid::Uuid::new_v4().to_string()));
            f.insert("VM".into(), json!(vm));
            f.insert("network".into(), json!(net));
            f.insert("currently_attached".into(), json!(false));
            f.insert("metrics".into(), json!(NULL));
            f.insert("current_operations".into(), json!({}));
            let r = new_ref();
            db.insert("VIF", &r, f);
            self.made.vifs.push(r);
        }
        for (vm, snapshot_of, parent) in links {
            if snapshot_of != NULL {
                let Some(of) = ids.get(snapshot_of.as_str()) else {
                    return Err(ApiError::new(
                        "IMPORT_ERROR_FAILED_TO_FIND_OBJECT",
                        [snapshot_of.as_str()],
                    ));
                };
                db.set_field("VM", &vm, "snapshot_of", json!(of));
            }
            // xapi leaves a parent it cannot find as it was; here it is no parent.
            if let Some(p) = ids.get(parent.as_str()) {
                db.set_field("VM", &vm, "parent", json!(p));
            }
        }
        if self.made.vms.is_empty() {
            return Err(ApiError::new(
                "IMPORT_ERROR_GENERIC",
                ["the file holds no VM"],
            ));
        }
        for vm in &self.made.vms {
            crate::lifecycle::rules::refresh(db, vm);
        }
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
        self.state.write(|db| {
            let m = &self.made;
            for r in m.vbds.iter().chain(&m.vifs) {
                db.delete(if m.vbds.contains(r) { "VBD" } else { "VIF" }, r);
            }
            for r in &m.vms {
                db.delete("VM", r);
            }
            for r in &m.vdis {
                db.delete("VDI", r);
            }
            for r in &m.networks {
                let used = ["VIFs", "PIFs"].iter().any(|k| {
                    db.field("network", r, k)
                        .and_then(Value::as_array)
                        .is_some_and(|a| !a.is_empty())
                });
                if !used {
                    db.delete("network", r);
                }
            }
        });
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
