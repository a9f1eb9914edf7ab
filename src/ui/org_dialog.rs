//! The organising dialogs: Tags (add and remove on the selection), Move to folder, Custom
//! fields (one object's values, and a new field for its pool), New folder, Rename folder,
//! Delete folder and Rename tag. Each shows the calls it will make as `xe` lines, and sends
//! them as one batch ([`Command::RunJobs`]) built from the caches when the user confirms.

use crate::model::custom_fields::{self, Definition, FieldType};
use crate::model::folders;
use crate::model::org_plans::{self, Job, PoolRef};
use crate::model::tags;
use crate::model::tree::Node;
use crate::ui::actions::{Action, Targets};
use crate::ui::command::Command;
use crate::ui::edit_form::xe_panel;
use crate::ui::lifecycle::dialogs::text_field;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui::{self, Role, WidgetInfo};
use std::collections::BTreeSet;

/// Whether a tag is on the objects of the selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    All,
    Some,
    None,
}

/// What the dialog edits.
#[derive(Debug, Clone)]
pub enum Kind {
    /// Each tag of the selection: on all of them, on some (left as it is), or on none.
    Tags {
        nodes: Vec<Node>,
        tags: Vec<(String, On)>,
        new: String,
    },
    MoveTo {
        nodes: Vec<Node>,
        folder: String,
    },
    Fields {
        node: Node,
        values: Vec<(Definition, String)>,
        new_name: String,
        new_date: bool,
    },
    NewFolder {
        parent: String,
        name: String,
    },
    RenameFolder {
        path: String,
        name: String,
    },
    DeleteFolder {
        path: String,
    },
    RenameTag {
        tag: String,
        name: String,
    },
}

pub struct OrgDialog {
    pub action: Action,
    /// The pool the selection (or a new folder) is in.
    pub pool: u64,
    pub kind: Kind,
    /// The pool's own node (where the selection goes when a top-level folder is deleted).
    pool_node: Option<Node>,
    first: bool,
    enter: bool,
}

/// The dialog of `action` on `targets`, filled from the caches.
pub fn open(view: &AppView, action: Action, targets: &Targets) -> Option<OrgDialog> {
    let pool = targets.pool?;
    let cache = view.pools.cache_of(Some(pool))?;
    let nodes = targets.nodes.clone();
    let kind = match (action, nodes.first()) {
        (Action::EditTags, _) => {
            let mut on: Vec<(String, On)> = Vec::new();
            // Each object's tags from its own pool (a selection may span pools).
            let sets: Vec<Vec<String>> = nodes
                .iter()
                .filter_map(|n| {
                    let c = view
                        .pools
                        .index_of_node(n)
                        .map_or(cache, |i| &*view.pools[i].cache);
                    tags::target(c, n).map(|(_, t)| t)
                })
                .collect();
            let all: BTreeSet<&String> = sets.iter().flatten().collect();
            for t in all {
                let all = sets.iter().all(|s| s.contains(t));
                on.push((t.clone(), if all { On::All } else { On::Some }));
            }
            Kind::Tags {
                nodes,
                tags: on,
                new: String::new(),
            }
        }
        (Action::MoveToFolder, Some(n)) => Kind::MoveTo {
            folder: tags::other_config(cache, n)
                .and_then(folders::folder_of)
                .unwrap_or_default(),
            nodes,
        },
        (Action::CustomFields, Some(n)) => {
            let oc = tags::other_config(cache, n);
            let values = cache
                .pool()
                .map(|(_, p)| custom_fields::definitions(&p.gui_config))
                .unwrap_or_default()
                .into_iter()
                .map(|d| {
                    let v = oc
                        .and_then(|oc| oc.get(&d.key()))
                        .cloned()
                        .unwrap_or_default();
                    (d, v)
                })
                .collect();
            Kind::Fields {
                node: n.clone(),
                values,
                new_name: String::new(),
                new_date: false,
            }
        }
        (Action::NewFolder, Some(Node::Folder(p))) => Kind::NewFolder {
            parent: p.clone(),
            name: String::new(),
        },
        (Action::NewFolder, _) => Kind::NewFolder {
            parent: "/".into(),
            name: String::new(),
        },
        (Action::RenameFolder, Some(Node::Folder(p))) => Kind::RenameFolder {
            name: folders::segments(p)
                .last()
                .map(|s| s.to_string())
                .unwrap_or_default(),
            path: p.clone(),
        },
        (Action::DeleteFolder, Some(Node::Folder(p))) => Kind::DeleteFolder { path: p.clone() },
        (Action::RenameTag, Some(Node::Tag(t))) => Kind::RenameTag {
            tag: t.clone(),
            name: t.clone(),
        },
        _ => return None,
    };
    Some(OrgDialog {
        action,
        pool,
        kind,
        pool_node: cache.pool().map(|(r, _)| Node::Pool(r.clone())),
        first: true,
        enter: false,
    })
}

