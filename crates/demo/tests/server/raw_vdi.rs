//! `PUT /import_raw_vdi` and `GET /export_raw_vdi` over HTTP, as `xe vdi-import`/`vdi-export`
//! drive them: raw and VHD both ways byte for byte, and xapi's refusals in xapi's order.

use crate::common::*;
use crate::session::*;
use diskimg::vhd_stream::{self, PushReader};
use serde_json::{Value, json};
use xenapi::{Protocol, Session};

async fn task(s: &Session) -> String {
    s.call("task.create", &[json!("disk"), json!("")])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

async fn task_record(s: &Session, t: &str) -> Value {
    s.call("task.get_record", &[json!(t)]).await.unwrap()
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

pub(crate) async fn new_vdi(s: &Session, sr: &str, size: u64) -> String {
    let rec = json!({
        "name_label": "d", "name_description": "", "SR": sr, "virtual_size": size,
        "type": "user", "sharable": false, "read_only": false, "other_config": {},
        "xenstore_data": {}, "sm_config": {}, "tags": [],
    });
    s.call("VDI.create", &[rec])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

pub(crate) async fn put(url: &str, s: &Session, t: &str, query: &str, body: Vec<u8>) -> Answer {
    let r = reqwest::Client::new()
        .put(format!(
            "{url}/import_raw_vdi?session_id={}&task_id={t}{query}",
            s.session_ref()
        ))
        .header("Content-Length", body.len())
        .body(body)
        .send()
        .await
        .unwrap();
    Answer::read(r).await
}

pub(crate) async fn get(url: &str, s: &Session, t: &str, query: &str) -> reqwest::Response {
    reqwest::get(format!(
        "{url}/export_raw_vdi?session_id={}&task_id={t}{query}",
        s.session_ref()
    ))
    .await
    .unwrap()
}

/// A disk of `size` bytes with data in a few places (the rest zeros).
fn disk(size: usize) -> Vec<u8> {
    let mut d = vec![0u8; size];
    for (i, b) in d.iter_mut().enumerate().take(5000) {
        *b = (i % 251) as u8 + 1;
    }
    let mid = size / 2 + 7;
    for (i, b) in d[mid..mid + 300_000].iter_mut().enumerate() {
        *b = (i % 13) as u8 + 1;
    }
    let last = size - 1;
    d[last] = 0xEE;
    d
}

#[tokio::test]
async fn raw_and_vhd_round_trip_byte_for_byte() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let sr = sr_named(&s, "Shared NFS storage").await;
    let size = 9 * 1024 * 1024 + 512 * 3;
    let data = disk(size);
    // Raw into an existing VDI.
    let vdi = new_vdi(&s, &sr, size as u64).await;
    let t = task(&s).await;
    let r = put(
        &srv.url,
        &s,
        &t,
        &format!("&vdi={vdi}&format=raw"),
        data.clone(),
    )
    .await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let rec = task_record(&s, &t).await;
    assert_eq!(rec["status"], "success", "{rec}");
    // xapi keeps a task's result as XML-RPC.
    assert_eq!(rec["result"], json!(format!("<value>{vdi}</value>")));
    // Raw back.
    let t = task(&s).await;
    let r = get(&srv.url, &s, &t, &format!("&vdi={vdi}")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/octet-stream");
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .ends_with(".raw\"")
    );
    assert!(r.bytes().await.unwrap() == data, "raw export differs");
    assert_eq!(task_record(&s, &t).await["status"], "success");
    // As a VHD: only the blocks with data, and it reads back as the disk.
    let t = task(&s).await;
    let r = get(&srv.url, &s, &t, &format!("&vdi={vdi}&format=vhd")).await;
    assert_eq!(r.headers()["content-type"], "application/vhd");
    let vhd = r.bytes().await.unwrap().to_vec();
    assert!(vhd.len() < size, "sparse: {} bytes", vhd.len());
    let mut back = vec![0u8; size];
    let mut p = PushReader::new(vhd.len() as u64);
    for piece in vhd.chunks(77_777) {
        p.feed(piece, &mut |off, d| {
            back[off as usize..off as usize + d.len()].copy_from_slice(d);
            Ok(())
        })
        .unwrap();
    }
    p.finish().unwrap();
    assert!(back == data, "the VHD reads back as the disk");
    // The same VHD into a second VDI, then out raw: the same bytes.
    let vdi2 = new_vdi(&s, &sr, size as u64).await;
    let t = task(&s).await;
    let r = put(&srv.url, &s, &t, &format!("&vdi={vdi2}&format=vhd"), vhd).await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let t = task(&s).await;
    let r = get(&srv.url, &s, &t, &format!("&vdi={vdi2}")).await;
    assert!(r.bytes().await.unwrap() == data, "VHD import differs");
}

#[tokio::test]
async fn a_fixed_vhd_is_taken_too() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let sr = sr_named(&s, "Shared NFS storage").await;
    let size = 3 * 1024 * 1024;
    let data = disk(size);
    let mut file = data.clone();
    file.extend_from_slice(&vhd_stream::footer(size as u64, 2, [7; 16]));
    let vdi = new_vdi(&s, &sr, size as u64).await;
    let t = task(&s).await;
    let r = put(&srv.url, &s, &t, &format!("&vdi={vdi}&format=vhd"), file).await;
    assert_eq!(r.status(), 200, "{:?}", r.text().await);
    let t = task(&s).await;
    let r = get(&srv.url, &s, &t, &format!("&vdi={vdi}")).await;
    assert!(r.bytes().await.unwrap() == data);
}

#[tokio::test]
async fn raw_to_an_sr_makes_an_imported_vdi_of_the_length() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let sr = sr_named(&s, "Shared NFS storage").await;
    let data = disk(2 * 1024 * 1024);
    let t = task(&s).await;
    let r = put(&srv.url, &s, &t, &format!("&sr_id={sr}"), data.clone()).await;
    assert_eq!(r.status(), 200);
    let vdi = task_record(&s, &t).await["result"]
        .as_str()
        .unwrap()
        .trim_start_matches("<value>")
        .trim_end_matches("</value>")
        .to_string();
    let rec = s.call("VDI.get_record", &[json!(vdi)]).await.unwrap();
    assert_eq!(rec["name_label"], "Imported VDI");
    assert_eq!(rec["virtual_size"].to_string().trim_matches('"'), "2097152");
    assert_eq!(rec["SR"], json!(sr));
}

