//! The New Storage wizard, NFS: page one finds the export (Scan lists the server's exports
//! from the driver's answer; a path can be typed), page two offers the repositories already
//! at that path for attaching, or a new one, with a name. Each page says what the probe
//! answered, in words; the `xe` equivalent of Finish is shown. The model is
//! [`crate::model::new_sr`].

use crate::i18n::I18n;
use crate::model::new_sr::{self, Export, NfsSpec};
use crate::model::tree::Node;
use crate::model::vm_plans::Plan;
use crate::services::background::{Poll, Task};
use crate::ui::actions::Action;
use crate::ui::command::Command;
use crate::ui::edit_form::{stay_put, xe_panel};
use crate::ui::lifecycle::dialogs::text_field;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui;
use xenapi::{Cache, Error};

type Probe = Task<Result<serde_json::Value, Error>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Location,
    Repository,
}

pub struct NewSrWizard {
    pool: u64,
    page: Page,
    pub spec: NfsSpec,
    /// The server's exports, once scanned.
    exports: Vec<Export>,
    /// The SRs found at the path (UUIDs), once checked.
    found: Vec<String>,
    /// The SR to attach; `None`: a new one.
    attach: Option<String>,
    /// A probe running: a scan (`false`) or a check of the path (`true`).
    probing: Option<(bool, Probe)>,
    /// What the last probe refused, in words.
    error: Option<String>,
    first: bool,
}

impl NewSrWizard {
    pub fn open(pool: u64, cache: &Cache, i18n: &I18n) -> Option<NewSrWizard> {
        new_sr::coordinator(cache)?;
        Some(NewSrWizard {
            pool,
            page: Page::Location,
            spec: NfsSpec {
                name: i18n.get("sr-new-default-name"),
                ..NfsSpec::default()
            },
            exports: Vec::new(),
            found: Vec::new(),
            attach: None,
            probing: None,
            error: None,
            first: true,
        })
    }

    /// The plan Finish sends now.
    pub fn plan(&self, cache: &Cache) -> Plan {
        match &self.attach {
            Some(uuid) => new_sr::attach(cache, &self.spec, uuid),
            None => new_sr::create(cache, &self.spec),
        }
    }

    fn start_probe(&mut self, view: &AppView, cache: &Cache, with_path: bool) {
        let (Some(worker), Some(session), Some(host)) = (
            view.worker.as_ref(),
            view.pools.session_of(Some(self.pool)),
            new_sr::coordinator(cache),
        ) else {
            return;
        };
        let args = new_sr::probe_args(&host, &self.spec, with_path);
        self.error = None;
        let task = worker.spawn(async move { session.call("SR.probe", &args).await });
        self.probing = Some((with_path, task));
    }

    /// Takes in a finished probe.
    fn poll(&mut self, i18n: &I18n, cache: &Cache) {
        let Some((with_path, task)) = &mut self.probing else {
            return;
        };
        let with_path = *with_path;
        let result = match task.poll() {
            Poll::Pending => return,
            Poll::Ready(r) => r,
            Poll::Vanished => {
                self.probing = None;
                return;
            }
        };
        self.probing = None;
        match (with_path, result) {
            // A scan fails by design: the exports come with the driver's refusal.
            (false, Err(e)) => match e.api().and_then(new_sr::exports_of) {
                Some(list) => {
                    if list.is_empty() {
                        self.error = Some(i18n.get("sr-new-no-exports"));
                    }
                    self.exports = list;
                }
                None => self.error = Some(crate::ui::errors::action(i18n, &e)),
            },
            (false, Ok(_)) => {}
            (true, Ok(v)) => {
                self.found = new_sr::srs_of(v.as_str().unwrap_or_default());
                // An SR found there is offered first: attaching keeps its disks, where a
                // new one beside it would not hold them.
                self.attach = self
                    .found
                    .iter()
                    .find(|u| !cache.srs.values().any(|s| s.uuid == **u))
                    .cloned();
                self.page = Page::Repository;
            }
            (true, Err(e)) => self.error = Some(crate::ui::errors::action(i18n, &e)),
        }
    }

    fn invalid(&self) -> Option<&'static str> {
        match self.page {
            Page::Location => self.spec.invalid(true),
            Page::Repository if self.spec.name.trim().is_empty() => Some("dlg-err-name"),
            Page::Repository => None,
        }
    }
}

