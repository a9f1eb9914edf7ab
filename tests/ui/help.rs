//! Help > Keyboard shortcuts (F1) and About: listed from the action table, and closed by
//! Escape like every other window.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::shows;
use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;

#[test]
fn f1_lists_the_tables_shortcuts_and_escape_closes_help_windows() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    let open = |h: &egui_kittest::Harness<'_, _>, title: &str| {
        h.query_by_role_and_label(Role::Window, title).is_some()
    };
    h.key_press(egui::Key::F1);
    h.run_steps(3);
    assert!(open(&h, "Keyboard shortcuts"));
    // Both of the palette's bindings, from its one table entry.
    assert!(shows(&h, "Ctrl+K, Ctrl+Shift+P"));
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    assert!(!open(&h, "Keyboard shortcuts"), "Escape closes F1's window");

    h.state_mut().send(xenpilot::ui::Command::About);
    h.run_steps(3);
    assert!(open(&h, "About XenPilot") || shows(&h, "MIT OR Apache-2.0"));
    h.key_press(egui::Key::Escape);
    h.run_steps(3);
    assert!(!shows(&h, "MIT OR Apache-2.0"), "Escape closes About");
}
