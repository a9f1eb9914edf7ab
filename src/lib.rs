//! XenPilot: a desktop client for XenServer and XCP-ng pools.
//!
//! Data flows one way: wire → cache → model → view.
//! - [`xenapi`]: the wire client, typed records and the live object cache (no GUI code).
//! - [`model`]: pure logic over the cache (visibility rules, names, the tree, details).
//! - [`i18n`]: Fluent translations (en-US, ja, zh-CN, de, fr).
//! - [`ui`]: egui views; [`connection`] runs a pool connection on the background runtime;
//!   [`servers`] keeps saved servers, pinned certificates and keyring passwords.
//! - [`xapidb`]: xapi's database format (dumps), shared by the app and the demo server.
//! - [`demo`]: an in-process XenAPI server over an in-memory database, for demos and tests.
//!
//! `xenapi`, `rfb`, `xapidb` and `demo` are crates of their own (`crates/`), re-exported
//! here so `crate::xenapi::…` and `xenpilot::demo::…` name them as before.

pub mod background;
pub mod cli;
pub mod connection;
pub mod console;
pub mod console_cli;
pub mod edits;
pub mod i18n;
pub mod json_file;
pub mod model;
pub mod servers;
pub mod settings;
pub mod ui;

pub use demo;
pub use rfb;
pub use xapidb;
pub use xenapi;
