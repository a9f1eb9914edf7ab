//! The VM Properties dialog against a demo server: Enter on a halted VM opens it, CPU and
//! memory changes apply (the demo's VM checked); a running VM gets the shutdown, apply and
//! start plan and runs again with more vCPUs and memory; tags, boot order, home server,
//! start-up and HA priority apply key by key; several VMs get their shared fields; another
//! client's change is not overwritten; a read-only user sees it read-only; and every page's
//! screenshot in English and Japanese.

use crate::common::{PASSWORD, RO_USER, VM_OP_USER};
use crate::forms::Live;
use crate::harness::{has, set_text, shows, wait};
use eframe::egui;
use eframe::egui::accesskit::Role;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotResults};
use xenpilot::model::tree::Node;
use xenpilot::ui::actions::Action;
use xenpilot::ui::{Command, XenPilotApp};

const MIB: f64 = 1048576.0;

fn select(h: &mut Harness<'_, XenPilotApp>, name: &str) {
    h.query_all_by_label(name).next().unwrap().click();
    h.run_steps(4);
}

/// The dialog's page list comes after the details pane, which may use the same words.
fn page(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    h.query_all_by_label(label).last().unwrap().click();
    h.run_steps(4);
}

fn set(h: &mut Harness<'_, XenPilotApp>, label: &str, value: f64) {
    h.get_by_role_and_label(Role::SpinButton, label)
        .set_value_accesskit(value);
    h.run_steps(4);
}

fn int(live: &Live, vm: &str, field: &str) -> i64 {
    live.vm(vm)[field].as_i64().unwrap_or_default()
}

#[test]
fn enter_on_a_halted_vm_opens_properties_and_cpu_and_memory_apply() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, "db-replica");
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    assert!(
        has(&h, "Properties of db-replica"),
        "Enter opens the dialog"
    );
    page(&mut h, "CPU");
    // 8 of 8 vCPUs down to 2 of 4: at start-up first, then the maximum.
    set(&mut h, "vCPUs at start-up", 2.0);
    set(&mut h, "Maximum vCPUs", 4.0);
    assert!(shows(&h, "xe vm-param-set uuid="));
    page(&mut h, "Memory");
    set(&mut h, "Static maximum (MiB)", 2048.0);
    set(&mut h, "Dynamic maximum (MiB)", 2048.0);
    set(&mut h, "Dynamic minimum (MiB)", 1024.0);
    assert!(shows(&h, "xe vm-memory-limits-set"));
    h.get_by_label("Apply").click();
    wait(
        &mut h,
        |_| int(&live, "db-replica", "memory_static_max") == 2048 * MIB as i64,
        "the memory limits",
    );
    assert_eq!(int(&live, "db-replica", "VCPUs_max"), 4);
    assert_eq!(int(&live, "db-replica", "VCPUs_at_startup"), 2);
    assert_eq!(
        int(&live, "db-replica", "memory_dynamic_min"),
        1024 * MIB as i64
    );
    wait(
        &mut h,
        |h| shows(h, "All changes applied."),
        "the done line",
    );
}

#[test]
fn tags_boot_order_home_server_and_start_up_apply_key_by_key() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    let vm = "测试虚拟机";
    select(&mut h, vm);
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    set_text(&mut h, "New tag", "lab");
    h.get_by_label("Add tag").click();
    h.run_steps(4);
    page(&mut h, "Boot options");
    // The demo's VMs boot from disk, then DVD (`order=dc`, as xapi's VMs carry it): drop
    // the DVD drive.
    h.get_by_role_and_label(Role::CheckBox, "DVD drive").click();
    h.run_steps(4);
    page(&mut h, "Home server");
    h.get_by_role_and_label(Role::RadioButton, "xcp-host-02")
        .click();
    h.run_steps(4);
    page(&mut h, "Start-up options");
    h.get_by_role_and_label(Role::CheckBox, "Start this VM when its server starts")
        .click();
    h.run_steps(4);
    set(&mut h, "Start order", 2.0);
    set(&mut h, "Delay before the next VM (seconds)", 15.0);
    h.get_by_label("Apply").click();
    wait(&mut h, |h| shows(h, "All changes applied."), "the plan");
    let v = live.vm(vm);
    assert_eq!(v["tags"], serde_json::json!(["lab"]));
    assert_eq!(v["HVM_boot_params"]["order"], "c");
    assert_eq!(v["other_config"]["auto_poweron"], "true");
    assert_eq!(
        (v["order"].as_i64(), v["start_delay"].as_i64()),
        (Some(2), Some(15))
    );
    let host = live.server.state.read(|db| {
        db.table("host")
            .unwrap()
            .rows
            .iter()
            .find(|(_, row)| row.fields["name_label"] == "xcp-host-02")
            .map(|(r, _)| r.clone())
            .unwrap()
    });
    assert_eq!(v["affinity"], host.as_str());
}

