//! The details pane: Back and Forward and the selection's tabs in one row, then the tab
//! shown. Which tabs an object has and which one shows are [`crate::model::tabs`]'s
//! business; the chosen tab is kept while the selection moves. Ctrl+Page Down / Page Up step
//! through the tabs, as in XenCenter and web browsers.
//!
//! General is [`super::details_view`]; Storage, Networking and Snapshots list the related
//! objects of their kind. Each stateful tab (Console, Performance, Tasks, Alerts) owns its
//! state on [`super::XenPilotApp`] and is drawn with `&mut` access to it.

use super::{Command, XenPilotApp, details_view};
use crate::model::details;
use crate::model::tabs::{self, DetailsTab};
use crate::model::tree::Node;
use eframe::egui;

/// The details pane's tab state.
#[derive(Debug, Default)]
pub struct Tabs {
    /// The tab the user chose last; objects without it show General meanwhile.
    pub chosen: DetailsTab,
}

/// The tabs the selection offers (General alone without one).
pub fn offered(app: &XenPilotApp) -> Vec<DetailsTab> {
    let Some(node) = &app.nav.selected else {
        return vec![DetailsTab::General];
    };
    tabs::offered(cache_for(app, node), node)
}

/// The tab drawn now.
pub fn shown(app: &XenPilotApp) -> DetailsTab {
    tabs::shown(app.tabs.chosen, &offered(app))
}

fn cache_for<'a>(app: &'a XenPilotApp, node: &Node) -> &'a crate::xenapi::Cache {
    match app.pool_of(node) {
        Some(i) => &app.pools[i].cache,
        None => app.cache(),
    }
}

/// Draws the pane: the row of history buttons and tabs, then the tab shown.
pub fn ui(app: &mut XenPilotApp, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let offered = offered(app);
    let shown = tabs::shown(app.tabs.chosen, &offered);
    // Wrapped: a narrow pane puts the last tabs on a second line rather than cut them.
    ui.horizontal_wrapped(|ui| {
        details_view::history_buttons(app, ui, out);
        if offered.len() > 1 {
            ui.separator();
            for t in &offered {
                let title = app.i18n.get(t.label_id());
                let resp = ui.selectable_label(*t == shown, title);
                if resp.clicked() && *t != shown {
                    out.push(Command::ChooseTab(*t));
                }
            }
        }
    });
    ui.separator();
    if shown != DetailsTab::Performance {
        // Nothing is polled for graphs nobody looks at.
        app.perf.hide();
    }
    match shown {
        DetailsTab::General => details_view::ui(app, ui, out),
        DetailsTab::Storage | DetailsTab::Networking | DetailsTab::Snapshots => {
            related(app, ui, shown, out)
        }
        DetailsTab::Performance => super::performance::ui(app, ui, out),
        // Filled by their own issues: consoles (13), tasks and alerts (15).
        DetailsTab::Console | DetailsTab::Tasks | DetailsTab::Alerts => {
            ui.weak(app.i18n.get(shown.label_id()));
        }
    }
}

/// The related objects of the tab's kind (a VM's disks, its NICs, its snapshots).
fn related(app: &XenPilotApp, ui: &mut egui::Ui, tab: DetailsTab, out: &mut Vec<Command>) {
    let Some(node) = app.nav.selected.clone() else {
        return;
    };
    let show_hidden = app.settings.view.show_hidden;
    let Some(d) = details::details(cache_for(app, &node), &app.i18n, &node, show_hidden) else {
        ui.weak(app.i18n.get("details-gone"));
        return;
    };
    details_view::heading(ui, Some(&d.kind), &d.title);
    egui::ScrollArea::vertical()
        .id_salt(("related", tab.label_id()))
        .auto_shrink(false)
        .show(ui, |ui| {
            for list in d.lists.iter().filter(|l| l.tab == tab) {
                ui.add_space(6.0);
                details_view::list(app, ui, list, out);
            }
        });
}

/// Ctrl+Page Down / Page Up: the next or previous tab the selection offers.
pub fn stepped(app: &XenPilotApp, step: isize) -> DetailsTab {
    tabs::step(shown(app), &offered(app), step)
}
