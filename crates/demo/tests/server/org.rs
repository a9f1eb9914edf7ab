//! Organising over the wire: tags, XenCenter's folder and custom-field keys, and the pool's
//! `gui_config`, with the roles xapi gives them (a VM operator may write those, not other
//! `other_config` keys), each edit leaving every other key and tag as it was.

use crate::common::*;
use crate::lifecycle::err;
use crate::session::*;
use crate::tasks::{ro_login, vm_ref};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use xenapi::error::codes;
use xenapi::{Credentials, Pool, Protocol, Ref, Session, Vm};

const OPERATOR: (&str, &str) = ("operator", "op-pass");

async fn operator_server() -> demo::DemoServer {
    let mut c = config();
    c.vm_operator_user = Some((OPERATOR.0.into(), OPERATOR.1.into()));
    server_with(c).await
}

async fn operator(url: &str, p: Protocol) -> Session {
    Session::login(url, Credentials::new(OPERATOR.0, OPERATOR.1), opts(p))
        .await
        .unwrap()
}

async fn vm_rec(s: &Session, r: &Ref<Vm>) -> Vm {
    s.get_record(r).await.unwrap()
}

async fn pool(s: &Session) -> (Ref<Pool>, Pool) {
    let pools: std::collections::HashMap<Ref<Pool>, Pool> = s.get_all_records().await.unwrap();
    pools.into_iter().next().unwrap()
}

#[tokio::test]
async fn a_vm_operator_tags_and_files_vms_and_other_clients_keys_stay() {
    let srv = operator_server().await;
    let admin = login(&srv.url, Protocol::JsonRpc).await;
    let r = vm_ref(&admin, "web-01").await;
    let vm = json!(r.as_str());
    // Another client's tag and key, there first.
    admin
        .call("VM.add_tags", &[vm.clone(), json!("theirs")])
        .await
        .unwrap();
    admin
        .call(
            "VM.add_to_other_config",
            &[vm.clone(), json!("their-key"), json!("v")],
        )
        .await
        .unwrap();
    for p in BOTH {
        let op = operator(&srv.url, p).await;
        op.call("VM.add_tags", &[vm.clone(), json!("prod")])
            .await
            .unwrap();
        // Adding a tag twice is no error and no duplicate (a set).
        op.call("VM.add_tags", &[vm.clone(), json!("prod")])
            .await
            .unwrap();
        // XenCenter's Helpers.SetOtherConfig: remove the key, then add it.
        for (k, v) in [
            ("folder", "/Prod/Web"),
            ("XenCenter.CustomFields.Owner", "ops"),
        ] {
            op.call("VM.remove_from_other_config", &[vm.clone(), json!(k)])
                .await
                .unwrap();
            op.call("VM.add_to_other_config", &[vm.clone(), json!(k), json!(v)])
                .await
                .unwrap();
        }
        // Any other key is a pool operator's in xapi.
        let (code, params) = err(
            &op,
            "VM.add_to_other_config",
            &[vm.clone(), json!("their-key2"), json!("v")],
        )
        .await;
        assert_eq!(code, codes::RBAC_PERMISSION_DENIED, "{p:?}");
        assert!(params[1].contains("pool-admin"), "{params:?}");
        let (code, _) = err(
            &op,
            "VM.remove_from_other_config",
            &[vm.clone(), json!("their-key")],
        )
        .await;
        assert_eq!(code, codes::RBAC_PERMISSION_DENIED, "{p:?}");
    }
    let got = vm_rec(&admin, &r).await;
    let mut tags = got.tags.clone();
    tags.sort();
    assert_eq!(tags, ["prod", "theirs"]);
    assert_eq!(
        got.other_config.get("folder").map(String::as_str),
        Some("/Prod/Web")
    );
    assert_eq!(
        got.other_config
            .get("XenCenter.CustomFields.Owner")
            .map(String::as_str),
        Some("ops")
    );
    assert_eq!(
        got.other_config.get("their-key").map(String::as_str),
        Some("v")
    );
    // Removing one tag leaves the other client's.
    let op = operator(&srv.url, Protocol::JsonRpc).await;
    op.call("VM.remove_tags", &[vm.clone(), json!("prod")])
        .await
        .unwrap();
    assert_eq!(vm_rec(&admin, &r).await.tags, ["theirs"]);
}

