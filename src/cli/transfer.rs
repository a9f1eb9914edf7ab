//! `xenpilot export` and `xenpilot import`: the app's transfer code from a script, with a
//! progress bar on a terminal and plain lines otherwise, and exit codes that say what
//! failed: 1 cannot connect or log in, 2 usage (clap's), 3 the pool refused (the task's
//! error), 4 the file is damaged or the connection dropped, 5 a local file error, 6 the VM
//! or SR named is not there.

use super::session::{Opened, open};
use super::{Compress, ExportArgs, ImportArgs};
use crate::services::transfer::{self, Progress, TransferError};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

fn fail(code: u8, msg: &str) -> ExitCode {
    eprintln!("xenpilot: {}", super::terminal_safe(msg));
    ExitCode::from(code)
}

/// What failed, in words (English, as the command line's other messages).
fn words(e: &TransferError) -> String {
    match e {
        TransferError::Refused {
            error: Some(api), ..
        } => crate::ui::errors::api::text(&crate::i18n::I18n::new("en-US"), api),
        TransferError::Api(e) if e.api().is_some() => e
            .api()
            .map(|a| crate::ui::errors::api::text(&crate::i18n::I18n::new("en-US"), a))
            .unwrap_or_default(),
        other => other.to_string(),
    }
}

fn code_of(e: &TransferError) -> u8 {
    match e {
        TransferError::Api(_) | TransferError::Refused { .. } => 3,
        TransferError::Damaged(_) | TransferError::Image(_) => 4,
        TransferError::File { .. } => 5,
        TransferError::Cancelled => 3,
    }
}

/// Shows `p` until `done` resolves: a bar on a terminal, a line every 5 s otherwise.
async fn with_progress<T>(
    what: &str,
    p: Arc<Progress>,
    done: impl std::future::Future<Output = T>,
) -> T {
    let bar = std::io::stderr().is_terminal().then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{msg} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b.set_message(what.to_string());
        b
    });
    tokio::pin!(done);
    let started = Instant::now();
    let mut said = Instant::now();
    loop {
        tokio::select! {
            r = &mut done => {
                if let Some(b) = &bar { b.finish_and_clear(); }
                return r;
            }
            () = tokio::time::sleep(Duration::from_millis(200)) => {
                let (n, total) = (p.done.load(Ordering::Relaxed), p.total.load(Ordering::Relaxed));
                match &bar {
                    Some(b) => { b.set_length(total.max(n)); b.set_position(n); }
                    None if said.elapsed() >= Duration::from_secs(5) => {
                        said = Instant::now();
                        let rate = n as f64 / started.elapsed().as_secs_f64().max(0.001) / 1e6;
                        eprintln!("{what}: {} MB ({rate:.1} MB/s)", n / 1_000_000);
                    }
                    None => {}
                }
            }
        }
    }
}

