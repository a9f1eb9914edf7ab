//! Forms' plans applied to the demo server: read back, concurrent edits of other keys
//! survive, conflicts are refused, the guest sees only vm-data/, errors come back typed.

use crate::common::*;
use crate::session::*;
use std::collections::HashMap;
use xenpilot::model::nic::{self, NicForm, NicKind, Setting, Switch};
use xenpilot::model::xenstore::{Row, XenstoreForm};
use xenpilot::services::edits::{self, EditError};
use xenpilot::ui::actions::{Action, Run};
use xenpilot::xenapi::error::codes;
use xenpilot::xenapi::records::PowerState;
use xenpilot::xenapi::{Credentials, Pif, Protocol, Ref, Session, Vif, Vm};

async fn vm(s: &Session, name: &str) -> (Ref<Vm>, Vm) {
    let vms: HashMap<Ref<Vm>, Vm> = s.get_all_records().await.unwrap();
    vms.into_iter()
        .find(|(_, v)| v.name_label == name)
        .unwrap_or_else(|| panic!("no VM {name}"))
}

async fn first_vif(s: &Session, vm_name: &str) -> (Ref<Vif>, Vif) {
    let (_, v) = vm(s, vm_name).await;
    let r = v.vifs[0].clone();
    let rec = s.get_record(&r).await.unwrap();
    (r, rec)
}

fn vif_form(r: &Ref<Vif>, v: &Vif) -> NicForm {
    NicForm::new(NicKind::Vif, r.as_str(), &v.uuid, &v.other_config, 1500)
}

#[tokio::test]
async fn nic_form_edits_read_back_over_both_protocols() {
    let srv = server().await;
    for p in BOTH {
        let s = login(&srv.url, p).await;
        let (r, v) = first_vif(&s, "web-01").await;
        let mut f = vif_form(&r, &v);
        *f.switch_mut(Setting::Offload("tx")).unwrap() = Switch::On;
        *f.text_mut(Setting::Mtu).unwrap() = "9000".into();
        edits::apply(&s, &f.plan().unwrap()).await.unwrap();
        let after = s.get_record(&r).await.unwrap();
        assert_eq!(after.other_config["ethtool-tx"], "on", "{p:?}");
        assert_eq!(after.other_config["mtu"], "9000");
        // And back to Default: the keys go.
        let mut f = vif_form(&r, &after);
        *f.switch_mut(Setting::Offload("tx")).unwrap() = Switch::Default;
        f.text_mut(Setting::Mtu).unwrap().clear();
        edits::apply(&s, &f.plan().unwrap()).await.unwrap();
        let after = s.get_record(&r).await.unwrap();
        assert!(!after.other_config.contains_key("ethtool-tx"));
        assert!(!after.other_config.contains_key("mtu"));
    }
}

#[tokio::test]
async fn another_admins_edit_of_a_different_key_survives() {
    let srv = server().await;
    let me = login(&srv.url, Protocol::JsonRpc).await;
    let other = login(&srv.url, Protocol::XmlRpc).await;
    let (r, v) = first_vif(&me, "web-02").await;
    let mut f = vif_form(&r, &v); // form opened
    other
        .add_to_map(&r, "other_config", "owner", "team-b")
        .await
        .unwrap();
    *f.switch_mut(Setting::Promiscuous).unwrap() = Switch::On;
    edits::apply(&me, &f.plan().unwrap()).await.unwrap();
    let after = me.get_record(&r).await.unwrap();
    assert_eq!(after.other_config["owner"], "team-b", "their key survives");
    assert_eq!(after.other_config["promiscuous"], "on", "ours is applied");
}

#[tokio::test]
async fn a_concurrent_edit_of_the_same_key_is_a_conflict() {
    let srv = server().await;
    let me = login(&srv.url, Protocol::JsonRpc).await;
    let other = login(&srv.url, Protocol::JsonRpc).await;
    let (r, v) = first_vif(&me, "web-01").await;
    let mut f = vif_form(&r, &v);
    other
        .put_map_key(&r, "other_config", "mtu", "1400")
        .await
        .unwrap();
    *f.text_mut(Setting::Mtu).unwrap() = "9000".into();
    let err = edits::apply(&me, &f.plan().unwrap()).await.unwrap_err();
    let EditError::Conflict(c) = err else {
        panic!("expected a conflict, got {err}")
    };
    assert_eq!(c.keys, ["mtu"]);
    let after = me.get_record(&r).await.unwrap();
    assert_eq!(after.other_config["mtu"], "1400", "nothing was written");
}

