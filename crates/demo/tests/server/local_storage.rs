//! Local disks and Fibre Channel LUNs, answered as the SM drivers answer (sm `LVHDSR`,
//! `EXTSR`, `LVHDoHBASR`, `devscan.scan`, `lvutil.createVG`) and XCP-ng's `lsblk.py`
//! plugin: each probe's XML, the refusals, a create, and the reattach of an SR a disk or a
//! LUN already carries (`SR.introduce`, `PBD.create`, `PBD.plug`).

use crate::lifecycle::err;
use crate::session::*;
use crate::tasks::fast_server;
use demo::lifecycle::block_devices::{Devices, HbaLun, LocalDisk};
use serde_json::{Value, json};
use xenapi::{Protocol, Session};

/// The LVM SR an earlier install left on xcp-host-01's `/dev/sdc`.
const SDC_LVM: &str = "5e1f0c2a-7b3d-4e6f-9a8b-0c1d2e3f4a5b";
/// The empty LUN every host sees, the one carrying another pool's SR, and that SR.
const LUN1: &str = "3624a93701c0d5a3e8b2f4c6d00011a01";
const LUN2: &str = "3624a93701c0d5a3e8b2f4c6d00011a02";
const LUN2_SR: &str = "2d4f6a8c-1e3b-4d5f-8a7c-9e0b1d2f3a4c";
/// Zoned to xcp-host-01 only.
const LUN3: &str = "3624a93701c0d5a3e8b2f4c6d00011a03";

async fn host(s: &Session, name: &str) -> Value {
    let r = s
        .call("host.get_by_name_label", &[json!(name)])
        .await
        .unwrap();
    r[0].clone()
}

fn probe(h: &Value, kind: &str, dc: Value) -> Vec<Value> {
    vec![h.clone(), dc, json!(kind), json!({})]
}

fn create(h: &Value, kind: &str, dc: Value, shared: bool) -> Vec<Value> {
    vec![
        h.clone(),
        dc,
        json!("0"),
        json!("new"),
        json!(""),
        json!(kind),
        json!("user"),
        json!(shared),
        json!({}),
    ]
}

async fn pbds(s: &Session, sr: &Value) -> Vec<Value> {
    let list = s
        .call("SR.get_PBDs", std::slice::from_ref(sr))
        .await
        .unwrap();
    let mut out = Vec::new();
    for p in list.as_array().unwrap() {
        out.push(
            s.call("PBD.get_record", std::slice::from_ref(p))
                .await
                .unwrap(),
        );
    }
    out
}

/// `lsblk.py` lists a host's disks with their partitions; another plugin is missing.
#[tokio::test]
async fn the_lsblk_plugin_lists_a_hosts_disks() {
    let srv = fast_server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let h = host(&s, "xcp-host-01").await;
        let out = s
            .call(
                "host.call_plugin",
                &[
                    h.clone(),
                    json!("lsblk.py"),
                    json!("list_block_devices"),
                    json!({}),
                ],
            )
            .await
            .unwrap();
        let v: Value = serde_json::from_str(out.as_str().unwrap()).unwrap();
        let devs = v["blockdevices"].as_array().unwrap();
        let names: Vec<&str> = devs.iter().map(|d| d["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["sda", "sdb", "sdc", "sdd"]);
        assert_eq!(devs[1]["size"], "1000000000000");
        assert_eq!(devs[1]["type"], "disk");
        assert_eq!(devs[0]["children"][0]["mountpoint"], "/");
        assert_eq!(devs[3]["children"][0]["name"], "sdd1");
        let (code, params) = err(
            &s,
            "host.call_plugin",
            &[h.clone(), json!("nope.py"), json!("x"), json!({})],
        )
        .await;
        assert_eq!(
            (code.as_str(), params),
            ("XENAPI_MISSING_PLUGIN", vec!["nope.py".into()])
        );
    }
}

/// A local probe: 90 without a device; the `<SRlist>` of the driver's volume groups on
/// the devices (an LVM probe does not see an ext SR's, and a device that does not exist
/// is skipped); `probe_ext` refused (SMAPIv1).
#[tokio::test]
async fn a_local_probe_lists_the_srs_on_the_devices() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let h2 = host(&s, "xcp-host-02").await;
    let (code, params) = err(&s, "SR.probe", &probe(&h1, "lvm", json!({}))).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_90");
    assert_eq!(params[1], "The request is missing the device parameter");
    let all = json!({"device": "/dev/sdb,/dev/sdc,/dev/sdd,/dev/sdz"});
    let list = s
        .call("SR.probe", &probe(&h1, "lvm", all.clone()))
        .await
        .unwrap();
    let list = list.as_str().unwrap();
    assert!(list.contains(&format!("<UUID>{SDC_LVM}</UUID>")), "{list}");
    assert!(list.contains("<Devlist>/dev/sdc</Devlist>"));
    assert!(list.contains("<size>500000000000</size>"));
    assert_eq!(list.matches("<SR>").count(), 1);
    // xcp-host-02's sdc carries an ext SR: the LVM driver does not see it, the ext one does.
    let list = s
        .call("SR.probe", &probe(&h2, "lvm", all.clone()))
        .await
        .unwrap();
    assert!(!list.as_str().unwrap().contains("<SR>"));
    let list = s
        .call("SR.probe", &probe(&h2, "ext", all.clone()))
        .await
        .unwrap();
    assert!(
        list.as_str()
            .unwrap()
            .contains("<Devlist>/dev/sdc</Devlist>")
    );
    let (code, _) = err(&s, "SR.probe_ext", &probe(&h1, "lvm", all)).await;
    assert_eq!(code, "SR_OPERATION_NOT_SUPPORTED");
}

