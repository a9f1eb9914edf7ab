//! The real app driven through egui_kittest, in one test binary: the main window, the edit
//! forms and the connect dialog, with their screenshots in `tests/snapshots/` (egui_kittest
//! resolves that directory from the working directory, the crate root, not from this file).

// Tests may unwrap: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;
mod harness;

mod connect_dialog;
mod console;
mod coordinator;
mod details;
mod dialog_modal;
mod dialog_size;
mod dialogs;
mod disk_images;
mod disk_move;
mod drive_props;
mod forms;
mod help;
mod host_shots;
mod hosts;
mod iso_sr;
mod lifecycle;
mod lifecycle_shots;
mod main_window;
mod networks;
mod new_sr;
mod new_sr_local;
mod org;
mod org_walk;
mod ovf;
mod palette;
mod performance;
mod props_tags;
mod roles;
mod search;
mod search_live;
mod sr_reattach;
mod sr_reattach_local;
mod storage;
mod transfer;
mod vm_fields;
mod vm_props;
mod vtpm_ha;
