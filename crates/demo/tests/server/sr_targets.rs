//! New repositories on the simulated iSCSI portals and SMB servers, answered as the SM
//! drivers answer (sm `BaseISCSI`, `LVHDoISCSISR`, `SMBSR`): each probe stage's code with
//! its list in stderr, CHAP refused, an unreachable portal, a LUN carrying an SR; passwords
//! as xapi secrets (`secret.create`, `*_secret` keys, one copy per PBD).

use crate::lifecycle::err;
use crate::session::*;
use crate::tasks::{fast_server, ro_login};
use serde_json::{Value, json};
use xenapi::{Protocol, Session};

const VMS: &str = "iqn.2026-01.lan.example:vms";
/// LUN 0 of `VMS`: carries the volume group of an SR another pool left.
const LUN0: &str = "36001405a1b2c3d4e5f60718293a4b5c6";
const LUN0_SR: &str = "4c1e2a7b-9d3f-4e58-b6a0-1f2e3d4c5b6a";
/// LUN 1 of `VMS`: empty.
const LUN1: &str = "36001405f0e1d2c3b4a5968778695a4b3";

async fn coordinator(s: &Session) -> Value {
    let pools = s.call("pool.get_all", &[]).await.unwrap();
    let pool = pools[0].clone();
    s.call("pool.get_master", &[pool]).await.unwrap()
}

fn probe(h: &Value, kind: &str, dc: Value) -> Vec<Value> {
    vec![h.clone(), dc, json!(kind), json!({})]
}

fn create(h: &Value, kind: &str, dc: Value, name: &str) -> Vec<Value> {
    vec![
        h.clone(),
        dc,
        json!("0"),
        json!(name),
        json!(""),
        json!(kind),
        json!("user"),
        json!(true),
        json!({}),
    ]
}

async fn secret(s: &Session, value: &str) -> String {
    let r = s
        .call(
            "secret.create",
            &[json!({"value": value, "other_config": {}})],
        )
        .await
        .unwrap();
    s.call("secret.get_uuid", &[r])
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

/// Discovery, stage by stage, as `BaseISCSI.load` and `LVHDoISCSISR.load` raise: 95, 140,
/// 142, 141, 96 with the IQNs, 83, 107 with the LUNs, 107 alone, then the `<SRlist>`.
#[tokio::test]
async fn an_iscsi_probe_lists_iqns_then_luns_then_the_sr_on_a_lun() {
    let srv = fast_server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let h = coordinator(&s).await;
        let at = |dc: Value| probe(&h, "lvmoiscsi", dc);
        let (code, params) = err(&s, "SR.probe", &at(json!({}))).await;
        assert_eq!(code, "SR_BACKEND_FAILURE_95");
        assert_eq!(params[1], "The request is missing the target parameter");
        let (code, _) = err(&s, "SR.probe", &at(json!({"target": "nowhere.lan"}))).await;
        assert_eq!(code, "SR_BACKEND_FAILURE_140");
        let (code, _) = err(
            &s,
            "SR.probe",
            &at(json!({"target": "iscsi.example.lan", "port": "99999"})),
        )
        .await;
        assert_eq!(code, "SR_BACKEND_FAILURE_142");
        let (code, _) = err(
            &s,
            "SR.probe",
            &at(json!({"target": "iscsi-down.example.lan"})),
        )
        .await;
        assert_eq!(code, "SR_BACKEND_FAILURE_141");
        let (code, params) = err(&s, "SR.probe", &at(json!({"target": "iscsi.example.lan"}))).await;
        assert_eq!(code, "SR_BACKEND_FAILURE_96");
        assert!(params[2].contains("<iscsi-target-iqns>"), "{params:?}");
        assert!(params[2].contains(&format!("<TargetIQN>{VMS}</TargetIQN>")));
        // The driver adds a wildcard entry for the portal.
        assert!(params[2].contains("<TargetIQN>*</TargetIQN>"));
        let (code, params) = err(
            &s,
            "SR.probe",
            &at(json!({"target": "iscsi.example.lan", "targetIQN": "iqn.2000-01.x:none"})),
        )
        .await;
        assert_eq!(
            (code.as_str(), params[1].as_str()),
            (
                "SR_BACKEND_FAILURE_83",
                "ISCSI discovery failed [opterr=check target settings]"
            )
        );
        let (code, params) = err(
            &s,
            "SR.probe",
            &at(json!({"target": "iscsi.example.lan", "port": "3260", "targetIQN": VMS})),
        )
        .await;
        assert_eq!(code, "SR_BACKEND_FAILURE_107");
        assert!(params[2].contains("<iscsi-target>"), "{params:?}");
        assert!(params[2].contains(&format!("<SCSIid>{LUN1}</SCSIid>")));
        assert!(params[2].contains("<size>536870912000</size>"));
        assert!(params[2].contains("<vendor>LIO-ORG</vendor>"));
        let lun = |id: &str| json!({"target": "iscsi.example.lan", "targetIQN": VMS, "SCSIid": id});
        let (code, params) = err(&s, "SR.probe", &at(lun("3600bad"))).await;
        assert_eq!(
            (code.as_str(), params[2].as_str()),
            ("SR_BACKEND_FAILURE_107", "")
        );
        let list = s.call("SR.probe", &at(lun(LUN0))).await.unwrap();
        let list = list.as_str().unwrap();
        assert!(list.contains(&format!("<UUID>{LUN0_SR}</UUID>")), "{list}");
        assert!(list.contains("<Devlist>"));
        let list = s.call("SR.probe", &at(lun(LUN1))).await.unwrap();
        assert!(!list.as_str().unwrap().contains("<SR>"), "an empty LUN");
        // SMAPIv1: the structured probe is refused once the driver has answered.
        let (code, _) = err(&s, "SR.probe_ext", &at(lun(LUN1))).await;
        assert_eq!(code, "SR_OPERATION_NOT_SUPPORTED");
        // An unknown type is a driver the hosts lack.
        let (code, params) = err(&s, "SR.probe", &probe(&h, "gfs9", json!({}))).await;
        assert_eq!(
            (code.as_str(), params),
            ("SR_UNKNOWN_DRIVER", vec!["gfs9".into()])
        );
    }
}

