//! Pure logic over the object cache: what the views show. No egui, no I/O.
//!
//! - [`visibility`]: XenCenter's hidden-object rules and object types.
//! - [`names`]: display names (SR i18n keys, networks, NICs, control domains).
//! - [`tree`]: the Infrastructure and Objects trees, search, and flattening into rows.
//! - [`details`]: the details pane's properties and related-object lists.
//! - [`nic`], [`xenstore`]: the edit forms' validation ([`mtu`]: in effect vs next plug);
//!   [`edit`]: the calls an edit becomes;
//!   [`rbac`]: whether a session may edit at all.
//! - [`snapshots`]: from a snapshot to its VM, safe against cycles in `snapshot_of`.
//! - [`history`]: Back and Forward through what was selected.
//! - [`vm_plans`]: what each VM action sends, its `xe` equivalent, and whether xapi allows
//!   it now (and why not); [`new_vm`]: the New
//!   VM wizard's steps, checks and plan; [`snapshot_tree`]: a VM's snapshots as a tree.
//! - [`tab_tables`]: the Storage and Networking tabs' tables.
//! - [`tasks`], [`alerts`]: the Events and Alerts views (order, links to objects, filters).

pub mod alerts;
pub mod boot_modes;
pub mod custom_fields;
pub mod details;
pub mod disk_move;
pub mod disk_plans;
pub mod drive_props;
pub mod edit;
pub mod folders;
pub mod graphs;
pub mod history;
pub mod host_ops;
pub mod host_props;
pub mod host_state;
pub mod import_plan;
pub mod mgmt;
pub mod migrate_blockers;
pub mod mtu;
pub mod names;
pub mod natural;
pub mod net_form;
pub mod net_plans;
pub mod net_tables;
pub mod new_sr;
pub mod new_sr_block;
pub mod new_sr_iso;
pub mod new_sr_local;
pub mod new_vm;
pub mod new_vm_plan;
pub mod nic;
pub mod org_plans;
pub mod placement;
pub mod rbac;
pub mod search;
pub mod sm_errors;
pub mod snapshot_tree;
pub mod snapshots;
pub mod sr_plans;
pub mod sr_reattach;
pub mod sr_status;
pub mod tab_tables;
pub mod tabs;
pub mod tags;
pub mod tasks;
pub mod tree;
pub mod visibility;
pub mod vm_plans;
pub mod vm_props;
pub mod xenstore;
