//! What the user can ask for. Views never change the app directly: they return [`Command`]s,
//! which [`super::XenPilotApp::apply`] carries out once a frame (tests drive the app the same
//! way). [`UiCommand`] is the subset reachable from menus and the keyboard: each owns its label
//! *and* its shortcut, so the menu shows exactly the binding that works (⌘ on macOS, where
//! egui's `COMMAND` modifier is Cmd).

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
    /// Help > Keyboard shortcuts (F1).
    Shortcuts,
    About,
    Quit,
}

/// The commands of the menus and the keyboard: label and shortcut in one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UiCommand {
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
    pub const ALL: [UiCommand; 10] = [
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
        match self {
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
        matches!(self, UiCommand::Back | UiCommand::Forward)
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
