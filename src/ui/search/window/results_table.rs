//! The Search window's results table: the header (a click sorts), and only the drawn rows'
//! cells built.

use super::*;

impl SearchWindow {
    pub(super) fn table(&mut self, ui: &mut egui::Ui, view: &AppView, out: &mut Vec<Command>) {
        let i18n = view.i18n;
        let weights: Vec<f32> = self
            .columns
            .iter()
            .map(|c| match c {
                Column::Name => 3.0,
                Column::Tags | Column::Ip | Column::Host | Column::Pool => 2.0,
                _ => 1.2,
            })
            .collect();
        let widths = table::widths(ui, &weights, 48.0);
        let h = table::row_height(ui);
        ui.horizontal(|ui| {
            for (c, w) in self.columns.clone().iter().zip(&widths) {
                let mut title = column_title(i18n, c);
                if let Some((s, asc)) = &self.sort
                    && s == c
                {
                    title.push_str(if *asc { " ▲" } else { " ▼" });
                }
                let r = table::cell(ui, *w, h, |ui| {
                    ui.add(
                        egui::Button::new(RichText::new(title).strong())
                            .frame(false)
                            .truncate(),
                    )
                });
                if r.clicked() {
                    let asc = !matches!(&self.sort, Some((s, true)) if s == c);
                    self.sort = Some((c.clone(), asc));
                }
            }
        });
        ui.separator();
        let cursor = self.cursor;
        let mut clicked = None;
        let mut area = egui::ScrollArea::vertical()
            .id_salt(("search", "results"))
            .auto_shrink(false);
        // Rows off screen are not laid out: bring the cursor's row into view by offset.
        if std::mem::take(&mut self.scroll_to_cursor)
            && let Some(c) = cursor
            && !self.visible.contains(&c)
        {
            let per = h + ui.spacing().item_spacing.y;
            let shown = self.visible.len().max(1) as f32;
            let top = if c < self.visible.start {
                c as f32 * per
            } else {
                (c as f32 + 1.0 - shown) * per
            };
            area = area.vertical_scroll_offset(top.max(0.0));
        }
        let mut seen = 0..0;
        let ctxs = self.contexts(view.pools);
        area.show_rows(ui, h, self.found.len(), |ui, range| {
            seen = range.clone();
            for i in range {
                let picked = cursor == Some(i);
                // Only the rows drawn are built, from the records as they are now; an object
                // gone since the search ran leaves its row empty until the next results.
                let hit = ctxs
                    .get(self.found[i].pool)
                    .and_then(|c| results::row(c, &self.found[i], &self.custom));
                let Some(hit) = hit else {
                    ui.allocate_space(egui::vec2(ui.available_width(), h));
                    continue;
                };
                let r = ui
                    .horizontal(|ui| {
                        for (c, w) in self.columns.iter().zip(&widths) {
                            let t = cell_text(i18n, &hit, c);
                            if *c == Column::Name {
                                if table::link(ui, *w, h, &t).clicked() {
                                    clicked = Some(i);
                                }
                            } else {
                                table::text(ui, *w, h, t);
                            }
                        }
                    })
                    .response;
                if picked {
                    ui.painter().rect_stroke(
                        r.rect,
                        2.0,
                        ui.visuals().selection.stroke,
                        egui::StrokeKind::Inside,
                    );
                }
            }
        });
        self.visible = seen;
        if let Some(i) = clicked {
            self.cursor = Some(i);
            if let Some(f) = self.found.get(i) {
                out.push(Command::Select(f.node.clone()));
            }
        }
    }
}