/// The CHAP portal refuses discovery without the right user and secret (68), given plainly
/// or as a secret's UUID; a secret that does not exist fails in the driver.
#[tokio::test]
async fn a_chap_portal_refuses_wrong_credentials() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h = coordinator(&s).await;
    let chap = |extra: Value| {
        let mut dc = json!({"target": "iscsi-chap.example.lan"});
        for (k, v) in extra.as_object().unwrap() {
            dc[k] = v.clone();
        }
        probe(&h, "lvmoiscsi", dc)
    };
    let (code, params) = err(&s, "SR.probe", &chap(json!({}))).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_68");
    assert!(params[1].starts_with("ISCSI login failed"));
    let (code, _) = err(
        &s,
        "SR.probe",
        &chap(json!({"chapuser": "xenpilot", "chappassword": "wrong"})),
    )
    .await;
    assert_eq!(code, "SR_BACKEND_FAILURE_68");
    let (code, params) = err(
        &s,
        "SR.probe",
        &chap(json!({"chapuser": "xenpilot", "chappassword": "chap-secret-1"})),
    )
    .await;
    assert_eq!(code, "SR_BACKEND_FAILURE_96");
    assert!(params[2].contains("iqn.2026-01.lan.example:secure"));
    let uuid = secret(&s, "chap-secret-1").await;
    let (code, _) = err(
        &s,
        "SR.probe",
        &chap(json!({"chapuser": "xenpilot", "chappassword_secret": uuid})),
    )
    .await;
    assert_eq!(code, "SR_BACKEND_FAILURE_96", "the secret's value is used");
    let (code, _) = err(
        &s,
        "SR.probe",
        &chap(json!({"chapuser": "xenpilot", "chappassword_secret": "no-such-uuid"})),
    )
    .await;
    assert_eq!(code, "SR_BACKEND_FAILURE_202");
}

