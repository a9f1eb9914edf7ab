//! The action table: the one place an action is defined.
//!
//! Each [`Action`] has one [`Def`] in [`table::TABLE`] (as ripgrep's `FLAGS` or rerun's
//! `UICommand`): its label and tooltip, its shortcut, the objects it applies to, the
//! `allowed_operations` entry xapi must list for it, whether it needs a role that writes,
//! how it confirms, and what it runs: a [`Plan`] of XenAPI calls per VM (which also gives
//! its `xe` equivalent), a plan per VM and chosen server, a dialog, or an app command.
//!
//! Everything else reads the table: the menus, the context menus and the toolbar place
//! actions ([`layout`]) and draw them ([`draw`]) enabled as [`avail`] decides, saying why
//! not; the key handling ([`Action::pressed`]), F1's list and the command palette list them;
//! [`run`] carries one out (availability again, then the one confirmation window, then the
//! one plan runner, `crate::ui::jobs`). Adding an action is one entry in the table (plus
//! its place in a layout, its Fluent strings, and the demo-server method it calls).

pub mod avail;
pub mod disk_defs;
pub mod draw;
pub mod host_avail;
pub mod host_table;
pub mod layout;
pub mod net_table;
pub mod org_table;
pub mod run;
pub mod sr_defs;
pub mod storage_table;
pub mod table;
pub mod vm_avail;
mod why_words;

use crate::i18n::I18n;
use crate::model::vm_plans::Plan;
use crate::ui::command::Command;
use eframe::egui::{self, KeyboardShortcut};
use xenapi::{Cache, Host, Ref, Vm};

pub use avail::{Availability, Targets, WhyNot};
pub use table::TABLE;

/// Every action of the app. The order is the table's: `TABLE[a as usize]` is `a`'s entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    // The app.
    Connect,
    OpenDump,
    Quit,
    Find,
    Palette,
    Events,
    Alerts,
    Back,
    Forward,
    NextTab,
    PrevTab,
    Shortcuts,
    About,
    SearchResults,
    SaveSearch,
    ExportSearchCsv,
    ExportSearchJson,
    // A pool.
    NewVm,
    Import,
    Disconnect,
    Reconnect,
    RemovePool,
    // VMs.
    Start,
    StartOn,
    Resume,
    Unpause,
    Shutdown,
    ForceShutdown,
    Reboot,
    ForceReboot,
    Suspend,
    Pause,
    Snapshot,
    Copy,
    Export,
    Migrate,
    Delete,
    Xenstore,
    Properties,
    // Snapshots.
    Revert,
    DeleteSnapshot,
    // NICs.
    NicSettings,
    BulkNic,
    // Servers and the pool (`host_table.rs`).
    EnterMaintenance,
    ExitMaintenance,
    HostReboot,
    HostShutdown,
    HostPowerOn,
    RestartToolstack,
    HostDisable,
    HostEnable,
    DesignateCoordinator,
    EjectHost,
    HostProperties,
    PoolRename,
    PoolProperties,
    NewCoordinator,
    // Disks (the Storage tabs).
    NewDisk,
    AttachDisk,
    DetachDisk,
    DeleteDisk,
    ResizeDisk,
    MoveDisk,
    DiskProperties,
    ExportDisk,
    // Repositories.
    RescanSr,
    RepairSr,
    DetachSr,
    ForgetSr,
    DestroySr,
    SetDefaultSr,
    SrProperties,
    NewSr,
    AddDiskToSr,
    ReattachSr,
    // Networks (`net_table.rs`).
    NewNetwork,
    NetworkProperties,
    DeleteNetwork,
    ManagementInterface,
    // Organising: tags, folders, custom fields (`org_table.rs`).
    EditTags,
    MoveToFolder,
    CustomFields,
    NewFolder,
    RenameFolder,
    DeleteFolder,
    RenameTag,
}

