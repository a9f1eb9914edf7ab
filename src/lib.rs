//! XenPilot: a desktop client for XenServer and XCP-ng pools.
//!
//! - [`xenapi`]: the wire client (no GUI code).
//! - [`demo`]: an in-process XenAPI server over an in-memory database, for demos and tests.

pub mod demo;
pub mod xenapi;
