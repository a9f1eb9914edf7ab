//! The edit dialogs as windows: they stay where they are, take Enter and Escape only when on
//! top, keep the Tab order of what is drawn, and ask before dropping changes. Steps use
//! `run_ok`: pool events may still be streaming in and repainting.

use crate::common::PASSWORD;
use crate::forms::{Live, open_vif_form};
use crate::harness::{has, set_text, shows, wait};
use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use xenpilot::store::servers::SavedServer;
use xenpilot::ui::XenPilotApp;

/// The top-left corner of the window titled `title`.
fn top_left(h: &Harness<'_, XenPilotApp>, title: &str) -> (f64, f64) {
    let r = h
        .get_by_role_and_label(Role::Window, title)
        .accesskit_node()
        .bounding_box()
        .expect("the window's bounds");
    (r.x0, r.y0)
}

fn window_open(h: &Harness<'_, XenPilotApp>, title: &str) -> bool {
    h.query_by_role_and_label(Role::Window, title).is_some()
}

fn click(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    h.get_by_label(label).click();
    h.run_ok();
}

fn press(h: &mut Harness<'_, XenPilotApp>, key: egui::Key) {
    h.key_press(key);
    h.run_ok();
}

/// Selects the first two NICs of xcp-host-01 and opens the bulk form.
fn open_bulk_form(h: &mut Harness<'_, XenPilotApp>) {
    click(h, "xcp-host-01");
    h.state_mut().send(xenpilot::ui::Command::ChooseTab(
        xenpilot::model::tabs::DetailsTab::Networking,
    ));
    h.run_ok();
    let nics: Vec<String> = h
        .query_all_by(|n| n.label().is_some_and(|l| l.starts_with("NIC ")))
        .filter_map(|n| n.accesskit_node().label().map(|l| l.to_string()))
        .take(2)
        .collect();
    for nic in &nics {
        h.get_by_label(nic)
            .click_modifiers(egui::Modifiers::COMMAND);
        h.run_ok();
    }
    click(h, "NIC settings for 2 NICs…");
}

#[test]
fn dialogs_stay_where_they_are_when_the_xe_preview_grows_or_shrinks() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    open_vif_form(&mut h, "web-01");
    let title = "NIC settings: web-01 · 0";
    let shown = top_left(&h, title);
    for choice in [
        "ethtool-rx: On",
        "ethtool-tso: Off",
        "ethtool-gso: Off",
        "promiscuous: On",
    ] {
        click(&mut h, choice);
    }
    assert!(
        shows(&h, "other-config:promiscuous=on"),
        "four more xe lines"
    );
    assert_eq!(top_left(&h, title), shown, "grown");
    click(&mut h, "Reload");
    assert!(!shows(&h, "other-config:promiscuous=on"));
    assert_eq!(top_left(&h, title), shown, "shrunk");

    let mut h = live.app("en-US", ("root", PASSWORD));
    open_bulk_form(&mut h);
    let title = "NIC settings for 2 NICs";
    let shown = top_left(&h, title);
    click(&mut h, "ethtool-tx: Off");
    assert!(shows(&h, "other-config:ethtool-tx=off"));
    assert_eq!(top_left(&h, title), shown, "the bulk form too");
}

