//! What a VM export holds besides the VM and its disks, as xapi's `export.ml` writes it
//! (its home server emptied, its metrics, the ISO in its drive and that ISO's SR described
//! but never streamed, its vTPM with the state, every null reference as one `Ref:N` naming
//! no object, the objects class by class), and what `/import` makes of it, as `import.ml`
//! does without `restore` (the ISO found again by location or the drive ejected, new MACs
//! and MAC seed, the home server found by uuid, the vTPM made again with its state).

use crate::firmware::new_vm;
use crate::session::*;
use crate::tasks::fast_server;
use crate::transfer::{count, export, import, read_xva, task, task_record};
use serde_json::{Value, json};
use xenapi::{Protocol, Session};
use xva::ova::Ova;

async fn call(s: &Session, m: &str, args: &[Value]) -> Value {
    s.call(m, args).await.unwrap_or_else(|e| panic!("{m}: {e}"))
}

const STATE: &str = "dHBtLXN0YXRl";

struct Prepared {
    vm: String,
    uuid: String,
    iso: String,
    iso_location: String,
    home: String,
    mac: String,
}

/// A halted Windows 11 VM with a vTPM holding state, an ISO in its drive and a home server.
async fn prepared(srv: &demo::DemoServer, s: &Session) -> Prepared {
    let vm = new_vm(s, "Windows 11", "w11-export").await;
    // Its first boot gives it the vTPM the template asks for.
    call(s, "VM.start", &[vm.clone(), json!(false), json!(false)]).await;
    call(s, "VM.hard_shutdown", std::slice::from_ref(&vm)).await;
    let vm = vm.as_str().unwrap().to_string();
    let vdis = call(s, "VDI.get_all_records", &[]).await;
    let (iso, rec) = vdis
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, d)| {
            d["name_label"]
                .as_str()
                .is_some_and(|n| n.starts_with("debian-12"))
        })
        .expect("install media");
    let iso_location = rec["location"].as_str().unwrap().to_string();
    let vbds = call(s, "VM.get_VBDs", &[json!(vm)]).await;
    let mut cd = None;
    for v in vbds.as_array().unwrap() {
        if call(s, "VBD.get_type", std::slice::from_ref(v)).await == "CD" {
            cd = Some(v.clone());
        }
    }
    let cd = match cd {
        Some(cd) => cd,
        None => {
            call(
                s,
                "VBD.create",
                &[json!({
                    "VM": vm, "VDI": "OpaqueRef:NULL", "userdevice": "3", "bootable": false,
                    "mode": "RO", "type": "CD", "empty": true, "unpluggable": true,
                    "other_config": {}, "qos_algorithm_type": "", "qos_algorithm_params": {},
                })],
            )
            .await
        }
    };
    if call(s, "VBD.get_empty", std::slice::from_ref(&cd)).await == true {
        call(s, "VBD.insert", &[cd, json!(iso)]).await;
    }
    let hosts = call(s, "host.get_all", &[]).await;
    let home = hosts[1].as_str().unwrap().to_string();
    call(s, "VM.set_affinity", &[json!(vm), json!(home)]).await;
    srv.state.write(|db| {
        let vtpm = db.field("VM", &vm, "VTPMs").unwrap()[0]
            .as_str()
            .unwrap()
            .to_string();
        let secret = db.field("VTPM", &vtpm, "contents").unwrap().clone();
        db.set_field("secret", secret.as_str().unwrap(), "value", json!(STATE));
    });
    let uuid = call(s, "VM.get_uuid", &[json!(vm)]).await;
    let net = call(s, "network.get_all", &[]).await[0].clone();
    let vif = call(
        s,
        "VIF.create",
        &[json!({
            "VM": vm, "network": net, "device": "0", "MAC": "", "MTU": 1500,
            "other_config": {}, "qos_algorithm_type": "", "qos_algorithm_params": {},
        })],
    )
    .await;
    let mac = call(s, "VIF.get_MAC", &[vif]).await;
    Prepared {
        vm,
        uuid: uuid.as_str().unwrap().into(),
        iso: iso.clone(),
        iso_location,
        home,
        mac: mac.as_str().unwrap().into(),
    }
}

fn objects<'o>(ova: &'o Ova, class: &str) -> Vec<&'o xva::ova::Obj> {
    ova.objects.iter().filter(|o| o.class == class).collect()
}

