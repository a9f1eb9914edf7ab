//! What the wire, UI and peer test binaries share (each uses all of it): the demo server's
//! configuration, with a read-only user, and starting it on loopback.

use std::time::Duration;
use xenpilot::demo::{self, DemoConfig, DemoServer};

pub const PASSWORD: &str = "demo-password";
pub const RO_USER: (&str, &str) = ("auditor", "audit-pass");
/// A user with xapi's VM Operator role: power actions and consoles, nothing more.
pub const VM_OP_USER: (&str, &str) = ("operator", "op-pass");

pub fn config() -> DemoConfig {
    let mut c = DemoConfig::new(PASSWORD);
    c.read_only_user = Some((RO_USER.0.into(), RO_USER.1.into()));
    c.vm_operator_user = Some((VM_OP_USER.0.into(), VM_OP_USER.1.into()));
    c.auth_failure_delay = Duration::from_millis(10);
    c
}

pub async fn server() -> DemoServer {
    server_with(config()).await
}

pub async fn server_with(config: DemoConfig) -> DemoServer {
    DemoServer::start(demo::demo_pool(), config, ([127, 0, 0, 1], 0).into())
        .await
        .expect("demo server starts")
}
