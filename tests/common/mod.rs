//! Helpers shared by the integration tests: a demo server on loopback and a logged-in session.
#![allow(dead_code)]

use std::time::Duration;
use xenpilot::demo::{self, DemoConfig, DemoServer};
use xenpilot::xenapi::{Credentials, Protocol, ProtocolChoice, Session, TransportOptions};

pub const PASSWORD: &str = "demo-password";
pub const RO_USER: (&str, &str) = ("auditor", "audit-pass");

pub fn config() -> DemoConfig {
    let mut c = DemoConfig::new(PASSWORD);
    c.read_only_user = Some((RO_USER.0.into(), RO_USER.1.into()));
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

pub fn opts(p: Protocol) -> TransportOptions {
    TransportOptions {
        protocol: ProtocolChoice::Only(p),
        ..TransportOptions::default()
    }
}

pub async fn login(url: &str, p: Protocol) -> Session {
    Session::login(url, Credentials::new("root", PASSWORD), opts(p))
        .await
        .expect("login succeeds")
}

pub const BOTH: [Protocol; 2] = [Protocol::JsonRpc, Protocol::XmlRpc];
