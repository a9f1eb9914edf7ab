//! Pure logic over the object cache: what the views show. No egui, no I/O.
//!
//! - [`visibility`]: XenCenter's hidden-object rules and object types.
//! - [`names`]: display names (SR i18n keys, networks, NICs, control domains).
//! - [`tree`]: the Infrastructure and Objects trees, search, and flattening into rows.
//! - [`details`]: the details pane's properties and related-object lists.
//! - [`nic`], [`xenstore`]: the edit forms' validation ([`mtu`]: in effect vs next plug);
//!   [`edit`]: the calls an edit becomes;
//!   [`rbac`]: whether a session may edit at all; [`power`]: VM power actions on a selection.
//! - [`snapshots`]: from a snapshot to its VM, safe against cycles in `snapshot_of`.
//! - [`history`]: Back and Forward through what was selected.

pub mod details;
pub mod edit;
pub mod graphs;
pub mod history;
pub mod mtu;
pub mod names;
pub mod natural;
pub mod nic;
pub mod power;
pub mod rbac;
pub mod snapshots;
pub mod tabs;
pub mod tree;
pub mod visibility;
pub mod xenstore;