#[test]
fn several_vms_get_the_shared_fields_in_one_plan() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    for name in ["web-02", "web-10"] {
        let r = h.state().pools[0]
            .cache
            .vms
            .iter()
            .find(|(_, v)| v.name_label == name)
            .map(|(r, _)| r.clone())
            .unwrap();
        h.state_mut().send(Command::ToggleMulti(Node::Vm(r)));
    }
    h.state_mut().send(Action::Properties.on_selection());
    h.run_steps(4);
    assert!(has(&h, "Properties of 2 VMs"));
    assert!(
        h.query_by_role_and_label(Role::TextInput, "Name").is_none(),
        "no name for several VMs"
    );
    assert!(!has(&h, "Boot options"), "only the pages several VMs share");
    set_text(&mut h, "New tag", "fleet");
    h.get_by_label("Add tag").click();
    h.run_steps(4);
    page(&mut h, "Start-up options");
    set(&mut h, "Start order", 4.0);
    h.get_by_label("Apply").click();
    wait(&mut h, |h| shows(h, "All changes applied."), "the plan");
    for name in ["web-02", "web-10"] {
        let v = live.vm(name);
        assert_eq!(v["order"].as_i64(), Some(4), "{name}");
        assert!(
            v["tags"].as_array().unwrap().iter().any(|t| t == "fleet"),
            "{name}"
        );
    }
}

#[test]
fn with_ha_on_the_restart_priority_applies() {
    let live = Live::with_speed(20.0);
    live.server.state.write(|db| {
        let pool = db
            .table("pool")
            .unwrap()
            .rows
            .keys()
            .next()
            .unwrap()
            .clone();
        db.set_field("pool", &pool, "ha_enabled", true.into());
    });
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, "web-02");
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    page(&mut h, "High availability");
    h.get_by_role_and_label(Role::RadioButton, "Restart if possible")
        .click();
    h.run_steps(4);
    assert!(shows(&h, "ha-restart-priority=best-effort"));
    h.get_by_label("Apply").click();
    wait(&mut h, |h| shows(h, "All changes applied."), "the plan");
    assert_eq!(live.vm("web-02")["ha_restart_priority"], "best-effort");
}

#[test]
fn a_running_vm_is_shut_down_changed_and_started_again() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, "web-01");
    // From the VM menu this time.
    h.query_all_by_label("VM").next().unwrap().click();
    h.run_steps(4);
    h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with("Properties…")))
        .next()
        .unwrap()
        .click();
    h.run_steps(4);
    page(&mut h, "CPU");
    set(&mut h, "Maximum vCPUs", 4.0);
    set(&mut h, "vCPUs at start-up", 4.0);
    // And more memory: a static maximum only a halted VM takes.
    page(&mut h, "Memory");
    set(&mut h, "Static maximum (MiB)", 5120.0);
    assert!(shows(&h, "needs shutdown"), "the fields are marked");
    assert!(shows(&h, "A running VM cannot take these changes"));
    assert!(shows(&h, "xe vm-shutdown uuid="));
    assert!(shows(&h, "xe vm-start uuid="));
    h.get_by_label("Shut down, apply and start").click();
    wait(
        &mut h,
        |_| int(&live, "web-01", "VCPUs_max") == 4 && live.vm("web-01")["power_state"] == "Running",
        "web-01 running with 4 vCPUs",
    );
    assert_eq!(int(&live, "web-01", "VCPUs_at_startup"), 4);
    assert_eq!(int(&live, "web-01", "memory_static_max"), 5120 * MIB as i64);
    wait(
        &mut h,
        |h| shows(h, "All changes applied."),
        "the done line",
    );
}

#[test]
fn a_change_refused_after_the_shutdown_still_starts_the_vm_again() {
    let live = Live::with_speed(20.0);
    // A VM Operator may shut down and start VMs, not set their vCPUs (VM Admin).
    let mut h = live.app("en-US", VM_OP_USER);
    select(&mut h, "web-01");
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    page(&mut h, "CPU");
    set(&mut h, "Maximum vCPUs", 4.0);
    h.get_by_label("Shut down, apply and start").click();
    wait(
        &mut h,
        |h| shows(h, "The VM was started again"),
        "the failure and the start",
    );
    assert!(shows(&h, "Stopped at this step"));
    assert_eq!(live.vm("web-01")["power_state"], "Running");
    assert_eq!(int(&live, "web-01", "VCPUs_max"), 2, "refused");
}

