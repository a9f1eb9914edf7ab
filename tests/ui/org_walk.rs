//! What a user's walk of the organising views found, against a demo server: the selection
//! follows a folder or tag renamed or deleted under it, every report names what it did,
//! a prefilled name is selected so typing replaces it, and a folder is renamed only to a
//! name XenCenter accepts.

use crate::common::{PASSWORD, RO_USER};
use crate::forms::Live;
use crate::harness::{set_text, shows, wait};
use eframe::egui;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use xenpilot::model::tree::{Node, ViewKind};
use xenpilot::ui::actions::{Action, Targets};
use xenpilot::ui::{Command, XenPilotApp};

/// A demo server whose web-01 and web-02 are in `/Prod/Web` and tagged `prod`.
fn organised() -> Live {
    let live = Live::new();
    for name in ["web-01", "web-02"] {
        let r = live.vm(name)["ref"].as_str().unwrap().to_string();
        live.server.state.write(|db| {
            db.update("VM", &r, |f| {
                f.insert("tags".into(), serde_json::json!(["prod"]));
                if let Some(serde_json::Value::Object(m)) = f.get_mut("other_config") {
                    m.insert("folder".into(), "/Prod/Web".into());
                }
            });
        });
    }
    live
}

fn app(live: &Live, view: ViewKind, select: Node) -> Harness<'static, XenPilotApp> {
    app_as(live, ("root", PASSWORD), view, select)
}

fn app_as(
    live: &Live,
    user: (&str, &str),
    view: ViewKind,
    select: Node,
) -> Harness<'static, XenPilotApp> {
    let mut h = live.app("en-US", user);
    h.state_mut().send(Command::SetView(view));
    h.state_mut().send(Command::Select(select));
    h.run_steps(4);
    h
}

/// Opens `action`'s dialog on `node` (of the first pool).
fn invoke(h: &mut Harness<'_, XenPilotApp>, action: Action, node: Node) {
    let pool = Some(h.state().pools[0].id);
    h.state_mut().send(Command::Invoke {
        action,
        targets: Targets {
            pool,
            nodes: vec![node],
        },
        on: None,
    });
    h.run_steps(4);
}

fn confirm(h: &mut Harness<'_, XenPilotApp>, label: &str) {
    h.query_all_by_label(label)
        .last()
        .unwrap_or_else(|| panic!("no {label}"))
        .click();
    h.run_steps(4);
}

fn selected(h: &Harness<'_, XenPilotApp>) -> Option<Node> {
    h.state().nav.selected.clone()
}

fn input<'h>(h: &'h Harness<'_, XenPilotApp>, label: &'h str) -> egui_kittest::Node<'h> {
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
}

fn field(h: &Harness<'_, XenPilotApp>, label: &str) -> String {
    input(h, label).value().unwrap_or_default()
}

#[test]
fn renaming_a_selected_folder_selects_it_under_its_new_name() {
    let live = organised();
    let mut h = app(&live, ViewKind::Folders, Node::Folder("/Prod/Web".into()));
    invoke(
        &mut h,
        Action::RenameFolder,
        Node::Folder("/Prod/Web".into()),
    );
    // The old name is selected: typing replaces it.
    input(&h, "Folder name").type_text("Front");
    h.run_steps(2);
    assert_eq!(field(&h, "Folder name"), "Front");
    // A `/` would move the folder, a `;` break the pool's empty list: XenCenter refuses both.
    for bad in ["Front/End", "a;b"] {
        set_text(&mut h, "Folder name", bad);
        assert!(shows(&h, "holds / or ;"), "{bad} refused");
    }
    set_text(&mut h, "Folder name", "Front");
    confirm(&mut h, "Rename folder");
    wait(
        &mut h,
        |_| live.vm("web-01")["other_config"]["folder"] == "/Prod/Front",
        "the rename on the server",
    );
    assert_eq!(selected(&h), Some(Node::Folder("/Prod/Front".into())));
    wait(
        &mut h,
        |h| shows(h, "Rename folder · /Prod/Web: done"),
        "one report naming the folder",
    );
    assert!(!shows(&h, "no longer exists"));
}

#[test]
fn deleting_a_selected_folder_selects_its_parent() {
    let live = organised();
    let mut h = app(&live, ViewKind::Folders, Node::Folder("/Prod/Web".into()));
    invoke(
        &mut h,
        Action::DeleteFolder,
        Node::Folder("/Prod/Web".into()),
    );
    confirm(&mut h, "Delete folder");
    wait(
        &mut h,
        |_| live.vm("web-01")["other_config"]["folder"] == "/Prod",
        "the VMs moved up",
    );
    assert_eq!(selected(&h), Some(Node::Folder("/Prod".into())));
    wait(&mut h, |h| shows(h, ": done"), "the report");
    assert!(!shows(&h, "no longer exists"));
}