impl AppWindow for NewSrWizard {
    fn kind(&self) -> &'static str {
        "new-sr"
    }

    window_any!();

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return false;
        };
        self.poll(i18n, cache);
        if self.probing.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        let title = Action::NewSr.label(i18n);
        let id = egui::Id::unique("new-sr-wizard");
        let mut open = true;
        let mut finish = false;
        let mut close = false;
        let first = std::mem::take(&mut self.first);
        let writable = view.can_write_to(Some(self.pool));
        stay_put(egui::Window::new(&title), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_max_width(560.0);
                match self.page {
                    Page::Location => location(self, ui, view, cache, first),
                    Page::Repository => repository(self, ui, i18n, cache),
                }
                if let Some(err) = &self.error {
                    ui.colored_label(ui.visuals().error_fg_color, err);
                }
                if let Some(id) = self.invalid() {
                    ui.colored_label(ui.visuals().error_fg_color, i18n.get(id));
                }
                if !writable {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        view.read_only_text(Some(self.pool)),
                    );
                }
                ui.separator();
                ui.horizontal(|ui| {
                    let ok = writable && self.invalid().is_none() && self.probing.is_none();
                    match self.page {
                        Page::Location => {
                            if ui
                                .add_enabled(ok, egui::Button::new(i18n.get("wiz-next")))
                                .clicked()
                            {
                                self.start_probe(view, cache, true);
                            }
                        }
                        Page::Repository => {
                            if ui.button(i18n.get("wiz-back")).clicked() {
                                self.page = Page::Location;
                                self.error = None;
                            }
                            if ui
                                .add_enabled(ok, egui::Button::new(i18n.get("sr-new-finish")))
                                .clicked()
                            {
                                finish = true;
                            }
                        }
                    }
                    if ui.button(i18n.get("cancel")).clicked() {
                        close = true;
                    }
                    if self.probing.is_some() {
                        ui.spinner();
                    }
                });
            });
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            close = true;
        }
        if finish {
            let owner = cache
                .pools
                .keys()
                .next()
                .map_or(Node::Conn(self.pool), |r| Node::Pool(r.clone()));
            out.push(Command::RunOwnedPlan {
                pool: self.pool,
                action: Action::NewSr,
                owner,
                name: Some(self.spec.name.trim().to_string()),
                plan: self.plan(cache),
            });
            return false;
        }
        open && !close
    }
}

/// Page one: the server, its exports, the path and the NFS version.
fn location(w: &mut NewSrWizard, ui: &mut egui::Ui, view: &AppView, cache: &Cache, first: bool) {
    let i18n = view.i18n;
    ui.label(i18n.get("sr-new-nfs-intro"));
    let mut scan = false;
    egui::Grid::new("sr-new-location-grid")
        .num_columns(2)
        .show(ui, |ui| {
            text_field(ui, &i18n.get("sr-new-server"), &mut w.spec.server, first);
            ui.end_row();
            ui.label("");
            let can_scan = w.spec.invalid(false).is_none() && w.probing.is_none();
            scan = ui
                .add_enabled(can_scan, egui::Button::new(i18n.get("sr-new-scan")))
                .clicked();
            ui.end_row();
            text_field(ui, &i18n.get("sr-new-path"), &mut w.spec.path, false);
            ui.end_row();
        });
    let versions = [
        ("", i18n.get("sr-new-version-3")),
        ("4", "NFSv4".to_string()),
        ("4.1", "NFSv4.1".to_string()),
    ];
    let shown = versions
        .iter()
        .find(|(v, _)| *v == w.spec.version)
        .map(|(_, l)| l.clone())
        .unwrap_or_default();
    egui::ComboBox::from_label(i18n.get("sr-new-version"))
        .selected_text(shown)
        .show_ui(ui, |ui| {
            for (v, l) in &versions {
                ui.selectable_value(&mut w.spec.version, v.to_string(), l);
            }
        });
    if scan {
        w.start_probe(view, cache, false);
    }
    if !w.exports.is_empty() {
        ui.add_space(4.0);
        ui.strong(i18n.get("sr-new-exports"));
        for e in w.exports.clone() {
            let label = i18n.get_args("sr-new-export", &[("path", &e.path), ("access", &e.access)]);
            if ui.selectable_label(w.spec.path == e.path, label).clicked() {
                w.spec.path = e.path.clone();
            }
        }
    }
}

/// Page two: the repositories found at the path, or a new one; its name.
fn repository(w: &mut NewSrWizard, ui: &mut egui::Ui, i18n: &I18n, cache: &Cache) {
    let at = format!("{}:{}", w.spec.server.trim(), w.spec.path.trim());
    if w.found.is_empty() {
        ui.label(i18n.get_args("sr-new-none-found", &[("at", &at)]));
        w.attach = None;
    } else {
        ui.label(i18n.get_args("sr-new-found", &[("at", &at)]));
        for uuid in w.found.clone() {
            let known = cache.srs.values().find(|s| s.uuid == uuid);
            match known {
                Some(s) => {
                    ui.add_enabled(
                        false,
                        egui::RadioButton::new(
                            false,
                            i18n.get_args(
                                "sr-new-in-pool",
                                &[("uuid", &uuid), ("name", &s.name_label)],
                            ),
                        ),
                    );
                }
                None => {
                    let label = i18n.get_args("sr-new-attach", &[("uuid", &uuid)]);
                    ui.radio_value(&mut w.attach, Some(uuid.clone()), label);
                }
            }
        }
        ui.radio_value(&mut w.attach, None, i18n.get("sr-new-create"));
    }
    egui::Grid::new("sr-new-name-grid")
        .num_columns(2)
        .show(ui, |ui| {
            text_field(ui, &i18n.get("dlg-name"), &mut w.spec.name, false);
            ui.end_row();
            text_field(
                ui,
                &i18n.get("dlg-description"),
                &mut w.spec.description,
                false,
            );
            ui.end_row();
        });
    ui.add_space(6.0);
    xe_panel(ui, i18n, &w.plan(cache).xe);
}