#[test]
fn a_field_another_client_changed_meanwhile_is_not_overwritten() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, "web-02");
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    set_text(&mut h, "Name", "web-02-mine");
    // Another client renames it while the dialog is open.
    live.server.state.write(|db| {
        let r = db
            .table("VM")
            .unwrap()
            .rows
            .iter()
            .find(|(_, row)| row.fields["name_label"] == "web-02")
            .map(|(r, _)| r.clone())
            .unwrap();
        db.set_field("VM", &r, "name_label", "web-02-theirs".into());
    });
    wait(
        &mut h,
        |h| {
            h.state().pools[0]
                .cache
                .vms
                .values()
                .any(|v| v.name_label == "web-02-theirs")
        },
        "the other client's change",
    );
    h.get_by_label("Apply").click();
    h.run_steps(4);
    assert!(shows(&h, "Someone else changed the name"));
    assert_eq!(
        live.vm("web-02-theirs")["name_label"],
        "web-02-theirs",
        "not overwritten"
    );
}

#[test]
fn a_read_only_user_sees_the_properties_read_only() {
    let live = Live::new();
    let mut h = live.app("en-US", RO_USER);
    select(&mut h, "web-01");
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    assert!(has(&h, "Properties of web-01"));
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Name")
            .accesskit_node()
            .is_disabled()
    );
    assert!(h.get_by_label("Apply").accesskit_node().is_disabled());
    assert!(shows(&h, "read-only"), "the dialog says why");
}

#[test]
fn screenshots_of_the_cpu_and_memory_pages() {
    let live = Live::new();
    let mut results = SnapshotResults::new();
    for (lang, cpu, memory, max) in [
        ("en-US", "CPU", "Memory", "Maximum vCPUs"),
        ("ja", "CPU", "メモリ", "最大 vCPU 数"),
    ] {
        let mut h = live.app(lang, ("root", PASSWORD));
        select(&mut h, "web-01");
        h.key_press(egui::Key::Enter);
        h.run_steps(4);
        page(&mut h, cpu);
        // A change a running VM cannot take: the shutdown plan and its xe lines show.
        set(&mut h, max, 4.0);
        h.remove_cursor();
        h.run_steps(4);
        results.add(h.try_snapshot(format!("vm-props-cpu-{lang}")));
        page(&mut h, memory);
        h.remove_cursor();
        h.run_steps(4);
        results.add(h.try_snapshot(format!("vm-props-memory-{lang}")));
    }
}

#[test]
fn screenshots_of_the_other_pages() {
    let live = Live::new();
    let mut results = SnapshotResults::new();
    let pages = [
        ("general", "General", "全般"),
        ("boot", "Boot options", "ブート オプション"),
        ("home", "Home server", "ホーム サーバー"),
        ("startup", "Start-up options", "起動オプション"),
        ("ha", "High availability", "高可用性"),
        ("advanced", "Advanced", "詳細設定"),
    ];
    for lang in ["en-US", "ja"] {
        let mut h = live.app(lang, ("root", PASSWORD));
        select(&mut h, "web-01");
        h.key_press(egui::Key::Enter);
        h.run_steps(4);
        for (id, en, ja) in pages {
            page(&mut h, if lang == "ja" { ja } else { en });
            h.remove_cursor();
            h.run_steps(4);
            results.add(h.try_snapshot(format!("vm-props-{id}-{lang}")));
        }
    }
}

#[test]
fn the_boot_mode_of_a_vm_never_started_changes_and_a_started_one_is_fixed() {
    let live = Live::with_speed(20.0);
    // A VM made from a template that supports UEFI (its recommendations), never started.
    let vm = "测试虚拟机";
    live.server.state.write(|db| {
        let r = db
            .table("VM")
            .unwrap()
            .rows
            .iter()
            .find(|(_, row)| row.fields["name_label"] == vm)
            .map(|(r, _)| r.clone())
            .unwrap();
        db.set_field(
            "VM",
            &r,
            "recommendations",
            serde_json::json!(
                r#"<restrictions><restriction field="supports-uefi" value="yes"/><restriction field="supports-secure-boot" value="yes"/></restrictions>"#
            ),
        );
    });
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, vm);
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    page(&mut h, "Boot options");
    h.get_by_role_and_label(Role::RadioButton, "UEFI Secure Boot")
        .click();
    h.run_steps(4);
    assert!(shows(&h, "xe vm-param-set"), "the xe lines");
    h.get_by_label("Apply").click();
    wait(&mut h, |h| shows(h, "All changes applied."), "the plan");
    let v = live.vm(vm);
    assert_eq!(v["HVM_boot_params"]["firmware"], "uefi");
    assert_eq!(v["platform"]["secureboot"], "true");
    assert_eq!(v["HVM_boot_params"]["order"], "dc", "the boot order kept");
    assert_eq!(v["platform"]["acpi"], "1", "the other platform keys kept");
    h.key_press(egui::Key::Escape);
    h.run_steps(4);
    // web-01 has run: its mode is where it stands, the others greyed saying why.
    select(&mut h, "web-01");
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    page(&mut h, "Boot options");
    assert!(
        h.get_by_role_and_label(Role::RadioButton, "UEFI")
            .accesskit_node()
            .is_disabled()
    );
    assert!(shows(&h, "The VM has started before"), "and says why");
}
