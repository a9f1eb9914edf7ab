//! What the user can ask for. Views never change the app directly: they return [`Command`]s,
//! which [`super::XenPilotApp::apply`] carries out once a frame (tests drive the app the same
//! way). The actions of menus, toolbars and shortcuts are [`Command::Invoke`]s of the action
//! table ([`super::actions`]), which owns each action's label, shortcut and plan.

use super::actions::run::Invocation;
use super::actions::{Action, Targets};
use crate::model::tabs::DetailsTab;
use crate::model::tree::{self, Node, ViewKind};
use crate::store::settings::Theme;
use std::path::PathBuf;
use xenapi::{Ref, Vm};

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
    /// The VM Properties dialog (the action table's Properties): one VM's, or the shared
    /// fields of several.
    OpenVmProps(Vec<Ref<Vm>>),
    OpenBulkForm,
    /// An action of the table on these objects (`on`: the server picked for Start on and
    /// Move to); asks first where the table says so.
    Invoke {
        action: Action,
        targets: Targets,
        on: Option<Node>,
    },
    /// An action on the selection (its shortcut, the palette).
    InvokeOnSelection(Action),
    /// The user confirmed an action (and maybe asked not to be asked again).
    Confirmed {
        inv: Invocation,
        dont_ask: bool,
    },
    /// The command palette (Ctrl+K).
    OpenPalette,
    Toggle(Node),
    SetSearch(String),
    FocusSearch,
    /// The Search window, on the search box's query.
    OpenSearch,
    /// Save or export in the Search window (opened first when closed).
    Search(super::search::Request),
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
    /// Pin a pool member's certificate (host key, fingerprint) the user trusted from a
    /// console.
    TrustCertificate {
        host: String,
        fingerprint: String,
    },
    /// Disconnect, reconnect or remove the pool with this window id (the action table's
    /// Disconnect asks first).
    Disconnect(u64),
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
        task: Ref<xenapi::Task>,
    },
    /// Ask pool `pool` whether each VM can run on each server (`VM.assert_can_boot_here`),
    /// for the Start on and Move to submenus.
    CheckPlacement {
        pool: u64,
        pairs: Vec<(Ref<Vm>, Ref<xenapi::Host>)>,
    },
    /// The task whose details the Events view shows.
    SelectTask(Option<(u64, Ref<xenapi::Task>)>),
    /// The alert whose text the Alerts view shows.
    SelectAlert(Option<(u64, Ref<xenapi::Message>)>),
    /// The Alerts view's filter, and whether it keeps the tree's selection only.
    SetAlertFilter(crate::model::alerts::Filter, bool),
    /// Dismiss these alerts (`all`: every alert shown, which asks first).
    DismissAlerts {
        all: bool,
        alerts: Vec<(u64, Ref<xenapi::Message>)>,
    },
    DismissAlertsConfirmed(Vec<(u64, Ref<xenapi::Message>)>),
    /// Runs these plans of `action` (a dialog's, the wizard's) on pool `pool`, one job per
    /// VM.
    RunPlans {
        pool: u64,
        action: Action,
        jobs: Vec<(Ref<Vm>, crate::model::vm_plans::Plan)>,
    },
    /// Runs one plan of `action` on pool `pool`, credited to `owner` (a disk dialog's).
    RunOwnedPlan {
        pool: u64,
        action: Action,
        owner: crate::model::tree::Node,
        /// The name its messages give; `None`: the owner's.
        name: Option<String>,
        plan: crate::model::vm_plans::Plan,
    },
    /// Runs plans of `action` on objects of any pool as one batch (organising: a tag renamed
    /// everywhere), each credited to its owner.
    RunJobs {
        action: Action,
        /// The name its report gives (a folder, a tag); `None`: each owner's.
        name: Option<String>,
        jobs: Vec<crate::model::org_plans::Job>,
        /// Where the selection goes (a renamed tag's new name): it may reach the tree only
        /// after the jobs end, and the details pane waits for it.
        follow: Option<Node>,
    },
    /// Objects dropped on a folder of the Folders view: moved there (as Move to folder).
    DropInFolder {
        nodes: Vec<Node>,
        folder: String,
    },
    /// Opens the New Storage wizard on the active pool.
    NewSr,
    /// Opens the New Network wizard on the active pool.
    NewNetwork,
    /// The pool's coordinator is about to answer at `address` (its management interface
    /// changes): the connection follows it there.
    ExpectCoordinatorAt {
        pool: u64,
        address: String,
    },
    /// Opens the New VM wizard on the active pool.
    NewVm,
    /// File > Import: an XVA file into this pool (its window id).
    ImportVm(u64),
    /// The snapshot picked in the Snapshots tab.
    PickSnapshot(Option<Ref<Vm>>),
    /// A server of pool `pool` was asked to reboot (its row says so until it is back).
    HostRebooting {
        pool: u64,
        host: Ref<xenapi::Host>,
    },
    /// Help > Keyboard shortcuts (F1).
    Shortcuts,
    About,
    Quit,
}

impl Command {
    /// Whether a menu that sent it stays open: a submenu asking the pool about servers is
    /// still being looked at.
    pub fn keeps_menu_open(&self) -> bool {
        matches!(self, Command::CheckPlacement { .. })
    }
}
