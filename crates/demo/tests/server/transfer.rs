//! `GET /export` and `PUT /import` over HTTP, as XenCenter drives them: a task first, the
//! session and task in the query, the task followed to its end. An export imported back
//! reads back byte for byte; damaged, truncated, chunked or misdirected uploads fail with
//! xapi's error and leave nothing behind.

use crate::common::*;
use crate::session::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use xenapi::{Protocol, Session};
use xva::ova::Ova;

#[derive(Default)]
pub(crate) struct Keep {
    pub ova: Option<Ova>,
    pub chunks: BTreeMap<(String, u64), Vec<u8>>,
}

impl xva::Sink for Keep {
    fn ova(&mut self, xml: &str) -> Result<(), xva::Error> {
        self.ova = Some(Ova::decode(xml)?);
        Ok(())
    }
    fn chunk(&mut self, disk: &str, index: u64, data: &[u8]) -> Result<(), xva::Error> {
        self.chunks.insert((disk.to_string(), index), data.to_vec());
        Ok(())
    }
}

pub(crate) fn read_xva(bytes: &[u8]) -> Keep {
    let mut r = xva::Reader::new(Keep::default());
    r.feed(bytes).unwrap();
    r.finish().unwrap();
    r.into_sink().unwrap()
}

pub(crate) async fn task(s: &Session) -> String {
    s.call("task.create", &[json!("export"), json!("")])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

pub(crate) async fn task_record(s: &Session, t: &str) -> Value {
    s.call("task.get_record", &[json!(t)]).await.unwrap()
}

pub(crate) async fn uuid_of(s: &Session, class: &str, name: &str) -> (String, String) {
    let all = s
        .call(&format!("{class}.get_all_records"), &[])
        .await
        .unwrap();
    let (r, rec) = all
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, v)| v["name_label"] == name)
        .unwrap();
    (r.clone(), rec["uuid"].as_str().unwrap().to_string())
}

pub(crate) async fn export(
    url: &str,
    s: &Session,
    uuid: &str,
    t: &str,
    extra: &str,
) -> reqwest::Response {
    reqwest::get(format!(
        "{url}/export?session_id={}&task_id={t}&uuid={uuid}{extra}",
        s.session_ref()
    ))
    .await
    .unwrap()
}

pub(crate) async fn import(url: &str, s: &Session, t: &str, query: &str, body: Vec<u8>) -> Answer {
    let r = reqwest::Client::new()
        .put(format!(
            "{url}/import?session_id={}&task_id={t}{query}",
            s.session_ref()
        ))
        .header("Content-Length", body.len())
        .body(body)
        .send()
        .await
        .unwrap();
    Answer::read(r).await
}

pub(crate) fn count(srv: &demo::DemoServer, class: &str) -> usize {
    srv.state.read(|db| db.count(class))
}

/// `ova.xml` of an export, with data in chunks 0 and 3 of its first disk and a keep-alive.
fn with_data(ova: &Ova, disk: &str) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let a: Vec<u8> = (0..xva::CHUNK).map(|i| (i % 251) as u8).collect();
    let b: Vec<u8> = (0..xva::CHUNK).map(|i| (i % 13) as u8 + 1).collect();
    let mut out = xva::write::entry("ova.xml", ova.encode().as_bytes()).unwrap();
    out.extend(xva::write::chunk(disk, 0, &a).unwrap());
    out.extend(xva::write::keep_alive(disk, 3).unwrap());
    out.extend(xva::write::chunk(disk, 3, &b).unwrap());
    out.extend(xva::write::end());
    (out, a, b)
}

