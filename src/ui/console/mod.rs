//! The Console tab and pop-out console windows.
//!
//! - [`view`]: [`ConsoleView`], one console's state, drawn into any `Ui`;
//! - `screen`: the picture (texture from dirty rectangles), keyboard and pointer over it;
//! - [`input`]: keys (scan codes and keysyms; Right Ctrl releases the keyboard) and mouse;
//! - [`tools`]: paste text as keystrokes, save a screenshot;
//! - [`text`]: failures in the user's language.
//!
//! The tab shows the selected VM's console (a host's: its control domain's). "Pop out" moves
//! the view, connection and all, into its own native window (an egui viewport), where Full
//! screen applies; the tab then says so instead of opening a second connection.

pub mod input;
mod screen;
pub mod tools;
pub mod view;

pub use view::{ConsoleEnv, ConsoleView};

use super::{AppView, Command};
use crate::model::tree::Node;
use crate::services::console::Target;
use eframe::egui;
use xenapi::{Cache, PowerState};

/// Whose console `node` shows, and whether it runs: a VM's own, a host's control domain's.
pub fn target_of(cache: &Cache, node: &Node) -> Option<(Target, bool)> {
    let pool_hosts: Vec<String> = cache.hosts.values().map(|h| h.address.clone()).collect();
    match node {
        Node::Vm(r) => {
            let vm = cache.vms.get(r)?;
            Some((
                Target {
                    vm: r.as_str().to_string(),
                    name: vm.name_label.clone(),
                    host_console: false,
                    pool_hosts,
                },
                vm.power_state == PowerState::Running,
            ))
        }
        Node::Host(h) => {
            let host = cache.hosts.get(h)?;
            let (r, dom0) = cache
                .vms
                .iter()
                .find(|(_, v)| v.is_control_domain && v.resident_on == *h)?;
            Some((
                Target {
                    vm: r.as_str().to_string(),
                    name: host.name_label.clone(),
                    host_console: true,
                    pool_hosts,
                },
                dom0.power_state == PowerState::Running,
            ))
        }
        _ => None,
    }
}

/// The consoles: the tab's, and those popped out into their own windows.
#[derive(Default)]
pub struct Consoles {
    pub tab: ConsoleView,
    pub windows: Vec<ConsoleView>,
}

impl Consoles {
    /// Whether a console has the keyboard (its key events are taken before shortcuts).
    pub fn grab_keys(&mut self, ctx: &egui::Context) {
        if self.tab.wants_keyboard() {
            self.tab.grab_keys(ctx);
        }
    }
}

fn env_for<'a>(view: &AppView<'a>, node: Option<&Node>) -> ConsoleEnv<'a> {
    let found = node.and_then(|n| {
        let i = view.pool_of(n)?;
        let pool = &view.pools[i];
        target_of(&pool.cache, n).map(|(t, running)| (t, running, pool.session()))
    });
    let (target, running, session) = match found {
        Some((t, r, s)) => (Some(t), r, s),
        None => (None, false, None),
    };
    ConsoleEnv {
        i18n: view.i18n,
        worker: view.worker.clone(),
        session,
        target,
        running,
        pins: &view.servers.trusted_certificates,
    }
}

/// While another tab shows: the tab's console stays open for the selected object (switching
/// tabs and back keeps the session) and is closed once the selection moves elsewhere, so a
/// console nobody can see holds no connection (nor one of the pool's console sessions).
pub fn hidden(consoles: &mut Consoles, view: &AppView) {
    let Some(open) = consoles.tab.target().map(|t| t.vm.clone()) else {
        return;
    };
    let still = view.selected.is_some_and(|n| {
        view.pool_of(n)
            .and_then(|i| target_of(&view.pools[i].cache, n))
            .is_some_and(|(t, _)| t.vm == open)
    });
    if !still {
        consoles.tab = ConsoleView::default();
    }
}

/// A member certificate the user trusted from a console: the app pins it (kept in
/// servers.json, as the Connect dialog's Trust does).
fn trust(view: &mut ConsoleView, out: &mut Vec<Command>) {
    if let Some((host, fingerprint)) = view.trust_request.take() {
        out.push(Command::TrustCertificate { host, fingerprint });
    }
}

/// The Console tab.
pub fn tab(consoles: &mut Consoles, view: &AppView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let env = env_for(view, view.selected);
    if let Some(t) = &env.target
        && consoles.windows.iter().any(|w| w.target() == Some(t))
    {
        ui.label(
            view.i18n
                .get_args("console-in-window", &[("name", &t.name)]),
        );
        return;
    }
    consoles.tab.show(ui, &env);
    trust(&mut consoles.tab, out);
    if std::mem::take(&mut consoles.tab.pop_request) {
        // The view moves, connection and all, into a window of its own.
        let mut popped = std::mem::take(&mut consoles.tab);
        popped.popped = true;
        consoles.windows.push(popped);
    }
}

/// Draws the popped-out consoles, each in its own native window; closing one drops it.
pub fn windows(
    consoles: &mut Consoles,
    view: &AppView,
    ctx: &egui::Context,
    out: &mut Vec<Command>,
) {
    consoles.windows.retain_mut(|console| {
        let Some(target) = console.target().cloned() else {
            return false;
        };
        let node = Node::Vm(xenapi::Ref::new(target.vm.clone()));
        let mut env = env_for(view, Some(&node));
        // A host console is found through its control domain: keep the view's own target.
        if let Some(t) = &mut env.target {
            t.name = target.name.clone();
            t.host_console = target.host_console;
        }
        let title = view
            .i18n
            .get_args("console-window-title", &[("name", &target.name)]);
        let mut keep = true;
        ctx.show_viewport_immediate(
            egui::ViewportId::from_hash_of(("console", &target.vm)),
            egui::ViewportBuilder::default()
                .with_title(title)
                .with_inner_size([1040.0, 860.0]),
            |ui, _class| {
                egui::CentralPanel::default().show(ui, |ui| console.show(ui, &env));
                // An immediate viewport is drawn only when the main window is: while a
                // dialog of its own is open (its first frame is an invisible sizing pass,
                // typing shows progress), keep frames coming.
                if console.has_dialog() {
                    ui.ctx().request_repaint_after_for(
                        std::time::Duration::from_millis(50),
                        egui::ViewportId::ROOT,
                    );
                }
                if ui.ctx().input(|i| i.viewport().close_requested()) {
                    keep = false;
                }
            },
        );
        trust(console, out);
        keep
    });
}