/// The objects an action applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The app itself: always there.
    App,
    /// A pool (or a connection not loaded yet).
    Pool,
    /// Guest VMs (not templates, snapshots or control domains).
    Vm,
    /// Snapshots.
    Snapshot,
    /// One VIF or PIF.
    Nic,
    /// Two or more NICs of one kind, picked with Ctrl+click.
    Nics,
    /// One server.
    Host,
    /// One disk (a VDI), with the VM whose Storage tab shows it when there is one.
    Disk,
    /// One storage repository.
    Sr,
    /// One network.
    Network,
    /// Objects that carry tags, a folder and custom fields (pools, servers, VMs, templates,
    /// storage, networks), of one pool.
    Tagged,
    /// A tag of the Tags view (its objects may be in any pool).
    Tag,
    /// A folder of the Folders view (`When::Always`: or a pool, to make a folder in).
    Folder,
}

/// xapi's roles, weakest first: each has every permission of the ones before it
/// (`allowed_roles` in xapi's datamodel).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    ReadOnly,
    VmOperator,
    VmAdmin,
    VmPowerAdmin,
    PoolOperator,
    PoolAdmin,
}

impl Role {
    /// The Fluent id of its name, as XenCenter writes it.
    pub fn label_id(self) -> &'static str {
        match self {
            Role::ReadOnly => "role-read-only",
            Role::VmOperator => "role-vm-operator",
            Role::VmAdmin => "role-vm-admin",
            Role::VmPowerAdmin => "role-vm-power-admin",
            Role::PoolOperator => "role-pool-operator",
            Role::PoolAdmin => "role-pool-admin",
        }
    }
}

/// Which of the objects in its scope an action is offered for (beyond xapi's
/// `allowed_operations` and the role, which every action is checked against).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Every object of its scope.
    Always,
    /// Exactly one object (Take snapshot, Copy, Revert, the xenstore form).
    One,
    /// A connected pool (Disconnect; New VM from a pool's own menu).
    Connected,
    /// A pool not connected now that can be reconnected.
    Disconnected,
    /// Servers other than the one the VMs run on (Move to server).
    Elsewhere,
    /// A disk seen from a VM (Detach: the VM's Storage tab).
    InVm,
}

/// How an action asks before it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// It runs at once (or its dialog is the question).
    Never,
    /// The confirmation window asks, naming the objects.
    Ask {
        /// The settings key of "Don't ask me again"; `None`: asked every time.
        skip_key: Option<&'static str>,
        /// The Fluent id of the question (`action`, `count`, `names`, `vm`, `pool` given).
        question: &'static str,
        /// A warning under the names (a forced shutdown loses unsaved data).
        warning: Option<&'static str>,
    },
}

/// What carrying out the action does.
#[derive(Clone, Copy)]
pub enum Run {
    /// An app command, from the targets.
    Command(fn(&Targets) -> Option<Command>),
    /// One plan per VM, run as a job of that VM.
    Plan(fn(&Cache, &Ref<Vm>) -> Plan),
    /// One plan per VM on a server the user picks from a submenu.
    OnHost(fn(&Cache, &Ref<Vm>, &Ref<Host>) -> Plan),
    /// A dialog asks for what the action needs (`crate::ui::lifecycle::dialogs`, for
    /// servers and the pool `crate::ui::hosts`, for disks `crate::ui::disks`).
    Dialog,
    /// One plan per server, run as a job of that server.
    HostPlan(fn(&Cache, &Ref<Host>) -> Plan),
    /// Plans for the targets (a disk and maybe its VM, a repository), each credited to the
    /// object it names and reported by its name (Repair: one per server).
    Objects(fn(&Cache, &Targets) -> Vec<ObjectJob>),
}

/// One job of a [`Run::Objects`] action.
pub struct ObjectJob {
    pub owner: crate::model::tree::Node,
    /// The name its messages give (a server's, for Repair); `None`: the owner's.
    pub name: Option<String>,
    pub plan: Plan,
}