#[tokio::test]
async fn an_export_imported_back_reads_back_byte_for_byte() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (_, uuid) = uuid_of(&s, "VM", "db-replica").await;
    // Export the halted VM, zstd-compressed.
    let t = task(&s).await;
    let r = export(&srv.url, &s, &uuid, &t, "&use_compression=zstd").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["task-id"], t.as_str());
    let bytes = r.bytes().await.unwrap();
    assert_eq!(&bytes[..4], &[0x28, 0xb5, 0x2f, 0xfd], "zstd");
    let got = read_xva(&bytes);
    let ova = got.ova.unwrap();
    let classes: Vec<&str> = ova.objects.iter().map(|o| o.class.as_str()).collect();
    assert!(classes.contains(&"VM") && classes.contains(&"VBD") && classes.contains(&"VDI"));
    assert_eq!(task_record(&s, &t).await["status"], "success");
    // As xapi writes a VM export: no snapshot history, halted.
    let vm_obj = ova.objects.iter().find(|o| o.class == "VM").unwrap();
    assert_eq!(vm_obj.snapshot["snapshots"], json!([]));
    assert_eq!(vm_obj.snapshot["power_state"], "Halted");
    assert_eq!(vm_obj.snapshot["is_a_snapshot"], false);
    let disk = ova
        .objects
        .iter()
        .find(|o| o.class == "VDI")
        .unwrap()
        .id
        .clone();
    // Import it with data in two chunks, to another SR.
    let (sr, _) = uuid_of(&s, "SR", "Shared NFS storage").await;
    let (file, a, b) = with_data(&ova, &disk);
    let vms_before = count(&srv, "VM");
    let t = task(&s).await;
    let r = import(&srv.url, &s, &t, &format!("&sr_id={sr}"), file).await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let rec = task_record(&s, &t).await;
    assert_eq!(rec["status"], "success", "{rec}");
    assert_eq!(rec["other_config"]["object_creation"], "complete");
    assert_eq!(count(&srv, "VM"), vms_before + 1);
    let new_vm = srv.state.read(|db| {
        db.table("VM")
            .unwrap()
            .rows
            .iter()
            .find(|(_, r)| r.fields["other_config"]["import_task"] == t.as_str())
            .map(|(r, _)| r.clone())
            .unwrap()
    });
    assert!(
        rec["result"].as_str().unwrap().contains(&new_vm),
        "the result names the VM"
    );
    let vm = s.call("VM.get_record", &[json!(new_vm)]).await.unwrap();
    assert_eq!(vm["name_label"], "db-replica");
    assert_eq!(vm["power_state"], "Halted");
    // Its disk is on the SR chosen; exported, it reads back as written.
    let new_uuid = vm["uuid"].as_str().unwrap().to_string();
    let t = task(&s).await;
    let back = read_xva(
        &export(&srv.url, &s, &new_uuid, &t, "")
            .await
            .bytes()
            .await
            .unwrap(),
    );
    let vdi = back
        .ova
        .as_ref()
        .unwrap()
        .objects
        .iter()
        .find(|o| o.class == "VDI")
        .unwrap();
    let id = vdi.id.clone();
    assert_eq!(back.chunks[&(id.clone(), 0)], a);
    assert_eq!(back.chunks[&(id.clone(), 3)], b);
    let vbd = vm["VBDs"][0].as_str().unwrap().to_string();
    let on = srv.state.read(|db| {
        let vdi = db.field("VBD", &vbd, "VDI").cloned().unwrap();
        db.field("VDI", vdi.as_str().unwrap(), "SR")
            .cloned()
            .unwrap()
    });
    assert_eq!(on, json!(sr), "the disk is on the SR chosen");
}

#[tokio::test]
async fn a_running_vm_is_not_exported() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (_, uuid) = uuid_of(&s, "VM", "web-01").await;
    let t = task(&s).await;
    let r = export(&srv.url, &s, &uuid, &t, "").await;
    assert_eq!(r.status(), 500);
    let rec = task_record(&s, &t).await;
    assert_eq!(rec["status"], "failure");
    assert_eq!(rec["error_info"][0], "VM_BAD_POWER_STATE");
}

#[tokio::test]
async fn damaged_uploads_fail_with_xapi_s_error_and_leave_nothing() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (_, uuid) = uuid_of(&s, "VM", "db-replica").await;
    let t = task(&s).await;
    let got = read_xva(
        &export(&srv.url, &s, &uuid, &t, "")
            .await
            .bytes()
            .await
            .unwrap(),
    );
    let ova = got.ova.unwrap();
    let disk = ova
        .objects
        .iter()
        .find(|o| o.class == "VDI")
        .unwrap()
        .id
        .clone();
    let (good, _, _) = with_data(&ova, &disk);
    let before: Vec<usize> = ["VM", "VBD", "VDI", "VIF", "network"]
        .iter()
        .map(|c| count(&srv, c))
        .collect();
    // A corrupted chunk.
    let mut bad = good.clone();
    let at = bad.windows(4).position(|w| w == [1, 2, 3, 4]).unwrap();
    bad[at] ^= 0xff;
    // A truncated file.
    let cut = good[..good.len() / 2].to_vec();
    for (file, code) in [
        (bad, "IMPORT_ERROR_SOME_CHECKSUMS_FAILED"),
        (cut, "IMPORT_ERROR_PREMATURE_EOF"),
    ] {
        let t = task(&s).await;
        // xapi has answered 200 before reading: the task has the failure.
        let r = import(&srv.url, &s, &t, "", file).await;
        assert_eq!(r.status(), 200);
        let rec = task_record(&s, &t).await;
        assert_eq!(rec["error_info"][0], code, "{rec}");
        let after: Vec<usize> = ["VM", "VBD", "VDI", "VIF", "network"]
            .iter()
            .map(|c| count(&srv, c))
            .collect();
        assert_eq!(after, before, "{code}: nothing was left behind");
    }
    // Chunked transfer encoding: refused before reading.
    let t = task(&s).await;
    let head = format!(
        "PUT /import?session_id={}&task_id={t} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n",
        s.session_ref()
    );
    let addr = srv.addr;
    let reply = tokio::task::spawn_blocking(move || {
        use std::io::Write;
        let mut c = raw_connect(addr);
        c.write_all(head.as_bytes()).unwrap();
        let _ = c.write_all(b"5\r\nhello\r\n0\r\n\r\n");
        read_until_closed(&mut c)
    })
    .await
    .unwrap();
    assert!(reply.starts_with("HTTP/1.1 403"), "{reply}");
    assert_eq!(
        task_record(&s, &t).await["error_info"][0],
        "IMPORT_ERROR_CANNOT_HANDLE_CHUNKED"
    );
    // An ISO SR.
    let (iso, _) = uuid_of(&s, "SR", "ISO library").await;
    let t = task(&s).await;
    let r = import(&srv.url, &s, &t, &format!("&sr_id={iso}"), good).await;
    assert_eq!(r.status(), 400);
    assert_eq!(
        task_record(&s, &t).await["error_info"][0],
        "SR_OPERATION_NOT_SUPPORTED"
    );
}

