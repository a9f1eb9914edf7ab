//! One disk between the user's file and the pool (`PUT /import_raw_vdi`, `GET
//! /export_raw_vdi`), as XenCenter's disk image import and xe's `vdi-import`/`vdi-export` do
//! it: a VDI sized from the image's virtual size, then its contents. xapi takes raw and VHD;
//! a VMDK or qcow2 is turned into a dynamic VHD while it streams (only the 2 MiB blocks that
//! hold data cross the wire). Every upload has `Content-Length` and the status is read before
//! anything is believed; Cancel or a failure destroys the VDI the import made. An export is
//! written to `FILE.part`, renamed when whole, removed on failure or Cancel.

use super::transfer::{
    Progress, TransferError, create_task, drive_upload, file_err, partial_path, refusal,
};
use diskimg::ova::{Part, Window};
use diskimg::vhd_stream::{self, BLOCK};
use diskimg::{Format, Image};
use futures_util::StreamExt;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use tokio::io::AsyncWriteExt;
use xenapi::{Session, TaskOutcome};

/// What a file holds, read from its headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    pub format: Format,
    pub virtual_size: u64,
}

/// A whole file as a [`Part`].
pub fn whole(path: &Path) -> Result<Part, TransferError> {
    let len = std::fs::metadata(path).map_err(file_err(path))?.len();
    Ok(Part {
        path: path.to_path_buf(),
        offset: 0,
        len,
    })
}

fn open_image(part: &Part) -> Result<Image<Window<std::fs::File>>, TransferError> {
    let w = part.open().map_err(file_err(&part.path))?;
    Image::new(w).map_err(|e| match e {
        diskimg::Error::Io(error) => TransferError::File {
            path: part.path.clone(),
            error,
        },
        other => TransferError::Image(other),
    })
}

/// Reads the headers of the image at `path` (blocking: call it off the UI thread).
pub fn inspect(path: &Path) -> Result<ImageInfo, TransferError> {
    inspect_part(&whole(path)?)
}

/// Reads the headers of the image in `part` (blocking).
pub fn inspect_part(part: &Part) -> Result<ImageInfo, TransferError> {
    let img = open_image(part)?;
    Ok(ImageInfo {
        format: img.format(),
        virtual_size: img.virtual_size(),
    })
}

/// Whether `path` names a disk image rather than an XVA (by its extension).
pub fn is_disk_image(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "vhd" | "vmdk" | "qcow2" | "qcow" | "img" | "raw"
    )
}

/// How the file goes up: as it is (raw, VHD) or converted to a dynamic VHD.
enum Body {
    AsIs { format: &'static str, length: u64 },
    Convert { writer: vhd_stream::Writer },
}

type Piece = Result<Vec<u8>, std::io::Error>;

/// The blocks of `path`'s disk that hold data (every byte is read once: a sparse image's
/// holes cost no I/O). Stops early on Cancel.
fn scan(part: &Part, cancel: &AtomicBool, done: &AtomicU64) -> Result<Vec<u64>, TransferError> {
    let img = open_image(part)?;
    let mut blocks = Vec::new();
    for (i, piece) in img.pieces(BLOCK as usize).enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return Err(TransferError::Cancelled);
        }
        let piece = piece.map_err(TransferError::Image)?;
        done.fetch_add(piece.len() as u64, Ordering::Relaxed);
        if piece.iter().any(|&b| b != 0) {
            blocks.push(i as u64);
        }
    }
    Ok(blocks)
}

/// The file's bytes as they go up, made on a thread of their own (reading an image blocks),
/// at most four pieces ahead of the network.
fn producer(part: Part, body: &Body) -> tokio::sync::mpsc::Receiver<Piece> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Piece>(4);
    let convert = match body {
        Body::AsIs { .. } => None,
        Body::Convert { writer } => Some((
            writer.head(),
            writer.allocated().to_vec(),
            writer.bitmap(),
            writer.tail(),
        )),
    };
    std::thread::spawn(move || {
        let send = |p: Piece| tx.blocking_send(p).is_ok();
        match convert {
            None => {
                use std::io::Read;
                let mut f = match part.open() {
                    Ok(f) => f,
                    Err(e) => {
                        send(Err(e));
                        return;
                    }
                };
                loop {
                    let mut buf = vec![0u8; 1 << 20];
                    match f.read(&mut buf) {
                        Ok(0) => return,
                        Ok(n) => {
                            buf.truncate(n);
                            if !send(Ok(buf)) {
                                return;
                            }
                        }
                        Err(e) => {
                            send(Err(e));
                            return;
                        }
                    }
                }
            }
            Some((head, blocks, bitmap, tail)) => {
                let mut img = match open_image(&part) {
                    Ok(i) => i,
                    Err(e) => {
                        send(Err(std::io::Error::other(e.to_string())));
                        return;
                    }
                };
                if !send(Ok(head)) {
                    return;
                }
                for b in blocks {
                    let mut buf = vec![0u8; BLOCK as usize];
                    if let Err(e) = img.read_at(b * BLOCK, &mut buf) {
                        send(Err(std::io::Error::other(e.to_string())));
                        return;
                    }
                    if !send(Ok(bitmap.to_vec())) || !send(Ok(buf)) {
                        return;
                    }
                }
                send(Ok(tail.to_vec()));
            }
        }
    });
    rx
}