/// One action's definition.
pub struct Def {
    pub action: Action,
    /// The Fluent id of its label.
    pub label: &'static str,
    /// The Fluent id of its tooltip (what it does).
    pub tip: Option<&'static str>,
    /// Its key binding (`COMMAND` is Ctrl, or Cmd on macOS).
    pub shortcut: Option<KeyboardShortcut>,
    /// A second binding (the palette's Ctrl+Shift+P).
    pub also: Option<KeyboardShortcut>,
    /// Whether the shortcut still fires while a text field has the keyboard.
    pub while_typing: bool,
    /// When its shortcut does not apply to the selection, this one is tried (Ctrl+Y
    /// suspends a running VM and resumes a suspended one, as in XenCenter).
    pub or_else: Option<Action>,
    pub scope: Scope,
    pub when: When,
    /// The `allowed_operations` entry xapi must list (VM and snapshot actions).
    pub operation: Option<&'static str>,
    /// Whether it changes the pool (needs a connection and a role that writes).
    pub writes: bool,
    /// The weakest xapi role that may do it (xapi's `allowed_roles` of its calls).
    pub role: Role,
    /// The RBAC permission xapi checks, when it is not `vm.<operation>` (New VM: `vm.clone`).
    pub permission: Option<&'static str>,
    /// Whether it opens a window before anything happens (its label ends in "…").
    pub opens_window: bool,
    pub confirm: Confirm,
    pub run: Run,
}

impl Action {
    /// Its entry in the table.
    pub fn def(self) -> &'static Def {
        &TABLE[self as usize]
    }

    /// The RBAC permission a session needs for it (xapi's lower-case call name): its own, or
    /// `vm.<operation>` for a VM action (each is the one call named like its operation).
    pub fn permission(self) -> Option<String> {
        let d = self.def();
        match (d.permission, d.operation) {
            (Some(p), _) => Some(p.to_string()),
            (None, Some(op)) if d.writes => Some(format!("vm.{op}")),
            _ => None,
        }
    }

    /// The VM action whose one call is `call` (`VM.clean_shutdown`: Shut down), to name a
    /// task in the user's words; `None` for a call no VM action is named after.
    pub fn of_call(call: &str) -> Option<Action> {
        let call = call.to_ascii_lowercase();
        TABLE
            .iter()
            .filter(|d| matches!(d.scope, Scope::Vm | Scope::Snapshot) && d.permission.is_none())
            .find(|d| d.operation.is_some_and(|op| call == format!("vm.{op}")))
            .map(|d| d.action)
    }

    /// Every action, in the table's order.
    pub fn all() -> impl Iterator<Item = Action> {
        TABLE.iter().map(|d| d.action)
    }

    /// Its label in the user's language (`count`: the objects it acts on, for labels that
    /// say it).
    pub fn label(self, i18n: &I18n) -> String {
        self.label_n(i18n, 1)
    }

    pub fn label_n(self, i18n: &I18n, count: usize) -> String {
        i18n.get_counted(self.def().label, count, &[])
    }

    /// Its label as a menu item shows it: "…" when a window opens first.
    pub fn menu_label(self, i18n: &I18n) -> String {
        let mut l = self.label(i18n);
        if self.def().opens_window {
            l.push('…');
        }
        l
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        self.def().shortcut
    }

    /// The shortcut as this platform writes it (⌘F on macOS; Ctrl+F, or Strg+F in German,
    /// elsewhere); empty without one.
    pub fn shortcut_text(self, ctx: &egui::Context, i18n: &I18n) -> String {
        self.shortcut().map_or_else(String::new, |sc| {
            ctx.format_shortcut(&sc)
                .replace("Ctrl", &i18n.get("key-ctrl"))
        })
    }

    /// The command that carries it out on the selection (shortcuts, the palette).
    pub fn on_selection(self) -> Command {
        Command::InvokeOnSelection(self)
    }

    /// The commands whose shortcut was pressed this frame (the keys are consumed). Shortcuts
    /// with more modifiers are tried first: a plain Ctrl+key would also take Ctrl+Shift+key.
    pub fn pressed(ctx: &egui::Context) -> Vec<Command> {
        let typing = ctx.egui_wants_keyboard_input();
        let mut bound: Vec<(Action, KeyboardShortcut)> = Action::all()
            .flat_map(|a| {
                [a.shortcut(), a.def().also]
                    .into_iter()
                    .flatten()
                    .map(move |sc| (a, sc))
            })
            .filter(|(a, _)| !typing || a.def().while_typing)
            .collect();
        bound.sort_by_key(|(_, sc)| std::cmp::Reverse(modifier_count(sc.modifiers)));
        ctx.input_mut(|i| {
            bound
                .into_iter()
                .filter(|(_, sc)| i.consume_shortcut(sc))
                .map(|(a, _)| a.on_selection())
                .collect()
        })
    }
}

