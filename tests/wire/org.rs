//! Organising against the demo server through the app's own plans (`model::org_plans`):
//! the keys reach the server exactly as XenCenter writes them (`other_config:folder`, the
//! pool's `EMPTY_FOLDERS`, `gui_config:XenCenter.CustomFields`,
//! `other_config:XenCenter.CustomFields.<name>`), other clients' keys and tags stay, and the
//! app reads back what it wrote.

use crate::common::*;
use crate::session::*;
use serde_json::json;
use xenpilot::model::custom_fields::{self, Definition, FieldType};
use xenpilot::model::folders::{self, Target};
use xenpilot::model::org_plans;
use xenpilot::model::tree::Node;
use xenpilot::services::edits;
use xenpilot::xenapi::{Cache, Credentials, Protocol, Ref, Session, Vm};

async fn cache(s: &Session) -> Cache {
    Cache::fetch_all(s).await.unwrap()
}

fn named(c: &Cache, name: &str) -> Ref<Vm> {
    c.vms
        .iter()
        .find(|(_, v)| v.name_label == name)
        .map(|(r, _)| r.clone())
        .unwrap_or_else(|| panic!("no VM {name}"))
}

async fn run(s: &Session, jobs: &[org_plans::Job]) {
    for j in jobs {
        edits::run_plan(s, &j.plan, |_, _| {}).await.unwrap();
    }
}

#[tokio::test]
async fn a_vm_operator_tags_files_and_fills_in_fields_keeping_other_clients_keys() {
    let srv = server().await;
    let admin = login(&srv.url, Protocol::JsonRpc).await;
    let op = Session::login(
        &srv.url,
        Credentials::new(VM_OP_USER.0, VM_OP_USER.1),
        opts(Protocol::XmlRpc),
    )
    .await
    .unwrap();
    let c = cache(&admin).await;
    let web = named(&c, "web-01");
    admin
        .call("VM.add_tags", &[(&web).into(), json!("theirs")])
        .await
        .unwrap();
    admin
        .call(
            "VM.add_to_other_config",
            &[(&web).into(), json!("their-key"), json!("v")],
        )
        .await
        .unwrap();
    let c = cache(&admin).await;
    let three: Vec<Node> = ["web-01", "web-02", "db-primary"]
        .iter()
        .map(|n| Node::Vm(named(&c, n)))
        .collect();
    run(
        &op,
        &org_plans::tag_jobs(&[(1, &c)], &three, &["prod".into()], &[]),
    )
    .await;
    let moves = org_plans::move_jobs(&[(1, &c)], &three, Some("/Prod/Web"));
    // A VM operator moves objects; the pool's empty list is left alone when nothing in it
    // changes (here: no folder emptied, none listed).
    assert!(
        moves.iter().all(|j| matches!(j.owner, Node::Vm(_))),
        "{moves:?}"
    );
    run(&op, &moves).await;
    // The pool admin defines a field; the operator fills it in.
    let (pr, p) = c.pool().unwrap();
    let pool_t = Target {
        class: "pool",
        r: pr.as_str().into(),
        uuid: p.uuid.clone(),
    };
    let owner = Definition {
        name: "Owner".into(),
        ty: FieldType::String,
    };
    let expires = Definition {
        name: "Expires".into(),
        ty: FieldType::Date,
    };
    let defs = custom_fields::definitions_plan(&pool_t, &[owner.clone(), expires.clone()]);
    edits::run_plan(&op, &defs, |_, _| {}).await.unwrap();
    let vm_t = Target {
        class: "VM",
        r: web.as_str().into(),
        uuid: c.vms[&web].uuid.clone(),
    };
    for (d, v) in [(&owner, "ops"), (&expires, "2027-01-31")] {
        let plan = custom_fields::set_value_plan(&vm_t, d, v).unwrap();
        edits::run_plan(&op, &plan, |_, _| {}).await.unwrap();
    }

    let after = cache(&admin).await;
    for n in &three {
        let Node::Vm(r) = n else { unreachable!() };
        let vm = &after.vms[r];
        assert!(vm.tags.contains(&"prod".to_string()), "{}", vm.name_label);
        assert_eq!(vm.other_config["folder"], "/Prod/Web");
    }
    let w = &after.vms[&web];
    assert!(w.tags.contains(&"theirs".to_string()));
    assert_eq!(w.other_config["their-key"], "v");
    assert_eq!(w.other_config["XenCenter.CustomFields.Owner"], "ops");
    assert_eq!(
        w.other_config["XenCenter.CustomFields.Expires"], "2027-01-31 00:00:00Z",
        "XenCenter's UTC \"u\" format"
    );
    let (_, pool) = after.pool().unwrap();
    assert_eq!(
        pool.gui_config["XenCenter.CustomFields"],
        "<CustomFieldDefinitions><CustomFieldDefinition name=\"Owner\" type=\"String\" \
         defaultValue=\"\" /><CustomFieldDefinition name=\"Expires\" type=\"Date\" \
         defaultValue=\"\" /></CustomFieldDefinitions>"
    );
    assert_eq!(
        custom_fields::definitions(&pool.gui_config),
        [owner, expires]
    );
    assert_eq!(
        folders::folder_of(&w.other_config).as_deref(),
        Some("/Prod/Web")
    );
}

#[tokio::test]
async fn folders_are_made_renamed_and_deleted_in_the_pools_keys_and_nothing_is_destroyed() {
    let srv = server().await;
    let admin = login(&srv.url, Protocol::JsonRpc).await;
    // The pool's EMPTY_FOLDERS is a VM operator's in xapi, as the objects' folders are.
    let s = Session::login(
        &srv.url,
        Credentials::new(VM_OP_USER.0, VM_OP_USER.1),
        opts(Protocol::JsonRpc),
    )
    .await
    .unwrap();
    admin
        .call(
            "pool.add_to_other_config",
            &[
                json!(cache(&s).await.pool().unwrap().0.as_str()),
                json!("their-pool-key"),
                json!("kept"),
            ],
        )
        .await
        .unwrap();
    let c = cache(&s).await;
    run(
        &s,
        &org_plans::new_folder_jobs((1, &c), &["/Archive".to_string()]),
    )
    .await;
    let c = cache(&s).await;
    assert_eq!(
        c.pool().unwrap().1.other_config["EMPTY_FOLDERS"],
        "/Archive"
    );
    let vm = Node::Vm(named(&c, "web-01"));
    run(
        &s,
        &org_plans::move_jobs(&[(1, &c)], std::slice::from_ref(&vm), Some("/Archive/Old")),
    )
    .await;
    let c = cache(&s).await;
    assert_eq!(
        c.pool().unwrap().1.other_config["EMPTY_FOLDERS"],
        "",
        "/Archive holds something now"
    );
    run(
        &s,
        &org_plans::rebase_folder_jobs(&[(1, &c)], "/Archive", "/Attic"),
    )
    .await;
    let c = cache(&s).await;
    let Node::Vm(r) = &vm else { unreachable!() };
    assert_eq!(c.vms[r].other_config["folder"], "/Attic/Old");
    let vms_before = c.vms.len();
    run(&s, &org_plans::delete_folder_jobs(&[(1, &c)], "/Attic")).await;
    let c = cache(&s).await;
    assert_eq!(
        c.vms[r].other_config["folder"], "/Old",
        "up one level, with its subfolder"
    );
    assert_eq!(c.vms.len(), vms_before, "nothing deleted");
    assert_eq!(c.pool().unwrap().1.other_config["their-pool-key"], "kept");
}
