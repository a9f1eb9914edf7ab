//! Dialogs as a user meets them from the keyboard: a modal dialog keeps Tab and Shift+Tab
//! inside and takes no clicks behind it; a tool window wraps Tab inside too but leaves the
//! main window usable; a key typed in the same frame as Tab lands in its own field; a
//! dialog keeps its size when a warning appears; and the VM Properties dialog's footer says
//! what it runs, in the user's words.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{shows, wait};
use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use xenpilot::ui::{Command, XenPilotApp};

/// The title of the nearest window around a node (the main window's root is a window too).
fn window_of(node: &egui_kittest::kittest::AccessKitNode<'_>) -> Option<String> {
    let mut n = node.parent();
    while let Some(x) = n {
        if x.role() == Role::Window {
            return Some(x.label().unwrap_or_default().to_string());
        }
        n = x.parent();
    }
    None
}

/// The title of the window holding the focused widget.
fn focus_window(h: &Harness<'_, XenPilotApp>) -> Option<String> {
    window_of(&h.query_by(|n| n.is_focused())?.accesskit_node())
}

fn window_rect(h: &Harness<'_, XenPilotApp>, title: &str) -> (f64, f64, f64, f64) {
    let r = h
        .get_by_role_and_label(Role::Window, title)
        .accesskit_node()
        .bounding_box()
        .expect("the window's bounds");
    (r.x0, r.y0, r.x1, r.y1)
}

fn select(h: &mut Harness<'_, XenPilotApp>, name: &str) {
    h.query_all_by_label(name).next().unwrap().click();
    h.run_steps(4);
}

fn properties(h: &mut Harness<'_, XenPilotApp>, vm: &str) {
    select(h, vm);
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
}

fn page(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    h.query_all_by_label(label).last().unwrap().click();
    h.run_steps(4);
}

fn set(h: &mut Harness<'_, XenPilotApp>, label: &str, value: f64) {
    h.get_by_role_and_label(Role::SpinButton, label)
        .set_value_accesskit(value);
    h.run_steps(4);
}

fn tab(h: &mut Harness<'_, XenPilotApp>, back: bool) {
    let m = if back {
        egui::Modifiers::SHIFT
    } else {
        egui::Modifiers::NONE
    };
    h.key_press_modifiers(m, egui::Key::Tab);
    h.run_steps(3);
}

#[test]
fn tab_and_shift_tab_stay_in_a_modal_dialog_and_clicks_behind_are_blocked() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    properties(&mut h, "db-replica");
    let title = "Properties of db-replica";
    h.get_by_role_and_label(Role::TextInput, "Name").click();
    h.run_steps(3);
    let mut seen = std::collections::HashSet::new();
    for back in [false, true] {
        for i in 0..40 {
            tab(&mut h, back);
            assert_eq!(
                focus_window(&h).as_deref(),
                Some(title),
                "Tab {i} (back: {back}) left the dialog"
            );
            if let Some(n) = h.query_by(|n| n.is_focused()) {
                seen.insert(n.accesskit_node().id());
            }
        }
    }
    assert!(seen.len() > 4, "Tab moved through the dialog: {seen:?}");
    // The menu bar behind takes no click while the dialog is open.
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run_steps(3);
    assert!(!egui::Popup::is_any_open(&h.ctx), "a menu opened behind");
    // Escape still closes it; then the menu answers.
    h.key_press(egui::Key::Escape);
    h.run_steps(4);
    assert!(h.query_by_role_and_label(Role::Window, title).is_none());
    h.get_by_role_and_label(Role::Button, "File").click();
    h.run_steps(3);
    assert!(
        egui::Popup::is_any_open(&h.ctx),
        "the menu after the dialog"
    );
}

#[test]
fn tab_wraps_inside_a_tool_window_which_leaves_the_main_window_usable() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.state_mut().send(Command::OpenSearch);
    h.run_steps(4);
    let title = "Search";
    let field = h
        .query_all_by_role(Role::TextInput)
        .find(|n| window_of(&n.accesskit_node()).as_deref() == Some(title))
        .expect("the search window's text field");
    let field_id = field.accesskit_node().id();
    field.click();
    h.run_steps(3);
    assert_eq!(focus_window(&h).as_deref(), Some(title));
    let focused = |h: &Harness<'_, XenPilotApp>| {
        h.query_by(|n| n.is_focused())
            .map(|n| n.accesskit_node().id())
    };
    // The title bar's three widgets come first: Shift+Tab past them goes round to the last
    // widget, and Tab as many times comes back round to the field.
    for i in 0..6 {
        tab(&mut h, true);
        assert_eq!(
            focus_window(&h).as_deref(),
            Some(title),
            "Shift+Tab {i} left it"
        );
    }
    for i in 0..6 {
        tab(&mut h, false);
        assert_eq!(focus_window(&h).as_deref(), Some(title), "Tab {i} left it");
    }
    assert_eq!(focused(&h), Some(field_id), "Tab came back round");
    for back in [false, true] {
        for i in 0..30 {
            tab(&mut h, back);
            assert_eq!(
                focus_window(&h).as_deref(),
                Some(title),
                "Tab {i} (back: {back}) left the search window"
            );
        }
    }
    // Not modal: nothing holds the main window (the menu bar sits in its resize margin here).
    assert_eq!(h.ctx.memory(|m| m.top_modal_layer()), None);
}

