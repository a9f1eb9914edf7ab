//! The Alerts view: xapi's messages of every pool shown, newest first, with priority, the
//! object (a link that selects it), time, title and text; filtered by pool, the selected
//! object, priority and age; dismissed one by one or all that the filter shows (`message.destroy`,
//! asking first for all). Also an object's Alerts tab.
//!
//! Ten thousand alerts stay smooth: the filtered, sorted index is recomputed only when the
//! number of alerts or the filter changes (messages are never modified, only created and
//! destroyed), or every two seconds (the time filter moves on), and rows are virtualised.

use super::super::table;
use super::super::{AppView, Command};
use super::Activity;
use crate::i18n::I18n;
use crate::model::alerts::{self, Entry, Filter, Priority, Since};
use crate::model::details::vm::format_time;
use crate::model::names;
use crate::model::tree::Node;
use eframe::egui::{self, Color32, RichText};
use i18n_embed_fl::fl;
use std::collections::HashMap;
use xenapi::{Cache, Message, Ref};

/// The view's state.
#[derive(Default)]
pub struct AlertsView {
    pub filter: Filter,
    /// Only alerts about the object selected in the tree.
    pub selected_only: bool,
    index: Vec<Entry>,
    /// What the index was computed for: (alerts in all pools, filter, egui time).
    index_for: Option<(usize, Filter, f64)>,
    /// Alerts per priority in all pools, counted with the index.
    counts: [usize; 5],
    /// Per pool: the objects alerts name, by UUID (refreshed with the index).
    objects: HashMap<u64, HashMap<String, Node>>,
    pub selected: Option<(u64, Ref<Message>)>,
}

/// How often a time window ("last hour") moves the index on by itself.
const REINDEX_INTERVAL: f64 = 30.0;

impl AlertsView {
    fn refresh(
        &mut self,
        pools: &super::super::pools::PoolList,
        filter: Filter,
        now: f64,
        unix: i64,
    ) {
        let total: usize = pools.iter().map(|p| p.cache.messages.len()).sum();
        // Without a time window the index changes only with the alerts or the filter.
        let timed = filter.since != Since::Any;
        let fresh = self.index_for.as_ref().is_some_and(|(n, f, at)| {
            *n == total && *f == filter && (!timed || (now - at < REINDEX_INTERVAL && now >= *at))
        });
        if fresh {
            return;
        }
        let caches: Vec<(u64, &Cache)> = pools.iter().map(|p| (p.id, &*p.cache)).collect();
        self.index = alerts::index(&caches, &filter, unix);
        // The objects alerts name, and the counts: again when the alerts change (a new alert
        // may name a new VM), not when only the filter does.
        let alerts_changed = self.index_for.as_ref().is_none_or(|(n, _, _)| *n != total);
        if alerts_changed || self.objects.len() != caches.len() {
            self.objects = caches
                .iter()
                .map(|(id, c)| (*id, alerts::objects_by_uuid(c)))
                .collect();
            self.counts = alerts::counts(&caches);
        }
        self.index_for = Some((total, filter, now));
    }

    /// The alerts the filter shows now (as of the last frame).
    pub fn shown(&self) -> &[Entry] {
        &self.index
    }
}

/// The colour of a priority (critical red … informational grey).
fn color(p: Priority, ui: &egui::Ui) -> Color32 {
    match p {
        Priority::Critical => ui.visuals().error_fg_color,
        Priority::Major => Color32::from_rgb(220, 110, 30),
        Priority::Warning => ui.visuals().warn_fg_color,
        Priority::Minor => Color32::from_rgb(60, 120, 200),
        Priority::Info => ui.visuals().weak_text_color(),
    }
}

