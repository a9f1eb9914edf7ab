//! Keyboard focus that can always be seen. egui draws a focused button, checkbox or choice
//! with the "active" look, whose 1-point grey or black outline is hard to tell from a pressed
//! or hovered one; a 2-point outline in the theme's selection colour marks it in both themes.

use eframe::egui;

/// Installs the focus outline in the light and the dark style.
pub fn install(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        let v = &mut style.visuals;
        v.widgets.active.bg_stroke = egui::Stroke::new(2.0, v.selection.stroke.color);
    });
}