fn named<'o>(ova: &'o Ova, id: &str) -> Option<&'o xva::ova::Obj> {
    ova.objects.iter().find(|o| o.id == id)
}

async fn exported(srv: &demo::DemoServer, s: &Session, uuid: &str) -> (Vec<u8>, Ova) {
    let t = task(s).await;
    let r = export(&srv.url, s, uuid, &t, "").await;
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap().to_vec();
    let ova = read_xva(&bytes).ova.unwrap();
    (bytes, ova)
}

/// The new VM an import made (the task's result).
async fn imported(srv: &demo::DemoServer, s: &Session, file: Vec<u8>) -> String {
    let t = task(s).await;
    let r = import(&srv.url, s, &t, "", file).await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let rec = task_record(s, &t).await;
    assert_eq!(rec["status"], "success", "{rec}");
    let result = rec["result"].as_str().unwrap().to_string();
    let vm = result
        .split(['<', '>'])
        .find(|p| p.starts_with("OpaqueRef:"))
        .unwrap_or_else(|| panic!("no VM in {result}"));
    vm.to_string()
}

#[tokio::test]
async fn an_export_holds_the_home_server_metrics_the_iso_and_the_vtpm_as_xapi_writes_them() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let p = prepared(&srv, &s).await;
    let t = task(&s).await;
    let r = export(&srv.url, &s, &p.uuid, &t, "").await;
    let kept = read_xva(&r.bytes().await.unwrap());
    let ova = kept.ova.unwrap();
    let vm = &objects(&ova, "VM")[0];
    // The home server, emptied of its devices, settings and metrics.
    let home = named(&ova, vm.snapshot["affinity"].as_str().unwrap()).expect("home server");
    assert_eq!(home.class, "host");
    let host_uuid = call(&s, "host.get_uuid", &[json!(p.home)]).await;
    assert_eq!(home.snapshot["uuid"], host_uuid);
    assert_eq!(home.snapshot["PIFs"], json!([]));
    assert_eq!(home.snapshot["other_config"], json!({}));
    assert_eq!(home.snapshot["metrics"], "OpaqueRef:NULL");
    // A halted VM's host is null: a file id that names no object, shared by every null.
    let nowhere = vm.snapshot["resident_on"].as_str().unwrap();
    assert!(nowhere.starts_with("Ref:"), "{nowhere}");
    assert!(named(&ova, nowhere).is_none());
    assert!(
        named(&ova, vm.snapshot["metrics"].as_str().unwrap())
            .is_some_and(|m| m.class == "VM_metrics")
    );
    // The ISO in the drive is described with its SR, never streamed.
    let iso = objects(&ova, "VDI")
        .into_iter()
        .find(|o| o.snapshot["location"] == p.iso_location.as_str())
        .expect("the ISO's VDI");
    let iso_sr = named(&ova, iso.snapshot["SR"].as_str().unwrap()).unwrap();
    assert_eq!(iso_sr.snapshot["content_type"], "iso");
    assert!(kept.chunks.keys().all(|(d, _)| *d != iso.id), "no ISO data");
    // The vTPM with its state, in xapi's record of its own.
    let vtpm = &objects(&ova, "VTPM")[0];
    assert_eq!(vtpm.snapshot["vTPM'_content"], STATE);
    assert_eq!(vtpm.snapshot["vTPM'_VM"], vm.id.as_str());
    // Drives and NICs are not attached in the file; objects come class by class.
    for vbd in objects(&ova, "VBD") {
        assert_eq!(vbd.snapshot["currently_attached"], false);
        assert_eq!(vbd.snapshot["metrics"], "OpaqueRef:NULL");
    }
    let classes: Vec<&str> = ova.objects.iter().map(|o| o.class.as_str()).collect();
    assert_eq!(classes[0], "host");
    assert_eq!(classes.last(), Some(&"VTPM"));
    assert_eq!(task_record(&s, &t).await["status"], "success");
}

