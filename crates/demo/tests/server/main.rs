//! The demo server's own tests, in one test binary: every call over both protocols, RBAC,
//! tasks, alerts, events, the VM lifecycle, performance data, and xapi's database dumps.
//! Nothing here needs the app; the app's tests (`tests/` at the repository root) drive the
//! demo server through the app's code.

// Tests may unwrap: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
mod raw_vdi;
mod session;
mod suspend;
mod tasks;
mod transfer;
mod transfer_hosts;
mod vm_admin;
mod xva_objects;
mod xva_snapshots;

mod alerts;
mod allowed;
mod bonds;
mod cache;
mod client_server;
mod devices;
mod disk_move;
mod drive_props;
mod dumps;
mod events;
mod firmware;
mod flood;
mod gui_config;
mod ha;
mod hosts;
mod iso_sr;
mod lifecycle;
mod local_storage;
mod management;
mod networks;
mod org;
mod placement;
mod read_only;
mod reboots;
mod round_trip;
mod rrd;
mod rrd_archive;
mod security;
mod sr_ops;
mod sr_targets;
mod storage;
mod vlans;
mod vm_props;
