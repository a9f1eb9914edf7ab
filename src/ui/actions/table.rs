//! The table itself: one entry per [`Action`], in the enum's order.

use super::{Action, Confirm, Def, Role, Run, Scope, Targets, When};
use crate::model::tree::Node;
use crate::model::vm_plans;
use crate::ui::activity::MainView;
use crate::ui::command::Command;
use crate::ui::search::Request as SearchRequest;
use eframe::egui::{Key, KeyboardShortcut, Modifiers};

const fn cmd(k: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(Modifiers::COMMAND, k))
}

const fn cmd_shift(k: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(
        Modifiers::COMMAND.plus(Modifiers::SHIFT),
        k,
    ))
}

const fn key(m: Modifiers, k: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(m, k))
}

/// An app action: no objects, no role, no question.
pub(super) const fn app(
    action: Action,
    label: &'static str,
    shortcut: Option<KeyboardShortcut>,
    run: fn(&Targets) -> Option<Command>,
) -> Def {
    Def {
        action,
        label,
        tip: None,
        shortcut,
        also: None,
        while_typing: true,
        or_else: None,
        scope: Scope::App,
        when: When::Always,
        operation: None,
        writes: false,
        role: Role::ReadOnly,
        permission: None,
        opens_window: false,
        confirm: Confirm::Never,
        run: Run::Command(run),
    }
}

/// A VM action that runs one plan per VM, as a task.
const fn vm(
    action: Action,
    label: &'static str,
    tip: &'static str,
    operation: &'static str,
    run: Run,
) -> Def {
    Def {
        action,
        label,
        tip: Some(tip),
        shortcut: None,
        also: None,
        // A VM action must not fire while a name is typed.
        while_typing: false,
        or_else: None,
        scope: Scope::Vm,
        when: When::Always,
        operation: Some(operation),
        writes: true,
        // Start, shut down, reboot, suspend, resume, pause: xapi's _R_VM_OP.
        role: Role::VmOperator,
        permission: None,
        opens_window: false,
        confirm: Confirm::Never,
        run,
    }
}

/// Stops or restarts a guest: asks first (as XenCenter does), "Don't ask again" under `key`.
const fn asks(key: &'static str, warning: Option<&'static str>) -> Confirm {
    Confirm::Ask {
        skip_key: Some(key),
        question: "confirm-power",
        warning,
    }
}

