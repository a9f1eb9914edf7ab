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