/// The new VDI's record (`VDI.create`), as `xe vdi-create` makes one.
fn vdi_record(name: &str, sr: &str, size: u64) -> serde_json::Value {
    serde_json::json!({
        "name_label": name, "name_description": "", "SR": sr,
        "virtual_size": size, "type": "user", "sharable": false, "read_only": false,
        "other_config": {}, "xenstore_data": {}, "sm_config": {}, "tags": [],
    })
}

/// Imports the disk image at `path` as a new disk named `name` on SR `sr`; returns the new
/// VDI. On failure or Cancel the VDI is destroyed.
pub async fn import_image(
    session: &Session,
    path: &Path,
    sr: &str,
    name: &str,
    progress: &Progress,
) -> Result<String, TransferError> {
    let part = whole(path)?;
    import_part(session, &part, sr, name, None, progress).await
}

/// Imports the image in `part` as a new disk named `name` on SR `sr` (at least `min_size`
/// bytes: an OVF disk's capacity may exceed its image's); returns the new VDI, destroyed
/// again on failure or Cancel.
pub async fn import_part(
    session: &Session,
    part: &Part,
    sr: &str,
    name: &str,
    min_size: Option<u64>,
    progress: &Progress,
) -> Result<String, TransferError> {
    let cancel = Arc::new(AtomicBool::new(false));
    let scanned = Arc::new(AtomicU64::new(0));
    let p = part.clone();
    let info = {
        let p = p.clone();
        tokio::task::spawn_blocking(move || inspect_part(&p))
            .await
            .map_err(|e| TransferError::Image(diskimg::Error::Io(std::io::Error::other(e))))??
    };
    progress.total.store(info.virtual_size, Ordering::Relaxed);
    let body = match info.format {
        Format::Raw => Body::AsIs {
            format: "raw",
            length: info.virtual_size,
        },
        Format::VhdFixed | Format::VhdDynamic => Body::AsIs {
            format: "vhd",
            length: part.len,
        },
        Format::VmdkSparse | Format::VmdkStreamOptimized | Format::Qcow2 => {
            // First the blocks that hold data (the length must be known before the upload).
            let (c, s, p2) = (cancel.clone(), scanned.clone(), p.clone());
            let scan = tokio::task::spawn_blocking(move || scan(&p2, &c, &s));
            tokio::pin!(scan);
            let blocks = loop {
                tokio::select! {
                    r = &mut scan => break r,
                    () = tokio::time::sleep(std::time::Duration::from_millis(100)) => {
                        if progress.cancel.load(Ordering::Relaxed) {
                            cancel.store(true, Ordering::Relaxed);
                        }
                    }
                }
            }
            .map_err(|e| TransferError::Image(diskimg::Error::Io(std::io::Error::other(e))))??;
            let id = *uuid::Uuid::new_v4().as_bytes();
            Body::Convert {
                writer: vhd_stream::Writer::new(info.virtual_size, blocks, id),
            }
        }
    };
    let (format, length) = match &body {
        Body::AsIs { format, length } => (*format, *length),
        Body::Convert { writer } => ("vhd", writer.length()),
    };
    if progress.cancel.load(Ordering::Relaxed) {
        return Err(TransferError::Cancelled);
    }
    let size = info.virtual_size.max(min_size.unwrap_or(0));
    let vdi = session
        .call("VDI.create", &[vdi_record(name, sr, size)])
        .await?;
    let vdi = vdi.as_str().unwrap_or_default().to_string();
    let result = upload(session, &p, &vdi, format, length, &body, progress).await;
    if result.is_err() {
        // xapi leaves the VDI it was given: it is ours to remove.
        let _ = session.call("VDI.destroy", &[vdi.as_str().into()]).await;
    }
    result.map(|()| vdi)
}