impl OrgDialog {
    /// The jobs the dialog sends as it stands, or the Fluent id of what is wrong.
    pub fn jobs(&self, pools: &[PoolRef]) -> Result<Vec<Job>, &'static str> {
        let here = pools.iter().find(|(id, _)| *id == self.pool).copied();
        let jobs = match &self.kind {
            Kind::Tags { nodes, tags, new } => {
                let with = |want: On| {
                    tags.iter()
                        .filter(move |(_, on)| *on == want)
                        .map(|(t, _)| t.clone())
                        .collect::<Vec<String>>()
                };
                let mut add = with(On::All);
                if let Some(t) = tags::clean(new) {
                    add.push(t);
                } else if !new.trim().is_empty() {
                    return Err("org-bad-tag");
                }
                let remove = with(On::None);
                org_plans::tag_jobs(pools, nodes, &add, &remove)
            }
            Kind::MoveTo { nodes, folder } => {
                let f = folders::fixup(folder);
                let dest = (!f.is_empty()).then(|| format!("/{f}"));
                org_plans::move_jobs(pools, nodes, dest.as_deref())
            }
            Kind::Fields {
                node,
                values,
                new_name,
                new_date,
            } => {
                let Some((id, cache)) = here else {
                    return Ok(Vec::new());
                };
                let Some((t, _)) = tags::target(cache, node) else {
                    return Ok(Vec::new());
                };
                let mut out = Vec::new();
                let name = new_name.trim();
                let mut defs: Vec<Definition> = values.iter().map(|(d, _)| d.clone()).collect();
                if !name.is_empty() {
                    if defs.iter().any(|d| d.name == name) || name.chars().any(char::is_control) {
                        return Err("org-bad-field");
                    }
                    defs.push(Definition {
                        name: name.to_string(),
                        ty: if *new_date {
                            FieldType::Date
                        } else {
                            FieldType::String
                        },
                    });
                    if let Some((pr, p)) = cache.pool() {
                        let pool_t = folders::Target {
                            class: "pool",
                            r: pr.as_str().to_string(),
                            uuid: p.uuid.clone(),
                        };
                        out.push(Job {
                            pool: id,
                            owner: Node::Pool(pr.clone()),
                            plan: custom_fields::definitions_plan(&pool_t, &defs),
                        });
                    }
                }
                let oc = tags::other_config(cache, node);
                let mut plan = crate::model::vm_plans::Plan::default();
                for (d, v) in values {
                    let was = oc
                        .and_then(|oc| oc.get(&d.key()))
                        .cloned()
                        .unwrap_or_default();
                    if was.trim() == v.trim() {
                        continue;
                    }
                    let p = custom_fields::set_value_plan(&t, d, v).map_err(|_| "org-bad-date")?;
                    plan.steps.extend(p.steps);
                    plan.xe.extend(p.xe);
                }
                if !plan.steps.is_empty() {
                    out.push(Job {
                        pool: id,
                        owner: node.clone(),
                        plan,
                    });
                }
                out
            }
            Kind::NewFolder { parent, name } => {
                let paths = folders::new_paths(parent, name);
                if paths.is_empty() {
                    return Err("org-bad-folder");
                }
                let Some(here) = here else {
                    return Ok(Vec::new());
                };
                org_plans::new_folder_jobs(here, &paths)
            }
            Kind::RenameFolder { .. } => {
                let Some((from, to)) = self.renamed_folder() else {
                    return Err("org-bad-folder-name");
                };
                if from == to {
                    return Ok(Vec::new());
                }
                org_plans::rebase_folder_jobs(pools, &from, &to)
            }
            Kind::DeleteFolder { path } => org_plans::delete_folder_jobs(pools, path),
            Kind::RenameTag { tag, name } => {
                let Some(to) = tags::clean(name) else {
                    return Err("org-bad-tag");
                };
                org_plans::rename_tag_jobs(pools, tag, &to)
            }
        };
        Ok(jobs)
    }

    /// A renamed folder's old and new paths (`None`: a name XenCenter refuses).
    fn renamed_folder(&self) -> Option<(String, String)> {
        let Kind::RenameFolder { path, name } = &self.kind else {
            return None;
        };
        let name = folders::rename_name(name)?;
        Some((path.clone(), folders::join(&folders::parent(path), &name)?))
    }

    /// What its jobs' report names: the folder or tag it acts on (`None`: each object's
    /// name; a new folder has no object of its own, and once said "New folder · : done").
    fn report_name(&self) -> Option<String> {
        match &self.kind {
            Kind::NewFolder { parent, name } => Some(
                folders::new_paths(parent, name)
                    .iter()
                    .map(|p| folders::shown(p))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            Kind::RenameFolder { path, .. } | Kind::DeleteFolder { path } => {
                Some(folders::shown(path))
            }
            Kind::RenameTag { tag, .. } => Some(folders::shown(tag)),
            _ => None,
        }
    }

    /// Where the selection goes once a folder or tag it was on is renamed or deleted (the
    /// renamed node, or the deleted folder's parent), so the details pane does not say the
    /// object no longer exists.
    fn follow(&self, selected: Option<&Node>) -> Option<Node> {
        match (&self.kind, selected?) {
            (Kind::RenameFolder { .. }, Node::Folder(f)) => {
                let (from, to) = self.renamed_folder()?;
                folders::is_within(f, &from).then(|| Node::Folder(folders::rebase(f, &from, &to)))
            }
            (Kind::DeleteFolder { path }, Node::Folder(f)) if folders::is_within(f, path) => {
                let parent = folders::parent(path);
                Some(if parent == "/" {
                    self.pool_node.clone()?
                } else {
                    Node::Folder(parent)
                })
            }
            (Kind::RenameTag { tag, name }, Node::Tag(t)) if t == tag => {
                tags::clean(name).map(Node::Tag)
            }
            _ => None,
        }
    }
}

