//! `GET /export?uuid=|ref=` (xapi `export.ml` `handler`): a halted or suspended VM as an
//! XVA, streamed as it is made (gzip or zstd on `use_compression`), the VM carrying `export`
//! in `current_operations` meanwhile, the client's task (`task_id`) following the bytes.
//! What the header holds is `add_vm`'s table; each record is written as
//! [`super::export_objects`] says.

use super::export_objects::{self, Table};
use super::{DiskStore, authorize, complete, get, plain, progress, redirect, task_of};
use crate::addresses::ServedAddress;
use crate::state::DemoState;
use axum::body::{Body, Bytes};
use axum::extract::{Extension, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;
use xapidb::Db;
use xenapi::ApiError;
use xenapi::error::codes;
use xva::ova::{Obj, Ova};

const NULL: &str = "OpaqueRef:NULL";

/// A disk to stream: its data directory in the file, its VDI and size.
pub(super) struct Disk {
    id: String,
    vdi: String,
    size: u64,
}

fn s<'a>(db: &'a Db, class: &str, r: &str, field: &str) -> &'a str {
    db.field(class, r, field)
        .and_then(Value::as_str)
        .unwrap_or("")
}

fn refs(db: &Db, class: &str, r: &str, field: &str) -> Vec<String> {
    db.field(class, r, field)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// What goes in an export besides the VM itself (xapi `export.ml` `vm_metadata`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Scope {
    /// The power state kept (and a suspended VM's memory image with it), `make_vm`.
    pub preserve_power_state: bool,
    /// The VM's snapshots and parent, their devices, and the snapshot fields kept
    /// (`with_snapshot_metadata`: `/export_metadata` only; `/export` never has them).
    pub snapshots: bool,
}