#[tokio::test]
async fn the_seed_flow_vm_data_reaches_the_guest_and_nothing_else_does() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (r, v) = vm(&s, "db-replica").await; // halted, carries a key outside vm-data/
    assert!(v.xenstore_data.keys().any(|k| !k.starts_with("vm-data")));
    let mut f = XenstoreForm::new(r.as_str(), &v.uuid, &v.xenstore_data, false);
    f.rows.push(Row::new("vm-data/foo", "bar"));
    let plan = f.plan().unwrap();
    assert_eq!(
        plan.xe_commands(),
        [format!(
            "xe vm-param-set uuid={} xenstore-data:vm-data/foo=bar",
            v.uuid
        )]
    );
    edits::apply(&s, &plan).await.unwrap();
    assert!(
        srv.state.guest_xenstore(r.as_str()).is_empty(),
        "halted: no guest yet"
    );
    act(&s, &r, Action::Start).await.unwrap();
    let guest = srv.state.guest_xenstore(r.as_str());
    assert_eq!(guest.get("vm-data/foo").map(String::as_str), Some("bar"));
    assert!(
        guest
            .keys()
            .all(|k| k.starts_with("vm-data/") || k.starts_with("FIST/")),
        "{guest:?}"
    );
    // Running now: the form goes through VM.set_xenstore_data and reaches the guest at once.
    let (_, v) = vm(&s, "db-replica").await;
    let mut f = XenstoreForm::new(r.as_str(), &v.uuid, &v.xenstore_data, true);
    f.rows
        .iter_mut()
        .find(|r| r.key == "vm-data/foo")
        .unwrap()
        .value = "baz".into();
    let plan = f.plan().unwrap();
    assert!(plan.live_xenstore);
    edits::apply(&s, &plan).await.unwrap();
    assert_eq!(srv.state.guest_xenstore(r.as_str())["vm-data/foo"], "baz");
    // Keys outside vm-data/ are refused by the form: never planned, never sent.
    f.rows.push(Row::new("foo", "bar"));
    assert!(f.plan().is_err());
    // Shut down again: VM_BAD_POWER_STATE rules apply to a second shutdown.
    act(&s, &r, Action::Shutdown).await.unwrap();
    let e = act(&s, &r, Action::Shutdown).await.unwrap_err();
    assert_eq!(e.api().unwrap().code, codes::VM_BAD_POWER_STATE);
}

/// A suspended VM resumes (and a running one suspends), with xapi's power-state rules.
#[tokio::test]
async fn suspend_and_resume_follow_xapis_power_state_rules() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let (r, v) = vm(&s, "build-agent").await;
    assert_eq!(v.power_state, PowerState::Suspended);
    act(&s, &r, Action::Resume).await.unwrap();
    let (_, v) = vm(&s, "build-agent").await;
    assert_eq!(v.power_state, PowerState::Running);
    assert!(!v.resident_on.is_null(), "resumed on a host");
    let e = act(&s, &r, Action::Resume).await.unwrap_err();
    assert_eq!(e.api().unwrap().code, codes::VM_BAD_POWER_STATE);
    act(&s, &r, Action::Suspend).await.unwrap();
    let (_, v) = vm(&s, "build-agent").await;
    assert_eq!(v.power_state, PowerState::Suspended);
    assert!(v.resident_on.is_null());
}

#[tokio::test]
async fn xenstore_edits_refuse_any_change_made_meanwhile() {
    let srv = server().await;
    let me = login(&srv.url, Protocol::JsonRpc).await;
    let other = login(&srv.url, Protocol::JsonRpc).await;
    let (r, v) = vm(&me, "web-01").await;
    let mut f = XenstoreForm::new(r.as_str(), &v.uuid, &v.xenstore_data, false);
    other
        .add_to_map(&r, "xenstore_data", "vm-data/other", "x")
        .await
        .unwrap();
    f.rows.push(Row::new("vm-data/mine", "y"));
    let err = edits::apply(&me, &f.plan().unwrap()).await.unwrap_err();
    assert!(
        matches!(&err, EditError::Conflict(c) if c.keys == ["vm-data/other"]),
        "{err}"
    );
    let (_, after) = vm(&me, "web-01").await;
    assert!(!after.xenstore_data.contains_key("vm-data/mine"));
}

#[tokio::test]
async fn server_errors_come_back_typed() {
    let srv = server().await;
    let ro = Session::login(
        &srv.url,
        Credentials::new(RO_USER.0, RO_USER.1),
        opts(Protocol::JsonRpc),
    )
    .await
    .unwrap();
    let (r, v) = first_vif(&ro, "web-01").await;
    let mut f = vif_form(&r, &v);
    *f.text_mut(Setting::Mtu).unwrap() = "9100".into();
    let plan = f.plan().unwrap();
    assert!(!plan.is_empty());
    let EditError::Server(e) = edits::apply(&ro, &plan).await.unwrap_err() else {
        panic!("expected a server error")
    };
    let api = e.api().unwrap();
    assert_eq!(api.code, codes::RBAC_PERMISSION_DENIED);
    assert!(api.params[1].contains("pool-operator"), "{api:?}");
    let mut gone = plan.clone();
    gone.object_ref = "OpaqueRef:00000000-dead-beef-0000-000000000000".into();
    let root = login(&srv.url, Protocol::JsonRpc).await;
    let EditError::Server(e) = edits::apply(&root, &gone).await.unwrap_err() else {
        panic!()
    };
    assert_eq!(e.api().unwrap().code, codes::HANDLE_INVALID);
}

