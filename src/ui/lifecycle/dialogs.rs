//! The dialogs of the VM actions: Take snapshot (name, description, disk only or with
//! memory), Copy VM (name, description, fast clone or full copy to an SR), Delete VM (which
//! disks go with it). (Revert and Delete snapshot only ask: the confirmation window.) Each shows the
//! action's `xe` equivalent, as the edit forms do; Enter confirms (when valid), Escape
//! closes. The plan is built from the cache when the user confirms, and run by the app.

use crate::model::names;
use crate::model::vm_plans::{self, Plan};
use crate::ui::actions::Action;
use crate::ui::command::Command;
use crate::ui::edit_form::xe_panel;
use crate::ui::windows::{AppView, AppWindow, window_any};
use eframe::egui::{self, Role, WidgetInfo};
use xenapi::records::PowerState;
use xenapi::{Cache, Ref, Sr, Vdi, Vm};

/// A labelled one-line text field (the label names it for screen readers and tests).
pub fn text_field(
    ui: &mut egui::Ui,
    label: &str,
    value: &mut String,
    focus: bool,
) -> egui::Response {
    ui.label(label);
    let resp = ui.add(egui::TextEdit::singleline(value).desired_width(280.0));
    resp.widget_info(|| WidgetInfo::labeled(Role::TextInput, true, label));
    if focus {
        resp.request_focus();
    }
    resp
}

/// What the dialog asks for.
#[derive(Debug, Clone)]
pub enum Kind {
    Snapshot {
        vm: Ref<Vm>,
        name: String,
        description: String,
        memory: bool,
    },
    Copy {
        vm: Ref<Vm>,
        name: String,
        description: String,
        /// `None`: fast clone; an SR: full copy there.
        sr: Option<Ref<Sr>>,
    },
    Delete {
        vms: Vec<Ref<Vm>>,
        /// Each disk, whether it goes too.
        disks: Vec<(Ref<Vdi>, bool)>,
    },
}

pub struct ActionDialog {
    pub pool: u64,
    pub kind: Kind,
    first: bool,
    enter: bool,
}

impl ActionDialog {
    pub fn new(pool: u64, kind: Kind) -> Self {
        ActionDialog {
            pool,
            kind,
            first: true,
            enter: false,
        }
    }

    /// The plans (one per VM) the dialog would run now, and what it does.
    pub fn plans(&self, cache: &Cache) -> (Action, Vec<(Ref<Vm>, Plan)>) {
        match &self.kind {
            Kind::Snapshot {
                vm,
                name,
                description,
                memory,
            } => (
                Action::Snapshot,
                vec![(
                    vm.clone(),
                    vm_plans::snapshot(cache, vm, name.trim(), description.trim(), *memory),
                )],
            ),
            Kind::Copy {
                vm,
                name,
                description,
                sr,
            } => (
                Action::Copy,
                vec![(
                    vm.clone(),
                    vm_plans::copy(cache, vm, name.trim(), description.trim(), sr.as_ref()),
                )],
            ),
            Kind::Delete { vms, disks } => {
                let plans = vms
                    .iter()
                    .map(|vm| {
                        let mine = vm_plans::disks(cache, vm);
                        let chosen: Vec<Ref<Vdi>> = disks
                            .iter()
                            .filter(|(d, on)| *on && mine.contains(d))
                            .map(|(d, _)| d.clone())
                            .collect();
                        (vm.clone(), vm_plans::destroy(cache, vm, &chosen))
                    })
                    .collect();
                (Action::Delete, plans)
            }
        }
    }

    /// Why the dialog cannot confirm yet, as a Fluent id.
    fn invalid(&self) -> Option<&'static str> {
        match &self.kind {
            Kind::Snapshot { name, .. } | Kind::Copy { name, .. } if name.trim().is_empty() => {
                Some("dlg-err-name")
            }
            _ => None,
        }
    }

    fn action(&self) -> Action {
        match &self.kind {
            Kind::Snapshot { .. } => Action::Snapshot,
            Kind::Copy { .. } => Action::Copy,
            Kind::Delete { .. } => Action::Delete,
        }
    }
}

