//! The edit forms driven through the real app, connected to a demo server: valid and invalid
//! input, what reaches the server, errors in the user's language; and screenshots.

use crate::common::{PASSWORD, RO_USER, server};
use crate::harness::{LIVE_MAX_STEPS, click_row, has, open_first_vif_form, set_text, shows, wait};
use eframe::egui;
use egui_kittest::kittest::{NodeT, Queryable};
use egui_kittest::{Harness, SnapshotResults};
use xenpilot::demo::DemoServer;
use xenpilot::model::tabs::DetailsTab;
use xenpilot::ui::{Command, Source, XenPilotApp};
use xenpilot::xenapi::{Credentials, TransportOptions};

pub struct Live {
    rt: tokio::runtime::Runtime,
    pub server: DemoServer,
}

impl Live {
    pub fn new() -> Live {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let server = rt.block_on(server());
        Live { rt, server }
    }

    /// A demo server whose tasks run `speed` times faster than life.
    pub fn with_speed(speed: f64) -> Live {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let mut c = crate::common::config();
        c.task_speed = speed;
        let server = rt.block_on(crate::common::server_with(c));
        Live { rt, server }
    }

    /// A demo server made with `c` (tasks' speed, a server's boot time).
    pub fn with_config(c: demo::DemoConfig) -> Live {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let server = rt.block_on(crate::common::server_with(c));
        Live { rt, server }
    }

    /// How many records of `class` the server holds.
    pub fn count(&self, class: &str) -> usize {
        self.server
            .state
            .read(|db| db.table(class).map(|t| t.rows.len()).unwrap_or(0))
    }

    pub fn app(&self, lang: &str, user: (&str, &str)) -> Harness<'static, XenPilotApp> {
        let url = self.server.url.clone();
        let handle = self.rt.handle().clone();
        let lang = lang.to_string();
        let creds = Credentials::new(user.0, user.1);
        let mut h = Harness::builder()
            // A live connection repaints as events arrive: let run() take a few more frames.
            .with_max_steps(LIVE_MAX_STEPS)
            .with_size(egui::vec2(1100.0, 760.0))
            .with_theme(egui::Theme::Light)
            .build_eframe(move |cc| {
                let ctx = cc.egui_ctx.clone();
                let conn = xenpilot::services::connection::connect(
                    &handle,
                    url,
                    creds,
                    TransportOptions::default(),
                    move || ctx.request_repaint(),
                );
                let mut app = XenPilotApp::new(Source::Live(conn), Some(handle.clone()), None);
                app.i18n.select(&lang);
                app.setup(&cc.egui_ctx);
                app
            });
        wait(&mut h, |h| h.query_by_label("web-01").is_some(), "the tree");
        h
    }

    /// A VM's record as the server holds it now.
    pub fn vm(&self, name: &str) -> serde_json::Value {
        self.server.state.read(|db| {
            let t = db.table("VM").unwrap();
            let (r, _) = t
                .rows
                .iter()
                .find(|(_, row)| row.fields["name_label"] == name)
                .unwrap();
            let mut rec = db.record("VM", r).unwrap();
            rec["ref"] = r.clone().into();
            rec
        })
    }

    pub fn vif(&self, vm: &str) -> serde_json::Value {
        let vif = self.vm(vm)["VIFs"][0].as_str().unwrap().to_string();
        self.server.state.read(|db| db.record("VIF", &vif).unwrap())
    }
}

pub fn open_vif_form(h: &mut Harness<'_, XenPilotApp>, vm: &str) {
    open_first_vif_form(h, vm, "NIC settings…");
}

#[test]
fn nic_form_applies_valid_input_to_the_server() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    open_vif_form(&mut h, "web-01"); // has ethtool-tx=on, ethtool-sg=off, mtu=1500
    h.get_by_label("ethtool-rx: On").click();
    h.run();
    set_text(&mut h, "mtu", "9000");
    assert!(
        shows(&h, "other-config:ethtool-rx=on"),
        "the xe command is shown"
    );
    assert!(!shows(&h, "ethtool-tx="), "unchanged keys are not sent");
    h.get_by_label("Apply").click();
    wait(&mut h, |h| has(h, "Applied."), "the apply");
    let oc = &live.vif("web-01")["other_config"];
    assert_eq!(oc["ethtool-rx"], "on");
    assert_eq!(oc["mtu"], "9000");
    assert_eq!(oc["ethtool-sg"], "off", "other keys untouched");
}

