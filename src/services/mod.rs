//! Work that runs off the UI thread, with no GUI code: the one background primitive
//! ([`background::Task`]), a pool's connection (login, event loop, heartbeat), opening a
//! console, and sending plans and edits over a session.

pub mod background;
pub mod connection;
pub mod console;
pub mod coordinator;
pub mod disk_transfer;
pub mod edits;
pub mod garbage;
pub mod memory;
pub mod ovf_import;
pub mod transfer;
pub mod xva_import;