/// The dialog for `kind` on `vms` of pool `pool`, filled from the cache.
pub fn open(
    view_cache: &Cache,
    i18n: &crate::i18n::I18n,
    pool: u64,
    action: Action,
    vms: &[Ref<Vm>],
) -> Option<ActionDialog> {
    use Action as A;
    let first = vms.first()?;
    let v = view_cache.vms.get(first)?;
    let name = names::vm_name(i18n, v);
    let kind = match action {
        A::Snapshot => Kind::Snapshot {
            vm: first.clone(),
            name: i18n.get_args("dlg-snapshot-default-name", &[("name", &name)]),
            description: String::new(),
            memory: false,
        },
        A::Copy => Kind::Copy {
            vm: first.clone(),
            name: i18n.get_args("dlg-copy-default-name", &[("name", &name)]),
            description: String::new(),
            sr: None,
        },
        A::Delete => {
            // As XenCenter's ConfirmVMDeleteDialog: a disk the VM owns (its drive's
            // `other_config:owner`, which provisioning sets) and no other VM uses is ticked;
            // others are offered unticked; shared ones (another VM's drive) stay.
            let mut disks = Vec::new();
            for vm in vms {
                for d in vm_plans::disks(view_cache, vm) {
                    let drives: Vec<&xenapi::Vbd> = view_cache
                        .vdis
                        .get(&d)
                        .map(|x| {
                            x.vbds
                                .iter()
                                .filter_map(|b| view_cache.vbds.get(b))
                                .collect()
                        })
                        .unwrap_or_default();
                    let others = drives.iter().any(|b| !vms.contains(&b.vm));
                    let owned = drives
                        .iter()
                        .any(|b| b.vm == *vm && b.other_config.contains_key("owner"));
                    if !disks.iter().any(|(x, _)| *x == d) {
                        disks.push((d, !others && owned));
                    }
                }
            }
            Kind::Delete {
                vms: vms.to_vec(),
                disks,
            }
        }
        _ => return None,
    };
    Some(ActionDialog::new(pool, kind))
}

impl AppWindow for ActionDialog {
    fn kind(&self) -> &'static str {
        "vm-action"
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
        let title = self.action().label(i18n);
        let id = egui::Id::unique("vm-action-dialog");
        let mut open = true;
        let mut decided = None;
        let first = std::mem::take(&mut self.first);
        let writable = view.can_write_to(Some(self.pool));
        crate::ui::dialog_window::modal(egui::Window::new(&title), ctx, id)
            .id(id)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, |ui| {
                ui.set_max_width(520.0);
                body(
                    ui,
                    i18n,
                    cache,
                    &mut self.kind,
                    first,
                    view.settings.view.show_hidden,
                );
                ui.add_space(6.0);
                let (_, plans) = self.plans(cache);
                let xe: Vec<String> = plans.iter().flat_map(|(_, p)| p.xe.clone()).collect();
                xe_panel(ui, i18n, &xe);
                if let Some(err) = self.invalid() {
                    ui.colored_label(ui.visuals().error_fg_color, i18n.get(err));
                }
                if !writable {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        view.read_only_text(Some(self.pool)),
                    );
                }
                ui.separator();
                ui.horizontal(|ui| {
                    let ok = writable && self.invalid().is_none();
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
            && self.invalid().is_none()
            && decided.is_none()
        {
            decided = Some(true);
        }
        if ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            decided.get_or_insert(false);
        }
        match decided {
            Some(true) => {
                let (action, jobs) = self.plans(cache);
                out.push(Command::RunPlans {
                    pool: self.pool,
                    action,
                    jobs,
                });
                false
            }
            Some(false) => false,
            None => open,
        }
    }
}