#[tokio::test]
async fn exports_and_imports_need_a_vm_admin() {
    let srv = server().await;
    let ro = Session::login(
        &srv.url,
        xenapi::Credentials::new(RO_USER.0, RO_USER.1),
        opts(Protocol::JsonRpc),
    )
    .await
    .unwrap();
    let root = login(&srv.url, Protocol::JsonRpc).await;
    let (_, uuid) = uuid_of(&root, "VM", "db-replica").await;
    let r = reqwest::get(format!(
        "{}/export?session_id={}&uuid={uuid}",
        srv.url,
        ro.session_ref()
    ))
    .await
    .unwrap();
    assert_eq!(r.status(), 403);
    let r = reqwest::get(format!(
        "{}/export?session_id=OpaqueRef:nope&uuid={uuid}",
        srv.url
    ))
    .await
    .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn export_metadata_is_the_header_alone_with_the_power_state_kept() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    // A running VM: `/export` refuses it, `/export_metadata` does not.
    let (_, uuid) = uuid_of(&s, "VM", "db-primary").await;
    let t = task(&s).await;
    let r = reqwest::get(format!(
        "{}/export_metadata?session_id={}&task_id={t}&uuid={uuid}",
        srv.url,
        s.session_ref()
    ))
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    let len = r.content_length().expect("a Content-Length, as xapi sends");
    let bytes = r.bytes().await.unwrap();
    assert_eq!(bytes.len() as u64, len);
    let got = read_xva(&bytes);
    assert!(got.chunks.is_empty(), "no disk data");
    let ova = got.ova.unwrap();
    let vm = ova.objects.iter().find(|o| o.class == "VM").unwrap();
    assert_eq!(vm.snapshot["power_state"], "Running");
    assert!(ova.objects.iter().any(|o| o.class == "VBD"));
    assert_eq!(task_record(&s, &t).await["status"], "success");
    // An unknown VM: 500, the task failed with xapi's error.
    let t = task(&s).await;
    let r = reqwest::get(format!(
        "{}/export_metadata?session_id={}&task_id={t}&uuid=nope",
        srv.url,
        s.session_ref()
    ))
    .await
    .unwrap();
    assert_eq!(r.status(), 500);
    let rec = task_record(&s, &t).await;
    assert_eq!(rec["status"], "failure");
    assert_eq!(rec["error_info"][0], "UUID_INVALID");
    // No session: 401.
    let r = reqwest::get(format!("{}/export_metadata?uuid={uuid}", srv.url))
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn a_vm_admin_may_export_and_import_and_a_vm_operator_may_not() {
    // xapi's `http_actions`: get_export, put_import and the raw-disk ones need _R_VM_ADMIN.
    let mut c = config();
    c.vm_admin_user = Some(("vmadmin".into(), "vmadmin-pass".into()));
    c.vm_operator_user = Some(("operator".into(), "operator-pass".into()));
    let srv = server_with(c).await;
    let as_user = async |u: &str, p: &str| {
        Session::login(
            &srv.url,
            xenapi::Credentials::new(u, p),
            opts(Protocol::JsonRpc),
        )
        .await
        .unwrap()
    };
    let admin = as_user("vmadmin", "vmadmin-pass").await;
    let op = as_user("operator", "operator-pass").await;
    let root = login(&srv.url, Protocol::JsonRpc).await;
    let (_, uuid) = uuid_of(&root, "VM", "db-replica").await;
    let perms = admin
        .call(
            "session.get_rbac_permissions",
            &[json!(admin.session_ref())],
        )
        .await
        .unwrap();
    assert!(
        perms
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "http/put_import")
    );
    // The VM admin exports and imports the file back.
    let t = task(&admin).await;
    let r = export(&srv.url, &admin, &uuid, &t, "").await;
    assert_eq!(r.status(), 200);
    let bytes = r.bytes().await.unwrap().to_vec();
    assert_eq!(task_record(&admin, &t).await["status"], "success");
    let t = task(&admin).await;
    let r = import(&srv.url, &admin, &t, "", bytes.clone()).await;
    assert_eq!(r.status(), 200);
    assert_eq!(task_record(&admin, &t).await["status"], "success");
    // The VM operator is refused both, before anything is read or made.
    let vms = count(&srv, "VM");
    let t = task(&op).await;
    assert_eq!(export(&srv.url, &op, &uuid, &t, "").await.status(), 403);
    assert_eq!(import(&srv.url, &op, &t, "", bytes).await.status(), 403);
    let r = reqwest::get(format!(
        "{}/export_raw_vdi?session_id={}&vdi=OpaqueRef:x",
        srv.url,
        op.session_ref()
    ))
    .await
    .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(count(&srv, "VM"), vms);
}
