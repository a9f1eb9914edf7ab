//! Tasks, alerts and the VM lifecycle on the demo server.
//!
//! - [`tasks`]: `Async.<Class>.<method>` returns a task whose progress advances while the
//!   job runs; `task.cancel`, `task.destroy`, `task.create`.
//! - [`rules`]: xapi's `allowed_operations` / error rules for VMs, kept current in the
//!   database for every power state and while operations run.
//! - [`vm_ops`]: the VM methods (start_on, pause, snapshot, checkpoint, revert, clone, copy,
//!   destroy, pool_migrate, provision, the power methods); [`vm_props`] the property
//!   setters (vCPUs, memory, start-up order and delay, HA priority, home server);
//!   [`copies`] the records they create; [`placement`] hosts and memory; [`devices`]: VDI/VBD/VIF create and destroy.
//! - [`firmware`]: templates' firmware, Secure Boot and vTPMs, and what xapi refuses at boot.
//! - [`suspend`]: a suspended VM's or a checkpoint's memory image (`suspend_VDI`).
//! - [`messages`]: the `message` class and the alerts xapi raises.
//! - Hosts and the pool: [`hosts`] (`allowed_operations`, disable/enable, the host
//!   setters), [`evacuate`], [`reboot`] (reboot, shutdown, power-on, toolstack restarts: a
//!   host really goes away), [`pool_ops`] (a new coordinator, eject, the pool setters).
//! - Networking: [`networks`] (networks, VLANs), [`bonds`], [`pifs`] (plug, unplug, IP
//!   configuration, properties), [`management`] (the management interface, and a host
//!   answering at its new address), [`nics`] (PIF records and helpers).
//!
//! Sync calls run the same jobs at once; Async ones run them over a believable time. Which
//! method runs which handler, with which arity and role, is [`super::rpc::METHODS`].

pub mod block_devices;
pub mod bonds;
pub mod certificates;
pub mod copies;
pub mod devices;
pub mod disks;
pub mod drive_props;
pub mod evacuate;
pub mod firmware;
pub mod ha;
pub mod host_plugins;
pub mod hosts;
pub mod iso_shares;
pub mod management;
pub mod messages;
pub mod networks;
pub mod nics;
pub mod pifs;
pub mod placement;
pub mod pool_ops;
pub mod provision;
pub mod reboot;
pub mod rules;
pub mod secrets;
pub mod sr_create;
pub mod sr_ops;
pub mod sr_stat;
pub mod sr_targets;
pub mod srs;
pub mod suspend;
mod task_calls;
pub mod tasks;
pub mod vdi_move;
pub mod vm_ops;
pub mod vm_props;

pub use tasks::{Job, Tasks};
