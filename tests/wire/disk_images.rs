//! Disk images and OVF packages through the app's services against the demo server: each
//! format imported reads back on the pool byte for byte; Cancel and failures leave no disk
//! behind; a disk exported raw or VHD is the disk; an OVA becomes a VM with its CPUs,
//! memory, firmware, disks and NICs; a package that cannot be honoured makes nothing; the
//! command line imports an image and an OVA.

use crate::common::{PASSWORD, server};
use crate::session::login;
use serde_json::json;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use xenpilot::services::disk_transfer::{self, AsVm};
use xenpilot::services::ovf_import;
use xenpilot::services::transfer::{Progress, TransferError};
use xenpilot::xenapi::{Protocol, Session};

fn sample(name: &str) -> Vec<u8> {
    let p = format!(
        "{}/crates/diskimg/tests/data/{name}.gz",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&std::fs::read(p).unwrap()[..])
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn write(dir: &Path, name: &str, data: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, data).unwrap();
    p
}

async fn sr_named(s: &Session, name: &str) -> String {
    let all = s.call("SR.get_all_records", &[]).await.unwrap();
    all.as_object()
        .unwrap()
        .iter()
        .find(|(_, v)| v["name_label"] == name)
        .unwrap()
        .0
        .clone()
}

/// The disk's bytes as the pool holds them (a raw export).
async fn read_back(s: &Session, vdi: &str, dir: &Path) -> Vec<u8> {
    let v = s.call("VDI.get_virtual_size", &[json!(vdi)]).await.unwrap();
    // JSON-RPC carries an int as a number, XML-RPC's reading as a string.
    let size: u64 = v
        .as_u64()
        .or_else(|| v.as_str().and_then(|t| t.parse().ok()))
        .unwrap();
    let out = dir.join(format!("back-{}.raw", vdi.len() + rand_suffix()));
    disk_transfer::export_disk(s, vdi, size, &out, "raw", &Progress::default())
        .await
        .unwrap();
    std::fs::read(out).unwrap()
}

fn rand_suffix() -> usize {
    use std::sync::atomic::AtomicUsize;
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

#[tokio::test]
async fn every_image_format_lands_byte_for_byte() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let sr = sr_named(&s, "Shared NFS storage").await;
    let dir = tempfile::tempdir().unwrap();
    let raw = sample("sample.raw");
    for name in [
        "sample.raw",
        "sample-fixed.vhd",
        "sample-dyn.vhd",
        "sample-sparse.vmdk",
        "sample-stream.vmdk",
        "sample-c.qcow2",
    ] {
        let path = write(dir.path(), name, &sample(name));
        let p = Progress::default();
        let vdi = disk_transfer::import_image(&s, &path, &sr, "img", &p)
            .await
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(p.done.load(Ordering::Relaxed) > 0, "{name}: progress moved");
        let back = read_back(&s, &vdi, dir.path()).await;
        assert!(back == raw, "{name}: the disk on the pool differs");
    }
}

#[tokio::test]
async fn cancel_and_damage_leave_no_disk() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let sr = sr_named(&s, "Shared NFS storage").await;
    let dir = tempfile::tempdir().unwrap();
    let vdis = srv.state.read(|db| db.count("VDI"));
    let path = write(dir.path(), "a.qcow2", &sample("sample-c.qcow2"));
    let p = Progress::default();
    p.cancel.store(true, Ordering::Relaxed);
    let e = disk_transfer::import_image(&s, &path, &sr, "img", &p)
        .await
        .unwrap_err();
    assert!(matches!(e, TransferError::Cancelled), "{e}");
    // A truncated image: refused while reading, before or after the VDI is made.
    let mut cut = sample("sample-stream.vmdk");
    // Half: qemu pads the end with zeros, so a shorter cut may lose none of the data.
    cut.truncate(cut.len() / 2);
    let path = write(dir.path(), "cut.vmdk", &cut);
    let e = disk_transfer::import_image(&s, &path, &sr, "img", &Progress::default())
        .await
        .unwrap_err();
    assert!(matches!(e, TransferError::Image(_)), "{e}");
    assert_eq!(srv.state.read(|db| db.count("VDI")), vdis, "no disk left");
}

