//! The VM Properties dialog: XenCenter's property pages (General, CPU, Memory, Boot, Home
//! server, Start-up options, High availability, Advanced) over one [`Props`] the pages edit,
//! checked as xapi checks ([`Props::problems`]) and applied as one plan
//! ([`crate::model::vm_props::plan`]): only the fields changed, in xapi's order, live where a
//! running VM takes them, else shut down, applied and started again once the user chooses
//! that button. Each step is listed with its progress; a field another client changed since
//! the dialog opened stops the apply before anything is sent.

mod ha_check;
mod pages;
mod progress;
mod words;
use words::{fields, problem_text, step_label};

use super::command::Command;
use super::edit_form::{FormKeys, xe_panel};
use super::pools::PoolList;
use super::windows::{AppView, AppWindow};
use crate::i18n::I18n;
use crate::model::names;
use crate::model::tree::Node;
use crate::model::vm_plans::Plan;
use crate::model::vm_props::{self, Change, Props, PropsPlan, VmFacts};
use crate::services::background::{Poll, Task};
use eframe::egui;
use i18n_embed_fl::fl;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use xenapi::{Cache, Ref, Vm};

/// The height of the page area (the pages scroll within it).
const PAGE_HEIGHT: f32 = 340.0;

/// The height kept for the footer's lines that come and go (problems, the shutdown warning,
/// the `xe` preview, the steps of an apply): they scroll within it, so the dialog keeps its
/// size and its buttons stay where they are.
const FOOTER_HEIGHT: f32 = 160.0;

/// The dialog's pages, in XenCenter's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    General,
    Cpu,
    Memory,
    Boot,
    Home,
    Startup,
    Ha,
    CustomFields,
    Advanced,
}

impl Page {
    pub const ALL: [Page; 9] = [
        Page::General,
        Page::Cpu,
        Page::Memory,
        Page::Boot,
        Page::Home,
        Page::Startup,
        Page::Ha,
        Page::CustomFields,
        Page::Advanced,
    ];

    /// The pages of the fields several VMs share.
    pub const SHARED: [Page; 4] = [Page::General, Page::Home, Page::Startup, Page::Ha];

    fn label_id(self) -> &'static str {
        match self {
            Page::General => "vmp-page-general",
            Page::Cpu => "vmp-page-cpu",
            Page::Memory => "vmp-page-memory",
            Page::Boot => "vmp-page-boot",
            Page::Home => "vmp-page-home",
            Page::Startup => "vmp-page-startup",
            Page::Ha => "vmp-page-ha",
            Page::CustomFields => "vmp-page-custom-fields",
            Page::Advanced => "vmp-page-advanced",
        }
    }
}

/// What the apply did.
enum RunState {
    Idle,
    Running {
        steps: Vec<String>,
        /// The plan being run, shown while it runs (the plan of the VM as it is now would
        /// change under it as the VM shuts down).
        sent: PropsPlan,
        done: Arc<AtomicUsize>,
        /// The plan shuts the VM down and starts it again.
        restart: bool,
        task: Task<Result<(), (usize, xenapi::Error)>>,
    },
    Done(Vec<String>),
    Failed {
        steps: Vec<String>,
        at: usize,
        error: xenapi::Error,
        /// The plan had shut the VM down, and started it again after the failure.
        restarted: bool,
    },
    /// Fields another client changed meanwhile: nothing was sent.
    Conflict(Vec<Change>),
    /// No session that may write.
    ReadOnly,
    /// The worker ended without an answer.
    Vanished,
}

/// One VM the dialog edits: its ref, its name, and its props when the dialog opened (or
/// were last applied): the base of its plan and of the conflict check.
struct Target {
    vm: Ref<Vm>,
    name: String,
    opened: Props,
}

/// The Properties window of one VM, or of several (their shared fields only).
pub struct VmPropsWindow {
    pub pool: u64,
    /// The first VM (the pages' figures are its own).
    pub vm: Ref<Vm>,
    targets: Vec<Target>,
    /// What the pages started from: the first VM's props (with the tags all share).
    was: Props,
    /// What the pages hold now.
    pub now: Props,
    pub page: Page,
    /// The pages' own inputs (a tag or a key being typed).
    pub(super) inputs: pages::Inputs,
    run: RunState,
    keys: FormKeys,
    /// The HA page's plan check.
    ha_check: ha_check::HaCheck,
}