#[test]
fn nic_form_blocks_invalid_values_until_fixed() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    open_vif_form(&mut h, "web-10"); // carries ethtool-tso=sometimes
    assert!(
        h.query_by_label_contains("“sometimes” is not valid")
            .is_some()
    );
    assert!(h.get_by_label("Apply").accesskit_node().is_disabled());
    set_text(&mut h, "mtu", "70000");
    assert!(has(&h, "70000 is outside 68–65535."));
    h.get_by_label("ethtool-tso: Default").click();
    h.run();
    assert!(
        h.get_by_label("Apply").accesskit_node().is_disabled(),
        "mtu still bad"
    );
    let before = live.vif("web-10")["other_config"].clone();
    set_text(&mut h, "mtu", "1400");
    assert!(
        has(&h, "1400 is unusual: most networks carry 1500–9216."),
        "a warning, not an error"
    );
    assert_eq!(
        live.vif("web-10")["other_config"],
        before,
        "nothing sent while invalid"
    );
    h.get_by_label("Apply").click();
    wait(&mut h, |h| has(h, "Applied."), "the apply");
    let oc = &live.vif("web-10")["other_config"];
    assert!(oc.get("ethtool-tso").is_none(), "{oc}");
    assert_eq!(oc["mtu"], "1400");
}

#[test]
fn xenstore_form_refuses_keys_outside_vm_data_then_reaches_the_guest() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.get_by_label("db-replica").click();
    h.run();
    h.get_by_label("Edit xenstore data…").click();
    h.run();
    let rows_before = h.query_all_by_label_contains("Key ").count();
    h.get_by_label("Add key").click();
    h.run();
    let key = format!("Key {}", rows_before + 1);
    let value = format!("Value {}", rows_before + 1);
    set_text(&mut h, &key, "foo");
    assert!(has(
        &h,
        "“foo” must start with vm-data/: other keys never reach the guest."
    ));
    assert!(h.get_by_label("Apply").accesskit_node().is_disabled());
    set_text(&mut h, &key, "vm-data/foo");
    set_text(&mut h, &value, "bar");
    assert!(shows(&h, "xenstore-data:vm-data/foo=bar"));
    h.get_by_label("Apply").click();
    wait(&mut h, |h| has(h, "Applied."), "the apply");
    let vm = live.vm("db-replica");
    assert_eq!(vm["xenstore_data"]["vm-data/foo"], "bar");
    let vm_ref = vm["ref"].as_str().unwrap().to_string();
    assert!(live.server.state.guest_xenstore(&vm_ref).is_empty());
    // Start it from the toolbar once the (modal) form is closed: the guest sees vm-data/ only.
    h.key_press(egui::Key::Escape);
    h.run_ok();
    h.get_by_label("Start").click();
    wait(
        &mut h,
        |_| !live.server.state.guest_xenstore(&vm_ref).is_empty(),
        "the start",
    );
    let guest = live.server.state.guest_xenstore(&vm_ref);
    assert_eq!(guest["vm-data/foo"], "bar");
    assert!(
        guest
            .keys()
            .all(|k| k.starts_with("vm-data/") || k.starts_with("FIST/"))
    );
}

#[test]
fn a_read_only_user_gets_read_only_forms_that_name_the_role_needed() {
    let live = Live::new();
    let mut h = live.app("ja", RO_USER);
    assert!(h.state().pools[0].read_only, "the role is read after login");
    assert!(has(&h, "読み取り専用ユーザー"), "the status bar says so");
    open_vif_form_ja(&mut h);
    assert!(h.query_by_label_contains("読み取り専用: auditor").is_some());
    assert!(h.query_by_label_contains("プール オペレーター").is_some());
    h.get_by_label("promiscuous: オン").click();
    h.run();
    assert!(h.get_by_label("適用").accesskit_node().is_disabled());
    assert!(
        live.vif("web-01")["other_config"]
            .get("promiscuous")
            .is_none()
    );

    // Root on the same server edits as before.
    let h = live.app("ja", ("root", PASSWORD));
    assert!(!h.state().pools[0].read_only);
}

#[test]
fn a_write_the_server_refuses_shows_the_role_needed_and_keeps_the_input() {
    let live = Live::new();
    let mut h = live.app("ja", RO_USER);
    // As with a host that cannot report permissions: the form lets the user try.
    h.state_mut().pools[0].read_only = false;
    open_vif_form_ja(&mut h);
    h.get_by_label("promiscuous: オン").click();
    h.run();
    h.get_by_label("適用").click();
    wait(
        &mut h,
        |h| {
            h.query_by_label_contains("アクセスが拒否されました")
                .is_some()
        },
        "the error",
    );
    assert!(h.query_by_label_contains("pool-operator").is_some());
    // The choice is still there to retry with another account.
    let node = h.get_by_label("promiscuous: オン");
    assert_eq!(
        node.accesskit_node().toggled(),
        Some(egui::accesskit::Toggled::True)
    );
}

