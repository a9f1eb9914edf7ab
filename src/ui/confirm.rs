//! Confirmations before actions that stop guests or drop a connection, naming the objects,
//! with "Don't ask again" kept in the settings (as XenCenter does). Modal: Enter confirms,
//! Escape cancels.

use super::command::Command;
use super::status_bar::power_label_id;
use super::windows::{AppView, AppWindow, window_any};
use crate::edits::PowerOp;
use crate::xenapi::{Ref, Vm};
use eframe::egui;
use i18n_embed_fl::fl;

/// At most this many names are listed; the rest are counted.
const LISTED: usize = 8;

/// What is to be confirmed.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    Power(Vec<Ref<Vm>>, PowerOp),
    Disconnect(u64),
    /// Dismiss every alert the Alerts view shows.
    DismissAlerts(Vec<(u64, Ref<crate::xenapi::Message>)>),
}

pub struct ConfirmWindow {
    pub what: Confirm,
    /// The objects' names, as shown.
    pub names: Vec<String>,
    pub dont_ask: bool,
}

impl ConfirmWindow {
    pub fn new(what: Confirm, names: Vec<String>) -> Self {
        ConfirmWindow {
            what,
            names,
            dont_ask: false,
        }
    }

    fn confirmed(&self) -> Command {
        match &self.what {
            Confirm::Power(vms, op) => Command::PowerConfirmed {
                vms: vms.clone(),
                op: *op,
                dont_ask: self.dont_ask,
            },
            Confirm::Disconnect(id) => Command::DisconnectConfirmed {
                id: *id,
                dont_ask: self.dont_ask,
            },
            Confirm::DismissAlerts(a) => Command::DismissAlertsConfirmed(a.clone()),
        }
    }
}

impl AppWindow for ConfirmWindow {
    fn kind(&self) -> &'static str {
        "confirm"
    }

    window_any!();

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let l = &i18n.loader;
        let (action, question) = match &self.what {
            Confirm::Power(vms, op) => {
                let action = i18n.get(power_label_id(*op));
                let q = fl!(
                    l,
                    "confirm-power",
                    action = action.as_str(),
                    count = vms.len()
                );
                (action, q)
            }
            Confirm::DismissAlerts(a) => (
                fl!(l, "alerts-dismiss-all", count = a.len()),
                fl!(l, "confirm-dismiss-alerts", count = a.len()),
            ),
            Confirm::Disconnect(_) => {
                let name = self.names.first().cloned().unwrap_or_default();
                (
                    fl!(l, "menu-disconnect"),
                    fl!(l, "confirm-disconnect", pool = name),
                )
            }
        };
        let asks_again = !matches!(self.what, Confirm::DismissAlerts(_));
        let mut decided = None;
        let modal = egui::Modal::new(egui::Id::unique("confirm")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading(&action);
            ui.label(&question);
            if matches!(self.what, Confirm::Power(..)) {
                ui.add_space(4.0);
                for n in self.names.iter().take(LISTED) {
                    ui.label(format!("• {n}"));
                }
                if self.names.len() > LISTED {
                    let more = self.names.len() - LISTED;
                    ui.weak(fl!(l, "confirm-more", count = more));
                }
                if let Confirm::Power(_, PowerOp::HardShutdown) = self.what {
                    ui.colored_label(ui.visuals().warn_fg_color, fl!(l, "tip-vm-force-shutdown"));
                }
            }
            ui.add_space(6.0);
            // Dismissing every alert is asked each time: it cannot be undone.
            if asks_again {
                ui.checkbox(&mut self.dont_ask, fl!(l, "confirm-dont-ask"));
            }
            ui.separator();
            ui.horizontal(|ui| {
                if ui.button(&action).clicked() {
                    decided = Some(true);
                }
                if ui.button(fl!(l, "cancel")).clicked() {
                    decided = Some(false);
                }
            });
        });
        // Enter confirms, unless it just pressed a focused button (Cancel) itself.
        if decided.is_none() && ctx.input(|i| i.key_pressed(egui::Key::Enter)) {
            decided = Some(true);
        }
        if modal.should_close() && decided.is_none() {
            decided = Some(false); // Escape or a click outside
        }
        match decided {
            Some(true) => {
                out.push(self.confirmed());
                false
            }
            Some(false) => false,
            None => true,
        }
    }
}