fn modifier_count(m: egui::Modifiers) -> u8 {
    u8::from(m.alt) + u8::from(m.shift) + u8::from(m.ctrl || m.command || m.mac_cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_action_sits_at_its_own_place_in_the_table() {
        for (i, d) in TABLE.iter().enumerate() {
            assert_eq!(d.action as usize, i, "{:?} is out of place", d.action);
        }
        // `RenameTag` is the last action.
        assert_eq!(TABLE.len(), Action::RenameTag as usize + 1);
    }

    #[test]
    fn every_label_and_tip_exists_in_every_language() {
        for (lang, _) in crate::i18n::LANGUAGES {
            let i18n = I18n::new(lang);
            for d in TABLE {
                for id in [Some(d.label), d.tip].into_iter().flatten() {
                    assert!(i18n.try_get(id, &[]).is_some(), "{lang} lacks {id}");
                }
                if let Confirm::Ask {
                    question, warning, ..
                } = d.confirm
                {
                    for id in [Some(question), warning].into_iter().flatten() {
                        assert!(i18n.try_get(id, &[]).is_some(), "{lang} lacks {id}");
                    }
                }
            }
        }
    }

    /// Two actions must never read the same in a language (ja once had 一時停止 for both
    /// Suspend and Pause, de "Fortsetzen" for both Resume and Unpause).
    #[test]
    fn every_action_has_its_own_words_in_every_language() {
        for (lang, _) in crate::i18n::LANGUAGES {
            let i18n = I18n::new(lang);
            let mut seen: Vec<(String, Action)> = Vec::new();
            for a in Action::all() {
                let label = a.menu_label(&i18n);
                if let Some((_, other)) = seen.iter().find(|(l, _)| *l == label) {
                    panic!("{lang}: {a:?} and {other:?} both read {label:?}");
                }
                seen.push((label, a));
            }
        }
    }

    #[test]
    fn a_task_is_named_by_the_action_of_its_call() {
        assert_eq!(Action::of_call("VM.clean_shutdown"), Some(Action::Shutdown));
        assert_eq!(Action::of_call("VM.start"), Some(Action::Start));
        assert_eq!(Action::of_call("VM.start_on"), Some(Action::StartOn));
        assert_eq!(
            Action::of_call("VM.clone"),
            Some(Action::Copy),
            "not New VM"
        );
        assert_eq!(Action::of_call("VM.provision"), None);
        let ja = I18n::new("ja");
        assert_eq!(Action::Shutdown.label(&ja), "シャットダウン");
    }

    #[test]
    fn shortcuts_are_distinct() {
        let mut seen = Vec::new();
        for a in Action::all() {
            if let Some(sc) = a.shortcut() {
                assert!(!seen.contains(&sc), "{a:?} reuses a shortcut");
                seen.push(sc);
            }
        }
    }

    #[test]
    fn actions_that_write_say_which_operation_or_run_a_command() {
        for d in TABLE {
            if matches!(d.scope, Scope::Vm | Scope::Snapshot)
                && matches!(d.run, Run::Plan(_) | Run::OnHost(_) | Run::Dialog)
            {
                // Or, for a call that is no VM operation (VBD.create), its permission.
                assert!(
                    d.operation.is_some() || d.permission.is_some(),
                    "{:?} names no operation",
                    d.action
                );
                assert!(d.writes, "{:?} changes the pool", d.action);
            }
        }
    }
}
