//! The action table's disk and repository entries (in the enum's order; `table.rs` lists
//! them in `TABLE`).

use super::disk_defs::{self, disk};
use super::sr_defs::{self, sr};
use super::table::app;
use super::{Action, Confirm, Def, Role, Run, Scope, When};
use crate::ui::command::Command;

/// Disks: New and Attach on a VM; the rest on a disk (its VM's Storage tab, an SR's, the tree).
pub const NEW_DISK: Def = Def {
    scope: Scope::Vm,
    opens_window: true,
    ..disk(
        Action::NewDisk,
        "menu-disk-new",
        "tip-disk-new",
        "vdi.create",
        Run::Dialog,
    )
};

pub const ATTACH_DISK: Def = Def {
    scope: Scope::Vm,
    opens_window: true,
    ..disk(
        Action::AttachDisk,
        "menu-disk-attach",
        "tip-disk-attach",
        "vbd.create",
        Run::Dialog,
    )
};

pub const DETACH_DISK: Def = Def {
    when: When::InVm,
    opens_window: true,
    confirm: Confirm::Ask {
        skip_key: Some("detach-disk"),
        question: "confirm-disk-detach",
        warning: None,
    },
    ..disk(
        Action::DetachDisk,
        "menu-disk-detach",
        "tip-disk-detach",
        "vbd.destroy",
        Run::Objects(disk_defs::detach),
    )
};

pub const DELETE_DISK: Def = Def {
    opens_window: true,
    confirm: Confirm::Ask {
        skip_key: None,
        question: "confirm-disk-delete",
        warning: Some("confirm-disk-delete-warning"),
    },
    ..disk(
        Action::DeleteDisk,
        "menu-disk-delete",
        "tip-disk-delete",
        "vdi.destroy",
        Run::Objects(disk_defs::delete),
    )
};

pub const RESIZE_DISK: Def = Def {
    opens_window: true,
    ..disk(
        Action::ResizeDisk,
        "menu-disk-resize",
        "tip-disk-resize",
        "vdi.resize",
        Run::Dialog,
    )
};

/// VDI.copy and VDI.pool_migrate: _R_VM_ADMIN and _R_VM_POWER_ADMIN; the stronger one
/// covers both ways of moving.
pub const MOVE_DISK: Def = Def {
    opens_window: true,
    ..disk(
        Action::MoveDisk,
        "menu-disk-move",
        "tip-disk-move",
        "vdi.copy",
        Run::Dialog,
    )
};

pub const DISK_PROPERTIES: Def = Def {
    opens_window: true,
    ..disk(
        Action::DiskProperties,
        "menu-disk-properties",
        "tip-disk-properties",
        "vdi.set_name_label",
        Run::Dialog,
    )
};

/// get_export_raw_vdi: _R_VM_ADMIN (xapi datamodel.ml http_actions); a disk's contents to a
/// raw or VHD file.
pub const EXPORT_DISK: Def = Def {
    opens_window: true,
    writes: false,
    // An HTTP handler, not a call: the role says who may.
    permission: None,
    ..disk(
        Action::ExportDisk,
        "menu-disk-export",
        "tip-disk-export",
        "vdi.export",
        Run::Dialog,
    )
};

/// Repositories (an SR's menu and Storage tab). SR.scan: _R_VM_POWER_ADMIN.
pub const RESCAN_SR: Def = Def {
    role: Role::VmPowerAdmin,
    ..sr(
        Action::RescanSr,
        "menu-sr-rescan",
        "tip-sr-rescan",
        "sr.scan",
        Run::Objects(sr_defs::rescan),
    )
};

pub const REPAIR_SR: Def = sr(
    Action::RepairSr,
    "menu-sr-repair",
    "tip-sr-repair",
    "pbd.plug",
    Run::Objects(sr_defs::repair),
);

pub const DETACH_SR: Def = Def {
    opens_window: true,
    confirm: Confirm::Ask {
        skip_key: None,
        question: "confirm-sr-detach",
        warning: None,
    },
    ..sr(
        Action::DetachSr,
        "menu-sr-detach",
        "tip-sr-detach",
        "pbd.unplug",
        Run::Objects(sr_defs::detach),
    )
};

pub const FORGET_SR: Def = Def {
    opens_window: true,
    confirm: Confirm::Ask {
        skip_key: None,
        question: "confirm-sr-forget",
        warning: Some("confirm-sr-forget-warning"),
    },
    ..sr(
        Action::ForgetSr,
        "menu-sr-forget",
        "tip-sr-forget",
        "sr.forget",
        Run::Objects(sr_defs::forget),
    )
};

pub const DESTROY_SR: Def = Def {
    opens_window: true,
    confirm: Confirm::Ask {
        skip_key: None,
        question: "confirm-sr-destroy",
        warning: Some("confirm-sr-destroy-warning"),
    },
    ..sr(
        Action::DestroySr,
        "menu-sr-destroy",
        "tip-sr-destroy",
        "sr.destroy",
        Run::Objects(sr_defs::destroy),
    )
};

pub const SET_DEFAULT_SR: Def = sr(
    Action::SetDefaultSr,
    "menu-sr-default",
    "tip-sr-default",
    "pool.set_default_sr",
    Run::Objects(sr_defs::set_default),
);

pub const SR_PROPERTIES: Def = Def {
    opens_window: true,
    ..sr(
        Action::SrProperties,
        "menu-sr-properties",
        "tip-sr-properties",
        "sr.set_name_label",
        Run::Dialog,
    )
};

pub const NEW_SR: Def = Def {
    when: When::Connected,
    tip: Some("tip-sr-new"),
    writes: true,
    // SR.create: _R_POOL_OP.
    role: Role::PoolOperator,
    permission: Some("sr.create"),
    opens_window: true,
    scope: Scope::App,
    ..app(Action::NewSr, "menu-sr-new", None, |_| Some(Command::NewSr))
};

pub const ADD_DISK_TO_SR: Def = Def {
    // VDI.create: _R_VM_ADMIN.
    role: Role::VmAdmin,
    opens_window: true,
    ..sr(
        Action::AddDiskToSr,
        "menu-disk-add",
        "tip-disk-add",
        "vdi.create",
        Run::Dialog,
    )
};

/// A detached SR (no PBDs) back on the pool: the New Storage wizard on its type
/// (XenCenter's `ReattachSRCommand`), then `PBD.create` and `PBD.plug` per server.
pub const REATTACH_SR: Def = Def {
    opens_window: true,
    ..sr(
        Action::ReattachSr,
        "menu-sr-reattach",
        "tip-sr-reattach",
        "pbd.create",
        Run::Dialog,
    )
};