fn add(order: &mut Vec<(&'static str, String)>, class: &'static str, r: String) {
    if !order.iter().any(|(_, x)| *x == r) {
        order.push((class, r));
    }
}

/// A disk and its SR (`update_table`'s `add_vdi`); its data is streamed when `stream` (not
/// a CD's) and it does not lie on an ISO SR.
fn add_vdi(
    db: &Db,
    order: &mut Vec<(&'static str, String)>,
    disks_of: &mut Vec<String>,
    vdi: String,
    stream: bool,
) {
    if db.get("VDI", &vdi).is_none() {
        return;
    }
    let sr = s(db, "VDI", &vdi, "SR").to_string();
    if stream && s(db, "SR", &sr, "content_type") != "iso" && !disks_of.contains(&vdi) {
        disks_of.push(vdi.clone());
    }
    add(order, "VDI", vdi);
    add(order, "SR", sr);
}

/// Adds `vm` and what it uses to the table (xapi `export.ml` `update_table`), in its order:
/// its VIFs and their networks, its VBDs and the disks of those not empty with the disks'
/// SRs (a CD's disk described, never streamed), its vTPMs; with snapshots, each snapshot
/// the same way; a suspended VM's memory image when the power state is kept; its metrics,
/// guest metrics, host and home server, null or not; with snapshots, the parent (one level,
/// as xapi: their own snapshots not).
fn add_vm(
    db: &Db,
    vm: &str,
    scope: Scope,
    order: &mut Vec<(&'static str, String)>,
    disks_of: &mut Vec<String>,
) {
    if db.get("VM", vm).is_none() || order.iter().any(|(_, r)| r == vm) {
        return;
    }
    add(order, "VM", vm.to_string());
    for vif in refs(db, "VM", vm, "VIFs") {
        let net = s(db, "VIF", &vif, "network").to_string();
        add(order, "VIF", vif);
        add(order, "network", net);
    }
    for vbd in refs(db, "VM", vm, "VBDs") {
        let vdi = s(db, "VBD", &vbd, "VDI").to_string();
        let cd = s(db, "VBD", &vbd, "type") == "CD";
        let empty = db.field("VBD", &vbd, "empty").and_then(Value::as_bool) == Some(true);
        add(order, "VBD", vbd);
        if !empty {
            add_vdi(db, order, disks_of, vdi, !cd);
        }
    }
    for vtpm in refs(db, "VM", vm, "VTPMs") {
        add(order, "VTPM", vtpm);
    }
    let once = Scope {
        snapshots: false,
        ..scope
    };
    if scope.snapshots {
        for snap in refs(db, "VM", vm, "snapshots") {
            add_vm(db, &snap, once, order, disks_of);
        }
    }
    let suspend = s(db, "VM", vm, "suspend_VDI").to_string();
    if scope.preserve_power_state && s(db, "VM", vm, "power_state") == "Suspended" {
        add_vdi(db, order, disks_of, suspend, true);
    }
    for (class, field) in [
        ("VM_metrics", "metrics"),
        ("VM_guest_metrics", "guest_metrics"),
        ("host", "resident_on"),
        ("host", "affinity"),
    ] {
        let r = s(db, "VM", vm, field);
        add(
            order,
            class,
            if r.is_empty() { NULL } else { r }.to_string(),
        );
    }
    if scope.snapshots {
        let parent = s(db, "VM", vm, "parent").to_string();
        add_vm(db, &parent, once, order, disks_of);
    }
}

/// The header and the disks of `vm`'s export (xapi `export.ml` `vm_metadata`, `make_vm`).
/// The disks streamed are the VM's own (`export`): a snapshot's disks are described in the
/// header of a metadata export but never streamed.
pub(super) fn plan(db: &Db, vm: &str, scope: Scope) -> (Ova, Vec<Disk>) {
    let mut order: Vec<(&'static str, String)> = Vec::new();
    let mut disks_of: Vec<String> = Vec::new();
    add_vm(db, vm, scope, &mut order, &mut disks_of);
    let own: Vec<String> = refs(db, "VM", vm, "VBDs")
        .iter()
        .map(|vbd| s(db, "VBD", vbd, "VDI").to_string())
        .collect();
    let suspend = s(db, "VM", vm, "suspend_VDI").to_string();
    disks_of.retain(|d| {
        own.contains(d)
            || (scope.preserve_power_state
                && *d == suspend
                && s(db, "VM", vm, "power_state") == "Suspended")
    });
    let ids: HashMap<String, String> = order
        .iter()
        .enumerate()
        .map(|(i, (_, r))| (r.clone(), format!("Ref:{i}")))
        .collect();
    let table = Table(ids);
    let mut objects: Vec<Obj> = order
        .iter()
        .filter_map(|(class, r)| export_objects::make(db, class, r, &table, scope))
        .collect();
    // `make_all` writes the objects class by class.
    objects.sort_by_key(|o| export_objects::rank(&o.class));
    let ids = table.0;
    let mut disks: Vec<Disk> = disks_of
        .iter()
        .map(|vdi| Disk {
            id: ids[vdi].clone(),
            vdi: vdi.clone(),
            size: db
                .field("VDI", vdi, "virtual_size")
                .and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()))
                .unwrap_or(0),
        })
        .collect();
    // xapi streams the disks in the lexicographic order of their ids.
    disks.sort_by(|a, b| a.id.cmp(&b.id));
    let master = super::super::state::coordinator(db).unwrap_or_default();
    let sw = |k: &str| {
        db.field("host", &master, "software_version")
            .and_then(|m| m.get(k))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let version = xva::ova::version(
        s(db, "host", &master, "hostname"),
        &super::super::lifecycle::tasks::now(),
        (
            &sw("product_brand"),
            &sw("product_version"),
            &sw("build_number"),
        ),
        (
            db.field("host", &master, "API_version_major")
                .and_then(Value::as_i64)
                .unwrap_or(2),
            db.field("host", &master, "API_version_minor")
                .and_then(Value::as_i64)
                .unwrap_or(21),
        ),
    );
    (Ova { version, objects }, disks)
}

/// gzip or zstd over the entries as they are made; the output drained after each write.
enum Compress {
    None,
    Gzip(flate2::write::GzEncoder<Vec<u8>>),
    Zstd(Box<zstd::stream::write::Encoder<'static, Vec<u8>>>),
}

impl Compress {
    fn of(query: Option<&str>) -> Compress {
        match query {
            Some("true" | "gzip") => Compress::Gzip(flate2::write::GzEncoder::new(
                Vec::new(),
                flate2::Compression::fast(),
            )),
            Some("zstd") => zstd::stream::write::Encoder::new(Vec::new(), 3)
                .map(|e| Compress::Zstd(Box::new(e)))
                .unwrap_or(Compress::None),
            _ => Compress::None,
        }
    }

    fn push(&mut self, data: Vec<u8>) -> std::io::Result<Vec<u8>> {
        match self {
            Compress::None => Ok(data),
            Compress::Gzip(e) => {
                e.write_all(&data)?;
                Ok(std::mem::take(e.get_mut()))
            }
            Compress::Zstd(e) => {
                e.write_all(&data)?;
                Ok(std::mem::take(e.get_mut()))
            }
        }
    }

    fn finish(self) -> std::io::Result<Vec<u8>> {
        match self {
            Compress::None => Ok(Vec::new()),
            Compress::Gzip(e) => e.finish(),
            Compress::Zstd(e) => e.finish(),
        }
    }
}

/// The VM a request names (`uuid`, else `ref`).
pub(super) fn vm_of(db: &Db, q: &[(String, String)]) -> Result<String, ApiError> {
    if let Some(u) = get(q, "uuid") {
        return db
            .by_uuid("VM", u)
            .map(str::to_string)
            .ok_or_else(|| ApiError::new(codes::UUID_INVALID, ["VM", u]));
    }
    let r = get(q, "ref").unwrap_or("");
    if db.get("VM", r).is_some() {
        Ok(r.to_string())
    } else {
        Err(ApiError::new(codes::HANDLE_INVALID, ["VM", r]))
    }
}

pub async fn handler(
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
    // xapi: the VM, then whether this host sees its disks (else a 302 to one that does).
    if let Ok(srs) = state.read(|db| vm_of(db, &q).map(|vm| redirect::vm_srs(db, &vm))) {
        let served = served.map(|Extension(s)| s);
        if let Some(r) = redirect::check(
            &state,
            served,
            &srs,
            true,
            "/export",
            raw.as_deref(),
            task.as_deref(),
        ) {
            return r;
        }
    }
    let checked = state.read(|db| {
        let vm = vm_of(db, &q)?;
        let power = s(db, "VM", &vm, "power_state");
        // xapi: `export` is allowed on a halted or suspended VM only.
        if power != "Halted" && power != "Suspended" {
            return Err(ApiError::new(
                codes::VM_BAD_POWER_STATE,
                [vm.as_str(), "halted", &power.to_ascii_lowercase()],
            ));
        }
        // xapi `export`: `vm_metadata ~with_snapshot_metadata:false`, whatever
        // `export_snapshots` says (only `/export_metadata` reads it).
        let scope = Scope {
            preserve_power_state: false,
            snapshots: false,
        };
        Ok((vm.clone(), plan(db, &vm, scope)))
    });
    let (vm, (ova, disks)) = match checked {
        Ok(x) => x,
        Err(e) => {
            let text = e.to_description().join(" ");
            complete(&state, task.as_deref(), Err(e));
            return plain(StatusCode::INTERNAL_SERVER_ERROR, &text);
        }
    };
    let op_task = task.clone().unwrap_or_else(|| "OpaqueRef:export".into());
    state.write(|db| {
        db.update("VM", &vm, |f| {
            if let Some(Value::Object(ops)) = f.get_mut("current_operations") {
                ops.insert(op_task.clone(), json!("export"));
            }
        })
    });
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let compress = Compress::of(get(&q, "use_compression"));
    let st = state.clone();
    tokio::spawn(async move {
        let outcome = stream(&st, &st.disks, &ova, &disks, compress, task.as_deref(), &tx).await;
        st.write(|db| {
            db.update("VM", &vm, |f| {
                if let Some(Value::Object(ops)) = f.get_mut("current_operations") {
                    ops.remove(&op_task);
                }
            })
        });
        complete(
            &st,
            task.as_deref(),
            outcome.map(|()| Value::String(String::new())),
        );
    });
    let body = Body::from_stream(tokio_stream_of(rx));
    let mut r = Response::new(body);
    let h = r.headers_mut();
    if let Some(t) = task_of(&state, &q).and_then(|t| HeaderValue::from_str(&t).ok()) {
        h.insert("task-id", t);
    }
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"export.xva\""),
    );
    h.insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

fn tokio_stream_of(
    mut rx: tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

/// Writes the archive into `tx`; an error if the client went away or a write failed.
async fn stream(
    state: &DemoState,
    store: &DiskStore,
    ova: &Ova,
    disks: &[Disk],
    mut compress: Compress,
    task: Option<&str>,
    tx: &tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
) -> Result<(), ApiError> {
    let gone = || ApiError::new(codes::INTERNAL_ERROR, ["the client closed the connection"]);
    let io = |e: std::io::Error| ApiError::new(codes::INTERNAL_ERROR, [e.to_string()]);
    let xva = |e: xva::Error| ApiError::new(codes::INTERNAL_ERROR, [e.to_string()]);
    let send = async |bytes: Vec<u8>, c: &mut Compress| -> Result<(), ApiError> {
        let out = c.push(bytes).map_err(io)?;
        if !out.is_empty() {
            tx.send(Ok(Bytes::from(out))).await.map_err(|_| gone())?;
        }
        Ok(())
    };
    send(
        xva::write::entry("ova.xml", ova.encode().as_bytes()).map_err(xva)?,
        &mut compress,
    )
    .await?;
    let total: u64 = disks.iter().map(|d| d.size).sum::<u64>().max(1);
    let mut before = 0u64;
    for d in disks {
        let written = store.written(&d.vdi);
        for i in xva::write::chunks_written(d.size, |i| written.binary_search(&i).is_ok()) {
            let len = xva::write::chunk_len(d.size, i) as usize;
            let data = match store.chunk(&d.vdi, i) {
                Some(c) => {
                    let mut v = c.as_ref().clone();
                    v.resize(len, 0);
                    v
                }
                None => vec![0; len],
            };
            send(
                xva::write::chunk(&d.id, i, &data).map_err(xva)?,
                &mut compress,
            )
            .await?;
            let done = before + (i * xva::CHUNK + len as u64).min(d.size);
            progress(state, task, done as f64 / total as f64);
        }
        before += d.size;
    }
    send(xva::write::end().to_vec(), &mut compress).await?;
    let tail = compress.finish().map_err(io)?;
    if !tail.is_empty() {
        tx.send(Ok(Bytes::from(tail))).await.map_err(|_| gone())?;
    }
    Ok(())
}
