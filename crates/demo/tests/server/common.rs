//! The demo server's configuration, with a read-only user, and starting it on loopback (the
//! app's `tests/common/mod.rs` does the same for its tests).

use demo::{self, DemoConfig, DemoServer};
use std::time::Duration;

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

/// The host's answer to an upload, read once its reply has ended: xapi answers `200` before
/// it reads the body and ends the reply when it is done with it (the outcome is the task's).
pub struct Answer {
    status: reqwest::StatusCode,
    body: String,
}

impl Answer {
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }
    pub async fn text(&self) -> String {
        self.body.clone()
    }
    pub async fn read(r: reqwest::Response) -> Answer {
        let status = r.status();
        // The connection may close under an upload the host gave up on.
        let body = r.text().await.unwrap_or_default();
        Answer { status, body }
    }
}
