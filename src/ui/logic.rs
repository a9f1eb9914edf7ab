//! What commands do, and the pools' lifecycle: adding, focusing, refusing the same pool twice,
//! disconnecting, reconnecting and removing; loading dumps and VM power operations in the
//! background, their results polled once a frame.

use super::command::Command;
use super::confirm::ConfirmWindow;
use super::connect_dialog::ConnectDialog;
use super::open_dialog::{self, LoadError, OpenDialog};
use super::status_bar::Notice;
use super::{Source, Status, XenPilotApp, bulk_form, nic_form, pools, xenstore_form};
use crate::model::tree::Node;
use crate::services::background::{Poll, Task};
use eframe::egui;
use std::path::PathBuf;
use std::sync::Arc;
use xenapi::{Cache, TransportOptions};

impl XenPilotApp {
    /// Applies one command.
    pub fn apply(&mut self, ctx: &egui::Context, c: Command) {
        match c {
            Command::Select(n) => {
                self.nav.history.visit(self.nav.selected.as_ref(), &n);
                self.show_selected(n);
            }
            Command::Back | Command::Forward => {
                let pools = &self.pools;
                let held = |n: &Node| pools.index_of_node(n).is_some();
                if let Some(n) = self.nav.step_history(c == Command::Back, held) {
                    self.show_selected(n);
                }
            }
            Command::ToggleMulti(n) => self.toggle_multi(n),
            // A form opens on its object's pool (a context menu may name another one).
            Command::OpenNicForm(n) => {
                self.activate_pool_of(&n);
                if let Some(w) = nic_form::open(&self.pools, &self.i18n, &n) {
                    self.windows.open(Box::new(w));
                }
            }
            Command::OpenXenstoreForm(vm) => {
                self.activate_pool_of(&Node::Vm(vm.clone()));
                if let Some(w) = xenstore_form::open(&self.pools, &self.i18n, &vm) {
                    self.windows.open(Box::new(w));
                }
            }
            Command::OpenVmProps(vms) => {
                if let Some(first) = vms.first() {
                    self.activate_pool_of(&Node::Vm(first.clone()));
                }
                if let Some(w) = super::vm_props::open(&self.pools, &self.i18n, &vms) {
                    self.windows.open(Box::new(w));
                }
            }
            Command::OpenBulkForm => {
                let pool = self
                    .nav
                    .multi
                    .first()
                    .and_then(|n| self.pools.index_of_node(n));
                let id = pool.map(|i| self.pools[i].id);
                if let Some(w) = bulk_form::open(&self.nav.multi, id) {
                    self.windows.open(Box::new(w));
                }
            }
            c @ (Command::Invoke { .. }
            | Command::InvokeOnSelection(_)
            | Command::Confirmed { .. }) => self.apply_action(c),
            Command::OpenPalette => self.windows.open(Box::new(super::palette::Palette::new())),
            Command::RunPlans { pool, action, jobs } => {
                let batch = super::jobs::new_batch();
                for (vm, plan) in jobs {
                    self.start_plan(pool, vm, action, plan, batch);
                }
            }
            Command::RunOwnedPlan {
                pool,
                action,
                owner,
                name,
                plan,
            } => {
                let batch = super::jobs::new_batch();
                self.start_owned_plan(pool, owner, name, action, plan, batch);
            }
            Command::DropInFolder { nodes, folder } => {
                let view = self.view();
                let allowed = super::actions::avail::check(
                    &view,
                    super::actions::Action::MoveToFolder,
                    &nodes,
                );
                let jobs = allowed.targets().map(|t| {
                    let pools: Vec<crate::model::org_plans::PoolRef> =
                        view.pools.iter().map(|p| (p.id, &*p.cache)).collect();
                    crate::model::org_plans::move_jobs(&pools, &t.nodes, Some(&folder))
                });
                drop(view);
                if let Some(jobs) = jobs.filter(|j| !j.is_empty()) {
                    self.apply(
                        ctx,
                        Command::RunJobs {
                            action: super::actions::Action::MoveToFolder,
                            name: None,
                            jobs,
                            follow: None,
                        },
                    );
                }
            }
            Command::RunJobs {
                action,
                name,
                jobs,
                follow,
            } => {
                let batch = super::jobs::new_batch();
                for j in jobs {
                    self.start_owned_plan(j.pool, j.owner, name.clone(), action, j.plan, batch);
                }
                // Nothing sent (a read-only user, no connection): nothing to follow.
                let sent = self.batch_running(batch);
                if let Some(n) = follow.filter(|_| sent) {
                    self.nav.history.visit(self.nav.selected.as_ref(), &n);
                    self.show_selected(n.clone());
                    self.nav.awaited = Some(super::awaited::Awaited::new(n, batch));
                }
            }
            Command::NewSr => {
                if let Some(i) = self.active_index() {
                    let p = &self.pools[i];
                    if let Some(w) = super::new_sr::NewSrWizard::open(p.id, &p.cache, &self.i18n) {
                        self.windows.open(Box::new(w));
                    }
                }
            }
            Command::ExpectCoordinatorAt { pool, address } => {
                if let Some(i) = self.pools.index(pool)
                    && let super::Source::Live(h) = &self.pools[i].source
                {
                    h.expect_coordinator_at(address);
                }
            }
            Command::NewNetwork => {
                if let Some(i) = self.active_index() {
                    let p = &self.pools[i];
                    if let Some(w) = super::networks::NewNetworkWizard::open(p.id, &p.cache) {
                        self.windows.open(Box::new(w));
                    }
                }
            }
            Command::NewVm => self.open_wizard(),
            Command::ImportVm(pool) => self.open_import(pool),
            Command::HostRebooting { pool, host } => {
                if !self.rebooting.contains(&(pool, host.clone())) {
                    self.rebooting.push((pool, host));
                }
            }
            Command::PickSnapshot(s) => self.tabs.snapshots.picked = s,
            Command::Toggle(n) => self.nav.toggle(n),
            Command::SetSearch(s) => self.nav.set_search(s),
            Command::FocusSearch => self.nav.view.focus_search = true,
            Command::OpenSearch => {
                let w = super::search::SearchWindow::new(&self.nav.search);
                self.windows.open(Box::new(w));
            }
            Command::Search(r) => {
                if self.windows.get::<super::search::SearchWindow>().is_none() {
                    let w = super::search::SearchWindow::new(&self.nav.search);
                    self.windows.open(Box::new(w));
                }
                if let Some(w) = self.windows.get_mut::<super::search::SearchWindow>() {
                    w.request(r);
                }
            }
            Command::SetView(v) => {
                self.settings.nav = v;
                self.nav.mark_tree_dirty();
                self.save_settings();
            }
            Command::SetViewOptions(o) => {
                self.settings.view = o;
                self.nav.mark_tree_dirty();
                self.save_settings();
            }
            Command::SetLanguage(lang) => {
                self.i18n.select(&lang);
                self.settings.language = Some(lang);
                self.nav.mark_tree_dirty();
                self.save_settings();
            }
            Command::SetTheme(t) => {
                self.settings.theme = t;
                self.save_settings();
            }
            Command::OpenDumpDialog => {
                if self.windows.get::<OpenDialog>().is_none() {
                    self.windows.open(Box::<OpenDialog>::default());
                }
            }
            Command::OpenDump(path) => self.start_loading(path),
            Command::CloseDumpDialog => {
                self.windows.close("open-dump");
                self.loading = None; // the loader's result is dropped
            }
            Command::OpenConnectDialog => self.open_connect_dialog(),
            Command::ConnectStart => self.start_connect(ctx),
            Command::ConnectTrust => self.trust_and_connect(ctx),
            Command::TrustCertificate { host, fingerprint } => {
                self.servers.trust(&host, &fingerprint);
                self.save_servers();
            }
            Command::ConnectCancel => self.cancel_connect(),
            Command::ConnectPick(i) => self.pick_saved(i),
            Command::Disconnect(id) => {
                self.placement.forget(id);
                if let Some(i) = self.pools.index(id) {
                    self.disconnect_pool(i);
                }
            }
            Command::Reconnect(id) => {
                if let Some(i) = self.pools.index(id) {
                    self.reconnect_pool(ctx, i);
                }
            }
            Command::RemovePool(id) => {
                self.placement.forget(id);
                if let Some(i) = self.pools.index(id) {
                    self.remove_pool(i);
                }
            }
            Command::ChooseTab(t) => self.tabs.chosen = t,
            Command::StepTab(step) => self.tabs.chosen = self.tabs.stepped(&self.view(), step),
            Command::DismissNotice => self.notice = None,
            Command::ShowMainView(v) => {
                // The menu item and shortcut of a view shown already go back to the details.
                self.activity.main = if v == self.activity.main {
                    super::activity::MainView::Details
                } else {
                    v
                };
            }
            Command::CancelTask { pool, task } => {
                if let (Some(w), Some(s)) = (self.worker(), self.pools.session_of(Some(pool)))
                    && self.can_write_to(Some(pool))
                {
                    self.activity.cancel(&w, s, task);
                }
            }
            Command::CheckPlacement { pool, pairs } => {
                if let (Some(w), Some(s)) = (self.worker(), self.pools.session_of(Some(pool)))
                    && let Some(i) = self.pools.index(pool)
                {
                    let cache = self.pools[i].cache.clone();
                    self.placement.ask(&w, s, &cache, pool, &pairs);
                }
            }
            Command::SelectTask(t) => self.activity.events.selected = t,
            Command::SelectAlert(a) => self.activity.alerts.selected = a,
            Command::SetAlertFilter(f, selected_only) => {
                self.activity.alerts.filter = f;
                self.activity.alerts.selected_only = selected_only;
            }
            Command::DismissAlerts { all: false, alerts } => self.dismiss_alerts(alerts),
            Command::DismissAlerts { all: true, alerts } => {
                let w = ConfirmWindow::dismiss_alerts(alerts);
                self.windows.open(Box::new(w));
            }
            Command::DismissAlertsConfirmed(alerts) => self.dismiss_alerts(alerts),
            Command::About => self
                .windows
                .open(Box::<super::help::AboutWindow>::default()),
            Command::Shortcuts => self
                .windows
                .open(Box::<super::help::ShortcutsWindow>::default()),
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    /// Selects `n` (without a history entry) and brings it into view in the tree.
    fn show_selected(&mut self, n: Node) {
        self.activate_pool_of(&n);
        self.nav.reveal(&n);
        self.nav.multi.clear();
        self.nav.selected = Some(n);
        self.nav.view.scroll_to_selected = true;
        // Choosing an object shows its details, as XenCenter leaves its Notifications view.
        self.activity.main = super::activity::MainView::Details;
    }

    pub(super) fn skip_confirmation(&mut self, key: &str) {
        self.settings.confirm_skip.insert(key.to_string());
        self.save_settings();
    }

    fn toggle_multi(&mut self, n: Node) {
        // Start from the selection when it is of the same kind; the primary selection (and so
        // the details pane) does not move.
        let nav = &mut self.nav;
        let same_kind = |a: &Node| std::mem::discriminant(a) == std::mem::discriminant(&n);
        if nav.multi.is_empty()
            && let Some(s) = nav.selected.as_ref().filter(|s| same_kind(s) && **s != n)
        {
            nav.multi.push(s.clone());
        }
        if let Some(i) = nav.multi.iter().position(|m| *m == n) {
            nav.multi.remove(i);
        } else {
            nav.multi.push(n);
        }
    }

    pub(super) fn save_settings(&self) {
        if let Some(p) = &self.settings_path
            && let Err(e) = self.settings.save(p)
        {
            tracing::warn!(path = %p.display(), error = %e, "cannot save settings");
        }
    }

    /// Adds a pool to the window and makes it the active one; returns its index.
    pub fn add_pool(&mut self, name: String, source: Source) -> usize {
        self.nav.mark_tree_dirty();
        self.pools.add(name, source)
    }

    /// The index of the pool that holds `node`.
    pub fn pool_of(&self, node: &Node) -> Option<usize> {
        self.pools.index_of_node(node)
    }

    fn activate_pool_of(&mut self, node: &Node) {
        if let Some(i) = self.pool_of(node) {
            self.pools.set_active(i);
        }
    }

    pub(crate) fn take_effects(&mut self, fx: pools::Effects) {
        if fx.tree_changed {
            self.nav.mark_tree_dirty();
        }
        if fx.events_pending {
            self.nav.mark_events_pending();
        }
        if fx.notice.is_some() {
            self.notice = fx.notice;
        }
    }

    /// Applies what every connection reported since the last frame.
    pub fn drain_events(&mut self) {
        for i in 0..self.pools.len() {
            let had_pool = self.pools[i].pool_ref().is_some();
            let fx = self.pools[i].drain();
            self.take_effects(fx);
            if had_pool || self.pools[i].pool_ref().is_none() {
                continue;
            }
            if let Some(dup) = self.pools.duplicate_of(i) {
                self.refuse_duplicate(i, dup);
                return; // indices moved; the rest waits for the next frame
            }
            // The placeholder the user was looking at became the pool.
            if self.nav.selected == Some(Node::Conn(self.pools[i].id)) {
                self.focus_pool(i);
            }
        }
    }

    /// Takes the results of background work: a loaded dump, power operations.
    pub(super) fn poll_tasks(&mut self) {
        if let Some((name, task)) = &mut self.loading {
            let result = match task.poll() {
                Poll::Pending => None,
                Poll::Ready(r) => Some(r),
                Poll::Vanished => Some(Err(LoadError::Vanished)),
            };
            match result {
                None => {}
                Some(Ok(cache)) => {
                    let name = name.clone();
                    self.loading = None;
                    self.windows.close("open-dump");
                    self.show_dump(cache, name);
                }
                Some(Err(e)) => {
                    self.loading = None;
                    if let Some(d) = self.windows.get_mut::<OpenDialog>() {
                        d.error = Some(e);
                    }
                }
            }
        }
        let pools = &self.pools;
        self.placement
            .poll(|id| pools.index(id).map(|i| pools[i].cache.clone()));
        let mut finished = self.poll_jobs();
        self.settle_awaited();
        if let Some(n) = self.activity.poll() {
            finished.push(n);
        }
        let span = super::frame_spans::span("activity_learn");
        self.activity.learn(&self.pools, self.nav.now);
        drop(span);
        // A failure is worth more than a success if several end in one frame.
        if let Some(n) = finished
            .iter()
            .find(|n| n.is_error())
            .or(finished.last())
            .cloned()
        {
            self.notice = Some(n);
        }
    }

    fn start_loading(&mut self, path: PathBuf) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let ctx = self.ctx.clone();
        let notify = Box::new(move || {
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        // Big dumps take a while to parse: never on the UI thread.
        match Task::spawn_blocking("dump-loader", notify, move || open_dialog::load_dump(&path)) {
            Ok(task) => self.loading = Some((name, task)),
            Err(e) => {
                let mut d = OpenDialog::default();
                d.error = Some(LoadError::Start(e.to_string()));
                self.windows.open(Box::new(d));
            }
        }
    }

    /// Shows `cache` read-only, as read from the dump `name`, beside the pools already shown.
    pub fn show_dump(&mut self, cache: Cache, name: String) {
        let i = self.add_pool(name.clone(), Source::Static);
        self.pools[i].cache = Arc::new(cache);
        self.pools[i].status = Status::File(name);
        if let Some(dup) = self.pools.duplicate_of(i) {
            self.refuse_duplicate(i, dup);
        } else {
            self.focus_pool(i);
        }
    }

    /// Selects pool `i`'s top node and brings it into view (a pool just added or loaded).
    pub(crate) fn focus_pool(&mut self, i: usize) {
        let p = &self.pools[i];
        let node = match p.cache.pool() {
            Some((r, _)) => Node::Pool(r.clone()),
            None => Node::Conn(p.id),
        };
        // What was selected before a new pool took the selection: given back if the pool is
        // refused as a duplicate (not again when its placeholder becomes the pool).
        if !self.nav.selected.as_ref().is_some_and(|n| p.holds(n)) {
            self.nav.before_focus = Some((p.id, self.nav.selected.clone(), self.nav.multi.clone()));
        }
        self.nav.multi.clear();
        self.nav.expand(&node);
        self.nav.selected = Some(node);
        self.pools.set_active(i);
        self.nav.view.scroll_to_selected = true;
        self.nav.mark_tree_dirty();
    }

    /// Pool `i` is pool `existing` again: close it and say so (XenCenter does the same).
    fn refuse_duplicate(&mut self, i: usize, existing: usize) {
        let name = self.pools[existing].display_name();
        let refused = self.pools[i].id;
        let removed = self.pools.remove(i, self.runtime.as_ref());
        // The refused pool had taken the selection: it goes back to where the user was (and
        // so does the tree's place).
        if let Some((pool, selected, multi)) = self.nav.before_focus.take()
            && pool == refused
        {
            self.nav.selected = selected;
            self.nav.multi = multi;
            self.nav.view.scroll_to_selected = true;
        }
        match removed.and_then(|p| p.reconnect) {
            // Typed in the Connect dialog: say it there, with what was typed.
            Some(r) => {
                let mut d = ConnectDialog::new(&r.url, &r.credentials.user);
                d.already_shown = Some(name);
                self.windows.open(Box::new(d));
            }
            None => self.notice = Some(Notice::AlreadyShown(name)),
        }
        self.pools
            .set_active(if existing > i { existing - 1 } else { existing });
        self.nav.mark_tree_dirty();
    }

    /// Disconnects pool `i`; it stays in the tree, greyed, to reconnect or remove.
    pub fn disconnect_pool(&mut self, i: usize) {
        if let Some(p) = self.pools.get_mut(i) {
            p.disconnect(self.runtime.as_ref());
            self.nav.selected = Some(Node::Conn(p.id));
            self.nav.multi.clear();
            self.nav.mark_tree_dirty();
        }
    }

    /// Connects pool `i` again with the address and credentials it was opened with.
    pub fn reconnect_pool(&mut self, ctx: &egui::Context, i: usize) {
        let Some(rt) = self.runtime.clone() else {
            return;
        };
        let pins = self.servers.trusted_certificates.clone();
        let Some(p) = self.pools.get_mut(i) else {
            return;
        };
        let Some(r) = p.reconnect.clone() else {
            return;
        };
        // The pins as they are now (the user may have trusted a certificate since).
        let options = TransportOptions { pins, ..r.options };
        let ctx = ctx.clone();
        let handle =
            crate::services::connection::connect(&rt, r.url, r.credentials, options, move || {
                ctx.request_repaint()
            });
        p.source = Source::Live(handle);
        p.status = Status::Connecting;
        self.nav.mark_tree_dirty();
    }

    /// Removes pool `i` from the window (disconnecting it first).
    pub fn remove_pool(&mut self, i: usize) {
        if self.pools.remove(i, self.runtime.as_ref()).is_some() {
            self.nav.selected = None;
            self.nav.multi.clear();
            self.nav.mark_tree_dirty();
        }
    }

    /// Whether the active pool is reached over plain http.
    pub fn unencrypted(&self) -> bool {
        self.pools.unencrypted()
    }
}
