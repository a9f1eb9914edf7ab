//! What XenPilot keeps between runs: the settings, the saved servers with their pinned
//! certificates, passwords in the system keyring (never in a file), and the small JSON files
//! they live in.

pub mod json_file;
pub mod servers;
pub mod settings;