fn open_vif_form_ja(h: &mut Harness<'_, XenPilotApp>) {
    open_first_vif_form(h, "web-01", "NIC 設定…");
}

#[test]
fn several_pifs_get_one_setting_with_a_summary() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.get_by_label("xcp-host-01").click();
    h.run();
    h.state_mut()
        .send(Command::ChooseTab(DetailsTab::Networking));
    h.run();
    let nics: Vec<String> = h
        .query_all_by(|n| n.label().is_some_and(|l| l.starts_with("NIC ")))
        .filter_map(|n| n.accesskit_node().label().map(|l| l.to_string()))
        .take(2)
        .collect();
    assert_eq!(nics.len(), 2, "host 1 lists its NICs");
    h.get_by_label(&nics[0])
        .click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    h.get_by_label(&nics[1])
        .click_modifiers(egui::Modifiers::COMMAND);
    h.run();
    assert_eq!(h.state().nav.multi.len(), 2);
    h.get_by_label("NIC settings for 2 NICs…").click();
    h.run();
    h.get_by_label("ethtool-tx: Off").click();
    h.run();
    h.get_by_label("Apply").click();
    wait(
        &mut h,
        |h| h.query_by_label_contains("of 2 NICs").is_some(),
        "the summary",
    );
    let off = live.server.state.read(|db| {
        db.table("PIF")
            .unwrap()
            .rows
            .values()
            .filter(|r| r.fields["other_config"]["ethtool-tx"] == "off")
            .count()
    });
    assert!(off >= 2, "{off}");
}

#[test]
fn screenshots_of_the_forms() {
    let live = Live::new();
    let mut results = SnapshotResults::new();
    for (lang, add_key) in [("en-US", "Add key"), ("ja", "キーの追加")] {
        // web-10's VIF has an invalid ethtool-tso value: the form shows the error.
        let mut h = live.app(lang, ("root", PASSWORD));
        let vif = {
            let app = h.state();
            let vm = app
                .cache()
                .vms
                .values()
                .find(|v| v.name_label == "web-10")
                .unwrap();
            vm.vifs[0].clone()
        };
        h.state_mut()
            .send(Command::OpenNicForm(xenpilot::model::tree::Node::Vif(vif)));
        h.run();
        results.add(h.try_snapshot(format!("nic-form-{lang}")));

        // db-replica (halted) with a key typed outside vm-data/.
        let mut h = live.app(lang, ("root", PASSWORD));
        let vm = {
            let app = h.state();
            let (r, _) = app
                .cache()
                .vms
                .iter()
                .find(|(_, v)| v.name_label == "db-replica")
                .unwrap();
            r.clone()
        };
        h.state_mut().send(Command::OpenXenstoreForm(vm));
        h.run();
        h.get_by_label(add_key).click();
        h.run();
        let last = h
            .query_all_by(|n| n.role() == egui::accesskit::Role::TextInput)
            .rfind(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l.starts_with("Key ") || l.starts_with("キー "))
            })
            .and_then(|n| n.accesskit_node().label().map(|l| l.to_string()))
            .unwrap();
        set_text(&mut h, &last, "foo");
        results.add(h.try_snapshot(format!("xenstore-form-{lang}")));
    }
}

/// A refused power operation names the operation and the VM, in the user's language, and a
/// language switch re-translates the message already on screen (errors stay typed until drawn).
#[test]
fn a_refused_power_operation_is_said_and_retranslated() {
    let live = Live::new();
    let mut h = live.app("en-US", RO_USER);
    // As with a host that did not say what the role allows: the client sends, xapi refuses.
    h.state_mut().pools[0].read_only = false;
    h.state_mut().pools[0].permissions = None;
    h.get_by_label("web-01").click();
    h.run();
    h.get_by_label("Shut down").click();
    h.run();
    // Shutting down asks first, naming the VM.
    assert!(shows(&h, "Shut down this VM?"));
    assert!(shows(&h, "• web-01"));
    h.key_press(egui::Key::Enter);
    wait(
        &mut h,
        |h| shows(h, "Shut down · web-01 failed: Permission denied"),
        "the English notice",
    );
    h.state_mut().send(Command::SetLanguage("ja".into()));
    h.run();
    assert!(shows(&h, "シャットダウン · web-01"));
    assert!(shows(&h, "アクセスが拒否されました"));
    assert!(!shows(&h, "Permission denied"));
}

/// A suspended VM offers Resume (no confirmation: nothing is lost), shows progress, and the
/// result; the VM runs again on the server.
#[test]
fn a_suspended_vm_offers_resume() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.get_by_label("build-agent").click();
    h.run();
    assert!(
        h.get_by_label("Start").accesskit_node().is_disabled(),
        "not halted"
    );
    h.get_by_label("Resume").click();
    wait(
        &mut h,
        |h| shows(h, "Resume · build-agent: done"),
        "the result",
    );
    assert_eq!(live.vm("build-agent")["power_state"], "Running");
}

