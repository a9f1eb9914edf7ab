//! egui views. State lives in [`XenPilotApp`]; drawing reads it. Network work runs on the
//! background runtime (see [`crate::connection`]).

use crate::connection::{ConnEvent, ConnectionHandle};
use crate::model::tree::{self, Node, Row};
use crate::xenapi::Cache;
use crate::xenapi::events::CacheUpdate;
use crate::xenapi::records::PowerState;
use eframe::egui;

/// Where the app's data comes from.
pub enum Source {
    /// A live connection.
    Live(ConnectionHandle),
    /// A fixed cache (tests, opened dumps).
    Static,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Connecting,
    Connected(String),
    Reconnecting(String),
    Failed(String),
}

pub struct XenPilotApp {
    pub cache: Cache,
    pub status: Status,
    pub search: String,
    pub selected: Option<Node>,
    source: Source,
    runtime: Option<tokio::runtime::Handle>,
    rows: Vec<Row>,
    rows_dirty: bool,
}

impl XenPilotApp {
    pub fn new(source: Source, runtime: Option<tokio::runtime::Handle>) -> Self {
        XenPilotApp {
            cache: Cache::default(),
            status: Status::Connecting,
            search: String::new(),
            selected: None,
            source,
            runtime,
            rows: Vec::new(),
            rows_dirty: true,
        }
    }

    /// An app over a fixed cache, for tests and opened dumps.
    pub fn with_cache(cache: Cache) -> Self {
        let mut app = XenPilotApp::new(Source::Static, None);
        app.cache = cache;
        app.status = Status::Connected("static".into());
        app
    }

    /// Applies what the connection reported since the last frame.
    pub fn drain_events(&mut self) {
        let Source::Live(handle) = &self.source else {
            return;
        };
        while let Ok(ev) = handle.events.try_recv() {
            match ev {
                ConnEvent::Connecting => self.status = Status::Connecting,
                ConnEvent::Connected { host, .. } => self.status = Status::Connected(host),
                ConnEvent::Failed(m) => self.status = Status::Failed(m),
                ConnEvent::Update(CacheUpdate::Reset(c)) => {
                    self.cache = *c;
                    self.rows_dirty = true;
                    if let Status::Reconnecting(h) = &self.status {
                        self.status = Status::Connected(h.clone());
                    }
                }
                ConnEvent::Update(CacheUpdate::Batch(events)) => {
                    for e in events {
                        self.cache.apply(e);
                    }
                    self.rows_dirty = true;
                }
                ConnEvent::Update(CacheUpdate::Disconnected(e)) => {
                    self.status = Status::Reconnecting(e.to_string())
                }
                ConnEvent::Update(CacheUpdate::Resyncing(_)) => {}
            }
        }
    }

    /// The tree rows, rebuilt only when the cache or the filter changed.
    pub fn rows(&mut self) -> &[Row] {
        if self.rows_dirty {
            self.rows = tree::build(&self.cache, &self.search);
            self.rows_dirty = false;
        }
        &self.rows
    }

    fn status_text(&self) -> String {
        let n_vms = self
            .cache
            .vms
            .values()
            .filter(|v| !v.is_a_template && !v.is_control_domain && !v.is_a_snapshot)
            .count();
        match &self.status {
            Status::Connecting => "Connecting…".into(),
            Status::Connected(h) => format!(
                "Connected to {h} · {} hosts · {n_vms} VMs",
                self.cache.hosts.len()
            ),
            Status::Reconnecting(e) => format!("Reconnecting… ({e})"),
            Status::Failed(e) => format!("Connection failed: {e}"),
        }
    }

    fn tree_ui(&mut self, ui: &mut egui::Ui) {
        let resp = ui.add(
            egui::TextEdit::singleline(&mut self.search)
                .hint_text("Search")
                .desired_width(f32::INFINITY),
        );
        if resp.changed() {
            self.rows_dirty = true;
        }
        ui.separator();
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let rows = self.rows().to_vec();
        egui::ScrollArea::vertical().auto_shrink(false).show_rows(
            ui,
            row_height,
            rows.len(),
            |ui, range| {
                for row in &rows[range] {
                    ui.horizontal(|ui| {
                        ui.add_space(row.depth as f32 * 14.0);
                        let icon = match (&row.node, &row.power) {
                            (Node::Pool(_), _) => "🗄",
                            (Node::Host(_), _) => "🖥",
                            (_, Some(PowerState::Running)) => "▶",
                            (_, Some(PowerState::Paused | PowerState::Suspended)) => "⏸",
                            _ => "⏹",
                        };
                        let selected = self.selected.as_ref() == Some(&row.node);
                        if ui
                            .selectable_label(selected, format!("{icon} {}", row.label))
                            .clicked()
                        {
                            self.selected = Some(row.node.clone());
                        }
                    });
                }
            },
        );
    }

    fn details_ui(&self, ui: &mut egui::Ui) {
        let Some(node) = &self.selected else {
            ui.label("Select an object in the tree.");
            return;
        };
        egui::Grid::new("details")
            .num_columns(2)
            .striped(true)
            .show(ui, |ui| {
                let mut kv = |k: &str, v: String| {
                    ui.label(k);
                    ui.label(v);
                    ui.end_row();
                };
                match node {
                    Node::Pool(r) => {
                        if let Some(p) = self.cache.pools.get(r) {
                            kv("Name", p.name_label.clone());
                            kv("UUID", p.uuid.clone());
                        }
                    }
                    Node::Host(r) => {
                        if let Some(h) = self.cache.hosts.get(r) {
                            kv("Name", h.name_label.clone());
                            kv("Address", h.address.clone());
                            kv("UUID", h.uuid.clone());
                        }
                    }
                    Node::Vm(r) => {
                        if let Some(v) = self.cache.vms.get(r) {
                            kv("Name", v.name_label.clone());
                            kv("Power state", v.power_state.as_str().to_string());
                            kv("VCPUs", v.vcpus_at_startup.to_string());
                            kv("Memory", format!("{} MiB", v.memory_static_max / (1 << 20)));
                            kv("UUID", v.uuid.clone());
                        }
                    }
                }
            });
    }
}

impl eframe::App for XenPilotApp {
    fn logic(&mut self, _ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.drain_events();
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    if ui.button("Quit").clicked() {
                        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                });
            });
        });
        let status = self.status_text();
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.label(status);
        });
        egui::Panel::left("tree")
            .resizable(true)
            .default_size(300.0)
            .show(ui, |ui| {
                self.tree_ui(ui);
            });
        egui::CentralPanel::default().show(ui, |ui| self.details_ui(ui));
    }

    fn on_exit(&mut self) {
        if let (Source::Live(handle), Some(rt)) = (&self.source, &self.runtime) {
            handle.close(rt, std::time::Duration::from_secs(2));
        }
    }
}
