//! The command palette (Ctrl+K, or Ctrl+Shift+P): type to find any action of the table for
//! the selection (greyed, saying why, where it does not apply now; Start on and Move to one
//! entry per server) or any object by name across every pool shown, with XenCenter's
//! visibility rules. Keyboard only: Up and Down pick, Enter runs or selects, Escape closes.

use super::actions::avail::{self, Availability};
use super::actions::{Action, Run};
use super::command::Command;
use super::windows::{AppView, AppWindow, window_any};
use crate::model::tree::Node;
use crate::model::{names, visibility};
use eframe::egui;

/// At most this many objects are listed (the rest are counted).
const MAX_OBJECTS: usize = 50;

/// One line of the palette.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// An action: its label, its shortcut, and what choosing it sends (`None`: greyed, with
    /// the reason).
    Action {
        label: String,
        keys: String,
        run: Result<Command, String>,
    },
    /// An object: its name, its kind and pool, and the node to select.
    Object {
        label: String,
        detail: String,
        node: Node,
    },
}

impl Entry {
    fn label(&self) -> &str {
        match self {
            Entry::Action { label, .. } | Entry::Object { label, .. } => label,
        }
    }

    fn command(&self) -> Option<Command> {
        match self {
            Entry::Action { run, .. } => run.as_ref().ok().cloned(),
            Entry::Object { node, .. } => Some(Command::Select(node.clone())),
        }
    }
}

#[derive(Default)]
pub struct Palette {
    pub query: String,
    /// The line Up and Down move.
    pub picked: usize,
    first: bool,
    enter: bool,
    /// The objects matching `for_query` (found again only when the query changes).
    objects: Vec<Entry>,
    more: usize,
    for_query: Option<String>,
}

impl Palette {
    pub fn new() -> Self {
        Palette {
            first: true,
            ..Palette::default()
        }
    }

    /// The lines for the query now: the actions, then the objects.
    pub fn entries(&mut self, ctx: &egui::Context, view: &AppView) -> Vec<Entry> {
        let words = words(&self.query);
        let mut out = actions(ctx, view, &words);
        // What can run first; among those, labels that start with what was typed ("re":
        // Reboot before Previous tab).
        let first = words.first().cloned().unwrap_or_default();
        out.sort_by_key(|e| {
            let greyed = matches!(e, Entry::Action { run: Err(_), .. });
            (
                greyed,
                !e.label().to_lowercase().starts_with(first.as_str()),
            )
        });
        if self.for_query.as_deref() != Some(self.query.as_str()) {
            (self.objects, self.more) = if words.is_empty() {
                (Vec::new(), 0)
            } else {
                objects(view, &words)
            };
            self.for_query = Some(self.query.clone());
        }
        out.extend(self.objects.iter().cloned());
        out
    }
}

/// The query's words, lower-cased: each must occur in a line's text.
fn words(q: &str) -> Vec<String> {
    q.split_whitespace().map(str::to_lowercase).collect()
}

fn matches(words: &[String], text: &str) -> bool {
    let text = text.to_lowercase();
    words.iter().all(|w| text.contains(w.as_str()))
}

/// The actions for the selection whose label matches.
fn actions(ctx: &egui::Context, view: &AppView, words: &[String]) -> Vec<Entry> {
    let i18n = view.i18n;
    let nodes = &view.selection;
    let mut out = Vec::new();
    for a in Action::all().filter(|a| *a != Action::Palette) {
        let res = avail::check(view, a, nodes);
        let label = a.menu_label(i18n);
        // A pool's action names the pool it acts on (the selection's).
        let keys = match (&res, a.def().scope) {
            (Availability::Enabled(t), super::actions::Scope::Pool) => t
                .pool
                .and_then(|id| view.pools.index(id))
                .map(|i| view.pools[i].display_name())
                .unwrap_or_default(),
            _ => a.shortcut_text(ctx, i18n),
        };
        match (&res, a.def().run) {
            (Availability::Hidden, _) => {}
            (Availability::Enabled(t), Run::OnHost(_)) => {
                let elsewhere = a.def().when == super::actions::When::Elsewhere;
                for (h, name) in hosts(view, t.pool) {
                    if elsewhere && runs_on(view, t, &h) {
                        continue;
                    }
                    let label = format!("{label} › {name}");
                    if matches(words, &label) {
                        out.push(Entry::Action {
                            label,
                            keys: String::new(),
                            run: Ok(Command::Invoke {
                                action: a,
                                targets: t.clone(),
                                on: Some(Node::Host(h)),
                            }),
                        });
                    }
                }
            }
            (Availability::Enabled(t), _) if matches(words, &label) => out.push(Entry::Action {
                label,
                keys,
                run: Ok(Command::Invoke {
                    action: a,
                    targets: t.clone(),
                    on: None,
                }),
            }),
            (Availability::Disabled(why), _) if matches(words, &label) => out.push(Entry::Action {
                label,
                keys,
                run: Err(why.text(view)),
            }),
            _ => {}
        }
    }
    out
}

/// Whether every VM of `t` runs on `host` (Move to server skips it).
fn runs_on(view: &AppView, t: &super::actions::Targets, host: &xenapi::Ref<xenapi::Host>) -> bool {
    let Some(cache) = view.pools.cache_of(t.pool) else {
        return false;
    };
    t.vms()
        .iter()
        .all(|vm| cache.vms.get(vm).is_some_and(|v| &v.resident_on == host))
}

