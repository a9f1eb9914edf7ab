//! Everything that needs no window, in one test binary: the wire codecs, the client against
//! the demo server (calls, connecting, events, edits), the `xenpilot` command line, the xapi
//! database dumps, the navigation model and the locales.

// Tests may unwrap: a panic is how a test fails.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../common/mod.rs"]
mod common;
mod session;

mod cli;
mod client_server;
mod codecs;
mod connect;
mod dumps;
mod edits;
mod events;
mod locales;
mod navigator;
mod perf_polling;
mod rrd;
