//! The details pane: Back and Forward and the selection's tabs in one row, then the tab
//! shown. Which tabs an object has and which one shows are [`crate::model::tabs`]'s
//! business; the chosen tab is kept while the selection moves. Ctrl+Page Down / Page Up step
//! through the tabs, as in XenCenter and web browsers.
//!
//! General is [`super::details_view`]; Storage and Networking are tables
//! ([`crate::model::tab_tables`]); Snapshots is [`super::snapshots_tab`]. Each stateful tab (Console, Performance, Tasks, Alerts) owns its
//! state on [`super::XenPilotApp`] and is drawn with `&mut` access to it.

use super::{Command, XenPilotApp, details_view, table};
use crate::model::details;
use crate::model::tab_tables;
use crate::model::tabs::{self, DetailsTab};
use crate::model::tree::Node;
use eframe::egui;

/// The details pane's tab state.
#[derive(Debug, Default)]
pub struct Tabs {
    /// The tab the user chose last; objects without it show General meanwhile.
    pub chosen: DetailsTab,
    /// The Snapshots tab's state.
    pub snapshots: super::snapshots_tab::SnapshotsTab,
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
    if shown != DetailsTab::Console {
        super::console::hidden(app);
    }
    if shown != DetailsTab::Performance {
        // Nothing is polled for graphs nobody looks at.
        app.perf.hide();
    }
    match shown {
        DetailsTab::General => details_view::ui(app, ui, out),
        DetailsTab::Storage | DetailsTab::Networking => table_tab(app, ui, shown, out),
        DetailsTab::Snapshots => super::snapshots_tab::ui(app, ui, out),
        DetailsTab::Tasks | DetailsTab::Alerts => {
            if let Some(node) = app.nav.selected.clone() {
                if shown == DetailsTab::Tasks {
                    super::activity::events::tab(app, ui, &node, out);
                } else {
                    super::activity::alerts::tab(app, ui, &node, out);
                }
            }
        }
        DetailsTab::Console => super::console::tab(app, ui),
        DetailsTab::Performance => super::performance::ui(app, ui, out),
    }
}

/// The Storage or Networking table of the selection: one row per disk, SR or NIC, each row
/// a click away from its object (right-click: its actions).
fn table_tab(app: &XenPilotApp, ui: &mut egui::Ui, tab: DetailsTab, out: &mut Vec<Command>) {
    let Some(node) = app.nav.selected.clone() else {
        return;
    };
    let cache = cache_for(app, &node);
    let show_hidden = app.settings.view.show_hidden;
    let Some(t) = tab_tables::table(cache, &app.i18n, &node, tab, show_hidden) else {
        ui.weak(app.i18n.get("details-gone"));
        return;
    };
    if let Some(d) = details::details(cache, &app.i18n, &node, show_hidden) {
        details_view::heading(ui, Some(&d.kind), &d.title);
        ui.add_space(4.0);
    }
    let view = app.view();
    let bulk = super::actions::avail::check(&view, super::actions::Action::BulkNic, view.multi);
    if bulk != super::actions::Availability::Hidden {
        // NICs picked with Ctrl+click: their one setting.
        ui.horizontal(|ui| out.extend(super::actions::draw::context(ui, &view, &node)));
    }
    if t.rows.is_empty() {
        ui.weak(app.i18n.get("tab-table-empty"));
        return;
    }
    let widths = table::widths(ui, &t.weights, 40.0);
    table::header(ui, &widths, &t.columns);
    let h = table::row_height(ui);
    let weak = ui.visuals().weak_text_color();
    egui::ScrollArea::vertical()
        .id_salt(("tab-table", tab.label_id()))
        .auto_shrink(false)
        .show_rows(ui, h, t.rows.len(), |ui, range| {
            for row in &t.rows[range] {
                let picked = app.nav.multi.contains(&row.node);
                ui.horizontal(|ui| {
                    for (i, (w, c)) in widths.iter().zip(&row.cells).enumerate() {
                        let mut text = egui::RichText::new(c);
                        if row.greyed {
                            text = text.color(weak);
                        }
                        let resp = if i == 0 {
                            // The first cell is the row's button: focusable, Enter selects.
                            table::cell(ui, *w, h, |ui| {
                                ui.add(
                                    egui::Button::selectable(picked, text)
                                        .frame_when_inactive(false)
                                        .truncate(),
                                )
                            })
                        } else {
                            table::cell(ui, *w, h, |ui| {
                                ui.add(
                                    egui::Label::new(text)
                                        .sense(egui::Sense::click())
                                        .truncate(),
                                )
                            })
                        };
                        details_view::clicks(app, &resp, &row.node, picked, out);
                    }
                });
            }
        });
}

/// Ctrl+Page Down / Page Up: the next or previous tab the selection offers.
pub fn stepped(app: &XenPilotApp, step: isize) -> DetailsTab {
    tabs::step(shown(app), &offered(app), step)
}
