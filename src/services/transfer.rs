//! VMs as XVA files between the user's disk and the pool (`GET /export`, `PUT /import`), as
//! XenCenter moves them: a task first, the session and task in the query, the task followed
//! to its end. Exports are checked while they download (every chunk against its checksum)
//! and written to `FILE.part`, renamed only when whole and checked, removed on any failure
//! or Cancel. Uploads stream from the file with `Content-Length` (xapi refuses chunked
//! encoding), once the host has answered `200`; a `302` to the pool member that has the
//! storage is followed (the file sent from its start there). Memory stays flat whatever
//! the size: one network chunk at a time.

use futures_util::{StreamExt, TryStreamExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use tokio::io::AsyncWriteExt;
use xenapi::{Ref, Session, Task, TaskOutcome};

/// Shared with whoever shows the transfer: bytes moved, bytes in all (0 when unknown), and
/// the user's Cancel.
#[derive(Debug, Default)]
pub struct Progress {
    pub done: AtomicU64,
    pub total: AtomicU64,
    pub cancel: AtomicBool,
}

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error(transparent)]
    Api(#[from] xenapi::Error),
    /// The host refused the transfer: its HTTP status, and the task's error (`error`, and
    /// as text in `reason`) or the reply's text.
    #[error("the server refused the transfer (HTTP {status}): {reason}")]
    Refused {
        status: u16,
        reason: String,
        error: Option<xenapi::ApiError>,
    },
    #[error("the export is damaged: {0}")]
    Damaged(xva::Error),
    /// A disk image that cannot be read (damaged, truncated, or of a kind not taken).
    #[error("{0}")]
    Image(diskimg::Error),
    #[error("{path}: {error}")]
    File {
        path: PathBuf,
        error: std::io::Error,
    },
    #[error("cancelled")]
    Cancelled,
}

/// What an export wrote.
#[derive(Debug, Clone)]
pub struct Exported {
    pub path: PathBuf,
    pub bytes: u64,
    pub stats: xva::Stats,
}

pub(crate) fn file_err(path: &Path) -> impl Fn(std::io::Error) -> TransferError + '_ {
    move |error| TransferError::File {
        path: path.to_path_buf(),
        error,
    }
}

pub(crate) async fn create_task(
    session: &Session,
    label: &str,
) -> Result<Ref<Task>, TransferError> {
    let v = session
        .call("task.create", &[label.into(), "".into()])
        .await?;
    Ok(Ref::new(v.as_str().unwrap_or_default()))
}

/// Why the host refused: the task's error when it has one, else the reply's text.
pub(crate) async fn refusal(
    session: &Session,
    task: &Ref<Task>,
    resp: reqwest::Response,
) -> TransferError {
    let status = resp.status().as_u16();
    let text: String = resp
        .text()
        .await
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect();
    let (reason, error) = match session.get_record::<Task>(task).await {
        Ok(t) if !t.error_info.is_empty() => (
            t.error_info.join(" "),
            Some(xenapi::ApiError::new(
                t.error_info[0].clone(),
                t.error_info[1..].to_vec(),
            )),
        ),
        _ => (text, None),
    };
    let _ = session.call("task.destroy", &[task.into()]).await;
    TransferError::Refused {
        status,
        reason,
        error,
    }
}

/// The file an export is written to until it is whole: `FILE.part`.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(".part");
    PathBuf::from(p)
}

/// Exports VM `vm_uuid` (named `name` in the task) to `path`, compressed when `compress`
/// is `gzip` or `zstd`.
pub async fn export_vm(
    session: &Session,
    vm_uuid: &str,
    name: &str,
    path: &Path,
    compress: Option<&str>,
    progress: &Progress,
) -> Result<Exported, TransferError> {
    export_at(session, "/export", vm_uuid, name, path, compress, progress).await
}

/// Exports the metadata of the VM `vm_uuid` alone (`GET /export_metadata`: `ova.xml` in a
/// tar, the VM's power state kept, no disk data) to `path`, checked as it arrives.
pub async fn export_metadata(
    session: &Session,
    vm_uuid: &str,
    name: &str,
    path: &Path,
    progress: &Progress,
) -> Result<Exported, TransferError> {
    export_at(
        session,
        "/export_metadata",
        vm_uuid,
        name,
        path,
        None,
        progress,
    )
    .await
}

async fn export_at(
    session: &Session,
    uri: &str,
    vm_uuid: &str,
    name: &str,
    path: &Path,
    compress: Option<&str>,
    progress: &Progress,
) -> Result<Exported, TransferError> {
    let task = create_task(session, &format!("Export of {name}")).await?;
    let sref = session.session_ref();
    let mut query = vec![
        ("session_id", sref.as_str()),
        ("task_id", task.as_str()),
        ("uuid", vm_uuid),
    ];
    if let Some(c) = compress {
        query.push(("use_compression", c));
    }
    let hosts = super::console::pool_hosts(session).await;
    let resp = session
        .transport()
        .start_transfer(reqwest::Method::GET, uri, &query, None, "export", &hosts)
        .await?;
    if resp.status() != reqwest::StatusCode::OK {
        return Err(refusal(session, &task, resp).await);
    }
    let part = partial_path(path);
    let result = download(resp, &part, progress).await;
    let stats = match result {
        Ok(s) => s,
        Err(e) => {
            let _ = tokio::fs::remove_file(&part).await;
            let _ = session.cancel_task(&task).await;
            let _ = session.call("task.destroy", &[(&task).into()]).await;
            return Err(e);
        }
    };
    // The bytes are all here and checked; the task says whether the host agrees.
    match session
        .await_task(&task, std::time::Duration::from_millis(200), |_| {})
        .await
    {
        Ok(TaskOutcome::Succeeded(_)) => {}
        Ok(TaskOutcome::Cancelled) => {
            let _ = tokio::fs::remove_file(&part).await;
            return Err(TransferError::Cancelled);
        }
        Err(e) => {
            let _ = tokio::fs::remove_file(&part).await;
            return Err(e.into());
        }
    }
    tokio::fs::rename(&part, path)
        .await
        .map_err(file_err(path))?;
    Ok(Exported {
        path: path.to_path_buf(),
        bytes: stats.bytes_in,
        stats,
    })
}

