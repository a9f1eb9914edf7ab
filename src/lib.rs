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

/// The version with the commit it was built from: "0.1.0 (1a2b3c4d5e6f)" (`--version`, About).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("XENPILOT_COMMIT"),
    ")"
);
/// The commit the app was built from (build.rs), or "unknown" (a build without `.git`).
pub const COMMIT: &str = env!("XENPILOT_COMMIT");
/// The desktop app id: the Wayland app id and X11 WM_CLASS of the window, which desktops match
/// to `packaging/linux/xenpilot.desktop` (its name and StartupWMClass) and the icon's name.
pub const APP_ID: &str = "xenpilot";

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
pub use xva;
