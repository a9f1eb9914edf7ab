//! A VM with two disks and snapshots through `/export`, `/export_metadata` and `/import`, as
//! xapi does it: `/export` carries the VM alone (`vm_metadata ~with_snapshot_metadata:false`,
//! whatever `export_snapshots` says); `/export_metadata` describes the snapshots too, linked;
//! `/import` makes the snapshots a file carries and links them to the new VM
//! (`update_snapshot_and_parent_links`). Disk bytes are compared with `/export_raw_vdi`.

use crate::raw_vdi::{get, new_vdi, put};
use crate::session::*;
use crate::tasks::fast_server;
use crate::transfer::{count, export, import, read_xva, task, task_record, uuid_of};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use xenapi::{Protocol, Session};
use xva::ova::Ova;

const MIB: usize = 1024 * 1024;

async fn call(s: &Session, method: &str, args: &[Value]) -> Value {
    s.call(method, args)
        .await
        .unwrap_or_else(|e| panic!("{method}: {e}"))
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// `size` bytes with `seed` in a few places (the rest zeros).
fn pattern(size: usize, seed: u8) -> Vec<u8> {
    let mut d = vec![0u8; size];
    for (i, b) in d.iter_mut().enumerate().take(70_000) {
        *b = (i % 251) as u8 ^ seed;
    }
    let mid = size / 2 + 11;
    d[mid..mid + 4096].fill(seed);
    d[size - 1] = seed;
    d
}

async fn write(srv: &demo::DemoServer, s: &Session, vdi: &str, data: Vec<u8>) {
    let t = task(s).await;
    let r = put(&srv.url, s, &t, &format!("&vdi={vdi}&format=raw"), data).await;
    assert_eq!(r.status(), 200);
    assert_eq!(task_record(s, &t).await["status"], "success");
}

async fn read(srv: &demo::DemoServer, s: &Session, vdi: &str) -> Vec<u8> {
    let t = task(s).await;
    let r = get(&srv.url, s, &t, &format!("&vdi={vdi}")).await;
    assert_eq!(r.status(), 200);
    r.bytes().await.unwrap().to_vec()
}

/// A halted VM with two small disks holding data and two snapshots, taken with different
/// data on the first disk; the disks written again after. Returns the VM's ref and uuid.
async fn vm_with_snapshots(srv: &demo::DemoServer, s: &Session) -> (String, String) {
    let (src, _) = uuid_of(s, "VM", "db-replica").await;
    let vm = call(s, "VM.clone", &[json!(src), json!("two-disks")]).await;
    let vm = vm.as_str().unwrap().to_string();
    for vbd in strs(&call(s, "VM.get_VBDs", &[json!(vm)]).await) {
        call(s, "VBD.destroy", &[json!(vbd)]).await;
    }
    let (sr, _) = uuid_of(s, "SR", "Shared NFS storage").await;
    let sizes = [3 * MIB + 4096, 2 * MIB];
    let mut disks = Vec::new();
    for (i, size) in sizes.iter().enumerate() {
        let vdi = new_vdi(s, &sr, *size as u64).await;
        let vbd = json!({"VM": vm, "VDI": vdi, "userdevice": i.to_string(), "bootable": i == 0,
            "mode": "RW", "type": "Disk", "empty": false, "other_config": {},
            "qos_algorithm_type": "", "qos_algorithm_params": {}});
        call(s, "VBD.create", &[vbd]).await;
        write(srv, s, &vdi, pattern(*size, 0x10 + i as u8)).await;
        disks.push((vdi, *size));
    }
    assert!(!strs(&call(s, "VM.get_VIFs", &[json!(vm)]).await).is_empty());
    for (n, seed) in [("before-upgrade", 0x40u8), ("after-upgrade", 0x80)] {
        call(s, "VM.snapshot", &[json!(vm), json!(n)]).await;
        write(srv, s, &disks[0].0, pattern(disks[0].1, seed)).await;
    }
    let uuid = call(s, "VM.get_uuid", &[json!(vm)]).await;
    (vm, uuid.as_str().unwrap().to_string())
}

/// What must survive a round trip: the VBDs (by device: type, mode, bootable, disk size)
/// and VIFs (device, network, MTU).
async fn shape(s: &Session, vm: &str) -> (Vec<Value>, Vec<Value>) {
    let mut vbds = Vec::new();
    for vbd in strs(&call(s, "VM.get_VBDs", &[json!(vm)]).await) {
        let r = call(s, "VBD.get_record", &[json!(vbd)]).await;
        let size = call(s, "VDI.get_virtual_size", &[r["VDI"].clone()]).await;
        vbds.push(json!([
            r["userdevice"],
            r["type"],
            r["mode"],
            r["bootable"],
            size
        ]));
    }
    let mut vifs = Vec::new();
    for vif in strs(&call(s, "VM.get_VIFs", &[json!(vm)]).await) {
        let r = call(s, "VIF.get_record", &[json!(vif)]).await;
        vifs.push(json!([r["device"], r["network"], r["MTU"]]));
    }
    vbds.sort_by_key(|v| v.to_string());
    vifs.sort_by_key(|v| v.to_string());
    (vbds, vifs)
}

/// Each disk's bytes by its device number.
async fn bytes_by_device(
    srv: &demo::DemoServer,
    s: &Session,
    vm: &str,
) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for vbd in strs(&call(s, "VM.get_VBDs", &[json!(vm)]).await) {
        let r = call(s, "VBD.get_record", &[json!(vbd)]).await;
        let vdi = r["VDI"].as_str().unwrap().to_string();
        out.insert(
            r["userdevice"].as_str().unwrap().to_string(),
            read(srv, s, &vdi).await,
        );
    }
    out
}

