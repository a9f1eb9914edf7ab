//! The console's picture: the texture updated from the framebuffer's dirty rectangle, scaled
//! to fit or shown 1:1, and the keyboard and pointer over it.

use super::input::{self, KeyAction};
use super::view::{ConsoleView, State};
use crate::i18n::I18n;
use eframe::egui;
use rfb::Input;
use rfb::client::lock;

impl ConsoleView {
    /// Uploads what changed to the texture; returns the framebuffer size.
    fn upload(&mut self, ctx: &egui::Context) -> Option<[usize; 2]> {
        let State::Live(o) = &self.state else {
            return self.texture.as_ref().map(|t| t.size());
        };
        let mut s = lock(&o.client.screen);
        let size = [usize::from(s.width), usize::from(s.height)];
        let options = egui::TextureOptions {
            magnification: if self.fit {
                egui::TextureFilter::Linear
            } else {
                egui::TextureFilter::Nearest
            },
            ..egui::TextureOptions::LINEAR
        };
        if self.texture.is_none() || s.generation != self.texture_generation {
            let image = egui::ColorImage::from_rgba_premultiplied(size, &s.opaque());
            self.texture = Some(ctx.load_texture("console", image, options));
            self.texture_generation = s.generation;
            s.take_dirty();
        } else if let (Some(r), Some(tex)) = (s.take_dirty(), self.texture.as_mut()) {
            let image = egui::ColorImage::from_rgba_premultiplied(
                [usize::from(r.w), usize::from(r.h)],
                &s.region(r),
            );
            tex.set_partial([usize::from(r.x), usize::from(r.y)], image, options);
        }
        if let Some(c) = &s.cursor
            && self
                .cursor
                .as_ref()
                .is_none_or(|(_, g, _)| *g != s.cursor_generation)
        {
            let image = egui::ColorImage::from_rgba_unmultiplied(
                [usize::from(c.width), usize::from(c.height)],
                &c.rgba,
            );
            let tex = ctx.load_texture("console-cursor", image, egui::TextureOptions::NEAREST);
            self.cursor = Some((tex, s.cursor_generation, c.hotspot));
        }
        Some(size)
    }

    pub(super) fn screen(&mut self, ui: &mut egui::Ui, i18n: &I18n) {
        let Some(size) = self.upload(ui.ctx()) else {
            return;
        };
        let Some(tex) = self.texture.clone() else {
            return;
        };
        self.screen_label = i18n.get("console-screen");
        let fb = egui::vec2(size[0] as f32, size[1] as f32);
        if self.fit {
            let avail = ui.available_size();
            let scale = (avail.x / fb.x).min(avail.y / fb.y).max(0.05);
            self.picture(ui, &tex, fb, fb * scale);
        } else {
            egui::ScrollArea::both()
                .auto_shrink(false)
                .show(ui, |ui| self.picture(ui, &tex, fb, fb));
        }
    }

    fn picture(
        &mut self,
        ui: &mut egui::Ui,
        tex: &egui::TextureHandle,
        fb: egui::Vec2,
        shown: egui::Vec2,
    ) {
        let (rect, resp) = ui.allocate_exact_size(shown, egui::Sense::click_and_drag());
        let label = self.screen_label.clone();
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &label));
        ui.painter().image(
            tex.id(),
            rect,
            egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
            egui::Color32::WHITE,
        );
        if !self.is_live() {
            return;
        }
        if resp.clicked() || resp.drag_started() {
            self.captured = true;
            resp.request_focus();
        }
        if self.captured {
            resp.request_focus();
            ui.memory_mut(|m| {
                m.set_focus_lock_filter(
                    resp.id,
                    egui::EventFilter {
                        tab: true,
                        horizontal_arrows: true,
                        vertical_arrows: true,
                        escape: true,
                    },
                )
            });
            ui.painter().rect_stroke(
                rect,
                0.0,
                egui::Stroke::new(2.0, ui.visuals().selection.bg_fill),
                egui::StrokeKind::Outside,
            );
            if resp.clicked_elsewhere() {
                self.release_keyboard();
            }
        }
        self.keys(ui.ctx());
        self.pointer(ui, &resp, rect, fb);
    }

    fn keys(&mut self, ctx: &egui::Context) {
        if !self.captured {
            self.grabbed.clear();
            return;
        }
        self.grab_keys(ctx);
        for e in std::mem::take(&mut self.grabbed) {
            match input::key_action(&e) {
                KeyAction::Send(i) => self.send(i),
                KeyAction::Release => {
                    self.release_keyboard();
                    ctx.memory_mut(|m| {
                        if let Some(id) = m.focused() {
                            m.surrender_focus(id)
                        }
                    });
                    break;
                }
                KeyAction::Ignore => {}
            }
        }
    }

    fn pointer(&mut self, ui: &egui::Ui, resp: &egui::Response, rect: egui::Rect, fb: egui::Vec2) {
        let Some(pos) = resp.hover_pos() else {
            return;
        };
        let rel = (pos - rect.min) / rect.size() * fb;
        let x = rel.x.clamp(0.0, fb.x - 1.0) as u16;
        let y = rel.y.clamp(0.0, fb.y - 1.0) as u16;
        let (buttons, wheel) = ui.input(|i| {
            let wheel: f32 = i
                .events
                .iter()
                .filter_map(|e| match e {
                    egui::Event::MouseWheel { delta, .. } => Some(delta.y),
                    _ => None,
                })
                .sum();
            (input::button_mask(&i.pointer), wheel)
        });
        if self.last_pointer != Some((x, y)) || buttons != self.buttons {
            self.send(Input::Pointer { x, y, buttons });
            self.last_pointer = Some((x, y));
            self.buttons = buttons;
        }
        if wheel != 0.0 {
            // A wheel notch is a press and release of button 4 (up) or 5 (down).
            let bit = if wheel > 0.0 { 8 } else { 16 };
            self.send(Input::Pointer {
                x,
                y,
                buttons: buttons | bit,
            });
            self.send(Input::Pointer { x, y, buttons });
        }
        // The guest's cursor, drawn here; the system's is hidden over the screen.
        if let Some((tex, _, hot)) = &self.cursor {
            let scale = rect.width() / fb.x;
            let size = tex.size_vec2() * scale;
            let min = pos - egui::vec2(f32::from(hot.0), f32::from(hot.1)) * scale;
            ui.ctx().set_cursor_icon(egui::CursorIcon::None);
            ui.painter().image(
                tex.id(),
                egui::Rect::from_min_size(min, size),
                egui::Rect::from_min_max(egui::pos2(0.0, 0.0), egui::pos2(1.0, 1.0)),
                egui::Color32::WHITE,
            );
        }
    }
}
