//! The disk dialogs: New disk (name, description, repository with its free space, size),
//! Attach disk (a free disk, read-only or not), Resize (grow only), Move (to another
//! repository: live for a running VM's disk, else copied and swapped) and Properties (name,
//! description; from a VM's tab also its drive's mode and position, [`super::disk_drive`]).
//! Each shows its `xe` equivalent; Enter confirms when valid, Escape closes.
//! The plan is [`crate::model::disk_plans`]'s, made from the cache when the user confirms.

use super::disk_choices::{disk_label, disk_srs, free, sr_label};
pub use super::disk_drive::Drive;
use crate::i18n::I18n;
use crate::model::details::format_bytes;
use crate::model::names;
use crate::model::tree::Node;
use crate::model::vm_plans::Plan;
use crate::model::{disk_move, disk_plans, drive_props};
use crate::ui::actions::{Action, Targets, disk_defs};
use crate::ui::command::Command;
use crate::ui::edit_form::xe_panel;
use crate::ui::lifecycle::dialogs::text_field;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui;
use xenapi::{Cache, Ref, Sr, Vdi, Vm};

/// What the dialog asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    New {
        /// The VM it is for (its Storage tab), or none (an SR's tab: a disk alone).
        vm: Option<Ref<Vm>>,
        sr: Option<Ref<Sr>>,
        name: String,
        description: String,
        /// GiB, as typed.
        size: String,
    },
    Attach {
        vm: Ref<Vm>,
        vdi: Option<Ref<Vdi>>,
        read_only: bool,
    },
    Resize {
        vdi: Ref<Vdi>,
        size: String,
    },
    Properties {
        vdi: Ref<Vdi>,
        name: String,
        description: String,
        /// The VM's drive of the disk, when opened from the VM's Storage tab.
        drive: Option<Drive>,
    },
    Move {
        vdi: Ref<Vdi>,
        sr: Option<Ref<Sr>>,
    },
    SrProperties {
        sr: Ref<Sr>,
        name: String,
        description: String,
        /// One entry per tag (a tag may hold a comma).
        tags: Vec<String>,
        /// The tag being typed.
        new_tag: String,
    },
}

pub struct DiskDialog {
    pub pool: u64,
    pub action: Action,
    pub kind: Kind,
    /// Who the job is credited to (the VM whose tab it came from, else the disk).
    owner: Node,
    first: bool,
    enter: bool,
}

/// Whether `action` opens one of these dialogs.
pub fn handles(action: Action) -> bool {
    matches!(
        action,
        Action::NewDisk
            | Action::AttachDisk
            | Action::ResizeDisk
            | Action::MoveDisk
            | Action::DiskProperties
            | Action::SrProperties
            | Action::AddDiskToSr
    )
}