/// The table. `TABLE[a as usize].action == a` (a unit test checks it).
pub static TABLE: &[Def] = &[
    app(Action::Connect, "menu-connect", cmd(Key::N), |_| {
        Some(Command::OpenConnectDialog)
    }),
    app(Action::OpenDump, "menu-open-dump", cmd(Key::O), |_| {
        Some(Command::OpenDumpDialog)
    }),
    app(Action::Quit, "menu-quit", cmd(Key::Q), |_| {
        Some(Command::Quit)
    }),
    app(Action::Find, "menu-find", cmd(Key::F), |_| {
        Some(Command::FocusSearch)
    }),
    Def {
        // Ctrl+K as in Slack and GitHub, Ctrl+Shift+P as in VS Code.
        tip: Some("tip-palette"),
        also: cmd_shift(Key::P),
        ..app(Action::Palette, "menu-palette", cmd(Key::K), |_| {
            Some(Command::OpenPalette)
        })
    },
    app(Action::Events, "menu-events", cmd_shift(Key::E), |_| {
        Some(Command::ShowMainView(MainView::Events))
    }),
    app(Action::Alerts, "menu-alerts", cmd_shift(Key::A), |_| {
        Some(Command::ShowMainView(MainView::Alerts))
    }),
    Def {
        // As in web browsers; Alt+Left moves by word in a text field on macOS.
        while_typing: false,
        ..app(
            Action::Back,
            "nav-back",
            key(Modifiers::ALT, Key::ArrowLeft),
            |_| Some(Command::Back),
        )
    },
    Def {
        while_typing: false,
        ..app(
            Action::Forward,
            "nav-forward",
            key(Modifiers::ALT, Key::ArrowRight),
            |_| Some(Command::Forward),
        )
    },
    // As XenCenter's tab control and web browsers.
    app(Action::NextTab, "tab-next", cmd(Key::PageDown), |_| {
        Some(Command::StepTab(1))
    }),
    app(Action::PrevTab, "tab-previous", cmd(Key::PageUp), |_| {
        Some(Command::StepTab(-1))
    }),
    app(
        Action::Shortcuts,
        "menu-shortcuts",
        key(Modifiers::NONE, Key::F1),
        |_| Some(Command::Shortcuts),
    ),
    app(Action::About, "menu-about", None, |_| Some(Command::About)),
    // Search across every pool: the window, and what it does (shortcuts work anywhere; the
    // window opens first when it is not open).
    Def {
        opens_window: true,
        ..app(
            Action::SearchResults,
            "menu-search-results",
            cmd_shift(Key::F),
            |_| Some(Command::OpenSearch),
        )
    },
    Def {
        opens_window: true,
        ..app(Action::SaveSearch, "menu-save-search", cmd(Key::S), |_| {
            Some(Command::Search(SearchRequest::Save))
        })
    },
    Def {
        opens_window: true,
        ..app(
            Action::ExportSearchCsv,
            "menu-search-export-csv",
            cmd_shift(Key::X),
            |_| Some(Command::Search(SearchRequest::ExportCsv)),
        )
    },
    Def {
        opens_window: true,
        ..app(
            Action::ExportSearchJson,
            "menu-search-export-json",
            cmd_shift(Key::J),
            |_| Some(Command::Search(SearchRequest::ExportJson)),
        )
    },
    Def {
        when: When::Connected,
        tip: Some("tip-vm-new"),
        writes: true,
        // VM.clone and VM.provision: _R_VM_ADMIN.
        role: Role::VmAdmin,
        permission: Some("vm.clone"),
        opens_window: true,
        ..app(Action::NewVm, "menu-vm-new", cmd_shift(Key::N), |_| {
            Some(Command::NewVm)
        })
    },
    Def {
        when: When::Connected,
        tip: Some("tip-import"),
        writes: true,
        // put_import: _R_VM_ADMIN (xapi datamodel.ml http_actions).
        role: Role::VmAdmin,
        opens_window: true,
        scope: Scope::Pool,
        ..app(Action::Import, "menu-import", None, |t| {
            t.pool.map(Command::ImportVm)
        })
    },
    Def {
        when: When::Connected,
        tip: Some("tip-disconnect"),
        scope: Scope::Pool,
        confirm: Confirm::Ask {
            skip_key: Some("disconnect"),
            question: "confirm-disconnect",
            warning: None,
        },
        ..app(Action::Disconnect, "menu-disconnect", None, |t| {
            t.pool.map(Command::Disconnect)
        })
    },
    Def {
        when: When::Disconnected,
        scope: Scope::Pool,
        ..app(Action::Reconnect, "menu-reconnect", None, |t| {
            t.pool.map(Command::Reconnect)
        })
    },
    Def {
        scope: Scope::Pool,
        ..app(Action::RemovePool, "menu-remove-pool", None, |t| {
            t.pool.map(Command::RemovePool)
        })
    },
    // XenCenter's bindings: Ctrl+B start, Ctrl+E shut down, Ctrl+R reboot, Ctrl+Y suspend
    // (or resume), Ctrl+Shift+S snapshot, Ctrl+Shift+C copy.
    Def {
        shortcut: cmd(Key::B),
        ..vm(
            Action::Start,
            "menu-vm-start",
            "tip-vm-start",
            "start",
            Run::Plan(|c, v| vm_plans::vm_op(c, v, "VM.start", "vm-start", "")),
        )
    },
    Def {
        // VM.start_on: _R_VM_POWER_ADMIN.
        role: Role::VmPowerAdmin,
        ..vm(
            Action::StartOn,
            "menu-vm-start-on",
            "tip-vm-start",
            "start_on",
            Run::OnHost(vm_plans::start_on),
        )
    },
    vm(
        Action::Resume,
        "menu-vm-resume",
        "tip-vm-resume",
        "resume",
        Run::Plan(|c, v| vm_plans::vm_op(c, v, "VM.resume", "vm-resume", "")),
    ),
    vm(
        Action::Unpause,
        "menu-vm-unpause",
        "tip-vm-unpause",
        "unpause",
        Run::Plan(|c, v| vm_plans::vm_op(c, v, "VM.unpause", "vm-unpause", "")),
    ),
    Def {
        shortcut: cmd(Key::E),
        confirm: asks("shutdown", None),
        ..vm(
            Action::Shutdown,
            "menu-vm-shutdown",
            "tip-vm-shutdown",
            "clean_shutdown",
            Run::Plan(|c, v| vm_plans::vm_op(c, v, "VM.clean_shutdown", "vm-shutdown", "")),
        )
    },
    Def {
        confirm: asks("force-shutdown", Some("tip-vm-force-shutdown")),
        ..vm(
            Action::ForceShutdown,
            "menu-vm-force-shutdown",
            "tip-vm-force-shutdown",
            "hard_shutdown",
            Run::Plan(|c, v| vm_plans::vm_op(c, v, "VM.hard_shutdown", "vm-shutdown", " --force")),
        )
    },
    Def {
        shortcut: cmd(Key::R),
        confirm: asks("reboot", None),
        ..vm(
            Action::Reboot,
            "menu-vm-reboot",
            "tip-vm-reboot",
            "clean_reboot",
            Run::Plan(|c, v| vm_plans::vm_op(c, v, "VM.clean_reboot", "vm-reboot", "")),
        )
    },
    Def {
        confirm: asks("force-reboot", Some("tip-vm-force-reboot")),
        ..vm(
            Action::ForceReboot,
            "menu-vm-force-reboot",
            "tip-vm-force-reboot",
            "hard_reboot",
            Run::Plan(|c, v| vm_plans::vm_op(c, v, "VM.hard_reboot", "vm-reboot", " --force")),
        )
    },
    Def {
        shortcut: cmd(Key::Y),
        or_else: Some(Action::Resume),
        ..vm(
            Action::Suspend,
            "menu-vm-suspend",
            "tip-vm-suspend",
            "suspend",
            Run::Plan(|c, v| vm_plans::vm_op(c, v, "VM.suspend", "vm-suspend", "")),
        )
    },
    vm(
        Action::Pause,
        "menu-vm-pause",
        "tip-vm-pause",
        "pause",
        Run::Plan(|c, v| vm_plans::vm_op(c, v, "VM.pause", "vm-pause", "")),
    ),
    Def {
        // VM.snapshot and VM.checkpoint: _R_VM_POWER_ADMIN.
        role: Role::VmPowerAdmin,
        when: When::One,
        shortcut: cmd_shift(Key::S),
        opens_window: true,
        ..vm(
            Action::Snapshot,
            "menu-vm-snapshot",
            "tip-vm-snapshot",
            "snapshot",
            Run::Dialog,
        )
    },
    Def {
        // VM.clone and VM.copy: _R_VM_ADMIN.
        role: Role::VmAdmin,
        when: When::One,
        shortcut: cmd_shift(Key::C),
        opens_window: true,
        ..vm(
            Action::Copy,
            "menu-vm-copy",
            "tip-vm-copy",
            "clone",
            Run::Dialog,
        )
    },
    Def {
        // get_export: _R_VM_ADMIN (xapi datamodel.ml http_actions); a halted or suspended VM.
        role: Role::VmAdmin,
        opens_window: true,
        ..vm(
            Action::Export,
            "menu-vm-export",
            "tip-vm-export",
            "export",
            Run::Dialog,
        )
    },
    Def {
        // VM.pool_migrate: _R_VM_POWER_ADMIN.
        role: Role::VmPowerAdmin,
        when: When::Elsewhere,
        ..vm(
            Action::Migrate,
            "menu-vm-migrate",
            "tip-vm-migrate",
            "pool_migrate",
            Run::OnHost(vm_plans::migrate),
        )
    },
    Def {
        // VM.destroy (a generated destructor): _R_VM_ADMIN.
        role: Role::VmAdmin,
        opens_window: true,
        ..vm(
            Action::Delete,
            "menu-vm-delete",
            "tip-vm-delete",
            "destroy",
            Run::Dialog,
        )
    },
    Def {
        when: When::One,
        // The form opens for every role; a read-only one shows it read-only.
        writes: false,
        operation: None,
        ..vm(
            Action::Xenstore,
            "menu-xenstore",
            "tip-xenstore",
            "",
            Run::Command(|t| match t.nodes.as_slice() {
                [Node::Vm(v)] => Some(Command::OpenXenstoreForm(v.clone())),
                _ => None,
            }),
        )
    },
    Def {
        // One VM's properties, or the fields several share (tags, home server, start-up,
        // HA). Opens for every role: a read-only user sees the properties read-only; each
        // setter's role (VM Admin for vCPUs, VM Power Admin for memory and the home server,
        // Pool Operator for start-up order and HA) is xapi's to check.
        writes: false,
        operation: None,
        opens_window: true,
        ..vm(
            Action::Properties,
            "menu-vm-properties",
            "tip-vm-properties",
            "",
            Run::Command(|t| Some(Command::OpenVmProps(t.vms())).filter(|_| !t.vms().is_empty())),
        )
    },
    Def {
        // VM.revert: _R_VM_POWER_ADMIN.
        role: Role::VmPowerAdmin,
        when: When::One,
        scope: Scope::Snapshot,
        opens_window: true,
        confirm: Confirm::Ask {
            skip_key: None,
            question: "dlg-revert-question",
            warning: None,
        },
        ..vm(
            Action::Revert,
            "menu-vm-revert",
            "tip-vm-revert",
            "revert",
            Run::Plan(vm_plans::revert),
        )
    },
    Def {
        // VM.destroy: _R_VM_ADMIN.
        role: Role::VmAdmin,
        scope: Scope::Snapshot,
        opens_window: true,
        confirm: Confirm::Ask {
            skip_key: None,
            question: "dlg-delete-snapshot-question",
            warning: None,
        },
        ..vm(
            Action::DeleteSnapshot,
            "menu-vm-delete-snapshot",
            "tip-vm-delete-snapshot",
            "destroy",
            // A snapshot goes with all its disks (`xe snapshot-uninstall`).
            Run::Plan(|c, s| vm_plans::destroy(c, s, &vm_plans::disks(c, s))),
        )
    },
    Def {
        scope: Scope::Nic,
        while_typing: false,
        ..app(Action::NicSettings, "menu-nic-settings", None, |t| {
            t.nodes.first().cloned().map(Command::OpenNicForm)
        })
    },
    Def {
        scope: Scope::Nics,
        while_typing: false,
        ..app(Action::BulkNic, "menu-bulk-nic", None, |_| {
            Some(Command::OpenBulkForm)
        })
    },
    // Servers and the pool: their entries are in `host_table.rs`, in the enum's order.
    super::host_table::ENTER_MAINTENANCE,
    super::host_table::EXIT_MAINTENANCE,
    super::host_table::REBOOT,
    super::host_table::SHUTDOWN,
    super::host_table::POWER_ON,
    super::host_table::RESTART_TOOLSTACK,
    super::host_table::DISABLE,
    super::host_table::ENABLE,
    super::host_table::DESIGNATE,
    super::host_table::EJECT,
    super::host_table::HOST_PROPERTIES,
    super::host_table::POOL_RENAME,
    super::host_table::POOL_PROPERTIES,
    super::host_table::NEW_COORDINATOR,
    // Disks and repositories: their entries are in `storage_table.rs`, in the enum's order.
    super::storage_table::NEW_DISK,
    super::storage_table::ATTACH_DISK,
    super::storage_table::DETACH_DISK,
    super::storage_table::DELETE_DISK,
    super::storage_table::RESIZE_DISK,
    super::storage_table::MOVE_DISK,
    super::storage_table::DISK_PROPERTIES,
    super::storage_table::EXPORT_DISK,
    super::storage_table::RESCAN_SR,
    super::storage_table::REPAIR_SR,
    super::storage_table::DETACH_SR,
    super::storage_table::FORGET_SR,
    super::storage_table::DESTROY_SR,
    super::storage_table::SET_DEFAULT_SR,
    super::storage_table::SR_PROPERTIES,
    super::storage_table::NEW_SR,
    super::storage_table::ADD_DISK_TO_SR,
    super::storage_table::REATTACH_SR,
    // Networks: their entries are in `net_table.rs`, in the enum's order.
    super::net_table::NEW_NETWORK,
    super::net_table::NETWORK_PROPERTIES,
    super::net_table::DELETE_NETWORK,
    super::net_table::MANAGEMENT,
    // Organising: their entries are in `org_table.rs`, in the enum's order.
    super::org_table::EDIT_TAGS,
    super::org_table::MOVE_TO_FOLDER,
    super::org_table::CUSTOM_FIELDS,
    super::org_table::NEW_FOLDER,
    super::org_table::RENAME_FOLDER,
    super::org_table::DELETE_FOLDER,
    super::org_table::RENAME_TAG,
];
