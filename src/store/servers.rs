//! Saved servers and trusted certificates (`servers.json` beside `settings.json`), and
//! passwords in the operating system's keyring, never in a file.
//!
//! A certificate the user trusted is pinned by its SHA-256 fingerprint under the host's
//! `host:port` key ([`xenapi::known_host_key`]); the transport then accepts exactly that
//! certificate from that host and refuses any other.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A server the user connected to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedServer {
    /// What the user typed (`host`, `host:port`, `https://…`).
    pub address: String,
    pub user: String,
    /// The password is in the keyring (the user ticked Remember).
    #[serde(default)]
    pub remember: bool,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ServerStore {
    /// Most recently used first.
    pub servers: Vec<SavedServer>,
    /// `host:port` → SHA-256 fingerprint of the certificate the user trusted.
    pub trusted_certificates: BTreeMap<String, String>,
}

/// `servers.json` in the user's config directory, if the platform has one.
pub fn default_path() -> Option<PathBuf> {
    crate::store::settings::default_path().map(|p| p.with_file_name("servers.json"))
}

/// How many servers the list keeps (XenCenter keeps 20 in its history).
const MAX_SERVERS: usize = 20;

impl ServerStore {
    /// A missing or damaged file is an empty store (with a warning).
    pub fn load(path: &Path) -> ServerStore {
        crate::store::json_file::load(path, "server list")
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        crate::store::json_file::save(self, path)
    }

    /// Puts `server` first, replacing an entry for the same address and user.
    pub fn remember(&mut self, server: SavedServer) {
        self.servers
            .retain(|s| !(s.address == server.address && s.user == server.user));
        self.servers.insert(0, server);
        self.servers.truncate(MAX_SERVERS);
    }

    pub fn trust(&mut self, host_key: &str, fingerprint: &str) {
        self.trusted_certificates
            .insert(host_key.to_string(), fingerprint.to_ascii_uppercase());
    }
}

/// Why the keyring could not read, store or delete a password (none running, locked,
/// access refused...), in the keyring's own words.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct KeyringError {
    message: String,
}

impl KeyringError {
    /// An error described in words (a store other than the OS keyring, or a test's).
    pub fn new(message: impl Into<String>) -> Self {
        KeyringError {
            message: message.into(),
        }
    }

    /// The failure in words.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<keyring::Error> for KeyringError {
    fn from(e: keyring::Error) -> Self {
        KeyringError::new(e.to_string())
    }
}

impl<T> From<std::sync::PoisonError<T>> for KeyringError {
    fn from(e: std::sync::PoisonError<T>) -> Self {
        KeyringError::new(e.to_string())
    }
}

/// Where passwords go when the user ticks Remember.
pub trait SecretStore: Send + Sync {
    fn get(&self, account: &str) -> Result<Option<String>, KeyringError>;
    fn set(&self, account: &str, password: &str) -> Result<(), KeyringError>;
    fn delete(&self, account: &str) -> Result<(), KeyringError>;
}

/// The keyring account of a saved server: `user@address`.
pub fn account(address: &str, user: &str) -> String {
    format!("{user}@{}", address.trim())
}

/// The OS keyring (Secret Service on Linux, Keychain on macOS, Credential Manager on
/// Windows). Calls may block on D-Bus: make them off the UI thread.
pub struct Keyring;

const SERVICE: &str = "XenPilot";

impl SecretStore for Keyring {
    fn get(&self, account: &str) -> Result<Option<String>, KeyringError> {
        let entry = keyring::Entry::new(SERVICE, account)?;
        match entry.get_password() {
            Ok(p) => Ok(Some(p)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    fn set(&self, account: &str, password: &str) -> Result<(), KeyringError> {
        keyring::Entry::new(SERVICE, account)
            .and_then(|e| e.set_password(password))
            .map_err(KeyringError::from)
    }

    fn delete(&self, account: &str) -> Result<(), KeyringError> {
        let entry = keyring::Entry::new(SERVICE, account)?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// Passwords held in memory only (tests, and machines without a keyring).
#[derive(Default)]
pub struct MemorySecrets(std::sync::Mutex<BTreeMap<String, String>>);

impl SecretStore for MemorySecrets {
    fn get(&self, account: &str) -> Result<Option<String>, KeyringError> {
        let m = self.0.lock()?;
        Ok(m.get(account).cloned())
    }

    fn set(&self, account: &str, password: &str) -> Result<(), KeyringError> {
        let mut m = self.0.lock()?;
        m.insert(account.to_string(), password.to_string());
        Ok(())
    }

    fn delete(&self, account: &str) -> Result<(), KeyringError> {
        let mut m = self.0.lock()?;
        m.remove(account);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_recent_first_no_duplicates_and_no_password_on_disk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("servers.json");
        let mut s = ServerStore::load(&path);
        assert_eq!(s, ServerStore::default());
        for a in ["a", "b", "a"] {
            s.remember(SavedServer {
                address: a.into(),
                user: "root".into(),
                remember: true,
            });
        }
        assert_eq!(
            s.servers
                .iter()
                .map(|s| s.address.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
        s.trust("host:443", "ab:cd");
        s.save(&path).unwrap();
        assert_eq!(ServerStore::load(&path), s);
        assert_eq!(s.trusted_certificates["host:443"], "AB:CD");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.to_lowercase().contains("password"), "{text}");
        std::fs::write(&path, b"[garbage").unwrap();
        assert_eq!(ServerStore::load(&path), ServerStore::default());
    }

    #[test]
    fn memory_secrets_round_trip() {
        let m = MemorySecrets::default();
        let a = account(" pool ", "root");
        assert_eq!(a, "root@pool");
        assert_eq!(m.get(&a).unwrap(), None);
        m.set(&a, "pw").unwrap();
        assert_eq!(m.get(&a).unwrap().as_deref(), Some("pw"));
        m.delete(&a).unwrap();
        assert_eq!(m.get(&a).unwrap(), None);
    }
}
