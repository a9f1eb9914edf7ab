//! The details pane: Back and Forward and the selection's tabs in one row, then the tab
//! shown. Which tabs an object has and which one shows are [`crate::model::tabs`]'s
//! business; the chosen tab is kept while the selection moves. Ctrl+Page Down / Page Up step
//! through the tabs, as in XenCenter and web browsers.
//!
//! General is [`super::details_view`]; Storage and Networking are tables
//! ([`crate::model::tab_tables`]); Snapshots is [`super::snapshots_tab`]. The pane draws
//! from the read-only [`AppView`]; each stateful tab (Console, Performance, Tasks, Alerts)
//! keeps its state on the app, lent to the pane for the frame ([`Lent`]).

use super::activity::Activity;
use super::console::Consoles;
use super::performance::PerformanceTabs;
use super::{AppView, Command, details_view, table};
use crate::model::details;
use crate::model::tab_tables;
use crate::model::tabs::{self, DetailsTab};
use eframe::egui;

/// The details pane's tab state.
#[derive(Debug, Default)]
pub struct Tabs {
    /// The tab the user chose last; objects without it show General meanwhile.
    pub chosen: DetailsTab,
    /// The Snapshots tab's state.
    pub snapshots: super::snapshots_tab::SnapshotsTab,
}

/// The stateful tabs' state, lent to the pane for a frame.
pub struct Lent<'a> {
    pub perf: &'a mut PerformanceTabs,
    pub consoles: &'a mut Consoles,
    /// Read by the Tasks and Alerts tabs (the main views change it).
    pub activity: &'a Activity,
}

impl Tabs {
    /// The tab drawn now.
    pub fn shown(&self, view: &AppView) -> DetailsTab {
        tabs::shown(self.chosen, &offered(view))
    }

    /// Ctrl+Page Down / Page Up: the next or previous tab the selection offers.
    pub fn stepped(&self, view: &AppView, step: isize) -> DetailsTab {
        tabs::step(self.shown(view), &offered(view), step)
    }
}

/// The tabs the selection offers (General alone without one).
pub fn offered(view: &AppView) -> Vec<DetailsTab> {
    let Some(node) = view.selected else {
        return vec![DetailsTab::General];
    };
    tabs::offered(view.cache_of(node), node)
}

/// Draws the pane: the row of history buttons and tabs, then the tab shown.
pub fn ui(state: &Tabs, view: &AppView, lent: Lent, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let offered = offered(view);
    let shown = tabs::shown(state.chosen, &offered);
    // Wrapped: a narrow pane puts the last tabs on a second line rather than cut them.
    ui.horizontal_wrapped(|ui| {
        details_view::history_buttons(view, ui, out);
        if offered.len() > 1 {
            ui.separator();
            for t in &offered {
                let title = view.i18n.get(t.label_id());
                let resp = ui.selectable_label(*t == shown, title);
                if resp.clicked() && *t != shown {
                    out.push(Command::ChooseTab(*t));
                }
            }
        }
    });
    ui.separator();
    if shown != DetailsTab::Console {
        super::console::hidden(lent.consoles, view);
    }
    if shown != DetailsTab::Performance {
        // Nothing is polled for graphs nobody looks at.
        lent.perf.hide();
    }
    match shown {
        DetailsTab::General => details_view::ui(view, ui, out),
        DetailsTab::Storage | DetailsTab::Networking => table_tab(view, ui, shown, out),
        DetailsTab::Snapshots => super::snapshots_tab::ui(&state.snapshots, view, ui, out),
        DetailsTab::Tasks | DetailsTab::Alerts => {
            if let Some(node) = view.selected {
                if shown == DetailsTab::Tasks {
                    super::activity::events::tab(lent.activity, view, ui, node, out);
                } else {
                    super::activity::alerts::tab(lent.activity, view, ui, node, out);
                }
            }
        }
        DetailsTab::Console => super::console::tab(lent.consoles, view, ui, out),
        DetailsTab::Performance => super::performance::ui(lent.perf, view, ui, out),
    }
}

/// The Storage or Networking table of the selection: one row per disk, SR or NIC, each row
/// a click away from its object (right-click: its actions).
fn table_tab(view: &AppView, ui: &mut egui::Ui, tab: DetailsTab, out: &mut Vec<Command>) {
    let Some(node) = view.selected else {
        return;
    };
    let cache = view.cache_of(node);
    let show_hidden = view.settings.view.show_hidden;
    let Some(t) = tab_tables::table(cache, view.i18n, node, tab, show_hidden) else {
        ui.weak(view.i18n.get("details-gone"));
        return;
    };
    if let Some(d) = details::details(cache, view.i18n, node, show_hidden) {
        details_view::heading(ui, Some(&d.kind), &d.title);
        ui.add_space(4.0);
    }
    if tab == DetailsTab::Storage {
        // New disk, Attach disk (a VM's tab); the rows' own actions are in their menus.
        super::disk_tab::buttons(view, ui, node, out);
    }
    if tab == DetailsTab::Networking {
        // New network (a pool's or a server's tab), the server's management interface.
        super::networks::tab_buttons(view, ui, node, out);
    }
    let bulk = super::actions::avail::check(view, super::actions::Action::BulkNic, view.multi);
    if bulk != super::actions::Availability::Hidden {
        // NICs picked with Ctrl+click: their one setting.
        ui.horizontal(|ui| out.extend(super::actions::draw::context(ui, view, node)));
    }
    if t.rows.is_empty() {
        ui.weak(view.i18n.get("tab-table-empty"));
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
                let picked = view.multi.contains(&row.node);
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
                        match (&row.node, tab) {
                            // A disk's menu holds the disk actions, seen from this VM.
                            (crate::model::tree::Node::Vdi(_), DetailsTab::Storage) => {
                                super::disk_tab::clicks(view, &resp, &row.node, node, out);
                            }
                            (crate::model::tree::Node::Network(_), DetailsTab::Networking)
                                if matches!(node, crate::model::tree::Node::Pool(_)) =>
                            {
                                super::networks::row_clicks(view, &resp, &row.node, out);
                            }
                            _ => details_view::clicks(view, &resp, &row.node, picked, out),
                        }
                    }
                });
            }
        });
}
