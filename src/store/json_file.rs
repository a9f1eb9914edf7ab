//! Small JSON files in the config directory (settings, saved servers): read leniently, written
//! atomically.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::path::Path;

/// A missing file gives the default; an unreadable or damaged one too, with a warning: such a
/// file must never stop the app from starting.
pub fn load<T: DeserializeOwned + Default>(path: &Path, what: &str) -> T {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            tracing::warn!(path = %path.display(), error = %e, "ignoring unreadable {what}");
            T::default()
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => T::default(),
        Err(e) => {
            tracing::warn!(path = %path.display(), error = %e, "cannot read {what}");
            T::default()
        }
    }
}

/// Writes atomically (temp file, then rename) so a crash never leaves half a file.
pub fn save<T: Serialize>(value: &T, path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    let json = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
    std::fs::write(&tmp, json)?;
    std::fs::rename(&tmp, path)
}
