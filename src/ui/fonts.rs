//! Bundled CJK fonts (Noto Sans JP and SC subsets, OFL: `assets/fonts/`), added after egui's
//! default Latin font. Han characters are drawn differently in Japanese and Chinese, so the UI
//! language decides which of the two comes first.

use eframe::egui::{self, FontData, FontDefinitions, FontFamily};

static NOTO_JP: &[u8] = include_bytes!("../../assets/fonts/NotoSansJP-common.ttf");
static NOTO_SC: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-common.ttf");

/// egui's default fonts plus the two CJK fallbacks, ordered for `lang`.
pub fn definitions(lang: &str) -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    defs.font_data
        .insert("noto-jp".into(), FontData::from_static(NOTO_JP).into());
    defs.font_data
        .insert("noto-sc".into(), FontData::from_static(NOTO_SC).into());
    let order = if lang.starts_with("zh") {
        ["noto-sc", "noto-jp"]
    } else {
        ["noto-jp", "noto-sc"]
    };
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        defs.families
            .entry(family)
            .or_default()
            .extend(order.iter().map(|s| s.to_string()));
    }
    defs
}

pub fn install(ctx: &egui::Context, lang: &str) {
    ctx.set_fonts(definitions(lang));
}