/// A new iSCSI SR with its CHAP secret: a PBD per host, plugged, each with its own copy of
/// the secret (as `Xapi_secret.duplicate_passwds`); its size is the LUN's. The LUN now
/// carries it (probe), and a second create on it is SR_DEVICE_IN_USE. An unknown secret is
/// UUID_INVALID before the driver runs.
#[tokio::test]
async fn an_iscsi_sr_is_created_with_a_secret_and_its_lun_is_then_in_use() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h = coordinator(&s).await;
    let uuid = secret(&s, "s3cret-chap").await;
    let dc = json!({"target": "iscsi.example.lan", "port": "3260", "targetIQN": VMS,
        "SCSIid": LUN1, "chapuser": "u", "chappassword_secret": uuid});
    let sr = s
        .call(
            "SR.create",
            &create(&h, "lvmoiscsi", dc.clone(), "LUN store"),
        )
        .await
        .unwrap();
    let size = s
        .call("SR.get_physical_size", std::slice::from_ref(&sr))
        .await
        .unwrap();
    let size = size.as_i64().or_else(|| size.as_str()?.parse().ok());
    assert_eq!(size, Some(500i64 << 30));
    let pbds = s
        .call("SR.get_PBDs", std::slice::from_ref(&sr))
        .await
        .unwrap();
    let pbds = pbds.as_array().unwrap();
    assert_eq!(pbds.len(), 2, "shared: one PBD per host");
    let mut copies = Vec::new();
    for p in pbds {
        let rec = s
            .call("PBD.get_record", std::slice::from_ref(p))
            .await
            .unwrap();
        assert_eq!(rec["currently_attached"], true);
        let copy = rec["device_config"]["chappassword_secret"]
            .as_str()
            .unwrap()
            .to_string();
        assert_ne!(copy, uuid, "each PBD has its own copy of the secret");
        let r = s.call("secret.get_by_uuid", &[json!(copy)]).await.unwrap();
        assert_eq!(
            s.call("secret.get_value", &[r]).await.unwrap(),
            "s3cret-chap"
        );
        copies.push(copy);
    }
    assert_ne!(copies[0], copies[1]);
    let sr_uuid = s
        .call("SR.get_uuid", std::slice::from_ref(&sr))
        .await
        .unwrap();
    let list = s
        .call(
            "SR.probe",
            &probe(
                &h,
                "lvmoiscsi",
                json!({"target": "iscsi.example.lan", "targetIQN": VMS, "SCSIid": LUN1}),
            ),
        )
        .await
        .unwrap();
    assert!(list.as_str().unwrap().contains(sr_uuid.as_str().unwrap()));
    let (code, params) = err(&s, "SR.create", &create(&h, "lvmoiscsi", dc, "again")).await;
    assert_eq!((code.as_str(), params.len()), ("SR_DEVICE_IN_USE", 0));
    // Formatting the LUN another pool left is the user's choice: the driver allows it.
    let lun0 = json!({"target": "iscsi.example.lan", "targetIQN": VMS, "SCSIid": LUN0});
    s.call("SR.create", &create(&h, "lvmoiscsi", lun0, "formatted"))
        .await
        .unwrap();
    let bad = json!({"target": "iscsi.example.lan", "targetIQN": VMS, "SCSIid": LUN0,
        "chapuser": "u", "chappassword_secret": "0000"});
    let (code, params) = err(&s, "SR.create", &create(&h, "lvmoiscsi", bad, "x")).await;
    assert_eq!(
        (code.as_str(), params),
        ("UUID_INVALID", vec!["secret".to_string(), "0000".into()])
    );
}

