//! The one confirmation window: before the actions the table marks as asking (stopping a
//! guest, reverting or deleting a snapshot, dropping a connection) and before dismissing
//! every alert. It names the objects, shows the `xe` equivalent of what will run, and offers
//! "Don't ask me again" where the table gives a settings key (as XenCenter does). Modal:
//! Enter confirms, Escape cancels.

use super::actions::run::Invocation;
use super::actions::{Confirm as Asks, Run};
use super::command::Command;
use super::edit_form::xe_panel;
use super::windows::{AppView, AppWindow, window_any};
use crate::model::names;
use crate::model::tree::Node;
use eframe::egui;
use i18n_embed_fl::fl;
use xenapi::Ref;

/// At most this many names are listed; the rest are counted.
const LISTED: usize = 8;

/// What is to be confirmed.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    Action(Invocation),
    /// Dismiss every alert the Alerts view shows.
    DismissAlerts(Vec<(u64, Ref<xenapi::Message>)>),
}

/// The names a question gives, read when the window opens.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Question {
    /// The objects' names, as shown.
    pub names: Vec<String>,
    /// For a snapshot: the VM it is of.
    pub vm: String,
    /// The pool's name.
    pub pool: String,
}

impl Question {
    pub fn of(view: &AppView, inv: &Invocation) -> Question {
        let i18n = view.i18n;
        let p = inv.targets.pool.and_then(|id| view.pools.index(id));
        let Some(p) = p.map(|i| &view.pools[i]) else {
            return Question::default();
        };
        let cache = &p.cache;
        // Each VM named from its own pool's cache (a power action may span pools).
        let vm_name = |r: &xenapi::Ref<xenapi::Vm>| {
            let c = view
                .pools
                .index_of_node(&Node::Vm(r.clone()))
                .map_or(cache, |i| &view.pools[i].cache);
            c.vms.get(r).map(|v| names::vm_name(i18n, v))
        };
        let vms = inv.targets.vms();
        let hosts = inv.targets.nodes.iter().filter_map(|n| match n {
            Node::Host(h) => cache.hosts.get(h).map(names::host_name),
            _ => None,
        });
        // A disk: its name, and the VMs that use it.
        if let Some(vdi) = inv.targets.nodes.iter().find_map(|n| match n {
            Node::Vdi(r) => Some(r),
            _ => None,
        }) {
            let users = crate::model::disk_plans::users(cache, vdi);
            return Question {
                names: cache
                    .vdis
                    .get(vdi)
                    .map(|d| vec![names::visible(&d.name_label)])
                    .unwrap_or_default(),
                // "none" picks the question's variant for a disk no VM uses.
                vm: Some(
                    users
                        .iter()
                        .filter_map(vm_name)
                        .collect::<Vec<_>>()
                        .join(", "),
                )
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "none".into()),
                pool: p.display_name(),
            };
        }
        // A repository: its name, and its disks (what Forget drops and Destroy erases).
        if let Some(sr) = inv.targets.nodes.iter().find_map(|n| match n {
            Node::Sr(r) => Some(r),
            _ => None,
        }) {
            let mut disks: Vec<String> = crate::model::sr_plans::disks(cache, sr)
                .iter()
                .filter_map(|d| cache.vdis.get(d))
                .map(|d| names::visible(&d.name_label))
                .collect();
            disks.sort();
            let shown = disks.len().min(LISTED);
            let mut vm = disks[..shown].join(", ");
            if disks.len() > shown {
                vm.push_str(&format!(" (+{})", disks.len() - shown));
            }
            return Question {
                names: cache
                    .srs
                    .get(sr)
                    .map(|s| vec![names::sr_name(i18n, cache, s)])
                    .unwrap_or_default(),
                vm: if vm.is_empty() { "none".into() } else { vm },
                pool: p.display_name(),
            };
        }
        let networks = inv.targets.nodes.iter().filter_map(|n| match n {
            Node::Network(r) => cache
                .networks
                .get(r)
                .map(|net| names::network_name(i18n, cache, net)),
            _ => None,
        });
        Question {
            names: vms
                .iter()
                .filter_map(vm_name)
                .chain(hosts)
                .chain(networks)
                .collect(),
            vm: vms
                .first()
                .and_then(|s| cache.vms.get(s))
                .and_then(|s| vm_name(&s.snapshot_of))
                .unwrap_or_default(),
            pool: p.display_name(),
        }
    }
}

