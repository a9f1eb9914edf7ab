//! Carrying out an action: availability checked again (the menu may be a frame old), then
//! the one confirmation window where the table says to ask, then what the table says to
//! run: an app command, a dialog, or one plan per VM through the one plan runner
//! ([`crate::ui::jobs`]).

use super::avail::{self, Availability, Targets};
use super::{Action, Confirm, Run};
use crate::model::tree::Node;
use crate::ui::XenPilotApp;
use crate::ui::command::Command;
use crate::ui::confirm::{ConfirmWindow, Question};

/// An action chosen for some objects (and, for Start on and Move to, a server).
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    pub action: Action,
    pub targets: Targets,
    pub on: Option<Node>,
}

impl XenPilotApp {
    /// `action` on `targets` as chosen in a menu: asks first where the table says so (unless
    /// the user said not to ask again), then runs.
    pub(in crate::ui) fn invoke(&mut self, action: Action, targets: Targets, on: Option<Node>) {
        let Some(targets) = avail::check(&self.view(), action, &targets.nodes).targets() else {
            return;
        };
        if let Some(i) = targets.pool.and_then(|id| self.pools.index(id)) {
            self.pools.set_active(i);
        }
        let inv = Invocation {
            action,
            targets,
            on,
        };
        match action.def().confirm {
            Confirm::Ask { skip_key, .. }
                if !skip_key.is_some_and(|k| self.settings.confirm_skip.contains(k)) =>
            {
                let q = Question::of(&self.view(), &inv);
                self.windows.open(Box::new(ConfirmWindow::action(inv, q)));
            }
            _ => self.carry_out(inv),
        }
    }

    /// An action's shortcut (or the palette) on the selection: the multi-selection, or the
    /// selected object. When it does not apply, its `or_else` is tried (Ctrl+Y resumes a
    /// suspended VM).
    pub(in crate::ui) fn invoke_on_selection(&mut self, action: Action) {
        let view = self.view();
        let nodes = view.selection.clone();
        let chosen = [Some(action), action.def().or_else]
            .into_iter()
            .flatten()
            .find_map(|a| match avail::check(&view, a, &nodes) {
                Availability::Enabled(t) => Some((a, t)),
                _ => None,
            });
        drop(view);
        if let Some((a, t)) = chosen {
            self.invoke(a, t, None);
        }
    }

    /// The user confirmed (and maybe asked not to be asked again).
    pub(in crate::ui) fn confirmed(&mut self, inv: Invocation, dont_ask: bool) {
        if let (
            true,
            Confirm::Ask {
                skip_key: Some(k), ..
            },
        ) = (dont_ask, inv.action.def().confirm)
        {
            self.skip_confirmation(k);
        }
        self.carry_out(inv);
    }

    /// Runs what the table says, without asking. Plans are made from the cache now.
    fn carry_out(&mut self, inv: Invocation) {
        let Invocation {
            action,
            targets,
            on,
        } = inv;
        if let Run::Command(f) = action.def().run {
            self.commands.extend(f(&targets));
            return;
        }
        // One plan per VM, each on its own pool's connection (a selection may span pools).
        if let Run::Plan(plan) = action.def().run {
            let batch = crate::ui::jobs::new_batch();
            let jobs: Vec<_> = targets
                .vms()
                .into_iter()
                .filter_map(|vm| {
                    let p = &self.pools[self.pools.index_of_node(&Node::Vm(vm.clone()))?];
                    Some((p.id, plan(&p.cache, &vm), vm))
                })
                .collect();
            for (id, plan, vm) in jobs {
                self.start_plan(id, vm, action, plan, batch);
            }
            return;
        }
        let Some(id) = targets.pool else {
            return;
        };
        let Some(cache) = self.pools.cache_of(Some(id)) else {
            return;
        };
        match (action.def().run, action.def().scope) {
            (Run::HostPlan(plan), _) => {
                let batch = crate::ui::jobs::new_batch();
                let jobs: Vec<_> = targets
                    .nodes
                    .iter()
                    .filter_map(|n| match n {
                        Node::Host(h) => Some((plan(cache, h), n.clone())),
                        _ => None,
                    })
                    .collect();
                for (plan, node) in jobs {
                    self.start_node_plan(id, node, action, plan, batch);
                }
                return;
            }
            (Run::Objects(plans), _) => {
                let batch = crate::ui::jobs::new_batch();
                for j in plans(cache, &targets) {
                    self.start_owned_plan(id, j.owner, j.name, action, j.plan, batch);
                }
                return;
            }
            (Run::Dialog, _) if action == Action::ExportDisk => {
                let w = crate::ui::disk_export::DiskExportWindow::open(cache, id, &targets);
                if let Some(w) = w {
                    self.windows.open(Box::new(w));
                }
                return;
            }
            (Run::Dialog, _) if action == Action::ReattachSr => {
                let sr = super::sr_defs::sr_of(&targets);
                let w = sr.and_then(|sr| {
                    crate::ui::new_sr::NewSrWizard::reattach(id, cache, &self.i18n, sr)
                });
                if let Some(w) = w {
                    self.windows.open(Box::new(w));
                }
                return;
            }
            (Run::Dialog, _) if crate::ui::disks::handles(action) => {
                let w = crate::ui::disks::open(cache, &self.i18n, id, action, &targets);
                if let Some(w) = w {
                    self.windows.open(Box::new(w));
                }
                return;
            }
            (Run::Dialog, _) if crate::ui::networks::handles(action) => {
                let w = crate::ui::networks::open(cache, id, action, &targets.nodes);
                if let Some(w) = w {
                    self.windows.open(w);
                }
                return;
            }
            (Run::Dialog, super::Scope::Tagged | super::Scope::Tag | super::Scope::Folder) => {
                let w = crate::ui::org_dialog::open(&self.view(), action, &targets);
                if let Some(w) = w {
                    self.windows.open(Box::new(w));
                }
                return;
            }
            (Run::Dialog, super::Scope::Host | super::Scope::Pool) => {
                let w = crate::ui::hosts::open(cache, &self.i18n, id, action, &targets.nodes);
                if let Some(w) = w {
                    self.windows.open(w);
                }
                return;
            }
            _ => {}
        }
        let vms = targets.vms();
        let plans: Vec<_> = match (action.def().run, &on) {
            (Run::OnHost(plan), Some(Node::Host(h))) => vms
                .into_iter()
                .map(|vm| (plan(cache, &vm, h), vm))
                .collect(),
            (Run::Dialog, _) if action == Action::Export => {
                let w = crate::ui::transfer::ExportWindow::open(cache, &self.i18n, id, &vms);
                if let Some(w) = w {
                    self.windows.open(Box::new(w));
                }
                return;
            }
            (Run::Dialog, _) => {
                let w = crate::ui::lifecycle::dialogs::open(cache, &self.i18n, id, action, &vms);
                if let Some(w) = w {
                    self.windows.open(Box::new(w));
                }
                return;
            }
            _ => return,
        };
        let batch = crate::ui::jobs::new_batch();
        for (plan, vm) in plans {
            self.start_plan(id, vm, action, plan, batch);
        }
    }

    /// Carries out a command of the action table's kind.
    pub(in crate::ui) fn apply_action(&mut self, c: Command) {
        match c {
            Command::Invoke {
                action,
                targets,
                on,
            } => self.invoke(action, targets, on),
            Command::InvokeOnSelection(a) => self.invoke_on_selection(a),
            Command::Confirmed { inv, dont_ask } => self.confirmed(inv, dont_ask),
            _ => {}
        }
    }
}
