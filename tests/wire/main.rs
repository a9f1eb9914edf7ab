//! Everything that needs no window, in one test binary: the wire codecs, the client against
//! the demo server (calls, connecting, events, edits), the `xenpilot` command line, the xapi
//! database dumps, the navigation model and the locales.

// Tests may unwrap: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;
mod session;

mod alerts;
mod allowed;
mod cli;
mod client_server;
mod codecs;
mod connect;
mod console;
mod console_client;
mod console_hosts;
mod dumps;
mod edits;
mod events;
mod lifecycle;
mod locales;
mod navigator;
mod perf_polling;
mod rfb_client;
mod rrd;
mod tasks;