/// other_config:mtu is read at the next plug: the pane and the form say which MTU is in effect
/// (the record's MTU) and which one waits, also right after an Apply.
#[test]
fn the_mtu_in_effect_and_the_one_waiting_for_the_next_plug_are_told_apart() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    // db-primary's VIF 1 runs with 1500; its other_config:mtu=9000 waits for the next plug.
    h.get_by_label("db-primary").click();
    h.run_ok();
    click_row(&mut h, DetailsTab::Networking, "1");
    assert!(shows(
        &h,
        "1500 in effect; 9000 applies when the VIF is next plugged (VM start or VIF re-plug)"
    ));
    // web-01's VIF 0 runs with what it asks for: nothing is said.
    open_vif_form(&mut h, "web-01");
    assert!(!shows(&h, "in effect"));
    set_text(&mut h, "mtu", "1400");
    h.get_by_label("Apply").click();
    wait(&mut h, |h| has(h, "Applied."), "the apply");
    assert_eq!(live.vif("web-01")["MTU"], 1500, "the record keeps its MTU");
    let waiting = "1500 in effect; 1400 applies when the VIF is next plugged";
    assert!(shows(&h, waiting), "the form says it");
    // Closed (nothing pending after the Apply), the details pane says it too.
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(!h.state().nic_form_open());
    wait(&mut h, |h| shows(h, waiting), "the details pane");
}

#[test]
fn a_vif_mtu_above_its_networks_is_warned_about_but_allowed() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    open_vif_form(&mut h, "web-01"); // on a 1500 network
    set_text(&mut h, "mtu", "9000");
    assert!(has(
        &h,
        "9000 is above the network's MTU (1500): frames larger than the network carries are dropped."
    ));
    assert!(!h.get_by_label("Apply").accesskit_node().is_disabled());
    set_text(&mut h, "mtu", "1500");
    assert!(!shows(&h, "above the network's MTU"));
}

/// Add key pre-fills vm-data/ and puts the cursor after it: an incomplete key, with Apply
/// waiting and a neutral hint, until the user leaves the row or tries to apply.
#[test]
fn a_new_xenstore_key_is_incomplete_not_wrong_until_the_user_leaves_it() {
    let live = Live::new();
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.get_by_label("db-replica").click();
    h.run_ok();
    h.get_by_label("Edit xenstore data…").click();
    h.run_ok();
    let n = h.query_all_by_label_contains("Key ").count() + 1;
    let (key, value) = (format!("Key {n}"), format!("Value {n}"));
    h.get_by_label("Add key").click();
    h.run_ok();
    let input = |h: &Harness<'_, XenPilotApp>, l: &str| {
        h.get_by_role_and_label(egui::accesskit::Role::TextInput, l)
            .is_focused()
    };
    assert!(input(&h, &key), "the new key has the focus");
    let error = "Give the key a name after vm-data/";
    let calm = |h: &Harness<'_, XenPilotApp>| {
        !shows(h, error) && has(h, "Finish the new key to apply.") && !shows(h, "Fix the marked")
    };
    assert!(calm(&h), "incomplete, not an error");
    assert!(h.get_by_label("Apply").accesskit_node().is_disabled());
    // Within the row: still in progress.
    h.key_press(egui::Key::Tab);
    h.run_ok();
    assert!(input(&h, &value));
    assert!(calm(&h));
    // Out of the row (to its Remove button): now it is an error.
    h.key_press(egui::Key::Tab);
    h.run_ok();
    assert!(shows(&h, error));
    assert!(has(&h, "Fix the marked values to apply."));
    set_text(&mut h, &key, "vm-data/motd");
    assert!(!shows(&h, error));
    assert!(!h.get_by_label("Apply").accesskit_node().is_disabled());
    // Another new row: the cursor is after the prefix, so typing continues the key.
    h.get_by_label("Add key").click();
    h.run_ok();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, &format!("Key {}", n + 1))
        .type_text("x");
    h.run_ok();
    assert!(shows(&h, "xenstore-data:vm-data/x="));
    // Another new row, and Enter (an attempt to apply): the incomplete row is an error.
    h.get_by_label("Add key").click();
    h.run_ok();
    assert!(calm(&h));
    h.key_press(egui::Key::Enter);
    h.run_ok();
    assert!(shows(&h, error), "Enter tried to apply");
    assert!(
        live.vm("db-replica")["xenstore_data"]
            .get("vm-data/motd")
            .is_none(),
        "nothing sent"
    );
}
