//! The vTPM on the Properties dialog's Boot page (added after UEFI is chosen, removed with
//! its warning, each planned with its `xe` line), and high availability: the HA page warns
//! when a restart priority would overcommit the pool (xapi's refusal then in words), and
//! maintenance mode lowers the failures to tolerate first, or refuses the coordinator.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{shows, wait};
use eframe::egui;
use eframe::egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use serde_json::json;
use xenpilot::ui::XenPilotApp;

fn select(h: &mut Harness<'_, XenPilotApp>, name: &str) {
    h.query_all_by_label(name).next().unwrap().click();
    h.run_steps(4);
}

fn page(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    h.query_all_by_label(label).last().unwrap().click();
    h.run_steps(4);
}

fn vm_ref(live: &Live, name: &str) -> String {
    live.vm(name)["ref"].as_str().unwrap().to_string()
}

fn vtpms(live: &Live, name: &str) -> usize {
    live.vm(name)["VTPMs"].as_array().map_or(0, Vec::len)
}

#[test]
fn a_vtpm_is_added_once_uefi_is_chosen_and_removed_with_a_warning() {
    let live = Live::with_speed(20.0);
    let vm = "测试虚拟机";
    let r = vm_ref(&live, vm);
    live.server.state.write(|db| {
        db.set_field(
            "VM",
            &r,
            "recommendations",
            json!(
                r#"<restrictions><restriction field="supports-uefi" value="yes"/></restrictions>"#
            ),
        );
    });
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, vm);
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    page(&mut h, "Boot options");
    // BIOS: greyed, saying why.
    let tpm = "Virtual TPM (vTPM)";
    assert!(
        h.get_by_role_and_label(Role::CheckBox, tpm)
            .accesskit_node()
            .is_disabled()
    );
    assert!(shows(&h, "A vTPM needs the UEFI boot mode."));
    h.get_by_role_and_label(Role::RadioButton, "UEFI").click();
    h.run_steps(4);
    h.get_by_role_and_label(Role::CheckBox, tpm).click();
    h.run_steps(4);
    let uuid = live.vm(vm)["uuid"].as_str().unwrap().to_string();
    assert!(shows(&h, &format!("xe vtpm-create vm-uuid={uuid}")));
    h.get_by_label("Apply").click();
    wait(&mut h, |h| shows(h, "All changes applied."), "the plan");
    assert_eq!(vtpms(&live, vm), 1);
    assert_eq!(live.vm(vm)["HVM_boot_params"]["firmware"], "uefi");
    h.key_press(egui::Key::Escape);
    h.run_steps(4);
    // Again: the box is ticked; unticking warns and plans VTPM.destroy by its uuid.
    select(&mut h, vm);
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    page(&mut h, "Boot options");
    h.get_by_role_and_label(Role::CheckBox, tpm).click();
    h.run_steps(4);
    assert!(shows(&h, "Removing the vTPM destroys its contents"));
    assert!(shows(&h, "xe vtpm-destroy uuid="));
    h.get_by_label("Apply").click();
    wait(&mut h, |_| vtpms(&live, vm) == 0, "the vTPM to go");
}

/// HA on, one failure tolerated, web-01 protected; host 2 left with 20 GiB free when
/// `tight` (room for web-01, not for db-primary too).
fn ha_on(live: &Live, tight: bool) {
    let web = vm_ref(live, "web-01");
    live.server.state.write(|db| {
        let pool = db
            .table("pool")
            .unwrap()
            .rows
            .keys()
            .next()
            .unwrap()
            .clone();
        db.set_field("pool", &pool, "ha_enabled", json!(true));
        db.set_field("pool", &pool, "ha_host_failures_to_tolerate", json!(1));
        db.set_field("pool", &pool, "ha_plan_exists_for", json!(1));
        db.set_field("VM", &web, "ha_restart_priority", json!("restart"));
        db.set_field("VM", &web, "ha_always_run", json!(true));
        if tight {
            let hosts = db.table("host").unwrap();
            let (_, h2) = hosts
                .rows
                .iter()
                .find(|(_, r)| r.fields["name_label"] == "xcp-host-02")
                .unwrap();
            let m = h2.fields["metrics"].as_str().unwrap().to_string();
            db.set_field("host_metrics", &m, "memory_total", json!(44i64 << 30));
        }
    });
}

#[test]
fn the_ha_page_warns_when_a_priority_would_overcommit_the_pool_and_says_why_xapi_refuses() {
    let live = Live::with_speed(20.0);
    ha_on(&live, true);
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, "db-primary");
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    page(&mut h, "High availability");
    h.get_by_role_and_label(Role::RadioButton, "Restart")
        .click();
    h.run_steps(4);
    wait(
        &mut h,
        |h| {
            shows(
                h,
                "With this change the pool can tolerate 0 server failures (it is set to tolerate 1).",
            )
        },
        "the plan check",
    );
    assert!(shows(&h, "The pool would be overcommitted"));
    h.get_by_label("Apply").click();
    wait(
        &mut h,
        |h| shows(h, "HA's failover plan would break"),
        "xapi's refusal",
    );
    assert_ne!(live.vm("db-primary")["ha_restart_priority"], "restart");
}

#[test]
fn with_ha_on_maintenance_lowers_the_failures_to_tolerate_first_and_refuses_the_coordinator() {
    let mut c = crate::common::config();
    c.task_speed = 20.0;
    let live = Live::with_config(c);
    ha_on(&live, false);
    let mut h = live.app("en-US", ("root", PASSWORD));
    let menu = |h: &mut Harness<'_, XenPilotApp>| {
        h.query_all_by_label("Server").next().unwrap().click();
        h.run_steps(3);
        h.query_all_by_label("Enter Maintenance Mode")
            .next()
            .unwrap()
            .click();
        h.run_steps(4);
    };
    // The coordinator: refused, as XenCenter does while HA is on.
    select(&mut h, "xcp-host-01");
    menu(&mut h);
    wait(
        &mut h,
        |h| shows(h, "HA is on: xcp-host-01, the pool coordinator"),
        "the refusal",
    );
    assert!(
        h.query_all_by_label("Enter Maintenance Mode")
            .last()
            .unwrap()
            .accesskit_node()
            .is_disabled()
    );
    h.key_press(egui::Key::Escape);
    h.run_steps(4);
    // A member: one failure tolerated now, none once it is away: lowered first.
    select(&mut h, "xcp-host-02");
    menu(&mut h);
    wait(
        &mut h,
        |h| {
            shows(
                h,
                "HA tolerates 1 server failures; with xcp-host-02 in maintenance mode the pool can tolerate only 0.",
            )
        },
        "the HA note",
    );
    assert!(shows(&h, "ha-host-failures-to-tolerate=0"), "its xe line");
    h.query_all_by_label("Enter Maintenance Mode")
        .last()
        .unwrap()
        .click();
    h.run_steps(4);
    wait(&mut h, |h| shows(h, "Done."), "maintenance mode");
    let pool = live.server.state.read(|db| {
        let t = db.table("pool").unwrap();
        t.rows.values().next().unwrap().fields.clone()
    });
    assert_eq!(pool["ha_host_failures_to_tolerate"], json!(0));
    let disabled = live.server.state.read(|db| {
        let t = db.table("host").unwrap();
        t.rows
            .values()
            .find(|r| r.fields["name_label"] == "xcp-host-02")
            .unwrap()
            .fields["enabled"]
            .clone()
    });
    assert_eq!(disabled, json!(false));
}