/// Reattaching the SR on LUN 0: introduce, a PBD per host with the config the probe used,
/// plug; a PBD naming a missing secret is UUID_INVALID.
#[tokio::test]
async fn the_sr_on_a_lun_is_reattached_host_by_host() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::XmlRpc).await;
    let sr = s
        .call(
            "SR.introduce",
            &[
                json!(LUN0_SR),
                json!("Old LUN"),
                json!(""),
                json!("lvmoiscsi"),
                json!("user"),
                json!(true),
                json!({}),
            ],
        )
        .await
        .unwrap();
    let hosts = s.call("host.get_all", &[]).await.unwrap();
    let dc = json!({"target": "iscsi.example.lan", "targetIQN": VMS, "SCSIid": LUN0});
    let bad = json!({"target": "iscsi.example.lan", "chappassword_secret": "nope"});
    let (code, _) = err(
        &s,
        "PBD.create",
        &[json!({"host": hosts[0], "SR": sr, "device_config": bad, "other_config": {}})],
    )
    .await;
    assert_eq!(code, "UUID_INVALID");
    for h in hosts.as_array().unwrap() {
        let pbd = s
            .call(
                "PBD.create",
                &[json!({"host": h, "SR": sr, "device_config": dc, "other_config": {}})],
            )
            .await
            .unwrap();
        s.call("PBD.plug", std::slice::from_ref(&pbd))
            .await
            .unwrap();
        assert_eq!(
            s.call("PBD.get_currently_attached", &[pbd]).await.unwrap(),
            true
        );
    }
}

/// SMB as `SMBSR` answers: no server → 102; an unreachable server, a missing share and
/// refused credentials → 111 (mount.cifs exits 32 for each); the right account → the SRs in
/// the share; a create with the password as a secret.
#[tokio::test]
async fn an_smb_share_is_probed_and_created_with_a_secret() {
    let srv = fast_server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let h = coordinator(&s).await;
    let at = |dc: Value| probe(&h, "smb", dc);
    let (code, _) = err(&s, "SR.probe", &at(json!({}))).await;
    assert_eq!(code, "SR_BACKEND_FAILURE_102");
    let refused = "SMB mount error [opterr=mount failed with return code 32]";
    for dc in [
        json!({"server": "\\\\smb-down.example.lan\\vms", "username": "storage", "password": "smb-pass"}),
        json!({"server": "\\\\smb.example.lan\\nope", "username": "storage", "password": "smb-pass"}),
        json!({"server": "\\\\smb.example.lan\\vms", "username": "storage", "password": "wrong"}),
        json!({"server": "\\\\smb.example.lan\\vms"}),
    ] {
        let (code, params) = err(&s, "SR.probe", &at(dc.clone())).await;
        assert_eq!(
            (code.as_str(), params[1].as_str()),
            ("SR_BACKEND_FAILURE_111", refused),
            "{dc}"
        );
    }
    let archive = json!({"server": "\\\\smb.example.lan\\archive", "username": "storage", "password": "smb-pass"});
    let list = s.call("SR.probe", &at(archive)).await.unwrap();
    assert!(list.as_str().unwrap().contains("<UUID>9a8b7c6d-"), "{list}");
    let uuid = secret(&s, "smb-pass").await;
    let dc = json!({"server": "\\\\smb.example.lan\\vms", "username": "storage", "password_secret": uuid});
    let sr = s
        .call("SR.create", &create(&h, "smb", dc, "SMB store"))
        .await
        .unwrap();
    let pbds = s.call("SR.get_PBDs", &[sr]).await.unwrap();
    assert_eq!(pbds.as_array().unwrap().len(), 2);
}

/// Secrets and new repositories are the pool administrator's (xapi: pool operator, which
/// the demo does not have).
#[tokio::test]
async fn a_read_only_session_may_neither_probe_nor_keep_secrets() {
    let srv = fast_server().await;
    let ro = ro_login(&srv.url, Protocol::JsonRpc).await;
    let (code, _) = err(
        &ro,
        "secret.create",
        &[json!({"value": "x", "other_config": {}})],
    )
    .await;
    assert_eq!(code, "RBAC_PERMISSION_DENIED");
    let admin = login(&srv.url, Protocol::JsonRpc).await;
    let h = coordinator(&admin).await;
    let (code, _) = err(
        &ro,
        "SR.probe",
        &probe(&h, "lvmoiscsi", json!({"target": "iscsi.example.lan"})),
    )
    .await;
    assert_eq!(code, "RBAC_PERMISSION_DENIED");
}
