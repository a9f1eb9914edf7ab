//! Pure logic over the object cache: what the views show. No egui, no I/O.

pub mod natural;
pub mod tree;