#[test]
fn enter_applies_and_escape_closes_only_the_newest_window() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    open_vif_form(&mut h, "web-01");
    set_text(&mut h, "mtu", "1400");
    press(&mut h, egui::Key::Enter);
    wait(&mut h, |h| has(h, "Applied."), "the apply");
    assert_eq!(live.vif("web-01")["other_config"]["mtu"], "1400");

    // The connect dialog over the form, with its recent-servers list open.
    h.state_mut().servers.servers.push(SavedServer {
        address: "pool-a.example".into(),
        user: "root".into(),
        remember: false,
    });
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run_ok();
    h.get_by_role(Role::ComboBox).click();
    h.run_ok();
    assert!(egui::Popup::is_any_open(&h.ctx));
    press(&mut h, egui::Key::Escape);
    assert!(!egui::Popup::is_any_open(&h.ctx), "Escape closes the list…");
    assert!(h.state_mut().connect_dialog().is_some(), "…only");
    press(&mut h, egui::Key::Escape);
    assert!(h.state_mut().connect_dialog().is_none(), "then the dialog");
    assert!(h.state().nic_form_open(), "not the form behind it");
    press(&mut h, egui::Key::Escape);
    assert!(!h.state().nic_form_open(), "then the form");

    // Enter applies the bulk form too.
    open_bulk_form(&mut h);
    click(&mut h, "ethtool-tx: Off");
    press(&mut h, egui::Key::Enter);
    wait(
        &mut h,
        |h| h.query_by_label_contains("of 2 NICs").is_some(),
        "the summary",
    );
}

#[test]
fn tab_follows_the_rows_and_focus_is_drawn_in_both_themes() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    click(&mut h, "db-replica");
    click(&mut h, "Edit xenstore data…");
    h.get_by_role_and_label(Role::TextInput, "Key 1").click();
    h.run_ok();
    for next in ["Value 1", "Remove 1", "Add key"] {
        press(&mut h, egui::Key::Tab);
        assert!(h.get_by_label(next).is_focused(), "{next}");
    }
    // A focused button or choice gets a 2-point outline in the selection colour.
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        let v = h.ctx.style_of(theme).visuals.clone();
        let focus = v.widgets.active.bg_stroke;
        assert!(focus.width >= 2.0, "{theme:?}");
        assert_eq!(focus.color, v.selection.stroke.color, "{theme:?}");
    }
}

#[test]
fn closing_a_form_with_pending_changes_asks_first() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    open_vif_form(&mut h, "web-01");
    click(&mut h, "ethtool-rx: On");
    let question = "Discard your changes?";
    press(&mut h, egui::Key::Escape);
    assert!(has(&h, question));
    assert!(h.state().nic_form_open());
    press(&mut h, egui::Key::Escape);
    assert!(!has(&h, question), "Escape keeps editing");
    click(&mut h, "Close window");
    assert!(has(&h, question), "the close button asks too");
    click(&mut h, "Keep editing");
    assert!(!has(&h, question) && h.state().nic_form_open());
    assert_eq!(
        h.get_by_label("ethtool-rx: On").accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True),
        "the change is still there"
    );
    press(&mut h, egui::Key::Escape);
    click(&mut h, "Discard");
    assert!(!h.state().nic_form_open());
    assert!(
        live.vif("web-01")["other_config"]
            .get("ethtool-rx")
            .is_none()
    );
    // Nothing pending: Escape closes at once (the VIF is still in the details pane).
    click(&mut h, "NIC settings…");
    assert!(h.state().nic_form_open());
    press(&mut h, egui::Key::Escape);
    assert!(!h.state().nic_form_open());

    // The xenstore form: an added row is a change.
    click(&mut h, "db-replica");
    click(&mut h, "Edit xenstore data…");
    click(&mut h, "Add key");
    press(&mut h, egui::Key::Escape);
    assert!(has(&h, question));
    click(&mut h, "Discard");
    assert!(!window_open(&h, "xenstore data: db-replica"));

    // The bulk form: opening it is not a change; choosing a value is.
    open_bulk_form(&mut h);
    press(&mut h, egui::Key::Escape);
    assert!(
        !window_open(&h, "NIC settings for 2 NICs"),
        "closed at once"
    );
    click(&mut h, "NIC settings for 2 NICs…"); // still selected
    click(&mut h, "ethtool-tx: Off");
    press(&mut h, egui::Key::Escape);
    assert!(has(&h, question));
    assert!(window_open(&h, "NIC settings for 2 NICs"));
    click(&mut h, "Discard");
    assert!(!window_open(&h, "NIC settings for 2 NICs"));
}