/// The dialog for `action` on `targets`, filled from the cache.
pub fn open(
    cache: &Cache,
    i18n: &I18n,
    pool: u64,
    action: Action,
    targets: &Targets,
) -> Option<DiskDialog> {
    let (vdi, vm) = disk_defs::disk_and_vm(targets);
    let kind = match action {
        Action::NewDisk => {
            let vm = vm?;
            let v = cache.vms.get(&vm)?;
            let n = v.vbds.len();
            Kind::New {
                sr: disk_srs(cache, false).into_iter().next(),
                name: i18n.get_args(
                    "dlg-disk-default-name",
                    &[("vm", &names::vm_name(i18n, v)), ("n", &n.to_string())],
                ),
                description: String::new(),
                size: "10".into(),
                vm: Some(vm),
            }
        }
        Action::AddDiskToSr => {
            let sr = crate::ui::actions::sr_defs::sr_of(targets)?;
            let n = cache.srs.get(&sr)?.vdis.len();
            Kind::New {
                sr: Some(sr),
                name: i18n.get_args("dlg-disk-sr-default-name", &[("n", &n.to_string())]),
                description: String::new(),
                size: "10".into(),
                vm: None,
            }
        }
        Action::AttachDisk => Kind::Attach {
            vm: vm?,
            vdi: None,
            read_only: false,
        },
        Action::ResizeDisk => {
            let vdi = vdi?;
            let size = disk_plans::gib_text(cache.vdis.get(&vdi)?.virtual_size);
            Kind::Resize { vdi, size }
        }
        Action::MoveDisk => Kind::Move {
            vdi: vdi?,
            sr: None,
        },
        Action::DiskProperties => {
            let vdi = vdi?;
            let d = cache.vdis.get(&vdi)?;
            let drive = vm
                .and_then(|vm| drive_props::drive_of(cache, &vm, &vdi))
                .and_then(|vbd| {
                    let b = cache.vbds.get(&vbd)?;
                    Some(Drive {
                        read_only: drive_props::read_only(cache, &vbd),
                        position: b.userdevice.clone(),
                        vbd,
                    })
                });
            Kind::Properties {
                name: d.name_label.clone(),
                description: d.name_description.clone(),
                vdi,
                drive,
            }
        }
        Action::SrProperties => {
            let sr = crate::ui::actions::sr_defs::sr_of(targets)?;
            let s = cache.srs.get(&sr)?;
            Kind::SrProperties {
                name: s.name_label.clone(),
                description: s.name_description.clone(),
                tags: s.tags.clone(),
                new_tag: String::new(),
                sr,
            }
        }
        _ => return None,
    };
    let owner = match (&kind, targets.vms().first()) {
        (Kind::SrProperties { sr, .. }, _) => Node::Sr(sr.clone()),
        (
            Kind::New {
                vm: None,
                sr: Some(sr),
                ..
            },
            _,
        ) => Node::Sr(sr.clone()),
        (_, Some(vm)) => Node::Vm(vm.clone()),
        (
            Kind::Resize { vdi, .. } | Kind::Properties { vdi, .. } | Kind::Move { vdi, .. },
            None,
        ) => Node::Vdi(vdi.clone()),
        _ => return None,
    };
    Some(DiskDialog {
        pool,
        action,
        kind,
        owner,
        first: true,
        enter: false,
    })
}

impl DiskDialog {
    /// The plan the dialog would run now.
    pub fn plan(&self, cache: &Cache) -> Plan {
        match &self.kind {
            Kind::New {
                vm,
                sr,
                name,
                description,
                size,
            } => match (sr, disk_plans::parse_gib(size)) {
                (Some(sr), Some(bytes)) => disk_plans::new_disk(
                    cache,
                    sr,
                    name.trim(),
                    description.trim(),
                    bytes,
                    vm.as_ref(),
                ),
                _ => Plan::default(),
            },
            Kind::Attach {
                vm,
                vdi: Some(vdi),
                read_only,
            } => disk_plans::attach(cache, vm, vdi, *read_only),
            Kind::Attach { .. } => Plan::default(),
            Kind::Resize { vdi, size } => disk_plans::parse_gib(size)
                .map(|b| disk_plans::resize(cache, vdi, b))
                .unwrap_or_default(),
            Kind::Properties {
                vdi,
                name,
                description,
                drive,
            } => {
                let mut plan = disk_plans::properties(cache, vdi, name.trim(), description.trim());
                if let Some(d) = drive {
                    drive_props::drive_steps(&mut plan, cache, &d.vbd, d.read_only, &d.position);
                }
                plan
            }
            Kind::Move { vdi, sr: Some(sr) } => disk_move::plan(cache, vdi, sr),
            Kind::Move { sr: None, .. } => Plan::default(),
            Kind::SrProperties {
                sr,
                name,
                description,
                tags,
                ..
            } => {
                crate::model::sr_plans::properties(cache, sr, name.trim(), description.trim(), tags)
            }
        }
    }