/// A local create's refusals, in the drivers' order: no device (90), the system disk
/// (105), a device that does not exist (19), a mounted partition (in use); then an ext SR
/// on the spare disk: one PBD, on that host, plugged, as big as the disk; the disk now
/// carries it and a second create on it is SR_DEVICE_IN_USE (another PBD of the host
/// names it). The other host's spare disk is untouched.
#[tokio::test]
async fn a_local_sr_is_made_on_a_hosts_spare_disk() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let h2 = host(&s, "xcp-host-02").await;
    let on = |dev: &str| json!({ "device": dev });
    let (code, _) = err(&s, "SR.create", &create(&h1, "ext", json!({}), false)).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_90");
    let (code, params) = err(&s, "SR.create", &create(&h1, "lvm", on("/dev/sda"), false)).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_105");
    assert!(
        params[1].contains("Device /dev/sda contains core system files"),
        "{params:?}"
    );
    let (code, params) = err(&s, "SR.create", &create(&h1, "lvm", on("/dev/sdz"), false)).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_19");
    assert_eq!(
        params[1],
        "No such device [opterr=Device /dev/sdz does not exist]"
    );
    let (code, _) = err(&s, "SR.create", &create(&h1, "ext", on("/dev/sda3"), false)).await;
    assert_eq!(code, "SR_DEVICE_IN_USE");
    let sr = s
        .call("SR.create", &create(&h1, "ext", on("/dev/sdb"), false))
        .await
        .unwrap();
    let p = pbds(&s, &sr).await;
    assert_eq!(p.len(), 1, "a local SR has one PBD");
    assert_eq!(p[0]["host"], h1);
    assert_eq!(p[0]["currently_attached"], true);
    let rec = s
        .call("SR.get_record", std::slice::from_ref(&sr))
        .await
        .unwrap();
    assert_eq!(rec["shared"], false);
    let size = rec["physical_size"]
        .as_str()
        .map(|x| x.parse::<i64>().unwrap());
    assert_eq!(
        size.or(rec["physical_size"].as_i64()),
        Some(1_000_000_000_000)
    );
    let list = s
        .call("SR.probe", &probe(&h1, "ext", on("/dev/sdb")))
        .await
        .unwrap();
    assert!(
        list.as_str()
            .unwrap()
            .contains(rec["uuid"].as_str().unwrap())
    );
    let (code, params) = err(&s, "SR.create", &create(&h1, "lvm", on("/dev/sdb"), false)).await;
    assert_eq!((code.as_str(), params.len()), ("SR_DEVICE_IN_USE", 0));
    let list = s
        .call("SR.probe", &probe(&h2, "ext", on("/dev/sdb")))
        .await
        .unwrap();
    assert!(
        !list.as_str().unwrap().contains("<SR>"),
        "xcp-host-02's sdb is still blank"
    );
}

