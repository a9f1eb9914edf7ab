//! XenPilot: a desktop client for XenServer and XCP-ng pools.
//!
//! Data flows one way: wire → cache → model → view.
//! - [`xenapi`]: the wire client, typed records and the live object cache (no GUI code).
//! - [`model`]: pure logic over the cache (visibility rules, names, the tree, details).
//! - [`i18n`]: Fluent translations (en-US, ja, zh-CN, de, fr).
//! - [`ui`]: egui views, the action table, the windows.
//! - [`services`]: work off the UI thread (background tasks, a pool connection, consoles,
//!   sending plans); [`store`]: settings, saved servers, pinned certificates and keyring
//!   passwords; [`cli`]: the command line.
//! - [`xapidb`]: xapi's database format (dumps), shared by the app and the demo server.
//! - [`demo`]: an in-process XenAPI server over an in-memory database, for demos and tests.
//!
//! `xenapi`, `rfb`, `xapidb` and `demo` are crates of their own (`crates/`, see
//! ARCHITECTURE.md); the app's code names them directly (`xenapi::…`). They are re-exported
//! here for the app's tests and benches (`xenpilot::demo::…`).

pub mod cli;
pub mod i18n;
pub mod model;
pub mod services;
pub mod store;
pub mod ui;

pub use demo;
pub use rfb;
pub use xapidb;
pub use xenapi;