/// The dialog for `vms` (those in the first one's pool), from that pool's cache.
pub fn open(pools: &PoolList, i18n: &I18n, vms: &[Ref<Vm>]) -> Option<VmPropsWindow> {
    let first = vms.first()?;
    let i = pools.index_of_node(&Node::Vm(first.clone()))?;
    let cache = &pools[i].cache;
    let targets: Vec<Target> = vms
        .iter()
        .filter_map(|vm| {
            let v = cache.vms.get(vm)?;
            Some(Target {
                vm: vm.clone(),
                name: names::vm_name(i18n, v),
                opened: Props::of(v),
            })
        })
        .collect();
    let mut props = targets.first()?.opened.clone();
    let all: Vec<Props> = targets.iter().map(|t| t.opened.clone()).collect();
    props.tags = vm_props::common_tags(&all);
    Some(VmPropsWindow {
        pool: pools[i].id,
        vm: first.clone(),
        targets,
        inputs: pages::Inputs::new(&props),
        was: props.clone(),
        now: props,
        page: Page::General,
        run: RunState::Idle,
        keys: FormKeys::default(),
        ha_check: ha_check::HaCheck::default(),
    })
}

impl VmPropsWindow {
    /// Several VMs: only the fields they share are shown and sent.
    pub fn is_multi(&self) -> bool {
        self.targets.len() > 1
    }

    /// What target `t` should hold after the dialog's changes.
    fn wanted(&self, t: &Target) -> Props {
        if self.is_multi() {
            vm_props::onto(&self.was, &self.now, &t.opened)
        } else {
            self.now.clone()
        }
    }

    /// The one plan: each VM's changes (from what it held when the dialog opened), one VM
    /// after the other, as the cache has them now. Steps are labelled with the VM's name
    /// when there are several.
    fn plan(&self, cache: &Cache) -> Option<(PropsPlan, Vec<String>)> {
        let mut out = PropsPlan::default();
        let mut labels = Vec::new();
        for t in &self.targets {
            let v = cache.vms.get(&t.vm)?;
            let facts = VmFacts::of(cache, v);
            let p = vm_props::plan(cache, &t.vm, &facts, &t.opened, &self.wanted(t));
            for c in p.changes {
                if !out.changes.contains(&c) {
                    out.changes.push(c);
                }
            }
            for c in p.need_halt {
                if !out.need_halt.contains(&c) {
                    out.need_halt.push(c);
                }
            }
            out.restart |= p.restart;
            out.blocked |= p.blocked;
            for s in &p.plan.steps {
                let label = step_label(&s.method, &s.args);
                labels.push(if self.is_multi() {
                    format!("{}: {label}", t.name)
                } else {
                    label
                });
            }
            out.plan.steps.extend(p.plan.steps);
            out.plan.xe.extend(p.plan.xe);
        }
        Some((out, labels))
    }

    fn busy(&self) -> bool {
        matches!(self.run, RunState::Running { .. })
    }

    fn poll(&mut self) {
        let RunState::Running {
            task,
            steps,
            restart,
            ..
        } = &mut self.run
        else {
            return;
        };
        let restart = *restart;
        let steps = std::mem::take(steps);
        self.run = match task.poll() {
            Poll::Pending => {
                if let RunState::Running { steps: s, .. } = &mut self.run {
                    *s = steps;
                }
                return;
            }
            Poll::Ready(Ok(())) => {
                // Later edits start from what was applied (a second Apply is no conflict).
                let wanted: Vec<Props> = self.targets.iter().map(|t| self.wanted(t)).collect();
                for (t, w) in self.targets.iter_mut().zip(wanted) {
                    t.opened = w;
                }
                self.was = self.now.clone();
                RunState::Done(steps)
            }
            Poll::Ready(Err((at, error))) => RunState::Failed {
                restarted: restart && at > 0 && at + 1 < steps.len(),
                steps,
                at,
                error,
            },
            Poll::Vanished => RunState::Vanished,
        };
    }