/// The snapshots of `vm` by name.
async fn snapshots_by_name(s: &Session, vm: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for snap in strs(&call(s, "VM.get_snapshots", &[json!(vm)]).await) {
        let name = call(s, "VM.get_name_label", &[json!(snap)]).await;
        out.insert(name.as_str().unwrap().to_string(), snap);
    }
    out
}

/// Imports `file` to `sr`; the task's record.
async fn import_to(srv: &demo::DemoServer, s: &Session, sr: &str, file: Vec<u8>) -> Value {
    let t = task(s).await;
    let r = import(&srv.url, s, &t, &format!("&sr_id={sr}"), file).await;
    assert_eq!(r.status(), 200);
    task_record(s, &t).await
}

/// The new VMs a finished import's task names.
fn result_vms(rec: &Value) -> Vec<String> {
    let text = rec["result"].as_str().unwrap_or("");
    text.split("<value>")
        .filter_map(|p| p.split("</value>").next())
        .filter(|p| p.starts_with("OpaqueRef:"))
        .map(str::to_string)
        .collect()
}

async fn metadata(srv: &demo::DemoServer, s: &Session, uuid: &str, extra: &str) -> Ova {
    let t = task(s).await;
    let r = reqwest::get(format!(
        "{}/export_metadata?session_id={}&task_id={t}&uuid={uuid}{extra}",
        srv.url,
        s.session_ref()
    ))
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    read_xva(&r.bytes().await.unwrap()).ova.unwrap()
}

/// An XVA of `ova` with every disk it describes filled from the pool (`/export_raw_vdi` of
/// the disk of the same uuid); `corrupt` names a disk whose first chunk is damaged.
async fn xva_with_disks(
    srv: &demo::DemoServer,
    s: &Session,
    ova: &Ova,
    corrupt: Option<&str>,
) -> Vec<u8> {
    let mut out = xva::write::entry("ova.xml", ova.encode().as_bytes()).unwrap();
    for o in ova.objects.iter().filter(|o| o.class == "VDI") {
        let uuid = o.snapshot["uuid"].as_str().unwrap();
        let vdi = call(s, "VDI.get_by_uuid", &[json!(uuid)]).await;
        let data = read(srv, s, vdi.as_str().unwrap()).await;
        let size = data.len() as u64;
        let has_data = |i: u64| {
            let at = (i * xva::CHUNK) as usize;
            data[at..(at + xva::CHUNK as usize).min(data.len())]
                .iter()
                .any(|&b| b != 0)
        };
        for i in xva::write::chunks_written(size, has_data) {
            let at = (i * xva::CHUNK) as usize;
            let piece = &data[at..at + xva::write::chunk_len(size, i) as usize];
            let mut entry = xva::write::chunk(&o.id, i, piece).unwrap();
            if corrupt == Some(o.id.as_str()) && i == 0 {
                entry[512 + 100] ^= 0xFF;
            }
            out.extend(entry);
        }
    }
    out.extend(xva::write::end());
    out
}

fn counts(srv: &demo::DemoServer) -> Vec<usize> {
    ["VM", "VBD", "VDI", "VIF", "network"]
        .iter()
        .map(|c| count(srv, c))
        .collect()
}