    /// Why it cannot confirm yet, as a Fluent id.
    pub fn invalid(&self, cache: &Cache) -> Option<&'static str> {
        match &self.kind {
            Kind::New { name, .. }
            | Kind::Properties { name, .. }
            | Kind::SrProperties { name, .. }
                if name.trim().is_empty() =>
            {
                Some("dlg-err-name")
            }
            Kind::New { sr: None, .. } => Some("dlg-disk-err-sr"),
            Kind::New {
                sr: Some(sr), size, ..
            } => match disk_plans::parse_gib(size) {
                None => Some("dlg-disk-err-size"),
                Some(b) if b > free(cache, sr) => Some("dlg-disk-err-space"),
                _ => None,
            },
            Kind::Attach { vdi: None, .. } => Some("dlg-disk-err-pick"),
            Kind::Move { sr: None, .. } => Some("dlg-disk-err-sr"),
            Kind::Move { vdi, sr: Some(sr) }
                if cache.vdis.get(vdi)?.virtual_size > free(cache, sr) =>
            {
                Some("dlg-disk-err-space")
            }
            Kind::Resize { vdi, size } => {
                let d = cache.vdis.get(vdi)?;
                match disk_plans::parse_gib(size) {
                    None => Some("dlg-disk-err-size"),
                    Some(b) if b <= d.virtual_size => Some("dlg-disk-err-grow"),
                    Some(b) if b - d.virtual_size > free(cache, &d.sr) => {
                        Some("dlg-disk-err-space")
                    }
                    _ => None,
                }
            }
            Kind::Properties { .. } | Kind::SrProperties { .. }
                if self.plan(cache).steps.is_empty() =>
            {
                Some("dlg-disk-err-unchanged")
            }
            _ => None,
        }
    }
}

impl AppWindow for DiskDialog {
    fn kind(&self) -> &'static str {
        "disk"
    }

    window_any!();

    fn on_enter(&mut self) -> bool {
        self.enter = true;
        true
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        let i18n = view.i18n;
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return false;
        };
        let title = self.action.label(i18n);
        let id = egui::Id::unique(("disk-dialog", self.kind_id()));
        let mut open = true;
        let mut decided = None;
        let first = std::mem::take(&mut self.first);
        let writable = view.can_write_to(Some(self.pool));
        let show_hidden = view.settings.view.show_hidden;
        crate::ui::dialog_window::modal(egui::Window::new(&title), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_max_width(520.0);
                body(ui, i18n, cache, &mut self.kind, first, show_hidden);
                ui.add_space(6.0);
                xe_panel(ui, i18n, &self.plan(cache).xe);
                let invalid = self.invalid(cache);
                // Of a fixed height: a problem appearing moves no button.
                let footer = egui::vec2(520.0, 40.0);
                crate::ui::dialog_window::fixed_area(ui, "disk_footer", footer, |ui| {
                    if let Some(err) = invalid {
                        ui.colored_label(ui.visuals().error_fg_color, i18n.get(err));
                    }
                    if !writable {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            view.read_only_text(Some(self.pool)),
                        );
                    }
                });
                ui.separator();
                ui.horizontal(|ui| {
                    let ok = writable && invalid.is_none();
                    if ui.add_enabled(ok, egui::Button::new(&title)).clicked() {
                        decided = Some(true);
                    }
                    if ui.button(i18n.get("cancel")).clicked() {
                        decided = Some(false);
                    }
                });
            });
        if std::mem::take(&mut self.enter)
            && writable
            && self.invalid(cache).is_none()
            && decided.is_none()
        {
            decided = Some(true);
        }
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            decided.get_or_insert(false);
        }
        match decided {
            Some(true) => {
                out.push(Command::RunOwnedPlan {
                    pool: self.pool,
                    action: self.action,
                    owner: self.owner.clone(),
                    name: None,
                    plan: self.plan(cache),
                });
                false
            }
            Some(false) => false,
            None => open,
        }
    }
}

impl DiskDialog {
    fn kind_id(&self) -> &'static str {
        match self.kind {
            Kind::New { .. } => "new",
            Kind::Attach { .. } => "attach",
            Kind::Resize { .. } => "resize",
            Kind::Properties { .. } => "properties",
            Kind::Move { .. } => "move",
            Kind::SrProperties { .. } => "sr-properties",
        }
    }
}

