//! VM lifecycle actions, purely: what the app offers on a VM, snapshot or template, whether
//! each is allowed now and why not ([`availability`]), the calls it becomes ([`plan`]) and
//! the equivalent `xe` command line ([`xe`]). No I/O: the runner is [`crate::lifecycle`].
//!
//! An action is enabled exactly when xapi lists its operation in the object's
//! `allowed_operations` (xapi computes that list from the power state, running operations,
//! templates, snapshots, guest features…; the demo server ports those rules) and the
//! session may write. When it is not, [`Blocked`] says why, most useful reason first: not
//! for this kind of object, the session's role, another operation running, the power
//! state, or xapi's other rules.
//!
//! - [`plan`]: [`plan::Plan`] of [`plan::PlannedCall`]s (each marked async or not; later
//!   calls may take an earlier call's result, as the New VM wizard's do) for an [`Action`];
//!   [`new_vm`]: the New VM wizard's plan; [`plan::deletable_disks`] for the Delete dialog.
//! - [`xe`]: the `xe` command lines.
//! - [`alerts`]: the Alerts and Tasks views' logic (severities, filters, the object an alert
//!   is about, elapsed times, xapi datetimes).

pub mod alerts;
pub mod new_vm;
pub mod plan;
pub mod xe;

use crate::xenapi::records::PowerState;
use crate::xenapi::{Cache, Host, Ref, Sr, Vdi, Vm};

/// What an action applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    /// An ordinary VM.
    Guest,
    /// A snapshot (or checkpoint) of a VM.
    Snapshot,
    /// A template.
    Template,
    /// A host's control domain: nothing is offered.
    ControlDomain,
}

impl Subject {
    /// The kind of `vm`.
    pub fn of(vm: &Vm) -> Subject {
        if vm.is_control_domain {
            Subject::ControlDomain
        } else if vm.is_a_snapshot {
            Subject::Snapshot
        } else if vm.is_a_template {
            Subject::Template
        } else {
            Subject::Guest
        }
    }
}

/// The actions, without their parameters (for menus, enabling, shortcuts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionKind {
    Start,
    StartOn,
    Resume,
    ResumeOn,
    CleanShutdown,
    HardShutdown,
    CleanReboot,
    HardReboot,
    Suspend,
    Pause,
    Unpause,
    /// Snapshot, disks only.
    Snapshot,
    /// Snapshot with memory (`VM.checkpoint`).
    Checkpoint,
    /// Revert the VM to this snapshot.
    Revert,
    /// Delete a snapshot and its disks.
    DeleteSnapshot,
    /// Fast clone (shares the SRs; copy-on-write where the SR can).
    Clone,
    /// Full copy to an SR.
    Copy,
    /// Live migration to another host of the pool.
    Migrate,
    /// Delete the VM, with the disks chosen.
    Delete,
    /// New VM from this template (the wizard).
    NewVm,
}

impl ActionKind {
    /// Every action, in menu order.
    pub const ALL: [ActionKind; 20] = [
        ActionKind::Start,
        ActionKind::StartOn,
        ActionKind::Resume,
        ActionKind::ResumeOn,
        ActionKind::CleanShutdown,
        ActionKind::HardShutdown,
        ActionKind::CleanReboot,
        ActionKind::HardReboot,
        ActionKind::Suspend,
        ActionKind::Pause,
        ActionKind::Unpause,
        ActionKind::Snapshot,
        ActionKind::Checkpoint,
        ActionKind::Revert,
        ActionKind::DeleteSnapshot,
        ActionKind::Clone,
        ActionKind::Copy,
        ActionKind::Migrate,
        ActionKind::Delete,
        ActionKind::NewVm,
    ];

    /// The operation xapi lists in `allowed_operations` for this action.
    pub fn operation(self) -> &'static str {
        use ActionKind::*;
        match self {
            Start => "start",
            StartOn => "start_on",
            Resume => "resume",
            ResumeOn => "resume_on",
            CleanShutdown => "clean_shutdown",
            HardShutdown => "hard_shutdown",
            CleanReboot => "clean_reboot",
            HardReboot => "hard_reboot",
            Suspend => "suspend",
            Pause => "pause",
            Unpause => "unpause",
            Snapshot => "snapshot",
            Checkpoint => "checkpoint",
            Revert => "revert",
            DeleteSnapshot | Delete => "destroy",
            Clone | NewVm => "clone",
            Copy => "copy",
            Migrate => "pool_migrate",
        }
    }

    /// The objects the action is offered on.
    pub fn applies_to(self, subject: Subject) -> bool {
        use ActionKind::*;
        match subject {
            Subject::ControlDomain => false,
            Subject::Guest => !matches!(self, Revert | DeleteSnapshot | NewVm),
            Subject::Snapshot => matches!(self, Revert | DeleteSnapshot | Clone | Copy),
            Subject::Template => matches!(self, NewVm | Clone | Copy | Delete),
        }
    }

    /// The power states xapi allows it in (xapi_vm_lifecycle's `allowed_power_states`),
    /// for the reason shown when it is disabled.
    pub fn power_states(self) -> &'static [PowerState] {
        use ActionKind::*;
        use PowerState::*;
        match self {
            Start | StartOn | NewVm => &[Halted],
            Resume | ResumeOn => &[Suspended],
            CleanShutdown | CleanReboot | Suspend | Pause | Migrate => &[Running],
            Unpause => &[Paused],
            HardShutdown | Checkpoint => &[Paused, Suspended, Running],
            HardReboot => &[Paused, Running],
            Clone | Copy => &[Halted],
            Delete | DeleteSnapshot => &[Halted, Suspended],
            Snapshot | Revert => &[Halted, Paused, Suspended, Running],
        }
    }

    /// Whether the app asks before doing it (anything that stops a guest or loses data).
    pub fn needs_confirmation(self) -> bool {
        use ActionKind::*;
        matches!(
            self,
            CleanShutdown
                | HardShutdown
                | CleanReboot
                | HardReboot
                | Revert
                | DeleteSnapshot
                | Delete
        )
    }
}