#[tokio::test]
async fn export_metadata_describes_the_snapshots_linked_and_export_leaves_them_out() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (vm, uuid) = vm_with_snapshots(&srv, &s).await;
    let snaps = snapshots_by_name(&s, &vm).await;
    assert_eq!(snaps.len(), 2);

    // `/export_metadata`: the VM and both snapshots, with their devices and disks.
    let ova = metadata(&srv, &s, &uuid, "").await;
    let vms: Vec<_> = ova.objects.iter().filter(|o| o.class == "VM").collect();
    assert_eq!(vms.len(), 3);
    let top = vms
        .iter()
        .find(|o| o.snapshot["uuid"] == uuid.as_str())
        .unwrap();
    assert_eq!(top.snapshot["is_a_snapshot"], false);
    // `make_vm` writes `snapshots` as the pool's own refs.
    let mut listed = strs(&top.snapshot["snapshots"]);
    listed.sort();
    let mut want: Vec<String> = snaps.values().cloned().collect();
    want.sort();
    assert_eq!(listed, want);
    let ids_of = |class: &str| -> Vec<String> {
        ova.objects
            .iter()
            .filter(|o| o.class == class)
            .map(|o| o.id.clone())
            .collect()
    };
    for (name, snap) in &snaps {
        let o = vms
            .iter()
            .find(|o| o.snapshot["name_label"] == name.as_str())
            .unwrap();
        assert_eq!(o.snapshot["is_a_snapshot"], true);
        assert_eq!(
            o.snapshot["snapshot_of"],
            top.id.as_str(),
            "{name} links to the VM"
        );
        let time = call(&s, "VM.get_snapshot_time", &[json!(snap)]).await;
        assert_eq!(o.snapshot["snapshot_time"], time, "{name}'s time is kept");
        // Its drives are in the file and point at its own disks, also in the file.
        let vbds = strs(&o.snapshot["VBDs"]);
        assert_eq!(vbds.len(), 2);
        for vbd in vbds {
            let rec = &ova.objects.iter().find(|x| x.id == vbd).unwrap().snapshot;
            assert_eq!(rec["VM"], o.id.as_str());
            assert!(ids_of("VDI").contains(&rec["VDI"].as_str().unwrap().to_string()));
        }
        assert!(!strs(&o.snapshot["VIFs"]).is_empty());
    }
    // The VM's parent is the latest snapshot, linked by its id in the file.
    let latest = vms
        .iter()
        .find(|o| o.snapshot["name_label"] == "after-upgrade")
        .unwrap();
    assert_eq!(top.snapshot["parent"], latest.id.as_str());
    assert_eq!(ids_of("VDI").len(), 6, "two disks for each of the three");

    // `export_snapshots=false`: the VM alone, with no history.
    let ova = metadata(&srv, &s, &uuid, "&export_snapshots=false").await;
    let vms: Vec<_> = ova.objects.iter().filter(|o| o.class == "VM").collect();
    assert_eq!(vms.len(), 1);
    assert_eq!(vms[0].snapshot["snapshots"], json!([]));
    assert_eq!(vms[0].snapshot["parent"], "OpaqueRef:NULL");
    assert_eq!(ova.objects.iter().filter(|o| o.class == "VDI").count(), 2);

    // `/export` never carries snapshots (only `/export_metadata` reads `export_snapshots`).
    let t = task(&s).await;
    let r = export(&srv.url, &s, &uuid, &t, "&export_snapshots=true").await;
    let got = read_xva(&r.bytes().await.unwrap());
    let ova = got.ova.unwrap();
    let vms: Vec<_> = ova.objects.iter().filter(|o| o.class == "VM").collect();
    assert_eq!(vms.len(), 1);
    assert_eq!(vms[0].snapshot["snapshots"], json!([]));
    assert_eq!(vms[0].snapshot["is_a_snapshot"], false);
    let disks: Vec<String> = ova
        .objects
        .iter()
        .filter(|o| o.class == "VDI")
        .map(|o| o.id.clone())
        .collect();
    assert_eq!(disks.len(), 2);
    assert!(got.chunks.keys().all(|(d, _)| disks.contains(d)));
}

