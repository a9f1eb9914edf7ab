//! Servers and the pool through the real app against a demo server: maintenance mode in
//! and out on a server whose VMs cannot move (each said why, each with its choice), a
//! member rebooted through maintenance mode and coming back, an evacuation that fails
//! halfway, and users whose role only reads or runs VMs, who see the server actions greyed
//! with the role they need.

use crate::common::{PASSWORD, RO_USER, VM_OP_USER};
use crate::forms::Live;
use crate::harness::{shows, wait};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use serde_json::{Value, json};
use xenpilot::ui::XenPilotApp;

/// A demo pool whose tasks run fast and whose servers reboot in well under a second.
fn live() -> Live {
    let mut c = crate::common::config();
    c.task_speed = 20.0;
    c.host_boot_time = std::time::Duration::from_millis(800);
    Live::with_config(c)
}

fn host(live: &Live, name: &str) -> (String, Value) {
    live.server.state.read(|db| {
        let t = db.table("host").unwrap();
        let (r, _) = t
            .rows
            .iter()
            .find(|(_, row)| row.fields["name_label"] == name)
            .unwrap();
        (r.clone(), db.record("host", r).unwrap())
    })
}

fn live_host(live: &Live, name: &str) -> bool {
    let (_, h) = host(live, name);
    let m = h["metrics"].as_str().unwrap().to_string();
    live.server
        .state
        .read(|db| db.record("host_metrics", &m).unwrap()["live"] == json!(true))
}

fn select(h: &mut Harness<'_, XenPilotApp>, name: &str) {
    h.query_all_by_label(name).next().unwrap().click();
    h.run_steps(4);
}

/// Opens the menu bar's `menu` and clicks the item whose label starts with `item`.
fn menu(h: &mut Harness<'_, XenPilotApp>, menu: &str, item: &str) {
    h.query_all_by_label(menu).next().unwrap().click();
    h.run_steps(3);
    h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with(item)))
        .next()
        .unwrap_or_else(|| panic!("no item {item}"))
        .click();
    h.run_steps(4);
}

/// Clicks the last widget labelled exactly `label` (a window's button is drawn after the
/// toolbar's of the same name).
fn click_last(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    h.query_all_by_label(label)
        .last()
        .unwrap_or_else(|| panic!("no {label}"))
        .click();
    h.run_steps(4);
}

fn power(live: &Live, vm: &str) -> String {
    live.vm(vm)["power_state"].as_str().unwrap().to_string()
}

#[test]
fn maintenance_mode_in_and_out_on_a_server_whose_vms_cannot_move() {
    let live = live();
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, "xcp-host-01");
    menu(&mut h, "Server", "Enter Maintenance Mode");
    // The preflight says, before anything changes, why each VM cannot move.
    wait(
        &mut h,
        |h| {
            shows(
                h,
                "A disk is on storage only this server sees (Local storage)",
            )
        },
        "the preflight",
    );
    let (r1, before) = host(&live, "xcp-host-01");
    assert_eq!(before["enabled"], json!(true), "nothing changed yet");
    assert!(shows(
        &h,
        &format!("xe host-evacuate uuid={}", before["uuid"].as_str().unwrap())
    ));
    // A blocked VM cannot be migrated: its choices are xapi's (suspend, shut down).
    h.get_by_label("What to do with web-01").click();
    h.run_steps(3);
    assert!(!shows(&h, "Migrate to another server"));
    click_last(&mut h, "Shut down");
    click_last(&mut h, "Enter Maintenance Mode");
    wait(&mut h, |h| shows(h, "Done."), "maintenance mode");
    let (_, after) = host(&live, "xcp-host-01");
    assert_eq!(after["enabled"], json!(false));
    let oc = &after["other_config"];
    assert_eq!(oc["MAINTENANCE_MODE"], json!("true"), "XenCenter's key");
    let web01 = live.vm("web-01");
    let halted = oc["MAINTENANCE_MODE_EVACUATED_VMS_HALTED"]
        .as_str()
        .unwrap();
    assert!(halted.contains(web01["uuid"].as_str().unwrap()), "{halted}");
    assert_eq!(power(&live, "web-01"), "Halted");
    // The row says so.
    wait(
        &mut h,
        |h| shows(h, "xcp-host-01 (maintenance mode)"),
        "the row",
    );
    h.key_press(eframe::egui::Key::Escape);
    h.run_steps(4);
    // Out again: enabled, the keys cleared, the VMs brought back here.
    menu(&mut h, "Server", "Exit Maintenance Mode");
    assert!(shows(
        &h,
        "Bring back the 4 VMs maintenance mode moved off xcp-host-01"
    ));
    click_last(&mut h, "Exit Maintenance Mode");
    wait(&mut h, |h| shows(h, "Done."), "exit");
    let (_, back) = host(&live, "xcp-host-01");
    assert_eq!(back["enabled"], json!(true));
    assert!(back["other_config"].get("MAINTENANCE_MODE").is_none());
    assert!(
        back["other_config"]
            .get("MAINTENANCE_MODE_EVACUATED_VMS_HALTED")
            .is_none()
    );
    for vm in [
        "web-01",
        "db-primary",
        "backup-appliance",
        "ファイルサーバー",
    ] {
        assert_eq!(power(&live, vm), "Running", "{vm}");
        assert_eq!(live.vm(vm)["resident_on"], json!(r1), "{vm} is back");
    }
}