/// An action with what it needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Start,
    StartOn(Ref<Host>),
    Resume,
    ResumeOn(Ref<Host>),
    CleanShutdown,
    HardShutdown,
    CleanReboot,
    HardReboot,
    Suspend,
    Pause,
    Unpause,
    Snapshot {
        name: String,
    },
    Checkpoint {
        name: String,
    },
    Revert,
    DeleteSnapshot,
    Clone {
        name: String,
    },
    Copy {
        name: String,
        sr: Ref<Sr>,
    },
    Migrate(Ref<Host>),
    /// Delete the VM; `disks` are destroyed with it (the others stay), and `snapshots` too.
    Delete {
        disks: Vec<Ref<Vdi>>,
        snapshots: Vec<Ref<Vm>>,
    },
    /// The New VM wizard's result.
    NewVm(Box<new_vm::NewVm>),
}

impl Action {
    /// The action's kind.
    pub fn kind(&self) -> ActionKind {
        use ActionKind as K;
        match self {
            Action::Start => K::Start,
            Action::StartOn(_) => K::StartOn,
            Action::Resume => K::Resume,
            Action::ResumeOn(_) => K::ResumeOn,
            Action::CleanShutdown => K::CleanShutdown,
            Action::HardShutdown => K::HardShutdown,
            Action::CleanReboot => K::CleanReboot,
            Action::HardReboot => K::HardReboot,
            Action::Suspend => K::Suspend,
            Action::Pause => K::Pause,
            Action::Unpause => K::Unpause,
            Action::Snapshot { .. } => K::Snapshot,
            Action::Checkpoint { .. } => K::Checkpoint,
            Action::Revert => K::Revert,
            Action::DeleteSnapshot => K::DeleteSnapshot,
            Action::Clone { .. } => K::Clone,
            Action::Copy { .. } => K::Copy,
            Action::Migrate(_) => K::Migrate,
            Action::Delete { .. } => K::Delete,
            Action::NewVm(_) => K::NewVm,
        }
    }
}

/// Why an action is disabled.
#[derive(Debug, Clone, PartialEq)]
pub enum Blocked {
    /// Not offered on this kind of object (starting a snapshot, reverting a VM).
    NotFor(Subject),
    /// The session's role may not change anything (read-only).
    ReadOnly,
    /// Another operation runs on it now (operation names, e.g. `clone`).
    Busy(Vec<String>),
    /// The power state is wrong: what it is, and what the action needs.
    PowerState {
        /// The VM's power state now.
        now: PowerState,
        /// The states the action is allowed in.
        needs: &'static [PowerState],
    },
    /// xapi does not allow it now for another reason (no guest tools for a clean shutdown,
    /// a default template to delete, an operation blocked by an administrator…): the
    /// operation missing from `allowed_operations`.
    NotAllowed(&'static str),
    /// Migration needs another host in the pool.
    NoOtherHost,
    /// The object is not (or no longer) in the cache.
    Gone,
}

/// Whether `kind` may run on `vm` now (`Ok`), or why not. `can_write` is the session's
/// role ([`crate::model::rbac::can_edit`]).
pub fn availability(
    cache: &Cache,
    vm: &Ref<Vm>,
    kind: ActionKind,
    can_write: bool,
) -> Result<(), Blocked> {
    let Some(v) = cache.vms.get(vm) else {
        return Err(Blocked::Gone);
    };
    let subject = Subject::of(v);
    if !kind.applies_to(subject) {
        return Err(Blocked::NotFor(subject));
    }
    if !can_write {
        return Err(Blocked::ReadOnly);
    }
    let op = kind.operation();
    if v.allowed_operations.iter().any(|o| o == op) {
        if kind == ActionKind::Migrate && cache.hosts.len() < 2 {
            return Err(Blocked::NoOtherHost);
        }
        return Ok(());
    }
    if !v.current_operations.is_empty() {
        let mut ops: Vec<String> = v.current_operations.values().cloned().collect();
        ops.sort();
        return Err(Blocked::Busy(ops));
    }
    let needs = kind.power_states();
    // A snapshot is always halted or suspended; its state is not the user's concern.
    if subject == Subject::Guest && !needs.contains(&v.power_state) {
        return Err(Blocked::PowerState {
            now: v.power_state.clone(),
            needs,
        });
    }
    Err(Blocked::NotAllowed(op))
}

/// A multi-selection split for one action: the VMs it runs on, and the others with why not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets {
    /// The VMs the action applies to now, in selection order.
    pub ok: Vec<Ref<Vm>>,
    /// The others, with the reason.
    pub blocked: Vec<(Ref<Vm>, Blocked)>,
}

/// Splits a selection for `kind` (one action for all: enabled when any VM may take it).
pub fn targets(cache: &Cache, vms: &[Ref<Vm>], kind: ActionKind, can_write: bool) -> Targets {
    let mut t = Targets::default();
    for vm in vms {
        match availability(cache, vm, kind, can_write) {
            Ok(()) => t.ok.push(vm.clone()),
            Err(b) => t.blocked.push((vm.clone(), b)),
        }
    }
    t
}

#[cfg(test)]
mod tests;