/// The LVM SR on xcp-host-01's sdc reattached: introduced, a PBD on that host, plugged.
/// A PBD naming a disk that does not carry it fails to plug (47).
#[tokio::test]
async fn a_local_sr_on_a_disk_is_reattached() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let h2 = host(&s, "xcp-host-02").await;
    let sr = introduce(&s, SDC_LVM, "Old local", "lvm", false).await;
    let pbd = |h: &Value| {
        vec![
            json!({"host": h, "SR": sr, "device_config": {"device": "/dev/sdc"}, "other_config": {}}),
        ]
    };
    let wrong = s.call("PBD.create", &pbd(&h2)).await.unwrap();
    let (code, params) = err(&s, "PBD.plug", std::slice::from_ref(&wrong)).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_47");
    assert!(
        params[1].contains(&format!("VG_XenStorage-{SDC_LVM}")),
        "{params:?}"
    );
    s.call("PBD.destroy", &[wrong]).await.unwrap();
    let right = s.call("PBD.create", &pbd(&h1)).await.unwrap();
    s.call("PBD.plug", std::slice::from_ref(&right))
        .await
        .unwrap();
    let attached = s
        .call("PBD.get_currently_attached", &[right])
        .await
        .unwrap();
    assert_eq!(attached, true);
}

/// An HBA probe without a SCSI ID fails with 107 carrying `devscan`'s `<Devlist>`: the LUNs
/// the host sees (with vendor, serial, size) and its adapter; a probe of a LUN answers the
/// `<SRlist>` of the SR on it.
#[tokio::test]
async fn an_hba_probe_lists_the_luns_each_host_sees() {
    let srv = fast_server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let h1 = host(&s, "xcp-host-01").await;
        let h2 = host(&s, "xcp-host-02").await;
        let (code, params) = err(&s, "SR.probe", &probe(&h1, "lvmohba", json!({}))).await;
        assert_eq!(code, "SR_BACKEND_FAILURE_107");
        assert_eq!(params[1], "The SCSIid parameter is missing or incorrect");
        let xml = &params[2];
        assert!(xml.contains("<Devlist>"), "{xml}");
        assert_eq!(xml.matches("<BlockDevice>").count(), 3);
        assert!(xml.contains(&format!("<SCSIid>{LUN3}</SCSIid>")));
        assert!(xml.contains("<vendor>PURE</vendor>"));
        assert!(xml.contains("<serial>1C0D5A3E8B2F4C6D00011A01</serial>"));
        assert!(xml.contains("<size>1000000000000</size>"));
        assert!(xml.contains("<Adapter>") && xml.contains("<name>qla2xxx</name>"));
        let (_, params) = err(&s, "SR.probe", &probe(&h2, "lvmohba", json!({}))).await;
        assert_eq!(
            params[2].matches("<BlockDevice>").count(),
            2,
            "LUN 3 is zoned to host 1"
        );
        let list = s
            .call(
                "SR.probe",
                &probe(&h1, "lvmohba", json!({ "SCSIid": LUN2 })),
            )
            .await
            .unwrap();
        let list = list.as_str().unwrap();
        assert!(list.contains(&format!("<UUID>{LUN2_SR}</UUID>")), "{list}");
        assert!(list.contains(&format!("<Devlist>/dev/disk/by-id/scsi-{LUN2}</Devlist>")));
        let list = s
            .call(
                "SR.probe",
                &probe(&h1, "lvmohba", json!({ "SCSIid": LUN1 })),
            )
            .await
            .unwrap();
        assert!(!list.as_str().unwrap().contains("<SR>"));
    }
}