/// The view, in the main window's right-hand side. `act` owns the view's state.
pub fn ui(act: &mut Activity, view: &AppView, ui: &mut egui::Ui, out: &mut Vec<Command>) {
    let unix = act.unix_now();
    let state = &mut act.alerts;
    let mut filter = state.filter.clone();
    if state.selected_only {
        filter.object = view.selected.and_then(|n| {
            let i = view.pool_of(n)?;
            alerts::uuid_of(&view.pools[i].cache, n)
        });
    }
    state.refresh(view.pools, filter, view.now, unix);
    let state = &*state;
    let l = &view.i18n.loader;
    let counts = state.counts;
    ui.horizontal(|ui| {
        ui.heading(fl!(l, "alerts-title"));
        ui.weak(fl!(
            l,
            "alerts-count",
            shown = state.index.len(),
            count = counts.iter().sum::<usize>()
        ));
        super::events::close_button(view.i18n, ui, out);
    });
    filters(state, view, ui, &counts, out);
    ui.separator();
    if state.index.is_empty() {
        ui.weak(fl!(l, "alerts-none"));
        return;
    }
    let widths = table::widths(ui, &WEIGHTS, 40.0);
    table::header(ui, &widths, &titles(view.i18n));
    let row_h = table::row_height(ui);
    let detail_h = if state.selected.is_some() { 90.0 } else { 0.0 };
    let list_h = (ui.available_height() - detail_h).max(row_h * 3.0);
    let rows = Rows {
        view,
        selected: state.selected.as_ref(),
        widths: &widths,
        h: row_h,
    };
    egui::ScrollArea::vertical()
        .id_salt("alerts-rows")
        .max_height(list_h)
        .auto_shrink(false)
        .show_rows(ui, row_h, state.index.len(), |ui, range| {
            for e in &state.index[range] {
                let Some(i) = view.pools.index(e.pool) else {
                    continue;
                };
                let cache = &view.pools[i].cache;
                let Some(m) = cache.messages.get(&e.message) else {
                    continue;
                };
                let object = state.objects.get(&e.pool).and_then(|o| o.get(&m.obj_uuid));
                row(&rows, ui, cache, e.pool, &e.message, m, object, out);
            }
        });
    if let Some((id, r)) = &state.selected
        && let Some(i) = view.pools.index(*id)
        && let Some(m) = view.pools[i].cache.messages.get(r)
    {
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("alert-detail")
            .auto_shrink(false)
            .show(ui, |ui| {
                ui.strong(title(view.i18n, m));
                if let Some(words) = alarm_words(view.i18n, m) {
                    ui.label(words);
                }
                // Line by line: control characters made visible, the line breaks kept.
                let body: Vec<String> = m.body.lines().map(names::visible).collect();
                ui.add(egui::Label::new(body.join("\n")).selectable(true).wrap());
                let time = format_time(&m.timestamp).unwrap_or_default();
                ui.weak(format!("{time} · {} · {} {}", m.name, m.cls, m.obj_uuid));
            });
    }
}

/// The filter row: pool, the selected object only, priorities (with their counts), age;
/// then Dismiss all.
fn filters(
    state: &AlertsView,
    view: &AppView,
    ui: &mut egui::Ui,
    counts: &[usize; 5],
    out: &mut Vec<Command>,
) {
    let l = &view.i18n.loader;
    let mut f = state.filter.clone();
    let mut selected_only = state.selected_only;
    ui.horizontal_wrapped(|ui| {
        let pool_name = |id: u64| {
            view.pools
                .index(id)
                .map(|i| view.pools[i].display_name())
                .unwrap_or_default()
        };
        let shown = f
            .pool
            .map(pool_name)
            .unwrap_or_else(|| fl!(l, "alerts-all-pools"));
        egui::ComboBox::from_label(fl!(l, "alerts-col-pool"))
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut f.pool, None, fl!(l, "alerts-all-pools"));
                for p in view.pools.iter() {
                    ui.selectable_value(&mut f.pool, Some(p.id), pool_name(p.id));
                }
            });
        ui.checkbox(&mut selected_only, fl!(l, "alerts-selected-only"));
        ui.separator();
        for p in Priority::ALL {
            let mut on = f.shows(p);
            let text = format!("{} ({})", view.i18n.get(p.label_id()), counts[p as usize]);
            if ui
                .checkbox(&mut on, RichText::new(text).color(color(p, ui)))
                .changed()
            {
                f.set_shown(p, on);
            }
        }
        ui.separator();
        egui::ComboBox::from_label(fl!(l, "alerts-col-time"))
            .selected_text(view.i18n.get(f.since.label_id()))
            .show_ui(ui, |ui| {
                for s in Since::ALL {
                    ui.selectable_value(&mut f.since, s, view.i18n.get(s.label_id()));
                }
            });
        let n = state.index.len();
        let writable = state.index.iter().all(|e| view.can_write_to(Some(e.pool)));
        let b = ui.add_enabled(
            n > 0 && writable,
            egui::Button::new(fl!(l, "alerts-dismiss-all", count = n)),
        );
        let b = if writable {
            b
        } else {
            b.on_disabled_hover_text(view.read_only_text(state.index.first().map(|e| e.pool)))
        };
        if b.clicked() {
            out.push(Command::DismissAlerts {
                all: true,
                alerts: state
                    .index
                    .iter()
                    .map(|e| (e.pool, e.message.clone()))
                    .collect(),
            });
        }
    });
    if f != state.filter || selected_only != state.selected_only {
        out.push(Command::SetAlertFilter(f, selected_only));
    }
}