#[test]
fn a_member_reboots_through_maintenance_mode_and_comes_back() {
    let live = live();
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, "xcp-host-02");
    menu(&mut h, "Server", "Reboot Server");
    assert!(shows(
        &h,
        "xcp-host-02 must be in maintenance mode before Reboot Server"
    ));
    wait(
        &mut h,
        |h| shows(h, "Migrate to another server"),
        "the preflight",
    );
    click_last(&mut h, "Reboot Server");
    // It goes away…
    wait(
        &mut h,
        |_| !live_host(&live, "xcp-host-02"),
        "the server to go down",
    );
    wait(
        &mut h,
        |h| shows(h, "xcp-host-02 (rebooting…)"),
        "the row to say so",
    );
    // …the rest of the pool keeps working meanwhile…
    select(&mut h, "xcp-host-01");
    assert!(shows(&h, "web-02"), "the VMs moved to host 1 are listed");
    // …and it comes back, still in maintenance mode (XenCenter's key stays).
    wait(
        &mut h,
        |_| live_host(&live, "xcp-host-02"),
        "the server to come back",
    );
    wait(
        &mut h,
        |h| shows(h, "xcp-host-02 (maintenance mode)"),
        "the row",
    );
    h.key_press(eframe::egui::Key::Escape);
    h.run_steps(4);
    select(&mut h, "xcp-host-02 (maintenance mode)");
    menu(&mut h, "Server", "Exit Maintenance Mode");
    click_last(&mut h, "Exit Maintenance Mode");
    wait(&mut h, |h| shows(h, "Done."), "exit");
    let (r2, _) = host(&live, "xcp-host-02");
    for vm in ["web-02", "web-10", "win-ad-01"] {
        assert_eq!(live.vm(vm)["resident_on"], json!(r2), "{vm} moved back");
    }
}

#[test]
fn an_evacuation_that_fails_halfway_says_which_vm_what_moved_and_that_the_server_stays_disabled() {
    // Slow migrations: room to block the next one once the first has moved.
    let mut c = crate::common::config();
    c.task_speed = 2.0;
    let live = Live::with_config(c);
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, "xcp-host-02");
    menu(&mut h, "Server", "Enter Maintenance Mode");
    wait(
        &mut h,
        |h| shows(h, "Migrate to another server"),
        "the preflight",
    );
    click_last(&mut h, "Enter Maintenance Mode");
    let (r2, _) = host(&live, "xcp-host-02");
    let guests = ["web-02", "web-10", "win-ad-01"];
    let moved = |live: &Live| -> Vec<&str> {
        guests
            .iter()
            .copied()
            .filter(|vm| live.vm(vm)["resident_on"] != json!(r2))
            .collect()
    };
    wait(&mut h, |_| !moved(&live).is_empty(), "the first VM to move");
    // Someone blocks the migration of those not moving yet.
    for vm in guests {
        let v = live.vm(vm);
        let idle = v["current_operations"]
            .as_object()
            .is_none_or(|o| o.is_empty());
        if v["resident_on"] == json!(r2) && idle {
            let r = v["ref"].as_str().unwrap().to_string();
            live.server.state.write(|db| {
                db.set_field(
                    "VM",
                    &r,
                    "blocked_operations",
                    json!({"pool_migrate": "frozen"}),
                )
            });
        }
    }
    wait(&mut h, |h| shows(h, "Stopped at"), "the failure");
    let gone = moved(&live);
    assert!(!gone.is_empty() && gone.len() < 3, "{gone:?}");
    let stayed: Vec<&str> = guests
        .iter()
        .copied()
        .filter(|g| !gone.contains(g))
        .collect();
    assert!(
        stayed
            .iter()
            .any(|vm| shows(&h, &format!("The VM that could not move: {vm}"))),
        "names the VM"
    );
    assert!(shows(&h, &gone.join(", ")), "says what moved: {gone:?}");
    assert!(shows(&h, "The server stays disabled"));
    let (_, h2) = host(&live, "xcp-host-02");
    assert_eq!(h2["enabled"], json!(false), "as xapi leaves it");
}