/// `PUT /import_raw_vdi?vdi=…&format=…` with the file's bytes, the task followed to its end.
async fn upload(
    session: &Session,
    part: &Part,
    vdi: &str,
    format: &str,
    length: u64,
    body: &Body,
    progress: &Progress,
) -> Result<(), TransferError> {
    let name = part
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let task = create_task(session, &format!("Import of {name}")).await?;
    let sref = session.session_ref();
    let query = [
        ("session_id", sref.as_str()),
        ("task_id", task.as_str()),
        ("vdi", vdi),
        ("format", format),
    ];
    let counted = Arc::new(AtomicU64::new(0));
    let cancelled = Arc::new(AtomicBool::new(false));
    let (c2, x2) = (counted.clone(), cancelled.clone());
    // The bytes made from the start for each host tried (a 302 sends them again).
    let mut make = || -> xenapi::UploadStream {
        c2.store(0, Ordering::Relaxed);
        let (c3, x3) = (c2.clone(), x2.clone());
        let mut rx = producer(part.clone(), body);
        futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
            .map(move |r| {
                if x3.load(Ordering::Relaxed) {
                    return Err(std::io::Error::other("cancelled"));
                }
                if let Ok(b) = &r {
                    c3.fetch_add(b.len() as u64, Ordering::Relaxed);
                }
                r.map(bytes::Bytes::from)
            })
            .boxed()
    };
    progress.total.store(length, Ordering::Relaxed);
    let hosts = super::console::pool_hosts(session).await;
    let resp = session
        .transport()
        .start_transfer(
            reqwest::Method::PUT,
            "/import_raw_vdi",
            &query,
            Some(xenapi::Upload {
                length,
                make: &mut make,
            }),
            "import",
            &hosts,
        )
        .await;
    let resp = match resp {
        Ok(r) => r,
        Err(e) => {
            let _ = session.cancel_task(&task).await;
            let _ = session.call("task.destroy", &[(&task).into()]).await;
            return Err(e.into());
        }
    };
    if resp.status() != reqwest::StatusCode::OK {
        return Err(refusal(session, &task, resp).await);
    }
    // The host took the upload: the body flows now; the reply ends when the host is done
    // or gives up (a full SR: the task says why).
    let _ = drive_upload(resp.bytes(), progress, &counted, &cancelled).await;
    if cancelled.load(Ordering::Relaxed) {
        let _ = session.cancel_task(&task).await;
        let _ = session.call("task.destroy", &[(&task).into()]).await;
        return Err(TransferError::Cancelled);
    }
    let outcome = session
        .await_task(&task, std::time::Duration::from_millis(200), |_| {})
        .await;
    let _ = session.call("task.destroy", &[(&task).into()]).await;
    match outcome? {
        TaskOutcome::Succeeded(_) => Ok(()),
        TaskOutcome::Cancelled => Err(TransferError::Cancelled),
    }
}

/// Exports VDI `vdi` (a reference) to `path` as `format` (`raw` or `vhd`); returns the bytes
/// written. `size` is the disk's virtual size (the progress bar's end for raw).
pub async fn export_disk(
    session: &Session,
    vdi: &str,
    size: u64,
    path: &Path,
    format: &str,
    progress: &Progress,
) -> Result<u64, TransferError> {
    let task = create_task(session, "Export of a disk").await?;
    let sref = session.session_ref();
    let query = [
        ("session_id", sref.as_str()),
        ("task_id", task.as_str()),
        ("vdi", vdi),
        ("format", format),
    ];
    let hosts = super::console::pool_hosts(session).await;
    let resp = session
        .transport()
        .start_transfer(
            reqwest::Method::GET,
            "/export_raw_vdi",
            &query,
            None,
            "export",
            &hosts,
        )
        .await?;
    if resp.status() != reqwest::StatusCode::OK {
        return Err(refusal(session, &task, resp).await);
    }
    // xapi sends no Content-Length here: the raw disk's size is known, a VHD's is not.
    let total = resp
        .content_length()
        .unwrap_or(if format == "raw" { size } else { 0 });
    progress.total.store(total, Ordering::Relaxed);
    let part = partial_path(path);
    let written = save(resp, &part, progress).await;
    let failed = |e: TransferError| async {
        let _ = tokio::fs::remove_file(&part).await;
        let _ = session.cancel_task(&task).await;
        let _ = session.call("task.destroy", &[(&task).into()]).await;
        Err(e)
    };
    let bytes = match written {
        Ok(n) => n,
        Err(e) => return failed(e).await,
    };
    let outcome = session
        .await_task(&task, std::time::Duration::from_millis(200), |_| {})
        .await;
    match outcome {
        Ok(TaskOutcome::Succeeded(_)) => {}
        Ok(TaskOutcome::Cancelled) => return failed(TransferError::Cancelled).await,
        Err(e) => return failed(e.into()).await,
    }
    let _ = session.call("task.destroy", &[(&task).into()]).await;
    if format == "raw" && bytes != size {
        return failed(TransferError::Damaged(xva::Error::PrematureEof)).await;
    }
    tokio::fs::rename(&part, path)
        .await
        .map_err(file_err(path))?;
    Ok(bytes)
}

