//! The app's transfers against the demo server: an export written only once whole and
//! checked, Cancel leaving no file, an import making the VM; and `xenpilot export` /
//! `xenpilot import` with their exit codes.

use crate::common::{PASSWORD, server};
use crate::session::login;
use std::process::Command;
use std::sync::atomic::Ordering;
use xenpilot::services::transfer::{self, Progress, TransferError};
use xenpilot::xenapi::Protocol;

async fn vm_uuid(s: &xenpilot::xenapi::Session, name: &str) -> String {
    let all = s.call("VM.get_all_records", &[]).await.unwrap();
    all.as_object()
        .unwrap()
        .values()
        .find(|v| v["name_label"] == name)
        .unwrap()["uuid"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn an_export_is_checked_written_whole_and_imported_back() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let uuid = vm_uuid(&s, "db-replica").await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.xva");
    let p = Progress::default();
    let done = transfer::export_vm(&s, &uuid, "db-replica", &path, Some("gzip"), &p)
        .await
        .unwrap();
    assert!(path.exists(), "the file is there");
    assert!(!transfer::partial_path(&path).exists(), "no .part left");
    assert_eq!(done.stats.compression, xva::read::Compression::Gzip);
    assert!(done.stats.verified > 0, "its chunks were checked");
    assert_eq!(p.done.load(Ordering::Relaxed), done.bytes);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), done.bytes);
    // Back in, as a new VM.
    let before = srv.state.read(|db| db.count("VM"));
    let p = Progress::default();
    let vms = transfer::import_xva(&s, &path, None, &p).await.unwrap();
    assert_eq!(vms.len(), 1);
    assert_eq!(srv.state.read(|db| db.count("VM")), before + 1);
    assert_eq!(
        p.done.load(Ordering::Relaxed),
        done.bytes,
        "every byte sent"
    );
    // A running VM is refused with the task's error, and no file is made.
    let web = vm_uuid(&s, "web-01").await;
    let bad = dir.path().join("web.xva");
    let e = transfer::export_vm(&s, &web, "web-01", &bad, None, &Progress::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&e, TransferError::Refused { reason, .. } if reason.starts_with("VM_BAD_POWER_STATE")),
        "{e}"
    );
    assert!(!bad.exists() && !transfer::partial_path(&bad).exists());
}

#[tokio::test]
async fn a_cancelled_export_leaves_no_file() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let uuid = vm_uuid(&s, "db-replica").await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.xva");
    let p = Progress::default();
    p.cancel.store(true, Ordering::Relaxed);
    let e = transfer::export_vm(&s, &uuid, "db-replica", &path, None, &p)
        .await
        .unwrap_err();
    assert!(matches!(e, TransferError::Cancelled), "{e}");
    assert!(!path.exists() && !transfer::partial_path(&path).exists());
}

fn xenpilot() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_xenpilot"));
    c.env("RUST_LOG", "error");
    c
}

