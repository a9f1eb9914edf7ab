//! Tree icons, painted as shapes so they never depend on a font having the glyph. Colour
//! carries the state (running green, halted red, suspended amber), as in XenCenter.

use crate::model::tree::Icon;
use eframe::egui::{self, Color32, Pos2, Rect, Stroke, StrokeKind, pos2, vec2};

pub const SIZE: f32 = 16.0;

const BLUE: Color32 = Color32::from_rgb(60, 120, 200);
const GREEN: Color32 = Color32::from_rgb(40, 160, 70);
const RED: Color32 = Color32::from_rgb(200, 60, 50);
const AMBER: Color32 = Color32::from_rgb(220, 150, 30);
const PURPLE: Color32 = Color32::from_rgb(130, 90, 180);
const BROWN: Color32 = Color32::from_rgb(170, 120, 60);
const TEAL: Color32 = Color32::from_rgb(40, 150, 150);
const GREY: Color32 = Color32::from_rgb(130, 130, 130);

/// Paints `icon` into `rect` (a SIZE×SIZE square). `dim` draws it faded (hidden objects).
pub fn paint(painter: &egui::Painter, rect: Rect, icon: Icon, dim: bool, fg: Color32) {
    let c = rect.center();
    let fade = |col: Color32| if dim { col.gamma_multiply(0.45) } else { col };
    let s = |w: f32| Stroke::new(w, fade(fg));
    let r = |x0: f32, y0: f32, x1: f32, y1: f32| {
        Rect::from_min_max(rect.min + vec2(x0, y0), rect.min + vec2(x1, y1))
    };
    match icon {
        Icon::Pool => {
            painter.rect_filled(r(2.0, 2.0, 14.0, 7.0), 1.5, fade(BLUE));
            painter.rect_filled(r(2.0, 9.0, 14.0, 14.0), 1.5, fade(BLUE));
        }
        Icon::Host | Icon::HostDown => {
            painter.rect_stroke(r(3.0, 1.5, 13.0, 14.5), 1.5, s(1.2), StrokeKind::Inside);
            for y in [5.0, 8.0] {
                painter.line_segment([rect.min + vec2(5.0, y), rect.min + vec2(11.0, y)], s(1.0));
            }
            let dot = if icon == Icon::Host { GREEN } else { RED };
            painter.circle_filled(rect.min + vec2(8.0, 11.5), 1.6, fade(dot));
        }
        Icon::VmRunning | Icon::VmHalted | Icon::VmSuspended => {
            painter.rect_stroke(r(1.5, 2.5, 14.5, 11.5), 1.5, s(1.2), StrokeKind::Inside);
            painter.line_segment(
                [rect.min + vec2(5.0, 14.0), rect.min + vec2(11.0, 14.0)],
                s(1.2),
            );
            let col = match icon {
                Icon::VmRunning => GREEN,
                Icon::VmHalted => RED,
                _ => AMBER,
            };
            painter.circle_filled(rect.min + vec2(8.0, 7.0), 2.6, fade(col));
        }
        Icon::Template | Icon::UserTemplate => {
            painter.rect_stroke(
                r(3.0, 1.5, 13.0, 14.5),
                1.0,
                Stroke::new(1.2, fade(PURPLE)),
                StrokeKind::Inside,
            );
            for y in [5.0, 8.0, 11.0] {
                painter.line_segment(
                    [rect.min + vec2(5.0, y), rect.min + vec2(11.0, y)],
                    Stroke::new(1.0, fade(PURPLE)),
                );
            }
            if icon == Icon::UserTemplate {
                painter.circle_filled(rect.min + vec2(12.5, 12.5), 2.5, fade(BLUE));
            }
        }
        Icon::Snapshot => {
            painter.circle_stroke(c, 6.0, Stroke::new(1.3, fade(TEAL)));
            painter.circle_filled(c, 2.5, fade(TEAL));
        }
        Icon::Storage | Icon::StorageDefault | Icon::StorageDisabled | Icon::StorageBroken => {
            let col = if icon == Icon::StorageDisabled {
                GREY
            } else {
                BROWN
            };
            painter.rect_filled(r(2.5, 4.0, 13.5, 13.0), 0.0, fade(col));
            painter.add(egui::Shape::ellipse_filled(
                rect.min + vec2(8.0, 13.0),
                vec2(5.5, 2.0),
                fade(col),
            ));
            painter.add(egui::Shape::ellipse_filled(
                rect.min + vec2(8.0, 4.0),
                vec2(5.5, 2.0),
                fade(col.gamma_multiply(1.4)),
            ));
            if icon == Icon::StorageDefault {
                painter.circle_filled(rect.min + vec2(13.0, 3.0), 2.5, fade(AMBER));
            }
            if icon == Icon::StorageBroken {
                // A red cross in the corner, as XenCenter's broken-storage icon.
                let (a, b) = (rect.min + vec2(9.5, 9.5), rect.min + vec2(15.0, 15.0));
                painter.circle_filled(rect.min + vec2(12.25, 12.25), 3.6, fade(RED));
                let w = Stroke::new(1.3, Color32::WHITE);
                let d = vec2(1.3, 1.3);
                painter.line_segment([a + d, b - d], w);
                painter.line_segment([pos2(a.x + d.x, b.y - d.y), pos2(b.x - d.x, a.y + d.y)], w);
            }
        }
        Icon::Network => {
            let pts = [pos2(3.0, 8.0), pos2(13.0, 3.5), pos2(13.0, 12.5)];
            let at = |p: Pos2| rect.min + p.to_vec2();
            for (a, b) in [(0, 1), (0, 2), (1, 2)] {
                painter.line_segment([at(pts[a]), at(pts[b])], Stroke::new(1.2, fade(TEAL)));
            }
            for p in pts {
                painter.circle_filled(at(p), 2.2, fade(TEAL));
            }
        }
        Icon::Nic => {
            painter.rect_filled(r(2.0, 5.0, 14.0, 11.0), 1.0, fade(TEAL));
            for x in [4.0, 7.0, 10.0] {
                painter.rect_filled(r(x, 11.0, x + 2.0, 14.0), 0.0, fade(TEAL));
            }
        }
        Icon::Tag => {
            // A luggage label: a pointed tag with its hole.
            let at = |x: f32, y: f32| rect.min + vec2(x, y);
            let pts = vec![
                at(1.5, 8.0),
                at(6.0, 3.0),
                at(14.5, 3.0),
                at(14.5, 13.0),
                at(6.0, 13.0),
            ];
            painter.add(egui::Shape::convex_polygon(pts, fade(PURPLE), Stroke::NONE));
            painter.circle_filled(at(5.5, 8.0), 1.4, Color32::WHITE);
        }
        Icon::Folder => {
            let col = fade(BROWN);
            painter.rect_filled(r(1.5, 4.0, 14.5, 13.5), 1.5, col);
            painter.rect_filled(r(1.5, 2.5, 7.0, 5.0), 1.0, col);
        }
        Icon::Group(_) => {
            // A folder, as XenCenter's grouping nodes.
            let col = fade(AMBER.gamma_multiply(0.8));
            painter.rect_filled(r(1.5, 4.0, 14.5, 13.5), 1.5, col);
            painter.rect_filled(r(1.5, 2.5, 7.0, 5.0), 1.0, col);
        }
    }
}
