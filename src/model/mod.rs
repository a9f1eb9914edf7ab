//! Pure logic over the object cache: what the views show. No egui, no I/O.
//!
//! - [`visibility`]: XenCenter's hidden-object rules and object types.
//! - [`names`]: display names (SR i18n keys, networks, NICs, control domains).
//! - [`tree`]: the Infrastructure and Objects trees, search, and flattening into rows.
//! - [`details`]: the details pane's properties and related-object lists.

pub mod details;
pub mod names;
pub mod natural;
pub mod tree;
pub mod visibility;