#[test]
fn the_command_line_exports_and_imports_and_says_what_failed() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let srv = rt.block_on(server());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("db.xva");
    let run = |args: &[&str]| {
        xenpilot()
            .args(args)
            .args(["--server", &srv.url])
            .env("XENPILOT_PASSWORD", PASSWORD)
            .output()
            .unwrap()
    };
    let f = file.to_str().unwrap();
    let out = run(&[
        "export",
        "--vm",
        "db-replica",
        "--out",
        f,
        "--compress",
        "zstd",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Exported db-replica"));
    let out = run(&["import", f, "--sr", "Shared NFS storage", "--start"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let running = srv.state.read(|db| {
        db.table("VM")
            .unwrap()
            .rows
            .values()
            .filter(|r| {
                r.fields["name_label"] == "db-replica" && r.fields["power_state"] == "Running"
            })
            .count()
    });
    assert_eq!(running, 1, "imported and started");
    // What failed, in the exit code.
    assert_eq!(
        run(&["export", "--vm", "nope", "--out", f]).status.code(),
        Some(6)
    );
    assert_eq!(
        run(&["export", "--vm", "web-01", "--out", f]).status.code(),
        Some(3)
    );
    let cut = dir.path().join("cut.xva");
    std::fs::write(&cut, &std::fs::read(&file).unwrap()[..600]).unwrap();
    assert_eq!(
        run(&["import", cut.to_str().unwrap()]).status.code(),
        Some(3)
    );
    assert_eq!(run(&["import", "/nonexistent.xva"]).status.code(), Some(5));
    // The metadata alone of a running VM (which a whole export refuses): the header only.
    let meta = dir.path().join("web-01.meta.xva");
    let m = meta.to_str().unwrap();
    let out = run(&["export", "--vm", "web-01", "--out", m, "--metadata-only"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(&meta).unwrap();
    let mut names = Vec::new();
    for e in tar::Archive::new(&bytes[..]).entries().unwrap() {
        names.push(e.unwrap().path().unwrap().display().to_string());
    }
    assert_eq!(names, ["ova.xml"]);
    assert!(
        String::from_utf8_lossy(&bytes).contains("Running"),
        "power state kept"
    );
}

/// An SR's reference by name.
async fn sr_ref(s: &xenpilot::xenapi::Session, name: &str) -> String {
    let all = s.call("SR.get_all_records", &[]).await.unwrap();
    all.as_object()
        .unwrap()
        .iter()
        .find(|(_, v)| v["name_label"] == name)
        .unwrap()
        .0
        .clone()
}

#[tokio::test]
async fn transfers_follow_the_pool_to_the_host_that_has_the_disks() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let uuid = vm_uuid(&s, "db-replica").await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.xva");
    let out = transfer::export_vm(&s, &uuid, "db-replica", &path, None, &Progress::default())
        .await
        .unwrap();
    // Into host 2's local SR, through the coordinator: its 302 followed, the file sent
    // whole to host 2.
    let nvme = sr_ref(&s, "Fast NVMe (host 2)").await;
    let p = Progress::default();
    let vms = transfer::import_xva(&s, &path, Some(&nvme), &p)
        .await
        .unwrap();
    assert_eq!(vms.len(), 1);
    assert_eq!(p.done.load(Ordering::Relaxed), out.bytes, "every byte once");
    let on_nvme = srv.state.read(|db| {
        db.table("VDI")
            .unwrap()
            .rows
            .values()
            .filter(|r| r.fields.get("SR").and_then(|v| v.as_str()) == Some(nvme.as_str()))
            .count()
    });
    assert!(on_nvme >= 2, "the disks are on host 2's SR");
    // And out again: the coordinator sends the export to host 2 too.
    let new_uuid: String = s
        .call_as("VM.get_uuid", &[serde_json::json!(vms[0])])
        .await
        .unwrap();
    let back = dir.path().join("back.xva");
    let again = transfer::export_vm(&s, &new_uuid, "copy", &back, None, &Progress::default())
        .await
        .unwrap();
    assert!(again.stats.verified > 0);
    assert!(back.exists());
}

#[tokio::test]
async fn an_imported_vm_gets_the_networks_home_server_and_name_chosen_and_starts_there() {
    use serde_json::json;
    use xenpilot::services::xva_import::{self, XvaChoices};
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let uuid = vm_uuid(&s, "db-replica").await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db.xva");
    transfer::export_vm(
        &s,
        &uuid,
        "db-replica",
        &path,
        Some("zstd"),
        &Progress::default(),
    )
    .await
    .unwrap();
    // The header alone tells the NICs.
    let ova = xva_import::read_header(&path).unwrap();
    let nics = xenpilot::model::import_plan::nics_of(&ova);
    assert!(!nics.is_empty(), "db-replica has a NIC");
    let nic = nics[0].clone();
    // Another network for its first NIC, host 2 as home server, started.
    let nets = s.call("network.get_all_records", &[]).await.unwrap();
    let (other, _) = nets
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, n)| {
            n["name_label"] != nic.network_name.as_str()
                && !n["PIFs"].as_array().unwrap().is_empty()
        })
        .unwrap();
    let hosts = s.call("host.get_all_records", &[]).await.unwrap();
    let (host2, _) = hosts
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, h)| h["name_label"] == "xcp-host-02")
        .unwrap();
    let vms = transfer::import_xva(&s, &path, None, &Progress::default())
        .await
        .unwrap();
    let vm = vms[0].clone();
    // xapi's import gives each NIC a new MAC (no `restore`); the remap keeps that one.
    let mut made_macs = Vec::new();
    for v in s
        .call("VM.get_VIFs", &[json!(vm)])
        .await
        .unwrap()
        .as_array()
        .unwrap()
    {
        let r = s
            .call("VIF.get_record", std::slice::from_ref(v))
            .await
            .unwrap();
        made_macs.push((r["device"].clone(), r["MAC"].clone()));
    }
    let made_mac = made_macs
        .iter()
        .find(|(d, _)| *d == nic.device.as_str())
        .map(|(_, m)| m.as_str().unwrap().to_string())
        .unwrap();
    assert_ne!(made_mac, nic.mac, "a new MAC from the import");
    let choices = XvaChoices {
        networks: [(nic.device.clone(), other.clone())].into(),
        home: Some(host2.clone()),
        start: true,
    };
    xva_import::finish(&s, &vm, &choices).await.unwrap();
    let rec = s.call("VM.get_record", &[json!(vm)]).await.unwrap();
    assert_eq!(
        rec["name_label"], "db-replica (1)",
        "XenCenter's number on a clash"
    );
    assert_eq!(rec["affinity"], host2.as_str());
    assert_eq!(rec["power_state"], "Running");
    assert_eq!(
        rec["resident_on"],
        host2.as_str(),
        "started on its home server"
    );
    let mut on = Vec::new();
    for v in rec["VIFs"].as_array().unwrap() {
        let r = s
            .call("VIF.get_record", std::slice::from_ref(v))
            .await
            .unwrap();
        on.push((
            r["device"].as_str().unwrap().to_string(),
            r["network"].as_str().unwrap().to_string(),
            r["MAC"].as_str().unwrap().to_string(),
        ));
    }
    let moved = on.iter().find(|(d, _, _)| *d == nic.device).unwrap();
    assert_eq!(&moved.1, other, "on the network chosen");
    assert_eq!(moved.2, made_mac, "its MAC kept");
    assert_eq!(on.len(), nics.len(), "no VIF lost or added");
    // The file names db-replica's home server, found again by uuid: the window offers it
    // first and xapi's import keeps it; "any server" clears it.
    let host2_uuid = s.call("host.get_uuid", &[json!(host2)]).await.unwrap();
    assert_eq!(
        xenpilot::model::import_plan::home_of(&ova).as_deref(),
        host2_uuid.as_str()
    );
    let again = transfer::import_xva(&s, &path, None, &Progress::default())
        .await
        .unwrap()[0]
        .clone();
    let affinity = |vm: String| {
        let s = &s;
        async move { s.call("VM.get_affinity", &[json!(vm)]).await.unwrap() }
    };
    assert_eq!(
        affinity(again.clone()).await,
        host2.as_str(),
        "kept by the import"
    );
    xva_import::finish(&s, &again, &XvaChoices::default())
        .await
        .unwrap();
    assert_eq!(affinity(again).await, "OpaqueRef:NULL", "any server");
}