    /// Apply: refused when another client changed a field the user changed; otherwise the
    /// plan, each step in turn, in the background.
    fn apply(&mut self, view: &AppView, sent: PropsPlan, steps: Vec<String>) {
        let (plan, restart) = (sent.plan.clone(), sent.restart);
        let Some(cache) = view.pools.cache_of(Some(self.pool)) else {
            return;
        };
        let mut clash: Vec<Change> = Vec::new();
        for t in &self.targets {
            if let Some(v) = cache.vms.get(&t.vm) {
                for c in vm_props::conflicts(&t.opened, &self.wanted(t), &Props::of(v)) {
                    if !clash.contains(&c) {
                        clash.push(c);
                    }
                }
            }
        }
        if !clash.is_empty() {
            self.run = RunState::Conflict(clash);
            return;
        }
        let (Some(worker), Some(session)) = (&view.worker, view.pools.session_of(Some(self.pool)))
        else {
            self.run = RunState::ReadOnly;
            return;
        };
        if !view.can_write_to(Some(self.pool)) {
            self.run = RunState::ReadOnly;
            return;
        }
        let done = Arc::new(AtomicUsize::new(0));
        let counter = done.clone();
        let task = worker.spawn(async move {
            let one = |step| Plan {
                steps: vec![step],
                ..Plan::default()
            };
            let mut steps = plan.steps;
            // A plan that shut the VM down starts it again even when a change fails.
            let start_again = if restart { steps.pop() } else { None };
            // One step at a time, so the list shows where the plan is.
            let mut failed = None;
            for (i, step) in steps.into_iter().enumerate() {
                if let Err(e) =
                    crate::services::edits::run_plan(&session, &one(step), |_, _| {}).await
                {
                    failed = Some((i, e));
                    break;
                }
                counter.store(i + 1, Ordering::Relaxed);
            }
            let shut_down = failed.as_ref().is_none_or(|(i, _)| *i > 0);
            if let Some(start) = start_again.filter(|_| shut_down) {
                let at = counter.load(Ordering::Relaxed);
                let started =
                    crate::services::edits::run_plan(&session, &one(start), |_, _| {}).await;
                match (failed, started) {
                    (None, Ok(_)) => counter.store(at + 1, Ordering::Relaxed),
                    (None, Err(e)) => return Err((at, e)),
                    (Some(f), _) => return Err(f),
                }
                return Ok(());
            }
            failed.map_or(Ok(()), Err)
        });
        self.run = RunState::Running {
            steps,
            sent,
            done,
            restart,
            task,
        };
    }

    /// Reload: the pages afresh from the cache.
    fn reload(&mut self, cache: &Cache) {
        for t in &mut self.targets {
            if let Some(v) = cache.vms.get(&t.vm) {
                t.opened = Props::of(v);
            }
        }
        let all: Vec<Props> = self.targets.iter().map(|t| t.opened.clone()).collect();
        if let Some(first) = all.first() {
            self.was = first.clone();
            self.was.tags = vm_props::common_tags(&all);
            self.now = self.was.clone();
            self.inputs = pages::Inputs::new(&self.now);
            self.run = RunState::Idle;
        }
    }

    /// The footer: problems, what needs a shutdown, the `xe` lines, the buttons.
    fn footer(&mut self, ui: &mut egui::Ui, view: &AppView, writable: bool, enter: bool) {
        let i18n = view.i18n;
        let l = &i18n.loader;
        let problems = self.now.problems(&self.was);
        let planned = match &self.run {
            RunState::Running { sent, steps, .. } => Some((sent.clone(), steps.clone())),
            _ => view
                .pools
                .cache_of(Some(self.pool))
                .and_then(|c| self.plan(c)),
        };
        let Some((plan, labels)) = planned else {
            return;
        };
        let size = egui::vec2(ui.available_width(), FOOTER_HEIGHT);
        ui.allocate_ui_with_layout(size, egui::Layout::top_down(egui::Align::Min), |ui| {
            ui.set_min_size(size);
            egui::ScrollArea::vertical()
                .id_salt("vmp_footer")
                .max_height(FOOTER_HEIGHT)
                .auto_shrink([false, true])
                .show(ui, |ui| {
                    for p in &problems {
                        ui.colored_label(ui.visuals().error_fg_color, problem_text(i18n, p));
                    }
                    let need = fields(i18n, &plan.need_halt);
                    if plan.blocked {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            i18n.get_args("vmp-blocked", &[("fields", &need)]),
                        );
                    } else if plan.restart {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            i18n.get_args("vmp-restart-plan", &[("fields", &need)]),
                        );
                    }
                    if problems.is_empty() {
                        xe_panel(ui, i18n, &plan.plan.xe);
                    }
                    self.progress(ui, view);
                    if !writable {
                        ui.colored_label(
                            ui.visuals().warn_fg_color,
                            view.read_only_text(Some(self.pool)),
                        );
                    }
                });
        });
        ui.separator();
        let ready = writable
            && !self.busy()
            && problems.is_empty()
            && self.inputs.bad_field.is_none()
            && !plan.blocked
            && !plan.is_empty();
        let mut send = false;
        ui.horizontal(|ui| {
            let label = if plan.restart {
                i18n.get("vmp-apply-restart")
            } else {
                fl!(l, "form-apply")
            };
            if ui.add_enabled(ready, egui::Button::new(label)).clicked() {
                send = true;
            }
            if ui
                .add_enabled(!self.busy(), egui::Button::new(fl!(l, "form-reload")))
                .clicked()
                && let Some(c) = view.pools.cache_of(Some(self.pool))
            {
                self.reload(c);
            }
            if plan.is_empty() {
                ui.weak(fl!(l, "form-no-changes"));
            } else if !problems.is_empty() {
                ui.colored_label(ui.visuals().error_fg_color, fl!(l, "form-invalid"));
            }
        });
        // Enter applies only what needs no shutdown: that takes the button.
        if (send || (enter && !plan.restart)) && ready {
            self.apply(view, plan, labels);
        }
    }
}