/// The dialog's fields.
fn body(
    ui: &mut egui::Ui,
    i18n: &I18n,
    cache: &Cache,
    kind: &mut Kind,
    first: bool,
    show_hidden: bool,
) {
    let vm_name = |r: &Ref<Vm>| {
        cache
            .vms
            .get(r)
            .map(|v| names::vm_name(i18n, v))
            .unwrap_or_default()
    };
    match kind {
        Kind::New {
            vm,
            sr,
            name,
            description,
            size,
        } => {
            if let Some(vm) = vm {
                ui.label(i18n.get_args("dlg-disk-new-for", &[("vm", &vm_name(vm))]));
            }
            egui::Grid::new("disk-new-grid")
                .num_columns(2)
                .show(ui, |ui| {
                    text_field(ui, &i18n.get("dlg-name"), name, first);
                    ui.end_row();
                    text_field(ui, &i18n.get("dlg-description"), description, false);
                    ui.end_row();
                    text_field(ui, &i18n.get("dlg-disk-size"), size, false);
                    ui.end_row();
                });
            let shown = sr
                .as_ref()
                .map(|r| sr_label(i18n, cache, r))
                .unwrap_or_default();
            egui::ComboBox::from_label(i18n.get("dlg-disk-sr"))
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for r in disk_srs(cache, show_hidden) {
                        let label = sr_label(i18n, cache, &r);
                        ui.selectable_value(sr, Some(r), label);
                    }
                });
        }
        Kind::Attach { vm, vdi, read_only } => {
            ui.label(i18n.get_args("dlg-disk-attach-to", &[("vm", &vm_name(vm))]));
            let list = disk_plans::attachable(cache, vm);
            if list.is_empty() {
                ui.weak(i18n.get("dlg-disk-attach-none"));
            }
            egui::ScrollArea::vertical()
                .max_height(220.0)
                .show(ui, |ui| {
                    for r in list {
                        let label = disk_label(i18n, cache, &r);
                        ui.radio_value(vdi, Some(r), label);
                    }
                });
            ui.checkbox(read_only, i18n.get("dlg-disk-read-only"));
        }
        Kind::Resize { vdi, size } => {
            let d = cache.vdis.get(vdi);
            ui.label(i18n.get_args(
                "dlg-disk-resize-of",
                &[
                    (
                        "disk",
                        &d.map(|d| names::visible(&d.name_label)).unwrap_or_default(),
                    ),
                    (
                        "size",
                        &d.map(|d| format_bytes(d.virtual_size)).unwrap_or_default(),
                    ),
                ],
            ));
            egui::Grid::new("disk-resize-grid")
                .num_columns(2)
                .show(ui, |ui| {
                    text_field(ui, &i18n.get("dlg-disk-size"), size, first);
                    ui.end_row();
                });
            ui.weak(i18n.get("dlg-disk-resize-note"));
        }
        Kind::Move { vdi, sr } => {
            ui.label(i18n.get_args(
                "dlg-disk-move-of",
                &[("disk", &disk_label(i18n, cache, vdi))],
            ));
            let list = disk_move::targets(cache, vdi, disk_srs(cache, show_hidden));
            if list.is_empty() {
                ui.weak(i18n.get("dlg-disk-move-none"));
            }
            for r in list {
                let label = sr_label(i18n, cache, &r);
                ui.radio_value(sr, Some(r), label);
            }
            let how = if disk_move::live(cache, vdi) {
                "dlg-disk-move-live"
            } else {
                "dlg-disk-move-copy"
            };
            ui.weak(i18n.get(how));
        }
        Kind::SrProperties {
            name,
            description,
            tags,
            new_tag,
            ..
        } => {
            let in_use = crate::model::tags::all_tags(cache);
            egui::Grid::new("sr-props-grid")
                .num_columns(2)
                .show(ui, |ui| {
                    text_field(ui, &i18n.get("dlg-name"), name, first);
                    ui.end_row();
                    text_field(ui, &i18n.get("dlg-description"), description, false);
                    ui.end_row();
                    crate::ui::tags_edit::grid_row(ui, i18n, tags, new_tag, &in_use);
                });
        }
        Kind::Properties {
            vdi,
            name,
            description,
            drive,
        } => {
            egui::Grid::new("disk-props-grid")
                .num_columns(2)
                .show(ui, |ui| {
                    text_field(ui, &i18n.get("dlg-name"), name, first);
                    ui.end_row();
                    text_field(ui, &i18n.get("dlg-description"), description, false);
                    ui.end_row();
                });
            if cache.vdis.get(vdi).is_some_and(|d| d.read_only) {
                ui.weak(i18n.get("dlg-disk-is-read-only"));
            }
            if let Some(d) = drive {
                super::disk_drive::fields(ui, i18n, cache, vm_name, d);
            }
        }
    }
}