#[test]
fn the_coordinator_enters_maintenance_hands_over_and_the_app_follows_the_new_one() {
    let live = live();
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, "xcp-host-01");
    menu(&mut h, "Server", "Enter Maintenance Mode");
    wait(
        &mut h,
        |h| shows(h, "Then make coordinator:"),
        "the preflight",
    );
    h.query_all_by_label("Then make coordinator:")
        .last()
        .unwrap()
        .click();
    h.run_steps(3);
    click_last(&mut h, "xcp-host-02");
    assert!(shows(&h, "xe pool-designate-new-master host-uuid="));
    click_last(&mut h, "Enter Maintenance Mode");
    let (r2, _) = host(&live, "xcp-host-02");
    wait(
        &mut h,
        |_| {
            live.server.state.read(|db| {
                let p = db.table("pool").unwrap();
                p.rows.values().any(|row| row.fields["master"] == json!(r2))
            })
        },
        "the new coordinator",
    );
    // The app follows: the pool is live again with host 1 in maintenance mode.
    wait(
        &mut h,
        |h| shows(h, "xcp-host-01 (maintenance mode)"),
        "the pool again",
    );
    // The broken connection of the handover is not reported as a failure.
    wait(&mut h, |h| shows(h, "Done."), "the dialog's end");
    assert!(!shows(&h, "Stopped at"));
}

#[test]
fn read_only_and_vm_operator_users_see_server_actions_greyed_with_the_role_they_need() {
    let live = Live::new();
    for user in [RO_USER, VM_OP_USER] {
        let mut h = live.app("en-US", user);
        select(&mut h, "xcp-host-02");
        for label in [
            "Enter Maintenance Mode",
            "Reboot Server",
            "Shut Down Server",
        ] {
            assert!(
                h.get_by_label(label).accesskit_node().is_disabled(),
                "{label} for {}",
                user.0
            );
        }
        h.get_by_label("Reboot Server").hover();
        h.run_steps(30);
        assert!(shows(&h, "needs the Pool Operator role"), "{}", user.0);
    }
}

#[test]
fn server_and_pool_properties_send_only_what_changed() {
    let live = live();
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, "xcp-host-02");
    menu(&mut h, "Server", "Server Properties");
    crate::harness::set_text(&mut h, "Description", "Rack 2, row C");
    click_last(&mut h, "Add key");
    crate::harness::set_text(&mut h, "Key 1", "owner");
    crate::harness::set_text(&mut h, "Value 1", "ops");
    assert!(shows(&h, "other-config:owner=ops"), "the xe line");
    assert!(
        !shows(&h, "set_iscsi_iqn") && !shows(&h, "iscsi-iqn="),
        "untouched"
    );
    click_last(&mut h, "Apply");
    wait(&mut h, |h| shows(h, "Done."), "the properties");
    let (_, r) = host(&live, "xcp-host-02");
    assert_eq!(r["name_description"], json!("Rack 2, row C"));
    assert_eq!(r["other_config"]["owner"], json!("ops"));
    assert_eq!(
        r["other_config"]["iscsi_iqn"],
        json!("iqn.2026-01.lan.example:xcp-host-02"),
        "kept"
    );
    h.key_press(eframe::egui::Key::Escape);
    h.run_steps(4);
    menu(&mut h, "Pool", "Pool Properties");
    crate::harness::set_text(&mut h, "Console idle timeout (seconds, 0 = never)", "-1");
    assert!(shows(&h, "Enter a whole number of seconds"));
    crate::harness::set_text(&mut h, "Console idle timeout (seconds, 0 = never)", "300");
    click_last(&mut h, "Apply");
    wait(&mut h, |h| shows(h, "Done."), "the pool's properties");
    let timeout = live.server.state.read(|db| {
        let t = db.table("pool").unwrap();
        let r = t.rows.keys().next().unwrap().clone();
        db.record("pool", &r).unwrap()["vm_console_idle_timeout"].clone()
    });
    assert_eq!(timeout, json!(300));
}

#[test]
fn the_ipmi_password_is_sent_as_a_secret_and_the_xe_line_masks_it() {
    let live = live();
    let (r2, _) = host(&live, "xcp-host-02");
    live.server.state.write(|db| {
        db.set_field("host", &r2, "power_on_mode", json!("IPMI"));
        db.set_field(
            "host",
            &r2,
            "power_on_config",
            json!({"power_on_ip": "10.0.0.8"}),
        );
    });
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, "xcp-host-02");
    menu(&mut h, "Server", "Server Properties");
    assert!(shows(&h, "No password set"), "the hint");
    crate::harness::set_text(&mut h, "IPMI address", "10.0.0.9");
    crate::harness::set_password(&mut h, "IPMI password", "s3cret-pw");
    assert!(shows(&h, "SECRET=$(xe secret-create value='********')"));
    assert!(!shows(&h, "s3cret-pw"), "never on screen");
    click_last(&mut h, "Apply");
    wait(&mut h, |h| shows(h, "Done."), "the properties");
    let (_, r) = host(&live, "xcp-host-02");
    let config = r["power_on_config"].as_object().unwrap().clone();
    assert_eq!(config["power_on_ip"], json!("10.0.0.9"));
    assert!(
        config.values().all(|v| v != "s3cret-pw"),
        "not in clear: {config:?}"
    );
    let uuid = config["power_on_password_secret"]
        .as_str()
        .unwrap()
        .to_string();
    let value = live.server.state.read(|db| {
        let s = db.by_uuid("secret", &uuid).unwrap().to_string();
        db.record("secret", &s).unwrap()["value"].clone()
    });
    assert_eq!(value, json!("s3cret-pw"));
}