impl AppWindow for OrgDialog {
    fn kind(&self) -> &'static str {
        "org-dialog"
    }

    window_any!();

    fn on_enter(&mut self) -> bool {
        self.enter = true;
        true
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let pools: Vec<PoolRef> = view.pools.iter().map(|p| (p.id, &*p.cache)).collect();
        let title = self.action.label(i18n);
        let id = egui::Id::unique("org-dialog");
        let mut open = true;
        let mut decided = None;
        let first = std::mem::take(&mut self.first);
        let writable = view.can_write_to(Some(self.pool));
        let known = known_folders(&pools);
        crate::ui::dialog_window::modal(egui::Window::new(&title), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_max_width(520.0);
                body(ui, view, &mut self.kind, &known, first);
                ui.add_space(6.0);
                let jobs = self.jobs(&pools);
                let xe: Vec<String> = jobs
                    .as_ref()
                    .map(|j| j.iter().flat_map(|j| j.plan.xe.clone()).collect())
                    .unwrap_or_default();
                xe_panel(ui, i18n, &xe);
                if let Err(e) = &jobs {
                    ui.colored_label(ui.visuals().error_fg_color, i18n.get(e));
                }
                if !writable {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        view.read_only_text(Some(self.pool)),
                    );
                }
                ui.separator();
                ui.horizontal(|ui| {
                    let ok = writable && jobs.is_ok();
                    if ui.add_enabled(ok, egui::Button::new(&title)).clicked() {
                        decided = Some(true);
                    }
                    if ui.button(i18n.get("cancel")).clicked() {
                        decided = Some(false);
                    }
                });
            });
        let jobs = self.jobs(&pools);
        if std::mem::take(&mut self.enter) && writable && jobs.is_ok() && decided.is_none() {
            decided = Some(true);
        }
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            decided.get_or_insert(false);
        }
        match decided {
            Some(true) => {
                if let Ok(jobs) = jobs
                    && !jobs.is_empty()
                {
                    out.push(Command::RunJobs {
                        action: self.action,
                        name: self.report_name(),
                        jobs,
                        follow: self.follow(view.selected),
                    });
                }
                false
            }
            Some(false) => false,
            None => open,
        }
    }
}