#[test]
fn renaming_a_selected_tag_selects_the_new_tag() {
    let live = organised();
    let mut h = app(&live, ViewKind::Tags, Node::Tag("prod".into()));
    invoke(&mut h, Action::RenameTag, Node::Tag("prod".into()));
    input(&h, "New name").type_text("live");
    h.run_steps(2);
    assert_eq!(
        field(&h, "New name"),
        "live",
        "typing replaced the old name"
    );
    confirm(&mut h, "Rename tag");
    wait(
        &mut h,
        |_| live.vm("web-02")["tags"] == serde_json::json!(["live"]),
        "the tag renamed on the server",
    );
    assert_eq!(selected(&h), Some(Node::Tag("live".into())));
    wait(
        &mut h,
        |h| shows(h, "Rename tag · prod: done"),
        "the report",
    );
    assert!(!shows(&h, "no longer exists"));
}

#[test]
fn a_new_folder_is_named_in_the_report_and_move_to_replaces_the_prefilled_path() {
    let live = organised();
    let mut h = app(&live, ViewKind::Folders, Node::Folder("/Prod".into()));
    invoke(&mut h, Action::NewFolder, Node::Folder("/Prod".into()));
    set_text(&mut h, "Folder name", "Archive");
    confirm(&mut h, "New folder");
    wait(
        &mut h,
        |h| shows(h, "New folder · /Prod/Archive: done"),
        "the report names the new folder",
    );
    assert!(!shows(&h, " · : done"));

    let web = live.vm("web-01")["ref"].as_str().unwrap().to_string();
    invoke(
        &mut h,
        Action::MoveToFolder,
        Node::Vm(xenpilot::xenapi::Ref::new(web)),
    );
    let label = "Folder (empty: none)";
    assert_eq!(field(&h, label), "/Prod/Web", "it opens on the VM's folder");
    input(&h, label).type_text("Lab");
    h.run_steps(2);
    assert_eq!(field(&h, label), "Lab", "typing replaced the path");
}

/// The race CI once lost: the jobs reported "done" before xapi's event brought the renamed
/// tag into the tree, and for those frames the pane said the tag no longer existed. Here the
/// server is held (its database locked) so neither the calls nor the event can come.
#[test]
fn a_renamed_tag_not_yet_in_the_tree_is_waited_for() {
    let live = organised();
    let mut h = app(&live, ViewKind::Tags, Node::Tag("prod".into()));
    invoke(&mut h, Action::RenameTag, Node::Tag("prod".into()));
    input(&h, "New name").type_text("live");
    h.run_steps(2);
    let (hold, held) = std::sync::mpsc::channel::<()>();
    let (locked, is_locked) = std::sync::mpsc::channel::<()>();
    let state = live.server.state.clone();
    let holder = std::thread::spawn(move || {
        state.write(|_| {
            let _ = locked.send(());
            let _ = held.recv();
        })
    });
    is_locked.recv().unwrap();
    confirm(&mut h, "Rename tag");
    h.run_steps(6);
    assert_eq!(selected(&h), Some(Node::Tag("live".into())));
    assert!(!shows(&h, "no longer exists"), "the pane waits for the tag");
    hold.send(()).unwrap();
    holder.join().unwrap();
    wait(
        &mut h,
        |h| shows(h, "Objects: 2"),
        "the renamed tag's members",
    );
    assert!(!shows(&h, "no longer exists"));
}

/// Sends the Rename tag dialog's command for prod → live with `jobs`.
fn rename_prod_to_live(
    h: &mut Harness<'_, XenPilotApp>,
    jobs: Vec<xenpilot::model::org_plans::Job>,
) {
    h.state_mut().send(Command::RunJobs {
        action: Action::RenameTag,
        name: Some("prod".into()),
        jobs,
        follow: Some(Node::Tag("live".into())),
    });
}

/// When every job of a rename fails (here both VMs were deleted meanwhile by another
/// client), the new name never comes: the selection goes back to where it was rather than
/// waiting on a tag that does not exist. A user whose calls are not sent stays put.
#[test]
fn a_rename_that_fails_everywhere_returns_the_selection() {
    let live = organised();
    let mut h = app(&live, ViewKind::Tags, Node::Tag("prod".into()));
    let jobs = {
        let app = h.state();
        let pools: Vec<xenpilot::model::org_plans::PoolRef> =
            app.pools.iter().map(|p| (p.id, &*p.cache)).collect();
        xenpilot::model::org_plans::rename_tag_jobs(&pools, "prod", "live")
    };
    assert_eq!(jobs.len(), 2, "web-01 and web-02");
    let mut ro = app_as(&live, RO_USER, ViewKind::Tags, Node::Tag("prod".into()));
    rename_prod_to_live(&mut ro, jobs.clone());
    ro.run_steps(4);
    assert_eq!(
        selected(&ro),
        Some(Node::Tag("prod".into())),
        "nothing was sent"
    );
    for name in ["web-01", "web-02"] {
        let r = live.vm(name)["ref"].as_str().unwrap().to_string();
        live.server.state.write(|db| db.delete("VM", &r));
    }
    rename_prod_to_live(&mut h, jobs);
    h.run_steps(1);
    assert_eq!(selected(&h), Some(Node::Tag("live".into())));
    wait(
        &mut h,
        |h| selected(h) == Some(Node::Tag("prod".into())),
        "the selection back where it was",
    );
}