/// The dialog's fields.
fn body(
    ui: &mut egui::Ui,
    i18n: &crate::i18n::I18n,
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
        Kind::Snapshot {
            vm,
            name,
            description,
            memory,
        } => {
            ui.label(i18n.get_args("dlg-snapshot-of", &[("name", &vm_name(vm))]));
            egui::Grid::new("dlg-snapshot")
                .num_columns(2)
                .show(ui, |ui| {
                    text_field(ui, &i18n.get("dlg-name"), name, first);
                    ui.end_row();
                    text_field(ui, &i18n.get("dlg-description"), description, false);
                    ui.end_row();
                });
            let running = cache
                .vms
                .get(vm)
                .is_some_and(|v| v.power_state == PowerState::Running);
            let can_checkpoint = vm_plans::allowed(cache, vm, "checkpoint").is_ok() && running;
            ui.radio_value(memory, false, i18n.get("dlg-snapshot-disk"));
            ui.add_enabled_ui(can_checkpoint, |ui| {
                ui.radio_value(memory, true, i18n.get("dlg-snapshot-memory"))
            })
            .response
            .on_disabled_hover_text(i18n.get("dlg-snapshot-memory-why"));
            if !can_checkpoint {
                *memory = false;
            }
        }
        Kind::Copy {
            vm,
            name,
            description,
            sr,
        } => {
            ui.label(i18n.get_args("dlg-copy-of", &[("name", &vm_name(vm))]));
            egui::Grid::new("dlg-copy").num_columns(2).show(ui, |ui| {
                text_field(ui, &i18n.get("dlg-name"), name, first);
                ui.end_row();
                text_field(ui, &i18n.get("dlg-description"), description, false);
                ui.end_row();
            });
            let mut full = sr.is_some();
            ui.radio_value(&mut full, false, i18n.get("dlg-copy-fast"));
            ui.radio_value(&mut full, true, i18n.get("dlg-copy-full"));
            // Only SRs the tree shows, that hold disks and have room for this VM's, each
            // with its free space; the pool's default SR first, and picked first.
            let srs: Vec<(Ref<Sr>, String)> = vm_plans::copy_targets(cache, vm, show_hidden)
                .into_iter()
                .filter_map(|t| {
                    let s = cache.srs.get(&t.sr)?;
                    let free = crate::model::details::format_bytes(t.free);
                    let label = i18n.get_args(
                        "dlg-copy-sr-free",
                        &[("sr", &names::sr_name(i18n, cache, s)), ("free", &free)],
                    );
                    Some((t.sr, label))
                })
                .collect();
            if full && sr.as_ref().is_none_or(|r| !srs.iter().any(|(x, _)| x == r)) {
                *sr = srs.first().map(|(r, _)| r.clone());
            }
            if !full {
                *sr = None;
            }
            ui.add_enabled_ui(full, |ui| {
                let shown = sr
                    .as_ref()
                    .and_then(|r| srs.iter().find(|(x, _)| x == r))
                    .map(|(_, n)| n.clone())
                    .unwrap_or_default();
                egui::ComboBox::from_label(i18n.get("dlg-copy-sr"))
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        for (r, n) in &srs {
                            ui.selectable_value(sr, Some(r.clone()), n);
                        }
                    });
            });
        }
        Kind::Delete { vms, disks } => {
            let names: Vec<String> = vms.iter().map(vm_name).collect();
            ui.label(i18n.get_args(
                "dlg-delete-question",
                &[
                    ("count", &vms.len().to_string()),
                    ("names", &names.join(", ")),
                ],
            ));
            ui.add_space(4.0);
            if disks.is_empty() {
                ui.weak(i18n.get("dlg-delete-no-disks"));
            } else {
                ui.strong(i18n.get("dlg-delete-disks"));
                for (d, on) in disks.iter_mut() {
                    let label = cache
                        .vdis
                        .get(d)
                        .map(|v| {
                            let sr = cache
                                .srs
                                .get(&v.sr)
                                .map(|s| names::sr_name(i18n, cache, s))
                                .unwrap_or_default();
                            format!(
                                "{} · {} · {sr}",
                                names::visible(&v.name_label),
                                crate::model::details::format_bytes(v.virtual_size)
                            )
                        })
                        .unwrap_or_default();
                    ui.checkbox(on, label);
                }
            }
            ui.colored_label(ui.visuals().warn_fg_color, i18n.get("dlg-delete-warning"));
        }
    }
}
