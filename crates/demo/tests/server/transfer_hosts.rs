//! Transfers on a host that cannot reach the storage: a `302` to the member that can, as
//! xapi answers (`Importexport.return_302_redirect`): the path and query kept, the session
//! and task with them, `Connection: close`, no body read; the member then serves it.

use crate::common::*;
use crate::session::*;
use serde_json::{Value, json};
use xenapi::{Protocol, Session};

async fn task(s: &Session) -> String {
    s.call("task.create", &[json!("transfer"), json!("")])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

async fn named(s: &Session, class: &str, name: &str) -> (String, Value) {
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
    (r.clone(), rec.clone())
}

/// A client that shows redirects instead of following them.
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()[reqwest::header::LOCATION]
        .to_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn each_transfer_goes_to_the_host_that_has_its_storage() {
    let srv = server().await;
    let port = srv.addr.port();
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (nvme, _) = named(&s, "SR", "Fast NVMe (host 2)").await;
    let (_, host2) = named(&s, "host", "xcp-host-02").await;
    let h2 = format!("http://{}:{port}", host2["address"].as_str().unwrap());
    assert_ne!(h2, srv.url, "the demo gives host 2 its own address");
    let (_, vm) = named(&s, "VM", "db-replica").await;
    let sref = s.session_ref();
    // An export to import (db-replica's disks are on shared storage: served here).
    let t = task(&s).await;
    let r = client()
        .get(format!(
            "{}/export?session_id={sref}&task_id={t}&uuid={}",
            srv.url,
            vm["uuid"].as_str().unwrap()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let xva = r.bytes().await.unwrap().to_vec();

    // Import to host 2's local SR, asked of the coordinator: 302 to host 2, nothing read.
    let vms = srv.state.read(|db| db.count("VM"));
    let t = task(&s).await;
    let query = format!("session_id={sref}&task_id={t}&sr_id={nvme}");
    let r = client()
        .put(format!("{}/import?{query}", srv.url))
        .header("Content-Length", xva.len())
        .body(xva.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(location(&r), format!("{h2}/import?{query}"));
    assert_eq!(r.headers()["connection"], "close");
    assert_eq!(r.headers()["cache-control"], "no-cache, no-store");
    let rec = s.call("task.get_record", &[json!(t)]).await.unwrap();
    assert_eq!(
        rec["status"], "pending",
        "the task is the member's to finish"
    );
    assert_eq!(srv.state.read(|db| db.count("VM")), vms);
    // The member takes it.
    let r = client()
        .put(location(&r))
        .header("Content-Length", xva.len())
        .body(xva)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let _ = r.bytes().await;
    let rec = s.call("task.get_record", &[json!(t)]).await.unwrap();
    assert_eq!(rec["status"], "success", "{rec}");
    // The task's result is the set of new VMs (as XML-RPC text): the one it names.
    let result = rec["result"].as_str().unwrap().to_string();
    let at = result.find("OpaqueRef:").unwrap();
    let new_vm: String = result[at..].chars().take_while(|c| *c != '<').collect();
    let uuid: String = s.call_as("VM.get_uuid", &[json!(new_vm)]).await.unwrap();

    // Its export, asked of the coordinator: 302 to host 2, which serves it.
    let t = task(&s).await;
    let query = format!("session_id={sref}&task_id={t}&uuid={uuid}");
    let r = client()
        .get(format!("{}/export?{query}", srv.url))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(location(&r), format!("{h2}/export?{query}"));
    let r = client().get(location(&r)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let _ = r.bytes().await.unwrap();

    // One disk, both ways.
    let vdi: String = srv.state.read(|db| {
        db.table("VDI")
            .unwrap()
            .rows
            .iter()
            .find(|(_, row)| row.fields.get("SR").and_then(Value::as_str) == Some(nvme.as_str()))
            .map(|(r, _)| r.clone())
            .unwrap()
    });
    for (method, path) in [
        (reqwest::Method::GET, "/export_raw_vdi"),
        (reqwest::Method::PUT, "/import_raw_vdi"),
    ] {
        let t = task(&s).await;
        let query = format!("session_id={sref}&task_id={t}&vdi={vdi}&format=raw");
        let r = client()
            .request(method.clone(), format!("{}{path}?{query}", srv.url))
            .header("Content-Length", 0)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 302, "{path}");
        assert_eq!(location(&r), format!("{h2}{path}?{query}"));
    }

    // And the other way: host 2 sends an import to the coordinator's local SR back.
    let (local, _) = named(&s, "SR", "Local storage").await;
    let t = task(&s).await;
    let query = format!("session_id={sref}&task_id={t}&sr_id={local}");
    let r = client()
        .put(format!("{h2}/import?{query}"))
        .header("Content-Length", 0)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(location(&r), format!("{}/import?{query}", srv.url));
}

#[tokio::test]
async fn storage_no_live_host_can_reach_is_no_hosts_available() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (nvme, rec) = named(&s, "SR", "Fast NVMe (host 2)").await;
    // Host 2's PBD for its local SR unplugged: no host sees it.
    let pbd = rec["PBDs"][0].as_str().unwrap().to_string();
    srv.state
        .write(|db| db.set_field("PBD", &pbd, "currently_attached", json!(false)));
    let t = task(&s).await;
    let r = client()
        .put(format!(
            "{}/import?session_id={}&task_id={t}&sr_id={nvme}",
            srv.url,
            s.session_ref()
        ))
        .header("Content-Length", 0)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500);
    let rec = s.call("task.get_record", &[json!(t)]).await.unwrap();
    assert_eq!(rec["error_info"][0], "NO_HOSTS_AVAILABLE");
}