#[tokio::test]
async fn one_setting_applied_to_several_pifs() {
    let srv = server().await;
    let s = login(&srv.url, Protocol::JsonRpc).await;
    let pifs: HashMap<Ref<Pif>, Pif> = s.get_all_records().await.unwrap();
    let chosen: Vec<(&Ref<Pif>, &Pif)> = pifs.iter().filter(|(_, p)| p.physical).take(3).collect();
    assert_eq!(chosen.len(), 3);
    let targets: Vec<nic::Target> = chosen
        .iter()
        .map(|(r, p)| nic::Target {
            object_ref: r.as_str(),
            uuid: &p.uuid,
            other_config: &p.other_config,
        })
        .collect();
    let plans = nic::bulk_plans(NicKind::Pif, &targets, Setting::Speed, Some("1000")).unwrap();
    let results = edits::apply_all(&s, &plans).await;
    assert!(results.iter().all(Result::is_ok));
    for (r, _) in chosen {
        let p = s.get_record(r).await.unwrap();
        assert_eq!(p.other_config["ethtool-speed"], "1000");
    }
}

#[tokio::test]
async fn a_read_only_write_learns_nothing_but_permission_denied() {
    let srv = server().await;
    for p in BOTH {
        let ro = Session::login(&srv.url, Credentials::new(RO_USER.0, RO_USER.1), opts(p))
            .await
            .unwrap();
        let template = ro
            .get_all_records::<Vm>()
            .await
            .unwrap()
            .into_iter()
            .find(|(_, v)| v.is_a_template)
            .map(|(r, _)| r.as_str().to_string())
            .expect("a template");
        let missing = "OpaqueRef:00000000-0000-0000-0000-000000000000";
        let kv = serde_json::json!({"k": "v"});
        let writes: [(&str, Vec<serde_json::Value>); 7] = [
            (
                "VM.add_to_other_config",
                vec![missing.into(), "k".into(), "v".into()],
            ),
            (
                "VM.remove_from_other_config",
                vec![missing.into(), "k".into()],
            ),
            ("VM.add_tags", vec![missing.into(), "t".into()]),
            ("VM.set_name_label", vec![missing.into(), "x".into()]),
            ("VM.set_xenstore_data", vec![missing.into(), kv]),
            ("VM.clean_shutdown", vec![missing.into()]),
            (
                "VM.start",
                vec![template.into(), false.into(), false.into()],
            ),
        ];
        for (method, args) in writes {
            let e = ro.call(method, &args).await.unwrap_err();
            assert!(
                e.is_code(codes::RBAC_PERMISSION_DENIED),
                "{p:?} {method}: {e}"
            );
        }
    }
}

/// Runs the action table's plan of `action` on `vm`, as the app's plan runner does.
async fn act(
    s: &xenpilot::xenapi::Session,
    vm: &xenpilot::xenapi::Ref<xenpilot::xenapi::Vm>,
    action: Action,
) -> Result<(), xenpilot::xenapi::Error> {
    let Run::Plan(plan) = action.def().run else {
        panic!("{action:?} runs no plan");
    };
    let plan = plan(&xenpilot::xenapi::Cache::default(), vm);
    edits::run_plan(s, &plan, |_, _| {}).await.map(|_| ())
}

/// The roles the action table gives agree with the server's RBAC: every action the table
/// says a VM Operator may run is in the demo's VM Operator permissions (which follow xapi's
/// `allowed_roles`), and every action it says needs more is not; the read-only user has none.
#[tokio::test]
async fn the_action_tables_roles_agree_with_the_servers_permissions() {
    use xenpilot::ui::actions::Role;
    let srv = server().await;
    let perms = |user: (&'static str, &'static str)| {
        let url = srv.url.clone();
        async move {
            let s = Session::login(
                &url,
                Credentials::new(user.0, user.1),
                opts(Protocol::JsonRpc),
            )
            .await
            .unwrap();
            let (superuser, perms) = s.rbac().await.unwrap();
            assert!(!superuser);
            perms
        }
    };
    let operator = perms(VM_OP_USER).await;
    let read_only = perms(RO_USER).await;
    let mut checked = 0;
    for a in Action::all() {
        let Some(call) = a.permission() else {
            continue;
        };
        let has = |p: &[String]| p.iter().any(|x| x.eq_ignore_ascii_case(&call));
        let role = a.def().role;
        assert_eq!(
            has(&operator),
            role <= Role::VmOperator,
            "{a:?} ({call}) needs {role:?}"
        );
        assert!(!has(&read_only), "{a:?} ({call}) for a read-only user");
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} actions name a permission");
}
