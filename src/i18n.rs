//! Localization with Fluent (`locales/<lang>/xenpilot.ftl`), through i18n-embed.
//!
//! Each app (and each test) owns its [`I18n`], so languages can differ between windows and
//! between parallel tests. Two ways of looking a message up:
//! - `fl!(i18n.loader, "id")` where the id is written at the call: the macro checks the id
//!   and its argument names against en-US at compile time;
//! - [`I18n::get`] / [`I18n::get_args`] where the id is data (the action table's labels, a
//!   notice's kind, a tab's title). Nothing checks those at compile time: the test
//!   `locales::every_id_the_code_asks_for_exists` finds every such id in `src/` and checks
//!   that en-US has it (and the locale test, that every locale has en-US's ids).
//!
//! The model looks some ids up by name (SR i18n keys) with [`I18n::try_get`], so an unknown
//! key falls back to the raw value, as XenCenter does.

use i18n_embed::fluent::FluentLanguageLoader;
use i18n_embed::{DesktopLanguageRequester, LanguageLoader};
use std::collections::HashMap;
use unic_langid::LanguageIdentifier;

#[derive(rust_embed::RustEmbed)]
#[folder = "locales/"]
struct Localizations;

/// The languages XenPilot ships: tag and native name (menu text, never translated).
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en-US", "English"),
    ("ja", "日本語"),
    ("zh-CN", "简体中文"),
    ("de", "Deutsch"),
    ("fr", "Français"),
];

/// The product name used in brand-dependent strings ("XenServer Templates").
pub const BRAND: &str = "XenServer";
/// `BrandManager.VmTools`, used by the Tools SR's name.
pub const VM_TOOLS: &str = "XenServer VM Tools";

pub struct I18n {
    pub loader: FluentLanguageLoader,
}

impl I18n {
    /// The best match for `requested` (e.g. "ja-JP" → ja, "zh-Hans" → zh-CN); en-US otherwise.
    pub fn new(requested: &str) -> Self {
        let i18n = I18n {
            loader: FluentLanguageLoader::new("xenpilot", unic_langid::langid!("en-US")),
        };
        i18n.select(requested);
        i18n
    }

    /// The operating system's language, or en-US (`LANG=C` gives none).
    pub fn from_os() -> Self {
        let requested = DesktopLanguageRequester::requested_languages();
        let i18n = I18n::new("en-US");
        i18n.select_ids(&requested);
        i18n
    }

    /// Switches language at runtime (an unknown tag selects en-US).
    pub fn select(&self, tag: &str) {
        let ids: Vec<LanguageIdentifier> = tag.parse().into_iter().collect();
        self.select_ids(&ids);
    }

    fn select_ids(&self, ids: &[LanguageIdentifier]) {
        if let Err(e) = i18n_embed::select(&self.loader, &Localizations, ids) {
            tracing::warn!(error = %e, "cannot load translations; using en-US");
        }
        // egui does no bidi; isolation marks would only end up in accessibility labels.
        self.loader.set_use_isolating(false);
    }

    /// The current language's tag, as in [`LANGUAGES`].
    pub fn lang(&self) -> String {
        self.loader.current_language().to_string()
    }

    /// A message by id (the id itself when no language has it).
    pub fn get(&self, id: &str) -> String {
        self.loader.get(id)
    }

    /// A message by id with arguments, or `None` when no language has the id.
    pub fn try_get(&self, id: &str, args: &[(&str, &str)]) -> Option<String> {
        if !self.loader.has(id) {
            return None;
        }
        let map: HashMap<String, String> = args
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Some(self.loader.get_args(id, map))
    }

    /// A message with arguments; the id itself if missing (a bug the locale test catches).
    pub fn get_args(&self, id: &str, args: &[(&str, &str)]) -> String {
        self.try_get(id, args).unwrap_or_else(|| id.to_string())
    }

    /// A message whose `$count` picks a plural form (Fluent selects on numbers, not on the
    /// strings [`I18n::get_args`] passes), with other arguments.
    pub fn get_counted(&self, id: &str, count: usize, args: &[(&str, &str)]) -> String {
        use fluent_bundle::FluentValue;
        if !self.loader.has(id) {
            return id.to_string();
        }
        let mut map: HashMap<&str, FluentValue> = args
            .iter()
            .map(|(k, v)| (*k, FluentValue::from(*v)))
            .collect();
        map.insert("count", FluentValue::from(count));
        self.loader.get_args(id, map)
    }

    /// "{name} (hidden)" in the current language.
    pub fn hidden(&self, name: &str) -> String {
        self.get_args("name-hidden", &[("name", name)])
    }
}

/// The raw `.ftl` text of `lang` (for the key-coverage test and tools).
pub fn ftl_source(lang: &str) -> Option<String> {
    let file = Localizations::get(&format!("{lang}/xenpilot.ftl"))?;
    String::from_utf8(file.data.into_owned()).ok()
}
