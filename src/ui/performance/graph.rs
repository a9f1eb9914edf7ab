//! One graph: its lines from the store (derived values by name, never by column), drawn
//! with egui_plot: legend, hover read-out in the graph's unit, time axis in local time.

use crate::i18n::I18n;
use crate::model::graphs::layout::{self, Graph};
use crate::model::graphs::{self, Line, Unit};
use eframe::egui;
use egui_plot::{GridInput, GridMark, HoverPosition, Plot, PlotPoints};
use xenapi::records::StringMap;
use xenapi::rrd::{Cf, ObjectKind, SeriesKey, Store};

use super::Range;

/// XenCenter's palette (Palette.cs), in order.
const PALETTE: [(u8, u8, u8); 10] = [
    (0, 102, 255),
    (51, 153, 0),
    (255, 153, 0),
    (102, 0, 153),
    (153, 0, 51),
    (153, 94, 0),
    (255, 255, 0),
    (0, 255, 180),
    (0, 153, 130),
    (191, 164, 166),
];

/// A line ready to draw: legend name, colour, points in the graph's unit.
pub struct DrawnLine {
    pub name: String,
    pub colour: egui::Color32,
    /// (epoch seconds, value in the graph's unit).
    pub points: Vec<(i64, f64)>,
}

/// What the user asked of a graph.
pub enum Action {
    Csv,
    CopyImage(egui::Rect),
}

/// The graph's unit: its first source's.
pub fn unit(kind: ObjectKind, g: &Graph) -> Unit {
    g.sources
        .first()
        .map_or(Unit::Plain, |s| graphs::source_unit(kind, s).0)
}

/// The graph's title: its name, else what it shows.
pub fn title(i18n: &I18n, kind: ObjectKind, g: &Graph) -> String {
    if g.name.is_empty() {
        i18n.get(graphs::graph_category(kind, &g.sources).label_id())
    } else {
        g.name.clone()
    }
}

/// A line's legend name.
pub fn line_name(i18n: &I18n, line: &Line) -> String {
    match graphs::source_label(line) {
        Some((id, dev)) => i18n.get_args(id, &[("dev", &dev)]),
        None => match line {
            Line::Source(ds) => ds.clone(),
            Line::MemoryUsed => String::new(),
        },
    }
}

/// The lines of graph `g` of object `uuid`, values in the graph's unit.
pub fn lines(
    store: &Store,
    kind: ObjectKind,
    uuid: &str,
    g: &Graph,
    gui_config: &StringMap,
    i18n: &I18n,
) -> Vec<DrawnLine> {
    let div = unit(kind, g).divisor();
    graphs::lines(kind, &g.sources)
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let (ds, points): (&str, Vec<(i64, f64)>) = match line {
                Line::MemoryUsed => (
                    "memory_used",
                    store
                        .memory_used(Cf::Average, kind, uuid)
                        .into_iter()
                        .map(|(t, v)| (t, v / div))
                        .collect(),
                ),
                Line::Source(ds) => {
                    let factor = graphs::source_unit(kind, ds).1 / div;
                    let key = SeriesKey::new(Cf::Average, kind, uuid, ds.as_str());
                    let pts = store
                        .series(&key)
                        .map(|s| s.points().map(|(t, v)| (t, v * factor)).collect())
                        .unwrap_or_default();
                    (ds.as_str(), pts)
                }
            };
            let colour = colour_of(layout::colour(gui_config, kind, uuid, ds), i);
            DrawnLine {
                name: line_name(i18n, line),
                colour,
                points,
            }
        })
        .collect()
}

/// A line's colour: the one saved for its source (`0xAARRGGBB`), else XenCenter's palette
/// by its place in the graph.
pub fn colour_of(saved: Option<u32>, i: usize) -> egui::Color32 {
    match saved {
        Some(argb) => {
            let [a, r, g, b] = argb.to_be_bytes();
            // .NET colours are opaque in practice; a transparent one would hide the line.
            egui::Color32::from_rgba_unmultiplied(r, g, b, a.max(64))
        }
        None => {
            let (r, g, b) = PALETTE[i % PALETTE.len()];
            egui::Color32::from_rgb(r, g, b)
        }
    }
}

/// Grid steps for a time axis, in seconds.
const TIME_STEPS: [f64; 19] = [
    5.0,
    10.0,
    15.0,
    30.0,
    60.0,
    120.0,
    300.0,
    600.0,
    900.0,
    1800.0,
    3600.0,
    7200.0,
    10_800.0,
    21_600.0,
    43_200.0,
    86_400.0,
    172_800.0,
    604_800.0,
    2_592_000.0,
];

fn time_marks(input: GridInput) -> Vec<GridMark> {
    let (lo, hi) = input.bounds;
    let want = (hi - lo) / 7.0;
    let step = TIME_STEPS
        .iter()
        .copied()
        .find(|s| *s >= want.max(input.base_step_size))
        .unwrap_or(2_592_000.0);
    let mut t = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while t <= hi && out.len() < 50 {
        out.push(GridMark {
            value: t,
            step_size: step,
        });
        t += step;
    }
    out
}

/// `t` in the zone, as the range wants it.
pub fn time_text(tz: &jiff::tz::TimeZone, range: Range, t: f64) -> String {
    let Ok(ts) = jiff::Timestamp::from_second(t as i64) else {
        return String::new();
    };
    let z = ts.to_zoned_datetime(tz.clone());
    let fmt = match range {
        Range::TenMinutes => "%H:%M:%S",
        Range::TwoHours => "%H:%M",
        Range::Week => "%m-%d %H:%M",
        Range::Year => "%Y-%m-%d",
    };
    z.strftime(fmt).to_string()
}