/// The servers of pool `pool`, by name.
fn hosts(view: &AppView, pool: Option<u64>) -> Vec<(xenapi::Ref<xenapi::Host>, String)> {
    let Some(cache) = view.pools.cache_of(pool) else {
        return Vec::new();
    };
    let mut v: Vec<_> = cache
        .hosts
        .iter()
        .map(|(r, h)| (r.clone(), names::host_name(h)))
        .collect();
    v.sort_by(|a, b| crate::model::natural::compare(&a.1, &b.1));
    v
}

/// The objects of every pool whose name matches, as the tree shows them (hidden objects only
/// with View > Show hidden objects); the number left out past [`MAX_OBJECTS`].
fn objects(view: &AppView, words: &[String]) -> (Vec<Entry>, usize) {
    let i18n = view.i18n;
    let hidden = view.settings.view.show_hidden;
    // (name, kind's Fluent id, pool, node): put into words only for the lines kept.
    let mut found: Vec<(String, &'static str, String, Node)> = Vec::new();
    let mut push = |label: String, kind: &'static str, pool: &str, node: Node| {
        if matches(words, &label) {
            found.push((label, kind, pool.to_string(), node));
        }
    };
    for p in view.pools.iter() {
        let c = &p.cache;
        let pool = p.display_name();
        if let Some((r, _)) = c.pool() {
            push(pool.clone(), "kind-pool", &pool, Node::Pool(r.clone()));
        }
        for (r, h) in &c.hosts {
            push(
                names::host_name(h),
                "kind-host",
                &pool,
                Node::Host(r.clone()),
            );
        }
        for (r, v) in &c.vms {
            let guest = crate::model::vm_plans::is_guest_vm(v);
            if guest && visibility::vm_shown(v, hidden) {
                push(
                    names::vm_name(i18n, v),
                    "kind-vm",
                    &pool,
                    Node::Vm(r.clone()),
                );
            }
        }
        for (r, s) in &c.srs {
            if visibility::sr_shown(s, hidden) {
                push(
                    names::sr_name(i18n, c, s),
                    "kind-sr",
                    &pool,
                    Node::Sr(r.clone()),
                );
            }
        }
        for (r, n) in &c.networks {
            if visibility::network_shown(c, n, hidden) {
                let name = names::network_name(i18n, c, n);
                push(name, "kind-network", &pool, Node::Network(r.clone()));
            }
        }
    }
    // All matches sorted, then the first ones kept: the same query lists the same objects.
    found.sort_by(|a, b| crate::model::natural::compare(&a.0, &b.0));
    let more = found.len().saturating_sub(MAX_OBJECTS);
    found.truncate(MAX_OBJECTS);
    let out = found
        .into_iter()
        .map(|(label, kind, pool, node)| Entry::Object {
            label,
            detail: format!("{} · {pool}", i18n.get(kind)),
            node,
        })
        .collect();
    (out, more)
}

impl AppWindow for Palette {
    fn kind(&self) -> &'static str {
        "palette"
    }

    window_any!();

    fn on_enter(&mut self) -> bool {
        self.enter = true;
        true
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let entries = self.entries(ctx, view);
        let (up, down, escape) = ctx.input_mut(|i| {
            (
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                i.key_pressed(egui::Key::Escape),
            )
        });
        let last = entries.len().saturating_sub(1);
        if down {
            self.picked = (self.picked + 1).min(last);
        }
        if up {
            self.picked = self.picked.saturating_sub(1);
        }
        self.picked = self.picked.min(last);
        let mut chosen = None;
        let first = std::mem::take(&mut self.first);
        let id = egui::Id::unique("command-palette");
        super::dialog_window::tool(egui::Window::new(i18n.get("menu-palette")), ctx, id)
            .title_bar(false)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, [0.0, 48.0])
            .min_width(520.0)
            .max_width(520.0)
            .show(ctx, |ui| {
                let hint = i18n.get("palette-hint");
                let resp = ui.add(
                    egui::TextEdit::singleline(&mut self.query)
                        .hint_text(&hint)
                        .desired_width(f32::INFINITY),
                );
                resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::TextInput, true, &hint));
                if first || !resp.has_focus() {
                    resp.request_focus();
                }
                if resp.changed() {
                    self.picked = 0;
                }
                ui.separator();
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        if entries.is_empty() {
                            ui.weak(i18n.get("palette-nothing"));
                        }
                        for (i, e) in entries.iter().enumerate() {
                            let resp = line(ui, e, i == self.picked);
                            if i == self.picked && (up || down) {
                                resp.scroll_to_me(None);
                            }
                            if resp.clicked() {
                                chosen = e.command();
                            }
                        }
                        if self.more > 0 {
                            ui.weak(i18n.get_counted("palette-more", self.more, &[]));
                        }
                    });
            });
        if std::mem::take(&mut self.enter) {
            chosen = chosen.or_else(|| entries.get(self.picked).and_then(Entry::command));
        }
        match chosen {
            Some(c) => {
                out.push(c);
                false
            }
            None => !escape,
        }
    }
}

/// One line: the label, and on the right the shortcut or the object's kind and pool; a
/// greyed action says why on hover.
fn line(ui: &mut egui::Ui, e: &Entry, picked: bool) -> egui::Response {
    let (right, why) = match e {
        Entry::Action { keys, run, .. } => (keys.clone(), run.as_ref().err()),
        Entry::Object { detail, .. } => (detail.clone(), None),
    };
    let enabled = why.is_none();
    let resp = ui
        .add_enabled_ui(enabled, |ui| {
            ui.horizontal(|ui| {
                let r = ui.selectable_label(picked, e.label());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.weak(right);
                });
                r
            })
            .inner
        })
        .inner;
    match why {
        Some(w) => resp.on_disabled_hover_text(w),
        None => resp,
    }
}