const WEIGHTS: [f32; 6] = [1.0, 1.6, 1.2, 1.8, 3.6, 0.9];

fn titles(i18n: &I18n) -> Vec<String> {
    [
        "alerts-col-priority",
        "alerts-col-object",
        "alerts-col-time",
        "alerts-col-title",
        "alerts-col-text",
        "alerts-col-actions",
    ]
    .iter()
    .map(|id| i18n.get(id))
    .collect()
}

/// An alert's title: XenCenter's wording for the kinds it knows, else its name made readable
/// ("VM_STARTED" → "VM started").
pub fn title(i18n: &I18n, m: &Message) -> String {
    let id = |name: &str| format!("alert-name-{}", name.to_ascii_lowercase().replace('_', "-"));
    // xapi numbers some kinds by days left (HOST_SERVER_CERTIFICATE_EXPIRING_30, _14, _07):
    // one title for all of them.
    let unnumbered = m
        .name
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end_matches('_');
    let known = i18n
        .try_get(&id(&m.name), &[])
        .or_else(|| i18n.try_get(&id(unnumbered), &[]));
    known.unwrap_or_else(|| {
        let s = names::visible(&m.name).replace('_', " ").to_lowercase();
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
            .unwrap_or_default()
    })
}

/// What every row of a table of alerts shares.
struct Rows<'a> {
    view: &'a AppView<'a>,
    /// The alert whose text is shown.
    selected: Option<&'a (u64, Ref<Message>)>,
    widths: &'a [f32],
    h: f32,
}

#[allow(clippy::too_many_arguments)]
fn row(
    rows: &Rows,
    ui: &mut egui::Ui,
    cache: &Cache,
    pool: u64,
    r: &Ref<Message>,
    m: &Message,
    object: Option<&Node>,
    out: &mut Vec<Command>,
) {
    let (view, w, h) = (rows.view, rows.widths, rows.h);
    let i18n = view.i18n;
    let p = Priority::of(m.priority);
    let selected = rows.selected.is_some_and(|(id, s)| *id == pool && s == r);
    let clicked = ui
        .horizontal(|ui| {
            let pt = RichText::new(i18n.get(p.label_id())).color(color(p, ui));
            let mut clicked = table::cell(ui, w[0], h, |ui| {
                ui.add(
                    egui::Button::selectable(selected, pt)
                        .frame_when_inactive(false)
                        .truncate(),
                )
            })
            .clicked();
            match object {
                Some(n) => {
                    let name = super::events::object_name(i18n, cache, n);
                    if table::link(ui, w[1], h, &name).clicked() {
                        out.push(Command::Select(n.clone()));
                    }
                }
                None => {
                    table::text(ui, w[1], h, RichText::new(&m.cls).weak());
                }
            }
            // The short time fits the column even at 1024 px; the details give it whole.
            let time = format_time(&m.timestamp).unwrap_or_default();
            table::text(ui, w[2], h, table::short_time(&time));
            clicked |= table::text(ui, w[3], h, title(i18n, m)).clicked();
            let details = alarm_words(i18n, m)
                .unwrap_or_else(|| names::visible(&m.body.replace(['\n', '\r', '\t'], " ")));
            clicked |= table::text(ui, w[4], h, details).clicked();
            table::cell(ui, w[5], h, |ui| {
                let writable = view.can_write_to(Some(pool));
                let b = ui.add_enabled(
                    writable,
                    egui::Button::new(i18n.get("alert-dismiss")).small(),
                );
                let b = if writable {
                    b
                } else {
                    b.on_disabled_hover_text(view.read_only_text(Some(pool)))
                };
                if b.clicked() {
                    out.push(Command::DismissAlerts {
                        all: false,
                        alerts: vec![(pool, r.clone())],
                    });
                }
            });
            clicked
        })
        .inner;
    if clicked {
        out.push(Command::SelectAlert(Some((pool, r.clone()))));
    }
}