/// Under the plot: each series' colour, name and value at time `t` (the pointer's, else the
/// newest), after the time itself when the pointer is over the plot.
fn legend(
    ui: &mut egui::Ui,
    tz: &jiff::tz::TimeZone,
    range: Range,
    lines: &[DrawnLine],
    unit: Unit,
    t: f64,
    pointed: bool,
) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 10.0;
        if pointed {
            ui.label(
                egui::RichText::new(time_text(tz, range, t))
                    .small()
                    .strong(),
            );
        }
        for l in lines {
            let value = crate::model::graphs::value_at(&l.points, t)
                .map(|v| unit.format(v * unit.divisor()))
                .unwrap_or_else(|| "–".into());
            // One widget an entry, so a wrap never parts a colour from its name.
            let font = egui::TextStyle::Small.resolve(ui.style());
            let text = ui.visuals().text_color();
            let mut job = egui::text::LayoutJob::default();
            job.append("■ ", 0.0, egui::TextFormat::simple(font.clone(), l.colour));
            job.append(
                &format!("{} {value}", l.name),
                0.0,
                egui::TextFormat::simple(font, text),
            );
            ui.add(egui::Label::new(job).wrap_mode(egui::TextWrapMode::Extend));
        }
    });
}

/// Draws one graph with its title row; returns what the user asked for.
#[allow(clippy::too_many_arguments)]
pub fn ui(
    ui: &mut egui::Ui,
    i18n: &I18n,
    tz: &jiff::tz::TimeZone,
    range: Range,
    title: &str,
    index: usize,
    lines: &[DrawnLine],
    g: &Graph,
    kind: ObjectKind,
) -> Option<Action> {
    let unit = unit(kind, g);
    let mut action = None;
    let mut copy = false;
    let top = ui.cursor().min.y;
    ui.horizontal(|ui| {
        let heading = match unit.symbol() {
            "" => title.to_string(),
            s => format!("{title} ({s})"),
        };
        ui.strong(heading);
        if ui.small_button(i18n.get("perf-export-csv")).clicked() {
            action = Some(Action::Csv);
        }
        copy = ui.small_button(i18n.get("perf-copy-image")).clicked();
    });
    let newest = lines
        .iter()
        .filter_map(|l| l.points.last().map(|p| p.0))
        .max()
        .unwrap_or(0) as f64;
    let hover_tz = tz.clone();
    // The legend is drawn under the plot (it covered the lines of a host's many cores), and
    // doubles as the read-out of every series at the pointer's time.
    let mut plot = Plot::new(("perf-graph", index))
        .height(170.0)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .include_x(newest - range.span() as f64)
        .include_x(newest)
        .include_y(0.0)
        .x_grid_spacer(time_marks)
        .x_axis_formatter({
            let tz = tz.clone();
            move |m, _| time_text(&tz, range, m.value)
        })
        .y_axis_formatter(|m, _| {
            let v = m.value;
            if v.abs() >= 100.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.1}")
            }
        })
        .label_formatter(move |pos| match pos {
            HoverPosition::NearDataPoint {
                plot_name,
                position,
                ..
            } => Some(format!(
                "{plot_name}\n{}\n{}",
                time_text(&hover_tz, range, position.x),
                unit.format(position.y * unit.divisor())
            )),
            HoverPosition::Elsewhere { .. } => None,
        });
    if unit == Unit::Percent {
        plot = plot.include_y(100.0);
    }
    let resp = plot.show(ui, |p| {
        for l in lines {
            let pts: PlotPoints = l
                .points
                .iter()
                .filter(|(_, v)| v.is_finite())
                .map(|&(t, v)| [t as f64, v])
                .collect();
            p.line(
                egui_plot::Line::new(l.name.clone(), pts)
                    .color(l.colour)
                    .width(1.5),
            );
        }
    });
    let hovered = resp
        .response
        .hover_pos()
        .map(|p| resp.transform.value_from_position(p).x);
    legend(
        ui,
        tz,
        range,
        lines,
        unit,
        hovered.unwrap_or(newest),
        hovered.is_some(),
    );
    if copy {
        // The plot with its axes and title: from the title row to the legend.
        let rect = egui::Rect::from_min_max(
            egui::pos2(resp.response.rect.left() - 48.0, top),
            egui::pos2(resp.response.rect.right(), ui.cursor().min.y),
        );
        action = Some(Action::CopyImage(rect.intersect(ui.clip_rect())));
    }
    ui.add_space(8.0);
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_marks_pick_a_step_that_gives_a_handful() {
        let m = time_marks(GridInput {
            bounds: (1000.0, 1600.0),
            base_step_size: 1.0,
        });
        assert!(m.len() >= 4 && m.len() <= 8, "{} marks", m.len());
        assert!(m.iter().all(|g| g.value % g.step_size == 0.0));
    }

    #[test]
    fn times_print_in_the_zone_given() {
        let utc = jiff::tz::TimeZone::UTC;
        assert_eq!(
            time_text(&utc, Range::TenMinutes, 1_700_000_000.0),
            "22:13:20"
        );
        assert_eq!(time_text(&utc, Range::Year, 1_700_000_000.0), "2023-11-14");
        let tokyo = jiff::tz::TimeZone::fixed(jiff::tz::offset(9));
        assert_eq!(time_text(&tokyo, Range::TwoHours, 1_700_000_000.0), "07:13");
    }
}