#[tokio::test]
async fn refusals_come_in_xapis_order_with_its_codes() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let sr = sr_named(&s, "Shared NFS storage").await;
    let vdi = new_vdi(&s, &sr, 1 << 20).await;
    let vdis = srv.state.read(|db| db.count("VDI"));
    let cases: [(&str, u16, &str, &str); 6] = [
        ("", 400, "VDI_MISSING", ""),
        (
            &format!("&vdi={vdi}&format=vmdk"),
            404,
            "INTERNAL_ERROR",
            "Unknown format vmdk",
        ),
        (
            &format!("&vdi={vdi}&format=vhd&chunked=true"),
            404,
            "INTERNAL_ERROR",
            "Cannot handle chunked VHD",
        ),
        (
            &format!("&sr_id={sr}&format=vhd"),
            400,
            "INTERNAL_ERROR",
            "Importing a VHD directly into an SR not yet supported",
        ),
        (
            &format!("&sr_id={sr}&format=qcow2"),
            400,
            "INTERNAL_ERROR",
            "Importing a QCOW2 directly into an SR not yet supported",
        ),
        ("&vdi=not-a-uuid", 500, "UUID_INVALID", "VDI"),
    ];
    for (query, status, code, param) in cases {
        let t = task(&s).await;
        let r = put(&srv.url, &s, &t, query, vec![1; 512]).await;
        assert_eq!(r.status(), status, "{query}");
        let rec = task_record(&s, &t).await;
        assert_eq!(rec["status"], "failure", "{query}");
        assert_eq!(rec["error_info"][0], code, "{query}");
        if !param.is_empty() {
            assert_eq!(rec["error_info"][1], param, "{query}");
        }
    }
    // A chunked body (no Content-Length).
    let t = task(&s).await;
    let body =
        reqwest::Body::wrap_stream(futures_util::stream::iter(vec![Ok::<_, std::io::Error>(
            vec![1u8; 512],
        )]));
    let r = reqwest::Client::new()
        .put(format!(
            "{}/import_raw_vdi?session_id={}&task_id={t}&vdi={vdi}",
            srv.url,
            s.session_ref()
        ))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let rec = task_record(&s, &t).await;
    assert!(
        rec["error_info"][1]
            .as_str()
            .unwrap()
            .starts_with("Cannot handle encoding")
    );
    // An image larger than the disk; a truncated VHD.
    let t = task(&s).await;
    let r = put(
        &srv.url,
        &s,
        &t,
        &format!("&vdi={vdi}"),
        vec![1; (1 << 20) + 512],
    )
    .await;
    // xapi has answered 200 before reading: the task has the failure.
    assert_eq!(r.status(), 200);
    assert_eq!(task_record(&s, &t).await["error_info"][0], "VDI_IO_ERROR");
    let w = vhd_stream::Writer::new(1 << 20, vec![0], [1; 16]);
    let mut file = w.head();
    file.extend_from_slice(&w.bitmap());
    file.extend_from_slice(&[5u8; 4096]);
    let t = task(&s).await;
    let r = put(&srv.url, &s, &t, &format!("&vdi={vdi}&format=vhd"), file).await;
    assert_eq!(r.status(), 200);
    let rec = task_record(&s, &t).await;
    assert!(
        rec["error_info"][1].as_str().unwrap().contains("vhd-tool"),
        "{rec}"
    );
    assert_eq!(
        srv.state.read(|db| db.count("VDI")),
        vdis,
        "nothing was made"
    );
}

#[tokio::test]
async fn export_refusals() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let sr = sr_named(&s, "Shared NFS storage").await;
    let vdi = new_vdi(&s, &sr, 1 << 20).await;
    let t = task(&s).await;
    let r = get(&srv.url, &s, &t, &format!("&vdi={vdi}&format=vmdk")).await;
    assert_eq!(r.status(), 404);
    assert_eq!(
        task_record(&s, &t).await["error_info"][1],
        "Unknown format vmdk"
    );
    let t = task(&s).await;
    let r = get(&srv.url, &s, &t, "").await;
    assert_eq!(r.status(), 500);
    assert_eq!(
        task_record(&s, &t).await["error_info"][1],
        "Missing vdi query parameter"
    );
}