#[tokio::test]
async fn a_disk_exports_as_vhd_and_comes_back() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let sr = sr_named(&s, "Shared NFS storage").await;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "in.raw", &sample("sample.raw"));
    let vdi = disk_transfer::import_image(&s, &path, &sr, "d", &Progress::default())
        .await
        .unwrap();
    let out = dir.path().join("out.vhd");
    let size = sample("sample.raw").len() as u64;
    let n = disk_transfer::export_disk(&s, &vdi, size, &out, "vhd", &Progress::default())
        .await
        .unwrap();
    assert_eq!(std::fs::metadata(&out).unwrap().len(), n);
    assert!(!dir.path().join("out.vhd.part").exists());
    let info = disk_transfer::inspect(&out).unwrap();
    assert_eq!(info.format, diskimg::Format::VhdDynamic);
    assert_eq!(info.virtual_size, size);
    // And back in as another disk.
    let again = disk_transfer::import_image(&s, &out, &sr, "e", &Progress::default())
        .await
        .unwrap();
    assert!(read_back(&s, &again, dir.path()).await == sample("sample.raw"));
    // Cancelled: no file, no .part.
    let p = Progress::default();
    p.cancel.store(true, Ordering::Relaxed);
    let gone = dir.path().join("gone.vhd");
    let e = disk_transfer::export_disk(&s, &vdi, size, &gone, "vhd", &p)
        .await
        .unwrap_err();
    assert!(matches!(e, TransferError::Cancelled), "{e}");
    assert!(!gone.exists() && !dir.path().join("gone.vhd.part").exists());
}

async fn template(s: &Session) -> String {
    let all = s.call("VM.get_all_records", &[]).await.unwrap();
    all.as_object()
        .unwrap()
        .iter()
        .find(|(_, v)| v["name_label"] == "Debian Bookworm 12")
        .unwrap()
        .0
        .clone()
}

async fn networks(s: &Session) -> Vec<String> {
    let all = s.call("network.get_all_records", &[]).await.unwrap();
    let mut v: Vec<String> = all.as_object().unwrap().keys().cloned().collect();
    v.sort();
    v
}

#[tokio::test]
async fn an_image_becomes_a_vm() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let sr = sr_named(&s, "Shared NFS storage").await;
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "app.vmdk", &sample("sample-stream.vmdk"));
    let nets = networks(&s).await;
    let as_vm = AsVm {
        template: template(&s).await,
        name: "from-image".into(),
        networks: vec![nets[0].clone()],
    };
    let vm = disk_transfer::import_image_as_vm(&s, &path, &sr, &as_vm, &Progress::default())
        .await
        .unwrap();
    let rec = s.call("VM.get_record", &[json!(vm)]).await.unwrap();
    assert_eq!(rec["name_label"], "from-image");
    assert_eq!(rec["is_a_template"], false);
    assert_eq!(
        rec["VBDs"].as_array().unwrap().len(),
        1,
        "only the image's disk"
    );
    assert_eq!(rec["VIFs"].as_array().unwrap().len(), 1);
    let vbd = s
        .call("VBD.get_record", &[rec["VBDs"][0].clone()])
        .await
        .unwrap();
    assert_eq!(vbd["bootable"], true);
    let back = read_back(&s, vbd["VDI"].as_str().unwrap(), dir.path()).await;
    assert!(back == sample("sample.raw"));
    s.call("VM.start", &[json!(vm), json!(false), json!(false)])
        .await
        .unwrap();
}

/// An OVA of the VMware-shaped descriptor and its streamOptimized disk.
fn ova(dir: &Path, ovf_name: &str) -> PathBuf {
    let p = dir.join("appliance.ova");
    let ovf = std::fs::read(format!(
        "{}/crates/diskimg/tests/data/{ovf_name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let vmdk = sample("sample-stream.vmdk");
    let mut b = tar::Builder::new(std::fs::File::create(&p).unwrap());
    for (name, data) in [
        ("appliance.ovf", &ovf[..]),
        ("appliance-disk1.vmdk", &vmdk[..]),
    ] {
        let mut h = tar::Header::new_ustar();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, name, data).unwrap();
    }
    b.finish().unwrap();
    p
}

#[tokio::test]
async fn an_ova_becomes_a_vm_with_its_hardware() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let sr = sr_named(&s, "Shared NFS storage").await;
    let dir = tempfile::tempdir().unwrap();
    let (_, checked) = ovf_import::check(&ova(dir.path(), "vmware-shape.ovf")).unwrap();
    let nets = networks(&s).await;
    let choices = ovf_import::Choices {
        name: "appliance".into(),
        template: template(&s).await,
        sr: sr.clone(),
        // The second NIC left out, as XenCenter does with "no network".
        networks: vec![Some(nets[0].clone()), None],
    };
    let vm = ovf_import::import_ovf(&s, &checked, &choices, &Progress::default())
        .await
        .unwrap();
    let rec = s.call("VM.get_record", &[json!(vm)]).await.unwrap();
    assert_eq!(rec["VCPUs_max"].to_string().trim_matches('"'), "4");
    assert_eq!(
        rec["memory_static_max"].to_string().trim_matches('"'),
        (2048u64 << 20).to_string()
    );
    assert_eq!(rec["HVM_boot_params"]["firmware"], "uefi");
    assert_eq!(rec["platform"]["secureboot"], "true");
    assert_eq!(rec["VBDs"].as_array().unwrap().len(), 2);
    assert_eq!(rec["VIFs"].as_array().unwrap().len(), 1);
    // Disk 0 is the image at the OVF's capacity; disk 1 a blank 1 GiB disk.
    let mut sizes = Vec::new();
    for vbd in rec["VBDs"].as_array().unwrap() {
        let b = s
            .call("VBD.get_record", std::slice::from_ref(vbd))
            .await
            .unwrap();
        let d = s.call("VDI.get_record", &[b["VDI"].clone()]).await.unwrap();
        sizes.push((
            b["userdevice"].as_str().unwrap().to_string(),
            d["virtual_size"].to_string().trim_matches('"').to_string(),
        ));
    }
    sizes.sort();
    assert_eq!(
        sizes,
        [
            ("0".to_string(), (4u64 << 20).to_string()),
            ("1".to_string(), (1u64 << 30).to_string())
        ]
    );
}