pub struct ConfirmWindow {
    pub what: Confirm,
    pub question: Question,
    pub dont_ask: bool,
}

impl ConfirmWindow {
    pub fn action(inv: Invocation, question: Question) -> Self {
        ConfirmWindow {
            what: Confirm::Action(inv),
            question,
            dont_ask: false,
        }
    }

    pub fn dismiss_alerts(alerts: Vec<(u64, Ref<xenapi::Message>)>) -> Self {
        ConfirmWindow {
            what: Confirm::DismissAlerts(alerts),
            question: Question::default(),
            dont_ask: false,
        }
    }

    fn confirmed(&self) -> Command {
        match &self.what {
            Confirm::Action(inv) => Command::Confirmed {
                inv: inv.clone(),
                dont_ask: self.dont_ask,
            },
            Confirm::DismissAlerts(a) => Command::DismissAlertsConfirmed(a.clone()),
        }
    }

    /// The title, the question, a warning, whether "Don't ask again" is offered, and the
    /// `xe` lines of what will run.
    fn words(&self, view: &AppView) -> (String, String, Option<String>, bool, Vec<String>) {
        let i18n = view.i18n;
        let l = &i18n.loader;
        let q = &self.question;
        match &self.what {
            Confirm::Action(inv) => {
                let a = inv.action;
                let action = a.label(i18n);
                let Asks::Ask {
                    skip_key,
                    question,
                    warning,
                } = a.def().confirm
                else {
                    return (action, String::new(), None, false, Vec::new());
                };
                let count = q.names.len().max(1);
                let text = i18n.get_counted(
                    question,
                    count,
                    &[
                        ("action", &action),
                        ("names", &q.names.join(", ")),
                        ("vm", &q.vm),
                        ("pool", &q.pool),
                    ],
                );
                let cache = inv
                    .targets
                    .pool
                    .and_then(|id| view.pools.cache_of(Some(id)));
                let xe = match (a.def().run, cache, &inv.on) {
                    (Run::Plan(plan), Some(_), _) => inv
                        .targets
                        .vms()
                        .iter()
                        .filter_map(|vm| {
                            let i = view.pools.index_of_node(&Node::Vm(vm.clone()))?;
                            Some(plan(&view.pools[i].cache, vm).xe)
                        })
                        .flatten()
                        .collect(),
                    (Run::HostPlan(plan), Some(c), _) => inv
                        .targets
                        .nodes
                        .iter()
                        .filter_map(|n| match n {
                            Node::Host(h) => Some(plan(c, h).xe),
                            _ => None,
                        })
                        .flatten()
                        .collect(),
                    (Run::Objects(plans), Some(c), _) => plans(c, &inv.targets)
                        .into_iter()
                        .flat_map(|j| j.plan.xe)
                        .collect(),
                    (Run::OnHost(plan), Some(c), Some(Node::Host(h))) => inv
                        .targets
                        .vms()
                        .iter()
                        .flat_map(|vm| plan(c, vm, h).xe)
                        .collect(),
                    _ => Vec::new(),
                };
                let warning = warning.map(|w| i18n.get(w));
                (action, text, warning, skip_key.is_some(), xe)
            }
            // Dismissing every alert is asked each time: it cannot be undone.
            Confirm::DismissAlerts(a) => (
                fl!(l, "alerts-dismiss-all", count = a.len()),
                fl!(l, "confirm-dismiss-alerts", count = a.len()),
                None,
                false,
                Vec::new(),
            ),
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
        let (action, question, warning, asks_again, xe) = self.words(view);
        // VMs are listed by name (a snapshot's or a pool's question names it itself).
        let list = matches!(&self.what, Confirm::Action(inv)
            if inv.action.def().scope == super::actions::Scope::Vm);
        let mut decided = None;
        let modal = egui::Modal::new(egui::Id::unique("confirm")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading(&action);
            ui.label(&question);
            if list {
                ui.add_space(4.0);
                for n in self.question.names.iter().take(LISTED) {
                    ui.label(format!("• {n}"));
                }
                if self.question.names.len() > LISTED {
                    let more = self.question.names.len() - LISTED;
                    ui.weak(fl!(l, "confirm-more", count = more));
                }
            }
            if let Some(w) = &warning {
                ui.colored_label(ui.visuals().warn_fg_color, w);
            }
            ui.add_space(6.0);
            xe_panel(ui, i18n, &xe);
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
