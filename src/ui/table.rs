//! Fixed-width columns for the tables of the tabs and the Events and Alerts views: widths
//! shared out once per frame, a header row, and cells that cut long text with "…" (the whole
//! text on hover). Rows are drawn by the caller, usually inside
//! `ScrollArea::show_rows`, so only the rows in view are laid out.

use eframe::egui::{self, Align, Layout, RichText};

/// Column widths filling the width available: each column gets its share of `weights`, and
/// never less than `min`.
pub fn widths(ui: &egui::Ui, weights: &[f32], min: f32) -> Vec<f32> {
    let gap = ui.spacing().item_spacing.x;
    let avail = ui.available_width() - 14.0 - gap * weights.len() as f32; // the scroll bar
    let total: f32 = weights.iter().sum::<f32>().max(f32::EPSILON);
    weights
        .iter()
        .map(|w| (avail * w / total).max(min))
        .collect()
}

/// "2026-11-24 22:00 UTC" → "11-24 22:00": the year and zone only take room in a row (the
/// details below the table give the whole time). Cut at characters: any text is safe.
pub fn short_time(t: &str) -> String {
    let short: String = t.chars().skip(5).take(11).collect();
    if t.chars().count() >= 16 && t.is_char_boundary(4) && t.get(4..5) == Some("-") {
        short
    } else {
        t.to_string()
    }
}

/// Widens column `i` to at least `need` points, taking the room from column `from` (which
/// keeps at least `min`): a column of short words ("Fehlgeschlagen") is never cut.
pub fn ensure(widths: &mut [f32], i: usize, need: f32, from: usize, min: f32) {
    let (Some(&have), Some(&spare)) = (widths.get(i), widths.get(from)) else {
        return;
    };
    let take = (need - have).max(0.0).min((spare - min).max(0.0));
    widths[i] += take;
    widths[from] -= take;
}

/// The width `text` takes in the body font.
pub fn text_width(ui: &egui::Ui, text: &str) -> f32 {
    let font = egui::TextStyle::Body.resolve(ui.style());
    ui.fonts_mut(|f| f.layout_no_wrap(text.to_string(), font, egui::Color32::WHITE))
        .size()
        .x
}

/// The height of one row of body text.
pub fn row_height(ui: &egui::Ui) -> f32 {
    ui.text_style_height(&egui::TextStyle::Body) + 6.0
}

/// A fixed-width cell, so the columns line up from row to row.
pub fn cell<R>(ui: &mut egui::Ui, w: f32, h: f32, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    ui.allocate_ui_with_layout(
        egui::vec2(w, h),
        Layout::left_to_right(Align::Center),
        |ui| {
            ui.set_width(w);
            add(ui)
        },
    )
    .inner
}

/// A text cell cut with "…"; the whole text shows on hover.
pub fn text(ui: &mut egui::Ui, w: f32, h: f32, t: impl Into<RichText>) -> egui::Response {
    let t: RichText = t.into();
    let full = t.text().to_string();
    cell(ui, w, h, |ui| {
        let r = ui.add(egui::Label::new(t).truncate());
        if r.rect.width() + 1.0 >= w && !full.is_empty() {
            r.on_hover_text(full)
        } else {
            r
        }
    })
}

/// The header row: each title strong, in its column.
pub fn header(ui: &mut egui::Ui, widths: &[f32], titles: &[String]) {
    let h = row_height(ui);
    ui.horizontal(|ui| {
        for (w, t) in widths.iter().zip(titles) {
            text(ui, *w, h, RichText::new(t).strong());
        }
    });
    ui.separator();
}

/// A cell that reads as a link and is cut with "…" like the others (egui's `Link` does not
/// truncate, which would push the rest of the row out of its columns).
pub fn link(ui: &mut egui::Ui, w: f32, h: f32, t: &str) -> egui::Response {
    cell(ui, w, h, |ui| {
        let color = ui.visuals().hyperlink_color;
        let resp = ui
            .add(
                egui::Label::new(RichText::new(t).color(color))
                    .sense(egui::Sense::click())
                    .truncate(),
            )
            .on_hover_cursor(egui::CursorIcon::PointingHand);
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Link, true, t));
        resp
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_column_is_widened_from_another_that_keeps_its_minimum() {
        let mut w = [50.0, 100.0, 300.0];
        super::ensure(&mut w, 0, 90.0, 2, 40.0);
        assert_eq!(w, [90.0, 100.0, 260.0]);
        super::ensure(&mut w, 1, 500.0, 2, 40.0);
        assert_eq!(w, [90.0, 320.0, 40.0], "no more than the other can give");
        super::ensure(&mut w, 7, 10.0, 2, 40.0);
    }

    #[test]
    fn a_time_is_shortened_to_month_day_and_clock() {
        assert_eq!(super::short_time("2026-11-24 22:00 UTC"), "11-24 22:00");
        assert_eq!(super::short_time("unknown"), "unknown");
        assert_eq!(
            super::short_time("€€€€€€€€€€€€€€€€€€"),
            "€€€€€€€€€€€€€€€€€€"
        );
    }
}
