//! Dialogs keep their size and place whatever they show: a problem line, a driver's
//! refusal, a preview or an XVA's rows appearing, or another page of a wizard, leave the
//! window's rectangle as it was (its page scrolls, its footer has a fixed height), so the
//! buttons never move under the pointer.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{click, set_text, shows, wait};
use eframe::egui;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use xenpilot::ui::{Command, XenPilotApp};

type Rect = (f64, f64, f64, f64);

/// The rectangle of the window whose title starts with `title`.
fn rect(h: &Harness<'_, XenPilotApp>, title: &str) -> Rect {
    let w = h
        .query_all_by_role(Role::Window)
        .find(|n| {
            n.accesskit_node()
                .label()
                .is_some_and(|l| l.starts_with(title))
        })
        .unwrap_or_else(|| panic!("no window {title}"));
    let r = w
        .accesskit_node()
        .bounding_box()
        .expect("the window's bounds");
    (r.x0, r.y0, r.x1, r.y1)
}

/// Empties the text field labelled `label`.
fn clear(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    h.get_by_role_and_label(Role::TextInput, label).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.key_press(egui::Key::Backspace);
    h.run_steps(4);
}

/// Every rectangle seen is the first one.
fn same(seen: &[(&str, Rect)]) {
    let (_, first) = seen[0];
    for (what, r) in seen {
        assert_eq!(
            *r, first,
            "the window moved or changed size: {what} ({seen:?})"
        );
    }
}

#[test]
fn the_new_storage_wizard_keeps_its_size_when_a_refusal_or_another_page_appears() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.state_mut().send(Command::NewSr);
    h.run_steps(4);
    let title = "New storage";
    let mut seen = vec![("opened", rect(&h, title))];
    set_text(&mut h, "Server", "nfs-down.example.lan");
    click(&mut h, "Scan for exports");
    wait(
        &mut h,
        |h| shows(h, "No NFS service answers"),
        "the refusal",
    );
    h.run_steps(4);
    seen.push(("the driver's refusal", rect(&h, title)));
    set_text(&mut h, "Server", "nfs.example.lan");
    click(&mut h, "Scan for exports");
    wait(&mut h, |h| shows(h, "/export/archive"), "the exports");
    h.run_steps(4);
    seen.push(("the exports", rect(&h, title)));
    click(&mut h, "iSCSI");
    seen.push(("the iSCSI page", rect(&h, title)));
    same(&seen);
}

#[test]
fn the_new_vm_wizard_keeps_its_size_from_step_to_step_and_with_a_problem() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.state_mut().send(Command::NewVm);
    h.run_steps(4);
    let title = "New VM";
    let mut seen = vec![("opened", rect(&h, title))];
    h.key_press(egui::Key::Enter);
    h.run_steps(4);
    clear(&mut h, "Name");
    seen.push(("no name: a problem", rect(&h, title)));
    set_text(&mut h, "Name", "new-web");
    h.run_steps(2);
    seen.push(("named", rect(&h, title)));
    for step in ["hardware", "boot", "storage", "networking", "finish"] {
        h.key_press(egui::Key::Enter);
        h.run_steps(4);
        seen.push((step, rect(&h, title)));
    }
    same(&seen);
}

#[test]
fn the_new_network_wizard_keeps_its_size_when_a_problem_appears() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.state_mut().send(Command::NewNetwork);
    h.run_steps(4);
    let title = "New network";
    let mut seen = vec![("opened", rect(&h, title))];
    click(&mut h, "Next >");
    seen.push(("details", rect(&h, title)));
    set_text(&mut h, "VLAN tag", "5000");
    assert!(shows(&h, "from 0 to 4094"));
    seen.push(("a bad tag", rect(&h, title)));
    clear(&mut h, "Name");
    seen.push(("no name", rect(&h, title)));
    same(&seen);
}

/// Removes the test's XVA file.
struct Gone(&'static str);
impl Drop for Gone {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.0);
    }
}

/// The export window for the halted db-replica, from the VM menu.
fn open_export(h: &mut Harness<'_, XenPilotApp>) {
    click(h, "db-replica");
    click(h, "VM");
    click(h, "Export…");
}

#[test]
fn the_import_window_keeps_its_size_when_a_warning_or_an_xva_s_rows_appear() {
    let file = "xva-size-db-replica.xva";
    let _gone = Gone(file);
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    open_export(&mut h);
    set_text(&mut h, "File:", file);
    h.key_press(egui::Key::Enter);
    h.run_steps(6);
    wait(
        &mut h,
        |_| std::path::Path::new(file).is_file(),
        "the export",
    );
    h.key_press(egui::Key::Escape);
    h.run_steps(4);
    click(&mut h, "File");
    click(&mut h, "Import…");
    let title = "Import VM";
    let mut seen = vec![("opened", rect(&h, title))];
    set_text(&mut h, "File:", "/nowhere/at-all.xva");
    assert!(shows(&h, "No file there."));
    seen.push(("no file there", rect(&h, title)));
    set_text(&mut h, "File:", file);
    wait(&mut h, |h| shows(h, "Interface 0 ("), "the XVA's NICs");
    h.run_steps(4);
    seen.push(("the XVA's networks", rect(&h, title)));
    same(&seen);
}

#[test]
fn the_export_window_keeps_its_size_from_the_form_to_the_progress_and_the_outcome() {
    let file = "xva-size-export.xva";
    let _gone = Gone(file);
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    open_export(&mut h);
    let title = "Export VM";
    let mut seen = vec![("the form", rect(&h, title))];
    set_text(&mut h, "File:", file);
    h.key_press(egui::Key::Enter);
    // Every frame of the export: the progress row, then the outcome's line.
    let during = std::cell::RefCell::new(Vec::new());
    wait(
        &mut h,
        |h| {
            during.borrow_mut().push(rect(h, title));
            shows(h, "db-replica: saved to")
        },
        "the export's outcome",
    );
    seen.extend(during.take().into_iter().map(|r| ("exporting", r)));
    seen.push(("the outcome", rect(&h, title)));
    same(&seen);
}

#[test]
fn the_disk_dialog_keeps_its_size_when_a_problem_appears() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    crate::storage::storage_tab(&mut h, "web-01");
    click(&mut h, "New disk…");
    let title = "New disk";
    set_text(&mut h, "Size (GiB)", "8");
    let mut seen = vec![("a size that fits", rect(&h, title))];
    set_text(&mut h, "Size (GiB)", "999999");
    assert!(shows(&h, "The repository has not that much free space."));
    seen.push(("too big", rect(&h, title)));
    same(&seen);
}