#[tokio::test]
async fn a_vm_with_two_disks_and_snapshots_round_trips_byte_for_byte() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (vm, uuid) = vm_with_snapshots(&srv, &s).await;
    let (local, _) = uuid_of(&s, "SR", "Local storage").await;
    let want_shape = shape(&s, &vm).await;
    let want_bytes = bytes_by_device(&srv, &s, &vm).await;
    assert_ne!(
        want_bytes["0"],
        pattern(3 * MIB + 4096, 0x10),
        "written after the snapshots"
    );

    // `/export`, plain and zstd, imported to another SR: the VM, its drives and NICs, its
    // disks' bytes; no snapshots (an XVA of a VM has none, as xapi writes it).
    for compression in ["", "&use_compression=zstd"] {
        let t = task(&s).await;
        let r = export(&srv.url, &s, &uuid, &t, compression).await;
        assert_eq!(r.status(), 200);
        let file = r.bytes().await.unwrap().to_vec();
        assert_eq!(task_record(&s, &t).await["status"], "success");
        let rec = import_to(&srv, &s, &local, file).await;
        assert_eq!(rec["status"], "success", "{rec}");
        let new = result_vms(&rec);
        assert_eq!(new.len(), 1);
        assert_eq!(shape(&s, &new[0]).await, want_shape, "{compression}");
        assert!(bytes_by_device(&srv, &s, &new[0]).await == want_bytes);
        assert!(snapshots_by_name(&s, &new[0]).await.is_empty());
        for vbd in strs(&call(&s, "VM.get_VBDs", &[json!(new[0])]).await) {
            let vdi = call(&s, "VBD.get_VDI", &[json!(vbd)]).await;
            assert_eq!(call(&s, "VDI.get_SR", &[vdi]).await, local.as_str());
        }
    }

    // A file that carries the snapshots (the metadata export's header, every disk's data):
    // the VM and its snapshots, linked, each disk as it was.
    let ova = metadata(&srv, &s, &uuid, "").await;
    let file = xva_with_disks(&srv, &s, &ova, None).await;
    let rec = import_to(&srv, &s, &local, file).await;
    assert_eq!(rec["status"], "success", "{rec}");
    let new = result_vms(&rec);
    assert_eq!(new.len(), 1, "the result leaves the snapshots out");
    let new = new[0].clone();
    assert_eq!(shape(&s, &new).await, want_shape);
    assert!(bytes_by_device(&srv, &s, &new).await == want_bytes);
    let old_snaps = snapshots_by_name(&s, &vm).await;
    let new_snaps = snapshots_by_name(&s, &new).await;
    assert_eq!(
        new_snaps.keys().collect::<Vec<_>>(),
        old_snaps.keys().collect::<Vec<_>>()
    );
    for (name, snap) in &new_snaps {
        let r = call(&s, "VM.get_record", &[json!(snap)]).await;
        let old = call(&s, "VM.get_record", &[json!(old_snaps[name])]).await;
        assert_eq!(r["is_a_snapshot"], true);
        assert_eq!(r["snapshot_of"], new.as_str());
        assert_eq!(r["snapshot_time"], old["snapshot_time"]);
        assert_eq!(shape(&s, snap).await, shape(&s, &old_snaps[name]).await);
        let got = bytes_by_device(&srv, &s, snap).await;
        assert!(
            got == bytes_by_device(&srv, &s, &old_snaps[name]).await,
            "{name}"
        );
        for vbd in strs(&r["VBDs"]) {
            let vdi = call(&s, "VBD.get_VDI", &[json!(vbd)]).await;
            assert_eq!(call(&s, "VDI.get_SR", &[vdi]).await, local.as_str());
        }
    }
    // Snapshot by snapshot the disk differs: each holds its own moment.
    assert!(
        bytes_by_device(&srv, &s, &new_snaps["before-upgrade"]).await["0"]
            != bytes_by_device(&srv, &s, &new_snaps["after-upgrade"]).await["0"]
    );
    let parent = call(&s, "VM.get_parent", &[json!(new)]).await;
    assert_eq!(parent, new_snaps["after-upgrade"].as_str());
}

#[tokio::test]
async fn a_failed_import_with_snapshots_leaves_nothing_behind() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (_, uuid) = vm_with_snapshots(&srv, &s).await;
    let (local, _) = uuid_of(&s, "SR", "Local storage").await;
    let ova = metadata(&srv, &s, &uuid, "").await;
    let before = counts(&srv);

    // A damaged chunk in a snapshot's disk.
    let snap_disk = ova
        .objects
        .iter()
        .filter(|o| o.class == "VBD")
        .find(|vbd| {
            let vm = vbd.snapshot["VM"].as_str().unwrap();
            ova.objects
                .iter()
                .any(|o| o.id == vm && o.snapshot["is_a_snapshot"] == true)
        })
        .map(|vbd| vbd.snapshot["VDI"].as_str().unwrap().to_string())
        .unwrap();
    let file = xva_with_disks(&srv, &s, &ova, Some(&snap_disk)).await;
    let rec = import_to(&srv, &s, &local, file).await;
    assert_eq!(rec["status"], "failure");
    assert_eq!(rec["error_info"][0], "IMPORT_ERROR_SOME_CHECKSUMS_FAILED");
    assert_eq!(
        counts(&srv),
        before,
        "no VM, snapshot, drive, disk or NIC left"
    );

    // Snapshots whose VM is not in the file: xapi's lookup of `snapshot_of` fails.
    let mut orphans = ova.clone();
    let top = orphans
        .objects
        .iter()
        .position(|o| o.class == "VM" && o.snapshot["uuid"] == uuid.as_str())
        .unwrap();
    let top_id = orphans.objects.remove(top).id;
    let rec = import_to(
        &srv,
        &s,
        &local,
        xva_with_disks(&srv, &s, &orphans, None).await,
    )
    .await;
    assert_eq!(rec["status"], "failure");
    assert_eq!(
        rec["error_info"],
        json!(["IMPORT_ERROR_FAILED_TO_FIND_OBJECT", top_id])
    );
    assert_eq!(counts(&srv), before);
}