/// The `uuid` and name of the VM named `vm` (a name or a UUID).
async fn find_vm(o: &Opened, vm: &str) -> Result<(String, String), String> {
    let all = o
        .session
        .call("VM.get_all_records", &[])
        .await
        .map_err(|e| e.to_string())?;
    let found: Vec<(String, String)> = all
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .filter(|v| v["is_a_template"] != true && v["is_control_domain"] != true)
        .filter(|v| v["uuid"] == vm || v["name_label"] == vm)
        .map(|v| {
            (
                v["uuid"].as_str().unwrap_or("").to_string(),
                v["name_label"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("no VM is named {vm}")),
        _ => Err(format!("{} VMs are named {vm}: give its UUID", found.len())),
    }
}

/// The names of a VM's snapshots (`vm`: its ref or uuid), oldest first; none when they
/// cannot be read.
async fn snapshot_names(o: &Opened, vm: &str) -> Vec<String> {
    let s = &o.session;
    let vm = if vm.starts_with("OpaqueRef:") {
        vm.to_string()
    } else {
        match s.call("VM.get_by_uuid", &[vm.into()]).await {
            Ok(v) => v.as_str().unwrap_or_default().to_string(),
            Err(_) => return Vec::new(),
        }
    };
    let snaps = s
        .call("VM.get_snapshots", &[vm.into()])
        .await
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default();
    let mut out = Vec::new();
    for snap in snaps.iter().filter_map(|v| v.as_str()) {
        let field = |f: &'static str| async move {
            s.call(f, &[snap.into()])
                .await
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        };
        out.push((
            field("VM.get_snapshot_time").await,
            field("VM.get_name_label").await,
        ));
    }
    out.sort();
    out.into_iter().map(|(_, n)| n).collect()
}

pub fn export(args: ExportArgs, rt: &tokio::runtime::Runtime) -> ExitCode {
    rt.block_on(async {
        let o = match open(args.pool.server.as_deref(), &args.pool.user).await {
            Ok(o) => o,
            Err(e) => return fail(1, &e),
        };
        let code = match find_vm(&o, &args.vm).await {
            Err(e) => fail(6, &e),
            Ok((uuid, name)) => {
                let p = Arc::new(Progress::default());
                let compress = args.compress.map(|c| match c {
                    Compress::Gzip => "gzip",
                    Compress::Zstd => "zstd",
                });
                let job = if args.metadata_only {
                    futures_util::future::Either::Left(transfer::export_metadata(
                        &o.session, &uuid, &name, &args.out, &p,
                    ))
                } else {
                    futures_util::future::Either::Right(transfer::export_vm(
                        &o.session, &uuid, &name, &args.out, compress, &p,
                    ))
                };
                match with_progress(&format!("Exporting {name}"), p.clone(), job).await {
                    Ok(done) => {
                        println!(
                            "Exported {name} to {} ({} bytes, {} chunks checked)",
                            done.path.display(),
                            done.bytes,
                            done.stats.verified
                        );
                        // xapi's `/export` writes the VM alone; say so rather than let a
                        // backup look complete.
                        let snaps = snapshot_names(&o, &uuid).await;
                        if !args.metadata_only && !snaps.is_empty() {
                            println!(
                                "Not in the file: {name}'s snapshots ({}); an XVA holds the VM as it is now",
                                snaps.join(", ")
                            );
                        }
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(
                        code_of(&e),
                        &format!("export of {name} failed: {}", words(&e)),
                    ),
                }
            }
        };
        o.close().await;
        code
    })
}

/// The SR named `sr` (a name or a UUID), as a reference.
async fn find_sr(o: &Opened, sr: &str) -> Result<String, String> {
    let all = o
        .session
        .call("SR.get_all_records", &[])
        .await
        .map_err(|e| e.to_string())?;
    let found: Vec<String> = all
        .as_object()
        .into_iter()
        .flat_map(|m| m.iter())
        .filter(|(_, v)| v["uuid"] == sr || v["name_label"] == sr)
        .map(|(r, _)| r.clone())
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("no storage repository is named {sr}")),
        _ => Err(format!("{} SRs are named {sr}: give its UUID", found.len())),
    }
}

pub fn import(args: ImportArgs, rt: &tokio::runtime::Runtime) -> ExitCode {
    rt.block_on(async {
        let o = match open(args.pool.server.as_deref(), &args.pool.user).await {
            Ok(o) => o,
            Err(e) => return fail(1, &e),
        };
        let code = run_import(&o, &args).await;
        o.close().await;
        code
    })
}

async fn run_import(o: &Opened, args: &ImportArgs) -> ExitCode {
    let sr = match &args.sr {
        Some(name) => match find_sr(o, name).await {
            Ok(r) => Some(r),
            Err(e) => return fail(6, &e),
        },
        None => None,
    };
    if crate::services::disk_transfer::is_disk_image(&args.file) {
        return import_image(o, args, sr).await;
    }
    if crate::services::ovf_import::is_package(&args.file) {
        return import_package(o, args, sr).await;
    }
    let p = Arc::new(Progress::default());
    let file = args.file.display().to_string();
    let job = transfer::import_xva(&o.session, &args.file, sr.as_deref(), &p);
    let vms = match with_progress(&format!("Importing {file}"), p.clone(), job).await {
        Ok(v) => v,
        Err(e) => {
            return fail(
                code_of(&e),
                &format!("import of {file} failed: {}", words(&e)),
            );
        }
    };
    for vm in &vms {
        let name = o
            .session
            .call("VM.get_name_label", &[vm.as_str().into()])
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| vm.clone());
        let snaps = snapshot_names(o, vm).await;
        if snaps.is_empty() {
            println!("Imported {name} ({vm})");
        } else {
            println!(
                "Imported {name} ({vm}) with its snapshots: {}",
                snaps.join(", ")
            );
        }
        if args.start
            && let Err(e) = o
                .session
                .call(
                    "VM.start",
                    &[vm.as_str().into(), false.into(), false.into()],
                )
                .await
        {
            return fail(3, &format!("{name} was imported but did not start: {e}"));
        }
    }
    ExitCode::SUCCESS
}

/// The pool's default SR, as a reference.
async fn default_sr(o: &Opened) -> Result<String, String> {
    let pools = o
        .session
        .call("pool.get_all_records", &[])
        .await
        .map_err(|e| e.to_string())?;
    pools
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
        .filter_map(|p| p["default_SR"].as_str())
        .find(|r| *r != "OpaqueRef:NULL")
        .map(str::to_string)
        .ok_or_else(|| "the pool has no default SR: name one with --sr".to_string())
}

