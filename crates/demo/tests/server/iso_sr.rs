//! ISO libraries on the demo's simulated shares, checked as sm's ISOSR does: the codes it
//! raises for a missing or malformed location, a name that does not resolve, a server
//! without NFS, a share or account the server refuses, an SMB version, an `iso_path`
//! that is not there; a new library's disks are the share's images.

use crate::hosts::err;
use crate::session::*;
use crate::tasks::fast_server;
use demo::lifecycle::iso_shares::IsoShare;
use serde_json::{Value, json};
use xenapi::{Protocol, Ref, Session, Sr, Vdi};

async fn coordinator(s: &Session) -> String {
    let pools: std::collections::HashMap<Ref<xenapi::Pool>, xenapi::Pool> =
        s.get_all_records().await.unwrap();
    pools.values().next().unwrap().master.as_str().to_string()
}

fn args(host: &str, config: Value) -> Vec<Value> {
    vec![
        json!(host),
        config,
        json!("0"),
        json!("ISOs"),
        json!(""),
        json!("iso"),
        json!("iso"),
        json!(true),
        json!({}),
    ]
}

async fn images(s: &Session, sr: &str) -> Vec<String> {
    let all: std::collections::HashMap<Ref<Vdi>, Vdi> = s.get_all_records().await.unwrap();
    let mut v: Vec<String> = all
        .into_values()
        .filter(|d| d.sr.as_str() == sr)
        .map(|d| d.name_label)
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn an_iso_library_is_checked_as_isosr_does() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h = coordinator(&s).await;
    // ISOSR has no probe.
    let (code, _) = err(
        &s,
        "SR.probe",
        &[
            json!(h),
            json!({"location": "nfs.example.lan:/export/iso"}),
            json!("iso"),
            json!({}),
        ],
    )
    .await;
    assert_eq!(code, "SR_BACKEND_FAILURE_38");
    let cases = [
        (json!({"type": "nfs_iso"}), "94"),
        (
            json!({"location": "nfs.example.lan/export/iso", "type": "nfs_iso"}),
            "225",
        ),
        (
            json!({"location": "smb.example.lan/isos", "type": "cifs"}),
            "225",
        ),
        (
            json!({"location": "nowhere.lan:/iso", "type": "nfs_iso"}),
            "140",
        ),
        (
            json!({"location": "nfs-down.example.lan:/iso", "type": "nfs_iso"}),
            "108",
        ),
        (
            json!({"location": "nfs.example.lan:/export/none", "type": "nfs_iso"}),
            "222",
        ),
        (
            json!({"location": "//smb.example.lan/isos", "type": "cifs", "username": "storage",
            "cifspassword": "wrong"}),
            "222",
        ),
        (
            json!({"location": "//smb.example.lan/isos", "type": "cifs", "username": "storage",
            "cifspassword": "smb-pass", "vers": "2.0"}),
            "227",
        ),
        (
            json!({"location": "//smb.example.lan/isos", "type": "cifs", "username": "storage",
            "cifspassword": "smb-pass", "iso_path": "/linux"}),
            "224",
        ),
    ];
    for (config, code) in cases {
        let (got, params) = err(&s, "SR.create", &args(&h, config.clone())).await;
        assert_eq!(got, format!("SR_BACKEND_FAILURE_{code}"), "{config}");
        assert_eq!(params.len(), 3, "[\"\", reason, stderr]");
    }
    // NFS: the images in the export's top folder, not the text file nor a subfolder's.
    let sr = s
        .call(
            "SR.create",
            &args(
                &h,
                json!({"location": "nfs.example.lan:/export/iso", "type": "nfs_iso"}),
            ),
        )
        .await
        .unwrap();
    let sr = sr.as_str().unwrap().to_string();
    assert_eq!(
        images(&s, &sr).await,
        [
            "debian-12.8.0-amd64-netinst.iso",
            "ubuntu-24.04.1-live-server-amd64.iso"
        ]
    );
    let rec: Sr = s.get_record(&Ref::new(&sr)).await.unwrap();
    assert_eq!(rec.content_type, "iso");
    assert_eq!(
        rec.sm_config.get("iso_type").map(String::as_str),
        Some("nfs_iso")
    );
    // SMB, the password as a secret, a folder of the share.
    let secret = s
        .call(
            "secret.create",
            &[json!({"value": "smb-pass", "other_config": {}})],
        )
        .await
        .unwrap();
    let uuid = s.call("secret.get_uuid", &[secret]).await.unwrap();
    let sr = s
        .call(
            "SR.create",
            &args(
                &h,
                json!({"location": "//smb.example.lan/isos", "type": "cifs",
                    "username": "storage", "cifspassword_secret": uuid, "iso_path": "/windows"}),
            ),
        )
        .await
        .unwrap();
    let sr = sr.as_str().unwrap().to_string();
    assert_eq!(
        images(&s, &sr).await,
        [
            "Win2022_SERVER_EVAL_x64FRE_en-us.iso",
            "virtio-win-0.1.266.iso"
        ]
    );
}

/// A test decides what the shares hold.
#[tokio::test]
async fn the_shares_are_what_a_test_sets() {
    let srv = fast_server().await;
    srv.state.iso_shares.set(vec![IsoShare {
        location: "nfs.example.lan:/srv/media".into(),
        account: None,
        files: vec![("FreeBSD-14.2-RELEASE-amd64-disc1.iso".into(), 1 << 30)],
    }]);
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let h = coordinator(&s).await;
    let (code, _) = err(
        &s,
        "SR.create",
        &args(
            &h,
            json!({"location": "nfs.example.lan:/export/iso", "type": "nfs_iso"}),
        ),
    )
    .await;
    assert_eq!(code, "SR_BACKEND_FAILURE_222", "that share is gone");
    let sr = s
        .call(
            "SR.create",
            &args(
                &h,
                json!({"location": "nfs.example.lan:/srv/media", "type": "nfs_iso"}),
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        images(&s, sr.as_str().unwrap()).await,
        ["FreeBSD-14.2-RELEASE-amd64-disc1.iso"]
    );
}
