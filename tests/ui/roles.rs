//! What a user's role allows, said before anything is sent: each action of the table is greyed
//! for a role xapi would refuse it to, and its tooltip names the role it needs (xapi's
//! `allowed_roles`), not a blanket "Pool Operator".

use crate::common::{RO_USER, VM_OP_USER};
use crate::forms::Live;
use crate::harness::shows;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use xenpilot::ui::XenPilotApp;

fn select(h: &mut Harness<'_, XenPilotApp>, name: &str) {
    h.query_all_by_label(name).next().unwrap().click();
    h.run_steps(4);
}

fn greyed(h: &Harness<'_, XenPilotApp>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().is_disabled()
}

/// Hovers the toolbar button `label` and says whether its tooltip reads `text`.
fn tooltip_says(h: &mut Harness<'_, XenPilotApp>, label: &str, text: &str) -> bool {
    h.get_by_label(label).hover();
    h.run_steps(30);
    shows(h, text)
}

#[test]
fn a_vm_operator_runs_power_actions_and_is_told_what_snapshots_need() {
    let live = Live::new();
    let mut h = live.app("en-US", VM_OP_USER);
    select(&mut h, "web-01");
    // VM.clean_shutdown and VM.clean_reboot are _R_VM_OP: allowed.
    assert!(!greyed(&h, "Shut down") && !greyed(&h, "Reboot"));
    // VM.snapshot is _R_VM_POWER_ADMIN, VM.clone (New VM) _R_VM_ADMIN: greyed beforehand.
    assert!(greyed(&h, "Take snapshot"));
    assert!(greyed(&h, "New VM…"));
    assert!(tooltip_says(
        &mut h,
        "Take snapshot",
        "needs the VM Power Admin role"
    ));
    assert!(tooltip_says(&mut h, "New VM…", "needs the VM Admin role"));
}

#[test]
fn a_read_only_user_is_told_that_vm_operator_suffices_for_power_actions() {
    let live = Live::new();
    let mut h = live.app("en-US", RO_USER);
    select(&mut h, "web-01");
    assert!(greyed(&h, "Shut down"));
    assert!(tooltip_says(
        &mut h,
        "Shut down",
        "needs the VM Operator role"
    ));
}