/// The alerts of one object (its Alerts tab).
pub fn tab(act: &Activity, view: &AppView, ui: &mut egui::Ui, node: &Node, out: &mut Vec<Command>) {
    let l = &view.i18n.loader;
    let Some(i) = view.pool_of(node) else {
        return;
    };
    let p = &view.pools[i];
    let list = match alerts::uuid_of(&p.cache, node) {
        Some(u) => alerts::of_object(&p.cache, &u),
        None => Vec::new(),
    };
    if list.is_empty() {
        ui.weak(fl!(l, "alerts-none-object"));
        return;
    }
    let widths = table::widths(ui, &WEIGHTS, 40.0);
    table::header(ui, &widths, &titles(view.i18n));
    let row_h = table::row_height(ui);
    let rows = Rows {
        view,
        selected: act.alerts.selected.as_ref(),
        widths: &widths,
        h: row_h,
    };
    egui::ScrollArea::vertical()
        .id_salt("tab-alerts")
        .auto_shrink(false)
        .show_rows(ui, row_h, list.len(), |ui, range| {
            for r in &list[range] {
                if let Some(m) = p.cache.messages.get(r) {
                    row(&rows, ui, &p.cache, p.id, r, m, Some(node), out);
                }
            }
        });
}

/// A performance alarm in words ("CPU usage 96.7 %, above the alarm level of 90.0 %"), or
/// `None` for any other message (its body is shown as it is).
pub fn alarm_words(i18n: &I18n, m: &Message) -> Option<String> {
    use crate::model::graphs::Unit;
    if m.name != "ALARM" {
        return None;
    }
    let a = crate::model::alerts::parse_alarm(&m.body)?;
    // perfmon's variables and their units: fractions, bytes per second, KiB.
    let (id, unit, scale) = match a.variable.as_str() {
        "cpu_usage" => ("alarm-cpu", Unit::Percent, 100.0),
        "network_usage" => ("alarm-network", Unit::BytesPerSec, 1.0),
        "disk_usage" => ("alarm-disk", Unit::BytesPerSec, 1.0),
        "memory_free_kib" => ("alarm-memory-free", Unit::Bytes, 1024.0),
        "fs_usage" | "log_fs_usage" | "mem_usage" | "physical_utilisation" => {
            ("alarm-other", Unit::Percent, 100.0)
        }
        _ => ("alarm-other", Unit::Plain, 1.0),
    };
    let value = unit.format(a.value * scale);
    let level = a
        .level
        .map(|l| unit.format(l * scale))
        .unwrap_or_else(|| "?".into());
    Some(i18n.get_args(
        id,
        &[
            ("metric", &names::visible(&a.variable)),
            ("value", &value),
            ("level", &level),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> Message {
        Message {
            name: name.into(),
            ..Message::default()
        }
    }

    #[test]
    fn a_performance_alarm_reads_in_words_not_xml() {
        let m = Message {
            body: "value: 0.967100\nconfig:\n<variable>\n\t<name value=\"cpu_usage\"/>\n\t<alarm_trigger_level value=\"0.9\"/>\n</variable>\n".into(),
            ..named("ALARM")
        };
        let en = alarm_words(&I18n::new("en-US"), &m).unwrap();
        assert!(en.starts_with("CPU usage 96.7"), "{en}");
        assert!(en.contains("90") && !en.contains('<'), "{en}");
        let free = Message {
            body: "value: 524288\n<name value=\"memory_free_kib\"/>".into(),
            ..named("ALARM")
        };
        let words = alarm_words(&I18n::new("en-US"), &free).unwrap();
        assert!(
            words.starts_with("Free memory") && words.contains('?'),
            "{words}"
        );
        assert_eq!(alarm_words(&I18n::new("en-US"), &named("VM_STARTED")), None);
    }

    #[test]
    fn numbered_kinds_share_their_title_and_unknown_ones_read_plainly() {
        let ja = I18n::new("ja");
        let exact = title(&ja, &named("HOST_SERVER_CERTIFICATE_EXPIRING"));
        assert_eq!(
            title(&ja, &named("HOST_SERVER_CERTIFICATE_EXPIRING_30")),
            exact
        );
        assert_eq!(
            title(&ja, &named("HOST_SERVER_CERTIFICATE_EXPIRING_07")),
            exact
        );
        assert_ne!(exact, "Host server certificate expiring", "translated");
        let en = I18n::new("en-US");
        assert_eq!(title(&en, &named("SOME_NEW_KIND_2")), "Some new kind 2");
    }
}