impl AppWindow for VmPropsWindow {
    fn kind(&self) -> &'static str {
        "vm-properties"
    }

    fn on_escape(&mut self) -> bool {
        self.keys.on_escape()
    }

    fn on_enter(&mut self) -> bool {
        self.keys.on_enter()
    }

    fn show(&mut self, ctx: &egui::Context, view: &AppView, out: &mut Vec<Command>) -> bool {
        self.poll();
        if self.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
        let i18n = view.i18n;
        let writable = view.can_write_to(Some(self.pool));
        let enabled = writable && !self.busy();
        let enter = self.keys.take_enter();
        let mut open = true;
        let mut discard = false;
        let id = egui::Id::unique("vm-properties");
        let title = match self.targets.as_slice() {
            [one] => {
                // The name as it is now: a rename here or elsewhere changes the title.
                let name = view
                    .pools
                    .cache_of(Some(self.pool))
                    .and_then(|c| c.vms.get(&one.vm))
                    .map_or_else(|| one.name.clone(), |v| names::vm_name(i18n, v));
                i18n.get_args("vmp-title", &[("name", &name)])
            }
            many => i18n.get_counted("vmp-title-many", many.len(), &[]),
        };
        let window = egui::Window::new(title)
            .id(id)
            .open(&mut open)
            .resizable(true)
            .collapsible(false)
            .default_width(720.0);
        let cache = view.pools.cache_of(Some(self.pool));
        crate::ui::dialog_window::modal(window, ctx, id).show(ctx, |ui| {
            let Some(cache) = cache else {
                return;
            };
            // A fixed height: the separator between the page list and the page would
            // otherwise take all the height there is.
            let size = egui::vec2(ui.available_width().max(680.0), PAGE_HEIGHT);
            ui.allocate_ui_with_layout(size, egui::Layout::left_to_right(egui::Align::Min), |ui| {
                ui.set_min_height(PAGE_HEIGHT);
                ui.vertical(|ui| {
                    ui.set_width(160.0);
                    for p in Page::ALL {
                        if self.is_multi() && !Page::SHARED.contains(&p) {
                            continue;
                        }
                        let text = i18n.get(p.label_id());
                        if ui.selectable_label(self.page == p, text).clicked() {
                            self.page = p;
                        }
                    }
                });
                ui.separator();
                ui.vertical(|ui| {
                    ui.set_min_width(500.0);
                    egui::ScrollArea::vertical()
                        .max_height(PAGE_HEIGHT)
                        .show(ui, |ui| {
                            let before = self.now.clone();
                            ui.add_enabled_ui(enabled, |ui| {
                                pages::draw(self, ui, view, cache, out);
                            });
                            // A new edit: the last apply's outcome no longer describes it.
                            if self.now != before && !self.busy() {
                                self.run = RunState::Idle;
                            }
                        });
                });
            });
            ui.separator();
            if self.keys.asking {
                discard = self.keys.question(ui, i18n);
                return;
            }
            self.footer(ui, view, writable, enter);
        });
        if discard {
            return false;
        }
        let dirty = self.now != self.was && !self.busy();
        self.keys.keep_open(ctx, open, dirty)
    }

    super::windows::window_any!();
}
