//! Everything that needs no window, in one test binary: the wire codecs, the app's code
//! against the demo server (connecting, edits, consoles, performance polling), the
//! `xenpilot` command line, the navigation model and the locales. The demo server's own tests
//! are in `crates/demo/tests/server/`.

// Tests may unwrap: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;
// Shared with the demo crate's tests, which own it.
#[path = "../../crates/demo/tests/server/session.rs"]
#[allow(dead_code)] // some helpers serve only the demo crate's tests
mod session;

mod cli;
mod codecs;
mod connect;
mod console;
mod console_client;
mod console_hosts;
mod coordinator;
mod deletes;
mod disk_images;
mod disk_round_trip;
mod edits;
mod locales;
mod navigator;
mod navigator_icons;
mod new_vm;
mod old_servers;
mod org;
mod packaging;
mod perf_polling;
mod reverts;
mod rfb_client;
mod transfer;
mod vm_props;