#[tokio::test]
async fn an_import_finds_the_iso_and_home_server_again_and_gives_new_macs() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let p = prepared(&srv, &s).await;
    let (file, _) = exported(&srv, &s, &p.uuid).await;
    let vdis_before = count(&srv, "VDI");
    let vm = imported(&srv, &s, file).await;
    let rec = call(&s, "VM.get_record", &[json!(vm)]).await;
    assert_eq!(rec["affinity"], p.home.as_str(), "the home server by uuid");
    assert_eq!(rec["resident_on"], "OpaqueRef:NULL");
    let old_seed = call(&s, "VM.get_other_config", &[json!(p.vm)]).await["mac_seed"].clone();
    assert!(rec["other_config"]["mac_seed"].is_string());
    assert_ne!(rec["other_config"]["mac_seed"], old_seed);
    // The CD holds the same ISO; only the disk was made.
    let mut cd_vdi = None;
    for v in rec["VBDs"].as_array().unwrap() {
        let b = call(&s, "VBD.get_record", std::slice::from_ref(v)).await;
        assert_eq!(b["device"], "", "xapi blanks the device");
        if b["type"] == "CD" {
            cd_vdi = Some(b["VDI"].clone());
        }
    }
    assert_eq!(cd_vdi, Some(json!(p.iso)));
    let disks = call(&s, "VM.get_VBDs", &[json!(p.vm)]).await;
    assert_eq!(
        count(&srv, "VDI"),
        vdis_before + disks.as_array().unwrap().len() - 1,
        "one new VDI per disk, none for the ISO"
    );
    let vif = call(&s, "VIF.get_record", &[rec["VIFs"][0].clone()]).await;
    assert_ne!(vif["MAC"], p.mac.as_str(), "a new MAC, as without restore");
    assert_eq!(vif["MAC_autogenerated"], true);
    // The metrics are the VM's own; the vTPM came back with its state.
    let m = rec["metrics"].as_str().unwrap();
    assert_ne!(m, call(&s, "VM.get_metrics", &[json!(p.vm)]).await);
    call(&s, "VM_metrics.get_record", &[json!(m)]).await;
    let vtpm = rec["VTPMs"][0].as_str().unwrap().to_string();
    let state = srv.state.read(|db| {
        let secret = db.field("VTPM", &vtpm, "contents").unwrap().clone();
        db.field("secret", secret.as_str().unwrap(), "value")
            .cloned()
    });
    assert_eq!(state, Some(json!(STATE)));
}

#[tokio::test]
async fn a_missing_iso_ejects_the_cd_a_disk_the_file_lacks_is_left_out_and_foreign_refs_are_null() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let p = prepared(&srv, &s).await;
    let (_, mut ova) = exported(&srv, &s, &p.uuid).await;
    let vm_id = objects(&ova, "VM")[0].id.clone();
    for o in ova.objects.iter_mut() {
        if o.snapshot["location"] == p.iso_location.as_str() {
            o.snapshot["location"] = json!("not-in-any-library.iso");
        }
    }
    // A reference xapi leaves as the exporting pool's own.
    for o in ova.objects.iter_mut().filter(|o| o.id == vm_id) {
        o.snapshot["suspend_SR"] = json!("OpaqueRef:of-another-pool");
    }
    // A disk whose VDI the file does not hold (xapi: "was it an .iso attached as a disk?").
    let mut stray = objects(&ova, "VBD")[0].clone();
    stray.id = "Ref:900".into();
    stray.snapshot["type"] = json!("Disk");
    stray.snapshot["VDI"] = json!("Ref:901");
    stray.snapshot["userdevice"] = json!("7");
    ova.objects.push(stray);
    let vbds_in_file = objects(&ova, "VBD")
        .iter()
        .filter(|o| o.snapshot["VM"] == vm_id.as_str())
        .count();
    let mut file = xva::write::entry("ova.xml", ova.encode().as_bytes()).unwrap();
    file.extend(xva::write::end());
    let vm = imported(&srv, &s, file).await;
    let suspend_sr = call(&s, "VM.get_suspend_SR", &[json!(vm)]).await;
    assert_eq!(
        suspend_sr, "OpaqueRef:NULL",
        "no reference to another pool's SR"
    );
    let vbds = call(&s, "VM.get_VBDs", &[json!(vm)]).await;
    assert_eq!(vbds.as_array().unwrap().len(), vbds_in_file - 1);
    let mut cds = 0;
    for v in vbds.as_array().unwrap() {
        let b = call(&s, "VBD.get_record", std::slice::from_ref(v)).await;
        assert_ne!(b["userdevice"], "7");
        if b["type"] == "CD" {
            cds += 1;
            assert_eq!(b["empty"], true, "ejected");
            assert_eq!(b["VDI"], "OpaqueRef:NULL");
        }
    }
    assert_eq!(cds, 1);
}
