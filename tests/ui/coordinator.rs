//! The app follows the pool's coordinator (its reboot, a new one designated): a new coordinator is designated while
//! a VM is selected with a tab open; the app reconnects by itself, says so, and keeps the
//! pool, the selection and the tab.

use crate::common::PASSWORD;
use crate::forms::Live;
use crate::harness::{shows, wait};
use egui_kittest::kittest::Queryable;
use serde_json::json;
use xenapi::{Credentials, Session, TransportOptions};
use xenpilot::model::tabs::DetailsTab;
use xenpilot::model::tree::Node;
use xenpilot::ui::Command;

#[test]
fn a_new_coordinator_keeps_the_pool_the_selection_and_the_tab() {
    let live = Live::with_speed(20.0);
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.get_by_label("web-02").click();
    h.run();
    h.state_mut()
        .send(Command::ChooseTab(DetailsTab::Snapshots));
    h.run();
    assert!(shows(&h, "Take snapshot…"), "the Snapshots tab");
    let selected = h.state().view().selected.cloned();
    assert!(matches!(selected, Some(Node::Vm(_))), "{selected:?}");
    // Another client hands the pool to host 2.
    let url = live.server.url.clone();
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let s = Session::login(
            &url,
            Credentials::new("root", PASSWORD),
            TransportOptions::default(),
        )
        .await
        .unwrap();
        let hosts = s.call("host.get_all_records", &[]).await.unwrap();
        let h2 = hosts
            .as_object()
            .unwrap()
            .iter()
            .find(|(_, h)| h["name_label"] == json!("xcp-host-02"))
            .map(|(r, _)| r.clone())
            .unwrap();
        s.call("pool.designate_new_master", &[json!(h2)])
            .await
            .unwrap();
    });
    let member = live.server.addresses[1].ip().to_string();
    wait(
        &mut h,
        |h| {
            shows(
                h,
                "The coordinator xcp-host-01 went away; reconnected to xcp-host-02.",
            )
        },
        "the notice",
    );
    let session = h.state().view().pools[0].session().unwrap();
    assert_eq!(session.base_url().host_str(), Some(member.as_str()));
    // The same pool, selection and tab, with the reloaded cache.
    wait(
        &mut h,
        |h| h.query_all_by_label("web-02").next().is_some(),
        "the tree",
    );
    assert_eq!(h.state().view().selected.cloned(), selected);
    assert!(shows(&h, "Take snapshot…"), "still the Snapshots tab");
}

/// Reads the demo's host `name`: its ref and record.
fn host(live: &Live, name: &str) -> (String, serde_json::Value) {
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

fn master(live: &Live) -> String {
    live.server.state.read(|db| {
        let t = db.table("pool").unwrap();
        t.rows.values().next().unwrap().fields["master"]
            .as_str()
            .unwrap()
            .to_string()
    })
}

#[test]
fn rebooting_the_coordinator_hands_over_first_follows_the_new_one_then_reboots_it() {
    let mut c = crate::common::config();
    c.task_speed = 20.0;
    c.host_boot_time = std::time::Duration::from_millis(800);
    let live = Live::with_config(c);
    let mut h = live.app("en-US", ("root", PASSWORD));
    h.query_all_by_label("xcp-host-01").next().unwrap().click();
    h.run_steps(4);
    h.query_all_by_label("Server").next().unwrap().click();
    h.run_steps(3);
    h.query_all_by_label("Reboot Server")
        .next()
        .unwrap()
        .click();
    h.run_steps(4);
    wait(
        &mut h,
        |h| shows(h, "What to do with web-01"),
        "the preflight",
    );
    // web-01's disk is on host 1's local storage: it is shut down.
    h.get_by_label("What to do with web-01").click();
    h.run_steps(3);
    h.query_all_by_label("Shut down").last().unwrap().click();
    h.run_steps(3);
    // The handover is offered: host 2 picked.
    h.query_all_by_label("Then make coordinator:")
        .last()
        .unwrap()
        .click();
    h.run_steps(3);
    h.query_all_by_label("xcp-host-02").last().unwrap().click();
    h.run_steps(4);
    let (r1, before) = host(&live, "xcp-host-01");
    let (r2, h2) = host(&live, "xcp-host-02");
    assert!(shows(
        &h,
        "xcp-host-02 becomes the coordinator first; XenPilot reconnects to it, then Reboot Server runs."
    ));
    // The xe lines: empty the server, hand over, then reboot the old coordinator.
    let xe = |h: &egui_kittest::Harness<'_, xenpilot::ui::XenPilotApp>, s: &str| shows(h, s);
    let uuid1 = before["uuid"].as_str().unwrap();
    assert!(xe(&h, &format!("xe host-evacuate uuid={uuid1}")));
    assert!(xe(
        &h,
        &format!(
            "xe pool-designate-new-master host-uuid={}",
            h2["uuid"].as_str().unwrap()
        )
    ));
    assert!(xe(&h, &format!("xe host-reboot uuid={uuid1}")));
    assert_eq!(master(&live), r1, "nothing sent yet");
    h.query_all_by_label("Reboot Server")
        .last()
        .unwrap()
        .click();
    h.run_steps(4);
    // Host 2 is made coordinator, the app follows it…
    wait(&mut h, |_| master(&live) == r2, "the handover");
    let member = live.server.addresses[1].ip().to_string();
    wait(
        &mut h,
        |h| {
            h.state().view().pools[0]
                .session()
                .is_some_and(|s| s.base_url().host_str() == Some(member.as_str()))
        },
        "the app to follow host 2",
    );
    // …then host 1, a member now, reboots and comes back with a new boot time.
    let boot = before["other_config"]["boot_time"].clone();
    wait(
        &mut h,
        |_| host(&live, "xcp-host-01").1["other_config"]["boot_time"] != boot,
        "the old coordinator to reboot",
    );
    wait(&mut h, |h| shows(h, "Done."), "the dialog's end");
    assert_eq!(master(&live), r2, "host 2 stays coordinator");
    let (_, after) = host(&live, "xcp-host-01");
    assert_eq!(
        after["other_config"]["MAINTENANCE_MODE"],
        json!("true"),
        "still in maintenance mode"
    );
}
