//! Per-user settings (View menu, language, theme), persisted as JSON in the platform's config
//! directory (see [`default_path`]). A missing or unreadable file gives the defaults, with a
//! warning: settings must never stop the app from starting.

use crate::model::tree::{ViewKind, ViewOptions};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub view: ViewOptions,
    pub nav: ViewKind,
    /// A tag from `i18n::LANGUAGES`; `None` follows the operating system.
    pub language: Option<String>,
    pub theme: Theme,
    /// Confirmations the user asked not to see again ("shutdown", "force-shutdown",
    /// "reboot", "disconnect"), as XenCenter's "Don't ask me again".
    pub confirm_skip: std::collections::BTreeSet<String>,
}

/// `settings.json` in the user's config directory, if the platform has one (the saved servers
/// are beside it):
/// - Linux: `$XDG_CONFIG_HOME/xenpilot/`, by default `~/.config/xenpilot/`;
/// - macOS: `~/Library/Application Support/xenpilot/`;
/// - Windows: `%APPDATA%\xenpilot\config\`.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "xenpilot").map(|d| d.config_dir().join("settings.json"))
}

impl Settings {
    pub fn load(path: &Path) -> Settings {
        crate::store::json_file::load(path, "settings")
    }

    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        crate::store::json_file::save(self, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_survives_garbage() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/settings.json");
        assert_eq!(Settings::load(&path), Settings::default());
        let mut s = Settings::default();
        s.view.show_hidden = true;
        s.language = Some("ja".into());
        s.theme = Theme::Dark;
        s.nav = ViewKind::Objects;
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path), s);
        std::fs::write(&path, b"{ not json").unwrap();
        assert_eq!(Settings::load(&path), Settings::default());
        // Unknown and missing fields are fine (older or newer versions).
        std::fs::write(&path, br#"{"view":{"show_hidden":true},"extra":1}"#).unwrap();
        let s = Settings::load(&path);
        assert!(s.view.show_hidden);
        assert!(
            s.view.user_templates,
            "missing fields take XenCenter's defaults"
        );
    }

    #[test]
    fn the_config_directory_is_the_platforms_own() {
        // No home directory (some CI sandboxes): no path, and nothing to check.
        let Some(path) = default_path() else { return };
        #[cfg(target_os = "linux")]
        let dir = "xenpilot";
        #[cfg(target_os = "macos")]
        let dir = "Library/Application Support/xenpilot";
        #[cfg(windows)]
        let dir = "xenpilot/config";
        #[cfg(any(target_os = "linux", target_os = "macos", windows))]
        assert!(
            path.ends_with(std::path::Path::new(dir).join("settings.json")),
            "{}",
            path.display()
        );
    }
}
