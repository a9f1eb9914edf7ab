//! Driving the real app through egui_kittest: waiting for background work, typing into
//! labelled inputs, looking for text.

use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::time::Duration;
use xenpilot::model::tabs::DetailsTab;
use xenpilot::ui::{Command, XenPilotApp};

/// Steps the app until `done` holds (background work comes back over channels); fails after
/// about nine seconds.
pub fn wait(
    h: &mut Harness<'_, XenPilotApp>,
    done: impl Fn(&Harness<'_, XenPilotApp>) -> bool,
    what: &str,
) {
    for _ in 0..600 {
        h.step();
        if done(h) {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(Duration::from_millis(15));
    }
    panic!("timed out waiting for {what}");
}

/// Whether a label or a value anywhere in the window holds `needle`.
pub fn shows(h: &Harness<'_, XenPilotApp>, needle: &str) -> bool {
    h.query_all_by(|n| {
        n.label().is_some_and(|l| l.contains(needle))
            || n.value().is_some_and(|v| v.contains(needle))
    })
    .next()
    .is_some()
}

pub fn set_text(h: &mut Harness<'_, XenPilotApp>, label: &str, text: &str) {
    set_input(h, egui::accesskit::Role::TextInput, label, text);
}

pub fn set_password(h: &mut Harness<'_, XenPilotApp>, label: &str, text: &str) {
    set_input(h, egui::accesskit::Role::PasswordInput, label, text);
}

pub fn set_input(
    h: &mut Harness<'_, XenPilotApp>,
    role: egui::accesskit::Role,
    label: &str,
    text: &str,
) {
    h.get_by_role_and_label(role, label).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(role, label).type_text(text);
    h.run();
}

/// Whether a node has exactly this label.
pub fn has(h: &Harness<'_, XenPilotApp>, label: &str) -> bool {
    h.query_all_by_label(label).next().is_some()
}

/// Opens the NIC settings of `vm`'s first VIF through the tree and the details pane;
/// `menu` is the button's text in the app's language.
pub fn open_first_vif_form(h: &mut Harness<'_, XenPilotApp>, vm: &str, menu: &str) {
    h.get_by_label(vm).click();
    h.run();
    click_row(h, DetailsTab::Networking, "0");
    h.get_by_label(menu).click();
    h.run();
    assert!(h.state().nic_form_open());
}

/// Shows `tab` of the selection and clicks the table row whose first cell reads `first`
/// (a VM's VIF by its device number, a disk by its position, a host's NIC by its name);
/// then chooses General again.
pub fn click_row(h: &mut Harness<'_, XenPilotApp>, tab: DetailsTab, first: &str) {
    h.state_mut().send(Command::ChooseTab(tab));
    h.run();
    h.query_all_by(|n| {
        n.role() == egui::accesskit::Role::Button && n.label().is_some_and(|l| l == first)
    })
    .last()
    .unwrap_or_else(|| panic!("a row {first}"))
    .click();
    h.run();
    // The next object shows its General tab, as the tests written before tabs expect.
    h.state_mut().tabs.chosen = DetailsTab::General;
    h.run();
}

/// `Harness::run` steps for an app on a live connection, whose events keep requesting
/// repaints for a few frames (the default four is tight for a loaded machine).
pub const LIVE_MAX_STEPS: u64 = 32;

/// Clicks the first widget labelled `label`, then steps six frames (running jobs spin, so
/// waiting for quiet would not end).
pub fn click(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    h.query_all_by_label(label)
        .next()
        .unwrap_or_else(|| panic!("no {label}"))
        .click();
    h.run_steps(6);
}

/// Clicks the first widget whose label starts with `prefix`, as [`click`].
pub fn click_starting(h: &mut Harness<'_, XenPilotApp>, prefix: &str) {
    h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with(prefix)))
        .next()
        .unwrap_or_else(|| panic!("nothing starts with {prefix}"))
        .click();
    h.run_steps(6);
}