#[test]
fn the_command_line_says_snapshots_stay_behind_and_names_those_a_file_brings() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let srv = rt.block_on(server());
    let uuid = srv.state.write(|db| {
        let vm = db
            .table("VM")
            .unwrap()
            .rows
            .iter()
            .find(|(_, r)| r.fields["name_label"] == "db-replica")
            .map(|(r, _)| r.clone())
            .unwrap();
        demo::lifecycle::copies::snapshot(db, &vm, "nightly", false).unwrap();
        db.field("VM", &vm, "uuid")
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    });
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = xenpilot()
            .args(args)
            .args(["--server", &srv.url])
            .env("XENPILOT_PASSWORD", PASSWORD)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    // A whole export holds the VM alone, as xapi's `/export` writes it: said.
    let file = dir.path().join("db.xva");
    let out = run(&[
        "export",
        "--vm",
        "db-replica",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(
        out.contains("Not in the file: db-replica's snapshots (nightly)"),
        "{out}"
    );
    let out = run(&["import", file.to_str().unwrap()]);
    assert!(!out.contains("snapshots"), "{out}");
    // The metadata export describes the snapshot; imported, it comes with the VM.
    let meta = dir.path().join("db.meta.xva");
    let m = meta.to_str().unwrap();
    let out = run(&["export", "--vm", &uuid, "--out", m, "--metadata-only"]);
    assert!(!out.contains("Not in the file"), "{out}");
    let out = run(&["import", m, "--sr", "Shared NFS storage"]);
    assert!(out.contains("with its snapshots: nightly"), "{out}");
    let linked = srv.state.read(|db| {
        let t = db.table("VM").unwrap();
        t.rows
            .values()
            .filter(|r| r.fields["name_label"] == "nightly")
            .filter(|r| {
                let of = r.fields["snapshot_of"].as_str().unwrap_or("");
                t.rows.get(of).is_some_and(|v| {
                    v.fields["name_label"] == "db-replica"
                        && v.fields["other_config"]["import_task"].is_string()
                })
            })
            .count()
    });
    assert_eq!(linked, 1, "the imported snapshot is the new VM's");
}