/// A disk image as a new disk on `sr` (the pool's default when `None`).
async fn import_image(o: &Opened, args: &ImportArgs, sr: Option<String>) -> ExitCode {
    use crate::services::disk_transfer;
    let sr = match sr {
        Some(s) => s,
        None => match default_sr(o).await {
            Ok(s) => s,
            Err(e) => return fail(6, &e),
        },
    };
    let file = args.file.display().to_string();
    let name = args
        .file
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| file.clone());
    let p = Arc::new(Progress::default());
    let job = disk_transfer::import_image(&o.session, &args.file, &sr, &name, &p);
    match with_progress(&format!("Importing {file}"), p.clone(), job).await {
        Ok(vdi) => {
            println!("Imported {file} as the disk {name} ({vdi})");
            if args.start {
                eprintln!("xenpilot: --start is for VMs; the disk was imported alone");
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(
            code_of(&e),
            &format!("import of {file} failed: {}", words(&e)),
        ),
    }
}

/// An OVF package as a new VM: checked whole first; each NIC on the pool's network of the
/// same name, else the first network; the template "Other install media" (else the first
/// without disks of its own).
async fn import_package(o: &Opened, args: &ImportArgs, sr: Option<String>) -> ExitCode {
    use crate::services::ovf_import;
    let file = args.file.display().to_string();
    let path = args.file.clone();
    let checked = match tokio::task::spawn_blocking(move || ovf_import::check(&path)).await {
        Ok(Ok((_, c))) => c,
        Ok(Err(why)) => {
            return fail(
                4,
                &format!("{file} cannot be imported: {}", why.0.join("; ")),
            );
        }
        Err(e) => return fail(4, &e.to_string()),
    };
    let sr = match sr {
        Some(s) => s,
        None => match default_sr(o).await {
            Ok(s) => s,
            Err(e) => return fail(6, &e),
        },
    };
    let records = |class: &str| {
        let class = class.to_string();
        async move {
            o.session
                .call(&format!("{class}.get_all_records"), &[])
                .await
                .ok()
                .and_then(|v| v.as_object().cloned())
                .unwrap_or_default()
        }
    };
    let vms = records("VM").await;
    let mut templates: Vec<(&String, &str)> = vms
        .iter()
        // A template with disks of its own would clash with the package's (device 0).
        .filter(|(_, v)| {
            v["is_a_template"] == true
                && v["is_a_snapshot"] != true
                && v["VBDs"].as_array().is_none_or(Vec::is_empty)
        })
        .map(|(r, v)| (r, v["name_label"].as_str().unwrap_or("")))
        .collect();
    templates.sort_by(|a, b| a.1.cmp(b.1));
    let Some(template) = templates
        .iter()
        .find(|(_, n)| *n == "Other install media")
        .or(templates.first())
        .map(|(r, _)| (*r).clone())
    else {
        return fail(6, "the pool has no template to make the VM from");
    };
    let nets = records("network").await;
    let (hosts, pifs) = (records("host").await, records("PIF").await);
    // As XenCenter's network page with no home server: no guest installer or hidden
    // network, only networks every server sees (`AllHostsCanSeeNetwork`).
    let seen_by_all = |v: &serde_json::Value| {
        let on: Vec<&str> = v["PIFs"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| pifs.get(p.as_str()?)?["host"].as_str())
                    .collect()
            })
            .unwrap_or_default();
        v["PIFs"].as_array().is_none_or(Vec::is_empty)
            || hosts.keys().all(|h| on.contains(&h.as_str()))
    };
    let mut net_list: Vec<(&String, &str)> = nets
        .iter()
        .filter(|(_, v)| {
            v["other_config"]["is_guest_installer_network"] != "true"
                && v["other_config"]["HideFromXenCenter"] != "true"
                && seen_by_all(v)
        })
        .map(|(r, v)| (r, v["name_label"].as_str().unwrap_or("")))
        .collect();
    net_list.sort_by(|a, b| a.1.cmp(b.1));
    let networks = checked
        .system
        .nics
        .iter()
        .map(|nic| {
            net_list
                .iter()
                .find(|(_, n)| n.eq_ignore_ascii_case(&nic.network))
                .or(net_list.first())
                .map(|(r, _)| (*r).clone())
        })
        .collect();
    let choices = ovf_import::Choices {
        name: checked.system.name.clone(),
        template,
        sr,
        networks,
    };
    let p = Arc::new(Progress::default());
    let job = ovf_import::import_ovf(&o.session, &checked, &choices, &p);
    match with_progress(&format!("Importing {file}"), p.clone(), job).await {
        Ok(vm) => {
            println!("Imported {} ({vm})", choices.name);
            if args.start
                && let Err(e) = o
                    .session
                    .call(
                        "VM.start",
                        &[vm.as_str().into(), false.into(), false.into()],
                    )
                    .await
            {
                return fail(
                    3,
                    &format!("{} was imported but did not start: {e}", choices.name),
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(
            code_of(&e),
            &format!("import of {file} failed: {}", words(&e)),
        ),
    }
}
