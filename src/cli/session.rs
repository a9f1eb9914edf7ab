//! The session a subcommand works in: `--server` with the password from
//! `XENPILOT_PASSWORD` (and the certificates the app trusts), or the built-in demo pool
//! started for the command and stopped after it.

use xenapi::{Credentials, Session, TransportOptions};

/// A session, and the demo server behind it when there was no `--server`.
pub struct Opened {
    pub session: Session,
    pub demo: Option<demo::DemoServer>,
}

impl Opened {
    /// Logs out and stops the demo server.
    pub async fn close(self) {
        let _ = self.session.logout().await;
        if let Some(server) = self.demo {
            server.stop().await;
        }
    }
}

pub async fn open(server: Option<&str>, user: &str) -> Result<Opened, String> {
    match server {
        Some(url) => {
            let password = std::env::var("XENPILOT_PASSWORD")
                .map_err(|_| "--server needs the password in XENPILOT_PASSWORD".to_string())?;
            let pins = crate::store::servers::default_path()
                .map(|p| crate::store::servers::ServerStore::load(&p).trusted_certificates)
                .unwrap_or_default();
            let options = TransportOptions {
                pins,
                ..TransportOptions::default()
            };
            let session = Session::login(url, Credentials::new(user, password), options)
                .await
                .map_err(|e| e.to_string())?;
            Ok(Opened {
                session,
                demo: None,
            })
        }
        None => {
            let password = demo::generate_password();
            let server = demo::DemoServer::start(
                demo::demo_pool(),
                demo::DemoConfig::new(password.clone()),
                ([127, 0, 0, 1], 0).into(),
            )
            .await
            .map_err(|e| format!("cannot start the demo pool server: {e}"))?;
            let session = Session::login(
                &server.url,
                Credentials::new("root", password),
                TransportOptions::default(),
            )
            .await
            .map_err(|e| e.to_string())?;
            Ok(Opened {
                session,
                demo: Some(server),
            })
        }
    }
}