async fn save(
    mut resp: reqwest::Response,
    part: &Path,
    progress: &Progress,
) -> Result<u64, TransferError> {
    let mut file = tokio::fs::File::create(part)
        .await
        .map_err(file_err(part))?;
    let mut n = 0u64;
    loop {
        if progress.cancel.load(Ordering::Relaxed) {
            return Err(TransferError::Cancelled);
        }
        let chunk = match resp.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(_) => return Err(TransferError::Damaged(xva::Error::PrematureEof)),
        };
        file.write_all(&chunk).await.map_err(file_err(part))?;
        n += chunk.len() as u64;
        progress.done.store(n, Ordering::Relaxed);
    }
    file.flush().await.map_err(file_err(part))?;
    file.sync_all().await.map_err(file_err(part))?;
    Ok(n)
}

/// Where a disk image imported as a new VM goes: the VM is a clone of `template` named
/// `name`, its first disk the image, one NIC on each of `networks`.
#[derive(Debug, Clone)]
pub struct AsVm {
    pub template: String,
    pub name: String,
    pub networks: Vec<String>,
}

/// Imports the image at `path` to SR `sr` as a new VM (`as_vm`); returns the VM. Any
/// failure removes the VM and the disk it made.
pub async fn import_image_as_vm(
    session: &Session,
    path: &Path,
    sr: &str,
    as_vm: &AsVm,
    progress: &Progress,
) -> Result<String, TransferError> {
    let vdi = import_image(session, path, sr, &as_vm.name, progress).await?;
    let made = make_vm(session, &vdi, sr, as_vm).await;
    match made {
        Ok(vm) => Ok(vm),
        Err((vm, e)) => {
            if let Some(vm) = vm {
                let _ = session.call("VM.destroy", &[vm.as_str().into()]).await;
            }
            let _ = session.call("VDI.destroy", &[vdi.as_str().into()]).await;
            Err(e)
        }
    }
}

/// The VM around an imported disk, as the New VM wizard makes one from a template with no
/// disks of its own; the VM made so far comes back with an error.
async fn make_vm(
    session: &Session,
    vdi: &str,
    sr: &str,
    as_vm: &AsVm,
) -> Result<String, (Option<String>, TransferError)> {
    let vm = session
        .call(
            "VM.clone",
            &[as_vm.template.as_str().into(), as_vm.name.as_str().into()],
        )
        .await
        .map_err(|e| (None, e.into()))?;
    let vm = vm.as_str().unwrap_or_default().to_string();
    let v = || serde_json::Value::from(vm.as_str());
    let steps: Vec<(&str, Vec<serde_json::Value>)> = vec![
        ("VM.remove_from_other_config", vec![v(), "disks".into()]),
        (
            "VM.add_to_other_config",
            vec![v(), "disks".into(), "<provision/>".into()],
        ),
        ("VM.provision", vec![v()]),
        ("VM.set_suspend_SR", vec![v(), sr.into()]),
        (
            "VBD.create",
            vec![serde_json::json!({
                "VM": vm, "VDI": vdi, "userdevice": "0", "bootable": true, "mode": "RW",
                "type": "Disk", "empty": false, "unpluggable": false, "other_config": {},
                "qos_algorithm_type": "", "qos_algorithm_params": {},
            })],
        ),
    ];
    for (method, args) in steps {
        session
            .call(method, &args)
            .await
            .map_err(|e| (Some(vm.clone()), e.into()))?;
    }
    for (i, net) in as_vm.networks.iter().enumerate() {
        let vif = serde_json::json!({
            "device": i.to_string(), "network": net, "VM": vm, "MAC": "", "MTU": 1500,
            "other_config": {}, "qos_algorithm_type": "", "qos_algorithm_params": {},
            "locking_mode": "network_default", "ipv4_allowed": [], "ipv6_allowed": [],
        });
        session
            .call("VIF.create", &[vif])
            .await
            .map_err(|e| (Some(vm.clone()), e.into()))?;
    }
    Ok(vm)
}