/// Every folder of every pool, for Move to's list.
fn known_folders(pools: &[PoolRef]) -> Vec<String> {
    let mut out: BTreeSet<String> = BTreeSet::new();
    for (_, c) in pools {
        for p in c.pools.values() {
            out.extend(folders::empty_folders(&p.other_config));
        }
        let ocs = c
            .vms
            .values()
            .map(|o| &o.other_config)
            .chain(c.hosts.values().map(|o| &o.other_config))
            .chain(c.srs.values().map(|o| &o.other_config))
            .chain(c.networks.values().map(|o| &o.other_config))
            .chain(c.pools.values().map(|o| &o.other_config));
        for oc in ocs {
            if let Some(f) = folders::folder_of(oc) {
                let segs = folders::segments(&f);
                for d in 1..=segs.len() {
                    out.insert(folders::path_of(&segs, d));
                }
            }
        }
    }
    out.into_iter().collect()
}

fn body(ui: &mut egui::Ui, view: &AppView, kind: &mut Kind, known: &[String], first: bool) {
    let i18n = view.i18n;
    match kind {
        Kind::Tags { nodes, tags, new } => {
            ui.label(i18n.get_counted("org-tags-of", nodes.len(), &[]));
            for (t, state) in tags.iter_mut() {
                let label = folders::shown(t);
                let mut on = *state == On::All;
                let resp = ui.add(
                    egui::Checkbox::new(&mut on, label.as_str()).indeterminate(*state == On::Some),
                );
                if resp.changed() {
                    *state = if on { On::All } else { On::None };
                }
            }
            text_field(ui, &i18n.get("org-new-tag"), new, first);
        }
        Kind::MoveTo { nodes, folder } => {
            ui.label(i18n.get_counted("org-move-count", nodes.len(), &[]));
            prefilled(ui, &i18n.get("org-folder-path"), folder, first);
            if !known.is_empty() {
                ui.weak(i18n.get("org-known-folders"));
                egui::ScrollArea::vertical()
                    .max_height(160.0)
                    .show(ui, |ui| {
                        for f in known {
                            let picked = folders::folder_of(&xenapi::records::StringMap::from([(
                                folders::FOLDER_KEY.to_string(),
                                folder.clone(),
                            )]))
                            .as_deref()
                                == Some(f.as_str());
                            if ui.selectable_label(picked, folders::shown(f)).clicked() {
                                *folder = f.clone();
                            }
                        }
                    });
            }
        }
        Kind::Fields {
            values,
            new_name,
            new_date,
            ..
        } => {
            egui::Grid::new("org_fields").num_columns(2).show(ui, |ui| {
                for (i, (d, v)) in values.iter_mut().enumerate() {
                    let label = folders::shown(&d.name);
                    ui.label(&label);
                    let resp = ui.add(
                        egui::TextEdit::singleline(v)
                            .desired_width(240.0)
                            .hint_text(if d.ty == FieldType::Date {
                                "yyyy-MM-dd HH:mm:ssZ"
                            } else {
                                ""
                            }),
                    );
                    resp.widget_info(|| WidgetInfo::labeled(Role::TextInput, true, &label));
                    if first && i == 0 {
                        resp.request_focus();
                    }
                    ui.end_row();
                }
            });
            ui.separator();
            text_field(
                ui,
                &i18n.get("org-new-field"),
                new_name,
                first && values.is_empty(),
            );
            ui.horizontal(|ui| {
                ui.radio_value(new_date, false, i18n.get("org-field-text"));
                ui.radio_value(new_date, true, i18n.get("org-field-date"));
            });
        }
        Kind::NewFolder { parent, name } => {
            ui.label(i18n.get_args("org-folder-in", &[("folder", &folders::shown(parent))]));
            text_field(ui, &i18n.get("org-folder-name"), name, first);
        }
        Kind::RenameFolder { path, name } => {
            ui.label(folders::shown(path));
            prefilled(ui, &i18n.get("org-folder-name"), name, first);
        }
        Kind::DeleteFolder { path } => {
            let parent = folders::parent(path);
            ui.label(i18n.get_args(
                "org-delete-folder-question",
                &[
                    ("folder", &folders::shown(path)),
                    ("parent", &folders::shown(&parent)),
                ],
            ));
        }
        Kind::RenameTag { tag, name } => {
            ui.label(folders::shown(tag));
            prefilled(ui, &i18n.get("org-tag-name"), name, first);
        }
    }
}

/// A text field that opens holding the current value, all of it selected, so typing
/// replaces it (as a rename box does) instead of appending.
fn prefilled(ui: &mut egui::Ui, label: &str, value: &mut String, first: bool) {
    let resp = text_field(ui, label, value, first);
    if first {
        let mut state = egui::text_edit::TextEditState::load(ui.ctx(), resp.id).unwrap_or_default();
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::select_all_str(value)));
        state.store(ui.ctx(), resp.id);
    }
}