/// One frame as eframe runs it: the app's input hook first, then the frame.
fn step_as_eframe(h: &mut Harness<'_, XenPilotApp>) {
    let ctx = h.ctx.clone();
    let mut input = h.input().clone();
    eframe::App::raw_input_hook(h.state_mut(), &ctx, &mut input);
    *h.input_mut() = input;
    h.step();
}

fn text(h: &Harness<'_, XenPilotApp>, label: &str) -> String {
    h.get_by_role_and_label(Role::TextInput, label)
        .value()
        .unwrap_or_default()
}

#[test]
fn keys_typed_in_the_same_frame_as_tab_land_in_their_own_fields() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    select(&mut h, "db-replica");
    h.get_by_label("Edit xenstore data…").click();
    h.run_steps(4);
    h.get_by_role_and_label(Role::TextInput, "Key 1").click();
    h.run_steps(3);
    let (key, value) = (text(&h, "Key 1"), text(&h, "Value 1"));
    // Typed fast: "7", Tab, "8" reach the app in one frame.
    let tab = |pressed| egui::Event::Key {
        key: egui::Key::Tab,
        physical_key: None,
        pressed,
        repeat: false,
        modifiers: egui::Modifiers::NONE,
    };
    for e in [
        egui::Event::Text("7".into()),
        tab(true),
        tab(false),
        egui::Event::Text("8".into()),
    ] {
        h.event(e);
    }
    for _ in 0..6 {
        step_as_eframe(&mut h);
    }
    assert_eq!(
        text(&h, "Key 1"),
        format!("{key}7"),
        "the 7 in the first field"
    );
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Value 1")
            .is_focused()
    );
    assert_eq!(
        text(&h, "Value 1"),
        format!("{value}8"),
        "the 8 in the next"
    );
}

#[test]
fn vm_properties_keep_their_size_and_say_what_runs_in_the_users_words() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    properties(&mut h, "web-01");
    let title = "Properties of web-01";
    page(&mut h, "CPU");
    let shown = window_rect(&h, title);
    set(&mut h, "Maximum vCPUs", 4.0);
    assert!(shows(&h, "A running VM cannot take these changes"));
    assert!(
        shows(&h, "the number of vCPUs"),
        "the warning names the field in words"
    );
    assert!(!shows(&h, "VCPUs_max/VCPUs_at_startup"));
    assert_eq!(
        window_rect(&h, title),
        shown,
        "the warning moved the dialog"
    );
    // The maximum came down to 4 with start-up at 2: start-up above it is refused, said.
    set(&mut h, "vCPUs at start-up", 6.0);
    assert!(shows(
        &h,
        "vCPUs at start-up must be at least 1 and at most the maximum."
    ));
    assert!(
        h.get_by_label("Shut down, apply and start")
            .accesskit_node()
            .is_disabled(),
        "refused"
    );
    set(&mut h, "vCPUs at start-up", 2.0);
    assert_eq!(window_rect(&h, title), shown, "nor did the refusal");

    // While the clean shutdown runs, the preview shows that, not a forced one.
    h.get_by_label("Shut down, apply and start").click();
    h.run_steps(2);
    wait(
        &mut h,
        |h| {
            h.state().pools[0].cache.vms.values().any(|v| {
                v.name_label == "web-01"
                    && v.current_operations.values().any(|o| o == "clean_shutdown")
            })
        },
        "the shutdown under way",
    );
    assert!(shows(&h, "xe vm-shutdown uuid="));
    assert!(!shows(&h, "--force"), "the preview says what runs");
    assert_eq!(window_rect(&h, title), shown, "the steps moved the dialog");
    wait(
        &mut h,
        |h| shows(h, "All changes applied."),
        "the done line",
    );
    assert!(shows(&h, "Steps"));

    // The next edit clears the last apply's steps; a rename shows in the title.
    page(&mut h, "General");
    crate::harness::set_text(&mut h, "Name", "web-01-renamed");
    assert!(!shows(&h, "All changes applied."), "the steps linger");
    h.get_by_label("Apply").click();
    wait(
        &mut h,
        |h| {
            h.query_by_role_and_label(Role::Window, "Properties of web-01-renamed")
                .is_some()
        },
        "the title after the rename",
    );
}