/// An HBA SR: created shared on the coordinator, one PBD per host, each plugged; the LUN
/// then leaves the probe's list (a PBD names it) and a second create is
/// SR_DEVICE_IN_USE. A LUN the creating host does not see is 19. A LUN zoned to one host:
/// the other's PBD stays unplugged.
#[tokio::test]
async fn an_hba_sr_is_made_from_a_probed_lun() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let h2 = host(&s, "xcp-host-02").await;
    let (code, params) = err(&s, "SR.create", &create(&h1, "lvmohba", json!({}), true)).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_107");
    assert!(params[2].contains("<BlockDevice>"));
    let (code, params) = err(
        &s,
        "SR.create",
        &create(&h2, "lvmohba", json!({ "SCSIid": LUN3 }), true),
    )
    .await;
    assert_eq!(code, "SR_BACKEND_FAILURE_19");
    assert!(params[1].contains(LUN3));
    let sr = s
        .call(
            "SR.create",
            &create(&h1, "lvmohba", json!({ "SCSIid": LUN1 }), true),
        )
        .await
        .unwrap();
    let p = pbds(&s, &sr).await;
    assert_eq!(p.len(), 2);
    assert!(p.iter().all(|p| p["currently_attached"] == true), "{p:?}");
    let (_, params) = err(&s, "SR.probe", &probe(&h1, "lvmohba", json!({}))).await;
    assert!(!params[2].contains(LUN1), "a LUN in use is left out");
    let (code, _) = err(
        &s,
        "SR.create",
        &create(&h1, "lvmohba", json!({ "SCSIid": LUN1 }), true),
    )
    .await;
    assert_eq!(code, "SR_DEVICE_IN_USE");
    let zoned = s
        .call(
            "SR.create",
            &create(&h1, "lvmohba", json!({ "SCSIid": LUN3 }), true),
        )
        .await
        .unwrap();
    let p = pbds(&s, &zoned).await;
    let on = |h: &Value| p.iter().find(|p| p["host"] == *h).unwrap()["currently_attached"].clone();
    assert_eq!((on(&h1), on(&h2)), (json!(true), json!(false)));
}

/// A test decides what the disks and LUNs are.
#[tokio::test]
async fn the_devices_are_what_a_test_sets() {
    let srv = fast_server().await;
    srv.state.block_devices.set(Devices {
        disks: vec![LocalDisk {
            host: String::new(),
            path: "/dev/nvme0n1".into(),
            size: 4 << 40,
            partitions: Vec::new(),
            root: false,
            holds: None,
        }],
        luns: vec![HbaLun {
            scsi_id: "36000c29f".into(),
            vendor: "NETAPP".into(),
            serial: "n1".into(),
            size: 1 << 40,
            lun: 0,
            path: "/dev/sdq".into(),
            hosts: Vec::new(),
            sr: None,
        }],
    });
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let out = s
        .call(
            "host.call_plugin",
            &[
                h1.clone(),
                json!("lsblk.py"),
                json!("list_block_devices"),
                json!({}),
            ],
        )
        .await
        .unwrap();
    assert!(out.as_str().unwrap().contains("\"nvme0n1\""));
    let (_, params) = err(&s, "SR.probe", &probe(&h1, "lvmohba", json!({}))).await;
    assert!(params[2].contains("<vendor>NETAPP</vendor>"));
    s.call(
        "SR.create",
        &create(&h1, "lvm", json!({"device": "/dev/nvme0n1"}), false),
    )
    .await
    .unwrap();
}

async fn unplug_all(s: &Session, sr: &Value) {
    for p in pbds(s, sr).await {
        let r = s
            .call("PBD.get_by_uuid", &[p["uuid"].clone()])
            .await
            .unwrap();
        s.call("PBD.unplug", &[r]).await.unwrap();
    }
}

async fn srs_in(s: &Session, h: &Value, kind: &str, dc: Value) -> String {
    let xml = s.call("SR.probe", &probe(h, kind, dc)).await.unwrap();
    xml.as_str().unwrap().to_string()
}