/// Writes the reply to `part`, checking it as it comes.
async fn download(
    mut resp: reqwest::Response,
    part: &Path,
    progress: &Progress,
) -> Result<xva::Stats, TransferError> {
    let mut file = tokio::fs::File::create(part)
        .await
        .map_err(file_err(part))?;
    let mut reader = xva::Reader::new(xva::read::Check);
    progress.total.store(0, Ordering::Relaxed);
    loop {
        if progress.cancel.load(Ordering::Relaxed) {
            return Err(TransferError::Cancelled);
        }
        let chunk = match resp.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => break,
            // The connection dropped part-way: what came is not a whole export.
            Err(_) => return Err(TransferError::Damaged(xva::Error::PrematureEof)),
        };
        reader.feed(&chunk).map_err(TransferError::Damaged)?;
        file.write_all(&chunk).await.map_err(file_err(part))?;
        progress
            .done
            .fetch_add(chunk.len() as u64, Ordering::Relaxed);
    }
    let stats = reader.finish().map_err(TransferError::Damaged)?;
    file.flush().await.map_err(file_err(part))?;
    file.sync_all().await.map_err(file_err(part))?;
    Ok(stats)
}

/// Runs an upload to its end, copying the bytes its body has sent into `progress` every
/// 100 ms, and raising `cancelled` (which stops the body) when the user asks to cancel.
pub(crate) async fn drive_upload<T>(
    upload: impl std::future::Future<Output = T>,
    progress: &Progress,
    counted: &AtomicU64,
    cancelled: &AtomicBool,
) -> T {
    tokio::pin!(upload);
    let out = loop {
        tokio::select! {
            r = &mut upload => break r,
            () = tokio::time::sleep(std::time::Duration::from_millis(100)) => {
                progress.done.store(counted.load(Ordering::Relaxed), Ordering::Relaxed);
                if progress.cancel.load(Ordering::Relaxed) {
                    cancelled.store(true, Ordering::Relaxed);
                }
            }
        }
    };
    progress
        .done
        .store(counted.load(Ordering::Relaxed), Ordering::Relaxed);
    out
}

/// Imports the XVA at `path` (plain, gzip or zstd) to SR `sr` (the pool's default when
/// `None`); returns the new VMs.
pub async fn import_xva(
    session: &Session,
    path: &Path,
    sr: Option<&str>,
    progress: &Progress,
) -> Result<Vec<String>, TransferError> {
    let length = tokio::fs::metadata(path)
        .await
        .map_err(file_err(path))?
        .len();
    progress.total.store(length, Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let task = create_task(session, &format!("Import of {name}")).await?;
    let sref = session.session_ref();
    let mut query = vec![("session_id", sref.as_str()), ("task_id", task.as_str())];
    if let Some(sr) = sr {
        query.push(("sr_id", sr));
    }
    let counted = std::sync::Arc::new(AtomicU64::new(0));
    let cancelled = std::sync::Arc::new(AtomicBool::new(false));
    let (c2, x2, p2) = (counted.clone(), cancelled.clone(), path.to_path_buf());
    // The file read from its start for each host tried (a 302 sends it again).
    let mut make = move || -> xenapi::UploadStream {
        c2.store(0, Ordering::Relaxed);
        let (c3, x3, p3) = (c2.clone(), x2.clone(), p2.clone());
        futures_util::stream::once(async move { tokio::fs::File::open(p3).await })
            .map_ok(|f| tokio_util::io::ReaderStream::with_capacity(f, 256 * 1024))
            .try_flatten()
            .map(move |r| {
                if x3.load(Ordering::Relaxed) {
                    return Err(std::io::Error::other("cancelled"));
                }
                if let Ok(b) = &r {
                    c3.fetch_add(b.len() as u64, Ordering::Relaxed);
                }
                r
            })
            .boxed()
    };
    let hosts = super::console::pool_hosts(session).await;
    let resp = session
        .transport()
        .start_transfer(
            reqwest::Method::PUT,
            "/import",
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
            return Err(e.into());
        }
    };
    if resp.status() != reqwest::StatusCode::OK {
        return Err(refusal(session, &task, resp).await);
    }
    // The host took the upload: the body flows now; its reply ends when the host is done
    // (or gives up: the task says which).
    let _ = drive_upload(resp.bytes(), progress, &counted, &cancelled).await;
    if cancelled.load(Ordering::Relaxed) {
        let _ = session.cancel_task(&task).await;
        return Err(TransferError::Cancelled);
    }
    match session
        .await_task(&task, std::time::Duration::from_millis(200), |_| {})
        .await?
    {
        TaskOutcome::Succeeded(v) => Ok(refs_of(&v)),
        TaskOutcome::Cancelled => Err(TransferError::Cancelled),
    }
}

/// The VM references in an import's result (a set, or one).
fn refs_of(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::Array(a) => a.iter().flat_map(refs_of).collect(),
        serde_json::Value::String(s) if s.starts_with("OpaqueRef:") => vec![s.clone()],
        _ => Vec::new(),
    }
}
