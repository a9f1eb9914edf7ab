//! What the user can ask for. Views never change the app directly: they return [`Command`]s,
//! which [`super::XenPilotApp::apply`] carries out once a frame (tests drive the app the same
//! way). [`UiCommand`] is the subset reachable from menus and the keyboard: each owns its label
//! *and* its shortcut, so the menu shows exactly the binding that works (⌘ on macOS, where
//! egui's `COMMAND` modifier is Cmd).

use super::lifecycle::VmAction;
use crate::edits::PowerOp;
use crate::i18n::I18n;
use crate::model::tabs::DetailsTab;
use crate::model::tree::{self, Node, ViewKind};
use crate::settings::Theme;
use crate::xenapi::{Ref, Vm};
use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};
use std::path::PathBuf;

/// Everything a view can ask of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Select(Node),
    /// Back and Forward through what was selected.
    Back,
    Forward,
    /// Ctrl+click: add to or remove from a multi-selection.
    ToggleMulti(Node),
    OpenNicForm(Node),
    OpenXenstoreForm(Ref<Vm>),
    OpenBulkForm,
    /// A power action on these VMs (asks first when it stops a guest).
    Power(Vec<Ref<Vm>>, PowerOp),
    /// The user confirmed (and maybe asked not to be asked again).
    PowerConfirmed {
        vms: Vec<Ref<Vm>>,
        op: PowerOp,
        dont_ask: bool,
    },
    Toggle(Node),
    SetSearch(String),
    FocusSearch,
    SetView(ViewKind),
    SetViewOptions(tree::ViewOptions),
    SetLanguage(String),
    SetTheme(Theme),
    OpenDumpDialog,
    OpenDump(PathBuf),
    /// Closing the Open dialog drops a load in progress.
    CloseDumpDialog,
    OpenConnectDialog,
    /// The Connect dialog's buttons: connect with what it holds, trust the certificate shown
    /// and connect, cancel (a login in progress, or the dialog), fill from saved server `i`.
    ConnectStart,
    ConnectTrust,
    ConnectCancel,
    ConnectPick(usize),
    /// Disconnect (asks first), reconnect or remove the pool with this window id.
    Disconnect(u64),
    DisconnectConfirmed {
        id: u64,
        dont_ask: bool,
    },
    Reconnect(u64),
    RemovePool(u64),
    /// Shows this tab of the details pane (kept while the selection moves).
    ChooseTab(DetailsTab),
    /// Ctrl+Page Down / Page Up: the next or previous tab.
    StepTab(isize),
    /// Clears the status bar's notice.
    DismissNotice,
    /// The details pane, the Events view or the Alerts view on the right-hand side.
    ShowMainView(super::activity::MainView),
    /// `task.cancel` on a task of pool `pool` (window id).
    CancelTask {
        pool: u64,
        task: Ref<crate::xenapi::Task>,
    },
    /// The task whose details the Events view shows.
    SelectTask(Option<(u64, Ref<crate::xenapi::Task>)>),
    /// The alert whose text the Alerts view shows.
    SelectAlert(Option<(u64, Ref<crate::xenapi::Message>)>),
    /// The Alerts view's filter, and whether it keeps the tree's selection only.
    SetAlertFilter(crate::model::alerts::Filter, bool),
    /// Dismiss these alerts (`all`: every alert shown, which asks first).
    DismissAlerts {
        all: bool,
        alerts: Vec<(u64, Ref<crate::xenapi::Message>)>,
    },
    DismissAlertsConfirmed(Vec<(u64, Ref<crate::xenapi::Message>)>),
    /// A VM action on these VMs (opens its dialog, asks, or runs).
    VmAction(super::lifecycle::VmAction, Vec<Ref<Vm>>),
    /// A VM action on the selection (its shortcut).
    VmActionOnSelection(super::lifecycle::VmAction),
    /// Runs these plans on pool `pool`, one job per VM.
    RunPlans {
        pool: u64,
        done: super::lifecycle::Done,
        jobs: Vec<(Ref<Vm>, crate::model::vm_plans::Plan)>,
    },
    /// Opens the New VM wizard on the active pool.
    NewVm,
    /// The snapshot picked in the Snapshots tab.
    PickSnapshot(Option<Ref<Vm>>),
    /// Help > Keyboard shortcuts (F1).
    Shortcuts,
    About,
    Quit,
}

/// The commands of the menus and the keyboard: label and shortcut in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiCommand {
    Events,
    Alerts,
    NewVm,
    VmSnapshot,
    VmCopy,
    VmStart,
    VmShutdown,
    VmReboot,
    VmSuspend,
    VmResume,
    Connect,
    OpenDump,
    Quit,
    Find,
    Shortcuts,
    About,
    Back,
    Forward,
    NextTab,
    PrevTab,
}