#[tokio::test]
async fn a_package_that_cannot_be_honoured_makes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let why = ovf_import::check(&ova(dir.path(), "virtualbox-shape.ovf"))
        .unwrap_err()
        .0;
    assert!(why.iter().any(|w| w.contains("gzip")), "{why:?}");
    assert!(why.iter().any(|w| w.contains("vmdisk9")), "{why:?}");
    // A descriptor whose disk file is missing.
    let p = dir.path().join("alone.ovf");
    std::fs::copy(
        format!(
            "{}/crates/diskimg/tests/data/vmware-shape.ovf",
            env!("CARGO_MANIFEST_DIR")
        ),
        &p,
    )
    .unwrap();
    let why = ovf_import::check(&p).unwrap_err().0;
    assert!(
        why.iter().any(|w| w.contains("appliance-disk1.vmdk")),
        "{why:?}"
    );
}

#[test]
fn the_command_line_imports_an_image_and_an_ova() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let srv = rt.block_on(server());
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_xenpilot"))
            .env("RUST_LOG", "error")
            .args(args)
            .args(["--server", &srv.url])
            .env("XENPILOT_PASSWORD", PASSWORD)
            .output()
            .unwrap()
    };
    let img = write(dir.path(), "scratch.qcow2", &sample("sample-c.qcow2"));
    let out = run(&[
        "import",
        img.to_str().unwrap(),
        "--sr",
        "Shared NFS storage",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("as the disk scratch"));
    let ova = ova(dir.path(), "vmware-shape.ovf");
    let out = run(&["import", ova.to_str().unwrap(), "--start"]);
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
                r.fields["name_label"] == "appliance" && r.fields["power_state"] == "Running"
            })
            .count()
    });
    assert_eq!(running, 1);
    // Its NIC's "VM Network" is no network of the pool: the first by name that every server
    // sees and that is not hidden (XenCenter's network page; "True" is not XenCenter's
    // hiding "true"), not the host-internal management network that sorts before it.
    let nets: Vec<String> = srv.state.read(|db| {
        let vm = db
            .table("VM")
            .unwrap()
            .rows
            .iter()
            .find(|(_, r)| r.fields["name_label"] == "appliance")
            .map(|(r, _)| r.clone())
            .unwrap();
        let vifs = db.field("VM", &vm, "VIFs").cloned().unwrap();
        vifs.as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let net = db
                    .field("VIF", v.as_str().unwrap(), "network")
                    .cloned()
                    .unwrap();
                db.field("network", net.as_str().unwrap(), "name_label")
                    .and_then(|n| n.as_str().map(str::to_string))
                    .unwrap()
            })
            .collect()
    });
    assert!(!nets.is_empty());
    for n in &nets {
        assert_eq!(n, "Lab network (HideFromXenCenter=True)");
    }
    let bad = ova.with_file_name("bad.ova");
    std::fs::write(&bad, b"not a package").unwrap();
    assert_eq!(
        run(&["import", bad.to_str().unwrap()]).status.code(),
        Some(4)
    );
}

#[tokio::test]
async fn a_full_sr_is_said_not_a_broken_pipe() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let sr = sr_named(&s, "Shared NFS storage").await;
    let dir = tempfile::tempdir().unwrap();
    // More data than the demo keeps: it stops reading and fails the task with SR_FULL.
    let path = dir.path().join("big.raw");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        let mib: Vec<u8> = (0..1u32 << 20).map(|i| (i % 253) as u8 + 1).collect();
        for _ in 0..(srv.state.disks.limit >> 20) + 8 {
            f.write_all(&mib).unwrap();
        }
    }
    let vdis = srv.state.read(|db| db.count("VDI"));
    let e = disk_transfer::import_image(&s, &path, &sr, "big", &Progress::default())
        .await
        .unwrap_err();
    match &e {
        // The host took the upload (200) and failed its task: the task's reason.
        TransferError::Api(a) => assert_eq!(a.code(), Some("SR_FULL"), "{e}"),
        other => panic!("not the host's reason: {other}"),
    }
    assert_eq!(srv.state.read(|db| db.count("VDI")), vdis, "no disk left");
}