#[tokio::test]
async fn custom_field_definitions_go_in_the_pools_gui_config_key_alone() {
    let srv = operator_server().await;
    let admin = login(&srv.url, Protocol::XmlRpc).await;
    let (pr, _) = pool(&admin).await;
    let p = json!(pr.as_str());
    admin
        .call(
            "pool.add_to_gui_config",
            &[p.clone(), json!("other.tool"), json!("keep")],
        )
        .await
        .unwrap();
    let xml = "<CustomFieldDefinitions><CustomFieldDefinition name=\"Owner\" type=\"String\" \
               defaultValue=\"\" /></CustomFieldDefinitions>";
    let op = operator(&srv.url, Protocol::JsonRpc).await;
    op.call(
        "pool.remove_from_gui_config",
        &[p.clone(), json!("XenCenter.CustomFields")],
    )
    .await
    .unwrap();
    op.call(
        "pool.add_to_gui_config",
        &[p.clone(), json!("XenCenter.CustomFields"), json!(xml)],
    )
    .await
    .unwrap();
    let (_, rec) = pool(&admin).await;
    let want: BTreeMap<String, String> = BTreeMap::from([
        ("XenCenter.CustomFields".to_string(), xml.to_string()),
        ("other.tool".to_string(), "keep".to_string()),
    ]);
    let got: BTreeMap<String, String> = rec
        .gui_config
        .into_iter()
        .filter(|(k, _)| want.contains_key(k))
        .collect();
    assert_eq!(got, want);
    // The pool's EMPTY_FOLDERS is a VM operator's too (xapi's pool other_config
    // map_keys_roles), but only the pool's, and keys match with case.
    op.call(
        "pool.add_to_other_config",
        &[p.clone(), json!("EMPTY_FOLDERS"), json!("/A")],
    )
    .await
    .unwrap();
    let vm = json!(vm_ref(&admin, "web-01").await.as_str());
    for (class, obj, key) in [
        ("VM", &vm, "EMPTY_FOLDERS"),
        ("VM", &vm, "Folder"),
        ("pool", &p, "xencenter.customfields.Owner"),
    ] {
        let (code, _) = err(
            &op,
            &format!("{class}.add_to_other_config"),
            &[obj.clone(), json!(key), json!("/A")],
        )
        .await;
        assert_eq!(code, codes::RBAC_PERMISSION_DENIED, "{class} {key}");
    }
    // A duplicate key is refused, as xapi's add_to_ does.
    let (code, _) = err(
        &op,
        "pool.add_to_gui_config",
        &[p.clone(), json!("XenCenter.CustomFields"), json!("x")],
    )
    .await;
    assert_eq!(code, codes::MAP_DUPLICATE_KEY);
}

#[tokio::test]
async fn read_only_users_write_no_tag_folder_or_field() {
    let srv = operator_server().await;
    let admin = login(&srv.url, Protocol::JsonRpc).await;
    let vm = json!(vm_ref(&admin, "web-01").await.as_str());
    let (pr, _) = pool(&admin).await;
    for p in BOTH {
        let ro = ro_login(&srv.url, p).await;
        let calls: Vec<(&str, Vec<Value>)> = vec![
            ("VM.add_tags", vec![vm.clone(), json!("x")]),
            ("VM.remove_tags", vec![vm.clone(), json!("x")]),
            (
                "VM.add_to_other_config",
                vec![vm.clone(), json!("folder"), json!("/A")],
            ),
            (
                "VM.remove_from_other_config",
                vec![vm.clone(), json!("folder")],
            ),
            (
                "pool.add_to_gui_config",
                vec![json!(pr.as_str()), json!("k"), json!("v")],
            ),
        ];
        for (m, args) in calls {
            let (code, _) = err(&ro, m, &args).await;
            assert_eq!(code, codes::RBAC_PERMISSION_DENIED, "{m} over {p:?}");
        }
    }
}