impl UiCommand {
    /// Every command with a shortcut, checked once a frame.
    pub const ALL: [UiCommand; 20] = [
        // Shift shortcuts first: a plain Ctrl+key would also take Ctrl+Shift+key.
        UiCommand::Events,
        UiCommand::Alerts,
        UiCommand::NewVm,
        UiCommand::VmSnapshot,
        UiCommand::VmCopy,
        UiCommand::VmStart,
        UiCommand::VmShutdown,
        UiCommand::VmReboot,
        UiCommand::VmSuspend,
        UiCommand::VmResume,
        UiCommand::Connect,
        UiCommand::OpenDump,
        UiCommand::Quit,
        UiCommand::Find,
        UiCommand::Shortcuts,
        UiCommand::About,
        UiCommand::Back,
        UiCommand::Forward,
        UiCommand::NextTab,
        UiCommand::PrevTab,
    ];

    /// The Fluent id of the menu label.
    pub fn label_id(self) -> &'static str {
        match self {
            UiCommand::Events => "menu-events",
            UiCommand::Alerts => "menu-alerts",
            UiCommand::NewVm => "menu-vm-new",
            UiCommand::VmSnapshot => "menu-vm-snapshot",
            UiCommand::VmCopy => "menu-vm-copy",
            UiCommand::VmStart => "menu-vm-start",
            UiCommand::VmShutdown => "menu-vm-shutdown",
            UiCommand::VmReboot => "menu-vm-reboot",
            UiCommand::VmSuspend => "menu-vm-suspend",
            UiCommand::VmResume => "menu-vm-resume",
            UiCommand::Connect => "menu-connect",
            UiCommand::OpenDump => "menu-open-dump",
            UiCommand::Quit => "menu-quit",
            UiCommand::Find => "menu-find",
            UiCommand::Shortcuts => "menu-shortcuts",
            UiCommand::About => "menu-about",
            UiCommand::Back => "nav-back",
            UiCommand::Forward => "nav-forward",
            UiCommand::NextTab => "tab-next",
            UiCommand::PrevTab => "tab-previous",
        }
    }

    pub fn label(self, i18n: &I18n) -> String {
        i18n.get(self.label_id())
    }

    /// The key binding (`COMMAND` is Ctrl, or Cmd on macOS).
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let cmd = |k| Some(KeyboardShortcut::new(Modifiers::COMMAND, k));
        let cmd_shift = |k| {
            Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                k,
            ))
        };
        match self {
            UiCommand::Events => cmd_shift(Key::E),
            UiCommand::Alerts => cmd_shift(Key::A),
            // XenCenter's bindings: Ctrl+B start, Ctrl+E shut down, Ctrl+R reboot, Ctrl+Y
            // suspend and resume (the one that applies fires).
            UiCommand::NewVm => cmd_shift(Key::N),
            UiCommand::VmSnapshot => cmd_shift(Key::S),
            UiCommand::VmCopy => cmd_shift(Key::C),
            UiCommand::VmStart => cmd(Key::B),
            UiCommand::VmShutdown => cmd(Key::E),
            UiCommand::VmReboot => cmd(Key::R),
            UiCommand::VmSuspend => cmd(Key::Y),
            UiCommand::VmResume => None,
            UiCommand::Connect => cmd(Key::N),
            UiCommand::OpenDump => cmd(Key::O),
            UiCommand::Quit => cmd(Key::Q),
            UiCommand::Find => cmd(Key::F),
            UiCommand::Shortcuts => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F1)),
            UiCommand::About => None,
            // As in web browsers.
            UiCommand::Back => Some(KeyboardShortcut::new(Modifiers::ALT, Key::ArrowLeft)),
            UiCommand::Forward => Some(KeyboardShortcut::new(Modifiers::ALT, Key::ArrowRight)),
            // As XenCenter's tab control and web browsers.
            UiCommand::NextTab => cmd(Key::PageDown),
            UiCommand::PrevTab => cmd(Key::PageUp),
        }
    }

    /// What choosing it does.
    pub fn command(self) -> Command {
        match self {
            // The view's menu item and shortcut toggle it (see `XenPilotApp::apply`).
            UiCommand::Events => Command::ShowMainView(super::activity::MainView::Events),
            UiCommand::Alerts => Command::ShowMainView(super::activity::MainView::Alerts),
            UiCommand::NewVm => Command::NewVm,
            UiCommand::VmSnapshot => Command::VmActionOnSelection(VmAction::Snapshot),
            UiCommand::VmCopy => Command::VmActionOnSelection(VmAction::Copy),
            UiCommand::VmStart => Command::VmActionOnSelection(VmAction::Power(PowerOp::Start)),
            UiCommand::VmShutdown => {
                Command::VmActionOnSelection(VmAction::Power(PowerOp::CleanShutdown))
            }
            UiCommand::VmReboot => {
                Command::VmActionOnSelection(VmAction::Power(PowerOp::CleanReboot))
            }
            UiCommand::VmSuspend => Command::VmActionOnSelection(VmAction::Power(PowerOp::Suspend)),
            UiCommand::VmResume => Command::VmActionOnSelection(VmAction::Power(PowerOp::Resume)),
            UiCommand::Connect => Command::OpenConnectDialog,
            UiCommand::OpenDump => Command::OpenDumpDialog,
            UiCommand::Quit => Command::Quit,
            UiCommand::Find => Command::FocusSearch,
            UiCommand::Shortcuts => Command::Shortcuts,
            UiCommand::About => Command::About,
            UiCommand::Back => Command::Back,
            UiCommand::Forward => Command::Forward,
            UiCommand::NextTab => Command::StepTab(1),
            UiCommand::PrevTab => Command::StepTab(-1),
        }
    }

    /// The shortcut as this platform writes it (⌘F on macOS; Ctrl+F, or Strg+F in German,
    /// elsewhere); empty without one.
    pub fn shortcut_text(self, ctx: &egui::Context, i18n: &I18n) -> String {
        self.shortcut().map_or_else(String::new, |sc| {
            ctx.format_shortcut(&sc)
                .replace("Ctrl", &i18n.get("key-ctrl"))
        })
    }

    /// A menu button showing the label and the shortcut as this platform writes it.
    pub fn menu_button(self, ui: &mut egui::Ui, i18n: &I18n) -> Option<Command> {
        let mut button = egui::Button::new(self.label(i18n));
        if self.shortcut().is_some() {
            button = button.shortcut_text(self.shortcut_text(ui.ctx(), i18n));
        }
        ui.add(button).clicked().then(|| self.command())
    }

    /// Whether a text field keeps the shortcut (Alt+Left moves by word on macOS).
    fn yields_to_text(self) -> bool {
        // Back/Forward: Alt+Left moves by word on macOS; the VM actions must not fire while
        // a name is typed.
        !matches!(
            self,
            UiCommand::Connect
                | UiCommand::OpenDump
                | UiCommand::Quit
                | UiCommand::Find
                | UiCommand::Shortcuts
                | UiCommand::About
                | UiCommand::NextTab
                | UiCommand::PrevTab
                | UiCommand::Events
                | UiCommand::Alerts
                | UiCommand::NewVm
        )
    }

    /// A small button showing `icon`, named by the label, with the shortcut in its tooltip.
    pub fn icon_button(
        self,
        ui: &mut egui::Ui,
        i18n: &I18n,
        icon: &str,
        enabled: bool,
    ) -> Option<Command> {
        let label = self.label(i18n);
        let tip = match self.shortcut() {
            Some(sc) => format!("{label} ({})", ui.ctx().format_shortcut(&sc)),
            None => label.clone(),
        };
        let resp = ui
            .add_enabled(enabled, egui::Button::new(icon).small())
            .on_hover_text(tip);
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, enabled, &label));
        resp.clicked().then(|| self.command())
    }

    /// The commands whose shortcut was pressed this frame (the keys are consumed).
    pub fn pressed(ctx: &egui::Context) -> Vec<Command> {
        let typing = ctx.egui_wants_keyboard_input();
        ctx.input_mut(|i| {
            UiCommand::ALL
                .into_iter()
                .filter(|c| !(typing && c.yields_to_text()))
                .filter(|c| c.shortcut().is_some_and(|sc| i.consume_shortcut(&sc)))
                .map(UiCommand::command)
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_menu_command_has_a_label_in_every_language() {
        for (lang, _) in crate::i18n::LANGUAGES {
            let i18n = I18n::new(lang);
            for c in UiCommand::ALL {
                assert!(
                    i18n.try_get(c.label_id(), &[]).is_some(),
                    "{lang} lacks {}",
                    c.label_id()
                );
            }
        }
    }

    #[test]
    fn shortcuts_are_distinct() {
        let mut seen = Vec::new();
        for c in UiCommand::ALL {
            if let Some(sc) = c.shortcut() {
                assert!(!seen.contains(&sc), "{c:?} reuses a shortcut");
                seen.push(sc);
            }
        }
    }
}
