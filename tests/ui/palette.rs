//! The command palette (Ctrl+K, Ctrl+Shift+P): actions for the selection from the action
//! table (greyed where they do not apply, saying why), objects by name across pools with the
//! tree's visibility rules, keyboard only; and its screenshot.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{shows, wait};
use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use egui_kittest::{Harness, SnapshotResults};
use xenpilot::model::tree::Node;
use xenpilot::ui::XenPilotApp;

/// The query field's hint, which names it, in the app's language.
fn hint(h: &Harness<'_, XenPilotApp>) -> String {
    h.state().i18n.get("palette-hint")
}

fn open(h: &mut Harness<'_, XenPilotApp>, shift_p: bool) {
    if shift_p {
        h.key_press_modifiers(
            egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
            egui::Key::P,
        );
    } else {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    }
    h.run_steps(3);
    assert!(palette_open(h), "the palette opens");
}

fn palette_open(h: &Harness<'_, XenPilotApp>) -> bool {
    h.query_by_role_and_label(Role::TextInput, &hint(h))
        .is_some()
}

fn type_query(h: &mut Harness<'_, XenPilotApp>, text: &str) {
    let hint = hint(h);
    h.get_by_role_and_label(Role::TextInput, &hint)
        .type_text(text);
    h.run_steps(3);
}

fn select(h: &mut Harness<'_, XenPilotApp>, name: &str) {
    h.query_all_by_label(name).next().unwrap().click();
    h.run_steps(4);
}

fn selected_name(h: &Harness<'_, XenPilotApp>) -> Option<String> {
    match h.state().nav.selected.clone()? {
        Node::Vm(r) => h.state().cache().vms.get(&r).map(|v| v.name_label.clone()),
        Node::Host(r) => h
            .state()
            .cache()
            .hosts
            .get(&r)
            .map(|v| v.name_label.clone()),
        _ => None,
    }
}

#[test]
fn an_action_for_the_selection_runs_from_the_keyboard() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, "db-replica");
    open(&mut h, false);
    type_query(&mut h, "start");
    // Start first (the table's order), then Start on each server of the pool.
    assert!(shows(&h, "Start on server › xcp-host-01"));
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    assert!(!palette_open(&h), "choosing closes it");
    wait(
        &mut h,
        |h| shows(h, "Start · db-replica: done"),
        "the start",
    );
    assert_eq!(live.vm("db-replica")["power_state"], "Running");

    // Running now: Shut down asks first, through the same confirmation as the menus, with
    // the xe equivalent; Down moves to the line after it (Force shut down).
    open(&mut h, true);
    type_query(&mut h, "shut down");
    h.key_press(egui::Key::ArrowDown);
    h.run_steps(2);
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    assert!(shows(&h, "Force shut down this VM?"));
    assert!(shows(&h, "xe vm-shutdown uuid="), "the xe line");
    h.key_press(egui::Key::Escape);
    h.run_steps(4);
    assert_eq!(live.vm("db-replica")["power_state"], "Running");

    // An action that does not apply is listed greyed, and Enter does nothing.
    open(&mut h, false);
    type_query(&mut h, "resume");
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    assert!(palette_open(&h), "a greyed line is not chosen");
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    assert!(!palette_open(&h), "Escape closes it");
}

#[test]
fn objects_are_found_by_name_with_the_trees_visibility_rules() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    open(&mut h, false);
    type_query(&mut h, "web-10");
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    assert_eq!(selected_name(&h).as_deref(), Some("web-10"));
    // Hidden objects (HideFromXenCenter=true) are not offered unless shown in the tree.
    open(&mut h, false);
    type_query(&mut h, "backup-app");
    assert!(shows(&h, "Nothing matches."));
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
}

#[test]
fn palette_screenshots() {
    let live = Live::new();
    let mut results = SnapshotResults::new();
    // "re" and 再 (再起動, reboot): actions first, greyed ones last, then objects.
    for (lang, query) in [("en-US", "re"), ("ja", "再")] {
        let mut h = live.app(lang, ("root", PASSWORD));
        select(&mut h, "web-01");
        open(&mut h, false);
        type_query(&mut h, query);
        h.run_steps(4);
        results.add(h.try_snapshot(format!("palette-{lang}")));
    }
}