/// sm's `delete` removes the volume group: after `SR.destroy` a probe of the disk (on its
/// host; the other host's disk at that path was never touched) or of the LUN finds no SR,
/// and the LUN is offered again.
#[tokio::test]
async fn a_destroyed_local_or_hba_sr_leaves_its_disk_or_lun_without_it() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let sdb = json!({"device": "/dev/sdb"});
    let sr = s
        .call("SR.create", &create(&h1, "ext", sdb.clone(), false))
        .await
        .unwrap();
    let uuid = s
        .call("SR.get_uuid", std::slice::from_ref(&sr))
        .await
        .unwrap();
    let uuid = uuid.as_str().unwrap().to_string();
    assert!(srs_in(&s, &h1, "ext", sdb.clone()).await.contains(&uuid));
    unplug_all(&s, &sr).await;
    s.call("SR.destroy", &[sr]).await.unwrap();
    let xml = srs_in(&s, &h1, "ext", sdb.clone()).await;
    assert!(!xml.contains("<SR>"), "{xml}");

    let lun = json!({ "SCSIid": LUN1 });
    let sr = s
        .call("SR.create", &create(&h1, "lvmohba", lun.clone(), true))
        .await
        .unwrap();
    let uuid = s
        .call("SR.get_uuid", std::slice::from_ref(&sr))
        .await
        .unwrap();
    assert!(
        srs_in(&s, &h1, "lvmohba", lun.clone())
            .await
            .contains(uuid.as_str().unwrap())
    );
    unplug_all(&s, &sr).await;
    s.call("SR.destroy", &[sr]).await.unwrap();
    let xml = srs_in(&s, &h1, "lvmohba", lun).await;
    assert!(!xml.contains("<SR>"), "{xml}");
    let (_, params) = err(&s, "SR.probe", &probe(&h1, "lvmohba", json!({}))).await;
    assert!(params[2].contains(LUN1), "the LUN is free again");
}

async fn size_and_use(s: &Session, sr: &Value) -> (i64, i64) {
    let rec = s
        .call("SR.get_record", std::slice::from_ref(sr))
        .await
        .unwrap();
    (
        rec["physical_size"].as_str().map_or_else(
            || rec["physical_size"].as_i64().unwrap(),
            |t| t.parse().unwrap(),
        ),
        rec["physical_utilisation"].as_str().map_or_else(
            || rec["physical_utilisation"].as_i64().unwrap(),
            |t| t.parse().unwrap(),
        ),
    )
}

/// `SR.introduce` leaves the size and use unknown (-1, as xapi does); plugging the
/// coordinator's PBD runs xapi's initial scan, which takes them from the LUN (a member's
/// PBD plugged first does not).
#[tokio::test]
async fn a_reattached_hba_sr_takes_its_size_from_the_lun_at_the_coordinators_plug() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let h2 = host(&s, "xcp-host-02").await;
    let sr = introduce(&s, LUN2_SR, "Old FC", "lvmohba", true).await;
    assert_eq!(size_and_use(&s, &sr).await, (-1, -1));
    let pbd = |h: &Value| {
        vec![json!({"host": h, "SR": sr, "device_config": {"SCSIid": LUN2}, "other_config": {}})]
    };
    let member = s.call("PBD.create", &pbd(&h2)).await.unwrap();
    s.call("PBD.plug", &[member]).await.unwrap();
    assert_eq!(size_and_use(&s, &sr).await, (-1, -1), "a member's plug");
    let first = s.call("PBD.create", &pbd(&h1)).await.unwrap();
    s.call("PBD.plug", &[first]).await.unwrap();
    assert_eq!(size_and_use(&s, &sr).await, (2_000_000_000_000, 0));
}

/// A local SR reattached on its disk: its size is the disk's after the plug, and a scan
/// keeps it so.
#[tokio::test]
async fn a_reattached_local_sr_takes_its_size_from_its_disk() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h1 = host(&s, "xcp-host-01").await;
    let sr = introduce(&s, SDC_LVM, "Old local", "lvm", false).await;
    assert_eq!(size_and_use(&s, &sr).await, (-1, -1));
    let pbd = s
        .call(
            "PBD.create",
            &[json!({"host": h1, "SR": sr, "device_config": {"device": "/dev/sdc"}, "other_config": {}})],
        )
        .await
        .unwrap();
    s.call("PBD.plug", &[pbd]).await.unwrap();
    assert_eq!(size_and_use(&s, &sr).await, (500_000_000_000, 0));
    s.call("SR.scan", std::slice::from_ref(&sr)).await.unwrap();
    assert_eq!(size_and_use(&s, &sr).await.0, 500_000_000_000);
}

/// `SR.introduce` of a user SR found on a disk or LUN, as a reattach starts; its ref.
async fn introduce(s: &Session, uuid: &str, name: &str, kind: &str, shared: bool) -> Value {
    s.call(
        "SR.introduce",
        &[
            json!(uuid),
            json!(name),
            json!(""),
            json!(kind),
            json!("user"),
            json!(shared),
            json!({}),
        ],
    )
    .await
    .unwrap()
}
